/*
 * thr.c: threads and fork (XSH fork: "A process shall be created with a
 * single thread.  If a multi-threaded process calls fork(), the new
 * process shall contain a replica of the calling thread and its entire
 * address space, possibly including the states of mutexes and other
 * resources"; XSH pthread_atfork).
 *
 * A child forked from a multithreaded process calls only
 * async-signal-safe functions and leaves with _exit() (fc_exit() would
 * let gcov take locks).  The exceptions are the subject of their case:
 * thr.mutex-state tries the copied mutexes (trylock never blocks), and
 * thr.mt-child-libc uses malloc and stdio.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define HANG_MS		2000	/* guard, scaled: fc_guard_ms() */

/*
 * Reads what the child sends on fd until end of file (the child holds the
 * only write end), for at most fc_guard_ms(HANG_MS), then reaps it.  A
 * child still running at the deadline is killed with its process group
 * (group set) or alone.  Returns 1 if it had to be killed, 0 if it ended,
 * -1 on error; *n is the number of bytes read into buf.
 */
static int
reap_guarded(pid_t pid, int group, int fd, void *buf, size_t len,
    size_t *n, int *status)
{
	int	hung;

	if ((hung = fc_read_guarded(fd, buf, len, n, HANG_MS)) == -1)
		return -1;
	if (hung)
		kill(group ? -pid : pid, SIGKILL);
	if (fc_waitpid(pid, status, 0) == -1)
		return -1;
	return hung;
}

/*
 * thr.single-thread/exit: a child makes a thread, which parks in read(),
 * and calls _exit().
 */

/* Child exit codes. */
enum {
	XT_OK = 0,
	XT_SETUP = 10,		/* pipe or pthread_create failed */
	XT_REPORT = 11		/* the thread could not report */
};

/* What the child's second thread holds: descriptors of the child's. */
struct exiter {
	int	hold;		/* read end: end of file releases the thread */
	int	out;		/* write end, the case holds the read end */
	int	ready;		/* write end: the thread runs */
};

/* Reports its getpid() on out, says it runs, parks until hold closes. */
static void *
exit_thread(void *arg)
{
	struct exiter	*x = arg;
	pid_t		 self = getpid();
	char		 ch;

	if (fc_write_all(x->out, &self, sizeof(self)) == -1 ||
	    fc_sync_post(x->ready) == -1)
		_exit(XT_REPORT);
	while (read(x->hold, &ch, 1) == -1 && errno == EINTR)
		continue;
	_exit(XT_OK);
}

/*
 * A child makes a second thread, which reports its getpid() and parks in
 * read(), and calls _exit().  Once waitpid() has reported the child's
 * end, no thread of it may run: the write end of a pipe that only the
 * child's threads held must be closed (a non-blocking read() says end of
 * file, not EAGAIN).  A platform whose threads outlive _exit() (threads
 * that are processes of their own, the LinuxThreads model of dietlibc)
 * fails; the surviving thread is then released, and ends.
 */
static enum fc_verdict
single_thread_exit(const struct fc_case *c FC_UNUSED)
{
	struct exiter	x;
	pthread_t	tid;
	pid_t		pid, tpid = 0;
	ssize_t		n;
	size_t		drained;
	int		hold[2], out[2], ready[2], status, alive, e;
	char		st[64], ch;

	if (fc_pipe(hold) == -1 || fc_pipe(out) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		(void)setpgid(0, 0);
		close(hold[1]);
		close(out[0]);
		if (fc_pipe(ready) == -1)
			_exit(XT_SETUP);
		x.hold = hold[0];
		x.out = out[1];
		x.ready = ready[1];
		if (pthread_create(&tid, NULL, exit_thread, &x) != 0)
			_exit(XT_SETUP);
		(void)fc_sync_wait(ready[0]);
		_exit(XT_OK);
	}
	(void)setpgid(pid, pid);
	close(hold[0]);
	close(out[1]);
	n = fc_read_all(out[0], &tpid, sizeof(tpid));
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != XT_OK ||
	    n != (ssize_t)sizeof(tpid))
		return fc_brokenx("the child %s%s, its thread sent %zd of %zu "
		    "bytes", fc_status(status, st, sizeof(st)),
		    WIFEXITED(status) && WEXITSTATUS(status) == XT_SETUP ?
		    " (pipe or pthread_create failed)" : "", n, sizeof(tpid));
	if (fcntl(out[0], F_SETFL, O_NONBLOCK) == -1)
		return fc_broken("fcntl(O_NONBLOCK)");
	if ((n = read(out[0], &ch, 1)) == 0)
		alive = 0;
	else if (n == -1 && errno == EAGAIN)
		alive = 1;
	else
		return n == -1 ? fc_broken("read") : fc_brokenx("the thread "
		    "sent more than its pid");
	/*
	 * Releases a surviving thread, which then ends by itself, and ends
	 * the rest of the child's group (dietlibc's thread manager): with
	 * SIGTERM, since a process the runner finds killed by SIGKILL counts
	 * as left behind.
	 */
	close(hold[1]);
	if (alive)
		(void)kill(-pid, SIGTERM);
	e = alive ? fc_read_guarded(out[0], NULL, 0, &drained, HANG_MS) : 0;
	close(out[0]);
	if (alive && e != 0)
		fc_note("the surviving thread %s", e == 1 ? "did not end "
		    "when released" : "could not be waited for");
	if (alive)
		return fc_fail("the child called _exit() and waitpid() "
		    "reported its end, yet its second thread (getpid() %ld "
		    "there, %ld in the child) still held a pipe: it "
		    "outlived the process", (long)tpid, (long)pid);
	return FC_PASS;
}

/*
 * thr.from-nonmain: a worker thread with its own TLS value and stack
 * contents forks.
 */

static _Thread_local int	tls_value;
static volatile sig_atomic_t	usr1_in;	/* pid the handler ran in */

static void
on_usr1(int sig)
{
	(void)sig;
	usr1_in = (sig_atomic_t)getpid();
}

/* Child exit codes. */
enum {
	NM_OK = 0,
	NM_TLS = 10,		/* the TLS value is not the worker's */
	NM_STACK = 11,		/* the worker's stack contents are gone */
	NM_KILL = 12,		/* pthread_kill(saved pthread_self()) failed */
	NM_NOT_PENDING = 13,	/* ... returned 0, but nothing is pending */
	NM_HANDLER = 14,	/* the handler did not run in the child */
	NM_SETUP = 15
};

struct nonmain {
	pid_t	pid;
	int	error;
};

static int
nonmain_child(pthread_t saved, volatile const char *stack, size_t len)
{
	sigset_t	set, old, pending;
	size_t		i;

	if (tls_value != 2)
		return NM_TLS;
	for (i = 0; i < len; i++)
		if (stack[i] != (char)(i * 7 + 1))
			return NM_STACK;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (pthread_sigmask(SIG_BLOCK, &set, &old) != 0)
		return NM_SETUP;
	if (pthread_kill(saved, SIGUSR1) != 0)
		return NM_KILL;
	if (sigpending(&pending) == -1 || !sigismember(&pending, SIGUSR1))
		return NM_NOT_PENDING;
	/* Unblocking delivers it before pthread_sigmask() returns. */
	if (pthread_sigmask(SIG_SETMASK, &old, NULL) != 0)
		return NM_SETUP;
	return usr1_in == (sig_atomic_t)getpid() ? NM_OK : NM_HANDLER;
}

static void *
nonmain_worker(void *arg)
{
	struct nonmain	*nm = arg;
	volatile char	 stack[64];
	pthread_t	 self;
	size_t		 i;

	tls_value = 2;
	for (i = 0; i < sizeof(stack); i++)
		stack[i] = (char)(i * 7 + 1);
	self = pthread_self();
	if ((nm->pid = fc_fork()) == -1) {
		nm->error = errno;
		return NULL;
	}
	if (nm->pid == 0)
		_exit(nonmain_child(self, stack, sizeof(stack)));
	return NULL;
}

/*
 * A worker thread sets its TLS variable (the main thread's copy differs)
 * and a pattern on its stack, saves pthread_self() and forks.  The child
 * must see the worker's TLS value and stack, and pthread_kill() of the
 * saved thread ID must reach its only thread: the signal is pending in
 * the child and its handler runs there, not in the parent.  A platform
 * that gives the child the main thread's context, or whose child cannot
 * be addressed by the forking thread's ID, fails.
 */
static enum fc_verdict
from_nonmain(const struct fc_case *c FC_UNUSED)
{
	static const char *const why[] = {
		[NM_TLS] = "the TLS variable lost the forking thread's value",
		[NM_STACK] = "the forking thread's stack contents are gone",
		[NM_KILL] = "pthread_kill() of the saved thread ID failed",
		[NM_NOT_PENDING] = "pthread_kill() of the saved thread ID "
		    "left no SIGUSR1 pending",
		[NM_HANDLER] = "the SIGUSR1 handler did not run in the child",
	};
	enum fc_verdict		v;
	struct sigaction	sa;
	struct nonmain		nm;
	pthread_t		tid;
	int			status, code, e;
	char			st[64];

	if ((v = fc_need_threads("fork from a second thread")) != FC_PASS)
		return v;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) == -1)
		return fc_broken("sigaction");
	tls_value = 1;
	usr1_in = 0;
	memset(&nm, 0, sizeof(nm));
	if ((e = pthread_create(&tid, NULL, nonmain_worker, &nm)) != 0) {
		errno = e;
		return fc_broken("pthread_create");
	}
	if ((e = pthread_join(tid, NULL)) != 0) {
		errno = e;
		return fc_broken("pthread_join");
	}
	if (nm.pid == -1) {
		errno = nm.error;
		return fc_broken("fork");
	}
	if (fc_waitpid(nm.pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (usr1_in != 0)
		return fc_fail("the child's pthread_kill() of the saved "
		    "thread ID ran the handler in the parent (pid %ld)",
		    (long)usr1_in);
	if (tls_value != 1)
		return fc_fail("the main thread's TLS value changed to %d",
		    tls_value);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1)
		return fc_fail("SIGUSR1 killed the child: its handler was "
		    "lost");
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code >= NM_TLS && code <= NM_HANDLER)
		return fc_fail("in the child of a non-main thread, %s",
		    why[code]);
	if (code != NM_OK)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	return FC_PASS;
}

/*
 * thr.mutex-state: a mutex another thread holds at fork is copied locked.
 */

static pthread_mutex_t	held_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t	free_mutex = PTHREAD_MUTEX_INITIALIZER;

struct holder {
	int	locked[2];	/* the holder says "locked" */
	int	release[2];	/* end of file: unlock and return */
	int	error;
};

static void *
holder_thread(void *arg)
{
	struct holder	*h = arg;

	h->error = pthread_mutex_lock(&held_mutex);
	if (fc_sync_post(h->locked[1]) == -1 || h->error != 0)
		return NULL;
	(void)fc_sync_wait(h->release[0]);
	pthread_mutex_unlock(&held_mutex);
	return NULL;
}

/* Forks the child that tries both mutexes; it reports their trylock. */
static int
mutex_state_child(int seen[2], ssize_t *n, int *status)
{
	struct fc_sub	sub;

	if (fc_sub_fork(&sub) == -1)
		return -1;
	if (sub.pid == 0) {
		seen[0] = pthread_mutex_trylock(&held_mutex);
		seen[1] = pthread_mutex_trylock(&free_mutex);
		_exit(fc_write_all(sub.fd, seen, 2 * sizeof(int)) == 0 ? 0 :
		    1);
	}
	*n = fc_read_all(sub.fd, seen, 2 * sizeof(int));
	return fc_sub_wait(&sub, status);
}

/*
 * A second thread holds one mutex and parks; the main thread forks.  In
 * the child, trylock of the held mutex must say EBUSY (its state was
 * copied, though its owner does not exist there) and trylock of a free
 * one must succeed.  A platform that resets or drops mutex state at fork
 * fails.
 */
static enum fc_verdict
mutex_state(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct holder	h;
	pthread_t	tid;
	int		seen[2], status, r, e;
	ssize_t		n;
	char		st[64];

	if ((v = fc_need_threads(
	    "a mutex another thread holds at fork")) != FC_PASS)
		return v;
	memset(&h, 0, sizeof(h));
	if (fc_pipe(h.locked) == -1 || fc_pipe(h.release) == -1)
		return fc_broken("pipe");
	if ((e = pthread_create(&tid, NULL, holder_thread, &h)) != 0) {
		errno = e;
		return fc_broken("pthread_create");
	}
	if (fc_sync_wait(h.locked[0]) == -1 || h.error != 0) {
		close(h.release[1]);
		pthread_join(tid, NULL);
		errno = h.error;
		return fc_broken("the holder thread could not lock");
	}
	r = mutex_state_child(seen, &n, &status);
	e = errno;
	close(h.release[1]);
	pthread_join(tid, NULL);
	if (r == -1) {
		errno = e;
		return fc_broken("fork or waitpid");
	}
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("the child sent %zd of %zu bytes and %s", n,
		    sizeof(seen), fc_status(status, st, sizeof(st)));
	if (seen[0] != EBUSY)
		return fc_fail("in the child, trylock of the mutex another "
		    "thread held at fork returned %s, want EBUSY",
		    seen[0] == 0 ? "0" : strerror(seen[0]));
	if (seen[1] != 0)
		return fc_fail("in the child, trylock of a mutex nobody held "
		    "returned %s, want 0", strerror(seen[1]));
	return FC_PASS;
}

/*
 * thr.mutex-owner: whether the child owns what the forking thread held.
 */
#if HAVE_DECL_PTHREAD_MUTEX_ERRORCHECK && HAVE_DECL_PTHREAD_MUTEX_RECURSIVE
#define MUTEX_OWNER_ROW	.run = mutex_owner

static const char *
err_name(int e)
{
	switch (e) {
	case 0:
		return "0";
	case EPERM:
		return "EPERM";
	case EBUSY:
		return "EBUSY";
	case EDEADLK:
		return "EDEADLK";
	case EAGAIN:
		return "EAGAIN";
	case EINVAL:
		return "EINVAL";
	default:
		return strerror(e);
	}
}

/*
 * The forking thread holds an error-checking and a recursive mutex.  The
 * child records what unlock of each returns (0: it is the owner; EPERM:
 * the owner's ID changed at fork) and then what trylock returns.  POSIX
 * leaves it unspecified (Austin Group 1112); recorded, never failed.
 */
static enum fc_verdict
mutex_owner(const struct fc_case *c FC_UNUSED)
{
	static const int	types[] = {
		PTHREAD_MUTEX_ERRORCHECK, PTHREAD_MUTEX_RECURSIVE
	};
	static const char *const names[] = { "ERRORCHECK", "RECURSIVE" };
	pthread_mutexattr_t	attr;
	pthread_mutex_t		m[2];
	struct fc_sub		sub;
	int			seen[2][2], status, i, e;
	ssize_t			n;
	pid_t			pid;
	char			st[64];

	for (i = 0; i < 2; i++) {
		if ((e = pthread_mutexattr_init(&attr)) != 0 ||
		    (e = pthread_mutexattr_settype(&attr, types[i])) != 0 ||
		    (e = pthread_mutex_init(&m[i], &attr)) != 0 ||
		    (e = pthread_mutex_lock(&m[i])) != 0) {
			errno = e;
			return fc_broken("%s mutex", names[i]);
		}
		pthread_mutexattr_destroy(&attr);
	}
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		for (i = 0; i < 2; i++) {
			seen[i][0] = pthread_mutex_unlock(&m[i]);
			seen[i][1] = pthread_mutex_trylock(&m[i]);
		}
		fc_sub_report(sub.fd, seen, sizeof(seen));
	}
	n = fc_read_all(sub.fd, seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("the child sent %zd of %zu bytes and %s", n,
		    sizeof(seen), fc_status(status, st, sizeof(st)));
	for (i = 0; i < 2; i++)
		fc_note("%s mutex held by the forking thread: unlock in the "
		    "child returned %s, then trylock %s", names[i],
		    err_name(seen[i][0]), err_name(seen[i][1]));
	for (i = 0; i < 2; i++) {
		pthread_mutex_unlock(&m[i]);
		pthread_mutex_destroy(&m[i]);
	}
	return FC_PASS;
}
#else
#define MUTEX_OWNER_ROW	.absent = "no PTHREAD_MUTEX_ERRORCHECK or " \
	"PTHREAD_MUTEX_RECURSIVE in this C library"
#endif

/*
 * thr.atfork-lifecycle/nested: a prepare handler registers more handlers.
 */

struct nest {
	int	reg;		/* what the nested pthread_atfork returned */
	int	first[3];	/* late prepare, parent, child in fork 1 */
	int	second[3];	/* the same in fork 2 */
	int	status[2];	/* the two grandchildren's wait statuses */
};

static int			nest_late[3];
static int			nest_reg = -1;

static void
nest_late_prepare(void)
{
	nest_late[0]++;
}

static void
nest_late_parent(void)
{
	nest_late[1]++;
}

static void
nest_late_child(void)
{
	nest_late[2]++;
}

static void
nest_prepare(void)
{
	if (nest_reg == -1)
		nest_reg = pthread_atfork(nest_late_prepare, nest_late_parent,
		    nest_late_child);
}

static void *
nest_park(void *arg)
{
	(void)fc_sync_wait(*(int *)arg);
	return NULL;
}

/* One fork; the child reports its late-child count as exit status. */
static int
nest_fork(int *late, int *status)
{
	pid_t	pid;

	if ((pid = fc_fork()) == -1)
		return -1;
	if (pid == 0)
		_exit(nest_late[2]);
	late[0] = nest_late[0];
	late[1] = nest_late[1];
	if (fc_waitpid(pid, status, 0) == -1)
		return -1;
	late[2] = WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
	return 0;
}

/* The disposable, multithreaded process that forks twice. */
static void
nest_run(int fd)
{
	struct nest	r;
	pthread_t	tid;
	int		park[2], ok;

	memset(&r, 0, sizeof(r));
	if (fc_pipe(park) == -1 ||
	    pthread_create(&tid, NULL, nest_park, &park[0]) != 0)
		fc_exit(2);
	ok = pthread_atfork(nest_prepare, NULL, NULL) == 0 &&
	    nest_fork(r.first, &r.status[0]) == 0 &&
	    nest_fork(r.second, &r.status[1]) == 0;
	r.reg = nest_reg;
	close(park[1]);
	pthread_join(tid, NULL);
	if (!ok)
		fc_exit(3);
	fc_exit(fc_write_all(fd, &r, sizeof(r)) == 0 ? 0 : 4);
}

/*
 * In a multithreaded process, a prepare handler calls pthread_atfork()
 * (glibc 2.28 to 2.35 deadlocked there, BZ 24595; so does musl 1.2.3).
 * The fork must complete, the nested registration succeed, and the next
 * fork run the new handlers; whether the fork in progress runs them is
 * recorded.  A disposable process does the forks, under a guard: an
 * expired guard (a deadlock, or a very slow machine) is noted, as is
 * everything else here.  Quality of implementation: never failed.
 */
static enum fc_verdict
atfork_nested(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct nest	r;
	struct fc_sub	sub;
	size_t		n;
	int		status, hung;
	char		st[64];

	if ((v = fc_need_threads(
	    "threads parked in a process that forks")) != FC_PASS)
		return v;
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		(void)setpgid(0, 0);
		nest_run(sub.fd);
	}
	(void)setpgid(sub.pid, sub.pid);
	hung = reap_guarded(sub.pid, 1, sub.fd, &r, sizeof(r), &n, &status);
	fc_close(&sub.fd);
	if (hung == -1)
		return fc_broken("waiting for the forking process");
	/* Quality of implementation: what was seen is the result. */
	if (hung) {
		fc_note("observed: a fork whose prepare handler calls "
		    "pthread_atfork() did not complete within the guard of %d "
		    "ms: a deadlock (glibc 2.28 to 2.35, musl 1.2.3), or a "
		    "machine slower than the guard", fc_guard_ms(HANG_MS));
		return FC_PASS;
	}
	if (n != sizeof(r))
		return fc_brokenx("the forking process sent %zu of %zu bytes "
		    "and %s", n, sizeof(r), fc_status(status, st, sizeof(st)));
	if (r.reg == -1)
		return fc_fail("the prepare handler did not run at fork");
	if (r.reg != 0)
		return fc_fail("pthread_atfork() in a prepare handler "
		    "returned %s, want 0", strerror(r.reg));
	fc_note("handlers registered during fork ran in that fork: prepare "
	    "%d, parent %d, child %d", r.first[0], r.first[1], r.first[2]);
	if (r.second[0] != r.first[0] + 1 || r.second[1] != r.first[1] + 1 ||
	    r.second[2] != 1)
		return fc_fail("the next fork ran the handlers registered "
		    "during the previous one as prepare %d, parent %d, child "
		    "%d times, want once each", r.second[0] - r.first[0],
		    r.second[1] - r.first[1], r.second[2]);
	return FC_PASS;
}

/*
 * thr.mt-child-libc: malloc and stdio in the child of a busy process.
 */

#define LIBC_THREADS	4
#define LIBC_FORKS	500	/* the catalogue's forks... */
#define LIBC_MIN	40	/* ...at least 40, whatever the budget */
#define LIBC_BUDGET_MS	3000	/* wall time for more */

static atomic_int	libc_stop;
static FILE		*libc_null;

static void *
libc_churn(void *arg)
{
	unsigned int	 i;
	char		*p, *q;

	(void)fc_sync_post(*(int *)arg);
	for (i = 0; !atomic_load(&libc_stop); i++) {
		if ((p = malloc(32 + (i % 16) * 512)) == NULL)
			continue;
		memset(p, (int)i, 32);
		if ((q = realloc(p, i % 4 == 0 ? 65536 : 4096)) != NULL)
			p = q;
		free(p);
		fprintf(libc_null, "%u\n", i);
		fflush(libc_null);
		sched_yield();
	}
	return NULL;
}

/* What the child does, against POSIX's advice: malloc and stdio. */
static int
libc_child(void)
{
	char	*small, *big;

	if ((small = malloc(100)) == NULL || (big = malloc(300000)) == NULL)
		return 10;
	memset(big, 1, 300000);
	snprintf(small, 100, "child %ld", (long)getpid());
	if (fprintf(libc_null, "%s\n", small) < 0 || fflush(libc_null) == EOF)
		return 11;
	free(big);
	free(small);
	return 0;
}

/*
 * Four threads loop on malloc, realloc, free and stdio while the main
 * thread forks 500 children (the catalogue's count; or as many as 3 s
 * allow, at least 40: a budget on the work, never on the verdict), each
 * of which uses malloc and stdio and leaves with _exit(0).  POSIX
 * promises only async-signal-safe functions there; glibc and musl >=
 * 1.2.2 make these work.  A child that deadlocks (killed when its scaled
 * guard expires) or crashes is noted: quality of implementation, never
 * failed.
 */
static enum fc_verdict
mt_child_libc(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	pthread_t	tid[LIBC_THREADS];
	struct fc_rounds r;
	int		ready[2], done[2], status, i, e = 0, nt, hung = 0;
	int		bad = 0;
	size_t		n;
	pid_t		pid = 0;
	char		st[64];

	if ((v = fc_need_threads(
	    "fork while other threads use the C library")) != FC_PASS)
		return v;
	if ((libc_null = fopen("/dev/null", "w")) == NULL)
		return fc_broken("/dev/null");
	if (fc_pipe(ready) == -1)
		return fc_broken("pipe");
	atomic_store(&libc_stop, 0);
	for (nt = 0; nt < LIBC_THREADS; nt++)
		if ((e = pthread_create(&tid[nt], NULL, libc_churn,
		    &ready[1])) != 0)
			break;
	for (i = 0; i < nt; i++)
		(void)fc_sync_wait(ready[0]);
	fc_rounds_start(&r, LIBC_MIN, LIBC_FORKS, LIBC_BUDGET_MS);
	for (i = 0; e == 0 && fc_rounds_more(&r) && !hung && !bad;
	    i++, r.done++) {
		if (fc_pipe(done) == -1 || (pid = fc_fork()) == -1) {
			e = errno;
			break;
		}
		if (pid == 0) {
			close(done[0]);
			_exit(libc_child());
		}
		close(done[1]);
		hung = reap_guarded(pid, 0, done[0], NULL, 0, &n, &status);
		close(done[0]);
		if (hung == -1) {
			e = errno;
			break;
		}
		bad = !hung && (!WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0);
	}
	atomic_store(&libc_stop, 1);
	while (nt > 0)
		pthread_join(tid[--nt], NULL);
	fclose(libc_null);
	if (e != 0) {
		errno = e;
		return fc_broken("pthread_create, pipe, fork or waitpid");
	}
	if (hung) {
		fc_note("observed: child %d did not finish malloc and stdio "
		    "within the guard of %d ms: a deadlock, or a machine "
		    "slower than the guard", i, fc_guard_ms(HANG_MS));
		return FC_PASS;
	}
	if (bad)
		return fc_fail("child %d, using malloc and stdio, %s", i,
		    fc_status(status, st, sizeof(st)));
	fc_note("%d children of a process with %d busy threads used malloc "
	    "and stdio", r.done, LIBC_THREADS);
	return FC_PASS;
}

const struct fc_case fc_thr_cases[] = {
	{ .id = "thr.single-thread/exit", .run = single_thread_exit,
	  .tier = FC_CORE,
	  .spec = "XSH fork, _exit: the child's threads are its own, and "
	  "_exit() terminates all of them with the process" },
	{ .id = "thr.from-nonmain", .run = from_nonmain, .tier = FC_CORE,
	  .spec = "XSH fork: the child is a replica of the calling thread "
	  "(its TLS, its stack; pthread_self() addresses it)" },
	{ .id = "thr.mutex-state", .run = mutex_state, .tier = FC_CORE,
	  .spec = "XSH fork: the child's address space includes the states "
	  "of mutexes (one held by another thread stays locked)" },
	{ .id = "thr.mutex-owner", MUTEX_OWNER_ROW, .tier = FC_PROBE,
	  .spec = "XSH fork (Austin Group 1112): who owns, in the child, a "
	  "mutex the forking thread held" },
	{ .id = "thr.atfork-lifecycle/nested", .run = atfork_nested,
	  .tier = FC_QOI,
	  .spec = "glibc BZ 24595, FreeBSD libthr: a fork handler may call "
	  "pthread_atfork(); the new handlers run from the next fork" },
	{ .id = "thr.mt-child-libc", .run = mt_child_libc, .tier = FC_QOI,
	  .timeout = 60,
	  .spec = "XSH fork MT rule (QoI): malloc and stdio stay usable in "
	  "the child of a multithreaded process (glibc, musl >= 1.2.2)" },
	{ .id = NULL }
};
