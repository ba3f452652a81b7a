/*
 * fd-os.c: fd cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#if defined(HAVE_FLOCK)
#include <sys/file.h>
#endif
#if defined(HAVE_SYS_EPOLL_H)
#include <sys/epoll.h>
#endif
#if defined(HAVE_SYS_EVENT_H)
#include <sys/event.h>
#endif
#if defined(HAVE_SYS_EVENTFD_H)
#include <sys/eventfd.h>
#endif
#if defined(HAVE_SYS_INOTIFY_H)
#include <sys/inotify.h>
#endif
#if defined(HAVE_SYS_SIGNALFD_H)
#include <sys/signalfd.h>
#endif
#if defined(HAVE_SYS_TIMERFD_H)
#include <sys/timerfd.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#if defined(HAVE_MQUEUE_H)
#include <mqueue.h>
#endif
#if defined(HAVE_NL_TYPES_H)
#include <nl_types.h>
#endif

#include "cases.h"

/* Which interfaces are here: one macro per region of cases below. */
#if defined(__linux__) && defined(F_SETSIG) && defined(F_GETSIG)
#define WITH_SETSIG
#endif
#if defined(O_CLOFORK) && defined(FD_CLOFORK)
#define WITH_CLOFORK
#endif
#if defined(WITH_CLOFORK) && defined(F_DUPFD_CLOFORK)
#define WITH_DUPFD_CLOFORK
#endif
#if defined(WITH_CLOFORK) && defined(SOCK_CLOFORK)
#define WITH_SOCK_CLOFORK
#endif
#if defined(HAVE_NL_TYPES_H) && defined(HAVE_CATOPEN)
#define WITH_CATOPEN
#endif
#if defined(HAVE_MQUEUE_H) && defined(HAVE_MQ_OPEN)
#define WITH_MQUEUE
#endif
#if defined(HAVE_FLOCK) && defined(LOCK_NB)
#define WITH_FLOCK
#endif
#if defined(F_OFD_SETLK) && defined(F_OFD_GETLK)
#define WITH_OFD_LOCKS
#endif
#if defined(HAVE_SYS_EPOLL_H) && defined(HAVE_EPOLL_CREATE1)
#define WITH_EPOLL
#endif
#if defined(HAVE_SYS_EVENT_H) && defined(HAVE_KQUEUE)
#define WITH_KQUEUE
#endif
#if defined(HAVE_SYS_EVENTFD_H) && defined(HAVE_EVENTFD)
#define WITH_EVENTFD
#endif
#if defined(HAVE_SYS_TIMERFD_H) && defined(HAVE_TIMERFD_CREATE)
#define WITH_TIMERFD
#endif
#if defined(HAVE_SYS_SIGNALFD_H) && defined(HAVE_SIGNALFD)
#define WITH_SIGNALFD
#endif
#if defined(HAVE_SYS_INOTIFY_H) && defined(HAVE_INOTIFY_INIT1)
#define WITH_INOTIFY
#endif
#if defined(HAVE_MEMFD_CREATE) && defined(MFD_CLOEXEC)
#define WITH_MEMFD
#endif
#if defined(WITH_MEMFD) && defined(F_ADD_SEALS) && defined(F_SEAL_WRITE)
#define WITH_SEALS
#endif

/* epoll is Linux's own; elsewhere (NetBSD) a compatibility layer, probed. */
#if defined(__linux__)
#define EPOLL_TIER	FC_LINUX
#else
#define EPOLL_TIER	FC_PROBE
#endif

#if defined(WITH_SETSIG) || defined(WITH_CLOFORK) || \
    defined(WITH_CATOPEN) || defined(WITH_MQUEUE) || defined(WITH_FLOCK) || \
    defined(WITH_OFD_LOCKS) || defined(WITH_EPOLL) || \
    defined(WITH_KQUEUE) || defined(WITH_TIMERFD) || defined(WITH_SEALS)
/* errno of a call that returned -1, else 0. */
static int
err_of(int ret)
{
	return ret == -1 ? errno : 0;
}
#endif

#if defined(WITH_SETSIG)
/*
 * The owner and the signal of asynchronous I/O are kept in the open file
 * description on Linux: the child sets F_SETOWN to the parent and
 * F_SETSIG to SIGUSR2 on an inherited socket, and the parent's F_GETOWN
 * and F_GETSIG must show them.  A platform that keeps them per process
 * fails.
 */
static enum fc_verdict
status_flags_owner(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	own, sig;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		sv[2], own, sig;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return fc_broken("socketpair");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r.own = err_of(fcntl(sv[0], F_SETOWN, (int)getppid()));
		r.sig = err_of(fcntl(sv[0], F_SETSIG, SIGUSR2));
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.own != 0 || r.sig != 0)
		return fc_fail("F_SETOWN or F_SETSIG on an inherited socket "
		    "failed in the child: %s", strerror(r.own ? r.own :
		    r.sig));
	if ((own = fcntl(sv[0], F_GETOWN)) != (int)getpid())
		return fc_fail("the child set F_SETOWN to the parent (%ld), "
		    "the parent's F_GETOWN is %d", (long)getpid(), own);
	if ((sig = fcntl(sv[0], F_GETSIG)) != SIGUSR2)
		return fc_fail("the child set F_SETSIG to SIGUSR2 (%d), the "
		    "parent's F_GETSIG is %d", SIGUSR2, sig);
	return FC_PASS;
}
#else
static enum fc_verdict
status_flags_owner(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no F_SETSIG: the owner and signal part is Linux's");
}
#endif

#if defined(WITH_CLOFORK)
#define CLOFORK_MAX	8

/* A descriptor for clofork_check(): how it was made, and whether it stays. */
struct clofork_fd {
	const char	*how;
	int		 fd;
	int		 kept;		/* 1: made without close-on-fork */
};

/*
 * Checks that each descriptor shows FD_CLOFORK as it should, is closed
 * (EBADF) in a child when marked and open otherwise, and that the parent
 * keeps them all.
 */
static enum fc_verdict
clofork_check(const struct clofork_fd *fds, int n)
{
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		err[CLOFORK_MAX], i, fl;

	for (i = 0; i < n; i++) {
		if (fds[i].fd == -1)
			return fc_broken("%s", fds[i].how);
		if ((fl = fcntl(fds[i].fd, F_GETFD)) == -1)
			return fc_broken("F_GETFD (%s)", fds[i].how);
		if (((fl & FD_CLOFORK) != 0) == fds[i].kept)
			return fc_fail("%s: F_GETFD is %#x, want FD_CLOFORK "
			    "%s", fds[i].how, fl, fds[i].kept ? "clear" :
			    "set");
	}
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		for (i = 0; i < n; i++)
			err[i] = err_of(fcntl(fds[i].fd, F_GETFD));
		fc_exit(fc_write_all(sub.fd, err,
		    (size_t)n * sizeof(err[0])) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, err, (size_t)n * sizeof(err[0]))) !=
	    FC_PASS)
		return v;
	for (i = 0; i < n; i++) {
		if (fds[i].kept && err[i] != 0)
			return fc_fail("%s: closed in the child (%s), want "
			    "open", fds[i].how, strerror(err[i]));
		if (!fds[i].kept && err[i] != EBADF)
			return fc_fail("%s: %s in the child, want closed "
			    "(EBADF)", fds[i].how, err[i] ? strerror(err[i]) :
			    "open");
		if (fcntl(fds[i].fd, F_GETFD) == -1)
			return fc_fail("%s: closed in the parent after the "
			    "fork: %s", fds[i].how, strerror(errno));
	}
	return FC_PASS;
}

/*
 * Close-on-fork descriptors are absent in the child and stay open in the
 * parent: made by open(O_CLOFORK), by F_SETFD FD_CLOFORK and by
 * pipe2(O_CLOFORK), next to a plain descriptor that must stay.  A
 * platform that ignores the flag, or closes the wrong descriptors, fails.
 * Exec-time behaviour is not asserted (Austin Group 1851).
 */
static enum fc_verdict
clofork(const struct fc_case *c FC_UNUSED)
{
	struct clofork_fd	fds[5];
	int			p[2];

	fds[0].how = "open(O_CLOFORK)";
	fds[0].fd = open("a", O_RDWR | O_CREAT | O_CLOFORK, 0600);
	fds[0].kept = 0;
	fds[1].how = "F_SETFD FD_CLOFORK";
	fds[1].fd = open("b", O_RDWR | O_CREAT, 0600);
	fds[1].kept = 0;
	if (fds[1].fd != -1 && fcntl(fds[1].fd, F_SETFD, FD_CLOFORK) == -1)
		return fc_broken("F_SETFD FD_CLOFORK");
	if (pipe2(p, O_CLOFORK) == -1)
		return fc_broken("pipe2(O_CLOFORK)");
	fds[2].how = "pipe2(O_CLOFORK), read end";
	fds[2].fd = p[0];
	fds[2].kept = 0;
	fds[3].how = "pipe2(O_CLOFORK), write end";
	fds[3].fd = p[1];
	fds[3].kept = 0;
	fds[4].how = "a plain open";
	fds[4].fd = open("c", O_RDWR | O_CREAT, 0600);
	fds[4].kept = 1;
	return clofork_check(fds, 5);
}
#else
static enum fc_verdict
clofork(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no O_CLOFORK/FD_CLOFORK here (POSIX.1-2024 "
	    "close-on-fork)");
}
#endif

#if defined(WITH_DUPFD_CLOFORK)
/*
 * Duplicates made with F_DUPFD_CLOFORK and dup3(O_CLOFORK) are absent in
 * the child, while dup() of a close-on-fork descriptor clears the flag
 * and stays.  A platform that loses or leaks the flag on duplication
 * fails.
 */
static enum fc_verdict
clofork_dup(const struct fc_case *c FC_UNUSED)
{
	struct clofork_fd	fds[4];
	int			base;

	if ((base = open("a", O_RDWR | O_CREAT, 0600)) == -1)
		return fc_broken("open");
	fds[0].how = "F_DUPFD_CLOFORK";
	fds[0].fd = fcntl(base, F_DUPFD_CLOFORK, 0);
	fds[0].kept = 0;
	fds[1].how = "dup3(O_CLOFORK)";
	fds[1].fd = dup(base);
	fds[1].kept = 0;
	if (fds[1].fd != -1 && dup3(base, fds[1].fd, O_CLOFORK) == -1)
		return fc_broken("dup3(O_CLOFORK)");
	fds[2].how = "dup() of a close-on-fork descriptor";
	fds[2].fd = fds[0].fd == -1 ? -1 : dup(fds[0].fd);
	fds[2].kept = 1;
	fds[3].how = "the plain original";
	fds[3].fd = base;
	fds[3].kept = 1;
	return clofork_check(fds, 4);
}
#else
static enum fc_verdict
clofork_dup(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no F_DUPFD_CLOFORK here (POSIX.1-2024 close-on-fork)");
}
#endif

#if defined(WITH_SOCK_CLOFORK)
/*
 * Sockets made with SOCK_CLOFORK (socket, socketpair) are absent in the
 * child and stay in the parent, next to a plain socket that must stay.
 * A platform that ignores the flag fails.
 */
static enum fc_verdict
clofork_socket(const struct fc_case *c FC_UNUSED)
{
	struct clofork_fd	fds[4];
	int			sv[2];

	fds[0].how = "socket(SOCK_CLOFORK)";
	fds[0].fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOFORK, 0);
	fds[0].kept = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOFORK, 0, sv) == -1)
		return fc_broken("socketpair(SOCK_CLOFORK)");
	fds[1].how = "socketpair(SOCK_CLOFORK), first";
	fds[1].fd = sv[0];
	fds[1].kept = 0;
	fds[2].how = "socketpair(SOCK_CLOFORK), second";
	fds[2].fd = sv[1];
	fds[2].kept = 0;
	fds[3].how = "a plain socket";
	fds[3].fd = socket(AF_UNIX, SOCK_STREAM, 0);
	fds[3].kept = 1;
	return clofork_check(fds, 4);
}
#else
static enum fc_verdict
clofork_socket(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no SOCK_CLOFORK here (POSIX.1-2024 close-on-fork)");
}
#endif

#if defined(WITH_CATOPEN)
#define CAT_TEXT	"forkcheck catalog message"

/* Finds prog in $PATH: 0 with its path in buf, or -1. */
static int
find_prog(const char *prog, char *buf, size_t len)
{
	const char	*p, *end;
	size_t		 n;

	if ((p = getenv("PATH")) == NULL)
		return -1;
	for (;; p = end + 1) {
		if ((end = strchr(p, ':')) == NULL)
			end = p + strlen(p);
		n = (size_t)(end - p);
		snprintf(buf, len, "%.*s/%s", n ? (int)n : 1, n ? p : ".",
		    prog);
		if (access(buf, X_OK) == 0)
			return 0;
		if (*end == '\0')
			return -1;
	}
}

/* Compiles "fc.cat" with gencat; end of file on an O_CLOEXEC pipe = exec'd. */
static enum fc_verdict
make_catalog(const char *gencat)
{
	static const char	msg[] = "$set 1\n1 " CAT_TEXT "\n";
	pid_t			pid;
	ssize_t			n;
	int			ex[2], fd, err, status;
	char			st[64];

	if ((fd = open("fc.msg", O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		return fc_broken("open");
	if (fc_write_all(fd, msg, sizeof(msg) - 1) == -1)
		return fc_broken("write");
	close(fd);
	if (fc_pipe(ex) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ex[0]);
		execl(gencat, "gencat", "fc.cat", "fc.msg", (char *)NULL);
		err = errno;
		(void)fc_write_all(ex[1], &err, sizeof(err));
		fc_exit(127);
	}
	close(ex[1]);
	n = fc_read_all(ex[0], &err, sizeof(err));
	close(ex[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (n == (ssize_t)sizeof(err)) {
		errno = err;
		return fc_broken("exec %s", gencat);
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("%s %s", gencat, fc_status(status, st,
		    sizeof(st)));
	return FC_PASS;
}

/*
 * A message catalog descriptor open in the parent is usable in the child:
 * with a catalog compiled by gencat, the child's catgets must return the
 * message, not the default; after the child's catclose the parent's
 * descriptor must still work.  A platform that leaves the child a dead
 * descriptor, or lets its catclose reach the parent, fails.
 */
static enum fc_verdict
msgcat(const struct fc_case *c FC_UNUSED)
{
	struct {
		char	text[64];
		int	closed;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	nl_catd		cd;
	const char	*s;
	char		gencat[PATH_MAX];

	if (find_prog("gencat", gencat, sizeof(gencat)) == -1)
		return fc_skip("no gencat in PATH to compile a message "
		    "catalog");
	if ((v = make_catalog(gencat)) != FC_PASS)
		return v;
	/*
	 * Before any fork: a catalog this libc cannot read (musl's catopen
	 * and glibc's gencat disagree on the format) leaves nothing to test.
	 */
	if ((cd = catopen("./fc.cat", 0)) == (nl_catd)-1)
		return fc_skip("catopen cannot read the catalog gencat built "
		    "(%s): this libc and gencat disagree on its format",
		    strerror(errno));
	s = catgets(cd, 1, 1, "default");
	if (strcmp(s, CAT_TEXT) != 0)
		return fc_brokenx("before the fork, catgets returned \"%s\": "
		    "the catalog from gencat is not readable here", s);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		snprintf(r.text, sizeof(r.text), "%s",
		    catgets(cd, 1, 1, "default"));
		r.closed = err_of(catclose(cd));
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (strcmp(r.text, CAT_TEXT) != 0)
		return fc_fail("the child's catgets returned \"%s\", want "
		    "\"%s\"", r.text, CAT_TEXT);
	if (r.closed != 0)
		return fc_fail("the child's catclose failed: %s",
		    strerror(r.closed));
	s = catgets(cd, 1, 1, "default");
	if (strcmp(s, CAT_TEXT) != 0)
		return fc_fail("after the child's catclose, the parent's "
		    "catgets returned \"%s\"", s);
	catclose(cd);
	return FC_PASS;
}
#else
static enum fc_verdict
msgcat(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no catopen/nl_types.h here");
}
#endif

#if defined(WITH_MQUEUE)
/*
 * A message queue descriptor is copied and names the same open message
 * queue description: the child sends a message and sets O_NONBLOCK with
 * mq_setattr, and the parent must see the flag, receive the message and
 * then get EAGAIN.  A platform that gives the child its own description
 * or queue fails.
 */
static enum fc_verdict
mqueue(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	send, attr;
	} r;
	struct mq_attr	attr;
	struct fc_sub	sub;
	enum fc_verdict	v;
	mqd_t		mq = (mqd_t)-1;
	unsigned int	prio;
	ssize_t		n;
	char		name[64], buf[64];
	int		i;

	/* Where the system call is missing, FreeBSD also sends SIGSYS. */
	if (signal(SIGSYS, SIG_IGN) == SIG_ERR)
		return fc_broken("signal");
	memset(&attr, 0, sizeof(attr));
	attr.mq_maxmsg = 4;
	attr.mq_msgsize = 32;
	for (i = 0; i < 8 && mq == (mqd_t)-1; i++) {
		snprintf(name, sizeof(name), "/fc-mq-%ld-%d", (long)getpid(),
		    i);
		mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
		if (mq == (mqd_t)-1 && errno != EEXIST)
			break;
	}
	if (mq == (mqd_t)-1 && (errno == ENOSYS || errno == EACCES))
		return fc_skip("mq_open: %s (no POSIX message queues here, or "
		    "not allowed)", strerror(errno));
	if (mq == (mqd_t)-1)
		return fc_broken("mq_open");
	/* The name goes at once; the open queue stays. */
	if (mq_unlink(name) == -1)
		return fc_broken("mq_unlink");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r.send = err_of(mq_send(mq, "fork", 5, 1));
		r.attr = err_of(mq_getattr(mq, &attr));
		if (r.attr == 0) {
			attr.mq_flags |= O_NONBLOCK;
			r.attr = err_of(mq_setattr(mq, &attr, NULL));
		}
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.send != 0 || r.attr != 0)
		return fc_fail("mq_send or mq_setattr on the inherited "
		    "descriptor failed in the child: %s", strerror(r.send ?
		    r.send : r.attr));
	if (mq_getattr(mq, &attr) == -1)
		return fc_broken("mq_getattr");
	if (!(attr.mq_flags & O_NONBLOCK))
		return fc_fail("the child set O_NONBLOCK, the parent's "
		    "mq_flags are %#lx without it",
		    (unsigned long)attr.mq_flags);
	if (attr.mq_curmsgs != 1)
		return fc_fail("the parent's queue holds %ld messages, want "
		    "the child's 1", (long)attr.mq_curmsgs);
	n = mq_receive(mq, buf, sizeof(buf), &prio);
	if (n != 5 || memcmp(buf, "fork", 5) != 0 || prio != 1)
		return fc_fail("mq_receive returned %zd bytes (priority %u), "
		    "want the child's \"fork\" (5, priority 1)", n, prio);
	if ((n = mq_receive(mq, buf, sizeof(buf), &prio)) != -1 ||
	    errno != EAGAIN)
		return fc_fail("mq_receive of the empty queue returned %zd "
		    "(%s), want -1 EAGAIN", n, n == -1 ? strerror(errno) :
		    "a message");
	mq_close(mq);
	return FC_PASS;
}
#else
static enum fc_verdict
mqueue(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no POSIX message queues (mqueue.h, mq_open) here");
}
#endif

#if defined(WITH_FLOCK)
/*
 * Opens "flock" twice and takes LOCK_EX through fds[0]; fds[1], another
 * open file description, must then be refused.
 */
static enum fc_verdict
flock_pair(int fds[2])
{
	fds[0] = open("flock", O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	fds[1] = open("flock", O_RDWR | O_CLOEXEC);
	if (fds[0] == -1 || fds[1] == -1)
		return fc_broken("open");
	if (flock(fds[0], LOCK_EX) == -1)
		return fc_broken("flock");
	if (flock(fds[1], LOCK_EX | LOCK_NB) != -1 || errno != EWOULDBLOCK)
		return fc_brokenx("flock does not exclude another open file "
		    "description here");
	return FC_PASS;
}

/*
 * flock() locks belong to the open file description, which the child
 * shares: the child's LOCK_EX|LOCK_NB through its inherited descriptor
 * succeeds, its LOCK_UN releases the parent's lock, and another
 * description can then take it.  A platform that emulates flock with
 * per-process record locks fails.
 */
static enum fc_verdict
ofd_owned_locks(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	ex, un;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		fds[2];

	if ((v = flock_pair(fds)) != FC_PASS)
		return v;
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r.ex = err_of(flock(fds[0], LOCK_EX | LOCK_NB));
		r.un = err_of(flock(fds[0], LOCK_UN));
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.ex != 0)
		return fc_fail("the child's flock(LOCK_EX|LOCK_NB) through "
		    "the inherited descriptor failed: %s, want success (the "
		    "lock is its open file description's)", strerror(r.ex));
	if (r.un != 0)
		return fc_fail("the child's flock(LOCK_UN) failed: %s",
		    strerror(r.un));
	if (flock(fds[1], LOCK_EX | LOCK_NB) == -1)
		return fc_fail("after the child's LOCK_UN, another open file "
		    "description still cannot lock: %s", strerror(errno));
	return FC_PASS;
}

/*
 * A flock() lock stays while any descriptor of its description is open:
 * the parent closes its own, and the lock must hold while the child keeps
 * its copy, then go when the child exits.  A platform that drops the lock
 * at the first close, or keeps it after the last, fails.
 */
static enum fc_verdict
ofd_owned_locks_last_close(const struct fc_case *c FC_UNUSED)
{
	pid_t		pid;
	enum fc_verdict	v;
	int		fds[2], hold[2], ready[2], status, ret;
	char		ch;

	if ((v = flock_pair(fds)) != FC_PASS)
		return v;
	if (fc_pipe(hold) == -1 || fc_pipe(ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(hold[1]);
		close(ready[0]);
		(void)fc_sync_post(ready[1]);
		(void)fc_read_all(hold[0], &ch, 1);
		fc_exit(0);
	}
	close(hold[0]);
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == -1) {
		close(hold[1]);
		(void)fc_waitpid(pid, &status, 0);
		return fc_brokenx("the child did not say it started");
	}
	close(ready[0]);
	close(fds[0]);
	ret = flock(fds[1], LOCK_EX | LOCK_NB);
	close(hold[1]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (ret == 0)
		return fc_fail("after the parent closed its descriptor, "
		    "another description got the lock although the child's "
		    "copy held it");
	if (errno != EWOULDBLOCK)
		return fc_broken("flock");
	if (flock(fds[1], LOCK_EX | LOCK_NB) == -1)
		return fc_fail("after the child with the last descriptor "
		    "exited, the lock is still held: %s", strerror(errno));
	return FC_PASS;
}
#else
static enum fc_verdict
ofd_owned_locks(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no flock() here");
}

static enum fc_verdict
ofd_owned_locks_last_close(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no flock() here");
}
#endif

#if defined(WITH_OFD_LOCKS)
/*
 * Linux open file description locks are shared through the inherited
 * descriptor: the child's F_OFD_GETLK finds no conflict with the
 * parent's write lock and its F_UNLCK releases it for another
 * description.  A platform that makes them per-process fails.
 */
static enum fc_verdict
ofd_locks(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	get, type, un;
	} r;
	struct flock	fl;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		fd, other;

	if ((fd = open("ofd", O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
	    (other = open("ofd", O_RDWR | O_CLOEXEC)) == -1)
		return fc_broken("open");
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_OFD_SETLK, &fl) == -1 && errno == EINVAL)
		return fc_skip("F_OFD_SETLK: EINVAL (a kernel before 3.15)");
	if (fl.l_type != F_WRLCK)
		return fc_broken("F_OFD_SETLK");
	if (fcntl(other, F_OFD_GETLK, &fl) == -1 || fl.l_type != F_WRLCK)
		return fc_brokenx("the OFD write lock does not show to "
		    "another description");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		r.get = err_of(fcntl(fd, F_OFD_GETLK, &fl));
		r.type = fl.l_type;
		memset(&fl, 0, sizeof(fl));
		fl.l_type = F_UNLCK;
		fl.l_whence = SEEK_SET;
		r.un = err_of(fcntl(fd, F_OFD_SETLK, &fl));
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.get != 0 || r.un != 0)
		return fc_fail("F_OFD_GETLK or F_OFD_SETLK on the inherited "
		    "descriptor failed in the child: %s", strerror(r.get ?
		    r.get : r.un));
	if (r.type != F_UNLCK)
		return fc_fail("the child's F_OFD_GETLK reports l_type %d, "
		    "want F_UNLCK (%d): the lock of its own description "
		    "conflicts", r.type, F_UNLCK);
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(other, F_OFD_SETLK, &fl) == -1)
		return fc_fail("after the child's F_UNLCK, another "
		    "description still cannot lock: %s", strerror(errno));
	return FC_PASS;
}
#else
static enum fc_verdict
ofd_locks(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no F_OFD_SETLK here (Linux open file description "
	    "locks)");
}
#endif

#if defined(WITH_EPOLL)
/*
 * An inherited epoll descriptor names the same epoll instance: the child
 * removes a watched pipe and adds a readable one, and the parent's
 * EPOLL_CTL_MOD of the first must fail ENOENT while epoll_wait reports
 * the second.  A platform that copies the interest list at fork fails.
 */
static enum fc_verdict
epoll_shared(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	del, add;
	} r;
	struct epoll_event	ev, got[4];
	struct fc_sub		sub;
	enum fc_verdict		v;
	int			ep, a[2], b[2], n;

	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		return fc_broken("epoll_create1");
	if (fc_pipe(a) == -1 || fc_pipe(b) == -1)
		return fc_broken("pipe");
	if (fc_write_all(b[1], "x", 1) == -1)
		return fc_broken("write");
	memset(&ev, 0, sizeof(ev));
	ev.events = EPOLLIN;
	ev.data.fd = a[0];
	if (epoll_ctl(ep, EPOLL_CTL_ADD, a[0], &ev) == -1)
		return fc_broken("EPOLL_CTL_ADD");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r.del = err_of(epoll_ctl(ep, EPOLL_CTL_DEL, a[0], &ev));
		ev.data.fd = b[0];
		r.add = err_of(epoll_ctl(ep, EPOLL_CTL_ADD, b[0], &ev));
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.del != 0 || r.add != 0)
		return fc_fail("epoll_ctl on the inherited epoll descriptor "
		    "failed in the child: %s", strerror(r.del ? r.del :
		    r.add));
	ev.data.fd = a[0];
	if ((n = epoll_ctl(ep, EPOLL_CTL_MOD, a[0], &ev)) != -1 ||
	    errno != ENOENT)
		return fc_fail("EPOLL_CTL_MOD of the pipe the child removed "
		    "returned %d (%s), want -1 ENOENT", n, n == -1 ?
		    strerror(errno) : "success");
	n = epoll_wait(ep, got, 4, 0);
	if (n != 1 || got[0].data.fd != b[0])
		return fc_fail("epoll_wait returned %d events, want 1 for the "
		    "pipe the child added", n);
	close(ep);
	return FC_PASS;
}
#else
static enum fc_verdict
epoll_shared(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no epoll here");
}
#endif

#if defined(WITH_KQUEUE)
/*
 * kqueue descriptors are not inherited: in the child, kevent() on the
 * parent's queue must fail EBADF, while the parent's queue keeps its
 * registration and pending event.  A platform that hands the child the
 * queue fails.
 */
static enum fc_verdict
kqueue_not_inherited(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	ret, err, getfd, reused;
	} r;
	struct timespec	zero = { 0, 0 };
	struct kevent	kev;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		kq, p[2], fd, n;

	if ((kq = kqueue()) == -1)
		return fc_broken("kqueue");
	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	EV_SET(&kev, p[0], EVFILT_READ, EV_ADD, 0, 0, 0);
	if (kevent(kq, &kev, 1, NULL, 0, NULL) == -1)
		return fc_broken("kevent EV_ADD");
	if (fc_write_all(p[1], "x", 1) == -1)
		return fc_broken("write");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r.ret = kevent(kq, NULL, 0, &kev, 1, &zero);
		r.err = err_of(r.ret);
		r.getfd = err_of(fcntl(kq, F_GETFD));
		fd = open("/dev/null", O_RDONLY);
		r.reused = fd == kq;
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	fc_note("in the child, F_GETFD of the kqueue's number: %s; the next "
	    "open %s that number", r.getfd ? strerror(r.getfd) : "open",
	    r.reused ? "reused" : "did not reuse");
	if (r.ret != -1 || r.err != EBADF)
		return fc_fail("kevent on the parent's kqueue in the child "
		    "returned %d (%s), want -1 EBADF: the queue was inherited",
		    r.ret, r.ret == -1 ? strerror(r.err) : "success");
	n = kevent(kq, NULL, 0, &kev, 1, &zero);
	if (n != 1 || (int)kev.ident != p[0])
		return fc_fail("the parent's kqueue returned %d events after "
		    "the fork, want 1 for its pipe", n);
	close(kq);
	return FC_PASS;
}
#else
static enum fc_verdict
kqueue_not_inherited(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no kqueue here");
}
#endif

#if defined(WITH_EVENTFD)
/*
 * An eventfd counter is one object: the child reads the parent's 5
 * (draining it) and writes 7, and the parent must then read 7.  A
 * platform that gives the child a copy of the counter fails.
 */
static enum fc_verdict
eventfd_shared(const struct fc_case *c FC_UNUSED)
{
	struct {
		int		rd, wr;
		uint64_t	got;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	uint64_t	val = 5;
	ssize_t		n;
	int		efd;

	if ((efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1 &&
	    errno == ENOSYS)
		return fc_skip("eventfd: ENOSYS");
	if (efd == -1)
		return fc_broken("eventfd");
	if (fc_write_all(efd, &val, sizeof(val)) == -1)
		return fc_broken("write");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		r.rd = read(efd, &r.got, sizeof(r.got)) ==
		    (ssize_t)sizeof(r.got) ? 0 : errno;
		val = 7;
		r.wr = write(efd, &val, sizeof(val)) == (ssize_t)sizeof(val) ?
		    0 : errno;
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.rd != 0 || r.wr != 0)
		return fc_fail("read or write of the inherited eventfd failed "
		    "in the child: %s", strerror(r.rd ? r.rd : r.wr));
	if (r.got != 5)
		return fc_fail("the child read %llu, want the parent's 5",
		    (unsigned long long)r.got);
	val = 0;
	n = read(efd, &val, sizeof(val));
	close(efd);
	if (n != (ssize_t)sizeof(val) || val != 7)
		return fc_fail("the parent read %zd bytes, value %llu, want "
		    "the child's 7", n, (unsigned long long)val);
	return FC_PASS;
}
#else
static enum fc_verdict
eventfd_shared(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no eventfd here");
}
#endif

#if defined(WITH_TIMERFD)
/*
 * A timerfd timer is one object: the child sees the parent's 2-hour timer
 * and rearms it for 1 hour, and the parent's timerfd_gettime must show
 * the hour.  A platform that gives the child its own timer fails.
 */
static enum fc_verdict
timerfd_shared(const struct fc_case *c FC_UNUSED)
{
	struct {
		int		get, set;
		long long	left;
	} r;
	struct itimerspec	its;
	struct fc_sub		sub;
	enum fc_verdict		v;
	int			tfd;

	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (tfd == -1 && errno == ENOSYS)
		return fc_skip("timerfd_create: ENOSYS");
	if (tfd == -1)
		return fc_broken("timerfd_create");
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = 7200;
	if (timerfd_settime(tfd, 0, &its, NULL) == -1)
		return fc_broken("timerfd_settime");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		r.get = err_of(timerfd_gettime(tfd, &its));
		r.left = (long long)its.it_value.tv_sec;
		memset(&its, 0, sizeof(its));
		its.it_value.tv_sec = 3600;
		r.set = err_of(timerfd_settime(tfd, 0, &its, NULL));
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.get != 0 || r.set != 0)
		return fc_fail("timerfd_gettime or timerfd_settime on the "
		    "inherited descriptor failed in the child: %s",
		    strerror(r.get ? r.get : r.set));
	if (r.left <= 3600 || r.left > 7200)
		return fc_fail("the child's timerfd_gettime shows %lld s "
		    "left, want the parent's timer (about 7200)", r.left);
	if (timerfd_gettime(tfd, &its) == -1)
		return fc_broken("timerfd_gettime");
	close(tfd);
	if (its.it_value.tv_sec > 3600 || its.it_value.tv_sec < 3000)
		return fc_fail("the parent's timerfd_gettime shows %lld s "
		    "left, want the child's 3600",
		    (long long)its.it_value.tv_sec);
	return FC_PASS;
}
#else
static enum fc_verdict
timerfd_shared(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no timerfd here");
}
#endif

#if defined(WITH_SIGNALFD)
/*
 * A signalfd reads the signals of the process that reads it: with SIGUSR2
 * pending in the parent, the child raises SIGUSR1 and must read just
 * that, with its own pid; the parent must then read just its SIGUSR2.  A
 * platform whose signalfd reads its creator's queue, or whose child
 * inherits pending signals, fails.
 */
static enum fc_verdict
signalfd_reader(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	n1, n2, err2;
		int	sig1, sig2;
		long	pid1, self;
	} r;
	struct signalfd_siginfo	si;
	struct fc_sub		sub;
	enum fc_verdict		v;
	sigset_t		set;
	ssize_t			n;
	int			sfd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == -1)
		return fc_broken("sigprocmask");
	if ((sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK)) == -1 &&
	    errno == ENOSYS)
		return fc_skip("signalfd: ENOSYS");
	if (sfd == -1)
		return fc_broken("signalfd");
	if (kill(getpid(), SIGUSR2) == -1)
		return fc_broken("kill");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		memset(&si, 0, sizeof(si));
		r.self = (long)getpid();
		(void)kill(getpid(), SIGUSR1);
		r.n1 = (int)read(sfd, &si, sizeof(si));
		r.sig1 = (int)si.ssi_signo;
		r.pid1 = (long)si.ssi_pid;
		r.n2 = (int)read(sfd, &si, sizeof(si));
		r.err2 = errno;
		r.sig2 = (int)si.ssi_signo;
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if ((r.n1 > 0 && r.sig1 == SIGUSR2) || (r.n2 > 0 && r.sig2 == SIGUSR2))
		return fc_fail("the child read SIGUSR2, pending in the "
		    "parent: its signalfd read the parent's queue, or the "
		    "fork kept the pending signal");
	if (r.n1 != (int)sizeof(si) || r.sig1 != SIGUSR1)
		return fc_fail("the child's first read returned %d bytes, "
		    "signal %d, want its own SIGUSR1 (%d)", r.n1,
		    r.n1 > 0 ? r.sig1 : 0, SIGUSR1);
	if (r.pid1 != r.self)
		return fc_fail("the child read SIGUSR1 from pid %ld, want its "
		    "own %ld", r.pid1, r.self);
	if (r.n2 != -1 || r.err2 != EAGAIN)
		return fc_fail("the child's second read returned %d (signal "
		    "%d), want -1 EAGAIN", r.n2, r.n2 > 0 ? r.sig2 : 0);
	n = read(sfd, &si, sizeof(si));
	if (n != (ssize_t)sizeof(si) || si.ssi_signo != SIGUSR2 ||
	    (long)si.ssi_pid != (long)getpid())
		return fc_fail("the parent's read returned %zd bytes, signal "
		    "%d, want its own SIGUSR2 (%d)", n, n > 0 ?
		    (int)si.ssi_signo : 0, SIGUSR2);
	if ((n = read(sfd, &si, sizeof(si))) != -1 || errno != EAGAIN)
		return fc_fail("the parent's second read returned %zd (signal "
		    "%d), want -1 EAGAIN: the child's SIGUSR1 reached it", n,
		    n > 0 ? (int)si.ssi_signo : 0);
	close(sfd);
	return FC_PASS;
}
#else
static enum fc_verdict
signalfd_reader(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no signalfd here");
}
#endif

#if defined(WITH_INOTIFY)
#define INO_EVENT_MAX	(sizeof(struct inotify_event) + NAME_MAX + 1)

/* Room for one event, aligned for it. */
union ino_buf {
	struct inotify_event	ev;
	char			buf[INO_EVENT_MAX];
};

/*
 * Reads one inotify event, waiting for it at most 2 s (a hang guard):
 * returns the bytes read, 0 if none came, -1 on error.
 */
static ssize_t
ino_read(int fd, union ino_buf *u, int wait)
{
	struct pollfd	pfd;
	int		n;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (wait) {
		do
			n = poll(&pfd, 1, 2000);
		while (n == -1 && errno == EINTR);
		if (n == 0)
			return 0;
	}
	return read(fd, u, sizeof(*u));
}

/*
 * An inherited inotify instance is shared: the child creates a file and
 * reads the event, and the parent must then find the queue empty, with
 * its watch still in place for the next event.  A platform that copies
 * the queue at fork, or loses the watch with the child, fails.
 */
static enum fc_verdict
inotify_shared(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	n, err;
		char	name[16];
	} r;
	union ino_buf	u;
	struct fc_sub	sub;
	enum fc_verdict	v;
	ssize_t		n;
	int		ino, fd;

	if ((ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) == -1 &&
	    errno == ENOSYS)
		return fc_skip("inotify_init1: ENOSYS");
	if (ino == -1)
		return fc_broken("inotify_init1");
	if (inotify_add_watch(ino, ".", IN_CREATE) == -1)
		return fc_broken("inotify_add_watch");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		if ((fd = open("child", O_WRONLY | O_CREAT, 0600)) != -1)
			close(fd);
		r.n = (int)ino_read(ino, &u, 1);
		r.err = errno;
		if (r.n > 0 && u.ev.len > 0)
			snprintf(r.name, sizeof(r.name), "%s", u.ev.name);
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.n <= 0)
		return fc_fail("the child read no event from the inherited "
		    "inotify descriptor: %s", r.n == 0 ? "none in 2 s" :
		    strerror(r.err));
	if (strcmp(r.name, "child") != 0)
		return fc_fail("the child read an event for \"%s\", want "
		    "\"child\"", r.name);
	if ((n = ino_read(ino, &u, 0)) != -1 || errno != EAGAIN)
		return fc_fail("the parent's read returned %zd (%s), want -1 "
		    "EAGAIN: the child's event was delivered twice", n,
		    n > 0 && u.ev.len > 0 ? u.ev.name : strerror(errno));
	if ((fd = open("parent", O_WRONLY | O_CREAT, 0600)) == -1)
		return fc_broken("open");
	close(fd);
	n = ino_read(ino, &u, 1);
	close(ino);
	if (n <= 0 || u.ev.len == 0 || strcmp(u.ev.name, "parent") != 0)
		return fc_fail("after the child exited, the parent's watch "
		    "reported no event for \"parent\" (read %zd)", n);
	return FC_PASS;
}
#else
static enum fc_verdict
inotify_shared(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no inotify here");
}
#endif

#if defined(WITH_MEMFD)
/*
 * A memfd is inherited like any descriptor: the parent's shared mapping
 * is the child's, and what the child stores through it and writes with
 * pwrite shows in the parent's mapping.  A platform that gives the child
 * a private copy of the memory fails.
 */
static enum fc_verdict
memfd(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	saw, wr;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	size_t		len = (size_t)sysconf(_SC_PAGESIZE);
	char		*p;
	int		fd;

	if ((fd = memfd_create("forkcheck", MFD_CLOEXEC)) == -1 &&
	    errno == ENOSYS)
		return fc_skip("memfd_create: ENOSYS");
	if (fd == -1)
		return fc_broken("memfd_create");
	if (ftruncate(fd, (off_t)len) == -1)
		return fc_broken("ftruncate");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return fc_broken("mmap");
	memcpy(p, "parent", 7);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r.saw = memcmp(p, "parent", 7) == 0;
		memcpy(p + 64, "child", 6);
		r.wr = pwrite(fd, "write", 6, 128) == 6 ? 0 : errno;
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (!r.saw)
		return fc_fail("the child's mapping of the memfd lacks the "
		    "parent's data");
	if (r.wr != 0)
		return fc_fail("pwrite to the inherited memfd failed in the "
		    "child: %s", strerror(r.wr));
	if (memcmp(p + 64, "child", 6) != 0)
		return fc_fail("the child's store in the shared mapping is "
		    "not in the parent's");
	if (memcmp(p + 128, "write", 6) != 0)
		return fc_fail("the child's pwrite to the memfd is not in the "
		    "parent's mapping");
	munmap(p, len);
	close(fd);
	return FC_PASS;
}
#else
static enum fc_verdict
memfd(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no memfd_create here");
}
#endif

#if defined(WITH_SEALS)
/*
 * Seals belong to the memfd's file: the child adds F_SEAL_WRITE and
 * F_SEAL_GROW through its inherited descriptor, and the parent's
 * F_GET_SEALS must show them and its write must fail EPERM.  A platform
 * that keeps seals per descriptor or per process fails.
 */
static enum fc_verdict
memfd_seals(const struct fc_case *c FC_UNUSED)
{
	static const int	want = F_SEAL_WRITE | F_SEAL_GROW;
	struct fc_sub		sub;
	enum fc_verdict		v;
	ssize_t			n;
	int			fd, err, seals;

	fd = memfd_create("forkcheck", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd == -1 && (errno == ENOSYS || errno == EINVAL))
		return fc_skip("memfd_create(MFD_ALLOW_SEALING): %s",
		    strerror(errno));
	if (fd == -1)
		return fc_broken("memfd_create");
	if (fc_write_all(fd, "data", 4) == -1)
		return fc_broken("write");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		err = err_of(fcntl(fd, F_ADD_SEALS, want));
		fc_exit(fc_write_all(sub.fd, &err, sizeof(err)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &err, sizeof(err))) != FC_PASS)
		return v;
	if (err != 0)
		return fc_fail("F_ADD_SEALS on the inherited memfd failed in "
		    "the child: %s", strerror(err));
	if ((seals = fcntl(fd, F_GET_SEALS)) == -1)
		return fc_broken("F_GET_SEALS");
	if ((seals & want) != want)
		return fc_fail("the parent's F_GET_SEALS is %#x, want the "
		    "child's F_SEAL_WRITE|F_SEAL_GROW (%#x)", seals, want);
	if ((n = pwrite(fd, "x", 1, 0)) != -1 || errno != EPERM)
		return fc_fail("the parent's write after the child's "
		    "F_SEAL_WRITE returned %zd (%s), want -1 EPERM", n,
		    n == -1 ? strerror(errno) : "written");
	close(fd);
	return FC_PASS;
}
#else
static enum fc_verdict
memfd_seals(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no memfd sealing (F_ADD_SEALS) here");
}
#endif

const struct fc_case fc_fd_os_cases[] = {
	{ .id = "fd.status-flags-shared/owner", .run = status_flags_owner,
	  .tier = FC_LINUX,
	  .spec = "L: fcntl(2): F_SETOWN and F_SETSIG settings are in the "
	  "shared open file description" },
	{ .id = "fd.clofork", .run = clofork, .tier = FC_OPT,
	  .spec = "XSH fork (Issue 8): descriptors with FD_CLOFORK (open, "
	  "F_SETFD, pipe2) are not in the child" },
	{ .id = "fd.clofork/dup", .run = clofork_dup, .tier = FC_OPT,
	  .spec = "XSH fcntl, dup (Issue 8): F_DUPFD_CLOFORK and "
	  "dup3(O_CLOFORK) duplicates are not in the child" },
	{ .id = "fd.clofork/socket", .run = clofork_socket, .tier = FC_OPT,
	  .spec = "XSH socket (Issue 8): SOCK_CLOFORK sockets are not in the "
	  "child" },
	{ .id = "fd.msgcat", .run = msgcat, .tier = FC_XSI,
	  .spec = "XSH fork: the child has its own copy of the parent's "
	  "message catalog descriptors" },
	{ .id = "fd.mqueue", .run = mqueue, .tier = FC_OPT,
	  .spec = "XSH fork [MSG]: message queue descriptors refer to the "
	  "same open message queue description" },
	{ .id = "fd.ofd-owned-locks", .run = ofd_owned_locks, .tier = FC_CORE,
	  .spec = "L: fork(2), BSD flock(2): flock locks belong to the shared "
	  "open file description" },
	{ .id = "fd.ofd-owned-locks/last-close",
	  .run = ofd_owned_locks_last_close, .tier = FC_CORE,
	  .spec = "BSD flock(2): a flock lock goes only when the last "
	  "descriptor of its description closes" },
	{ .id = "fd.ofd-owned-locks/ofd", .run = ofd_locks, .tier = FC_LINUX,
	  .spec = "L: fcntl(2): open file description locks (F_OFD_*) are "
	  "shared through inherited descriptors" },
	{ .id = "fd.epoll-shared", .run = epoll_shared, .tier = EPOLL_TIER,
	  .spec = "L: epoll(7): an inherited epoll descriptor names the same "
	  "epoll instance" },
	{ .id = "fd.kqueue-not-inherited", .run = kqueue_not_inherited,
	  .tier = FC_BSD,
	  .spec = "BSD kqueue(2): the queue is not inherited by a child "
	  "created with fork" },
	{ .id = "fd.eventfd-timerfd/eventfd", .run = eventfd_shared,
	  .tier = FC_LINUX,
	  .spec = "L: eventfd(2): the counter is shared through inherited "
	  "descriptors" },
	{ .id = "fd.eventfd-timerfd/timerfd", .run = timerfd_shared,
	  .tier = FC_LINUX,
	  .spec = "L: timerfd_create(2): the timer is shared through "
	  "inherited descriptors" },
	{ .id = "fd.signalfd-reader", .run = signalfd_reader,
	  .tier = FC_LINUX,
	  .spec = "L: signalfd(2): an inherited signalfd reads the signals of "
	  "the reading process" },
	{ .id = "fd.inotify-shared", .run = inotify_shared, .tier = FC_LINUX,
	  .spec = "L: inotify(7): an inherited inotify instance is shared; "
	  "each event goes to one reader" },
	{ .id = "fd.memfd", .run = memfd, .tier = FC_LINUX,
	  .spec = "L: memfd_create(2): an inherited memfd's mappings are "
	  "coherent across processes" },
	{ .id = "fd.memfd/seals", .run = memfd_seals, .tier = FC_LINUX,
	  .spec = "L: memfd_create(2), fcntl(2): seals added in the child "
	  "apply to the parent" },
	{ .id = NULL }
};
