/*
 * compare.c: forkcheck --compare A.json B.json.  Prints the cases whose
 * verdict differs between two runs (two platforms, or a platform and a
 * reference): new failures, fixes, new skips.  Exits 1 if B has a
 * failure (fail, broken or unexpected pass) that A did not, 2 if either
 * file is not a results file (results.c checks the schema).
 *
 * Both files' cases are sorted by id, so matching is one merge: O(n log n)
 * in all.  Every string from a file is escaped before it is printed
 * (text_safe()): a results file may hold anything a case printed.
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "runner.h"

struct diffs {
	unsigned int	new_failures;
	unsigned int	fixed;
	unsigned int	newly_skipped;
	unsigned int	unskipped;
	unsigned int	other;		/* only in one run, or another change */
};

static int
failing(const struct rcase *c)
{
	if (c == NULL)
		return 0;
	if (strcmp(c->verdict, "broken") == 0 || strcmp(c->verdict, "fail") == 0)
		return 1;
	return strcmp(c->verdict, "pass") == 0 && c->expected != NULL;
}

static const char *
shown(const struct rcase *c)
{
	if (c == NULL)
		return "absent";
	if (c->expected != NULL && strcmp(c->verdict, "fail") == 0)
		return "fail (known deviation)";
	if (c->expected != NULL && strcmp(c->verdict, "pass") == 0)
		return "pass (expected to fail)";
	return c->verdict;
}

static int
same(const struct rcase *a, const struct rcase *b)
{
	return a != NULL && b != NULL && strcmp(a->verdict, b->verdict) == 0 &&
	    (a->expected == NULL) == (b->expected == NULL);
}

/* What the change from a to b is called, counted in d. */
static const char *
classify(const struct rcase *a, const struct rcase *b, struct diffs *d)
{
	if (failing(b) && !failing(a)) {
		d->new_failures++;
		return "new failure";
	}
	if (a == NULL || b == NULL) {
		d->other++;
		return a == NULL ? "only in B" : "only in A";
	}
	if (failing(a) && !failing(b)) {
		d->fixed++;
		return "fixed";
	}
	if (strcmp(b->verdict, "skip") == 0) {
		d->newly_skipped++;
		return "newly skipped";
	}
	if (strcmp(a->verdict, "skip") == 0) {
		d->unskipped++;
		return "no longer skipped";
	}
	d->other++;
	return "changed";
}

static void
put_safe(const char *s)
{
	struct buf	b = { NULL, 0, 0 };

	text_safe(&b, s, strlen(s));
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}

static void
report(const struct rcase *a, const struct rcase *b, struct diffs *d)
{
	const struct rcase	*c = a != NULL ? a : b;

	if (same(a, b))
		return;
	printf("%-17s ", classify(a, b, d));
	put_safe(c->id);
	if (c->run > 0)
		printf(" [run %u]", c->run);
	printf(": %s -> %s", shown(a), shown(b));
	if (b != NULL && b->message != NULL && b->message[0] != '\0' &&
	    strcmp(b->verdict, "pass") != 0) {
		printf(": ");
		put_safe(b->message);
	}
	printf("\n");
}

/* "A: path (n cases), Linux 6.1 x86_64 glibc 2.36" */
static void
header(const char *which, const struct results *r)
{
	const char	*parts[] = { r->plat.system, r->plat.release,
	    r->plat.machine, r->plat.libc, r->plat.libc_version };
	size_t		 i;
	int		 any = 0;

	printf("%s: ", which);
	put_safe(r->path);
	printf(" (%zu cases), ", r->n);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (parts[i] == NULL)
			continue;
		if (any++)
			printf(" ");
		put_safe(parts[i]);
	}
	printf("%s\n", any ? "" : "?");
}

/*
 * Walks both sorted lists at once; cases of one id pair up in run
 * order, so run k of A meets run k of B.
 */
static void
merge(const struct results *a, const struct results *b, struct diffs *d)
{
	size_t	i = 0, j = 0;
	int	c;

	while (i < a->n || j < b->n) {
		if (i == a->n)
			c = 1;
		else if (j == b->n)
			c = -1;
		else
			c = strcmp(a->cases[i].id, b->cases[j].id);
		if (c == 0)
			report(&a->cases[i++], &b->cases[j++], d);
		else if (c < 0)
			report(&a->cases[i++], NULL, d);
		else
			report(NULL, &b->cases[j++], d);
	}
}

/* forkcheck --compare A B: 0 if B adds no failure, 1 if it does, 2 on error. */
int
compare_main(const char *pa, const char *pb, const char *prog)
{
	struct results	a, b;
	struct diffs	d;
	char		err[1024];

	if (results_load(&a, pa, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", prog, err);
		return 2;
	}
	if (results_load(&b, pb, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s: %s\n", prog, err);
		results_free(&a);
		return 2;
	}
	memset(&d, 0, sizeof(d));
	header("A", &a);
	header("B", &b);
	merge(&a, &b, &d);
	printf("%u new failures, %u fixed, %u newly skipped, %u no longer "
	    "skipped, %u other differences\n", d.new_failures, d.fixed,
	    d.newly_skipped, d.unskipped, d.other);
	results_free(&a);
	results_free(&b);
	return d.new_failures > 0 ? 1 : 0;
}
