/*
 * wait.c: reaping and exit status (XSH wait, waitpid, waitid; XSH _exit,
 * "Consequences of Process Termination").
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

/*
 * A child that does some work and leaves with _exit(n) is reaped by
 * waitpid() under its own pid, with WEXITSTATUS equal to n & 0377 (256
 * reads as 0, -1 as 255).  A platform that loses or mangles the status,
 * or returns another pid, fails.
 */
static enum fc_verdict
exit_low8(void)
{
	static const int	codes[] = { 0, 1, 42, 123, 255, 256, 257, -1 };
	volatile unsigned int	work;
	size_t			i;
	pid_t			pid, got;
	int			status, want;
	char			st[64];

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if ((pid = fc_fork()) == -1)
			return fc_broken("fork");
		if (pid == 0) {
			for (work = 0; work < 100000; work++)
				continue;
			_exit(codes[i]);
		}
		if ((got = fc_waitpid(pid, &status, 0)) == -1)
			return fc_fail("waitpid(%ld): %s", (long)pid,
			    strerror(errno));
		want = codes[i] & 0377;
		if (got != pid)
			return fc_fail("waitpid(%ld) returned %ld", (long)pid,
			    (long)got);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != want)
			return fc_fail("_exit(%d): child %s, want exited %d",
			    codes[i], fc_status(status, st, sizeof(st)), want);
	}
	return FC_PASS;
}

const struct fc_case fc_wait_cases[] = {
	{ .id = "wait.exit-low8", .run = exit_low8, .tier = FC_CORE,
	  .spec = "XSH _exit: only status & 0377 is available from wait() "
	  "and waitpid()" },
	{ .id = NULL }
};
