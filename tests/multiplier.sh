#!/bin/sh
# tests/multiplier.sh: the timeout multiplier make check gives the
# conformance suite and the self-tests (AM_TESTS_ENVIRONMENT).
#
# The larger of two figures, each rounded up, between 1 and 20:
# - the one forkcheck chooses itself from what a fork costs here (the
#   "timeout multiplier: N" of its TAP header for one quick case);
# - 1 + 2 x (1-minute load average / CPUs), for a machine that is busy
#   now: two CPU hogs and a parallel build on two CPUs give about 6.
# FORKCHECK_TIMEOUT_MULTIPLIER, when set, wins.  Timeouts are only guards,
# so a generous figure costs nothing when every case passes.

if [ -n "${FORKCHECK_TIMEOUT_MULTIPLIER:-}" ]; then
	echo "$FORKCHECK_TIMEOUT_MULTIPLIER"
	exit 0
fi
auto=$(${TEST_EMULATOR:+$TEST_EMULATOR} "${FORKCHECK:-./forkcheck}" \
    --no-expect 'pid.unique' 2>/dev/null |
    sed -n 's/.*timeout multiplier: \([0-9.]*\).*/\1/p' | head -n 1)
cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
load=$(cut -d ' ' -f 1 /proc/loadavg 2>/dev/null ||
    uptime 2>/dev/null | sed -n 's/.*load averages*: *\([0-9.]*\).*/\1/p')
awk -v auto="${auto:-1}" -v load="${load:-0}" -v cpus="${cpus:-1}" 'BEGIN {
	if (cpus < 1)
		cpus = 1
	busy = 1 + 2 * load / cpus
	m = auto > busy ? auto : busy
	m = (m == int(m)) ? m : int(m) + 1
	if (m < 1)
		m = 1
	if (m > 20)
		m = 20
	print m
}'
