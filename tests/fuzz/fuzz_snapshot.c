/*
 * Fuzz target: the JSON state snapshot reader (rasgw_model_from_json).
 *
 * Properties: no crash, leak or sanitizer report; refusals return a
 * documented code with a message and leave the output untouched; an accepted
 * snapshot gives a model that satisfies the invariants, whose fingerprint is
 * the one stored in the text (checked by the reader itself, R8.4), and whose
 * canonical snapshot reads back to the same bytes.
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
	int rc = rasgw_model_from_json(&m, (const char *)data, size, NULL);
	if (rc != 0) {
		fz_check_error("rasgw_model_from_json", rc);
		FZ_CHECK(m == sentinel, "failed read wrote its output");
		return 0;
	}
	fz_check_model("after snapshot read", m);
	char *snap = fz_snapshot(m);
	rasgw_model *back = fz_from_snapshot(snap);
	FZ_CHECK(rasgw_model_fingerprint(back) == rasgw_model_fingerprint(m),
		 "snapshot round trip changed the fingerprint");
	char *snap2 = fz_snapshot(back);
	FZ_CHECK(strcmp(snap, snap2) == 0, "canonical snapshot is not a fixed point");
	rasgw_free(snap2);
	rasgw_free(snap);
	rasgw_model_free(back);
	rasgw_model_free(m);
	return 0;
}
