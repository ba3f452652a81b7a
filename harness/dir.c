/*
 * dir.c: emptying and removing the directories cases work in.  A case may
 * leave anything behind -- deep trees, unreadable directories -- and the
 * next case must still start in an empty one.
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

/* Removes name, a file or a whole tree, from the directory at dirfd. */
int
rmtree_at(int dirfd, const char *name)
{
	int	fd, rc;

	if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	(void)fchmodat(dirfd, name, 0700, AT_SYMLINK_NOFOLLOW);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	if (fd == -1)
		return -1;
	rc = empty_dir(fd);
	close(fd);
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == -1)
		return -1;
	return rc;
}

/* Removes everything inside the directory open at fd; fd stays open. */
int
empty_dir(int fd)
{
	DIR		*d;
	struct dirent	*e;
	int		 dup_fd, rc = 0;

	if ((dup_fd = dup(fd)) == -1)
		return -1;
	if ((d = fdopendir(dup_fd)) == NULL) {
		close(dup_fd);
		return -1;
	}
	rewinddir(d);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (rmtree_at(fd, e->d_name) == -1)
			rc = -1;
	}
	closedir(d);
	return rc;
}
