/*
 * Writing the canonical JSON state snapshot (doc/snapshot-format.md).
 *
 * Written by hand through rasgw__jw rather than by building a cJSON tree and
 * printing it: the bytes then depend on librasgw only (not on how a cJSON
 * version formats numbers or escapes), nothing is allocated outside the rasgw
 * allocator, and no tree is built for a model of 10^5 connections.
 *
 * Canonical form: fixed key order per entity; entities in ascending id
 * order (the model's get(i) order); optional strings and empty lists left
 * out; a sub-object left out when all its members are unset; integers always
 * written where their object is; derived figures never written. Every choice
 * here must give the reader back the same record, so read -> write is the
 * identity on the bytes.
 */
#include "io/records_json.h"
#include "model/model_int.h"
#include "rasgw/snapshot.h"

static void write_rack(rasgw__jw *w, const rasgw_rack *r)
{
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_string(w, "id", r->id);
	if (r->tor_name || r->tor_asn || r->tor_peer_ip) {
		rasgw__jw_key(w, "tor");
		rasgw__jw_begin_object(w);
		rasgw__jw_kv_string_opt(w, "name", r->tor_name);
		rasgw__jw_kv_uint(w, "asn", r->tor_asn);
		rasgw__jw_kv_string_opt(w, "peerIPAddress", r->tor_peer_ip);
		rasgw__jw_end_object(w);
	}
	if (r->vlan_count) {
		rasgw__jw_key(w, "vlans");
		rasgw__jw_begin_array(w);
		for (size_t i = 0; i < r->vlan_count; i++)
			rasgw__jw_uint(w, r->vlans[i]);
		rasgw__jw_end_array(w);
	}
	rasgw__jw_end_object(w);
}

static void write_host(rasgw__jw *w, const rasgw_host *h)
{
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_string(w, "id", h->id);
	rasgw__jw_kv_string(w, "rack", h->rack_id);
	rasgw__jw_kv_string_opt(w, "address", h->address);
	rasgw__jw_kv_bool(w, "failed", h->failed);
	rasgw__jw_end_object(w);
}

static void write_tenant(rasgw__jw *w, const rasgw_tenant *t)
{
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_string(w, "id", t->id);
	rasgw__jw_kv_string_opt(w, "reseller", t->reseller);
	rasgw__jw_kv_strings_opt(w, "hosts", t->hosts, t->host_count);
	rasgw__jw_kv_strings_opt(w, "gatewayPools", t->gateway_pools, t->gateway_pool_count);
	rasgw__jw_kv_uint(w, "asn", t->asn);
	rasgw__jw_kv_string_opt(w, "routeReflector", t->rr_gateway);
	rasgw__jw_end_object(w);
}

/*
 * One top-level array. The writer carries the kind (the list's key) and the
 * id of the entity being written, so that an error, a string that is not
 * UTF-8, names the entity.
 */
#define WRITE_ARRAY(w, key, m, count_fn, get_fn, write_fn)                      \
	do {                                                                     \
		size_t n_ = count_fn(m);                                         \
		rasgw__jw_begin_list((w), (key));                                \
		for (size_t i_ = 0; i_ < n_ && !(w)->err; i_++) {                \
			(w)->id = get_fn((m), i_)->id;                           \
			write_fn((w), get_fn((m), i_));                          \
		}                                                                \
		rasgw__jw_end_list(w);                                           \
	} while (0)

int rasgw_model_snapshot_json(const rasgw_model *model, char **out)
{
	if (!model || !out)
		return rasgw__error(RASGW_EINVAL, "rasgw_model_snapshot_json: NULL argument");
	rasgw__jw w;

	rasgw__jw_init(&w, "snapshot");
	rasgw__jw_begin_object(&w);
	rasgw__jw_kv_string(&w, "format", "rasgw-state");
	rasgw__jw_kv_uint(&w, "version", 1);
	rasgw__jw_kv_fingerprint(&w, "fingerprint", rasgw_model_fingerprint(model));
	WRITE_ARRAY(&w, "racks", model, rasgw_model_rack_count, rasgw_model_rack_get, write_rack);
	WRITE_ARRAY(&w, "hosts", model, rasgw_model_host_count, rasgw_model_host_get, write_host);
	WRITE_ARRAY(&w, "gatewayPools", model, rasgw_model_pool_count, rasgw_model_pool_get,
		    rasgw__rec_write_pool);
	WRITE_ARRAY(&w, "gateways", model, rasgw_model_gateway_count, rasgw_model_gateway_get,
		    rasgw__rec_write_gateway);
	WRITE_ARRAY(&w, "virtualGateways", model, rasgw_model_tenant_count,
		    rasgw_model_tenant_get, write_tenant);
	WRITE_ARRAY(&w, "networkConnections", model, rasgw_model_connection_count,
		    rasgw_model_connection_get, rasgw__rec_write_connection);
	rasgw__jw_end_object(&w);
	return rasgw__jw_finish(&w, out);
}
