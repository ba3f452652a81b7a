/*
 * compare.c: forkcheck --compare A.json B.json.  Prints the cases whose
 * verdict differs between two runs (two platforms, or a platform and a
 * reference): new failures, fixes, new skips.  Exits 1 if B has a
 * failure (fail, broken or unexpected pass) that A did not.
 *
 * The reader knows JSON as results.json uses it: objects, arrays,
 * strings, numbers, true, false, null.
 */

#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

struct jin {
	const char	*p;
	const char	*end;
	const char	*err;
};

/* One case of a result file. */
struct entry {
	char	*id;
	char	*verdict;	/* pass, fail, skip, broken */
	char	*expected;	/* known deviation, or NULL */
	char	*message;
	int	 seen;		/* matched in the other file */
};

struct results {
	struct entry	*e;
	size_t		 n;
	char		*platform;
};

static void
ws(struct jin *in)
{
	while (in->p < in->end && isspace((unsigned char)*in->p))
		in->p++;
}

static int
expect_char(struct jin *in, char c)
{
	ws(in);
	if (in->p < in->end && *in->p == c) {
		in->p++;
		return 0;
	}
	in->err = "unexpected character";
	return -1;
}

/* A string into b (UTF-8; \u escapes below U+0800 suffice for ours). */
static int
jstring(struct jin *in, struct buf *b)
{
	unsigned int	cp;
	char		hex[5];

	if (expect_char(in, '"') == -1)
		return -1;
	while (in->p < in->end && *in->p != '"') {
		if (*in->p != '\\') {
			buf_add(b, in->p++, 1);
			continue;
		}
		if (++in->p >= in->end)
			break;
		switch (*in->p++) {
		case 'n':
			buf_add(b, "\n", 1);
			break;
		case 't':
			buf_add(b, "\t", 1);
			break;
		case 'r':
			buf_add(b, "\r", 1);
			break;
		case 'b':
			buf_add(b, "\b", 1);
			break;
		case 'f':
			buf_add(b, "\f", 1);
			break;
		case 'u':
			if (in->end - in->p < 4) {
				in->err = "short \\u escape";
				return -1;
			}
			memcpy(hex, in->p, 4);
			hex[4] = '\0';
			cp = (unsigned int)strtoul(hex, NULL, 16);
			in->p += 4;
			if (cp < 0x80)
				buf_add(b, &(char){ (char)cp }, 1);
			else if (cp < 0x800) {
				buf_add(b, &(char){ (char)(0xc0 | cp >> 6) }, 1);
				buf_add(b, &(char){ (char)(0x80 | (cp & 0x3f)) },
				    1);
			} else {
				buf_add(b, &(char){ (char)(0xe0 | cp >> 12) }, 1);
				buf_add(b, &(char){ (char)(0x80 |
				    (cp >> 6 & 0x3f)) }, 1);
				buf_add(b, &(char){ (char)(0x80 | (cp & 0x3f)) },
				    1);
			}
			break;
		default:
			buf_add(b, in->p - 1, 1);
			break;
		}
	}
	if (in->p >= in->end) {
		in->err = "unterminated string";
		return -1;
	}
	in->p++;
	buf_add(b, "", 0);
	return 0;
}

static int	jskip(struct jin *);

/* Opens an object; returns 1 if it is empty (and consumed), -1 on error. */
static int
jobject(struct jin *in)
{
	if (expect_char(in, '{') == -1)
		return -1;
	ws(in);
	if (in->p < in->end && *in->p == '}') {
		in->p++;
		return 1;
	}
	return 0;
}

/* Skips an object or array. */
static int
jskip_container(struct jin *in, char open, char close)
{
	struct buf	b = { NULL, 0, 0 };

	if (expect_char(in, open) == -1)
		return -1;
	ws(in);
	if (in->p < in->end && *in->p == close) {
		in->p++;
		return 0;
	}
	for (;;) {
		if (open == '{') {
			buf_reset(&b);
			if (jstring(in, &b) == -1 || expect_char(in, ':') == -1)
				break;
		}
		if (jskip(in) == -1)
			break;
		ws(in);
		if (in->p < in->end && *in->p == ',') {
			in->p++;
			continue;
		}
		buf_free(&b);
		return expect_char(in, close);
	}
	buf_free(&b);
	return -1;
}

/* Skips any value. */
static int
jskip(struct jin *in)
{
	struct buf	b = { NULL, 0, 0 };
	int		rc;

	ws(in);
	if (in->p >= in->end) {
		in->err = "unexpected end";
		return -1;
	}
	switch (*in->p) {
	case '{':
		return jskip_container(in, '{', '}');
	case '[':
		return jskip_container(in, '[', ']');
	case '"':
		rc = jstring(in, &b);
		buf_free(&b);
		return rc;
	default:
		while (in->p < in->end && (isalnum((unsigned char)*in->p) ||
		    *in->p == '-' || *in->p == '+' || *in->p == '.'))
			in->p++;
		return 0;
	}
}

/* A string or null value: a new string, or NULL for null. */
static int
jstring_or_null(struct jin *in, char **out)
{
	struct buf	b = { NULL, 0, 0 };

	ws(in);
	if (in->end - in->p >= 4 && strncmp(in->p, "null", 4) == 0) {
		in->p += 4;
		*out = NULL;
		return 0;
	}
	if (jstring(in, &b) == -1) {
		buf_free(&b);
		return -1;
	}
	*out = buf_steal(&b);
	return 0;
}

static int
jcase(struct jin *in, struct entry *e)
{
	struct buf	key = { NULL, 0, 0 };
	char		**field;
	int		 rc = -1;

	memset(e, 0, sizeof(*e));
	if ((rc = jobject(in)) != 0)
		goto done;
	rc = -1;
	for (;;) {
		buf_reset(&key);
		if (jstring(in, &key) == -1 || expect_char(in, ':') == -1)
			break;
		field = NULL;
		if (strcmp(key.data, "id") == 0)
			field = &e->id;
		else if (strcmp(key.data, "verdict") == 0)
			field = &e->verdict;
		else if (strcmp(key.data, "expected_failure") == 0)
			field = &e->expected;
		else if (strcmp(key.data, "message") == 0)
			field = &e->message;
		if (field != NULL ? jstring_or_null(in, field) : jskip(in))
			break;
		ws(in);
		if (in->p < in->end && *in->p == ',') {
			in->p++;
			continue;
		}
		rc = expect_char(in, '}');
		break;
	}
done:
	buf_free(&key);
	if (rc == 1)
		rc = 0;
	if (rc == 0 && (e->id == NULL || e->verdict == NULL)) {
		in->err = "a case without id or verdict";
		rc = -1;
	}
	return rc;
}

static int
jplatform(struct jin *in, struct results *r)
{
	struct buf	key = { NULL, 0, 0 }, val = { NULL, 0, 0 };
	struct buf	desc = { NULL, 0, 0 };
	int		rc;

	if ((rc = jobject(in)) != 0)
		return rc == 1 ? 0 : -1;
	rc = -1;
	for (;;) {
		buf_reset(&key);
		if (jstring(in, &key) == -1 || expect_char(in, ':') == -1)
			break;
		ws(in);
		if ((strcmp(key.data, "system") == 0 ||
		    strcmp(key.data, "release") == 0 ||
		    strcmp(key.data, "machine") == 0 ||
		    strcmp(key.data, "libc") == 0 ||
		    strcmp(key.data, "libc_version") == 0) &&
		    in->p < in->end && *in->p == '"') {
			buf_reset(&val);
			if (jstring(in, &val) == -1)
				break;
			buf_printf(&desc, "%s%s", desc.len ? " " : "",
			    val.data);
		} else if (jskip(in) == -1)
			break;
		ws(in);
		if (in->p < in->end && *in->p == ',') {
			in->p++;
			continue;
		}
		rc = expect_char(in, '}');
		break;
	}
	buf_free(&key);
	buf_free(&val);
	r->platform = buf_steal(&desc);
	return rc;
}

static int
jresults(struct jin *in, struct results *r)
{
	struct buf	 key = { NULL, 0, 0 };
	struct entry	*n;
	int		 rc;

	if ((rc = jobject(in)) != 0)
		return rc == 1 ? 0 : -1;
	rc = -1;
	for (;;) {
		buf_reset(&key);
		if (jstring(in, &key) == -1 || expect_char(in, ':') == -1)
			break;
		if (strcmp(key.data, "platform") == 0) {
			if (jplatform(in, r) == -1)
				break;
		} else if (strcmp(key.data, "cases") == 0) {
			if (expect_char(in, '[') == -1)
				break;
			ws(in);
			if (in->p < in->end && *in->p == ']')
				in->p++;
			else for (;;) {
				n = realloc(r->e, (r->n + 1) * sizeof(*r->e));
				if (n == NULL)
					goto out;
				r->e = n;
				if (jcase(in, &r->e[r->n]) == -1)
					goto out;
				r->n++;
				ws(in);
				if (in->p < in->end && *in->p == ',') {
					in->p++;
					continue;
				}
				if (expect_char(in, ']') == -1)
					goto out;
				break;
			}
		} else if (jskip(in) == -1)
			break;
		ws(in);
		if (in->p < in->end && *in->p == ',') {
			in->p++;
			continue;
		}
		rc = expect_char(in, '}');
		break;
	}
out:
	buf_free(&key);
	return rc;
}

static int
load(const char *path, struct results *r, char *err, size_t errlen)
{
	struct buf	 b = { NULL, 0, 0 };
	struct jin	 in;

	memset(r, 0, sizeof(*r));
	if (buf_load(&b, path) == -1) {
		snprintf(err, errlen, "cannot read %s: %s", path,
		    strerror(errno));
		buf_free(&b);
		return -1;
	}
	in.p = b.data;
	in.end = b.data + b.len;
	in.err = NULL;
	if (jresults(&in, r) == -1) {
		snprintf(err, errlen, "%s: not a forkcheck results.json (%s "
		    "at byte %ld)", path, in.err ? in.err : "bad JSON",
		    (long)(in.p - b.data));
		buf_free(&b);
		return -1;
	}
	buf_free(&b);
	return 0;
}

static void
release(struct results *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		free(r->e[i].id);
		free(r->e[i].verdict);
		free(r->e[i].expected);
		free(r->e[i].message);
	}
	free(r->e);
	free(r->platform);
}

static int
failing(const struct entry *e)
{
	if (e == NULL)
		return 0;
	if (strcmp(e->verdict, "broken") == 0)
		return 1;
	if (strcmp(e->verdict, "fail") == 0)
		return 1;
	return strcmp(e->verdict, "pass") == 0 && e->expected != NULL;
}

static const char *
shown(const struct entry *e)
{
	if (e == NULL)
		return "absent";
	if (e->expected != NULL && strcmp(e->verdict, "fail") == 0)
		return "fail (known deviation)";
	if (e->expected != NULL && strcmp(e->verdict, "pass") == 0)
		return "pass (expected to fail)";
	return e->verdict;
}

static struct entry *
find(struct results *r, const char *id)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		if (!r->e[i].seen && strcmp(r->e[i].id, id) == 0)
			return &r->e[i];
	return NULL;
}

static void
report(const struct entry *a, const struct entry *b, const char *id,
    unsigned int *counts)
{
	const char	*what;
	int		 k;

	if (a != NULL && b != NULL && strcmp(a->verdict, b->verdict) == 0 &&
	    (a->expected == NULL) == (b->expected == NULL))
		return;
	if (failing(b) && !failing(a)) {
		what = "new failure";
		k = 0;
	} else if (a == NULL || b == NULL) {
		what = a == NULL ? "only in B" : "only in A";
		k = 4;
	} else if (failing(a) && !failing(b)) {
		what = "fixed";
		k = 1;
	} else if (b != NULL && strcmp(b->verdict, "skip") == 0) {
		what = "newly skipped";
		k = 2;
	} else if (a != NULL && strcmp(a->verdict, "skip") == 0) {
		what = "no longer skipped";
		k = 3;
	} else {
		what = "changed";
		k = 4;
	}
	counts[k]++;
	printf("%-17s %s: %s -> %s", what, id, shown(a), shown(b));
	if (b != NULL && b->message != NULL && b->message[0] != '\0' &&
	    strcmp(b->verdict, "pass") != 0)
		printf(": %s", b->message);
	printf("\n");
}

/* forkcheck --compare A B: 0 if B adds no failure, 1 if it does, 2 on error. */
int
compare_main(const char *pa, const char *pb, const char *prog)
{
	struct results	a, b;
	struct entry	*eb;
	unsigned int	counts[5] = { 0, 0, 0, 0, 0 };
	char		err[512];
	size_t		i;

	if (load(pa, &a, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 2;
	}
	if (load(pb, &b, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", prog, err);
		release(&a);
		return 2;
	}
	printf("A: %s (%zu cases), %s\nB: %s (%zu cases), %s\n", pa, a.n,
	    a.platform ? a.platform : "?", pb, b.n,
	    b.platform ? b.platform : "?");
	for (i = 0; i < a.n; i++) {
		eb = find(&b, a.e[i].id);
		if (eb != NULL)
			eb->seen = 1;
		a.e[i].seen = 1;
		report(&a.e[i], eb, a.e[i].id, counts);
	}
	for (i = 0; i < b.n; i++)
		if (!b.e[i].seen)
			report(NULL, &b.e[i], b.e[i].id, counts);
	printf("%u new failures, %u fixed, %u newly skipped, %u no longer "
	    "skipped, %u other differences\n", counts[0], counts[1], counts[2],
	    counts[3], counts[4]);
	release(&a);
	release(&b);
	return counts[0] > 0 ? 1 : 0;
}
