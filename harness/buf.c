/*
 * buf.c: a growable byte string.  Allocation failure is fatal: the
 * runner cannot report anything honest without memory.
 */

#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

static void
buf_grow(struct buf *b, size_t more)
{
	size_t	 cap;
	char	*p;

	if (b->len + more + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + more + 1) {
		if (cap > SIZE_MAX / 2)
			errx(1, "out of memory");
		cap *= 2;
	}
	if ((p = realloc(b->data, cap)) == NULL)
		err(1, "realloc");
	b->data = p;
	b->cap = cap;
}

void
buf_add(struct buf *b, const void *p, size_t len)
{
	buf_grow(b, len);
	if (len > 0)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		errx(1, "vsnprintf failed");
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Hands the string over to the caller; never NULL. */
char *
buf_steal(struct buf *b)
{
	char	*s;

	if (b->data == NULL)
		buf_grow(b, 0);
	b->data[b->len] = '\0';
	s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

/* Appends the whole file at path to b; -1 with errno if it cannot. */
int
buf_load(struct buf *b, const char *path)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f))
		rc = -1;
	fclose(f);
	buf_add(b, "", 0);
	return rc;
}

/*
 * buf_load() for a parser, which names the file in its errors: -1 with
 * "cannot read PATH: why" in err and b freed if it cannot.
 */
int
buf_load_text(struct buf *b, const char *path, char *err, size_t errlen)
{
	if (buf_load(b, path) == 0)
		return 0;
	snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
	buf_free(b);
	return -1;
}
