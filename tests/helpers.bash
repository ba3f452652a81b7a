# helpers.bash: shared by the bats tests of forkcheck.
#
# FORKCHECK and FIXTURES name the binaries under test (make check sets
# them); TEST_EMULATOR, when set, runs them (qemu-user for cross builds).

bats_load_library bats-support
bats_load_library bats-assert

: "${FORKCHECK:=./forkcheck}"
: "${FIXTURES:=./tests/forkcheck-fixtures}"

fc() {
	${TEST_EMULATOR:+$TEST_EMULATOR} "$FORKCHECK" "$@"
}

fixtures() {
	${TEST_EMULATOR:+$TEST_EMULATOR} "$FIXTURES" "$@"
}

# tap_point FILE ID: the test line of case ID.
tap_point() {
	grep -E "^(not )?ok [0-9]+ - $2( |\$)" "$1"
}

# tap_field FILE ID KEY: KEY's value in the YAML block after ID's line.
tap_field() {
	awk -v id="$2" -v key="$3" '
		$0 ~ "^(not )?ok [0-9]+ - " id "( |$)" { inblock = 1; next }
		inblock && /^(not )?ok / { exit }
		inblock && /^  \.\.\.$/ { exit }
		inblock && index($0, "  " key ": ") == 1 {
			sub("^  " key ": ", ""); gsub(/^"|"$/, ""); print; exit
		}' "$1"
}

# assert_gone PID...: none of these processes exists any more.
assert_gone() {
	local pid
	for pid in "$@"; do
		if kill -0 "$pid" 2>/dev/null; then
			ps -o pid,ppid,pgid,sid,stat,args -p "$pid" >&3 || true
			fail "process $pid still exists"
		fi
	done
}

# tagged PATTERN: pids whose environment holds PATTERN (Linux /proc only).
tagged() {
	local f
	for f in /proc/[0-9]*/environ; do
		if grep -qa -- "$1" "$f" 2>/dev/null; then
			f=${f#/proc/}
			echo "${f%/environ}"
		fi
	done
}

# assert_no_tagged PATTERN: no process carries PATTERN in its environment.
assert_no_tagged() {
	local left
	[ -r /proc/self/environ ] || return 0
	left=$(tagged "$1" | grep -vx "$$" || true)
	[ -z "$left" ] || fail "processes of the run still exist: $left"
}

# slow SECONDS: SECONDS scaled by the timeout multiplier make check chose
# (tests/multiplier.sh), written as forkcheck writes a timeout: how long a
# timing-dependent assertion may take on this machine, now.
slow() {
	awk -v s="$1" -v m="${FORKCHECK_TIMEOUT_MULTIPLIER:-1}" 'BEGIN {
		t = s * m
		if (t == int(t))
			printf "%d\n", t
		else
			printf "%.3g\n", t
	}'
}

# slow_int SECONDS: slow SECONDS rounded up to whole seconds.
slow_int() {
	awk -v s="$1" -v m="${FORKCHECK_TIMEOUT_MULTIPLIER:-1}" 'BEGIN {
		t = s * m
		printf "%d\n", (t == int(t)) ? t : int(t) + 1
	}'
}

# usage_error CMD...: status 2, nothing on stdout, one line on stderr
# (needs bats_require_minimum_version 1.5.0 in the test file).
usage_error() {
	run -2 --separate-stderr "$@"
	assert_output ""
	[ "${#stderr_lines[@]}" -eq 1 ] ||
	    fail "want one line on stderr, got: $stderr"
}

# chromium_run OUT ARGS...: headless Chromium, its log in OUT.
chromium_run() {
	local out=$1
	shift
	timeout 120 chromium --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --no-first-run --disable-extensions \
	    --user-data-dir="$BATS_TEST_TMPDIR/profile" \
	    --enable-logging=stderr --v=0 "$@" 2>"$out"
}

# chromium_shot PNG WIDTH URL: a screenshot of URL at WIDTH px into PNG
# (its log in PNG.log), with no console error.
chromium_shot() {
	chromium_run "$1.log" --screenshot="$1" --window-size="$2,1600" "$3" ||
	    fail "chromium failed at $2 px: $(tail -5 "$1.log")"
	[ -s "$1" ] || fail "no screenshot at $2 px"
	run grep 'CONSOLE' "$1.log"
	assert_output ''
}

# chromium_dom DOM URL [ARGS...]: the DOM of URL as rendered into DOM
# (its log in DOM.log), with no console error.
chromium_dom() {
	local dom=$1 url=$2
	shift 2
	chromium_run "$dom.log" --dump-dom "$@" "$url" >"$dom"
	run grep 'CONSOLE' "$dom.log"
	assert_output ''
}
