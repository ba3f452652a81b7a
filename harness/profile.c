/*
 * profile.c: forkcheck --profile, what process creation costs on this
 * platform.  Measures fork, vfork, posix_spawn and fork+exec cycles, the
 * latency of fork against the parent's resident memory (0 MiB to 1 GiB,
 * capped by the memory available), with 4 KiB pages and with transparent
 * huge pages where the system offers them, and the cost of the child's
 * copy-on-write faults.  Writes profile.md and profile.json (and, when
 * gnuplot is installed, profile.svg) into the report directory, within a
 * time budget; whatever it skips, it says why.
 *
 * This is measurement, not a test: nothing here passes or fails.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"

#if defined(HAVE_POSIX_SPAWN) && defined(HAVE_SPAWN_H)
#include <spawn.h>
#define WITH_SPAWN
#endif

extern char	**environ;

#define MIB		(1024 * 1024)
#define ROUNDS		PF_ROUNDS

const char *const pf_kind_names[NKINDS] = { "private 4 KiB", "THP", "shared" };

/* The ways of creating a process, and their iterations per round. */
enum way { W_FORK, W_VFORK, W_SPAWN, W_FORK_EXEC, W_VFORK_EXEC };
static const struct {
	const char	*what;
	enum way	 way;
	int		 iters;
} ways[PF_NWAYS] = {
	{ "fork + _exit + waitpid", W_FORK, 2000 },
	{ "vfork + _exit + waitpid", W_VFORK, 2000 },
	{ "posix_spawn(true) + waitpid", W_SPAWN, 400 },
	{ "fork + execve(true) + waitpid", W_FORK_EXEC, 400 },
	{ "vfork + execve(true) + waitpid", W_VFORK_EXEC, 400 },
};
static const size_t	sizes[PF_NSIZES] = { 0, 16, 256, 1024 };

static const char	*true_path;	/* the program exec'd: true(1) */

/* Seconds spent since the profile started. */
double
pf_spent(const struct profile *pf)
{
	return (double)(clock_ns() - pf->start) / 1e9;
}

static int
cmp_d(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
summarize(double *v, int n, struct stat3 *s)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_d);
	s->n = n;
	s->min = v[0];
	s->max = v[n - 1];
	s->med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One cycle of a way to create a process; -1 on failure. */
static int
cycle(enum way way)
{
	char	*argv[] = { (char *)true_path, NULL };
	pid_t	 pid;
	int	 status;

	switch (way) {
	case W_FORK:
		if ((pid = fork()) == 0)
			_exit(0);
		break;
	case W_VFORK:
		if ((pid = vfork()) == 0)
			_exit(0);
		break;
	case W_SPAWN:
#if defined(WITH_SPAWN)
		if (posix_spawn(&pid, true_path, NULL, NULL, argv,
		    environ) != 0)
			return -1;
		break;
#else
		errno = ENOSYS;		/* not measured */
		return -1;
#endif
	case W_FORK_EXEC:
		if ((pid = fork()) == 0) {
			execve(true_path, argv, environ);
			_exit(127);
		}
		break;
	default:
		if ((pid = vfork()) == 0) {
			execve(true_path, argv, environ);
			_exit(127);
		}
		break;
	}
	if (pid == -1 || fc_waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/*
 * Iterations per round for a measurement that may take `slice` seconds,
 * from a calibration of `per` seconds per cycle: at least 2, at most max;
 * 0 when even that does not fit.
 */
static int
fit(double slice, double per, int max)
{
	double	n = slice / (per * ROUNDS);

	if (n < 2)
		return slice >= 2 * per * ROUNDS ? 2 : 0;
	return n > max ? max : (int)n;
}

/* Times a way of creating processes within `slice` seconds. */
static void
measure(struct profile *pf, struct pf_row *r, enum way way, int max,
    double slice)
{
	double	v[ROUNDS], per;
	int64_t	t, end;
	int	i, k, iters;

	t = clock_ns();
	for (i = 0; i < 3; i++)
		if (cycle(way) == -1) {
			snprintf(r->note, sizeof(r->note), "failed: %s",
			    strerror(errno));
			return;
		}
	per = (double)(clock_ns() - t) / 1e9 / 3;
	if ((iters = fit(slice, per, max)) == 0) {
		snprintf(r->note, sizeof(r->note), "skipped: does not fit the "
		    "time budget");
		buf_printf(&pf->skipped, "%s: the time budget\n", r->what);
		return;
	}
	end = clock_ns() + (int64_t)(slice * 1e9);
	for (k = 0; k < ROUNDS && (k == 0 || clock_ns() < end); k++) {
		t = clock_ns();
		for (i = 0; i < iters; i++)
			if (cycle(way) == -1) {
				snprintf(r->note, sizeof(r->note),
				    "failed: %s", strerror(errno));
				return;
			}
		v[k] = (double)(clock_ns() - t) / 1e3 / iters;
	}
	summarize(v, k, &r->s);
	snprintf(r->note, sizeof(r->note), "%d rounds of %d", k, iters);
}

static int
thp_available(void)
{
	FILE	*f;
	char	 line[128];
	int	 ok = 0;

	if ((f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r")) ==
	    NULL)
		return 0;
	if (fgets(line, sizeof(line), f) != NULL)
		ok = strstr(line, "[never]") == NULL;
	fclose(f);
	return ok;
}

/* A resident region of mib MiB of the given kind; NULL if impossible. */
static char *
region(size_t mib, enum pf_kind k, size_t *len)
{
	char	*p;
	size_t	 i, pg = (size_t)sysconf(_SC_PAGESIZE);

	*len = mib * MIB + 2 * MIB;
	p = mmap(NULL, *len, PROT_READ | PROT_WRITE, (k == K_SHARED ?
	    MAP_SHARED : MAP_PRIVATE) | MAP_ANON, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (osdep_hugepages(p, *len, k == K_THP) == -1 && k == K_THP) {
		munmap(p, *len);
		return NULL;
	}
	for (i = 0; i < mib * MIB; i += pg)
		p[i] = 1;
	return p;
}

/* One fork cycle of the current process; the fork() call in *call (us). */
static double
fork_once(double *call)
{
	int64_t	t0, t1;
	pid_t	pid;
	int	status;

	t0 = clock_ns();
	if ((pid = fork()) == 0)
		_exit(0);
	t1 = clock_ns();
	if (pid == -1 || fc_waitpid(pid, &status, 0) != pid)
		return -1;
	*call = (double)(t1 - t0) / 1e3;
	return (double)(clock_ns() - t0) / 1e3;
}

/* The fork-latency curve at one size and kind, within `slice` seconds. */
static int
fork_curve(struct pf_memrow *m, enum pf_kind k, double slice)
{
	double	call[ROUNDS], full[ROUNDS], c, f, per;
	int64_t	end;
	int	r, i, iters;

	if ((per = fork_once(&c)) < 0)
		return -1;
	if ((iters = fit(slice, per / 1e6, 300)) == 0)
		return 0;
	end = clock_ns() + (int64_t)(slice * 1e9);
	for (r = 0; r < ROUNDS && (r == 0 || clock_ns() < end); r++) {
		call[r] = full[r] = 0;
		for (i = 0; i < iters; i++) {
			if ((f = fork_once(&c)) < 0)
				return -1;
			call[r] += c / iters;
			full[r] += f / iters;
		}
	}
	summarize(call, r, &m->call[k]);
	summarize(full, r, &m->full[k]);
	return iters;
}

/* The child writes a byte into every page: its own time per page, in us. */
static double
cow_cost(char *p, size_t len)
{
	size_t	pg = (size_t)sysconf(_SC_PAGESIZE), i;
	double	per = -1;
	int64_t	t;
	int	fds[2], status;
	pid_t	pid;

	if (pipe(fds) == -1)
		return -1;
	if ((pid = fork()) == 0) {
		close(fds[0]);
		t = clock_ns();
		for (i = 0; i < len; i += pg)
			p[i] = 2;
		per = (double)(clock_ns() - t) / 1e3 / (double)(len / pg);
		fc_write_all(fds[1], &per, sizeof(per));
		_exit(0);
	}
	close(fds[1]);
	if (pid == -1 ||
	    fc_read_all(fds[0], &per, sizeof(per)) != (ssize_t)sizeof(per))
		per = -1;
	close(fds[0]);
	if (pid != -1)
		fc_waitpid(pid, &status, 0);
	return per;
}

static double
available_mib(void)
{
#if HAVE_DECL__SC_AVPHYS_PAGES
	long	pages = sysconf(_SC_AVPHYS_PAGES), pg = sysconf(_SC_PAGESIZE);
#else
	long	pages = 0, pg = 0;	/* unknown: assume 1 GiB */
#endif

	if (pages <= 0 || pg <= 0)
		return 1024;
	return (double)pages * (double)pg / MIB;
}


/* Every way of creating a process, in a quarter of the budget. */
static void
measure_creation(struct profile *pf)
{
	size_t	i;

	for (i = 0; i < PF_NWAYS; i++) {
		pf->rows[i].what = ways[i].what;
		measure(pf, &pf->rows[i], ways[i].way, ways[i].iters,
		    pf->budget * 0.25 / PF_NWAYS);
	}
	/* vfork children that exec'd wrote the coverage counters. */
	coverage_resume();
}

/*
 * The child's copy-on-write cost, at one size only: 256 MiB, or 16 MiB
 * where 256 does not fit.  The median of 3 children, since the first
 * round also pays for cold pages.
 */
static void
measure_cow(struct profile *pf, size_t mib, enum pf_kind k, char *p)
{
	double	runs[3];
	int	r;

	if (mib != 256 && (mib != 16 || pf->avail / 2 >= 256))
		return;
	for (r = 0; r < 3; r++)
		runs[r] = cow_cost(p, mib * MIB);
	qsort(runs, 3, sizeof(runs[0]), cmp_d);
	pf->cow[k] = runs[1];
}

/*
 * The fork curve at one size and kind, in its share of what is left of
 * the budget: slots is the number of measurements still to make.
 */
static void
measure_kind(struct profile *pf, struct pf_memrow *m, enum pf_kind k,
    size_t slots)
{
	const char	*kind = pf_kind_names[k];
	double		 slice;
	size_t		 len;
	char		*p;

	slice = (pf->budget * 0.95 - pf_spent(pf)) / (double)slots;
	/* Touching the region costs about 1 ms per MiB. */
	if (slice < (double)m->mib * 0.001 * 2) {
		buf_printf(&pf->skipped, "%zu MiB %s: the time budget\n",
		    m->mib, kind);
		return;
	}
	fprintf(stderr, "  %zu MiB, %s...\n", m->mib, kind);
	if ((p = region(m->mib, k, &len)) == NULL) {
		buf_printf(&pf->skipped, "%zu MiB %s: cannot map it: %s\n",
		    m->mib, kind, strerror(errno));
		return;
	}
	if (fork_curve(m, k, slice - (double)m->mib * 0.001) <= 0)
		buf_printf(&pf->skipped, "%zu MiB %s: the time budget\n",
		    m->mib, kind);
	else
		measure_cow(pf, m->mib, k, p);
	munmap(p, len);
}

/* Fork latency against resident memory, in what is left of the budget. */
static void
measure_memory(struct profile *pf)
{
	size_t	i, slots = PF_NSIZES * NKINDS;
	int	k;

	pf->have_thp = thp_available();
	if (!pf->have_thp)
		buf_adds(&pf->skipped, "THP: transparent huge pages are not "
		    "available here\n");
	for (i = 0; i < PF_NSIZES; i++) {
		if ((double)sizes[i] > pf->avail / 2) {
			buf_printf(&pf->skipped, "%zu MiB: only %.0f MiB of "
			    "memory is available\n", sizes[i], pf->avail);
			slots -= NKINDS;
			continue;
		}
		pf->mem[pf->nmem].mib = sizes[i];
		for (k = 0; k < NKINDS; k++, slots--)
			if (k != K_THP || pf->have_thp)
				measure_kind(pf, &pf->mem[pf->nmem],
				    (enum pf_kind)k, slots);
		pf->nmem++;
	}
}

/* Writes the profile into dir and shows its Markdown; -1 on failure. */
static int
write_profile(const char *dir, struct profile *pf)
{
	struct buf	md = { NULL, 0, 0 }, js = { NULL, 0, 0 };
	int		plotted, rc = 0;

	/* First the plot: whatever stops it goes into the tables. */
	plotted = pf_plot(dir, pf) == 0;
	pf_markdown(&md, pf);
	pf_json(&js, pf);
	if (write_file(dir, "profile.md", &md) == -1 ||
	    write_file(dir, "profile.json", &js) == -1) {
		warn("cannot write in %s", dir);
		rc = -1;
	} else {
		fwrite(md.data, 1, md.len, stdout);
		printf("\nwritten: %s/profile.md, %s/profile.json%s%s%s\n",
		    dir, dir, plotted ? ", " : "", plotted ? dir : "",
		    plotted ? "/profile.svg" : "");
	}
	buf_free(&md);
	buf_free(&js);
	return rc;
}

/* forkcheck --profile: returns forkcheck's exit status. */
int
profile_main(const char *dir, double budget)
{
	struct profile	pf;
	int		k, rc;

	memset(&pf, 0, sizeof(pf));
	pf.budget = budget;
	pf.start = clock_ns();
	for (k = 0; k < NKINDS; k++)
		pf.cow[k] = -1;
	true_path = access("/bin/true", X_OK) == 0 ? "/bin/true" :
	    "/usr/bin/true";
	platform_get(&pf.plat, 0);
	pf.avail = available_mib();
	if (report_mkdir(dir) == -1) {
		warn("cannot make %s", dir);
		return 2;
	}
	fprintf(stderr, "profiling process creation (budget %.0f s)...\n",
	    budget);
	/* Nothing buffered may be written twice by the children. */
	fflush(NULL);
	/* A quarter of the budget for creation, most of the rest for memory. */
	measure_creation(&pf);
	measure_memory(&pf);
	rc = write_profile(dir, &pf) == 0 ? 0 : 1;
	buf_free(&pf.skipped);
	return rc;
}
