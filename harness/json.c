/*
 * json.c: a strict JSON reader (RFC 8259) into a small tree.
 *
 * What it refuses, each with a line and column: anything after the one
 * top-level value, nesting deeper than JSON_DEPTH_MAX, a member name
 * used twice in one object, numbers outside the JSON grammar (no
 * leading zeros, no "+", no "NaN"), escapes other than the eight of the
 * RFC and \uXXXX, a surrogate escape that is not part of a pair, raw
 * control characters and bytes that are not UTF-8 inside strings.
 *
 * Strings come out as UTF-8 with a length (\u0000 is kept, so a string
 * may hold a NUL byte).  The parser keeps an explicit stack of the
 * containers it is inside, so hostile nesting cannot grow the C stack;
 * json_free() recurses, but never deeper than JSON_DEPTH_MAX.
 * Allocation failure is fatal, as everywhere in the runner (buf.c).
 */

#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

struct jframe {
	struct json		 v;	/* the open container, members so far */
	size_t			 cap;
	const unsigned char	*open;	/* its bracket */
	char			*key;	/* its name in the enclosing object */
	size_t			 keylen;
};

struct jparser {
	const unsigned char	*start;
	const unsigned char	*p;
	const unsigned char	*end;
	const unsigned char	*at;	/* where the error is */
	char			 why[160];
	struct jframe		 st[JSON_DEPTH_MAX];
	int			 depth;
	char			*key;	/* the name of the member being read */
	size_t			 keylen;
};

static const char *const jtype_names[] = {
	[JSON_NULL] = "null", [JSON_FALSE] = "false", [JSON_TRUE] = "true",
	[JSON_NUMBER] = "a number", [JSON_STRING] = "a string",
	[JSON_ARRAY] = "an array", [JSON_OBJECT] = "an object"
};

const char *
json_type_name(enum json_type t)
{
	return name_of(jtype_names, sizeof(jtype_names) /
	    sizeof(jtype_names[0]), (size_t)t, "?");
}

static int FC_PRINTFLIKE(3, 4)
fail(struct jparser *jp, const unsigned char *at, const char *fmt, ...)
{
	va_list	ap;

	jp->at = at;
	va_start(ap, fmt);
	vsnprintf(jp->why, sizeof(jp->why), fmt, ap);
	va_end(ap);
	return -1;
}

static void
skip_ws(struct jparser *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
	    *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static int
hex4(const unsigned char *p, unsigned int *out)
{
	unsigned int	v = 0;
	int		i;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			v |= p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			v |= p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			v |= p[i] - 'A' + 10;
		else
			return -1;
	}
	*out = v;
	return 0;
}

/* Code point cp as UTF-8 at *o, which moves past it. */
static void
put_utf8(unsigned char **o, unsigned int cp)
{
	unsigned char	*u = *o;

	if (cp < 0x80)
		*u++ = (unsigned char)cp;
	else if (cp < 0x800) {
		*u++ = (unsigned char)(0xc0 | cp >> 6);
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*u++ = (unsigned char)(0xe0 | cp >> 12);
		*u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	} else {
		*u++ = (unsigned char)(0xf0 | cp >> 18);
		*u++ = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		*u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		*u++ = (unsigned char)(0x80 | (cp & 0x3f));
	}
	*o = u;
}

/* A \uXXXX escape at jp->p (past the "u"), a surrogate pair as one. */
static int
unicode_escape(struct jparser *jp, unsigned char **o)
{
	const unsigned char	*at = jp->p - 2;
	unsigned int		 cp, lo;

	if (jp->end - jp->p < 4 || hex4(jp->p, &cp) == -1)
		return fail(jp, at, "\\u needs four hex digits");
	jp->p += 4;
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return fail(jp, at, "a low surrogate escape without a high one");
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (jp->end - jp->p < 6 || jp->p[0] != '\\' ||
		    jp->p[1] != 'u' || hex4(jp->p + 2, &lo) == -1 ||
		    lo < 0xdc00 || lo > 0xdfff)
			return fail(jp, at,
			    "a high surrogate escape without a low one");
		jp->p += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	put_utf8(o, cp);
	return 0;
}

/* The escape at jp->p (its backslash), decoded at *o. */
static int
escape(struct jparser *jp, unsigned char **o)
{
	static const char	from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char		*k;

	if (++jp->p >= jp->end)
		return fail(jp, jp->p - 1, "unterminated string");
	if (*jp->p == 'u') {
		jp->p++;
		return unicode_escape(jp, o);
	}
	if (*jp->p == '\0' || (k = strchr(from, *jp->p)) == NULL)
		return fail(jp, jp->p - 1, "an escape JSON does not have");
	*(*o)++ = (unsigned char)to[k - from];
	jp->p++;
	return 0;
}

/*
 * The string at jp->p (its opening quote) into *s and *len.  Decoding
 * never lengthens a string, so its bytes in the file bound the buffer.
 */
static int
string(struct jparser *jp, char **s, size_t *len)
{
	const unsigned char	*q;
	unsigned char		*buf, *o;
	size_t			 n;

	for (q = ++jp->p; q < jp->end && *q != '"'; q++)
		if (*q == '\\' && q + 1 < jp->end)
			q++;
	if ((buf = malloc((size_t)(q - jp->p) + 1)) == NULL)
		err(1, "malloc");
	for (o = buf; jp->p < jp->end && *jp->p != '"'; ) {
		if (*jp->p < 0x20) {
			fail(jp, jp->p, "a control character inside a string");
			goto bad;
		}
		if (*jp->p == '\\') {
			if (escape(jp, &o) == -1)
				goto bad;
			continue;
		}
		if ((n = utf8_len(jp->p, (size_t)(jp->end - jp->p))) == 0) {
			fail(jp, jp->p, "a string that is not UTF-8");
			goto bad;
		}
		memcpy(o, jp->p, n);
		o += n;
		jp->p += n;
	}
	if (jp->p >= jp->end) {
		fail(jp, jp->p, "unterminated string");
		goto bad;
	}
	jp->p++;
	*o = '\0';
	*len = (size_t)(o - buf);
	*s = (char *)buf;
	return 0;
bad:
	free(buf);
	return -1;
}

static int
digits(struct jparser *jp)
{
	const unsigned char	*from = jp->p;

	while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
		jp->p++;
	return jp->p > from ? 0 : -1;
}

/* A number, in the RFC's grammar; v->s keeps its text. */
static int
number(struct jparser *jp, struct json *v)
{
	const unsigned char	*from = jp->p;
	char			*end;

	if (jp->p < jp->end && *jp->p == '-')
		jp->p++;
	if (jp->p < jp->end && *jp->p == '0')
		jp->p++;
	else if (digits(jp) == -1)
		return fail(jp, from, "a malformed number");
	if (jp->p < jp->end && *jp->p == '.' && (jp->p++, digits(jp) == -1))
		return fail(jp, from, "a malformed number");
	if (jp->p < jp->end && (*jp->p == 'e' || *jp->p == 'E')) {
		jp->p++;
		if (jp->p < jp->end && (*jp->p == '+' || *jp->p == '-'))
			jp->p++;
		if (digits(jp) == -1)
			return fail(jp, from, "a malformed number");
	}
	v->type = JSON_NUMBER;
	v->len = (size_t)(jp->p - from);
	if ((v->s = malloc(v->len + 1)) == NULL)
		err(1, "malloc");
	memcpy(v->s, from, v->len);
	v->s[v->len] = '\0';
	v->num = strtod(v->s, &end);
	return 0;
}

static int
literal(struct jparser *jp, struct json *v, const char *word, enum json_type t)
{
	size_t	n = strlen(word);

	if ((size_t)(jp->end - jp->p) < n || memcmp(jp->p, word, n) != 0)
		return fail(jp, jp->p, "not a JSON value");
	jp->p += n;
	v->type = t;
	return 0;
}

/* A value that is not a container. */
static int
scalar(struct jparser *jp, struct json *v)
{
	memset(v, 0, sizeof(*v));
	switch (*jp->p) {
	case '"':
		v->type = JSON_STRING;
		return string(jp, &v->s, &v->len);
	case 't':
		return literal(jp, v, "true", JSON_TRUE);
	case 'f':
		return literal(jp, v, "false", JSON_FALSE);
	case 'n':
		return literal(jp, v, "null", JSON_NULL);
	default:
		if (*jp->p == '-' || (*jp->p >= '0' && *jp->p <= '9'))
			return number(jp, v);
		return fail(jp, jp->p, "not a JSON value");
	}
}

/* A member's name and its colon. */
static int
member_name(struct jparser *jp)
{
	skip_ws(jp);
	if (jp->p >= jp->end || *jp->p != '"')
		return fail(jp, jp->p, "expected a member name");
	if (string(jp, &jp->key, &jp->keylen) == -1)
		return -1;
	skip_ws(jp);
	if (jp->p >= jp->end || *jp->p != ':')
		return fail(jp, jp->p, "expected ':' after a member name");
	jp->p++;
	return 0;
}

/* Appends v (and the pending name) to the innermost container. */
static void
append(struct jparser *jp, struct json *v)
{
	struct jframe	*f = &jp->st[jp->depth - 1];
	struct json	*kid;

	if (f->v.n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		if (f->cap > SIZE_MAX / sizeof(*kid) / 2)
			errx(1, "out of memory");
		if ((kid = realloc(f->v.kid, f->cap * sizeof(*kid))) == NULL)
			err(1, "realloc");
		f->v.kid = kid;
	}
	v->key = jp->key;
	v->keylen = jp->keylen;
	jp->key = NULL;
	jp->keylen = 0;
	f->v.kid[f->v.n++] = *v;
}

static int
keycmp(const void *a, const void *b)
{
	const struct json	*x = *(const struct json *const *)a;
	const struct json	*y = *(const struct json *const *)b;
	size_t			 n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int			 c;

	if ((c = memcmp(x->key, y->key, n)) != 0)
		return c;
	return (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/* Whether an object names a member twice: sorted names, O(n log n). */
static const struct json *
duplicate(const struct json *o)
{
	const struct json	**idx, *dup = NULL;
	size_t			  i;

	if (o->n < 2)
		return NULL;
	if ((idx = calloc(o->n, sizeof(*idx))) == NULL)
		err(1, "calloc");
	for (i = 0; i < o->n; i++)
		idx[i] = &o->kid[i];
	qsort(idx, o->n, sizeof(*idx), keycmp);
	for (i = 1; i < o->n && dup == NULL; i++)
		if (keycmp(&idx[i - 1], &idx[i]) == 0)
			dup = idx[i];
	free(idx);
	return dup;
}

/* Opens an array or object at jp->p. */
static int
open_container(struct jparser *jp)
{
	struct jframe	*f;

	if (jp->depth == JSON_DEPTH_MAX)
		return fail(jp, jp->p, "nested deeper than %d levels",
		    JSON_DEPTH_MAX);
	f = &jp->st[jp->depth++];
	memset(f, 0, sizeof(*f));
	f->v.type = *jp->p == '{' ? JSON_OBJECT : JSON_ARRAY;
	f->open = jp->p++;
	f->key = jp->key;
	f->keylen = jp->keylen;
	jp->key = NULL;
	jp->keylen = 0;
	return 0;
}

/* Closes the innermost container into *v. */
static int
close_container(struct jparser *jp, struct json *v)
{
	struct jframe		*f = &jp->st[jp->depth - 1];
	const struct json	*dup;
	struct json		*kid;
	struct buf		 name = { NULL, 0, 0 };

	jp->p++;
	*v = f->v;
	if (v->n > 0 && v->n < f->cap &&
	    (kid = realloc(v->kid, v->n * sizeof(*kid))) != NULL)
		v->kid = kid;		/* no slack kept for every object */
	jp->key = f->key;
	jp->keylen = f->keylen;
	jp->depth--;
	if (v->type == JSON_OBJECT && (dup = duplicate(v)) != NULL) {
		text_safe(&name, dup->key, dup->keylen > 40 ? 40 : dup->keylen);
		fail(jp, f->open, "member \"%s\"%s appears twice in one object",
		    name.data, dup->keylen > 40 ? "..." : "");
		buf_free(&name);
		json_free(v);
		return -1;
	}
	return 0;
}

/* Frees whatever the parser holds after an error. */
static void
unwind(struct jparser *jp)
{
	while (jp->depth > 0) {
		jp->depth--;
		json_free(&jp->st[jp->depth].v);
		free(jp->st[jp->depth].key);
	}
	free(jp->key);
	jp->key = NULL;
}

/*
 * After a complete value v: it becomes a member of the innermost
 * container, which may close in turn.  Returns 1 when the top-level
 * value is complete (in *v), 0 when another value follows, -1 on error.
 */
static int
after_value(struct jparser *jp, struct json *v)
{
	struct jframe	*f;
	char		 close;

	while (jp->depth > 0) {
		f = &jp->st[jp->depth - 1];
		append(jp, v);
		close = f->v.type == JSON_OBJECT ? '}' : ']';
		skip_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			return f->v.type == JSON_OBJECT ? member_name(jp) : 0;
		}
		if (jp->p >= jp->end || *jp->p != close)
			return fail(jp, jp->p, "expected ',' or '%c'", close);
		if (close_container(jp, v) == -1)
			return -1;
	}
	return 1;
}

/* One value, or the opening of a container (and its first member). */
static int
value(struct jparser *jp, struct json *v)
{
	struct jframe	*f;

	for (;;) {
		skip_ws(jp);
		if (jp->p >= jp->end)
			return fail(jp, jp->p, "unexpected end of input");
		if (*jp->p != '[' && *jp->p != '{')
			return scalar(jp, v);
		if (open_container(jp) == -1)
			return -1;
		f = &jp->st[jp->depth - 1];
		skip_ws(jp);
		if (jp->p < jp->end &&
		    *jp->p == (f->v.type == JSON_OBJECT ? '}' : ']'))
			return close_container(jp, v);
		if (f->v.type == JSON_OBJECT && member_name(jp) == -1)
			return -1;
	}
}

/* Line and column (from 1, in bytes) of jp->at. */
static void
position(const struct jparser *jp, unsigned long *line, unsigned long *col)
{
	const unsigned char	*p, *bol = jp->start;

	*line = 1;
	for (p = jp->start; p < jp->at; p++)
		if (*p == '\n') {
			(*line)++;
			bol = p + 1;
		}
	*col = (unsigned long)(jp->at - bol) + 1;
}

/*
 * Parses the len bytes at text into *root; -1 with a one-line reason
 * ("line 3, column 7: expected ':' after a member name") in err.
 */
int
json_parse(struct json *root, const char *text, size_t len, char *why,
    size_t whylen)
{
	struct jparser	*jp;
	struct json	 v;
	unsigned long	 line, col;
	int		 rc;

	memset(root, 0, sizeof(*root));
	if ((jp = calloc(1, sizeof(*jp))) == NULL)
		err(1, "calloc");
	jp->start = jp->p = (const unsigned char *)text;
	jp->end = jp->start + len;
	do {
		if ((rc = value(jp, &v)) == 0)
			rc = after_value(jp, &v);
	} while (rc == 0);
	if (rc == 1) {
		skip_ws(jp);
		if (jp->p == jp->end) {
			*root = v;
			free(jp);
			return 0;
		}
		json_free(&v);
		rc = fail(jp, jp->p, "more after the JSON value");
	}
	unwind(jp);
	position(jp, &line, &col);
	snprintf(why, whylen, "line %lu, column %lu: %s", line, col, jp->why);
	free(jp);
	return -1;
}

/* Frees what json_parse() made of v (not v itself). */
void
json_free(struct json *v)
{
	size_t	i;

	for (i = 0; i < v->n; i++) {
		free(v->kid[i].key);
		json_free(&v->kid[i]);
	}
	free(v->kid);
	free(v->s);
	v->kid = NULL;
	v->s = NULL;
	v->n = 0;
}

/* The member of object o called name, or NULL. */
const struct json *
jobject_get(const struct json *o, const char *name)
{
	size_t	i, len = strlen(name);

	if (o->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < o->n; i++)
		if (o->kid[i].keylen == len &&
		    memcmp(o->kid[i].key, name, len) == 0)
			return &o->kid[i];
	return NULL;
}

/*
 * Calls fn for each member of object o (or element of array o), in the
 * order of the file, until fn returns non-zero; returns that, or 0.
 */
int
jobject_each(const struct json *o, int (*fn)(const struct json *, void *),
    void *arg)
{
	size_t	i;
	int	rc;

	for (i = 0; i < o->n; i++)
		if ((rc = fn(&o->kid[i], arg)) != 0)
			return rc;
	return 0;
}

/* Whether v is a string equal to s. */
int
json_is(const struct json *v, const char *s)
{
	return v != NULL && v->type == JSON_STRING && v->len == strlen(s) &&
	    memcmp(v->s, s, v->len) == 0;
}

/* v as a long, if it is an integer that fits; -1 if not. */
int
json_long(const struct json *v, long *out)
{
	char	*end;
	long	 l;

	if (v->type != JSON_NUMBER || strpbrk(v->s, ".eE") != NULL)
		return -1;
	errno = 0;
	l = strtol(v->s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = l;
	return 0;
}

/*
 * Text from a file, made safe to print on a terminal or in a one-line
 * message: printable ASCII and printable UTF-8 as they are; backslash,
 * control characters (C0, DEL and C1), Unicode line separators and
 * bidirectional overrides, and bytes that are not UTF-8 as escapes
 * (\\, \n, \t, \r, \xNN for each byte).
 */
void
text_safe(struct buf *b, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, k, n;
	unsigned int		 cp;

	for (i = 0; i < len; i += n) {
		n = 1;
		if (p[i] == '\\' || p[i] == '\n' || p[i] == '\t' ||
		    p[i] == '\r') {
			buf_add(b, "\\", 1);
			buf_add(b, p[i] == '\\' ? "\\" : p[i] == '\n' ? "n" :
			    p[i] == '\t' ? "t" : "r", 1);
			continue;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			buf_add(b, p + i, 1);
			continue;
		}
		if (p[i] >= 0x80 && (n = utf8_len(p + i, len - i)) > 0) {
			cp = p[i] & (0x7f >> n);
			for (k = 1; k < n; k++)
				cp = cp << 6 | (p[i + k] & 0x3f);
			if (cp >= 0xa0 && cp != 0x2028 && cp != 0x2029 &&
			    (cp < 0x202a || cp > 0x202e) &&
			    (cp < 0x2066 || cp > 0x2069) && cp != 0xfeff) {
				buf_add(b, p + i, n);
				continue;
			}
		} else
			n = 1;
		for (k = 0; k < n; k++)
			buf_printf(b, "\\x%02x", p[i + k]);
	}
}
