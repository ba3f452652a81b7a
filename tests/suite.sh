#!/bin/sh
# The conformance suite as a test: forkcheck's TAP is this test's TAP,
# so every case shows up in make check on its own line.

: "${FORKCHECK:=./forkcheck}"
exec ${TEST_EMULATOR:+$TEST_EMULATOR} "$FORKCHECK" -j2
