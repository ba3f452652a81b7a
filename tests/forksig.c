/*
 * forksig.c: a signal that arrives the instant a case child is born.
 *
 * Preloaded into the fixture runner by tests/worker.bats, this library
 * wraps fork() and _Fork(): a child whose parent is not the process the
 * library was loaded in -- a case child, whose parent is a worker --
 * raises SIGTERM before anything else runs in it.  A worker that forks
 * with its handlers live runs its own handler there and the signal is
 * lost; one that blocks signals across the fork leaves it pending until
 * the child has put back the default disposition, which then kills it.
 */

#define _GNU_SOURCE

#include <sys/types.h>

#include <dlfcn.h>
#include <signal.h>
#include <unistd.h>

/* Exported for the preload; prototypes keep -Wmissing-prototypes quiet. */
pid_t	fork(void);
pid_t	_Fork(void);

static pid_t	top;		/* the runner: its children are workers */

__attribute__((constructor)) static void
forksig_init(void)
{
	top = getpid();
}

static pid_t
forked(pid_t pid)
{
	if (pid == 0 && getppid() != top)
		raise(SIGTERM);
	return pid;
}

pid_t
fork(void)
{
	static pid_t	(*real)(void);

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "fork");
	return forked(real());
}

pid_t
_Fork(void)
{
	static pid_t	(*real)(void);

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "_Fork");
	return forked(real());
}
