/*
 * inh-prctl-os.c: inherited process settings of one platform: Linux
 * prctl settings, security confinement (seccomp, capabilities, Landlock,
 * Capsicum), personality and I/O priority.  Same shape as inh-sched-os.c
 * (inherit.c): each region defines an attribute, or says why it is
 * missing and the case skips.
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

/* Linux prctl(2) settings. */
#if defined(WITH_PRCTL_ATTRS)
static int
name_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	return prctl(PR_SET_NAME, (unsigned long)"fc-inh-parent", 0, 0, 0);
}

static int
name_get(char *buf, size_t len)
{
	char	name[17];

	memset(name, 0, sizeof(name));
	if (prctl(PR_GET_NAME, (unsigned long)name, 0, 0, 0) == -1)
		return -1;
	snprintf(buf, len, "name \"%s\"", name);
	return 0;
}

static int
name_change(void)
{
	return prctl(PR_SET_NAME, (unsigned long)"fc-inh-child", 0, 0, 0);
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

	if (prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&v, 0, 0, 0) == -1)
		return -1;
	snprintf(buf, len, "child subreaper %d", v);
	return 0;
}

/*
 * Linux: the command name (PR_SET_NAME) is inherited, and the child's
 * renaming stays its own.  A kernel that resets the name fails.
 */
static const struct attr name_attr = {
	.set = name_set, .get = name_get, .change = name_change
};
/*
 * Linux: the dumpable flag is inherited: P clears it, C must have 0, and
 * C setting its own back to 1 leaves P's at 0.
 */
static const struct attr dumpable_attr = {
	.set = dumpable_set, .get = dumpable_get, .change = dumpable_change
};
/*
 * Linux: no_new_privs is inherited (and cannot be unset).  A kernel that
 * lets the child escape it fails.
 */
static const struct attr nnp_attr = {
	.set = nnp_set, .get = nnp_get
};
/*
 * Linux: the timer slack is inherited (the child's default is the
 * parent's current slack) and the child's change stays its own.
 */
static const struct attr slack_attr = {
	.set = slack_set, .get = slack_get, .change = slack_change
};
/*
 * Linux: /proc/self/coredump_filter is inherited; P flips one bit, C must
 * have P's mask and flips another bit of its own.
 */
static const struct attr filter_attr = {
	.set = filter_set, .get = filter_get, .change = filter_change
};
/*
 * Linux: the child-subreaper attribute is not inherited by fork: a
 * subreaper's child starts as no subreaper.  A kernel that passes it on
 * fails.
 */
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
#if defined(WITH_SECCOMP)
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

/*
 * Linux: a seccomp filter follows the child.  P (with no_new_privs)
 * installs a filter under which getppid() fails with EPERM; it must fail
 * the same way in C.  A kernel that forks an unconfined child fails.
 */
static const struct attr seccomp_attr = {
	.set = seccomp_set, .get = seccomp_get
};
#else
static const struct attr seccomp_attr = {
	.absent = "no seccomp here (Linux only)"
};
#endif

/* Linux capabilities: the bounding set and the securebits. */
#if defined(WITH_CAPBSET)
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

/*
 * Linux: the capability bounding set and the securebits are inherited:
 * P drops CAP_SYS_BOOT and sets SECBIT_NO_SETUID_FIXUP; C must have both,
 * and its clearing of the securebit stays its own.  Needs privilege.
 */
static const struct attr caps_attr = {
	.set = caps_set, .get = caps_get, .change = caps_change
};
#else
static const struct attr caps_attr = {
	.absent = "no capability bounding set here (Linux only)"
};
#endif

/* Linux Landlock: a domain that handles directory creation, no rules. */
#if defined(WITH_LANDLOCK)
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

/*
 * Linux: a Landlock domain follows the child.  P restricts itself with a
 * ruleset that handles directory creation and allows none; mkdir() must
 * fail the same way in C.
 */
static const struct attr landlock_attr = {
	.set = landlock_set, .get = landlock_get
};
#else
static const struct attr landlock_attr = {
	.absent = "no Landlock here (Linux only)"
};
#endif

/* FreeBSD Capsicum: capability mode. */
#if defined(WITH_CAPSICUM)
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

/*
 * FreeBSD: capability mode follows the child: after P's cap_enter(), C's
 * cap_getmode() must report capability mode.
 */
static const struct attr capsicum_attr = {
	.set = capsicum_set, .get = capsicum_get
};
#else
static const struct attr capsicum_attr = {
	.absent = "no Capsicum here (FreeBSD only)"
};
#endif

/* Linux execution domain. */
#if defined(WITH_PERSONALITY)
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

/*
 * Linux: the execution domain is inherited: P flips ADDR_NO_RANDOMIZE, C
 * must have P's personality and its own flip of UNAME26 stays its own.
 */
static const struct attr persona_attr = {
	.set = persona_set, .get = persona_get, .change = persona_change
};
#else
static const struct attr persona_attr = {
	.absent = "no personality(2) here (Linux only)"
};
#endif

/* Linux I/O priority. */
#if defined(WITH_IOPRIO)
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

/*
 * Linux: the I/O priority is inherited: P takes the idle class, C must
 * have it, and C's move to best-effort level 7 leaves P idle.
 */
static const struct attr ioprio_attr = {
	.set = ioprio_attr_set, .get = ioprio_attr_get,
	.change = ioprio_attr_change
};
#else
static const struct attr ioprio_attr = {
	.absent = "no ioprio_get(2) here (Linux only)"
};
#endif

const struct fc_case fc_inh_prctl_os_cases[] = {
	{ .id = "inh.prctl-linux",
	  .run = inherit, .arg = &name_attr, .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_NAME: the command name is inherited" },
	{ .id = "inh.prctl-linux/dumpable",
	  .run = inherit, .arg = &dumpable_attr,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_DUMPABLE: the dumpable flag is "
	  "inherited" },
	{ .id = "inh.prctl-linux/no-new-privs",
	  .run = inherit, .arg = &nnp_attr,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_NO_NEW_PRIVS: no_new_privs is "
	  "inherited across fork" },
	{ .id = "inh.prctl-linux/timerslack",
	  .run = inherit, .arg = &slack_attr,
	  .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_TIMERSLACK: the child's timer slack "
	  "is the parent's current one" },
	{ .id = "inh.prctl-linux/coredump-filter",
	  .run = inherit, .arg = &filter_attr, .tier = FC_LINUX,
	  .spec = "L: core(5), proc(5): /proc/pid/coredump_filter is "
	  "inherited by fork" },
	{ .id = "inh.prctl-linux/subreaper-not-inherited",
	  .run = inherit, .arg = &subreaper_attr, .tier = FC_LINUX,
	  .spec = "L: prctl(2) PR_SET_CHILD_SUBREAPER: the attribute is not "
	  "inherited by fork" },
	{ .id = "inh.security-state", .run = inherit, .arg = &seccomp_attr,
	  .tier = FC_LINUX,
	  .spec = "L: seccomp(2): a filter is inherited by the child of "
	  "fork" },
	{ .id = "inh.security-state/capabilities",
	  .run = inherit, .arg = &caps_attr,
	  .tier = FC_LINUX,
	  .spec = "L: capabilities(7): the bounding set and securebits are "
	  "preserved across fork" },
	{ .id = "inh.security-state/landlock",
	  .run = inherit, .arg = &landlock_attr,
	  .tier = FC_LINUX,
	  .spec = "L: landlock(7): a Landlock domain is inherited by the "
	  "child of fork" },
	{ .id = "inh.security-state/capsicum",
	  .run = inherit, .arg = &capsicum_attr,
	  .tier = FC_BSD,
	  .spec = "FreeBSD cap_enter(2): capability mode is inherited by "
	  "child processes" },
	{ .id = "inh.personality-ioprio", .run = inherit, .arg = &persona_attr,
	  .tier = FC_LINUX,
	  .spec = "L: personality(2): the execution domain is inherited" },
	{ .id = "inh.personality-ioprio/ioprio",
	  .run = inherit, .arg = &ioprio_attr,
	  .tier = FC_LINUX,
	  .spec = "L: ioprio_set(2): the I/O priority is inherited by the "
	  "child of fork" },
	{ .id = NULL }
};
