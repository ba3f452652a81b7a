/*
 * fixtures.c: hostile cases for testing the runner itself.  Linked with
 * the same runner as forkcheck, this table replaces the conformance
 * suite: cases that hang, ignore SIGTERM, crash, exit with odd codes,
 * flood their output, escape their process group or session, or leave
 * processes behind.  tests/hostile.bats checks that each is reported
 * with the right verdict, within its timeout plus a second, and that no
 * process of the run survives it.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/ptrace.h>
#endif
#if defined(HAVE_LINUX_FS_H)
#include <linux/fs.h>		/* not on musl-gcc's include path */
#endif

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "forkcheck.h"

#define FLOOD_BYTES	(50 * 1024 * 1024)
#define BACKSTOP	120	/* seconds an escaped process lives, at most */

/*
 * Blocks for good in a process meant to escape its case.  Where the runner
 * cannot reach escaped processes (no subreaper: containment is partial and
 * they are reported, not killed), SIGALRM still ends them after BACKSTOP
 * seconds, so that running the self-tests there leaves nothing behind.
 */
static void
stay(void)
{
	alarm(BACKSTOP);
	for (;;)
		pause();
}

static enum fc_verdict
empty(const struct fc_case *c FC_UNUSED)
{
	return FC_PASS;
}

static enum fc_verdict
pass_output(const struct fc_case *c FC_UNUSED)
{
	printf("to stdout\n");
	fprintf(stderr, "to stderr\n");
	return FC_PASS;
}

static enum fc_verdict
fail(const struct fc_case *c FC_UNUSED)
{
	printf("some output before failing\n");
	return fc_fail("expected 1, seen 2");
}

static enum fc_verdict
skip(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("feature absent here");
}

static enum fc_verdict
broken(const struct fc_case *c FC_UNUSED)
{
	errno = ENOENT;
	return fc_broken("open fixture file");
}

static enum fc_verdict
note(const struct fc_case *c FC_UNUSED)
{
	fc_note("observed: %d", 42);
	fc_note("second observation");
	return FC_PASS;
}

static enum fc_verdict
hang(const struct fc_case *c FC_UNUSED)
{
	for (;;)
		pause();
	/* NOTREACHED */
	return FC_BROKEN;
}

static enum fc_verdict
hang_ignore_term(const struct fc_case *c FC_UNUSED)
{
	signal(SIGTERM, SIG_IGN);
	for (;;)
		pause();
	/* NOTREACHED */
	return FC_BROKEN;
}

/* Exits on SIGTERM, but only after printing, as a polite process does. */
static void
on_term(int sig)
{
	static const char	msg[] = "terminated politely\n";

	(void)sig;
	(void)write(STDOUT_FILENO, msg, sizeof(msg) - 1);
	_exit(0);
}

static enum fc_verdict
hang_polite(const struct fc_case *c FC_UNUSED)
{
	signal(SIGTERM, on_term);
	for (;;)
		pause();
	/* NOTREACHED */
	return FC_BROKEN;
}

static void
no_core(void)
{
	struct rlimit	rl = { 0, 0 };

	setrlimit(RLIMIT_CORE, &rl);
}

static enum fc_verdict
segv(const struct fc_case *c FC_UNUSED)
{
	no_core();
	fc_note("about to crash");
	raise(SIGSEGV);
	return FC_PASS;
}

static enum fc_verdict
abort_case(const struct fc_case *c FC_UNUSED)
{
	no_core();
	abort();
}

static enum fc_verdict
exit_3(const struct fc_case *c FC_UNUSED)
{
	_exit(3);
}

static enum fc_verdict
exit_77(const struct fc_case *c FC_UNUSED)
{
	_exit(77);
}

static enum fc_verdict
exit_99(const struct fc_case *c FC_UNUSED)
{
	_exit(99);
}

static enum fc_verdict
exit_255(const struct fc_case *c FC_UNUSED)
{
	_exit(255);
}

static enum fc_verdict
bad_verdict(const struct fc_case *c FC_UNUSED)
{
	return (enum fc_verdict)42;
}

static enum fc_verdict
flood(int fd)
{
	static char	block[65536];
	size_t		done;

	memset(block, 'x', sizeof(block));
	for (done = 0; done < FLOOD_BYTES; done += sizeof(block))
		if (fc_write_all(fd, block, sizeof(block)) == -1)
			return fc_broken("write");
	return FC_PASS;
}

static enum fc_verdict
flood_stdout(const struct fc_case *c FC_UNUSED)
{
	return flood(STDOUT_FILENO);
}

static enum fc_verdict
flood_stderr(const struct fc_case *c FC_UNUSED)
{
	return flood(STDERR_FILENO);
}

/* Bytes no TAP or YAML consumer should choke on, and a directive lure. */
static enum fc_verdict
yaml_bytes(const struct fc_case *c FC_UNUSED)
{
	static const char	junk[] = "not ok 99 - lure\n  ...\n---\n"
	    "# SKIP lure\n\x01\x02\x1b[31mred\x1b[0m \xff\xfe \xc3\xa9t\xc3\xa9"
	    " \"quoted\" back\\slash\n\tindented <b>&amp;</b> ]]> "
	    "</system-out> </pre><script>x</script>\n";

	fc_write_all(STDOUT_FILENO, junk, sizeof(junk) - 1);
	fc_write_all(STDERR_FILENO, "\0nul\0", 5);
	return fc_fail("message with # SKIP and\nnewline \"quotes\" \x07");
}

/* Forks a process that blocks forever; reports its pid on stdout. */
static pid_t
linger(int new_session)
{
	int	ready[2];
	pid_t	pid;

	if (fc_pipe(ready) == -1 || (pid = fc_fork()) == -1)
		return -1;
	if (pid == 0) {
		close(ready[0]);
		if (new_session)
			setsid();
		fc_sync_post(ready[1]);
		stay();
	}
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == -1)
		return -1;
	close(ready[0]);
	printf("left pid %ld\n", (long)pid);
	return pid;
}

/* A grandchild in its own session keeps both capture pipes open. */
static enum fc_verdict
setsid_grandchild(const struct fc_case *c FC_UNUSED)
{
	if (linger(1) == -1)
		return fc_broken("fork");
	return FC_PASS;
}

/* The classic daemon: fork, setsid, fork again, the middle one exits. */
static enum fc_verdict
double_fork(const struct fc_case *c FC_UNUSED)
{
	int	ready[2], status;
	pid_t	mid, daemon;

	if (fc_pipe(ready) == -1 || (mid = fc_fork()) == -1)
		return fc_broken("fork");
	if (mid == 0) {
		close(ready[0]);
		setsid();
		if ((daemon = fc_fork()) == -1)
			fc_exit(1);
		if (daemon == 0) {
			chdir("/");
			fc_write_all(ready[1], &(pid_t){ getpid() },
			    sizeof(pid_t));
			close(ready[1]);
			stay();
		}
		fc_exit(0);
	}
	close(ready[1]);
	if (fc_read_all(ready[0], &daemon, sizeof(daemon)) !=
	    (ssize_t)sizeof(daemon))
		return fc_brokenx("no daemon");
	fc_waitpid(mid, &status, 0);
	printf("left pid %ld\n", (long)daemon);
	return FC_PASS;
}

/* Replaces its stdout and stderr with /dev/null, then talks. */
static enum fc_verdict
dup2_stdout(const struct fc_case *c FC_UNUSED)
{
	int	fd;

	if ((fd = open("/dev/null", O_WRONLY)) == -1)
		return fc_broken("/dev/null");
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	printf("into the void\n");
	return FC_PASS;
}

/*
 * The case child leaves its own process group for the worker's, so a
 * kill of its group reaches nothing, and forks a child that moves to a
 * group of its own and stays.
 */
static enum fc_verdict
new_pgrp(const struct fc_case *c FC_UNUSED)
{
	int	ready[2];
	pid_t	pid;

	if (setpgid(0, getpgid(getppid())) == -1)
		return fc_broken("setpgid");
	if (fc_pipe(ready) == -1 || (pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ready[0]);
		setpgid(0, 0);
		fc_sync_post(ready[1]);
		stay();
	}
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == -1)
		return fc_brokenx("the child did not start");
	printf("left pid %ld\n", (long)pid);
	return FC_PASS;
}

/* As new_pgrp, but the case child then hangs: the timeout kills it all. */
static enum fc_verdict
new_pgrp_hang(const struct fc_case *c)
{
	new_pgrp(c);
	for (;;)
		pause();
	/* NOTREACHED */
	return FC_BROKEN;
}

/* 100 children still running when the case returns. */
static enum fc_verdict
unreaped_live(const struct fc_case *c FC_UNUSED)
{
	int	i;

	for (i = 0; i < 100; i++)
		if (linger(0) == -1)
			return fc_broken("fork");
	return FC_PASS;
}

/* 100 children that exited but were never waited for: zombies only. */
static enum fc_verdict
unreaped_zombies(const struct fc_case *c FC_UNUSED)
{
	siginfo_t	si;
	pid_t		pids[100];
	int		i;

	for (i = 0; i < 100; i++) {
		if ((pids[i] = fc_fork()) == -1)
			return fc_broken("fork");
		if (pids[i] == 0)
			_exit(0);
	}
	for (i = 0; i < 100; i++)
		if (waitid(P_PID, pids[i], &si, WEXITED | WNOWAIT) == -1)
			return fc_broken("waitid");
	return FC_PASS;
}

/* A child forgets to leave and returns from run() like its parent. */
static enum fc_verdict
runaway(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid;
	int	status;

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0)
		return FC_PASS;
	fc_waitpid(pid, &status, 0);
	return FC_PASS;
}

/*
 * For the command-line tests: tells $FC_FIXTURE_FIFO the pids of itself
 * and of a grandchild in its own session, then hangs until stopped.
 */
static enum fc_verdict
signal_me(const struct fc_case *c FC_UNUSED)
{
	const char	*fifo = getenv("FC_FIXTURE_FIFO");
	FILE		*f;
	pid_t		 g;

	if (fifo == NULL)
		return fc_skip("FC_FIXTURE_FIFO is not set");
	if ((g = linger(1)) == -1)
		return fc_broken("fork");
	if ((f = fopen(fifo, "w")) == NULL)
		return fc_broken("%s", fifo);
	fprintf(f, "%ld %ld\n", (long)getpid(), (long)g);
	fclose(f);
	for (;;)
		pause();
	/* NOTREACHED */
	return FC_BROKEN;
}

/* A [qoi] case whose property does not hold: an observation, not a fail. */
static enum fc_verdict
qoi_fail(const struct fc_case *c FC_UNUSED)
{
	return fc_fail("the quality was poor");
}

static int
helper(int argc, char **argv)
{
	printf("helper %s argc %d %s\n", argv[0], argc, argc > 1 ? argv[1] : "");
	return 42;
}

/* A child execs the case's helper; its exit status comes back. */
static enum fc_verdict
exec_helper(const struct fc_case *c FC_UNUSED)
{
	char	*args[] = { "hello", NULL };
	pid_t	 pid;
	int	 status;

	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_exec_helper(args);
		fc_exit(126);
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 42)
		return fc_fail("the helper exited %d, want 42",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return FC_PASS;
}

/* Spins 20 ms of CPU time; the clock must have moved that much. */
static enum fc_verdict
spin(const struct fc_case *c FC_UNUSED)
{
	struct timespec	a, b;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	if (fc_spin(CLOCK_PROCESS_CPUTIME_ID, 20) == -1)
		return fc_broken("fc_spin");
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	if ((b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec) <
	    20000000L)
		return fc_fail("spun less than 20 ms");
	return FC_PASS;
}

/*
 * Kills the worker supervising it, then hangs: the scheduler must report
 * the case broken, start another worker for the rest of the run, and
 * kill this process (now its own orphan) at the end.
 */
static enum fc_verdict
kill_worker(const struct fc_case *c FC_UNUSED)
{
	kill(getppid(), SIGKILL);
	stay();
	/* NOTREACHED */
	return FC_BROKEN;
}

/* Passes after printing 32 KiB: a result that is large to keep. */
static enum fc_verdict
chatty(const struct fc_case *c FC_UNUSED)
{
	static char	line[1024];
	int		i;

	memset(line, 'c', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\n';
	for (i = 0; i < 32; i++)
		if (fc_write_all(STDOUT_FILENO, line, sizeof(line)) == -1)
			return fc_broken("write");
	return FC_PASS;
}

/*
 * Fails unless it starts in an empty directory, then litters it: a file,
 * a directory without permissions and a symbolic link out of it.
 */
static enum fc_verdict
clean_dir(const struct fc_case *c FC_UNUSED)
{
	struct dirent	*e;
	DIR		*d;
	int		 fd;

	if ((d = opendir(".")) == NULL)
		return fc_broken("opendir .");
	errno = 0;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			break;
	if (e == NULL && errno != 0)
		return fc_broken("readdir .");
	if (e != NULL)
		return fc_fail("the case directory holds '%s'", e->d_name);
	closedir(d);
	if ((fd = open("litter", O_WRONLY | O_CREAT, 0600)) == -1 ||
	    mkdir("sub", 0700) == -1 || close(open("sub/f", O_WRONLY |
	    O_CREAT, 0600)) == -1 || chmod("sub", 0) == -1 ||
	    symlink("/", "link") == -1)
		return fc_broken("littering");
	close(fd);
	return FC_PASS;
}

/*
 * With $FC_FIXTURE_IMMUTABLE set, leaves a file the runner cannot remove
 * (FS_IMMUTABLE_FL: root, and a file system that has it); the test clears
 * the flag afterwards.
 */
static enum fc_verdict
immutable(const struct fc_case *c FC_UNUSED)
{
#if defined(__linux__) && defined(FS_IOC_SETFLAGS)
	int	fd, flags;

	if (getenv("FC_FIXTURE_IMMUTABLE") == NULL)
		return fc_skip("FC_FIXTURE_IMMUTABLE is not set");
	if ((fd = open("stuck", O_RDONLY | O_CREAT, 0600)) == -1)
		return fc_broken("open stuck");
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) == -1)
		return fc_skip("FS_IOC_GETFLAGS: %s", strerror(errno));
	flags |= FS_IMMUTABLE_FL;
	if (ioctl(fd, FS_IOC_SETFLAGS, &flags) == -1)
		return fc_skip("FS_IOC_SETFLAGS: %s", strerror(errno));
	close(fd);
	return FC_PASS;
#else
	return fc_skip("no FS_IMMUTABLE_FL here");
#endif
}

/*
 * The holder (tests/runner-faults.bats starts it outside the run, as
 * "--fc-helper fixture.pipes-passed hold PATH"): listens on a socket at
 * PATH and keeps what each connection brings, descriptors (SCM_RIGHTS)
 * or the pid of a process to trace and never wait for, then answers one
 * byte.  It lives BACKSTOP seconds at most.
 */
static int
holder(int argc, char **argv)
{
	struct sockaddr_un	 sa;
	struct msghdr		 m;
	struct iovec		 iov;
	union {
		struct cmsghdr	 h;
		char		 buf[CMSG_SPACE(2 * sizeof(int))];
	}			 cm;
	pid_t			 pid;
	char			 ok;
	int			 s, c;

	if (argc < 3 || strcmp(argv[1], "hold") != 0 ||
	    strlen(argv[2]) >= sizeof(sa.sun_path))
		return 2;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", argv[2]);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(s, (struct sockaddr *)&sa, sizeof(sa)) == -1 ||
	    listen(s, 4) == -1)
		return 1;
	alarm(BACKSTOP);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) == -1)
			continue;
		memset(&m, 0, sizeof(m));
		iov.iov_base = &pid;
		iov.iov_len = sizeof(pid);
		m.msg_iov = &iov;
		m.msg_iovlen = 1;
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
		if (recvmsg(c, &m, 0) != (ssize_t)sizeof(pid))
			continue;
		ok = 1;
#ifdef PTRACE_SEIZE
		if (pid > 0)
			ok = ptrace(PTRACE_SEIZE, pid, NULL, NULL) == 0;
#else
		if (pid > 0)
			ok = 0;
#endif
		(void)write(c, &ok, 1);
		/* Keeps c and the descriptors received: they stay open. */
	}
}

/*
 * Sends the holder at $FC_FIXTURE_HOLDER a pid and, when fds, this
 * process's stdout and stderr; 1 if it did what was asked, 0 if it could
 * not, -1 if there is no holder.
 */
static int
to_holder(pid_t pid, int fds)
{
	const char		*path = getenv("FC_FIXTURE_HOLDER");
	struct sockaddr_un	 sa;
	struct msghdr		 m;
	struct iovec		 iov;
	struct cmsghdr		*h;
	union {
		struct cmsghdr	 h;
		char		 buf[CMSG_SPACE(2 * sizeof(int))];
	}			 cm;
	int			 s, two[2] = { 1, 2 };
	char			 ok = 0;

	if (path == NULL || strlen(path) >= sizeof(sa.sun_path))
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if ((s = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    connect(s, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		return -1;
	memset(&m, 0, sizeof(m));
	iov.iov_base = &pid;
	iov.iov_len = sizeof(pid);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	if (fds) {
		memset(&cm, 0, sizeof(cm));
		m.msg_control = cm.buf;
		m.msg_controllen = sizeof(cm.buf);
		h = CMSG_FIRSTHDR(&m);
		h->cmsg_level = SOL_SOCKET;
		h->cmsg_type = SCM_RIGHTS;
		h->cmsg_len = CMSG_LEN(sizeof(two));
		memcpy(CMSG_DATA(h), two, sizeof(two));
	}
	if (sendmsg(s, &m, 0) != (ssize_t)sizeof(pid) ||
	    fc_read_all(s, &ok, 1) != 1)
		ok = 0;
	close(s);
	return ok;
}

/* Hands its capture pipes to a process outside the run (the holder). */
static enum fc_verdict
pipes_passed(const struct fc_case *c FC_UNUSED)
{
	switch (to_holder(0, 1)) {
	case -1:
		return fc_skip("no holder ($FC_FIXTURE_HOLDER)");
	case 0:
		return fc_brokenx("the holder did not take the pipes");
	}
	return FC_PASS;
}

/*
 * Leaves a child traced by a process outside the run (the holder) that
 * never waits for it: SIGKILLed, it stays a zombie its parent cannot reap.
 */
static enum fc_verdict
traced_child(const struct fc_case *c FC_UNUSED)
{
	int	ready[2], r;
	pid_t	pid;

	if (getenv("FC_FIXTURE_HOLDER") == NULL)
		return fc_skip("no holder ($FC_FIXTURE_HOLDER)");
	if (fc_pipe(ready) == -1 || (pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ready[0]);
		/* The ptrace of a process outside our tree, under Yama. */
#if defined(PR_SET_PTRACER) && defined(PR_SET_PTRACER_ANY)
		(void)prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
#endif
		fc_sync_post(ready[1]);
		stay();
	}
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == -1)
		return fc_brokenx("the child did not start");
	if ((r = to_holder(pid, 0)) != 1)
		return fc_brokenx("the holder %s", r == -1 ? "is gone" :
		    "cannot trace the child");
	printf("traced pid %ld\n", (long)pid);
	return FC_PASS;
}

static const struct fc_case fixtures[] = {
	{ .id = "fixture.empty", .run = empty, .spec = "passes at once" },
	{ .id = "fixture.signal-me", .run = signal_me, .timeout = 30,
	  .spec = "hangs after telling $FC_FIXTURE_FIFO its pids" },
	{ .id = "fixture.pass-output", .run = pass_output,
	  .spec = "passes, printing to stdout and stderr" },
	{ .id = "fixture.fail", .run = fail, .spec = "fails with a message" },
	{ .id = "fixture.skip", .run = skip, .spec = "skips with a reason" },
	{ .id = "fixture.broken", .run = broken,
	  .spec = "reports broken setup with errno" },
	{ .id = "fixture.note", .run = note,
	  .spec = "passes with observations" },
	{ .id = "fixture.hang", .run = hang, .timeout = 1,
	  .spec = "hangs forever" },
	{ .id = "fixture.hang-ignore-term", .run = hang_ignore_term,
	  .timeout = 1, .spec = "ignores SIGTERM and hangs" },
	{ .id = "fixture.hang-polite", .run = hang_polite, .timeout = 1,
	  .spec = "hangs, exits on SIGTERM" },
	{ .id = "fixture.segv", .run = segv, .spec = "dies of SIGSEGV" },
	{ .id = "fixture.abort", .run = abort_case, .spec = "calls abort()" },
	{ .id = "fixture.exit-3", .run = exit_3, .spec = "exits 3" },
	{ .id = "fixture.exit-77", .run = exit_77, .spec = "exits 77" },
	{ .id = "fixture.exit-99", .run = exit_99, .spec = "exits 99" },
	{ .id = "fixture.exit-255", .run = exit_255, .spec = "exits 255" },
	{ .id = "fixture.bad-verdict", .run = bad_verdict,
	  .spec = "returns a number that is not a verdict" },
	{ .id = "fixture.flood-stdout", .run = flood_stdout,
	  .spec = "writes 50 MiB to stdout" },
	{ .id = "fixture.flood-stderr", .run = flood_stderr,
	  .spec = "writes 50 MiB to stderr" },
	{ .id = "fixture.yaml-bytes", .run = yaml_bytes,
	  .spec = "prints control bytes, invalid UTF-8 and TAP lures" },
	{ .id = "fixture.setsid-grandchild", .run = setsid_grandchild,
	  .spec = "leaves a setsid() grandchild holding both pipes" },
	{ .id = "fixture.double-fork", .run = double_fork,
	  .spec = "double-forks a daemon" },
	{ .id = "fixture.dup2-stdout", .run = dup2_stdout,
	  .spec = "dup2()s /dev/null over its stdout and stderr" },
	{ .id = "fixture.new-pgrp", .run = new_pgrp,
	  .spec = "changes its own process group, leaves a child behind" },
	{ .id = "fixture.new-pgrp-hang", .run = new_pgrp_hang, .timeout = 1,
	  .spec = "changes its own process group, then hangs" },
	{ .id = "fixture.unreaped-live", .run = unreaped_live,
	  .spec = "forks 100 children and exits without reaping them" },
	{ .id = "fixture.unreaped-zombies", .run = unreaped_zombies,
	  .spec = "forks 100 children that exit, never waits for them" },
	{ .id = "fixture.runaway", .run = runaway,
	  .spec = "a child returns from run() instead of exiting" },
	{ .id = "fixture.qoi-fail", .run = qoi_fail, .tier = FC_QOI,
	  .spec = "a [qoi] case whose property does not hold" },
	{ .id = "fixture.exec-helper", .run = exec_helper, .helper = helper,
	  .spec = "a child execs the case's helper" },
	{ .id = "fixture.spin", .run = spin, .spec = "burns 20 ms of CPU" },
	{ .id = "fixture.kill-worker", .run = kill_worker,
	  .spec = "kills the worker that supervises it" },
	{ .id = "fixture.chatty", .run = chatty,
	  .spec = "passes after printing 32 KiB" },
	{ .id = "fixture.immutable", .run = immutable,
	  .spec = "leaves a file nobody can remove ($FC_FIXTURE_IMMUTABLE)" },
	{ .id = "fixture.clean-dir", .run = clean_dir,
	  .spec = "starts in an empty directory, leaves litter" },
	{ .id = "fixture.pipes-passed", .run = pipes_passed, .helper = holder,
	  .spec = "hands its capture pipes to a process outside the run" },
	{ .id = "fixture.traced-child", .run = traced_child,
	  .spec = "leaves a child traced by a process outside the run" },
	{ .id = NULL }
};

/* No platform expectations or external cases unless a test names them. */
const int fc_suite_defaults = 0;

const struct fc_area fc_areas[] = {
	{ "fixture", fixtures },
	{ NULL, NULL }
};
