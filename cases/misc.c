/*
 * misc.c: what fork copies that is neither memory nor descriptors: stdio
 * buffers and atexit handlers (XSH exit, _exit; the driver's own reason
 * for fflush(NULL) before every fork); fork inside a forked child and a
 * bounded run of many forks (XSH fork, wait).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define STRESS_BATCH	20	/* children alive at once */
#define STRESS_ROUNDS	10	/* batches: 200 forks in all */

static int	atexit_fd = -1;

static void
atexit_handler(void)
{
	if (atexit_fd >= 0)
		(void)write(atexit_fd, "A", 1);
}

/* How the child leaves: exit(), _exit() or _Exit(). */
enum leave { LEAVE_EXIT, LEAVE_UNDERSCORE, LEAVE_UPPER };

static const char *const leave_name[] = { "exit()", "_exit()", "_Exit()" };

/* Forks a child that leaves as told; returns what the atexit pipe got. */
static int
atexit_run(enum leave how, char *got, size_t len, ssize_t *n)
{
	int	fds[2], status;
	pid_t	pid;

	if (fc_pipe(fds) == -1)
		return -1;
	atexit_fd = fds[1];
	if ((pid = fc_fork()) == -1)
		return -1;
	if (pid == 0) {
		switch (how) {
		case LEAVE_EXIT:
			exit(0);
		case LEAVE_UNDERSCORE:
			_exit(0);
		case LEAVE_UPPER:
			_Exit(0);
		}
	}
	atexit_fd = -1;
	close(fds[1]);
	*n = fc_read_all(fds[0], got, len);
	close(fds[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return -1;
	return 0;
}

/*
 * atexit handlers registered before fork run in a child that calls
 * exit(), and not in one that calls _exit() or _Exit().  A platform whose
 * _exit runs handlers, or whose child loses them, fails.
 */
static enum fc_verdict
atexit_case(const struct fc_case *c FC_UNUSED)
{
	static const struct {
		enum leave	how;
		const char	*want;
	} runs[] = {
		{ LEAVE_UNDERSCORE, "" },
		{ LEAVE_UPPER, "" },
		{ LEAVE_EXIT, "A" },
	};
	char	got[8];
	ssize_t	n;
	size_t	i;

	if (atexit(atexit_handler) != 0)
		return fc_brokenx("atexit failed");
	for (i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		if (atexit_run(runs[i].how, got, sizeof(got), &n) == -1)
			return fc_broken("fork, pipe or waitpid");
		if (n < 0)
			return fc_broken("read");
		if ((size_t)n != strlen(runs[i].want) ||
		    memcmp(got, runs[i].want, (size_t)n) != 0)
			return fc_fail("a child leaving with %s ran the "
			    "atexit handler %zd times, want %zu",
			    leave_name[runs[i].how], n, strlen(runs[i].want));
	}
	return FC_PASS;
}

/*
 * Runs one stdio round: "X" sits unflushed in a fully buffered stream on
 * a pipe when the process forks; the child leaves as told, the parent
 * closes its stream.  Returns what came out of the pipe.
 */
static int
stdio_run(enum leave how, char *got, size_t len, ssize_t *n)
{
	FILE	*f;
	int	 fds[2], status;
	pid_t	 pid;

	if (fc_pipe(fds) == -1)
		return -1;
	if ((f = fdopen(fds[1], "w")) == NULL ||
	    setvbuf(f, NULL, _IOFBF, BUFSIZ) != 0 || fputs("X", f) == EOF)
		return -1;
	/* Deliberately no fflush: the unflushed buffer is what is tested. */
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (how == LEAVE_EXIT)
			exit(0);
		_exit(0);
	}
	if (fclose(f) == EOF)
		return -1;
	*n = fc_read_all(fds[0], got, len);
	close(fds[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return -1;
	return 0;
}

/*
 * Unflushed stdio output exists in both processes after fork: a child
 * that leaves with exit() flushes its copy (the reader gets "XX"), one
 * that leaves with _exit() does not ("X").  A platform whose _exit()
 * flushes, or whose exit() does not, fails.
 */
static enum fc_verdict
stdio_dup(const struct fc_case *c FC_UNUSED)
{
	char	got[8];
	ssize_t	n;

	if (stdio_run(LEAVE_UNDERSCORE, got, sizeof(got), &n) == -1 || n < 0)
		return fc_broken("stdio round with _exit()");
	if (n != 1 || got[0] != 'X')
		return fc_fail("child left with _exit(): the pipe got %zd "
		    "bytes, want \"X\" (only the parent's flush)", n);
	if (stdio_run(LEAVE_EXIT, got, sizeof(got), &n) == -1 || n < 0)
		return fc_broken("stdio round with exit()");
	if (n != 2 || memcmp(got, "XX", 2) != 0)
		return fc_fail("child left with exit(): the pipe got %zd "
		    "bytes, want \"XX\" (both copies flushed)", n);
	return FC_PASS;
}

/* What a nested child reports when it could not fork or reap. */
struct nest_err {
	int	step;		/* 1 fork, 2 waitpid */
	int	error;
};

/*
 * A forked child forks a grandchild that exits 5, reaps it and exits with
 * 10 plus the grandchild's status; the parent must see 15.  A platform
 * that cannot fork in a child, or loses or garbles a status on the way up
 * (wrong pid from waitpid, a status that is not the one exited with),
 * fails.
 */
static enum fc_verdict
nested(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	 sub;
	struct nest_err	 e;
	pid_t		 pid, gpid, got;
	ssize_t		 n;
	int		 status;
	char		 st[64];

	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		memset(&e, 0, sizeof(e));
		if ((gpid = fc_fork()) == 0)
			fc_exit(5);
		if (gpid == -1) {
			e.step = 1;
			e.error = errno;
		} else if ((got = fc_waitpid(gpid, &status, 0)) != gpid) {
			e.step = 2;
			e.error = got == -1 ? errno : 0;
		}
		if (e.step != 0) {
			(void)fc_write_all(sub.fd, &e, sizeof(e));
			fc_exit(1);
		}
		fc_exit(WIFEXITED(status) ? 10 + WEXITSTATUS(status) : 2);
	}
	n = fc_read_all(sub.fd, &e, sizeof(e));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n == (ssize_t)sizeof(e) && e.step == 1)
		return fc_fail("fork in the child failed: %s",
		    strerror(e.error));
	if (n == (ssize_t)sizeof(e) && e.step == 2)
		return fc_fail("the child's waitpid for its own child failed: "
		    "%s", e.error != 0 ? strerror(e.error) : "wrong pid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		return fc_fail("the grandchild did not exit normally");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 15)
		return fc_fail("the child %s, want exited 15 (10 + the "
		    "grandchild's 5)", fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/* What each stress child says about itself. */
struct stress_rec {
	int	index;
	pid_t	pid;
};

/* Child i's exit status: distinct for i < 256, many of them above 127. */
static int
stress_code(int i)
{
	return (i * 37 + 11) % 256;
}

/* Reaps the n children in pids[], checking each pid and status once. */
static enum fc_verdict
stress_reap(const pid_t *pids, int n, int base)
{
	enum fc_verdict	v = FC_PASS;
	int		reaped[STRESS_BATCH] = { 0 };
	int		i, k, status;
	pid_t		pid;
	char		st[64];

	for (i = 0; i < n; i++) {
		if ((pid = fc_waitpid(-1, &status, 0)) == -1)
			return v != FC_PASS ? v : fc_fail("waitpid(-1) failed "
			    "with %d of %d children unreaped: %s", n - i, n,
			    strerror(errno));
		for (k = 0; k < n; k++)
			if (pids[k] == pid && !reaped[k])
				break;
		if (k == n) {
			if (v == FC_PASS)
				v = fc_fail("waitpid(-1) returned %ld, not "
				    "one of the batch's unreaped children",
				    (long)pid);
			continue;
		}
		reaped[k] = 1;
		if (v == FC_PASS && (!WIFEXITED(status) ||
		    WEXITSTATUS(status) != stress_code(base + k)))
			v = fc_fail("child %d (pid %ld) %s, want exited %d",
			    base + k, (long)pid, fc_status(status, st,
			    sizeof(st)), stress_code(base + k));
	}
	return v;
}

/*
 * One batch: forks STRESS_BATCH children that say who they are and wait
 * on an end-of-file barrier, so that all are alive together.
 */
static enum fc_verdict
stress_batch(int base)
{
	struct stress_rec	rec[STRESS_BATCH], me;
	enum fc_verdict		v = FC_PASS;
	pid_t			pids[STRESS_BATCH], pid;
	int			bar[2], res[2], i, k, n, err = 0;
	ssize_t			got;

	if (fc_pipe(bar) == -1 || fc_pipe(res) == -1)
		return fc_broken("pipe");
	for (n = 0; n < STRESS_BATCH; n++) {
		if ((pid = fc_fork()) == -1) {
			err = errno;
			break;
		}
		if (pid == 0) {
			close(bar[1]);
			close(res[0]);
			me.index = n;
			me.pid = getpid();
			if (fc_write_all(res[1], &me, sizeof(me)) == -1)
				fc_exit(0);
			(void)fc_sync_wait(bar[0]);
			fc_exit(stress_code(base + n));
		}
		pids[n] = pid;
	}
	close(res[1]);
	close(bar[0]);
	got = n > 0 ? fc_read_all(res[0], rec, sizeof(rec[0]) * n) : 0;
	close(res[0]);
	close(bar[1]);
	if (err != 0) {
		(void)stress_reap(pids, n, base);
		errno = err;
		return fc_broken("fork %d of %d", base + n + 1,
		    STRESS_BATCH * STRESS_ROUNDS);
	}
	if (got != (ssize_t)(sizeof(rec[0]) * n)) {
		(void)stress_reap(pids, n, base);
		return fc_brokenx("the children reported %zd bytes, want %zu",
		    got, sizeof(rec[0]) * n);
	}
	for (i = 0; i < n && v == FC_PASS; i++) {
		k = rec[i].index;
		if (k < 0 || k >= n)
			v = fc_brokenx("a child reported index %d", k);
		else if (rec[i].pid != pids[k])
			v = fc_fail("fork returned %ld for child %d, which "
			    "calls itself %ld", (long)pids[k], base + k,
			    (long)rec[i].pid);
		for (k = 0; k < i && v == FC_PASS; k++)
			if (pids[k] == pids[i])
				v = fc_fail("fork returned pid %ld twice for "
				    "children alive at the same time",
				    (long)pids[i]);
	}
	if (v != FC_PASS) {
		(void)stress_reap(pids, n, base);
		return v;
	}
	return stress_reap(pids, n, base);
}

/*
 * A bounded stress run: 200 forks in batches of 20 live children.  Every
 * fork returns the pid the child calls itself, no pid is handed out
 * twice among live children, and waitpid(-1) returns each child once
 * with its own exit status (distinct per child, up to 255).  A platform
 * that mixes up pids or statuses under a burst of forks, or truncates a
 * status, fails.  The catalogue's long runs and huge address spaces are
 * left to nightly jobs.
 */
static enum fc_verdict
stress(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	int		r, status;
	pid_t		pid;

	for (r = 0; r < STRESS_ROUNDS; r++)
		if ((v = stress_batch(r * STRESS_BATCH)) != FC_PASS)
			return v;
	if ((pid = fc_waitpid(-1, &status, WNOHANG)) != -1 || errno != ECHILD)
		return fc_fail("after reaping all %d children, waitpid(-1) "
		    "returned %ld, want -1 with ECHILD",
		    STRESS_BATCH * STRESS_ROUNDS, (long)pid);
	return FC_PASS;
}

const struct fc_case fc_misc_cases[] = {
	{ .id = "misc.atexit", .run = atexit_case, .tier = FC_CORE,
	  .spec = "XSH exit, _Exit: atexit handlers run on exit() only" },
	{ .id = "misc.stdio-dup", .run = stdio_dup, .tier = FC_CORE,
	  .spec = "XSH _exit: open streams are not flushed; exit() flushes "
	  "the child's copy of the buffer" },
	{ .id = "misc.nested", .run = nested, .tier = FC_CORE,
	  .spec = "XSH fork, wait: fork works in a forked child and exit "
	  "statuses propagate through each level" },
	{ .id = "misc.stress", .run = stress, .tier = FC_OPT,
	  .spec = "XSH fork, wait: under a burst of forks each child gets "
	  "its own pid and its own status (bounded run)" },
	{ .id = NULL }
};
