/*
 * sig-fork.c: fork from a signal handler.  _Fork() is async-signal-safe
 * (XSH _Fork, Issue 8), so it may be called from a handler, also one
 * that interrupted malloc() or free(); the child of fork() there may
 * allocate where the C library lets it (quality of implementation).
 * Where _Fork() is missing, its rows skip.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#if defined(HAVE__FORK)

static volatile pid_t	hfork_pid;	/* _Fork()'s return in the handler */
static volatile int	hfork_errno;
static pid_t		hfork_parent;
static int		hfork_fd = -1;	/* the child's report pipe */

/*
 * The child (known by its identity) sends getpid(), getppid() and what
 * _Fork() returned to it, and leaves, all AS-safe.
 */
static void
on_usr1_fork(int sig)
{
	pid_t	pid, ids[3];
	int	saved = errno;

	(void)sig;
	pid = _Fork();
	if (fc_forked_child(hfork_parent)) {
		ids[0] = getpid();
		ids[1] = getppid();
		ids[2] = pid;
		_exit(write(hfork_fd, ids, sizeof(ids)) == sizeof(ids) ?
		    7 : 8);
	}
	hfork_pid = pid;
	hfork_errno = errno;
	errno = saved;
}

/*
 * _Fork() may be called from a signal handler: a SIGUSR1 handler, run
 * synchronously by raise(), calls it; the child reports its getpid(),
 * getppid() and _Fork()'s return through a pipe and _exit(7)s.  The
 * child's pid must be _Fork()'s return in the parent, 0 its return in
 * the child, its parent the caller, its status 7.  A platform whose
 * _Fork fails or misbehaves in a handler fails.
 */
static enum fc_verdict
fork_in_handler(const struct fc_case *c FC_UNUSED)
{
	struct sigaction	sa;
	pid_t			ids[3];
	ssize_t			n;
	int			fds[2], status;
	char			st[64];

	if (fc_pipe(fds) == -1)
		return fc_broken("pipe");
	hfork_fd = fds[1];
	hfork_parent = getpid();
	hfork_pid = -2;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1_fork;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) == -1)
		return fc_broken("sigaction");
	if (raise(SIGUSR1) != 0)
		return fc_broken("raise");
	close(fds[1]);
	if (hfork_pid == -2)
		return fc_brokenx("raise() returned before the handler ran");
	if (hfork_pid == -1) {
		errno = hfork_errno;
		return fc_fail("_Fork() in a signal handler failed: %s",
		    strerror(errno));
	}
	n = fc_read_all(fds[0], ids, sizeof(ids));
	close(fds[0]);
	if (fc_reap_forked(hfork_pid, &status) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 7 ||
	    n != (ssize_t)sizeof(ids))
		return fc_fail("the child of _Fork() in a handler %s, want "
		    "exited 7 after reporting", fc_status(status, st,
		    sizeof(st)));
	if (ids[2] != 0)
		return fc_fail("_Fork() in a handler returned %ld in the "
		    "child, want 0", (long)ids[2]);
	if (ids[0] != hfork_pid)
		return fc_fail("the child's getpid() is %ld, _Fork() returned "
		    "%ld", (long)ids[0], (long)hfork_pid);
	if (ids[1] != hfork_parent)
		return fc_fail("the child's getppid() is %ld, want %ld",
		    (long)ids[1], (long)hfork_parent);
	return FC_PASS;
}
#define FORK_IN_HANDLER_ROW	.run = fork_in_handler

#else

#define FORK_IN_HANDLER_ROW	.absent = "no _Fork() here"
#endif

/*
 * sig.fork-in-handler/malloc and /child-malloc: a SIGVTALRM handler forks
 * while the case's main flow loops over malloc() and free().  The signal
 * comes from a virtual interval timer, which expires only while the loop
 * runs in user mode, so each one interrupts it at a point of its own (a
 * signal from another process would land at the same place each time:
 * where the handler's last system call returned).  The handler forks only
 * when it interrupted the loop between its busy marks, that is mostly
 * inside malloc() or free(), MF_FORKS times in all (fewer, at least
 * MF_MIN_FORKS, on a machine too slow for the work budget), out of
 * MF_SIGNALS at most.  Each child, known by its identity (not by the
 * fork's return), reports its pid and the fork's return through a pipe
 * and leaves with _exit(0).
 */
#define MF_FORKS	20	/* at most; at least MF_MIN_FORKS */
#define MF_MIN_FORKS	5
#define MF_BUDGET_MS	1500	/* work budget past MF_MIN_FORKS */
#define MF_SIGNALS	400
#define MF_SLOTS	8
#define MF_GUARD_MS	2000	/* guard, scaled: fc_guard_ms() */

/* How a row forks in the handler, and whether its child allocates. */
struct mf_how {
	pid_t	(*fork)(void);
	int	  alloc;
};

static const struct mf_how	*mf_how;
static volatile sig_atomic_t	 mf_busy;	/* in malloc() or free() */
static volatile sig_atomic_t	 mf_forks, mf_signals, mf_errno;
static volatile pid_t		 mf_pids[MF_FORKS];
static int			 mf_rep = -1;	/* the children's reports */
static pid_t			 mf_self;	/* the case's pid */

/* A child's report: its getpid() and what the fork returned to it. */
struct mf_seen {
	pid_t	self;
	pid_t	ret;
};

/* Child exit codes other than 0. */
enum {
	MF_NOMEM = 2,		/* malloc() returned NULL */
	MF_WRITE = 3		/* the report could not be written */
};

static void
mf_child(pid_t ret)
{
	struct mf_seen	 me;
	char		*p;

	if (mf_how->alloc) {
		if ((p = malloc(100)) == NULL)
			_exit(MF_NOMEM);
		memset(p, 'c', 100);
		free(p);
	}
	me.self = getpid();
	me.ret = ret;
	_exit(write(mf_rep, &me, sizeof(me)) == sizeof(me) ? 0 : MF_WRITE);
}

static void
on_vtalrm_mf(int sig)
{
	pid_t	pid;
	int	saved = errno;

	(void)sig;
	mf_signals++;
	if (mf_busy && mf_forks < MF_FORKS && mf_errno == 0) {
		pid = mf_how->fork();
		if (fc_forked_child(mf_self))
			mf_child(pid);
		if (pid == -1)
			mf_errno = errno;
		else
			mf_pids[mf_forks++] = pid;
	}
	errno = saved;
}

/*
 * Arms (on) the virtual timer whose SIGVTALRM forks, every millisecond of
 * CPU time, or blocks SIGVTALRM and disarms it.
 */
static enum fc_verdict
mf_timer(int on)
{
	struct sigaction	sa;
	struct itimerval	it;
	sigset_t		vtalrm;

	memset(&it, 0, sizeof(it));
	if (on) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_vtalrm_mf;
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGVTALRM, &sa, NULL) == -1)
			return fc_broken("sigaction");
		it.it_value.tv_usec = 1000;
		it.it_interval.tv_usec = 1000;
	} else {
		sigemptyset(&vtalrm);
		sigaddset(&vtalrm, SIGVTALRM);
		if (sigprocmask(SIG_BLOCK, &vtalrm, NULL) == -1)
			return fc_broken("sigprocmask");
	}
	if (setitimer(ITIMER_VIRTUAL, &it, NULL) == -1)
		return fc_broken("setitimer ITIMER_VIRTUAL");
	return FC_PASS;
}

/*
 * The loop the signals interrupt: malloc() and free() of varied sizes in
 * slot[], until enough forks or signals, a fork's error or the work
 * budget.  Returns 1 if malloc() returned NULL, else 0.
 */
static int
mf_loop(void **slot)
{
	struct fc_rounds	r;
	int			i, k, more = 1;

	fc_rounds_start(&r, MF_MIN_FORKS, MF_FORKS, MF_BUDGET_MS);
	for (i = 0; more && mf_signals < MF_SIGNALS && mf_errno == 0; i++) {
		if (i % 64 == 0) {
			r.done = mf_forks;
			more = fc_rounds_more(&r);
		}
		k = i % MF_SLOTS;
		mf_busy = 1;
		free(slot[k]);
		slot[k] = malloc((size_t)16 << (i % 10));
		mf_busy = 0;
		if (slot[k] == NULL)
			return 1;
	}
	return 0;
}

/*
 * Each child's report: the fork returned 0 in it, and its getpid() is a
 * pid a fork returned.  FC_FAIL with why filled, or FC_PASS.
 */
static enum fc_verdict
mf_reports(const struct mf_seen *got, char *why, size_t len)
{
	int	j, k;

	for (k = 0; k < mf_forks; k++) {
		if (got[k].ret != 0) {
			snprintf(why, len, "the fork in a handler returned %ld "
			    "in the child, want 0", (long)got[k].ret);
			return FC_FAIL;
		}
		for (j = 0; j < mf_forks; j++)
			if (got[k].self == mf_pids[j])
				break;
		if (j == mf_forks) {
			snprintf(why, len, "a child forked in a handler reports "
			    "getpid() %ld, which no fork returned",
			    (long)got[k].self);
			return FC_FAIL;
		}
	}
	return FC_PASS;
}

/*
 * Runs the loop, then collects the children.  Returns FC_PASS, FC_BROKEN
 * (reported), or FC_FAIL with what was seen described in why (of len
 * bytes) for the caller to report as its tier asks; *hung then says that
 * it is an expired guard.
 */
static enum fc_verdict
mf_run(char *why, size_t len, int *hung)
{
	void			*slot[MF_SLOTS];
	struct mf_seen		 got[MF_FORKS];
	enum fc_verdict		 v;
	size_t			 n;
	int			 rep[2], j, status, nomem;
	char			 st[64];

	*hung = 0;
	why[0] = '\0';
	mf_self = getpid();
	memset(slot, 0, sizeof(slot));
	if (fc_pipe(rep) == -1)
		return fc_broken("pipe");
	mf_rep = rep[1];
	if ((v = mf_timer(1)) != FC_PASS)
		return v;
	nomem = mf_loop(slot);
	if ((v = mf_timer(0)) != FC_PASS)
		return v;
	for (j = 0; j < MF_SLOTS; j++)
		free(slot[j]);
	close(rep[1]);
	*hung = fc_read_guarded(rep[0], got, sizeof(got), &n, MF_GUARD_MS);
	close(rep[0]);
	if (*hung == 1)
		for (j = 0; j < mf_forks; j++)
			(void)kill(mf_pids[j], SIGKILL);
	for (j = 0; j < mf_forks; j++) {
		if (fc_reap_forked(mf_pids[j], &status) == -1)
			return fc_broken("waitpid");
		if (*hung != 1 && why[0] == '\0' &&
		    !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
			snprintf(why, len, "child %d of %d, forked in a handler "
			    "that interrupted malloc() or free(), %s%s", j + 1,
			    mf_forks, fc_status(status, st, sizeof(st)),
			    WIFEXITED(status) && WEXITSTATUS(status) ==
			    MF_NOMEM ? " (its malloc() returned NULL)" : "");
	}
	if (nomem)
		return fc_brokenx("malloc() in the case's loop returned NULL");
	if (*hung == -1)
		return fc_broken("reading the children's reports");
	if (*hung == 1) {
		snprintf(why, len, "%zu of %d children forked in a handler "
		    "that interrupted malloc() or free() reported within the "
		    "guard of %d ms: a deadlock, or a machine slower than the "
		    "guard", n / sizeof(got[0]), (int)mf_forks,
		    fc_guard_ms(MF_GUARD_MS));
		return FC_FAIL;
	}
	if (why[0] != '\0')
		return FC_FAIL;
	if (mf_errno != 0) {
		errno = mf_errno;
		snprintf(why, len, "fork in a handler that interrupted "
		    "malloc() or free() failed: %s", strerror(errno));
		return FC_FAIL;
	}
	if (mf_forks < MF_MIN_FORKS)
		return fc_brokenx("%d of %d signals interrupted the malloc() "
		    "and free() loop, want %d", (int)mf_forks, (int)mf_signals,
		    MF_MIN_FORKS);
	if (n != (size_t)mf_forks * sizeof(got[0]))
		return fc_brokenx("%zu bytes of reports from %d children that "
		    "exited 0", n, (int)mf_forks);
	return mf_reports(got, why, len);
}

/*
 * The child of fork() in a handler that interrupted malloc() or free()
 * allocates before it exits, as glibc's malloc/tst-mallocfork2.c checks.
 * POSIX lets that child call only async-signal-safe functions, so this is
 * quality of implementation: a child that cannot allocate, dies or hangs
 * (past the guard) is noted, never failed.
 */
static enum fc_verdict
fork_in_malloc_child(const struct fc_case *c)
{
	enum fc_verdict	v;
	char		why[256];
	int		hung;

	mf_how = c->arg;
	if ((v = mf_run(why, sizeof(why), &hung)) != FC_FAIL)
		return v;
	fc_note("observed: %s", why);
	return FC_PASS;
}

static const struct mf_how	mf_libc = { fork, 1 };
#if defined(HAVE__FORK)
/*
 * _Fork() is async-signal-safe, so it works from a handler whatever the
 * handler interrupted, malloc() and free() included: it returns in both
 * processes, and the child, which calls only async-signal-safe functions
 * (getpid, write, _exit), reports and exits 0.  A _Fork() that takes or
 * needs a lock malloc() holds fails; one that hangs is caught only by the
 * guard (broken).
 */
static enum fc_verdict
fork_in_malloc(const struct fc_case *c)
{
	enum fc_verdict	v;
	char		why[256];
	int		hung;

	mf_how = c->arg;
	if ((v = mf_run(why, sizeof(why), &hung)) != FC_FAIL)
		return v;
	if (hung)
		return fc_brokenx("%s", why);
	return fc_fail("%s", why);
}

static const struct mf_how	mf_async = { _Fork, 0 };
#define FORK_IN_MALLOC_ROW	.run = fork_in_malloc, .arg = &mf_async
#else
#define FORK_IN_MALLOC_ROW	.absent = "no _Fork() here"
#endif

const struct fc_case fc_sig_fork_cases[] = {
	{ .id = "sig.fork-in-handler", FORK_IN_HANDLER_ROW,
	  .tier = FC_CORE,
	  .spec = "XSH _Fork (Issue 8): _Fork() is async-signal-safe and may "
	  "be called from a signal handler" },
	{ .id = "sig.fork-in-handler/malloc", FORK_IN_MALLOC_ROW,
	  .tier = FC_CORE,
	  .spec = "XSH _Fork, 2.4.3 (Issue 8): _Fork() in a handler that "
	  "interrupted malloc() or free() returns in both processes" },
	{ .id = "sig.fork-in-handler/child-malloc",
	  .run = fork_in_malloc_child, .arg = &mf_libc, .tier = FC_QOI,
	  .spec = "glibc malloc/tst-mallocfork2.c: the child of fork() in a "
	  "handler that interrupted malloc() can allocate (XSH fork: only "
	  "async-signal-safe calls are promised)" },
	{ .id = NULL }
};
