/*
 * _Exit.c: C99's _Exit() for C libraries that lack it (dietlibc): the
 * same as POSIX _exit().
 */

#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "compat.h"

void
fc_compat_Exit(int status)
{
	_exit(status);
}
