/*
 * status.c: wait statuses, exit codes, signal names and the names of
 * enumerations.
 */

#include "config.h"

#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "runner.h"

static const struct {
	int		 sig;
	const char	*name;
} signames[] = {
	{ SIGHUP, "SIGHUP" },	{ SIGINT, "SIGINT" },	{ SIGQUIT, "SIGQUIT" },
	{ SIGILL, "SIGILL" },	{ SIGTRAP, "SIGTRAP" },	{ SIGABRT, "SIGABRT" },
	{ SIGBUS, "SIGBUS" },	{ SIGFPE, "SIGFPE" },	{ SIGKILL, "SIGKILL" },
	{ SIGUSR1, "SIGUSR1" },	{ SIGSEGV, "SIGSEGV" },	{ SIGUSR2, "SIGUSR2" },
	{ SIGPIPE, "SIGPIPE" },	{ SIGALRM, "SIGALRM" },	{ SIGTERM, "SIGTERM" },
	{ SIGCHLD, "SIGCHLD" },	{ SIGCONT, "SIGCONT" },	{ SIGSTOP, "SIGSTOP" },
	{ SIGTSTP, "SIGTSTP" },	{ SIGTTIN, "SIGTTIN" },	{ SIGTTOU, "SIGTTOU" },
	{ SIGURG, "SIGURG" },	{ SIGXCPU, "SIGXCPU" },	{ SIGXFSZ, "SIGXFSZ" },
	{ SIGVTALRM, "SIGVTALRM" }, { SIGPROF, "SIGPROF" }, { SIGSYS, "SIGSYS" },
};

/* names[i] of the n names, or none when i is not among them. */
const char *
name_of(const char *const *names, size_t n, size_t i, const char *none)
{
	return i < n && names[i] != NULL ? names[i] : none;
}

/* "SIGSEGV", or "signal 42" for one without a portable name. */
const char *
sig_name(int sig)
{
	static char	other[32];
	size_t		i;

	for (i = 0; i < sizeof(signames) / sizeof(signames[0]); i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	snprintf(other, sizeof(other), "signal %d", sig);
	return other;
}

/*
 * Describes a wait status: "exited 3", "killed by SIGSEGV (core dumped)",
 * "stopped by SIGSTOP", "continued".
 */
const char *
fc_status(int status, char *s, size_t len)
{
	if (WIFEXITED(status))
		snprintf(s, len, "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(s, len, "killed by %s%s", sig_name(WTERMSIG(status)),
		    WCOREDUMP(status) ? " (core dumped)" : "");
	else if (WIFSTOPPED(status))
		snprintf(s, len, "stopped by %s", sig_name(WSTOPSIG(status)));
	else if (WIFCONTINUED(status))
		snprintf(s, len, "continued");
	else
		snprintf(s, len, "unknown status %#x", status);
	return s;
}

/* An exit code without a recorded verdict, read as automake reads it. */
enum fc_verdict
verdict_of_exit(int code)
{
	switch (code) {
	case FC_PASS:
	case FC_FAIL:
	case FC_SKIP:
		return code;
	default:
		return FC_BROKEN;
	}
}
