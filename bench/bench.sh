#!/bin/sh
# bench.sh: what the runner costs per case, as a ratio measured in one run.
#
# For ROUNDS rounds, alternating: a bare fork + _exit + waitpid loop of N
# cycles, and forkcheck's runner on N empty cases (fixture.empty, with
# containment, capture pipes and the deadline all on).  The runner's
# per-case cost is (T(N) - T(1)) / (N - 1), so start-up does not count.
# Prints each round and the median ratio.  Not a test: nothing here
# passes or fails.
#
# usage: bench/bench.sh [BUILDDIR]   (N and ROUNDS from the environment)

set -eu
build=${1:-.}
N=${N:-5000}
ROUNDS=${ROUNDS:-5}
loop="$build/bench/forkloop"
fixtures="$build/tests/forkcheck-fixtures"
for f in "$loop" "$fixtures"; do
	[ -x "$f" ] || { echo "bench.sh: build $f first (make bench)" >&2; exit 2; }
done

median() {
	sort -n | awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2]
	          else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "runner overhead: $N empty cases vs $N bare fork+_exit+waitpid, $ROUNDS rounds"
echo "machine: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
printf '%-6s %12s %14s %8s\n' round 'bare us' 'runner us' ratio
ratios=
r=1
while [ "$r" -le "$ROUNDS" ]; do
	b=$("$loop" "$N")
	t1=$("$loop" -t "$fixtures" fixture.empty)
	tn=$("$loop" -t "$fixtures" --repeat "$N" fixture.empty)
	per=$(awk -v a="$tn" -v b="$t1" -v n="$N" 'BEGIN { printf "%.2f", (a - b) / (n - 1) }')
	ratio=$(awk -v p="$per" -v b="$b" 'BEGIN { printf "%.3f", p / b }')
	printf '%-6s %12s %14s %8s\n' "$r" "$b" "$per" "$ratio"
	ratios="$ratios $ratio"
	r=$((r + 1))
done
m=$(for x in $ratios; do echo "$x"; done | median)
echo "median ratio (runner per case / bare fork cycle): $m  (target <= 1.6; libcheck's fork mode: 2.65)"
