/*
 * cow-os.c: cow cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * Linux: vmsplice(2) must not let a child read the parent's post-fork
 * writes through a page reference taken before the copy-on-write break
 * (CVE-2020-29374, fixed by 17839856fd58 and the later "COW after
 * fork/GUP" rework); madvise(2) MADV_DONTNEED drops only the caller's
 * view of a copy-on-write page.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#if defined(__linux__)

/* Child exit codes of vmsplice_run(). */
enum {
	VS_OK = 0,
	VS_LEAKED = 10,		/* the pipe gave the parent's new bytes */
	VS_SHORT = 11,		/* the pipe gave fewer bytes than spliced */
	VS_REFUSED = 12,	/* vmsplice() is not available */
	VS_SETUP = 13
};

/*
 * The child vmsplices len bytes of the private memory at m into a pipe,
 * unmaps the whole mapping and waits; the parent then overwrites the
 * memory; the child drains the pipe and must read the pre-fork 'a's.
 */
static enum fc_verdict
vmsplice_run(char *m, size_t len, size_t maplen)
{
	static char	 buf[65536];
	struct iovec	 iov;
	int		 ready[2], go[2], p[2], status, code;
	size_t		 i;
	pid_t		 pid;
	char		 st[64];

	memset(m, 'a', len);
	if (fc_pipe(ready) == -1 || fc_pipe(go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (fc_pipe(p) == -1)
			fc_exit(VS_SETUP);
		iov.iov_base = m;
		iov.iov_len = len;
		if (vmsplice(p[1], &iov, 1, 0) != (ssize_t)len)
			fc_exit(errno == ENOSYS || errno == EPERM ?
			    VS_REFUSED : VS_SETUP);
		if (munmap(m, maplen) == -1)
			fc_exit(VS_SETUP);
		if (fc_sync_post(ready[1]) == -1 || fc_sync_wait(go[0]) == -1)
			fc_exit(VS_SETUP);
		if (fc_read_all(p[0], buf, len) != (ssize_t)len)
			fc_exit(VS_SHORT);
		for (i = 0; i < len; i++)
			if (buf[i] != 'a')
				fc_exit(VS_LEAKED);
		fc_exit(VS_OK);
	}
	close(ready[1]);
	close(go[0]);
	if (fc_sync_wait(ready[0]) == 0) {
		memset(m, 'b', len);
		if (fc_sync_post(go[1]) == -1)
			return fc_broken("write");
	}
	close(go[1]);
	close(ready[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code == VS_REFUSED)
		return fc_skip("vmsplice() is refused here");
	if (code == VS_LEAKED)
		return fc_fail("the child read the parent's post-fork writes "
		    "through the page it spliced before fork: want 'a', "
		    "got 'b'");
	if (code == VS_SHORT)
		return fc_fail("the pipe gave the child fewer than the %zu "
		    "bytes it spliced", len);
	if (code != VS_OK)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (m[0] != 'b')
		return fc_brokenx("the parent's write did not stick");
	return FC_PASS;
}

/*
 * A child splices a pre-filled private page into a pipe with vmsplice()
 * (the pipe holds a reference to the physical page), unmaps it and lets
 * the parent overwrite its copy; the child must then read the old bytes
 * out of the pipe.  A kernel that lets the parent write the page the
 * pipe still references (the pre-5.8 GUP/COW bug) fails.
 */
static enum fc_verdict
vmsplice_gup(const struct fc_case *c FC_UNUSED)
{
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	char		*m;
	enum fc_verdict	 v;

	m = mmap(NULL, pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	(void)madvise(m, pg, MADV_NOHUGEPAGE);
	v = vmsplice_run(m, pg, pg);
	munmap(m, pg);
	return v;
}

/* AnonHugePages of the mapping holding addr, in kB, from smaps; or -1. */
static long
anon_huge_kb(const void *addr)
{
	FILE		*f;
	char		 line[256];
	unsigned long	 lo, hi;
	long		 kb = -1;
	int		 in = 0;

	if ((f = fopen("/proc/self/smaps", "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
		else if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

/* The size of a transparent huge page, from sysfs; 0 without THP. */
static size_t
thp_size(void)
{
	FILE		*f;
	unsigned long	 size = 0;

	f = fopen("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size", "re");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%lu", &size) != 1)
		size = 0;
	fclose(f);
	return (size_t)size;
}

/*
 * The same with a transparent huge page: an aligned MADV_HUGEPAGE
 * private mapping, of which the child splices one small page.  A kernel
 * whose huge-page copy-on-write path lets the parent write the spliced
 * page fails; without THP the case skips.
 */
static enum fc_verdict
vmsplice_gup_thp(const struct fc_case *c FC_UNUSED)
{
	size_t		 huge = thp_size();
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	char		*raw, *m;
	long		 kb;
	enum fc_verdict	 v;

	if (huge == 0 || (huge & (huge - 1)) != 0)
		return fc_skip("no transparent huge pages");
	raw = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return fc_broken("mmap");
	m = (char *)(((uintptr_t)raw + huge - 1) & ~(uintptr_t)(huge - 1));
	if (madvise(m, huge, MADV_HUGEPAGE) == -1) {
		munmap(raw, 2 * huge);
		return fc_skip("madvise(MADV_HUGEPAGE): %s", strerror(errno));
	}
	m[0] = 'a';
	if ((kb = anon_huge_kb(m)) < (long)(huge / 1024)) {
		munmap(raw, 2 * huge);
		return fc_skip("no transparent huge page at the first touch "
		    "(AnonHugePages %ld kB)", kb);
	}
	v = vmsplice_run(m, pg, huge);
	munmap(raw, 2 * huge);
	return v;
}

/* Child exit codes of madv_dontneed(). */
enum {
	DN_OK = 0,
	DN_NOT_ZERO = 10,	/* its own MADV_DONTNEED page is not zero */
	DN_OTHER = 11,		/* its other page lost the data */
	DN_PARENT = 12,		/* the parent's MADV_DONTNEED reached it */
	DN_SETUP = 13
};

/* Whether len bytes at m all equal c. */
static int
all(const char *m, size_t len, char c)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (m[i] != c)
			return 0;
	return 1;
}

/*
 * Two private pages filled with 'a' are shared copy-on-write after fork.
 * The child drops page 0 with MADV_DONTNEED and must read zeros there;
 * the parent must still read its 'a's.  Then the parent drops page 1
 * and reads zeros, while the child's page 1 keeps its 'a's.  A kernel
 * that zeroes the other process's view (or shares the pages) fails.
 */
static enum fc_verdict
madv_dontneed(const struct fc_case *c FC_UNUSED)
{
	static const char	*const why[] = {
		[DN_NOT_ZERO] = "the child's page does not read zero after "
		    "its MADV_DONTNEED",
		[DN_OTHER] = "the child's other page lost its contents",
		[DN_PARENT] = "the parent's MADV_DONTNEED zeroed the "
		    "child's page",
		[DN_SETUP] = "the child's madvise(MADV_DONTNEED) failed",
	};
	size_t		 pg = (size_t)sysconf(_SC_PAGESIZE);
	char		*m;
	int		 ready[2], go[2], status, code, p0, p1 = 1;
	pid_t		 pid;
	char		 st[64];

	m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	memset(m, 'a', 2 * pg);
	if (fc_pipe(ready) == -1 || fc_pipe(go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ready[0]);
		close(go[1]);
		if (madvise(m, pg, MADV_DONTNEED) == -1)
			fc_exit(DN_SETUP);
		if (!all(m, pg, '\0'))
			fc_exit(DN_NOT_ZERO);
		if (!all(m + pg, pg, 'a'))
			fc_exit(DN_OTHER);
		if (fc_sync_post(ready[1]) == -1 || fc_sync_wait(go[0]) == -1)
			fc_exit(DN_SETUP);
		fc_exit(all(m + pg, pg, 'a') ? DN_OK : DN_PARENT);
	}
	close(ready[1]);
	close(go[0]);
	if (fc_sync_wait(ready[0]) == -1)
		p0 = -1;
	else {
		p0 = all(m, pg, 'a');
		if (madvise(m + pg, pg, MADV_DONTNEED) == -1)
			return fc_broken("madvise");
		p1 = all(m + pg, pg, '\0');
		if (fc_sync_post(go[1]) == -1)
			return fc_broken("write");
	}
	close(go[1]);
	close(ready[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	munmap(m, 2 * pg);
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code >= DN_NOT_ZERO && code <= DN_PARENT)
		return fc_fail("%s", why[code]);
	if (code != DN_OK)
		return fc_brokenx("%s", code == DN_SETUP ? why[code] :
		    "the child ended oddly");
	if (p0 == 0)
		return fc_fail("the child's MADV_DONTNEED zeroed the parent's "
		    "page");
	if (p1 == 0)
		return fc_fail("the parent's page does not read zero after "
		    "its own MADV_DONTNEED");
	return FC_PASS;
}

#else /* !__linux__ */

static enum fc_verdict
vmsplice_gup(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("vmsplice() is Linux only");
}

static enum fc_verdict
vmsplice_gup_thp(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("vmsplice() and transparent huge pages are Linux only");
}

static enum fc_verdict
madv_dontneed(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("MADV_DONTNEED zeroes pages only on Linux; elsewhere "
	    "it is advisory");
}

#endif /* __linux__ */

const struct fc_case fc_cow_os_cases[] = {
	{ .id = "cow.vmsplice-gup", .run = vmsplice_gup, .tier = FC_LINUX,
	  .spec = "L: CVE-2020-29374: a page spliced before fork does not "
	  "show the parent's later writes" },
	{ .id = "cow.vmsplice-gup/thp", .run = vmsplice_gup_thp,
	  .tier = FC_LINUX,
	  .spec = "L: CVE-2020-29374: the same for a transparent huge page" },
	{ .id = "cow.madv-dontneed", .run = madv_dontneed, .tier = FC_LINUX,
	  .spec = "L: madvise(2): MADV_DONTNEED on a copy-on-write page "
	  "zeroes only the caller's view" },
	{ .id = NULL }
};
