/*
 * Fingerprint terms. Each entity contributes XXH3-64 of a canonical byte
 * encoding of its public, non-derived fields: a kind tag, then each field in
 * a fixed order as a little-endian integer or a length-prefixed string
 * (length UINT32_MAX for NULL). The model fingerprint mixes the wrapping sum
 * of the terms, so it is independent of insertion order, can be kept current
 * in O(1) per change, and a plan can compute the fingerprint it leads to
 * without touching the model. Nothing depends on struct layout, pointer
 * values or endianness, so it is stable across runs, machines and compilers.
 */
#include "model_int.h"

#include <string.h>
#include <xxhash.h>

/* Encoded bytes are hashed in 1 KiB chunks, each chunk's hash seeding the
 * next: infallible (no allocation) and defined by the bytes alone. */
typedef struct enc {
	unsigned char buf[1024];
	size_t len;
	uint64_t seed;
} enc;

static void flush(enc *e)
{
	e->seed = (uint64_t)XXH3_64bits_withSeed(e->buf, e->len, e->seed);
	e->len = 0;
}

static void put_bytes(enc *e, const void *p, size_t n)
{
	const unsigned char *b = p;
	while (n) {
		if (e->len == sizeof(e->buf))
			flush(e);
		size_t k = sizeof(e->buf) - e->len;
		if (k > n)
			k = n;
		memcpy(e->buf + e->len, b, k);
		e->len += k;
		b += k;
		n -= k;
	}
}

static void put_u64(enc *e, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	put_bytes(e, b, sizeof(b));
}

static void put_str(enc *e, const char *s)
{
	if (!s) {
		put_u64(e, UINT32_MAX);
		return;
	}
	size_t n = strlen(s);
	put_u64(e, n);
	put_bytes(e, s, n);
}

static void put_strs(enc *e, const char *const *v, size_t n)
{
	put_u64(e, n);
	for (size_t i = 0; i < n; i++)
		put_str(e, v[i]);
}

static void start(enc *e, uint64_t tag)
{
	e->len = 0;
	e->seed = 0;
	put_u64(e, tag);
}

static uint64_t finish(enc *e)
{
	flush(e);
	return e->seed;
}

enum { TAG_RACK = 1, TAG_HOST, TAG_POOL, TAG_GATEWAY, TAG_TENANT, TAG_CONN };

uint64_t rasgw__hash_rack(const rasgw_rack *r)
{
	enc e;
	start(&e, TAG_RACK);
	put_str(&e, r->id);
	put_str(&e, r->tor_name);
	put_u64(&e, r->tor_asn);
	put_str(&e, r->tor_peer_ip);
	put_u64(&e, r->vlan_count);
	for (size_t i = 0; i < r->vlan_count; i++)
		put_u64(&e, r->vlans[i]);
	return finish(&e);
}

uint64_t rasgw__hash_host(const rasgw_host *h)
{
	enc e;
	start(&e, TAG_HOST);
	put_str(&e, h->id);
	put_str(&e, h->rack_id);
	put_str(&e, h->address);
	put_u64(&e, h->failed);
	return finish(&e);
}

uint64_t rasgw__hash_pool(const rasgw_pool *p)
{
	enc e;
	start(&e, TAG_POOL);
	put_str(&e, p->id);
	put_u64(&e, (uint64_t)p->type);
	put_u64(&e, p->capacity_kbps);
	put_u64(&e, p->redundant_count);
	put_strs(&e, p->public_ips, p->public_ip_count);
	put_strs(&e, p->gre_vip_subnets, p->gre_vip_subnet_count);
	for (int i = 0; i < RASGW_CONN_TYPE_COUNT; i++)
		put_u64(&e, p->type_max_kbps[i]);
	put_strs(&e, p->tenants, p->tenant_count);
	put_str(&e, p->reseller);
	return finish(&e);
}

uint64_t rasgw__hash_gateway(const rasgw_gateway *g)
{
	enc e;
	start(&e, TAG_GATEWAY);
	put_str(&e, g->id);
	put_str(&e, g->pool_id);
	put_str(&e, g->host_id);
	put_str(&e, g->dip);
	put_str(&e, g->gre_vip);
	put_u64(&e, (uint64_t)g->role);
	return finish(&e);
}

uint64_t rasgw__hash_tenant(const rasgw_tenant *t)
{
	enc e;
	start(&e, TAG_TENANT);
	put_str(&e, t->id);
	put_str(&e, t->reseller);
	put_strs(&e, t->hosts, t->host_count);
	put_strs(&e, t->gateway_pools, t->gateway_pool_count);
	put_u64(&e, t->asn);
	put_str(&e, t->rr_gateway);
	return finish(&e);
}

uint64_t rasgw__hash_connection(const rasgw_connection *c)
{
	enc e;
	start(&e, TAG_CONN);
	put_str(&e, c->id);
	put_str(&e, c->tenant_id);
	put_u64(&e, (uint64_t)c->type);
	put_u64(&e, c->inbound_kbps);
	put_u64(&e, c->outbound_kbps);
	put_str(&e, c->source_ip);
	put_str(&e, c->destination_ip);
	put_str(&e, c->remote_endpoint);
	put_u64(&e, c->gre_key);
	put_u64(&e, c->vlan);
	put_str(&e, c->vlan_subnet);
	put_str(&e, c->ca_ip);
	put_str(&e, c->peer_ip);
	put_str(&e, c->bgp_ip);
	put_u64(&e, (uint64_t)c->routing);
	put_u64(&e, c->peer_asn);
	put_str(&e, c->peer_bgp_ip);
	put_strs(&e, c->static_prefixes, c->static_prefix_count);
	put_strs(&e, c->learned_prefixes, c->learned_prefix_count);
	put_str(&e, c->gateway_id);
	return finish(&e);
}

uint64_t rasgw__fingerprint_of_sum(uint64_t sum)
{
	enc e;
	start(&e, 0x7261736777ULL); /* "rasgw" */
	put_u64(&e, sum);
	return finish(&e);
}
