/*
 * tim-os.c: tim cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 *
 * XSH fork [TMR], base since Issue 7: "Per-process timers created by the
 * parent shall not be inherited by the child process."
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#if defined(HAVE_TIMER_CREATE)
struct timer_seen {
	int			ret;	/* timer_gettime() in the child */
	int			err;	/* its errno */
	struct itimerspec	its;
};

/*
 * The parent creates a timer (SIGEV_NONE) and arms it for 100 s, then
 * forks: in the child, timer_gettime() of the parent's timer ID must fail
 * (EINVAL: no such timer there), while the parent's timer stays armed.  A
 * platform that copies per-process timers into the child fails.
 */
static enum fc_verdict
posix_timers(const struct fc_case *c FC_UNUSED)
{
	struct timer_seen	seen;
	struct itimerspec	its;
	struct sigevent		sev;
	struct fc_sub		sub;
	timer_t			id;
	ssize_t			n;
	int			status;
	char			st[64];

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_NONE;
	if (timer_create(CLOCK_REALTIME, &sev, &id) == -1) {
		if (errno == ENOSYS)
			return fc_skip("timer_create: %s", strerror(errno));
		return fc_broken("timer_create");
	}
	memset(&its, 0, sizeof(its));
	its.it_value.tv_sec = its.it_interval.tv_sec = 100;
	if (timer_settime(id, 0, &its, NULL) == -1)
		return fc_broken("timer_settime");
	if (fc_sub_fork(&sub) == -1)
		return fc_broken("fork");
	if (sub.pid == 0) {
		memset(&seen, 0, sizeof(seen));
		seen.ret = timer_gettime(id, &seen.its);
		seen.err = seen.ret == -1 ? errno : 0;
		fc_exit(fc_write_all(sub.fd, &seen, sizeof(seen)) == 0 ? 0 :
		    1);
	}
	n = fc_read_all(sub.fd, &seen, sizeof(seen));
	if (fc_sub_wait(&sub, &status) == -1)
		return fc_broken("waitpid");
	if (n != (ssize_t)sizeof(seen))
		return fc_brokenx("the child sent %zd of %zu bytes and %s", n,
		    sizeof(seen), fc_status(status, st, sizeof(st)));
	if (seen.ret == 0)
		return fc_fail("in the child timer_gettime() of the parent's "
		    "timer works (%lld.%09ld s left): the timer was inherited",
		    (long long)seen.its.it_value.tv_sec,
		    (long)seen.its.it_value.tv_nsec);
	if (seen.err != EINVAL)
		fc_note("in the child timer_gettime() of the parent's timer "
		    "failed with %s (POSIX names EINVAL)", strerror(seen.err));
	if (timer_gettime(id, &its) == -1)
		return fc_broken("timer_gettime in the parent");
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		return fc_fail("after fork the parent's timer is disarmed");
	timer_delete(id);
	return FC_PASS;
}
#else
static enum fc_verdict
posix_timers(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("no timer_create() here");
}
#endif

const struct fc_case fc_tim_os_cases[] = {
	{ .id = "tim.posix-timers", .run = posix_timers, .tier = FC_CORE,
	  .spec = "XSH fork: per-process timers (timer_create) are not "
	  "inherited; their IDs are invalid in the child" },
	{ .id = NULL }
};
