/*
 * apply-demo: load a topology, plan the failure of one gateway, and apply
 * the plan through a backend plugin for every target kind.
 *
 *   apply-demo TOPOLOGY GATEWAY PLUGIN [CONFIG]
 *   apply-demo topology.yaml gw1 ./rasgw-log.so file=/dev/stdout
 *
 * Prints how many operations the plan had and how many were applied.
 */
#include <rasgw/rasgw.h>

#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s TOPOLOGY GATEWAY PLUGIN [CONFIG]\n", argv[0]);
		return 2;
	}
	rasgw_model *m = NULL;
	rasgw_plan *plan = NULL;
	rasgw_backends *b = NULL;
	rasgw_apply_report *rep = NULL;
	int rc = rasgw_model_load_file(&m, argv[1], NULL);
	if (rc == 0)
		rc = rasgw_plan_gateway_failure(&plan, m, argv[2], RASGW_FAILURE_VM, NULL);
	if (rc == 0)
		rc = rasgw_backends_new(&b);
	if (rc == 0)
		rc = rasgw_backends_load_plugin(b, argv[3], argc > 4 ? argv[4] : NULL);
	if (rc == 0)
		rc = rasgw_plan_apply(plan, b, NULL, &rep);
	if (rc == 0)
		rc = rasgw_model_commit(m, plan);
	if (rc == 0)
		printf("plan %s %s: %zu operations, %zu applied\n", rasgw_plan_event(plan), argv[2],
		       rasgw_plan_op_count(plan), rasgw_apply_report_applied(rep));
	else
		fprintf(stderr, "%s: %s\n", argv[0],
			rep ? rasgw_apply_report_message(rep) : rasgw_error_last()->message);
	rasgw_apply_report_free(rep);
	rasgw_backends_free(b);
	rasgw_plan_free(plan);
	rasgw_model_free(m);
	return rc == 0 ? 0 : 1;
}
