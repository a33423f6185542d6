/*
 * Moving load off gateways: the engine behind failover (R5, R8.3), drain and
 * removal (R1.5), failback and rebalance. A planner names the source
 * gateways, hands each one to a standby as a whole (takeover) or lets the
 * engine re-place its connections one by one, and the engine decides the
 * route reflectors and emits the changes and operations.
 *
 * Two modes. FAILOVER is break before make in the order of R5.2-R5.3: routes
 * and policies withdrawn first, the new gateway configured, the SLB
 * repointed, re-peering, routes installed. MOVE is make before break: the
 * new gateway is configured and the SLB and routes repointed before the old
 * configuration is removed in the cleanup phase; addresses that cannot be on
 * two gateways at once (L3 CA-space and BGP IPs, GRE VIPs) are handed over
 * in the repeer phase.
 *
 * Cost follows the affected work: the connections of the sources (g->conns),
 * their route reflectors (g->rr_tenants), the affected tenants' usage
 * vectors, the gateways of the pools concerned. Nothing walks the model.
 */
#ifndef RASGW_PLANNERS_EVACUATE_H
#define RASGW_PLANNERS_EVACUATE_H

#include "planners/common.h"
#include "rasgw/failover.h"

typedef enum rasgw__evac_mode {
	RASGW__EVAC_FAILOVER, /* the sources are down: break before make (R5.2) */
	RASGW__EVAC_MOVE      /* the sources still serve: make before break (R1.5) */
} rasgw__evac_mode;

typedef struct rasgw__evac_src {
	rasgw__gateway *g;
	rasgw__gateway *takeover; /* standby that takes the whole load, or NULL */
	bool alive;               /* operations may be addressed to it */
	bool swap_vip;            /* the takeover gets g's GRE VIP (R6.3) */
} rasgw__evac_src;

typedef struct rasgw__evac_move {
	rasgw__conn *c;
	rasgw__gateway *from;
	rasgw__gateway *to; /* NULL: unplaced (R8.3) */
} rasgw__evac_move;

typedef struct rasgw__evac_rr {
	rasgw__tenant *t;
	rasgw__gateway *from, *to; /* to NULL: no placed connection left */
} rasgw__evac_rr;

/* Something the plan could not do, reported as a plan issue. */
typedef struct rasgw__evac_issue {
	const rasgw__conn *c;
	int code;
	char *msg;
} rasgw__evac_issue;

typedef struct rasgw__evac {
	const rasgw_model *m;
	rasgw__evac_mode mode;
	rasgw_fit_policy policy;
	bool prefer_other_rack;
	const rasgw__host *dead_host; /* host failure: nothing is addressed to it */
	RASGW__VEC(rasgw__evac_src) srcs;
	RASGW__VEC(rasgw__gateway *) promoted; /* standbys the plan makes active, in order */
	RASGW__VEC(rasgw__evac_move) moves;
	RASGW__VEC(rasgw__evac_rr) rrs;        /* ascending tenant id */
	RASGW__VEC(rasgw__evac_issue) issues;
	rasgw__fit_ctx ctx;   /* planned extra load; sources excluded */
	rasgw__map src_of;    /* gateway id -> index + 1 in srcs */
	rasgw__map promoted_of; /* gateway id -> gateway */
	rasgw__map move_of;   /* connection id -> index + 1 in moves */
	rasgw__map rr_of;     /* tenant id -> index + 1 in rrs */
	rasgw__map lost;      /* tenant id -> connections the plan unplaces */
	rasgw__map dead;      /* gateway id -> gateway: no operation addressed to it */
	size_t kept;          /* MOVE: connections that stay on their source */
	const rasgw__evac_move **by_tenant; /* moves sorted by tenant id, built on demand */
	size_t by_tenant_n;
} rasgw__evac;

/* ---- options (failover.c) ---- */
/* Copy opts (NULL: defaults) into *out, checking version and policy. */
int rasgw__failover_options_read(const rasgw_failover_options *opts, rasgw_failover_options *out);

/* ---- standby selection (standby.c) ---- */
/*
 * Distinct VLANs of g's L3 connections, ascending, in a block freed with
 * rasgw__free (NULL when there are none).
 */
int rasgw__gateway_vlans(const rasgw__gateway *g, uint16_t **out, size_t *n);
/*
 * A standby of pool p for a gateway in rack `rack` (R8.2, R7.2): role
 * standby, host up and not `dead_host`, not in `taken`, its rack carrying
 * every VLAN in vlans; with prefer_other_rack, one in another rack first;
 * then the smallest id. NULL if none.
 */
rasgw__gateway *rasgw__standby_choose(const rasgw__pool *p, const rasgw__rack *rack,
				      const rasgw__host *dead_host, const rasgw__map *taken,
				      const uint16_t *vlans, size_t nvlans, bool prefer_other_rack);

/* ---- the engine (evacuate.c) ---- */
void rasgw__evac_init(rasgw__evac *ev, const rasgw_model *m, rasgw__evac_mode mode,
		      const rasgw_failover_options *opts);
void rasgw__evac_free(rasgw__evac *ev);
/* g (active or draining) gives up its load; excluded from every choice. */
int rasgw__evac_add_source(rasgw__evac *ev, rasgw__gateway *g, bool alive);
/* Standby s takes the whole load of source i (promoted, moves in id order). */
int rasgw__evac_takeover(rasgw__evac *ev, size_t i, rasgw__gateway *s, bool swap_vip);
/* Promote standby s empty; it becomes a candidate for re-placed connections. */
int rasgw__evac_promote(rasgw__evac *ev, rasgw__gateway *s);
/*
 * Re-place the connections of sources without takeover, largest cost first
 * then by id, by the policy on active gateways (and promoted standbys) of
 * the pools each may use. What fits nowhere is unplaced (`unplace`, R8.3) or
 * stays (counted in ev->kept); either way it becomes an issue.
 */
int rasgw__evac_place(rasgw__evac *ev, bool unplace);
/* An explicit move of c off its gateway (rebalance); no source needed. */
int rasgw__evac_add_move(rasgw__evac *ev, rasgw__conn *c, rasgw__gateway *to);
/* Decide the route reflectors of the tenants affected by sources and losses. */
int rasgw__evac_decide_rrs(rasgw__evac *ev);
/*
 * Emit into p: changes (promotions, connection moves, tenant RRs, GRE VIP
 * swaps), operations, placements and issues. The caller adds the sources'
 * own role changes and whatever else the event needs.
 */
void rasgw__evac_emit(rasgw__evac *ev, rasgw_plan *p);
/* Drop operations addressed to dead gateways or the dead host (before finish). */
void rasgw__evac_drop_dead(const rasgw__evac *ev, rasgw_plan *p);
/* The gateway a connection ends on (NULL: unplaced). */
rasgw__gateway *rasgw__evac_final_gw(const rasgw__evac *ev, const rasgw__conn *c);

/* ---- small emitters shared by my planners (evacuate.c) ---- */
void rasgw__emit_role(rasgw_plan *p, const rasgw__gateway *g, rasgw_gateway_role from,
		      rasgw_gateway_role to);
void rasgw__emit_gateway_op(rasgw_plan *p, rasgw_phase phase, rasgw_op_kind kind,
			    const rasgw__gateway *g, const char *address);
void rasgw__emit_tor_op(rasgw_plan *p, rasgw_phase phase, rasgw_op_kind kind,
			const rasgw__gateway *g, const char *vip);
/* A gateway becoming active: gateway.promote, and its own VIP assigned and advertised. */
void rasgw__emit_activate(rasgw_plan *p, const rasgw__gateway *g, bool own_vip);
/* Policy and routes of connection c (on gateway g) on host h only (host recovery). */
void rasgw__emit_host_programming(rasgw_plan *p, const rasgw__host *h, const rasgw__conn *c);

#endif
