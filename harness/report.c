/*
 * report.c: the reports of a run, written from the same results as the
 * TAP: junit.xml for CI systems, results.json for machines (the schema is
 * in reports/README.md), index.html for people, summary.md for a CI job
 * summary or a pull-request comment.  results.tap is the TAP stream
 * itself, copied as it is printed (sched.c).
 */

#include "config.h"

#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

static const char *const tier_names[] = {
	[FC_CORE] = "core", [FC_OPT] = "opt", [FC_XSI] = "xsi",
	[FC_LINUX] = "linux", [FC_BSD] = "bsd", [FC_MACOS] = "macos",
	[FC_QOI] = "qoi", [FC_PROBE] = "probe"
};

const char *
tier_name(enum fc_tier t)
{
	return name_of(tier_names, sizeof(tier_names) / sizeof(tier_names[0]),
	    (size_t)t, "unknown");
}

/* What a result amounts to, expectations included. */
enum outcome { O_PASS, O_FAIL, O_SKIP, O_BROKEN, O_XFAIL, O_XPASS };
static const char *const outcome_names[] = {
	"pass", "fail", "skip", "broken", "expected failure", "unexpected pass"
};

/* The outcome is the tally tap_count() would add the result to. */
static enum outcome
outcome(const struct result *r)
{
	struct tap_counts	t;

	memset(&t, 0, sizeof(t));
	tap_count(&t, r);
	if (t.xfail)
		return O_XFAIL;
	if (t.xpass)
		return O_XPASS;
	if (t.pass)
		return O_PASS;
	if (t.fail)
		return O_FAIL;
	return t.skip ? O_SKIP : O_BROKEN;
}

/* The area of a case: its id up to the first dot. */
static size_t
area_len(const char *id)
{
	const char	*dot = strchr(id, '.');

	return dot != NULL ? (size_t)(dot - id) : strlen(id);
}

static const char *
str(const char *s)
{
	return s != NULL ? s : "";
}

/* A JSON string; bytes that are not UTF-8 become U+00XX escapes. */
void
json_str(struct buf *b, const char *s, size_t len)
{
	quote_str(b, s, len, 1);
}

/* A JSON string, or null for NULL. */
void
json_strz(struct buf *b, const char *s)
{
	if (s == NULL)
		buf_adds(b, "null");
	else
		json_str(b, s, strlen(s));
}

/* A member of a JSON object, after before: "key": s (json_strz()). */
void
json_member(struct buf *b, const char *before, const char *key,
    const char *s)
{
	buf_printf(b, "%s\"%s\": ", before, key);
	json_strz(b, s);
}

/*
 * Text for XML and HTML: markup characters as entities; control
 * characters (not allowed in XML 1.0) and bytes that are not UTF-8 as
 * U+FFFD.
 */
void
xml_text(struct buf *b, const char *s, size_t len)
{
	static const char *const	map[128] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;",
		['"'] = "&quot;", ['\''] = "&#39;", ['\n'] = "\n", ['\t'] = "\t"
	};

	text_escape(b, s, len, map, "\xef\xbf\xbd");
}

static void
xml_textz(struct buf *b, const char *s)
{
	xml_text(b, str(s), strlen(str(s)));
}

/* Markup before, the len bytes at s as text, markup after. */
void
xml_wrap(struct buf *b, const char *before, const char *s, size_t len,
    const char *after)
{
	buf_adds(b, before);
	xml_text(b, s, len);
	buf_adds(b, after);
}

/* The same for a NUL-terminated s (NULL: none). */
void
xml_wrapz(struct buf *b, const char *before, const char *s,
    const char *after)
{
	xml_wrap(b, before, str(s), strlen(str(s)), after);
}

/*
 * Reports are written to a temporary file in their directory (created
 * with O_EXCL and O_NOFOLLOW, so no link is followed), flushed to disk,
 * then renamed over the final name: a report is complete or absent,
 * never half-written, and a link planted at its name is replaced, not
 * written through.
 */
int
report_open_tmp(struct rfile *rf, const char *dir, const char *name)
{
	static unsigned int	seq;
	unsigned int		tries;
	int			fd = -1;

	memset(rf, 0, sizeof(*rf));
	if ((size_t)snprintf(rf->path, sizeof(rf->path), "%s/%s", dir,
	    name) >= sizeof(rf->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (tries = 0; fd == -1 && tries < 100; tries++) {
		if ((size_t)snprintf(rf->tmp, sizeof(rf->tmp), "%s/.%s.%ld.%x",
		    dir, name, (long)getpid(), (unsigned int)(clock_ns() ^
		    ++seq * 2654435761u)) >= sizeof(rf->tmp)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		fd = open(rf->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		    O_CLOEXEC, 0644);
		if (fd == -1 && errno != EEXIST)
			return -1;
	}
	if (fd == -1)
		return -1;
	if ((rf->f = fdopen(fd, "w")) == NULL) {
		close(fd);
		report_abort(rf);
		return -1;
	}
	return 0;
}

/*
 * Flushes, syncs and renames the file into place; -1 with errno if not,
 * and then the report is absent (report_abort()).
 */
int
report_commit(struct rfile *rf)
{
	int	e = 0, fd;

	if (fflush(rf->f) != 0 || ferror(rf->f))
		e = errno != 0 ? errno : EIO;
	else if (fsync(fileno(rf->f)) == -1 && errno != EINVAL)
		e = errno;
	if (fclose(rf->f) != 0 && e == 0)
		e = errno;
	rf->f = NULL;
	if (e == 0 && rename(rf->tmp, rf->path) == -1)
		e = errno;
	if (e != 0) {
		report_abort(rf);
		errno = e;
		return -1;
	}
	*strrchr(rf->tmp, '/') = '\0';
	if ((fd = open(rf->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		fsync(fd);	/* the rename itself; best effort */
		close(fd);
	}
	return 0;
}

/*
 * Gives the report up: the temporary goes, and so does a report of that
 * name from an earlier run, which would pass for this one's.
 */
void
report_abort(struct rfile *rf)
{
	int	e = errno;

	if (rf->f != NULL)
		fclose(rf->f);
	rf->f = NULL;
	if (rf->tmp[0] != '\0')
		unlink(rf->tmp);
	if (rf->path[0] != '\0')
		unlink(rf->path);
	errno = e;
}

/* Writes b into dir/name that way; -1 with errno if that failed. */
int
write_file(const char *dir, const char *name, const struct buf *b)
{
	struct rfile	rf;

	if (report_open_tmp(&rf, dir, name) == -1)
		return -1;
	errno = 0;
	if (b->len > 0 && fwrite(b->data, 1, b->len, rf.f) != b->len) {
		report_abort(&rf);
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return report_commit(&rf);
}

/* The name of a result in reports: its id, with the run for --repeat. */
static void
result_name(struct buf *b, const struct report *rp, size_t i)
{
	if (rp->repeat > 1)
		buf_printf(b, "%s [run %zu]", rp->res[i]->c->id,
		    i % rp->repeat + 1);
	else
		buf_adds(b, rp->res[i]->c->id);
}

/* --- JUnit ------------------------------------------------------------ */

static void
junit_case(struct buf *b, const struct report *rp, size_t i)
{
	const struct result	*r = rp->res[i];
	struct buf		 name = { NULL, 0, 0 }, why = { NULL, 0, 0 };
	enum outcome		 o = outcome(r);
	const char		*elem;

	result_name(&name, rp, i);
	buf_adds(b, "    <testcase classname=\"");
	xml_text(b, r->c->id, area_len(r->c->id));
	buf_adds(b, "\" name=\"");
	xml_text(b, name.data, name.len);
	buf_printf(b, "\" file=\"cases/%.*s.c\" time=\"%.6f\">\n",
	    (int)area_len(r->c->id), r->c->id, (double)r->duration_ns / 1e9);
	if (r->at != NULL && r->at[0] != '\0')
		buf_printf(&why, "%s: ", r->at);
	buf_adds(&why, str(r->msg));
	switch (o) {
	case O_FAIL:
	case O_BROKEN:
		/* A failure of the platform, or an error of the run. */
		elem = o == O_FAIL ? "failure" : "error";
		buf_printf(b, "      <%s type=\"%s\" message=\"", elem,
		    o == O_FAIL ? "fail" : "broken");
		xml_textz(b, r->msg);
		buf_adds(b, "\">");
		xml_text(b, why.data, why.len);
		buf_printf(b, "</%s>\n", elem);
		break;
	case O_XPASS:
		xml_wrapz(b, "      <failure type=\"unexpected-pass\" "
		    "message=\"expected to fail, but passed: ", r->expected,
		    "\"/>\n");
		break;
	case O_XFAIL:
		xml_wrapz(b, "      <skipped type=\"expected-failure\" "
		    "message=\"known deviation: ", r->expected, "; ");
		xml_wrapz(b, "", r->msg, "\"/>\n");
		break;
	case O_SKIP:
		xml_wrapz(b, "      <skipped message=\"", r->msg, "\"/>\n");
		break;
	case O_PASS:
		break;
	}
	if (r->outlen > 0 || (r->notes != NULL && r->notes[0] != '\0')) {
		buf_adds(b, "      <system-out>");
		xml_textz(b, r->notes);
		xml_text(b, r->out, r->outlen);
		buf_adds(b, "</system-out>\n");
	}
	if (r->errlen > 0)
		xml_wrap(b, "      <system-err>", r->err, r->errlen,
		    "</system-err>\n");
	buf_adds(b, "    </testcase>\n");
	buf_free(&name);
	buf_free(&why);
}

static void
junit(struct buf *b, const struct report *rp)
{
	char		host[256];
	size_t		i, j, len;
	unsigned int	fails, errors, skips;
	double		t;

	/* The host's name, as JUnit means it; the system's if it has none. */
	if (gethostname(host, sizeof(host)) == -1 || host[0] == '\0')
		snprintf(host, sizeof(host), "%s", str(rp->plat->system));
	host[sizeof(host) - 1] = '\0';
	buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_printf(b, "<testsuites name=\"forkcheck\" tests=\"%zu\" "
	    "failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n",
	    rp->n, rp->counts.fail + rp->counts.xpass, rp->counts.broken,
	    rp->counts.skip + rp->counts.xfail, (double)rp->wall_ns / 1e9);
	for (i = 0; i < rp->n; i = j) {
		len = area_len(rp->res[i]->c->id);
		fails = errors = skips = 0;
		t = 0;
		for (j = i; j < rp->n && area_len(rp->res[j]->c->id) == len &&
		    strncmp(rp->res[j]->c->id, rp->res[i]->c->id, len) == 0;
		    j++) {
			switch (outcome(rp->res[j])) {
			case O_FAIL:
			case O_XPASS:
				fails++;
				break;
			case O_BROKEN:
				errors++;
				break;
			case O_SKIP:
			case O_XFAIL:
				skips++;
				break;
			case O_PASS:
				break;
			}
			t += (double)rp->res[j]->duration_ns / 1e9;
		}
		buf_adds(b, "  <testsuite name=\"");
		xml_text(b, rp->res[i]->c->id, len);
		buf_printf(b, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" "
		    "skipped=\"%u\" time=\"%.6f\" timestamp=\"%s\" "
		    "hostname=\"", j - i, fails, errors, skips, t,
		    rp->plat->started);
		xml_textz(b, host);
		buf_adds(b, "\">\n    <properties>\n"
		    "      <property name=\"platform\" value=\"");
		xml_text(b, rp->platform.data, rp->platform.len);
		buf_adds(b, "\"/>\n    </properties>\n");
		for (; i < j; i++)
			junit_case(b, rp, i);
		buf_adds(b, "  </testsuite>\n");
	}
	buf_adds(b, "</testsuites>\n");
}

/* --- JSON ------------------------------------------------------------- */

/* One case of results.json, between its braces. */
static void
json_case(struct buf *b, const struct report *rp, size_t i)
{
	const struct result	*r = rp->res[i];
	char			 st[64];

	buf_adds(b, " \"id\": ");
	json_strz(b, r->c->id);
	buf_adds(b, ", \"area\": ");
	json_str(b, r->c->id, area_len(r->c->id));
	if (rp->repeat > 1)
		buf_printf(b, ", \"run\": %zu", i % rp->repeat + 1);
	buf_adds(b, ",\n      \"spec\": ");
	json_strz(b, r->c->spec);
	buf_adds(b, ", \"tier\": ");
	json_strz(b, tier_name(r->c->tier));
	buf_adds(b, ",\n      \"verdict\": ");
	json_strz(b, verdict_name(r->verdict));
	buf_adds(b, ", \"expected_failure\": ");
	json_strz(b, r->expected);
	buf_adds(b, ",\n      \"message\": ");
	json_strz(b, str(r->msg));
	buf_adds(b, ", \"at\": ");
	json_strz(b, r->at != NULL && r->at[0] ? r->at : NULL);
	buf_printf(b, ",\n      \"duration_ms\": %.3f, \"status\": ",
	    (double)r->duration_ns / 1e6);
	if (r->status != -1)
		json_strz(b, fc_status(r->status, st, sizeof(st)));
	else
		buf_adds(b, "null");
	buf_printf(b, ", \"timeout\": %s,\n      \"notes\": ",
	    r->flags & RES_TIMEOUT ? "true" : "false");
	json_strz(b, str(r->notes));
	buf_adds(b, ",\n      \"stdout\": ");
	json_str(b, str(r->out), r->outlen);
	buf_adds(b, ", \"stderr\": ");
	json_str(b, str(r->err), r->errlen);
	buf_adds(b, " }");
}

static void
json(struct buf *b, const struct report *rp)
{
	const struct platform	*p = rp->plat;
	size_t			 i;

	buf_adds(b, "{\n  \"schema\": \"forkcheck-results/1\",\n");
	json_member(b, "  ", "forkcheck", PACKAGE_VERSION);
	json_member(b, ",\n  \"platform\": {\n    ", "label", p->label);
	json_member(b, ",\n    ", "system", p->system);
	json_member(b, ", ", "release", p->release);
	json_member(b, ", ", "machine", p->machine);
	json_member(b, ",\n    ", "libc", p->libc);
	json_member(b, ", ", "libc_version", p->libc_version);
	json_member(b, ",\n    ", "compiler", p->compiler);
	json_member(b, ", ", "configure", p->configure);
	buf_printf(b, ",\n    \"uid\": %ld, \"euid\": %ld", p->uid, p->euid);
	json_member(b, ", ", "containment", p->containment);
	json_member(b, ", ", "emulator", p->emulator);
	buf_printf(b, ",\n    \"timeout_multiplier\": %g, \"jobs\": %u, "
	    "\"repeat\": %zu\n  },\n", rp->multiplier, rp->jobs, rp->repeat);
	json_member(b, "  ", "started", p->started);
	buf_printf(b, ",\n  \"duration_ms\": %.3f,\n  \"interrupted\": %s,\n",
	    (double)rp->wall_ns / 1e6, rp->interrupted ? "true" : "false");
	buf_printf(b, "  \"counts\": { \"pass\": %u, \"fail\": %u, "
	    "\"skip\": %u, \"broken\": %u, \"expected_failure\": %u, "
	    "\"unexpected_pass\": %u },\n  \"cases\": [", rp->counts.pass,
	    rp->counts.fail, rp->counts.skip, rp->counts.broken,
	    rp->counts.xfail, rp->counts.xpass);
	for (i = 0; i < rp->n; i++) {
		buf_adds(b, i ? ",\n    {" : "\n    {");
		json_case(b, rp, i);
	}
	buf_adds(b, "\n  ]\n}\n");
}

/* --- Markdown ------------------------------------------------------------ */

static void
md_text(struct buf *b, const char *s)
{
	for (s = str(s); *s != '\0'; s++) {
		if (*s == '|' || *s == '`' || *s == '*' || *s == '_' ||
		    *s == '<' || *s == '[')
			buf_add(b, "\\", 1);
		buf_add(b, *s == '\n' || *s == '\r' ? " " : s, 1);
	}
}

/* Counts per area, for both the Markdown and the HTML tables. */
struct area_row {
	const char	*id;		/* first case of the area */
	size_t		 len;
	unsigned int	 n[6];		/* by enum outcome */
};

static size_t
area_rows(const struct report *rp, struct area_row *rows, size_t max)
{
	size_t	i, k, n = 0, len;

	for (i = 0; i < rp->n; i++) {
		len = area_len(rp->res[i]->c->id);
		for (k = 0; k < n; k++)
			if (rows[k].len == len && strncmp(rows[k].id,
			    rp->res[i]->c->id, len) == 0)
				break;
		if (k == n) {
			if (n == max)
				continue;
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].id = rp->res[i]->c->id;
			rows[n].len = len;
			n++;
		}
		rows[k].n[outcome(rp->res[i])]++;
	}
	return n;
}

static void
summary_md(struct buf *b, const struct report *rp)
{
	struct area_row	 rows[64];
	size_t		 i, k, nrows;
	enum outcome	 o;
	int		 any;

	buf_printf(b, "## forkcheck %s: %u passed, %u failed, %u skipped, "
	    "%u broken", PACKAGE_VERSION, rp->counts.pass, rp->counts.fail,
	    rp->counts.skip, rp->counts.broken);
	if (rp->counts.xfail || rp->counts.xpass)
		buf_printf(b, ", %u expected failures, %u unexpected passes",
		    rp->counts.xfail, rp->counts.xpass);
	buf_adds(b, rp->interrupted ? " (interrupted)\n\n" : "\n\n");
	buf_adds(b, "Platform: ");
	md_text(b, rp->platform.data);
	buf_printf(b, "; %s; uid %ld; containment: ", rp->plat->compiler,
	    rp->plat->uid);
	md_text(b, rp->plat->containment);
	buf_printf(b, "; timeout multiplier %g; %.2f s.\n\n", rp->multiplier,
	    (double)rp->wall_ns / 1e9);
	buf_adds(b, "| area | pass | fail | skip | broken | expected failure "
	    "| unexpected pass |\n|---|---:|---:|---:|---:|---:|---:|\n");
	nrows = area_rows(rp, rows, sizeof(rows) / sizeof(rows[0]));
	for (k = 0; k < nrows; k++)
		buf_printf(b, "| %.*s | %u | %u | %u | %u | %u | %u |\n",
		    (int)rows[k].len, rows[k].id, rows[k].n[O_PASS],
		    rows[k].n[O_FAIL], rows[k].n[O_SKIP], rows[k].n[O_BROKEN],
		    rows[k].n[O_XFAIL], rows[k].n[O_XPASS]);
	any = 0;
	for (i = 0; i < rp->n; i++) {
		o = outcome(rp->res[i]);
		if (o == O_PASS || o == O_SKIP)
			continue;
		if (!any++)
			buf_adds(b, "\n### Failures and deviations\n\n");
		buf_adds(b, "- **");
		md_text(b, rp->res[i]->c->id);
		buf_printf(b, "** (%s): ", outcome_names[o]);
		md_text(b, rp->res[i]->msg);
		if (rp->res[i]->expected != NULL) {
			buf_adds(b, " (known deviation: ");
			md_text(b, rp->res[i]->expected);
			buf_adds(b, ")");
		}
		if (rp->res[i]->at != NULL && rp->res[i]->at[0] != '\0')
			buf_printf(b, " at `%s`", rp->res[i]->at);
		buf_adds(b, "\n");
	}
	any = 0;
	for (i = 0; i < rp->n; i++) {
		if (outcome(rp->res[i]) != O_SKIP)
			continue;
		if (!any++)
			buf_adds(b, "\n<details><summary>Skipped</summary>\n\n");
		buf_adds(b, "- ");
		md_text(b, rp->res[i]->c->id);
		buf_adds(b, ": ");
		md_text(b, rp->res[i]->msg);
		buf_adds(b, "\n");
	}
	if (any)
		buf_adds(b, "\n</details>\n");
}

/* --- HTML ------------------------------------------------------------ */

/*
 * The style of both HTML pages, index.html and matrix.html: layout,
 * tables that scroll inside their wrapper, the verdict colours (by the
 * keys of results.json) and the filters.
 */
const char html_style[] =
"body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;"
"padding:0 1em;color:#222}\n"
"h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.25em;margin-top:1.8em;"
"border-bottom:1px solid #ddd}\n"
"table{border-collapse:collapse;margin:.5em 0}\n"
"th,td{border:1px solid #ddd;padding:.25em .45em;text-align:left;"
"vertical-align:top}\n"
"th{background:#f4f4f4;font-weight:600}\n"
"code{font:13px/1.35 ui-monospace,monospace}\n"
".scroll{overflow-x:auto;max-width:100%}\n"
".n{text-align:right;white-space:nowrap}\n"
".small,.spec,.rest{font-size:12px;color:#555;font-weight:normal}\n"
".pass{background:#dff3df}.fail,.unexpected_pass{background:#f8d6d6}\n"
".skip{background:#eee}.broken{background:#fbe3c2}"
".expected_failure{background:#f3ecc4}\n"
"#filters{margin:1em 0;display:flex;flex-wrap:wrap;gap:.5em 1.2em}\n"
"#filters[hidden]{display:none}\n"
"nav a{margin-right:.7em}\n";

/*
 * The filters of both pages: a form hidden without scripts (everything
 * is shown then); with them, a row (tr[data-area]) shows when its area,
 * its tier and one of its verdicts (data-o, space-separated) match, and
 * a group (tbody.grp) when one of its rows shows.  ?area=&tier=&verdict=
 * in the address preset them.
 */
const char html_filter_script[] =
"<script>//<![CDATA[\n"
"(function () {\n"
"\tvar f = document.getElementById('filters');\n"
"\tfunction apply() {\n"
"\t\tvar a = f.elements.area.value, t = f.elements.tier.value,\n"
"\t\t    v = f.elements.verdict.value;\n"
"\t\tvar rows = document.querySelectorAll('tr[data-area]');\n"
"\t\tvar i, r, groups = document.querySelectorAll('tbody.grp');\n"
"\t\tfor (i = 0; i !== rows.length; i++) {\n"
"\t\t\tr = rows[i];\n"
"\t\t\tr.hidden = !((a === '' || r.getAttribute('data-area') === a) &&\n"
"\t\t\t    (t === '' || r.getAttribute('data-tier') === t) &&\n"
"\t\t\t    (v === '' ||\n"
"\t\t\t    r.getAttribute('data-o').indexOf(' ' + v + ' ') !== -1));\n"
"\t\t}\n"
"\t\tfor (i = 0; i !== groups.length; i++)\n"
"\t\t\tgroups[i].hidden = groups[i].querySelector(\n"
"\t\t\t    'tr[data-area]:not([hidden])') === null;\n"
"\t}\n"
"\tvar q = location.search.replace(/^[?]/, '').split('&'), i, kv;\n"
"\tfor (i = 0; i !== q.length; i++) {\n"
"\t\tkv = q[i].split('=');\n"
"\t\tif (['area', 'tier', 'verdict'].indexOf(kv[0]) !== -1)\n"
"\t\t\ttry {\n"
"\t\t\t\tf.elements[kv[0]].value =\n"
"\t\t\t\t    decodeURIComponent(kv[1] || '');\n"
"\t\t\t} catch (e) {\n"
"\t\t\t\tcontinue;\t/* a malformed escape: ignored */\n"
"\t\t\t}\n"
"\t}\n"
"\tf.hidden = false;\n"
"\tf.addEventListener('change', apply);\n"
"\tf.addEventListener('reset', function () { setTimeout(apply, 0); });\n"
"\tapply();\n"
"})();\n"
"//]]></script>\n";

/*
 * The filters of index.html and matrix.html, which html_filter_script
 * shows: html_form_start, then for each filter html_select(), its
 * options html_option() and html_select_end, and html_form_end.
 */
const char html_form_start[] =
    "<form id=\"filters\" hidden=\"hidden\" action=\"#\">\n";
const char html_select_end[] = "</select></label>\n";
const char html_form_end[] =
    "<button type=\"reset\">show all</button>\n</form>\n";

/* A filter named name whose first option, all, lets everything show. */
void
html_select(struct buf *b, const char *name, const char *all)
{
	buf_printf(b, "<label>%s <select name=\"%s\"><option value=\"\">%s"
	    "</option>", name, name, all);
}

/* An option of a filter: value, and the text shown (NULL: the value). */
void
html_option(struct buf *b, const char *value, size_t len, const char *text)
{
	buf_adds(b, "<option value=\"");
	xml_text(b, value, len);
	buf_adds(b, "\">");
	if (text != NULL)
		xml_text(b, text, strlen(text));
	else
		xml_text(b, value, len);
	buf_adds(b, "</option>");
}

static const char html_head[] =
"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
"<link rel=\"icon\" href=\"data:,\"/>\n"
"<title>forkcheck report</title>\n<style>\n";

/* What index.html adds to the shared style. */
static const char html_style_report[] =
"body{max-width:76em}\n"
".banner{margin:1em 0;padding:.7em 1em;border:1px solid;border-radius:6px;"
"font-size:1.05em}\n"
".banner.ok{background:#dff3df;border-color:#7b7;color:#123a12}\n"
".banner.bad{background:#f8d6d6;border-color:#d77;color:#5a1010}\n"
".banner b{font-size:1.15em;margin-right:.4em}\n"
".chips{display:flex;flex-wrap:wrap;gap:.4em;margin:.5em 0}\n"
".v{font-weight:600;padding:0 .4em;border-radius:3px;white-space:nowrap}\n"
".v.zero{background:#fff;color:#888;font-weight:normal;"
"border:1px solid #ddd}\n"
"td.zero{color:#aaa}\n"
"table.cases{width:100%}\n"
"th.case{font-weight:normal;background:none}\n"
"th.case code,td.id{white-space:nowrap}\n"
"td.msg{min-width:16em;overflow-wrap:anywhere}\n"
"pre{font:12px/1.35 ui-monospace,monospace;background:#f7f7f7;"
"padding:.4em;margin:.3em 0;overflow-x:auto;max-height:24em;"
"white-space:pre-wrap;overflow-wrap:anywhere}\n"
"tr.area th{background:#e9eef5}\n"
"tr.bad>*{background:#fdf0f0}\n"
"tr.bad>th.case{box-shadow:inset 4px 0 #c33}\n"
"table.info th{width:8em}\n"
"@media (max-width:600px){body{font-size:14px;padding:0 .4em;margin:.5em 0}"
".spec,.tier,.ms{display:none}table.areas th{white-space:normal}"
"table.areas th,table.areas td{padding:.25em .3em}"
"table.info th{width:auto}\n"
/* Narrow: a case is a card, its id and verdict above its message. */
"table.cases,table.cases tbody{display:block}table.cases thead{display:none}"
"table.cases{border-top:1px solid #ddd}"
"table.cases tr{display:grid;grid-template-columns:1fr auto;"
"border:1px solid #ddd;border-top:none}\n"
"table.cases tr>*{border:none}table.cases tr.area{border-top:1px solid #ddd}"
"table.cases tr.area th{grid-column:1/-1}\n"
"table.cases td.msg{grid-column:1/-1;min-width:0;padding-top:0}"
"table.cases td.msg:empty{display:none}\n"
"table.cases [hidden],table.cases tbody[hidden]{display:none}"
"tr.bad{box-shadow:inset 4px 0 #c33}}\n"
"</style>\n</head>\n<body>\n";

/* CSS classes and filter keys: the verdict keys of results.json. */
static const char *const outcome_class[] = {
	"pass", "fail", "skip", "broken", "expected_failure", "unexpected_pass"
};

/* Whether an outcome makes the run fail. */
static int
outcome_bad(enum outcome o)
{
	return o == O_FAIL || o == O_BROKEN || o == O_XPASS;
}

static void
html_result(struct buf *b, const struct report *rp, size_t i, int full)
{
	const struct result	*r = rp->res[i];
	struct buf		 name = { NULL, 0, 0 };
	enum outcome		 o = outcome(r);
	char			 st[64];

	result_name(&name, rp, i);
	buf_printf(b, "<tr%s data-area=\"", outcome_bad(o) ?
	    " class=\"bad\"" : "");
	xml_text(b, r->c->id, area_len(r->c->id));
	buf_printf(b, "\" data-tier=\"%s\" data-o=\" %s \"><th class=\"case\">"
	    "<code>", tier_name(r->c->tier), outcome_class[o]);
	xml_text(b, name.data, name.len);
	buf_adds(b, "</code>");
	if (str(r->c->spec)[0] != '\0')
		xml_wrapz(b, "<div class=\"spec\">", r->c->spec, "</div>");
	buf_printf(b, "</th><td class=\"small tier\">%s</td><td><span "
	    "class=\"v %s\">%s</span></td><td class=\"n ms\">%.1f</td>"
	    "<td class=\"msg\">", tier_name(r->c->tier), outcome_class[o],
	    outcome_names[o], (double)r->duration_ns / 1e6);
	xml_textz(b, r->msg);
	if (r->expected != NULL) {
		buf_adds(b, "<br/><em>known deviation:</em> ");
		xml_textz(b, r->expected);
	}
	/* In full: where, how the child ended, its output; notes always. */
	if (full && r->at != NULL && r->at[0] != '\0')
		xml_wrapz(b, "<br/>at <code>", r->at, "</code>");
	if (full && r->status != -1)
		buf_printf(b, "<br/>%s", fc_status(r->status, st, sizeof(st)));
	if (r->notes != NULL && r->notes[0] != '\0')
		xml_wrapz(b, "<pre>", r->notes, "</pre>");
	if (full && r->outlen > 0)
		xml_wrap(b, "<details><summary>stdout</summary><pre>", r->out,
		    r->outlen, "</pre></details>");
	if (full && r->errlen > 0)
		xml_wrap(b, "<details><summary>stderr</summary><pre>", r->err,
		    r->errlen, "</pre></details>");
	buf_adds(b, "</td></tr>\n");
	buf_free(&name);
}

static const char html_cols[] = "<div class=\"scroll\"><table class=\"cases\">"
    "<thead><tr><th>case</th><th class=\"tier\">tier</th><th>verdict</th>"
    "<th class=\"n ms\">ms</th><th>message</th></tr></thead>\n";

/* "N what" into b, after sep when something came before. */
static void
html_count(struct buf *b, int *any, unsigned int n, const char *one,
    const char *many)
{
	if (n == 0)
		return;
	buf_printf(b, "%s%u %s", *any ? ", " : "", n, n == 1 ? one : many);
	*any = 1;
}

/* The verdict: green when nothing failed or broke, red otherwise. */
static void
html_banner(struct buf *b, const struct report *rp)
{
	const struct tap_counts	*c = &rp->counts;
	int			 bad, any = 0;

	bad = c->fail + c->broken + c->xpass > 0 || rp->interrupted;
	buf_printf(b, "<p id=\"verdict\" class=\"banner %s\"><b>%s</b> ",
	    bad ? "bad" : "ok", c->fail + c->broken + c->xpass > 0 ?
	    "Failed." : rp->interrupted ? "Interrupted." : "Passed.");
	if (c->fail + c->broken + c->xpass > 0) {
		buf_printf(b, "Of %zu cases, ", rp->n);
		html_count(b, &any, c->fail, "failed (the platform broke the "
		    "rule it checks)", "failed (the platform broke the rules "
		    "they check)");
		html_count(b, &any, c->broken, "broke (the test itself could "
		    "not run: a setup error or a timeout)", "broke (the tests "
		    "themselves could not run: setup errors or timeouts)");
		html_count(b, &any, c->xpass, "passed although expected to "
		    "fail (a stale expectation)", "passed although expected to "
		    "fail (stale expectations)");
		buf_adds(b, "; ");
	} else
		buf_printf(b, "No case failed or broke%s: ", rp->interrupted ?
		    " before the run was interrupted" : ", so this platform "
		    "kept every fork() rule tested here");
	any = 0;
	html_count(b, &any, c->pass, "passed", "passed");
	html_count(b, &any, c->skip, "skipped (not applicable here)",
	    "skipped (not applicable here)");
	html_count(b, &any, c->xfail, "expected failure (a known deviation)",
	    "expected failures (known deviations)");
	if (!any)
		buf_adds(b, "nothing else ran");
	buf_adds(b, rp->interrupted && c->fail + c->broken + c->xpass > 0 ?
	    "; the run was interrupted.</p>\n" : ".</p>\n");
}

static void
html_chip(struct buf *b, enum outcome o, unsigned int n, const char *one,
    const char *many)
{
	buf_printf(b, "<span class=\"v %s\">%u %s</span>", n > 0 ?
	    outcome_class[o] : "zero", n, n == 1 ? one : many);
}

static void
html_platform(struct buf *b, const struct report *rp)
{
	const struct platform	*p = rp->plat;

	buf_adds(b, "<div class=\"scroll\"><table class=\"info\">\n"
	    "<tr><th>platform</th><td>");
	xml_text(b, rp->platform.data, rp->platform.len);
	buf_adds(b, "</td></tr>\n<tr><th>compiler</th><td>");
	xml_textz(b, p->compiler);
	buf_adds(b, "</td></tr>\n<tr><th>built with</th><td><code>"
	    "./configure");
	if (str(p->configure)[0] != '\0') {
		buf_adds(b, " ");
		xml_textz(b, p->configure);
	}
	buf_adds(b, "</code>");
#ifdef FC_CFLAGS
	if (FC_CFLAGS[0] != '\0') {
		buf_adds(b, ", CFLAGS <code>");
		xml_textz(b, FC_CFLAGS);
		buf_adds(b, "</code>");
	}
#endif
	buf_printf(b, "</td></tr>\n<tr><th>user</th><td>uid %ld, "
	    "euid %ld</td></tr>\n<tr><th>containment</th><td>", p->uid,
	    p->euid);
	xml_textz(b, p->containment);
	buf_printf(b, "</td></tr>\n<tr><th>run</th><td>");
	xml_textz(b, p->started);
	buf_printf(b, ", %.2f s, %u jobs, timeout multiplier %g</td></tr>\n"
	    "</table></div>\n", (double)rp->wall_ns / 1e9, rp->jobs,
	    rp->multiplier);
}

static void
html_areas(struct buf *b, const struct area_row *rows, size_t nrows)
{
	static const enum outcome	 cols[] = {
		O_PASS, O_FAIL, O_SKIP, O_BROKEN, O_XFAIL, O_XPASS
	};
	size_t				 k, c;
	unsigned int			 n;

	buf_adds(b, "<h2>By area</h2>\n<div class=\"scroll\">"
	    "<table class=\"areas\"><thead><tr><th>area</th>"
	    "<th class=\"n\">pass</th><th class=\"n\">fail</th>"
	    "<th class=\"n\">skip</th><th class=\"n\">broken</th>"
	    "<th class=\"n\">expected failure</th>"
	    "<th class=\"n\">unexpected pass</th></tr></thead>\n");
	for (k = 0; k < nrows; k++) {
		buf_printf(b, "<tr%s><td><a href=\"#area-%.*s\">%.*s</a></td>",
		    rows[k].n[O_FAIL] + rows[k].n[O_BROKEN] +
		    rows[k].n[O_XPASS] > 0 ? " class=\"bad\"" : "",
		    (int)rows[k].len, rows[k].id, (int)rows[k].len, rows[k].id);
		for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++) {
			n = rows[k].n[cols[c]];
			buf_printf(b, "<td class=\"n %s\">%u</td>", n == 0 ?
			    "zero" : cols[c] == O_PASS ? "" :
			    outcome_class[cols[c]], n);
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</table></div>\n");
}

static void
html_filters(struct buf *b, const struct report *rp,
    const struct area_row *rows, size_t nrows)
{
	int	tiers[sizeof(tier_names) / sizeof(tier_names[0])] = { 0 };
	size_t	i;

	for (i = 0; i < rp->n; i++)
		if ((size_t)rp->res[i]->c->tier < sizeof(tiers) /
		    sizeof(tiers[0]))
			tiers[rp->res[i]->c->tier] = 1;
	buf_adds(b, html_form_start);
	html_select(b, "verdict", "any");
	for (i = 0; i < sizeof(outcome_class) / sizeof(outcome_class[0]); i++)
		html_option(b, outcome_class[i], strlen(outcome_class[i]),
		    outcome_names[i]);
	buf_adds(b, html_select_end);
	html_select(b, "area", "all");
	for (i = 0; i < nrows; i++)
		html_option(b, rows[i].id, rows[i].len, NULL);
	buf_adds(b, html_select_end);
	html_select(b, "tier", "all");
	for (i = 0; i < sizeof(tiers) / sizeof(tiers[0]); i++)
		if (tiers[i])
			html_option(b, tier_names[i], strlen(tier_names[i]),
			    NULL);
	buf_adds(b, html_select_end);
	buf_adds(b, html_form_end);
}

static void
html(struct buf *b, const struct report *rp)
{
	struct area_row		 rows[64];
	size_t			 i, k, nrows;
	enum outcome		 o;
	int			 any;

	buf_adds(b, html_head);
	buf_adds(b, html_style);
	buf_adds(b, html_style_report);
	buf_printf(b, "<h1>forkcheck %s report</h1>\n", PACKAGE_VERSION);
	html_banner(b, rp);
	buf_adds(b, "<div class=\"chips\">");
	html_chip(b, O_PASS, rp->counts.pass, "passed", "passed");
	html_chip(b, O_FAIL, rp->counts.fail, "failed", "failed");
	html_chip(b, O_SKIP, rp->counts.skip, "skipped", "skipped");
	html_chip(b, O_BROKEN, rp->counts.broken, "broken", "broken");
	if (rp->counts.xfail || rp->counts.xpass) {
		html_chip(b, O_XFAIL, rp->counts.xfail, "expected failure",
		    "expected failures");
		html_chip(b, O_XPASS, rp->counts.xpass, "unexpected pass",
		    "unexpected passes");
	}
	buf_adds(b, "</div>\n");
	html_platform(b, rp);

	nrows = area_rows(rp, rows, sizeof(rows) / sizeof(rows[0]));
	html_areas(b, rows, nrows);
	html_filters(b, rp, rows, nrows);

	any = 0;
	for (i = 0; i < rp->n; i++) {
		o = outcome(rp->res[i]);
		if (o == O_PASS || o == O_SKIP)
			continue;
		if (!any++)
			buf_printf(b, "<h2 id=\"failures\">Failures and "
			    "deviations</h2>\n%s<tbody class=\"grp\">\n",
			    html_cols);
		html_result(b, rp, i, 1);
	}
	if (any)
		buf_adds(b, "</tbody></table></div>\n");

	buf_printf(b, "<h2 id=\"all\">All cases</h2>\n%s", html_cols);
	for (k = 0; k < nrows; k++) {
		buf_printf(b, "<tbody class=\"grp\" id=\"area-%.*s\">"
		    "<tr class=\"area\"><th colspan=\"5\">%.*s</th></tr>\n",
		    (int)rows[k].len, rows[k].id, (int)rows[k].len,
		    rows[k].id);
		for (i = 0; i < rp->n; i++)
			if (area_len(rp->res[i]->c->id) == rows[k].len &&
			    strncmp(rp->res[i]->c->id, rows[k].id,
			    rows[k].len) == 0)
				html_result(b, rp, i, 0);
		buf_adds(b, "</tbody>\n");
	}
	buf_printf(b, "</table></div>\n<p class=\"small\">Made by forkcheck "
	    "%s. Without JavaScript the filters are hidden and every row is "
	    "shown.</p>\n", PACKAGE_VERSION);
	buf_adds(b, html_filter_script);
	buf_adds(b, "</body>\n</html>\n");
}

/* Writes every report into dir (which exists); -1 if one failed (named). */
int
report_write(const char *dir, struct report *rp)
{
	static const struct {
		const char	*name;
		void		(*fn)(struct buf *, const struct report *);
	} kinds[] = {
		{ "junit.xml", junit },
		{ "results.json", json },
		{ "summary.md", summary_md },
		{ "index.html", html },
	};
	struct buf	b = { NULL, 0, 0 };
	size_t		i;
	int		rc = 0, e = 0;

	buf_reset(&rp->platform);
	platform_line(&rp->platform, rp->plat);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		buf_reset(&b);
		kinds[i].fn(&b, rp);
		if (write_file(dir, kinds[i].name, &b) == -1) {
			e = errno;
			warn("writing %s/%s", dir, kinds[i].name);
			rc = -1;
		}
	}
	buf_free(&b);
	buf_free(&rp->platform);
	errno = e;
	return rc;
}

/*
 * Makes the report directory, and its parents, like mkdir -p; -1 with
 * errno (ENOTDIR if the name is taken by something else).
 */
int
report_mkdir(const char *dir)
{
	struct stat	 st;
	char		 path[4096], *p;

	if ((size_t)snprintf(path, sizeof(path), "%s", dir) >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		return -1;
	if (stat(path, &st) == -1)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}
