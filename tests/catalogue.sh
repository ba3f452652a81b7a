#!/bin/sh
# catalogue.sh: the coverage map.  Every row of the fork catalogue
# (cases/catalogue.tsv) must have a case -- its id, or parts "id/part" --
# unless cases/left-out.txt lists it with the reason; a row left out must
# have no case; every C case must belong to a row.  One test point per
# row.  [qoi] and [probe] rows without a case are reported, not failed.

: "${FORKCHECK:=./forkcheck}"
: "${top_srcdir:=.}"
cat=$top_srcdir/cases/catalogue.tsv
left=$top_srcdir/cases/left-out.txt

ids=$(${TEST_EMULATOR:+$TEST_EMULATOR} "$FORKCHECK" --list --no-external |
    awk '{ print $1 }') || { echo "Bail out! forkcheck --list failed"; exit 99; }

rows=$(grep -v '^#' "$cat" | cut -f1)
nrows=$(printf '%s\n' "$rows" | grep -c .)
# Case ids whose row is not in the catalogue.
strays=$(printf '%s\n' "$ids" | while read -r id; do
	printf '%s\n' "$rows" | grep -qxF "${id%%/*}" || echo "$id"
done)
nstray=$(printf '%s\n' "$strays" | grep -c .)
echo "1..$((nrows + nstray))"

n=0
grep -v '^#' "$cat" | while IFS='	' read -r row tiers; do
	n=$((n + 1))
	cases=$(printf '%s\n' "$ids" | awk -v r="$row" \
	    '$0 == r || index($0, r "/") == 1' | tr '\n' ' ')
	why=$(awk -F '\t' -v r="$row" '$1 == r { print $2 }' "$left" 2>/dev/null)
	if [ -n "$why" ] && [ -n "$cases" ]; then
		echo "not ok $n - $row $tiers: left out ($why) but has cases: $cases"
	elif [ -n "$why" ]; then
		echo "ok $n - $row $tiers # SKIP left out: $why"
	elif [ -n "$cases" ]; then
		echo "ok $n - $row $tiers: ${cases% }"
	else
		case "$tiers" in
		*core*|*opt*|*xsi*|*linux*|*bsd*|*macos*|*freebsd*)
			echo "not ok $n - $row $tiers: no case" ;;
		*)
			echo "ok $n - $row $tiers # SKIP no case yet (a [qoi]/[probe] row)" ;;
		esac
	fi
done
printf '%s\n' "$strays" | grep . | while read -r id; do
	n=$((n + 1))
	echo "not ok $((nrows + n)) - case $id: its row ${id%%/*} is not in the catalogue"
done
