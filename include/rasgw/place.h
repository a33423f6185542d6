/**
 * @file rasgw/place.h
 * @brief Planning the provisioning of tenant connections (R2, R3): best-fit
 *        placement, route reflectors, SLB NAT, GRE VIPs, L3 addresses, routes.
 *
 * Every function here is a pure function of a `const rasgw_model *` and its
 * arguments: it never changes the model, is safe to call from many threads
 * on one model, and the same inputs give a byte-identical plan.
 */
#ifndef RASGW_PLACE_H
#define RASGW_PLACE_H

#include "common.h"
#include "model.h"
#include "plan.h"

RASGW_BEGIN_DECL

/** How a gateway is chosen among feasible candidates. Values are ABI. */
typedef enum rasgw_fit_policy {
	RASGW_FIT_BEST = 0,     /**< Least spare capacity left after placing (R3.1, default). */
	RASGW_FIT_AFFINITY = 1, /**< A gateway already serving the tenant if it fits, else best fit. */
	RASGW_FIT_WORST = 2     /**< Most spare capacity left (spreads load). */
} rasgw_fit_policy;

/** Version of rasgw_place_options known to this header. */
#define RASGW_PLACE_OPTIONS_VERSION 1

/** Options of placement planning. */
typedef struct rasgw_place_options {
	unsigned int version;    /**< RASGW_PLACE_OPTIONS_VERSION. */
	rasgw_fit_policy policy; /**< Default RASGW_FIT_BEST. */
} rasgw_place_options;

/** Initializer with defaults. */
#define RASGW_PLACE_OPTIONS_INIT { RASGW_PLACE_OPTIONS_VERSION, RASGW_FIT_BEST }

/**
 * Initialize placement options to their defaults (for FFI users that cannot
 * use RASGW_PLACE_OPTIONS_INIT).
 *
 * @param opts the caller's struct, overwritten.
 * @param version RASGW_PLACE_OPTIONS_VERSION.
 * @return 0, RASGW_EINVAL (opts NULL), RASGW_EVERSION (unknown version).
 * Thread-safety: safe from any thread.
 */
RASGW_EXTERN(int) rasgw_place_options_init(rasgw_place_options *opts, unsigned int version);

/**
 * Plan the provisioning of a new tenant connection (R3.1-R3.5).
 *
 * The gateway is chosen by `opts->policy` (best fit by default) among the
 * active gateways on live hosts of every pool the rules allow (pool type
 * R1.1, dedicated pools R1.6, All pools R2.2, VLAN on the rack R7.2, the
 * pool fronting spec->destination_ip R1.4, capacity R1.3). Ties go to the
 * smaller pool id, then the smaller gateway id (doc/placement.md).
 *
 * The plan holds: a CONNECTION_ADD change (the canonical record, placed);
 * on the tenant's first connection a TENANT_RR change and
 * gateway.bgp.rr.configure on the route reflector chosen by rendezvous
 * hashing within the chosen pool (R3.2); gateway.connection.configure (plus
 * gateway.l3.address.assign for L3); slb.nat.add for IKEv2 (R3.3);
 * gateway.bgp.peer.configure towards the site for BGP routing, and towards
 * the tenant's RR when the gateway is new to the tenant; host.policy.install
 * and host.route.install on every live host of the tenant (R3.5). Its one
 * placement names the pool, gateway, cost, the GRE VIP to dial (R3.4) or
 * the public IP (R1.4).
 *
 * @param out receives the plan (caller frees with rasgw_plan_free());
 *        untouched on failure.
 * @param m the model (only read).
 * @param spec the connection: id, tenant_id, type, bandwidth, the settings
 *        of its type, routing and prefixes; derived fields are ignored.
 *        Strings are borrowed for the call only. spec->gateway_id is NULL to
 *        let placement choose, or names an active gateway to pin the
 *        connection to (every rule is still checked).
 * @param opts NULL for defaults.
 * @return 0; RASGW_EINVAL (NULL argument, unknown policy); RASGW_EVERSION;
 *         RASGW_EVALIDATE (a field breaks a rule, or the chosen IKEv2 pool has
 *         no public IP); RASGW_EEXISTS (id or IKEv2 source IP taken, R2.3);
 *         RASGW_ENOTFOUND (tenant or pinned gateway unknown); RASGW_ESTATE
 *         (pinned gateway not active); RASGW_ENOCAPACITY (no gateway has room:
 *         the message names the largest free capacity among the eligible
 *         gateways and what the connection costs there); RASGW_ENOMEM.
 * Thread-safety: may run concurrently with other readers of `m`.
 */
RASGW_EXTERN(int) rasgw_plan_connection_add(rasgw_plan **out, const rasgw_model *m,
					    const rasgw_connection *spec,
					    const rasgw_place_options *opts);

/**
 * Plan the removal of a connection: host.route.withdraw, host.policy.remove,
 * slb.nat.remove (IKEv2), then on the gateway the site peering,
 * gateway.connection.remove and L3 address release; the RR-client peering
 * when it was the tenant's last connection on that gateway; and, when it
 * was the tenant's last placed connection, gateway.bgp.rr.remove with a
 * TENANT_RR change to none (R3.2). Changes: CONNECTION_MOVE to unplaced,
 * then CONNECTION_REMOVE. An unplaced connection gives a plan with the
 * removal change only.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param connection_id the connection to remove (borrowed for the call).
 * @param opts NULL for defaults (the policy is not used).
 * @return 0, RASGW_EINVAL, RASGW_EVERSION, RASGW_ENOTFOUND, RASGW_ENOMEM.
 * Thread-safety: may run concurrently with other readers of `m`.
 */
RASGW_EXTERN(int) rasgw_plan_connection_remove(rasgw_plan **out, const rasgw_model *m,
					       const char *connection_id,
					       const rasgw_place_options *opts);

/**
 * Plan the routes a BGP connection's gateway reports as learned (R3.5):
 * host.route.install on every live host of the tenant for each prefix newly
 * learned, host.route.withdraw for each prefix no longer learned (prefixes
 * also configured statically on the connection keep their route), and a
 * CONNECTION_ROUTES change. The same set as now gives a plan with no
 * operation and no change.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param connection_id a placed connection with BGP routing.
 * @param prefixes the complete set learned now (CIDR text, any spelling;
 *        duplicates merge); borrowed for the call. May be NULL when count is 0.
 * @param count number of prefixes.
 * @return 0, RASGW_EINVAL, RASGW_ENOTFOUND, RASGW_EVALIDATE (static routing
 *         or a malformed prefix), RASGW_ESTATE (not placed), RASGW_ELIMIT,
 *         RASGW_ENOMEM.
 * Thread-safety: may run concurrently with other readers of `m`.
 */
RASGW_EXTERN(int) rasgw_plan_routes_learned(rasgw_plan **out, const rasgw_model *m,
					    const char *connection_id,
					    const char *const *prefixes, size_t count);

/**
 * Plan placing a connection the model already holds but has not placed: one
 * a topology lists without a gateway, or one a failover could not re-place
 * (R8.3, reported among the plan's issues). Chooses the gateway as
 * rasgw_plan_connection_add() does (R3.1), with the same operations, and a
 * CONNECTION_MOVE change from no gateway to the chosen one.
 *
 * Pure: the model is not changed; safe from many threads on one model.
 * @param out receives the plan (caller frees with rasgw_plan_free()); untouched on failure.
 * @param m the model (only read).
 * @param connection_id the unplaced connection.
 * @param opts NULL for defaults (best fit).
 * @return 0, RASGW_EINVAL, RASGW_EVERSION, RASGW_ENOTFOUND (no such
 *         connection), RASGW_ESTATE (already placed), RASGW_ENOCAPACITY (the
 *         message names the largest free capacity), RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_connection_place(rasgw_plan **out, const rasgw_model *m,
					      const char *connection_id,
					      const rasgw_place_options *opts);

RASGW_END_DECL

#endif
