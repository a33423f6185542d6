/*
 * The executor: phases in order, retries, and rollback with inverse
 * operations. It never touches the model (commit is separate), so a failed
 * apply leaves model and dataplane as they were.
 */
#include "exec_int.h"

#include <stdio.h>
#include <string.h>

struct rasgw_apply_report {
	size_t applied;
	size_t rolled_back;
	size_t retries;
	size_t rollback_failures;
	int64_t failed_index;
	int error;
	char message[512];
};

int rasgw_apply_options_init(rasgw_apply_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_apply_options_init: opts is NULL");
	if (version != RASGW_APPLY_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_apply_options version %u is not %u",
				    version, RASGW_APPLY_OPTIONS_VERSION);
	*opts = (rasgw_apply_options)RASGW_APPLY_OPTIONS_INIT;
	return 0;
}

static int apply_with_retries(const struct rasgw__backend_slot *s, const rasgw_op *op,
			      unsigned int max_retries, size_t *retries)
{
	int rc = 0;
	for (unsigned int a = 0; a <= max_retries; a++) {
		/* A stale message from an earlier call must not pass for this failure. */
		rasgw_error_clear();
		rc = s->backend.apply(op, s->backend.payload);
		if (rc == 0)
			return 0;
		if (a < max_retries)
			(*retries)++;
	}
	return rc;
}

int rasgw_plan_apply(const rasgw_plan *plan, rasgw_backends *backends,
		     const rasgw_apply_options *opts, rasgw_apply_report **report)
{
	if (!plan || !backends)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_apply: NULL plan or backends");
	rasgw_apply_options defaults = RASGW_APPLY_OPTIONS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != RASGW_APPLY_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_apply_options version %u is not %u",
				    opts->version, RASGW_APPLY_OPTIONS_VERSION);
	size_t n = plan->ops.count;
	struct rasgw_apply_report *rep = rasgw__calloc(1, sizeof(*rep));
	size_t *done = rasgw__calloc(n ? n : 1, sizeof(*done));
	if (!rep || !done) {
		rasgw__free(rep);
		rasgw__free(done);
		return rasgw__error_nomem();
	}
	rep->failed_index = -1;

	bool used[RASGW_TARGET_KIND_COUNT] = { false }, begun[RASGW_TARGET_KIND_COUNT] = { false };
	for (size_t i = 0; i < n; i++) {
		rasgw_target_kind k = plan->ops.items[i].target_kind;
		if ((unsigned)k >= RASGW_TARGET_KIND_COUNT) {
			rep->error = RASGW_EINVAL;
			rep->failed_index = (int64_t)i;
			snprintf(rep->message, sizeof(rep->message), "op %zu has unknown target kind %d",
				 i, (int)k);
			goto out;
		}
		if (!backends->slots[k].set && !opts->skip_missing) {
			rep->error = RASGW_EBACKEND;
			rep->failed_index = (int64_t)i;
			snprintf(rep->message, sizeof(rep->message),
				 "no backend registered for %s operations (op %zu, %s)",
				 rasgw_target_kind_name(k), i,
				 rasgw_op_kind_name(plan->ops.items[i].kind));
			goto out;
		}
		used[k] = backends->slots[k].set;
	}
	for (int k = 0; k < RASGW_TARGET_KIND_COUNT; k++) {
		struct rasgw__backend_slot *s = &backends->slots[k];
		if (!used[k] || !s->backend.begin)
			continue;
		if (s->backend.begin(plan, s->backend.payload) != 0) {
			rep->error = RASGW_EBACKEND;
			snprintf(rep->message, sizeof(rep->message), "backend '%s' refused to begin: %s",
				 s->name, rasgw_error_last()->message);
			goto abort;
		}
		begun[k] = true;
	}

	size_t ndone = 0;
	rasgw_phase prev = 0;
	for (size_t i = 0; i < n; i++) {
		const rasgw_op *op = &plan->ops.items[i];
		if (prev && op->phase != prev && opts->barrier &&
		    opts->barrier(prev, op->phase, opts->payload) != 0) {
			rep->error = RASGW_EUSER;
			rep->failed_index = (int64_t)i;
			snprintf(rep->message, sizeof(rep->message),
				 "the barrier between phases %s and %s stopped the apply",
				 rasgw_phase_name(prev), rasgw_phase_name(op->phase));
			goto rollback;
		}
		prev = op->phase;
		const struct rasgw__backend_slot *s = &backends->slots[op->target_kind];
		if (!s->set)
			continue; /* skip_missing */
		int rc = apply_with_retries(s, op, opts->max_retries, &rep->retries);
		if (rc != 0) {
			rep->error = RASGW_EBACKEND;
			rep->failed_index = (int64_t)i;
			snprintf(rep->message, sizeof(rep->message),
				 "op %zu (%s on %s '%s') failed in backend '%s' after %u attempt(s): %s",
				 i, rasgw_op_kind_name(op->kind), rasgw_target_kind_name(op->target_kind),
				 op->target ? op->target : "", s->name, opts->max_retries + 1,
				 rasgw_error_last()->code ? rasgw_error_last()->message : "error");
			goto rollback;
		}
		done[ndone++] = i;
		if (opts->progress)
			opts->progress(ndone, n, opts->payload);
	}
	for (int k = 0; k < RASGW_TARGET_KIND_COUNT; k++) {
		struct rasgw__backend_slot *s = &backends->slots[k];
		if (begun[k] && s->backend.commit)
			s->backend.commit(s->backend.payload);
	}
	rep->applied = ndone;
	goto out;

rollback:
	while (ndone--) {
		rasgw_op inv;
		rasgw__op_inverse(&plan->ops.items[done[ndone]], &inv);
		const struct rasgw__backend_slot *s = &backends->slots[inv.target_kind];
		if (apply_with_retries(s, &inv, opts->max_retries, &rep->retries) == 0)
			rep->rolled_back++;
		else
			rep->rollback_failures++;
	}
	rep->applied = 0;
abort:
	for (int k = 0; k < RASGW_TARGET_KIND_COUNT; k++) {
		struct rasgw__backend_slot *s = &backends->slots[k];
		if (begun[k] && s->backend.abort)
			s->backend.abort(s->backend.payload);
	}
out:
	rasgw__free(done);
	int code = rep->error;
	if (code)
		rasgw__error(code, "%s", rep->message);
	if (report)
		*report = rep;
	else
		rasgw__free(rep);
	return code;
}

void rasgw_apply_report_free(rasgw_apply_report *r)
{
	rasgw__free(r);
}

size_t rasgw_apply_report_applied(const rasgw_apply_report *r)
{
	return r ? r->applied : 0;
}

size_t rasgw_apply_report_rolled_back(const rasgw_apply_report *r)
{
	return r ? r->rolled_back : 0;
}

size_t rasgw_apply_report_retries(const rasgw_apply_report *r)
{
	return r ? r->retries : 0;
}

int64_t rasgw_apply_report_failed_index(const rasgw_apply_report *r)
{
	return r ? r->failed_index : -1;
}

int rasgw_apply_report_error(const rasgw_apply_report *r)
{
	return r ? r->error : 0;
}

const char *rasgw_apply_report_message(const rasgw_apply_report *r)
{
	return r ? r->message : "";
}

size_t rasgw_apply_report_rollback_failures(const rasgw_apply_report *r)
{
	return r ? r->rollback_failures : 0;
}
