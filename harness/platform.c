/*
 * platform.c: the facts a report records about the platform and the
 * build: system, libc, compiler, configure arguments, user, containment.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runner.h"

void
platform_get(struct platform *p, int reaper)
{
	struct utsname	 u;
	struct tm	*tm;
	time_t		 now = time(NULL);

	memset(p, 0, sizeof(*p));
	if (uname(&u) == 0) {
		snprintf(p->system, sizeof(p->system), "%s", u.sysname);
		snprintf(p->release, sizeof(p->release), "%s", u.release);
		snprintf(p->machine, sizeof(p->machine), "%s", u.machine);
	} else
		snprintf(p->system, sizeof(p->system), "unknown");
	osdep_libc(p->libc, sizeof(p->libc), p->libc_version,
	    sizeof(p->libc_version));
	p->compiler = FC_COMPILER;
	p->configure = FC_CONFIGURE_ARGS;
	p->containment = reaper ? osdep_containment() :
	    "process group (partial: escaped descendants are not reached)";
	p->emulator = fc_emulator();
	p->uid = (long)getuid();
	p->euid = (long)geteuid();
	if ((tm = gmtime(&now)) != NULL)
		strftime(p->started, sizeof(p->started), "%Y-%m-%dT%H:%M:%SZ",
		    tm);
}

/* "Linux 6.18.44 x86_64, glibc 2.36" */
void
platform_line(struct buf *b, const struct platform *p)
{
	buf_printf(b, "%s %s %s, %s %s", p->system, p->release, p->machine,
	    p->libc, p->libc_version);
	if (p->emulator != NULL)
		buf_printf(b, ", under %s", p->emulator);
}

/* "linux-glibc", "linux-musl", "freebsd", "darwin": names expectations. */
void
platform_key(char *key, size_t len, const struct platform *p)
{
	size_t	i;

	if (strcmp(p->system, "Linux") == 0)
		snprintf(key, len, "linux-%s", p->libc);
	else
		snprintf(key, len, "%s", p->system);
	for (i = 0; key[i] != '\0'; i++)
		key[i] = (char)tolower((unsigned char)key[i]);
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The median cost of a fork, _exit and waitpid here, in ms: about 0.1
 * natively, ten times that under qemu-user.  -1 if fork fails.
 */
double
fork_cycle_ms(void)
{
	double	t[9];
	int64_t	start;
	pid_t	pid;
	int	i, status;

	for (i = 0; i < 9; i++) {
		fflush(NULL);
		start = clock_ns();
		if ((pid = runner_fork()) == -1)
			return -1;
		if (pid == 0)
			_exit(0);
		if (fc_waitpid(pid, &status, 0) != pid)
			return -1;
		t[i] = (double)(clock_ns() - start) / 1e6;
	}
	qsort(t, 9, sizeof(t[0]), cmp_double);
	return t[4];
}
