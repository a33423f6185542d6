/*
 * Reading a JSON state snapshot (doc/snapshot-format.md) into a new model.
 *
 * This file checks the shape of the document only: keys, types, integer
 * ranges. Every rule of the model (references, R1.2, R2.3, R6.1, R7.1,
 * placement ...) is checked by the builder the topology loader also uses
 * (rasgw__model_add_* then rasgw__model_validate), so a snapshot cannot be
 * valid where a topology is not. The stored fingerprint is compared last,
 * with the rebuilt model's (R8.4): it catches a snapshot corrupted or edited
 * by hand, not an attacker (anyone can recompute it).
 *
 * Strings in the specs are borrowed from the cJSON tree; the builder copies
 * what it keeps, so the tree is freed as soon as the model is built.
 */
#include "io/json_util.h"
#include "model/model_int.h"
#include "rasgw/snapshot.h"

#include <string.h>

#define WHAT "snapshot"
#define FORMAT_NAME "rasgw-state"
#define FORMAT_VERSION 1

int rasgw_snapshot_options_init(rasgw_snapshot_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_snapshot_options_init: NULL options");
	if (version != RASGW_SNAPSHOT_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_snapshot_options version %u is not %u",
				    version, RASGW_SNAPSHOT_OPTIONS_VERSION);
	*opts = (rasgw_snapshot_options)RASGW_SNAPSHOT_OPTIONS_INIT;
	return 0;
}

#define N_KEYS(keys) (sizeof(keys) / sizeof((keys)[0]))

/* Members of a sub-object `key` of the current entity, when it is present. */
static int sub_members(rasgw__jpath *p, const char *key, const cJSON *item,
		       const char *const *keys, size_t n, const cJSON **slots, bool *present)
{
	int rc = rasgw__json_get_object(p, key, item, false, present);
	if (rc < 0 || !*present)
		return rc;
	return rasgw__json_members(p, key, item, keys, n, slots);
}

/* A list of strings into a spec field (the array is the caller's to free). */
static int get_list(rasgw__jpath *p, const char *key, const cJSON *item,
		    const char *const **field, size_t *count)
{
	const char **v = NULL;
	int rc = rasgw__json_get_strings(p, key, item, false, &v, count);
	*field = v;
	return rc;
}

/*
 * Start reading an entity: the id first, so that every later message,
 * unknown keys included, names it; then all members by key. The id stays on
 * the path (the caller pops it).
 */
static int entity_begin(rasgw__jpath *p, const cJSON *item, const char *const *keys, size_t n,
			const cJSON **slots, const char **id)
{
	if (!cJSON_IsObject(item))
		return rasgw__jpath_error(p, RASGW_EPARSE, "expected an object, got %s",
					  rasgw__json_type_name(item));
	int rc = rasgw__json_get_string(p, "id", cJSON_GetObjectItemCaseSensitive(item, "id"), true,
					id);
	if (rc < 0)
		return rc;
	rasgw__jpath_push_id(p, *id);
	return rasgw__json_members(p, NULL, item, keys, n, slots);
}

/* ------------------------------------------------------------------ racks */

static int read_rack(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	static const char *const keys[] = { "id", "tor", "vlans" };
	static const char *const tor_keys[] = { "name", "asn", "peerIPAddress" };
	const cJSON *v[N_KEYS(keys)], *tv[N_KEYS(tor_keys)];
	rasgw_rack spec = { 0 };
	uint16_t *vlans = NULL;
	bool tor;
	size_t n;
	int rc;

	if ((rc = entity_begin(p, item, keys, N_KEYS(keys), v, &spec.id)) < 0)
		return rc;
	if ((rc = sub_members(p, "tor", v[1], tor_keys, N_KEYS(tor_keys), tv, &tor)) < 0)
		return rc;
	if (tor) {
		size_t mark = rasgw__jpath_push_key(p, "tor");
		if ((rc = rasgw__json_get_string(p, "name", tv[0], false, &spec.tor_name)) < 0 ||
		    (rc = rasgw__json_get_u32(p, "asn", tv[1], true, &spec.tor_asn)) < 0 ||
		    (rc = rasgw__json_get_string(p, "peerIPAddress", tv[2], false,
						 &spec.tor_peer_ip)) < 0)
			return rc;
		rasgw__jpath_pop(p, mark);
	}
	if ((rc = rasgw__json_get_array(p, "vlans", v[2], false, &n)) < 0)
		return rc;
	if (n) {
		if (!(vlans = rasgw__calloc(n, sizeof(*vlans))))
			return rasgw__error_nomem();
		size_t i = 0;
		for (const cJSON *c = v[2]->child; c; c = c->next, i++) {
			size_t mark = rasgw__jpath_push_key(p, "vlans");
			uint64_t vlan;
			rasgw__jpath_push_index(p, i);
			if ((rc = rasgw__json_get_uint(p, NULL, c, true, UINT16_MAX, &vlan)) < 0) {
				rasgw__free(vlans);
				return rc;
			}
			rasgw__jpath_pop(p, mark);
			vlans[i] = (uint16_t)vlan;
		}
		spec.vlans = vlans;
		spec.vlan_count = n;
	}
	rc = rasgw__model_add_rack(m, &spec, NULL);
	rasgw__free(vlans);
	return rc < 0 ? rasgw__jpath_wrap(p, rc, "rack", spec.id) : 0;
}

/* ------------------------------------------------------------------ hosts */

static int read_host(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	static const char *const keys[] = { "id", "rack", "address", "failed" };
	const cJSON *v[N_KEYS(keys)];
	rasgw_host spec = { 0 };
	int rc;

	if ((rc = entity_begin(p, item, keys, N_KEYS(keys), v, &spec.id)) < 0 ||
	    (rc = rasgw__json_get_string(p, "rack", v[1], true, &spec.rack_id)) < 0 ||
	    (rc = rasgw__json_get_string(p, "address", v[2], false, &spec.address)) < 0 ||
	    (rc = rasgw__json_get_bool(p, "failed", v[3], true, &spec.failed)) < 0)
		return rc;
	rc = rasgw__model_add_host(m, &spec, NULL);
	return rc < 0 ? rasgw__jpath_wrap(p, rc, "host", spec.id) : 0;
}

/* ------------------------------------------------------------------ pools */

static int read_pool_lists(rasgw__jpath *p, const cJSON *const *v, rasgw_pool *spec)
{
	static const char *const ip_keys[] = { "publicIPAddresses", "greVipSubnets" };
	static const char *const max_keys[] = { "IPSec", "GRE", "L3" };
	const cJSON *iv[N_KEYS(ip_keys)], *mv[N_KEYS(max_keys)];
	bool present;
	int rc;

	if ((rc = sub_members(p, "ipConfiguration", v[4], ip_keys, N_KEYS(ip_keys), iv,
			      &present)) < 0)
		return rc;
	if (present) {
		size_t mark = rasgw__jpath_push_key(p, "ipConfiguration");
		if ((rc = get_list(p, "publicIPAddresses", iv[0], &spec->public_ips,
				   &spec->public_ip_count)) < 0 ||
		    (rc = get_list(p, "greVipSubnets", iv[1], &spec->gre_vip_subnets,
				   &spec->gre_vip_subnet_count)) < 0)
			return rc;
		rasgw__jpath_pop(p, mark);
	}
	if ((rc = rasgw__json_get_object(p, "typeMaxKiloBitsPerSecond", v[5], true, &present)) < 0 ||
	    (rc = rasgw__json_members(p, "typeMaxKiloBitsPerSecond", v[5], max_keys,
				      N_KEYS(max_keys), mv)) < 0)
		return rc;
	size_t mark = rasgw__jpath_push_key(p, "typeMaxKiloBitsPerSecond");
	/* Keys are the connection type names, in rasgw_conn_type order. */
	for (int t = 0; t < RASGW_CONN_TYPE_COUNT; t++)
		if ((rc = rasgw__json_get_uint(p, max_keys[t], mv[t], true, RASGW__JSON_UINT_MAX,
					       &spec->type_max_kbps[t])) < 0)
			return rc;
	rasgw__jpath_pop(p, mark);
	return get_list(p, "tenants", v[6], &spec->tenants, &spec->tenant_count);
}

static int read_pool(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	static const char *const keys[] = {
		"id", "type", "redundantGatewayCount", "gatewayCapacityKiloBitsPerSecond",
		"ipConfiguration", "typeMaxKiloBitsPerSecond", "tenants", "reseller",
	};
	const cJSON *v[N_KEYS(keys)];
	rasgw_pool spec = { 0 };
	int type, rc;

	if ((rc = entity_begin(p, item, keys, N_KEYS(keys), v, &spec.id)) < 0 ||
	    (rc = rasgw__json_get_enum(p, "type", v[1], true, rasgw__pool_type_parse,
				       "All, S2sIpSec, S2sGre, Forwarding", &type)) < 0 ||
	    (rc = rasgw__json_get_u32(p, "redundantGatewayCount", v[2], true,
				      &spec.redundant_count)) < 0 ||
	    (rc = rasgw__json_get_uint(p, "gatewayCapacityKiloBitsPerSecond", v[3], true,
				       RASGW__JSON_UINT_MAX, &spec.capacity_kbps)) < 0 ||
	    (rc = rasgw__json_get_string(p, "reseller", v[7], false, &spec.reseller)) < 0)
		return rc;
	spec.type = (rasgw_pool_type)type;
	if ((rc = read_pool_lists(p, v, &spec)) == 0) {
		rc = rasgw__model_add_pool(m, &spec, NULL);
		if (rc < 0)
			rc = rasgw__jpath_wrap(p, rc, "pool", spec.id);
	}
	rasgw__free((void *)spec.public_ips);
	rasgw__free((void *)spec.gre_vip_subnets);
	rasgw__free((void *)spec.tenants);
	return rc;
}

/* --------------------------------------------------------------- gateways */

static int read_gateway(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	static const char *const keys[] = { "id", "pool", "virtualServer", "dip", "greVip", "state" };
	const cJSON *v[N_KEYS(keys)];
	rasgw_gateway spec = { 0 };
	int role, rc;

	if ((rc = entity_begin(p, item, keys, N_KEYS(keys), v, &spec.id)) < 0 ||
	    (rc = rasgw__json_get_string(p, "pool", v[1], true, &spec.pool_id)) < 0 ||
	    (rc = rasgw__json_get_string(p, "virtualServer", v[2], true, &spec.host_id)) < 0 ||
	    (rc = rasgw__json_get_string(p, "dip", v[3], false, &spec.dip)) < 0 ||
	    (rc = rasgw__json_get_string(p, "greVip", v[4], false, &spec.gre_vip)) < 0 ||
	    (rc = rasgw__json_get_enum(p, "state", v[5], true, rasgw__gateway_role_parse,
				       "Active, Redundant, Failed, Draining", &role)) < 0)
		return rc;
	spec.role = (rasgw_gateway_role)role;
	rc = rasgw__model_add_gateway(m, &spec, NULL);
	return rc < 0 ? rasgw__jpath_wrap(p, rc, "gateway", spec.id) : 0;
}

/* ---------------------------------------------------------------- tenants */

static int read_tenant(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	static const char *const keys[] = {
		"id", "reseller", "hosts", "gatewayPools", "asn", "routeReflector",
	};
	const cJSON *v[N_KEYS(keys)];
	rasgw_tenant spec = { 0 };
	int rc;

	if ((rc = entity_begin(p, item, keys, N_KEYS(keys), v, &spec.id)) < 0 ||
	    (rc = rasgw__json_get_string(p, "reseller", v[1], false, &spec.reseller)) < 0 ||
	    (rc = rasgw__json_get_u32(p, "asn", v[4], true, &spec.asn)) < 0 ||
	    (rc = rasgw__json_get_string(p, "routeReflector", v[5], false, &spec.rr_gateway)) < 0)
		return rc;
	if ((rc = get_list(p, "hosts", v[2], &spec.hosts, &spec.host_count)) == 0 &&
	    (rc = get_list(p, "gatewayPools", v[3], &spec.gateway_pools,
			   &spec.gateway_pool_count)) == 0) {
		rc = rasgw__model_add_tenant(m, &spec, NULL);
		if (rc < 0)
			rc = rasgw__jpath_wrap(p, rc, "tenant", spec.id);
	}
	rasgw__free((void *)spec.hosts);
	rasgw__free((void *)spec.gateway_pools);
	return rc;
}

/* ------------------------------------------------------------ connections */

/* greConfiguration, l3Configuration and bgpPeer. */
static int read_conn_settings(rasgw__jpath *p, const cJSON *const *v, rasgw_connection *spec)
{
	static const char *const gre_keys[] = { "greKey", "remoteEndpoint" };
	static const char *const l3_keys[] = {
		"vlanId", "addressPrefix", "ipAddresses", "peerIPAddresses", "bgpIPAddress",
	};
	static const char *const bgp_keys[] = { "asNumber", "peerIpAddress" };
	const cJSON *gv[N_KEYS(gre_keys)], *lv[N_KEYS(l3_keys)], *bv[N_KEYS(bgp_keys)];
	bool present;
	size_t mark;
	int rc;

	if ((rc = sub_members(p, "greConfiguration", v[7], gre_keys, N_KEYS(gre_keys), gv,
			      &present)) < 0)
		return rc;
	if (present) {
		mark = rasgw__jpath_push_key(p, "greConfiguration");
		if ((rc = rasgw__json_get_u32(p, "greKey", gv[0], true, &spec->gre_key)) < 0 ||
		    (rc = rasgw__json_get_string(p, "remoteEndpoint", gv[1], false,
						 &spec->remote_endpoint)) < 0)
			return rc;
		rasgw__jpath_pop(p, mark);
	}
	if ((rc = sub_members(p, "l3Configuration", v[8], l3_keys, N_KEYS(l3_keys), lv,
			      &present)) < 0)
		return rc;
	if (present) {
		uint64_t vlan;
		mark = rasgw__jpath_push_key(p, "l3Configuration");
		if ((rc = rasgw__json_get_uint(p, "vlanId", lv[0], true, UINT16_MAX, &vlan)) < 0 ||
		    (rc = rasgw__json_get_string(p, "addressPrefix", lv[1], false,
						 &spec->vlan_subnet)) < 0 ||
		    (rc = rasgw__json_get_string(p, "ipAddresses", lv[2], false, &spec->ca_ip)) < 0 ||
		    (rc = rasgw__json_get_string(p, "peerIPAddresses", lv[3], false,
						 &spec->peer_ip)) < 0 ||
		    (rc = rasgw__json_get_string(p, "bgpIPAddress", lv[4], false, &spec->bgp_ip)) < 0)
			return rc;
		spec->vlan = (uint16_t)vlan;
		rasgw__jpath_pop(p, mark);
	}
	if ((rc = sub_members(p, "bgpPeer", v[10], bgp_keys, N_KEYS(bgp_keys), bv, &present)) < 0)
		return rc;
	if (present) {
		mark = rasgw__jpath_push_key(p, "bgpPeer");
		if ((rc = rasgw__json_get_u32(p, "asNumber", bv[0], true, &spec->peer_asn)) < 0 ||
		    (rc = rasgw__json_get_string(p, "peerIpAddress", bv[1], false,
						 &spec->peer_bgp_ip)) < 0)
			return rc;
		rasgw__jpath_pop(p, mark);
	}
	return 0;
}

static int read_connection(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	static const char *const keys[] = {
		"id",
		"tenant",
		"connectionType",
		"inboundKiloBitsPerSecond",
		"outboundKiloBitsPerSecond",
		"sourceIPAddress",
		"destinationIPAddress",
		"greConfiguration", /* 7 */
		"l3Configuration",  /* 8 */
		"routing",
		"bgpPeer",          /* 10 */
		"staticPrefixes",
		"learnedPrefixes",
		"gateway",
	};
	const cJSON *v[N_KEYS(keys)];
	rasgw_connection spec = { 0 };
	int type, routing, rc;

	if ((rc = entity_begin(p, item, keys, N_KEYS(keys), v, &spec.id)) < 0 ||
	    (rc = rasgw__json_get_string(p, "tenant", v[1], true, &spec.tenant_id)) < 0 ||
	    (rc = rasgw__json_get_enum(p, "connectionType", v[2], true, rasgw__conn_type_parse,
				       "IPSec, GRE, L3", &type)) < 0 ||
	    (rc = rasgw__json_get_uint(p, "inboundKiloBitsPerSecond", v[3], true,
				       RASGW__JSON_UINT_MAX, &spec.inbound_kbps)) < 0 ||
	    (rc = rasgw__json_get_uint(p, "outboundKiloBitsPerSecond", v[4], true,
				       RASGW__JSON_UINT_MAX, &spec.outbound_kbps)) < 0 ||
	    (rc = rasgw__json_get_string(p, "sourceIPAddress", v[5], false, &spec.source_ip)) < 0 ||
	    (rc = rasgw__json_get_string(p, "destinationIPAddress", v[6], false,
					 &spec.destination_ip)) < 0 ||
	    (rc = read_conn_settings(p, v, &spec)) < 0 ||
	    (rc = rasgw__json_get_enum(p, "routing", v[9], true, rasgw__routing_parse,
				       "Static, Bgp", &routing)) < 0 ||
	    (rc = rasgw__json_get_string(p, "gateway", v[13], false, &spec.gateway_id)) < 0)
		return rc;
	spec.type = (rasgw_conn_type)type;
	spec.routing = (rasgw_routing)routing;
	if ((rc = get_list(p, "staticPrefixes", v[11], &spec.static_prefixes,
			   &spec.static_prefix_count)) == 0 &&
	    (rc = get_list(p, "learnedPrefixes", v[12], &spec.learned_prefixes,
			   &spec.learned_prefix_count)) == 0) {
		rc = rasgw__model_add_connection(m, &spec, NULL);
		if (rc < 0)
			rc = rasgw__jpath_wrap(p, rc, "connection", spec.id);
	}
	rasgw__free((void *)spec.static_prefixes);
	rasgw__free((void *)spec.learned_prefixes);
	return rc;
}

/* ------------------------------------------------------------------ model */

typedef int (*read_fn)(rasgw_model *m, rasgw__jpath *p, const cJSON *item);

static int read_array(rasgw_model *m, rasgw__jpath *p, const char *key, const cJSON *arr,
		      read_fn fn)
{
	size_t n, i = 0;
	int rc = rasgw__json_get_array(p, key, arr, true, &n);
	if (rc < 0)
		return rc;
	for (const cJSON *c = arr->child; c; c = c->next, i++) {
		size_t mark = rasgw__jpath_push_key(p, key);
		rasgw__jpath_push_index(p, i);
		rc = fn(m, p, c);
		rasgw__jpath_pop(p, mark);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int read_model(rasgw_model *m, const cJSON *root)
{
	static const char *const keys[] = {
		"format", "version", "fingerprint", "racks", "hosts", "gatewayPools", "gateways",
		"virtualGateways", "networkConnections",
	};
	/* Dependency order of the builder: each kind refers only to earlier ones. */
	static const read_fn readers[] = {
		read_rack, read_host, read_pool, read_gateway, read_tenant, read_connection,
	};
	const cJSON *v[N_KEYS(keys)];
	rasgw__jpath p;
	uint64_t fp = 0;
	int rc;

	rasgw__jpath_init(&p, WHAT);
	if ((rc = rasgw__json_check_format(&p, root, FORMAT_NAME, "state snapshot",
					   FORMAT_VERSION)) < 0 ||
	    (rc = rasgw__json_members(&p, NULL, root, keys, N_KEYS(keys), v)) < 0 ||
	    (rc = rasgw__json_get_fingerprint(&p, "fingerprint", v[2], &fp)) < 0)
		return rc;
	for (size_t k = 0; k < N_KEYS(readers); k++)
		if ((rc = read_array(m, &p, keys[3 + k], v[3 + k], readers[k])) < 0)
			return rc;
	if ((rc = rasgw__model_validate(m)) < 0)
		return rasgw__jpath_wrap(&p, rc, NULL, NULL);
	uint64_t have = rasgw_model_fingerprint(m);
	if (have != fp)
		return rasgw__jpath_error(&p, RASGW_EVALIDATE,
					  "fingerprint mismatch: the snapshot says %016llx, its content "
					  "gives %016llx (corrupted or edited by hand; R8.4)",
					  (unsigned long long)fp, (unsigned long long)have);
	return 0;
}

int rasgw_model_from_json(rasgw_model **out, const char *json, size_t len,
			  const rasgw_snapshot_options *opts)
{
	if (!out || !json)
		return rasgw__error(RASGW_EINVAL, "rasgw_model_from_json: NULL argument");
	uint32_t max_depth = RASGW_SNAPSHOT_DEFAULT_MAX_DEPTH;
	size_t max_bytes = RASGW_SNAPSHOT_DEFAULT_MAX_BYTES;
	if (opts) {
		if (opts->version != RASGW_SNAPSHOT_OPTIONS_VERSION)
			return rasgw__error(RASGW_EVERSION,
					    "rasgw_snapshot_options version %u is not %u",
					    opts->version, RASGW_SNAPSHOT_OPTIONS_VERSION);
		if (opts->max_depth)
			max_depth = opts->max_depth;
		if (opts->max_bytes)
			max_bytes = opts->max_bytes;
	}

	cJSON *root = NULL;
	int rc = rasgw__json_parse(WHAT, json, len, max_bytes, max_depth, RASGW__JSON_UINTS_ONLY,
				   &root);
	if (rc < 0)
		return rc;
	rasgw_model *m = NULL;
	if ((rc = rasgw_model_new(&m)) == 0)
		rc = read_model(m, root);
	cJSON_Delete(root);
	if (rc < 0) {
		rasgw_model_free(m);
		return rc;
	}
	*out = m;
	return 0;
}
