/*
 * atfork-module.c: the shared object thr.atfork-lifecycle/dlclose loads
 * (cases/thr-os.c).  Its constructor registers fork handlers that each
 * write one byte to the descriptor fc_atfork_module_fd() names: 'p' for
 * prepare, 'a' for parent, 'c' for child.  Once the module is dlclose()d
 * and unmapped, a fork that still called them would jump into nothing.
 */

#include <pthread.h>
#include <unistd.h>

void	fc_atfork_module_fd(int);

static int	out = -1;

static void
put(char c)
{
	if (out != -1 && write(out, &c, 1) != 1)
		out = -1;
}

static void
prepare(void)
{
	put('p');
}

static void
parent(void)
{
	put('a');
}

static void
child(void)
{
	put('c');
}

/* Where the handlers write (-1: nowhere). */
void
fc_atfork_module_fd(int fd)
{
	out = fd;
}

/* A failed registration shows as handlers that never run. */
__attribute__((constructor)) static void
init(void)
{
	(void)pthread_atfork(prepare, parent, child);
}
