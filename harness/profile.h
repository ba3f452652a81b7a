/*
 * profile.h: forkcheck --profile, measurement apart from the conformance
 * runner.  profile.c measures; profile-report.c writes what it measured
 * (Markdown, JSON, a gnuplot plot).  Nothing here passes or fails.
 */

#ifndef PROFILE_H
#define PROFILE_H

#include "runner.h"

#define PF_ROUNDS	5		/* rounds per measurement, at most */
#define PF_NWAYS	5		/* ways of creating a process */
#define PF_NSIZES	4		/* resident sizes of the fork curve */

struct stat3 {
	double	med, min, max;		/* microseconds */
	int	n;			/* 0: not measured */
};

/* One way of creating a process, and its cost. */
struct pf_row {
	const char	*what;
	struct stat3	 s;
	char		 note[160];
};

/* Memory kinds for the fork-latency curve. */
enum pf_kind { K_PRIVATE, K_THP, K_SHARED, NKINDS };
extern const char *const pf_kind_names[NKINDS];

/* Fork latency at one resident size. */
struct pf_memrow {
	size_t		mib;
	struct stat3	call[NKINDS];	/* the fork() call, in the parent */
	struct stat3	full[NKINDS];	/* fork + _exit + waitpid */
};

/* A profile: what was measured, and what was not (one line each). */
struct profile {
	double			 budget;	/* seconds */
	int64_t			 start;
	struct platform		 plat;
	double			 avail;		/* MiB of memory available */
	int			 have_thp;
	struct pf_row		 rows[PF_NWAYS];
	struct pf_memrow	 mem[PF_NSIZES];
	size_t			 nmem;
	double			 cow[NKINDS];	/* us per page, -1: none */
	struct buf		 skipped;
};

double	pf_spent(const struct profile *);
void	pf_markdown(struct buf *, const struct profile *);
void	pf_json(struct buf *, const struct profile *);
int	pf_plot(const char *, struct profile *);

#endif /* !PROFILE_H */
