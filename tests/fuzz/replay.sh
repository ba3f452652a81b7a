#!/bin/sh
# replay.sh: feeds every seed (tests/fuzz/corpus/NAME/) and every crash
# reproducer (tests/fuzz/crashes/NAME/) of each fuzz target in
# $FUZZ_TARGETS to tests/fuzz/replay-NAME, a plain build of the target.
# TAP: one test point per target; a crash names the input that caused it.

: "${top_srcdir:=.}"
set -- $FUZZ_TARGETS
echo "1..$#"
n=0
for t; do
	n=$((n + 1))
	files=
	for d in "$top_srcdir/tests/fuzz/corpus/$t" "$top_srcdir/tests/fuzz/crashes/$t"; do
		test -d "$d" || continue
		for f in "$d"/*; do
			test -f "$f" && files="$files $f"
		done
	done
	if test ! -d "$top_srcdir/tests/fuzz/corpus/$t"; then
		echo "not ok $n - $t: no seed corpus tests/fuzz/corpus/$t"
		continue
	fi
	out=$(${TEST_EMULATOR:+$TEST_EMULATOR} "./tests/fuzz/replay-$t" $files 2>&1)
	rc=$?
	count=$(printf '%s\n' "$out" | grep -c '^ok ')
	total=$(printf '%s\n' $files | grep -c .)
	if test "$rc" -eq 0 && test "$count" -eq "$total"; then
		echo "ok $n - $t: $total inputs replayed"
	else
		bad=$(printf '%s\n' $files | sed -n "$((count + 1))p")
		echo "not ok $n - $t: exit $rc after $count of $total inputs; input: $bad"
		printf '%s\n' "$out" | sed 's/^/# /' | tail -40
	fi
done
