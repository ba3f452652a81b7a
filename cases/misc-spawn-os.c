/*
 * misc-spawn-os.c: the other ways to make a process (Linux clone3,
 * posix_spawn), also from a forked child; vfork is in misc-vfork-os.c.
 * Missing here: the case skips.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define VIEW_FDS	64	/* descriptors a posix-spawn helper looks at */
#define VIEW_SIGS	32	/* signals it looks at: 1 to 31 */

/* What an exec'd image finds it inherited (misc.posix-spawn). */
struct view {
	uint64_t	fds;		/* bit n: descriptor n is open */
	uint32_t	blocked;	/* bit n: signal n is blocked */
	uint32_t	ignored;	/* bit n: signal n is ignored */
	long		ppid;
	long		pgid;
	long		sid;
	long		mask;		/* the umask */
	long		nice;
	long long	nofile;		/* RLIMIT_NOFILE soft limit */
	long long	cwd_dev;
	long long	cwd_ino;
};


/* Fills v with what the calling process inherited. */
static void
view_take(struct view *v)
{
	struct sigaction	sa;
	struct rlimit		rl;
	struct stat		sb;
	sigset_t		set;
	mode_t			m;
	int			i;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < VIEW_FDS; i++)
		if (fcntl(i, F_GETFD) != -1)
			v->fds |= (uint64_t)1 << i;
	sigemptyset(&set);
	(void)sigprocmask(SIG_BLOCK, NULL, &set);
	for (i = 1; i < VIEW_SIGS; i++) {
		if (sigismember(&set, i) == 1)
			v->blocked |= (uint32_t)1 << i;
		if (sigaction(i, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
			v->ignored |= (uint32_t)1 << i;
	}
	v->ppid = (long)getppid();
	v->pgid = (long)getpgrp();
	v->sid = (long)getsid(0);
	m = umask(0);
	(void)umask(m);
	v->mask = (long)m;
	errno = 0;
	v->nice = getpriority(PRIO_PROCESS, 0);
	if (errno != 0)
		v->nice = -100;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
		v->nofile = (long long)rl.rlim_cur;
	if (stat(".", &sb) == 0) {
		v->cwd_dev = (long long)sb.st_dev;
		v->cwd_ino = (long long)sb.st_ino;
	}
}

/*
 * The image misc.posix-spawn starts twice: writes what it inherited to
 * the descriptor named by argv[1].
 */
static int
view_helper(int argc, char **argv)
{
	struct view	v;

	if (argc < 2)
		return 2;
	view_take(&v);
	return fc_write_all(atoi(argv[1]), &v, sizeof(v)) == 0 ? 0 : 1;
}

/*
 * Section: Linux clone3, called raw.  Its children do nothing but
 * system calls and _exit, as libc does not know about them.
 */
#if defined(WITH_CLONE3)

/* clone3's argument block, version 0 (64 bytes), as in <linux/sched.h>. */
struct clone3_args {
	uint64_t	flags;
	uint64_t	pidfd;
	uint64_t	child_tid;
	uint64_t	parent_tid;
	uint64_t	exit_signal;
	uint64_t	stack;
	uint64_t	stack_size;
	uint64_t	tls;
};

#define CLONE3_THREAD	0x00010000ULL	/* CLONE_THREAD */
#define CLONE3_BIT63	(1ULL << 63)	/* no clone flag has this bit */

static volatile int	clone3_mark;

/* clone3 without a new stack: returns twice, like fork. */
static pid_t
clone3_fork(uint64_t flags, int exit_sig, size_t size)
{
	struct clone3_args	a;

	memset(&a, 0, sizeof(a));
	a.flags = flags;
	a.exit_signal = (uint64_t)exit_sig;
	return (pid_t)syscall(SYS_clone3, &a, size);
}

/* clone3's refusals that are not the platform breaking a rule. */
static int
clone3_refused(enum fc_verdict *v)
{
	if (errno == ENOSYS)
		*v = fc_skip("no clone3 here (ENOSYS)");
	else if (errno == EPERM)
		*v = fc_brokenx("seccomp/sandbox refuses clone3 (EPERM)");
	else
		return 0;
	return 1;
}

static pid_t
clone3_exit5(void)
{
	pid_t	pid;

	if ((pid = clone3_fork(0, SIGCHLD, sizeof(struct clone3_args))) == 0)
		_exit(5);
	return pid;
}

/*
 * clone3 with no flags and exit_signal SIGCHLD is fork: the child gets 0
 * and the parent its pid, which the child's getpid agrees with; the
 * child's parent is the caller; its memory is a copy; plain waitpid reaps
 * it with its status, and its end raises SIGCHLD.  A kernel whose clone3
 * shares memory or reports a wrong pid, parent, status or signal fails.
 */
static enum fc_verdict
clone3_as_fork(const struct fc_case *c FC_UNUSED)
{
	struct timespec	zero = { 0, 0 };
	enum fc_verdict	v;
	siginfo_t	si;
	sigset_t	chld;
	pid_t		self = getpid(), pid, ids[2];
	ssize_t		n;
	int		p[2], status;
	char		st[64];

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1)
		return fc_broken("sigprocmask");
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	clone3_mark = 0;
	if ((pid = clone3_fork(0, SIGCHLD, sizeof(struct clone3_args))) == 0) {
		clone3_mark = 1;
		ids[0] = getpid();
		ids[1] = getppid();
		_exit(fc_write_all(p[1], ids, sizeof(ids)) == 0 ? 42 : 43);
	}
	close(p[1]);
	if (pid == -1) {
		close(p[0]);
		return clone3_refused(&v) ? v : fc_broken("clone3");
	}
	n = fc_read_all(p[0], ids, sizeof(ids));
	close(p[0]);
	if (fc_waitpid(pid, &status, 0) == -1) {
		if (errno != ECHILD)
			return fc_broken("waitpid");
		(void)fc_waitpid(pid, &status, __WALL);
		return fc_fail("plain waitpid does not find a clone3 child "
		    "whose exit signal is SIGCHLD");
	}
	if (n != (ssize_t)sizeof(ids))
		return fc_brokenx("the child reported %zd bytes, want %zu", n,
		    sizeof(ids));
	if (ids[0] != pid)
		return fc_fail("clone3 returned %ld, the child calls itself "
		    "%ld", (long)pid, (long)ids[0]);
	if (ids[1] != self)
		return fc_fail("the child's getppid() is %ld, want %ld",
		    (long)ids[1], (long)self);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 42)
		return fc_fail("the child %s, want exited 42",
		    fc_status(status, st, sizeof(st)));
	if (clone3_mark != 0)
		return fc_fail("the child's write reached the parent: memory "
		    "is shared, not copied");
	memset(&si, 0, sizeof(si));
	if (sigtimedwait(&chld, &si, &zero) == -1)
		return fc_fail("no SIGCHLD pending after the child's end");
	if (si.si_pid != pid)
		return fc_fail("the SIGCHLD is for pid %ld, want %ld",
		    (long)si.si_pid, (long)pid);
	return FC_PASS;
}
#define CLONE3_AS_FORK_ROW	.run = clone3_as_fork

/*
 * clone3 refuses what it does not know or cannot do with EINVAL: a flag
 * bit no kernel defines (bit 63), CLONE_THREAD without CLONE_SIGHAND, an
 * exit signal above the CSIGNAL range, an argument block shorter than
 * version 0.  A kernel that creates a process for any of them, or fails
 * with another errno, fails.
 */
static enum fc_verdict
clone3_bad_flags(const struct fc_case *c FC_UNUSED)
{
	static const struct {
		const char	*what;
		uint64_t	 flags;
		int		 sig;
		size_t		 size;
	} bad[] = {
		{ "flag bit 63", CLONE3_BIT63, SIGCHLD,
		  sizeof(struct clone3_args) },
		{ "CLONE_THREAD alone", CLONE3_THREAD, SIGCHLD,
		  sizeof(struct clone3_args) },
		{ "exit_signal 256", 0, 256, sizeof(struct clone3_args) },
		{ "a 32-byte argument block", 0, SIGCHLD, 32 },
	};
	enum fc_verdict	v;
	size_t		i;
	pid_t		pid;
	int		status;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if ((pid = clone3_fork(bad[i].flags, bad[i].sig,
		    bad[i].size)) == 0)
			_exit(0);
		if (pid > 0) {
			(void)fc_waitpid(pid, &status, __WALL);
			return fc_fail("clone3 with %s created pid %ld, want "
			    "EINVAL", bad[i].what, (long)pid);
		}
		if (clone3_refused(&v))
			return v;
		if (errno != EINVAL)
			return fc_fail("clone3 with %s failed with %s, want "
			    "EINVAL", bad[i].what, strerror(errno));
	}
	return FC_PASS;
}
#define CLONE3_BAD_FLAGS_ROW	.run = clone3_bad_flags

/*
 * A clone3 child with exit_signal 0 (clone3's default) is a "clone"
 * child: plain waitpid does not see it (ECHILD), __WCLONE reaps it, and
 * its end raises no SIGCHLD; __WCLONE in turn never matches a forked
 * child.  A kernel that mixes the two kinds up fails.
 */
static enum fc_verdict
clone3_exit_signal_0(const struct fc_case *c FC_UNUSED)
{
	struct timespec	zero = { 0, 0 };
	enum fc_verdict	v;
	siginfo_t	si;
	sigset_t	chld;
	pid_t		pid, r;
	int		status;
	char		st[64];

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1)
		return fc_broken("sigprocmask");
	if ((pid = clone3_fork(0, 0, sizeof(struct clone3_args))) == 0)
		_exit(7);
	if (pid == -1)
		return clone3_refused(&v) ? v : fc_broken("clone3");
	if ((r = fc_waitpid(pid, &status, 0)) == pid)
		return fc_fail("plain waitpid reaped a child whose exit "
		    "signal is 0");
	if (r != -1 || errno != ECHILD) {
		(void)fc_waitpid(pid, &status, __WALL);
		return fc_fail("plain waitpid for a child whose exit signal "
		    "is 0 returned %ld (%s), want -1 with ECHILD", (long)r,
		    strerror(errno));
	}
	if (fc_waitpid(pid, &status, __WCLONE) != pid) {
		v = fc_fail("waitpid(__WCLONE) did not reap the clone child: "
		    "%s", strerror(errno));
		(void)fc_waitpid(pid, &status, __WALL);
		return v;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 7)
		return fc_fail("the clone child %s, want exited 7",
		    fc_status(status, st, sizeof(st)));
	memset(&si, 0, sizeof(si));
	if (sigtimedwait(&chld, &si, &zero) != -1)
		return fc_fail("SIGCHLD (from pid %ld) is pending after the "
		    "end of a child whose exit signal is 0", (long)si.si_pid);
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(0);
	if ((r = fc_waitpid(pid, &status, __WCLONE)) == pid)
		return fc_fail("waitpid(__WCLONE) reaped a forked child");
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (r != -1)
		return fc_fail("waitpid(__WCLONE) for a forked child returned "
		    "%ld, want -1 with ECHILD", (long)r);
	return FC_PASS;
}
#define CLONE3_EXIT_SIGNAL_0_ROW	.run = clone3_exit_signal_0

/*
 * clone3 works in a forked child: the clone3 grandchild _exits 5, the
 * child reaps it and exits 15.
 */
static enum fc_verdict
nested_clone(const struct fc_case *c FC_UNUSED)
{
	return misc_nested(clone3_exit5, "clone3");
}
#define NESTED_CLONE_ROW	.run = nested_clone

#else

#define CLONE3_AS_FORK_ROW	.absent = "no clone3 here (Linux only)"
#define CLONE3_BAD_FLAGS_ROW	.absent = "no clone3 here (Linux only)"
#define CLONE3_EXIT_SIGNAL_0_ROW	.absent = "no clone3 here (Linux only)"
#define NESTED_CLONE_ROW	.absent = "no clone3 here (Linux only)"

#endif

/*
 * Section: posix_spawn.
 */
#if defined(HAVE_POSIX_SPAWN)

extern char	**environ;

static void
on_signal(int sig)
{
	(void)sig;
}

/* Reaps the helper started by how and reads what it saw. */
static enum fc_verdict
view_collect(pid_t pid, int rfd, struct view *v, const char *how)
{
	ssize_t	n;
	int	status;
	char	st[64];

	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the helper started by %s %s", how,
		    fc_status(status, st, sizeof(st)));
	n = read(rfd, v, sizeof(*v));
	if (n != (ssize_t)sizeof(*v))
		return fc_brokenx("the helper started by %s reported %zd "
		    "bytes, want %zu", how, n, sizeof(*v));
	return FC_PASS;
}

/* Describes the first difference between a (spawned) and b (forked). */
static int
view_diff(const struct view *a, const struct view *b, char *msg, size_t len)
{
	static const char	*const yn[] = { "no", "yes" };
	int			 i;

	for (i = 0; i < VIEW_FDS; i++)
		if (((a->fds ^ b->fds) >> i) & 1) {
			snprintf(msg, len, "descriptor %d open: %s vs %s", i,
			    yn[(a->fds >> i) & 1], yn[(b->fds >> i) & 1]);
			return 1;
		}
	for (i = 1; i < VIEW_SIGS; i++) {
		if (((a->blocked ^ b->blocked) >> i) & 1) {
			snprintf(msg, len, "signal %d blocked: %s vs %s", i,
			    yn[(a->blocked >> i) & 1],
			    yn[(b->blocked >> i) & 1]);
			return 1;
		}
		if (((a->ignored ^ b->ignored) >> i) & 1) {
			snprintf(msg, len, "signal %d ignored: %s vs %s", i,
			    yn[(a->ignored >> i) & 1],
			    yn[(b->ignored >> i) & 1]);
			return 1;
		}
	}
	if (a->ppid != b->ppid)
		snprintf(msg, len, "parent %ld vs %ld", a->ppid, b->ppid);
	else if (a->pgid != b->pgid)
		snprintf(msg, len, "process group %ld vs %ld", a->pgid,
		    b->pgid);
	else if (a->sid != b->sid)
		snprintf(msg, len, "session %ld vs %ld", a->sid, b->sid);
	else if (a->mask != b->mask)
		snprintf(msg, len, "umask %03lo vs %03lo", a->mask, b->mask);
	else if (a->nice != b->nice)
		snprintf(msg, len, "nice %ld vs %ld", a->nice, b->nice);
	else if (a->nofile != b->nofile)
		snprintf(msg, len, "RLIMIT_NOFILE %lld vs %lld", a->nofile,
		    b->nofile);
	else if (a->cwd_dev != b->cwd_dev || a->cwd_ino != b->cwd_ino)
		snprintf(msg, len, "working directory differs");
	else
		return 0;
	return 1;
}

/*
 * Describes the first way v, what an image started by how inherited,
 * differs from what view_setup() arranged: descriptor 20 open and 21
 * (close-on-exec) closed, SIGUSR1 blocked, SIGUSR2 ignored, the caught
 * SIGTERM back to default, umask 027, and the caller's parent, group,
 * session, nice value and descriptor limit.
 */
static int
view_check(const struct view *v, const char *how, char *msg, size_t len)
{
	struct rlimit	rl;
	long		nice;

	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0);
	if (errno != 0)
		nice = v->nice;
	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		rl.rlim_cur = (rlim_t)v->nofile;
	if (!((v->fds >> 20) & 1))
		snprintf(msg, len, "%s: descriptor 20 is closed, want it "
		    "inherited", how);
	else if ((v->fds >> 21) & 1)
		snprintf(msg, len, "%s: close-on-exec descriptor 21 is open",
		    how);
	else if (!((v->blocked >> SIGUSR1) & 1))
		snprintf(msg, len, "%s: SIGUSR1 is not blocked, want the "
		    "caller's mask", how);
	else if (!((v->ignored >> SIGUSR2) & 1))
		snprintf(msg, len, "%s: SIGUSR2 is not ignored, want it still "
		    "SIG_IGN", how);
	else if ((v->ignored >> SIGTERM) & 1)
		snprintf(msg, len, "%s: the caught SIGTERM is ignored, want "
		    "SIG_DFL", how);
	else if (v->mask != 027)
		snprintf(msg, len, "%s: umask %03lo, want 027", how, v->mask);
	else if (v->ppid != (long)getpid())
		snprintf(msg, len, "%s: parent %ld, want the caller %ld", how,
		    v->ppid, (long)getpid());
	else if (v->pgid != (long)getpgrp() || v->sid != (long)getsid(0))
		snprintf(msg, len, "%s: group %ld and session %ld, want the "
		    "caller's %ld and %ld", how, v->pgid, v->sid,
		    (long)getpgrp(), (long)getsid(0));
	else if (v->nice != nice)
		snprintf(msg, len, "%s: nice %ld, want the caller's %ld", how,
		    v->nice, nice);
	else if (v->nofile != (long long)rl.rlim_cur)
		snprintf(msg, len, "%s: RLIMIT_NOFILE %lld, want the caller's "
		    "%lld", how, v->nofile, (long long)rl.rlim_cur);
	else
		return 0;
	return 1;
}

/*
 * Moves the caller's inheritable state away from its defaults: a plain
 * and a close-on-exec descriptor, a blocked, an ignored and a caught
 * signal, the umask, the nice value and the descriptor limit.
 */
static int
view_setup(void)
{
	struct sigaction	sa;
	struct rlimit		rl;
	sigset_t		set;
	int			fd, pri;

	if ((fd = open("/dev/null", O_RDONLY)) == -1 ||
	    fcntl(fd, F_DUPFD, 20) == -1 || close(fd) == -1)
		return -1;
	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) == -1 ||
	    fcntl(fd, F_DUPFD_CLOEXEC, 21) == -1 || close(fd) == -1)
		return -1;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		return -1;
	(void)signal(SIGUSR2, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) == -1)
		return -1;
	(void)umask(027);
	errno = 0;
	pri = getpriority(PRIO_PROCESS, 0);
	if (errno == 0 && pri < 19)
		(void)setpriority(PRIO_PROCESS, 0, pri + 1);
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 64) {
		rl.rlim_cur--;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	return 0;
}

/*
 * posix_spawn gives the new image what fork + exec would: the open
 * descriptors less the close-on-exec ones, the signal mask, the ignored
 * signals (a caught one reset to default), process group, session,
 * parent, umask, nice value, descriptor limit and working directory.
 * The case moves each away from its default, then checks what the helper
 * reports when fork + exec'd and when posix_spawn'ed against what it set
 * up, and the two against each other.  A platform whose posix_spawn (or
 * fork) loses or changes any of them fails.
 */
static enum fc_verdict
posix_spawn_case(const struct fc_case *c FC_UNUSED)
{
	struct view	spawned, forked;
	struct rlimit	rl;
	enum fc_verdict	v;
	char		num[16], msg[128];
	char		*argv[16], *args[2];
	pid_t		pid;
	int		p[2], wfd, err;

	/* view_setup() places descriptors at 20 and 21. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur <= 21)
		return fc_skip("RLIMIT_NOFILE is %lld: the case needs "
		    "descriptors 20 and 21", (long long)rl.rlim_cur);
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) == -1 ||
	    (wfd = fcntl(p[1], F_DUPFD, 10)) == -1 || close(p[1]) == -1)
		return fc_broken("fcntl");
	if (view_setup() == -1)
		return fc_broken("setting up the state to inherit");
	snprintf(num, sizeof(num), "%d", wfd);
	args[0] = num;
	args[1] = NULL;
	if (fc_helper_argv(argv, sizeof(argv) / sizeof(argv[0]), args) == -1)
		return fc_broken("the helper's arguments");
	if ((err = posix_spawnp(&pid, argv[0], NULL, NULL, argv,
	    environ)) != 0) {
		errno = err;
		return fc_broken("posix_spawn %s", argv[0]);
	}
	if ((v = view_collect(pid, p[0], &spawned, "posix_spawn")) != FC_PASS)
		return v;
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		(void)fc_exec_helper(args);
		fc_exit(127);
	}
	if ((v = view_collect(pid, p[0], &forked, "fork + exec")) != FC_PASS)
		return v;
	if (view_check(&forked, "fork + exec", msg, sizeof(msg)) ||
	    view_check(&spawned, "posix_spawn", msg, sizeof(msg)))
		return fc_fail("%s", msg);
	if (view_diff(&spawned, &forked, msg, sizeof(msg)))
		return fc_fail("posix_spawn vs fork + exec: %s", msg);
	return FC_PASS;
}
#define POSIX_SPAWN_CASE_ROW	.run = posix_spawn_case

#else

#define POSIX_SPAWN_CASE_ROW	.absent = "no posix_spawn here"
#endif

const struct fc_case fc_misc_spawn_os_cases[] = {
	{ .id = "misc.clone3/as-fork", CLONE3_AS_FORK_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: clone(2): clone3 with exit_signal SIGCHLD and no "
	  "flags behaves like fork" },
	{ .id = "misc.clone3/bad-flags", CLONE3_BAD_FLAGS_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: clone(2): unknown flags and invalid combinations give "
	  "EINVAL" },
	{ .id = "misc.clone3/exit-signal-0", CLONE3_EXIT_SIGNAL_0_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: clone(2), wait(2): a child with exit signal 0 needs "
	  "__WCLONE/__WALL and raises no SIGCHLD" },
	{ .id = "misc.posix-spawn", POSIX_SPAWN_CASE_ROW, .tier = FC_CORE,
	  .helper = view_helper,
	  .spec = "XSH posix_spawn: the new process inherits what fork + "
	  "exec would pass on" },
	{ .id = "misc.nested/clone", NESTED_CLONE_ROW, .tier = FC_LINUX,
	  .spec = "L: clone(2): clone3 works in a forked child and statuses "
	  "propagate" },
	{ .id = NULL }
};
