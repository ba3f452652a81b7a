/*
 * err.c: err(3), errx(3), warn(3) and warnx(3) for C libraries that lack
 * them or mark them deprecated (dietlibc).  compat.h renames the calls.
 */

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"

static void
fc_vwarn(int code, int with_errno, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", PACKAGE);
	if (fmt != NULL)
		vfprintf(stderr, fmt, ap);
	if (with_errno)
		fprintf(stderr, "%s%s", fmt != NULL ? ": " : "",
		    strerror(code));
	fputc('\n', stderr);
}

void
fc_compat_err(int eval, const char *fmt, ...)
{
	va_list	ap;
	int	code = errno;

	va_start(ap, fmt);
	fc_vwarn(code, 1, fmt, ap);
	va_end(ap);
	exit(eval);
}

void
fc_compat_errx(int eval, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fc_vwarn(0, 0, fmt, ap);
	va_end(ap);
	exit(eval);
}

void
fc_compat_warn(const char *fmt, ...)
{
	va_list	ap;
	int	code = errno;

	va_start(ap, fmt);
	fc_vwarn(code, 1, fmt, ap);
	va_end(ap);
	errno = code;
}

void
fc_compat_warnx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fc_vwarn(0, 0, fmt, ap);
	va_end(ap);
}
