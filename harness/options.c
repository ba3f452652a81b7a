/*
 * options.c: the command line.  GNU-style: short options cluster (-lv),
 * values attach or follow (-j2, -j 2, --jobs=2, --jobs 2), long options
 * may be abbreviated while unambiguous, options may follow patterns, and
 * "--" ends them.  Errors come back as one line; nothing here exits.
 */

#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "shared.h"	/* JOBS_MAX */

enum {
	OPT_HELP = 1, OPT_VERSION, OPT_LIST, OPT_VERBOSE, OPT_JOBS, OPT_TAP,
	OPT_MULTIPLIER, OPT_REPEAT, OPT_EXPECT, OPT_NO_EXPECT, OPT_REPORT_DIR,
	OPT_COMPARE, OPT_EXTERNAL, OPT_NO_EXTERNAL, OPT_PROFILE, OPT_BUDGET,
	OPT_MATRIX, OPT_LABEL, OPT_EXCLUDE, OPT_MAX_FAIL, OPT_FAIL_FAST,
	OPT_RERUN_FAILED, OPT_NIDS
};

#define REPEAT_MAX	1000000
#define MULTIPLIER_MAX	1000	/* x the longest timeout, 3600 s: 41 days */
#define BUDGET_MAX	86400	/* seconds of --profile */

/* How set_option() keeps an option's value. */
enum {
	V_FLAG,		/* an int, set to 1 */
	V_NAME,		/* a const char *, not empty */
	V_LIST,		/* one more of a list of names, not empty */
	V_COUNT,	/* an unsigned int from 1 to max */
	V_AMOUNT,	/* a double above 0, at most max, in units of what */
	V_OTHER		/* set_other() */
};

#define AT(field)	offsetof(struct fc_options, field)

static const struct optdef {
	const char	*name;
	int		 letter;	/* 0: long only */
	int		 hasarg;	/* 1: a value; 2: an optional =value */
	int		 id;
	int		 kind;		/* V_* */
	size_t		 at;		/* the field in struct fc_options */
	size_t		 nat;		/* V_LIST: the field of the count */
	const char	*what;		/* what the value is, or its unit */
	double		 max;
} optdefs[] = {
	{ .name = "help", .letter = 'h', .id = OPT_HELP, .kind = V_FLAG,
	    .at = AT(help) },
	{ .name = "version", .id = OPT_VERSION, .kind = V_FLAG,
	    .at = AT(version) },
	{ .name = "list", .letter = 'l', .hasarg = 2, .id = OPT_LIST,
	    .kind = V_OTHER },
	{ .name = "verbose", .letter = 'v', .id = OPT_VERBOSE, .kind = V_FLAG,
	    .at = AT(verbose) },
	{ .name = "jobs", .letter = 'j', .hasarg = 1, .id = OPT_JOBS,
	    .kind = V_COUNT, .at = AT(jobs), .max = JOBS_MAX },
	{ .name = "tap", .letter = 'o', .hasarg = 1, .id = OPT_TAP,
	    .kind = V_NAME, .at = AT(tap_path), .what = "file name" },
	{ .name = "timeout-multiplier", .hasarg = 1, .id = OPT_MULTIPLIER,
	    .kind = V_OTHER },
	{ .name = "repeat", .hasarg = 1, .id = OPT_REPEAT, .kind = V_COUNT,
	    .at = AT(repeat), .max = REPEAT_MAX },
	{ .name = "expect", .hasarg = 1, .id = OPT_EXPECT, .kind = V_LIST,
	    .at = AT(expect), .nat = AT(nexpect), .what = "file name" },
	{ .name = "no-expect", .id = OPT_NO_EXPECT, .kind = V_FLAG,
	    .at = AT(no_expect) },
	{ .name = "report-dir", .hasarg = 1, .id = OPT_REPORT_DIR,
	    .kind = V_NAME, .at = AT(report_dir), .what = "name" },
	{ .name = "compare", .id = OPT_COMPARE, .kind = V_OTHER },
	{ .name = "external", .hasarg = 1, .id = OPT_EXTERNAL, .kind = V_LIST,
	    .at = AT(external), .nat = AT(nexternal), .what = "file name" },
	{ .name = "no-external", .id = OPT_NO_EXTERNAL, .kind = V_FLAG,
	    .at = AT(no_external) },
	{ .name = "profile", .id = OPT_PROFILE, .kind = V_FLAG,
	    .at = AT(profile) },
	{ .name = "budget", .hasarg = 1, .id = OPT_BUDGET, .kind = V_AMOUNT,
	    .at = AT(budget), .what = "seconds", .max = BUDGET_MAX },
	{ .name = "matrix", .id = OPT_MATRIX, .kind = V_FLAG,
	    .at = AT(matrix) },
	{ .name = "label", .hasarg = 1, .id = OPT_LABEL, .kind = V_NAME,
	    .at = AT(label), .what = "name" },
	{ .name = "exclude", .hasarg = 1, .id = OPT_EXCLUDE, .kind = V_LIST,
	    .at = AT(exclude), .nat = AT(nexclude), .what = "pattern" },
	{ .name = "max-fail", .hasarg = 1, .id = OPT_MAX_FAIL, .kind = V_COUNT,
	    .at = AT(max_fail), .max = UINT_MAX },
	{ .name = "fail-fast", .id = OPT_FAIL_FAST, .kind = V_OTHER },
	{ .name = "rerun-failed", .hasarg = 1, .id = OPT_RERUN_FAILED,
	    .kind = V_NAME, .at = AT(rerun), .what = "file name" },
	{ .name = NULL }
};

/* fc_options.given[] has a count for each option. */
_Static_assert(OPT_NIDS <= sizeof(((struct fc_options *)0)->given) /
    sizeof(unsigned int), "fc_options.given[] is too short");

/* The synopsis: each %s is the program's name. */
static const char usage_synopsis[] =
"usage: %s [options] [PATTERN ...]\n"
"       %s --list[=areas] [--exclude PATTERN] [--rerun-failed FILE]\n"
"                 [--expect FILE] [--external FILE | --no-external]\n"
"                 [PATTERN ...]\n"
"       %s --profile [--budget SECONDS] [--report-dir DIR]\n"
"       %s --compare A.json B.json\n"
"       %s --matrix [--report-dir DIR] RESULTS.json[=LABEL] ...\n"
"       %s --help | --version\n";

/* What the program does, and its options. */
static const char usage_options[] =
"\n"
"Runs fork() conformance cases, each in a contained, timeout-guarded child,\n"
"and prints the verdicts as TAP.  A PATTERN is a glob on case ids (fd.*,\n"
"'*.same-ofd') or an area name (fd); without one, every case runs.\n"
"\n"
"  -l, --list[=areas]           list the selected cases (id and spec), or\n"
"                               with =areas each area and how many of its\n"
"                               cases are selected, and exit\n"
"      --exclude PATTERN        leave out the cases PATTERN matches (a glob\n"
"                               or area, as above; may be repeated)\n"
"      --rerun-failed FILE      select the cases whose verdict was fail or\n"
"                               broken in FILE, the results.json of an\n"
"                               earlier run (patterns narrow it further)\n"
"      --max-fail N             after N failures (fail, broken or stale\n"
"                               expectation) start no more cases: those\n"
"                               started finish, the others are reported as\n"
"                               \"ok N - ID # SKIP not run: --max-fail\n"
"                               reached\" (a plan-complete TAP stream)\n"
"      --fail-fast              the same as --max-fail 1\n"
"  -j, --jobs N                 run N cases at a time (default 1)\n"
"      --timeout-multiplier F   scale every case's timeout by F, above 0 and\n"
"                               at most 1000 (default:\n"
"                               $FORKCHECK_TIMEOUT_MULTIPLIER, else chosen\n"
"                               from the cost of a few forks: 1 natively,\n"
"                               more under an emulator)\n"
"      --repeat N               run each selected case N times in a row\n"
"  -o, --tap FILE               write the TAP to FILE instead of stdout\n"
"      --expect FILE            known deviations of this platform (id and\n"
"                               reason per line): their failures become TAP\n"
"                               TODO; a pass of one of them is a stale\n"
"                               expectation, \"not ok ... # stale\n"
"                               expectation\", and fails the run\n"
"      --no-expect              use no expectations file (by default the\n"
"                               file for this platform, ci/expect/<platform>)\n"
"      --external FILE          run the external cases (programs) this\n"
"                               manifest lists, instead of the suite's own\n"
"                               cases/external.list (a manifest runs\n"
"                               commands: trust it as you would a script;\n"
"                               timeouts there are at most 3600 s)\n"
"      --no-external            run no external cases\n"
"      --report-dir DIR         also write DIR/results.tap, junit.xml,\n"
"                               results.json, index.html and summary.md\n"
"  -v, --verbose                show captured output of passing cases too\n"
"      --profile                instead of the suite, measure what creating\n"
"                               processes costs here (fork, vfork,\n"
"                               posix_spawn, exec; fork against resident\n"
"                               memory; copy-on-write) into --report-dir\n"
"                               (default reports): profile.md, .json, .svg\n"
"      --budget SECONDS         time budget of --profile (default 60, at\n"
"                               most 86400)\n"
"      --label NAME             name this platform NAME in results.json\n"
"                               (default: linux-6.1/x86_64/glibc-2.36/gcc\n"
"                               and the like, +qemu-user, +unprivileged)\n"
"  -h, --help                   show this help and exit\n"
"      --version                show the version and exit\n"
"\n";

/* The verdicts, the exit status, the rules of the options, the modes. */
static const char usage_notes[] =
"Verdicts: pass, fail (the platform broke the rule), skip (not applicable\n"
"here) and broken (the case could not run: setup failure, crash, timeout,\n"
"processes left behind).  Exit status: 0 when nothing failed or broke,\n"
"1 otherwise, 2 for a usage error, 128+N when stopped by signal N.\n"
"\n"
"The run ends with the summary and, as TAP comments, one line per case\n"
"that went wrong (\"# failed: ID \xe2\x80\x94 reason\"; also broken,\n"
"interrupted and stale expectation).  They go to stderr too when the TAP\n"
"goes to a file (-o) or, after a signal, to anything but a terminal; they\n"
"are coloured on a terminal unless NO_COLOR is set.  Cases stopped by a\n"
"signal count as interrupted, not broken.\n"
"\n"
"An option that would have no effect is a usage error: --budget without\n"
"--profile, patterns with --profile, --expect with --no-expect, --label\n"
"without --report-dir, an option of the run with --list, a one-value\n"
"option given twice, and the like.  --help and --version ignore the rest.\n"
"\n"
"--compare prints the cases whose verdict differs between two results.json\n"
"files (from --report-dir) and exits 1 if B has a failure that A did not.\n"
"\n"
"--matrix puts the results.json of many runs side by side, one column per\n"
"platform (its label, or LABEL from FILE=LABEL), into --report-dir (default\n"
"reports): matrix.html, matrix.md (differences and scorecards) and\n"
"matrix.json.  It exits 0, or 2 if an input cannot be read.\n"
"\n"
"Environment: FORKCHECK_TIMEOUT_MULTIPLIER scales every timeout;\n"
"FORKCHECK_EMULATOR names the emulator the run is under (none: none; qemu-user\n"
"and valgrind are detected); FORKCHECK_THREADS says what threads are (posix,\n"
"processes for the LinuxThreads model, none; probed once by default: cases that\n"
"need POSIX threads skip otherwise); FORKCHECK_EXEC_PREFIX is the command\n"
"that runs the helper when a case execs it (e.g. qemu-aarch64);\n"
"FORKCHECK_DATADIR holds expect/ and cases/ for a relocated binary; TMPDIR\n"
"holds the cases' private directories; NO_COLOR (set, not empty) turns colour\n"
"off.\n";

void
opt_usage(FILE *f, const char *prog)
{
	fprintf(f, usage_synopsis, prog, prog, prog, prog, prog, prog);
	fputs(usage_options, f);
	fputs(usage_notes, f);
}

/* A decimal integer in [min, max], nothing else. */
int
parse_uint(const char *s, unsigned int min, unsigned int max,
    unsigned int *out)
{
	unsigned long	v;
	char		*end;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = (unsigned int)v;
	return 0;
}

/* A finite number greater than zero, nothing else. */
int
parse_positive(const char *s, double *out)
{
	double	 v;
	char	*end;

	if (s[0] == '\0' || s[0] == ' ' || s[0] == '\t' || s[0] == '-' ||
	    s[0] == '+')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * A number above 0 and at most max, in units of unit ("" for none), into
 * *out; else -1 with one line in err that starts with who.
 */
static int
parse_amount(const char *who, const char *unit, double max, const char *s,
    double *out, char *err, size_t errlen)
{
	if (parse_positive(s, out) == -1) {
		snprintf(err, errlen, "%s: not a positive number%s%s: '%.64s'",
		    who, unit[0] != '\0' ? " of " : "", unit, s);
		return -1;
	}
	if (*out > max) {
		snprintf(err, errlen, "%s: more than %g%s%s: '%.64s'", who,
		    max, unit[0] != '\0' ? " " : "", unit, s);
		return -1;
	}
	return 0;
}

int
opt_env(struct fc_options *o, const char *value, char *err, size_t errlen)
{
	if (value == NULL || value[0] == '\0')
		return 0;
	if (parse_amount("FORKCHECK_TIMEOUT_MULTIPLIER", "", MULTIPLIER_MAX,
	    value, &o->multiplier, err, errlen) == -1)
		return -1;
	o->multiplier_set = 1;
	return 0;
}

/* The options that are not just kept: V_OTHER. */
static int
set_other(struct fc_options *o, const struct optdef *d, const char *arg,
    char *err, size_t errlen)
{
	switch (d->id) {
	case OPT_LIST:
		o->list = 1;
		if (arg == NULL || strcmp(arg, "cases") == 0)
			break;
		if (strcmp(arg, "areas") != 0) {
			snprintf(err, errlen, "--list: not 'cases' or 'areas': "
			    "'%.64s'", arg);
			return -1;
		}
		o->list_areas = 1;
		break;
	case OPT_FAIL_FAST:
		o->max_fail = 1;
		break;
	case OPT_COMPARE:
		snprintf(err, errlen, "--compare comes first and alone: "
		    "--compare A.json B.json");
		return -1;
	case OPT_MULTIPLIER:
		if (parse_amount("--timeout-multiplier", "", MULTIPLIER_MAX,
		    arg, &o->multiplier, err, errlen) == -1)
			return -1;
		o->multiplier_set = 1;
		break;
	}
	return 0;
}

/* Keeps option d with its value arg in o, as its row says. */
static int
set_option(struct fc_options *o, const struct optdef *d, const char *arg,
    char *err, size_t errlen)
{
	void	*field = (char *)o + d->at;
	int	*n = (int *)(void *)((char *)o + d->nat);
	char	 who[32];

	snprintf(who, sizeof(who), "--%s", d->name);
	if (o->given[d->id]++ > 0 && d->hasarg == 1 && d->kind != V_LIST) {
		snprintf(err, errlen, "%s given twice: only one would count",
		    who);
		return -1;
	}
	if ((d->kind == V_NAME || d->kind == V_LIST) && arg[0] == '\0') {
		snprintf(err, errlen, "%s: empty %s", who, d->what);
		return -1;
	}
	switch (d->kind) {
	case V_FLAG:
		*(int *)field = 1;
		break;
	case V_NAME:
		*(const char **)field = arg;
		break;
	case V_LIST:
		(*(char ***)field)[(*n)++] = (char *)arg;
		break;
	case V_COUNT:
		if (parse_uint(arg, 1, (unsigned int)d->max,
		    field) == -1) {
			snprintf(err, errlen, "%s: not an integer from 1 to "
			    "%u: '%.64s'", who, (unsigned int)d->max, arg);
			return -1;
		}
		break;
	case V_AMOUNT:
		return parse_amount(who, d->what, d->max, arg,
		    field, err, errlen);
	default:
		return set_other(o, d, arg, err, errlen);
	}
	return 0;
}

/* The long option named by s (up to '=' or the end), or NULL. */
static const struct optdef *
find_long(const char *s, size_t len, char *err, size_t errlen)
{
	const struct optdef	*d, *found = NULL;
	int			 n = 0;

	for (d = optdefs; d->name != NULL; d++) {
		if (strncmp(d->name, s, len) != 0)
			continue;
		if (strlen(d->name) == len)
			return d;
		found = d;
		n++;
	}
	if (n == 1)
		return found;
	snprintf(err, errlen, "%s option '--%.*s'",
	    n == 0 ? "unknown" : "ambiguous", (int)len, s);
	return NULL;
}

static const struct optdef *
find_short(int c)
{
	const struct optdef	*d;

	for (d = optdefs; d->name != NULL; d++)
		if (d->letter != 0 && d->letter == c)
			return d;
	return NULL;
}

/* The name of option id, as --name. */
static const char *
opt_name(int id)
{
	const struct optdef	*d;

	for (d = optdefs; d->name != NULL; d++)
		if (d->id == id)
			return d->name;
	return "?";
}

/*
 * What each mode reads: an option given outside its modes would have no
 * effect, and an option silently ignored is a lie about the run.
 */
#define M_RUN	0x1
#define M_LIST	0x2
#define M_PROF	0x4
#define M_MATRIX 0x8
static const int modes_of[OPT_NIDS] = {
	[OPT_LIST] = M_LIST,
	[OPT_VERBOSE] = M_RUN,
	[OPT_JOBS] = M_RUN,
	[OPT_TAP] = M_RUN,
	[OPT_MULTIPLIER] = M_RUN,
	[OPT_REPEAT] = M_RUN,
	[OPT_EXPECT] = M_RUN | M_LIST,	/* --list warns of stale ones */
	[OPT_NO_EXPECT] = M_RUN,
	[OPT_REPORT_DIR] = M_RUN | M_PROF | M_MATRIX,
	[OPT_EXTERNAL] = M_RUN | M_LIST,
	[OPT_NO_EXTERNAL] = M_RUN | M_LIST,
	[OPT_PROFILE] = M_PROF,
	[OPT_BUDGET] = M_PROF,
	[OPT_MATRIX] = M_MATRIX,
	[OPT_LABEL] = M_RUN,
	[OPT_EXCLUDE] = M_RUN | M_LIST,
	[OPT_MAX_FAIL] = M_RUN,
	[OPT_FAIL_FAST] = M_RUN,
	[OPT_RERUN_FAILED] = M_RUN | M_LIST,
};

static const char *
mode_name(int mode)
{
	switch (mode) {
	case M_LIST:
		return "--list";
	case M_PROF:
		return "--profile";
	case M_MATRIX:
		return "--matrix";
	default:
		return "a run";
	}
}

/*
 * Refuses a combination in which an option would have no effect: one
 * line in err, -1.  --help and --version win over everything.
 */
int
opt_check(struct fc_options *o, char *err, size_t errlen)
{
	int	mode, id;

	if (o->help || o->version)
		return 0;
	if (o->list + o->profile + o->matrix > 1) {
		snprintf(err, errlen, "--%s and --%s cannot be combined",
		    o->list ? "list" : "profile", o->matrix ? "matrix" :
		    "profile");
		return -1;
	}
	mode = o->matrix ? M_MATRIX : o->profile ? M_PROF : o->list ? M_LIST :
	    M_RUN;
	for (id = OPT_LIST; id < OPT_NIDS; id++) {
		if (!o->given[id] || (modes_of[id] & mode))
			continue;
		if (id == OPT_BUDGET)
			snprintf(err, errlen, "--budget has no effect without "
			    "--profile");
		else if (id == OPT_LABEL && mode == M_MATRIX)
			snprintf(err, errlen, "--label has no effect with "
			    "--matrix: name a file's column as FILE=LABEL");
		else
			snprintf(err, errlen, "--%s has no effect with %s",
			    opt_name(id), mode_name(mode));
		return -1;
	}
	if (mode == M_PROF && o->npatterns > 0) {
		snprintf(err, errlen, "--profile measures no cases: it takes "
		    "no pattern ('%.64s')", o->patterns[0]);
		return -1;
	}
	if (o->given[OPT_EXPECT] && o->given[OPT_NO_EXPECT]) {
		snprintf(err, errlen, "--no-expect and --expect cannot be "
		    "combined");
		return -1;
	}
	if (o->given[OPT_EXTERNAL] && o->given[OPT_NO_EXTERNAL]) {
		snprintf(err, errlen, "--no-external and --external cannot be "
		    "combined");
		return -1;
	}
	if (o->given[OPT_MAX_FAIL] + o->given[OPT_FAIL_FAST] > 1) {
		snprintf(err, errlen, "--fail-fast is --max-fail 1: give one "
		    "of them, once");
		return -1;
	}
	if (o->given[OPT_LABEL] && o->report_dir == NULL) {
		snprintf(err, errlen, "--label has no effect without "
		    "--report-dir (it names the platform in results.json)");
		return -1;
	}
	return 0;
}

/*
 * The long option argv[*i] (past its "--"), with its value from "=value"
 * or the next argument (then *i moves on to it): 0, or -1 with one line
 * in err.
 */
static int
long_option(struct fc_options *o, int argc, char **argv, int *i, char *err,
    size_t errlen)
{
	const struct optdef	*d;
	const char		*a = argv[*i] + 2, *eq, *val;

	eq = strchr(a, '=');
	d = find_long(a, eq ? (size_t)(eq - a) : strlen(a), err, errlen);
	if (d == NULL)
		return -1;
	if (d->hasarg == 0 && eq != NULL) {
		snprintf(err, errlen, "option '--%s' takes no value", d->name);
		return -1;
	}
	val = d->hasarg == 2 && eq != NULL ? eq + 1 : NULL;
	if (d->hasarg == 1) {
		if (eq != NULL)
			val = eq + 1;
		else if (*i + 1 < argc)
			val = argv[++*i];
		else {
			snprintf(err, errlen, "option '--%s' needs a value",
			    d->name);
			return -1;
		}
	}
	return set_option(o, d, val, err, errlen);
}

/*
 * The cluster of short options argv[*i] (past its "-"): the one that takes
 * a value ends it, its value the rest of the cluster or the next argument
 * (then *i moves on to it).  0, or -1 with one line in err.
 */
static int
short_options(struct fc_options *o, int argc, char **argv, int *i,
    char *err, size_t errlen)
{
	const struct optdef	*d;
	const char		*a = argv[*i], *val;
	int			 j;

	for (j = 1; a[j] != '\0'; j++) {
		if ((d = find_short(a[j])) == NULL) {
			snprintf(err, errlen, "unknown option '-%c'", a[j]);
			return -1;
		}
		val = NULL;
		if (d->hasarg == 1) {
			if (a[j + 1] != '\0')
				val = a + j + 1;
			else if (*i + 1 < argc)
				val = argv[++*i];
			else {
				snprintf(err, errlen, "option '-%c' needs a "
				    "value", a[j]);
				return -1;
			}
		}
		if (set_option(o, d, val, err, errlen) == -1)
			return -1;
		if (d->hasarg == 1)
			break;
	}
	return 0;
}

/* Fills o from argv; returns 0, or -1 with one line in err. */
int
opt_parse(struct fc_options *o, int argc, char **argv, char *err,
    size_t errlen)
{
	const char	*a;
	int		 i, dashdash = 0;

	o->patterns = calloc((size_t)argc + 1, sizeof(char *));
	o->expect = calloc((size_t)argc + 1, sizeof(char *));
	o->external = calloc((size_t)argc + 1, sizeof(char *));
	o->exclude = calloc((size_t)argc + 1, sizeof(char *));
	if (o->patterns == NULL || o->expect == NULL || o->external == NULL ||
	    o->exclude == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	o->npatterns = 0;
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (dashdash || a[0] != '-' || a[1] == '\0')
			o->patterns[o->npatterns++] = argv[i];
		else if (strcmp(a, "--") == 0)
			dashdash = 1;
		else if (a[1] == '-') {
			if (long_option(o, argc, argv, &i, err, errlen) == -1)
				return -1;
		} else if (short_options(o, argc, argv, &i, err, errlen) == -1)
			return -1;
	}
	return opt_check(o, err, errlen);
}

/* Frees what opt_parse() allocated. */
void
opt_free(struct fc_options *o)
{
	free(o->patterns);
	free(o->expect);
	free(o->external);
	free(o->exclude);
	o->patterns = o->expect = o->external = o->exclude = NULL;
}
