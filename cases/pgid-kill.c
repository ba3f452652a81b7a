/*
 * pgid-kill.c: signalling a process group (XSH kill: kill(-pgid) and
 * kill(0) reach every member of the group, whether it joined with
 * setpgid() or inherited the group by fork, and nobody outside it).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

/* A member's first word to the case process: who, and how its setup went. */
struct hello {
	pid_t	pid;
	int	err;		/* errno of the failed setup step, or 0 */
	int	step;		/* MS_SETPGID or MS_OTHER: which one failed */
};

enum { MS_SETPGID = 1, MS_OTHER };

/* Exit codes of the members, and the grandchild's report byte. */
enum {
	KG_OK = 0,
	KG_MISSED = 10,		/* SIGUSR1 is not pending at the end */
	KG_SETUP = 11
};

/* Waits for the end of hold, then tells whether SIGUSR1 is pending. */
static int
got_usr1(int hold)
{
	sigset_t	set;
	char		c;

	(void)fc_read_all(hold, &c, 1);
	if (sigpending(&set) == -1)
		return KG_SETUP;
	return sigismember(&set, SIGUSR1) ? KG_OK : KG_MISSED;
}

/* Says hello (err and step: how its setup went), then got_usr1(). */
static int
member(int ready, int hold, int err, int step)
{
	struct hello	h;

	h.pid = getpid();
	h.err = err;
	h.step = err != 0 ? step : 0;
	if (fc_write_all(ready, &h, sizeof(h)) == -1 || err != 0)
		return KG_SETUP;
	return got_usr1(hold);
}

/* Blocks SIGUSR1: 0, or errno. */
static int
block_usr1(void)
{
	sigset_t	set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	return sigprocmask(SIG_BLOCK, &set, NULL) == -1 ? errno : 0;
}

/* The pipes of a kill_group() run. */
struct grp {
	int	ready[2];	/* hellos from the members */
	int	hold[2];	/* its end of file ends the members' wait */
	int	go[2];		/* kill(0): the leader's signal to send */
	int	rep[2];		/* the grandchild's code byte */
};

/*
 * The leader: a group of its own, a grandchild that inherits it, then a
 * member itself; with zero, it also sends kill(0, SIGUSR1) when told.
 */
static void
leader(struct grp *g, int zero)
{
	struct hello	h;
	pid_t		gc = -1;
	int		err, step = MS_OTHER, code, status;
	char		c;

	close(g->ready[0]);
	close(g->hold[1]);
	close(g->go[1]);
	close(g->rep[0]);
	if (setpgid(0, 0) == -1) {
		err = errno;
		step = MS_SETPGID;
	} else if ((err = block_usr1()) == 0 && (gc = fc_fork()) == -1)
		err = errno;
	else if (err == 0 && gc == 0) {
		close(g->go[0]);
		c = (char)member(g->ready[1], g->hold[0], block_usr1(),
		    MS_OTHER);
		fc_sub_report(g->rep[1], &c, 1);
	}
	close(g->rep[1]);
	if (err != 0) {
		(void)member(g->ready[1], g->hold[0], err, step);
		fc_exit(KG_SETUP);
	}
	if (zero) {
		h.pid = getpid();
		h.err = 0;
		h.step = 0;
		if (fc_write_all(g->ready[1], &h, sizeof(h)) == -1)
			fc_exit(KG_SETUP);
		if (fc_sync_wait(g->go[0]) == 0)
			h.err = kill(0, SIGUSR1) == -1 ? errno : 0;
		else
			h.err = EPIPE;
		if (fc_write_all(g->ready[1], &h, sizeof(h)) == -1)
			fc_exit(KG_SETUP);
		code = got_usr1(g->hold[0]);
	} else
		code = member(g->ready[1], g->hold[0], 0, 0);
	fc_waitpid(gc, &status, 0);
	fc_exit(code);
}

/* What a kill_group_run() saw. */
struct kg_run {
	struct hello	h[3];
	pid_t		a, b, pg[3];
	sigset_t	set;
	int		status[2], code[3], err, perr, kerr;
};

/*
 * Forks leader A (pid = pgid, with its inherited member C) and the
 * caller's second child B, which joins A's group from both sides.
 */
static enum fc_verdict
kill_group_start(struct grp *g, struct kg_run *k, int zero)
{
	int	err;

	if (fc_pipe(g->ready) == -1 || fc_pipe(g->hold) == -1 ||
	    fc_pipe(g->go) == -1 || fc_pipe(g->rep) == -1)
		return fc_broken("pipe");
	if ((k->a = fc_fork()) == -1)
		return fc_broken("fork");
	if (k->a == 0)
		leader(g, zero);
	if (setpgid(k->a, k->a) == -1)
		k->perr = errno;
	if ((k->b = fc_fork()) == -1)
		return fc_broken("fork");
	if (k->b == 0) {
		close(g->ready[0]);
		close(g->hold[1]);
		close(g->go[0]);
		close(g->go[1]);
		close(g->rep[0]);
		close(g->rep[1]);
		err = setpgid(0, k->a) == -1 ? errno : 0;
		fc_exit(member(g->ready[1], g->hold[0], err != 0 ? err :
		    block_usr1(), err != 0 ? MS_SETPGID : MS_OTHER));
	}
	if (setpgid(k->b, k->a) == -1 && k->perr == 0)
		k->perr = errno;
	close(g->ready[1]);
	close(g->hold[0]);
	close(g->go[0]);
	close(g->rep[1]);
	return FC_PASS;
}

/* What the members of a kill_group_run() reported, judged. */
static enum fc_verdict
kill_group_verdict(const struct kg_run *k, int zero)
{
	static const char	*const who[] = { "leader", "joined member",
	    "inherited member (the leader's child)" };
	int			 i;
	char			 st[64];

	if (k->perr != 0)
		return fc_fail("setpgid() into a new group of the caller's "
		    "session failed for a freshly forked child: %s",
		    strerror(k->perr));
	if (k->err != 0) {
		errno = k->err;
		return fc_broken("setting up the group");
	}
	if (k->kerr != 0) {
		errno = k->kerr;
		return fc_broken(zero ? "kill(0, SIGUSR1)" : "kill(-%ld, "
		    "SIGUSR1)", (long)k->a);
	}
	/* The leader, B and C are h[] in any order: map codes by pid. */
	for (i = 0; i < 3; i++)
		if (k->pg[i] != k->a && k->h[i].pid != 0)
			return fc_fail("pid %ld is in group %ld, want %ld",
			    (long)k->h[i].pid, (long)k->pg[i], (long)k->a);
	for (i = 0; i < 3; i++)
		if (k->code[i] == KG_MISSED)
			return fc_fail("the %s did not receive %s", who[i],
			    zero ? "the leader's kill(0, SIGUSR1)" :
			    "kill(-pgid, SIGUSR1)");
	for (i = 0; i < 2; i++)
		if (k->code[i] != KG_OK)
			return fc_brokenx("the %s %s", who[i],
			    fc_status(k->status[i], st, sizeof(st)));
	if (k->code[2] != KG_OK)
		return fc_brokenx("the %s did not report", who[2]);
	if (sigismember(&k->set, SIGUSR1))
		return fc_fail("SIGUSR1 reached the caller, which is not in "
		    "the group");
	return FC_PASS;
}

/*
 * Sets up a group: leader A (pid = pgid) with an inherited member, its
 * child C, and the caller's second child B, which joins from both sides.
 * Then either the caller sends kill(-pgid, SIGUSR1) or, with zero (an
 * int at c->arg), A sends kill(0, SIGUSR1).  Every member must have it
 * pending; the caller, outside the group, must not.
 */
static enum fc_verdict
kill_group_run(const struct fc_case *c)
{
	const int	zero = *(const int *)c->arg;
	struct grp	g;
	struct kg_run	k;
	struct hello	done;
	enum fc_verdict	v;
	int		i;
	char		ch;

	memset(&k, 0, sizeof(k));
	if ((k.err = block_usr1()) != 0) {
		errno = k.err;
		return fc_broken("sigprocmask");
	}
	if ((v = kill_group_start(&g, &k, zero)) != FC_PASS)
		return v;
	for (i = 0; i < 3 && k.err == 0 && k.perr == 0; i++)
		if (fc_read_all(g.ready[0], &k.h[i], sizeof(k.h[i])) !=
		    sizeof(k.h[i]))
			k.err = EPIPE;
		else if (k.h[i].step == MS_SETPGID)
			k.perr = k.h[i].err;
		else if (k.h[i].step != 0)
			k.err = k.h[i].err;
	for (i = 0; i < 3; i++)
		k.pg[i] = k.h[i].pid > 0 ? getpgid(k.h[i].pid) : -1;
	if (k.err == 0 && k.perr == 0 && !zero)
		k.kerr = kill(-k.a, SIGUSR1) == -1 ? errno : 0;
	if (k.err == 0 && k.perr == 0 && zero) {
		if (fc_sync_post(g.go[1]) == -1 ||
		    fc_read_all(g.ready[0], &done, sizeof(done)) !=
		    sizeof(done))
			k.err = EPIPE;
		else
			k.kerr = done.err;
	}
	/* Release everyone, collect the grandchild's byte, reap. */
	close(g.go[1]);
	close(g.hold[1]);
	k.code[2] = fc_read_all(g.rep[0], &ch, 1) == 1 ? ch : -1;
	close(g.rep[0]);
	close(g.ready[0]);
	if (fc_waitpid(k.a, &k.status[0], 0) == -1 ||
	    fc_waitpid(k.b, &k.status[1], 0) == -1)
		return fc_broken("waitpid");
	for (i = 0; i < 2; i++)
		k.code[i] = WIFEXITED(k.status[i]) ?
		    WEXITSTATUS(k.status[i]) : -1;
	if (sigpending(&k.set) == -1)
		return fc_broken("sigpending");
	return kill_group_verdict(&k, zero);
}

/*
 * kill(-pgid, sig) reaches every member of a group: its leader, a
 * process that joined it with setpgid(), and one that inherited it by
 * fork; each blocks the signal and finds it pending at the end.  A
 * platform that misses a member -- or forks children into a new group
 * -- fails.
 */
static const int	kill_group = 0;
/*
 * kill(0, sig) from the leader reaches the leader's whole group, itself
 * included, and nobody outside it: not the case process, the leader's
 * parent.  A platform that misses a member or signals the parent's
 * group fails.
 */
static const int	kill_group_zero = 1;

const struct fc_case fc_pgid_kill_cases[] = {
	{ .id = "pgid.kill-group",
	  .run = kill_group_run, .arg = &kill_group, .tier = FC_CORE,
	  .spec = "XSH kill: kill(-pgid, sig) reaches every member, including "
	  "ones that inherited the group" },
	{ .id = "pgid.kill-group/kill-zero",
	  .run = kill_group_run, .arg = &kill_group_zero,
	  .tier = FC_CORE,
	  .spec = "XSH kill: kill(0, sig) reaches the caller's group and "
	  "nobody else" },
	{ .id = NULL }
};
