#!/usr/bin/env bats
# External cases: the suite's own (Python and sh) and fixtures that pass,
# fail, skip, break, hang and escape, all under the contract of C cases.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	X="$top_srcdir/tests/external/fixtures.list"
}

@test "--list shows the suite's Python and shell cases" {
	run -0 fc --list 'python.*' 'sh.*'
	assert_line --regexp '^python\.ret-values +Python os\.fork\(\)'
	assert_line --regexp '^python\.register-at-fork '
	assert_line --regexp '^sh\.trap-subshell +XCU 2\.12'
	run -0 fc --list --no-external
	refute_output --partial 'python.'
}

@test "the suite's external cases pass here" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	run -0 fc -j2 'python.*' 'sh.*'
	assert_line --regexp '^# 11 passed, 0 failed, 0 skipped, 0 broken$'
}

@test "without python3 the Python cases skip with the reason" {
	bin="$BATS_TEST_TMPDIR/bin"
	mkdir "$bin"
	for t in sh cat ps tr mkfifo; do
		p=$(command -v "$t") && ln -s "$p" "$bin/$t"
	done
	PATH="$bin" run -0 "$FORKCHECK" 'python.*' 'sh.*'
	assert_line --regexp '^ok 1 - python\.ret-values # SKIP cannot run python3: No such file or directory$'
	assert_line --regexp '^ok 9 - sh\.async-pid-wait$'
	assert_line '# 3 passed, 0 failed, 8 skipped, 0 broken'
}

@test "exit statuses and the last line of output make the verdict" {
	run -1 fc --no-expect --external "$X" 'xfix.*'
	assert_line 'ok 1 - xfix.pass'
	assert_line 'not ok 2 - xfix.fail # fail: expected 1, seen 2'
	assert_line 'ok 3 - xfix.skip # SKIP no such feature here'
	assert_line 'not ok 4 - xfix.broken # broken: setup failed'
	assert_line 'not ok 5 - xfix.odd # broken: something odd'
	assert_line 'not ok 6 - xfix.silent # fail: some output first'
	assert_line 'ok 7 - xfix.missing # SKIP cannot run no-such-interpreter-xyz: No such file or directory'
	assert_line "not ok 8 - xfix.hang # broken: timeout after $(slow 1) s"
}

@test "a Python case that hangs or escapes is contained like a C case" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	run -1 fc --no-expect --external "$X" -j2 'xpy.*'
	# SIGTERM is ignored once Python has started; on a loaded machine
	# the deadline may come first.
	assert_line --regexp "^not ok 1 - xpy\.hang # broken: timeout after $(slow 3) s( \(SIGTERM ignored, killed with SIGKILL\))?$"
	assert_line --regexp '^not ok 2 - xpy\.escape # broken: left 1 process behind \(pid [0-9]+\)$'
	assert_gone $(printf '%s\n' "$output" | sed -n 's/.*left 1 process behind (pid \([0-9]*\)).*/\1/p')
}

@test "bad manifests are usage errors with the line" {
	m="$BATS_TEST_TMPDIR/m.list"
	for bad in 'noid | 5 | spec | sh x' 'a.b | five | spec | sh x' \
	    'a.b | 5 | spec' 'a.b | 5 | spec | ' 'a.b | -1 | spec | sh x'; do
		printf '# comment\n%s\n' "$bad" >"$m"
		run -2 --separate-stderr fc --external "$m" --list
		assert_equal "${#stderr_lines[@]}" 1
		assert_equal "${stderr%%:*}" "forkcheck"
		[[ "$stderr" == *"m.list:2: "* ]] || fail "no line number: $stderr"
	done
	printf 'a.b | 5 | s | sh x\na.b | 5 | s | sh y\n' >"$m"
	run -2 --separate-stderr fc --external "$m" --list
	run -2 --separate-stderr fc --external /nonexistent.list --list
}

@test "a Python case that raises is broken, not fail" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	# (a word with a slash is a path relative to the manifest: the
	# library's directory comes through the environment)
	printf '%s\n' 'import os, sys' \
	    'sys.path.insert(0, os.environ["FC_PYLIB"])' 'import fc' \
	    'raise RuntimeError("boom")' >"$BATS_TEST_TMPDIR/raise.py"
	echo 'xpy.raise | 5 | raises | python3 -B ./raise.py' \
	    >"$BATS_TEST_TMPDIR/m.list"
	FC_PYLIB="${top_srcdir:-$PWD}/cases/python" \
	    run -1 fc --no-expect --external "$BATS_TEST_TMPDIR/m.list" 'xpy.*'
	assert_line 'not ok 1 - xpy.raise # broken: uncaught RuntimeError: boom'
}
