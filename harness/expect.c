/*
 * expect.c: platform expectations.  A file lists the known deviations of
 * a platform, one per line: a case id (or a glob) and the reason.
 *
 *	# ci/expect/linux: Linux deviates from POSIX here.
 *	wait.si-status-full	Linux truncates si_status to 8 bits
 *
 * A case named there that fails is reported as TAP "not ok ... # TODO
 * reason" (automake: XFAIL), so the run passes while the report still
 * shows the deviation; one that passes is "not ok ... # stale
 * expectation: reason", without a directive so that every TAP consumer
 * counts it as a failure: the expectation is stale and must go.  Broken and
 * skipped cases are not affected: an expectation excuses the platform,
 * never our own setup.
 */

#include "config.h"

#include <ctype.h>
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

/* The expectation with exactly this pattern, or NULL. */
static const struct expectation *
expect_same(const struct expectations *e, const char *p, size_t len)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		if (strncmp(e->list[i].pattern, p, len) == 0 &&
		    e->list[i].pattern[len] == '\0')
			return &e->list[i];
	return NULL;
}

/*
 * Adds the expectations of one file's text, len bytes, to e.  The text
 * must be UTF-8 without control characters but tab (and a CR before a
 * newline); a pattern is a case id or a glob of them, listed once.
 * Returns 0, or -1 with "name:line: why" in err.
 */
int
expect_parse_text(struct expectations *e, const char *name, const char *text,
    size_t tlen, char *err, size_t errlen)
{
	struct text	 t = { text, text + tlen, name, 0 };
	const char	*line, *end, *p, *id_end, *reason;
	const struct expectation *dup;
	struct expectation *n;
	size_t		 len;
	int		 rc;

	while ((rc = text_line(&t, &line, &len, err, errlen)) == 1) {
		end = line + len;
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
			    name, t.lineno, (int)(id_end - p > ID_MAX ? ID_MAX :
			    id_end - p), p);
			return -1;
		}
		if ((dup = expect_same(e, p, (size_t)(id_end - p))) != NULL) {
			snprintf(err, errlen, "%s:%u: '%s' is listed twice "
			    "(first at %s:%u)", name, t.lineno, dup->pattern,
			    dup->source, dup->line);
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
		n->line = t.lineno;
		n->used = 0;
		if (n->pattern == NULL || n->reason == NULL) {
			free(n->pattern);
			free(n->reason);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (!id_pattern_valid(n->pattern)) {
			snprintf(err, errlen, "%s:%u: '%.*s' is not a case id "
			    "or a glob of ids", name, t.lineno, ID_MAX,
			    n->pattern);
			free(n->pattern);
			free(n->reason);
			return -1;
		}
		e->n++;
	}
	return rc;
}

/* expect_parse_text() of a NUL-terminated text. */
int
expect_parse(struct expectations *e, const char *name, const char *text,
    char *err, size_t errlen)
{
	return expect_parse_text(e, name, text, strlen(text), err, errlen);
}

/* Reads a file of expectations; -1 with one line in err. */
int
expect_load(struct expectations *e, const char *path, char *err,
    size_t errlen)
{
	struct buf	b = { NULL, 0, 0 };
	int		rc;

	if (buf_load_text(&b, path, err, errlen) == -1)
		return -1;
	rc = expect_parse_text(e, path, b.data, b.len, err, errlen);
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
