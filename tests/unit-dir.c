/*
 * unit-dir.c: libcheck unit tests of harness/dir.c: emptying case
 * directories (readdir() errors included), the run directory's name,
 * and the sweep of dead runs' directories, which must remove nothing
 * else.
 */

#include "config.h"

#include <sys/types.h>
#ifdef HAVE_FLOCK
#include <sys/file.h>
#endif
#include <sys/stat.h>
#include <sys/wait.h>

#include <check.h>
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

Suite	*dir_suite(void);

static char	base[PATH_MAX];

static void
setup(void)
{
	signal(SIGALRM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	snprintf(base, sizeof(base), "%s/unit-dir.XXXXXX", tmp_base());
	ck_assert_ptr_nonnull(mkdtemp(base));
}

static void
teardown(void)
{
	char	*slash = strrchr(base, '/');
	int	 fd;

	*slash = '\0';
	fd = open(base[0] != '\0' ? base : "/", O_RDONLY | O_DIRECTORY);
	*slash = '/';
	if (fd != -1) {
		rmtree_at(fd, slash + 1);
		close(fd);
	}
}

static void
make(const char *rel, int dir)
{
	char	path[PATH_MAX + 64];
	int	fd;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	if (dir)
		ck_assert_int_eq(mkdir(path, 0700), 0);
	else {
		ck_assert_int_ge(fd = open(path, O_WRONLY | O_CREAT, 0600), 0);
		close(fd);
	}
}

static int
exists(const char *rel)
{
	char		path[PATH_MAX + 64];
	struct stat	st;

	snprintf(path, sizeof(path), "%s/%s", base, rel);
	return lstat(path, &st) == 0;
}

/* A pid that existed a moment ago and is gone now. */
static pid_t
dead_pid(void)
{
	pid_t	pid;
	int	status;

	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0)
		_exit(0);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return pid;
}

START_TEST(reset_empties_without_following_links)
{
	char	path[PATH_MAX + 64];
	DIR	*d;

	make("case", 1);
	make("outside", 1);
	make("outside/canary", 0);
	make("case/sub", 1);
	make("case/sub/deeper", 1);
	make("case/sub/deeper/f", 0);
	snprintf(path, sizeof(path), "%s/case/link", base);
	ck_assert_int_eq(symlink("../outside", path), 0);
	snprintf(path, sizeof(path), "%s/case/sub", base);
	ck_assert_int_eq(chmod(path, 0), 0);
	snprintf(path, sizeof(path), "%s/case", base);
	ck_assert_ptr_nonnull(d = opendir(path));
	ck_assert_int_eq(dir_reset(d, dirfd(d)), 0);
	ck_assert(!exists("case/sub"));
	ck_assert(!exists("case/link"));
	ck_assert(exists("outside/canary"));
	ck_assert_int_eq(dir_reset(d, dirfd(d)), 0);	/* empty: nothing to do */
	closedir(d);
}
END_TEST

/* empty_dir() keeps its descriptor; rmtree_at() removes a whole tree. */
START_TEST(empty_dir_and_rmtree)
{
	char	path[PATH_MAX + 64];
	int	fd, top;

	make("d", 1);
	make("d/sub", 1);
	make("d/sub/f", 0);
	make("d/g", 0);
	snprintf(path, sizeof(path), "%s/d", base);
	ck_assert_int_ge(fd = open(path, O_RDONLY | O_DIRECTORY), 0);
	ck_assert_int_eq(empty_dir(fd), 0);
	ck_assert(exists("d") && !exists("d/sub") && !exists("d/g"));
	ck_assert_int_eq(mkdirat(fd, "again", 0700), 0);	/* fd still open */
	ck_assert_int_eq(empty_dir(fd), 0);
	ck_assert(!exists("d/again"));
	close(fd);
	ck_assert_int_eq(empty_dir(-1), -1);
	ck_assert_int_eq(errno, EBADF);
	make("d/sub", 1);
	make("d/sub/f", 0);
	ck_assert_int_ge(top = open(base, O_RDONLY | O_DIRECTORY), 0);
	ck_assert_int_eq(rmtree_at(top, "d"), 0);
	ck_assert(!exists("d"));
	ck_assert_int_eq(rmtree_at(top, "d"), 0);	/* gone already */
	close(top);
}
END_TEST

/*
 * A readdir() error is not the end of the directory.  The stream's
 * descriptor is swapped for a regular file, so getdents() fails for real
 * (ENOTDIR), as it does with EOVERFLOW on 32-bit systems without
 * large-file support.
 */
START_TEST(reset_reports_readdir_errors)
{
	char	path[PATH_MAX + 64];
	DIR	*d;
	int	fd;

	make("case", 1);
	make("case/left", 0);
	make("file", 0);
	snprintf(path, sizeof(path), "%s/case", base);
	ck_assert_ptr_nonnull(d = opendir(path));
	snprintf(path, sizeof(path), "%s/file", base);
	ck_assert_int_ge(fd = open(path, O_RDONLY), 0);
	ck_assert_int_eq(dup2(fd, dirfd(d)), dirfd(d));
	close(fd);
	errno = 0;
	ck_assert_int_eq(dir_reset(d, dirfd(d)), -1);
	ck_assert_int_eq(errno, ENOTDIR);
	closedir(d);
}
END_TEST

START_TEST(rundir_names)
{
	ck_assert_int_eq(rundir_owner("forkcheck-123-AbC9zZ"), 123);
	ck_assert_int_eq(rundir_owner("forkcheck-1-000000"), 1);
	ck_assert_int_eq(rundir_owner("forkcheck-AbC9zZ"), 0);
	ck_assert_int_eq(rundir_owner("forkcheck-0-AbC9zZ"), 0);
	ck_assert_int_eq(rundir_owner("forkcheck-012-AbC9zZ"), 0);
	ck_assert_int_eq(rundir_owner("forkcheck-12-AbC9z"), 0);
	ck_assert_int_eq(rundir_owner("forkcheck-12-AbC9zZx"), 0);
	ck_assert_int_eq(rundir_owner("forkcheck-12-AbC.zZ"), 0);
	ck_assert_int_eq(rundir_owner("forkcheck-12"), 0);
	ck_assert_int_eq(rundir_owner("forkcheck-99999999999-AbC9zZ"), 0);
	ck_assert_int_eq(rundir_owner("xforkcheck-12-AbC9zZ"), 0);
	ck_assert_int_eq(rundir_owner(""), 0);
}
END_TEST

START_TEST(rundir_make_and_remove)
{
	struct stat	st;
	char		path[PATH_MAX + 64], sub[PATH_MAX + 128];
	int		fd;

	ck_assert_int_eq(rundir_make(base, path, sizeof(path), &fd), 0);
	ck_assert_int_eq(rundir_owner(strrchr(path, '/') + 1), getpid());
	ck_assert_int_eq(lstat(path, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(st.st_mode & 077, 0);
	snprintf(sub, sizeof(sub), "%s/w0", path);
	ck_assert_int_eq(mkdir(sub, 0), 0);
	ck_assert_int_eq(rundir_remove(path, fd), 0);
	ck_assert_int_eq(lstat(path, &st), -1);
}
END_TEST

START_TEST(rundir_make_errors)
{
	char	missing[PATH_MAX + 16], path[PATH_MAX + 64], tiny[16];
	int	fd = -1;

	snprintf(missing, sizeof(missing), "%s/missing", base);
	ck_assert_int_eq(rundir_make(missing, tiny, sizeof(tiny), &fd), -1);
	ck_assert_int_eq(errno, ENAMETOOLONG);
	ck_assert_int_eq(rundir_make(missing, path, sizeof(path), &fd), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(fd, -1);
}
END_TEST

/* Only a dead run's own directory goes; links are removed, not followed. */
START_TEST(sweep_removes_dead_runs_only)
{
	char	name[64], other[64], path[PATH_MAX + 128];
	pid_t	dead = dead_pid();
	int	lockfd;

	make("outside", 1);
	make("outside/canary", 0);
	snprintf(name, sizeof(name), "forkcheck-%ld-Dead01", (long)dead);
	make(name, 1);
	snprintf(path, sizeof(path), "%s/w0", name);
	make(path, 1);
	snprintf(path, sizeof(path), "%s/%s/w0/link", base, name);
	ck_assert_int_eq(symlink("../../outside", path), 0);
	/* Decoys. */
	snprintf(other, sizeof(other), "forkcheck-%ld-Live01", (long)getppid());
	make(other, 1);
	snprintf(other, sizeof(other), "forkcheck-%ld-File01", (long)dead);
	make(other, 0);
	snprintf(other, sizeof(other), "forkcheck-%ld-Link01", (long)dead);
	snprintf(path, sizeof(path), "%s/%s", base, other);
	ck_assert_int_eq(symlink("outside", path), 0);
	snprintf(other, sizeof(other), "forkcheck-%ld-Open01", (long)dead);
	make(other, 1);
	snprintf(path, sizeof(path), "%s/%s", base, other);
	ck_assert_int_eq(chmod(path, 0755), 0);
	snprintf(other, sizeof(other), "forkcheck-%ld-Lock01", (long)dead);
	make(other, 1);
	snprintf(path, sizeof(path), "%s/%s", base, other);
	ck_assert_int_ge(lockfd = open(path, O_RDONLY | O_DIRECTORY), 0);
#ifdef HAVE_FLOCK
	ck_assert_int_eq(flock(lockfd, LOCK_EX | LOCK_NB), 0);
#endif
	make("forkcheck-Old123", 1);

	ck_assert_int_eq(rundir_sweep(base), 1);
	ck_assert(!exists(name));
	ck_assert(exists("outside/canary"));
	snprintf(other, sizeof(other), "forkcheck-%ld-Live01", (long)getppid());
	ck_assert(exists(other));
	snprintf(other, sizeof(other), "forkcheck-%ld-File01", (long)dead);
	ck_assert(exists(other));
	snprintf(other, sizeof(other), "forkcheck-%ld-Link01", (long)dead);
	ck_assert(exists(other));
	snprintf(other, sizeof(other), "forkcheck-%ld-Open01", (long)dead);
	ck_assert(exists(other));
	snprintf(other, sizeof(other), "forkcheck-%ld-Lock01", (long)dead);
#ifdef HAVE_FLOCK
	ck_assert(exists(other));
#endif
	ck_assert(exists("forkcheck-Old123"));
	close(lockfd);
}
END_TEST

Suite *
dir_suite(void)
{
	Suite	*s = suite_create("dir");
	TCase	*tc;

	tc = tcase_create("dir");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, reset_empties_without_following_links);
	tcase_add_test(tc, reset_reports_readdir_errors);
	tcase_add_test(tc, empty_dir_and_rmtree);
	tcase_add_test(tc, rundir_names);
	tcase_add_test(tc, rundir_make_and_remove);
	tcase_add_test(tc, rundir_make_errors);
	tcase_add_test(tc, sweep_removes_dead_runs_only);
	suite_add_tcase(s, tc);
	return s;
}
