/*
 * cffi declarations mirroring include/rasgw/load.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

#define RASGW_LOAD_OPTIONS_VERSION ...

#define RASGW_LOAD_DEFAULT_MAX_DEPTH ...

#define RASGW_LOAD_DEFAULT_MAX_BYTES ...

typedef struct rasgw_load_options {
	unsigned int version;
	uint32_t max_depth;
	size_t max_bytes;
} rasgw_load_options;

int rasgw_load_options_init(rasgw_load_options *opts, unsigned int version);

int rasgw_model_load_file(rasgw_model **out, const char *path, const rasgw_load_options *opts);

int rasgw_model_load_buffer(rasgw_model **out, const char *text, size_t len, const char *name, const rasgw_load_options *opts);
