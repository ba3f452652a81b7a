/*
 * pgid-os.c: pgid cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * Job control on a pseudo-terminal (XSH General Terminal Interface,
 * 11.1.4 "Terminal Access Control"; XSH tcsetpgrp): a forked child leads
 * a session whose controlling terminal is a pty, and its own child, in
 * a background group, meets SIGTTOU.  Needs posix_openpt().
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cases.h"

#if defined(HAVE_POSIX_OPENPT)

/* What the background grandchild does. */
enum {
	JC_WRITE,		/* write() with TOSTOP set */
	JC_TCSETPGRP,		/* tcsetpgrp() to its own group */
	JC_TCSETPGRP_BLOCKED	/* the same with SIGTTOU blocked */
};

/* The session leader's report. */
struct jc_seen {
	int	step;		/* the setup step that failed, 0 if none */
	int	err;		/* its errno */
	int	status;		/* the grandchild's first wait status */
	pid_t	bg;		/* the grandchild's pid and group */
	pid_t	fg;		/* the foreground group at the end */
};

static const char *const jc_steps[] = {
	NULL, "setsid", "open of the pty's slave", "TIOCSCTTY",
	"tcgetpgrp: the pty did not become the controlling terminal",
	"tcgetattr/tcsetattr TOSTOP", "fork", "waitpid"
};

/* Sets TOSTOP on the terminal: 0, or -1 with errno set. */
static int
tostop(int fd)
{
	struct termios	t;

	if (tcgetattr(fd, &t) == -1)
		return -1;
	t.c_lflag |= TOSTOP;
	return tcsetattr(fd, TCSANOW, &t);
}

/* The grandchild: its own group, in the background, then the act. */
static void
background(int fd, int mode)
{
	sigset_t	set;

	if (setpgid(0, 0) == -1)
		fc_exit(100);
	if (mode == JC_WRITE)
		fc_exit(write(fd, "x", 1) == 1 ? 0 : 101);
	if (mode == JC_TCSETPGRP_BLOCKED) {
		sigemptyset(&set);
		sigaddset(&set, SIGTTOU);
		if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
			fc_exit(100);
	}
	fc_exit(tcsetpgrp(fd, getpgrp()) == 0 ? 0 : 102);
}

/*
 * The session leader: a new session, the pty as its controlling
 * terminal (its group in the foreground), a grandchild in a background
 * group, and what became of it.  Anything stopped is killed and reaped.
 */
static void
session(const char *slave, int mode, int rep)
{
	struct jc_seen	s;
	pid_t		pid;
	int		fd, status = 0;

	memset(&s, 0, sizeof(s));
	if (setsid() == -1)
		s.step = 1;
	else if ((fd = open(slave, O_RDWR)) == -1)
		s.step = 2;
	else if (ACQUIRE_TTY(fd) == -1)
		s.step = 3;
	else if (tcgetpgrp(fd) != getpgrp())
		s.step = 4;
	else if (mode == JC_WRITE && tostop(fd) == -1)
		s.step = 5;
	else if ((pid = fc_fork()) == -1)
		s.step = 6;
	else if (pid == 0)
		background(fd, mode);
	else {
		(void)setpgid(pid, pid);
		s.bg = pid;
		if (fc_waitpid(pid, &status, WUNTRACED) == -1)
			s.step = 7;
		s.status = status;
		if (s.step == 0 && WIFSTOPPED(status)) {
			kill(pid, SIGKILL);
			fc_waitpid(pid, &status, 0);
		}
		s.fg = tcgetpgrp(fd);
	}
	s.err = errno;
	fc_sub_report(rep, &s, sizeof(s));
}

/*
 * Opens a pty, forks the session leader and collects its report.  The
 * pty's master is closed only after the leader (and so its whole
 * session) is gone.
 */
static enum fc_verdict
jobcontrol(int mode, struct jc_seen *s)
{
	struct fc_sub	 sub;
	const char	*name;
	char		 slave[128], st[64];
	ssize_t		 n;
	int		 m, status;

	/*
	 * ENOENT/ENODEV/ENXIO: no pseudo-terminal device (a minimal chroot
	 * without /dev/pts or /dev/ptmx); EACCES/EPERM: a sandbox forbids
	 * it; ENOSYS: none at all.  EAGAIN/EMFILE/ENFILE are ours.
	 */
	if ((m = posix_openpt(O_RDWR | O_NOCTTY)) == -1 &&
	    (errno == ENOENT || errno == ENODEV || errno == ENXIO ||
	    errno == EACCES || errno == EPERM || errno == ENOSYS))
		return fc_skip("no pseudo-terminal: posix_openpt: %s",
		    strerror(errno));
	if (m == -1)
		return fc_broken("posix_openpt");
	if (fcntl(m, F_SETFD, FD_CLOEXEC) == -1 || grantpt(m) == -1 ||
	    unlockpt(m) == -1 || (name = ptsname(m)) == NULL)
		return fc_broken("setting up the pty");
	if (strlen(name) >= sizeof(slave))
		return fc_brokenx("the pty's name is too long");
	strcpy(slave, name);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		close(m);
		session(slave, mode, sub.fd);
	}
	n = fc_read_all(sub.fd, s, sizeof(*s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	close(m);
	if (n != (ssize_t)sizeof(*s))
		return fc_brokenx("the session leader %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (s->step == 1)
		return fc_fail("setsid() in a freshly forked child failed: %s",
		    strerror(s->err));
	if (s->step != 0) {
		errno = s->err;
		return fc_broken("in the session leader: %s",
		    jc_steps[s->step]);
	}
	return FC_PASS;
}

/*
 * With TOSTOP set, a write() to the controlling terminal from a
 * background process group raises SIGTTOU, which stops the writer (seen
 * through WUNTRACED).  A platform that lets the write through, or whose
 * forked children escape job control, fails.
 */
static enum fc_verdict
jobcontrol_pty(const struct fc_case *c FC_UNUSED)
{
	struct jc_seen	s;
	enum fc_verdict	v;
	char		st[64];

	if ((v = jobcontrol(JC_WRITE, &s)) != FC_PASS)
		return v;
	if (WIFSTOPPED(s.status) && WSTOPSIG(s.status) == SIGTTOU)
		return FC_PASS;
	return fc_fail("a background write() with TOSTOP set: the writer %s, "
	    "want stopped by SIGTTOU", fc_status(s.status, st, sizeof(st)));
}
#define JOBCONTROL_PTY_ROW	.run = jobcontrol_pty

/*
 * tcsetpgrp() from a background group raises SIGTTOU and stops the
 * caller.  A platform that lets a background group take the terminal
 * silently fails.
 */
static enum fc_verdict
jobcontrol_tcsetpgrp(const struct fc_case *c FC_UNUSED)
{
	struct jc_seen	s;
	enum fc_verdict	v;
	char		st[64];

	if ((v = jobcontrol(JC_TCSETPGRP, &s)) != FC_PASS)
		return v;
	if (WIFSTOPPED(s.status) && WSTOPSIG(s.status) == SIGTTOU)
		return FC_PASS;
	return fc_fail("tcsetpgrp() from a background group: the caller %s, "
	    "want stopped by SIGTTOU", fc_status(s.status, st, sizeof(st)));
}
#define JOBCONTROL_TCSETPGRP_ROW	.run = jobcontrol_tcsetpgrp

/*
 * With SIGTTOU blocked, the same tcsetpgrp() succeeds and the caller's
 * group becomes the foreground one.  A platform that still stops it or
 * refuses fails.
 */
static enum fc_verdict
jobcontrol_tcsetpgrp_blocked(const struct fc_case *c FC_UNUSED)
{
	struct jc_seen	s;
	enum fc_verdict	v;
	char		st[64];

	if ((v = jobcontrol(JC_TCSETPGRP_BLOCKED, &s)) != FC_PASS)
		return v;
	if (!WIFEXITED(s.status) || WEXITSTATUS(s.status) != 0)
		return fc_fail("tcsetpgrp() from a background group with "
		    "SIGTTOU blocked: the caller %s, want exited 0",
		    fc_status(s.status, st, sizeof(st)));
	if (s.fg != s.bg)
		return fc_fail("after the background group's tcsetpgrp() the "
		    "foreground group is %ld, want %ld", (long)s.fg,
		    (long)s.bg);
	return FC_PASS;
}
#define JOBCONTROL_TCSETPGRP_BLOCKED_ROW	.run = jobcontrol_tcsetpgrp_blocked

#else /* !HAVE_POSIX_OPENPT */

#define JOBCONTROL_PTY_ROW	.absent = "no posix_openpt()"
#define JOBCONTROL_TCSETPGRP_ROW	.absent = "no posix_openpt()"
#define JOBCONTROL_TCSETPGRP_BLOCKED_ROW	.absent = "no posix_openpt()"
#endif /* HAVE_POSIX_OPENPT */

const struct fc_case fc_pgid_os_cases[] = {
	{ .id = "pgid.jobcontrol-pty", JOBCONTROL_PTY_ROW, .tier = FC_OPT,
	  .spec = "XSH 11.1.4: with TOSTOP, a background group's write to its "
	  "controlling terminal raises SIGTTOU" },
	{ .id = "pgid.jobcontrol-pty/tcsetpgrp", JOBCONTROL_TCSETPGRP_ROW,
	  .tier = FC_OPT,
	  .spec = "XSH tcsetpgrp: a background group's tcsetpgrp() raises "
	  "SIGTTOU" },
	{ .id = "pgid.jobcontrol-pty/tcsetpgrp-blocked",
	  JOBCONTROL_TCSETPGRP_BLOCKED_ROW, .tier = FC_OPT,
	  .spec = "XSH tcsetpgrp: with SIGTTOU blocked, a background group's "
	  "tcsetpgrp() succeeds" },
	{ .id = NULL }
};
