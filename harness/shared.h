/*
 * shared.h: the page the scheduler shares with its workers.  Workers pull
 * jobs from one counter, so no job is run twice and none is lost.
 */

#ifndef SHARED_H
#define SHARED_H

#include <stdatomic.h>

#define JOBS_MAX	256

struct shared {
	atomic_uint	next;			/* next job to hand out */
	atomic_int	stop;			/* hand out no more: the signal */
	atomic_int	current[JOBS_MAX];	/* each worker's job, or -1 */
};

#endif /* !SHARED_H */
