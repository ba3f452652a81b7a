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
#define DRAIN_NS	250000000	/* pipes held open after a partial sweep */
#define SLICE_MS	50		/* longest single poll() */
#define LEFT_MAX	16		/* pids named in a verdict */
#define FLUSH_MS	10		/* results wait at most this long... */
#define FLUSH_NS	10000000	/* ...before going to the scheduler */

enum phase {
	RUNNING,		/* before the deadline */
	TERMINATING,		/* SIGTERM sent, grace period running */
	KILLING			/* SIGKILL sent */
};

struct run {
	pid_t		pid;
	int		reaped;		/* the case child is reaped */
	int		status;
	int		flags;		/* RES_* */
	int		stopsig;	/* why the run was interrupted */
	int64_t		start;
	int64_t		end;
	pid_t		left[LEFT_MAX];
	size_t		nleft;
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
		err(70, "worker: sigaltstack");
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
	/* The worker calls it too: whichever runs first wins the race. */
	(void)setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < w.nreset; i++)
		sigaction(w.reset[i], &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	ss.ss_sp = NULL;
	ss.ss_size = 0;
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
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

	v = c->argv != NULL ? external_exec(c) : c->run();
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
	if (waitid(P_PID, run->pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0)
		return si.si_pid == run->pid;
	if (errno == EINTR)
		return 0;
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
	int64_t		guard;
	pid_t		pid;
	int		status;

	if (!run->reaped) {
		kill(-run->pid, SIGKILL);
		fc_waitpid(run->pid, &run->status, 0);
		run->reaped = 1;
	}
	guard = clock_ns() + SWEEP_NS;
	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0) {
			if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
				if (run->nleft < LEFT_MAX)
					run->left[run->nleft] = pid;
				run->nleft++;
			}
			continue;
		}
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid == -1)
			return;		/* ECHILD: nothing left */
		if (clock_ns() >= guard) {
			run->flags |= RES_ESCAPED;
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
	int64_t	guard = clock_ns() + DRAIN_NS;

	while (pfd[0].fd >= 0 || pfd[1].fd >= 0) {
		if (clock_ns() >= guard) {
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
 * The verdict: what the case recorded and how its child ended, overruled
 * by the guard (timeout, interruption) and by containment (processes
 * left behind, descendants out of reach).
 */
enum fc_verdict
judge(int status, int flags, int stopsig, const struct fc_record *rec,
    const char *limit, const pid_t *left, size_t nleft, struct buf *msg,
    struct buf *at)
{
	enum fc_verdict	v;
	char		st[64];
	struct buf	said = { NULL, 0, 0 };
	size_t		i;

	buf_reset(msg);
	buf_reset(at);
	if (rec->file[0] != '\0')
		buf_printf(at, "%s:%d", rec->file, rec->line);
	if (flags & RES_INTERRUPTED) {
		buf_printf(msg, "interrupted by %s", sig_name(stopsig));
		return FC_BROKEN;
	}
	if (flags & RES_TIMEOUT) {
		buf_printf(msg, "timeout after %s s", limit);
		if (flags & RES_KILLED)
			buf_adds(msg, " (SIGTERM ignored, killed with SIGKILL)");
		return FC_BROKEN;
	}
	if (WIFSIGNALED(status)) {
		v = FC_BROKEN;
		buf_printf(msg, "%s", fc_status(status, st, sizeof(st)));
		if (rec->msg[0] != '\0')
			buf_printf(msg, "; last message: %s", rec->msg);
	} else if (!WIFEXITED(status)) {
		v = FC_BROKEN;
		buf_printf(msg, "%s", fc_status(status, st, sizeof(st)));
	} else if (rec->runaway) {
		v = FC_BROKEN;
		buf_adds(msg, "a process forked by the case returned from "
		    "run() instead of calling fc_exit()");
	} else if (rec->verdict == -1) {
		v = verdict_of_exit(WEXITSTATUS(status));
		if (v != FC_PASS)
			buf_printf(msg, "exited %d without a verdict",
			    WEXITSTATUS(status));
		buf_reset(at);
	} else if (rec->verdict != WEXITSTATUS(status)) {
		v = FC_BROKEN;
		buf_printf(msg, "recorded %s but exited %d",
		    verdict_name(rec->verdict), WEXITSTATUS(status));
	} else {
		v = rec->verdict;
		if (v != FC_PASS)
			buf_adds(msg, rec->msg);
		else
			buf_reset(at);
	}
	if (v == FC_SKIP && msg->len == 0)
		buf_adds(msg, "no reason given");

	if (nleft > 0 || (flags & (RES_ESCAPED | RES_HELD))) {
		if (v != FC_PASS && msg->len > 0)
			buf_printf(&said, "; the case said: %s: %s",
			    verdict_name(v), msg->data);
		buf_reset(msg);
		if (nleft > 0) {
			buf_printf(msg, "left %zu process%s behind (pid%s",
			    nleft, nleft == 1 ? "" : "es", nleft == 1 ? "" : "s");
			for (i = 0; i < nleft && i < LEFT_MAX; i++)
				buf_printf(msg, "%s %ld", i ? "," : "",
				    (long)left[i]);
			buf_adds(msg, nleft > LEFT_MAX ? ", ...)" : ")");
		}
		if (flags & RES_ESCAPED)
			buf_printf(msg, "%sdescendants escaped containment: "
			    "the capture pipes stayed open after the case "
			    "ended", nleft > 0 ? "; " : "");
		else if (flags & RES_HELD)
			buf_adds(msg, "left processes behind: they held the "
			    "capture pipes when the case ended (this platform "
			    "cannot name them)");
		if (said.len > 0)
			buf_add(msg, said.data, said.len);
		buf_free(&said);
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
	return dir_reset(w.dirp);	/* no case starts in a dirty one */
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
			err(70, "worker: %s", w.dir);
		return 0;
	}
	if ((st.st_mode & 07777) != 0700)
		fchmod(w.dirfd, 0700);
	if (dir_reset(w.dirp) == 0)
		return 0;
	e = errno;
	snprintf(aside, sizeof(aside), "%s.dirty.%u", w.dir, ++ndirty);
	closedir(w.dirp);
	close(w.dirfd);
	if (rename(w.dir, aside) == -1 || open_dir() == -1)
		err(70, "worker: %s", w.dir);
	errno = e;
	return -1;
}

/* Runs one job and reports it. */
static void
run_job(unsigned int job)
{
	const struct fc_case	*c = w.r->cases[job / w.r->opt->repeat];
	struct pollfd		 pfd[4];
	struct run		 run;
	enum fc_verdict		 v;
	int64_t			 limit;
	int			 op[2], ep[2], dirty;
	char			 secs[32];

	memset(&run, 0, sizeof(run));
	run.status = -1;
	rec_reset(w.rec);
	cap_reset(&w.out);
	cap_reset(&w.err);
	limit = timeout_ns(c->timeout, w.r->opt->multiplier);
	fmt_seconds(secs, sizeof(secs), limit);

	if (fc_pipe(op) == -1)
		goto setup_failed;
	if (fc_pipe(ep) == -1) {
		close(op[0]);
		close(op[1]);
		goto setup_failed;
	}
	/*
	 * No fflush(NULL) here: the worker never buffers stdio (it writes
	 * with write(2) and err(3)), and the scheduler flushed before forking
	 * it; the flush would only cost copy-on-write faults.
	 */
	run.start = clock_ns();
	if ((run.pid = runner_fork()) == -1) {
		close(op[0]);
		close(op[1]);
		close(ep[0]);
		close(ep[1]);
		goto setup_failed;
	}
	if (run.pid == 0)
		case_child(c, op[1], ep[1]);
	(void)setpgid(run.pid, run.pid);
	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;

	/*
	 * The worker holds the write ends until the case child has exited:
	 * otherwise the child's exit first wakes the worker through the
	 * pipes' end of file and then again with SIGCHLD, and the scheduler
	 * bounces the two between CPUs on every case.
	 */
	supervise(&run, pfd, limit);
	if (!w.r->reaper) {
		close(op[1]);
		close(ep[1]);
		op[1] = ep[1] = -1;
		held(&run, pfd);
	}
	sweep(&run);
	fc_close(&op[1]);
	fc_close(&ep[1]);
	drain(&run, pfd);
	dirty = reset_dir() == -1 ? errno : 0;
	v = judge(run.status, run.flags, run.stopsig, w.rec, secs, run.left,
	    run.nleft, &w.msg, &w.at);
	/* An external case's reason is the last line it printed. */
	if (c->argv != NULL && v != FC_PASS && w.rec->msg[0] == '\0' &&
	    run.nleft == 0 && !(run.flags & (RES_TIMEOUT | RES_INTERRUPTED |
	    RES_ESCAPED | RES_HELD)) && WIFEXITED(run.status)) {
		buf_reset(&w.msg);
		cap_text(&w.out, &w.msg);
		if (w.msg.len == 0)
			cap_text(&w.err, &w.msg);
		buf_reset(&w.at);
		buf_add(&w.at, w.msg.data, w.msg.len);
		buf_reset(&w.msg);
		last_line(&w.msg, w.at.data, w.at.len);
		if (w.msg.len == 0)
			buf_printf(&w.msg, "exited %d", WEXITSTATUS(run.status));
		buf_reset(&w.at);
	}
	/* [qoi] and [probe] rows report what they saw; they never fail. */
	if (v == FC_FAIL && (c->tier == FC_QOI || c->tier == FC_PROBE)) {
		rec_note(w.rec, "observed: %s%s%s", w.msg.data,
		    w.at.len > 0 ? " at " : "", w.at.len > 0 ? w.at.data : "");
		v = FC_PASS;
		buf_reset(&w.msg);
		buf_reset(&w.at);
	}
	if (dirty != 0) {
		buf_reset(&w.msg);
		buf_printf(&w.msg, "runner: the case left a directory that "
		    "cannot be emptied: %s", strerror(dirty));
		v = FC_BROKEN;
	}
	if (run.nleft > 0)
		run.flags |= RES_LEFTOVER;
	send_result(job, v, &run, &w.msg, &w.at);
	return;

setup_failed:
	buf_reset(&w.msg);
	buf_reset(&w.at);
	buf_printf(&w.msg, "runner: cannot start the case: %s",
	    strerror(errno));
	run.start = run.end = clock_ns();
	send_result(job, FC_BROKEN, &run, &w.msg, &w.at);
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
		err(70, "worker: pipe");
	if (r->reaper && osdep_reaper() == -1)
		err(70, "worker: cannot become a subreaper");
	if ((w.devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		err(70, "worker: /dev/null");
	/*
	 * Standard output is the scheduler's TAP stream: nothing in the worker
	 * (a libc or an emulator complaining) may write into it.
	 */
	if (dup2(w.devnull, STDOUT_FILENO) == -1)
		err(70, "worker: dup2");
	snprintf(w.dir, sizeof(w.dir), "%s/w%u", r->tmpdir, slot);
	if (open_dir() == -1)
		err(70, "worker: %s", w.dir);
	cap_init(&w.out);
	cap_init(&w.err);
	w.rec = mmap(NULL, sizeof(*w.rec), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (w.rec == MAP_FAILED)
		err(70, "worker: mmap");

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
