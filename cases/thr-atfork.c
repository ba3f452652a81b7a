/*
 * thr-atfork.c: the order and the thread of pthread_atfork handlers (XSH
 * pthread_atfork: prepare handlers run in the reverse order of their
 * registration, parent and child handlers in that order, all in the
 * thread that called fork()).
 *
 * The child calls only async-signal-safe functions and leaves with
 * _exit().
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

/*
 * thr.atfork-order: handlers log two-character tokens ("P3" is prepare
 * of the third registration).  Registrations: 1 all three handlers, 2
 * all NULL, 3 prepare and child, 4 parent only.
 */

#define AF_PARENT	"P3P1A1A4"
#define AF_CHILD	"P3P1C1C3"

struct af_log {
	char	log[24];
	size_t	len;
	int	elsewhere;	/* a handler ran in another thread */
};

static struct af_log	af;
static pthread_t	af_forker;

static void
af_add(char what, char which)
{
	if (!pthread_equal(pthread_self(), af_forker))
		af.elsewhere = 1;
	if (af.len + 2 < sizeof(af.log)) {
		af.log[af.len++] = what;
		af.log[af.len++] = which;
		af.log[af.len] = '\0';
	}
}

static void
af_prepare1(void)
{
	af_add('P', '1');
}

static void
af_parent1(void)
{
	af_add('A', '1');
}

static void
af_child1(void)
{
	af_add('C', '1');
}

static void
af_prepare3(void)
{
	af_add('P', '3');
}

static void
af_child3(void)
{
	af_add('C', '3');
}

static void
af_parent4(void)
{
	af_add('A', '4');
}

struct af_run {
	pid_t		pid;
	int		fd;		/* the child's result pipe */
	int		error;
	struct af_log	parent;		/* the log right after fork */
};

static void *
af_fork(void *arg)
{
	struct af_run	*run = arg;
	struct fc_sub	 sub;

	af_forker = pthread_self();
	if ((run->pid = fc_sub_fork(&sub)) == -1) {
		run->error = errno;
		return NULL;
	}
	if (run->pid == 0)
		_exit(fc_write_all(sub.fd, &af, sizeof(af)) == 0 ? 0 : 1);
	run->parent = af;
	run->fd = sub.fd;
	return NULL;
}

/* Registers the handlers and forks, from a new thread if threaded. */
static enum fc_verdict
atfork_order_run(const struct fc_case *c)
{
	enum fc_verdict	v;
	const int	threaded = *(const int *)c->arg;
	struct af_run	run;
	struct af_log	child;
	pthread_t	tid;
	ssize_t		n;
	int		status, e;
	char		st[64];

	if (threaded && (v = fc_need_threads(
	    "fork handlers run by the forking thread")) != FC_PASS)
		return v;
	memset(&af, 0, sizeof(af));
	memset(&run, 0, sizeof(run));
	if ((e = pthread_atfork(af_prepare1, af_parent1, af_child1)) != 0 ||
	    (e = pthread_atfork(NULL, NULL, NULL)) != 0 ||
	    (e = pthread_atfork(af_prepare3, NULL, af_child3)) != 0 ||
	    (e = pthread_atfork(NULL, af_parent4, NULL)) != 0) {
		if (e == ENOMEM) {
			errno = e;
			return fc_broken("pthread_atfork");
		}
		return fc_fail("pthread_atfork with NULL handlers returned "
		    "%s, want 0", strerror(e));
	}
	if (!threaded)
		af_fork(&run);
	else if ((e = pthread_create(&tid, NULL, af_fork, &run)) != 0 ||
	    (e = pthread_join(tid, NULL)) != 0) {
		errno = e;
		return fc_broken("pthread_create");
	}
	if (run.pid == -1) {
		errno = run.error;
		return fc_broken("fork");
	}
	memset(&child, 0, sizeof(child));
	n = fc_read_all(run.fd, &child, sizeof(child));
	close(run.fd);
	if (fc_waitpid(run.pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(child))
		return fc_brokenx("the child sent %zd of %zu bytes and %s", n,
		    sizeof(child), fc_status(status, st, sizeof(st)));
	child.log[sizeof(child.log) - 1] = '\0';
	if (strcmp(run.parent.log, AF_PARENT) != 0)
		return fc_fail("in the parent the handlers ran as \"%s\", "
		    "want \"%s\" (prepare in reverse order, then parent in "
		    "registration order)", run.parent.log, AF_PARENT);
	if (strcmp(child.log, AF_CHILD) != 0)
		return fc_fail("the child's log is \"%s\", want \"%s\" (the "
		    "prepare handlers, then child in registration order)",
		    child.log, AF_CHILD);
	if (run.parent.elsewhere)
		return fc_fail("a prepare or parent handler ran in a thread "
		    "other than the forking one");
	if (child.elsewhere)
		return fc_fail("in the child, a child handler ran in a thread "
		    "other than the replica of the forking one");
	return FC_PASS;
}

/*
 * Four registrations, two with NULL entries: the prepare handlers run in
 * reverse order before fork (the child's copied log holds them), parent
 * handlers in the parent and child handlers in the child, both in
 * registration order, all in the forking thread.  A platform that skips,
 * reorders or misplaces handlers, or refuses NULL ones, fails.
 */
static const int	atfork_order = 0;
/*
 * The same, forking from a second thread while the main thread waits:
 * every handler must run in the forking thread (in the child, in its
 * replica), never in the main thread.
 */
static const int	atfork_order_thread = 1;

const struct fc_case fc_thr_atfork_cases[] = {
	{ .id = "thr.atfork-order",
	  .run = atfork_order_run, .arg = &atfork_order, .tier = FC_CORE,
	  .spec = "XSH pthread_atfork: prepare in reverse order, parent and "
	  "child in registration order; NULL handlers allowed" },
	{ .id = "thr.atfork-order/thread",
	  .run = atfork_order_run, .arg = &atfork_order_thread,
	  .tier = FC_CORE,
	  .spec = "XSH pthread_atfork: handlers run in the context of the "
	  "thread that called fork()" },
	{ .id = NULL }
};
