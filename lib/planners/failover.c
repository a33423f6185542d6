/*
 * Failover planning (R4.2, R5, R6.3, R7.2-R7.3, R8.2-R8.3): a gateway or a
 * host fails, and later comes back. The moves themselves are the
 * evacuation engine's (evacuate.c); this file decides who takes over and
 * keeps N <= M (R1.2).
 */
#include "planners/evacuate.h"

#include <stdlib.h>
#include <string.h>

int rasgw_failover_options_init(rasgw_failover_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_failover_options_init: opts is NULL");
	if (version != RASGW_FAILOVER_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION,
				    "rasgw_failover_options version %u is unknown (this library knows %u)",
				    version, RASGW_FAILOVER_OPTIONS_VERSION);
	rasgw_failover_options d = RASGW_FAILOVER_OPTIONS_INIT;
	*opts = d;
	return 0;
}

int rasgw__failover_options_read(const rasgw_failover_options *opts, rasgw_failover_options *out)
{
	rasgw_failover_options d = RASGW_FAILOVER_OPTIONS_INIT;
	if (!opts) {
		*out = d;
		return 0;
	}
	if (opts->version != RASGW_FAILOVER_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION,
				    "rasgw_failover_options version %u is unknown (this library knows %u)",
				    opts->version, RASGW_FAILOVER_OPTIONS_VERSION);
	if ((unsigned)opts->policy > RASGW_FIT_WORST)
		return rasgw__error(RASGW_EINVAL, "rasgw_failover_options: unknown fit policy %d",
				    (int)opts->policy);
	*out = *opts;
	return 0;
}

static bool carries_load(const rasgw__gateway *g)
{
	return g->pub.role == RASGW_GATEWAY_ACTIVE || g->pub.role == RASGW_GATEWAY_DRAINING;
}

static int cmp_gw_id(const void *a, const void *b)
{
	return strcmp((*(rasgw__gateway *const *)a)->pub.id, (*(rasgw__gateway *const *)b)->pub.id);
}

/* Per pool: how the plan changes its active and standby counts (R1.2). */
typedef struct pool_count {
	const rasgw__pool *p;
	const rasgw__rack *rack; /* rack of the first failed gateway of the pool */
	int64_t active, standby;
} pool_count;

typedef RASGW__VEC(pool_count) pool_counts;

static pool_count *count_of(pool_counts *v, const rasgw__pool *p, const rasgw__rack *rack)
{
	for (size_t i = 0; i < v->count; i++)
		if (v->items[i].p == p)
			return &v->items[i];
	pool_count c = { p, rack, p->pub.active_count, p->pub.standby_count };
	if (RASGW__VEC_PUSH(v, c) < 0)
		return NULL;
	return &v->items[v->count - 1];
}

/*
 * Standbys promoted by takeovers keep M. When a gateway fails without one
 * (no eligible standby, R7.2), or standbys die with their host, more
 * standbys than actives may remain: promote them empty, where re-placement
 * can use them.
 */
static int keep_n_le_m(rasgw__evac *ev, rasgw__gateway *const *failing, size_t n)
{
	pool_counts pc = { 0 };
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const rasgw__gateway *g = failing[i];
		pool_count *c = count_of(&pc, g->pool, g->host->rack);
		if (!c) {
			rc = rasgw__error_nomem();
			break;
		}
		if (carries_load(g))
			c->active--;
		else if (g->pub.role == RASGW_GATEWAY_STANDBY)
			c->standby--;
	}
	for (size_t i = 0; i < ev->promoted.count && !rc; i++) {
		pool_count *c = count_of(&pc, ev->promoted.items[i]->pool, NULL);
		if (!c) {
			rc = rasgw__error_nomem();
			break;
		}
		c->active++;
		c->standby--;
	}
	for (size_t i = 0; i < pc.count && !rc; i++) {
		pool_count *c = &pc.items[i];
		while (c->standby > c->active && !rc) {
			rasgw__gateway *s = rasgw__standby_choose(c->p, c->rack, ev->dead_host,
								  &ev->promoted_of, NULL, 0,
								  ev->prefer_other_rack);
			if (!s)
				break;
			rc = rasgw__evac_promote(ev, s);
			c->active++;
			c->standby--;
		}
	}
	RASGW__VEC_FREE(&pc);
	return rc;
}

/*
 * The failure of `failing` (ascending id), all at once: one gateway, or
 * every gateway of host `host`.
 */
static int plan_failure(rasgw_plan **out, const rasgw_model *m, const char *event,
			const char *subject, rasgw__host *host, rasgw__gateway *const *failing,
			size_t n, rasgw_failure_cause cause, const rasgw_failover_options *o)
{
	rasgw__evac ev;
	rasgw__evac_init(&ev, m, RASGW__EVAC_FAILOVER, o);
	ev.dead_host = host;
	rasgw_plan *p = NULL;
	uint16_t *vlans = NULL;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (carries_load(failing[i]))
			rc = rasgw__evac_add_source(&ev, failing[i], cause == RASGW_FAILURE_SERVICE);
	/* Sources in id order take distinct standbys (R8.2, R7.2). */
	for (size_t i = 0; i < ev.srcs.count && !rc; i++) {
		rasgw__gateway *g = ev.srcs.items[i].g;
		size_t nv = 0;
		if ((rc = rasgw__gateway_vlans(g, &vlans, &nv)) < 0)
			break;
		rasgw__gateway *s = rasgw__standby_choose(g->pool, g->host->rack, host,
							  &ev.promoted_of, vlans, nv,
							  o->prefer_other_rack);
		rasgw__free(vlans);
		vlans = NULL;
		if (s)
			rc = rasgw__evac_takeover(&ev, i, s, true);
	}
	if (!rc)
		rc = keep_n_le_m(&ev, failing, n);
	if (!rc)
		rc = rasgw__evac_place(&ev, true); /* R8.3 */
	if (!rc)
		rc = rasgw__evac_decide_rrs(&ev);
	if (!rc)
		rc = rasgw__plan_new(&p, m, event, subject);
	if (rc < 0)
		goto done;
	rasgw__evac_emit(&ev, p);
	/* After its connections and route reflectors have left it. */
	for (size_t i = 0; i < n; i++)
		if (failing[i]->pub.role != RASGW_GATEWAY_FAILED)
			rasgw__emit_role(p, failing[i], failing[i]->pub.role, RASGW_GATEWAY_FAILED);
	if (host) {
		rasgw_change ch = { 0 };
		ch.kind = RASGW_CHANGE_HOST_STATE;
		ch.id = host->pub.id;
		ch.from = "up";
		ch.to = "failed";
		rasgw__plan_add_change(p, &ch);
	}
	rasgw__evac_drop_dead(&ev, p);
	rc = rasgw__plan_finish(p, out);
	p = NULL;
done:
	rasgw__plan_abort(p);
	rasgw__evac_free(&ev);
	return rc;
}

static int host_failure(rasgw_plan **out, const rasgw_model *m, rasgw__host *h,
			const rasgw_failover_options *o)
{
	if (h->pub.failed)
		return rasgw__error(RASGW_ESTATE, "host '%s' has already failed", h->pub.id);
	size_t n = h->gateways.count;
	rasgw__gateway **gws = n ? rasgw__calloc(n, sizeof(*gws)) : NULL;
	if (n && !gws)
		return rasgw__error_nomem();
	if (n) {
		memcpy(gws, h->gateways.items, n * sizeof(*gws));
		qsort(gws, n, sizeof(*gws), cmp_gw_id);
	}
	int rc = plan_failure(out, m, "host.failure", h->pub.id, h, gws, n, RASGW_FAILURE_HOST, o);
	rasgw__free(gws);
	return rc;
}

int rasgw_plan_gateway_failure(rasgw_plan **out, const rasgw_model *m, const char *gateway_id,
			       rasgw_failure_cause cause, const rasgw_failover_options *opts)
{
	if (!out || !m || !gateway_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_gateway_failure: NULL argument");
	if (cause != RASGW_FAILURE_VM && cause != RASGW_FAILURE_SERVICE && cause != RASGW_FAILURE_HOST)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_gateway_failure: unknown cause %d",
				    (int)cause);
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	rasgw__gateway *g = rasgw__table_get(&m->gateways, gateway_id);
	if (!g)
		return rasgw__error(RASGW_ENOTFOUND, "gateway '%s' does not exist", gateway_id);
	/* R4.2: a host failure takes every gateway on it at once. */
	if (cause == RASGW_FAILURE_HOST)
		return host_failure(out, m, g->host, &o);
	if (g->pub.role == RASGW_GATEWAY_FAILED)
		return rasgw__error(RASGW_ESTATE, "gateway '%s' has already failed", gateway_id);
	rasgw__gateway *one[1] = { g };
	return plan_failure(out, m, "gateway.failure", g->pub.id, NULL, one, 1, cause, &o);
}

int rasgw_plan_host_failure(rasgw_plan **out, const rasgw_model *m, const char *host_id,
			    const rasgw_failover_options *opts)
{
	if (!out || !m || !host_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_host_failure: NULL argument");
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	rasgw__host *h = rasgw__table_get(&m->hosts, host_id);
	if (!h)
		return rasgw__error(RASGW_ENOTFOUND, "host '%s' does not exist", host_id);
	return host_failure(out, m, h, &o);
}

/* ------------------------------------------------------------- recovery */

/*
 * A failed gateway comes back as a standby with no configuration (demote
 * clears whatever a rebooted VM kept), unless one more standby would exceed
 * the actives (R1.2): then as an empty active gateway. Nothing moves back.
 */
static void recover_gateway(rasgw_plan *p, const rasgw__gateway *g, pool_count *c)
{
	if (c->standby + 1 <= c->active) {
		rasgw__emit_role(p, g, RASGW_GATEWAY_FAILED, RASGW_GATEWAY_STANDBY);
		rasgw__emit_gateway_op(p, RASGW_PHASE_CONFIGURE, RASGW_OP_GATEWAY_DEMOTE, g, NULL);
		c->standby++;
	} else {
		rasgw__emit_role(p, g, RASGW_GATEWAY_FAILED, RASGW_GATEWAY_ACTIVE);
		rasgw__emit_activate(p, g, true);
		c->active++;
	}
}

int rasgw_plan_gateway_recovery(rasgw_plan **out, const rasgw_model *m, const char *gateway_id,
				const rasgw_failover_options *opts)
{
	if (!out || !m || !gateway_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_gateway_recovery: NULL argument");
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	rasgw__gateway *g = rasgw__table_get(&m->gateways, gateway_id);
	if (!g)
		return rasgw__error(RASGW_ENOTFOUND, "gateway '%s' does not exist", gateway_id);
	if (g->pub.role != RASGW_GATEWAY_FAILED)
		return rasgw__error(RASGW_ESTATE, "gateway '%s' is %s, not failed", gateway_id,
				    rasgw_gateway_role_name(g->pub.role));
	if (g->host->pub.failed)
		return rasgw__error(RASGW_ESTATE,
				    "gateway '%s' cannot recover while its host '%s' is failed "
				    "(plan the host's recovery)", gateway_id, g->host->pub.id);
	rasgw_plan *p = NULL;
	if ((rc = rasgw__plan_new(&p, m, "gateway.recovery", g->pub.id)) < 0)
		return rc;
	pool_count c = { g->pool, NULL, g->pool->pub.active_count, g->pool->pub.standby_count };
	recover_gateway(p, g, &c);
	return rasgw__plan_finish(p, out);
}

static int cmp_tenant_id(const void *a, const void *b)
{
	return strcmp((*(rasgw__tenant *const *)a)->pub.id, (*(rasgw__tenant *const *)b)->pub.id);
}

static int cmp_conn_id(const void *a, const void *b)
{
	return strcmp((*(rasgw__conn *const *)a)->pub.id, (*(rasgw__conn *const *)b)->pub.id);
}

/*
 * R3.5 on a host that was skipped while failed: policies and routes of every
 * placed connection of the tenants with VMs there.
 */
static int reprogram_host(rasgw_plan *p, const rasgw__host *h)
{
	size_t nt = h->tenants.count;
	if (!nt)
		return 0;
	rasgw__tenant **ts = rasgw__calloc(nt, sizeof(*ts));
	if (!ts)
		return rasgw__error_nomem();
	memcpy(ts, h->tenants.items, nt * sizeof(*ts));
	qsort(ts, nt, sizeof(*ts), cmp_tenant_id);
	int rc = 0;
	for (size_t i = 0; i < nt && !rc; i++) {
		const rasgw__tenant *t = ts[i];
		size_t nc = t->conns.count;
		if (!nc)
			continue;
		rasgw__conn **cs = rasgw__calloc(nc, sizeof(*cs));
		if (!cs) {
			rc = rasgw__error_nomem();
			break;
		}
		memcpy(cs, t->conns.items, nc * sizeof(*cs));
		qsort(cs, nc, sizeof(*cs), cmp_conn_id);
		for (size_t k = 0; k < nc; k++)
			rasgw__emit_host_programming(p, h, cs[k]);
		rasgw__free(cs);
	}
	rasgw__free(ts);
	return rc;
}

int rasgw_plan_host_recovery(rasgw_plan **out, const rasgw_model *m, const char *host_id,
			     const rasgw_failover_options *opts)
{
	if (!out || !m || !host_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_host_recovery: NULL argument");
	rasgw_failover_options o;
	int rc = rasgw__failover_options_read(opts, &o);
	if (rc < 0)
		return rc;
	rasgw__host *h = rasgw__table_get(&m->hosts, host_id);
	if (!h)
		return rasgw__error(RASGW_ENOTFOUND, "host '%s' does not exist", host_id);
	if (!h->pub.failed)
		return rasgw__error(RASGW_ESTATE, "host '%s' is not failed", host_id);
	size_t n = h->gateways.count;
	rasgw__gateway **gws = n ? rasgw__calloc(n, sizeof(*gws)) : NULL;
	if (n && !gws)
		return rasgw__error_nomem();
	if (n) {
		memcpy(gws, h->gateways.items, n * sizeof(*gws));
		qsort(gws, n, sizeof(*gws), cmp_gw_id);
	}
	rasgw_plan *p = NULL;
	pool_counts pc = { 0 };
	if ((rc = rasgw__plan_new(&p, m, "host.recovery", h->pub.id)) < 0)
		goto done;
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_HOST_STATE;
	ch.id = h->pub.id;
	ch.from = "failed";
	ch.to = "up";
	rasgw__plan_add_change(p, &ch);
	for (size_t i = 0; i < n; i++) {
		if (gws[i]->pub.role != RASGW_GATEWAY_FAILED)
			continue;
		pool_count *c = count_of(&pc, gws[i]->pool, NULL);
		if (!c) {
			rc = rasgw__error_nomem();
			goto done;
		}
		recover_gateway(p, gws[i], c);
	}
	if ((rc = reprogram_host(p, h)) < 0)
		goto done;
	rc = rasgw__plan_finish(p, out);
	p = NULL;
done:
	rasgw__plan_abort(p);
	RASGW__VEC_FREE(&pc);
	rasgw__free(gws);
	return rc;
}
