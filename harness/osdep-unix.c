/*
 * osdep-unix.c: what the non-Linux platforms share: the system's own C
 * library, no way known to tell a user-mode emulator, and no huge pages
 * to ask for (FreeBSD promotes superpages by itself).
 */

#include "config.h"

#include <sys/utsname.h>

#include <errno.h>
#include <stdio.h>

#include "runner.h"

void
osdep_libc(char *name, size_t namelen, char *version, size_t verlen)
{
	struct utsname	u;

	snprintf(name, namelen, "system libc");
	snprintf(version, verlen, "%s", uname(&u) == 0 ? u.release : "unknown");
}

int
osdep_emulator(char *name, size_t len, char *how, size_t howlen)
{
	(void)name;
	(void)len;
	snprintf(how, howlen, "no way known to tell one here");
	return 0;
}

int
osdep_hugepages(void *p, size_t len, int on)
{
	(void)p;
	(void)len;
	if (on) {
		errno = ENOTSUP;
		return -1;
	}
	return 0;
}

/* No portable way to count a user's processes: unknown. */
long
osdep_user_tasks(uid_t uid)
{
	(void)uid;
	return -1;
}

/* No portable way to list processes: the callers say so. */
int
osdep_children(pid_t *pids, int max)
{
	(void)pids;
	(void)max;
	return -1;
}

void
osdep_proc_brief(pid_t pid, char *brief, size_t len)
{
	(void)pid;
	if (len > 0)
		brief[0] = '\0';
}

int
osdep_pipe_holders(int fd, pid_t *pids, int max)
{
	(void)fd;
	(void)pids;
	(void)max;
	return -1;
}

int
osdep_real_exe(char *real, size_t len)
{
	(void)real;
	(void)len;
	return -1;
}
