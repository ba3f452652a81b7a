/*
 * lim.c: limits and fork's failure path (XSH fork ERRORS: [EAGAIN] "the
 * system-imposed limit on the total number of processes under execution
 * by a single user would be exceeded"; RETURN VALUE: "errno set to
 * indicate the error"), and resource limits across fork (XSH fork: "all
 * other process characteristics"; "the initial value of the CPU-time
 * clock of the child process shall be set to zero").
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define NPROC_LIMIT	8	/* the bomb's RLIMIT_NPROC */
#define NPROC_TRIES	32	/* forks tried before calling the limit ignored */

#define RLIM_SCAN	64	/* resource numbers rlimits-inherited tries */

#define CPU_LIMIT	1	/* RLIMIT_CPU of rlimit-cpu-fresh, seconds */
#define CPU_BURN_MS	1000	/* CPU the parent burns, at least */
#define CPU_BURN_MAX_MS	3000	/* guard (CPU time, scaled): no SIGXCPU */
#define CPU_CHILD_MS	30	/* CPU the child burns: a few clock ticks */

struct bomb {
	int	setup;		/* 0, or the errno of the failed setup */
	int	step;		/* which setup step failed */
	int	forked;		/* successful forks before the failure */
	int	failed;		/* a fork returned -1 */
	int	error;		/* errno of the failed fork */
	int	killed;		/* children killed and reaped */
	int	stray;		/* waitpid(-1, WNOHANG) found another child */
	int	prepared;	/* prepare handler runs, up to the failure */
	int	parented;	/* parent handler runs, up to the failure */
};

/* Fork handlers of lim.errno-preserved: they count and clobber errno. */
static volatile int	prepared, parented;

static void
clobber_prepare(void)
{
	prepared++;
	errno = 0;
}

static void
clobber_parent(void)
{
	parented++;
	errno = 0;
}

static void
clobber_child(void)
{
	errno = 0;
}

/*
 * In the disposable child: drop privilege, set the limit, install the
 * errno-clobbering fork handlers if asked, fork until refused.
 */
static void FC_DEAD
bomb(int fd, int clobber)
{
	struct fc_gate	hold;
	struct bomb	 b;
	struct rlimit	 rl = { NPROC_LIMIT, NPROC_LIMIT };
	pid_t		 kids[NPROC_TRIES];
	int		 i, status;
	char		 c;

	memset(&b, 0, sizeof(b));
	if (fc_gate_init(&hold) == -1) {
		b.setup = errno;
		b.step = 1;
	} else if (fc_unprivileged() == -1) {
		b.setup = errno;
		b.step = 2;
	} else if (setrlimit(RLIMIT_NPROC, &rl) == -1) {
		b.setup = errno;
		b.step = 3;
	} else if (clobber && (errno = pthread_atfork(clobber_prepare,
	    clobber_parent, clobber_child)) != 0) {
		b.setup = errno;
		b.step = 4;
	}
	if (b.setup != 0)
		fc_sub_report(fd, &b, sizeof(b));

	for (i = 0; i < NPROC_TRIES; i++) {
		if ((kids[i] = fork()) == -1) {
			b.error = errno;
			b.failed = 1;
			b.prepared = prepared;
			b.parented = parented;
			break;
		}
		if (kids[i] == 0) {
			fc_gate_waiter(&hold);
			(void)fc_read_all(hold.rd, &c, 1);
			_exit(0);
		}
		b.forked++;
	}
	for (i = 0; i < b.forked; i++) {
		kill(kids[i], SIGKILL);
		if (fc_waitpid(kids[i], &status, 0) == kids[i] &&
		    WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
			b.killed++;
	}
	if (fc_waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD)
		b.stray = 1;
	fc_sub_report(fd, &b, sizeof(b));
}

/*
 * Runs the bomb in a disposable child and judges what is common to
 * lim.eagain-nproc and lim.errno-preserved; FC_PASS means go on.  Under
 * an emulator the limit cannot be measured: the host kernel counts the
 * emulator's helper threads too (qemu-user starts one in every child).
 */
static enum fc_verdict
run_bomb(struct bomb *b, int clobber)
{
	static const char *const steps[] = {
		"", "pipe", "fc_unprivileged", "setrlimit", "pthread_atfork"
	};
	struct fc_sub	sub;
	ssize_t		n;
	int		status;
	char		st[64];

	if (fc_emulator() != NULL)
		return fc_skip("under %s RLIMIT_NPROC also counts the "
		    "emulator's own threads: a forked child can die starting "
		    "one instead of fork failing", fc_emulator());
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		bomb(sub.fd, clobber);
	n = fc_read_all(sub.fd, b, sizeof(*b));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(*b))
		return fc_brokenx("the disposable child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (b->step == 2)
		return fc_skip("cannot drop privileges for RLIMIT_NPROC: %s",
		    strerror(b->setup));
	if (b->step != 0) {
		errno = b->setup;
		return fc_broken("%s", steps[b->step]);
	}
	fc_note("forks before the limit: %d of RLIMIT_NPROC %d", b->forked,
	    NPROC_LIMIT);
	if (!b->failed)
		return fc_fail("fork succeeded %d times with RLIMIT_NPROC=%d",
		    b->forked, NPROC_LIMIT);
	return FC_PASS;
}

/*
 * A bounded fork bomb in a disposable unprivileged child (an unused uid
 * when run as root, since root ignores RLIMIT_NPROC) with RLIMIT_NPROC of
 * 8: the fork loop must end with -1/EAGAIN, no more children than the
 * limit allows may exist, none may appear on failure, and every one is
 * killed and reaped.  A platform that ignores the limit, fails with
 * another errno or creates a child on failure fails.
 */
static enum fc_verdict
eagain_nproc(const struct fc_case *c FC_UNUSED)
{
	struct bomb	b;
	enum fc_verdict	v;

	if ((v = run_bomb(&b, 0)) != FC_PASS)
		return v;
	if (b.error != EAGAIN)
		return fc_fail("fork failed with %s, want EAGAIN",
		    strerror(b.error));
	if (b.forked > NPROC_LIMIT - 1)
		return fc_fail("%d children forked under RLIMIT_NPROC=%d, at "
		    "most %d may exist", b.forked, NPROC_LIMIT,
		    NPROC_LIMIT - 1);
	if (b.stray)
		return fc_fail("a child exists that fork() did not report: the "
		    "failed fork created a process");
	if (b.killed != b.forked)
		return fc_fail("only %d of %d children were killed and reaped",
		    b.killed, b.forked);
	return FC_PASS;
}

/*
 * As lim.eagain-nproc, with fork handlers (pthread_atfork) whose prepare,
 * parent and child handlers set errno to 0: the fork that fails must still
 * leave EAGAIN in errno.  A C library that lets its handlers clobber the
 * failed fork's errno (musl before 1.1.19) fails, and so does one that
 * does not run the prepare handler for every fork call.
 */
static enum fc_verdict
errno_preserved(const struct fc_case *c FC_UNUSED)
{
	struct bomb	b;
	enum fc_verdict	v;

	if ((v = run_bomb(&b, 1)) != FC_PASS)
		return v;
	fc_note("fork handler runs up to the failed fork: prepare %d, "
	    "parent %d", b.prepared, b.parented);
	if (b.prepared != b.forked + 1)
		return fc_fail("the prepare handler ran %d times for %d calls "
		    "of fork()", b.prepared, b.forked + 1);
	if (b.error == 0)
		return fc_fail("fork() returned -1 with errno 0: the fork "
		    "handlers' errno = 0 replaced the error");
	if (b.error != EAGAIN)
		return fc_fail("fork() failed with %s, want EAGAIN",
		    strerror(b.error));
	return FC_PASS;
}

/* The POSIX resources by name; the platform's others go by number. */
static const struct {
	int		 resource;
	const char	*name;
} rlim_names[] = {
	{ RLIMIT_CORE, "RLIMIT_CORE" },
	{ RLIMIT_CPU, "RLIMIT_CPU" },
	{ RLIMIT_DATA, "RLIMIT_DATA" },
	{ RLIMIT_FSIZE, "RLIMIT_FSIZE" },
	{ RLIMIT_NOFILE, "RLIMIT_NOFILE" },
	{ RLIMIT_STACK, "RLIMIT_STACK" },
	{ RLIMIT_AS, "RLIMIT_AS" }
};

/* Every resource number the platform knows, and its limits. */
struct limits {
	struct rlimit	rl[RLIM_SCAN];
	char		ok[RLIM_SCAN];	/* getrlimit() knew the number */
};

static void
get_limits(struct limits *l)
{
	int	r;

	memset(l, 0, sizeof(*l));
	for (r = 0; r < RLIM_SCAN; r++)
		l->ok[r] = getrlimit(r, &l->rl[r]) == 0;
}

/*
 * Moves one resource's limits to values of our own, as far as an
 * unprivileged process may: a finite hard limit down by one, a soft limit
 * down by one (an infinite one to a large finite value, 0 and 1 up by
 * one).  Where the platform refuses, tries the soft limit alone.  Returns
 * whether anything changed.
 */
static int
move_limit(int r, const struct rlimit *old)
{
	struct rlimit	nl = *old;
	/*
	 * Large but finite: Linux turns CPU seconds into nanoseconds in 64
	 * bits, and a soft RLIMIT_CPU of 2^60 s would fire at once.
	 */
	rlim_t		big = 0x7fffffff;

	if (old->rlim_max != RLIM_INFINITY && old->rlim_max >= 2)
		nl.rlim_max = old->rlim_max - 1;
	if (old->rlim_cur == RLIM_INFINITY)
		nl.rlim_cur = big;
	else if (old->rlim_cur >= 2)
		nl.rlim_cur = old->rlim_cur - 1;
	else
		nl.rlim_cur = old->rlim_cur + 1;
	if (nl.rlim_max != RLIM_INFINITY && nl.rlim_cur > nl.rlim_max)
		nl.rlim_cur = nl.rlim_max;
	if (setrlimit(r, &nl) == 0)
		return nl.rlim_cur != old->rlim_cur ||
		    nl.rlim_max != old->rlim_max;
	nl.rlim_max = old->rlim_max;
	return setrlimit(r, &nl) == 0 && nl.rlim_cur != old->rlim_cur;
}

static const char *
rlim_str(rlim_t v, char *buf, size_t len)
{
	if (v == RLIM_INFINITY)
		snprintf(buf, len, "infinity");
	else
		snprintf(buf, len, "%ju", (uintmax_t)v);
	return buf;
}

static const char *
rlim_name(int r, char *buf, size_t len)
{
	size_t	i;

	for (i = 0; i < sizeof(rlim_names) / sizeof(rlim_names[0]); i++)
		if (rlim_names[i].resource == r)
			return rlim_names[i].name;
	snprintf(buf, len, "resource %d", r);
	return buf;
}

/*
 * The child has the parent's soft and hard limit for every resource the
 * platform knows (resource numbers 0 to 63, by getrlimit).  The parent
 * first moves each limit to a value of its own, so that a child given
 * default or start-up limits shows.  A platform that resets any limit in
 * the child fails.
 */
static enum fc_verdict
rlimits_inherited(const struct fc_case *c FC_UNUSED)
{
	struct limits	mine, seen;
	struct fc_sub	sub;
	ssize_t		n;
	int		r, moved = 0, bad = 0, first = -1, status;
	char		st[64], name[32], a[32], b[32], c3[32], d[32];

	get_limits(&mine);
	for (r = 0; r < RLIM_SCAN; r++)
		if (mine.ok[r])
			moved += move_limit(r, &mine.rl[r]);
	if (moved == 0)
		return fc_brokenx("no resource limit could be changed");
	get_limits(&mine);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		get_limits(&seen);
		fc_sub_report(sub.fd, &seen, sizeof(seen));
	}
	n = fc_read_all(sub.fd, &seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_fail("the child %s before reporting its limits",
		    fc_status(status, st, sizeof(st)));
	for (r = 0; r < RLIM_SCAN; r++) {
		if (mine.ok[r] != seen.ok[r] || (mine.ok[r] &&
		    (mine.rl[r].rlim_cur != seen.rl[r].rlim_cur ||
		    mine.rl[r].rlim_max != seen.rl[r].rlim_max))) {
			bad++;
			if (first == -1)
				first = r;
		}
	}
	if (bad == 0)
		return FC_PASS;
	r = first;
	if (mine.ok[r] != seen.ok[r])
		return fc_fail("%d limits differ; getrlimit(%s) %s in the "
		    "child but %s in the parent", bad, rlim_name(r, name,
		    sizeof(name)), seen.ok[r] ? "works" : "fails",
		    mine.ok[r] ? "works" : "fails");
	return fc_fail("%d limits differ; %s in the child is soft %s hard "
	    "%s, want the parent's soft %s hard %s", bad,
	    rlim_name(r, name, sizeof(name)),
	    rlim_str(seen.rl[r].rlim_cur, a, sizeof(a)),
	    rlim_str(seen.rl[r].rlim_max, b, sizeof(b)),
	    rlim_str(mine.rl[r].rlim_cur, c3, sizeof(c3)),
	    rlim_str(mine.rl[r].rlim_max, d, sizeof(d)));
}

/* The calling process's CPU time in milliseconds, or -1. */
static long
cpu_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == -1)
		return -1;
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 if SIGXCPU is pending for the calling thread or its process. */
static int
xcpu_pending(void)
{
	sigset_t	set;

	if (sigpending(&set) == -1)
		return -1;
	return sigismember(&set, SIGXCPU) == 1;
}

/*
 * How much CPU time the disposable parent may burn waiting for its
 * SIGXCPU: CPU_BURN_MAX_MS scaled, never less than that (a multiplier
 * below 1 must not stop the burn short of the limit).
 */
static long
burn_max_ms(void)
{
	int	ms = fc_guard_ms(CPU_BURN_MAX_MS);

	return ms < CPU_BURN_MAX_MS ? CPU_BURN_MAX_MS : ms;
}

/*
 * Burns CPU until the process has used CPU_BURN_MS and its SIGXCPU is
 * pending, or burn_max_ms().  In one thread: where threads are processes
 * of their own (dietlibc), a second one would outlive the case.
 */
static void
burn(void)
{
	volatile unsigned long	i;
	long			ms, max = burn_max_ms();

	while ((ms = cpu_ms()) >= 0 && ms < max) {
		if (ms >= CPU_BURN_MS && xcpu_pending() == 1)
			break;
		/* Some 100 us in user mode between looks at the clock. */
		for (i = 0; i < 100000; i++)
			continue;
	}
}

/* What lim.rlimit-cpu-fresh's disposable parent sends the case. */
struct cpu_fresh {
	int	step;		/* the setup step that failed, 0 if none */
	int	error;		/* its errno */
	rlim_t	hard;		/* the hard RLIMIT_CPU, if too low */
	long	parent_ms;	/* the parent's CPU time at fork */
	int	parent_xcpu;	/* its SIGXCPU was pending */
	rlim_t	soft[2];	/* its soft limit just before and after fork */
	int	reported;	/* the child reported */
	int	status;		/* the child's wait status */
	struct {
		rlim_t	soft;	/* the soft limit it inherited */
		int	start;	/* SIGXCPU pending right after fork */
		int	end;	/* ... after it burnt CPU_CHILD_MS */
		long	ms;	/* its CPU clock then */
	} child;
};

/*
 * The child: records the limit it inherited and sets it to CPU_LIMIT
 * again (past its soft limit, Linux moves the parent's up by a second
 * with each SIGXCPU), burns CPU_CHILD_MS, a few clock ticks, and reports
 * whether SIGXCPU came.
 */
static void FC_DEAD
cpu_child(int fd, struct cpu_fresh *c)
{
	struct rlimit	rl;

	c->child.start = xcpu_pending();
	if (getrlimit(RLIMIT_CPU, &rl) == -1)
		fc_exit(2);
	c->child.soft = rl.rlim_cur;
	rl.rlim_cur = CPU_LIMIT;
	if (setrlimit(RLIMIT_CPU, &rl) == -1 ||
	    fc_spin(CLOCK_PROCESS_CPUTIME_ID, CPU_CHILD_MS) == -1)
		fc_exit(3);
	c->child.end = xcpu_pending();
	c->child.ms = cpu_ms();
	fc_sub_report(fd, &c->child, sizeof(c->child));
}

/*
 * The disposable parent's setup: blocks SIGXCPU, sets RLIMIT_CPU to
 * CPU_LIMIT, burns past it until its SIGXCPU is pending.  Returns the
 * step that failed (errno set), or 0.
 */
static int
cpu_setup(struct cpu_fresh *c)
{
	struct rlimit	rl;
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, SIGXCPU);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		return 1;
	if (getrlimit(RLIMIT_CPU, &rl) == -1)
		return 2;
	if (rl.rlim_max != RLIM_INFINITY &&
	    rl.rlim_max <= (rlim_t)burn_max_ms() / 1000 + 1) {
		c->hard = rl.rlim_max;
		return 0;
	}
	rl.rlim_cur = CPU_LIMIT;
	if (setrlimit(RLIMIT_CPU, &rl) == -1)
		return 3;
	burn();
	if ((c->parent_ms = cpu_ms()) == -1)
		return 4;
	c->parent_xcpu = xcpu_pending();
	return 0;
}

/* The disposable parent: its setup, then the child. */
static void FC_DEAD
cpu_parent(int fd)
{
	struct cpu_fresh c;
	struct rlimit	 rl;
	struct fc_sub	 sub;
	ssize_t		 n;

	memset(&c, 0, sizeof(c));
	c.step = cpu_setup(&c);
	c.error = errno;
	if (c.step != 0 || c.hard != 0 || c.parent_xcpu != 1)
		fc_sub_report(fd, &c, sizeof(c));
	c.soft[0] = getrlimit(RLIMIT_CPU, &rl) == 0 ? rl.rlim_cur : 0;
	if (fc_sub_fork(&sub) == -1) {
		c.step = 5;
		c.error = errno;
		fc_sub_report(fd, &c, sizeof(c));
	}
	if (sub.pid == 0)
		cpu_child(sub.fd, &c);
	c.soft[1] = getrlimit(RLIMIT_CPU, &rl) == 0 ? rl.rlim_cur : 0;
	n = fc_read_all(sub.fd, &c.child, sizeof(c.child));
	c.reported = n == (ssize_t)sizeof(c.child);
	if (fc_sub_wait(&sub, &c.status) == -1) {
		c.step = 6;
		c.error = errno;
	}
	fc_sub_report(fd, &c, sizeof(c));
}

/*
 * A disposable parent burns more CPU time than its soft RLIMIT_CPU of one
 * second, gets its SIGXCPU (blocked, pending),
 * and forks.  The child inherits the limit, but its CPU clock starts at
 * zero: after a few ticks' worth of CPU it has no SIGXCPU pending and its
 * clock is below the parent's at fork (over a second).  A platform that
 * carries the parent's CPU time (or its pending SIGXCPU) into the child
 * fails, and so does one that never sends the parent its SIGXCPU.  About
 * 1 s of wall time on an idle CPU; the timeout allows for a loaded
 * machine, where CPU time comes slowly.
 */
static enum fc_verdict
rlimit_cpu_fresh(const struct fc_case *c FC_UNUSED)
{
	static const char *const steps[] = {
		"", "sigprocmask", "getrlimit", "setrlimit",
		"clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", "fork", "waitpid"
	};
	struct cpu_fresh cf;
	struct fc_sub	 sub;
	ssize_t		 n;
	int		 status;
	char		 st[64], a[32], b[32];

	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		cpu_parent(sub.fd);
	n = fc_read_all(sub.fd, &cf, sizeof(cf));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(cf))
		return fc_brokenx("the disposable parent %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (cf.step == 4 && cf.error == EINVAL)
		return fc_skip("no CLOCK_PROCESS_CPUTIME_ID here");
	if (cf.step != 0) {
		errno = cf.error;
		return fc_broken("%s", steps[cf.step]);
	}
	if (cf.hard != 0)
		return fc_skip("the hard RLIMIT_CPU (%s s) is too low to burn "
		    "past a soft limit of %d s", rlim_str(cf.hard, a,
		    sizeof(a)), CPU_LIMIT);
	/* burn() stops at burn_max_ms() of CPU time, not of wall time. */
	if (cf.parent_xcpu != 1 && cf.parent_ms > CPU_LIMIT * 1000L + 500)
		return fc_fail("no SIGXCPU pending in a parent that used %ld "
		    "ms of CPU under a soft RLIMIT_CPU of %d s: XSH getrlimit "
		    "says exceeding it generates SIGXCPU", cf.parent_ms,
		    CPU_LIMIT);
	if (cf.parent_xcpu != 1)
		return fc_brokenx("the parent stopped burning at %ld ms of "
		    "CPU, short of its %d s RLIMIT_CPU", cf.parent_ms,
		    CPU_LIMIT);
	if (!cf.reported)
		return fc_fail("the child %s before reporting",
		    fc_status(cf.status, st, sizeof(st)));
	if (cf.child.soft != cf.soft[0] && cf.child.soft != cf.soft[1])
		return fc_fail("the child's soft RLIMIT_CPU is %s s, want the "
		    "parent's %s s", rlim_str(cf.child.soft, a, sizeof(a)),
		    rlim_str(cf.soft[0], b, sizeof(b)));
	if (cf.child.start != 0)
		return fc_fail("SIGXCPU is pending in the child right after "
		    "fork: the parent's pending signal was inherited");
	if (cf.child.end != 0)
		return fc_fail("SIGXCPU came after the child used %d ms of "
		    "CPU under RLIMIT_CPU %d s (its clock reads %ld ms, the "
		    "parent's %ld ms): the parent's CPU time counts against "
		    "the child", CPU_CHILD_MS, CPU_LIMIT, cf.child.ms,
		    cf.parent_ms);
	if (cf.child.ms < 0 || cf.child.ms >= cf.parent_ms)
		return fc_fail("the child's CPU clock reads %ld ms after it "
		    "used %d ms, want less than the parent's %ld ms at fork: "
		    "it did not start at zero", cf.child.ms, CPU_CHILD_MS,
		    cf.parent_ms);
	return FC_PASS;
}

const struct fc_case fc_lim_cases[] = {
	{ .id = "lim.eagain-nproc", .run = eagain_nproc, .tier = FC_CORE,
	  .spec = "XSH fork ERRORS: [EAGAIN] the per-user process limit "
	  "would be exceeded; no child is created" },
	{ .id = "lim.errno-preserved", .run = errno_preserved,
	  .tier = FC_CORE,
	  .spec = "XSH fork RETURN VALUE: -1 with errno set to indicate the "
	  "error, even when fork handlers change errno" },
	{ .id = "lim.rlimits-inherited", .run = rlimits_inherited,
	  .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "soft and hard limit of every resource; XSH getrlimit" },
	{ .id = "lim.rlimit-cpu-fresh", .run = rlimit_cpu_fresh,
	  .tier = FC_CORE, .timeout = 30,
	  .spec = "XSH fork: the child's CPU-time clock starts at zero, so "
	  "an inherited RLIMIT_CPU its parent is past does not fire" },
	{ .id = NULL }
};
