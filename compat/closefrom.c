/*
 * closefrom.c: close every descriptor from lowfd up, for libcs without
 * closefrom() (musl, macOS).  close_range() where the kernel has it,
 * else the list in /dev/fd, else every number up to the limit.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "compat.h"

void
closefrom(int lowfd)
{
	struct rlimit	 rl;
	DIR		*d;
	struct dirent	*e;
	long		 fd, max;
	int		 dfd;
	char		*end;

#ifdef HAVE_CLOSE_RANGE
	if (close_range((unsigned int)lowfd, ~0U, 0) == 0)
		return;
#endif
	/* The stream's own descriptor is dfd (no dirfd(): dietlibc). */
	if ((dfd = open("/dev/fd", O_RDONLY | O_DIRECTORY)) != -1 &&
	    (d = fdopendir(dfd)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			fd = strtol(e->d_name, &end, 10);
			if (*end == '\0' && end != e->d_name && fd >= lowfd &&
			    fd != dfd)
				close((int)fd);
		}
		closedir(d);
		return;
	}
	if (dfd != -1)
		close(dfd);
	max = sysconf(_SC_OPEN_MAX);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (long)rl.rlim_cur > max)
		max = (long)rl.rlim_cur;
	if (max < 0 || max > INT_MAX)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		close((int)fd);
}
