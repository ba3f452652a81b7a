/*
 * pid-os.c: pid cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <unistd.h>

#if defined(HAVE_SYS_SYSCALL_H)
#include <sys/syscall.h>
#endif

#include "cases.h"

/*
 * Judges what a child reported of its pid: n bytes of seen[0..count-1],
 * each of which must be the pid fork returned; names[] says where each
 * value came from.
 */
static enum fc_verdict
judge(pid_t pid, const pid_t *seen, const char *const *names, int count,
    ssize_t n, size_t size, int status)
{
	char	st[64];
	int	i;

	if (n != (ssize_t)size)
		return fc_fail("the child sent %zd of %zu bytes and %s", n,
		    size, fc_status(status, st, sizeof(st)));
	if (pid <= 0 || pid == getpid())
		return fc_fail("fork returned %ld to the parent (pid %ld)",
		    (long)pid, (long)getpid());
	for (i = 0; i < count; i++)
		if (seen[i] != pid)
			return fc_fail("%s in the child is %ld, want %ld "
			    "(what fork returned)", names[i], (long)seen[i],
			    (long)pid);
	return FC_PASS;
}

#if defined(__linux__) && defined(HAVE_SYS_SYSCALL_H) && \
    defined(SYS_gettid) && defined(SYS_getpid)
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
		fc_exit(fc_write_all(sub.fd, seen, sizeof(seen)) == 0 ? 0 : 1);
	}
	pid = sub.pid;
	n = fc_read_all(sub.fd, seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	return judge(pid, seen, names, 3, n, sizeof(seen), status);
}
#else
static enum fc_verdict
getpid_tid(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no gettid system call here (Linux only)");
}
#endif

#if defined(HAVE__FORK) || defined(HAVE_VFORK)
/* Judges the one pid a child wrote into the pipe fds, then reaps it. */
static enum fc_verdict
judge_pipe(pid_t pid, int fds[2], const char *const *names)
{
	pid_t	seen;
	ssize_t	n;
	int	status;

	close(fds[1]);
	n = fc_read_all(fds[0], &seen, sizeof(seen));
	close(fds[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	return judge(pid, &seen, names, 1, n, sizeof(seen), status);
}
#endif

#if defined(HAVE__FORK)
/*
 * getpid() in a child made by _Fork() is the pid _Fork() returned.  A C
 * library whose _Fork skips the pid (or tid) cache reset fails.
 */
static enum fc_verdict
getpid_underscore_fork(const struct fc_case *c FC_UNUSED)
{
	static const char *const names[] = { "getpid() after _Fork" };
	pid_t	pid, seen;
	int	fds[2];

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	if ((pid = _Fork()) == -1)
		return fc_broken("_Fork");
	if (pid == 0) {
		seen = getpid();
		_exit(write(fds[1], &seen, sizeof(seen)) ==
		    (ssize_t)sizeof(seen) ? 0 : 1);
	}
	return judge_pipe(pid, fds, names);
}
#else
static enum fc_verdict
getpid_underscore_fork(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no _Fork() here");
}
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
	return judge_pipe(pid, fds, names);
}
#else
static enum fc_verdict
getpid_vfork(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no vfork() here");
}
#endif

const struct fc_case fc_pid_os_cases[] = {
	{ .id = "pid.getpid-cache/tid", .run = getpid_tid, .tier = FC_LINUX,
	  .spec = "L: fork(2), gettid(2): in the child getpid() equals the "
	  "raw system call and its single thread's id is its pid" },
	{ .id = "pid.getpid-cache/_Fork", .run = getpid_underscore_fork,
	  .tier = FC_CORE,
	  .spec = "XSH _Fork: the child's getpid() is the pid _Fork() "
	  "returned" },
	{ .id = "pid.getpid-cache/vfork", .run = getpid_vfork, .tier = FC_CORE,
	  .spec = "XSH getpid; L: vfork(2), BSD vfork(2): the vfork() "
	  "child's getpid() is its own pid" },
	{ .id = NULL }
};
