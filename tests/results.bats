#!/usr/bin/env bats
# results.json read back and reports written safely (issue 13, defects
# 4, 5, 6, 12 and 13): --compare refuses what is not a results file with
# one line, survives hostile nesting, scales, and escapes what it prints;
# reports never follow a planted link and are complete or absent.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	T="$BATS_TEST_TMPDIR"
	# A minimal valid results file, and one with a case planted to fail.
	good='{"schema": "forkcheck-results/1", "cases": [
	    {"id": "a.b", "verdict": "pass"}, {"id": "a.c", "verdict": "skip"}]}'
	printf '%s\n' "$good" >"$T/good.json"
}

teardown() {
	if [ -n "${MNT:-}" ]; then
		umount "$MNT" 2>/dev/null || true
		rmdir "$MNT" 2>/dev/null || true
	fi
}

# refused FILE WHAT: --compare of a good file with FILE (both ways) exits
# 2 with exactly one line, naming FILE and WHAT.
refused() {
	local f=$1 what=$2
	run -2 --separate-stderr fc --compare "$T/good.json" "$f"
	assert_output ""
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "not one line: $stderr"
	[[ "$stderr" == *"$f: not a forkcheck results file: "*"$what"* ]] ||
	    fail "does not name $f and \"$what\": $stderr"
	run -2 --separate-stderr fc --compare "$f" "$T/good.json"
	[ "${#stderr_lines[@]}" -eq 1 ] || fail "not one line: $stderr"
}

@test "--compare: deep nesting is refused in one line, not a stack overflow" {
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "" }' \
	    >"$T/deep.json"
	refused "$T/deep.json" "nested deeper than 64 levels"
	awk 'BEGIN { for (i = 0; i < 50000; i++) printf "{\"a\":"; print "" }' \
	    >"$T/deep-obj.json"
	refused "$T/deep-obj.json" "nested deeper than 64 levels"
}

@test "--compare: files that are not results are exit 2 with one line" {
	printf '{}' >"$T/empty-object.json"
	refused "$T/empty-object.json" 'no "schema"'
	printf '%s x' "$good" >"$T/trailing.json"
	refused "$T/trailing.json" "more after the JSON value"
	printf '%s{}' "$good" >"$T/two.json"
	refused "$T/two.json" "more after the JSON value"
	printf '{"schema": "forkcheck-results/1", "cases": [{"id": "a.b", "verdict": "maybe"}]}' \
	    >"$T/verdict.json"
	refused "$T/verdict.json" 'verdict "maybe" is not pass, fail, skip or broken'
	printf '{"schema": "forkcheck-results/1", "cases": [{"id": "a.b", "verdict": "pass", "verdict": "fail"}]}' \
	    >"$T/dupkey.json"
	refused "$T/dupkey.json" 'member "verdict" appears twice'
	printf '{"schema": "forkcheck-results/1", "cases": [], "cases": []}' >"$T/dupcases.json"
	refused "$T/dupcases.json" 'member "cases" appears twice'
	printf '{"schema": "forkcheck-results/1"}' >"$T/nocases.json"
	refused "$T/nocases.json" 'no "cases"'
	printf '{"schema": "forkcheck-results/1", "cases": {}}' >"$T/casesobj.json"
	refused "$T/casesobj.json" '"cases" is an object, not an array'
	printf '{"schema": "forkcheck-results/1", "cases": [{"verdict": "pass"}]}' >"$T/noid.json"
	refused "$T/noid.json" 'cases[0] no "id"'
	printf '{"schema": "forkcheck-results/1", "cases": [{"id": "a.b"}]}' >"$T/noverdict.json"
	refused "$T/noverdict.json" 'no "verdict"'
	printf '{"schema": "forkcheck-results/1", "cases": [{"id": "a.b", "verdict": "pass"}, {"id": "a.b", "verdict": "fail"}]}' \
	    >"$T/dupid.json"
	refused "$T/dupid.json" 'case "a.b" appears twice'
	printf '{"schema": "forkcheck-results/2", "cases": []}' >"$T/schema.json"
	refused "$T/schema.json" 'schema "forkcheck-results/2" is not one this forkcheck reads'
	printf '{"schema": "forkcheck-results/1", "cases": [{"id": "a.b", "verdict": "pass", "message": "\\q"}]}' \
	    >"$T/escape.json"
	refused "$T/escape.json" "an escape JSON does not have"
	printf '{"schema": "forkcheck-results/1", "cases": [{"id": "a.b", "verdict": "pass", "message": "\xff"}]}' \
	    >"$T/utf8.json"
	refused "$T/utf8.json" "a string that is not UTF-8"
}

@test "--compare: a reference against {} is never '0 new failures'" {
	fixtures --report-dir "$T/ref" fixture.empty fixture.skip >/dev/null
	printf '{}' >"$T/nothing.json"
	run -2 --separate-stderr fc --compare "$T/ref/results.json" "$T/nothing.json"
	refute_output --partial "0 new failures"
	assert_equal "${#stderr_lines[@]}" 1
}

@test "--compare: --repeat runs of one case are not duplicates, and pair up" {
	fixtures --repeat 3 --report-dir "$T/a" fixture.empty fixture.skip >/dev/null
	run -0 fc --compare "$T/a/results.json" "$T/a/results.json"
	assert_line --regexp '^A: .* \(6 cases\), '
	assert_line '0 new failures, 0 fixed, 0 newly skipped, 0 no longer skipped, 0 other differences'
	command -v jq >/dev/null || skip "jq is not installed"
	jq '(.cases[] | select(.id == "fixture.empty" and .run == 2)) |= (.verdict = "fail" | .message = "run two")' \
	    "$T/a/results.json" >"$T/b.json"
	run -1 fc --compare "$T/a/results.json" "$T/b.json"
	assert_line --regexp '^new failure +fixture\.empty \[run 2\]: pass -> fail: run two$'
	assert_line '1 new failures, 0 fixed, 0 newly skipped, 0 no longer skipped, 0 other differences'
	jq '.cases[1].run = 1' "$T/a/results.json" >"$T/c.json"
	refused "$T/c.json" 'run 1 appears twice'
}

@test "--compare matches 200 000 cases in seconds, not minutes" {
	gen() {
		awk -v planted="$1" 'BEGIN {
			printf "{\"schema\": \"forkcheck-results/1\", \"cases\": [\n"
			for (i = 0; i < 200000; i++) {
				v = (i == planted) ? "fail" : "pass"
				# ids in an order that is not sorted
				printf "%s{\"id\": \"area%d.case-%d\", \"verdict\": \"%s\", \"message\": \"m%d\"}\n", \
				    i ? "," : "", (i * 7919) % 97, i, v, i
			}
			print "]}"
		}'
	}
	gen -1 >"$T/a.json"
	gen 123456 >"$T/b.json"
	limit=30
	[ -z "${TEST_EMULATOR:-}" ] || limit=300
	start=$(date +%s)
	run -1 timeout "$limit" "${TEST_EMULATOR:-env}" "$FORKCHECK" --compare "$T/a.json" "$T/b.json"
	took=$(( $(date +%s) - start ))
	assert_equal "${#lines[@]}" 4
	assert_line --index 2 --regexp '^new failure +area[0-9]+\.case-123456: pass -> fail: m123456$'
	assert_line --index 3 '1 new failures, 0 fixed, 0 newly skipped, 0 no longer skipped, 0 other differences'
	echo "# 200 000 cases compared in $took s" >&3
}

@test "--compare escapes control bytes before printing them" {
	printf '{"schema": "forkcheck-results/1", "platform": {"system": "Sys\\u001b[2J"}, "cases": [
	    {"id": "a.\\u001b[31mred", "verdict": "fail", "message": "bell\\u0007 osc\\u001b]0;pwned\\u0007 csi\\u009b1m nl\\n bidi\\u202e end"},
	    {"id": "a.b", "verdict": "pass"}]}' >"$T/hostile.json"
	run -1 fc --compare "$T/good.json" "$T/hostile.json"
	# No byte of C0 (but the newlines between lines), DEL or C1 comes out.
	LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" <<<"$output" &&
	    fail "raw control bytes in the output: $(od -c <<<"$output" | head)"
	LC_ALL=C grep -q "$(printf '\302[\200-\237]')" <<<"$output" &&
	    fail "raw C1 controls in the output"
	LC_ALL=C grep -q "$(printf '\342\200\256')" <<<"$output" &&
	    fail "a raw bidi override in the output"
	assert_line --regexp '^B: .* Sys\\x1b\[2J$'
	assert_line 'new failure       a.\x1b[31mred: absent -> fail: bell\x07 osc\x1b]0;pwned\x07 csi\xc2\x9b1m nl\n bidi\xe2\x80\xae end'
	# The same escapes for the file name in a refusal.
	printf '{}' >"$T/evil$(printf '\033')[1m.json"
	run -2 --separate-stderr fc --compare "$T/good.json" "$T/evil$(printf '\033')[1m.json"
	[[ "$stderr" == *'evil\x1b[1m.json: not a forkcheck results file'* ]] || fail "$stderr"
}

# A report directory whose names are links to elsewhere.
@test "reports replace a planted symlink, never write through it" {
	d="$T/r"
	mkdir "$d"
	echo precious >"$T/elsewhere"
	echo precious >"$T/elsewhere-tap"
	ln -s "$T/elsewhere" "$d/junit.xml"
	ln -s "$T/elsewhere-tap" "$d/results.tap"
	ln -s "$T/dangling" "$d/results.json"
	ln -s "$T/elsewhere" "$d/index.html"
	run -1 fixtures --report-dir "$d" fixture.empty fixture.fail
	assert_equal "$(cat "$T/elsewhere")" precious
	assert_equal "$(cat "$T/elsewhere-tap")" precious
	[ ! -e "$T/dangling" ] || fail "created the link's target"
	for f in junit.xml results.tap results.json index.html summary.md; do
		[ -f "$d/$f" ] && [ ! -L "$d/$f" ] || fail "$f is not a regular file"
		[ -s "$d/$f" ] || fail "$f is empty"
	done
	[ "$(stat -c %a "$d/results.json")" = "$(printf '%o' $(( 0666 & ~0$(umask) & 0644 )))" ] ||
	    fail "mode $(stat -c %a "$d/results.json")"
	run -0 fc --compare "$d/results.json" "$d/results.json"
	# Nothing but the reports is left in the directory.
	run ls -A "$d"
	assert_equal "${#lines[@]}" 5
}

@test "a report that cannot be written is named, and the others stay whole" {
	d="$T/r"
	mkdir -p "$d/junit.xml"		# a directory takes its name
	run -1 --separate-stderr fixtures --report-dir "$d" fixture.empty
	[[ "$stderr" == *"writing $d/junit.xml: Is a directory"* ]] || fail "$stderr"
	[ -d "$d/junit.xml" ] || fail "the directory went"
	run -0 fc --compare "$d/results.json" "$d/results.json"
	run ls -A "$d"
	assert_equal "${#lines[@]}" 5
}

@test "reports on a full disk are complete or absent, and the failure is named" {
	[ "$(id -u)" -eq 0 ] || skip "mounting a tmpfs needs root"
	[ -z "${TEST_EMULATOR:-}" ] || skip "not under an emulator"
	MNT=$(mktemp -d)
	mount -t tmpfs -o size=64k tmpfs "$MNT" 2>/dev/null || { rmdir "$MNT"; MNT=; skip "cannot mount a tmpfs here"; }
	mkdir "$MNT/r"
	echo stale >"$MNT/r/junit.xml"		# from an earlier run
	# 64 KiB of captured stdout (-v) makes every report but two too big.
	run -1 --separate-stderr fixtures -v --report-dir "$MNT/r" \
	    fixture.flood-stdout fixture.empty
	[[ "$stderr" == *"writing $MNT/r/junit.xml: No space left on device"* ]] ||
	    fail "junit.xml not named: $stderr"
	[[ "$stderr" == *"writing $MNT/r/results.json: No space left on device"* ]] ||
	    fail "results.json not named: $stderr"
	for f in "$MNT"/r/* "$MNT"/r/.*; do
		case ${f##*/} in
		.|..|'.*'|'*') continue ;;
		.*) fail "a temporary file is left: $f" ;;
		esac
		[ -s "$f" ] || fail "$f is empty"
	done
	[ ! -e "$MNT/r/junit.xml" ] || fail "junit.xml was written, or an old one kept"
	[ ! -e "$MNT/r/results.json" ] || fail "results.json was written"
	if [ -e "$MNT/r/results.tap" ]; then
		run grep -E '^# [0-9]+ passed' "$MNT/r/results.tap"
		assert_success
	fi
	run -0 grep -c '</html>' "$MNT/r/index.html"
	umount "$MNT" && rmdir "$MNT" && MNT=
}
