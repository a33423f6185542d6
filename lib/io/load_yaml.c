/*
 * The YAML topology loader (rasgw/load.h, doc/topology-format.md).
 *
 * The loader owns the file format only: syntax, shapes, unknown keys,
 * required fields, enum spellings, number and ASN syntax, value ranges and
 * limits, plus the loader-level conveniences (logical networks, role
 * assignment by id order). Every rule of the model itself (duplicate ids,
 * references, R1-R7) is left to the model builder, which the snapshot
 * reader shares, so a file and a snapshot cannot disagree about validity.
 */
#include "io/yaml_get.h"
#include "model/model_int.h"
#include "rasgw/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_VERSION 1
/* Bandwidths above 1 Pbps are typos; the bound also keeps cost arithmetic small. */
#define KBPS_MAX UINT64_C(1000000000000)
#define VLAN_MIN 1
#define VLAN_MAX 4094

#define POOL_TYPES "All, S2sIpSec, S2sGre, Forwarding"
#define CONN_TYPES "IPSec, GRE, L3"
#define ROLES "Active, Redundant, Failed, Draining"
#define PROTOCOLS "Static, Bgp"

typedef struct subnet {
	const char *id; /* may be NULL */
	char prefix[RASGW__ADDR_MAX];
	uint16_t vlan;
} subnet;

/* A logicalNetworks entry: exists only in the file, copied onto L3 connections. */
typedef struct lnet {
	const char *id;
	unsigned int line;
	subnet *subnets;
	size_t count;
} lnet;

typedef struct gw_item {
	rasgw_gateway spec;
	rasgw__pos pos;
	bool has_state;
} gw_item;

typedef struct loader {
	rasgw__yctx ctx;
	rasgw_model *m;
	RASGW__VEC(lnet) lns;
	rasgw__map ln_index; /* id -> 1 + index in lns */
	RASGW__VEC(gw_item) gws;
} loader;

static const char *const top_keys[] = {
	"version", "racks", "hosts", "logicalNetworks", "gatewayPools", "gateways",
	"virtualGateways", NULL
};
static const char *const rack_keys[] = { "id", "tor", "vlans", NULL };
static const char *const tor_keys[] = { "name", "asn", "peerIPAddress", NULL };
static const char *const host_keys[] = { "id", "rack", "address", "failed", NULL };
static const char *const ln_keys[] = { "id", "subnets", NULL };
static const char *const subnet_keys[] = { "id", "addressPrefix", "vlanId", "defaultGateways", NULL };
static const char *const pool_keys[] = {
	"id", "type", "redundantGatewayCount", "gatewayCapacityKiloBitsPerSecond",
	"ipConfiguration", "typeMaxKiloBitsPerSecond", "tenants", "reseller", NULL
};
static const char *const ipconf_keys[] = { "publicIPAddresses", "greVipSubnets", NULL };
static const char *const gw_keys[] = {
	"id", "pool", "virtualServer", "dip", "greVip", "state", NULL
};
static const char *const tenant_keys[] = {
	"id", "reseller", "hosts", "gatewayPools", "asn", "routeReflector", "networkConnections", NULL
};
static const char *const conn_keys[] = {
	"id", "connectionType", "inboundKiloBitsPerSecond", "outboundKiloBitsPerSecond",
	"sourceIPAddress", "destinationIPAddress", "greConfiguration", "l3Configuration",
	"routes", "bgpPeers", "learnedPrefixes", "gateway", NULL
};
static const char *const gre_keys[] = { "greKey", "remoteEndpoint", NULL };
static const char *const l3_keys[] = {
	"vlanSubnet", "vlanId", "addressPrefix", "ipAddresses", "peerIPAddresses", "bgpIPAddress", NULL
};
static const char *const route_keys[] = { "destinationPrefix", "nextHop", "metric", "protocol", NULL };
static const char *const peer_keys[] = { "peerIpAddress", "asNumber", NULL };

static rasgw__pos pos_of(const loader *l, const rasgw__ynode *n)
{
	return (rasgw__pos){ l->ctx.file, n->line, n->column };
}

/* A top-level list; absent or null reads as empty. */
static int section(loader *l, const rasgw__ynode *root, const char *key, const rasgw__ynode **out)
{
	l->ctx.what[0] = '\0';
	l->ctx.path[0] = '\0';
	return rasgw__yget_coll(&l->ctx, root, key, false, RASGW__Y_SEQ, out);
}

/* Start reading one list entry: a mapping with an id and only known keys. */
static int begin(loader *l, const char *kind, const rasgw__ynode *n, size_t index,
		 const char *const *keys, const char **id)
{
	int rc;

	rasgw__yctx_entity(&l->ctx, kind, NULL, index + 1);
	if ((rc = rasgw__yexpect(&l->ctx, n, NULL, RASGW__Y_MAP)) < 0 ||
	    (rc = rasgw__yget_str(&l->ctx, n, "id", true, id)) < 0)
		return rc;
	rasgw__yctx_entity(&l->ctx, kind, *id, 0);
	return rasgw__ycheck_keys(&l->ctx, n, keys);
}

/* A nested mapping with only known keys; sets the message path to "key.". */
static int nested(loader *l, const rasgw__ynode *map, const char *key, bool required,
		  const char *const *keys, const rasgw__ynode **out)
{
	int rc = rasgw__yget_coll(&l->ctx, map, key, required, RASGW__Y_MAP, out);
	if (rc < 0 || !*out)
		return rc;
	rasgw__yctx_path(&l->ctx, "%s.", key);
	return rasgw__ycheck_keys(&l->ctx, *out, keys);
}

/* An address the model does not keep (so the builder never sees it). */
static int check_addr(loader *l, const rasgw__ynode *map, const char *key, bool prefix)
{
	const rasgw__ynode *v = rasgw__ymap_get(map, key);
	const char *s = NULL;
	char canon[RASGW__ADDR_MAX];
	int rc = rasgw__yget_str(&l->ctx, map, key, false, &s);

	if (rc < 0 || !s)
		return rc;
	if ((prefix ? rasgw__prefix_canon(s, canon) : rasgw__addr_canon(s, canon)) < 0)
		return rasgw__yerr(&l->ctx, RASGW_EPARSE, v, key, "'%.64s' is not an IP %s", s,
				   prefix ? "prefix" : "address");
	return 0;
}

/* ------------------------------------------------------------------ racks */

static int load_rack(loader *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_rack r = { 0 };
	const rasgw__ynode *tor, *vlans;
	uint16_t *v = NULL;
	int rc;

	if ((rc = begin(l, "rack", n, index, rack_keys, &r.id)) < 0 ||
	    (rc = nested(l, n, "tor", true, tor_keys, &tor)) < 0 ||
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
			if ((rc = rasgw__yscalar_u64(c, vlans->items[i], "vlans", VLAN_MIN, VLAN_MAX,
						     &x)) < 0)
				goto out;
			v[i] = (uint16_t)x;
		}
		r.vlans = v;
		r.vlan_count = vlans->count;
	}
	rasgw__pos pos = pos_of(l, n);
	rc = rasgw__model_add_rack(l->m, &r, &pos);
out:
	rasgw__free(v);
	return rc;
}

/* ------------------------------------------------------------------ hosts */

static int load_host(loader *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_host h = { 0 };
	int rc;

	if ((rc = begin(l, "host", n, index, host_keys, &h.id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "rack", true, &h.rack_id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "address", false, &h.address)) < 0 ||
	    (rc = rasgw__yget_bool(c, n, "failed", false, &h.failed)) < 0)
		return rc;
	rasgw__pos pos = pos_of(l, n);
	return rasgw__model_add_host(l->m, &h, &pos);
}

/* ------------------------------------------------------- logical networks */

static int load_subnet(loader *l, const rasgw__ynode *n, size_t index, subnet *out)
{
	rasgw__yctx *c = &l->ctx;
	const rasgw__ynode *gws;
	const char *prefix = NULL;
	uint64_t vlan = 0;
	int rc;

	rasgw__yctx_path(c, "subnets[%zu].", index + 1);
	if ((rc = rasgw__yexpect(c, n, NULL, RASGW__Y_MAP)) < 0 ||
	    (rc = rasgw__ycheck_keys(c, n, subnet_keys)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "id", false, &out->id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "addressPrefix", true, &prefix)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "vlanId", true, VLAN_MIN, VLAN_MAX, &vlan)) < 0 ||
	    (rc = rasgw__yget_coll(c, n, "defaultGateways", false, RASGW__Y_SEQ, &gws)) < 0)
		return rc;
	if (rasgw__prefix_canon(prefix, out->prefix) < 0)
		return rasgw__yerr(c, RASGW_EPARSE, rasgw__ymap_get(n, "addressPrefix"),
				   "addressPrefix", "'%.64s' is not an IP prefix", prefix);
	out->vlan = (uint16_t)vlan;
	for (size_t i = 0; gws && i < gws->count; i++) {
		const char *s;
		char canon[RASGW__ADDR_MAX];
		if ((rc = rasgw__yscalar_str(c, gws->items[i], "defaultGateways", &s)) < 0)
			return rc;
		if (rasgw__addr_canon(s, canon) < 0)
			return rasgw__yerr(c, RASGW_EPARSE, gws->items[i], "defaultGateways",
					   "'%.64s' is not an IP address", s);
	}
	return 0;
}

static int load_lnet(loader *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	const rasgw__ynode *subs;
	lnet ln = { 0 };
	int rc;

	if ((rc = begin(l, "logical network", n, index, ln_keys, &ln.id)) < 0 ||
	    (rc = rasgw__yget_coll(c, n, "subnets", true, RASGW__Y_SEQ, &subs)) < 0)
		return rc;
	/* "net/subnet" references split at the first '/'. */
	if (strchr(ln.id, '/'))
		return rasgw__yerr(c, RASGW_EPARSE, rasgw__ymap_get(n, "id"), "id",
				   "a logical network id may not contain '/'");
	uintptr_t seen = (uintptr_t)rasgw__map_get(&l->ln_index, ln.id);
	if (seen)
		return rasgw__yerr(c, RASGW_EEXISTS, n, NULL, "defined twice (first at line %u)",
				   l->lns.items[seen - 1].line);
	if (!subs->count)
		return rasgw__yerr(c, RASGW_EPARSE, subs, "subnets", "needs at least one subnet");
	ln.line = n->line;
	ln.count = subs->count;
	if (!(ln.subnets = rasgw__calloc(subs->count, sizeof(*ln.subnets))))
		return rasgw__error_nomem();
	for (size_t i = 0; i < subs->count; i++) {
		if ((rc = load_subnet(l, subs->items[i], i, &ln.subnets[i])) < 0)
			goto fail;
		for (size_t j = 0; j < i && ln.subnets[i].id; j++)
			if (ln.subnets[j].id && !strcmp(ln.subnets[i].id, ln.subnets[j].id)) {
				rc = rasgw__yerr(c, RASGW_EEXISTS, subs->items[i], "id",
						 "subnet '%.64s' is defined twice", ln.subnets[i].id);
				goto fail;
			}
	}
	if (RASGW__VEC_RESERVE(&l->lns, l->lns.count + 1) < 0 ||
	    rasgw__map_put(&l->ln_index, ln.id, (void *)(uintptr_t)(l->lns.count + 1)) < 0) {
		rc = rasgw__error_nomem();
		goto fail;
	}
	l->lns.items[l->lns.count++] = ln;
	return 0;
fail:
	rasgw__free(ln.subnets);
	return rc;
}

/* "net" when net has one subnet, else "net/subnet". */
static int find_subnet(loader *l, const rasgw__ynode *at, const char *ref, const subnet **out)
{
	const char *slash = strchr(ref, '/');
	size_t nlen = slash ? (size_t)(slash - ref) : strlen(ref);
	char *name = rasgw__strndup(ref, nlen);

	if (!name)
		return rasgw__error_nomem();
	uintptr_t found = (uintptr_t)rasgw__map_get(&l->ln_index, name);
	rasgw__free(name);
	if (found) {
		const lnet *ln = &l->lns.items[found - 1];
		if (!slash) {
			if (ln->count != 1)
				return rasgw__yerr(&l->ctx, RASGW_EPARSE, at, "vlanSubnet",
						   "logical network '%s' has %zu subnets: write '%s/<subnet id>'",
						   ln->id, ln->count, ln->id);
			*out = &ln->subnets[0];
			return 0;
		}
		for (size_t j = 0; j < ln->count; j++)
			if (ln->subnets[j].id && !strcmp(ln->subnets[j].id, slash + 1)) {
				*out = &ln->subnets[j];
				return 0;
			}
		return rasgw__yerr(&l->ctx, RASGW_ENOTFOUND, at, "vlanSubnet",
				   "logical network '%s' has no subnet '%.64s'", ln->id, slash + 1);
	}
	return rasgw__yerr(&l->ctx, RASGW_ENOTFOUND, at, "vlanSubnet",
			   "logical network '%.*s' does not exist", (int)(nlen > 128 ? 128 : nlen), ref);
}

/* ------------------------------------------------------------------ pools */

static int load_type_max(loader *l, const rasgw__ynode *map, rasgw_pool *p)
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
					   CONN_TYPES);
		if (first[t])
			return rasgw__yerr(c, RASGW_EPARSE, k, NULL, "'%.64s' repeats '%s' (line %u)",
					   k->text, first[t]->text, first[t]->line);
		first[t] = k;
		if ((rc = rasgw__yscalar_u64(c, tm->items[2 * i + 1], k->text, 1, KBPS_MAX, &v)) < 0)
			return rc;
		p->type_max_kbps[t] = v;
	}
	c->path[0] = '\0';
	return 0;
}

static int load_pool(loader *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_pool p = { 0 };
	const rasgw__ynode *ipc;
	const char **pubs = NULL, **vips = NULL, **tenants = NULL;
	uint64_t redundant = 0, capacity = 0;
	int type = 0, rc;

	if ((rc = begin(l, "pool", n, index, pool_keys, &p.id)) < 0 ||
	    (rc = rasgw__yget_enum(c, n, "type", true, rasgw__pool_type_parse, POOL_TYPES, &type)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "redundantGatewayCount", true, 0, UINT32_MAX, &redundant)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "gatewayCapacityKiloBitsPerSecond", true, 0, KBPS_MAX,
				  &capacity)) < 0 ||
	    (rc = load_type_max(l, n, &p)) < 0 ||
	    (rc = rasgw__yget_str_list(c, n, "tenants", false, &tenants, &p.tenant_count)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "reseller", false, &p.reseller)) < 0 ||
	    (rc = nested(l, n, "ipConfiguration", false, ipconf_keys, &ipc)) < 0)
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
	rasgw__pos pos = pos_of(l, n);
	rc = rasgw__model_add_pool(l->m, &p, &pos);
out:
	rasgw__free(pubs);
	rasgw__free(vips);
	rasgw__free(tenants);
	return rc;
}

/* --------------------------------------------------------------- gateways */

static int parse_gateway(loader *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	gw_item g = { 0 };
	int role = RASGW_GATEWAY_ACTIVE, rc;

	if ((rc = begin(l, "gateway", n, index, gw_keys, &g.spec.id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "pool", true, &g.spec.pool_id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "virtualServer", true, &g.spec.host_id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "dip", true, &g.spec.dip)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "greVip", false, &g.spec.gre_vip)) < 0 ||
	    (rc = rasgw__yget_enum(c, n, "state", false, rasgw__gateway_role_parse, ROLES, &role)) < 0)
		return rc;
	g.has_state = rasgw__ymap_get(n, "state") && !rasgw__ynode_is_null(rasgw__ymap_get(n, "state"));
	g.spec.role = (rasgw_gateway_role)role;
	g.pos = pos_of(l, n);
	if (RASGW__VEC_PUSH(&l->gws, g) < 0)
		return rasgw__error_nomem();
	return 0;
}

static int cmp_gw_pool_id(const void *a, const void *b)
{
	const gw_item *x = *(const gw_item *const *)a, *y = *(const gw_item *const *)b;
	int r = strcmp(x->spec.pool_id, y->spec.pool_id);
	return r ? r : strcmp(x->spec.id, y->spec.id);
}

/*
 * Roles of a pool none of whose gateways has a `state`: by id order the
 * first (count - N) are Active and the remaining N Redundant, which is how
 * an operator reads "M+N". Once any gateway of a pool states its role, the
 * file is taken literally and the others default to Active.
 */
static int assign_roles(loader *l)
{
	size_t n = l->gws.count;
	gw_item **order;

	if (!n)
		return 0;
	if (!(order = rasgw__calloc(n, sizeof(*order))))
		return rasgw__error_nomem();
	for (size_t i = 0; i < n; i++)
		order[i] = &l->gws.items[i];
	qsort(order, n, sizeof(*order), cmp_gw_pool_id);
	for (size_t i = 0, j; i < n; i = j) {
		bool stated = false;
		for (j = i; j < n && !strcmp(order[j]->spec.pool_id, order[i]->spec.pool_id); j++)
			stated |= order[j]->has_state;
		const rasgw_pool *p = rasgw_model_pool_lookup(l->m, order[i]->spec.pool_id);
		if (stated || !p)
			continue; /* an unknown pool is the builder's error to report */
		size_t count = j - i;
		size_t active = count > p->redundant_count ? count - p->redundant_count : 0;
		for (size_t k = i; k < j; k++)
			order[k]->spec.role = k - i < active ? RASGW_GATEWAY_ACTIVE : RASGW_GATEWAY_STANDBY;
	}
	rasgw__free(order);
	return 0;
}

/* ---------------------------------------------------------------- tenants */

static int load_tenant(loader *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_tenant t = { 0 };
	const rasgw__ynode *conns;
	const char **hosts = NULL, **pools = NULL;
	int rc;

	if ((rc = begin(l, "tenant", n, index, tenant_keys, &t.id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "reseller", false, &t.reseller)) < 0 ||
	    (rc = rasgw__yget_asn(c, n, "asn", false, &t.asn)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "routeReflector", false, &t.rr_gateway)) < 0 ||
	    (rc = rasgw__yget_coll(c, n, "networkConnections", false, RASGW__Y_SEQ, &conns)) < 0 ||
	    (rc = rasgw__yget_str_list(c, n, "hosts", false, &hosts, &t.host_count)) < 0 ||
	    (rc = rasgw__yget_str_list(c, n, "gatewayPools", false, &pools, &t.gateway_pool_count)) < 0)
		goto out;
	t.hosts = hosts;
	t.gateway_pools = pools;
	rasgw__pos pos = pos_of(l, n);
	rc = rasgw__model_add_tenant(l->m, &t, &pos);
out:
	rasgw__free(hosts);
	rasgw__free(pools);
	return rc;
}

/* ------------------------------------------------------------ connections */

/* Keys that belong to one connection type only. */
static int check_type_keys(loader *l, const rasgw__ynode *n, rasgw_conn_type type)
{
	static const struct {
		const char *key;
		rasgw_conn_type type;
	} only[] = {
		{ "sourceIPAddress", RASGW_CONN_IKEV2 },
		{ "destinationIPAddress", RASGW_CONN_IKEV2 },
		{ "greConfiguration", RASGW_CONN_GRE },
		{ "l3Configuration", RASGW_CONN_L3 },
	};
	for (size_t i = 0; i < RASGW__ARRAY_LEN(only); i++) {
		const rasgw__ynode *v = rasgw__ymap_get(n, only[i].key);
		if (v && !rasgw__ynode_is_null(v) && only[i].type != type)
			return rasgw__yerr(&l->ctx, RASGW_EPARSE, v, only[i].key,
					   "applies to %s connections only, this one is %s",
					   rasgw_conn_type_name(only[i].type), rasgw_conn_type_name(type));
	}
	return 0;
}

/* A list that must hold exactly one address (the model keeps one per connection). */
static int one_addr(loader *l, const rasgw__ynode *map, const char *key, const char **out)
{
	const rasgw__ynode *v;
	int rc = rasgw__yget_coll(&l->ctx, map, key, true, RASGW__Y_SEQ, &v);

	if (rc < 0)
		return rc;
	if (v->count != 1)
		return rasgw__yerr(&l->ctx, RASGW_EPARSE, v, key, "needs exactly one address, got %zu",
				   v->count);
	return rasgw__yscalar_str(&l->ctx, v->items[0], key, out);
}

static int load_l3(loader *l, const rasgw__ynode *n, rasgw_connection *cn)
{
	rasgw__yctx *c = &l->ctx;
	const rasgw__ynode *l3;
	const char *ref = NULL, *prefix = NULL;
	uint64_t vlan = 0;
	int rc;

	if ((rc = nested(l, n, "l3Configuration", true, l3_keys, &l3)) < 0 ||
	    (rc = rasgw__yget_str(c, l3, "vlanSubnet", false, &ref)) < 0 ||
	    (rc = rasgw__yget_u64(c, l3, "vlanId", !ref, VLAN_MIN, VLAN_MAX, &vlan)) < 0 ||
	    (rc = rasgw__yget_str(c, l3, "addressPrefix", !ref, &prefix)) < 0 ||
	    (rc = one_addr(l, l3, "ipAddresses", &cn->ca_ip)) < 0 ||
	    (rc = one_addr(l, l3, "peerIPAddresses", &cn->peer_ip)) < 0 ||
	    (rc = rasgw__yget_str(c, l3, "bgpIPAddress", false, &cn->bgp_ip)) < 0)
		return rc;
	if (ref) {
		const subnet *s = NULL;
		const rasgw__ynode *at = rasgw__ymap_get(l3, "vlanSubnet");
		if (prefix || vlan)
			return rasgw__yerr(c, RASGW_EPARSE, at, "vlanSubnet",
					   "give either vlanSubnet or vlanId and addressPrefix, not both");
		if ((rc = find_subnet(l, at, ref, &s)) < 0)
			return rc;
		cn->vlan = s->vlan;
		cn->vlan_subnet = s->prefix;
	} else {
		cn->vlan = (uint16_t)vlan;
		cn->vlan_subnet = prefix;
	}
	c->path[0] = '\0';
	return 0;
}

static int load_routing(loader *l, const rasgw__ynode *n, rasgw_connection *cn,
			const char ***statics, const char ***learned)
{
	rasgw__yctx *c = &l->ctx;
	const rasgw__ynode *routes, *peers, *lp;
	size_t nroutes, nlearned;
	int rc;

	if ((rc = rasgw__yget_coll(c, n, "routes", false, RASGW__Y_SEQ, &routes)) < 0 ||
	    (rc = rasgw__yget_coll(c, n, "bgpPeers", false, RASGW__Y_SEQ, &peers)) < 0 ||
	    (rc = rasgw__yget_coll(c, n, "learnedPrefixes", false, RASGW__Y_SEQ, &lp)) < 0)
		return rc;
	nroutes = routes ? routes->count : 0;
	nlearned = lp ? lp->count : 0;
	if (nroutes && !(*statics = rasgw__calloc(nroutes, sizeof(**statics))))
		return rasgw__error_nomem();
	if (nroutes + nlearned && !(*learned = rasgw__calloc(nroutes + nlearned, sizeof(**learned))))
		return rasgw__error_nomem();

	/* Static routes are configuration; Bgp routes are what BGP learned (state). */
	for (size_t i = 0; i < nroutes; i++) {
		const rasgw__ynode *r = routes->items[i];
		const char *dest = NULL;
		uint64_t metric;
		int proto = RASGW_ROUTING_STATIC;

		rasgw__yctx_path(c, "routes[%zu].", i + 1);
		if ((rc = rasgw__yexpect(c, r, NULL, RASGW__Y_MAP)) < 0 ||
		    (rc = rasgw__ycheck_keys(c, r, route_keys)) < 0 ||
		    (rc = rasgw__yget_str(c, r, "destinationPrefix", true, &dest)) < 0 ||
		    (rc = check_addr(l, r, "nextHop", false)) < 0 ||
		    (rc = rasgw__yget_u64(c, r, "metric", false, 0, UINT32_MAX, &metric)) < 0 ||
		    (rc = rasgw__yget_enum(c, r, "protocol", false, rasgw__routing_parse, PROTOCOLS,
					   &proto)) < 0)
			return rc;
		if (proto == RASGW_ROUTING_BGP)
			(*learned)[cn->learned_prefix_count++] = dest;
		else
			(*statics)[cn->static_prefix_count++] = dest;
	}
	c->path[0] = '\0';
	for (size_t i = 0; i < nlearned; i++)
		if ((rc = rasgw__yscalar_str(c, lp->items[i], "learnedPrefixes",
					     &(*learned)[cn->learned_prefix_count++])) < 0)
			return rc;
	cn->static_prefixes = *statics;
	cn->learned_prefixes = *learned;

	if (!peers || !peers->count)
		return 0;
	if (peers->count > 1)
		return rasgw__yerr(c, RASGW_EPARSE, peers->items[1], "bgpPeers",
				   "one BGP peer per connection is supported, got %zu", peers->count);
	const rasgw__ynode *p = peers->items[0];
	rasgw__yctx_path(c, "bgpPeers[1].");
	if ((rc = rasgw__yexpect(c, p, NULL, RASGW__Y_MAP)) < 0 ||
	    (rc = rasgw__ycheck_keys(c, p, peer_keys)) < 0 ||
	    (rc = rasgw__yget_str(c, p, "peerIpAddress", true, &cn->peer_bgp_ip)) < 0 ||
	    (rc = rasgw__yget_asn(c, p, "asNumber", true, &cn->peer_asn)) < 0)
		return rc;
	c->path[0] = '\0';
	cn->routing = RASGW_ROUTING_BGP;
	return 0;
}

static int load_conn(loader *l, const char *tenant_id, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_connection cn = { 0 };
	const char **statics = NULL, **learned = NULL;
	const rasgw__ynode *gre;
	uint64_t in = 0, out = 0, key = 0;
	int type = 0, rc;

	cn.tenant_id = tenant_id;
	if ((rc = begin(l, "connection", n, index, conn_keys, &cn.id)) < 0 ||
	    (rc = rasgw__yget_enum(c, n, "connectionType", true, rasgw__conn_type_parse, CONN_TYPES,
				   &type)) < 0 ||
	    (rc = check_type_keys(l, n, (rasgw_conn_type)type)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "inboundKiloBitsPerSecond", true, 0, KBPS_MAX, &in)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "outboundKiloBitsPerSecond", true, 0, KBPS_MAX, &out)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "gateway", false, &cn.gateway_id)) < 0)
		goto done;
	cn.type = (rasgw_conn_type)type;
	cn.inbound_kbps = in;
	cn.outbound_kbps = out;
	switch (cn.type) {
	case RASGW_CONN_IKEV2:
		if ((rc = rasgw__yget_str(c, n, "sourceIPAddress", true, &cn.source_ip)) < 0 ||
		    (rc = rasgw__yget_str(c, n, "destinationIPAddress", false, &cn.destination_ip)) < 0)
			goto done;
		break;
	case RASGW_CONN_GRE:
		if ((rc = nested(l, n, "greConfiguration", true, gre_keys, &gre)) < 0 ||
		    (rc = rasgw__yget_u64(c, gre, "greKey", false, 0, UINT32_MAX, &key)) < 0 ||
		    (rc = rasgw__yget_str(c, gre, "remoteEndpoint", true, &cn.remote_endpoint)) < 0)
			goto done;
		cn.gre_key = (uint32_t)key;
		c->path[0] = '\0';
		break;
	case RASGW_CONN_L3:
		if ((rc = load_l3(l, n, &cn)) < 0)
			goto done;
		break;
	}
	if ((rc = load_routing(l, n, &cn, &statics, &learned)) < 0)
		goto done;
	rasgw__pos pos = pos_of(l, n);
	rc = rasgw__model_add_connection(l->m, &cn, &pos);
done:
	rasgw__free(statics);
	rasgw__free(learned);
	return rc;
}

/* ----------------------------------------------------------------- driver */

typedef int (*entry_fn)(loader *l, const rasgw__ynode *n, size_t index);

static int each(loader *l, const rasgw__ynode *root, const char *key, entry_fn fn)
{
	const rasgw__ynode *list;
	int rc = section(l, root, key, &list);

	for (size_t i = 0; rc == 0 && list && i < list->count; i++)
		rc = fn(l, list->items[i], i);
	return rc;
}

static int load_connections(loader *l, const rasgw__ynode *root)
{
	const rasgw__ynode *tenants;
	int rc = section(l, root, "virtualGateways", &tenants);

	for (size_t i = 0; rc == 0 && tenants && i < tenants->count; i++) {
		/* Shapes and ids were checked when the tenant was added. */
		const rasgw__ynode *t = tenants->items[i];
		const rasgw__ynode *conns = rasgw__ymap_get(t, "networkConnections");
		const char *tid = rasgw__ymap_get(t, "id")->text;
		if (!conns || rasgw__ynode_is_null(conns))
			continue;
		for (size_t j = 0; rc == 0 && j < conns->count; j++)
			rc = load_conn(l, tid, conns->items[j], j);
	}
	return rc;
}

/*
 * The model's id-ordered arrays are filled in bulk and sorted once at the
 * end: inserting each entity in order would cost O(n) moves per entity.
 * Nothing in the builder walks those arrays before then (lookups use the
 * hash maps).
 */
static void tables(rasgw_model *m, rasgw__table *out[6])
{
	out[0] = &m->racks;
	out[1] = &m->hosts;
	out[2] = &m->pools;
	out[3] = &m->gateways;
	out[4] = &m->tenants;
	out[5] = &m->conns;
}

static void sort_tables(rasgw_model *m)
{
	rasgw__table *t[6];
	tables(m, t);
	for (int i = 0; i < 6; i++)
		rasgw__table_sort(t[i]);
}

static int load_doc(loader *l, const rasgw__ynode *root)
{
	rasgw__yctx *c = &l->ctx;
	uint64_t version = FORMAT_VERSION;
	int rc;

	if (!root)
		return rasgw__error_at(RASGW_EPARSE, c->file, 1, 1,
				       "the topology is empty (expected a mapping)");
	if ((rc = rasgw__yexpect(c, root, "topology", RASGW__Y_MAP)) < 0 ||
	    (rc = rasgw__ycheck_keys(c, root, top_keys)) < 0 ||
	    (rc = rasgw__yget_u64(c, root, "version", false, 0, UINT64_MAX, &version)) < 0)
		return rc;
	if (version != FORMAT_VERSION)
		return rasgw__yerr(c, RASGW_EPARSE, rasgw__ymap_get(root, "version"), "version",
				   "%llu is not supported (this library reads version %d)",
				   (unsigned long long)version, FORMAT_VERSION);

	if ((rc = each(l, root, "racks", load_rack)) < 0 ||
	    (rc = each(l, root, "hosts", load_host)) < 0 ||
	    (rc = each(l, root, "logicalNetworks", load_lnet)) < 0 ||
	    (rc = each(l, root, "gatewayPools", load_pool)) < 0 ||
	    (rc = each(l, root, "gateways", parse_gateway)) < 0 ||
	    (rc = assign_roles(l)) < 0)
		return rc;
	for (size_t i = 0; i < l->gws.count; i++)
		if ((rc = rasgw__model_add_gateway(l->m, &l->gws.items[i].spec, &l->gws.items[i].pos)) < 0)
			return rc;
	if ((rc = each(l, root, "virtualGateways", load_tenant)) < 0 ||
	    (rc = load_connections(l, root)) < 0)
		return rc;
	sort_tables(l->m);
	return rasgw__model_validate(l->m);
}

static int limits(const rasgw_load_options *opts, uint32_t *depth, size_t *bytes)
{
	*depth = RASGW_LOAD_DEFAULT_MAX_DEPTH;
	*bytes = RASGW_LOAD_DEFAULT_MAX_BYTES;
	if (!opts)
		return 0;
	if (opts->version != RASGW_LOAD_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_load_options version %u is not %u",
				    opts->version, RASGW_LOAD_OPTIONS_VERSION);
	if (opts->max_depth)
		*depth = opts->max_depth;
	if (opts->max_bytes)
		*bytes = opts->max_bytes;
	return 0;
}

int rasgw_load_options_init(rasgw_load_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_load_options_init: opts is NULL");
	if (version != RASGW_LOAD_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_load_options version %u is not %u", version,
				    RASGW_LOAD_OPTIONS_VERSION);
	*opts = (rasgw_load_options)RASGW_LOAD_OPTIONS_INIT;
	return 0;
}

static int load(rasgw_model **out, const char *text, size_t len, const char *name,
		uint32_t max_depth)
{
	loader l = { 0 };
	rasgw__ydoc doc;
	int rc;

	l.ctx.file = name;
	if ((rc = rasgw__ydoc_parse(&doc, text ? text : "", len, name, max_depth)) < 0)
		return rc;
	if ((rc = rasgw_model_new(&l.m)) < 0)
		goto done;
	if (!(l.m->source_name = rasgw__strdup(name))) {
		rc = rasgw__error_nomem();
		goto done;
	}
	rasgw__table *t[6];
	tables(l.m, t);
	for (int i = 0; i < 6; i++)
		t[i]->unsorted = true;
	rc = load_doc(&l, doc.root);
done:
	if (rc < 0)
		rasgw_model_free(l.m);
	else
		*out = l.m;
	for (size_t i = 0; i < l.lns.count; i++)
		rasgw__free(l.lns.items[i].subnets);
	RASGW__VEC_FREE(&l.lns);
	rasgw__map_free(&l.ln_index);
	RASGW__VEC_FREE(&l.gws);
	rasgw__ydoc_free(&doc);
	return rc;
}

int rasgw_model_load_buffer(rasgw_model **out, const char *text, size_t len, const char *name,
			    const rasgw_load_options *opts)
{
	uint32_t max_depth;
	size_t max_bytes;
	int rc;

	if (!out || (!text && len))
		return rasgw__error(RASGW_EINVAL, "rasgw_model_load_buffer: %s is NULL",
				    out ? "text" : "out");
	if ((rc = limits(opts, &max_depth, &max_bytes)) < 0)
		return rc;
	if (!name)
		name = "<buffer>";
	if (len > max_bytes)
		return rasgw__error(RASGW_ELIMIT, "%s: %zu bytes is over the limit of %zu bytes", name,
				    len, max_bytes);
	return load(out, text, len, name, max_depth);
}

static int io_error(const char *path, const char *what, int err)
{
	char msg[128];
	if (strerror_r(err, msg, sizeof(msg)) != 0)
		snprintf(msg, sizeof(msg), "error %d", err);
	return rasgw__error(RASGW_EIO, "%s: cannot %s: %s", path, what, msg);
}

/* The whole file, refusing to read past the limit (pipes have no size to stat). */
static int read_file(const char *path, size_t max_bytes, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	size_t most = max_bytes < SIZE_MAX ? max_bytes + 1 : SIZE_MAX; /* one more shows excess */
	int rc = 0;

	if (!f)
		return io_error(path, "open", errno);
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? (cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2) : 65536;
			if (ncap > most)
				ncap = most;
			char *p = ncap > cap ? rasgw__realloc(buf, ncap) : NULL;
			if (!p) {
				rc = rasgw__error_nomem();
				break;
			}
			buf = p;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > max_bytes) {
			rc = rasgw__error(RASGW_ELIMIT, "%s: larger than the limit of %zu bytes", path,
					  max_bytes);
			break;
		}
		if (got == 0) {
			if (ferror(f))
				rc = io_error(path, "read", errno);
			break;
		}
	}
	fclose(f);
	if (rc < 0) {
		rasgw__free(buf);
		return rc;
	}
	*out = buf;
	*len = n;
	return 0;
}

int rasgw_model_load_file(rasgw_model **out, const char *path, const rasgw_load_options *opts)
{
	uint32_t max_depth;
	size_t max_bytes;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!out || !path)
		return rasgw__error(RASGW_EINVAL, "rasgw_model_load_file: %s is NULL",
				    out ? "path" : "out");
	if ((rc = limits(opts, &max_depth, &max_bytes)) < 0 ||
	    (rc = read_file(path, max_bytes, &text, &len)) < 0)
		return rc;
	rc = load(out, text, len, path, max_depth);
	rasgw__free(text);
	return rc;
}
