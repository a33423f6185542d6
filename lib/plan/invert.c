/*
 * The inverse of a plan: the plan that takes the result state back to the
 * base state (rollback), built without the model.
 *
 * Changes run in reverse order, each replaced by its inverse (add <->
 * remove with the same record, from <-> to otherwise), so committing a plan
 * and then its inverse restores the fingerprint. Operations run in reverse
 * order too, each replaced by its inverse (rasgw__op_inverse) in the mirrored
 * phase, so break-before-make of the rollback undoes make-before-break of the
 * plan. Inverting twice gives the original plan back, byte for byte in JSON,
 * except for placements and issues: a rollback makes no placement decision
 * and has nothing it could not do, so the inverse has neither
 * (doc/plan-format.md).
 */
#include "plan_int.h"

#include <string.h>

#define INVERT_SUFFIX ".invert"

/* "e" -> "e.invert", and "e.invert" -> "e": inverting twice gives the event back for
 * every event a planner names ("x.invert.invert", which only a hand-made plan can
 * carry, comes back as "x"; its operations and changes still round-trip). */
static const char *inverse_event(rasgw_plan *p, const char *event)
{
	size_t n = strlen(event), k = strlen(INVERT_SUFFIX);
	if (n > k && strcmp(event + n - k, INVERT_SUFFIX) == 0) {
		char *e = rasgw__arena_alloc(&p->arena, n - k + 1);
		if (!e) {
			if (!p->error)
				p->error = rasgw__error_nomem();
			return NULL;
		}
		memcpy(e, event, n - k);
		e[n - k] = '\0';
		return e;
	}
	char *e = rasgw__arena_alloc(&p->arena, n + k + 1);
	if (!e) {
		if (!p->error)
			p->error = rasgw__error_nomem();
		return NULL;
	}
	memcpy(e, event, n);
	memcpy(e + n, INVERT_SUFFIX, k + 1);
	return e;
}

static void inverse_change(const rasgw_change *in, rasgw_change *out)
{
	*out = *in;
	out->kind = rasgw__change_kind_inverse(in->kind);
	out->from = in->to;
	out->to = in->from;
	out->from_prefixes = in->to_prefixes;
	out->from_prefix_count = in->to_prefix_count;
	out->to_prefixes = in->from_prefixes;
	out->to_prefix_count = in->from_prefix_count;
}

int rasgw_plan_invert(rasgw_plan **out, const rasgw_plan *plan)
{
	if (!out || !plan)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_invert: NULL argument");
	rasgw_plan *p = NULL;
	int rc = rasgw__plan_alloc(&p);
	if (rc < 0)
		return rc;
	p->event = inverse_event(p, rasgw_plan_event(plan));
	p->subject = rasgw__plan_str(p, plan->subject);
	p->base_fp = plan->result_fp;
	p->result_fp = plan->base_fp;
	if (RASGW__VEC_RESERVE(&p->ops, plan->ops.count) < 0 ||
	    RASGW__VEC_RESERVE(&p->changes, plan->changes.count) < 0) {
		rasgw_plan_free(p);
		return RASGW_ENOMEM;
	}
	/* p has no model: add_change copies without simulating the fingerprint. */
	for (size_t i = plan->changes.count; i-- > 0 && !p->error;) {
		rasgw_change c;
		inverse_change(&plan->changes.items[i], &c);
		rasgw__plan_add_change(p, &c);
	}
	for (size_t i = plan->ops.count; i-- > 0 && !p->error;) {
		rasgw_op op;
		rasgw__op_inverse(&plan->ops.items[i], &op);
		rasgw__plan_add_op(p, &op);
	}
	rc = p->error;
	if (!rc)
		rc = rasgw__plan_sort_ops(p);
	if (rc < 0) {
		rasgw_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}
