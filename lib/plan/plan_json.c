/*
 * Plans as canonical JSON (doc/plan-format.md), both directions.
 *
 * Writing goes through the rasgw__jw writer rather than a cJSON tree: the
 * bytes depend on librasgw alone, keys come in one fixed order, and every
 * byte is allocated by the rasgw allocator. Only the fields an operation
 * sets are written, so writing what was read gives back the same bytes.
 *
 * Reading treats the text as untrusted (a plan may come from another
 * controller of a cluster, or be edited by hand): limits first, then every
 * key and type, every kind name, and every id the plan names is looked up in
 * the model it is meant for, except the ids the plan's own *.add changes
 * introduce. The plan is built straight into its arena; the cJSON tree is
 * freed before returning.
 *
 * Connection, gateway and pool records are the state snapshot's, read and
 * written by the same code (records_json.c), so one vocabulary serves both
 * files.
 */
#include "io/records_json.h"
#include "plan/plan_int.h"

#include <string.h>

#define WHAT "plan"
#define FORMAT_NAME "rasgw-plan"
#define FORMAT_VERSION 1
#define DEFAULT_MAX_BYTES ((size_t)64 * 1024 * 1024)
#define DEFAULT_MAX_DEPTH 16u
#define DEFAULT_MAX_OPS ((size_t)4000000)
#define N_KEYS(keys) (sizeof(keys) / sizeof((keys)[0]))

int rasgw_plan_json_options_init(rasgw_plan_json_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_json_options_init: NULL options");
	if (version != RASGW_PLAN_JSON_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_plan_json_options version %u is not %u",
				    version, RASGW_PLAN_JSON_OPTIONS_VERSION);
	*opts = (rasgw_plan_json_options)RASGW_PLAN_JSON_OPTIONS_INIT;
	return 0;
}

/* Issue codes are written by name: numbers would be negative, and names outlive renumbering. */
static const struct {
	int code;
	const char *name;
} code_names[] = {
	{ RASGW_EINVAL, "EINVAL" },	    { RASGW_ENOMEM, "ENOMEM" },
	{ RASGW_EPARSE, "EPARSE" },	    { RASGW_EVALIDATE, "EVALIDATE" },
	{ RASGW_ENOTFOUND, "ENOTFOUND" },   { RASGW_EEXISTS, "EEXISTS" },
	{ RASGW_ENOCAPACITY, "ENOCAPACITY" }, { RASGW_ESTALE, "ESTALE" },
	{ RASGW_EVERSION, "EVERSION" },	    { RASGW_EIO, "EIO" },
	{ RASGW_EBACKEND, "EBACKEND" },	    { RASGW_ESTATE, "ESTATE" },
	{ RASGW_ELIMIT, "ELIMIT" },	    { RASGW_EUSER, "EUSER" },
};

static const char *code_name(int code)
{
	for (size_t i = 0; i < N_KEYS(code_names); i++)
		if (code_names[i].code == code)
			return code_names[i].name;
	return "?";
}

static int code_parse(const char *s)
{
	for (size_t i = 0; i < N_KEYS(code_names); i++)
		if (strcmp(code_names[i].name, s) == 0)
			return code_names[i].code;
	return 1; /* not an error code */
}

static const char *host_state_ok(const char *s)
{
	return s && (strcmp(s, "up") == 0 || strcmp(s, "failed") == 0) ? s : NULL;
}

/* ================================================================== writing */

static void kv_uint_opt(rasgw__jw *w, const char *key, uint64_t v)
{
	if (v)
		rasgw__jw_kv_uint(w, key, v);
}

static void write_op(rasgw__jw *w, const rasgw_op *op)
{
	w->id = op->target ? op->target : "?";
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_name(w, "phase", rasgw_phase_name(op->phase));
	rasgw__jw_require(w, "target id", op->target);
	rasgw__jw_key(w, "target");
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_name(w, "kind", rasgw_target_kind_name(op->target_kind));
	rasgw__jw_kv_string(w, "id", op->target);
	rasgw__jw_end_object(w);
	rasgw__jw_kv_name(w, "op", rasgw_op_kind_name(op->kind));
	rasgw__jw_kv_string_opt(w, "tenant", op->tenant);
	rasgw__jw_kv_string_opt(w, "connection", op->connection);
	rasgw__jw_kv_string_opt(w, "gateway", op->gateway);
	rasgw__jw_kv_string_opt(w, "oldGateway", op->old_gateway);
	rasgw__jw_kv_string_opt(w, "dip", op->dip);
	rasgw__jw_kv_string_opt(w, "oldDip", op->old_dip);
	rasgw__jw_kv_string_opt(w, "publicIp", op->public_ip);
	rasgw__jw_kv_string_opt(w, "sourceIp", op->source_ip);
	rasgw__jw_kv_string_opt(w, "prefix", op->prefix);
	rasgw__jw_kv_string_opt(w, "address", op->address);
	kv_uint_opt(w, "vlan", op->vlan);
	kv_uint_opt(w, "asn", op->asn);
	kv_uint_opt(w, "peerAsn", op->peer_asn);
	rasgw__jw_kv_string_opt(w, "peerIp", op->peer_ip);
	if (op->settings) {
		rasgw__jw_key(w, "settings");
		rasgw__rec_write_connection(w, op->settings);
	}
	rasgw__jw_end_object(w);
}

/* An array key written even when empty: [] says "no prefixes" explicitly. */
static void kv_strings(rasgw__jw *w, const char *key, const char *const *v, size_t n)
{
	rasgw__jw_key(w, key);
	rasgw__jw_begin_array(w);
	for (size_t i = 0; i < n; i++)
		rasgw__jw_string(w, v[i]);
	rasgw__jw_end_array(w);
}

static void write_change(rasgw__jw *w, const rasgw_change *ch)
{
	w->id = ch->id ? ch->id : "?";
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_name(w, "change", rasgw_change_kind_name(ch->kind));
	rasgw__jw_require(w, "id", ch->id);
	rasgw__jw_kv_string(w, "id", ch->id);
	rasgw__jw_kv_string_opt(w, "from", ch->from);
	rasgw__jw_kv_string_opt(w, "to", ch->to);
	if (ch->kind == RASGW_CHANGE_CONNECTION_ROUTES) {
		kv_strings(w, "fromPrefixes", ch->from_prefixes, ch->from_prefix_count);
		kv_strings(w, "toPrefixes", ch->to_prefixes, ch->to_prefix_count);
	}
	if (ch->connection) {
		rasgw__jw_key(w, "connection");
		rasgw__rec_write_connection(w, ch->connection);
	}
	if (ch->gateway) {
		rasgw__jw_key(w, "gateway");
		rasgw__rec_write_gateway(w, ch->gateway);
	}
	if (ch->pool) {
		rasgw__jw_key(w, "pool");
		rasgw__rec_write_pool(w, ch->pool);
	}
	rasgw__jw_end_object(w);
}

static void write_placement(rasgw__jw *w, const rasgw_placement *pl)
{
	w->id = pl->connection ? pl->connection : "?";
	rasgw__jw_begin_object(w);
	rasgw__jw_require(w, "connection", pl->connection);
	rasgw__jw_require(w, "gateway", pl->gateway);
	rasgw__jw_kv_string(w, "connection", pl->connection);
	rasgw__jw_kv_string_opt(w, "tenant", pl->tenant);
	rasgw__jw_kv_string_opt(w, "pool", pl->pool);
	rasgw__jw_kv_string(w, "gateway", pl->gateway);
	rasgw__jw_kv_string_opt(w, "oldGateway", pl->old_gateway);
	rasgw__jw_kv_string_opt(w, "tunnelDestination", pl->tunnel_destination);
	rasgw__jw_kv_string_opt(w, "publicIp", pl->public_ip);
	rasgw__jw_kv_uint(w, "costKbps", pl->cost_kbps);
	rasgw__jw_end_object(w);
}

static void write_issue(rasgw__jw *w, const rasgw_plan_issue *is)
{
	w->id = is->connection ? is->connection : is->tenant ? is->tenant : "-";
	rasgw__jw_begin_object(w);
	rasgw__jw_kv_string_opt(w, "connection", is->connection);
	rasgw__jw_kv_string_opt(w, "tenant", is->tenant);
	rasgw__jw_kv_name(w, "code", code_name(is->code));
	rasgw__jw_kv_string(w, "reason", is->reason);
	rasgw__jw_end_object(w);
}

#define WRITE_LIST(w, key, vec, write_fn)                                        \
	do {                                                                     \
		rasgw__jw_begin_list((w), (key));                                \
		for (size_t i_ = 0; i_ < (vec).count && !(w)->err; i_++)         \
			write_fn((w), &(vec).items[i_]);                         \
		rasgw__jw_end_list(w);                                           \
	} while (0)

int rasgw_op_to_json(const rasgw_op *op, char **out)
{
	if (!op || !out)
		return rasgw__error(RASGW_EINVAL, "rasgw_op_to_json: NULL argument");
	rasgw__jw w;
	rasgw__jw_init(&w, "op");
	write_op(&w, op);
	char *text;
	int rc = rasgw__jw_finish(&w, &text);
	if (rc < 0)
		return rc;
	size_t n = strlen(text);
	if (n && text[n - 1] == '\n')
		text[n - 1] = 0; /* one object, not a document: no line end */
	*out = text;
	return 0;
}

int rasgw_plan_to_json(const rasgw_plan *plan, char **out)
{
	if (!plan || !out)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_to_json: NULL argument");
	rasgw__jw w;

	rasgw__jw_init(&w, WHAT);
	rasgw__jw_begin_object(&w);
	rasgw__jw_kv_string(&w, "format", FORMAT_NAME);
	rasgw__jw_kv_uint(&w, "version", FORMAT_VERSION);
	rasgw__jw_kv_string(&w, "event", rasgw_plan_event(plan));
	rasgw__jw_kv_string_opt(&w, "subject", plan->subject);
	rasgw__jw_kv_fingerprint(&w, "baseFingerprint", plan->base_fp);
	rasgw__jw_kv_fingerprint(&w, "resultFingerprint", plan->result_fp);
	WRITE_LIST(&w, "ops", plan->ops, write_op);
	WRITE_LIST(&w, "changes", plan->changes, write_change);
	WRITE_LIST(&w, "placements", plan->placements, write_placement);
	WRITE_LIST(&w, "issues", plan->issues, write_issue);
	rasgw__jw_end_object(&w);
	return rasgw__jw_finish(&w, out);
}

/* ================================================================== reading */

/* What an id names, for the existence checks. */
enum id_kind { ID_TENANT, ID_CONN, ID_GATEWAY, ID_POOL, ID_HOST, ID_RACK, ID_PUBLIC_IP };

static const char *const id_kind_names[] = {
	"tenant", "connection", "gateway", "pool", "host", "rack", "public IP",
};

typedef struct reader {
	const rasgw_model *m;
	rasgw_plan *p;
	rasgw__jpath path;
	/* Ids introduced by the plan's own connection/gateway/pool.add changes. */
	rasgw__map added_conns, added_gws, added_pools;
	/* Public IPs of the model's pools and of added pools: valid SLB targets. */
	rasgw__map public_ips;
	/* Reads connection, gateway and pool records (records_json.c) through this file's checks. */
	rasgw__rec_reader rec;
} reader;

/* A string member copied into the plan's arena (absent and optional: NULL). */
static int get_str(reader *r, const char *key, const cJSON *item, bool required, const char **out)
{
	const char *s;
	int rc = rasgw__json_get_string(&r->path, key, item, required, &s);
	if (rc < 0)
		return rc;
	*out = NULL;
	if (!s)
		return 0;
	char *c = rasgw__arena_strdup(&r->p->arena, s);
	if (!c)
		return rasgw__error_nomem();
	*out = c;
	return 0;
}

/* Canonical address (or prefix) text: the form the model stores and compares. */
static int check_addr(reader *r, const char *key, const char *s, bool prefix)
{
	char canon[RASGW__ADDR_MAX];
	int bad = prefix ? rasgw__prefix_canon(s, canon) : rasgw__addr_canon(s, canon);
	if (bad < 0)
		return rasgw__json_key_error(&r->path, key, RASGW_EVALIDATE, "'%.64s' is not %s", s,
					     prefix ? "a prefix (address/length)" : "an IP address");
	if (strcmp(canon, s) != 0)
		return rasgw__json_key_error(&r->path, key, RASGW_EVALIDATE,
					     "'%.64s' is not in canonical form ('%s')", s, canon);
	return 0;
}

static int get_addr(reader *r, const char *key, const cJSON *item, bool required, bool prefix,
		    const char **out)
{
	int rc = get_str(r, key, item, required, out);
	if (rc < 0 || !*out)
		return rc;
	return check_addr(r, key, *out, prefix);
}

static bool id_exists(const reader *r, enum id_kind kind, const char *id)
{
	switch (kind) {
	case ID_TENANT: return rasgw__table_get(&r->m->tenants, id) != NULL;
	case ID_CONN:
		return rasgw__table_get(&r->m->conns, id) || rasgw__map_get(&r->added_conns, id);
	case ID_GATEWAY:
		return rasgw__table_get(&r->m->gateways, id) || rasgw__map_get(&r->added_gws, id);
	case ID_POOL:
		return rasgw__table_get(&r->m->pools, id) || rasgw__map_get(&r->added_pools, id);
	case ID_HOST: return rasgw__table_get(&r->m->hosts, id) != NULL;
	case ID_RACK: return rasgw__table_get(&r->m->racks, id) != NULL;
	case ID_PUBLIC_IP: return rasgw__map_get(&r->public_ips, id) != NULL;
	}
	return false;
}

static int check_id(reader *r, const char *key, enum id_kind kind, const char *id)
{
	if (id_exists(r, kind, id))
		return 0;
	return rasgw__json_key_error(&r->path, key, RASGW_ENOTFOUND,
				     "%s '%.64s' does not exist in the model (nor is it added by the plan)",
				     id_kind_names[kind], id);
}

/* A string naming an entity that must exist (absent and optional: NULL). */
static int get_id(reader *r, const char *key, const cJSON *item, bool required,
		  enum id_kind kind, const char **out)
{
	int rc = get_str(r, key, item, required, out);
	if (rc < 0 || !*out)
		return rc;
	return check_id(r, key, kind, *out);
}

static int get_uint(reader *r, const char *key, const cJSON *item, bool required, uint64_t max,
		    uint64_t *out)
{
	return rasgw__json_get_uint(&r->path, key, item, required, max, out);
}

/* The kind of id a record field names, or -1 if it names none. */
static int field_id_kind(rasgw__rec_field what)
{
	switch (what) {
	case RASGW__FIELD_TENANT: return ID_TENANT;
	case RASGW__FIELD_GATEWAY: return ID_GATEWAY;
	case RASGW__FIELD_POOL: return ID_POOL;
	case RASGW__FIELD_HOST: return ID_HOST;
	default: return -1;
	}
}

/*
 * An array of strings copied into the arena, ascending and without
 * duplicates (the order the model keeps them in, so lists compare by index).
 * Each entry is checked as `what` says: an address, a prefix, an id that
 * must exist.
 */
static int get_list(reader *r, const char *key, const cJSON *item, rasgw__rec_field what,
		    const char *const **out, size_t *count)
{
	size_t n;
	int rc = rasgw__json_get_array(&r->path, key, item, false, &n);
	*out = NULL;
	*count = 0;
	if (rc < 0 || n == 0)
		return rc;
	const char **v = rasgw__arena_alloc(&r->p->arena, n * sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	size_t mark = rasgw__jpath_push_key(&r->path, key), i = 0;
	for (const cJSON *c = item->child; c; c = c->next, i++) {
		size_t m2 = rasgw__jpath_push_index(&r->path, i);
		if ((rc = get_str(r, NULL, c, true, &v[i])) < 0)
			return rc;
		bool addr = what == RASGW__FIELD_ADDR || what == RASGW__FIELD_PREFIX;
		int ids = field_id_kind(what);
		if (addr && (rc = check_addr(r, NULL, v[i], what == RASGW__FIELD_PREFIX)) < 0)
			return rc;
		if (ids >= 0 && (rc = check_id(r, NULL, (enum id_kind)ids, v[i])) < 0)
			return rc;
		if (i && strcmp(v[i - 1], v[i]) >= 0)
			return rasgw__jpath_error(&r->path, RASGW_EVALIDATE,
						  "'%.64s' does not come after '%.64s' (lists are "
						  "ascending, without duplicates)",
						  v[i], v[i - 1]);
		rasgw__jpath_pop(&r->path, m2);
	}
	rasgw__jpath_pop(&r->path, mark);
	*out = v;
	*count = n;
	return 0;
}

static int get_enum(reader *r, const char *key, const cJSON *item, int (*parse)(const char *),
		    const char *choices, int *out)
{
	return rasgw__json_get_enum(&r->path, key, item, true, parse, choices, out);
}

/* ---------------------------------------------------------------- records */

static int record_string(void *ctx, const char *key, const cJSON *item, bool required,
			 rasgw__rec_field what, const char **out)
{
	reader *r = ctx;
	int ids = field_id_kind(what);
	if (ids >= 0)
		return get_id(r, key, item, required, (enum id_kind)ids, out);
	if (what == RASGW__FIELD_TEXT)
		return get_str(r, key, item, required, out);
	return get_addr(r, key, item, required, what == RASGW__FIELD_PREFIX, out);
}

static int record_strings(void *ctx, const char *key, const cJSON *item, rasgw__rec_field what,
			  const char *const **out, size_t *count)
{
	return get_list(ctx, key, item, what, out, count);
}

/*
 * A record of `kind` (the snapshot's fields) under `key`, in the arena; the
 * caller checks what its id must be.
 */
static int read_record(reader *r, const char *key, const cJSON *item,
		       const rasgw__rec_kind *kind, const void **out)
{
	const cJSON *v[RASGW__REC_MAX_KEYS];
	bool present;
	size_t mark = 0;
	int rc;

	if ((rc = rasgw__json_sub_members(&r->path, key, item, true, kind->keys, kind->nkeys, v,
					  &present, &mark)) < 0)
		return rc;
	void *rec = rasgw__arena_alloc(&r->p->arena, kind->size);
	if (!rec)
		return rasgw__error_nomem();
	/* The id is every record's first member. */
	if ((rc = get_str(r, "id", v[0], true, (const char **)rec)) < 0 ||
	    (rc = kind->read(&r->rec, v, rec)) < 0)
		return rc;
	rasgw__jpath_pop(&r->path, mark);
	*out = rec;
	return 0;
}

/* ---------------------------------------------------------------- changes */

enum {
	C_CHANGE,
	C_ID,
	C_FROM,
	C_TO,
	C_FROMP,
	C_TOP,
	C_CONN,
	C_GW,
	C_POOL,
	C_NKEYS
};

static const char *const change_keys[C_NKEYS] = {
	"change", "id", "from", "to", "fromPrefixes", "toPrefixes", "connection", "gateway", "pool",
};

/* What from/to hold for each change kind. */
enum value_kind { V_NONE, V_GATEWAY, V_ROLE, V_ADDR, V_HOST_STATE, V_PREFIXES };

#define BIT(k) (1u << (k))

static const struct {
	enum value_kind value;  /* meaning of from/to */
	int id_kind;            /* what `id` names (-1: a new id) */
	unsigned int record;    /* C_CONN, C_GW or C_POOL bit for record kinds, else 0 */
	bool values_required;   /* from and to both required */
} change_shape[RASGW_CHANGE_KIND_COUNT] = {
	[RASGW_CHANGE_CONNECTION_ADD] = { V_NONE, -1, BIT(C_CONN), false },
	[RASGW_CHANGE_CONNECTION_REMOVE] = { V_NONE, ID_CONN, BIT(C_CONN), false },
	[RASGW_CHANGE_CONNECTION_MOVE] = { V_GATEWAY, ID_CONN, 0, false },
	[RASGW_CHANGE_CONNECTION_ROUTES] = { V_PREFIXES, ID_CONN, 0, false },
	[RASGW_CHANGE_TENANT_RR] = { V_GATEWAY, ID_TENANT, 0, false },
	[RASGW_CHANGE_GATEWAY_ROLE] = { V_ROLE, ID_GATEWAY, 0, true },
	[RASGW_CHANGE_GATEWAY_VIP] = { V_ADDR, ID_GATEWAY, 0, false },
	[RASGW_CHANGE_HOST_STATE] = { V_HOST_STATE, ID_HOST, 0, true },
	[RASGW_CHANGE_GATEWAY_ADD] = { V_NONE, -1, BIT(C_GW), false },
	[RASGW_CHANGE_GATEWAY_REMOVE] = { V_NONE, ID_GATEWAY, BIT(C_GW), false },
	[RASGW_CHANGE_POOL_ADD] = { V_NONE, -1, BIT(C_POOL), false },
	[RASGW_CHANGE_POOL_REMOVE] = { V_NONE, ID_POOL, BIT(C_POOL), false },
};

static int role_name_parse(const char *s)
{
	/* Exact names only: the role is compared as text by commit and invert. */
	int v = rasgw__gateway_role_parse(s);
	return v >= 0 && strcmp(rasgw_gateway_role_name((rasgw_gateway_role)v), s) == 0 ? v : -1;
}

static int read_value(reader *r, const char *key, const cJSON *item, enum value_kind vk,
		      bool required, const char **out)
{
	int rc;
	switch (vk) {
	case V_GATEWAY: return get_id(r, key, item, false, ID_GATEWAY, out);
	case V_ADDR: return get_addr(r, key, item, false, false, out);
	case V_ROLE:
		if ((rc = get_str(r, key, item, required, out)) < 0)
			return rc;
		if (role_name_parse(*out) < 0)
			return rasgw__json_key_error(&r->path, key, RASGW_EPARSE,
						     "unknown role '%.64s' (expected Active, Redundant, "
						     "Failed, Draining)",
						     *out);
		return 0;
	case V_HOST_STATE:
		if ((rc = get_str(r, key, item, required, out)) < 0)
			return rc;
		if (!host_state_ok(*out))
			return rasgw__json_key_error(&r->path, key, RASGW_EPARSE,
						     "unknown host state '%.64s' (expected up, failed)",
						     *out);
		return 0;
	case V_NONE:
	case V_PREFIXES: break;
	}
	return 0;
}

/* Remember an id the plan adds; adding one twice is refused. */
static int note_added(reader *r, rasgw__map *added, const char *kind, const char *id, void *rec)
{
	if (rasgw__map_get(added, id))
		return rasgw__json_key_error(&r->path, "id", RASGW_EVALIDATE,
					     "%s '%.64s' is added twice by the plan", kind, id);
	if (rasgw__map_put(added, id, rec) < 0)
		return RASGW_ENOMEM;
	return 0;
}

static int read_change(reader *r, const cJSON *item, rasgw_change *ch)
{
	const cJSON *v[C_NKEYS];
	int kind, rc;

	if ((rc = rasgw__json_members(&r->path, NULL, item, change_keys, C_NKEYS, v)) < 0 ||
	    (rc = get_enum(r, "change", v[C_CHANGE], rasgw__change_kind_parse,
			   "connection.add, connection.remove, connection.move, connection.routes, "
			   "tenant.rr, gateway.role, gateway.vip, host.state, gateway.add, "
			   "gateway.remove, pool.add, pool.remove",
			   &kind)) < 0)
		return rc;
	ch->kind = (rasgw_change_kind)kind;
	const char *kname = rasgw_change_kind_name(ch->kind);
	unsigned int allowed = BIT(C_CHANGE) | BIT(C_ID) | change_shape[kind].record;
	if (change_shape[kind].value == V_PREFIXES)
		allowed |= BIT(C_FROMP) | BIT(C_TOP);
	else if (change_shape[kind].value != V_NONE)
		allowed |= BIT(C_FROM) | BIT(C_TO);
	for (int k = 0; k < C_NKEYS; k++)
		if (v[k] && !(allowed & BIT(k)))
			return rasgw__json_key_error(&r->path, change_keys[k], RASGW_EPARSE,
						     "does not apply to a %s change", kname);

	if ((rc = get_str(r, "id", v[C_ID], true, &ch->id)) < 0)
		return rc;
	if (change_shape[kind].id_kind >= 0 &&
	    (rc = check_id(r, "id", (enum id_kind)change_shape[kind].id_kind, ch->id)) < 0)
		return rc;
	enum value_kind vk = change_shape[kind].value;
	bool req = change_shape[kind].values_required;
	if ((rc = read_value(r, "from", v[C_FROM], vk, req, &ch->from)) < 0 ||
	    (rc = read_value(r, "to", v[C_TO], vk, req, &ch->to)) < 0)
		return rc;
	if (vk == V_PREFIXES &&
	    ((rc = get_list(r, "fromPrefixes", v[C_FROMP], RASGW__FIELD_PREFIX,
			    &ch->from_prefixes, &ch->from_prefix_count)) < 0 ||
	     (rc = get_list(r, "toPrefixes", v[C_TOP], RASGW__FIELD_PREFIX,
			    &ch->to_prefixes, &ch->to_prefix_count)) < 0))
		return rc;

	const void *rec = NULL;
	if (change_shape[kind].record == BIT(C_CONN)) {
		if ((rc = read_record(r, "connection", v[C_CONN], &rasgw__rec_connection, &rec)) < 0)
			return rc;
		ch->connection = rec;
	} else if (change_shape[kind].record == BIT(C_GW)) {
		if ((rc = read_record(r, "gateway", v[C_GW], &rasgw__rec_gateway, &rec)) < 0)
			return rc;
		ch->gateway = rec;
	} else if (change_shape[kind].record == BIT(C_POOL)) {
		if ((rc = read_record(r, "pool", v[C_POOL], &rasgw__rec_pool, &rec)) < 0)
			return rc;
		ch->pool = rec;
	}
	const char *rec_id = rec ? *(const char *const *)rec : NULL;
	if (rec_id && strcmp(rec_id, ch->id) != 0)
		return rasgw__json_key_error(&r->path, "id", RASGW_EVALIDATE,
					     "'%.64s' is not the id of the record ('%.64s')", ch->id,
					     rec_id);
	switch (ch->kind) {
	case RASGW_CHANGE_CONNECTION_ADD:
		return note_added(r, &r->added_conns, "connection", ch->id, (void *)ch->connection);
	case RASGW_CHANGE_GATEWAY_ADD:
		return note_added(r, &r->added_gws, "gateway", ch->id, (void *)ch->gateway);
	case RASGW_CHANGE_POOL_ADD:
		if ((rc = note_added(r, &r->added_pools, "pool", ch->id, (void *)ch->pool)) < 0)
			return rc;
		for (size_t i = 0; i < ch->pool->public_ip_count; i++)
			if (rasgw__map_put(&r->public_ips, ch->pool->public_ips[i],
					   (void *)ch->pool) < 0)
				return RASGW_ENOMEM;
		return 0;
	default: return 0;
	}
}

/* -------------------------------------------------------------- operations */

enum {
	O_PHASE,
	O_TARGET,
	O_OP,
	O_TENANT,
	O_CONNECTION,
	O_GATEWAY,
	O_OLD_GATEWAY,
	O_DIP,
	O_OLD_DIP,
	O_PUBLIC_IP,
	O_SOURCE_IP,
	O_PREFIX,
	O_ADDRESS,
	O_VLAN,
	O_ASN,
	O_PEER_ASN,
	O_PEER_IP,
	O_SETTINGS,
	O_NKEYS
};

static const char *const op_keys[O_NKEYS] = {
	"phase", "target",  "op",	"tenant",  "connection", "gateway",
	"oldGateway", "dip", "oldDip", "publicIp", "sourceIp", "prefix",
	"address", "vlan", "asn",	"peerAsn", "peerIp",	 "settings",
};

/*
 * Fields an operation kind cannot do without (doc/plan-format.md); the
 * rest are optional. A backend given less could not act.
 */
static unsigned int op_required(rasgw_op_kind kind)
{
	switch (kind) {
	case RASGW_OP_SLB_NAT_ADD: return BIT(O_PUBLIC_IP) | BIT(O_SOURCE_IP) | BIT(O_DIP);
	case RASGW_OP_SLB_NAT_UPDATE:
		return BIT(O_PUBLIC_IP) | BIT(O_SOURCE_IP) | BIT(O_DIP) | BIT(O_OLD_DIP);
	case RASGW_OP_SLB_NAT_REMOVE: return BIT(O_PUBLIC_IP) | BIT(O_SOURCE_IP);
	case RASGW_OP_HOST_ROUTE_INSTALL:
	case RASGW_OP_HOST_ROUTE_WITHDRAW: return BIT(O_PREFIX);
	case RASGW_OP_GATEWAY_CONNECTION_CONFIGURE:
	case RASGW_OP_GATEWAY_CONNECTION_REMOVE: return BIT(O_CONNECTION);
	case RASGW_OP_GATEWAY_VIP_ASSIGN:
	case RASGW_OP_GATEWAY_VIP_RELEASE:
	case RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN:
	case RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE:
	case RASGW_OP_TOR_VIP_ADVERTISE:
	case RASGW_OP_TOR_VIP_WITHDRAW: return BIT(O_ADDRESS);
	default: return 0;
	}
}

static const enum id_kind target_id_kind[RASGW_TARGET_KIND_COUNT] = {
	[RASGW_TARGET_SLB] = ID_PUBLIC_IP,
	[RASGW_TARGET_HOST] = ID_HOST,
	[RASGW_TARGET_GATEWAY] = ID_GATEWAY,
	[RASGW_TARGET_TOR] = ID_RACK,
};

static int read_target(reader *r, const cJSON *item, rasgw_op *op)
{
	static const char *const keys[] = { "kind", "id" };
	const cJSON *v[N_KEYS(keys)];
	bool present;
	size_t mark = 0;
	int kind, rc;

	if ((rc = rasgw__json_sub_members(&r->path, "target", item, true, keys, N_KEYS(keys), v,
					  &present, &mark)) < 0 ||
	    (rc = get_enum(r, "kind", v[0], rasgw__target_kind_parse, "slb, host, gateway, tor",
			   &kind)) < 0 ||
	    (rc = get_id(r, "id", v[1], true, target_id_kind[kind], &op->target)) < 0)
		return rc;
	op->target_kind = (rasgw_target_kind)kind;
	rasgw__jpath_pop(&r->path, mark);
	return 0;
}

static int read_op(reader *r, const cJSON *item, rasgw_phase prev, rasgw_op *op)
{
	const cJSON *v[O_NKEYS];
	int phase, kind, rc;
	uint64_t u;

	if ((rc = rasgw__json_members(&r->path, NULL, item, op_keys, O_NKEYS, v)) < 0 ||
	    (rc = get_enum(r, "phase", v[O_PHASE], rasgw__phase_parse,
			   "withdraw-routes, remove-policies, configure, repoint-slb, repeer, "
			   "install-routes, cleanup",
			   &phase)) < 0)
		return rc;
	op->phase = (rasgw_phase)phase;
	if (op->phase < prev)
		return rasgw__json_key_error(&r->path, "phase", RASGW_EVALIDATE,
					     "'%s' comes after '%s' (operations are in phase order)",
					     rasgw_phase_name(op->phase), rasgw_phase_name(prev));
	if ((rc = read_target(r, v[O_TARGET], op)) < 0)
		return rc;
	const char *name;
	if ((rc = rasgw__json_get_string(&r->path, "op", v[O_OP], true, &name)) < 0)
		return rc;
	if ((kind = rasgw__op_kind_parse(name)) < 0)
		return rasgw__json_key_error(&r->path, "op", RASGW_EPARSE,
					     "unknown operation '%.64s'", name);
	op->kind = (rasgw_op_kind)kind;
	if (rasgw__op_kind_target(op->kind) != op->target_kind)
		return rasgw__json_key_error(&r->path, "target.kind", RASGW_EVALIDATE,
					     "'%s' does not take a %s target (it takes %s)", name,
					     rasgw_target_kind_name(op->target_kind),
					     rasgw_target_kind_name(rasgw__op_kind_target(op->kind)));
	unsigned int need = op_required(op->kind);
	for (int k = 0; k < O_NKEYS; k++)
		if ((need & BIT(k)) && !v[k])
			return rasgw__jpath_error(&r->path, RASGW_EPARSE,
						  "missing required key '%s' (operation %s)",
						  op_keys[k], name);
	if ((rc = get_id(r, "tenant", v[O_TENANT], false, ID_TENANT, &op->tenant)) < 0 ||
	    (rc = get_id(r, "connection", v[O_CONNECTION], false, ID_CONN, &op->connection)) < 0 ||
	    (rc = get_id(r, "gateway", v[O_GATEWAY], false, ID_GATEWAY, &op->gateway)) < 0 ||
	    (rc = get_id(r, "oldGateway", v[O_OLD_GATEWAY], false, ID_GATEWAY,
			 &op->old_gateway)) < 0 ||
	    (rc = get_addr(r, "dip", v[O_DIP], false, false, &op->dip)) < 0 ||
	    (rc = get_addr(r, "oldDip", v[O_OLD_DIP], false, false, &op->old_dip)) < 0 ||
	    (rc = get_addr(r, "publicIp", v[O_PUBLIC_IP], false, false, &op->public_ip)) < 0 ||
	    (rc = get_addr(r, "sourceIp", v[O_SOURCE_IP], false, false, &op->source_ip)) < 0 ||
	    (rc = get_addr(r, "prefix", v[O_PREFIX], false, true, &op->prefix)) < 0 ||
	    (rc = get_addr(r, "address", v[O_ADDRESS], false, false, &op->address)) < 0 ||
	    (rc = get_uint(r, "vlan", v[O_VLAN], false, 4094, &u)) < 0)
		return rc;
	op->vlan = (uint16_t)u;
	if ((rc = rasgw__json_get_u32(&r->path, "asn", v[O_ASN], false, &op->asn)) < 0 ||
	    (rc = rasgw__json_get_u32(&r->path, "peerAsn", v[O_PEER_ASN], false, &op->peer_asn)) < 0 ||
	    (rc = get_addr(r, "peerIp", v[O_PEER_IP], false, false, &op->peer_ip)) < 0)
		return rc;
	if (v[O_SETTINGS]) {
		const void *rec;
		if ((rc = read_record(r, "settings", v[O_SETTINGS], &rasgw__rec_connection, &rec)) < 0)
			return rc;
		op->settings = rec;
		size_t mark = rasgw__jpath_push_key(&r->path, "settings");
		rc = check_id(r, "id", ID_CONN, op->settings->id);
		rasgw__jpath_pop(&r->path, mark);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------ placements, issues */

static int read_placement(reader *r, const cJSON *item, rasgw_placement *pl)
{
	static const char *const keys[] = {
		"connection", "tenant", "pool", "gateway", "oldGateway", "tunnelDestination",
		"publicIp", "costKbps",
	};
	const cJSON *v[N_KEYS(keys)];
	int rc;

	if ((rc = rasgw__json_members(&r->path, NULL, item, keys, N_KEYS(keys), v)) < 0 ||
	    (rc = get_id(r, "connection", v[0], true, ID_CONN, &pl->connection)) < 0 ||
	    (rc = get_id(r, "tenant", v[1], false, ID_TENANT, &pl->tenant)) < 0 ||
	    (rc = get_id(r, "pool", v[2], false, ID_POOL, &pl->pool)) < 0 ||
	    (rc = get_id(r, "gateway", v[3], true, ID_GATEWAY, &pl->gateway)) < 0 ||
	    (rc = get_id(r, "oldGateway", v[4], false, ID_GATEWAY, &pl->old_gateway)) < 0 ||
	    (rc = get_addr(r, "tunnelDestination", v[5], false, false,
			   &pl->tunnel_destination)) < 0 ||
	    (rc = get_addr(r, "publicIp", v[6], false, false, &pl->public_ip)) < 0 ||
	    (rc = get_uint(r, "costKbps", v[7], true, RASGW__JSON_UINT_MAX, &pl->cost_kbps)) < 0)
		return rc;
	return 0;
}

static int read_issue(reader *r, const cJSON *item, rasgw_plan_issue *is)
{
	static const char *const keys[] = { "connection", "tenant", "code", "reason" };
	const cJSON *v[N_KEYS(keys)];
	const char *code;
	int rc;

	/* The connection of an issue may be one the plan could not add: not checked. */
	if ((rc = rasgw__json_members(&r->path, NULL, item, keys, N_KEYS(keys), v)) < 0 ||
	    (rc = get_str(r, "connection", v[0], false, &is->connection)) < 0 ||
	    (rc = get_id(r, "tenant", v[1], false, ID_TENANT, &is->tenant)) < 0 ||
	    (rc = rasgw__json_get_string(&r->path, "code", v[2], true, &code)) < 0 ||
	    (rc = get_str(r, "reason", v[3], true, &is->reason)) < 0)
		return rc;
	if ((is->code = code_parse(code)) > 0)
		return rasgw__json_key_error(&r->path, "code", RASGW_EPARSE,
					     "unknown error code '%.64s' (expected a name such as "
					     "ENOCAPACITY)",
					     code);
	return 0;
}

/* --------------------------------------------------------------- the plan */

typedef int (*item_fn)(reader *r, const cJSON *item, void *slot, void *state);

static int change_item(reader *r, const cJSON *item, void *slot, void *state)
{
	(void)state;
	return read_change(r, item, slot);
}

static int op_item(reader *r, const cJSON *item, void *slot, void *state)
{
	rasgw_phase *prev = state;
	int rc = read_op(r, item, *prev, slot);
	if (rc == 0)
		*prev = ((rasgw_op *)slot)->phase;
	return rc;
}

static int placement_item(reader *r, const cJSON *item, void *slot, void *state)
{
	(void)state;
	return read_placement(r, item, slot);
}

static int issue_item(reader *r, const cJSON *item, void *slot, void *state)
{
	(void)state;
	return read_issue(r, item, slot);
}

/* Read array `key` into items[] (room for its count reserved by the caller). */
static int read_list(reader *r, const char *key, const cJSON *arr, void *items, size_t size,
		     size_t *count, item_fn fn, void *state)
{
	size_t i = 0;
	for (const cJSON *c = arr ? arr->child : NULL; c; c = c->next, i++) {
		size_t mark = rasgw__jpath_push_key(&r->path, key);
		rasgw__jpath_push_index(&r->path, i);
		void *slot = (char *)items + i * size;
		memset(slot, 0, size);
		int rc = fn(r, c, slot, state);
		rasgw__jpath_pop(&r->path, mark);
		if (rc < 0)
			return rc;
		(*count)++;
	}
	return 0;
}

enum {
	P_FORMAT,
	P_VERSION,
	P_EVENT,
	P_SUBJECT,
	P_BASE,
	P_RESULT,
	P_OPS,
	P_CHANGES,
	P_PLACEMENTS,
	P_ISSUES,
	P_NKEYS
};

static int read_plan(reader *r, const cJSON *root, size_t max_ops)
{
	static const char *const keys[P_NKEYS] = {
		"format", "version", "event", "subject", "baseFingerprint", "resultFingerprint",
		"ops", "changes", "placements", "issues",
	};
	const cJSON *v[P_NKEYS];
	rasgw_plan *p = r->p;
	size_t nops, nchanges, nplacements, nissues;
	int rc;

	if ((rc = rasgw__json_check_format(&r->path, root, FORMAT_NAME, "plan", FORMAT_VERSION)) < 0 ||
	    (rc = rasgw__json_members(&r->path, NULL, root, keys, P_NKEYS, v)) < 0 ||
	    (rc = get_str(r, "event", v[P_EVENT], true, &p->event)) < 0 ||
	    (rc = get_str(r, "subject", v[P_SUBJECT], false, &p->subject)) < 0 ||
	    (rc = rasgw__json_get_fingerprint(&r->path, "baseFingerprint", v[P_BASE],
					      &p->base_fp)) < 0 ||
	    (rc = rasgw__json_get_fingerprint(&r->path, "resultFingerprint", v[P_RESULT],
					      &p->result_fp)) < 0 ||
	    (rc = rasgw__json_get_array(&r->path, "ops", v[P_OPS], true, &nops)) < 0 ||
	    (rc = rasgw__json_get_array(&r->path, "changes", v[P_CHANGES], true, &nchanges)) < 0 ||
	    (rc = rasgw__json_get_array(&r->path, "placements", v[P_PLACEMENTS], false,
					&nplacements)) < 0 ||
	    (rc = rasgw__json_get_array(&r->path, "issues", v[P_ISSUES], false, &nissues)) < 0)
		return rc;
	if (!*p->event)
		return rasgw__json_key_error(&r->path, "event", RASGW_EPARSE, "must not be empty");
	if (nops > max_ops || nchanges > max_ops - nops)
		return rasgw__jpath_error(&r->path, RASGW_ELIMIT,
					  "%zu operations and %zu changes are over the limit of %zu",
					  nops, nchanges, max_ops);
	if (RASGW__VEC_RESERVE(&p->ops, nops) < 0 || RASGW__VEC_RESERVE(&p->changes, nchanges) < 0 ||
	    RASGW__VEC_RESERVE(&p->placements, nplacements) < 0 ||
	    RASGW__VEC_RESERVE(&p->issues, nissues) < 0)
		return RASGW_ENOMEM;

	/* The model's public IPs, keys borrowed from the model for this call. */
	for (size_t i = 0; i < r->m->pools.sorted.count; i++) {
		const rasgw__pool *pool = r->m->pools.sorted.items[i];
		for (size_t j = 0; j < pool->pub.public_ip_count; j++)
			if (rasgw__map_put(&r->public_ips, pool->pub.public_ips[j], (void *)pool) < 0)
				return RASGW_ENOMEM;
	}
	/* Changes first: the ids they add are then known to the operations. */
	rasgw_phase prev = RASGW_PHASE_WITHDRAW_ROUTES;
	if ((rc = read_list(r, "changes", v[P_CHANGES], p->changes.items, sizeof(rasgw_change),
			    &p->changes.count, change_item, NULL)) < 0 ||
	    (rc = read_list(r, "ops", v[P_OPS], p->ops.items, sizeof(rasgw_op), &p->ops.count,
			    op_item, &prev)) < 0 ||
	    (rc = read_list(r, "placements", v[P_PLACEMENTS], p->placements.items,
			    sizeof(rasgw_placement), &p->placements.count, placement_item,
			    NULL)) < 0 ||
	    (rc = read_list(r, "issues", v[P_ISSUES], p->issues.items, sizeof(rasgw_plan_issue),
			    &p->issues.count, issue_item, NULL)) < 0)
		return rc;
	return 0;
}

int rasgw_plan_from_json(rasgw_plan **out, const rasgw_model *model, const char *json, size_t len,
			 const rasgw_plan_json_options *opts)
{
	if (!out || !model || !json)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_from_json: NULL argument");
	size_t max_bytes = DEFAULT_MAX_BYTES, max_ops = DEFAULT_MAX_OPS;
	uint32_t max_depth = DEFAULT_MAX_DEPTH;
	if (opts) {
		if (opts->version != RASGW_PLAN_JSON_OPTIONS_VERSION)
			return rasgw__error(RASGW_EVERSION, "rasgw_plan_json_options version %u is not %u",
					    opts->version, RASGW_PLAN_JSON_OPTIONS_VERSION);
		if (opts->max_bytes)
			max_bytes = opts->max_bytes;
		if (opts->max_depth)
			max_depth = opts->max_depth;
		if (opts->max_ops)
			max_ops = opts->max_ops;
	}

	cJSON *root = NULL;
	int rc = rasgw__json_parse(WHAT, json, len, max_bytes, max_depth, RASGW__JSON_UINTS_ONLY,
				   &root);
	if (rc < 0)
		return rc;
	reader r = { .m = model };
	rasgw__jpath_init(&r.path, WHAT);
	r.rec = (rasgw__rec_reader){ &r.path, &r, record_string, record_strings };
	if ((rc = rasgw__plan_alloc(&r.p)) == 0)
		rc = read_plan(&r, root, max_ops);
	if (rc == RASGW_ENOMEM)
		rc = rasgw__error_nomem();
	cJSON_Delete(root);
	rasgw__map_free(&r.added_conns);
	rasgw__map_free(&r.added_gws);
	rasgw__map_free(&r.added_pools);
	rasgw__map_free(&r.public_ips);
	if (rc < 0) {
		rasgw_plan_free(r.p);
		return rc;
	}
	*out = r.p;
	return 0;
}
