#!/bin/sh
# $! is the pid of the last asynchronous list, and wait for it returns
# its exit status.  A shell or platform that reports another pid, or
# loses the status, fails.

sh -c 'echo $$ >pid; exit 42' &
bang=$!
wait "$bang"
status=$?
child=$(cat pid)
if [ "$child" != "$bang" ]; then
	echo "\$! is $bang, but the asynchronous list's pid is $child"
	exit 1
fi
if [ "$status" -ne 42 ]; then
	echo "wait $bang returned $status, want 42"
	exit 1
fi
exit 0
