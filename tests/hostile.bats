#!/usr/bin/env bats
# The runner against hostile cases (tests/fixtures.c): every one must be
# reported with the right verdict within its timeout plus one second,
# the run must go on to the next case, and no process of the run may
# survive it.

setup_file() {
	local tag="forkcheck-hostile-$$-$RANDOM"
	echo "$tag" >"$BATS_FILE_TMPDIR/tag"
	TAP="$BATS_FILE_TMPDIR/fixtures.tap"
	export TAP
	set +e
	env FC_RUN_TAG="$tag" \
	    ${TEST_EMULATOR:+$TEST_EMULATOR} "${FIXTURES:-./tests/forkcheck-fixtures}" \
	    -j2 >"$TAP" 2>"$BATS_FILE_TMPDIR/stderr"
	echo $? >"$BATS_FILE_TMPDIR/rc"
}

setup() {
	load helpers
}

# verdict ID REGEX: the test line of ID matches REGEX after "- ID".
verdict() {
	run tap_point "$TAP" "$1"
	assert_success
	assert_output --regexp "^$2"
}

# within ID SECONDS: the case's duration is at most SECONDS.
within() {
	local ms
	ms=$(tap_field "$TAP" "$1" duration_ms)
	[ -n "$ms" ] || fail "no duration for $1"
	awk -v ms="$ms" -v s="$2" 'BEGIN { exit !(ms <= s * 1000) }' ||
	    fail "$1 took $ms ms, more than $2 s"
}

# left_pids ID: the pids named in ID's "left N processes behind" verdict.
left_pids() {
	tap_point "$TAP" "$1" | sed -n 's/.*behind (pids\{0,1\} \([0-9, ]*\).*/\1/p' |
	    tr -d ',' | tr ' ' '\n' | grep -v '^$'
}

@test "the run completes, every case is reported and the exit status is 1" {
	run cat "$BATS_FILE_TMPDIR/rc"
	assert_output 1
	run grep -c -E '^(not )?ok ' "$TAP"
	assert_output "$(sed -n 's/^1\.\.//p' "$TAP")"
	# The summary, then only the end-of-run list of what went wrong.
	run sed -n '/^# [0-9]* passed/,$p' "$TAP"
	assert_line --index 0 --regexp '^# [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped, [0-9]+ broken$'
	run bash -c "sed -n '/^# [0-9]* passed/,\$p' '$TAP' | sed 1d |
	    grep -vE '^# ((failed|broken|interrupted|stale expectation): |\\.\\.\\. and )'"
	assert_output ""
}

@test "nothing is written to stderr when it is not a terminal" {
	run cat "$BATS_FILE_TMPDIR/stderr"
	assert_output ""
}

@test "pass, fail, skip and broken are told apart" {
	verdict fixture.empty 'ok [0-9]+ - fixture.empty$'
	verdict fixture.fail 'not ok [0-9]+ - fixture.fail # fail: expected 1, seen 2$'
	verdict fixture.skip 'ok [0-9]+ - fixture.skip # SKIP feature absent here$'
	verdict fixture.broken 'not ok [0-9]+ - fixture.broken # broken: open fixture file: No such file or directory$'
	run tap_field "$TAP" fixture.fail at
	assert_output --regexp '^tests/fixtures.c:[0-9]+$'
	run tap_field "$TAP" fixture.fail stdout
	assert_output '|'
}

@test "a case that hangs is stopped at its timeout" {
	verdict fixture.hang "not ok [0-9]+ - fixture.hang # broken: timeout after $(slow 1) s$"
	within fixture.hang "$(slow 2)"
	verdict fixture.hang-polite "not ok [0-9]+ - fixture.hang-polite # broken: timeout after $(slow 1) s$"
	within fixture.hang-polite "$(slow 2)"
}

@test "a case that ignores SIGTERM is killed after the grace period" {
	verdict fixture.hang-ignore-term "not ok [0-9]+ - fixture.hang-ignore-term # broken: timeout after $(slow 1) s \(SIGTERM ignored, killed with SIGKILL\)$"
	within fixture.hang-ignore-term "$(slow 2)"
}

@test "crashes are broken, with the signal" {
	verdict fixture.segv 'not ok [0-9]+ - fixture.segv # broken: killed by SIGSEGV'
	verdict fixture.abort 'not ok [0-9]+ - fixture.abort # broken: killed by SIGABRT'
	run tap_field "$TAP" fixture.segv status
	assert_output 'killed by SIGSEGV'
}

@test "exit codes without a verdict are read as automake reads them" {
	verdict fixture.exit-3 'not ok [0-9]+ - fixture.exit-3 # broken: exited 3 without a verdict$'
	verdict fixture.exit-77 'ok [0-9]+ - fixture.exit-77 # SKIP exited 77 without a verdict$'
	verdict fixture.exit-99 'not ok [0-9]+ - fixture.exit-99 # broken: exited 99 without a verdict$'
	verdict fixture.exit-255 'not ok [0-9]+ - fixture.exit-255 # broken: exited 255 without a verdict$'
	verdict fixture.bad-verdict 'not ok [0-9]+ - fixture.bad-verdict # broken: run\(\) returned 42'
	verdict fixture.runaway 'not ok [0-9]+ - fixture.runaway # broken: a process forked by the case returned from run\(\)'
}

@test "50 MiB on stdout or stderr neither blocks the case nor fills memory" {
	verdict fixture.flood-stdout 'ok [0-9]+ - fixture.flood-stdout$'
	verdict fixture.flood-stderr 'ok [0-9]+ - fixture.flood-stderr$'
	run fixtures -v fixture.flood-stdout fixture.flood-stderr
	assert_success
	assert_output --partial '[... 52363264 bytes omitted ...]'
	[ "${#output}" -lt 300000 ] || fail "capture not bounded: ${#output} bytes"
	TAP="$BATS_TEST_TMPDIR/flood.tap"
	printf '%s\n' "$output" >"$TAP"
	within fixture.flood-stdout "$(slow 5)"
	within fixture.flood-stderr "$(slow 5)"
}

@test "any byte a case prints keeps the TAP valid" {
	verdict fixture.yaml-bytes 'not ok [0-9]+ - fixture.yaml-bytes # fail: message with \\# SKIP and newline'
	run grep -c '^not ok 99 - lure' "$TAP"
	assert_output 0
	command -v prove >/dev/null || skip "prove is not installed"
	run prove -e cat "$TAP"
	assert_output --partial "Tests: $(sed -n 's/^1\.\.//p' "$TAP") Failed:"
	refute_output --partial 'Parse errors'
}

@test "a setsid() grandchild holding the pipes is killed and named" {
	verdict fixture.setsid-grandchild 'not ok [0-9]+ - fixture.setsid-grandchild # broken: left 1 process behind \(pid [0-9]+\)$'
	within fixture.setsid-grandchild "$(slow 1)"
	assert_gone $(left_pids fixture.setsid-grandchild)
}

@test "a double-forked daemon is killed and named" {
	verdict fixture.double-fork 'not ok [0-9]+ - fixture.double-fork # broken: left 1 process behind \(pid [0-9]+\)$'
	assert_gone $(left_pids fixture.double-fork)
}

@test "a case that changes its own process group is still contained" {
	verdict fixture.new-pgrp 'not ok [0-9]+ - fixture.new-pgrp # broken: left 1 process behind \(pid [0-9]+\)$'
	assert_gone $(left_pids fixture.new-pgrp)
	verdict fixture.new-pgrp-hang "not ok [0-9]+ - fixture.new-pgrp-hang # broken: timeout after $(slow 1) s$"
	within fixture.new-pgrp-hang "$(slow 2)"
}

@test "a case whose stdout and stderr point elsewhere still passes" {
	verdict fixture.dup2-stdout 'ok [0-9]+ - fixture.dup2-stdout$'
}

@test "100 unreaped children: live ones are left behind, zombies are not" {
	verdict fixture.unreaped-live 'not ok [0-9]+ - fixture.unreaped-live # broken: left 100 processes behind'
	verdict fixture.unreaped-zombies 'ok [0-9]+ - fixture.unreaped-zombies$'
}

@test "no process of the run survives it" {
	[ -r /proc/self/environ ] || skip "no /proc to find the run's processes"
	assert_no_tagged "FC_RUN_TAG=$(cat "$BATS_FILE_TMPDIR/tag")"
}

@test "a [qoi] case that sees its property fail passes with the observation" {
	verdict fixture.qoi-fail 'ok [0-9]+ - fixture.qoi-fail$'
	run -0 fixtures fixture.qoi-fail
	assert_output --partial '    observed: the quality was poor at tests/fixtures.c:'
}

@test "a case can exec its helper, and a helper can be run by hand" {
	verdict fixture.exec-helper 'ok [0-9]+ - fixture.exec-helper$'
	run -42 fixtures --fc-helper fixture.exec-helper world
	assert_output 'helper fixture.exec-helper argc 2 world'
	run -127 fixtures --fc-helper fixture.empty
}

@test "fc_spin burns CPU time without sleeping" {
	verdict fixture.spin 'ok [0-9]+ - fixture.spin$'
}

@test "a case that kills its worker is broken; the run goes on" {
	verdict fixture.kill-worker 'not ok [0-9]+ - fixture.kill-worker # broken: runner: the worker running this case ended \(killed by SIGKILL\)$'
	# One worker: the skip's result may die unsent with the worker; it
	# must run again, and the orphaned case must be gone at the end.
	run -1 fixtures -j1 fixture.empty fixture.skip fixture.kill-worker
	assert_line 'ok 1 - fixture.empty'
	assert_line --regexp '^ok 2 - fixture.skip # SKIP'
	assert_line --regexp '^not ok 3 - fixture.kill-worker # broken: '
	assert_line '# 1 passed, 0 failed, 1 skipped, 1 broken'
}
