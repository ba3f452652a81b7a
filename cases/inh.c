/*
 * inh.c: process attributes the child inherits (XSH fork: "The new
 * process (child process) shall be an exact copy of the calling process
 * (parent process) except as detailed below", and "All other process
 * characteristics defined by POSIX.1-2024 shall be the same in the parent
 * and child processes"): working and root directory, umask, environment,
 * credentials and the nice value.
 *
 * Every case here has the same shape.  A disposable child P of the case
 * sets the attribute to a value of its own (so that a child reset to a
 * default shows), describes it in words and forks C; C describes what it
 * has, changes it, and describes it again; then P describes its own value
 * once more.  C must have P's value, and C's change must not reach P.
 * The code that runs P and C is the same in inh-os.c: the two files
 * cannot share a function.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define DESC	256		/* room for an attribute described in words */

/*
 * An attribute.  absent: why this platform cannot run the case, or NULL.
 * set() runs in P: 0 when done, 1 to skip with the reason it wrote into
 * its buffer, 2 to skip with that reason and strerror(errno) after it, -1
 * with errno when our own setup failed.  get() describes the
 * current value, 0 or -1 with errno.  change() runs in C after it
 * described what it inherited: 0 when done, 1 when there is nothing C may
 * change, -1 with errno when it failed; NULL for an attribute no process
 * can undo.  reset: for an attribute fork does not pass on, what C must
 * have instead of P's value.
 */
struct attr {
	const char	*absent;
	int		(*set)(char *, size_t);
	int		(*get)(char *, size_t);
	int		(*change)(void);
	const char	*reset;
};

/* What P sends the case. */
struct report {
	int	setup;		/* set()'s result; -1 if a later step failed */
	int	error;		/* errno of a failed step */
	char	why[160];	/* the skip reason, or the step that failed */
	char	parent[DESC];	/* P's value, before fork */
	char	child[DESC];	/* what C saw */
	char	changed[DESC];	/* C's value after its change */
	char	after[DESC];	/* P's value after C's change */
	int	change;		/* change()'s result in C */
	int	change_error;	/* and its errno */
	int	reported;	/* C sent its descriptions */
	int	status;		/* C's wait status */
};

/* What C sends P. */
struct seen {
	char	child[DESC];
	char	changed[DESC];
	int	change;
	int	change_error;
};

/* Describes the attribute, or the error reading it, into buf. */
static void
describe(const struct attr *a, char *buf, size_t len)
{
	if (a->get(buf, len) == -1)
		snprintf(buf, len, "unreadable (%s)", strerror(errno));
}

/* C: describe, change, describe again, report to P. */
static void FC_DEAD
attr_child(const struct attr *a, int fd)
{
	struct seen	s;

	memset(&s, 0, sizeof(s));
	describe(a, s.child, DESC);
	s.change = a->change != NULL ? a->change() : 1;
	s.change_error = errno;
	describe(a, s.changed, DESC);
	fc_exit(fc_write_all(fd, &s, sizeof(s)) == 0 ? 0 : 1);
}

/* P: set, describe, fork C, describe again after C, report to the case. */
static void FC_DEAD
attr_parent(const struct attr *a, int fd)
{
	struct report	r;
	struct fc_sub	sub;
	struct seen	s;
	size_t		n;
	pid_t		pid;

	memset(&r, 0, sizeof(r));
	r.setup = a->set(r.why, sizeof(r.why));
	r.error = errno;
	if (r.setup == -1)
		snprintf(r.why, sizeof(r.why), "setting it in the parent");
	else if (r.setup == 2) {
		n = strlen(r.why);
		snprintf(r.why + n, sizeof(r.why) - n, ": %s",
		    strerror(r.error));
		r.setup = 1;
	} else if (r.setup == 0 && a->get(r.parent, DESC) == -1) {
		r.setup = -1;
		r.error = errno;
		snprintf(r.why, sizeof(r.why), "reading it in the parent");
	} else if (r.setup == 0 && (pid = fc_sub_fork(&sub)) == -1) {
		r.setup = -1;
		r.error = errno;
		snprintf(r.why, sizeof(r.why), "fork");
	} else if (r.setup == 0) {
		if (pid == 0)
			attr_child(a, sub.fd);
		memset(&s, 0, sizeof(s));
		r.reported = fc_read_all(sub.fd, &s, sizeof(s)) ==
		    (ssize_t)sizeof(s);
		if (fc_sub_wait(&sub, &r.status) == -1) {
			r.setup = -1;
			r.error = errno;
			snprintf(r.why, sizeof(r.why), "waitpid");
		}
		memcpy(r.child, s.child, DESC);
		memcpy(r.changed, s.changed, DESC);
		r.change = s.change;
		r.change_error = s.change_error;
		describe(a, r.after, DESC);
	}
	fc_exit(fc_write_all(fd, &r, sizeof(r)) == 0 ? 0 : 1);
}

/* Runs P and C for one attribute and judges what they saw. */
static enum fc_verdict
inherit(const struct attr *a)
{
	struct fc_sub	sub;
	struct report	r;
	const char	*want;
	ssize_t		n;
	int		status;
	char		st[64];

	if (a->absent != NULL)
		return fc_skip("%s", a->absent);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		attr_parent(a, sub.fd);
	n = fc_read_all(sub.fd, &r, sizeof(r));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(r))
		return fc_brokenx("the disposable parent %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (r.setup == 1)
		return fc_skip("%s", r.why);
	if (r.setup == -1) {
		errno = r.error;
		return fc_broken("%s", r.why);
	}
	if (!r.reported)
		return fc_fail("the child %s before reporting what it "
		    "inherited", fc_status(r.status, st, sizeof(st)));
	if (a->reset != NULL && strcmp(r.parent, a->reset) == 0)
		return fc_brokenx("the parent already has %s, what the child "
		    "must get", r.parent);
	want = a->reset != NULL ? a->reset : r.parent;
	if (strcmp(r.child, want) != 0)
		return fc_fail("the child has %s, want %s (the parent has %s)",
		    r.child, want, r.parent);
	if (r.change == -1) {
		errno = r.change_error;
		return fc_broken("changing it in the child");
	}
	if (strcmp(r.after, r.parent) != 0)
		return fc_fail("after the child changed its own to %s, the "
		    "parent has %s, want %s", r.changed, r.after, r.parent);
	if (r.change == 0 && strcmp(r.changed, r.child) == 0)
		return fc_brokenx("the child's change did not take: it still "
		    "has %s", r.changed);
	return FC_PASS;
}

/* Describes a file's identity, for the working and root directories. */
static int
get_dir(const char *path, char *buf, size_t len)
{
	struct stat	sb;

	if (stat(path, &sb) == -1)
		return -1;
	snprintf(buf, len, "directory dev %ju ino %ju", (uintmax_t)sb.st_dev,
	    (uintmax_t)sb.st_ino);
	return 0;
}

static int
cwd_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	/* By absolute path: P's own working directory is under test too. */
	if (chdir(fc_tmpdir()) == -1 || mkdir("cwd", 0700) == -1 ||
	    chdir("cwd") == -1)
		return -1;
	return 0;
}

static int
cwd_get(char *buf, size_t len)
{
	return get_dir(".", buf, len);
}

static int
cwd_change(void)
{
	return chdir("..");
}

static const struct attr cwd_attr = {
	.set = cwd_set, .get = cwd_get, .change = cwd_change
};

/*
 * The working directory is inherited: P moves into a fresh directory, C
 * must be in it (same device and inode) and its chdir("..") must leave P
 * where it was.  A platform that starts the child in / or in the parent's
 * earlier directory fails.
 */
static enum fc_verdict
cwd(void)
{
	return inherit(&cwd_attr);
}

static int
umask_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	umask(027);
	return 0;
}

static int
umask_get(char *buf, size_t len)
{
	mode_t	m;

	m = umask(0);
	umask(m);
	snprintf(buf, len, "umask 0%03o", (unsigned int)m);
	return 0;
}

static int
umask_change(void)
{
	umask(077);
	return 0;
}

static const struct attr umask_attr = {
	.set = umask_set, .get = umask_get, .change = umask_change
};

/*
 * The file-mode creation mask is inherited: P sets 027, C must have 027
 * and its umask(077) must leave P's alone.  A platform that gives the
 * child a default mask (022, 0) fails.
 */
static enum fc_verdict
umask_inherited(void)
{
	return inherit(&umask_attr);
}

static int
root_set(char *why, size_t len)
{
	if (chdir(fc_tmpdir()) == -1 || mkdir("root", 0700) == -1 ||
	    mkdir("root/inner", 0700) == -1 || chdir("root") == -1)
		return -1;
	if (chroot(".") == -1) {
		if (errno != EPERM)
			return -1;
		snprintf(why, len, "chroot needs privilege: %s",
		    strerror(errno));
		return 1;
	}
	return 0;
}

static int
root_get(char *buf, size_t len)
{
	return get_dir("/", buf, len);
}

static int
root_change(void)
{
	return chroot("inner");
}

static const struct attr root_attr = {
	.set = root_set, .get = root_get, .change = root_change
};

/*
 * The root directory is inherited: P (as root) chroots into a fresh
 * directory, C's "/" must be that directory, and C's further chroot must
 * leave P's root alone.  A platform or emulator that gives the child the
 * system's root back fails.  Skips without privilege.
 */
static enum fc_verdict
root(void)
{
	return inherit(&root_attr);
}

static int
env_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	if (setenv("FC_INH_ENV", "parent", 1) == -1 ||
	    setenv("FC_INH_GONE", "kept", 1) == -1 ||
	    unsetenv("FC_INH_NEW") == -1)
		return -1;
	return 0;
}

static int
env_get(char *buf, size_t len)
{
	static const char *const names[] = {
		"FC_INH_ENV", "FC_INH_GONE", "FC_INH_NEW"
	};
	const char	*v;
	size_t		 i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && off < len; i++) {
		v = getenv(names[i]);
		off += (size_t)snprintf(buf + off, len - off, "%s%s%s%s",
		    i ? " " : "", names[i], v ? "=" : " unset", v ? v : "");
	}
	return 0;
}

static int
env_change(void)
{
	static char	added[] = "FC_INH_NEW=child";

	if (setenv("FC_INH_ENV", "child", 1) == -1 ||
	    unsetenv("FC_INH_GONE") == -1 || putenv(added) != 0)
		return -1;
	return 0;
}

static const struct attr env_attr = {
	.set = env_set, .get = env_get, .change = env_change
};

/*
 * The environment is copied: C sees the variables P set, and its setenv,
 * unsetenv and putenv leave P's environment alone.  A platform that
 * gives the child an empty environment, or shares environ with the
 * parent, fails.
 */
static enum fc_verdict
env(void)
{
	return inherit(&env_attr);
}

/* Ids the credentials case gives its parent when it runs as root. */
#define CRED_UID	((uid_t)2100000101)
#define CRED_GID	((gid_t)2100000102)
#define CRED_GROUP1	((gid_t)2100000103)
#define CRED_GROUP2	((gid_t)2100000104)
#define CRED_GROUP3	((gid_t)2100000105)

static int
cred_set(char *why, size_t len)
{
	gid_t	groups[2] = { CRED_GROUP2, CRED_GROUP1 };

	(void)why;
	(void)len;
	if (geteuid() != 0)
		return 0;
	/* Real ids stay 0 so that the child can change its own. */
	if (setgroups(2, groups) == -1 || setegid(CRED_GID) == -1 ||
	    seteuid(CRED_UID) == -1) {
		/* A user namespace may refuse: compare the ids it has. */
		if (errno != EINVAL && errno != EPERM)
			return -1;
	}
	return 0;
}

static int
gid_cmp(const void *a, const void *b)
{
	gid_t	x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

static int
cred_get(char *buf, size_t len)
{
	gid_t	*groups;
	size_t	 off;
	int	 i, n;

	if ((n = getgroups(0, NULL)) == -1)
		return -1;
	if ((groups = calloc((size_t)n + 1, sizeof(*groups))) == NULL)
		return -1;
	if ((n = getgroups(n, groups)) == -1) {
		free(groups);
		return -1;
	}
	qsort(groups, (size_t)n, sizeof(*groups), gid_cmp);
	off = (size_t)snprintf(buf, len, "uid %ju euid %ju gid %ju egid %ju "
	    "groups", (uintmax_t)getuid(), (uintmax_t)geteuid(),
	    (uintmax_t)getgid(), (uintmax_t)getegid());
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%ju",
		    i ? "," : " ", (uintmax_t)groups[i]);
	free(groups);
	return 0;
}

static int
cred_change(void)
{
	gid_t	group = CRED_GROUP3;

	if (getuid() != 0)
		return 1;
	if (seteuid(0) == -1 || setegid(getgid()) == -1)
		return -1;
	/* A user namespace may refuse: then C has nothing to change. */
	if (setgroups(1, &group) == -1)
		return errno == EPERM ? 1 : -1;
	return 0;
}

static const struct attr cred_attr = {
	.set = cred_set, .get = cred_get, .change = cred_change
};

/*
 * Real and effective user and group ids and the supplementary groups are
 * inherited.  As root, P first takes an effective uid, an effective gid
 * and groups of its own (its real ids stay 0), and C's change of them must
 * not reach P.  A platform that gives the child other credentials (the
 * real ids as effective ones, no groups) fails.
 */
static enum fc_verdict
credentials(void)
{
	return inherit(&cred_attr);
}

/* The nice value P raises its own by, and C then by one more. */
#define NICE_STEP	3

static int
nice_get(char *buf, size_t len)
{
	int	n;

	errno = 0;
	n = getpriority(PRIO_PROCESS, 0);
	if (n == -1 && errno != 0)
		return -1;
	snprintf(buf, len, "nice %d", n);
	return 0;
}

static int
nice_set(char *why, size_t len)
{
	int	before;

	errno = 0;
	before = getpriority(PRIO_PROCESS, 0);
	if (before == -1 && errno != 0)
		return -1;
	/* Raising is always permitted, but not past the ceiling (19). */
	if (before > 19 - NICE_STEP - 1) {
		snprintf(why, len, "nice is %d, too close to the ceiling to "
		    "raise it by %d and then 1", before, NICE_STEP);
		return 1;
	}
	if (setpriority(PRIO_PROCESS, 0, before + NICE_STEP) == -1)
		return -1;
	return 0;
}

static int
nice_change(void)
{
	int	n;

	errno = 0;
	n = getpriority(PRIO_PROCESS, 0);
	if (n == -1 && errno != 0)
		return -1;
	return setpriority(PRIO_PROCESS, 0, n + 1);
}

static const struct attr nice_attr = {
	.set = nice_set, .get = nice_get, .change = nice_change
};

/*
 * The nice value is inherited and per process: P raises its own by 3, C
 * must have the same value, and C's raise by 1 must leave P's alone.  A
 * platform that resets the child to the default nice (0) fails.
 */
static enum fc_verdict
nice_inherited(void)
{
	return inherit(&nice_attr);
}

const struct fc_case fc_inh_cases[] = {
	{ .id = "inh.cwd-root-umask", .run = cwd, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "current working directory" },
	{ .id = "inh.cwd-root-umask/umask", .run = umask_inherited,
	  .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "file mode creation mask; XSH umask" },
	{ .id = "inh.cwd-root-umask/root", .run = root, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "root directory; XSH chroot" },
	{ .id = "inh.env", .run = env, .tier = FC_CORE,
	  .spec = "XSH fork: the child is a copy of the parent, environ "
	  "included; changes in the child stay in the child" },
	{ .id = "inh.credentials", .run = credentials, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: real "
	  "and effective user and group IDs, supplementary group IDs" },
	{ .id = "inh.nice", .run = nice_inherited, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "nice value; XSH nice, getpriority" },
	{ .id = NULL }
};
