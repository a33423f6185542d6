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
 * Connection, gateway and pool records are read by records_json.c, which
 * the plan JSON shares.
 */
#include "io/records_json.h"
#include "model/model_int.h"
#include "rasgw/snapshot.h"

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

/*
 * Connection, gateway and pool members through records_json.c. Strings are
 * borrowed from the tree as they are: the builder checks addresses and ids.
 */
static int record_string(void *ctx, const char *key, const cJSON *item, bool required,
			 rasgw__rec_field what, const char **out)
{
	(void)what;
	return rasgw__json_get_string(ctx, key, item, required, out);
}

static int record_strings(void *ctx, const char *key, const cJSON *item, rasgw__rec_field what,
			  const char *const **out, size_t *count)
{
	(void)what;
	return get_list(ctx, key, item, out, count);
}

/* An entity of a record kind into spec (a rasgw_connection ...); the caller frees its lists. */
static int read_record(rasgw__jpath *p, const cJSON *item, const rasgw__rec_kind *kind,
		       void *spec)
{
	const rasgw__rec_reader rd = { p, p, record_string, record_strings };
	const cJSON *v[RASGW__REC_MAX_KEYS];
	/* The id is every record's first member. */
	int rc = entity_begin(p, item, kind->keys, kind->nkeys, v, (const char **)spec);
	return rc < 0 ? rc : kind->read(&rd, v, spec);
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
	size_t n, tor_mark = 0;
	int rc;

	if ((rc = entity_begin(p, item, keys, N_KEYS(keys), v, &spec.id)) < 0)
		return rc;
	if ((rc = rasgw__json_sub_members(p, "tor", v[1], false, tor_keys, N_KEYS(tor_keys), tv, &tor,
					  &tor_mark)) < 0)
		return rc;
	if (tor) {
		if ((rc = rasgw__json_get_string(p, "name", tv[0], false, &spec.tor_name)) < 0 ||
		    (rc = rasgw__json_get_u32(p, "asn", tv[1], true, &spec.tor_asn)) < 0 ||
		    (rc = rasgw__json_get_string(p, "peerIPAddress", tv[2], false,
						 &spec.tor_peer_ip)) < 0)
			return rc;
		rasgw__jpath_pop(p, tor_mark);
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

static int read_pool(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	rasgw_pool spec = { 0 };
	int rc = read_record(p, item, &rasgw__rec_pool, &spec);
	if (rc == 0 && (rc = rasgw__model_add_pool(m, &spec, NULL)) < 0)
		rc = rasgw__jpath_wrap(p, rc, "pool", spec.id);
	rasgw__free((void *)spec.public_ips);
	rasgw__free((void *)spec.gre_vip_subnets);
	rasgw__free((void *)spec.tenants);
	return rc;
}

/* --------------------------------------------------------------- gateways */

static int read_gateway(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	rasgw_gateway spec = { 0 };
	int rc = read_record(p, item, &rasgw__rec_gateway, &spec);
	if (rc == 0 && (rc = rasgw__model_add_gateway(m, &spec, NULL)) < 0)
		rc = rasgw__jpath_wrap(p, rc, "gateway", spec.id);
	return rc;
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

static int read_connection(rasgw_model *m, rasgw__jpath *p, const cJSON *item)
{
	rasgw_connection spec = { 0 };
	int rc = read_record(p, item, &rasgw__rec_connection, &spec);
	if (rc == 0 && (rc = rasgw__model_add_connection(m, &spec, NULL)) < 0)
		rc = rasgw__jpath_wrap(p, rc, "connection", spec.id);
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
	/* Room for every entity up front; an array of the wrong type is refused below. */
	size_t n[N_KEYS(readers)] = { 0 };
	for (size_t k = 0; k < N_KEYS(readers); k++)
		for (const cJSON *c = cJSON_IsArray(v[3 + k]) ? v[3 + k]->child : NULL; c; c = c->next)
			n[k]++;
	if ((rc = rasgw__model_reserve(m, n[0], n[1], n[2], n[3], n[4], n[5])) < 0)
		return rc;
	rasgw__model_bulk_begin(m);
	for (size_t k = 0; k < N_KEYS(readers); k++)
		if ((rc = read_array(m, &p, keys[3 + k], v[3 + k], readers[k])) < 0)
			return rc;
	rasgw__model_bulk_end(m);
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
