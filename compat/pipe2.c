/*
 * pipe2.c: pipe2() for libcs that lack it (older macOS).  Not atomic with
 * respect to a concurrent fork, which forkcheck never does.
 */

#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "compat.h"

int
pipe2(int fds[2], int flags)
{
	int	i;

	if (pipe(fds) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		if (((flags & O_CLOEXEC) &&
		    fcntl(fds[i], F_SETFD, FD_CLOEXEC) == -1) ||
		    ((flags & O_NONBLOCK) &&
		    fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK)
		    == -1)) {
			close(fds[0]);
			close(fds[1]);
			return -1;
		}
	}
	return 0;
}
