/*
 * clock.c: monotonic time and deadline arithmetic.  poll() takes whole
 * milliseconds and adds a slack of 0.1% of its timeout on Linux, so the
 * runner sleeps in short slices rounded up, and never wakes early.
 */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "runner.h"

int64_t
clock_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* A case's timeout (0 = the default) scaled by the multiplier. */
int64_t
timeout_ns(double timeout, double multiplier)
{
	double	ns;

	if (timeout <= 0)
		timeout = FC_TIMEOUT;
	ns = timeout * multiplier * 1e9;
	if (ns > 1e18)
		ns = 1e18;
	if (ns < 1e6)
		ns = 1e6;
	return (int64_t)ns;
}

/*
 * How long to poll, in ms, to wake at the deadline but no later than
 * max ms from now: rounded up, so never before the deadline.
 */
int
slice_ms(int64_t deadline, int64_t now, int max)
{
	int64_t	left;

	if (deadline <= now)
		return 0;
	left = (deadline - now + 999999) / 1000000;
	return left > max ? max : (int)left;
}

/* "5", "0.1", "2.5": seconds as a person would write them. */
void
fmt_seconds(char *s, size_t len, int64_t ns)
{
	if (ns % 1000000000 == 0)
		snprintf(s, len, "%lld", (long long)(ns / 1000000000));
	else
		snprintf(s, len, "%.3g", (double)ns / 1e9);
}
