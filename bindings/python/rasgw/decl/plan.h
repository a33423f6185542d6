/*
 * cffi declarations mirroring include/rasgw/plan.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

typedef struct rasgw_plan rasgw_plan;

typedef enum rasgw_target_kind {
	RASGW_TARGET_SLB = 0,
	RASGW_TARGET_HOST = 1,
	RASGW_TARGET_GATEWAY = 2,
	RASGW_TARGET_TOR = 3
} rasgw_target_kind;

#define RASGW_TARGET_KIND_COUNT ...

typedef enum rasgw_phase {
	RASGW_PHASE_WITHDRAW_ROUTES = 1,
	RASGW_PHASE_REMOVE_POLICIES = 2,
	RASGW_PHASE_CONFIGURE = 3,
	RASGW_PHASE_REPOINT_SLB = 4,
	RASGW_PHASE_REPEER = 5,
	RASGW_PHASE_INSTALL_ROUTES = 6,
	RASGW_PHASE_CLEANUP = 7
} rasgw_phase;

#define RASGW_PHASE_MAX ...

typedef enum rasgw_op_kind {
	RASGW_OP_SLB_NAT_ADD = 0,
	RASGW_OP_SLB_NAT_UPDATE = 1,
	RASGW_OP_SLB_NAT_REMOVE = 2,
	RASGW_OP_HOST_ROUTE_INSTALL = 3,
	RASGW_OP_HOST_ROUTE_WITHDRAW = 4,
	RASGW_OP_HOST_POLICY_INSTALL = 5,
	RASGW_OP_HOST_POLICY_REMOVE = 6,
	RASGW_OP_GATEWAY_PROMOTE = 7,
	RASGW_OP_GATEWAY_DEMOTE = 8,
	RASGW_OP_GATEWAY_CONNECTION_CONFIGURE = 9,
	RASGW_OP_GATEWAY_CONNECTION_REMOVE = 10,
	RASGW_OP_GATEWAY_BGP_RR_CONFIGURE = 11,
	RASGW_OP_GATEWAY_BGP_RR_REMOVE = 12,
	RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE = 13,
	RASGW_OP_GATEWAY_BGP_PEER_REMOVE = 14,
	RASGW_OP_GATEWAY_VIP_ASSIGN = 15,
	RASGW_OP_GATEWAY_VIP_RELEASE = 16,
	RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN = 17,
	RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE = 18,
	RASGW_OP_TOR_VIP_ADVERTISE = 19,
	RASGW_OP_TOR_VIP_WITHDRAW = 20
} rasgw_op_kind;

#define RASGW_OP_KIND_COUNT ...

typedef struct rasgw_op {
	rasgw_phase phase;
	rasgw_target_kind target_kind;
	const char *target;
	rasgw_op_kind kind;
	const char *tenant;
	const char *connection;
	const char *gateway;
	const char *old_gateway;
	const char *dip;
	const char *old_dip;
	const char *public_ip;
	const char *source_ip;
	const char *prefix;
	const char *address;
	uint16_t vlan;
	uint32_t asn;
	uint32_t peer_asn;
	const char *peer_ip;
	const rasgw_connection *settings;
} rasgw_op;

typedef enum rasgw_change_kind {
	RASGW_CHANGE_CONNECTION_ADD = 0,
	RASGW_CHANGE_CONNECTION_REMOVE = 1,
	RASGW_CHANGE_CONNECTION_MOVE = 2,
	RASGW_CHANGE_CONNECTION_ROUTES = 3,
	RASGW_CHANGE_TENANT_RR = 4,
	RASGW_CHANGE_GATEWAY_ROLE = 5,
	RASGW_CHANGE_GATEWAY_VIP = 6,
	RASGW_CHANGE_HOST_STATE = 7,
	RASGW_CHANGE_GATEWAY_ADD = 8,
	RASGW_CHANGE_GATEWAY_REMOVE = 9,
	RASGW_CHANGE_POOL_ADD = 10,
	RASGW_CHANGE_POOL_REMOVE = 11
} rasgw_change_kind;

#define RASGW_CHANGE_KIND_COUNT ...

typedef struct rasgw_change {
	rasgw_change_kind kind;
	const char *id;
	const char *from;
	const char *to;
	const char *const *from_prefixes;
	size_t from_prefix_count;
	const char *const *to_prefixes;
	size_t to_prefix_count;
	const rasgw_connection *connection;
	const rasgw_gateway *gateway;
	const rasgw_pool *pool;
} rasgw_change;

typedef struct rasgw_placement {
	const char *connection;
	const char *tenant;
	const char *pool;
	const char *gateway;
	const char *old_gateway;
	const char *tunnel_destination;
	const char *public_ip;
	uint64_t cost_kbps;
} rasgw_placement;

typedef struct rasgw_plan_issue {
	const char *connection;
	const char *tenant;
	int code;
	const char *reason;
} rasgw_plan_issue;

void rasgw_plan_free(rasgw_plan *plan);

size_t rasgw_plan_op_count(const rasgw_plan *plan);

const rasgw_op *rasgw_plan_op_get(const rasgw_plan *plan, size_t i);

typedef int (*rasgw_op_cb)(const rasgw_op *op, void *payload);

int rasgw_plan_op_foreach(const rasgw_plan *plan, rasgw_op_cb cb, void *payload);

size_t rasgw_plan_change_count(const rasgw_plan *plan);

const rasgw_change *rasgw_plan_change_get(const rasgw_plan *plan, size_t i);

size_t rasgw_plan_placement_count(const rasgw_plan *plan);

const rasgw_placement *rasgw_plan_placement_get(const rasgw_plan *plan, size_t i);

size_t rasgw_plan_issue_count(const rasgw_plan *plan);

const rasgw_plan_issue *rasgw_plan_issue_get(const rasgw_plan *plan, size_t i);

const char *rasgw_plan_event(const rasgw_plan *plan);

const char *rasgw_plan_subject(const rasgw_plan *plan);

uint64_t rasgw_plan_base_fingerprint(const rasgw_plan *plan);

uint64_t rasgw_plan_result_fingerprint(const rasgw_plan *plan);

int rasgw_plan_invert(rasgw_plan **out, const rasgw_plan *plan);

int rasgw_model_commit(rasgw_model *model, const rasgw_plan *plan);

const char *rasgw_op_kind_name(rasgw_op_kind kind);

const char *rasgw_target_kind_name(rasgw_target_kind kind);

const char *rasgw_phase_name(rasgw_phase phase);

const char *rasgw_change_kind_name(rasgw_change_kind kind);

rasgw_op_kind rasgw_op_kind_inverse(rasgw_op_kind kind);

#define RASGW_PLAN_JSON_OPTIONS_VERSION ...

typedef struct rasgw_plan_json_options {
	unsigned int version;
	size_t max_bytes;
	uint32_t max_depth;
	size_t max_ops;
} rasgw_plan_json_options;

int rasgw_plan_json_options_init(rasgw_plan_json_options *opts, unsigned int version);

int rasgw_plan_to_json(const rasgw_plan *plan, char **out);

int rasgw_op_to_json(const rasgw_op *op, char **out);

int rasgw_plan_from_json(rasgw_plan **out, const rasgw_model *model, const char *json, size_t len, const rasgw_plan_json_options *opts);
