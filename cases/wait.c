/*
 * wait.c: reaping and exit status (XSH wait, waitpid, waitid; XSH _exit,
 * "Consequences of Process Termination"; XSH getrusage, times; XSH exec).
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

/*
 * A child parked on a pipe: it leaves with its exit code once the parent
 * writes a byte to fd (or every write end is gone).  pid is -1 once the
 * child has been reaped, fd -1 once released.
 */
struct held {
	pid_t	pid;
	int	fd;
};

/* Exit code of a held child that could not enter its own process group. */
#define HOLD_SETPGID	120

static void
held_init(struct held *h, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		h[i].pid = -1;
		h[i].fd = -1;
	}
}

/*
 * Forks a held child that exits with code when released.  With newgroup,
 * the child is put in a process group of its own, from both sides.
 */
static int
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
static int
release(struct held *h)
{
	int	r;

	r = fc_sync_post(h->fd);
	fc_close(&h->fd);
	return r;
}

/* Cleanup for every path: kills and reaps a held child not reaped yet. */
static void
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

static int
waitid_nointr(idtype_t type, id_t id, siginfo_t *si, int options)
{
	int	r;

	do
		r = waitid(type, id, si, options);
	while (r == -1 && errno == EINTR);
	return r;
}

static pid_t
wait_nointr(int *status)
{
	pid_t	r;

	do
		r = wait(status);
	while (r == -1 && errno == EINTR);
	return r;
}

/*
 * The zombie barrier: returns once child pid has terminated, leaving it
 * unreaped (waitid with WEXITED | WNOWAIT).
 */
static enum fc_verdict
await_zombie(pid_t pid)
{
	siginfo_t	si;

	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1)
		return fc_broken("waitid(%ld, WEXITED | WNOWAIT)", (long)pid);
	if (si.si_pid != pid)
		return fc_brokenx("waitid(%ld, WEXITED | WNOWAIT) reported "
		    "pid %ld", (long)pid, (long)si.si_pid);
	return FC_PASS;
}

/* Forks a child that exits with code at once; waits until it is a zombie. */
static enum fc_verdict
make_zombie(int code, pid_t *pid)
{
	if ((*pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (*pid == 0)
		fc_exit(code);
	return await_zombie(*pid);
}

/* Reaps pid, which must exit with code; a verdict for anything else. */
static enum fc_verdict
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
static enum fc_verdict
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
doom(size_t i, struct held *h)
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
		held_init(&h, 1);
		v = doom(i, &h);
		fc_close(&h.fd);
		if (v != FC_PASS) {
			drop(&h, 1);
			return v;
		}
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
		held_init(&h, 1);
		v = doom(i, &h);
		fc_close(&h.fd);
		if (v != FC_PASS) {
			drop(&h, 1);
			return v;
		}
		memset(&si, 0, sizeof(si));
		if (waitid_nointr(P_PID, (id_t)h.pid, &si, WEXITED) == -1) {
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
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED) == -1)
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

static enum fc_verdict
specific_vs_any_run(struct held h[3])
{
	enum fc_verdict	v;
	pid_t		got;
	int		status, i;
	char		st[64];

	for (i = 0; i < 3; i++)
		if (hold(&h[i], 11 + i, 0) == -1)
			return fc_broken("fork");
	/* Only the second child exits; the others stay parked. */
	if (release(&h[1]) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h[1].pid)) != FC_PASS)
		return v;
	got = fc_waitpid(h[0].pid, &status, WNOHANG);
	if (got != 0)
		return fc_fail("waitpid(%ld, WNOHANG) for a running child "
		    "returned %ld (%s), want 0 while another child (%ld) is a "
		    "zombie", (long)h[0].pid, (long)got,
		    got == -1 ? strerror(errno) : fc_status(status, st,
		    sizeof(st)), (long)h[1].pid);
	if ((v = reap_exited(h[1].pid, 12)) != FC_PASS)
		return v;
	got = h[1].pid;
	h[1].pid = -1;
	if (fc_waitpid(got, &status, WNOHANG) != -1 || errno != ECHILD)
		return fc_fail("a second waitpid(%ld) on a reaped child did "
		    "not fail with ECHILD", (long)got);

	/* wait() takes whichever child has terminated: the third. */
	if (release(&h[2]) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h[2].pid)) != FC_PASS)
		return v;
	if ((got = wait_nointr(&status)) == -1)
		return fc_fail("wait(): %s, want child %ld", strerror(errno),
		    (long)h[2].pid);
	if (got != h[2].pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 13)
		return fc_fail("wait() returned %ld, %s, want %ld, exited 13 "
		    "(the only terminated child)", (long)got,
		    fc_status(status, st, sizeof(st)), (long)h[2].pid);
	h[2].pid = -1;

	/* waitpid(-1) blocks until the first child exits. */
	if (release(&h[0]) == -1)
		return fc_broken("write");
	if ((got = fc_waitpid(-1, &status, 0)) == -1)
		return fc_fail("waitpid(-1): %s, want child %ld",
		    strerror(errno), (long)h[0].pid);
	if (got != h[0].pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 11)
		return fc_fail("waitpid(-1) returned %ld, %s, want %ld, "
		    "exited 11", (long)got, fc_status(status, st, sizeof(st)),
		    (long)h[0].pid);
	h[0].pid = -1;
	if (wait_nointr(&status) != -1 || errno != ECHILD)
		return fc_fail("wait() with no children left did not fail "
		    "with ECHILD");
	return FC_PASS;
}

/*
 * Of three parked children, once only the second has exited
 * waitpid(first, WNOHANG) returns 0, waitpid(second) returns it and a
 * repeat fails with ECHILD; wait() then returns the third once it alone
 * has exited, and waitpid(-1) the first.  A platform whose waitpid(pid)
 * takes any child, or that reports a child twice, fails.
 */
static enum fc_verdict
specific_vs_any(const struct fc_case *c FC_UNUSED)
{
	struct held	h[3];
	enum fc_verdict	v;

	held_init(h, 3);
	v = specific_vs_any_run(h);
	drop(h, 3);
	return v;
}

static enum fc_verdict
pgid_selectors_run(struct held h[2])
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		got, grp;
	int		status;
	char		st[64];

	/* h[0] stays in our process group, h[1] gets a group of its own. */
	if (hold(&h[0], 21, 0) == -1 || hold(&h[1], 22, 1) == -1)
		return fc_broken("fork or setpgid");
	grp = h[1].pid;
	if ((got = fc_waitpid(0, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(0, WNOHANG) with a running child in "
		    "our group returned %ld, want 0", (long)got);
	if ((got = fc_waitpid(-grp, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(-%ld, WNOHANG) with a running child "
		    "in that group returned %ld, want 0", (long)grp,
		    (long)got);
	if (release(&h[0]) == -1 || release(&h[1]) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h[0].pid)) != FC_PASS ||
	    (v = await_zombie(h[1].pid)) != FC_PASS)
		return v;

	/* Both are zombies: waitpid(0) may take only ours. */
	got = fc_waitpid(0, &status, WNOHANG);
	if (got == h[1].pid)
		h[1].pid = -1;
	if (got != h[0].pid)
		return fc_fail("waitpid(0, WNOHANG) returned %ld (%s), want "
		    "%ld, the child in our group (the other one, %ld, is in "
		    "group %ld)", (long)got, got == -1 ? strerror(errno) :
		    fc_status(status, st, sizeof(st)), (long)h[0].pid,
		    (long)h[1].pid, (long)grp);
	h[0].pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 21)
		return fc_fail("waitpid(0): child %s, want exited 21",
		    fc_status(status, st, sizeof(st)));
	got = fc_waitpid(0, &status, WNOHANG);
	if (got == h[1].pid)
		h[1].pid = -1;
	if (got != -1 || errno != ECHILD)
		return fc_fail("waitpid(0, WNOHANG) with only a child of "
		    "group %ld left returned %ld, want -1 (ECHILD)",
		    (long)grp, (long)got);

	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PGID, (id_t)grp, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1)
		return fc_fail("waitid(P_PGID, %ld): %s", (long)grp,
		    strerror(errno));
	if ((v = check_exited_si("waitid(P_PGID)", &si, h[1].pid, 22)) !=
	    FC_PASS)
		return v;
	got = fc_waitpid(-grp, &status, 0);
	if (got == -1)
		return fc_fail("waitpid(-%ld): %s", (long)grp,
		    strerror(errno));
	if (got != h[1].pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 22)
		return fc_fail("waitpid(-%ld) returned %ld, %s, want %ld, "
		    "exited 22", (long)grp, (long)got,
		    fc_status(status, st, sizeof(st)), (long)h[1].pid);
	h[1].pid = -1;
	return FC_PASS;
}

/*
 * waitpid(0) matches only children in the caller's process group and
 * waitpid(-pgid) (and waitid(P_PGID)) only those in group pgid: with one
 * zombie in our group and one in its own group, waitpid(0) takes ours,
 * then fails with ECHILD, and waitpid(-pgid) takes the other.  A platform
 * that ignores the group, or a fork that moves the child to a new group,
 * fails.
 */
static enum fc_verdict
pgid_selectors(const struct fc_case *c FC_UNUSED)
{
	struct held	h[2];
	enum fc_verdict	v;

	held_init(h, 2);
	v = pgid_selectors_run(h);
	drop(h, 2);
	return v;
}

static enum fc_verdict
wnohang_run(struct held *h)
{
	enum fc_verdict	v;
	pid_t		got;
	int		status;
	char		st[64];

	if (hold(h, 31, 0) == -1)
		return fc_broken("fork");
	if ((got = fc_waitpid(h->pid, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(%ld, WNOHANG) on a running child "
		    "returned %ld, want 0", (long)h->pid, (long)got);
	if ((got = fc_waitpid(-1, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(-1, WNOHANG) with a running child "
		    "returned %ld, want 0", (long)got);
	if (release(h) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h->pid)) != FC_PASS)
		return v;
	got = fc_waitpid(-1, &status, WNOHANG);
	if (got != h->pid || !WIFEXITED(status) || WEXITSTATUS(status) != 31)
		return fc_fail("waitpid(-1, WNOHANG) on a zombie returned %ld "
		    "(%s), want %ld, exited 31", (long)got, got == -1 ?
		    strerror(errno) : got == 0 ? "no status" :
		    fc_status(status, st, sizeof(st)), (long)h->pid);
	got = h->pid;
	h->pid = -1;
	if (fc_waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD)
		return fc_fail("waitpid(-1, WNOHANG) with no children did not "
		    "fail with ECHILD");
	if (fc_waitpid(got, &status, WNOHANG) != -1 || errno != ECHILD)
		return fc_fail("waitpid(%ld, WNOHANG) on a reaped child did "
		    "not fail with ECHILD", (long)got);
	return FC_PASS;
}

/*
 * WNOHANG: waitpid() returns 0 while a matching child runs, the child's
 * status once it is a zombie, and -1/ECHILD when no child is left.  A
 * platform that blocks, returns early, or reports nothing for a zombie
 * fails.
 */
static enum fc_verdict
wnohang(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;

	held_init(&h, 1);
	v = wnohang_run(&h);
	drop(&h, 1);
	return v;
}

/* Fills a siginfo_t with junk, so that fields left alone show. */
static void
junk_si(siginfo_t *si)
{
	memset(si, 0x5a, sizeof(*si));
}

static enum fc_verdict
wnohang_waitid_run(struct held *h)
{
	static const idtype_t	types[] = { P_PID, P_ALL };
	siginfo_t		si;
	enum fc_verdict		v;
	size_t			i;
	pid_t			pid;

	if (hold(h, 32, 0) == -1)
		return fc_broken("fork");
	for (i = 0; i < 2; i++) {
		junk_si(&si);
		if (waitid_nointr(types[i], types[i] == P_PID ? (id_t)h->pid :
		    0, &si, WEXITED | WNOHANG) == -1)
			return fc_fail("waitid(%s, WEXITED | WNOHANG) on a "
			    "running child: %s, want 0", types[i] == P_PID ?
			    "P_PID" : "P_ALL", strerror(errno));
		if (si.si_pid != 0 || si.si_signo != 0)
			return fc_fail("waitid(%s, WNOHANG) with nothing to "
			    "report left si_pid %ld, si_signo %d, want both 0",
			    types[i] == P_PID ? "P_PID" : "P_ALL",
			    (long)si.si_pid, si.si_signo);
	}
	if (release(h) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h->pid)) != FC_PASS)
		return v;
	junk_si(&si);
	if (waitid_nointr(P_ALL, 0, &si, WEXITED | WNOHANG) == -1)
		return fc_fail("waitid(P_ALL, WEXITED | WNOHANG) on a zombie: "
		    "%s", strerror(errno));
	pid = h->pid;
	if (si.si_pid == pid)
		h->pid = -1;
	if ((v = check_exited_si("waitid(P_ALL, WNOHANG) on a zombie", &si,
	    pid, 32)) != FC_PASS)
		return v;
	if (waitid_nointr(P_ALL, 0, &si, WEXITED | WNOHANG) != -1 ||
	    errno != ECHILD)
		return fc_fail("waitid(P_ALL, WNOHANG) with no children did "
		    "not fail with ECHILD");
	return FC_PASS;
}

/*
 * waitid() with WNOHANG and nothing to report returns 0 and sets si_pid
 * and si_signo to 0 (the structure is filled with junk first); on a
 * zombie it reports the exit; with no child it fails with ECHILD.  A
 * platform that leaves the structure untouched, or blocks, fails.
 */
static enum fc_verdict
wnohang_waitid(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;

	held_init(&h, 1);
	v = wnohang_waitid_run(&h);
	drop(&h, 1);
	return v;
}

/* What the middle child of wait.echild-nonchild saw. */
struct nonchild {
	pid_t	gc;		/* its child, our grandchild */
	pid_t	sib;		/* waitpid(sibling, WNOHANG) */
	int	sib_errno;
};

static void
nonchild_child(int out, int hold_fd, pid_t sibling)
{
	struct nonchild	nc;
	int		status;

	memset(&nc, 0, sizeof(nc));
	nc.sib = fc_waitpid(sibling, &status, WNOHANG);
	nc.sib_errno = errno;
	if ((nc.gc = fc_fork()) == -1)
		fc_exit(2);
	if (nc.gc == 0) {
		(void)fc_sync_wait(hold_fd);
		fc_exit(0);
	}
	if (fc_write_all(out, &nc, sizeof(nc)) == -1)
		fc_exit(3);
	fc_waitpid(nc.gc, &status, 0);
	fc_exit(0);
}

/* The verdict for a waitpid() on a process that is not our child. */
static enum fc_verdict
not_ours(const char *what, pid_t pid)
{
	siginfo_t	si;
	pid_t		got;
	int		status;

	got = fc_waitpid(pid, &status, WNOHANG);
	if (got != -1 || errno != ECHILD)
		return fc_fail("waitpid(%ld, WNOHANG) on %s returned %ld "
		    "(%s), want -1 (ECHILD)", (long)pid, what, (long)got,
		    got == -1 ? strerror(errno) : "no error");
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) != -1 ||
	    errno != ECHILD)
		return fc_fail("waitid(P_PID, %ld, WNOHANG) on %s did not "
		    "fail with ECHILD", (long)pid, what);
	return FC_PASS;
}

static enum fc_verdict
echild_nonchild_run(struct held *sib, struct fc_sub *sub, int hold_fds[2])
{
	struct nonchild	nc;
	enum fc_verdict	v;
	pid_t		gone;
	ssize_t		n;

	if (hold(sib, 0, 0) == -1)
		return fc_broken("fork");
	if (fc_pipe(hold_fds) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(sub) == -1)
		return fc_broken("fork");
	if (sub->pid == 0) {
		close(hold_fds[1]);
		nonchild_child(sub->fd, hold_fds[0], sib->pid);
	}
	fc_close(&hold_fds[0]);
	n = fc_read_all(sub->fd, &nc, sizeof(nc));
	if (n != (ssize_t)sizeof(nc))
		return fc_brokenx("the child could not fork a grandchild");
	if (nc.sib != -1 || nc.sib_errno != ECHILD)
		return fc_fail("a child's waitpid(%ld, WNOHANG) on its "
		    "sibling returned %ld (%s), want -1 (ECHILD)",
		    (long)sib->pid, (long)nc.sib, nc.sib == -1 ?
		    strerror(nc.sib_errno) : "no error");
	if ((v = not_ours("our grandchild", nc.gc)) != FC_PASS)
		return v;
	if ((v = not_ours("our parent", getppid())) != FC_PASS)
		return v;
	if (getppid() != 1 && (v = not_ours("pid 1", 1)) != FC_PASS)
		return v;
	if (release(sib) == -1)
		return fc_broken("write");
	if ((v = reap_exited(sib->pid, 0)) != FC_PASS)
		return v;
	gone = sib->pid;
	sib->pid = -1;
	return not_ours("a reaped child", gone);
}

/*
 * Waiting for a process that is not our child fails with ECHILD: our
 * grandchild (running), our parent, pid 1, a child already reaped, and,
 * from a child, its running sibling.  A platform that lets a process
 * wait for descendants beyond its children, or for any pid, fails.
 */
static enum fc_verdict
echild_nonchild(const struct fc_case *c FC_UNUSED)
{
	struct held	sib;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		hold_fds[2] = { -1, -1 }, status;

	held_init(&sib, 1);
	sub.pid = -1;
	sub.fd = -1;
	v = echild_nonchild_run(&sib, &sub, hold_fds);
	/* Releases the grandchild; its parent reaps it and exits. */
	fc_close(&hold_fds[1]);
	fc_close(&hold_fds[0]);
	if (sub.pid > 0 && fc_sub_wait(&sub, &status) == -1 && v == FC_PASS)
		v = fc_broken("waitpid");
	drop(&sib, 1);
	return v;
}

/* Undefined option bits for wait.einval-options, as gVisor uses. */
#define BAD_OPTIONS	123456

/*
 * waitpid() and waitid() with undefined option bits fail with EINVAL and
 * leave the zombie child's status in place.  A platform that ignores
 * unknown bits reaps the child and fails.
 */
static enum fc_verdict
einval_options(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid, got;
	int		status;
	char		st[64];

	if ((v = make_zombie(51, &pid)) != FC_PASS)
		return v;
	got = fc_waitpid(-1, &status, BAD_OPTIONS);
	if (got != -1 || errno != EINVAL) {
		v = fc_fail("waitpid(-1, %d) returned %ld (%s), want -1 "
		    "(EINVAL)", BAD_OPTIONS, (long)got, got == -1 ?
		    strerror(errno) : fc_status(status, st, sizeof(st)));
		if (got != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_ALL, 0, &si, WEXITED | BAD_OPTIONS) != -1 ||
	    errno != EINVAL) {
		v = fc_fail("waitid(P_ALL, WEXITED | %d) did not fail with "
		    "EINVAL (si_pid %ld)", BAD_OPTIONS, (long)si.si_pid);
		if (si.si_pid != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	return reap_exited(pid, 51);
}

/*
 * waitid() needs at least one of WEXITED, WSTOPPED and WCONTINUED: with
 * options 0 it fails with EINVAL, and the zombie child stays unreaped
 * (with WNOHANG alone it must at least not report the exit).  A platform
 * that accepts the call, or reaps the zombie, fails.
 */
static enum fc_verdict
einval_no_event(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;
	int		r, status;

	if ((v = make_zombie(52, &pid)) != FC_PASS)
		return v;
	/* WNOHANG first: where options without an event are accepted. */
	memset(&si, 0, sizeof(si));
	r = waitid_nointr(P_ALL, 0, &si, WNOHANG);
	if (r == 0 && si.si_pid == pid)
		return fc_fail("waitid(P_ALL, WNOHANG) without WEXITED "
		    "reported and reaped the terminated child");
	if (r == -1 && errno != EINVAL) {
		v = fc_fail("waitid(P_ALL, WNOHANG): %s, want EINVAL",
		    strerror(errno));
		(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	if (r == 0)
		fc_note("waitid(P_ALL, WNOHANG) without an event flag is "
		    "accepted (si_pid %ld)", (long)si.si_pid);
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_ALL, 0, &si, 0) != -1 || errno != EINVAL) {
		v = fc_fail("waitid(P_ALL, 0) did not fail with EINVAL "
		    "(si_pid %ld)", (long)si.si_pid);
		if (si.si_pid != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	return reap_exited(pid, 52);
}

/*
 * Without WEXITED, waitid() does not report terminations: on a zombie
 * child, WSTOPPED | WCONTINUED | WNOHANG returns 0 with si_pid 0 (or
 * fails with ECHILD), and the exit stays for a later WEXITED wait.  A
 * platform that reports (and consumes) the exit anyway fails.
 */
static enum fc_verdict
einval_no_wexited(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;
	int		r, status;

	if ((v = make_zombie(53, &pid)) != FC_PASS)
		return v;
	junk_si(&si);
	r = waitid_nointr(P_PID, (id_t)pid, &si,
	    WSTOPPED | WCONTINUED | WNOHANG);
	if (r == -1 && errno != ECHILD) {
		v = fc_fail("waitid(P_PID, WSTOPPED | WCONTINUED | WNOHANG) "
		    "on a zombie: %s, want 0 or ECHILD", strerror(errno));
		(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	if (r == 0 && si.si_pid != 0) {
		v = fc_fail("waitid() without WEXITED reported pid %ld, "
		    "si_code %d, si_status %d for a terminated child, want no "
		    "report", (long)si.si_pid, si.si_code, si.si_status);
		if (si.si_pid != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED) == -1)
		return fc_fail("waitid(P_PID, WEXITED) after the call without "
		    "WEXITED: %s", strerror(errno));
	return check_exited_si("waitid(P_PID, WEXITED)", &si, pid, 53);
}

/*
 * WNOWAIT leaves the status in place: two waitid(WEXITED | WNOWAIT), by
 * pid then for any child, and a consuming waitid(WEXITED) all report the
 * same exit; a fourth call fails with ECHILD.  A platform whose WNOWAIT
 * consumes the status, or changes it, fails.
 */
static enum fc_verdict
wnowait(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;
	int		status;

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(61);
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1) {
		v = fc_fail("waitid(P_PID, WEXITED | WNOWAIT): %s",
		    strerror(errno));
		(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	if ((v = check_exited_si("first waitid(P_PID, WNOWAIT)", &si, pid,
	    61)) != FC_PASS)
		return v;
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_ALL, 0, &si, WEXITED | WNOWAIT) == -1)
		return fc_fail("a second waitid(P_ALL, WEXITED | WNOWAIT): "
		    "%s: the first consumed the status", strerror(errno));
	if ((v = check_exited_si("second waitid(P_ALL, WNOWAIT)", &si, pid,
	    61)) != FC_PASS)
		return v;
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED) == -1)
		return fc_fail("waitid(P_PID, WEXITED) after two WNOWAIT: %s: "
		    "they consumed the status", strerror(errno));
	if ((v = check_exited_si("consuming waitid(P_PID)", &si, pid, 61)) !=
	    FC_PASS)
		return v;
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) != -1 ||
	    errno != ECHILD)
		return fc_fail("a fourth waitid(P_PID, %ld) after the "
		    "consuming one did not fail with ECHILD", (long)pid);
	return FC_PASS;
}

static enum fc_verdict
wnowait_quirks_run(struct held *h)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid, got;
	int		status;
	char		st[64];

	if ((v = make_zombie(62, &pid)) != FC_PASS)
		return v;
	h->pid = pid;
	got = fc_waitpid(pid, &status, WNOWAIT);
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1 || si.si_pid != pid)
		h->pid = -1;
	if (got == -1)
		fc_note("waitpid(pid, WNOWAIT) on a zombie: %s",
		    strerror(errno));
	else
		fc_note("waitpid(pid, WNOWAIT) on a zombie: accepted, "
		    "returned %ld (%s); the zombie is %s", (long)got,
		    fc_status(status, st, sizeof(st)),
		    h->pid == -1 ? "gone" : "still waitable");
	drop(h, 1);

	if (hold(h, 63, 0) == -1)
		return fc_broken("fork");
	if (kill(h->pid, SIGSTOP) == -1)
		return fc_broken("kill(SIGSTOP)");
	/* Waits for the stop without consuming it. */
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)h->pid, &si, WSTOPPED | WNOWAIT) == -1)
		return fc_broken("waitid(WSTOPPED | WNOWAIT)");
	junk_si(&si);
	if (waitid_nointr(P_PID, (id_t)h->pid, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1)
		fc_note("waitid(WEXITED | WNOHANG | WNOWAIT) on a stopped "
		    "child: %s", strerror(errno));
	else if (si.si_pid != 0)
		fc_note("waitid(WEXITED | WNOHANG | WNOWAIT) reported a "
		    "stopped child: si_pid %ld, si_code %d, si_status %d",
		    (long)si.si_pid, si.si_code, si.si_status);
	else
		fc_note("waitid(WEXITED | WNOHANG | WNOWAIT) on a stopped "
		    "child: no report, as required");
	return FC_PASS;
}

/*
 * Probe: WNOWAIT where POSIX leaves it open or platforms stumbled.
 * Records whether waitpid() accepts WNOWAIT (POSIX defines it for
 * waitid() only; Linux and FreeBSD say EINVAL) and whether
 * waitid(WEXITED | WNOHANG | WNOWAIT) wrongly reports a stopped child, as
 * macOS betas did.  Never fails.
 */
static enum fc_verdict
wnowait_quirks(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;

	held_init(&h, 1);
	v = wnowait_quirks_run(&h);
	drop(&h, 1);
	return v;
}

static enum fc_verdict
stop_continue_run(struct held *h)
{
	pid_t	got;
	int	status;
	char	st[64];

	if (hold(h, 71, 0) == -1)
		return fc_broken("fork");
	if (kill(h->pid, SIGSTOP) == -1)
		return fc_broken("kill(SIGSTOP)");
	if ((got = fc_waitpid(h->pid, &status, WUNTRACED)) != h->pid)
		return fc_fail("waitpid(WUNTRACED) on a stopped child "
		    "returned %ld (%s)", (long)got,
		    got == -1 ? strerror(errno) : "");
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		return fc_fail("waitpid(WUNTRACED): %s, want stopped by "
		    "SIGSTOP", fc_status(status, st, sizeof(st)));
	if ((got = fc_waitpid(h->pid, &status, WUNTRACED | WNOHANG)) != 0)
		return fc_fail("a second waitpid(WUNTRACED | WNOHANG) "
		    "returned %ld (%s), want 0: the stop was reported twice",
		    (long)got, got == -1 ? strerror(errno) :
		    fc_status(status, st, sizeof(st)));
	if (kill(h->pid, SIGCONT) == -1)
		return fc_broken("kill(SIGCONT)");
	if ((got = fc_waitpid(h->pid, &status, WCONTINUED)) != h->pid)
		return fc_fail("waitpid(WCONTINUED) on a continued child "
		    "returned %ld (%s)", (long)got, got == -1 ?
		    strerror(errno) : "");
	if (!WIFCONTINUED(status))
		return fc_fail("waitpid(WCONTINUED): %s, want continued",
		    fc_status(status, st, sizeof(st)));
	got = fc_waitpid(h->pid, &status, WCONTINUED | WUNTRACED | WNOHANG);
	if (got != 0)
		return fc_fail("a second waitpid(WCONTINUED | WUNTRACED | "
		    "WNOHANG) returned %ld (%s), want 0: an event was "
		    "reported twice", (long)got, got == -1 ? strerror(errno) :
		    fc_status(status, st, sizeof(st)));
	if (release(h) == -1)
		return fc_broken("write");
	got = h->pid;
	h->pid = -1;
	return reap_exited(got, 71);
}

/*
 * waitpid(WUNTRACED) reports a child stopped by SIGSTOP (WIFSTOPPED,
 * WSTOPSIG), waitpid(WCONTINUED) the same child continued by SIGCONT
 * (WIFCONTINUED); each event is reported once, and the child then exits
 * normally.  A platform that misses or repeats an event, or encodes it
 * wrongly, fails.
 */
static enum fc_verdict
stop_continue(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;

	held_init(&h, 1);
	v = stop_continue_run(&h);
	drop(&h, 1);
	return v;
}

/* Checks a waitid() event report: pid, si_code and si_status. */
static enum fc_verdict
check_event_si(const char *what, const siginfo_t *si, pid_t pid, int code,
    const char *code_name, int status)
{
	if (si->si_pid != pid || si->si_code != code ||
	    si->si_status != status || si->si_signo != SIGCHLD)
		return fc_fail("%s: si_pid %ld, si_signo %d, si_code %d, "
		    "si_status %d, want %ld, SIGCHLD, %s (%d), %d", what,
		    (long)si->si_pid, si->si_signo, si->si_code, si->si_status,
		    (long)pid, code_name, code, status);
	return FC_PASS;
}

static enum fc_verdict
stop_continue_waitid_run(struct held *h)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;

	if (hold(h, 72, 0) == -1)
		return fc_broken("fork");
	pid = h->pid;
	if (kill(pid, SIGSTOP) == -1)
		return fc_broken("kill(SIGSTOP)");
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WSTOPPED) == -1)
		return fc_fail("waitid(WSTOPPED): %s", strerror(errno));
	if ((v = check_event_si("waitid(WSTOPPED)", &si, pid, CLD_STOPPED,
	    "CLD_STOPPED", SIGSTOP)) != FC_PASS)
		return v;
	junk_si(&si);
	if (waitid_nointr(P_PID, (id_t)pid, &si, WSTOPPED | WNOHANG) == -1 ||
	    si.si_pid != 0)
		return fc_fail("a second waitid(WSTOPPED | WNOHANG) did not "
		    "return 0 with si_pid 0 (si_pid %ld): the stop was "
		    "reported twice", (long)si.si_pid);
	if (kill(pid, SIGCONT) == -1)
		return fc_broken("kill(SIGCONT)");
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WCONTINUED) == -1)
		return fc_fail("waitid(WCONTINUED): %s", strerror(errno));
	if ((v = check_event_si("waitid(WCONTINUED)", &si, pid, CLD_CONTINUED,
	    "CLD_CONTINUED", SIGCONT)) != FC_PASS)
		return v;
	junk_si(&si);
	if (waitid_nointr(P_PID, (id_t)pid, &si,
	    WSTOPPED | WCONTINUED | WNOHANG) == -1 || si.si_pid != 0)
		return fc_fail("a second waitid(WCONTINUED | WSTOPPED | "
		    "WNOHANG) did not return 0 with si_pid 0 (si_pid %ld)",
		    (long)si.si_pid);
	if (release(h) == -1)
		return fc_broken("write");
	memset(&si, 0, sizeof(si));
	if (waitid_nointr(P_PID, (id_t)pid, &si, WEXITED) == -1)
		return fc_fail("waitid(WEXITED): %s", strerror(errno));
	h->pid = -1;
	return check_exited_si("waitid(WEXITED)", &si, pid, 72);
}

/*
 * The same events through waitid(): WSTOPPED gives CLD_STOPPED with
 * si_status SIGSTOP, WCONTINUED gives CLD_CONTINUED with si_status
 * SIGCONT, once each, then WEXITED the exit.  A platform with wrong codes
 * or repeated events fails.
 */
static enum fc_verdict
stop_continue_waitid(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;

	held_init(&h, 1);
	v = stop_continue_waitid_run(&h);
	drop(&h, 1);
	return v;
}

/* The thread of wait.sibling-thread: forks two children, then parks. */
struct forker {
	int	ready;		/* write end: the children exist */
	int	park;		/* read end: the main thread is done */
	pid_t	pid[2];
	int	error;
};

static void *
forker(void *arg)
{
	struct forker	*f = arg;
	int		 i;

	for (i = 0; i < 2; i++) {
		if ((f->pid[i] = fc_fork()) == -1) {
			f->error = errno;
			break;
		}
		/* The process has two threads: only _exit() in the child. */
		if (f->pid[i] == 0)
			_exit(81 + i);
	}
	(void)fc_sync_post(f->ready);
	(void)fc_sync_wait(f->park);
	return NULL;
}

static enum fc_verdict
sibling_thread_run(struct forker *f, int ready)
{
	enum fc_verdict	v;
	pid_t		got;
	int		status;
	char		st[64];

	if (fc_sync_wait(ready) == -1)
		return fc_brokenx("the thread ended without forking");
	if (f->error != 0) {
		errno = f->error;
		return fc_broken("fork in a thread");
	}
	/* The forking thread is parked; the main thread reaps. */
	if ((v = reap_exited(f->pid[0], 81)) != FC_PASS)
		return v;
	f->pid[0] = -1;
	if ((got = fc_waitpid(-1, &status, 0)) == -1)
		return fc_fail("waitpid(-1) in the main thread: %s, want the "
		    "other thread's child %ld", strerror(errno),
		    (long)f->pid[1]);
	if (got != f->pid[1] || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 82)
		return fc_fail("waitpid(-1) in the main thread returned %ld, "
		    "%s, want %ld, exited 82", (long)got,
		    fc_status(status, st, sizeof(st)), (long)f->pid[1]);
	f->pid[1] = -1;
	return FC_PASS;
}

/*
 * Children belong to the process: a thread forks two children and stays
 * parked while the main thread reaps them, one by pid and one with
 * waitpid(-1).  A platform that ties children to the forking thread
 * (ECHILD in the main thread) fails.
 */
static enum fc_verdict
sibling_thread(const struct fc_case *c FC_UNUSED)
{
	struct forker	f;
	pthread_t	t;
	enum fc_verdict	v;
	int		ready[2], park[2], i, status, e;

	memset(&f, 0, sizeof(f));
	f.pid[0] = f.pid[1] = -1;
	if (fc_pipe(ready) == -1 || fc_pipe(park) == -1)
		return fc_broken("pipe");
	f.ready = ready[1];
	f.park = park[0];
	if ((e = pthread_create(&t, NULL, forker, &f)) != 0) {
		errno = e;
		return fc_broken("pthread_create");
	}
	v = sibling_thread_run(&f, ready[0]);
	close(park[1]);
	if ((e = pthread_join(t, NULL)) != 0 && v == FC_PASS) {
		errno = e;
		v = fc_broken("pthread_join");
	}
	for (i = 0; i < 2; i++)
		if (f.pid[i] > 0)
			(void)fc_waitpid(f.pid[i], &status, 0);
	close(ready[0]);
	close(ready[1]);
	close(park[0]);
	return v;
}

/* CPU time of a struct rusage, user plus system, in microseconds. */
static long long
cpu_us(const struct rusage *ru)
{
	return (long long)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) *
	    1000000 + ru->ru_utime.tv_usec + ru->ru_stime.tv_usec;
}

/* What a spinning child reports of itself. */
struct spun {
	long long	us;		/* RUSAGE_SELF CPU time */
	long long	ticks;		/* times() tms_utime + tms_stime */
};

/* In a child: spins ms of CPU time and sends its own accounting to fd. */
static int
spin_report(int fd, long ms)
{
	struct rusage	ru;
	struct tms	tm;
	struct spun	s;

	if (fc_spin(CLOCK_PROCESS_CPUTIME_ID, ms) == -1 ||
	    getrusage(RUSAGE_SELF, &ru) == -1 || times(&tm) == (clock_t)-1)
		return -1;
	s.us = cpu_us(&ru);
	s.ticks = (long long)tm.tms_utime + tm.tms_stime;
	return fc_write_all(fd, &s, sizeof(s));
}

/* Children's CPU time now, from getrusage() and from times(). */
static int
children_cpu(long long *us, long long *ticks)
{
	struct rusage	ru;
	struct tms	tm;

	if (getrusage(RUSAGE_CHILDREN, &ru) == -1 ||
	    times(&tm) == (clock_t)-1)
		return -1;
	*us = cpu_us(&ru);
	*ticks = (long long)tm.tms_cutime + tm.tms_cstime;
	return 0;
}

/*
 * How much of a child's own CPU time its waiter must see: all of it,
 * less a tenth and one unit for rounding and for platforms that split
 * interrupt time off.
 */
static long long
at_least(long long own, long long unit)
{
	return own - own / 10 - unit;
}

#define RUSAGE_SPIN_MS	30	/* >= 2 ticks of times() at 100 Hz */

static enum fc_verdict
rusage_children_run(struct fc_sub *sub)
{
	struct spun	s;
	enum fc_verdict	v;
	long long	us0, us1, us2, t0, t1, t2;
	int		status;
	char		st[64];

	if (children_cpu(&us0, &t0) == -1)
		return fc_broken("getrusage or times");
	if (fc_sub_fork(sub) == -1)
		return fc_broken("fork");
	if (sub->pid == 0)
		fc_exit(spin_report(sub->fd, RUSAGE_SPIN_MS) == 0 ? 0 : 2);
	if (fc_read_all(sub->fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		return fc_brokenx("the child could not measure its CPU time");
	if ((v = await_zombie(sub->pid)) != FC_PASS)
		return v;
	if (children_cpu(&us1, &t1) == -1)
		return fc_broken("getrusage or times");
	if (us1 != us0)
		return fc_fail("RUSAGE_CHILDREN grew by %lld us while the "
		    "child was a zombie not yet waited for", us1 - us0);
	if (t1 != t0)
		return fc_fail("times() child CPU grew by %lld ticks while "
		    "the child was a zombie not yet waited for", t1 - t0);
	if (fc_sub_wait(sub, &status) == -1)
		return fc_broken("waitpid");
	sub->pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (children_cpu(&us2, &t2) == -1)
		return fc_broken("getrusage or times");
	fc_note("child's own CPU time %lld us, %lld ticks; after the wait "
	    "RUSAGE_CHILDREN grew by %lld us, times() by %lld ticks", s.us,
	    s.ticks, us2 - us0, t2 - t0);
	if (s.us < RUSAGE_SPIN_MS * 1000 / 2)
		return fc_brokenx("the child spun %d ms of CPU time, but its "
		    "getrusage() says %lld us", RUSAGE_SPIN_MS, s.us);
	if (us2 - us0 < at_least(s.us, 1000))
		return fc_fail("after the wait RUSAGE_CHILDREN grew by %lld "
		    "us, want about the child's own %lld us", us2 - us0, s.us);
	if (t2 - t0 < at_least(s.ticks, 1))
		return fc_fail("after the wait times() child CPU grew by %lld "
		    "ticks, want about the child's own %lld", t2 - t0,
		    s.ticks);
	return FC_PASS;
}

/*
 * A child spins 30 ms of CPU: while it is a zombie RUSAGE_CHILDREN and
 * times()'s child fields are unchanged, once waited for they include the
 * time it reported.  A platform that counts zombies, or never counts
 * children, fails.
 */
static enum fc_verdict
rusage_children(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		status;

	sub.pid = -1;
	sub.fd = -1;
	v = rusage_children_run(&sub);
	if (sub.pid > 0)
		(void)fc_sub_wait(&sub, &status);
	return v;
}

static enum fc_verdict
rusage_grandchild_run(struct fc_sub *sub)
{
	struct spun	s;
	enum fc_verdict	v;
	long long	us0, us1, us2, t;
	pid_t		gc;
	int		status;
	char		st[64];

	if (children_cpu(&us0, &t) == -1)
		return fc_broken("getrusage");
	if (fc_sub_fork(sub) == -1)
		return fc_broken("fork");
	if (sub->pid == 0) {
		if ((gc = fc_fork()) == -1)
			fc_exit(2);
		if (gc == 0)
			fc_exit(spin_report(sub->fd, 10) == 0 ? 0 : 2);
		if (fc_waitpid(gc, &status, 0) != gc || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0)
			fc_exit(3);
		fc_exit(0);
	}
	if (fc_read_all(sub->fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		return fc_brokenx("the grandchild could not measure its CPU "
		    "time");
	if ((v = await_zombie(sub->pid)) != FC_PASS)
		return v;
	if (children_cpu(&us1, &t) == -1)
		return fc_broken("getrusage");
	if (us1 != us0)
		return fc_fail("RUSAGE_CHILDREN grew by %lld us while the "
		    "child was a zombie not yet waited for", us1 - us0);
	if (fc_sub_wait(sub, &status) == -1)
		return fc_broken("waitpid");
	sub->pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (children_cpu(&us2, &t) == -1)
		return fc_broken("getrusage");
	fc_note("grandchild's own CPU time %lld us; RUSAGE_CHILDREN grew by "
	    "%lld us", s.us, us2 - us0);
	if (s.us < 10 * 1000 / 2)
		return fc_brokenx("the grandchild spun 10 ms of CPU time, but "
		    "its getrusage() says %lld us", s.us);
	if (us2 - us0 < at_least(s.us, 1000))
		return fc_fail("after waiting for the child, which had waited "
		    "for its own child, RUSAGE_CHILDREN grew by %lld us, want "
		    "about the grandchild's %lld us", us2 - us0, s.us);
	return FC_PASS;
}

/*
 * A grandchild spins 10 ms and is reaped by its parent: RUSAGE_CHILDREN
 * is unchanged while that parent is our zombie and includes the
 * grandchild's time once we wait for it.  A platform that does not carry
 * a child's children's time up fails.
 */
static enum fc_verdict
rusage_grandchild(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		status;

	sub.pid = -1;
	sub.fd = -1;
	v = rusage_grandchild_run(&sub);
	if (sub.pid > 0)
		(void)fc_sub_wait(&sub, &status);
	return v;
}

/*
 * A child that was never waited for does not count: with SIGCHLD set to
 * SIG_IGN, a child spins 5 ms and is reaped by the system (waitpid()
 * blocks until it is gone, then fails with ECHILD); RUSAGE_CHILDREN must
 * not change.  A platform that adds auto-reaped children fails.
 */
static enum fc_verdict
rusage_autoreap(const struct fc_case *c FC_UNUSED)
{
	struct sigaction	sa;
	struct fc_sub		sub;
	struct spun		s;
	long long		us0, us1, t;
	ssize_t			n;
	pid_t			got;
	int			status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGCHLD, &sa, NULL) == -1)
		return fc_broken("sigaction");
	if (children_cpu(&us0, &t) == -1)
		return fc_broken("getrusage");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		fc_exit(spin_report(sub.fd, 5) == 0 ? 0 : 2);
	n = fc_read_all(sub.fd, &s, sizeof(s));
	fc_close(&sub.fd);
	got = fc_waitpid(-1, &status, 0);
	if (got != -1 || errno != ECHILD)
		return fc_skip("SIGCHLD is ignored, yet waitpid(-1) returned "
		    "%ld: the child was not reaped by the system", (long)got);
	if (n != (ssize_t)sizeof(s))
		return fc_brokenx("the child could not measure its CPU time");
	if (children_cpu(&us1, &t) == -1)
		return fc_broken("getrusage");
	fc_note("auto-reaped child's own CPU time %lld us; RUSAGE_CHILDREN "
	    "grew by %lld us", s.us, us1 - us0);
	if (s.us <= 0)
		return fc_brokenx("the child spun 5 ms of CPU time, but its "
		    "getrusage() says 0");
	if (us1 != us0)
		return fc_fail("RUSAGE_CHILDREN grew by %lld us for a child "
		    "that was reaped by the system, not waited for",
		    us1 - us0);
	return FC_PASS;
}

/*
 * A zombie stays: kill(pid, 0), SIGTERM and SIGKILL all succeed on it
 * without changing its recorded status (still exited 91), and no new
 * child gets its pid while it is unreaped.  A platform that frees the
 * pid early, rejects signals to zombies or lets SIGKILL rewrite the
 * status fails.
 */
static enum fc_verdict
zombie_persists(const struct fc_case *c FC_UNUSED)
{
	static const int	sigs[] = { 0, SIGTERM, SIGKILL };
	enum fc_verdict		v;
	size_t			i;
	pid_t			pid, other;
	int			status;

	if ((v = make_zombie(91, &pid)) != FC_PASS)
		return v;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (kill(pid, sigs[i]) == -1) {
			v = fc_fail("kill(zombie %ld, %d): %s, want 0",
			    (long)pid, sigs[i], strerror(errno));
			(void)fc_waitpid(pid, &status, 0);
			return v;
		}
	for (i = 0; i < 3; i++) {
		if ((other = fc_fork()) == -1) {
			v = fc_broken("fork");
			(void)fc_waitpid(pid, &status, 0);
			return v;
		}
		if (other == 0)
			fc_exit(0);
		(void)fc_waitpid(other, &status, 0);
		if (other == pid)
			return fc_fail("a new child got pid %ld, which still "
			    "belongs to a zombie", (long)pid);
	}
	return reap_exited(pid, 91);
}

/*
 * Once its parent C has exited and been reaped, an orphan G has a new
 * parent: getppid() is no longer C (it is init or a subreaper, here
 * forkcheck's worker; G's EOF on the report pipe says G is gone).  A
 * platform that leaves G pointing to its dead parent fails.
 */
static enum fc_verdict
reparent(const struct fc_case *c FC_UNUSED)
{
	int		hold_fds[2], rep[2], status;
	pid_t		cpid, g, seen;
	ssize_t		n;
	char		st[64];

	if (fc_pipe(hold_fds) == -1 || fc_pipe(rep) == -1)
		return fc_broken("pipe");
	if ((cpid = fc_fork()) == -1)
		return fc_broken("fork");
	if (cpid == 0) {
		close(hold_fds[1]);
		close(rep[0]);
		if ((g = fc_fork()) == -1)
			fc_exit(2);
		if (g == 0) {
			/* EOF comes once the case has reaped C. */
			(void)fc_sync_wait(hold_fds[0]);
			seen = getppid();
			fc_exit(fc_write_all(rep[1], &seen, sizeof(seen)) ==
			    0 ? 0 : 1);
		}
		fc_exit(0);
	}
	close(hold_fds[0]);
	close(rep[1]);
	if (fc_waitpid(cpid, &status, 0) == -1)
		return fc_broken("waitpid");
	close(hold_fds[1]);
	n = fc_read_all(rep[0], &seen, sizeof(seen));
	/* The barrier: EOF once G has exited. */
	(void)fc_read_all(rep[0], st, 1);
	close(rep[0]);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the middle child %s", fc_status(status, st,
		    sizeof(st)));
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("the orphan did not report its parent");
	fc_note("the orphan's new parent is %ld (%s)", (long)seen,
	    seen == getppid() ? "the runner's worker, a subreaper" :
	    seen == 1 ? "init" : "another process");
	if (seen == cpid)
		return fc_fail("the orphan's getppid() is still %ld, its dead "
		    "and reaped parent", (long)cpid);
	if (seen == getpid())
		fc_note("the orphan went to its grandparent, which is not a "
		    "subreaper");
	return FC_PASS;
}

/* Exit code of the helper of wait.after-exec. */
#define EXEC_CODE	42

/*
 * The helper of wait.after-exec: argv[1] is a descriptor on which it
 * reports its pid and parent pid; it then exits 42.
 */
static int
exec_helper(int argc, char **argv)
{
	pid_t	ids[2];
	long	fd;
	char	*end;

	if (argc < 2)
		return 2;
	fd = strtol(argv[1], &end, 10);
	if (*end != '\0' || fd < 0)
		return 2;
	ids[0] = getpid();
	ids[1] = getppid();
	if (fc_write_all((int)fd, ids, sizeof(ids)) == -1)
		return 3;
	return EXEC_CODE;
}

/* The descriptors of an exec'ing child. */
struct exec_fds {
	int	ex;		/* close-on-exec: an errno if exec failed */
	char	arg[16];	/* the report descriptor, for the helper */
};

/* In the child (or its thread): execs the helper, or reports why not. */
static void
exec_or_report(struct exec_fds *x)
{
	char	*args[2];
	int	e;

	args[0] = x->arg;
	args[1] = NULL;
	fc_exec_helper(args);
	e = errno;
	(void)fc_write_all(x->ex, &e, sizeof(e));
	_exit(127);
}

static void *
exec_thread(void *arg)
{
	exec_or_report(arg);
	return NULL;
}

/*
 * Runs the helper in a child, from a new thread if threaded, and checks
 * what it reported and how it exited.
 */
static enum fc_verdict
after_exec_run(int threaded)
{
	struct exec_fds	x;
	pthread_t	t;
	pid_t		pid, ids[2];
	ssize_t		n;
	int		ex[2], rep[2], e, status;
	char		st[64];

	if (fc_pipe(ex) == -1 || fc_pipe(rep) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ex[0]);
		close(rep[0]);
		x.ex = ex[1];
		snprintf(x.arg, sizeof(x.arg), "%d", rep[1]);
		/* The report pipe must survive exec. */
		if (fcntl(rep[1], F_SETFD, 0) == -1) {
			e = errno;
			(void)fc_write_all(ex[1], &e, sizeof(e));
			fc_exit(126);
		}
		if (!threaded)
			exec_or_report(&x);
		if ((e = pthread_create(&t, NULL, exec_thread, &x)) != 0) {
			(void)fc_write_all(ex[1], &e, sizeof(e));
			fc_exit(126);
		}
		pthread_join(t, NULL);
		fc_exit(125);
	}
	close(ex[1]);
	close(rep[1]);
	/* S-exec: EOF on the close-on-exec pipe means exec succeeded. */
	n = fc_read_all(ex[0], &e, sizeof(e));
	close(ex[0]);
	if (n != 0) {
		close(rep[0]);
		(void)fc_waitpid(pid, &status, 0);
		if (n != (ssize_t)sizeof(e))
			return fc_brokenx("the child failed before exec");
		errno = e;
		return fc_broken("exec of the helper%s", threaded ?
		    " from a thread" : "");
	}
	n = fc_read_all(rep[0], ids, sizeof(ids));
	close(rep[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_fail("waitpid(%ld) after exec: %s", (long)pid,
		    strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != EXEC_CODE)
		return fc_fail("the exec'd child %s, want exited %d (the new "
		    "image's status)", fc_status(status, st, sizeof(st)),
		    EXEC_CODE);
	if (n != (ssize_t)sizeof(ids))
		return fc_brokenx("the helper did not report its ids");
	if (ids[0] != pid)
		return fc_fail("the new image's getpid() is %ld, want the "
		    "child's pid %ld", (long)ids[0], (long)pid);
	if (ids[1] != getpid())
		return fc_fail("the new image's getppid() is %ld, want %ld",
		    (long)ids[1], (long)getpid());
	return FC_PASS;
}

/*
 * A child that execs (confirmed by EOF on a close-on-exec pipe) keeps its
 * pid and parent, and waitpid() returns the new image's status, 42.  A
 * platform that changes the pid on exec, or loses the status, fails.
 */
static enum fc_verdict
after_exec(const struct fc_case *c FC_UNUSED)
{
	return after_exec_run(0);
}

/*
 * The same when a second thread of the child calls exec: the new image
 * still has the child's pid (the thread takes over the process) and the
 * parent reaps it with status 42.  A platform that gives the new image
 * the thread's id, or reports the old threads' end, fails.
 */
static enum fc_verdict
after_exec_thread(const struct fc_case *c FC_UNUSED)
{
	return after_exec_run(1);
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
	{ .id = "wait.specific-vs-any", .run = specific_vs_any,
	  .tier = FC_CORE,
	  .spec = "XSH wait: waitpid(pid) waits for that child only, wait() "
	  "for any; a reaped child gives ECHILD" },
	{ .id = "wait.pgid-selectors", .run = pgid_selectors,
	  .tier = FC_CORE,
	  .spec = "XSH waitpid: pid 0 selects our process group, -pgid "
	  "that group (waitid P_PGID)" },
	{ .id = "wait.wnohang", .run = wnohang, .tier = FC_CORE,
	  .spec = "XSH waitpid: WNOHANG returns 0 while children run, "
	  "ECHILD when there are none" },
	{ .id = "wait.wnohang/waitid", .run = wnohang_waitid,
	  .tier = FC_CORE,
	  .spec = "XSH waitid: WNOHANG with nothing to report sets si_pid "
	  "and si_signo to 0" },
	{ .id = "wait.echild-nonchild", .run = echild_nonchild,
	  .tier = FC_CORE,
	  .spec = "XSH waitpid ERRORS: [ECHILD] the process is not a child "
	  "of the caller" },
	{ .id = "wait.einval-options", .run = einval_options,
	  .tier = FC_CORE,
	  .spec = "XSH waitpid, waitid ERRORS: [EINVAL] the options argument "
	  "is not valid" },
	{ .id = "wait.einval-options/no-event", .run = einval_no_event,
	  .tier = FC_CORE,
	  .spec = "XSH waitid: at least one of WEXITED, WSTOPPED, WCONTINUED "
	  "is required (EINVAL)" },
	{ .id = "wait.einval-options/no-wexited", .run = einval_no_wexited,
	  .tier = FC_CORE,
	  .spec = "XSH waitid: without WEXITED, terminated children are "
	  "not reported" },
	{ .id = "wait.wnowait", .run = wnowait, .tier = FC_CORE,
	  .spec = "XSH waitid: WNOWAIT leaves the child waitable; a later "
	  "wait returns the same status" },
	{ .id = "wait.wnowait/quirks", .run = wnowait_quirks,
	  .tier = FC_PROBE,
	  .spec = "XSH waitid: WNOWAIT with waitpid(), and with WEXITED on a "
	  "stopped child (probe)" },
	{ .id = "wait.stop-continue", .run = stop_continue, .tier = FC_CORE,
	  .spec = "XSH waitpid: WUNTRACED reports stops, WCONTINUED "
	  "continuations, each once" },
	{ .id = "wait.stop-continue/waitid", .run = stop_continue_waitid,
	  .tier = FC_CORE,
	  .spec = "XSH waitid: WSTOPPED gives CLD_STOPPED, WCONTINUED "
	  "CLD_CONTINUED, each once" },
	{ .id = "wait.sibling-thread", .run = sibling_thread,
	  .tier = FC_CORE,
	  .spec = "XSH wait: any thread may wait for a child that another "
	  "thread forked" },
	{ .id = "wait.rusage-children", .run = rusage_children,
	  .tier = FC_CORE,
	  .spec = "XSH getrusage, times: children count once terminated and "
	  "waited for, not as zombies" },
	{ .id = "wait.rusage-children/grandchild", .run = rusage_grandchild,
	  .tier = FC_CORE,
	  .spec = "XSH getrusage: RUSAGE_CHILDREN includes descendants "
	  "waited for by their parents" },
	{ .id = "wait.rusage-children/autoreap", .run = rusage_autoreap,
	  .tier = FC_CORE,
	  .spec = "XSH getrusage: children not waited for (SIGCHLD ignored) "
	  "are not counted" },
	{ .id = "wait.zombie-persists", .run = zombie_persists,
	  .tier = FC_CORE,
	  .spec = "XSH _exit: an unwaited child stays a zombie; kill() on it "
	  "succeeds, its status stays" },
	{ .id = "wait.reparent", .run = reparent, .tier = FC_CORE,
	  .spec = "XSH _exit: children of a terminated process get a new "
	  "parent (implementation-defined)" },
	{ .id = "wait.after-exec", .run = after_exec, .tier = FC_CORE,
	  .helper = exec_helper,
	  .spec = "XSH exec: the new image keeps pid and parent; the parent "
	  "waits for its status" },
	{ .id = "wait.after-exec/thread", .run = after_exec_thread,
	  .tier = FC_CORE, .helper = exec_helper,
	  .spec = "XSH exec: exec from a non-main thread keeps the pid; the "
	  "parent waits for its status" },
	{ .id = NULL }
};
