/*
 * index.c: every area of the catalogue, in report order.
 */

#include "cases.h"

const struct fc_area fc_areas[] = {
	{ "pid",	fc_pid_cases },
	{ "lim",	fc_lim_cases },
	{ "fd",		fc_fd_cases },
	{ "cow",	fc_cow_cases },
	{ "sig",	fc_sig_cases },
	{ "wait",	fc_wait_cases },
	{ "pgid",	fc_pgid_cases },
	{ "misc",	fc_misc_cases },
	{ NULL,		NULL }
};
