/*
 * fd-events-os.c: event and file objects behind descriptors (epoll,
 * kqueue, eventfd, timerfd, signalfd, inotify, memfd) across fork.  Each
 * case is listed on every platform; where its interface is missing, it
 * skips.
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define EPOLL_SHARED_ROW	.run = epoll_shared
#else
#define EPOLL_SHARED_ROW	.absent = "no epoll here"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define KQUEUE_NOT_INHERITED_ROW	.run = kqueue_not_inherited
#else
#define KQUEUE_NOT_INHERITED_ROW	.absent = "no kqueue here"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define EVENTFD_SHARED_ROW	.run = eventfd_shared
#else
#define EVENTFD_SHARED_ROW	.absent = "no eventfd here"
#endif

#if defined(WITH_TIMERFD)
/*
 * A timerfd timer is one object: the child sees the parent's 2-hour timer
 * and rearms it for 1 hour, and the parent's timerfd_gettime must show
 * the hour (less the seconds that passed, measured: no fixed allowance).
 * A platform that gives the child its own timer fails.
 */
static enum fc_verdict
timerfd_shared(const struct fc_case *c FC_UNUSED)
{
	struct {
		int		get, set;
		long long	left;
	} r;
	struct itimerspec	its;
	struct timespec		t0, t1;
	struct fc_sub		sub;
	enum fc_verdict		v;
	long long		passed;
	int			tfd;

	if (clock_gettime(CLOCK_MONOTONIC, &t0) == -1)
		return fc_broken("clock_gettime");
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
		fc_sub_report(sub.fd, &r, sizeof(r));
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.get != 0 || r.set != 0)
		return fc_fail("timerfd_gettime or timerfd_settime on the "
		    "inherited descriptor failed in the child: %s",
		    strerror(r.get ? r.get : r.set));
	if (timerfd_gettime(tfd, &its) == -1 ||
	    clock_gettime(CLOCK_MONOTONIC, &t1) == -1)
		return fc_broken("timerfd_gettime");
	close(tfd);
	/* Whole seconds passed, rounded up, plus one for rounding down. */
	passed = (long long)(t1.tv_sec - t0.tv_sec) + 2;
	if (r.left < 7200 - passed || r.left > 7200)
		return fc_fail("the child's timerfd_gettime shows %lld s "
		    "left, want the parent's timer (%lld to 7200)", r.left,
		    7200 - passed);
	if (its.it_value.tv_sec > 3600 ||
	    (long long)its.it_value.tv_sec < 3600 - passed)
		return fc_fail("the parent's timerfd_gettime shows %lld s "
		    "left, want the child's 3600 (%lld at least)",
		    (long long)its.it_value.tv_sec, 3600 - passed);
	return FC_PASS;
}
#define TIMERFD_SHARED_ROW	.run = timerfd_shared
#else
#define TIMERFD_SHARED_ROW	.absent = "no timerfd here"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define SIGNALFD_READER_ROW	.run = signalfd_reader
#else
#define SIGNALFD_READER_ROW	.absent = "no signalfd here"
#endif

#if defined(WITH_INOTIFY)
#define INO_EVENT_MAX	(sizeof(struct inotify_event) + NAME_MAX + 1)
#define INO_GUARD_MS	2000	/* hang guard, scaled */

/* Room for one event, aligned for it. */
union ino_buf {
	struct inotify_event	ev;
	char			buf[INO_EVENT_MAX];
};

/*
 * Reads one inotify event, waiting for it at most fc_guard_ms(INO_GUARD_MS)
 * (a hang guard): returns the bytes read, 0 if none came, -1 on error.
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
			n = poll(&pfd, 1, fc_guard_ms(INO_GUARD_MS));
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
		fc_sub_report(sub.fd, &r, sizeof(r));
	}
	if ((v = fc_sub_collect(&sub, &r, sizeof(r))) != FC_PASS)
		return v;
	if (r.n == 0)
		return fc_brokenx("guard of %d ms expired waiting for an event "
		    "on the inherited inotify descriptor in the child",
		    fc_guard_ms(INO_GUARD_MS));
	if (r.n < 0)
		return fc_fail("the child could not read the inherited "
		    "inotify descriptor: %s", strerror(r.err));
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
	if (n == 0)
		return fc_brokenx("guard of %d ms expired waiting for the "
		    "parent's event for \"parent\" after the child exited",
		    fc_guard_ms(INO_GUARD_MS));
	if (n < 0 || u.ev.len == 0 || strcmp(u.ev.name, "parent") != 0)
		return fc_fail("after the child exited, the parent's watch "
		    "reported no event for \"parent\" (read %zd)", n);
	return FC_PASS;
}
#define INOTIFY_SHARED_ROW	.run = inotify_shared
#else
#define INOTIFY_SHARED_ROW	.absent = "no inotify here"
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
		fc_sub_report(sub.fd, &r, sizeof(r));
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
#define MEMFD_ROW	.run = memfd
#else
#define MEMFD_ROW	.absent = "no memfd_create here"
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
		fc_sub_report(sub.fd, &err, sizeof(err));
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
#define MEMFD_SEALS_ROW	.run = memfd_seals
#else
#define MEMFD_SEALS_ROW	.absent = "no memfd sealing (F_ADD_SEALS) here"
#endif

const struct fc_case fc_fd_events_os_cases[] = {
	{ .id = "fd.epoll-shared", EPOLL_SHARED_ROW, .tier = EPOLL_TIER,
	  .spec = "L: epoll(7): an inherited epoll descriptor names the same "
	  "epoll instance" },
	{ .id = "fd.kqueue-not-inherited", KQUEUE_NOT_INHERITED_ROW,
	  .tier = FC_BSD,
	  .spec = "BSD kqueue(2): the queue is not inherited by a child "
	  "created with fork" },
	{ .id = "fd.eventfd-timerfd/eventfd", EVENTFD_SHARED_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: eventfd(2): the counter is shared through inherited "
	  "descriptors" },
	{ .id = "fd.eventfd-timerfd/timerfd", TIMERFD_SHARED_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: timerfd_create(2): the timer is shared through "
	  "inherited descriptors" },
	{ .id = "fd.signalfd-reader", SIGNALFD_READER_ROW,
	  .tier = FC_LINUX,
	  .spec = "L: signalfd(2): an inherited signalfd reads the signals of "
	  "the reading process" },
	{ .id = "fd.inotify-shared", INOTIFY_SHARED_ROW, .tier = FC_LINUX,
	  .spec = "L: inotify(7): an inherited inotify instance is shared; "
	  "each event goes to one reader" },
	{ .id = "fd.memfd", MEMFD_ROW, .tier = FC_LINUX,
	  .spec = "L: memfd_create(2): an inherited memfd's mappings are "
	  "coherent across processes" },
	{ .id = "fd.memfd/seals", MEMFD_SEALS_ROW, .tier = FC_LINUX,
	  .spec = "L: memfd_create(2), fcntl(2): seals added in the child "
	  "apply to the parent" },
	{ .id = NULL }
};
