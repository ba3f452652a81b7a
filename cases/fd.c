/*
 * fd.c: descriptors and open files across fork (XSH fork: "The child
 * process shall have its own copy of the parent's file descriptors.  Each
 * of the child's file descriptors shall refer to the same open file
 * description with the corresponding file descriptor of the parent.").
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

/*
 * Parent and child write through one inherited append-mode descriptor:
 * the child starts at the parent's offset, both writes land whole, and the
 * child's write and lseek move the parent's offset.  A platform that gives
 * the child its own open file description (a reopen, a private offset)
 * fails.
 */
static enum fc_verdict
same_ofd(void)
{
	static const char	want[] = "parent\nchild\n";
	struct fc_sub		sub;
	char			got[sizeof(want)];
	off_t			off;
	ssize_t			n;
	pid_t			pid;
	int			fd, status;
	char			st[64];

	fd = open("ofd", O_RDWR | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
	    0600);
	if (fd == -1)
		return fc_broken("open");
	if (fc_write_all(fd, "parent\n", 7) == -1)
		return fc_broken("write");
	if ((pid = fc_sub_fork(&sub)) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		off = lseek(fd, 0, SEEK_CUR);
		if (fc_write_all(fd, "child\n", 6) == -1 ||
		    lseek(fd, 2, SEEK_SET) == -1)
			fc_exit(2);
		fc_exit(fc_write_all(sub.fd, &off, sizeof(off)) == 0 ? 0 : 3);
	}
	n = fc_read_all(sub.fd, &off, sizeof(off));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    n != (ssize_t)sizeof(off))
		return fc_fail("the child could not write or seek through the "
		    "inherited descriptor: %s", fc_status(status, st,
		    sizeof(st)));
	if (off != 7)
		return fc_fail("the child started at offset %lld, want the "
		    "parent's 7", (long long)off);
	if ((off = lseek(fd, 0, SEEK_CUR)) != 2)
		return fc_fail("after the child's lseek to 2 the parent's "
		    "offset is %lld: the offset is not shared",
		    (long long)off);
	n = pread(fd, got, sizeof(got), 0);
	close(fd);
	if (n != (ssize_t)strlen(want) || memcmp(got, want, (size_t)n) != 0)
		return fc_fail("the file holds %zd bytes, want \"parent\\n"
		    "child\\n\" (13)", n);
	return FC_PASS;
}

const struct fc_case fc_fd_cases[] = {
	{ .id = "fd.same-ofd", .run = same_ofd, .tier = FC_CORE,
	  .spec = "XSH fork: each child descriptor refers to the same open "
	  "file description (shared offset)" },
	{ .id = NULL }
};
