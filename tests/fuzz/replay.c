/*
 * replay.c: feeds files to a libFuzzer target without libFuzzer, so that
 * make check replays the seed corpus and every crash reproducer with any
 * compiler.  Prints TAP: one test point per file.
 */

#include "config.h"

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char **argv)
{
	struct buf	 b = { NULL, 0, 0 };
	uint8_t		*copy;
	int		 i;

	printf("1..%d\n", argc - 1);
	for (i = 1; i < argc; i++) {
		b.len = 0;
		if (buf_load(&b, argv[i]) == -1) {
			printf("not ok %d - %s: cannot read it\n", i, argv[i]);
			continue;
		}
		/* Exactly its bytes, so that a sanitizer sees overreads. */
		if ((copy = malloc(b.len > 0 ? b.len : 1)) == NULL)
			err(1, "malloc");
		memcpy(copy, b.data, b.len);
		fflush(stdout);
		/* A crash ends the run: the TAP plan then says what is missing. */
		(void)LLVMFuzzerTestOneInput(copy, b.len);
		free(copy);
		printf("ok %d - %s\n", i, argv[i]);
	}
	buf_free(&b);
	return fflush(stdout) == 0 ? 0 : 1;
}
