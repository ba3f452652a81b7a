/*
 * fd-ofd.c: descriptors and open file descriptions across fork (XSH
 * fork: "The child process shall have its own copy of the parent's file
 * descriptors.  Each of the child's file descriptors shall refer to the
 * same open file description with the corresponding file descriptor of
 * the parent."): offsets, status and descriptor flags, close-on-exec,
 * closing.
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


/* What the child of fd.same-ofd saw at each of its three steps. */
struct ofd_step {
	off_t	off;		/* its offset when the step began */
	ssize_t	n;		/* what its read returned (steps 2, 3) */
	char	buf[4];		/* the bytes it read */
};

/*
 * The child's side of fd.same-ofd: step 1 writes "child\n" where it
 * finds its offset; steps 2 and 3, each after the parent's go, read 3
 * and 2 bytes where it finds its offset.  Each step reports on fd.
 */
static void FC_DEAD
ofd_child(int fd, int rep, int go)
{
	struct ofd_step	s;
	int		step;

	for (step = 1; step <= 3; step++) {
		memset(&s, 0, sizeof(s));
		if (step > 1 && fc_sync_wait(go) == -1)
			fc_exit(0);
		if ((s.off = lseek(fd, 0, SEEK_CUR)) == -1)
			fc_exit(2);
		if (step == 1 && fc_write_all(fd, "child\n", 6) == -1)
			fc_exit(3);
		if (step > 1)
			s.n = read(fd, s.buf, step == 2 ? 3 : 2);
		if (fc_write_all(rep, &s, sizeof(s)) == -1)
			fc_exit(4);
	}
	fc_exit(0);
}

/* Ends fd.same-ofd's child (its go pipe closed) and reaps it. */
static enum fc_verdict
ofd_end(enum fc_verdict v, struct fc_sub *sub, int *go, int fd)
{
	int	status;
	char	st[64];

	fc_close(go);
	close(fd);
	if (fc_sub_wait(sub, &status) == -1)
		return fc_broken("waitpid");
	if (v == FC_PASS && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
		return fc_fail("the child could not seek, write or read "
		    "through the inherited descriptor: %s",
		    fc_status(status, st, sizeof(st)));
	return v;
}

/* The child's report of a step was cut short: why, from its status. */
static enum fc_verdict
ofd_short(struct fc_sub *sub, int *go, int fd)
{
	enum fc_verdict	v;

	if ((v = ofd_end(FC_PASS, sub, go, fd)) != FC_PASS)
		return v;
	return fc_brokenx("the child exited 0 without reporting every step");
}

/*
 * Parent and child share one offset through an inherited descriptor (not
 * in append mode, whose writes would land at the end whatever the
 * offsets): the child starts at the parent's offset; its write moves the
 * parent's offset, so does its read; the parent's lseek and write move
 * the child's, which its next read shows.  Each process checks the other
 * between steps, through pipes.  A platform that gives the child its own
 * open file description (a reopen, a private offset), or shares only
 * what lseek sets and not what read and write move, fails.
 */
static enum fc_verdict
same_ofd(const struct fc_case *c FC_UNUSED)
{
	static const char	want[] = "parXYt\nchild\n";
	struct ofd_step		s;
	struct fc_sub		sub;
	char			got[sizeof(want)];
	off_t			off;
	ssize_t			n;
	int			fd, go[2];

	(void)signal(SIGPIPE, SIG_IGN);
	fd = open("ofd", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1)
		return fc_broken("open");
	if (fc_write_all(fd, "parent\n", 7) == -1)
		return fc_broken("write");
	if (fc_pipe(go) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		close(go[1]);
		ofd_child(fd, sub.fd, go[0]);
	}
	close(go[0]);
	/* Step 1: the child wrote 6 bytes at its offset. */
	if (fc_read_all(sub.fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		return ofd_short(&sub, &go[1], fd);
	if (s.off != 7)
		return ofd_end(fc_fail("the child started at offset %lld, "
		    "want the parent's 7", (long long)s.off), &sub, &go[1], fd);
	if ((off = lseek(fd, 0, SEEK_CUR)) != 13)
		return ofd_end(fc_fail("after the child wrote 6 bytes at "
		    "offset 7 the parent's offset is %lld, want 13: the "
		    "child's write did not move it", (long long)off), &sub,
		    &go[1], fd);
	/* Step 2: the parent rewinds; the child reads 3 bytes. */
	if (lseek(fd, 0, SEEK_SET) == -1 || fc_sync_post(go[1]) == -1)
		return ofd_end(fc_broken("lseek or write"), &sub, &go[1], fd);
	if (fc_read_all(sub.fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		return ofd_short(&sub, &go[1], fd);
	if (s.off != 0 || s.n != 3 || memcmp(s.buf, "par", 3) != 0)
		return ofd_end(fc_fail("after the parent's lseek to 0 the "
		    "child found offset %lld and read %zd bytes \"%.*s\", "
		    "want 0 and \"par\"", (long long)s.off, s.n,
		    s.n > 0 ? (int)s.n : 0, s.buf), &sub, &go[1], fd);
	if ((off = lseek(fd, 0, SEEK_CUR)) != 3)
		return ofd_end(fc_fail("after the child read 3 bytes at offset "
		    "0 the parent's offset is %lld, want 3: the child's read "
		    "did not move it", (long long)off), &sub, &go[1], fd);
	/* Step 3: the parent writes 2 bytes; the child reads 2. */
	if (fc_write_all(fd, "XY", 2) == -1 || fc_sync_post(go[1]) == -1)
		return ofd_end(fc_broken("write"), &sub, &go[1], fd);
	if (fc_read_all(sub.fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
		return ofd_short(&sub, &go[1], fd);
	if (s.off != 5 || s.n != 2 || memcmp(s.buf, "t\n", 2) != 0)
		return ofd_end(fc_fail("after the parent wrote 2 bytes at "
		    "offset 3 the child found offset %lld and read %zd bytes "
		    "(\"%.*s\"), want 5 and \"t\\n\": the parent's write "
		    "did not move the child's offset", (long long)s.off, s.n,
		    s.n > 0 ? (int)s.n : 0, s.buf), &sub, &go[1], fd);
	if ((off = lseek(fd, 0, SEEK_CUR)) != 7)
		return ofd_end(fc_fail("after the child read 2 bytes at offset "
		    "5 the parent's offset is %lld, want 7", (long long)off),
		    &sub, &go[1], fd);
	n = pread(fd, got, sizeof(got), 0);
	if (n != (ssize_t)strlen(want) || memcmp(got, want, (size_t)n) != 0)
		return ofd_end(fc_fail("the file holds %zd bytes, want "
		    "\"parXYt\\nchild\\n\" (13)", n), &sub, &go[1], fd);
	return ofd_end(FC_PASS, &sub, &go[1], fd);
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
		fc_sub_report(sub.fd, &err, sizeof(err));
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
 * whose children share the descriptor table, drop or keep the flags
 * wrongly, or ignore F_SETFD on an inherited descriptor, fails.
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
		fc_sub_report(rp[1], &r, sizeof(r));
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
		return fc_fail("in the child, F_SETFD had no effect on an "
		    "inherited descriptor: F_GETFD then reads %d and %d, want "
		    "0 and FD_CLOEXEC", r.a2, r.b2);
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
	struct fc_gate	go;
	struct {
		int	closed;		/* errno of F_GETFD after close */
		int	err;		/* the child's own I/O */
		char	c;
	} r;
	struct fc_sub	sub;
	enum fc_verdict	v;
	int		p[2];
	char		ch;

	if (fc_pipe(p) == -1 || fc_gate_init(&go) == -1)
		return fc_broken("pipe");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&r, 0, sizeof(r));
		close(p[0]);
		close(p[1]);
		r.closed = err_of(fcntl(p[1], F_GETFD));
		fc_sub_report(sub.fd, &r, sizeof(r));
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
		fc_gate_waiter(&go);
		if (fc_gate_wait(&go) == -1)
			fc_exit(1);
		if (fc_write_all(p[1], "c", 1) == -1)
			r.err = errno;
		else if (fc_read_all(p[0], &r.c, 1) != 1)
			r.err = EIO;
		fc_sub_report(sub.fd, &r, sizeof(r));
	}
	fc_gate_opener(&go);
	close(p[0]);
	close(p[1]);
	if (fc_gate_open(&go) == -1)
		return fc_broken("write");
	fc_gate_close(&go);
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
	struct fc_gate	hold, ready;
	pid_t	pid;
	ssize_t	n;
	int	p[2], status, err;
	char	ch;

	if (fc_pipe(p) == -1 || fc_gate_init(&hold) == -1 ||
	    fc_gate_init(&ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(p[0]);
		fc_gate_waiter(&hold);
		fc_gate_opener(&ready);
		/* Running past fork, it holds the write end until released. */
		(void)fc_gate_open(&ready);
		(void)fc_read_all(hold.rd, &ch, 1);
		fc_exit(0);
	}
	close(p[1]);
	fc_gate_opener(&hold);
	fc_gate_waiter(&ready);
	if (fc_gate_wait(&ready) == -1) {
		fc_gate_close(&hold);
		(void)fc_waitpid(pid, &status, 0);
		return fc_brokenx("the child did not say it started");
	}
	fc_gate_close(&ready);
	if (fcntl(p[0], F_SETFL, O_NONBLOCK) == -1)
		return fc_broken("F_SETFL");
	n = read(p[0], &ch, 1);
	err = errno;
	if (n != -1 || err != EAGAIN) {
		fc_gate_close(&hold);
		(void)fc_waitpid(pid, &status, 0);
		return fc_fail("with the child still holding the write end, "
		    "read returned %zd (%s), want -1 EAGAIN", n,
		    n == 0 ? "end of file" : strerror(err));
	}
	fc_gate_close(&hold);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if ((n = read(p[0], &ch, 1)) != 0)
		return fc_fail("after the child, the last writer, exited, "
		    "read returned %zd (%s), want 0 (end of file)", n,
		    n == -1 ? strerror(errno) : "data");
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
	{ .id = NULL }
};
