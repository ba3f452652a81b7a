/*
 * inherit.h: the shared machinery of the inh cases (cases/inh-posix.c,
 * inh-sched-os.c, inh-prctl-os.c).  A disposable parent P sets an
 * attribute and forks C; C must see the parent's value (or the value fork
 * resets it to), and its own change must not reach P.
 */

#ifndef INHERIT_H
#define INHERIT_H

#include <stddef.h>

#include "forkcheck.h"

#define DESC	256		/* room for an attribute described in words */

/*
 * An attribute.  absent: why this platform cannot run the case, or NULL.
 * set() runs in P: 0 when done, 1 to skip with the reason it wrote into
 * its buffer, 2 to skip with that reason and strerror(errno) after it, -1
 * with errno when our own setup failed.  get() describes the
 * current value, 0 or -1 with errno.  change() runs in C after it
 * described what it inherited: 0 when done, 1 when there is nothing C may
 * change, -1 with errno when it failed; NULL for an attribute no process
 * can undo.  reset: for an attribute fork does not pass on, what C must
 * have instead of P's value.
 */
struct attr {
	const char	*absent;
	int		(*set)(char *, size_t);
	int		(*get)(char *, size_t);
	int		(*change)(void);
	const char	*reset;
};

/* The run() of every inh row: .run = inherit, .arg = &its_attr. */
enum fc_verdict	inherit(const struct fc_case *);

/* A scheduling policy's name ("SCHED_FIFO"), or its number in buf. */
const char	*policy_name(int, char *, size_t);

#endif /* !INHERIT_H */
