/*
 * cffi declarations mirroring include/rasgw/health.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

typedef struct rasgw_health rasgw_health;

#define RASGW_HEALTH_OPTIONS_VERSION ...

typedef struct rasgw_health_options {
	unsigned int version;
	uint32_t probe_interval_ms;
	uint32_t fail_after;
	uint32_t recover_after;
	uint32_t hold_down_ms;
} rasgw_health_options;

typedef enum rasgw_probe_kind {
	RASGW_PROBE_GATEWAY_VM = 1,
	RASGW_PROBE_GATEWAY_SERVICE = 2,
	RASGW_PROBE_HOST = 3
} rasgw_probe_kind;

typedef struct rasgw_probe {
	rasgw_probe_kind kind;
	const char *id;
	bool ok;
	uint64_t time_ms;
} rasgw_probe;

typedef enum rasgw_health_state {
	RASGW_HEALTH_STATE_UP = 0,
	RASGW_HEALTH_STATE_VM_FAILED = 1,
	RASGW_HEALTH_STATE_SERVICE_FAILED = 2,
	RASGW_HEALTH_STATE_HOST_FAILED = 3
} rasgw_health_state;

typedef enum rasgw_health_event_kind {
	RASGW_HEALTH_HOST_FAILED = 1,
	RASGW_HEALTH_GATEWAY_VM_FAILED = 2,
	RASGW_HEALTH_GATEWAY_SERVICE_FAILED = 3,
	RASGW_HEALTH_HOST_RECOVERED = 4,
	RASGW_HEALTH_GATEWAY_RECOVERED = 5
} rasgw_health_event_kind;

typedef struct rasgw_health_event {
	rasgw_health_event_kind kind;
	const char *id;
	const char *host_id;
	uint64_t time_ms;
	rasgw_health_state previous;
} rasgw_health_event;

typedef int (*rasgw_health_event_cb)(const rasgw_health_event *event, void *payload);

int rasgw_health_options_init(rasgw_health_options *opts, unsigned int version);

int rasgw_health_new(rasgw_health **out, const rasgw_health_options *opts);

void rasgw_health_free(rasgw_health *h);

int rasgw_health_add_host(rasgw_health *h, const char *host_id);

int rasgw_health_add_gateway(rasgw_health *h, const char *gateway_id, const char *host_id);

int rasgw_health_remove(rasgw_health *h, const char *id);

int rasgw_health_probe(rasgw_health *h, const rasgw_probe *probe, rasgw_health_event_cb cb, void *payload);

int rasgw_health_tick(rasgw_health *h, uint64_t now_ms, rasgw_health_event_cb cb, void *payload);

int rasgw_health_get_state(const rasgw_health *h, const char *id, rasgw_health_state *out);

const char *rasgw_health_event_name(rasgw_health_event_kind kind);

const char *rasgw_health_state_name(rasgw_health_state state);
