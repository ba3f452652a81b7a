/*
 * inherit.c: the shared machinery of the inh cases: the disposable parent
 * P that sets an attribute and forks C, and the judgement of what both
 * saw.  See inherit.h.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "inherit.h"

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
	fc_sub_report(fd, &s, sizeof(s));
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
	fc_sub_report(fd, &r, sizeof(r));
}

/*
 * A case of the inh rows: runs P and C for the row's attribute (c->arg,
 * a struct attr) and judges what they saw.
 */
enum fc_verdict
inherit(const struct fc_case *c)
{
	const struct attr	*a = c->arg;
	struct fc_sub		 sub;
	struct report		 r;
	const char		*want;
	ssize_t			 n;
	int			 status;
	char			 st[64];

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

/* A scheduling policy's name ("SCHED_FIFO"), or its number in buf. */
const char *
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
