/*
 * rasgw-place: place a new tenant connection on a topology and print the
 * plan, then commit it and show where it went.
 *
 *   rasgw-place TOPOLOGY TENANT ID TYPE KBPS ADDRESS [POLICY]
 *
 * TYPE is IPSec or GRE; ADDRESS is the site's source IP (IPSec) or the
 * remote tunnel endpoint (GRE); POLICY is best, affinity or worst.
 * Uses the public API only, as a controller would.
 */
#include <rasgw/rasgw.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int fail(const char *what)
{
	const rasgw_error *e = rasgw_error_last();
	fprintf(stderr, "rasgw-place: %s: %s (%s)\n", what, e->message, rasgw_strerror(e->code));
	return 1;
}

static int print_op(const rasgw_op *op, void *payload)
{
	(void)payload;
	printf("  %-15s %-7s %-16s %-28s", rasgw_phase_name(op->phase),
	       rasgw_target_kind_name(op->target_kind), op->target ? op->target : "-",
	       rasgw_op_kind_name(op->kind));
	if (op->connection)
		printf(" connection=%s", op->connection);
	if (op->prefix)
		printf(" prefix=%s", op->prefix);
	if (op->source_ip)
		printf(" %s -> %s", op->source_ip, op->dip ? op->dip : "-");
	if (op->address)
		printf(" address=%s", op->address);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 7 || argc > 8) {
		fprintf(stderr, "usage: %s TOPOLOGY TENANT ID IPSec|GRE KBPS ADDRESS [best|affinity|worst]\n",
			argv[0]);
		return 2;
	}
	rasgw_model *model;
	if (rasgw_model_load_file(&model, argv[1], NULL) < 0)
		return fail(argv[1]);

	rasgw_connection spec;
	memset(&spec, 0, sizeof(spec));
	spec.id = argv[3];
	spec.tenant_id = argv[2];
	spec.inbound_kbps = strtoull(argv[5], NULL, 10);
	spec.outbound_kbps = spec.inbound_kbps;
	if (strcasecmp(argv[4], "GRE") == 0) {
		spec.type = RASGW_CONN_GRE;
		spec.remote_endpoint = argv[6];
	} else {
		spec.type = RASGW_CONN_IKEV2;
		spec.source_ip = argv[6];
	}
	rasgw_place_options opts = RASGW_PLACE_OPTIONS_INIT;
	if (argc == 8)
		opts.policy = strcmp(argv[7], "worst") == 0      ? RASGW_FIT_WORST
			      : strcmp(argv[7], "affinity") == 0 ? RASGW_FIT_AFFINITY
								 : RASGW_FIT_BEST;

	rasgw_plan *plan;
	if (rasgw_plan_connection_add(&plan, model, &spec, &opts) < 0) {
		int rc = fail("placement");
		rasgw_model_free(model);
		return rc;
	}
	printf("plan %s %s: %zu operation(s), state %016llx -> %016llx\n", rasgw_plan_event(plan),
	       spec.id, rasgw_plan_op_count(plan),
	       (unsigned long long)rasgw_plan_base_fingerprint(plan),
	       (unsigned long long)rasgw_plan_result_fingerprint(plan));
	rasgw_plan_op_foreach(plan, print_op, NULL);
	for (size_t i = 0; i < rasgw_plan_placement_count(plan); i++) {
		const rasgw_placement *p = rasgw_plan_placement_get(plan, i);
		printf("placed %s on %s (pool %s), cost %llu kbps", p->connection, p->gateway, p->pool,
		       (unsigned long long)p->cost_kbps);
		if (p->tunnel_destination)
			printf(", tunnel destination %s", p->tunnel_destination);
		if (p->public_ip)
			printf(", dial %s", p->public_ip);
		putchar('\n');
	}
	int rc = 0;
	if (rasgw_model_commit(model, plan) < 0) {
		rc = fail("commit");
	} else {
		const rasgw_connection *c = rasgw_model_connection_lookup(model, spec.id);
		const rasgw_gateway *g = rasgw_model_gateway_lookup(model, c->gateway_id);
		printf("committed: %s now on %s, which has %llu of %llu kbps free\n", c->id, g->id,
		       (unsigned long long)g->available_kbps, (unsigned long long)g->capacity_kbps);
	}
	rasgw_plan_free(plan);
	rasgw_model_free(model);
	return rc;
}
