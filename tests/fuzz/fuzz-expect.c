/*
 * fuzz-expect.c: libFuzzer target for the --expect parser.  Any input is
 * either refused with one "fuzz:LINE: why" line or gives expectations
 * that keep the parser's promises: valid patterns, text reasons, no
 * pattern twice.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[] = {
		"pid.ret-values", "thr._Fork/threaded", "wait.si-status-full",
		"x.y", NULL
	};
	struct expectations	 e = { NULL, 0 };
	char			 err[512];
	size_t			 i, j;

	err[0] = '\0';
	if (expect_parse_text(&e, "fuzz", (const char *)data, size, err,
	    sizeof(err)) == -1) {
		if (strncmp(err, "fuzz:", 5) != 0 && strcmp(err,
		    "out of memory") != 0)
			abort();
	}
	for (i = 0; i < e.n; i++) {
		if (!id_pattern_valid(e.list[i].pattern) ||
		    e.list[i].reason[0] == '\0' ||
		    !text_valid(e.list[i].reason, strlen(e.list[i].reason),
		    NULL) || e.list[i].line == 0)
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(e.list[i].pattern, e.list[j].pattern) == 0)
				abort();
	}
	for (i = 0; ids[i] != NULL; i++)
		(void)expect_find(&e, ids[i]);
	expect_free(&e);
	return 0;
}
