/*
 * waitid.c: waitid(2) for C libraries that declare it but lack it
 * (dietlibc): the Linux system call, else ENOSYS.
 */

#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>
#if defined(HAVE_SYS_SYSCALL_H)
#include <sys/syscall.h>
#endif

#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "compat.h"

/* dietlibc's <sys/syscall.h> has the kernel's names only. */
#if !defined(SYS_waitid) && defined(__NR_waitid)
#define SYS_waitid	__NR_waitid
#endif

int
fc_compat_waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
#if defined(__linux__) && defined(SYS_waitid)
	/* The fifth argument, a struct rusage *, may be NULL. */
	return (int)syscall(SYS_waitid, idtype, id, info, options, NULL);
#else
	(void)idtype;
	(void)id;
	(void)info;
	(void)options;
	errno = ENOSYS;
	return -1;
#endif
}
