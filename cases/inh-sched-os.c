/*
 * inh-sched-os.c: inherited attributes that need one platform's
 * interfaces: saved set-IDs, scheduling policy and its reset on fork,
 * SCHED_DEADLINE, CPU affinity.  Each case is listed on every platform;
 * where its interface is missing, it skips.
 *
 * The cases share inh-posix.c's shape and code (inherit.c): a disposable child
 * P sets the attribute and forks C; C must have P's value (or, for an
 * attribute fork resets, the value the platform documents), and C's
 * change must not reach P.  Each platform region below only defines the
 * attribute; where the interface is missing, the attribute says why and
 * the case skips.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "inherit.h"

/* Saved set-user-ID and set-group-ID. */
#if defined(WITH_RESUID)
#define SAVED_BASE	2100000200u	/* ids P takes when it runs as root */

static int
saved_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	if (geteuid() != 0)
		return 0;
	if (setgroups(0, NULL) == -1 ||
	    setresgid(SAVED_BASE + 1, SAVED_BASE + 2, SAVED_BASE + 3) == -1 ||
	    setresuid(SAVED_BASE + 4, SAVED_BASE + 5, SAVED_BASE + 6) == -1) {
		/* A user namespace may refuse: compare the ids it has. */
		if (errno != EINVAL && errno != EPERM)
			return -1;
	}
	return 0;
}

static int
saved_get(char *buf, size_t len)
{
	uid_t	r, e, s;
	gid_t	rg, eg, sg;

	if (getresuid(&r, &e, &s) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return -1;
	snprintf(buf, len, "uid real %ju effective %ju saved %ju, gid real "
	    "%ju effective %ju saved %ju", (uintmax_t)r, (uintmax_t)e,
	    (uintmax_t)s, (uintmax_t)rg, (uintmax_t)eg, (uintmax_t)sg);
	return 0;
}

/* Rotates the three ids: any process may pick among its own. */
static int
saved_change(void)
{
	uid_t	r, e, s;
	gid_t	rg, eg, sg;

	if (getresuid(&r, &e, &s) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return -1;
	if (r == e && e == s && rg == eg && eg == sg)
		return 1;
	if (setresgid(sg, rg, eg) == -1 || setresuid(s, r, e) == -1)
		return -1;
	return 0;
}

/*
 * Real, effective and saved set-user-ID and set-group-ID are inherited
 * (getresuid, getresgid).  As root, P takes three distinct ids of each
 * kind; C rotates its own, which must not reach P.  A platform that gives
 * the child other saved ids fails.
 */
static const struct attr saved_attr = {
	.set = saved_set, .get = saved_get, .change = saved_change
};
#else
static const struct attr saved_attr = {
	.absent = "no getresuid() and getresgid() here"
};
#endif

#if defined(WITH_PRIORITY_SCHEDULING)

/* Takes the lowest priority of a real-time policy: nothing spins. */
static int
rt_set(int policy, const char *name, char *why, size_t len)
{
	struct sched_param	sp;

	if (sysconf(_SC_PRIORITY_SCHEDULING) <= 0) {
		snprintf(why, len, "no priority scheduling option here");
		return 1;
	}
	memset(&sp, 0, sizeof(sp));
	if ((sp.sched_priority = sched_get_priority_min(policy)) == -1)
		return -1;
	if (sched_setscheduler(0, policy, &sp) == -1) {
		if (errno != EPERM)
			return -1;
		snprintf(why, len, "%s needs privilege", name);
		return 2;
	}
	return 0;
}

static int
fifo_set(char *why, size_t len)
{
	return rt_set(SCHED_FIFO, "SCHED_FIFO", why, len);
}

static int
rr_set(char *why, size_t len)
{
	return rt_set(SCHED_RR, "SCHED_RR", why, len);
}

static int
policy_get(char *buf, size_t len)
{
	struct sched_param	sp;
	int			policy;
	char			name[32];

	if ((policy = sched_getscheduler(0)) == -1 ||
	    sched_getparam(0, &sp) == -1)
		return -1;
	snprintf(buf, len, "%s priority %d", policy_name(policy, name,
	    sizeof(name)), sp.sched_priority);
	return 0;
}

static int
policy_change(void)
{
	struct sched_param	sp;

	memset(&sp, 0, sizeof(sp));
	sp.sched_priority = sched_get_priority_min(SCHED_OTHER);
	return sched_setscheduler(0, SCHED_OTHER, &sp);
}

/*
 * Under SCHED_FIFO at its lowest priority (so nothing can hog a CPU), the
 * child inherits the policy and priority, and its switch back to
 * SCHED_OTHER leaves the parent's alone.  A platform that starts the
 * child as SCHED_OTHER fails.  Needs privilege.
 */
static const struct attr fifo_attr = {
	.set = fifo_set, .get = policy_get, .change = policy_change
};
/* The same under SCHED_RR. */
static const struct attr rr_attr = {
	.set = rr_set, .get = policy_get, .change = policy_change
};
#else
static const struct attr fifo_attr = {
	.absent = "no priority scheduling option (_POSIX_PRIORITY_SCHEDULING)"
};
static const struct attr rr_attr = {
	.absent = "no priority scheduling option (_POSIX_PRIORITY_SCHEDULING)"
};
#endif

/*
 * Linux scheduling calls, straight to the kernel: musl deliberately leaves
 * sched_setscheduler() and its readers unimplemented (ENOSYS), since on
 * Linux they act on one thread, not the process.
 */
#if defined(WITH_SCHED_RESET_ON_FORK) || defined(WITH_SCHED_DEADLINE)
static int
k_setscheduler(int policy, const struct sched_param *sp)
{
	return (int)syscall(SYS_sched_setscheduler, 0, policy, sp);
}

static int
k_getscheduler(void)
{
	return (int)syscall(SYS_sched_getscheduler, 0);
}

static int
k_getparam(struct sched_param *sp)
{
	return (int)syscall(SYS_sched_getparam, 0, sp);
}
#endif

/* Linux SCHED_RESET_ON_FORK (musl too: the calls go to the kernel). */
#if defined(WITH_SCHED_RESET_ON_FORK)
static int
reset_fifo_set(char *why, size_t len)
{
	struct sched_param	sp;

	memset(&sp, 0, sizeof(sp));
	if ((sp.sched_priority = sched_get_priority_min(SCHED_FIFO)) == -1)
		return -1;
	if (k_setscheduler(SCHED_FIFO | SCHED_RESET_ON_FORK, &sp) ==
	    -1) {
		if (errno != EPERM)
			return -1;
		snprintf(why, len, "SCHED_FIFO needs privilege");
		return 2;
	}
	return 0;
}

/* A nice value of -1, the least privilege lowering can show. */
static int
reset_nice_set(char *why, size_t len)
{
	struct sched_param	sp;

	memset(&sp, 0, sizeof(sp));
	if (setpriority(PRIO_PROCESS, 0, -1) == -1) {
		if (errno != EPERM && errno != EACCES)
			return -1;
		snprintf(why, len, "a negative nice value needs "
		    "privilege");
		return 2;
	}
	if (k_setscheduler(SCHED_OTHER | SCHED_RESET_ON_FORK, &sp) ==
	    -1)
		return -1;
	return 0;
}

static int
reset_get(char *buf, size_t len)
{
	struct sched_param	sp;
	int			policy, nice;
	char			name[32];

	if ((policy = k_getscheduler()) == -1 ||
	    k_getparam(&sp) == -1)
		return -1;
	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0);
	if (nice == -1 && errno != 0)
		return -1;
	snprintf(buf, len, "%s priority %d nice %d%s",
	    policy_name(policy & ~SCHED_RESET_ON_FORK, name, sizeof(name)),
	    sp.sched_priority, nice,
	    policy & SCHED_RESET_ON_FORK ? " reset-on-fork" : "");
	return 0;
}

/*
 * Linux: a SCHED_FIFO parent with SCHED_RESET_ON_FORK gets a child that
 * runs SCHED_OTHER at nice 0, without the flag.  A kernel that passes on
 * the real-time policy or the flag fails.  Needs privilege.
 */
static const struct attr reset_fifo_attr = {
	.set = reset_fifo_set, .get = reset_get,
	.reset = "SCHED_OTHER priority 0 nice 0"
};
/*
 * Linux: a SCHED_OTHER parent with SCHED_RESET_ON_FORK and a negative nice
 * value (-1) gets a child at nice 0, without the flag.  A kernel that
 * passes on the negative nice value or the flag fails.  Needs privilege.
 */
static const struct attr reset_nice_attr = {
	.set = reset_nice_set, .get = reset_get,
	.reset = "SCHED_OTHER priority 0 nice 0"
};
#else
static const struct attr reset_fifo_attr = {
	.absent = "no SCHED_RESET_ON_FORK here (Linux only)"
};
static const struct attr reset_nice_attr = {
	.absent = "no SCHED_RESET_ON_FORK here (Linux only)"
};
#endif

/* Linux SCHED_DEADLINE: fork fails unless the task resets on fork. */
#if defined(WITH_SCHED_DEADLINE)
#define DL_POLICY		6	/* SCHED_DEADLINE */
#define DL_RESET_ON_FORK	0x01	/* SCHED_FLAG_RESET_ON_FORK */

/* The kernel's struct sched_attr, version 0. */
struct dl_attr {
	uint32_t	size;
	uint32_t	policy;
	uint64_t	flags;
	int32_t		nice;
	uint32_t	priority;
	uint64_t	runtime;
	uint64_t	deadline;
	uint64_t	period;
};

/* 10 ms every 100 ms: a small share of one CPU, nothing spins. */
static int
set_deadline(uint64_t flags)
{
	struct dl_attr	a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.policy = DL_POLICY;
	a.flags = flags;
	a.runtime = 10 * 1000 * 1000;
	a.deadline = 100 * 1000 * 1000;
	a.period = 100 * 1000 * 1000;
	return (int)syscall(SYS_sched_setattr, 0, &a, 0);
}

/* What the deadline case's disposable parent sends the case. */
struct dl_report {
	int	step;		/* the setup step that failed, 0 if none */
	int	error;		/* its errno */
	pid_t	plain;		/* fork()'s result without the flag */
	int	plain_error;	/* and its errno */
	pid_t	reset;		/* fork()'s result with the flag */
	int	reset_error;
	int	policy;		/* sched_getscheduler() in that child */
	ssize_t	n;		/* bytes that child sent */
};

static void FC_DEAD
dl_parent(int fd)
{
	struct dl_report r;
	int		 fds[2], status;

	memset(&r, 0, sizeof(r));
	if (fc_pipe(fds) == -1) {
		r.step = 1;
		r.error = errno;
	} else if (set_deadline(0) == -1) {
		r.step = 2;
		r.error = errno;
	}
	if (r.step != 0)
		fc_sub_report(fd, &r, sizeof(r));
	if ((r.plain = fc_fork()) == 0)
		fc_exit(0);
	r.plain_error = errno;
	if (r.plain > 0)
		fc_waitpid(r.plain, &status, 0);
	if (set_deadline(DL_RESET_ON_FORK) == -1) {
		r.step = 3;
		r.error = errno;
		fc_sub_report(fd, &r, sizeof(r));
	}
	if ((r.reset = fc_fork()) == 0) {
		close(fds[0]);
		r.policy = k_getscheduler();
		fc_sub_report(fds[1], &r.policy, sizeof(r.policy));
	}
	r.reset_error = errno;
	close(fds[1]);
	r.n = r.reset > 0 ? fc_read_all(fds[0], &r.policy, sizeof(r.policy)) :
	    0;
	if (r.reset > 0)
		fc_waitpid(r.reset, &status, 0);
	fc_sub_report(fd, &r, sizeof(r));
}

/*
 * Linux: a SCHED_DEADLINE task cannot fork (EAGAIN) unless it set
 * SCHED_FLAG_RESET_ON_FORK, and then its child runs as SCHED_OTHER
 * without the flag.  A kernel that lets the deadline reservation be
 * duplicated, or passes it on, fails.  Needs privilege.
 */
static enum fc_verdict
sched_reset_deadline(const struct fc_case *c FC_UNUSED)
{
	static const char *const steps[] = {
		"", "pipe", "sched_setattr(SCHED_DEADLINE)",
		"sched_setattr(SCHED_DEADLINE, SCHED_FLAG_RESET_ON_FORK)"
	};
	struct dl_report r;
	struct fc_sub	 sub;
	ssize_t		 n;
	int		 status;
	char		 st[64];

	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		dl_parent(sub.fd);
	n = fc_read_all(sub.fd, &r, sizeof(r));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(r))
		return fc_brokenx("the disposable parent %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (r.step == 2 && (r.error == EPERM || r.error == EBUSY ||
	    r.error == EINVAL || r.error == ENOSYS))
		return fc_skip("cannot become SCHED_DEADLINE: %s",
		    strerror(r.error));
	if (r.step != 0) {
		errno = r.error;
		return fc_broken("%s", steps[r.step]);
	}
	if (r.plain > 0)
		return fc_fail("a SCHED_DEADLINE task forked without "
		    "SCHED_FLAG_RESET_ON_FORK, want -1/EAGAIN");
	if (r.plain_error != EAGAIN)
		return fc_fail("fork by a SCHED_DEADLINE task failed with %s, "
		    "want EAGAIN", strerror(r.plain_error));
	if (r.reset == -1)
		return fc_fail("fork by a SCHED_DEADLINE task with "
		    "SCHED_FLAG_RESET_ON_FORK failed: %s",
		    strerror(r.reset_error));
	if (r.n != (ssize_t)sizeof(r.policy))
		return fc_fail("the child of the SCHED_DEADLINE task did not "
		    "report its policy");
	if (r.policy != SCHED_OTHER)
		return fc_fail("the child of the SCHED_DEADLINE task has "
		    "policy %#x, want SCHED_OTHER without reset-on-fork",
		    r.policy);
	return FC_PASS;
}
#define SCHED_RESET_DEADLINE_ROW	.run = sched_reset_deadline
#else
#define SCHED_RESET_DEADLINE_ROW	.absent = "no SCHED_DEADLINE here " \
	"(Linux only)"
#endif

/* CPU affinity: Linux sched_setaffinity, FreeBSD cpuset. */
#if defined(WITH_AFFINITY)

/* The lowest CPU in the set, or -1. */
static int
cpus_first(const cpus_t *set)
{
	int	i;

	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, set))
			return i;
	return -1;
}

/* "cpus 1-3,6": the set as ranges. */
static int
aff_get(char *buf, size_t len)
{
	const char	*sep = " ";
	cpus_t		 set;
	size_t		 off;
	int		 i, j;

	if (CPUS_GET(&set) == -1)
		return -1;
	off = (size_t)snprintf(buf, len, "cpus");
	for (i = 0; i < CPU_SETSIZE && off < len; i = j) {
		if (!CPU_ISSET(i, &set)) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < CPU_SETSIZE && CPU_ISSET(j, &set); j++)
			continue;
		off += (size_t)snprintf(buf + off, len - off, "%s%d", sep, i);
		sep = ",";
		if (j - 1 > i && off < len)
			off += (size_t)snprintf(buf + off, len - off, "-%d",
			    j - 1);
	}
	return 0;
}

static cpus_t	aff_all;	/* P's mask before it left out a CPU */

/* Leaves out the lowest allowed CPU; skips with a single one. */
static int
aff_set(char *why, size_t len)
{
	cpus_t	set;

	if (CPUS_GET(&aff_all) == -1)
		return -1;
	if (CPU_COUNT(&aff_all) < 2) {
		snprintf(why, len, "only one CPU is allowed: no other mask "
		    "to set");
		return 1;
	}
	set = aff_all;
	CPU_CLR(cpus_first(&set), &set);
	return CPUS_SET(&set);
}

/* Takes back every CPU P had before: C widens its own mask. */
static int
aff_change(void)
{
	return CPUS_SET(&aff_all);
}

/*
 * The CPU affinity mask is inherited: P leaves out its lowest CPU, C must
 * have the same mask, and C's taking back every CPU must not reach P.  A
 * platform that gives the child every CPU again fails.  Skips with one
 * CPU.
 */
static const struct attr aff_attr = {
	.set = aff_set, .get = aff_get, .change = aff_change
};
#else
static const struct attr aff_attr = {
	.absent = "no CPU affinity interface here (Linux, FreeBSD only)"
};
#endif

const struct fc_case fc_inh_os_cases[] = {
	{ .id = "inh.credentials/saved",
	  .run = inherit, .arg = &saved_attr, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "saved set-user-ID and set-group-ID (getresuid, getresgid)" },
	{ .id = "inh.sched-policy",
	  .run = inherit, .arg = &fifo_attr, .tier = FC_OPT,
	  .spec = "XSH fork [PS]: under SCHED_FIFO the child inherits the "
	  "policy and priority" },
	{ .id = "inh.sched-policy/rr",
	  .run = inherit, .arg = &rr_attr, .tier = FC_OPT,
	  .spec = "XSH fork [PS]: under SCHED_RR the child inherits the "
	  "policy and priority" },
	{ .id = "inh.sched-reset",
	  .run = inherit, .arg = &reset_fifo_attr, .tier = FC_LINUX,
	  .spec = "L: sched(7): SCHED_RESET_ON_FORK: the child of a "
	  "real-time parent runs SCHED_OTHER, without the flag" },
	{ .id = "inh.sched-reset/nice", .run = inherit, .arg = &reset_nice_attr,
	  .tier = FC_LINUX,
	  .spec = "L: sched(7): SCHED_RESET_ON_FORK: a negative nice value "
	  "is reset to 0 in the child" },
	{ .id = "inh.sched-reset/deadline", SCHED_RESET_DEADLINE_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: sched(7), fork(2) EAGAIN: a SCHED_DEADLINE task "
	  "forks only with SCHED_FLAG_RESET_ON_FORK" },
	{ .id = "inh.affinity",
	  .run = inherit, .arg = &aff_attr, .tier = FC_LINUX,
	  .spec = "L: sched_setaffinity(2); FreeBSD cpuset(2): the CPU "
	  "affinity mask is inherited" },
	{ .id = NULL }
};
