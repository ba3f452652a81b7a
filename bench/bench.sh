#!/bin/sh
# bench.sh: what forkcheck costs, each figure a ratio or a delay measured
# in this one run.  Not a test: nothing here passes or fails; targets are
# printed next to the numbers.
#
#   1. runner overhead: the runner's cost per empty case (containment,
#      capture pipes and deadline all on) over a bare fork + _exit +
#      waitpid cycle; per case = (T(N) - T(1)) / (N - 1), so start-up does
#      not count; rounds alternate the two
#   2. suite wall time at -j1 and -j2, and per case (hyperfine when
#      installed, else our own timer; median of the runs)
#   3. timeout precision: for 0.1 s, 1 s and 5 s timeouts, how late the
#      verdict lands after the deadline (median and worst)
#   4. containment: killing and reaping a case tree with a setsid()
#      grandchild, over an empty case, and over a bare fork cycle
#
# usage: bench/bench.sh [BUILDDIR]   (N, ROUNDS, RUNS from the environment;
#        SECTIONS="1 2 3 4" to choose)

set -u
build=${1:-.}
N=${N:-5000}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-5}
SECTIONS=${SECTIONS:-1 2 3 4}
loop="$build/bench/forkloop"
fixtures="$build/tests/forkcheck-fixtures"
forkcheck="$build/forkcheck"
for f in "$loop" "$fixtures" "$forkcheck"; do
	[ -x "$f" ] || { echo "bench.sh: build $f first (make bench)" >&2; exit 2; }
done
export FORKCHECK_TIMEOUT_MULTIPLIER=1

median() {
	sort -n | awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2]
	          else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

worst() {
	sort -n | tail -n 1
}

echo "forkcheck benchmark: $(uname -srm), $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
echo

# 1. Runner overhead.
section1() {
	echo "1. runner overhead: $N empty cases vs $N bare fork+_exit+waitpid, $ROUNDS rounds"
	printf '   %-6s %12s %14s %8s\n' round 'bare us' 'runner us' ratio
	ratios= bares=
	r=1
	while [ "$r" -le "$ROUNDS" ]; do
		b=$("$loop" "$N")
		t1=$("$loop" -t "$fixtures" fixture.empty)
		tn=$("$loop" -t "$fixtures" --repeat "$N" fixture.empty)
		per=$(awk -v a="$tn" -v b="$t1" -v n="$N" \
		    'BEGIN { printf "%.2f", (a - b) / (n - 1) }')
		ratio=$(awk -v p="$per" -v b="$b" 'BEGIN { printf "%.3f", p / b }')
		printf '   %-6s %12s %14s %8s\n' "$r" "$b" "$per" "$ratio"
		ratios="$ratios $ratio"
		bares="$bares $b"
		r=$((r + 1))
	done
	m=$(for x in $ratios; do echo "$x"; done | median)
	BARE=$(for x in $bares; do echo "$x"; done | median)
	echo "   median ratio, runner per case / bare fork cycle: $m  (target <= 1.6; libcheck's fork mode: 2.65)"
	echo
}

# 2. Suite wall time.
suite_time() {	# jobs -> median seconds
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --warmup 1 --runs "$RUNS" --export-csv "$tmp/hf.csv" \
		    "$forkcheck -j$1 --no-external -o /dev/null" >/dev/null 2>&1
		awk -F, 'NR == 2 { printf "%.3f\n", $4 }' "$tmp/hf.csv"
	else
		i=0
		while [ "$i" -lt "$RUNS" ]; do
			"$loop" -t "$forkcheck" -j"$1" --no-external
			i=$((i + 1))
		done | median | awk '{ printf "%.3f\n", $1 / 1e6 }'
	fi
}

section2() {
	n=$("$forkcheck" --list --no-external | wc -l | tr -d ' ')
	how=own
	command -v hyperfine >/dev/null 2>&1 && how=hyperfine
	echo "2. the suite ($n C cases, no external ones): median of $RUNS runs ($how)"
	for j in 1 2; do
		s=$(suite_time "$j")
		per=$(awk -v s="$s" -v n="$n" 'BEGIN { printf "%.2f", s * 1000 / n }')
		note=
		[ "$j" -eq 2 ] && note="  (target <= 1 s; Open POSIX's 19 fork tests: 5 s)"
		echo "   -j$j: $s s, $per ms per case$note"
	done
	s=$("$loop" -t "$forkcheck" -j2)
	echo "   -j2 with the external cases (Python, sh): $(awk -v s="$s" 'BEGIN { printf "%.3f", s / 1e6 }') s"
	echo
}

# 3. Timeout precision: lateness = the case's duration - its timeout.
section3() {
	echo "3. timeout precision: how late a hung case's verdict lands after its deadline"
	for spec in "0.1 0.1 9" "1 1 9" "5 5 6"; do
		set -- $spec
		secs=$1 mult=$2 reps=$3
		"$fixtures" -j"$reps" --repeat "$reps" --timeout-multiplier "$mult" \
		    fixture.hang 2>/dev/null |
		    sed -n 's/^  duration_ms: //p' |
		    awk -v t="$secs" '{ printf "%.3f\n", $1 - t * 1000 }' >"$tmp/late"
		printf '   %-4s s: median %s ms late, worst %s ms (%s runs; target <= 5 ms)\n' \
		    "$secs" "$(median <"$tmp/late")" "$(worst <"$tmp/late")" "$reps"
	done
	echo
}

# 4. Containment: a case that leaves a setsid() grandchild, over an empty one.
section4() {
	m=${M:-500}
	echo "4. containment: $m cases leaving a setsid() grandchild vs $m empty cases"
	deltas=
	r=1
	while [ "$r" -le 3 ]; do
		te=$("$loop" -t "$fixtures" --repeat "$m" fixture.empty)
		tc=$("$loop" -t "$fixtures" --repeat "$m" fixture.setsid-grandchild)
		deltas="$deltas $(awk -v a="$tc" -v b="$te" -v n="$m" \
		    'BEGIN { printf "%.1f", (a - b) / n }')"
		r=$((r + 1))
	done
	d=$(for x in $deltas; do echo "$x"; done | median)
	b=${BARE:-$("$loop" "$N")}
	echo "   the grandchild's set-up (fork, setsid), kill and reap: $d us per case over an empty case"
	echo "   = $(awk -v d="$d" -v b="$b" 'BEGIN { printf "%.2f", d / b }') bare fork cycles ($b us)"
	echo
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkcheck-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
BARE=
for s in $SECTIONS; do
	"section$s"
done
