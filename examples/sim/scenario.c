/* Reading and checking scenario files (scenario.h, doc/scenario-format.md). */
#include "scenario.h"

#include <rasgw/plan.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KBPS_MAX UINT64_C(1000000000000)
#define TIME_MAX UINT64_C(1000000000000000) /* ms; keeps sums far from overflow */

/* Where we are, for messages: "file:line:col: event #3 (connectionAdd): key: ...". */
typedef struct rd {
	const char *file;
	char what[96];
	char *err;
	size_t errlen;
} rd;

static int fail(rd *r, const ynode *at, const char *key, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(r->err, r->errlen, "%s:%u:%u: %s%s%s%s%s", r->file, at ? at->line : 1,
		 at ? at->column : 1, r->what, r->what[0] ? ": " : "", key ? key : "",
		 key ? ": " : "", msg);
	return -1;
}

static int expect_kind(rd *r, const ynode *n, const char *key, ynode_kind kind)
{
	if (n->kind != kind)
		return fail(r, n, key, "expected %s, got %s", ykind_name(kind), ykind_name(n->kind));
	return 0;
}

static int check_keys(rd *r, const ynode *map, const char *const *allowed)
{
	for (size_t i = 0; i < map->count; i++) {
		const ynode *k = map->items[2 * i];
		size_t j;
		for (j = 0; allowed[j]; j++)
			if (!strcmp(k->text, allowed[j]))
				break;
		if (!allowed[j]) {
			char list[512] = "";
			size_t used = 0;
			for (j = 0; allowed[j] && used + 2 < sizeof(list); j++)
				used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
							 j ? ", " : "", allowed[j]);
			return fail(r, k, NULL, "unknown key '%s' (expected one of: %s)", k->text, list);
		}
	}
	return 0;
}

/* A value present and not a plain null. */
static const ynode *present(const ynode *map, const char *key)
{
	const ynode *v = ymap_get(map, key);
	return v && !ynode_is_null(v) ? v : NULL;
}

static int get_str(rd *r, const ynode *map, const char *key, bool required, const char **out)
{
	const ynode *v = present(map, key);
	if (!v) {
		if (required)
			return fail(r, map, NULL, "missing required key '%s'", key);
		return 0;
	}
	if (v->kind != YN_SCALAR || !v->text[0])
		return fail(r, v, key, "expected a non-empty string");
	*out = v->text;
	return 0;
}

static int scalar_u64(rd *r, const ynode *v, const char *key, uint64_t min, uint64_t max,
		      uint64_t *out)
{
	char *end;
	unsigned long long x;

	if (v->kind != YN_SCALAR)
		return fail(r, v, key, "expected a number, got %s", ykind_name(v->kind));
	errno = 0;
	x = strtoull(v->text, &end, 10);
	if (!v->text[0] || *end || errno || v->text[0] == '-' || v->text[0] == '+' ||
	    v->text[0] == ' ')
		return fail(r, v, key, "'%s' is not a whole number", v->text);
	if (x < min || x > max)
		return fail(r, v, key, "%llu is out of range [%llu, %llu]", x,
			    (unsigned long long)min, (unsigned long long)max);
	*out = x;
	return 0;
}

static int get_u64(rd *r, const ynode *map, const char *key, bool required, uint64_t min,
		   uint64_t max, uint64_t *out)
{
	const ynode *v = present(map, key);
	if (!v) {
		if (required)
			return fail(r, map, NULL, "missing required key '%s'", key);
		return 0;
	}
	return scalar_u64(r, v, key, min, max, out);
}

static int get_u32(rd *r, const ynode *map, const char *key, bool required, uint32_t min,
		   uint32_t *out)
{
	uint64_t x = *out;
	int rc = get_u64(r, map, key, required, min, UINT32_MAX, &x);
	*out = (uint32_t)x;
	return rc;
}

static int get_bool(rd *r, const ynode *map, const char *key, bool required, bool *out)
{
	const ynode *v = present(map, key);
	if (!v) {
		if (required)
			return fail(r, map, NULL, "missing required key '%s'", key);
		return 0;
	}
	if (v->kind == YN_SCALAR && !strcasecmp(v->text, "true"))
		*out = true;
	else if (v->kind == YN_SCALAR && !strcasecmp(v->text, "false"))
		*out = false;
	else
		return fail(r, v, key, "expected true or false");
	return 0;
}

/* An AS number: 1..4294967295 or asdot "X.Y". */
static int get_asn(rd *r, const ynode *map, const char *key, bool required, uint32_t *out)
{
	const ynode *v = present(map, key);
	if (!v) {
		if (required)
			return fail(r, map, NULL, "missing required key '%s'", key);
		return 0;
	}
	const char *dot = v->kind == YN_SCALAR ? strchr(v->text, '.') : NULL;
	if (dot) {
		char hi[8];
		size_t n = (size_t)(dot - v->text);
		char *end;
		if (n == 0 || n >= sizeof(hi))
			return fail(r, v, key, "'%s' is not an AS number", v->text);
		memcpy(hi, v->text, n);
		hi[n] = '\0';
		unsigned long x = strtoul(hi, &end, 10), y;
		if (*end || x > 65535)
			return fail(r, v, key, "'%s' is not an AS number", v->text);
		y = strtoul(dot + 1, &end, 10);
		if (!dot[1] || *end || y > 65535 || (x == 0 && y == 0))
			return fail(r, v, key, "'%s' is not an AS number", v->text);
		*out = (uint32_t)(x * 65536 + y);
		return 0;
	}
	uint64_t x;
	if (scalar_u64(r, v, key, 1, UINT32_MAX, &x) < 0)
		return -1;
	*out = (uint32_t)x;
	return 0;
}

/* Case-insensitive choice among names[]; values[] gives the result. */
static int get_enum(rd *r, const ynode *map, const char *key, bool required,
		    const char *const *names, const int *values, const char *choices, int *out)
{
	const ynode *v = present(map, key);
	if (!v) {
		if (required)
			return fail(r, map, NULL, "missing required key '%s'", key);
		return 0;
	}
	if (v->kind == YN_SCALAR)
		for (size_t i = 0; names[i]; i++)
			if (!strcasecmp(v->text, names[i])) {
				*out = values[i];
				return 0;
			}
	return fail(r, v, key, "'%s' is not one of: %s", v->kind == YN_SCALAR ? v->text : "?",
		    choices);
}

/* A list of non-empty strings; *out is a malloc'd array of borrowed strings. */
static int get_str_list(rd *r, const ynode *map, const char *key, bool required,
			const char ***out, size_t *n)
{
	const ynode *v = present(map, key);

	*out = NULL;
	*n = 0;
	if (!v) {
		if (required)
			return fail(r, map, NULL, "missing required key '%s'", key);
		return 0;
	}
	/* One item may be written without brackets. */
	if (v->kind == YN_MAP)
		return fail(r, v, key, "expected a list, got a mapping");
	size_t count = v->kind == YN_SEQ ? v->count : 1;
	const char **a = calloc(count ? count : 1, sizeof(*a));
	if (!a)
		return fail(r, v, key, "out of memory");
	for (size_t i = 0; i < count; i++) {
		const ynode *it = v->kind == YN_SEQ ? v->items[i] : v;
		if (it->kind != YN_SCALAR || !it->text[0]) {
			free(a);
			return fail(r, it, key, "expected a list of non-empty strings");
		}
		a[i] = it->text;
	}
	*out = a;
	*n = count;
	return 0;
}

/* ------------------------------------------------------------ connections */

static const char *const conn_keys[] = {
	"id", "tenant", "connectionType", "inboundKiloBitsPerSecond", "outboundKiloBitsPerSecond",
	"sourceIPAddress", "destinationIPAddress", "greConfiguration", "l3Configuration",
	"routes", "bgpPeers", "learnedPrefixes", "policy", "gateway", NULL
};
static const char *const gre_keys[] = { "greKey", "remoteEndpoint", NULL };
static const char *const l3_keys[] = {
	"vlanSubnet", "vlanId", "addressPrefix", "ipAddresses", "peerIPAddresses", "bgpIPAddress", NULL
};
static const char *const route_keys[] = { "destinationPrefix", "nextHop", "metric", "protocol", NULL };
static const char *const peer_keys[] = { "peerIpAddress", "asNumber", NULL };

static const char *const conn_type_names[] = { "IPSec", "IKEv2", "GRE", "L3", "Forwarding", NULL };
static const int conn_type_values[] = { RASGW_CONN_IKEV2, RASGW_CONN_IKEV2, RASGW_CONN_GRE,
					RASGW_CONN_L3, RASGW_CONN_L3 };
static const char *const policy_names[] = { "best", "affinity", "worst", NULL };
static const int policy_values[] = { RASGW_FIT_BEST, RASGW_FIT_AFFINITY, RASGW_FIT_WORST };

static int nested(rd *r, const ynode *map, const char *key, bool required,
		  const char *const *keys, const ynode **out)
{
	const ynode *v = present(map, key);
	*out = NULL;
	if (!v)
		return required ? fail(r, map, NULL, "missing required key '%s'", key) : 0;
	if (expect_kind(r, v, key, YN_MAP) < 0 || check_keys(r, v, keys) < 0)
		return -1;
	*out = v;
	return 0;
}

static int one_addr(rd *r, const ynode *map, const char *key, const char **out)
{
	const char **a;
	size_t n;
	if (get_str_list(r, map, key, true, &a, &n) < 0)
		return -1;
	if (n != 1) {
		free(a);
		return fail(r, ymap_get(map, key), key, "needs exactly one address, got %zu", n);
	}
	*out = a[0];
	free(a);
	return 0;
}

static int find_subnet(rd *r, const sim_scenario *s, const ynode *at, const char *ref,
		       const sim_subnet **out)
{
	const char *slash = strchr(ref, '/');
	size_t nlen = slash ? (size_t)(slash - ref) : strlen(ref);
	size_t found = 0;

	for (size_t i = 0; i < s->subnet_count; i++) {
		const sim_subnet *sn = &s->subnets[i];
		if (strlen(sn->net) != nlen || memcmp(sn->net, ref, nlen))
			continue;
		if (slash ? sn->id && !strcmp(sn->id, slash + 1) : true) {
			*out = sn;
			found++;
		}
	}
	if (found == 1)
		return 0;
	if (found > 1)
		return fail(r, at, "vlanSubnet", "logical network '%s' has %zu subnets: write '%s/<subnet id>'",
			    ref, found, ref);
	return fail(r, at, "vlanSubnet", "no logical network subnet '%s' in the topology", ref);
}

static int read_l3(rd *r, const sim_scenario *s, const ynode *n, rasgw_connection *c)
{
	const ynode *l3;
	const char *ref = NULL, *prefix = NULL;
	uint64_t vlan = 0;

	if (nested(r, n, "l3Configuration", true, l3_keys, &l3) < 0 ||
	    get_str(r, l3, "vlanSubnet", false, &ref) < 0 ||
	    get_u64(r, l3, "vlanId", !ref, 1, 4094, &vlan) < 0 ||
	    get_str(r, l3, "addressPrefix", !ref, &prefix) < 0 ||
	    one_addr(r, l3, "ipAddresses", &c->ca_ip) < 0 ||
	    one_addr(r, l3, "peerIPAddresses", &c->peer_ip) < 0 ||
	    get_str(r, l3, "bgpIPAddress", false, &c->bgp_ip) < 0)
		return -1;
	if (ref) {
		const sim_subnet *sn = NULL;
		if (prefix || vlan)
			return fail(r, ymap_get(l3, "vlanSubnet"), "vlanSubnet",
				    "give either vlanSubnet or vlanId and addressPrefix, not both");
		if (find_subnet(r, s, ymap_get(l3, "vlanSubnet"), ref, &sn) < 0)
			return -1;
		c->vlan = sn->vlan;
		c->vlan_subnet = sn->prefix;
	} else {
		c->vlan = (uint16_t)vlan;
		c->vlan_subnet = prefix;
	}
	return 0;
}

static int read_routing(rd *r, const ynode *n, sim_event *e)
{
	rasgw_connection *c = &e->conn;
	const ynode *routes = present(n, "routes"), *peers = present(n, "bgpPeers");
	const ynode *lp = present(n, "learnedPrefixes");
	size_t nroutes, nlearned;

	if ((routes && expect_kind(r, routes, "routes", YN_SEQ) < 0) ||
	    (peers && expect_kind(r, peers, "bgpPeers", YN_SEQ) < 0) ||
	    (lp && expect_kind(r, lp, "learnedPrefixes", YN_SEQ) < 0))
		return -1;
	nroutes = routes ? routes->count : 0;
	nlearned = lp ? lp->count : 0;
	e->statics = calloc(nroutes + 1, sizeof(*e->statics));
	e->learned = calloc(nroutes + nlearned + 1, sizeof(*e->learned));
	if (!e->statics || !e->learned)
		return fail(r, n, NULL, "out of memory");
	for (size_t i = 0; i < nroutes; i++) {
		static const char *const protos[] = { "Static", "Bgp", NULL };
		static const int proto_values[] = { RASGW_ROUTING_STATIC, RASGW_ROUTING_BGP };
		const ynode *rt = routes->items[i];
		const char *dest = NULL, *hop = NULL;
		uint64_t metric = 0;
		int proto = RASGW_ROUTING_STATIC;
		if (expect_kind(r, rt, "routes", YN_MAP) < 0 || check_keys(r, rt, route_keys) < 0 ||
		    get_str(r, rt, "destinationPrefix", true, &dest) < 0 ||
		    get_str(r, rt, "nextHop", false, &hop) < 0 ||
		    get_u64(r, rt, "metric", false, 0, UINT32_MAX, &metric) < 0 ||
		    get_enum(r, rt, "protocol", false, protos, proto_values, "Static, Bgp", &proto) < 0)
			return -1;
		if (proto == RASGW_ROUTING_BGP)
			e->learned[c->learned_prefix_count++] = dest;
		else
			e->statics[c->static_prefix_count++] = dest;
	}
	for (size_t i = 0; i < nlearned; i++) {
		if (lp->items[i]->kind != YN_SCALAR || !lp->items[i]->text[0])
			return fail(r, lp->items[i], "learnedPrefixes", "expected a prefix");
		e->learned[c->learned_prefix_count++] = lp->items[i]->text;
	}
	c->static_prefixes = e->statics;
	c->learned_prefixes = e->learned;
	if (!peers || !peers->count)
		return 0;
	if (peers->count > 1)
		return fail(r, peers->items[1], "bgpPeers", "one BGP peer per connection is supported");
	const ynode *p = peers->items[0];
	if (expect_kind(r, p, "bgpPeers", YN_MAP) < 0 || check_keys(r, p, peer_keys) < 0 ||
	    get_str(r, p, "peerIpAddress", true, &c->peer_bgp_ip) < 0 ||
	    get_asn(r, p, "asNumber", true, &c->peer_asn) < 0)
		return -1;
	c->routing = RASGW_ROUTING_BGP;
	return 0;
}

static int read_connection(rd *r, const sim_scenario *s, const ynode *n, sim_event *e)
{
	rasgw_connection *c = &e->conn;
	int type = 0, policy = RASGW_FIT_BEST;
	uint64_t key = 0;
	const ynode *gre;

	e->place = (rasgw_place_options)RASGW_PLACE_OPTIONS_INIT;
	if (expect_kind(r, n, NULL, YN_MAP) < 0 || check_keys(r, n, conn_keys) < 0 ||
	    get_str(r, n, "id", true, &c->id) < 0 ||
	    get_str(r, n, "tenant", true, &c->tenant_id) < 0 ||
	    get_enum(r, n, "connectionType", true, conn_type_names, conn_type_values,
		     "IPSec, GRE, L3", &type) < 0 ||
	    get_u64(r, n, "inboundKiloBitsPerSecond", true, 0, KBPS_MAX, &c->inbound_kbps) < 0 ||
	    get_u64(r, n, "outboundKiloBitsPerSecond", true, 0, KBPS_MAX, &c->outbound_kbps) < 0 ||
	    get_enum(r, n, "policy", false, policy_names, policy_values, "best, affinity, worst",
		     &policy) < 0 ||
	    get_str(r, n, "gateway", false, &c->gateway_id) < 0)
		return -1;
	e->id = c->id;
	c->type = (rasgw_conn_type)type;
	e->has_policy = present(n, "policy") != NULL;
	e->place.policy = (rasgw_fit_policy)policy;
	static const struct {
		const char *key;
		rasgw_conn_type type;
	} only[] = {
		{ "sourceIPAddress", RASGW_CONN_IKEV2 },
		{ "destinationIPAddress", RASGW_CONN_IKEV2 },
		{ "greConfiguration", RASGW_CONN_GRE },
		{ "l3Configuration", RASGW_CONN_L3 },
	};
	for (size_t i = 0; i < sizeof(only) / sizeof(only[0]); i++)
		if (present(n, only[i].key) && only[i].type != c->type)
			return fail(r, ymap_get(n, only[i].key), only[i].key,
				    "applies to %s connections only", rasgw_conn_type_name(only[i].type));
	switch (c->type) {
	case RASGW_CONN_IKEV2:
		if (get_str(r, n, "sourceIPAddress", true, &c->source_ip) < 0 ||
		    get_str(r, n, "destinationIPAddress", false, &c->destination_ip) < 0)
			return -1;
		break;
	case RASGW_CONN_GRE:
		if (nested(r, n, "greConfiguration", true, gre_keys, &gre) < 0 ||
		    get_u64(r, gre, "greKey", false, 0, UINT32_MAX, &key) < 0 ||
		    get_str(r, gre, "remoteEndpoint", true, &c->remote_endpoint) < 0)
			return -1;
		c->gre_key = (uint32_t)key;
		break;
	case RASGW_CONN_L3:
		if (read_l3(r, s, n, c) < 0)
			return -1;
		break;
	}
	return read_routing(r, n, e);
}

/* ---------------------------------------------------- gateways and pools */

static const char *const gw_keys[] = { "id", "pool", "virtualServer", "dip", "greVip", "state", NULL };
static const char *const role_names[] = { "Active", "Redundant", "Standby", "Failed", "Draining", NULL };
static const int role_values[] = { RASGW_GATEWAY_ACTIVE, RASGW_GATEWAY_STANDBY, RASGW_GATEWAY_STANDBY,
				   RASGW_GATEWAY_FAILED, RASGW_GATEWAY_DRAINING };

/* `in_pool`: an item of poolAdd's `gateways`, whose pool is implied. */
static int read_gateway(rd *r, const ynode *n, rasgw_gateway *g, bool in_pool)
{
	int role = RASGW_GATEWAY_STANDBY;

	if (expect_kind(r, n, NULL, YN_MAP) < 0 || check_keys(r, n, gw_keys) < 0 ||
	    get_str(r, n, "id", true, &g->id) < 0 ||
	    get_str(r, n, "pool", !in_pool, &g->pool_id) < 0 ||
	    get_str(r, n, "virtualServer", true, &g->host_id) < 0 ||
	    get_str(r, n, "dip", true, &g->dip) < 0 ||
	    get_str(r, n, "greVip", false, &g->gre_vip) < 0 ||
	    get_enum(r, n, "state", false, role_names, role_values,
		     "Active, Redundant, Failed, Draining", &role) < 0)
		return -1;
	g->role = (rasgw_gateway_role)role;
	return 0;
}

static const char *const pool_keys[] = {
	"id", "type", "redundantGatewayCount", "gatewayCapacityKiloBitsPerSecond",
	"ipConfiguration", "typeMaxKiloBitsPerSecond", "tenants", "reseller", "gateways", NULL
};
static const char *const ipconf_keys[] = { "publicIPAddresses", "greVipSubnets", NULL };
static const char *const tmax_keys[] = { "IPSec", "GRE", "L3", NULL };
static const char *const pool_type_names[] = {
	"All", "S2sIpSec", "IKEv2", "S2sGre", "GRE", "Forwarding", "L3", NULL
};
static const int pool_type_values[] = {
	RASGW_POOL_ALL, RASGW_POOL_IKEV2, RASGW_POOL_IKEV2, RASGW_POOL_GRE, RASGW_POOL_GRE,
	RASGW_POOL_L3, RASGW_POOL_L3
};

static int read_pool(rd *r, const ynode *n, sim_event *e)
{
	rasgw_pool *p = &e->pool;
	const ynode *ipc, *tm;
	int type = 0;

	if (expect_kind(r, n, NULL, YN_MAP) < 0 || check_keys(r, n, pool_keys) < 0 ||
	    get_str(r, n, "id", true, &p->id) < 0 ||
	    get_enum(r, n, "type", true, pool_type_names, pool_type_values,
		     "All, S2sIpSec, S2sGre, Forwarding", &type) < 0 ||
	    get_u32(r, n, "redundantGatewayCount", true, 0, &p->redundant_count) < 0 ||
	    get_u64(r, n, "gatewayCapacityKiloBitsPerSecond", true, 1, KBPS_MAX,
		    &p->capacity_kbps) < 0 ||
	    get_str_list(r, n, "tenants", false, &e->pool_tenants, &p->tenant_count) < 0 ||
	    get_str(r, n, "reseller", false, &p->reseller) < 0 ||
	    nested(r, n, "ipConfiguration", false, ipconf_keys, &ipc) < 0 ||
	    nested(r, n, "typeMaxKiloBitsPerSecond", false, tmax_keys, &tm) < 0)
		return -1;
	if (ipc && (get_str_list(r, ipc, "publicIPAddresses", false, &e->pool_ips,
				 &p->public_ip_count) < 0 ||
		    get_str_list(r, ipc, "greVipSubnets", false, &e->pool_vips,
				 &p->gre_vip_subnet_count) < 0))
		return -1;
	if (tm && (get_u64(r, tm, "IPSec", false, 1, KBPS_MAX, &p->type_max_kbps[RASGW_CONN_IKEV2]) < 0 ||
		   get_u64(r, tm, "GRE", false, 1, KBPS_MAX, &p->type_max_kbps[RASGW_CONN_GRE]) < 0 ||
		   get_u64(r, tm, "L3", false, 1, KBPS_MAX, &p->type_max_kbps[RASGW_CONN_L3]) < 0))
		return -1;
	const ynode *gws = present(n, "gateways");
	if (gws) {
		if (expect_kind(r, gws, "gateways", YN_SEQ) < 0)
			return -1;
		e->pool_gateways = calloc(gws->count ? gws->count : 1, sizeof(*e->pool_gateways));
		if (!e->pool_gateways)
			return fail(r, gws, NULL, "out of memory");
		for (size_t i = 0; i < gws->count; i++) {
			if (read_gateway(r, gws->items[i], &e->pool_gateways[i], true) < 0)
				return -1;
			e->pool_gateways[i].pool_id = p->id;
		}
		e->pool_gateway_count = gws->count;
	}
	p->type = (rasgw_pool_type)type;
	p->public_ips = e->pool_ips;
	p->gre_vip_subnets = e->pool_vips;
	p->tenants = e->pool_tenants;
	e->id = p->id;
	return 0;
}

/* ------------------------------------------------------------------ probes */

static const char *const probe_keys[] = { "kind", "id", "ok", NULL };
static const char *const probe_kind_names[] = { "vm", "service", "host", NULL };
static const int probe_kind_values[] = { RASGW_PROBE_GATEWAY_VM, RASGW_PROBE_GATEWAY_SERVICE,
					 RASGW_PROBE_HOST };
static const char *const round_keys[] = { "hostsDown", "vmsDown", "servicesDown", "repeat", "every", NULL };

static int read_probe(rd *r, const ynode *n, sim_event *e)
{
	int kind = 0;
	if (expect_kind(r, n, NULL, YN_MAP) < 0 || check_keys(r, n, probe_keys) < 0 ||
	    get_enum(r, n, "kind", true, probe_kind_names, probe_kind_values, "vm, service, host",
		     &kind) < 0 ||
	    get_str(r, n, "id", true, &e->id) < 0 || get_bool(r, n, "ok", true, &e->probe_ok) < 0)
		return -1;
	e->probe_kind = (rasgw_probe_kind)kind;
	return 0;
}

static int read_round(rd *r, const ynode *n, sim_event *e)
{
	sim_probe_round *pr = &e->round;

	pr->repeat = 1;
	if (!n || ynode_is_null(n))
		return 0;
	if (expect_kind(r, n, NULL, YN_MAP) < 0 || check_keys(r, n, round_keys) < 0 ||
	    get_str_list(r, n, "hostsDown", false, &pr->hosts_down, &pr->hosts_down_count) < 0 ||
	    get_str_list(r, n, "vmsDown", false, &pr->vms_down, &pr->vms_down_count) < 0 ||
	    get_str_list(r, n, "servicesDown", false, &pr->services_down,
			 &pr->services_down_count) < 0 ||
	    get_u32(r, n, "repeat", false, 1, &pr->repeat) < 0 ||
	    get_u64(r, n, "every", false, 1, UINT32_MAX, &pr->every) < 0)
		return -1;
	if (pr->repeat > 100000)
		return fail(r, ymap_get(n, "repeat"), "repeat", "at most 100000 rounds");
	return 0;
}

/* ------------------------------------------------------------ expectations */

const char *const sim_expect_keys[] = {
	"op", "order", "placement", "health", "healthEvents", "plans", "issues", "issue", "error",
	"connection", "gateway", "tenant", "pool", "host", NULL
};

/* Keys allowed beside each primary key (the primary is the first of sim_expect_keys present). */
static const char *const *expect_allowed(const char *primary)
{
	static const char *const op[] = {
		"op", "count", "target", "phase", "tenant", "connection", "gateway", "oldGateway",
		"dip", "oldDip", "publicIp", "sourceIp", "prefix", "address", "vlan", "peerIp", NULL
	};
	static const char *const order[] = { "order", NULL };
	static const char *const placement[] = {
		"placement", "gateway", "pool", "oldGateway", "tunnelDestination", "publicIp", NULL
	};
	static const char *const health[] = { "health", "id", NULL };
	static const char *const health_events[] = { "healthEvents", NULL };
	static const char *const plans[] = { "plans", NULL };
	static const char *const issues[] = { "issues", NULL };
	static const char *const issue[] = { "issue", "code", NULL };
	static const char *const error[] = { "error", NULL };
	static const char *const conn[] = { "connection", "gateway", "pool", "exists",
					    "learnedPrefixes", NULL };
	static const char *const gw[] = { "gateway", "role", "connections", "usedKbps",
					  "routeReflectors", "host", "greVip", "exists", NULL };
	static const char *const tenant[] = { "tenant", "routeReflector", "connections", NULL };
	static const char *const pool[] = { "pool", "active", "standby", "failed", "gateways",
					    "usedKbps", "freeKbps", "exists", NULL };
	static const char *const host[] = { "host", "failed", NULL };
	static const struct {
		const char *key;
		const char *const *allowed;
	} table[] = {
		{ "op", op }, { "order", order }, { "placement", placement }, { "health", health },
		{ "healthEvents", health_events }, { "plans", plans }, { "issues", issues },
		{ "issue", issue }, { "error", error }, { "connection", conn }, { "gateway", gw },
		{ "tenant", tenant }, { "pool", pool }, { "host", host },
	};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (!strcmp(table[i].key, primary))
			return table[i].allowed;
	return NULL;
}

static bool is_op_kind(const char *s)
{
	for (int k = 0; k < RASGW_OP_KIND_COUNT; k++)
		if (!strcmp(s, rasgw_op_kind_name((rasgw_op_kind)k)))
			return true;
	return false;
}

/* Names that must be spelled as the library spells them: a typo is an input error. */
static int check_expect_values(rd *r, const ynode *n)
{
	const ynode *v;

	if ((v = ymap_get(n, "op")) && (v->kind != YN_SCALAR || !is_op_kind(v->text)))
		return fail(r, v, "op", "'%s' is not an operation kind (slb.nat.add, host.route.install, "
			    "gateway.promote ...)", v->kind == YN_SCALAR ? v->text : "?");
	if ((v = ymap_get(n, "order"))) {
		if (v->kind != YN_SEQ || v->count < 2)
			return fail(r, v, "order", "expected a list of at least two operation kinds");
		for (size_t i = 0; i < v->count; i++)
			if (v->items[i]->kind != YN_SCALAR || !is_op_kind(v->items[i]->text))
				return fail(r, v->items[i], "order", "'%s' is not an operation kind",
					    v->items[i]->kind == YN_SCALAR ? v->items[i]->text : "?");
	}
	if ((v = ymap_get(n, "phase"))) {
		bool ok = false;
		for (int p = 1; p <= RASGW_PHASE_MAX && v->kind == YN_SCALAR; p++)
			ok |= !strcmp(v->text, rasgw_phase_name((rasgw_phase)p));
		if (!ok)
			return fail(r, v, "phase", "not a phase (withdraw-routes, remove-policies, configure, "
				    "repoint-slb, repeer, install-routes, cleanup)");
	}
	if ((v = ymap_get(n, "health")) && ymap_get(n, "op") == NULL) {
		bool ok = false;
		for (int k = RASGW_HEALTH_HOST_FAILED; k <= RASGW_HEALTH_GATEWAY_RECOVERED && v->kind == YN_SCALAR; k++)
			ok |= !strcmp(v->text, rasgw_health_event_name((rasgw_health_event_kind)k));
		if (!ok)
			return fail(r, v, "health", "not a health event (host-failed, gateway-vm-failed, "
				    "gateway-service-failed, host-recovered, gateway-recovered)");
	}
	if ((v = ymap_get(n, "role"))) {
		bool ok = false;
		for (size_t i = 0; role_names[i] && v->kind == YN_SCALAR; i++)
			ok |= !strcasecmp(v->text, role_names[i]);
		if (!ok)
			return fail(r, v, "role", "not a role (Active, Redundant, Failed, Draining)");
	}
	const char *codes[] = { "error", "code" };
	for (size_t i = 0; i < 2; i++) {
		if (!(v = ymap_get(n, codes[i])) || ynode_is_null(v))
			continue;
		static const char *const names[] = {
			"none", "EINVAL", "ENOMEM", "EPARSE", "EVALIDATE", "ENOTFOUND", "EEXISTS",
			"ENOCAPACITY", "ESTALE", "EVERSION", "EIO", "EBACKEND", "ESTATE", "ELIMIT", "EUSER", NULL
		};
		bool ok = false;
		const char *t = v->kind == YN_SCALAR ? v->text : "";
		if (!strncasecmp(t, "RASGW_", 6))
			t += 6;
		for (size_t k = 0; names[k]; k++)
			ok |= !strcasecmp(t, names[k]);
		if (!ok)
			return fail(r, v, codes[i], "not a status name (ENOCAPACITY, EVALIDATE, ESTATE ...)");
	}
	return 0;
}

static int read_expect_one(rd *r, const ynode *n, sim_expect *out)
{
	const char *primary = NULL;

	if (expect_kind(r, n, "expect", YN_MAP) < 0)
		return -1;
	for (size_t i = 0; sim_expect_keys[i] && !primary; i++)
		if (ymap_get(n, sim_expect_keys[i]))
			primary = sim_expect_keys[i];
	if (!primary)
		return fail(r, n, "expect", "an expectation needs one of: op, order, placement, health, "
			    "healthEvents, plans, issues, issue, error, connection, gateway, tenant, "
			    "pool, host");
	if (check_keys(r, n, expect_allowed(primary)) < 0 || check_expect_values(r, n) < 0)
		return -1;
	out->node = n;
	out->line = n->line;
	return 0;
}

static int read_expects(rd *r, const ynode *v, sim_event *e)
{
	size_t n = v->kind == YN_SEQ ? v->count : 1;

	if (v->kind == YN_SCALAR)
		return fail(r, v, "expect", "expected a mapping or a list of mappings");
	e->expects = calloc(n ? n : 1, sizeof(*e->expects));
	if (!e->expects)
		return fail(r, v, "expect", "out of memory");
	for (size_t i = 0; i < n; i++)
		if (read_expect_one(r, v->kind == YN_SEQ ? v->items[i] : v, &e->expects[i]) < 0)
			return -1;
	e->expect_count = n;
	return 0;
}

/* ------------------------------------------------------------------ events */

static const struct {
	const char *name;
	sim_event_kind kind;
} event_names[] = {
	{ "connectionAdd", EV_CONNECTION_ADD },
	{ "connectionRemove", EV_CONNECTION_REMOVE },
	{ "connectionPlace", EV_CONNECTION_PLACE },
	{ "routesLearned", EV_ROUTES_LEARNED },
	{ "probe", EV_PROBE },
	{ "probeRound", EV_PROBE_ROUND },
	{ "tick", EV_TICK },
	{ "gatewayFailure", EV_GATEWAY_FAILURE },
	{ "hostFailure", EV_HOST_FAILURE },
	{ "gatewayRecovery", EV_GATEWAY_RECOVERY },
	{ "hostRecovery", EV_HOST_RECOVERY },
	{ "gatewayAdd", EV_GATEWAY_ADD },
	{ "gatewayDrain", EV_GATEWAY_DRAIN },
	{ "gatewayRemove", EV_GATEWAY_REMOVE },
	{ "poolAdd", EV_POOL_ADD },
	{ "poolRemove", EV_POOL_REMOVE },
	{ "failback", EV_FAILBACK },
	{ "rebalance", EV_REBALANCE },
};
#define EVENT_NAME_COUNT (sizeof(event_names) / sizeof(event_names[0]))

/* An event whose argument is just an id: `gatewayDrain: gw3` (or `{id: gw3}`). */
static int read_id(rd *r, const ynode *v, const char *key, bool optional, sim_event *e)
{
	static const char *const id_keys[] = { "id", NULL };

	if (!v || ynode_is_null(v)) {
		if (optional)
			return 0;
		return fail(r, v, key, "needs an id");
	}
	if (v->kind == YN_MAP)
		return check_keys(r, v, id_keys) < 0 ? -1 : get_str(r, v, "id", !optional, &e->id);
	if (v->kind != YN_SCALAR || !v->text[0])
		return fail(r, v, key, "expected an id");
	e->id = v->text;
	return 0;
}

static int read_event(rd *r, const sim_scenario *s, const ynode *n, size_t index, sim_event *e)
{
	const ynode *kind_key = NULL, *v, *exp;
	uint64_t at = 0;

	snprintf(r->what, sizeof(r->what), "event #%zu", index + 1);
	if (expect_kind(r, n, NULL, YN_MAP) < 0)
		return -1;
	for (size_t i = 0; i < n->count; i++) {
		const ynode *k = n->items[2 * i];
		if (!strcmp(k->text, "at") || !strcmp(k->text, "expect") || !strcmp(k->text, "note"))
			continue;
		size_t j;
		for (j = 0; j < EVENT_NAME_COUNT; j++)
			if (!strcmp(k->text, event_names[j].name))
				break;
		if (j == EVENT_NAME_COUNT)
			return fail(r, k, NULL, "unknown key '%s' (an event has `at`, `note`, `expect` "
				    "and one kind: connectionAdd, connectionRemove, connectionPlace, routesLearned, "
				    "probe, probeRound, tick, gatewayFailure, hostFailure, "
				    "gatewayRecovery, hostRecovery, gatewayAdd, gatewayDrain, "
				    "gatewayRemove, poolAdd, poolRemove, failback, rebalance)", k->text);
		if (kind_key)
			return fail(r, k, NULL, "one kind per event: '%s' and '%s' (line %u)", k->text,
				    kind_key->text, kind_key->line);
		kind_key = k;
		e->kind = event_names[j].kind;
		e->name = event_names[j].name;
	}
	if (get_u64(r, n, "at", true, 0, TIME_MAX, &at) < 0 ||
	    get_str(r, n, "note", false, &e->note) < 0)
		return -1;
	e->at = at;
	e->line = n->line;
	e->column = n->column;
	if (!kind_key) {
		e->kind = EV_NONE;
		e->name = "expect";
		if (!present(n, "expect"))
			return fail(r, n, NULL, "an event needs a kind or an `expect`");
	} else {
		snprintf(r->what, sizeof(r->what), "event #%zu (%s)", index + 1, e->name);
	}
	v = ymap_get(n, kind_key ? kind_key->text : "");
	switch (e->kind) {
	case EV_CONNECTION_ADD:
		if (read_connection(r, s, v, e) < 0)
			return -1;
		break;
	case EV_ROUTES_LEARNED: {
		static const char *const keys[] = { "connection", "prefixes", NULL };
		const ynode *pl;
		if (expect_kind(r, v, NULL, YN_MAP) < 0 || check_keys(r, v, keys) < 0 ||
		    get_str(r, v, "connection", true, &e->id) < 0)
			return -1;
		pl = ymap_get(v, "prefixes");
		if (!pl)
			return fail(r, v, NULL, "missing required key 'prefixes' (use [] for none)");
		if (!ynode_is_null(pl) && get_str_list(r, v, "prefixes", false, &e->prefixes,
						       &e->prefix_count) < 0)
			return -1;
		break;
	}
	case EV_PROBE:
		if (read_probe(r, v, e) < 0)
			return -1;
		break;
	case EV_PROBE_ROUND:
		if (read_round(r, v, e) < 0)
			return -1;
		break;
	case EV_TICK:
		if (v && !ynode_is_null(v) && !(v->kind == YN_MAP && v->count == 0))
			return fail(r, v, "tick", "takes no argument (write `tick: {}`)");
		break;
	case EV_GATEWAY_FAILURE:
		e->cause = CAUSE_VM;
		if (v && v->kind == YN_MAP) {
			static const char *const keys[] = { "id", "cause", NULL };
			static const char *const names[] = { "vm", "service", "host", NULL };
			static const int values[] = { CAUSE_VM, CAUSE_SERVICE, CAUSE_HOST };
			int cause = CAUSE_VM;
			if (check_keys(r, v, keys) < 0 || get_str(r, v, "id", true, &e->id) < 0 ||
			    get_enum(r, v, "cause", false, names, values, "vm, service, host", &cause) < 0)
				return -1;
			e->cause = (sim_cause)cause;
		} else if (read_id(r, v, "gatewayFailure", false, e) < 0) {
			return -1;
		}
		break;
	case EV_CONNECTION_PLACE:
		e->place = (rasgw_place_options)RASGW_PLACE_OPTIONS_INIT;
		if (v && v->kind == YN_MAP) {
			static const char *const keys[] = { "id", "policy", NULL };
			int policy = RASGW_FIT_BEST;
			if (check_keys(r, v, keys) < 0 || get_str(r, v, "id", true, &e->id) < 0 ||
			    get_enum(r, v, "policy", false, policy_names, policy_values,
				     "best, affinity, worst", &policy) < 0)
				return -1;
			e->place.policy = (rasgw_fit_policy)policy;
		} else if (read_id(r, v, e->name, false, e) < 0) {
			return -1;
		}
		break;
	case EV_CONNECTION_REMOVE:
	case EV_HOST_FAILURE:
	case EV_GATEWAY_RECOVERY:
	case EV_HOST_RECOVERY:
	case EV_GATEWAY_DRAIN:
	case EV_GATEWAY_REMOVE:
	case EV_POOL_REMOVE:
		if (read_id(r, v, e->name, false, e) < 0)
			return -1;
		break;
	case EV_REBALANCE: /* no pool: every pool, in id order */
		if (read_id(r, v, e->name, true, e) < 0)
			return -1;
		break;
	case EV_FAILBACK: {
		static const char *const keys[] = { "gateway", "from", NULL };
		if (expect_kind(r, v, NULL, YN_MAP) < 0 || check_keys(r, v, keys) < 0 ||
		    get_str(r, v, "gateway", true, &e->id) < 0 ||
		    get_str(r, v, "from", true, &e->from) < 0)
			return -1;
		break;
	}
	case EV_GATEWAY_ADD:
		if (read_gateway(r, v, &e->gateway, false) < 0)
			return -1;
		e->id = e->gateway.id;
		break;
	case EV_POOL_ADD:
		if (read_pool(r, v, e) < 0)
			return -1;
		break;
	case EV_NONE:
		break;
	}
	if ((exp = present(n, "expect")) && read_expects(r, exp, e) < 0)
		return -1;
	return 0;
}

/* ----------------------------------------------------------------- driver */

/* The logical networks of the topology, for vlanSubnet references. */
static int read_subnets(rd *r, sim_scenario *s)
{
	const ynode *lns = present(s->topo.root, "logicalNetworks");
	size_t total = 0;

	if (!lns || lns->kind != YN_SEQ)
		return 0; /* the library's loader reports a malformed topology */
	for (size_t i = 0; i < lns->count; i++) {
		const ynode *subs = ymap_get(lns->items[i], "subnets");
		if (subs && subs->kind == YN_SEQ)
			total += subs->count;
	}
	s->subnets = calloc(total ? total : 1, sizeof(*s->subnets));
	if (!s->subnets)
		return fail(r, lns, NULL, "out of memory");
	for (size_t i = 0; i < lns->count; i++) {
		const ynode *ln = lns->items[i], *subs = ymap_get(ln, "subnets");
		const ynode *id = ymap_get(ln, "id");
		if (!subs || subs->kind != YN_SEQ || !id || id->kind != YN_SCALAR)
			continue;
		for (size_t j = 0; j < subs->count; j++) {
			const ynode *sn = subs->items[j];
			const ynode *pfx = ymap_get(sn, "addressPrefix"), *vl = ymap_get(sn, "vlanId");
			const ynode *sid = ymap_get(sn, "id");
			uint64_t vlan = 0;
			if (!pfx || pfx->kind != YN_SCALAR || !vl ||
			    scalar_u64(r, vl, "vlanId", 1, 4094, &vlan) < 0)
				continue;
			s->subnets[s->subnet_count++] = (sim_subnet){
				id->text, sid && sid->kind == YN_SCALAR ? sid->text : NULL, pfx->text,
				(uint16_t)vlan
			};
		}
	}
	r->err[0] = '\0';
	return 0;
}

static char *resolve(const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/');
	size_t dir = rel[0] == '/' || !slash ? 0 : (size_t)(slash - base) + 1;
	char *p = malloc(dir + strlen(rel) + 1);

	if (p) {
		memcpy(p, base, dir);
		strcpy(p + dir, rel);
	}
	return p;
}

static const char *const top_keys[] = {
	"version", "description", "topology", "health", "failover", "events", NULL
};
static const char *const failover_keys[] = { "policy", "preferOtherRack", NULL };
static const char *const health_keys[] = {
	"probeIntervalMs", "failAfter", "recoverAfter", "holdDownMs", NULL
};

int scenario_load(sim_scenario *s, const char *path, char *err, size_t errlen)
{
	rd r = { path, "", err, errlen };
	const ynode *root, *h, *evs;
	const char *topo = NULL;
	uint64_t version = 1, last = 0;

	memset(s, 0, sizeof(*s));
	s->path = path;
	s->health = (rasgw_health_options)RASGW_HEALTH_OPTIONS_INIT;
	s->failover = (rasgw_failover_options)RASGW_FAILOVER_OPTIONS_INIT;
	if (ydoc_load(&s->doc, path, err, errlen) < 0)
		return -1;
	root = s->doc.root;
	if (!root)
		return fail(&r, NULL, NULL, "the scenario is empty (expected a mapping)");
	if (expect_kind(&r, root, "scenario", YN_MAP) < 0 || check_keys(&r, root, top_keys) < 0 ||
	    get_u64(&r, root, "version", false, 1, 1, &version) < 0 ||
	    get_str(&r, root, "description", false, &s->title) < 0 ||
	    get_str(&r, root, "topology", true, &topo) < 0)
		return -1;
	if ((h = present(root, "health"))) {
		if (expect_kind(&r, h, "health", YN_MAP) < 0 || check_keys(&r, h, health_keys) < 0)
			return -1;
		snprintf(r.what, sizeof(r.what), "health");
		if (get_u32(&r, h, "probeIntervalMs", false, 1, &s->health.probe_interval_ms) < 0 ||
		    get_u32(&r, h, "failAfter", false, 1, &s->health.fail_after) < 0 ||
		    get_u32(&r, h, "recoverAfter", false, 1, &s->health.recover_after) < 0 ||
		    get_u32(&r, h, "holdDownMs", false, 0, &s->health.hold_down_ms) < 0)
			return -1;
		r.what[0] = '\0';
	}
	if ((h = present(root, "failover"))) {
		int policy = RASGW_FIT_BEST;
		if (expect_kind(&r, h, "failover", YN_MAP) < 0 || check_keys(&r, h, failover_keys) < 0)
			return -1;
		snprintf(r.what, sizeof(r.what), "failover");
		if (get_enum(&r, h, "policy", false, policy_names, policy_values,
			     "best, affinity, worst", &policy) < 0 ||
		    get_bool(&r, h, "preferOtherRack", false, &s->failover.prefer_other_rack) < 0)
			return -1;
		s->failover.policy = (rasgw_fit_policy)policy;
		r.what[0] = '\0';
	}
	if (!(s->topology = resolve(path, topo)))
		return fail(&r, root, NULL, "out of memory");
	if (ydoc_load(&s->topo, s->topology, err, errlen) < 0) {
		char inner[768];
		snprintf(inner, sizeof(inner), "%s", err);
		snprintf(err, errlen, "%s: topology: %s", path, inner);
		return -1;
	}
	r.file = s->topology;
	if (read_subnets(&r, s) < 0)
		return -1;
	r.file = path;
	evs = present(root, "events");
	if (!evs)
		return fail(&r, root, NULL, "missing required key 'events'");
	if (expect_kind(&r, evs, "events", YN_SEQ) < 0)
		return -1;
	s->events = calloc(evs->count ? evs->count : 1, sizeof(*s->events));
	if (!s->events)
		return fail(&r, evs, NULL, "out of memory");
	for (size_t i = 0; i < evs->count; i++) {
		sim_event *e = &s->events[i];
		s->event_count = i + 1;
		if (read_event(&r, s, evs->items[i], i, e) < 0)
			return -1;
		if (e->at < last)
			return fail(&r, ymap_get(evs->items[i], "at"), "at",
				    "%llu ms is before the end of the previous event (%llu ms): events "
				    "are in time order", (unsigned long long)e->at,
				    (unsigned long long)last);
		e->end = e->at;
		if (e->kind == EV_PROBE_ROUND) {
			if (!e->round.every)
				e->round.every = s->health.probe_interval_ms;
			e->end = e->at + (uint64_t)(e->round.repeat - 1) * e->round.every;
		}
		last = e->end;
	}
	return 0;
}

void scenario_free(sim_scenario *s)
{
	for (size_t i = 0; i < s->event_count; i++) {
		sim_event *e = &s->events[i];
		free(e->statics);
		free(e->learned);
		free(e->prefixes);
		free(e->round.hosts_down);
		free(e->round.vms_down);
		free(e->round.services_down);
		free(e->pool_ips);
		free(e->pool_vips);
		free(e->pool_tenants);
		free(e->pool_gateways);
		free(e->expects);
	}
	free(s->events);
	free(s->subnets);
	free(s->topology);
	ydoc_free(&s->doc);
	ydoc_free(&s->topo);
	memset(s, 0, sizeof(*s));
}
