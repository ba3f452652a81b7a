#!/bin/sh
# mutation.sh: proves the suite can fail.  Runs forkcheck once per mutant
# of tests/mutants.so (a preloaded, deliberately broken fork() and
# neighbours), and prints TAP, one test point per mutant, then the table:
# mutant, killed or survived, the cases that killed it, run time.
#
# - a semantic mutant is killed when at least one case that passes
#   without it fails with it ("# fail:"); cases it only breaks are listed
#   apart, they do not count;
# - a robustness mutant (a child that hangs, ignores SIGTERM, crashes,
#   floods or escapes) must be contained: the run ends in time with the
#   right verdicts and no process of it is left.
#
# usage: tests/mutation.sh [MUTANT ...]
# (FORKCHECK, MUTANTS name the binaries; make check and make mutation
# set them.)

: "${FORKCHECK:=./forkcheck}"
: "${MUTANTS:=./tests/mutants.so}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkcheck-mutation.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Cases for the robustness mutants: enough that fork, wait and pipes are
# exercised, few enough that hanging children cost only seconds.
robust_cases='pid.ret-values pid.ppid fd.same-ofd cow.private-anon wait.exit-low8 sig.dispositions'

now() {
	# seconds with a fraction, without date +%N
	perl -MTime::HiRes=time -e 'printf "%.2f\n", time' 2>/dev/null || date +%s
}

# run NAME ARGS...: the suite under mutant NAME ("" for none) into $tmp/NAME.tap
run() {
	name=$1
	shift
	tag="forkcheck-mutation-$$-${name:-none}"
	env FORKCHECK_MUTANT="$name" FC_RUN_TAG="$tag" LD_PRELOAD="$MUTANTS" \
	    "$FORKCHECK" "$@" >"$tmp/${name:-none}.tap" 2>"$tmp/${name:-none}.err"
}

# leftovers NAME: pids still carrying the run's tag (Linux /proc only).
leftovers() {
	tag="FC_RUN_TAG=forkcheck-mutation-$$-$1"
	for f in /proc/[0-9]*/environ; do
		grep -qa -- "$tag" "$f" 2>/dev/null || continue
		f=${f#/proc/}
		printf '%s ' "${f%/environ}"
	done
}

# ids FILE PATTERN: case ids whose test line matches PATTERN.
ids() {
	sed -n "s/^$2 [0-9]* - \\([^ ]*\\).*/\\1/p" "$1"
}

list=$(env FORKCHECK_MUTANT=list LD_PRELOAD="$MUTANTS" "$FORKCHECK" --version 2>/dev/null)
case "$list" in
*semantic*) ;;
*)
	echo "1..0 # SKIP preloading $MUTANTS does not work with this build (static, or no LD_PRELOAD)"
	exit 0
	;;
esac
if [ $# -gt 0 ]; then
	list=$(printf '%s\n' "$list" | awk -F '\t' -v want=" $* " \
	    'index(want, " " $1 " ")')
fi

# The baseline: which cases pass with the library loaded but no mutant.
run "" -j2
ids "$tmp/none.tap" 'ok' | grep -v '^$' >"$tmp/passing"
grep -q . "$tmp/passing" || { echo "Bail out! the baseline run passed nothing"; exit 99; }

n=$(printf '%s\n' "$list" | grep -c .)
echo "1..$n"
i=0
table=
killed=0 survived=0
printf '%s\n' "$list" >"$tmp/list"
while IFS='	' read -r name kind what; do
	i=$((i + 1))
	start=$(now)
	if [ "$kind" = semantic ]; then
		run "$name" -j2
	else
		# shellcheck disable=SC2086
		run "$name" -j2 --timeout-multiplier 0.2 $robust_cases
	fi
	rc=$?
	secs=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
	left=$(leftovers "$name")
	tap=$tmp/$name.tap
	if [ "$kind" = semantic ]; then
		fails=$(ids "$tap" 'not ok' | while read -r id; do
			grep -qx "$id" "$tmp/passing" &&
			    grep -q "^not ok [0-9]* - $id # fail:" "$tap" && echo "$id"
		done | tr '\n' ' ')
		breaks=$(ids "$tap" 'not ok' | while read -r id; do
			grep -qx "$id" "$tmp/passing" &&
			    grep -q "^not ok [0-9]* - $id # broken:" "$tap" && echo "$id"
		done | tr '\n' ' ')
		if [ -n "$fails" ] && [ -z "$left" ]; then
			result=killed
			killed=$((killed + 1))
			echo "ok $i - $name: killed by ${fails% } ($secs s)"
		else
			result=SURVIVED
			survived=$((survived + 1))
			why="no case failed"
			[ -n "$left" ] && why="processes left: $left"
			echo "not ok $i - $name: $why ($what)"
			[ -n "$breaks" ] && echo "# $name broke, without failing: ${breaks% }"
		fi
		table="$table$name|$result|${fails% }|$secs
"
	else
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
		table="$table$name|$result|$(ids "$tap" 'not ok' | tr '\n' ' ')|$secs
"
	fi
done <"$tmp/list"

echo "#"
printf '# %-20s %-9s %6s  %s\n' mutant result secs "killed by (fail verdicts; for robustness: cases not ok)"
printf '%s' "$table" | while IFS='|' read -r name result cases secs; do
	printf '# %-20s %-9s %6s  %s\n' "$name" "$result" "$secs" "$cases"
done
echo "# $killed killed or contained, $survived survived"
[ "$survived" -eq 0 ]
