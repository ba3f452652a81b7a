/*
 * mem.c: the address space across fork (XSH fork: "Memory mappings
 * created in the parent shall be retained in the child process."; XSH
 * mmap, mprotect).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

/*
 * The layout both cases fork with, one page each: read-write 'w',
 * read-only 'r', PROT_NONE, a hole (unmapped), read-write 'v'.
 */
enum { L_RW, L_RO, L_NONE, L_HOLE, L_RW2, L_PAGES };

/* What the child found, one field per check; 0 is what the rule wants. */
struct layout_seen {
	int	contents;	/* 1 if a readable page lost its bytes */
	int	none_err;	/* errno of msync() on the PROT_NONE page */
	int	hole_err;	/* errno of msync() on the hole, want ENOMEM */
	int	new_map;	/* 1 if a new mapping failed */
	int	ro_err;		/* errno of read() into the read-only page */
	int	none_rd;	/* errno of write() from the PROT_NONE page */
	int	rw_err;		/* errno of read() into a read-write page */
};

/*
 * Whether the kernel can write (into) or read (from) the byte at addr:
 * 0, or the errno of the read() or write() on a pipe that tried.  A page
 * the process may not access gives EFAULT, with no signal.
 */
static int
kernel_access(char *addr, int into)
{
	int	fds[2], err = 0;
	char	c = 'x';

	if (pipe(fds) == -1)
		return errno;
	if (into) {
		c = *addr;
		if (write(fds[1], &c, 1) != 1 || read(fds[0], addr, 1) != 1)
			err = errno;
	} else if (write(fds[1], addr, 1) != 1)
		err = errno;
	close(fds[0]);
	close(fds[1]);
	return err;
}

static int
filled(const char *m, size_t len, char c)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (m[i] != c)
			return 0;
	return 1;
}

static void
layout_child(char *m, size_t pg, int fd)
{
	struct layout_seen	 s;
	char			*n;

	memset(&s, 0, sizeof(s));
	s.contents = !filled(m + L_RW * pg, pg, 'w') ||
	    !filled(m + L_RO * pg, pg, 'r') ||
	    !filled(m + L_RW2 * pg, pg, 'v');
	s.none_err = msync(m + L_NONE * pg, pg, MS_ASYNC) == -1 ? errno : 0;
	s.hole_err = msync(m + L_HOLE * pg, pg, MS_ASYNC) == -1 ? errno : 0;
	n = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (n == MAP_FAILED)
		s.new_map = 1;
	else {
		n[pg - 1] = 'n';
		s.new_map = n[pg - 1] != 'n' || munmap(n, pg) == -1;
	}
	s.ro_err = kernel_access(m + L_RO * pg, 1);
	s.none_rd = kernel_access(m + L_NONE * pg, 0);
	s.rw_err = kernel_access(m + L_RW2 * pg, 1);
	fc_exit(fc_write_all(fd, &s, sizeof(s)) == 0 ? 0 : 1);
}

/*
 * Builds the layout, forks, and hands back what the child found; ctl
 * gets the same probes made in the parent before fork, to tell a
 * platform whose kernel reports access errors differently.
 */
static enum fc_verdict
layout_fork(struct layout_seen *s, struct layout_seen *ctl)
{
	struct fc_sub	 sub;
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	char		*m;
	ssize_t		 n;
	int		 status;
	char		 st[64];

	m = mmap(NULL, L_PAGES * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	memset(m + L_RW * pg, 'w', pg);
	memset(m + L_RO * pg, 'r', pg);
	memset(m + L_RW2 * pg, 'v', pg);
	if (mprotect(m + L_RO * pg, pg, PROT_READ) == -1 ||
	    mprotect(m + L_NONE * pg, pg, PROT_NONE) == -1)
		return fc_broken("mprotect");
	if (munmap(m + L_HOLE * pg, pg) == -1)
		return fc_broken("munmap");
	memset(ctl, 0, sizeof(*ctl));
	ctl->none_err = msync(m + L_NONE * pg, pg, MS_ASYNC) == -1 ? errno : 0;
	ctl->hole_err = msync(m + L_HOLE * pg, pg, MS_ASYNC) == -1 ? errno : 0;
	ctl->ro_err = kernel_access(m + L_RO * pg, 1);
	ctl->none_rd = kernel_access(m + L_NONE * pg, 0);
	ctl->rw_err = kernel_access(m + L_RW2 * pg, 1);
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0)
		layout_child(m, pg, sub.fd);
	n = fc_read_all(sub.fd, s, sizeof(*s));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	munmap(m, L_PAGES * pg);
	if (n != (ssize_t)sizeof(*s))
		return fc_fail("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}

/*
 * A read-write, a read-only and a PROT_NONE page, a hole and another
 * read-write page: in the child the readable pages hold the parent's
 * bytes, msync() finds the PROT_NONE page mapped and the hole unmapped
 * (ENOMEM), and a new mapping works.  A platform that drops or remaps
 * mappings, loses their contents, fills holes or cannot map in the
 * child fails.
 */
static enum fc_verdict
mappings_retained(const struct fc_case *c FC_UNUSED)
{
	struct layout_seen	s, ctl;
	enum fc_verdict		v;

	if ((v = layout_fork(&s, &ctl)) != FC_PASS)
		return v;
	if (ctl.hole_err != ENOMEM)
		return fc_skip("msync() on a hole gives %s here, not ENOMEM: "
		    "it cannot tell mapped pages", strerror(ctl.hole_err));
	if (s.contents)
		return fc_fail("a readable page lost the parent's bytes in "
		    "the child");
	if (s.none_err != ctl.none_err)
		return fc_fail("msync() on the PROT_NONE page gives %s in the "
		    "child, %s in the parent: the guard page is not retained",
		    s.none_err ? strerror(s.none_err) : "success",
		    ctl.none_err ? strerror(ctl.none_err) : "success");
	if (s.hole_err != ENOMEM)
		return fc_fail("msync() on the unmapped hole gives %s in the "
		    "child, want ENOMEM", s.hole_err ? strerror(s.hole_err) :
		    "success");
	if (s.new_map)
		return fc_fail("the child cannot create and use a new "
		    "mapping");
	return FC_PASS;
}

/*
 * Protections are retained: in the child the kernel may not write into
 * the read-only page nor read the PROT_NONE one (read() and write() on
 * a pipe give EFAULT, as they do in the parent before fork), but may
 * write into a read-write page.  A platform that makes inherited pages
 * writable or readable fails.
 */
static enum fc_verdict
mappings_protection(const struct fc_case *c FC_UNUSED)
{
	struct layout_seen	s, ctl;
	enum fc_verdict		v;

	if ((v = layout_fork(&s, &ctl)) != FC_PASS)
		return v;
	if (ctl.ro_err != EFAULT || ctl.none_rd != EFAULT || ctl.rw_err != 0)
		return fc_skip("the kernel's access to protected pages does "
		    "not give EFAULT here (read-only: %s, PROT_NONE: %s)",
		    strerror(ctl.ro_err), strerror(ctl.none_rd));
	if (s.ro_err != EFAULT)
		return fc_fail("read() into the read-only page gives %s in "
		    "the child, want EFAULT", s.ro_err ? strerror(s.ro_err) :
		    "success: the page is writable");
	if (s.none_rd != EFAULT)
		return fc_fail("write() from the PROT_NONE page gives %s in "
		    "the child, want EFAULT", s.none_rd ?
		    strerror(s.none_rd) : "success: the page is readable");
	if (s.rw_err != 0)
		return fc_fail("read() into a read-write page fails in the "
		    "child: %s", strerror(s.rw_err));
	return FC_PASS;
}

const struct fc_case fc_mem_cases[] = {
	{ .id = "mem.mappings-retained", .run = mappings_retained,
	  .tier = FC_CORE,
	  .spec = "XSH fork: memory mappings are retained (contents, guard "
	  "pages, holes); the child can map more" },
	{ .id = "mem.mappings-retained/protection", .run = mappings_protection,
	  .tier = FC_CORE,
	  .spec = "XSH fork, mprotect: read-only and PROT_NONE pages keep "
	  "their protection in the child" },
	{ .id = NULL }
};
