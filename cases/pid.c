/*
 * pid.c: process identity and fork's return values (XSH fork, RETURN
 * VALUE and the "unique process ID" and "parent process ID" bullets).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <unistd.h>

#include "cases.h"

/* Reaps a child by the pid fork() gave us, or by any pid if that is wrong. */
static int
reap(pid_t pid, int *status)
{
	if (fc_waitpid(pid, status, 0) == pid)
		return 0;
	return fc_waitpid(-1, status, 0) == -1 ? -1 : 0;
}

/*
 * fork() returns 0 in the child and the child's pid in the parent, and
 * both go on from the call.  The child reports what fork() returned to it
 * and its getpid(); a platform returning a wrong pid, or non-zero in the
 * child, fails.
 */
static enum fc_verdict
ret_values(void)
{
	struct {
		pid_t	ret;
		pid_t	self;
	} seen;
	struct fc_sub	sub;
	pid_t		pid;
	ssize_t		n;
	int		status;
	char		st[64];

	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		seen.ret = pid;
		seen.self = getpid();
		fc_exit(fc_write_all(sub.fd, &seen, sizeof(seen)) == 0 ? 0 : 1);
	}
	n = fc_read_all(sub.fd, &seen, sizeof(seen));
	fc_close(&sub.fd);
	if (reap(pid, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_fail("the child did not run on from fork(): it sent "
		    "%zd of %zu bytes and %s", n, sizeof(seen),
		    fc_status(status, st, sizeof(st)));
	if (pid < 0)
		return fc_fail("fork() returned %ld to the parent, want a pid",
		    (long)pid);
	if (seen.ret != 0)
		return fc_fail("fork() returned %ld in the child, want 0",
		    (long)seen.ret);
	if (seen.self != pid)
		return fc_fail("fork() returned %ld to the parent, but the "
		    "child's getpid() is %ld", (long)pid, (long)seen.self);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_fail("the child %s, want exited 0",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/*
 * The child's getppid() is the pid of the process that called fork().  A
 * platform that reports init, the grandparent or a stale value fails.
 */
static enum fc_verdict
ppid(void)
{
	struct fc_sub	sub;
	pid_t		self = getpid(), pid, seen;
	ssize_t		n;
	int		status;

	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		seen = getppid();
		fc_exit(fc_write_all(sub.fd, &seen, sizeof(seen)) == 0 ? 0 : 1);
	}
	n = fc_read_all(sub.fd, &seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("the child sent %zd of %zu bytes", n,
		    sizeof(seen));
	if (seen != self)
		return fc_fail("getppid() in the child is %ld, want the "
		    "parent's pid %ld", (long)seen, (long)self);
	return FC_PASS;
}

const struct fc_case fc_pid_cases[] = {
	{ .id = "pid.ret-values", .run = ret_values, .tier = FC_CORE,
	  .spec = "XSH fork RETURN VALUE: 0 to the child, the child's pid "
	  "to the parent" },
	{ .id = "pid.ppid", .run = ppid, .tier = FC_CORE,
	  .spec = "XSH fork: the child's parent process ID is the pid of "
	  "the calling process" },
	{ .id = NULL }
};
