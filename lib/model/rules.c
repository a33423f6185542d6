/*
 * The placement rules, in one place: the loader checks pre-placed
 * connections with them, the planners filter candidates with them and
 * commit re-checks moves with them.
 */
#include "model_int.h"

#include <string.h>

static bool tenant_allows_pool(const rasgw__tenant *t, const rasgw__pool *p)
{
	if (t->pub.gateway_pool_count == 0)
		return true;
	for (size_t i = 0; i < t->pub.gateway_pool_count; i++)
		if (t->pools[i] == p)
			return true;
	return false;
}

static bool pool_allows_tenant(const rasgw__pool *p, const rasgw__tenant *t)
{
	if (p->pub.reseller && (!t->pub.reseller || strcmp(p->pub.reseller, t->pub.reseller) != 0))
		return false;
	if (p->pub.tenant_count == 0)
		return true;
	return rasgw__strs_contains(p->pub.tenants, p->pub.tenant_count, t->pub.id);
}

/*
 * R2.2 in both directions: a tenant on an All pool uses no other pool, and a
 * tenant on other pools takes no All pool. `moving` (may be NULL) is a
 * connection being moved, whose own current usage does not count.
 */
static bool all_pool_rule_allows(const rasgw__tenant *t, const rasgw__pool *p,
				 const rasgw__conn *moving)
{
	for (size_t i = 0; i < t->pool_usage.count; i++) {
		const rasgw__usage *u = &t->pool_usage.items[i];
		const rasgw__pool *other = u->what;
		uint32_t n = u->count;
		if (moving && moving->gw && moving->gw->pool == other)
			n--;
		if (n == 0 || other == p)
			continue;
		if (p->pub.type == RASGW_POOL_ALL || other->pub.type == RASGW_POOL_ALL)
			return false;
	}
	return true;
}

int rasgw__check_placement(const rasgw_model *m, const rasgw__tenant *t,
			   const rasgw_connection *c, const rasgw__gateway *g, uint64_t extra_used,
			   const rasgw__conn *moving, const char **reason)
{
	(void)m;
	const char *why = NULL;
	int rc = RASGW_EVALIDATE;
	const rasgw__pool *p = g->pool;
	if (!rasgw__pool_serves(&p->pub, c->type))
		why = "the pool's type does not serve this connection type (R1.1)";
	else if (!tenant_allows_pool(t, p))
		why = "the tenant's gatewayPools do not include the pool (R1.6)";
	else if (!pool_allows_tenant(p, t))
		why = "the pool is dedicated to other tenants or another reseller (R1.6)";
	else if (!all_pool_rule_allows(t, p, moving))
		why = "a tenant on an All pool cannot use any other pool, nor the reverse (R2.2)";
	else if (c->type == RASGW_CONN_L3 && !rasgw__rack_has_vlan(g->host->rack, c->vlan))
		why = "the gateway's rack does not carry the connection's VLAN (R7.2)";
	else if (c->type == RASGW_CONN_IKEV2 && c->destination_ip) {
		bool found = false;
		for (size_t i = 0; i < p->pub.public_ip_count && !found; i++)
			found = strcmp(p->pub.public_ips[i], c->destination_ip) == 0;
		if (!found)
			why = "the pool does not front the connection's destination public IP (R1.4)";
	}
	if (!why) {
		uint64_t cost = rasgw__conn_cost(p, c);
		uint64_t used = g->pub.used_kbps + extra_used;
		if (moving && moving->gw == g)
			used -= moving->pub.cost_kbps;
		if (cost > g->pub.capacity_kbps || used > g->pub.capacity_kbps - cost) {
			why = "not enough free capacity on the gateway (R1.3)";
			rc = RASGW_ENOCAPACITY;
		}
	}
	if (!why)
		return 0;
	if (reason)
		*reason = why;
	return rc;
}
