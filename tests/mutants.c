/*
 * mutants.c: broken platforms, to prove that the suite catches them.
 *
 * Preloaded into forkcheck (LD_PRELOAD), this library replaces fork() and
 * a few of its neighbours with versions that break one rule each, chosen
 * by $FORKCHECK_MUTANT.  The break applies only inside a case: a process
 * whose process group is not the runner's (the runner and its workers
 * stay in the group forkcheck started in; every case child moves to one
 * of its own first thing), so the runner's own machinery is untouched.
 * tests/mutation.sh runs the suite under each mutant: each semantic
 * mutant must make each of its targets (the cases that exist for the rule
 * it breaks) fail, each robustness mutant must be contained with the right
 * verdicts, and under each quiet mutant (a slow but correct platform) no
 * case may fail.
 *
 *	FORKCHECK_MUTANT=list	prints the mutants, one per line: name,
 *				kind (semantic, robustness or quiet),
 *				description, targets (case ids or globs,
 *				separated by spaces; empty but for semantic
 *				mutants), separated by tabs
 */

#define _GNU_SOURCE

#include <sys/types.h>
#include <sys/mman.h>
#ifdef __linux__
#include <sys/personality.h>
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/vfs.h>
#include <sys/wait.h>

#include <aio.h>
#include <dirent.h>
#include <dlfcn.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Exported for the preload; prototypes keep -Wmissing-prototypes quiet. */
pid_t	fork(void);
pid_t	getpid(void);
pid_t	getppid(void);
int	fcntl(int, int, ...);
pid_t	waitpid(pid_t, int *, int);
pid_t	wait4(pid_t, int *, int, struct rusage *);
int	waitid(idtype_t, id_t, siginfo_t *, int);
void	_exit(int);
clock_t	times(struct tms *);
int	clock_gettime(clockid_t, struct timespec *);
int	getrusage(int, struct rusage *);
int	sigaltstack(const stack_t *, stack_t *);
ssize_t	read(int, void *, size_t);
int	sigaction(int, const struct sigaction *, struct sigaction *);
int	poll(struct pollfd *, nfds_t, int);
ssize_t	write(int, const void *, size_t);
void	*malloc(size_t);
void	 free(void *);
pid_t	_Fork(void);
int	setpgid(pid_t, pid_t);
struct dirent	*readdir(DIR *);
struct dirent64	*readdir64(DIR *);
sem_t	*sem_open(const char *, int, ...);
int	close(int);
int	shutdown(int, int);
int	madvise(void *, size_t, int);
int	pthread_mutex_trylock(pthread_mutex_t *);
int	timer_create(clockid_t, struct sigevent *, timer_t *);
int	execv(const char *, char *const []);
int	execve(const char *, char *const [], char *const []);
long	syscall(long, ...);
int	aio_write(struct aiocb *);

enum kind { SEMANTIC, ROBUSTNESS, QUIET };

static const struct mutant {
	const char	*name;
	enum kind	 kind;
	const char	*what;
	const char	*targets;	/* the cases it must make fail */
} mutants[] = {
	{ "wrong-pid", SEMANTIC, "fork returns the child's pid + 1000 to the parent",
	  "pid.getpid-cache/_Fork pid.many-children pid.ret-values "
	  "pid.unique sig.fork-in-handler sig.fork-in-handler/malloc "
	  "sig.ign-autoreap sig.ign-autoreap/rusage sig.nocldwait "
	  "thr._Fork thr._Fork/threaded "
	  "wait.sibling-thread sh.async-pid-wait misc.stress" },
	{ "getpid-stale", SEMANTIC, "getpid() in the child returns the parent's pid",
	  "fd.signalfd-reader pgid.inherited pgid.kill-group "
	  "pgid.kill-group/kill-zero pgid.setpgid-both-sides pgid.setsid-child "
	  "pid.getpid-cache pid.getpid-cache/tid pid.getpid-cache/_Fork "
	  "pid.not-pgid pid.ret-values pid.unique python.ret-values "
	  "python.setpgid python.sigusr1 sig.fork-in-handler "
	  "sig.fork-in-handler/malloc thr._Fork thr._Fork/threaded "
	  "pid.getpid-cache/vfork" },
	{ "ppid-init", SEMANTIC, "getppid() in the child returns 1",
	  "fd.status-flags-shared/owner pid.ppid pid.ppid/from-thread "
	  "pid.ppid/thread wait.subreaper" },
	{ "offset-private", SEMANTIC, "the child's file descriptors get their own open file descriptions",
	  "fd.mqueue fd.ofd-owned-locks fd.ofd-owned-locks/last-close "
	  "fd.ofd-owned-locks/ofd fd.same-ofd fd.status-flags-shared python.shared-offset" },
	{ "cloexec-closed", SEMANTIC, "close-on-exec descriptors are closed at fork",
	  "cow.private-anon cow.private-anon/mmap cow.shared-anon "
	  "cow.shared-anon/shm-open cow.sysv-shm fd.cloexec-kept "
	  "fd.fdflags-private fd.same-ofd lim.rlimits-inherited mem.madv-dontfork "
	  "mem.madv-dontfork/dofork mem.madv-wipeonfork "
	  "mem.madv-wipeonfork/grandchild mem.madv-wipeonfork/keeponfork "
	  "mem.mappings-retained mem.mappings-retained/protection "
	  "mem.mlock-not-inherited mem.mlock-not-inherited/mlockall misc.atexit "
	  "misc.stdio-dup pgid.setpgid-after-exec pid.getpid-cache/tid "
	  "pid.independent pid.ppid/from-thread pid.ret-values pid.unique "
	  "wait.after-exec wait.after-exec/thread" },
	{ "pending-kept", SEMANTIC, "signals pending in the parent are pending in the child",
	  "fd.signalfd-reader lim.rlimit-cpu-fresh sig.pending-cleared" },
	{ "alarm-kept", SEMANTIC, "the parent's alarm() goes on in the child",
	  "tim.alarm-cleared tim.itimers-reset" },
	{ "itimers-kept", SEMANTIC, "the parent's interval timers go on in the child",
	  "tim.alarm-cleared tim.itimers-reset" },
	{ "handlers-reset", SEMANTIC, "caught signals are reset to SIG_DFL in the child",
	  "sig.dispositions sig.dispositions/handler sig.fp-state "
	  "thr.from-nonmain" },
	{ "ignore-dropped", SEMANTIC, "ignored signals are reset to SIG_DFL in the child",
	  "misc.posix-spawn sig.dispositions sig.ign-across-exec sh.trap-subshell" },
	{ "mask-cleared", SEMANTIC, "the child starts with an empty signal mask",
	  "fd.signalfd-reader misc.posix-spawn sig.mask-from-caller" },
	{ "new-pgrp", SEMANTIC, "the child is put in a new process group",
	  "misc.posix-spawn pgid.inherited pgid.jobcontrol-pty "
	  "pgid.jobcontrol-pty/tcsetpgrp pgid.jobcontrol-pty/tcsetpgrp-blocked "
	  "pgid.kill-group pgid.kill-group/kill-zero pgid.setpgid-after-exec "
	  "pgid.setpgid-errors/eperm-group pgid.setpgid-errors/eperm-session "
	  "pgid.setsid-child pid.not-pgid wait.pgid-selectors sh.async-pgrp" },
	{ "new-session", SEMANTIC, "the child is put in a new session",
	  "misc.posix-spawn pgid.inherited pgid.jobcontrol-pty "
	  "pgid.jobcontrol-pty/tcsetpgrp pgid.jobcontrol-pty/tcsetpgrp-blocked "
	  "pgid.kill-group pgid.kill-group/kill-zero pgid.setpgid-after-exec "
	  "pgid.setpgid-errors/eperm-group pgid.setpgid-errors/eperm-session "
	  "pgid.setsid-child pgid.setsid-child/leader-eperm pid.not-pgid sh.async-pgrp" },
	{ "memory-shared", SEMANTIC, "heap and data are shared with the child, not copied",
	  "cow.private-anon cow.private-anon/mmap fd.msgcat inh.env "
	  "mem.mappings-retained/proc-maps" },
	{ "atfork-skipped", SEMANTIC, "pthread_atfork handlers do not run",
	  "lim.errno-preserved thr.atfork-order thr.atfork-order/thread" },
	{ "errno-wrong", SEMANTIC, "a fork refused for lack of processes sets ENOMEM, not EAGAIN",
	  "inh.sched-reset/deadline lim.eagain-nproc lim.errno-preserved python.fork-bomb" },
	{ "umask-reset", SEMANTIC, "the child's umask is 0",
	  "inh.cwd-root-umask/umask misc.posix-spawn" },
	{ "cwd-root", SEMANTIC, "the child starts in /",
	  "inh.cwd-root-umask misc.posix-spawn" },
	{ "rlimits-raised", SEMANTIC, "the child's soft limits are raised to the hard ones",
	  "lim.rlimit-cpu-fresh lim.rlimits-inherited misc.posix-spawn" },
	{ "nice-reset", SEMANTIC, "the child's nice value is reset to 0",
	  "inh.nice misc.posix-spawn" },
	{ "affinity-reset", SEMANTIC, "the child may run on every CPU",
	  "inh.affinity" },
	{ "locks-inherited", SEMANTIC, "the parent's record locks look like the child's own",
	  "fd.posix-lock fd.posix-lock/close" },
	{ "cputime-kept", SEMANTIC, "the child's CPU times start from the parent's",
	  "lim.rlimit-cpu-fresh tim.cpu-clocks-zero tim.cpu-clocks-zero/thread "
	  "tim.rusage-self tim.times-zero wait.rusage-children "
	  "wait.rusage-children/grandchild" },
	{ "mlock-kept", SEMANTIC, "the parent's memory locks are kept in the child",
	  "mem.mlock-not-inherited mem.mlock-not-inherited/mlockall" },
	{ "no-exit-signal", SEMANTIC, "the child's exit sends no SIGCHLD (clone with exit signal 0)",
	  "misc.clone3/exit-signal-0 sig.ign-autoreap sig.ign-autoreap/rusage "
	  "sig.nocldwait wait.sibling-thread" },
	{ "status-7bit", SEMANTIC, "wait reports the exit status with its top bit lost",
	  "pid.many-children pid.many-children/threads wait.exit-low8 misc.stress" },
	{ "wnowait-consumes", SEMANTIC, "waitid(WNOWAIT) reaps the child anyway",
	  "sig.dfl-keeps-zombie sig.sigchld-coalesce wait.einval-options "
	  "wait.einval-options/no-event wait.einval-options/no-wexited "
	  "wait.pgid-selectors wait.rusage-children "
	  "wait.rusage-children/grandchild wait.specific-vs-any wait.wnohang "
	  "wait.wnohang/waitid wait.wnowait wait.zombie-persists" },
	{ "exit-cleans-up", SEMANTIC, "_exit() in the child runs atexit handlers and flushes stdio",
	  "misc.atexit misc.stdio-dup" },
	{ "child-ret-pid", SEMANTIC, "fork() returns the child's own pid in the child, not 0",
	  "pid.getpid-cache/_Fork pid.ppid/from-thread pid.ret-values "
	  "sig.fork-in-handler sig.fork-in-handler/malloc thr._Fork "
	  "thr._Fork/threaded thr.single-thread "
	  "wait.signal-status wait.signal-status/waitid "
	  "wait.wnohang/waitid" },
	{ "rw-offset-private", SEMANTIC, "the child's read and write on a file use a private offset; only lseek moves the shared one",
	  "fd.same-ofd" },
	{ "no-stop-sigchld", SEMANTIC, "a child's stop sends its parent no SIGCHLD",
	  "sig.sigchld-stop-events" },
	{ "no-continue-sigchld", SEMANTIC, "a child's continue sends its parent no SIGCHLD",
	  "sig.sigchld-stop-events/continued" },
	{ "no-stop-report", SEMANTIC, "wait never reports a stopped child (WUNTRACED, WSTOPPED are ignored)",
	  "wait.stop-continue wait.stop-continue/waitid" },
	{ "no-continue-report", SEMANTIC, "wait never reports a continued child (WCONTINUED is ignored)",
	  "wait.stop-continue wait.stop-continue/waitid" },
	{ "ign-no-autoreap", SEMANTIC, "SIGCHLD set to SIG_IGN does not reap children: they become zombies",
	  "sig.ign-autoreap sig.ign-autoreap/rusage wait.rusage-children/autoreap" },
	{ "ign-wait-early", SEMANTIC, "with SIGCHLD ignored (or SA_NOCLDWAIT) wait fails with ECHILD at once, even for a running child",
	  "sig.ign-autoreap sig.ign-autoreap/rusage sig.nocldwait" },
	{ "nocldwait-dropped", SEMANTIC, "SA_NOCLDWAIT is dropped: children become zombies",
	  "sig.nocldwait" },
	{ "cputime-copied", SEMANTIC, "the child's CPU clocks and times go on from the parent's, exactly",
	  "lim.rlimit-cpu-fresh tim.cpu-clocks-zero tim.cpu-clocks-zero/thread "
	  "tim.rusage-self tim.times-zero" },
	{ "orphan-ppid-zero", SEMANTIC, "an orphan's getppid() returns 0, not its new parent",
	  "wait.reparent wait.subreaper" },
	{ "pdeathsig-kept", SEMANTIC, "the child keeps its parent's parent-death signal (prctl PR_SET_PDEATHSIG)",
	  "sig.pdeathsig" },
	{ "environ-empty", SEMANTIC, "the child starts with an empty environment",
	  "inh.env" },
	{ "altstack-dropped", SEMANTIC, "the child starts with no alternate signal stack", "sig.altstack" },
	{ "altstack-undelivered", SEMANTIC, "the child reports the parent's alternate signal stack but its SA_ONSTACK handlers run on the normal stack", "sig.altstack/delivery" },
	{ "comm-reset", SEMANTIC, "the child's command name (PR_SET_NAME) is reset", "inh.prctl-linux" },
	{ "dumpable-reset", SEMANTIC, "the child is dumpable whatever its parent's flag", "inh.prctl-linux/dumpable" },
	{ "subreaper-kept", SEMANTIC, "the child of a subreaper is a subreaper too", "inh.prctl-linux/subreaper-not-inherited wait.subreaper" },
	{ "personality-reset", SEMANTIC, "the child's execution domain (personality) is reset to PER_LINUX", "inh.personality-ioprio" },
	{ "timerslack-reset", SEMANTIC, "the child's timer slack is reset to the system default (50 us)", "inh.prctl-linux/timerslack" },
	{ "coredump-filter-reset", SEMANTIC, "the child's /proc/self/coredump_filter is reset to the default 0x33", "inh.prctl-linux/coredump-filter" },
	{ "securebits-reset", SEMANTIC, "the child's securebits are cleared", "inh.security-state/capabilities" },
	{ "ioprio-reset", SEMANTIC, "the child's I/O priority is reset to the default (no class)", "inh.personality-ioprio/ioprio" },
	{ "sched-policy-reset", SEMANTIC, "a child of a real-time parent runs SCHED_OTHER", "inh.sched-policy inh.sched-policy/rr" },
	{ "sched-reset-ignored", SEMANTIC, "SCHED_RESET_ON_FORK is ignored: the child keeps the parent's policy, flag and nice value", "inh.sched-reset inh.sched-reset/nice" },
	{ "creds-reset", SEMANTIC, "the child's effective and saved ids are its real ones, and it has no supplementary groups", "inh.credentials inh.credentials/saved" },
	{ "root-reset", SEMANTIC, "the child's root directory is the system's, not its parent's chroot", "inh.cwd-root-umask/root" },
	{ "maxrss-lost", SEMANTIC, "RUSAGE_CHILDREN never carries the children's ru_maxrss (always 0)", "wait.rusage-children/maxrss" },
	{ "nonchild-running", SEMANTIC, "waitpid(pid, WNOHANG) on a process that is not a child returns 0 (running), not ECHILD", "wait.echild-nonchild" },
	{ "setpgid-eperm", SEMANTIC, "setpgid() on a process that is not a child fails with EPERM, not ESRCH", "pgid.setpgid-errors" },
	{ "setpgid-negative", SEMANTIC, "setpgid() takes a negative pgid as 0 instead of failing with EINVAL", "pgid.setpgid-errors/einval" },
	{ "nocldstop-dropped", SEMANTIC, "SA_NOCLDSTOP is dropped: a child's stop and continue send SIGCHLD", "sig.sigchld-stop-events/nocldstop" },
	{ "chld-info-empty", SEMANTIC, "SIGCHLD comes with an empty siginfo: si_pid, si_uid and si_status 0", "sig.sigchld-exit-info sig.sigchld-exit-info/killed" },
	{ "dirstream-dead", SEMANTIC, "readdir() fails with EBADF in the child: inherited directory streams are dead", "fd.dirstream" },
	{ "named-sem-copied", SEMANTIC, "a named semaphore open at fork is copied into the child, not shared", "fd.named-sem" },
	{ "close-shuts-down", SEMANTIC, "close() of a socket in the child shuts the connection down for every holder", "fd.shutdown-vs-close" },
	{ "shutdown-local", SEMANTIC, "shutdown() in the child acts on its own descriptor only: it returns 0 and the shared socket stays open", "fd.shutdown-vs-close/shutdown" },
	{ "wipeonfork-any-type", SEMANTIC, "madvise(MADV_WIPEONFORK) accepts shared and file mappings (and does nothing)", "mem.madv-wipeonfork/other-types" },
	{ "mutexes-reset", SEMANTIC, "mutexes held at fork are unlocked in the child: its trylock succeeds", "thr.mutex-state" },
	{ "robust-list-lost", SEMANTIC, "the child has no robust list: a robust mutex it dies holding stays locked", "thr.robust-in-child" },
	{ "timers-kept", SEMANTIC, "the parent's POSIX timers (timer_create) are re-created in the child under the same ids", "tim.posix-timers" },
	{ "pdeathsig-exec-cleared", SEMANTIC, "every exec clears the parent-death signal, not only a set-ID one", "sig.pdeathsig/exec" },
	{ "nested-fork-fails", SEMANTIC, "fork() fails with EAGAIN in a process that fork() created", "misc.nested" },
	{ "clone3-no-exit-signal", SEMANTIC, "clone3 ignores exit_signal: its children end without SIGCHLD, unseen by plain waitpid", "misc.clone3/as-fork misc.nested/clone" },
	{ "clone3-lax", SEMANTIC, "clone3 ignores flag bits it does not know (bit 63) instead of failing with EINVAL", "misc.clone3/bad-flags" },
	{ "file-private-shared", SEMANTIC, "a MAP_PRIVATE file mapping is shared with the child, not copied", "cow.file-mappings" },
	{ "aio-child-refused", SEMANTIC, "aio_write() fails with EAGAIN in a forked child (the parent's AIO state is in its way)", "misc.aio" },
	{ "status-unshifted", SEMANTIC, "wait puts an exit code in the signal bits of the status (code, not code << 8)", "python.waitpid-status wait.exit-low8" },
	{ "child-hangs", ROBUSTNESS, "the child hangs", NULL },
	{ "child-ignores-term", ROBUSTNESS, "the child ignores SIGTERM and hangs", NULL },
	{ "child-crashes", ROBUSTNESS, "the child dies of SIGSEGV", NULL },
	{ "child-floods", ROBUSTNESS, "the child writes 8 MiB to stdout and stderr first", NULL },
	{ "child-escapes", ROBUSTNESS, "the child leaves a setsid() grandchild holding its descriptors", NULL },
	{ "slow-pipes", QUIET, "every 50th read or write on a pipe stalls 2.5 s (the count starts at the pid)", NULL },
	{ "slow-fork", QUIET, "fork() takes 300 ms", NULL },
	{ "slow-machine", QUIET, "a machine 20 times slower: fork, wait, read, write and poll first sleep 19 times the CPU time used since the last one", NULL },
	{ "fork-in-malloc", SEMANTIC, "malloc() and free() hold a lock that _Fork() does not reset, and _Fork() allocates in the child: a child forked by a handler that interrupted malloc() aborts on the held lock",
	  "sig.fork-in-handler/malloc" },
	{ "_Fork-runs-handlers", SEMANTIC, "_Fork() runs the pthread_atfork handlers, as fork() does",
	  "thr._Fork thr._Fork/threaded" },
	{ "mmap-private-shared", SEMANTIC, "mmap() makes MAP_PRIVATE file mappings MAP_SHARED: writes reach the file and every process",
	  "cow.file-mappings cow.file-mappings/clean" },
	{ "vfork-sigchld-lost", SEMANTIC, "vfork drops the SIGCHLDs pending in the parent when it resumes (those that arrived during the suspension, and before)",
	  "misc.vfork-release/sigchld misc.vfork-release/sigchld-during" },
	{ "vfork-is-fork", SEMANTIC, "vfork is fork: the parent runs on at once, as under qemu-user and valgrind",
	  "misc.vfork-suspend misc.vfork-release/later-vfork "
	  "misc.vfork-release/sigchld-during" },
	/* hg */
	{ "pdeathsig-process", SEMANTIC, "the parent-death signal of a child forked by a thread comes only when its parent's whole process exits, not when that thread does",
	  "sig.pdeathsig/thread-exit" },
	{ "creds-effective-only", SEMANTIC, "fork copies only the effective ids: the child's real and saved user and group ids are its effective ones",
	  "inh.credentials inh.credentials/saved" },
	/* hi: vfork one level down; getpid-stale's vfork child (below) */
	{ "nested-vfork-fails", SEMANTIC, "vfork() fails with EAGAIN in a process that fork() created",
	  "misc.nested/vfork" },
	{ NULL, 0, NULL, NULL }
};

static const char	*mutant;	/* the selected one, or NULL */
static pid_t		 runner_pgrp;	/* the group forkcheck started in */

/* What the fork wrapper saw in the parent, for the child's sake. */
static struct {
	int		 forked;	/* this process came from our fork() */
	pid_t		 parent;
	sigset_t	 pending;
	unsigned int	 alarm;
	struct itimerval it[3];
	struct tms	 tms;
	struct timespec	 cpu[2];	/* process, thread */
	struct rusage	 ru;
	int		 mlocked;
	int		 pdeathsig;
	int		 subreaper;
	stack_t		 alt;
} st;

#define REAL(fn)	((__typeof__(&fn))dlsym(RTLD_NEXT, #fn))

__attribute__((constructor))
static void
init(void)
{
	const struct mutant	*m;
	const char		*pg;
	char			 buf[32];

	mutant = getenv("FORKCHECK_MUTANT");
	if (mutant != NULL && strcmp(mutant, "list") == 0) {
		for (m = mutants; m->name != NULL; m++)
			printf("%s\t%s\t%s\t%s\n", m->name,
			    m->kind == SEMANTIC ? "semantic" :
			    m->kind == QUIET ? "quiet" : "robustness", m->what,
			    m->targets != NULL ? m->targets : "");
		fflush(stdout);
		REAL(_exit)(0);
	}
	if (mutant != NULL && mutant[0] == '\0')
		mutant = NULL;
	if ((pg = getenv("FORKCHECK_MUTANT_PGRP")) != NULL)
		runner_pgrp = (pid_t)atol(pg);
	else {
		runner_pgrp = getpgrp();
		snprintf(buf, sizeof(buf), "%ld", (long)runner_pgrp);
		setenv("FORKCHECK_MUTANT_PGRP", buf, 1);
	}
}

/* Whether mutant name applies here: selected, and inside a case. */
static int
on(const char *name)
{
	return mutant != NULL && strcmp(mutant, name) == 0 &&
	    getpgrp() != runner_pgrp;
}

/* ... and in a child our fork() made. */
static int
in_child(const char *name)
{
	return st.forked && on(name);
}

static void
hang(void)
{
	for (;;)
		pause();
}

/* Sleeps ns nanoseconds, through signals; errno is left as it was. */
static void
nap(long long ns)
{
	struct timespec	ts;
	int		saved = errno;

	if (ns <= 0)
		return;
	ts.tv_sec = (time_t)(ns / 1000000000LL);
	ts.tv_nsec = (long)(ns % 1000000000LL);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		continue;
	errno = saved;
}

/*
 * slow-machine: the calling thread's CPU time at its last slowed call.
 * Each slowed call first sleeps 19 times the CPU time used since (at
 * most 1 s at a time), so that work takes 20 times as long.
 */
static __thread long long	slow_last;

static void
slow_down(void)
{
	struct timespec	ts;
	long long	now;
	int		saved = errno;

	if (!on("slow-machine") ||
	    REAL(clock_gettime)(CLOCK_THREAD_CPUTIME_ID, &ts) == -1)
		return;
	now = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
	if (now > slow_last)
		nap(19 * (now - slow_last) < 1000000000LL ?
		    19 * (now - slow_last) : 1000000000LL);
	slow_last = now;
	errno = saved;
}

/* slow-pipes: every 50th read or write on a pipe stalls 2.5 s. */
static void
pipe_stall(int fd)
{
	static unsigned long	calls;
	struct stat		sb;
	int			saved = errno;

	if (!on("slow-pipes") || fstat(fd, &sb) == -1 || !S_ISFIFO(sb.st_mode))
		return;
	errno = saved;
	if ((++calls + (unsigned long)syscall(SYS_getpid)) % 50 == 0)
		nap(2500000000LL);
}

static void
flood(int fd)
{
	static char	block[65536];
	int		i;

	memset(block, 'm', sizeof(block));
	for (i = 0; i < 128; i++)
		if (write(fd, block, sizeof(block)) <= 0)
			return;
}

/* Gives every regular file descriptor an open file description of its own. */
static void
reopen_files(void)
{
	struct stat	sb;
	char		path[64];
	off_t		off;
	int		fd, nfd, fl, fdfl;

	for (fd = 0; fd < 1024; fd++) {
		if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		fl = REAL(fcntl)(fd, F_GETFL);
		fdfl = REAL(fcntl)(fd, F_GETFD);
		off = lseek(fd, 0, SEEK_CUR);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		if ((nfd = open(path, fl & ~(O_CREAT | O_TRUNC | O_EXCL))) == -1)
			continue;
		lseek(nfd, off, SEEK_SET);
		dup2(nfd, fd);
		close(nfd);
		REAL(fcntl)(fd, F_SETFD, fdfl);
	}
}

static void
close_cloexec(void)
{
	int	fd, fl;

	for (fd = 3; fd < 1024; fd++)
		if ((fl = REAL(fcntl)(fd, F_GETFD)) != -1 && (fl & FD_CLOEXEC))
			close(fd);
}

static void
reset_signals(int which)	/* 1: caught ones, 2: ignored ones */
{
	struct sigaction	sa;
	int			sig;

	for (sig = 1; sig < NSIG; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP ||
		    sigaction(sig, NULL, &sa) == -1)
			continue;
		if ((which == 1 && sa.sa_handler != SIG_DFL &&
		    sa.sa_handler != SIG_IGN) ||
		    (which == 2 && sa.sa_handler == SIG_IGN)) {
			sa.sa_handler = SIG_DFL;
			sa.sa_flags = 0;
			sigaction(sig, &sa, NULL);
		}
	}
}

/*
 * Reads /proc/self/maps whole into maps (NUL-terminated) and the path of
 * our executable into self, with system calls only: nothing on the heap.
 * Returns 0, or -1 where either cannot be read.
 */
static int
read_maps(char *maps, size_t size, char *self, size_t selfsize)
{
	ssize_t	n;
	size_t	got = 0;
	int	fd;

	if ((n = readlink("/proc/self/exe", self, selfsize - 1)) <= 0)
		return -1;
	self[n] = '\0';
	if ((fd = open("/proc/self/maps", O_RDONLY)) == -1)
		return -1;
	while (got < size - 1 && (n = read(fd, maps + got, size - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	maps[got] = '\0';
	return 0;
}

/*
 * Makes the heap and the executable's writable data shared mappings, so
 * that the next fork shares them instead of copying them.  The map is
 * read whole first: nothing on the heap may be used while it is remade.
 */
static void
share_memory(void)
{
	static char	 maps[65536];
	char		 perms[8], path[256], self[256], *line, *next;
	unsigned long	 lo, hi;
	void		*save;
	size_t		 len;

	if (read_maps(maps, sizeof(maps), self, sizeof(self)) == -1)
		return;
	for (line = maps; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		if (next == NULL)
			next = line + strlen(line);
		else
			*next++ = '\0';
		path[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi,
		    perms, path) < 3)
			continue;
		if (strncmp(perms, "rw-p", 4) != 0 ||
		    (strcmp(path, "[heap]") != 0 && strcmp(path, self) != 0))
			continue;
		len = hi - lo;
		save = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (save == MAP_FAILED)
			continue;
		memcpy(save, (void *)lo, len);
		if (mmap((void *)lo, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED)
			memcpy((void *)lo, save, len);
		munmap(save, len);
	}
}

static int
vmlck(void)
{
	FILE	*f;
	char	 line[128];
	long	 kb = 0;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmLck: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb > 0;
}

/* rw-offset-private: the child's own position in each regular file. */
#define PRIV_FDS	1024
static off_t	priv_off[PRIV_FDS];
static char	priv_set[PRIV_FDS];

/*
 * Whether fd's read or write goes to a private position: a regular file
 * (not procfs' or sysfs'), in a child under rw-offset-private.  The position starts where the
 * shared offset is at the first read or write.
 */
static int
priv_file(int fd)
{
	struct statfs	fs;
	struct stat	sb;

	/* Files, not the kernel's: /proc and /sys are read as they are. */
	if (!in_child("rw-offset-private") || fd < 0 || fd >= PRIV_FDS ||
	    fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    fstatfs(fd, &fs) == -1 || fs.f_type == 0x9fa0 ||
	    fs.f_type == 0x62656572)
		return 0;
	if (!priv_set[fd]) {
		priv_off[fd] = lseek(fd, 0, SEEK_CUR);
		priv_set[fd] = 1;
	}
	return priv_off[fd] != -1;
}

/*
 * The parent's scheduling (raw, with SCHED_RESET_ON_FORK) and nice value,
 * for sched-reset-ignored.
 */
static struct {
	int			policy;
	struct sched_param	param;
	int			nice;
} sched_st;

/* The parent's side of the attribute mutants, just before fork(). */
static void
parent_attrs(void)
{
#ifdef SYS_sched_getscheduler
	if (on("sched-reset-ignored")) {
		sched_st.policy = (int)syscall(SYS_sched_getscheduler, 0);
		if (syscall(SYS_sched_getparam, 0, &sched_st.param) == -1)
			sched_st.policy = -1;
		errno = 0;
		sched_st.nice = getpriority(PRIO_PROCESS, 0);
	}
#endif
}

/* root-reset: leaves a chroot (as root) for the system's root. */
static void
leave_chroot(void)
{
	static const char	tmp[] = ".mutant-root-reset";
	int			fd, i;

	if ((fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if (mkdir(tmp, 0700) == 0 && chroot(tmp) == 0 && fchdir(fd) == 0) {
		for (i = 0; i < 64; i++)
			(void)chdir("..");
		(void)chroot(".");
	}
	(void)fchdir(fd);
	(void)rmdir(tmp);
	close(fd);
}

static void	creds_child(void);	/* hg */

/* The child's side of the attribute mutants. */
static void
child_attrs(void)
{
	struct sched_param	sp;
	int			fd;

#ifdef __linux__
	if (in_child("timerslack-reset"))
		prctl(PR_SET_TIMERSLACK, 50000UL, 0UL, 0UL, 0UL);
	if (in_child("securebits-reset"))
		prctl(PR_SET_SECUREBITS, 0UL, 0UL, 0UL, 0UL);
	if (in_child("coredump-filter-reset") &&
	    (fd = open("/proc/self/coredump_filter", O_WRONLY)) != -1) {
		(void)write(fd, "33\n", 3);
		close(fd);
	}
#ifdef SYS_ioprio_set
	if (in_child("ioprio-reset"))
		syscall(SYS_ioprio_set, 1, 0, 0);	/* IOPRIO_WHO_PROCESS */
#endif
#ifdef SCHED_RESET_ON_FORK
	if (in_child("sched-reset-ignored") && sched_st.policy != -1 &&
	    (sched_st.policy & SCHED_RESET_ON_FORK)) {
		syscall(SYS_sched_setscheduler, 0, sched_st.policy,
		    &sched_st.param);
		setpriority(PRIO_PROCESS, 0, sched_st.nice);
	}
#endif
#endif
	memset(&sp, 0, sizeof(sp));
	if (in_child("sched-policy-reset") &&
	    (sched_getscheduler(0) == SCHED_FIFO ||
	    sched_getscheduler(0) == SCHED_RR))
		sched_setscheduler(0, SCHED_OTHER, &sp);
	creds_child();	/* hg: creds-reset, creds-effective-only */
	if (in_child("root-reset"))
		leave_chroot();
}

/* nonchild-running: ECHILD for a pid with WNOHANG becomes "running". */
static pid_t
nonchild(pid_t r, pid_t pid, int options)
{
	if (r == -1 && errno == ECHILD && pid > 0 && (options & WNOHANG) &&
	    on("nonchild-running"))
		return 0;
	return r;
}

/* dirstream-dead: the child's readdir() fails. */
struct dirent *
readdir(DIR *dir)
{
	if (in_child("dirstream-dead")) {
		errno = EBADF;
		return NULL;
	}
	return REAL(readdir)(dir);
}

struct dirent64 *
readdir64(DIR *dir)
{
	if (in_child("dirstream-dead")) {
		errno = EBADF;
		return NULL;
	}
	return REAL(readdir64)(dir);
}

/* named-sem-copied: the named semaphores a case opened. */
#define NSEMS	8
static sem_t	*sems[NSEMS];

sem_t *
sem_open(const char *name, int oflag, ...)
{
	sem_t		*sem;
	va_list		 ap;
	unsigned int	 mode = 0, value = 0;
	int		 i;

	if (oflag & O_CREAT) {
		va_start(ap, oflag);
		mode = va_arg(ap, unsigned int);
		value = va_arg(ap, unsigned int);
		va_end(ap);
	}
	sem = REAL(sem_open)(name, oflag, (mode_t)mode, value);
	if (sem != SEM_FAILED && on("named-sem-copied"))
		for (i = 0; i < NSEMS; i++)
			if (sems[i] == NULL) {
				sems[i] = sem;
				break;
			}
	return sem;
}

/* Makes the page of each named semaphore still mapped a private copy. */
static void
copy_sems(void)
{
	size_t	 pg = (size_t)sysconf(_SC_PAGESIZE);
	char	 save[65536];
	void	*page;
	int	 i;

	for (i = 0; i < NSEMS; i++) {
		if (sems[i] == NULL || pg > sizeof(save))
			continue;
		page = (void *)((unsigned long)sems[i] & ~(pg - 1));
		if (msync(page, pg, MS_ASYNC) == -1)	/* closed since */
			continue;
		memcpy(save, page, pg);
		if (mmap(page, pg, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
		    MAP_FAILED)
			memcpy(page, save, pg);
	}
}

static int
is_socket(int fd)
{
	struct stat	sb;
	int		saved = errno, r;

	r = fstat(fd, &sb) == 0 && S_ISSOCK(sb.st_mode);
	errno = saved;
	return r;
}

/* close-shuts-down: a child's close() of a socket ends the connection. */
int
close(int fd)
{
	static int	(*real_close)(int);

	if (real_close == NULL)
		real_close = REAL(close);
	if (in_child("close-shuts-down") && is_socket(fd))
		(void)REAL(shutdown)(fd, SHUT_RDWR);
	return real_close(fd);
}

/* shutdown-local: the child's shutdown() does nothing. */
int
shutdown(int fd, int how)
{
	if (in_child("shutdown-local") && is_socket(fd))
		return 0;
	return REAL(shutdown)(fd, how);
}

/* wipeonfork-any-type: MADV_WIPEONFORK refused becomes accepted. */
int
madvise(void *addr, size_t len, int advice)
{
	int	r = REAL(madvise)(addr, len, advice);

#ifdef MADV_WIPEONFORK
	if (r == -1 && errno == EINVAL && advice == MADV_WIPEONFORK &&
	    on("wipeonfork-any-type"))
		return 0;
#endif
	return r;
}

/* mutexes-reset: the child's trylock takes a mutex held at fork. */
int
pthread_mutex_trylock(pthread_mutex_t *m)
{
	int	r = REAL(pthread_mutex_trylock)(m);

	if (r == EBUSY && in_child("mutexes-reset"))
		return 0;
	return r;
}

/* timers-kept: the case's POSIX timers, recreated in the child. */
#define NTIMERS	8
static struct {
	int			used;
	clockid_t		clock;
	struct sigevent		sev;
	int			has_sev;
	timer_t			id;
	struct itimerspec	its;	/* at fork */
} timers[NTIMERS];

int
timer_create(clockid_t clock, struct sigevent *sev, timer_t *id)
{
	int	r = REAL(timer_create)(clock, sev, id), i;

	if (r == 0 && on("timers-kept"))
		for (i = 0; i < NTIMERS; i++)
			if (!timers[i].used) {
				timers[i].used = 1;
				timers[i].clock = clock;
				timers[i].has_sev = sev != NULL;
				if (sev != NULL)
					timers[i].sev = *sev;
				timers[i].id = *id;
				break;
			}
	return r;
}

/* The parent's timers: their settings at fork. */
static void
timers_at_fork(void)
{
	int	i;

	for (i = 0; i < NTIMERS; i++)
		if (timers[i].used &&
		    timer_gettime(timers[i].id, &timers[i].its) == -1)
			timers[i].used = 0;
}

/* Creates timers in the child until each gets its parent's id. */
static void
timers_again(void)
{
	timer_t	id, extra[64];
	int	i, n;

	for (i = 0; i < NTIMERS; i++) {
		if (!timers[i].used)
			continue;
		for (n = 0; n < 64; n++) {
			if (REAL(timer_create)(timers[i].clock,
			    timers[i].has_sev ? &timers[i].sev : NULL,
			    &id) == -1)
				break;
			if (id == timers[i].id) {
				timer_settime(id, 0, &timers[i].its, NULL);
				break;
			}
			extra[n] = id;
		}
		while (--n >= 0)
			timer_delete(extra[n]);
	}
}

/* pdeathsig-exec-cleared: the parent-death signal goes at every exec. */
static void
pdeath_exec(void)
{
#ifdef PR_SET_PDEATHSIG
	if (on("pdeathsig-exec-cleared"))
		prctl(PR_SET_PDEATHSIG, 0UL, 0UL, 0UL, 0UL);
#endif
}

int
execv(const char *path, char *const argv[])
{
	pdeath_exec();
	return REAL(execv)(path, argv);
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	pdeath_exec();
	return REAL(execve)(path, argv, envp);
}

/*
 * clone3-no-exit-signal, clone3-lax: clone3 calls through syscall(), all
 * other numbers passed on as they are.
 */
struct clone3_args {
	unsigned long long	flags, pidfd, child_tid, parent_tid,
				exit_signal, stack, stack_size, tls;
};

long
syscall(long n, ...)
{
	static long		(*real_syscall)(long, ...);
	struct clone3_args	a;
	va_list			ap;
	long			x[6];
	int			i;

	if (real_syscall == NULL)
		real_syscall = REAL(syscall);
	va_start(ap, n);
	for (i = 0; i < 6; i++)
		x[i] = va_arg(ap, long);
	va_end(ap);
#ifdef SYS_clone3
	if (n == SYS_clone3 && x[0] != 0 && (size_t)x[1] >= sizeof(a) &&
	    (on("clone3-no-exit-signal") || on("clone3-lax"))) {
		memcpy(&a, (void *)x[0], sizeof(a));
		if (on("clone3-no-exit-signal"))
			a.exit_signal = 0;
		if (on("clone3-lax"))
			a.flags &= ~(1ULL << 63);
		return real_syscall(n, &a, sizeof(a));
	}
#endif
	return real_syscall(n, x[0], x[1], x[2], x[3], x[4], x[5]);
}

/* aio-child-refused: no AIO in a forked child. */
int
aio_write(struct aiocb *cb)
{
	if (in_child("aio-child-refused")) {
		errno = EAGAIN;
		return -1;
	}
	return REAL(aio_write)(cb);
}

/*
 * file-private-shared: makes each private writable file mapping (not a
 * library's or the executable's data) a shared one with the same bytes,
 * so that the next fork shares it.
 */
static void
share_private_files(void)
{
	static char	 maps[65536];
	char		 perms[8], path[256], self[256], *line, *next;
	unsigned long	 lo, hi;
	void		*save;
	size_t		 len;

	if (read_maps(maps, sizeof(maps), self, sizeof(self)) == -1)
		return;
	for (line = maps; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			next = line + strlen(line);
		else
			*next++ = '\0';
		path[0] = '\0';
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &lo, &hi,
		    perms, path) < 4 || strncmp(perms, "rw-p", 4) != 0 ||
		    path[0] != '/' || strcmp(path, self) == 0 ||
		    strstr(path, ".so") != NULL)
			continue;
		len = hi - lo;
		save = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (save == MAP_FAILED)
			continue;
		memcpy(save, (void *)lo, len);
		if (mmap((void *)lo, len, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED)
			memcpy((void *)lo, save, len);
		munmap(save, len);
	}
}

/* setpgid-eperm, setpgid-negative: wrong errors in a case. */
int
setpgid(pid_t pid, pid_t pgid)
{
	int	r;

	if (pgid < 0 && on("setpgid-negative"))
		pgid = 0;
	r = REAL(setpgid)(pid, pgid);
	if (r == -1 && errno == ESRCH && on("setpgid-eperm"))
		errno = EPERM;
	return r;
}

/* The child's side of the signal mutants. */
static void
child_signals(void)
{
	sigset_t	none;
	stack_t		off;
	int		sig;

	if (in_child("pending-kept"))
		for (sig = 1; sig < NSIG; sig++)
			if (sigismember(&st.pending, sig) == 1)
				raise(sig);
	if (in_child("alarm-kept") && st.alarm > 0)
		alarm(st.alarm);
	if (in_child("itimers-kept")) {
		setitimer(ITIMER_REAL, &st.it[0], NULL);
		setitimer(ITIMER_VIRTUAL, &st.it[1], NULL);
		setitimer(ITIMER_PROF, &st.it[2], NULL);
	}
	if (in_child("handlers-reset"))
		reset_signals(1);
	if (in_child("ignore-dropped"))
		reset_signals(2);
	if (in_child("mask-cleared")) {
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	if (in_child("altstack-undelivered"))
		REAL(sigaltstack)(NULL, &st.alt); /* what it will be told */
	if (in_child("altstack-dropped") || in_child("altstack-undelivered")) {
		memset(&off, 0, sizeof(off));
		off.ss_flags = SS_DISABLE;
		sigaltstack(&off, NULL);
	}
}

/* ... of the process group, session, descriptor and directory mutants. */
static void
child_files(void)
{
	if (in_child("new-pgrp"))
		setpgid(0, 0);
	if (in_child("new-session"))
		setsid();
	if (in_child("offset-private"))
		reopen_files();
	if (in_child("cloexec-closed"))
		close_cloexec();
	if (in_child("umask-reset"))
		umask(0);
	if (in_child("cwd-root"))
		(void)chdir("/");
}

/* ... of the limit, priority, memory lock and environment mutants. */
static void
child_limits(void)
{
	struct rlimit	rl;
	cpu_set_t	all;
	int		i;

	if (in_child("rlimits-raised"))
		for (i = 0; i < RLIM_NLIMITS; i++)
			if (getrlimit(i, &rl) == 0 && rl.rlim_cur != rl.rlim_max) {
				rl.rlim_cur = rl.rlim_max;
				setrlimit(i, &rl);
			}
	if (in_child("nice-reset"))
		setpriority(PRIO_PROCESS, 0, 0);
	if (in_child("affinity-reset")) {
		CPU_ZERO(&all);
		for (i = 0; i < CPU_SETSIZE; i++)
			CPU_SET(i, &all);
		sched_setaffinity(0, sizeof(all), &all);
	}
	if (in_child("mlock-kept") && st.mlocked)
		mlockall(MCL_CURRENT);
	if (in_child("environ-empty"))
		clearenv();
}

/* ... of the Linux process attribute mutants (prctl, personality). */
static void
child_prctl(void)
{
#ifdef PR_SET_PDEATHSIG
	if (in_child("pdeathsig-kept") && st.pdeathsig != 0)
		prctl(PR_SET_PDEATHSIG, (unsigned long)st.pdeathsig, 0UL, 0UL,
		    0UL);
#endif
#ifdef __linux__
	if (in_child("comm-reset"))
		prctl(PR_SET_NAME, "forked", 0UL, 0UL, 0UL);
	if (in_child("dumpable-reset"))
		prctl(PR_SET_DUMPABLE, 1UL, 0UL, 0UL, 0UL);
	if (in_child("subreaper-kept") && st.subreaper)
		prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
	if (in_child("personality-reset"))
		personality(PER_LINUX);
#endif
}

/* ... of the robustness mutants: a child that crashes, floods or hangs. */
static void
child_misbehaves(void)
{
	struct rlimit	zero = { 0, 0 };

	if (in_child("child-crashes")) {
		setrlimit(RLIMIT_CORE, &zero);
		raise(SIGSEGV);
	}
	if (in_child("child-floods")) {
		flood(STDOUT_FILENO);
		flood(STDERR_FILENO);
	}
	if (in_child("child-escapes") && REAL(fork)() == 0) {
		setsid();
		hang();
	}
	if (in_child("child-ignores-term"))
		signal(SIGTERM, SIG_IGN);
	if (in_child("child-hangs") || in_child("child-ignores-term"))
		hang();
}

static void	pdp_before(void);	/* hg: pdeathsig-process */
static void	pdp_after(pid_t);

/*
 * The child's side of each mutant, right after fork() returned 0.  One
 * mutant is selected at a time, so the order of the groups is free.
 */
static void
child_side(void)
{
	st.forked = 1;
	slow_last = 0;	/* a new thread: its CPU clock starts at 0 */
	memset(priv_set, 0, sizeof(priv_set));
	child_signals();
	child_files();
	child_limits();
	child_prctl();
	child_attrs();
	if (in_child("named-sem-copied"))
		copy_sems();
	if (in_child("timers-kept"))
		timers_again();
#ifdef SYS_set_robust_list
	if (in_child("robust-list-lost"))
		syscall(SYS_set_robust_list, NULL, 3 * sizeof(void *));
#endif
	child_misbehaves();
}

pid_t
fork(void)
{
	static pid_t	(*real_fork)(void);
	pid_t		pid;
	int		saved;

	if (real_fork == NULL)
		real_fork = REAL(fork);
	if (mutant == NULL || getpgrp() == runner_pgrp)
		return real_fork();

	slow_down();
	if (on("slow-fork"))
		nap(300000000LL);
	st.parent = getpid();
	sigpending(&st.pending);
	st.alarm = alarm(0);
	if (st.alarm > 0)
		alarm(st.alarm);
	getitimer(ITIMER_REAL, &st.it[0]);
	getitimer(ITIMER_VIRTUAL, &st.it[1]);
	getitimer(ITIMER_PROF, &st.it[2]);
	REAL(times)(&st.tms);
	REAL(clock_gettime)(CLOCK_PROCESS_CPUTIME_ID, &st.cpu[0]);
	REAL(clock_gettime)(CLOCK_THREAD_CPUTIME_ID, &st.cpu[1]);
	REAL(getrusage)(RUSAGE_SELF, &st.ru);
	if (on("mlock-kept"))
		st.mlocked = vmlck();
#ifdef PR_GET_CHILD_SUBREAPER
	if (on("subreaper-kept") &&
	    prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&st.subreaper, 0UL,
	    0UL, 0UL) == -1)
		st.subreaper = 0;
#endif
#ifdef PR_GET_PDEATHSIG
	if (on("pdeathsig-kept") &&
	    prctl(PR_GET_PDEATHSIG, (unsigned long)&st.pdeathsig, 0UL, 0UL,
	    0UL) == -1)
		st.pdeathsig = 0;
#endif
	if (on("memory-shared"))
		share_memory();
	parent_attrs();
	if (on("timers-kept"))
		timers_at_fork();
	if (on("file-private-shared"))
		share_private_files();
	if (in_child("nested-fork-fails")) {
		errno = EAGAIN;
		return -1;
	}
	pdp_before();	/* hg: pdeathsig-process */

	if (on("atfork-skipped") && dlsym(RTLD_NEXT, "_Fork") != NULL)
		pid = ((pid_t (*)(void))dlsym(RTLD_NEXT, "_Fork"))();
	else if (on("atfork-skipped"))
		pid = (pid_t)syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL, NULL);
	else if (on("no-exit-signal"))
		pid = (pid_t)syscall(SYS_clone, 0, NULL, NULL, NULL, NULL);
	else
		pid = real_fork();
	saved = errno;
	pdp_after(pid);	/* hg: pdeathsig-process */

	if (pid == 0) {
		child_side();
		if (in_child("child-ret-pid"))
			return (pid_t)syscall(SYS_getpid);
		return 0;
	}
	if (pid == -1 && saved == EAGAIN && on("errno-wrong"))
		saved = ENOMEM;
	if (pid > 0 && on("wrong-pid"))
		pid += 1000;
	errno = saved;
	return pid;
}

static pid_t	vfork_stale(void);

pid_t
getpid(void)
{
	if (in_child("getpid-stale"))
		return st.parent;
	if (vfork_stale() != 0)
		return vfork_stale();
	return (pid_t)syscall(SYS_getpid);
}

pid_t
getppid(void)
{
	pid_t	ppid = REAL(getppid)();

	if (in_child("ppid-init"))
		return 1;
	if (in_child("orphan-ppid-zero") && ppid != st.parent)
		return 0;
	return ppid;
}

/* Record locks held by the parent look free and takeable to the child. */
int
fcntl(int fd, int cmd, ...)
{
	static int	(*real_fcntl)(int, int, ...);
	struct flock	*fl;
	va_list		 ap;
	void		*arg;

	if (real_fcntl == NULL)
		real_fcntl = REAL(fcntl);
	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (in_child("locks-inherited") && (cmd == F_GETLK || cmd == F_SETLK)) {
		fl = arg;
		if (cmd == F_GETLK && real_fcntl(fd, cmd, arg) == 0) {
			fl->l_type = F_UNLCK;
			return 0;
		}
		if (cmd == F_SETLK && real_fcntl(fd, cmd, arg) == -1 &&
		    (errno == EAGAIN || errno == EACCES))
			return 0;
	}
	return real_fcntl(fd, cmd, arg);
}

/*
 * SIGCHLD's action as the case set it: the mutants below install a
 * different one, and give this back to whoever asks.
 */
static struct sigaction	user_chld;
static int		user_chld_set;

static void
chld_noop(int sig)
{
	(void)sig;
}

/* Drops the SIGCHLDs the platform would not send, passes on the rest. */
static void
chld_tramp(int sig, siginfo_t *si, void *uc)
{
	if (si != NULL && ((si->si_code == CLD_STOPPED &&
	    on("no-stop-sigchld")) || (si->si_code == CLD_CONTINUED &&
	    on("no-continue-sigchld"))))
		return;
	if (si != NULL && on("chld-info-empty")) {
		siginfo_t	bare = *si;

		bare.si_pid = 0;
		bare.si_uid = 0;
		bare.si_status = 0;
		if (user_chld.sa_flags & SA_SIGINFO)
			user_chld.sa_sigaction(sig, &bare, uc);
		else
			user_chld.sa_handler(sig);
		return;
	}
	if (user_chld.sa_flags & SA_SIGINFO)
		user_chld.sa_sigaction(sig, si, uc);
	else
		user_chld.sa_handler(sig);
}

int
sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	static int		(*real_sigaction)(int, const struct sigaction *,
				    struct sigaction *);
	struct sigaction	mine, prev;
	int			had = user_chld_set, r;

	if (real_sigaction == NULL)
		real_sigaction = REAL(sigaction);
	if (sig != SIGCHLD || !(on("no-stop-sigchld") ||
	    on("no-continue-sigchld") || on("ign-no-autoreap") ||
	    on("nocldwait-dropped") || on("nocldstop-dropped") ||
	    on("chld-info-empty")))
		return real_sigaction(sig, act, old);
	prev = user_chld;
	if (act != NULL) {
		mine = *act;
		if (act->sa_handler == SIG_IGN && on("ign-no-autoreap")) {
			mine.sa_handler = chld_noop;
			mine.sa_flags &= ~SA_SIGINFO;
		} else if (act->sa_handler != SIG_IGN &&
		    act->sa_handler != SIG_DFL && (on("no-stop-sigchld") ||
		    on("no-continue-sigchld") || on("chld-info-empty"))) {
			mine.sa_sigaction = chld_tramp;
			mine.sa_flags |= SA_SIGINFO;
		}
		if (on("nocldwait-dropped"))
			mine.sa_flags &= ~SA_NOCLDWAIT;
		if (on("nocldstop-dropped"))
			mine.sa_flags &= ~SA_NOCLDSTOP;
		if ((r = real_sigaction(sig, &mine, old)) == -1)
			return -1;
		user_chld = *act;
		user_chld_set = 1;
	} else if ((r = real_sigaction(sig, NULL, old)) == -1)
		return -1;
	if (old != NULL && had)
		*old = prev;
	return r;
}

/* wait*()'s options as the mutants leave them. */
static int
mangle_options(int options)
{
	if (on("no-stop-report"))
		options &= ~WUNTRACED;
	if (on("no-continue-report"))
		options &= ~WCONTINUED;
	return options;
}

/* ign-wait-early: whether SIGCHLD is ignored or has SA_NOCLDWAIT. */
static int
wait_early(void)
{
	struct sigaction	cur;

	if (!on("ign-wait-early") || REAL(sigaction)(SIGCHLD, NULL, &cur) == -1)
		return 0;
	return cur.sa_handler == SIG_IGN || (cur.sa_flags & SA_NOCLDWAIT);
}

static void
mangle_status(int *status)
{
	if (status != NULL && on("status-7bit") && WIFEXITED(*status))
		*status &= ~0x8000;
	if (status != NULL && on("status-unshifted") && WIFEXITED(*status))
		*status = WEXITSTATUS(*status) & 0x7f;
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	pid_t	r;

	slow_down();
	if (wait_early()) {
		errno = ECHILD;
		return -1;
	}
	r = REAL(waitpid)(pid, status, mangle_options(options));
	if (r > 0)
		mangle_status(status);
	return nonchild(r, pid, options);
}

pid_t
wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	pid_t	r;

	slow_down();
	if (wait_early()) {
		errno = ECHILD;
		return -1;
	}
	r = REAL(wait4)(pid, status, mangle_options(options), ru);
	if (r > 0)
		mangle_status(status);
	return nonchild(r, pid, options);
}

int
waitid(idtype_t idtype, id_t id, siginfo_t *si, int options)
{
	int	r, asked;

	slow_down();
	if (on("wnowait-consumes"))
		options &= ~WNOWAIT;
	if (wait_early()) {
		errno = ECHILD;
		return -1;
	}
	asked = options & (WEXITED | WSTOPPED | WCONTINUED);
	options = mangle_options(options);
	/* With no event left to ask for, none comes. */
	if (asked && !(options & (WEXITED | WSTOPPED | WCONTINUED))) {
		if (options & WNOHANG) {
			memset(si, 0, sizeof(*si));
			return 0;
		}
		options |= WEXITED;
	}
	r = REAL(waitid)(idtype, id, si, options);
	if (r == 0 && on("status-7bit") && si->si_code == CLD_EXITED)
		si->si_status &= 0x7f;
	return r;
}

void
_exit(int code)
{
	if (in_child("exit-cleans-up"))
		exit(code);
	REAL(_exit)(code);
	for (;;)
		continue;
}

clock_t
times(struct tms *t)
{
	clock_t	r = REAL(times)(t);

	if (t != NULL && in_child("cputime-copied")) {
		t->tms_utime += st.tms.tms_utime;
		t->tms_stime += st.tms.tms_stime;
	}
	if (t != NULL && in_child("cputime-kept")) {
		t->tms_utime += st.tms.tms_utime + 100;
		t->tms_stime += st.tms.tms_stime;
		t->tms_cutime += st.tms.tms_cutime;
		t->tms_cstime += st.tms.tms_cstime;
	}
	return r;
}

int
clock_gettime(clockid_t clk, struct timespec *ts)
{
	int	r = REAL(clock_gettime)(clk, ts);
	int	i = clk == CLOCK_PROCESS_CPUTIME_ID ? 0 :
		    clk == CLOCK_THREAD_CPUTIME_ID ? 1 : -1;

	if (r == 0 && i >= 0 && in_child("cputime-copied")) {
		ts->tv_sec += st.cpu[i].tv_sec;
		ts->tv_nsec += st.cpu[i].tv_nsec;
		if (ts->tv_nsec >= 1000000000L) {
			ts->tv_nsec -= 1000000000L;
			ts->tv_sec++;
		}
	}
	if (r == 0 && i >= 0 && in_child("cputime-kept")) {
		ts->tv_sec += st.cpu[i].tv_sec + 1;
		ts->tv_nsec += st.cpu[i].tv_nsec;
		if (ts->tv_nsec >= 1000000000L) {
			ts->tv_nsec -= 1000000000L;
			ts->tv_sec++;
		}
	}
	return r;
}

int
getrusage(int who, struct rusage *ru)
{
	int	r = REAL(getrusage)(who, ru);

	if (r == 0 && who == RUSAGE_SELF && in_child("cputime-copied")) {
		timeradd(&ru->ru_utime, &st.ru.ru_utime, &ru->ru_utime);
		timeradd(&ru->ru_stime, &st.ru.ru_stime, &ru->ru_stime);
	}
	if (r == 0 && who == RUSAGE_CHILDREN && on("maxrss-lost"))
		ru->ru_maxrss = 0;
	if (r == 0 && who == RUSAGE_SELF && in_child("cputime-kept")) {
		ru->ru_utime.tv_sec += st.ru.ru_utime.tv_sec + 1;
		ru->ru_stime.tv_sec += st.ru.ru_stime.tv_sec;
	}
	return r;
}

/* altstack-undelivered: a query in the child sees the parent's stack. */
int
sigaltstack(const stack_t *ss, stack_t *old)
{
	if (ss == NULL && old != NULL && in_child("altstack-undelivered")) {
		*old = st.alt;
		return 0;
	}
	return REAL(sigaltstack)(ss, old);
}

ssize_t
read(int fd, void *buf, size_t len)
{
	static ssize_t	(*real_read)(int, void *, size_t);
	ssize_t		r;

	if (real_read == NULL)
		real_read = REAL(read);
	slow_down();
	pipe_stall(fd);
	if (!priv_file(fd))
		return real_read(fd, buf, len);
	if ((r = pread(fd, buf, len, priv_off[fd])) > 0)
		priv_off[fd] += r;
	return r;
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	static ssize_t	(*real_write)(int, const void *, size_t);
	ssize_t		r;

	if (real_write == NULL)
		real_write = REAL(write);
	slow_down();
	pipe_stall(fd);
	if (!priv_file(fd))
		return real_write(fd, buf, len);
	if ((r = pwrite(fd, buf, len, priv_off[fd])) > 0)
		priv_off[fd] += r;
	return r;
}

int
poll(struct pollfd *fds, nfds_t n, int timeout)
{
	static int	(*real_poll)(struct pollfd *, nfds_t, int);

	if (real_poll == NULL)
		real_poll = REAL(poll);
	slow_down();
	return real_poll(fds, n, timeout);
}

/*
 * fork-in-malloc: the calling thread's malloc() or free() in progress, a
 * lock _Fork() leaves as it was.  glibc's own entry points are called
 * (dlsym itself may allocate); elsewhere the mutant has no lock.
 */
static __thread int	 alloc_held;

static void	vfork_init(const char *);
static int		 fim_on;	/* fork-in-malloc selected */
static pid_t		(*real__Fork)(void);

__attribute__((constructor))
static void
fork_wrappers_init(void)
{
	const char	*m = getenv("FORKCHECK_MUTANT");

	fim_on = m != NULL && strcmp(m, "fork-in-malloc") == 0;
	real__Fork = (pid_t (*)(void))dlsym(RTLD_NEXT, "_Fork");
	vfork_init(m);
}

#if defined(__GLIBC__)
extern void	*__libc_malloc(size_t);
extern void	 __libc_free(void *);

void *
malloc(size_t n)
{
	void	*p;

	if (!fim_on)
		return __libc_malloc(n);
	alloc_held++;
	p = __libc_malloc(n);
	alloc_held--;
	return p;
}

void
free(void *p)
{
	if (!fim_on) {
		__libc_free(p);
		return;
	}
	alloc_held++;
	__libc_free(p);
	alloc_held--;
}
#endif

/*
 * _Fork(), called from signal handlers: only async-signal-safe calls
 * here.  Which mutant applies is decided in the caller, before the fork:
 * the runner forks each case with _Fork(), and its child's process group
 * changes under it.  fork-in-malloc: a child whose allocation would find
 * the lock held aborts, as a checking allocator does rather than
 * deadlock.  _Fork-runs-handlers: libc's fork() instead, which runs them.
 * getpid-stale: the child's getpid() returns the parent's pid;
 * child-ret-pid: the child gets its pid, not 0; wrong-pid: the parent
 * gets the child's pid + 1000.
 */
pid_t
_Fork(void)
{
	struct rlimit	zero = { 0, 0 };
	pid_t		pid, parent = (pid_t)syscall(SYS_getpid);
	int		stale = on("getpid-stale");
	int		held = alloc_held > 0 && on("fork-in-malloc");
	int		retpid = on("child-ret-pid"), wrong = on("wrong-pid");

	if (on("_Fork-runs-handlers"))
		return REAL(fork)();
	if (real__Fork != NULL)
		pid = real__Fork();
	else
		pid = (pid_t)syscall(SYS_clone, SIGCHLD, NULL, NULL, NULL,
		    NULL);
	if (pid > 0 && wrong)
		return pid + 1000;
	if (pid != 0)
		return pid;
	if (stale) {
		st.parent = parent;
		st.forked = 1;
	}
	if (held) {
		setrlimit(RLIMIT_CORE, &zero);
		signal(SIGABRT, SIG_DFL);
		raise(SIGABRT);
	}
	return retpid ? (pid_t)syscall(SYS_getpid) : 0;
}

/* mmap-private-shared: a private mapping of a file is a shared one. */
void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void	*(*real_mmap)(void *, size_t, int, int, int, off_t);

	if (real_mmap == NULL)
		real_mmap = REAL(mmap);
	if (fd != -1 && !(flags & MAP_ANONYMOUS) &&
	    (flags & MAP_TYPE) == MAP_PRIVATE && on("mmap-private-shared"))
		flags = (flags & ~MAP_TYPE) | MAP_SHARED;
	return real_mmap(addr, len, prot, flags, fd, off);
}

/*
 * vfork() cannot be wrapped by a C function: its child would return
 * through, and so clobber, the frame the parent returns through later.
 * On x86-64, vfork is a jump to vfork_target: libc's own vfork; under
 * vfork-sigchld-lost, vfork_drop, the system call made as libc makes it
 * (the return address off the shared stack), whose parent then drops,
 * inside a case, the SIGCHLDs pending (with SIGCHLD blocked); under
 * vfork-is-fork, a plain fork.
 */
#if defined(__x86_64__) && defined(__linux__)
extern void	*vfork_target;
__attribute__((__visibility__("hidden"))) void	*vfork_target;
extern long	vfork_after(long);
extern char	vfork_drop[];

__asm__(".globl vfork\n"
    ".type vfork, @function\n"
    "vfork:\n"
    "\tjmp *vfork_target(%rip)\n"
    ".size vfork, .-vfork\n"
    ".hidden vfork_drop\n"
    ".globl vfork_drop\n"
    ".type vfork_drop, @function\n"
    "vfork_drop:\n"
    "\tpop %rdi\n"
    "\tmov $58, %eax\n"		/* SYS_vfork */
    "\tsyscall\n"
    "\tpush %rdi\n"
    "\ttest %rax, %rax\n"
    "\tjz 1f\n"
    "\tpush %rax\n"
    "\tmov %rax, %rdi\n"
    "\tcall vfork_after\n"
    "\tpop %rdi\n"
    "1:\tret\n"
    ".size vfork_drop, .-vfork_drop\n");

/* vfork_drop's parent side: errno from the system call, dropped signals. */
__attribute__((__visibility__("hidden"))) long
vfork_after(long r)
{
	struct timespec	zero = { 0, 0 };
	sigset_t	chld, cur;

	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (on("vfork-sigchld-lost") &&
	    sigprocmask(SIG_BLOCK, NULL, &cur) == 0 &&
	    sigismember(&cur, SIGCHLD) == 1)
		while (sigtimedwait(&chld, NULL, &zero) == SIGCHLD)
			continue;
	return r;
}

static pid_t
vfork_as_fork(void)
{
	return REAL(fork)();
}

static void	vfork_hi_init(const char *);

static void
vfork_init(const char *m)
{
	if (m != NULL && strcmp(m, "vfork-sigchld-lost") == 0)
		vfork_target = vfork_drop;
	else if (m != NULL && strcmp(m, "vfork-is-fork") == 0)
		vfork_target = (void *)vfork_as_fork;
	else
		vfork_target = dlsym(RTLD_NEXT, "vfork");
	vfork_hi_init(m);
}
#else
static void
vfork_init(const char *m)
{
	(void)m;
}
#endif

/*
 * hg: pdeathsig-process, a kernel that sends the parent-death signal when
 * the parent's whole process exits, not when the thread that forked the
 * child does.  A fork() from any thread but the main one makes a pipe
 * whose write end the parent process keeps (close-on-exec, inherited by
 * its later children too): at its end of file, the child's watcher
 * thread (started by prctl(PR_SET_PDEATHSIG), which sets nothing in the
 * kernel) sends the recorded signal.  Forks from the main thread are
 * left as they are, so sig.pdeathsig and its other parts pass.
 */
static __thread int	pdp_pipe[2] = { -1, -1 };
static int		pdp_fd = -1;	/* a child of a thread: the read end */
static volatile int	pdp_sig;	/* the recorded parent-death signal */
static int		pdp_watching;

static void
pdp_before(void)
{
	if (!on("pdeathsig-process") ||
	    syscall(SYS_gettid) == syscall(SYS_getpid))
		return;
	if (pipe2(pdp_pipe, O_CLOEXEC) == -1)
		pdp_pipe[0] = pdp_pipe[1] = -1;
}

static void
pdp_after(pid_t pid)
{
	if (pid == 0) {
		if (pdp_fd != -1)
			close(pdp_fd);	/* our parent's own, if any */
		pdp_fd = -1;
		pdp_sig = 0;
		pdp_watching = 0;
		if (pdp_pipe[0] != -1) {
			close(pdp_pipe[1]);
			pdp_fd = pdp_pipe[0];
		}
	} else if (pdp_pipe[0] != -1) {
		close(pdp_pipe[0]);
		if (pid == -1)
			close(pdp_pipe[1]);
	}
	pdp_pipe[0] = pdp_pipe[1] = -1;
}

#ifdef PR_SET_PDEATHSIG
static void *
pdp_watcher(void *arg)
{
	char	c;

	(void)arg;
	while (read(pdp_fd, &c, 1) == -1 && errno == EINTR)
		continue;
	if (pdp_sig != 0)
		kill((pid_t)syscall(SYS_getpid), pdp_sig);
	return NULL;
}

int
prctl(int option, ...)
{
	static int	(*real_prctl)(int, ...);
	pthread_t	t;
	sigset_t	all, old;
	va_list		ap;
	unsigned long	a[4];
	int		i;

	if (real_prctl == NULL)
		real_prctl = REAL(prctl);
	va_start(ap, option);
	for (i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	if (pdp_fd == -1 || !on("pdeathsig-process"))
		return real_prctl(option, a[0], a[1], a[2], a[3]);
	if (option == PR_GET_PDEATHSIG) {
		*(int *)a[0] = pdp_sig;
		return 0;
	}
	if (option != PR_SET_PDEATHSIG)
		return real_prctl(option, a[0], a[1], a[2], a[3]);
	if (a[0] >= NSIG) {
		errno = EINVAL;
		return -1;
	}
	pdp_sig = (int)a[0];
	if (pdp_sig != 0 && !pdp_watching) {
		sigfillset(&all);
		pthread_sigmask(SIG_SETMASK, &all, &old);
		if (pthread_create(&t, NULL, pdp_watcher, NULL) == 0) {
			pthread_detach(t);
			pdp_watching = 1;
		}
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	return 0;
}
#endif

/*
 * hi: mutants of vfork that decide at each call, on x86-64: vfork_pick()
 * runs before the system call, in the parent, and returns where the
 * stub jumps, with the caller's return address still on the stack.
 * nested-vfork-fails: in a child our fork() made, vfork_refused, which
 * fails with EAGAIN.  getpid-stale: libc's vfork, after noting the
 * caller's pid, so that getpid() in its children returns it.
 */
static pid_t	vfork_parent;	/* getpid-stale: the pid that vforked */

#if defined(__x86_64__) && defined(__linux__)
static void	*vfork_real;	/* what hb's vfork_init chose */
extern void	*vfork_pick(void);
extern char	 vfork_hi[];

__asm__(".hidden vfork_hi\n"
    ".globl vfork_hi\n"
    ".type vfork_hi, @function\n"
    "vfork_hi:\n"
    "\tsub $8, %rsp\n"		/* align the stack for the call */
    "\tcall vfork_pick\n"
    "\tadd $8, %rsp\n"
    "\tjmp *%rax\n"
    ".size vfork_hi, .-vfork_hi\n");

static pid_t
vfork_refused(void)
{
	errno = EAGAIN;
	return -1;
}

__attribute__((__visibility__("hidden"))) void *
vfork_pick(void)
{
	int	saved = errno;

	if (in_child("nested-vfork-fails"))
		return (void *)vfork_refused;
	if (on("getpid-stale"))
		vfork_parent = (pid_t)syscall(SYS_getpid);
	errno = saved;
	return vfork_real;
}

static void
vfork_hi_init(const char *m)
{
	if (m == NULL || (strcmp(m, "nested-vfork-fails") != 0 &&
	    strcmp(m, "getpid-stale") != 0))
		return;
	vfork_real = vfork_target;
	vfork_target = vfork_hi;
}
#endif

/*
 * hg: creds-reset, the child's effective and saved ids become its real
 * ones and it loses its supplementary groups: for real where it may drop
 * them (the groups first, while the child may still be root), otherwise
 * as getgroups() tells it.  creds-effective-only: its real and saved ids
 * become its effective ones.
 */
static int	creds_no_groups;

static void
creds_child(void)
{
	uid_t	r, e, s;
	gid_t	rg, eg, sg;

	creds_no_groups = 0;
	if ((!in_child("creds-reset") && !in_child("creds-effective-only")) ||
	    getresuid(&r, &e, &s) == -1 || getresgid(&rg, &eg, &sg) == -1)
		return;
	if (in_child("creds-effective-only")) {
		(void)setresgid(eg, eg, eg);
		(void)setresuid(e, e, e);
		return;
	}
	if (setgroups(0, NULL) == -1)
		creds_no_groups = 1;
	(void)setresgid(rg, rg, rg);
	(void)setresuid(r, r, r);
}

int
getgroups(int n, gid_t *list)
{
	if (creds_no_groups && in_child("creds-reset"))
		return 0;
	return REAL(getgroups)(n, list);
}

/*
 * getpid-stale in a child of a process that vforked: the vforking pid,
 * or 0 elsewhere.  System calls only: a vfork child calls it.
 */
static pid_t
vfork_stale(void)
{
	if (vfork_parent == 0 || !on("getpid-stale") ||
	    (pid_t)syscall(SYS_getpid) == vfork_parent ||
	    (pid_t)syscall(SYS_getppid) != vfork_parent)
		return 0;
	return vfork_parent;
}
