/*
 * main.c: forkcheck's command line.
 */

#include "config.h"

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

static const char *
progname(const char *argv0)
{
	const char	*slash = strrchr(argv0, '/');

	return slash != NULL ? slash + 1 : argv0;
}

/* Cases and workers rely on fds 0-2 being open; open /dev/null on gaps. */
static void
sanitize_fds(void)
{
	int	fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		continue;
	if (fd > 2)
		close(fd);
}

/* forkcheck --fc-helper ID args...: runs case ID's helper. */
static int
helper_main(int argc, char **argv)
{
	const struct fc_area	*a;
	const struct fc_case	*c;

	if (argc < 3)
		return 127;
	for (a = fc_areas; a->name != NULL; a++)
		for (c = a->cases; c->id != NULL; c++)
			if (strcmp(c->id, argv[2]) == 0 && c->helper != NULL) {
				fc_current = c;
				return c->helper(argc - 2, argv + 2);
			}
	warnx("no helper for '%s'", argv[2]);
	return 127;
}

/*
 * The directory of the suite's data (datadir.c), or exit 2 with one line
 * when it cannot be found: a run without its expectations and external
 * cases would look complete and be wrong.
 */
static const char *
data_dir(const char *sub)
{
	const struct datadir	*d = datadir();

	if (!d->found)
		errx(2, "cannot find the suite's data (cases/external.list, "
		    "expect/): looked in %s; set FORKCHECK_DATADIR, or run "
		    "with --no-expect and --no-external", d->tried);
	return strcmp(sub, "expect") == 0 ? d->expect : d->cases;
}

/*
 * The expectations of this platform, when none were named: the file for
 * the platform (ci/expect/linux-glibc, ...) and, under qemu-user, qemu's
 * (qemu-user) and those of its target for this guest's architecture
 * (qemu-user-s390x: uname's machine), or under valgrind valgrind's, from
 * the suite's data directory (data_dir()).
 */
static int
default_expectations(struct fc_options *o, struct runner *r, char *err,
    size_t errlen)
{
	const char	*dir = data_dir("expect");
	char		 keys[3][128], path[PATH_MAX + 160];
	size_t		 k, nkeys = 1, used;

	platform_key(keys[0], sizeof(keys[0]), &r->plat);
	if (fc_emulator() != NULL && strstr(fc_emulator(), "qemu") != NULL) {
		/* qemu-user's own, then those of its target for this guest. */
		snprintf(keys[nkeys++], sizeof(keys[0]), "qemu-user");
		snprintf(keys[nkeys++], sizeof(keys[0]), "qemu-user-%s",
		    r->plat.machine);
	} else if (fc_emulator() != NULL &&
	    strstr(fc_emulator(), "valgrind") != NULL)
		snprintf(keys[nkeys++], sizeof(keys[0]), "valgrind");
	for (k = 0; k < nkeys; k++) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, keys[k]) >=
		    (int)sizeof(path) || access(path, R_OK) == -1)
			continue;
		if (expect_load(&r->expect, path, err, errlen) == -1)
			return -1;
		used = strlen(o->expect_used);
		snprintf(o->expect_used + used, sizeof(o->expect_used) - used,
		    "%s%s", used ? ", " : "", path);
	}
	if (o->expect_used[0] == '\0')
		snprintf(o->expect_used, sizeof(o->expect_used), "none (no "
		    "file for this platform, %s)", keys[0]);
	return 0;
}

/*
 * The external cases: those of --external manifests, or by default the
 * suite's own cases/external.list (see data_dirs()).
 */
static int
load_externals(struct fc_options *o, struct externals *x, char *err,
    size_t errlen)
{
	char	path[PATH_MAX + 32];
	int	k;

	for (k = 0; k < o->nexternal; k++)
		if (external_load(x, o->external[k], err, errlen) == -1)
			return -1;
	if (o->nexternal > 0 || o->no_external || !fc_suite_defaults)
		return 0;
	snprintf(path, sizeof(path), "%s/external.list", data_dir("cases"));
	return external_load(x, path, err, errlen);
}

/* Warns of expectations that name no case at all: probably stale. */
static void
stale_expectations(const struct fc_area *areas, struct expectations *e)
{
	const struct fc_area	*a;
	const struct fc_case	*c;
	size_t			 i;
	int			 hit;

	for (i = 0; i < e->n; i++) {
		hit = 0;
		for (a = areas; a->name != NULL && !hit; a++)
			for (c = a->cases; c->id != NULL && !hit; c++)
				hit = fnmatch(e->list[i].pattern, c->id, 0) == 0;
		if (!hit)
			warnx("warning: %s: expectation '%s' matches no case",
			    e->list[i].source, e->list[i].pattern);
	}
}

/*
 * --list=areas: each area (an area may span several tables) with the
 * number of its cases selected, in index order.
 */
static void
list_areas(const struct fc_area *areas, const struct fc_case **cases,
    size_t n)
{
	const struct fc_area	*a, *b;
	const struct fc_case	*c;
	size_t			 i, k;

	for (a = areas; a->name != NULL; a++) {
		for (b = areas; b < a && strcmp(b->name, a->name) != 0; b++)
			continue;
		if (b < a)
			continue;
		for (k = 0, b = a; b->name != NULL; b++) {
			if (strcmp(b->name, a->name) != 0)
				continue;
			for (c = b->cases; c->id != NULL; c++)
				for (i = 0; i < n; i++)
					k += cases[i] == c;
		}
		if (k > 0)
			printf("%-16s %zu\n", a->name, k);
	}
}

/* One line per case: id, spec, and [qoi] or [probe] for those never failing. */
static void
list(const struct fc_case **cases, size_t n)
{
	size_t	i;
	int	never;

	for (i = 0; i < n; i++) {
		never = cases[i]->tier == FC_QOI || cases[i]->tier == FC_PROBE;
		printf("%-32s %s%s%s%s\n", cases[i]->id,
		    cases[i]->spec != NULL ? cases[i]->spec : "",
		    never ? " [" : "", never ? tier_name(cases[i]->tier) : "",
		    never ? "]" : "");
	}
}

/* The options, from the environment and the command line. */
static void
parse_options(struct fc_options *o, int argc, char **argv)
{
	char	errbuf[512];

	memset(o, 0, sizeof(*o));
	o->jobs = 1;
	o->repeat = 1;
	o->multiplier = 1.0;
	if (opt_env(o, getenv("FORKCHECK_TIMEOUT_MULTIPLIER"), errbuf,
	    sizeof(errbuf)) == -1 ||
	    opt_parse(o, argc, argv, errbuf, sizeof(errbuf)) == -1)
		errx(2, "%s (see --help)", errbuf);
}

/* Whether some case of areas has this very id. */
static int
case_exists(const struct fc_area *areas, const char *id)
{
	const struct fc_area	*a;
	const struct fc_case	*c;

	for (a = areas; a->name != NULL; a++)
		for (c = a->cases; c->id != NULL; c++)
			if (strcmp(c->id, id) == 0)
				return 1;
	return 0;
}

/*
 * --rerun-failed: narrows the selection to the cases that failed or
 * broke in that results.json, and says which of them are gone.
 */
static void
select_failed(const struct fc_options *o, struct runner *r,
    const struct fc_area *areas)
{
	struct results	 rs;
	const char	*prev = "";
	char		 errbuf[1200];
	size_t		 j, nbad = 0;

	memset(&rs, 0, sizeof(rs));
	if (results_load(&rs, o->rerun, errbuf, sizeof(errbuf)) == -1)
		errx(2, "--rerun-failed: %s", errbuf);
	for (j = 0; j < rs.n; j++) {
		if (!sel_failed_verdict(rs.cases[j].verdict) ||
		    strcmp(rs.cases[j].id, prev) == 0)
			continue;
		prev = rs.cases[j].id;
		nbad++;
		if (!case_exists(areas, prev))
			warnx("warning: %s: '%s' failed there but is no case "
			    "here", o->rerun, prev);
	}
	sel_failed(&rs, r->cases, &r->ncases);
	if (nbad == 0)
		warnx("%s: no case failed or broke there: nothing to run",
		    o->rerun);
	results_free(&rs);
}

/* The cases the patterns select, and the expectations named. */
static void
select_cases(const struct fc_options *o, struct runner *r,
    const struct fc_area *areas)
{
	char	errbuf[512];
	int	i;

	if (sel_cases(areas, o->patterns, o->npatterns, &r->cases,
	    &r->ncases, errbuf, sizeof(errbuf)) == -1)
		errx(2, "%s (see --list)", errbuf);
	if (sel_exclude(areas, o->exclude, o->nexclude, r->cases, &r->ncases,
	    errbuf, sizeof(errbuf)) == -1)
		errx(2, "%s (see --list)", errbuf);
	if (o->rerun != NULL)
		select_failed(o, r, areas);
	for (i = 0; i < o->nexpect; i++)
		if (expect_load(&r->expect, o->expect[i], errbuf,
		    sizeof(errbuf)) == -1)
			errx(2, "%s", errbuf);
}

/*
 * Everything a run needs before its first case: the platform, its
 * default expectations, the timeout multiplier, the report directory and
 * the TAP stream, which it returns.
 */
static FILE *
prepare_run(struct fc_options *o, struct runner *r,
    const struct fc_area *areas)
{
	char	 errbuf[512];
	FILE	*tap = stdout;

	platform_set_label(o->label);
	platform_get(&r->plat, 0);
	if (o->nexpect == 0 && !o->no_expect && fc_suite_defaults &&
	    default_expectations(o, r, errbuf, sizeof(errbuf)) == -1)
		errx(2, "%s", errbuf);
	stale_expectations(areas, &r->expect);
	(void)fc_threads_posix();	/* probed once, for every case */
	run_fit(o, r);
	if (o->report_dir != NULL && report_mkdir(o->report_dir) == -1)
		err(2, "cannot make %s", o->report_dir);
	if (o->tap_path != NULL && strcmp(o->tap_path, "-") != 0 &&
	    (tap = fopen(o->tap_path, "w")) == NULL)
		err(2, "cannot write %s", o->tap_path);
	r->opt = o;
	r->njobs = r->ncases * o->repeat;
	return tap;
}

/* Frees what main() holds (so leak checkers see none) and returns rc. */
static int
leave(int rc, struct fc_options *o, struct externals *x, struct runner *r)
{
	opt_free(o);
	external_free(x);
	free(r->cases);
	r->cases = NULL;
	expect_free(&r->expect);
	return rc;
}

int
main(int argc, char **argv)
{
	struct fc_options	 opt;
	struct runner		 r;
	struct externals	 ext = { NULL, 0, fc_areas, NULL };
	const struct fc_area	*areas;
	const char		*prog = progname(argc > 0 ? argv[0] : PACKAGE);
	char			 errbuf[512];
	FILE			*tap;
	int			 rc;

	sanitize_fds();
	self_path(argc > 0 ? argv[0] : PACKAGE);
	emulator_init();
	if (argc >= 2 && strcmp(argv[1], "--fc-helper") == 0)
		return helper_main(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "--compare") == 0) {
		if (argc != 4)
			errx(2, "--compare needs two results.json files and "
			    "nothing else (see --help)");
		return compare_main(argv[2], argv[3], prog);
	}
	memset(&r, 0, sizeof(r));
	parse_options(&opt, argc, argv);
	if (opt.help) {
		opt_usage(stdout, prog);
		return leave(0, &opt, &ext, &r);
	}
	if (opt.version) {
		printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
		return leave(0, &opt, &ext, &r);
	}
	if (opt.matrix) {
		rc = matrix_main(&opt, prog);
		return leave(rc, &opt, &ext, &r);
	}
	if (load_externals(&opt, &ext, errbuf, sizeof(errbuf)) == -1)
		errx(2, "%s", errbuf);
	areas = external_areas(fc_areas, &ext);
	if (opt.profile)
		return leave(profile_main(opt.report_dir != NULL ?
		    opt.report_dir : "reports", opt.budget > 0 ? opt.budget :
		    60), &opt, &ext, &r);
	select_cases(&opt, &r, areas);
	if (opt.list) {
		stale_expectations(areas, &r.expect);
		if (opt.list_areas)
			list_areas(areas, r.cases, r.ncases);
		else
			list(r.cases, r.ncases);
		return leave(fflush(stdout) == 0 ? 0 : 1, &opt, &ext, &r);
	}
	tap = prepare_run(&opt, &r, areas);
	rc = run_suite(&r, tap);
	if (tap != stdout && fclose(tap) != 0) {
		warn("%s", opt.tap_path);
		rc = rc == 0 ? 1 : rc;
	}
	return leave(rc, &opt, &ext, &r);
}
