/*
 * pgid.c: process groups and sessions (XSH setpgid, including its
 * RATIONALE on calling it from both sides of a fork; XSH setsid).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

struct seen {
	int	err;		/* errno of the child's setpgid, 0 if it worked */
	pid_t	pgid;		/* the child's getpgid(0) afterwards */
	pid_t	self;
};

/*
 * The child makes itself a process-group leader with setpgid(0, 0) while
 * the parent calls setpgid(pid, pid): both calls succeed in either order
 * (no race), both processes then see getpgid equal to the child's pid,
 * and waitpid(-pgid) reaps the child.  A platform that refuses one of
 * the calls or puts the child elsewhere fails.
 */
static enum fc_verdict
setpgid_both_sides(void)
{
	struct fc_sub	sub;
	struct seen	seen;
	int		go[2], status, perr = 0;
	pid_t		pid, pg, got;
	ssize_t		n;

	if (fc_pipe(go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(go[1]);
		seen.err = setpgid(0, 0) == -1 ? errno : 0;
		seen.self = getpid();
		/* The parent's setpgid needs us alive: wait for its go. */
		if (fc_sync_wait(go[0]) == -1)
			fc_exit(2);
		seen.pgid = getpgid(0);
		fc_exit(fc_write_all(sub.fd, &seen, sizeof(seen)) == 0 ? 0 : 1);
	}
	close(go[0]);
	if (setpgid(pid, pid) == -1)
		perr = errno;
	pg = getpgid(pid);
	if (fc_sync_post(go[1]) == -1)
		return fc_broken("write");
	close(go[1]);
	n = fc_read_all(sub.fd, &seen, sizeof(seen));
	fc_close(&sub.fd);
	got = fc_waitpid(-pid, &status, 0);
	if (got != pid && fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (perr != 0)
		return fc_fail("the parent's setpgid(%ld, %ld) failed: %s",
		    (long)pid, (long)pid, strerror(perr));
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("the child sent %zd of %zu bytes", n,
		    sizeof(seen));
	if (seen.err != 0)
		return fc_fail("the child's setpgid(0, 0) failed: %s",
		    strerror(seen.err));
	if (pg != pid)
		return fc_fail("the parent's getpgid(%ld) is %ld, want %ld",
		    (long)pid, (long)pg, (long)pid);
	if (seen.pgid != seen.self)
		return fc_fail("the child's getpgid(0) is %ld, want its pid "
		    "%ld", (long)seen.pgid, (long)seen.self);
	if (got != pid)
		return fc_fail("waitpid(-%ld) returned %ld, want %ld",
		    (long)pid, (long)got, (long)pid);
	return FC_PASS;
}

const struct fc_case fc_pgid_cases[] = {
	{ .id = "pgid.setpgid-both-sides", .run = setpgid_both_sides,
	  .tier = FC_CORE,
	  .spec = "XSH setpgid RATIONALE: parent and child may both call "
	  "setpgid() to create the child's group without a race" },
	{ .id = NULL }
};
