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
#include <sys/stat.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

extern char	**environ;

#define MIB		(1024 * 1024)
#define ROUNDS		5

struct stat3 {
	double	med, min, max;		/* microseconds */
	int	n;			/* 0: not measured */
};

struct row {
	const char	*what;
	struct stat3	 s;
	char		 note[160];
};

static struct {
	double		 budget;	/* seconds */
	int64_t		 start;
	struct buf	 skipped;	/* one line per thing not measured */
	const char	*true_path;
} pf;

static double
spent(void)
{
	return (double)(clock_ns() - pf.start) / 1e9;
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
enum way { W_FORK, W_VFORK, W_SPAWN, W_FORK_EXEC, W_VFORK_EXEC };

static int
cycle(enum way way)
{
	char	*argv[] = { (char *)pf.true_path, NULL };
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
		if (posix_spawn(&pid, pf.true_path, NULL, NULL, argv,
		    environ) != 0)
			return -1;
		break;
	case W_FORK_EXEC:
		if ((pid = fork()) == 0) {
			execve(pf.true_path, argv, environ);
			_exit(127);
		}
		break;
	default:
		if ((pid = vfork()) == 0) {
			execve(pf.true_path, argv, environ);
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
measure(struct row *r, enum way way, int max, double slice)
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
		buf_printf(&pf.skipped, "%s: the time budget\n", r->what);
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

/* Memory kinds for the fork-latency curve. */
enum kind { K_PRIVATE, K_THP, K_SHARED, NKINDS };
static const char *const kind_names[] = { "private 4 KiB", "THP", "shared" };

struct memrow {
	size_t		mib;
	struct stat3	call[NKINDS];	/* the fork() call, in the parent */
	struct stat3	full[NKINDS];	/* fork + _exit + waitpid */
};

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
region(size_t mib, enum kind k, size_t *len)
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
fork_curve(struct memrow *m, enum kind k, double slice)
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
	long	pages = sysconf(_SC_AVPHYS_PAGES), pg = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || pg <= 0)
		return 1024;
	return (double)pages * (double)pg / MIB;
}

static void
fmt3(struct buf *b, const struct stat3 *s)
{
	if (s->n == 0)
		buf_adds(b, "-");
	else
		buf_printf(b, "%.1f [%.1f..%.1f]", s->med, s->min, s->max);
}

static void
json3(struct buf *b, const struct stat3 *s)
{
	if (s->n == 0)
		buf_adds(b, "null");
	else
		buf_printf(b, "{ \"median_us\": %.2f, \"min_us\": %.2f, "
		    "\"max_us\": %.2f }", s->med, s->min, s->max);
}

/* A plot of fork latency against resident memory, if gnuplot is here. */
static void
plot(const char *dir, const struct memrow *m, size_t n, int have_thp)
{
	struct buf	 data = { NULL, 0, 0 }, gp = { NULL, 0, 0 };
	char		 cmd[2600];
	size_t		 i;

	for (i = 0; i < n; i++)
		buf_printf(&data, "%zu %.2f %.2f %.2f\n", m[i].mib,
		    m[i].full[K_PRIVATE].med, have_thp && m[i].full[K_THP].n ?
		    m[i].full[K_THP].med : 0.0, m[i].full[K_SHARED].med);
	buf_printf(&gp, "set terminal svg size 720,440 font 'sans,12'\n"
	    "set output '%s/profile.svg'\n"
	    "set title 'fork + _exit + waitpid against resident memory'\n"
	    "set xlabel 'parent resident memory (MiB)'\n"
	    "set ylabel 'microseconds per cycle'\nset logscale y\n"
	    "set key left top\nset grid\n"
	    "plot '%s/profile.dat' using 1:2 with linespoints title "
	    "'private 4 KiB pages'%s, '%s/profile.dat' using 1:4 with "
	    "linespoints title 'MAP_SHARED'\n", dir, dir, have_thp ?
	    ", '' using 1:3 with linespoints title 'THP'" : "", dir);
	if (write_file(dir, "profile.dat", &data) == 0 &&
	    write_file(dir, "profile.gp", &gp) == 0) {
		snprintf(cmd, sizeof(cmd), "gnuplot '%s/profile.gp' "
		    "2>/dev/null", dir);
		if (system(cmd) != 0)
			buf_adds(&pf.skipped, "the plot: gnuplot failed\n");
	}
	buf_free(&data);
	buf_free(&gp);
}

/* forkcheck --profile: returns forkcheck's exit status. */
int
profile_main(const char *dir, double budget)
{
	static const size_t	sizes[] = { 0, 16, 256, 1024 };
	static const struct {
		const char	*what;
		enum way	 way;
		int		 iters;
	} ways[] = {
		{ "fork + _exit + waitpid", W_FORK, 2000 },
		{ "vfork + _exit + waitpid", W_VFORK, 2000 },
		{ "posix_spawn(true) + waitpid", W_SPAWN, 400 },
		{ "fork + execve(true) + waitpid", W_FORK_EXEC, 400 },
		{ "vfork + execve(true) + waitpid", W_VFORK_EXEC, 400 },
	};
	struct row	 rows[sizeof(ways) / sizeof(ways[0])];
	struct memrow	 mem[sizeof(sizes) / sizeof(sizes[0])];
	struct platform	 plat;
	struct buf	 md = { NULL, 0, 0 }, js = { NULL, 0, 0 };
	struct buf	 line = { NULL, 0, 0 };
	double		 avail, cow[NKINDS], slice, runs[3];
	char		*p;
	size_t		 i, nmem = 0, len, slots;
	int		 k, r, have_thp, gnuplot;

	memset(&pf, 0, sizeof(pf));
	memset(rows, 0, sizeof(rows));
	memset(mem, 0, sizeof(mem));
	pf.budget = budget;
	pf.start = clock_ns();
	pf.true_path = access("/bin/true", X_OK) == 0 ? "/bin/true" :
	    "/usr/bin/true";
	platform_get(&plat, 0);
	if (report_mkdir(dir) == -1) {
		warn("cannot make %s", dir);
		return 2;
	}
	fprintf(stderr, "profiling process creation (budget %.0f s)...\n",
	    budget);
	/* A quarter of the budget for creation, most of the rest for memory. */
	for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		rows[i].what = ways[i].what;
		measure(&rows[i], ways[i].way, ways[i].iters,
		    budget * 0.25 / (sizeof(ways) / sizeof(ways[0])));
	}
	coverage_resume();

	have_thp = thp_available();
	if (!have_thp)
		buf_adds(&pf.skipped, "THP: transparent huge pages are not "
		    "available here\n");
	avail = available_mib();
	for (k = 0; k < NKINDS; k++)
		cow[k] = -1;
	slots = (sizeof(sizes) / sizeof(sizes[0])) * NKINDS;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if ((double)sizes[i] > avail / 2) {
			buf_printf(&pf.skipped, "%zu MiB: only %.0f MiB of "
			    "memory is available\n", sizes[i], avail);
			slots -= NKINDS;
			continue;
		}
		mem[nmem].mib = sizes[i];
		for (k = 0; k < NKINDS; k++, slots--) {
			if (k == K_THP && !have_thp)
				continue;
			/* What is left, shared among what is left to do. */
			slice = (pf.budget * 0.95 - spent()) / (double)slots;
			/* Touching the region costs about 1 ms per MiB. */
			if (slice < (double)sizes[i] * 0.001 * 2) {
				buf_printf(&pf.skipped, "%zu MiB %s: the time "
				    "budget\n", sizes[i], kind_names[k]);
				continue;
			}
			fprintf(stderr, "  %zu MiB, %s...\n", sizes[i],
			    kind_names[k]);
			if ((p = region(sizes[i], (enum kind)k, &len)) ==
			    NULL) {
				buf_printf(&pf.skipped, "%zu MiB %s: cannot map "
				    "it: %s\n", sizes[i], kind_names[k],
				    strerror(errno));
				continue;
			}
			if (fork_curve(&mem[nmem], (enum kind)k,
			    slice - (double)sizes[i] * 0.001) <= 0)
				buf_printf(&pf.skipped, "%zu MiB %s: the time "
				    "budget\n", sizes[i], kind_names[k]);
			else if (sizes[i] == 256 || (sizes[i] == 16 &&
			    avail / 2 < 256)) {
				/* The first round also pays for cold pages. */
				for (r = 0; r < 3; r++)
					runs[r] = cow_cost(p, sizes[i] * MIB);
				qsort(runs, 3, sizeof(runs[0]), cmp_d);
				cow[k] = runs[1];
			}
			munmap(p, len);
		}
		nmem++;
	}

	gnuplot = system("command -v gnuplot >/dev/null 2>&1") == 0;
	if (!gnuplot)
		buf_adds(&pf.skipped, "the plot: gnuplot is not installed\n");
	buf_printf(&md, "# forkcheck %s: process-creation profile\n\n",
	    PACKAGE_VERSION);
	buf_adds(&md, "Platform: ");
	platform_line(&md, &plat);
	buf_printf(&md, "; %s; %ld CPUs; %.0f MiB available; measured %s.\n\n",
	    plat.compiler, sysconf(_SC_NPROCESSORS_ONLN), avail, plat.started);
	buf_adds(&md, "## Creating a process (us per cycle, median [min..max] "
	    "of up to 5 rounds)\n\n| operation | us | rounds of cycles |\n"
	    "|---|---:|---|\n");
	for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		buf_printf(&md, "| %s | ", rows[i].what);
		fmt3(&md, &rows[i].s);
		buf_printf(&md, " | %s |\n", rows[i].note);
	}
	buf_adds(&md, "\n## fork against the parent's resident memory (us)\n\n"
	    "The fork() call in the parent, and the whole cycle (fork + "
	    "_exit + waitpid).\n\n| MiB | kind | fork() call | full cycle "
	    "|\n|---:|---|---:|---:|\n");
	for (i = 0; i < nmem; i++)
		for (k = 0; k < NKINDS; k++) {
			if (mem[i].full[k].n == 0)
				continue;
			buf_printf(&md, "| %zu | %s | ", mem[i].mib,
			    kind_names[k]);
			fmt3(&md, &mem[i].call[k]);
			buf_adds(&md, " | ");
			fmt3(&md, &mem[i].full[k]);
			buf_adds(&md, " |\n");
		}
	buf_adds(&md, "\n## Copy-on-write in the child\n\nThe child writes a "
	    "byte into every page of its parent's region; its own time per "
	    "page (median of 3 children).\n\n| kind | us per page |\n"
	    "|---|---:|\n");
	for (k = 0; k < NKINDS; k++)
		if (cow[k] >= 0)
			buf_printf(&md, "| %s | %.3f |\n", kind_names[k], cow[k]);
	if (pf.skipped.len > 0)
		buf_printf(&md, "\n## Not measured\n\n%s", pf.skipped.data);
	buf_printf(&md, "\nTook %.1f s of a %.0f s budget.\n", spent(), budget);

	buf_printf(&js, "{\n  \"schema\": \"forkcheck-profile/1\",\n"
	    "  \"forkcheck\": \"%s\",\n  \"platform\": ", PACKAGE_VERSION);
	buf_reset(&line);
	platform_line(&line, &plat);
	json_str(&js, line.data, line.len);
	buf_printf(&js, ",\n  \"cpus\": %ld, \"available_mib\": %.0f,\n"
	    "  \"creation\": {", sysconf(_SC_NPROCESSORS_ONLN), avail);
	for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		buf_printf(&js, "%s\n    ", i ? "," : "");
		json_str(&js, rows[i].what, strlen(rows[i].what));
		buf_adds(&js, ": ");
		json3(&js, &rows[i].s);
	}
	buf_adds(&js, "\n  },\n  \"memory\": [");
	for (i = 0; i < nmem; i++)
		for (k = 0; k < NKINDS; k++) {
			if (mem[i].full[k].n == 0)
				continue;
			buf_printf(&js, "%s\n    { \"mib\": %zu, \"kind\": \"%s\", "
			    "\"fork_call\": ", js.data[js.len - 1] == '[' ? "" :
			    ",", mem[i].mib, kind_names[k]);
			json3(&js, &mem[i].call[k]);
			buf_adds(&js, ", \"cycle\": ");
			json3(&js, &mem[i].full[k]);
			buf_adds(&js, " }");
		}
	buf_adds(&js, "\n  ],\n  \"cow_us_per_page\": {");
	for (k = 0; k < NKINDS; k++)
		buf_printf(&js, "%s \"%s\": %s%.3f", k ? "," : "",
		    kind_names[k], "", cow[k] >= 0 ? cow[k] : -1.0);
	buf_adds(&js, " },\n  \"skipped\": ");
	json_str(&js, pf.skipped.data ? pf.skipped.data : "", pf.skipped.len);
	buf_printf(&js, ",\n  \"seconds\": %.1f\n}\n", spent());

	if (gnuplot)
		plot(dir, mem, nmem, have_thp);
	if (write_file(dir, "profile.md", &md) == -1 ||
	    write_file(dir, "profile.json", &js) == -1) {
		warn("cannot write in %s", dir);
		return 1;
	}
	fwrite(md.data, 1, md.len, stdout);
	printf("\nwritten: %s/profile.md, %s/profile.json%s%s%s\n", dir,
	    dir, gnuplot ? ", " : "", gnuplot ? dir : "",
	    gnuplot ? "/profile.svg" : "");
	buf_free(&line);
	buf_free(&md);
	buf_free(&js);
	buf_free(&pf.skipped);
	return 0;
}
