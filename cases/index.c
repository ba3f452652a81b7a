/*
 * index.c: every table of the catalogue's areas, in report order.
 */

#include "cases.h"

const int fc_suite_defaults = 1;

const struct fc_area fc_areas[] = {
	{ "pid",	fc_pid_cases },
	{ "pid",	fc_pid_os_cases },
	{ "lim",	fc_lim_cases },
	{ "lim",	fc_lim_os_cases },
	{ "fd",	fc_fd_cases },
	{ "fd",	fc_fd_objects_cases },
	{ "fd",	fc_fd_os_cases },
	{ "fd",	fc_fd_events_os_cases },
	{ "cow",	fc_cow_cases },
	{ "cow",	fc_cow_os_cases },
	{ "mem",	fc_mem_cases },
	{ "mem",	fc_mem_os_cases },
	{ "sig",	fc_sig_cases },
	{ "sig",	fc_sig_chld_cases },
	{ "sig",	fc_sig_reap_cases },
	{ "sig",	fc_sig_os_cases },
	{ "sig",	fc_sig_fork_cases },
	{ "wait",	fc_wait_cases },
	{ "wait",	fc_wait_select_cases },
	{ "wait",	fc_wait_life_cases },
	{ "wait",	fc_wait_os_cases },
	{ "pgid",	fc_pgid_cases },
	{ "pgid",	fc_pgid_kill_cases },
	{ "pgid",	fc_pgid_os_cases },
	{ "thr",	fc_thr_cases },
	{ "thr",	fc_thr_atfork_cases },
	{ "thr",	fc_thr_os_cases },
	{ "thr",	fc_thr_pshared_cases },
	{ "inh",	fc_inh_cases },
	{ "inh",	fc_inh_os_cases },
	{ "inh",	fc_inh_prctl_os_cases },
	{ "tim",	fc_tim_cases },
	{ "tim",	fc_tim_os_cases },
	{ "misc",	fc_misc_cases },
	{ "misc",	fc_misc_os_cases },
	{ "misc",	fc_misc_spawn_os_cases },
	{ "misc",	fc_misc_vfork_os_cases },
	{ "misc",	fc_misc_pdfork_os_cases },
	{ NULL,		NULL }
};
