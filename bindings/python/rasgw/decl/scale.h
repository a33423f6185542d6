/*
 * cffi declarations mirroring include/rasgw/scale.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

int rasgw_plan_gateway_add(rasgw_plan **out, const rasgw_model *m, const rasgw_gateway *spec);

int rasgw_plan_gateway_drain(rasgw_plan **out, const rasgw_model *m, const char *gateway_id, const rasgw_failover_options *opts);

int rasgw_plan_gateway_remove(rasgw_plan **out, const rasgw_model *m, const char *gateway_id, const rasgw_failover_options *opts);

int rasgw_plan_pool_add(rasgw_plan **out, const rasgw_model *m, const rasgw_pool *spec, const rasgw_gateway *gateways, size_t n);

int rasgw_plan_pool_remove(rasgw_plan **out, const rasgw_model *m, const char *pool_id, const rasgw_failover_options *opts);
