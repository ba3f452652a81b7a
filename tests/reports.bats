#!/usr/bin/env bats
# The reports of --report-dir, and --compare: every file written, valid,
# escaped, consistent with the TAP; comparison exit statuses.

bats_require_minimum_version 1.5.0

setup_file() {
	R="$BATS_FILE_TMPDIR/r"
	export R
	exp="$BATS_FILE_TMPDIR/expect"
	printf 'fixture.fail\tthe fixture always fails\n' >"$exp"
	# Hostile output too: control bytes, invalid UTF-8, NUL, ANSI escapes,
	# "]]>" and markup, 50 MiB on each stream (-v keeps passing output).
	${TEST_EMULATOR:+$TEST_EMULATOR} "${FIXTURES:-./tests/forkcheck-fixtures}" \
	    -j2 -v --expect "$exp" --report-dir "$R" fixture.empty fixture.fail \
	    fixture.skip fixture.broken fixture.note fixture.yaml-bytes \
	    fixture.hang fixture.setsid-grandchild fixture.qoi-fail \
	    fixture.flood-stdout fixture.flood-stderr \
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

@test "results.json parses and has every documented field" {
	command -v jq >/dev/null || skip "jq is not installed"
	j="$R/results.json"
	run -0 jq -r '.schema' "$j"
	assert_output 'forkcheck-results/1'
	for f in system release machine libc libc_version compiler configure \
	    uid euid containment emulator timeout_multiplier jobs repeat; do
		jq -e ".platform | has(\"$f\")" "$j" >/dev/null ||
		    fail "platform.$f missing"
	done
	for f in forkcheck started duration_ms interrupted counts cases; do
		jq -e "has(\"$f\")" "$j" >/dev/null || fail "$f missing"
	done
	for f in id area spec tier verdict expected_failure message at \
	    duration_ms status timeout notes stdout stderr; do
		jq -e "all(.cases[]; has(\"$f\"))" "$j" >/dev/null ||
		    fail "cases[].$f missing"
	done
	run -0 jq -c '.counts' "$j"
	assert_output '{"pass":5,"fail":1,"skip":1,"broken":3,"expected_failure":1,"unexpected_pass":0}'
	run -0 jq -r '.cases | length' "$j"
	assert_output 11
	run -0 jq -r '.cases[] | select(.id == "fixture.fail") | [.verdict, .expected_failure, (.at | startswith("tests/fixtures.c:"))] | @tsv' "$j"
	assert_output $'fail\tthe fixture always fails\ttrue'
	run -0 jq -r '.cases[] | select(.id == "fixture.hang") | .timeout' "$j"
	assert_output true
	run -0 jq -r '.cases[] | select(.id == "fixture.note") | .notes' "$j"
	assert_output $'observed: 42\nsecond observation'
	run -0 jq -r '.cases[] | select(.id == "fixture.qoi-fail") | .verdict' "$j"
	assert_output pass
	# NUL and bytes that are not UTF-8 come back as U+0000 and U+00XX.
	run -0 jq -r '.cases[] | select(.id == "fixture.yaml-bytes") | (.stderr == "\u0000nul\u0000"), (.stdout | contains("\u00ff"))' "$j"
	assert_output $'true\ntrue'
	run -0 jq -r '.cases[] | select(.id == "fixture.flood-stdout") | .stdout | length' "$j"
	[ "$output" -lt 70000 ] || fail "50 MiB not bounded in the JSON: $output"
	# forkcheck's own reader must take it too.
	run -0 fc --compare "$j" "$j"
	assert_line '0 new failures, 0 fixed, 0 newly skipped, 0 no longer skipped, 0 other differences'
}

@test "junit.xml is well-formed XML of the shape CI systems read" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	run -0 xmllint --noout "$R/junit.xml"
	run -0 xmllint --xpath 'count(//testcase)' "$R/junit.xml"
	assert_output 11
	run -0 cat "$R/junit.xml"
	assert_line --index 1 --regexp '^<testsuites name="forkcheck" tests="11" failures="1" errors="3" skipped="2" time="'
	assert_output --partial '<testsuite name="fixture" tests="11"'
	assert_output --regexp '<testcase classname="fixture" name="fixture.fail" file="cases/fixture.c" time="[0-9.]+">'
	assert_output --partial '<skipped type="expected-failure" message="known deviation: the fixture always fails; expected 1, seen 2"/>'
	assert_output --partial '<error type="broken" message="open fixture file: No such file or directory">'
	assert_output --partial '<skipped message="feature absent here"/>'
	assert_output --partial ']]&gt; &lt;/system-out&gt;'
	assert_output --partial 'back\slash'
	refute_output --partial $'\x01'
	refute_output --partial $'\x1b'
	[ "$(wc -c <"$R/junit.xml")" -lt 400000 ] || fail "50 MiB not bounded in JUnit"
}

@test "index.html is one self-contained page, failures first" {
	if command -v xmllint >/dev/null; then
		run -0 xmllint --noout "$R/index.html"
	fi
	run -0 cat "$R/index.html"
	assert_line --index 0 '<!DOCTYPE html>'
	assert_output --partial '<h2 id="failures">Failures and deviations</h2>'
	assert_output --partial '<tbody class="grp" id="area-fixture">'
	assert_output --partial 'known deviation:</em> the fixture always fails'
	assert_output --partial "timeout after $(slow 1) s"
	# Self-contained: its one script inline, nothing loaded from elsewhere.
	refute_output --regexp 'https?://|@import|src=|url\('
	refute_output --regexp '<link [^>]*href="[^d]'
	run -0 grep -c '<script' "$R/index.html"
	assert_output 1
	[ "$(grep -n 'Failures and deviations' "$R/index.html" | cut -d: -f1)" -lt \
	  "$(grep -n 'id="area-fixture"' "$R/index.html" | cut -d: -f1)" ]
}

# case_ids TAP: the ids of the cases of a TAP stream.
case_ids() {
	sed -n 's/^\(not \)\{0,1\}ok [0-9]* - \([^ ]*\).*/\2/p' "$1"
}

@test "index.html: a red verdict banner, failing rows marked, every case" {
	h="$R/index.html"
	run -0 grep -c '<p id="verdict" class="banner bad"><b>Failed.</b> Of 11 cases, 1 failed (the platform broke the rule it checks), 3 broke (the tests themselves could not run: setup errors or timeouts); ' "$h"
	assert_output 1
	grep -q '; 5 passed, 1 skipped (not applicable here), 1 expected failure (a known deviation)\.</p>' "$h"
	# The banner comes before everything else on the page.
	[ "$(grep -n 'id="verdict"' "$h" | cut -d: -f1)" -lt \
	  "$(grep -n '<table' "$h" | head -n 1 | cut -d: -f1)" ]
	run -0 grep -c '<tr class="bad" data-area="fixture"' "$h"
	assert_output 8	# 1 fail, 3 broken: in the failures and among all
	# Zero counts are neutral, not coloured as failures.
	grep -q '<span class="v zero">0 unexpected passes</span>' "$h"
	grep -q '<td class="n zero">0</td>' "$h"
	run -1 grep -q '<td class="n unexpected_pass">0' "$h"
	# Ids do not break at hyphens; the filters; the build is named.
	grep -q 'th.case code,td.id{white-space:nowrap}' "$h"
	grep -q '<tr data-area="fixture" data-tier="core" data-o=" pass ">' "$h"
	grep -q '<form id="filters" hidden="hidden"' "$h"
	grep -q '<option value="broken">broken</option>' "$h"
	grep -q '<th>built with</th><td><code>./configure' "$h"
	while read -r id; do
		grep -q "<code>$id</code>" "$h" || fail "$id not in index.html"
	done < <(case_ids "$R/results.tap")
}

@test "index.html: a green verdict banner when nothing failed or broke" {
	d="$BATS_TEST_TMPDIR/ok"
	run -0 fixtures --report-dir "$d" fixture.empty fixture.skip fixture.note
	run -0 grep -c '<p id="verdict" class="banner ok"><b>Passed.</b> No case failed or broke, so this platform kept every fork() rule tested here: 2 passed, 1 skipped (not applicable here).</p>' "$d/index.html"
	run -0 grep -c '<span class="v zero">0 failed</span>' "$d/index.html"
	run -1 grep -q 'class="bad"' "$d/index.html"
	if command -v xmllint >/dev/null; then
		run -0 xmllint --noout "$d/index.html"
	fi
}

@test "junit.xml names the host it ran on" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	run -0 xmllint --xpath 'string(//testsuite[1]/@hostname)' "$R/junit.xml"
	assert_output "$(uname -n)"
}

@test "headless Chromium renders index.html at 1400 and 480 px without console errors" {
	command -v chromium >/dev/null || skip "chromium is not installed"
	for w in 1400 480; do
		chromium_shot "$BATS_TEST_TMPDIR/r$w.png" "$w" \
		    "file://$R/index.html"
		chromium_dom "$BATS_TEST_TMPDIR/dom$w" "file://$R/index.html" \
		    --window-size="$w,1600"
		grep -q '<p id="verdict" class="banner bad">' "$BATS_TEST_TMPDIR/dom$w" ||
		    fail "no banner in the DOM at $w px"
		while read -r id; do
			grep -q "<code>$id</code>" "$BATS_TEST_TMPDIR/dom$w" ||
			    fail "$id not in the DOM at $w px"
		done < <(case_ids "$R/results.tap")
	done
}

@test "headless Chromium: the filters show the failures only" {
	command -v chromium >/dev/null || skip "chromium is not installed"
	chromium_dom "$BATS_TEST_TMPDIR/dom" "file://$R/index.html?verdict=broken"
	run -1 grep -c '<form id="filters" hidden' "$BATS_TEST_TMPDIR/dom"
	# 3 broken cases, each in the failures and among all cases.
	run grep -c '<tr [^>]*data-o=" broken ">' "$BATS_TEST_TMPDIR/dom"
	assert_output 6
	run grep -c '<tr [^>]*data-o=" pass " hidden=""' "$BATS_TEST_TMPDIR/dom"
	assert_output 5
}

@test "summary.md has the counts, the table and the failures" {
	run -0 cat "$R/summary.md"
	assert_line --index 0 '## forkcheck 0.1.0: 5 passed, 1 failed, 1 skipped, 3 broken, 1 expected failures, 0 unexpected passes'
	assert_line '| fixture | 5 | 1 | 1 | 3 | 1 | 0 |'
	assert_line --regexp '^- \*\*fixture\.fail\*\* \(expected failure\): expected 1, seen 2 \(known deviation: the fixture always fails\)'
	assert_line --regexp "^- \*\*fixture\.hang\*\* \(broken\): timeout after $(slow 1) s"
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

@test "--compare finds exactly the case planted to fail, and exits 1" {
	command -v jq >/dev/null || skip "jq is not installed"
	a="$BATS_TEST_TMPDIR/a" b="$BATS_TEST_TMPDIR/b.json"
	run fc -j2 --report-dir "$a"
	assert_success		# on failure, bats shows the run's TAP
	jq '(.cases[] | select(.id == "fd.same-ofd")) |= (.verdict = "fail" | .message = "planted")' \
	    "$a/results.json" >"$b"
	run -1 fc --compare "$a/results.json" "$b"
	assert_equal "${#lines[@]}" 4
	assert_line --index 2 --regexp '^new failure +fd\.same-ofd: pass -> fail: planted$'
	assert_line --index 3 '1 new failures, 0 fixed, 0 newly skipped, 0 no longer skipped, 0 other differences'
}

@test "an unwritable or missing report directory: one line, exit 2" {
	run -2 --separate-stderr fc --report-dir /proc/forkcheck-no/reports pid.ppid
	assert_output ""
	assert_equal "${#stderr_lines[@]}" 1
	[[ "$stderr" == "forkcheck: cannot make /proc/forkcheck-no/reports: "* ]] || fail "$stderr"
	if [ "$(id -u)" -ne 0 ]; then
		d="$BATS_TEST_TMPDIR/ro"
		mkdir "$d" && chmod 555 "$d"
		run -2 --separate-stderr fc --report-dir "$d" pid.ppid
		assert_equal "${#stderr_lines[@]}" 1
	fi
	run -2 --separate-stderr fc --report-dir '' pid.ppid
	assert_equal "${#stderr_lines[@]}" 1
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
	printf '%s' '{ "schema": "forkcheck-results/1", "cases": [ { "id": "a.b", "verdict": "skip", "message": "why" },
	  { "id": "a.c", "verdict": "pass", "expected_failure": "known" } ], "platform": {} }' >"$j/b.json"
	printf '%s' '{ "schema": "forkcheck-results/1", "cases": [] }' >"$j/empty.json"
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
	awk -v t="$took" -v m="${FORKCHECK_TIMEOUT_MULTIPLIER:-1}" 'BEGIN { exit !(t <= 4 + 2 * m) }' || fail "took $took s"
	[ -s "$d/profile.json" ] || fail "no profile.json"
	if command -v python3 >/dev/null; then
		run -0 python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["schema"] == "forkcheck-profile/1"; assert d["creation"]["fork + _exit + waitpid"]["median_us"] > 0' "$d/profile.json"
	fi
	run -0 cat "$d/profile.md"
	assert_output --partial '## Not measured'
	run -2 --separate-stderr fc --profile --budget 0
}

@test "--profile plot: plain text, unmeasured sizes left out, legend below" {
	command -v gnuplot >/dev/null || skip "gnuplot is not installed"
	d="$BATS_TEST_TMPDIR/p"
	run -0 --separate-stderr fc --profile --budget 2 --report-dir "$d"
	[ -s "$d/profile.svg" ] || fail "no profile.svg: $(cat "$d/profile.md")"
	# Not gnuplot's enhanced text: '_' and '^' are not sub/superscripts.
	grep -qx 'set termoption noenhanced' "$d/profile.gp"
	grep -q 'fork + _exit + waitpid' "$d/profile.svg"
	grep -q 'MAP_SHARED' "$d/profile.svg"
	run -1 grep -c '<tspan[^>]*\(font-size\|dy=\)' "$d/profile.svg"
	# Only what was measured: no 0.00 stand-ins, one row per measurement.
	run -1 grep -Ec '(^| )0\.00*( |$)' "$d/profile.dat"
	rows=$(grep -c . "$d/profile.dat")
	if command -v jq >/dev/null; then
		run -0 jq '.memory | length' "$d/profile.json"
		assert_output "$rows"
	fi
	while read -r mib kind; do
		[ "$kind" = "private 4 KiB:" ] || continue
		run -1 grep -Ec "^[0-9]+ $mib " <(awk 'NR == 1, /^$/' "$d/profile.dat")
	done < <(sed -n 's/^\([0-9]*\) MiB \(.*\) the time budget$/\1 \2/p' "$d/profile.md")
	# The legend outside, below the plot; axes with their units.
	grep -q '^set key outside below' "$d/profile.gp"
	grep -q "^set xlabel '.*(MiB" "$d/profile.gp"
	grep -q "^set ylabel 'time (microseconds" "$d/profile.gp"
}
