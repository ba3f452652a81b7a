/*
 * pid-os.c: pid cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include "cases.h"

const struct fc_case fc_pid_os_cases[] = {
	{ .id = NULL }
};
