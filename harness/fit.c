/*
 * fit.c: fits a run to the platform before it starts: the timeout
 * multiplier from the platform's measured speed (platform.c), and the
 * number of workers to what RLIMIT_NOFILE and RLIMIT_NPROC allow, so that
 * a run under low limits says so in one line instead of breaking every
 * case one by one.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>

#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

#define FD_SCAN_MAX	4096	/* descriptors counted, at most */

/* A soft limit, or -1 for none. */
static long
soft_limit(int resource)
{
	struct rlimit	rl;

	if (getrlimit(resource, &rl) == -1 || rl.rlim_cur == RLIM_INFINITY ||
	    rl.rlim_cur > (rlim_t)0x7fffffff)
		return -1;
	return (long)rl.rlim_cur;
}

/* The descriptors open below limit (FD_SCAN_MAX at most looked at). */
static long
open_fds(long limit)
{
	long	fd, n = 0, max = limit < 0 || limit > FD_SCAN_MAX ?
		    FD_SCAN_MAX : limit;

	for (fd = 0; fd < max; fd++)
		if (fcntl((int)fd, F_GETFD) != -1)
			n++;
	return n;
}

/*
 * The most workers, up to jobs, that the limits in f support; or 0, and
 * why none can run.  When fewer than jobs, why says which limit allows
 * how many.
 */
unsigned int
fit_jobs(const struct fit *f, unsigned int jobs, char *why, size_t len)
{
	unsigned int	n = jobs;
	long		room, per;

	why[0] = '\0';
	if (f->nofile >= 0) {
		if (f->nofile < WORKER_FDS) {
			snprintf(why, len, "RLIMIT_NOFILE is %ld: a worker "
			    "needs %d descriptors (raise it to at least %d)",
			    f->nofile, WORKER_FDS, WORKER_FDS);
			return 0;
		}
		room = f->nofile - f->open - SCHED_FDS;
		if (room < 1) {
			snprintf(why, len, "RLIMIT_NOFILE is %ld: the runner "
			    "holds %ld descriptors and needs %d more and one "
			    "per worker (raise it to at least %ld)", f->nofile,
			    f->open, SCHED_FDS, f->open + SCHED_FDS + 1);
			return 0;
		}
		if (room < (long)n) {
			n = (unsigned int)room;
			snprintf(why, len, "RLIMIT_NOFILE %ld allows -j%u, not "
			    "-j%u", f->nofile, n, jobs);
		}
	}
	if (f->nproc >= 0) {
		per = (f->per > 0 ? f->per : 1) * WORKER_TASKS;
		room = (f->nproc - f->tasks) / per;
		if (room < 1) {
			snprintf(why, len, "RLIMIT_NPROC is %ld and this "
			    "user runs %ld processes and threads: a worker "
			    "needs %ld more (raise it to at least %ld)",
			    f->nproc, f->tasks, per, f->tasks + per);
			return 0;
		}
		if (room < (long)n) {
			n = (unsigned int)room;
			snprintf(why, len, "RLIMIT_NPROC %ld allows -j%u, not "
			    "-j%u (this user runs %ld processes and threads)",
			    f->nproc, n, jobs, f->tasks);
		}
	}
	return n;
}

/*
 * The limits as they are.  RLIMIT_NPROC counts every process and thread
 * of the real user, and binds no one whose real uid is 0; each of our
 * processes counts as many tasks as the runner has threads now (one,
 * or qemu-user's own threads besides the guest's).
 */
static void
fit_now(struct fit *f)
{
	const char	*how;
	long		 threads;

	memset(f, 0, sizeof(*f));
	f->nofile = soft_limit(RLIMIT_NOFILE);
	f->open = open_fds(f->nofile);
	f->nproc = getuid() == 0 ? -1 : soft_limit(RLIMIT_NPROC);
	f->per = 1;
	if (f->nproc >= 0 && osdep_count_threads(getpid(), &threads,
	    &how) == 0 && threads > 1)
		f->per = threads;
	if (f->nproc >= 0 && (f->tasks = osdep_user_tasks(getuid())) < 0)
		f->tasks = 1;	/* cannot count: at least ourselves */
}

/*
 * Fits the run: the multiplier (unless the user chose one), then -j,
 * lowered to what the limits allow (one line says so), or exit 2 with
 * one line when not even one worker fits.
 */
void
run_fit(struct fc_options *o, struct runner *r)
{
	struct fit	f;
	char		why[256];
	size_t		njobs = r->ncases * o->repeat;
	unsigned int	n, jobs = o->jobs;

	multiplier_choose(o);
	/* The workers that will start: no more than the jobs. */
	if (njobs < jobs)
		jobs = njobs > 0 ? (unsigned int)njobs : 1;
	fit_now(&f);
	if ((n = fit_jobs(&f, jobs, why, sizeof(why))) == 0)
		errx(2, "%s", why);
	if (n < jobs) {
		warnx("%s: running with -j%u", why, n);
		o->jobs = n;
	}
}
