/*
 * osdep-linux.c: containment with PR_SET_CHILD_SUBREAPER.  Orphans of a
 * case are re-parented to its worker, which finds its children in
 * /proc/self/task/<tid>/children (or, without CONFIG_PROC_CHILDREN, by
 * scanning /proc for its pid as parent).
 */

#include "config.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

int
osdep_reaper(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

int
osdep_reaper_owned(void)
{
	int	on = 0;

	if (prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&on, 0, 0, 0) == -1)
		return -1;
	return on != 0;
}

const char *
osdep_containment(void)
{
	return "subreaper (prctl PR_SET_CHILD_SUBREAPER)";
}

/*
 * Calls fn(pid, arg) for each process in /proc, pid the name of its
 * directory, until fn returns non-zero: 0, or -1 if /proc cannot be read.
 */
static int
proc_each(int (*fn)(const char *, void *), void *arg)
{
	DIR		*d;
	struct dirent	*e;

	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9' &&
		    fn(e->d_name, arg) != 0)
			break;
	closedir(d);
	return 0;
}

/*
 * Calls fn(pid, arg) for each child of ours, from
 * /proc/self/task/<tid>/children, until fn returns non-zero: 0, or -1 if
 * that file cannot be read (no CONFIG_PROC_CHILDREN).  They are our own
 * unreaped children, so none of these pids can have been reused.
 */
static int
children_each(int (*fn)(pid_t, void *), void *arg)
{
	char	 path[64], list[65536], *p, *end;
	long	 pid;

	snprintf(path, sizeof(path), "/proc/self/task/%ld/children",
	    (long)getpid());
	if (fc_read_file(path, list, sizeof(list)) == -1)
		return -1;
	for (p = list; *p != '\0'; p = end) {
		pid = strtol(p, &end, 10);
		if (end == p)
			break;
		if (pid > 0 && fn((pid_t)pid, arg) != 0)
			break;
	}
	return 0;
}

struct signalled {
	int	sig;
	int	n;		/* how many took it */
};

static int
signal_one(pid_t pid, void *arg)
{
	struct signalled	*s = arg;

	if (kill(pid, s->sig) == 0)
		s->n++;
	return 0;
}

/* Signals process pid (a /proc name) if its parent, in its stat, is us. */
static int
signal_if_child(const char *pid, void *arg)
{
	char	path[300], stat[512], *p;
	long	ppid;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (fc_read_file(path, stat, sizeof(stat)) <= 0)
		return 0;
	/* pid (comm) state ppid ...; comm may hold spaces and ')' */
	if ((p = strrchr(stat, ')')) == NULL ||
	    sscanf(p + 1, " %*c %ld", &ppid) != 1 || ppid != (long)getpid())
		return 0;
	return signal_one((pid_t)atol(pid), arg);
}

/*
 * Signals every child of the caller; without the children file, every
 * process whose parent we are, from /proc/<pid>/stat.
 */
int
osdep_kill_children(int sig)
{
	struct signalled	s = { sig, 0 };

	if (children_each(signal_one, &s) == -1 &&
	    proc_each(signal_if_child, &s) == -1)
		return -1;
	return s.n;
}

void
osdep_libc(char *name, size_t namelen, char *version, size_t verlen)
{
#if defined(__GLIBC__) && defined(_CS_GNU_LIBC_VERSION)
	char	buf[64];
	size_t	n;

	snprintf(name, namelen, "glibc");
	n = confstr(_CS_GNU_LIBC_VERSION, buf, sizeof(buf));
	if (n > 0 && n <= sizeof(buf) && strncmp(buf, "glibc ", 6) == 0)
		snprintf(version, verlen, "%s", buf + 6);
	else
		snprintf(version, verlen, "%d.%d", __GLIBC__, __GLIBC_MINOR__);
#elif defined(__UCLIBC__)
	snprintf(name, namelen, "uclibc");
	snprintf(version, verlen, "%d.%d.%d", __UCLIBC_MAJOR__,
	    __UCLIBC_MINOR__, __UCLIBC_SUBLEVEL__);
#elif defined(__BIONIC__)
	snprintf(name, namelen, "bionic");
	snprintf(version, verlen, "unknown");
#elif defined(__dietlibc__)
	snprintf(name, namelen, "dietlibc");
	snprintf(version, verlen, "unknown");
#elif defined(__DEFINED_size_t)
	/*
	 * musl defines no macro of its own, on purpose; its
	 * <bits/alltypes.h> marks each type it has defined this way.
	 */
	snprintf(name, namelen, "musl");
	snprintf(version, verlen, "unknown");
#else
	/* Named truthfully: no libc expectations apply. */
	snprintf(name, namelen, "unknown");
	snprintf(version, verlen, "unknown");
#endif
}

/* Architectures a 64-bit kernel also runs natively (compat, personality). */
static int
compat_arch(const char *machine, const char *host)
{
	static const struct {
		const char	*host;
		const char	*guest;
	} pairs[] = {
		{ "x86_64", "i386" }, { "x86_64", "i486" }, { "x86_64", "i586" },
		{ "x86_64", "i686" }, { "aarch64", "armv7l" },
		{ "aarch64", "armv8l" }, { "aarch64", "armv6l" },
		{ "ppc64le", "ppc" }, { "ppc64", "ppc" }, { "s390x", "s390" },
		{ "mips64", "mips" }, { "sparc64", "sparc" },
	};
	size_t	i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(host, pairs[i].host) == 0 &&
		    strcmp(machine, pairs[i].guest) == 0)
			return 1;
	return 0;
}

/* The kernel's own architecture (Linux 5.12 and later), or "". */
static void
kernel_arch(char *host, size_t len)
{
	ssize_t	n;

	if ((n = fc_read_file("/proc/sys/kernel/arch", host, len)) <= 0) {
		host[0] = '\0';
		return;
	}
	while (n > 0 && (host[n - 1] == '\n' || host[n - 1] == ' '))
		host[--n] = '\0';
}

/*
 * The executable the kernel runs, read through a path no emulator we
 * know rewrites: qemu-user and valgrind answer a readlink of
 * "/proc/self/exe" (and of "/proc/<pid>/exe") with the guest's program,
 * but not a readlinkat of "exe" relative to a descriptor of /proc/self,
 * nor /proc/thread-self/exe.  0 and the path in real, or -1.
 */
int
osdep_real_exe(char *real, size_t len)
{
	ssize_t	n = -1;
	int	fd;

	fd = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		n = readlinkat(fd, "exe", real, len - 1);
		close(fd);
	}
	if (n <= 0)
		n = readlink("/proc/thread-self/exe", real, len - 1);
	if (n <= 0)
		return -1;
	real[n] = '\0';
	return 0;
}

/* Whether /proc/self/maps names valgrind's preloaded library. */
static int
vgpreload_mapped(void)
{
	static char	maps[1 << 18];

	if (fc_read_file("/proc/self/maps", maps, sizeof(maps)) <= 0)
		return 0;
	return strstr(maps, "/vgpreload_") != NULL;
}

/*
 * Names the emulator the program runs under from what it tells (and
 * what it hides) about the process, or returns 0 with how saying what was
 * checked.  Three signs, each enough:
 * - /proc/self/exe, as the emulator shows it, is the guest program, but
 *   the kernel runs the emulator (osdep_real_exe()): qemu-<arch>, or a
 *   valgrind tool (memcheck-amd64-linux).  This holds for a guest of the
 *   host's own family (i686 on x86-64, armhf on aarch64), whose uname()
 *   looks native;
 * - valgrind's preload library is mapped;
 * - uname() says a machine the kernel (/proc/sys/kernel/arch) cannot run
 *   natively.
 */
int
osdep_emulator(char *name, size_t len, char *how, size_t howlen)
{
	struct utsname	 u;
	char		 shown[PATH_MAX], real[PATH_MAX], host[64];
	const char	*base;
	ssize_t		 n;
	int		 lies;

	kernel_arch(host, sizeof(host));
	if (uname(&u) == -1)
		snprintf(u.machine, sizeof(u.machine), "unknown");
	n = readlink("/proc/self/exe", shown, sizeof(shown) - 1);
	shown[n > 0 ? n : 0] = '\0';
	lies = n > 0 && osdep_real_exe(real, sizeof(real)) == 0 &&
	    strcmp(shown, real) != 0;
	base = lies ? (strrchr(real, '/') != NULL ? strrchr(real, '/') + 1 :
	    real) : "";
	if (lies && strncmp(base, "qemu-", 5) == 0) {
		if (host[0] != '\0')
			snprintf(name, len, "qemu-user (%s on %s)", u.machine,
			    host);
		else
			snprintf(name, len, "qemu-user (%s)", base);
		snprintf(how, howlen, "the kernel runs %s, /proc/self/exe "
		    "says %s", real, shown);
		return 1;
	}
	if (vgpreload_mapped() || (lies && (strstr(real, "valgrind") !=
	    NULL || strstr(base, "-linux") != NULL))) {
		snprintf(name, len, "valgrind (%.*s)", (int)strcspn(base, "-"),
		    lies ? base : "tool unknown");
		if (lies)
			snprintf(how, howlen, "the kernel runs %s, "
			    "/proc/self/exe says %s", real, shown);
		else
			snprintf(how, howlen, "/proc/self/maps holds "
			    "valgrind's vgpreload library");
		return 1;
	}
	if (lies) {
		snprintf(name, len, "%s", base);
		snprintf(how, howlen, "the kernel runs %s, /proc/self/exe "
		    "says %s", real, shown);
		return 1;
	}
	if (host[0] != '\0' && strcmp(host, u.machine) != 0 &&
	    !compat_arch(u.machine, host)) {
		snprintf(name, len, "qemu-user (%s on %s)", u.machine, host);
		snprintf(how, howlen, "uname() says %s, the kernel's "
		    "/proc/sys/kernel/arch %s", u.machine, host);
		return 1;
	}
	snprintf(how, howlen, "/proc/self/exe is what the kernel runs, no "
	    "valgrind library mapped, %s on %s", u.machine,
	    host[0] != '\0' ? host : "a kernel that does not say its arch");
	return 0;
}

/* Asks for transparent huge pages on a region, or for none. */
int
osdep_hugepages(void *p, size_t len, int on)
{
	return madvise(p, len, on ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
}

/*
 * The number of threads of process pid, into *n; *how names the method.
 * Returns 0, or -1 with errno (ENOSYS: no method on this platform).
 */
int
osdep_count_threads(pid_t pid, long *n, const char **how)
{
	char	path[64], buf[8192], *p;

	*how = "/proc/<pid>/status";
	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if (fc_read_file(path, buf, sizeof(buf)) == -1)
		return -1;
	if ((p = strstr(buf, "\nThreads:")) == NULL) {
		errno = ENOENT;
		return -1;
	}
	*n = strtol(p + 9, NULL, 10);
	return 0;
}

struct tasks {
	uid_t	uid;
	long	n;
};

/* Counts process pid's threads if its real uid is the one sought. */
static int
count_tasks(const char *pid, void *arg)
{
	struct tasks	*t = arg;
	char		 path[300], buf[4096], *p;

	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	if (fc_read_file(path, buf, sizeof(buf)) <= 0 ||
	    (p = strstr(buf, "\nUid:")) == NULL ||
	    strtol(p + 5, NULL, 10) != (long)t->uid)
		return 0;
	t->n += (p = strstr(buf, "\nThreads:")) != NULL ?
	    strtol(p + 9, NULL, 10) : 1;
	return 0;
}

/*
 * The processes and threads whose real uid is uid (what RLIMIT_NPROC
 * counts), from /proc/<pid>/status; -1 if /proc cannot be read.
 */
long
osdep_user_tasks(uid_t uid)
{
	struct tasks	t = { uid, 0 };

	if (proc_each(count_tasks, &t) == -1)
		return -1;
	return t.n;
}

struct pids {
	pid_t	*pids;
	int	 max;
	int	 n;
	char	 want[64];	/* osdep_pipe_holders(): the pipe's link */
};

static int
add_pid(pid_t pid, void *arg)
{
	struct pids	*l = arg;

	if (l->n < l->max)
		l->pids[l->n++] = pid;
	return l->n >= l->max;
}

/*
 * Our children, up to max of them, into pids: the number found, or -1
 * if /proc cannot say.
 */
int
osdep_children(pid_t *pids, int max)
{
	struct pids	l = { pids, max, 0, "" };

	if (children_each(add_pid, &l) == -1)
		return -1;
	return l.n;
}

/*
 * What /proc/<pid>/stat says of a process, in a few words: "sleep, state
 * D: uninterruptible, in the kernel", or "" if it is gone.
 */
void
osdep_proc_brief(pid_t pid, char *brief, size_t len)
{
	char	path[64], stat[512], *open, *close, state;

	brief[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (fc_read_file(path, stat, sizeof(stat)) <= 0 ||
	    (open = strchr(stat, '(')) == NULL ||
	    (close = strrchr(stat, ')')) == NULL || close < open)
		return;
	state = close[1] == ' ' ? close[2] : '?';
	snprintf(brief, len, "%.*s, state %c%s", (int)(close - open - 1),
	    open + 1, state, state == 'D' ? ": uninterruptible, in the "
	    "kernel" : state == 'Z' ? ": dead, not yet reapable, as when a "
	    "tracer has not waited for it" : state == 'T' ? ": stopped" :
	    state == 't' ? ": stopped by a tracer" : "");
}

/* Adds process pid (a /proc name) if it is not us and holds the pipe. */
static int
add_if_holder(const char *pid, void *arg)
{
	struct pids	*l = arg;
	DIR		*fds;
	struct dirent	*f;
	char		 path[600], link[64];
	ssize_t		 len;
	int		 hit = 0;

	if ((pid_t)atol(pid) == getpid())
		return 0;
	snprintf(path, sizeof(path), "/proc/%s/fd", pid);
	if ((fds = opendir(path)) == NULL)
		return 0;
	while (!hit && (f = readdir(fds)) != NULL) {
		snprintf(path, sizeof(path), "/proc/%s/fd/%s", pid, f->d_name);
		len = readlink(path, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = '\0';
		hit = strcmp(link, l->want) == 0;
	}
	closedir(fds);
	return hit ? add_pid((pid_t)atol(pid), l) : 0;
}

/*
 * The processes but us with a descriptor on the pipe fd is an end of, up
 * to max, into pids: the number found, or -1 if /proc cannot say.
 */
int
osdep_pipe_holders(int fd, pid_t *pids, int max)
{
	struct pids	l = { pids, max, 0, "" };
	struct stat	st;

	if (fstat(fd, &st) == -1)
		return -1;
	snprintf(l.want, sizeof(l.want), "pipe:[%llu]",
	    (unsigned long long)st.st_ino);
	if (proc_each(add_if_holder, &l) == -1)
		return -1;
	return l.n;
}
