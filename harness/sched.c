/*
 * sched.c: the scheduler.  It forks the workers, collects their results
 * and prints them as TAP in case order, whatever order they finish in.
 * On SIGINT, SIGTERM or SIGHUP, or when the reader of the TAP goes away,
 * it tells the workers to stop (they kill their running case trees),
 * prints what finished, and returns 128+sig (141 for the reader).  A
 * worker that dies before taking a case is restarted after a growing
 * pause, a few times at most; then the run ends with what could run.
 * It signals nothing but its own workers.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>

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

#define FLUSH_NS	20000000	/* TAP reaches its file within this */
#define WIRE_MAX	(16 * 1024 * 1024)
#define BACKOFF_NS	20000000	/* first pause before a restart... */
#define RESPAWN_MAX	6		/* ...doubled each time, this often */
#define PEND_MIN	64		/* results held out of order, at first */
#define PROBLEMS_MAX	40		/* lines of the end-of-run list */
#define STOP_MAXFAIL	(-1)		/* shared->stop: --max-fail reached */
#define ORPHAN_NS	2000000000	/* last wait for leftovers */

struct slot {
	pid_t		pid;		/* -1 once reaped */
	int		fd;		/* read end of its result pipe, -1 at EOF */
	struct buf	in;		/* bytes read but not yet parsed */
	int		sent;		/* this worker sent a result */
	unsigned int	fails;		/* deaths in a row before a case */
	int64_t		respawn_at;	/* when to start it again; 0: not */
};

static volatile sig_atomic_t	r_sig;
static int			r_wake[2] = { -1, -1 };
static char			empty_str[1];

static struct {
	struct runner	 *r;
	FILE		 *tap;
	int		  outfd;	/* the TAP stream's fd, watched */
	FILE		 *tee;		/* results.tap in the report directory */
	struct result	**pend;		/* ring: jobs from printed on */
	size_t		  pendcap;
	struct result	**keep;		/* printed results, for the reports */
	size_t		  nkeep, capkeep;
	size_t		  printed;	/* jobs [0, printed) are printed */
	size_t		  done;
	struct tap_counts counts;
	struct slot	  slots[JOBS_MAX];
	unsigned int	  nslots;
	int		  progress;	/* stderr is a terminal */
	int		  stopping;	/* the workers were told to stop */
	int		  failed_io;	/* writing the TAP failed */
	int		  dirty;	/* TAP written but not flushed */
	int64_t		  flushed;	/* when it last was */
	int64_t		  start;
	int		  tmpfd;	/* the run's directory, locked */
	char		  why[160];	/* why workers were given up */
	struct buf	  problems;	/* the end-of-run list, so far */
	size_t		  nproblems;	/* lines it would have */
	unsigned int	  nfailed;	/* results counting to --max-fail */
	int		  maxed;	/* --max-fail reached: no more jobs */
} s;

static void
on_signal(int sig)
{
	int	saved = errno;

	if (sig != SIGCHLD && r_sig == 0)
		r_sig = sig;
	(void)write(r_wake[1], "", 1);
	errno = saved;
}

static void
setup_signals(void)
{
	static const int	 stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction	 sa, old;
	size_t			 i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	/* As a background job or under nohup, an ignored signal stays so. */
	for (i = 0; i < sizeof(stops) / sizeof(stops[0]); i++)
		if (sigaction(stops[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(stops[i], &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	sigaction(SIGPIPE, &sa, NULL);
}

/* In a new worker: none of the scheduler's handlers, then mask. */
static void
child_signals(const sigset_t *mask)
{
	static const int	 mine[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD };
	struct sigaction	 sa, old;
	size_t			 i;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = SIG_DFL;
	for (i = 0; i < sizeof(mine) / sizeof(mine[0]); i++)
		if (sigaction(mine[i], NULL, &old) == 0 &&
		    old.sa_handler == on_signal)
			sigaction(mine[i], &sa, NULL);
	sigprocmask(SIG_SETMASK, mask, NULL);
}

static void
progress_clear(void)
{
	if (s.progress)
		fputs("\r\033[K", stderr);
}

static void
progress_show(const struct fc_case *c)
{
	if (s.progress)
		fprintf(stderr, "\r[%zu/%zu] %s\033[K", s.done, s.r->njobs,
		    c->id);
}

static void
write_failed(void)
{
	if (errno == EPIPE) {
		if (r_sig == 0)
			r_sig = SIGPIPE;
	} else
		s.failed_io = 1;
}

/*
 * TAP goes out in batches: at most FLUSH_NS late, so that a run of fast
 * cases costs no write per case.  A reader that went away stops the run
 * like a signal.
 */
static void
flush_tap(void)
{
	if (s.dirty && fflush(s.tap) != 0)
		write_failed();
	s.dirty = 0;
	s.flushed = clock_ns();
}

static void
emit(const struct buf *b)
{
	if (fwrite(b->data, 1, b->len, s.tap) != b->len)
		write_failed();
	if (s.tee != NULL && fwrite(b->data, 1, b->len, s.tee) != b->len)
		s.failed_io = 1;
	s.dirty = 1;
}

static void
free_str(char *str)
{
	if (str != empty_str)
		free(str);
}

static void
free_result(struct result *res)
{
	free_str(res->msg);
	free_str(res->at);
	free_str(res->notes);
	free_str(res->out);
	free_str(res->err);
	free(res);
}

/*
 * Results wait in a ring, indexed by job, until every job before them is
 * printed; it grows only as far as results arrive ahead of the oldest
 * one still running.  Printed results are freed at once unless reports
 * are written: so --repeat without --report-dir runs in bounded memory.
 */
static struct result **
pend_at(size_t job)
{
	return &s.pend[job % s.pendcap];
}

static void
pend_grow(size_t job)
{
	struct result	**old = s.pend;
	size_t		  oldcap = s.pendcap, j;

	while (job - s.printed >= s.pendcap)
		s.pendcap *= 2;
	if ((s.pend = calloc(s.pendcap, sizeof(*s.pend))) == NULL)
		err(1, "calloc");
	for (j = s.printed; j < s.printed + oldcap; j++)
		*pend_at(j) = old[j % oldcap];
	free(old);
}

/* Whether job has a result, printed or waiting. */
static int
has_result(size_t job)
{
	return job < s.printed ||
	    (job - s.printed < s.pendcap && *pend_at(job) != NULL);
}

static void
keep_result(struct result *res)
{
	if (s.r->opt->report_dir == NULL) {
		free_result(res);
		return;
	}
	if (s.nkeep == s.capkeep) {
		s.capkeep = s.capkeep ? s.capkeep * 2 : 256;
		s.keep = reallocarray(s.keep, s.capkeep, sizeof(*s.keep));
		if (s.keep == NULL)
			err(1, "reallocarray");
	}
	s.keep[s.nkeep++] = res;
}

/* Prints every result that is next in line. */
static void
print_ready(void)
{
	struct buf	 b = { NULL, 0, 0 }, line = { NULL, 0, 0 };
	struct result	*res;

	while (s.printed < s.r->njobs && (res = *pend_at(s.printed)) != NULL) {
		*pend_at(s.printed) = NULL;
		buf_reset(&b);
		tap_format(&b, (unsigned int)s.printed + 1, res,
		    s.r->opt->verbose);
		tap_count(&s.counts, res);
		buf_reset(&line);
		if (tap_problem(&line, res, s.r->opt->repeat > 1 ?
		    (unsigned int)(s.printed % s.r->opt->repeat) + 1 : 0) &&
		    s.nproblems++ < PROBLEMS_MAX)
			buf_add(&s.problems, line.data, line.len);
		if (s.progress && isatty(s.outfd)) {
			progress_clear();
			emit(&b);
			flush_tap();
		} else
			emit(&b);
		s.printed++;
		keep_result(res);
	}
	buf_free(&b);
	buf_free(&line);
}

/*
 * Whether a result counts towards --max-fail: what makes the run fail,
 * but for an interruption.
 */
static int
counts_as_failure(const struct result *res)
{
	struct tap_counts	t;

	memset(&t, 0, sizeof(t));
	tap_count(&t, res);
	return t.fail > 0 || t.xpass > 0 || t.broken > t.interrupted;
}

/*
 * --max-fail: after so many failures, hand out no more jobs.  The
 * workers finish the cases they run (nothing is killed) and leave.
 */
static void
count_failure(const struct result *res)
{
	unsigned int	max = s.r->opt->max_fail;

	if (max == 0 || s.maxed || !counts_as_failure(res))
		return;
	if (++s.nfailed < max)
		return;
	s.maxed = 1;
	if (!s.stopping)
		atomic_store(&s.r->sh->stop, STOP_MAXFAIL);
}

static void
store(unsigned int job, struct result *res)
{
	const struct expectation	*e;

	if (job >= s.r->njobs || has_result(job)) {
		free_result(res);
		return;
	}
	if (job - s.printed >= s.pendcap)
		pend_grow(job);
	res->c = s.r->cases[job / s.r->opt->repeat];
	if (res->verdict == FC_PASS || res->verdict == FC_FAIL)
		if ((e = expect_find(&s.r->expect, res->c->id)) != NULL)
			res->expected = e->reason;
	count_failure(res);
	*pend_at(job) = res;
	s.done++;
	print_ready();
	progress_show(s.r->cases[job / s.r->opt->repeat]);
}

static char *
copy_string(const char *p, uint32_t len)
{
	char	*str;

	if (len == 0)
		return empty_str;
	if ((str = malloc((size_t)len + 1)) == NULL)
		err(1, "malloc");
	memcpy(str, p, len);
	str[len] = '\0';
	return str;
}

/* Parses the complete results at the start of in; returns bytes used. */
static size_t
parse_results(const char *in, size_t len)
{
	struct wire	 hdr;
	struct result	*res;
	char		**field[5];
	size_t		 used = 0, need;
	const char	*p;
	int		 i;

	while (len - used >= sizeof(hdr)) {
		memcpy(&hdr, in + used, sizeof(hdr));
		need = sizeof(hdr);
		for (i = 0; i < 5; i++) {
			if (hdr.len[i] > WIRE_MAX)
				errx(1, "runner: a worker sent garbage");
			need += hdr.len[i];
		}
		if (len - used < need)
			break;
		if ((res = calloc(1, sizeof(*res))) == NULL)
			err(1, "calloc");
		res->verdict = hdr.verdict;
		res->status = hdr.status;
		res->flags = hdr.flags;
		res->duration_ns = hdr.duration_ns;
		field[0] = &res->msg;
		field[1] = &res->at;
		field[2] = &res->notes;
		field[3] = &res->out;
		field[4] = &res->err;
		p = in + used + sizeof(hdr);
		for (i = 0; i < 5; i++) {
			*field[i] = copy_string(p, hdr.len[i]);
			p += hdr.len[i];
		}
		res->outlen = hdr.len[3];
		res->errlen = hdr.len[4];
		used += need;
		store(hdr.job, res);
	}
	return used;
}

/* Reads what a worker sent and files its results; -1 at end of file. */
static int
read_results(struct slot *sl)
{
	char	chunk[65536];
	ssize_t	n;
	size_t	used;

	n = read(sl->fd, chunk, sizeof(chunk));
	if (n == -1 && errno == EINTR)
		return 0;
	if (n <= 0)
		return -1;
	buf_add(&sl->in, chunk, (size_t)n);
	used = parse_results(sl->in.data, sl->in.len);
	memmove(sl->in.data, sl->in.data + used, sl->in.len - used);
	sl->in.len -= used;
	if (used > 0)
		sl->sent = 1;
	return 0;
}

/* A job whose worker died before reporting it. */
static void
lost_job(int job, int status)
{
	struct result	*res;
	char		 st[64];
	struct buf	 b = { NULL, 0, 0 };

	if (job < 0 || (size_t)job >= s.r->njobs || has_result((size_t)job))
		return;
	if ((res = calloc(1, sizeof(*res))) == NULL)
		err(1, "calloc");
	if (s.stopping) {
		buf_printf(&b, "interrupted by %s (its worker ended: %s)",
		    sig_name(r_sig), fc_status(status, st, sizeof(st)));
		res->flags = RES_INTERRUPTED;
	} else
		buf_printf(&b, "runner: the worker running this case ended "
		    "(%s)", fc_status(status, st, sizeof(st)));
	res->verdict = FC_BROKEN;
	res->status = -1;
	res->msg = buf_steal(&b);
	res->at = res->notes = res->out = res->err = empty_str;
	store((unsigned int)job, res);
}

/*
 * Forks worker i with every signal blocked, so that no handler of the
 * scheduler runs in it: the child puts the dispositions back first.
 */
static int
spawn_worker(unsigned int i)
{
	sigset_t	all, old;
	int		fds[2], saved;
	pid_t		pid;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	atomic_store(&s.r->sh->current[i], -1);
	fflush(NULL);
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	if ((pid = runner_fork()) == 0) {
		child_signals(&old);
		worker_main(s.r, i, fds[1]);
	}
	saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	if (pid == -1) {
		close(fds[0]);
		errno = saved;
		return -1;
	}
	s.slots[i].pid = pid;
	s.slots[i].fd = fds[0];
	s.slots[i].sent = 0;
	return 0;
}

/*
 * Worker i died before taking a case, or could not be started: try again
 * after BACKOFF_NS, doubled each time; after RESPAWN_MAX tries in a row,
 * give the slot up.  No fork storm, and a run where no worker can start
 * ends within a couple of seconds.
 */
static void
worker_failed(unsigned int i, const char *why)
{
	struct slot	*sl = &s.slots[i];

	if (sl->fails++ >= RESPAWN_MAX) {
		snprintf(s.why, sizeof(s.why), "workers %s, %u times in a row",
		    why, sl->fails);
		sl->respawn_at = 0;
		return;
	}
	sl->respawn_at = clock_ns() + ((int64_t)BACKOFF_NS << (sl->fails - 1));
}

static void
start_worker(unsigned int i)
{
	char	why[96];

	if (spawn_worker(i) == 0)
		return;
	snprintf(why, sizeof(why), "could not be started (%s)",
	    strerror(errno));
	worker_failed(i, why);
}

/*
 * After a worker died: every job handed out that has no result and that
 * no live worker is running lost its result with the dead worker (which
 * sends results in batches), so it runs again.  Another live worker may
 * still hold one in its batch; the first result to arrive counts.
 */
static void
redo_lost(void)
{
	struct shared	*sh = s.r->sh;
	unsigned int	 j, k, n, handed;
	int		 running;

	handed = atomic_load(&sh->next);
	if (handed > s.r->njobs)
		handed = (unsigned int)s.r->njobs;
	n = atomic_load(&sh->redo_n);
	for (j = (unsigned int)s.printed; j < handed && n < REDO_MAX; j++) {
		if (has_result(j))
			continue;
		running = 0;
		for (k = 0; k < s.nslots; k++)
			if (s.slots[k].pid != -1 &&
			    atomic_load(&sh->current[k]) == (int)j)
				running = 1;
		for (k = atomic_load(&sh->redo_next); k < n && !running; k++)
			if (sh->redo[k] == j)
				running = 1;
		if (!running)
			sh->redo[n++] = j;
	}
	atomic_store(&sh->redo_n, n);
}

static int
jobs_left(void)
{
	struct shared	*sh = s.r->sh;

	return atomic_load(&sh->next) < s.r->njobs ||
	    atomic_load(&sh->redo_next) < atomic_load(&sh->redo_n);
}

/* A worker's pipe reached end of file: reap it, account for its job. */
static void
worker_gone(unsigned int i)
{
	struct slot	*sl = &s.slots[i];
	char		 st[64], why[96];
	int		 status = 0, job;

	close(sl->fd);
	sl->fd = -1;
	buf_reset(&sl->in);
	if (fc_waitpid(sl->pid, &status, 0) == -1)
		status = 0;
	sl->pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	job = atomic_load(&s.r->sh->current[i]);
	lost_job(job, status);
	atomic_store(&s.r->sh->current[i], -1);
	if (r_sig || atomic_load(&s.r->sh->stop))
		return;
	redo_lost();
	if (!jobs_left())
		return;
	if (job != -1 || sl->sent) {
		sl->fails = 0;
		start_worker(i);
		return;
	}
	snprintf(why, sizeof(why), "died before taking a case (%s)",
	    fc_status(status, st, sizeof(st)));
	worker_failed(i, why);
}

/* Starts the workers whose pause is over; the next pause's end, or 0. */
static int64_t
respawn_due(int64_t now)
{
	int64_t		next = 0;
	unsigned int	i;

	for (i = 0; i < s.nslots; i++) {
		if (s.slots[i].respawn_at == 0)
			continue;
		if (s.stopping || s.maxed || !jobs_left())
			s.slots[i].respawn_at = 0;
		else if (now >= s.slots[i].respawn_at) {
			s.slots[i].respawn_at = 0;
			start_worker(i);
		}
		if (s.slots[i].respawn_at != 0 &&
		    (next == 0 || s.slots[i].respawn_at < next))
			next = s.slots[i].respawn_at;
	}
	return next;
}

/*
 * Kills and reaps whatever a dead worker's cases left to us, for
 * ORPHAN_NS at most (longer with the multiplier): a process that cannot
 * be reaped (a zombie whose tracer does not wait for it) is named in one
 * line, not waited for.
 */
static void
sweep_orphans(void)
{
	struct buf	b = { NULL, 0, 0 };
	struct pollfd	p;
	double		m = s.r->opt->multiplier;
	int64_t		guard;
	pid_t		pid, left[64];
	char		junk[64];
	int		status, n;

	if (!s.r->reaper)
		return;
	guard = clock_ns() + (int64_t)(ORPHAN_NS * (m > 1 ? m : 1));
	for (;;) {
		if ((pid = fc_waitpid(-1, &status, WNOHANG)) > 0)
			continue;
		if (pid == -1)
			return;
		if (clock_ns() >= guard)
			break;
		osdep_kill_children(SIGKILL);
		p.fd = r_wake[0];
		p.events = POLLIN;
		if (poll(&p, 1, slice_ms(guard, clock_ns(), 50)) > 0)
			while (read(r_wake[0], junk, sizeof(junk)) > 0)
				continue;
	}
	n = osdep_children(left, (int)(sizeof(left) / sizeof(left[0])));
	if (n > 0)
		name_pids(&b, left, n);
	warnx("processes the cases left could not be reaped after SIGKILL: "
	    "%s", b.data != NULL ? b.data : "this platform cannot name them");
	buf_free(&b);
}

/* "# emulator: NAME (detected: HOW)", or none and what was checked. */
static void
emu_line(struct buf *b)
{
	const char	*emu = s.r->plat.emulator, *how = emulator_how();

	if (strcmp(how, "FORKCHECK_EMULATOR") == 0)
		buf_printf(b, "# emulator: %s (from FORKCHECK_EMULATOR)\n",
		    emu != NULL ? emu : "none");
	else if (emu != NULL)
		buf_printf(b, "# emulator: %s (detected: %s)\n", emu, how);
	else
		buf_printf(b, "# emulator: none (checked: %s)\n", how);
}

static void
header(void)
{
	struct buf	b = { NULL, 0, 0 };
	char		secs[32];

	buf_printf(&b, "TAP version 13\n1..%zu\n", s.r->njobs);
	buf_printf(&b, "# %s %s: ", PACKAGE_NAME, PACKAGE_VERSION);
	platform_line(&b, &s.r->plat);
	fmt_seconds(secs, sizeof(secs),
	    (int64_t)(s.r->opt->multiplier * 1e9));
	buf_printf(&b, "\n# containment: %s; jobs: %u; uid: %ld\n",
	    s.r->plat.containment, s.nslots, s.r->plat.uid);
	buf_printf(&b, "# timeout multiplier: %s%s%s%s\n", secs,
	    s.r->opt->chosen[0] ? " (" : "", s.r->opt->chosen,
	    s.r->opt->chosen[0] ? ")" : "");
	emu_line(&b);
	if (fc_threads_posix() == 0)
		buf_printf(&b, "# threads: separate processes (LinuxThreads "
		    "model: a thread's getpid() is not its process's); cases "
		    "that need POSIX threads skip\n");
	if (s.r->opt->expect_used[0] != '\0')
		buf_printf(&b, "# expectations: %s\n", s.r->opt->expect_used);
	emit(&b);
	buf_free(&b);
}

static struct rfile	tee_file;	/* results.tap, beside its final name */

/*
 * Opens results.tap in the report directory, as a temporary file renamed
 * into place at the end (report_commit()): 0, or errno.
 */
static int
open_tee(void)
{
	if (report_open_tmp(&tee_file, s.r->opt->report_dir,
	    "results.tap") == -1)
		return errno;
	s.tee = tee_file.f;
	return 0;
}

static void
write_reports(int interrupted, int64_t wall)
{
	struct report	rp;

	if (s.tee != NULL && report_commit(&tee_file) == -1) {
		warn("writing %s", tee_file.path);
		s.failed_io = 1;
	}
	s.tee = NULL;
	memset(&rp, 0, sizeof(rp));
	rp.plat = &s.r->plat;
	rp.res = s.keep;
	rp.n = s.nkeep;
	rp.repeat = s.r->opt->repeat;
	rp.jobs = s.nslots;
	rp.multiplier = s.r->opt->multiplier;
	rp.wall_ns = wall;
	rp.interrupted = interrupted;
	rp.counts = s.counts;
	if (report_write(s.r->opt->report_dir, &rp) == -1) {
		warn("writing the reports in %s", s.r->opt->report_dir);
		s.failed_io = 1;
	}
}

/*
 * A run that cannot start still prints a TAP stream a consumer can read:
 * the plan (already out), "Bail out!" with the reason, and the summary.
 */
static int
bail(int rc, const char *what, int e)
{
	struct buf	b = { NULL, 0, 0 };

	buf_printf(&b, "Bail out! %s: %s\n", what, strerror(e));
	tap_summary(&b, &s.counts);
	emit(&b);
	flush_tap();
	buf_free(&b);
	warnx("%s: %s", what, strerror(e));
	if (s.tee != NULL)
		report_abort(&tee_file);
	s.tee = NULL;
	return rc;
}

/* Everything up to the first workers; 0, or the exit status. */
static int
run_start(struct runner *r, FILE *tap)
{
	const char	*base = tmp_base();
	char		 what[1200];
	unsigned int	 i;
	int		 tee_err;

	s.r = r;
	s.tap = tap;
	s.outfd = fileno(tap);
	s.tmpfd = -1;
	s.progress = isatty(STDERR_FILENO);
	s.start = clock_ns();
	s.pendcap = PEND_MIN;
	if ((s.pend = calloc(s.pendcap, sizeof(*s.pend))) == NULL)
		err(1, "calloc");
	setup_signals();
	r->reaper = osdep_reaper() == 0;
	platform_get(&r->plat, r->reaper);	/* now with containment */
	s.nslots = r->opt->jobs;
	if (s.nslots > r->njobs)
		s.nslots = r->njobs > 0 ? (unsigned int)r->njobs : 1;
	tee_err = r->opt->report_dir != NULL ? open_tee() : 0;
	header();
	flush_tap();
	if (tee_err != 0) {
		snprintf(what, sizeof(what), "cannot write %s/results.tap",
		    r->opt->report_dir);
		return bail(2, what, tee_err);
	}
	if (pipe2(r_wake, O_CLOEXEC | O_NONBLOCK) == -1)
		return bail(1, "runner: pipe", errno);
	r->sh = mmap(NULL, sizeof(*r->sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (r->sh == MAP_FAILED)
		return bail(1, "runner: mmap", errno);
	rundir_sweep(base);
	if (rundir_make(base, r->tmpdir, sizeof(r->tmpdir), &s.tmpfd) == -1) {
		snprintf(what, sizeof(what), "cannot make a directory in %s "
		    "(TMPDIR)", base);
		return bail(1, what, errno);
	}
	for (i = 0; i < s.nslots; i++) {
		s.slots[i].pid = -1;
		s.slots[i].fd = -1;
		if (r->njobs > 0)
			start_worker(i);
	}
	return 0;
}

static void
stop_workers(void)
{
	unsigned int	i;

	s.stopping = 1;
	atomic_store(&s.r->sh->stop, r_sig);
	for (i = 0; i < s.nslots; i++)
		if (s.slots[i].pid != -1)
			kill(s.slots[i].pid, SIGTERM);
}

/*
 * Polls the workers' result pipes, the wake-up pipe of the signal
 * handler and the TAP stream itself: POLLERR or POLLHUP there means the
 * reader went away, which stops the run at once, not at the next write.
 */
static void
run_loop(void)
{
	struct pollfd	 pfd[JOBS_MAX + 2];
	unsigned int	 i, n, live;
	int64_t		 now, next;
	int		 ms;

	for (;;) {
		if (r_sig && !s.stopping)
			stop_workers();
		now = clock_ns();
		next = respawn_due(now);
		for (i = live = 0; i < s.nslots; i++) {
			pfd[i].fd = s.slots[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
			live += s.slots[i].fd != -1;
		}
		if (live == 0 && next == 0)
			break;
		pfd[s.nslots].fd = r_wake[0];
		pfd[s.nslots].events = POLLIN;
		pfd[s.nslots + 1].fd = s.stopping ? -1 : s.outfd;
		pfd[s.nslots + 1].events = 0;
		pfd[s.nslots + 1].revents = 0;
		if (s.dirty && now - s.flushed >= FLUSH_NS)
			flush_tap();
		ms = s.dirty ? slice_ms(s.flushed + FLUSH_NS, now, 20) : -1;
		if (next != 0 && (ms == -1 || slice_ms(next, now, 1000) < ms))
			ms = slice_ms(next, now, 1000);
		if (poll(pfd, s.nslots + 2, ms) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		if (pfd[s.nslots].revents & POLLIN)
			while (read(r_wake[0], &n, sizeof(n)) > 0)
				continue;
		if ((pfd[s.nslots + 1].revents & (POLLERR | POLLHUP)) &&
		    r_sig == 0)
			r_sig = SIGPIPE;
		for (i = 0; i < s.nslots; i++) {
			if (pfd[i].fd == -1 ||
			    (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
				continue;
			if (read_results(&s.slots[i]) == -1)
				worker_gone(i);
		}
	}
}

/*
 * After --max-fail: the jobs never handed out are skips, "not run", so
 * that the stream has as many test points as its plan says.
 */
static void
not_run(void)
{
	struct result	*res;
	size_t		 j;

	for (j = s.printed; j < s.r->njobs; j++) {
		if (has_result(j))
			continue;
		if ((res = calloc(1, sizeof(*res))) == NULL)
			err(1, "calloc");
		res->verdict = FC_SKIP;
		res->status = -1;
		res->flags = RES_NOTRUN;
		if ((res->msg = strdup("not run: --max-fail reached")) == NULL)
			err(1, "strdup");
		res->at = res->notes = res->out = res->err = empty_str;
		store((unsigned int)j, res);
	}
}

/* Whether to colour what goes to fd: a terminal, and NO_COLOR unset. */
static int
colour_ok(int fd)
{
	const char	*nc = getenv("NO_COLOR");

	return isatty(fd) && (nc == NULL || nc[0] == '\0');
}

/* The end of the run, line by line, coloured by what each line says. */
static void
put_coloured(FILE *f, const struct buf *b)
{
	const char	*p = b->data, *nl, *col;
	size_t		 len;

	while (p < b->data + b->len) {
		nl = memchr(p, '\n', (size_t)(b->data + b->len - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(b->data +
		    b->len - p);
		if (strncmp(p, "# failed:", 9) == 0 ||
		    strncmp(p, "# broken:", 9) == 0 ||
		    strncmp(p, "Bail out!", 9) == 0)
			col = "\033[1;31m";
		else if (strncmp(p, "# stale expectation:", 20) == 0)
			col = "\033[31m";
		else if (strncmp(p, "# interrupted:", 14) == 0 ||
		    strncmp(p, "# stopped:", 10) == 0)
			col = "\033[33m";
		else if (strncmp(p, "# ", 2) == 0 && len > 2 &&
		    p[2] >= '0' && p[2] <= '9')
			col = s.counts.fail || s.counts.broken ||
			    s.counts.xpass ? "\033[1;31m" : "\033[1;32m";
		else
			col = NULL;
		fprintf(f, "%s%.*s%s\n", col ? col : "", (int)len, p,
		    col ? "\033[0m" : "");
		p += len + 1;
	}
}

/* Whether the TAP stream and stderr are one file (or one terminal). */
static int
tap_is_stderr(void)
{
	struct stat	a, b;

	return fstat(s.outfd, &a) == 0 && fstat(STDERR_FILENO, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * The end of the run: the summary and the list of what went wrong, in
 * the TAP (coloured on a terminal only, never in results.tap) and on
 * stderr when the TAP goes elsewhere (-o FILE), or when the run was
 * interrupted (but by its reader going away) and the TAP went to a file
 * or pipe: the terminal says what happened, and the ids do not scroll
 * away.
 */
static void
emit_end(const struct buf *b)
{
	if (colour_ok(s.outfd)) {
		flush_tap();
		put_coloured(s.tap, b);
		if (s.tee != NULL &&
		    fwrite(b->data, 1, b->len, s.tee) != b->len)
			s.failed_io = 1;
		s.dirty = 1;
	} else
		emit(b);
	flush_tap();
	if ((s.tap == stdout && !(s.stopping && r_sig != SIGPIPE &&
	    !isatty(s.outfd))) || tap_is_stderr())
		return;
	if (colour_ok(STDERR_FILENO))
		put_coloured(stderr, b);
	else
		fwrite(b->data, 1, b->len, stderr);
	fflush(stderr);
}

/* The summary, the cleanup and the reports; returns the exit status. */
static int
run_finish(void)
{
	struct runner	*r = s.r;
	struct buf	 b = { NULL, 0, 0 };
	size_t		 i;

	sweep_orphans();
	print_ready();
	if (s.maxed && !s.stopping)
		not_run();
	if (s.progress)
		progress_clear();
	if (s.stopping)
		buf_printf(&b, "Bail out! interrupted by %s after %zu of %zu "
		    "cases\n", sig_name(r_sig), s.printed, r->njobs);
	else if (s.printed < r->njobs)
		buf_printf(&b, "Bail out! only %zu of %zu cases could run%s%s\n",
		    s.printed, r->njobs, s.why[0] ? ": " : "", s.why);
	else if (s.maxed)
		buf_printf(&b, "# stopped: --max-fail %u reached, %u case%s "
		    "not run\n", r->opt->max_fail, s.counts.notrun,
		    s.counts.notrun == 1 ? "" : "s");
	tap_summary(&b, &s.counts);
	buf_add(&b, s.problems.data, s.problems.len);
	if (s.nproblems > PROBLEMS_MAX)
		buf_printf(&b, "# ... and %zu more (see the test lines above)\n",
		    s.nproblems - PROBLEMS_MAX);
	emit_end(&b);
	buf_free(&b);
	buf_free(&s.problems);
	for (i = 0; i < s.nslots; i++)
		buf_free(&s.slots[i].in);
	close(r_wake[0]);
	close(r_wake[1]);
	r_wake[0] = r_wake[1] = -1;
	if (rundir_remove(r->tmpdir, s.tmpfd) == -1)
		warn("cannot remove %s", r->tmpdir);
	if (r->opt->report_dir != NULL)
		write_reports(s.stopping, clock_ns() - s.start);
	for (i = 0; i < s.pendcap; i++)
		if (s.pend[i] != NULL)
			free_result(s.pend[i]);
	for (i = 0; i < s.nkeep; i++)
		free_result(s.keep[i]);
	free(s.pend);
	free(s.keep);
	if (s.failed_io)
		warnx("writing the TAP failed");
	if (s.stopping)
		return 128 + r_sig;
	if (s.failed_io || s.printed < r->njobs ||
	    s.counts.fail > 0 || s.counts.broken > 0 || s.counts.xpass > 0)
		return 1;
	return 0;
}

/* Runs every job; returns forkcheck's exit status. */
int
run_suite(struct runner *r, FILE *tap)
{
	int	rc;

	if ((rc = run_start(r, tap)) != 0)
		return rc;
	run_loop();
	return run_finish();
}
