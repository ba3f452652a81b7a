/*
 * worker.c: a worker runs cases one at a time and reports each result to
 * the scheduler through a pipe.
 *
 * For every case it forks a case child, drains the child's stdout and
 * stderr with poll() while it runs, and enforces the deadline: SIGTERM to
 * the whole tree, then SIGKILL after a grace period.  Where the platform
 * allows, the worker is a subreaper, so every process a case leaves
 * behind -- even one that called setsid() or double-forked -- becomes the
 * worker's child once its parent dies: the worker kills it, reaps it and
 * names it in the verdict.  It signals only its own unreaped children,
 * and the case's process group only while the case child, the group's
 * leader, is not yet reaped, so no pid can have been reused.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"
#include "shared.h"

#define GRACE_NS	250000000	/* SIGTERM to SIGKILL */
#define SWEEP_NS	2000000000	/* longest wait for SIGKILLed processes */
#define DRAIN_NS	250000000	/* pipes held open after the sweep */
#define NAMED_MAX	8		/* processes named in a message */
#define SLICE_MS	50		/* longest single poll() */
#define FLUSH_MS	10		/* results wait at most this long... */
#define FLUSH_NS	10000000	/* ...before going to the scheduler */

enum phase {
	RUNNING,		/* before the deadline */
	TERMINATING,		/* SIGTERM sent, grace period running */
	KILLING			/* SIGKILL sent */
};

static struct {
	struct runner		*r;
	unsigned int		 slot;
	int			 res;		/* result pipe, write end */
	int			 sig[2];	/* self-pipe */
	int			 devnull;
	int			 dirfd;
	DIR			*dirp;		/* on dirfd, to look for leftovers */
	char			 dir[1100];
	struct fc_record	*rec;
	struct capture		 out;
	struct capture		 err;
	struct buf		 pending;	/* results not yet sent */
	struct buf		 msg;		/* scratch for each verdict */
	struct buf		 at;
	int64_t			 flushed;	/* when they last were */
	int			 reset[128];	/* dispositions the case resets */
	int			 nreset;
} w;

static volatile sig_atomic_t	w_stop;

static void	flush_results(void);

static void
on_signal(int sig)
{
	int	saved = errno;

	if (sig != SIGCHLD)
		w_stop = sig;
	(void)write(w.sig[1], "", 1);
	errno = saved;
}

static void
add_reset(int sig)
{
	int	i;

	for (i = 0; i < w.nreset; i++)
		if (w.reset[i] == sig)
			return;
	if (w.nreset < (int)(sizeof(w.reset) / sizeof(w.reset[0])))
		w.reset[w.nreset++] = sig;
}

/*
 * Remembers every disposition a case child must put back to SIG_DFL:
 * whatever forkcheck inherited, and the handlers the worker installs.
 */
static void
setup_signals(void)
{
	static const int	 mine[] = { SIGCHLD, SIGTERM, SIGINT, SIGHUP };
	struct sigaction	 sa;
	stack_t			 ss;
	sigset_t		 none;
	size_t			 i;
	int			 sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL)
			add_reset(sig);
	}
	/*
	 * Handlers run on an alternate stack in shared memory: a signal
	 * frame written on the ordinary stack would cost copy-on-write faults
	 * after every fork, and the case child never touches this one.
	 */
	ss.ss_size = SIGSTKSZ > 65536 ? SIGSTKSZ : 65536;
	ss.ss_sp = mmap(NULL, ss.ss_size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	ss.ss_flags = 0;
	if (ss.ss_sp == MAP_FAILED || sigaltstack(&ss, NULL) == -1)
		err(EX_SOFTWARE, "worker: sigaltstack");
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP | SA_ONSTACK;
	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++) {
		sigaction(mine[i], &sa, NULL);
		add_reset(mine[i]);
	}
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, NULL);
	add_reset(SIGPIPE);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static void
drain_selfpipe(void)
{
	char	buf[64];

	while (read(w.sig[0], buf, sizeof(buf)) > 0)
		continue;
}

/*
 * The case child: its own process group (not its own session: setsid()
 * costs a scheduler autogroup per case on Linux), default dispositions,
 * an empty mask, no alternate signal stack, stdin from /dev/null, stdout
 * and stderr into the capture pipes, only fds 0-2 open, the worker's
 * empty directory as cwd.  Never returns.
 */
static void
case_child(const struct fc_case *c, int out, int err)
{
	struct sigaction	sa;
	stack_t			ss;
	sigset_t		none;
	enum fc_verdict		v;
	pid_t			self = getpid();
	int			i;

	fc_rec = w.rec;
	fc_dir = w.dir;
	fc_current = c;
	fc_multiplier = w.r->opt->multiplier;
	/* The worker calls it too: whichever runs first wins the race. */
	(void)setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < w.nreset; i++)
		sigaction(w.reset[i], &sa, NULL);
	ss.ss_sp = NULL;
	ss.ss_size = 0;
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	/* Blocked since the fork (run_case()): only now may signals come. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(w.devnull, 0) == -1 || dup2(out, 1) == -1 ||
	    dup2(err, 2) == -1) {
		fc_broken("runner: dup2");
		fc_exit(FC_BROKEN);
	}
	if (fchdir(w.dirfd) == -1) {
		fc_broken("runner: chdir %s", w.dir);
		fc_exit(FC_BROKEN);
	}
	closefrom(3);

	v = c->run(c);
	if (getpid() != self) {
		fc_rec->runaway = 1;
		fc_exit(FC_BROKEN);
	}
	if (v != FC_PASS && v != FC_FAIL && v != FC_SKIP && v != FC_BROKEN)
		v = fc_brokenx("run() returned %d, which is not a verdict",
		    (int)v);
	/* A pass needs no record: exit status 0 says it (and spares a fault). */
	if (v != FC_PASS || fc_rec->verdict != -1)
		fc_rec->verdict = v;
	fflush(NULL);
	fc_exit(v);
}

/* Whether the case child has exited; it stays unreaped when possible. */
static int
case_exited(struct run *run)
{
	siginfo_t	si;
	pid_t		r;

	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, run->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0)
		return si.si_pid == run->pid;
	/* No WNOWAIT here: reap, and give up signalling the group. */
	r = fc_waitpid(run->pid, &run->status, WNOHANG);
	if (r == run->pid) {
		run->reaped = 1;
		return 1;
	}
	return 0;
}

/* Signals the case's process group, the case child and our children. */
static void
signal_tree(struct run *run, int sig)
{
	if (!run->reaped) {
		kill(-run->pid, sig);
		kill(run->pid, sig);
		if (sig == SIGTERM) {
			kill(-run->pid, SIGCONT);
			kill(run->pid, SIGCONT);
		}
	}
	if (w.r->reaper) {
		osdep_kill_children(sig);
		if (sig == SIGTERM)
			osdep_kill_children(SIGCONT);
	}
}

static void
read_into(struct pollfd *p, struct capture *cap)
{
	static char	buf[65536];
	ssize_t		n;

	if (p->fd < 0 || (p->revents & (POLLIN | POLLHUP | POLLERR)) == 0)
		return;
	n = read(p->fd, buf, sizeof(buf));
	if (n > 0)
		cap_add(cap, buf, (size_t)n);
	else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
		close(p->fd);
		p->fd = -1;
	}
}

/*
 * Waits for the case child to exit, capturing its output and enforcing
 * the deadline.  Returns with the child exited (not necessarily reaped).
 */
static void
supervise(struct run *run, struct pollfd *pfd, int64_t limit)
{
	enum phase	phase = RUNNING;
	int64_t		now, deadline = run->start + limit;
	int		ms, chld = 0;

	pfd[2].fd = w.sig[0];
	pfd[2].events = POLLIN;
	pfd[3].fd = w.res;
	pfd[3].events = 0;
	for (;;) {
		if (chld && case_exited(run))
			break;
		chld = 0;
		now = clock_ns();
		if (phase == RUNNING && (w_stop || now >= deadline)) {
			run->flags |= w_stop ? RES_INTERRUPTED : RES_TIMEOUT;
			/* The scheduler says which signal stopped the run. */
			run->stopsig = atomic_load(&w.r->sh->stop);
			if (run->stopsig == 0)
				run->stopsig = w_stop;
			signal_tree(run, SIGTERM);
			phase = TERMINATING;
			deadline = now + GRACE_NS;
		} else if (phase == TERMINATING && now >= deadline) {
			run->flags |= RES_KILLED;
			signal_tree(run, SIGKILL);
			phase = KILLING;
		} else if (phase != RUNNING)
			signal_tree(run, phase == KILLING ? SIGKILL : SIGTERM);
		ms = phase == KILLING ? SLICE_MS :
		    slice_ms(deadline, now, SLICE_MS);
		/* Results waiting for the scheduler go out within FLUSH_NS. */
		if (w.pending.len > 0 && ms > FLUSH_MS)
			ms = FLUSH_MS;
		if (ms == 0)
			chld = 1;
		if (poll(pfd, 4, ms) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		read_into(&pfd[0], &w.out);
		read_into(&pfd[1], &w.err);
		if (pfd[2].revents & POLLIN) {
			drain_selfpipe();
			chld = 1;
		}
		if (w.pending.len > 0 && clock_ns() - w.flushed >= FLUSH_NS)
			flush_results();
		if (pfd[3].revents & (POLLERR | POLLHUP) && !w_stop)
			w_stop = SIGPIPE;	/* the scheduler is gone */
	}
	run->end = clock_ns();
}

/* A guard of the worker's own, longer with the timeout multiplier. */
static int64_t
scaled(int64_t ns)
{
	double	m = w.r->opt->multiplier;

	return m > 1 ? (int64_t)((double)ns * m) : ns;
}

/* Appends "123 (sleep, state S), 124 (...)" for n pids, NAMED_MAX at most. */
void
name_pids(struct buf *b, const pid_t *pids, int n)
{
	char	brief[128];
	int	i;

	for (i = 0; i < n && i < NAMED_MAX; i++) {
		osdep_proc_brief(pids[i], brief, sizeof(brief));
		buf_printf(b, "%s%ld", i ? ", " : "", (long)pids[i]);
		if (brief[0] != '\0')
			buf_printf(b, " (%s)", brief);
	}
	if (n > NAMED_MAX)
		buf_printf(b, ", and %d more", n - NAMED_MAX);
}

/*
 * The sweep ran out of time with children of ours not reaped: says
 * which, in what state, and how long the sweep waited.
 */
static void
sweep_gave_up(struct run *run, int64_t waited)
{
	struct buf	b = { NULL, 0, 0 };
	pid_t		pids[64];
	char		secs[32];
	int		n;

	fmt_seconds(secs, sizeof(secs), waited);
	n = osdep_children(pids, (int)(sizeof(pids) / sizeof(pids[0])));
	if (n > 0) {
		buf_printf(&b, "the sweep gave up after %s s: %d process%s "
		    "the case left could not be reaped after SIGKILL: ", secs,
		    n, n == 1 ? "" : "es");
		name_pids(&b, pids, n);
	} else
		buf_printf(&b, "the sweep gave up after %s s: processes the "
		    "case left could not be reaped after SIGKILL (this "
		    "platform cannot name them)", secs);
	snprintf(run->escape, sizeof(run->escape), "%s",
	    b.data != NULL ? b.data : "");
	buf_free(&b);
}

/*
 * The drain ran out of time: the capture pipes stayed open although
 * the sweep reached every process it could.  Says who holds them.
 */
static void
drain_gave_up(struct run *run, const struct pollfd *pfd, int64_t waited)
{
	struct buf	b = { NULL, 0, 0 };
	pid_t		pids[64];
	char		secs[32];
	int		n, fd = pfd[0].fd >= 0 ? pfd[0].fd : pfd[1].fd;

	fmt_seconds(secs, sizeof(secs), waited);
	buf_printf(&b, "descendants escaped containment: the capture pipes "
	    "stayed open %s s after %s", secs, w.r->reaper ? "every process "
	    "the case left was reaped" : "the case's process group was "
	    "killed");
	n = osdep_pipe_holders(fd, pids, (int)(sizeof(pids) /
	    sizeof(pids[0])));
	if (n > 0) {
		buf_adds(&b, "; held by ");
		name_pids(&b, pids, n);
	} else if (n == 0)
		buf_adds(&b, "; held by no process visible here (another "
		    "PID namespace, or a descriptor passed away)");
	else
		buf_adds(&b, " (this platform cannot name who holds them)");
	snprintf(run->escape, sizeof(run->escape), "%s",
	    b.data != NULL ? b.data : "");
	buf_free(&b);
}

/*
 * Kills and reaps every process the case left: its group while the case
 * child still holds the group's id, then our children, round after round,
 * as each death hands us the dead process's children.  A process counts
 * as left behind if it was still running, which shows in its SIGKILL
 * status; one that exited by itself was merely not reaped.
 */
static void
sweep(struct run *run)
{
	struct pollfd	p;
	int64_t		start, guard;
	pid_t		pid;
	int		status;

	if (!run->reaped) {
		kill(-run->pid, SIGKILL);
		fc_waitpid(run->pid, &run->status, 0);
		run->reaped = 1;
	}
	start = clock_ns();
	guard = start + scaled(SWEEP_NS);
	for (;;) {
		pid = fc_waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
				if (run->nleft < LEFT_MAX)
					run->left[run->nleft] = pid;
				run->nleft++;
			}
			continue;
		}
		if (pid == -1 && errno == ECHILD)
			return;		/* nothing left */
		if (pid == -1) {
			run->flags |= RES_ESCAPED;
			snprintf(run->escape, sizeof(run->escape), "the sweep "
			    "of the processes the case left stopped: "
			    "waitpid: %s", strerror(errno));
			return;
		}
		if (clock_ns() >= guard) {
			run->flags |= RES_ESCAPED;
			sweep_gave_up(run, clock_ns() - start);
			return;
		}
		osdep_kill_children(SIGKILL);
		p.fd = w.sig[0];
		p.events = POLLIN;
		if (poll(&p, 1, slice_ms(guard, clock_ns(), SLICE_MS)) > 0)
			drain_selfpipe();
	}
}

/*
 * Without a subreaper, leftovers cannot be counted: whatever the case left
 * running is re-parented elsewhere.  What can be seen is whether anything
 * still holds the capture pipes when the case child has exited -- before
 * its process group is killed.  (A finished process has closed them; a
 * correct case has waited for its processes to finish.)
 */
static void
held(struct run *run, struct pollfd *pfd)
{
	int	i;

	if (run->flags & (RES_TIMEOUT | RES_INTERRUPTED))
		return;
	if (poll(pfd, 2, 0) == -1)
		return;
	for (i = 0; i < 2; i++)
		if (pfd[i].fd >= 0 && !(pfd[i].revents & POLLHUP))
			run->flags |= RES_HELD;
}

/* Reads what is left in the pipes; all writers should be dead by now. */
static void
drain(struct run *run, struct pollfd *pfd)
{
	int64_t	start = clock_ns(), guard = start + scaled(DRAIN_NS);

	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (clock_ns() >= guard) {
			/* After a sweep that gave up, that says why. */
			if (!(run->flags & RES_ESCAPED))
				drain_gave_up(run, pfd, clock_ns() - start);
			run->flags |= RES_ESCAPED;
			break;
		}
		if (poll(pfd, 2, slice_ms(guard, clock_ns(), SLICE_MS)) == -1 &&
		    errno != EINTR)
			break;
		read_into(&pfd[0], &w.out);
		read_into(&pfd[1], &w.err);
	}
	fc_close(&pfd[0].fd);
	fc_close(&pfd[1].fd);
}

/*
 * What the case child's end says: its record, checked against its exit
 * status.  Keeps where the case raised its verdict in at only when that
 * verdict stands and is not a pass.
 */
static enum fc_verdict
judge_end(const struct run *run, struct buf *msg, struct buf *at)
{
	const struct fc_record	*rec = run->rec;
	int			 status = run->status;
	char			 st[64];

	if (WIFSIGNALED(status)) {
		buf_adds(msg, fc_status(status, st, sizeof(st)));
		if (rec->msg[0] != '\0')
			buf_printf(msg, "; last message: %s", rec->msg);
		return FC_BROKEN;
	}
	if (!WIFEXITED(status)) {
		buf_adds(msg, fc_status(status, st, sizeof(st)));
		return FC_BROKEN;
	}
	if (rec->runaway) {
		buf_adds(msg, "a process forked by the case returned from "
		    "run() instead of calling fc_exit()");
		return FC_BROKEN;
	}
	if (rec->verdict == -1) {
		buf_reset(at);
		if (verdict_of_exit(WEXITSTATUS(status)) == FC_PASS)
			return FC_PASS;
		buf_printf(msg, "exited %d without a verdict",
		    WEXITSTATUS(status));
		return verdict_of_exit(WEXITSTATUS(status));
	}
	if (rec->verdict != WEXITSTATUS(status)) {
		buf_printf(msg, "recorded %s but exited %d",
		    verdict_name(rec->verdict), WEXITSTATUS(status));
		return FC_BROKEN;
	}
	if (rec->verdict == FC_PASS)
		buf_reset(at);
	else
		buf_adds(msg, rec->msg);
	return rec->verdict;
}

/*
 * An external case records nothing: unless it ended cleanly with a
 * verdict of its own making, its reason is the last line it printed on
 * stdout, else on stderr, else its exit status.
 */
static void
external_reason(const struct run *run, enum fc_verdict v, struct buf *msg,
    struct buf *at)
{
	struct buf	text = { NULL, 0, 0 };

	if (run->c->run != external_run || v == FC_PASS ||
	    run->rec->msg[0] != '\0' || run->nleft > 0 ||
	    (run->flags & (RES_TIMEOUT | RES_INTERRUPTED | RES_ESCAPED |
	    RES_HELD)) || !WIFEXITED(run->status))
		return;
	cap_text(run->out, &text);
	if (text.len == 0)
		cap_text(run->err, &text);
	buf_reset(msg);
	buf_reset(at);
	last_line(msg, text.data != NULL ? text.data : "", text.len);
	if (msg->len == 0)
		buf_printf(msg, "exited %d", WEXITSTATUS(run->status));
	buf_free(&text);
}

/*
 * Containment overrules the case: processes left behind, or descendants
 * out of reach, make the run broken whatever the case said, which is
 * kept at the end of the message.
 */
static enum fc_verdict
contained(const struct run *run, enum fc_verdict v, struct buf *msg)
{
	struct buf	said = { NULL, 0, 0 };
	size_t		i, n = run->nleft;

	if (n == 0 && !(run->flags & (RES_ESCAPED | RES_HELD)))
		return v;
	if (v != FC_PASS && msg->len > 0)
		buf_printf(&said, "; the case said: %s: %s", verdict_name(v),
		    msg->data);
	buf_reset(msg);
	if (n > 0) {
		buf_printf(msg, "left %zu process%s behind (pid%s", n,
		    n == 1 ? "" : "es", n == 1 ? "" : "s");
		for (i = 0; i < n && i < LEFT_MAX; i++)
			buf_printf(msg, "%s %ld", i ? "," : "",
			    (long)run->left[i]);
		buf_adds(msg, n > LEFT_MAX ? ", ...)" : ")");
	}
	if (run->flags & RES_ESCAPED)
		buf_printf(msg, "%s%s", n > 0 ? "; " : "",
		    run->escape[0] != '\0' ? run->escape : "descendants "
		    "escaped containment: the capture pipes stayed open after "
		    "the case ended");
	else if (run->flags & RES_HELD)
		buf_adds(msg, "left processes behind: they held the capture "
		    "pipes when the case ended (this platform cannot name "
		    "them)");
	if (said.len > 0)
		buf_add(msg, said.data, said.len);
	buf_free(&said);
	return FC_BROKEN;
}

/*
 * The verdict of a run, the one place that makes it.  A row compiled out
 * here (.absent) is a skip and a case that could not start is broken;
 * otherwise it is what the case recorded and how its child ended,
 * overruled by the guard (timeout, interruption) and by containment
 * (processes left behind, descendants out of reach); an external case's
 * reason is its last line of output, and a [qoi] or [probe] row's
 * failure is an observation, not a failure.
 * Fills msg and at (where the case raised it); may add a note to the
 * record and RES_LEFTOVER to the flags.
 */
enum fc_verdict
judge(struct run *run, struct buf *msg, struct buf *at)
{
	enum fc_verdict	v;
	char		secs[32];

	buf_reset(msg);
	buf_reset(at);
	if (run->c->absent != NULL) {
		buf_adds(msg, run->c->absent[0] != '\0' ? run->c->absent :
		    "no reason given");
		return FC_SKIP;
	}
	if (run->error != 0) {
		buf_printf(msg, "runner: cannot start the case: %s",
		    strerror(run->error));
		return FC_BROKEN;
	}
	if (run->nleft > 0)
		run->flags |= RES_LEFTOVER;
	if (run->rec->file[0] != '\0')
		buf_printf(at, "%s:%d", run->rec->file, run->rec->line);
	if (run->flags & RES_INTERRUPTED) {
		buf_printf(msg, "interrupted by %s", sig_name(run->stopsig));
		return FC_BROKEN;
	}
	if (run->flags & RES_TIMEOUT) {
		fmt_seconds(secs, sizeof(secs), run->limit);
		buf_printf(msg, "timeout after %s s", secs);
		if (run->flags & RES_KILLED)
			buf_adds(msg, " (SIGTERM ignored, killed with SIGKILL)");
		return FC_BROKEN;
	}
	v = judge_end(run, msg, at);
	external_reason(run, v, msg, at);
	if (v == FC_SKIP && msg->len == 0)
		buf_adds(msg, "no reason given");
	v = contained(run, v, msg);
	/* [qoi] and [probe] rows report what they saw; they never fail. */
	if (v == FC_FAIL &&
	    (run->c->tier == FC_QOI || run->c->tier == FC_PROBE)) {
		rec_note(run->rec, "observed: %s%s%s",
		    msg->len > 0 ? msg->data : "",
		    at->len > 0 ? " at " : "", at->len > 0 ? at->data : "");
		buf_reset(msg);
		buf_reset(at);
		v = FC_PASS;
	}
	/* The next case must not start where this one left files. */
	if (run->dirty != 0) {
		buf_reset(msg);
		buf_printf(msg, "runner: the case left a directory that "
		    "cannot be emptied: %s", strerror(run->dirty));
		v = FC_BROKEN;
	}
	return v;
}

/*
 * Sends the results gathered so far.  Batching them spares the scheduler
 * a wake-up per case; none waits longer than FLUSH_NS.
 */
static void
flush_results(void)
{
	if (w.pending.len > 0 &&
	    fc_write_all(w.res, w.pending.data, w.pending.len) == -1)
		w_stop = SIGPIPE;	/* nobody reads us any more */
	buf_reset(&w.pending);
	w.flushed = clock_ns();
}

static void
send_result(unsigned int job, enum fc_verdict v, struct run *run,
    struct buf *msg, struct buf *at)
{
	struct buf	*p = &w.pending;
	struct wire	 hdr;
	size_t		 start = p->len, len;

	memset(&hdr, 0, sizeof(hdr));
	buf_add(p, &hdr, sizeof(hdr));
	buf_add(p, msg->data, msg->len);
	buf_add(p, at->data, at->len);
	buf_add(p, w.rec->notes, w.rec->notelen);
	len = p->len;
	cap_text(&w.out, p);
	hdr.len[3] = (uint32_t)(p->len - len);
	len = p->len;
	cap_text(&w.err, p);
	hdr.len[4] = (uint32_t)(p->len - len);
	hdr.job = job;
	hdr.verdict = v;
	hdr.status = run->status;
	hdr.flags = run->flags;
	hdr.duration_ns = run->end - run->start;
	hdr.len[0] = (uint32_t)msg->len;
	hdr.len[1] = (uint32_t)at->len;
	hdr.len[2] = (uint32_t)w.rec->notelen;
	memcpy(p->data + start, &hdr, sizeof(hdr));
	if (clock_ns() - w.flushed >= FLUSH_NS || p->len >= 65536)
		flush_results();
}

static int
open_dir(void)
{
	int	fd;

	if (mkdir(w.dir, 0700) == -1 && errno != EEXIST)
		return -1;
	if ((w.dirfd = open(w.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	if ((fd = dup(w.dirfd)) == -1 || (w.dirp = fdopendir(fd)) == NULL)
		return -1;
	return dir_reset(w.dirp, w.dirfd);	/* no case starts in a dirty one */
}

/*
 * Empties the case directory (dir_reset()), and remakes it if the case
 * removed it.  One that cannot be emptied is moved aside, and a new one
 * made: returns -1 with errno then, 0 otherwise.
 */
static int
reset_dir(void)
{
	static unsigned int	 ndirty;
	struct stat		 st;
	char			 aside[1200];
	int			 e;

	if (fstat(w.dirfd, &st) == -1 || st.st_nlink == 0) {
		closedir(w.dirp);
		close(w.dirfd);
		if (open_dir() == -1)
			err(EX_SOFTWARE, "worker: %s", w.dir);
		return 0;
	}
	if ((st.st_mode & 07777) != 0700)
		fchmod(w.dirfd, 0700);
	if (dir_reset(w.dirp, w.dirfd) == 0)
		return 0;
	e = errno;
	snprintf(aside, sizeof(aside), "%s.dirty.%u", w.dir, ++ndirty);
	closedir(w.dirp);
	close(w.dirfd);
	if (rename(w.dir, aside) == -1 || open_dir() == -1)
		err(EX_SOFTWARE, "worker: %s", w.dir);
	errno = e;
	return -1;
}

/*
 * Forks the case child with its capture pipes, and supervises it to its
 * end: every process it left is reaped and its output drained.  Returns
 * -1 with errno set if the case could not start.
 */
static int
run_case(struct run *run)
{
	struct pollfd	pfd[4];
	sigset_t	all, old;
	int		op[2], ep[2], saved;

	if (fc_pipe(op) == -1)
		return -1;
	if (fc_pipe(ep) == -1) {
		fc_close(&op[0]);
		fc_close(&op[1]);
		return -1;
	}
	/*
	 * No fflush(NULL) here: the worker never buffers stdio (it writes
	 * with write(2) and err(3)), and the scheduler flushed before forking
	 * it; the flush would only cost copy-on-write faults.
	 */
	/*
	 * Signals stay blocked across the fork until the case child has put
	 * back the default dispositions (tmux job.c): a worker handler run
	 * in the child would write into the worker's self-pipe and onto its
	 * alternate stack, which is shared memory.
	 */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	run->start = clock_ns();
	if ((run->pid = runner_fork()) == 0)
		case_child(run->c, op[1], ep[1]);
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (run->pid == -1) {
		fc_close(&op[0]);
		fc_close(&op[1]);
		fc_close(&ep[0]);
		fc_close(&ep[1]);
		errno = saved;
		return -1;
	}
	(void)setpgid(run->pid, run->pid);
	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;

	/*
	 * The worker holds the write ends until the case child has exited:
	 * otherwise the child's exit first wakes the worker through the
	 * pipes' end of file and then again with SIGCHLD, and the scheduler
	 * bounces the two between CPUs on every case.
	 */
	supervise(run, pfd, run->limit);
	if (!w.r->reaper) {
		fc_close(&op[1]);
		fc_close(&ep[1]);
		held(run, pfd);
	}
	sweep(run);
	fc_close(&op[1]);
	fc_close(&ep[1]);
	drain(run, pfd);
	return 0;
}

/* Runs one job and reports it. */
static void
run_job(unsigned int job)
{
	struct run	run;
	enum fc_verdict	v;

	memset(&run, 0, sizeof(run));
	run.c = w.r->cases[job / w.r->opt->repeat];
	run.rec = w.rec;
	run.out = &w.out;
	run.err = &w.err;
	run.status = -1;
	run.limit = timeout_ns(run.c->timeout, w.r->opt->multiplier);
	rec_reset(w.rec);
	cap_reset(&w.out);
	cap_reset(&w.err);
	/* A row compiled out on this platform is a skip, with no child. */
	if (run.c->absent != NULL)
		run.start = run.end = clock_ns();
	else if (run_case(&run) == -1) {
		run.error = errno;
		run.start = run.end = clock_ns();
	} else if (reset_dir() == -1)
		run.dirty = errno;
	v = judge(&run, &w.msg, &w.at);
	send_result(job, v, &run, &w.msg, &w.at);
}

/*
 * A worker: pulls jobs from the shared counter until none is left or it
 * is told to stop.  resfd is the write end of its result pipe.
 */
void
worker_main(struct runner *r, unsigned int slot, int resfd)
{
	struct shared	*sh = r->sh;
	unsigned int	 job;

	w.r = r;
	w.slot = slot;
	if (resfd != 3) {
		dup2(resfd, 3);
		close(resfd);
	}
	w.res = 3;
	closefrom(4);
	setup_signals();
	if (pipe2(w.sig, O_CLOEXEC | O_NONBLOCK) == -1)
		err(EX_SOFTWARE, "worker: pipe");
	if (r->reaper && osdep_reaper() == -1)
		err(EX_SOFTWARE, "worker: cannot become a subreaper");
	if ((w.devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		err(EX_SOFTWARE, "worker: /dev/null");
	/*
	 * Standard output is the scheduler's TAP stream: nothing in the worker
	 * (a libc or an emulator complaining) may write into it.
	 */
	if (dup2(w.devnull, STDOUT_FILENO) == -1)
		err(EX_SOFTWARE, "worker: dup2");
	snprintf(w.dir, sizeof(w.dir), "%s/w%u", r->tmpdir, slot);
	if (open_dir() == -1)
		err(EX_SOFTWARE, "worker: %s", w.dir);
	cap_init(&w.out);
	cap_init(&w.err);
	w.rec = mmap(NULL, sizeof(*w.rec), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (w.rec == MAP_FAILED)
		err(EX_SOFTWARE, "worker: mmap");

	while (!w_stop && !atomic_load(&sh->stop)) {
		if (!next_job(sh, r->njobs, &job))
			break;
		atomic_store(&sh->current[slot], (int)job);
		run_job(job);
		atomic_store(&sh->current[slot], -1);
	}
	flush_results();
	empty_dir(w.dirfd);
	closedir(w.dirp);
	close(w.dirfd);
	rmdir(w.dir);
	fc_exit(w_stop && w_stop != SIGPIPE ? 128 + w_stop : 0);
}
