/*
 * unit-fit.c: libcheck unit tests of fitting a run to the platform: the
 * timeout multiplier from measured speed (platform.c), the workers that
 * RLIMIT_NOFILE and RLIMIT_NPROC allow (fit.c), and how the emulator a
 * run is under is decided (api.c, osdep-*.c), and what osdep-*.c says
 * of our children and of the processes holding a pipe.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

Suite	*fit_suite(void);

START_TEST(multiplier_from_speed)
{
	/* A fast machine, or figures that could not be measured: 1. */
	ck_assert(multiplier_of(0.1, 0.02, 1) == 1);
	ck_assert(multiplier_of(-1, -1, 1) == 1);
	ck_assert(multiplier_of(FORK_REF_MS, LOOP_REF_MS, 1) == 1);
	/* The slower of the two figures, rounded up. */
	ck_assert(multiplier_of(FORK_REF_MS * 2.5, LOOP_REF_MS, 1) == 3);
	ck_assert(multiplier_of(FORK_REF_MS, LOOP_REF_MS * 4, 1) == 4);
	ck_assert(multiplier_of(-1, LOOP_REF_MS * 4, 1) == 4);
	/* Never beyond MULTIPLIER_AUTO, never below the floor. */
	ck_assert(multiplier_of(FORK_REF_MS * 1000, 0, 1) == MULTIPLIER_AUTO);
	ck_assert(multiplier_of(0.1, 0.02, MULTIPLIER_EMU) == MULTIPLIER_EMU);
	ck_assert(multiplier_of(FORK_REF_MS * 15, 0, MULTIPLIER_EMU) == 15);
	ck_assert(multiplier_of(0.1, 0.02, 50) == MULTIPLIER_AUTO);
}
END_TEST

START_TEST(multiplier_within_twice)
{
	/*
	 * Figures that vary by a half between runs on one machine (what the
	 * fastest of many samples does under load) give multipliers within
	 * a factor of 2 of each other.
	 */
	double	base[] = { 0.05, 0.3, 0.9, 1.7, 4.2 };
	double	lo, hi;
	size_t	i;

	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		lo = multiplier_of(base[i], 0.02, 1);
		hi = multiplier_of(base[i] * 1.5, 0.02, 1);
		ck_assert_msg(hi <= 2 * lo, "%g ms: %g vs %g", base[i], lo, hi);
	}
}
END_TEST

START_TEST(emulator_floors)
{
	ck_assert(emulator_floor(NULL) == 1);
	ck_assert(emulator_floor("qemu-user (i686 on x86_64)") ==
	    MULTIPLIER_EMU);
	ck_assert(emulator_floor("valgrind (memcheck)") == MULTIPLIER_AUTO);
	ck_assert(emulator_floor("box64") == MULTIPLIER_EMU);
}
END_TEST

START_TEST(speed_is_measured_once)
{
	const struct speed	*a = speed_measure(), *b = speed_measure();

	ck_assert_ptr_eq(a, b);
	ck_assert(a->measured);
	ck_assert_int_ge(a->nloop, 5);
	ck_assert_int_ge(a->nfork, 5);
	ck_assert(a->fork_ms > 0);
	ck_assert(a->loop_ms > 0);
	ck_assert(a->cycle_ms >= a->fork_ms);
	ck_assert(fork_cycle_ms() == a->cycle_ms);
}
END_TEST

static struct fit
limits(long nofile, long open, long nproc, long tasks, long per)
{
	struct fit	f;

	f.nofile = nofile;
	f.open = open;
	f.nproc = nproc;
	f.tasks = tasks;
	f.per = per;
	return f;
}

START_TEST(jobs_fit_the_limits)
{
	struct fit	f;
	char		why[256];

	/* No limits: as asked. */
	f = limits(-1, 3, -1, 0, 1);
	ck_assert_uint_eq(fit_jobs(&f, 8, why, sizeof(why)), 8);
	ck_assert_str_eq(why, "");
	/* Below what one worker needs: none, and why. */
	f = limits(12, 3, -1, 0, 1);
	ck_assert_uint_eq(fit_jobs(&f, 1, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "RLIMIT_NOFILE is 12: a worker needs 13 "
	    "descriptors (raise it to at least 13)");
	f = limits(8, 3, -1, 0, 1);
	ck_assert_uint_eq(fit_jobs(&f, 4, why, sizeof(why)), 0);
	/* The scheduler's descriptors: one per worker. */
	f = limits(WORKER_FDS + 1, 3, -1, 0, 1);
	ck_assert_uint_eq(fit_jobs(&f, 8, why, sizeof(why)),
	    WORKER_FDS + 1 - 3 - SCHED_FDS);
	ck_assert_str_eq(why, "RLIMIT_NOFILE 14 allows -j4, not -j8");
	f = limits(WORKER_FDS, WORKER_FDS - SCHED_FDS, -1, 0, 1);
	ck_assert_uint_eq(fit_jobs(&f, 2, why, sizeof(why)), 0);
	ck_assert(strstr(why, "the runner holds 6 descriptors") != NULL);
	f = limits(1024, 3, -1, 0, 1);
	ck_assert_uint_eq(fit_jobs(&f, 64, why, sizeof(why)), 64);
	/* Processes: WORKER_TASKS each, times the tasks per process. */
	f = limits(-1, 3, 20, 2, 1);
	ck_assert_uint_eq(fit_jobs(&f, 8, why, sizeof(why)), 3);
	ck_assert_str_eq(why, "RLIMIT_NPROC 20 allows -j3, not -j8 (this "
	    "user runs 2 processes and threads)");
	f = limits(-1, 3, 20, 2, 2);
	ck_assert_uint_eq(fit_jobs(&f, 8, why, sizeof(why)), 1);
	f = limits(-1, 3, 4, 1, 1);
	ck_assert_uint_eq(fit_jobs(&f, 1, why, sizeof(why)), 0);
	ck_assert_str_eq(why, "RLIMIT_NPROC is 4 and this user runs 1 "
	    "processes and threads: a worker needs 6 more (raise it to at "
	    "least 7)");
	/* The tighter of the two limits wins. */
	f = limits(WORKER_FDS + 1, 3, 20, 2, 1);
	ck_assert_uint_eq(fit_jobs(&f, 8, why, sizeof(why)), 3);
}
END_TEST

START_TEST(emulator_from_the_environment)
{
	setenv("FORKCHECK_EMULATOR", "qemu-user", 1);
	emulator_init();
	ck_assert_str_eq(fc_emulator(), "qemu-user");
	ck_assert_str_eq(emulator_how(), "FORKCHECK_EMULATOR");
	setenv("FORKCHECK_EMULATOR", "none", 1);
	emulator_init();
	ck_assert_ptr_null(fc_emulator());
	ck_assert_str_eq(emulator_how(), "FORKCHECK_EMULATOR");
	unsetenv("FORKCHECK_EMULATOR");
	emulator_init();
	/* Natively (make check runs the unit tests natively): checked. */
	if (fc_emulator() == NULL)
		ck_assert(strlen(emulator_how()) > 0);
}
END_TEST

START_TEST(real_exe_natively)
{
	char	real[4096], shown[4096];
	ssize_t	n;

	if (osdep_real_exe(real, sizeof(real)) == -1)
		return;		/* no /proc here */
	n = readlink("/proc/self/exe", shown, sizeof(shown) - 1);
	ck_assert_int_gt(n, 0);
	shown[n] = '\0';
	if (getenv("FORKCHECK_EMULATOR") == NULL && fc_emulator() == NULL)
		ck_assert_str_eq(real, shown);
}
END_TEST

static int
has(const pid_t *pids, int n, pid_t pid)
{
	int	i;

	for (i = 0; i < n; i++)
		if (pids[i] == pid)
			return 1;
	return 0;
}

/*
 * Two children that hold a pipe: osdep-*.c lists them as our children
 * and as its holders, and signals them (where it cannot say: -1).
 */
START_TEST(children_and_pipe_holders)
{
	pid_t	 kids[2], found[64];
	int	 fds[2], i, n, status;
	char	 c;
	void	(*old)(int);

	/* The kids die of SIGTERM, not of the unit runner's handler. */
	old = signal(SIGTERM, SIG_DFL);
	ck_assert_int_eq(pipe(fds), 0);
	for (i = 0; i < 2; i++) {
		ck_assert_int_ne(kids[i] = fork(), -1);
		if (kids[i] == 0) {
			close(fds[1]);
			while (read(fds[0], &c, 1) == -1)
				continue;
			_exit(0);
		}
	}
	signal(SIGTERM, old);
	if ((n = osdep_pipe_holders(fds[1], found, 64)) != -1) {
		ck_assert_int_ge(n, 2);
		ck_assert(has(found, n, kids[0]) && has(found, n, kids[1]));
		ck_assert(!has(found, n, getpid()));
		ck_assert_int_eq(osdep_pipe_holders(fds[1], found, 1), 1);
	}
	if ((n = osdep_children(found, 64)) != -1) {
		ck_assert_int_ge(n, 2);
		ck_assert(has(found, n, kids[0]) && has(found, n, kids[1]));
		ck_assert_int_eq(osdep_children(found, 1), 1);
	}
	ck_assert(osdep_user_tasks(getuid()) == -1 ||
	    osdep_user_tasks(getuid()) >= 3);
	if (osdep_kill_children(SIGTERM) == -1)
		for (i = 0; i < 2; i++)
			kill(kids[i], SIGTERM);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(waitpid(kids[i], &status, 0), kids[i]);
		ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	}
	close(fds[0]);
	close(fds[1]);
}
END_TEST

Suite *
fit_suite(void)
{
	Suite	*s = suite_create("fit");
	TCase	*tc;

	tc = tcase_create("multiplier");
	tcase_add_test(tc, multiplier_from_speed);
	tcase_add_test(tc, multiplier_within_twice);
	tcase_add_test(tc, emulator_floors);
	tcase_add_test(tc, speed_is_measured_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_test(tc, jobs_fit_the_limits);
	suite_add_tcase(s, tc);
	tc = tcase_create("emulator");
	tcase_add_test(tc, emulator_from_the_environment);
	tcase_add_test(tc, real_exe_natively);
	tcase_add_test(tc, children_and_pipe_holders);
	suite_add_tcase(s, tc);
	return s;
}
