/*
 * expect.c: platform expectations.  A file lists the known deviations of
 * a platform, one per line: a case id (or a glob) and the reason.
 *
 *	# ci/expect/linux: Linux deviates from POSIX here.
 *	wait.si-status-full	Linux truncates si_status to 8 bits
 *
 * A case named there that fails is reported as TAP "not ok ... # TODO
 * reason" (automake: XFAIL), so the run passes while the report still
 * shows the deviation; one that passes is "ok ... # TODO" (XPASS), which
 * fails the run: the expectation is stale and must go.  Broken and
 * skipped cases are not affected: an expectation excuses the platform,
 * never our own setup.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

static char *
xstrndup(const char *s, size_t len)
{
	char	*p;

	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/*
 * Adds the expectations of one file's text to e.  Returns 0, or -1 with
 * "name:line: why" in err.
 */
int
expect_parse(struct expectations *e, const char *name, const char *text,
    char *err, size_t errlen)
{
	const char	*line, *end, *p, *id_end, *reason;
	struct expectation *n;
	unsigned int	 lineno = 0;
	size_t		 len;

	for (line = text; *line != '\0'; line = *end ? end + 1 : end) {
		lineno++;
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		for (p = line; p < end && isspace((unsigned char)*p); p++)
			continue;
		if (p == end || *p == '#')
			continue;
		for (id_end = p; id_end < end &&
		    !isspace((unsigned char)*id_end); id_end++)
			continue;
		for (reason = id_end; reason < end &&
		    isspace((unsigned char)*reason); reason++)
			continue;
		len = (size_t)(end - reason);
		while (len > 0 && isspace((unsigned char)reason[len - 1]))
			len--;
		if (len == 0) {
			snprintf(err, errlen, "%s:%u: '%.*s' has no reason",
			    name, lineno, (int)(id_end - p), p);
			return -1;
		}
		n = realloc(e->list, (e->n + 1) * sizeof(*e->list));
		if (n == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		e->list = n;
		n = &e->list[e->n];
		n->pattern = xstrndup(p, (size_t)(id_end - p));
		n->reason = xstrndup(reason, len);
		n->source = name;
		n->used = 0;
		if (n->pattern == NULL || n->reason == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		e->n++;
	}
	return 0;
}

/* Reads a file of expectations; -1 with one line in err. */
int
expect_load(struct expectations *e, const char *path, char *err,
    size_t errlen)
{
	struct buf	b = { NULL, 0, 0 };
	int		rc;

	if (buf_load(&b, path) == -1) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		    strerror(errno));
		buf_free(&b);
		return -1;
	}
	rc = expect_parse(e, path, b.data, err, errlen);
	buf_free(&b);
	return rc;
}

/* The expectation naming a case, or NULL. */
const struct expectation *
expect_find(struct expectations *e, const char *id)
{
	size_t	i;

	for (i = 0; i < e->n; i++) {
		if (fnmatch(e->list[i].pattern, id, 0) == 0) {
			e->list[i].used = 1;
			return &e->list[i];
		}
	}
	return NULL;
}

void
expect_free(struct expectations *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++) {
		free(e->list[i].pattern);
		free(e->list[i].reason);
	}
	free(e->list);
	e->list = NULL;
	e->n = 0;
}
