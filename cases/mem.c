/*
 * mem.c: (to be written)
 */

#include "config.h"

#include "cases.h"

const struct fc_case fc_mem_cases[] = {
	{ .id = NULL }
};
