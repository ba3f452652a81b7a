/*
 * misc-vfork-os.c: vfork (L, BSD vfork(2)): the parent is suspended until
 * the child execs or exits, released at the exec, signals pending across
 * the suspension, and vfork one level down.  Missing here: the case skips.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define GUARD_MS	3000	/* hang guard for quick waits, scaled */
#define VFORK_ROUNDS	100	/* vfork-suspend's tries */

/* The vfork-release helper's exit codes. */
enum {
	REL_OK = 0,		/* released by the parent's byte */
	REL_STUCK = 10,		/* no byte within the guard */
	REL_EOF = 11,		/* the pipe closed without a byte */
	REL_SETUP = 12		/* bad arguments */
};

/*
 * The exec'd image of a vfork child (misc.vfork-release): waits on the
 * descriptor named by argv[1] for a byte that only the parent can send,
 * once vfork has let it go.  The poll timeout, argv[2] ms (the parent's
 * scaled guard), is a hang guard: it turns a parent that is still
 * suspended into an exit code, not a deadlock.
 */
static int
release_helper(int argc, char **argv)
{
	struct pollfd	pfd;
	int		n, guard;
	char		c;

	if (argc < 3 || (guard = atoi(argv[2])) <= 0)
		return REL_SETUP;
	pfd.fd = atoi(argv[1]);
	pfd.events = POLLIN;
	do
		n = poll(&pfd, 1, guard);
	while (n == -1 && errno == EINTR);
	if (n == 0)
		return REL_STUCK;
	if (n == -1)
		return REL_SETUP;
	return fc_read_all(pfd.fd, &c, 1) == 1 ? REL_OK : REL_EOF;
}
/*
 * Section: vfork.  The vfork children below only store to memory, _exit
 * or exec.
 */
#if defined(HAVE_VFORK)

static pid_t
vfork_flag(volatile int *flag)
{
	pid_t	pid;

	if ((pid = vfork()) == 0) {
		*flag = 1;
		_exit(0);
	}
	return pid;
}

static pid_t
vfork_exit5(void)
{
	pid_t	pid;

	if ((pid = vfork()) == 0)
		_exit(5);
	return pid;
}

static pid_t
vfork_exec(char *const args[])
{
	pid_t	pid;

	if ((pid = vfork()) == 0) {
		(void)fc_exec_helper(args);
		_exit(127);
	}
	return pid;
}

static volatile int	vfork_private;

/*
 * vfork() suspends the parent until the child has gone: the child stores
 * 1 into a MAP_SHARED flag and _exits, and when vfork returns in the
 * parent the flag must already be set, in each of 100 rounds.  A vfork
 * that is a plain fork (the parent runs on at once) fails with near
 * certainty: so do qemu-user and valgrind, which implement vfork as fork
 * (known deviations, listed in ci/expect/qemu-user and valgrind).
 */
static enum fc_verdict
vfork_suspend(const struct fc_case *c FC_UNUSED)
{
	volatile int	*flag;
	pid_t		 pid;
	int		 i, seen, status;
	char		 st[64];

	flag = mmap(NULL, sizeof(*flag), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (flag == MAP_FAILED)
		return fc_broken("mmap");
	for (i = 0; i < VFORK_ROUNDS; i++) {
		*flag = 0;
		if ((pid = vfork_flag(flag)) == -1)
			return fc_broken("vfork");
		seen = *flag;
		if (fc_waitpid(pid, &status, 0) == -1)
			return fc_broken("waitpid");
		if (seen != 1)
			return fc_fail("round %d: vfork returned to the "
			    "parent before the child's _exit (its store was "
			    "not yet made)", i + 1);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return fc_fail("round %d: the vfork child %s, want "
			    "exited 0", i + 1, fc_status(status, st,
			    sizeof(st)));
	}
	(void)munmap((void *)flag, sizeof(*flag));
	return FC_PASS;
}
#define VFORK_SUSPEND_ROW	.run = vfork_suspend

/*
 * Probe: does a vfork child share the parent's memory?  The child writes
 * a private global before _exit.  Linux, NetBSD and FreeBSD share (the
 * parent sees the write); OpenBSD and emulators copy.  Recorded, never
 * failed.
 */
static enum fc_verdict
vfork_shared(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid;
	int	status;

	/* What is seen there is the emulator's doing, not the platform's. */
	if (fc_emulator() != NULL)
		return fc_skip("%s implements vfork as fork: whether memory "
		    "is shared says nothing of the platform", fc_emulator());
	vfork_private = 0;
	if ((pid = vfork_flag(&vfork_private)) == -1)
		return fc_broken("vfork");
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	fc_note("a vfork child's write to a private global %s seen by the "
	    "parent: memory is %s", vfork_private ? "is" : "is not",
	    vfork_private ? "shared" : "copied");
	return FC_PASS;
}
#define VFORK_SHARED_ROW	.run = vfork_shared

/*
 * Starts a vfork child that execs release_helper on a copy of rfd that
 * survives the exec.
 */
static pid_t
release_start(int rfd)
{
	char	 num[16], ms[16];
	char	*args[3];
	pid_t	 pid;
	int	 fd, saved;

	if ((fd = dup(rfd)) == -1)
		return -1;
	snprintf(num, sizeof(num), "%d", fd);
	snprintf(ms, sizeof(ms), "%d", fc_guard_ms(GUARD_MS));
	args[0] = num;
	args[1] = ms;
	args[2] = NULL;
	pid = vfork_exec(args);
	saved = errno;
	close(fd);
	errno = saved;
	return pid;
}

/*
 * A vfork parent resumes when the child execs, not when the exec'd
 * program exits: the child execs a helper that waits for a byte which
 * only the resumed parent can send.  A platform that holds the parent
 * until the helper exits leaves the helper waiting: it gives up after a
 * hang guard (scaled) and says so, which is broken, as any expired guard
 * (the same as a parent that could not run in time); an exec'd program
 * that had ended for another reason when vfork returned fails.
 */
static enum fc_verdict
vfork_release(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid, early;
	int	p[2], status, posted;
	char	st[64];

	(void)signal(SIGPIPE, SIG_IGN);
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if ((pid = release_start(p[0])) == -1)
		return fc_broken("vfork");
	close(p[0]);
	early = fc_waitpid(pid, &status, WNOHANG);
	posted = fc_sync_post(p[1]);
	close(p[1]);
	if (early == -1 || (early == 0 && fc_waitpid(pid, &status, 0) == -1))
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return fc_brokenx("the vfork child could not exec the helper");
	if (WIFEXITED(status) && WEXITSTATUS(status) == REL_STUCK)
		return fc_brokenx("guard of %d ms expired in the exec'd vfork "
		    "child waiting for the parent's byte: the parent stayed "
		    "suspended after the exec%s, or the machine is slower "
		    "than the guard", fc_guard_ms(GUARD_MS), early == pid ?
		    " (vfork returned only after the helper's exit)" : "");
	if (early == pid)
		return fc_fail("vfork returned only after the exec'd program "
		    "had %s", fc_status(status, st, sizeof(st)));
	if (posted == -1)
		return fc_broken("write");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != REL_OK)
		return fc_fail("the exec'd vfork child %s, want exited 0",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}
#define VFORK_RELEASE_ROW	.run = vfork_release

/*
 * vfork works in a forked child: the grandchild _exits 5, the child
 * reaps it and exits 15.  A platform whose vfork fails or garbles the
 * status one level down fails.
 */
static enum fc_verdict
nested_vfork(const struct fc_case *c FC_UNUSED)
{
	return misc_nested(vfork_exit5, "vfork");
}
#define NESTED_VFORK_ROW	.run = nested_vfork

/*
 * The scheduling state of process pid from /proc/<pid>/stat ('R', 'S',
 * 'D', 'Z'...), or -1 where it cannot be read.  System calls only: a
 * vfork child calls it.
 */
static int
proc_state(pid_t pid)
{
	char	 path[64], buf[512], *p;
	ssize_t	 n;
	int	 fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL || p[1] != ' ' || p[2] == '\0')
		return -1;
	return (unsigned char)p[2];
}

/* Exit codes of the vfork children below, other than 0. */
enum {
	VS_NOPROC = 20,		/* /proc/<pid>/stat unreadable */
	VS_KILL = 21,		/* kill() failed */
	VS_RUNNING = 22,	/* the parent was not suspended */
	VS_RELEASED = 23	/* ...no longer, before our exit */
};

/*
 * A later vfork suspends the parent again, and the exit of the program an
 * earlier vfork child exec'd does not release it.  The first vfork child
 * execs the release helper (misc.vfork-release), which waits for a byte.
 * The parent then vforks V: V waits, reading /proc (Linux), until the
 * parent is asleep, uninterruptibly ('D') if vfork suspends it, in
 * waitpid ('S') if it runs on; then V sends the helper its byte and
 * waits until the helper is a zombie, and checks that the parent is still
 * suspended.  A parent that runs on, or that the helper's exit releases,
 * fails (a vfork that is a fork, as under qemu-user and valgrind, fails:
 * known deviations).
 */
static enum fc_verdict
vfork_later(const struct fc_case *c FC_UNUSED)
{
	pid_t	h, v, parent = getpid();
	int	p[2], st, status, vstatus;
	char	buf[64];

	(void)signal(SIGPIPE, SIG_IGN);
	if (proc_state(parent) == -1)
		return fc_skip("no /proc/<pid>/stat to see a suspension by");
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if ((h = release_start(p[0])) == -1)
		return fc_broken("vfork");
	close(p[0]);
	if ((v = vfork()) == 0) {
		while ((st = proc_state(parent)) != 'D' && st != 'S')
			if (st == -1)
				_exit(VS_NOPROC);
		if (st != 'D')
			_exit(VS_RUNNING);
		if (write(p[1], "", 1) != 1)
			_exit(VS_KILL);
		while ((st = proc_state(h)) != 'Z')
			if (st == -1)
				_exit(VS_NOPROC);
		_exit(proc_state(parent) == 'D' ? 0 : VS_RELEASED);
	}
	if (v == -1)
		return fc_broken("vfork");
	close(p[1]);
	if (fc_waitpid(v, &vstatus, 0) == -1 ||
	    fc_waitpid(h, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return fc_brokenx("the vfork child could not exec the helper");
	if (WIFEXITED(vstatus) && WEXITSTATUS(vstatus) == VS_RUNNING)
		return fc_fail("a second vfork did not suspend the parent: it "
		    "was asleep in waitpid while the child ran");
	if (WIFEXITED(vstatus) && WEXITSTATUS(vstatus) == VS_RELEASED)
		return fc_fail("the exit of the program an earlier vfork child "
		    "exec'd released the parent from a later vfork");
	if (!WIFEXITED(vstatus) || WEXITSTATUS(vstatus) != 0)
		return fc_brokenx("the second vfork child %s", fc_status(vstatus,
		    buf, sizeof(buf)));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != REL_OK)
		return fc_fail("the exec'd first vfork child %s, want exited 0",
		    fc_status(status, buf, sizeof(buf)));
	return FC_PASS;
}
#define VFORK_LATER_ROW	.run = vfork_later

#else

#define VFORK_SUSPEND_ROW	.absent = "no vfork here"
#define VFORK_SHARED_ROW	.absent = "no vfork here"
#define VFORK_RELEASE_ROW	.absent = "no vfork here"
#define NESTED_VFORK_ROW	.absent = "no vfork here"
#define VFORK_LATER_ROW		.absent = "no vfork here"
#endif

/*
 * Section: vfork and SIGCHLD, which needs sigtimedwait and waitid.
 */
#if defined(WITH_VFORK_SIGCHLD)

/*
 * SIGCHLD and vfork, with SIGCHLD blocked.  A SIGCHLD already pending
 * when vfork suspends the parent is still pending, with its own siginfo,
 * when the parent resumes; and the exit of the exec'd vfork child raises
 * a SIGCHLD of its own, with its pid and status, pending once that
 * child is a zombie (a waitid(WNOWAIT) barrier, no timed wait).  (No
 * sleep-free way makes a SIGCHLD arrive strictly inside the
 * suspension.)  A platform
 * whose vfork consumes pending signals, or that sends no SIGCHLD for a
 * vfork child, fails.
 */
static enum fc_verdict
vfork_release_sigchld(const struct fc_case *c FC_UNUSED)
{
	struct timespec	 zero = { 0, 0 };
	enum fc_verdict	 v = FC_PASS;
	siginfo_t	 si;
	sigset_t	 chld;
	pid_t		 first, pid;
	int		 p[2], status, sig;

	(void)signal(SIGPIPE, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1)
		return fc_broken("sigprocmask");
	if ((first = fc_fork()) == -1)
		return fc_broken("fork");
	if (first == 0)
		fc_exit(3);
	/* A zombie barrier: from here on its SIGCHLD is pending. */
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)first, &si, WEXITED | WNOWAIT) == -1)
		return fc_broken("waitid");
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if ((pid = release_start(p[0])) == -1)
		return fc_broken("vfork");
	close(p[0]);
	memset(&si, 0, sizeof(si));
	if ((sig = sigtimedwait(&chld, &si, &zero)) == -1)
		v = fc_fail("the SIGCHLD pending before vfork was gone when "
		    "the parent resumed");
	else if (si.si_pid != first)
		v = fc_fail("the SIGCHLD pending when the parent resumed is "
		    "for pid %ld, want %ld (the child that exited before "
		    "vfork)", (long)si.si_pid, (long)first);
	(void)fc_sync_post(p[1]);
	close(p[1]);
	/* The same zombie barrier: the helper's SIGCHLD is pending now. */
	memset(&si, 0, sizeof(si));
	if (fc_waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1)
		return fc_broken("waitid");
	memset(&si, 0, sizeof(si));
	sig = sigtimedwait(&chld, &si, &zero);
	if (fc_waitpid(first, &status, 0) == -1 ||
	    fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return fc_brokenx("the vfork child could not exec the helper");
	if (WIFEXITED(status) && WEXITSTATUS(status) == REL_STUCK)
		return fc_brokenx("guard of %d ms expired in the exec'd vfork "
		    "child waiting for the parent's byte: the parent stayed "
		    "suspended after the exec, or the machine is slower than "
		    "the guard", fc_guard_ms(GUARD_MS));
	if (v != FC_PASS)
		return v;
	if (sig == -1)
		return fc_fail("no SIGCHLD pending once the exec'd vfork "
		    "child was a zombie (waitid(WNOWAIT) saw it exit)");
	if (si.si_pid != pid || si.si_code != CLD_EXITED ||
	    si.si_status != REL_OK)
		return fc_fail("the SIGCHLD after the exec'd vfork child's "
		    "exit says pid %ld, code %d, status %d; want %ld, "
		    "CLD_EXITED (%d), %d", (long)si.si_pid, si.si_code,
		    si.si_status, (long)pid, CLD_EXITED, REL_OK);
	return FC_PASS;
}
#define VFORK_RELEASE_SIGCHLD_ROW	.run = vfork_release_sigchld

/*
 * A SIGCHLD that arrives while vfork suspends the parent is delivered
 * once it resumes.  With SIGCHLD blocked, the parent forks X, which
 * waits on a pipe, then vforks V; V waits, reading /proc (Linux), until
 * the parent is asleep (suspended: 'D'; else in waitpid: 'S'), then
 * kills X and waits until X is a zombie: its SIGCHLD was then sent, to a
 * parent still suspended.  When vfork returns, that SIGCHLD must be
 * pending with X's pid and CLD_KILLED (V's own, if already sent, does not
 * replace it: a pending standard signal keeps its first siginfo).  A
 * platform that drops signals sent during the suspension fails, and so
 * does a vfork that is a fork (qemu-user, valgrind, dietlibc: known
 * deviations), whose parent V finds in waitpid.
 */
static enum fc_verdict
vfork_sigchld_during(const struct fc_case *c FC_UNUSED)
{
	struct timespec	 zero = { 0, 0 };
	siginfo_t	 si;
	sigset_t	 chld;
	pid_t		 x, v, parent = getpid();
	int		 p[2], status, vstatus, sig, st;
	char		 buf[64];

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &chld, NULL) == -1)
		return fc_broken("sigprocmask");
	if (proc_state(getpid()) == -1)
		return fc_skip("no /proc/<pid>/stat to see a zombie by");
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if ((x = fc_fork()) == -1)
		return fc_broken("fork");
	if (x == 0) {
		close(p[1]);
		(void)fc_sync_wait(p[0]);
		fc_exit(0);
	}
	close(p[0]);
	if ((v = vfork()) == 0) {
		while ((st = proc_state(parent)) != 'D' && st != 'S')
			if (st == -1)
				_exit(VS_NOPROC);
		if (st != 'D')
			_exit(VS_RUNNING);
		if (kill(x, SIGKILL) == -1)
			_exit(VS_KILL);
		while ((st = proc_state(x)) != 'Z')
			if (st == -1)
				_exit(VS_NOPROC);
		_exit(0);
	}
	if (v == -1)
		return fc_broken("vfork");
	memset(&si, 0, sizeof(si));
	sig = sigtimedwait(&chld, &si, &zero);
	close(p[1]);
	if (fc_waitpid(v, &vstatus, 0) == -1 ||
	    fc_waitpid(x, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFEXITED(vstatus) && WEXITSTATUS(vstatus) == VS_RUNNING)
		return fc_fail("vfork did not suspend the parent: it was "
		    "asleep in waitpid while the child ran");
	if (!WIFEXITED(vstatus) || WEXITSTATUS(vstatus) != 0)
		return fc_brokenx("the vfork child %s%s", fc_status(vstatus,
		    buf, sizeof(buf)), WIFEXITED(vstatus) &&
		    WEXITSTATUS(vstatus) == VS_KILL ? " (kill failed)" :
		    WIFEXITED(vstatus) && WEXITSTATUS(vstatus) == VS_NOPROC ?
		    " (/proc unreadable)" : "");
	if (sig == -1)
		return fc_fail("no SIGCHLD pending when vfork returned, though "
		    "a child was killed and became a zombie during the "
		    "suspension");
	if (si.si_pid != x || si.si_code != CLD_KILLED)
		return fc_fail("the SIGCHLD pending when vfork returned says "
		    "pid %ld, code %d; want %ld (killed during the "
		    "suspension), CLD_KILLED (%d)", (long)si.si_pid,
		    si.si_code, (long)x, CLD_KILLED);
	return FC_PASS;
}
#define VFORK_SIGCHLD_DURING_ROW	.run = vfork_sigchld_during


#else

#define VFORK_RELEASE_SIGCHLD_ROW	.absent = "no vfork, sigtimedwait or " \
	"waitid here"
#define VFORK_SIGCHLD_DURING_ROW	.absent = "no vfork, sigtimedwait or " \
	"waitid here"
#endif

const struct fc_case fc_misc_vfork_os_cases[] = {
	{ .id = "misc.vfork-suspend", VFORK_SUSPEND_ROW, .tier = FC_OPT,
	  .spec = "L, BSD vfork(2): the parent is suspended until the child "
	  "calls _exit or execs" },
	{ .id = "misc.vfork-suspend/shared-memory", VFORK_SHARED_ROW,
	  .tier = FC_PROBE,
	  .spec = "L, BSD vfork(2): whether the child shares the parent's "
	  "memory" },
	{ .id = "misc.vfork-release", VFORK_RELEASE_ROW, .tier = FC_LINUX,
	  .helper = release_helper,
	  .spec = "L: vfork(2): the parent resumes at the child's exec, not "
	  "at the exec'd program's exit" },
	{ .id = "misc.vfork-release/sigchld", VFORK_RELEASE_SIGCHLD_ROW,
	  .tier = FC_LINUX, .helper = release_helper,
	  .spec = "L: vfork(2): a pending SIGCHLD survives the suspension; "
	  "the exec'd child's exit raises SIGCHLD" },
	{ .id = "misc.vfork-release/sigchld-during", VFORK_SIGCHLD_DURING_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: vfork(2): a SIGCHLD arriving during the suspension is "
	  "delivered afterwards" },
	{ .id = "misc.vfork-release/later-vfork", VFORK_LATER_ROW,
	  .tier = FC_LINUX, .helper = release_helper,
	  .spec = "L: vfork(2): a later vfork suspends the parent again and "
	  "is not released by an earlier child's exec'd program exiting" },
	{ .id = "misc.nested/vfork", NESTED_VFORK_ROW, .tier = FC_OPT,
	  .spec = "L, BSD vfork(2): vfork works in a forked child and "
	  "statuses propagate" },
	{ .id = NULL }
};
