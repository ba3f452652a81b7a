/*
 * fuzz-quote.c: libFuzzer target for the quoting of hostile bytes: the
 * double-quoted strings of TAP's YAML and of the JSON reports
 * (quote_str()), YAML text blocks (tap_yaml_text()), TAP descriptions
 * (tap_desc()), XML/HTML text (xml_text()) and what --compare prints
 * (text_safe()).
 *
 * Promises checked on every input: no output holds a raw control byte
 * (but the newlines of a YAML block and XML text) or a byte that is not
 * UTF-8; the JSON string parses back (json.c) to the input, each byte
 * that is not UTF-8 as U+00XX; the YAML string and text_safe() decode
 * back to the input exactly; a YAML block never starts a line of its own
 * at the margin; a description has no newline and no unescaped '#';
 * XML text has no raw markup character.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Valid UTF-8 without control bytes but those in allowed. */
static void
check_text(const struct buf *b, const char *allowed)
{
	const unsigned char	*p = (const unsigned char *)b->data;
	size_t			 i, n;

	for (i = 0; i < b->len; i += n) {
		if ((n = utf8_len(p + i, b->len - i)) == 0)
			abort();
		if ((p[i] < 0x20 || p[i] == 0x7f) &&
		    (p[i] == '\0' || strchr(allowed, p[i]) == NULL))
			abort();
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	abort();
}

/* Undoes \\, \", \n, \t, \r and \xNN (YAML strings, text_safe()). */
static void
unescape(struct buf *out, const char *s, size_t len)
{
	unsigned char	c;
	size_t		i;

	for (i = 0; i < len; i++) {
		if (s[i] != '\\') {
			buf_add(out, s + i, 1);
			continue;
		}
		if (++i >= len)
			abort();
		switch (s[i]) {
		case '\\':
		case '"':
			buf_add(out, s + i, 1);
			break;
		case 'n':
			buf_add(out, "\n", 1);
			break;
		case 't':
			buf_add(out, "\t", 1);
			break;
		case 'r':
			buf_add(out, "\r", 1);
			break;
		case 'x':
			if (i + 2 >= len)
				abort();
			c = (unsigned char)(hexval(s[i + 1]) << 4 |
			    hexval(s[i + 2]));
			buf_add(out, &c, 1);
			i += 2;
			break;
		default:
			abort();
		}
	}
}

static void
fuzz_json(const char *s, size_t len)
{
	struct buf		 b = { NULL, 0, 0 }, want = { NULL, 0, 0 };
	struct json		 v;
	const unsigned char	*p = (const unsigned char *)s;
	unsigned char		 u[2];
	char			 err[256];
	size_t			 i, n;

	quote_str(&b, s, len, 1);
	check_text(&b, "");
	if (json_parse(&v, b.data, b.len, err, sizeof(err)) == -1 ||
	    v.type != JSON_STRING)
		abort();
	for (i = 0; i < len; i += n) {
		if ((n = utf8_len(p + i, len - i)) > 0) {
			buf_add(&want, p + i, n);
			continue;
		}
		n = 1;
		u[0] = (unsigned char)(0xc0 | p[i] >> 6);
		u[1] = (unsigned char)(0x80 | (p[i] & 0x3f));
		buf_add(&want, u, 2);
	}
	if (v.len != want.len || (want.len > 0 &&
	    memcmp(v.s, want.data, want.len) != 0))
		abort();
	json_free(&v);
	buf_free(&b);
	buf_free(&want);
}

static void
fuzz_yaml(const char *s, size_t len)
{
	struct buf	b = { NULL, 0, 0 }, back = { NULL, 0, 0 };
	size_t		i;

	tap_yaml_quote(&b, s, len);
	check_text(&b, "");
	if (b.len < 2 || b.data[0] != '"' || b.data[b.len - 1] != '"')
		abort();
	unescape(&back, b.data + 1, b.len - 2);
	if (back.len != len || (len > 0 && memcmp(back.data, s, len) != 0))
		abort();
	buf_reset(&b);
	tap_yaml_text(&b, "k", s, len);
	check_text(&b, "\n");
	if (strncmp(b.data, "  k: ", 5) != 0 || b.data[b.len - 1] != '\n')
		abort();
	for (i = 0; i + 1 < b.len; i++)
		if (b.data[i] == '\n' && strncmp(b.data + i + 1, "    ", 4) != 0)
			abort();
	buf_free(&b);
	buf_free(&back);
}

static void
fuzz_desc(const char *s, size_t len)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	tap_desc(&b, s, len);
	for (i = 0; i < b.len; i++) {
		if ((unsigned char)b.data[i] < 0x20 || b.data[i] == 0x7f)
			abort();
		if (b.data[i] == '#')
			abort();
		if (b.data[i] == '\\')
			i++;		/* its escaped character */
	}
	buf_free(&b);
}

static void
fuzz_xml(const char *s, size_t len)
{
	struct buf	b = { NULL, 0, 0 };

	xml_text(&b, s, len);
	check_text(&b, "\n\t");
	if (b.len > 0 && (memchr(b.data, '<', b.len) != NULL ||
	    memchr(b.data, '>', b.len) != NULL ||
	    memchr(b.data, '"', b.len) != NULL))
		abort();
	buf_free(&b);
}

static void
fuzz_safe(const char *s, size_t len)
{
	struct buf	b = { NULL, 0, 0 }, back = { NULL, 0, 0 };

	text_safe(&b, s, len);
	check_text(&b, "");
	unescape(&back, b.data != NULL ? b.data : "", b.len);
	if (back.len != len || (len > 0 && memcmp(back.data, s, len) != 0))
		abort();
	buf_free(&b);
	buf_free(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*s = (const char *)data;

	fuzz_json(s, size);
	fuzz_yaml(s, size);
	fuzz_desc(s, size);
	fuzz_xml(s, size);
	fuzz_safe(s, size);
	return 0;
}
