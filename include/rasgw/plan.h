/**
 * @file rasgw/plan.h
 * @brief Plans: the ordered, per-target diff that every decision returns,
 *        and commit, the only way a model changes after loading.
 *
 * A plan holds two lists:
 * - **operations** (rasgw_op): what must change on the SLB, the hosts, the
 *   gateways and the TORs, in phases (rasgw_phase) so that an executor can
 *   put barriers between them. Backends apply these.
 * - **changes** (rasgw_change): the diff of the model itself, which
 *   rasgw_model_commit() applies.
 * It also carries the fingerprint of the state it was computed from (base)
 * and of the state it leads to (result), what it placed, and what it could
 * not do.
 *
 * Plans are immutable. Records returned by the accessors are borrowed from
 * the plan and valid until rasgw_plan_free().
 *
 * Thread-safety: a plan may be read from many threads at once. Planning
 * functions (rasgw/place.h, rasgw/failover.h) take a `const rasgw_model *`
 * and may run concurrently on one model; rasgw_model_commit() needs the
 * model exclusively.
 */
#ifndef RASGW_PLAN_H
#define RASGW_PLAN_H

#include "common.h"
#include "model.h"

RASGW_BEGIN_DECL

/** A plan (opaque, immutable). */
typedef struct rasgw_plan rasgw_plan;

/** What an operation is addressed to. Values are ABI. */
typedef enum rasgw_target_kind {
	RASGW_TARGET_SLB = 0,     /**< The software load balancer; target id is the public IP. */
	RASGW_TARGET_HOST = 1,    /**< A compute host; target id is the host id. */
	RASGW_TARGET_GATEWAY = 2, /**< A gateway; target id is the gateway id. */
	RASGW_TARGET_TOR = 3      /**< A TOR switch; target id is the rack id. */
} rasgw_target_kind;

/** Number of target kinds. */
#define RASGW_TARGET_KIND_COUNT 4

/**
 * Phases, in the order of R5.2-R5.3, shared by every kind of plan. An
 * executor runs phase after phase; within a phase, in plan order.
 */
typedef enum rasgw_phase {
	RASGW_PHASE_WITHDRAW_ROUTES = 1, /**< Withdraw routes from compute hosts. */
	RASGW_PHASE_REMOVE_POLICIES = 2, /**< Remove network-virtualization policies. */
	RASGW_PHASE_CONFIGURE = 3,       /**< Promote, assign addresses, configure connections, RRs. */
	RASGW_PHASE_REPOINT_SLB = 4,     /**< Add or repoint SLB NAT rules. */
	RASGW_PHASE_REPEER = 5,          /**< BGP re-peering of RR clients, TOR advertisements. */
	RASGW_PHASE_INSTALL_ROUTES = 6,  /**< Install routes and policies on hosts. */
	RASGW_PHASE_CLEANUP = 7          /**< Break after make: remove old config, demote, release. */
} rasgw_phase;

/** Number of the last phase. */
#define RASGW_PHASE_MAX 7

/** Operation kinds ("slb.nat.add" ...). Values are ABI; new kinds are appended. */
typedef enum rasgw_op_kind {
	RASGW_OP_SLB_NAT_ADD = 0,            /**< NAT (public_ip, source_ip) -> dip. */
	RASGW_OP_SLB_NAT_UPDATE = 1,         /**< Repoint a NAT rule from old_dip to dip. */
	RASGW_OP_SLB_NAT_REMOVE = 2,         /**< Remove a NAT rule. */
	RASGW_OP_HOST_ROUTE_INSTALL = 3,     /**< Route tenant prefix via gateway on a host. */
	RASGW_OP_HOST_ROUTE_WITHDRAW = 4,    /**< Withdraw such a route. */
	RASGW_OP_HOST_POLICY_INSTALL = 5,    /**< HNV policy naming the tenant's gateway. */
	RASGW_OP_HOST_POLICY_REMOVE = 6,     /**< Remove such a policy. */
	RASGW_OP_GATEWAY_PROMOTE = 7,        /**< Standby becomes active. */
	RASGW_OP_GATEWAY_DEMOTE = 8,         /**< Active becomes standby (inverse of promote). */
	RASGW_OP_GATEWAY_CONNECTION_CONFIGURE = 9, /**< Configure a connection (full settings). */
	RASGW_OP_GATEWAY_CONNECTION_REMOVE = 10,   /**< Remove a connection's configuration. */
	RASGW_OP_GATEWAY_BGP_RR_CONFIGURE = 11,    /**< Make the gateway the tenant's route reflector. */
	RASGW_OP_GATEWAY_BGP_RR_REMOVE = 12,       /**< Remove the tenant's route reflector. */
	RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE = 13,  /**< Peer an RR client with the tenant's RR. */
	RASGW_OP_GATEWAY_BGP_PEER_REMOVE = 14,     /**< Remove that peering. */
	RASGW_OP_GATEWAY_VIP_ASSIGN = 15,          /**< Assign a GRE VIP to the gateway. */
	RASGW_OP_GATEWAY_VIP_RELEASE = 16,         /**< Release it. */
	RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN = 17,   /**< Assign an L3 CA-space or BGP IP. */
	RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE = 18,  /**< Release it. */
	RASGW_OP_TOR_VIP_ADVERTISE = 19,           /**< TOR learns the VIP via the gateway (BGP). */
	RASGW_OP_TOR_VIP_WITHDRAW = 20             /**< TOR withdraws it. */
} rasgw_op_kind;

/** Number of operation kinds. */
#define RASGW_OP_KIND_COUNT 21

/**
 * One operation. Which fields are set depends on the kind (see
 * doc/plan-format.md); unset strings are NULL and unset numbers 0.
 * Everything a backend needs is here: backends never read the model.
 */
typedef struct rasgw_op {
	rasgw_phase phase;             /**< Phase it runs in. */
	rasgw_target_kind target_kind; /**< What it is addressed to. */
	const char *target;            /**< Target id (public IP, host, gateway or rack id). */
	rasgw_op_kind kind;            /**< What to do. */
	const char *tenant;            /**< Tenant concerned. */
	const char *connection;        /**< Connection concerned. */
	const char *gateway;           /**< Gateway concerned (new gateway for NAT updates, routes, policies, RR). */
	const char *old_gateway;       /**< Previous gateway (NAT update). */
	const char *dip;               /**< Gateway DIP (NAT target, route next hop). */
	const char *old_dip;           /**< Previous DIP (NAT update). */
	const char *public_ip;         /**< SLB public IP (NAT). */
	const char *source_ip;         /**< Tenant source IP (NAT). */
	const char *prefix;            /**< Route prefix (CIDR). */
	const char *address;           /**< Address assigned, released or advertised (VIP, CA IP, BGP IP). */
	uint16_t vlan;                 /**< VLAN of an L3 address. */
	uint32_t asn;                  /**< Local ASN (TOR advertisements, RR). */
	uint32_t peer_asn;             /**< Peer ASN (BGP peers). */
	const char *peer_ip;           /**< Peer address (BGP peer, TOR peer). */
	/** Full connection settings for connection configure/remove, else NULL. */
	const rasgw_connection *settings;
} rasgw_op;

/** Kinds of model change. Values are ABI; new kinds are appended. */
typedef enum rasgw_change_kind {
	RASGW_CHANGE_CONNECTION_ADD = 0,    /**< Add `connection` (placed on its gateway_id). */
	RASGW_CHANGE_CONNECTION_REMOVE = 1, /**< Remove `connection` (must be unplaced by an earlier move). */
	RASGW_CHANGE_CONNECTION_MOVE = 2,   /**< Connection `id` from gateway `from` to `to` (NULL: unplaced). */
	RASGW_CHANGE_CONNECTION_ROUTES = 3, /**< Learned prefixes of `id` from from_prefixes to to_prefixes. */
	RASGW_CHANGE_TENANT_RR = 4,         /**< Tenant `id`'s RR from gateway `from` to `to`. */
	RASGW_CHANGE_GATEWAY_ROLE = 5,      /**< Gateway `id` role from `from` to `to` (role names). */
	RASGW_CHANGE_GATEWAY_VIP = 6,       /**< Gateway `id` GRE VIP from `from` to `to`. */
	RASGW_CHANGE_HOST_STATE = 7,        /**< Host `id` from `from` to `to` ("up" or "failed"). */
	RASGW_CHANGE_GATEWAY_ADD = 8,       /**< Add `gateway`. */
	RASGW_CHANGE_GATEWAY_REMOVE = 9,    /**< Remove `gateway` (empty). */
	RASGW_CHANGE_POOL_ADD = 10,         /**< Add `pool`. */
	RASGW_CHANGE_POOL_REMOVE = 11       /**< Remove `pool` (no gateways left). */
} rasgw_change_kind;

/** Number of change kinds. */
#define RASGW_CHANGE_KIND_COUNT 12

/** One change of the model. Unset fields are NULL / 0. */
typedef struct rasgw_change {
	rasgw_change_kind kind;  /**< What changes. */
	const char *id;          /**< Id of the entity that changes. */
	const char *from;        /**< Value before (gateway id, role name, VIP, host state). */
	const char *to;          /**< Value after. */
	const char *const *from_prefixes; /**< CONNECTION_ROUTES: before, ascending. */
	size_t from_prefix_count;         /**< Count of from_prefixes. */
	const char *const *to_prefixes;   /**< CONNECTION_ROUTES: after, ascending. */
	size_t to_prefix_count;           /**< Count of to_prefixes. */
	const rasgw_connection *connection; /**< CONNECTION_ADD/REMOVE: the full record. */
	const rasgw_gateway *gateway;       /**< GATEWAY_ADD/REMOVE: the full record. */
	const rasgw_pool *pool;             /**< POOL_ADD/REMOVE: the full record. */
} rasgw_change;

/** Where a plan put a connection (new or moved). */
typedef struct rasgw_placement {
	const char *connection;         /**< Connection id. */
	const char *tenant;             /**< Its tenant. */
	const char *pool;               /**< Pool chosen. */
	const char *gateway;            /**< Gateway chosen. */
	const char *old_gateway;        /**< Where it was, or NULL for a new connection. */
	const char *tunnel_destination; /**< GRE: the gateway's GRE VIP the remote router dials (R3.4). */
	const char *public_ip;          /**< IKEv2: the public IP the site dials (R1.4, R3.3). */
	uint64_t cost_kbps;             /**< Capacity it costs on the gateway. */
} rasgw_placement;

/** Something a plan could not do (R8.3), with the reason. */
typedef struct rasgw_plan_issue {
	const char *connection; /**< Connection concerned, or NULL. */
	const char *tenant;     /**< Tenant concerned, or NULL. */
	int code;               /**< RASGW_ENOCAPACITY ... */
	const char *reason;     /**< Human explanation. */
} rasgw_plan_issue;

/** Free a plan. Accepts NULL. */
RASGW_EXTERN(void) rasgw_plan_free(rasgw_plan *plan);

/** Number of operations. */
RASGW_EXTERN(size_t) rasgw_plan_op_count(const rasgw_plan *plan);
/** The i-th operation (borrowed), or NULL when out of range. Operations are in execution order. */
RASGW_EXTERN(const rasgw_op *) rasgw_plan_op_get(const rasgw_plan *plan, size_t i);
/** Callback for rasgw_plan_op_foreach(); non-zero stops the walk. */
typedef int (*rasgw_op_cb)(const rasgw_op *op, void *payload);
/**
 * Call cb for each operation in order.
 * @return 0, RASGW_EINVAL, or the first non-zero value cb returned.
 */
RASGW_EXTERN(int) rasgw_plan_op_foreach(const rasgw_plan *plan, rasgw_op_cb cb, void *payload);

/** Number of model changes. */
RASGW_EXTERN(size_t) rasgw_plan_change_count(const rasgw_plan *plan);
/** The i-th change (borrowed), or NULL when out of range. */
RASGW_EXTERN(const rasgw_change *) rasgw_plan_change_get(const rasgw_plan *plan, size_t i);

/** Number of placements. */
RASGW_EXTERN(size_t) rasgw_plan_placement_count(const rasgw_plan *plan);
/** The i-th placement (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_placement *) rasgw_plan_placement_get(const rasgw_plan *plan, size_t i);

/** Number of things the plan could not do. */
RASGW_EXTERN(size_t) rasgw_plan_issue_count(const rasgw_plan *plan);
/** The i-th issue (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_plan_issue *) rasgw_plan_issue_get(const rasgw_plan *plan, size_t i);

/** The event that produced the plan, e.g. "connection.add" (borrowed, never NULL). */
RASGW_EXTERN(const char *) rasgw_plan_event(const rasgw_plan *plan);
/** The subject of that event, e.g. the connection or gateway id (borrowed, may be NULL). */
RASGW_EXTERN(const char *) rasgw_plan_subject(const rasgw_plan *plan);

/** Fingerprint of the model state the plan was computed from (R8.4). */
RASGW_EXTERN(uint64_t) rasgw_plan_base_fingerprint(const rasgw_plan *plan);
/** Fingerprint of the state after committing the plan. */
RASGW_EXTERN(uint64_t) rasgw_plan_result_fingerprint(const rasgw_plan *plan);

/**
 * The plan that undoes this one: changes and operations reversed and each
 * replaced by its inverse, phases reversed, fingerprints swapped. Committing
 * a plan and then its inverse restores the original fingerprint.
 * @param out receives the new plan (caller frees).
 * @param plan the plan to undo (not changed).
 * @return 0, RASGW_EINVAL, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_invert(rasgw_plan **out, const rasgw_plan *plan);

/**
 * Apply a plan's changes to the model, all or nothing.
 *
 * Refuses with RASGW_ESTALE (model unchanged) when the plan's base
 * fingerprint is not the model's (optimistic concurrency, R8.4), and with
 * RASGW_EVALIDATE when a change does not fit the model (a hand-made or
 * corrupted plan). Records borrowed from the model before the commit may be
 * invalid after it.
 *
 * @return 0, RASGW_EINVAL, RASGW_ESTALE, RASGW_EVALIDATE, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_model_commit(rasgw_model *model, const rasgw_plan *plan);

/** "slb.nat.add" ...; "?" when unknown. Static string. */
RASGW_EXTERN(const char *) rasgw_op_kind_name(rasgw_op_kind kind);
/** "slb", "host", "gateway", "tor"; "?" when unknown. Static string. */
RASGW_EXTERN(const char *) rasgw_target_kind_name(rasgw_target_kind kind);
/** "withdraw-routes" ...; "?" when unknown. Static string. */
RASGW_EXTERN(const char *) rasgw_phase_name(rasgw_phase phase);
/** "connection.add" ...; "?" when unknown. Static string. */
RASGW_EXTERN(const char *) rasgw_change_kind_name(rasgw_change_kind kind);
/** The kind that undoes `kind` (add <-> remove ...); NAT update is its own inverse. */
RASGW_EXTERN(rasgw_op_kind) rasgw_op_kind_inverse(rasgw_op_kind kind);

/** Version of rasgw_plan_json_options known to this header. */
#define RASGW_PLAN_JSON_OPTIONS_VERSION 1

/** Limits for reading a plan from JSON (untrusted input). */
typedef struct rasgw_plan_json_options {
	unsigned int version; /**< RASGW_PLAN_JSON_OPTIONS_VERSION. */
	size_t max_bytes;     /**< Largest input accepted; 0 = default (64 MiB). */
	uint32_t max_depth;   /**< Deepest nesting accepted; 0 = default (16). */
	size_t max_ops;       /**< Most operations plus changes accepted; 0 = default (4 000 000). */
} rasgw_plan_json_options;

/** Initializer with defaults. */
#define RASGW_PLAN_JSON_OPTIONS_INIT { RASGW_PLAN_JSON_OPTIONS_VERSION, 0, 0, 0 }

/**
 * Initialize options to defaults (for FFI users that cannot use the macro).
 * @return 0 or RASGW_EVERSION.
 */
RASGW_EXTERN(int) rasgw_plan_json_options_init(rasgw_plan_json_options *opts, unsigned int version);

/**
 * Canonical JSON text of a plan (documented in doc/plan-format.md). The same
 * plan always gives the same bytes; reading them back and writing again
 * gives the same bytes.
 * @param plan the plan to write (not changed).
 * @param out receives NUL-terminated text; free with rasgw_free().
 * @return 0, RASGW_EINVAL, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_to_json(const rasgw_plan *plan, char **out);

/**
 * One operation as a JSON object, exactly as it appears in the "ops" array
 * of rasgw_plan_to_json() (no trailing newline): for logs, audit trails and
 * backends that forward operations elsewhere.
 * @param op the operation (e.g. from rasgw_plan_op_get() or a backend's apply).
 * @param out receives NUL-terminated text; free with rasgw_free().
 * @return 0, RASGW_EINVAL, RASGW_EVALIDATE (a string is not UTF-8), RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_op_to_json(const rasgw_op *op, char **out);

/**
 * Read a plan from JSON, validating it as untrusted input: limits, types,
 * unknown kinds and keys, and every id it names against `model` (ids added
 * by the plan itself excepted).
 * @param out receives the plan (caller frees); untouched on failure.
 * @param model the model it is meant for (not changed); required.
 * @param json the JSON text (UTF-8); need not be NUL-terminated; borrowed
 *        for the duration of the call.
 * @param len its length in bytes.
 * @param opts limits, or NULL for the defaults.
 * @return 0, RASGW_EINVAL, RASGW_EPARSE, RASGW_EVALIDATE, RASGW_ELIMIT,
 *         RASGW_ENOTFOUND, RASGW_EVERSION, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_from_json(rasgw_plan **out, const rasgw_model *model, const char *json,
				       size_t len, const rasgw_plan_json_options *opts);

RASGW_END_DECL

#endif
