/*
 * cffi declarations mirroring include/rasgw/failover.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

typedef enum rasgw_failure_cause {

	RASGW_FAILURE_VM = 1,

	RASGW_FAILURE_SERVICE = 2,

	RASGW_FAILURE_HOST = 3
} rasgw_failure_cause;

#define RASGW_FAILOVER_OPTIONS_VERSION ...

typedef struct rasgw_failover_options {
	unsigned int version;
	rasgw_fit_policy policy;
	bool prefer_other_rack;
} rasgw_failover_options;

int rasgw_failover_options_init(rasgw_failover_options *opts, unsigned int version);

int rasgw_plan_gateway_failure(rasgw_plan **out, const rasgw_model *m, const char *gateway_id, rasgw_failure_cause cause, const rasgw_failover_options *opts);

int rasgw_plan_host_failure(rasgw_plan **out, const rasgw_model *m, const char *host_id, const rasgw_failover_options *opts);

int rasgw_plan_gateway_recovery(rasgw_plan **out, const rasgw_model *m, const char *gateway_id, const rasgw_failover_options *opts);

int rasgw_plan_host_recovery(rasgw_plan **out, const rasgw_model *m, const char *host_id, const rasgw_failover_options *opts);

int rasgw_plan_failback(rasgw_plan **out, const rasgw_model *m, const char *gateway_id, const char *source_gateway_id, const rasgw_failover_options *opts);

int rasgw_plan_rebalance(rasgw_plan **out, const rasgw_model *m, const char *pool_id, const rasgw_failover_options *opts);

int rasgw_plan_consolidate(rasgw_plan **out, const rasgw_model *m, const char *pool_id, const rasgw_failover_options *opts);
