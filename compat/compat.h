/*
 * compat.h: the only place that knows what a platform lacks.  Missing
 * functions are replaced by the files in compat/ through AC_REPLACE_FUNCS.
 */

#ifndef COMPAT_H
#define COMPAT_H

#include <sys/types.h>
#include <sys/wait.h>

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

#ifndef HAVE_PIPE2
int	pipe2(int [2], int);
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
