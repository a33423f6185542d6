/*
 * Draining and removing gateways and pools (R1.2, R1.5): make before break.
 * Connections go by best fit to other active gateways; if they do not all
 * fit and the pool has an eligible standby, the standby is promoted and
 * takes the whole load. Removal is a drain that must be complete, followed by
 * the removal changes.
 */
#include "planners/evacuate.h"
#include "rasgw/scale.h"

#include <stdlib.h>
#include <string.h>

static bool carries_load(const rasgw__gateway *g)
{
	return g->pub.role == RASGW_GATEWAY_ACTIVE || g->pub.role == RASGW_GATEWAY_DRAINING;
}

/* A standby that can take all of g (R7.2), never on a failed host. */
static int standby_for(const rasgw__gateway *g, bool prefer_other_rack, rasgw__gateway **out)
{
	uint16_t *vlans = NULL;
	size_t nv = 0;
	int rc = rasgw__gateway_vlans(g, &vlans, &nv);
	if (rc < 0)
		return rc;
	*out = rasgw__standby_choose(g->pool, g->host->rack, NULL, NULL, vlans, nv,
				     prefer_other_rack);
	rasgw__free(vlans);
	return 0;
}

enum drain_need {
	DRAIN_PARTIAL_OK, /* drain: what fits nowhere stays */
	DRAIN_COMPLETE,   /* remove: everything must move */
	DRAIN_TAKEOVER    /* remove where N <= M needs a standby promoted (R1.2) */
};

/*
 * Decide the drain of g into *ev (initialized here; the caller frees it):
 * best fit first, a standby takeover when that leaves something behind.
 */
static int decide_drain(rasgw__evac *ev, const rasgw_model *m, rasgw__gateway *g,
			const rasgw_failover_options *o, enum drain_need need)
{
	rasgw__gateway *s = NULL;
	int rc;
	rasgw__evac_init(ev, m, RASGW__EVAC_MOVE, o);
	if (need != DRAIN_TAKEOVER) {
		if ((rc = rasgw__evac_add_source(ev, g, true)) < 0 ||
		    (rc = rasgw__evac_place(ev, false)) < 0)
			return rc;
		if (!ev->kept)
			return rasgw__evac_decide_rrs(ev);
	}
	if ((rc = standby_for(g, o->prefer_other_rack, &s)) < 0)
		return rc;
	if (!s) {
		if (need == DRAIN_TAKEOVER)
			return rasgw__error(RASGW_EVALIDATE,
					    "removing gateway '%s' would leave pool '%s' with %u "
					    "standby for %u active gateways (R1.2: N <= M), and no "
					    "standby is eligible to take its load (live host, VLANs "
					    "of its L3 connections on the rack, R7.2)",
					    g->pub.id, g->pool->pub.id, g->pool->pub.standby_count,
					    g->pool->pub.active_count - 1);
		if (need == DRAIN_COMPLETE)
			return rasgw__error(RASGW_ENOCAPACITY,
					    "gateway '%s' cannot be drained: %zu connection(s) fit "
					    "on no other gateway and no standby of pool '%s' can "
					    "take them; first: %s", g->pub.id, ev->kept,
					    g->pool->pub.id, ev->issues.items[0].msg);
		return rasgw__evac_decide_rrs(ev); /* partial drain, reported */
	}
	rasgw__evac_free(ev);
	rasgw__evac_init(ev, m, RASGW__EVAC_MOVE, o);
	/* The VIP stays with the draining gateway until it is removed: GRE
	 * connections move to the standby's own VIP (placements tell it). */
	if ((rc = rasgw__evac_add_source(ev, g, true)) < 0 ||
	    (rc = rasgw__evac_takeover(ev, 0, s, false)) < 0)
		return rc;
	return rasgw__evac_decide_rrs(ev);
}

static int read_args(const rasgw_model *m, const char *id, const char *what,
		     const rasgw_failover_options *opts, rasgw_failover_options *o,
		     rasgw__gateway **g)
{
	if (!m || !id)
		return rasgw__error(RASGW_EINVAL, "%s: NULL argument", what);
	int rc = rasgw__failover_options_read(opts, o);
	if (rc < 0)
		return rc;
	*g = rasgw__table_get(&m->gateways, id);
	if (!*g)
		return rasgw__error(RASGW_ENOTFOUND, "gateway '%s' does not exist", id);
	return 0;
}

int rasgw_plan_gateway_drain(rasgw_plan **out, const rasgw_model *m, const char *gateway_id,
			     const rasgw_failover_options *opts)
{
	rasgw_failover_options o;
	rasgw__gateway *g = NULL;
	if (!out)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_gateway_drain: NULL argument");
	int rc = read_args(m, gateway_id, "rasgw_plan_gateway_drain", opts, &o, &g);
	if (rc < 0)
		return rc;
	if (!carries_load(g))
		return rasgw__error(RASGW_ESTATE, "gateway '%s' is %s; only an active gateway drains",
				    g->pub.id, rasgw_gateway_role_name(g->pub.role));
	rasgw__evac ev;
	rasgw_plan *p = NULL;
	rc = decide_drain(&ev, m, g, &o, DRAIN_PARTIAL_OK);
	if (!rc)
		rc = rasgw__plan_new(&p, m, "gateway.drain", g->pub.id);
	if (!rc) {
		if (g->pub.role == RASGW_GATEWAY_ACTIVE)
			rasgw__emit_role(p, g, RASGW_GATEWAY_ACTIVE, RASGW_GATEWAY_DRAINING);
		rasgw__evac_emit(&ev, p);
		rc = rasgw__plan_finish(p, out);
	}
	rasgw__evac_free(&ev);
	return rc;
}

/* The record a GATEWAY_REMOVE carries: the gateway as the plan leaves it. */
static void emit_remove(rasgw_plan *p, const rasgw__gateway *g, rasgw_gateway_role role)
{
	rasgw_gateway rec = g->pub;
	rec.role = role;
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_GATEWAY_REMOVE;
	ch.id = g->pub.id;
	ch.gateway = &rec;
	rasgw__plan_add_change(p, &ch);
}

/* R6.2: a gateway that served holds its VIP; give it back before removal. */
static void emit_vip_cleanup(rasgw_plan *p, const rasgw__gateway *g)
{
	if (!g->pub.gre_vip)
		return;
	rasgw__emit_tor_op(p, RASGW_PHASE_CLEANUP, RASGW_OP_TOR_VIP_WITHDRAW, g, g->pub.gre_vip);
	rasgw__emit_gateway_op(p, RASGW_PHASE_CLEANUP, RASGW_OP_GATEWAY_VIP_RELEASE, g,
			       g->pub.gre_vip);
}

int rasgw_plan_gateway_remove(rasgw_plan **out, const rasgw_model *m, const char *gateway_id,
			      const rasgw_failover_options *opts)
{
	rasgw_failover_options o;
	rasgw__gateway *g = NULL;
	if (!out)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_gateway_remove: NULL argument");
	int rc = read_args(m, gateway_id, "rasgw_plan_gateway_remove", opts, &o, &g);
	if (rc < 0)
		return rc;
	/* R1.2 as configured: M + N gateways must remain for N = redundantGatewayCount. */
	uint32_t left = g->pool->pub.gateway_count - 1, n = g->pool->pub.redundant_count;
	if (n > left - (n < left ? n : left))
		return rasgw__error(RASGW_EVALIDATE,
				    "removing gateway '%s' would leave pool '%s' %u gateway(s) for "
				    "redundantGatewayCount N=%u (R1.2: N <= M); lower N first",
				    g->pub.id, g->pool->pub.id, left, n);
	rasgw_plan *p = NULL;
	if (!carries_load(g)) {
		/* A standby or failed gateway holds nothing: one less standby
		 * never breaks N <= M. */
		if ((rc = rasgw__plan_new(&p, m, "gateway.remove", g->pub.id)) < 0)
			return rc;
		emit_remove(p, g, g->pub.role);
		return rasgw__plan_finish(p, out);
	}
	const rasgw__pool *pool = g->pool;
	enum drain_need need = pool->pub.standby_count + 1 > pool->pub.active_count ? DRAIN_TAKEOVER
										   : DRAIN_COMPLETE;
	rasgw__evac ev;
	rc = decide_drain(&ev, m, g, &o, need);
	if (!rc)
		rc = rasgw__plan_new(&p, m, "gateway.remove", g->pub.id);
	if (!rc) {
		if (g->pub.role == RASGW_GATEWAY_ACTIVE)
			rasgw__emit_role(p, g, RASGW_GATEWAY_ACTIVE, RASGW_GATEWAY_DRAINING);
		rasgw__evac_emit(&ev, p);
		emit_vip_cleanup(p, g);
		emit_remove(p, g, RASGW_GATEWAY_DRAINING);
		rc = rasgw__plan_finish(p, out);
	}
	rasgw__evac_free(&ev);
	return rc;
}

static int cmp_gw_role_id(const void *a, const void *b)
{
	const rasgw__gateway *x = *(rasgw__gateway *const *)a, *y = *(rasgw__gateway *const *)b;
	/* Standby and failed gateways leave first, so N <= M holds throughout. */
	bool lx = x->pub.role == RASGW_GATEWAY_ACTIVE || x->pub.role == RASGW_GATEWAY_DRAINING;
	bool ly = y->pub.role == RASGW_GATEWAY_ACTIVE || y->pub.role == RASGW_GATEWAY_DRAINING;
	if (lx != ly)
		return lx ? 1 : -1;
	return strcmp(x->pub.id, y->pub.id);
}

/* A pool named by a tenant cannot go (its gatewayPools would dangle). */
static int check_not_named(const rasgw_model *m, const rasgw__pool *p)
{
	/* Rare administrative event: a pass over the tenants is acceptable here. */
	for (size_t i = 0; i < m->tenants.sorted.count; i++) {
		const rasgw__tenant *t = m->tenants.sorted.items[i];
		for (size_t k = 0; k < t->pub.gateway_pool_count; k++)
			if (t->pools[k] == p)
				return rasgw__error(RASGW_ESTATE,
						    "pool '%s' is named in the gatewayPools of tenant "
						    "'%s'; change the tenant first", p->pub.id,
						    t->pub.id);
	}
	return 0;
}

int rasgw_plan_pool_remove(rasgw_plan **out, const rasgw_model *m, const char *pool_id,
			   const rasgw_failover_options *opts)
{
	if (!out || !m || !pool_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_pool_remove: NULL argument");
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	rasgw__pool *pool = rasgw__table_get(&m->pools, pool_id);
	if (!pool)
		return rasgw__error(RASGW_ENOTFOUND, "pool '%s' does not exist", pool_id);
	if ((rc = check_not_named(m, pool)) < 0)
		return rc;
	size_t n = pool->gateways.count;
	rasgw__gateway **gws = n ? rasgw__calloc(n, sizeof(*gws)) : NULL;
	if (n && !gws)
		return rasgw__error_nomem();
	if (n)
		memcpy(gws, pool->gateways.items, n * sizeof(*gws));
	rasgw__evac ev;
	rasgw__evac_init(&ev, m, RASGW__EVAC_MOVE, &o);
	rasgw_plan *p = NULL;
	for (size_t i = 0; i < n && !rc; i++)
		if (carries_load(gws[i]))
			rc = rasgw__evac_add_source(&ev, gws[i], true);
	if (!rc)
		rc = rasgw__evac_place(&ev, false);
	if (!rc && ev.kept)
		rc = rasgw__error(RASGW_ENOCAPACITY,
				  "pool '%s' cannot be removed: %zu connection(s) fit on no gateway of "
				  "another pool; first: %s", pool->pub.id, ev.kept,
				  ev.issues.items[0].msg);
	if (!rc)
		rc = rasgw__evac_decide_rrs(&ev);
	if (!rc)
		rc = rasgw__plan_new(&p, m, "pool.remove", pool->pub.id);
	if (rc < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (gws[i]->pub.role == RASGW_GATEWAY_ACTIVE)
			rasgw__emit_role(p, gws[i], RASGW_GATEWAY_ACTIVE, RASGW_GATEWAY_DRAINING);
	rasgw__evac_emit(&ev, p);
	if (n > 1)
		qsort(gws, n, sizeof(*gws), cmp_gw_role_id);
	for (size_t i = 0; i < n; i++) {
		bool served = carries_load(gws[i]);
		if (served)
			emit_vip_cleanup(p, gws[i]);
		emit_remove(p, gws[i], served ? RASGW_GATEWAY_DRAINING : gws[i]->pub.role);
	}
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_POOL_REMOVE;
	ch.id = pool->pub.id;
	ch.pool = &pool->pub;
	rasgw__plan_add_change(p, &ch);
	rc = rasgw__plan_finish(p, out);
	p = NULL;
done:
	rasgw__plan_abort(p);
	rasgw__evac_free(&ev);
	rasgw__free(gws);
	return rc;
}
