/*
 * Expectations of a step (doc/scenario-format.md, "Expectations"): facts
 * about the plans the event produced, and about the model once they are
 * committed. Keys were checked when the scenario was read; values are
 * checked here, against what actually happened.
 */
#include "sim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	int code;
	const char *name;
} error_names[] = {
	{ RASGW_EINVAL, "EINVAL" },       { RASGW_ENOMEM, "ENOMEM" },
	{ RASGW_EPARSE, "EPARSE" },       { RASGW_EVALIDATE, "EVALIDATE" },
	{ RASGW_ENOTFOUND, "ENOTFOUND" }, { RASGW_EEXISTS, "EEXISTS" },
	{ RASGW_ENOCAPACITY, "ENOCAPACITY" }, { RASGW_ESTALE, "ESTALE" },
	{ RASGW_EVERSION, "EVERSION" },   { RASGW_EIO, "EIO" },
	{ RASGW_EBACKEND, "EBACKEND" },   { RASGW_ESTATE, "ESTATE" },
	{ RASGW_ELIMIT, "ELIMIT" },       { RASGW_EUSER, "EUSER" },
};

const char *sim_error_name(int code)
{
	for (size_t i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++)
		if (error_names[i].code == code)
			return error_names[i].name;
	return NULL;
}

int sim_error_parse(const char *name)
{
	if (!strncasecmp(name, "RASGW_", 6))
		name += 6;
	for (size_t i = 0; i < sizeof(error_names) / sizeof(error_names[0]); i++)
		if (!strcasecmp(error_names[i].name, name))
			return error_names[i].code;
	return 1;
}

static int miss(char *msg, size_t len, const sim_expect *x, const char *fmt, ...)
{
	char body[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(msg, len, "line %u: %s", x->line, body);
	return -1;
}

static bool is_null(const ynode *v)
{
	return v && ynode_is_null(v);
}

/* A whole number from the expectation; -1 and a message if it is not one. */
static int want_u64(const sim_expect *x, const char *key, uint64_t *out, char *msg, size_t len)
{
	const ynode *v = ymap_get(x->node, key);
	char *end;

	if (!v || v->kind != YN_SCALAR || !v->text[0] || v->text[0] == '-')
		return miss(msg, len, x, "%s: expected a whole number", key);
	errno = 0;
	unsigned long long n = strtoull(v->text, &end, 10);
	if (*end || errno)
		return miss(msg, len, x, "%s: '%s' is not a whole number", key, v->text);
	*out = n;
	return 0;
}

static int want_bool(const sim_expect *x, const char *key, bool *out, char *msg, size_t len)
{
	const ynode *v = ymap_get(x->node, key);
	if (v && v->kind == YN_SCALAR && !strcasecmp(v->text, "true"))
		*out = true;
	else if (v && v->kind == YN_SCALAR && !strcasecmp(v->text, "false"))
		*out = false;
	else
		return miss(msg, len, x, "%s: expected true or false", key);
	return 0;
}

/* The text of a scalar key, NULL when absent; `*null` tells an explicit null. */
static const char *want_str(const sim_expect *x, const char *key, bool *null)
{
	const ynode *v = ymap_get(x->node, key);
	if (null)
		*null = is_null(v);
	if (!v || is_null(v) || v->kind != YN_SCALAR)
		return NULL;
	return v->text;
}

static bool has(const sim_expect *x, const char *key)
{
	return ymap_get(x->node, key) != NULL;
}

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

/* Compare an optional id: `key: null` wants NULL, `key: x` wants x. */
static int cmp_id(const sim_expect *x, const char *key, const char *what, const char *got,
		  char *msg, size_t len)
{
	bool null;
	const char *want = want_str(x, key, &null);

	if (!has(x, key))
		return 0;
	if (null ? got != NULL : !got || strcmp(got, want ? want : ""))
		return miss(msg, len, x, "expected %s %s, got %s", what, null ? "(none)" : want,
			    or_none(got));
	return 0;
}

static int cmp_num(const sim_expect *x, const char *key, const char *what, uint64_t got,
		   char *msg, size_t len)
{
	uint64_t want = 0;

	if (!has(x, key))
		return 0;
	if (want_u64(x, key, &want, msg, len) < 0)
		return -1;
	if (want != got)
		return miss(msg, len, x, "expected %s %llu, got %llu", what, (unsigned long long)want,
			    (unsigned long long)got);
	return 0;
}

/* `exists: false` (or true) on an entity; returns 1 when the check is complete. */
static int cmp_exists(const sim_expect *x, const char *what, const char *id, bool found,
		      char *msg, size_t len)
{
	bool want = true;

	if (has(x, "exists") && want_bool(x, "exists", &want, msg, len) < 0)
		return -1;
	if (want != found)
		return miss(msg, len, x, "expected %s '%s' %s, it %s", what, id,
			    want ? "to exist" : "to be gone", found ? "exists" : "does not exist");
	return found ? 0 : 1;
}

/* ------------------------------------------------------------- model facts */

static int expect_gateway(const rasgw_model *m, const sim_expect *x, char *msg, size_t len)
{
	const char *id = want_str(x, "gateway", NULL);
	const rasgw_gateway *g = id ? rasgw_model_gateway_lookup(m, id) : NULL;
	int rc;

	if (!id)
		return miss(msg, len, x, "gateway: expected an id");
	if ((rc = cmp_exists(x, "gateway", id, g != NULL, msg, len)) != 0)
		return rc < 0 ? -1 : 0;
	if (has(x, "role")) {
		const char *want = want_str(x, "role", NULL);
		const char *got = rasgw_gateway_role_name(g->role);
		bool same = want && (!strcasecmp(want, got) ||
				     (!strcasecmp(want, "Standby") && g->role == RASGW_GATEWAY_STANDBY));
		if (!same)
			return miss(msg, len, x, "expected gateway '%s' role %s, got %s", id,
				    or_none(want), got);
	}
	if (cmp_num(x, "connections", "connection count", g->connection_count, msg, len) < 0 ||
	    cmp_num(x, "usedKbps", "used kbps", g->used_kbps, msg, len) < 0 ||
	    cmp_num(x, "routeReflectors", "route reflector count", g->rr_count, msg, len) < 0 ||
	    cmp_id(x, "host", "host", g->host_id, msg, len) < 0 ||
	    cmp_id(x, "greVip", "GRE VIP", g->gre_vip, msg, len) < 0)
		return -1;
	return 0;
}

static int expect_connection(const rasgw_model *m, const sim_expect *x, char *msg, size_t len)
{
	const char *id = want_str(x, "connection", NULL);
	const rasgw_connection *c = id ? rasgw_model_connection_lookup(m, id) : NULL;
	int rc;

	if (!id)
		return miss(msg, len, x, "connection: expected an id");
	if ((rc = cmp_exists(x, "connection", id, c != NULL, msg, len)) != 0)
		return rc < 0 ? -1 : 0;
	const rasgw_gateway *g = c->gateway_id ? rasgw_model_gateway_lookup(m, c->gateway_id) : NULL;
	if (cmp_id(x, "gateway", "gateway", c->gateway_id, msg, len) < 0 ||
	    cmp_id(x, "pool", "pool", g ? g->pool_id : NULL, msg, len) < 0)
		return -1;
	if (has(x, "learnedPrefixes")) {
		const ynode *v = ymap_get(x->node, "learnedPrefixes");
		size_t n = v->kind == YN_SEQ ? v->count : 0;
		bool same = v->kind == YN_SEQ && n == c->learned_prefix_count;
		for (size_t i = 0; same && i < n; i++)
			same = v->items[i]->kind == YN_SCALAR &&
			       !strcmp(v->items[i]->text, c->learned_prefixes[i]);
		if (!same) {
			char got[256] = "";
			size_t used = 0;
			for (size_t i = 0; i < c->learned_prefix_count && used + 2 < sizeof(got); i++)
				used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s",
							 i ? ", " : "", c->learned_prefixes[i]);
			return miss(msg, len, x, "connection '%s' learned prefixes are [%s]", id, got);
		}
	}
	return 0;
}

static int expect_tenant(const rasgw_model *m, const sim_expect *x, char *msg, size_t len)
{
	const char *id = want_str(x, "tenant", NULL);
	const rasgw_tenant *t = id ? rasgw_model_tenant_lookup(m, id) : NULL;

	if (!t)
		return miss(msg, len, x, "tenant '%s' does not exist", or_none(id));
	if (cmp_id(x, "routeReflector", "route reflector", t->rr_gateway, msg, len) < 0 ||
	    cmp_num(x, "connections", "connection count", t->connection_count, msg, len) < 0)
		return -1;
	return 0;
}

static int expect_pool(const rasgw_model *m, const sim_expect *x, char *msg, size_t len)
{
	const char *id = want_str(x, "pool", NULL);
	const rasgw_pool *p = id ? rasgw_model_pool_lookup(m, id) : NULL;
	int rc;

	if (!id)
		return miss(msg, len, x, "pool: expected an id");
	if ((rc = cmp_exists(x, "pool", id, p != NULL, msg, len)) != 0)
		return rc < 0 ? -1 : 0;
	if (cmp_num(x, "active", "active (M)", p->active_count, msg, len) < 0 ||
	    cmp_num(x, "standby", "standby (N)", p->standby_count, msg, len) < 0 ||
	    cmp_num(x, "failed", "failed", p->failed_count, msg, len) < 0 ||
	    cmp_num(x, "gateways", "gateway count", p->gateway_count, msg, len) < 0 ||
	    cmp_num(x, "usedKbps", "used kbps", p->used_kbps, msg, len) < 0 ||
	    cmp_num(x, "freeKbps", "free kbps", p->free_kbps, msg, len) < 0)
		return -1;
	return 0;
}

static int expect_host(const rasgw_model *m, const sim_expect *x, char *msg, size_t len)
{
	const char *id = want_str(x, "host", NULL);
	const rasgw_host *h = id ? rasgw_model_host_lookup(m, id) : NULL;
	bool want = false;

	if (!h)
		return miss(msg, len, x, "host '%s' does not exist", or_none(id));
	if (has(x, "failed")) {
		if (want_bool(x, "failed", &want, msg, len) < 0)
			return -1;
		if (want != h->failed)
			return miss(msg, len, x, "expected host '%s' %s, it is %s", id,
				    want ? "failed" : "up", h->failed ? "failed" : "up");
	}
	return 0;
}

/* -------------------------------------------------------------- plan facts */

typedef struct op_field {
	const char *key;
	size_t offset; /* of a const char * in rasgw_op */
} op_field;

static const op_field op_fields[] = {
	{ "tenant", offsetof(rasgw_op, tenant) },
	{ "connection", offsetof(rasgw_op, connection) },
	{ "gateway", offsetof(rasgw_op, gateway) },
	{ "oldGateway", offsetof(rasgw_op, old_gateway) },
	{ "dip", offsetof(rasgw_op, dip) },
	{ "oldDip", offsetof(rasgw_op, old_dip) },
	{ "publicIp", offsetof(rasgw_op, public_ip) },
	{ "sourceIp", offsetof(rasgw_op, source_ip) },
	{ "prefix", offsetof(rasgw_op, prefix) },
	{ "address", offsetof(rasgw_op, address) },
	{ "peerIp", offsetof(rasgw_op, peer_ip) },
};

static bool op_matches(const sim_expect *x, const rasgw_op *op)
{
	const char *kind = want_str(x, "op", NULL);

	if (!kind || strcmp(kind, rasgw_op_kind_name(op->kind)))
		return false;
	if (has(x, "target")) {
		const char *t = want_str(x, "target", NULL);
		const char *colon = t ? strchr(t, ':') : NULL;
		if (!t)
			return false;
		if (colon) {
			const char *kn = rasgw_target_kind_name(op->target_kind);
			if (strlen(kn) != (size_t)(colon - t) || strncmp(kn, t, strlen(kn)) ||
			    strcmp(colon + 1, op->target))
				return false;
		} else if (strcmp(t, op->target)) {
			return false;
		}
	}
	if (has(x, "phase")) {
		const char *p = want_str(x, "phase", NULL);
		if (!p || strcmp(p, rasgw_phase_name(op->phase)))
			return false;
	}
	if (has(x, "vlan")) {
		const char *v = want_str(x, "vlan", NULL);
		if (!v || strtoul(v, NULL, 10) != op->vlan)
			return false;
	}
	for (size_t i = 0; i < sizeof(op_fields) / sizeof(op_fields[0]); i++) {
		bool null;
		const char *want = want_str(x, op_fields[i].key, &null);
		const char *got = *(const char *const *)((const char *)op + op_fields[i].offset);
		if (!has(x, op_fields[i].key))
			continue;
		if (null ? got != NULL : !got || !want || strcmp(got, want))
			return false;
	}
	return true;
}

static int expect_op(const sim_step *st, const sim_expect *x, char *msg, size_t len)
{
	const char *kind = want_str(x, "op", NULL);
	uint64_t n = 0, want = 0;
	bool exact = has(x, "count");
	bool known = false;

	if (!kind)
		return miss(msg, len, x, "op: expected an operation kind name");
	for (int k = 0; k < RASGW_OP_KIND_COUNT; k++)
		known |= !strcmp(kind, rasgw_op_kind_name((rasgw_op_kind)k));
	if (!known)
		return miss(msg, len, x, "op: '%s' is not an operation kind (e.g. slb.nat.update)",
			    kind);
	if (exact && want_u64(x, "count", &want, msg, len) < 0)
		return -1;
	for (size_t p = 0; p < st->plan_count; p++)
		for (size_t i = 0; i < rasgw_plan_op_count(st->plans[p]); i++)
			n += op_matches(x, rasgw_plan_op_get(st->plans[p], i));
	if (exact ? n != want : n == 0)
		return miss(msg, len, x, "expected %s%llu %s operation(s) matching, the plans have %llu",
			    exact ? "" : "at least ", exact ? (unsigned long long)want : 1ULL, kind,
			    (unsigned long long)n);
	return 0;
}

/* Every op of order[i] comes before every op of order[i+1], and each kind occurs. */
static int expect_order(const sim_step *st, const sim_expect *x, char *msg, size_t len)
{
	const ynode *v = ymap_get(x->node, "order");
	size_t prev_last = 0, pos;
	const char *prev = NULL;

	if (v->kind != YN_SEQ || v->count < 2)
		return miss(msg, len, x, "order: expected a list of at least two operation kinds");
	for (size_t k = 0; k < v->count; k++) {
		const char *kind = v->items[k]->kind == YN_SCALAR ? v->items[k]->text : "";
		size_t first = 0, last = 0, count = 0;
		pos = 0;
		for (size_t p = 0; p < st->plan_count; p++)
			for (size_t i = 0; i < rasgw_plan_op_count(st->plans[p]); i++, pos++)
				if (!strcmp(kind, rasgw_op_kind_name(rasgw_plan_op_get(st->plans[p], i)->kind))) {
					if (!count++)
						first = pos;
					last = pos;
				}
		if (!count)
			return miss(msg, len, x, "order: no %s operation in the plans", kind);
		if (prev && first < prev_last)
			return miss(msg, len, x, "order: a %s operation (#%zu) comes before the last %s "
				    "operation (#%zu)", kind, first + 1, prev, prev_last + 1);
		prev = kind;
		prev_last = last;
	}
	return 0;
}

static int expect_placement(const sim_step *st, const sim_expect *x, char *msg, size_t len)
{
	const char *id = want_str(x, "placement", NULL);
	const rasgw_placement *pl = NULL;

	for (size_t p = 0; id && p < st->plan_count; p++)
		for (size_t i = 0; i < rasgw_plan_placement_count(st->plans[p]); i++) {
			const rasgw_placement *c = rasgw_plan_placement_get(st->plans[p], i);
			if (!strcmp(c->connection, id))
				pl = c; /* the last one wins: a later plan moved it again */
		}
	if (!pl)
		return miss(msg, len, x, "no placement of connection '%s' in the plans", or_none(id));
	if (cmp_id(x, "gateway", "placement gateway", pl->gateway, msg, len) < 0 ||
	    cmp_id(x, "pool", "placement pool", pl->pool, msg, len) < 0 ||
	    cmp_id(x, "oldGateway", "previous gateway", pl->old_gateway, msg, len) < 0 ||
	    cmp_id(x, "tunnelDestination", "tunnel destination", pl->tunnel_destination, msg, len) < 0 ||
	    cmp_id(x, "publicIp", "public IP", pl->public_ip, msg, len) < 0)
		return -1;
	return 0;
}

static int expect_health(const sim_step *st, const sim_expect *x, char *msg, size_t len)
{
	const char *name = want_str(x, "health", NULL), *id = want_str(x, "id", NULL);

	for (size_t i = 0; name && i < st->health_count; i++)
		if (!strcmp(name, rasgw_health_event_name(st->health[i].kind)) &&
		    (!id || !strcmp(id, st->health[i].id)))
			return 0;
	char got[300] = "";
	size_t used = 0;
	for (size_t i = 0; i < st->health_count && used + 2 < sizeof(got); i++)
		used += (size_t)snprintf(got + used, sizeof(got) - used, "%s%s %s", i ? ", " : "",
					 rasgw_health_event_name(st->health[i].kind), st->health[i].id);
	return miss(msg, len, x, "expected health event %s%s%s; the step had: %s", or_none(name),
		    id ? " " : "", id ? id : "", used ? got : "none");
}

static int expect_issue(const sim_step *st, const sim_expect *x, char *msg, size_t len)
{
	const char *id = want_str(x, "issue", NULL), *code = want_str(x, "code", NULL);

	for (size_t p = 0; id && p < st->plan_count; p++)
		for (size_t i = 0; i < rasgw_plan_issue_count(st->plans[p]); i++) {
			const rasgw_plan_issue *is = rasgw_plan_issue_get(st->plans[p], i);
			bool who = (is->connection && !strcmp(is->connection, id)) ||
				   (is->tenant && !strcmp(is->tenant, id));
			if (who && (!code || sim_error_parse(code) == is->code))
				return 0;
		}
	return miss(msg, len, x, "expected an issue about '%s'%s%s in the plans", or_none(id),
		    code ? " with code " : "", code ? code : "");
}

int expect_check(const rasgw_model *m, const sim_step *st, const sim_expect *x, char *msg,
		 size_t len)
{
	const ynode *n = x->node;
	uint64_t want = 0;

	if (ymap_get(n, "op"))
		return expect_op(st, x, msg, len);
	if (ymap_get(n, "order"))
		return expect_order(st, x, msg, len);
	if (ymap_get(n, "placement"))
		return expect_placement(st, x, msg, len);
	if (ymap_get(n, "health"))
		return expect_health(st, x, msg, len);
	if (ymap_get(n, "healthEvents")) {
		if (want_u64(x, "healthEvents", &want, msg, len) < 0)
			return -1;
		return want == st->health_count ? 0
			: miss(msg, len, x, "expected %llu health event(s), got %zu",
			       (unsigned long long)want, st->health_count);
	}
	if (ymap_get(n, "plans")) {
		if (want_u64(x, "plans", &want, msg, len) < 0)
			return -1;
		return want == st->plan_count ? 0
			: miss(msg, len, x, "expected %llu plan(s), got %zu",
			       (unsigned long long)want, st->plan_count);
	}
	if (ymap_get(n, "issues")) {
		size_t got = 0;
		if (want_u64(x, "issues", &want, msg, len) < 0)
			return -1;
		for (size_t p = 0; p < st->plan_count; p++)
			got += rasgw_plan_issue_count(st->plans[p]);
		return want == got ? 0
			: miss(msg, len, x, "expected %llu issue(s) in the plans, got %zu",
			       (unsigned long long)want, got);
	}
	if (ymap_get(n, "issue"))
		return expect_issue(st, x, msg, len);
	if (ymap_get(n, "error")) {
		bool null;
		const char *name = want_str(x, "error", &null);
		int code = null || !name || !strcasecmp(name, "none") ? 0 : sim_error_parse(name);
		if (code == 1)
			return miss(msg, len, x, "error: '%s' is not a status name (ENOCAPACITY ...)",
				    name);
		if (code != st->error)
			return miss(msg, len, x, "expected %s, got %s%s%s",
				    code ? sim_error_name(code) : "no error",
				    st->error ? sim_error_name(st->error) : "no error",
				    st->error ? ": " : "", st->error ? st->error_msg : "");
		return 0;
	}
	if (ymap_get(n, "connection"))
		return expect_connection(m, x, msg, len);
	if (ymap_get(n, "gateway"))
		return expect_gateway(m, x, msg, len);
	if (ymap_get(n, "tenant"))
		return expect_tenant(m, x, msg, len);
	if (ymap_get(n, "pool"))
		return expect_pool(m, x, msg, len);
	if (ymap_get(n, "host"))
		return expect_host(m, x, msg, len);
	return miss(msg, len, x, "nothing to check");
}
