/*
 * misc.c: what fork copies that is neither memory nor descriptors: stdio
 * buffers and atexit handlers (XSH exit, _exit; the driver's own reason
 * for fflush(NULL) before every fork).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

static int	atexit_fd = -1;

static void
atexit_handler(void)
{
	if (atexit_fd >= 0)
		(void)write(atexit_fd, "A", 1);
}

/* How the child leaves: exit(), _exit() or _Exit(). */
enum leave { LEAVE_EXIT, LEAVE_UNDERSCORE, LEAVE_UPPER };

static const char *const leave_name[] = { "exit()", "_exit()", "_Exit()" };

/* Forks a child that leaves as told; returns what the atexit pipe got. */
static int
atexit_run(enum leave how, char *got, size_t len, ssize_t *n)
{
	int	fds[2], status;
	pid_t	pid;

	if (fc_pipe(fds) == -1)
		return -1;
	atexit_fd = fds[1];
	if ((pid = fc_fork()) == -1)
		return -1;
	if (pid == 0) {
		switch (how) {
		case LEAVE_EXIT:
			exit(0);
		case LEAVE_UNDERSCORE:
			_exit(0);
		case LEAVE_UPPER:
			_Exit(0);
		}
	}
	atexit_fd = -1;
	close(fds[1]);
	*n = fc_read_all(fds[0], got, len);
	close(fds[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return -1;
	return 0;
}

/*
 * atexit handlers registered before fork run in a child that calls
 * exit(), and not in one that calls _exit() or _Exit().  A platform whose
 * _exit runs handlers, or whose child loses them, fails.
 */
static enum fc_verdict
atexit_case(void)
{
	static const struct {
		enum leave	how;
		const char	*want;
	} runs[] = {
		{ LEAVE_UNDERSCORE, "" },
		{ LEAVE_UPPER, "" },
		{ LEAVE_EXIT, "A" },
	};
	char	got[8];
	ssize_t	n;
	size_t	i;

	if (atexit(atexit_handler) != 0)
		return fc_brokenx("atexit failed");
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		if (atexit_run(runs[i].how, got, sizeof(got), &n) == -1)
			return fc_broken("fork, pipe or waitpid");
		if (n < 0)
			return fc_broken("read");
		if ((size_t)n != strlen(runs[i].want) ||
		    memcmp(got, runs[i].want, (size_t)n) != 0)
			return fc_fail("a child leaving with %s ran the atexit "
			    "handler %zd times, want %zu",
			    leave_name[runs[i].how], n, strlen(runs[i].want));
	}
	return FC_PASS;
}

/*
 * Runs one stdio round: "X" sits unflushed in a fully buffered stream on
 * a pipe when the process forks; the child leaves as told, the parent
 * closes its stream.  Returns what came out of the pipe.
 */
static int
stdio_run(enum leave how, char *got, size_t len, ssize_t *n)
{
	FILE	*f;
	int	 fds[2], status;
	pid_t	 pid;

	if (fc_pipe(fds) == -1)
		return -1;
	if ((f = fdopen(fds[1], "w")) == NULL ||
	    setvbuf(f, NULL, _IOFBF, BUFSIZ) != 0 || fputs("X", f) == EOF)
		return -1;
	/* Deliberately no fflush: the unflushed buffer is what is tested. */
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (how == LEAVE_EXIT)
			exit(0);
		_exit(0);
	}
	if (fclose(f) == EOF)
		return -1;
	*n = fc_read_all(fds[0], got, len);
	close(fds[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return -1;
	return 0;
}

/*
 * Unflushed stdio output exists in both processes after fork: a child
 * that leaves with exit() flushes its copy (the reader gets "XX"), one
 * that leaves with _exit() does not ("X").  A platform whose _exit()
 * flushes, or whose exit() does not, fails.
 */
static enum fc_verdict
stdio_dup(void)
{
	char	got[8];
	ssize_t	n;

	if (stdio_run(LEAVE_UNDERSCORE, got, sizeof(got), &n) == -1 || n < 0)
		return fc_broken("stdio round with _exit()");
	if (n != 1 || got[0] != 'X')
		return fc_fail("child left with _exit(): the pipe got %zd "
		    "bytes, want \"X\" (only the parent's flush)", n);
	if (stdio_run(LEAVE_EXIT, got, sizeof(got), &n) == -1 || n < 0)
		return fc_broken("stdio round with exit()");
	if (n != 2 || memcmp(got, "XX", 2) != 0)
		return fc_fail("child left with exit(): the pipe got %zd "
		    "bytes, want \"XX\" (both copies flushed)", n);
	return FC_PASS;
}

const struct fc_case fc_misc_cases[] = {
	{ .id = "misc.atexit", .run = atexit_case, .tier = FC_CORE,
	  .spec = "XSH exit, _Exit: atexit handlers run on exit() only" },
	{ .id = "misc.stdio-dup", .run = stdio_dup, .tier = FC_CORE,
	  .spec = "XSH _exit: open streams are not flushed; exit() flushes "
	  "the child's copy of the buffer" },
	{ .id = NULL }
};
