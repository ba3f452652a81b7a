/*
 * sig-reap.c: SIGCHLD's dispositions and the children they reap, ignored
 * signals across exec, orphaned process groups (XSH wait, sigaction,
 * exec, _exit).
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
#include "sig-common.h"

#define RUSAGE_MAX_MS	200		/* CPU a child burns at most */

/* What sig.ign-autoreap and sig.nocldwait saw. */
struct autoreap {
	pid_t	pid;
	pid_t	live;		/* waitpid(pid, WNOHANG) while it lived */
	int	live_error;	/* and its errno */
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
 * set), calls waitpid(WNOHANG) for it while it surely lives, releases it
 * and calls waitpid() for it.  Whether the child was still there when
 * waitpid() returned is read from the pipe it holds (no EOF yet: alive);
 * then its death (EOF) is awaited before anything else is looked at.
 */
static enum fc_verdict
autoreap_run(const struct sigaction *sa, int spin, struct autoreap *ar)
{
	struct fc_gate	hold;
	struct fc_sub	sub;
	long		before, us;
	int		i;
	char		c;

	memset(ar, 0, sizeof(*ar));
	if (mask_one(SIG_BLOCK, SIGCHLD) == -1 ||
	    sigaction(SIGCHLD, sa, NULL) == -1)
		return fc_broken("sigaction SIGCHLD");
	if ((before = rusage_us(RUSAGE_CHILDREN)) == -1)
		return fc_broken("getrusage");
	if (fc_gate_init(&hold) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		fc_gate_waiter(&hold);
		us = 0;
		for (i = 0; spin && i < RUSAGE_MAX_MS && us == 0; i++)
			if (fc_spin(CLOCK_PROCESS_CPUTIME_ID, 1) == -1 ||
			    (us = rusage_us(RUSAGE_SELF)) == -1)
				fc_exit(1);
		if (fc_write_all(sub.fd, &us, sizeof(us)) == -1)
			fc_exit(1);
		fc_exit(fc_read_all(hold.rd, &c, 1) == 0 ? 0 : 1);
	}
	fc_gate_opener(&hold);
	ar->pid = sub.pid;
	if (fc_read_all(sub.fd, &ar->child_us, sizeof(ar->child_us)) !=
	    sizeof(ar->child_us)) {
		fc_gate_close(&hold);
		return fc_brokenx("the child did not report");
	}
	/* Held, the child lives: it must be found, and not be waited for. */
	errno = 0;
	ar->live = fc_waitpid(sub.pid, &ar->status, WNOHANG);
	ar->live_error = errno;
	/* The child is alive until it reads EOF, likely inside waitpid(). */
	fc_gate_close(&hold);
	ar->waited = fc_waitpid(sub.pid, &ar->status, 0);
	ar->error = errno;
	/* Terminated, it has closed its end of the sub pipe: EOF. */
	if (fcntl(sub.fd, F_SETFL, O_NONBLOCK) == -1)
		return fc_broken("fcntl");
	ar->alive = read(sub.fd, &c, 1) != 0;
	/* Its death, before the rest is judged. */
	if (fcntl(sub.fd, F_SETFL, 0) == -1)
		return fc_broken("fcntl");
	while (fc_read_all(sub.fd, &c, 1) == 1)
		continue;
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

	if (ar->live == -1)
		return fc_fail("with %s waitpid(WNOHANG) for a child that was "
		    "still running failed (%s), want 0: the child was "
		    "forgotten before it terminated", how,
		    strerror(ar->live_error));
	if (ar->live != 0)
		return fc_fail("with %s waitpid(WNOHANG) for a child that was "
		    "still running returned %ld (%s), want 0", how,
		    (long)ar->live, fc_status(ar->status, st, sizeof(st)));
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
 * A row of the autoreap family: the action SIGCHLD gets and what is
 * checked.
 *
 * With SIGCHLD set to SIG_IGN a terminated child does not become a
 * zombie: waitpid() for it blocks until it is gone, then fails with
 * ECHILD.  A platform that keeps the zombie, or returns ECHILD while the
 * child still exists, fails.  SA_NOCLDWAIT on a SIGCHLD handler does the
 * same; a platform that ignores the flag fails.
 *
 * AR_RUSAGE: with SIGCHLD set to SIG_IGN, the CPU time of a child that
 * was never waited for is not added to RUSAGE_CHILDREN.  The child burns
 * CPU until its own RUSAGE_SELF shows it (about a millisecond).  A
 * platform that counts it fails.
 *
 * AR_SIGCHLD: [probe] whether a child's termination still sends SIGCHLD
 * under SA_NOCLDWAIT (implementation-defined; Linux does): SIGCHLD,
 * blocked, is looked at once waitpid() has failed with ECHILD.
 */
enum ar_check { AR_WAITPID, AR_RUSAGE, AR_SIGCHLD };
struct autoreap_row {
	const char	*how;		/* "SIGCHLD ignored", "SA_NOCLDWAIT" */
	int		 nocldwait;	/* a handler with it, else SIG_IGN */
	enum ar_check	 check;
};

static enum fc_verdict
autoreap(const struct fc_case *c)
{
	const struct autoreap_row	*r = c->arg;
	enum fc_verdict			 v;
	struct sigaction		 sa;
	struct autoreap			 ar;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	if (r->nocldwait) {
		sa.sa_sigaction = on_chld;
		sa.sa_flags = SA_SIGINFO | SA_NOCLDWAIT;
	} else
		sa.sa_handler = SIG_IGN;
	if ((v = autoreap_run(&sa, r->check == AR_RUSAGE, &ar)) != FC_PASS)
		return v;
	if (r->check == AR_RUSAGE && ar.child_us <= 0)
		return fc_skip("the child's CPU time stayed 0 after %d ms of "
		    "CPU: too coarse to measure", RUSAGE_MAX_MS);
	if (r->check == AR_WAITPID || ar.waited != -1 || ar.live != 0 ||
	    ar.alive)
		return autoreap_verdict(&ar, r->how);
	if (r->check == AR_RUSAGE && ar.delta_us != 0)
		return fc_fail("RUSAGE_CHILDREN grew by %ld us after an "
		    "ignored child that used %ld us; want no change",
		    ar.delta_us, ar.child_us);
	if (r->check == AR_SIGCHLD)
		fc_note("under SA_NOCLDWAIT a child's termination %s SIGCHLD",
		    ar.pending == 1 ? "sends" : "does not send");
	return FC_PASS;
}

static const struct autoreap_row ign_autoreap = {
	"SIGCHLD ignored", 0, AR_WAITPID
};
static const struct autoreap_row ign_autoreap_rusage = {
	"SIGCHLD ignored", 0, AR_RUSAGE
};
static const struct autoreap_row nocldwait = {
	"SA_NOCLDWAIT", 1, AR_WAITPID
};
/* Whether SA_NOCLDWAIT sends SIGCHLD: a probe, recorded, never failed. */
static const struct autoreap_row nocldwait_sigchld = {
	"SA_NOCLDWAIT", 1, AR_SIGCHLD
};

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
	r = fc_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT);
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
	struct fc_gate	go;
	pid_t	pid;
	int	status;
	char	st[64];

	if (set_action(SIGUSR2, SIG_IGN, 0) == -1 ||
	    set_action(SIGHUP, SIG_IGN, 0) == -1 ||
	    set_action(SIGINT, SIG_IGN, 0) == -1 ||
	    set_action(SIGCHLD, SIG_IGN, 0) == -1)
		return fc_broken("sigaction");
	if (fc_gate_init(&go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_waiter(&go);
		if (fc_gate_wait(&go) == -1)
			fc_exit(IGN_SYNC);
		(void)fc_exec_helper(NULL);
		fc_exit(IGN_EXEC);
	}
	fc_gate_opener(&go);
	if (set_action(SIGCHLD, SIG_DFL, 0) == -1)
		return fc_broken("sigaction SIGCHLD");
	if (fc_gate_open(&go) == -1)
		return fc_broken("write");
	fc_gate_close(&go);
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
 * Recorded, never failed.
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
	fc_sub_report(fd, &r, sizeof(r));
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

const struct fc_case fc_sig_reap_cases[] = {
	{ .id = "sig.ign-autoreap",
	  .run = autoreap, .arg = &ign_autoreap, .tier = FC_CORE,
	  .spec = "XSH wait: with SIGCHLD ignored, wait blocks until the "
	  "children are gone, then ECHILD" },
	{ .id = "sig.ign-autoreap/rusage",
	  .run = autoreap, .arg = &ign_autoreap_rusage,
	  .tier = FC_CORE,
	  .spec = "XSH _exit: with SIGCHLD ignored, a child's usage is not "
	  "added to RUSAGE_CHILDREN" },
	{ .id = "sig.nocldwait",
	  .run = autoreap, .arg = &nocldwait, .tier = FC_CORE,
	  .spec = "XSH sigaction SA_NOCLDWAIT: no zombies; wait blocks, "
	  "then ECHILD" },
	{ .id = "sig.nocldwait/sigchld",
	  .run = autoreap, .arg = &nocldwait_sigchld,
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
