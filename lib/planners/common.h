/*
 * Helpers shared by the planners (placement, route reflectors, failover,
 * drain and scale, routes, rebalance): candidate search, best fit, route
 * reflector choice, and the operations every "put a connection here / take
 * it away" needs. Planners only read the model.
 */
#ifndef RASGW_PLANNERS_COMMON_H
#define RASGW_PLANNERS_COMMON_H

#include "plan/plan_int.h"
#include "rasgw/place.h"

/*
 * Capacity already promised to gateways by the plan being built (a failover
 * moving many connections, a drain), and gateways that must not be chosen
 * (the failed one, gateways on a failed host, standbys already taken).
 */
typedef struct rasgw__fit_ctx {
	rasgw__map extra;    /* gateway id -> (uintptr_t) extra kbps planned */
	rasgw__map excluded; /* gateway id -> non-NULL */
	/* Connections already moved by this plan, whose old usage must not count
	 * for R2.2 (NULL when none). */
	const rasgw__conn *moving;
	/* Gateways with extra > 0, each once, in the order first loaded: the
	 * indexed search weighs them one by one (their spare is not their key). */
	RASGW__VEC(const rasgw__gateway *) extra_gws;
} rasgw__fit_ctx;

void rasgw__fit_ctx_init(rasgw__fit_ctx *ctx);
void rasgw__fit_ctx_free(rasgw__fit_ctx *ctx);
uint64_t rasgw__fit_extra(const rasgw__fit_ctx *ctx, const rasgw__gateway *g);
int rasgw__fit_add_extra(rasgw__fit_ctx *ctx, const rasgw__gateway *g, uint64_t kbps);
int rasgw__fit_exclude(rasgw__fit_ctx *ctx, const rasgw__gateway *g);
/* ctx may be NULL (nothing excluded). */
bool rasgw__fit_is_excluded(const rasgw__fit_ctx *ctx, const rasgw__gateway *g);
/*
 * Spare capacity of g as the plan sees it: capacity - used - extra, plus the
 * cost of ctx->moving when it sits on g (0 when overcommitted).
 */
uint64_t rasgw__fit_spare(const rasgw__fit_ctx *ctx, const rasgw__gateway *g);

/*
 * Choose a gateway for connection c of tenant t among active gateways of
 * every pool that may take it (rasgw__check_placement), by `policy`:
 * best fit (least spare left, R3.1), tenant affinity then best fit, or worst
 * fit. Tie-break: smaller spare (or larger for worst fit), then pool id,
 * then gateway id. Uses each pool's free-capacity index: O(pools * log G).
 * ctx may be NULL.
 * Returns 0 and *out, or RASGW_ENOCAPACITY with *largest_free (the largest
 * spare among feasible-by-rule candidates) and a reason in the error slot.
 */
int rasgw__fit_choose(const rasgw_model *m, const rasgw__tenant *t, const rasgw_connection *c,
		      rasgw_fit_policy policy, const rasgw__fit_ctx *ctx, rasgw__gateway **out,
		      uint64_t *largest_free);

/* The same by scanning every gateway: the reference the benchmark and the
 * tests compare the indexed search against. */
int rasgw__fit_choose_scan(const rasgw_model *m, const rasgw__tenant *t,
			   const rasgw_connection *c, rasgw_fit_policy policy,
			   const rasgw__fit_ctx *ctx, rasgw__gateway **out, uint64_t *largest_free);

/*
 * Route reflector location for tenant t within pool p (R3.2): rendezvous
 * (highest random weight) hashing of (tenant id, gateway id) with xxHash over
 * the pool's active gateways not excluded by ctx; spreads tenants evenly and
 * moves only the tenants of a gateway that comes or goes. NULL if none.
 */
rasgw__gateway *rasgw__rr_choose(const rasgw_model *m, const rasgw__tenant *t,
				 const rasgw__pool *p, const rasgw__fit_ctx *ctx);
/* The rendezvous weight: XXH3 of "<tenant id>\x1f<gateway id>". */
uint64_t rasgw__rr_weight(const char *tenant_id, const char *gateway_id);

/*
 * Operations for one connection on gateway g (shared by add, remove,
 * failover, drain): configure or remove on the gateway (with L3 addresses,
 * GRE VIP use), SLB NAT for IKEv2, routes and HNV policies on every host of
 * the tenant for its static and learned prefixes. `install` chooses the
 * direction; phases follow rasgw_phase.
 */
/*
 * Install: L3 CA-space and BGP IPs (gateway.l3.address.assign, configure),
 * gateway.connection.configure with the full settings (configure; GRE also
 * names the gateway's VIP in `address`), slb.nat.add for IKEv2 (repoint-slb;
 * public IP = settings->destination_ip or the pool's first), the BGP peering
 * with the site when routing is BGP (repeer), then per live host of the
 * tenant one host.policy.install and a host.route.install per prefix of
 * static ∪ learned (install-routes). Remove: host.route.withdraw
 * (withdraw-routes), host.policy.remove (remove-policies), slb.nat.remove
 * (repoint-slb), peer, connection and address removal (cleanup).
 * `c` may be NULL for a connection not in the model yet (the tenant is then
 * looked up by settings->tenant_id). Route reflector ops are separate
 * (rasgw__emit_rr, rasgw__emit_rr_client).
 */
void rasgw__emit_connection_config(rasgw_plan *p, const rasgw__conn *c,
				   const rasgw_connection *settings, const rasgw__gateway *g,
				   bool install);
void rasgw__emit_routes(rasgw_plan *p, const rasgw__tenant *t, const rasgw_connection *c,
			const rasgw__gateway *g, const char *const *prefixes, size_t n,
			bool install);

/* Parts of rasgw__emit_connection_parts (failover re-creates some only). */
#define RASGW__EMIT_GATEWAY 0x1u   /* L3 addresses + connection configure/remove */
#define RASGW__EMIT_SLB 0x2u       /* IKEv2 NAT add/remove */
#define RASGW__EMIT_SITE_PEER 0x4u /* BGP peering with the tenant site */
#define RASGW__EMIT_HOSTS 0x8u     /* HNV policies and routes on the tenant's hosts */
#define RASGW__EMIT_ALL 0xfu
/* rasgw__emit_connection_config restricted to `parts`. */
void rasgw__emit_connection_parts(rasgw_plan *p, const rasgw__conn *c,
				  const rasgw_connection *settings, const rasgw__gateway *g,
				  bool install, unsigned int parts);

/* The tenant's route reflector on rr: gateway.bgp.rr.configure (configure)
 * or gateway.bgp.rr.remove (cleanup); asn = the tenant's ASN. */
void rasgw__emit_rr(rasgw_plan *p, const rasgw__tenant *t, const rasgw__gateway *rr, bool install);
/* Gateway g as RR client of rr for tenant t: gateway.bgp.peer.configure
 * (repeer) or .remove (cleanup) on g, peer_ip = rr's DIP, connection NULL. */
void rasgw__emit_rr_client(rasgw_plan *p, const rasgw__tenant *t, const rasgw__gateway *g,
			   const rasgw__gateway *rr, bool install);

/* The SLB public IP an IKEv2 connection on g is reached at (R1.4, R3.3):
 * its destination_ip, else the pool's first public IP; NULL if none or not
 * IKEv2. */
const char *rasgw__conn_public_ip(const rasgw_connection *s, const rasgw__gateway *g);

/*
 * Canonical (rasgw__prefix_canon), ascending copy of a prefix list in one
 * block freed with rasgw__free(*out). Duplicates merge when merge_dups, else
 * are RASGW_EVALIDATE. Messages name conn_id and field.
 */
int rasgw__prefix_list_canon(const char *const *in, size_t n, bool merge_dups,
			     const char *conn_id, const char *field, const char ***out,
			     size_t *out_n);

#endif
