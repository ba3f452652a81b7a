/*
 * shared.h: the page the scheduler shares with its workers.  Workers pull
 * jobs from one counter, so no job is run twice and none is lost.
 */

#ifndef SHARED_H
#define SHARED_H

#include <stdatomic.h>
#include <stddef.h>

#define JOBS_MAX	256		/* -j at most; the one definition */
#define REDO_MAX	4096

/*
 * Jobs come from redo[] first (filled by the scheduler only: jobs whose
 * results died with a worker), then from next.
 */
struct shared {
	atomic_uint	next;			/* next job to hand out */
	atomic_int	stop;			/* hand out no more: the signal */
	atomic_int	current[JOBS_MAX];	/* each worker's job, or -1 */
	atomic_uint	redo_next;		/* next redo[] to hand out */
	atomic_uint	redo_n;			/* redo[] entries filled */
	unsigned int	redo[REDO_MAX];
};

/* The next job for a worker; 0 when there is none. */
static inline int
next_job(struct shared *sh, size_t njobs, unsigned int *job)
{
	unsigned int	i = atomic_load(&sh->redo_next);

	while (i < atomic_load(&sh->redo_n))
		if (atomic_compare_exchange_weak(&sh->redo_next, &i, i + 1)) {
			*job = sh->redo[i];
			return 1;
		}
	*job = atomic_fetch_add(&sh->next, 1);
	return *job < njobs;
}

#endif /* !SHARED_H */
