/*
 * unit.c: libcheck unit tests of the runner's internals: YAML and TAP
 * escaping, capture truncation, wait statuses and verdicts, pattern
 * matching, option parsing and deadline arithmetic.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"
#include "unit.h"

/* libcheck's fork mode leaves its own handlers in the test child. */
static void
reset_signals(void)
{
	signal(SIGALRM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

static char *
quoted(const char *s, size_t len)
{
	struct buf	b = { NULL, 0, 0 };

	tap_yaml_quote(&b, s, len);
	return buf_steal(&b);
}

/* A wait status made by a real child, not by encoding bits by hand. */
int
status_of(int code, int sig)
{
	pid_t	pid;
	int	status;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		if (sig != 0) {
			signal(sig, SIG_DFL);
			raise(sig);
		}
		_exit(code);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return status;
}

/* --- YAML and TAP escaping ------------------------------------------- */

/* One escaper for XML, JSON and YAML: a map, and a format for bad bytes. */
START_TEST(text_escape_maps)
{
	static const char *const	map[128] = { ['a'] = "<A>" };
	struct buf			b = { NULL, 0, 0 };

	text_escape(&b, "ab\x01\xc3\xa9\xff\x7f", 7, map, "[%02x]");
	ck_assert_str_eq(b.data, "<A>b[01]\xc3\xa9[ff][7f]");
	buf_reset(&b);
	xml_text(&b, "<&>\"'\n\t\r\xe2\x82", 10);
	ck_assert_str_eq(b.data, "&lt;&amp;&gt;&quot;&#39;\n\t\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd");
	buf_reset(&b);
	quote_str(&b, "\"\\\r\x02", 4, 1);
	ck_assert_str_eq(b.data, "\"\\\"\\\\\\r\\u0002\"");
	buf_free(&b);
}
END_TEST

START_TEST(yaml_plain)
{
	char	*s = quoted("hello", 5);

	ck_assert_str_eq(s, "\"hello\"");
	free(s);
}
END_TEST

START_TEST(yaml_escapes)
{
	char	*s = quoted("a\"b\\c\nd\te\r", 10);

	ck_assert_str_eq(s, "\"a\\\"b\\\\c\\nd\\te\\r\"");
	free(s);
}
END_TEST

START_TEST(yaml_control_and_nul)
{
	char	*s = quoted("\x01x\0y\x7f", 5);

	ck_assert_str_eq(s, "\"\\x01x\\x00y\\x7f\"");
	free(s);
}
END_TEST

START_TEST(yaml_utf8_kept_invalid_escaped)
{
	char	*s = quoted("\xc3\xa9\xff\xc3", 4);

	ck_assert_str_eq(s, "\"\xc3\xa9\\xff\\xc3\"");
	free(s);
	s = quoted("\xed\xa0\x80", 3);		/* a UTF-16 surrogate */
	ck_assert_str_eq(s, "\"\\xed\\xa0\\x80\"");
	free(s);
	s = quoted("\xe0\x80\xaf", 3);		/* an overlong '/' */
	ck_assert_str_eq(s, "\"\\xe0\\x80\\xaf\"");
	free(s);
}
END_TEST

START_TEST(yaml_text_block)
{
	struct buf	b = { NULL, 0, 0 };

	tap_yaml_text(&b, "stdout", "one\ntwo: x\n", 11);
	ck_assert_str_eq(b.data, "  stdout: |\n    one\n    two: x\n");
	buf_free(&b);
}
END_TEST

START_TEST(yaml_text_falls_back_to_quotes)
{
	static const char *const unsafe[] = {
		"no newline at end", " leading space\n", "two\n\n",
		"tab\there\n", "bell\a\n", "bad \xff\n", "\nempty first\n",
		"ok\nBail out! emulator assertion\n",
	};
	struct buf	b = { NULL, 0, 0 };
	size_t		i;

	for (i = 0; i < sizeof(unsafe) / sizeof(unsafe[0]); i++) {
		buf_reset(&b);
		tap_yaml_text(&b, "k", unsafe[i], strlen(unsafe[i]));
		ck_assert_msg(strncmp(b.data, "  k: \"", 6) == 0,
		    "not quoted: %s", b.data);
	}
	buf_free(&b);
}
END_TEST

START_TEST(desc_escapes_directives)
{
	struct buf	b = { NULL, 0, 0 };

	tap_desc(&b, "a # SKIP b\\c\nd", 14);
	ck_assert_str_eq(b.data, "a \\# SKIP b\\\\c d");
	buf_free(&b);
}
END_TEST

START_TEST(desc_truncates)
{
	struct buf	b = { NULL, 0, 0 };
	char		s[500];

	memset(s, 'x', sizeof(s));
	tap_desc(&b, s, sizeof(s));
	ck_assert_uint_eq(b.len, 203);
	ck_assert_str_eq(b.data + 200, "...");
	buf_free(&b);
}
END_TEST

static const struct fc_case	unit_case = {
	.id = "unit.case", .spec = "a spec", .run = NULL
};

START_TEST(tap_pass_and_skip)
{
	struct result	r;
	struct buf	b = { NULL, 0, 0 };

	memset(&r, 0, sizeof(r));
	r.c = &unit_case;
	r.status = -1;
	tap_format(&b, 3, &r, 0);
	ck_assert_str_eq(b.data, "ok 3 - unit.case\n");
	buf_reset(&b);
	r.verdict = FC_SKIP;
	r.msg = "no # thing";
	tap_format(&b, 4, &r, 0);
	ck_assert_str_eq(b.data, "ok 4 - unit.case # SKIP no \\# thing\n");
	buf_free(&b);
}
END_TEST

START_TEST(tap_failure_yaml)
{
	struct result	r;
	struct buf	b = { NULL, 0, 0 };

	memset(&r, 0, sizeof(r));
	r.c = &unit_case;
	r.verdict = FC_FAIL;
	r.status = status_of(1, 0);
	r.msg = "expected 1, seen 2";
	r.at = "cases/x.c:7";
	r.duration_ns = 1500000;
	r.out = "line\n";
	r.outlen = 5;
	tap_format(&b, 1, &r, 0);
	ck_assert_str_eq(b.data,
	    "not ok 1 - unit.case # fail: expected 1, seen 2\n"
	    "  ---\n"
	    "  verdict: \"fail\"\n"
	    "  message: \"expected 1, seen 2\"\n"
	    "  at: \"cases/x.c:7\"\n"
	    "  spec: \"a spec\"\n"
	    "  duration_ms: 1.500\n"
	    "  status: \"exited 1\"\n"
	    "  stdout: |\n"
	    "    line\n"
	    "  ...\n");
	buf_free(&b);
}
END_TEST

START_TEST(tap_summary_line)
{
	struct tap_counts	t = { 7, 0, 1, 0, 0, 0, 0, 0 };
	struct buf		b = { NULL, 0, 0 };

	tap_summary(&b, &t);
	ck_assert_str_eq(b.data,
	    "# 7 passed, 0 failed, 1 skipped, 0 broken\n");
	buf_free(&b);
}
END_TEST

START_TEST(tap_expected_failure)
{
	struct result		r;
	struct tap_counts	t = { 0, 0, 0, 0, 0, 0, 0, 0 };
	struct buf		b = { NULL, 0, 0 };

	memset(&r, 0, sizeof(r));
	r.c = &unit_case;
	r.status = -1;
	r.verdict = FC_FAIL;
	r.msg = "seen 0x34";
	r.expected = "Linux truncates # to 8 bits";
	tap_format(&b, 2, &r, 0);
	ck_assert(strncmp(b.data, "not ok 2 - unit.case # TODO Linux "
	    "truncates \\# to 8 bits\n", 49) == 0);
	ck_assert(strstr(b.data, "  expected_failure: \"Linux truncates") !=
	    NULL);
	tap_count(&t, &r);
	r.verdict = FC_PASS;
	buf_reset(&b);
	tap_format(&b, 3, &r, 0);
	/* A stale expectation is a failure to any TAP reader: no TODO. */
	ck_assert(strncmp(b.data, "not ok 3 - unit.case # stale expectation: ",
	    42) == 0);
	ck_assert(strstr(b.data, "TODO") == NULL);
	ck_assert(strstr(b.data, "expected_failure_but_passed") != NULL);
	tap_count(&t, &r);
	r.verdict = FC_BROKEN;
	buf_reset(&b);
	tap_format(&b, 4, &r, 0);
	ck_assert(strncmp(b.data, "not ok 4 - unit.case # broken: ", 31) == 0);
	tap_count(&t, &r);
	ck_assert_uint_eq(t.xfail, 1);
	ck_assert_uint_eq(t.xpass, 1);
	ck_assert_uint_eq(t.broken, 1);
	buf_reset(&b);
	tap_summary(&b, &t);
	ck_assert_str_eq(b.data, "# 0 passed, 0 failed, 0 skipped, 1 broken, "
	    "1 expected failure, 1 unexpected pass\n");
	buf_free(&b);
}
END_TEST

/* --- expectations ------------------------------------------------------- */

START_TEST(expect_parsing)
{
	struct expectations		 e = { NULL, 0 };
	const struct expectation	*x;
	char				 err[256];

	ck_assert_int_eq(expect_parse(&e, "f", "# comment\n\n"
	    "wait.si-status-full\tLinux truncates it  \n"
	    "  fd.*   all fd, indented\n", err, sizeof(err)), 0);
	ck_assert_uint_eq(e.n, 2);
	x = expect_find(&e, "wait.si-status-full");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->reason, "Linux truncates it");
	x = expect_find(&e, "fd.same-ofd");
	ck_assert_ptr_nonnull(x);
	ck_assert_str_eq(x->reason, "all fd, indented");
	ck_assert_ptr_null(expect_find(&e, "pid.ppid"));
	ck_assert_int_eq(expect_parse(&e, "g", "x\ny.z\n", err, sizeof(err)),
	    -1);
	ck_assert_str_eq(err, "g:1: 'x' has no reason");
	expect_free(&e);
	ck_assert_int_eq(expect_load(&e, "/nonexistent/x", err, sizeof(err)),
	    -1);
	ck_assert(strncmp(err, "cannot read /nonexistent/x: ", 28) == 0);
}
END_TEST

/* A file for a parser: its text, or an error that names it. */
START_TEST(buf_load_text_names_the_file)
{
	struct buf	b = { NULL, 0, 0 };
	char		path[] = "/tmp/forkcheck-unit-XXXXXX", err[256];
	int		fd;

	ck_assert_int_eq(buf_load_text(&b, "/nonexistent/y", err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "cannot read /nonexistent/y: No such file or "
	    "directory");
	ck_assert_ptr_null(b.data);
	ck_assert_int_ne(fd = mkstemp(path), -1);
	ck_assert_int_eq(fc_write_all(fd, "a\nb", 3), 0);
	close(fd);
	ck_assert_int_eq(buf_load_text(&b, path, err, sizeof(err)), 0);
	unlink(path);
	ck_assert_uint_eq(b.len, 3);
	ck_assert_str_eq(b.data, "a\nb");
	buf_free(&b);
}
END_TEST

/* --- capture ------------------------------------------------------------ */

START_TEST(capture_small)
{
	static struct capture	c;
	struct buf		b = { NULL, 0, 0 };

	cap_init(&c);
	cap_add(&c, "abc", 3);
	cap_add(&c, "def", 3);
	cap_text(&c, &b);
	ck_assert_str_eq(b.data, "abcdef");
	buf_free(&b);
}
END_TEST

START_TEST(capture_exactly_full)
{
	static struct capture	c;
	static char		data[2 * CAP_HALF];
	struct buf		b = { NULL, 0, 0 };
	size_t			i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	cap_init(&c);
	cap_add(&c, data, sizeof(data));
	cap_text(&c, &b);
	ck_assert_uint_eq(b.len, sizeof(data));
	ck_assert(memcmp(b.data, data, sizeof(data)) == 0);
	buf_free(&b);
}
END_TEST

START_TEST(capture_truncates_middle)
{
	static struct capture	c;
	static char		chunk[1000];
	struct buf		b = { NULL, 0, 0 };
	const char		*marker;
	size_t			i, total = 0;

	cap_init(&c);
	for (i = 0; i < 300; i++) {		/* 300000 bytes, odd chunks */
		memset(chunk, (int)('A' + i % 26), sizeof(chunk));
		cap_add(&c, chunk, sizeof(chunk));
		total += sizeof(chunk);
	}
	cap_text(&c, &b);
	marker = strstr(b.data, "\n[... ");
	ck_assert_ptr_nonnull(marker);
	ck_assert_uint_eq((size_t)(marker - b.data), CAP_HALF);
	ck_assert(strstr(b.data, "[... 234464 bytes omitted ...]") != NULL);
	/* The tail ends with the last chunk's letter. */
	ck_assert_int_eq(b.data[b.len - 1], 'A' + 299 % 26);
	ck_assert_int_eq(b.data[0], 'A');
	ck_assert_uint_eq(c.total, total);
	buf_free(&b);
}
END_TEST

START_TEST(capture_one_huge_write)
{
	static struct capture	c;
	char			*big;
	struct buf		b = { NULL, 0, 0 };
	size_t			len = 5 * CAP_HALF + 17;

	big = malloc(len);
	ck_assert_ptr_nonnull(big);
	memset(big, 'h', CAP_HALF);
	memset(big + CAP_HALF, 'm', len - 2 * CAP_HALF);
	memset(big + len - CAP_HALF, 't', CAP_HALF);
	cap_init(&c);
	cap_add(&c, big, len);
	cap_text(&c, &b);
	ck_assert_uint_eq(strspn(b.data, "h"), CAP_HALF);
	ck_assert(strncmp(b.data + CAP_HALF, "\n[... ", 6) == 0);
	ck_assert_uint_eq(strspn(b.data + b.len - CAP_HALF, "t"), CAP_HALF);
	ck_assert_int_eq(b.data[b.len - CAP_HALF - 1], '\n');
	free(big);
	buf_free(&b);
}
END_TEST

/* --- wait statuses and verdicts ---------------------------------------- */

START_TEST(status_strings)
{
	char	s[64];

	ck_assert_str_eq(fc_status(status_of(3, 0), s, sizeof(s)), "exited 3");
	ck_assert_str_eq(fc_status(status_of(0, SIGTERM), s, sizeof(s)),
	    "killed by SIGTERM");
	ck_assert_str_eq(sig_name(SIGSEGV), "SIGSEGV");
	ck_assert_str_eq(sig_name(1000), "signal 1000");
}
END_TEST

/* An enumeration's name from its table, and what is not in it. */
START_TEST(names_of_enumerations)
{
	static const char *const names[] = { "a", NULL, "c" };

	ck_assert_str_eq(name_of(names, 3, 0, "?"), "a");
	ck_assert_str_eq(name_of(names, 3, 1, "?"), "?");
	ck_assert_str_eq(name_of(names, 3, 2, "?"), "c");
	ck_assert_str_eq(name_of(names, 3, 3, "?"), "?");
	ck_assert_str_eq(tier_name(FC_QOI), "qoi");
	ck_assert_str_eq(tier_name((enum fc_tier)99), "unknown");
	ck_assert_str_eq(json_type_name(JSON_OBJECT), "an object");
	ck_assert_str_eq(json_type_name((enum json_type)99), "?");
}
END_TEST

START_TEST(status_stop_and_continue)
{
	char	s[64], c;
	pid_t	pid;
	int	status, hold[2];

	ck_assert_int_eq(pipe(hold), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(hold[1]);
		raise(SIGSTOP);
		/* Stay until the parent has seen the continue. */
		(void)read(hold[0], &c, 1);
		_exit(0);
	}
	close(hold[0]);
	ck_assert_int_eq(waitpid(pid, &status, WUNTRACED), pid);
	ck_assert_str_eq(fc_status(status, s, sizeof(s)), "stopped by SIGSTOP");
	kill(pid, SIGCONT);
	ck_assert_int_eq(waitpid(pid, &status, WCONTINUED), pid);
	ck_assert_str_eq(fc_status(status, s, sizeof(s)), "continued");
	close(hold[1]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
}
END_TEST

START_TEST(exit_codes)
{
	ck_assert_int_eq(verdict_of_exit(0), FC_PASS);
	ck_assert_int_eq(verdict_of_exit(1), FC_FAIL);
	ck_assert_int_eq(verdict_of_exit(77), FC_SKIP);
	ck_assert_int_eq(verdict_of_exit(99), FC_BROKEN);
	ck_assert_int_eq(verdict_of_exit(3), FC_BROKEN);
	ck_assert_int_eq(verdict_of_exit(255), FC_BROKEN);
}
END_TEST

/* --- the case API ----------------------------------------------------- */

START_TEST(api_pipes_and_sync)
{
	int	fds[2];
	char	buf[8];

	ck_assert_int_eq(fc_pipe(fds), 0);
	ck_assert_int_eq(fc_sync_post(fds[1]), 0);
	ck_assert_int_eq(fc_write_all(fds[1], "abc", 3), 0);
	ck_assert_int_eq(fc_sync_wait(fds[0]), 0);
	fc_close(&fds[1]);
	ck_assert_int_eq(fds[1], -1);
	ck_assert_int_eq(fc_read_all(fds[0], buf, sizeof(buf)), 3);
	ck_assert_int_eq(fc_sync_wait(fds[0]), -1);
	ck_assert_int_eq(errno, EPIPE);
	fc_close(&fds[0]);
	fc_close(&fds[0]);
	ck_assert_int_eq(fc_read_all(-1, buf, 1), -1);
	ck_assert_int_eq(fc_write_all(-1, buf, 1), -1);
}
END_TEST

START_TEST(api_sub_fork)
{
	struct fc_sub	sub;
	pid_t		pid, seen;
	int		status;

	pid = fc_sub_fork(&sub);
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		seen = getpid();
		fc_write_all(sub.fd, &seen, sizeof(seen));
		fc_exit(7);
	}
	ck_assert_int_eq(fc_read_all(sub.fd, &seen, sizeof(seen)),
	    sizeof(seen));
	ck_assert_int_eq(seen, pid);
	ck_assert_int_eq(fc_sub_wait(&sub, &status), 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	ck_assert_int_eq(sub.fd, -1);
	ck_assert_int_eq(fc_waitpid(pid, &status, 0), -1);
	ck_assert_int_eq(errno, ECHILD);
}
END_TEST

START_TEST(api_verdicts_outside_a_case)
{
	errno = ENOENT;
	ck_assert_int_eq(fc_broken("x %d", 1), FC_BROKEN);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(fc_brokenx("y"), FC_BROKEN);
	ck_assert_int_eq(fc_fail("z"), FC_FAIL);
	ck_assert_int_eq(fc_skip("w"), FC_SKIP);
	fc_note("ignored without a record");
	ck_assert_str_eq(fc_tmpdir(), ".");
	ck_assert_int_eq(fc_exec_helper(NULL), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

/* One function records every verdict: its kind, place and message. */
START_TEST(api_verdict_recorded)
{
	static struct fc_record	r;
	struct fc_record	*saved = fc_rec;

	fc_rec = &r;
	rec_reset(&r);
	errno = ENOENT;
	ck_assert_int_eq(fc_verdict_at("./cases/x.c", 7, FC_BROKEN, 1,
	    "open %s", "f"), FC_BROKEN);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(r.verdict, FC_BROKEN);
	ck_assert_str_eq(r.file, "cases/x.c");
	ck_assert_int_eq(r.line, 7);
	ck_assert_str_eq(r.msg, "open f: No such file or directory");
	ck_assert_int_eq(fc_brokenx("n %d", 2), FC_BROKEN);
	ck_assert_str_eq(r.msg, "n 2");
	ck_assert_int_eq(fc_fail("z"), FC_FAIL);
	ck_assert_int_eq(r.verdict, FC_FAIL);
	ck_assert_int_eq(fc_skip("w"), FC_SKIP);
	ck_assert_int_eq(r.verdict, FC_SKIP);
	ck_assert_str_eq(r.msg, "w");
	fc_rec = saved;
}
END_TEST

START_TEST(api_notes_are_bounded)
{
	static struct fc_record	r;
	int			i;

	rec_reset(&r);
	for (i = 0; i < 1000; i++)
		rec_note(&r, "note %d is here", i);
	ck_assert_uint_lt(r.notelen, sizeof(r.notes));
	ck_assert_int_eq(r.notes[r.notelen], '\0');
	ck_assert_int_eq(r.notes[r.notelen - 1], '\n');
}
END_TEST

START_TEST(api_unprivileged)
{
	struct fc_sub	sub;
	uid_t		ids[2];
	int		status;

	if (fc_sub_fork(&sub) == 0) {
		if (fc_unprivileged() == -1)
			fc_exit(1);
		ids[0] = getuid();
		ids[1] = geteuid();
		fc_write_all(sub.fd, ids, sizeof(ids));
		fc_exit(0);
	}
	ck_assert_int_eq(fc_read_all(sub.fd, ids, sizeof(ids)), sizeof(ids));
	ck_assert_int_eq(fc_sub_wait(&sub, &status), 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert(ids[0] != 0 && ids[1] != 0);
	if (geteuid() == 0)
		ck_assert_uint_ge(ids[0], 65534);
	else
		ck_assert_uint_eq(ids[0], getuid());
}
END_TEST

START_TEST(api_spin_and_emulator)
{
	ck_assert_int_eq(fc_spin(CLOCK_MONOTONIC, 1), 0);
	ck_assert_int_eq(fc_spin((clockid_t)-12345, 1), -1);
	setenv("FORKCHECK_EMULATOR", "none", 1);
	emulator_init();
	ck_assert_ptr_null(fc_emulator());
	setenv("FORKCHECK_EMULATOR", "qemu-aarch64", 1);
	emulator_init();
	ck_assert_str_eq(fc_emulator(), "qemu-aarch64");
	unsetenv("FORKCHECK_EMULATOR");
	emulator_init();		/* detected: none natively */
	ck_assert_ptr_null(fc_emulator());
}
END_TEST

/* Guards: the worker's multiplier, else the environment's, else 1. */
/* A round budget: at least min rounds, at most max, more while it lasts. */
START_TEST(api_rounds_budget)
{
	struct fc_rounds	r;

	fc_rounds_start(&r, 3, 5, 0);		/* no time: min only */
	while (fc_rounds_more(&r))
		r.done++;
	ck_assert_int_eq(r.done, 3);
	fc_rounds_start(&r, 3, 5, 60000);	/* a minute: max */
	while (fc_rounds_more(&r))
		r.done++;
	ck_assert_int_eq(r.done, 5);
	fc_rounds_start(&r, 0, 0, 60000);
	ck_assert_int_eq(fc_rounds_more(&r), 0);
}
END_TEST

START_TEST(api_guard_scales)
{
	struct timespec	ts;

	fc_multiplier = 0;
	unsetenv("FORKCHECK_TIMEOUT_MULTIPLIER");
	ck_assert_int_eq(fc_guard_ms(2000), 2000);
	setenv("FORKCHECK_TIMEOUT_MULTIPLIER", "2.5", 1);
	ck_assert_int_eq(fc_guard_ms(2000), 5000);
	setenv("FORKCHECK_TIMEOUT_MULTIPLIER", "junk", 1);
	ck_assert_int_eq(fc_guard_ms(2000), 2000);
	fc_multiplier = 20;
	ck_assert_int_eq(fc_guard_ms(3000), 60000);
	ts = fc_guard_ts(3000);
	ck_assert_int_eq((int)ts.tv_sec, 60);
	ck_assert_int_eq((int)ts.tv_nsec, 0);
	fc_multiplier = 0.0001;
	ck_assert_int_eq(fc_guard_ms(10), 1);
	fc_multiplier = 1000;
	ck_assert_int_eq(fc_guard_ms(2147483), 2147483000);
	ck_assert_int_eq(fc_guard_ms(2147484), INT_MAX);
	fc_multiplier = 0;
	unsetenv("FORKCHECK_TIMEOUT_MULTIPLIER");
}
END_TEST

/*
 * fc_read_guarded() keeps the first bytes, discards the rest, returns 0 at
 * end of file, and 1 when the guard expires with the write end still open.
 */
START_TEST(api_read_guarded)
{
	char	buf[4];
	size_t	n;
	int	p[2];

	fc_multiplier = 1;
	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "abcdefgh", 8), 8);
	close(p[1]);
	ck_assert_int_eq(fc_read_guarded(p[0], buf, sizeof(buf), &n, 5000), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert(memcmp(buf, "abcd", 4) == 0);
	close(p[0]);

	ck_assert_int_eq(pipe(p), 0);
	ck_assert_int_eq(write(p[1], "x", 1), 1);
	ck_assert_int_eq(fc_read_guarded(p[0], NULL, 0, &n, 20), 1);
	ck_assert_uint_eq(n, 0);
	close(p[0]);
	close(p[1]);
	fc_multiplier = 0;
}
END_TEST

/* Child-ness by identity, and reaping by a pid no child has. */
START_TEST(api_forked_child)
{
	pid_t	self = getpid(), pid;
	int	status;

	ck_assert_int_eq(fc_forked_child(self), 0);
	if ((pid = fork()) == 0)
		_exit(fc_forked_child(self) ? 3 : 4);
	ck_assert_int_ne(pid, -1);
	ck_assert_int_eq(fc_reap_forked(pid + 100000, &status), 0);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	ck_assert_int_eq(fc_reap_forked(pid, &status), -1);
}
END_TEST

START_TEST(api_self_path)
{
	char	old[PATH_MAX];

	snprintf(old, sizeof(old), "%s", getenv("PATH") ? getenv("PATH") : "");
	self_path("/bin/sh");
	ck_assert(fc_self[0] == '/');
	setenv("PATH", "/nonexistent::/bin", 1);
	self_path("sh");
	ck_assert(fc_self[0] == '/');
	setenv("PATH", "/nonexistent", 1);
	self_path("sh");
	ck_assert_str_eq(fc_self, "");
	unsetenv("PATH");
	self_path("sh");
	ck_assert_str_eq(fc_self, "");
	self_path("/nonexistent/forkcheck");
	ck_assert_str_eq(fc_self, "");
	setenv("PATH", old, 1);
}
END_TEST

/* --- pattern matching ------------------------------------------------- */

static const struct fc_case	sel_a[] = {
	{ .id = "fd.same-ofd" }, { .id = "fd.cloexec-kept" }, { .id = NULL }
};
static const struct fc_case	sel_b[] = {
	{ .id = "pid.ppid" }, { .id = NULL }
};
static const struct fc_area	sel_areas[] = {
	{ "fd", sel_a }, { "pid", sel_b }, { NULL, NULL }
};

START_TEST(match_globs_and_areas)
{
	ck_assert(sel_match("fd.*", "fd.same-ofd"));
	ck_assert(sel_match("*.same-ofd", "fd.same-ofd"));
	ck_assert(sel_match("fd", "fd.same-ofd"));
	ck_assert(sel_match("f?", "fd.same-ofd"));
	ck_assert(sel_match("fd.same-ofd", "fd.same-ofd"));
	ck_assert(!sel_match("fd.same", "fd.same-ofd"));
	ck_assert(!sel_match("pid", "fd.same-ofd"));
	ck_assert(!sel_match("fd.[!s]*", "fd.same-ofd"));
}
END_TEST

START_TEST(select_cases)
{
	const struct fc_case	**sel;
	size_t			  n;
	char			  err[128];
	char			 *pats[] = { "pid", "*.same-ofd", "nope" };

	ck_assert_int_eq(sel_cases(sel_areas, pats, 0, &sel, &n, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 3);
	free(sel);
	ck_assert_int_eq(sel_cases(sel_areas, pats, 2, &sel, &n, err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(sel[0]->id, "fd.same-ofd");	/* index order */
	ck_assert_str_eq(sel[1]->id, "pid.ppid");
	free(sel);
	ck_assert_int_eq(sel_cases(sel_areas, pats, 3, &sel, &n, err,
	    sizeof(err)), -1);
	ck_assert_str_eq(err, "pattern 'nope' matches no case");
}
END_TEST

/* --- options ------------------------------------------------------------ */

static struct fc_options	o;
static char			oerr[256];

static void
opt_setup(void)
{
	reset_signals();
	memset(&o, 0, sizeof(o));
	o.jobs = 1;
	o.repeat = 1;
	o.multiplier = 1;
	oerr[0] = '\0';
}

static int
parse(int argc, ...)
{
	char	*argv[16];
	va_list	 ap;
	int	 i;

	va_start(ap, argc);
	argv[0] = "forkcheck";
	for (i = 1; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	argv[argc] = NULL;
	va_end(ap);
	return opt_parse(&o, argc, argv, oerr, sizeof(oerr));
}

START_TEST(options_forms)
{
	ck_assert_int_eq(parse(5, "-vj2", "fd.*", "--timeout-mult=2.5",
	    "--tap=out.tap"), 0);
	ck_assert(!o.list && o.verbose);
	ck_assert_uint_eq(o.jobs, 2);
	ck_assert(o.multiplier == 2.5);
	ck_assert_str_eq(o.tap_path, "out.tap");
	ck_assert_int_eq(o.npatterns, 1);
	ck_assert_str_eq(o.patterns[0], "fd.*");
	opt_free(&o);
	opt_setup();
	ck_assert_int_eq(parse(7, "--jobs", "3", "-o", "x", "--", "-l"), 0);
	ck_assert_uint_eq(o.jobs, 3);
	ck_assert(!o.list);
	ck_assert_int_eq(o.npatterns, 1);
	ck_assert_str_eq(o.patterns[0], "-l");
	opt_free(&o);
	opt_setup();
	ck_assert_int_eq(parse(3, "--repeat", "10"), 0);
	ck_assert_uint_eq(o.repeat, 10);
	opt_free(&o);
	/* Short options cluster; --help wins over any combination. */
	opt_setup();
	ck_assert_int_eq(parse(3, "-lh", "-j2"), 0);
	ck_assert(o.list && o.help);
	opt_free(&o);
	opt_setup();
	ck_assert_int_eq(parse(5, "--list=areas", "--exclude", "fd",
	    "--exclude=pid"), 0);
	ck_assert(o.list && o.list_areas);
	ck_assert_int_eq(o.nexclude, 2);
	ck_assert_str_eq(o.exclude[1], "pid");
	opt_free(&o);
	opt_setup();
	ck_assert_int_eq(parse(2, "--fail-fast"), 0);
	ck_assert_uint_eq(o.max_fail, 1);
	opt_free(&o);
}
END_TEST

/* Each way an option row keeps its value: flag, name, list, count, amount. */
START_TEST(options_kinds)
{
	ck_assert_int_eq(parse(14, "--no-expect", "--no-ext", "--report-dir",
	    "r", "--label=l", "--rerun-failed", "f.json", "--max-fail=7",
	    "--exclude", "a", "--exclude=b", "--exclude", "c"), 0);
	ck_assert(o.no_expect && o.no_external);
	ck_assert_str_eq(o.report_dir, "r");
	ck_assert_str_eq(o.label, "l");
	ck_assert_str_eq(o.rerun, "f.json");
	ck_assert_uint_eq(o.max_fail, 7);
	ck_assert_int_eq(o.nexclude, 3);
	ck_assert_str_eq(o.exclude[2], "c");
	ck_assert_ptr_null(o.exclude[3]);
	opt_free(&o);
	opt_setup();
	ck_assert_int_eq(parse(5, "--expect=a", "--expect", "b",
	    "--version"), 0);
	ck_assert(o.version);
	ck_assert_int_eq(o.nexpect, 2);
	ck_assert_str_eq(o.expect[0], "a");
	ck_assert_str_eq(o.expect[1], "b");
	opt_free(&o);
	opt_setup();
	ck_assert_int_eq(parse(5, "--external", "m", "--external=n",
	    "--matrix"), -1);
	ck_assert_int_eq(o.nexternal, 2);
	ck_assert_str_eq(o.external[1], "n");
	ck_assert(o.matrix);
	opt_free(&o);
	opt_setup();
	ck_assert_int_eq(parse(3, "--profile", "--budget=2.5"), 0);
	ck_assert(o.profile && o.budget == 2.5);
	opt_free(&o);
}
END_TEST

START_TEST(options_errors)
{
	static const struct {
		const char	*a, *b, *err;
	} bad[] = {
		{ "-x", NULL, "unknown option '-x'" },
		{ "--frobnicate", NULL, "unknown option '--frobnicate'" },
		{ "--rep", NULL, "ambiguous option '--rep'" },
		{ "--repe", NULL, "option '--repeat' needs a value" },
		{ "--compare", NULL,
		  "--compare comes first and alone: --compare A.json B.json" },
		{ "--ver", NULL, "ambiguous option '--ver'" },
		{ "-j", NULL, "option '-j' needs a value" },
		{ "--jobs", NULL, "option '--jobs' needs a value" },
		{ "-j", "abc", "--jobs: not an integer from 1 to 256: 'abc'" },
		{ "-j", "-1", "--jobs: not an integer from 1 to 256: '-1'" },
		{ "-j0", NULL, "--jobs: not an integer from 1 to 256: '0'" },
		{ "--timeout-multiplier", "-2",
		  "--timeout-multiplier: not a positive number: '-2'" },
		{ "--timeout-multiplier=nan", NULL,
		  "--timeout-multiplier: not a positive number: 'nan'" },
		{ "--timeout-multiplier=0", NULL,
		  "--timeout-multiplier: not a positive number: '0'" },
		{ "--list=1", NULL, "--list: not 'cases' or 'areas': '1'" },
		{ "--budget", "5", "--budget has no effect without --profile" },
		{ "--max-fail", "0",
		  "--max-fail: not an integer from 1 to 4294967295: '0'" },
		{ "-l", "-o-", "--tap has no effect with --list" },
		{ "--profile", "fd", "--profile measures no cases: it takes no "
		  "pattern ('fd')" },
		{ "--repeat", "2x",
		  "--repeat: not an integer from 1 to 1000000: '2x'" },
		{ "--budget", "0",
		  "--budget: not a positive number of seconds: '0'" },
		{ "--budget=86401", NULL,
		  "--budget: more than 86400 seconds: '86401'" },
		{ "--timeout-multiplier=1001", NULL,
		  "--timeout-multiplier: more than 1000: '1001'" },
		{ "--tap=", NULL, "--tap: empty file name" },
		{ "--label", "", "--label: empty name" },
		{ "--report-dir=", NULL, "--report-dir: empty name" },
		{ "--expect=", NULL, "--expect: empty file name" },
		{ "--external", "", "--external: empty file name" },
		{ "--exclude=", NULL, "--exclude: empty pattern" },
		{ "--rerun-failed=", NULL, "--rerun-failed: empty file name" },
		{ "-j2", "--jobs=3",
		  "--jobs given twice: only one would count" },
		{ "--help=x", NULL, "option '--help' takes no value" },
	};
	size_t	i;
	int	rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		opt_setup();
		rc = bad[i].b ? parse(3, bad[i].a, bad[i].b) :
		    parse(2, bad[i].a);
		ck_assert_msg(rc == -1, "%s accepted", bad[i].a);
		ck_assert_str_eq(oerr, bad[i].err);
		opt_free(&o);
	}
}
END_TEST

START_TEST(options_environment)
{
	ck_assert_int_eq(opt_env(&o, "3", oerr, sizeof(oerr)), 0);
	ck_assert(o.multiplier == 3);
	ck_assert_int_eq(opt_env(&o, "", oerr, sizeof(oerr)), 0);
	ck_assert(o.multiplier == 3);
	ck_assert_int_eq(opt_env(&o, "fast", oerr, sizeof(oerr)), -1);
	ck_assert_str_eq(oerr,
	    "FORKCHECK_TIMEOUT_MULTIPLIER: not a positive number: 'fast'");
	ck_assert_int_eq(opt_env(&o, "1e4", oerr, sizeof(oerr)), -1);
	ck_assert_str_eq(oerr,
	    "FORKCHECK_TIMEOUT_MULTIPLIER: more than 1000: '1e4'");
}
END_TEST

START_TEST(numbers)
{
	unsigned int	u;
	double		d;

	ck_assert_int_eq(parse_uint("42", 1, 100, &u), 0);
	ck_assert_uint_eq(u, 42);
	ck_assert_int_eq(parse_uint("101", 1, 100, &u), -1);
	ck_assert_int_eq(parse_uint(" 4", 1, 100, &u), -1);
	ck_assert_int_eq(parse_uint("+4", 1, 100, &u), -1);
	ck_assert_int_eq(parse_uint("", 1, 100, &u), -1);
	ck_assert_int_eq(parse_uint("99999999999999999999", 1, 100, &u), -1);
	ck_assert_int_eq(parse_positive("0.5", &d), 0);
	ck_assert(d == 0.5);
	ck_assert_int_eq(parse_positive("1e3", &d), 0);
	ck_assert_int_eq(parse_positive("inf", &d), -1);
	ck_assert_int_eq(parse_positive("1e999", &d), -1);
	ck_assert_int_eq(parse_positive("2s", &d), -1);
	ck_assert_int_eq(parse_positive(" 2", &d), -1);
}
END_TEST

/* --- deadlines ---------------------------------------------------------- */

START_TEST(deadline_slices)
{
	ck_assert_int_eq(slice_ms(1000, 1000, 50), 0);
	ck_assert_int_eq(slice_ms(1000, 2000, 50), 0);
	ck_assert_int_eq(slice_ms(1000001, 0, 50), 2);		/* rounds up */
	ck_assert_int_eq(slice_ms(1000000, 0, 50), 1);
	ck_assert_int_eq(slice_ms(1, 0, 50), 1);		/* never early */
	ck_assert_int_eq(slice_ms(10000000000LL, 0, 50), 50);	/* capped */
}
END_TEST

START_TEST(deadline_timeouts)
{
	ck_assert_int_eq(timeout_ns(0, 1), (int64_t)(FC_TIMEOUT * 1e9));
	ck_assert_int_eq(timeout_ns(2, 1.5), 3000000000LL);
	ck_assert_int_eq(timeout_ns(0.1, 1), 100000000LL);
	ck_assert_int_eq(timeout_ns(1e-9, 1), 1000000LL);	/* floor 1 ms */
	ck_assert(timeout_ns(1e30, 1e30) > 0);			/* no overflow */
}
END_TEST

START_TEST(deadline_format)
{
	char	s[32];

	fmt_seconds(s, sizeof(s), 5000000000LL);
	ck_assert_str_eq(s, "5");
	fmt_seconds(s, sizeof(s), 100000000LL);
	ck_assert_str_eq(s, "0.1");
	fmt_seconds(s, sizeof(s), 2500000000LL);
	ck_assert_str_eq(s, "2.5");
}
END_TEST

START_TEST(clock_moves_forward)
{
	int64_t	a = clock_ns(), b = clock_ns();

	ck_assert(b >= a);
	ck_assert(a > 0);
}
END_TEST

/* The reports' writers, the expectations parser, capture and statuses. */
static Suite *
harness_suite(void)
{
	Suite	*s = suite_create("harness");
	TCase	*tc;

	tc = tcase_create("tap");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, text_escape_maps);
	tcase_add_test(tc, yaml_plain);
	tcase_add_test(tc, yaml_escapes);
	tcase_add_test(tc, yaml_control_and_nul);
	tcase_add_test(tc, yaml_utf8_kept_invalid_escaped);
	tcase_add_test(tc, yaml_text_block);
	tcase_add_test(tc, yaml_text_falls_back_to_quotes);
	tcase_add_test(tc, desc_escapes_directives);
	tcase_add_test(tc, desc_truncates);
	tcase_add_test(tc, tap_pass_and_skip);
	tcase_add_test(tc, tap_failure_yaml);
	tcase_add_test(tc, tap_summary_line);
	tcase_add_test(tc, tap_expected_failure);
	suite_add_tcase(s, tc);

	tc = tcase_create("expect");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, expect_parsing);
	tcase_add_test(tc, buf_load_text_names_the_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("capture");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, capture_small);
	tcase_add_test(tc, capture_exactly_full);
	tcase_add_test(tc, capture_truncates_middle);
	tcase_add_test(tc, capture_one_huge_write);
	suite_add_tcase(s, tc);

	tc = tcase_create("status");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, status_strings);
	tcase_add_test(tc, names_of_enumerations);
	tcase_add_test(tc, status_stop_and_continue);
	tcase_add_test(tc, exit_codes);
	suite_add_tcase(s, tc);
	return s;
}

/* The case API, case selection, options and deadlines. */
static Suite *
api_suite(void)
{
	Suite	*s = suite_create("api");
	TCase	*tc;

	tc = tcase_create("api");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, api_pipes_and_sync);
	tcase_add_test(tc, api_sub_fork);
	tcase_add_test(tc, api_verdicts_outside_a_case);
	tcase_add_test(tc, api_verdict_recorded);
	tcase_add_test(tc, api_notes_are_bounded);
	tcase_add_test(tc, api_unprivileged);
	tcase_add_test(tc, api_spin_and_emulator);
	tcase_add_test(tc, api_guard_scales);
	tcase_add_test(tc, api_read_guarded);
	tcase_add_test(tc, api_forked_child);
	tcase_add_test(tc, api_rounds_budget);
	tcase_add_test(tc, api_self_path);
	suite_add_tcase(s, tc);

	tc = tcase_create("select");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, match_globs_and_areas);
	tcase_add_test(tc, select_cases);
	suite_add_tcase(s, tc);

	tc = tcase_create("options");
	tcase_add_checked_fixture(tc, opt_setup, NULL);
	tcase_add_test(tc, options_forms);
	tcase_add_test(tc, options_kinds);
	tcase_add_test(tc, options_errors);
	tcase_add_test(tc, options_environment);
	tcase_add_test(tc, numbers);
	suite_add_tcase(s, tc);

	tc = tcase_create("deadline");
	tcase_add_checked_fixture(tc, reset_signals, NULL);
	tcase_add_test(tc, deadline_slices);
	tcase_add_test(tc, deadline_timeouts);
	tcase_add_test(tc, deadline_format);
	tcase_add_test(tc, clock_moves_forward);
	suite_add_tcase(s, tc);
	return s;
}

Suite	*dir_suite(void);
Suite	*results_suite(void);
Suite	*parsers_suite(void);
Suite	*matrix_suite(void);
Suite	*fit_suite(void);

int
main(void)
{
	SRunner	*sr = srunner_create(harness_suite());
	int	 failed;

	srunner_add_suite(sr, api_suite());
	srunner_add_suite(sr, worker_suite());
	srunner_add_suite(sr, dir_suite());
	srunner_add_suite(sr, results_suite());
	srunner_add_suite(sr, parsers_suite());
	srunner_add_suite(sr, matrix_suite());
	srunner_add_suite(sr, fit_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
