/*
 * cases.h: one table per file: cases/<area>.c holds the portable cases of
 * an area, cases/<area>-os.c those that need one platform's interfaces.
 * cases/index.c lists them all.
 */

#ifndef CASES_H
#define CASES_H

#include <errno.h>

#include "forkcheck.h"

/* errno of a call that returned -1, else 0. */
static inline int
err_of(int ret)
{
	return ret == -1 ? errno : 0;
}

extern const struct fc_case fc_pid_cases[];
extern const struct fc_case fc_pid_os_cases[];
extern const struct fc_case fc_lim_cases[];
extern const struct fc_case fc_lim_os_cases[];
extern const struct fc_case fc_fd_cases[];
extern const struct fc_case fc_fd_os_cases[];
extern const struct fc_case fc_cow_cases[];
extern const struct fc_case fc_cow_os_cases[];
extern const struct fc_case fc_mem_cases[];
extern const struct fc_case fc_mem_os_cases[];
extern const struct fc_case fc_sig_cases[];
extern const struct fc_case fc_sig_os_cases[];
extern const struct fc_case fc_wait_cases[];
extern const struct fc_case fc_wait_os_cases[];
extern const struct fc_case fc_pgid_cases[];
extern const struct fc_case fc_pgid_os_cases[];
extern const struct fc_case fc_thr_cases[];
extern const struct fc_case fc_thr_os_cases[];
extern const struct fc_case fc_inh_cases[];
extern const struct fc_case fc_inh_os_cases[];
extern const struct fc_case fc_tim_cases[];
extern const struct fc_case fc_tim_os_cases[];
extern const struct fc_case fc_misc_cases[];
extern const struct fc_case fc_misc_os_cases[];

#endif /* !CASES_H */
