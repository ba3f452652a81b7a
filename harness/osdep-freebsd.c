/*
 * osdep-freebsd.c: containment with procctl(2) reaper control: the worker
 * acquires the reaper role, and PROC_REAP_KILL signals all of its
 * descendants at once, in the kernel, without any pid race.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/param.h>
#include <sys/procctl.h>
#include <sys/sysctl.h>
#include <sys/user.h>
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

int
osdep_reaper_owned(void)
{
	struct procctl_reaper_status	rs;

	memset(&rs, 0, sizeof(rs));
	if (procctl(P_PID, getpid(), PROC_REAP_STATUS, &rs) == -1)
		return -1;
	return (rs.rs_flags & REAPER_STATUS_OWNED) != 0;
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

/*
 * The number of threads of process pid, into *n; *how names the method.
 * Returns 0, or -1 with errno (ENOSYS: no method on this platform).
 */
int
osdep_count_threads(pid_t pid, long *n, const char **how)
{
	struct kinfo_proc	kp;
	size_t			len = sizeof(kp);
	int			mib[4];

	*how = "sysctl kern.proc.pid";
	mib[0] = CTL_KERN;
	mib[1] = KERN_PROC;
	mib[2] = KERN_PROC_PID;
	mib[3] = (int)pid;
	if (sysctl(mib, 4, &kp, &len, NULL, 0) == -1)
		return -1;
	if (len != sizeof(kp)) {
		errno = ESRCH;
		return -1;
	}
	*n = kp.ki_numthreads;
	return 0;
}
