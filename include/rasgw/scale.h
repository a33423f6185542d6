/**
 * @file rasgw/scale.h
 * @brief Planning pools that grow and shrink (R1.2, R1.5): add, drain and
 *        remove gateways; add and remove whole pools.
 *
 * Removal never interrupts service: a gateway is drained first, make before
 * break. Each moved connection is configured at its new gateway (configure
 * phase), the SLB and the routes are repointed, and only then is it removed
 * from the old gateway (cleanup phase). doc/failover.md describes the order.
 *
 * Every function here is a pure function of a `const rasgw_model *` and its
 * arguments: it never changes the model, may run from many threads on one
 * model, and the same inputs give a byte-identical plan.
 */
#ifndef RASGW_SCALE_H
#define RASGW_SCALE_H

#include "common.h"
#include "model.h"
#include "plan.h"
#include "failover.h"

RASGW_BEGIN_DECL

/**
 * Plan adding a gateway to an existing pool (R1.5), as active or as standby.
 * The spec is validated as the model's builder would (pool and host exist,
 * the host is up, unique id and addresses, GRE VIP present exactly in GRE and
 * All pools and inside the pool's greVipSubnets, R6.1). A new active gateway
 * gets gateway.promote and, in a GRE pool, its VIP assigned and advertised to
 * its TOR (R6.2).
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param spec the gateway: id, pool_id, host_id, dip, gre_vip, role
 *        (RASGW_GATEWAY_ACTIVE or RASGW_GATEWAY_STANDBY); derived fields are
 *        ignored; strings are borrowed for the call only.
 * @return 0; RASGW_EINVAL (NULL argument); RASGW_ENOTFOUND (pool or host);
 *         RASGW_EEXISTS (id or address taken); RASGW_ESTATE (failed host);
 *         RASGW_EVALIDATE (a rule, including "R1.2" when one more standby
 *         would exceed the active gateways of the pool); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_gateway_add(rasgw_plan **out, const rasgw_model *m,
					 const rasgw_gateway *spec);

/**
 * Plan draining an active gateway (R1.5): its role becomes "Draining" (it
 * still counts in M and keeps serving what did not move), and its
 * connections and route reflectors move, make before break. Connections are
 * re-placed by `opts->policy` on other active gateways of the pools they may
 * use, largest cost first. If they do not all fit and the pool has an
 * eligible standby (live host, rack carrying the VLANs of the L3
 * connections, R7.2), the standby is promoted and takes the whole load
 * instead. What fits nowhere stays on the draining gateway and is reported
 * as a plan issue. Draining a gateway that is already draining moves what is
 * left.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param gateway_id an active or draining gateway.
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL; RASGW_EVERSION; RASGW_ENOTFOUND; RASGW_ESTATE
 *         (not active or draining); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_gateway_drain(rasgw_plan **out, const rasgw_model *m,
					   const char *gateway_id,
					   const rasgw_failover_options *opts);

/**
 * Plan removing a gateway (R1.5). A standby or failed gateway is simply
 * removed. An active or draining one is drained first as by
 * rasgw_plan_gateway_drain(), then its GRE VIP is withdrawn and released and
 * it is removed; if removing it would leave more standbys than actives
 * (R1.2), the drain hands its whole load to a promoted standby so that M
 * stays the same.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param gateway_id the gateway.
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL; RASGW_EVERSION; RASGW_ENOTFOUND; RASGW_ENOCAPACITY
 *         (the drain cannot place everything: nothing is planned);
 *         RASGW_EVALIDATE ("R1.2": fewer than 2N gateways would remain for the
 *         pool's redundantGatewayCount N, or N <= M needs a standby promoted
 *         and none is eligible); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_gateway_remove(rasgw_plan **out, const rasgw_model *m,
					    const char *gateway_id,
					    const rasgw_failover_options *opts);

/**
 * Plan adding a whole pool with its gateways (R1.5). Everything is validated
 * as the model's builder would, including R1.2 for the pool (N <= M and no
 * more standby than active gateways among `gateways`). Active gateways get
 * gateway.promote and, in GRE and All pools, their VIP assigned and
 * advertised (R6.2).
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param spec the pool; derived fields are ignored.
 * @param gateways its gateways (pool_id NULL or the pool's id), roles active
 *        or standby; may be NULL when n is 0.
 * @param n number of gateways.
 * @return 0; RASGW_EINVAL; RASGW_ENOTFOUND (a host); RASGW_EEXISTS;
 *         RASGW_ESTATE (a failed host); RASGW_EVALIDATE; RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_pool_add(rasgw_plan **out, const rasgw_model *m,
				      const rasgw_pool *spec, const rasgw_gateway *gateways,
				      size_t n);

/**
 * Plan removing a whole pool (R1.5): every active gateway is drained to
 * other pools first (make before break), then every gateway is removed
 * (standby and failed ones first, so N <= M holds at every step), then the
 * pool.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param pool_id the pool.
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL; RASGW_EVERSION; RASGW_ENOTFOUND; RASGW_ESTATE (a
 *         tenant names the pool in its gatewayPools); RASGW_ENOCAPACITY (the
 *         connections do not all fit elsewhere: nothing is planned);
 *         RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_pool_remove(rasgw_plan **out, const rasgw_model *m,
					 const char *pool_id, const rasgw_failover_options *opts);

RASGW_END_DECL

#endif
