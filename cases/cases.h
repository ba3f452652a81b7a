/*
 * cases.h: the tables of the case files, and what several of them share.
 * cases/<area>[-<topic>].c holds portable cases, cases/<area>[-<topic>]-os.c
 * those that need one platform's interfaces (their feature facts are in
 * os-features.h); one table per file, all listed in cases/index.c in
 * report order.
 */

#ifndef CASES_H
#define CASES_H

#include <errno.h>

#include "compat.h"
#include "forkcheck.h"

/* Whether len bytes at m all equal c. */
static inline int
filled(const volatile char *m, size_t len, char c)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (m[i] != c)
			return 0;
	return 1;
}

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
extern const struct fc_case fc_fd_objects_cases[];
extern const struct fc_case fc_fd_os_cases[];
extern const struct fc_case fc_fd_events_os_cases[];
extern const struct fc_case fc_cow_cases[];
extern const struct fc_case fc_cow_os_cases[];
extern const struct fc_case fc_mem_cases[];
extern const struct fc_case fc_mem_os_cases[];
extern const struct fc_case fc_sig_cases[];
extern const struct fc_case fc_sig_chld_cases[];
extern const struct fc_case fc_sig_reap_cases[];
extern const struct fc_case fc_sig_os_cases[];
extern const struct fc_case fc_sig_fork_cases[];
extern const struct fc_case fc_wait_cases[];
extern const struct fc_case fc_wait_select_cases[];
extern const struct fc_case fc_wait_life_cases[];
extern const struct fc_case fc_wait_os_cases[];
extern const struct fc_case fc_pgid_cases[];
extern const struct fc_case fc_pgid_kill_cases[];
extern const struct fc_case fc_pgid_os_cases[];
extern const struct fc_case fc_thr_cases[];
extern const struct fc_case fc_thr_atfork_cases[];
extern const struct fc_case fc_thr_os_cases[];
extern const struct fc_case fc_thr_pshared_cases[];
extern const struct fc_case fc_inh_cases[];
extern const struct fc_case fc_inh_os_cases[];
extern const struct fc_case fc_inh_prctl_os_cases[];
extern const struct fc_case fc_tim_cases[];
extern const struct fc_case fc_tim_os_cases[];
extern const struct fc_case fc_misc_cases[];
extern const struct fc_case fc_misc_os_cases[];
extern const struct fc_case fc_misc_spawn_os_cases[];
extern const struct fc_case fc_misc_vfork_os_cases[];
extern const struct fc_case fc_misc_pdfork_os_cases[];

/*
 * Helpers an area's portable file lends its -os.c file, for cases behind
 * different guards (so that no helper needs a guard of its own).
 */
/* pid.c: judges the pid(s) a child reported (see there). */
enum fc_verdict	pid_judge(pid_t, const pid_t *, const char *const *, int,
		    ssize_t, size_t, int);
enum fc_verdict	pid_judge_pipe(pid_t, int [2], const char *const *);
/* misc.c: a grandchild made by make() in a forked child exits 5. */
enum fc_verdict	misc_nested(pid_t (*)(void), const char *);

#endif /* !CASES_H */
