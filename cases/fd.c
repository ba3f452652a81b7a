/*
 * fd.c: descriptors and open files across fork (XSH fork: "The child
 * process shall have its own copy of the parent's file descriptors.  Each
 * of the child's file descriptors shall refer to the same open file
 * description with the corresponding file descriptor of the parent.").
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

/* errno of a call that returned -1, else 0. */
static int
err_of(int ret)
{
	return ret == -1 ? errno : 0;
}

/*
 * Parent and child write through one inherited append-mode descriptor:
 * the child starts at the parent's offset, both writes land whole, and the
 * child's write and lseek move the parent's offset.  A platform that gives
 * the child its own open file description (a reopen, a private offset)
 * fails.
 */
static enum fc_verdict
same_ofd(const struct fc_case *c FC_UNUSED)
{
	static const char	want[] = "parent\nchild\n";
	struct fc_sub		sub;
	char			got[sizeof(want)];
	off_t			off;
	ssize_t			n;
	pid_t			pid;
	int			fd, status;
	char			st[64];

	fd = open("ofd", O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return fc_broken("open");
	if (fc_write_all(fd, "parent\n", 7) == -1)
		return fc_broken("write");
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		off = lseek(fd, 0, SEEK_CUR);
		if (fc_write_all(fd, "child\n", 6) == -1 ||
		    lseek(fd, 2, SEEK_SET) == -1)
			fc_exit(2);
		fc_exit(fc_write_all(sub.fd, &off, sizeof(off)) == 0 ? 0 : 3);
	}
	n = fc_read_all(sub.fd, &off, sizeof(off));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    n != (ssize_t)sizeof(off))
		return fc_fail("the child could not write or seek through the "
		    "inherited descriptor: %s", fc_status(status, st,
		    sizeof(st)));
	if (off != 7)
		return fc_fail("the child started at offset %lld, want the "
		    "parent's 7", (long long)off);
	if ((off = lseek(fd, 0, SEEK_CUR)) != 2)
		return fc_fail("after the child's lseek to 2 the parent's "
		    "offset is %lld: the offset is not shared",
		    (long long)off);
	n = pread(fd, got, sizeof(got), 0);
	close(fd);
	if (n != (ssize_t)strlen(want) || memcmp(got, want, (size_t)n) != 0)
		return fc_fail("the file holds %zd bytes, want \"parent\\n"
		    "child\\n\" (13)", n);
	return FC_PASS;
}

/*
 * File status flags live in the open file description: the child sets
 * O_NONBLOCK on an inherited pipe end and O_APPEND on an inherited file,
 * and the parent's F_GETFL, read and write must follow.  A platform that
 * copies the flags per process (or reopens the files) fails.
 */
static enum fc_verdict
status_flags_shared(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	enum fc_verdict	v;
	char		buf[8];
	ssize_t		n;
	int		p[2], fd, fl, err;

	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	fd = open("flags", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1)
		return fc_broken("open");
	if (fc_write_all(fd, "ab", 2) == -1)
		return fc_broken("write");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		err = 0;
		if ((fl = fcntl(p[0], F_GETFL)) == -1 ||
		    fcntl(p[0], F_SETFL, fl | O_NONBLOCK) == -1 ||
		    (fl = fcntl(fd, F_GETFL)) == -1 ||
		    fcntl(fd, F_SETFL, fl | O_APPEND) == -1)
			err = errno;
		fc_exit(fc_write_all(sub.fd, &err, sizeof(err)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &err, sizeof(err))) != FC_PASS)
		return v;
	if (err != 0)
		return fc_fail("F_SETFL on an inherited descriptor failed in "
		    "the child: %s", strerror(err));
	if ((fl = fcntl(p[0], F_GETFL)) == -1)
		return fc_broken("F_GETFL");
	if (!(fl & O_NONBLOCK))
		return fc_fail("the child set O_NONBLOCK on an inherited pipe "
		    "end, the parent's F_GETFL is %#x without it", fl);
	if ((n = read(p[0], buf, 1)) != -1 || errno != EAGAIN)
		return fc_fail("read of the empty pipe returned %zd (%s), "
		    "want -1 EAGAIN: O_NONBLOCK set in the child", n,
		    n == -1 ? strerror(errno) : "no error");
	if ((fl = fcntl(fd, F_GETFL)) == -1)
		return fc_broken("F_GETFL");
	if (!(fl & O_APPEND))
		return fc_fail("the child set O_APPEND on an inherited file, "
		    "the parent's F_GETFL is %#x without it", fl);
	if (lseek(fd, 0, SEEK_SET) == -1 || fc_write_all(fd, "c", 1) == -1)
		return fc_broken("lseek or write");
	n = pread(fd, buf, sizeof(buf), 0);
	close(fd);
	if (n != 3 || memcmp(buf, "abc", 3) != 0)
		return fc_fail("a write at offset 0 after the child set "
		    "O_APPEND left %zd bytes, want \"abc\" (3): it did not "
		    "append", n);
	return FC_PASS;
}

/*
 * File descriptor flags belong to the descriptor, not the description:
 * the child inherits FD_CLOEXEC set on one descriptor and clear on its
 * dup, flips both, and the parent's flags must not move.  A platform
 * whose children share the descriptor table, or drop or keep the flags
 * wrongly, fails.
 */
static enum fc_verdict
fdflags_private(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	a, b;		/* F_GETFD at start */
		int	a2, b2;		/* F_GETFD after flipping */
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		p[2], q, rp[2], a, b;

	if (fc_pipe(p) == -1)
		return fc_broken("pipe");
	if ((q = dup(p[0])) == -1)
		return fc_broken("dup");
	/* A report pipe without FD_CLOEXEC, which cannot be lost with it. */
	if (pipe(rp) == -1)
		return fc_broken("pipe");
	if ((sub.pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		close(rp[0]);
		r.a = fcntl(p[0], F_GETFD);
		r.b = fcntl(q, F_GETFD);
		(void)fcntl(p[0], F_SETFD, 0);
		(void)fcntl(q, F_SETFD, FD_CLOEXEC);
		r.a2 = fcntl(p[0], F_GETFD);
		r.b2 = fcntl(q, F_GETFD);
		fc_exit(fc_write_all(rp[1], &r, sizeof(r)) == 0 ? 0 : 1);
	}
	close(rp[1]);
	sub.fd = rp[0];
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.a == -1 || !(r.a & FD_CLOEXEC) || r.b == -1 ||
	    (r.b & FD_CLOEXEC))
		return fc_fail("the child's F_GETFD is %d and %d, want "
		    "FD_CLOEXEC set on the first and clear on the second, as "
		    "in the parent", r.a, r.b);
	if (r.a2 == -1 || (r.a2 & FD_CLOEXEC) || r.b2 == -1 ||
	    !(r.b2 & FD_CLOEXEC))
		return fc_brokenx("F_SETFD had no effect in the child: %d, %d",
		    r.a2, r.b2);
	if ((a = fcntl(p[0], F_GETFD)) == -1 || (b = fcntl(q, F_GETFD)) == -1)
		return fc_fail("a descriptor the child changed is gone in the "
		    "parent: %s", strerror(errno));
	if (!(a & FD_CLOEXEC))
		return fc_fail("the child cleared FD_CLOEXEC and the parent's "
		    "copy lost it too (F_GETFD %d)", a);
	if (b & FD_CLOEXEC)
		return fc_fail("the child set FD_CLOEXEC and the parent's "
		    "copy got it too (F_GETFD %d)", b);
	return FC_PASS;
}

/*
 * fd.cloexec-kept's exit codes: before exec (the child cannot count on
 * the close-on-exec pipe to report) and from the helper after it.
 */
enum {
	CLOEXEC_OK = 0,
	CLOEXEC_PIPE_LOST = 3,	/* before exec, the O_CLOEXEC pipe end */
	CLOEXEC_SET_LOST = 4,	/* before exec, the F_SETFD one */
	CLOEXEC_NO_EXEC = 5,	/* exec failed; its errno is in the pipe */
	CLOEXEC_PIPE_KEPT = 10,	/* after exec, the O_CLOEXEC pipe end */
	CLOEXEC_SET_KEPT = 11,	/* after exec, the F_SETFD one */
	CLOEXEC_PLAIN_GONE = 12	/* after exec, the one without FD_CLOEXEC */
};

/*
 * fd.cloexec-kept's new image: argv holds the close-on-exec pipe end,
 * the descriptor marked by F_SETFD, and the one kept open.
 */
static int
cloexec_helper(int argc, char **argv)
{
	int	fds[3], i;

	if (argc != 4)
		return 2;
	for (i = 0; i < 3; i++)
		fds[i] = (int)strtol(argv[i + 1], NULL, 10);
	if (fcntl(fds[0], F_GETFD) != -1 || errno != EBADF)
		return CLOEXEC_PIPE_KEPT;
	if (fcntl(fds[1], F_GETFD) != -1 || errno != EBADF)
		return CLOEXEC_SET_KEPT;
	if (fcntl(fds[2], F_GETFD) == -1)
		return CLOEXEC_PLAIN_GONE;
	return CLOEXEC_OK;
}

/* Open with FD_CLOEXEC set, in the child before exec. */
static int
cloexec_open(int fd)
{
	int	fl;

	return (fl = fcntl(fd, F_GETFD)) != -1 && (fl & FD_CLOEXEC);
}

/*
 * Close-on-exec descriptors stay open across fork and go only at a
 * successful exec: the child checks an O_CLOEXEC pipe end and one marked
 * by F_SETFD are open with FD_CLOEXEC, then execs a helper that must find
 * them closed and a plain descriptor open.  A platform that closes them
 * at fork, or keeps them across exec, fails.
 */
static enum fc_verdict
cloexec_kept(const struct fc_case *c FC_UNUSED)
{
	static const char *const why[] = {
		[CLOEXEC_PIPE_LOST] = "before exec, the child's O_CLOEXEC "
		    "pipe end is closed or lost FD_CLOEXEC",
		[CLOEXEC_SET_LOST] = "before exec, the child's descriptor "
		    "marked by F_SETFD is closed or lost FD_CLOEXEC",
		[CLOEXEC_PIPE_KEPT] = "the O_CLOEXEC pipe end survived the "
		    "exec",
		[CLOEXEC_SET_KEPT] = "the descriptor marked by F_SETFD "
		    "survived the exec",
		[CLOEXEC_PLAIN_GONE] = "a descriptor without FD_CLOEXEC was "
		    "closed by exec",
	};
	char		a[3][16], st[64];
	char		*args[4];
	ssize_t		n;
	pid_t		pid;
	int		ex[2], set, keep, status, i, err, code;

	if (fc_pipe(ex) == -1)
		return fc_broken("pipe");
	if ((set = open("set", O_RDWR | O_CREAT, 0600)) == -1 ||
	    (keep = open("keep", O_RDWR | O_CREAT, 0600)) == -1)
		return fc_broken("open");
	if (fcntl(set, F_SETFD, FD_CLOEXEC) == -1)
		return fc_broken("F_SETFD");
	snprintf(a[0], sizeof(a[0]), "%d", ex[1]);
	snprintf(a[1], sizeof(a[1]), "%d", set);
	snprintf(a[2], sizeof(a[2]), "%d", keep);
	for (i = 0; i < 3; i++)
		args[i] = a[i];
	args[3] = NULL;
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ex[0]);
		if (!cloexec_open(ex[1]))
			fc_exit(CLOEXEC_PIPE_LOST);
		if (!cloexec_open(set))
			fc_exit(CLOEXEC_SET_LOST);
		fc_exec_helper(args);
		err = errno;
		(void)fc_write_all(ex[1], &err, sizeof(err));
		fc_exit(CLOEXEC_NO_EXEC);
	}
	close(ex[1]);
	n = fc_read_all(ex[0], &err, sizeof(err));
	close(ex[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (n == (ssize_t)sizeof(err)) {
		errno = err;
		return fc_broken("exec of the helper");
	}
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code >= CLOEXEC_PIPE_LOST && code <= CLOEXEC_PLAIN_GONE &&
	    why[code] != NULL)
		return fc_fail("%s", why[code]);
	if (code != CLOEXEC_OK)
		return fc_brokenx("the helper %s", fc_status(status, st,
		    sizeof(st)));
	if (fcntl(set, F_GETFD) == -1 || fcntl(keep, F_GETFD) == -1)
		return fc_fail("the child's exec closed the parent's "
		    "descriptors: %s", strerror(errno));
	return FC_PASS;
}

/*
 * Closing a descriptor in one process leaves the other's copy open: a
 * child closes both ends of an inherited pipe and exits, and the parent
 * must still move a byte through them; then the parent closes its ends
 * and a second child must still use its copies.  A platform whose
 * processes share one descriptor table fails.
 */
static enum fc_verdict
close_independent(const struct fc_case *c FC_UNUSED)
{
	struct {
		int	closed;		/* errno of F_GETFD after close */
		int	err;		/* the child's own I/O */
		char	c;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		p[2], go[2];
	char		ch;

	if (fc_pipe(p) == -1 || fc_pipe(go) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		close(p[0]);
		close(p[1]);
		r.closed = err_of(fcntl(p[1], F_GETFD));
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.closed != EBADF)
		return fc_brokenx("close had no effect in the child");
	if (fcntl(p[0], F_GETFD) == -1 || fcntl(p[1], F_GETFD) == -1)
		return fc_fail("the child closed its copies of a pipe and the "
		    "parent's are gone: %s", strerror(errno));
	if (fc_write_all(p[1], "p", 1) == -1 ||
	    fc_read_all(p[0], &ch, 1) != 1 || ch != 'p')
		return fc_fail("the parent cannot use its pipe after the "
		    "child closed its copies: %s", strerror(errno));

	/* The other way round: the child waits until the parent closed. */
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		close(go[1]);
		if (fc_sync_wait(go[0]) == -1)
			fc_exit(1);
		if (fc_write_all(p[1], "c", 1) == -1)
			r.err = errno;
		else if (fc_read_all(p[0], &r.c, 1) != 1)
			r.err = EIO;
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
	}
	close(go[0]);
	close(p[0]);
	close(p[1]);
	if (fc_sync_post(go[1]) == -1)
		return fc_broken("write");
	close(go[1]);
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.err != 0 || r.c != 'c')
		return fc_fail("after the parent closed its copies of a pipe, "
		    "the child cannot use its own: %s", strerror(r.err));
	return FC_PASS;
}

/*
 * A process's exit closes its descriptors: the parent drops its write end
 * of a pipe, and reading finds no end of file while the child still holds
 * its copy, then end of file once the child has exited.  A platform that
 * leaks the child's descriptors past its exit, or closes them early,
 * fails.
 */
static enum fc_verdict
close_exit_eof(const struct fc_case *c FC_UNUSED)
{
	pid_t	pid;
	ssize_t	n;
	int	p[2], hold[2], ready[2], status, err;
	char	ch;

	if (fc_pipe(p) == -1 || fc_pipe(hold) == -1 || fc_pipe(ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(p[0]);
		close(hold[1]);
		close(ready[0]);
		/* Running past fork, it holds the write end until released. */
		(void)fc_sync_post(ready[1]);
		(void)fc_read_all(hold[0], &ch, 1);
		fc_exit(0);
	}
	close(p[1]);
	close(hold[0]);
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == -1) {
		close(hold[1]);
		(void)fc_waitpid(pid, &status, 0);
		return fc_brokenx("the child did not say it started");
	}
	close(ready[0]);
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) == -1)
		return fc_broken("F_SETFL");
	n = read(p[0], &ch, 1);
	err = errno;
	if (n != -1 || err != EAGAIN) {
		close(hold[1]);
		(void)fc_waitpid(pid, &status, 0);
		return fc_fail("with the child still holding the write end, "
		    "read returned %zd (%s), want -1 EAGAIN", n,
		    n == 0 ? "end of file" : strerror(err));
	}
	close(hold[1]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if ((n = read(p[0], &ch, 1)) != 0)
		return fc_fail("after the child, the last writer, exited, "
		    "read returned %zd (%s), want 0 (end of file)", n,
		    n == -1 ? strerror(errno) : "data");
	return FC_PASS;
}

/* Makes directory "d" with DIR_FILES files f0, f1, ... */
static int
make_dir(void)
{
	char	name[32];
	int	i, fd;

	if (mkdir("d", 0700) == -1)
		return -1;
	for (i = 0; i < DIR_FILES; i++) {
		snprintf(name, sizeof(name), "d/f%d", i);
		if ((fd = open(name, O_WRONLY | O_CREAT, 0600)) == -1)
			return -1;
		close(fd);
	}
	return 0;
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

	if (make_dir() == -1)
		return fc_broken("mkdir or open");
	if ((dir = opendir("d")) == NULL)
		return fc_broken("opendir");
	errno = 0;
	if (readdir(dir) == NULL)
		return fc_broken("readdir");
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
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
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
 * again (own positions), none of them (shared) or some.
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

	if (make_dir() == -1)
		return fc_broken("mkdir or open");
	if ((dir = opendir("d")) == NULL)
		return fc_broken("opendir");
	errno = 0;
	if (readdir(dir) == NULL)
		return fc_broken("readdir");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		r.rest = read_dir(dir, &r.seen);
		r.err = errno;
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
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
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
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
		fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ? 0 : 1);
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
			fc_exit(fc_write_all(sub.fd, &r, sizeof(r)) == 0 ?
			    0 : 1);
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
		fc_exit(fc_write_all(sub.fd, &err, sizeof(err)) == 0 ? 0 : 1);
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
		fc_exit(fc_write_all(sub.fd, &err, sizeof(err)) == 0 ? 0 : 1);
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

const struct fc_case fc_fd_cases[] = {
	{ .id = "fd.same-ofd", .run = same_ofd, .tier = FC_CORE,
	  .spec = "XSH fork: each child descriptor refers to the same open "
	  "file description (shared offset)" },
	{ .id = "fd.status-flags-shared", .run = status_flags_shared,
	  .tier = FC_CORE,
	  .spec = "XSH fork, fcntl: file status flags (O_NONBLOCK, O_APPEND) "
	  "are in the shared open file description" },
	{ .id = "fd.fdflags-private", .run = fdflags_private, .tier = FC_CORE,
	  .spec = "XSH fork, fcntl: FD_CLOEXEC is copied but private to each "
	  "process" },
	{ .id = "fd.cloexec-kept", .run = cloexec_kept,
	  .helper = cloexec_helper, .tier = FC_CORE,
	  .spec = "XSH exec, fcntl: close-on-exec descriptors stay open in "
	  "the child until a successful exec" },
	{ .id = "fd.close-independent", .run = close_independent,
	  .tier = FC_CORE,
	  .spec = "XSH fork, close: closing a descriptor in one process "
	  "leaves the other's copy open" },
	{ .id = "fd.close-independent/exit-eof", .run = close_exit_eof,
	  .tier = FC_CORE,
	  .spec = "XSH _exit: a process's exit closes its descriptors (end of "
	  "file once the last writer exits)" },
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
