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
