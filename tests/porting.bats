#!/usr/bin/env bats
# Porting (issue 12): the emulator a run is under and how it was found,
# a timeout multiplier from the platform's speed that a busy machine
# does not swing, and low limits that fail fast and clearly.  The
# emulator tests build a static fixtures binary for i686 and armhf when
# the cross compilers and qemu-user are installed, and skip otherwise.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	D=$(mktemp -d "${BATS_TMPDIR:-/tmp}/porting.XXXXXX")
	mkdir "$D/tmp"
	export TMPDIR="$D/tmp"
	HOGS=
}

teardown() {
	local p
	for p in $HOGS; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$D"
}

# auto CMD...: the automatic multiplier's header line of CMD's run.
auto() {
	env -u FORKCHECK_TIMEOUT_MULTIPLIER "$@" 2>/dev/null |
	    sed -n 's/^# timeout multiplier: \([0-9.]*\) (measured: .*/\1/p'
}

# header CMD...: the header lines of CMD's run of fixture.empty.
header() {
	run -0 env -u FORKCHECK_TIMEOUT_MULTIPLIER "$@" fixture.empty
	assert_line --regexp '^# timeout multiplier: [0-9]+ \(measured: '
}

@test "the header says which emulator, and how it was decided" {
	[ -z "${TEST_EMULATOR:-}" ] || skip "run under $TEST_EMULATOR"
	header env -u FORKCHECK_EMULATOR "$FIXTURES"
	assert_line --index 5 --regexp '^# emulator: none \(checked: /proc/self/exe is what the kernel runs, no valgrind library mapped, '
	refute_line --partial ', under '
	header env FORKCHECK_EMULATOR=box64 "$FIXTURES"
	assert_line --index 5 '# emulator: box64 (from FORKCHECK_EMULATOR)'
	assert_line --index 4 --regexp '; at least 10 under box64\)$'
	assert_line --index 2 --partial ', under box64'
	header env FORKCHECK_EMULATOR=none "$FIXTURES"
	assert_line --index 5 '# emulator: none (from FORKCHECK_EMULATOR)'
}

@test "the automatic multiplier stays within 2x on a busy machine" {
	[ -z "${TEST_EMULATOR:-}" ] || skip "run under $TEST_EMULATOR"
	local m all=
	for i in 1 2 3; do
		m=$(auto "$FIXTURES" fixture.empty)
		[ -n "$m" ] || fail "no measured multiplier"
		all="$all $m"
	done
	# Two CPU hogs beside it, as a busy CI runner has.
	for i in 1 2; do
		sh -c 'while :; do :; done' &
		HOGS="$HOGS $!"
	done
	for i in 1 2 3; do
		m=$(auto "$FIXTURES" fixture.empty)
		[ -n "$m" ] || fail "no measured multiplier under load"
		all="$all $m"
	done
	echo "# multipliers: $all" >&3
	echo "$all" | awk '{ min = $1; max = $1
		for (i = 2; i <= NF; i++) {
			if ($i < min) min = $i
			if ($i > max) max = $i
		}
		exit !(max <= 2 * min) }' || fail "multipliers$all swing beyond 2x"
}

@test "valgrind is detected as an emulator, from the executable the kernel runs" {
	[ -z "${TEST_EMULATOR:-}" ] || skip "run under $TEST_EMULATOR"
	command -v valgrind >/dev/null || skip "no valgrind"
	run -0 env -u FORKCHECK_EMULATOR -u FORKCHECK_TIMEOUT_MULTIPLIER \
	    valgrind -q "$FIXTURES" fixture.empty
	assert_line --index 2 --regexp ', under valgrind \([a-z]+\)$'
	assert_line --index 4 --regexp '^# timeout multiplier: 20 \(measured: .*; at least 20 under valgrind\)$'
	assert_line --index 5 --regexp '^# emulator: valgrind \([a-z]+\) \(detected: the kernel runs .*valgrind.*, /proc/self/exe says .*forkcheck-fixtures\)$'
	assert_line 'ok 1 - fixture.empty'
}

# cross TRIPLET QEMU: a static fixtures binary for TRIPLET in $D/fixtures,
# or skip.  The build tree's config.h serves: the same glibc, other word
# size (large files asked for, as configure would).
cross() {
	local f
	[ -z "${TEST_EMULATOR:-}" ] || skip "run under $TEST_EMULATOR"
	command -v "$1-gcc" >/dev/null || skip "no $1-gcc"
	command -v "$2" >/dev/null || skip "no $2"
	[ -f "${top_srcdir:-.}/tests/fixtures.c" ] || skip "no sources"
	[ -f config.h ] || skip "no config.h here (not in the build tree)"
	f=$(ls "$top_srcdir"/harness/*.c | grep -v 'osdep-\(freebsd\|other\|unix\)\.c$')
	"$1-gcc" -static -O0 -w -D_FILE_OFFSET_BITS=64 -I. \
	    -I"$top_srcdir/harness" -I"$top_srcdir/compat" \
	    -I"$top_srcdir/cases" -DFC_SRCDIR='"./"' \
	    -DFC_SRC_EXPECTDIR='"/nonexistent"' -DFC_EXPECTDIR='"/nonexistent"' \
	    -DFC_SRC_CASEDIR='"/nonexistent"' -DFC_CASEDIR='"/nonexistent"' \
	    $f "$top_srcdir/tests/fixtures.c" -o "$D/fixtures" -lpthread \
	    -lrt 2>"$D/cc.err" || skip "cannot build for $1: $(tail -n 1 "$D/cc.err")"
}

# qemu_detected QEMU MACHINE: a run of $D/fixtures under QEMU, with no
# environment naming it, says qemu-user, how, and a generous multiplier,
# and execs the helper through it.
qemu_detected() {
	run -0 env -u FORKCHECK_EMULATOR -u FORKCHECK_EXEC_PREFIX \
	    -u FORKCHECK_TIMEOUT_MULTIPLIER "$1" "$D/fixtures" fixture.empty \
	    fixture.exec-helper
	assert_line --index 2 --regexp ", under qemu-user \\($2 on [a-z0-9_]+\\)\$"
	assert_line --index 4 --regexp '^# timeout multiplier: (1[0-9]|20) \(measured: .*; at least 10 under qemu-user\)$'
	assert_line --index 5 --regexp "^# emulator: qemu-user \\($2 on [a-z0-9_]+\\) \\(detected: the kernel runs .*/$(basename "$1"), /proc/self/exe says $D/fixtures; the helper is exec'd through it\\)\$"
	assert_line 'ok 1 - fixture.empty'
	assert_line 'ok 2 - fixture.exec-helper'
}

@test "qemu-i386 running an i686 build is detected, though uname looks native" {
	cross i686-linux-gnu qemu-i386
	qemu_detected qemu-i386 i686
}

@test "qemu-arm running an armhf build is detected" {
	cross arm-linux-gnueabihf qemu-arm
	qemu_detected qemu-arm armv7l
}

# limited ARGS...: forkcheck under prlimit ARGS with only fds 0-2 open,
# bounded in time; stdout in $D/out, stderr in $D/err.
limited() {
	local t0 t1 lim=()
	while [ "$1" != -- ]; do
		lim+=("$1")
		shift
	done
	shift
	command -v prlimit >/dev/null || skip "no prlimit"
	t0=$(date +%s)
	status=0
	timeout -s KILL 60 prlimit "${lim[@]}" \
	    ${TEST_EMULATOR:+$TEST_EMULATOR} "$@" >"$D/out" 2>"$D/err" \
	    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- || status=$?
	t1=$(date +%s)
	elapsed=$((t1 - t0))
}

@test "RLIMIT_NOFILE below a worker's needs: one line, exit 2, at once" {
	for args in "--nofile=12 -- $FORKCHECK" "--nofile=8 -- $FORKCHECK -j4" \
	    "--nofile=5 -- $FIXTURES fixture.empty"; do
		limited $args
		[ "$status" -eq 2 ] || fail "$args: exit $status"
		[ "$elapsed" -lt 10 ] || fail "$args: took $elapsed s"
		run cat "$D/err"
		assert_output --regexp '^[a-z-]+: RLIMIT_NOFILE is [0-9]+: a worker needs 13 descriptors \(raise it to at least 13\)$'
		run cat "$D/out"
		assert_output ""
		run ls -A "$TMPDIR"
		assert_output ""
	done
}

@test "RLIMIT_NOFILE for fewer workers than -j: -j lowered, one line" {
	limited --nofile=14 -- "$FIXTURES" -j8 fixture.empty fixture.skip \
	    fixture.fail fixture.note fixture.pass-output fixture.exit-3
	[ "$status" -eq 1 ] || fail "exit $status"
	run cat "$D/err"
	# -j8 for 6 cases is 6 workers.
	assert_output --regexp '^forkcheck-fixtures: RLIMIT_NOFILE 14 allows -j[1-5], not -j6: running with -j[1-5]$'
	run grep -c '^\(not \)\?ok ' "$D/out"
	assert_output 6
	run grep '^# containment: ' "$D/out"
	assert_output --regexp '; jobs: [1-5]; '
}

@test "RLIMIT_NPROC for fewer workers than -j, or for none" {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as another user"
	command -v setpriv >/dev/null || skip "no setpriv"
	# A uid that runs nothing else here (RLIMIT_NPROC counts them all).
	local uid=64999
	chmod 0777 "$TMPDIR" "$D"
	limited --nproc=14 -- setpriv --reuid=$uid --regid=$uid \
	    --clear-groups -- "$FIXTURES" -j4 fixture.empty fixture.skip \
	    fixture.note fixture.pass-output
	[ "$status" -eq 0 ] || fail "exit $status: $(cat "$D/err")"
	run cat "$D/err"
	assert_output --regexp '^forkcheck-fixtures: RLIMIT_NPROC 14 allows -j2, not -j4 \(this user runs [0-9]+ processes and threads\): running with -j2$'
	limited --nproc=4 -- setpriv --reuid=$uid --regid=$uid \
	    --clear-groups -- "$FIXTURES" fixture.empty
	[ "$status" -eq 2 ] || fail "exit $status"
	run cat "$D/err"
	assert_output --regexp '^forkcheck-fixtures: RLIMIT_NPROC is 4 and this user runs [0-9]+ processes and threads: a worker needs 6 more \(raise it to at least [0-9]+\)$'
	run cat "$D/out"
	assert_output ""
}

@test "misc.posix-spawn skips when its descriptors are beyond RLIMIT_NOFILE" {
	limited --nofile=16 -- "$FORKCHECK" --no-expect misc.posix-spawn
	[ "$status" -eq 0 ] || fail "exit $status: $(cat "$D/err")"
	run grep '^ok 1' "$D/out"
	assert_output 'ok 1 - misc.posix-spawn # SKIP RLIMIT_NOFILE is 16: the case needs descriptors 20 and 21'
}
