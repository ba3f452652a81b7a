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

/* The plot's data and its gnuplot script, into dir. */
static int
plot_files(const char *dir, const struct profile *pf)
{
	const struct pf_memrow	*m;
	struct buf		 data = { NULL, 0, 0 }, gp = { NULL, 0, 0 };
	size_t			 i;
	int			 thp = pf->have_thp, rc;

	for (i = 0, m = pf->mem; i < pf->nmem; i++, m++)
		buf_printf(&data, "%zu %.2f %.2f %.2f\n", m->mib,
		    m->full[K_PRIVATE].med, thp && m->full[K_THP].n ?
		    m->full[K_THP].med : 0.0, m->full[K_SHARED].med);
	buf_printf(&gp, "set terminal svg size 720,440 font 'sans,12'\n"
	    "set output '%s/profile.svg'\n"
	    "set title 'fork + _exit + waitpid against resident memory'\n"
	    "set xlabel 'parent resident memory (MiB)'\n"
	    "set ylabel 'microseconds per cycle'\nset logscale y\n"
	    "set key left top\nset grid\n"
	    "plot '%s/profile.dat' using 1:2 with linespoints title "
	    "'private 4 KiB pages'%s, '%s/profile.dat' using 1:4 with "
	    "linespoints title 'MAP_SHARED'\n", dir, dir, thp ?
	    ", '' using 1:3 with linespoints title 'THP'" : "", dir);
	rc = write_file(dir, "profile.dat", &data) == 0 &&
	    write_file(dir, "profile.gp", &gp) == 0 ? 0 : -1;
	buf_free(&data);
	buf_free(&gp);
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
	fflush(NULL);
	if ((pid = fork()) == -1)
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

	if (plot_files(dir, pf) == -1) {
		buf_printf(&pf->skipped, "the plot: cannot write its files: "
		    "%s\n", strerror(errno));
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
