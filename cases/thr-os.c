/*
 * thr-os.c: thr cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * XSH fork: "A process shall be created with a single thread"; XSH _Fork;
 * XSH pthread_mutexattr_setrobust; Linux clone(2); arc4random(3);
 * dlclose(3) of glibc and FreeBSD.  A child forked from a multithreaded
 * process calls only async-signal-safe functions and leaves with _exit().
 */

#include "config.h"

#include "os-features.h"
#if defined(HAVE_DL_MODULE)
#include <dlfcn.h>
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define NPARK		4	/* threads besides the forking one */
#define HANG_MS		2000	/* guard, scaled: fc_guard_ms() */

/*
 * Threads parked in read() on a pipe until its write end closes, so that
 * the process is multithreaded while it forks.
 */
struct park {
	pthread_t	tid[NPARK];
	int		n;
	int		fds[2];
};

static void *
park_thread(void *arg)
{
	(void)fc_sync_wait(*(int *)arg);
	return NULL;
}

/* Starts n parked threads; returns 0 or an errno value. */
static int
park_start(struct park *p, int n)
{
	int	e;

	p->n = 0;
	if (fc_pipe(p->fds) == -1)
		return errno;
	for (; p->n < n && p->n < NPARK; p->n++)
		if ((e = pthread_create(&p->tid[p->n], NULL, park_thread,
		    &p->fds[0])) != 0)
			return e;
	return 0;
}

static void
park_stop(struct park *p)
{
	fc_close(&p->fds[1]);
	while (p->n > 0)
		pthread_join(p->tid[--p->n], NULL);
	fc_close(&p->fds[0]);
}

/*
 * Whether fc_count_threads() works here; if not, *why says so.  Under an
 * emulator the host kernel also counts the emulator's own threads.
 */
static int
can_count(const char **why)
{
	long	n;

	if (fc_emulator() != NULL) {
		*why = "under an emulator the host's thread count includes "
		    "the emulator's own threads";
		return 0;
	}
	if (fc_count_threads(getpid(), &n, NULL) == -1) {
		*why = errno == ENOSYS ? "no way to count a process's "
		    "threads on this platform" : strerror(errno);
		return 0;
	}
	return 1;
}

/*
 * The parent runs 1 + NPARK threads, all parked, and forks a child that
 * waits on a pipe; while it waits the parent counts its threads (through
 * /proc/<pid>/status, sysctl or proc_pidinfo): there must be exactly one.
 * The parent's own count (at least 5) validates the method.  A platform
 * that copies other threads into the child (forkall) fails.
 */
static enum fc_verdict
single_thread(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	struct fc_gate	hold;
	struct park	p;
	const char	*why, *how = "none";
	long		mine, theirs = 0;
	int		status, e, r;
	pid_t		pid;
	char		st[64];

	if ((v = fc_need_threads(
	    "a count of a process's threads")) != FC_PASS)
		return v;
	if (!can_count(&why))
		return fc_skip("cannot count threads: %s", why);
	if (fc_gate_init(&hold) == -1)
		return fc_broken("pipe");
	e = park_start(&p, NPARK);
	if (e == 0 && fc_count_threads(getpid(), &mine, &how) == -1)
		e = errno;
	if (e != 0) {
		park_stop(&p);
		errno = e;
		return fc_broken("pthread_create or counting threads");
	}
	if ((pid = fc_fork()) == 0) {
		fc_gate_waiter(&hold);
		(void)fc_gate_wait(&hold);
		_exit(0);
	}
	e = errno;
	fc_gate_opener(&hold);
	r = pid == -1 ? -1 : fc_count_threads(pid, &theirs, NULL);
	if (r == -1 && pid != -1)
		e = errno;
	fc_gate_close(&hold);
	if (pid != -1 && fc_reap_forked(pid, &status) == -1) {
		e = errno;
		pid = -1;
	}
	park_stop(&p);
	if (pid == -1) {
		errno = e;
		return fc_broken("fork or waitpid");
	}
	if (r == -1) {
		errno = e;
		return fc_broken("counting the child's threads through %s",
		    how);
	}
	if (mine < 1 + NPARK)
		return fc_brokenx("%s shows %ld threads in the parent, which "
		    "runs %d", how, mine, 1 + NPARK);
	if (theirs != 1)
		return fc_fail("the child of a process with %ld threads has "
		    "%ld threads (%s), want 1", mine, theirs, how);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_fail("the single-threaded child %s, want exited 0",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

#if defined(HAVE__FORK) || defined(FC_RAW_FORK)
/*
 * Handler flags for _Fork and raw clone: prepare, parent, child.
 */
static volatile sig_atomic_t	af_ran[3];

static void
af_prepare(void)
{
	af_ran[0] = 1;
}

static void
af_parent(void)
{
	af_ran[1] = 1;
}

static void
af_child(void)
{
	af_ran[2] = 1;
}

/* What a child created without fork() reports. */
struct bare_seen {
	int	ran[3];		/* handler flags as the child saw them */
	pid_t	self;		/* its getpid() */
	pid_t	ppid;		/* its getppid() */
	pid_t	ret;		/* what the fork returned to it */
	int	seek;		/* errno of its lseek, 0 if it worked */
};

/*
 * In the child, to which the fork returned ret: reports, moves the shared
 * offset to 5, waits for EOF.
 */
static void
bare_child(int fd, int out, int hold, pid_t ret)
{
	struct bare_seen	seen;
	int			i;

	for (i = 0; i < 3; i++)
		seen.ran[i] = af_ran[i];
	seen.self = getpid();
	seen.ret = ret;
	seen.ppid = getppid();
	seen.seek = lseek(fd, 5, SEEK_SET) == -1 ? errno : 0;
	if (fc_write_all(out, &seen, sizeof(seen)) == -1)
		_exit(1);
	close(out);
	(void)fc_sync_wait(hold);
	_exit(0);
}
#endif

#if defined(HAVE__FORK)
/* What a _Fork() child reported, judged; FC_PASS when all is right. */
static enum fc_verdict
bare_verdict(const struct bare_seen *seen, ssize_t got, pid_t pid,
    int status)
{
	char	st[64];

	if (af_ran[0] || af_ran[1])
		return fc_fail("_Fork() ran the %s handler in the parent",
		    af_ran[0] ? "prepare" : "parent");
	if (got != (ssize_t)sizeof(*seen))
		return fc_fail("the child of _Fork() sent %zd of %zu bytes "
		    "and %s", got, sizeof(*seen), fc_status(status, st,
		    sizeof(st)));
	if (seen->ran[2])
		return fc_fail("_Fork() ran the child handler in the child");
	if (seen->ret != 0)
		return fc_fail("_Fork() returned %ld in the child, want 0",
		    (long)seen->ret);
	if (seen->self != pid)
		return fc_fail("_Fork() returned %ld, the child's getpid() is "
		    "%ld", (long)pid, (long)seen->self);
	if (seen->ppid != getpid())
		return fc_fail("the child's getppid() is %ld, want %ld",
		    (long)seen->ppid, (long)getpid());
	if (seen->seek != 0) {
		errno = seen->seek;
		return fc_broken("lseek in the child");
	}
	return FC_PASS;
}

/*
 * _Fork() with pthread_atfork handlers registered, from a process with
 * c->arg (an int) more threads parked, or none: none of the handlers
 * runs (prepare and parent in the parent, child in the child), the
 * child's pid and parent pid are right, its descriptor shares the
 * parent's offset and (threaded) it has a single thread.  The child is
 * known by its identity, not by _Fork()'s return.  A _Fork that is
 * fork() (runs the handlers) or returns a wrong value fails.
 */
static enum fc_verdict
underscore_fork(const struct fc_case *c)
{
	struct fc_gate	hold;
	const int		threads = *(const int *)c->arg;
	struct bare_seen	seen;
	struct park		p;
	const char		*why = NULL;
	enum fc_verdict		v;
	long			n = -1;
	ssize_t			got;
	off_t			off;
	pid_t			self = getpid(), pid;
	int			fd, res[2], status, e;
	char			st[64];

	if ((e = pthread_atfork(af_prepare, af_parent, af_child)) != 0) {
		errno = e;
		return fc_broken("pthread_atfork");
	}
	if ((fd = open("offset", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || fc_pipe(res) == -1 || fc_gate_init(&hold) == -1)
		return fc_broken("open or pipe");
	if ((e = park_start(&p, threads)) != 0) {
		park_stop(&p);
		errno = e;
		return fc_broken("pthread_create");
	}
	fflush(NULL);
	pid = _Fork();
	if (fc_forked_child(self)) {
		close(res[0]);
		fc_gate_waiter(&hold);
		bare_child(fd, res[1], hold.rd, pid);
	}
	e = errno;
	close(res[1]);
	fc_gate_opener(&hold);
	got = pid == -1 ? 0 : fc_read_all(res[0], &seen, sizeof(seen));
	if (pid != -1 && threads > 0 && can_count(&why) &&
	    fc_count_threads(pid, &n, NULL) == -1)
		why = strerror(errno);
	fc_gate_close(&hold);
	close(res[0]);
	if (pid != -1 && fc_reap_forked(pid, &status) == -1) {
		e = errno;
		pid = -1;
	}
	park_stop(&p);
	if (pid == -1) {
		errno = e;
		return fc_broken("_Fork or waitpid");
	}
	if ((v = bare_verdict(&seen, got, pid, status)) != FC_PASS)
		return v;
	if ((off = lseek(fd, 0, SEEK_CUR)) != 5)
		return fc_fail("after the child's lseek to 5 the parent's "
		    "offset is %lld: the descriptor is not shared",
		    (long long)off);
	close(fd);
	if (threads > 0 && why != NULL)
		fc_note("the child's threads were not counted: %s", why);
	else if (threads > 0 && n != 1)
		return fc_fail("the child of _Fork() in a process with %d "
		    "threads has %ld threads, want 1", 1 + threads, n);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_fail("the child of _Fork() %s, want exited 0",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}
#define UNDERSCORE_FORK_ROW	.run = underscore_fork
#else
#define UNDERSCORE_FORK_ROW	.absent = "no _Fork() here (POSIX.1-2024; " \
	"glibc 2.34, musl 1.2.2, FreeBSD 13.1)"
#endif

/* The rows' parameter: how many more threads are parked. */
static const int	no_thread = 0, nparked = NPARK;

#if defined(FC_RAW_FORK)
static const char	raw_name[] = FC_RAW_FORK;

static pid_t
raw_fork(void)
{
	return (pid_t)syscall(FC_RAW_FORK_ARGS);
}

/*
 * A child created by the raw system call, bypassing libc's fork(), with
 * handlers registered: records whether any handler ran (expected: none,
 * libc never sees this fork) and whether the child's getpid() and shared
 * offset are right.  Probe: recorded, never failed.
 */
static enum fc_verdict
raw_clone_bypass(const struct fc_case *c FC_UNUSED)
{
	struct fc_gate	hold;
	struct bare_seen	seen;
	ssize_t			got;
	pid_t			pid;
	int			fd, res[2], status, e;
	char			st[64];

	if ((e = pthread_atfork(af_prepare, af_parent, af_child)) != 0) {
		errno = e;
		return fc_broken("pthread_atfork");
	}
	if ((fd = open("offset", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || fc_pipe(res) == -1 || fc_gate_init(&hold) == -1)
		return fc_broken("open or pipe");
	fflush(NULL);
	if ((pid = raw_fork()) == 0) {
		close(res[0]);
		fc_gate_waiter(&hold);
		bare_child(fd, res[1], hold.rd, pid);
	}
	if (pid == -1 && (errno == ENOSYS || errno == EPERM))
		return fc_skip("%s is refused here: %s", raw_name,
		    strerror(errno));
	if (pid == -1)
		return fc_broken("%s", raw_name);
	close(res[1]);
	fc_gate_opener(&hold);
	got = fc_read_all(res[0], &seen, sizeof(seen));
	fc_gate_close(&hold);
	close(res[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (got != (ssize_t)sizeof(seen))
		return fc_brokenx("the child of %s sent %zd of %zu bytes and "
		    "%s", raw_name, got, sizeof(seen), fc_status(status, st,
		    sizeof(st)));
	fc_note("%s: prepare handler ran %s, parent handler %s, child "
	    "handler (in the child) %s", raw_name, af_ran[0] ? "yes" : "no",
	    af_ran[1] ? "yes" : "no", seen.ran[2] ? "yes" : "no");
	fc_note("the child's getpid() %s the pid returned; its lseek %s the "
	    "parent's offset", seen.self == pid ? "is" : "is not",
	    lseek(fd, 0, SEEK_CUR) == 5 ? "moved" : "did not move");
	close(fd);
	if (af_ran[0] || af_ran[1] || seen.ran[2])
		return fc_fail("an atfork handler ran for a fork that "
		    "bypassed libc");
	return FC_PASS;
}
#define RAW_CLONE_BYPASS_ROW	.run = raw_clone_bypass
#else
#define RAW_CLONE_BYPASS_ROW	.absent = "Linux only: no raw fork or clone " \
	"system call here"
#endif

#if defined(WITH_ROBUST_PSHARED)
/*
 * A process-shared robust mutex in MAP_SHARED memory: the child locks it
 * and exits holding it; after reaping the child, the parent's trylock
 * must return EOWNERDEAD, and pthread_mutex_consistent() must make it
 * usable again.  A platform that does not register the child's robust
 * list with the kernel fails with EBUSY (musl before 0.8.0 did not reset
 * it at fork; qemu-user has no set_robust_list: a known deviation).
 */
static enum fc_verdict
robust_in_child(const struct fc_case *c FC_UNUSED)
{
	pthread_mutexattr_t	attr;
	pthread_mutex_t		*m;
	pid_t			pid;
	int			status, e;
	char			st[64];

	m = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	if ((e = pthread_mutexattr_init(&attr)) != 0) {
		errno = e;
		return fc_broken("pthread_mutexattr_init");
	}
	if ((e = pthread_mutexattr_setpshared(&attr,
	    PTHREAD_PROCESS_SHARED)) != 0)
		return fc_skip("no process-shared mutexes: %s", strerror(e));
	if ((e = pthread_mutexattr_setrobust(&attr,
	    PTHREAD_MUTEX_ROBUST)) != 0)
		return fc_skip("no robust mutexes: %s", strerror(e));
	/* glibc refuses robust mutexes where the kernel has no robust list. */
	if ((e = pthread_mutex_init(m, &attr)) == ENOTSUP)
		return fc_skip("robust mutexes refused: pthread_mutex_init: %s",
		    strerror(e));
	if (e != 0) {
		errno = e;
		return fc_broken("pthread_mutex_init");
	}
	pthread_mutexattr_destroy(&attr);
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		_exit(pthread_mutex_lock(m) == 0 ? 0 : 1);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the child could not lock the mutex: %s",
		    fc_status(status, st, sizeof(st)));
	/* The owner's exit is complete once it is reaped. */
	e = pthread_mutex_trylock(m);
	if (e != EOWNERDEAD)
		return fc_fail("after the child died holding the robust "
		    "mutex, trylock returned %s, want EOWNERDEAD",
		    e == 0 ? "0" : e == EBUSY ? "EBUSY (still held by the "
		    "dead child)" : strerror(e));
	if ((e = pthread_mutex_consistent(m)) != 0)
		return fc_fail("pthread_mutex_consistent() returned %s, want "
		    "0", strerror(e));
	if ((e = pthread_mutex_unlock(m)) != 0 ||
	    (e = pthread_mutex_lock(m)) != 0 ||
	    (e = pthread_mutex_unlock(m)) != 0)
		return fc_fail("the mutex made consistent cannot be unlocked "
		    "and locked again: %s", strerror(e));
	pthread_mutex_destroy(m);
	munmap(m, sizeof(*m));
	return FC_PASS;
}
#define ROBUST_IN_CHILD_ROW	.run = robust_in_child
#else
#define ROBUST_IN_CHILD_ROW	.absent = "no robust process-shared mutexes " \
	"here"
#endif

#if defined(HAVE_ARC4RANDOM_BUF)
/*
 * The parent draws from arc4random (so its state is seeded), forks, and
 * both draw 32 bytes: they must differ.  An arc4random whose state is
 * copied into the child, not reseeded, gives both the same stream.
 * Quality of implementation: reported, never failed.
 */
static enum fc_verdict
prng_reseed(const struct fc_case *c FC_UNUSED)
{
	unsigned char	warm[16], mine[32], theirs[32];
	struct fc_sub	sub;
	ssize_t		n;
	int		status;
	char		st[64];

	arc4random_buf(warm, sizeof(warm));
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		arc4random_buf(mine, sizeof(mine));
		fc_sub_report(sub.fd, mine, sizeof(mine));
	}
	arc4random_buf(mine, sizeof(mine));
	n = fc_read_all(sub.fd, theirs, sizeof(theirs));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(theirs))
		return fc_brokenx("the child sent %zd of %zu bytes and %s", n,
		    sizeof(theirs), fc_status(status, st, sizeof(st)));
	if (memcmp(mine, theirs, sizeof(mine)) == 0)
		return fc_fail("parent and child drew the same 32 bytes from "
		    "arc4random_buf() after fork: the state was not reseeded");
	return FC_PASS;
}
#define PRNG_RESEED_ROW	.run = prng_reseed
#else
#define PRNG_RESEED_ROW	.absent = "no arc4random_buf() here"
#endif

/*
 * thr.atfork-lifecycle/dlclose: the handlers of an unloaded module.
 */

#if defined(HAVE_DL_MODULE)
#define DL_MODULE	"atfork-module.so"

/* What the disposable process saw, sent in two parts. */
struct dl_loaded {
	int	loaded;		/* dlopen() succeeded */
	char	err[200];	/* else what dlerror() said */
	int	ran[3];		/* prepare, parent, child before dlclose */
	int	status;		/* the grandchild's wait status */
};
struct dl_closed {
	int	kept;		/* RTLD_NOLOAD still found the module */
	int	ran[3];		/* the same after dlclose */
	int	status;
};

/* One fork: counts the handlers' bytes ('p', 'a', 'c') in ran[]. */
static int
dl_fork(int rd, int ran[3], int *status)
{
	pid_t	pid;
	char	buf[16];
	ssize_t	n, i;

	if ((pid = fc_fork()) == -1)
		return -1;
	if (pid == 0)
		fc_exit(0);
	if (fc_waitpid(pid, status, 0) == -1)
		return -1;
	/* Every handler has written before the fork returned or the
	 * grandchild was reaped: what the pipe holds is all there is. */
	while ((n = read(rd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			ran[buf[i] == 'p' ? 0 : buf[i] == 'a' ? 1 : 2]++;
	return n == -1 && errno != EAGAIN ? -1 : 0;
}

/* The module's setter of the handlers' descriptor, or NULL. */
static void
(*dl_setter(void *h))(int)
{
	void	(*set)(int);
	void	*sym;

	sym = dlsym(h, "fc_atfork_module_fd");
	memcpy(&set, &sym, sizeof(set));
	return set;
}

/* The disposable process: loads, forks, unloads, forks. */
static void
dl_run(int fd, const char *path)
{
	struct dl_loaded	 l;
	struct dl_closed	 c;
	void			*h;
	void			(*set)(int);
	const char		*e;
	int			 hp[2];

	memset(&l, 0, sizeof(l));
	memset(&c, 0, sizeof(c));
	if (fc_pipe(hp) == -1 ||
	    fcntl(hp[0], F_SETFL, O_NONBLOCK) == -1)
		fc_exit(2);
	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		e = dlerror();
		snprintf(l.err, sizeof(l.err), "%s", e ? e : "no reason");
		fc_sub_report(fd, &l, sizeof(l));
	}
	l.loaded = 1;
	if ((set = dl_setter(h)) == NULL)
		fc_exit(3);
	set(hp[1]);
	if (dl_fork(hp[0], l.ran, &l.status) == -1)
		fc_exit(4);
	set(-1);
	if (fc_write_all(fd, &l, sizeof(l)) == -1 || dlclose(h) != 0)
		fc_exit(5);
	/* A module still there may run its handlers: nothing to see. */
	if ((h = dlopen(path, RTLD_NOW | RTLD_NOLOAD)) != NULL) {
		c.kept = 1;
		if ((set = dl_setter(h)) != NULL)
			set(hp[1]);
		(void)dlclose(h);
	}
	/* Into unmapped code, if the handlers were kept: SIGSEGV here. */
	if (dl_fork(hp[0], c.ran, &c.status) == -1)
		fc_exit(6);
	fc_sub_report(fd, &c, sizeof(c));
}

/*
 * A module's constructor registers fork handlers; a fork runs them, the
 * module is dlclose()d, and a second fork must not call them: glibc
 * (__cxa_finalize) and FreeBSD drop them with the module, where calling
 * them would jump into unmapped code.  A disposable process does it all,
 * so that such a jump kills it, not the case.  Where dlclose() keeps the
 * module loaded (musl never unloads) there is nothing to see: a skip.
 * Not POSIX (dlclose() need not unload): quality of implementation, so
 * never failed, only observed.
 */
static enum fc_verdict
atfork_dlclose(const struct fc_case *c FC_UNUSED)
{
	struct dl_loaded	l;
	struct dl_closed	d;
	struct fc_sub		sub;
	ssize_t			n;
	int			status;
	char			path[PATH_MAX], st[64];

	if (fc_module_path(DL_MODULE, path, sizeof(path)) == -1)
		return fc_skip("cannot find %s beside forkcheck "
		    "(../libexec/forkcheck/, cases/) nor where it is "
		    "installed", DL_MODULE);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		dl_run(sub.fd, path);
	memset(&l, 0, sizeof(l));
	memset(&d, 0, sizeof(d));
	n = fc_read_all(sub.fd, &l, sizeof(l));
	if (n == (ssize_t)sizeof(l) && l.loaded)
		n = fc_read_all(sub.fd, &d, sizeof(d));
	else if (n == (ssize_t)sizeof(l))
		n = 0;
	else
		n = -1;
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n == -1)
		return fc_brokenx("the loading process sent no report and %s",
		    fc_status(status, st, sizeof(st)));
	l.err[sizeof(l.err) - 1] = '\0';
	if (!l.loaded)
		return fc_skip("dlopen(%s): %s", path, l.err);
	if (l.status != 0 || l.ran[0] != 1 || l.ran[1] != 1 ||
	    l.ran[2] != 1)
		return fc_brokenx("before dlclose() a fork ran the module's "
		    "handlers as prepare %d, parent %d, child %d times "
		    "(child %s), want once each: the module does not work here",
		    l.ran[0], l.ran[1], l.ran[2],
		    fc_status(l.status, st, sizeof(st)));
	if (n != (ssize_t)sizeof(d)) {
		if (WIFSIGNALED(status))
			return fc_fail("the process that forked after "
			    "dlclose() was %s: the unloaded module's handlers "
			    "were called",
			    fc_status(status, st, sizeof(st)));
		return fc_brokenx("the loading process sent half its report "
		    "and %s", fc_status(status, st, sizeof(st)));
	}
	if (d.kept)
		return fc_skip("dlclose() kept the module loaded (musl never "
		    "unloads): after it a fork ran its handlers as prepare %d, "
		    "parent %d, child %d times", d.ran[0], d.ran[1], d.ran[2]);
	if (d.status != 0)
		return fc_fail("after dlclose() a fork's child %s",
		    fc_status(d.status, st, sizeof(st)));
	if (d.ran[0] + d.ran[1] + d.ran[2] != 0)
		return fc_fail("after dlclose() a fork ran the module's "
		    "handlers as prepare %d, parent %d, child %d times, want "
		    "none", d.ran[0], d.ran[1], d.ran[2]);
	return FC_PASS;
}
#define ATFORK_DLCLOSE_ROW	.run = atfork_dlclose
#else
#define ATFORK_DLCLOSE_ROW	.absent = "no module to load: a static " \
	"build, or no dlopen() here"
#endif

const struct fc_case fc_thr_os_cases[] = {
	{ .id = "thr.single-thread", .run = single_thread, .tier = FC_CORE,
	  .spec = "XSH fork: the child of a multithreaded process contains "
	  "a single thread" },
	{ .id = "thr._Fork", UNDERSCORE_FORK_ROW, .arg = &no_thread,
	  .tier = FC_OPT,
	  .spec = "XSH _Fork: like fork() (pid, ppid, shared descriptors) "
	  "but no pthread_atfork handler runs" },
	{ .id = "thr._Fork/threaded", UNDERSCORE_FORK_ROW, .arg = &nparked,
	  .tier = FC_OPT,
	  .spec = "XSH _Fork: from a multithreaded process, no handler runs "
	  "and the child has a single thread" },
	{ .id = "thr.raw-clone-bypass", RAW_CLONE_BYPASS_ROW,
	  .tier = FC_PROBE,
	  .spec = "L: clone(2) NOTES: a raw fork/clone system call bypasses "
	  "libc; no atfork handler runs" },
	{ .id = "thr.robust-in-child", ROBUST_IN_CHILD_ROW,
	  .tier = FC_CORE,
	  .spec = "XSH pthread_mutexattr_setrobust: a robust mutex the child "
	  "dies holding is reported EOWNERDEAD to the next locker" },
	{ .id = "thr.atfork-lifecycle/dlclose", ATFORK_DLCLOSE_ROW,
	  .tier = FC_QOI,
	  .spec = "glibc, FreeBSD (tst-atfork2): the fork handlers of a "
	  "dlclose()d module are dropped with it; no fork calls them" },
	{ .id = "thr.prng-reseed", PRNG_RESEED_ROW, .tier = FC_QOI,
	  .spec = "arc4random(3) (glibc, BSD, macOS): parent and child draw "
	  "different bytes after fork" },
	{ .id = NULL }
};
