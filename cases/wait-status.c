/*
 * wait-status.c: exit and termination status (XSH wait, waitpid, waitid;
 * XSH _exit).  The parked children of wait-common.h are defined here.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "wait-common.h"

/* Exit code of a held child that could not enter its own process group. */
#define HOLD_SETPGID	120

void
held_init(struct held *h, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		h[i].pid = -1;
		h[i].fd = -1;
	}
}

enum fc_verdict
held_case(const struct fc_case *c)
{
	const struct held_run	*r = c->arg;
	struct held		 h[HELD_MAX];
	enum fc_verdict		 v;

	held_init(h, r->n);
	v = r->run(h);
	drop(h, r->n);
	return v;
}

/*
 * Forks a held child that exits with code when released.  With newgroup,
 * the child is put in a process group of its own, from both sides.
 */
int
hold(struct held *h, int code, int newgroup)
{
	int	fds[2];

	if (fc_pipe(fds) == -1)
		return -1;
	if ((h->pid = fc_fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (h->pid == 0) {
		close(fds[1]);
		if (newgroup && setpgid(0, 0) == -1)
			fc_exit(HOLD_SETPGID);
		(void)fc_sync_wait(fds[0]);
		fc_exit(code);
	}
	close(fds[0]);
	h->fd = fds[1];
	if (newgroup && setpgid(h->pid, h->pid) == -1)
		return -1;
	return 0;
}

/* Lets a held child go on to exit. */
int
release(struct held *h)
{
	int	r;

	r = fc_sync_post(h->fd);
	fc_close(&h->fd);
	return r;
}

/* Cleanup for every path: kills and reaps a held child not reaped yet. */
void
drop(struct held *h, size_t n)
{
	size_t	i;
	int	status;

	for (i = 0; i < n; i++) {
		fc_close(&h[i].fd);
		if (h[i].pid > 0) {
			kill(h[i].pid, SIGKILL);
			(void)fc_waitpid(h[i].pid, &status, 0);
			h[i].pid = -1;
		}
	}
}

/*
 * The zombie barrier: returns once child pid has terminated, leaving it
 * unreaped (waitid with WEXITED | WNOWAIT).
 */
enum fc_verdict
await_zombie(pid_t pid)
{
	siginfo_t	si;

	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1)
		return fc_broken("waitid(%ld, WEXITED | WNOWAIT)", (long)pid);
	if (si.si_pid != pid)
		return fc_brokenx("waitid(%ld, WEXITED | WNOWAIT) reported "
		    "pid %ld", (long)pid, (long)si.si_pid);
	return FC_PASS;
}

/* Forks a child that exits with code at once; waits until it is a zombie. */
enum fc_verdict
make_zombie(int code, pid_t *pid)
{
	if ((*pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (*pid == 0)
		fc_exit(code);
	return await_zombie(*pid);
}

/* Reaps pid, which must exit with code; a verdict for anything else. */
enum fc_verdict
reap_exited(pid_t pid, int code)
{
	pid_t	got;
	int	status;
	char	st[64];

	if ((got = fc_waitpid(pid, &status, 0)) == -1)
		return fc_fail("waitpid(%ld): %s, want the child's status",
		    (long)pid, strerror(errno));
	if (got != pid)
		return fc_fail("waitpid(%ld) returned %ld", (long)pid,
		    (long)got);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		return fc_fail("child %ld %s, want exited %d", (long)pid,
		    fc_status(status, st, sizeof(st)), code);
	return FC_PASS;
}

/* Checks a waitid() report of an exit: its pid, code and status. */
enum fc_verdict
check_exited_si(const char *what, const siginfo_t *si, pid_t pid, int code)
{
	if (si->si_pid != pid)
		return fc_fail("%s: si_pid %ld, want %ld", what,
		    (long)si->si_pid, (long)pid);
	if (si->si_signo != SIGCHLD || si->si_code != CLD_EXITED ||
	    si->si_status != code)
		return fc_fail("%s: si_signo %d, si_code %d, si_status %d, "
		    "want SIGCHLD (%d), CLD_EXITED (%d), %d", what,
		    si->si_signo, si->si_code, si->si_status, SIGCHLD,
		    CLD_EXITED, code);
	return FC_PASS;
}

/*
 * A child that does some work and leaves with _exit(n) is reaped by
 * waitpid() under its own pid, with WEXITSTATUS equal to n & 0377 (256
 * reads as 0, -1 as 255).  A platform that loses or mangles the status,
 * or returns another pid, fails.
 */
static enum fc_verdict
exit_low8(const struct fc_case *c FC_UNUSED)
{
	static const int	codes[] = { 0, 1, 42, 123, 255, 256, 257, -1 };
	volatile unsigned int	work;
	size_t			i;
	pid_t			pid, got;
	int			status, want;
	char			st[64];

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		if ((pid = fc_fork()) == -1)
			return fc_broken("fork");
		if (pid == 0) {
			for (work = 0; work < 100000; work++)
				continue;
			_exit(codes[i]);
		}
		if ((got = fc_waitpid(pid, &status, 0)) == -1)
			return fc_fail("waitpid(%ld): %s", (long)pid,
			    strerror(errno));
		want = codes[i] & 0377;
		if (got != pid)
			return fc_fail("waitpid(%ld) returned %ld", (long)pid,
			    (long)got);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != want)
			return fc_fail("_exit(%d): child %s, want exited %d",
			    codes[i], fc_status(status, st, sizeof(st)), want);
	}
	return FC_PASS;
}

/* The deaths of wait.signal-status: raised in the child, or sent to it. */
static const struct {
	int		 sig;
	const char	*name;
	int		 sent;
} deaths[] = {
	{ SIGABRT, "SIGABRT", 0 },
	{ SIGTERM, "SIGTERM", 0 },
	{ SIGUSR1, "SIGUSR1", 0 },
	{ SIGKILL, "SIGKILL", 1 },
};

/* Exit codes of a child that should have died by a signal. */
enum {
	DOOM_RLIMIT = 2,	/* setrlimit(RLIMIT_CORE) failed */
	DOOM_SURVIVED = 3	/* raise() returned */
};

/*
 * Forks a child that dies by deaths[i]: it raises the signal itself with
 * RLIMIT_CORE 0 (so that no core is written), or it is parked and the
 * parent sends it.  Leaves the child's pid in h->pid.
 */
static enum fc_verdict
doom_fork(size_t i, struct held *h)
{
	struct rlimit	rl = { 0, 0 };

	if (deaths[i].sent) {
		if (hold(h, 0, 0) == -1)
			return fc_broken("fork");
		if (kill(h->pid, deaths[i].sig) == -1)
			return fc_broken("kill(%s)", deaths[i].name);
		return FC_PASS;
	}
	if ((h->pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (h->pid == 0) {
		if (setrlimit(RLIMIT_CORE, &rl) == -1)
			fc_exit(DOOM_RLIMIT);
		raise(deaths[i].sig);
		fc_exit(DOOM_SURVIVED);
	}
	return FC_PASS;
}

/*
 * doom_fork() into h, whose pipe is then closed; on failure the child,
 * if any, is dropped.
 */
static enum fc_verdict
doom(size_t i, struct held *h)
{
	enum fc_verdict	v;

	held_init(h, 1);
	v = doom_fork(i, h);
	fc_close(&h->fd);
	if (v != FC_PASS)
		drop(h, 1);
	return v;
}

/* The verdict for a doomed child that exited instead of dying. */
static enum fc_verdict
doom_survived(size_t i, int code)
{
	if (code == DOOM_RLIMIT)
		return fc_brokenx("the child could not set RLIMIT_CORE to 0");
	return fc_fail("raise(%s) returned in the child, which then exited "
	    "%d: want it killed", deaths[i].name, code);
}

/*
 * Children killed by SIGABRT (raised, RLIMIT_CORE 0), SIGTERM, SIGUSR1
 * (raised) and SIGKILL (sent by the parent) are reported by waitpid() as
 * WIFSIGNALED with WTERMSIG the signal, not as exited or stopped.  A
 * platform that encodes the status wrongly, or reports another signal,
 * fails.
 */
static enum fc_verdict
signal_status(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;
	size_t		i;
	pid_t		got;
	int		status;
	char		st[64];

	for (i = 0; i < sizeof(deaths) / sizeof(deaths[0]); i++) {
		if ((v = doom(i, &h)) != FC_PASS)
			return v;
		got = fc_waitpid(h.pid, &status, 0);
		if (got == -1) {
			v = fc_fail("waitpid(%ld): %s", (long)h.pid,
			    strerror(errno));
			drop(&h, 1);
			return v;
		}
		if (got != h.pid)
			return fc_fail("waitpid(%ld) returned %ld",
			    (long)h.pid, (long)got);
		if (WIFEXITED(status) && !deaths[i].sent)
			return doom_survived(i, WEXITSTATUS(status));
		if (!WIFSIGNALED(status) || WTERMSIG(status) != deaths[i].sig)
			return fc_fail("a child killed by %s: %s (status "
			    "%#x), want WIFSIGNALED with WTERMSIG %d",
			    deaths[i].name, fc_status(status, st, sizeof(st)),
			    status, deaths[i].sig);
		if (WIFEXITED(status) || WIFSTOPPED(status))
			return fc_fail("a child killed by %s: status %#x also "
			    "reads as exited or stopped", deaths[i].name,
			    status);
	}
	return FC_PASS;
}

/*
 * The same deaths through waitid(): si_code CLD_KILLED (CLD_DUMPED allowed
 * for SIGABRT) and si_status the signal number.  A platform that reports a
 * killed child without its signal (macOS once did), or as exited, fails.
 */
static enum fc_verdict
signal_status_waitid(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	siginfo_t	si;
	enum fc_verdict	v;
	size_t		i;

	for (i = 0; i < sizeof(deaths) / sizeof(deaths[0]); i++) {
		if ((v = doom(i, &h)) != FC_PASS)
			return v;
		memset(&si, 0, sizeof(si));
		if (fc_waitid(P_PID, (id_t)h.pid, &si, WEXITED) == -1) {
			v = fc_fail("waitid(%ld, WEXITED): %s", (long)h.pid,
			    strerror(errno));
			drop(&h, 1);
			return v;
		}
		if (si.si_pid != h.pid)
			return fc_fail("waitid(%ld) reported pid %ld",
			    (long)h.pid, (long)si.si_pid);
		if (si.si_code == CLD_EXITED && !deaths[i].sent)
			return doom_survived(i, si.si_status);
		if (si.si_code != CLD_KILLED && (si.si_code != CLD_DUMPED ||
		    deaths[i].sig != SIGABRT))
			return fc_fail("a child killed by %s: si_code %d, "
			    "want CLD_KILLED (%d)%s", deaths[i].name,
			    si.si_code, CLD_KILLED, deaths[i].sig == SIGABRT ?
			    " or CLD_DUMPED" : "");
		if (si.si_status != deaths[i].sig || si.si_signo != SIGCHLD)
			return fc_fail("a child killed by %s: si_status %d, "
			    "si_signo %d, want %d and SIGCHLD (%d)",
			    deaths[i].name, si.si_status, si.si_signo,
			    deaths[i].sig, SIGCHLD);
	}
	return FC_PASS;
}

#define FULL_STATUS	0x1234	/* not representable in 8 bits */

/*
 * A child _exit(0x1234)s and waitid() must report si_status 0x1234, the
 * full value (XSH exit).  A platform that keeps only the low 8 bits
 * fails: Linux does (0x34), a known deviation.
 */
static enum fc_verdict
si_status_full(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	pid_t		pid;

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(FULL_STATUS);
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED) == -1)
		return fc_fail("waitid(%ld, WEXITED): %s", (long)pid,
		    strerror(errno));
	if (si.si_pid != pid || si.si_code != CLD_EXITED)
		return fc_fail("waitid(%ld): si_pid %ld, si_code %d, want "
		    "%ld, CLD_EXITED (%d)", (long)pid, (long)si.si_pid,
		    si.si_code, (long)pid, CLD_EXITED);
	if (si.si_status != FULL_STATUS)
		return fc_fail("waitid() reports si_status %#x for "
		    "_exit(%#x), want the full value %#x", si.si_status,
		    FULL_STATUS, FULL_STATUS);
	return FC_PASS;
}

static volatile sig_atomic_t	chld_caught, chld_pid, chld_code, chld_status;

static void
on_chld(int sig, siginfo_t *si, void *ctx)
{
	(void)sig;
	(void)ctx;
	chld_caught++;
	chld_pid = si->si_pid;
	chld_code = si->si_code;
	chld_status = si->si_status;
}

/*
 * The same for SIGCHLD: a child _exit(0x1234)s while SIGCHLD is blocked,
 * and once unblocked the SA_SIGINFO handler must see si_status 0x1234.
 * A platform that truncates it fails: Linux does (0x34), a known
 * deviation.
 */
static enum fc_verdict
si_status_full_sigchld(const struct fc_case *c FC_UNUSED)
{
	struct sigaction	sa;
	sigset_t		block, old, pending;
	enum fc_verdict		v;
	pid_t			pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &block, &old) == -1)
		return fc_broken("sigprocmask");
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		return fc_broken("sigaction");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(FULL_STATUS);
	if ((v = await_zombie(pid)) != FC_PASS)
		return v;
	if (sigpending(&pending) == -1)
		return fc_broken("sigpending");
	if (!sigismember(&pending, SIGCHLD))
		return fc_fail("no SIGCHLD is pending although the child has "
		    "terminated");
	/* The pending SIGCHLD is delivered before sigprocmask() returns. */
	if (sigprocmask(SIG_SETMASK, &old, NULL) == -1)
		return fc_broken("sigprocmask");
	if ((v = reap_exited(pid, FULL_STATUS & 0377)) != FC_PASS)
		return v;
	if (chld_caught != 1)
		return fc_fail("the SIGCHLD handler ran %d times, want once",
		    (int)chld_caught);
	if (chld_pid != pid || chld_code != CLD_EXITED)
		return fc_fail("SIGCHLD: si_pid %ld, si_code %d, want %ld, "
		    "CLD_EXITED (%d)", (long)chld_pid, (int)chld_code,
		    (long)pid, CLD_EXITED);
	if (chld_status != FULL_STATUS)
		return fc_fail("SIGCHLD's si_status is %#x for _exit(%#x), "
		    "want the full value %#x", (int)chld_status, FULL_STATUS,
		    FULL_STATUS);
	return FC_PASS;
}

const struct fc_case fc_wait_cases[] = {
	{ .id = "wait.exit-low8", .run = exit_low8, .tier = FC_CORE,
	  .spec = "XSH _exit: only status & 0377 is available from wait() "
	  "and waitpid()" },
	{ .id = "wait.signal-status", .run = signal_status, .tier = FC_CORE,
	  .spec = "XSH wait: WIFSIGNALED and WTERMSIG report the signal "
	  "that terminated the child" },
	{ .id = "wait.signal-status/waitid", .run = signal_status_waitid,
	  .tier = FC_CORE,
	  .spec = "XSH waitid: CLD_KILLED (or CLD_DUMPED) with si_status the "
	  "terminating signal" },
	{ .id = "wait.si-status-full", .run = si_status_full,
	  .tier = FC_CORE,
	  .spec = "XSH exit: the full value of status is available from "
	  "waitid()" },
	{ .id = "wait.si-status-full/sigchld", .run = si_status_full_sigchld,
	  .tier = FC_CORE,
	  .spec = "XSH exit: the full value of status is in the siginfo_t of "
	  "SIGCHLD" },
	{ .id = NULL }
};
