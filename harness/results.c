/*
 * results.c: results.json read back, for --compare and --matrix.
 *
 * The file is checked against the schema of reports/README.md: the
 * schema string must be one this forkcheck reads, every member it knows
 * must have its documented type (and verdicts, counts, runs and uids
 * their documented values), "schema", "cases" and each case's "id" and
 * "verdict" must be there, and a case id appears once (or once per run
 * of --repeat).  Members it does not know are ignored, so a later writer
 * may add optional ones without a new schema version.  Anything else is
 * refused with one line naming the file and the problem.
 */

#include "config.h"

#include <err.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

#define T(t)		(1u << (t))
#define T_STR		T(JSON_STRING)
#define T_NULL		T(JSON_NULL)
#define T_NUM		T(JSON_NUMBER)
#define T_BOOL		(T(JSON_TRUE) | T(JSON_FALSE))
#define T_OBJ		T(JSON_OBJECT)
#define T_ARR		T(JSON_ARRAY)
#define NOWHERE		((size_t)-1)

/* The schemas this reader understands. */
static const char *const schemas[] = { RESULTS_SCHEMA };

struct field;
typedef int	(*check_fn)(const struct field *, const struct json *, void *,
		    struct buf *);

/* A member of an object of the schema. */
struct field {
	const char	*name;
	unsigned int	 types;		/* T_* allowed */
	int		 required;
	size_t		 off;		/* where it is kept in the record */
	check_fn	 check;		/* value check and store, or NULL */
};

/* Walks an object's members against a table of fields. */
struct walk {
	const struct field	*fields;
	size_t			 nfields;
	void			*rec;
	struct buf		*why;
	unsigned long		 seen;	/* bit i: fields[i] was there */
};

/* A value quoted for a one-line message: escaped, at most 40 bytes. */
static void
quoted(struct buf *b, const char *s, size_t len)
{
	buf_add(b, "\"", 1);
	text_safe(b, s, len > 40 ? 40 : len);
	buf_adds(b, len > 40 ? "...\"" : "\"");
}

static void
types_text(struct buf *b, unsigned int types)
{
	static const enum json_type	order[] = { JSON_STRING, JSON_NUMBER,
	    JSON_TRUE, JSON_OBJECT, JSON_ARRAY, JSON_NULL };
	size_t				i;
	int				any = 0;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!(types & T(order[i])))
			continue;
		if (any++)
			buf_adds(b, " or ");
		buf_adds(b, order[i] == JSON_TRUE ? "true or false" :
		    json_type_name(order[i]));
	}
}

/* A string kept as a C string: no NUL inside. */
static int
store_str(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	char	**dst = (char **)((char *)rec + f->off);

	if (v->type != JSON_STRING)
		return 0;
	if (memchr(v->s, '\0', v->len) != NULL) {
		buf_printf(why, "\"%s\" holds a NUL byte", f->name);
		return -1;
	}
	free(*dst);
	if ((*dst = strdup(v->s)) == NULL)
		err(1, "strdup");
	return 0;
}

static int
check_schema(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	size_t	i;

	(void)f;
	(void)rec;
	for (i = 0; i < sizeof(schemas) / sizeof(schemas[0]); i++)
		if (json_is(v, schemas[i]))
			return 0;
	buf_adds(why, "schema ");
	quoted(why, v->s, v->len);
	buf_adds(why, " is not one this forkcheck reads (" RESULTS_SCHEMA ")");
	return -1;
}

static int
store_verdict(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	if (json_is(v, "pass") || json_is(v, "fail") || json_is(v, "skip") ||
	    json_is(v, "broken"))
		return store_str(f, v, rec, why);
	buf_adds(why, "verdict ");
	quoted(why, v->s, v->len);
	buf_adds(why, " is not pass, fail, skip or broken");
	return -1;
}

static int
check_nonempty(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	if (v->len > 0)
		return store_str(f, v, rec, why);
	buf_printf(why, "\"%s\" is empty", f->name);
	return -1;
}

/* An integer in [min, max]; -1 with a reason if it is not. */
static int
integer(const struct field *f, const struct json *v, long min, long max,
    long *out, struct buf *why)
{
	if (json_long(v, out) == 0 && *out >= min && *out <= max)
		return 0;
	buf_printf(why, "\"%s\" is ", f->name);
	quoted(why, v->s, v->len);
	buf_printf(why, ", not an integer from %ld to %ld", min, max);
	return -1;
}

static int
check_count(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	long	l;

	(void)rec;
	return integer(f, v, 0, LONG_MAX, &l, why);
}

static int
store_run(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	long	l;

	if (integer(f, v, 1, UINT_MAX < LONG_MAX ? (long)UINT_MAX : LONG_MAX,
	    &l, why) == -1)
		return -1;
	*(unsigned int *)((char *)rec + f->off) = (unsigned int)l;
	return 0;
}

static int
store_uid(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	long	l;

	if (v->type == JSON_NULL)
		return 0;
	if (integer(f, v, 0, LONG_MAX, &l, why) == -1)
		return -1;
	*(long *)((char *)rec + f->off) = l;
	return 0;
}

/* A finite number >= 0 (> 0 when kept: the timeout multiplier). */
static int
check_number(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	int	keep = f->off != NOWHERE;

	if (isfinite(v->num) && (keep ? v->num > 0 : v->num >= 0)) {
		if (keep)
			*(double *)((char *)rec + f->off) = v->num;
		return 0;
	}
	buf_printf(why, "\"%s\" is ", f->name);
	quoted(why, v->s, v->len);
	buf_printf(why, ", not a finite number %s 0", keep ? ">" : ">=");
	return -1;
}

static int	walk_object(const struct field *, size_t, const struct json *,
		    void *, struct buf *);

static const struct field count_fields[] = {
	{ "pass", T_NUM, 0, NOWHERE, check_count },
	{ "fail", T_NUM, 0, NOWHERE, check_count },
	{ "skip", T_NUM, 0, NOWHERE, check_count },
	{ "broken", T_NUM, 0, NOWHERE, check_count },
	{ "expected_failure", T_NUM, 0, NOWHERE, check_count },
	{ "unexpected_pass", T_NUM, 0, NOWHERE, check_count },
};

static int
check_counts(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	(void)f;
	(void)rec;
	return walk_object(count_fields, sizeof(count_fields) /
	    sizeof(count_fields[0]), v, NULL, why);
}

#define PF(name, member)	{ name, T_STR | T_NULL, 0, \
	offsetof(struct results, plat.member), store_str }
static const struct field platform_fields[] = {
	PF("system", system), PF("release", release), PF("machine", machine),
	PF("libc", libc), PF("libc_version", libc_version),
	PF("compiler", compiler), PF("emulator", emulator),
	PF("containment", containment), PF("label", label),
	{ "configure", T_STR | T_NULL, 0, NOWHERE, NULL },
	{ "uid", T_NUM | T_NULL, 0, offsetof(struct results, plat.uid),
	    store_uid },
	{ "euid", T_NUM | T_NULL, 0, offsetof(struct results, plat.euid),
	    store_uid },
	{ "timeout_multiplier", T_NUM, 0,
	    offsetof(struct results, plat.multiplier), check_number },
	{ "jobs", T_NUM, 0, NOWHERE, check_count },
	{ "repeat", T_NUM, 0, NOWHERE, check_count },
};
#undef PF

static int
check_platform(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	(void)f;
	return walk_object(platform_fields, sizeof(platform_fields) /
	    sizeof(platform_fields[0]), v, rec, why);
}

#define CF(name, member, req, check)	{ name, T_STR | T_NULL, req, \
	offsetof(struct rcase, member), check }
static const struct field case_fields[] = {
	{ "id", T_STR, 1, offsetof(struct rcase, id), check_nonempty },
	{ "verdict", T_STR, 1, offsetof(struct rcase, verdict),
	    store_verdict },
	CF("area", area, 0, store_str), CF("spec", spec, 0, store_str),
	CF("tier", tier, 0, store_str),
	CF("expected_failure", expected, 0, store_str),
	CF("message", message, 0, store_str), CF("at", at, 0, store_str),
	{ "run", T_NUM, 0, offsetof(struct rcase, run), store_run },
	{ "duration_ms", T_NUM, 0, NOWHERE, check_number },
	{ "status", T_STR | T_NULL, 0, NOWHERE, NULL },
	{ "timeout", T_BOOL, 0, NOWHERE, NULL },
	{ "notes", T_STR | T_NULL, 0, NOWHERE, NULL },
	{ "stdout", T_STR | T_NULL, 0, NOWHERE, NULL },
	{ "stderr", T_STR | T_NULL, 0, NOWHERE, NULL },
};
#undef CF

static int	check_cases(const struct field *, const struct json *, void *,
		    struct buf *);

static const struct field top_fields[] = {
	{ "schema", T_STR, 1, NOWHERE, check_schema },
	{ "forkcheck", T_STR, 0, offsetof(struct results, forkcheck),
	    store_str },
	{ "platform", T_OBJ, 0, 0, check_platform },
	{ "started", T_STR | T_NULL, 0, NOWHERE, NULL },
	{ "duration_ms", T_NUM, 0, NOWHERE, check_number },
	{ "interrupted", T_BOOL, 0, NOWHERE, NULL },
	{ "counts", T_OBJ, 0, NOWHERE, check_counts },
	{ "cases", T_ARR, 1, 0, check_cases },
};

/* One member of an object: its field's type and value, if it has one. */
static int
member(const struct json *m, void *arg)
{
	struct walk		*w = arg;
	const struct field	*f;
	size_t			 i;

	for (i = 0; i < w->nfields; i++)
		if (m->keylen == strlen(w->fields[i].name) &&
		    memcmp(m->key, w->fields[i].name, m->keylen) == 0)
			break;
	if (i == w->nfields)
		return 0;		/* not ours to judge */
	f = &w->fields[i];
	w->seen |= 1ul << i;
	if (!(f->types & T(m->type))) {
		buf_printf(w->why, "\"%s\" is %s, not ", f->name,
		    json_type_name(m->type));
		types_text(w->why, f->types);
		return -1;
	}
	return f->check != NULL ? f->check(f, m, w->rec, w->why) : 0;
}

static int
walk_object(const struct field *fields, size_t n, const struct json *o,
    void *rec, struct buf *why)
{
	struct walk	w = { fields, n, rec, why, 0 };
	size_t		i;

	if (jobject_each(o, member, &w) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (fields[i].required && !(w.seen & 1ul << i)) {
			buf_printf(why, "no \"%s\"", fields[i].name);
			return -1;
		}
	return 0;
}

static int
rcase_cmp(const void *a, const void *b)
{
	const struct rcase	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return (x->run > y->run) - (x->run < y->run);
}

/* Sorts the cases; an id twice (but for distinct runs) is refused. */
static int
sort_cases(struct results *r, struct buf *why)
{
	size_t	i;

	qsort(r->cases, r->n, sizeof(*r->cases), rcase_cmp);
	for (i = 1; i < r->n; i++) {
		if (strcmp(r->cases[i - 1].id, r->cases[i].id) != 0 ||
		    (r->cases[i - 1].run != 0 &&
		    r->cases[i - 1].run != r->cases[i].run))
			continue;
		buf_adds(why, "case ");
		quoted(why, r->cases[i].id, strlen(r->cases[i].id));
		if (r->cases[i].run != 0 && r->cases[i - 1].run != 0)
			buf_printf(why, " run %u", r->cases[i].run);
		buf_adds(why, " appears twice");
		return -1;
	}
	return 0;
}

static int
check_cases(const struct field *f, const struct json *v, void *rec,
    struct buf *why)
{
	struct results	*r = rec;
	struct buf	 sub = { NULL, 0, 0 };
	size_t		 i;

	(void)f;
	if (v->n > 0 && (r->cases = calloc(v->n, sizeof(*r->cases))) == NULL)
		err(1, "calloc");
	for (i = 0; i < v->n; i++) {
		buf_reset(&sub);
		r->n = i + 1;
		if (v->kid[i].type != JSON_OBJECT)
			buf_printf(&sub, "is %s, not an object",
			    json_type_name(v->kid[i].type));
		else if (walk_object(case_fields, sizeof(case_fields) /
		    sizeof(case_fields[0]), &v->kid[i], &r->cases[i],
		    &sub) == 0)
			continue;
		buf_printf(why, "cases[%zu] ", i);
		if (r->cases[i].id != NULL) {
			buf_adds(why, "(");
			quoted(why, r->cases[i].id, strlen(r->cases[i].id));
			buf_adds(why, ") ");
		}
		buf_add(why, sub.data, sub.len);
		buf_free(&sub);
		return -1;
	}
	buf_free(&sub);
	return sort_cases(r, why);
}

/*
 * Reads a results file from the len bytes at text; name is the file's
 * name for messages.  -1 with one line in err if it is not results.
 */
int
results_parse(struct results *r, const char *name, const char *text,
    size_t len, char *errbuf, size_t errlen)
{
	struct json	 root;
	struct buf	 why = { NULL, 0, 0 }, where = { NULL, 0, 0 };
	char		 jerr[256];
	int		 rc = -1;

	memset(r, 0, sizeof(*r));
	r->plat.uid = r->plat.euid = -1;
	if ((r->path = strdup(name)) == NULL)
		err(1, "strdup");
	if (json_parse(&root, text, len, jerr, sizeof(jerr)) == -1)
		buf_adds(&why, jerr);
	else {
		if (root.type != JSON_OBJECT)
			buf_printf(&why, "the file holds %s, not an object",
			    json_type_name(root.type));
		else
			rc = walk_object(top_fields, sizeof(top_fields) /
			    sizeof(top_fields[0]), &root, r, &why);
		json_free(&root);
	}
	if (rc == -1) {
		text_safe(&where, name, strlen(name));
		snprintf(errbuf, errlen, "%s: not a forkcheck results file: %s",
		    where.data, why.data);
		results_free(r);
	}
	buf_free(&why);
	buf_free(&where);
	return rc;
}

/* Reads the results file at path; -1 with one line in err if it cannot. */
int
results_load(struct results *r, const char *path, char *errbuf,
    size_t errlen)
{
	struct buf	b = { NULL, 0, 0 }, where = { NULL, 0, 0 };
	int		rc;

	memset(r, 0, sizeof(*r));
	if (buf_load(&b, path) == -1) {
		text_safe(&where, path, strlen(path));
		snprintf(errbuf, errlen, "cannot read %s: %s", where.data,
		    strerror(errno));
		buf_free(&where);
		buf_free(&b);
		return -1;
	}
	rc = results_parse(r, path, b.data, b.len, errbuf, errlen);
	buf_free(&b);
	return rc;
}

void
results_free(struct results *r)
{
	struct rcase	*c;
	size_t		 i;

	for (i = 0; i < r->n; i++) {
		c = &r->cases[i];
		free(c->id);
		free(c->area);
		free(c->spec);
		free(c->tier);
		free(c->verdict);
		free(c->expected);
		free(c->message);
		free(c->at);
	}
	free(r->cases);
	free(r->path);
	free(r->forkcheck);
	free(r->plat.system);
	free(r->plat.release);
	free(r->plat.machine);
	free(r->plat.libc);
	free(r->plat.libc_version);
	free(r->plat.compiler);
	free(r->plat.emulator);
	free(r->plat.containment);
	free(r->plat.label);
	memset(r, 0, sizeof(*r));
}

static int
id_cmp(const void *key, const void *elt)
{
	return strcmp(key, ((const struct rcase *)elt)->id);
}

/* The case called id (its first run), or NULL; O(log n). */
const struct rcase *
results_find(const struct results *r, const char *id)
{
	const struct rcase	*c;

	if (r->n == 0 ||
	    (c = bsearch(id, r->cases, r->n, sizeof(*c), id_cmp)) == NULL)
		return NULL;
	while (c > r->cases && strcmp(c[-1].id, id) == 0)
		c--;
	return c;
}
