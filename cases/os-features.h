/*
 * os-features.h: what this platform offers the cases/<area>-os.c files, in
 * one place.  It includes the optional system headers those files need
 * and derives one WITH_<FEATURE> per interface a case (or a family of
 * cases) depends on, so that each case in an -os.c file stands behind at
 * most one guard, #if defined(WITH_<FEATURE>), with a one-line .absent
 * row in its #else.  The configure results (HAVE_*) come from config.h;
 * the rest is what the headers define.
 *
 * Include it right after config.h: it sets feature-test macros that must
 * precede the system headers.  (Not "features.h": with -Icases that name
 * would hide the C library's own <features.h>.)
 */

#ifndef OS_FEATURES_H
#define OS_FEATURES_H

/* NetBSD declares the pshared attribute functions only on request. */
#if defined(__NetBSD__)
#define _PTHREAD_PSHARED	1
#endif

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#if defined(HAVE_FLOCK)
#include <sys/file.h>
#endif
#if defined(HAVE_SYS_EPOLL_H)
#include <sys/epoll.h>
#endif
#if defined(HAVE_SYS_EVENT_H)
#include <sys/event.h>
#endif
#if defined(HAVE_SYS_EVENTFD_H)
#include <sys/eventfd.h>
#endif
#if defined(HAVE_SYS_INOTIFY_H)
#include <sys/inotify.h>
#endif
#if defined(HAVE_SYS_SIGNALFD_H)
#include <sys/signalfd.h>
#endif
#if defined(HAVE_SYS_TIMERFD_H)
#include <sys/timerfd.h>
#endif
#if defined(HAVE_SYS_PRCTL_H)
#include <sys/prctl.h>
#endif
#if defined(HAVE_SYS_PROCCTL_H)
#include <sys/procctl.h>
#endif
#if defined(HAVE_SYS_SYSCALL_H)
#include <sys/syscall.h>
#endif
#if defined(HAVE_SYS_PERSONALITY_H)
#include <sys/personality.h>
#endif
#if defined(HAVE_SYS_CAPSICUM_H)
#include <sys/capsicum.h>
#endif
#if defined(HAVE_SYS_SEM_H)
#include <sys/ipc.h>
#include <sys/sem.h>
#endif
#if defined(HAVE_PDFORK)
#include <sys/procdesc.h>
#endif
#if defined(__FreeBSD__)
#include <sys/param.h>
#include <sys/cpuset.h>
#endif

#if defined(HAVE_AIO_H)
#include <aio.h>
#endif
#include <fcntl.h>
#if defined(HAVE_MQUEUE_H)
#include <mqueue.h>
#endif
#if defined(HAVE_NL_TYPES_H)
#include <nl_types.h>
#endif
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#if defined(HAVE_POSIX_SPAWN) && defined(HAVE_SPAWN_H)
#include <spawn.h>
#endif
#include <unistd.h>
/* macOS declares sem_init() deprecated, and it fails with ENOSYS. */
#if defined(_POSIX_SEMAPHORES) && _POSIX_SEMAPHORES > 0 && \
    !defined(__APPLE__)
#include <semaphore.h>
#define WITH_PSHARED_SEM_API	1
#endif

/* fd-flags-os.c, fd-events-os.c: descriptors and the objects behind them. */
#if defined(__linux__) && defined(F_SETSIG) && defined(F_GETSIG)
#define WITH_SETSIG
#endif
#if defined(O_CLOFORK) && defined(FD_CLOFORK)
#define WITH_CLOFORK
#endif
#if defined(WITH_CLOFORK) && defined(F_DUPFD_CLOFORK)
#define WITH_DUPFD_CLOFORK
#endif
#if defined(WITH_CLOFORK) && defined(SOCK_CLOFORK)
#define WITH_SOCK_CLOFORK
#endif
#if defined(HAVE_NL_TYPES_H) && defined(HAVE_CATOPEN)
#define WITH_CATOPEN
#endif
#if defined(HAVE_MQUEUE_H) && defined(HAVE_MQ_OPEN) && HAVE_DECL_MQ_CLOSE && \
    HAVE_DECL_MQ_UNLINK
#define WITH_MQUEUE
#endif
#if defined(HAVE_FLOCK) && defined(LOCK_NB)
#define WITH_FLOCK
#endif
#if defined(F_OFD_SETLK) && defined(F_OFD_GETLK)
#define WITH_OFD_LOCKS
#endif
#if defined(HAVE_SYS_EPOLL_H) && defined(HAVE_EPOLL_CREATE1)
#define WITH_EPOLL
#endif
#if defined(HAVE_SYS_EVENT_H) && defined(HAVE_KQUEUE)
#define WITH_KQUEUE
#endif
#if defined(HAVE_SYS_EVENTFD_H) && defined(HAVE_EVENTFD)
#define WITH_EVENTFD
#endif
#if defined(HAVE_SYS_TIMERFD_H) && defined(HAVE_TIMERFD_CREATE) && \
    HAVE_DECL_TFD_CLOEXEC
#define WITH_TIMERFD
#endif
#if defined(HAVE_SYS_SIGNALFD_H) && defined(HAVE_SIGNALFD) && \
    HAVE_DECL_SFD_CLOEXEC
#define WITH_SIGNALFD
#endif
#if defined(HAVE_SYS_INOTIFY_H) && defined(HAVE_INOTIFY_INIT1)
#define WITH_INOTIFY
#endif
#if defined(HAVE_MEMFD_CREATE) && defined(MFD_CLOEXEC)
#define WITH_MEMFD
#endif
#if defined(WITH_MEMFD) && defined(F_ADD_SEALS) && defined(F_SEAL_WRITE)
#define WITH_SEALS
#endif
/* epoll is Linux's own; elsewhere (NetBSD) a compatibility layer, probed. */
#if defined(__linux__)
#define EPOLL_TIER	FC_LINUX
#else
#define EPOLL_TIER	FC_PROBE
#endif

/* inh-sched-os.c, inh-prctl-os.c: attributes a child inherits. */
#if defined(HAVE_GETRESUID) && defined(HAVE_GETRESGID)
#define WITH_RESUID
#endif
#if defined(_POSIX_PRIORITY_SCHEDULING) && _POSIX_PRIORITY_SCHEDULING >= 0
#define WITH_PRIORITY_SCHEDULING
#endif
#if defined(WITH_PRIORITY_SCHEDULING) || defined(__linux__)
#define WITH_SCHED_POLICY
#endif
#if defined(__linux__) && defined(HAVE_SYS_SYSCALL_H)
#define WITH_LINUX_SYSCALL
#endif
/* The scheduling calls straight to the kernel (musl leaves them ENOSYS). */
#if defined(WITH_LINUX_SYSCALL) && defined(SYS_sched_setscheduler) && \
    defined(SYS_sched_getscheduler) && defined(SYS_sched_getparam)
#define WITH_SCHED_SYSCALLS
#endif
#if defined(WITH_SCHED_SYSCALLS) && defined(SCHED_RESET_ON_FORK)
#define WITH_SCHED_RESET_ON_FORK
#endif
#if defined(WITH_SCHED_SYSCALLS) && defined(SYS_sched_setattr)
#define WITH_SCHED_DEADLINE
#endif
/* The CPU affinity mask: Linux sched_setaffinity, FreeBSD cpuset. */
#if defined(__linux__) && defined(HAVE_SCHED_SETAFFINITY) && \
    defined(HAVE_SCHED_GETAFFINITY) && HAVE_DECL_CPU_SETSIZE
#define WITH_AFFINITY
typedef cpu_set_t	cpus_t;
#define CPUS_GET(set)	sched_getaffinity(0, sizeof(*(set)), (set))
#define CPUS_SET(set)	sched_setaffinity(0, sizeof(*(set)), (set))
#elif defined(__FreeBSD__)
#define WITH_AFFINITY
typedef cpuset_t	cpus_t;
#define CPUS_GET(set)	cpuset_getaffinity(CPU_LEVEL_WHICH, CPU_WHICH_PID, \
	-1, sizeof(*(set)), (set))
#define CPUS_SET(set)	cpuset_setaffinity(CPU_LEVEL_WHICH, CPU_WHICH_PID, \
	-1, sizeof(*(set)), (set))
#endif
#if defined(__linux__) && defined(HAVE_SYS_PRCTL_H)
#define WITH_LINUX_PRCTL
#endif
#if defined(WITH_LINUX_PRCTL) && defined(PR_SET_NO_NEW_PRIVS) && \
    defined(PR_SET_CHILD_SUBREAPER) && defined(PR_SET_TIMERSLACK)
#define WITH_PRCTL_ATTRS
#endif
#if defined(WITH_LINUX_PRCTL) && defined(PR_SET_SECCOMP) && \
    defined(PR_SET_NO_NEW_PRIVS) && defined(HAVE_SYS_SYSCALL_H) && \
    defined(SYS_getppid)
#define WITH_SECCOMP
#endif
#if defined(WITH_LINUX_PRCTL) && defined(PR_CAPBSET_DROP) && \
    defined(PR_GET_SECUREBITS)
#define WITH_CAPBSET
#endif
#if defined(WITH_LINUX_PRCTL) && defined(PR_SET_NO_NEW_PRIVS) && \
    defined(HAVE_SYS_SYSCALL_H) && defined(SYS_landlock_create_ruleset) && \
    defined(SYS_landlock_restrict_self)
#define WITH_LANDLOCK
#endif
#if defined(HAVE_SYS_CAPSICUM_H)
#define WITH_CAPSICUM
#endif
#if defined(__linux__) && defined(HAVE_SYS_PERSONALITY_H) && \
    HAVE_DECL_UNAME26 && HAVE_DECL_ADDR_NO_RANDOMIZE
#define WITH_PERSONALITY
#endif
#if defined(WITH_LINUX_SYSCALL) && defined(SYS_ioprio_get) && \
    defined(SYS_ioprio_set)
#define WITH_IOPRIO
#endif

/* mem-os.c: minherit()'s values: INHERIT_* on FreeBSD, MAP_INHERIT_* elsewhere. */
#if defined(HAVE_MINHERIT) && defined(INHERIT_SHARE)
#define MI_SHARE	INHERIT_SHARE
#define MI_COPY		INHERIT_COPY
#define MI_NONE		INHERIT_NONE
#if defined(INHERIT_ZERO)
#define MI_ZERO		INHERIT_ZERO
#endif
#elif defined(HAVE_MINHERIT) && defined(MAP_INHERIT_SHARE)
#define MI_SHARE	MAP_INHERIT_SHARE
#define MI_COPY		MAP_INHERIT_COPY
#define MI_NONE		MAP_INHERIT_NONE
#if defined(MAP_INHERIT_ZERO)
#define MI_ZERO		MAP_INHERIT_ZERO
#endif
#endif
/* A value no platform uses: mem.minherit/zero skips. */
#define MI_ABSENT	(-1)
#if defined(MI_SHARE) && !defined(MI_ZERO)
#define MI_ZERO		MI_ABSENT
#endif

/*
 * mem-os.c: whether mlock() and mlockall() are supported; a C library
 * without the sysconf() names (dietlibc) cannot say, and the cases skip.
 */
#if HAVE_DECL__SC_MEMLOCK
#define SYSCONF_MEMLOCK()	sysconf(_SC_MEMLOCK)
#else
#define SYSCONF_MEMLOCK()	(-1L)
#endif
#if HAVE_DECL__SC_MEMLOCK_RANGE
#define SYSCONF_MEMLOCK_RANGE()	sysconf(_SC_MEMLOCK_RANGE)
#else
#define SYSCONF_MEMLOCK_RANGE()	(-1L)
#endif

/* misc-ipc-os.c, misc-spawn-os.c */
#if defined(HAVE_AIO_H) && defined(HAVE_AIO_READ)
#define WITH_AIO
#endif
#if defined(__linux__) && defined(SYS_io_setup) && defined(SYS_io_destroy)
#define WITH_IO_SETUP
#endif
#if defined(__linux__) && defined(SYS_clone3)
#define WITH_CLONE3
#endif
#if defined(HAVE_VFORK) && defined(HAVE_SIGTIMEDWAIT) && defined(HAVE_WAITID)
#define WITH_VFORK_SIGCHLD
#endif

/* pid-os.c */
#if defined(WITH_LINUX_SYSCALL) && defined(SYS_gettid) && defined(SYS_getpid)
#define WITH_GETTID
#endif

/*
 * pgid-os.c: a session leader takes its terminal explicitly (BSD, Linux);
 * on System V opening it without O_NOCTTY already did.
 */
#if defined(TIOCSCTTY)
#define ACQUIRE_TTY(fd)	ioctl((fd), TIOCSCTTY, 0)
#else
#define ACQUIRE_TTY(fd)	((void)(fd), 0)
#endif

/* sig-os.c */
#if defined(PR_SET_PDEATHSIG) && defined(PR_GET_PDEATHSIG)
#define WITH_PDEATHSIG_PRCTL
#endif
#if defined(WITH_PDEATHSIG_PRCTL) && defined(WITH_GETTID) && \
    defined(SYS_tgkill)
#define WITH_PDEATHSIG_THREAD	/* the signal follows the forking thread */
#endif

/* thr-os.c: raw system calls, process-shared synchronisation. */
#if defined(WITH_LINUX_SYSCALL) && defined(SYS_fork)
#define FC_RAW_FORK		"syscall(SYS_fork)"
#define FC_RAW_FORK_ARGS	SYS_fork
#elif defined(WITH_LINUX_SYSCALL) && defined(SYS_clone)
/* Every argument but the flags is 0, so their order does not matter. */
#define FC_RAW_FORK		"syscall(SYS_clone, SIGCHLD)"
#define FC_RAW_FORK_ARGS	SYS_clone, (long)SIGCHLD, 0L, 0L, 0L, 0L
#endif
#if defined(HAVE_PTHREAD_MUTEXATTR_SETROBUST) && \
    defined(HAVE_PTHREAD_MUTEXATTR_SETPSHARED)
#define WITH_ROBUST_PSHARED
#endif
#if defined(HAVE_PTHREAD_MUTEXATTR_SETPSHARED) && \
    defined(WITH_PSHARED_SEM_API)
#define WITH_PSHARED_SEM
#endif
#if defined(HAVE_PTHREAD_MUTEXATTR_SETPSHARED) && \
    defined(HAVE_PTHREAD_BARRIER_INIT) && defined(_POSIX_BARRIERS) && \
    _POSIX_BARRIERS > 0
#define WITH_PSHARED_BARRIER
#endif

/* wait-os.c: becoming a subreaper (fc_subreaper(), harness/osdep-*.c). */
#if defined(HAVE_SYS_PRCTL_H) && defined(PR_SET_CHILD_SUBREAPER)
#define SUBREAPER_API	"prctl(PR_SET_CHILD_SUBREAPER)"
#define SUBREAPER_TIER	FC_LINUX
#elif defined(HAVE_SYS_PROCCTL_H) && defined(PROC_REAP_ACQUIRE)
#define SUBREAPER_API	"procctl(PROC_REAP_ACQUIRE)"
#define SUBREAPER_TIER	FC_BSD
#else
#define SUBREAPER_API	"no subreaper interface"
#define SUBREAPER_TIER	FC_LINUX
#endif

/*
 * sig.altstack/delivery's tier: Linux documents that a child inherits the
 * alternate signal stack (sigaltstack(2)), so an SA_ONSTACK handler there
 * must run on it; POSIX is silent, so elsewhere it is quality of
 * implementation.
 */
#if defined(__linux__)
#define ALTSTACK_DELIVERY_TIER	FC_LINUX
#else
#define ALTSTACK_DELIVERY_TIER	FC_QOI
#endif

#endif /* !OS_FEATURES_H */
