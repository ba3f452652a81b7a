/*
 * mem-os.c: mem cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * Linux: /proc/self/maps and VmLck (XSH fork: memory locks are not
 * inherited; L: fork(2)), madvise(2) MADV_DONTFORK, MADV_DOFORK,
 * MADV_WIPEONFORK and MADV_KEEPONFORK.  BSD: minherit(2).
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#if defined(__linux__)

#define MAPS_MAX	65536

static char	maps_before[MAPS_MAX], maps_after[MAPS_MAX];

/* The first line where a and b differ, copied into l (at most size). */
static void
first_diff(const char *a, const char *b, char *la, char *lb, size_t size)
{
	const char	*sa = a, *sb = b;

	while (*a != '\0' && *a == *b) {
		if (*a == '\n') {
			sa = a + 1;
			sb = b + 1;
		}
		a++;
		b++;
	}
	snprintf(la, size, "%.*s", (int)strcspn(sa, "\n"), sa);
	snprintf(lb, size, "%.*s", (int)strcspn(sb, "\n"), sb);
}

/*
 * Linux: /proc/self/maps read by the child right after fork is the
 * parent's, line for line: every mapping at the same address, with the
 * same protection, offset and file.  A platform that drops, moves,
 * merges or re-protects mappings at fork fails.
 */
static enum fc_verdict
mappings_proc_maps(const struct fc_case *c FC_UNUSED)
{
	struct fc_sub	sub;
	ssize_t		n, before;
	int		status;
	char		la[160], lb[160], st[64];

	if ((before = fc_read_file("/proc/self/maps", maps_before, MAPS_MAX)) == -1)
		return fc_skip("cannot read /proc/self/maps: %s",
		    strerror(errno));
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		n = fc_read_file("/proc/self/maps", maps_after, MAPS_MAX);
		fc_exit(n != -1 && fc_write_all(sub.fd, maps_after,
		    (size_t)n) == 0 ? 0 : 1);
	}
	n = fc_read_all(sub.fd, maps_after, MAPS_MAX - 1);
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fc_brokenx("the child could not read its maps: %s",
		    fc_status(status, st, sizeof(st)));
	maps_after[n] = '\0';
	if (n != before || memcmp(maps_before, maps_after, (size_t)n) != 0) {
		first_diff(maps_before, maps_after, la, lb, sizeof(la));
		return fc_fail("the child's maps differ from the parent's at "
		    "fork: parent \"%s\", child \"%s\"", la, lb);
	}
	return FC_PASS;
}
#define MAPPINGS_PROC_MAPS_ROW	.run = mappings_proc_maps

/* VmLck of /proc/self/status in kB, or -1. */
static long
vmlck_kb(void)
{
	char		 buf[4096];
	const char	*p;
	long		 kb;

	if (fc_read_file("/proc/self/status", buf, sizeof(buf)) == -1 ||
	    (p = strstr(buf, "\nVmLck:")) == NULL ||
	    sscanf(p + 7, "%ld", &kb) != 1)
		return -1;
	return kb;
}

/* What mlock_child() saw: VmLck at once and after mapping a page. */
struct lck_seen {
	long	at_fork;
	long	after_map;
	int	contents;	/* 1 if the locked page lost its bytes */
};

static void
mlock_child(int fd, const volatile char *m, size_t pg)
{
	struct lck_seen	 s;
	volatile char	*n;

	s.at_fork = vmlck_kb();
	s.contents = m != NULL && !filled(m, pg, 'l');
	n = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (n != MAP_FAILED)
		n[0] = 'n';
	s.after_map = n != MAP_FAILED ? vmlck_kb() : -2;
	fc_sub_report(fd, &s, sizeof(s));
}

/* Forks mlock_child() and collects what it saw. */
static enum fc_verdict
mlock_fork(const volatile char *m, size_t pg, struct lck_seen *s)
{
	struct fc_sub	sub;
	ssize_t		n;
	int		status;
	char		st[64];

	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		mlock_child(sub.fd, m, pg);
	n = fc_read_all(sub.fd, s, sizeof(*s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(*s))
		return fc_fail("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (s->at_fork < 0 || s->after_map == -1)
		return fc_brokenx("the child cannot read its VmLck");
	if (s->after_map == -2)
		return fc_brokenx("the child cannot map a page");
	return FC_PASS;
}

/*
 * A page locked with mlock() in the parent (VmLck > 0) is not locked in
 * the child: its VmLck is 0, while the page's contents are there and the
 * parent's lock stays.  A platform that copies memory locks at fork
 * fails; without mlock() privilege or RLIMIT_MEMLOCK the case skips.
 */
static enum fc_verdict
mlock_not_inherited(const struct fc_case *c FC_UNUSED)
{
	struct lck_seen	 s;
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	char		*m;
	long		 before, after;
	enum fc_verdict	 v;

	if (SYSCONF_MEMLOCK_RANGE() <= 0)
		return fc_skip("no _POSIX_MEMLOCK_RANGE");
	m = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	memset(m, 'l', pg);
	if (mlock(m, pg) == -1)
		return fc_skip("mlock refused: %s", strerror(errno));
	if ((before = vmlck_kb()) < (long)(pg / 1024))
		return fc_skip("VmLck is %ld kB after mlock(): no way to see "
		    "locked memory", before);
	if ((v = mlock_fork(m, pg, &s)) != FC_PASS)
		return v;
	after = vmlck_kb();
	munlock(m, pg);
	munmap(m, pg);
	if (s.contents)
		return fc_fail("the locked page lost its contents in the "
		    "child");
	if (s.at_fork != 0)
		return fc_fail("the child has %ld kB locked (VmLck), want 0: "
		    "the parent's mlock() was inherited", s.at_fork);
	if (after != before)
		return fc_fail("the parent's VmLck went from %ld to %ld kB "
		    "over the fork", before, after);
	return FC_PASS;
}
#define MLOCK_NOT_INHERITED_ROW	.run = mlock_not_inherited

/*
 * After mlockall(MCL_FUTURE) a page the parent maps is locked; the child
 * has nothing locked (VmLck 0), not even after it maps a page itself:
 * MCL_FUTURE is not inherited.  A platform that copies the flag fails;
 * without the privilege the case skips.
 */
static enum fc_verdict
mlock_future(const struct fc_case *c FC_UNUSED)
{
	struct lck_seen	 s;
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	volatile char	*m;
	long		 kb;
	enum fc_verdict	 v;

	if (SYSCONF_MEMLOCK() <= 0)
		return fc_skip("no _POSIX_MEMLOCK");
	if (mlockall(MCL_FUTURE) == -1)
		return fc_skip("mlockall(MCL_FUTURE) refused: %s",
		    strerror(errno));
	m = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED) {
		munlockall();
		return fc_skip("mmap under MCL_FUTURE refused: %s",
		    strerror(errno));
	}
	m[0] = 'l';
	if ((kb = vmlck_kb()) < (long)(pg / 1024)) {
		munlockall();
		return fc_skip("VmLck is %ld kB after mlockall(): no way to "
		    "see locked memory", kb);
	}
	v = mlock_fork(NULL, pg, &s);
	munlockall();
	if (v != FC_PASS)
		return v;
	if (s.at_fork != 0)
		return fc_fail("the child has %ld kB locked (VmLck), want 0: "
		    "the parent's locks were inherited", s.at_fork);
	if (s.after_map != 0)
		return fc_fail("a page the child mapped is locked (VmLck %ld "
		    "kB, want 0): MCL_FUTURE was inherited", s.after_map);
	return FC_PASS;
}
#define MLOCK_FUTURE_ROW	.run = mlock_future

#else /* !__linux__ */

#define MAPPINGS_PROC_MAPS_ROW	.absent = "no /proc/self/maps"
#define MLOCK_NOT_INHERITED_ROW	.absent = "no way to read a process's locked " \
	"memory here"
#define MLOCK_FUTURE_ROW	.absent = "no way to read a process's locked " \
	"memory here"
#endif /* __linux__ */

#if defined(MADV_DONTFORK) && defined(MADV_DOFORK)

/* What dontfork_run()'s child found in the middle page B. */
struct df_seen {
	int	msync_err;	/* errno of msync() on B, 0 if mapped */
	int	mincore_err;	/* errno of mincore() on B */
	int	b_ok;		/* B (if mapped) holds the parent's bytes */
	int	ac_ok;		/* the pages around it hold theirs */
};

/*
 * Three pages A, B, C of 'a', 'b', 'c'; B gets MADV_DONTFORK, and then
 * MADV_DOFORK if undo.  Forks and collects what the child found.
 */
static enum fc_verdict
dontfork_run(int undo, struct df_seen *s)
{
	struct fc_sub	 sub;
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char	 vec[1];
	char		*m, st[64];
	ssize_t		 n;
	int		 status;

	m = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	memset(m, 'a', pg);
	memset(m + pg, 'b', pg);
	memset(m + 2 * pg, 'c', pg);
	if (madvise(m + pg, pg, MADV_DONTFORK) == -1) {
		if (errno == EINVAL)
			return fc_skip("MADV_DONTFORK refused: EINVAL");
		return fc_broken("madvise(MADV_DONTFORK)");
	}
	if (undo && madvise(m + pg, pg, MADV_DOFORK) == -1)
		return fc_broken("madvise(MADV_DOFORK)");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		s->msync_err = msync(m + pg, pg, MS_ASYNC) == -1 ? errno : 0;
		s->mincore_err = mincore(m + pg, pg, vec) == -1 ? errno : 0;
		s->b_ok = s->msync_err == 0 && filled(m + pg, pg, 'b');
		s->ac_ok = filled(m, pg, 'a') && filled(m + 2 * pg, pg, 'c');
		fc_sub_report(sub.fd, s, sizeof(*s));
	}
	n = fc_read_all(sub.fd, s, sizeof(*s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(*s))
		return fc_fail("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (!filled(m + pg, pg, 'b'))
		return fc_fail("the parent's MADV_DONTFORK page lost its "
		    "contents over the fork");
	munmap(m, 3 * pg);
	if (!s->ac_ok)
		return fc_fail("the pages beside the MADV_DONTFORK one lost "
		    "their contents in the child");
	return FC_PASS;
}

/*
 * A page marked MADV_DONTFORK is not mapped in the child: msync() and
 * mincore() on it fail with ENOMEM (no fault needed), while the pages
 * beside it are there with their bytes and the parent keeps it.  A
 * platform that ignores the flag fails; a kernel without it skips.
 */
static const int	dontfork = 0;
/*
 * MADV_DOFORK undoes MADV_DONTFORK: the page is mapped in the child
 * with the parent's bytes.  A platform whose MADV_DOFORK does nothing
 * fails.
 */
static const int	dofork = 1;

/* The row's int at c->arg: whether MADV_DOFORK follows MADV_DONTFORK. */
static enum fc_verdict
madv_dontfork(const struct fc_case *c)
{
	const int	undo = *(const int *)c->arg;
	struct df_seen	s;
	enum fc_verdict	v;

	if ((v = dontfork_run(undo, &s)) != FC_PASS)
		return v;
	if (undo && s.msync_err != 0)
		return fc_fail("after MADV_DOFORK the page is not mapped in "
		    "the child: msync() gives %s", strerror(s.msync_err));
	if (undo && !s.b_ok)
		return fc_fail("after MADV_DOFORK the child's page does not "
		    "hold the parent's bytes");
	if (!undo && s.msync_err != ENOMEM)
		return fc_fail("msync() on the MADV_DONTFORK page in the "
		    "child gives %s, want ENOMEM (unmapped)", s.msync_err ?
		    strerror(s.msync_err) : "success: it is mapped");
	if (!undo && s.mincore_err != ENOMEM)
		return fc_fail("mincore() on the MADV_DONTFORK page in the "
		    "child gives %s, want ENOMEM (unmapped)", s.mincore_err ?
		    strerror(s.mincore_err) : "success: it is mapped");
	return FC_PASS;
}
#define MADV_DONTFORK_ROW(row)	.run = madv_dontfork, .arg = &(row)

#else /* !MADV_DONTFORK */

#define MADV_DONTFORK_ROW(row)	.absent = "no MADV_DONTFORK"
#endif /* MADV_DONTFORK */

#if defined(MADV_WIPEONFORK) && defined(MADV_KEEPONFORK)

#define WO_PAGES	2

/* What a child of wipe_fork() found: is its region all zero, all 'w'? */
struct wo_seen {
	int	zero;
	int	kept;
	int	grand;		/* grandchild's zero, or one of GRAND_* */
};
#define GRAND_NONE	(-1)	/* none was asked for */
#define GRAND_SILENT	(-2)	/* it did not report */
#define GRAND_NOFORK	(-3)	/* the child could not fork it */

static void
wipe_child(int fd, char *m, size_t len, int grand)
{
	struct wo_seen	s;
	struct fc_sub	sub;
	int		status, zero;

	s.zero = filled(m, len, '\0');
	s.kept = filled(m, len, 'w');
	s.grand = GRAND_NONE;
	if (grand) {
		/* Data of the child's own: the grandchild must not get it. */
		memset(m, 'c', len);
		if (fc_sub_fork(&sub) == -1) {
			s.grand = GRAND_NOFORK;
			fc_sub_report(fd, &s, sizeof(s));
		}
		if (sub.pid == 0) {
			zero = filled(m, len, '\0');
			fc_sub_report(sub.fd, &zero, sizeof(zero));
		}
		if (fc_read_all(sub.fd, &s.grand, sizeof(s.grand)) !=
		    sizeof(s.grand))
			s.grand = GRAND_SILENT;
		(void)fc_sub_wait(&sub, &status);
	}
	fc_sub_report(fd, &s, sizeof(s));
}

/*
 * A private anonymous region of 'w' with MADV_WIPEONFORK (then
 * MADV_KEEPONFORK if keep): forks wipe_child() and collects its view.
 * Skips on kernels without the flag (before 4.14).
 */
static enum fc_verdict
wipe_fork(int keep, int grand, struct wo_seen *s)
{
	struct fc_sub	 sub;
	size_t		 len = WO_PAGES * (size_t)sysconf(_SC_PAGESIZE);
	char		*m, st[64];
	ssize_t		 n;
	int		 status;

	m = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	memset(m, 'w', len);
	if (madvise(m, len, MADV_WIPEONFORK) == -1) {
		if (errno == EINVAL)
			return fc_skip("MADV_WIPEONFORK refused: EINVAL "
			    "(Linux before 4.14, or an emulator)");
		return fc_broken("madvise(MADV_WIPEONFORK)");
	}
	if (keep && madvise(m, len, MADV_KEEPONFORK) == -1)
		return fc_broken("madvise(MADV_KEEPONFORK)");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		wipe_child(sub.fd, m, len, grand);
	n = fc_read_all(sub.fd, s, sizeof(*s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(*s))
		return fc_fail("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (!filled(m, len, 'w'))
		return fc_fail("the parent's MADV_WIPEONFORK region lost its "
		    "contents: only the child's must read zero");
	munmap(m, len);
	return FC_PASS;
}

/* What a wipe row asks: MADV_KEEPONFORK after it, a grandchild. */
struct wo_row {
	int	keep;
	int	grand;
};
/*
 * A private anonymous region marked MADV_WIPEONFORK reads as zero in the
 * child, while the parent keeps its bytes.  A platform that copies the
 * region (ignores the flag) or wipes the parent's fails.
 */
static const struct wo_row	wo_child = { 0, 0 };
/*
 * The setting is inherited: a grandchild forked by the child, after the
 * child wrote the region, also reads zeros.  A platform that clears the
 * flag in the child fails.
 */
static const struct wo_row	wo_grandchild = { 0, 1 };
/*
 * MADV_KEEPONFORK undoes MADV_WIPEONFORK: the child reads the parent's
 * bytes.  A platform whose MADV_KEEPONFORK does nothing fails.
 */
static const struct wo_row	wo_keep = { 1, 0 };

/* The row's struct wo_row at c->arg says which of the above. */
static enum fc_verdict
madv_wipeonfork(const struct fc_case *c)
{
	const struct wo_row	*r = c->arg;
	struct wo_seen		 s;
	enum fc_verdict		 v;

	if ((v = wipe_fork(r->keep, r->grand, &s)) != FC_PASS)
		return v;
	if (r->keep) {
		if (!s.kept)
			return fc_fail("after MADV_KEEPONFORK the child does "
			    "not read the parent's bytes");
		return FC_PASS;
	}
	if (!r->grand && s.kept)
		return fc_fail("the child reads the parent's bytes in the "
		    "MADV_WIPEONFORK region, want zeros");
	if (!s.zero)
		return fc_fail("the child's MADV_WIPEONFORK region is not all "
		    "zero");
	if (r->grand && s.grand == GRAND_NOFORK)
		return fc_brokenx("the child could not fork the grandchild");
	if (r->grand && s.grand < 0)
		return fc_brokenx("the grandchild did not report");
	if (r->grand && s.grand == 0)
		return fc_fail("the grandchild reads the child's bytes: "
		    "MADV_WIPEONFORK did not persist into the child");
	return FC_PASS;
}
#define MADV_WIPEONFORK_ROW(row)	.run = madv_wipeonfork, .arg = &(row)

/*
 * MADV_WIPEONFORK applies to private anonymous memory only: on a
 * MAP_SHARED anonymous region and on a private file mapping it fails
 * with EINVAL.  A kernel that accepts them fails.
 */
static enum fc_verdict
madv_wipeonfork_types(const struct fc_case *c FC_UNUSED)
{
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	char		*m, *sh, *fm;
	int		 fd, esh, efm;

	m = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sh = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || sh == MAP_FAILED)
		return fc_broken("mmap");
	if (madvise(m, pg, MADV_WIPEONFORK) == -1) {
		if (errno == EINVAL)
			return fc_skip("MADV_WIPEONFORK refused on private "
			    "anonymous memory: EINVAL (Linux before 4.14, or "
			    "an emulator)");
		return fc_broken("madvise(MADV_WIPEONFORK)");
	}
	fd = open("file", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1)
		return fc_broken("open");
	if (ftruncate(fd, (off_t)pg) == -1)
		return fc_broken("ftruncate");
	fm = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (fm == MAP_FAILED)
		return fc_broken("mmap file");
	esh = madvise(sh, pg, MADV_WIPEONFORK) == -1 ? errno : 0;
	efm = madvise(fm, pg, MADV_WIPEONFORK) == -1 ? errno : 0;
	munmap(m, pg);
	munmap(sh, pg);
	munmap(fm, pg);
	if (esh != EINVAL)
		return fc_fail("MADV_WIPEONFORK on a MAP_SHARED region gives "
		    "%s, want EINVAL", esh ? strerror(esh) : "success");
	if (efm != EINVAL)
		return fc_fail("MADV_WIPEONFORK on a private file mapping "
		    "gives %s, want EINVAL", efm ? strerror(efm) : "success");
	return FC_PASS;
}
#define MADV_WIPEONFORK_TYPES_ROW	.run = madv_wipeonfork_types

#else /* !MADV_WIPEONFORK */

#define MADV_WIPEONFORK_ROW(row)	.absent = "no MADV_WIPEONFORK"
#define MADV_WIPEONFORK_TYPES_ROW	.absent = "no MADV_WIPEONFORK"

#endif /* MADV_WIPEONFORK */

#if defined(MI_SHARE)

/* What minherit_run()'s child found in the region. */
struct mi_seen {
	int	access;		/* errno of the kernel reading it, or 0 */
	int	msync_err;	/* errno of msync() on it, 0 if mapped */
	int	pattern;	/* it holds the parent's 'p's */
	int	zero;		/* it is all zero */
};

/*
 * Whether the kernel can read the byte at addr: 0, or the errno of a
 * write() from it into a pipe (EFAULT for an absent or inaccessible
 * page, without a signal).
 */
static int
kernel_reads(const char *addr)
{
	int	fds[2], err = 0;

	if (pipe(fds) == -1)
		return errno;
	if (write(fds[1], addr, 1) != 1)
		err = errno;
	close(fds[0]);
	close(fds[1]);
	return err;
}

/*
 * One page of 'p' with minherit(inh); the child reports what it finds
 * and, where it can, writes 'c' into it; *after gets the parent's first
 * byte once the child is gone.
 */
static enum fc_verdict
minherit_run(int inh, struct mi_seen *s, char *after)
{
	struct fc_sub	 sub;
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	char		*m, st[64];
	ssize_t		 n;
	int		 status;

	m = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	memset(m, 'p', pg);
	if (minherit(m, pg, inh) == -1) {
		if (errno == EINVAL || errno == ENOSYS)
			return fc_skip("minherit(%d) refused: %s", inh,
			    strerror(errno));
		return fc_broken("minherit");
	}
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(s, 0, sizeof(*s));
		s->access = kernel_reads(m);
		s->msync_err = msync(m, pg, MS_ASYNC) == -1 ? errno : 0;
		if (s->access == 0) {
			s->pattern = filled(m, pg, 'p');
			s->zero = filled(m, pg, '\0');
			m[0] = 'c';
		}
		fc_sub_report(sub.fd, s, sizeof(*s));
	}
	n = fc_read_all(sub.fd, s, sizeof(*s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(*s))
		return fc_fail("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	*after = m[0];
	munmap(m, pg);
	return FC_PASS;
}

/*
 * A minherit() row: the inheritance, what the child must find in the
 * region (the parent's bytes, zeros, or nothing it can read) and what the
 * parent's first byte must be after the child wrote 'c' where it could.
 */
enum mi_child { MI_BYTES, MI_ZEROS, MI_NOTHING };
struct mi_row {
	const char	*name;
	int		 inh;
	enum mi_child	 child;
	char		 after;
};

/* What the child found, against the row. */
static enum fc_verdict
minherit_child(const struct mi_row *r, const struct mi_seen *s)
{
	switch (r->child) {
	case MI_BYTES:
		if (s->access != 0 || !s->pattern)
			return fc_fail("the child cannot read the parent's "
			    "bytes in an %s region", r->name);
		break;
	case MI_ZEROS:
		if (s->access != 0)
			return fc_fail("the %s region is not readable in "
			    "the child: %s", r->name, strerror(s->access));
		if (!s->zero)
			return fc_fail("the child's %s region is not all "
			    "zero", r->name);
		break;
	case MI_NOTHING:
		fc_note("msync() on the %s region in the child: %s", r->name,
		    s->msync_err ? strerror(s->msync_err) : "success");
		if (s->access == 0)
			return fc_fail("the %s region is readable in the "
			    "child, want it absent", r->name);
		if (s->access != EFAULT)
			return fc_brokenx("reading the %s region in the "
			    "child gives %s, want EFAULT", r->name,
			    strerror(s->access));
		break;
	}
	return FC_PASS;
}

/*
 * One page under the row's inheritance (c->arg, a struct mi_row).
 * INHERIT_SHARE: the region is shared, so the child's write reaches the
 * parent; a platform that copies it fails.  INHERIT_COPY: the child has a
 * private copy, its write does not reach the parent; a platform that
 * shares it fails.  INHERIT_NONE: the region is absent from the child,
 * the kernel cannot read it there (EFAULT, no signal needed); a platform
 * that copies or shares it fails.  INHERIT_ZERO: the child's region reads
 * zero while the parent keeps its bytes; a platform that copies or shares
 * it fails.
 */
static enum fc_verdict
minherit_case(const struct fc_case *c)
{
	const struct mi_row	*r = c->arg;
	struct mi_seen		 s;
	enum fc_verdict		 v;
	char			 after;

	if (r->inh == MI_ABSENT)
		return fc_skip("minherit() has no %s here", r->name);
	if ((v = minherit_run(r->inh, &s, &after)) != FC_PASS ||
	    (v = minherit_child(r, &s)) != FC_PASS)
		return v;
	if (after == r->after)
		return FC_PASS;
	if (r->after == 'c')
		return fc_fail("the child's write to an %s region did not "
		    "reach the parent", r->name);
	if (r->child == MI_BYTES)
		return fc_fail("the child's write to an %s region reached "
		    "the parent", r->name);
	return fc_fail("the parent's %s region changed", r->name);
}

static const struct mi_row mi_share = {
	"INHERIT_SHARE", MI_SHARE, MI_BYTES, 'c'
};
static const struct mi_row mi_copy = {
	"INHERIT_COPY", MI_COPY, MI_BYTES, 'p'
};
static const struct mi_row mi_none = {
	"INHERIT_NONE", MI_NONE, MI_NOTHING, 'p'
};
static const struct mi_row mi_zero = {
	"INHERIT_ZERO", MI_ZERO, MI_ZEROS, 'p'
};
#define MINHERIT_ROW(row)	.run = minherit_case, .arg = &(row)
#else /* !MI_SHARE */
#define MINHERIT_ROW(row)	.absent = "no minherit() with BSD INHERIT_* values"
#endif /* MI_SHARE */

const struct fc_case fc_mem_os_cases[] = {
	{ .id = "mem.mappings-retained/proc-maps", MAPPINGS_PROC_MAPS_ROW,
	  .tier = FC_LINUX,
	  .spec = "XSH fork: mappings are retained; Linux /proc/self/maps of "
	  "the child equals the parent's" },
	{ .id = "mem.madv-dontfork", MADV_DONTFORK_ROW(dontfork),
	  .tier = FC_LINUX,
	  .spec = "L: fork(2), madvise(2): MADV_DONTFORK ranges are absent "
	  "from the child" },
	{ .id = "mem.madv-dontfork/dofork", MADV_DONTFORK_ROW(dofork),
	  .tier = FC_LINUX,
	  .spec = "L: madvise(2): MADV_DOFORK undoes MADV_DONTFORK" },
	{ .id = "mem.madv-wipeonfork", MADV_WIPEONFORK_ROW(wo_child),
	  .tier = FC_LINUX,
	  .spec = "L: fork(2), madvise(2): MADV_WIPEONFORK ranges read zero "
	  "in the child, not in the parent" },
	{ .id = "mem.madv-wipeonfork/grandchild",
	  MADV_WIPEONFORK_ROW(wo_grandchild), .tier = FC_LINUX,
	  .spec = "L: madvise(2): MADV_WIPEONFORK is inherited by the child" },
	{ .id = "mem.madv-wipeonfork/keeponfork",
	  MADV_WIPEONFORK_ROW(wo_keep), .tier = FC_LINUX,
	  .spec = "L: madvise(2): MADV_KEEPONFORK undoes MADV_WIPEONFORK" },
	{ .id = "mem.madv-wipeonfork/other-types",
	  MADV_WIPEONFORK_TYPES_ROW, .tier = FC_LINUX,
	  .spec = "L: madvise(2): MADV_WIPEONFORK on shared or file mappings "
	  "is EINVAL" },
	{ .id = "mem.minherit", MINHERIT_ROW(mi_share), .tier = FC_BSD,
	  .spec = "BSD minherit(2): INHERIT_SHARE regions are shared with "
	  "the child" },
	{ .id = "mem.minherit/copy", MINHERIT_ROW(mi_copy), .tier = FC_BSD,
	  .spec = "BSD minherit(2): INHERIT_COPY regions are private copies" },
	{ .id = "mem.minherit/none", MINHERIT_ROW(mi_none), .tier = FC_BSD,
	  .spec = "BSD minherit(2): INHERIT_NONE regions are absent from "
	  "the child" },
	{ .id = "mem.minherit/zero", MINHERIT_ROW(mi_zero), .tier = FC_BSD,
	  .spec = "BSD minherit(2): INHERIT_ZERO regions read zero in the "
	  "child" },
	{ .id = "mem.mlock-not-inherited", MLOCK_NOT_INHERITED_ROW,
	  .tier = FC_OPT,
	  .spec = "XSH fork [ML|MLR]: memory locks set by mlock() are not "
	  "inherited" },
	{ .id = "mem.mlock-not-inherited/mlockall", MLOCK_FUTURE_ROW,
	  .tier = FC_OPT,
	  .spec = "XSH fork [ML]: mlockall(MCL_FUTURE) is not inherited" },
	{ .id = NULL }
};
