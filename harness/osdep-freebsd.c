/*
 * osdep-freebsd.c: containment with procctl(2) reaper control: the worker
 * acquires the reaper role, and PROC_REAP_KILL signals all of its
 * descendants at once, in the kernel, without any pid race.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/procctl.h>
#include <sys/utsname.h>

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

int
osdep_reaper(void)
{
	return procctl(P_PID, getpid(), PROC_REAP_ACQUIRE, NULL);
}

const char *
osdep_containment(void)
{
	return "reaper (procctl PROC_REAP_ACQUIRE)";
}

int
osdep_kill_children(int sig)
{
	struct procctl_reaper_kill	rk;

	memset(&rk, 0, sizeof(rk));
	rk.rk_sig = sig;
	if (procctl(P_PID, getpid(), PROC_REAP_KILL, &rk) == -1)
		return errno == ESRCH ? 0 : -1;
	return (int)rk.rk_killed;
}
