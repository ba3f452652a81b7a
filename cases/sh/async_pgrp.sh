#!/bin/sh
# Without job control an asynchronous list stays in the shell's process
# group, and its standard input reads as /dev/null, not as the shell's.
# A shell or platform that moves the job to a group of its own, or hands
# it the shell's stdin, fails.

if ! command -v ps >/dev/null 2>&1; then
	echo "ps(1) is not installed: no way to read a process group"
	exit 77
fi
mine=$(ps -o pgid= -p $$ | tr -d ' ')
if [ -z "$mine" ]; then
	echo "ps -o pgid= does not work here"
	exit 77
fi
echo data >input
exec <input
sh -c 'ps -o pgid= -p $$ | tr -d " " >pgid; cat >got' &
wait $!
theirs=$(cat pgid)
if [ "$theirs" != "$mine" ]; then
	echo "the asynchronous list's process group is $theirs, want the shell's $mine"
	exit 1
fi
if [ -s got ]; then
	echo "the asynchronous list read the shell's standard input"
	exit 1
fi
echo "process group of the shell and of its asynchronous list: $mine"
exit 0
