#!/usr/bin/env bats
# The runner under faults of its environment (issue 13): workers that
# cannot start, an unusable TMPDIR, a killed runner's leftovers, a reader
# that goes away, long --repeat runs, a case directory that cannot be
# emptied.  Each test bounds its own time, and leaves no process and no
# directory behind.

setup() {
	load helpers
	D=$(mktemp -d "${BATS_TMPDIR:-/tmp}/runner-faults.XXXXXX")
	mkdir "$D/tmp"
	TAG="forkcheck-faults-$$-$RANDOM"
	export TMPDIR="$D/tmp"
}

teardown() {
	if [ -n "${MNT:-}" ]; then
		umount "$MNT" 2>/dev/null || true
	fi
	if [ -n "${BG:-}" ]; then
		kill -KILL "$BG" 2>/dev/null || true
		wait "$BG" 2>/dev/null || true
	fi
	wait_untagged 10 || true
	if command -v chattr >/dev/null 2>&1; then
		chattr -R -i "$D" 2>/dev/null || true
	fi
	rm -rf "$D"
}

# wait_untagged SECONDS: waits until no process carries $TAG in its
# environment (one grep over /proc: a fork per process is slow on a
# loaded machine).
wait_untagged() {
	local i left
	[ -r /proc/self/environ ] || return 0
	for i in $(seq $(($1 * 10))); do
		left=$(grep -las -- "$TAG" /proc/[0-9]*/environ |
		    sed 's#^/proc/##; s#/environ$##' | grep -vx "$$" || true)
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	echo "# still running: $left" >&3
	return 1
}

# no_rundir: nothing of forkcheck's is left in $TMPDIR.
no_rundir() {
	run ls -A "$TMPDIR"
	assert_output ""
}

# timed SECONDS CMD...: runs CMD (output in $D/out, $D/err, status in
# $status), failing if it takes SECONDS or more.
timed() {
	local limit t0 t1
	limit=$(slow "$1")
	shift
	t0=$(date +%s.%N)
	status=0
	# Only 0-2 open: bats's own descriptors would count against prlimit.
	timeout -s KILL "$(slow_int 60)" env FC_RUN_TAG="$TAG" "$@" >"$D/out" 2>"$D/err" \
	    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- || status=$?
	t1=$(date +%s.%N)
	elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	awk -v e="$elapsed" -v l="$limit" 'BEGIN { exit !(e < l) }' ||
	    fail "took $elapsed s (limit $limit s), exit $status"
}

@test "descriptors too few for a worker: one line, exit 2, in seconds, nothing left" {
	command -v prlimit >/dev/null || skip "no prlimit"
	# Workers that die at start are restarted a few times (next test);
	# a limit that cannot support one is found before any starts.
	timed 10 prlimit --nofile=8 ${TEST_EMULATOR:+$TEST_EMULATOR} \
	    "$FORKCHECK" -j4 'pid.*'
	[ "$status" -eq 2 ] || fail "exit $status"
	run cat "$D/out"
	assert_output ""
	run cat "$D/err"
	assert_output 'forkcheck: RLIMIT_NOFILE is 8: a worker needs 13 descriptors (raise it to at least 13)'
	wait_untagged "$(slow_int 5)" || fail "processes of the run survive"
	no_rundir
}

@test "a TMPDIR without free inodes: bounded restarts, Bail out!, exit 1" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to mount a tmpfs"
	MNT="$D/full"
	mkdir "$MNT"
	mount -t tmpfs -o size=1m,nr_inodes=2 tmpfs "$MNT" 2>/dev/null ||
	    { MNT=; skip "cannot mount a tmpfs here"; }
	TMPDIR=$MNT timed 10 ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" -j2 fixture.empty fixture.fail
	[ "$status" -eq 1 ] || fail "exit $status"
	run tail -n 2 "$D/out"
	assert_line --index 0 --regexp '^Bail out! (only 0 of 2 cases could run|cannot make a directory in)'
	n=$(grep -c 'No space left' "$D/err" || true)
	[ "$n" -le 20 ] || fail "$n failures reported"
	wait_untagged "$(slow_int 5)" || fail "processes of the run survive"
	run ls -A "$MNT"
	assert_output ""
}

# tap_bail: $D/out is TAP with a plan, a Bail out! naming the reason, and
# the summary.
tap_bail() {
	run sed -n '1p;2p' "$D/out"
	assert_line --index 0 'TAP version 13'
	assert_line --index 1 --regexp '^1\.\.[0-9]+$'
	run grep '^Bail out!' "$D/out"
	assert_output --regexp "^Bail out! cannot make a directory in .*: $1\$"
	run tail -n 1 "$D/out"
	assert_output --regexp '^# 0 passed, 0 failed, 0 skipped, 0 broken$'
}

@test "a missing TMPDIR: plan, Bail out! with the reason, exit 1" {
	TMPDIR="$D/missing" timed 10 ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" fixture.empty
	[ "$status" -eq 1 ] || fail "exit $status"
	tap_bail 'No such file or directory'
	run cat "$D/err"
	assert_output --partial 'No such file or directory'
}

@test "a read-only TMPDIR: plan, Bail out! with the reason, exit 1" {
	if [ "$(id -u)" -eq 0 ]; then
		MNT="$D/ro"
		mkdir "$MNT"
		mount -t tmpfs -o ro tmpfs "$MNT" 2>/dev/null ||
		    { MNT=; skip "cannot mount a tmpfs here"; }
		why='Read-only file system'
	else
		chmod 0555 "$TMPDIR"
		MNT=
		why='Permission denied'
	fi
	TMPDIR=${MNT:-$TMPDIR} timed 10 ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" fixture.empty
	[ "$status" -eq 1 ] || fail "exit $status"
	tap_bail "$why"
	chmod 0755 "$TMPDIR"
}

@test "out of descriptors: no temporary directory is left" {
	command -v prlimit >/dev/null || skip "no prlimit"
	for n in 5 6 7; do
		timed 10 prlimit --nofile=$n ${TEST_EMULATOR:+$TEST_EMULATOR} \
		    "$FIXTURES" fixture.empty
		[ "$status" -eq 2 ] || fail "--nofile=$n: exit $status"
		grep -q 'RLIMIT_NOFILE is' "$D/err" ||
		    fail "--nofile=$n: $(cat "$D/err")"
		no_rundir
	done
}

# A directory a dead run could have left, and decoys it must not touch.
plant() {
	local dead=$1 out="$D/outside"
	mkdir -p "$out" && echo keep >"$out/canary"
	# The dead run's: deep, unreadable, with links out of it.
	mkdir -p "$TMPDIR/forkcheck-$dead-AbC123/w0/deep/er"
	ln -s "$out" "$TMPDIR/forkcheck-$dead-AbC123/w0/link"
	ln -s "$out/canary" "$TMPDIR/forkcheck-$dead-AbC123/w0/deep/file-link"
	chmod 0 "$TMPDIR/forkcheck-$dead-AbC123/w0/deep"
	chmod 0700 "$TMPDIR/forkcheck-$dead-AbC123"
	# Decoys: a live owner, a link, a file, the wrong mode, old and odd names.
	mkdir -m 0700 "$TMPDIR/forkcheck-$$-live01"
	ln -s "$out" "$TMPDIR/forkcheck-$dead-link01"
	echo x >"$TMPDIR/forkcheck-$dead-file01"
	mkdir -m 0755 "$TMPDIR/forkcheck-$dead-open01"
	mkdir -m 0700 "$TMPDIR/forkcheck-Xy12ab" "$TMPDIR/forkcheck-$dead-ab" \
	    "$TMPDIR/forkcheck-$dead-abcdef-x" "$TMPDIR/other-$dead-abcdef"
	if [ "$(id -u)" -eq 0 ]; then
		mkdir -m 0700 "$TMPDIR/forkcheck-$dead-nobody"
		chown 65534 "$TMPDIR/forkcheck-$dead-nobody"
	fi
}

decoys_intact() {
	local dead=$1 f
	for f in forkcheck-$$-live01 forkcheck-$dead-link01 \
	    forkcheck-$dead-file01 forkcheck-$dead-open01 forkcheck-Xy12ab \
	    forkcheck-$dead-ab forkcheck-$dead-abcdef-x other-$dead-abcdef; do
		[ -e "$TMPDIR/$f" ] || [ -L "$TMPDIR/$f" ] || fail "$f was removed"
	done
	if [ "$(id -u)" -eq 0 ]; then
		[ -d "$TMPDIR/forkcheck-$dead-nobody" ] ||
		    fail "another user's directory was removed"
	fi
	run cat "$D/outside/canary"
	assert_output keep
}

@test "a later run removes a dead run's directory, and nothing else" {
	dead=$(sh -c 'echo $$')
	plant "$dead"
	timed 10 ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" fixture.empty
	[ "$status" -eq 0 ] || fail "exit $status"
	[ ! -e "$TMPDIR/forkcheck-$dead-AbC123" ] ||
	    fail "the dead run's directory is still there"
	decoys_intact "$dead"
}

@test "a directory whose owner is gone but whose lock is held is kept" {
	command -v flock >/dev/null || skip "no flock(1)"
	dead=$(sh -c 'echo $$')
	mkdir -m 0700 "$TMPDIR/forkcheck-$dead-Lock01"
	# flock(1) holds the lock while the run starts (a run in another pid
	# namespace, where the pid in the name means nothing to us).
	flock -n "$TMPDIR/forkcheck-$dead-Lock01" \
	    env FC_RUN_TAG="$TAG" ${TEST_EMULATOR:+$TEST_EMULATOR} \
	    "$FIXTURES" fixture.empty >/dev/null
	[ -d "$TMPDIR/forkcheck-$dead-Lock01" ] || fail "a locked directory was removed"
	timed 10 ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" fixture.empty
	[ ! -e "$TMPDIR/forkcheck-$dead-Lock01" ] || fail "not removed once unlocked"
}

# case_started: reads the pids fixture.signal-me writes into $D/fifo.
case_started() {
	exec 5<>"$D/fifo"
	read -r -t 20 case_pid grandchild <&5 || fail "the case did not start"
	exec 5<&-
}

@test "after SIGKILL of the runner, the next run removes its directory" {
	mkfifo "$D/fifo"
	FC_FIXTURE_FIFO="$D/fifo" FC_RUN_TAG="$TAG" \
	    ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" -j2 \
	    fixture.signal-me fixture.empty >/dev/null 2>&1 &
	BG=$!
	case_started
	kill -KILL "$BG"
	wait "$BG" 2>/dev/null || true
	BG=
	# The workers notice and stop their cases; the directory stays.
	wait_untagged 10 || fail "processes of the killed run survive"
	run ls "$TMPDIR"
	assert_output --regexp '^forkcheck-[0-9]+-[A-Za-z0-9]{6}$'
	timed 10 ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" fixture.empty
	[ "$status" -eq 0 ] || fail "exit $status"
	no_rundir
}

@test "forkcheck | head -1 stops at once: exit 141, cases killed, nothing left" {
	# The reader takes the first line and leaves once fixture.signal-me
	# (which then hangs for its 30 s timeout) has said it runs.
	mkfifo "$D/fifo"
	t0=$(date +%s)
	run bash -c 'FC_FIXTURE_FIFO="$1" FC_RUN_TAG="$2" $3 "$4" -j2 \
	    fixture.signal-me fixture.empty |
	    { head -n 1; exec 5<>"$1"; read -r -t 20 p <&5; echo "$p" >"$1.pids"; }
	    echo "${PIPESTATUS[0]}"' _ "$D/fifo" "$TAG" "${TEST_EMULATOR:-}" "$FIXTURES"
	t1=$(date +%s)
	assert_line --index 0 'TAP version 13'
	assert_line --index 1 141
	[ $((t1 - t0)) -lt "$(slow_int 10)" ] || fail "took $((t1 - t0)) s"
	run cat "$D/fifo.pids"
	assert_output --regexp '^[0-9]+ [0-9]+$'
	assert_gone $output
	wait_untagged "$(slow_int 5)" || fail "processes of the run survive"
	no_rundir
}

@test "a reader that closes the TAP mid-case stops the run, cases killed" {
	mkfifo "$D/fifo" "$D/tap"
	FC_FIXTURE_FIFO="$D/fifo" FC_RUN_TAG="$TAG" \
	    ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" -j1 \
	    fixture.signal-me fixture.empty >"$D/tap" 2>"$D/err" &
	BG=$!
	exec 7<"$D/tap"		# bats itself writes to 3
	case_started
	read -r -t 20 first <&7
	[ "$first" = "TAP version 13" ] || fail "read '$first'"
	t0=$(date +%s)
	exec 7<&-
	status=0
	wait "$BG" || status=$?
	BG=
	t1=$(date +%s)
	[ "$status" -eq 141 ] || fail "exit $status"
	[ $((t1 - t0)) -lt "$(slow_int 10)" ] || fail "took $((t1 - t0)) s after the reader left"
	assert_gone "$case_pid" "$grandchild"
	wait_untagged "$(slow_int 5)" || fail "processes of the run survive"
	no_rundir
}

# peak_kb CMD...: the peak resident set of CMD, in KiB.
peak_kb() {
	if [ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1; then
		/usr/bin/time -o "$D/peak" -f %M "$@" >/dev/null 2>&1 || true
		tail -n 1 "$D/peak"
	else
		python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
	fi
}

@test "--repeat without reports runs in bounded memory" {
	[ -z "${TEST_EMULATOR:-}" ] || skip "the emulator's memory is not ours"
	[ -x /usr/bin/time ] || command -v python3 >/dev/null ||
	    skip "neither GNU time nor python3 to measure memory"
	small=$(peak_kb "$FIXTURES" -j2 --repeat 20 fixture.chatty)
	large=$(peak_kb "$FIXTURES" -j2 --repeat 300 fixture.chatty)
	# 280 more results of 32 KiB each would be about 9 MiB.
	[ $((large - small)) -lt 3072 ] ||
	    fail "peak RSS grew from $small to $large KiB"
	no_rundir
}

@test "--repeat with reports still writes every run" {
	fixtures --repeat 3 --report-dir "$D/r" fixture.chatty fixture.empty \
	    >"$D/out"
	run grep -c '"run": ' "$D/r/results.json"
	assert_output 6
	run grep -c '^ok ' "$D/out"
	assert_output 6
	no_rundir
}

@test "a case directory that cannot be emptied: broken, and the next case starts clean" {
	FC_FIXTURE_IMMUTABLE=1 timed 20 ${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" -j1 --repeat 2 \
	    fixture.immutable fixture.clean-dir
	if grep -q '^ok [0-9]* - fixture.immutable # SKIP' "$D/out"; then
		skip "$(sed -n 's/.*fixture.immutable # SKIP //p' "$D/out" | head -n 1)"
	fi
	run grep -E '^(not )?ok ' "$D/out"
	assert_line --index 0 --regexp '^not ok 1 - fixture.immutable # broken: runner: the case left a directory that cannot be emptied: Operation not permitted$'
	assert_line --index 1 --regexp '^not ok 2 - fixture.immutable # broken: runner: the case left a directory that cannot be emptied'
	assert_line --index 2 'ok 3 - fixture.clean-dir'
	assert_line --index 3 'ok 4 - fixture.clean-dir'
	# The run says what it could not remove.
	run cat "$D/err"
	assert_output --partial 'cannot remove'
}

# holder: starts the fixtures' holder outside the run (BG), listening at
# $FC_FIXTURE_HOLDER; it keeps descriptors and traces pids sent to it.
holder() {
	export FC_FIXTURE_HOLDER="$D/holder.sock"
	"$FIXTURES" --fc-helper fixture.pipes-passed hold "$FC_FIXTURE_HOLDER" &
	BG=$!
	for i in $(seq 100); do
		[ -S "$FC_FIXTURE_HOLDER" ] && return 0
		sleep 0.1
	done
	fail "the holder did not start"
}

@test "capture pipes held outside the run: the message names who holds them" {
	[ -z "${TEST_EMULATOR:-}" ] || skip "run under $TEST_EMULATOR"
	[ -d /proc/self/fd ] || skip "no /proc"
	holder
	timed 10 "$FIXTURES" --timeout-multiplier 1 fixture.pipes-passed \
	    fixture.empty
	[ "$status" -eq 1 ] || fail "exit $status"
	run grep '^not ok 2' "$D/out"
	assert_output --regexp "^not ok 2 - fixture.pipes-passed # broken: descendants escaped containment: the capture pipes stayed open 0\.25[0-9]* s after every process the case left was reaped; held by $BG \(forkcheck-fixtu, state S\)\$"
	run grep -c '^ok 1 - fixture.empty$' "$D/out"
	assert_output 1
	no_rundir
}

@test "a sweep that runs out names the processes, their state, the time" {
	[ -z "${TEST_EMULATOR:-}" ] || skip "run under $TEST_EMULATOR"
	[ -d /proc/self/fd ] || skip "no /proc"
	holder
	# The child the holder traces stays a zombie its parent cannot reap.
	timed 15 "$FIXTURES" --timeout-multiplier 1 fixture.traced-child \
	    fixture.empty
	[ "$status" -eq 1 ] || fail "exit $status"
	pid=$(sed -n 's/^    traced pid \([0-9]*\)$/\1/p' "$D/out")
	[ -n "$pid" ] || fail "no traced pid: $(cat "$D/out")"
	run grep '^not ok 2' "$D/out"
	assert_output --regexp "^not ok 2 - fixture.traced-child # broken: the sweep gave up after 2(\.[0-9]+)? s: 1 process the case left could not be reaped after SIGKILL: $pid \(forkcheck-fixtu, state Z: dead, not yet reapable, as when a tracer has not waited for it\)\$"
	# The end of the run waits for it no longer, and says so.
	run cat "$D/err"
	assert_output "forkcheck-fixtures: processes the cases left could not be reaped after SIGKILL: $pid (forkcheck-fixtu, state Z: dead, not yet reapable, as when a tracer has not waited for it)"
	# Elapsed: the sweep's 2 s in the worker and at the end, not more.
	awk -v e="$elapsed" 'BEGIN { exit !(e < 8) }' || fail "took $elapsed s"
}

@test "the sweep's and the drain's limits scale with the multiplier" {
	[ -z "${TEST_EMULATOR:-}" ] || skip "run under $TEST_EMULATOR"
	[ -d /proc/self/fd ] || skip "no /proc"
	holder
	timed 10 "$FIXTURES" --timeout-multiplier 4 fixture.pipes-passed
	run grep '^not ok 1' "$D/out"
	assert_output --regexp 'the capture pipes stayed open 1(\.[0-9]+)? s after every process'
}
