/*
 * cffi declarations mirroring include/rasgw/sys/backend.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

#define RASGW_BACKEND_VERSION ...

typedef struct rasgw_backend {
	unsigned int version;
	const char *name;
	int (*begin)(const rasgw_plan *plan, void *payload);
	int (*apply)(const rasgw_op *op, void *payload);
	int (*commit)(void *payload);
	int (*abort)(void *payload);
	void (*destroy)(void *payload);
	void *payload;
} rasgw_backend;

typedef struct rasgw_backends rasgw_backends;

int rasgw_backends_new(rasgw_backends **out);

void rasgw_backends_free(rasgw_backends *backends);

int rasgw_backends_register(rasgw_backends *backends, rasgw_target_kind kind, const rasgw_backend *backend);

int rasgw_backends_load_plugin(rasgw_backends *backends, const char *path, const char *config);

int rasgw_error_set(int code, const char *message);

typedef int (*rasgw_backend_plugin_init_fn)(rasgw_backends *backends, const char *config);
