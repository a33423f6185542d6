/*
 * Fuzz target: the YAML topology loader (rasgw_model_load_buffer).
 *
 * Properties: no crash, leak or sanitizer report on any input; a refusal
 * returns a documented code, records it with a message and leaves the output
 * untouched; an accepted topology satisfies the model's invariants and
 * survives a snapshot round trip (write, read, same fingerprint, same bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "rasgw/alloc.h"
#include "rasgw/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	rasgw_model *sentinel = (rasgw_model *)(uintptr_t)0x5a5a;
	rasgw_model *m = sentinel;
	rasgw_error_clear();
	int rc = rasgw_model_load_buffer(&m, (const char *)data, size, "fuzz.yaml", NULL);
	if (rc != 0) {
		fz_check_error("rasgw_model_load_buffer", rc);
		FZ_CHECK(m == sentinel, "failed load wrote its output");
		return 0;
	}
	FZ_CHECK(m != NULL && m != sentinel, "successful load gave no model");
	fz_check_model("after load", m);

	char *snap = NULL;
	rc = rasgw_model_snapshot_json(m, &snap);
	if (rc != 0) {
		/* Only a string JSON cannot carry may stop the writer. */
		fz_check_error("rasgw_model_snapshot_json", rc);
		FZ_CHECK(rc == RASGW_EVALIDATE, "snapshot of a loaded model failed with %d", rc);
		rasgw_model_free(m);
		return 0;
	}
	rasgw_model *back = NULL;
	rc = rasgw_model_from_json(&back, snap, strlen(snap), NULL);
	FZ_CHECK(rc == 0, "snapshot of a loaded topology does not read back (%d)", rc);
	FZ_CHECK(rasgw_model_fingerprint(back) == rasgw_model_fingerprint(m),
		 "snapshot round trip changed the fingerprint");
	fz_check_model("after snapshot round trip", back);
	char *snap2 = fz_snapshot(back);
	FZ_CHECK(strcmp(snap, snap2) == 0, "snapshot of the read-back model differs");
	rasgw_free(snap2);
	rasgw_free(snap);
	rasgw_model_free(back);
	rasgw_model_free(m);
	return 0;
}
