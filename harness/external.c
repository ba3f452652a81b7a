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
 * line of output is the reason.  A command word that contains a '/' is a
 * path relative to the manifest's directory, or to the tree above it when
 * that directory is cases/; other words are looked up in $PATH, so a
 * missing interpreter is a skip.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

#define WORDS_MAX	32

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

/* Splits a command into words; paths become absolute under base. */
static char **
words(const char *cmd, const char *base)
{
	char	**argv, *copy, *w, *save = NULL;
	size_t	  n = 0, len;

	if ((argv = calloc(WORDS_MAX + 1, sizeof(*argv))) == NULL ||
	    (copy = strdup(cmd)) == NULL) {
		free(argv);
		return NULL;
	}
	for (w = strtok_r(copy, " \t", &save); w != NULL && n < WORDS_MAX;
	    w = strtok_r(NULL, " \t", &save)) {
		if (strchr(w, '/') != NULL && w[0] != '/') {
			len = strlen(base) + strlen(w) + 2;
			if ((argv[n] = malloc(len)) != NULL)
				snprintf(argv[n], len, "%s/%s", base, w);
		} else
			argv[n] = strdup(w);
		if (argv[n++] == NULL)
			break;
	}
	free(copy);
	return argv;
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

/*
 * Reads a manifest into x.  Returns 0, or -1 with "file:line: why" in
 * err.
 */
int
external_load(struct externals *x, const char *path, char *err,
    size_t errlen)
{
	FILE		*f;
	char		 line[4096], *field[4], *p, *id, **argv, *base, *end;
	unsigned int	 lineno = 0, i;
	double		 timeout;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if ((base = base_of(path)) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		p = trim(line);
		if (*p == '\0' || *p == '#')
			continue;
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
			snprintf(err, errlen, "%s:%u: want 'id | timeout | spec "
			    "| command'", path, lineno);
			goto fail;
		}
		id = field[0];
		if (strchr(id, '.') == NULL || strpbrk(id, " \t") != NULL) {
			snprintf(err, errlen, "%s:%u: '%s' is not an id "
			    "(area.name)", path, lineno, id);
			goto fail;
		}
		timeout = strtod(field[1], &end);
		if (field[1][0] == '\0' || *end != '\0' || timeout < 0 ||
		    timeout > 3600) {
			snprintf(err, errlen, "%s:%u: '%s' is not a timeout in "
			    "seconds", path, lineno, field[1]);
			goto fail;
		}
		if (field[3][0] == '\0' ||
		    (argv = words(field[3], base)) == NULL || argv[0] == NULL) {
			snprintf(err, errlen, "%s:%u: no command", path, lineno);
			goto fail;
		}
		if (add_case(x, id, timeout, field[2], argv, base) == -1) {
			snprintf(err, errlen, "%s:%u: case '%s' twice, or out "
			    "of memory", path, lineno, id);
			goto fail;
		}
	}
	fclose(f);
	return 0;
fail:
	fclose(f);
	return -1;
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
	return areas;
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
