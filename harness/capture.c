/*
 * capture.c: bounded capture of a case's output.  The first CAP_HALF
 * bytes and the last CAP_HALF bytes are kept; what lies between is
 * replaced by a marker saying how much was dropped.
 */

#include "config.h"

#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

void
cap_init(struct capture *c)
{
	if ((c->head = malloc(CAP_HALF)) == NULL ||
	    (c->tail = malloc(CAP_HALF)) == NULL)
		err(1, "malloc");
	cap_reset(c);
}

void
cap_reset(struct capture *c)
{
	c->headlen = c->tailpos = c->taillen = 0;
	c->total = 0;
}

void
cap_add(struct capture *c, const char *p, size_t len)
{
	size_t	n;

	c->total += len;
	if (c->headlen < CAP_HALF) {
		n = CAP_HALF - c->headlen;
		if (n > len)
			n = len;
		memcpy(c->head + c->headlen, p, n);
		c->headlen += n;
		p += n;
		len -= n;
	}
	if (len > CAP_HALF) {
		p += len - CAP_HALF;
		len = CAP_HALF;
	}
	while (len > 0) {
		n = CAP_HALF - c->tailpos;
		if (n > len)
			n = len;
		memcpy(c->tail + c->tailpos, p, n);
		c->tailpos = (c->tailpos + n) % CAP_HALF;
		c->taillen += n;
		if (c->taillen > CAP_HALF)
			c->taillen = CAP_HALF;
		p += n;
		len -= n;
	}
}

/* Appends the kept text to b, with a marker where bytes were dropped. */
void
cap_text(const struct capture *c, struct buf *b)
{
	uint64_t	dropped;
	size_t		start;

	buf_add(b, c->head, c->headlen);
	dropped = c->total - c->headlen - c->taillen;
	if (dropped > 0)
		buf_printf(b, "\n[... %llu bytes omitted ...]\n",
		    (unsigned long long)dropped);
	start = c->taillen < CAP_HALF ? 0 : c->tailpos;
	if (c->taillen < CAP_HALF)
		buf_add(b, c->tail, c->taillen);
	else {
		buf_add(b, c->tail + start, CAP_HALF - start);
		buf_add(b, c->tail, start);
	}
}
