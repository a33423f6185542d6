/*
 * Committing a plan's changes to the model: the only way a loaded model
 * changes, and all or nothing.
 *
 * The plan must have been computed on this very state (its base fingerprint,
 * R8.4: optimistic concurrency between controllers). Then each change is
 * checked against the model as the earlier changes left it ("from" must be
 * what is there now, a connection must fit where it goes) and applied at
 * once, and an undo record is kept. Any refusal, an allocation failure or a
 * final state that is not the one the plan promised (its result
 * fingerprint) undoes the applied changes in reverse order.
 *
 * Undo never allocates, so it cannot fail: every primitive used here either
 * only reuses room that the change it undoes left reserved (link/unlink,
 * place, route reflectors), or the change kept the old value aside instead
 * of freeing it (learned prefixes, GRE VIPs, removed entities). What was
 * removed or replaced is freed only once the whole plan has been applied.
 */
#include "plan_int.h"

#include <stdio.h>
#include <string.h>

typedef struct undo {
	const rasgw_change *ch;
	void *entity;               /* the entity changed, added or removed */
	rasgw__gateway *old_gw;     /* move, RR, remove: gateway before */
	const char *const *old_list; /* routes: learned prefixes before */
	size_t old_count;
	char *old_vip;              /* VIP: the gateway's string before */
	rasgw__vip_undo vip;        /* VIP: what the swap did to the address map */
	int old_value;              /* role, host failed */
} undo;

typedef struct commit {
	rasgw_model *m;
	const rasgw_plan *plan;
	undo *log;
	size_t done;  /* changes applied (entries of log in use) */
	size_t index; /* change being applied, for messages */
} commit;

/* "commit: changes[3] connection.move 'c9': <why>"; the model's own words when why is NULL. */
RASGW__PRINTF(3, 4)
static int fail(const commit *cm, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	const rasgw_change *ch = &cm->plan->changes.items[cm->index];
	return rasgw__error(code, "commit: changes[%zu] %s '%s': %s", cm->index,
			    rasgw_change_kind_name(ch->kind), ch->id ? ch->id : "?", msg);
}

/* A refusal from a model primitive: keep its message, report EVALIDATE (ENOMEM stays). */
static int wrap(const commit *cm, int rc)
{
	if (rc == RASGW_ENOMEM)
		return rc;
	char msg[768];
	snprintf(msg, sizeof(msg), "%s", rasgw_error_last()->message);
	return fail(cm, RASGW_EVALIDATE, "%s", msg);
}

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *or_none(const char *s)
{
	return s ? s : "(none)";
}

static bool serves_connections(const rasgw__gateway *g)
{
	return g->pub.role == RASGW_GATEWAY_ACTIVE || g->pub.role == RASGW_GATEWAY_DRAINING;
}

/* The gateway a change sends a connection or RR to: exists and is active or draining. */
static int target_gateway(const commit *cm, const char *id, const char *what, rasgw__gateway **out)
{
	rasgw__gateway *g = rasgw__table_get(&cm->m->gateways, id);
	if (!g)
		return fail(cm, RASGW_EVALIDATE, "gateway '%s' does not exist", id);
	if (!serves_connections(g))
		return fail(cm, RASGW_EVALIDATE, "gateway '%s' is %s; %s go to active or draining "
						 "gateways only", id,
			    rasgw_gateway_role_name(g->pub.role), what);
	*out = g;
	return 0;
}

/* ------------------------------------------------------------ connections */

static int conn_add(commit *cm, const rasgw_change *ch, undo *u)
{
	const rasgw_connection *rec = ch->connection;
	if (!rec || !same(rec->id, ch->id))
		return fail(cm, RASGW_EVALIDATE, "the change carries no connection record of that id");
	if (rasgw__table_get(&cm->m->conns, ch->id))
		return fail(cm, RASGW_EVALIDATE, "connection already exists");
	if (rec->gateway_id) {
		rasgw__gateway *g;
		int rc = target_gateway(cm, rec->gateway_id, "connections", &g);
		if (rc < 0)
			return rc;
	}
	/* The builder checks the record and the placement rules (R1.3, R2.2, R2.3 ...). */
	int rc = rasgw__model_add_connection(cm->m, rec, NULL);
	if (rc < 0)
		return wrap(cm, rc);
	u->entity = rasgw__table_get(&cm->m->conns, ch->id);
	return 0;
}

static void conn_add_undo(rasgw_model *m, undo *u)
{
	rasgw__conn *c = u->entity;
	(void)rasgw__model_place(m, c, NULL); /* unplacing never allocates */
	(void)rasgw__model_unlink_connection(m, c);
	rasgw__conn_free(c);
}

static int conn_lookup(const commit *cm, const char *id, rasgw__conn **out)
{
	*out = rasgw__table_get(&cm->m->conns, id);
	return *out ? 0 : fail(cm, RASGW_EVALIDATE, "connection does not exist");
}

static int conn_remove(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__conn *c;
	int rc = conn_lookup(cm, ch->id, &c);
	if (rc < 0)
		return rc;
	/* The record is what the inverse adds back: it must be the connection as it is now. */
	if (!ch->connection || rasgw__hash_connection(ch->connection) != c->hash)
		return fail(cm, RASGW_EVALIDATE,
			    "the plan's record is not the connection as it is in the model "
			    "(placed on %s)", or_none(c->pub.gateway_id));
	u->entity = c;
	u->old_gw = c->gw;
	(void)rasgw__model_place(cm->m, c, NULL);
	(void)rasgw__model_unlink_connection(cm->m, c); /* unplaced: cannot refuse */
	return 0;
}

static void conn_remove_undo(rasgw_model *m, undo *u)
{
	rasgw__conn *c = u->entity;
	rasgw__model_relink_connection(m, c);
	/* Unplaced now, so placing back reserves no more than was there. */
	if (u->old_gw)
		(void)rasgw__model_place(m, c, u->old_gw);
}

static int conn_move(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__conn *c;
	rasgw__gateway *g = NULL;
	int rc = conn_lookup(cm, ch->id, &c);
	if (rc < 0)
		return rc;
	if (!same(c->pub.gateway_id, ch->from))
		return fail(cm, RASGW_EVALIDATE, "the connection is on %s, not on %s as the plan says",
			    or_none(c->pub.gateway_id), or_none(ch->from));
	if (ch->to) {
		if ((rc = target_gateway(cm, ch->to, "connections", &g)) < 0)
			return rc;
		const char *reason = "";
		rc = rasgw__check_placement(cm->m, c->tenant, &c->pub, g, 0, c, &reason);
		if (rc < 0)
			return fail(cm, RASGW_EVALIDATE, "cannot go to gateway '%s': %s", ch->to,
				    reason);
	}
	u->entity = c;
	u->old_gw = c->gw;
	if ((rc = rasgw__model_place(cm->m, c, g)) < 0)
		return rc;
	return 0;
}

static void conn_move_undo(rasgw_model *m, undo *u)
{
	rasgw__conn *c = u->entity;
	/* Unplace first: placing back then needs no more room than the move found. */
	(void)rasgw__model_place(m, c, NULL);
	if (u->old_gw)
		(void)rasgw__model_place(m, c, u->old_gw);
}

static int conn_routes(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__conn *c;
	int rc = conn_lookup(cm, ch->id, &c);
	if (rc < 0)
		return rc;
	bool equal = c->pub.learned_prefix_count == ch->from_prefix_count;
	for (size_t i = 0; equal && i < ch->from_prefix_count; i++)
		equal = same(c->pub.learned_prefixes[i], ch->from_prefixes[i]);
	if (!equal)
		return fail(cm, RASGW_EVALIDATE,
			    "the connection's learned prefixes (%zu) are not the plan's 'from' list (%zu)",
			    c->pub.learned_prefix_count, ch->from_prefix_count);
	size_t n = ch->to_prefix_count;
	if (n && c->pub.routing != RASGW_ROUTING_BGP)
		return fail(cm, RASGW_EVALIDATE, "learned prefixes need BGP routing (R2.4)");
	for (size_t i = 0; i < n; i++) {
		char canon[RASGW__ADDR_MAX];
		const char *s = ch->to_prefixes[i];
		if (!s || rasgw__prefix_canon(s, canon) < 0 || strcmp(canon, s) != 0)
			return fail(cm, RASGW_EVALIDATE, "'%s' is not a canonical prefix", or_none(s));
		if (i && strcmp(ch->to_prefixes[i - 1], s) >= 0)
			return fail(cm, RASGW_EVALIDATE, "prefixes are not ascending and unique at '%s'",
				    s);
	}
	char **v;
	if ((rc = rasgw__strs_dup(ch->to_prefixes, n, &v)) < 0)
		return rc;
	u->entity = c;
	u->old_list = (const char *const *)v;
	u->old_count = n;
	rasgw__model_swap_learned(cm->m, c, &u->old_list, &u->old_count);
	return 0;
}

static void conn_routes_undo(rasgw_model *m, undo *u)
{
	/* Swapping back hands over the plan's list, which nothing else holds. */
	rasgw__model_swap_learned(m, u->entity, &u->old_list, &u->old_count);
	rasgw__strs_free(u->old_list, u->old_count);
}

/* ---------------------------------------------------- tenants, gateways, hosts */

static int tenant_rr(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__tenant *t = rasgw__table_get(&cm->m->tenants, ch->id);
	rasgw__gateway *g = NULL;
	int rc;
	if (!t)
		return fail(cm, RASGW_EVALIDATE, "tenant does not exist");
	if (!same(t->pub.rr_gateway, ch->from))
		return fail(cm, RASGW_EVALIDATE,
			    "the tenant's route reflector is on %s, not on %s as the plan says",
			    or_none(t->pub.rr_gateway), or_none(ch->from));
	if (ch->to && (rc = target_gateway(cm, ch->to, "route reflectors (R3.2)", &g)) < 0)
		return rc;
	u->entity = t;
	u->old_gw = t->rr;
	return rasgw__model_set_rr(cm->m, t, g);
}

static void tenant_rr_undo(rasgw_model *m, undo *u)
{
	/* The old holder lost t's slot, so taking it back reserves nothing new. */
	(void)rasgw__model_set_rr(m, u->entity, u->old_gw);
}

static int gw_lookup(const commit *cm, const char *id, rasgw__gateway **out)
{
	*out = rasgw__table_get(&cm->m->gateways, id);
	return *out ? 0 : fail(cm, RASGW_EVALIDATE, "gateway does not exist");
}

static int gw_role(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__gateway *g;
	int rc = gw_lookup(cm, ch->id, &g);
	if (rc < 0)
		return rc;
	int from = ch->from ? rasgw__gateway_role_parse(ch->from) : -1;
	int to = ch->to ? rasgw__gateway_role_parse(ch->to) : -1;
	if (from < 0 || to < 0)
		return fail(cm, RASGW_EVALIDATE, "unknown role '%s' -> '%s'", or_none(ch->from),
			    or_none(ch->to));
	if ((int)g->pub.role != from)
		return fail(cm, RASGW_EVALIDATE, "the gateway is %s, not %s as the plan says",
			    rasgw_gateway_role_name(g->pub.role), ch->from);
	u->entity = g;
	u->old_value = (int)g->pub.role;
	rasgw__model_set_role(cm->m, g, (rasgw_gateway_role)to);
	return 0;
}

static void gw_role_undo(rasgw_model *m, undo *u)
{
	rasgw__model_set_role(m, u->entity, (rasgw_gateway_role)u->old_value);
}

/*
 * GRE VIPs (R6.1, R6.3). A failover may swap the VIPs of two gateways in two
 * changes; between them both gateways hold the same VIP and the address map
 * points at the one that took it last (rasgw__model_swap_gre_vip).
 */
static int gw_vip(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw_model *m = cm->m;
	rasgw__gateway *g;
	int rc = gw_lookup(cm, ch->id, &g);
	if (rc < 0)
		return rc;
	if (!same(g->pub.gre_vip, ch->from))
		return fail(cm, RASGW_EVALIDATE, "the gateway's GRE VIP is %s, not %s as the plan says",
			    or_none(g->pub.gre_vip), or_none(ch->from));
	if (!rasgw__pool_accepts_gre(&g->pool->pub))
		return fail(cm, RASGW_EVALIDATE, "pool '%s' does not accept GRE: no VIP (R6.1)",
			    g->pool->pub.id);
	char canon[RASGW__ADDR_MAX];
	if (!ch->to || rasgw__addr_canon(ch->to, canon) < 0 || strcmp(canon, ch->to) != 0)
		return fail(cm, RASGW_EVALIDATE,
			    "a gateway of a GRE pool needs a VIP in canonical form, not %s (R6.1)",
			    or_none(ch->to));
	bool inside = false;
	for (size_t i = 0; i < g->pool->pub.gre_vip_subnet_count && !inside; i++)
		inside = rasgw__addr_in_prefix(ch->to, g->pool->pub.gre_vip_subnets[i]);
	if (!inside)
		return fail(cm, RASGW_EVALIDATE, "%s is outside the greVipSubnets of pool '%s' (R6.1)",
			    ch->to, g->pool->pub.id);
	rasgw__gateway *holder = rasgw__model_addr_gateway(m, ch->to);
	if (holder && !same(holder->pub.gre_vip, ch->to))
		return fail(cm, RASGW_EVALIDATE, "%s is the DIP of gateway '%s'", ch->to,
			    holder->pub.id);
	char *copy = rasgw__strdup(ch->to);
	if (!copy)
		return rasgw__error_nomem();
	if ((rc = rasgw__model_gre_vip_reserve(m)) < 0) {
		rasgw__free(copy);
		return rc;
	}
	u->entity = g;
	u->old_vip = copy;
	rasgw__model_swap_gre_vip(m, g, &u->old_vip, &u->vip);
	return 0;
}

static void gw_vip_undo(rasgw_model *m, undo *u)
{
	rasgw__model_unswap_gre_vip(m, u->entity, &u->old_vip, &u->vip);
	rasgw__free(u->old_vip); /* the plan's copy, which nothing else holds now */
}

static int host_state(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__host *h = rasgw__table_get(&cm->m->hosts, ch->id);
	if (!h)
		return fail(cm, RASGW_EVALIDATE, "host does not exist");
	const char *now = h->pub.failed ? "failed" : "up";
	if (!same(now, ch->from))
		return fail(cm, RASGW_EVALIDATE, "the host is %s, not %s as the plan says", now,
			    or_none(ch->from));
	if (!same(ch->to, "up") && !same(ch->to, "failed"))
		return fail(cm, RASGW_EVALIDATE, "unknown host state %s (up or failed)",
			    or_none(ch->to));
	u->entity = h;
	u->old_value = h->pub.failed;
	rasgw__model_set_host_failed(cm->m, h, same(ch->to, "failed"));
	return 0;
}

static void host_state_undo(rasgw_model *m, undo *u)
{
	rasgw__model_set_host_failed(m, u->entity, u->old_value != 0);
}

/* ---------------------------------------------------------- gateways, pools */

static int gw_add(commit *cm, const rasgw_change *ch, undo *u)
{
	if (!ch->gateway || !same(ch->gateway->id, ch->id))
		return fail(cm, RASGW_EVALIDATE, "the change carries no gateway record of that id");
	int rc = rasgw__model_add_gateway(cm->m, ch->gateway, NULL);
	if (rc < 0)
		return wrap(cm, rc);
	u->entity = rasgw__table_get(&cm->m->gateways, ch->id);
	return 0;
}

static void gw_add_undo(rasgw_model *m, undo *u)
{
	(void)rasgw__model_unlink_gateway(m, u->entity); /* empty again: cannot refuse */
	rasgw__gateway_free(u->entity);
}

static int gw_remove(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__gateway *g;
	int rc = gw_lookup(cm, ch->id, &g);
	if (rc < 0)
		return rc;
	if (!ch->gateway || rasgw__hash_gateway(ch->gateway) != g->hash)
		return fail(cm, RASGW_EVALIDATE,
			    "the plan's record is not the gateway as it is in the model (%s)",
			    rasgw_gateway_role_name(g->pub.role));
	/* Relinking puts the VIP entry back unconditionally: it must be g's now. */
	if (g->pub.gre_vip && rasgw__model_addr_gateway(cm->m, g->pub.gre_vip) != g)
		return fail(cm, RASGW_EVALIDATE, "its GRE VIP %s is held by another gateway",
			    g->pub.gre_vip);
	if ((rc = rasgw__model_unlink_gateway(cm->m, g)) < 0)
		return wrap(cm, rc);
	u->entity = g;
	return 0;
}

static void gw_remove_undo(rasgw_model *m, undo *u)
{
	rasgw__model_relink_gateway(m, u->entity);
}

static int pool_add(commit *cm, const rasgw_change *ch, undo *u)
{
	if (!ch->pool || !same(ch->pool->id, ch->id))
		return fail(cm, RASGW_EVALIDATE, "the change carries no pool record of that id");
	int rc = rasgw__model_add_pool(cm->m, ch->pool, NULL);
	if (rc < 0)
		return wrap(cm, rc);
	u->entity = rasgw__table_get(&cm->m->pools, ch->id);
	return 0;
}

static void pool_add_undo(rasgw_model *m, undo *u)
{
	(void)rasgw__model_unlink_pool(m, u->entity);
	rasgw__pool_free(u->entity);
}

static int pool_remove(commit *cm, const rasgw_change *ch, undo *u)
{
	rasgw__pool *p = rasgw__table_get(&cm->m->pools, ch->id);
	if (!p)
		return fail(cm, RASGW_EVALIDATE, "pool does not exist");
	if (!ch->pool || rasgw__hash_pool(ch->pool) != p->hash)
		return fail(cm, RASGW_EVALIDATE,
			    "the plan's record is not the pool as it is in the model");
	int rc = rasgw__model_unlink_pool(cm->m, p);
	if (rc < 0)
		return wrap(cm, rc);
	u->entity = p;
	return 0;
}

static void pool_remove_undo(rasgw_model *m, undo *u)
{
	rasgw__model_relink_pool(m, u->entity);
}

/* ------------------------------------------------------------------ driver */

typedef int (*apply_fn)(commit *cm, const rasgw_change *ch, undo *u);
typedef void (*undo_fn)(rasgw_model *m, undo *u);

static const struct {
	apply_fn apply;
	undo_fn undo;
} kinds[RASGW_CHANGE_KIND_COUNT] = {
	[RASGW_CHANGE_CONNECTION_ADD] = { conn_add, conn_add_undo },
	[RASGW_CHANGE_CONNECTION_REMOVE] = { conn_remove, conn_remove_undo },
	[RASGW_CHANGE_CONNECTION_MOVE] = { conn_move, conn_move_undo },
	[RASGW_CHANGE_CONNECTION_ROUTES] = { conn_routes, conn_routes_undo },
	[RASGW_CHANGE_TENANT_RR] = { tenant_rr, tenant_rr_undo },
	[RASGW_CHANGE_GATEWAY_ROLE] = { gw_role, gw_role_undo },
	[RASGW_CHANGE_GATEWAY_VIP] = { gw_vip, gw_vip_undo },
	[RASGW_CHANGE_HOST_STATE] = { host_state, host_state_undo },
	[RASGW_CHANGE_GATEWAY_ADD] = { gw_add, gw_add_undo },
	[RASGW_CHANGE_GATEWAY_REMOVE] = { gw_remove, gw_remove_undo },
	[RASGW_CHANGE_POOL_ADD] = { pool_add, pool_add_undo },
	[RASGW_CHANGE_POOL_REMOVE] = { pool_remove, pool_remove_undo },
};

static void rollback(commit *cm)
{
	while (cm->done) {
		undo *u = &cm->log[--cm->done];
		kinds[u->ch->kind].undo(cm->m, u);
	}
}

/* What the applied changes replaced or removed, freed once the commit stands. */
static void release(commit *cm)
{
	for (size_t i = 0; i < cm->done; i++) {
		undo *u = &cm->log[i];
		switch (u->ch->kind) {
		case RASGW_CHANGE_CONNECTION_REMOVE: rasgw__conn_free(u->entity); break;
		case RASGW_CHANGE_GATEWAY_REMOVE: rasgw__gateway_free(u->entity); break;
		case RASGW_CHANGE_POOL_REMOVE: rasgw__pool_free(u->entity); break;
		case RASGW_CHANGE_CONNECTION_ROUTES:
			rasgw__strs_free(u->old_list, u->old_count);
			break;
		case RASGW_CHANGE_GATEWAY_VIP: rasgw__free(u->old_vip); break;
		default: break;
		}
	}
}

/* A gateway the plan touched, as the plan leaves it (if the plan kept it). */
static int check_gateway(commit *cm, const rasgw__gateway *g)
{
	if (rasgw__table_get(&cm->m->gateways, g->pub.id) != g)
		return 0;
	if (!serves_connections(g) && (g->conns.count || g->rr_tenants.count))
		return fail(cm, RASGW_EVALIDATE,
			    "gateway '%s' ends %s but still holds %zu connection(s) and %zu route "
			    "reflector(s)",
			    g->pub.id, rasgw_gateway_role_name(g->pub.role), g->conns.count,
			    g->rr_tenants.count);
	if (g->host->pub.failed && g->pub.role != RASGW_GATEWAY_FAILED)
		return fail(cm, RASGW_EVALIDATE, "gateway '%s' ends %s on failed host '%s'",
			    g->pub.id, rasgw_gateway_role_name(g->pub.role), g->host->pub.id);
	if (g->pub.gre_vip && rasgw__model_addr_gateway(cm->m, g->pub.gre_vip) != g)
		return fail(cm, RASGW_EVALIDATE,
			    "gateway '%s' ends with GRE VIP %s, which another gateway holds too",
			    g->pub.id, g->pub.gre_vip);
	return 0;
}

/* A pool or tenant the plan touched, if the plan kept it: R1.2 and R3.2. */
static int check_pool(commit *cm, const rasgw__pool *p)
{
	if (rasgw__table_get(&cm->m->pools, p->pub.id) != p)
		return 0;
	return rasgw__model_validate_pool(cm->m, p);
}

static int check_tenant(commit *cm, const rasgw__tenant *t)
{
	if (rasgw__table_get(&cm->m->tenants, t->pub.id) != t)
		return 0;
	return rasgw__model_validate_tenant(cm->m, t);
}

/* Whole-entity rules, only over what the plan changed: cost follows the plan. */
static int check_touched(commit *cm)
{
	int rc = 0;
	for (size_t i = 0; i < cm->done && rc == 0; i++) {
		undo *u = &cm->log[i];
		switch (u->ch->kind) {
		case RASGW_CHANGE_CONNECTION_ADD:
		case RASGW_CHANGE_CONNECTION_REMOVE:
		case RASGW_CHANGE_CONNECTION_MOVE:
			rc = check_tenant(cm, ((const rasgw__conn *)u->entity)->tenant);
			break;
		case RASGW_CHANGE_TENANT_RR: rc = check_tenant(cm, u->entity); break;
		case RASGW_CHANGE_GATEWAY_ROLE:
		case RASGW_CHANGE_GATEWAY_ADD:
		case RASGW_CHANGE_GATEWAY_REMOVE:
			rc = check_pool(cm, ((const rasgw__gateway *)u->entity)->pool);
			break;
		case RASGW_CHANGE_POOL_ADD: rc = check_pool(cm, u->entity); break;
		case RASGW_CHANGE_HOST_STATE: {
			const rasgw__host *h = u->entity;
			for (size_t j = 0; j < h->gateways.count && rc == 0; j++)
				rc = check_pool(cm, h->gateways.items[j]->pool);
			break;
		}
		default: break;
		}
	}
	return rc;
}

/* Rules between entities that single changes may break on the way (R1.2, R3.2, R6.1). */
static int check_result(commit *cm)
{
	int rc;
	for (size_t i = 0; i < cm->done; i++) {
		undo *u = &cm->log[i];
		cm->index = i;
		switch (u->ch->kind) {
		case RASGW_CHANGE_GATEWAY_VIP:
			/* The gateway it took the VIP from must have let it go too (R6.1). */
			if (u->vip.displaced && (rc = check_gateway(cm, u->vip.displaced)) < 0)
				return rc;
			/* fall through */
		case RASGW_CHANGE_GATEWAY_ROLE:
		case RASGW_CHANGE_GATEWAY_ADD:
			if ((rc = check_gateway(cm, u->entity)) < 0)
				return rc;
			break;
		case RASGW_CHANGE_HOST_STATE: {
			const rasgw__host *h = u->entity;
			for (size_t j = 0; j < h->gateways.count; j++)
				if ((rc = check_gateway(cm, h->gateways.items[j])) < 0)
					return rc;
			break;
		}
		default: break;
		}
	}
	if ((rc = check_touched(cm)) < 0) {
		char msg[768];
		snprintf(msg, sizeof(msg), "%s", rasgw_error_last()->message);
		return rasgw__error(RASGW_EVALIDATE, "commit: the plan's result breaks a rule: %s", msg);
	}
	uint64_t have = rasgw_model_fingerprint(cm->m);
	if (have != cm->plan->result_fp)
		return rasgw__error(RASGW_EVALIDATE,
				    "commit: result fingerprint mismatch: the plan promises %016llx, "
				    "its changes give %016llx",
				    (unsigned long long)cm->plan->result_fp, (unsigned long long)have);
	return 0;
}

int rasgw_model_commit(rasgw_model *model, const rasgw_plan *plan)
{
	if (!model || !plan)
		return rasgw__error(RASGW_EINVAL, "rasgw_model_commit: NULL argument");
	uint64_t fp = rasgw_model_fingerprint(model);
	if (plan->base_fp != fp)
		return rasgw__error(RASGW_ESTALE,
				    "commit: the plan was computed on state %016llx but the model is "
				    "at %016llx; plan again on the current state (R8.4)",
				    (unsigned long long)plan->base_fp, (unsigned long long)fp);
	size_t n = plan->changes.count;
	for (size_t i = 0; i < n; i++)
		if ((unsigned)plan->changes.items[i].kind >= RASGW_CHANGE_KIND_COUNT ||
		    !plan->changes.items[i].id)
			return rasgw__error(RASGW_EINVAL, "commit: changes[%zu] is not a valid change", i);

	commit cm = { .m = model, .plan = plan };
	if (n && !(cm.log = rasgw__calloc(n, sizeof(*cm.log))))
		return rasgw__error_nomem();
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const rasgw_change *ch = &plan->changes.items[i];
		undo *u = &cm.log[i];
		cm.index = i;
		*u = (undo){ .ch = ch };
		rc = kinds[ch->kind].apply(&cm, ch, u);
		if (rc == 0)
			cm.done++;
	}
	if (rc == 0)
		rc = check_result(&cm);
	if (rc < 0)
		rollback(&cm);
	else
		release(&cm);
	rasgw__free(cm.log);
	return rc;
}
