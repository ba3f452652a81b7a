/*
 * sig-os.c: sig cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * The parent-death signal (Linux prctl(2) PR_SET_PDEATHSIG, FreeBSD
 * procctl(2) PROC_PDEATHSIG_CTL) and _Fork() called from a signal
 * handler (XSH _Fork, Issue 8), also one that interrupted malloc().
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

/*
 * The parent-death signal of the calling process: pdeath_set() asks for
 * sig (0 to clear), pdeath_get() reads it back.  Both return 0, or -1
 * with errno set (ENOSYS where the platform has no such request).
 */
#if defined(WITH_PDEATHSIG_PRCTL)

static const char	pdeath_api[] = "prctl PR_SET_PDEATHSIG";

static int
pdeath_set(int sig)
{
	return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0UL, 0UL, 0UL);
}

static int
pdeath_get(int *sig)
{
	return prctl(PR_GET_PDEATHSIG, (unsigned long)sig, 0UL, 0UL, 0UL);
}

#elif defined(PROC_PDEATHSIG_CTL) && defined(PROC_PDEATHSIG_STATUS)

static const char	pdeath_api[] = "procctl PROC_PDEATHSIG_CTL";

static int
pdeath_set(int sig)
{
	return procctl(P_PID, 0, PROC_PDEATHSIG_CTL, &sig);
}

static int
pdeath_get(int *sig)
{
	return procctl(P_PID, 0, PROC_PDEATHSIG_STATUS, sig);
}

#else

static const char	pdeath_api[] = "a parent-death signal";

static int
pdeath_set(int sig)
{
	(void)sig;
	errno = ENOSYS;
	return -1;
}

static int
pdeath_get(int *sig)
{
	*sig = 0;
	errno = ENOSYS;
	return -1;
}

#endif

/* Child exit codes: the parent-death signal seen, or one of these. */
enum {
	PD_GETFAIL = 100,	/* pdeath_get() failed */
	PD_SETFAIL = 101,	/* pdeath_set() failed */
	PD_EXEC = 102		/* fc_exec_helper() failed */
};

/* Sets SIGUSR1 as the caller's parent-death signal; a skip if absent. */
static enum fc_verdict
pdeath_arm(void)
{
	int	sig = 0;

	if (pdeath_set(SIGUSR1) == -1) {
		if (errno == ENOSYS || errno == EINVAL)
			return fc_skip("no %s here: %s", pdeath_api,
			    strerror(errno));
		return fc_broken("%s", pdeath_api);
	}
	if (pdeath_get(&sig) == -1)
		return fc_broken("reading back the parent-death signal");
	if (sig != SIGUSR1)
		return fc_brokenx("the parent-death signal reads back as %d, "
		    "want %d (SIGUSR1)", sig, SIGUSR1);
	return FC_PASS;
}

/* The verdict on a child that exited with the signal it saw. */
static enum fc_verdict
pdeath_status(int status, int want, const char *where)
{
	char	st[64];

	if (!WIFEXITED(status) || WEXITSTATUS(status) >= PD_GETFAIL)
		return fc_brokenx("%s %s", where, fc_status(status, st,
		    sizeof(st)));
	if (WEXITSTATUS(status) != want)
		return fc_fail("the parent-death signal %s is %d, want %d",
		    where, WEXITSTATUS(status), want);
	return FC_PASS;
}

/*
 * The parent-death signal is not inherited: with SIGUSR1 set in the
 * parent, the fork child reads 0.  A platform that copies the request
 * into the child (which would then die with its parent) fails.
 */
static enum fc_verdict
pdeathsig(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	pid_t		pid;
	int		sig, status;

	if ((v = pdeath_arm()) != FC_PASS)
		return v;
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		sig = -1;
		fc_exit(pdeath_get(&sig) == -1 ? PD_GETFAIL : sig);
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	(void)pdeath_set(0);
	return pdeath_status(status, 0, "in the fork child");
}

static int
pdeath_helper(int argc, char **argv)
{
	int	sig = -1;

	(void)argc;
	(void)argv;
	return pdeath_get(&sig) == -1 ? PD_GETFAIL : sig;
}

/*
 * A parent-death signal set by a child survives its exec of an image
 * that is not set-ID: the exec'd helper reads SIGUSR1.  A platform that
 * clears it at every exec fails.
 */
static enum fc_verdict
pdeathsig_exec(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	pid_t		pid;
	int		status;

	if ((v = pdeath_arm()) != FC_PASS)
		return v;
	(void)pdeath_set(0);
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		if (pdeath_set(SIGUSR1) == -1)
			fc_exit(PD_SETFAIL);
		(void)fc_exec_helper(NULL);
		fc_exit(PD_EXEC);
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == PD_EXEC &&
	    fc_emulator() != NULL)
		return fc_skip("cannot exec the helper under %s",
		    fc_emulator());
	return pdeath_status(status, SIGUSR1, "after exec");
}

/* What the grandchild C of sig.pdeathsig/delivery reports. */
struct pdeath_report {
	int	setup;		/* errno of a failed step, or 0 */
	int	step;		/* 1 mask, 2 arm, 3 parent already gone */
	int	pending;	/* SIGUSR1 was pending when nudged */
	pid_t	ppid;		/* getppid() when nudged */
};

static volatile sig_atomic_t	nudged;

static void
on_nudge(int sig)
{
	(void)sig;
	nudged = 1;
}

/*
 * C: blocks SIGUSR1 and SIGUSR2, arms SIGUSR1 as its parent-death signal,
 * checks that B is still its parent (B waits for us, so it must be), tells
 * B, then sleeps in sigsuspend() until the case nudges it with SIGUSR2.
 */
static void
pdeath_c(pid_t b, int armed, int res)
{
	struct pdeath_report	r;
	struct sigaction	sa;
	sigset_t		set, old;

	memset(&r, 0, sizeof(r));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_nudge;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, &old) == -1 ||
	    sigaction(SIGUSR2, &sa, NULL) == -1)
		r.step = 1;
	else if (pdeath_set(SIGUSR1) == -1)
		r.step = 2;
	else if (getppid() != b)
		r.step = 3;
	if (r.step != 0) {
		r.setup = errno;
		fc_sub_report(res, &r, sizeof(r));
	}
	if (fc_sync_post(armed) == -1)
		fc_exit(1);
	close(armed);
	sigaddset(&old, SIGUSR1);
	sigdelset(&old, SIGUSR2);
	while (nudged == 0)
		sigsuspend(&old);
	if (sigpending(&set) == -1)
		fc_exit(1);
	r.pending = sigismember(&set, SIGUSR1) == 1;
	r.ppid = getppid();
	fc_sub_report(res, &r, sizeof(r));
}

/* B: forks C, waits until C has armed, tells the case C's pid, exits. */
static void
pdeath_b(int fd, int res)
{
	pid_t	c, self = getpid();
	int	armed[2];

	if (fc_pipe(armed) == -1)
		fc_exit(1);
	if ((c = fc_fork()) == -1)
		fc_exit(1);
	if (c == 0) {
		close(fd);
		close(armed[0]);
		pdeath_c(self, armed[1], res);
	}
	close(armed[1]);
	close(res);
	if (fc_sync_wait(armed[0]) == -1)
		c = -1;
	fc_sub_report(fd, &c, sizeof(c));
}

/*
 * The parent-death signal is sent when the parent exits.  The case forks
 * B, B forks C; C arms SIGUSR1 (blocked), re-checks getppid() so that B
 * cannot have died before, and tells B, which exits.  Once B is reaped
 * the signal has been sent: the case nudges C with SIGUSR2, and C reports
 * whether SIGUSR1 is pending.  A platform that does not send it fails
 * (without a hang); C's end is awaited through an EOF barrier.
 */
static enum fc_verdict
pdeathsig_delivery(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict		v;
	struct fc_sub		sub;
	struct pdeath_report	r;
	pid_t			cpid;
	ssize_t			n;
	int			res[2], status;
	char			x;

	if ((v = pdeath_arm()) != FC_PASS)
		return v;
	(void)pdeath_set(0);
	if (fc_pipe(res) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		close(res[0]);
		pdeath_b(sub.fd, res[1]);
	}
	close(res[1]);
	n = fc_read_all(sub.fd, &cpid, sizeof(cpid));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	/* B is reaped: the parent-death signal has been sent. */
	if (n == (ssize_t)sizeof(cpid) && cpid > 0)
		(void)kill(cpid, SIGUSR2);
	n = fc_read_all(res[0], &r, sizeof(r));
	while (fc_read_all(res[0], &x, 1) == 1)
		continue;
	close(res[0]);
	if (n != (ssize_t)sizeof(r))
		return fc_brokenx("the grandchild did not report");
	if (r.step != 0) {
		errno = r.setup;
		return fc_broken("in the grandchild: %s", r.step == 1 ?
		    "sigprocmask" : r.step == 2 ? pdeath_api :
		    "its parent had already exited");
	}
	if (!r.pending)
		return fc_fail("SIGUSR1, the parent-death signal, is not "
		    "pending in the grandchild after its parent exited "
		    "(re-parented to %ld)", (long)r.ppid);
	return FC_PASS;
}

/*
 * sig.pdeathsig/thread-exit: on Linux the parent-death signal follows the
 * thread that forked the child (prctl(2): "the parent thread"), so it is
 * sent when that thread exits although its process lives on.
 */
#if defined(WITH_PDEATHSIG_THREAD)

#define PDT_GONE_MS	2000	/* guard: a joined thread ends at once */

/* What B reports; step is one of these, err the errno of that step. */
struct pdt_report {
	int	step;
	int	err;
	int	pending;	/* C: SIGUSR1 pending after the thread ended */
	pid_t	ppid;		/* C: getppid() then */
};
enum {
	PDT_OK, PDT_SETUP, PDT_THREAD, PDT_C_MASK, PDT_C_ARM, PDT_C_PPID,
	PDT_GONE, PDT_C_REPORT
};

/* What the forking thread T shares with B's main thread. */
struct pdt {
	pid_t		b, c, tid;
	int		err, report;
	int		armed[2], res[2];
	struct fc_gate	go;
};

/*
 * C: blocks SIGUSR1, arms it as its parent-death signal, checks that B is
 * still its parent (prctl(2)'s advice), tells T, and once B says that T
 * has ended reports whether SIGUSR1 is pending.
 */
static void
pdt_c(struct pdt *t)
{
	struct pdeath_report	r;
	sigset_t		set;

	close(t->report);
	close(t->armed[0]);
	close(t->res[0]);
	fc_gate_waiter(&t->go);
	memset(&r, 0, sizeof(r));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		r.step = PDT_C_MASK;
	else if (pdeath_set(SIGUSR1) == -1)
		r.step = PDT_C_ARM;
	else if (getppid() != t->b)
		r.step = PDT_C_PPID;
	if (r.step != 0) {
		r.setup = errno;
		fc_sub_report(t->res[1], &r, sizeof(r));
	}
	if (fc_sync_post(t->armed[1]) == -1)
		fc_exit(1);
	close(t->armed[1]);
	if (fc_gate_wait(&t->go) == -1)
		fc_exit(1);
	if (sigpending(&set) == -1)
		fc_exit(1);
	r.pending = sigismember(&set, SIGUSR1) == 1;
	r.ppid = getppid();
	fc_sub_report(t->res[1], &r, sizeof(r));
}

/* T: forks C, waits until C has armed its signal, and ends. */
static void *
pdt_thread(void *arg)
{
	struct pdt	*t = arg;

	t->tid = (pid_t)syscall(SYS_gettid);
	if ((t->c = fc_fork()) == -1) {
		t->err = errno;
		return NULL;
	}
	if (t->c == 0)
		pdt_c(t);
	if (fc_sync_wait(t->armed[0]) == -1)
		t->err = errno == EPIPE ? 0 : errno;
	return NULL;
}

/*
 * Whether thread tid of this process has ended: pthread_join() returns
 * when T clears its thread id, before the kernel is done with T, so wait
 * until tgkill() no longer finds it (it is then gone from the thread
 * group, and its children were re-parented first).  0, or -1 when the
 * guard expires.
 */
static int
pdt_gone(pid_t tid)
{
	struct timespec	now, end, nap = { 0, 200000 };
	int		ms = fc_guard_ms(PDT_GONE_MS);

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	while (syscall(SYS_tgkill, (long)getpid(), (long)tid, 0L) == 0 ||
	    errno != ESRCH) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec &&
		    now.tv_nsec >= end.tv_nsec))
			return -1;
		(void)nanosleep(&nap, NULL);
	}
	return 0;
}

/* B: a thread T forks C; once C is armed T ends, and C reports. */
static void
pdt_b(int report)
{
	struct pdt		t;
	struct pdt_report	r;
	struct pdeath_report	cr;
	pthread_t		th;
	int			e, status;

	memset(&t, 0, sizeof(t));
	memset(&r, 0, sizeof(r));
	t.b = getpid();
	t.report = report;
	if (fc_pipe(t.armed) == -1 || fc_pipe(t.res) == -1 ||
	    fc_gate_init(&t.go) == -1) {
		r.step = PDT_SETUP;
		r.err = errno;
		fc_sub_report(report, &r, sizeof(r));
	}
	if ((e = pthread_create(&th, NULL, pdt_thread, &t)) != 0 ||
	    (e = pthread_join(th, NULL)) != 0 || (e = t.err) != 0) {
		r.step = PDT_THREAD;
		r.err = e;
		fc_sub_report(report, &r, sizeof(r));
	}
	close(t.armed[1]);
	close(t.res[1]);
	fc_gate_opener(&t.go);
	if (pdt_gone(t.tid) == -1) {
		r.step = PDT_GONE;
		r.err = fc_guard_ms(PDT_GONE_MS);
	} else
		(void)fc_gate_open(&t.go);
	fc_gate_close(&t.go);
	if (fc_read_all(t.res[0], &cr, sizeof(cr)) != (ssize_t)sizeof(cr)) {
		if (r.step == PDT_OK)
			r.step = PDT_C_REPORT;
	} else if (r.step == PDT_OK && cr.step != 0) {
		r.step = cr.step;
		r.err = cr.setup;
	}
	r.pending = cr.pending;
	r.ppid = cr.ppid;
	(void)fc_waitpid(t.c, &status, 0);
	fc_sub_report(report, &r, sizeof(r));
}

/*
 * The parent-death signal is sent when the thread that forked the child
 * exits, even though its process lives on (Linux prctl(2)).  A disposable
 * process B makes a thread T; T forks C, which blocks SIGUSR1, arms it,
 * re-checks getppid(), and tells T, which ends.  B joins T, waits until
 * the kernel no longer knows T (the signal is sent before that), and
 * opens a gate: C reports whether SIGUSR1 is pending.  A platform that
 * sends it only when the whole process exits fails, at once.
 */
static enum fc_verdict
pdeathsig_thread(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict		v;
	struct fc_sub		sub;
	struct pdt_report	r;

	if ((v = fc_need_threads("a thread that forks and ends")) != FC_PASS)
		return v;
	if ((v = pdeath_arm()) != FC_PASS)
		return v;
	(void)pdeath_set(0);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		pdt_b(sub.fd);
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	errno = r.err;
	switch (r.step) {
	case PDT_OK:
		break;
	case PDT_GONE:
		return fc_brokenx("guard of %d ms expired waiting for the "
		    "joined thread to leave the kernel", r.err);
	case PDT_C_REPORT:
		return fc_brokenx("the grandchild did not report");
	case PDT_C_PPID:
		return fc_brokenx("in the grandchild: its parent had already "
		    "exited");
	default:
		return fc_broken("%s", r.step == PDT_SETUP ? "pipe" :
		    r.step == PDT_THREAD ? "pthread_create, fork in the "
		    "thread or pthread_join" : r.step == PDT_C_MASK ?
		    "sigprocmask in the grandchild" : pdeath_api);
	}
	if (!r.pending)
		return fc_fail("SIGUSR1, the parent-death signal, is not "
		    "pending in the grandchild after the thread that forked "
		    "it ended, its process still running (the grandchild's "
		    "parent is %ld)", (long)r.ppid);
	return FC_PASS;
}

#define PDEATHSIG_THREAD_ROW	.run = pdeathsig_thread
#else
#define PDEATHSIG_THREAD_ROW	.absent = "the parent-death signal follows " \
	"the forking thread only with Linux prctl(PR_SET_PDEATHSIG)"
#endif

#if defined(HAVE__FORK)

static volatile pid_t	hfork_pid;	/* _Fork()'s return in the handler */
static volatile int	hfork_errno;
static pid_t		hfork_parent;
static int		hfork_fd = -1;	/* the child's report pipe */

/*
 * The child (known by its identity) sends getpid(), getppid() and what
 * _Fork() returned to it, and leaves, all AS-safe.
 */
static void
on_usr1_fork(int sig)
{
	pid_t	pid, ids[3];
	int	saved = errno;

	(void)sig;
	pid = _Fork();
	if (forked_child(hfork_parent)) {
		ids[0] = getpid();
		ids[1] = getppid();
		ids[2] = pid;
		_exit(write(hfork_fd, ids, sizeof(ids)) == sizeof(ids) ?
		    7 : 8);
	}
	hfork_pid = pid;
	hfork_errno = errno;
	errno = saved;
}

/*
 * _Fork() may be called from a signal handler: a SIGUSR1 handler, run
 * synchronously by raise(), calls it; the child reports its getpid(),
 * getppid() and _Fork()'s return through a pipe and _exit(7)s.  The
 * child's pid must be _Fork()'s return in the parent, 0 its return in
 * the child, its parent the caller, its status 7.  A platform whose
 * _Fork fails or misbehaves in a handler fails.
 */
static enum fc_verdict
fork_in_handler(const struct fc_case *c FC_UNUSED)
{
	struct sigaction	sa;
	pid_t			ids[3];
	ssize_t			n;
	int			fds[2], status;
	char			st[64];

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	hfork_fd = fds[1];
	hfork_parent = getpid();
	hfork_pid = -2;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1_fork;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) == -1)
		return fc_broken("sigaction");
	if (raise(SIGUSR1) != 0)
		return fc_broken("raise");
	close(fds[1]);
	if (hfork_pid == -2)
		return fc_brokenx("raise() returned before the handler ran");
	if (hfork_pid == -1) {
		errno = hfork_errno;
		return fc_fail("_Fork() in a signal handler failed: %s",
		    strerror(errno));
	}
	n = fc_read_all(fds[0], ids, sizeof(ids));
	close(fds[0]);
	if (reap_forked(hfork_pid, &status) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 7 ||
	    n != (ssize_t)sizeof(ids))
		return fc_fail("the child of _Fork() in a handler %s, want "
		    "exited 7 after reporting", fc_status(status, st,
		    sizeof(st)));
	if (ids[2] != 0)
		return fc_fail("_Fork() in a handler returned %ld in the "
		    "child, want 0", (long)ids[2]);
	if (ids[0] != hfork_pid)
		return fc_fail("the child's getpid() is %ld, _Fork() returned "
		    "%ld", (long)ids[0], (long)hfork_pid);
	if (ids[1] != hfork_parent)
		return fc_fail("the child's getppid() is %ld, want %ld",
		    (long)ids[1], (long)hfork_parent);
	return FC_PASS;
}
#define FORK_IN_HANDLER_ROW	.run = fork_in_handler

#else

#define FORK_IN_HANDLER_ROW	.absent = "no _Fork() here"
#endif

/*
 * sig.fork-in-handler/malloc and /child-malloc: a SIGVTALRM handler forks
 * while the case's main flow loops over malloc() and free().  The signal
 * comes from a virtual interval timer, which expires only while the loop
 * runs in user mode, so each one interrupts it at a point of its own (a
 * signal from another process would land at the same place each time:
 * where the handler's last system call returned).  The handler forks only
 * when it interrupted the loop between its busy marks, that is mostly
 * inside malloc() or free(), MF_FORKS times in all (fewer, at least
 * MF_MIN_FORKS, on a machine too slow for the work budget), out of
 * MF_SIGNALS at most.  Each child, known by its identity (not by the
 * fork's return), reports its pid and the fork's return through a pipe
 * and leaves with _exit(0).
 */
#define MF_FORKS	20	/* at most; at least MF_MIN_FORKS */
#define MF_MIN_FORKS	5
#define MF_BUDGET_MS	1500	/* work budget past MF_MIN_FORKS */
#define MF_SIGNALS	400
#define MF_SLOTS	8
#define MF_GUARD_MS	2000	/* guard, scaled: fc_guard_ms() */

/* How a row forks in the handler, and whether its child allocates. */
struct mf_how {
	pid_t	(*fork)(void);
	int	  alloc;
};

static const struct mf_how	*mf_how;
static volatile sig_atomic_t	 mf_busy;	/* in malloc() or free() */
static volatile sig_atomic_t	 mf_forks, mf_signals, mf_errno;
static volatile pid_t		 mf_pids[MF_FORKS];
static int			 mf_rep = -1;	/* the children's reports */
static pid_t			 mf_self;	/* the case's pid */

/* A child's report: its getpid() and what the fork returned to it. */
struct mf_seen {
	pid_t	self;
	pid_t	ret;
};

/* Child exit codes other than 0. */
enum {
	MF_NOMEM = 2,		/* malloc() returned NULL */
	MF_WRITE = 3		/* the report could not be written */
};

static void
mf_child(pid_t ret)
{
	struct mf_seen	 me;
	char		*p;

	if (mf_how->alloc) {
		if ((p = malloc(100)) == NULL)
			_exit(MF_NOMEM);
		memset(p, 'c', 100);
		free(p);
	}
	me.self = getpid();
	me.ret = ret;
	_exit(write(mf_rep, &me, sizeof(me)) == sizeof(me) ? 0 : MF_WRITE);
}

static void
on_vtalrm_mf(int sig)
{
	pid_t	pid;
	int	saved = errno;

	(void)sig;
	mf_signals++;
	if (mf_busy && mf_forks < MF_FORKS && mf_errno == 0) {
		pid = mf_how->fork();
		if (forked_child(mf_self))
			mf_child(pid);
		if (pid == -1)
			mf_errno = errno;
		else
			mf_pids[mf_forks++] = pid;
	}
	errno = saved;
}

/*
 * Reads up to len bytes of reports from fd until end of file, for at most
 * fc_guard_ms(MF_GUARD_MS) in all; *n is the count read.  Returns 1 if
 * the guard expired, 0 at end of file, -1 on error.
 */
static int
mf_drain(int fd, void *buf, size_t len, size_t *n)
{
	struct pollfd	pfd;
	struct timespec	ts;
	long long	deadline, now;
	ssize_t		r;
	char		sink[64];

	*n = 0;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return -1;
	deadline = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
	    fc_guard_ms(MF_GUARD_MS);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
			return -1;
		now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		if (now >= deadline)
			return 1;
		r = poll(&pfd, 1, (int)(deadline - now));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			continue;
		if (*n < len)
			r = read(fd, (char *)buf + *n, len - *n);
		else
			r = read(fd, sink, sizeof(sink));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			return 0;
		if (*n < len)
			*n += (size_t)r;
	}
}

/*
 * Arms (on) the virtual timer whose SIGVTALRM forks, every millisecond of
 * CPU time, or blocks SIGVTALRM and disarms it.
 */
static enum fc_verdict
mf_timer(int on)
{
	struct sigaction	sa;
	struct itimerval	it;
	sigset_t		vtalrm;

	memset(&it, 0, sizeof(it));
	if (on) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_vtalrm_mf;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGVTALRM, &sa, NULL) == -1)
			return fc_broken("sigaction");
		it.it_value.tv_usec = 1000;
		it.it_interval.tv_usec = 1000;
	} else {
		sigemptyset(&vtalrm);
		sigaddset(&vtalrm, SIGVTALRM);
		if (sigprocmask(SIG_BLOCK, &vtalrm, NULL) == -1)
			return fc_broken("sigprocmask");
	}
	if (setitimer(ITIMER_VIRTUAL, &it, NULL) == -1)
		return fc_broken("setitimer ITIMER_VIRTUAL");
	return FC_PASS;
}

/*
 * The loop the signals interrupt: malloc() and free() of varied sizes in
 * slot[], until enough forks or signals, a fork's error or the work
 * budget.  Returns 1 if malloc() returned NULL, else 0.
 */
static int
mf_loop(void **slot)
{
	struct fc_rounds	r;
	int			i, k, more = 1;

	fc_rounds_start(&r, MF_MIN_FORKS, MF_FORKS, MF_BUDGET_MS);
	for (i = 0; more && mf_signals < MF_SIGNALS && mf_errno == 0; i++) {
		if (i % 64 == 0) {
			r.done = mf_forks;
			more = fc_rounds_more(&r);
		}
		k = i % MF_SLOTS;
		mf_busy = 1;
		free(slot[k]);
		slot[k] = malloc((size_t)16 << (i % 10));
		mf_busy = 0;
		if (slot[k] == NULL)
			return 1;
	}
	return 0;
}

/*
 * Each child's report: the fork returned 0 in it, and its getpid() is a
 * pid a fork returned.  FC_FAIL with why filled, or FC_PASS.
 */
static enum fc_verdict
mf_reports(const struct mf_seen *got, char *why, size_t len)
{
	int	j, k;

	for (k = 0; k < mf_forks; k++) {
		if (got[k].ret != 0) {
			snprintf(why, len, "the fork in a handler returned %ld "
			    "in the child, want 0", (long)got[k].ret);
			return FC_FAIL;
		}
		for (j = 0; j < mf_forks; j++)
			if (got[k].self == mf_pids[j])
				break;
		if (j == mf_forks) {
			snprintf(why, len, "a child forked in a handler reports "
			    "getpid() %ld, which no fork returned",
			    (long)got[k].self);
			return FC_FAIL;
		}
	}
	return FC_PASS;
}

/*
 * Runs the loop, then collects the children.  Returns FC_PASS, FC_BROKEN
 * (reported), or FC_FAIL with what was seen described in why (of len
 * bytes) for the caller to report as its tier asks; *hung then says that
 * it is an expired guard.
 */
static enum fc_verdict
mf_run(char *why, size_t len, int *hung)
{
	void			*slot[MF_SLOTS];
	struct mf_seen		 got[MF_FORKS];
	enum fc_verdict		 v;
	size_t			 n;
	int			 rep[2], j, status, nomem;
	char			 st[64];

	*hung = 0;
	why[0] = '\0';
	mf_self = getpid();
	memset(slot, 0, sizeof(slot));
	if (fc_pipe(rep) == -1)
		return fc_broken("pipe");
	mf_rep = rep[1];
	if ((v = mf_timer(1)) != FC_PASS)
		return v;
	nomem = mf_loop(slot);
	if ((v = mf_timer(0)) != FC_PASS)
		return v;
	for (j = 0; j < MF_SLOTS; j++)
		free(slot[j]);
	close(rep[1]);
	*hung = mf_drain(rep[0], got, sizeof(got), &n);
	close(rep[0]);
	if (*hung == 1)
		for (j = 0; j < mf_forks; j++)
			(void)kill(mf_pids[j], SIGKILL);
	for (j = 0; j < mf_forks; j++) {
		if (reap_forked(mf_pids[j], &status) == -1)
			return fc_broken("waitpid");
		if (*hung != 1 && why[0] == '\0' &&
		    !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
			snprintf(why, len, "child %d of %d, forked in a handler "
			    "that interrupted malloc() or free(), %s%s", j + 1,
			    mf_forks, fc_status(status, st, sizeof(st)),
			    WIFEXITED(status) && WEXITSTATUS(status) ==
			    MF_NOMEM ? " (its malloc() returned NULL)" : "");
	}
	if (nomem)
		return fc_brokenx("malloc() in the case's loop returned NULL");
	if (*hung == -1)
		return fc_broken("reading the children's reports");
	if (*hung == 1) {
		snprintf(why, len, "%zu of %d children forked in a handler "
		    "that interrupted malloc() or free() reported within the "
		    "guard of %d ms: a deadlock, or a machine slower than the "
		    "guard", n / sizeof(got[0]), (int)mf_forks,
		    fc_guard_ms(MF_GUARD_MS));
		return FC_FAIL;
	}
	if (why[0] != '\0')
		return FC_FAIL;
	if (mf_errno != 0) {
		errno = mf_errno;
		snprintf(why, len, "fork in a handler that interrupted "
		    "malloc() or free() failed: %s", strerror(errno));
		return FC_FAIL;
	}
	if (mf_forks < MF_MIN_FORKS)
		return fc_brokenx("%d of %d signals interrupted the malloc() "
		    "and free() loop, want %d", (int)mf_forks, (int)mf_signals,
		    MF_MIN_FORKS);
	if (n != (size_t)mf_forks * sizeof(got[0]))
		return fc_brokenx("%zu bytes of reports from %d children that "
		    "exited 0", n, (int)mf_forks);
	return mf_reports(got, why, len);
}

/*
 * The child of fork() in a handler that interrupted malloc() or free()
 * allocates before it exits, as glibc's malloc/tst-mallocfork2.c checks.
 * POSIX lets that child call only async-signal-safe functions, so this is
 * quality of implementation: a child that cannot allocate, dies or hangs
 * (past the guard) is noted, never failed.
 */
static enum fc_verdict
fork_in_malloc_child(const struct fc_case *c)
{
	enum fc_verdict	v;
	char		why[256];
	int		hung;

	mf_how = c->arg;
	if ((v = mf_run(why, sizeof(why), &hung)) != FC_FAIL)
		return v;
	fc_note("observed: %s", why);
	return FC_PASS;
}

static const struct mf_how	mf_libc = { fork, 1 };
#if defined(HAVE__FORK)
/*
 * _Fork() is async-signal-safe, so it works from a handler whatever the
 * handler interrupted, malloc() and free() included: it returns in both
 * processes, and the child, which calls only async-signal-safe functions
 * (getpid, write, _exit), reports and exits 0.  A _Fork() that takes or
 * needs a lock malloc() holds fails; one that hangs is caught only by the
 * guard (broken).
 */
static enum fc_verdict
fork_in_malloc(const struct fc_case *c)
{
	enum fc_verdict	v;
	char		why[256];
	int		hung;

	mf_how = c->arg;
	if ((v = mf_run(why, sizeof(why), &hung)) != FC_FAIL)
		return v;
	if (hung)
		return fc_brokenx("%s", why);
	return fc_fail("%s", why);
}

static const struct mf_how	mf_async = { _Fork, 0 };
#define FORK_IN_MALLOC_ROW	.run = fork_in_malloc, .arg = &mf_async
#else
#define FORK_IN_MALLOC_ROW	.absent = "no _Fork() here"
#endif

const struct fc_case fc_sig_os_cases[] = {
	{ .id = "sig.pdeathsig", .run = pdeathsig, .tier = FC_LINUX,
	  .spec = "L: fork(2), prctl(2); FreeBSD procctl(2): the "
	  "parent-death signal is cleared in the fork child" },
	{ .id = "sig.pdeathsig/exec", .run = pdeathsig_exec,
	  .helper = pdeath_helper, .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_PDEATHSIG; FreeBSD procctl(2): the "
	  "request survives exec (not set-ID)" },
	{ .id = "sig.pdeathsig/delivery", .run = pdeathsig_delivery,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_PDEATHSIG; FreeBSD procctl(2): the "
	  "signal is sent when the parent exits" },
	{ .id = "sig.pdeathsig/thread-exit", PDEATHSIG_THREAD_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_PDEATHSIG: the signal is sent when the "
	  "parent thread exits, though its process lives on" },
	{ .id = "sig.fork-in-handler", FORK_IN_HANDLER_ROW,
	  .tier = FC_CORE,
	  .spec = "XSH _Fork (Issue 8): _Fork() is async-signal-safe and may "
	  "be called from a signal handler" },
	{ .id = "sig.fork-in-handler/malloc", FORK_IN_MALLOC_ROW,
	  .tier = FC_CORE,
	  .spec = "XSH _Fork, 2.4.3 (Issue 8): _Fork() in a handler that "
	  "interrupted malloc() or free() returns in both processes" },
	{ .id = "sig.fork-in-handler/child-malloc",
	  .run = fork_in_malloc_child, .arg = &mf_libc, .tier = FC_QOI,
	  .spec = "glibc malloc/tst-mallocfork2.c: the child of fork() in a "
	  "handler that interrupted malloc() can allocate (XSH fork: only "
	  "async-signal-safe calls are promised)" },
	{ .id = NULL }
};
