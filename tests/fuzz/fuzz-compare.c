/*
 * fuzz-compare.c: libFuzzer target for what --compare reads: the JSON
 * reader (json.c) and the results.json loader (results.c).
 *
 * Promises checked on every input: a refusal is one line of the
 * documented form; a parsed tree has valid UTF-8 strings, no member
 * name twice in an object, no nesting past JSON_DEPTH_MAX, and written
 * back as JSON (quote_str()) parses to the same tree; loaded results
 * have the four verdicts only, cases sorted by id and run with no
 * duplicate, and results_find() finds each id's first run.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_utf8(const char *s, size_t len)
{
	size_t	i, n;

	for (i = 0; i < len; i += n)
		if ((n = utf8_len((const unsigned char *)s + i, len - i)) == 0)
			abort();
}

static void
check_line(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			abort();
}

/* The tree written back as JSON, with quote_str() as report.c does. */
static void
emit(struct buf *b, const struct json *v)
{
	size_t	i;

	switch (v->type) {
	case JSON_NULL:
		buf_adds(b, "null");
		return;
	case JSON_FALSE:
		buf_adds(b, "false");
		return;
	case JSON_TRUE:
		buf_adds(b, "true");
		return;
	case JSON_NUMBER:
		buf_add(b, v->s, v->len);
		return;
	case JSON_STRING:
		quote_str(b, v->s, v->len, 1);
		return;
	case JSON_ARRAY:
	case JSON_OBJECT:
		break;
	}
	buf_adds(b, v->type == JSON_ARRAY ? "[" : "{");
	for (i = 0; i < v->n; i++) {
		if (i > 0)
			buf_adds(b, ",");
		if (v->type == JSON_OBJECT) {
			quote_str(b, v->kid[i].key, v->kid[i].keylen, 1);
			buf_adds(b, ":");
		}
		emit(b, &v->kid[i]);
	}
	buf_adds(b, v->type == JSON_ARRAY ? "]" : "}");
}

static int
same(const struct json *a, const struct json *b)
{
	size_t	i;

	if (a->type != b->type || a->n != b->n || a->len != b->len ||
	    (a->len > 0 && memcmp(a->s, b->s, a->len) != 0))
		return 0;
	for (i = 0; i < a->n; i++) {
		if (a->kid[i].keylen != b->kid[i].keylen ||
		    (a->kid[i].keylen > 0 && memcmp(a->kid[i].key,
		    b->kid[i].key, a->kid[i].keylen) != 0))
			return 0;
		if (!same(&a->kid[i], &b->kid[i]))
			return 0;
	}
	return 1;
}

static void
check_tree(const struct json *v, int depth)
{
	size_t	i, j;

	if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
		if (++depth > JSON_DEPTH_MAX)
			abort();
	} else if (v->n != 0)
		abort();
	if (v->type == JSON_STRING)
		check_utf8(v->s, v->len);
	for (i = 0; i < v->n; i++) {
		if ((v->type == JSON_OBJECT) != (v->kid[i].key != NULL))
			abort();
		if (v->type == JSON_OBJECT) {
			check_utf8(v->kid[i].key, v->kid[i].keylen);
			for (j = 0; j < i; j++)
				if (v->kid[j].keylen == v->kid[i].keylen &&
				    memcmp(v->kid[j].key, v->kid[i].key,
				    v->kid[i].keylen) == 0)
					abort();
		}
		check_tree(&v->kid[i], depth);
	}
}

static void
fuzz_json(const char *data, size_t size)
{
	struct json	v, w;
	struct buf	b = { NULL, 0, 0 };
	char		err[512];

	if (json_parse(&v, data, size, err, sizeof(err)) == -1) {
		if (strncmp(err, "line ", 5) != 0)
			abort();
		check_line(err);
		return;
	}
	check_tree(&v, 0);
	emit(&b, &v);
	if (json_parse(&w, b.data, b.len, err, sizeof(err)) == -1 ||
	    !same(&v, &w))
		abort();
	json_free(&w);
	json_free(&v);
	buf_free(&b);
}

static void
fuzz_results(const char *data, size_t size)
{
	static const char	 prefix[] = "fuzz: not a forkcheck results file: ";
	struct results		 r;
	const struct rcase	*c, *f;
	char			 err[1024];
	size_t			 i;

	if (results_parse(&r, "fuzz", data, size, err, sizeof(err)) == -1) {
		if (strncmp(err, prefix, sizeof(prefix) - 1) != 0)
			abort();
		check_line(err);
		if (r.cases != NULL || r.n != 0)
			abort();
		return;
	}
	for (i = 0; i < r.n; i++) {
		c = &r.cases[i];
		if (c->id == NULL || c->id[0] == '\0' || c->verdict == NULL ||
		    (strcmp(c->verdict, "pass") != 0 &&
		    strcmp(c->verdict, "fail") != 0 &&
		    strcmp(c->verdict, "skip") != 0 &&
		    strcmp(c->verdict, "broken") != 0))
			abort();
		if (i > 0 && (strcmp(c[-1].id, c->id) > 0 ||
		    (strcmp(c[-1].id, c->id) == 0 &&
		    (c[-1].run == 0 || c[-1].run >= c->run))))
			abort();
		f = results_find(&r, c->id);
		if (f == NULL || strcmp(f->id, c->id) != 0 || f > c ||
		    (f > r.cases && strcmp(f[-1].id, c->id) == 0))
			abort();
	}
	if (results_find(&r, "\xff") != NULL)
		abort();
	results_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_json((const char *)data, size);
	fuzz_results((const char *)data, size);
	return 0;
}
