/*
 * platform.c: the facts a report records about the platform and the
 * build: system, libc, compiler, configure arguments, user, containment.
 */

#include "config.h"

#include <sys/utsname.h>

#include <stdio.h>
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
