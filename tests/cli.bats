#!/usr/bin/env bats
# forkcheck's command line: options, patterns, exit statuses, bad input,
# well-formed TAP, and stopping a run with a signal.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
}

@test "--help describes every option and exits 0" {
	run -0 fc --help
	for opt in --list --jobs --timeout-multiplier --repeat --tap --expect \
	    --no-expect --external --no-external --report-dir --verbose \
	    --profile --budget --compare --version \
	    FORKCHECK_TIMEOUT_MULTIPLIER FORKCHECK_EMULATOR \
	    FORKCHECK_EXEC_PREFIX FORKCHECK_DATADIR TMPDIR; do
		assert_output --partial -- "$opt"
	done
}

@test "--version prints the package version" {
	run -0 fc --version
	assert_output --regexp '^forkcheck [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "--list prints one line per case: id, then spec" {
	run -0 fc --list
	assert_line --regexp '^fd\.same-ofd +XSH fork: '
	refute_line --regexp '^[^ ]+$'
	run -0 bash -c "'$FORKCHECK' --list | awk '{ print \$1 }' | sort | uniq -d"
	assert_output ""
}

@test "--list honours patterns: globs and area names" {
	run -0 fc --list 'fd.*'
	assert_output --regexp '^fd\.'
	refute_output --regexp '(^|'$'\n'')[^f]'
	run -0 fc -l pid
	assert_line --regexp '^pid\.ppid '
	refute_line --regexp '^fd\.'
	run -0 fc -l '*.ppid' 'wait.*'
	assert_line --regexp '^pid\.ppid '
	assert_line --regexp '^wait\.'
}

@test "a pattern that matches no case is a usage error" {
	usage_error fc nosuch.case
	assert_equal "$stderr" "forkcheck: pattern 'nosuch.case' matches no case (see --list)"
	usage_error fc pid nosuch
}

@test "bad options and numbers: one line on stderr, exit 2" {
	usage_error fc --frobnicate
	assert_equal "$stderr" "forkcheck: unknown option '--frobnicate' (see --help)"
	usage_error fc -Z
	usage_error fc -j
	usage_error fc -j abc
	usage_error fc -j -1
	usage_error fc --jobs=0
	usage_error fc --jobs 1.5
	usage_error fc --timeout-multiplier abc
	usage_error fc --timeout-multiplier -1
	usage_error fc --timeout-multiplier=0
	usage_error fc --repeat 0
	usage_error fc --list=yes
	usage_error fc --tap ''
	usage_error env FORKCHECK_TIMEOUT_MULTIPLIER=slow "$FORKCHECK" --list
	assert_equal "$stderr" "forkcheck: FORKCHECK_TIMEOUT_MULTIPLIER: not a positive number: 'slow' (see --help)"
}

@test "exit status: 0 for passes and skips, 1 for a fail or a broken case" {
	run -0 fixtures fixture.empty fixture.skip fixture.note
	assert_output --partial '# 2 passed, 0 failed, 1 skipped, 0 broken'
	run -1 fixtures fixture.empty fixture.fail
	run -1 fixtures fixture.broken
	run -1 fixtures fixture.exit-3
}

@test "the TAP is version 13, plan first, summary last, and prove accepts it" {
	run -0 fc
	assert_line --index 0 'TAP version 13'
	assert_line --index 1 --regexp '^1\.\.[0-9]+$'
	assert_line --index 2 --regexp '^# forkcheck '
	assert_line --index 3 --regexp '^# containment: '
	run -0 bash -c "'$FORKCHECK' | tail -n 1"
	assert_output --regexp '^# [0-9]+ passed, 0 failed, [0-9]+ skipped, 0 broken(, [0-9]+ expected failures?, 0 unexpected pass(es)?)?$'
	command -v prove >/dev/null || skip "prove is not installed"
	run bash -c "'$FIXTURES' fixture.empty fixture.fail fixture.skip fixture.yaml-bytes >'$BATS_TEST_TMPDIR/t.tap'; prove -e cat '$BATS_TEST_TMPDIR/t.tap'"
	assert_output --partial 'Tests: 4 Failed: 2'
	refute_output --partial 'Parse errors'
	run -0 prove -e cat <(fc)
}

@test "-o writes the TAP to a file; stdout stays empty, stderr has the summary" {
	run -0 --separate-stderr fixtures -o "$BATS_TEST_TMPDIR/out.tap" fixture.empty
	assert_output ""
	assert_equal "$stderr" '# 1 passed, 0 failed, 0 skipped, 0 broken'
	run -0 cat "$BATS_TEST_TMPDIR/out.tap"
	assert_line 'ok 1 - fixture.empty'
	run -2 --separate-stderr fixtures -o /nonexistent/dir/x.tap fixture.empty
	assert_output --partial ''
}

@test "-v shows the output of passing cases" {
	run -0 fixtures fixture.pass-output
	refute_output --partial 'to stdout'
	run -0 fixtures -v fixture.pass-output
	assert_output --partial '    to stdout'
	assert_output --partial '    to stderr'
}

@test "--repeat runs each case again, numbered in turn" {
	run -0 fixtures --repeat 3 fixture.empty fixture.skip
	assert_line --index 1 '1..6'
	assert_line 'ok 3 - fixture.empty'
	assert_line --regexp '^ok 6 - fixture.skip # SKIP'
}

@test "-j runs cases in parallel and still prints them in order" {
	# Index order, whatever finishes first: the hang comes last.
	run -1 fixtures -j 4 fixture.hang fixture.empty fixture.fail fixture.skip
	assert_line --index 6 'ok 1 - fixture.empty'
	assert_line --regexp '^not ok 4 - fixture.hang # broken: timeout'
	assert_line --partial 'jobs: 4;'
	run -0 fixtures -j 200 fixture.empty
	assert_line --partial 'jobs: 1;'
}

@test "without a multiplier, forkcheck chooses one from the platform's speed" {
	run -0 env -u FORKCHECK_TIMEOUT_MULTIPLIER FORKCHECK_EMULATOR=none "$FORKCHECK" pid.ppid
	assert_line --index 3 --regexp '^# containment: .*; jobs: 1; uid: [0-9]+$'
	assert_line --index 4 --regexp '^# timeout multiplier: [0-9]+ \(measured: fastest of [0-9]+ forks [0-9.]+ ms \(cycle [0-9.]+ ms\), of [0-9]+ CPU loops [0-9.]+ ms\)$'
	assert_line --index 5 '# emulator: none (from FORKCHECK_EMULATOR)'
	run -0 env -u FORKCHECK_TIMEOUT_MULTIPLIER FORKCHECK_EMULATOR=qemu-user "$FORKCHECK" pid.ppid
	assert_line --index 4 --regexp '^# timeout multiplier: (1[0-9]|20) \(measured: .*; at least 10 under qemu-user\)$'
	run -0 env FORKCHECK_TIMEOUT_MULTIPLIER=2 "$FORKCHECK" pid.ppid
	assert_line --index 4 '# timeout multiplier: 2'
}

@test "the timeout multiplier scales the guard" {
	run -1 fixtures --timeout-multiplier 0.2 fixture.hang
	assert_line --regexp '^not ok 1 - fixture.hang # broken: timeout after 0.2 s$'
	FORKCHECK_TIMEOUT_MULTIPLIER=0.3 run -1 fixtures fixture.hang
	assert_line --regexp '# broken: timeout after 0.3 s$'
	FORKCHECK_TIMEOUT_MULTIPLIER=0.3 run -1 fixtures --timeout-multiplier=0.1 fixture.hang
	assert_line --regexp '# broken: timeout after 0.1 s$'
}

@test "--expect: a known deviation is TODO, a stale one fails the run" {
	exp="$BATS_TEST_TMPDIR/expect"
	printf '# known deviations\nfixture.fail\tit always fails\n' >"$exp"
	run -0 fixtures --expect "$exp" fixture.fail fixture.empty
	assert_line 'not ok 2 - fixture.fail # TODO it always fails'
	assert_line '# 1 passed, 0 failed, 0 skipped, 0 broken, 1 expected failure, 0 unexpected passes'
	printf 'fixture.empty\tstale\n' >>"$exp"
	run -1 fixtures --expect "$exp" fixture.fail fixture.empty
	assert_line 'not ok 1 - fixture.empty # stale expectation: stale'
	printf 'fixture.broken\texcuses nothing\n' >>"$exp"
	run -1 fixtures --expect "$exp" fixture.broken
	assert_line --regexp '^not ok 1 - fixture.broken # broken: '
}

@test "--expect: what automake makes of TODO results and stale ones" {
	exp="$BATS_TEST_TMPDIR/expect"
	printf 'fixture.fail\tit always fails\nfixture.empty\tstale\n' >"$exp"
	fixtures --expect "$exp" fixture.fail fixture.empty >"$BATS_TEST_TMPDIR/t.tap" || true
	run sh "$top_srcdir/build-aux/tap-driver.sh" --test-name t \
	    --log-file "$BATS_TEST_TMPDIR/t.log" --trs-file "$BATS_TEST_TMPDIR/t.trs" \
	    -- cat "$BATS_TEST_TMPDIR/t.tap"
	assert_line 'FAIL: t 1 - fixture.empty # stale expectation: stale'
	assert_line 'XFAIL: t 2 - fixture.fail # TODO it always fails'
}

@test "under an emulator named qemu, its expectations are used too" {
	FORKCHECK_EMULATOR=/opt/bin/qemu-ppc64 run -0 fc pid.unique
	assert_line --regexp '^# forkcheck .*, under /opt/bin/qemu-ppc64$'
	assert_line --regexp '^# expectations: .*/qemu-user$'
	FORKCHECK_EMULATOR=none run -0 fc pid.unique
	refute_line --regexp '^# expectations: .*qemu-user'
}

@test "--expect: bad files are usage errors, unknown ids a warning" {
	usage_error fc --expect /nonexistent/file
	assert_equal "$stderr" "forkcheck: cannot read /nonexistent/file: No such file or directory"
	printf 'pid.ppid\n' >"$BATS_TEST_TMPDIR/bad"
	usage_error fc --expect "$BATS_TEST_TMPDIR/bad"
	assert_equal "$stderr" "forkcheck: $BATS_TEST_TMPDIR/bad:1: 'pid.ppid' has no reason"
	printf 'no.such-case\tgone\n' >"$BATS_TEST_TMPDIR/stale"
	run -0 --separate-stderr fc --expect "$BATS_TEST_TMPDIR/stale" --list pid
	assert_equal "$stderr" "forkcheck: warning: $BATS_TEST_TMPDIR/stale: expectation 'no.such-case' matches no case"
}

# interrupt SIGNAL STATUS: stop a run mid-case; check what is left.
interrupt() {
	local fifo="$BATS_TEST_TMPDIR/fifo" out="$BATS_TEST_TMPDIR/out" pid rc=0
	local case_pid grandchild
	mkfifo "$fifo"
	# Job control, so that the background run does not ignore SIGINT.
	set -m
	FC_FIXTURE_FIFO="$fifo" ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" \
	    fixture.empty fixture.signal-me fixture.fail >"$out" 2>&1 &
	pid=$!
	set +m
	read -r case_pid grandchild <"$fifo"
	kill -"$1" "$pid"
	wait "$pid" || rc=$?
	run cat "$out"
	[ "$rc" -eq "$2" ] || fail "exit status $rc, want $2"
	# The case after the interrupted one never started.
	assert_line --regexp "^not ok 2 - fixture.signal-me # interrupted by SIG$1\$"
	refute_line --partial 'fixture.fail'
	assert_line --regexp "^Bail out! interrupted by SIG$1 after 2 of 3 cases\$"
	assert_line '# 1 passed, 0 failed, 0 skipped, 0 broken, 1 interrupted'
	assert_line "# interrupted: fixture.signal-me — interrupted by SIG$1"
	assert_gone "$pid" "$case_pid" "$grandchild"
}

@test "SIGINT stops the running case trees, prints the verdicts so far, exits 130" {
	interrupt INT 130
}

@test "SIGTERM does the same and exits 143" {
	interrupt TERM 143
}

@test "a progress line is shown on a terminal, and only there" {
	command -v script >/dev/null || skip "script(1) is not installed"
	script -qec true /dev/null >/dev/null 2>&1 || skip "script(1) cannot make a pty here"
	run -0 script -qec "'$FIXTURES' -o /dev/null fixture.empty fixture.skip" /dev/null
	assert_output --partial '[2/2] fixture.skip'
	run -0 --separate-stderr fixtures fixture.empty fixture.skip
	assert_equal "$stderr" ""
}
