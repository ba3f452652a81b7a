/*
 * cow.c: private memory is copied (XSH fork: the child is a copy of the
 * parent; XSH mmap: MAP_PRIVATE changes are visible only to the writer).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <stdlib.h>
#include <unistd.h>

#include "cases.h"

static volatile int	global = 10;

/* Child exit codes, each one broken rule. */
enum {
	COW_OK = 0,
	COW_NOT_COPIED = 10,		/* pre-fork values missing */
	COW_PARENT_LEAKED = 11,		/* the parent's write showed up */
	COW_SYNC = 12
};

/*
 * A global, a heap word and a stack word hold known values at fork.  The
 * child must see them, adds 1 to each; the parent, after the child wrote,
 * must still see its own values and adds 2; each side then sees only its
 * own change.  A platform that shares instead of copying (vfork-like
 * fork) or loses the contents fails.
 */
static enum fc_verdict
private_anon(void)
{
	volatile int	 stack = 30, *heap;
	int		 up[2], down[2], status;
	pid_t		 pid;
	char		 st[64];

	if ((heap = malloc(sizeof(*heap))) == NULL)
		return fc_broken("malloc");
	*heap = 20;
	if (fc_pipe(up) == -1 || fc_pipe(down) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		if (global != 10 || *heap != 20 || stack != 30)
			fc_exit(COW_NOT_COPIED);
		global += 1;
		*heap += 1;
		stack += 1;
		if (fc_sync_post(up[1]) == -1 || fc_sync_wait(down[0]) == -1)
			fc_exit(COW_SYNC);
		if (global != 11 || *heap != 21 || stack != 31)
			fc_exit(COW_PARENT_LEAKED);
		fc_exit(COW_OK);
	}
	close(up[1]);
	close(down[0]);
	if (fc_sync_wait(up[0]) == -1) {
		fc_waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == COW_NOT_COPIED)
			return fc_fail("the child did not see the pre-fork "
			    "values 10, 20, 30");
		return fc_fail("the child stopped before writing: %s",
		    fc_status(status, st, sizeof(st)));
	}
	if (global != 10 || *heap != 20 || stack != 30) {
		fc_sync_post(down[1]);
		fc_waitpid(pid, &status, 0);
		return fc_fail("the child's +1 reached the parent: global %d, "
		    "heap %d, stack %d, want 10, 20, 30", global, *heap, stack);
	}
	global += 2;
	*heap += 2;
	stack += 2;
	if (fc_sync_post(down[1]) == -1)
		return fc_broken("write");
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == COW_PARENT_LEAKED)
		return fc_fail("the parent's +2 reached the child");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != COW_OK)
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (global != 12 || *heap != 22 || stack != 32)
		return fc_fail("the parent sees global %d, heap %d, stack %d, "
		    "want 12, 22, 32", global, *heap, stack);
	free((void *)heap);
	return FC_PASS;
}

const struct fc_case fc_cow_cases[] = {
	{ .id = "cow.private-anon", .run = private_anon, .tier = FC_CORE,
	  .spec = "XSH fork, mmap: private memory is copied; later writes "
	  "are seen only by the writer" },
	{ .id = NULL }
};
