/*
 * forkcheck.h: everything a case author needs.
 *
 * A case is a function returning a verdict, listed in its file's table
 * (cases/index.c lists the tables):
 *
 *	const struct fc_case fc_fd_cases[] = {
 *		{ .id = "fd.same-ofd", .spec = "XSH fork: ...",
 *		  .run = same_ofd },
 *		{ .id = "fd.memfd", MEMFD_ROW, .spec = "..." },
 *		{ .id = NULL }
 *	};
 *
 * where MEMFD_ROW is ".run = memfd" or, compiled out, ".absent = why".
 * The runner calls run(row) in a fresh child: its own process group, stdin
 * from /dev/null, stdout and stderr captured through pipes,
 * default signal dispositions, an empty signal mask and an empty private
 * working directory.  See README.md, "The case contract".
 */

#ifndef FORKCHECK_H
#define FORKCHECK_H

#include <sys/types.h>
#include <sys/wait.h>

#include <signal.h>
#include <stddef.h>
#include <time.h>

#if defined(__GNUC__) || defined(__clang__)
#define FC_PRINTFLIKE(f, a)	__attribute__((__format__(__printf__, f, a)))
#define FC_DEAD			__attribute__((__noreturn__))
#define FC_UNUSED		__attribute__((__unused__))
#else
#define FC_PRINTFLIKE(f, a)
#define FC_DEAD
#define FC_UNUSED
#endif

/* Exit codes follow automake: 0 pass, 1 fail, 77 skip, 99 hard error. */
enum fc_verdict {
	FC_PASS = 0,		/* the platform followed the rule */
	FC_FAIL = 1,		/* the platform broke the rule */
	FC_SKIP = 77,		/* not applicable here (reason given) */
	FC_BROKEN = 99		/* our own setup failed */
};

/* Portability tier, from the catalogue. */
enum fc_tier {
	FC_CORE = 0,		/* [core]: POSIX requires it */
	FC_OPT,			/* [opt:X]: a POSIX option */
	FC_XSI,			/* [xsi] */
	FC_LINUX,		/* [linux] */
	FC_BSD,			/* [bsd] */
	FC_MACOS,		/* [macos] */
	FC_QOI,			/* [qoi]: reported, never fails */
	FC_PROBE		/* [probe]: recorded, never fails */
};

/*
 * A case.  The id is the catalogue's row with its area as prefix
 * ("fd-same-ofd" -> "fd.same-ofd"); where a row needs several
 * independent checks, each is a case of its own, "fd.dirstream/sharing".
 * A case of tier FC_QOI or FC_PROBE never fails: a failure it reports is
 * recorded as an observation and the case passes.
 *
 * run() is passed its own row, so one function can serve several rows
 * that differ only in a parameter: it reads c->arg (a constant of the
 * table's file; a run() that needs no row declares its parameter
 * FC_UNUSED).  A row compiled out on this platform names no run() and
 * says why in .absent; the runner reports it as a skip with that reason
 * without starting a child.
 */
struct fc_case {
	const char	*id;		/* "area.row" or "area.row/part" */
	const char	*spec;		/* the clause it checks */
	enum fc_tier	 tier;
	double		 timeout;	/* seconds; 0 means FC_TIMEOUT */
	enum fc_verdict	(*run)(const struct fc_case *);
	const void	*arg;		/* the row's parameter, for run() */
	const char	*absent;	/* compiled out here: why (reported as skip) */
	int		(*helper)(int, char **);	/* see fc_exec_helper() */
};

#define FC_TIMEOUT	5.0		/* default hang guard, in seconds */

/* The index (cases/index.c): one table per area, ends with { NULL }. */
struct fc_area {
	const char		*name;
	const struct fc_case	*cases;
};
extern const struct fc_area fc_areas[];

/*
 * Whether the suite's defaults apply: this platform's expectations and the
 * external cases of cases/external.list (the conformance suite: yes).
 */
extern const int fc_suite_defaults;

/*
 * Verdicts with a reason.  Each records its message with the caller's
 * file and line and returns the verdict, so a case writes
 * "return fc_fail("offset %lld, want %lld", ...);".  fc_broken() appends
 * strerror(errno); fc_brokenx() does not.  fc_verdict_at() is what they
 * call: verdict v, strerror(errno) appended when with_errno is not 0.
 */
enum fc_verdict	fc_verdict_at(const char *file, int line, enum fc_verdict v,
		    int with_errno, const char *fmt, ...) FC_PRINTFLIKE(5, 6);
void		fc_note(const char *, ...) FC_PRINTFLIKE(1, 2);

#define fc_fail(...)	\
	fc_verdict_at(__FILE__, __LINE__, FC_FAIL, 0, __VA_ARGS__)
#define fc_skip(...)	\
	fc_verdict_at(__FILE__, __LINE__, FC_SKIP, 0, __VA_ARGS__)
#define fc_broken(...)	\
	fc_verdict_at(__FILE__, __LINE__, FC_BROKEN, 1, __VA_ARGS__)
#define fc_brokenx(...)	\
	fc_verdict_at(__FILE__, __LINE__, FC_BROKEN, 0, __VA_ARGS__)

/*
 * Processes.  fc_fork() flushes stdio and forks.  A child leaves with
 * fc_exit(), which saves coverage data and calls _exit().
 */
pid_t		fc_fork(void);
void		fc_exit(int) FC_DEAD;

/*
 * A sub-child with a result pipe: fc_sub_fork() returns like fork().  In
 * the child, sub->fd is the write end; in the parent, the read end.
 * fc_sub_report(fd, rep, len) ends a child: it writes its report of len
 * bytes to fd and exits 0, or 1 when the write failed.
 * fc_sub_wait() closes the parent's end and reaps the child.
 * fc_sub_collect() reads the child's report of len bytes and reaps it:
 * FC_PASS when the whole report came and the child exited 0; a child
 * killed by a signal is a fail (the platform's), any other end broken.
 */
struct fc_sub {
	pid_t	pid;
	int	fd;
};
pid_t		fc_sub_fork(struct fc_sub *);
void		fc_sub_report(int, const void *, size_t) FC_DEAD;
int		fc_sub_wait(struct fc_sub *, int *);
enum fc_verdict	fc_sub_collect_at(const char *, int, struct fc_sub *, void *,
		    size_t);
#define fc_sub_collect(sub, rep, len) \
	fc_sub_collect_at(__FILE__, __LINE__, (sub), (rep), (len))

/*
 * I/O and synchronisation, all EINTR-safe.  fc_read_all() returns the
 * number of bytes read, less than asked only at end of file, or -1.
 * fc_read_file() reads a whole small file (/proc) into buf, NUL-terminated:
 * its length, or -1 (EFBIG when it does not fit in len - 1 bytes).
 * fc_sync_wait() returns 0 on a byte, -1 with errno EPIPE at end of file.
 */
int		fc_pipe(int [2]);
ssize_t		fc_read_all(int, void *, size_t);
ssize_t		fc_read_file(const char *, char *, size_t);
int		fc_write_all(int, const void *, size_t);
int		fc_sync_post(int);
int		fc_sync_wait(int);
void		fc_close(int *);

/*
 * A gate: a pipe that holds one process until another opens it.  Made
 * with fc_gate_init() before fork; each process then keeps its end: the
 * one that waits calls fc_gate_waiter(), the one that opens it
 * fc_gate_opener().  fc_gate_open() writes a byte; closing the opener's
 * end (fc_gate_close(), or its death) opens it for good.  fc_gate_wait()
 * returns 0 on a byte, -1 with errno EPIPE at end of file: a process that
 * dies cannot leave the other waiting, which no timer could promise.
 * fc_gate_close() closes whatever ends the caller still holds.
 */
struct fc_gate {
	int	rd;
	int	wr;
};
int		fc_gate_init(struct fc_gate *);
void		fc_gate_waiter(struct fc_gate *);
void		fc_gate_opener(struct fc_gate *);
int		fc_gate_open(struct fc_gate *);
int		fc_gate_wait(struct fc_gate *);
void		fc_gate_close(struct fc_gate *);

/*
 * Waiting: waitpid(), waitid() and wait() restarted after EINTR (a case's
 * own signal handlers may interrupt them).  fc_status() describes a wait
 * status ("exited 3").
 */
pid_t		fc_waitpid(pid_t, int *, int);
int		fc_waitid(idtype_t, id_t, siginfo_t *, int);
pid_t		fc_wait(int *);
const char	*fc_status(int, char *, size_t);

/*
 * A fork that returned the wrong value: fc_forked_child(self) tells a
 * child forked since our pid was self by its identity (its getpid()
 * differs, or its parent is self), async-signal-safe; fc_reap_forked()
 * reaps by the pid fork returned or, if no child has it, any child, so
 * the case can say fail, not broken; it returns 0, or -1 with errno set.
 */
int		fc_forked_child(pid_t);
int		fc_reap_forked(pid_t, int *);

/*
 * Privileges.  fc_unprivileged() turns the calling process, which must be
 * a disposable child, into one with no privilege: when it runs as root
 * it switches to an unused uid and gid (unique among running cases).
 * Returns 0, or -1 with errno set.
 */
int		fc_unprivileged(void);

/* The case's private working directory (its cwd when run() starts). */
const char	*fc_tmpdir(void);

/*
 * A module (a shared object built for the cases to dlopen()) by file
 * name: its path in path, 0; or -1 when it is found nowhere.
 */
int		fc_module_path(const char *, char *, size_t);

/*
 * Exec'ing a new image.  fc_exec_helper() replaces the calling process
 * (a child the case forked) with forkcheck itself running the case's
 * .helper function with argv { id, args... }; the helper's return value
 * is the exit status.  It returns only on failure, -1 with errno set.
 * Under an emulator without binfmt_misc, $FORKCHECK_EXEC_PREFIX names
 * the command that runs target binaries (qemu-aarch64).
 */
int		fc_exec_helper(char *const []);

/*
 * The argument vector fc_exec_helper() would exec, for posix_spawnp():
 * argv[0] is the program to run (forkcheck itself, or the emulator of
 * $FORKCHECK_EXEC_PREFIX in front of it).  Fills at most n entries, the
 * last one NULL; returns 0, or -1 with errno set.
 */
int		fc_helper_argv(char *[], size_t, char *const []);

/*
 * The emulator forkcheck runs under ("qemu-aarch64"), or NULL: from
 * $FORKCHECK_EMULATOR, which the test scripts set from TEST_EMULATOR.
 * For cases whose rule an emulator cannot honour, to skip with a reason.
 */
const char	*fc_emulator(void);

/*
 * Guards.  fc_guard_ms(base) is base milliseconds scaled by the run's
 * timeout multiplier (--timeout-multiplier; in an exec'd helper,
 * $FORKCHECK_TIMEOUT_MULTIPLIER), at least 1, at most INT_MAX: for a
 * wait that is only a safety net, something the platform should deliver
 * at once.  A guard that expires means our wait was too short, not that
 * the platform broke a rule: the case says broken ("guard of N ms
 * expired waiting for ..."), never fail.  fc_guard_ts() gives the same
 * guard as a timespec (sigtimedwait, ppoll).
 */
int		fc_guard_ms(int);
struct timespec	fc_guard_ts(int);

/*
 * fc_read_guarded(fd, buf, len, &n, base) reads fd until end of file, for
 * at most fc_guard_ms(base) in all, keeping the first len bytes in buf
 * (*n of them; buf may be NULL with len 0) and discarding the rest.
 * Returns 0 at end of file, 1 when the guard expired, -1 on error.
 */
int		fc_read_guarded(int, void *, size_t, size_t *, int);

/*
 * Rounds of a repeated check: fc_rounds_more(&r) is true while fewer than
 * max rounds ran and, past the first min, the budget_ms of wall time since
 * fc_rounds_start() is not spent.  A budget on the amount of work, never
 * a verdict: a slow platform runs fewer rounds (at least min), it does
 * not fail.  r.done counts the rounds run.
 */
struct fc_rounds {
	int		min, max, budget_ms, done;
	struct timespec	start;
};
void		fc_rounds_start(struct fc_rounds *, int, int, int);
int		fc_rounds_more(struct fc_rounds *);

/*
 * Burns ms milliseconds of the given CPU-time clock (for example
 * CLOCK_PROCESS_CPUTIME_ID) without sleeping.  Returns 0, or -1 if the
 * clock cannot be read.
 */
int		fc_spin(clockid_t, long);

/*
 * The number of threads process pid (the caller, or a child of it) has,
 * into *n, counted the platform's way (/proc/<pid>/status, sysctl,
 * proc_pidinfo: harness/osdep-*.c); *how, unless NULL, names that way.
 * Returns 0, or -1 with errno set (ENOSYS: no way on this platform).
 */
int		fc_count_threads(pid_t, long *, const char **);

/*
 * Threads as POSIX has them: threads of one process, which share its pid
 * and which _exit() ends with it.  fc_threads_posix() says whether this
 * platform has them: 1, 0 where each thread is a process of its own (the
 * LinuxThreads model: dietlibc), -1 where no thread could be made.  The
 * runner probes once and hands the answer to its cases and helpers in
 * $FORKCHECK_THREADS ("posix", "processes"); elsewhere the first call
 * probes.  A case that relies on those semantics starts with
 * "if ((v = fc_need_threads("what it needs")) != FC_PASS) return v;":
 * FC_PASS, or a skip that says why.
 */
int		fc_threads_posix(void);
enum fc_verdict	fc_need_threads_at(const char *, int, const char *);
#define fc_need_threads(what)	fc_need_threads_at(__FILE__, __LINE__, (what))

/*
 * sigwait() as POSIX has it, on sigwaitinfo(): waits for a signal of set
 * (blocked), restarting after EINTR, and stores its number in *sig.
 * Returns 0, or -1 with errno set (not sigwait()'s error number, which
 * some libraries get wrong: dietlibc returns the signal).
 */
int		fc_sigwait(const sigset_t *, int *);

/*
 * Subreapers: fc_subreaper() makes the calling process (a child the case
 * forked) adopt its orphaned descendants (prctl PR_SET_CHILD_SUBREAPER,
 * procctl PROC_REAP_ACQUIRE); fc_subreaper_owned() says whether the caller
 * is one: 1, 0.  Both return -1 with errno set (ENOSYS: no such interface
 * here).
 */
int		fc_subreaper(void);
int		fc_subreaper_owned(void);

#endif /* !FORKCHECK_H */
