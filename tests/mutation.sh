#!/bin/sh
# mutation.sh: proves the suite can fail, and only when it should.  Runs
# forkcheck under the mutants of tests/mutants.so (a preloaded,
# deliberately broken fork() and neighbours) and prints TAP, one test
# point per mutant and one for the suite's adequacy, then a table.
#
# - a semantic mutant breaks one rule; its targets (the 4th column of
#   FORKCHECK_MUTANT=list: case ids or globs) are the cases that exist for
#   that rule, and each of them must say fail under it (a broken, timeout
#   or skip does not count);
# - a robustness mutant (a child that hangs, ignores SIGTERM, crashes,
#   floods or escapes) must be contained: the run ends in time with the
#   right verdicts and no process of it is left;
# - a quiet mutant slows a correct platform (stalling pipes, slow forks, a
#   slow machine): no case may fail under it (broken, a timeout, is
#   tolerated), at the timeout multiplier of the environment;
# - adequacy: every case of --list outside the qoi and probe tiers (which
#   never fail) is a target of some semantic mutant or is listed, with
#   the reason, in tests/unmutated.txt.
#
# MUTATION_SCOPE=targets (the default; make check): each semantic mutant
# runs on its targets only, each quiet one on the timing-sensitive cases
# below, mutants run two at a time.  MUTATION_SCOPE=all (make mutation):
# a baseline run and every mutant over the whole suite, one at a time; a
# target must also pass in the baseline, and the table shows, per case,
# the mutants that make it fail (which is how targets are found).
#
# usage: tests/mutation.sh [MUTANT ...]
# (FORKCHECK, MUTANTS name the binaries; make check and make mutation
# set them.)

: "${FORKCHECK:=./forkcheck}"
: "${MUTANTS:=./tests/mutants.so}"
: "${MUTATION_SCOPE:=targets}"
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${MUTATION_JOBS:=2}"
# Absolute: the external cases (python, sh) run in another directory, and
# a relative LD_PRELOAD would be lost there.
case "$MUTANTS" in
/*) ;;
*) MUTANTS=$(cd "$(dirname "$MUTANTS")" && pwd)/$(basename "$MUTANTS") ;;
esac
export FORKCHECK MUTANTS MUTATION_SCOPE

# Cases for the robustness mutants: enough that fork, wait and pipes are
# exercised, few enough that hanging children cost only seconds.
robust_cases='pid.ret-values pid.ppid fd.same-ofd cow.private-anon wait.exit-low8 sig.dispositions'

# Cases for the quiet mutants in the targets scope: those that wait on
# another process, a signal or a clock, where a fixed wall-clock limit
# would turn a slow platform into a fail.
quiet_cases='pid.ret-values pid.independent pid.ppid/from-thread
pid.getpid-cache fd.same-ofd fd.inotify-shared fd.eventfd-timerfd/timerfd
cow.private-anon sig.sigchld-stop-events sig.sigchld-stop-events/continued
sig.ign-autoreap sig.nocldwait sig.sigchld-coalesce sig.pending-cleared
wait.stop-continue wait.stop-continue/waitid wait.rusage-children/autoreap
wait.reparent wait.exit-low8 thr.pshared-sync thr.mutex-state
thr.atfork-order tim.alarm-cleared tim.cpu-clocks-zero
tim.cpu-clocks-zero/thread tim.rusage-self lim.rlimit-cpu-fresh misc.aio
misc.vfork-release misc.vfork-release/sigchld misc.vfork-suspend
misc.pdfork'

now() {
	# seconds with a fraction, without date +%N
	perl -MTime::HiRes=time -e 'printf "%.2f\n", time' 2>/dev/null || date +%s
}

# leftovers: "pid mutant" for each process still carrying a run's tag
# (Linux /proc only), read once after all runs: a process a run left
# behind is still there.
leftovers() {
	pre="FC_RUN_TAG=forkcheck-mutation-$MUTATION_PID-"
	for f in /proc/[0-9]*/environ; do
		t=$( (tr '\0' '\n' <"$f") 2>/dev/null | grep -a -- "^$pre") ||
		    continue
		f=${f#/proc/}
		printf '%s %s\n' "${f%/environ}" "${t#"$pre"}"
	done
}

# --one NAME KIND TARGETS: one run, into $MUTATION_TMP/NAME.* (tap, err,
# rc, secs); xargs calls it, so that runs can overlap.
if [ "$1" = --one ]; then
	name=$2 kind=$3 targets=$4
	out=$MUTATION_TMP/${name:-none}
	case "$MUTATION_SCOPE.$kind" in
	*.robustness)
		set -- --timeout-multiplier 0.2 $robust_cases ;;
	targets.semantic)
		set -f
		# shellcheck disable=SC2086
		set -- $targets
		set +f ;;
	targets.quiet)
		# shellcheck disable=SC2086
		set -- $quiet_cases ;;
	*)
		set -- ;;
	esac
	start=$(now)
	env FORKCHECK_MUTANT="$name" \
	    FC_RUN_TAG="forkcheck-mutation-$MUTATION_PID-${name:-none}" \
	    LD_PRELOAD="$MUTANTS" "$FORKCHECK" -j2 "$@" >"$out.tap" 2>"$out.err"
	echo $? >"$out.rc"
	awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f\n", b - a }' \
	    >"$out.secs"
	exit 0
fi

MUTATION_PID=$$
MUTATION_TMP=$(mktemp -d "${TMPDIR:-/tmp}/forkcheck-mutation.XXXXXX") || exit 99
export MUTATION_PID MUTATION_TMP
tmp=$MUTATION_TMP
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ids FILE PATTERN: case ids whose test line matches PATTERN.
ids() {
	sed -n "s/^$2 [0-9]* - \\([^ ]*\\).*/\\1/p" "$1"
}

# verdict FILE ID: the verdict ID got in FILE (pass, fail, broken, skip,
# todo), or nothing if it did not run.
verdict() {
	awk -v id="$2" '
	$2 ~ /^[0-9]+$/ && $3 == "-" && $4 == id && $1 == "ok" {
		print ($5 == "#" && $6 == "SKIP") ? "skip" : "pass"; exit }
	$1 == "not" && $4 == "-" && $5 == id {
		v = $7; sub(/:$/, "", v); if ($7 == "TODO") v = "todo"
		print v; exit }' "$1"
}

list=$(env FORKCHECK_MUTANT=list LD_PRELOAD="$MUTANTS" "$FORKCHECK" --version 2>/dev/null)
case "$list" in
*semantic*) ;;
*)
	echo "1..0 # SKIP preloading $MUTANTS does not work with this build (static, or no LD_PRELOAD)"
	exit 0
	;;
esac
printf '%s\n' "$list" >"$tmp/all-mutants"
if [ $# -gt 0 ]; then
	list=$(printf '%s\n' "$list" | awk -F '\t' -v want=" $* " \
	    'index(want, " " $1 " ")')
fi
printf '%s\n' "$list" >"$tmp/list"

# The cases that can fail (not qoi or probe: --list ends their line with
# the tier), and the mutants' targets expanded to case ids.
"$FORKCHECK" --list >"$tmp/cases" 2>/dev/null || {
	echo "Bail out! $FORKCHECK --list failed"; exit 99; }
awk '$NF != "[qoi]" && $NF != "[probe]" { print $1 }' "$tmp/cases" \
    >"$tmp/failable"
awk '{ print $1 }' "$tmp/cases" >"$tmp/ids"
: >"$tmp/targets"
: >"$tmp/stale"
while IFS='	' read -r name kind what targets; do
	[ "$kind" = semantic ] || continue
	set -f
	for t in $targets; do
		n=0
		while read -r id; do
			# shellcheck disable=SC2254
			case "$id" in
			$t) printf '%s\t%s\n' "$id" "$name" >>"$tmp/targets"
			    n=$((n + 1)) ;;
			esac
		done <"$tmp/ids"
		[ "$n" -gt 0 ] || echo "$name: target '$t' is no case" >>"$tmp/stale"
	done
	set +f
done <"$tmp/all-mutants"
unmutated=$top_srcdir/tests/unmutated.txt
grep -v '^#' "$unmutated" 2>/dev/null | grep . | cut -f 1 >"$tmp/unmutated"

# The runs: the baseline first (scope all), then the mutants, quiet ones
# first (they are the longest, and mostly asleep).
if [ "$MUTATION_SCOPE" = all ]; then
	"${SHELL:-/bin/sh}" "$0" --one "" semantic ""
	ids "$tmp/none.tap" 'ok' | grep -v '^$' >"$tmp/passing"
	grep -q . "$tmp/passing" ||
	    { echo "Bail out! the baseline run passed nothing"; exit 99; }
	jobs=1
else
	jobs=$MUTATION_JOBS
fi
{
	awk -F '\t' '$2 == "quiet"' "$tmp/list"
	awk -F '\t' '$2 == "robustness"' "$tmp/list"
	awk -F '\t' '$2 == "semantic"' "$tmp/list"
} | awk -F '\t' '{ printf "%s\n%s\n%s\n", $1, $2, $4 }' |
    tr '\n' '\0' | xargs -0 -n 3 -P "$jobs" "${SHELL:-/bin/sh}" "$0" --one
leftovers >"$tmp/left"

n=$(grep -c . "$tmp/list")
echo "1..$((n + 1))"
i=0
table=
killed=0 survived=0
: >"$tmp/kills"
while IFS='	' read -r name kind what targets; do
	i=$((i + 1))
	tap=$tmp/$name.tap
	rc=$(cat "$tmp/$name.rc")
	secs=$(cat "$tmp/$name.secs")
	left=$(awk -v m="$name" '$2 == m { printf "%s ", $1 }' "$tmp/left")
	case "$kind" in
	semantic)
		# Every case it made fail (that passed in the baseline).
		ids "$tap" 'not ok' | while read -r id; do
			[ "$(verdict "$tap" "$id")" = fail ] || continue
			if [ "$MUTATION_SCOPE" = all ] &&
			    ! grep -qx -- "$id" "$tmp/passing"; then
				continue
			fi
			printf '%s\t%s\n' "$id" "$name"
		done >"$tmp/$name.kills"
		cat "$tmp/$name.kills" >>"$tmp/kills"
		problem=
		missed=
		for id in $(awk -F '\t' -v m="$name" '$2 == m { print $1 }' \
		    "$tmp/targets"); do
			grep -q "^$id	" "$tmp/$name.kills" && continue
			v=$(verdict "$tap" "$id")
			if [ "$MUTATION_SCOPE" = all ] && [ "$v" = fail ]; then
				v="fail, but not pass in the baseline"
			fi
			missed="$missed $id (${v:-not run})"
		done
		[ -n "$missed" ] && problem="targets not failed:$missed"
		grep -q "	$name\$" "$tmp/targets" ||
		    problem="no targets ($what)"
		[ -n "$left" ] && problem="processes left: $left"
		[ "$rc" -le 1 ] || problem="forkcheck exited $rc"
		fails=$(cut -f 1 "$tmp/$name.kills" | tr '\n' ' ')
		if [ -z "$problem" ]; then
			result=killed
			killed=$((killed + 1))
			echo "ok $i - $name: killed by ${fails% } ($secs s)"
		else
			result=SURVIVED
			survived=$((survived + 1))
			echo "not ok $i - $name: $problem"
		fi
		extra=$(cut -f 1 "$tmp/$name.kills" | while read -r id; do
			grep -q "^$id	$name\$" "$tmp/targets" || echo "$id"
		done | tr '\n' ' ')
		[ -n "$extra" ] && echo "# $name also fails (not a target): ${extra% }"
		;;
	robustness)
		# The run must end, in time, having contained everything.
		want=
		case "$name" in
		child-hangs) want='broken: timeout after' ;;
		child-ignores-term) want='broken: timeout after' ;;
		child-crashes) want='SIGSEGV' ;;
		child-escapes) want='behind (pid' ;;
		esac
		problem=
		[ "$rc" -le 1 ] || problem="forkcheck exited $rc"
		[ -z "$left" ] || problem="processes left: $left"
		grep -q '^# [0-9]* passed' "$tap" || problem="the run did not finish"
		if [ -n "$want" ] && ! grep -q -- "$want" "$tap"; then
			problem="no verdict says '$want'"
		fi
		if [ -z "$problem" ]; then
			result=contained
			killed=$((killed + 1))
			echo "ok $i - $name: contained ($secs s)"
		else
			result=ESCAPED
			survived=$((survived + 1))
			echo "not ok $i - $name: $problem"
		fi
		fails=$(ids "$tap" 'not ok' | tr '\n' ' ')
		;;
	quiet)
		# A slow platform is not a broken one: no fail.
		fails=$(ids "$tap" 'not ok' | while read -r id; do
			[ "$(verdict "$tap" "$id")" = fail ] && echo "$id"
		done | tr '\n' ' ')
		problem=
		[ -z "$fails" ] || problem="false fail: ${fails% }"
		[ "$rc" -le 1 ] || problem="$problem${problem:+; }forkcheck exited $rc"
		[ -z "$left" ] || problem="processes left: $left"
		grep -q '^# [0-9]* passed' "$tap" || problem="the run did not finish"
		broken=$(ids "$tap" 'not ok' | while read -r id; do
			[ "$(verdict "$tap" "$id")" = broken ] && echo "$id"
		done | tr '\n' ' ')
		if [ -z "$problem" ]; then
			result=green
			killed=$((killed + 1))
			echo "ok $i - $name: no case failed ($secs s)${broken:+; broken (tolerated): ${broken% }}"
		else
			result=FAILED
			survived=$((survived + 1))
			echo "not ok $i - $name: $problem"
		fi
		;;
	esac
	table="$table$name|$result|${fails% }|$secs
"
done <"$tmp/list"

# Adequacy: each failable case is a target (killed by a run, in scope
# all), or listed as unmutated with its reason.
i=$((i + 1))
if [ "$MUTATION_SCOPE" = all ]; then
	cut -f 1 "$tmp/kills" | sort -u >"$tmp/killed"
else
	cut -f 1 "$tmp/targets" | sort -u >"$tmp/killed"
fi
m=0 k=0
: >"$tmp/orphans"
while read -r id; do
	m=$((m + 1))
	if grep -qx -- "$id" "$tmp/killed"; then
		k=$((k + 1))
	elif ! grep -qx -- "$id" "$tmp/unmutated"; then
		echo "$id" >>"$tmp/orphans"
	fi
done <"$tmp/failable"
u=$(grep -cxF -f "$tmp/failable" "$tmp/unmutated")
grep -vxF -f "$tmp/ids" "$tmp/unmutated" | sed 's/^/unmutated.txt: no case /' \
    >>"$tmp/stale"
echo "# cases failed by a mutant: $k of $m ($u more listed in tests/unmutated.txt)"
kinds=$(grep -v '^#' "$unmutated" 2>/dev/null | cut -f 2 | cut -d : -f 1 |
    sort | uniq -c | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')
[ -n "$kinds" ] && echo "# unmutated by kind: $kinds"
if [ -s "$tmp/orphans" ] || [ -s "$tmp/stale" ]; then
	echo "not ok $i - adequacy: $(grep -c . "$tmp/orphans") cases neither failed by a mutant nor in tests/unmutated.txt"
	sed 's/^/#   /' "$tmp/orphans" "$tmp/stale"
	survived=$((survived + 1))
else
	echo "ok $i - adequacy: every case that can fail is failed by a mutant or in tests/unmutated.txt"
fi

echo "#"
printf '# %-20s %-9s %6s  %s\n' mutant result secs "fail verdicts (robustness: cases not ok)"
printf '%s' "$table" | while IFS='|' read -r name result cases secs; do
	printf '# %-20s %-9s %6s  %s\n' "$name" "$result" "$secs" "$cases"
done
if [ "$MUTATION_SCOPE" = all ]; then
	echo "#"
	echo "# case -> mutants that make it fail"
	while read -r id; do
		ms=$(awk -F '\t' -v id="$id" '$1 == id { print $2 }' \
		    "$tmp/kills" | tr '\n' ' ')
		if [ -z "$ms" ] && grep -qx -- "$id" "$tmp/unmutated"; then
			ms="(unmutated)"
		fi
		printf '# %-40s %s\n' "$id" "${ms% }"
	done <"$tmp/ids"
fi
echo "# $killed killed, contained or green, $survived not"
[ "$survived" -eq 0 ]
