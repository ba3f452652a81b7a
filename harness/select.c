/*
 * select.c: which cases a run covers.  A pattern is a glob matched
 * against the case id ("fd.*", "*.same-ofd") or against its area ("fd").
 */

#include "config.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

int
sel_match(const char *pattern, const char *id)
{
	char		 area[64];
	const char	*dot;
	size_t		 len;

	if (fnmatch(pattern, id, 0) == 0)
		return 1;
	if ((dot = strchr(id, '.')) == NULL)
		return 0;
	len = (size_t)(dot - id);
	if (len >= sizeof(area))
		return 0;
	memcpy(area, id, len);
	area[len] = '\0';
	return fnmatch(pattern, area, 0) == 0;
}

/*
 * The cases matching any of the patterns (all of them without patterns),
 * in index order.  A pattern that matches nothing is an error: it is
 * almost always a typo, and a run that silently covers less is a lie.
 */
int
sel_cases(const struct fc_area *areas, char **pats, int npats,
    const struct fc_case ***out, size_t *nout, char *err, size_t errlen)
{
	const struct fc_area	 *a;
	const struct fc_case	 *c, **sel;
	size_t			  n = 0, total = 0;
	int			  i, hit, *used;

	for (a = areas; a->name != NULL; a++)
		for (c = a->cases; c->id != NULL; c++)
			total++;
	sel = calloc(total + 1, sizeof(*sel));
	used = calloc((size_t)npats + 1, sizeof(*used));
	if (sel == NULL || used == NULL) {
		free(sel);
		free(used);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (a = areas; a->name != NULL; a++) {
		for (c = a->cases; c->id != NULL; c++) {
			hit = npats == 0;
			for (i = 0; i < npats; i++)
				if (sel_match(pats[i], c->id)) {
					used[i] = 1;
					hit = 1;
				}
			if (hit)
				sel[n++] = c;
		}
	}
	for (i = 0; i < npats; i++) {
		if (!used[i]) {
			snprintf(err, errlen, "pattern '%s' matches no case",
			    pats[i]);
			free(sel);
			free(used);
			return -1;
		}
	}
	free(used);
	*out = sel;
	*nout = n;
	return 0;
}
