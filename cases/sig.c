/*
 * sig.c: signals across fork (XSH fork: the child's set of pending
 * signals is empty, and "all other characteristics" -- signal actions,
 * the calling thread's mask and alternate stack, the floating-point
 * environment -- are the parent's), and the signals that process
 * termination sends (XSH _exit consequences, sigaction SA_NOCLDSTOP and
 * SA_NOCLDWAIT, wait with SIGCHLD ignored, exec with ignored signals,
 * orphaned process groups).
 */

#include "config.h"

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

#define NCHLD		4		/* SIGCHLD siginfos kept */
#define ALTSTACK_SIZE	(256 * 1024)	/* room for the largest FP frames */
#define RUSAGE_MAX_MS	200		/* CPU a child burns at most */

static volatile sig_atomic_t	caught;		/* on_usr1 runs */
static volatile sig_atomic_t	nchld;		/* on_chld runs */
static siginfo_t		chld[NCHLD];	/* their first siginfos */

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

static void
on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (nchld < NCHLD)
		chld[nchld] = *si;
	nchld++;
}

/* Adds one signal to the caller's mask, or removes it. */
static int
mask_one(int how, int sig)
{
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigprocmask(how, &set, NULL);
}

/* Sets sig's action to fn (a function, SIG_IGN or SIG_DFL) with flags. */
static int
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
static int
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
static int
is_pending(int sig)
{
	sigset_t	set;

	if (sigpending(&set) == -1)
		return -1;
	return sigismember(&set, sig);
}

/*
 * SIGCHLD is blocked and on_chld installed: lets each pending SIGCHLD
 * run the handler (unblocking delivers it before sigprocmask returns).
 * Returns how many ran, or -1.
 */
static int
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
static int
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
static int
zombie(pid_t pid)
{
	siginfo_t	si;
	int		r;

	memset(&si, 0, sizeof(si));
	do
		r = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
	while (r == -1 && errno == EINTR);
	return r;
}

static const char *
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
static const char *
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
static int
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
static enum fc_verdict
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
	PEND_SYNC = 4
};

/*
 * The parent has SIGUSR1 pending for its thread (raise) and SIGUSR2 for
 * the process (kill), both blocked: the child starts with neither
 * pending and the parent keeps both.  A platform that copies the pending
 * set into the child, or hands it over, fails.
 */
static enum fc_verdict
pending_cleared(const struct fc_case *c FC_UNUSED)
{
	sigset_t	set;
	pid_t		pid;
	int		status, code;
	char		st[64];

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		return fc_broken("sigprocmask");
	if (raise(SIGUSR1) != 0 || kill(getpid(), SIGUSR2) == -1)
		return fc_broken("raise");
	if (is_pending(SIGUSR1) != 1 || is_pending(SIGUSR2) != 1)
		return fc_brokenx("SIGUSR1 and SIGUSR2 are not pending before "
		    "the fork");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		if (sigpending(&set) == -1)
			fc_exit(PEND_SYNC);
		fc_exit((sigismember(&set, SIGUSR1) ? PEND_USR1 : 0) |
		    (sigismember(&set, SIGUSR2) ? PEND_USR2 : 0));
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) ||
	    WEXITSTATUS(status) > (PEND_USR1 | PEND_USR2))
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code != 0)
		return fc_fail("the child starts with %s pending, want none "
		    "(the parent's blocked, pending signals were copied)",
		    code == PEND_USR1 ? "SIGUSR1 (raise)" :
		    code == PEND_USR2 ? "SIGUSR2 (kill)" :
		    "SIGUSR1 and SIGUSR2");
	if (is_pending(SIGUSR1) != 1 || is_pending(SIGUSR2) != 1)
		return fc_fail("after the fork the parent has SIGUSR1 %s and "
		    "SIGUSR2 %s, want both pending",
		    is_pending(SIGUSR1) == 1 ? "pending" : "not pending",
		    is_pending(SIGUSR2) == 1 ? "pending" : "not pending");
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
	struct maskfork	mf = { -1, 0 };
	pthread_t	t;
	sigset_t	set;
	int		error, status, code;
	char		st[64];

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
	DISP_QUERY = 64		/* sigaction() failed */
};

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
 * an SA_SIGINFO handler, SIG_IGN and SIG_DFL; the child queries each with
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
	    set_info_action(SIGUSR2, on_info, 0) == -1 ||
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
	enum fc_verdict		v;
	struct sigaction	sa;
	sigset_t		old;
	int			ready[2], status, code;
	pid_t			pid;

	if (set_action(SIGUSR1, on_usr1, SA_RESTART) == -1)
		return fc_broken("sigaction");
	caught = 0;
	if (fc_pipe(ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ready[0]);
		if (sigaction(SIGUSR1, NULL, &sa) == -1 ||
		    sa.sa_handler != on_usr1)
			fc_exit(RUN_GONE);
		/* Blocked until we wait for it, so it cannot be missed. */
		if (sigprocmask(SIG_BLOCK, NULL, &old) == -1 ||
		    mask_one(SIG_BLOCK, SIGUSR1) == -1 ||
		    fc_sync_post(ready[1]) == -1)
			fc_exit(RUN_SYNC);
		while (caught == 0)
			sigsuspend(&old);
		fc_exit(caught == 1 ? RUN_OK : RUN_TWICE);
	}
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == 0 && kill(pid, SIGUSR1) == -1)
		return fc_broken("kill");
	close(ready[0]);
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
		fc_exit(fc_write_all(sub.fd, &got, sizeof(got)) == 0 ? 0 : 1);
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
 * alternate stack (and does in the parent).  A platform that keeps the
 * configuration but delivers on the normal stack in the child fails.
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

static volatile double		fp_num = 1.0, fp_den = 3.0, fp_junk, fp_near;
static volatile sig_atomic_t	fp_hit;		/* on_fp runs */
static volatile int		fp_round;	/* the mode on_fp found */

/* Clobbers the FP registers and the rounding mode, then returns. */
static void
on_fp(int sig)
{
	(void)sig;
	fp_round = fegetround();
	fesetround(FE_DOWNWARD);
	fp_junk = fp_num / fp_den * 7.0 + fp_den / fp_num;
	fp_hit = 1;
}

/* Child exit codes for sig.fp-state. */
enum {
	FP_ROUND = 1,		/* the rounding mode is not FE_UPWARD */
	FP_VALUE = 2,		/* 1/3 does not round upward */
	FP_REGS = 3,		/* FP registers changed across the handler */
	FP_ROUND_AFTER = 4,	/* the handler's mode survived its return */
	FP_VALUE_AFTER = 5,
	FP_SYNC = 6
};

static int
fp_child(int ready, double want)
{
	double		x = 0.0, q;
	long		n = 0;
	int		bad = 0;

	if (fegetround() != FE_UPWARD)
		return FP_ROUND;
	if (fp_num / fp_den != want)
		return FP_VALUE;
	if (fc_sync_post(ready) == -1)
		return FP_SYNC;
	/* Live FP registers when the parent's SIGUSR1 interrupts us. */
	while (fp_hit == 0) {
		q = fp_num / fp_den;
		if (q != want)
			bad = 1;
		x += 1.0;
		n++;
	}
	if (x != (double)n || bad)
		return FP_REGS;
	if (fegetround() != FE_UPWARD)
		return FP_ROUND_AFTER;
	if (fp_num / fp_den != want)
		return FP_VALUE_AFTER;
	return 0;
}

/*
 * The floating-point environment is inherited: with FE_UPWARD set in the
 * parent, the child finds FE_UPWARD and computes 1/3 rounded up, as the
 * parent did.  Then a SIGUSR1 from the parent interrupts the child's FP
 * loop and its handler clobbers the registers and rounding mode: after it
 * returns, the loop's registers, the mode and 1/3 are as before.  A
 * platform that resets the FP state at fork, or corrupts it around
 * signals in the child, fails.
 */
static enum fc_verdict
fp_state(const struct fc_case *c FC_UNUSED)
{
	static const char *const why[] = {
		[FP_ROUND] = "the rounding mode is not the parent's FE_UPWARD",
		[FP_VALUE] = "1/3 is not rounded upward",
		[FP_REGS] = "FP registers changed across a signal handler",
		[FP_ROUND_AFTER] = "the handler's FE_DOWNWARD outlived it",
		[FP_VALUE_AFTER] = "1/3 is not rounded upward after the "
		    "handler returned",
	};
	enum fc_verdict	v;
	double		want;
	pid_t		pid;
	int		ready[2], status, code;

	/* A volatile store: the division cannot move past fesetround(). */
	fp_near = fp_num / fp_den;
	if (fesetround(FE_UPWARD) != 0 || fegetround() != FE_UPWARD)
		return fc_skip("fesetround(FE_UPWARD) is not supported");
	want = fp_num / fp_den;
	if (want == fp_near)
		return fc_brokenx("1/3 rounds the same upward and to nearest");
	if (set_action(SIGUSR1, on_fp, 0) == -1)
		return fc_broken("sigaction");
	fp_hit = 0;
	if (fc_pipe(ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ready[0]);
		fc_exit(fp_child(ready[1], want));
	}
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == 0 && kill(pid, SIGUSR1) == -1)
		return fc_broken("kill");
	close(ready[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if ((v = usr1_child(status, FP_SYNC - 1)) != FC_PASS)
		return v;
	code = WEXITSTATUS(status);
	if (code != 0)
		return fc_fail("in the child, %s", why[code]);
	if (fegetround() != FE_UPWARD || fp_num / fp_den != want)
		return fc_fail("the parent lost FE_UPWARD");
	return FC_PASS;
}

static const char *
round_name(int mode)
{
	if (mode == FE_TONEAREST)
		return "FE_TONEAREST";
	if (mode == FE_UPWARD)
		return "FE_UPWARD";
	if (mode == FE_DOWNWARD)
		return "FE_DOWNWARD";
	if (mode == FE_TOWARDZERO)
		return "FE_TOWARDZERO";
	return "unknown";
}

/*
 * [probe] The rounding mode a signal handler starts with, in the parent
 * and in the child, when the process set FE_UPWARD (the C standard leaves
 * the FP environment of a handler unspecified; Linux on x86 starts
 * handlers with the default environment).  Records both; a child that
 * differs from its parent is reported.
 */
static enum fc_verdict
fp_state_handler(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	pid_t		pid;
	int		status, parent;

	if (fesetround(FE_UPWARD) != 0)
		return fc_skip("fesetround(FE_UPWARD) is not supported");
	if (set_action(SIGUSR1, on_fp, 0) == -1)
		return fc_broken("sigaction");
	fp_round = -1;
	if (raise(SIGUSR1) != 0)
		return fc_broken("raise");
	parent = fp_round;
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fp_round = -1;
		if (fesetround(FE_UPWARD) != 0 || raise(SIGUSR1) != 0)
			fc_exit(99);
		fc_exit(fp_round == parent ? 0 : fp_round == FE_UPWARD ? 1 :
		    fp_round == FE_TONEAREST ? 2 : 3);
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if ((v = usr1_child(status, 3)) != FC_PASS)
		return v;
	fc_note("with FE_UPWARD set, a handler starts with %s in the parent",
	    round_name(parent));
	if (WEXITSTATUS(status) != 0)
		return fc_fail("a handler starts with %s in the child, %s in "
		    "the parent", WEXITSTATUS(status) == 1 ? "FE_UPWARD" :
		    WEXITSTATUS(status) == 2 ? "FE_TONEAREST" : "another mode",
		    round_name(parent));
	fc_note("and the same in the child");
	return FC_PASS;
}

/*
 * Runs a child that ends with _exit(3), or is killed by SIGTERM, with
 * SIGCHLD blocked and on_chld installed; after the zombie barrier the
 * pending SIGCHLD is drained into chld[].  The child switches to an
 * unprivileged uid first (as root) and reports its uid.
 */
static enum fc_verdict
sigchld_run(int killed, pid_t *pid, uid_t *uid, int *pending)
{
	struct fc_sub	sub;
	int		status;

	*pid = -1;
	*uid = 0;
	*pending = -1;
	nchld = 0;
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    set_info_action(SIGCHLD, on_chld, 0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		(void)fc_unprivileged();
		*uid = getuid();
		if (fc_write_all(sub.fd, uid, sizeof(*uid)) == -1)
			fc_exit(1);
		while (killed)
			pause();
		fc_exit(3);
	}
	*pid = sub.pid;
	if (fc_read_all(sub.fd, uid, sizeof(*uid)) != sizeof(*uid))
		return fc_brokenx("the child did not report its uid");
	if (killed && kill(sub.pid, SIGTERM) == -1)
		return fc_broken("kill");
	if (zombie(sub.pid) == -1)
		return fc_broken("waitid WNOWAIT");
	*pending = is_pending(SIGCHLD);
	if (drain_chld() == -1)
		return fc_broken("sigprocmask");
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	return FC_PASS;
}

/* The checks of sig.sigchld-exit-info and its /killed part. */
static enum fc_verdict
sigchld_info(int killed)
{
	enum fc_verdict	v;
	pid_t		pid;
	uid_t		uid;
	int		pending, code, status;
	char		got[160];

	if ((v = sigchld_run(killed, &pid, &uid, &pending)) != FC_PASS)
		return v;
	if (pending != 1 || nchld == 0)
		return fc_fail("no SIGCHLD pending after the child %s",
		    killed ? "was killed" : "exited");
	code = killed ? CLD_KILLED : CLD_EXITED;
	status = killed ? SIGTERM : 3;
	if (!info_is(&chld[0], code, pid, (long)uid, status))
		return fc_fail("SIGCHLD siginfo has %s; want si_code %s, "
		    "si_pid %ld, si_uid %ld, si_status %d",
		    info_str(&chld[0], got, sizeof(got)), cld_name(code),
		    (long)pid, (long)uid, status);
	return FC_PASS;
}

/*
 * A child's _exit(3) sends its parent SIGCHLD (pending once the child is
 * a zombie) whose siginfo holds CLD_EXITED, the child's pid, its real
 * uid (an unprivileged one when run as root) and status 3.  A platform
 * that sends no SIGCHLD or fills a field wrongly fails.
 */
static enum fc_verdict
sigchld_exit_info(const struct fc_case *c FC_UNUSED)
{
	return sigchld_info(0);
}

/*
 * The same for a child killed by SIGTERM: CLD_KILLED and si_status
 * SIGTERM.  A platform that reports CLD_EXITED, or the wait status word,
 * fails.
 */
static enum fc_verdict
sigchld_killed_info(const struct fc_case *c FC_UNUSED)
{
	return sigchld_info(1);
}

/*
 * Two children terminate while SIGCHLD is blocked: once both are zombies
 * SIGCHLD is pending (at least one; standard signals need not queue),
 * and a waitpid(-1, WNOHANG) loop reaps both.  A platform that sends no
 * SIGCHLD fails; the number of deliveries is recorded.
 */
static enum fc_verdict
sigchld_coalesce(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid[2], r;
	int	i, n, got, status, pending;

	nchld = 0;
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    set_info_action(SIGCHLD, on_chld, 0) == -1)
		return fc_broken("sigaction SIGCHLD");
	for (i = 0; i < 2; i++) {
		if ((pid[i] = fc_fork()) == -1)
			return fc_broken("fork");
		if (pid[i] == 0)
			fc_exit(0);
	}
	for (i = 0; i < 2; i++)
		if (zombie(pid[i]) == -1)
			return fc_broken("waitid WNOWAIT");
	pending = is_pending(SIGCHLD);
	if ((n = drain_chld()) == -1)
		return fc_broken("sigprocmask");
	for (got = 0; (r = fc_waitpid(-1, &status, WNOHANG)) > 0; )
		if (r == pid[0] || r == pid[1])
			got++;
	if (pending != 1 || n < 1)
		return fc_fail("two children terminated and no SIGCHLD is "
		    "pending, want at least one");
	fc_note("2 terminations, %d SIGCHLD deliver%s", n,
	    n == 1 ? "y (coalesced)" : "ies");
	if (got != 2)
		return fc_fail("waitpid(-1, WNOHANG) reaped %d of the 2 "
		    "terminated children", got);
	return FC_PASS;
}

/*
 * A child that stops (raise(SIGSTOP)) while the parent's SIGCHLD action
 * lacks SA_NOCLDSTOP sends the parent SIGCHLD with CLD_STOPPED, its pid
 * and si_status SIGSTOP.  The parent waits for it in sigsuspend(): a
 * platform that sends a wrong siginfo fails, one that sends none hangs
 * until the timeout.
 */
static enum fc_verdict
sigchld_stopped(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid;
	int	status;
	char	got[160], st[64];

	nchld = 0;
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    set_info_action(SIGCHLD, on_chld, 0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		raise(SIGSTOP);
		fc_exit(0);
	}
	if (fc_waitpid(pid, &status, WUNTRACED) == -1)
		return fc_broken("waitpid");
	if (!WIFSTOPPED(status)) {
		fc_waitpid(pid, &status, 0);
		return fc_brokenx("the child did not stop: %s",
		    fc_status(status, st, sizeof(st)));
	}
	if (wait_chld(1) == -1)
		return fc_broken("sigprocmask");
	kill(pid, SIGKILL);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!info_is(&chld[0], CLD_STOPPED, pid, -1, SIGSTOP))
		return fc_fail("SIGCHLD for the stop has %s; want si_code "
		    "CLD_STOPPED, si_pid %ld, si_status %d (SIGSTOP)",
		    info_str(&chld[0], got, sizeof(got)), (long)pid, SIGSTOP);
	return FC_PASS;
}

/*
 * Forks a child that stops itself, then (once continued) posts on the
 * sub pipe and waits for EOF on *hold before it exits.  Returns with the
 * child stopped, as waitpid(WUNTRACED) saw it.
 */
static enum fc_verdict
stopped_child(struct fc_sub *sub, int *hold)
{
	int	fds[2], status;
	char	c, st[64];

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(sub) == -1)
		return fc_broken("fork");
	if (sub->pid == 0) {
		close(fds[1]);
		raise(SIGSTOP);
		if (fc_sync_post(sub->fd) == -1)
			fc_exit(1);
		fc_exit(fc_read_all(fds[0], &c, 1) == 0 ? 0 : 1);
	}
	close(fds[0]);
	*hold = fds[1];
	if (fc_waitpid(sub->pid, &status, WUNTRACED) == -1)
		return fc_broken("waitpid");
	if (!WIFSTOPPED(status))
		return fc_brokenx("the child did not stop: %s",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/*
 * [xsi] A stopped child that is continued sends SIGCHLD with
 * CLD_CONTINUED: once the continued child has run (it posts on a pipe),
 * SIGCHLD is pending with CLD_CONTINUED, the child's pid and si_status
 * SIGCONT.  A platform that sends none, or a wrong siginfo, fails.
 */
static enum fc_verdict
sigchld_continued(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct fc_sub	sub;
	pid_t		pid;
	int		hold, pending, status;
	char		got[160];

	nchld = 0;
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    set_info_action(SIGCHLD, on_chld, 0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((v = stopped_child(&sub, &hold)) != FC_PASS)
		return v;
	pid = sub.pid;
	/* The stop's SIGCHLD (sig.sigchld-stop-events) is consumed first. */
	if (wait_chld(1) == -1)
		return fc_broken("sigprocmask");
	if (kill(pid, SIGCONT) == -1)
		return fc_broken("kill SIGCONT");
	if (fc_sync_wait(sub.fd) == -1)
		return fc_brokenx("the continued child did not post");
	pending = is_pending(SIGCHLD);
	if (drain_chld() == -1)
		return fc_broken("sigprocmask");
	close(hold);
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (pending != 1 || nchld < 2)
		return fc_fail("no SIGCHLD pending after the stopped child "
		    "was continued and ran");
	if (!info_is(&chld[1], CLD_CONTINUED, pid, -1, SIGCONT))
		return fc_fail("SIGCHLD for the continue has %s; want si_code "
		    "CLD_CONTINUED, si_pid %ld, si_status %d (SIGCONT)",
		    info_str(&chld[1], got, sizeof(got)), (long)pid, SIGCONT);
	return FC_PASS;
}

/*
 * With SA_NOCLDSTOP, a child's stop and continue send no SIGCHLD (none is
 * pending once the continued child has run), but its termination still
 * does (pending at the zombie barrier).  A platform that ignores the
 * flag, or applies it to termination, fails.
 */
static enum fc_verdict
sigchld_nocldstop(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct fc_sub	sub;
	pid_t		pid;
	int		hold, pending, status;
	char		got[160];

	nchld = 0;
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    set_info_action(SIGCHLD, on_chld, SA_NOCLDSTOP) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((v = stopped_child(&sub, &hold)) != FC_PASS)
		return v;
	pid = sub.pid;
	if (kill(pid, SIGCONT) == -1)
		return fc_broken("kill SIGCONT");
	if (fc_sync_wait(sub.fd) == -1)
		return fc_brokenx("the continued child did not post");
	pending = is_pending(SIGCHLD);
	if (drain_chld() == -1)
		return fc_broken("sigprocmask");
	close(hold);
	if (zombie(pid) == -1)
		return fc_broken("waitid WNOWAIT");
	if (pending != 0) {
		(void)fc_sub_wait(&sub, &status);
		return fc_fail("with SA_NOCLDSTOP the child's stop or "
		    "continue sent SIGCHLD (%s)", info_str(&chld[0], got,
		    sizeof(got)));
	}
	pending = is_pending(SIGCHLD);
	if (drain_chld() == -1)
		return fc_broken("sigprocmask");
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (pending != 1 || nchld == 0)
		return fc_fail("with SA_NOCLDSTOP the child's exit sent no "
		    "SIGCHLD");
	if (!info_is(&chld[0], CLD_EXITED, pid, -1, 0))
		return fc_fail("SIGCHLD for the exit has %s; want si_code "
		    "CLD_EXITED, si_pid %ld, si_status 0",
		    info_str(&chld[0], got, sizeof(got)), (long)pid);
	return FC_PASS;
}

/* What sig.ign-autoreap and sig.nocldwait saw. */
struct autoreap {
	pid_t	pid;
	pid_t	waited;		/* waitpid(pid)'s return */
	int	error;		/* and its errno */
	int	status;
	int	alive;		/* it had not terminated afterwards */
	int	pending;	/* SIGCHLD pending afterwards */
	long	child_us;	/* CPU time the child reported */
	long	delta_us;	/* growth of RUSAGE_CHILDREN */
};

static long
rusage_us(int who)
{
	struct rusage	ru;

	if (getrusage(who, &ru) == -1)
		return -1;
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000L +
	    ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

/*
 * Sets SIGCHLD's action from sa (SIGCHLD blocked), forks a child that
 * waits for EOF and exits (burning measurable CPU first when spin is
 * set), releases it and calls waitpid() for it.
 */
static enum fc_verdict
autoreap_run(const struct sigaction *sa, int spin, struct autoreap *ar)
{
	struct fc_sub	sub;
	long		before, us;
	int		hold[2], i;
	char		c;

	memset(ar, 0, sizeof(*ar));
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    sigaction(SIGCHLD, sa, NULL) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((before = rusage_us(RUSAGE_CHILDREN)) == -1)
		return fc_broken("getrusage");
	if (fc_pipe(hold) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		close(hold[1]);
		us = 0;
		for (i = 0; spin && i < RUSAGE_MAX_MS && us == 0; i++)
			if (fc_spin(CLOCK_PROCESS_CPUTIME_ID, 1) == -1 ||
			    (us = rusage_us(RUSAGE_SELF)) == -1)
				fc_exit(1);
		if (fc_write_all(sub.fd, &us, sizeof(us)) == -1)
			fc_exit(1);
		fc_exit(fc_read_all(hold[0], &c, 1) == 0 ? 0 : 1);
	}
	close(hold[0]);
	ar->pid = sub.pid;
	if (fc_read_all(sub.fd, &ar->child_us, sizeof(ar->child_us)) !=
	    sizeof(ar->child_us))
		return fc_brokenx("the child did not report");
	/* The child is alive until it reads EOF, likely inside waitpid(). */
	close(hold[1]);
	ar->waited = fc_waitpid(sub.pid, &ar->status, 0);
	ar->error = errno;
	/* Terminated, it has closed its end of the sub pipe: EOF. */
	if (fcntl(sub.fd, F_SETFL, O_NONBLOCK) == -1)
		return fc_broken("fcntl");
	ar->alive = read(sub.fd, &c, 1) != 0;
	fc_close(&sub.fd);
	ar->pending = is_pending(SIGCHLD);
	ar->delta_us = rusage_us(RUSAGE_CHILDREN) - before;
	return FC_PASS;
}

/* The verdict on waitpid() for a child the parent must not see. */
static enum fc_verdict
autoreap_verdict(const struct autoreap *ar, const char *how)
{
	char	st[64];

	if (ar->waited == ar->pid)
		return fc_fail("with %s waitpid() reaped the child (%s), want "
		    "-1/ECHILD: it became a zombie", how,
		    fc_status(ar->status, st, sizeof(st)));
	if (ar->waited != -1 || ar->error != ECHILD)
		return fc_fail("with %s waitpid() returned %ld (%s), want "
		    "-1/ECHILD", how, (long)ar->waited, strerror(ar->error));
	if (ar->alive)
		return fc_fail("with %s waitpid() failed with ECHILD while "
		    "the child still existed; it must block until the child "
		    "is gone", how);
	return FC_PASS;
}

/*
 * With SIGCHLD set to SIG_IGN a terminated child does not become a
 * zombie: waitpid() for it blocks until it is gone, then fails with
 * ECHILD.  A platform that keeps the zombie, or returns ECHILD while the
 * child still exists, fails.
 */
static enum fc_verdict
ign_autoreap(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict		v;
	struct sigaction	sa;
	struct autoreap		ar;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	if ((v = autoreap_run(&sa, 0, &ar)) != FC_PASS)
		return v;
	return autoreap_verdict(&ar, "SIGCHLD ignored");
}

/*
 * With SIGCHLD set to SIG_IGN, the CPU time of a child that was never
 * waited for is not added to RUSAGE_CHILDREN.  The child burns CPU until
 * its own RUSAGE_SELF shows it (about a millisecond).  A platform that
 * counts it fails.
 */
static enum fc_verdict
ign_autoreap_rusage(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict		v;
	struct sigaction	sa;
	struct autoreap		ar;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	if ((v = autoreap_run(&sa, 1, &ar)) != FC_PASS)
		return v;
	if (ar.child_us <= 0)
		return fc_skip("the child's CPU time stayed 0 after %d ms of "
		    "CPU: too coarse to measure", RUSAGE_MAX_MS);
	if (ar.waited != -1)
		return autoreap_verdict(&ar, "SIGCHLD ignored");
	if (ar.delta_us != 0)
		return fc_fail("RUSAGE_CHILDREN grew by %ld us after an "
		    "ignored child that used %ld us; want no change",
		    ar.delta_us, ar.child_us);
	return FC_PASS;
}

static void
nocldwait_action(struct sigaction *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->sa_sigaction = on_chld;
	sigemptyset(&sa->sa_mask);
	sa->sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
}

/*
 * SA_NOCLDWAIT on a SIGCHLD handler also keeps terminated children from
 * becoming zombies: waitpid() blocks until the child is gone, then fails
 * with ECHILD.  A platform that ignores the flag fails.
 */
static enum fc_verdict
nocldwait(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict		v;
	struct sigaction	sa;
	struct autoreap		ar;

	nocldwait_action(&sa);
	if ((v = autoreap_run(&sa, 0, &ar)) != FC_PASS)
		return v;
	return autoreap_verdict(&ar, "SA_NOCLDWAIT");
}

/*
 * [probe] Whether a child's termination still sends SIGCHLD under
 * SA_NOCLDWAIT (implementation-defined; Linux does): SIGCHLD, blocked, is
 * looked at once waitpid() has failed with ECHILD.
 */
static enum fc_verdict
nocldwait_sigchld(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict		v;
	struct sigaction	sa;
	struct autoreap		ar;

	nocldwait_action(&sa);
	if ((v = autoreap_run(&sa, 0, &ar)) != FC_PASS)
		return v;
	if (ar.waited != -1)
		return autoreap_verdict(&ar, "SA_NOCLDWAIT");
	fc_note("under SA_NOCLDWAIT a child's termination %s SIGCHLD",
	    ar.pending == 1 ? "sends" : "does not send");
	return FC_PASS;
}

/*
 * SIG_DFL for SIGCHLD (set after SIG_IGN) keeps terminated children as
 * zombies: waitid(WEXITED | WNOWAIT) sees the child with its status, and
 * waitpid() then reaps it with exit status 5.  A platform that reaps
 * automatically (ECHILD), or keeps the earlier SIG_IGN behaviour, fails.
 */
static enum fc_verdict
dfl_keeps_zombie(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	pid_t		pid;
	int		r, status;
	char		got[160], st[64];

	if (set_action(SIGCHLD, SIG_IGN, 0) == -1 ||
	    set_action(SIGCHLD, SIG_DFL, 0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(5);
	memset(&si, 0, sizeof(si));
	do
		r = waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
	while (r == -1 && errno == EINTR);
	if (r == -1 && errno == ECHILD)
		return fc_fail("waitid(WEXITED | WNOWAIT) fails with ECHILD: "
		    "the child was reaped under SIG_DFL");
	if (r == -1)
		return fc_broken("waitid");
	if (!info_is(&si, CLD_EXITED, pid, -1, 5))
		return fc_fail("waitid(WNOWAIT) found %s; want CLD_EXITED, "
		    "si_pid %ld, si_status 5", info_str(&si, got, sizeof(got)),
		    (long)pid);
	if (fc_waitpid(pid, &status, WNOHANG) != pid)
		return fc_fail("waitpid(WNOHANG) did not reap the zombie: %s",
		    strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 5)
		return fc_fail("the zombie's status is %s, want exited 5",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/* The exec'd helper's report: IGN_BASE plus a bit per ignored signal. */
enum {
	IGN_BASE = 32,
	IGN_USR2 = 1,
	IGN_HUP = 2,
	IGN_INT = 4,
	IGN_CHLD = 8,
	IGN_SYNC = 125,		/* the child's handshake failed */
	IGN_EXEC = 126		/* fc_exec_helper() failed */
};

static int
ign_helper(int argc, char **argv)
{
	static const int	sig[] = { SIGUSR2, SIGHUP, SIGINT, SIGCHLD };
	struct sigaction	sa;
	size_t			i;
	int			code = IGN_BASE;

	(void)argc;
	(void)argv;
	for (i = 0; i < sizeof(sig) / sizeof(sig[0]); i++) {
		if (sigaction(sig[i], NULL, &sa) == -1)
			return 127;
		if (sa.sa_handler == SIG_IGN)
			code |= 1 << i;
	}
	return code;
}

/*
 * The parent ignores SIGUSR2, SIGHUP, SIGINT and SIGCHLD and forks a
 * child that inherits that and execs the helper, which reports through
 * its exit status which are still ignored.  The parent restores SIGCHLD
 * before letting the child exec, so that it can wait for the status.
 */
static enum fc_verdict
ign_exec_run(int *bits)
{
	pid_t	pid;
	int	go[2], status;
	char	st[64];

	if (set_action(SIGUSR2, SIG_IGN, 0) == -1 ||
	    set_action(SIGHUP, SIG_IGN, 0) == -1 ||
	    set_action(SIGINT, SIG_IGN, 0) == -1 ||
	    set_action(SIGCHLD, SIG_IGN, 0) == -1)
		return fc_broken("sigaction");
	if (fc_pipe(go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(go[1]);
		if (fc_sync_wait(go[0]) == -1)
			fc_exit(IGN_SYNC);
		(void)fc_exec_helper(NULL);
		fc_exit(IGN_EXEC);
	}
	close(go[0]);
	if (set_action(SIGCHLD, SIG_DFL, 0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if (fc_sync_post(go[1]) == -1)
		return fc_broken("write");
	close(go[1]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == IGN_EXEC &&
	    fc_emulator() != NULL)
		return fc_skip("cannot exec the helper under %s",
		    fc_emulator());
	if (WIFEXITED(status) && WEXITSTATUS(status) == IGN_EXEC)
		return fc_brokenx("fc_exec_helper() failed");
	if (!WIFEXITED(status) || WEXITSTATUS(status) < IGN_BASE ||
	    WEXITSTATUS(status) > (IGN_BASE | 15))
		return fc_brokenx("the helper %s", fc_status(status, st,
		    sizeof(st)));
	*bits = WEXITSTATUS(status) - IGN_BASE;
	return FC_PASS;
}

/*
 * Signals ignored in the parent stay ignored in a forked child that
 * execs a new image: SIGUSR2, SIGHUP and SIGINT are SIG_IGN in the
 * helper.  A platform that resets them at fork or at exec fails.
 */
static enum fc_verdict
ign_across_exec(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	int		bits;

	if ((v = ign_exec_run(&bits)) != FC_PASS)
		return v;
	if ((bits & (IGN_USR2 | IGN_HUP | IGN_INT)) !=
	    (IGN_USR2 | IGN_HUP | IGN_INT))
		return fc_fail("after fork and exec these are no longer "
		    "ignored:%s%s%s", bits & IGN_USR2 ? "" : " SIGUSR2",
		    bits & IGN_HUP ? "" : " SIGHUP",
		    bits & IGN_INT ? "" : " SIGINT");
	return FC_PASS;
}

/*
 * [probe] Whether an ignored SIGCHLD stays ignored across exec in the
 * forked child (unspecified: Linux keeps SIG_IGN, OpenBSD resets it).
 */
static enum fc_verdict
ign_across_exec_sigchld(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	int		bits;

	if ((v = ign_exec_run(&bits)) != FC_PASS)
		return v;
	fc_note("an ignored SIGCHLD is %s in the exec'd image",
	    bits & IGN_CHLD ? "still SIG_IGN" : "reset to SIG_DFL");
	return FC_PASS;
}

/* What the orphaned grandchild saw. */
struct orphan {
	int	setup;		/* errno of a failed setup step, or 0 */
	int	hup;		/* SIGHUP handler runs */
	int	cont;		/* SIGCONT handler runs */
	long	cont_pid;	/* si_pid of the first SIGCONT */
};

static volatile sig_atomic_t	orph_hup, orph_cont;
static volatile long		orph_cont_pid;

static void
on_orph_hup(int sig)
{
	(void)sig;
	orph_hup++;
}

static void
on_orph_cont(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (orph_cont++ == 0)
		orph_cont_pid = (long)si->si_pid;
}

/* G: its own group, handlers, stop; report once continued; wait for EOF. */
static void
orphan_g(int rep, int rel)
{
	struct orphan	o;
	char		c;

	memset(&o, 0, sizeof(o));
	orph_hup = orph_cont = 0;
	if (setpgid(0, 0) == -1 ||
	    set_action(SIGHUP, on_orph_hup, 0) == -1 ||
	    set_info_action(SIGCONT, on_orph_cont, 0) == -1)
		o.setup = errno;
	else
		raise(SIGSTOP);
	o.hup = orph_hup;
	o.cont = orph_cont;
	o.cont_pid = orph_cont_pid;
	if (fc_write_all(rep, &o, sizeof(o)) == -1)
		fc_exit(1);
	fc_exit(fc_read_all(rel, &c, 1) == 0 ? 0 : 1);
}

/* What S tells the case: G's pid once it is stopped, or why not. */
struct orphan_s {
	pid_t	g;		/* -1 on failure */
	int	error;		/* errno of the failed step */
	int	step;		/* 1 setsid, 2 fork, 3 waitpid, 4 no stop */
};

/* S: a new session; forks G, waits for it to stop, tells A its pid. */
static void
orphan_s(int fd, int rep, int rel)
{
	struct orphan_s	r = { -1, 0, 0 };
	pid_t		g;
	int		status;

	if (setsid() == -1)
		r.step = 1;
	else if ((g = fc_fork()) == -1)
		r.step = 2;
	else if (g == 0) {
		close(fd);
		orphan_g(rep, rel);
	} else if (fc_waitpid(g, &status, WUNTRACED) == -1) {
		r.step = 3;
		r.error = errno;
		kill(g, SIGKILL);
		(void)fc_waitpid(g, &status, 0);
	} else if (!WIFSTOPPED(status))
		r.step = 4;
	else
		r.g = g;
	if (r.step != 0 && r.error == 0)
		r.error = errno;
	fc_exit(fc_write_all(fd, &r, sizeof(r)) == 0 ? 0 : 1);
}

/*
 * When a process exits and so orphans a process group that has a stopped
 * member, every member gets SIGHUP and then SIGCONT.  S makes a new
 * session (the worker, a subreaper in ours, must not be in it) and forks
 * G, which makes its own group and stops; S exits, G's group is orphaned.
 * Once S is reaped the case sends G a SIGCONT of its own, so that a
 * platform that sends none fails rather than hangs: G's first SIGCONT
 * must come from the kernel, not from the case, and its SIGHUP handler
 * must have run.
 */
static enum fc_verdict
orphaned_pgrp(const struct fc_case *c FC_UNUSED)
{
	static const char *const step[] = { "", "setsid", "fork",
	    "waitpid WUNTRACED", "the grandchild did not stop" };
	struct fc_sub	sub;
	struct orphan_s	s;
	struct orphan	o;
	ssize_t		n;
	int		rep[2], rel[2], status;
	char		ch;

	if (fc_pipe(rep) == -1 || fc_pipe(rel) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		close(rep[0]);
		close(rel[1]);
		orphan_s(sub.fd, rep[1], rel[0]);
	}
	close(rep[1]);
	close(rel[0]);
	n = fc_read_all(sub.fd, &s, sizeof(s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(s))
		return fc_brokenx("the new session's leader did not report");
	if (s.g == -1) {
		errno = s.error;
		return fc_broken("in the new session: %s",
		    s.step >= 1 && s.step <= 4 ? step[s.step] : "?");
	}
	/* S is reaped: the orphaning signals have been sent. */
	(void)kill(s.g, SIGCONT);
	n = fc_read_all(rep[0], &o, sizeof(o));
	close(rel[1]);
	while (fc_read_all(rep[0], &ch, 1) == 1)
		continue;
	close(rep[0]);
	if (n != (ssize_t)sizeof(o))
		return fc_brokenx("the grandchild did not report");
	if (o.setup != 0) {
		errno = o.setup;
		return fc_broken("in the grandchild: setpgid or sigaction");
	}
	if (o.cont == 0 || o.cont_pid == (long)getpid()) {
		if (o.hup == 0)
			return fc_fail("the orphaned stopped group got "
			    "neither SIGHUP nor SIGCONT: it stayed stopped "
			    "until the case continued it");
		return fc_fail("the orphaned stopped group got SIGHUP but no "
		    "SIGCONT: it stayed stopped until the case continued it");
	}
	if (o.hup == 0)
		return fc_fail("the orphaned stopped group got SIGCONT (from "
		    "pid %ld) but no SIGHUP", o.cont_pid);
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
	  .tier = FC_QOI,
	  .spec = "L: sigaltstack(2): an SA_ONSTACK handler in the child runs "
	  "on the inherited alternate stack" },
	{ .id = "sig.fp-state", .run = fp_state, .tier = FC_CORE,
	  .spec = "XSH fork; C fenv: the FP environment is inherited and "
	  "survives a signal handler in the child" },
	{ .id = "sig.fp-state/handler", .run = fp_state_handler,
	  .tier = FC_PROBE,
	  .spec = "C 7.14.1.1: the rounding mode a signal handler starts "
	  "with, in parent and child" },
	{ .id = "sig.sigchld-exit-info", .run = sigchld_exit_info,
	  .tier = FC_CORE,
	  .spec = "XSH _exit, signal.h: SIGCHLD siginfo for an exit: "
	  "CLD_EXITED, si_pid, si_uid, si_status" },
	{ .id = "sig.sigchld-exit-info/killed", .run = sigchld_killed_info,
	  .tier = FC_CORE,
	  .spec = "XSH _exit, signal.h: SIGCHLD siginfo for a kill: "
	  "CLD_KILLED, si_pid, si_uid, si_status" },
	{ .id = "sig.sigchld-coalesce", .run = sigchld_coalesce,
	  .tier = FC_CORE,
	  .spec = "XSH 2.4.1: SIGCHLD need not queue; at least one is "
	  "pending, waitpid(WNOHANG) reaps every child" },
	{ .id = "sig.sigchld-stop-events", .run = sigchld_stopped,
	  .tier = FC_CORE,
	  .spec = "XSH sigaction: without SA_NOCLDSTOP a child's stop sends "
	  "SIGCHLD (CLD_STOPPED)" },
	{ .id = "sig.sigchld-stop-events/continued", .run = sigchld_continued,
	  .tier = FC_XSI,
	  .spec = "XSH sigaction, signal.h: without SA_NOCLDSTOP a child's "
	  "continue sends SIGCHLD (CLD_CONTINUED)" },
	{ .id = "sig.sigchld-stop-events/nocldstop", .run = sigchld_nocldstop,
	  .tier = FC_CORE,
	  .spec = "XSH sigaction SA_NOCLDSTOP: no SIGCHLD for stop or "
	  "continue, still one for exit" },
	{ .id = "sig.ign-autoreap", .run = ign_autoreap, .tier = FC_CORE,
	  .spec = "XSH wait: with SIGCHLD ignored, wait blocks until the "
	  "children are gone, then ECHILD" },
	{ .id = "sig.ign-autoreap/rusage", .run = ign_autoreap_rusage,
	  .tier = FC_CORE,
	  .spec = "XSH _exit: with SIGCHLD ignored, a child's usage is not "
	  "added to RUSAGE_CHILDREN" },
	{ .id = "sig.nocldwait", .run = nocldwait, .tier = FC_CORE,
	  .spec = "XSH sigaction SA_NOCLDWAIT: no zombies; wait blocks, "
	  "then ECHILD" },
	{ .id = "sig.nocldwait/sigchld", .run = nocldwait_sigchld,
	  .tier = FC_PROBE,
	  .spec = "XSH _exit: whether SIGCHLD is sent under SA_NOCLDWAIT "
	  "(implementation-defined)" },
	{ .id = "sig.dfl-keeps-zombie", .run = dfl_keeps_zombie,
	  .tier = FC_CORE,
	  .spec = "XSH signal.h, wait: SIGCHLD at SIG_DFL keeps the child a "
	  "zombie until waited for" },
	{ .id = "sig.ign-across-exec", .run = ign_across_exec,
	  .helper = ign_helper, .tier = FC_CORE,
	  .spec = "XSH exec: signals ignored in the forked child stay "
	  "ignored in the new image" },
	{ .id = "sig.ign-across-exec/sigchld", .run = ign_across_exec_sigchld,
	  .helper = ign_helper, .tier = FC_PROBE,
	  .spec = "XSH exec: whether an ignored SIGCHLD stays ignored "
	  "(unspecified)" },
	{ .id = "sig.orphaned-pgrp", .run = orphaned_pgrp, .tier = FC_CORE,
	  .spec = "XSH _exit: a newly orphaned group with a stopped member "
	  "gets SIGHUP, then SIGCONT" },
	{ .id = NULL }
};
