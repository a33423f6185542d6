/*
 * Changing the model: placement, route reflectors, roles, addresses and the
 * unlink/relink pairs that commit uses. Every change keeps the derived
 * figures, the indexes and the fingerprint sum current, so readers and
 * planners never scan to find them.
 */
#include "model_int.h"

#include <stdlib.h>
#include <string.h>

static void fp_refresh(rasgw_model *m, uint64_t *term, uint64_t value)
{
	m->fp_sum -= *term;
	*term = value;
	m->fp_sum += value;
}

/* ---- per-tenant usage counters (few entries: linear search is right) ---- */

static rasgw__usage *usage_find(const void *vec_items, size_t count, const void *what)
{
	rasgw__usage *u = (rasgw__usage *)vec_items;
	for (size_t i = 0; i < count; i++)
		if (u[i].what == what)
			return &u[i];
	return NULL;
}

#define USAGE_INC(vec, w)                                                                   \
	do {                                                                               \
		rasgw__usage *u_ = usage_find((vec)->items, (vec)->count, (w));            \
		if (u_)                                                                    \
			u_->count++;                                                       \
		else                                                                       \
			(vec)->items[(vec)->count++] = (rasgw__usage){ (w), 1 };           \
	} while (0)

/* Decrement; returns the count left (the entry goes at 0). */
static uint32_t usage_dec(rasgw__usage *items, size_t *count, const void *what)
{
	rasgw__usage *u = usage_find(items, *count, what);
	if (!u)
		return 0;
	if (--u->count)
		return u->count;
	*u = items[--*count];
	return 0;
}

int rasgw__model_place_reserve(rasgw__tenant *t, rasgw__gateway *g)
{
	if (RASGW__VEC_RESERVE(&g->conns, g->conns.count + 1) < 0 ||
	    RASGW__VEC_RESERVE(&t->gw_usage, t->gw_usage.count + 1) < 0 ||
	    RASGW__VEC_RESERVE(&t->pool_usage, t->pool_usage.count + 1) < 0)
		return rasgw__error_nomem();
	return 0;
}

/* Gateway g's available capacity changed by the caller: fix pool figures and index. */
static void gateway_used_changed(rasgw__gateway *g, uint64_t old_available)
{
	rasgw__pool *p = g->pool;
	g->pub.available_kbps = g->pub.capacity_kbps > g->pub.used_kbps
					? g->pub.capacity_kbps - g->pub.used_kbps
					: 0;
	if (g->pub.role == RASGW_GATEWAY_ACTIVE) {
		p->pub.free_kbps = p->pub.free_kbps - old_available + g->pub.available_kbps;
		rasgw__oindex_update(&p->free_index, &g->free_node, g->pub.available_kbps);
	}
}

static void unplace(rasgw__conn *c)
{
	rasgw__gateway *g = c->gw;
	rasgw__tenant *t = c->tenant;
	/* swap-remove from the gateway's list */
	rasgw__conn *last = g->conns.items[--g->conns.count];
	g->conns.items[c->gw_slot] = last;
	last->gw_slot = c->gw_slot;
	uint64_t old_available = g->pub.available_kbps;
	g->pub.used_kbps -= c->pub.cost_kbps;
	g->pool->pub.used_kbps -= c->pub.cost_kbps;
	g->pub.connection_count--;
	gateway_used_changed(g, old_available);
	usage_dec(t->gw_usage.items, &t->gw_usage.count, g);
	if (usage_dec(t->pool_usage.items, &t->pool_usage.count, g->pool) == 0)
		g->pool->pub.tenant_users--;
	c->gw = NULL;
	c->pub.gateway_id = NULL;
	c->pub.cost_kbps = 0;
}

static void place_on(rasgw__conn *c, rasgw__gateway *g)
{
	rasgw__tenant *t = c->tenant;
	c->gw = g;
	c->pub.gateway_id = g->pub.id;
	c->pub.cost_kbps = rasgw__conn_cost(g->pool, &c->pub);
	c->gw_slot = (uint32_t)g->conns.count;
	g->conns.items[g->conns.count++] = c;
	uint64_t old_available = g->pub.available_kbps;
	g->pub.used_kbps += c->pub.cost_kbps;
	g->pool->pub.used_kbps += c->pub.cost_kbps;
	g->pub.connection_count++;
	gateway_used_changed(g, old_available);
	USAGE_INC(&t->gw_usage, g);
	if (!usage_find(t->pool_usage.items, t->pool_usage.count, g->pool))
		g->pool->pub.tenant_users++;
	USAGE_INC(&t->pool_usage, g->pool);
}

int rasgw__model_place(rasgw_model *m, rasgw__conn *c, rasgw__gateway *gw)
{
	if (c->gw == gw)
		return 0;
	if (gw && rasgw__model_place_reserve(c->tenant, gw) < 0)
		return RASGW_ENOMEM;
	if (c->gw)
		unplace(c);
	if (gw)
		place_on(c, gw);
	fp_refresh(m, &c->hash, rasgw__hash_connection(&c->pub));
	return 0;
}

int rasgw__model_set_rr(rasgw_model *m, rasgw__tenant *t, rasgw__gateway *gw)
{
	if (t->rr == gw)
		return 0;
	if (gw && RASGW__VEC_RESERVE(&gw->rr_tenants, gw->rr_tenants.count + 1) < 0)
		return rasgw__error_nomem();
	rasgw__gateway *old = t->rr;
	if (old) {
		rasgw__tenant *last = old->rr_tenants.items[--old->rr_tenants.count];
		old->rr_tenants.items[t->rr_slot] = last;
		last->rr_slot = t->rr_slot;
		old->pub.rr_count--;
		old->pool->pub.rr_count--;
	}
	t->rr = gw;
	t->pub.rr_gateway = gw ? gw->pub.id : NULL;
	if (gw) {
		t->rr_slot = gw->rr_tenants.count;
		gw->rr_tenants.items[gw->rr_tenants.count++] = t;
		gw->pub.rr_count++;
		gw->pool->pub.rr_count++;
	}
	fp_refresh(m, &t->hash, rasgw__hash_tenant(&t->pub));
	return 0;
}

static void role_count(rasgw__pool *p, rasgw_gateway_role role, int delta)
{
	switch (role) {
	case RASGW_GATEWAY_ACTIVE:
	case RASGW_GATEWAY_DRAINING: p->pub.active_count += (uint32_t)delta; break;
	case RASGW_GATEWAY_STANDBY: p->pub.standby_count += (uint32_t)delta; break;
	case RASGW_GATEWAY_FAILED: p->pub.failed_count += (uint32_t)delta; break;
	}
}

void rasgw__model_set_role(rasgw_model *m, rasgw__gateway *g, rasgw_gateway_role role)
{
	if (g->pub.role == role)
		return;
	rasgw__pool *p = g->pool;
	if (g->pub.role == RASGW_GATEWAY_ACTIVE) {
		rasgw__oindex_remove(&p->free_index, &g->free_node);
		p->pub.free_kbps -= g->pub.available_kbps;
	}
	role_count(p, g->pub.role, -1);
	g->pub.role = role;
	role_count(p, role, +1);
	if (role == RASGW_GATEWAY_ACTIVE) {
		rasgw__oindex_insert(&p->free_index, &g->free_node, g->pub.available_kbps, g->pub.id);
		p->pub.free_kbps += g->pub.available_kbps;
	}
	fp_refresh(m, &g->hash, rasgw__hash_gateway(&g->pub));
}

void rasgw__model_set_host_failed(rasgw_model *m, rasgw__host *h, bool failed)
{
	if (h->pub.failed == failed)
		return;
	h->pub.failed = failed;
	fp_refresh(m, &h->hash, rasgw__hash_host(&h->pub));
}

rasgw__gateway *rasgw__model_addr_gateway(const rasgw_model *m, const char *addr)
{
	return rasgw__map_get(&m->addrs, addr);
}

int rasgw__model_gre_vip_reserve(rasgw_model *m)
{
	if (rasgw__map_reserve(&m->addrs, m->addrs.count + 1) < 0)
		return rasgw__error_nomem();
	return 0;
}

/*
 * The map's keys are borrowed from the gateway the entry names, so an entry
 * is always re-keyed with the string of the gateway it is given to.
 */
void rasgw__model_swap_gre_vip(rasgw_model *m, rasgw__gateway *g, char **vip,
			       rasgw__vip_undo *undo)
{
	char *old = (char *)g->pub.gre_vip;
	rasgw__gateway *holder = *vip ? rasgw__map_get(&m->addrs, *vip) : NULL;
	/* VIPs may be swapped between two gateways: only drop our own entry. */
	undo->dropped_own = old && rasgw__map_get(&m->addrs, old) == g;
	if (undo->dropped_own)
		rasgw__map_del(&m->addrs, old);
	/* holder == g only when the VIP does not change, and then its entry was just dropped. */
	undo->displaced = holder == g ? NULL : holder;
	g->pub.gre_vip = *vip;
	if (*vip)
		(void)rasgw__map_put(&m->addrs, *vip, g); /* reserved */
	*vip = old;
	fp_refresh(m, &g->hash, rasgw__hash_gateway(&g->pub));
}

void rasgw__model_unswap_gre_vip(rasgw_model *m, rasgw__gateway *g, char **vip,
				 const rasgw__vip_undo *undo)
{
	char *now = (char *)g->pub.gre_vip;
	if (undo->displaced)
		(void)rasgw__map_put(&m->addrs, undo->displaced->pub.gre_vip, undo->displaced);
	else if (now)
		rasgw__map_del(&m->addrs, now);
	g->pub.gre_vip = *vip;
	/* Back to the count the map had before the swap: no growth. */
	if (undo->dropped_own)
		(void)rasgw__map_put(&m->addrs, *vip, g);
	*vip = now;
	fp_refresh(m, &g->hash, rasgw__hash_gateway(&g->pub));
}

void rasgw__model_swap_learned(rasgw_model *m, rasgw__conn *c, const char *const **list,
			       size_t *count)
{
	const char *const *old = c->pub.learned_prefixes;
	size_t n = c->pub.learned_prefix_count;
	c->pub.learned_prefixes = *list;
	c->pub.learned_prefix_count = *count;
	*list = old;
	*count = n;
	fp_refresh(m, &c->hash, rasgw__hash_connection(&c->pub));
}

/* ---- link / unlink ---- */

void rasgw__model_link_connection_on(rasgw_model *m, rasgw__conn *c, rasgw__gateway *g)
{
	rasgw__tenant *t = c->tenant;
	rasgw__table_insert(&m->conns, c);
	c->tenant_slot = (uint32_t)t->conns.count;
	t->conns.items[t->conns.count++] = c;
	t->pub.connection_count++;
	if (c->pub.source_ip)
		(void)rasgw__map_put(&m->source_ips, c->pub.source_ip, c);
	/* Placed before hashing: the term covers gateway_id, so one hash, not two. */
	if (g)
		place_on(c, g);
	c->hash = rasgw__hash_connection(&c->pub);
	m->fp_sum += c->hash;
}

void rasgw__model_link_connection(rasgw_model *m, rasgw__conn *c)
{
	rasgw__model_link_connection_on(m, c, NULL);
}

int rasgw__model_unlink_connection(rasgw_model *m, rasgw__conn *c)
{
	if (c->gw)
		return rasgw__error(RASGW_ESTATE, "connection '%s' is still placed", c->pub.id);
	rasgw__tenant *t = c->tenant;
	rasgw__table_remove(&m->conns, c);
	rasgw__conn *last = t->conns.items[--t->conns.count];
	t->conns.items[c->tenant_slot] = last;
	last->tenant_slot = c->tenant_slot;
	t->pub.connection_count--;
	if (c->pub.source_ip)
		rasgw__map_del(&m->source_ips, c->pub.source_ip);
	m->fp_sum -= c->hash;
	return 0;
}

void rasgw__model_relink_connection(rasgw_model *m, rasgw__conn *c)
{
	rasgw__model_link_connection(m, c);
}

int rasgw__model_unlink_tenant(rasgw_model *m, rasgw__tenant *t)
{
	if (t->conns.count || t->rr)
		return rasgw__error(RASGW_ESTATE, "tenant '%s' still has connections or a route reflector",
				    t->pub.id);
	rasgw__table_remove(&m->tenants, t);
	for (size_t i = 0; i < t->pub.host_count; i++) {
		rasgw__host *h = t->hosts[i];
		for (size_t j = 0; j < h->tenants.count; j++)
			if (h->tenants.items[j] == t) {
				h->tenants.items[j] = h->tenants.items[--h->tenants.count];
				break;
			}
	}
	m->fp_sum -= t->hash;
	return 0;
}

void rasgw__model_relink_tenant(rasgw_model *m, rasgw__tenant *t)
{
	rasgw__table_insert(&m->tenants, t);
	for (size_t i = 0; i < t->pub.host_count; i++)
		t->hosts[i]->tenants.items[t->hosts[i]->tenants.count++] = t;
	m->fp_sum += t->hash;
}

int rasgw__model_unlink_gateway(rasgw_model *m, rasgw__gateway *g)
{
	if (g->conns.count || g->rr_tenants.count)
		return rasgw__error(RASGW_ESTATE,
				    "gateway '%s' still holds %zu connection(s) and %zu route reflector(s)",
				    g->pub.id, g->conns.count, g->rr_tenants.count);
	rasgw__pool *p = g->pool;
	rasgw__host *h = g->host;
	rasgw__table_remove(&m->gateways, g);
	rasgw__map_del(&m->addrs, g->pub.dip);
	if (g->pub.gre_vip && rasgw__map_get(&m->addrs, g->pub.gre_vip) == g)
		rasgw__map_del(&m->addrs, g->pub.gre_vip);
	for (size_t j = 0; j < h->gateways.count; j++)
		if (h->gateways.items[j] == g) {
			h->gateways.items[j] = h->gateways.items[--h->gateways.count];
			break;
		}
	for (size_t j = 0; j < p->gateways.count; j++)
		if (p->gateways.items[j] == g) {
			memmove(&p->gateways.items[j], &p->gateways.items[j + 1],
				(p->gateways.count - j - 1) * sizeof(*p->gateways.items));
			p->gateways.count--;
			break;
		}
	p->pub.gateway_count--;
	if (g->pub.role == RASGW_GATEWAY_ACTIVE) {
		rasgw__oindex_remove(&p->free_index, &g->free_node);
		p->pub.free_kbps -= g->pub.available_kbps;
	}
	role_count(p, g->pub.role, -1);
	m->fp_sum -= g->hash;
	return 0;
}

void rasgw__model_relink_gateway(rasgw_model *m, rasgw__gateway *g)
{
	rasgw__table_insert(&m->gateways, g);
	(void)rasgw__map_put(&m->addrs, g->pub.dip, g);
	if (g->pub.gre_vip)
		(void)rasgw__map_put(&m->addrs, g->pub.gre_vip, g);
	g->host->gateways.items[g->host->gateways.count++] = g;
	rasgw__pool_link_gateway(g->pool, g);
	m->fp_sum += g->hash;
}

int rasgw__model_unlink_pool(rasgw_model *m, rasgw__pool *p)
{
	if (p->gateways.count)
		return rasgw__error(RASGW_ESTATE, "pool '%s' still has %zu gateway(s)", p->pub.id,
				    p->gateways.count);
	for (size_t i = 0; i < m->tenants.sorted.count; i++) {
		rasgw__tenant *t = m->tenants.sorted.items[i];
		for (size_t j = 0; j < t->pub.gateway_pool_count; j++)
			if (t->pools[j] == p)
				return rasgw__error(RASGW_ESTATE, "pool '%s' is named by tenant '%s'",
						    p->pub.id, t->pub.id);
	}
	rasgw__table_remove(&m->pools, p);
	m->fp_sum -= p->hash;
	return 0;
}

void rasgw__model_relink_pool(rasgw_model *m, rasgw__pool *p)
{
	rasgw__table_insert(&m->pools, p);
	m->fp_sum += p->hash;
}
