/**
 * @file rasgw/model.h
 * @brief The in-memory model of pools, gateways, hosts, racks, tenants and
 *        connections, with read access.
 *
 * A rasgw_model is the only mutable state of librasgw. It is built by the
 * topology loader (rasgw/load.h) or from a snapshot (rasgw/snapshot.h), and it
 * changes only through rasgw_model_commit() (rasgw/plan.h).
 *
 * Records: the entity records below are read-only views owned by the model.
 * A pointer to a record, and every string or array reachable from it, is
 * borrowed: valid until the model is next changed (commit) or freed. Fields
 * are only ever appended to these structs, so reading them is ABI-stable.
 *
 * Order: the `_get(m, i)` functions walk entities in ascending id order
 * (strcmp), so output built from them is deterministic.
 *
 * Thread-safety: every function taking a `const rasgw_model *` may run
 * concurrently with others on the same model; a commit needs exclusive
 * access (no reader at the same time).
 */
#ifndef RASGW_MODEL_H
#define RASGW_MODEL_H

#include "common.h"

RASGW_BEGIN_DECL

/** The model (opaque). */
typedef struct rasgw_model rasgw_model;

/** Which connection types a pool serves (R1.1). Values are ABI. */
typedef enum rasgw_pool_type {
	RASGW_POOL_ALL = 0,   /**< Serves IKEv2, GRE and L3 ("All"). */
	RASGW_POOL_IKEV2 = 1, /**< IKEv2 site-to-site IPsec ("S2sIpSec"). */
	RASGW_POOL_GRE = 2,   /**< GRE tunnels ("S2sGre"). */
	RASGW_POOL_L3 = 3     /**< L3 forwarding ("Forwarding"). */
} rasgw_pool_type;

/** Type of a tenant connection (R2.3). Values are ABI; also index type_max_kbps. */
typedef enum rasgw_conn_type {
	RASGW_CONN_IKEV2 = 0, /**< IKEv2 site-to-site ("IPSec"). */
	RASGW_CONN_GRE = 1,   /**< GRE tunnel ("GRE"). */
	RASGW_CONN_L3 = 2     /**< L3 forwarding over a VLAN ("L3"). */
} rasgw_conn_type;

/** Number of connection types. */
#define RASGW_CONN_TYPE_COUNT 3

/** Role of a gateway in its pool (R1.2). Values are ABI. */
typedef enum rasgw_gateway_role {
	RASGW_GATEWAY_ACTIVE = 0,   /**< Serves connections ("Active"). */
	RASGW_GATEWAY_STANDBY = 1,  /**< Idle, ready to take over ("Redundant"). */
	RASGW_GATEWAY_FAILED = 2,   /**< Down; carries nothing ("Failed"). */
	RASGW_GATEWAY_DRAINING = 3  /**< Being emptied before removal ("Draining"). */
} rasgw_gateway_role;

/** How a connection learns its routes (R2.4). */
typedef enum rasgw_routing {
	RASGW_ROUTING_STATIC = 0, /**< Static prefixes configured on the connection. */
	RASGW_ROUTING_BGP = 1     /**< BGP: the gateway peers with the site and learns prefixes. */
} rasgw_routing;

/** A rack and its top-of-rack switch (R6.2, R7.2). */
typedef struct rasgw_rack {
	const char *id;           /**< Unique id. */
	const char *tor_name;     /**< TOR switch name. */
	uint32_t tor_asn;         /**< TOR BGP ASN (infrastructure BGP, R6.2). */
	const char *tor_peer_ip;  /**< Address the gateways peer with on the TOR; may be NULL. */
	const uint16_t *vlans;    /**< VLANs configured on the TOR, ascending (R7.2). */
	size_t vlan_count;        /**< Number of entries in vlans. */
} rasgw_rack;

/** A hypervisor host (gateways and tenant VMs run on hosts). */
typedef struct rasgw_host {
	const char *id;      /**< Unique id. */
	const char *rack_id; /**< Rack the host sits in. */
	const char *address; /**< Provider (PA) address of the host; may be NULL. */
	bool failed;         /**< True after a host failure was committed. */
} rasgw_host;

/** A gateway pool (R1). */
typedef struct rasgw_pool {
	const char *id;                  /**< Unique id. */
	rasgw_pool_type type;            /**< Connection types served (R1.1). */
	uint64_t capacity_kbps;          /**< Capacity of each gateway of the pool (R1.3). */
	uint32_t redundant_count;        /**< N of M+N: configured standby count (R1.2). */
	const char *const *public_ips;   /**< Shared front-end VIPs on the SLB, ascending (R1.4). */
	size_t public_ip_count;          /**< Number of public IPs. */
	const char *const *gre_vip_subnets; /**< GRE VIP ranges (CIDR), GRE and All pools only (R6.1). */
	size_t gre_vip_subnet_count;     /**< Number of GRE VIP ranges. */
	/** Maximum throughput per gateway for each rasgw_conn_type, used for cost accounting. */
	uint64_t type_max_kbps[RASGW_CONN_TYPE_COUNT];
	const char *const *tenants;      /**< Tenants the pool is restricted to (R1.6), ascending; empty = any. */
	size_t tenant_count;             /**< Number of restricted tenants. */
	const char *reseller;            /**< Reseller (partner channel) the pool is dedicated to, or NULL (R1.6). */
	/* Derived figures, kept current by the model: */
	uint32_t gateway_count;          /**< All gateways of the pool, any role. */
	uint32_t active_count;           /**< M: active plus draining gateways. */
	uint32_t standby_count;          /**< Standby gateways available now. */
	uint32_t failed_count;           /**< Failed gateways. */
	uint64_t used_kbps;              /**< Capacity used on active and draining gateways. */
	uint64_t free_kbps;              /**< Capacity free on active gateways. */
	uint32_t tenant_users;           /**< Tenants with at least one connection in the pool. */
	uint32_t rr_count;               /**< Route reflectors held by gateways of the pool. */
} rasgw_pool;

/** A gateway VM (R1, R6.1). */
typedef struct rasgw_gateway {
	const char *id;          /**< Unique id. */
	const char *pool_id;     /**< Pool it belongs to. */
	const char *host_id;     /**< Host it runs on ("virtualServer"). */
	const char *dip;         /**< Dedicated IP, target of SLB NAT rules (R3.3). */
	const char *gre_vip;     /**< GRE VIP; set only in GRE and All pools (R6.1), else NULL. */
	rasgw_gateway_role role; /**< Current role. */
	/* Derived figures, kept current by the model: */
	uint64_t capacity_kbps;  /**< The pool's per-gateway capacity. */
	uint64_t used_kbps;      /**< Sum of the costs of its connections. */
	uint64_t available_kbps; /**< capacity_kbps - used_kbps. */
	uint32_t connection_count; /**< Connections placed on it. */
	uint32_t rr_count;       /**< Tenants whose route reflector it holds (R3.2). */
} rasgw_gateway;

/** A tenant (R2). */
typedef struct rasgw_tenant {
	const char *id;                    /**< Unique id. */
	const char *reseller;              /**< Reseller the tenant comes through, or NULL (R1.6). */
	const char *const *hosts;          /**< Hosts where its VMs run, ascending (R3.5). */
	size_t host_count;                 /**< Number of hosts. */
	const char *const *gateway_pools;  /**< Pools it may use, ascending; empty = any allowed. */
	size_t gateway_pool_count;         /**< Number of allowed pools. */
	uint32_t asn;                      /**< Cloud-side BGP ASN of the tenant (0 = none). */
	const char *rr_gateway;            /**< Gateway holding its route reflector, or NULL (R3.2). */
	/* Derived: */
	uint32_t connection_count;         /**< Its connections. */
} rasgw_tenant;

/** A tenant connection (R2.3, R2.4). */
typedef struct rasgw_connection {
	const char *id;            /**< Unique id. */
	const char *tenant_id;     /**< Owning tenant. */
	rasgw_conn_type type;      /**< IKEv2, GRE or L3. */
	uint64_t inbound_kbps;     /**< Bandwidth demand towards the cloud. */
	uint64_t outbound_kbps;    /**< Bandwidth demand towards the site. */
	/* IKEv2 */
	const char *source_ip;     /**< Tenant site address; unique across tenants (R2.3). */
	const char *destination_ip; /**< Public IP the site dials, or NULL for the pool's first. */
	/* GRE */
	const char *remote_endpoint; /**< Remote tunnel endpoint. */
	uint32_t gre_key;          /**< GRE key. */
	/* L3 */
	uint16_t vlan;             /**< VLAN of the tenant's logical network (R7.1). */
	const char *vlan_subnet;   /**< Subnet of that network (CIDR); may overlap across tenants. */
	const char *ca_ip;         /**< CA-space IP on the gateway (the remote next hop). */
	const char *peer_ip;       /**< Peer IP on the remote side. */
	const char *bgp_ip;        /**< Tenant's CA-space BGP IP on the gateway, or NULL. */
	/* Routing */
	rasgw_routing routing;     /**< Static or BGP. */
	uint32_t peer_asn;         /**< Site's ASN when routing is BGP. */
	const char *peer_bgp_ip;   /**< Site's BGP peer address, or NULL. */
	const char *const *static_prefixes;  /**< Static routes (CIDR), ascending. */
	size_t static_prefix_count;          /**< Number of static prefixes. */
	const char *const *learned_prefixes; /**< Prefixes learned by BGP, ascending. */
	size_t learned_prefix_count;         /**< Number of learned prefixes. */
	const char *gateway_id;    /**< Gateway it is placed on, or NULL when unplaced. */
	/* Derived: */
	uint64_t cost_kbps;        /**< Capacity it costs on its gateway (0 when unplaced). */
} rasgw_connection;

/**
 * Create an empty model.
 * @param out receives the model (caller frees with rasgw_model_free()).
 * @return 0, RASGW_EINVAL, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_model_new(rasgw_model **out);

/** Free a model and everything it owns. Accepts NULL. */
RASGW_EXTERN(void) rasgw_model_free(rasgw_model *model);

/** Number of racks. */
RASGW_EXTERN(size_t) rasgw_model_rack_count(const rasgw_model *model);
/** The i-th rack in id order (borrowed), or NULL if i is out of range. */
RASGW_EXTERN(const rasgw_rack *) rasgw_model_rack_get(const rasgw_model *model, size_t i);
/** The rack with this id (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_rack *) rasgw_model_rack_lookup(const rasgw_model *model, const char *id);

/** Number of hosts. */
RASGW_EXTERN(size_t) rasgw_model_host_count(const rasgw_model *model);
/** The i-th host in id order (borrowed), or NULL if i is out of range. */
RASGW_EXTERN(const rasgw_host *) rasgw_model_host_get(const rasgw_model *model, size_t i);
/** The host with this id (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_host *) rasgw_model_host_lookup(const rasgw_model *model, const char *id);

/** Number of pools. */
RASGW_EXTERN(size_t) rasgw_model_pool_count(const rasgw_model *model);
/** The i-th pool in id order (borrowed), or NULL if i is out of range. */
RASGW_EXTERN(const rasgw_pool *) rasgw_model_pool_get(const rasgw_model *model, size_t i);
/** The pool with this id (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_pool *) rasgw_model_pool_lookup(const rasgw_model *model, const char *id);

/** Number of gateways. */
RASGW_EXTERN(size_t) rasgw_model_gateway_count(const rasgw_model *model);
/** The i-th gateway in id order (borrowed), or NULL if i is out of range. */
RASGW_EXTERN(const rasgw_gateway *) rasgw_model_gateway_get(const rasgw_model *model, size_t i);
/** The gateway with this id (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_gateway *) rasgw_model_gateway_lookup(const rasgw_model *model, const char *id);

/** Number of tenants. */
RASGW_EXTERN(size_t) rasgw_model_tenant_count(const rasgw_model *model);
/** The i-th tenant in id order (borrowed), or NULL if i is out of range. */
RASGW_EXTERN(const rasgw_tenant *) rasgw_model_tenant_get(const rasgw_model *model, size_t i);
/** The tenant with this id (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_tenant *) rasgw_model_tenant_lookup(const rasgw_model *model, const char *id);

/** Number of connections. */
RASGW_EXTERN(size_t) rasgw_model_connection_count(const rasgw_model *model);
/** The i-th connection in id order (borrowed), or NULL if i is out of range. */
RASGW_EXTERN(const rasgw_connection *) rasgw_model_connection_get(const rasgw_model *model, size_t i);
/** The connection with this id (borrowed), or NULL. */
RASGW_EXTERN(const rasgw_connection *) rasgw_model_connection_lookup(const rasgw_model *model, const char *id);

/**
 * The capacity a connection of this type and bandwidth costs on a gateway of
 * this pool: ceil(capacity / min(typeMax, capacity) * (inbound + outbound))
 * (R1.3; the Network Controller's accounting).
 *
 * @return the cost in kbps, or UINT64_MAX for a NULL pool or invalid type.
 */
RASGW_EXTERN(uint64_t) rasgw_pool_connection_cost(const rasgw_pool *pool, rasgw_conn_type type,
						  uint64_t inbound_kbps, uint64_t outbound_kbps);

/**
 * 64-bit fingerprint of the model's canonical state (XXH3 of each entity's
 * canonical encoding, combined independently of insertion order). Stable
 * across runs, machines and compilers; derived figures are not part of it.
 * An empty model has a fixed fingerprint. Constant time: kept current.
 */
RASGW_EXTERN(uint64_t) rasgw_model_fingerprint(const rasgw_model *model);

/**
 * Check the model's invariants: no gateway over capacity (R1.3), N <= M in
 * every pool (R1.2), connections and route reflectors only on active or
 * draining gateways, no live gateway on a failed host, every tenant with
 * placed connections holding exactly one route reflector (R3.2), and the
 * derived figures and fingerprint agreeing with the entities. A controller
 * (or `rasgw-sim --check`) calls it after commits when it wants proof; it
 * reads the whole model, so it costs O(model).
 *
 * Thread-safety: reads only; may run concurrently with other readers.
 * @return 0, RASGW_EINVAL (NULL), or RASGW_EVALIDATE with the first
 *         violation in rasgw_error_last().
 */
RASGW_EXTERN(int) rasgw_model_check(const rasgw_model *model);

/** Names for enum values as used in files ("All", "S2sIpSec", ...); static strings, "?" if unknown. */
RASGW_EXTERN(const char *) rasgw_pool_type_name(rasgw_pool_type type);
/** "IPSec", "GRE", "L3"; "?" if unknown. */
RASGW_EXTERN(const char *) rasgw_conn_type_name(rasgw_conn_type type);
/** "Active", "Redundant", "Failed", "Draining"; "?" if unknown. */
RASGW_EXTERN(const char *) rasgw_gateway_role_name(rasgw_gateway_role role);

RASGW_END_DECL

#endif
