/*
 * dir.c: the directories forkcheck works in.  A case may leave anything
 * behind -- deep trees, unreadable directories -- and the next case must
 * still start in an empty one, or not at all.  The run's own directory,
 * $TMPDIR/forkcheck-PID-XXXXXX, carries its owner's pid and a lock, so
 * that a later run can remove what a killed one left, and nothing else.
 *
 * Everything below a directory is reached with *at() calls and
 * O_NOFOLLOW: a symbolic link is removed, never followed.
 */

#include "config.h"

#include <sys/types.h>
#ifdef HAVE_FLOCK
#include <sys/file.h>
#endif
#include <sys/stat.h>

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

#define RUN_PREFIX	"forkcheck-"

static int	empty_fd(int);

static int
is_dot(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

/* Removes name, a file or a whole tree, from the directory at dirfd. */
int
rmtree_at(int dirfd, const char *name)
{
	int	fd, rc, saved;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	saved = errno;
	(void)fchmodat(dirfd, name, 0700, AT_SYMLINK_NOFOLLOW);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOTDIR || errno == ELOOP)
			errno = saved;	/* a file that would not go */
		return -1;
	}
	rc = empty_fd(fd);
	saved = errno;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == -1)
		return -1;
	errno = saved;
	return rc;
}

/*
 * Removes every entry of the directory read by d, open at fd (what
 * fdopendir() took, or the same directory: no dirfd(), which some C
 * libraries lack).  A readdir() error is an error (EOVERFLOW without
 * large-file support, ENOENT in a dead process's /proc directory), not the
 * end of the directory.  Returns 0, or -1 with errno of the first failure.
 */
static int
empty_stream(DIR *d, int fd)
{
	struct dirent	*e;
	char		 name[NAME_MAX + 1];
	int		 rc = 0, first = 0;

	rewinddir(d);
	for (;;) {
		errno = 0;
		if ((e = readdir(d)) == NULL)
			break;
		if (is_dot(e->d_name))
			continue;
		/*
		 * A copy: removing a subtree reads other streams, and some
		 * C libraries (dietlibc) return every stream's entries in
		 * one static buffer.
		 */
		snprintf(name, sizeof(name), "%s", e->d_name);
		if (rmtree_at(fd, name) == -1 && rc == 0) {
			rc = -1;
			first = errno;
		}
	}
	if (errno != 0 && rc == 0) {
		rc = -1;
		first = errno;
	}
	errno = first;
	return rc;
}

/* empty_stream() of the directory open at fd, which it closes. */
static int
empty_fd(int fd)
{
	DIR	*d;
	int	 rc, saved;

	if ((d = fdopendir(fd)) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	rc = empty_stream(d, fd);
	saved = errno;
	closedir(d);
	errno = saved;
	return rc;
}

/* Removes everything inside the directory open at fd; fd stays open. */
int
empty_dir(int fd)
{
	int	dup_fd;

	if ((dup_fd = dup(fd)) == -1)
		return -1;
	return empty_fd(dup_fd);
}

/* 1 if the directory read by d has an entry, 0 if not, -1 on error. */
static int
has_entry(DIR *d)
{
	struct dirent	*e;

	rewinddir(d);
	for (;;) {
		errno = 0;
		if ((e = readdir(d)) == NULL)
			return errno != 0 ? -1 : 0;
		if (!is_dot(e->d_name))
			return 1;
	}
}

/*
 * Empties a case directory, read by d and open at fd, for the next case.
 * A rewound stream sees the directory as it is now (XSH rewinddir), so an
 * empty one costs a seek and a read.  Returns 0 when it is empty, else -1 with errno (ENOTEMPTY when
 * entries came back or resisted removal without an error of their own).
 */
int
dir_reset(DIR *d, int fd)
{
	int	 n;

	if ((n = has_entry(d)) <= 0)
		return n;
	if (empty_stream(d, fd) == -1)
		return -1;
	if ((n = has_entry(d)) == 1)
		errno = ENOTEMPTY;
	return n == 0 ? 0 : -1;
}

/* The directory runs work in: $TMPDIR, or /tmp. */
const char *
tmp_base(void)
{
	const char	*base = getenv("TMPDIR");

	return base != NULL && base[0] != '\0' ? base : "/tmp";
}

/*
 * Makes the run's directory, base/forkcheck-PID-XXXXXX, and returns it open
 * and locked (the lock lives as long as the descriptor): 0, or -1 with
 * errno, nothing left behind.
 */
int
rundir_make(const char *base, char *path, size_t len, int *fdp)
{
	int	fd, saved;

	if (snprintf(path, len, "%s/%s%ld-XXXXXX", base, RUN_PREFIX,
	    (long)getpid()) >= (int)len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (mkdtemp(path) == NULL)
		return -1;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		saved = errno;
		(void)rmdir(path);
		errno = saved;
		return -1;
	}
#ifdef HAVE_FLOCK
	(void)flock(fd, LOCK_EX | LOCK_NB);
#endif
	*fdp = fd;
	return 0;
}

/* Removes the run's directory; closing fd drops its lock. */
int
rundir_remove(const char *path, int fd)
{
	int	rc, saved;

	rc = empty_dir(fd);
	saved = errno;
	if (rmdir(path) == -1 && rc == 0) {
		rc = -1;
		saved = errno;
	}
	close(fd);
	errno = saved;
	return rc;
}

/*
 * The owner's pid when name is what rundir_make() makes
 * ("forkcheck-" digits "-" six letters or digits), else 0.
 */
pid_t
rundir_owner(const char *name)
{
	const char	*p;
	long		 pid = 0;
	int		 i;

	if (strncmp(name, RUN_PREFIX, strlen(RUN_PREFIX)) != 0)
		return 0;
	p = name + strlen(RUN_PREFIX);
	if (*p < '1' || *p > '9')
		return 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		pid = pid * 10 + (*p - '0');
		if (pid > 999999999L)
			return 0;
	}
	if (*p++ != '-')
		return 0;
	for (i = 0; i < 6; i++, p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			return 0;
	return *p == '\0' ? (pid_t)pid : 0;
}

/*
 * Whether name in base (open at bfd) is a dead run's directory: our name,
 * a real directory (not a link) of our uid, open to nobody else, its owner
 * gone, its lock free.  Returns it open and locked, or -1.
 */
static int
dead_rundir(int bfd, const char *name)
{
	struct stat	st;
	pid_t		owner;
	int		fd;

	if ((owner = rundir_owner(name)) == 0 || owner == getpid())
		return -1;
	if (kill(owner, 0) == 0 || errno != ESRCH)
		return -1;
	fd = openat(bfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 077) != 0)
		goto keep;
#ifdef HAVE_FLOCK
	if (flock(fd, LOCK_EX | LOCK_NB) == -1)
		goto keep;
#endif
	return fd;
keep:
	close(fd);
	return -1;
}

/*
 * Removes from base what runs that died without cleaning up left there
 * (a SIGKILLed runner, one out of descriptors): only directories that
 * dead_rundir() accepts.  Returns how many it removed.
 */
int
rundir_sweep(const char *base)
{
	struct dirent	*e;
	DIR		*d;
	int		 bfd, fd, n = 0;
	char		 name[NAME_MAX + 1];

	bfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bfd == -1)
		return 0;
	if ((d = fdopendir(bfd)) == NULL) {
		close(bfd);
		return 0;
	}
	while ((e = readdir(d)) != NULL) {
		snprintf(name, sizeof(name), "%s", e->d_name);	/* see above */
		if ((fd = dead_rundir(bfd, name)) == -1)
			continue;
		if (empty_dir(fd) == 0 &&
		    unlinkat(bfd, name, AT_REMOVEDIR) == 0)
			n++;
		close(fd);
	}
	closedir(d);
	return n;
}
