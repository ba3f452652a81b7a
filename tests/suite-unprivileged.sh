#!/bin/sh
# The conformance suite again as an unprivileged user, when make check
# runs as root: cases that need privilege skip, cases that need its
# absence (RLIMIT_NPROC, permission checks) run for real.  The binary is
# copied where that user can reach it, since the build tree may sit in a
# directory only root can enter.

: "${FORKCHECK:=./forkcheck}"
uid=65534

if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP not running as root: tests/suite.sh is the unprivileged run"
	exit 0
fi

if command -v setpriv >/dev/null 2>&1; then
	drop="setpriv --reuid=$uid --regid=$uid --clear-groups --"
elif command -v su >/dev/null 2>&1; then
	drop=su
else
	echo "1..0 # SKIP neither setpriv nor su is available to drop privileges"
	exit 0
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/forkcheck-unpriv.XXXXXX") || exit 99
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The suite's data too (expectations, external cases), laid out as
# installed, for FORKCHECK_DATADIR.
src=${top_srcdir:-.}
mkdir "$dir/tmp" "$dir/data" "$dir/data/expect" "$dir/data/cases" &&
    chown "$uid:$uid" "$dir/tmp" &&
    cp "$FORKCHECK" "$dir/forkcheck" &&
    cp "$src"/ci/expect/* "$dir/data/expect/" &&
    cp -R "$src/cases/external.list" "$src/cases/python" "$src/cases/sh" \
        "$dir/data/cases/" &&
    chmod -R a+rX "$dir" || exit 99
# The module thr.atfork-lifecycle/dlclose loads, laid out as built.
mod=$(dirname "$FORKCHECK")/cases/atfork-module.so
if [ -f "$mod" ]; then
	mkdir "$dir/cases" && cp "$mod" "$dir/cases/" &&
	    chmod -R a+rX "$dir/cases" || exit 99
fi

if [ "$drop" = su ]; then
	user=$(awk -F: -v u="$uid" '$3 == u { print $1; exit }' /etc/passwd)
	[ -n "$user" ] || { echo "1..0 # SKIP no user with uid $uid"; exit 0; }
	su -s /bin/sh "$user" -c "TMPDIR='$dir/tmp' \
	    FORKCHECK_DATADIR='$dir/data' PATH='/usr/local/bin:/usr/bin:/bin' \
	    ${TEST_EMULATOR:+$TEST_EMULATOR} '$dir/forkcheck' -j2"
else
	# A PATH the user can search: root's may hold directories it cannot.
	TMPDIR="$dir/tmp" FORKCHECK_DATADIR="$dir/data" \
	    PATH=/usr/local/bin:/usr/bin:/bin \
	    $drop ${TEST_EMULATOR:+$TEST_EMULATOR} "$dir/forkcheck" -j2
fi
