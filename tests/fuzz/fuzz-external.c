/*
 * fuzz-external.c: libFuzzer target for the --external manifest parser.
 * Any input is either refused with one "fuzz:LINE: why" line or gives
 * cases that keep the parser's promises: valid ids, none twice and none
 * built-in, finite timeouts within bounds, a command of at least one
 * word.  Everything is freed (LeakSanitizer checks).
 */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct fc_case	builtin_pid[] = {
	{ .id = "pid.ret-values" }, { .id = NULL }
};
static const struct fc_case	builtin_thr[] = {
	{ .id = "thr._Fork/threaded" }, { .id = NULL }
};
static const struct fc_area	builtin[] = {
	{ "pid", builtin_pid }, { "thr", builtin_thr }, { NULL, NULL }
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct externals	 x = { NULL, 0, builtin, NULL };
	const struct fc_area	*areas;
	char			 err[512];
	size_t			 i, j;

	err[0] = '\0';
	if (external_parse(&x, "fuzz", (const char *)data, size, "/base",
	    err, sizeof(err)) == -1) {
		if (strncmp(err, "fuzz", 4) != 0)
			abort();
	}
	for (i = 0; i < x.n; i++) {
		if (!id_valid(x.cases[i].id) ||
		    strcmp(x.cases[i].id, "pid.ret-values") == 0 ||
		    !isfinite(x.cases[i].timeout) || x.cases[i].timeout < 0 ||
		    x.cases[i].timeout > 3600 || external_argv(&x.cases[i]) == NULL ||
		    external_argv(&x.cases[i])[0] == NULL)
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(x.cases[i].id, x.cases[j].id) == 0)
				abort();
	}
	if (x.cases != NULL && x.cases[x.n].id != NULL)
		abort();
	areas = external_areas(builtin, &x);
	if (x.n > 0 && (areas == builtin || areas[2].cases != x.cases))
		abort();
	external_free(&x);
	return 0;
}
