/*
 * pid.c: process identity and fork's return values (XSH fork, RETURN
 * VALUE and the "unique process ID" and "parent process ID" bullets).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define NKIDS		24	/* children alive at once (pid.unique) */
#define MANY_CODE	200	/* first exit code of pid.many-children */
#define NTHREADS	4	/* threads that fork (many-children/threads) */
#define PER_THREAD	4	/* children each of them forks */
#define PINGS		256	/* round trips of pid.independent */
#define STALL_MS	2000	/* hang guard, scaled: fc_guard_ms() */

/*
 * fork() returns 0 in the child and the child's pid in the parent, and
 * both go on from the call.  Which process is the child is decided by
 * its identity, not by fork()'s return (getpid() differs from the
 * pre-fork pid, or getppid() equals it): the child reports what fork()
 * returned to it and its getpid() through a pipe and leaves, so a
 * platform returning a wrong pid, or non-zero in the child, fails.
 */
static enum fc_verdict
ret_values(const struct fc_case *c FC_UNUSED)
{
	struct {
		pid_t	ret;
		pid_t	self;
	} seen;
	pid_t		self = getpid(), pid;
	ssize_t		n;
	int		fds[2], status, error;
	char		st[64];

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	pid = fc_fork();
	error = errno;
	if (fc_forked_child(self)) {
		close(fds[0]);
		seen.ret = pid;
		seen.self = getpid();
		fc_sub_report(fds[1], &seen, sizeof(seen));
	}
	close(fds[1]);
	n = fc_read_all(fds[0], &seen, sizeof(seen));
	close(fds[0]);
	if (pid == -1 && n == 0) {
		errno = error;
		return fc_broken("fork");
	}
	if (fc_reap_forked(pid, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_fail("the child did not run on from fork(): it sent "
		    "%zd of %zu bytes and %s", n, sizeof(seen),
		    fc_status(status, st, sizeof(st)));
	if (pid <= 0)
		return fc_fail("fork() returned %ld to the parent, want the "
		    "child's pid %ld", (long)pid, (long)seen.self);
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
ppid(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	pid_t		self = getpid(), pid, seen;
	ssize_t		n;
	int		status;

	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		seen = getppid();
		fc_sub_report(sub.fd, &seen, sizeof(seen));
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

/* Reaps whatever children are left, after a failure or a setup error. */
static void
drain(void)
{
	int	status;

	while (fc_waitpid(-1, &status, 0) > 0)
		continue;
}

/*
 * NKIDS children, all alive at once (each waits for the end of a pipe
 * only the parent writes to), send their getpid(): each must differ from
 * the others and from the parent's pid, and together they must be the
 * pids fork() returned.  A platform that hands out a live process's pid,
 * the parent's, or a pid other than the one fork() returned fails.
 */
static enum fc_verdict
unique(const struct fc_case *c FC_UNUSED)
{
	struct fc_gate	hold;
	pid_t	kids[NKIDS], seen[NKIDS], self = getpid(), p;
	ssize_t	got = 0;
	int	res[2], i, j, n, error;

	if (fc_pipe(res) == -1 || fc_gate_init(&hold) == -1)
		return fc_broken("pipe");
	for (n = 0; n < NKIDS; n++) {
		if ((kids[n] = fc_fork()) == -1)
			break;
		if (kids[n] == 0) {
			close(res[0]);
			fc_gate_waiter(&hold);
			p = getpid();
			if (fc_write_all(res[1], &p, sizeof(p)) == -1)
				fc_exit(1);
			/* The parent sees EOF once every child wrote. */
			close(res[1]);
			(void)fc_gate_wait(&hold);
			fc_exit(0);
		}
	}
	error = errno;
	close(res[1]);
	if (n == NKIDS)
		got = fc_read_all(res[0], seen, sizeof(seen));
	close(res[0]);
	fc_gate_close(&hold);
	drain();
	if (n < NKIDS) {
		errno = error;
		return fc_broken("fork %d of %d", n + 1, NKIDS);
	}
	if (got != (ssize_t)sizeof(seen))
		return fc_fail("the children sent %zd of %zu bytes of pids",
		    got, sizeof(seen));
	for (i = 0; i < NKIDS; i++) {
		if (kids[i] <= 0 || kids[i] == self)
			return fc_fail("fork() returned %ld to the parent "
			    "(pid %ld)", (long)kids[i], (long)self);
		if (seen[i] == self)
			return fc_fail("a child's getpid() is %ld, the "
			    "parent's pid", (long)seen[i]);
		for (j = 0; j < i; j++) {
			if (seen[j] == seen[i])
				return fc_fail("two live children both have "
				    "pid %ld", (long)seen[i]);
			if (kids[j] == kids[i])
				return fc_fail("fork() returned %ld twice "
				    "while both children lived",
				    (long)kids[i]);
		}
		for (j = 0; j < NKIDS && kids[j] != seen[i]; j++)
			continue;
		if (j == NKIDS)
			return fc_fail("a child has pid %ld, which no fork() "
			    "returned", (long)seen[i]);
	}
	return FC_PASS;
}

/* Child exit codes of pid.not-pgid. */
enum {
	NPG_OK = 0,
	NPG_SETSID = 10,	/* setsid() failed: its pid is a group ID */
	NPG_SID = 11,		/* setsid() gave another session ID */
	NPG_SYNC = 12
};

/*
 * While the child runs, no process group has its pid as ID: the parent's
 * kill(-pid, 0) must fail with ESRCH, and the child's setsid() (which
 * fails with EPERM when a group with the caller's ID exists) must
 * succeed.  A platform that puts the child in a new group of its own, or
 * hands out the ID of a live group, fails.
 */
static enum fc_verdict
not_pgid(const struct fc_case *c FC_UNUSED)
{
	struct fc_gate	ready, go;
	int	r, error, status;
	pid_t	pid;
	char	st[64];

	if (fc_gate_init(&ready) == -1 || fc_gate_init(&go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_opener(&ready);
		fc_gate_waiter(&go);
		if (fc_gate_open(&ready) == -1 || fc_gate_wait(&go) == -1)
			fc_exit(NPG_SYNC);
		if (setsid() == -1)
			fc_exit(NPG_SETSID);
		fc_exit(getsid(0) == getpid() ? NPG_OK : NPG_SID);
	}
	fc_gate_waiter(&ready);
	fc_gate_opener(&go);
	/* The child runs: whatever fork did to its group is done. */
	r = fc_gate_wait(&ready) == 0 ? kill(-pid, 0) : -2;
	error = errno;
	(void)fc_gate_open(&go);
	fc_gate_close(&go);
	fc_gate_close(&ready);
	if (fc_reap_forked(pid, &status) == -1)
		return fc_broken("waitpid");
	if (r == -2)
		return fc_fail("the child %s before it ran",
		    fc_status(status, st, sizeof(st)));
	if (r == 0 || error != ESRCH)
		return fc_fail("kill(-%ld, 0) %s: a process group with the "
		    "child's pid exists", (long)pid,
		    r == 0 ? "succeeded" : strerror(error));
	if (WIFEXITED(status) && WEXITSTATUS(status) == NPG_SETSID)
		return fc_fail("the child's setsid() failed: a process group "
		    "with its pid exists");
	if (WIFEXITED(status) && WEXITSTATUS(status) == NPG_SID)
		return fc_fail("after setsid() the child's session ID is not "
		    "its pid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != NPG_OK)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	return FC_PASS;
}

/* A process's ids, as one of its threads sees them. */
struct ids {
	pid_t	pid;
	pid_t	ppid;
};

static void *
ids_thread(void *arg)
{
	struct ids	*ids = arg;

	ids->pid = getpid();
	ids->ppid = getppid();
	return NULL;
}

/*
 * Forks a child that sends its ids as its main thread sees them and as a
 * thread it creates sees them.  Returns 0, or -1 with errno; *pid gets
 * what fork() returned, *n how much the child sent.
 */
static int
child_ids(pid_t *pid, struct ids ids[2], ssize_t *n, int *status)
{
	struct fc_sub	sub;
	pthread_t	t;

	if ((*pid = fc_sub_fork(&sub)) == -1)
		return -1;
	if (*pid == 0) {
		ids[0].pid = getpid();
		ids[0].ppid = getppid();
		if (pthread_create(&t, NULL, ids_thread, &ids[1]) != 0 ||
		    pthread_join(t, NULL) != 0)
			fc_exit(2);
		fc_sub_report(sub.fd, ids, 2 * sizeof(ids[0]));
	}
	*n = fc_read_all(sub.fd, ids, 2 * sizeof(ids[0]));
	return fc_sub_wait(&sub, status);
}

/*
 * getpid() in the child returns its new pid, from its main thread and
 * from a thread it creates, not a value cached in the parent's memory.
 * A C library that caches the pid across fork (old glibc with raw clone)
 * or a wrong fork return fails.
 */
static enum fc_verdict
getpid_cache(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct ids	ids[2];
	pid_t		pid;
	ssize_t		n;
	int		status;
	char		st[64];

	if ((v = fc_need_threads(
	    "getpid() in a thread of the child")) != FC_PASS)
		return v;
	if (child_ids(&pid, ids, &n, &status) == -1)
		return fc_broken("fork or waitpid");
	if (n != (ssize_t)sizeof(ids))
		return fc_brokenx("the child %s before reporting (thread "
		    "creation failed?)", fc_status(status, st, sizeof(st)));
	if (ids[0].pid != pid)
		return fc_fail("getpid() in the child is %ld, want %ld (what "
		    "fork() returned)", (long)ids[0].pid, (long)pid);
	if (ids[1].pid != pid)
		return fc_fail("getpid() in a thread the child created is "
		    "%ld, want %ld", (long)ids[1].pid, (long)pid);
	return FC_PASS;
}

/*
 * getppid() in a thread the child creates is the pid of the process that
 * called fork().  A platform that reports another value there (the
 * creating thread's id, a stale cache) fails.
 */
static enum fc_verdict
ppid_thread(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct ids	ids[2];
	pid_t		pid, self = getpid();
	ssize_t		n;
	int		status;
	char		st[64];

	if ((v = fc_need_threads(
	    "getppid() in a thread of the child")) != FC_PASS)
		return v;
	if (child_ids(&pid, ids, &n, &status) == -1)
		return fc_broken("fork or waitpid");
	if (n != (ssize_t)sizeof(ids))
		return fc_brokenx("the child %s before reporting (thread "
		    "creation failed?)", fc_status(status, st, sizeof(st)));
	if (ids[0].ppid != self)
		return fc_fail("getppid() in the child is %ld, want %ld",
		    (long)ids[0].ppid, (long)self);
	if (ids[1].ppid != self)
		return fc_fail("getppid() in a thread the child created is "
		    "%ld, want %ld", (long)ids[1].ppid, (long)self);
	return FC_PASS;
}

/* What a forking thread saw of its child. */
struct forker {
	pid_t	pid;		/* fork()'s return */
	pid_t	seen;		/* the child's getppid() */
	ssize_t	n;		/* bytes the child sent */
	int	error;		/* errno of a failed step */
	int	status;
};

static void *
fork_thread(void *arg)
{
	struct forker	*f = arg;
	pid_t		 p;
	int		 fds[2];

	if (fc_pipe(fds) == -1 || (f->pid = fc_fork()) == -1) {
		f->error = errno;
		return NULL;
	}
	if (f->pid == 0) {
		/* A multithreaded parent: async-signal-safe calls only. */
		p = getppid();
		_exit(write(fds[1], &p, sizeof(p)) == (ssize_t)sizeof(p) ?
		    0 : 1);
	}
	close(fds[1]);
	f->n = fc_read_all(fds[0], &f->seen, sizeof(f->seen));
	close(fds[0]);
	if (fc_waitpid(f->pid, &f->status, 0) == -1)
		f->error = errno;
	return NULL;
}

/*
 * A child forked by a thread other than the main one has the process's
 * pid as its parent pid, not the forking thread's id.  A platform that
 * reports the thread id (or the thread's own notion of a pid) fails.
 */
static enum fc_verdict
ppid_from_thread(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct forker	f;
	pthread_t	t;
	pid_t		self = getpid();
	int		error;

	if ((v = fc_need_threads(
	    "a child forked by a second thread")) != FC_PASS)
		return v;
	memset(&f, 0, sizeof(f));
	if ((error = pthread_create(&t, NULL, fork_thread, &f)) != 0 ||
	    (error = pthread_join(t, NULL)) != 0) {
		errno = error;
		return fc_broken("pthread_create");
	}
	if (f.error != 0) {
		errno = f.error;
		drain();
		return fc_broken("pipe, fork or waitpid in the thread");
	}
	if (f.n != (ssize_t)sizeof(f.seen))
		return fc_fail("the child sent %zd of %zu bytes", f.n,
		    sizeof(f.seen));
	if (f.seen != self)
		return fc_fail("getppid() in a child forked by a second "
		    "thread is %ld, want the process's pid %ld",
		    (long)f.seen, (long)self);
	return FC_PASS;
}

/* Child exit codes of pid.independent. */
enum {
	IND_OK = 0,
	IND_STALLED = 10,	/* the parent never answered */
	IND_WRONG = 11,		/* a byte out of sequence */
	IND_IO = 12
};

/* The child's side of the ping-pong: echo PINGS bytes in order. */
static int
pong(int in, int out)
{
	struct pollfd	pfd;
	unsigned char	c;
	int		i, r;

	for (i = 0; i < PINGS; i++) {
		pfd.fd = in;
		pfd.events = POLLIN;
		/* A guard only: the parent answers long before. */
		while ((r = poll(&pfd, 1, fc_guard_ms(STALL_MS))) == -1 &&
		    errno == EINTR)
			continue;
		if (r == 0)
			return IND_STALLED;
		if (r == -1 || fc_read_all(in, &c, 1) != 1)
			return IND_IO;
		if (c != (unsigned char)i)
			return IND_WRONG;
		if (fc_write_all(out, &c, 1) == -1)
			return IND_IO;
	}
	return IND_OK;
}

/*
 * Parent and child run at the same time: they play PINGS rounds of
 * ping-pong over two pipes, which needs both to make progress while the
 * other is alive.  A platform that runs the parent only after the child
 * has ended (fork as vfork) stops the game: a byte out of sequence or a
 * game cut short fails; a child that only waited in vain ends with a
 * guard (STALL_MS, scaled), which is broken, as any expired guard.
 */
static enum fc_verdict
independent(const struct fc_case *c FC_UNUSED)
{
	unsigned char	ch;
	int		up[2], down[2], i, status;
	pid_t		pid;
	char		st[64];

	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		return fc_broken("signal");
	if (fc_pipe(up) == -1 || fc_pipe(down) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		fc_exit(pong(down[0], up[1]));
	}
	close(up[1]);
	close(down[0]);
	for (i = 0; i < PINGS; i++) {
		ch = (unsigned char)i;
		if (fc_write_all(down[1], &ch, 1) == -1 ||
		    fc_read_all(up[0], &ch, 1) != 1 || ch != (unsigned char)i)
			break;
	}
	close(up[0]);
	close(down[1]);
	if (fc_reap_forked(pid, &status) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == IND_STALLED)
		return fc_brokenx("guard of %d ms expired waiting for round "
		    "%d in the child: the parent did not run while the child "
		    "was alive (or the machine is slower than the guard)",
		    fc_guard_ms(STALL_MS), i);
	if (WIFEXITED(status) && WEXITSTATUS(status) == IND_WRONG)
		return fc_fail("the child got a byte out of sequence in round "
		    "%d", i);
	if (i < PINGS)
		return fc_fail("the ping-pong stopped in round %d of %d; the "
		    "child %s", i, PINGS, fc_status(status, st, sizeof(st)));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != IND_OK)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	return FC_PASS;
}

/*
 * NKIDS children exit with distinct codes; the parent reaps them by pid
 * in an order unrelated to their creation, and each waitpid() must
 * return its pid with that child's code, and nothing else may be left.
 * A platform that mixes up pids and statuses, or truncates them, fails.
 */
static enum fc_verdict
many_children(const struct fc_case *c FC_UNUSED)
{
	pid_t	kids[NKIDS], got;
	int	i, j, n, status, error;
	char	st[64];

	for (n = 0; n < NKIDS; n++) {
		if ((kids[n] = fc_fork()) == -1)
			break;
		if (kids[n] == 0)
			fc_exit(MANY_CODE + n);
	}
	if (n < NKIDS) {
		error = errno;
		drain();
		errno = error;
		return fc_broken("fork %d of %d", n + 1, NKIDS);
	}
	for (i = 0; i < NKIDS; i++) {
		/* 7 is prime to NKIDS: every child once, out of order. */
		j = (i * 7 + 5) % NKIDS;
		got = fc_waitpid(kids[j], &status, 0);
		if (got != kids[j]) {
			error = errno;
			drain();
			return fc_fail("waitpid(%ld) returned %ld%s%s",
			    (long)kids[j], (long)got, got == -1 ? ": " : "",
			    got == -1 ? strerror(error) : "");
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) !=
		    MANY_CODE + j) {
			drain();
			return fc_fail("child %d (pid %ld) %s, want exited %d",
			    j, (long)kids[j], fc_status(status, st,
			    sizeof(st)), MANY_CODE + j);
		}
	}
	got = fc_waitpid(-1, &status, WNOHANG);
	if (got != -1 || errno != ECHILD) {
		drain();
		return fc_fail("after reaping every child, waitpid(-1) "
		    "returned %ld, want -1/ECHILD", (long)got);
	}
	return FC_PASS;
}

/* One forking thread of pid.many-children/threads. */
struct batch {
	int	index;		/* which thread: its codes follow */
	int	gate;		/* read end: EOF starts the forks */
	pid_t	kids[PER_THREAD];
	int	forked;
	int	error;		/* errno of a failed fork */
	int	bad;		/* the child whose reaping went wrong, + 1 */
	pid_t	got;		/* what waitpid() returned for it */
	int	status;
};

static void *
fork_batch(void *arg)
{
	struct batch	*b = arg;
	int		 k, code, status;
	pid_t		 got;

	(void)fc_sync_wait(b->gate);
	for (k = 0; k < PER_THREAD; k++) {
		code = MANY_CODE + b->index * PER_THREAD + k;
		if ((b->kids[k] = fc_fork()) == -1) {
			b->error = errno;
			break;
		}
		if (b->kids[k] == 0)
			_exit(code);
		b->forked++;
	}
	/* Reap in reverse, each by its pid. */
	for (k = b->forked - 1; k >= 0; k--) {
		code = MANY_CODE + b->index * PER_THREAD + k;
		got = fc_waitpid(b->kids[k], &status, 0);
		if (b->bad == 0 && (got != b->kids[k] || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != code)) {
			b->bad = k + 1;
			b->got = got;
			b->status = status;
		}
	}
	return NULL;
}

/*
 * NTHREADS threads, released at once, each fork PER_THREAD children with
 * distinct exit codes and reap their own by pid: every waitpid() must
 * return the right pid and code, and nothing else may be left.  A
 * platform whose concurrent forks collide (one pid twice, a status
 * delivered to the wrong wait) fails.
 */
static enum fc_verdict
many_threads(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	 v;
	struct batch	 b[NTHREADS];
	struct batch	*f;
	pthread_t	 t[NTHREADS];
	pid_t		 got;
	int		 gate[2], i, n, error = 0, status;
	char		 st[64];

	if ((v = fc_need_threads(
	    "threads that fork and reap children")) != FC_PASS)
		return v;
	if (fc_pipe(gate) == -1)
		return fc_broken("pipe");
	memset(b, 0, sizeof(b));
	for (n = 0; n < NTHREADS; n++) {
		b[n].index = n;
		b[n].gate = gate[0];
		if ((error = pthread_create(&t[n], NULL, fork_batch,
		    &b[n])) != 0)
			break;
	}
	close(gate[1]);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	close(gate[0]);
	if (n < NTHREADS) {
		errno = error;
		return fc_broken("pthread_create");
	}
	for (i = 0; i < NTHREADS; i++) {
		f = &b[i];
		if (f->error != 0) {
			errno = f->error;
			return fc_broken("fork in thread %d", i);
		}
		if (f->bad != 0)
			return fc_fail("thread %d: waitpid(%ld) returned %ld, "
			    "%s, want exited %d", i, (long)f->kids[f->bad - 1],
			    (long)f->got, fc_status(f->status, st, sizeof(st)),
			    MANY_CODE + i * PER_THREAD + f->bad - 1);
	}
	got = fc_waitpid(-1, &status, WNOHANG);
	if (got != -1 || errno != ECHILD) {
		drain();
		return fc_fail("after reaping every child, waitpid(-1) "
		    "returned %ld, want -1/ECHILD", (long)got);
	}
	return FC_PASS;
}

/*
 * Judges what a child reported of its pid: n bytes of seen[0..count-1],
 * each of which must be the pid fork returned; names[] says where each
 * value came from.
 */
enum fc_verdict
pid_judge(pid_t pid, const pid_t *seen, const char *const *names, int count,
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

/* Judges the one pid a child wrote into the pipe fds, then reaps it. */
enum fc_verdict
pid_judge_pipe(pid_t pid, int fds[2], const char *const *names)
{
	pid_t	seen;
	ssize_t	n;
	int	status;

	close(fds[1]);
	n = fc_read_all(fds[0], &seen, sizeof(seen));
	close(fds[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	return pid_judge(pid, &seen, names, 1, n, sizeof(seen), status);
}

const struct fc_case fc_pid_cases[] = {
	{ .id = "pid.ret-values", .run = ret_values, .tier = FC_CORE,
	  .spec = "XSH fork RETURN VALUE: 0 to the child, the child's pid "
	  "to the parent" },
	{ .id = "pid.unique", .run = unique, .tier = FC_CORE,
	  .spec = "XSH fork: the child process has a unique process ID" },
	{ .id = "pid.not-pgid", .run = not_pgid, .tier = FC_CORE,
	  .spec = "XSH fork: the child process ID does not match any active "
	  "process group ID" },
	{ .id = "pid.ppid", .run = ppid, .tier = FC_CORE,
	  .spec = "XSH fork: the child's parent process ID is the pid of "
	  "the calling process" },
	{ .id = "pid.ppid/thread", .run = ppid_thread, .tier = FC_CORE,
	  .spec = "XSH fork, getppid: the parent process ID, seen from a "
	  "thread the child created" },
	{ .id = "pid.ppid/from-thread", .run = ppid_from_thread,
	  .tier = FC_CORE,
	  .spec = "XSH fork, getppid: the parent process ID of a child "
	  "forked by a thread other than the main one" },
	{ .id = "pid.getpid-cache", .run = getpid_cache, .tier = FC_CORE,
	  .spec = "XSH fork, getpid: the child's getpid() is its new pid, "
	  "also in threads it creates" },
	{ .id = "pid.independent", .run = independent, .tier = FC_CORE,
	  .spec = "XSH fork: both processes are capable of executing "
	  "independently before either one terminates" },
	{ .id = "pid.many-children", .run = many_children, .tier = FC_CORE,
	  .spec = "XSH fork, waitpid: repeated forks each give a distinct "
	  "child whose status reaches the wait for its pid" },
	{ .id = "pid.many-children/threads", .run = many_threads,
	  .tier = FC_CORE,
	  .spec = "XSH fork, waitpid: concurrent forks from several threads "
	  "each give a distinct child and status" },
	{ .id = NULL }
};
