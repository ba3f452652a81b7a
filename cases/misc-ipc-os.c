/*
 * misc-ipc-os.c: System V semaphore adjustments and asynchronous I/O
 * across fork (XSH fork: semadj, AIO; Linux io_setup).  Each case is
 * listed on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define GUARD_MS	3000	/* hang guard for quick waits, scaled */

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
#define SEMADJ_CLEARED_ROW	.run = semadj_cleared

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
#define SEMADJ_SEMPID_ROW	.run = semadj_sempid

#else

#define SEMADJ_CLEARED_ROW	.absent = "no <sys/sem.h> (System V " \
	"semaphores) here"
#define SEMADJ_SEMPID_ROW	.absent = "no <sys/sem.h> (System V " \
	"semaphores) here"

#endif

/*
 * Section: POSIX asynchronous I/O.
 */
#if defined(WITH_AIO)

/* The child's exit codes. */
enum {
	AIOC_OK = 0,
	AIOC_OPEN = 10,		/* its file could not be made */
	AIOC_REFUSED = 11,	/* aio_write returned -1 */
	AIOC_STUCK = 12,	/* the write was not done within the guard */
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
	struct timespec		 guard = fc_guard_ts(GUARD_MS);
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
	if (code == AIOC_STUCK)
		return fc_brokenx("guard of %d ms expired waiting for the "
		    "child's aio_write, with the parent's aio_read pending",
		    fc_guard_ms(GUARD_MS));
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
		return fc_brokenx("guard of %d ms expired waiting for the "
		    "parent's aio_read to complete with its data",
		    fc_guard_ms(GUARD_MS));
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
		/*
		 * An implementation without AIO on sockets fails the request
		 * at once with one of these; any other end of a read from an
		 * empty socket leaves nothing this case can measure.
		 */
		if (err == ENOSYS || err == EINVAL || err == ENOTSUP ||
		    err == EOPNOTSUPP || err == ESPIPE)
			return fc_skip("aio_read on an empty socket ended at "
			    "once (%s): no AIO on sockets here",
			    strerror(err));
		return fc_brokenx("aio_read on an empty socket ended at once "
		    "(%s)", err == 0 ? "with data" : strerror(err));
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
#define AIO_CASE_ROW	.run = aio_case

#else

#define AIO_CASE_ROW	.absent = "no POSIX AIO (aio_read) here"
#endif

/*
 * Section: Linux AIO contexts.
 */
#if defined(WITH_IO_SETUP)

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
		fc_sub_report(sub.fd, &err, sizeof(err));
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
#define AIO_IO_SETUP_ROW	.run = aio_io_setup

#else

#define AIO_IO_SETUP_ROW	.absent = "no Linux io_setup here"
#endif

const struct fc_case fc_misc_os_cases[] = {
	{ .id = "misc.semadj-cleared/semadj", SEMADJ_CLEARED_ROW,
	  .tier = FC_XSI,
	  .spec = "XSH fork: all semadj values shall be cleared" },
	{ .id = "misc.semadj-cleared/sempid", SEMADJ_SEMPID_ROW,
	  .tier = FC_XSI,
	  .spec = "XSH fork, semop: the child's semop sets sempid to the "
	  "child's pid" },
	{ .id = "misc.aio", AIO_CASE_ROW, .tier = FC_CORE,
	  .spec = "XSH fork: no asynchronous I/O operations are inherited; "
	  "the child can do its own" },
	{ .id = "misc.aio/io-setup", AIO_IO_SETUP_ROW, .tier = FC_LINUX,
	  .spec = "L: fork(2): the child does not inherit io_setup(2) AIO "
	  "contexts" },
	{ .id = NULL }
};
