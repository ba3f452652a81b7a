/*
 * inh.c: (to be written)
 */

#include "config.h"

#include "cases.h"

const struct fc_case fc_inh_cases[] = {
	{ .id = NULL }
};
