/*
 * sig-os.c: sig cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * The parent-death signal (Linux prctl(2) PR_SET_PDEATHSIG, FreeBSD
 * procctl(2) PROC_PDEATHSIG_CTL) and _Fork() called from a signal
 * handler (XSH _Fork, Issue 8).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#if defined(HAVE_SYS_PRCTL_H)
#include <sys/prctl.h>
#endif
#if defined(HAVE_SYS_PROCCTL_H)
#include <sys/procctl.h>
#endif

#include "cases.h"

/*
 * The parent-death signal of the calling process: pdeath_set() asks for
 * sig (0 to clear), pdeath_get() reads it back.  Both return 0, or -1
 * with errno set (ENOSYS where the platform has no such request).
 */
#if defined(PR_SET_PDEATHSIG) && defined(PR_GET_PDEATHSIG)

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
		fc_exit(fc_write_all(res, &r, sizeof(r)) == 0 ? 0 : 1);
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
	fc_exit(fc_write_all(res, &r, sizeof(r)) == 0 ? 0 : 1);
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
	fc_exit(fc_write_all(fd, &c, sizeof(c)) == 0 ? 0 : 1);
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

#if defined(HAVE__FORK)

static volatile pid_t	hfork_pid;	/* _Fork()'s return in the handler */
static volatile int	hfork_errno;
static pid_t		hfork_parent;
static int		hfork_fd = -1;	/* the child's report pipe */

/* The child sends getpid() and getppid() and leaves, all AS-safe. */
static void
on_usr1_fork(int sig)
{
	pid_t	pid, ids[2];
	int	saved = errno;

	(void)sig;
	if ((pid = _Fork()) == 0) {
		ids[0] = getpid();
		ids[1] = getppid();
		_exit(write(hfork_fd, ids, sizeof(ids)) == sizeof(ids) ?
		    7 : 8);
	}
	hfork_pid = pid;
	hfork_errno = errno;
	errno = saved;
}

/*
 * _Fork() may be called from a signal handler: a SIGUSR1 handler, run
 * synchronously by raise(), calls it; the child reports its getpid() and
 * getppid() through a pipe and _exit(7)s.  The child's pid must be
 * _Fork()'s return, its parent the caller, its status 7.  A platform
 * whose _Fork fails or misbehaves in a handler fails.
 */
static enum fc_verdict
fork_in_handler(const struct fc_case *c FC_UNUSED)
{
	struct sigaction	sa;
	pid_t			ids[2];
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
	if (fc_waitpid(hfork_pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 7 ||
	    n != (ssize_t)sizeof(ids))
		return fc_fail("the child of _Fork() in a handler %s, want "
		    "exited 7 after reporting", fc_status(status, st,
		    sizeof(st)));
	if (ids[0] != hfork_pid)
		return fc_fail("the child's getpid() is %ld, _Fork() returned "
		    "%ld", (long)ids[0], (long)hfork_pid);
	if (ids[1] != hfork_parent)
		return fc_fail("the child's getppid() is %ld, want %ld",
		    (long)ids[1], (long)hfork_parent);
	return FC_PASS;
}

#else

static enum fc_verdict
fork_in_handler(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no _Fork() here");
}

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
	{ .id = "sig.fork-in-handler", .run = fork_in_handler,
	  .tier = FC_CORE,
	  .spec = "XSH _Fork (Issue 8): _Fork() is async-signal-safe and may "
	  "be called from a signal handler" },
	{ .id = NULL }
};
