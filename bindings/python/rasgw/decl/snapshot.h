/*
 * cffi declarations mirroring include/rasgw/snapshot.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

#define RASGW_SNAPSHOT_OPTIONS_VERSION ...

#define RASGW_SNAPSHOT_DEFAULT_MAX_DEPTH ...

#define RASGW_SNAPSHOT_DEFAULT_MAX_BYTES ...

typedef struct rasgw_snapshot_options {
	unsigned int version;
	uint32_t max_depth;
	size_t max_bytes;
} rasgw_snapshot_options;

int rasgw_snapshot_options_init(rasgw_snapshot_options *opts, unsigned int version);

int rasgw_model_snapshot_json(const rasgw_model *model, char **out);

int rasgw_model_from_json(rasgw_model **out, const char *json, size_t len, const rasgw_snapshot_options *opts);
