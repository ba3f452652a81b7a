/*
 * pipe2.c: pipe2() for libcs that lack it (older macOS).  Not atomic with
 * respect to a concurrent fork, which forkcheck never does.  configure
 * requires O_CLOEXEC, so the flag is never 0 here and close-on-exec is
 * always honoured; unknown flags fail with EINVAL, as pipe2() does.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "compat.h"

static int
set_flags(int fd, int flags)
{
	int	fl;

	if ((flags & O_CLOEXEC) && fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		return -1;
	if (flags & O_NONBLOCK) {
		if ((fl = fcntl(fd, F_GETFL)) == -1 ||
		    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
			return -1;
	}
	return 0;
}

int
pipe2(int fds[2], int flags)
{
	int	saved;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK)) {
		errno = EINVAL;
		return -1;
	}
	if (pipe(fds) == -1)
		return -1;
	if (set_flags(fds[0], flags) == -1 || set_flags(fds[1], flags) == -1) {
		saved = errno;
		close(fds[0]);
		close(fds[1]);
		errno = saved;
		return -1;
	}
	return 0;
}
