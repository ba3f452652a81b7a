/*
 * wait-common.h: what the wait cases (wait-status.c, wait-select.c,
 * wait-life.c) share.
 */

#ifndef WAIT_COMMON_H
#define WAIT_COMMON_H

#include "forkcheck.h"

/*
 * A child parked on a pipe: it leaves with its exit code once the parent
 * writes a byte to fd (or every write end is gone).  pid is -1 once the
 * child has been reaped, fd -1 once released.
 */
struct held {
	pid_t	pid;
	int	fd;
};

void	held_init(struct held *h, size_t n);
/*
 * Forks a held child that exits with code when released.  With newgroup,
 * the child is put in a process group of its own, from both sides.
 */
int	hold(struct held *h, int code, int newgroup);
/* Lets a held child go on to exit. */
int	release(struct held *h);
/* Cleanup for every path: kills and reaps a held child not reaped yet. */
void	drop(struct held *h, size_t n);
/*
 * The zombie barrier: returns once child pid has terminated, leaving it
 * unreaped (waitid with WEXITED | WNOWAIT).
 */
enum fc_verdict await_zombie(pid_t pid);
/* Forks a child that exits with code at once; waits until it is a zombie. */
enum fc_verdict make_zombie(int code, pid_t *pid);
/* Reaps pid, which must exit with code; a verdict for anything else. */
enum fc_verdict reap_exited(pid_t pid, int code);
/* Checks a waitid() report of an exit: its pid, code and status. */
enum fc_verdict check_exited_si(const char *what, const siginfo_t *si,
	    pid_t pid, int code);
/*
 * A case with held children: .run = held_case, .arg = a struct held_run
 * naming the function that runs with n of them (at most HELD_MAX), all
 * initialised; they are dropped whatever it returns.
 */
#define HELD_MAX	3
struct held_run {
	enum fc_verdict	(*run)(struct held *);
	size_t		n;
};
enum fc_verdict held_case(const struct fc_case *);
/* Fills a siginfo_t with junk, so that fields left alone show. */
void	junk_si(siginfo_t *si);

#endif /* !WAIT_COMMON_H */
