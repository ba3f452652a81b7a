/*
 * sig-chld.c: floating-point state in handlers, and SIGCHLD: what it
 * carries and when it comes (XSH fork, sigaction; XBD <signal.h>).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
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

/* sig.fp-state: needs the C library's fenv functions (dietlibc has none). */
#if defined(HAVE_FESETROUND) && defined(HAVE_FEGETROUND)
#include <fenv.h>
#define FP_STATE_ROW		.run = fp_state
#define FP_HANDLER_ROW		.run = fp_state_handler

static volatile double		fp_num = 1.0, fp_den = 3.0, fp_junk, fp_near;
static volatile sig_atomic_t	fp_hit;		/* on_fp runs */
static volatile int		fp_round;	/* the mode on_fp found */

/*
 * 1/3 in the current rounding mode, as a double: stored through a
 * volatile, so that an x87 FPU (i386, FLT_EVAL_METHOD 2) cannot hand back
 * its 80-bit quotient to be compared with a 64-bit one.
 */
static double
quotient(void)
{
	volatile double	q = fp_num / fp_den;

	return q;
}

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
	if (quotient() != want)
		return FP_VALUE;
	if (fc_sync_post(ready) == -1)
		return FP_SYNC;
	/* Live FP registers when the parent's SIGUSR1 interrupts us. */
	while (fp_hit == 0) {
		q = quotient();
		if (q != want)
			bad = 1;
		x += 1.0;
		n++;
	}
	if (x != (double)n || bad)
		return FP_REGS;
	if (fegetround() != FE_UPWARD)
		return FP_ROUND_AFTER;
	if (quotient() != want)
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
	struct fc_gate	ready;
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
	int		status, code;

	/* A volatile store: the division cannot move past fesetround(). */
	fp_near = fp_num / fp_den;
	if (fesetround(FE_UPWARD) != 0 || fegetround() != FE_UPWARD)
		return fc_skip("fesetround(FE_UPWARD) is not supported");
	want = quotient();
	if (want == fp_near)
		return fc_brokenx("1/3 rounds the same upward and to nearest");
	if (set_action(SIGUSR1, on_fp, 0) == -1)
		return fc_broken("sigaction");
	fp_hit = 0;
	if (fc_gate_init(&ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_opener(&ready);
		fc_exit(fp_child(ready.wr, want));
	}
	fc_gate_waiter(&ready);
	if (fc_gate_wait(&ready) == 0 && kill(pid, SIGUSR1) == -1)
		return fc_broken("kill");
	fc_gate_close(&ready);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if ((v = usr1_child(status, FP_SYNC - 1)) != FC_PASS)
		return v;
	code = WEXITSTATUS(status);
	if (code != 0)
		return fc_fail("in the child, %s", why[code]);
	if (fegetround() != FE_UPWARD || quotient() != want)
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
 * differs from its parent is reported.  Probe: recorded, never failed.
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
#else
#define FP_STATE_ROW		.absent = "no fesetround() in this C library"
#define FP_HANDLER_ROW		.absent = "no fesetround() in this C library"
#endif

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
	if (catch_chld(0) == -1)
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
sigchld_info(const struct fc_case *c)
{
	const int	killed = *(const int *)c->arg;
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
static const int	sigchld_exit_info = 0;
/*
 * The same for a child killed by SIGTERM: CLD_KILLED and si_status
 * SIGTERM.  A platform that reports CLD_EXITED, or the wait status word,
 * fails.
 */
static const int	sigchld_killed_info = 1;

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

	if (catch_chld(0) == -1)
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

/* Waits for the child's stop with waitpid(WUNTRACED). */
static enum fc_verdict
stopped_again(pid_t pid)
{
	int	status;
	char	st[64];

	if (fc_waitpid(pid, &status, WUNTRACED) == -1)
		return fc_broken("waitpid");
	if (!WIFSTOPPED(status))
		return fc_brokenx("the child did not stop: %s",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/*
 * Forks a child that stops itself and, each time it is continued, posts
 * on the sub pipe and reads *hold: a byte makes it stop again, end of
 * file makes it exit.  Returns with the child stopped, as
 * waitpid(WUNTRACED) saw it.
 */
static enum fc_verdict
stopped_child(struct fc_sub *sub, int *hold)
{
	int	fds[2];
	char	c;

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(sub) == -1)
		return fc_broken("fork");
	if (sub->pid == 0) {
		close(fds[1]);
		do {
			raise(SIGSTOP);
			if (fc_sync_post(sub->fd) == -1)
				fc_exit(1);
		} while (fc_read_all(fds[0], &c, 1) == 1);
		fc_exit(0);
	}
	close(fds[0]);
	*hold = fds[1];
	return stopped_again(sub->pid);
}

/*
 * Continues the stopped child and waits until it has run (it posts).
 * Its stop's SIGCHLD was sent before it stopped for good: from here on
 * it is pending (the barrier for a SIGCHLD that waitpid() overtook).
 */
static enum fc_verdict
continued_child(struct fc_sub *sub)
{
	if (kill(sub->pid, SIGCONT) == -1)
		return fc_broken("kill SIGCONT");
	if (fc_sync_wait(sub->fd) == -1)
		return fc_brokenx("the continued child did not post");
	return FC_PASS;
}

/* Kills and reaps the child of stopped_child(), stopped or not. */
static void
stopped_end(struct fc_sub *sub, int *hold)
{
	int	status;

	fc_close(hold);
	(void)kill(sub->pid, SIGKILL);
	(void)fc_sub_wait(sub, &status);
}

/*
 * A child that stops (raise(SIGSTOP)) while the parent's SIGCHLD action
 * lacks SA_NOCLDSTOP sends the parent SIGCHLD with CLD_STOPPED, its pid
 * and si_status SIGSTOP.  Once waitpid(WUNTRACED) has reported the stop,
 * the SIGCHLD is pending (blocked); should waitpid overtake it, the
 * child is continued and, once it has run, the stop's SIGCHLD must be
 * pending in any case.  A platform that sends none, or a wrong siginfo,
 * fails; nothing here waits for a signal that may never come.
 */
static enum fc_verdict
sigchld_stopped(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct fc_sub	sub;
	pid_t		pid;
	int		hold, n, late = 0;
	char		got[160];

	if (catch_chld(0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((v = stopped_child(&sub, &hold)) != FC_PASS)
		return v;
	pid = sub.pid;
	if ((n = drain_chld()) == 0) {
		late = 1;
		if ((v = continued_child(&sub)) != FC_PASS) {
			stopped_end(&sub, &hold);
			return v;
		}
		n = drain_chld();
	}
	stopped_end(&sub, &hold);
	if (n == -1)
		return fc_broken("sigprocmask");
	if (n == 0)
		return fc_fail("no SIGCHLD pending for the child's stop, once "
		    "waitpid(WUNTRACED) reported it, nor after the child was "
		    "continued and ran");
	if (late)
		fc_note("the stop's SIGCHLD was pending only after waitpid");
	if (!info_is(&chld[0], CLD_STOPPED, pid, -1, SIGSTOP))
		return fc_fail("SIGCHLD for the stop has %s; want si_code "
		    "CLD_STOPPED, si_pid %ld, si_status %d (SIGSTOP)",
		    info_str(&chld[0], got, sizeof(got)), (long)pid, SIGSTOP);
	return FC_PASS;
}

/*
 * [xsi] A stopped child that is continued sends SIGCHLD with
 * CLD_CONTINUED: once the continued child has run (it posts on a pipe),
 * SIGCHLD is pending with CLD_CONTINUED, the child's pid and si_status
 * SIGCONT.  The stop's SIGCHLD is taken first; should it come only
 * after waitpid() (it then stands in for the continue's, which does not
 * queue), the child stops and is continued once more.  A platform that
 * sends none, or a wrong siginfo, fails.
 */
static enum fc_verdict
sigchld_continued(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct fc_sub	sub;
	pid_t		pid;
	int		hold, n, first, round, stop_seen;
	char		got[160];

	if (catch_chld(0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((v = stopped_child(&sub, &hold)) != FC_PASS)
		return v;
	pid = sub.pid;
	for (round = 0, first = 0, n = 0; round < 2; round++) {
		if (round > 0 && (fc_sync_post(hold) == -1 ||
		    (v = stopped_again(pid)) != FC_PASS)) {
			stopped_end(&sub, &hold);
			return v != FC_PASS ? v : fc_broken("write");
		}
		if ((n = drain_chld()) == -1)
			break;
		stop_seen = n > 0;
		if ((v = continued_child(&sub)) != FC_PASS) {
			stopped_end(&sub, &hold);
			return v;
		}
		first = nchld;
		if ((n = drain_chld()) <= 0 || stop_seen || first >= NCHLD ||
		    chld[first].si_code == CLD_CONTINUED)
			break;
	}
	stopped_end(&sub, &hold);
	if (n == -1)
		return fc_broken("sigprocmask");
	if (n == 0)
		return fc_fail("no SIGCHLD pending after the stopped child "
		    "was continued and ran");
	if (first >= NCHLD)
		return fc_brokenx("more SIGCHLDs than the %d kept", NCHLD);
	if (!info_is(&chld[first], CLD_CONTINUED, pid, -1, SIGCONT))
		return fc_fail("SIGCHLD for the continue has %s; want si_code "
		    "CLD_CONTINUED, si_pid %ld, si_status %d (SIGCONT)",
		    info_str(&chld[first], got, sizeof(got)), (long)pid,
		    SIGCONT);
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

	if (catch_chld(SA_NOCLDSTOP) == -1)
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

const struct fc_case fc_sig_chld_cases[] = {
	{ .id = "sig.fp-state", FP_STATE_ROW, .tier = FC_CORE,
	  .spec = "XSH fork; C fenv: the FP environment is inherited and "
	  "survives a signal handler in the child" },
	{ .id = "sig.fp-state/handler", FP_HANDLER_ROW,
	  .tier = FC_PROBE,
	  .spec = "C 7.14.1.1: the rounding mode a signal handler starts "
	  "with, in parent and child" },
	{ .id = "sig.sigchld-exit-info",
	  .run = sigchld_info, .arg = &sigchld_exit_info,
	  .tier = FC_CORE,
	  .spec = "XSH _exit, signal.h: SIGCHLD siginfo for an exit: "
	  "CLD_EXITED, si_pid, si_uid, si_status" },
	{ .id = "sig.sigchld-exit-info/killed",
	  .run = sigchld_info, .arg = &sigchld_killed_info,
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
	{ .id = NULL }
};
