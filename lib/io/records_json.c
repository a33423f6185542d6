/* Connection, gateway and pool records as JSON objects (records_json.h). */
#include "io/records_json.h"

/* ================================================================== writing */

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
	if (c->gre_key || c->remote_endpoint) {
		rasgw__jw_key(w, "greConfiguration");
		rasgw__jw_begin_object(w);
		rasgw__jw_kv_uint(w, "greKey", c->gre_key);
		rasgw__jw_kv_string_opt(w, "remoteEndpoint", c->remote_endpoint);
		rasgw__jw_end_object(w);
	}
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
	if (c->peer_asn || c->peer_bgp_ip) {
		rasgw__jw_key(w, "bgpPeer");
		rasgw__jw_begin_object(w);
		rasgw__jw_kv_uint(w, "asNumber", c->peer_asn);
		rasgw__jw_kv_string_opt(w, "peerIpAddress", c->peer_bgp_ip);
		rasgw__jw_end_object(w);
	}
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
