/* Topology readers for the infrastructure: racks, hosts, pools, gateways (yaml_topo.h). */
#include "io/yaml_topo.h"

#include <stdlib.h>
#include <string.h>

#define POOL_TYPES "All, S2sIpSec, S2sGre, Forwarding"
#define ROLES "Active, Redundant, Failed, Draining"

static const char *const rack_keys[] = { "id", "tor", "vlans", NULL };
static const char *const tor_keys[] = { "name", "asn", "peerIPAddress", NULL };
static const char *const host_keys[] = { "id", "rack", "address", "failed", NULL };
static const char *const pool_keys[] = {
	"id", "type", "redundantGatewayCount", "gatewayCapacityKiloBitsPerSecond",
	"ipConfiguration", "typeMaxKiloBitsPerSecond", "tenants", "reseller", NULL
};
static const char *const ipconf_keys[] = { "publicIPAddresses", "greVipSubnets", NULL };
static const char *const gw_keys[] = {
	"id", "pool", "virtualServer", "dip", "greVip", "state", NULL
};

/* ------------------------------------------------------------------ racks */

int rasgw__yt_rack(rasgw__yt *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_rack r = { 0 };
	const rasgw__ynode *tor, *vlans;
	uint16_t *v = NULL;
	int rc;

	if ((rc = rasgw__yt_begin(l, "rack", n, index, rack_keys, &r.id)) < 0 ||
	    (rc = rasgw__yt_nested(l, n, "tor", true, tor_keys, &tor)) < 0 ||
	    (rc = rasgw__yget_str(c, tor, "name", true, &r.tor_name)) < 0 ||
	    (rc = rasgw__yget_asn(c, tor, "asn", true, &r.tor_asn)) < 0 ||
	    (rc = rasgw__yget_str(c, tor, "peerIPAddress", false, &r.tor_peer_ip)) < 0)
		return rc;
	c->path[0] = '\0';
	if ((rc = rasgw__yget_coll(c, n, "vlans", false, RASGW__Y_SEQ, &vlans)) < 0)
		return rc;
	if (vlans && vlans->count) {
		if (!(v = rasgw__calloc(vlans->count, sizeof(*v))))
			return rasgw__error_nomem();
		for (size_t i = 0; i < vlans->count; i++) {
			uint64_t x;
			if ((rc = rasgw__yscalar_u64(c, vlans->items[i], "vlans", RASGW__YT_VLAN_MIN, RASGW__YT_VLAN_MAX,
						     &x)) < 0)
				goto out;
			v[i] = (uint16_t)x;
		}
		r.vlans = v;
		r.vlan_count = vlans->count;
	}
	rasgw__pos pos = rasgw__yt_pos(l, n);
	rc = rasgw__model_add_rack(l->m, &r, &pos);
out:
	rasgw__free(v);
	return rc;
}

/* ------------------------------------------------------------------ hosts */

int rasgw__yt_host(rasgw__yt *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_host h = { 0 };
	int rc;

	if ((rc = rasgw__yt_begin(l, "host", n, index, host_keys, &h.id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "rack", true, &h.rack_id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "address", false, &h.address)) < 0 ||
	    (rc = rasgw__yget_bool(c, n, "failed", false, &h.failed)) < 0)
		return rc;
	rasgw__pos pos = rasgw__yt_pos(l, n);
	return rasgw__model_add_host(l->m, &h, &pos);
}

/* ------------------------------------------------------------------ pools */

static int load_type_max(rasgw__yt *l, const rasgw__ynode *map, rasgw_pool *p)
{
	rasgw__yctx *c = &l->ctx;
	const rasgw__ynode *tm, *first[RASGW_CONN_TYPE_COUNT] = { NULL };
	int rc = rasgw__yget_coll(c, map, "typeMaxKiloBitsPerSecond", false, RASGW__Y_MAP, &tm);

	if (rc < 0 || !tm)
		return rc;
	rasgw__yctx_path(c, "typeMaxKiloBitsPerSecond.");
	/* Keys are connection types, so they match case-insensitively like other enums.
	 * A type left out keeps 0, which the builder reads as the NC default. */
	for (size_t i = 0; i < tm->count; i++) {
		const rasgw__ynode *k = tm->items[2 * i];
		int t = rasgw__conn_type_parse(k->text);
		uint64_t v;
		if (t < 0 || t >= RASGW_CONN_TYPE_COUNT)
			return rasgw__yerr(c, RASGW_EPARSE, k, NULL,
					   "unknown key '%.64s' (expected one of: %s)", k->text,
					   RASGW__YT_CONN_TYPES);
		if (first[t])
			return rasgw__yerr(c, RASGW_EPARSE, k, NULL, "'%.64s' repeats '%s' (line %u)",
					   k->text, first[t]->text, first[t]->line);
		first[t] = k;
		if ((rc = rasgw__yscalar_u64(c, tm->items[2 * i + 1], k->text, 1, RASGW__YT_KBPS_MAX, &v)) < 0)
			return rc;
		p->type_max_kbps[t] = v;
	}
	c->path[0] = '\0';
	return 0;
}

int rasgw__yt_pool(rasgw__yt *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_pool p = { 0 };
	const rasgw__ynode *ipc;
	const char **pubs = NULL, **vips = NULL, **tenants = NULL;
	uint64_t redundant = 0, capacity = 0;
	int type = 0, rc;

	if ((rc = rasgw__yt_begin(l, "pool", n, index, pool_keys, &p.id)) < 0 ||
	    (rc = rasgw__yget_enum(c, n, "type", true, rasgw__pool_type_parse, POOL_TYPES, &type)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "redundantGatewayCount", true, 0, UINT32_MAX, &redundant)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "gatewayCapacityKiloBitsPerSecond", true, 0, RASGW__YT_KBPS_MAX,
				  &capacity)) < 0 ||
	    (rc = load_type_max(l, n, &p)) < 0 ||
	    (rc = rasgw__yget_str_list(c, n, "tenants", false, &tenants, &p.tenant_count)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "reseller", false, &p.reseller)) < 0 ||
	    (rc = rasgw__yt_nested(l, n, "ipConfiguration", false, ipconf_keys, &ipc)) < 0)
		goto out;
	if (ipc &&
	    ((rc = rasgw__yget_str_list(c, ipc, "publicIPAddresses", false, &pubs,
					&p.public_ip_count)) < 0 ||
	     (rc = rasgw__yget_str_list(c, ipc, "greVipSubnets", false, &vips,
					&p.gre_vip_subnet_count)) < 0))
		goto out;
	c->path[0] = '\0';
	p.type = (rasgw_pool_type)type;
	p.redundant_count = (uint32_t)redundant;
	p.capacity_kbps = capacity;
	p.public_ips = pubs;
	p.gre_vip_subnets = vips;
	p.tenants = tenants;
	rasgw__pos pos = rasgw__yt_pos(l, n);
	rc = rasgw__model_add_pool(l->m, &p, &pos);
out:
	rasgw__free(pubs);
	rasgw__free(vips);
	rasgw__free(tenants);
	return rc;
}

/* --------------------------------------------------------------- gateways */

int rasgw__yt_gateway(rasgw__yt *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw__yt_gw g = { 0 };
	int role = RASGW_GATEWAY_ACTIVE, rc;

	if ((rc = rasgw__yt_begin(l, "gateway", n, index, gw_keys, &g.spec.id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "pool", true, &g.spec.pool_id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "virtualServer", true, &g.spec.host_id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "dip", true, &g.spec.dip)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "greVip", false, &g.spec.gre_vip)) < 0 ||
	    (rc = rasgw__yget_enum(c, n, "state", false, rasgw__gateway_role_parse, ROLES, &role)) < 0)
		return rc;
	g.has_state = rasgw__ymap_get(n, "state") && !rasgw__ynode_is_null(rasgw__ymap_get(n, "state"));
	g.spec.role = (rasgw_gateway_role)role;
	g.pos = rasgw__yt_pos(l, n);
	if (RASGW__VEC_PUSH(&l->gws, g) < 0)
		return rasgw__error_nomem();
	return 0;
}

static int cmp_gw_pool_id(const void *a, const void *b)
{
	const rasgw__yt_gw *x = *(const rasgw__yt_gw *const *)a, *y = *(const rasgw__yt_gw *const *)b;
	int r = strcmp(x->spec.pool_id, y->spec.pool_id);
	return r ? r : strcmp(x->spec.id, y->spec.id);
}

/*
 * Roles of a pool none of whose gateways has a `state`: by id order the
 * first (count - N) are Active and the remaining N Redundant, which is how
 * an operator reads "M+N". Once any gateway of a pool states its role, the
 * file is taken literally and the others default to Active. Either way a
 * gateway without a `state` on a host marked failed is Failed, and is not
 * counted: a dead VM can be neither active nor standby.
 */
static bool on_failed_host(const rasgw__yt *l, const rasgw__yt_gw *g)
{
	const rasgw_host *h = rasgw_model_host_lookup(l->m, g->spec.host_id);
	return h && h->failed;
}

int rasgw__yt_assign_roles(rasgw__yt *l)
{
	size_t n = l->gws.count;
	rasgw__yt_gw **order;

	if (!n)
		return 0;
	if (!(order = rasgw__calloc(n, sizeof(*order))))
		return rasgw__error_nomem();
	for (size_t i = 0; i < n; i++) {
		order[i] = &l->gws.items[i];
		if (!order[i]->has_state && on_failed_host(l, order[i]))
			order[i]->spec.role = RASGW_GATEWAY_FAILED;
	}
	qsort(order, n, sizeof(*order), cmp_gw_pool_id);
	for (size_t i = 0, j; i < n; i = j) {
		bool stated = false;
		size_t alive = 0;
		for (j = i; j < n && !strcmp(order[j]->spec.pool_id, order[i]->spec.pool_id); j++) {
			stated |= order[j]->has_state;
			alive += order[j]->spec.role != RASGW_GATEWAY_FAILED;
		}
		const rasgw_pool *p = rasgw_model_pool_lookup(l->m, order[i]->spec.pool_id);
		if (stated || !p)
			continue; /* an unknown pool is the builder's error to report */
		size_t active = alive > p->redundant_count ? alive - p->redundant_count : 0;
		for (size_t k = i, seen = 0; k < j; k++) {
			if (order[k]->spec.role == RASGW_GATEWAY_FAILED)
				continue;
			order[k]->spec.role = seen++ < active ? RASGW_GATEWAY_ACTIVE
							      : RASGW_GATEWAY_STANDBY;
		}
	}
	rasgw__free(order);
	return 0;
}
