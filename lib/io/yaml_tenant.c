/* Topology readers for logical networks, tenants and their connections (yaml_topo.h). */
#include "io/yaml_topo.h"

#include <string.h>

#define PROTOCOLS "Static, Bgp"

static const char *const ln_keys[] = { "id", "subnets", NULL };
static const char *const subnet_keys[] = {
	"id", "addressPrefix", "vlanId", "defaultGateways", NULL
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
static const char *const route_keys[] = {
	"destinationPrefix", "nextHop", "metric", "protocol", NULL
};
static const char *const peer_keys[] = { "peerIpAddress", "asNumber", NULL };

/* An address the model does not keep (so the builder never sees it). */
static int check_addr(rasgw__yt *l, const rasgw__ynode *map, const char *key, bool prefix)
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

/* ------------------------------------------------------- logical networks */

static int load_subnet(rasgw__yt *l, const rasgw__ynode *n, size_t index, rasgw__yt_subnet *out)
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
	    (rc = rasgw__yget_u64(c, n, "vlanId", true, RASGW__YT_VLAN_MIN, RASGW__YT_VLAN_MAX,
				  &vlan)) < 0 ||
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

int rasgw__yt_lnet(rasgw__yt *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	const rasgw__ynode *subs;
	rasgw__yt_net ln = { 0 };
	int rc;

	if ((rc = rasgw__yt_begin(l, "logical network", n, index, ln_keys, &ln.id)) < 0 ||
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
static int find_subnet(rasgw__yt *l, const rasgw__ynode *at, const char *ref,
		       const rasgw__yt_subnet **out)
{
	const char *slash = strchr(ref, '/');
	size_t nlen = slash ? (size_t)(slash - ref) : strlen(ref);
	char *name = rasgw__strndup(ref, nlen);

	if (!name)
		return rasgw__error_nomem();
	uintptr_t found = (uintptr_t)rasgw__map_get(&l->ln_index, name);
	rasgw__free(name);
	if (found) {
		const rasgw__yt_net *ln = &l->lns.items[found - 1];
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

/* ---------------------------------------------------------------- tenants */

int rasgw__yt_tenant(rasgw__yt *l, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_tenant t = { 0 };
	const rasgw__ynode *conns;
	const char **hosts = NULL, **pools = NULL;
	int rc;

	if ((rc = rasgw__yt_begin(l, "tenant", n, index, tenant_keys, &t.id)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "reseller", false, &t.reseller)) < 0 ||
	    (rc = rasgw__yget_asn(c, n, "asn", false, &t.asn)) < 0 ||
	    (rc = rasgw__yget_str(c, n, "routeReflector", false, &t.rr_gateway)) < 0 ||
	    (rc = rasgw__yget_coll(c, n, "networkConnections", false, RASGW__Y_SEQ, &conns)) < 0 ||
	    (rc = rasgw__yget_str_list(c, n, "hosts", false, &hosts, &t.host_count)) < 0 ||
	    (rc = rasgw__yget_str_list(c, n, "gatewayPools", false, &pools, &t.gateway_pool_count)) < 0)
		goto out;
	t.hosts = hosts;
	t.gateway_pools = pools;
	rasgw__pos pos = rasgw__yt_pos(l, n);
	rc = rasgw__model_add_tenant(l->m, &t, &pos);
out:
	rasgw__free(hosts);
	rasgw__free(pools);
	return rc;
}

/* ------------------------------------------------------------ connections */

/* Keys that belong to one connection type only. */
static int check_type_keys(rasgw__yt *l, const rasgw__ynode *n, rasgw_conn_type type)
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
static int one_addr(rasgw__yt *l, const rasgw__ynode *map, const char *key, const char **out)
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

static int load_l3(rasgw__yt *l, const rasgw__ynode *n, rasgw_connection *cn)
{
	rasgw__yctx *c = &l->ctx;
	const rasgw__ynode *l3;
	const char *ref = NULL, *prefix = NULL;
	uint64_t vlan = 0;
	int rc;

	if ((rc = rasgw__yt_nested(l, n, "l3Configuration", true, l3_keys, &l3)) < 0 ||
	    (rc = rasgw__yget_str(c, l3, "vlanSubnet", false, &ref)) < 0 ||
	    (rc = rasgw__yget_u64(c, l3, "vlanId", !ref, RASGW__YT_VLAN_MIN, RASGW__YT_VLAN_MAX,
				  &vlan)) < 0 ||
	    (rc = rasgw__yget_str(c, l3, "addressPrefix", !ref, &prefix)) < 0 ||
	    (rc = one_addr(l, l3, "ipAddresses", &cn->ca_ip)) < 0 ||
	    (rc = one_addr(l, l3, "peerIPAddresses", &cn->peer_ip)) < 0 ||
	    (rc = rasgw__yget_str(c, l3, "bgpIPAddress", false, &cn->bgp_ip)) < 0)
		return rc;
	if (ref) {
		const rasgw__yt_subnet *s = NULL;
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

static int load_routing(rasgw__yt *l, const rasgw__ynode *n, rasgw_connection *cn,
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

static int load_conn(rasgw__yt *l, const char *tenant_id, const rasgw__ynode *n, size_t index)
{
	rasgw__yctx *c = &l->ctx;
	rasgw_connection cn = { 0 };
	const char **statics = NULL, **learned = NULL;
	const rasgw__ynode *gre;
	uint64_t in = 0, out = 0, key = 0;
	int type = 0, rc;

	cn.tenant_id = tenant_id;
	if ((rc = rasgw__yt_begin(l, "connection", n, index, conn_keys, &cn.id)) < 0 ||
	    (rc = rasgw__yget_enum(c, n, "connectionType", true, rasgw__conn_type_parse,
				   RASGW__YT_CONN_TYPES, &type)) < 0 ||
	    (rc = check_type_keys(l, n, (rasgw_conn_type)type)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "inboundKiloBitsPerSecond", true, 0, RASGW__YT_KBPS_MAX,
				  &in)) < 0 ||
	    (rc = rasgw__yget_u64(c, n, "outboundKiloBitsPerSecond", true, 0, RASGW__YT_KBPS_MAX,
				  &out)) < 0 ||
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
		if ((rc = rasgw__yt_nested(l, n, "greConfiguration", true, gre_keys, &gre)) < 0 ||
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
	rasgw__pos pos = rasgw__yt_pos(l, n);
	rc = rasgw__model_add_connection(l->m, &cn, &pos);
done:
	rasgw__free(statics);
	rasgw__free(learned);
	return rc;
}

int rasgw__yt_connections(rasgw__yt *l, const rasgw__ynode *root)
{
	const rasgw__ynode *tenants;
	int rc = rasgw__yt_section(l, root, "virtualGateways", &tenants);

	/* Room for them all at once: the id map and list do not regrow while filling. */
	size_t n = 0;
	for (size_t i = 0; rc == 0 && tenants && i < tenants->count; i++) {
		const rasgw__ynode *conns = rasgw__ymap_get(tenants->items[i], "networkConnections");
		if (conns && !rasgw__ynode_is_null(conns))
			n += conns->count;
	}
	if (rc == 0 && n)
		rc = rasgw__model_reserve(l->m, 0, 0, 0, 0, 0, n);
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
