/*
 * Explicit make-before-break moves, which no automatic event triggers:
 * failback (a standby takes back the whole load of an active gateway, for
 * example the original gateway after a failover) and rebalance (even out
 * the load of a pool's active gateways).
 */
#include "planners/evacuate.h"

#include <stdlib.h>
#include <string.h>

int rasgw_plan_failback(rasgw_plan **out, const rasgw_model *m, const char *gateway_id,
			const char *source_gateway_id, const rasgw_failover_options *opts)
{
	if (!out || !m || !gateway_id || !source_gateway_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_failback: NULL argument");
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	rasgw__gateway *to = rasgw__table_get(&m->gateways, gateway_id);
	rasgw__gateway *from = rasgw__table_get(&m->gateways, source_gateway_id);
	if (!to || !from)
		return rasgw__error(RASGW_ENOTFOUND, "gateway '%s' does not exist",
				    !to ? gateway_id : source_gateway_id);
	if (to == from)
		return rasgw__error(RASGW_EINVAL, "failback: gateway '%s' given twice", gateway_id);
	if (to->pool != from->pool)
		return rasgw__error(RASGW_EVALIDATE,
				    "failback: gateways '%s' and '%s' are in different pools", to->pub.id,
				    from->pub.id);
	if (to->pub.role != RASGW_GATEWAY_STANDBY || to->host->pub.failed)
		return rasgw__error(RASGW_ESTATE, "failback: gateway '%s' is not a standby on a live host",
				    to->pub.id);
	if (from->pub.role != RASGW_GATEWAY_ACTIVE || from->host->pub.failed)
		return rasgw__error(RASGW_ESTATE, "failback: gateway '%s' is not active on a live host",
				    from->pub.id);
	uint16_t *vlans = NULL;
	size_t nv = 0;
	if ((rc = rasgw__gateway_vlans(from, &vlans, &nv)) < 0)
		return rc;
	for (size_t i = 0; i < nv; i++)
		if (!rasgw__rack_has_vlan(to->host->rack, vlans[i])) {
			rc = rasgw__error(RASGW_EVALIDATE,
					  "failback: rack '%s' of gateway '%s' does not carry VLAN %u "
					  "of an L3 connection on '%s' (R7.2)",
					  to->host->rack->pub.id, to->pub.id, vlans[i], from->pub.id);
			break;
		}
	rasgw__free(vlans);
	if (rc < 0)
		return rc;
	rasgw__evac ev;
	rasgw__evac_init(&ev, m, RASGW__EVAC_MOVE, &o);
	rasgw_plan *p = NULL;
	if (!(rc = rasgw__evac_add_source(&ev, from, true)) &&
	    !(rc = rasgw__evac_takeover(&ev, 0, to, true)) && !(rc = rasgw__evac_decide_rrs(&ev)) &&
	    !(rc = rasgw__plan_new(&p, m, "gateway.failback", to->pub.id))) {
		rasgw__evac_emit(&ev, p);
		/* Roles swap: M and N stay as they are (R1.2). */
		rasgw__emit_role(p, from, RASGW_GATEWAY_ACTIVE, RASGW_GATEWAY_STANDBY);
		rasgw__emit_gateway_op(p, RASGW_PHASE_CLEANUP, RASGW_OP_GATEWAY_DEMOTE, from, NULL);
		rc = rasgw__plan_finish(p, out);
	}
	rasgw__evac_free(&ev);
	return rc;
}

/* ------------------------------------------------------------- rebalance */

typedef struct load {
	rasgw__gateway *g;
	uint64_t used; /* as the plan leaves it so far */
} load;

/*
 * The connection of hi whose move to lo narrows their gap the most: cost
 * below the gap (so the larger of the two strictly drops), closest to half
 * of it; ties to the larger cost, then the smaller id.
 */
static rasgw__conn *pick(const rasgw_model *m, const rasgw__evac *ev, const load *hi,
			 const load *lo)
{
	uint64_t gap = hi->used - lo->used;
	rasgw__conn *best = NULL;
	uint64_t best_dist = 0;
	/* Capacity lo has given away in this plan is not counted as free:
	 * commit applies moves in order, and conservative is safe. */
	uint64_t extra = lo->used > lo->g->pub.used_kbps ? lo->used - lo->g->pub.used_kbps : 0;
	for (size_t i = 0; i < hi->g->conns.count; i++) {
		rasgw__conn *c = hi->g->conns.items[i];
		uint64_t x = c->pub.cost_kbps;
		if (x == 0 || x >= gap || rasgw__evac_final_gw(ev, c) != hi->g)
			continue;
		uint64_t dist = 2 * x > gap ? 2 * x - gap : gap - 2 * x;
		if (best && (dist > best_dist ||
			     (dist == best_dist &&
			      (x < best->pub.cost_kbps ||
			       (x == best->pub.cost_kbps && strcmp(c->pub.id, best->pub.id) > 0)))))
			continue;
		if (rasgw__check_placement(m, c->tenant, &c->pub, lo->g, extra, c, NULL) != 0)
			continue;
		best = c;
		best_dist = dist;
	}
	return best;
}

int rasgw_plan_rebalance(rasgw_plan **out, const rasgw_model *m, const char *pool_id,
			 const rasgw_failover_options *opts)
{
	if (!out || !m || !pool_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_rebalance: NULL argument");
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	const rasgw__pool *pool = rasgw__table_get(&m->pools, pool_id);
	if (!pool)
		return rasgw__error(RASGW_ENOTFOUND, "pool '%s' does not exist", pool_id);
	size_t n = 0, total = 0;
	load *v = pool->gateways.count ? rasgw__calloc(pool->gateways.count, sizeof(*v)) : NULL;
	if (pool->gateways.count && !v)
		return rasgw__error_nomem();
	for (size_t i = 0; i < pool->gateways.count; i++) { /* ascending id */
		rasgw__gateway *g = pool->gateways.items[i];
		if (g->pub.role != RASGW_GATEWAY_ACTIVE || g->host->pub.failed)
			continue;
		v[n].g = g;
		v[n++].used = g->pub.used_kbps;
		total += g->conns.count;
	}
	rasgw__evac ev;
	rasgw__evac_init(&ev, m, RASGW__EVAC_MOVE, &o);
	/* Each move lowers the sum of squared loads, and each connection moves
	 * at most once: this ends within `total` moves. */
	for (size_t step = 0; n > 1 && step < total && !rc; step++) {
		load *hi = &v[0], *lo = &v[0];
		for (size_t i = 1; i < n; i++) {
			if (v[i].used > hi->used)
				hi = &v[i];
			if (v[i].used < lo->used)
				lo = &v[i];
		}
		if (hi->used == lo->used)
			break;
		rasgw__conn *c = pick(m, &ev, hi, lo);
		if (!c)
			break;
		rc = rasgw__evac_add_move(&ev, c, lo->g);
		hi->used -= c->pub.cost_kbps;
		lo->used += c->pub.cost_kbps;
	}
	rasgw__free(v);
	rasgw_plan *p = NULL;
	if (!rc && !(rc = rasgw__plan_new(&p, m, "pool.rebalance", pool->pub.id))) {
		rasgw__evac_emit(&ev, p);
		rc = rasgw__plan_finish(p, out);
	}
	rasgw__evac_free(&ev);
	return rc;
}
