/*
 * cffi declarations mirroring include/rasgw/model.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

typedef struct rasgw_model rasgw_model;

typedef enum rasgw_pool_type {
	RASGW_POOL_ALL = 0,
	RASGW_POOL_IKEV2 = 1,
	RASGW_POOL_GRE = 2,
	RASGW_POOL_L3 = 3
} rasgw_pool_type;

typedef enum rasgw_conn_type {
	RASGW_CONN_IKEV2 = 0,
	RASGW_CONN_GRE = 1,
	RASGW_CONN_L3 = 2
} rasgw_conn_type;

#define RASGW_CONN_TYPE_COUNT ...

typedef enum rasgw_gateway_role {
	RASGW_GATEWAY_ACTIVE = 0,
	RASGW_GATEWAY_STANDBY = 1,
	RASGW_GATEWAY_FAILED = 2,
	RASGW_GATEWAY_DRAINING = 3
} rasgw_gateway_role;

typedef enum rasgw_routing {
	RASGW_ROUTING_STATIC = 0,
	RASGW_ROUTING_BGP = 1
} rasgw_routing;

typedef struct rasgw_rack {
	const char *id;
	const char *tor_name;
	uint32_t tor_asn;
	const char *tor_peer_ip;
	const uint16_t *vlans;
	size_t vlan_count;
} rasgw_rack;

typedef struct rasgw_host {
	const char *id;
	const char *rack_id;
	const char *address;
	bool failed;
} rasgw_host;

typedef struct rasgw_pool {
	const char *id;
	rasgw_pool_type type;
	uint64_t capacity_kbps;
	uint32_t redundant_count;
	const char *const *public_ips;
	size_t public_ip_count;
	const char *const *gre_vip_subnets;
	size_t gre_vip_subnet_count;
	uint64_t type_max_kbps[...];
	const char *const *tenants;
	size_t tenant_count;
	const char *reseller;
	uint32_t gateway_count;
	uint32_t active_count;
	uint32_t standby_count;
	uint32_t failed_count;
	uint64_t used_kbps;
	uint64_t free_kbps;
	uint32_t tenant_users;
	uint32_t rr_count;
} rasgw_pool;

typedef struct rasgw_gateway {
	const char *id;
	const char *pool_id;
	const char *host_id;
	const char *dip;
	const char *gre_vip;
	rasgw_gateway_role role;
	uint64_t capacity_kbps;
	uint64_t used_kbps;
	uint64_t available_kbps;
	uint32_t connection_count;
	uint32_t rr_count;
} rasgw_gateway;

typedef struct rasgw_tenant {
	const char *id;
	const char *reseller;
	const char *const *hosts;
	size_t host_count;
	const char *const *gateway_pools;
	size_t gateway_pool_count;
	uint32_t asn;
	const char *rr_gateway;
	uint32_t connection_count;
} rasgw_tenant;

typedef struct rasgw_connection {
	const char *id;
	const char *tenant_id;
	rasgw_conn_type type;
	uint64_t inbound_kbps;
	uint64_t outbound_kbps;
	const char *source_ip;
	const char *destination_ip;
	const char *remote_endpoint;
	uint32_t gre_key;
	uint16_t vlan;
	const char *vlan_subnet;
	const char *ca_ip;
	const char *peer_ip;
	const char *bgp_ip;
	rasgw_routing routing;
	uint32_t peer_asn;
	const char *peer_bgp_ip;
	const char *const *static_prefixes;
	size_t static_prefix_count;
	const char *const *learned_prefixes;
	size_t learned_prefix_count;
	const char *gateway_id;
	uint64_t cost_kbps;
} rasgw_connection;

int rasgw_model_new(rasgw_model **out);

void rasgw_model_free(rasgw_model *model);

size_t rasgw_model_rack_count(const rasgw_model *model);

const rasgw_rack *rasgw_model_rack_get(const rasgw_model *model, size_t i);

const rasgw_rack *rasgw_model_rack_lookup(const rasgw_model *model, const char *id);

size_t rasgw_model_host_count(const rasgw_model *model);

const rasgw_host *rasgw_model_host_get(const rasgw_model *model, size_t i);

const rasgw_host *rasgw_model_host_lookup(const rasgw_model *model, const char *id);

size_t rasgw_model_pool_count(const rasgw_model *model);

const rasgw_pool *rasgw_model_pool_get(const rasgw_model *model, size_t i);

const rasgw_pool *rasgw_model_pool_lookup(const rasgw_model *model, const char *id);

size_t rasgw_model_gateway_count(const rasgw_model *model);

const rasgw_gateway *rasgw_model_gateway_get(const rasgw_model *model, size_t i);

const rasgw_gateway *rasgw_model_gateway_lookup(const rasgw_model *model, const char *id);

size_t rasgw_model_tenant_count(const rasgw_model *model);

const rasgw_tenant *rasgw_model_tenant_get(const rasgw_model *model, size_t i);

const rasgw_tenant *rasgw_model_tenant_lookup(const rasgw_model *model, const char *id);

size_t rasgw_model_connection_count(const rasgw_model *model);

const rasgw_connection *rasgw_model_connection_get(const rasgw_model *model, size_t i);

const rasgw_connection *rasgw_model_connection_lookup(const rasgw_model *model, const char *id);

uint64_t rasgw_pool_connection_cost(const rasgw_pool *pool, rasgw_conn_type type, uint64_t inbound_kbps, uint64_t outbound_kbps);

uint64_t rasgw_model_fingerprint(const rasgw_model *model);

int rasgw_model_check(const rasgw_model *model);

const char *rasgw_pool_type_name(rasgw_pool_type type);

const char *rasgw_conn_type_name(rasgw_conn_type type);

const char *rasgw_gateway_role_name(rasgw_gateway_role role);
