/*
 * unit-matrix.c: libcheck unit tests of the platform label (platform.c)
 * and of forkcheck --matrix's reports (matrix.c), from results filled in
 * by hand.
 */

#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

Suite	*matrix_suite(void);

static void
reset_signals(void)
{
	signal(SIGALRM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

static void
plat(struct platform *p, const char *sys, const char *rel, const char *mach,
    const char *libc, const char *libcv, const char *cc, const char *emu,
    long euid)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->system, sizeof(p->system), "%s", sys);
	snprintf(p->release, sizeof(p->release), "%s", rel);
	snprintf(p->machine, sizeof(p->machine), "%s", mach);
	snprintf(p->libc, sizeof(p->libc), "%s", libc);
	snprintf(p->libc_version, sizeof(p->libc_version), "%s", libcv);
	p->compiler = cc;
	p->emulator = emu;
	p->uid = p->euid = euid;
}

START_TEST(label_derived)
{
	struct platform	p;
	char		l[256];

	plat(&p, "Linux", "6.1.0-18-amd64", "x86_64", "glibc", "2.36",
	    "gcc (Debian 12.2.0-14+deb12u1) 12.2.0", NULL, 0);
	platform_label(l, sizeof(l), &p);
	ck_assert_str_eq(l, "linux-6.1/x86_64/glibc-2.36/gcc");

	plat(&p, "Linux", "6.18.44-fc", "aarch64", "musl", "unknown",
	    "Debian clang version 14.0.6", "qemu-user (aarch64 on x86_64)",
	    65534);
	platform_label(l, sizeof(l), &p);
	ck_assert_str_eq(l,
	    "linux-6.18/aarch64/musl/clang+qemu-user+unprivileged");

	plat(&p, "FreeBSD", "14.1-RELEASE", "amd64", "system libc",
	    "14.1-RELEASE", "FreeBSD clang version 18.1.5", NULL, 0);
	platform_label(l, sizeof(l), &p);
	ck_assert_str_eq(l, "freebsd-14.1/amd64/libc/clang");

	/* Odd bytes become '-'; an unknown emulator keeps its first word. */
	plat(&p, "My OS", "rolling", "m/68k", "libc", "1 2", "tcc 0.9",
	    "box64 v0.2", 0);
	platform_label(l, sizeof(l), &p);
	ck_assert_str_eq(l, "my-os-rolling/m-68k/libc-1-2/tcc+box64");

	/* Truncated, never overrun. */
	platform_label(l, 12, &p);
	ck_assert_uint_lt(strlen(l), 12);
	ck_assert_str_eq(l, "my-os-rolli");
}
END_TEST

START_TEST(label_given)
{
	struct platform	p;

	platform_set_label("my \"box\"");
	platform_get(&p, 0);
	ck_assert_str_eq(p.label, "my \"box\"");
	platform_set_label(NULL);
	platform_get(&p, 0);
	ck_assert_ptr_ne(strchr(p.label, '/'), NULL);
	ck_assert_ptr_eq(strchr(p.label, ' '), NULL);
}
END_TEST

#define S(s)	((char *)(s))

/* Run A: fd.a, fd.b, only.a and sig.x pass. */
static struct rcase cases_a[] = {
	{ S("fd.a"), S("fd"), S("XSH fork: shared offset"), S("core"),
	    S("pass"), NULL, S(""), NULL, 0 },
	{ S("fd.b"), S("fd"), S("XSH fork: close-on-exec"), S("core"),
	    S("pass"), NULL, S(""), NULL, 0 },
	{ S("only.a"), S("only"), S("only in A"), S("opt"), S("pass"), NULL,
	    S(""), NULL, 0 },
	{ S("sig.x"), S("sig"), S("XSH fork: signals"), S("linux"),
	    S("pass"), NULL, S(""), NULL, 0 },
};

/* Run B: fd.a fails with a hostile message; sig.x skips. */
static struct rcase cases_b[] = {
	{ S("fd.a"), S("fd"), S("XSH fork: shared offset"), S("core"),
	    S("fail"), NULL, S("<script>alert(1)</script> a|b \"q\" & \x01\n"
	    "next \xff line"), S("cases/fd.c:12"), 0 },
	{ S("fd.b"), S("fd"), S("XSH fork: close-on-exec"), S("core"),
	    S("pass"), NULL, S(""), NULL, 0 },
	{ S("sig.x"), S("sig"), S("XSH fork: signals"), S("linux"),
	    S("skip"), NULL, S("not Linux"), NULL, 0 },
};

/* Run C: fd.a a known deviation; fd.b twice (--repeat), failing once. */
static struct rcase cases_c[] = {
	{ S("fd.a"), S("fd"), S("XSH fork: shared offset"), S("core"),
	    S("fail"), S("a reason"), S("offset differs"), NULL, 0 },
	{ S("fd.b"), S("fd"), S("XSH fork: close-on-exec"), S("core"),
	    S("pass"), NULL, S(""), NULL, 1 },
	{ S("fd.b"), S("fd"), S("XSH fork: close-on-exec"), S("core"),
	    S("fail"), NULL, S("flaky"), S("cases/fd.c:40"), 2 },
	{ S("sig.x"), S("sig"), S("XSH fork: signals"), S("linux"),
	    S("pass"), NULL, S(""), NULL, 0 },
};

static void
runs(struct results r[3])
{
	memset(r, 0, 3 * sizeof(*r));
	r[0].path = S("a/results.json");
	r[0].forkcheck = S("0.1.0");
	r[0].plat.label = S("A");
	r[0].plat.uid = r[0].plat.euid = 0;
	r[0].cases = cases_a;
	r[0].n = sizeof(cases_a) / sizeof(cases_a[0]);
	r[1].path = S("b/results.json");
	r[1].forkcheck = S("0.0.9");
	r[1].plat.system = S("Linux");
	r[1].plat.release = S("6.1.0");
	r[1].plat.machine = S("aarch64");
	r[1].plat.libc = S("musl");
	r[1].plat.compiler = S("clang version 14");
	r[1].plat.emulator = S("qemu-aarch64");
	r[1].plat.uid = r[1].plat.euid = 1000;
	r[1].cases = cases_b;
	r[1].n = sizeof(cases_b) / sizeof(cases_b[0]);
	r[2].path = S("c/results.json");
	r[2].plat.label = S("A");
	r[2].plat.uid = r[2].plat.euid = -1;
	r[2].cases = cases_c;
	r[2].n = sizeof(cases_c) / sizeof(cases_c[0]);
}

static void
make(struct buf out[3], size_t counts[3])
{
	struct results	r[3];

	runs(r);
	memset(out, 0, 3 * sizeof(*out));
	matrix_write(out, r, NULL, NULL, 3, counts);
}

static void
free3(struct buf out[3])
{
	buf_free(&out[0]);
	buf_free(&out[1]);
	buf_free(&out[2]);
}

START_TEST(matrix_rows)
{
	struct buf	out[3];
	struct json	v;
	size_t		counts[3];
	char		why[256];

	make(out, counts);
	ck_assert_uint_eq(counts[0], 4);	/* fd.a fd.b only.a sig.x */
	ck_assert_uint_eq(counts[1], 2);	/* fd.a, fd.b */
	ck_assert_uint_eq(counts[2], 2);	/* only.a, sig.x */
	ck_assert_int_eq(json_parse(&v, out[MATRIX_JSON].data,
	    out[MATRIX_JSON].len, why, sizeof(why)), 0);
	json_free(&v);
	/* Labels: given, derived, and a taken one made distinct. */
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data, "\"label\": \"A\""),
	    NULL);
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data, "\"label\": "
	    "\"linux-6.1/aarch64/musl/clang+qemu-user+unprivileged\""), NULL);
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data,
	    "\"label\": \"A (2)\""), NULL);
	/* Not run is null; the worst of two runs shows, with the count. */
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data, "\"id\": \"only.a\""),
	    NULL);
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data, "null ] }"), NULL);
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data, "\"runs\": 2, "
	    "\"outcomes\": { \"pass\": 1, \"fail\": 1 }"), NULL);
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data,
	    "\"outcome\": \"expected_failure\""), NULL);
	/* Scorecard of B: core 1 of 2 passed, linux 1 skip, opt not run. */
	ck_assert_ptr_ne(strstr(out[MATRIX_MD].data, "| 2 | linux-6.1/"
	    "aarch64/musl/clang+qemu-user+unprivileged | 1/2 **(1 fail)** | "
	    "\xe2\x80\x93 (1 not run here) | 0/1 (1 skip) | 1/3 **(1 fail, "
	    "1 skip, 1 not run here)** |"), NULL);
	free3(out);
}
END_TEST

START_TEST(matrix_escapes)
{
	struct buf	out[3];
	size_t		counts[3];
	char		*line, *end;

	make(out, counts);
	/* HTML: markup as entities, control bytes and bad UTF-8 as U+FFFD. */
	ck_assert_ptr_eq(strstr(out[MATRIX_HTML].data, "<script>alert"),
	    NULL);
	ck_assert_ptr_ne(strstr(out[MATRIX_HTML].data, "&lt;script&gt;alert"
	    "(1)&lt;/script&gt; a|b &quot;q&quot; &amp; \xef\xbf\xbd\nnext "
	    "\xef\xbf\xbd line"), NULL);
	ck_assert_ptr_eq(memchr(out[MATRIX_HTML].data, '\x01',
	    out[MATRIX_HTML].len), NULL);
	ck_assert_ptr_eq(memchr(out[MATRIX_HTML].data, '\xff',
	    out[MATRIX_HTML].len), NULL);
	/* JSON: escapes. */
	ck_assert_ptr_ne(strstr(out[MATRIX_JSON].data, "a|b \\\"q\\\" & "
	    "\\u0001\\nnext \\u00ff line"), NULL);
	/* Markdown: one line per item, '|' and markup escaped. */
	ck_assert_ptr_ne(strstr(out[MATRIX_MD].data, "- fd.a on #2: fail: "
	    "\\<script\\>alert(1)\\</script\\> a\\|b \"q\" \\& \\\\x01\\\\nnext "
	    "\\\\xff line (at cases/fd.c:12)\n"), NULL);
	for (line = out[MATRIX_MD].data; *line != '\0'; line = end + 1) {
		end = strchr(line, '\n');
		ck_assert_ptr_ne(end, NULL);
		if (strncmp(line, "| fd.a |", 8) == 0)
			ck_assert_ptr_ne(strstr(line, "| **fail** | expected "
			    "failure |\n"), NULL);
	}
	free3(out);
}
END_TEST

/* The filters of both HTML reports: a select, escaped options. */
START_TEST(html_filter_form)
{
	struct buf	b = { NULL, 0, 0 };

	buf_adds(&b, html_form_start);
	html_select(&b, "area", "all");
	html_option(&b, "fd.x", 2, NULL);
	html_option(&b, "a<b", 3, "\"quoted\" & more");
	buf_adds(&b, html_select_end);
	buf_adds(&b, html_form_end);
	ck_assert_str_eq(b.data, "<form id=\"filters\" hidden=\"hidden\" "
	    "action=\"#\">\n<label>area <select name=\"area\"><option "
	    "value=\"\">all</option><option value=\"fd\">fd</option>"
	    "<option value=\"a&lt;b\">&quot;quoted&quot; &amp; more"
	    "</option></select></label>\n<button type=\"reset\">show all"
	    "</button>\n</form>\n");
	buf_free(&b);
}
END_TEST

START_TEST(matrix_one_run)
{
	struct results	r[3];
	struct buf	out[3];
	size_t		counts[3];

	runs(r);
	memset(out, 0, sizeof(out));
	matrix_write(out, r, NULL, NULL, 1, counts);
	ck_assert_uint_eq(counts[0], 4);
	ck_assert_uint_eq(counts[1] + counts[2], 0);
	ck_assert_ptr_ne(strstr(out[MATRIX_MD].data, "None: "), NULL);
	ck_assert_ptr_ne(strstr(out[MATRIX_HTML].data, "<p>None: "), NULL);
	free3(out);
}
END_TEST

Suite *
matrix_suite(void)
{
	Suite	*s = suite_create("matrix");
	TCase	*tc;

	tc = tcase_create("label");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, label_derived);
	tcase_add_test(tc, label_given);
	suite_add_tcase(s, tc);

	tc = tcase_create("matrix");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, matrix_rows);
	tcase_add_test(tc, matrix_escapes);
	tcase_add_test(tc, html_filter_form);
	tcase_add_test(tc, matrix_one_run);
	suite_add_tcase(s, tc);
	return s;
}
