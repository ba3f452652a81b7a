/*
 * external.c: cases that are programs, not C functions.  A manifest lists
 * them, one per line, fields separated by '|':
 *
 *	# id             | timeout | spec                    | command
 *	python.ret-values | 5      | XSH fork RETURN VALUE   | python3 cases/python/ret_values.py
 *
 * The runner runs each under exactly the contract of a C case (its own
 * process group, captured output, timeout, containment, verdicts): the
 * case child execs the command.  Exit status 0 is pass, 1 fail, 77 skip,
 * 99 broken (automake's conventions), anything else broken; the last
 * line of output is the reason.  The command is split into words as a
 * POSIX shell would, without expansion (words()).  An unquoted word that
 * contains a '/' is a path relative to the manifest's directory, or to
 * the tree above it when that directory is cases/; other words are
 * looked up in $PATH, so a missing interpreter is a skip.  Ids, timeouts
 * and the text itself are checked (parse_line(), external_parse()).
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

#define TIMEOUT_MAX	3600	/* seconds: the longest a manifest may give */

/* Trims spaces at both ends, in place. */
static char *
trim(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

/* The tree a manifest's paths are relative to: the parent of cases/. */
static char *
base_of(const char *manifest)
{
	char	 path[PATH_MAX], *slash;

	if (realpath(manifest, path) == NULL)
		return NULL;
	if ((slash = strrchr(path, '/')) != NULL)
		*slash = '\0';				/* the manifest's dir */
	if ((slash = strrchr(path, '/')) != NULL &&
	    strcmp(slash, "/cases") == 0)
		*slash = '\0';				/* cases/ -> the tree */
	return strdup(path[0] ? path : "/");
}

static void
words_free(char **argv)
{
	size_t	i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* Appends word w (len bytes) to *argv, a path under base unless quoted. */
static int
word_add(char ***argv, size_t *n, const char *w, size_t len, int quoted,
    const char *base)
{
	char	**v, *s;
	size_t	  pre = 0;

	if ((v = realloc(*argv, (*n + 2) * sizeof(*v))) == NULL)
		return -1;
	*argv = v;
	if (!quoted && w[0] != '/' && memchr(w, '/', len) != NULL)
		pre = strlen(base) + 1;
	if ((s = malloc(pre + len + 1)) == NULL)
		return -1;
	if (pre > 0) {
		memcpy(s, base, pre - 1);
		s[pre - 1] = '/';
	}
	memcpy(s + pre, w, len);
	s[pre + len] = '\0';
	v[(*n)++] = s;
	v[*n] = NULL;
	return 0;
}

/*
 * The quoted part of a word at p (a ' or a "), its text appended to w at
 * *len: returns what follows the closing quote, or NULL with *why.
 * Within "...", a backslash escapes $ ` " and \ as in the shell; within
 * '...', nothing is special.
 */
static const char *
unquote(const char *p, char *w, size_t *len, const char **why)
{
	char	q = *p;

	for (p++; *p != q && *p != '\0'; p++) {
		if (q == '"' && *p == '\\' && p[1] != '\0' &&
		    strchr("$`\"\\", p[1]) != NULL)
			p++;
		w[(*len)++] = *p;
	}
	if (*p == '\0') {
		*why = q == '"' ? "unterminated \"" : "unterminated '";
		return NULL;
	}
	return p + 1;
}

/*
 * Splits a command into words, as a POSIX shell would without expanding
 * anything: blanks separate words; '...' keeps everything up to the next
 * quote; "..." too, except that a backslash there escapes $ ` " \ (and
 * stays otherwise); a backslash outside quotes escapes any character.
 * An unquoted word with a '/' that does not start with one is a path
 * under base.  Returns the NULL-terminated words, or NULL with *why set
 * (NULL for lack of memory).
 */
static char **
words(const char *cmd, const char *base, const char **why)
{
	char		**argv = NULL, *w;
	const char	 *p = cmd;
	size_t		  n = 0, len;
	int		  inword, quoted;

	*why = NULL;
	if ((w = malloc(strlen(cmd) + 1)) == NULL)
		return NULL;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		len = 0;
		inword = 1;
		quoted = 0;
		while (inword && *p != '\0') {
			switch (*p) {
			case ' ':
			case '\t':
				inword = 0;
				break;
			case '\'':
			case '"':
				quoted = 1;
				if ((p = unquote(p, w, &len, why)) == NULL)
					goto fail;
				break;
			case '\\':
				quoted = 1;
				if (*++p == '\0') {
					*why = "a backslash ends the command";
					goto fail;
				}
				w[len++] = *p++;
				break;
			default:
				w[len++] = *p++;
				break;
			}
		}
		if (word_add(&argv, &n, w, len, quoted, base) == -1)
			goto fail;
	}
	free(w);
	if (n == 0)
		*why = "no command";
	return argv;
fail:
	free(w);
	words_free(argv);
	return NULL;
}

/* An external case's row: its command, and the tree its paths are under. */
struct external {
	char *const	*argv;
	const char	*base;
};

/*
 * Appends the row of an external case: run() is external_run(), its arg
 * the command and the tree.  On success the row owns argv; on failure
 * the table is as it was, still terminated.
 */
static int
add_case(struct externals *x, const char *id, double timeout,
    const char *spec, char **argv, const char *base)
{
	struct fc_case	*c;
	struct external	*e;
	char		*cid = NULL, *cspec = NULL;
	size_t		 i;

	for (i = 0; i < x->n; i++)
		if (strcmp(x->cases[i].id, id) == 0)
			return -1;
	if ((c = realloc(x->cases, (x->n + 2) * sizeof(*c))) == NULL)
		return -1;
	x->cases = c;
	c = &x->cases[x->n];
	memset(c, 0, 2 * sizeof(*c));		/* the row and the end */
	if ((e = malloc(sizeof(*e))) == NULL || (cid = strdup(id)) == NULL ||
	    (cspec = strdup(spec)) == NULL) {
		free(e);
		free(cid);
		return -1;
	}
	e->argv = argv;
	e->base = base;
	c->id = cid;
	c->spec = cspec;
	c->tier = FC_CORE;
	c->timeout = timeout;
	c->run = external_run;
	c->arg = e;
	x->n++;
	return 0;
}

/* A timeout in seconds: a decimal number from 0 (the default) to TIMEOUT_MAX. */
static int
parse_timeout(const char *s, double *out)
{
	double	 v;
	char	*end;

	if (s[0] < '0' || s[0] > '9' ||
	    strspn(s, "0123456789.") != strlen(s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v < 0 ||
	    v > TIMEOUT_MAX)
		return -1;
	*out = v;
	return 0;
}

/* Whether id is taken: a built-in case or one already loaded. */
static const char *
id_taken(const struct externals *x, const char *id)
{
	const struct fc_area	*a;
	const struct fc_case	*c;
	size_t			 i;

	for (a = x->builtin; a != NULL && a->name != NULL; a++)
		for (c = a->cases; c->id != NULL; c++)
			if (strcmp(c->id, id) == 0)
				return "a built-in case's id";
	for (i = 0; i < x->n; i++)
		if (strcmp(x->cases[i].id, id) == 0)
			return "an external case's id already";
	return NULL;
}

/* Parses one line (a NUL-terminated copy); returns 0 or -1 with err. */
static int
parse_line(struct externals *x, char *line, const char *name,
    unsigned int lineno, const char *base, char *err, size_t errlen)
{
	char		*field[4], *p, **argv;
	const char	*why;
	unsigned int	 i;
	double		 timeout;

	p = trim(line);
	if (*p == '\0' || *p == '#')
		return 0;
	for (i = 0; i < 4; i++) {
		field[i] = p;
		if (i < 3) {
			if ((p = strchr(p, '|')) == NULL)
				break;
			*p++ = '\0';
		}
		field[i] = trim(field[i]);
	}
	if (i < 4) {
		snprintf(err, errlen, "%s:%u: want 'id | timeout | spec | "
		    "command'", name, lineno);
		return -1;
	}
	if (!id_valid(field[0])) {
		snprintf(err, errlen, "%s:%u: '%.*s' is not an id (area.row or "
		    "area.row/part: a-z0-9 area, A-Za-z0-9_- row)", name, lineno,
		    ID_MAX, field[0]);
		return -1;
	}
	if ((why = id_taken(x, field[0])) != NULL) {
		snprintf(err, errlen, "%s:%u: '%s' is %s", name, lineno,
		    field[0], why);
		return -1;
	}
	if (parse_timeout(field[1], &timeout) == -1) {
		snprintf(err, errlen, "%s:%u: '%.*s' is not a timeout in seconds "
		    "(0 to %d)", name, lineno, 32, field[1], TIMEOUT_MAX);
		return -1;
	}
	if ((argv = words(field[3], base, &why)) == NULL || argv[0] == NULL) {
		words_free(argv);
		snprintf(err, errlen, "%s:%u: %s", name, lineno,
		    why != NULL ? why : "out of memory");
		return -1;
	}
	if (add_case(x, field[0], timeout, field[2], argv, base) == -1) {
		snprintf(err, errlen, "%s:%u: out of memory", name, lineno);
		return -1;
	}
	return 0;
}

/*
 * Adds the cases of a manifest's text (len bytes, named name in errors;
 * relative paths under base) to x.  Lines may be
 * of any length; the text must be UTF-8 without control characters but
 * tab (and a CR before a newline).  Returns 0, or -1 with "name:line:
 * why" in err.
 */
int
external_parse(struct externals *x, const char *name, const char *text,
    size_t len, const char *base, char *err, size_t errlen)
{
	struct text	 t = { text, text + len, name, 0 };
	const char	*line;
	char		*copy, *own;
	size_t		 n, before = x->n;
	int		 rc;

	if ((own = strdup(base)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	while ((rc = text_line(&t, &line, &n, err, errlen)) == 1) {
		if ((copy = malloc(n + 1)) == NULL) {
			snprintf(err, errlen, "%s:%u: out of memory", name,
			    t.lineno);
			rc = -1;
			break;
		}
		memcpy(copy, line, n);
		copy[n] = '\0';
		rc = parse_line(x, copy, name, t.lineno, own, err, errlen);
		free(copy);
		if (rc == -1)
			break;
	}
	if (x->n == before)
		free(own);		/* no case keeps it */
	return rc;
}

/*
 * Reads a manifest into x.  Returns 0, or -1 with "file:line: why" in
 * err.
 */
int
external_load(struct externals *x, const char *path, char *err,
    size_t errlen)
{
	struct buf	 b = { NULL, 0, 0 };
	char		*base;
	int		 rc;

	if (buf_load_text(&b, path, err, errlen) == -1)
		return -1;
	if ((base = base_of(path)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		buf_free(&b);
		return -1;
	}
	rc = external_parse(x, path, b.data, b.len, base, err, errlen);
	buf_free(&b);
	free(base);
	return rc;
}

/*
 * The areas of the compiled-in index followed by the external cases,
 * grouped by area in manifest order.  The external table stays alive
 * for the whole run.
 */
const struct fc_area *
external_areas(const struct fc_area *builtin, struct externals *x)
{
	struct fc_area	*areas;
	size_t		 n = 0, i;

	for (i = 0; builtin[i].name != NULL; i++)
		n++;
	if ((areas = calloc(n + 2, sizeof(*areas))) == NULL)
		return builtin;
	memcpy(areas, builtin, n * sizeof(*areas));
	if (x->n > 0) {
		areas[n].name = "external";
		areas[n].cases = x->cases;
	}
	free(x->areas);
	x->areas = areas;
	return areas;
}

/*
 * Frees the external cases and the table of external_areas().  The cases
 * of one manifest share its base.
 */
void
external_free(struct externals *x)
{
	const struct external	*e, *next;
	size_t			 i;

	for (i = 0; i < x->n; i++) {
		e = x->cases[i].arg;
		next = i + 1 < x->n ? x->cases[i + 1].arg : NULL;
		free((char *)x->cases[i].id);
		free((char *)x->cases[i].spec);
		words_free((char **)e->argv);
		if (next == NULL || next->base != e->base)
			free((char *)e->base);
		free((struct external *)e);
	}
	free(x->cases);
	free(x->areas);
	x->cases = NULL;
	x->areas = NULL;
	x->n = 0;
}

/*
 * In the case child: exec the command, with FORKCHECK_SRCDIR naming the
 * tree.  Returns only if the exec failed: a missing program is a skip,
 * anything else broken.
 */
static enum fc_verdict
external_exec(const struct external *e)
{
	static char	srcdir[PATH_MAX + 32];

	snprintf(srcdir, sizeof(srcdir), "FORKCHECK_SRCDIR=%s", e->base);
	putenv(srcdir);
	execvp(e->argv[0], e->argv);
	if (errno == ENOENT || errno == EACCES || errno == ENOTDIR)
		return fc_skip("cannot run %s: %s", e->argv[0],
		    strerror(errno));
	return fc_broken("exec %s", e->argv[0]);
}

/*
 * The run() of every external case's row.  The case records nothing
 * when the exec succeeds: the worker's judge() reads its exit status,
 * and its last line of output as the reason (last_line()).
 */
enum fc_verdict
external_run(const struct fc_case *c)
{
	return external_exec(c->arg);
}

/* The command of an external case's row (for tests and listings). */
char *const *
external_argv(const struct fc_case *c)
{
	const struct external	*e = c->arg;

	return c->run == external_run && e != NULL ? e->argv : NULL;
}

/* The last non-empty line of captured output: an external case's reason. */
void
last_line(struct buf *b, const char *s, size_t len)
{
	size_t	end = len, start;

	while (end > 0 && (s[end - 1] == '\n' || s[end - 1] == '\r' ||
	    s[end - 1] == ' '))
		end--;
	start = end;
	while (start > 0 && s[start - 1] != '\n')
		start--;
	if (end - start > 500)
		start = end - 500;
	buf_add(b, s + start, end - start);
}
