/*
 * api.c: the helpers forkcheck.h promises to case authors.  Verdict
 * helpers write into the record the case child shares with its worker;
 * everything else is an EINTR-safe wrapper, defined once.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"

#ifdef FC_GCOV
void	__gcov_dump(void);
void	__gcov_reset(void);
#endif

/* uids handed out by fc_unprivileged(): FC_UID_BASE + the caller's pid. */
#define FC_UID_BASE	1900000000u

struct fc_record	*fc_rec;	/* NULL outside a case child */
const char		*fc_dir = ".";
const struct fc_case	*fc_current;
double			 fc_multiplier;	/* the run's; 0 outside a case child */
char			 fc_self[PATH_MAX];

void
rec_reset(struct fc_record *r)
{
	r->verdict = -1;
	r->line = 0;
	r->runaway = 0;
	r->file[0] = '\0';
	r->msg[0] = '\0';
	r->notelen = 0;
	r->notes[0] = '\0';
}

/* "cases/fd.c", not "../../cases/fd.c" or "/src/forkcheck/cases/fd.c". */
static const char *
short_path(const char *file)
{
	size_t	len = strlen(FC_SRCDIR);

	if (strncmp(file, FC_SRCDIR, len) == 0)
		return file + len;
	for (;;) {
		if (strncmp(file, "./", 2) == 0)
			file += 2;
		else if (strncmp(file, "../", 3) == 0)
			file += 3;
		else
			return file;
	}
}

enum fc_verdict
fc_verdict_at(const char *file, int line, enum fc_verdict v, int with_errno,
    const char *fmt, ...)
{
	va_list			 ap;
	struct fc_record	 scratch, *r = fc_rec ? fc_rec : &scratch;
	int			 saved = errno;
	size_t			 len;

	r->verdict = v;
	r->line = line;
	snprintf(r->file, sizeof(r->file), "%s", short_path(file));
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	if (with_errno) {
		len = strlen(r->msg);
		snprintf(r->msg + len, sizeof(r->msg) - len, ": %s%s",
		    strerror(saved), saved == ENOEXEC && fc_emulator() != NULL ?
		    " (set FORKCHECK_EXEC_PREFIX to the emulator)" : "");
	}
	if (fc_rec == NULL)
		fprintf(stderr, "%s:%d: %s: %s\n", r->file, line,
		    verdict_name(v), r->msg);
	errno = saved;
	return v;
}

static void
vnote(struct fc_record *r, const char *fmt, va_list ap)
{
	int	n;

	if (r == NULL || r->notelen + 2 >= sizeof(r->notes))
		return;
	n = vsnprintf(r->notes + r->notelen, sizeof(r->notes) - r->notelen - 1,
	    fmt, ap);
	if (n < 0)
		return;
	r->notelen += (size_t)n;
	if (r->notelen > sizeof(r->notes) - 2)
		r->notelen = sizeof(r->notes) - 2;
	r->notes[r->notelen++] = '\n';
	r->notes[r->notelen] = '\0';
}

/* An observation for the report, one line each: what a probe saw. */
void
fc_note(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vnote(fc_rec, fmt, ap);
	va_end(ap);
}

/* The same, for the worker, which holds the record by pointer. */
void
rec_note(struct fc_record *r, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vnote(r, fmt, ap);
	va_end(ap);
}

/*
 * In a coverage build, after vfork children that exec'd: gcc's
 * __gcov_execve() wrote the counters from the child, and, the memory
 * being shared, marked the parent's as written too, which would leave
 * the rest of the run uncounted.  What they held is in the file already.
 */
void
coverage_resume(void)
{
#ifdef FC_GCOV
	__gcov_reset();
#endif
}

pid_t
fc_fork(void)
{
	fflush(NULL);
	return fork();
}

void
fc_exit(int code)
{
#ifdef FC_GCOV
	__gcov_dump();
#endif
	_exit(code);
}

pid_t
fc_sub_fork(struct fc_sub *sub)
{
	int	fds[2];
	pid_t	pid;

	if (fc_pipe(fds) == -1)
		return -1;
	if ((pid = fc_fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		sub->fd = fds[1];
	} else {
		close(fds[1]);
		sub->fd = fds[0];
	}
	sub->pid = pid;
	return pid;
}

void
fc_sub_report(int fd, const void *rep, size_t len)
{
	fc_exit(fc_write_all(fd, rep, len) == 0 ? 0 : 1);
}

int
fc_sub_wait(struct fc_sub *sub, int *status)
{
	fc_close(&sub->fd);
	if (fc_waitpid(sub->pid, status, 0) == -1)
		return -1;
	sub->pid = -1;
	return 0;
}

enum fc_verdict
fc_sub_collect_at(const char *file, int line, struct fc_sub *sub, void *rep,
    size_t len)
{
	ssize_t	n;
	int	status;
	char	st[64];

	n = fc_read_all(sub->fd, rep, len);
	if (fc_sub_wait(sub, &status) == -1)
		return fc_verdict_at(file, line, FC_BROKEN, 1, "waitpid");
	if (WIFSIGNALED(status))
		return fc_verdict_at(file, line, FC_FAIL, 0, "the child was %s",
		    fc_status(status, st, sizeof(st)));
	if (n != (ssize_t)len || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return fc_verdict_at(file, line, FC_BROKEN, 0, "the child %s "
		    "after %zd of %zu bytes of its report", fc_status(status,
		    st, sizeof(st)), n, len);
	return FC_PASS;
}

int
fc_pipe(int fds[2])
{
	return pipe2(fds, O_CLOEXEC);
}

ssize_t
fc_read_all(int fd, void *buf, size_t len)
{
	size_t	done = 0;
	ssize_t	n;

	while (done < len) {
		n = read(fd, (char *)buf + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

ssize_t
fc_read_file(const char *path, char *buf, size_t len)
{
	ssize_t	n;
	int	fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = fc_read_all(fd, buf, len - 1);
	close(fd);
	if (n == -1)
		return -1;
	if ((size_t)n == len - 1) {
		errno = EFBIG;
		return -1;
	}
	buf[n] = '\0';
	return n;
}

int
fc_write_all(int fd, const void *buf, size_t len)
{
	size_t	done = 0;
	ssize_t	n;

	while (done < len) {
		n = write(fd, (const char *)buf + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

int
fc_sync_post(int fd)
{
	return fc_write_all(fd, "!", 1);
}

int
fc_sync_wait(int fd)
{
	char	c;
	ssize_t	n;

	n = fc_read_all(fd, &c, 1);
	if (n == 1)
		return 0;
	if (n == 0)
		errno = EPIPE;
	return -1;
}

void
fc_close(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

int
fc_gate_init(struct fc_gate *g)
{
	int	fds[2];

	if (fc_pipe(fds) == -1) {
		g->rd = g->wr = -1;
		return -1;
	}
	g->rd = fds[0];
	g->wr = fds[1];
	return 0;
}

void
fc_gate_waiter(struct fc_gate *g)
{
	fc_close(&g->wr);
}

void
fc_gate_opener(struct fc_gate *g)
{
	fc_close(&g->rd);
}

int
fc_gate_open(struct fc_gate *g)
{
	return fc_sync_post(g->wr);
}

int
fc_gate_wait(struct fc_gate *g)
{
	return fc_sync_wait(g->rd);
}

void
fc_gate_close(struct fc_gate *g)
{
	fc_close(&g->rd);
	fc_close(&g->wr);
}

/*
 * Whether the caller is a child forked since the process's pid was self,
 * decided by identity, not by what the fork returned: its getpid()
 * differs, or (a stale cached pid) its parent is self.  Async-signal-safe.
 */
int
fc_forked_child(pid_t self)
{
	return getpid() != self || getppid() == self;
}

/*
 * Reaps a child by the pid a fork gave us, or, if waitpid() knows no such
 * child (a wrong pid), any child: the case can then say fail, not broken.
 */
int
fc_reap_forked(pid_t pid, int *status)
{
	if (pid > 0 && fc_waitpid(pid, status, 0) == pid)
		return 0;
	return fc_waitpid(-1, status, 0) == -1 ? -1 : 0;
}

pid_t
fc_waitpid(pid_t pid, int *status, int options)
{
	pid_t	r;

	do
		r = waitpid(pid, status, options);
	while (r == -1 && errno == EINTR);
	return r;
}

int
fc_waitid(idtype_t type, id_t id, siginfo_t *si, int options)
{
	int	r;

	do
		r = waitid(type, id, si, options);
	while (r == -1 && errno == EINTR);
	return r;
}

pid_t
fc_wait(int *status)
{
	pid_t	r;

	do
		r = wait(status);
	while (r == -1 && errno == EINTR);
	return r;
}

/* Whether a /proc/PID/status line "Key:\tN\tN\tN\tN" names id. */
static int
status_names(const char *status, const char *key, unsigned long id)
{
	const char	*p;
	char		*end;
	unsigned long	 v;
	int		 i;

	if ((p = strstr(status, key)) == NULL)
		return 0;
	p += strlen(key);
	for (i = 0; i < 4; i++) {
		errno = 0;
		v = strtoul(p, &end, 10);
		if (end == p || errno != 0)
			break;
		if (v == id)
			return 1;
		p = end;
	}
	return 0;
}

/*
 * Whether any process has id as a user or group id.  Everywhere,
 * getpriority(PRIO_USER) asks the kernel whether a process of that user
 * exists (its real uid on Linux, effective on the BSDs) without touching
 * one; where /proc has status files (Linux) every process's real,
 * effective, saved and file-system uids and gids are read as well.
 * Without /proc only the first check is possible.
 */
int
uid_in_use(uid_t id)
{
	struct dirent	*d;
	DIR		*dir;
	char		 path[300], status[4096];
	int		 busy = 0, r;

	errno = 0;
	r = getpriority(PRIO_USER, (id_t)id);
	if (r != -1 || errno != ESRCH)
		return 1;
	if ((dir = opendir("/proc")) == NULL)
		return 0;
	while (!busy && (d = readdir(dir)) != NULL) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9' ||
		    strspn(d->d_name, "0123456789") != strlen(d->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", d->d_name);
		if (fc_read_file(path, status, sizeof(status)) == -1)
			continue;		/* gone, or no status file */
		busy = status_names(status, "\nUid:", (unsigned long)id) ||
		    status_names(status, "\nGid:", (unsigned long)id);
	}
	closedir(dir);
	return busy;
}

/*
 * Drops every privilege of a disposable child.  As root it takes a uid
 * and gid nobody uses (no user or group of that id in NSS, and no
 * process running as it: uid_in_use()), unique among running cases, so
 * per-user limits such as RLIMIT_NPROC count only this case's
 * processes.  If the switch fails (a user namespace that cannot map the
 * id, say) it fails: a shared id such as nobody's would let the case
 * count, signal or be signalled by processes that are not its own.
 */
int
fc_unprivileged(void)
{
	uid_t	id;
	int	tries;

	if (geteuid() != 0)
		return 0;
	id = (uid_t)(FC_UID_BASE + (unsigned int)getpid());
	for (tries = 0; getpwuid(id) != NULL || getgrgid((gid_t)id) != NULL ||
	    uid_in_use(id); tries++) {
		if (tries == 64) {
			errno = EBUSY;
			return -1;
		}
		id += 4194304;
	}
	if (setgroups(0, NULL) == -1)
		return -1;
	if (setgid((gid_t)id) == -1 || setuid(id) == -1)
		return -1;
	if (geteuid() == 0 || setuid(0) == 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

const char *
fc_tmpdir(void)
{
	return fc_dir;
}

/*
 * Remembers where forkcheck's image is, before anything changes the
 * working directory: argv[0] if it names a path, else the first match in
 * $PATH.
 */
void
self_path(const char *argv0)
{
	const char	*path, *end;
	char		 try[PATH_MAX];
	size_t		 len;

	fc_self[0] = '\0';
	if (strchr(argv0, '/') != NULL) {
		if (realpath(argv0, fc_self) == NULL)
			fc_self[0] = '\0';
		return;
	}
	if ((path = getenv("PATH")) == NULL)
		return;
	for (; *path != '\0'; path = *end ? end + 1 : end) {
		end = strchr(path, ':');
		if (end == NULL)
			end = path + strlen(path);
		len = (size_t)(end - path);
		snprintf(try, sizeof(try), "%.*s/%s", (int)len,
		    len ? path : ".", argv0);
		if (access(try, X_OK) == 0 && realpath(try, fc_self) != NULL)
			return;
	}
	fc_self[0] = '\0';
}

int
fc_helper_argv(char *argv[], size_t n, char *const args[])
{
	static char	 prefix[256];
	const char	*env = getenv("FORKCHECK_EXEC_PREFIX");
	char		*w, *save = NULL;
	size_t		 k = 0;

	if (fc_current == NULL || fc_current->helper == NULL ||
	    fc_self[0] == '\0') {
		errno = ENOENT;
		return -1;
	}
	if (env != NULL && env[0] != '\0') {
		snprintf(prefix, sizeof(prefix), "%s", env);
		for (w = strtok_r(prefix, " \t", &save); w != NULL && k + 1 < n;
		    w = strtok_r(NULL, " \t", &save))
			argv[k++] = w;
	}
	if (k + 4 > n) {
		errno = E2BIG;
		return -1;
	}
	argv[k++] = fc_self;
	argv[k++] = "--fc-helper";
	argv[k++] = (char *)fc_current->id;
	while (args != NULL && *args != NULL && k + 1 < n)
		argv[k++] = *args++;
	if (args != NULL && *args != NULL) {
		errno = E2BIG;
		return -1;
	}
	argv[k] = NULL;
	return 0;
}

int
fc_exec_helper(char *const args[])
{
	char	*argv[64];

	if (fc_helper_argv(argv, sizeof(argv) / sizeof(argv[0]), args) == -1)
		return -1;
	/*
	 * execvp() only to look a bare prefix up in PATH: given a path it
	 * would hand a binary the kernel cannot run (ENOEXEC: a cross build
	 * without binfmt) to /bin/sh, which garbles the case's verdict.
	 */
	if (strchr(argv[0], '/') != NULL)
		execv(argv[0], argv);
	else
		execvp(argv[0], argv);
	return -1;
}

static char	emulator[128];
static char	emulator_why[PATH_MAX * 2 + 128];

/*
 * Under a qemu-user that was detected by its executable, without binfmt
 * the kernel cannot exec forkcheck's helper: unless the user named one,
 * that executable becomes $FORKCHECK_EXEC_PREFIX, and the header says so.
 */
static void
exec_prefix_init(void)
{
	const char	*env = getenv("FORKCHECK_EXEC_PREFIX"), *base;
	char		 real[PATH_MAX];
	size_t		 used;

	if ((env != NULL && env[0] != '\0') || strstr(emulator, "qemu") ==
	    NULL || osdep_real_exe(real, sizeof(real)) == -1)
		return;
	base = strrchr(real, '/') != NULL ? strrchr(real, '/') + 1 : real;
	if (strncmp(base, "qemu-", 5) != 0 ||
	    setenv("FORKCHECK_EXEC_PREFIX", real, 1) == -1)
		return;
	used = strlen(emulator_why);
	snprintf(emulator_why + used, sizeof(emulator_why) - used,
	    "; the helper is exec'd through it");
}

/*
 * Decides once, in the runner, which emulator we run under: the one
 * $FORKCHECK_EMULATOR names ("none" for none), else the one detected.
 */
void
emulator_init(void)
{
	const char	*e = getenv("FORKCHECK_EMULATOR");

	emulator[0] = '\0';
	if (e != NULL && e[0] != '\0') {
		if (strcmp(e, "none") != 0)
			snprintf(emulator, sizeof(emulator), "%s", e);
		snprintf(emulator_why, sizeof(emulator_why),
		    "FORKCHECK_EMULATOR");
		return;
	}
	if (!osdep_emulator(emulator, sizeof(emulator), emulator_why,
	    sizeof(emulator_why)))
		emulator[0] = '\0';
	else
		exec_prefix_init();
}

/* How emulator_init() decided: what it detected, or what it checked. */
const char *
emulator_how(void)
{
	return emulator_why;
}

const char *
fc_emulator(void)
{
	return emulator[0] != '\0' ? emulator : NULL;
}

int
fc_count_threads(pid_t pid, long *n, const char **how)
{
	const char	*method = "none";
	int		 r;

	r = osdep_count_threads(pid, n, &method);
	if (how != NULL)
		*how = method;
	return r;
}

static void *
probe_thread(void *arg)
{
	*(pid_t *)arg = getpid();
	return NULL;
}

/*
 * Whether a thread sees its process's pid: 1, 0, or -1 when none could be
 * made.  In a child of a process group of its own, because a thread that
 * is a process (dietlibc's, and its thread manager) outlives the child's
 * _exit: the group is killed after.
 */
static int
threads_probe(void)
{
	pthread_t	t;
	pid_t		pid, seen = 0;
	int		status;

	if ((pid = fc_fork()) == -1)
		return -1;
	if (pid == 0) {
		(void)setpgid(0, 0);
		if (pthread_create(&t, NULL, probe_thread, &seen) != 0 ||
		    pthread_join(t, NULL) != 0)
			_exit(2);
		_exit(seen == getpid() ? 0 : 1);
	}
	(void)setpgid(pid, pid);
	if (fc_waitpid(pid, &status, 0) == -1)
		return -1;
	(void)kill(-pid, SIGKILL);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
		return -1;
	return WEXITSTATUS(status) == 0;
}

int
fc_threads_posix(void)
{
	static const char *const names[] = { "none", "processes", "posix" };
	const char	*env = getenv("FORKCHECK_THREADS");
	int		 r;

	for (r = -1; r <= 1 && env != NULL; r++)
		if (strcmp(env, names[r + 1]) == 0)
			return r;
	r = threads_probe();
	(void)setenv("FORKCHECK_THREADS", names[r + 1], 1);
	return r;
}

enum fc_verdict
fc_need_threads_at(const char *file, int line, const char *what)
{
	if (fc_threads_posix() != 0)
		return FC_PASS;
	return fc_verdict_at(file, line, FC_SKIP, 0, "threads are separate "
	    "processes (LinuxThreads model): the case needs %s", what);
}

/* dietlibc's sigwaitinfo() is a macro, which configure cannot find. */
#if defined(HAVE_SIGWAITINFO) || defined(sigwaitinfo)
int
fc_sigwait(const sigset_t *set, int *sig)
{
	int	s;

	do
		s = sigwaitinfo(set, NULL);
	while (s == -1 && errno == EINTR);
	if (s == -1)
		return -1;
	*sig = s;
	return 0;
}
#else
/* Without sigwaitinfo() (macOS, OpenBSD), their sigwait(). */
int
fc_sigwait(const sigset_t *set, int *sig)
{
	int	e;

	while ((e = sigwait(set, sig)) == EINTR)
		continue;
	if (e != 0) {
		errno = e;
		return -1;
	}
	return 0;
}
#endif

int
fc_subreaper(void)
{
	return osdep_reaper();
}

int
fc_subreaper_owned(void)
{
	return osdep_reaper_owned();
}

int
fc_spin(clockid_t clk, long ms)
{
	struct timespec	ts;
	int64_t		start, now;

	if (clock_gettime(clk, &ts) == -1)
		return -1;
	start = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	do {
		if (clock_gettime(clk, &ts) == -1)
			return -1;
		now = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	} while (now - start < (int64_t)ms * 1000000);
	return 0;
}

/* The run's multiplier: the worker's, else the environment's, else 1. */
static double
guard_multiplier(void)
{
	const char	*env;
	char		*end;
	double		 m;

	if (fc_multiplier > 0)
		return fc_multiplier;
	if ((env = getenv("FORKCHECK_TIMEOUT_MULTIPLIER")) != NULL) {
		m = strtod(env, &end);
		if (end != env && *end == '\0' && m > 0 && m <= 1000)
			return m;
	}
	return 1.0;
}

static long long
monotonic_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return -1;
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
fc_read_guarded(int fd, void *buf, size_t len, size_t *n, int base)
{
	struct pollfd	pfd;
	long long	deadline, now;
	ssize_t		r;
	char		sink[64];

	*n = 0;
	if ((deadline = monotonic_ms()) == -1)
		return -1;
	deadline += fc_guard_ms(base);
	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		if ((now = monotonic_ms()) == -1)
			return -1;
		if (now >= deadline)
			return 1;
		r = poll(&pfd, 1, (int)(deadline - now));
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			continue;
		if (*n < len)
			r = read(fd, (char *)buf + *n, len - *n);
		else
			r = read(fd, sink, sizeof(sink));
		if (r == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r == -1)
			return -1;
		if (r == 0)
			return 0;
		if (*n < len)
			*n += (size_t)r;
	}
}

void
fc_rounds_start(struct fc_rounds *r, int min, int max, int budget_ms)
{
	r->min = min;
	r->max = max;
	r->budget_ms = budget_ms;
	r->done = 0;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
}

int
fc_rounds_more(struct fc_rounds *r)
{
	struct timespec	now;
	double		ms;

	if (r->done >= r->max)
		return 0;
	if (r->done < r->min)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
	    (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
	return ms < r->budget_ms;
}

int
fc_guard_ms(int base)
{
	double	ms = (double)base * guard_multiplier();

	if (ms < 1)
		return 1;
	if (ms > INT_MAX)
		return INT_MAX;
	return (int)ms;
}

struct timespec
fc_guard_ts(int base)
{
	struct timespec	ts;
	int		ms = fc_guard_ms(base);

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	return ts;
}
