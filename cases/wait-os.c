/*
 * wait-os.c: wait cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#if defined(HAVE_SYS_PRCTL_H)
#include <sys/prctl.h>
#endif
#if defined(HAVE_SYS_PROCCTL_H)
#include <sys/procctl.h>
#endif

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#if defined(WCOREDUMP)
/*
 * Probe: records WCOREDUMP (an extension), waitid()'s si_code and any
 * core file for a child killed by SIGABRT with RLIMIT_CORE 0, where no
 * core may be written (a set WCOREDUMP usually means a core_pattern pipe
 * that ignores the limit).  Never fails.
 */
static enum fc_verdict
wcoredump(const struct fc_case *c FC_UNUSED)
{
	struct rlimit	 rl = { 0, 0 };
	struct dirent	*e;
	siginfo_t	 si;
	DIR		*d;
	pid_t		 pid;
	int		 status, cores = 0;
	char		 st[64];

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		if (setrlimit(RLIMIT_CORE, &rl) == -1)
			fc_exit(2);
		raise(SIGABRT);
		fc_exit(3);
	}
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1)
		return fc_broken("waitid(WNOWAIT)");
	if (fc_waitpid(pid, &status, 0) != pid)
		return fc_broken("waitpid");
	if (!WIFSIGNALED(status))
		return fc_brokenx("the child did not die by SIGABRT: %s",
		    fc_status(status, st, sizeof(st)));
	if ((d = opendir(".")) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (strncmp(e->d_name, "core", 4) == 0)
				cores++;
		closedir(d);
	}
	fc_note("SIGABRT with RLIMIT_CORE 0: WCOREDUMP %s, waitid si_code %s "
	    "(%d), %d core file(s) in the working directory",
	    WCOREDUMP(status) ? "set" : "clear",
	    si.si_code == CLD_DUMPED ? "CLD_DUMPED" :
	    si.si_code == CLD_KILLED ? "CLD_KILLED" : "other", si.si_code,
	    cores);
	if (WCOREDUMP(status) != (si.si_code == CLD_DUMPED))
		fc_note("WCOREDUMP and si_code disagree");
	return FC_PASS;
}
#else
static enum fc_verdict
wcoredump(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no WCOREDUMP in <sys/wait.h>");
}
#endif

#if defined(__linux__)
/*
 * Linux fills ru_maxrss of RUSAGE_CHILDREN with the largest maximum RSS
 * of the children waited for: unchanged while a child is a zombie, at
 * least the child's own ru_maxrss once it is reaped.  A kernel that never
 * carries it over, or counts zombies, fails.
 */
static enum fc_verdict
rusage_maxrss(const struct fc_case *c FC_UNUSED)
{
	struct rusage	ru0, ru1, ru2, self;
	struct fc_sub	sub;
	siginfo_t	si;
	ssize_t		n;
	int		status;
	char		st[64];

	if (getrusage(RUSAGE_CHILDREN, &ru0) == -1)
		return fc_broken("getrusage");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		if (getrusage(RUSAGE_SELF, &self) == -1)
			fc_exit(2);
		fc_exit(fc_write_all(sub.fd, &self.ru_maxrss,
		    sizeof(self.ru_maxrss)) == 0 ? 0 : 3);
	}
	n = fc_read_all(sub.fd, &self.ru_maxrss, sizeof(self.ru_maxrss));
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)sub.pid, &si, WEXITED | WNOWAIT) == -1) {
		fc_sub_wait(&sub, &status);
		return fc_broken("waitid(WNOWAIT)");
	}
	if (getrusage(RUSAGE_CHILDREN, &ru1) == -1) {
		fc_sub_wait(&sub, &status);
		return fc_broken("getrusage");
	}
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    n != (ssize_t)sizeof(self.ru_maxrss))
		return fc_brokenx("the child could not report its ru_maxrss: "
		    "%s", fc_status(status, st, sizeof(st)));
	if (getrusage(RUSAGE_CHILDREN, &ru2) == -1)
		return fc_broken("getrusage");
	fc_note("child's ru_maxrss %ld KiB; RUSAGE_CHILDREN ru_maxrss %ld, "
	    "then %ld as a zombie, %ld once reaped", self.ru_maxrss,
	    ru0.ru_maxrss, ru1.ru_maxrss, ru2.ru_maxrss);
	if (ru1.ru_maxrss != ru0.ru_maxrss)
		return fc_fail("RUSAGE_CHILDREN ru_maxrss went from %ld to "
		    "%ld KiB while the child was a zombie not yet waited for",
		    ru0.ru_maxrss, ru1.ru_maxrss);
	if (ru2.ru_maxrss < self.ru_maxrss)
		return fc_fail("RUSAGE_CHILDREN ru_maxrss is %ld KiB after "
		    "the wait, want at least the child's own %ld",
		    ru2.ru_maxrss, self.ru_maxrss);
	return FC_PASS;
}
#else
static enum fc_verdict
rusage_maxrss(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("ru_maxrss of RUSAGE_CHILDREN is checked on Linux "
	    "only");
}
#endif

/*
 * The subreaper primitives: mark the caller, and ask whether the caller
 * is marked (1, 0, or -1 with errno).
 */
#if defined(HAVE_SYS_PRCTL_H) && defined(PR_SET_CHILD_SUBREAPER)
#define SUBREAPER_API	"prctl(PR_SET_CHILD_SUBREAPER)"
#define SUBREAPER_TIER	FC_LINUX

static int
reaper_acquire(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

static int
reaper_owned(void)
{
	int	on = 0;

	if (prctl(PR_GET_CHILD_SUBREAPER, &on, 0, 0, 0) == -1)
		return -1;
	return on != 0;
}
#elif defined(HAVE_SYS_PROCCTL_H) && defined(PROC_REAP_ACQUIRE)
#define SUBREAPER_API	"procctl(PROC_REAP_ACQUIRE)"
#define SUBREAPER_TIER	FC_BSD

static int
reaper_acquire(void)
{
	return procctl(P_PID, getpid(), PROC_REAP_ACQUIRE, NULL);
}

static int
reaper_owned(void)
{
	struct procctl_reaper_status	rs;

	memset(&rs, 0, sizeof(rs));
	if (procctl(P_PID, getpid(), PROC_REAP_STATUS, &rs) == -1)
		return -1;
	return (rs.rs_flags & REAPER_STATUS_OWNED) != 0;
}
#else
#define SUBREAPER_API	"no subreaper interface"
#define SUBREAPER_TIER	FC_LINUX

static int
reaper_acquire(void)
{
	errno = ENOSYS;
	return -1;
}

static int
reaper_owned(void)
{
	errno = ENOSYS;
	return -1;
}
#endif

/* What the subreaper of wait.subreaper saw, sent to the case. */
struct adoption {
	int	step;		/* the setup step that failed, 0 if none */
	int	error;		/* its errno */
	int	owned;		/* reaper_owned() in the subreaper */
	int	child_owned;	/* reaper_owned() in its fork child */
	pid_t	gc;		/* the grandchild, orphaned */
	pid_t	gc_ppid;	/* the grandchild's getppid() as an orphan */
	pid_t	waited;		/* waitpid(-1) in the subreaper */
	int	status;		/* and the status it gave */
	int	more;		/* waitpid(-1, WNOHANG) after: -1 if ECHILD */
};

enum {
	STEP_ACQUIRE = 1,
	STEP_OWNED,
	STEP_SETUP,
	STEP_CHILD
};

#define GC_CODE		93	/* the grandchild's exit code */

/* In the middle child C: reports its mark, forks G and leaves. */
static void
adoptee(int rep, int hold_fd)
{
	pid_t	ids[2], g;
	int	owned;

	owned = reaper_owned();
	if ((g = fc_fork()) == -1)
		fc_exit(2);
	if (g == 0) {
		/* EOF comes once the subreaper has reaped C. */
		(void)fc_sync_wait(hold_fd);
		ids[0] = getppid();
		fc_exit(fc_write_all(rep, ids, sizeof(ids[0])) == 0 ?
		    GC_CODE : 1);
	}
	ids[0] = g;
	ids[1] = owned;
	fc_exit(fc_write_all(rep, ids, sizeof(ids)) == 0 ? 0 : 3);
}

/* In the disposable child R: becomes a subreaper and adopts G. */
static void
subreaper_child(int out)
{
	struct adoption	a;
	pid_t		c, ids[2] = { -1, -1 };
	int		hold_fds[2], rep[2], status;

	memset(&a, 0, sizeof(a));
	if (reaper_acquire() == -1) {
		a.step = STEP_ACQUIRE;
		a.error = errno;
	} else if ((a.owned = reaper_owned()) != 1) {
		a.step = STEP_OWNED;
		a.error = errno;
	} else if (fc_pipe(hold_fds) == -1 || fc_pipe(rep) == -1) {
		a.step = STEP_SETUP;
		a.error = errno;
	} else if ((c = fc_fork()) == -1) {
		a.step = STEP_SETUP;
		a.error = errno;
	} else if (c == 0) {
		close(hold_fds[1]);
		close(rep[0]);
		adoptee(rep[1], hold_fds[0]);
	} else {
		close(hold_fds[0]);
		close(rep[1]);
		if (fc_read_all(rep[0], ids, sizeof(ids)) != sizeof(ids) ||
		    fc_waitpid(c, &status, 0) != c || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			a.step = STEP_CHILD;
			a.error = 0;
		}
		a.gc = ids[0];
		a.child_owned = (int)ids[1];
		/* C is gone; now G may look at its parent and exit. */
		close(hold_fds[1]);
		if (a.step == 0 && fc_read_all(rep[0], &a.gc_ppid,
		    sizeof(a.gc_ppid)) != sizeof(a.gc_ppid))
			a.step = STEP_CHILD;
		close(rep[0]);
		if (a.step == 0) {
			a.waited = fc_waitpid(-1, &a.status, 0);
			a.more = fc_waitpid(-1, &status, WNOHANG);
			if (a.more == -1 && errno != ECHILD)
				a.more = -2;
		}
	}
	fc_exit(fc_write_all(out, &a, sizeof(a)) == 0 ? 0 : 1);
}

/*
 * A disposable child R marks itself a subreaper and forks C, which forks
 * G and exits: orphaned G must have R as parent, R's waitpid(-1) must
 * return G, and C must not be marked.  A platform that re-parents past
 * the subreaper, or lets fork children inherit the mark, fails.
 */
static enum fc_verdict
subreaper(const struct fc_case *c FC_UNUSED)
{
	struct adoption	a;
	struct fc_sub	sub;
	ssize_t		n;
	pid_t		r;
	int		status;
	char		st[64], ch;

	if ((r = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (r == 0)
		subreaper_child(sub.fd);
	n = fc_read_all(sub.fd, &a, sizeof(a));
	/* G holds the pipe too: EOF says R, C and G are all gone. */
	(void)fc_read_all(sub.fd, &ch, 1);
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(a))
		return fc_brokenx("the subreaper %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (a.step == STEP_ACQUIRE && (a.error == EINVAL ||
	    a.error == ENOSYS))
		return fc_skip("%s: %s", SUBREAPER_API, strerror(a.error));
	if (a.step == STEP_ACQUIRE || a.step == STEP_SETUP) {
		errno = a.error;
		return fc_broken("%s", a.step == STEP_ACQUIRE ? SUBREAPER_API :
		    "pipe or fork in the subreaper");
	}
	if (a.step == STEP_OWNED)
		return fc_fail("after %s the process does not read as a "
		    "subreaper (%d)", SUBREAPER_API, a.owned);
	if (a.step == STEP_CHILD)
		return fc_brokenx("the subreaper's child or grandchild "
		    "failed");
	if (a.child_owned != 0)
		return fc_fail("a fork child of the subreaper is marked too "
		    "(%d), want the mark not inherited", a.child_owned);
	if (a.gc_ppid != r)
		return fc_fail("the orphan's parent is %ld, want the "
		    "subreaper %ld", (long)a.gc_ppid, (long)r);
	if (a.waited != a.gc)
		return fc_fail("the subreaper's waitpid(-1) returned %ld, "
		    "want the adopted grandchild %ld", (long)a.waited,
		    (long)a.gc);
	if (!WIFEXITED(a.status) || WEXITSTATUS(a.status) != GC_CODE)
		return fc_fail("the adopted grandchild %s, want exited %d",
		    fc_status(a.status, st, sizeof(st)), GC_CODE);
	if (a.more != -1)
		return fc_fail("after reaping the grandchild, waitpid(-1, "
		    "WNOHANG) in the subreaper returned %ld, want ECHILD",
		    (long)a.more);
	return FC_PASS;
}

const struct fc_case fc_wait_os_cases[] = {
	{ .id = "wait.signal-status/wcoredump", .run = wcoredump,
	  .tier = FC_PROBE,
	  .spec = "XSH wait: WCOREDUMP (extension) for SIGABRT with "
	  "RLIMIT_CORE 0 (probe)" },
	{ .id = "wait.rusage-children/maxrss", .run = rusage_maxrss,
	  .tier = FC_LINUX,
	  .spec = "L: getrusage(2): RUSAGE_CHILDREN ru_maxrss is the largest "
	  "child's, once waited for" },
	{ .id = "wait.subreaper", .run = subreaper, .tier = SUBREAPER_TIER,
	  .spec = "L: prctl(2) PR_SET_CHILD_SUBREAPER, BSD procctl(2) "
	  "PROC_REAP_ACQUIRE: adoption, no inheritance" },
	{ .id = NULL }
};
