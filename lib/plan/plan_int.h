/*
 * Internal plan object and the builder the planners use.
 *
 * A planner creates a plan with rasgw__plan_new(), appends operations,
 * changes, placements and issues in any phase order, and ends with
 * rasgw__plan_finish(). The append calls copy every string (and the
 * settings/records they point to) into the plan's arena, so callers may
 * pass borrowed or stack data. They latch the first error instead of
 * returning it, so a planner checks once, at finish.
 *
 * While building, the plan keeps a read-only pointer to the model and an
 * overlay of the records its changes have touched, to compute the
 * fingerprint of the state it leads to without writing to the model.
 */
#ifndef RASGW_PLAN_INT_H
#define RASGW_PLAN_INT_H

#include "core/core.h"
#include "model/model_int.h"
#include "rasgw/plan.h"

struct rasgw_plan {
	rasgw__arena arena;
	RASGW__VEC(rasgw_op) ops;
	RASGW__VEC(rasgw_change) changes;
	RASGW__VEC(rasgw_placement) placements;
	RASGW__VEC(rasgw_plan_issue) issues;
	const char *event;
	const char *subject;
	uint64_t base_fp;   /* fingerprint of the model the plan was computed on */
	uint64_t result_fp; /* fingerprint after commit */
	/* builder state, dropped by finish */
	const rasgw_model *model;
	uint64_t fp_sum;
	rasgw__map overlay; /* "<kind>\x1f<id>" -> record copy as changed so far (or tombstone) */
	int error;          /* first latched error, 0 if none */
};

/* Start a plan for `event` ("connection.add") about `subject` (may be NULL). */
int rasgw__plan_new(rasgw_plan **out, const rasgw_model *m, const char *event, const char *subject);

/* Append; copies everything. `op->settings` is deep-copied. */
void rasgw__plan_add_op(rasgw_plan *p, const rasgw_op *op);
/*
 * Append a model change; copies everything, and updates the running
 * fingerprint from the change's before/after states. For CONNECTION_ADD the
 * record must carry its gateway_id (the placement).
 */
void rasgw__plan_add_change(rasgw_plan *p, const rasgw_change *ch);
void rasgw__plan_add_placement(rasgw_plan *p, const rasgw_placement *pl);
void rasgw__plan_add_issue(rasgw_plan *p, const char *connection, const char *tenant, int code,
			   const char *fmt, ...) RASGW__PRINTF(5, 6);
/* Copy a string into the plan (latches ENOMEM). */
const char *rasgw__plan_str(rasgw_plan *p, const char *s);

/*
 * Order operations by phase (stable: plan order within a phase), fix the
 * result fingerprint, drop builder state. On a latched error frees the plan
 * and returns the error; *out untouched.
 */
int rasgw__plan_finish(rasgw_plan *p, rasgw_plan **out);

/*
 * Stable counting sort of the operations by phase (plan order kept within a
 * phase); RASGW_EINVAL for an operation without a valid phase. Shared by
 * finish and invert.
 */
int rasgw__plan_sort_ops(rasgw_plan *p);

/* Free a plan under construction (after an error in the planner itself). */
void rasgw__plan_abort(rasgw_plan *p);

/* Raw plan creation for readers (JSON) that set base/result themselves. */
int rasgw__plan_alloc(rasgw_plan **out);

/* Names and inverse kinds shared by JSON, invert and executor. */
int rasgw__op_kind_parse(const char *s);
int rasgw__change_kind_parse(const char *s);
int rasgw__target_kind_parse(const char *s);
int rasgw__phase_parse(const char *s);
rasgw_target_kind rasgw__op_kind_target(rasgw_op_kind kind);
rasgw_change_kind rasgw__change_kind_inverse(rasgw_change_kind kind);
/*
 * The operation that undoes `in` (strings borrowed from `in`): inverse kind,
 * NAT update with dip/old_dip and gateway/old_gateway swapped, phase
 * mirrored (RASGW_PHASE_MAX + 1 - phase). Shared by invert and the executor.
 */
void rasgw__op_inverse(const rasgw_op *in, rasgw_op *out);

/* Deep copies into the plan's arena (NULL on OOM, latched). */
rasgw_connection *rasgw__plan_copy_connection(rasgw_plan *p, const rasgw_connection *c);
rasgw_gateway *rasgw__plan_copy_gateway(rasgw_plan *p, const rasgw_gateway *g);
rasgw_pool *rasgw__plan_copy_pool(rasgw_plan *p, const rasgw_pool *pool);

#endif
