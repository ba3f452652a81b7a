/*
 * wait-life.c: a child's life after fork as its parent waits for it:
 * stop and continue events, threads, resource usage, zombies, reparenting
 * and exec (XSH wait, waitid; XSH _exit, "Consequences of Process
 * Termination"; XSH getrusage, times; XSH exec).
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

static void
on_chld_noop(int sig)
{
	(void)sig;
}

/*
 * Forks a held child (h) that stops itself and, once continued, posts on
 * *post, then exits with code when released.  SIGCHLD is blocked, with a
 * handler, so that the child's stop leaves it pending.  Returns once the
 * stop's SIGCHLD came (fc_sigwait): from then on the stop is the child's
 * state, which a wait with WNOHANG must report; no wait that could miss
 * the event blocks.
 */
static enum fc_verdict
stopper_start(struct held *h, int *post, int code)
{
	struct sigaction	sa;
	sigset_t		set;
	int			hfd[2], pfd[2], sig;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_chld_noop;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1 ||
	    sigaction(SIGCHLD, &sa, NULL) == -1)
		return fc_broken("sigaction SIGCHLD");
	if (fc_pipe(hfd) == -1 || fc_pipe(pfd) == -1)
		return fc_broken("pipe");
	if ((h->pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (h->pid == 0) {
		close(hfd[1]);
		close(pfd[0]);
		raise(SIGSTOP);
		if (fc_sync_post(pfd[1]) == -1)
			fc_exit(1);
		(void)fc_sync_wait(hfd[0]);
		fc_exit(code);
	}
	close(hfd[0]);
	close(pfd[1]);
	h->fd = hfd[1];
	*post = pfd[0];
	if (fc_sigwait(&set, &sig) == -1)
		return fc_broken("sigwait");
	if (sig != SIGCHLD)
		return fc_brokenx("sigwait: signal %d, want SIGCHLD", sig);
	return FC_PASS;
}

/* Continues the stopped child and waits until it has run (it posts). */
static enum fc_verdict
stopper_continue(struct held *h, int post)
{
	if (kill(h->pid, SIGCONT) == -1)
		return fc_broken("kill(SIGCONT)");
	if (fc_sync_wait(post) == -1)
		return fc_brokenx("the continued child did not post");
	return FC_PASS;
}

static enum fc_verdict
stop_continue_run(struct held *h, int *post)
{
	enum fc_verdict	v;
	pid_t		got;
	int		status;
	char		st[64];

	if ((v = stopper_start(h, post, 71)) != FC_PASS)
		return v;
	if ((got = fc_waitpid(h->pid, &status, WUNTRACED | WNOHANG)) !=
	    h->pid)
		return fc_fail("waitpid(WUNTRACED | WNOHANG) on a child whose "
		    "stop raised SIGCHLD returned %ld (%s), want its pid",
		    (long)got, got == -1 ? strerror(errno) : "no event");
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		return fc_fail("waitpid(WUNTRACED): %s, want stopped by "
		    "SIGSTOP", fc_status(status, st, sizeof(st)));
	if ((got = fc_waitpid(h->pid, &status, WUNTRACED | WNOHANG)) != 0)
		return fc_fail("a second waitpid(WUNTRACED | WNOHANG) "
		    "returned %ld (%s), want 0: the stop was reported twice",
		    (long)got, got == -1 ? strerror(errno) :
		    fc_status(status, st, sizeof(st)));
	if ((v = stopper_continue(h, *post)) != FC_PASS)
		return v;
	if ((got = fc_waitpid(h->pid, &status, WCONTINUED | WNOHANG)) !=
	    h->pid)
		return fc_fail("waitpid(WCONTINUED | WNOHANG) on a child that "
		    "was continued and has run returned %ld (%s), want its "
		    "pid", (long)got, got == -1 ? strerror(errno) :
		    "no event");
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
 * normally.  Each event is asked for with WNOHANG once it has certainly
 * happened (the stop's SIGCHLD came; the continued child has run), so a
 * platform that misses an event fails instead of hanging, as does one
 * that repeats an event or encodes it wrongly.
 */
static enum fc_verdict
stop_continue(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;
	int		post = -1;

	held_init(&h, 1);
	v = stop_continue_run(&h, &post);
	drop(&h, 1);
	fc_close(&post);
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
stop_continue_waitid_run(struct held *h, int *post)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;

	if ((v = stopper_start(h, post, 72)) != FC_PASS)
		return v;
	pid = h->pid;
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WSTOPPED | WNOHANG) == -1)
		return fc_fail("waitid(WSTOPPED | WNOHANG): %s",
		    strerror(errno));
	if (si.si_pid == 0)
		return fc_fail("waitid(WSTOPPED | WNOHANG) on a child whose "
		    "stop raised SIGCHLD reported no event");
	if ((v = check_event_si("waitid(WSTOPPED)", &si, pid, CLD_STOPPED,
	    "CLD_STOPPED", SIGSTOP)) != FC_PASS)
		return v;
	junk_si(&si);
	if (fc_waitid(P_PID, (id_t)pid, &si, WSTOPPED | WNOHANG) == -1 ||
	    si.si_pid != 0)
		return fc_fail("a second waitid(WSTOPPED | WNOHANG) did not "
		    "return 0 with si_pid 0 (si_pid %ld): the stop was "
		    "reported twice", (long)si.si_pid);
	if ((v = stopper_continue(h, *post)) != FC_PASS)
		return v;
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WCONTINUED | WNOHANG) == -1)
		return fc_fail("waitid(WCONTINUED | WNOHANG): %s",
		    strerror(errno));
	if (si.si_pid == 0)
		return fc_fail("waitid(WCONTINUED | WNOHANG) on a child that "
		    "was continued and has run reported no event");
	if ((v = check_event_si("waitid(WCONTINUED)", &si, pid, CLD_CONTINUED,
	    "CLD_CONTINUED", SIGCONT)) != FC_PASS)
		return v;
	junk_si(&si);
	if (fc_waitid(P_PID, (id_t)pid, &si,
	    WSTOPPED | WCONTINUED | WNOHANG) == -1 || si.si_pid != 0)
		return fc_fail("a second waitid(WCONTINUED | WSTOPPED | "
		    "WNOHANG) did not return 0 with si_pid 0 (si_pid %ld)",
		    (long)si.si_pid);
	if (release(h) == -1)
		return fc_broken("write");
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED) == -1)
		return fc_fail("waitid(WEXITED): %s", strerror(errno));
	h->pid = -1;
	return check_exited_si("waitid(WEXITED)", &si, pid, 72);
}

/*
 * The same events through waitid(): WSTOPPED gives CLD_STOPPED with
 * si_status SIGSTOP, WCONTINUED gives CLD_CONTINUED with si_status
 * SIGCONT, once each, then WEXITED the exit; each asked for with WNOHANG
 * once it has certainly happened.  A platform with missing, wrong or
 * repeated events fails.
 */
static enum fc_verdict
stop_continue_waitid(const struct fc_case *c FC_UNUSED)
{
	struct held	h;
	enum fc_verdict	v;
	int		post = -1;

	held_init(&h, 1);
	v = stop_continue_waitid_run(&h, &post);
	drop(&h, 1);
	fc_close(&post);
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
	struct fc_gate	ready, park;
	struct forker	f;
	pthread_t	t;
	enum fc_verdict	v;
	int		i, status, e;

	if ((v = fc_need_threads(
	    "children shared by a process's threads")) != FC_PASS)
		return v;
	memset(&f, 0, sizeof(f));
	f.pid[0] = f.pid[1] = -1;
	if (fc_gate_init(&ready) == -1 || fc_gate_init(&park) == -1)
		return fc_broken("pipe");
	f.ready = ready.wr;
	f.park = park.rd;
	if ((e = pthread_create(&t, NULL, forker, &f)) != 0) {
		errno = e;
		return fc_broken("pthread_create");
	}
	v = sibling_thread_run(&f, ready.rd);
	fc_gate_waiter(&park);
	if ((e = pthread_join(t, NULL)) != 0 && v == FC_PASS) {
		errno = e;
		v = fc_broken("pthread_join");
	}
	for (i = 0; i < 2; i++)
		if (f.pid[i] > 0)
			(void)fc_waitpid(f.pid[i], &status, 0);
	fc_gate_opener(&ready);
	fc_gate_close(&ready);
	fc_gate_close(&park);
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
 * not change.  A platform that adds auto-reaped children, or does not
 * reap them (waitpid() returns the child), fails.
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
	if (got == -1 && errno != ECHILD)
		return fc_broken("waitpid(-1)");
	if (got != -1)
		return fc_fail("SIGCHLD is ignored, yet waitpid(-1) returned "
		    "%ld, want -1 ECHILD: the child was not reaped by the "
		    "system", (long)got);
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
 * platform that leaves G pointing to its dead parent, or to no process
 * at all (0, or a pid nobody has), fails.
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
			fc_sub_report(rep[1], &seen, sizeof(seen));
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
	if (seen <= 0)
		return fc_fail("the orphan's getppid() is %ld, want its new "
		    "parent's pid (init or a subreaper)", (long)seen);
	if (seen != 1 && kill(seen, 0) == -1 && errno == ESRCH)
		return fc_fail("the orphan's getppid() is %ld, a process that "
		    "does not exist, want init or a subreaper", (long)seen);
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
 * A child that execs (confirmed by EOF on a close-on-exec pipe) keeps its
 * pid and parent, and waitpid() returns the new image's status, 42.  A
 * platform that changes the pid on exec, or loses the status, fails.
 *
 * With c->arg (an int) non-zero, a second thread of the child calls exec:
 * the new image still has the child's pid (the thread takes over the
 * process) and the parent reaps it with status 42.  A platform that gives
 * the new image the thread's id, or reports the old threads' end, fails.
 */
static enum fc_verdict
after_exec(const struct fc_case *c)
{
	enum fc_verdict	v;
	const int	threaded = *(const int *)c->arg;
	struct exec_fds	x;
	pthread_t	t;
	pid_t		pid, ids[2];
	ssize_t		n;
	int		ex[2], rep[2], e, status;
	char		st[64];

	if (threaded &&
	    (v = fc_need_threads("exec from a second thread")) != FC_PASS)
		return v;
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

/* The rows' parameter: exec from the main thread, or from a second one. */
static const int	from_main = 0, from_thread = 1;

const struct fc_case fc_wait_life_cases[] = {
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
	{ .id = "wait.after-exec", .run = after_exec, .arg = &from_main,
	  .tier = FC_CORE, .helper = exec_helper,
	  .spec = "XSH exec: the new image keeps pid and parent; the parent "
	  "waits for its status" },
	{ .id = "wait.after-exec/thread", .run = after_exec,
	  .arg = &from_thread, .tier = FC_CORE, .helper = exec_helper,
	  .spec = "XSH exec: exec from a non-main thread keeps the pid; the "
	  "parent waits for its status" },
	{ .id = NULL }
};
