/*
 * fd-objects.c: what else a child's descriptors share with the parent's:
 * directory streams, named semaphores, record locks, sockets (XSH fork:
 * directory streams, semaphores; XSH fcntl locks; XSH shutdown).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define DIR_FILES	8	/* files in the dirstream cases' directory */

/*
 * Makes directory "d" with DIR_FILES files f0, f1, ..., opens it as *dir
 * and reads its first entry.
 */
static enum fc_verdict
dir_started(DIR **dir)
{
	char	name[32];
	int	i, fd;

	if (mkdir("d", 0700) == -1)
		return fc_broken("mkdir or open");
	for (i = 0; i < DIR_FILES; i++) {
		snprintf(name, sizeof(name), "d/f%d", i);
		if ((fd = open(name, O_WRONLY | O_CREAT, 0600)) == -1)
			return fc_broken("mkdir or open");
		close(fd);
	}
	if ((*dir = opendir("d")) == NULL)
		return fc_broken("opendir");
	errno = 0;
	if (readdir(*dir) == NULL)
		return fc_broken("readdir");
	return FC_PASS;
}

/*
 * Reads dir to its end: returns the number of entries, sets a bit in
 * *seen for each of f0... and for "." and "..", or returns -1 on error.
 */
static int
read_dir(DIR *dir, unsigned int *seen)
{
	struct dirent	*e;
	char		*end;
	long		 i;
	int		 n = 0;

	for (;;) {
		errno = 0;
		if ((e = readdir(dir)) == NULL)
			return errno == 0 ? n : -1;
		n++;
		if (strcmp(e->d_name, ".") == 0)
			*seen |= 1u << DIR_FILES;
		else if (strcmp(e->d_name, "..") == 0)
			*seen |= 1u << (DIR_FILES + 1);
		else if (e->d_name[0] == 'f') {
			i = strtol(e->d_name + 1, &end, 10);
			if (*end == '\0' && i >= 0 && i < DIR_FILES)
				*seen |= 1u << i;
		}
	}
}

#define DIR_ALL		((1u << (DIR_FILES + 2)) - 1)

/*
 * An open directory stream is usable in the child: after the parent read
 * one entry, the child reads on, rewinds and lists the whole directory,
 * then closes its stream; the parent's stream must still rewind and list
 * it all.  A platform that leaves the child a dead stream, or whose
 * child's closedir closes the parent's, fails.
 */
static enum fc_verdict
dirstream(const struct fc_case *c FC_UNUSED)
{
	struct {
		int		rest, all, closed, err;
		unsigned int	seen;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	unsigned int	seen = 0;
	DIR		*dir;
	int		n;

	if ((v = dir_started(&dir)) != FC_PASS)
		return v;
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		r.rest = read_dir(dir, &r.seen);
		r.err = errno;
		r.seen = 0;
		rewinddir(dir);
		if ((r.all = read_dir(dir, &r.seen)) == -1)
			r.err = errno;
		r.closed = closedir(dir);
		fc_sub_report(sub.fd, &r, sizeof(r));
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.rest == -1 || r.all == -1)
		return fc_fail("readdir on the inherited stream failed in the "
		    "child: %s", strerror(r.err));
	if (r.all != DIR_FILES + 2 || r.seen != DIR_ALL)
		return fc_fail("after rewinddir the child listed %d entries "
		    "(seen mask %#x), want %d (%#x)", r.all, r.seen,
		    DIR_FILES + 2, DIR_ALL);
	if (r.closed != 0)
		return fc_fail("closedir of the inherited stream failed in "
		    "the child");
	rewinddir(dir);
	n = read_dir(dir, &seen);
	closedir(dir);
	if (n == -1)
		return fc_fail("the parent's readdir failed after the child's "
		    "closedir: %s", strerror(errno));
	if (n != DIR_FILES + 2 || seen != DIR_ALL)
		return fc_fail("after the child's closedir the parent listed "
		    "%d entries (seen mask %#x), want %d (%#x)", n, seen,
		    DIR_FILES + 2, DIR_ALL);
	return FC_PASS;
}

/*
 * Whether the positions of a directory stream are shared is unspecified:
 * the parent reads one entry, the child reads on to the end, and the
 * parent then reads on too.  Records whether the parent saw the entries
 * again (own positions), none of them (shared) or some.  Probe:
 * recorded, never failed.
 */
static enum fc_verdict
dirstream_sharing(const struct fc_case *c FC_UNUSED)
{
	struct {
		int		rest, err;
		unsigned int	seen;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	unsigned int	seen = 0;
	DIR		*dir;
	int		n;

	if ((v = dir_started(&dir)) != FC_PASS)
		return v;
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		r.rest = read_dir(dir, &r.seen);
		r.err = errno;
		fc_sub_report(sub.fd, &r, sizeof(r));
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.rest == -1) {
		errno = r.err;
		return fc_broken("readdir in the child (see fd.dirstream)");
	}
	if ((n = read_dir(dir, &seen)) == -1)
		return fc_broken("readdir in the parent");
	closedir(dir);
	fc_note("after the parent read 1 of %d entries, the child read %d "
	    "more and the parent then %d more: positions %s", DIR_FILES + 2,
	    r.rest, n, n == 0 ? "shared" : n == r.rest ? "not shared (each "
	    "stream kept its own)" : "partly shared");
	return FC_PASS;
}

/*
 * A named semaphore open in the parent is open in the child and is the
 * same semaphore: the child takes the parent's post and posts twice, and
 * the parent must then take exactly two.  A platform that gives the child
 * a copy, or closes it, fails.
 */
static enum fc_verdict
named_sem(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	wait, post;	/* errno of the child's calls */
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	sem_t		*sem = SEM_FAILED;
	char		 name[64];
	int		 i, took;

	for (i = 0; i < 8 && sem == SEM_FAILED; i++) {
		snprintf(name, sizeof(name), "/fc-sem-%ld-%d", (long)getpid(),
		    i);
		sem = sem_open(name, O_CREAT | O_EXCL, 0600, 0u);
		if (sem == SEM_FAILED && errno != EEXIST)
			break;
	}
	if (sem == SEM_FAILED && (errno == ENOSYS || errno == ENOTSUP))
		return fc_skip("sem_open: %s", strerror(errno));
	if (sem == SEM_FAILED)
		return fc_broken("sem_open");
	/* The name goes at once; the open semaphore stays. */
	if (sem_unlink(name) == -1)
		return fc_broken("sem_unlink");
	if (sem_post(sem) == -1)
		return fc_broken("sem_post");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		r.wait = err_of(sem_trywait(sem));
		r.post = err_of(sem_post(sem));
		if (r.post == 0)
			r.post = err_of(sem_post(sem));
		fc_sub_report(sub.fd, &r, sizeof(r));
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.wait != 0)
		return fc_fail("the child's sem_trywait on the inherited "
		    "semaphore (value 1) failed: %s", strerror(r.wait));
	if (r.post != 0)
		return fc_fail("the child's sem_post on the inherited "
		    "semaphore failed: %s", strerror(r.post));
	for (took = 0; took < 3 && sem_trywait(sem) == 0; took++)
		continue;
	sem_close(sem);
	if (took != 2)
		return fc_fail("after the child took 1 and posted 2, the "
		    "parent took %d, want 2: not the same semaphore", took);
	return FC_PASS;
}

/* What a child sees of the parent's write lock on a whole file. */
struct lock_rep {
	int	getlk;		/* errno of F_GETLK */
	int	type;		/* its l_type */
	long	pid;		/* its l_pid */
	int	setlk;		/* errno of F_SETLK F_WRLCK */
	int	closed;		/* errno of close */
};

static void
lock_look(int fd, struct lock_rep *r)
{
	struct flock	fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	r->getlk = err_of(fcntl(fd, F_GETLK, &fl));
	r->type = fl.l_type;
	r->pid = (long)fl.l_pid;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	r->setlk = err_of(fcntl(fd, F_SETLK, &fl));
}

/* Opens "lock" and write-locks all of it with F_SETLK; -1 on failure. */
static int
lock_file(void)
{
	struct flock	fl;
	int		fd;

	if ((fd = open("lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return -1;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	return fcntl(fd, F_SETLK, &fl) == -1 ? -1 : fd;
}

/* Judges a child's lock_rep: it must see the parent's lock as foreign. */
static enum fc_verdict
lock_judge(const struct lock_rep *r, pid_t parent, const char *when)
{
	if (r->getlk != 0)
		return fc_fail("%s, F_GETLK failed: %s", when,
		    strerror(r->getlk));
	if (r->type != F_WRLCK)
		return fc_fail("%s, F_GETLK reports l_type %d, want F_WRLCK "
		    "(%d): the child owns the parent's lock", when, r->type,
		    F_WRLCK);
	if (r->pid != (long)parent)
		return fc_fail("%s, F_GETLK reports l_pid %ld, want the "
		    "parent's %ld", when, r->pid, (long)parent);
	if (r->setlk != EAGAIN && r->setlk != EACCES)
		return fc_fail("%s, F_SETLK F_WRLCK gave %s, want EAGAIN or "
		    "EACCES", when, r->setlk ? strerror(r->setlk) : "success");
	return FC_PASS;
}

/*
 * Record locks are not inherited: with the parent holding a write lock,
 * the child's F_GETLK must report it with the parent's pid and its
 * F_SETLK must be refused.  A platform that gives the child the parent's
 * locks fails.
 */
static enum fc_verdict
posix_lock(const struct fc_case *c FC_UNUSED)
{
	struct lock_rep	r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	pid_t		self = getpid();
	int		fd;

	if ((fd = lock_file()) == -1)
		return fc_broken("open or F_SETLK");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		lock_look(fd, &r);
		fc_sub_report(sub.fd, &r, sizeof(r));
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	return lock_judge(&r, self, "in the child");
}

/*
 * A child's close of its copy of the locked file does not release the
 * parent's record lock: a first child closes it and exits, and a second
 * child must still see the lock held by the parent.  A platform that lets
 * the first child own (and so drop) the lock fails.
 */
static enum fc_verdict
posix_lock_close(const struct fc_case *c FC_UNUSED)
{
	struct lock_rep	r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	pid_t		self = getpid();
	int		fd, pass;

	if ((fd = lock_file()) == -1)
		return fc_broken("open or F_SETLK");
	for (pass = 0; pass < 2; pass++) {
		if (fc_sub_fork(&sub) == -1)
			return fc_broken("fork");
		if (sub.pid == 0) {
			memset(&r, 0, sizeof(r));
			if (pass == 0)
				r.closed = err_of(close(fd));
			else
				lock_look(fd, &r);
			fc_sub_report(sub.fd, &r, sizeof(r));
		}
		if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
			return v;
		if (pass == 0 && r.closed != 0)
			return fc_fail("close of the inherited descriptor "
			    "failed in the child: %s", strerror(r.closed));
	}
	return lock_judge(&r, self, "after a first child closed its copy "
	    "and exited, in a second child");
}

/*
 * close() of a shared socket in one process leaves the connection open:
 * the child closes its copies of both ends of a socket pair and exits,
 * and the parent must find the connection alive (EAGAIN, not end of
 * file) and working.  A platform that shuts the socket down at the
 * child's close or exit fails.
 */
static enum fc_verdict
shutdown_vs_close(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	enum fc_verdict	v;
	ssize_t		n;
	int		sv[2], err;
	char		ch;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return fc_broken("socketpair");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		err = err_of(close(sv[0]));
		if (err == 0)
			err = err_of(close(sv[1]));
		fc_sub_report(sub.fd, &err, sizeof(err));
	}
	if ((v = fc_sub_collect(&sub, &err, sizeof(err))) != FC_PASS)
		return v;
	if (err != 0)
		return fc_brokenx("close in the child: %s", strerror(err));
	if (fcntl(sv[1], F_SETFL, O_NONBLOCK) == -1)
		return fc_broken("F_SETFL");
	if ((n = read(sv[1], &ch, 1)) != -1 || errno != EAGAIN)
		return fc_fail("after the child closed its copies and exited, "
		    "read returned %zd (%s), want -1 EAGAIN: the connection "
		    "was shut down", n, n == 0 ? "end of file" :
		    strerror(errno));
	if (fc_write_all(sv[0], "x", 1) == -1 || read(sv[1], &ch, 1) != 1 ||
	    ch != 'x')
		return fc_fail("the parent cannot use the socket pair after "
		    "the child closed its copies: %s", strerror(errno));
	return FC_PASS;
}

/*
 * shutdown() acts on the socket itself, which parent and child share: the
 * child shuts down writing on its copy of one end and exits, and the
 * parent, which still holds that end, must read end of file on the other
 * and be refused a write (EPIPE).  A platform whose shutdown reaches only
 * the calling process fails.
 */
static enum fc_verdict
shutdown_shared(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	enum fc_verdict	v;
	ssize_t		n;
	int		sv[2], err;
	char		ch;

	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		return fc_broken("signal");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return fc_broken("socketpair");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		err = err_of(shutdown(sv[0], SHUT_WR));
		fc_sub_report(sub.fd, &err, sizeof(err));
	}
	if ((v = fc_sub_collect(&sub, &err, sizeof(err))) != FC_PASS)
		return v;
	if (err != 0)
		return fc_fail("shutdown of the inherited socket failed in "
		    "the child: %s", strerror(err));
	if (fcntl(sv[1], F_SETFL, O_NONBLOCK) == -1)
		return fc_broken("F_SETFL");
	if ((n = read(sv[1], &ch, 1)) != 0)
		return fc_fail("after the child's shutdown(SHUT_WR), read on "
		    "the peer returned %zd (%s), want 0 (end of file)", n,
		    n == -1 ? strerror(errno) : "data");
	if ((n = write(sv[0], "x", 1)) != -1 || errno != EPIPE)
		return fc_fail("after the child's shutdown(SHUT_WR), the "
		    "parent's write returned %zd (%s), want -1 EPIPE", n,
		    n == -1 ? strerror(errno) : "no error");
	return FC_PASS;
}

const struct fc_case fc_fd_objects_cases[] = {
	{ .id = "fd.dirstream", .run = dirstream, .tier = FC_CORE,
	  .spec = "XSH fork: the child has its own copy of open directory "
	  "streams" },
	{ .id = "fd.dirstream/sharing", .run = dirstream_sharing,
	  .tier = FC_PROBE,
	  .spec = "XSH fork: directory stream positioning may be shared "
	  "(unspecified)" },
	{ .id = "fd.named-sem", .run = named_sem, .tier = FC_CORE,
	  .spec = "XSH fork: semaphores open in the parent are open in the "
	  "child (the same semaphore)" },
	{ .id = "fd.posix-lock", .run = posix_lock, .tier = FC_CORE,
	  .spec = "XSH fork: file locks set by the parent are not inherited" },
	{ .id = "fd.posix-lock/close", .run = posix_lock_close,
	  .tier = FC_CORE,
	  .spec = "XSH fork, fcntl: the child's close does not release the "
	  "parent's record locks" },
	{ .id = "fd.shutdown-vs-close", .run = shutdown_vs_close,
	  .tier = FC_CORE,
	  .spec = "XSH close: closing a shared socket in one process leaves "
	  "the connection open" },
	{ .id = "fd.shutdown-vs-close/shutdown", .run = shutdown_shared,
	  .tier = FC_CORE,
	  .spec = "XSH shutdown: shutdown in one process acts on the socket "
	  "both share" },
	{ .id = NULL }
};
