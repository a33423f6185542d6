/* Shared helpers of the fuzz targets (fuzz_common.h). */
#include "fuzz_common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rasgw/alloc.h"
#include "rasgw/snapshot.h"

void fz_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "\n%s:%d: FUZZ PROPERTY BROKEN: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	const rasgw_error *e = rasgw_error_last();
	fprintf(stderr, "\n  last error: %d %s\n", e->code, e->message);
	abort();
}

void fz_check_error(const char *call, int rc)
{
	FZ_CHECK(rc <= RASGW_EINVAL && rc >= RASGW_EUSER, "%s returned %d, not a RASGW_E* code",
		 call, rc);
	const rasgw_error *e = rasgw_error_last();
	FZ_CHECK(e->code == rc, "%s returned %d (%s) but recorded %d as last error", call, rc,
		 rasgw_strerror(rc), e->code);
	FZ_CHECK(e->message && e->message[0], "%s returned %d with no message", call, rc);
}

void fz_check_model(const char *when, const rasgw_model *m)
{
	int rc = rasgw__model_check_invariants(m);
	FZ_CHECK(rc == 0, "%s: model invariant broken: %s", when, rasgw_error_last()->message);
}

rasgw_model *fz_load_example(const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/topologies/%s", RASGW_EXAMPLES_DIR, name);
	rasgw_model *m = NULL;
	int rc = rasgw_model_load_file(&m, path, NULL);
	FZ_CHECK(rc == 0, "cannot load the fixed model %s", path);
	return m;
}

char *fz_snapshot(const rasgw_model *m)
{
	char *text = NULL;
	int rc = rasgw_model_snapshot_json(m, &text);
	FZ_CHECK(rc == 0, "snapshot of a valid model failed: %d", rc);
	return text;
}

rasgw_model *fz_from_snapshot(const char *json)
{
	rasgw_model *m = NULL;
	int rc = rasgw_model_from_json(&m, json, strlen(json), NULL);
	FZ_CHECK(rc == 0, "reading back a snapshot the library wrote failed: %d", rc);
	return m;
}
