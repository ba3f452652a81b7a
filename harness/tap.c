/*
 * tap.c: TAP version 13 with YAML diagnostics, as read by automake's
 * tap-driver.sh and by prove.  Any byte a case prints must come out as
 * valid YAML: text that is printable UTF-8 becomes a block scalar, the
 * rest a double-quoted string with escapes.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "runner.h"

#define DESC_MAX	200	/* longest reason put on a test line */

const char *
verdict_name(enum fc_verdict v)
{
	switch (v) {
	case FC_PASS:
		return "pass";
	case FC_FAIL:
		return "fail";
	case FC_SKIP:
		return "skip";
	default:
		return "broken";
	}
}

/* Length of the valid UTF-8 sequence at p, or 0 if it is not one. */
size_t
utf8_len(const unsigned char *p, size_t len)
{
	size_t		n, i;
	unsigned int	cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (n > len)
		return 0;
	cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/*
 * Appends the len bytes at s with each ASCII byte that map names written
 * as map says, and each other control byte or byte that is not UTF-8 as
 * the printf format bad makes of it.
 */
void
text_escape(struct buf *b, const char *s, size_t len,
    const char *const map[128], const char *bad)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n;

	for (i = 0; i < len; i += n) {
		n = 1;
		if (p[i] < 128 && map[p[i]] != NULL)
			buf_adds(b, map[p[i]]);
		else if (p[i] < 0x20 || p[i] == 0x7f ||
		    (n = utf8_len(p + i, len - i)) == 0) {
			buf_printf(b, bad, p[i]);
			n = 1;
		} else
			buf_add(b, p + i, n);
	}
}

/*
 * A double-quoted string holding s, for YAML and JSON alike: the same
 * escapes but for the one of a control byte or a byte that is not UTF-8,
 * which JSON has only as \u00XX (json set) and YAML also as \xXX.
 */
void
quote_str(struct buf *b, const char *s, size_t len, int json)
{
	static const char *const	 map[128] = {
		['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n",
		['\t'] = "\\t", ['\r'] = "\\r"
	};

	buf_add(b, "\"", 1);
	text_escape(b, s, len, map, json ? "\\u%04x" : "\\x%02x");
	buf_add(b, "\"", 1);
}

/* A YAML double-quoted scalar holding s. */
void
tap_yaml_quote(struct buf *b, const char *s, size_t len)
{
	quote_str(b, s, len, 0);
}

/*
 * Whether s can be a literal block scalar, line for line.  A line that
 * reads "Bail out!" cannot: tap-driver.sh and prove honour the directive
 * even when indented, so one stray line would abort the whole run.
 */
static int
block_safe(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i, n;
	int			 bol = 1;

	if (len == 0 || s[len - 1] != '\n' || (len > 1 && s[len - 2] == '\n'))
		return 0;
	for (i = 0; i < len; i += n) {
		n = 1;
		if (bol && (p[i] == ' ' || p[i] == '\n'))
			return 0;
		if (bol && len - i >= 9 && memcmp(p + i, "Bail out!", 9) == 0)
			return 0;
		bol = p[i] == '\n';
		if (p[i] == '\n')
			continue;
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		if ((n = utf8_len(p + i, len - i)) == 0)
			return 0;
	}
	return 1;
}

/* "  key: |" and the text indented, or "  key: "quoted"". */
void
tap_yaml_text(struct buf *b, const char *key, const char *s, size_t len)
{
	size_t	i, start;

	buf_printf(b, "  %s: ", key);
	if (!block_safe(s, len)) {
		tap_yaml_quote(b, s, len);
		buf_add(b, "\n", 1);
		return;
	}
	buf_add(b, "|\n", 2);
	for (start = i = 0; i < len; i++) {
		if (s[i] != '\n')
			continue;
		buf_add(b, "    ", 4);
		buf_add(b, s + start, i + 1 - start);
		start = i + 1;
	}
}

/*
 * A reason fit for a test line: one line, no unescaped '#' (it would
 * start a directive), at most DESC_MAX bytes.
 */
void
tap_desc(struct buf *b, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len && i < DESC_MAX; i++) {
		switch (s[i]) {
		case '#':
			buf_add(b, "\\#", 2);
			break;
		case '\\':
			buf_add(b, "\\\\", 2);
			break;
		case '\n':
		case '\r':
		case '\t':
			buf_add(b, " ", 1);
			break;
		default:
			if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
				buf_add(b, "?", 1);
			else
				buf_add(b, s + i, 1);
		}
	}
	if (i < len)
		buf_add(b, "...", 3);
}

static void
yaml_field(struct buf *b, const char *key, const char *s)
{
	buf_printf(b, "  %s: ", key);
	tap_yaml_quote(b, s, strlen(s));
	buf_add(b, "\n", 1);
}

/* One test point, with its YAML block when there is something to say. */
void
tap_format(struct buf *b, unsigned int n, const struct result *r, int verbose)
{
	const char	*msg = r->msg != NULL ? r->msg : "";
	char		 st[64];
	int		 yaml;

	/*
	 * A stale expectation (the case passed after all) is a failure
	 * without a directive: as "ok # TODO" prove and others would count
	 * it as a pass, and the saved TAP would disagree with the exit status.
	 */
	if (r->expected != NULL && r->verdict == FC_PASS) {
		buf_printf(b, "not ok %u - %s # stale expectation: ", n,
		    r->c->id);
		tap_desc(b, r->expected, strlen(r->expected));
		buf_add(b, "\n", 1);
	} else if (r->expected != NULL && r->verdict == FC_FAIL) {
		buf_printf(b, "not ok %u - %s # TODO ", n, r->c->id);
		tap_desc(b, r->expected, strlen(r->expected));
		buf_add(b, "\n", 1);
	} else if (r->verdict == FC_BROKEN && (r->flags & RES_INTERRUPTED)) {
		buf_printf(b, "not ok %u - %s # ", n, r->c->id);
		tap_desc(b, msg, strlen(msg));
		buf_add(b, "\n", 1);
	} else switch (r->verdict) {
	case FC_PASS:
		buf_printf(b, "ok %u - %s\n", n, r->c->id);
		break;
	case FC_SKIP:
		buf_printf(b, "ok %u - %s # SKIP ", n, r->c->id);
		tap_desc(b, msg, strlen(msg));
		buf_add(b, "\n", 1);
		break;
	default:
		buf_printf(b, "not ok %u - %s # %s: ", n, r->c->id,
		    verdict_name(r->verdict));
		tap_desc(b, msg, strlen(msg));
		buf_add(b, "\n", 1);
		break;
	}

	/*
	 * A passing case's notes are for -v: they are not news, but for
	 * [qoi] and [probe] rows, whose notes are what they observed.
	 */
	yaml = verbose || r->verdict == FC_FAIL || r->verdict == FC_BROKEN ||
	    (r->expected != NULL && r->verdict == FC_PASS) ||
	    (r->notes != NULL && r->notes[0] != '\0' &&
	    (r->c->tier == FC_QOI || r->c->tier == FC_PROBE));
	if (!yaml)
		return;
	buf_add(b, "  ---\n", 6);
	yaml_field(b, "verdict", verdict_name(r->verdict));
	if (msg[0] != '\0')
		yaml_field(b, "message", msg);
	if (r->expected != NULL)
		yaml_field(b, r->verdict == FC_PASS ?
		    "expected_failure_but_passed" : "expected_failure",
		    r->expected);
	if (r->at != NULL && r->at[0] != '\0')
		yaml_field(b, "at", r->at);
	yaml_field(b, "spec", r->c->spec != NULL ? r->c->spec : "");
	buf_printf(b, "  duration_ms: %.3f\n", (double)r->duration_ns / 1e6);
	if (r->status != -1)
		yaml_field(b, "status", fc_status(r->status, st, sizeof(st)));
	if (r->notes != NULL && r->notes[0] != '\0')
		tap_yaml_text(b, "notes", r->notes, strlen(r->notes));
	if (r->outlen > 0)
		tap_yaml_text(b, "stdout", r->out, r->outlen);
	if (r->errlen > 0)
		tap_yaml_text(b, "stderr", r->err, r->errlen);
	buf_add(b, "  ...\n", 6);
}

void
tap_count(struct tap_counts *t, const struct result *r)
{
	if (r->expected != NULL && r->verdict == FC_FAIL) {
		t->xfail++;
		return;
	}
	if (r->expected != NULL && r->verdict == FC_PASS) {
		t->xpass++;
		return;
	}
	switch (r->verdict) {
	case FC_PASS:
		t->pass++;
		break;
	case FC_FAIL:
		t->fail++;
		break;
	case FC_SKIP:
		t->skip++;
		break;
	default:
		t->broken++;
		if (r->flags & RES_INTERRUPTED)
			t->interrupted++;
		break;
	}
	if (r->verdict == FC_SKIP && (r->flags & RES_NOTRUN))
		t->notrun++;
}

/*
 * The end-of-run line of a result that went wrong (fail, broken,
 * interrupted, stale expectation), as a TAP comment: "# failed: id —
 * reason".  run is the --repeat index (1 on), 0 without --repeat.
 * Returns 1, or 0 (and nothing added) for a result that went right.
 */
int
tap_problem(struct buf *b, const struct result *r, unsigned int run)
{
	const char	*kind, *why = r->msg != NULL ? r->msg : "";

	if (r->expected != NULL && r->verdict == FC_PASS) {
		kind = "stale expectation";
		why = r->expected;
	} else if (r->expected != NULL && r->verdict == FC_FAIL)
		return 0;
	else if (r->verdict == FC_FAIL)
		kind = "failed";
	else if (r->verdict == FC_BROKEN)
		kind = r->flags & RES_INTERRUPTED ? "interrupted" : "broken";
	else
		return 0;
	buf_printf(b, "# %s: %s", kind, r->c->id);
	if (run > 0)
		buf_printf(b, " (run %u)", run);
	buf_adds(b, " \xe2\x80\x94 ");
	if (r->expected != NULL && r->verdict == FC_PASS)
		buf_adds(b, "passed, but expected to fail: ");
	tap_desc(b, why, strlen(why));
	buf_add(b, "\n", 1);
	return 1;
}

void
tap_summary(struct buf *b, const struct tap_counts *t)
{
	buf_printf(b, "# %u passed, %u failed, %u skipped, %u broken",
	    t->pass, t->fail, t->skip - t->notrun, t->broken - t->interrupted);
	if (t->xfail > 0 || t->xpass > 0)
		buf_printf(b, ", %u expected failure%s, %u unexpected pass%s",
		    t->xfail, t->xfail == 1 ? "" : "s", t->xpass,
		    t->xpass == 1 ? "" : "es");
	if (t->interrupted > 0)
		buf_printf(b, ", %u interrupted", t->interrupted);
	if (t->notrun > 0)
		buf_printf(b, ", %u not run", t->notrun);
	buf_add(b, "\n", 1);
}
