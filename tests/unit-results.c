/*
 * unit-results.c: libcheck unit tests of the JSON reader (json.c), the
 * results.json loader (results.c) and the escaping of what --compare
 * prints.
 */

#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

Suite	*results_suite(void);

static void
reset_signals(void)
{
	signal(SIGALRM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

/* Parses s; returns 0 or -1, the reason in why. */
static int
parse(struct json *v, const char *s, char *why, size_t len)
{
	return json_parse(v, s, strlen(s), why, len);
}

/* s must be refused, with a reason holding want. */
static void
refused(const char *s, const char *want)
{
	struct json	v;
	char		why[256];

	ck_assert_msg(parse(&v, s, why, sizeof(why)) == -1, "accepted: %s", s);
	ck_assert_msg(strstr(why, want) != NULL, "%s: \"%s\" lacks \"%s\"", s,
	    why, want);
	ck_assert_ptr_eq(strchr(why, '\n'), NULL);
}

START_TEST(json_values)
{
	struct json		 v;
	const struct json	*m;
	char			 why[256];
	long			 l;

	ck_assert_int_eq(parse(&v, " {\"a\": [1, -2.5e1, true, false, null],"
	    " \"b\": {\"c\": \"d\"}, \"e\": 0 }\n", why, sizeof(why)), 0);
	ck_assert_int_eq(v.type, JSON_OBJECT);
	ck_assert_uint_eq(v.n, 3);
	m = jobject_get(&v, "a");
	ck_assert_ptr_ne(m, NULL);
	ck_assert_int_eq(m->type, JSON_ARRAY);
	ck_assert_uint_eq(m->n, 5);
	/* Elements of an array inside an object have no name. */
	ck_assert_ptr_eq(m->kid[0].key, NULL);
	ck_assert_uint_eq(m->kid[0].keylen, 0);
	ck_assert_uint_eq(m->kid[4].keylen, 0);
	ck_assert_int_eq(m->kid[0].type, JSON_NUMBER);
	ck_assert_int_eq(json_long(&m->kid[0], &l), 0);
	ck_assert_int_eq(l, 1);
	ck_assert(m->kid[1].num == -25.0);
	ck_assert_int_eq(json_long(&m->kid[1], &l), -1);
	ck_assert_int_eq(m->kid[2].type, JSON_TRUE);
	ck_assert_int_eq(m->kid[3].type, JSON_FALSE);
	ck_assert_int_eq(m->kid[4].type, JSON_NULL);
	ck_assert(json_is(jobject_get(jobject_get(&v, "b"), "c"), "d"));
	ck_assert_ptr_eq(jobject_get(&v, "z"), NULL);
	ck_assert_ptr_eq(jobject_get(m, "a"), NULL);
	json_free(&v);
	ck_assert_int_eq(parse(&v, "\"\"", why, sizeof(why)), 0);
	ck_assert_int_eq(v.type, JSON_STRING);
	ck_assert_uint_eq(v.len, 0);
	json_free(&v);
	ck_assert_int_eq(parse(&v, "[[],{}]", why, sizeof(why)), 0);
	ck_assert_uint_eq(v.n, 2);
	ck_assert_uint_eq(v.kid[0].n + v.kid[1].n, 0);
	json_free(&v);
}
END_TEST

START_TEST(json_strings)
{
	struct json	v;
	char		why[256];

	ck_assert_int_eq(parse(&v, "\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041"
	    "\\u00e9\\u20ac\\ud83d\\ude00\\u0000z\"", why, sizeof(why)), 0);
	ck_assert_uint_eq(v.len, 21);
	ck_assert_int_eq(memcmp(v.s, "a\"\\/\b\f\n\r\tA\xc3\xa9\xe2\x82\xac"
	    "\xf0\x9f\x98\x80\0z", 21), 0);
	json_free(&v);
	/* Raw UTF-8 is kept as it is. */
	ck_assert_int_eq(parse(&v, "\"\xc3\xa9\xf0\x9f\x98\x80\"", why,
	    sizeof(why)), 0);
	ck_assert_str_eq(v.s, "\xc3\xa9\xf0\x9f\x98\x80");
	json_free(&v);
}
END_TEST

START_TEST(json_refusals)
{
	refused("", "unexpected end");
	refused("  ", "unexpected end");
	refused("{} x", "more after the JSON value");
	refused("[1] [2]", "more after");
	refused("{\"a\":1,}", "expected a member name");
	refused("[1,]", "not a JSON value");
	refused("[1 2]", "expected ',' or ']'");
	refused("{\"a\" 1}", "expected ':'");
	refused("{\"a\":1 \"b\":2}", "expected ',' or '}'");
	refused("{1:2}", "expected a member name");
	refused("[01]", "expected ',' or ']'");
	refused("[+1]", "not a JSON value");
	refused("[1.]", "malformed number");
	refused("[.5]", "not a JSON value");
	refused("[1e]", "malformed number");
	refused("[-]", "malformed number");
	refused("[NaN]", "not a JSON value");
	refused("[tru]", "not a JSON value");
	refused("\"abc", "unterminated string");
	refused("\"a\\x\"", "an escape JSON does not have");
	refused("\"a\\u12\"", "four hex digits");
	refused("\"\\ud800\"", "high surrogate");
	refused("\"\\ud800\\u0041\"", "high surrogate");
	refused("\"\\udc00\"", "low surrogate");
	refused("\"a\tb\"", "control character");
	refused("\"\xff\"", "not UTF-8");
	refused("\"\xc0\x80\"", "not UTF-8");
	refused("\"\xed\xa0\x80\"", "not UTF-8");
	refused("{\"a\":1,\"b\":2,\"a\":3}", "member \"a\" appears twice");
	refused("{\"k\\u0000\":1,\"k\\u0000\":2}",
	    "member \"k\\x00\" appears twice");
	refused("[{\"x\":{\"a\":1,\"a\":1}}]", "line 1, column 7");
	refused("[\n  1,\n  x]", "line 3, column 3: not a JSON value");
}
END_TEST

START_TEST(json_depth)
{
	struct json	 v;
	char		 why[256], *s;
	size_t		 i, n = 100000;

	/* JSON_DEPTH_MAX levels are fine, one more is not. */
	s = calloc(1, 2 * n + 1);
	ck_assert_ptr_ne(s, NULL);
	for (i = 0; i < JSON_DEPTH_MAX; i++) {
		s[i] = '[';
		s[2 * JSON_DEPTH_MAX - 1 - i] = ']';
	}
	ck_assert_int_eq(parse(&v, s, why, sizeof(why)), 0);
	json_free(&v);
	memset(s, 0, 2 * n + 1);
	memset(s, '[', JSON_DEPTH_MAX + 1);
	refused(s, "nested deeper than 64 levels");
	/* Far deeper: no stack overflow, and nothing leaks (ASan). */
	memset(s, '[', n);
	refused(s, "nested deeper than 64 levels");
	for (i = 0; i < n; i += 6)
		memcpy(s + i, "{\"a\":[", i + 6 <= n ? 6 : n - i);
	refused(s, "nested deeper");
	free(s);
}
END_TEST

static int
count_members(const struct json *m, void *arg)
{
	size_t	*n = arg;

	(*n)++;
	return json_is(m, "stop") ? 7 : 0;
}

START_TEST(json_each)
{
	struct json	v;
	char		why[256];
	size_t		n = 0;

	ck_assert_int_eq(parse(&v, "{\"a\":1,\"b\":\"stop\",\"c\":3}", why,
	    sizeof(why)), 0);
	ck_assert_int_eq(jobject_each(&v, count_members, &n), 7);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(v.kid[1].key, "b");
	json_free(&v);
}
END_TEST

START_TEST(safe_text)
{
	struct buf	b = { NULL, 0, 0 };
	const char	s[] = "a\x1b[2J\\\n\t\r\x7f\xc2\x85\xc3\xa9\xe2\x80\xae"
	    "\xff\0z";

	text_safe(&b, s, sizeof(s) - 1);
	ck_assert_str_eq(b.data, "a\\x1b[2J\\\\\\n\\t\\r\\x7f\\xc2\\x85"
	    "\xc3\xa9\\xe2\\x80\\xae\\xff\\x00z");
	buf_free(&b);
}
END_TEST

/* A results file with cases (each a JSON object's members, no braces). */
static char *
results_text(const char *top, const char *const *cases, size_t n)
{
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	buf_printf(&b, "{\"schema\": \"forkcheck-results/1\"%s%s, \"cases\": [",
	    top[0] ? ", " : "", top);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s{%s}", i ? ", " : "", cases[i]);
	buf_adds(&b, "]}");
	return buf_steal(&b);
}

static int
load_text(struct results *r, const char *top, const char *const *cases,
    size_t n, char *why, size_t len)
{
	char	*s = results_text(top, cases, n);
	int	 rc;

	rc = results_parse(r, "x.json", s, strlen(s), why, len);
	free(s);
	return rc;
}

static void
results_refused(const char *top, const char *const *cases, size_t n,
    const char *want)
{
	struct results	r;
	char		why[512];

	ck_assert_msg(load_text(&r, top, cases, n, why, sizeof(why)) == -1,
	    "accepted: %s", cases[0]);
	ck_assert_msg(strncmp(why, "x.json: not a forkcheck results file: ",
	    38) == 0, "%s", why);
	ck_assert_msg(strstr(why, want) != NULL, "\"%s\" lacks \"%s\"", why,
	    want);
	ck_assert_ptr_eq(strchr(why, '\n'), NULL);
	ck_assert_ptr_eq(r.cases, NULL);
}

START_TEST(results_good)
{
	static const char *const cases[] = {
		"\"id\": \"pid.b\", \"verdict\": \"fail\", \"message\": \"m\", "
		    "\"expected_failure\": \"known\", \"at\": \"pid.c:3\", "
		    "\"future\": [1, {}]",
		"\"id\": \"fd.a\", \"verdict\": \"pass\", \"run\": 2, "
		    "\"area\": \"fd\", \"tier\": \"core\", \"spec\": null",
		"\"id\": \"fd.a\", \"verdict\": \"skip\", \"run\": 1",
		"\"id\": \"cow.x\", \"verdict\": \"broken\", \"timeout\": true,"
		    " \"duration_ms\": 0.5, \"status\": null, \"notes\": \"\"",
	};
	struct results		 r;
	const struct rcase	*c;
	char			 why[512];

	ck_assert_int_eq(load_text(&r, "\"forkcheck\": \"0.1.0\", "
	    "\"platform\": {\"system\": \"Linux\", \"uid\": 0, \"euid\": null, "
	    "\"label\": \"l\", \"timeout_multiplier\": 2.5, \"jobs\": 2}, "
	    "\"counts\": {\"pass\": 1}, \"interrupted\": false",
	    cases, 4, why, sizeof(why)), 0);
	ck_assert_str_eq(r.path, "x.json");
	ck_assert_str_eq(r.forkcheck, "0.1.0");
	ck_assert_str_eq(r.plat.system, "Linux");
	ck_assert_str_eq(r.plat.label, "l");
	ck_assert_ptr_eq(r.plat.release, NULL);
	ck_assert_int_eq(r.plat.uid, 0);
	ck_assert_int_eq(r.plat.euid, -1);
	ck_assert(r.plat.multiplier == 2.5);
	ck_assert_uint_eq(r.n, 4);
	ck_assert_str_eq(r.cases[0].id, "cow.x");
	ck_assert_str_eq(r.cases[1].id, "fd.a");
	ck_assert_uint_eq(r.cases[1].run, 1);
	ck_assert_uint_eq(r.cases[2].run, 2);
	c = results_find(&r, "fd.a");
	ck_assert_ptr_eq(c, &r.cases[1]);
	c = results_find(&r, "pid.b");
	ck_assert_ptr_ne(c, NULL);
	ck_assert_str_eq(c->verdict, "fail");
	ck_assert_str_eq(c->expected, "known");
	ck_assert_str_eq(c->message, "m");
	ck_assert_str_eq(c->at, "pid.c:3");
	ck_assert_ptr_eq(c->area, NULL);
	ck_assert_uint_eq(c->run, 0);
	ck_assert_ptr_eq(results_find(&r, "pid"), NULL);
	ck_assert_ptr_eq(results_find(&r, "zzz"), NULL);
	ck_assert_ptr_eq(results_find(&r, "a"), NULL);
	results_free(&r);
	ck_assert_ptr_eq(r.cases, NULL);
}
END_TEST

START_TEST(results_refusals)
{
	static const char *const ok[] = { "\"id\": \"a.b\", \"verdict\": \"pass\"" };
	static const char *const bad[][2] = {
		{ "\"verdict\": \"pass\"", "cases[0] no \"id\"" },
		{ "\"id\": \"a.b\"", "cases[0] (\"a.b\") no \"verdict\"" },
		{ "\"id\": \"a.b\", \"verdict\": \"maybe\"",
		    "verdict \"maybe\" is not pass, fail, skip or broken" },
		{ "\"id\": \"a.b\", \"verdict\": \"pass\\u001b[31m\"",
		    "verdict \"pass\\x1b[31m\" is not" },
		{ "\"id\": 7, \"verdict\": \"pass\"",
		    "\"id\" is a number, not a string" },
		{ "\"id\": \"\", \"verdict\": \"pass\"", "\"id\" is empty" },
		{ "\"id\": \"a\\u0000b\", \"verdict\": \"pass\"",
		    "\"id\" holds a NUL byte" },
		{ "\"id\": \"a.b\", \"verdict\": \"pass\", \"message\": 1",
		    "\"message\" is a number, not a string or null" },
		{ "\"id\": \"a.b\", \"verdict\": \"pass\", \"run\": 0",
		    "\"run\" is \"0\", not an integer from 1" },
		{ "\"id\": \"a.b\", \"verdict\": \"pass\", \"run\": 1.5",
		    "\"run\" is \"1.5\"" },
		{ "\"id\": \"a.b\", \"verdict\": \"pass\", \"timeout\": 1",
		    "\"timeout\" is a number, not true or false" },
		{ "\"id\": \"a.b\", \"verdict\": \"pass\", \"duration_ms\": -1",
		    "not a finite number >= 0" },
		{ "\"id\": \"a.b\", \"verdict\": \"pass\", \"duration_ms\": 1e999",
		    "not a finite number" },
	};
	static const char *const twice[] = {
		"\"id\": \"a.b\", \"verdict\": \"pass\"",
		"\"id\": \"a.c\", \"verdict\": \"pass\"",
		"\"id\": \"a.b\", \"verdict\": \"fail\"",
	};
	static const char *const runs[] = {
		"\"id\": \"a.b\", \"verdict\": \"pass\", \"run\": 1",
		"\"id\": \"a.b\", \"verdict\": \"pass\", \"run\": 1",
	};
	static const char *const mixed[] = {
		"\"id\": \"a.b\", \"verdict\": \"pass\", \"run\": 1",
		"\"id\": \"a.b\", \"verdict\": \"pass\"",
	};
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		results_refused("", &bad[i][0], 1, bad[i][1]);
	results_refused("", twice, 3, "case \"a.b\" appears twice");
	results_refused("", runs, 2, "case \"a.b\" run 1 appears twice");
	results_refused("", mixed, 2, "case \"a.b\" appears twice");
	results_refused("\"cases\": []", ok, 1, "appears twice in one object");
	results_refused("\"platform\": []", ok, 1,
	    "\"platform\" is an array, not an object");
	results_refused("\"platform\": {\"uid\": \"0\"}", ok, 1,
	    "\"uid\" is a string, not a number or null");
	results_refused("\"platform\": {\"uid\": -5}", ok, 1, "\"uid\" is \"-5\"");
	results_refused("\"platform\": {\"timeout_multiplier\": 0}", ok, 1,
	    "not a finite number > 0");
	results_refused("\"counts\": {\"pass\": -1}", ok, 1, "\"pass\" is \"-1\"");
	results_refused("\"forkcheck\": null", ok, 1,
	    "\"forkcheck\" is null, not a string");
}
END_TEST

/* A file that is not a results file at all, or cannot be read. */
START_TEST(results_not_results)
{
	struct results	r;
	char		why[512];

	ck_assert_int_eq(results_parse(&r, "x.json", "{}", 2, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "x.json: not a forkcheck results file: "
	    "no \"schema\"");
	ck_assert_int_eq(results_parse(&r, "x.json", "[]", 2, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "x.json: not a forkcheck results file: "
	    "the file holds an array, not an object");
	ck_assert_int_eq(results_parse(&r, "x.json",
	    "{\"schema\": \"forkcheck-results/1\"}", 33, why, sizeof(why)), -1);
	ck_assert_str_eq(why, "x.json: not a forkcheck results file: "
	    "no \"cases\"");
	ck_assert_int_eq(results_parse(&r, "x.json",
	    "{\"schema\": \"forkcheck-results/9\", \"cases\": []}", 46, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "x.json: not a forkcheck results file: schema "
	    "\"forkcheck-results/9\" is not one this forkcheck reads "
	    "(forkcheck-results/1)");
	ck_assert_int_eq(results_parse(&r, "x\n.json", "{", 1, why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "x\\n.json: not a forkcheck results file: "
	    "line 1, column 2: expected a member name");
	ck_assert_int_eq(results_load(&r, "/nonexistent/r.json", why,
	    sizeof(why)), -1);
	ck_assert_str_eq(why, "cannot read /nonexistent/r.json: "
	    "No such file or directory");
}
END_TEST

START_TEST(results_empty_cases)
{
	struct results	r;
	char		why[512];

	ck_assert_int_eq(load_text(&r, "", NULL, 0, why, sizeof(why)), 0);
	ck_assert_uint_eq(r.n, 0);
	ck_assert_ptr_eq(results_find(&r, "a.b"), NULL);
	results_free(&r);
}
END_TEST

Suite *
results_suite(void)
{
	Suite	*s = suite_create("results");
	TCase	*tc;

	tc = tcase_create("json");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, json_values);
	tcase_add_test(tc, json_strings);
	tcase_add_test(tc, json_refusals);
	tcase_add_test(tc, json_depth);
	tcase_add_test(tc, json_each);
	tcase_add_test(tc, safe_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("results");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, results_good);
	tcase_add_test(tc, results_refusals);
	tcase_add_test(tc, results_not_results);
	tcase_add_test(tc, results_empty_cases);
	suite_add_tcase(s, tc);
	return s;
}
