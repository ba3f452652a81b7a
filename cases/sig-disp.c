/*
 * sig-disp.c: signal state across fork: pending signals, the mask,
 * dispositions, the alternate stack (XSH fork, sigaction, sigaltstack).
 * The handlers and helpers of sig-common.h are defined here.
 */

#include "config.h"
#include "os-features.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <fenv.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"
#include "sig-common.h"

#define ALTSTACK_SIZE	(256 * 1024)	/* room for the largest FP frames */

static volatile sig_atomic_t	caught;		/* on_usr1 runs */
volatile sig_atomic_t	nchld;		/* on_chld runs */
siginfo_t		chld[NCHLD];	/* their first siginfos */

static void
on_usr1(int sig)
{
	(void)sig;
	caught++;
}

static void
on_info(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
}

void
on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (nchld < NCHLD)
		chld[nchld] = *si;
	nchld++;
}

/* Adds one signal to the caller's mask, or removes it. */
int
mask_one(int how, int sig)
{
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigprocmask(how, &set, NULL);
}

/* Sets sig's action to fn (a function, SIG_IGN or SIG_DFL) with flags. */
int
set_action(int sig, void (*fn)(int), int flags)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	return sigaction(sig, &sa, NULL);
}

/* The same for an SA_SIGINFO handler. */
int
set_info_action(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_SIGINFO | flags;
	return sigaction(sig, &sa, NULL);
}

/* Whether sig is pending for the caller: 1, 0, or -1 on error. */
int
is_pending(int sig)
{
	sigset_t	set;

	if (sigpending(&set) == -1)
		return -1;
	return sigismember(&set, sig);
}

/*
 * Blocks SIGCHLD and installs on_chld (with flags) on an empty chld[]:
 * the start of every case that reads SIGCHLD's siginfo.  0, or -1.
 */
int
catch_chld(int flags)
{
	nchld = 0;
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    set_info_action(SIGCHLD, on_chld, flags) == -1)
		return -1;
	return 0;
}

/*
 * SIGCHLD is blocked and on_chld installed: lets each pending SIGCHLD
 * run the handler (unblocking delivers it before sigprocmask returns).
 * Returns how many ran, or -1.
 */
int
drain_chld(void)
{
	int	before = nchld, i, p;

	for (i = 0; i < NCHLD; i++) {
		if ((p = is_pending(SIGCHLD)) == -1)
			return -1;
		if (p == 0)
			break;
		if (mask_one(SIG_UNBLOCK, SIGCHLD) == -1 ||
		    mask_one(SIG_BLOCK, SIGCHLD) == -1)
			return -1;
	}
	return nchld - before;
}

/* SIGCHLD is blocked: waits in sigsuspend() until on_chld ran n times. */
int
wait_chld(int n)
{
	sigset_t	set;

	if (sigprocmask(SIG_BLOCK, NULL, &set) == -1)
		return -1;
	sigdelset(&set, SIGCHLD);
	while (nchld < n)
		sigsuspend(&set);
	return 0;
}

/* The zombie barrier: waits until pid has terminated, without reaping. */
int
zombie(pid_t pid)
{
	siginfo_t	si;
	int		r;

	memset(&si, 0, sizeof(si));
	r = fc_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
	return r;
}

const char *
cld_name(int code)
{
	switch (code) {
	case CLD_EXITED:
		return "CLD_EXITED";
	case CLD_KILLED:
		return "CLD_KILLED";
	case CLD_DUMPED:
		return "CLD_DUMPED";
	case CLD_STOPPED:
		return "CLD_STOPPED";
	case CLD_CONTINUED:
		return "CLD_CONTINUED";
	default:
		return "not a CLD_ code";
	}
}

/* "si_signo 17, si_code CLD_EXITED (1), si_pid 42, si_uid 0, si_status 3" */
const char *
info_str(const siginfo_t *si, char *buf, size_t len)
{
	snprintf(buf, len, "si_signo %d, si_code %s (%d), si_pid %ld, "
	    "si_uid %ld, si_status %d", si->si_signo, cld_name(si->si_code),
	    si->si_code, (long)si->si_pid, (long)si->si_uid, si->si_status);
	return buf;
}

/*
 * Whether a SIGCHLD siginfo says what it must: SIGCHLD, the code, the
 * child's pid and the status (uid is checked only when not -1).
 */
int
info_is(const siginfo_t *si, int code, pid_t pid, long uid, int status)
{
	return si->si_signo == SIGCHLD && si->si_code == code &&
	    si->si_pid == pid && si->si_status == status &&
	    (uid == -1 || (long)si->si_uid == uid);
}

/*
 * The verdict on a child that runs an inherited SIGUSR1 handler and exits
 * with a code up to max: a fail if SIGUSR1 killed it, broken if it ended
 * otherwise; FC_PASS leaves the code to the caller.
 */
enum fc_verdict
usr1_child(int status, int max)
{
	char	st[64];

	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1)
		return fc_fail("SIGUSR1 killed the child: its inherited "
		    "handler did not run");
	if (!WIFEXITED(status) || WEXITSTATUS(status) > max)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	return FC_PASS;
}

/* Child exit codes for sig.pending-cleared: which signal stayed pending. */
enum {
	PEND_USR1 = 1,
	PEND_USR2 = 2,
	PEND_RT = 4,
	PEND_SYNC = 8
};

/*
 * A real-time signal queued (sigqueue, with a value) to the process: the
 * signal it queued, 0 where the platform has no sigqueue(), -1 if it
 * failed.
 */
static int
queue_rt(void)
{
#if defined(HAVE_SIGQUEUE) && defined(SIGRTMIN)
	union sigval	val;

	val.sival_int = 42;
	return sigqueue(getpid(), SIGRTMIN, val) == 0 ? SIGRTMIN : -1;
#else
	return 0;
#endif
}

/*
 * The parent has SIGUSR1 pending for its thread (raise), SIGUSR2 for the
 * process (kill) and, where sigqueue() exists, a queued real-time signal,
 * all blocked: the child starts with none pending and the parent keeps
 * them.  A platform that copies the pending set (or the real-time queue)
 * into the child, or hands it over, fails.
 */
static enum fc_verdict
pending_cleared(const struct fc_case *c FC_UNUSED)
{
	sigset_t	set;
	pid_t		pid;
	int		status, code, rt = 0;
	char		st[64];

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
#if defined(SIGRTMIN)
	sigaddset(&set, SIGRTMIN);
#endif
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		return fc_broken("sigprocmask");
	if (raise(SIGUSR1) != 0 || kill(getpid(), SIGUSR2) == -1)
		return fc_broken("raise");
	if ((rt = queue_rt()) == -1)
		return fc_broken("sigqueue");
	if (is_pending(SIGUSR1) != 1 || is_pending(SIGUSR2) != 1 ||
	    (rt != 0 && is_pending(rt) != 1))
		return fc_brokenx("SIGUSR1, SIGUSR2 and the queued signal are "
		    "not pending before the fork");
	if (rt == 0)
		fc_note("no sigqueue() here: no real-time signal was queued");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		if (sigpending(&set) == -1)
			fc_exit(PEND_SYNC);
		fc_exit((sigismember(&set, SIGUSR1) ? PEND_USR1 : 0) |
		    (sigismember(&set, SIGUSR2) ? PEND_USR2 : 0) |
		    (rt != 0 && sigismember(&set, rt) ? PEND_RT : 0));
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) ||
	    WEXITSTATUS(status) > (PEND_USR1 | PEND_USR2 | PEND_RT))
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code != 0)
		return fc_fail("the child starts with%s%s%s pending, want none "
		    "(the parent's blocked, pending signals were copied)",
		    code & PEND_USR1 ? " SIGUSR1 (raise)" : "",
		    code & PEND_USR2 ? " SIGUSR2 (kill)" : "",
		    code & PEND_RT ? " the queued real-time signal" : "");
	if (is_pending(SIGUSR1) != 1 || is_pending(SIGUSR2) != 1 ||
	    (rt != 0 && is_pending(rt) != 1))
		return fc_fail("after the fork the parent has SIGUSR1 %s, "
		    "SIGUSR2 %s and the queued signal %s, want all pending",
		    is_pending(SIGUSR1) == 1 ? "pending" : "not pending",
		    is_pending(SIGUSR2) == 1 ? "pending" : "not pending",
		    rt == 0 ? "not queued" : is_pending(rt) == 1 ? "pending" :
		    "not pending");
	return FC_PASS;
}

/* Child exit codes for sig.mask-from-caller. */
enum {
	MASK_LOST = 1,		/* SIGUSR2 (forking thread) is unblocked */
	MASK_MAIN = 2,		/* SIGUSR1 (main thread) is blocked */
	MASK_EXTRA = 4,		/* SIGTERM (nobody's) is blocked */
	MASK_SYNC = 8
};

struct maskfork {
	pid_t	pid;
	int	error;		/* errno of a failed step */
};

/* The second thread: blocks only SIGUSR2, forks, and the child reports. */
static void *
mask_thread(void *arg)
{
	struct maskfork	*mf = arg;
	sigset_t	 set;
	int		 code;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	if ((mf->error = pthread_sigmask(SIG_SETMASK, &set, NULL)) != 0)
		return NULL;
	if ((mf->pid = fc_fork()) == -1) {
		mf->error = errno;
		return NULL;
	}
	if (mf->pid == 0) {
		/* The child of a multithreaded process: AS-safe calls only. */
		if (sigprocmask(SIG_BLOCK, NULL, &set) == -1)
			_exit(MASK_SYNC);
		code = 0;
		if (sigismember(&set, SIGUSR2) != 1)
			code |= MASK_LOST;
		if (sigismember(&set, SIGUSR1) != 0)
			code |= MASK_MAIN;
		if (sigismember(&set, SIGTERM) != 0)
			code |= MASK_EXTRA;
		_exit(code);
	}
	return NULL;
}

/*
 * The main thread blocks SIGUSR1, a second thread blocks only SIGUSR2
 * and forks: the child's mask is the forking thread's, SIGUSR2 and not
 * SIGUSR1 (nor SIGTERM, which nobody blocked).  A platform that gives the
 * child the main thread's mask, an empty one or a union fails.
 */
static enum fc_verdict
mask_from_caller(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct maskfork	mf = { -1, 0 };
	pthread_t	t;
	sigset_t	set;
	int		error, status, code;
	char		st[64];

	if ((v = fc_need_threads(
	    "a child forked by a second thread")) != FC_PASS)
		return v;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if ((error = pthread_sigmask(SIG_BLOCK, &set, NULL)) != 0 ||
	    (error = pthread_create(&t, NULL, mask_thread, &mf)) != 0 ||
	    (error = pthread_join(t, NULL)) != 0) {
		errno = error;
		return fc_broken("pthread_sigmask or pthread_create");
	}
	if (mf.pid == -1) {
		errno = mf.error;
		return fc_broken("in the second thread: sigmask or fork");
	}
	if (fc_waitpid(mf.pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) >= MASK_SYNC)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code & MASK_MAIN)
		return fc_fail("the child's mask holds SIGUSR1, which only "
		    "the main thread blocked: want the forking thread's mask "
		    "(SIGUSR2 only)%s", code & MASK_LOST ?
		    "; SIGUSR2 is not blocked" : "");
	if (code & MASK_LOST)
		return fc_fail("the child's mask lacks SIGUSR2, which the "
		    "forking thread blocked");
	if (code & MASK_EXTRA)
		return fc_fail("the child's mask holds SIGTERM, which no "
		    "thread blocked");
	return FC_PASS;
}

/* Child exit codes for sig.dispositions: which inherited action differs. */
enum {
	DISP_HANDLER = 1,	/* SIGUSR1's handler is not the parent's */
	DISP_MASK = 2,		/* its sa_mask lost SIGUSR2 */
	DISP_FLAGS = 4,		/* its SA_RESTART is gone */
	DISP_INFO = 8,		/* SIGUSR2's SA_SIGINFO action differs */
	DISP_IGNORED = 16,	/* SIGHUP is no longer ignored */
	DISP_DEFAULT = 32,	/* SIGTERM is no longer SIG_DFL */
	DISP_XFLAGS = 64,	/* SIGUSR2 lost SA_RESETHAND, _NODEFER, _ONSTACK */
	DISP_QUERY = 128	/* sigaction() failed */
};

/* The flags sig.dispositions gives SIGUSR2's SA_SIGINFO action. */
#define DISP_USR2_FLAGS	(SA_RESETHAND | SA_NODEFER | SA_ONSTACK)

static int
disp_child(void)
{
	struct sigaction	sa;
	int			code = 0;

	if (sigaction(SIGUSR1, NULL, &sa) == -1)
		return DISP_QUERY;
	if (sa.sa_handler != on_usr1)
		code |= DISP_HANDLER;
	if (sigismember(&sa.sa_mask, SIGUSR2) != 1)
		code |= DISP_MASK;
	if (!(sa.sa_flags & SA_RESTART))
		code |= DISP_FLAGS;
	if (sigaction(SIGUSR2, NULL, &sa) == -1)
		return DISP_QUERY;
	if (!(sa.sa_flags & SA_SIGINFO) || sa.sa_sigaction != on_info)
		code |= DISP_INFO;
	if ((sa.sa_flags & DISP_USR2_FLAGS) != DISP_USR2_FLAGS)
		code |= DISP_XFLAGS;
	if (sigaction(SIGHUP, NULL, &sa) == -1)
		return DISP_QUERY;
	if (sa.sa_handler != SIG_IGN)
		code |= DISP_IGNORED;
	if (sigaction(SIGTERM, NULL, &sa) == -1)
		return DISP_QUERY;
	if (sa.sa_handler != SIG_DFL)
		code |= DISP_DEFAULT;
	return code;
}

/*
 * Signal actions are inherited: a handler with its sa_mask and sa_flags,
 * an SA_SIGINFO handler with SA_RESETHAND, SA_NODEFER and SA_ONSTACK,
 * SIG_IGN and SIG_DFL; the child queries each with
 * sigaction().  A platform that resets handlers at fork, or drops their
 * mask or flags, fails and the message lists every difference.
 */
static enum fc_verdict
dispositions(const struct fc_case *c FC_UNUSED)
{
	static const char *const why[] = {
		"SIGUSR1's handler is not the parent's",
		"SIGUSR1's sa_mask lost SIGUSR2",
		"SIGUSR1's SA_RESTART flag is gone",
		"SIGUSR2's SA_SIGINFO handler is not the parent's",
		"SIGHUP is no longer ignored",
		"SIGTERM is no longer SIG_DFL",
		"SIGUSR2's SA_RESETHAND, SA_NODEFER or SA_ONSTACK is gone",
	};
	struct sigaction	sa;
	pid_t			pid;
	size_t			i, len;
	int			status, code;
	char			st[64], msg[512];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGUSR1, &sa, NULL) == -1 ||
	    set_info_action(SIGUSR2, on_info, DISP_USR2_FLAGS) == -1 ||
	    set_action(SIGHUP, SIG_IGN, 0) == -1 ||
	    set_action(SIGTERM, SIG_DFL, 0) == -1)
		return fc_broken("sigaction");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(disp_child());
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) >= DISP_QUERY)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code == 0)
		return FC_PASS;
	msg[0] = '\0';
	for (i = 0; i < sizeof(why) / sizeof(why[0]); i++) {
		if (!(code & (1 << i)))
			continue;
		len = strlen(msg);
		snprintf(msg + len, sizeof(msg) - len, "%s%s",
		    len > 0 ? "; " : "", why[i]);
	}
	return fc_fail("in the child, %s", msg);
}

/* Child exit codes for sig.dispositions/handler. */
enum {
	RUN_OK = 0,
	RUN_GONE = 1,		/* the handler is not installed */
	RUN_TWICE = 2,		/* it ran other than once */
	RUN_SYNC = 3
};

/*
 * A signal sent to the child runs the handler it inherited, in the child
 * and not in the parent.  A platform that resets the handler (the signal
 * kills or is lost) or runs it in the wrong process fails.
 */
static enum fc_verdict
disp_handler(const struct fc_case *c FC_UNUSED)
{
	struct fc_gate	ready;
	enum fc_verdict		v;
	struct sigaction	sa;
	sigset_t		old;
	int			status, code;
	pid_t			pid;

	if (set_action(SIGUSR1, on_usr1, SA_RESTART) == -1)
		return fc_broken("sigaction");
	caught = 0;
	if (fc_gate_init(&ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_opener(&ready);
		if (sigaction(SIGUSR1, NULL, &sa) == -1 ||
		    sa.sa_handler != on_usr1)
			fc_exit(RUN_GONE);
		/* Blocked until we wait for it, so it cannot be missed. */
		if (sigprocmask(SIG_BLOCK, NULL, &old) == -1 ||
		    mask_one(SIG_BLOCK, SIGUSR1) == -1 ||
		    fc_gate_open(&ready) == -1)
			fc_exit(RUN_SYNC);
		while (caught == 0)
			sigsuspend(&old);
		fc_exit(caught == 1 ? RUN_OK : RUN_TWICE);
	}
	fc_gate_waiter(&ready);
	if (fc_gate_wait(&ready) == 0 && kill(pid, SIGUSR1) == -1)
		return fc_broken("kill");
	fc_gate_close(&ready);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if ((v = usr1_child(status, RUN_TWICE)) != FC_PASS)
		return v;
	code = WEXITSTATUS(status);
	if (code == RUN_GONE)
		return fc_fail("in the child SIGUSR1's handler is not the "
		    "parent's");
	if (code == RUN_TWICE)
		return fc_fail("in the child the handler ran more than once "
		    "for one SIGUSR1");
	if (caught != 0)
		return fc_fail("the handler ran in the parent");
	return FC_PASS;
}

static volatile uintptr_t	handler_sp;	/* a local of the handler */

static void
on_usr1_where(int sig)
{
	char	here;

	(void)sig;
	handler_sp = (uintptr_t)&here;
}

/* Installs an alternate stack of ALTSTACK_SIZE bytes; ss describes it. */
static enum fc_verdict
altstack_setup(stack_t *ss)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_size = ALTSTACK_SIZE;
	if ((ss->ss_sp = malloc(ss->ss_size)) == NULL)
		return fc_broken("malloc");
	ss->ss_flags = 0;
	if (sigaltstack(ss, NULL) == -1)
		return fc_broken("sigaltstack");
	return FC_PASS;
}

static int
on_altstack(const stack_t *ss, uintptr_t sp)
{
	return sp >= (uintptr_t)ss->ss_sp &&
	    sp < (uintptr_t)ss->ss_sp + ss->ss_size;
}

/*
 * The calling thread's alternate signal stack is inherited: in the child
 * sigaltstack() reports the parent's ss_sp and ss_size, enabled and not
 * in use.  A platform that disables it in the child, or reports another
 * stack, fails.
 */
static enum fc_verdict
altstack(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct fc_sub	sub;
	stack_t		ss, got;
	ssize_t		n;
	int		status;

	if ((v = altstack_setup(&ss)) != FC_PASS)
		return v;
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		if (sigaltstack(NULL, &got) == -1)
			fc_exit(1);
		fc_sub_report(sub.fd, &got, sizeof(got));
	}
	n = fc_read_all(sub.fd, &got, sizeof(got));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(got))
		return fc_brokenx("the child could not query sigaltstack()");
	if (got.ss_flags & SS_DISABLE)
		return fc_fail("the child's alternate signal stack is "
		    "disabled (SS_DISABLE), want the parent's %p, %zu bytes",
		    ss.ss_sp, ss.ss_size);
	if (got.ss_sp != ss.ss_sp || got.ss_size != ss.ss_size)
		return fc_fail("the child's alternate signal stack is %p, %zu "
		    "bytes, want the parent's %p, %zu bytes", got.ss_sp,
		    got.ss_size, ss.ss_sp, ss.ss_size);
	if (got.ss_flags & SS_ONSTACK)
		return fc_fail("the child reports SS_ONSTACK outside any "
		    "handler");
	return FC_PASS;
}

/*
 * An SA_ONSTACK handler that the child runs executes on the inherited
 * alternate stack (and does in the parent).  Linux documents it
 * (sigaltstack(2): the child inherits the settings, so SA_ONSTACK applies
 * to them), and there a platform that keeps the configuration but
 * delivers on the normal stack in the child fails; POSIX is silent, so
 * elsewhere it is reported as quality of implementation, never failed.
 */
static enum fc_verdict
altstack_delivery(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	stack_t		ss;
	pid_t		pid;
	int		status;

	if ((v = altstack_setup(&ss)) != FC_PASS)
		return v;
	if (set_action(SIGUSR1, on_usr1_where, SA_ONSTACK) == -1)
		return fc_broken("sigaction");
	handler_sp = 0;
	if (raise(SIGUSR1) != 0)
		return fc_broken("raise");
	if (!on_altstack(&ss, handler_sp))
		return fc_brokenx("even in the parent the SA_ONSTACK handler "
		    "ran off the alternate stack");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		handler_sp = 0;
		if (raise(SIGUSR1) != 0)
			fc_exit(3);
		fc_exit(handler_sp == 0 ? 2 : on_altstack(&ss, handler_sp) ?
		    0 : 1);
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if ((v = usr1_child(status, 2)) != FC_PASS)
		return v;
	if (WEXITSTATUS(status) == 2)
		return fc_fail("in the child the SA_ONSTACK handler did not "
		    "run");
	if (WEXITSTATUS(status) == 1)
		return fc_fail("in the child the SA_ONSTACK handler ran off "
		    "the inherited alternate stack");
	return FC_PASS;
}

const struct fc_case fc_sig_cases[] = {
	{ .id = "sig.pending-cleared", .run = pending_cleared,
	  .tier = FC_CORE,
	  .spec = "XSH fork: the child's set of pending signals is empty "
	  "(thread- and process-directed)" },
	{ .id = "sig.mask-from-caller", .run = mask_from_caller,
	  .tier = FC_CORE,
	  .spec = "XSH fork: the child's signal mask is the calling "
	  "thread's" },
	{ .id = "sig.dispositions", .run = dispositions, .tier = FC_CORE,
	  .spec = "XSH fork: signal actions (handler, sa_mask, sa_flags, "
	  "SA_SIGINFO, SIG_IGN, SIG_DFL) are inherited" },
	{ .id = "sig.dispositions/handler", .run = disp_handler,
	  .tier = FC_CORE,
	  .spec = "XSH fork: a signal sent to the child runs the inherited "
	  "handler in the child" },
	{ .id = "sig.altstack", .run = altstack, .tier = FC_CORE,
	  .spec = "XSH fork (calling-thread replica); L: sigaltstack(2): the "
	  "alternate signal stack is inherited" },
	{ .id = "sig.altstack/delivery", .run = altstack_delivery,
	  .tier = ALTSTACK_DELIVERY_TIER,
	  .spec = "L: sigaltstack(2): an SA_ONSTACK handler in the child runs "
	  "on the inherited alternate stack" },
	{ .id = NULL }
};
