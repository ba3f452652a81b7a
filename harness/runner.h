/*
 * runner.h: the runner's internals, shared by the harness sources and
 * the unit tests.  Case authors include forkcheck.h only.
 */

#ifndef RUNNER_H
#define RUNNER_H

#include <sys/types.h>

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "compat.h"
#include "forkcheck.h"

/* buf.c: a growable byte string, always NUL-terminated. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void	buf_add(struct buf *, const void *, size_t);
void	buf_adds(struct buf *, const char *);
void	buf_printf(struct buf *, const char *, ...) FC_PRINTFLIKE(2, 3);
void	buf_reset(struct buf *);
void	buf_free(struct buf *);
char	*buf_steal(struct buf *);
int	buf_load(struct buf *, const char *);
int	buf_load_text(struct buf *, const char *, char *, size_t);

/* capture.c: keeps the first and the last CAP_HALF bytes of a stream. */
#define CAP_HALF	32768
struct capture {
	char	*head;		/* CAP_HALF bytes each, from cap_init() */
	char	*tail;		/* ring buffer */
	size_t	 headlen;
	size_t	 tailpos;	/* next write position in tail */
	size_t	 taillen;
	uint64_t total;
};
void	cap_init(struct capture *);
void	cap_reset(struct capture *);
void	cap_add(struct capture *, const char *, size_t);
void	cap_text(const struct capture *, struct buf *);

/* clock.c: monotonic time and deadlines, in nanoseconds. */
int64_t	clock_ns(void);
int64_t	timeout_ns(double, double);
int	slice_ms(int64_t, int64_t, int);
void	fmt_seconds(char *, size_t, int64_t);

/* status.c: wait statuses, signal names, names of enumerations. */
const char *sig_name(int);
const char *name_of(const char *const *, size_t, size_t, const char *);
enum fc_verdict verdict_of_exit(int);

/* options.c */
struct fc_options {
	int		 list;
	int		 verbose;
	int		 help;
	int		 version;
	unsigned int	 jobs;
	unsigned int	 repeat;
	double		 multiplier;
	const char	*tap_path;
	char		**patterns;
	int		 npatterns;
	const char	*report_dir;	/* --report-dir */
	char		**expect;	/* --expect files */
	int		 nexpect;
	int		 no_expect;	/* --no-expect: no default file */
	char		**external;	/* --external manifests */
	int		 nexternal;
	int		 no_external;	/* --no-external */
	int		 multiplier_set; /* by option or environment */
	int		 profile;	/* --profile */
	double		 budget;	/* --budget, seconds */
	char		 chosen[128];	/* why the multiplier was chosen */
	char		 expect_used[2600]; /* the files, for the header */
	int		 matrix;	/* --matrix: patterns are results */
	const char	*label;		/* --label */
	int		 list_areas;	/* --list=areas */
	char		**exclude;	/* --exclude patterns */
	int		 nexclude;
	unsigned int	 max_fail;	/* --max-fail, --fail-fast; 0: none */
	const char	*rerun;		/* --rerun-failed results.json */
	unsigned int	 given[32];	/* how often each option was given */
};
int	opt_parse(struct fc_options *, int, char **, char *, size_t);
int	opt_env(struct fc_options *, const char *, char *, size_t);
int	opt_check(struct fc_options *, char *, size_t);
int	parse_uint(const char *, unsigned int, unsigned int, unsigned int *);
int	parse_positive(const char *, double *);
void	opt_usage(FILE *, const char *);
void	opt_free(struct fc_options *);

/* select.c */
int	sel_match(const char *, const char *);
int	sel_cases(const struct fc_area *, char **, int,
	    const struct fc_case ***, size_t *, char *, size_t);
struct results;
int	sel_exclude(const struct fc_area *, char **, int,
	    const struct fc_case **, size_t *, char *, size_t);
int	sel_failed_verdict(const char *);
void	sel_failed(const struct results *, const struct fc_case **, size_t *);
#define ID_MAX	128		/* bytes of a case id */
int	id_valid(const char *);
int	id_pattern_valid(const char *);
int	text_valid(const char *, size_t, size_t *);
struct text {			/* a text read line by line */
	const char	*p, *stop;	/* what is left of it */
	const char	*name;		/* its file, for messages */
	unsigned int	 lineno;	/* of the line read last */
};
int	text_line(struct text *, const char **, size_t *, char *, size_t);

/* api.c: whether a process runs as this uid (or gid), for fc_unprivileged() */
int	uid_in_use(uid_t);

/* expect.c */
struct expectation {
	char		*pattern;	/* case id or glob */
	char		*reason;
	const char	*source;	/* the file it came from */
	unsigned int	 line;		/* and its line there */
	int		 used;		/* matched a case of this run */
};
struct expectations {
	struct expectation	*list;
	size_t			 n;
};
int	expect_parse(struct expectations *, const char *, const char *, char *,
	    size_t);
int	expect_parse_text(struct expectations *, const char *, const char *,
	    size_t, char *, size_t);
int	expect_load(struct expectations *, const char *, char *, size_t);
const struct expectation *expect_find(struct expectations *, const char *);
void	expect_free(struct expectations *);

/* external.c */
struct externals {
	struct fc_case	*cases;		/* ends with an id of NULL */
	size_t		 n;
	const struct fc_area *builtin;	/* ids a manifest may not reuse */
	struct fc_area	*areas;		/* made by external_areas() */
};
int	external_load(struct externals *, const char *, char *, size_t);
int	external_parse(struct externals *, const char *, const char *, size_t,
	    const char *, char *, size_t);
void	external_free(struct externals *);
const struct fc_area *external_areas(const struct fc_area *,
	    struct externals *);
enum fc_verdict external_run(const struct fc_case *);
char *const *external_argv(const struct fc_case *);
void	last_line(struct buf *, const char *, size_t);

/* tap.c */
struct result {
	const struct fc_case	*c;
	enum fc_verdict		 verdict;
	int			 status;	/* wait status, -1 if none */
	int			 flags;		/* RES_* */
	int64_t			 duration_ns;
	char			*msg;
	char			*at;
	char			*notes;
	char			*out;
	char			*err;
	size_t			 outlen;
	size_t			 errlen;
	const char		*expected;	/* known deviation: why */
};
#define RES_TIMEOUT	0x01	/* the hang guard fired */
#define RES_KILLED	0x02	/* SIGTERM was not enough */
#define RES_INTERRUPTED	0x04	/* forkcheck was told to stop */
#define RES_LEFTOVER	0x08	/* processes were left behind */
#define RES_ESCAPED	0x10	/* containment could not reach everything */
#define RES_HELD	0x20	/* something held the pipes as the case ended */
#define RES_NOTRUN	0x40	/* a skip: not run after --max-fail */

struct tap_counts {
	unsigned int	pass, fail, skip, broken;
	unsigned int	xfail;		/* expected failures */
	unsigned int	xpass;		/* expected to fail, but passed */
	unsigned int	interrupted;	/* of broken: stopped by a signal */
	unsigned int	notrun;		/* of skip: not run, --max-fail */
};
size_t	utf8_len(const unsigned char *, size_t);
void	quote_str(struct buf *, const char *, size_t, int);
void	text_escape(struct buf *, const char *, size_t, const char *const[128],
	    const char *);
void	tap_yaml_quote(struct buf *, const char *, size_t);
void	tap_yaml_text(struct buf *, const char *, const char *, size_t);
void	tap_desc(struct buf *, const char *, size_t);
void	tap_format(struct buf *, unsigned int, const struct result *, int);
void	tap_count(struct tap_counts *, const struct result *);
void	tap_summary(struct buf *, const struct tap_counts *);
int	tap_problem(struct buf *, const struct result *, unsigned int);
const char *verdict_name(enum fc_verdict);

/* api.c: the record a case child fills in, in memory shared with its worker. */
struct fc_record {
	int	 verdict;	/* -1 until a helper or run() sets it */
	int	 line;
	int	 runaway;	/* a sub-child returned from run() */
	char	 file[128];
	char	 msg[1024];
	size_t	 notelen;
	char	 notes[4096];
};
extern struct fc_record	*fc_rec;
extern const char	*fc_dir;
extern const struct fc_case *fc_current;	/* the case a child runs */
extern double		 fc_multiplier;		/* for fc_guard_ms() */
extern char		 fc_self[];		/* forkcheck's own path */
void	self_path(const char *);

/* datadir.c: where expect/ and cases/external.list are. */
struct datadir {
	int		 found;
	const char	*how;		/* where it was found */
	char		 expect[PATH_MAX];
	char		 cases[PATH_MAX];
	char		 tried[4 * PATH_MAX];	/* when not found */
};
const struct datadir *datadir(void);
void	rec_reset(struct fc_record *);
void	coverage_resume(void);
void	rec_note(struct fc_record *, const char *, ...) FC_PRINTFLIKE(2, 3);

/* osdep-*.c: containment. */
int	 osdep_reaper(void);
int	 osdep_kill_children(int);
const char *osdep_containment(void);
void	 osdep_libc(char *, size_t, char *, size_t);
int	 osdep_emulator(char *, size_t, char *, size_t);
int	 osdep_real_exe(char *, size_t);
int	 osdep_hugepages(void *, size_t, int);
int	 osdep_count_threads(pid_t, long *, const char **);
int	 osdep_reaper_owned(void);
long	 osdep_user_tasks(uid_t);
int	 osdep_children(pid_t *, int);
void	 osdep_proc_brief(pid_t, char *, size_t);
int	 osdep_pipe_holders(int, pid_t *, int);

/* platform.c: what a report says about where it ran. */
struct platform {
	char		 system[80];
	char		 release[128];
	char		 machine[80];
	char		 libc[32];
	char		 libc_version[64];
	const char	*compiler;
	const char	*configure;
	const char	*containment;
	const char	*emulator;
	long		 uid;
	long		 euid;
	char		 started[32];	/* ISO 8601, UTC */
	char		 label[256];	/* platform_label(), or --label */
};
void	platform_get(struct platform *, int);
void	platform_label(char *, size_t, const struct platform *);
void	platform_set_label(const char *);
void	platform_line(struct buf *, const struct platform *);
void	platform_key(char *, size_t, const struct platform *);
void	emulator_init(void);
const char *emulator_how(void);
double	fork_cycle_ms(void);
/* The platform's speed (platform.c): fastest samples, in ms. */
struct speed {
	int	measured;
	int	nfork;		/* fork cycle samples */
	int	nloop;		/* CPU loop samples */
	double	fork_ms;	/* fork() in the parent; -1: failed */
	double	cycle_ms;	/* fork, _exit, waitpid */
	double	loop_ms;
};
#define FORK_REF_MS	0.5	/* a fork on an ordinary machine... */
#define LOOP_REF_MS	0.1	/* ...and a CPU loop, both generous */
#define MULTIPLIER_AUTO	20	/* the most chosen automatically */
#define MULTIPLIER_EMU	10	/* the least under an emulator */
const struct speed *speed_measure(void);
double	multiplier_of(double, double, double);
double	emulator_floor(const char *);
void	multiplier_choose(struct fc_options *);

/* report.c */
struct report {
	const struct platform	 *plat;
	struct result		**res;		/* in case order */
	size_t			  n;
	size_t			  repeat;
	unsigned int		  jobs;
	double			  multiplier;
	int64_t			  wall_ns;
	int			  interrupted;
	struct tap_counts	  counts;
	struct buf		  platform;	/* scratch */
};
const char *tier_name(enum fc_tier);
void	json_str(struct buf *, const char *, size_t);
void	json_strz(struct buf *, const char *);
void	json_member(struct buf *, const char *, const char *, const char *);
void	xml_text(struct buf *, const char *, size_t);
void	xml_wrap(struct buf *, const char *, const char *, size_t,
	    const char *);
void	xml_wrapz(struct buf *, const char *, const char *, const char *);
int	report_write(const char *, struct report *);
int	write_file(const char *, const char *, const struct buf *);
extern const char html_style[];		/* index.html and matrix.html */
extern const char html_filter_script[];
extern const char html_form_start[], html_select_end[], html_form_end[];
void	html_select(struct buf *, const char *, const char *);
void	html_option(struct buf *, const char *, size_t, const char *);
struct rfile {			/* a report written beside its final name */
	char	 path[4096];
	char	 tmp[4200];
	FILE	*f;
};
int	report_open_tmp(struct rfile *, const char *, const char *);
int	report_commit(struct rfile *);
void	report_abort(struct rfile *);
int	report_mkdir(const char *);

/* compare.c */
int	compare_main(const char *, const char *, const char *);

/* json.c: a strict JSON reader. */
#define JSON_DEPTH_MAX	64	/* nesting of arrays and objects */
enum json_type {
	JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING,
	JSON_ARRAY, JSON_OBJECT
};
struct json {
	enum json_type	 type;
	char		*key;		/* its name, as a member of an object */
	size_t		 keylen;
	char		*s;		/* a string (UTF-8), a number's text */
	size_t		 len;
	double		 num;		/* a number's value */
	struct json	*kid;		/* elements or members, in file order */
	size_t		 n;
};
int	json_parse(struct json *, const char *, size_t, char *, size_t);
void	json_free(struct json *);
const char *json_type_name(enum json_type);
const struct json *jobject_get(const struct json *, const char *);
int	jobject_each(const struct json *,
	    int (*)(const struct json *, void *), void *);
int	json_is(const struct json *, const char *);
int	json_long(const struct json *, long *);
void	text_safe(struct buf *, const char *, size_t);

/* results.c: results.json, read back (the schema is in reports/README.md). */
#define RESULTS_SCHEMA	"forkcheck-results/1"
struct rplatform {		/* every field may be NULL when absent in the file */
	char	*system, *release, *machine, *libc, *libc_version, *compiler,
		*emulator, *containment, *label;
	long	 uid, euid;	/* -1 when absent */
	double	 multiplier;	/* 0 when absent */
};
struct rcase {
	char	*id, *area, *spec, *tier, *verdict, *expected, *message, *at;
	unsigned int run;	/* --repeat index, 0 when absent */
};
struct results {
	char		*path;
	char		*forkcheck;	/* the version that wrote it */
	struct rplatform plat;
	struct rcase	*cases;		/* sorted by id (then run) */
	size_t		 n;
};
int	results_load(struct results *, const char *, char *, size_t);
int	results_parse(struct results *, const char *, const char *, size_t,
	    char *, size_t);
void	results_free(struct results *);
const struct rcase *results_find(const struct results *, const char *);

/* profile.c */
int	profile_main(const char *, double);

/* matrix.c: forkcheck --matrix, many runs side by side. */
enum { MATRIX_HTML, MATRIX_MD, MATRIX_JSON };
struct results;
void	matrix_write(struct buf *, const struct results *, const char *const *,
	    const char *const *, size_t, size_t *);
int	matrix_main(const struct fc_options *, const char *);

/* sched.c and worker.c */
struct shared;
struct runner {
	const struct fc_options	 *opt;
	const struct fc_case	**cases;
	size_t			  ncases;
	size_t			  njobs;	/* ncases * repeat */
	char			  tmpdir[1024];
	int			  reaper;	/* workers are subreapers */
	struct shared		 *sh;
	struct expectations	  expect;
	struct platform		  plat;
};
int	run_suite(struct runner *, FILE *);
/* fit.c: the multiplier and -j for this platform, or exit 2. */
struct fit {
	long	nofile;		/* RLIMIT_NOFILE, -1: none */
	long	open;		/* descriptors the runner holds */
	long	nproc;		/* RLIMIT_NPROC, -1: not binding */
	long	tasks;		/* the user's processes and threads */
	long	per;		/* tasks per process of ours */
};
/*
 * A worker's descriptors while a case runs: 0-2, result pipe, self-pipe
 * (2), /dev/null, case directory (2), capture pipes (4).  The scheduler's
 * besides those it holds at the start and one per worker: wake-up pipe
 * (2), run directory, the -o file, results.tap, a report file, the other
 * end of a worker's pipe while it forks.  A worker's tasks: itself, its case
 * child and the least a case forks.
 */
#define WORKER_FDS	13
#define SCHED_FDS	7
#define WORKER_TASKS	6
unsigned int fit_jobs(const struct fit *, unsigned int, char *, size_t);
void	run_fit(struct fc_options *, struct runner *);
void	worker_main(struct runner *, unsigned int, int) FC_DEAD;

/*
 * worker.c: one run of a case, from its start to its verdict.  The worker
 * fills it in as the case runs; judge() turns it into the verdict.
 */
#define LEFT_MAX	16		/* pids named in a verdict */
struct run {
	const struct fc_case	*c;
	struct fc_record	*rec;		/* what the case recorded */
	const struct capture	*out;		/* what it printed */
	const struct capture	*err;
	int64_t			 limit;		/* its timeout, ns */
	int			 error;		/* errno: it could not start */
	int			 dirty;		/* errno: its directory stayed */
	pid_t			 pid;
	int			 reaped;	/* the case child is reaped */
	int			 status;	/* wait status, -1 if none */
	int			 flags;		/* RES_* */
	int			 stopsig;	/* why the run was interrupted */
	int64_t			 start;
	int64_t			 end;
	pid_t			 left[LEFT_MAX]; /* processes left behind */
	size_t			 nleft;
	char			 escape[512];	/* what escaped, why */
};
enum fc_verdict judge(struct run *, struct buf *, struct buf *);
void	name_pids(struct buf *, const pid_t *, int);
int	rmtree_at(int, const char *);
int	empty_dir(int);

/* dir.c: case directories, and the run's own (dead runs' swept away). */
int	dir_reset(DIR *, int);
const char *tmp_base(void);
int	rundir_make(const char *, char *, size_t, int *);
int	rundir_remove(const char *, int);
pid_t	rundir_owner(const char *);
int	rundir_sweep(const char *);

/* The R-W wire format: a header, then the strings, in this order. */
struct wire {
	uint32_t	job;
	int32_t		verdict;
	int32_t		status;
	int32_t		flags;
	int64_t		duration_ns;
	uint32_t	len[5];		/* msg, at, notes, out, err */
};

#endif /* !RUNNER_H */
