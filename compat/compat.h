/*
 * compat.h: the only place that knows what a platform lacks.  Missing
 * functions are replaced by the files in compat/ through AC_REPLACE_FUNCS.
 */

#ifndef COMPAT_H
#define COMPAT_H

#include <sys/types.h>
#include <sys/wait.h>

#ifndef WCOREDUMP
#define WCOREDUMP(status)	0
#endif

#ifndef O_CLOEXEC
#define O_CLOEXEC		0
#endif

#ifndef HAVE_CLOSEFROM
void	closefrom(int);
#endif

#ifndef HAVE_PIPE2
int	pipe2(int [2], int);
#endif

#endif /* !COMPAT_H */
