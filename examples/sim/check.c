/*
 * Model invariants through the public API only (check.h). Each one names
 * the rule of DOMAIN.md it guards. The derived figures the model keeps
 * (used, free, counts) are recomputed from the entities, so a drift in the
 * library's bookkeeping shows up as well as a broken rule.
 */
#include "check.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int bad(char *msg, size_t len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, len, fmt, ap);
	va_end(ap);
	return -1;
}

static bool serving(rasgw_gateway_role role)
{
	/* Draining gateways still carry what has not moved yet; they count in M. */
	return role == RASGW_GATEWAY_ACTIVE || role == RASGW_GATEWAY_DRAINING;
}

static bool pool_serves(const rasgw_pool *p, rasgw_conn_type t)
{
	switch (p->type) {
	case RASGW_POOL_ALL: return true;
	case RASGW_POOL_IKEV2: return t == RASGW_CONN_IKEV2;
	case RASGW_POOL_GRE: return t == RASGW_CONN_GRE;
	case RASGW_POOL_L3: return t == RASGW_CONN_L3;
	}
	return false;
}

static bool has_str(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

static int check_pools(const rasgw_model *m, char *msg, size_t len)
{
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++) {
		const rasgw_pool *p = rasgw_model_pool_get(m, i);
		uint32_t act = 0, sb = 0, fl = 0, all = 0, rr = 0;
		uint64_t used = 0, free_kbps = 0;

		for (size_t j = 0; j < rasgw_model_gateway_count(m); j++) {
			const rasgw_gateway *g = rasgw_model_gateway_get(m, j);
			if (strcmp(g->pool_id, p->id))
				continue;
			all++;
			act += serving(g->role);
			sb += g->role == RASGW_GATEWAY_STANDBY;
			fl += g->role == RASGW_GATEWAY_FAILED;
			used += g->used_kbps;
			rr += g->rr_count;
			if (g->role == RASGW_GATEWAY_ACTIVE)
				free_kbps += g->available_kbps;
		}
		if (p->standby_count > p->active_count)
			return bad(msg, len, "R1.2: pool '%s' has N=%u standby gateways for M=%u active "
				   "(N <= M)", p->id, p->standby_count, p->active_count);
		if (act != p->active_count || sb != p->standby_count || fl != p->failed_count ||
		    all != p->gateway_count)
			return bad(msg, len, "model figures: pool '%s' reports %u active, %u standby, "
				   "%u failed of %u, its gateways say %u, %u, %u of %u", p->id,
				   p->active_count, p->standby_count, p->failed_count, p->gateway_count,
				   act, sb, fl, all);
		if (used != p->used_kbps || free_kbps != p->free_kbps || rr != p->rr_count)
			return bad(msg, len, "model figures: pool '%s' reports used %llu, free %llu, "
				   "%u RRs; its gateways say %llu, %llu, %u", p->id,
				   (unsigned long long)p->used_kbps, (unsigned long long)p->free_kbps,
				   p->rr_count, (unsigned long long)used, (unsigned long long)free_kbps, rr);
	}
	return 0;
}

static int check_gateways(const rasgw_model *m, char *msg, size_t len)
{
	size_t nc = rasgw_model_connection_count(m);

	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		const rasgw_pool *p = rasgw_model_pool_lookup(m, g->pool_id);
		const rasgw_host *h = rasgw_model_host_lookup(m, g->host_id);
		uint64_t used = 0;
		uint32_t conns = 0, rrs = 0;

		if (!p || !h)
			return bad(msg, len, "model: gateway '%s' names a missing %s '%s'", g->id,
				   p ? "host" : "pool", p ? g->host_id : g->pool_id);
		for (size_t j = 0; j < nc; j++) {
			const rasgw_connection *c = rasgw_model_connection_get(m, j);
			if (!c->gateway_id || strcmp(c->gateway_id, g->id))
				continue;
			uint64_t cost = rasgw_pool_connection_cost(p, c->type, c->inbound_kbps,
								   c->outbound_kbps);
			if (cost != c->cost_kbps)
				return bad(msg, len, "R1.3: connection '%s' costs %llu kbps on pool '%s' "
					   "but the model books %llu", c->id, (unsigned long long)cost,
					   p->id, (unsigned long long)c->cost_kbps);
			used += cost;
			conns++;
		}
		for (size_t t = 0; t < rasgw_model_tenant_count(m); t++) {
			const rasgw_tenant *tn = rasgw_model_tenant_get(m, t);
			rrs += tn->rr_gateway && !strcmp(tn->rr_gateway, g->id);
		}
		if (used > g->capacity_kbps)
			return bad(msg, len, "R1.3: gateway '%s' uses %llu kbps of its %llu kbps capacity",
				   g->id, (unsigned long long)used, (unsigned long long)g->capacity_kbps);
		if (used != g->used_kbps || conns != g->connection_count || rrs != g->rr_count ||
		    g->capacity_kbps != p->capacity_kbps ||
		    g->available_kbps != g->capacity_kbps - g->used_kbps)
			return bad(msg, len, "model figures: gateway '%s' reports used %llu, %u "
				   "connections, %u RRs; recomputed %llu, %u, %u", g->id,
				   (unsigned long long)g->used_kbps, g->connection_count, g->rr_count,
				   (unsigned long long)used, conns, rrs);
		if (conns && !serving(g->role))
			return bad(msg, len, "R5.2: gateway '%s' is %s but carries %u connection(s)",
				   g->id, rasgw_gateway_role_name(g->role), conns);
		if (rrs && !serving(g->role))
			return bad(msg, len, "R3.2: gateway '%s' is %s but holds %u route reflector(s)",
				   g->id, rasgw_gateway_role_name(g->role), rrs);
		if (h->failed && g->role != RASGW_GATEWAY_FAILED)
			return bad(msg, len, "R4.2: gateway '%s' is %s on failed host '%s'", g->id,
				   rasgw_gateway_role_name(g->role), h->id);
		if (g->gre_vip && p->type != RASGW_POOL_GRE && p->type != RASGW_POOL_ALL)
			return bad(msg, len, "R6.1: gateway '%s' of %s pool '%s' has GRE VIP %s", g->id,
				   rasgw_pool_type_name(p->type), p->id, g->gre_vip);
		for (size_t j = 0; g->gre_vip && j < i; j++) {
			const rasgw_gateway *o = rasgw_model_gateway_get(m, j);
			if (o->gre_vip && !strcmp(o->gre_vip, g->gre_vip))
				return bad(msg, len, "R6.3: GRE VIP %s is on both '%s' and '%s'",
					   g->gre_vip, o->id, g->id);
		}
	}
	return 0;
}

static int check_connection(const rasgw_model *m, const rasgw_connection *c, char *msg, size_t len)
{
	const rasgw_tenant *t = rasgw_model_tenant_lookup(m, c->tenant_id);
	const rasgw_gateway *g;
	const rasgw_pool *p;
	const rasgw_rack *r;
	const rasgw_host *h;

	if (!t)
		return bad(msg, len, "model: connection '%s' names missing tenant '%s'", c->id,
			   c->tenant_id);
	if (!c->gateway_id)
		return c->cost_kbps ? bad(msg, len, "model figures: unplaced connection '%s' "
					  "costs %llu kbps", c->id, (unsigned long long)c->cost_kbps)
				    : 0;
	if (!(g = rasgw_model_gateway_lookup(m, c->gateway_id)))
		return bad(msg, len, "model: connection '%s' is on missing gateway '%s'", c->id,
			   c->gateway_id);
	p = rasgw_model_pool_lookup(m, g->pool_id);
	h = rasgw_model_host_lookup(m, g->host_id);
	r = h ? rasgw_model_rack_lookup(m, h->rack_id) : NULL;
	if (!p || !r)
		return bad(msg, len, "model: gateway '%s' has no pool or rack", g->id);
	if (!pool_serves(p, c->type))
		return bad(msg, len, "R1.1: %s connection '%s' is on gateway '%s' of %s pool '%s'",
			   rasgw_conn_type_name(c->type), c->id, g->id, rasgw_pool_type_name(p->type),
			   p->id);
	if (t->gateway_pool_count && !has_str(t->gateway_pools, t->gateway_pool_count, p->id))
		return bad(msg, len, "R1.6: connection '%s' of tenant '%s' is on pool '%s', not one "
			   "of the tenant's gatewayPools", c->id, t->id, p->id);
	if (p->tenant_count && !has_str(p->tenants, p->tenant_count, t->id))
		return bad(msg, len, "R1.6: connection '%s' of tenant '%s' is on pool '%s', which is "
			   "dedicated to other tenants", c->id, t->id, p->id);
	if (p->reseller && (!t->reseller || strcmp(p->reseller, t->reseller)))
		return bad(msg, len, "R1.6: connection '%s' of tenant '%s' is on pool '%s' of "
			   "reseller '%s'", c->id, t->id, p->id, p->reseller);
	if (c->type == RASGW_CONN_L3) {
		bool found = false;
		for (size_t i = 0; i < r->vlan_count && !found; i++)
			found = r->vlans[i] == c->vlan;
		if (!found)
			return bad(msg, len, "R7.2: L3 connection '%s' (VLAN %u) is on gateway '%s' in "
				   "rack '%s', whose TOR does not carry that VLAN", c->id, c->vlan,
				   g->id, r->id);
	}
	if (c->type == RASGW_CONN_GRE && !g->gre_vip)
		return bad(msg, len, "R6.1: GRE connection '%s' is on gateway '%s', which has no "
			   "GRE VIP", c->id, g->id);
	if (c->type == RASGW_CONN_IKEV2 && c->destination_ip &&
	    !has_str(p->public_ips, p->public_ip_count, c->destination_ip))
		return bad(msg, len, "R1.4: connection '%s' dials %s, which pool '%s' does not front",
			   c->id, c->destination_ip, p->id);
	return 0;
}

static const char *pool_of(const rasgw_model *m, const rasgw_connection *c)
{
	const rasgw_gateway *g = c->gateway_id ? rasgw_model_gateway_lookup(m, c->gateway_id) : NULL;
	return g ? g->pool_id : NULL;
}

static int check_connections(const rasgw_model *m, char *msg, size_t len)
{
	size_t n = rasgw_model_connection_count(m);

	for (size_t i = 0; i < n; i++) {
		const rasgw_connection *c = rasgw_model_connection_get(m, i);
		if (check_connection(m, c, msg, len) < 0)
			return -1;
		if (c->type != RASGW_CONN_IKEV2 || !c->source_ip)
			continue;
		for (size_t j = 0; j < i; j++) {
			const rasgw_connection *o = rasgw_model_connection_get(m, j);
			if (o->type == RASGW_CONN_IKEV2 && o->source_ip &&
			    !strcmp(o->source_ip, c->source_ip) && strcmp(o->tenant_id, c->tenant_id))
				return bad(msg, len, "R2.3: source IP %s is used by tenants '%s' and '%s'",
					   c->source_ip, o->tenant_id, c->tenant_id);
		}
	}
	return 0;
}

static int check_tenants(const rasgw_model *m, char *msg, size_t len)
{
	size_t n = rasgw_model_connection_count(m);

	for (size_t t = 0; t < rasgw_model_tenant_count(m); t++) {
		const rasgw_tenant *tn = rasgw_model_tenant_get(m, t);
		const char *all_pool = NULL, *other_pool = NULL;
		uint32_t conns = 0, placed = 0;

		for (size_t i = 0; i < n; i++) {
			const rasgw_connection *c = rasgw_model_connection_get(m, i);
			if (strcmp(c->tenant_id, tn->id))
				continue;
			conns++;
			const char *pid = pool_of(m, c);
			if (!pid)
				continue;
			placed++;
			const rasgw_pool *p = rasgw_model_pool_lookup(m, pid);
			if (p->type == RASGW_POOL_ALL) {
				if (all_pool && strcmp(all_pool, pid))
					other_pool = pid;
				else
					all_pool = pid;
			} else if (!other_pool) {
				other_pool = pid;
			}
		}
		if (conns != tn->connection_count)
			return bad(msg, len, "model figures: tenant '%s' reports %u connections, has %u",
				   tn->id, tn->connection_count, conns);
		if (all_pool && other_pool)
			return bad(msg, len, "R2.2: tenant '%s' uses All pool '%s' and also pool '%s'",
				   tn->id, all_pool, other_pool);
		if (placed && !tn->rr_gateway)
			return bad(msg, len, "R3.2: tenant '%s' has %u placed connection(s) but no route "
				   "reflector", tn->id, placed);
		if (!placed && tn->rr_gateway)
			return bad(msg, len, "R3.2: tenant '%s' keeps route reflector '%s' with no placed "
				   "connection", tn->id, tn->rr_gateway);
		if (tn->rr_gateway) {
			const rasgw_gateway *g = rasgw_model_gateway_lookup(m, tn->rr_gateway);
			if (!g)
				return bad(msg, len, "R3.2: tenant '%s' has its route reflector on missing "
					   "gateway '%s'", tn->id, tn->rr_gateway);
			if (!serving(g->role))
				return bad(msg, len, "R5.1: tenant '%s' has its route reflector on %s "
					   "gateway '%s'", tn->id, rasgw_gateway_role_name(g->role), g->id);
		}
	}
	return 0;
}

int check_invariants(const rasgw_model *m, char *msg, size_t len)
{
	if (check_pools(m, msg, len) < 0 || check_gateways(m, msg, len) < 0 ||
	    check_connections(m, msg, len) < 0 || check_tenants(m, msg, len) < 0)
		return -1;
	return 0;
}
