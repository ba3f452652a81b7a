/*
 * unit-worker.c: libcheck unit tests of the worker's verdict step,
 * judge(): every way a run can end -- exit codes with and without a
 * record, signals, a stopped child, timeouts, interruption, processes
 * left behind, escaped descendants, the [qoi]/[probe] downgrade, an
 * external case's last line, a case that could not start, a row compiled
 * out here (.absent).
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"
#include "unit.h"


static struct fc_record	rec;
static struct capture	out, err;
static struct buf	msg, at;
static struct run	run;
static struct fc_case	ccase = { .id = "unit.c-case", .spec = "a clause",
			    .timeout = 5 };
/* judge() knows an external row by its run(); it never calls it. */
static struct fc_case	xcase = { .id = "unit.external", .spec = "a clause",
			    .timeout = 5, .run = external_run };
static struct fc_case	acase = { .id = "unit.absent", .spec = "a clause",
			    .absent = "no MADV_WIPEONFORK here" };

/* The status of a child that stopped: neither exited nor killed. */
static int
stopped_status(void)
{
	pid_t	pid;
	int	status, dead;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, WUNTRACED), pid);
	kill(pid, SIGKILL);
	ck_assert_int_eq(waitpid(pid, &dead, 0), pid);
	return status;
}

static void
setup(void)
{
	/* libcheck's fork mode leaves its own handlers in the test child. */
	signal(SIGALRM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	rec_reset(&rec);
	cap_init(&out);
	cap_init(&err);
	buf_reset(&msg);
	buf_reset(&at);
	ccase.tier = FC_CORE;
	memset(&run, 0, sizeof(run));
	run.c = &ccase;
	run.rec = &rec;
	run.out = &out;
	run.err = &err;
	run.limit = 5000000000LL;
	run.status = -1;
}

/* What a case records with fc_fail() and the like, and its exit. */
static void
record(enum fc_verdict v, const char *m, int code, int sig)
{
	rec.verdict = v;
	rec.line = 12;
	snprintf(rec.file, sizeof(rec.file), "cases/fd.c");
	snprintf(rec.msg, sizeof(rec.msg), "%s", m);
	run.status = status_of(code, sig);
}

static enum fc_verdict
judged(void)
{
	return judge(&run, &msg, &at);
}

static int
starts(const char *prefix)
{
	return msg.len > 0 && strncmp(msg.data, prefix, strlen(prefix)) == 0;
}

START_TEST(exit_codes_without_a_record)
{
	static const struct {
		int		 code;
		enum fc_verdict	 v;
		const char	*msg;
	} t[] = {
		{ 0, FC_PASS, "" },
		{ 1, FC_FAIL, "exited 1 without a verdict" },
		{ 77, FC_SKIP, "exited 77 without a verdict" },
		{ 99, FC_BROKEN, "exited 99 without a verdict" },
		{ 3, FC_BROKEN, "exited 3 without a verdict" },
		{ 255, FC_BROKEN, "exited 255 without a verdict" },
	};
	size_t	i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		run.status = status_of(t[i].code, 0);
		ck_assert_int_eq(judged(), t[i].v);
		ck_assert_str_eq(msg.len ? msg.data : "", t[i].msg);
		ck_assert_uint_eq(at.len, 0);
	}
}
END_TEST

START_TEST(recorded_verdicts_stand)
{
	record(FC_FAIL, "offset 5, want 7", 1, 0);
	ck_assert_int_eq(judged(), FC_FAIL);
	ck_assert_str_eq(msg.data, "offset 5, want 7");
	ck_assert_str_eq(at.data, "cases/fd.c:12");
	record(FC_SKIP, "no MAP_ANON here", 77, 0);
	ck_assert_int_eq(judged(), FC_SKIP);
	ck_assert_str_eq(msg.data, "no MAP_ANON here");
	record(FC_BROKEN, "pipe: Too many open files", 99, 0);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "pipe: Too many open files");
	ck_assert_str_eq(at.data, "cases/fd.c:12");
	ck_assert_int_eq(run.flags, 0);
	ck_assert_uint_eq(rec.notelen, 0);
}
END_TEST

START_TEST(recorded_pass_drops_stale_message)
{
	record(FC_PASS, "stale", 0, 0);
	ck_assert_int_eq(judged(), FC_PASS);
	ck_assert_uint_eq(msg.len, 0);
	ck_assert_uint_eq(at.len, 0);
}
END_TEST

START_TEST(skip_without_reason)
{
	record(FC_SKIP, "", 77, 0);
	ck_assert_int_eq(judged(), FC_SKIP);
	ck_assert_str_eq(msg.data, "no reason given");
}
END_TEST

START_TEST(mismatch_is_broken)
{
	record(FC_FAIL, "bad", 0, 0);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "recorded fail but exited 0");
	ck_assert_str_eq(at.data, "cases/fd.c:12");
	record(FC_SKIP, "why", 1, 0);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "recorded skip but exited 1");
}
END_TEST

START_TEST(signals_are_broken)
{
	record(FC_FAIL, "before the crash", 0, SIGABRT);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert(starts("killed by SIGABRT"));
	ck_assert(strstr(msg.data, "; last message: before the crash") !=
	    NULL);
	ck_assert_str_eq(at.data, "cases/fd.c:12");
	rec_reset(&rec);
	run.status = status_of(0, SIGKILL);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "killed by SIGKILL");
	ck_assert_uint_eq(at.len, 0);
	run.status = stopped_status();
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "stopped by SIGSTOP");
}
END_TEST

START_TEST(runaway_is_broken)
{
	record(FC_PASS, "", 0, 0);
	rec.runaway = 1;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "a process forked by the case returned "
	    "from run() instead of calling fc_exit()");
}
END_TEST

START_TEST(timeout_and_interrupt)
{
	record(FC_FAIL, "half way", 0, SIGKILL);
	run.flags = RES_TIMEOUT | RES_KILLED;
	run.limit = 2500000000LL;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data,
	    "timeout after 2.5 s (SIGTERM ignored, killed with SIGKILL)");
	ck_assert_str_eq(at.data, "cases/fd.c:12");
	rec_reset(&rec);
	run.flags = RES_TIMEOUT;
	run.limit = 5000000000LL;
	run.status = status_of(0, SIGTERM);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "timeout after 5 s");
	run.flags = RES_INTERRUPTED;
	run.stopsig = SIGINT;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "interrupted by SIGINT");
	/* A timeout that also left processes keeps both facts. */
	run.flags = RES_TIMEOUT;
	run.nleft = 1;
	run.left[0] = 4242;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "timeout after 5 s");
	ck_assert_int_eq(run.flags, RES_TIMEOUT | RES_LEFTOVER);
}
END_TEST

START_TEST(leftovers_override)
{
	size_t	i;

	record(FC_FAIL, "bad", 1, 0);
	run.left[0] = 101;
	run.left[1] = 102;
	run.nleft = 2;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "left 2 processes behind (pids 101, 102)"
	    "; the case said: fail: bad");
	ck_assert_int_eq(run.flags, RES_LEFTOVER);
	rec_reset(&rec);
	run.status = status_of(0, 0);
	run.nleft = 1;
	run.flags = 0;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "left 1 process behind (pid 101)");
	for (i = 0; i < LEFT_MAX; i++)
		run.left[i] = (pid_t)(1000 + i);
	run.nleft = LEFT_MAX + 3;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert(starts("left 19 processes behind (pids 1000, 1001,"));
	ck_assert(strstr(msg.data, " 1015, ...)") != NULL);
	ck_assert(strstr(msg.data, "1016") == NULL);
}
END_TEST

START_TEST(escaped_and_held)
{
	run.status = status_of(0, 0);
	run.flags = RES_ESCAPED;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "descendants escaped containment: the "
	    "capture pipes stayed open after the case ended");
	run.flags = RES_HELD;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "left processes behind: they held the "
	    "capture pipes when the case ended (this platform cannot name "
	    "them)");
	record(FC_SKIP, "no", 77, 0);
	run.flags = RES_ESCAPED;
	run.left[0] = 7;
	run.nleft = 1;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "left 1 process behind (pid 7); "
	    "descendants escaped containment: the capture pipes stayed open "
	    "after the case ended; the case said: skip: no");
}
END_TEST

/* What the sweep or the drain found is the message, not a guess. */
START_TEST(escape_says_why)
{
	run.status = status_of(0, 0);
	run.flags = RES_ESCAPED;
	snprintf(run.escape, sizeof(run.escape), "the sweep gave up after "
	    "2 s: 1 process the case left could not be reaped after "
	    "SIGKILL: 77 (cat, state D: uninterruptible, in the kernel)");
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, run.escape);
	record(FC_FAIL, "bad", 1, 0);
	run.left[0] = 7;
	run.nleft = 1;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "left 1 process behind (pid 7); the sweep "
	    "gave up after 2 s: 1 process the case left could not be reaped "
	    "after SIGKILL: 77 (cat, state D: uninterruptible, in the "
	    "kernel); the case said: fail: bad");
}
END_TEST

START_TEST(qoi_and_probe_fail_become_observations)
{
	enum fc_tier	tiers[] = { FC_QOI, FC_PROBE };
	size_t		i;

	for (i = 0; i < 2; i++) {
		rec_reset(&rec);
		ccase.tier = tiers[i];
		record(FC_FAIL, "slow", 1, 0);
		ck_assert_int_eq(judged(), FC_PASS);
		ck_assert_uint_eq(msg.len, 0);
		ck_assert_uint_eq(at.len, 0);
		ck_assert_str_eq(rec.notes, "observed: slow at cases/fd.c:12\n");
	}
	/* Without a record, the exit code is what was observed. */
	rec_reset(&rec);
	run.status = status_of(1, 0);
	ck_assert_int_eq(judged(), FC_PASS);
	ck_assert_str_eq(rec.notes, "observed: exited 1 without a verdict\n");
}
END_TEST

START_TEST(qoi_keeps_every_other_verdict)
{
	ccase.tier = FC_QOI;
	record(FC_SKIP, "n/a", 77, 0);
	ck_assert_int_eq(judged(), FC_SKIP);
	record(FC_BROKEN, "setup", 99, 0);
	ck_assert_int_eq(judged(), FC_BROKEN);
	record(FC_FAIL, "crash", 0, SIGSEGV);
	ck_assert_int_eq(judged(), FC_BROKEN);
	record(FC_FAIL, "slow", 1, 0);
	run.left[0] = 9;
	run.nleft = 1;
	ck_assert_int_eq(judged(), FC_BROKEN);
	run.nleft = 0;
	run.flags = RES_TIMEOUT;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_uint_eq(rec.notelen, 0);
	ccase.tier = FC_LINUX;
	run.flags = 0;
	ck_assert_int_eq(judged(), FC_FAIL);
}
END_TEST

START_TEST(external_last_line)
{
	static const char	t1[] = "checking\nthe child saw pid 0\n\n";
	static const char	t2[] = "python3: no module fc\n";
	char			longline[700];

	run.c = &xcase;
	cap_add(&out, t1, sizeof(t1) - 1);
	cap_add(&err, t2, sizeof(t2) - 1);
	run.status = status_of(1, 0);
	ck_assert_int_eq(judged(), FC_FAIL);
	ck_assert_str_eq(msg.data, "the child saw pid 0");
	ck_assert_uint_eq(at.len, 0);
	cap_reset(&out);
	run.status = status_of(77, 0);
	ck_assert_int_eq(judged(), FC_SKIP);
	ck_assert_str_eq(msg.data, "python3: no module fc");
	cap_reset(&err);
	run.status = status_of(3, 0);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "exited 3");
	run.status = status_of(0, 0);
	cap_add(&out, t1, sizeof(t1) - 1);
	ck_assert_int_eq(judged(), FC_PASS);
	ck_assert_uint_eq(msg.len, 0);
	/* The reason is at most 500 bytes: the end of a long line. */
	memset(longline, 'x', sizeof(longline));
	longline[0] = 'a';
	longline[sizeof(longline) - 2] = 'z';
	longline[sizeof(longline) - 1] = '\n';
	cap_reset(&out);
	cap_add(&out, longline, sizeof(longline));
	run.status = status_of(1, 0);
	ck_assert_int_eq(judged(), FC_FAIL);
	ck_assert_uint_eq(msg.len, 500);
	ck_assert_int_eq(msg.data[499], 'z');
}
END_TEST

START_TEST(external_keeps_the_runner_s_reasons)
{
	static const char	t[] = "last words\n";

	run.c = &xcase;
	cap_add(&out, t, sizeof(t) - 1);
	/* The exec failed: the case child recorded why. */
	record(FC_SKIP, "cannot run python3: No such file or directory", 77, 0);
	ck_assert_int_eq(judged(), FC_SKIP);
	ck_assert_str_eq(msg.data,
	    "cannot run python3: No such file or directory");
	rec_reset(&rec);
	run.status = status_of(0, SIGSEGV);
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert(starts("killed by SIGSEGV"));
	run.flags = RES_TIMEOUT;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "timeout after 5 s");
	run.flags = 0;
	run.status = status_of(1, 0);
	run.left[0] = 55;
	run.nleft = 1;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "left 1 process behind (pid 55); the case "
	    "said: fail: exited 1 without a verdict");
	run.nleft = 0;
	run.flags = RES_HELD;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert(starts("left processes behind: they held"));
	/* A C case's output is never its reason. */
	run.c = &ccase;
	run.flags = 0;
	ck_assert_int_eq(judged(), FC_FAIL);
	ck_assert_str_eq(msg.data, "exited 1 without a verdict");
}
END_TEST

START_TEST(could_not_start)
{
	run.error = EMFILE;
	ck_assert_int_eq(judged(), FC_BROKEN);
	ck_assert_str_eq(msg.data, "runner: cannot start the case: Too many "
	    "open files");
	ck_assert_uint_eq(at.len, 0);
}
END_TEST

START_TEST(absent_rows_skip)
{
	run.c = &acase;
	ck_assert_int_eq(judged(), FC_SKIP);
	ck_assert_str_eq(msg.data, "no MADV_WIPEONFORK here");
	ck_assert_uint_eq(at.len, 0);
	/* No child ran: nothing else about the run counts. */
	run.status = status_of(0, SIGKILL);
	run.flags = RES_ESCAPED;
	ccase.tier = FC_QOI;
	ck_assert_int_eq(judged(), FC_SKIP);
	ck_assert_str_eq(msg.data, "no MADV_WIPEONFORK here");
}
END_TEST

Suite *
worker_suite(void)
{
	Suite	*s = suite_create("worker");
	TCase	*tc;

	tc = tcase_create("judge");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, exit_codes_without_a_record);
	tcase_add_test(tc, recorded_verdicts_stand);
	tcase_add_test(tc, recorded_pass_drops_stale_message);
	tcase_add_test(tc, skip_without_reason);
	tcase_add_test(tc, mismatch_is_broken);
	tcase_add_test(tc, signals_are_broken);
	tcase_add_test(tc, runaway_is_broken);
	tcase_add_test(tc, timeout_and_interrupt);
	tcase_add_test(tc, leftovers_override);
	tcase_add_test(tc, escaped_and_held);
	tcase_add_test(tc, escape_says_why);
	tcase_add_test(tc, qoi_and_probe_fail_become_observations);
	tcase_add_test(tc, qoi_keeps_every_other_verdict);
	tcase_add_test(tc, external_last_line);
	tcase_add_test(tc, external_keeps_the_runner_s_reasons);
	tcase_add_test(tc, could_not_start);
	tcase_add_test(tc, absent_rows_skip);
	suite_add_tcase(s, tc);
	return s;
}
