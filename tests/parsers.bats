#!/usr/bin/env bats
# What forkcheck reads from outside: manifests (--external), expectations
# files (--expect), numbers of the command line and environment.  Each
# bad input is refused with one line naming file:line, exit 2, and
# nothing of it runs.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	M="$BATS_TEST_TMPDIR/m.list"
	E="$BATS_TEST_TMPDIR/e.txt"
	cp "$top_srcdir/tests/external/exit.sh" "$BATS_TEST_TMPDIR/exit.sh"
}

# refused FILE:LINE MESSAGE-PART COMMAND...: exit 2, one line on stderr.
refused() {
	local where=$1 what=$2
	shift 2
	run -2 --separate-stderr "$@"
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr%%:*}" "forkcheck"
	[[ "$stderr" == *"$where: "*"$what"* ]] ||
		fail "want '$where: ...$what...', got: $stderr"
	assert_output ''
}

@test "a long comment is one comment: its tail is never a case" {
	{ printf '# '; head -c 4094 /dev/zero | tr '\0' a
	  printf 'x.smuggled | 5 | s | sh -c id\n'; } >"$M"
	run -0 --separate-stderr fc --external "$M" --list
	refute_output --partial 'x.smuggled'
	run -2 --separate-stderr fc --external "$M" --list 'x.*'
	# Over 4096 bytes at any offset, for any buffer size.
	for n in 4000 4095 8190 70000; do
		{ printf '# '; head -c "$n" /dev/zero | tr '\0' a
		  printf 'x.smuggled | 5 | s | sh -c id\n'
		  printf 'x.real | 5 | real | sh ./exit.sh 0 ok\n'; } >"$M"
		run -0 --separate-stderr fc --external "$M" --list 'x.*'
		assert_output --regexp '^x\.real +real$'
	done
}

@test "a long case line is read whole" {
	long=$(head -c 10000 /dev/zero | tr '\0' b)
	printf 'x.long | 5 | %s | sh ./exit.sh 77 %s\nx.after | 5 | s | true\n' \
	    "spec-$long" "end-$long" >"$M"
	run -0 --separate-stderr fc --no-expect --external "$M" \
	    'x.long'
	assert_line --regexp '^ok 1 - x\.long # SKIP b{100}'
	run -0 fc --external "$M" --list 'x.*'
	assert_line --index 0 "x.long                           spec-$long"
	assert_line --index 1 --regexp '^x\.after +s$'
}

@test "ids follow the catalogue's grammar; # and blanks are refused" {
	for bad in 'x.a#TODO' 'X.a' 'x.a b' 'x' '.a' 'x.' 'x.a/b/c' 'x-y.a' \
	    'x.a/' 'x.é' 'x.a.b'; do
		printf '# c\n%s | 5 | s | true\n' "$bad" >"$M"
		refused m.list:2 'is not an id' fc --external "$M" --list
	done
	printf 'x.a-b_c/D_e-1 | 5 | s | true\n' >"$M"
	run -0 fc --external "$M" --list 'x.*'
	assert_output --regexp '^x\.a-b_c/D_e-1 '
}

@test "every built-in id fits the grammar, and none may be reused" {
	run -0 fc --list --no-external
	ids=$(printf '%s\n' "$output" | awk '{ print $1 }')
	[ "$(printf '%s\n' "$ids" | wc -l)" -gt 100 ]
	# Each built-in row (and part) under a new area, each area with a
	# new row: all of them are ids.
	{ printf '%s\n' "$ids" | sed 's/^[^.]*\./ext./; s/$/ | 5 | s | true/'
	  printf '%s\n' "$ids" | sed 's/\..*//' | sort -u |
	      sed 's/$/.new-row | 5 | s | true/'; } >"$M"
	run -0 --separate-stderr fc --external "$M" --list
	[ "$(printf '%s\n' "$output" | grep -c '^ext\.')" -eq \
	    "$(printf '%s\n' "$ids" | wc -l)" ]
	for id in pid.ret-values 'thr._Fork/threaded' \
	    "$(printf '%s\n' "$ids" | tail -1)"; do
		printf 'x.ok | 5 | s | true\n%s | 5 | s | true\n' "$id" >"$M"
		refused m.list:2 "'$id' is a built-in case's id" \
		    fc --external "$M" --list
	done
	printf 'x.dup | 5 | s | true\n' >"$M"
	refused m.list:1 "'x.dup' is an external case's id already" \
	    fc --external "$M" --external "$M" --list
}

@test "timeouts: NaN, infinity, negative and huge are refused" {
	for bad in nan NaN inf -1 1e300 3601 0x10 5s; do
		printf 'x.t | %s | s | true\n' "$bad" >"$M"
		refused m.list:1 "is not a timeout in seconds (0 to 3600)" \
		    fc --external "$M" --list
	done
	printf 'x.t | 3600 | s | true\nx.u | 0.5 | s | true\n' >"$M"
	run -0 fc --external "$M" --list 'x.*'
	for bad in 1e300 1001 nan inf; do
		run -2 --separate-stderr fc --timeout-multiplier "$bad" --list
		assert_equal "${#stderr_lines[@]}" 1
		run -2 --separate-stderr env FORKCHECK_TIMEOUT_MULTIPLIER="$bad" \
		    "$FORKCHECK" --list
		assert_equal "${#stderr_lines[@]}" 1
		[[ "$stderr" == *FORKCHECK_TIMEOUT_MULTIPLIER* ]] || fail "$stderr"
	done
	run -2 --separate-stderr fc --budget 1e300 --list
	# (with --list it would have no effect: a usage error of its own)
	run -0 fc --timeout-multiplier 1000 pid.ppid
}

@test "commands: quotes and backslashes as in sh, no word limit" {
	cat >"$M" <<-'EOF'
	x.quoted | 5 | s | sh -c 'echo "$0 $1"; exit 77' "a  b" c\ d
	x.many | 5 | s | sh ./exit.sh 77 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39 w40
	x.literal | 5 | s | sh ./exit.sh 77 '$HOME' "\$HOME \" \\" #no-comment a|b
	EOF
	run -0 fc --no-expect --external "$M" 'x.*'
	assert_line 'ok 1 - x.quoted # SKIP a  b c d'
	assert_line "ok 2 - x.many # SKIP $(echo w{1..40})"
	# (TAP escapes the backslash and the #)
	assert_line 'ok 3 - x.literal # SKIP $HOME $HOME " \\ \#no-comment a|b'
	printf 'x.ok | 5 | s | true\nx.q | 5 | s | sh -c '"'"'echo a\n' >"$M"
	refused m.list:2 "unterminated '" fc --external "$M" --list
	printf 'x.q | 5 | s | sh -c "echo a\n' >"$M"
	refused m.list:1 'unterminated "' fc --external "$M" --list
	printf 'x.q | 5 | s | sh \\\n' >"$M"
	refused m.list:1 'a backslash ends the command' fc --external "$M" --list
}

@test "manifests with NUL bytes, control characters or bad UTF-8 are refused" {
	printf 'x.a | 5 | s | true\nx.b | 5 | s | tr\0ue\n' >"$M"
	refused m.list:2 'a NUL byte at column 17' fc --external "$M" --list
	printf 'x.a | 5 | \033[31mred | true\n' >"$M"
	refused m.list:1 'not UTF-8 text' fc --external "$M" --list
	printf '# \377\376\n' >"$M"
	refused m.list:1 'not UTF-8 text' fc --external "$M" --list
}

@test "--expect: binary junk, NUL bytes, bad patterns and duplicates are refused" {
	printf 'pid.ret-values\tfine\npid.unique\tre\0ason\n' >"$E"
	refused e.txt:2 'a NUL byte' fc --expect "$E" --list
	printf 'pid.ret-values\tfine\n\001\002\003 junk\n' >"$E"
	refused e.txt:2 'not UTF-8 text' fc --expect "$E" --list
	printf 'pid.ret-values\tr\351sum\351\n' >"$E"
	refused e.txt:1 'not UTF-8 text' fc --expect "$E" --list
	printf 'pid.ret-values one\n# c\npid.ret-values two\n' >"$E"
	refused e.txt:3 "'pid.ret-values' is listed twice (first at $E:1)" \
	    fc --expect "$E" --list
	printf 'pid.ret-values#TODO why\n' >"$E"
	refused e.txt:1 'is not a case id or a glob of ids' fc --expect "$E" --list
	printf 'pid.ret-values\tr\303\251sum\303\251\r\npid.[a-u]*\tglob\n' >"$E"
	run -0 --separate-stderr fc --expect "$E" --list 'pid.ret-values'
}

@test "nothing allocated leaks, on errors too (valgrind)" {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[ -z "$TEST_EMULATOR" ] || skip "under an emulator"
	file "$FORKCHECK" 2>/dev/null | grep -q ELF || skip "not a native ELF"
	! grep -q __asan_init "$FORKCHECK" ||
		skip "an ASan build: LeakSanitizer checks every run (exit 2 stays 2)"
	vg() {
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		    --error-exitcode=42 "$FORKCHECK" "$@"
	}
	printf 'x.a | 5 | s | true\nx.b | 5 | s | sh -c "x\n' >"$M"
	run -2 --separate-stderr vg --external "$M" --list
	printf 'x.a | 5 | s | sh ./exit.sh 0\n' >"$M"
	run -0 --separate-stderr vg --external "$M" --list
	run -2 --separate-stderr vg --external "$M" no-such-case
	printf 'x.a dup\nx.a dup\n' >"$E"
	run -2 --separate-stderr vg --external "$M" --expect "$E" --list
	run -2 --separate-stderr vg --timeout-multiplier 1e300
}
