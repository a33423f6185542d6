/*
 * Adding entities: the one builder behind the topology loader, the snapshot
 * reader and commit. Each add validates what it can against the model as it
 * is, allocates everything, and only then links the entity in, so a failed
 * add changes nothing.
 */
#include "model_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest bandwidth or capacity accepted (1 Pbps): sums of many stay far from overflow. */
#define KBPS_MAX 1000000000000ULL
#define ID_MAX 256

/* "file:line:col: <kind> '<id>': <message>" or without the position. */
static int failv(const rasgw__pos *pos, int code, const char *kind, const char *id,
		 const char *fmt, va_list ap)
{
	char msg[768];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (pos && pos->file)
		return rasgw__error_at(code, pos->file, pos->line, pos->column, "%s '%s': %s",
				       kind, id ? id : "?", msg);
	return rasgw__error(code, "%s '%s': %s", kind, id ? id : "?", msg);
}

RASGW__PRINTF(5, 6)
static int fail(const rasgw__pos *pos, int code, const char *kind, const char *id,
		const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	failv(pos, code, kind, id, fmt, ap);
	va_end(ap);
	return code;
}

static void set_pos(unsigned int *line, unsigned int *column, const rasgw__pos *pos)
{
	*line = pos ? pos->line : 0;
	*column = pos ? pos->column : 0;
}

static int check_id(const rasgw__pos *pos, const char *kind, const char *id)
{
	if (!id || !*id)
		return fail(pos, RASGW_EVALIDATE, kind, "", "id is missing or empty");
	size_t n = strlen(id);
	if (n > ID_MAX)
		return fail(pos, RASGW_EVALIDATE, kind, id, "id is longer than %d bytes", ID_MAX);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
			return fail(pos, RASGW_EVALIDATE, kind, id, "id contains a control character");
	return 0;
}

/* Copy an optional address in canonical form; NULL stays NULL. */
static int dup_addr(const rasgw__pos *pos, const char *kind, const char *id, const char *field,
		    const char *in, bool required, char **out)
{
	*out = NULL;
	if (!in) {
		if (required)
			return fail(pos, RASGW_EVALIDATE, kind, id, "%s is required", field);
		return 0;
	}
	char canon[RASGW__ADDR_MAX];
	if (rasgw__addr_canon(in, canon) < 0)
		return fail(pos, RASGW_EVALIDATE, kind, id, "%s '%s' is not an IP address", field, in);
	if (!(*out = rasgw__strdup(canon)))
		return rasgw__error_nomem();
	return 0;
}

void rasgw__strs_free(const char *const *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		rasgw__free((void *)v[i]);
	rasgw__free((void *)v);
}

int rasgw__strs_dup(const char *const *in, size_t n, char ***out)
{
	char **v = NULL;
	if (n) {
		if (!(v = rasgw__calloc(n, sizeof(*v))))
			return rasgw__error_nomem();
		for (size_t i = 0; i < n; i++)
			if (!(v[i] = rasgw__strdup(in[i]))) {
				rasgw__strs_free((const char *const *)v, i);
				return rasgw__error_nomem();
			}
	}
	*out = v;
	return 0;
}

/*
 * Copy a list of strings, canonicalized by `canon` (address, prefix or
 * none), sorted ascending; duplicates are an error.
 */
enum canon_kind { CANON_NONE, CANON_ADDR, CANON_PREFIX };

static int dup_list(const rasgw__pos *pos, const char *kind, const char *id, const char *field,
		    const char *const *in, size_t n, enum canon_kind ck, const char *const **out)
{
	*out = NULL;
	if (n == 0)
		return 0;
	if (!in)
		return fail(pos, RASGW_EINVAL, kind, id, "%s: count without array", field);
	char **v = rasgw__calloc(n, sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	for (size_t i = 0; i < n; i++) {
		char canon[RASGW__ADDR_MAX];
		const char *s = in[i];
		int bad = !s;
		if (!bad && ck == CANON_ADDR)
			bad = rasgw__addr_canon(s, canon) < 0, s = canon;
		else if (!bad && ck == CANON_PREFIX)
			bad = rasgw__prefix_canon(s, canon) < 0, s = canon;
		if (bad) {
			rasgw__strs_free((const char *const *)v, n);
			return fail(pos, RASGW_EVALIDATE, kind, id, "%s: '%s' is not %s", field,
				    in[i] ? in[i] : "(null)",
				    ck == CANON_PREFIX ? "a prefix (address/length)" :
				    ck == CANON_ADDR ? "an IP address" : "a valid entry");
		}
		if (!(v[i] = rasgw__strdup(s))) {
			rasgw__strs_free((const char *const *)v, n);
			return rasgw__error_nomem();
		}
	}
	qsort(v, n, sizeof(*v), rasgw__cmp_strp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i - 1], v[i]) == 0) {
			int rc = fail(pos, RASGW_EVALIDATE, kind, id, "%s lists '%s' twice", field, v[i]);
			rasgw__strs_free((const char *const *)v, n);
			return rc;
		}
	}
	*out = (const char *const *)v;
	return 0;
}

static int dup_opt(const char *in, char **out)
{
	*out = NULL;
	if (in && !(*out = rasgw__strdup(in)))
		return rasgw__error_nomem();
	return 0;
}

static int check_kbps(const rasgw__pos *pos, const char *kind, const char *id, const char *field,
		      uint64_t v)
{
	if (v > KBPS_MAX)
		return fail(pos, RASGW_EVALIDATE, kind, id, "%s %llu is above the limit %llu",
			    field, (unsigned long long)v, (unsigned long long)KBPS_MAX);
	return 0;
}

static void fp_add(rasgw_model *m, uint64_t *term, uint64_t value)
{
	*term = value;
	m->fp_sum += value;
}

/* ------------------------------------------------------------------ racks */

static int cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	return (x > y) - (x < y);
}

int rasgw__model_add_rack(rasgw_model *m, const rasgw_rack *spec, const rasgw__pos *pos)
{
	if (!m || !spec)
		return rasgw__error(RASGW_EINVAL, "add rack: NULL argument");
	int rc = check_id(pos, "rack", spec->id);
	if (rc < 0)
		return rc;
	if (rasgw__table_get(&m->racks, spec->id))
		return fail(pos, RASGW_EEXISTS, "rack", spec->id, "duplicate id");
	if (spec->vlan_count && !spec->vlans)
		return fail(pos, RASGW_EINVAL, "rack", spec->id, "vlan_count without vlans");
	for (size_t i = 0; i < spec->vlan_count; i++)
		if (spec->vlans[i] < 1 || spec->vlans[i] > 4094)
			return fail(pos, RASGW_EVALIDATE, "rack", spec->id,
				    "VLAN %u is outside 1-4094", spec->vlans[i]);

	rasgw__rack *r = rasgw__calloc(1, sizeof(*r));
	if (!r)
		return rasgw__error_nomem();
	char *peer = NULL;
	uint16_t *vlans = NULL;
	if ((rc = dup_addr(pos, "rack", spec->id, "TOR peer address", spec->tor_peer_ip, false,
			   &peer)) < 0)
		goto fail;
	rc = RASGW_ENOMEM;
	r->pub.tor_peer_ip = peer;
	if (!(r->pub.id = rasgw__strdup(spec->id)) || dup_opt(spec->tor_name, (char **)&r->pub.tor_name) < 0)
		goto nomem;
	if (spec->vlan_count) {
		if (!(vlans = rasgw__calloc(spec->vlan_count, sizeof(*vlans))))
			goto nomem;
		memcpy(vlans, spec->vlans, spec->vlan_count * sizeof(*vlans));
		qsort(vlans, spec->vlan_count, sizeof(*vlans), cmp_u16);
		r->pub.vlans = vlans;
		r->pub.vlan_count = spec->vlan_count;
		for (size_t i = 1; i < spec->vlan_count; i++)
			if (vlans[i] == vlans[i - 1]) {
				rc = fail(pos, RASGW_EVALIDATE, "rack", spec->id,
					  "VLAN %u is listed twice", vlans[i]);
				goto fail;
			}
	}
	r->pub.tor_asn = spec->tor_asn;
	if (rasgw__table_reserve(&m->racks, 1) < 0)
		goto nomem;
	set_pos(&r->line, &r->column, pos);
	rasgw__table_insert(&m->racks, r);
	fp_add(m, &r->hash, rasgw__hash_rack(&r->pub));
	return 0;
nomem:
	rc = rasgw__error_nomem();
fail:
	rasgw__rack_free(r);
	return rc;
}

/* ------------------------------------------------------------------ hosts */

int rasgw__model_add_host(rasgw_model *m, const rasgw_host *spec, const rasgw__pos *pos)
{
	if (!m || !spec)
		return rasgw__error(RASGW_EINVAL, "add host: NULL argument");
	int rc = check_id(pos, "host", spec->id);
	if (rc < 0)
		return rc;
	if (rasgw__table_get(&m->hosts, spec->id))
		return fail(pos, RASGW_EEXISTS, "host", spec->id, "duplicate id");
	if (!spec->rack_id)
		return fail(pos, RASGW_EVALIDATE, "host", spec->id, "rack is required");
	rasgw__rack *rack = rasgw__table_get(&m->racks, spec->rack_id);
	if (!rack)
		return fail(pos, RASGW_ENOTFOUND, "host", spec->id, "rack '%s' does not exist",
			    spec->rack_id);
	rasgw__host *h = rasgw__calloc(1, sizeof(*h));
	if (!h)
		return rasgw__error_nomem();
	char *addr = NULL;
	if ((rc = dup_addr(pos, "host", spec->id, "address", spec->address, false, &addr)) < 0)
		goto fail;
	h->pub.address = addr;
	if (!(h->pub.id = rasgw__strdup(spec->id)))
		goto nomem;
	h->pub.rack_id = rack->pub.id;
	h->pub.failed = spec->failed;
	h->rack = rack;
	if (rasgw__table_reserve(&m->hosts, 1) < 0 || RASGW__VEC_PUSH(&rack->hosts, h) < 0)
		goto nomem;
	set_pos(&h->line, &h->column, pos);
	rasgw__table_insert(&m->hosts, h);
	fp_add(m, &h->hash, rasgw__hash_host(&h->pub));
	return 0;
nomem:
	rc = rasgw__error_nomem();
fail:
	rasgw__host_free(h);
	return rc;
}

/* ------------------------------------------------------------------ pools */

static const uint64_t default_type_max[RASGW_CONN_TYPE_COUNT] = {
	5000000,  /* IPsec: 5 Gbps */
	15000000, /* GRE: 15 Gbps */
	5000000,  /* L3: 5 Gbps */
};

int rasgw__model_add_pool(rasgw_model *m, const rasgw_pool *spec, const rasgw__pos *pos)
{
	if (!m || !spec)
		return rasgw__error(RASGW_EINVAL, "add pool: NULL argument");
	int rc = check_id(pos, "pool", spec->id);
	if (rc < 0)
		return rc;
	const char *id = spec->id;
	if (rasgw__table_get(&m->pools, id))
		return fail(pos, RASGW_EEXISTS, "pool", id, "duplicate id");
	if ((unsigned)spec->type > RASGW_POOL_L3)
		return fail(pos, RASGW_EVALIDATE, "pool", id, "unknown pool type %d", (int)spec->type);
	if (spec->capacity_kbps == 0)
		return fail(pos, RASGW_EVALIDATE, "pool", id, "gateway capacity must be above 0 (R1.3)");
	if ((rc = check_kbps(pos, "pool", id, "gateway capacity", spec->capacity_kbps)) < 0)
		return rc;
	for (int i = 0; i < RASGW_CONN_TYPE_COUNT; i++)
		if ((rc = check_kbps(pos, "pool", id, "type maximum", spec->type_max_kbps[i])) < 0)
			return rc;
	bool gre = rasgw__pool_accepts_gre(spec);
	if (gre && spec->gre_vip_subnet_count == 0)
		return fail(pos, RASGW_EVALIDATE, "pool", id,
			    "a %s pool needs GRE VIP subnets (R6.1)", rasgw_pool_type_name(spec->type));
	if (!gre && spec->gre_vip_subnet_count)
		return fail(pos, RASGW_EVALIDATE, "pool", id,
			    "a %s pool takes no GRE VIP subnets (R6.1)", rasgw_pool_type_name(spec->type));

	rasgw__pool *p = rasgw__calloc(1, sizeof(*p));
	if (!p)
		return rasgw__error_nomem();
	if ((rc = dup_list(pos, "pool", id, "publicIPAddresses", spec->public_ips,
			   spec->public_ip_count, CANON_ADDR, &p->pub.public_ips)) < 0)
		goto fail;
	p->pub.public_ip_count = spec->public_ip_count;
	if ((rc = dup_list(pos, "pool", id, "greVipSubnets", spec->gre_vip_subnets,
			   spec->gre_vip_subnet_count, CANON_PREFIX, &p->pub.gre_vip_subnets)) < 0)
		goto fail;
	p->pub.gre_vip_subnet_count = spec->gre_vip_subnet_count;
	if ((rc = dup_list(pos, "pool", id, "tenants", spec->tenants, spec->tenant_count, CANON_NONE,
			   &p->pub.tenants)) < 0)
		goto fail;
	p->pub.tenant_count = spec->tenant_count;
	if (!(p->pub.id = rasgw__strdup(id)) || dup_opt(spec->reseller, (char **)&p->pub.reseller) < 0)
		goto nomem;
	p->pub.type = spec->type;
	p->pub.capacity_kbps = spec->capacity_kbps;
	p->pub.redundant_count = spec->redundant_count;
	for (int i = 0; i < RASGW_CONN_TYPE_COUNT; i++)
		p->pub.type_max_kbps[i] = spec->type_max_kbps[i] ? spec->type_max_kbps[i]
								 : default_type_max[i];
	rasgw__oindex_init(&p->free_index);
	if (rasgw__table_reserve(&m->pools, 1) < 0)
		goto nomem;
	set_pos(&p->line, &p->column, pos);
	rasgw__table_insert(&m->pools, p);
	fp_add(m, &p->hash, rasgw__hash_pool(&p->pub));
	return 0;
nomem:
	rc = rasgw__error_nomem();
fail:
	rasgw__pool_free(p);
	return rc;
}

/* --------------------------------------------------------------- gateways */

/* Index of gateway g in its pool's id-ordered list where it belongs. */
static size_t pool_slot(const rasgw__pool *p, const char *id)
{
	size_t lo = 0, hi = p->gateways.count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(p->gateways.items[mid]->pub.id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void rasgw__pool_link_gateway(rasgw__pool *p, rasgw__gateway *g)
{
	size_t at = pool_slot(p, g->pub.id);
	memmove(&p->gateways.items[at + 1], &p->gateways.items[at],
		(p->gateways.count - at) * sizeof(*p->gateways.items));
	p->gateways.items[at] = g;
	p->gateways.count++;
	p->pub.gateway_count++;
	switch (g->pub.role) {
	case RASGW_GATEWAY_ACTIVE:
		p->pub.active_count++;
		p->pub.free_kbps += g->pub.available_kbps;
		rasgw__oindex_insert(&p->free_index, &g->free_node, g->pub.available_kbps, g->pub.id);
		break;
	case RASGW_GATEWAY_DRAINING: p->pub.active_count++; break;
	case RASGW_GATEWAY_STANDBY: p->pub.standby_count++; break;
	case RASGW_GATEWAY_FAILED: p->pub.failed_count++; break;
	}
}

int rasgw__model_add_gateway(rasgw_model *m, const rasgw_gateway *spec, const rasgw__pos *pos)
{
	if (!m || !spec)
		return rasgw__error(RASGW_EINVAL, "add gateway: NULL argument");
	int rc = check_id(pos, "gateway", spec->id);
	if (rc < 0)
		return rc;
	const char *id = spec->id;
	if (rasgw__table_get(&m->gateways, id))
		return fail(pos, RASGW_EEXISTS, "gateway", id, "duplicate id");
	if (!spec->pool_id)
		return fail(pos, RASGW_EVALIDATE, "gateway", id, "pool is required");
	rasgw__pool *pool = rasgw__table_get(&m->pools, spec->pool_id);
	if (!pool)
		return fail(pos, RASGW_ENOTFOUND, "gateway", id, "pool '%s' does not exist",
			    spec->pool_id);
	if (!spec->host_id)
		return fail(pos, RASGW_EVALIDATE, "gateway", id, "virtualServer (host) is required");
	rasgw__host *host = rasgw__table_get(&m->hosts, spec->host_id);
	if (!host)
		return fail(pos, RASGW_ENOTFOUND, "gateway", id, "host '%s' does not exist",
			    spec->host_id);
	if ((unsigned)spec->role > RASGW_GATEWAY_DRAINING)
		return fail(pos, RASGW_EVALIDATE, "gateway", id, "unknown role %d", (int)spec->role);
	if (host->pub.failed && spec->role != RASGW_GATEWAY_FAILED)
		return fail(pos, RASGW_EVALIDATE, "gateway", id,
			    "host '%s' has failed, so the gateway cannot be %s (R4.2)", host->pub.id,
			    rasgw_gateway_role_name(spec->role));
	bool gre = rasgw__pool_accepts_gre(&pool->pub);
	if (gre && !spec->gre_vip)
		return fail(pos, RASGW_EVALIDATE, "gateway", id,
			    "a gateway of %s pool '%s' needs a GRE VIP (R6.1)",
			    rasgw_pool_type_name(pool->pub.type), pool->pub.id);
	if (!gre && spec->gre_vip)
		return fail(pos, RASGW_EVALIDATE, "gateway", id,
			    "pool '%s' (%s) does not accept GRE, so the gateway takes no GRE VIP (R6.1)",
			    pool->pub.id, rasgw_pool_type_name(pool->pub.type));

	rasgw__gateway *g = rasgw__calloc(1, sizeof(*g));
	if (!g)
		return rasgw__error_nomem();
	char *dip = NULL, *vip = NULL;
	if ((rc = dup_addr(pos, "gateway", id, "dip", spec->dip, true, &dip)) < 0)
		goto fail;
	g->pub.dip = dip;
	if ((rc = dup_addr(pos, "gateway", id, "greVip", spec->gre_vip, false, &vip)) < 0)
		goto fail;
	g->pub.gre_vip = vip;
	if (rasgw__map_get(&m->addrs, dip)) {
		rc = fail(pos, RASGW_EEXISTS, "gateway", id, "address %s is already used by gateway '%s'",
			  dip, ((rasgw__gateway *)rasgw__map_get(&m->addrs, dip))->pub.id);
		goto fail;
	}
	if (vip) {
		if (strcmp(vip, dip) == 0 || rasgw__map_get(&m->addrs, vip)) {
			rc = fail(pos, RASGW_EEXISTS, "gateway", id, "GRE VIP %s is already in use", vip);
			goto fail;
		}
		bool inside = false;
		for (size_t i = 0; i < pool->pub.gre_vip_subnet_count && !inside; i++)
			inside = rasgw__addr_in_prefix(vip, pool->pub.gre_vip_subnets[i]);
		if (!inside) {
			rc = fail(pos, RASGW_EVALIDATE, "gateway", id,
				  "GRE VIP %s is outside the greVipSubnets of pool '%s' (R6.1)", vip,
				  pool->pub.id);
			goto fail;
		}
	}
	if (!(g->pub.id = rasgw__strdup(id)))
		goto nomem;
	g->pub.pool_id = pool->pub.id;
	g->pub.host_id = host->pub.id;
	g->pub.role = spec->role;
	g->pub.capacity_kbps = pool->pub.capacity_kbps;
	g->pub.available_kbps = pool->pub.capacity_kbps;
	g->pool = pool;
	g->host = host;
	if (rasgw__table_reserve(&m->gateways, 1) < 0 ||
	    rasgw__map_reserve(&m->addrs, m->addrs.count + 2) < 0 ||
	    RASGW__VEC_RESERVE(&pool->gateways, pool->gateways.count + 1) < 0 ||
	    RASGW__VEC_RESERVE(&host->gateways, host->gateways.count + 1) < 0)
		goto nomem;
	set_pos(&g->line, &g->column, pos);
	rasgw__table_insert(&m->gateways, g);
	(void)rasgw__map_put(&m->addrs, g->pub.dip, g);
	if (g->pub.gre_vip)
		(void)rasgw__map_put(&m->addrs, g->pub.gre_vip, g);
	host->gateways.items[host->gateways.count++] = g;
	rasgw__pool_link_gateway(pool, g);
	fp_add(m, &g->hash, rasgw__hash_gateway(&g->pub));
	return 0;
nomem:
	rc = rasgw__error_nomem();
fail:
	rasgw__gateway_free(g);
	return rc;
}

/* ---------------------------------------------------------------- tenants */

static int cmp_host_id(const void *a, const void *b)
{
	return strcmp((*(rasgw__host *const *)a)->pub.id, (*(rasgw__host *const *)b)->pub.id);
}

static int cmp_pool_id(const void *a, const void *b)
{
	return strcmp((*(rasgw__pool *const *)a)->pub.id, (*(rasgw__pool *const *)b)->pub.id);
}

int rasgw__model_add_tenant(rasgw_model *m, const rasgw_tenant *spec, const rasgw__pos *pos)
{
	if (!m || !spec)
		return rasgw__error(RASGW_EINVAL, "add tenant: NULL argument");
	int rc = check_id(pos, "tenant", spec->id);
	if (rc < 0)
		return rc;
	const char *id = spec->id;
	if (rasgw__table_get(&m->tenants, id))
		return fail(pos, RASGW_EEXISTS, "tenant", id, "duplicate id");
	if ((spec->host_count && !spec->hosts) || (spec->gateway_pool_count && !spec->gateway_pools))
		return fail(pos, RASGW_EINVAL, "tenant", id, "count without array");
	for (size_t i = 0; i < spec->host_count; i++)
		if (!spec->hosts[i] || !rasgw__table_get(&m->hosts, spec->hosts[i]))
			return fail(pos, RASGW_ENOTFOUND, "tenant", id, "host '%s' does not exist",
				    spec->hosts[i] ? spec->hosts[i] : "(null)");
	for (size_t i = 0; i < spec->gateway_pool_count; i++)
		if (!spec->gateway_pools[i] || !rasgw__table_get(&m->pools, spec->gateway_pools[i]))
			return fail(pos, RASGW_ENOTFOUND, "tenant", id, "pool '%s' does not exist",
				    spec->gateway_pools[i] ? spec->gateway_pools[i] : "(null)");
	rasgw__gateway *rr = NULL;
	if (spec->rr_gateway) {
		rr = rasgw__table_get(&m->gateways, spec->rr_gateway);
		if (!rr)
			return fail(pos, RASGW_ENOTFOUND, "tenant", id,
				    "route reflector gateway '%s' does not exist", spec->rr_gateway);
		if (rr->pub.role != RASGW_GATEWAY_ACTIVE && rr->pub.role != RASGW_GATEWAY_DRAINING)
			return fail(pos, RASGW_EVALIDATE, "tenant", id,
				    "route reflector gateway '%s' is %s, not active (R3.2)",
				    rr->pub.id, rasgw_gateway_role_name(rr->pub.role));
	}

	rasgw__tenant *t = rasgw__calloc(1, sizeof(*t));
	if (!t)
		return rasgw__error_nomem();
	size_t nh = spec->host_count, np = spec->gateway_pool_count;
	if (!(t->pub.id = rasgw__strdup(id)) || dup_opt(spec->reseller, (char **)&t->pub.reseller) < 0)
		goto nomem;
	if (nh) {
		const char **ids = rasgw__calloc(nh, sizeof(*ids));
		t->pub.hosts = ids;
		if (!ids || !(t->hosts = rasgw__calloc(nh, sizeof(*t->hosts))))
			goto nomem;
		for (size_t i = 0; i < nh; i++)
			t->hosts[i] = rasgw__table_get(&m->hosts, spec->hosts[i]);
		qsort(t->hosts, nh, sizeof(*t->hosts), cmp_host_id);
		for (size_t i = 0; i < nh; i++) {
			if (i && t->hosts[i] == t->hosts[i - 1]) {
				rc = fail(pos, RASGW_EVALIDATE, "tenant", id, "host '%s' is listed twice",
					  t->hosts[i]->pub.id);
				goto fail;
			}
			ids[i] = t->hosts[i]->pub.id;
		}
		t->pub.host_count = nh;
	}
	if (np) {
		const char **ids = rasgw__calloc(np, sizeof(*ids));
		t->pub.gateway_pools = ids;
		if (!ids || !(t->pools = rasgw__calloc(np, sizeof(*t->pools))))
			goto nomem;
		for (size_t i = 0; i < np; i++)
			t->pools[i] = rasgw__table_get(&m->pools, spec->gateway_pools[i]);
		qsort(t->pools, np, sizeof(*t->pools), cmp_pool_id);
		size_t all = 0;
		for (size_t i = 0; i < np; i++) {
			if (i && t->pools[i] == t->pools[i - 1]) {
				rc = fail(pos, RASGW_EVALIDATE, "tenant", id, "pool '%s' is listed twice",
					  t->pools[i]->pub.id);
				goto fail;
			}
			all += t->pools[i]->pub.type == RASGW_POOL_ALL;
			ids[i] = t->pools[i]->pub.id;
		}
		if (all && np > 1) {
			rc = fail(pos, RASGW_EVALIDATE, "tenant", id,
				  "a tenant that uses an All pool cannot use any other pool (R2.2)");
			goto fail;
		}
		t->pub.gateway_pool_count = np;
	}
	t->pub.asn = spec->asn;
	if (rasgw__table_reserve(&m->tenants, 1) < 0)
		goto nomem;
	for (size_t i = 0; i < nh; i++)
		if (RASGW__VEC_RESERVE(&t->hosts[i]->tenants, t->hosts[i]->tenants.count + 1) < 0)
			goto nomem;
	if (rr && RASGW__VEC_RESERVE(&rr->rr_tenants, rr->rr_tenants.count + 1) < 0)
		goto nomem;
	set_pos(&t->line, &t->column, pos);
	rasgw__table_insert(&m->tenants, t);
	for (size_t i = 0; i < nh; i++)
		t->hosts[i]->tenants.items[t->hosts[i]->tenants.count++] = t;
	fp_add(m, &t->hash, rasgw__hash_tenant(&t->pub));
	if (rr)
		(void)rasgw__model_set_rr(m, t, rr); /* reserved above: cannot fail */
	return 0;
nomem:
	rc = rasgw__error_nomem();
fail:
	rasgw__tenant_free(t);
	return rc;
}

/* ------------------------------------------------------------ connections */

static int conn_fields(const rasgw__pos *pos, const rasgw_connection *s, rasgw__conn *c)
{
	const char *id = s->id;
	rasgw_connection *p = &c->pub;
	int rc;
	if ((rc = check_kbps(pos, "connection", id, "inboundKiloBitsPerSecond", s->inbound_kbps)) < 0 ||
	    (rc = check_kbps(pos, "connection", id, "outboundKiloBitsPerSecond", s->outbound_kbps)) < 0)
		return rc;
	bool ike = s->type == RASGW_CONN_IKEV2, gre = s->type == RASGW_CONN_GRE,
	     l3 = s->type == RASGW_CONN_L3;
	const char *tn = rasgw_conn_type_name(s->type);
	/* Settings of another type are refused rather than silently dropped. */
	if (!ike && (s->source_ip || s->destination_ip))
		return fail(pos, RASGW_EVALIDATE, "connection", id,
			    "source/destination IP apply to IPSec connections, not %s", tn);
	if (!gre && (s->remote_endpoint || s->gre_key))
		return fail(pos, RASGW_EVALIDATE, "connection", id,
			    "GRE settings apply to GRE connections, not %s", tn);
	if (!l3 && (s->vlan || s->vlan_subnet || s->ca_ip || s->peer_ip || s->bgp_ip))
		return fail(pos, RASGW_EVALIDATE, "connection", id,
			    "L3 settings apply to L3 connections, not %s", tn);
	if ((rc = dup_addr(pos, "connection", id, "sourceIPAddress", s->source_ip, ike,
			   (char **)&p->source_ip)) < 0 ||
	    (rc = dup_addr(pos, "connection", id, "destinationIPAddress", s->destination_ip, false,
			   (char **)&p->destination_ip)) < 0 ||
	    (rc = dup_addr(pos, "connection", id, "remoteEndpoint", s->remote_endpoint, gre,
			   (char **)&p->remote_endpoint)) < 0 ||
	    (rc = dup_addr(pos, "connection", id, "ipAddresses (CA-space IP)", s->ca_ip, l3,
			   (char **)&p->ca_ip)) < 0 ||
	    (rc = dup_addr(pos, "connection", id, "peerIPAddresses", s->peer_ip, l3,
			   (char **)&p->peer_ip)) < 0 ||
	    (rc = dup_addr(pos, "connection", id, "bgpIPAddress", s->bgp_ip, false,
			   (char **)&p->bgp_ip)) < 0 ||
	    (rc = dup_addr(pos, "connection", id, "BGP peer address", s->peer_bgp_ip, false,
			   (char **)&p->peer_bgp_ip)) < 0)
		return rc;
	if (l3) {
		if (s->vlan < 1 || s->vlan > 4094)
			return fail(pos, RASGW_EVALIDATE, "connection", id,
				    "an L3 connection needs a VLAN in 1-4094 (R7.1), got %u", s->vlan);
		char canon[RASGW__ADDR_MAX];
		if (!s->vlan_subnet)
			return fail(pos, RASGW_EVALIDATE, "connection", id,
				    "an L3 connection needs its VLAN subnet (R7.1)");
		if (rasgw__prefix_canon(s->vlan_subnet, canon) < 0)
			return fail(pos, RASGW_EVALIDATE, "connection", id,
				    "VLAN subnet '%s' is not a prefix", s->vlan_subnet);
		if (!(p->vlan_subnet = rasgw__strdup(canon)))
			return rasgw__error_nomem();
		if (!rasgw__addr_in_prefix(p->ca_ip, p->vlan_subnet))
			return fail(pos, RASGW_EVALIDATE, "connection", id,
				    "CA-space IP %s is outside its VLAN subnet %s (R7.1)", p->ca_ip,
				    p->vlan_subnet);
		if (!rasgw__addr_in_prefix(p->peer_ip, p->vlan_subnet))
			return fail(pos, RASGW_EVALIDATE, "connection", id,
				    "peer IP %s is outside its VLAN subnet %s (R7.1)", p->peer_ip,
				    p->vlan_subnet);
		if (strcmp(p->ca_ip, p->peer_ip) == 0)
			return fail(pos, RASGW_EVALIDATE, "connection", id,
				    "CA-space IP and peer IP are both %s", p->ca_ip);
		p->vlan = s->vlan;
	}
	p->gre_key = s->gre_key;
	if ((unsigned)s->routing > RASGW_ROUTING_BGP)
		return fail(pos, RASGW_EVALIDATE, "connection", id, "unknown routing %d", (int)s->routing);
	p->routing = s->routing;
	if (s->routing == RASGW_ROUTING_BGP && s->peer_asn == 0)
		return fail(pos, RASGW_EVALIDATE, "connection", id,
			    "BGP routing needs the peer's ASN (R2.4)");
	if (s->routing == RASGW_ROUTING_STATIC && s->learned_prefix_count)
		return fail(pos, RASGW_EVALIDATE, "connection", id,
			    "learned prefixes need BGP routing (R2.4)");
	p->peer_asn = s->peer_asn;
	if ((rc = dup_list(pos, "connection", id, "static prefixes", s->static_prefixes,
			   s->static_prefix_count, CANON_PREFIX, &p->static_prefixes)) < 0)
		return rc;
	p->static_prefix_count = s->static_prefix_count;
	if ((rc = dup_list(pos, "connection", id, "learned prefixes", s->learned_prefixes,
			   s->learned_prefix_count, CANON_PREFIX, &p->learned_prefixes)) < 0)
		return rc;
	p->learned_prefix_count = s->learned_prefix_count;
	p->type = s->type;
	p->inbound_kbps = s->inbound_kbps;
	p->outbound_kbps = s->outbound_kbps;
	return 0;
}

int rasgw__model_add_connection(rasgw_model *m, const rasgw_connection *spec,
				const rasgw__pos *pos)
{
	if (!m || !spec)
		return rasgw__error(RASGW_EINVAL, "add connection: NULL argument");
	int rc = check_id(pos, "connection", spec->id);
	if (rc < 0)
		return rc;
	const char *id = spec->id;
	if (rasgw__table_get(&m->conns, id))
		return fail(pos, RASGW_EEXISTS, "connection", id, "duplicate id");
	if ((unsigned)spec->type >= RASGW_CONN_TYPE_COUNT)
		return fail(pos, RASGW_EVALIDATE, "connection", id, "unknown connection type %d",
			    (int)spec->type);
	if (!spec->tenant_id)
		return fail(pos, RASGW_EVALIDATE, "connection", id, "tenant is required");
	rasgw__tenant *t = rasgw__table_get(&m->tenants, spec->tenant_id);
	if (!t)
		return fail(pos, RASGW_ENOTFOUND, "connection", id, "tenant '%s' does not exist",
			    spec->tenant_id);
	rasgw__gateway *g = NULL;
	if (spec->gateway_id) {
		g = rasgw__table_get(&m->gateways, spec->gateway_id);
		if (!g)
			return fail(pos, RASGW_ENOTFOUND, "connection", id,
				    "gateway '%s' does not exist", spec->gateway_id);
		if (g->pub.role != RASGW_GATEWAY_ACTIVE && g->pub.role != RASGW_GATEWAY_DRAINING)
			return fail(pos, RASGW_EVALIDATE, "connection", id,
				    "gateway '%s' is %s; connections sit on active gateways only",
				    g->pub.id, rasgw_gateway_role_name(g->pub.role));
	}
	/* Slots in the per-tenant and per-gateway lists are 32-bit (rasgw__conn). */
	if (t->conns.count >= UINT32_MAX || (g && g->conns.count >= UINT32_MAX))
		return fail(pos, RASGW_ELIMIT, "connection", id,
			    "tenant '%s' or gateway '%s' already has %u connections", t->pub.id,
			    g ? g->pub.id : "-", (unsigned)UINT32_MAX);
	rasgw__conn *c = rasgw__calloc(1, sizeof(*c));
	if (!c)
		return rasgw__error_nomem();
	if ((rc = conn_fields(pos, spec, c)) < 0)
		goto fail;
	if (c->pub.source_ip) {
		rasgw__conn *other = rasgw__map_get(&m->source_ips, c->pub.source_ip);
		if (other) {
			rc = fail(pos, RASGW_EEXISTS, "connection", id,
				  "source IP %s is already used by connection '%s' of tenant '%s'; "
				  "the SLB tells tenants apart by it (R2.3)",
				  c->pub.source_ip, other->pub.id, other->pub.tenant_id);
			goto fail;
		}
	}
	if (!(c->pub.id = rasgw__strdup(id)))
		goto nomem;
	c->pub.tenant_id = t->pub.id;
	c->tenant = t;
	if (g) {
		const char *reason = NULL;
		rc = rasgw__check_placement(m, t, &c->pub, g, 0, NULL, &reason);
		if (rc < 0) {
			rc = fail(pos, rc, "connection", id, "cannot sit on gateway '%s': %s", g->pub.id,
				  reason);
			goto fail;
		}
	}
	if (rasgw__table_reserve(&m->conns, 1) < 0 ||
	    RASGW__VEC_RESERVE(&t->conns, t->conns.count + 1) < 0 ||
	    (c->pub.source_ip && rasgw__map_reserve(&m->source_ips, m->source_ips.count + 1) < 0))
		goto nomem;
	if (g && rasgw__model_place_reserve(t, g) < 0)
		goto nomem;
	rasgw__model_link_connection_on(m, c, g); /* reserved: cannot fail */
	return 0;
nomem:
	rc = rasgw__error_nomem();
fail:
	rasgw__conn_free(c);
	return rc;
}
