/*
 * datadir.c: where the suite's data lives -- the expectations (expect/)
 * and the external cases (cases/external.list and its programs) -- and
 * the modules (shared objects) cases load.
 */

#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner.h"

static struct datadir	dd;
static int		dd_done;

/* Takes root if its cases/external.list is readable; returns 1 then. */
static int
try_root(const char *expect, const char *cases, const char *how)
{
	char	path[PATH_MAX + 32];
	size_t	used = strlen(dd.tried);

	if (snprintf(path, sizeof(path), "%s/external.list", cases) <
	    (int)sizeof(path) && access(path, R_OK) == 0) {
		snprintf(dd.expect, sizeof(dd.expect), "%s", expect);
		snprintf(dd.cases, sizeof(dd.cases), "%s", cases);
		dd.how = how;
		return 1;
	}
	snprintf(dd.tried + used, sizeof(dd.tried) - used, "%s%s",
	    used ? ", " : "", cases);
	return 0;
}

/* Tries ROOT/expect and ROOT/cases, laid out as installed. */
static int
try_installed(const char *root, const char *how)
{
	char	expect[PATH_MAX], cases[PATH_MAX];

	if (snprintf(expect, sizeof(expect), "%s/expect", root) >=
	    (int)sizeof(expect) ||
	    snprintf(cases, sizeof(cases), "%s/cases", root) >=
	    (int)sizeof(cases))
		return 0;
	return try_root(expect, cases, how);
}

/*
 * In this order: $FORKCHECK_DATADIR (laid out as installed); beside the
 * executable, as installed (BINDIR/../share/forkcheck, so that a tree
 * installed with prefix= or DESTDIR, or moved, finds its own data); the
 * source tree forkcheck was built in; the compiled-in installation
 * directories.  The first whose cases/external.list is readable wins;
 * none, and found is 0 with what was tried.
 */
const struct datadir *
datadir(void)
{
	const char	*env = getenv("FORKCHECK_DATADIR");
	char		 root[PATH_MAX], real[PATH_MAX], *slash;

	if (dd_done)
		return &dd;
	dd_done = 1;
	if (env != NULL && env[0] != '\0') {
		dd.found = try_installed(env, "$FORKCHECK_DATADIR");
		return &dd;
	}
	if (fc_self[0] != '\0' &&
	    snprintf(root, sizeof(root), "%s", fc_self) < (int)sizeof(root) &&
	    (slash = strrchr(root, '/')) != NULL) {
		*slash = '\0';
		if (strlen(root) + sizeof("/../share/" PACKAGE) < sizeof(root)) {
			strcat(root, "/../share/" PACKAGE);
			if (realpath(root, real) != NULL &&
			    (dd.found = try_installed(real, "beside the "
			    "executable")) == 1)
				return &dd;
		}
	}
	if ((dd.found = try_root(FC_SRC_EXPECTDIR, FC_SRC_CASEDIR,
	    "the source tree")) == 1)
		return &dd;
	dd.found = try_root(FC_EXPECTDIR, FC_CASEDIR, "the installation");
	return &dd;
}

/*
 * A module, NAME, beside the executable: as installed
 * (BINDIR/../libexec/forkcheck/NAME) or as built (DIR/cases/NAME, the
 * build tree or a copy laid out like it); else in the compiled-in
 * installation directory.
 */
int
fc_module_path(const char *name, char *path, size_t len)
{
	static const char	*const beside[] = {
		"../libexec/" PACKAGE, "cases"
	};
	char			 dir[PATH_MAX], *slash;
	size_t			 i;

	if (fc_self[0] != '\0' &&
	    snprintf(dir, sizeof(dir), "%s", fc_self) < (int)sizeof(dir) &&
	    (slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		for (i = 0; i < sizeof(beside) / sizeof(beside[0]); i++)
			if (snprintf(path, len, "%s/%s/%s", dir, beside[i],
			    name) < (int)len && access(path, R_OK) == 0)
				return 0;
	}
	if (snprintf(path, len, "%s/%s", FC_MODULEDIR, name) < (int)len &&
	    access(path, R_OK) == 0)
		return 0;
	return -1;
}
