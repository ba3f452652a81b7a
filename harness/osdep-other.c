/*
 * osdep-other.c: platforms without a subreaper (macOS, NetBSD, OpenBSD,
 * others).  Containment falls back to the case's process group; a
 * descendant that leaves it is out of reach, which the report says, and
 * one that still holds the capture pipes is detected and reported.
 */

#include "config.h"

#include <sys/utsname.h>

#include <errno.h>
#include <stdio.h>

#include "runner.h"

int
osdep_reaper(void)
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

void
osdep_libc(char *name, size_t namelen, char *version, size_t verlen)
{
	struct utsname	u;

	snprintf(name, namelen, "system libc");
	snprintf(version, verlen, "%s", uname(&u) == 0 ? u.release : "unknown");
}

/* No known way to tell a user-mode emulator here. */
int
osdep_emulator(char *name, size_t len)
{
	(void)name;
	(void)len;
	return 0;
}

/* No way known here to ask for huge pages. */
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
