/*
 * sig-os.c: sig cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * The parent-death signal (Linux prctl(2) PR_SET_PDEATHSIG, FreeBSD
 * procctl(2) PROC_PDEATHSIG_CTL).
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
	{ .id = NULL }
};
