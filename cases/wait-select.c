/*
 * wait-select.c: which child a wait reports, and the wait errors (XSH
 * wait, waitpid, waitid: pid and idtype selection, WNOHANG, WNOWAIT,
 * ECHILD, EINVAL).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"
#include "wait-common.h"

static enum fc_verdict
specific_vs_any_run(struct held h[3])
{
	enum fc_verdict	v;
	pid_t		got;
	int		status, i;
	char		st[64];

	for (i = 0; i < 3; i++)
		if (hold(&h[i], 11 + i, 0) == -1)
			return fc_broken("fork");
	/* Only the second child exits; the others stay parked. */
	if (release(&h[1]) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h[1].pid)) != FC_PASS)
		return v;
	got = fc_waitpid(h[0].pid, &status, WNOHANG);
	if (got != 0)
		return fc_fail("waitpid(%ld, WNOHANG) for a running child "
		    "returned %ld (%s), want 0 while another child (%ld) is a "
		    "zombie", (long)h[0].pid, (long)got,
		    got == -1 ? strerror(errno) : fc_status(status, st,
		    sizeof(st)), (long)h[1].pid);
	if ((v = reap_exited(h[1].pid, 12)) != FC_PASS)
		return v;
	got = h[1].pid;
	h[1].pid = -1;
	if (fc_waitpid(got, &status, WNOHANG) != -1 || errno != ECHILD)
		return fc_fail("a second waitpid(%ld) on a reaped child did "
		    "not fail with ECHILD", (long)got);

	/* wait() takes whichever child has terminated: the third. */
	if (release(&h[2]) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h[2].pid)) != FC_PASS)
		return v;
	if ((got = fc_wait(&status)) == -1)
		return fc_fail("wait(): %s, want child %ld", strerror(errno),
		    (long)h[2].pid);
	if (got != h[2].pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 13)
		return fc_fail("wait() returned %ld, %s, want %ld, exited 13 "
		    "(the only terminated child)", (long)got,
		    fc_status(status, st, sizeof(st)), (long)h[2].pid);
	h[2].pid = -1;

	/* waitpid(-1) blocks until the first child exits. */
	if (release(&h[0]) == -1)
		return fc_broken("write");
	if ((got = fc_waitpid(-1, &status, 0)) == -1)
		return fc_fail("waitpid(-1): %s, want child %ld",
		    strerror(errno), (long)h[0].pid);
	if (got != h[0].pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 11)
		return fc_fail("waitpid(-1) returned %ld, %s, want %ld, "
		    "exited 11", (long)got, fc_status(status, st, sizeof(st)),
		    (long)h[0].pid);
	h[0].pid = -1;
	if (fc_wait(&status) != -1 || errno != ECHILD)
		return fc_fail("wait() with no children left did not fail "
		    "with ECHILD");
	return FC_PASS;
}

/*
 * Of three parked children, once only the second has exited
 * waitpid(first, WNOHANG) returns 0, waitpid(second) returns it and a
 * repeat fails with ECHILD; wait() then returns the third once it alone
 * has exited, and waitpid(-1) the first.  A platform whose waitpid(pid)
 * takes any child, or that reports a child twice, fails.
 */
static const struct held_run	specific_vs_any = { specific_vs_any_run, 3 };

static enum fc_verdict
pgid_selectors_run(struct held h[2])
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		got, grp;
	int		status;
	char		st[64];

	/* h[0] stays in our process group, h[1] gets a group of its own. */
	if (hold(&h[0], 21, 0) == -1 || hold(&h[1], 22, 1) == -1)
		return fc_broken("fork or setpgid");
	grp = h[1].pid;
	if ((got = fc_waitpid(0, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(0, WNOHANG) with a running child in "
		    "our group returned %ld, want 0", (long)got);
	if ((got = fc_waitpid(-grp, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(-%ld, WNOHANG) with a running child "
		    "in that group returned %ld, want 0", (long)grp,
		    (long)got);
	if (release(&h[0]) == -1 || release(&h[1]) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h[0].pid)) != FC_PASS ||
	    (v = await_zombie(h[1].pid)) != FC_PASS)
		return v;

	/* Both are zombies: waitpid(0) may take only ours. */
	got = fc_waitpid(0, &status, WNOHANG);
	if (got == h[1].pid)
		h[1].pid = -1;
	if (got != h[0].pid)
		return fc_fail("waitpid(0, WNOHANG) returned %ld (%s), want "
		    "%ld, the child in our group (the other one, %ld, is in "
		    "group %ld)", (long)got, got == -1 ? strerror(errno) :
		    fc_status(status, st, sizeof(st)), (long)h[0].pid,
		    (long)h[1].pid, (long)grp);
	h[0].pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 21)
		return fc_fail("waitpid(0): child %s, want exited 21",
		    fc_status(status, st, sizeof(st)));
	got = fc_waitpid(0, &status, WNOHANG);
	if (got == h[1].pid)
		h[1].pid = -1;
	if (got != -1 || errno != ECHILD)
		return fc_fail("waitpid(0, WNOHANG) with only a child of "
		    "group %ld left returned %ld, want -1 (ECHILD)",
		    (long)grp, (long)got);

	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PGID, (id_t)grp, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1)
		return fc_fail("waitid(P_PGID, %ld): %s", (long)grp,
		    strerror(errno));
	if ((v = check_exited_si("waitid(P_PGID)", &si, h[1].pid, 22)) !=
	    FC_PASS)
		return v;
	got = fc_waitpid(-grp, &status, 0);
	if (got == -1)
		return fc_fail("waitpid(-%ld): %s", (long)grp,
		    strerror(errno));
	if (got != h[1].pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 22)
		return fc_fail("waitpid(-%ld) returned %ld, %s, want %ld, "
		    "exited 22", (long)grp, (long)got,
		    fc_status(status, st, sizeof(st)), (long)h[1].pid);
	h[1].pid = -1;
	return FC_PASS;
}

/*
 * waitpid(0) matches only children in the caller's process group and
 * waitpid(-pgid) (and waitid(P_PGID)) only those in group pgid: with one
 * zombie in our group and one in its own group, waitpid(0) takes ours,
 * then fails with ECHILD, and waitpid(-pgid) takes the other.  A platform
 * that ignores the group, or a fork that moves the child to a new group,
 * fails.
 */
static const struct held_run	pgid_selectors = { pgid_selectors_run, 2 };

static enum fc_verdict
wnohang_run(struct held *h)
{
	enum fc_verdict	v;
	pid_t		got;
	int		status;
	char		st[64];

	if (hold(h, 31, 0) == -1)
		return fc_broken("fork");
	if ((got = fc_waitpid(h->pid, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(%ld, WNOHANG) on a running child "
		    "returned %ld, want 0", (long)h->pid, (long)got);
	if ((got = fc_waitpid(-1, &status, WNOHANG)) != 0)
		return fc_fail("waitpid(-1, WNOHANG) with a running child "
		    "returned %ld, want 0", (long)got);
	if (release(h) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h->pid)) != FC_PASS)
		return v;
	got = fc_waitpid(-1, &status, WNOHANG);
	if (got != h->pid || !WIFEXITED(status) || WEXITSTATUS(status) != 31)
		return fc_fail("waitpid(-1, WNOHANG) on a zombie returned %ld "
		    "(%s), want %ld, exited 31", (long)got, got == -1 ?
		    strerror(errno) : got == 0 ? "no status" :
		    fc_status(status, st, sizeof(st)), (long)h->pid);
	got = h->pid;
	h->pid = -1;
	if (fc_waitpid(-1, &status, WNOHANG) != -1 || errno != ECHILD)
		return fc_fail("waitpid(-1, WNOHANG) with no children did not "
		    "fail with ECHILD");
	if (fc_waitpid(got, &status, WNOHANG) != -1 || errno != ECHILD)
		return fc_fail("waitpid(%ld, WNOHANG) on a reaped child did "
		    "not fail with ECHILD", (long)got);
	return FC_PASS;
}

/*
 * WNOHANG: waitpid() returns 0 while a matching child runs, the child's
 * status once it is a zombie, and -1/ECHILD when no child is left.  A
 * platform that blocks, returns early, or reports nothing for a zombie
 * fails.
 */
static const struct held_run	wnohang = { wnohang_run, 1 };

/* Fills a siginfo_t with junk, so that fields left alone show. */
void
junk_si(siginfo_t *si)
{
	memset(si, 0x5a, sizeof(*si));
}

static enum fc_verdict
wnohang_waitid_run(struct held *h)
{
	static const idtype_t	types[] = { P_PID, P_ALL };
	siginfo_t		si;
	enum fc_verdict		v;
	size_t			i;
	pid_t			pid;

	if (hold(h, 32, 0) == -1)
		return fc_broken("fork");
	for (i = 0; i < 2; i++) {
		junk_si(&si);
		if (fc_waitid(types[i], types[i] == P_PID ? (id_t)h->pid :
		    0, &si, WEXITED | WNOHANG) == -1)
			return fc_fail("waitid(%s, WEXITED | WNOHANG) on a "
			    "running child: %s, want 0", types[i] == P_PID ?
			    "P_PID" : "P_ALL", strerror(errno));
		if (si.si_pid != 0 || si.si_signo != 0)
			return fc_fail("waitid(%s, WNOHANG) with nothing to "
			    "report left si_pid %ld, si_signo %d, want both 0",
			    types[i] == P_PID ? "P_PID" : "P_ALL",
			    (long)si.si_pid, si.si_signo);
	}
	if (release(h) == -1)
		return fc_broken("write");
	if ((v = await_zombie(h->pid)) != FC_PASS)
		return v;
	junk_si(&si);
	if (fc_waitid(P_ALL, 0, &si, WEXITED | WNOHANG) == -1)
		return fc_fail("waitid(P_ALL, WEXITED | WNOHANG) on a zombie: "
		    "%s", strerror(errno));
	pid = h->pid;
	if (si.si_pid == pid)
		h->pid = -1;
	if ((v = check_exited_si("waitid(P_ALL, WNOHANG) on a zombie", &si,
	    pid, 32)) != FC_PASS)
		return v;
	if (fc_waitid(P_ALL, 0, &si, WEXITED | WNOHANG) != -1 ||
	    errno != ECHILD)
		return fc_fail("waitid(P_ALL, WNOHANG) with no children did "
		    "not fail with ECHILD");
	return FC_PASS;
}

/*
 * waitid() with WNOHANG and nothing to report returns 0 and sets si_pid
 * and si_signo to 0 (the structure is filled with junk first); on a
 * zombie it reports the exit; with no child it fails with ECHILD.  A
 * platform that leaves the structure untouched, or blocks, fails.
 */
static const struct held_run	wnohang_waitid = { wnohang_waitid_run, 1 };

/* What the middle child of wait.echild-nonchild saw. */
struct nonchild {
	pid_t	gc;		/* its child, our grandchild */
	pid_t	sib;		/* waitpid(sibling, WNOHANG) */
	int	sib_errno;
};

static void
nonchild_child(int out, int hold_fd, pid_t sibling)
{
	struct nonchild	nc;
	int		status;

	memset(&nc, 0, sizeof(nc));
	nc.sib = fc_waitpid(sibling, &status, WNOHANG);
	nc.sib_errno = errno;
	if ((nc.gc = fc_fork()) == -1)
		fc_exit(2);
	if (nc.gc == 0) {
		(void)fc_sync_wait(hold_fd);
		fc_exit(0);
	}
	if (fc_write_all(out, &nc, sizeof(nc)) == -1)
		fc_exit(3);
	fc_waitpid(nc.gc, &status, 0);
	fc_exit(0);
}

/* The verdict for a waitpid() on a process that is not our child. */
static enum fc_verdict
not_ours(const char *what, pid_t pid)
{
	siginfo_t	si;
	pid_t		got;
	int		status;

	got = fc_waitpid(pid, &status, WNOHANG);
	if (got != -1 || errno != ECHILD)
		return fc_fail("waitpid(%ld, WNOHANG) on %s returned %ld "
		    "(%s), want -1 (ECHILD)", (long)pid, what, (long)got,
		    got == -1 ? strerror(errno) : "no error");
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) != -1 ||
	    errno != ECHILD)
		return fc_fail("waitid(P_PID, %ld, WNOHANG) on %s did not "
		    "fail with ECHILD", (long)pid, what);
	return FC_PASS;
}

static enum fc_verdict
echild_nonchild_run(struct held *sib, struct fc_sub *sub, int hold_fds[2])
{
	struct nonchild	nc;
	enum fc_verdict	v;
	pid_t		gone;
	ssize_t		n;

	if (hold(sib, 0, 0) == -1)
		return fc_broken("fork");
	if (fc_pipe(hold_fds) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(sub) == -1)
		return fc_broken("fork");
	if (sub->pid == 0) {
		close(hold_fds[1]);
		nonchild_child(sub->fd, hold_fds[0], sib->pid);
	}
	fc_close(&hold_fds[0]);
	n = fc_read_all(sub->fd, &nc, sizeof(nc));
	if (n != (ssize_t)sizeof(nc))
		return fc_brokenx("the child could not fork a grandchild");
	if (nc.sib != -1 || nc.sib_errno != ECHILD)
		return fc_fail("a child's waitpid(%ld, WNOHANG) on its "
		    "sibling returned %ld (%s), want -1 (ECHILD)",
		    (long)sib->pid, (long)nc.sib, nc.sib == -1 ?
		    strerror(nc.sib_errno) : "no error");
	if ((v = not_ours("our grandchild", nc.gc)) != FC_PASS)
		return v;
	if ((v = not_ours("our parent", getppid())) != FC_PASS)
		return v;
	if (getppid() != 1 && (v = not_ours("pid 1", 1)) != FC_PASS)
		return v;
	if (release(sib) == -1)
		return fc_broken("write");
	if ((v = reap_exited(sib->pid, 0)) != FC_PASS)
		return v;
	gone = sib->pid;
	sib->pid = -1;
	return not_ours("a reaped child", gone);
}

/*
 * Waiting for a process that is not our child fails with ECHILD: our
 * grandchild (running), our parent, pid 1, a child already reaped, and,
 * from a child, its running sibling.  A platform that lets a process
 * wait for descendants beyond its children, or for any pid, fails.
 */
static enum fc_verdict
echild_nonchild(const struct fc_case *c FC_UNUSED)
{
	struct held	sib;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		hold_fds[2] = { -1, -1 }, status;

	held_init(&sib, 1);
	sub.pid = -1;
	sub.fd = -1;
	v = echild_nonchild_run(&sib, &sub, hold_fds);
	/* Releases the grandchild; its parent reaps it and exits. */
	fc_close(&hold_fds[1]);
	fc_close(&hold_fds[0]);
	if (sub.pid > 0 && fc_sub_wait(&sub, &status) == -1 && v == FC_PASS)
		v = fc_broken("waitpid");
	drop(&sib, 1);
	return v;
}

/* Undefined option bits for wait.einval-options, as gVisor uses. */
#define BAD_OPTIONS	123456

/*
 * waitpid() and waitid() with undefined option bits fail with EINVAL and
 * leave the zombie child's status in place.  A platform that ignores
 * unknown bits reaps the child and fails.
 */
static enum fc_verdict
einval_options(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid, got;
	int		status;
	char		st[64];

	if ((v = make_zombie(51, &pid)) != FC_PASS)
		return v;
	got = fc_waitpid(-1, &status, BAD_OPTIONS);
	if (got != -1 || errno != EINVAL) {
		v = fc_fail("waitpid(-1, %d) returned %ld (%s), want -1 "
		    "(EINVAL)", BAD_OPTIONS, (long)got, got == -1 ?
		    strerror(errno) : fc_status(status, st, sizeof(st)));
		if (got != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_ALL, 0, &si, WEXITED | BAD_OPTIONS) != -1 ||
	    errno != EINVAL) {
		v = fc_fail("waitid(P_ALL, WEXITED | %d) did not fail with "
		    "EINVAL (si_pid %ld)", BAD_OPTIONS, (long)si.si_pid);
		if (si.si_pid != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	return reap_exited(pid, 51);
}

/*
 * waitid() needs at least one of WEXITED, WSTOPPED and WCONTINUED: with
 * options 0 it fails with EINVAL, and the zombie child stays unreaped
 * (with WNOHANG alone it must at least not report the exit).  A platform
 * that accepts the call, or reaps the zombie, fails.
 */
static enum fc_verdict
einval_no_event(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;
	int		r, status;

	if ((v = make_zombie(52, &pid)) != FC_PASS)
		return v;
	/* WNOHANG first: where options without an event are accepted. */
	memset(&si, 0, sizeof(si));
	r = fc_waitid(P_ALL, 0, &si, WNOHANG);
	if (r == 0 && si.si_pid == pid)
		return fc_fail("waitid(P_ALL, WNOHANG) without WEXITED "
		    "reported and reaped the terminated child");
	if (r == -1 && errno != EINVAL) {
		v = fc_fail("waitid(P_ALL, WNOHANG): %s, want EINVAL",
		    strerror(errno));
		(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	if (r == 0)
		fc_note("waitid(P_ALL, WNOHANG) without an event flag is "
		    "accepted (si_pid %ld)", (long)si.si_pid);
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_ALL, 0, &si, 0) != -1 || errno != EINVAL) {
		v = fc_fail("waitid(P_ALL, 0) did not fail with EINVAL "
		    "(si_pid %ld)", (long)si.si_pid);
		if (si.si_pid != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	return reap_exited(pid, 52);
}

/*
 * Without WEXITED, waitid() does not report terminations: on a zombie
 * child, WSTOPPED | WCONTINUED | WNOHANG returns 0 with si_pid 0 (or
 * fails with ECHILD), and the exit stays for a later WEXITED wait.  A
 * platform that reports (and consumes) the exit anyway fails.
 */
static enum fc_verdict
einval_no_wexited(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;
	int		r, status;

	if ((v = make_zombie(53, &pid)) != FC_PASS)
		return v;
	junk_si(&si);
	r = fc_waitid(P_PID, (id_t)pid, &si,
	    WSTOPPED | WCONTINUED | WNOHANG);
	if (r == -1 && errno != ECHILD) {
		v = fc_fail("waitid(P_PID, WSTOPPED | WCONTINUED | WNOHANG) "
		    "on a zombie: %s, want 0 or ECHILD", strerror(errno));
		(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	if (r == 0 && si.si_pid != 0) {
		v = fc_fail("waitid() without WEXITED reported pid %ld, "
		    "si_code %d, si_status %d for a terminated child, want no "
		    "report", (long)si.si_pid, si.si_code, si.si_status);
		if (si.si_pid != pid)
			(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED) == -1)
		return fc_fail("waitid(P_PID, WEXITED) after the call without "
		    "WEXITED: %s", strerror(errno));
	return check_exited_si("waitid(P_PID, WEXITED)", &si, pid, 53);
}

/*
 * WNOWAIT leaves the status in place: two waitid(WEXITED | WNOWAIT), by
 * pid then for any child, and a consuming waitid(WEXITED) all report the
 * same exit; a fourth call fails with ECHILD.  A platform whose WNOWAIT
 * consumes the status, or changes it, fails.
 */
static enum fc_verdict
wnowait(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid;
	int		status;

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		fc_exit(61);
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1) {
		v = fc_fail("waitid(P_PID, WEXITED | WNOWAIT): %s",
		    strerror(errno));
		(void)fc_waitpid(pid, &status, 0);
		return v;
	}
	if ((v = check_exited_si("first waitid(P_PID, WNOWAIT)", &si, pid,
	    61)) != FC_PASS)
		return v;
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_ALL, 0, &si, WEXITED | WNOWAIT) == -1)
		return fc_fail("a second waitid(P_ALL, WEXITED | WNOWAIT): "
		    "%s: the first consumed the status", strerror(errno));
	if ((v = check_exited_si("second waitid(P_ALL, WNOWAIT)", &si, pid,
	    61)) != FC_PASS)
		return v;
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED) == -1)
		return fc_fail("waitid(P_PID, WEXITED) after two WNOWAIT: %s: "
		    "they consumed the status", strerror(errno));
	if ((v = check_exited_si("consuming waitid(P_PID)", &si, pid, 61)) !=
	    FC_PASS)
		return v;
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG) != -1 ||
	    errno != ECHILD)
		return fc_fail("a fourth waitid(P_PID, %ld) after the "
		    "consuming one did not fail with ECHILD", (long)pid);
	return FC_PASS;
}

static enum fc_verdict
wnowait_quirks_run(struct held *h)
{
	siginfo_t	si;
	enum fc_verdict	v;
	pid_t		pid, got;
	int		status;
	char		st[64];

	if ((v = make_zombie(62, &pid)) != FC_PASS)
		return v;
	h->pid = pid;
	got = fc_waitpid(pid, &status, WNOWAIT);
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1 || si.si_pid != pid)
		h->pid = -1;
	if (got == -1)
		fc_note("waitpid(pid, WNOWAIT) on a zombie: %s",
		    strerror(errno));
	else
		fc_note("waitpid(pid, WNOWAIT) on a zombie: accepted, "
		    "returned %ld (%s); the zombie is %s", (long)got,
		    fc_status(status, st, sizeof(st)),
		    h->pid == -1 ? "gone" : "still waitable");
	drop(h, 1);

	if (hold(h, 63, 0) == -1)
		return fc_broken("fork");
	if (kill(h->pid, SIGSTOP) == -1)
		return fc_broken("kill(SIGSTOP)");
	/* Waits for the stop without consuming it. */
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)h->pid, &si, WSTOPPED | WNOWAIT) == -1)
		return fc_broken("waitid(WSTOPPED | WNOWAIT)");
	junk_si(&si);
	if (fc_waitid(P_PID, (id_t)h->pid, &si,
	    WEXITED | WNOHANG | WNOWAIT) == -1)
		fc_note("waitid(WEXITED | WNOHANG | WNOWAIT) on a stopped "
		    "child: %s", strerror(errno));
	else if (si.si_pid != 0)
		fc_note("waitid(WEXITED | WNOHANG | WNOWAIT) reported a "
		    "stopped child: si_pid %ld, si_code %d, si_status %d",
		    (long)si.si_pid, si.si_code, si.si_status);
	else
		fc_note("waitid(WEXITED | WNOHANG | WNOWAIT) on a stopped "
		    "child: no report, as required");
	return FC_PASS;
}

/*
 * Probe: WNOWAIT where POSIX leaves it open or platforms stumbled.
 * Records whether waitpid() accepts WNOWAIT (POSIX defines it for
 * waitid() only; Linux and FreeBSD say EINVAL) and whether
 * waitid(WEXITED | WNOHANG | WNOWAIT) wrongly reports a stopped child, as
 * macOS betas did.  Never fails.
 */
static const struct held_run	wnowait_quirks = { wnowait_quirks_run, 1 };

const struct fc_case fc_wait_select_cases[] = {
	{ .id = "wait.specific-vs-any", .run = held_case,
	  .arg = &specific_vs_any, .tier = FC_CORE,
	  .spec = "XSH wait: waitpid(pid) waits for that child only, wait() "
	  "for any; a reaped child gives ECHILD" },
	{ .id = "wait.pgid-selectors", .run = held_case,
	  .arg = &pgid_selectors, .tier = FC_CORE,
	  .spec = "XSH waitpid: pid 0 selects our process group, -pgid "
	  "that group (waitid P_PGID)" },
	{ .id = "wait.wnohang", .run = held_case,
	  .arg = &wnohang, .tier = FC_CORE,
	  .spec = "XSH waitpid: WNOHANG returns 0 while children run, "
	  "ECHILD when there are none" },
	{ .id = "wait.wnohang/waitid", .run = held_case,
	  .arg = &wnohang_waitid, .tier = FC_CORE,
	  .spec = "XSH waitid: WNOHANG with nothing to report sets si_pid "
	  "and si_signo to 0" },
	{ .id = "wait.echild-nonchild", .run = echild_nonchild,
	  .tier = FC_CORE,
	  .spec = "XSH waitpid ERRORS: [ECHILD] the process is not a child "
	  "of the caller" },
	{ .id = "wait.einval-options", .run = einval_options,
	  .tier = FC_CORE,
	  .spec = "XSH waitpid, waitid ERRORS: [EINVAL] the options argument "
	  "is not valid" },
	{ .id = "wait.einval-options/no-event", .run = einval_no_event,
	  .tier = FC_CORE,
	  .spec = "XSH waitid: at least one of WEXITED, WSTOPPED, WCONTINUED "
	  "is required (EINVAL)" },
	{ .id = "wait.einval-options/no-wexited", .run = einval_no_wexited,
	  .tier = FC_CORE,
	  .spec = "XSH waitid: without WEXITED, terminated children are "
	  "not reported" },
	{ .id = "wait.wnowait", .run = wnowait, .tier = FC_CORE,
	  .spec = "XSH waitid: WNOWAIT leaves the child waitable; a later "
	  "wait returns the same status" },
	{ .id = "wait.wnowait/quirks", .run = held_case,
	  .arg = &wnowait_quirks, .tier = FC_PROBE,
	  .spec = "XSH waitid: WNOWAIT with waitpid(), and with WEXITED on a "
	  "stopped child (probe)" },
	{ .id = NULL }
};
