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

/*
 * The speed of the platform, measured once: the fastest of many short
 * samples of a fork (fork_sample()) and of a CPU loop.  A busy machine
 * makes most samples slow but rarely all of them, so the fastest says
 * what the platform can do, not what the moment allows.
 */
#define SPEED_SAMPLES	40		/* of each kind, at most... */
#define SPEED_MIN	5		/* ...and at least */
#define SPEED_BUDGET_NS	300000000	/* per kind, after SPEED_MIN */
#define LOOP_ROUNDS	20000		/* one CPU loop sample */

static struct speed	speed;

/* One CPU loop sample, in ms: a chain of dependent multiplications. */
static double
loop_sample(void)
{
	volatile uint32_t	x = 1;
	int64_t			start = clock_ns();
	int			i;

	for (i = 0; i < LOOP_ROUNDS; i++)
		x = x * 1103515245u + 12345u;
	return (double)(clock_ns() - start) / 1e6;
}

/*
 * One fork cycle: fork, _exit, waitpid.  0 with the time fork took in the
 * parent and the whole cycle's, in ms; -1 if fork or waitpid fails.  The
 * first is the parent's own work (copying its address space, and an
 * emulator's bookkeeping), which load barely changes; the cycle adds two
 * wake-ups, which load delays.
 */
static int
fork_sample(double *fork_ms, double *cycle_ms)
{
	int64_t	start, forked;
	pid_t	pid;
	int	status;

	fflush(NULL);
	start = clock_ns();
	if ((pid = runner_fork()) == -1)
		return -1;
	if (pid == 0)
		_exit(0);
	forked = clock_ns();
	if (fc_waitpid(pid, &status, 0) != pid)
		return -1;
	*fork_ms = (double)(forked - start) / 1e6;
	*cycle_ms = (double)(clock_ns() - start) / 1e6;
	return 0;
}

const struct speed *
speed_measure(void)
{
	int64_t	start;
	double	t, cycle;

	if (speed.measured)
		return &speed;
	speed.measured = 1;
	speed.fork_ms = speed.cycle_ms = speed.loop_ms = -1;
	start = clock_ns();
	while (speed.nloop < SPEED_SAMPLES && (speed.nloop < SPEED_MIN ||
	    clock_ns() - start < SPEED_BUDGET_NS)) {
		t = loop_sample();
		if (speed.loop_ms < 0 || t < speed.loop_ms)
			speed.loop_ms = t;
		speed.nloop++;
	}
	start = clock_ns();
	while (speed.nfork < SPEED_SAMPLES && (speed.nfork < SPEED_MIN ||
	    clock_ns() - start < SPEED_BUDGET_NS)) {
		if (fork_sample(&t, &cycle) == -1) {
			speed.fork_ms = speed.cycle_ms = -1;
			break;
		}
		if (speed.fork_ms < 0 || t < speed.fork_ms)
			speed.fork_ms = t;
		if (speed.cycle_ms < 0 || cycle < speed.cycle_ms)
			speed.cycle_ms = cycle;
		speed.nfork++;
	}
	return &speed;
}

/*
 * The fastest fork cycle here, in ms: about 1 natively, ten times that
 * under qemu-user.  -1 if fork fails.
 */
double
fork_cycle_ms(void)
{
	return speed_measure()->cycle_ms;
}

/*
 * The timeout multiplier for a platform whose fastest fork (in the
 * parent) and CPU loop take fork_ms and loop_ms, at least floor (an
 * emulator's): how many times slower than FORK_REF_MS and LOOP_REF_MS,
 * generous figures for an ordinary machine, the fork or the loop is,
 * whichever is slower, rounded up, between 1 and MULTIPLIER_AUTO.
 * A figure that could not be measured (< 0) counts for nothing.
 */
double
multiplier_of(double fork_ms, double loop_ms, double floor)
{
	double	x = 1, m;

	if (fork_ms > 0 && fork_ms / FORK_REF_MS > x)
		x = fork_ms / FORK_REF_MS;
	if (loop_ms > 0 && loop_ms / LOOP_REF_MS > x)
		x = loop_ms / LOOP_REF_MS;
	m = (double)(long)x;
	if (m < x)
		m++;
	if (m < floor)
		m = floor;
	return m > MULTIPLIER_AUTO ? MULTIPLIER_AUTO : m;
}

/* The least multiplier under an emulator: its speed varies the most. */
double
emulator_floor(const char *emulator)
{
	if (emulator == NULL)
		return 1;
	if (strstr(emulator, "valgrind") != NULL)
		return MULTIPLIER_AUTO;
	return MULTIPLIER_EMU;
}

/*
 * Without a multiplier from the user, one from the platform's measured
 * speed, and what it came from in o->chosen (the TAP header shows it).
 */
void
multiplier_choose(struct fc_options *o)
{
	const struct speed	*sp;
	const char		*emu = fc_emulator();
	double			 floor = emulator_floor(emu);
	size_t			 n;

	if (o->multiplier_set)
		return;
	sp = speed_measure();
	o->multiplier = multiplier_of(sp->fork_ms, sp->loop_ms, floor);
	n = (size_t)snprintf(o->chosen, sizeof(o->chosen), "measured: ");
	if (sp->fork_ms >= 0)
		n += (size_t)snprintf(o->chosen + n, n < sizeof(o->chosen) ?
		    sizeof(o->chosen) - n : 0, "fastest of %d forks %.3f ms "
		    "(cycle %.3f ms), ", sp->nfork, sp->fork_ms, sp->cycle_ms);
	else
		n += (size_t)snprintf(o->chosen + n, n < sizeof(o->chosen) ?
		    sizeof(o->chosen) - n : 0, "fork failed, ");
	n += (size_t)snprintf(o->chosen + n, n < sizeof(o->chosen) ?
	    sizeof(o->chosen) - n : 0, "of %d CPU loops %.3f ms", sp->nloop,
	    sp->loop_ms);
	if (emu != NULL && floor > 1)
		snprintf(o->chosen + n, n < sizeof(o->chosen) ?
		    sizeof(o->chosen) - n : 0, "; at least %g under %.*s",
		    floor, (int)strcspn(emu, " ("), emu);
}
