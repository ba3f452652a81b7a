/*
 * cow.c: private memory is copied, shared memory stays shared (XSH fork:
 * the child is a copy of the parent, "Memory mappings created in the
 * parent shall be retained in the child process.  MAP_PRIVATE mappings
 * inherited from the parent shall also be MAP_PRIVATE mappings in the
 * child"; XSH mmap: MAP_PRIVATE changes are visible only to the writer,
 * MAP_SHARED changes to every process that maps the object).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#define KW_ROUNDS	1000	/* forks racing a read(), see kernel_write() */
#define KW_MIN		100	/* ...at least, whatever the budget */
#define KW_BUDGET_MS	3000	/* wall time for more rounds */
#define KW_LEN		64	/* bytes each read() delivers */

static volatile int	global = 10;
static volatile int	bss;

/* One word of private memory: its name and its value at fork. */
struct word {
	const char	*name;
	volatile int	*p;
	int		 v;
};

#define NWORDS	3

/* What the child of three_phase() saw: at fork, and after the parent wrote. */
struct phases {
	int	at_fork[NWORDS];
	int	later[NWORDS];
};

/*
 * The three phases over private words: the child reads the pre-fork
 * values and adds 1; the parent, once the child wrote, must still read
 * its own values, and adds 2; the child must not see the parent's write,
 * and after the child is gone the parent reads its +2.
 */
static enum fc_verdict
three_phase(const struct word *w, int n)
{
	struct fc_sub	sub;
	struct phases	ph;
	int		up[2], down[2], status, i, leak[NWORDS];
	ssize_t		got;
	pid_t		pid;
	char		st[64];

	if (fc_pipe(up) == -1 || fc_pipe(down) == -1)
		return fc_broken("pipe");
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(up[0]);
		close(down[1]);
		for (i = 0; i < n; i++) {
			ph.at_fork[i] = *w[i].p;
			*w[i].p = w[i].v + 1;
		}
		if (fc_sync_post(up[1]) == -1 || fc_sync_wait(down[0]) == -1)
			fc_exit(2);
		for (i = 0; i < n; i++)
			ph.later[i] = *w[i].p;
		fc_exit(fc_write_all(sub.fd, &ph, sizeof(ph)) == 0 ? 0 : 3);
	}
	close(up[1]);
	close(down[0]);
	if (fc_sync_wait(up[0]) == -1) {
		close(down[1]);
		fc_sub_wait(&sub, &status);
		return fc_fail("the child stopped before writing: %s",
		    fc_status(status, st, sizeof(st)));
	}
	for (i = 0; i < n; i++) {
		leak[i] = *w[i].p;
		*w[i].p = w[i].v + 2;
	}
	if (fc_sync_post(down[1]) == -1)
		return fc_broken("write");
	close(down[1]);
	close(up[0]);
	got = fc_read_all(sub.fd, &ph, sizeof(ph));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (got != (ssize_t)sizeof(ph))
		return fc_fail("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	for (i = 0; i < n; i++)
		if (ph.at_fork[i] != w[i].v)
			return fc_fail("the child read %d from the %s after "
			    "fork, want the pre-fork %d", ph.at_fork[i],
			    w[i].name, w[i].v);
	for (i = 0; i < n; i++)
		if (leak[i] != w[i].v)
			return fc_fail("the child's write reached the parent: "
			    "its %s reads %d, want %d", w[i].name, leak[i],
			    w[i].v);
	for (i = 0; i < n; i++)
		if (ph.later[i] != w[i].v + 1)
			return fc_fail("the parent's write reached the child: "
			    "its %s reads %d, want its own %d", w[i].name,
			    ph.later[i], w[i].v + 1);
	for (i = 0; i < n; i++)
		if (*w[i].p != w[i].v + 2)
			return fc_fail("after the child exited the parent's "
			    "%s reads %d, want %d", w[i].name, *w[i].p,
			    w[i].v + 2);
	return FC_PASS;
}

/*
 * A global, a heap word and a stack word hold known values at fork.  The
 * child must see them and adds 1 to each; the parent, after the child
 * wrote, must still see its own values and adds 2; each side then sees
 * only its own change.  A platform that shares instead of copying
 * (vfork-like fork) or loses the contents fails.
 */
static enum fc_verdict
private_anon(const struct fc_case *c FC_UNUSED)
{
	struct word	 w[NWORDS];
	volatile int	 stack = 30, *heap;
	enum fc_verdict	 v;

	if ((heap = malloc(sizeof(*heap))) == NULL)
		return fc_broken("malloc");
	global = 10;
	*heap = 20;
	w[0] = (struct word){ "global", &global, 10 };
	w[1] = (struct word){ "heap word", heap, 20 };
	w[2] = (struct word){ "stack word", &stack, 30 };
	v = three_phase(w, NWORDS);
	free((void *)heap);
	return v;
}

/*
 * The same three phases over a zero-initialised (bss) word and an
 * anonymous MAP_PRIVATE mapping: one page written before fork and one
 * never touched (still zero-fill on demand when fork copies the address
 * space).  A platform that shares these pages, or gives the child fresh
 * zero pages instead of copies, fails.
 */
static enum fc_verdict
private_anon_mmap(const struct fc_case *c FC_UNUSED)
{
	struct word	 w[NWORDS];
	long		 pg = sysconf(_SC_PAGESIZE);
	char		*m;
	enum fc_verdict	 v;

	m = mmap(NULL, (size_t)pg * 2, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	bss = 40;
	*(volatile int *)m = 50;
	w[0] = (struct word){ "bss word", &bss, 40 };
	w[1] = (struct word){ "written MAP_PRIVATE page", (int *)m, 50 };
	w[2] = (struct word){ "untouched MAP_PRIVATE page",
	    (int *)(m + pg), 0 };
	v = three_phase(w, NWORDS);
	munmap(m, (size_t)pg * 2);
	return v;
}

/*
 * Creates the file "map", one page of 'f', and maps it twice, MAP_SHARED
 * at *sh and MAP_PRIVATE at *pv.  Returns its descriptor, or -1 with
 * errno set and *what naming the call that failed.
 */
static int
map_file(size_t pg, char **sh, char **pv, const char **what)
{
	char	*buf;
	int	 fd, w, e;

	if ((buf = malloc(pg)) == NULL) {
		*what = "malloc";
		return -1;
	}
	memset(buf, 'f', pg);
	fd = open("map", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	w = fd == -1 ? -1 : fc_write_all(fd, buf, pg);
	e = errno;
	free(buf);
	errno = e;
	if (w == -1) {
		*what = fd == -1 ? "open" : "write";
		return -1;
	}
	*sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	*pv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (*sh == MAP_FAILED || *pv == MAP_FAILED) {
		*what = "mmap";
		return -1;
	}
	return fd;
}

/* Child exit codes of file_mappings(). */
enum {
	FM_OK = 0,
	FM_PRIVATE_LOST = 10,	/* the parent's pre-fork private write lost */
	FM_SHARED_WRONG = 11	/* the shared mapping lost the file's bytes */
};

/*
 * One page of a file mapped twice, MAP_SHARED and MAP_PRIVATE; the
 * parent writes its private copy before fork.  The child must see that
 * private write, then writes both mappings.  The shared write must reach
 * the parent's mapping and the file as read() sees it (no msync(): a
 * shared mapping is coherent with read()); the private one must reach
 * neither the parent's private mapping nor the file.  A platform that
 * remaps the file in the child, shares private pages or copies shared
 * ones fails.
 */
static enum fc_verdict
file_mappings(const struct fc_case *c FC_UNUSED)
{
	static const char	*const why[] = {
		[FM_PRIVATE_LOST] = "the child's MAP_PRIVATE mapping lacks "
		    "the parent's contents at fork (its pre-fork write "
		    "included)",
		[FM_SHARED_WRONG] = "the child's MAP_SHARED mapping does not "
		    "hold the file's bytes",
	};
	long		 pg = sysconf(_SC_PAGESIZE);
	const char	*what;
	char		*sh, *pv, got[3];
	int		 fd, status, code;
	pid_t		 pid;
	char		 st[64];

	if ((fd = map_file((size_t)pg, &sh, &pv, &what)) == -1)
		return fc_broken("%s", what);
	pv[2] = 'p';
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		if (pv[0] != 'f' || pv[2] != 'p')
			fc_exit(FM_PRIVATE_LOST);
		if (sh[0] != 'f' || sh[2] != 'f')
			fc_exit(FM_SHARED_WRONG);
		sh[0] = 'S';
		pv[1] = 'P';
		fc_exit(FM_OK);
	}
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code >= FM_PRIVATE_LOST && code <= FM_SHARED_WRONG)
		return fc_fail("%s", why[code]);
	if (code != FM_OK)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (pread(fd, got, sizeof(got), 0) != (ssize_t)sizeof(got))
		return fc_broken("pread");
	close(fd);
	if (sh[0] != 'S')
		return fc_fail("the child's write to the inherited MAP_SHARED "
		    "mapping is not in the parent's: '%c', want 'S'", sh[0]);
	if (got[0] != 'S')
		return fc_fail("the child's MAP_SHARED write is not in the "
		    "file: read() gives '%c', want 'S'", got[0]);
	if (pv[1] != 'f')
		return fc_fail("the child's MAP_PRIVATE write reached the "
		    "parent's private mapping: '%c', want 'f'", pv[1]);
	if (got[1] != 'f')
		return fc_fail("the child's MAP_PRIVATE write reached the "
		    "file: read() gives '%c', want 'f'", got[1]);
	if (got[2] != 'f')
		return fc_fail("the parent's MAP_PRIVATE write reached the "
		    "file: read() gives '%c', want 'f'", got[2]);
	munmap(sh, (size_t)pg);
	munmap(pv, (size_t)pg);
	return FC_PASS;
}

/* What the child of file_clean() saw, in order. */
struct fm_seen {
	char	clean;		/* the clean private page at fork */
	char	after;		/* ...after the parent's write to it */
	char	shared;		/* the shared page after the parent's write */
};

/*
 * A clean MAP_PRIVATE file page, read (so backed by the page cache) but
 * not written before fork, stays private when the child writes it first:
 * the child's write reaches neither the parent's mapping nor the file,
 * and the parent's later write to that page does not reach the child.
 * The parent's write after fork to a MAP_SHARED mapping of the same file
 * reaches the child.  A platform that shares a private page until its
 * first write, or copies shared file pages, fails.
 */
static enum fc_verdict
file_clean(const struct fc_case *c FC_UNUSED)
{
	struct fc_gate	 wrote, go;
	struct fc_sub	 sub;
	struct fm_seen	 seen;
	long		 pg = sysconf(_SC_PAGESIZE);
	const char	*what;
	char		*sh, *pv, got[2];
	volatile char	 first;
	ssize_t		 n;
	int		 fd, status;
	pid_t		 pid;
	char		 st[64];

	if ((fd = map_file((size_t)pg, &sh, &pv, &what)) == -1)
		return fc_broken("%s", what);
	first = pv[0];		/* read: faulted in from the page cache */
	if (first != 'f')
		return fc_brokenx("the private mapping reads '%c', want 'f'",
		    first);
	if (fc_gate_init(&wrote) == -1 || fc_gate_init(&go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_opener(&wrote);
		fc_gate_waiter(&go);
		seen.clean = pv[1];
		pv[1] = 'C';
		if (fc_gate_open(&wrote) == -1 || fc_gate_wait(&go) == -1)
			fc_exit(2);
		seen.after = pv[2];
		seen.shared = sh[3];
		fc_sub_report(sub.fd, &seen, sizeof(seen));
	}
	fc_gate_waiter(&wrote);
	fc_gate_opener(&go);
	if (fc_gate_wait(&wrote) == 0) {
		got[0] = pv[1];
		pv[2] = 'R';
		sh[3] = 'Q';
		if (fc_gate_open(&go) == -1)
			return fc_broken("write");
	} else
		got[0] = '?';
	fc_gate_close(&go);
	fc_gate_close(&wrote);
	n = fc_read_all(sub.fd, &seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (seen.clean != 'f')
		return fc_fail("the child's clean MAP_PRIVATE page reads '%c' "
		    "at fork, want the file's 'f'", seen.clean);
	if (got[0] != 'f')
		return fc_fail("the child's first write to a clean MAP_PRIVATE "
		    "file page reached the parent's mapping: '%c', want 'f'",
		    got[0]);
	if (seen.after != 'f')
		return fc_fail("the parent's write after fork to a clean "
		    "MAP_PRIVATE file page reached the child: '%c', want 'f'",
		    seen.after);
	if (seen.shared != 'Q')
		return fc_fail("the parent's write after fork to a MAP_SHARED "
		    "file mapping did not reach the child: '%c', want 'Q'",
		    seen.shared);
	if (pread(fd, got, sizeof(got), 1) != (ssize_t)sizeof(got))
		return fc_broken("pread");
	close(fd);
	if (got[0] != 'f' || got[1] != 'f')
		return fc_fail("a MAP_PRIVATE write reached the file: read() "
		    "gives '%c%c' at offset 1, want 'ff'", got[0], got[1]);
	munmap(sh, (size_t)pg);
	munmap(pv, (size_t)pg);
	return FC_PASS;
}

/*
 * Shared memory p[0..1] holds 1 at fork.  Once the child read it, the
 * parent writes 2 and releases the child, which must read 2 and answers
 * 3 in p[1]; the parent reads 3 after reaping it.
 */
static enum fc_verdict
shared_check(volatile int *p, const char *what)
{
	struct fc_gate	ready, go;
	struct fc_sub	sub;
	int		status, seen[2];
	ssize_t		n;
	pid_t		pid;
	char		st[64];

	p[0] = 1;
	p[1] = 1;
	if (fc_gate_init(&ready) == -1 || fc_gate_init(&go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_opener(&ready);
		fc_gate_waiter(&go);
		seen[0] = p[0];
		if (fc_gate_open(&ready) == -1 || fc_gate_wait(&go) == -1)
			fc_exit(2);
		seen[1] = p[0];
		p[1] = 3;
		fc_exit(fc_write_all(sub.fd, seen, sizeof(seen)) == 0 ? 0 : 3);
	}
	fc_gate_waiter(&ready);
	fc_gate_opener(&go);
	if (fc_gate_wait(&ready) == 0) {
		p[0] = 2;
		if (fc_gate_open(&go) == -1)
			return fc_broken("write");
	}
	fc_gate_close(&go);
	fc_gate_close(&ready);
	n = fc_read_all(sub.fd, seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_fail("the child %s before reporting",
		    fc_status(status, st, sizeof(st)));
	if (seen[0] != 1)
		return fc_fail("the child read %d from the %s after fork, "
		    "want the pre-fork 1", seen[0], what);
	if (seen[1] != 2)
		return fc_fail("the parent's write after fork did not reach "
		    "the child's %s: it reads %d, want 2", what, seen[1]);
	if (p[1] != 3)
		return fc_fail("the child's write did not reach the parent's "
		    "%s: it reads %d, want 3", what, p[1]);
	return FC_PASS;
}

/*
 * An anonymous MAP_SHARED mapping stays shared after fork: a write of
 * the parent after fork is seen by the child and the child's answer by
 * the parent.  A platform that copies shared mappings (fork treating
 * every page as copy-on-write) fails.
 */
static enum fc_verdict
shared_anon(const struct fc_case *c FC_UNUSED)
{
	long		 pg = sysconf(_SC_PAGESIZE);
	void		*m;
	enum fc_verdict	 v;

	m = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	v = shared_check(m, "MAP_SHARED | MAP_ANONYMOUS mapping");
	munmap(m, (size_t)pg);
	return v;
}

/*
 * The same with a shm_open() object mapped MAP_SHARED (the object is
 * unlinked at once; the mapping keeps it).  A platform that copies the
 * mapping at fork fails; one that refuses shm_open() (no [SHM] option,
 * a sandbox) skips.
 */
#if defined(HAVE_SHM_OPEN)
#define SHM_OPEN_ROW	.run = shared_shm_open
static enum fc_verdict
shared_shm_open(const struct fc_case *c FC_UNUSED)
{
	long		 pg = sysconf(_SC_PAGESIZE);
	char		 name[64];
	void		*m;
	int		 fd;
	enum fc_verdict	 v;

	snprintf(name, sizeof(name), "/forkcheck-cow-%ld", (long)getpid());
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1 && errno == EEXIST) {
		/* Left by an earlier run killed in this same pid. */
		shm_unlink(name);
		fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	}
	if (fd == -1 && (errno == ENOSYS || errno == EACCES ||
	    errno == EPERM))
		return fc_skip("shm_open refused: %s", strerror(errno));
	if (fd == -1)
		return fc_broken("shm_open %s", name);
	shm_unlink(name);
	if (ftruncate(fd, (off_t)pg) == -1)
		return fc_broken("ftruncate");
	m = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return fc_broken("mmap");
	v = shared_check(m, "shm_open() mapping");
	munmap(m, (size_t)pg);
	return v;
}
#else
#define SHM_OPEN_ROW	.absent = "no shm_open() in this C library"
#endif

/* Child exit codes of sysv_shm_run(). */
enum {
	SHM_OK = 0,
	SHM_NOT_SEEN = 10,	/* the pre-fork value is missing */
	SHM_NOT_SHARED = 11,	/* the parent's write after fork is missing */
	SHM_SYNC = 12
};

static enum fc_verdict
sysv_shm_run(int id)
{
	struct fc_gate	ready, go;
	struct shmid_ds	 ds;
	volatile int	*p;
	int		 status, code;
	pid_t		 pid;
	char		 st[64];

	if ((p = shmat(id, NULL, 0)) == (void *)-1)
		return fc_broken("shmat");
	p[0] = 1;
	p[1] = 0;
	p[2] = 0;
	if (fc_gate_init(&ready) == -1 || fc_gate_init(&go) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		fc_gate_opener(&ready);
		fc_gate_waiter(&go);
		if (p[0] != 1)
			fc_exit(SHM_NOT_SEEN);
		p[1] = 2;
		if (fc_gate_open(&ready) == -1 || fc_gate_wait(&go) == -1)
			fc_exit(SHM_SYNC);
		fc_exit(p[2] == 3 ? SHM_OK : SHM_NOT_SHARED);
	}
	fc_gate_waiter(&ready);
	fc_gate_opener(&go);
	if (fc_gate_wait(&ready) == -1) {
		fc_waitpid(pid, &status, 0);
		if (WIFEXITED(status) && WEXITSTATUS(status) == SHM_NOT_SEEN)
			return fc_fail("the child does not see the segment's "
			    "pre-fork contents");
		return fc_fail("the child %s before writing",
		    fc_status(status, st, sizeof(st)));
	}
	/* The child is alive and attached: two attachments now. */
	if (shmctl(id, IPC_STAT, &ds) == -1) {
		fc_gate_open(&go);
		fc_waitpid(pid, &status, 0);
		return fc_broken("shmctl IPC_STAT");
	}
	p[2] = 3;
	if (fc_gate_open(&go) == -1)
		return fc_broken("write");
	fc_gate_close(&go);
	fc_gate_close(&ready);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (ds.shm_nattch != 2)
		return fc_fail("shm_nattch is %lu while the child lives, want "
		    "2: the child did not inherit the attachment",
		    (unsigned long)ds.shm_nattch);
	if (p[1] != 2)
		return fc_fail("the child's write is not in the parent's "
		    "attachment: %d, want 2", p[1]);
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code == SHM_NOT_SHARED)
		return fc_fail("the parent's write after fork is not in the "
		    "child's attachment");
	if (code != SHM_OK)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (shmctl(id, IPC_STAT, &ds) == -1)
		return fc_broken("shmctl IPC_STAT");
	if (ds.shm_nattch != 1)
		return fc_fail("shm_nattch is %lu after the child exited, "
		    "want 1", (unsigned long)ds.shm_nattch);
	if (shmdt((void *)p) == -1)
		return fc_broken("shmdt");
	return FC_PASS;
}

/*
 * A System V segment attached before fork stays attached in the child:
 * while the child lives shm_nattch is 2 (1 again after it exits), and
 * writes go both ways.  A platform that drops or copies the attachment
 * fails.  The IPC_PRIVATE segment is removed whatever happens; where
 * shmget() is refused (jails, limits), the case skips.
 */
static enum fc_verdict
sysv_shm(const struct fc_case *c FC_UNUSED)
{
	enum fc_verdict	v;
	int		id;

	id = shmget(IPC_PRIVATE, (size_t)sysconf(_SC_PAGESIZE),
	    IPC_CREAT | 0600);
	/*
	 * ENOSYS: no System V IPC (a kernel built without it, a sandbox);
	 * EPERM/EACCES: a seccomp or jail policy forbids it.  Anything else
	 * (ENOSPC: our segments exhausted the limit) is our setup.
	 */
	if (id == -1 && (errno == ENOSYS || errno == EPERM || errno == EACCES))
		return fc_skip("shmget refused: %s", strerror(errno));
	if (id == -1)
		return fc_broken("shmget");
	v = sysv_shm_run(id);
	if (shmctl(id, IPC_RMID, NULL) == -1 && v == FC_PASS)
		return fc_broken("shmctl IPC_RMID");
	return v;
}

struct kw {
	char	*page;		/* private page the reader reads into */
	int	 data[2];	/* the bytes for the reader */
	int	 done[2];	/* a byte per read; end of file at its end */
};

/* The reader thread: a read() per round, into the start of the page. */
static void *
kw_reader(void *arg)
{
	struct kw	*k = arg;
	int		 i;

	for (i = 0; i < KW_ROUNDS; i++)
		if (fc_read_all(k->data[0], k->page, KW_LEN) != KW_LEN ||
		    fc_sync_post(k->done[1]) == -1)
			break;
	close(k->done[1]);
	return NULL;
}

/* Child exit codes of kernel_write(). */
enum {
	KW_OK = 0,
	KW_LEAKED = 10,		/* the read's bytes landed in the child */
	KW_SYNC = 11
};

/* One round's bytes: a pattern no other round repeats. */
static void
kw_fill(char *msg, int round)
{
	int	i;

	for (i = 0; i < KW_LEN; i++)
		msg[i] = (char)('A' + (round + i) % 26);
	memcpy(msg, &round, sizeof(round));
}

/* A round's child: exits KW_LEAKED if its copy of the page holds msg. */
static void FC_DEAD
kw_child(const volatile char *page, const char *msg, int rel)
{
	int	j;
	char	ch;

	if (read(rel, &ch, 1) != 1)
		_exit(KW_SYNC);
	for (j = 0; j < KW_LEN; j++)
		if (page[j] != msg[j])
			_exit(KW_OK);
	_exit(KW_LEAKED);
}

/*
 * The verdict on the rounds run: the first with a bad page in the
 * parent, the first leaked into the child (1-based), or, when err is
 * set, the round our own fork, write or wait failed in.
 */
static enum fc_verdict
kw_verdict(int bad, int leaked, int rounds, int err)
{
	if (bad != -1)
		return fc_fail("round %d: the parent's page lacks the bytes "
		    "its own read() delivered (or the byte written beside "
		    "them)", bad + 1);
	if (leaked)
		return fc_fail("round %d: the bytes the parent's read() "
		    "received after fork are in the child's copy", leaked);
	if (err != 0) {
		errno = err;
		return fc_broken("round %d", rounds + 1);
	}
	fc_note("%d rounds", rounds);
	return FC_PASS;
}

/*
 * A thread sits in read() into a private page while the main thread
 * forks, writes another byte of that page (breaking copy-on-write while
 * the child still holds the old page) and only then supplies the bytes.
 * The read's bytes must land in the parent's page, beside the other
 * byte, and never in the child's copy.  The catalogue's 1000 rounds, or
 * as many as 3 s allow but at least 100 (about 0.5 s natively, much more
 * under qemu): the budget bounds the work, never the verdict.  A platform
 * that resolves the read's destination before the copy-on-write break
 * (the gVisor cached-segment bug) fails.  The child of this
 * multithreaded parent uses only read() and _exit().
 */
static enum fc_verdict
kernel_write(const struct fc_case *c FC_UNUSED)
{
	struct kw	 k;
	struct fc_rounds r;
	pthread_t	 t;
	enum fc_verdict	 v;
	long		 pg = sysconf(_SC_PAGESIZE);
	char		 msg[KW_LEN], st[64];
	int		 rel[2], i, status, bad = -1, leaked = 0, err = 0;
	pid_t		 pid;

	if ((v = fc_need_threads(
	    "a thread in read() while the process forks")) != FC_PASS)
		return v;
	memset(&k, 0, sizeof(k));
	k.page = mmap(NULL, (size_t)pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (k.page == MAP_FAILED)
		return fc_broken("mmap");
	memset(k.page, 0, (size_t)pg);
	if (fc_pipe(k.data) == -1 || fc_pipe(k.done) == -1 ||
	    fc_pipe(rel) == -1)
		return fc_broken("pipe");
	if ((err = pthread_create(&t, NULL, kw_reader, &k)) != 0) {
		errno = err;
		return fc_broken("pthread_create");
	}
	fc_rounds_start(&r, KW_MIN, KW_ROUNDS, KW_BUDGET_MS);
	for (i = 0; fc_rounds_more(&r) && bad == -1 && !leaked;
	    i++, r.done++) {
		kw_fill(msg, i);
		if ((pid = fc_fork()) == -1) {
			err = errno;
			break;
		}
		if (pid == 0)
			kw_child(k.page, msg, rel[0]);
		k.page[pg / 2] = (char)i;
		if (fc_write_all(k.data[1], msg, KW_LEN) == -1 ||
		    fc_sync_wait(k.done[0]) == -1) {
			err = errno;
			fc_sync_post(rel[1]);
			fc_waitpid(pid, &status, 0);
			break;
		}
		if (memcmp(k.page, msg, KW_LEN) != 0 ||
		    k.page[pg / 2] != (char)i)
			bad = i;
		if (fc_sync_post(rel[1]) == -1 ||
		    fc_waitpid(pid, &status, 0) == -1) {
			err = errno;
			break;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) != KW_OK) {
			if (WIFEXITED(status) &&
			    WEXITSTATUS(status) == KW_LEAKED)
				leaked = i + 1;
			else
				return fc_brokenx("the child of round %d %s",
				    i + 1, fc_status(status, st, sizeof(st)));
		}
	}
	/*
	 * The verdict first.  On a failure the reader is left blocked: the
	 * case process's exit ends it, and a platform this broken may not
	 * survive the thread's exit (glibc ends the process when it thinks
	 * its last thread exits).
	 */
	if ((v = kw_verdict(bad, leaked, i, err)) != FC_PASS)
		return v;
	/* End of file tells the reader to stop, wherever it is. */
	close(k.data[1]);
	pthread_join(t, NULL);
	close(k.data[0]);
	close(k.done[0]);
	close(rel[0]);
	close(rel[1]);
	munmap(k.page, (size_t)pg);
	return v;
}

const struct fc_case fc_cow_cases[] = {
	{ .id = "cow.private-anon", .run = private_anon, .tier = FC_CORE,
	  .spec = "XSH fork, mmap: private memory is copied; later writes "
	  "are seen only by the writer" },
	{ .id = "cow.private-anon/mmap", .run = private_anon_mmap,
	  .tier = FC_CORE,
	  .spec = "XSH fork, mmap: bss and MAP_PRIVATE anonymous pages, "
	  "touched or not, are copied" },
	{ .id = "cow.file-mappings", .run = file_mappings, .tier = FC_CORE,
	  .spec = "XSH fork, mmap: inherited MAP_PRIVATE file mappings stay "
	  "private, MAP_SHARED ones write the file" },
	{ .id = "cow.file-mappings/clean", .run = file_clean, .tier = FC_CORE,
	  .spec = "XSH fork, mmap: a clean MAP_PRIVATE file page the child "
	  "writes first stays private; a MAP_SHARED one carries the parent's "
	  "write to the child" },
	{ .id = "cow.shared-anon", .run = shared_anon, .tier = FC_CORE,
	  .spec = "XSH fork, mmap: MAP_SHARED anonymous memory is shared "
	  "between parent and child" },
	{ .id = "cow.shared-anon/shm-open", SHM_OPEN_ROW,
	  .tier = FC_OPT,
	  .spec = "XSH fork, mmap, shm_open: a mapped shared memory object "
	  "is shared between parent and child" },
	{ .id = "cow.sysv-shm", .run = sysv_shm, .tier = FC_XSI,
	  .spec = "XSH fork, shmat: attached System V segments stay "
	  "attached and shared (shm_nattch counts the child)" },
	{ .id = "cow.kernel-write", .run = kernel_write, .tier = FC_CORE,
	  .timeout = 30,
	  .spec = "XSH fork: data a read() delivers after fork lands in the "
	  "reader's own copy of a private page" },
	{ .id = NULL }
};
