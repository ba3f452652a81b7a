/*
 * misc-os.c: misc cases that need one platform's interfaces, or one that
 * configure may not find: System V semaphores (XSH fork: "All semadj
 * values shall be cleared"), POSIX AIO (XSH fork: "no asynchronous input
 * or asynchronous output operations shall be inherited") and Linux
 * io_setup, vfork, clone3, posix_spawn and FreeBSD's pdfork.  Each case is
 * listed on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#if defined(HAVE_SYS_SEM_H)
#include <sys/ipc.h>
#include <sys/sem.h>
#endif
#if defined(HAVE_SYS_SYSCALL_H)
#include <sys/syscall.h>
#endif
#if defined(HAVE_PDFORK)
#include <sys/procdesc.h>
#endif

#if defined(HAVE_AIO_H)
#include <aio.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#if defined(HAVE_POSIX_SPAWN)
#include <spawn.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define GUARD_MS	3000	/* hang guard for quick waits, whole seconds */
#define VFORK_ROUNDS	100	/* vfork-suspend's tries */
#define VIEW_FDS	64	/* descriptors a posix-spawn helper looks at */
#define VIEW_SIGS	32	/* signals it looks at: 1 to 31 */

/* Nested children: the exit codes of the middle generation. */
enum {
	NEST_OK = 15,		/* 10 + the grandchild's 5 */
	NEST_FAILED = 1,	/* could not create the grandchild */
	NEST_WAIT = 2,		/* waitpid for it failed */
	NEST_STATUS = 3,	/* it did not exit normally */
	NEST_ENOSYS = 4,	/* its creation call does not exist */
	NEST_EPERM = 5		/* a sandbox refused its creation call */
};

/* The vfork-release helper's exit codes. */
enum {
	REL_OK = 0,		/* released by the parent's byte */
	REL_STUCK = 10,		/* no byte within GUARD_MS */
	REL_EOF = 11,		/* the pipe closed without a byte */
	REL_SETUP = 12		/* bad arguments */
};

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

/*
 * The exec'd image of a vfork child (misc.vfork-release): waits on the
 * descriptor named by argv[1] for a byte that only the parent can send,
 * once vfork has let it go.  The poll timeout is a hang guard: it turns a
 * parent that is still suspended into an exit code, not a deadlock.
 */
static int
release_helper(int argc, char **argv)
{
	struct pollfd	pfd;
	int		n;
	char		c;

	if (argc < 2)
		return REL_SETUP;
	pfd.fd = atoi(argv[1]);
	pfd.events = POLLIN;
	do
		n = poll(&pfd, 1, GUARD_MS);
	while (n == -1 && errno == EINTR);
	if (n == 0)
		return REL_STUCK;
	if (n == -1)
		return REL_SETUP;
	return fc_read_all(pfd.fd, &c, 1) == 1 ? REL_OK : REL_EOF;
}

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
 * Section: System V semaphores.
 */
#if defined(HAVE_SYS_SEM_H)

/* Runs body on a fresh private one-semaphore set, always removed after. */
static enum fc_verdict
sem_run(enum fc_verdict (*body)(int))
{
	enum fc_verdict	v;
	int		id;

	if ((id = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600)) == -1) {
		if (errno == ENOSYS)
			return fc_skip("no System V semaphores here (ENOSYS)");
		return fc_broken("semget");
	}
	v = body(id);
	if (semctl(id, 0, IPC_RMID) == -1 && v == FC_PASS)
		return fc_broken("semctl IPC_RMID");
	return v;
}

/* One operation of op on semaphore 0, with flags. */
static int
sem_op(int id, int op, int flags)
{
	struct sembuf	sb;

	sb.sem_num = 0;
	sb.sem_op = (short)op;
	sb.sem_flg = (short)flags;
	return semop(id, &sb, 1);
}

static enum fc_verdict
semadj_body(int id)
{
	pid_t	pid;
	int	status, val;
	char	st[64];

	if (sem_op(id, 1, SEM_UNDO) == -1)
		return fc_broken("semop +1 with SEM_UNDO");
	if ((val = semctl(id, 0, GETVAL)) != 1)
		return fc_brokenx("semval is %d after +1, want 1", val);
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(0);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if ((val = semctl(id, 0, GETVAL)) == -1)
		return fc_broken("semctl GETVAL");
	if (val != 1)
		return fc_fail("semval is %d after the child exited, want 1: "
		    "the child's exit undid the parent's SEM_UNDO +1", val);
	return FC_PASS;
}

/*
 * semadj values are cleared in the child: the parent raises a semaphore
 * by 1 with SEM_UNDO, a child exits without touching it, and the value is
 * still 1.  A platform that copies the parent's adjustment into the child,
 * so that the child's exit undoes the parent's operation, fails.
 */
static enum fc_verdict
semadj_cleared(const struct fc_case *c FC_UNUSED)
{
	return sem_run(semadj_body);
}

static enum fc_verdict
sempid_body(int id)
{
	pid_t	pid;
	int	status, val;
	char	st[64];

	if (sem_op(id, 1, 0) == -1)
		return fc_broken("semop +1");
	if ((val = semctl(id, 0, GETPID)) != (int)getpid())
		return fc_brokenx("sempid is %d after our own semop, want %ld",
		    val, (long)getpid());
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(sem_op(id, 1, 0) == 0 ? 0 : 1);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the child's semop failed: %s",
		    fc_status(status, st, sizeof(st)));
	if ((val = semctl(id, 0, GETPID)) == -1)
		return fc_broken("semctl GETPID");
	if (val != (int)pid)
		return fc_fail("sempid is %d after the child's semop, want "
		    "the child's pid %ld", val, (long)pid);
	if ((val = semctl(id, 0, GETVAL)) != 2)
		return fc_fail("semval is %d after +1 by each process, want 2",
		    val);
	return FC_PASS;
}

/*
 * An operation by the child is the child's own: after the child's semop,
 * GETPID reports the pid fork returned to the parent (as gVisor's
 * SemCtlGetPidFork checks) and the value counts both operations.  A
 * platform whose child operates under another pid (the parent's, a
 * stale one) fails.
 */
static enum fc_verdict
semadj_sempid(const struct fc_case *c FC_UNUSED)
{
	return sem_run(sempid_body);
}

#else

static enum fc_verdict
semadj_cleared(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no <sys/sem.h> (System V semaphores) here");
}

static enum fc_verdict
semadj_sempid(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no <sys/sem.h> (System V semaphores) here");
}

#endif

/*
 * Section: POSIX asynchronous I/O.
 */
#if defined(HAVE_AIO_H) && defined(HAVE_AIO_READ)

/* The child's exit codes. */
enum {
	AIOC_OK = 0,
	AIOC_OPEN = 10,		/* its file could not be made */
	AIOC_REFUSED = 11,	/* aio_write returned -1 */
	AIOC_STUCK = 12,	/* the write was not done within GUARD_MS */
	AIOC_ERROR = 13,	/* aio_error reported a failure */
	AIOC_SHORT = 14		/* wrong aio_return or file contents */
};

/*
 * Waits for one request, up to the hang guard; returns its aio_error(),
 * EINPROGRESS if it is still running then.
 */
static int
aio_wait(struct aiocb *cb)
{
	const struct aiocb	*list[1];
	struct timespec		 guard = { GUARD_MS / 1000, 0 };
	int			 err;

	list[0] = cb;
	for (;;) {
		if ((err = aio_error(cb)) != EINPROGRESS)
			return err;
		if (aio_suspend(list, 1, &guard) == -1 && errno != EINTR)
			return aio_error(cb);
	}
}

/* In the child: an aio_write of its own to a new file, to completion. */
static int
aio_child(void)
{
	static char	data[] = "child";
	struct aiocb	wr;
	char		back[sizeof(data)];
	int		fd, err;

	if ((fd = open("aio-child", O_RDWR | O_CREAT | O_TRUNC, 0600)) == -1)
		return AIOC_OPEN;
	memset(&wr, 0, sizeof(wr));
	wr.aio_fildes = fd;
	wr.aio_buf = data;
	wr.aio_nbytes = sizeof(data) - 1;
	wr.aio_sigevent.sigev_notify = SIGEV_NONE;
	if (aio_write(&wr) == -1)
		return AIOC_REFUSED;
	if ((err = aio_wait(&wr)) == EINPROGRESS)
		return AIOC_STUCK;
	if (err != 0)
		return AIOC_ERROR;
	if (aio_return(&wr) != (ssize_t)wr.aio_nbytes ||
	    pread(fd, back, wr.aio_nbytes, 0) != (ssize_t)wr.aio_nbytes ||
	    memcmp(back, data, wr.aio_nbytes) != 0)
		return AIOC_SHORT;
	close(fd);
	return AIOC_OK;
}

/*
 * With rd pending: fork, let the child do its own AIO and exit, then
 * feed rd through wfd.  *done is set once rd's result has been taken.
 */
static enum fc_verdict
aio_check(struct aiocb *rd, int wfd, int *done)
{
	static const char *const why[] = {
		[AIOC_REFUSED] = "aio_write was refused",
		[AIOC_STUCK] = "aio_write did not complete within the guard",
		[AIOC_ERROR] = "aio_write failed",
		[AIOC_SHORT] = "aio_write wrote the wrong bytes",
	};
	pid_t	pid;
	ssize_t	n;
	int	status, code, err;
	char	st[64];

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(aio_child());
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	if (code == AIOC_OPEN)
		return fc_brokenx("the child could not create its file");
	if (code >= AIOC_REFUSED && code <= AIOC_SHORT)
		return fc_fail("in the child, with the parent's aio_read "
		    "pending, %s", why[code]);
	if (code != AIOC_OK)
		return fc_fail("the child, doing its own AIO while the "
		    "parent's was pending, %s", fc_status(status, st,
		    sizeof(st)));
	if ((err = aio_error(rd)) != EINPROGRESS) {
		*done = 1;
		n = aio_return(rd);
		return fc_fail("the parent's aio_read on an empty socket "
		    "ended (%s, %zd bytes) while the child ran",
		    strerror(err), n);
	}
	if (fc_write_all(wfd, "hello", 5) == -1)
		return fc_broken("write");
	if ((err = aio_wait(rd)) == EINPROGRESS)
		return fc_fail("the parent's aio_read did not complete within "
		    "%d ms of its data", GUARD_MS);
	*done = 1;
	n = aio_return(rd);
	if (err != 0)
		return fc_fail("the parent's aio_read failed: %s",
		    strerror(err));
	if (n != 5 || memcmp((const void *)rd->aio_buf, "hello", 5) != 0)
		return fc_fail("the parent's aio_read returned %zd bytes, "
		    "want \"hello\"", n);
	return FC_PASS;
}

/*
 * Asynchronous I/O is not inherited, and does not stand in the child's
 * way: the parent leaves an aio_read pending on an empty socket, a child
 * does its own aio_write + aio_suspend on a file to completion and exits,
 * and the parent's read, still in progress, then completes with the
 * bytes the parent sends.  A platform whose child hangs or crashes on the
 * parent's AIO state (musl before 1.2.2), or whose fork or child exit
 * ends the parent's request, fails.  The caller has one thread; AIO's
 * worker threads belong to the implementation, so the child may use AIO.
 * A socket, not a pipe: FreeBSD does AIO on pipes only when told to.
 */
static enum fc_verdict
aio_case(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct aiocb	rd;
	char		buf[8];
	int		sv[2], err, done = 0;

	(void)signal(SIGPIPE, SIG_IGN);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return fc_broken("socketpair");
	memset(&rd, 0, sizeof(rd));
	rd.aio_fildes = sv[0];
	rd.aio_buf = buf;
	rd.aio_nbytes = 5;
	rd.aio_sigevent.sigev_notify = SIGEV_NONE;
	if (aio_read(&rd) == -1) {
		if (errno == ENOSYS || errno == EINVAL || errno == ENOTSUP ||
		    errno == EOPNOTSUPP)
			v = fc_skip("no aio_read on a socket here: %s",
			    strerror(errno));
		else
			v = fc_broken("aio_read");
		close(sv[0]);
		close(sv[1]);
		return v;
	}
	if ((err = aio_error(&rd)) != EINPROGRESS) {
		(void)aio_return(&rd);
		close(sv[0]);
		close(sv[1]);
		return fc_skip("aio_read on an empty socket ended at once "
		    "(%s): no AIO on sockets here", strerror(err));
	}
	v = aio_check(&rd, sv[1], &done);
	/* Never leave the read pending: end of file finishes it. */
	close(sv[1]);
	if (!done && aio_wait(&rd) == EINPROGRESS) {
		(void)aio_cancel(sv[0], &rd);
		(void)aio_wait(&rd);
	}
	if (!done)
		(void)aio_return(&rd);
	close(sv[0]);
	return v;
}

#else

static enum fc_verdict
aio_case(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no POSIX AIO (aio_read) here");
}

#endif

/*
 * Section: Linux AIO contexts.
 */
#if defined(__linux__) && defined(SYS_io_setup) && defined(SYS_io_destroy)

/*
 * Linux AIO contexts belong to the address space that made them: in the
 * child, io_destroy of the parent's io_setup context fails with EINVAL,
 * and the context still works for the parent afterwards.  A kernel that
 * hands the context to the child (or lets the child tear it down) fails.
 * io_destroy waits for an RCU grace period: some 20 to 40 ms here.
 */
static enum fc_verdict
aio_io_setup(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	unsigned long	ctx = 0;
	pid_t		pid;
	ssize_t		n;
	int		status, err = -1;
	char		st[64];

	if (syscall(SYS_io_setup, 1, &ctx) == -1) {
		if (errno == ENOSYS)
			return fc_skip("no Linux AIO (io_setup: ENOSYS)");
		return fc_broken("io_setup");
	}
	if ((pid = fc_sub_fork(&sub)) == -1) {
		(void)syscall(SYS_io_destroy, ctx);
		return fc_broken("fork");
	}
	if (pid == 0) {
		err = syscall(SYS_io_destroy, ctx) == 0 ? 0 : errno;
		fc_exit(fc_write_all(sub.fd, &err, sizeof(err)) == 0 ? 0 : 1);
	}
	n = fc_read_all(sub.fd, &err, sizeof(err));
	if (fc_sub_wait(&sub, &status) == -1) {
		(void)syscall(SYS_io_destroy, ctx);
		return fc_broken("waitpid");
	}
	if (syscall(SYS_io_destroy, ctx) == -1)
		return fc_fail("the parent's AIO context is gone after the "
		    "child ran: io_destroy: %s", strerror(errno));
	if (n != (ssize_t)sizeof(err) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (err == 0)
		return fc_fail("the child could io_destroy the parent's AIO "
		    "context: it was inherited");
	if (err != EINVAL)
		return fc_fail("the child's io_destroy of the parent's "
		    "context failed with %s, want EINVAL", strerror(err));
	return FC_PASS;
}

#else

static enum fc_verdict
aio_io_setup(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no Linux io_setup here");
}

#endif

/*
 * Section: nested creation, shared by the vfork and clone3 variants.
 */
#if defined(HAVE_VFORK) || (defined(__linux__) && defined(SYS_clone3))

/*
 * A forked child makes a grandchild that exits 5 with make(), reaps it
 * and exits with 10 plus its status; the parent must see 15.
 */
static enum fc_verdict
nested_run(pid_t (*make)(void), const char *what)
{
	pid_t	pid, gpid;
	int	status;
	char	st[64];

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		if ((gpid = make()) == -1)
			fc_exit(errno == ENOSYS ? NEST_ENOSYS :
			    errno == EPERM ? NEST_EPERM : NEST_FAILED);
		if (fc_waitpid(gpid, &status, 0) != gpid)
			fc_exit(NEST_WAIT);
		fc_exit(WIFEXITED(status) ? 10 + WEXITSTATUS(status) :
		    NEST_STATUS);
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	switch (WEXITSTATUS(status)) {
	case NEST_OK:
		return FC_PASS;
	case NEST_ENOSYS:
		return fc_skip("no %s here (ENOSYS)", what);
	case NEST_EPERM:
		return fc_brokenx("seccomp/sandbox refuses %s (EPERM)", what);
	case NEST_FAILED:
		return fc_fail("%s failed in a forked child", what);
	case NEST_WAIT:
		return fc_fail("in a forked child, waitpid for its %s child "
		    "failed", what);
	case NEST_STATUS:
		return fc_fail("the %s grandchild did not exit normally",
		    what);
	default:
		return fc_fail("the child exited %d, want 15 (10 + its %s "
		    "child's 5)", WEXITSTATUS(status), what);
	}
}

#endif

/*
 * Section: vfork.  The vfork children below only store to memory, _exit
 * or exec.
 */
#if defined(HAVE_VFORK)

static pid_t
vfork_flag(volatile int *flag)
{
	pid_t	pid;

	if ((pid = vfork()) == 0) {
		*flag = 1;
		_exit(0);
	}
	return pid;
}

static pid_t
vfork_exit5(void)
{
	pid_t	pid;

	if ((pid = vfork()) == 0)
		_exit(5);
	return pid;
}

static pid_t
vfork_exec(char *const args[])
{
	pid_t	pid;

	if ((pid = vfork()) == 0) {
		(void)fc_exec_helper(args);
		_exit(127);
	}
	return pid;
}

static volatile int	vfork_private;

/*
 * vfork() suspends the parent until the child has gone: the child stores
 * 1 into a MAP_SHARED flag and _exits, and when vfork returns in the
 * parent the flag must already be set, in each of 100 rounds.  A vfork
 * that is a plain fork (the parent runs on at once) fails with near
 * certainty.  Emulators that turn vfork into fork skip.
 */
static enum fc_verdict
vfork_suspend(const struct fc_case *c FC_UNUSED)
{
	volatile int	*flag;
	pid_t		 pid;
	int		 i, seen, status;
	char		 st[64];

	if (fc_emulator() != NULL)
		return fc_skip("%s implements vfork as fork", fc_emulator());
	flag = mmap(NULL, sizeof(*flag), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (flag == MAP_FAILED)
		return fc_broken("mmap");
	for (i = 0; i < VFORK_ROUNDS; i++) {
		*flag = 0;
		if ((pid = vfork_flag(flag)) == -1)
			return fc_broken("vfork");
		seen = *flag;
		if (fc_waitpid(pid, &status, 0) == -1)
			return fc_broken("waitpid");
		if (seen != 1)
			return fc_fail("round %d: vfork returned to the "
			    "parent before the child's _exit (its store was "
			    "not yet made)", i + 1);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return fc_fail("round %d: the vfork child %s, want "
			    "exited 0", i + 1, fc_status(status, st,
			    sizeof(st)));
	}
	(void)munmap((void *)flag, sizeof(*flag));
	return FC_PASS;
}

/*
 * Probe: does a vfork child share the parent's memory?  The child writes
 * a private global before _exit.  Linux, NetBSD and FreeBSD share (the
 * parent sees the write); OpenBSD and emulators copy.
 */
static enum fc_verdict
vfork_shared(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid;
	int	status;

	/* What is seen there is the emulator's doing, not the platform's. */
	if (fc_emulator() != NULL)
		return fc_skip("%s implements vfork as fork: whether memory "
		    "is shared says nothing of the platform", fc_emulator());
	vfork_private = 0;
	if ((pid = vfork_flag(&vfork_private)) == -1)
		return fc_broken("vfork");
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	fc_note("a vfork child's write to a private global %s seen by the "
	    "parent: memory is %s", vfork_private ? "is" : "is not",
	    vfork_private ? "shared" : "copied");
	return FC_PASS;
}

/*
 * Starts a vfork child that execs release_helper on a copy of rfd that
 * survives the exec.
 */
static pid_t
release_start(int rfd)
{
	char	 num[16];
	char	*args[2];
	pid_t	 pid;
	int	 fd, saved;

	if ((fd = dup(rfd)) == -1)
		return -1;
	snprintf(num, sizeof(num), "%d", fd);
	args[0] = num;
	args[1] = NULL;
	pid = vfork_exec(args);
	saved = errno;
	close(fd);
	errno = saved;
	return pid;
}

/*
 * A vfork parent resumes when the child execs, not when the exec'd
 * program exits: the child execs a helper that waits for a byte which
 * only the resumed parent can send.  A platform that holds the parent
 * until the helper exits fails (the helper gives up after a hang guard
 * and says so).
 */
static enum fc_verdict
vfork_release(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid, early;
	int	p[2], status, posted;
	char	st[64];

	(void)signal(SIGPIPE, SIG_IGN);
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if ((pid = release_start(p[0])) == -1)
		return fc_broken("vfork");
	close(p[0]);
	early = fc_waitpid(pid, &status, WNOHANG);
	posted = fc_sync_post(p[1]);
	close(p[1]);
	if (early == -1 || (early == 0 && fc_waitpid(pid, &status, 0) == -1))
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return fc_brokenx("the vfork child could not exec the helper");
	if (WIFEXITED(status) && WEXITSTATUS(status) == REL_STUCK)
		return fc_fail("the parent stayed suspended after the vfork "
		    "child's exec: the helper waited %d ms for it", GUARD_MS);
	if (early == pid)
		return fc_fail("vfork returned only after the exec'd program "
		    "had %s", fc_status(status, st, sizeof(st)));
	if (posted == -1)
		return fc_broken("write");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != REL_OK)
		return fc_fail("the exec'd vfork child %s, want exited 0",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/*
 * vfork works in a forked child: the grandchild _exits 5, the child
 * reaps it and exits 15.  A platform whose vfork fails or garbles the
 * status one level down fails.
 */
static enum fc_verdict
nested_vfork(const struct fc_case *c FC_UNUSED)
{
	return nested_run(vfork_exit5, "vfork");
}

#else

static enum fc_verdict
vfork_suspend(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no vfork here");
}

static enum fc_verdict
vfork_shared(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no vfork here");
}

static enum fc_verdict
vfork_release(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no vfork here");
}

static enum fc_verdict
nested_vfork(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no vfork here");
}

#endif

/*
 * Section: vfork and SIGCHLD, which needs sigtimedwait and waitid.
 */
#if defined(HAVE_VFORK) && defined(HAVE_SIGTIMEDWAIT) && defined(HAVE_WAITID)

/*
 * SIGCHLD and vfork, with SIGCHLD blocked.  A SIGCHLD already pending
 * when vfork suspends the parent is still pending, with its own siginfo,
 * when the parent resumes; and the exit of the exec'd vfork child raises
 * a SIGCHLD of its own, with its pid and status.  (No sleep-free way
 * makes a SIGCHLD arrive strictly inside the suspension.)  A platform
 * whose vfork consumes pending signals, or that sends no SIGCHLD for a
 * vfork child, fails.
 */
static enum fc_verdict
vfork_release_sigchld(const struct fc_case *c FC_UNUSED)
{
	struct timespec	 zero = { 0, 0 }, guard = { GUARD_MS / 1000, 0 };
	enum fc_verdict	 v = FC_PASS;
	siginfo_t	 si;
	sigset_t	 chld;
	pid_t		 first, pid;
	int		 p[2], status, sig;

	(void)signal(SIGPIPE, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1)
		return fc_broken("sigprocmask");
	if ((first = fc_fork()) == -1)
		return fc_broken("fork");
	if (first == 0)
		fc_exit(3);
	/* A zombie barrier: from here on its SIGCHLD is pending. */
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)first, &si, WEXITED | WNOWAIT) == -1)
		return fc_broken("waitid");
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if ((pid = release_start(p[0])) == -1)
		return fc_broken("vfork");
	close(p[0]);
	memset(&si, 0, sizeof(si));
	if ((sig = sigtimedwait(&chld, &si, &zero)) == -1)
		v = fc_fail("the SIGCHLD pending before vfork was gone when "
		    "the parent resumed");
	else if (si.si_pid != first)
		v = fc_fail("the SIGCHLD pending when the parent resumed is "
		    "for pid %ld, want %ld (the child that exited before "
		    "vfork)", (long)si.si_pid, (long)first);
	(void)fc_sync_post(p[1]);
	close(p[1]);
	memset(&si, 0, sizeof(si));
	do
		sig = sigtimedwait(&chld, &si, &guard);
	while (sig == -1 && errno == EINTR);
	if (fc_waitpid(first, &status, 0) == -1 ||
	    fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return fc_brokenx("the vfork child could not exec the helper");
	if (v != FC_PASS)
		return v;
	if (sig == -1)
		return fc_fail("no SIGCHLD within %d ms of the exec'd vfork "
		    "child's exit", GUARD_MS);
	if (si.si_pid != pid || si.si_code != CLD_EXITED ||
	    si.si_status != REL_OK)
		return fc_fail("the SIGCHLD after the exec'd vfork child's "
		    "exit says pid %ld, code %d, status %d; want %ld, "
		    "CLD_EXITED (%d), %d", (long)si.si_pid, si.si_code,
		    si.si_status, (long)pid, CLD_EXITED, REL_OK);
	return FC_PASS;
}

#else

static enum fc_verdict
vfork_release_sigchld(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no vfork, sigtimedwait or waitid here");
}

#endif

/*
 * Section: Linux clone3, called raw.  Its children do nothing but
 * system calls and _exit, as libc does not know about them.
 */
#if defined(__linux__) && defined(SYS_clone3)

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

/*
 * clone3 works in a forked child: the clone3 grandchild _exits 5, the
 * child reaps it and exits 15.
 */
static enum fc_verdict
nested_clone(const struct fc_case *c FC_UNUSED)
{
	return nested_run(clone3_exit5, "clone3");
}

#else

static enum fc_verdict
clone3_as_fork(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no clone3 here (Linux only)");
}

static enum fc_verdict
clone3_bad_flags(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no clone3 here (Linux only)");
}

static enum fc_verdict
clone3_exit_signal_0(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no clone3 here (Linux only)");
}

static enum fc_verdict
nested_clone(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no clone3 here (Linux only)");
}

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
 * The case moves each away from its default, then compares what the
 * helper reports when posix_spawn'ed and when fork + exec'd.  A platform
 * whose posix_spawn (or fork) loses or changes any of them fails.
 */
static enum fc_verdict
posix_spawn_case(const struct fc_case *c FC_UNUSED)
{
	struct view	spawned, forked;
	enum fc_verdict	v;
	char		num[16], msg[128];
	char		*argv[16], *args[2];
	pid_t		pid;
	int		p[2], wfd, err;

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
	if (view_diff(&spawned, &forked, msg, sizeof(msg)))
		return fc_fail("posix_spawn vs fork + exec: %s", msg);
	return FC_PASS;
}

#else

static enum fc_verdict
posix_spawn_case(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no posix_spawn here");
}

#endif

/*
 * Section: FreeBSD process descriptors.
 */
#if defined(HAVE_PDFORK)

/* A pdfork child and the pipes that steer it. */
struct pdrun {
	pid_t	pid;
	int	pd;
	int	rel;		/* a byte on it releases the child */
	int	res;		/* the child's "alive" byte, then EOF */
};

/*
 * pdfork()s a child that waits on the release pipe and answers with a
 * byte of its own when it got one (not when it got end of file).
 */
static int
pd_start(struct pdrun *r, int flags)
{
	pid_t	pid;
	int	rel[2], res[2];

	if (fc_pipe(rel) == -1)
		return -1;
	if (fc_pipe(res) == -1) {
		close(rel[0]);
		close(rel[1]);
		return -1;
	}
	fflush(NULL);
	if ((pid = pdfork(&r->pd, flags)) == -1) {
		close(rel[0]);
		close(rel[1]);
		close(res[0]);
		close(res[1]);
		return -1;
	}
	if (pid == 0) {
		close(rel[1]);
		close(res[0]);
		if (fc_sync_wait(rel[0]) == 0)
			(void)fc_sync_post(res[1]);
		fc_exit(0);
	}
	close(rel[0]);
	close(res[1]);
	r->pid = pid;
	r->rel = rel[1];
	r->res = res[0];
	return 0;
}

/* Releases the child and waits for its end; reaps it if still ours. */
static void
pd_end(struct pdrun *r)
{
	char	c;

	fc_close(&r->rel);
	while (fc_read_all(r->res, &c, 1) == 1)
		continue;
	fc_close(&r->res);
	if (r->pd >= 0) {
		(void)fc_waitpid(r->pid, NULL, 0);
		fc_close(&r->pd);
	}
}

/*
 * pdfork returns a process descriptor for the child: pdgetpid names the
 * child, pdkill signals it, poll reports POLLHUP once it is dead, and
 * waitpid still collects its status.  A kernel whose descriptor names
 * another process, or misses the child's death, fails.
 */
static enum fc_verdict
pdfork_case(const struct fc_case *c FC_UNUSED)
{
	struct pdrun	r;
	struct pollfd	pfd;
	pid_t		pid;
	int		n, status;
	char		st[64];

	if (pd_start(&r, 0) == -1)
		return fc_broken("pdfork");
	if (pdgetpid(r.pd, &pid) == -1) {
		pd_end(&r);
		return fc_broken("pdgetpid");
	}
	if (pid != r.pid) {
		pd_end(&r);
		return fc_fail("pdgetpid says %ld, pdfork returned %ld",
		    (long)pid, (long)r.pid);
	}
	if (pdkill(r.pd, SIGTERM) == -1) {
		pd_end(&r);
		return fc_broken("pdkill");
	}
	pfd.fd = r.pd;
	pfd.events = POLLHUP;
	pfd.revents = 0;
	do
		n = poll(&pfd, 1, GUARD_MS);
	while (n == -1 && errno == EINTR);
	if (fc_waitpid(r.pid, &status, 0) == -1) {
		pd_end(&r);
		return fc_broken("waitpid");
	}
	fc_close(&r.pd);
	pd_end(&r);
	if (n != 1 || !(pfd.revents & POLLHUP))
		return fc_fail("poll on the descriptor of a killed child gave "
		    "%d, revents %#x; want POLLHUP", n, pfd.revents);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
		return fc_fail("after pdkill(SIGTERM) the child %s",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/*
 * Closing the last descriptor of a pdfork child kills it: after close,
 * the byte that would make a live child answer gets no answer, only end
 * of file.  A kernel that lets the child live on fails.
 */
static enum fc_verdict
pdfork_close_kills(const struct fc_case *c FC_UNUSED)
{
	struct pdrun	r;
	ssize_t		n;
	char		c;

	(void)signal(SIGPIPE, SIG_IGN);
	if (pd_start(&r, 0) == -1)
		return fc_broken("pdfork");
	fc_close(&r.pd);
	(void)fc_sync_post(r.rel);
	n = fc_read_all(r.res, &c, 1);
	pd_end(&r);
	if (n == 1)
		return fc_fail("the child outlived the close of its only "
		    "process descriptor (it answered)");
	return FC_PASS;
}

/*
 * With PD_DAEMON, closing the descriptor leaves the child alive: it still
 * answers the release byte.  A kernel that kills it anyway fails.
 */
static enum fc_verdict
pdfork_daemon(const struct fc_case *c FC_UNUSED)
{
	struct pdrun	r;
	ssize_t		n;
	char		c;

	(void)signal(SIGPIPE, SIG_IGN);
	if (pd_start(&r, PD_DAEMON) == -1)
		return fc_broken("pdfork");
	fc_close(&r.pd);
	(void)fc_sync_post(r.rel);
	n = fc_read_all(r.res, &c, 1);
	pd_end(&r);
	if (n != 1)
		return fc_fail("closing the descriptor of a PD_DAEMON child "
		    "killed it");
	return FC_PASS;
}

#else

static enum fc_verdict
pdfork_case(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no pdfork here (FreeBSD only)");
}

static enum fc_verdict
pdfork_close_kills(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no pdfork here (FreeBSD only)");
}

static enum fc_verdict
pdfork_daemon(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no pdfork here (FreeBSD only)");
}

#endif

const struct fc_case fc_misc_os_cases[] = {
	{ .id = "misc.semadj-cleared/semadj", .run = semadj_cleared,
	  .tier = FC_XSI,
	  .spec = "XSH fork: all semadj values shall be cleared" },
	{ .id = "misc.semadj-cleared/sempid", .run = semadj_sempid,
	  .tier = FC_XSI,
	  .spec = "XSH fork, semop: the child's semop sets sempid to the "
	  "child's pid" },
	{ .id = "misc.aio", .run = aio_case, .tier = FC_CORE,
	  .spec = "XSH fork: no asynchronous I/O operations are inherited; "
	  "the child can do its own" },
	{ .id = "misc.aio/io-setup", .run = aio_io_setup, .tier = FC_LINUX,
	  .spec = "L: fork(2): the child does not inherit io_setup(2) AIO "
	  "contexts" },
	{ .id = "misc.vfork-suspend", .run = vfork_suspend, .tier = FC_OPT,
	  .spec = "L, BSD vfork(2): the parent is suspended until the child "
	  "calls _exit or execs" },
	{ .id = "misc.vfork-suspend/shared-memory", .run = vfork_shared,
	  .tier = FC_PROBE,
	  .spec = "L, BSD vfork(2): whether the child shares the parent's "
	  "memory" },
	{ .id = "misc.vfork-release", .run = vfork_release, .tier = FC_LINUX,
	  .helper = release_helper,
	  .spec = "L: vfork(2): the parent resumes at the child's exec, not "
	  "at the exec'd program's exit" },
	{ .id = "misc.vfork-release/sigchld", .run = vfork_release_sigchld,
	  .tier = FC_LINUX, .helper = release_helper,
	  .spec = "L: vfork(2): a pending SIGCHLD survives the suspension; "
	  "the exec'd child's exit raises SIGCHLD" },
	{ .id = "misc.clone3/as-fork", .run = clone3_as_fork,
	  .tier = FC_LINUX,
	  .spec = "L: clone(2): clone3 with exit_signal SIGCHLD and no "
	  "flags behaves like fork" },
	{ .id = "misc.clone3/bad-flags", .run = clone3_bad_flags,
	  .tier = FC_LINUX,
	  .spec = "L: clone(2): unknown flags and invalid combinations give "
	  "EINVAL" },
	{ .id = "misc.clone3/exit-signal-0", .run = clone3_exit_signal_0,
	  .tier = FC_LINUX,
	  .spec = "L: clone(2), wait(2): a child with exit signal 0 needs "
	  "__WCLONE/__WALL and raises no SIGCHLD" },
	{ .id = "misc.posix-spawn", .run = posix_spawn_case, .tier = FC_CORE,
	  .helper = view_helper,
	  .spec = "XSH posix_spawn: the new process inherits what fork + "
	  "exec would pass on" },
	{ .id = "misc.nested/vfork", .run = nested_vfork, .tier = FC_OPT,
	  .spec = "L, BSD vfork(2): vfork works in a forked child and "
	  "statuses propagate" },
	{ .id = "misc.nested/clone", .run = nested_clone, .tier = FC_LINUX,
	  .spec = "L: clone(2): clone3 works in a forked child and statuses "
	  "propagate" },
	{ .id = "misc.pdfork", .run = pdfork_case, .tier = FC_BSD,
	  .spec = "FB pdfork(2): pdgetpid, pdkill, POLLHUP at death, status "
	  "through waitpid" },
	{ .id = "misc.pdfork/close-kills", .run = pdfork_close_kills,
	  .tier = FC_BSD,
	  .spec = "FB procdesc(4): closing the last descriptor kills the "
	  "child" },
	{ .id = "misc.pdfork/daemon", .run = pdfork_daemon, .tier = FC_BSD,
	  .spec = "FB pdfork(2): a PD_DAEMON child survives the close of its "
	  "descriptor" },
	{ .id = NULL }
};
