/*
 * sig.c: signals across fork (XSH fork: "all other characteristics"
 * include signal actions; XSH sigaction).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

static volatile sig_atomic_t	caught;

static void
on_usr1(int sig)
{
	(void)sig;
	caught++;
}

/* Child exit codes: which inherited action differed. */
enum {
	DISP_OK = 0,
	DISP_HANDLER = 10,	/* SIGUSR1's handler is not the parent's */
	DISP_MASK = 11,		/* its sa_mask lost SIGUSR2 */
	DISP_FLAGS = 12,	/* its SA_RESTART is gone */
	DISP_IGNORED = 13,	/* SIGHUP is no longer ignored */
	DISP_DEFAULT = 14,	/* SIGTERM is no longer SIG_DFL */
	DISP_NOT_RUN = 15,	/* SIGUSR1 arrived, the handler did not run */
	DISP_SYNC = 16
};

static int
disp_child(int ready)
{
	struct sigaction	sa;
	sigset_t		block, old;

	if (sigaction(SIGUSR1, NULL, &sa) == -1 || sa.sa_handler != on_usr1)
		return DISP_HANDLER;
	if (!sigismember(&sa.sa_mask, SIGUSR2))
		return DISP_MASK;
	if (!(sa.sa_flags & SA_RESTART))
		return DISP_FLAGS;
	if (sigaction(SIGHUP, NULL, &sa) == -1 || sa.sa_handler != SIG_IGN)
		return DISP_IGNORED;
	if (sigaction(SIGTERM, NULL, &sa) == -1 || sa.sa_handler != SIG_DFL)
		return DISP_DEFAULT;
	/* Block SIGUSR1 until we wait for it, so it cannot be missed. */
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &block, &old) == -1)
		return DISP_SYNC;
	caught = 0;
	if (fc_sync_post(ready) == -1)
		return DISP_SYNC;
	while (caught == 0)
		sigsuspend(&old);
	return caught == 1 ? DISP_OK : DISP_NOT_RUN;
}

/*
 * Signal actions are inherited: a handler with its sa_mask and sa_flags,
 * SIG_IGN and SIG_DFL.  The child checks each, says through a pipe that
 * it is ready, and the parent's SIGUSR1 must run the inherited handler in
 * the child (not in the parent).  A platform that resets handlers at fork
 * fails; so does one that delivers the signal to the wrong process.
 */
static enum fc_verdict
dispositions(void)
{
	static const char *const why[] = {
		[DISP_HANDLER] = "SIGUSR1's handler is not the parent's",
		[DISP_MASK] = "SIGUSR1's sa_mask lost SIGUSR2",
		[DISP_FLAGS] = "SIGUSR1's SA_RESTART flag is gone",
		[DISP_IGNORED] = "SIGHUP is no longer ignored",
		[DISP_DEFAULT] = "SIGTERM is no longer SIG_DFL",
		[DISP_NOT_RUN] = "the handler did not run exactly once",
	};
	struct sigaction	sa;
	int			ready[2], status, code;
	pid_t			pid;
	char			st[64];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sa.sa_flags = SA_RESTART;
	if (sigaction(SIGUSR1, &sa, NULL) == -1)
		return fc_broken("sigaction SIGUSR1");
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = 0;
	if (sigaction(SIGHUP, &sa, NULL) == -1)
		return fc_broken("sigaction SIGHUP");
	caught = 0;
	if (fc_pipe(ready) == -1)
		return fc_broken("pipe");
	if ((pid = fc_fork()) == -1)
		return fc_broken("fork");
	if (pid == 0) {
		close(ready[0]);
		fc_exit(disp_child(ready[1]));
	}
	close(ready[1]);
	if (fc_sync_wait(ready[0]) == 0 && kill(pid, SIGUSR1) == -1)
		return fc_broken("kill");
	close(ready[0]);
	if (fc_waitpid(pid, &status, 0) == -1)
		return fc_broken("waitpid");
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGUSR1)
		return fc_fail("SIGUSR1 killed the child: its inherited handler "
		    "did not run");
	if (!WIFEXITED(status))
		return fc_fail("the child %s", fc_status(status, st,
		    sizeof(st)));
	code = WEXITSTATUS(status);
	if (code >= DISP_HANDLER && code <= DISP_NOT_RUN)
		return fc_fail("in the child, %s", why[code]);
	if (code != DISP_OK)
		return fc_brokenx("the child %s", fc_status(status, st,
		    sizeof(st)));
	if (caught != 0)
		return fc_fail("the handler ran in the parent");
	return FC_PASS;
}

const struct fc_case fc_sig_cases[] = {
	{ .id = "sig.dispositions", .run = dispositions, .tier = FC_CORE,
	  .spec = "XSH fork: signal actions (handler, sa_mask, sa_flags, "
	  "SIG_IGN, SIG_DFL) are inherited" },
	{ .id = NULL }
};
