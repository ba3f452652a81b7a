/*
 * fd-flags-os.c: descriptor flags and locks that need one platform's
 * interfaces: F_SETSIG ownership, close-on-fork, flock and OFD locks,
 * message catalogues and queues.  Each case is listed on every platform;
 * where its interface is missing, it skips.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

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

#include "cases.h"

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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define STATUS_FLAGS_OWNER_ROW	.run = status_flags_owner
#else
#define STATUS_FLAGS_OWNER_ROW	.absent = "no F_SETSIG: the owner and signal " \
	"part is Linux's"
#endif

#if defined(WITH_CLOFORK)
#define CLOFORK_MAX	8

/* A descriptor for clofork_check(): how it was made, and whether it stays. */
struct clofork_fd {
	const char	*how;
	int		 fd;
	int		 kept;		/* 1: made without close-on-fork */
};

/* Fills in *f. */
static void
clofork_fd(struct clofork_fd *f, const char *how, int fd, int kept)
{
	f->how = how;
	f->fd = fd;
	f->kept = kept;
}

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
		fc_sub_report(sub.fd, err, (size_t)n * sizeof(err[0]));
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

	clofork_fd(&fds[0], "open(O_CLOFORK)",
	    open("a", O_RDWR | O_CREAT | O_CLOFORK, 0600), 0);
	clofork_fd(&fds[1], "F_SETFD FD_CLOFORK",
	    open("b", O_RDWR | O_CREAT, 0600), 0);
	if (fds[1].fd != -1 && fcntl(fds[1].fd, F_SETFD, FD_CLOFORK) == -1)
		return fc_broken("F_SETFD FD_CLOFORK");
	if (pipe2(p, O_CLOFORK) == -1)
		return fc_broken("pipe2(O_CLOFORK)");
	clofork_fd(&fds[2], "pipe2(O_CLOFORK), read end", p[0], 0);
	clofork_fd(&fds[3], "pipe2(O_CLOFORK), write end", p[1], 0);
	clofork_fd(&fds[4], "a plain open",
	    open("c", O_RDWR | O_CREAT, 0600), 1);
	return clofork_check(fds, 5);
}
#define CLOFORK_ROW	.run = clofork
#else
#define CLOFORK_ROW	.absent = "no O_CLOFORK/FD_CLOFORK here " \
	"(POSIX.1-2024 close-on-fork)"
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
	clofork_fd(&fds[0], "F_DUPFD_CLOFORK",
	    fcntl(base, F_DUPFD_CLOFORK, 0), 0);
	clofork_fd(&fds[1], "dup3(O_CLOFORK)", dup(base), 0);
	if (fds[1].fd != -1 && dup3(base, fds[1].fd, O_CLOFORK) == -1)
		return fc_broken("dup3(O_CLOFORK)");
	clofork_fd(&fds[2], "dup() of a close-on-fork descriptor",
	    fds[0].fd == -1 ? -1 : dup(fds[0].fd), 1);
	clofork_fd(&fds[3], "the plain original", base, 1);
	return clofork_check(fds, 4);
}
#define CLOFORK_DUP_ROW	.run = clofork_dup
#else
#define CLOFORK_DUP_ROW	.absent = "no F_DUPFD_CLOFORK here (POSIX.1-2024 " \
	"close-on-fork)"
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

	clofork_fd(&fds[0], "socket(SOCK_CLOFORK)",
	    socket(AF_UNIX, SOCK_STREAM | SOCK_CLOFORK, 0), 0);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOFORK, 0, sv) == -1)
		return fc_broken("socketpair(SOCK_CLOFORK)");
	clofork_fd(&fds[1], "socketpair(SOCK_CLOFORK), first", sv[0], 0);
	clofork_fd(&fds[2], "socketpair(SOCK_CLOFORK), second", sv[1], 0);
	clofork_fd(&fds[3], "a plain socket",
	    socket(AF_UNIX, SOCK_STREAM, 0), 1);
	return clofork_check(fds, 4);
}
#define CLOFORK_SOCKET_ROW	.run = clofork_socket
#else
#define CLOFORK_SOCKET_ROW	.absent = "no SOCK_CLOFORK here " \
	"(POSIX.1-2024 close-on-fork)"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define MSGCAT_ROW	.run = msgcat
#else
#define MSGCAT_ROW	.absent = "no catopen/nl_types.h here"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define MQUEUE_ROW	.run = mqueue
#else
#define MQUEUE_ROW	.absent = "no POSIX message queues (mqueue.h, " \
	"mq_open) here"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define OFD_OWNED_LOCKS_ROW	.run = ofd_owned_locks

/*
 * A flock() lock stays while any descriptor of its description is open:
 * the parent closes its own, and the lock must hold while the child keeps
 * its copy, then go when the child exits.  A platform that drops the lock
 * at the first close, or keeps it after the last, fails.
 */
static enum fc_verdict
ofd_owned_locks_last_close(const struct fc_case *c FC_UNUSED)
{
	struct fc_gate	hold, ready;
	pid_t		pid;
	enum fc_verdict	v;
	int		fds[2], status, ret;
	char		ch;

	if ((v = flock_pair(fds)) != FC_PASS)
		return v;
	if (fc_gate_init(&hold) == -1 || fc_gate_init(&ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_waiter(&hold);
		fc_gate_opener(&ready);
		(void)fc_gate_open(&ready);
		(void)fc_read_all(hold.rd, &ch, 1);
		fc_exit(0);
	}
	fc_gate_opener(&hold);
	fc_gate_waiter(&ready);
	if (fc_gate_wait(&ready) == -1) {
		fc_gate_close(&hold);
		(void)fc_waitpid(pid, &status, 0);
		return fc_brokenx("the child did not say it started");
	}
	fc_gate_close(&ready);
	close(fds[0]);
	ret = flock(fds[1], LOCK_EX | LOCK_NB);
	fc_gate_close(&hold);
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
#define OFD_OWNED_LOCKS_LAST_CLOSE_ROW	.run = ofd_owned_locks_last_close
#else
#define OFD_OWNED_LOCKS_ROW	.absent = "no flock() here"
#define OFD_OWNED_LOCKS_LAST_CLOSE_ROW	.absent = "no flock() here"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define OFD_LOCKS_ROW	.run = ofd_locks
#else
#define OFD_LOCKS_ROW	.absent = "no F_OFD_SETLK here (Linux open file " \
	"description locks)"
#endif

const struct fc_case fc_fd_os_cases[] = {
	{ .id = "fd.status-flags-shared/owner", STATUS_FLAGS_OWNER_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: fcntl(2): F_SETOWN and F_SETSIG settings are in the "
	  "shared open file description" },
	{ .id = "fd.clofork", CLOFORK_ROW, .tier = FC_OPT,
	  .spec = "XSH fork (Issue 8): descriptors with FD_CLOFORK (open, "
	  "F_SETFD, pipe2) are not in the child" },
	{ .id = "fd.clofork/dup", CLOFORK_DUP_ROW, .tier = FC_OPT,
	  .spec = "XSH fcntl, dup (Issue 8): F_DUPFD_CLOFORK and "
	  "dup3(O_CLOFORK) duplicates are not in the child" },
	{ .id = "fd.clofork/socket", CLOFORK_SOCKET_ROW, .tier = FC_OPT,
	  .spec = "XSH socket (Issue 8): SOCK_CLOFORK sockets are not in the "
	  "child" },
	{ .id = "fd.msgcat", MSGCAT_ROW, .tier = FC_XSI,
	  .spec = "XSH fork: the child has its own copy of the parent's "
	  "message catalog descriptors" },
	{ .id = "fd.mqueue", MQUEUE_ROW, .tier = FC_OPT,
	  .spec = "XSH fork [MSG]: message queue descriptors refer to the "
	  "same open message queue description" },
	{ .id = "fd.ofd-owned-locks", OFD_OWNED_LOCKS_ROW, .tier = FC_CORE,
	  .spec = "L: fork(2), BSD flock(2): flock locks belong to the shared "
	  "open file description" },
	{ .id = "fd.ofd-owned-locks/last-close",
	  OFD_OWNED_LOCKS_LAST_CLOSE_ROW, .tier = FC_CORE,
	  .spec = "BSD flock(2): a flock lock goes only when the last "
	  "descriptor of its description closes" },
	{ .id = "fd.ofd-owned-locks/ofd", OFD_LOCKS_ROW, .tier = FC_LINUX,
	  .spec = "L: fcntl(2): open file description locks (F_OFD_*) are "
	  "shared through inherited descriptors" },
	{ .id = NULL }
};
