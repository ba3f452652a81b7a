/*
 * osdep-other.c: platforms without a subreaper (macOS, NetBSD, OpenBSD,
 * others).  Containment falls back to the case's process group; a
 * descendant that leaves it is out of reach, which the report says, and
 * one that still holds the capture pipes is detected and reported.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/utsname.h>
#if defined(__NetBSD__) || defined(__OpenBSD__)
#include <sys/param.h>
#include <sys/sysctl.h>
#elif defined(__APPLE__)
#include <libproc.h>
#endif

#include <errno.h>
#include <stdio.h>

#include "runner.h"

int
osdep_reaper(void)
{
	errno = ENOSYS;
	return -1;
}

int
osdep_reaper_owned(void)
{
	errno = ENOSYS;
	return -1;
}

const char *
osdep_containment(void)
{
	return "process group (partial)";
}

int
osdep_kill_children(int sig)
{
	(void)sig;
	errno = ENOSYS;
	return -1;
}

/*
 * The number of threads of process pid, into *n; *how names the method.
 * Returns 0, or -1 with errno (ENOSYS: no method on this platform).
 */
#if defined(__NetBSD__)
int
osdep_count_threads(pid_t pid, long *n, const char **how)
{
	struct kinfo_proc2	kp;
	size_t			len = sizeof(kp);
	int			mib[6];

	*how = "sysctl kern.proc2";
	mib[0] = CTL_KERN;
	mib[1] = KERN_PROC2;
	mib[2] = KERN_PROC_PID;
	mib[3] = (int)pid;
	mib[4] = (int)sizeof(kp);
	mib[5] = 1;
	if (sysctl(mib, 6, &kp, &len, NULL, 0) == -1)
		return -1;
	if (len != sizeof(kp)) {
		errno = ESRCH;
		return -1;
	}
	*n = (long)kp.p_nlwps;
	return 0;
}
#elif defined(__OpenBSD__)
int
osdep_count_threads(pid_t pid, long *n, const char **how)
{
	struct kinfo_proc	kp[16];
	size_t			len = sizeof(kp), i;
	int			mib[6];

	*how = "sysctl kern.proc (SHOW_THREADS)";
	mib[0] = CTL_KERN;
	mib[1] = KERN_PROC;
	mib[2] = KERN_PROC_PID | KERN_PROC_SHOW_THREADS;
	mib[3] = (int)pid;
	mib[4] = (int)sizeof(kp[0]);
	mib[5] = (int)(sizeof(kp) / sizeof(kp[0]));
	if (sysctl(mib, 6, kp, &len, NULL, 0) == -1)
		return -1;
	*n = 0;
	for (i = 0; i < len / sizeof(kp[0]); i++)
		if (kp[i].p_tid != -1)
			(*n)++;
	return 0;
}
#elif defined(__APPLE__)
int
osdep_count_threads(pid_t pid, long *n, const char **how)
{
	struct proc_taskinfo	ti;

	*how = "proc_pidinfo(PROC_PIDTASKINFO)";
	if (proc_pidinfo(pid, PROC_PIDTASKINFO, 0, &ti, sizeof(ti)) !=
	    (int)sizeof(ti)) {
		if (errno == 0)
			errno = ESRCH;
		return -1;
	}
	*n = ti.pti_threadnum;
	return 0;
}
#else
int
osdep_count_threads(pid_t pid, long *n, const char **how)
{
	(void)pid;
	(void)n;
	*how = "none";
	errno = ENOSYS;
	return -1;
}
#endif
