/*
 * pgid.c: process groups and sessions (XSH fork: the child inherits the
 * process group and session; XSH setpgid, including its RATIONALE on
 * calling it from both sides of a fork, and its ERRORS; XSH setsid).
 * Signalling a group is in pgid-kill.c.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cases.h"

/* Who a process is: its pid, group and session, and its terminal's. */
struct ident {
	pid_t	self;
	pid_t	pgrp;
	pid_t	sid;
	int	tty_err;	/* errno of open("/dev/tty"), 0 if it opened */
	pid_t	tty_sid;	/* tcgetsid() of it, if it opened */
};

static void
identify(struct ident *id)
{
	int	fd;

	id->self = getpid();
	id->pgrp = getpgrp();
	id->sid = getsid(0);
	id->tty_sid = -1;
	if ((fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		id->tty_err = errno;
	else {
		id->tty_err = 0;
		id->tty_sid = tcgetsid(fd);
		close(fd);
	}
}

/*
 * The child is in its parent's process group and session, with the same
 * controlling terminal (or, like the parent, none), and leads neither.
 * A platform that gives the child a group or session of its own, or
 * drops or changes its terminal, fails.
 */
static enum fc_verdict
inherited(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	struct ident	me, kid;
	ssize_t		n;
	int		status;
	char		st[64];

	identify(&me);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		identify(&kid);
		fc_sub_report(sub.fd, &kid, sizeof(kid));
	}
	n = fc_read_all(sub.fd, &kid, sizeof(kid));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(kid))
		return fc_brokenx("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (kid.pgrp != me.pgrp)
		return fc_fail("the child's process group is %ld, want the "
		    "parent's %ld", (long)kid.pgrp, (long)me.pgrp);
	if (kid.sid != me.sid)
		return fc_fail("the child's session is %ld, want the parent's "
		    "%ld", (long)kid.sid, (long)me.sid);
	if (kid.pgrp == kid.self)
		return fc_fail("the child (pid %ld) leads a process group",
		    (long)kid.self);
	if (kid.sid == kid.self)
		return fc_fail("the child (pid %ld) leads a session",
		    (long)kid.self);
	if (kid.tty_err != me.tty_err)
		return fc_fail("open(\"/dev/tty\") gives %s in the child, %s "
		    "in the parent: the controlling terminal differs",
		    kid.tty_err ? strerror(kid.tty_err) : "success",
		    me.tty_err ? strerror(me.tty_err) : "success");
	if (kid.tty_sid != me.tty_sid)
		return fc_fail("the child's controlling terminal belongs to "
		    "session %ld, the parent's to %ld", (long)kid.tty_sid,
		    (long)me.tty_sid);
	return FC_PASS;
}

struct seen {
	int	err;		/* errno of the child's setpgid, 0 if it worked */
	pid_t	pgid;		/* the child's getpgid(0) afterwards */
	pid_t	self;
};

/*
 * One order of pgid.setpgid-both-sides: the child's setpgid(0, 0) first
 * (child_first), or the parent's setpgid(pid, pid) first; a gate each
 * way forces the order.
 */
static enum fc_verdict
both_sides(int child_first)
{
	static const char *const order[] = { "parent first", "child first" };
	struct fc_gate	go, done;
	struct fc_sub	sub;
	struct seen	seen;
	int		status, perr = 0;
	pid_t		pid, pg, got;
	ssize_t		n;

	if (fc_gate_init(&go) == -1 || fc_gate_init(&done) == -1)
		return fc_broken("pipe");
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_waiter(&go);
		fc_gate_opener(&done);
		/* Parent first: its setpgid needs us alive, not exec'd. */
		if (!child_first && fc_gate_wait(&go) == -1)
			fc_exit(2);
		seen.err = setpgid(0, 0) == -1 ? errno : 0;
		seen.self = getpid();
		if (child_first && (fc_gate_open(&done) == -1 ||
		    fc_gate_wait(&go) == -1))
			fc_exit(2);
		seen.pgid = getpgid(0);
		fc_sub_report(sub.fd, &seen, sizeof(seen));
	}
	fc_gate_opener(&go);
	fc_gate_waiter(&done);
	if (child_first && fc_gate_wait(&done) == -1) {
		fc_gate_close(&go);
		(void)fc_sub_wait(&sub, &status);
		return fc_brokenx("the child died before its setpgid");
	}
	if (setpgid(pid, pid) == -1)
		perr = errno;
	pg = getpgid(pid);
	if (fc_gate_open(&go) == -1)
		return fc_broken("write");
	fc_gate_close(&go);
	fc_gate_close(&done);
	n = fc_read_all(sub.fd, &seen, sizeof(seen));
	fc_close(&sub.fd);
	got = fc_waitpid(-pid, &status, 0);
	if (got != pid && fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (perr != 0)
		return fc_fail("%s: the parent's setpgid(%ld, %ld) failed: %s",
		    order[child_first], (long)pid, (long)pid, strerror(perr));
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("%s: the child sent %zd of %zu bytes",
		    order[child_first], n, sizeof(seen));
	if (seen.err != 0)
		return fc_fail("%s: the child's setpgid(0, 0) failed: %s",
		    order[child_first], strerror(seen.err));
	if (pg != pid)
		return fc_fail("%s: the parent's getpgid(%ld) is %ld, want %ld",
		    order[child_first], (long)pid, (long)pg, (long)pid);
	if (seen.pgid != seen.self)
		return fc_fail("%s: the child's getpgid(0) is %ld, want its "
		    "pid %ld", order[child_first], (long)seen.pgid,
		    (long)seen.self);
	if (got != pid)
		return fc_fail("%s: waitpid(-%ld) returned %ld, want %ld",
		    order[child_first], (long)pid, (long)got, (long)pid);
	return FC_PASS;
}

/*
 * The child makes itself a process-group leader with setpgid(0, 0) and
 * the parent calls setpgid(pid, pid), in each order in turn: both calls
 * succeed either way (no race), both processes then see getpgid equal to
 * the child's pid, and waitpid(-pgid) reaps the child.  A platform that
 * refuses one of the calls in either order, or puts the child elsewhere,
 * fails.
 */
static enum fc_verdict
setpgid_both_sides(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;

	if ((v = both_sides(1)) != FC_PASS)
		return v;
	return both_sides(0);
}

/*
 * The helper of setpgid_after_exec(): an exec'd image that waits for the
 * end of file on its standard input, then exits 0.
 */
static int
exec_helper(int argc, char **argv)
{
	char	c;
	ssize_t	n;

	(void)argc;
	(void)argv;
	while ((n = read(0, &c, 1)) == 1 || (n == -1 && errno == EINTR))
		continue;
	return n == 0 ? 0 : 1;
}

/*
 * Once the child has exec'd (seen as end of file on a close-on-exec
 * pipe), the parent's setpgid() on it fails with EACCES and leaves its
 * group alone.  The new image waits on a pipe until released.  A
 * platform that still lets the parent move it fails.
 */
static enum fc_verdict
setpgid_after_exec(const struct fc_case *c FC_UNUSED)
{
	struct fc_gate	hold;
	char	*const	args[] = { NULL };
	int		ex[2], status, err, r;
	pid_t		pid, pg;
	ssize_t		n;
	char		st[64];

	if (fc_pipe(ex) == -1 || fc_gate_init(&hold) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ex[0]);
		fc_gate_waiter(&hold);
		if (dup2(hold.rd, 0) == 0)
			fc_exec_helper(args);
		err = errno;
		(void)fc_write_all(ex[1], &err, sizeof(err));
		fc_exit(127);
	}
	close(ex[1]);
	fc_gate_opener(&hold);
	n = fc_read_all(ex[0], &err, sizeof(err));
	close(ex[0]);
	if (n != 0) {
		fc_gate_close(&hold);
		fc_waitpid(pid, &status, 0);
		if (n == (ssize_t)sizeof(err))
			errno = err;
		return fc_broken("exec of the helper");
	}
	r = setpgid(pid, pid) == -1 ? errno : 0;
	pg = getpgid(pid);
	fc_gate_close(&hold);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (r == 0)
		return fc_fail("setpgid(%ld, %ld) succeeded after the child's "
		    "exec, want EACCES", (long)pid, (long)pid);
	if (r != EACCES)
		return fc_fail("setpgid(%ld, %ld) after the child's exec "
		    "failed with %s, want EACCES", (long)pid, (long)pid,
		    strerror(r));
	if (pg != getpgrp())
		return fc_fail("after the refused setpgid the child is in "
		    "group %ld, want %ld", (long)pg, (long)getpgrp());
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the helper %s", fc_status(status, st,
		    sizeof(st)));
	return FC_PASS;
}

/* How a kid starts before it waits: as is, in a new session, as a parent. */
enum { KID_PLAIN, KID_SETSID, KID_PARENT };

/* A child that waits for the end of hold; started by kid_start(). */
struct kid {
	pid_t	pid;
	int	hold;		/* write end: closing it lets the kid go */
	pid_t	info;		/* setsid()'s result or the grandchild's pid */
	int	err;		/* errno of that call, 0 if it worked */
};

static void
kid_run(int mode, int hold, int rep)
{
	struct kid	r;
	int		status;
	char		c;

	memset(&r, 0, sizeof(r));
	if (mode == KID_SETSID)
		r.info = setsid();
	else if (mode == KID_PARENT && (r.info = fc_fork()) == 0) {
		close(rep);
		(void)fc_read_all(hold, &c, 1);
		fc_exit(0);
	}
	r.err = r.info == -1 ? errno : 0;
	if (fc_write_all(rep, &r, sizeof(r)) == -1)
		fc_exit(1);
	close(rep);
	(void)fc_read_all(hold, &c, 1);
	if (mode == KID_PARENT && r.info > 0)
		fc_waitpid(r.info, &status, 0);
	fc_exit(0);
}

/* Starts a kid; returns 0, or -1 with errno set. */
static int
kid_start(struct kid *k, int mode)
{
	struct kid	r;
	int		hold[2], rep[2];

	if (fc_pipe(hold) == -1)
		return -1;
	if (fc_pipe(rep) == -1) {
		close(hold[0]);
		close(hold[1]);
		return -1;
	}
	if ((k->pid = fc_fork()) == -1)
		return -1;
	if (k->pid == 0) {
		close(hold[1]);
		close(rep[0]);
		kid_run(mode, hold[0], rep[1]);
	}
	close(hold[0]);
	close(rep[1]);
	k->hold = hold[1];
	if (fc_read_all(rep[0], &r, sizeof(r)) == (ssize_t)sizeof(r)) {
		k->info = r.info;
		k->err = r.err;
	} else {
		k->info = -1;
		k->err = EPIPE;
	}
	close(rep[0]);
	return 0;
}

/* Lets the kid go and reaps it. */
static void
kid_end(struct kid *k)
{
	int	status;

	fc_close(&k->hold);
	fc_waitpid(k->pid, &status, 0);
}

/*
 * A fresh child's setsid() failed: only a group leader may be refused,
 * so the platform broke it (or forked the child into a group of its own).
 */
static enum fc_verdict
setsid_refused(int err)
{
	return fc_fail("setsid() in a freshly forked child failed: %s",
	    strerror(err));
}

/* Formats setpgid()'s outcome: "success" or its errno. */
static const char *
outcome(int err)
{
	return err == 0 ? "success" : strerror(err);
}

/*
 * setpgid() on a process that is not the caller or its child -- here
 * the caller's grandchild -- fails with ESRCH.  A platform that lets a
 * process move its grandchildren fails.
 */
static enum fc_verdict
setpgid_esrch(const struct fc_case *c FC_UNUSED)
{
	struct kid	k;
	int		r;

	memset(&k, 0, sizeof(k));
	if (kid_start(&k, KID_PARENT) == -1)
		return fc_broken("fork");
	if (k.info <= 0) {
		kid_end(&k);
		errno = k.err;
		return fc_broken("the child's fork");
	}
	r = setpgid(k.info, k.info) == -1 ? errno : 0;
	kid_end(&k);
	if (r != ESRCH)
		return fc_fail("setpgid() on a grandchild gives %s, want "
		    "ESRCH", outcome(r));
	return FC_PASS;
}

/*
 * setpgid() on a child that called setsid() -- a session leader, in
 * another session -- fails with EPERM, whether it names the caller's
 * group or the child's own.  A platform that moves it fails.
 */
static enum fc_verdict
setpgid_eperm_session(const struct fc_case *c FC_UNUSED)
{
	struct kid	k;
	int		r1, r2;

	memset(&k, 0, sizeof(k));
	if (kid_start(&k, KID_SETSID) == -1)
		return fc_broken("fork");
	if (k.info != k.pid) {
		kid_end(&k);
		if (k.info == -1 && k.err != EPIPE)
			return setsid_refused(k.err);
		return fc_brokenx("the child's setsid() returned %ld, want "
		    "its pid %ld", (long)k.info, (long)k.pid);
	}
	r1 = setpgid(k.pid, getpgrp()) == -1 ? errno : 0;
	r2 = setpgid(k.pid, k.pid) == -1 ? errno : 0;
	kid_end(&k);
	if (r1 != EPERM)
		return fc_fail("setpgid(child, own group) on a child that "
		    "leads another session gives %s, want EPERM", outcome(r1));
	if (r2 != EPERM)
		return fc_fail("setpgid(child, child) on a child that leads "
		    "another session gives %s, want EPERM", outcome(r2));
	return FC_PASS;
}

/*
 * Moving a child into a group that does not exist in the caller's
 * session fails with EPERM: the pid of a second child (not a group
 * leader, so no such group), or the group of a child that made a
 * session of its own.  A platform that creates or joins the group
 * fails -- as does one whose fork makes each child a group leader.
 */
static enum fc_verdict
setpgid_eperm_group(const struct fc_case *c FC_UNUSED)
{
	struct kid	a, b, s;
	int		r1, r2;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&s, 0, sizeof(s));
	if (kid_start(&a, KID_PLAIN) == -1)
		return fc_broken("fork");
	if (kid_start(&b, KID_PLAIN) == -1) {
		kid_end(&a);
		return fc_broken("fork");
	}
	if (kid_start(&s, KID_SETSID) == -1) {
		kid_end(&b);
		kid_end(&a);
		return fc_broken("fork");
	}
	r1 = setpgid(a.pid, b.pid) == -1 ? errno : 0;
	r2 = s.info == s.pid ? (setpgid(a.pid, s.pid) == -1 ? errno : 0) :
	    -1;
	/* Last started first: a later kid holds the earlier ones' ends. */
	kid_end(&s);
	kid_end(&b);
	kid_end(&a);
	if (r1 != EPERM)
		return fc_fail("setpgid() into group %ld, which does not "
		    "exist, gives %s, want EPERM", (long)b.pid, outcome(r1));
	if (r2 == -1 && s.info == -1 && s.err != EPIPE)
		return setsid_refused(s.err);
	if (r2 == -1)
		return fc_brokenx("the child's setsid() returned %ld, want "
		    "its pid %ld", (long)s.info, (long)s.pid);
	if (r2 != EPERM)
		return fc_fail("setpgid() into group %ld of another session "
		    "gives %s, want EPERM", (long)s.pid, outcome(r2));
	return FC_PASS;
}

/*
 * A negative process group ID is refused with EINVAL.  A platform that
 * accepts it or gives another error fails.
 */
static enum fc_verdict
setpgid_einval(const struct fc_case *c FC_UNUSED)
{
	struct kid	k;
	int		r;

	memset(&k, 0, sizeof(k));
	if (kid_start(&k, KID_PLAIN) == -1)
		return fc_broken("fork");
	r = setpgid(k.pid, -1) == -1 ? errno : 0;
	kid_end(&k);
	if (r != EINVAL)
		return fc_fail("setpgid(child, -1) gives %s, want EINVAL",
		    outcome(r));
	return FC_PASS;
}

/* What the child of setsid_child() found. */
struct sess {
	pid_t	ret;		/* setsid()'s return */
	int	err;
	struct ident	id;
};

/*
 * A freshly forked child (not a group leader) can call setsid(): it
 * returns the child's pid, which is now its session and process group
 * ID, and the child has no controlling terminal.  A platform that
 * refuses (as it would for a group leader) or keeps the terminal fails.
 */
static enum fc_verdict
setsid_child(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	struct sess	s;
	ssize_t		n;
	int		status;
	pid_t		sid = getsid(0);
	char		st[64];

	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		s.ret = setsid();
		s.err = errno;
		identify(&s.id);
		fc_sub_report(sub.fd, &s, sizeof(s));
	}
	n = fc_read_all(sub.fd, &s, sizeof(s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(s))
		return fc_brokenx("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (s.ret == -1)
		return setsid_refused(s.err);
	if (s.ret != s.id.self)
		return fc_fail("setsid() returned %ld, want the child's pid "
		    "%ld", (long)s.ret, (long)s.id.self);
	if (s.id.sid != s.id.self)
		return fc_fail("after setsid() the child's session is %ld, "
		    "want its pid %ld", (long)s.id.sid, (long)s.id.self);
	if (s.id.pgrp != s.id.self)
		return fc_fail("after setsid() the child's group is %ld, want "
		    "its pid %ld", (long)s.id.pgrp, (long)s.id.self);
	if (s.id.tty_err == 0)
		return fc_fail("after setsid() the child still opens "
		    "/dev/tty: it kept a controlling terminal");
	if (getsid(0) != sid)
		return fc_fail("the child's setsid() moved the parent's "
		    "session from %ld to %ld", (long)sid, (long)getsid(0));
	return FC_PASS;
}

/*
 * A child that made itself a group leader with setpgid(0, 0) cannot
 * call setsid(): EPERM.  (Done in a child, never in the case process,
 * which leads its own group.)  A platform that lets a group leader
 * start a session fails.
 */
static enum fc_verdict
setsid_leader(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	int		r[2], status;
	ssize_t		n;
	char		st[64];

	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r[0] = setpgid(0, 0) == -1 ? errno : 0;
		r[1] = r[0] != 0 ? -1 : setsid() == -1 ? errno : 0;
		fc_sub_report(sub.fd, r, sizeof(r));
	}
	n = fc_read_all(sub.fd, r, sizeof(r));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(r))
		return fc_brokenx("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (r[0] != 0)
		return fc_fail("setpgid(0, 0) in a freshly forked child "
		    "failed: %s", strerror(r[0]));
	if (r[1] != EPERM)
		return fc_fail("setsid() in a group leader gives %s, want "
		    "EPERM", outcome(r[1]));
	return FC_PASS;
}

const struct fc_case fc_pgid_cases[] = {
	{ .id = "pgid.inherited", .run = inherited, .tier = FC_CORE,
	  .spec = "XSH fork: the child is in the parent's process group and "
	  "session, leading neither" },
	{ .id = "pgid.setpgid-both-sides", .run = setpgid_both_sides,
	  .tier = FC_CORE,
	  .spec = "XSH setpgid RATIONALE: parent and child may both call "
	  "setpgid() to create the child's group without a race" },
	{ .id = "pgid.setpgid-after-exec", .run = setpgid_after_exec,
	  .helper = exec_helper, .tier = FC_CORE,
	  .spec = "XSH setpgid ERRORS: [EACCES] the child has successfully "
	  "executed an exec function" },
	{ .id = "pgid.setpgid-errors", .run = setpgid_esrch, .tier = FC_CORE,
	  .spec = "XSH setpgid ERRORS: [ESRCH] pid is neither the caller "
	  "nor one of its children" },
	{ .id = "pgid.setpgid-errors/eperm-session",
	  .run = setpgid_eperm_session, .tier = FC_CORE,
	  .spec = "XSH setpgid ERRORS: [EPERM] the child is a session "
	  "leader, in another session" },
	{ .id = "pgid.setpgid-errors/eperm-group", .run = setpgid_eperm_group,
	  .tier = FC_CORE,
	  .spec = "XSH setpgid ERRORS: [EPERM] no such process group in the "
	  "caller's session" },
	{ .id = "pgid.setpgid-errors/einval", .run = setpgid_einval,
	  .tier = FC_CORE,
	  .spec = "XSH setpgid ERRORS: [EINVAL] pgid is less than 0" },
	{ .id = "pgid.setsid-child", .run = setsid_child, .tier = FC_CORE,
	  .spec = "XSH setsid: a forked child leads a new session and group, "
	  "without a controlling terminal" },
	{ .id = "pgid.setsid-child/leader-eperm", .run = setsid_leader,
	  .tier = FC_CORE,
	  .spec = "XSH setsid ERRORS: [EPERM] the caller is a process group "
	  "leader" },
	{ .id = NULL }
};
