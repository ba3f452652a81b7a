#!/usr/bin/env bats
# forkcheck --matrix: three synthetic results files (hostile bytes in the
# messages, ids only in one run, a --repeat run, two forkcheck versions)
# side by side; matrix.html checked with xmllint and rendered by headless
# Chromium, matrix.md, matrix.json with jq; the platform label; the CI
# matrix job run locally (ci/matrix-local).

bats_require_minimum_version 1.5.0

# result ID VERDICT EXPECTED MESSAGE AT [RUN]: one case of results.json;
# EXPECTED and AT are JSON values, MESSAGE a JSON string body.
result() {
	printf '    { "id": "%s", "area": "%s", "spec": "XSH fork: %s",\n' \
	    "$1" "${1%%.*}" "$1"
	printf '      "tier": "%s", "verdict": "%s", "expected_failure": %s,\n' \
	    "${TIER:-core}" "$2" "$3"
	printf '      "message": "%s", "at": %s%s }' "$4" "$5" \
	    "${6:+, \"run\": $6}"
}

# results VERSION LABEL: the head of a results file, up to "cases": [.
results() {
	cat <<EOF
{
  "schema": "forkcheck-results/1",
  "forkcheck": "$1",
  "platform": {
    "label": $2,
    "system": "Linux", "release": "6.1.0", "machine": "x86_64",
    "libc": "glibc", "libc_version": "2.36", "compiler": "gcc 12",
    "configure": "", "uid": 0, "euid": 0,
    "containment": "subreaper", "emulator": null,
    "timeout_multiplier": 1, "jobs": 1, "repeat": 1
  },
  "cases": [
EOF
}

setup_file() {
	I="$BATS_FILE_TMPDIR/in"
	M="$BATS_FILE_TMPDIR/m"
	export I M
	mkdir -p "$I"
	# a: the reference, forkcheck 0.1.0; only.a is in no other run.
	{
		results 0.1.0 '"ref/x86_64"'
		result fd.a pass null '' null; echo ,
		result fd.b pass null '' null; echo ,
		TIER=opt result only.a pass null '' null; echo ,
		TIER=linux result sig.x pass null '' null
		printf '\n  ]\n}\n'
	} >"$I/a.json"
	# b: hostile message bytes: markup, quotes, '&', '|', newlines,
	# control bytes, ANSI escapes, bytes that were not UTF-8 (\u00ff as
	# forkcheck writes them); a label with markup; an older forkcheck.
	{
		results 0.0.9 '"<b>b</b> & \"q\""'
		result fd.a fail null \
		    '<script>alert(1)</script> a|b \"q\" & \u0001\u001b[31mred\nline2 \u00ff|' \
		    '"cases/fd.c:12"'; echo ,
		result fd.b pass null '' null; echo ,
		TIER=linux result sig.x skip null 'not Linux' '"cases/sig.c:9"'; echo ,
		result zz.b-only broken null 'timed out' null
		printf '\n  ]\n}\n'
	} >"$I/b.json"
	# c: a known deviation, a --repeat case that failed once, no label.
	{
		results 0.2.0 null
		result fd.a fail '"Linux keeps 8 bits"' 'offset differs' null; echo ,
		result fd.b pass null '' null 1; echo ,
		result fd.b fail null 'flaky' '"cases/fd.c:40"' 2; echo ,
		TIER=linux result sig.x pass null '' null
		printf '\n  ]\n}\n'
	} >"$I/c.json"
	${TEST_EMULATOR:+$TEST_EMULATOR} "${FORKCHECK:-./forkcheck}" --matrix \
	    --report-dir "$M" "$I/a.json" "$I/b.json" "$I/c.json=third" \
	    >"$BATS_FILE_TMPDIR/stdout" 2>"$BATS_FILE_TMPDIR/stderr"
	echo $? >"$BATS_FILE_TMPDIR/status"
}

setup() {
	load helpers
}

@test "--matrix writes matrix.html, matrix.md and matrix.json and exits 0" {
	run cat "$BATS_FILE_TMPDIR/status"
	assert_output 0
	for f in matrix.html matrix.md matrix.json; do
		[ -s "$M/$f" ] || fail "$f missing or empty"
	done
	run cat "$BATS_FILE_TMPDIR/stdout"
	assert_output --partial "3 platforms, 5 cases, 3 differ in behaviour, 2 in coverage only"
	[ ! -s "$BATS_FILE_TMPDIR/stderr" ] || fail "stderr: $(cat "$BATS_FILE_TMPDIR/stderr")"
}

@test "matrix.html is well-formed XHTML with every case and platform" {
	command -v xmllint >/dev/null || skip "xmllint is not installed"
	run -0 xmllint --noout "$M/matrix.html"
	assert_output ''
	h="$M/matrix.html"
	# One row per case in "All cases" (and the differing ones again).
	run -0 xmllint --xpath 'count((//table[@class="m"])[2]//tr[@data-area])' "$h"
	assert_output 5
	run -0 xmllint --xpath 'count((//table[@class="m"])[1]//tr[@data-area])' "$h"
	assert_output 5
	run -0 xmllint --xpath 'string(//tr[@id="d-zz.b-only"]/td[@class="c not_run"][1])' "$h"
	assert_output 'not run'
	run -0 xmllint --xpath 'count((//thead)[2]//th[@class="lbl"])' "$h"
	assert_output 3
	# The catalogue clause and the area groups.
	run -0 xmllint --xpath 'count(//tbody[@id="area-fd" or @id="area-only" or @id="area-sig" or @id="area-zz"])' "$h"
	assert_output 4
	grep -q 'XSH fork: only.a' "$h"
}

@test "matrix.html escapes hostile bytes and runs no script but its own" {
	h="$M/matrix.html"
	run grep -c '<script' "$h"
	assert_output 1
	run grep -c '&lt;script&gt;alert(1)&lt;/script&gt; a|b &quot;q&quot; &amp;' "$h"
	[ "$output" -ge 2 ] || fail "message not escaped as expected: $output"
	grep -q '&lt;b&gt;b&lt;/<wbr/>b&gt; &amp; &quot;q&quot;' "$h"
	# No control byte but newline and tab; valid UTF-8 throughout.
	run -1 env LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$h"
	iconv -f UTF-8 -t UTF-8 "$h" >/dev/null
}

@test "matrix.html works without JavaScript: details, title, filters hidden" {
	h="$M/matrix.html"
	# The filters are hidden until the script shows them; no row is.
	grep -q '<form id="filters" hidden="hidden"' "$h"
	run -1 grep -c '<tr[^>]* hidden' "$h"
	# A cell's message, at and reason: on hover and on click.
	grep -q 'title="&lt;script&gt;' "$h"
	grep -q '<details><summary>expected failure</summary><div>offset differs<br/><em>known deviation:</em> Linux keeps 8 bits' "$h"
	grep -q 'at <code>cases/fd.c:12</code>' "$h"
	grep -q '2 runs: 1 pass, 1 fail' "$h"
	# Readable narrow: a viewport and a narrow-screen rule.
	grep -q 'name="viewport"' "$h"
	grep -q '@media (max-width:600px)' "$h"
}

@test "matrix.md: differences and scorecards, pipes and newlines escaped" {
	md="$M/matrix.md"
	grep -q '^## forkcheck matrix: 3 platforms, 5 cases' "$md"
	grep -qF '| 2 | \<b\>b\</b\> \& "q" |' "$md"
	grep -qF '| 3 | third |' "$md"
	grep -qF '| fd.a | core | **fail** | expected failure | pass |' "$md" ||
	    grep -qF '| fd.a | core | pass | **fail** | expected failure |' "$md"
	grep -qF '| fd.b | core | pass | pass | **fail** 1/2 |' "$md"
	# Every table row has as many unescaped pipes as its header.
	run awk '
		/^\|/ {
			s = $0; gsub(/\\\\/, "", s); gsub(/\\\|/, "", s)
			n = gsub(/\|/, "", s)
			if (!/^\|( -| ---|---)/ && prev_header == 0) cols = n
			if (n != cols && !/^\|-/ && !/^\|---/) print "bad: " $0
			prev_header = 1; next
		}
		{ prev_header = 0 }' "$md"
	assert_output ''
	# The hostile message: one line, '|' and markup escaped.
	run grep -F -- '- fd.a on #2: fail: \<script\>alert(1)\</script\> a\|b "q" \& \\x01\\x1b\[31mred\\nline2 ÿ\| (at cases/fd.c:12)' "$md"
	assert_success
	run -1 env LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$md"
}

@test "matrix.json: the same data, by the documented schema" {
	command -v jq >/dev/null || skip "jq is not installed"
	j="$M/matrix.json"
	run -0 jq -r '.schema' "$j"
	assert_output 'forkcheck-matrix/1'
	run -0 jq -c '[.platforms[] | [.label, .forkcheck, .file]]' "$j"
	assert_output "[[\"ref/x86_64\",\"0.1.0\",\"$I/a.json\"],[\"<b>b</b> & \\\"q\\\"\",\"0.0.9\",\"$I/b.json\"],[\"third\",\"0.2.0\",\"$I/c.json\"]]"
	run -0 jq -c '[.cases[] | [.id, .differs]]' "$j"
	assert_output '[["fd.a","behaviour"],["fd.b","behaviour"],["only.a","coverage"],["sig.x","coverage"],["zz.b-only","behaviour"]]'
	run -0 jq -c '.cases[] | select(.id == "zz.b-only") | [.cells[] | if . == null then null else .outcome end]' "$j"
	assert_output '[null,"broken",null]'
	run -0 jq -c '.cases[] | select(.id == "fd.b") | .cells[2] | [.outcome, .runs, .outcomes, .at]' "$j"
	assert_output '["fail",2,{"pass":1,"fail":1},"cases/fd.c:40"]'
	run -0 jq -r '.cases[] | select(.id == "fd.a") | .cells[1].message' "$j"
	assert_output $'<script>alert(1)</script> a|b "q" & \x01\x1b[31mred\nline2 ÿ|'
	run -0 jq -c '.platforms[1].scorecard | [.core, .linux.skip, .opt.not_run]' "$j"
	assert_output '[{"pass":1,"fail":1,"skip":0,"broken":1,"expected_failure":0,"unexpected_pass":0,"not_run":0},1,1]'
	run -0 jq -c '[.tiers, .differences]' "$j"
	assert_output '[["core","opt","linux"],{"behaviour":3,"coverage":2}]'
}

@test "--matrix: an unreadable or invalid input exits 2 and writes nothing" {
	d="$BATS_TEST_TMPDIR/out"
	run -2 fc --matrix --report-dir "$d" "$I/a.json" "$I/missing.json"
	assert_output --partial "missing.json"
	[ ! -e "$d" ] || fail "wrote $d anyway"
	printf '{"schema": "forkcheck-results/1", "cases": [ {"id": "x\xff", "verdict": "pass"} ]}' >"$BATS_TEST_TMPDIR/bad.json"
	run -2 fc --matrix --report-dir "$d" "$I/a.json" "$BATS_TEST_TMPDIR/bad.json"
	assert_output --partial "not a forkcheck results file"
	printf '{"schema": "something-else/1", "cases": []}' >"$BATS_TEST_TMPDIR/other.json"
	run -2 fc --matrix --report-dir "$d" "$BATS_TEST_TMPDIR/other.json"
	run -2 fc --matrix --report-dir "$d"
	assert_output --partial "needs one or more results.json"
	run -2 fc --matrix --label x --report-dir "$d" "$I/a.json"
	assert_output --partial "FILE=LABEL"
	[ ! -e "$d" ] || fail "wrote $d anyway"
}

@test "--matrix: labels from FILE=LABEL, the file, or its platform; taken ones made distinct" {
	command -v jq >/dev/null || skip "jq is not installed"
	d="$BATS_TEST_TMPDIR/out"
	run -0 fc --matrix --report-dir "$d" "$I/c.json" "$I/a.json=x/y z" \
	    "$I/a.json" "$I/a.json"
	run -0 jq -c '[.platforms[].label]' "$d/matrix.json"
	assert_output '["linux-6.1/x86_64/glibc-2.36/gcc","x/y z","ref/x86_64","ref/x86_64 (2)"]'
	# The last '=' splits: a LABEL holds none.
	run -2 fc --matrix --report-dir "$d" "$I/a.json=x=y"
	assert_output --partial "a.json=x"
	# A file whose name holds '=' is a file, not FILE=LABEL.
	cp "$I/a.json" "$BATS_TEST_TMPDIR/a=b.json"
	run -0 fc --matrix --report-dir "$d" "$BATS_TEST_TMPDIR/a=b.json"
	run -0 jq -r '.platforms[0].label' "$d/matrix.json"
	assert_output 'ref/x86_64'
}

@test "results.json names its platform: derived label, or --label" {
	command -v jq >/dev/null || skip "jq is not installed"
	d="$BATS_TEST_TMPDIR/r"
	run fixtures --report-dir "$d" fixture.empty
	run -0 jq -r '.platform.label' "$d/results.json"
	assert_output --regexp '^[a-z0-9._-]+/[a-z0-9._-]+/[a-z0-9._-]+/[a-z0-9._-]+(\+[a-z-]+)*$'
	if [ "$(id -u)" -ne 0 ]; then
		assert_output --partial '+unprivileged'
	fi
	run fixtures --label 'my "box" <1>' --report-dir "$d" fixture.empty
	run -0 jq -r '.platform.label' "$d/results.json"
	assert_output 'my "box" <1>'
	run -2 fc --label '' --list
}

@test "headless Chromium renders matrix.html at 1400 and 480 px without console errors" {
	command -v chromium >/dev/null || skip "chromium is not installed"
	for w in 1400 480; do
		chromium_shot "$BATS_TEST_TMPDIR/m$w.png" "$w" \
		    "file://$M/matrix.html"
	done
}

@test "headless Chromium: the filters hide what does not match" {
	command -v chromium >/dev/null || skip "chromium is not installed"
	chromium_dom "$BATS_TEST_TMPDIR/dom" \
	    "file://$M/matrix.html?area=fd&verdict=fail"
	# The filters show; of 5 + 5 rows, fd.a and fd.b in each table show.
	run -1 grep -c '<form id="filters" hidden' "$BATS_TEST_TMPDIR/dom"
	run grep -o '<tr [^>]*data-area="[^"]*"[^>]*>' "$BATS_TEST_TMPDIR/dom"
	[ "${#lines[@]}" -eq 10 ] || fail "${#lines[@]} rows"
	run grep -c '<tr [^>]*hidden=""' "$BATS_TEST_TMPDIR/dom"
	assert_output 6
}

@test "the CI matrix job, run locally on artifacts laid out as CI does" {
	run -0 "$top_srcdir/ci/matrix-local" -o "$BATS_TEST_TMPDIR/ci" \
	    "$I/a.json" "$I/b.json" "$I/c.json"
	assert_output --partial '== github: '
	assert_output --partial '== gitlab: '
	for k in github gitlab; do
		for f in matrix.html matrix.md matrix.json; do
			[ -s "$BATS_TEST_TMPDIR/ci/$k/matrix/$f" ] ||
			    fail "$k: no $f"
		done
	done
	[ -f "$BATS_TEST_TMPDIR/ci/github/artifacts/results-porting/p1/results.json" ]
	run -0 cmp "$BATS_TEST_TMPDIR/ci/github/summary.md" \
	    "$BATS_TEST_TMPDIR/ci/github/matrix/matrix.md"
	run -0 head -n 1 "$BATS_TEST_TMPDIR/ci/github/summary.md"
	assert_output '## forkcheck matrix: 3 platforms, 5 cases, 3 differ in behaviour, 2 in coverage only'
	run -2 "$top_srcdir/ci/matrix-local"
}

@test "the CI examples are valid YAML and the matrix job needs every other job" {
	python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml is not installed"
	run -0 python3 - "$top_srcdir/ci/github/workflow.yml" "$top_srcdir/ci/gitlab-ci.yml" <<'EOF'
import sys, yaml
gh = yaml.safe_load(open(sys.argv[1]))
jobs = gh["jobs"]
others = sorted(j for j in jobs if j != "matrix")
assert sorted(jobs["matrix"]["needs"]) == others, jobs["matrix"]["needs"]
assert jobs["matrix"]["if"] == "always()"
for j in others:
    names = [s.get("with", {}).get("name", "") for s in jobs[j]["steps"]]
    assert any(n.startswith("results-") for n in names), j
gl = yaml.safe_load(open(sys.argv[2]))
assert gl["matrix"]["stage"] == "matrix" and "matrix" in gl["stages"]
needed = sorted(n["job"] for n in gl["matrix"]["needs"])
assert needed == ["alpine", "debian", "fedora", "porting", "ubuntu"], needed
print("ok")
EOF
	assert_output ok
}
