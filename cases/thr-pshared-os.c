/*
 * thr-pshared-os.c: process-shared synchronisation across fork, where the
 * platform has it.  Each case is listed on every platform; where its
 * interface is missing, it skips.
 *
 * XSH pthread_mutexattr_setpshared, pthread_condattr_setpshared,
 * pthread_barrierattr_setpshared, sem_init.  The two processes of a case
 * are children of the case process, which only watches them.
 */

#include "config.h"

#include "os-features.h"

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cases.h"

#define HANG_MS		2000	/* guard, scaled: fc_guard_ms() */
#define ROUNDS		100	/* ping-pong rounds between two processes */

#if defined(HAVE_PTHREAD_MUTEXATTR_SETPSHARED)
/*
 * Process-shared objects between two children of the case process, each
 * running one role of a ping-pong of ROUNDS rounds: role 0 writes the
 * round number, role 1 checks it.  The case process stays out so that it
 * can notice a hang (a wake-up that never crosses processes), kill both
 * and report it.  Returns 1 if they hung, 0 if both ended, -1 on error;
 * codes[] gets their wait statuses.
 */
static int
pair_run(int (*role)(void *, int), void *arg, int codes[2])
{
	struct pollfd	pfd;
	pid_t		pid[2];
	int		fds[2], i, r, hung = 0;
	char		c;

	if (fc_pipe(fds) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		if ((pid[i] = fc_fork()) == -1) {
			if (i == 1) {
				kill(pid[0], SIGKILL);
				fc_waitpid(pid[0], &codes[0], 0);
			}
			return -1;
		}
		if (pid[i] == 0) {
			close(fds[0]);
			fc_exit(role(arg, i));
		}
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	/* End of file once both have exited; HANG_MS is only a guard. */
	do
		r = poll(&pfd, 1, fc_guard_ms(HANG_MS));
	while (r == -1 && errno == EINTR);
	if (r == 0)
		hung = 1;
	else
		(void)read(fds[0], &c, 1);
	close(fds[0]);
	for (i = 0; i < 2; i++) {
		if (hung)
			kill(pid[i], SIGKILL);
		if (fc_waitpid(pid[i], &codes[i], 0) == -1)
			return -1;
	}
	return hung;
}

/* Turns pair_run()'s outcome into a verdict. */
static enum fc_verdict
pair_verdict(const char *what, int hung, int codes[2])
{
	char	st[64];
	int	i;

	if (hung == -1)
		return fc_broken("fork or waitpid");
	if (hung)
		return fc_brokenx("guard of %d ms expired waiting for two "
		    "processes synchronising through a %s to finish %d "
		    "rounds: a wake-up did not cross processes, or the "
		    "machine is slower than the guard", fc_guard_ms(HANG_MS),
		    what, ROUNDS);
	for (i = 0; i < 2; i++) {
		if (WIFEXITED(codes[i]) && WEXITSTATUS(codes[i]) == 10)
			return fc_fail("through a %s, a process saw data the "
			    "other had not yet written, or not the latest",
			    what);
		if (!WIFEXITED(codes[i]) || WEXITSTATUS(codes[i]) != 0)
			return fc_fail("a process synchronising through a %s "
			    "%s", what, fc_status(codes[i], st, sizeof(st)));
	}
	return FC_PASS;
}

struct shared_mc {
	pthread_mutex_t	mutex;
	pthread_cond_t	cond;
	int		turn;
	int		value;
};

static int
mc_role(void *arg, int me)
{
	struct shared_mc	*s = arg;
	int			round, bad = 0;

	for (round = 1; round <= ROUNDS; round++) {
		if (pthread_mutex_lock(&s->mutex) != 0)
			return 11;
		while (s->turn != me)
			if (pthread_cond_wait(&s->cond, &s->mutex) != 0)
				return 11;
		if (me == 0)
			s->value = round;
		else if (s->value != round)
			bad = 1;
		s->turn = 1 - me;
		if (pthread_cond_broadcast(&s->cond) != 0 ||
		    pthread_mutex_unlock(&s->mutex) != 0)
			return 11;
	}
	return bad ? 10 : 0;
}

/*
 * A PTHREAD_PROCESS_SHARED mutex and condition variable in MAP_SHARED
 * memory, set up before fork, hand a turn back and forth between two
 * children 100 times; each must wake the other and see its write.  A
 * platform whose wake-ups or locks stay private to a process fails
 * (hang, killed after 2 s).
 */
static enum fc_verdict
pshared_mutex_cond(const struct fc_case *c FC_UNUSED)
{
	pthread_mutexattr_t	ma;
	pthread_condattr_t	ca;
	struct shared_mc	*s;
	int			codes[2], e, hung;

	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (s == MAP_FAILED)
		return fc_broken("mmap");
	if ((e = pthread_mutexattr_init(&ma)) != 0 ||
	    (e = pthread_condattr_init(&ca)) != 0) {
		errno = e;
		return fc_broken("attribute init");
	}
	if ((e = pthread_mutexattr_setpshared(&ma,
	    PTHREAD_PROCESS_SHARED)) != 0 ||
	    (e = pthread_condattr_setpshared(&ca,
	    PTHREAD_PROCESS_SHARED)) != 0)
		return fc_skip("no process-shared mutexes or condition "
		    "variables: %s", strerror(e));
	if ((e = pthread_mutex_init(&s->mutex, &ma)) != 0 ||
	    (e = pthread_cond_init(&s->cond, &ca)) != 0) {
		errno = e;
		return fc_broken("pthread_mutex_init or pthread_cond_init");
	}
	pthread_mutexattr_destroy(&ma);
	pthread_condattr_destroy(&ca);
	s->turn = 0;
	s->value = 0;
	hung = pair_run(mc_role, s, codes);
	if (!hung) {
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->mutex);
	}
	return pair_verdict("mutex and condition variable", hung, codes);
}
#define PSHARED_MUTEX_COND_ROW	.run = pshared_mutex_cond
#else
#define PSHARED_MUTEX_COND_ROW	.absent = "no process-shared mutexes here"
#endif

#if defined(WITH_PSHARED_SEM)
struct shared_sem {
	sem_t	sem[2];		/* 0 wakes role 1, 1 wakes role 0 */
	int	value;
};

static int
sem_wait_intr(sem_t *sem)
{
	int	r;

	while ((r = sem_wait(sem)) == -1 && errno == EINTR)
		continue;
	return r;
}

static int
sem_role(void *arg, int me)
{
	struct shared_sem	*s = arg;
	int			round, bad = 0;

	for (round = 1; round <= ROUNDS; round++) {
		if (me == 0) {
			s->value = round;
			if (sem_post(&s->sem[0]) == -1 ||
			    sem_wait_intr(&s->sem[1]) == -1)
				return 11;
		} else {
			if (sem_wait_intr(&s->sem[0]) == -1)
				return 11;
			if (s->value != round)
				bad = 1;
			if (sem_post(&s->sem[1]) == -1)
				return 11;
		}
	}
	return bad ? 10 : 0;
}

/*
 * Two sem_init(..., 1, 0) semaphores in MAP_SHARED memory, set up before
 * fork, ping-pong 100 times between two children: each sem_post must
 * wake the other process's sem_wait, which must see the data written
 * before the post.  A platform whose semaphores stay private fails (hang,
 * killed after 2 s).
 */
static enum fc_verdict
pshared_sem(const struct fc_case *c FC_UNUSED)
{
	struct shared_sem	*s;
	int			codes[2], hung;

	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (s == MAP_FAILED)
		return fc_broken("mmap");
	if (sem_init(&s->sem[0], 1, 0) == -1) {
		/* ENOSYS: no sem_init; ENOTSUP: no pshared (older macOS). */
		if (errno == ENOSYS || errno == ENOTSUP)
			return fc_skip("no process-shared unnamed semaphores: "
			    "sem_init: %s", strerror(errno));
		return fc_broken("sem_init(pshared)");
	}
	if (sem_init(&s->sem[1], 1, 0) == -1)
		return fc_broken("sem_init");
	s->value = 0;
	hung = pair_run(sem_role, s, codes);
	if (!hung) {
		sem_destroy(&s->sem[0]);
		sem_destroy(&s->sem[1]);
	}
	return pair_verdict("pair of semaphores", hung, codes);
}
#define PSHARED_SEM_ROW	.run = pshared_sem
#else
#define PSHARED_SEM_ROW	.absent = "no process-shared unnamed semaphores here " \
	"(_POSIX_SEMAPHORES)"
#endif

#if defined(WITH_PSHARED_BARRIER)
struct shared_barrier {
	pthread_barrier_t	barrier;
	int			value;
};

static int
barrier_role(void *arg, int me)
{
	struct shared_barrier	*s = arg;
	int			round, r, bad = 0;

	for (round = 1; round <= ROUNDS; round++) {
		if (me == 0)
			s->value = round;
		r = pthread_barrier_wait(&s->barrier);
		if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
			return 11;
		if (me == 1 && s->value != round)
			bad = 1;
		/* Role 0 may not write the next round before role 1 read. */
		r = pthread_barrier_wait(&s->barrier);
		if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
			return 11;
	}
	return bad ? 10 : 0;
}

/*
 * A PTHREAD_PROCESS_SHARED barrier of two in MAP_SHARED memory, set up
 * before fork: two children pass it 200 times, one writing before and
 * the other reading after it.  A platform whose barrier does not cross
 * processes fails (hang, killed after 2 s).
 */
static enum fc_verdict
pshared_barrier(const struct fc_case *c FC_UNUSED)
{
	pthread_barrierattr_t	ba;
	struct shared_barrier	*s;
	int			codes[2], e, hung;

	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANON, -1, 0);
	if (s == MAP_FAILED)
		return fc_broken("mmap");
	if ((e = pthread_barrierattr_init(&ba)) != 0) {
		errno = e;
		return fc_broken("pthread_barrierattr_init");
	}
	if ((e = pthread_barrierattr_setpshared(&ba,
	    PTHREAD_PROCESS_SHARED)) != 0)
		return fc_skip("no process-shared barriers: %s", strerror(e));
	if ((e = pthread_barrier_init(&s->barrier, &ba, 2)) != 0) {
		errno = e;
		return fc_broken("pthread_barrier_init");
	}
	pthread_barrierattr_destroy(&ba);
	s->value = 0;
	hung = pair_run(barrier_role, s, codes);
	if (!hung)
		pthread_barrier_destroy(&s->barrier);
	return pair_verdict("barrier", hung, codes);
}
#define PSHARED_BARRIER_ROW	.run = pshared_barrier
#else
#define PSHARED_BARRIER_ROW	.absent = "no process-shared barriers here " \
	"(_POSIX_BARRIERS)"
#endif

const struct fc_case fc_thr_pshared_cases[] = {
	{ .id = "thr.pshared-sync", PSHARED_SEM_ROW,
	  .tier = FC_OPT,
	  .spec = "XSH sem_init: pshared semaphores in shared memory "
	  "synchronise processes across fork" },
	{ .id = "thr.pshared-sync/mutex-cond", PSHARED_MUTEX_COND_ROW,
	  .tier = FC_OPT,
	  .spec = "XSH pthread_mutexattr_setpshared, pthread_condattr_"
	  "setpshared: shared mutexes and condition variables work across "
	  "fork" },
	{ .id = "thr.pshared-sync/barrier", PSHARED_BARRIER_ROW,
	  .tier = FC_OPT,
	  .spec = "XSH pthread_barrierattr_setpshared: a shared barrier "
	  "synchronises processes across fork" },
	{ .id = NULL }
};
