/*
 * forkloop.c: timing helper for bench/bench.sh.
 *
 *	forkloop N		bare fork + _exit + waitpid, N times: prints
 *				the mean cost of one cycle in microseconds
 *	forkloop -t CMD ...	runs CMD once: prints its wall time in
 *				microseconds (output to /dev/null)
 *
 * All timing is CLOCK_MONOTONIC, so the script needs no date(1) with
 * nanoseconds.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static double
bare(long n)
{
	double	t0;
	long	i;
	pid_t	pid;
	int	status;

	t0 = now_us();
	for (i = 0; i < n; i++) {
		if ((pid = fork()) == -1)
			err(1, "fork");
		if (pid == 0)
			_exit(0);
		if (waitpid(pid, &status, 0) != pid || status != 0)
			errx(1, "waitpid");
	}
	return (now_us() - t0) / (double)n;
}

static double
timed(char **argv)
{
	double	t0;
	pid_t	pid;
	int	status, fd;

	t0 = now_us();
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, STDOUT_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		err(1, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		errx(1, "%s failed (status %#x)", argv[0], status);
	return now_us() - t0;
}

int
main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "-t") == 0)
		printf("%.1f\n", timed(argv + 2));
	else if (argc == 2 && atol(argv[1]) > 0)
		printf("%.2f\n", bare(atol(argv[1])));
	else {
		fprintf(stderr, "usage: forkloop N | forkloop -t command ...\n");
		return 2;
	}
	return 0;
}
