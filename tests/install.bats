#!/usr/bin/env bats
# An installed forkcheck: it finds its data beside the executable (an
# install with prefix= at install time, or DESTDIR, or moved), or refuses
# with one line; the manual page is clean; bash completion completes
# options and case ids.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	B=$(cd "$(dirname "$FORKCHECK")" && pwd)
	S=${top_srcdir:-$B}
}

@test "installed with DESTDIR and prefix=, run from elsewhere: finds its data" {
	command -v make >/dev/null || skip "no make"
	d="$BATS_TEST_TMPDIR/dest"
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -C "$B" install DESTDIR="$d" prefix=/opt/fc
	assert_success
	[ -x "$d/opt/fc/bin/forkcheck" ] || fail "no $d/opt/fc/bin/forkcheck"
	[ -f "$d/opt/fc/share/forkcheck/cases/external.list" ] ||
	    fail "no external.list installed"
	[ -f "$d/opt/fc/share/man/man1/forkcheck.1" ] || fail "no man page"
	[ -f "$d/opt/fc/share/bash-completion/completions/forkcheck" ] ||
	    fail "no bash completion"
	run find "$d" -name __pycache__
	assert_output ""
	cd /
	n_built=$(fc --list | wc -l)
	run -0 --separate-stderr ${TEST_EMULATOR:+$TEST_EMULATOR} \
	    "$d/opt/fc/bin/forkcheck" --list
	assert_equal "${#lines[@]}" "$n_built"
	run -0 --separate-stderr ${TEST_EMULATOR:+$TEST_EMULATOR} \
	    "$d/opt/fc/bin/forkcheck" 'pid.unique'
	assert_line --regexp "^# expectations: $d/opt/fc/share/forkcheck/expect/"
}

@test "no data to be found: one line, exit 2, no run" {
	mkdir "$BATS_TEST_TMPDIR/empty"
	FORKCHECK_DATADIR="$BATS_TEST_TMPDIR/empty" \
	    run -2 --separate-stderr fc 'pid.unique'
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "${stderr_lines[0]}" "forkcheck: cannot find the suite's data (cases/external.list, expect/): looked in $BATS_TEST_TMPDIR/empty/cases; set FORKCHECK_DATADIR, or run with --no-expect and --no-external"
	FORKCHECK_DATADIR="$BATS_TEST_TMPDIR/empty" \
	    run -0 fc --no-expect --no-external 'pid.unique'
	assert_line 'ok 1 - pid.unique'
}

@test "the manual page is clean" {
	if command -v mandoc >/dev/null; then
		run -0 mandoc -T lint -W warning "$S/doc/forkcheck.1"
		assert_output ""
	elif command -v groff >/dev/null; then
		run -0 groff -ww -z -mandoc "$S/doc/forkcheck.1"
		assert_output ""
	else
		skip "neither mandoc nor groff is installed"
	fi
	# Every option of --help is in the manual page.
	for o in $(fc --help | grep -oE -- '(^|[ ,[])--[a-z][a-z-]*' | tr -d ' ,[' | sort -u); do
		grep -q -- "Fl ${o#-}" "$S/doc/forkcheck.1" ||
		    fail "$o is not in doc/forkcheck.1"
	done
}

@test "bash completion: options, case ids and areas" {
	run -0 bash -c '
		. "$1"
		fc() { COMP_WORDS=("$2" "$3"); COMP_CWORD=1; _forkcheck
		    printf "%s\n" "${COMPREPLY[@]}"; }
		fc x "$2" --timeout-m
		fc x "$2" pid.ret-v
		fc x "$2" wai' _ "$S/doc/forkcheck.bash" "$FORKCHECK"
	assert_line --index 0 '--timeout-multiplier'
	assert_line --index 1 'pid.ret-values'
	assert_line 'wait'
}
