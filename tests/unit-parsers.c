/*
 * unit-parsers.c: libcheck tests of what forkcheck reads from outside:
 * case ids, manifests (external_parse), expectations files
 * (expect_parse_text), text checks, and the uid fc_unprivileged() picks.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

Suite	*parsers_suite(void);

static const struct fc_case	bi_pid[] = {
	{ .id = "pid.ret-values" }, { .id = NULL }
};
static const struct fc_area	bi_areas[] = {
	{ "pid", bi_pid }, { NULL, NULL }
};

static struct externals	x;
static char		err[512];

static void
x_setup(void)
{
	memset(&x, 0, sizeof(x));
	x.builtin = bi_areas;
	err[0] = '\0';
}

static void
x_teardown(void)
{
	external_free(&x);
}

static int
parse(const char *text)
{
	return external_parse(&x, "m.list", text, strlen(text), "/base", err,
	    sizeof(err));
}

/* --- ids ----------------------------------------------------------------- */

START_TEST(ids_grammar)
{
	static const char *const good[] = {
		"pid.ret-values", "thr._Fork", "thr._Fork/threaded",
		"pid.getpid-cache/_Fork", "inh.prctl-linux/subreaper-not-inherited",
		"python.ret-values", "a1.b_c-d/e-f_9", "x.y", NULL
	};
	static const char *const bad[] = {
		"", "x", ".a", "x.", "X.a", "1x.a", "x-y.a", "x.a#TODO", "x.a b",
		"x.a\tb", "x.a\nb", "x.a/", "x.a/b/c", "x./b", "x.a.b", "x.é",
		"x.a\x01", "x.a/b c", "x..a", NULL
	};
	char	long_id[ID_MAX + 2];
	size_t	i;

	for (i = 0; good[i] != NULL; i++)
		ck_assert_msg(id_valid(good[i]), "'%s' refused", good[i]);
	for (i = 0; bad[i] != NULL; i++)
		ck_assert_msg(!id_valid(bad[i]), "'%s' accepted", bad[i]);
	memset(long_id, 'a', sizeof(long_id) - 1);
	long_id[1] = '.';
	long_id[ID_MAX] = '\0';
	ck_assert(id_valid(long_id));
	long_id[ID_MAX] = 'a';
	long_id[ID_MAX + 1] = '\0';
	ck_assert(!id_valid(long_id));
	ck_assert(id_pattern_valid("fd.*"));
	ck_assert(id_pattern_valid("thr._Fork/[a-z]*"));
	ck_assert(id_pattern_valid("*.same-ofd"));
	ck_assert(id_pattern_valid("sig.[!a]?"));
	ck_assert(!id_pattern_valid(""));
	ck_assert(!id_pattern_valid("fd.a#TODO"));
	ck_assert(!id_pattern_valid("fd.$x"));
	ck_assert(!id_pattern_valid("fd.\\a"));
}
END_TEST

START_TEST(text_checks)
{
	size_t	bad = 99;

	ck_assert(text_valid("plain\ttext", 10, NULL));
	ck_assert(text_valid("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80", 14,
	    NULL));
	ck_assert(!text_valid("a\0b", 3, &bad));
	ck_assert_uint_eq(bad, 1);
	ck_assert(!text_valid("ab\x1b[0m", 6, &bad));
	ck_assert_uint_eq(bad, 2);
	ck_assert(!text_valid("\x7f", 1, NULL));
	ck_assert(!text_valid("\xc3", 1, NULL));		/* cut short */
	ck_assert(!text_valid("\xc0\xaf", 2, NULL));		/* overlong */
	ck_assert(!text_valid("\xe0\x80\xaf", 3, NULL));	/* overlong */
	ck_assert(!text_valid("\xed\xa0\x80", 3, NULL));	/* surrogate */
	ck_assert(!text_valid("\xf4\x90\x80\x80", 4, NULL));	/* > U+10FFFF */
	ck_assert(!text_valid("\xff", 1, &bad));
	ck_assert_uint_eq(bad, 0);
}
END_TEST

/* Lines one by one: CRLF and a last line without newline; bad text. */
START_TEST(text_lines)
{
	static const char	 in[] = "one\r\n\ntwo\r\r\nlast";
	struct text		 t = { in, in + sizeof(in) - 1, "f", 0 };
	const char		*line;
	size_t			 len;

	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), 1);
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(line, "one", 3) == 0);
	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), 1);
	ck_assert_uint_eq(len, 0);
	/* Only the CR before the newline goes; another is not text. */
	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "f:3: not UTF-8 text at column 4");
	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), 1);
	ck_assert_uint_eq(t.lineno, 4);
	ck_assert_uint_eq(len, 4);
	ck_assert(memcmp(line, "last", 4) == 0);
	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), 0);
	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), 0);
	t.p = "a\0b\n";
	t.stop = t.p + 4;
	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "f:5: a NUL byte at column 2");
	t.p = t.stop = "";
	ck_assert_int_eq(text_line(&t, &line, &len, err, sizeof(err)), 0);
}
END_TEST

/* --- manifests ----------------------------------------------------------- */

START_TEST(manifest_long_lines)
{
	char	*text;
	size_t	 n = 2 + 4094;

	/* The old reader parsed this comment's tail as a case. */
	text = malloc(n + 64);
	ck_assert_ptr_nonnull(text);
	memcpy(text, "# ", 2);
	memset(text + 2, 'a', 4094);
	strcpy(text + n, "x.smuggled | 5 | s | sh -c id\n");
	ck_assert_int_eq(parse(text), 0);
	ck_assert_uint_eq(x.n, 0);
	free(text);

	/* A case line of 100000 bytes is one case, its word whole. */
	n = 100000;
	text = malloc(n + 64);
	ck_assert_ptr_nonnull(text);
	strcpy(text, "x.long | 5 | s | echo ");
	memset(text + strlen(text), 'b', n);
	strcpy(text + 22 + n, "\nx.next | 5 | s | true");
	ck_assert_int_eq(parse(text), 0);
	ck_assert_uint_eq(x.n, 2);
	ck_assert_uint_eq(strlen(external_argv(&x.cases[0])[1]), n);
	ck_assert_str_eq(x.cases[1].id, "x.next");
	free(text);
}
END_TEST

START_TEST(manifest_ids)
{
	ck_assert_int_eq(parse("x.a#TODO | 5 | s | true\n"), -1);
	ck_assert_str_eq(err, "m.list:1: 'x.a#TODO' is not an id (area.row or "
	    "area.row/part: a-z0-9 area, A-Za-z0-9_- row)");
	ck_assert_int_eq(parse("\n\npid.ret-values | 5 | s | true\n"), -1);
	ck_assert_str_eq(err, "m.list:3: 'pid.ret-values' is a built-in "
	    "case's id");
	ck_assert_int_eq(parse("x.a | 5 | s | true\nx.a | 5 | s | false\n"),
	    -1);
	ck_assert_str_eq(err, "m.list:2: 'x.a' is an external case's id "
	    "already");
	ck_assert_int_eq(parse("x.b/part | 5 | s | true\n"), 0);
	ck_assert_uint_eq(x.n, 2);
}
END_TEST

START_TEST(manifest_timeouts)
{
	static const char *const bad[] = {
		"nan", "NaN", "inf", "-inf", "-1", "1e300", "3600.5", "1e999",
		"0x10", "+5", " ", "5s", ".5", NULL
	};
	char	line[128];
	size_t	i;

	for (i = 0; bad[i] != NULL; i++) {
		snprintf(line, sizeof(line), "x.t | %s | s | true\n", bad[i]);
		ck_assert_msg(parse(line) == -1, "timeout '%s' accepted",
		    bad[i]);
		ck_assert_msg(strncmp(err, "m.list:1: '", 11) == 0 &&
		    strstr(err, "is not a timeout in seconds (0 to 3600)") !=
		    NULL, "%s", err);
	}
	ck_assert_int_eq(parse("x.t | 3600 | s | true\nx.u | 0.25 | s | true\n"
	    "x.v | 0 | s | true\n"), 0);
	ck_assert(x.cases[0].timeout == 3600);
	ck_assert(x.cases[1].timeout == 0.25);
	ck_assert(x.cases[2].timeout == 0);
}
END_TEST

static void
assert_words(const char *cmd, const char *const *want)
{
	char	line[512];
	size_t	i;

	external_free(&x);
	snprintf(line, sizeof(line), "x.w | 5 | s | %s\n", cmd);
	ck_assert_msg(parse(line) == 0, "%s: %s", cmd, err);
	for (i = 0; want[i] != NULL; i++) {
		ck_assert_ptr_nonnull(external_argv(&x.cases[0])[i]);
		ck_assert_str_eq(external_argv(&x.cases[0])[i], want[i]);
	}
	ck_assert_ptr_null(external_argv(&x.cases[0])[i]);
}

START_TEST(manifest_words)
{
	static const char *const w1[] = {
		"sh", "-c", "echo a; exit 77", NULL
	};
	static const char *const w2[] = {
		"sh", "/base/cases/x.sh", "a b", "c\"d", "$HOME", "e\\f", "", "g h",
		"it's", NULL
	};
	static const char *const w3[] = {
		"/abs/prog", "rel/quoted", "/base/rel/plain", "a|b", "#x", NULL
	};
	char	cmd[4096], *p;
	int	i;

	assert_words("sh -c 'echo a; exit 77'", w1);
	assert_words("sh  cases/x.sh\t\"a b\" \"c\\\"d\" '$HOME' \"e\\f\" '' "
	    "g\\ h it\\'s", w2);
	assert_words("/abs/prog 'rel/quoted' rel/plain a|b #x", w3);

	/* No word limit: 300 words, all kept (the old limit was 32). */
	external_free(&x);
	p = cmd + snprintf(cmd, sizeof(cmd), "x.many | 5 | s | echo");
	for (i = 0; i < 300; i++)
		p += snprintf(p, sizeof(cmd) - (size_t)(p - cmd), " w%d", i);
	ck_assert_int_eq(parse(cmd), 0);
	for (i = 0; external_argv(&x.cases[0])[i] != NULL; i++)
		continue;
	ck_assert_int_eq(i, 301);
	ck_assert_str_eq(external_argv(&x.cases[0])[300], "w299");

	ck_assert_int_eq(parse("x.q | 5 | s | sh -c 'echo a\n"), -1);
	ck_assert_str_eq(err, "m.list:1: unterminated '");
	ck_assert_int_eq(parse("\nx.q | 5 | s | sh -c \"echo a\n"), -1);
	ck_assert_str_eq(err, "m.list:2: unterminated \"");
	ck_assert_int_eq(parse("x.q | 5 | s | sh \\\n"), -1);
	ck_assert_str_eq(err, "m.list:1: a backslash ends the command");
	ck_assert_int_eq(parse("x.q | 5 | s | \t \n"), -1);
	ck_assert_str_eq(err, "m.list:1: no command");
}
END_TEST

START_TEST(manifest_junk)
{
	ck_assert_int_eq(external_parse(&x, "m.list", "x.a | 5 | s | tr\0ue\n",
	    19, "/base", err, sizeof(err)), -1);
	ck_assert_str_eq(err, "m.list:1: a NUL byte at column 17");
	ck_assert_int_eq(parse("# ok\n# \xff\xfe\n"), -1);
	ck_assert_str_eq(err, "m.list:2: not UTF-8 text at column 3");
	ck_assert_int_eq(parse("x.a | 5 | \x1b]0;x\x07 | true\n"), -1);
	ck_assert_str_eq(err, "m.list:1: not UTF-8 text at column 11");
	/* CRLF line ends are fine. */
	ck_assert_int_eq(parse("# dos\r\nx.a | 5 | s | true\r\n"), 0);
	ck_assert_str_eq(external_argv(&x.cases[0])[0], "true");
}
END_TEST

START_TEST(manifest_areas_freed)
{
	const struct fc_area	*a;

	ck_assert_int_eq(parse("x.a | 5 | s | true\n"), 0);
	a = external_areas(bi_areas, &x);
	ck_assert_ptr_ne(a, bi_areas);
	ck_assert_str_eq(a[1].name, "external");
	ck_assert_ptr_eq(a[1].cases, x.cases);
	ck_assert_ptr_null(a[2].name);
	external_free(&x);
	ck_assert_ptr_null(x.areas);
	ck_assert_ptr_null(x.cases);
	ck_assert_uint_eq(x.n, 0);
}
END_TEST

/* --- expectations -------------------------------------------------------- */

START_TEST(expect_junk)
{
	struct expectations	e = { NULL, 0 };

	ck_assert_int_eq(expect_parse_text(&e, "f", "a.b ok\na.c r\0x\n", 14,
	    err, sizeof(err)), -1);
	ck_assert_str_eq(err, "f:2: a NUL byte at column 6");
	expect_free(&e);
	ck_assert_int_eq(expect_parse(&e, "g", "# x\n\x89PNG\r\n\x1a\n", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "g:2: not UTF-8 text at column 1");
	ck_assert_int_eq(expect_parse(&e, "h", "a.b one\n# c\n a.b two\n", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "h:3: 'a.b' is listed twice (first at h:1)");
	expect_free(&e);
	ck_assert_int_eq(expect_parse(&e, "i", "a.b one\n", err, sizeof(err)),
	    0);
	ck_assert_int_eq(expect_parse(&e, "j", "\na.b two\n", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "j:2: 'a.b' is listed twice (first at i:1)");
	ck_assert_int_eq(expect_parse(&e, "k", "a.b#TODO why\n", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "k:1: 'a.b#TODO' is not a case id or a glob of "
	    "ids");
	ck_assert_int_eq(expect_parse(&e, "l", "thr._Fork/* \xe2\x9c\x93 "
	    "why\r\n", err, sizeof(err)), 0);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.list[1].reason, "\xe2\x9c\x93 why");
	ck_assert_uint_eq(e.list[1].line, 1);
	expect_free(&e);
}
END_TEST

/* --- fc_unprivileged() --------------------------------------------------- */

/*
 * A child that runs as uid (or only gid) id until the pipe closes; its
 * pid.  Root only.
 */
static pid_t
hold_id(uid_t id, int gid_only, int *fd)
{
	int	p[2], q[2];
	char	c;
	pid_t	pid;

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(pipe(q), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(p[1]);
		close(q[0]);
		if (setgid((gid_t)id) == -1 || (!gid_only && setuid(id) == -1))
			_exit(1);
		(void)write(q[1], "r", 1);
		(void)read(p[0], &c, 1);
		_exit(0);
	}
	ck_assert_int_gt(pid, 0);
	close(p[0]);
	close(q[1]);
	ck_assert_int_eq(read(q[0], &c, 1), 1);
	close(q[0]);
	*fd = p[1];
	return pid;
}

static void
release(pid_t pid, int fd)
{
	int	status;

	close(fd);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(uid_in_use_sees_processes)
{
	uid_t	id = (uid_t)(1900000000u + 4194304u * 900u + 17u);
	pid_t	pid;
	int	fd;

	if (geteuid() != 0) {
		ck_assert(uid_in_use(geteuid()));
		return;
	}
	ck_assert(!uid_in_use(id));
	pid = hold_id(id, 0, &fd);
	ck_assert(uid_in_use(id));
	release(pid, fd);
	ck_assert(!uid_in_use(id));
	pid = hold_id(id, 1, &fd);		/* still uid 0: only /proc sees it */
	if (access("/proc/self/status", R_OK) == 0)
		ck_assert(uid_in_use(id));
	release(pid, fd);
}
END_TEST

/*
 * In a user namespace that maps only root and nobody, the case's own uid
 * cannot be had: fc_unprivileged() must fail, not take nobody's.
 */
START_TEST(unprivileged_never_nobody)
{
#ifdef CLONE_NEWUSER
	char	path[64], c;
	int	p[2], q[2], fd, status;
	pid_t	pid;

	if (geteuid() != 0)
		return;
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(pipe(q), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(p[1]);
		close(q[0]);
		if (unshare(CLONE_NEWUSER) == -1)
			_exit(77);
		(void)write(q[1], "u", 1);
		if (read(p[0], &c, 1) != 1)
			_exit(3);
		if (fc_unprivileged() == 0)
			_exit(getuid() == 65534 ? 2 : 4);
		_exit(0);
	}
	close(p[0]);
	close(q[1]);
	if (read(q[0], &c, 1) == 1) {
		snprintf(path, sizeof(path), "/proc/%ld/uid_map", (long)pid);
		ck_assert_int_ge(fd = open(path, O_WRONLY), 0);
		ck_assert_int_gt(write(fd, "0 0 1\n65534 65534 1\n", 20), 0);
		close(fd);
		snprintf(path, sizeof(path), "/proc/%ld/gid_map", (long)pid);
		ck_assert_int_ge(fd = open(path, O_WRONLY), 0);
		ck_assert_int_gt(write(fd, "0 0 1\n65534 65534 1\n", 20), 0);
		close(fd);
		ck_assert_int_eq(write(p[1], "g", 1), 1);
	}
	close(p[1]);
	close(q[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		fprintf(stderr, "# unprivileged_never_nobody: no user "
		    "namespaces here, not checked\n");
	else
		ck_assert_msg(WEXITSTATUS(status) == 0, "fc_unprivileged() in "
		    "a namespace without its uid: exit %d (2: became nobody)",
		    WEXITSTATUS(status));
#endif
}
END_TEST

Suite *
parsers_suite(void)
{
	Suite	*s = suite_create("parsers");
	TCase	*tc;

	tc = tcase_create("ids");
	tcase_add_test(tc, ids_grammar);
	tcase_add_test(tc, text_checks);
	tcase_add_test(tc, text_lines);
	suite_add_tcase(s, tc);

	tc = tcase_create("manifest");
	tcase_add_checked_fixture(tc, x_setup, x_teardown);
	tcase_add_test(tc, manifest_long_lines);
	tcase_add_test(tc, manifest_ids);
	tcase_add_test(tc, manifest_timeouts);
	tcase_add_test(tc, manifest_words);
	tcase_add_test(tc, manifest_junk);
	tcase_add_test(tc, manifest_areas_freed);
	suite_add_tcase(s, tc);

	tc = tcase_create("expect-files");
	tcase_add_test(tc, expect_junk);
	suite_add_tcase(s, tc);

	tc = tcase_create("unprivileged");
	tcase_add_test(tc, uid_in_use_sees_processes);
	tcase_add_test(tc, unprivileged_never_nobody);
	suite_add_tcase(s, tc);
	return s;
}
