/*
 * misc-pdfork-os.c: FreeBSD process descriptors (pdfork, pdkill).
 * Listed on every platform; elsewhere they skip.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

#define GUARD_MS	3000	/* hang guard for quick waits, scaled */

/*
 * Section: FreeBSD process descriptors.
 */
#if defined(HAVE_PDFORK)

/* A pdfork child and the pipes that steer it. */
struct pdrun {
	pid_t	pid;
	int	pd;
	int	rel;		/* a byte on it releases the child */
	int	res;		/* the child's "alive" byte, then EOF */
};

/*
 * pdfork()s a child that waits on the release pipe and answers with a
 * byte of its own when it got one (not when it got end of file).
 */
static int
pd_start(struct pdrun *r, int flags)
{
	pid_t	pid;
	int	rel[2], res[2];

	if (fc_pipe(rel) == -1)
		return -1;
	if (fc_pipe(res) == -1) {
		close(rel[0]);
		close(rel[1]);
		return -1;
	}
	fflush(NULL);
	if ((pid = pdfork(&r->pd, flags)) == -1) {
		close(rel[0]);
		close(rel[1]);
		close(res[0]);
		close(res[1]);
		return -1;
	}
	if (pid == 0) {
		close(rel[1]);
		close(res[0]);
		if (fc_sync_wait(rel[0]) == 0)
			(void)fc_sync_post(res[1]);
		fc_exit(0);
	}
	close(rel[0]);
	close(res[1]);
	r->pid = pid;
	r->rel = rel[1];
	r->res = res[0];
	return 0;
}

/* Releases the child and waits for its end; reaps it if still ours. */
static void
pd_end(struct pdrun *r)
{
	char	c;

	fc_close(&r->rel);
	while (fc_read_all(r->res, &c, 1) == 1)
		continue;
	fc_close(&r->res);
	if (r->pd >= 0) {
		(void)fc_waitpid(r->pid, NULL, 0);
		fc_close(&r->pd);
	}
}

/*
 * pdfork returns a process descriptor for the child: pdgetpid names the
 * child, pdkill signals it, poll reports POLLHUP once it is dead, and
 * waitpid still collects its status.  A kernel whose descriptor names
 * another process, or misses the child's death, fails.
 */
static enum fc_verdict
pdfork_case(const struct fc_case *c FC_UNUSED)
{
	struct pdrun	r;
	struct pollfd	pfd;
	pid_t		pid;
	int		n, status;
	char		st[64];

	if (pd_start(&r, 0) == -1)
		return fc_broken("pdfork");
	if (pdgetpid(r.pd, &pid) == -1) {
		pd_end(&r);
		return fc_broken("pdgetpid");
	}
	if (pid != r.pid) {
		pd_end(&r);
		return fc_fail("pdgetpid says %ld, pdfork returned %ld",
		    (long)pid, (long)r.pid);
	}
	if (pdkill(r.pd, SIGTERM) == -1) {
		pd_end(&r);
		return fc_broken("pdkill");
	}
	pfd.fd = r.pd;
	pfd.events = POLLHUP;
	pfd.revents = 0;
	do
		n = poll(&pfd, 1, fc_guard_ms(GUARD_MS));
	while (n == -1 && errno == EINTR);
	if (fc_waitpid(r.pid, &status, 0) == -1) {
		pd_end(&r);
		return fc_broken("waitpid");
	}
	fc_close(&r.pd);
	pd_end(&r);
	if (n == -1)
		return fc_brokenx("poll on the process descriptor failed");
	if (n == 0)
		return fc_brokenx("guard of %d ms expired waiting for POLLHUP "
		    "on the descriptor of a child killed by pdkill",
		    fc_guard_ms(GUARD_MS));
	if (!(pfd.revents & POLLHUP))
		return fc_fail("poll on the descriptor of a killed child gave "
		    "%d, revents %#x; want POLLHUP", n, pfd.revents);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
		return fc_fail("after pdkill(SIGTERM) the child %s",
		    fc_status(status, st, sizeof(st)));
	return FC_PASS;
}
#define PDFORK_CASE_ROW	.run = pdfork_case

/*
 * Closing the last descriptor of a pdfork child kills it: after close,
 * the byte that would make a live child answer gets no answer, only end
 * of file.  A kernel that lets the child live on fails.
 */
static const int	pd_plain = 0;
/*
 * With PD_DAEMON, closing the descriptor leaves the child alive: it still
 * answers the release byte.  A kernel that kills it anyway fails.
 */
static const int	pd_daemon = PD_DAEMON;

/* The row's pdfork() flags are an int at c->arg. */
static enum fc_verdict
pdfork_close(const struct fc_case *c)
{
	const int	flags = *(const int *)c->arg;
	struct pdrun	r;
	ssize_t		n;
	char		ch;

	(void)signal(SIGPIPE, SIG_IGN);
	if (pd_start(&r, flags) == -1)
		return fc_broken("pdfork");
	fc_close(&r.pd);
	(void)fc_sync_post(r.rel);
	n = fc_read_all(r.res, &ch, 1);
	pd_end(&r);
	if (flags != PD_DAEMON && n == 1)
		return fc_fail("the child outlived the close of its only "
		    "process descriptor (it answered)");
	if (flags == PD_DAEMON && n != 1)
		return fc_fail("closing the descriptor of a PD_DAEMON child "
		    "killed it");
	return FC_PASS;
}
#define PDFORK_CLOSE_ROW(row)	.run = pdfork_close, .arg = &(row)

#else

#define PDFORK_CASE_ROW	.absent = "no pdfork here (FreeBSD only)"
#define PDFORK_CLOSE_ROW(row)	.absent = "no pdfork here (FreeBSD only)"
#endif

const struct fc_case fc_misc_pdfork_os_cases[] = {
	{ .id = "misc.pdfork", PDFORK_CASE_ROW, .tier = FC_BSD,
	  .spec = "FB pdfork(2): pdgetpid, pdkill, POLLHUP at death, status "
	  "through waitpid" },
	{ .id = "misc.pdfork/close-kills", PDFORK_CLOSE_ROW(pd_plain),
	  .tier = FC_BSD,
	  .spec = "FB procdesc(4): closing the last descriptor kills the "
	  "child" },
	{ .id = "misc.pdfork/daemon", PDFORK_CLOSE_ROW(pd_daemon),
	  .tier = FC_BSD,
	  .spec = "FB pdfork(2): a PD_DAEMON child survives the close of its "
	  "descriptor" },
	{ .id = NULL }
};
