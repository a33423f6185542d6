/*
 * cffi declarations mirroring include/rasgw/place.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

typedef enum rasgw_fit_policy {
	RASGW_FIT_BEST = 0,
	RASGW_FIT_AFFINITY = 1,
	RASGW_FIT_WORST = 2
} rasgw_fit_policy;

#define RASGW_PLACE_OPTIONS_VERSION ...

typedef struct rasgw_place_options {
	unsigned int version;
	rasgw_fit_policy policy;
} rasgw_place_options;

int rasgw_place_options_init(rasgw_place_options *opts, unsigned int version);

int rasgw_plan_connection_add(rasgw_plan **out, const rasgw_model *m, const rasgw_connection *spec, const rasgw_place_options *opts);

int rasgw_plan_connection_place(rasgw_plan **out, const rasgw_model *m, const char *connection_id, const rasgw_place_options *opts);

int rasgw_plan_connection_remove(rasgw_plan **out, const rasgw_model *m, const char *connection_id, const rasgw_place_options *opts);

int rasgw_plan_routes_learned(rasgw_plan **out, const rasgw_model *m, const char *connection_id, const char *const *prefixes, size_t count);
