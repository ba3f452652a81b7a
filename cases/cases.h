/*
 * cases.h: one table per area, each defined in cases/<area>.c and listed
 * in cases/index.c.
 */

#ifndef CASES_H
#define CASES_H

#include "forkcheck.h"

extern const struct fc_case fc_pid_cases[];
extern const struct fc_case fc_lim_cases[];
extern const struct fc_case fc_fd_cases[];
extern const struct fc_case fc_cow_cases[];
extern const struct fc_case fc_sig_cases[];
extern const struct fc_case fc_wait_cases[];
extern const struct fc_case fc_pgid_cases[];
extern const struct fc_case fc_misc_cases[];

#endif /* !CASES_H */
