/*
 * lim.c: limits and fork's failure path (XSH fork ERRORS: [EAGAIN] "the
 * system-imposed limit on the total number of processes under execution
 * by a single user would be exceeded").
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define NPROC_LIMIT	8	/* the bomb's RLIMIT_NPROC */
#define NPROC_TRIES	32	/* forks tried before calling the limit ignored */

struct bomb {
	int	setup;		/* 0, or the errno of the failed setup */
	int	step;		/* which setup step failed */
	int	forked;		/* successful forks before the failure */
	int	error;		/* errno of the failed fork, 0 if none */
	int	killed;		/* children killed and reaped */
	int	stray;		/* waitpid(-1, WNOHANG) found another child */
};

/* In the disposable child: drop privilege, set the limit, fork until refused. */
static void
bomb(int fd)
{
	struct bomb	 b;
	struct rlimit	 rl = { NPROC_LIMIT, NPROC_LIMIT };
	pid_t		 kids[NPROC_TRIES];
	int		 hold[2], i, status;
	char		 c;

	memset(&b, 0, sizeof(b));
	if (fc_pipe(hold) == -1) {
		b.setup = errno;
		b.step = 1;
	} else if (fc_unprivileged() == -1) {
		b.setup = errno;
		b.step = 2;
	} else if (setrlimit(RLIMIT_NPROC, &rl) == -1) {
		b.setup = errno;
		b.step = 3;
	}
	if (b.setup != 0)
		fc_exit(fc_write_all(fd, &b, sizeof(b)) == 0 ? 0 : 1);

	for (i = 0; i < NPROC_TRIES; i++) {
		if ((kids[i] = fork()) == -1) {
			b.error = errno;
			break;
		}
		if (kids[i] == 0) {
			close(hold[1]);
			(void)fc_read_all(hold[0], &c, 1);
			_exit(0);
		}
		b.forked++;
	}
	for (i = 0; i < b.forked; i++) {
		kill(kids[i], SIGKILL);
		if (fc_waitpid(kids[i], &status, 0) == kids[i] &&
		    WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			b.killed++;
	}
	if (fc_waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD)
		b.stray = 1;
	fc_exit(fc_write_all(fd, &b, sizeof(b)) == 0 ? 0 : 1);
}

/*
 * A bounded fork bomb in a disposable unprivileged child (an unused uid
 * when run as root, since root ignores RLIMIT_NPROC) with RLIMIT_NPROC of
 * 8: the fork loop must end with -1/EAGAIN, no more children than the
 * limit allows may exist, none may appear on failure, and every one is
 * killed and reaped.  A platform that ignores the limit, fails with
 * another errno or creates a child on failure fails.
 */
static enum fc_verdict
eagain_nproc(void)
{
	struct fc_sub	sub;
	struct bomb	b;
	ssize_t		n;
	int		status;
	char		st[64];

	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		bomb(sub.fd);
	n = fc_read_all(sub.fd, &b, sizeof(b));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(b))
		return fc_brokenx("the disposable child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (b.step == 2)
		return fc_skip("cannot drop privileges for RLIMIT_NPROC: %s",
		    strerror(b.setup));
	if (b.step != 0) {
		errno = b.setup;
		return fc_broken("%s", b.step == 1 ? "pipe" : "setrlimit");
	}
	fc_note("forks before the limit: %d of RLIMIT_NPROC %d", b.forked,
	    NPROC_LIMIT);
	if (b.error == 0)
		return fc_fail("fork succeeded %d times with RLIMIT_NPROC=%d",
		    b.forked, NPROC_LIMIT);
	if (b.error != EAGAIN)
		return fc_fail("fork failed with %s, want EAGAIN",
		    strerror(b.error));
	if (b.forked > NPROC_LIMIT - 1)
		return fc_fail("%d children forked under RLIMIT_NPROC=%d, at "
		    "most %d may exist", b.forked, NPROC_LIMIT,
		    NPROC_LIMIT - 1);
	if (b.stray)
		return fc_fail("a child exists that fork() did not report: the "
		    "failed fork created a process");
	if (b.killed != b.forked)
		return fc_fail("only %d of %d children were killed and reaped",
		    b.killed, b.forked);
	return FC_PASS;
}

const struct fc_case fc_lim_cases[] = {
	{ .id = "lim.eagain-nproc", .run = eagain_nproc, .tier = FC_CORE,
	  .spec = "XSH fork ERRORS: [EAGAIN] the per-user process limit "
	  "would be exceeded; no child is created" },
	{ .id = NULL }
};
