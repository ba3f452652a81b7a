/*
 * compat.h: the only place that knows what a platform lacks.  Missing
 * functions are replaced by the files in compat/ through AC_REPLACE_FUNCS.
 */

#ifndef COMPAT_H
#define COMPAT_H

#include <sys/types.h>
#include <sys/wait.h>

#include <signal.h>

#include <unistd.h>

#ifndef WCOREDUMP
#define WCOREDUMP(status)	0
#endif

/* sysexits(3): an internal software error, where the header is missing. */
#ifdef HAVE_SYSEXITS_H
#include <sysexits.h>
#endif
#ifndef EX_SOFTWARE
#define EX_SOFTWARE		70
#endif

#ifndef HAVE_CLOSEFROM
void	closefrom(int);
#endif

/*
 * err(3) and friends where the C library lacks them or marks them
 * deprecated (dietlibc): <err.h> first, so that only our calls are renamed.
 */
#if defined(FC_COMPAT_ERR)
#if defined(HAVE_ERR_H)
#include <err.h>
#endif
#define err	fc_compat_err
#define errx	fc_compat_errx
#define warn	fc_compat_warn
#define warnx	fc_compat_warnx
void	fc_compat_err(int, const char *, ...)
	    __attribute__((__noreturn__, __format__(__printf__, 2, 3)));
void	fc_compat_errx(int, const char *, ...)
	    __attribute__((__noreturn__, __format__(__printf__, 2, 3)));
void	fc_compat_warn(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
void	fc_compat_warnx(const char *, ...)
	    __attribute__((__format__(__printf__, 1, 2)));
#endif

/* C99's isfinite(), where <math.h> lacks it (dietlibc): NaN and infinities
 * give NaN when subtracted from themselves. */
#include <math.h>
#if !defined(isfinite)
#define isfinite(x)	((x) - (x) == 0)
#endif

/* Linux's status of a continued child, where <sys/wait.h> lacks the
 * macro (dietlibc). */
#if !defined(WIFCONTINUED) && defined(__linux__)
#define WIFCONTINUED(status)	((status) == 0xffff)
#endif

#ifndef HAVE_PIPE2
int	pipe2(int [2], int);
#endif

/*
 * Replacements named apart from the C library's own: when configure
 * misses a function that exists (CFLAGS=-Werror turns its link test for a
 * builtin such as _Exit into an error), the C library's callers keep
 * theirs -- musl's _exit() calls _Exit(), which must not become ours.
 */
#ifndef HAVE__EXIT
#define _Exit	fc_compat_Exit
void	fc_compat_Exit(int) __attribute__((__noreturn__));
#endif
#ifndef HAVE_WAITID
#define waitid	fc_compat_waitid
int	fc_compat_waitid(idtype_t, id_t, siginfo_t *, int);
#endif

/*
 * The runner's own fork of each case: _Fork() where the libc has it, since
 * a single-threaded runner needs none of fork()'s lock juggling and every
 * lock it touches is a copy-on-write fault per case.  Coverage builds keep
 * fork(), which gcc turns into __gcov_fork() to reset the child's counters.
 */
static inline pid_t
runner_fork(void)
{
#if defined(HAVE__FORK) && !defined(FC_GCOV)
	return _Fork();
#else
	return fork();
#endif
}

#endif /* !COMPAT_H */
