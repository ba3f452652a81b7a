/*
 * pid-os.c: pid cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <unistd.h>

#include "cases.h"

#if defined(WITH_GETTID)
/*
 * Linux: in the child, getpid() equals the raw getpid system call, and
 * the id of its single thread (gettid) equals its pid.  A C library that
 * keeps a cached pid or tid from the parent fails.
 */
static enum fc_verdict
getpid_tid(const struct fc_case *c FC_UNUSED)
{
	static const char *const names[] = {
		"getpid()", "syscall(SYS_getpid)", "syscall(SYS_gettid)"
	};
	struct fc_sub	sub;
	pid_t		pid, seen[3];
	ssize_t		n;
	int		status;

	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		seen[0] = getpid();
		seen[1] = (pid_t)syscall(SYS_getpid);
		seen[2] = (pid_t)syscall(SYS_gettid);
		fc_sub_report(sub.fd, seen, sizeof(seen));
	}
	pid = sub.pid;
	n = fc_read_all(sub.fd, seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	return pid_judge(pid, seen, names, 3, n, sizeof(seen), status);
}
#define GETPID_TID_ROW	.run = getpid_tid
#else
#define GETPID_TID_ROW	.absent = "no gettid system call here (Linux only)"
#endif

#if defined(HAVE__FORK)
/*
 * getpid() in a child made by _Fork() is the pid _Fork() returned, and
 * _Fork() returned 0 there.  The child is known by its identity, not by
 * the return (as in pid.ret-values).  A C library whose _Fork skips the
 * pid (or tid) cache reset, or returns a wrong value, fails.
 */
static enum fc_verdict
getpid_underscore_fork(const struct fc_case *c FC_UNUSED)
{
	static const char *const names[] = { "getpid() after _Fork" };
	pid_t	self = getpid(), pid, seen[2];
	ssize_t	n;
	int	fds[2], status;

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	pid = _Fork();
	if (fc_forked_child(self)) {
		seen[0] = getpid();
		seen[1] = pid;
		_exit(write(fds[1], seen, sizeof(seen)) ==
		    (ssize_t)sizeof(seen) ? 0 : 1);
	}
	if (pid == -1)
		return fc_broken("_Fork");
	close(fds[1]);
	n = fc_read_all(fds[0], seen, sizeof(seen));
	close(fds[0]);
	if (fc_reap_forked(pid, &status) == -1)
		return fc_broken("waitpid");
	if (n == (ssize_t)sizeof(seen) && seen[1] != 0)
		return fc_fail("_Fork() returned %ld in the child, want 0",
		    (long)seen[1]);
	return pid_judge(pid, seen, names, 1, n, sizeof(seen), status);
}
#define GETPID_UNDERSCORE_FORK_ROW	.run = getpid_underscore_fork
#else
#define GETPID_UNDERSCORE_FORK_ROW	.absent = "no _Fork() here"
#endif

#if defined(HAVE_VFORK)
/*
 * getpid() in a vfork() child is the pid vfork() returned.  A C library
 * that answers from the parent's cached pid while the two share memory
 * fails.  The child only calls getpid, write and _exit, and stores into
 * the variable that holds vfork's result.
 */
static enum fc_verdict
getpid_vfork(const struct fc_case *c FC_UNUSED)
{
	static const char *const names[] = { "getpid() after vfork" };
	pid_t	pid;
	int	fds[2];

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	if ((pid = vfork()) == -1)
		return fc_broken("vfork");
	if (pid == 0) {
		pid = getpid();
		_exit(write(fds[1], &pid, sizeof(pid)) ==
		    (ssize_t)sizeof(pid) ? 0 : 1);
	}
	return pid_judge_pipe(pid, fds, names);
}
#define GETPID_VFORK_ROW	.run = getpid_vfork
#else
#define GETPID_VFORK_ROW	.absent = "no vfork() here"
#endif

const struct fc_case fc_pid_os_cases[] = {
	{ .id = "pid.getpid-cache/tid", GETPID_TID_ROW, .tier = FC_LINUX,
	  .spec = "L: fork(2), gettid(2): in the child getpid() equals the "
	  "raw system call and its single thread's id is its pid" },
	{ .id = "pid.getpid-cache/_Fork", GETPID_UNDERSCORE_FORK_ROW,
	  .tier = FC_CORE,
	  .spec = "XSH _Fork: the child's getpid() is the pid _Fork() "
	  "returned" },
	{ .id = "pid.getpid-cache/vfork", GETPID_VFORK_ROW, .tier = FC_CORE,
	  .spec = "XSH getpid; L: vfork(2), BSD vfork(2): the vfork() "
	  "child's getpid() is its own pid" },
	{ .id = NULL }
};
