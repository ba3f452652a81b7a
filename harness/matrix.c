/*
 * matrix.c: forkcheck --matrix: the results.json of many runs side by
 * side, one column per platform and one row per case (matched by id, so
 * runs of different forkcheck versions line up): matrix.html for people,
 * matrix.md for a CI job summary, matrix.json for machines (its schema
 * is in reports/README.md).  It reports and never judges: --compare is
 * the gate.
 */

#include "config.h"

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

/* What a cell shows: a case's outcome on one platform. */
enum mout { M_PASS, M_FAIL, M_SKIP, M_BROKEN, M_XFAIL, M_XPASS, M_NOTRUN };
#define M_N	7

static const char *const mout_name[M_N] = {
	"pass", "fail", "skip", "broken", "expected failure",
	"unexpected pass", "not run here"
};
static const char *const mout_key[M_N] = {	/* JSON keys, CSS classes */
	"pass", "fail", "skip", "broken", "expected_failure",
	"unexpected_pass", "not_run"
};
/* Which run a cell shows when --repeat ran a case more than once. */
static const int mout_rank[M_N] = { 6, 0, 5, 2, 3, 1, 7 };

enum { D_NONE, D_COVERAGE, D_BEHAVIOUR };	/* how a row differs */

struct mcell {
	const struct rcase	*rc;		/* the run shown; NULL: not run */
	enum mout		 o;
	unsigned int		 runs;
	unsigned int		 n[M_N];	/* of the runs, per outcome */
};

struct mrow {
	const char	*id;
	const char	*area;		/* not NUL-terminated: arealen */
	size_t		 arealen;
	const char	*spec;
	const char	*tier;
	int		 differs;	/* D_* */
	struct mcell	*cells;		/* one per platform */
};

struct mplat {
	const struct results	*r;
	const char		*file;
	char			 label[256];
	unsigned int		(*score)[M_N];	/* per tier, then all */
};

struct matrix {
	struct mplat	 *plats;
	size_t		  nplats;
	struct mrow	 *rows;		/* by area, then id */
	size_t		  nrows;
	const char	**tiers;	/* in tier order */
	size_t		  ntiers;
	size_t		  ndiff[3];	/* rows per D_* */
};

static void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if ((p = calloc(n == 0 ? 1 : n, size)) == NULL)
		err(1, "calloc");
	return p;
}

static const char *
str(const char *s)
{
	return s != NULL ? s : "";
}

static enum mout
mout_of(const struct rcase *rc)
{
	const char	*v = str(rc->verdict);
	int		 known = rc->expected != NULL;

	if (strcmp(v, "pass") == 0)
		return known ? M_XPASS : M_PASS;
	if (strcmp(v, "fail") == 0)
		return known ? M_XFAIL : M_FAIL;
	if (strcmp(v, "skip") == 0)
		return M_SKIP;
	return M_BROKEN;	/* "broken", or a verdict we do not know */
}

/* The rank of a tier: forkcheck's own in their order, then any other. */
static size_t
tier_rank(const char *t)
{
	size_t	i;

	for (i = 0; strcmp(tier_name((enum fc_tier)i), "unknown") != 0; i++)
		if (strcmp(tier_name((enum fc_tier)i), t) == 0)
			return i;
	return i;
}

static int
cmp_tier(const void *a, const void *b)
{
	const char	*x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t		 rx = tier_rank(x), ry = tier_rank(y);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	return strcmp(x, y);
}

static size_t
tier_index(const struct matrix *m, const char *t)
{
	size_t	i;

	for (i = 0; i < m->ntiers; i++)
		if (strcmp(m->tiers[i], t) == 0)
			return i;
	return m->ntiers;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
cmp_area(const struct mrow *x, const struct mrow *y)
{
	size_t	n = x->arealen < y->arealen ? x->arealen : y->arealen;
	int	c;

	if ((c = memcmp(x->area, y->area, n)) != 0)
		return c;
	if (x->arealen != y->arealen)
		return x->arealen < y->arealen ? -1 : 1;
	return 0;
}

static int
same_area(const struct mrow *x, const struct mrow *y)
{
	return cmp_area(x, y) == 0;
}

static int
cmp_row(const void *a, const void *b)
{
	int	c;

	if ((c = cmp_area(a, b)) != 0)
		return c;
	return strcmp(((const struct mrow *)a)->id,
	    ((const struct mrow *)b)->id);
}

static int
cmp_diff(const void *a, const void *b)
{
	const struct mrow	*x = *(const struct mrow *const *)a;
	const struct mrow	*y = *(const struct mrow *const *)b;

	if (x->differs != y->differs)
		return x->differs > y->differs ? -1 : 1;
	return cmp_row(x, y);
}

/* The cell of case id on platform p: every --repeat run of it. */
static void
fill_cell(struct mcell *c, const struct results *r, const char *id)
{
	const struct rcase	*rc, *end = r->cases + r->n;
	enum mout		 o;

	memset(c, 0, sizeof(*c));
	c->o = M_NOTRUN;
	if ((rc = results_find(r, id)) == NULL)
		return;
	while (rc > r->cases && strcmp(rc[-1].id, id) == 0)
		rc--;
	for (; rc < end && strcmp(rc->id, id) == 0; rc++) {
		o = mout_of(rc);
		c->n[o]++;
		c->runs++;
		if (c->rc == NULL || mout_rank[o] < mout_rank[c->o]) {
			c->rc = rc;
			c->o = o;
		}
	}
}

static void
fill_row(struct mrow *row, const struct matrix *m)
{
	const struct rcase	*rc = NULL;
	size_t			 p;
	int			 seen[M_N] = { 0 }, kinds = 0;

	for (p = 0; p < m->nplats; p++) {
		fill_cell(&row->cells[p], m->plats[p].r, row->id);
		if (rc == NULL)
			rc = row->cells[p].rc;
		if (!seen[row->cells[p].o]++)
			kinds++;
	}
	if (rc != NULL && rc->area != NULL) {
		row->area = rc->area;
		row->arealen = strlen(rc->area);
	} else {
		row->area = row->id;
		row->arealen = strcspn(row->id, ".");
	}
	row->spec = rc != NULL ? rc->spec : NULL;
	row->tier = rc != NULL && rc->tier != NULL ? rc->tier : "unknown";
	if (kinds < 2)
		row->differs = D_NONE;
	else if (seen[M_FAIL] || seen[M_BROKEN] || seen[M_XFAIL] ||
	    seen[M_XPASS])
		row->differs = D_BEHAVIOUR;
	else
		row->differs = D_COVERAGE;
}

/*
 * A platform's column name: the one given (FILE=LABEL), else the file's
 * platform.label, else one made from the file's platform fields as
 * platform_label() makes it, else the file name; a name taken by an
 * earlier column gets " (2)", " (3)"...
 */
static void
plat_label(struct matrix *m, size_t k, const char *given)
{
	const struct rplatform	*rp = &m->plats[k].r->plat;
	struct platform		 p;
	char			*l = m->plats[k].label, base[200];
	size_t			 i, n = 1, len = sizeof(m->plats[k].label);

	if (given != NULL)
		snprintf(base, sizeof(base), "%s", given);
	else if (rp->label != NULL && rp->label[0] != '\0')
		snprintf(base, sizeof(base), "%s", rp->label);
	else if (rp->system != NULL) {
		memset(&p, 0, sizeof(p));
		snprintf(p.system, sizeof(p.system), "%s", rp->system);
		snprintf(p.release, sizeof(p.release), "%s", str(rp->release));
		snprintf(p.machine, sizeof(p.machine), "%s", str(rp->machine));
		snprintf(p.libc, sizeof(p.libc), "%s", str(rp->libc));
		snprintf(p.libc_version, sizeof(p.libc_version), "%s",
		    str(rp->libc_version));
		p.compiler = rp->compiler;
		p.emulator = rp->emulator;
		p.euid = rp->euid;
		platform_label(base, sizeof(base), &p);
	} else
		snprintf(base, sizeof(base), "%s", m->plats[k].file);
	snprintf(l, len, "%s", base);
	for (i = 0; i < k; i++)
		if (strcmp(m->plats[i].label, l) == 0) {
			snprintf(l, len, "%s (%zu)", base, ++n);
			i = (size_t)-1;		/* and check again */
		}
}

static void
matrix_free(struct matrix *m)
{
	size_t	i;

	for (i = 0; i < m->nrows; i++)
		free(m->rows[i].cells);
	for (i = 0; i < m->nplats; i++)
		free(m->plats[i].score);
	free(m->rows);
	free(m->plats);
	free(m->tiers);
	memset(m, 0, sizeof(*m));
}

static void
matrix_build(struct matrix *m, const struct results *runs,
    const char *const *files, const char *const *labels, size_t n)
{
	const char	**ids;
	size_t		  i, j, k, nids = 0, t;

	memset(m, 0, sizeof(*m));
	m->nplats = n;
	m->plats = xcalloc(n, sizeof(*m->plats));
	for (k = 0; k < n; k++) {
		m->plats[k].r = &runs[k];
		m->plats[k].file = files != NULL && files[k] != NULL ?
		    files[k] : str(runs[k].path);
		plat_label(m, k, labels != NULL ? labels[k] : NULL);
		nids += runs[k].n;
	}

	/* One row per id in any run. */
	ids = xcalloc(nids, sizeof(*ids));
	for (nids = 0, k = 0; k < n; k++)
		for (i = 0; i < runs[k].n; i++)
			ids[nids++] = runs[k].cases[i].id;
	qsort(ids, nids, sizeof(*ids), cmp_str);
	m->rows = xcalloc(nids, sizeof(*m->rows));
	for (i = 0; i < nids; i++) {
		if (m->nrows > 0 && strcmp(m->rows[m->nrows - 1].id, ids[i]) == 0)
			continue;
		m->rows[m->nrows].id = ids[i];
		m->rows[m->nrows].cells = xcalloc(n, sizeof(struct mcell));
		fill_row(&m->rows[m->nrows], m);
		m->ndiff[m->rows[m->nrows].differs]++;
		m->nrows++;
	}
	free(ids);
	qsort(m->rows, m->nrows, sizeof(*m->rows), cmp_row);

	/* The tiers, in order, and each platform's count per tier. */
	m->tiers = xcalloc(m->nrows, sizeof(*m->tiers));
	for (i = 0; i < m->nrows; i++) {
		for (j = 0; j < m->ntiers; j++)
			if (strcmp(m->tiers[j], m->rows[i].tier) == 0)
				break;
		if (j == m->ntiers)
			m->tiers[m->ntiers++] = m->rows[i].tier;
	}
	qsort(m->tiers, m->ntiers, sizeof(*m->tiers), cmp_tier);
	for (k = 0; k < n; k++) {
		m->plats[k].score = xcalloc(m->ntiers + 1,
		    sizeof(*m->plats[k].score));
		for (i = 0; i < m->nrows; i++) {
			t = tier_index(m, m->rows[i].tier);
			m->plats[k].score[t][m->rows[i].cells[k].o]++;
			m->plats[k].score[m->ntiers][m->rows[i].cells[k].o]++;
		}
	}
}

/* The rows that differ: behaviour first, then coverage; by area, id. */
static const struct mrow **
diff_rows(const struct matrix *m, size_t *n)
{
	const struct mrow	**d;
	size_t			  i;

	d = xcalloc(m->nrows, sizeof(*d));
	for (*n = 0, i = 0; i < m->nrows; i++)
		if (m->rows[i].differs != D_NONE)
			d[(*n)++] = &m->rows[i];
	qsort(d, *n, sizeof(*d), cmp_diff);
	return d;
}

static unsigned int
ran(const unsigned int *s)
{
	unsigned int	n = 0;
	int		o;

	for (o = 0; o < M_N; o++)
		if (o != M_NOTRUN)
			n += s[o];
	return n;
}

static unsigned int
failing(const unsigned int *s)
{
	return s[M_FAIL] + s[M_BROKEN] + s[M_XPASS];
}

/* "3 fail, 1 skip": the outcomes of a score other than pass. */
static void
score_rest(struct buf *b, const unsigned int *s, const char *sep)
{
	int	o, any = 0;

	for (o = M_FAIL; o < M_N; o++)
		if (s[o] > 0)
			buf_printf(b, "%s%u %s", any++ ? sep : "", s[o],
			    mout_name[o]);
}

/* --- HTML ------------------------------------------------------------ */

static const char html_head[] =
"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
"<link rel=\"icon\" href=\"data:,\"/>\n"
"<title>forkcheck conformance matrix</title>\n<style>\n";

/* What matrix.html adds to the style it shares with index.html. */
static const char html_style_matrix[] =
"body{max-width:90em}\n"
".spec{max-width:28em}\n"
".lbl{font-family:ui-monospace,monospace;font-size:12px;min-width:7em}\n"
"thead th.lbl{max-width:12em}\n"
".ix{display:inline-block;min-width:1.4em;color:#666}\n"
"th.case{position:sticky;left:0;background:#fff;min-width:11em;"
"max-width:20em;z-index:1;box-shadow:inset -1px 0 #ccc}\n"
"tr.area th{background:#e9eef5;text-align:left}\n"
"td.c{white-space:nowrap;font-size:13px;min-width:5.5em}\n"
"td.c details{white-space:normal}\n"
"td.c summary{cursor:pointer;white-space:nowrap}\n"
"td.c div{max-width:22em;font-size:12px;margin-top:.2em;"
"overflow-wrap:anywhere}\n"
".not_run{background:#fff;color:#888;font-style:italic}\n"
"td.good{background:#dff3df}td.bad{background:#f8d6d6}\n"
"tbody.behaviour tr.area th{background:#f6e3e3}\n"
"tr:target th.case,tbody:target tr.area th{outline:2px solid #47a}\n"
"@media (max-width:600px){body{font-size:14px;padding:0 .4em;margin:.5em 0}"
"th.case{min-width:7em;max-width:10em;overflow-wrap:anywhere}"
".spec,.tier{display:none}td.c div{max-width:14em}}\n"
"</style>\n</head>\n<body>\n";

/* Text with a line break allowed after each '/' and '+' of a label. */
static void
html_label(struct buf *b, const char *s)
{
	size_t	n;

	while (*s != '\0') {
		n = strcspn(s, "/+");
		if (s[n] != '\0')
			n++;
		xml_text(b, s, n);
		if (s[n] != '\0')
			buf_adds(b, "<wbr/>");
		s += n;
	}
}

static void
html_textz(struct buf *b, const char *s)
{
	xml_text(b, str(s), strlen(str(s)));
}

static void
html_cell(struct buf *b, const struct mcell *c)
{
	const struct rcase	*rc = c->rc;
	int			 o, more;

	buf_printf(b, "<td class=\"c %s\"", mout_key[c->o]);
	if (rc == NULL) {
		buf_adds(b, ">not run</td>");
		return;
	}
	more = str(rc->message)[0] != '\0' || str(rc->at)[0] != '\0' ||
	    rc->expected != NULL || c->runs > 1;
	if (!more) {
		buf_printf(b, ">%s</td>", mout_name[c->o]);
		return;
	}
	buf_adds(b, " title=\"");
	html_textz(b, rc->message);
	if (str(rc->at)[0] != '\0') {
		buf_adds(b, " (at ");
		html_textz(b, rc->at);
		buf_adds(b, ")");
	}
	buf_printf(b, "\"><details><summary>%s</summary><div>",
	    mout_name[c->o]);
	html_textz(b, rc->message);
	if (str(rc->at)[0] != '\0') {
		buf_adds(b, "<br/>at <code>");
		html_textz(b, rc->at);
		buf_adds(b, "</code>");
	}
	if (rc->expected != NULL) {
		buf_adds(b, "<br/><em>known deviation:</em> ");
		html_textz(b, rc->expected);
	}
	if (c->runs > 1) {
		buf_printf(b, "<br/>%u runs:", c->runs);
		for (more = 0, o = 0; o < M_N; o++)
			if (c->n[o] > 0)
				buf_printf(b, "%s %u %s", more++ ? "," : "",
				    c->n[o], mout_name[o]);
	}
	buf_adds(b, "</div></details></td>");
}

static void
html_row(struct buf *b, const struct matrix *m, const struct mrow *r,
    const char *anchor)
{
	size_t	p;
	int	o, seen[M_N] = { 0 };

	buf_adds(b, "<tr");
	if (anchor != NULL) {
		buf_printf(b, " id=\"%s-", anchor);
		html_textz(b, r->id);
		buf_adds(b, "\"");
	}
	buf_adds(b, " data-area=\"");
	xml_text(b, r->area, r->arealen);
	buf_adds(b, "\" data-tier=\"");
	html_textz(b, r->tier);
	buf_adds(b, "\" data-o=\" ");
	for (p = 0; p < m->nplats; p++)
		seen[r->cells[p].o] = 1;
	for (o = 0; o < M_N; o++)
		if (seen[o])
			buf_printf(b, "%s ", mout_key[o]);
	buf_adds(b, "\"><th class=\"case\"><code>");
	html_textz(b, r->id);
	buf_adds(b, "</code>");
	if (str(r->spec)[0] != '\0') {
		buf_adds(b, "<div class=\"spec\">");
		html_textz(b, r->spec);
		buf_adds(b, "</div>");
	}
	buf_adds(b, "</th><td class=\"small tier\">");
	html_textz(b, r->tier);
	buf_adds(b, "</td>");
	for (p = 0; p < m->nplats; p++)
		html_cell(b, &r->cells[p]);
	buf_adds(b, "</tr>\n");
}

static void
html_columns(struct buf *b, const struct matrix *m)
{
	size_t	p;

	buf_adds(b, "<thead><tr><th class=\"case\">case</th>"
	    "<th class=\"tier\">tier</th>");
	for (p = 0; p < m->nplats; p++) {
		buf_printf(b, "<th class=\"lbl\" title=\"");
		html_textz(b, m->plats[p].file);
		buf_printf(b, "\"><span class=\"ix\">%zu</span> ", p + 1);
		html_label(b, m->plats[p].label);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr></thead>\n");
}

static void
html_platform(struct buf *b, const struct matrix *m, size_t k)
{
	const struct mplat	*mp = &m->plats[k];
	const struct rplatform	*p = &mp->r->plat;
	const unsigned int	*s;
	size_t			 t;

	buf_printf(b, "<tr><th class=\"lbl\"><span class=\"ix\">%zu</span> ",
	    k + 1);
	html_label(b, mp->label);
	buf_adds(b, "<details><summary class=\"small\">details</summary>"
	    "<div class=\"small\">");
	html_textz(b, p->system);
	buf_adds(b, " ");
	html_textz(b, p->release);
	buf_adds(b, " ");
	html_textz(b, p->machine);
	buf_adds(b, ", ");
	html_textz(b, p->libc);
	buf_adds(b, " ");
	html_textz(b, p->libc_version);
	buf_adds(b, "<br/>");
	html_textz(b, p->compiler);
	if (p->emulator != NULL) {
		buf_adds(b, "<br/>under ");
		html_textz(b, p->emulator);
	}
	if (p->uid != -1)
		buf_printf(b, "<br/>uid %ld, euid %ld", p->uid, p->euid);
	if (p->containment != NULL) {
		buf_adds(b, "<br/>containment: ");
		html_textz(b, p->containment);
	}
	buf_adds(b, "<br/>forkcheck ");
	html_textz(b, mp->r->forkcheck);
	buf_adds(b, ", <code>");
	html_textz(b, mp->file);
	buf_adds(b, "</code></div></details></th>");
	for (t = 0; t <= m->ntiers; t++) {
		s = mp->score[t];
		buf_printf(b, "<td class=\"n %s\" title=\"%u passed",
		    failing(s) > 0 ? "bad" : s[M_PASS] == ran(s) &&
		    ran(s) > 0 ? "good" : "", s[M_PASS]);
		if (ran(s) > s[M_PASS] || s[M_NOTRUN] > 0)
			buf_adds(b, "; ");
		score_rest(b, s, ", ");
		if (ran(s) == 0)
			buf_adds(b, "\">&#8211;");
		else
			buf_printf(b, "\">%u/%u", s[M_PASS], ran(s));
		if (ran(s) > s[M_PASS] || s[M_NOTRUN] > 0) {
			buf_adds(b, "<div class=\"rest\">");
			score_rest(b, s, "<br/>");
			buf_adds(b, "</div>");
		}
		buf_adds(b, "</td>");
	}
	buf_adds(b, "</tr>\n");
}

static void
html_filters(struct buf *b, const struct matrix *m,
    const struct mrow *const *areas, size_t nareas)
{
	char	text[64];
	size_t	i;

	buf_adds(b, html_form_start);
	html_select(b, "area", "all");
	for (i = 0; i < nareas; i++)
		html_option(b, areas[i]->area, areas[i]->arealen, NULL);
	buf_adds(b, html_select_end);
	html_select(b, "tier", "all");
	for (i = 0; i < m->ntiers; i++)
		html_option(b, str(m->tiers[i]), strlen(str(m->tiers[i])),
		    NULL);
	buf_adds(b, html_select_end);
	html_select(b, "verdict", "any");
	for (i = 0; i < M_N; i++) {
		snprintf(text, sizeof(text), "%s somewhere", mout_name[i]);
		html_option(b, mout_key[i], strlen(mout_key[i]), text);
	}
	buf_adds(b, html_select_end);
	buf_adds(b, html_form_end);
}

/* The scorecard: per platform, the cases passed of those that ran. */
static void
html_scorecard(struct buf *b, const struct matrix *m)
{
	size_t	i, k;

	buf_adds(b, "<h2 id=\"scorecard\">Scorecard</h2>\n<p class=\"small\">"
	    "Cases passed of those that ran, per tier; hover or read below "
	    "for the rest.</p>\n<div class=\"scroll\"><table>\n<thead><tr>"
	    "<th>platform</th>");
	for (i = 0; i < m->ntiers; i++) {
		buf_adds(b, "<th class=\"n\">");
		html_textz(b, m->tiers[i]);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "<th class=\"n\">all</th></tr></thead>\n<tbody>\n");
	for (k = 0; k < m->nplats; k++)
		html_platform(b, m, k);
	buf_adds(b, "</tbody></table></div>\n");
}

/* The rows where the platforms disagree: in behaviour, then coverage. */
static void
html_differences(struct buf *b, const struct matrix *m)
{
	const struct mrow	**d;
	size_t			  i, j, nd;

	d = diff_rows(m, &nd);
	buf_adds(b, "<h2 id=\"differences\">Differences</h2>\n");
	if (nd == 0)
		buf_adds(b, "<p>None: every case has the same verdict on every "
		    "platform.</p>\n");
	else {
		buf_adds(b, "<p class=\"small\">Rows where the platforms "
		    "disagree: in behaviour first, then in coverage. Click a "
		    "verdict for its message.</p>\n<div class=\"scroll\">"
		    "<table class=\"m\">\n");
		html_columns(b, m);
		for (i = 0; i < nd; i = j) {
			buf_printf(b, "<tbody class=\"grp %s\"><tr class=\"area\">"
			    "<th colspan=\"%zu\">%s (%zu)</th></tr>\n",
			    d[i]->differs == D_BEHAVIOUR ? "behaviour" :
			    "coverage", m->nplats + 2,
			    d[i]->differs == D_BEHAVIOUR ? "In behaviour" :
			    "In coverage only", m->ndiff[d[i]->differs]);
			for (j = i; j < nd && d[j]->differs == d[i]->differs;
			    j++)
				html_row(b, m, d[j], "d");
			buf_adds(b, "</tbody>\n");
		}
		buf_adds(b, "</table></div>\n");
	}
	free(d);
}

/* Every case, grouped by area, with a link to each area. */
static void
html_all(struct buf *b, const struct matrix *m,
    const struct mrow *const *areas, size_t nareas)
{
	size_t	i, j;

	buf_adds(b, "<h2 id=\"all\">All cases</h2>\n<nav class=\"small\">");
	for (i = 0; i < nareas; i++) {
		buf_adds(b, "<a href=\"#area-");
		xml_text(b, areas[i]->area, areas[i]->arealen);
		buf_adds(b, "\">");
		xml_text(b, areas[i]->area, areas[i]->arealen);
		buf_adds(b, "</a> ");
	}
	buf_adds(b, "</nav>\n<div class=\"scroll\"><table class=\"m\">\n");
	html_columns(b, m);
	for (i = 0; i < m->nrows; i = j) {
		buf_adds(b, "<tbody class=\"grp\" id=\"area-");
		xml_text(b, m->rows[i].area, m->rows[i].arealen);
		buf_printf(b, "\"><tr class=\"area\"><th colspan=\"%zu\">",
		    m->nplats + 2);
		xml_text(b, m->rows[i].area, m->rows[i].arealen);
		buf_adds(b, "</th></tr>\n");
		for (j = i; j < m->nrows && same_area(&m->rows[j],
		    &m->rows[i]); j++)
			html_row(b, m, &m->rows[j], NULL);
		buf_adds(b, "</tbody>\n");
	}
	buf_adds(b, "</table></div>\n");
}

static void
matrix_html(struct buf *b, const struct matrix *m)
{
	const struct mrow	**areas;
	size_t			  i, nareas = 0;

	buf_adds(b, html_head);
	buf_adds(b, html_style);
	buf_adds(b, html_style_matrix);
	buf_printf(b, "<h1>forkcheck conformance matrix</h1>\n<p>%zu "
	    "platform%s, %zu cases: <strong>%zu differ in behaviour</strong> "
	    "(a failure, a breakage or a known deviation somewhere), %zu in "
	    "coverage only (skipped or not run somewhere).</p>\n",
	    m->nplats, m->nplats == 1 ? "" : "s", m->nrows,
	    m->ndiff[D_BEHAVIOUR], m->ndiff[D_COVERAGE]);
	areas = xcalloc(m->nrows, sizeof(*areas));
	for (i = 0; i < m->nrows; i++)
		if (i == 0 || !same_area(&m->rows[i], &m->rows[i - 1]))
			areas[nareas++] = &m->rows[i];
	buf_adds(b, "<nav><a href=\"#scorecard\">Scorecard</a>"
	    "<a href=\"#differences\">Differences</a>"
	    "<a href=\"#all\">All cases</a></nav>\n");
	html_scorecard(b, m);
	html_filters(b, m, areas, nareas);
	html_differences(b, m);
	html_all(b, m, areas, nareas);
	free(areas);
	buf_printf(b, "<p class=\"small\">Made by forkcheck %s --matrix. "
	    "Without JavaScript the filters are hidden and every row is "
	    "shown.</p>\n", PACKAGE_VERSION);
	buf_adds(b, html_filter_script);
	buf_adds(b, "</body>\n</html>\n");
}

/* --- Markdown -------------------------------------------------------- */

/*
 * Text for a Markdown table cell or list item: made safe to print first
 * (text_safe: line breaks, control characters and bytes that are not
 * UTF-8 as escapes), then with '|' and Markdown's markup characters
 * escaped, so that a message shows as it is and stays in its cell.
 */
static void
md_text(struct buf *b, const char *s, size_t len)
{
	struct buf	t = { NULL, 0, 0 };
	size_t		i;

	text_safe(&t, s, len);
	for (i = 0; i < t.len; i++) {
		if (t.data[i] != '\0' &&
		    strchr("\\|`*_[]<>&~", t.data[i]) != NULL)
			buf_adds(b, "\\");
		buf_add(b, t.data + i, 1);
	}
	buf_free(&t);
}

static void
md_textz(struct buf *b, const char *s)
{
	md_text(b, str(s), strlen(str(s)));
}

static void
md_score(struct buf *b, const struct matrix *m)
{
	const unsigned int	*s;
	size_t			 k, t;

	buf_adds(b, "| # | platform |");
	for (t = 0; t < m->ntiers; t++) {
		buf_adds(b, " ");
		md_textz(b, m->tiers[t]);
		buf_adds(b, " |");
	}
	buf_adds(b, " all |\n|---:|---|");
	for (t = 0; t <= m->ntiers; t++)
		buf_adds(b, "---:|");
	buf_adds(b, "\n");
	for (k = 0; k < m->nplats; k++) {
		buf_printf(b, "| %zu | ", k + 1);
		md_textz(b, m->plats[k].label);
		buf_adds(b, " |");
		for (t = 0; t <= m->ntiers; t++) {
			s = m->plats[k].score[t];
			if (ran(s) == 0)
				buf_adds(b, " \xe2\x80\x93");	/* an en dash */
			else
				buf_printf(b, " %u/%u", s[M_PASS], ran(s));
			if (ran(s) > s[M_PASS] || s[M_NOTRUN] > 0) {
				buf_adds(b, failing(s) > 0 ? " **(" : " (");
				score_rest(b, s, ", ");
				buf_adds(b, failing(s) > 0 ? ")**" : ")");
			}
			buf_adds(b, " |");
		}
		buf_adds(b, "\n");
	}
}

static void
md_table(struct buf *b, const struct matrix *m, const struct mrow **d,
    size_t nd)
{
	const struct mcell	*c;
	size_t			 i, p;
	int			 bold;

	buf_adds(b, "| case | tier |");
	for (p = 0; p < m->nplats; p++)
		buf_printf(b, " #%zu |", p + 1);
	buf_adds(b, "\n|---|---|");
	for (p = 0; p < m->nplats; p++)
		buf_adds(b, "---|");
	buf_adds(b, "\n");
	for (i = 0; i < nd; i++) {
		buf_adds(b, "| ");
		md_textz(b, d[i]->id);
		buf_adds(b, " | ");
		md_textz(b, d[i]->tier);
		buf_adds(b, " |");
		for (p = 0; p < m->nplats; p++) {
			c = &d[i]->cells[p];
			bold = c->o == M_FAIL || c->o == M_BROKEN ||
			    c->o == M_XPASS;
			buf_printf(b, " %s%s%s", bold ? "**" : "",
			    c->o == M_NOTRUN ? "not run" : mout_name[c->o],
			    bold ? "**" : "");
			if (c->runs > 1)
				buf_printf(b, " %u/%u", c->n[c->o], c->runs);
			buf_adds(b, " |");
		}
		buf_adds(b, "\n");
	}
}

/* Why the cells of rows d that are neither pass nor "not run" are so. */
static void
md_why(struct buf *b, const struct matrix *m, const struct mrow **d,
    size_t nd)
{
	const struct mcell	*c;
	size_t			 i, p;

	for (i = 0; i < nd; i++)
		for (p = 0; p < m->nplats; p++) {
			c = &d[i]->cells[p];
			if (c->o == M_PASS || c->o == M_NOTRUN)
				continue;
			buf_adds(b, "- ");
			md_textz(b, d[i]->id);
			buf_printf(b, " on #%zu: %s", p + 1, mout_name[c->o]);
			if (str(c->rc->message)[0] != '\0') {
				buf_adds(b, ": ");
				md_textz(b, c->rc->message);
			}
			if (str(c->rc->at)[0] != '\0') {
				buf_adds(b, " (at ");
				md_textz(b, c->rc->at);
				buf_adds(b, ")");
			}
			if (c->rc->expected != NULL) {
				buf_adds(b, "; known deviation: ");
				md_textz(b, c->rc->expected);
			}
			buf_adds(b, "\n");
		}
}

static void
matrix_md(struct buf *b, const struct matrix *m)
{
	const struct mrow	**d;
	size_t			  nd, nb;

	buf_printf(b, "## forkcheck matrix: %zu platform%s, %zu cases, %zu "
	    "differ in behaviour, %zu in coverage only\n\n", m->nplats,
	    m->nplats == 1 ? "" : "s", m->nrows, m->ndiff[D_BEHAVIOUR],
	    m->ndiff[D_COVERAGE]);
	buf_adds(b, "### Scorecard: cases passed of those that ran\n\n");
	md_score(b, m);
	d = diff_rows(m, &nd);
	nb = m->ndiff[D_BEHAVIOUR];
	buf_adds(b, "\n### Differences in behaviour\n\n");
	if (nb == 0)
		buf_adds(b, "None: no case fails, breaks or deviates on one "
		    "platform and not on another.\n");
	else {
		buf_adds(b, "A failure, a breakage or a known deviation on "
		    "some platforms (numbered as in the scorecard):\n\n");
		md_table(b, m, d, nb);
		buf_adds(b, "\n");
		md_why(b, m, d, nb);
	}
	if (nd > nb) {
		buf_printf(b, "\n<details><summary>Differences in coverage "
		    "only: %zu cases skipped or not run on some platforms"
		    "</summary>\n\n", nd - nb);
		md_table(b, m, d + nb, nd - nb);
		buf_adds(b, "\n");
		md_why(b, m, d + nb, nd - nb);
		buf_adds(b, "\n</details>\n");
	}
	free(d);
}

/* --- JSON ------------------------------------------------------------ */

static void
json_uid(struct buf *b, long v)
{
	if (v == -1)
		buf_adds(b, "null");
	else
		buf_printf(b, "%ld", v);
}

static void
json_score(struct buf *b, const unsigned int *s)
{
	int	o;

	buf_adds(b, "{");
	for (o = 0; o < M_N; o++)
		buf_printf(b, "%s\"%s\": %u", o ? ", " : " ", mout_key[o],
		    s[o]);
	buf_adds(b, " }");
}

static void
json_cell(struct buf *b, const struct mcell *c)
{
	int	o, any = 0;

	if (c->rc == NULL) {
		buf_adds(b, "null");
		return;
	}
	buf_printf(b, "{ \"outcome\": \"%s\", \"verdict\": ", mout_key[c->o]);
	json_strz(b, c->rc->verdict);
	buf_adds(b, ", \"expected_failure\": ");
	json_strz(b, c->rc->expected);
	buf_adds(b, ",\n          \"message\": ");
	json_strz(b, str(c->rc->message));
	buf_adds(b, ", \"at\": ");
	json_strz(b, c->rc->at);
	buf_printf(b, ", \"runs\": %u", c->runs);
	if (c->runs > 1) {
		buf_adds(b, ", \"outcomes\": {");
		for (o = 0; o < M_N; o++)
			if (c->n[o] > 0)
				buf_printf(b, "%s\"%s\": %u", any++ ? ", " :
				    " ", mout_key[o], c->n[o]);
		buf_adds(b, " }");
	}
	buf_adds(b, " }");
}

static void
matrix_json(struct buf *b, const struct matrix *m)
{
	static const char *const differs[] = { NULL, "coverage", "behaviour" };
	const struct rplatform	*p;
	size_t			 i, k, t;

	buf_printf(b, "{\n  \"schema\": \"forkcheck-matrix/1\",\n"
	    "  \"forkcheck\": \"%s\",\n  \"tiers\": [", PACKAGE_VERSION);
	for (t = 0; t < m->ntiers; t++) {
		buf_adds(b, t ? ", " : " ");
		json_strz(b, m->tiers[t]);
	}
	buf_printf(b, " ],\n  \"differences\": { \"behaviour\": %zu, "
	    "\"coverage\": %zu },\n  \"platforms\": [",
	    m->ndiff[D_BEHAVIOUR], m->ndiff[D_COVERAGE]);
	for (k = 0; k < m->nplats; k++) {
		p = &m->plats[k].r->plat;
		json_member(b, k ? ",\n    { " : "\n    { ", "label",
		    m->plats[k].label);
		json_member(b, ", ", "file", m->plats[k].file);
		json_member(b, ", ", "forkcheck", m->plats[k].r->forkcheck);
		json_member(b, ",\n      ", "system", p->system);
		json_member(b, ", ", "release", p->release);
		json_member(b, ", ", "machine", p->machine);
		json_member(b, ", ", "libc", p->libc);
		json_member(b, ", ", "libc_version", p->libc_version);
		json_member(b, ",\n      ", "compiler", p->compiler);
		json_member(b, ", ", "emulator", p->emulator);
		json_member(b, ", ", "containment", p->containment);
		buf_adds(b, ", \"uid\": ");
		json_uid(b, p->uid);
		buf_adds(b, ", \"euid\": ");
		json_uid(b, p->euid);
		buf_adds(b, ",\n      \"scorecard\": {");
		for (t = 0; t <= m->ntiers; t++) {
			buf_adds(b, t ? ",\n        " : "\n        ");
			json_strz(b, t < m->ntiers ? m->tiers[t] : "all");
			buf_adds(b, ": ");
			json_score(b, m->plats[k].score[t]);
		}
		buf_adds(b, " } }");
	}
	buf_adds(b, "\n  ],\n  \"cases\": [");
	for (i = 0; i < m->nrows; i++) {
		buf_adds(b, i ? ",\n    { \"id\": " : "\n    { \"id\": ");
		json_strz(b, m->rows[i].id);
		buf_adds(b, ", \"area\": ");
		json_str(b, m->rows[i].area, m->rows[i].arealen);
		buf_adds(b, ", \"tier\": ");
		json_strz(b, m->rows[i].tier);
		buf_adds(b, ",\n      \"spec\": ");
		json_strz(b, m->rows[i].spec);
		buf_adds(b, ", \"differs\": ");
		json_strz(b, differs[m->rows[i].differs]);
		buf_adds(b, ",\n      \"cells\": [");
		for (k = 0; k < m->nplats; k++) {
			buf_adds(b, k ? ",\n        " : "\n        ");
			json_cell(b, &m->rows[i].cells[k]);
		}
		buf_adds(b, " ] }");
	}
	buf_adds(b, "\n  ]\n}\n");
}

/* --- forkcheck --matrix ---------------------------------------------- */

/*
 * The three reports of the matrix of runs[0..n-1] into out[MATRIX_HTML],
 * out[MATRIX_MD] and out[MATRIX_JSON].  files and labels (either may be
 * NULL, or hold NULLs) name the inputs and their columns.
 */
void
matrix_write(struct buf *out, const struct results *runs,
    const char *const *files, const char *const *labels, size_t n,
    size_t *ndiff)
{
	struct matrix	m;

	matrix_build(&m, runs, files, labels, n);
	matrix_html(&out[MATRIX_HTML], &m);
	matrix_md(&out[MATRIX_MD], &m);
	matrix_json(&out[MATRIX_JSON], &m);
	if (ndiff != NULL) {
		ndiff[0] = m.nrows;
		ndiff[1] = m.ndiff[D_BEHAVIOUR];
		ndiff[2] = m.ndiff[D_COVERAGE];
	}
	matrix_free(&m);
}

/*
 * forkcheck --matrix [--report-dir DIR] FILE[=LABEL]...: an argument that
 * is not a file but has a '=' names its column after the last '='.
 */
int
matrix_main(const struct fc_options *o, const char *prog)
{
	static const char *const names[] = {
		[MATRIX_HTML] = "matrix.html", [MATRIX_MD] = "matrix.md",
		[MATRIX_JSON] = "matrix.json"
	};
	struct results	 *runs;
	struct buf	  out[3];
	const char	 *dir = o->report_dir != NULL ? o->report_dir : "reports";
	const char	**labels;
	char		**files, *eq, errbuf[1200];
	size_t		  i, n = (size_t)o->npatterns, loaded = 0, counts[3];
	int		  rc = 0;

	if (n == 0) {
		fprintf(stderr, "%s: --matrix needs one or more results.json "
		    "files (see --help)\n", prog);
		return 2;
	}
	if (o->label != NULL || o->list || o->profile) {
		fprintf(stderr, "%s: --matrix takes only --report-dir and "
		    "files; name a file's column as FILE=LABEL (see --help)\n",
		    prog);
		return 2;
	}
	runs = xcalloc(n, sizeof(*runs));
	files = xcalloc(n, sizeof(*files));
	labels = xcalloc(n, sizeof(*labels));
	for (i = 0; i < n && rc == 0; i++) {
		const char	*arg = o->patterns[i];
		size_t		 len = strlen(arg);

		if (access(arg, F_OK) == -1 &&
		    (eq = strrchr(arg, '=')) != NULL && eq > arg &&
		    eq[1] != '\0') {
			len = (size_t)(eq - arg);
			labels[i] = eq + 1;
		}
		files[i] = xcalloc(len + 1, 1);
		memcpy(files[i], arg, len);
		if (results_load(&runs[i], files[i], errbuf,
		    sizeof(errbuf)) == -1) {
			fprintf(stderr, "%s: %s\n", prog, errbuf);
			rc = 2;
		} else
			loaded++;
	}
	if (rc == 0) {
		memset(out, 0, sizeof(out));
		matrix_write(out, runs, (const char *const *)files, labels, n,
		    counts);
		if (report_mkdir(dir) == -1) {
			fprintf(stderr, "%s: cannot make %s: %s\n", prog, dir,
			    strerror(errno));
			rc = 2;
		}
		for (i = 0; i < 3 && rc == 0; i++)
			if (write_file(dir, names[i], &out[i]) == -1) {
				fprintf(stderr, "%s: cannot write %s/%s: %s\n",
				    prog, dir, names[i], strerror(errno));
				rc = 2;
			}
		for (i = 0; i < 3; i++)
			buf_free(&out[i]);
		if (rc == 0)
			printf("%s: %zu platform%s, %zu cases, %zu differ in "
			    "behaviour, %zu in coverage only: %s/matrix.html, "
			    "matrix.md, matrix.json\n", prog, n, n == 1 ? "" :
			    "s", counts[0], counts[1], counts[2], dir);
	}
	for (i = 0; i < loaded; i++)
		results_free(&runs[i]);
	for (i = 0; i < n; i++)
		free(files[i]);
	free(runs);
	free(files);
	free(labels);
	return rc;
}
