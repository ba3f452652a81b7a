#!/usr/bin/env bats
# The worker's side of the case contract, where a case cannot arrange it
# itself: what happens between the fork of a case child and its run().

bats_require_minimum_version 1.5.0

setup() {
	load helpers
}

@test "a signal reaching a case child as it is forked is not caught by the worker's handler" {
	so="$(dirname "$FIXTURES")/forksig.so"
	[ -e "$so" ] || skip "no preloadable build here (static, cross or coverage)"
	run -1 --separate-stderr env LD_PRELOAD="$so" "$FIXTURES" \
	    fixture.empty fixture.pass-output
	assert_line --regexp '^not ok 1 - fixture\.empty # broken: killed by SIGTERM$'
	assert_line --regexp '^not ok 2 - fixture\.pass-output # broken: killed by SIGTERM$'
	assert_line '# 0 passed, 0 failed, 0 skipped, 2 broken'
	# Without the signal the same run passes.
	run -0 --separate-stderr fixtures fixture.empty fixture.pass-output
	assert_line '# 2 passed, 0 failed, 0 skipped, 0 broken'
}
