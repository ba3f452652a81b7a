#!/bin/sh
# On entering a subshell, traps that are caught are reset to their
# default action, while ignored ones stay ignored.  The subshell signals
# itself: with SIGUSR1 reset it dies of it; with SIGUSR2 ignored it
# lives on.  A shell or platform that keeps the handler, or drops the
# ignoring, fails.

trap 'echo "the parent handler ran in the subshell"; exit 3' USR1
trap '' USR2

(self=$(exec sh -c 'echo $PPID'); kill -USR2 "$self"; echo alive) >usr2
if [ "$(cat usr2)" != alive ]; then
	echo "SIGUSR2 was ignored in the parent but killed the subshell"
	exit 1
fi

(self=$(exec sh -c 'echo $PPID'); kill -USR1 "$self"; echo alive) >usr1
status=$?
if [ "$(cat usr1)" = alive ]; then
	echo "SIGUSR1, caught in the parent, did not kill the subshell"
	exit 1
fi
if [ "$(kill -l "$status" 2>/dev/null)" != USR1 ]; then
	echo "the subshell ended with status $status, want death by SIGUSR1"
	exit 1
fi
exit 0
