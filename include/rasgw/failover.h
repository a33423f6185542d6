/**
 * @file rasgw/failover.h
 * @brief Planning failover (R4.2, R5-R8): gateway and host failures, their
 *        recoveries, and explicit make-before-break moves (failback,
 *        rebalance).
 *
 * Every function here is a pure function of a `const rasgw_model *` and its
 * arguments: it never changes the model, may run from many threads on one
 * model, and the same inputs give a byte-identical plan. The plan is applied
 * with rasgw_model_commit() (rasgw/plan.h) once its operations have run.
 *
 * Cost: a plan touches only what the event affects (the connections and
 * route reflectors of the gateways concerned, the tenants of those, the
 * gateways of their pools); it never walks the whole model.
 *
 * doc/failover.md describes the order of operations with an example, the
 * standby choice, what happens when no standby is left, and the semantics of
 * recovery, failback and rebalance.
 */
#ifndef RASGW_FAILOVER_H
#define RASGW_FAILOVER_H

#include "common.h"
#include "model.h"
#include "plan.h"
#include "place.h"

RASGW_BEGIN_DECL

/**
 * The three failures the network controller tells apart (R4.2). The numbers
 * are those of the matching rasgw_health_state values. Values are ABI.
 */
typedef enum rasgw_failure_cause {
	/** The gateway VM does not answer: nothing is addressed to it. */
	RASGW_FAILURE_VM = 1,
	/** The gateway service failed while the VM answers: the plan also
	 *  deconfigures the failed gateway (addresses released before they are
	 *  assigned elsewhere, connections and route reflectors removed in the
	 *  cleanup phase). */
	RASGW_FAILURE_SERVICE = 2,
	/** The host under the gateway failed: every gateway on it fails at once
	 *  (same plan as rasgw_plan_host_failure()). */
	RASGW_FAILURE_HOST = 3
} rasgw_failure_cause;

/** Version of rasgw_failover_options known to this header. */
#define RASGW_FAILOVER_OPTIONS_VERSION 1

/** Options of failover, recovery, drain and scale planning. Fields are only appended. */
typedef struct rasgw_failover_options {
	unsigned int version;    /**< RASGW_FAILOVER_OPTIONS_VERSION. */
	/** How connections are re-placed when they do not move as a whole to a
	 *  standby (R8.3, drain): default RASGW_FIT_BEST. */
	rasgw_fit_policy policy;
	/** Prefer a standby in another rack than the failed gateway (R8.2);
	 *  default true. A standby on the failed host is never chosen. */
	bool prefer_other_rack;
} rasgw_failover_options;

/** Initializer with the defaults. */
#define RASGW_FAILOVER_OPTIONS_INIT { RASGW_FAILOVER_OPTIONS_VERSION, RASGW_FIT_BEST, true }

/**
 * Initialize options to the defaults of RASGW_FAILOVER_OPTIONS_INIT (for FFI
 * users that cannot use the macro). Thread-safety: safe from any thread.
 *
 * @param opts the caller's struct, overwritten on success.
 * @param version RASGW_FAILOVER_OPTIONS_VERSION.
 * @return 0; RASGW_EINVAL (opts NULL); RASGW_EVERSION (unknown version, opts untouched).
 */
RASGW_EXTERN(int) rasgw_failover_options_init(rasgw_failover_options *opts, unsigned int version);

/**
 * Plan the failover of one gateway (R5.1-R5.3, R6.3, R7.2, R7.3, R8.2, R8.3).
 *
 * An active (or draining) gateway's connections and route reflectors move
 * as a whole to a standby of the same pool, chosen fault-domain aware: on a
 * live host other than the failed gateway's, in a rack carrying every VLAN
 * of its L3 connections, preferably in another rack, then by smallest id.
 * The standby is promoted and configured from the stored state (R4.3); GRE
 * VIPs are swapped so that remote routers keep their tunnel destination
 * (R6.3); L3 CA-space and BGP IPs move (R7.3); SLB NAT rules are repointed;
 * RR clients on other gateways re-peer (R5.1b). With no eligible standby,
 * each connection is re-placed by `opts->policy` on the spare capacity of
 * active gateways of the pools it may use, largest cost first, and what
 * cannot be placed is unplaced and reported as a plan issue (R8.3). The
 * failed gateway becomes "Failed". If failing it would leave more standbys
 * than actives in its pool, standbys are promoted to keep N <= M (R1.2).
 *
 * A standby gateway that fails just becomes "Failed".
 *
 * @param out receives the plan (caller frees with rasgw_plan_free());
 *        untouched on failure.
 * @param m the model (only read).
 * @param gateway_id the gateway that failed.
 * @param cause RASGW_FAILURE_VM, RASGW_FAILURE_SERVICE or RASGW_FAILURE_HOST
 *        (the last plans the failure of the gateway's host).
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL (NULL argument, unknown cause or policy);
 *         RASGW_EVERSION; RASGW_ENOTFOUND (no such gateway); RASGW_ESTATE
 *         (the gateway has already failed); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_gateway_failure(rasgw_plan **out, const rasgw_model *m,
					     const char *gateway_id, rasgw_failure_cause cause,
					     const rasgw_failover_options *opts);

/**
 * Plan the failure of a host (R4.2): the host becomes "failed" and every
 * gateway on it fails at once, as for rasgw_plan_gateway_failure() with
 * RASGW_FAILURE_HOST. Active gateways of one pool take distinct standbys,
 * never on the failed host; standbys on it are lost. Nothing is addressed to
 * the failed host or its gateways.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param host_id the host that failed.
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL; RASGW_EVERSION; RASGW_ENOTFOUND; RASGW_ESTATE
 *         (the host has already failed); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_host_failure(rasgw_plan **out, const rasgw_model *m,
					  const char *host_id, const rasgw_failover_options *opts);

/**
 * Plan the return of a failed gateway. It comes back as a standby
 * ("Redundant", with gateway.demote to clear any stale configuration). There
 * is no automatic failback: nothing moves back to it (see
 * rasgw_plan_failback()). If one more standby would exceed the actives of
 * its pool (R1.2), it comes back as an empty active gateway instead.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param gateway_id a gateway whose role is "Failed".
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL; RASGW_EVERSION; RASGW_ENOTFOUND; RASGW_ESTATE
 *         (the gateway has not failed, or its host is still failed);
 *         RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_gateway_recovery(rasgw_plan **out, const rasgw_model *m,
					      const char *gateway_id,
					      const rasgw_failover_options *opts);

/**
 * Plan the return of a failed host: the host becomes "up", its failed
 * gateways come back in id order as for rasgw_plan_gateway_recovery(), and
 * the routes and HNV policies of every placed connection of the tenants with
 * VMs on the host are installed on it again (plans skip failed hosts).
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param host_id a failed host.
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL; RASGW_EVERSION; RASGW_ENOTFOUND; RASGW_ESTATE
 *         (the host is not failed); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_host_recovery(rasgw_plan **out, const rasgw_model *m,
					   const char *host_id, const rasgw_failover_options *opts);

/**
 * Plan an explicit failback: every connection and route reflector of the
 * active gateway `source_gateway_id` moves, make before break, to the
 * standby `gateway_id` of the same pool, which becomes active; the source
 * becomes a standby. GRE VIPs are swapped (handed over in the repeer phase)
 * so that remote routers keep their tunnel destination; L3 addresses are
 * handed over in the same phase. Typical use: after a failover, give the
 * load back to the recovered gateway in its original rack.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param gateway_id the standby that takes the load.
 * @param source_gateway_id the active gateway that gives it up.
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL (NULL argument, same gateway twice); RASGW_EVERSION;
 *         RASGW_ENOTFOUND; RASGW_ESTATE (wrong roles, failed host);
 *         RASGW_EVALIDATE (different pools, or the standby's rack lacks a VLAN
 *         of the source's L3 connections, R7.2); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_failback(rasgw_plan **out, const rasgw_model *m,
				      const char *gateway_id, const char *source_gateway_id,
				      const rasgw_failover_options *opts);

/**
 * Plan a rebalance of one pool: make-before-break moves of connections from
 * the most loaded active gateway to the least loaded one while a move
 * narrows the gap between them (each connection moves at most once, every
 * placement rule holds). Route reflectors stay where they are. An empty plan
 * means the pool is as balanced as such moves can make it.
 *
 * @param out receives the plan (caller frees); untouched on failure.
 * @param m the model (only read).
 * @param pool_id the pool.
 * @param opts NULL for the defaults.
 * @return 0; RASGW_EINVAL; RASGW_EVERSION; RASGW_ENOTFOUND; RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_rebalance(rasgw_plan **out, const rasgw_model *m,
				       const char *pool_id, const rasgw_failover_options *opts);

/**
 * Plan a consolidation of one pool: make-before-break moves that pack the
 * connections of its active gateways (on live hosts) onto as few of them as
 * possible.
 *
 * The target packing is best fit decreasing (largest cost first, then id),
 * every placement rule checked per gateway (R1.3 capacity, R7.2 VLAN racks
 * for L3, R1.1, R1.4, R1.6, R2.2); variants keep gateways that are already
 * 80-100 % full as they are. Each packing's bins are mapped onto the current
 * gateways so that the least moves (a bin goes where the largest part of it
 * already is). Another candidate only empties the least loaded gateways into
 * the others' spare capacity. The plan is the candidate that leaves the
 * fewest gateways in use, then moves the fewest connections, and only if it
 * leaves fewer gateways in use than today: repeated consolidation (plan,
 * commit, plan again) ends, with an empty plan.
 *
 * Capacity holds at every step: a gateway receives connections only up to
 * its capacity minus everything it holds before the plan (make before
 * break: its own connections leave only in the cleanup phase). A move that
 * would need room its gateway gives up in the same plan is left out and
 * reported as a plan issue (RASGW_ENOCAPACITY); when no candidate reduces
 * the gateways in use but a packing would, the plan moves nothing and its
 * issues name the blocked moves (room to stage through, such as an empty
 * gateway, lets the next plan proceed). Moves are as in
 * rasgw_plan_rebalance(). Route reflectors of tenants on a gateway the plan
 * empties move to a gateway that still serves the tenant (R3.2). Gateways
 * left empty stay active: the operator may then drain and remove them
 * (rasgw/scale.h). Draining gateways and their connections are left alone.
 *
 * Cost: O(c * b) placement checks for c connections in b bins per packing
 * (eleven packings), plus O(b * g) for g gateways to map the bins: an
 * offline, administrative event.
 * Thread-safety: pure; may run from many threads on one model. The same
 * model and arguments give a byte-identical plan (R8.1).
 *
 * @param out receives the plan (caller frees with rasgw_plan_free());
 *        untouched on failure.
 * @param m the model (only read).
 * @param pool_id the pool.
 * @param opts NULL for the defaults (the policy is not used: packing is
 *        always best fit decreasing).
 * @return 0; RASGW_EINVAL (NULL argument, unknown policy); RASGW_EVERSION;
 *         RASGW_ENOTFOUND (no such pool); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_plan_consolidate(rasgw_plan **out, const rasgw_model *m,
					 const char *pool_id, const rasgw_failover_options *opts);

RASGW_END_DECL

#endif
