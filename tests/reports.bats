#!/usr/bin/env bats
# The reports of --report-dir, and --compare: every file written, valid,
# escaped, consistent with the TAP; comparison exit statuses.

bats_require_minimum_version 1.5.0

setup_file() {
	R="$BATS_FILE_TMPDIR/r"
	export R
	exp="$BATS_FILE_TMPDIR/expect"
	printf 'fixture.fail\tthe fixture always fails\n' >"$exp"
	${TEST_EMULATOR:+$TEST_EMULATOR} "${FIXTURES:-./tests/forkcheck-fixtures}" \
	    -j2 --expect "$exp" --report-dir "$R" fixture.empty fixture.fail \
	    fixture.skip fixture.broken fixture.note fixture.yaml-bytes \
	    fixture.hang fixture.setsid-grandchild fixture.qoi-fail \
	    >"$BATS_FILE_TMPDIR/stdout" || true
}

setup() {
	load helpers
}

@test "--report-dir writes all five reports" {
	for f in results.tap junit.xml results.json index.html summary.md; do
		[ -s "$R/$f" ] || fail "$f missing or empty"
	done
}

@test "results.tap is the TAP that was printed" {
	run cmp "$R/results.tap" "$BATS_FILE_TMPDIR/stdout"
	assert_success
}

@test "results.json parses and matches the run" {
	if command -v python3 >/dev/null; then
		run python3 - "$R/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "forkcheck-results/1"
for k in ("system", "release", "machine", "libc", "libc_version", "compiler",
          "configure", "uid", "euid", "containment", "timeout_multiplier"):
    assert k in d["platform"], k
c = {x["id"]: x for x in d["cases"]}
assert len(d["cases"]) == 9
assert c["fixture.fail"]["verdict"] == "fail"
assert c["fixture.fail"]["expected_failure"] == "the fixture always fails"
assert c["fixture.fail"]["at"].startswith("tests/fixtures.c:")
assert c["fixture.broken"]["verdict"] == "broken"
assert c["fixture.hang"]["timeout"] is True
assert c["fixture.skip"]["message"] == "feature absent here"
assert c["fixture.note"]["notes"] == "observed: 42\nsecond observation\n"
assert c["fixture.yaml-bytes"]["stderr"] == "\x00nul\x00"
assert "\u00ff" in c["fixture.yaml-bytes"]["stdout"]
assert c["fixture.qoi-fail"]["verdict"] == "pass"
assert d["counts"] == {"pass": 3, "fail": 1, "skip": 1, "broken": 3,
                       "expected_failure": 1, "unexpected_pass": 0}, d["counts"]
print("ok")
PY
		assert_output ok
	fi
	# forkcheck's own reader must take it too.
	run -0 fc --compare "$R/results.json" "$R/results.json"
	assert_line '0 new failures, 0 fixed, 0 newly skipped, 0 no longer skipped, 0 other differences'
}

@test "junit.xml is well-formed XML of the shape CI systems read" {
	if command -v xmllint >/dev/null; then
		run -0 xmllint --noout "$R/junit.xml"
	elif command -v python3 >/dev/null; then
		run -0 python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$R/junit.xml"
	else
		skip "neither xmllint nor python3 to check XML"
	fi
	run -0 cat "$R/junit.xml"
	assert_line --index 1 --regexp '^<testsuites name="forkcheck" tests="9" failures="1" errors="3" skipped="2" time="'
	assert_output --partial '<testsuite name="fixture" tests="9"'
	assert_output --regexp '<testcase classname="fixture" name="fixture.fail" file="cases/fixture.c" time="[0-9.]+">'
	assert_output --partial '<skipped type="expected-failure" message="known deviation: the fixture always fails; expected 1, seen 2"/>'
	assert_output --partial '<error type="broken" message="open fixture file: No such file or directory">'
	assert_output --partial '<skipped message="feature absent here"/>'
	assert_output --partial '<failure type="fail" message="message with # SKIP and'
	assert_output --partial 'back\slash'
	refute_output --partial $'\x01'
}

@test "index.html is one self-contained page, failures first" {
	run -0 cat "$R/index.html"
	assert_line --index 0 '<!DOCTYPE html>'
	assert_output --partial '<h2>Failures and deviations</h2>'
	assert_output --partial '<h2 id="area-fixture">fixture</h2>'
	assert_output --partial 'known deviation:</em> the fixture always fails'
	assert_output --partial 'timeout after 1 s'
	refute_output --regexp '<script|https?://|@import|<link'
	[ "$(grep -n 'Failures and deviations' "$R/index.html" | cut -d: -f1)" -lt \
	  "$(grep -n 'id="area-fixture"' "$R/index.html" | cut -d: -f1)" ]
}

@test "summary.md has the counts, the table and the failures" {
	run -0 cat "$R/summary.md"
	assert_line --index 0 '## forkcheck 0.1.0: 3 passed, 1 failed, 1 skipped, 3 broken, 1 expected failures, 0 unexpected passes'
	assert_line '| fixture | 3 | 1 | 1 | 3 | 1 | 0 |'
	assert_line --regexp '^- \*\*fixture\.fail\*\* \(expected failure\): expected 1, seen 2 \(known deviation: the fixture always fails\)'
	assert_line --regexp '^- \*\*fixture\.hang\*\* \(broken\): timeout after 1 s'
}

@test "--compare: new failures exit 1, fixes exit 0" {
	a="$BATS_TEST_TMPDIR/a" b="$BATS_TEST_TMPDIR/b"
	fixtures --report-dir "$a" fixture.empty fixture.skip >/dev/null
	fixtures --report-dir "$b" fixture.empty fixture.fail >/dev/null || true
	run -1 fc --compare "$a/results.json" "$b/results.json"
	assert_line --regexp '^new failure +fixture.fail: absent -> fail: expected 1, seen 2$'
	assert_line --regexp '^only in A +fixture.skip: skip -> absent$'
	run -0 fc --compare "$b/results.json" "$a/results.json"
	assert_line --regexp '^only in A +fixture.fail: fail -> absent$'
}

@test "--compare: bad input is exit 2 with one line" {
	usage_error() {
		run -2 --separate-stderr "$@"
		[ "${#stderr_lines[@]}" -eq 1 ] || fail "stderr: $stderr"
	}
	usage_error fc --compare "$R/results.json"
	usage_error fc --compare "$R/results.json" /nonexistent.json
	usage_error fc --compare "$R/results.tap" "$R/results.json"
	usage_error fc -l --compare a b
}

@test "an interrupted run still writes its reports" {
	fifo="$BATS_TEST_TMPDIR/fifo" d="$BATS_TEST_TMPDIR/i"
	mkfifo "$fifo"
	set -m
	FC_FIXTURE_FIFO="$fifo" ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" \
	    --report-dir "$d" fixture.empty fixture.signal-me >/dev/null 2>&1 &
	pid=$!
	set +m
	read -r _ _ <"$fifo"
	kill -INT "$pid"
	wait "$pid" || true
	run -0 grep -c '"interrupted": true' "$d/results.json"
	run -0 cat "$d/summary.md"
	assert_line --index 0 --partial '(interrupted)'
}

@test "--compare reads any well-formed results.json, rejects the rest" {
	j="$BATS_TEST_TMPDIR"
	printf '%s' '{ "schema": "forkcheck-results/1", "x": [1, 2.5e3, true, false, null, {"a": []}, []],
	  "platform": { "system": "Sys\u00e9\u4e2d", "machine": "m", "uid": 0, "extra": {"k": "v"} },
	  "cases": [ { "id": "a.b", "verdict": "pass", "expected_failure": null, "message": "q\"\\\n\t\r\b\f\/",
	               "notes": "", "at": null },
	             { "id": "a.c", "verdict": "fail", "expected_failure": "known", "message": "m" } ] }' >"$j/a.json"
	printf '%s' '{ "cases": [ { "id": "a.b", "verdict": "skip", "message": "why" },
	  { "id": "a.c", "verdict": "pass", "expected_failure": "known" } ], "platform": {} }' >"$j/b.json"
	printf '%s' '{ "cases": [] }' >"$j/empty.json"
	run -0 fc --compare "$j/a.json" "$j/b.json"
	assert_line --partial 'Sysé中 m'
	assert_line --regexp '^newly skipped +a\.b: pass -> skip: why$'
	assert_line --regexp '^changed +a\.c: fail \(known deviation\) -> pass \(expected to fail\)$'
	run -0 fc --compare "$j/b.json" "$j/a.json"
	assert_line --regexp '^no longer skipped +a\.b: skip -> pass$'
	run -0 fc --compare "$j/b.json" "$j/empty.json"
	assert_line --regexp '^only in A +a\.b: skip -> absent$'
	for bad in '' '{' '{"cases": [ {"id": "x"} ]}' '{"cases": [ {"verdict": "pass"} ]}' \
	    '{"cases": "no"}' '{"cases": [ {"id": "x", "verdict": "pass"} }' \
	    '{"a" 1}' '{"a": "unterminated' '{"a": "\u12"}' '[1,' '{"cases": [1]}'; do
		printf '%s' "$bad" >"$j/bad.json"
		run -2 --separate-stderr fc --compare "$j/bad.json" "$j/a.json"
		assert_equal "${#stderr_lines[@]}" 1
	done
}

@test "--profile measures within its budget and writes its tables" {
	d="$BATS_TEST_TMPDIR/p"
	run -0 --separate-stderr fc --profile --budget 4 --report-dir "$d"
	assert_line --regexp '^\| fork \+ _exit \+ waitpid \| [0-9.]+ \['
	assert_line --regexp '^Took [0-9.]+ s of a 4 s budget\.$'
	took=$(sed -n 's/^Took \([0-9.]*\) s of.*/\1/p' "$d/profile.md")
	awk -v t="$took" 'BEGIN { exit !(t <= 6) }' || fail "took $took s"
	[ -s "$d/profile.json" ] || fail "no profile.json"
	if command -v python3 >/dev/null; then
		run -0 python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["schema"] == "forkcheck-profile/1"; assert d["creation"]["fork + _exit + waitpid"]["median_us"] > 0' "$d/profile.json"
	fi
	run -0 cat "$d/profile.md"
	assert_output --partial '## Not measured'
	run -2 --separate-stderr fc --profile --budget 0
}
