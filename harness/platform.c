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

static const char	*label_given;	/* --label */

/* Names the platform of this run, instead of platform_label(). */
void
platform_set_label(const char *label)
{
	label_given = label;
}

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
	if (label_given != NULL)
		snprintf(p->label, sizeof(p->label), "%s", label_given);
	else
		platform_label(p->label, sizeof(p->label), p);
}

/*
 * Appends one part of a label: lower case, and any byte but a letter, a
 * digit, '.', '_' or '-' as '-', so that a label is one plain word.
 */
static void
label_part(char *label, size_t len, const char *sep, const char *s,
    size_t slen)
{
	size_t	used = strlen(label), i;

	if (slen == 0 || used + strlen(sep) + 1 >= len)
		return;
	snprintf(label + used, len - used, "%s", sep);
	used += strlen(sep);
	for (i = 0; i < slen && s[i] != '\0' && used + 1 < len; i++) {
		unsigned char	c = (unsigned char)s[i];

		label[used++] = isalnum(c) || c == '.' || c == '_' ||
		    c == '-' ? (char)tolower(c) : '-';
	}
	label[used] = '\0';
}

/* The leading "major.minor" of a release ("6.1.0-18-amd64": "6.1"). */
static size_t
release_len(const char *r)
{
	size_t	n = 0;

	while (isdigit((unsigned char)r[n]))
		n++;
	if (n == 0)
		return strlen(r);
	if (r[n] == '.' && isdigit((unsigned char)r[n + 1]))
		for (n++; isdigit((unsigned char)r[n]); n++)
			continue;
	return n;
}

/* The compiler's name from its version line: "gcc", "clang", "cc". */
static void
compiler_part(char *label, size_t len, const char *cc)
{
	if (cc == NULL || cc[0] == '\0')
		return;
	if (strstr(cc, "clang") != NULL)
		label_part(label, len, "/", "clang", 5);
	else if (strstr(cc, "gcc") != NULL || strstr(cc, "GCC") != NULL)
		label_part(label, len, "/", "gcc", 3);
	else
		label_part(label, len, "/", cc, strcspn(cc, " \t("));
}

/*
 * The platform's name in a matrix of runs: system-release, machine, libc
 * and compiler, then what changes the rules: an emulator, no privileges.
 * "linux-6.1/x86_64/glibc-2.36/gcc+qemu-user+unprivileged".
 */
void
platform_label(char *label, size_t len, const struct platform *p)
{
	const char	*emu = p->emulator;

	if (len == 0)
		return;
	label[0] = '\0';
	label_part(label, len, "", p->system, strlen(p->system));
	label_part(label, len, "-", p->release, release_len(p->release));
	label_part(label, len, "/", p->machine, strlen(p->machine));
	if (strncmp(p->libc, "system", 6) == 0)
		label_part(label, len, "/", "libc", 4);
	else
		label_part(label, len, "/", p->libc, strlen(p->libc));
	if (p->libc_version[0] != '\0' &&
	    strcmp(p->libc_version, "unknown") != 0 &&
	    strcmp(p->libc_version, p->release) != 0)
		label_part(label, len, "-", p->libc_version,
		    strlen(p->libc_version));
	compiler_part(label, len, p->compiler);
	if (emu != NULL && strstr(emu, "qemu") != NULL)
		label_part(label, len, "+", "qemu-user", 9);
	else if (emu != NULL)
		label_part(label, len, "+", emu, strcspn(emu, " \t("));
	if (p->euid > 0)
		label_part(label, len, "+", "unprivileged", 12);
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
