/*
 * inh-posix.c: process attributes the child inherits (XSH fork: "The new
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
 * The code that runs P and C is in inherit.c, shared with inh-sched-os.c
 * and inh-prctl-os.c.
 */

#include "config.h"

#include "os-features.h"

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
#include "inherit.h"

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

/*
 * The working directory is inherited: P moves into a fresh directory, C
 * must be in it (same device and inode) and its chdir("..") must leave P
 * where it was.  A platform that starts the child in / or in the parent's
 * earlier directory fails.
 */
static const struct attr cwd_attr = {
	.set = cwd_set, .get = cwd_get, .change = cwd_change
};

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

/*
 * The file-mode creation mask is inherited: P sets 027, C must have 027
 * and its umask(077) must leave P's alone.  A platform that gives the
 * child a default mask (022, 0) fails.
 */
static const struct attr umask_attr = {
	.set = umask_set, .get = umask_get, .change = umask_change
};

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

/*
 * The root directory is inherited: P (as root) chroots into a fresh
 * directory, C's "/" must be that directory, and C's further chroot must
 * leave P's root alone.  A platform or emulator that gives the child the
 * system's root back fails.  Skips without privilege.
 */
static const struct attr root_attr = {
	.set = root_set, .get = root_get, .change = root_change
};

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

/*
 * The environment is copied: C sees the variables P set, and its setenv,
 * unsetenv and putenv leave P's environment alone.  A platform that
 * gives the child an empty environment, or shares environ with the
 * parent, fails.
 */
static const struct attr env_attr = {
	.set = env_set, .get = env_get, .change = env_change
};

/*
 * Ids the credentials case gives its parent when it runs as root: real,
 * effective and saved user and group ids all distinct, and supplementary
 * groups (in no order) distinct from them.
 */
static const uid_t	cred_uids[3] = { 2100000101, 2100000103, 2100000105 };
static const gid_t	cred_gids[3] = { 2100000102, 2100000104, 2100000106 };
static gid_t		cred_groups[3] = { 2100000108, 2100000107, 2100000109 };

/*
 * The calling process's real, effective and saved ids: ids_get() reads
 * them (a saved id it cannot read is (id_t)-1), ids_set() sets them,
 * ids_rotate() gives each kind the next one's value, which any process
 * may do with its own ids.  Without setresuid() only the real and
 * effective ids are set (the saved ones follow the effective ones) and
 * swapped.
 */
#if defined(WITH_RESUID)
static int
ids_get(uid_t u[3], gid_t g[3])
{
	return getresuid(&u[0], &u[1], &u[2]) == -1 ||
	    getresgid(&g[0], &g[1], &g[2]) == -1 ? -1 : 0;
}

static int
ids_set(const uid_t u[3], const gid_t g[3])
{
	return setresgid(g[0], g[1], g[2]) == -1 ||
	    setresuid(u[0], u[1], u[2]) == -1 ? -1 : 0;
}

static int
ids_rotate(const uid_t u[3], const gid_t g[3])
{
	return setresgid(g[1], g[2], g[0]) == -1 ||
	    setresuid(u[1], u[2], u[0]) == -1 ? -1 : 0;
}
#else
static int
ids_get(uid_t u[3], gid_t g[3])
{
	u[0] = getuid();
	u[1] = geteuid();
	g[0] = getgid();
	g[1] = getegid();
	u[2] = (uid_t)-1;
	g[2] = (gid_t)-1;
	return 0;
}

static int
ids_set(const uid_t u[3], const gid_t g[3])
{
	return setregid(g[0], g[1]) == -1 ||
	    setreuid(u[0], u[1]) == -1 ? -1 : 0;
}

static int
ids_rotate(const uid_t u[3], const gid_t g[3])
{
	return setregid(g[1], g[0]) == -1 ||
	    setreuid(u[1], u[0]) == -1 ? -1 : 0;
}
#endif

static int
cred_set(char *why, size_t len)
{
	(void)why;
	(void)len;
	if (geteuid() != 0)
		return 0;
	/* The groups first: the uids take root's privilege away. */
	if (setgroups(3, cred_groups) == -1 ||
	    ids_set(cred_uids, cred_gids) == -1) {
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

/* "uid 1/2/3 gid 4/5/6 groups 7,8": real/effective/saved, sorted groups. */
static int
cred_get(char *buf, size_t len)
{
	uid_t	 u[3];
	gid_t	 g[3], *groups;
	size_t	 off;
	int	 i, n;

	if (ids_get(u, g) == -1 || (n = getgroups(0, NULL)) == -1)
		return -1;
	if ((groups = calloc((size_t)n + 1, sizeof(*groups))) == NULL)
		return -1;
	if ((n = getgroups(n, groups)) == -1) {
		free(groups);
		return -1;
	}
	qsort(groups, (size_t)n, sizeof(*groups), gid_cmp);
	off = (size_t)snprintf(buf, len, "uid %jd/%jd/%jd gid %jd/%jd/%jd "
	    "groups", (intmax_t)u[0], (intmax_t)u[1], (intmax_t)u[2],
	    (intmax_t)g[0], (intmax_t)g[1], (intmax_t)g[2]);
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%jd",
		    i ? "," : " ", (intmax_t)groups[i]);
	free(groups);
	return 0;
}

/* C rotates its ids (nothing to change when they are all one). */
static int
cred_change(void)
{
	uid_t	u[3];
	gid_t	g[3];

	if (ids_get(u, g) == -1)
		return -1;
	if (u[0] == u[1] && (u[1] == u[2] || u[2] == (uid_t)-1) &&
	    g[0] == g[1] && (g[1] == g[2] || g[2] == (gid_t)-1))
		return 1;
	return ids_rotate(u, g);
}

static const struct attr cred_attr = {
	.set = cred_set, .get = cred_get, .change = cred_change
};

/*
 * Real, effective and saved user and group ids and the supplementary
 * groups are inherited, whoever runs the case: the case's child must have
 * the case's own, then C its parent P's (inherit()).  As root, P first
 * takes three distinct ids of each kind and groups of its own, and C's
 * rotation of its ids must not reach P, so that a platform that copies
 * only the effective ids (the child's saved or real ones reset, its
 * groups dropped) fails; unprivileged, one that drops groups still does.
 */
static enum fc_verdict
credentials(const struct fc_case *c)
{
	enum fc_verdict	v;
	struct fc_sub	sub;
	char		mine[DESC], theirs[DESC];

	if (cred_get(mine, sizeof(mine)) == -1)
		return fc_broken("reading the credentials");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		if (cred_get(theirs, sizeof(theirs)) == -1)
			snprintf(theirs, sizeof(theirs), "unreadable (%s)",
			    strerror(errno));
		fc_sub_report(sub.fd, theirs, sizeof(theirs));
	}
	if ((v = fc_sub_collect(&sub, theirs, sizeof(theirs))) != FC_PASS)
		return v;
	if (strcmp(theirs, mine) != 0)
		return fc_fail("the child has %s, want %s (its parent's)",
		    theirs, mine);
	return inherit(c);
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

/*
 * The nice value is inherited and per process: P raises its own by 3, C
 * must have the same value, and C's raise by 1 must leave P's alone.  A
 * platform that resets the child to the default nice (0) fails.
 */
static const struct attr nice_attr = {
	.set = nice_set, .get = nice_get, .change = nice_change
};

const struct fc_case fc_inh_cases[] = {
	{ .id = "inh.cwd-root-umask",
	  .run = inherit, .arg = &cwd_attr, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "current working directory" },
	{ .id = "inh.cwd-root-umask/umask", .run = inherit, .arg = &umask_attr,
	  .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "file mode creation mask; XSH umask" },
	{ .id = "inh.cwd-root-umask/root",
	  .run = inherit, .arg = &root_attr, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "root directory; XSH chroot" },
	{ .id = "inh.env", .run = inherit, .arg = &env_attr, .tier = FC_CORE,
	  .spec = "XSH fork: the child is a copy of the parent, environ "
	  "included; changes in the child stay in the child" },
	{ .id = "inh.credentials",
	  .run = credentials, .arg = &cred_attr, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: real "
	  "and effective user and group IDs, supplementary group IDs" },
	{ .id = "inh.nice", .run = inherit, .arg = &nice_attr, .tier = FC_CORE,
	  .spec = "XSH fork: all other characteristics are the same: the "
	  "nice value; XSH nice, getpriority" },
	{ .id = NULL }
};
