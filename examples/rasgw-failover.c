/*
 * rasgw-failover: a gateway fails; print the plan that restores its tenants
 * phase by phase (R5.2-R5.3), apply it through the in-memory backend, commit
 * it, and show the standby that took over.
 *
 *   rasgw-failover TOPOLOGY GATEWAY [vm|service|host]
 *
 * Uses the public API only, as a controller would.
 */
#include <rasgw/rasgw.h>

#include <stdio.h>
#include <string.h>

static int fail(const char *what)
{
	const rasgw_error *e = rasgw_error_last();
	fprintf(stderr, "rasgw-failover: %s: %s (%s)\n", what, e->message, rasgw_strerror(e->code));
	return 1;
}

static int print_op(const rasgw_op *op, void *payload)
{
	rasgw_phase *last = payload;
	if (op->phase != *last) {
		printf("phase %d %s\n", (int)op->phase, rasgw_phase_name(op->phase));
		*last = op->phase;
	}
	printf("  %-7s %-14s %-28s", rasgw_target_kind_name(op->target_kind),
	       op->target ? op->target : "-", rasgw_op_kind_name(op->kind));
	if (op->tenant)
		printf(" tenant=%s", op->tenant);
	if (op->connection)
		printf(" connection=%s", op->connection);
	if (op->prefix)
		printf(" prefix=%s", op->prefix);
	if (op->old_dip)
		printf(" %s -> %s", op->old_dip, op->dip ? op->dip : "-");
	else if (op->dip)
		printf(" via %s", op->dip);
	if (op->address)
		printf(" address=%s", op->address);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s TOPOLOGY GATEWAY [vm|service|host]\n", argv[0]);
		return 2;
	}
	rasgw_failure_cause cause = RASGW_FAILURE_VM;
	if (argc == 4)
		cause = strcmp(argv[3], "service") == 0 ? RASGW_FAILURE_SERVICE
			: strcmp(argv[3], "host") == 0	? RASGW_FAILURE_HOST
							: RASGW_FAILURE_VM;
	rasgw_model *model;
	if (rasgw_model_load_file(&model, argv[1], NULL) < 0)
		return fail(argv[1]);
	int rc = 1;
	rasgw_plan *plan = NULL;
	rasgw_backends *backends = NULL;
	rasgw_memory_backend *dataplane = NULL;
	rasgw_apply_report *report = NULL;

	if (rasgw_plan_gateway_failure(&plan, model, argv[2], cause, NULL) < 0) {
		rc = fail("planning");
		goto out;
	}
	printf("%s %s: %zu operation(s), %zu change(s), %zu issue(s)\n", rasgw_plan_event(plan),
	       argv[2], rasgw_plan_op_count(plan), rasgw_plan_change_count(plan),
	       rasgw_plan_issue_count(plan));
	rasgw_phase last = 0;
	rasgw_plan_op_foreach(plan, print_op, &last);
	for (size_t i = 0; i < rasgw_plan_issue_count(plan); i++)
		printf("could not: %s\n", rasgw_plan_issue_get(plan, i)->reason);

	/* The in-memory dataplane stands in for the SLB, hosts, gateways and TORs. */
	if (rasgw_memory_backend_new(&dataplane) < 0 || rasgw_backends_new(&backends) < 0 ||
	    rasgw_memory_backend_attach(dataplane, backends) < 0) {
		rc = fail("backends");
		goto out;
	}
	if (rasgw_plan_apply(plan, backends, NULL, &report) < 0) {
		rc = fail("apply");
		goto out;
	}
	printf("applied %zu operation(s); the dataplane now holds %zu fact(s)\n",
	       rasgw_apply_report_applied(report), rasgw_memory_backend_fact_count(dataplane));
	if (rasgw_model_commit(model, plan) < 0) {
		rc = fail("commit");
		goto out;
	}
	const rasgw_gateway *failed = rasgw_model_gateway_lookup(model, argv[2]);
	const rasgw_pool *pool = rasgw_model_pool_lookup(model, failed->pool_id);
	printf("committed: %s is %s; pool %s has M=%u active, %u standby, %u failed\n", failed->id,
	       rasgw_gateway_role_name(failed->role), pool->id, pool->active_count,
	       pool->standby_count, pool->failed_count);
	for (size_t i = 0; i < rasgw_model_gateway_count(model); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(model, i);
		if (strcmp(g->pool_id, pool->id) == 0)
			printf("  %-10s %-9s %3u connection(s) %2u RR(s) %llu kbps used\n", g->id,
			       rasgw_gateway_role_name(g->role), g->connection_count, g->rr_count,
			       (unsigned long long)g->used_kbps);
	}
	rc = rasgw_model_check(model) < 0 ? fail("invariants") : 0;
out:
	rasgw_apply_report_free(report);
	rasgw_backends_free(backends);
	rasgw_memory_backend_free(dataplane);
	rasgw_plan_free(plan);
	rasgw_model_free(model);
	return rc;
}
