/* Connection, gateway and pool records as JSON objects (records_json.h). */
#include "io/records_json.h"
#include "model/model_int.h"

/*
 * greConfiguration and bgpPeer: a 32-bit number (required when the object
 * is there) and an address.
 */
static const char *const gre_keys[] = { "greKey", "remoteEndpoint" };
static const char *const bgp_keys[] = { "asNumber", "peerIpAddress" };

/* ================================================================== writing */

/* A number-and-address sub-object, left out when both are unset. */
static void write_number_addr(rasgw__jw *w, const char *key, const char *const *keys,
			      uint32_t number, const char *addr)
{
	if (!number && !addr)
		return;
	rasgw__jw_key(w, key);
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_uint(w, keys[0], number);
	rasgw__jw_kv_string_opt(w, keys[1], addr);
	rasgw__jw_end_object(w);
}

static const char *routing_name(rasgw_routing r)
{
	return r == RASGW_ROUTING_BGP ? "Bgp" : (r == RASGW_ROUTING_STATIC ? "Static" : "?");
}

void rasgw__rec_write_connection(rasgw__jw *w, const rasgw_connection *c)
{
	rasgw__jw_begin_object(w);
	rasgw__jw_require(w, "connection id", c->id);
	rasgw__jw_kv_string(w, "id", c->id);
	rasgw__jw_kv_string(w, "tenant", c->tenant_id);
	rasgw__jw_kv_name(w, "connectionType", rasgw_conn_type_name(c->type));
	rasgw__jw_kv_uint(w, "inboundKiloBitsPerSecond", c->inbound_kbps);
	rasgw__jw_kv_uint(w, "outboundKiloBitsPerSecond", c->outbound_kbps);
	rasgw__jw_kv_string_opt(w, "sourceIPAddress", c->source_ip);
	rasgw__jw_kv_string_opt(w, "destinationIPAddress", c->destination_ip);
	write_number_addr(w, "greConfiguration", gre_keys, c->gre_key, c->remote_endpoint);
	if (c->vlan || c->vlan_subnet || c->ca_ip || c->peer_ip || c->bgp_ip) {
		rasgw__jw_key(w, "l3Configuration");
		rasgw__jw_begin_object(w);
		rasgw__jw_kv_uint(w, "vlanId", c->vlan);
		rasgw__jw_kv_string_opt(w, "addressPrefix", c->vlan_subnet);
		rasgw__jw_kv_string_opt(w, "ipAddresses", c->ca_ip);
		rasgw__jw_kv_string_opt(w, "peerIPAddresses", c->peer_ip);
		rasgw__jw_kv_string_opt(w, "bgpIPAddress", c->bgp_ip);
		rasgw__jw_end_object(w);
	}
	rasgw__jw_kv_name(w, "routing", routing_name(c->routing));
	write_number_addr(w, "bgpPeer", bgp_keys, c->peer_asn, c->peer_bgp_ip);
	rasgw__jw_kv_strings_opt(w, "staticPrefixes", c->static_prefixes, c->static_prefix_count);
	rasgw__jw_kv_strings_opt(w, "learnedPrefixes", c->learned_prefixes,
				 c->learned_prefix_count);
	rasgw__jw_kv_string_opt(w, "gateway", c->gateway_id);
	rasgw__jw_end_object(w);
}

void rasgw__rec_write_gateway(rasgw__jw *w, const rasgw_gateway *g)
{
	rasgw__jw_begin_object(w);
	rasgw__jw_require(w, "gateway id", g->id);
	rasgw__jw_kv_string(w, "id", g->id);
	rasgw__jw_kv_string(w, "pool", g->pool_id);
	rasgw__jw_kv_string(w, "virtualServer", g->host_id);
	rasgw__jw_kv_string_opt(w, "dip", g->dip);
	rasgw__jw_kv_string_opt(w, "greVip", g->gre_vip);
	rasgw__jw_kv_name(w, "state", rasgw_gateway_role_name(g->role));
	rasgw__jw_end_object(w);
}

void rasgw__rec_write_pool(rasgw__jw *w, const rasgw_pool *p)
{
	rasgw__jw_begin_object(w);
	rasgw__jw_require(w, "pool id", p->id);
	rasgw__jw_kv_string(w, "id", p->id);
	rasgw__jw_kv_name(w, "type", rasgw_pool_type_name(p->type));
	rasgw__jw_kv_uint(w, "redundantGatewayCount", p->redundant_count);
	rasgw__jw_kv_uint(w, "gatewayCapacityKiloBitsPerSecond", p->capacity_kbps);
	if (p->public_ip_count || p->gre_vip_subnet_count) {
		rasgw__jw_key(w, "ipConfiguration");
		rasgw__jw_begin_object(w);
		rasgw__jw_kv_strings_opt(w, "publicIPAddresses", p->public_ips, p->public_ip_count);
		rasgw__jw_kv_strings_opt(w, "greVipSubnets", p->gre_vip_subnets,
					 p->gre_vip_subnet_count);
		rasgw__jw_end_object(w);
	}
	rasgw__jw_key(w, "typeMaxKiloBitsPerSecond");
	rasgw__jw_begin_object(w);
	for (int t = 0; t < RASGW_CONN_TYPE_COUNT; t++)
		rasgw__jw_kv_uint(w, rasgw_conn_type_name((rasgw_conn_type)t), p->type_max_kbps[t]);
	rasgw__jw_end_object(w);
	rasgw__jw_kv_strings_opt(w, "tenants", p->tenants, p->tenant_count);
	rasgw__jw_kv_string_opt(w, "reseller", p->reseller);
	rasgw__jw_end_object(w);
}

/* ================================================================== reading */

#define N_KEYS(keys) (sizeof(keys) / sizeof((keys)[0]))

static int get_string(const rasgw__rec_reader *rd, const char *key, const cJSON *item,
		      bool required, rasgw__rec_field what, const char **out)
{
	return rd->string(rd->ctx, key, item, required, what, out);
}

static int get_strings(const rasgw__rec_reader *rd, const char *key, const cJSON *item,
		       rasgw__rec_field what, const char *const **out, size_t *count)
{
	return rd->strings(rd->ctx, key, item, what, out, count);
}

/* ------------------------------------------------------------ connections */

enum {
	C_ID,
	C_TENANT,
	C_TYPE,
	C_INBOUND,
	C_OUTBOUND,
	C_SOURCE,
	C_DESTINATION,
	C_GRE,
	C_L3,
	C_ROUTING,
	C_BGP,
	C_STATIC,
	C_LEARNED,
	C_GATEWAY,
	C_NKEYS
};

static const char *const conn_keys[C_NKEYS] = {
	"id",
	"tenant",
	"connectionType",
	"inboundKiloBitsPerSecond",
	"outboundKiloBitsPerSecond",
	"sourceIPAddress",
	"destinationIPAddress",
	"greConfiguration",
	"l3Configuration",
	"routing",
	"bgpPeer",
	"staticPrefixes",
	"learnedPrefixes",
	"gateway",
};

/* A number-and-address sub-object, when present. */
static int read_number_addr(const rasgw__rec_reader *rd, const char *key, const cJSON *item,
			    const char *const *keys, uint32_t *number, const char **addr)
{
	const cJSON *sv[2];
	bool present;
	size_t mark = 0;
	int rc = rasgw__json_sub_members(rd->path, key, item, false, keys, 2, sv, &present, &mark);
	if (rc < 0 || !present)
		return rc;
	if ((rc = rasgw__json_get_u32(rd->path, keys[0], sv[0], true, number)) < 0 ||
	    (rc = get_string(rd, keys[1], sv[1], false, RASGW__FIELD_ADDR, addr)) < 0)
		return rc;
	rasgw__jpath_pop(rd->path, mark);
	return 0;
}

/* greConfiguration, l3Configuration and bgpPeer. */
static int read_conn_settings(const rasgw__rec_reader *rd, const cJSON *const *v,
			      rasgw_connection *c)
{
	static const char *const l3_keys[] = {
		"vlanId", "addressPrefix", "ipAddresses", "peerIPAddresses", "bgpIPAddress",
	};
	const cJSON *lv[N_KEYS(l3_keys)];
	bool present;
	size_t mark = 0;
	uint64_t vlan;
	int rc;

	if ((rc = read_number_addr(rd, "greConfiguration", v[C_GRE], gre_keys, &c->gre_key,
				   &c->remote_endpoint)) < 0 ||
	    (rc = rasgw__json_sub_members(rd->path, "l3Configuration", v[C_L3], false, l3_keys,
					  N_KEYS(l3_keys), lv, &present, &mark)) < 0)
		return rc;
	if (present) {
		if ((rc = rasgw__json_get_uint(rd->path, "vlanId", lv[0], true, UINT16_MAX, &vlan)) < 0 ||
		    (rc = get_string(rd, "addressPrefix", lv[1], false, RASGW__FIELD_PREFIX,
				     &c->vlan_subnet)) < 0 ||
		    (rc = get_string(rd, "ipAddresses", lv[2], false, RASGW__FIELD_ADDR,
				     &c->ca_ip)) < 0 ||
		    (rc = get_string(rd, "peerIPAddresses", lv[3], false, RASGW__FIELD_ADDR,
				     &c->peer_ip)) < 0 ||
		    (rc = get_string(rd, "bgpIPAddress", lv[4], false, RASGW__FIELD_ADDR,
				     &c->bgp_ip)) < 0)
			return rc;
		c->vlan = (uint16_t)vlan;
		rasgw__jpath_pop(rd->path, mark);
	}
	return read_number_addr(rd, "bgpPeer", v[C_BGP], bgp_keys, &c->peer_asn, &c->peer_bgp_ip);
}

static int read_connection(const rasgw__rec_reader *rd, const cJSON *const *v, void *rec)
{
	rasgw_connection *c = rec;
	int type, routing, rc;

	if ((rc = get_string(rd, "tenant", v[C_TENANT], true, RASGW__FIELD_TENANT,
			     &c->tenant_id)) < 0 ||
	    (rc = rasgw__json_get_enum(rd->path, "connectionType", v[C_TYPE], true,
				       rasgw__conn_type_parse, "IPSec, GRE, L3", &type)) < 0 ||
	    (rc = rasgw__json_get_uint(rd->path, "inboundKiloBitsPerSecond", v[C_INBOUND], true,
				       RASGW__JSON_UINT_MAX, &c->inbound_kbps)) < 0 ||
	    (rc = rasgw__json_get_uint(rd->path, "outboundKiloBitsPerSecond", v[C_OUTBOUND], true,
				       RASGW__JSON_UINT_MAX, &c->outbound_kbps)) < 0 ||
	    (rc = get_string(rd, "sourceIPAddress", v[C_SOURCE], false, RASGW__FIELD_ADDR,
			     &c->source_ip)) < 0 ||
	    (rc = get_string(rd, "destinationIPAddress", v[C_DESTINATION], false,
			     RASGW__FIELD_ADDR, &c->destination_ip)) < 0 ||
	    (rc = read_conn_settings(rd, v, c)) < 0 ||
	    (rc = rasgw__json_get_enum(rd->path, "routing", v[C_ROUTING], true,
				       rasgw__routing_parse, "Static, Bgp", &routing)) < 0 ||
	    (rc = get_strings(rd, "staticPrefixes", v[C_STATIC], RASGW__FIELD_PREFIX,
			      &c->static_prefixes, &c->static_prefix_count)) < 0 ||
	    (rc = get_strings(rd, "learnedPrefixes", v[C_LEARNED], RASGW__FIELD_PREFIX,
			      &c->learned_prefixes, &c->learned_prefix_count)) < 0 ||
	    (rc = get_string(rd, "gateway", v[C_GATEWAY], false, RASGW__FIELD_GATEWAY,
			     &c->gateway_id)) < 0)
		return rc;
	c->type = (rasgw_conn_type)type;
	c->routing = (rasgw_routing)routing;
	return 0;
}

const rasgw__rec_kind rasgw__rec_connection = {
	conn_keys, C_NKEYS, sizeof(rasgw_connection), read_connection,
};

/* --------------------------------------------------------------- gateways */

static const char *const gateway_keys[] = {
	"id", "pool", "virtualServer", "dip", "greVip", "state",
};

static int read_gateway(const rasgw__rec_reader *rd, const cJSON *const *v, void *rec)
{
	rasgw_gateway *g = rec;
	int role, rc;

	if ((rc = get_string(rd, "pool", v[1], true, RASGW__FIELD_POOL, &g->pool_id)) < 0 ||
	    (rc = get_string(rd, "virtualServer", v[2], true, RASGW__FIELD_HOST, &g->host_id)) < 0 ||
	    (rc = get_string(rd, "dip", v[3], false, RASGW__FIELD_ADDR, &g->dip)) < 0 ||
	    (rc = get_string(rd, "greVip", v[4], false, RASGW__FIELD_ADDR, &g->gre_vip)) < 0 ||
	    (rc = rasgw__json_get_enum(rd->path, "state", v[5], true, rasgw__gateway_role_parse,
				       "Active, Redundant, Failed, Draining", &role)) < 0)
		return rc;
	g->role = (rasgw_gateway_role)role;
	return 0;
}

const rasgw__rec_kind rasgw__rec_gateway = {
	gateway_keys, N_KEYS(gateway_keys), sizeof(rasgw_gateway), read_gateway,
};

/* ------------------------------------------------------------------ pools */

static const char *const pool_keys[] = {
	"id", "type", "redundantGatewayCount", "gatewayCapacityKiloBitsPerSecond",
	"ipConfiguration", "typeMaxKiloBitsPerSecond", "tenants", "reseller",
};

/* ipConfiguration and typeMaxKiloBitsPerSecond. */
static int read_pool_config(const rasgw__rec_reader *rd, const cJSON *const *v, rasgw_pool *p)
{
	static const char *const ip_keys[] = { "publicIPAddresses", "greVipSubnets" };
	/* The connection type names, in rasgw_conn_type order. */
	static const char *const max_keys[] = { "IPSec", "GRE", "L3" };
	const cJSON *iv[N_KEYS(ip_keys)], *mv[N_KEYS(max_keys)];
	bool present;
	size_t mark = 0;
	int rc;

	if ((rc = rasgw__json_sub_members(rd->path, "ipConfiguration", v[4], false, ip_keys,
					  N_KEYS(ip_keys), iv, &present, &mark)) < 0)
		return rc;
	if (present) {
		if ((rc = get_strings(rd, "publicIPAddresses", iv[0], RASGW__FIELD_ADDR,
				      &p->public_ips, &p->public_ip_count)) < 0 ||
		    (rc = get_strings(rd, "greVipSubnets", iv[1], RASGW__FIELD_PREFIX,
				      &p->gre_vip_subnets, &p->gre_vip_subnet_count)) < 0)
			return rc;
		rasgw__jpath_pop(rd->path, mark);
	}
	if ((rc = rasgw__json_sub_members(rd->path, "typeMaxKiloBitsPerSecond", v[5], true,
					  max_keys, N_KEYS(max_keys), mv, &present, &mark)) < 0)
		return rc;
	for (int t = 0; t < RASGW_CONN_TYPE_COUNT; t++)
		if ((rc = rasgw__json_get_uint(rd->path, max_keys[t], mv[t], true,
					       RASGW__JSON_UINT_MAX, &p->type_max_kbps[t])) < 0)
			return rc;
	rasgw__jpath_pop(rd->path, mark);
	return 0;
}

static int read_pool(const rasgw__rec_reader *rd, const cJSON *const *v, void *rec)
{
	rasgw_pool *p = rec;
	int type, rc;

	if ((rc = rasgw__json_get_enum(rd->path, "type", v[1], true, rasgw__pool_type_parse,
				       "All, S2sIpSec, S2sGre, Forwarding", &type)) < 0 ||
	    (rc = rasgw__json_get_u32(rd->path, "redundantGatewayCount", v[2], true,
				      &p->redundant_count)) < 0 ||
	    (rc = rasgw__json_get_uint(rd->path, "gatewayCapacityKiloBitsPerSecond", v[3], true,
				       RASGW__JSON_UINT_MAX, &p->capacity_kbps)) < 0 ||
	    (rc = read_pool_config(rd, v, p)) < 0 ||
	    (rc = get_strings(rd, "tenants", v[6], RASGW__FIELD_TENANT, &p->tenants,
			      &p->tenant_count)) < 0 ||
	    (rc = get_string(rd, "reseller", v[7], false, RASGW__FIELD_TEXT, &p->reseller)) < 0)
		return rc;
	p->type = (rasgw_pool_type)type;
	return 0;
}

const rasgw__rec_kind rasgw__rec_pool = {
	pool_keys, N_KEYS(pool_keys), sizeof(rasgw_pool), read_pool,
};
