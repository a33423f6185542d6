/*
 * Internal view of the model: entity structs, indexes kept current on every
 * change, and the mutation primitives that the builder (loader, snapshot)
 * and commit share.
 *
 * Every entity embeds its public read-only record as the first member `pub`,
 * so a `const rasgw_gateway *` handed out is the same address as the
 * internal struct. Public string fields point at strings the entity owns, or
 * at the id string of the entity referred to (borrowed within the model).
 *
 * Mutations come in two halves so that commit can be all-or-nothing:
 * fallible preparation (allocation, validation) with no visible change, then
 * an infallible link/unlink. Undoing a change never allocates, because
 * removing something leaves its slots reserved.
 */
#ifndef RASGW_MODEL_INT_H
#define RASGW_MODEL_INT_H

#include "core/core.h"
#include "core/oindex.h"
#include "rasgw/model.h"

/* Where an entity was defined in its input file, for error messages. */
typedef struct rasgw__pos {
	const char *file; /* NULL: no position known */
	unsigned int line;
	unsigned int column;
} rasgw__pos;

struct rasgw__rack;
struct rasgw__host;
struct rasgw__pool;
struct rasgw__gateway;
struct rasgw__tenant;
struct rasgw__conn;

/* Count of one tenant's connections on one pool or gateway. */
typedef struct rasgw__usage {
	void *what; /* struct rasgw__pool * or struct rasgw__gateway * */
	uint32_t count;
} rasgw__usage;

typedef struct rasgw__rack {
	rasgw_rack pub;
	uint64_t hash; /* fingerprint term */
	unsigned int line, column;
	RASGW__VEC(struct rasgw__host *) hosts;
} rasgw__rack;

typedef struct rasgw__host {
	rasgw_host pub;
	uint64_t hash;
	unsigned int line, column;
	struct rasgw__rack *rack;
	RASGW__VEC(struct rasgw__gateway *) gateways; /* unsorted */
	RASGW__VEC(struct rasgw__tenant *) tenants;   /* tenants with VMs here, unsorted */
} rasgw__host;

typedef struct rasgw__pool {
	rasgw_pool pub;
	uint64_t hash;
	unsigned int line, column;
	RASGW__VEC(struct rasgw__gateway *) gateways; /* ascending id */
	/* Active gateways ordered by (available_kbps, id): best fit is a lower bound. */
	rasgw__oindex free_index;
} rasgw__pool;

typedef struct rasgw__gateway {
	rasgw_gateway pub;
	uint64_t hash;
	unsigned int line, column;
	struct rasgw__pool *pool;
	struct rasgw__host *host;
	rasgw__onode free_node; /* in pool->free_index while active */
	RASGW__VEC(struct rasgw__conn *) conns;       /* unsorted; conn->gw_slot indexes it */
	RASGW__VEC(struct rasgw__tenant *) rr_tenants; /* unsorted; tenant->rr_slot indexes it */
} rasgw__gateway;

typedef struct rasgw__tenant {
	rasgw_tenant pub;
	uint64_t hash;
	unsigned int line, column;
	struct rasgw__host **hosts;        /* parallel to pub.hosts */
	struct rasgw__pool **pools;        /* parallel to pub.gateway_pools */
	struct rasgw__gateway *rr;         /* route reflector holder or NULL */
	size_t rr_slot;
	RASGW__VEC(struct rasgw__conn *) conns;  /* unsorted; conn->tenant_slot indexes it */
	RASGW__VEC(rasgw__usage) pool_usage;     /* placed connections per pool */
	RASGW__VEC(rasgw__usage) gw_usage;       /* placed connections per gateway */
} rasgw__tenant;

typedef struct rasgw__conn {
	rasgw_connection pub;
	uint64_t hash;
	struct rasgw__tenant *tenant;
	struct rasgw__gateway *gw; /* NULL when unplaced */
	/* 32 bits: a model is far from 2^32 connections on one gateway or tenant
	 * (the adds refuse more), and there may be millions of these records. No
	 * line/column here either: no check after the add names a connection's
	 * position. */
	uint32_t gw_slot;
	uint32_t tenant_slot;
} rasgw__conn;

/* Entities of one kind: lookup by id and ascending-id order. */
typedef struct rasgw__table {
	rasgw__map by_id;
	RASGW__VEC(void *) sorted; /* entity pointers, ascending id (pub.id first member) */
	bool unsorted;             /* only while a builder appends in bulk */
} rasgw__table;

struct rasgw_model {
	rasgw__table racks, hosts, pools, gateways, tenants, conns;
	rasgw__map source_ips; /* IKEv2 source IP -> rasgw__conn (R2.3) */
	rasgw__map addrs;      /* gateway DIPs and GRE VIPs -> rasgw__gateway */
	uint64_t fp_sum;       /* sum of every entity's hash term */
	char *source_name;     /* file the model was loaded from, for messages */
};

/* ---- tables ---- */
void *rasgw__table_get(const rasgw__table *t, const char *id);
/* Reserve room for one more entity (fallible); then insert is infallible. */
int rasgw__table_reserve(rasgw__table *t, size_t extra);
void rasgw__table_insert(rasgw__table *t, void *entity); /* keeps order unless t->unsorted */
void rasgw__table_remove(rasgw__table *t, void *entity);
void rasgw__table_sort(rasgw__table *t); /* after bulk appends */
void rasgw__table_free(rasgw__table *t);

/*
 * Bulk building (loaders): room for that many more entities of each kind
 * up front, so the tables and id maps do not regrow while they fill.
 * RASGW_ENOMEM leaves the model as it was (valid, possibly with more room).
 */
int rasgw__model_reserve(rasgw_model *m, size_t racks, size_t hosts, size_t pools,
			 size_t gateways, size_t tenants, size_t conns);
/*
 * While bulk is on, inserts append to the id-ordered arrays and end sorts
 * them once (the hash maps still catch duplicate ids at add time). Nothing
 * may walk the arrays in between. Inserting each entity in order would cost
 * a binary search and an O(n) move per entity.
 */
void rasgw__model_bulk_begin(rasgw_model *m);
void rasgw__model_bulk_end(rasgw_model *m);

/* ---- hash terms of the fingerprint (over public, non-derived fields) ---- */
uint64_t rasgw__hash_rack(const rasgw_rack *r);
uint64_t rasgw__hash_host(const rasgw_host *h);
uint64_t rasgw__hash_pool(const rasgw_pool *p);
uint64_t rasgw__hash_gateway(const rasgw_gateway *g);
uint64_t rasgw__hash_tenant(const rasgw_tenant *t);
uint64_t rasgw__hash_connection(const rasgw_connection *c);
/* The published fingerprint of a sum of terms. */
uint64_t rasgw__fingerprint_of_sum(uint64_t sum);

/*
 * ---- adding entities ----
 * The spec is the public record with borrowed strings (derived fields are
 * ignored); the model copies what it keeps. Each add validates everything
 * that can be checked against what is already in the model (duplicate id,
 * dangling references, R6.1 GRE VIP, R2.3 source IP, placement rules) and
 * changes nothing on failure. `pos` (may be NULL) locates the spec in its
 * input for messages ("file:line:column: gateway 'gw1': ...").
 * Add in dependency order: racks, hosts, pools, gateways, tenants, connections.
 */
int rasgw__model_add_rack(rasgw_model *m, const rasgw_rack *spec, const rasgw__pos *pos);
int rasgw__model_add_host(rasgw_model *m, const rasgw_host *spec, const rasgw__pos *pos);
int rasgw__model_add_pool(rasgw_model *m, const rasgw_pool *spec, const rasgw__pos *pos);
int rasgw__model_add_gateway(rasgw_model *m, const rasgw_gateway *spec, const rasgw__pos *pos);
/* spec->rr_gateway may name a gateway; it must be active or draining. */
int rasgw__model_add_tenant(rasgw_model *m, const rasgw_tenant *spec, const rasgw__pos *pos);
/* spec->gateway_id may place it; placement rules are checked (rasgw__check_placement). */
int rasgw__model_add_connection(rasgw_model *m, const rasgw_connection *spec, const rasgw__pos *pos);

/*
 * Checks that need the whole model (R1.2 N <= M per pool ...). The loader
 * and the snapshot reader call it once after the last add.
 */
int rasgw__model_validate(const rasgw_model *m);
/* The same rules for one pool (R1.2) or one tenant (R3.2): commit checks only
 * what a plan touched, so its cost follows the plan, not the model. */
int rasgw__model_validate_pool(const rasgw_model *m, const rasgw__pool *p);
int rasgw__model_validate_tenant(const rasgw_model *m, const rasgw__tenant *t);

/* Whole-model consistency of derived indexes and invariants, for tests and --check. */
int rasgw__model_check_invariants(const rasgw_model *m);

/*
 * ---- removing and changing (commit) ----
 * Unlinking takes an entity out of every table and index without freeing
 * it and without allocating; relinking right after puts it back, again
 * without allocating (the slots stay reserved). Commit undoes a removal that
 * way. Unlinking refuses (RASGW_ESTATE) while something refers to the entity:
 * a tenant with connections, a gateway with connections or route
 * reflectors, a pool with gateways. Connections are unplaced first.
 */
int rasgw__model_unlink_connection(rasgw_model *m, rasgw__conn *c);
void rasgw__model_relink_connection(rasgw_model *m, rasgw__conn *c);
int rasgw__model_unlink_tenant(rasgw_model *m, rasgw__tenant *t);
void rasgw__model_relink_tenant(rasgw_model *m, rasgw__tenant *t);
int rasgw__model_unlink_gateway(rasgw_model *m, rasgw__gateway *g);
void rasgw__model_relink_gateway(rasgw_model *m, rasgw__gateway *g);
int rasgw__model_unlink_pool(rasgw_model *m, rasgw__pool *p);
void rasgw__model_relink_pool(rasgw_model *m, rasgw__pool *p);

/* Link a fully built, unplaced connection (room reserved by the caller). */
void rasgw__model_link_connection(rasgw_model *m, rasgw__conn *c);
/*
 * Link a fully built, unplaced connection and place it on g (may be NULL),
 * hashing its fingerprint term once; room for both reserved by the caller
 * (rasgw__model_place_reserve). Same result as link then place.
 */
void rasgw__model_link_connection_on(rasgw_model *m, rasgw__conn *c, rasgw__gateway *g);
/* Link gateway g into its pool's list and figures (room reserved). */
void rasgw__pool_link_gateway(rasgw__pool *p, rasgw__gateway *g);
/* Reserve what placing one more connection of t on g needs. */
int rasgw__model_place_reserve(rasgw__tenant *t, rasgw__gateway *g);

/*
 * Move (gw != NULL) or unplace (gw == NULL) a connection. Checks no rule:
 * callers check rasgw__check_placement first. Fails only with
 * RASGW_ENOMEM, and never after rasgw__model_place_reserve(t, gw).
 */
int rasgw__model_place(rasgw_model *m, rasgw__conn *c, rasgw__gateway *gw);
/* Set or clear a tenant's route reflector; infallible once reserved (see .c). */
int rasgw__model_set_rr(rasgw_model *m, rasgw__tenant *t, rasgw__gateway *gw);
void rasgw__model_set_role(rasgw_model *m, rasgw__gateway *g, rasgw_gateway_role role);
void rasgw__model_set_host_failed(rasgw_model *m, rasgw__host *h, bool failed);

/*
 * Swaps, for commit: the entity takes the caller's value and the caller gets
 * the old one back instead of its being freed, so that undoing is swapping
 * again. They keep the fingerprint and the address map current and never
 * allocate.
 */

/* The gateway whose DIP or GRE VIP addr is in the address map, or NULL. */
rasgw__gateway *rasgw__model_addr_gateway(const rasgw_model *m, const char *addr);

/*
 * Exchange c's learned prefixes with *list / *count (an array of strings the
 * model owns from now on, ascending, or NULL and 0). Its own inverse.
 */
void rasgw__model_swap_learned(rasgw_model *m, rasgw__conn *c, const char *const **list,
			       size_t *count);

/*
 * What a GRE VIP swap did to the address map, so that it can be undone
 * exactly. Between the two changes of a failover that swaps the VIPs of two
 * gateways, both hold one VIP and the map names the one that took it last.
 */
typedef struct rasgw__vip_undo {
	struct rasgw__gateway *displaced; /* the map named it for the new VIP before, or NULL */
	bool dropped_own;                 /* g's entry for its old VIP was deleted */
} rasgw__vip_undo;

/* Room for the address-map entry a GRE VIP swap may add (RASGW_ENOMEM). */
int rasgw__model_gre_vip_reserve(rasgw_model *m);
/*
 * Give gateway g the GRE VIP *vip (a canonical address the model owns from
 * now on, or NULL) and hand its old VIP back in *vip. The map entry for the
 * new VIP is g's, taken from whichever gateway it named; g's entry for its
 * old VIP goes only if it was g's. Checks no rule (R6.1 is the caller's);
 * reserve first.
 */
void rasgw__model_swap_gre_vip(rasgw_model *m, rasgw__gateway *g, char **vip,
			       rasgw__vip_undo *undo);
/*
 * Undo that swap once every later change is undone: *vip is the old VIP it
 * handed back, and receives the one g had since. Only reuses map room.
 */
void rasgw__model_unswap_gre_vip(rasgw_model *m, rasgw__gateway *g, char **vip,
				 const rasgw__vip_undo *undo);

/*
 * Placement rules shared by the loader, the planners and commit (R1.3, R1.6,
 * R2.2, R2.3, R7.2): can connection `c` (of tenant `t`) sit on gateway `g`,
 * given that `extra_used` kbps are already planned onto g? Role is not
 * checked here (pre-placed connections may sit on any non-failed gateway in
 * a file). On refusal returns RASGW_EVALIDATE or RASGW_ENOCAPACITY and,
 * when reason != NULL, sets *reason to a static phrase.
 * `ignore_pool_usage_of` lets a move of c ignore its own current pool usage.
 */
int rasgw__check_placement(const rasgw_model *m, const rasgw__tenant *t,
			   const rasgw_connection *c, const rasgw__gateway *g, uint64_t extra_used,
			   const rasgw__conn *moving, const char **reason);

/* Whether rack r has vlan configured (R7.2). */
bool rasgw__rack_has_vlan(const rasgw__rack *r, uint16_t vlan);
/* Cost of c on a gateway of pool p (rasgw_pool_connection_cost). */
uint64_t rasgw__conn_cost(const rasgw__pool *p, const rasgw_connection *c);
/* Pool serves connection type? (R1.1) */
bool rasgw__pool_serves(const rasgw_pool *p, rasgw_conn_type type);
/* Pool accepts GRE (R6.1)? */
bool rasgw__pool_accepts_gre(const rasgw_pool *p);

/* Parse "All" / "S2sIpSec" ... case-insensitively; -1 if unknown. */
int rasgw__pool_type_parse(const char *s);
int rasgw__conn_type_parse(const char *s);
int rasgw__gateway_role_parse(const char *s);
int rasgw__routing_parse(const char *s);

/*
 * Address helpers (R2.3, R7.1): canonical text of an IPv4/IPv6 address or
 * prefix, or an error. `out` must hold INET6_ADDRSTRLEN + 4 bytes.
 */
#define RASGW__ADDR_MAX 64
int rasgw__addr_canon(const char *in, char out[RASGW__ADDR_MAX]);
int rasgw__prefix_canon(const char *in, char out[RASGW__ADDR_MAX]);
/*
 * Does address `a` lie inside prefix `p`, both in canonical text (R6.1 GRE
 * VIPs in their pool's subnets, R7.1 L3 addresses in their VLAN subnet)?
 * False as well when either does not parse or the families differ.
 */
bool rasgw__addr_in_prefix(const char *a, const char *p);

/* Typed casts from public records (the record is the first member). */
#define RASGW__GW(rec) ((rasgw__gateway *)(void *)(rec))
#define RASGW__CONN(rec) ((rasgw__conn *)(void *)(rec))
#define RASGW__TENANT(rec) ((rasgw__tenant *)(void *)(rec))
#define RASGW__POOL(rec) ((rasgw__pool *)(void *)(rec))
#define RASGW__HOST(rec) ((rasgw__host *)(void *)(rec))
#define RASGW__RACK(rec) ((rasgw__rack *)(void *)(rec))



/* ---- lists of strings the model owns (lists of the records: prefixes, ids ...) ---- */
/* A copy of in[0..n) in *out (NULL when n is 0): RASGW_ENOMEM, *out untouched. */
int rasgw__strs_dup(const char *const *in, size_t n, char ***out);
/* Free the n strings of v and v itself (v may be NULL when n is 0). */
void rasgw__strs_free(const char *const *v, size_t n);

/* Free one entity that is not (or no longer) linked in a model. */
void rasgw__rack_free(rasgw__rack *r);
void rasgw__host_free(rasgw__host *h);
void rasgw__pool_free(rasgw__pool *p);
void rasgw__gateway_free(rasgw__gateway *g);
void rasgw__tenant_free(rasgw__tenant *t);
void rasgw__conn_free(rasgw__conn *c);
#endif
