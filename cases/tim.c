/*
 * tim.c: timers and CPU accounting across fork (XSH fork: "The child
 * process' values of tms_utime, tms_stime, tms_cutime, and tms_cstime
 * shall be set to 0", "The time left until an alarm clock signal shall be
 * reset to zero, and the alarm, if any, shall be canceled", [XSI]
 * "Interval timers shall be reset in the child process", [CPT] and [TCT]
 * "The initial value of the CPU-time clock of the child process" and "of
 * the single thread of the child process shall be set to zero"; XSH
 * getrusage).  Where CPU time must pass, the cases spin (fc_spin()) for
 * a few tens of milliseconds; they never sleep.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define TICK_SPIN_MS	30	/* CPU time burnt for times(), 10 ms ticks */
#define SPIN_MS		20	/* CPU time burnt for the precise clocks */

/*
 * Burns ms of CPU time in the caller and, at the same time, in a child it
 * then reaps, so that the caller has both its own CPU time and its reaped
 * children's.  Returns 0, or -1 with errno set.
 */
static int
burn(long ms)
{
	pid_t	pid;
	int	status, r;

	if ((pid = fc_fork()) == -1)
		return -1;
	if (pid == 0)
		fc_exit(fc_spin(CLOCK_PROCESS_CPUTIME_ID, ms) == 0 ? 0 : 1);
	r = fc_spin(CLOCK_PROCESS_CPUTIME_ID, ms);
	if (fc_waitpid(pid, &status, 0) == -1 || r == -1)
		return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = ECHILD;
		return -1;
	}
	return 0;
}

/* Runs a child that sends len bytes of what fill() gathered; reaps it. */
static int
gather(void (*fill)(void *), void *buf, size_t len)
{
	struct fc_sub	sub;
	ssize_t		n;
	int		status;

	if (fc_sub_fork(&sub) == -1)
		return -1;
	if (sub.pid == 0) {
		fill(buf);
		fc_sub_report(sub.fd, buf, len);
	}
	n = fc_read_all(sub.fd, buf, len);
	if (fc_sub_wait(&sub, &status) == -1)
		return -1;
	if (n != (ssize_t)len || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		errno = EPIPE;
		return -1;
	}
	return 0;
}

static void
fill_alarm(void *buf)
{
	*(unsigned int *)buf = alarm(0);
}

/*
 * The parent sets alarm(100) and forks: in the child alarm(0) must
 * return 0 (no alarm pending), in the parent what is left of the 100 s
 * (100 less the seconds that passed, measured: no fixed allowance that a
 * paused or slow machine could exceed).  A platform that copies the
 * alarm into the child, or cancels the parent's, fails.
 */
static enum fc_verdict
alarm_cleared(const struct fc_case *c FC_UNUSED)
{
	struct timespec	t0, t1;
	unsigned int	left, mine;
	long		passed;

	if (clock_gettime(CLOCK_MONOTONIC, &t0) == -1)
		return fc_broken("clock_gettime");
	(void)alarm(100);
	if (gather(fill_alarm, &left, sizeof(left)) == -1) {
		alarm(0);
		return fc_broken("the child's report");
	}
	mine = alarm(0);
	if (clock_gettime(CLOCK_MONOTONIC, &t1) == -1)
		return fc_broken("clock_gettime");
	/* Whole seconds passed, rounded up, plus one for alarm's rounding. */
	passed = (long)(t1.tv_sec - t0.tv_sec) + 2;
	if (left != 0)
		return fc_fail("in the child alarm(0) returned %u, want 0: "
		    "the parent's alarm was inherited", left);
	if ((long)mine < 100 - passed || mine > 100)
		return fc_fail("after fork the parent's alarm has %u s left, "
		    "want %ld to 100 (%ld s passed at most)", mine,
		    100 - passed < 0 ? 0 : 100 - passed, passed);
	return FC_PASS;
}

static const int	itimers[3] = {
	ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF
};
static const char *const itimer_names[3] = {
	"ITIMER_REAL", "ITIMER_VIRTUAL", "ITIMER_PROF"
};

static int
itimer_armed(const struct itimerval *it)
{
	return it->it_value.tv_sec != 0 || it->it_value.tv_usec != 0 ||
	    it->it_interval.tv_sec != 0 || it->it_interval.tv_usec != 0;
}

static void
fill_itimers(void *buf)
{
	struct itimerval	*seen = buf;
	int			i;

	for (i = 0; i < 3; i++)
		if (getitimer(itimers[i], &seen[i]) == -1)
			seen[i].it_value.tv_sec = -1;
}

/*
 * The parent arms ITIMER_REAL, ITIMER_VIRTUAL and ITIMER_PROF (100 s,
 * reloading every 100 s) and forks: getitimer() in the child must show
 * each disarmed (value and interval 0), while the parent's stay armed.
 * A platform that copies interval timers into the child fails.
 */
static enum fc_verdict
itimers_reset(const struct fc_case *c FC_UNUSED)
{
	struct itimerval	arm, seen[3], mine;
	int			i;

	memset(&arm, 0, sizeof(arm));
	arm.it_value.tv_sec = arm.it_interval.tv_sec = 100;
	for (i = 0; i < 3; i++)
		if (setitimer(itimers[i], &arm, NULL) == -1)
			return fc_broken("setitimer %s", itimer_names[i]);
	if (gather(fill_itimers, seen, sizeof(seen)) == -1)
		return fc_broken("the child's report");
	for (i = 0; i < 3; i++) {
		if (seen[i].it_value.tv_sec == -1)
			return fc_fail("getitimer(%s) failed in the child",
			    itimer_names[i]);
		if (itimer_armed(&seen[i]))
			return fc_fail("the child's %s is armed: %lld.%06ld s "
			    "left, interval %lld.%06ld s, want 0",
			    itimer_names[i],
			    (long long)seen[i].it_value.tv_sec,
			    (long)seen[i].it_value.tv_usec,
			    (long long)seen[i].it_interval.tv_sec,
			    (long)seen[i].it_interval.tv_usec);
	}
	memset(&arm, 0, sizeof(arm));
	for (i = 0; i < 3; i++) {
		if (getitimer(itimers[i], &mine) == -1)
			return fc_broken("getitimer %s", itimer_names[i]);
		if (!itimer_armed(&mine))
			return fc_fail("after fork the parent's %s is "
			    "disarmed", itimer_names[i]);
		setitimer(itimers[i], &arm, NULL);
	}
	return FC_PASS;
}

static void
fill_times(void *buf)
{
	if (times(buf) == (clock_t)-1)
		((struct tms *)buf)->tms_cutime = (clock_t)-1;
}

/*
 * The parent burns 30 ms of CPU time while a child it then reaps does
 * the same, and forks: the new child's times() must report tms_cutime and
 * tms_cstime 0 and tms_utime + tms_stime below the parent's at fork (what
 * the child itself used, not the parent's 3 ticks or more; no fixed
 * threshold, which a slow or emulated child could pass).  A platform that
 * copies the CPU times into the child fails.
 */
static enum fc_verdict
times_zero(const struct fc_case *c FC_UNUSED)
{
	struct tms	before, seen;
	long		hz, need, own, kids;

	if ((hz = sysconf(_SC_CLK_TCK)) <= 0)
		return fc_broken("sysconf(_SC_CLK_TCK)");
	if (burn(TICK_SPIN_MS) == -1)
		return fc_broken("burning CPU time");
	if (times(&before) == (clock_t)-1)
		return fc_broken("times");
	if (gather(fill_times, &seen, sizeof(seen)) == -1)
		return fc_broken("the child's report");
	/* A tick is 1 / hz s: the spins show their length less a tick. */
	need = hz * TICK_SPIN_MS / 1000 - 1;
	own = (long)(before.tms_utime + before.tms_stime);
	kids = (long)(before.tms_cutime + before.tms_cstime);
	if (own < need || kids < need)
		return fc_brokenx("after a %d ms spin in the parent and in a "
		    "reaped child, times() shows %ld and %ld ticks, want at "
		    "least %ld", TICK_SPIN_MS, own, kids, need);
	if (seen.tms_cutime == (clock_t)-1)
		return fc_fail("times() failed in the child");
	if (seen.tms_cutime != 0 || seen.tms_cstime != 0)
		return fc_fail("in the child tms_cutime %ld and tms_cstime "
		    "%ld ticks, want 0 (the parent's are %ld and %ld)",
		    (long)seen.tms_cutime, (long)seen.tms_cstime,
		    (long)before.tms_cutime, (long)before.tms_cstime);
	if ((long)(seen.tms_utime + seen.tms_stime) >= own)
		return fc_fail("in the child tms_utime + tms_stime is %ld "
		    "ticks right after fork, want less than the parent's %ld "
		    "at fork: its CPU time did not start at 0",
		    (long)(seen.tms_utime + seen.tms_stime), own);
	return FC_PASS;
}

static int64_t
ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static clockid_t	fill_clock;

static void
fill_cpu_clock(void *buf)
{
	struct timespec	ts;

	*(int64_t *)buf = clock_gettime(fill_clock, &ts) == -1 ? -1 :
	    ts_ns(&ts);
}

/*
 * The parent spins until clk (its process or its thread CPU-time clock)
 * reads SPIN_MS more, and forks: the child's same clock, read at once,
 * must be below the parent's at fork (what the child used since fork,
 * not the parent's time too; a slow or emulated child may take several
 * ms to get there, so no fixed threshold).  A platform that copies the
 * clock fails.
 */
static enum fc_verdict
cpu_clock_zero(clockid_t clk, const char *name)
{
	struct timespec	ts;
	int64_t		mine, seen;

	if (clock_gettime(clk, &ts) == -1)
		return fc_skip("%s cannot be read: %s", name, strerror(errno));
	if (fc_spin(clk, SPIN_MS) == -1 || clock_gettime(clk, &ts) == -1)
		return fc_broken("spinning on %s", name);
	mine = ts_ns(&ts);
	fill_clock = clk;
	if (gather(fill_cpu_clock, &seen, sizeof(seen)) == -1)
		return fc_broken("the child's report");
	if (seen == -1)
		return fc_fail("%s cannot be read in the child", name);
	if (seen >= mine)
		return fc_fail("the child's %s reads %.3f ms right after "
		    "fork, want less than the parent's %.3f ms at fork: it "
		    "did not start at 0", name, seen / 1e6, mine / 1e6);
	return FC_PASS;
}

/*
 * The child's process CPU-time clock starts at zero: after the parent
 * burnt 20 ms, the child's CLOCK_PROCESS_CPUTIME_ID must read less than
 * the parent's.  A platform that copies the parent's CPU time fails.
 */
static enum fc_verdict
cpu_clocks_zero(const struct fc_case *c FC_UNUSED)
{
	return cpu_clock_zero(CLOCK_PROCESS_CPUTIME_ID,
	    "CLOCK_PROCESS_CPUTIME_ID");
}

/*
 * The same for the CPU-time clock of the child's single thread,
 * CLOCK_THREAD_CPUTIME_ID, after the forking thread burnt 20 ms.
 */
static enum fc_verdict
cpu_clocks_zero_thread(const struct fc_case *c FC_UNUSED)
{
	return cpu_clock_zero(CLOCK_THREAD_CPUTIME_ID,
	    "CLOCK_THREAD_CPUTIME_ID");
}

static int64_t
tv_us(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000 + tv->tv_usec;
}

static void
fill_rusage(void *buf)
{
	struct rusage	*seen = buf;

	if (getrusage(RUSAGE_SELF, &seen[0]) == -1 ||
	    getrusage(RUSAGE_CHILDREN, &seen[1]) == -1)
		seen[0].ru_utime.tv_sec = -1;
}

/*
 * After the parent and a child it reaped each burnt 20 ms, a new child's
 * getrusage(RUSAGE_SELF) must show less user + system time than the
 * parent's at fork (no fixed threshold: a slow or emulated child may take
 * ms to get there) and RUSAGE_CHILDREN none at all.  A platform that
 * copies the parent's resource usage into the child fails.
 */
static enum fc_verdict
rusage_self(const struct fc_case *c FC_UNUSED)
{
	struct rusage	before[2], seen[2];
	int64_t		own, kids, fresh;

	if (burn(SPIN_MS) == -1)
		return fc_broken("burning CPU time");
	if (getrusage(RUSAGE_SELF, &before[0]) == -1 ||
	    getrusage(RUSAGE_CHILDREN, &before[1]) == -1)
		return fc_broken("getrusage");
	if (gather(fill_rusage, seen, sizeof(seen)) == -1)
		return fc_broken("the child's report");
	own = tv_us(&before[0].ru_utime) + tv_us(&before[0].ru_stime);
	kids = tv_us(&before[1].ru_utime) + tv_us(&before[1].ru_stime);
	if (own < (SPIN_MS - 1) * 1000 || kids < (SPIN_MS - 1) * 1000)
		return fc_brokenx("after a %d ms spin in the parent and in a "
		    "reaped child, getrusage() shows %.3f and %.3f ms",
		    SPIN_MS, own / 1e3, kids / 1e3);
	if (seen[0].ru_utime.tv_sec == -1)
		return fc_fail("getrusage() failed in the child");
	if (tv_us(&seen[1].ru_utime) != 0 || tv_us(&seen[1].ru_stime) != 0)
		return fc_fail("in the child RUSAGE_CHILDREN shows %.3f ms "
		    "user and %.3f ms system time, want 0 (the parent's: "
		    "%.3f ms)", tv_us(&seen[1].ru_utime) / 1e3,
		    tv_us(&seen[1].ru_stime) / 1e3, kids / 1e3);
	fresh = tv_us(&seen[0].ru_utime) + tv_us(&seen[0].ru_stime);
	if (fresh >= own)
		return fc_fail("in the child RUSAGE_SELF shows %.3f ms of CPU "
		    "time right after fork, want less than the parent's %.3f "
		    "ms at fork: it did not start at 0", fresh / 1e3,
		    own / 1e3);
	return FC_PASS;
}

static void
fill_nothing(void *buf)
{
	(void)buf;
}

/*
 * Records the child's ru_maxrss (Linux starts it at the inherited
 * resident size) and the non-CPU fields of its RUSAGE_CHILDREN after the
 * parent reaped a child; a non-zero RUSAGE_CHILDREN field is reported.
 * Probe: recorded, never failed.
 */
static enum fc_verdict
rusage_self_probe(const struct fc_case *c FC_UNUSED)
{
	struct rusage	mine[2], seen[2];
	char		dummy;

	if (gather(fill_nothing, &dummy, sizeof(dummy)) == -1)
		return fc_broken("a first child");
	if (getrusage(RUSAGE_SELF, &mine[0]) == -1 ||
	    getrusage(RUSAGE_CHILDREN, &mine[1]) == -1)
		return fc_broken("getrusage");
	if (gather(fill_rusage, seen, sizeof(seen)) == -1)
		return fc_broken("the child's report");
	if (seen[0].ru_utime.tv_sec == -1)
		return fc_fail("getrusage() failed in the child");
	fc_note("ru_maxrss right after fork: %ld in the child, %ld in the "
	    "parent", seen[0].ru_maxrss, mine[0].ru_maxrss);
	fc_note("RUSAGE_CHILDREN in the child: maxrss %ld, minflt %ld, "
	    "majflt %ld, nvcsw %ld, nivcsw %ld (the parent's: %ld, %ld, %ld, "
	    "%ld, %ld)", seen[1].ru_maxrss, seen[1].ru_minflt,
	    seen[1].ru_majflt, seen[1].ru_nvcsw, seen[1].ru_nivcsw,
	    mine[1].ru_maxrss, mine[1].ru_minflt, mine[1].ru_majflt,
	    mine[1].ru_nvcsw, mine[1].ru_nivcsw);
	if (seen[1].ru_maxrss != 0 || seen[1].ru_minflt != 0 ||
	    seen[1].ru_majflt != 0 || seen[1].ru_nvcsw != 0 ||
	    seen[1].ru_nivcsw != 0)
		return fc_fail("the child's RUSAGE_CHILDREN is not all zero");
	return FC_PASS;
}

const struct fc_case fc_tim_cases[] = {
	{ .id = "tim.alarm-cleared", .run = alarm_cleared, .tier = FC_CORE,
	  .spec = "XSH fork: the time left on an alarm clock is reset to "
	  "zero in the child and its alarm canceled" },
	{ .id = "tim.itimers-reset", .run = itimers_reset, .tier = FC_XSI,
	  .spec = "XSH fork [XSI]: interval timers are reset in the child" },
	{ .id = "tim.times-zero", .run = times_zero, .tier = FC_CORE,
	  .timeout = 15, .spec = "XSH fork: tms_utime, tms_stime, tms_cutime and tms_cstime "
	  "are set to 0 in the child" },
	{ .id = "tim.cpu-clocks-zero", .run = cpu_clocks_zero,
	  .tier = FC_OPT,
	  .spec = "XSH fork [CPT]: the child's process CPU-time clock starts "
	  "at zero" },
	{ .id = "tim.cpu-clocks-zero/thread", .run = cpu_clocks_zero_thread,
	  .tier = FC_OPT,
	  .spec = "XSH fork [TCT]: the CPU-time clock of the child's single "
	  "thread starts at zero" },
	{ .id = "tim.rusage-self", .run = rusage_self, .tier = FC_CORE,
	  .spec = "XSH getrusage, L: fork(2): the child's RUSAGE_SELF and "
	  "RUSAGE_CHILDREN CPU times start at zero" },
	{ .id = "tim.rusage-self/probe", .run = rusage_self_probe,
	  .tier = FC_PROBE,
	  .spec = "L: fork(2): ru_maxrss and the other RUSAGE_CHILDREN "
	  "fields in a new child (Linux keeps the inherited maxrss)" },
	{ .id = NULL }
};
