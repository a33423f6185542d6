/* Model lifetime, read access and the small shared rules (cost, types). */
#include "model_int.h"

#include <string.h>

int rasgw_model_new(rasgw_model **out)
{
	if (!out)
		return rasgw__error(RASGW_EINVAL, "rasgw_model_new: out is NULL");
	rasgw_model *m = rasgw__calloc(1, sizeof(*m));
	if (!m)
		return rasgw__error_nomem();
	*out = m;
	return 0;
}

void rasgw__rack_free(rasgw__rack *r)
{
	if (!r)
		return;
	rasgw__free((void *)r->pub.id);
	rasgw__free((void *)r->pub.tor_name);
	rasgw__free((void *)r->pub.tor_peer_ip);
	rasgw__free((void *)r->pub.vlans);
	RASGW__VEC_FREE(&r->hosts);
	rasgw__free(r);
}

void rasgw__host_free(rasgw__host *h)
{
	if (!h)
		return;
	rasgw__free((void *)h->pub.id);
	rasgw__free((void *)h->pub.address);
	RASGW__VEC_FREE(&h->gateways);
	RASGW__VEC_FREE(&h->tenants);
	rasgw__free(h);
}

void rasgw__pool_free(rasgw__pool *p)
{
	if (!p)
		return;
	rasgw__free((void *)p->pub.id);
	rasgw__strs_free(p->pub.public_ips, p->pub.public_ip_count);
	rasgw__strs_free(p->pub.gre_vip_subnets, p->pub.gre_vip_subnet_count);
	rasgw__strs_free(p->pub.tenants, p->pub.tenant_count);
	rasgw__free((void *)p->pub.reseller);
	RASGW__VEC_FREE(&p->gateways);
	rasgw__free(p);
}

void rasgw__gateway_free(rasgw__gateway *g)
{
	if (!g)
		return;
	rasgw__free((void *)g->pub.id);
	rasgw__free((void *)g->pub.dip);
	rasgw__free((void *)g->pub.gre_vip);
	RASGW__VEC_FREE(&g->conns);
	RASGW__VEC_FREE(&g->rr_tenants);
	rasgw__free(g);
}

void rasgw__tenant_free(rasgw__tenant *t)
{
	if (!t)
		return;
	rasgw__free((void *)t->pub.id);
	rasgw__free((void *)t->pub.reseller);
	rasgw__free((void *)t->pub.hosts);
	rasgw__free((void *)t->pub.gateway_pools);
	rasgw__free(t->hosts);
	rasgw__free(t->pools);
	RASGW__VEC_FREE(&t->conns);
	RASGW__VEC_FREE(&t->pool_usage);
	RASGW__VEC_FREE(&t->gw_usage);
	rasgw__free(t);
}

void rasgw__conn_free(rasgw__conn *c)
{
	if (!c)
		return;
	rasgw_connection *p = &c->pub;
	rasgw__free((void *)p->id);
	rasgw__free((void *)p->source_ip);
	rasgw__free((void *)p->destination_ip);
	rasgw__free((void *)p->remote_endpoint);
	rasgw__free((void *)p->vlan_subnet);
	rasgw__free((void *)p->ca_ip);
	rasgw__free((void *)p->peer_ip);
	rasgw__free((void *)p->bgp_ip);
	rasgw__free((void *)p->peer_bgp_ip);
	rasgw__strs_free(p->static_prefixes, p->static_prefix_count);
	rasgw__strs_free(p->learned_prefixes, p->learned_prefix_count);
	rasgw__free(c);
}

#define FREE_TABLE(t, fn)                                                                  \
	do {                                                                               \
		for (size_t i_ = 0; i_ < (t)->sorted.count; i_++)                          \
			fn((t)->sorted.items[i_]);                                         \
		rasgw__table_free(t);                                                      \
	} while (0)

static void model_tables(rasgw_model *m, rasgw__table *out[6])
{
	out[0] = &m->racks;
	out[1] = &m->hosts;
	out[2] = &m->pools;
	out[3] = &m->gateways;
	out[4] = &m->tenants;
	out[5] = &m->conns;
}

int rasgw__model_reserve(rasgw_model *m, size_t racks, size_t hosts, size_t pools,
			 size_t gateways, size_t tenants, size_t conns)
{
	const size_t n[6] = { racks, hosts, pools, gateways, tenants, conns };
	rasgw__table *t[6];
	model_tables(m, t);
	for (int i = 0; i < 6; i++)
		if (n[i] && rasgw__table_reserve(t[i], n[i]) < 0)
			return rasgw__error_nomem();
	return 0;
}

void rasgw__model_bulk_begin(rasgw_model *m)
{
	rasgw__table *t[6];
	model_tables(m, t);
	for (int i = 0; i < 6; i++)
		t[i]->unsorted = true;
}

void rasgw__model_bulk_end(rasgw_model *m)
{
	rasgw__table *t[6];
	model_tables(m, t);
	for (int i = 0; i < 6; i++)
		if (t[i]->unsorted)
			rasgw__table_sort(t[i]);
}

void rasgw_model_free(rasgw_model *m)
{
	if (!m)
		return;
	FREE_TABLE(&m->conns, rasgw__conn_free);
	FREE_TABLE(&m->tenants, rasgw__tenant_free);
	FREE_TABLE(&m->gateways, rasgw__gateway_free);
	FREE_TABLE(&m->pools, rasgw__pool_free);
	FREE_TABLE(&m->hosts, rasgw__host_free);
	FREE_TABLE(&m->racks, rasgw__rack_free);
	rasgw__map_free(&m->source_ips);
	rasgw__map_free(&m->addrs);
	rasgw__free(m->source_name);
	rasgw__free(m);
}

#define ACCESSORS(kind, table, type)                                                       \
	size_t rasgw_model_##kind##_count(const rasgw_model *m)                            \
	{                                                                                  \
		return m ? m->table.sorted.count : 0;                                      \
	}                                                                                  \
	const type *rasgw_model_##kind##_get(const rasgw_model *m, size_t i)               \
	{                                                                                  \
		return m && i < m->table.sorted.count ? m->table.sorted.items[i] : NULL;   \
	}                                                                                  \
	const type *rasgw_model_##kind##_lookup(const rasgw_model *m, const char *id)      \
	{                                                                                  \
		return m && id ? rasgw__table_get(&m->table, id) : NULL;                   \
	}

ACCESSORS(rack, racks, rasgw_rack)
ACCESSORS(host, hosts, rasgw_host)
ACCESSORS(pool, pools, rasgw_pool)
ACCESSORS(gateway, gateways, rasgw_gateway)
ACCESSORS(tenant, tenants, rasgw_tenant)
ACCESSORS(connection, conns, rasgw_connection)

uint64_t rasgw_model_fingerprint(const rasgw_model *m)
{
	return rasgw__fingerprint_of_sum(m ? m->fp_sum : 0);
}

bool rasgw__pool_serves(const rasgw_pool *p, rasgw_conn_type type)
{
	switch (p->type) {
	case RASGW_POOL_ALL: return true;
	case RASGW_POOL_IKEV2: return type == RASGW_CONN_IKEV2;
	case RASGW_POOL_GRE: return type == RASGW_CONN_GRE;
	case RASGW_POOL_L3: return type == RASGW_CONN_L3;
	}
	return false;
}

bool rasgw__pool_accepts_gre(const rasgw_pool *p)
{
	return p->type == RASGW_POOL_ALL || p->type == RASGW_POOL_GRE;
}

uint64_t rasgw_pool_connection_cost(const rasgw_pool *pool, rasgw_conn_type type,
				    uint64_t inbound_kbps, uint64_t outbound_kbps)
{
	if (!pool || (unsigned)type >= RASGW_CONN_TYPE_COUNT)
		return UINT64_MAX;
	uint64_t cap = pool->capacity_kbps;
	uint64_t max = pool->type_max_kbps[type];
	if (max == 0 || max > cap)
		max = cap; /* a type maximum above the gateway's capacity is clamped (NC-FIELDS) */
	if (max == 0)
		return UINT64_MAX;
	uint64_t bw = inbound_kbps + outbound_kbps;
	if (bw < inbound_kbps)
		return UINT64_MAX;
	/* ceil(cap * bw / max) without overflow for values up to 2^64 */
	__extension__ typedef unsigned __int128 u128; /* gcc and clang on 64-bit targets */
	u128 prod = (u128)cap * bw;
	u128 cost = (prod + max - 1) / max;
	return cost > UINT64_MAX ? UINT64_MAX : (uint64_t)cost;
}

uint64_t rasgw__conn_cost(const rasgw__pool *p, const rasgw_connection *c)
{
	return rasgw_pool_connection_cost(&p->pub, c->type, c->inbound_kbps, c->outbound_kbps);
}

bool rasgw__rack_has_vlan(const rasgw__rack *r, uint16_t vlan)
{
	size_t lo = 0, hi = r->pub.vlan_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->pub.vlans[mid] < vlan)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->pub.vlan_count && r->pub.vlans[lo] == vlan;
}
