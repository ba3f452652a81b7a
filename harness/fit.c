/*
 * fit.c: fits a run to the platform before it starts: the timeout
 * multiplier from the platform's measured speed (platform.c), and the
 * number of workers to what RLIMIT_NOFILE and RLIMIT_NPROC allow.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/resource.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

void
run_fit(struct fc_options *o, struct runner *r)
{
	(void)r;
	multiplier_choose(o);
}
