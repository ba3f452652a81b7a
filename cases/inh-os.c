/*
 * inh-os.c: inherited attributes that need one platform's interfaces:
 * saved set-IDs, scheduling policy, CPU affinity, Linux prctl settings,
 * security confinement (seccomp, capabilities, Landlock, Capsicum),
 * personality and I/O priority.  Each case is listed on every platform;
 * where its interface is missing, it skips.
 *
 * The cases share inh.c's shape and code (inherit.c): a disposable child
 * P sets the attribute and forks C; C must have P's value (or, for an
 * attribute fork resets, the value the platform documents), and C's
 * change must not reach P.
 * Each platform region below only defines the attribute; where the
 * interface is missing, the attribute says why and the case skips.
 */

#include "config.h"

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

#if defined(HAVE_SYS_PRCTL_H)
#include <sys/prctl.h>
#endif
#if defined(HAVE_SYS_SYSCALL_H)
#include <sys/syscall.h>
#endif
#if defined(HAVE_SYS_PERSONALITY_H)
#include <sys/personality.h>
#endif
#if defined(HAVE_SYS_CAPSICUM_H)
#include <sys/capsicum.h>
#endif
#if defined(__FreeBSD__)
#include <sys/param.h>
#include <sys/cpuset.h>
#endif

#include "cases.h"
#include "inherit.h"

/* Saved set-user-ID and set-group-ID. */
#if defined(HAVE_GETRESUID) && defined(HAVE_GETRESGID)
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

static const struct attr saved_attr = {
	.set = saved_set, .get = saved_get, .change = saved_change
};
#else
static const struct attr saved_attr = {
	.absent = "no getresuid() and getresgid() here"
};
#endif

/* The scheduling policy and priority (POSIX priority scheduling). */
#if (defined(_POSIX_PRIORITY_SCHEDULING) && _POSIX_PRIORITY_SCHEDULING >= 0) || \
    defined(__linux__)
static const char *
policy_name(int policy, char *buf, size_t len)
{
	if (policy == SCHED_OTHER)
		return "SCHED_OTHER";
	if (policy == SCHED_FIFO)
		return "SCHED_FIFO";
	if (policy == SCHED_RR)
		return "SCHED_RR";
	snprintf(buf, len, "policy %d", policy);
	return buf;
}
#endif

#if defined(_POSIX_PRIORITY_SCHEDULING) && _POSIX_PRIORITY_SCHEDULING >= 0

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

static const struct attr fifo_attr = {
	.set = fifo_set, .get = policy_get, .change = policy_change
};
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
#if defined(__linux__) && defined(HAVE_SYS_SYSCALL_H)
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
#if defined(__linux__) && defined(HAVE_SYS_SYSCALL_H) && \
    defined(SCHED_RESET_ON_FORK)
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

static const struct attr reset_fifo_attr = {
	.set = reset_fifo_set, .get = reset_get,
	.reset = "SCHED_OTHER priority 0 nice 0"
};
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
#if defined(__linux__) && defined(HAVE_SYS_SYSCALL_H) && \
    defined(SYS_sched_setattr)
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
		fc_exit(fc_write_all(fd, &r, sizeof(r)) == 0 ? 0 : 1);
	if ((r.plain = fc_fork()) == 0)
		fc_exit(0);
	r.plain_error = errno;
	if (r.plain > 0)
		fc_waitpid(r.plain, &status, 0);
	if (set_deadline(DL_RESET_ON_FORK) == -1) {
		r.step = 3;
		r.error = errno;
		fc_exit(fc_write_all(fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((r.reset = fc_fork()) == 0) {
		close(fds[0]);
		r.policy = k_getscheduler();
		fc_exit(fc_write_all(fds[1], &r.policy, sizeof(r.policy)) ==
		    0 ? 0 : 1);
	}
	r.reset_error = errno;
	close(fds[1]);
	r.n = r.reset > 0 ? fc_read_all(fds[0], &r.policy, sizeof(r.policy)) :
	    0;
	if (r.reset > 0)
		fc_waitpid(r.reset, &status, 0);
	fc_exit(fc_write_all(fd, &r, sizeof(r)) == 0 ? 0 : 1);
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
#else
static enum fc_verdict
sched_reset_deadline(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no SCHED_DEADLINE here (Linux only)");
}
#endif

/* CPU affinity: Linux sched_setaffinity, FreeBSD cpuset. */
#if (defined(__linux__) && defined(HAVE_SCHED_SETAFFINITY) && \
    defined(HAVE_SCHED_GETAFFINITY)) || defined(__FreeBSD__)
#if defined(__linux__)
typedef cpu_set_t	cpus_t;

static int
cpus_read(cpus_t *set)
{
	return sched_getaffinity(0, sizeof(*set), set);
}

static int
cpus_write(const cpus_t *set)
{
	return sched_setaffinity(0, sizeof(*set), set);
}
#else
typedef cpuset_t	cpus_t;

static int
cpus_read(cpus_t *set)
{
	return cpuset_getaffinity(CPU_LEVEL_WHICH, CPU_WHICH_PID, -1,
	    sizeof(*set), set);
}

static int
cpus_write(const cpus_t *set)
{
	return cpuset_setaffinity(CPU_LEVEL_WHICH, CPU_WHICH_PID, -1,
	    sizeof(*set), set);
}
#endif

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

	if (cpus_read(&set) == -1)
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

	if (cpus_read(&aff_all) == -1)
		return -1;
	if (CPU_COUNT(&aff_all) < 2) {
		snprintf(why, len, "only one CPU is allowed: no other mask "
		    "to set");
		return 1;
	}
	set = aff_all;
	CPU_CLR(cpus_first(&set), &set);
	return cpus_write(&set);
}

/* Takes back every CPU P had before: C widens its own mask. */
static int
aff_change(void)
{
	return cpus_write(&aff_all);
}

static const struct attr aff_attr = {
	.set = aff_set, .get = aff_get, .change = aff_change
};
#else
static const struct attr aff_attr = {
	.absent = "no CPU affinity interface here (Linux, FreeBSD only)"
};
#endif

/* Linux prctl(2) settings. */
#if defined(__linux__) && defined(HAVE_SYS_PRCTL_H) && \
    defined(PR_SET_NO_NEW_PRIVS) && defined(PR_SET_CHILD_SUBREAPER) && \
    defined(PR_SET_TIMERSLACK)
static int
name_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	return prctl(PR_SET_NAME, "fc-inh-parent", 0, 0, 0);
}

static int
name_get(char *buf, size_t len)
{
	char	name[17];

	memset(name, 0, sizeof(name));
	if (prctl(PR_GET_NAME, name, 0, 0, 0) == -1)
		return -1;
	snprintf(buf, len, "name \"%s\"", name);
	return 0;
}

static int
name_change(void)
{
	return prctl(PR_SET_NAME, "fc-inh-child", 0, 0, 0);
}

static int
dumpable_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

static int
dumpable_get(char *buf, size_t len)
{
	int	v;

	if ((v = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0)) == -1)
		return -1;
	snprintf(buf, len, "dumpable %d", v);
	return 0;
}

static int
dumpable_change(void)
{
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

static int
nnp_set(char *why, size_t len)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1) {
		if (errno != EINVAL)
			return -1;
		snprintf(why, len, "no PR_SET_NO_NEW_PRIVS");
		return 2;
	}
	return 0;
}

static int
nnp_get(char *buf, size_t len)
{
	int	v;

	if ((v = prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)) == -1)
		return -1;
	snprintf(buf, len, "no_new_privs %d", v);
	return 0;
}

#define SLACK_PARENT	123457L	/* timer slack of P, in ns */
#define SLACK_CHILD	234567L	/* and the one C changes to */

static int
slack_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	return prctl(PR_SET_TIMERSLACK, SLACK_PARENT, 0, 0, 0);
}

static int
slack_get(char *buf, size_t len)
{
	int	v;

	if ((v = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0)) == -1)
		return -1;
	snprintf(buf, len, "timer slack %d ns", v);
	return 0;
}

static int
slack_change(void)
{
	return prctl(PR_SET_TIMERSLACK, SLACK_CHILD, 0, 0, 0);
}

/* /proc/self/coredump_filter, a hexadecimal mask. */
static int
filter_read(unsigned int *mask)
{
	char	buf[32];

	if (fc_read_file("/proc/self/coredump_filter", buf, sizeof(buf)) <= 0)
		return -1;
	*mask = (unsigned int)strtoul(buf, NULL, 16);
	return 0;
}

static int
filter_write(unsigned int mask)
{
	char	buf[32];
	int	fd, r;

	if ((fd = open("/proc/self/coredump_filter", O_WRONLY | O_CLOEXEC)) ==
	    -1)
		return -1;
	snprintf(buf, sizeof(buf), "0x%x\n", mask);
	r = fc_write_all(fd, buf, strlen(buf));
	close(fd);
	return r;
}

/* Flips the file-backed private bit (2). */
static int
filter_set(char *why, size_t len)
{
	unsigned int	mask;

	if (filter_read(&mask) == -1) {
		if (errno != ENOENT)
			return -1;
		snprintf(why, len, "no /proc/self/coredump_filter");
		return 2;
	}
	return filter_write(mask ^ 0x4);
}

static int
filter_get(char *buf, size_t len)
{
	unsigned int	mask;

	if (filter_read(&mask) == -1)
		return -1;
	snprintf(buf, len, "coredump_filter 0x%x", mask);
	return 0;
}

/* Flips the file-backed shared bit (3). */
static int
filter_change(void)
{
	unsigned int	mask;

	if (filter_read(&mask) == -1)
		return -1;
	return filter_write(mask ^ 0x8);
}

static int
subreaper_set(char *why, size_t len)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == -1) {
		if (errno != EINVAL)
			return -1;
		snprintf(why, len, "no PR_SET_CHILD_SUBREAPER");
		return 2;
	}
	return 0;
}

static int
subreaper_get(char *buf, size_t len)
{
	int	v = -1;

	if (prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0) == -1)
		return -1;
	snprintf(buf, len, "child subreaper %d", v);
	return 0;
}

static const struct attr name_attr = {
	.set = name_set, .get = name_get, .change = name_change
};
static const struct attr dumpable_attr = {
	.set = dumpable_set, .get = dumpable_get, .change = dumpable_change
};
static const struct attr nnp_attr = {
	.set = nnp_set, .get = nnp_get
};
static const struct attr slack_attr = {
	.set = slack_set, .get = slack_get, .change = slack_change
};
static const struct attr filter_attr = {
	.set = filter_set, .get = filter_get, .change = filter_change
};
static const struct attr subreaper_attr = {
	.set = subreaper_set, .get = subreaper_get,
	.reset = "child subreaper 0"
};
#else
static const struct attr name_attr = { .absent = "no prctl(2) here" };
static const struct attr dumpable_attr = { .absent = "no prctl(2) here" };
static const struct attr nnp_attr = { .absent = "no prctl(2) here" };
static const struct attr slack_attr = { .absent = "no prctl(2) here" };
static const struct attr filter_attr = {
	.absent = "no /proc/self/coredump_filter here (Linux only)"
};
static const struct attr subreaper_attr = {
	.absent = "no prctl(2) here"
};
#endif

/* Linux seccomp: a classic BPF filter, defined here for any libc. */
#if defined(__linux__) && defined(HAVE_SYS_PRCTL_H) && \
    defined(PR_SET_SECCOMP) && defined(PR_SET_NO_NEW_PRIVS) && \
    defined(HAVE_SYS_SYSCALL_H) && defined(SYS_getppid)
#define SECCOMP_FILTER	2		/* SECCOMP_MODE_FILTER */
#define RET_ERRNO	0x00050000u	/* SECCOMP_RET_ERRNO */
#define RET_ALLOW	0x7fff0000u	/* SECCOMP_RET_ALLOW */
#define BPF_LD_W_ABS	0x20		/* BPF_LD | BPF_W | BPF_ABS */
#define BPF_JEQ_K	0x15		/* BPF_JMP | BPF_JEQ | BPF_K */
#define BPF_RET_K	0x06		/* BPF_RET | BPF_K */

struct insn {			/* struct sock_filter */
	uint16_t	code;
	uint8_t		jt;
	uint8_t		jf;
	uint32_t	k;
};

struct prog {			/* struct sock_fprog */
	unsigned short	 len;
	struct insn	*filter;
};

/*
 * getppid() fails with EPERM, everything else is allowed.  The filter
 * does not look at the architecture: the process it confines makes
 * native calls only.
 */
static int
seccomp_set(char *why, size_t len)
{
	struct insn	insns[] = {
		{ BPF_LD_W_ABS, 0, 0, 0 },	/* seccomp_data.nr */
		{ BPF_JEQ_K, 0, 1, SYS_getppid },
		{ BPF_RET_K, 0, 0, RET_ERRNO | EPERM },
		{ BPF_RET_K, 0, 0, RET_ALLOW }
	};
	struct prog	p = { sizeof(insns) / sizeof(insns[0]), insns };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	if (prctl(PR_SET_SECCOMP, SECCOMP_FILTER, &p, 0, 0) == -1) {
		if (errno != EINVAL)
			return -1;
		snprintf(why, len, "no seccomp filters");
		return 2;
	}
	return 0;
}

/* The raw call: getppid() cannot fail, so a C library may not set errno. */
static int
seccomp_get(char *buf, size_t len)
{
	if (syscall(SYS_getppid) == -1)
		snprintf(buf, len, "getppid() fails: %s", strerror(errno));
	else
		snprintf(buf, len, "getppid() is allowed");
	return 0;
}

static const struct attr seccomp_attr = {
	.set = seccomp_set, .get = seccomp_get
};
#else
static const struct attr seccomp_attr = {
	.absent = "no seccomp here (Linux only)"
};
#endif

/* Linux capabilities: the bounding set and the securebits. */
#if defined(__linux__) && defined(HAVE_SYS_PRCTL_H) && \
    defined(PR_CAPBSET_DROP) && defined(PR_GET_SECUREBITS)
#define CAP_BOOT	22		/* CAP_SYS_BOOT */
#define NO_FIXUP	(1 << 2)	/* SECBIT_NO_SETUID_FIXUP */

static int
caps_set(char *why, size_t len)
{
	int	bits;

	if (prctl(PR_CAPBSET_DROP, CAP_BOOT, 0, 0, 0) == -1) {
		if (errno != EPERM && errno != EINVAL)
			return -1;
		snprintf(why, len, "cannot drop CAP_SYS_BOOT from "
		    "the bounding set");
		return 2;
	}
	if ((bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0)) == -1 ||
	    prctl(PR_SET_SECUREBITS, bits | NO_FIXUP, 0, 0, 0) == -1)
		return -1;
	return 0;
}

static int
caps_get(char *buf, size_t len)
{
	int	boot, bits;

	if ((boot = prctl(PR_CAPBSET_READ, CAP_BOOT, 0, 0, 0)) == -1 ||
	    (bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0)) == -1)
		return -1;
	snprintf(buf, len, "CAP_SYS_BOOT %sin the bounding set, securebits "
	    "0x%x", boot ? "" : "not ", (unsigned int)bits);
	return 0;
}

/* Clears the securebit again (the bounding set only shrinks). */
static int
caps_change(void)
{
	int	bits;

	if ((bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0)) == -1)
		return -1;
	return prctl(PR_SET_SECUREBITS, bits & ~NO_FIXUP, 0, 0, 0);
}

static const struct attr caps_attr = {
	.set = caps_set, .get = caps_get, .change = caps_change
};
#else
static const struct attr caps_attr = {
	.absent = "no capability bounding set here (Linux only)"
};
#endif

/* Linux Landlock: a domain that handles directory creation, no rules. */
#if defined(__linux__) && defined(HAVE_SYS_PRCTL_H) && \
    defined(PR_SET_NO_NEW_PRIVS) && defined(HAVE_SYS_SYSCALL_H) && \
    defined(SYS_landlock_create_ruleset) && \
    defined(SYS_landlock_restrict_self)
#define LL_MAKE_DIR	(1ULL << 7)	/* LANDLOCK_ACCESS_FS_MAKE_DIR */

struct ll_attr {			/* struct landlock_ruleset_attr */
	uint64_t	handled_access_fs;
};

static int
landlock_set(char *why, size_t len)
{
	struct ll_attr	a = { LL_MAKE_DIR };
	int		fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;
	if ((fd = (int)syscall(SYS_landlock_create_ruleset, &a, sizeof(a),
	    0)) == -1) {
		if (errno != ENOSYS && errno != EOPNOTSUPP)
			return -1;
		snprintf(why, len, "no Landlock");
		return 2;
	}
	if (syscall(SYS_landlock_restrict_self, fd, 0) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static int
landlock_get(char *buf, size_t len)
{
	if (mkdir("landlock-probe", 0700) == 0) {
		rmdir("landlock-probe");
		snprintf(buf, len, "mkdir() is allowed");
	} else
		snprintf(buf, len, "mkdir() fails: %s", strerror(errno));
	return 0;
}

static const struct attr landlock_attr = {
	.set = landlock_set, .get = landlock_get
};
#else
static const struct attr landlock_attr = {
	.absent = "no Landlock here (Linux only)"
};
#endif

/* FreeBSD Capsicum: capability mode. */
#if defined(HAVE_SYS_CAPSICUM_H)
static int
capsicum_set(char *why, size_t len)
{
	if (cap_enter() == -1) {
		if (errno != ENOSYS)
			return -1;
		snprintf(why, len, "no capability mode");
		return 2;
	}
	return 0;
}

static int
capsicum_get(char *buf, size_t len)
{
	u_int	mode;

	if (cap_getmode(&mode) == -1)
		return -1;
	snprintf(buf, len, "capability mode %u", mode);
	return 0;
}

static const struct attr capsicum_attr = {
	.set = capsicum_set, .get = capsicum_get
};
#else
static const struct attr capsicum_attr = {
	.absent = "no Capsicum here (FreeBSD only)"
};
#endif

/* Linux execution domain. */
#if defined(__linux__) && defined(HAVE_SYS_PERSONALITY_H)
#define PERSONA_QUERY	0xffffffffUL

static int
persona_flip(unsigned long flag)
{
	int	cur;

	if ((cur = personality(PERSONA_QUERY)) == -1)
		return -1;
	return personality((unsigned long)cur ^ flag) == -1 ? -1 : 0;
}

static int
persona_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	return persona_flip(ADDR_NO_RANDOMIZE);
}

static int
persona_get(char *buf, size_t len)
{
	int	cur;

	if ((cur = personality(PERSONA_QUERY)) == -1)
		return -1;
	snprintf(buf, len, "personality 0x%x", (unsigned int)cur);
	return 0;
}

static int
persona_change(void)
{
	return persona_flip(UNAME26);
}

static const struct attr persona_attr = {
	.set = persona_set, .get = persona_get, .change = persona_change
};
#else
static const struct attr persona_attr = {
	.absent = "no personality(2) here (Linux only)"
};
#endif

/* Linux I/O priority. */
#if defined(__linux__) && defined(HAVE_SYS_SYSCALL_H) && \
    defined(SYS_ioprio_get) && defined(SYS_ioprio_set)
#define IOPRIO_WHO_PROCESS	1
#define IOPRIO_SHIFT		13
#define IOPRIO_BE		2
#define IOPRIO_IDLE		3

static int
ioprio_set_to(int class, int level)
{
	return (int)syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
	    class << IOPRIO_SHIFT | level);
}

static int
ioprio_attr_set(char *why, size_t len)
{
	if (ioprio_set_to(IOPRIO_IDLE, 0) == -1) {
		if (errno != EPERM && errno != ENOSYS)
			return -1;
		snprintf(why, len, "cannot take the idle I/O class");
		return 2;
	}
	return 0;
}

static int
ioprio_attr_get(char *buf, size_t len)
{
	static const char *const classes[] = {
		"none", "realtime", "best-effort", "idle"
	};
	int	v;

	if ((v = (int)syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0)) == -1)
		return -1;
	if ((v >> IOPRIO_SHIFT) < 4)
		snprintf(buf, len, "I/O class %s level %d",
		    classes[v >> IOPRIO_SHIFT], v & ((1 << IOPRIO_SHIFT) - 1));
	else
		snprintf(buf, len, "I/O priority 0x%x", (unsigned int)v);
	return 0;
}

static int
ioprio_attr_change(void)
{
	return ioprio_set_to(IOPRIO_BE, 7);
}

static const struct attr ioprio_attr = {
	.set = ioprio_attr_set, .get = ioprio_attr_get,
	.change = ioprio_attr_change
};
#else
static const struct attr ioprio_attr = {
	.absent = "no ioprio_get(2) here (Linux only)"
};
#endif

/*
 * Real, effective and saved set-user-ID and set-group-ID are inherited
 * (getresuid, getresgid).  As root, P takes three distinct ids of each
 * kind; C rotates its own, which must not reach P.  A platform that gives
 * the child other saved ids fails.
 */
static enum fc_verdict
saved_ids(const struct fc_case *c FC_UNUSED)
{
	return inherit(&saved_attr);
}

/*
 * Under SCHED_FIFO at its lowest priority (so nothing can hog a CPU), the
 * child inherits the policy and priority, and its switch back to
 * SCHED_OTHER leaves the parent's alone.  A platform that starts the
 * child as SCHED_OTHER fails.  Needs privilege.
 */
static enum fc_verdict
sched_policy(const struct fc_case *c FC_UNUSED)
{
	return inherit(&fifo_attr);
}

/* The same under SCHED_RR. */
static enum fc_verdict
sched_policy_rr(const struct fc_case *c FC_UNUSED)
{
	return inherit(&rr_attr);
}

/*
 * Linux: a SCHED_FIFO parent with SCHED_RESET_ON_FORK gets a child that
 * runs SCHED_OTHER at nice 0, without the flag.  A kernel that passes on
 * the real-time policy or the flag fails.  Needs privilege.
 */
static enum fc_verdict
sched_reset(const struct fc_case *c FC_UNUSED)
{
	return inherit(&reset_fifo_attr);
}

/*
 * Linux: a SCHED_OTHER parent with SCHED_RESET_ON_FORK and a negative nice
 * value (-1) gets a child at nice 0, without the flag.  A kernel that
 * passes on the negative nice value or the flag fails.  Needs privilege.
 */
static enum fc_verdict
sched_reset_nice(const struct fc_case *c FC_UNUSED)
{
	return inherit(&reset_nice_attr);
}

/*
 * The CPU affinity mask is inherited: P leaves out its lowest CPU, C must
 * have the same mask, and C's taking back every CPU must not reach P.  A
 * platform that gives the child every CPU again fails.  Skips with one
 * CPU.
 */
static enum fc_verdict
affinity(const struct fc_case *c FC_UNUSED)
{
	return inherit(&aff_attr);
}

/*
 * Linux: the command name (PR_SET_NAME) is inherited, and the child's
 * renaming stays its own.  A kernel that resets the name fails.
 */
static enum fc_verdict
prctl_name(const struct fc_case *c FC_UNUSED)
{
	return inherit(&name_attr);
}

/*
 * Linux: the dumpable flag is inherited: P clears it, C must have 0, and
 * C setting its own back to 1 leaves P's at 0.
 */
static enum fc_verdict
prctl_dumpable(const struct fc_case *c FC_UNUSED)
{
	return inherit(&dumpable_attr);
}

/*
 * Linux: no_new_privs is inherited (and cannot be unset).  A kernel that
 * lets the child escape it fails.
 */
static enum fc_verdict
prctl_nnp(const struct fc_case *c FC_UNUSED)
{
	return inherit(&nnp_attr);
}

/*
 * Linux: the timer slack is inherited (the child's default is the
 * parent's current slack) and the child's change stays its own.
 */
static enum fc_verdict
prctl_timerslack(const struct fc_case *c FC_UNUSED)
{
	return inherit(&slack_attr);
}

/*
 * Linux: /proc/self/coredump_filter is inherited; P flips one bit, C must
 * have P's mask and flips another bit of its own.
 */
static enum fc_verdict
prctl_coredump_filter(const struct fc_case *c FC_UNUSED)
{
	return inherit(&filter_attr);
}

/*
 * Linux: the child-subreaper attribute is not inherited by fork: a
 * subreaper's child starts as no subreaper.  A kernel that passes it on
 * fails.
 */
static enum fc_verdict
prctl_subreaper(const struct fc_case *c FC_UNUSED)
{
	return inherit(&subreaper_attr);
}

/*
 * Linux: a seccomp filter follows the child.  P (with no_new_privs)
 * installs a filter under which getppid() fails with EPERM; it must fail
 * the same way in C.  A kernel that forks an unconfined child fails.
 */
static enum fc_verdict
security_seccomp(const struct fc_case *c FC_UNUSED)
{
	return inherit(&seccomp_attr);
}

/*
 * Linux: the capability bounding set and the securebits are inherited:
 * P drops CAP_SYS_BOOT and sets SECBIT_NO_SETUID_FIXUP; C must have both,
 * and its clearing of the securebit stays its own.  Needs privilege.
 */
static enum fc_verdict
security_caps(const struct fc_case *c FC_UNUSED)
{
	return inherit(&caps_attr);
}

/*
 * Linux: a Landlock domain follows the child.  P restricts itself with a
 * ruleset that handles directory creation and allows none; mkdir() must
 * fail the same way in C.
 */
static enum fc_verdict
security_landlock(const struct fc_case *c FC_UNUSED)
{
	return inherit(&landlock_attr);
}

/*
 * FreeBSD: capability mode follows the child: after P's cap_enter(), C's
 * cap_getmode() must report capability mode.
 */
static enum fc_verdict
security_capsicum(const struct fc_case *c FC_UNUSED)
{
	return inherit(&capsicum_attr);
}

/*
 * Linux: the execution domain is inherited: P flips ADDR_NO_RANDOMIZE, C
 * must have P's personality and its own flip of UNAME26 stays its own.
 */
static enum fc_verdict
personality_inherited(const struct fc_case *c FC_UNUSED)
{
	return inherit(&persona_attr);
}

/*
 * Linux: the I/O priority is inherited: P takes the idle class, C must
 * have it, and C's move to best-effort level 7 leaves P idle.
 */
static enum fc_verdict
ioprio_inherited(const struct fc_case *c FC_UNUSED)
{
	return inherit(&ioprio_attr);
}

const struct fc_case fc_inh_os_cases[] = {
	{ .id = "inh.credentials/saved", .run = saved_ids, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "saved set-user-ID and set-group-ID (getresuid, getresgid)" },
	{ .id = "inh.sched-policy", .run = sched_policy, .tier = FC_OPT,
	  .spec = "XSH fork [PS]: under SCHED_FIFO the child inherits the "
	  "policy and priority" },
	{ .id = "inh.sched-policy/rr", .run = sched_policy_rr, .tier = FC_OPT,
	  .spec = "XSH fork [PS]: under SCHED_RR the child inherits the "
	  "policy and priority" },
	{ .id = "inh.sched-reset", .run = sched_reset, .tier = FC_LINUX,
	  .spec = "L: sched(7): SCHED_RESET_ON_FORK: the child of a "
	  "real-time parent runs SCHED_OTHER, without the flag" },
	{ .id = "inh.sched-reset/nice", .run = sched_reset_nice,
	  .tier = FC_LINUX,
	  .spec = "L: sched(7): SCHED_RESET_ON_FORK: a negative nice value "
	  "is reset to 0 in the child" },
	{ .id = "inh.sched-reset/deadline", .run = sched_reset_deadline,
	  .tier = FC_LINUX,
	  .spec = "L: sched(7), fork(2) EAGAIN: a SCHED_DEADLINE task "
	  "forks only with SCHED_FLAG_RESET_ON_FORK" },
	{ .id = "inh.affinity", .run = affinity, .tier = FC_LINUX,
	  .spec = "L: sched_setaffinity(2); FreeBSD cpuset(2): the CPU "
	  "affinity mask is inherited" },
	{ .id = "inh.prctl-linux", .run = prctl_name, .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_NAME: the command name is inherited" },
	{ .id = "inh.prctl-linux/dumpable", .run = prctl_dumpable,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_DUMPABLE: the dumpable flag is "
	  "inherited" },
	{ .id = "inh.prctl-linux/no-new-privs", .run = prctl_nnp,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_NO_NEW_PRIVS: no_new_privs is "
	  "inherited across fork" },
	{ .id = "inh.prctl-linux/timerslack", .run = prctl_timerslack,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_TIMERSLACK: the child's timer slack "
	  "is the parent's current one" },
	{ .id = "inh.prctl-linux/coredump-filter",
	  .run = prctl_coredump_filter, .tier = FC_LINUX,
	  .spec = "L: core(5), proc(5): /proc/pid/coredump_filter is "
	  "inherited by fork" },
	{ .id = "inh.prctl-linux/subreaper-not-inherited",
	  .run = prctl_subreaper, .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_CHILD_SUBREAPER: the attribute is not "
	  "inherited by fork" },
	{ .id = "inh.security-state", .run = security_seccomp,
	  .tier = FC_LINUX,
	  .spec = "L: seccomp(2): a filter is inherited by the child of "
	  "fork" },
	{ .id = "inh.security-state/capabilities", .run = security_caps,
	  .tier = FC_LINUX,
	  .spec = "L: capabilities(7): the bounding set and securebits are "
	  "preserved across fork" },
	{ .id = "inh.security-state/landlock", .run = security_landlock,
	  .tier = FC_LINUX,
	  .spec = "L: landlock(7): a Landlock domain is inherited by the "
	  "child of fork" },
	{ .id = "inh.security-state/capsicum", .run = security_capsicum,
	  .tier = FC_BSD,
	  .spec = "FreeBSD cap_enter(2): capability mode is inherited by "
	  "child processes" },
	{ .id = "inh.personality-ioprio", .run = personality_inherited,
	  .tier = FC_LINUX,
	  .spec = "L: personality(2): the execution domain is inherited" },
	{ .id = "inh.personality-ioprio/ioprio", .run = ioprio_inherited,
	  .tier = FC_LINUX,
	  .spec = "L: ioprio_set(2): the I/O priority is inherited by the "
	  "child of fork" },
	{ .id = NULL }
};
