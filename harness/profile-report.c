/*
 * profile-report.c: what forkcheck --profile measured, as Markdown for
 * people (profile.md), JSON for programs (profile.json) and, where
 * gnuplot is installed, a plot of fork latency against resident memory
 * (profile.svg), drawn by running gnuplot directly: no shell.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"


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

static void
md_creation(struct buf *md, const struct profile *pf)
{
	size_t	i;

	buf_adds(md, "## Creating a process (us per cycle, median [min..max] "
	    "of up to 5 rounds)\n\n| operation | us | rounds of cycles |\n"
	    "|---|---:|---|\n");
	for (i = 0; i < PF_NWAYS; i++) {
		buf_printf(md, "| %s | ", pf->rows[i].what);
		fmt3(md, &pf->rows[i].s);
		buf_printf(md, " | %s |\n", pf->rows[i].note);
	}
}

static void
md_memory(struct buf *md, const struct profile *pf)
{
	const struct pf_memrow	*m;
	size_t			 i;
	int			 k;

	buf_adds(md, "\n## fork against the parent's resident memory (us)\n\n"
	    "The fork() call in the parent, and the whole cycle (fork + "
	    "_exit + waitpid).\n\n| MiB | kind | fork() call | full cycle "
	    "|\n|---:|---|---:|---:|\n");
	for (i = 0; i < pf->nmem; i++)
		for (k = 0, m = &pf->mem[i]; k < NKINDS; k++) {
			if (m->full[k].n == 0)
				continue;
			buf_printf(md, "| %zu | %s | ", m->mib,
			    pf_kind_names[k]);
			fmt3(md, &m->call[k]);
			buf_adds(md, " | ");
			fmt3(md, &m->full[k]);
			buf_adds(md, " |\n");
		}
	buf_adds(md, "\n## Copy-on-write in the child\n\nThe child writes a "
	    "byte into every page of its parent's region; its own time per "
	    "page (median of 3 children).\n\n| kind | us per page |\n"
	    "|---|---:|\n");
	for (k = 0; k < NKINDS; k++)
		if (pf->cow[k] >= 0)
			buf_printf(md, "| %s | %.3f |\n", pf_kind_names[k],
			    pf->cow[k]);
}

/* profile.md: the tables, and what was not measured and why. */
void
pf_markdown(struct buf *md, const struct profile *pf)
{
	buf_printf(md, "# forkcheck %s: process-creation profile\n\n",
	    PACKAGE_VERSION);
	buf_adds(md, "Platform: ");
	platform_line(md, &pf->plat);
	buf_printf(md, "; %s; %ld CPUs; %.0f MiB available; measured %s.\n\n",
	    pf->plat.compiler, sysconf(_SC_NPROCESSORS_ONLN), pf->avail,
	    pf->plat.started);
	md_creation(md, pf);
	md_memory(md, pf);
	if (pf->skipped.len > 0)
		buf_printf(md, "\n## Not measured\n\n%s", pf->skipped.data);
	buf_printf(md, "\nTook %.1f s of a %.0f s budget.\n", pf_spent(pf),
	    pf->budget);
}

static void
json_memory(struct buf *js, const struct profile *pf)
{
	const struct pf_memrow	*m;
	size_t			 i;
	int			 k, first = 1;

	buf_adds(js, "\n  \"memory\": [");
	for (i = 0; i < pf->nmem; i++)
		for (k = 0, m = &pf->mem[i]; k < NKINDS; k++) {
			if (m->full[k].n == 0)
				continue;
			buf_printf(js, "%s\n    { \"mib\": %zu, \"kind\": \"%s\", "
			    "\"fork_call\": ", first ? "" : ",", m->mib,
			    pf_kind_names[k]);
			json3(js, &m->call[k]);
			buf_adds(js, ", \"cycle\": ");
			json3(js, &m->full[k]);
			buf_adds(js, " }");
			first = 0;
		}
	buf_adds(js, "\n  ],\n  \"cow_us_per_page\": {");
	for (k = 0; k < NKINDS; k++)
		buf_printf(js, "%s \"%s\": %.3f", k ? "," : "",
		    pf_kind_names[k], pf->cow[k] >= 0 ? pf->cow[k] : -1.0);
	buf_adds(js, " },\n");
}

/* profile.json, schema forkcheck-profile/1. */
void
pf_json(struct buf *js, const struct profile *pf)
{
	struct buf	line = { NULL, 0, 0 };
	size_t		i;

	buf_printf(js, "{\n  \"schema\": \"forkcheck-profile/1\",\n"
	    "  \"forkcheck\": \"%s\",\n  \"platform\": ", PACKAGE_VERSION);
	platform_line(&line, &pf->plat);
	json_str(js, line.data, line.len);
	buf_free(&line);
	buf_printf(js, ",\n  \"cpus\": %ld, \"available_mib\": %.0f,\n"
	    "  \"creation\": {", sysconf(_SC_NPROCESSORS_ONLN), pf->avail);
	for (i = 0; i < PF_NWAYS; i++) {
		buf_printf(js, "%s\n    ", i ? "," : "");
		json_str(js, pf->rows[i].what, strlen(pf->rows[i].what));
		buf_adds(js, ": ");
		json3(js, &pf->rows[i].s);
	}
	buf_adds(js, "\n  },");
	json_memory(js, pf);
	buf_adds(js, "  \"skipped\": ");
	json_str(js, pf->skipped.len > 0 ? pf->skipped.data : "",
	    pf->skipped.len);
	buf_printf(js, ",\n  \"seconds\": %.1f\n}\n", pf_spent(pf));
}

/* A gnuplot single-quoted string: a quote inside is doubled. */
static void
gp_quote(struct buf *b, const char *s)
{
	buf_adds(b, "'");
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			buf_adds(b, "''");
		else
			buf_add(b, s, 1);
	}
	buf_adds(b, "'");
}

static const char *const plot_kind[NKINDS] = {
	[K_PRIVATE] = "private 4 KiB pages",
	[K_THP] = "transparent huge pages",
	[K_SHARED] = "MAP_SHARED"
};
static const char *const plot_colour[NKINDS] = {
	[K_PRIVATE] = "#1f63b4", [K_THP] = "#2a9d3c", [K_SHARED] = "#c8501e"
};

/* A logarithmic y axis from lo to hi, ticks at 1, 2 and 5 of a decade. */
static void
log_axis(struct buf *gp, double lo, double hi)
{
	static const double	 step[] = { 1, 2, 5 };
	const char		*sep = "";
	double			 d;
	size_t			 i;

	buf_printf(gp, "set ylabel 'time (microseconds, log scale)'\n"
	    "set logscale y\nset yrange [%.0f:%.0f]\nset ytics (", lo, hi);
	for (d = 1; d * 10 <= lo; d *= 10)
		continue;
	for (; d <= hi; d *= 10)
		for (i = 0; i < sizeof(step) / sizeof(step[0]); i++)
			if (d * step[i] >= lo && d * step[i] <= hi) {
				buf_printf(gp, "%s'%.0f' %.0f", sep,
				    d * step[i], d * step[i]);
				sep = ", ";
			}
	buf_adds(gp, ")\n");
}

/* What plot_files() gathers before it writes the script. */
struct plot {
	struct buf	data;		/* profile.dat: one block per kind */
	struct buf	full;		/* the plot's lines of whole cycles */
	struct buf	call;		/* and of the fork() call alone */
	double		lo, hi;		/* the least and the greatest time */
	size_t		nx;		/* the sizes measured */
	size_t		xpos[PF_NSIZES]; /* where each is along x */
	int		measured[PF_NSIZES];
};

/* The data of each kind measured, and its two lines of the plot. */
static void
plot_data(struct plot *pl, const struct profile *pf, const char *path)
{
	const struct pf_memrow	*m;
	size_t			 i;
	int			 k, block = 0, any;

	for (k = 0; k < NKINDS; k++) {
		for (i = 0, any = 0, m = pf->mem; i < pf->nmem; i++, m++) {
			if (m->full[k].n == 0)
				continue;
			buf_printf(&pl->data, "%zu %zu %.2f %.2f %.2f ",
			    pl->xpos[i], m->mib, m->full[k].med,
			    m->full[k].min, m->full[k].max);
			if (m->call[k].n > 0)
				buf_printf(&pl->data, "%.2f\n", m->call[k].med);
			else
				buf_adds(&pl->data, "NaN\n");
			if (pl->lo == 0 || m->full[k].min < pl->lo)
				pl->lo = m->full[k].min;
			if (m->call[k].n > 0 && m->call[k].med < pl->lo)
				pl->lo = m->call[k].med;
			if (m->full[k].max > pl->hi)
				pl->hi = m->full[k].max;
			any = 1;
		}
		if (!any)
			continue;
		buf_adds(&pl->data, "\n\n");
		buf_printf(&pl->full, "%s \\\n  ", block ? "," : "");
		gp_quote(&pl->full, path);
		buf_printf(&pl->full, " index %d using 1:3:4:5 with "
		    "yerrorlines lw 2 pt 7 ps 0.7 lc rgb '%s' title '%s'",
		    block, plot_colour[k], plot_kind[k]);
		buf_adds(&pl->call, ", \\\n  ");
		gp_quote(&pl->call, path);
		buf_printf(&pl->call, " index %d using 1:6 with linespoints "
		    "dt 2 lw 1.5 pt 6 ps 0.7 lc rgb '%s' notitle", block,
		    plot_colour[k]);
		block++;
	}
}

/* The gnuplot script that draws dir/profile.svg from pl. */
static void
plot_script(struct buf *gp, const struct plot *pl, const struct profile *pf,
    const char *dir)
{
	struct buf	 svg = { NULL, 0, 0 };
	const char	*sep = "";
	size_t		 i;

	buf_adds(gp, "set terminal svg size 800,520 dynamic background "
	    "rgb 'white' font 'sans,12'\nset termoption noenhanced\n"
	    "set encoding utf8\nset output ");
	buf_printf(&svg, "%s/profile.svg", dir);
	gp_quote(gp, svg.data);
	buf_free(&svg);
	buf_adds(gp, "\nset title \"Creating a process against the "
	    "parent's resident memory\\nsolid: fork + _exit + waitpid "
	    "(median, bars: min..max); dashed: the fork() call alone\"\n"
	    "set xlabel 'resident memory of the parent (MiB; the sizes "
	    "measured, evenly spaced)'\n");
	if (pl->lo > 0 && pl->hi / pl->lo > 10)
		log_axis(gp, pl->lo / 1.6, pl->hi * 1.6);
	else
		buf_printf(gp, "set ylabel 'time (microseconds)'\n"
		    "set yrange [0:%.0f]\n", pl->hi * 1.1);
	buf_adds(gp, "set key outside below center horizontal Left reverse "
	    "samplen 3\n"
	    "set grid\nset border 3\nset tics nomirror\nset xtics (");
	for (i = 0; i < pf->nmem; i++)
		if (pl->measured[i]) {
			buf_printf(gp, "%s'%zu' %zu", sep, pf->mem[i].mib,
			    pl->xpos[i]);
			sep = ", ";
		}
	buf_printf(gp, ")\nset xrange [-0.3:%.1f]\nplot",
	    (double)pl->nx - 0.7);
	buf_add(gp, pl->full.data, pl->full.len);
	buf_add(gp, pl->call.data, pl->call.len);
	buf_adds(gp, "\n");
}

/*
 * The plot's data and its gnuplot script, into dir; 1 when nothing was
 * measured to plot.  The sizes measured are evenly spaced along x (they
 * are far apart: 0, 16, 256, 1024 MiB); the data has one block per kind,
 * of the sizes measured only: what was not measured is left out, not
 * drawn as 0.  The text is not gnuplot's "enhanced" text, so '_' and '^'
 * print as they are; the legend is below the plot, clear of the data;
 * y is logarithmic when the times span more than a factor of 10.
 */
static int
plot_files(const char *dir, const struct profile *pf)
{
	struct plot	 pl;
	struct buf	 gp = { NULL, 0, 0 }, path = { NULL, 0, 0 };
	size_t		 i;
	int		 k, rc;

	memset(&pl, 0, sizeof(pl));
	for (i = 0; i < pf->nmem; i++)
		for (k = 0; k < NKINDS; k++)
			if (pf->mem[i].full[k].n > 0 && !pl.measured[i]) {
				pl.measured[i] = 1;
				pl.xpos[i] = pl.nx++;
			}
	if (pl.nx == 0)
		return 1;
	buf_printf(&path, "%s/profile.dat", dir);
	plot_data(&pl, pf, path.data);
	plot_script(&gp, &pl, pf, dir);
	rc = write_file(dir, "profile.dat", &pl.data) == 0 &&
	    write_file(dir, "profile.gp", &gp) == 0 ? 0 : -1;
	buf_free(&pl.data);
	buf_free(&pl.full);
	buf_free(&pl.call);
	buf_free(&gp);
	buf_free(&path);
	return rc;
}

/*
 * Runs gnuplot on the script, found in $PATH, its diagnostics to
 * /dev/null: its wait status, 127 << 8 when it is not installed, -1
 * when it could not be started.
 */
static int
run_gnuplot(const char *script)
{
	static char	 gnuplot[] = "gnuplot";
	char		*argv[3];
	pid_t		 pid;
	int		 fd, status;

	argv[0] = gnuplot;
	argv[1] = (char *)script;
	argv[2] = NULL;
	if ((pid = fc_fork()) == -1)
		return -1;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) != -1)
			dup2(fd, STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(errno == ENOENT ? 127 : 126);
	}
	if (fc_waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/*
 * profile.svg: fork latency against resident memory.  Returns 0 when it
 * is drawn, else -1 with the reason among what was not measured.
 */
int
pf_plot(const char *dir, struct profile *pf)
{
	char	script[1200];
	int	status;

	if ((status = plot_files(dir, pf)) != 0) {
		if (status == 1)
			buf_adds(&pf->skipped, "the plot: no size of memory "
			    "was measured\n");
		else
			buf_printf(&pf->skipped, "the plot: cannot write its "
			    "files: %s\n", strerror(errno));
		return -1;
	}
	snprintf(script, sizeof(script), "%s/profile.gp", dir);
	status = run_gnuplot(script);
	if (status == 0)
		return 0;
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127)
		buf_adds(&pf->skipped, "the plot: gnuplot is not installed\n");
	else
		buf_adds(&pf->skipped, "the plot: gnuplot failed\n");
	return -1;
}
