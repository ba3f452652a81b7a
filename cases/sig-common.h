/*
 * sig-common.h: what the sig cases (sig-disp.c, sig-chld.c, sig-reap.c)
 * share: the handlers' state and the helpers, defined in sig-disp.c.
 */

#ifndef SIG_COMMON_H
#define SIG_COMMON_H

#include <signal.h>

#include "forkcheck.h"

#define NCHLD		4		/* SIGCHLD siginfos kept */

extern volatile sig_atomic_t	nchld;		/* on_chld() runs */
extern siginfo_t		chld[NCHLD];	/* their first siginfos */

void	on_chld(int sig, siginfo_t *si, void *uc);
/* Adds one signal to the caller's mask, or removes it. */
int	mask_one(int how, int sig);
/* Whether sig is pending for the caller: 1, 0, or -1 on error. */
int	is_pending(int sig);
/* Blocks SIGCHLD, installs on_chld with flags, empties chld[]: 0 or -1. */
int	catch_chld(int flags);
/*
 * SIGCHLD is blocked and on_chld installed: lets each pending SIGCHLD
 * run the handler (unblocking delivers it before sigprocmask returns).
 * Returns how many ran, or -1.
 */
int	drain_chld(void);
/* SIGCHLD is blocked: waits in sigsuspend() until on_chld ran n times. */
int	wait_chld(int n);
/* The zombie barrier: waits until pid has terminated, without reaping. */
int	zombie(pid_t pid);
const char	*cld_name(int code);
/* "si_signo 17, si_code CLD_EXITED (1), si_pid 42, si_uid 0, si_status 3" */
const char	*info_str(const siginfo_t *si, char *buf, size_t len);
/*
 * Whether a SIGCHLD siginfo says what it must: SIGCHLD, the code, the
 * child's pid and the status (uid is checked only when not -1).
 */
int	info_is(const siginfo_t *si, int code, pid_t pid, long uid, int status);
/*
 * The verdict on a child that runs an inherited SIGUSR1 handler and exits
 * with a code up to max: a fail if SIGUSR1 killed it, broken if it ended
 * otherwise; FC_PASS leaves the code to the caller.
 */
enum fc_verdict usr1_child(int status, int max);

/* Sets sig's action to fn (a function, SIG_IGN or SIG_DFL) with flags. */
int	set_action(int sig, void (*fn)(int), int flags);
/* The same for an SA_SIGINFO handler. */
int	set_info_action(int sig, void (*fn)(int, siginfo_t *, void *),
	    int flags);

#endif /* !SIG_COMMON_H */
