/*
 * lim-os.c: lim cases that need one platform's interfaces.  Each is listed
 * on every platform; where its interface is missing, it skips.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cases.h"

#if defined(__linux__)
/* Reads one "Name:   123 kB" line of /proc/meminfo, in kB; -1 if absent. */
static long long
meminfo_kb(const char *name)
{
	FILE		*f;
	char		 line[128];
	long long	 kb = -1;
	size_t		 len = strlen(name);

	if ((f = fopen("/proc/meminfo", "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, name, len) == 0 && line[len] == ':' &&
		    sscanf(line + len + 1, "%lld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/*
 * Linux with strict overcommit (vm.overcommit_memory=2, a dedicated VM;
 * skips otherwise): the parent maps private writable memory worth three
 * quarters of the commit charge still free, so the child's copy cannot be
 * charged.  fork() must fail with ENOMEM and create no child.  A kernel
 * that forks anyway (overcommitting in strict mode), fails with another
 * errno, or leaves a child behind on failure fails.
 */
static enum fc_verdict
enomem(const struct fc_case *c FC_UNUSED)
{
	FILE		*f;
	long long	 limit, committed;
	size_t		 size;
	void		*p;
	pid_t		 pid;
	int		 mode, error, status;

	if ((f = fopen("/proc/sys/vm/overcommit_memory", "re")) == NULL)
		return fc_skip("no /proc/sys/vm/overcommit_memory: %s",
		    strerror(errno));
	if (fscanf(f, "%d", &mode) != 1)
		mode = -1;
	fclose(f);
	if (mode != 2)
		return fc_skip("vm.overcommit_memory is %d: the case needs "
		    "strict overcommit (2), in a dedicated VM", mode);
	limit = meminfo_kb("CommitLimit");
	committed = meminfo_kb("Committed_AS");
	if (limit == -1 || committed == -1)
		return fc_brokenx("no CommitLimit or Committed_AS in "
		    "/proc/meminfo");
	if (limit <= committed)
		return fc_skip("no commit charge is free (CommitLimit %lld "
		    "kB, Committed_AS %lld kB)", limit, committed);
	size = (size_t)((limit - committed) / 4 * 3) * 1024;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return fc_broken("mmap of %zu kB", size / 1024);
	if ((pid = fc_fork()) == 0)
		fc_exit(0);
	error = errno;
	munmap(p, size);
	if (pid > 0) {
		fc_waitpid(pid, &status, 0);
		return fc_fail("fork succeeded though the child's copy of %zu "
		    "kB of private memory exceeds the free commit charge of "
		    "%lld kB", size / 1024, limit - committed);
	}
	if (error != ENOMEM)
		return fc_fail("fork failed with %s, want ENOMEM",
		    strerror(error));
	if ((pid = fc_waitpid(-1, &status, WNOHANG)) != -1 || errno != ECHILD)
		return fc_fail("after the failed fork, waitpid(-1) returned "
		    "%ld, want -1/ECHILD: a child was created", (long)pid);
	return FC_PASS;
}
#else
static enum fc_verdict
enomem(const struct fc_case *c FC_UNUSED)
{
	return fc_skip("strict overcommit is a Linux setting");
}
#endif

const struct fc_case fc_lim_os_cases[] = {
	{ .id = "lim.enomem", .run = enomem, .tier = FC_OPT,
	  .spec = "XSH fork ERRORS: [ENOMEM] may fail: insufficient storage "
	  "space; L: fork(2) ENOMEM; no child is created" },
	{ .id = NULL }
};
