/*
 * sched.c: the scheduler.  It forks the workers, collects their results
 * and prints them as TAP in case order, whatever order they finish in.
 * On SIGINT, SIGTERM or SIGHUP it tells the workers to stop (they kill
 * their running case trees), prints what finished, and returns 128+sig.
 * It signals nothing but its own workers.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
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

struct slot {
	pid_t		pid;	/* -1 once reaped */
	int		fd;	/* read end of its result pipe, -1 at EOF */
	struct buf	in;	/* bytes read but not yet parsed */
};

static volatile sig_atomic_t	r_sig;
static int			r_wake[2] = { -1, -1 };

static struct {
	struct runner	 *r;
	FILE		 *tap;
	FILE		 *tee;		/* results.tap in the report directory */
	struct result	**res;		/* by job; NULL until reported */
	size_t		  printed;	/* jobs [0, printed) are printed */
	size_t		  done;
	struct tap_counts counts;
	struct slot	  slots[JOBS_MAX];
	unsigned int	  nslots;
	int		  progress;	/* stderr is a terminal */
	int		  failed_io;	/* writing the TAP failed */
	int		  dirty;	/* TAP written but not flushed */
	int64_t		  flushed;	/* when it last was */
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
free_result(struct result *res)
{
	free(res->msg);
	free(res->at);
	free(res->notes);
	free(res->out);
	free(res->err);
	free(res);
}

/* Prints every result that is next in line. */
static void
print_ready(void)
{
	struct buf	 b = { NULL, 0, 0 };
	struct result	*res;

	while (s.printed < s.r->njobs && (res = s.res[s.printed]) != NULL) {
		/* Printed results stay until the end, for the reports. */
		buf_reset(&b);
		tap_format(&b, (unsigned int)s.printed + 1, res,
		    s.r->opt->verbose);
		tap_count(&s.counts, res);
		if (s.progress && isatty(fileno(s.tap))) {
			progress_clear();
			emit(&b);
			flush_tap();
		} else
			emit(&b);
		s.printed++;
	}
	buf_free(&b);
}

static void
store(unsigned int job, struct result *res)
{
	const struct expectation	*e;

	if (job >= s.r->njobs || s.res[job] != NULL) {
		free_result(res);
		return;
	}
	res->c = s.r->cases[job / s.r->opt->repeat];
	if (res->verdict == FC_PASS || res->verdict == FC_FAIL)
		if ((e = expect_find(&s.r->expect, res->c->id)) != NULL)
			res->expected = e->reason;
	s.res[job] = res;
	s.done++;
	print_ready();
	progress_show(s.r->cases[job / s.r->opt->repeat]);
}

static char *
copy_string(const char *p, uint32_t len)
{
	char	*str;

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
	return 0;
}

/* A job whose worker died before reporting it. */
static void
lost_job(int job, int status)
{
	struct result	*res;
	char		 st[64];
	struct buf	 b = { NULL, 0, 0 };

	if (job < 0 || (size_t)job >= s.r->njobs || s.res[job] != NULL)
		return;
	if ((res = calloc(1, sizeof(*res))) == NULL)
		err(1, "calloc");
	buf_printf(&b, "runner: the worker running this case ended (%s)",
	    fc_status(status, st, sizeof(st)));
	res->verdict = FC_BROKEN;
	res->status = -1;
	res->msg = buf_steal(&b);
	store((unsigned int)job, res);
}

static int
spawn_worker(unsigned int i)
{
	int	fds[2];
	pid_t	pid;

	if (pipe2(fds, O_CLOEXEC) == -1) {
		warn("pipe");
		return -1;
	}
	atomic_store(&s.r->sh->current[i], -1);
	fflush(NULL);
	if ((pid = runner_fork()) == -1) {
		warn("fork");
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0)
		worker_main(s.r, i, fds[1]);
	close(fds[1]);
	s.slots[i].pid = pid;
	s.slots[i].fd = fds[0];
	return 0;
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
	for (j = 0; j < handed && n < REDO_MAX; j++) {
		if (s.res[j] != NULL)
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
	int	status = 0;

	close(s.slots[i].fd);
	s.slots[i].fd = -1;
	buf_reset(&s.slots[i].in);
	if (fc_waitpid(s.slots[i].pid, &status, 0) == -1)
		status = 0;
	s.slots[i].pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	lost_job(atomic_load(&s.r->sh->current[i]), status);
	atomic_store(&s.r->sh->current[i], -1);
	if (r_sig || atomic_load(&s.r->sh->stop))
		return;
	redo_lost();
	if (jobs_left())
		spawn_worker(i);
}

/* Kills and reaps whatever a dead worker's cases left to us. */
static void
sweep_orphans(void)
{
	pid_t	pid;
	int	status, rounds;

	if (!s.r->reaper)
		return;
	for (rounds = 0; rounds < 1000; rounds++) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0)
			continue;
		if (pid == -1 && errno == EINTR)
			continue;
		if (pid == -1)
			return;
		osdep_kill_children(SIGKILL);
		fc_waitpid(-1, &status, 0);
	}
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
	buf_printf(&b, "\n# containment: %s; jobs: %u; timeout multiplier: "
	    "%s%s%s%s; uid: %ld\n", s.r->plat.containment, s.nslots, secs,
	    s.r->opt->chosen[0] ? " (" : "", s.r->opt->chosen,
	    s.r->opt->chosen[0] ? ")" : "", s.r->plat.uid);
	if (s.r->opt->expect_used[0] != '\0')
		buf_printf(&b, "# expectations: %s\n", s.r->opt->expect_used);
	emit(&b);
	buf_free(&b);
}

static int
make_tmpdir(struct runner *r)
{
	const char	*base = getenv("TMPDIR");

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	snprintf(r->tmpdir, sizeof(r->tmpdir), "%s/forkcheck-XXXXXX", base);
	if (mkdtemp(r->tmpdir) == NULL) {
		warn("mkdtemp %s", r->tmpdir);
		return -1;
	}
	return 0;
}

static void
remove_tmpdir(struct runner *r)
{
	char	*slash = strrchr(r->tmpdir, '/');
	int	 fd;

	if (slash == NULL)
		return;
	*slash = '\0';
	fd = open(r->tmpdir[0] ? r->tmpdir : "/", O_RDONLY | O_DIRECTORY);
	*slash = '/';
	if (fd == -1 || rmtree_at(fd, slash + 1) == -1)
		warn("cannot remove %s", r->tmpdir);
	if (fd != -1)
		close(fd);
}

static struct rfile	tee_file;	/* results.tap, beside its final name */

static int
open_tee(void)
{
	if (report_open_tmp(&tee_file, s.r->opt->report_dir,
	    "results.tap") == -1) {
		warn("%s/results.tap", s.r->opt->report_dir);
		return -1;
	}
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
	rp.res = s.res;
	rp.n = s.printed;
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

/* Runs every job; returns forkcheck's exit status. */
int
run_suite(struct runner *r, FILE *tap)
{
	struct pollfd	 pfd[JOBS_MAX + 1];
	struct buf	 b = { NULL, 0, 0 };
	unsigned int	 i, n, live;
	int		 stopping = 0, ms;
	int64_t		 start;

	s.r = r;
	s.tap = tap;
	s.progress = isatty(STDERR_FILENO);
	start = clock_ns();
	if (r->opt->report_dir != NULL && open_tee() == -1)
		return 2;
	if ((s.res = calloc(r->njobs + 1, sizeof(*s.res))) == NULL)
		err(1, "calloc");
	r->sh = mmap(NULL, sizeof(*r->sh), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (r->sh == MAP_FAILED)
		err(1, "mmap");
	atomic_store(&r->sh->next, 0);
	atomic_store(&r->sh->stop, 0);
	atomic_store(&r->sh->redo_next, 0);
	atomic_store(&r->sh->redo_n, 0);
	if (pipe2(r_wake, O_CLOEXEC | O_NONBLOCK) == -1)
		err(1, "pipe");
	if (make_tmpdir(r) == -1)
		return 1;
	setup_signals();
	r->reaper = osdep_reaper() == 0;
	platform_get(&r->plat, r->reaper);	/* now with containment */
	s.nslots = r->opt->jobs;
	if (s.nslots > r->njobs)
		s.nslots = r->njobs > 0 ? (unsigned int)r->njobs : 1;
	header();
	flush_tap();
	for (i = 0; i < s.nslots; i++) {
		s.slots[i].pid = -1;
		s.slots[i].fd = -1;
		if (r->njobs > 0 && spawn_worker(i) == -1)
			break;
	}

	for (;;) {
		if (r_sig && !stopping) {
			stopping = 1;
			atomic_store(&r->sh->stop, r_sig);
			for (i = 0; i < s.nslots; i++)
				if (s.slots[i].pid != -1)
					kill(s.slots[i].pid, SIGTERM);
		}
		live = 0;
		for (i = 0; i < s.nslots; i++) {
			pfd[i].fd = s.slots[i].fd;
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
			if (s.slots[i].fd != -1)
				live++;
		}
		if (live == 0)
			break;
		pfd[s.nslots].fd = r_wake[0];
		pfd[s.nslots].events = POLLIN;
		if (s.dirty && clock_ns() - s.flushed >= FLUSH_NS)
			flush_tap();
		ms = s.dirty ? slice_ms(s.flushed + FLUSH_NS, clock_ns(), 20) : -1;
		if (poll(pfd, s.nslots + 1, ms) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		if (pfd[s.nslots].revents & POLLIN)
			while (read(r_wake[0], &n, sizeof(n)) > 0)
				continue;
		for (i = 0; i < s.nslots; i++) {
			if (pfd[i].fd == -1 ||
			    (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
				continue;
			if (read_results(&s.slots[i]) == -1)
				worker_gone(i);
		}
	}
	sweep_orphans();
	print_ready();
	if (s.progress)
		progress_clear();

	buf_reset(&b);
	if (stopping)
		buf_printf(&b, "Bail out! interrupted by %s after %zu of %zu "
		    "cases\n", sig_name(r_sig), s.printed, r->njobs);
	else if (s.printed < r->njobs)
		buf_printf(&b, "Bail out! only %zu of %zu cases could run\n",
		    s.printed, r->njobs);
	tap_summary(&b, &s.counts);
	emit(&b);
	flush_tap();
	buf_free(&b);
	for (i = 0; i < s.nslots; i++)
		buf_free(&s.slots[i].in);
	remove_tmpdir(r);
	if (r->opt->report_dir != NULL)
		write_reports(stopping, clock_ns() - start);
	for (i = 0; i < r->njobs; i++)
		if (s.res[i] != NULL)
			free_result(s.res[i]);
	free(s.res);
	if (s.failed_io)
		warnx("writing the TAP failed");
	if (stopping)
		return 128 + r_sig;
	if (s.failed_io || s.printed < r->njobs ||
	    s.counts.fail > 0 || s.counts.broken > 0 || s.counts.xpass > 0)
		return 1;
	return 0;
}
