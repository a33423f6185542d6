/*
 * The plan object: builder (used by the planners), accessors, and the names
 * of operation, change, target and phase kinds.
 */
#include "plan_int.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ names */

static const char *const op_names[RASGW_OP_KIND_COUNT] = {
	"slb.nat.add",
	"slb.nat.update",
	"slb.nat.remove",
	"host.route.install",
	"host.route.withdraw",
	"host.policy.install",
	"host.policy.remove",
	"gateway.promote",
	"gateway.demote",
	"gateway.connection.configure",
	"gateway.connection.remove",
	"gateway.bgp.rr.configure",
	"gateway.bgp.rr.remove",
	"gateway.bgp.peer.configure",
	"gateway.bgp.peer.remove",
	"gateway.vip.assign",
	"gateway.vip.release",
	"gateway.l3.address.assign",
	"gateway.l3.address.release",
	"tor.vip.advertise",
	"tor.vip.withdraw",
};

static const rasgw_op_kind op_inverse[RASGW_OP_KIND_COUNT] = {
	RASGW_OP_SLB_NAT_REMOVE,
	RASGW_OP_SLB_NAT_UPDATE,
	RASGW_OP_SLB_NAT_ADD,
	RASGW_OP_HOST_ROUTE_WITHDRAW,
	RASGW_OP_HOST_ROUTE_INSTALL,
	RASGW_OP_HOST_POLICY_REMOVE,
	RASGW_OP_HOST_POLICY_INSTALL,
	RASGW_OP_GATEWAY_DEMOTE,
	RASGW_OP_GATEWAY_PROMOTE,
	RASGW_OP_GATEWAY_CONNECTION_REMOVE,
	RASGW_OP_GATEWAY_CONNECTION_CONFIGURE,
	RASGW_OP_GATEWAY_BGP_RR_REMOVE,
	RASGW_OP_GATEWAY_BGP_RR_CONFIGURE,
	RASGW_OP_GATEWAY_BGP_PEER_REMOVE,
	RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE,
	RASGW_OP_GATEWAY_VIP_RELEASE,
	RASGW_OP_GATEWAY_VIP_ASSIGN,
	RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE,
	RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN,
	RASGW_OP_TOR_VIP_WITHDRAW,
	RASGW_OP_TOR_VIP_ADVERTISE,
};

static const char *const target_names[RASGW_TARGET_KIND_COUNT] = { "slb", "host", "gateway",
								   "tor" };

static const char *const phase_names[RASGW_PHASE_MAX + 1] = {
	"?",	       "withdraw-routes", "remove-policies", "configure",
	"repoint-slb", "repeer",	  "install-routes",  "cleanup",
};

static const char *const change_names[RASGW_CHANGE_KIND_COUNT] = {
	"connection.add", "connection.remove", "connection.move", "connection.routes",
	"tenant.rr",	  "gateway.role",      "gateway.vip",	  "host.state",
	"gateway.add",	  "gateway.remove",    "pool.add",	  "pool.remove",
};

static const rasgw_change_kind change_inverse[RASGW_CHANGE_KIND_COUNT] = {
	RASGW_CHANGE_CONNECTION_REMOVE, RASGW_CHANGE_CONNECTION_ADD, RASGW_CHANGE_CONNECTION_MOVE,
	RASGW_CHANGE_CONNECTION_ROUTES, RASGW_CHANGE_TENANT_RR,	     RASGW_CHANGE_GATEWAY_ROLE,
	RASGW_CHANGE_GATEWAY_VIP,	RASGW_CHANGE_HOST_STATE,     RASGW_CHANGE_GATEWAY_REMOVE,
	RASGW_CHANGE_GATEWAY_ADD,	RASGW_CHANGE_POOL_REMOVE,    RASGW_CHANGE_POOL_ADD,
};

const char *rasgw_op_kind_name(rasgw_op_kind kind)
{
	return (unsigned)kind < RASGW_OP_KIND_COUNT ? op_names[kind] : "?";
}

rasgw_op_kind rasgw_op_kind_inverse(rasgw_op_kind kind)
{
	return (unsigned)kind < RASGW_OP_KIND_COUNT ? op_inverse[kind] : kind;
}

const char *rasgw_target_kind_name(rasgw_target_kind kind)
{
	return (unsigned)kind < RASGW_TARGET_KIND_COUNT ? target_names[kind] : "?";
}

const char *rasgw_phase_name(rasgw_phase phase)
{
	return phase >= 1 && phase <= RASGW_PHASE_MAX ? phase_names[phase] : "?";
}

const char *rasgw_change_kind_name(rasgw_change_kind kind)
{
	return (unsigned)kind < RASGW_CHANGE_KIND_COUNT ? change_names[kind] : "?";
}

static int parse(const char *s, const char *const *names, int n, int first)
{
	if (!s)
		return -1;
	for (int i = first; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

int rasgw__op_kind_parse(const char *s)
{
	return parse(s, op_names, RASGW_OP_KIND_COUNT, 0);
}

int rasgw__change_kind_parse(const char *s)
{
	return parse(s, change_names, RASGW_CHANGE_KIND_COUNT, 0);
}

int rasgw__target_kind_parse(const char *s)
{
	return parse(s, target_names, RASGW_TARGET_KIND_COUNT, 0);
}

int rasgw__phase_parse(const char *s)
{
	return parse(s, phase_names, RASGW_PHASE_MAX + 1, 1);
}

rasgw_target_kind rasgw__op_kind_target(rasgw_op_kind kind)
{
	if (kind <= RASGW_OP_SLB_NAT_REMOVE)
		return RASGW_TARGET_SLB;
	if (kind <= RASGW_OP_HOST_POLICY_REMOVE)
		return RASGW_TARGET_HOST;
	if (kind <= RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE)
		return RASGW_TARGET_GATEWAY;
	return RASGW_TARGET_TOR;
}

rasgw_change_kind rasgw__change_kind_inverse(rasgw_change_kind kind)
{
	return (unsigned)kind < RASGW_CHANGE_KIND_COUNT ? change_inverse[kind] : kind;
}

void rasgw__op_inverse(const rasgw_op *in, rasgw_op *out)
{
	*out = *in;
	out->kind = rasgw_op_kind_inverse(in->kind);
	if (in->phase >= 1 && in->phase <= RASGW_PHASE_MAX)
		out->phase = (rasgw_phase)(RASGW_PHASE_MAX + 1 - in->phase);
	if (in->kind == RASGW_OP_SLB_NAT_UPDATE) {
		out->dip = in->old_dip;
		out->old_dip = in->dip;
		out->gateway = in->old_gateway;
		out->old_gateway = in->gateway;
	}
}

/* -------------------------------------------------------------- lifecycle */

int rasgw__plan_alloc(rasgw_plan **out)
{
	rasgw_plan *p = rasgw__calloc(1, sizeof(*p));
	if (!p)
		return rasgw__error_nomem();
	*out = p;
	return 0;
}

void rasgw_plan_free(rasgw_plan *p)
{
	if (!p)
		return;
	RASGW__VEC_FREE(&p->ops);
	RASGW__VEC_FREE(&p->changes);
	RASGW__VEC_FREE(&p->placements);
	RASGW__VEC_FREE(&p->issues);
	rasgw__map_free(&p->overlay);
	rasgw__arena_free(&p->arena);
	rasgw__free(p);
}

void rasgw__plan_abort(rasgw_plan *p)
{
	rasgw_plan_free(p);
}

static void latch(rasgw_plan *p, int rc)
{
	if (!p->error)
		p->error = rc;
}

const char *rasgw__plan_str(rasgw_plan *p, const char *s)
{
	if (!s)
		return NULL;
	char *c = rasgw__arena_strdup(&p->arena, s);
	if (!c)
		latch(p, rasgw__error_nomem());
	return c;
}

int rasgw__plan_new(rasgw_plan **out, const rasgw_model *m, const char *event, const char *subject)
{
	rasgw_plan *p = NULL;
	int rc = rasgw__plan_alloc(&p);
	if (rc < 0)
		return rc;
	p->model = m;
	p->fp_sum = m->fp_sum;
	p->base_fp = rasgw_model_fingerprint(m);
	p->event = rasgw__plan_str(p, event ? event : "?");
	p->subject = rasgw__plan_str(p, subject);
	if (p->error) {
		rc = p->error;
		rasgw_plan_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/* ------------------------------------------------------------ deep copies */

static const char *const *copy_strs(rasgw_plan *p, const char *const *v, size_t n)
{
	if (!n)
		return NULL;
	const char **c = rasgw__arena_alloc(&p->arena, n * sizeof(*c));
	if (!c) {
		latch(p, rasgw__error_nomem());
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		c[i] = rasgw__plan_str(p, v[i]);
	return c;
}

rasgw_connection *rasgw__plan_copy_connection(rasgw_plan *p, const rasgw_connection *s)
{
	if (!s)
		return NULL;
	rasgw_connection *c = rasgw__arena_alloc(&p->arena, sizeof(*c));
	if (!c) {
		latch(p, rasgw__error_nomem());
		return NULL;
	}
	*c = *s;
	c->id = rasgw__plan_str(p, s->id);
	c->tenant_id = rasgw__plan_str(p, s->tenant_id);
	c->source_ip = rasgw__plan_str(p, s->source_ip);
	c->destination_ip = rasgw__plan_str(p, s->destination_ip);
	c->remote_endpoint = rasgw__plan_str(p, s->remote_endpoint);
	c->vlan_subnet = rasgw__plan_str(p, s->vlan_subnet);
	c->ca_ip = rasgw__plan_str(p, s->ca_ip);
	c->peer_ip = rasgw__plan_str(p, s->peer_ip);
	c->bgp_ip = rasgw__plan_str(p, s->bgp_ip);
	c->peer_bgp_ip = rasgw__plan_str(p, s->peer_bgp_ip);
	c->static_prefixes = copy_strs(p, s->static_prefixes, s->static_prefix_count);
	c->learned_prefixes = copy_strs(p, s->learned_prefixes, s->learned_prefix_count);
	c->gateway_id = rasgw__plan_str(p, s->gateway_id);
	return c;
}

rasgw_gateway *rasgw__plan_copy_gateway(rasgw_plan *p, const rasgw_gateway *s)
{
	if (!s)
		return NULL;
	rasgw_gateway *g = rasgw__arena_alloc(&p->arena, sizeof(*g));
	if (!g) {
		latch(p, rasgw__error_nomem());
		return NULL;
	}
	*g = *s;
	g->id = rasgw__plan_str(p, s->id);
	g->pool_id = rasgw__plan_str(p, s->pool_id);
	g->host_id = rasgw__plan_str(p, s->host_id);
	g->dip = rasgw__plan_str(p, s->dip);
	g->gre_vip = rasgw__plan_str(p, s->gre_vip);
	return g;
}

rasgw_pool *rasgw__plan_copy_pool(rasgw_plan *p, const rasgw_pool *s)
{
	if (!s)
		return NULL;
	rasgw_pool *c = rasgw__arena_alloc(&p->arena, sizeof(*c));
	if (!c) {
		latch(p, rasgw__error_nomem());
		return NULL;
	}
	*c = *s;
	c->id = rasgw__plan_str(p, s->id);
	c->public_ips = copy_strs(p, s->public_ips, s->public_ip_count);
	c->gre_vip_subnets = copy_strs(p, s->gre_vip_subnets, s->gre_vip_subnet_count);
	c->tenants = copy_strs(p, s->tenants, s->tenant_count);
	c->reseller = rasgw__plan_str(p, s->reseller);
	return c;
}

/* --------------------------------------------------------------- building */

void rasgw__plan_add_op(rasgw_plan *p, const rasgw_op *op)
{
	if (p->error)
		return;
	rasgw_op c = *op;
	c.target = rasgw__plan_str(p, op->target);
	c.tenant = rasgw__plan_str(p, op->tenant);
	c.connection = rasgw__plan_str(p, op->connection);
	c.gateway = rasgw__plan_str(p, op->gateway);
	c.old_gateway = rasgw__plan_str(p, op->old_gateway);
	c.dip = rasgw__plan_str(p, op->dip);
	c.old_dip = rasgw__plan_str(p, op->old_dip);
	c.public_ip = rasgw__plan_str(p, op->public_ip);
	c.source_ip = rasgw__plan_str(p, op->source_ip);
	c.prefix = rasgw__plan_str(p, op->prefix);
	c.address = rasgw__plan_str(p, op->address);
	c.peer_ip = rasgw__plan_str(p, op->peer_ip);
	c.settings = rasgw__plan_copy_connection(p, op->settings);
	if (!p->error && RASGW__VEC_PUSH(&p->ops, c) < 0)
		latch(p, RASGW_ENOMEM);
}

/*
 * The fingerprint overlay: the record of each entity as this plan has
 * changed it so far, keyed "<tag>\x1f<id>". A removed entity maps to the
 * `removed` sentinel.
 */
static char removed;

static const char *overlay_key(rasgw_plan *p, char tag, const char *id)
{
	size_t n = strlen(id);
	char *k = rasgw__arena_alloc(&p->arena, n + 3);
	if (!k) {
		latch(p, rasgw__error_nomem());
		return NULL;
	}
	k[0] = tag;
	k[1] = 0x1f;
	memcpy(k + 2, id, n + 1);
	return k;
}

static void *current(rasgw_plan *p, char tag, const char *id, const char **key)
{
	*key = overlay_key(p, tag, id);
	if (!*key)
		return NULL;
	void *v = rasgw__map_get(&p->overlay, *key);
	if (v)
		return v == &removed ? NULL : v;
	const rasgw_model *m = p->model;
	switch (tag) {
	case 'c': return rasgw__table_get(&m->conns, id);
	case 't': return rasgw__table_get(&m->tenants, id);
	case 'g': return rasgw__table_get(&m->gateways, id);
	case 'h': return rasgw__table_get(&m->hosts, id);
	case 'p': return rasgw__table_get(&m->pools, id);
	}
	return NULL;
}

static void put(rasgw_plan *p, const char *key, void *rec)
{
	if (key && rasgw__map_put(&p->overlay, key, rec) < 0)
		latch(p, RASGW_ENOMEM);
}

static void *copy_rec(rasgw_plan *p, const void *src, size_t size)
{
	void *c = rasgw__arena_alloc(&p->arena, size);
	if (!c) {
		latch(p, rasgw__error_nomem());
		return NULL;
	}
	memcpy(c, src, size);
	return c;
}

/* Advance the running fingerprint over one change (see plan_int.h). */
static void simulate(rasgw_plan *p, const rasgw_change *ch)
{
	const char *key;
	if (!ch->id) {
		latch(p, rasgw__error(RASGW_EINVAL, "plan change %s without id",
				      rasgw_change_kind_name(ch->kind)));
		return;
	}
	switch (ch->kind) {
	case RASGW_CHANGE_CONNECTION_ADD:
		if (!ch->connection)
			break;
		p->fp_sum += rasgw__hash_connection(ch->connection);
		current(p, 'c', ch->id, &key);
		put(p, key, (void *)ch->connection);
		return;
	case RASGW_CHANGE_GATEWAY_ADD:
		if (!ch->gateway)
			break;
		p->fp_sum += rasgw__hash_gateway(ch->gateway);
		current(p, 'g', ch->id, &key);
		put(p, key, (void *)ch->gateway);
		return;
	case RASGW_CHANGE_POOL_ADD:
		if (!ch->pool)
			break;
		p->fp_sum += rasgw__hash_pool(ch->pool);
		current(p, 'p', ch->id, &key);
		put(p, key, (void *)ch->pool);
		return;
	case RASGW_CHANGE_CONNECTION_REMOVE:
	case RASGW_CHANGE_CONNECTION_MOVE:
	case RASGW_CHANGE_CONNECTION_ROUTES: {
		const rasgw_connection *cur = current(p, 'c', ch->id, &key);
		if (!cur)
			break;
		p->fp_sum -= rasgw__hash_connection(cur);
		if (ch->kind == RASGW_CHANGE_CONNECTION_REMOVE) {
			put(p, key, &removed);
			return;
		}
		rasgw_connection *n = copy_rec(p, cur, sizeof(*n));
		if (!n)
			return;
		if (ch->kind == RASGW_CHANGE_CONNECTION_MOVE) {
			n->gateway_id = ch->to;
		} else {
			n->learned_prefixes = ch->to_prefixes;
			n->learned_prefix_count = ch->to_prefix_count;
		}
		p->fp_sum += rasgw__hash_connection(n);
		put(p, key, n);
		return;
	}
	case RASGW_CHANGE_TENANT_RR: {
		const rasgw_tenant *cur = current(p, 't', ch->id, &key);
		if (!cur)
			break;
		rasgw_tenant *n = copy_rec(p, cur, sizeof(*n));
		if (!n)
			return;
		n->rr_gateway = ch->to;
		p->fp_sum += rasgw__hash_tenant(n) - rasgw__hash_tenant(cur);
		put(p, key, n);
		return;
	}
	case RASGW_CHANGE_GATEWAY_ROLE:
	case RASGW_CHANGE_GATEWAY_VIP:
	case RASGW_CHANGE_GATEWAY_REMOVE: {
		const rasgw_gateway *cur = current(p, 'g', ch->id, &key);
		if (!cur)
			break;
		p->fp_sum -= rasgw__hash_gateway(cur);
		if (ch->kind == RASGW_CHANGE_GATEWAY_REMOVE) {
			put(p, key, &removed);
			return;
		}
		rasgw_gateway *n = copy_rec(p, cur, sizeof(*n));
		if (!n)
			return;
		if (ch->kind == RASGW_CHANGE_GATEWAY_ROLE) {
			int role = rasgw__gateway_role_parse(ch->to);
			if (role < 0) {
				latch(p, rasgw__error(RASGW_EINVAL, "plan: unknown role '%s'",
						      ch->to ? ch->to : "(null)"));
				return;
			}
			n->role = (rasgw_gateway_role)role;
		} else {
			n->gre_vip = ch->to;
		}
		p->fp_sum += rasgw__hash_gateway(n);
		put(p, key, n);
		return;
	}
	case RASGW_CHANGE_HOST_STATE: {
		const rasgw_host *cur = current(p, 'h', ch->id, &key);
		if (!cur)
			break;
		rasgw_host *n = copy_rec(p, cur, sizeof(*n));
		if (!n)
			return;
		n->failed = ch->to && strcmp(ch->to, "failed") == 0;
		p->fp_sum += rasgw__hash_host(n) - rasgw__hash_host(cur);
		put(p, key, n);
		return;
	}
	case RASGW_CHANGE_POOL_REMOVE: {
		const rasgw_pool *cur = current(p, 'p', ch->id, &key);
		if (!cur)
			break;
		p->fp_sum -= rasgw__hash_pool(cur);
		put(p, key, &removed);
		return;
	}
	}
	if (!p->error)
		latch(p, rasgw__error(RASGW_EINVAL, "plan change %s: '%s' is unknown or incomplete",
				      rasgw_change_kind_name(ch->kind), ch->id));
}

void rasgw__plan_add_change(rasgw_plan *p, const rasgw_change *ch)
{
	if (p->error)
		return;
	rasgw_change c = *ch;
	c.id = rasgw__plan_str(p, ch->id);
	c.from = rasgw__plan_str(p, ch->from);
	c.to = rasgw__plan_str(p, ch->to);
	c.from_prefixes = copy_strs(p, ch->from_prefixes, ch->from_prefix_count);
	c.to_prefixes = copy_strs(p, ch->to_prefixes, ch->to_prefix_count);
	c.connection = rasgw__plan_copy_connection(p, ch->connection);
	c.gateway = rasgw__plan_copy_gateway(p, ch->gateway);
	c.pool = rasgw__plan_copy_pool(p, ch->pool);
	if (p->error)
		return;
	if (p->model)
		simulate(p, &c);
	if (!p->error && RASGW__VEC_PUSH(&p->changes, c) < 0)
		latch(p, RASGW_ENOMEM);
}

void rasgw__plan_add_placement(rasgw_plan *p, const rasgw_placement *pl)
{
	if (p->error)
		return;
	rasgw_placement c = *pl;
	c.connection = rasgw__plan_str(p, pl->connection);
	c.tenant = rasgw__plan_str(p, pl->tenant);
	c.pool = rasgw__plan_str(p, pl->pool);
	c.gateway = rasgw__plan_str(p, pl->gateway);
	c.old_gateway = rasgw__plan_str(p, pl->old_gateway);
	c.tunnel_destination = rasgw__plan_str(p, pl->tunnel_destination);
	c.public_ip = rasgw__plan_str(p, pl->public_ip);
	if (!p->error && RASGW__VEC_PUSH(&p->placements, c) < 0)
		latch(p, RASGW_ENOMEM);
}

void rasgw__plan_add_issue(rasgw_plan *p, const char *connection, const char *tenant, int code,
			   const char *fmt, ...)
{
	if (p->error)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	rasgw_plan_issue is = { rasgw__plan_str(p, connection), rasgw__plan_str(p, tenant), code,
				rasgw__plan_str(p, msg) };
	if (!p->error && RASGW__VEC_PUSH(&p->issues, is) < 0)
		latch(p, RASGW_ENOMEM);
}

int rasgw__plan_sort_ops(rasgw_plan *p)
{
	size_t n = p->ops.count, start[RASGW_PHASE_MAX + 2] = { 0 };
	for (size_t i = 0; i < n; i++) {
		rasgw_phase ph = p->ops.items[i].phase;
		if (ph < 1 || ph > RASGW_PHASE_MAX)
			return rasgw__error(RASGW_EINVAL, "plan op %zu (%s) has no valid phase", i,
					    rasgw_op_kind_name(p->ops.items[i].kind));
		start[ph + 1]++;
	}
	if (n < 2)
		return 0;
	for (int ph = 1; ph <= RASGW_PHASE_MAX + 1; ph++)
		start[ph] += start[ph - 1];
	rasgw_op *sorted = rasgw__calloc(n, sizeof(*sorted));
	if (!sorted)
		return rasgw__error_nomem();
	for (size_t i = 0; i < n; i++)
		sorted[start[p->ops.items[i].phase]++] = p->ops.items[i];
	rasgw__free(p->ops.items);
	p->ops.items = sorted;
	p->ops.cap = n;
	return 0;
}

int rasgw__plan_finish(rasgw_plan *p, rasgw_plan **out)
{
	int rc = p->error;
	if (!rc)
		rc = rasgw__plan_sort_ops(p);
	if (rc < 0) {
		rasgw_plan_free(p);
		return rc;
	}
	p->result_fp = rasgw__fingerprint_of_sum(p->fp_sum);
	p->model = NULL;
	rasgw__map_free(&p->overlay);
	*out = p;
	return 0;
}

/* -------------------------------------------------------------- accessors */

#define LIST_ACCESSORS(name, vec, type)                                                      \
	size_t rasgw_plan_##name##_count(const rasgw_plan *p)                                \
	{                                                                                    \
		return p ? p->vec.count : 0;                                                 \
	}                                                                                    \
	const type *rasgw_plan_##name##_get(const rasgw_plan *p, size_t i)                   \
	{                                                                                    \
		return p && i < p->vec.count ? &p->vec.items[i] : NULL;                      \
	}

LIST_ACCESSORS(op, ops, rasgw_op)
LIST_ACCESSORS(change, changes, rasgw_change)
LIST_ACCESSORS(placement, placements, rasgw_placement)
LIST_ACCESSORS(issue, issues, rasgw_plan_issue)

int rasgw_plan_op_foreach(const rasgw_plan *p, rasgw_op_cb cb, void *payload)
{
	if (!p || !cb)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_op_foreach: NULL argument");
	for (size_t i = 0; i < p->ops.count; i++) {
		int rc = cb(&p->ops.items[i], payload);
		if (rc)
			return rc;
	}
	return 0;
}

const char *rasgw_plan_event(const rasgw_plan *p)
{
	return p && p->event ? p->event : "?";
}

const char *rasgw_plan_subject(const rasgw_plan *p)
{
	return p ? p->subject : NULL;
}

uint64_t rasgw_plan_base_fingerprint(const rasgw_plan *p)
{
	return p ? p->base_fp : 0;
}

uint64_t rasgw_plan_result_fingerprint(const rasgw_plan *p)
{
	return p ? p->result_fp : 0;
}
