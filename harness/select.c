/*
 * select.c: which cases a run covers.  A pattern is a glob matched
 * against the case id ("fd.*", "*.same-ofd") or against its area ("fd").
 */

#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

int
sel_match(const char *pattern, const char *id)
{
	char		 area[ID_MAX + 1];
	const char	*dot;
	size_t		 len;

	if (fnmatch(pattern, id, 0) == 0)
		return 1;
	if ((dot = strchr(id, '.')) == NULL)
		return 0;
	len = (size_t)(dot - id);
	if (len >= sizeof(area))
		return 0;
	memcpy(area, id, len);
	area[len] = '\0';
	return fnmatch(pattern, area, 0) == 0;
}

/*
 * The cases matching any of the patterns (all of them without patterns),
 * in index order.  A pattern that matches nothing is an error: it is
 * almost always a typo, and a run that silently covers less is a lie.
 */
int
sel_cases(const struct fc_area *areas, char **pats, int npats,
    const struct fc_case ***out, size_t *nout, char *err, size_t errlen)
{
	const struct fc_area	 *a;
	const struct fc_case	 *c, **sel;
	size_t			  n = 0, total = 0;
	int			  i, hit, *used;

	for (a = areas; a->name != NULL; a++)
		for (c = a->cases; c->id != NULL; c++)
			total++;
	sel = calloc(total + 1, sizeof(*sel));
	used = calloc((size_t)npats + 1, sizeof(*used));
	if (sel == NULL || used == NULL) {
		free(sel);
		free(used);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (a = areas; a->name != NULL; a++) {
		for (c = a->cases; c->id != NULL; c++) {
			hit = npats == 0;
			for (i = 0; i < npats; i++)
				if (sel_match(pats[i], c->id)) {
					used[i] = 1;
					hit = 1;
				}
			if (hit)
				sel[n++] = c;
		}
	}
	for (i = 0; i < npats; i++) {
		if (!used[i]) {
			snprintf(err, errlen, "pattern '%s' matches no case",
			    pats[i]);
			free(sel);
			free(used);
			return -1;
		}
	}
	free(used);
	*out = sel;
	*nout = n;
	return 0;
}

static int
id_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/*
 * Whether s is a case id: an area of [a-z][a-z0-9]*, a '.', a row of
 * [A-Za-z0-9_-]+ and an optional "/part" of the same characters (capital
 * letters appear only in C names such as thr._Fork), at most ID_MAX
 * bytes.  Nothing else: an id is written unescaped into TAP, file names
 * and reports.
 */
int
id_valid(const char *s)
{
	const char	*p = s;
	int		 parts = 0;

	if (strlen(s) > ID_MAX || !(*p >= 'a' && *p <= 'z'))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
		p++;
	if (*p++ != '.')
		return 0;
	for (;;) {
		if (!id_char((unsigned char)*p))
			return 0;
		while (id_char((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 1;
		if (*p++ != '/' || ++parts > 1)
			return 0;
	}
}

/*
 * Whether s is a pattern of case ids: the characters of ids and those of
 * fnmatch(3) globs (* ? [ ] !), nothing else.
 */
int
id_pattern_valid(const char *s)
{
	if (*s == '\0' || strlen(s) > ID_MAX)
		return 0;
	for (; *s != '\0'; s++)
		if (!id_char((unsigned char)*s) && strchr("./*?[]!", *s) == NULL)
			return 0;
	return 1;
}

/*
 * Whether the len bytes at s are text: well-formed UTF-8 (no overlong
 * forms, surrogates or code points past U+10FFFF) without control
 * characters other than tab.  Returns 1, or 0 with *bad at the first
 * offending byte.
 */
int
text_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char	*p = (const unsigned char *)s, *end = p + len;
	unsigned int		 cp, min;
	int			 more, i;

	while (p < end) {
		if (*p < 0x80) {
			if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
				break;
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf) {
			more = 1;
			cp = *p & 0x1f;
			min = 0x80;
		} else if (*p >= 0xe0 && *p <= 0xef) {
			more = 2;
			cp = *p & 0x0f;
			min = 0x800;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			more = 3;
			cp = *p & 0x07;
			min = 0x10000;
		} else
			break;
		if (end - p <= more)
			break;
		for (i = 1; i <= more; i++) {
			if ((p[i] & 0xc0) != 0x80)
				break;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (i <= more || cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			break;
		p += more + 1;
	}
	if (p < end) {
		if (bad != NULL)
			*bad = (size_t)(p - (const unsigned char *)s);
		return 0;
	}
	return 1;
}

/*
 * The next line of t: its start in *line and its length in *len, without
 * the newline and a CR before it.  Returns 1, or 0 at the end, or -1 when
 * the line is not text (text_valid()) with "name:line: why" in err.
 */
int
text_line(struct text *t, const char **line, size_t *len, char *err,
    size_t errlen)
{
	const char	*end;
	size_t		 bad;

	if (t->p >= t->stop)
		return 0;
	t->lineno++;
	*line = t->p;
	if ((end = memchr(t->p, '\n', (size_t)(t->stop - t->p))) == NULL)
		end = t->stop;
	t->p = end == t->stop ? end : end + 1;
	*len = (size_t)(end - *line);
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*len)--;
	if (!text_valid(*line, *len, &bad)) {
		snprintf(err, errlen, "%s:%u: %s at column %zu", t->name,
		    t->lineno, (*line)[bad] == '\0' ? "a NUL byte" :
		    "not UTF-8 text", bad + 1);
		return -1;
	}
	return 1;
}

/*
 * Drops from the selection (sel, *n) the cases an exclude pattern
 * matches, with the globs of sel_cases().  A pattern that matches no
 * case of the suite is an error, as there: an exclusion that excludes
 * nothing is almost always a typo.
 */
int
sel_exclude(const struct fc_area *areas, char **pats, int npats,
    const struct fc_case **sel, size_t *n, char *err, size_t errlen)
{
	const struct fc_area	*a;
	const struct fc_case	*c;
	size_t			 i, kept = 0;
	int			 k, hit, out;

	for (k = 0; k < npats; k++) {
		hit = 0;
		for (a = areas; a->name != NULL && !hit; a++)
			for (c = a->cases; c->id != NULL && !hit; c++)
				hit = sel_match(pats[k], c->id);
		if (!hit) {
			snprintf(err, errlen, "--exclude: pattern '%s' "
			    "matches no case", pats[k]);
			return -1;
		}
	}
	for (i = 0; i < *n; i++) {
		for (out = 0, k = 0; k < npats && !out; k++)
			out = sel_match(pats[k], sel[i]->id);
		if (!out)
			sel[kept++] = sel[i];
	}
	sel[kept] = NULL;
	*n = kept;
	return 0;
}

/* Whether a results.json verdict asks for a re-run: fail or broken. */
int
sel_failed_verdict(const char *verdict)
{
	return strcmp(verdict, "fail") == 0 || strcmp(verdict, "broken") == 0;
}

/*
 * Keeps of the selection (sel, *n) the cases whose verdict was fail or
 * broken in the results rs, in any of its runs (--repeat).
 */
void
sel_failed(const struct results *rs, const struct fc_case **sel, size_t *n)
{
	size_t	i, j, kept = 0;
	int	bad;

	for (i = 0; i < *n; i++) {
		for (bad = 0, j = 0; j < rs->n && !bad; j++)
			bad = strcmp(rs->cases[j].id, sel[i]->id) == 0 &&
			    sel_failed_verdict(rs->cases[j].verdict);
		if (bad)
			sel[kept++] = sel[i];
	}
	sel[kept] = NULL;
	*n = kept;
}
