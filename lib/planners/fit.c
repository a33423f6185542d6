/*
 * Choosing the gateway for a connection (R3.1): best fit, tenant affinity
 * and worst fit, through each pool's free-capacity index, plus the plain
 * scan that the tests and the benchmark hold the index to.
 *
 * The index orders a pool's active gateways by (available_kbps, id). For a
 * gateway the plan has not touched, the spare it offers is exactly its key,
 * so the best fit of a pool is the first usable node at or above the cost.
 * Gateways the plan being built has already loaded (ctx->extra) or is
 * emptying (ctx->moving) have a spare that differs from their key; there
 * are few of them, so they are skipped in the index walk and weighed one by
 * one ("special" gateways).
 *
 * Ranking, identical in both searches: the spare left after placing
 * (ascending for best fit, descending for worst fit), then the pool id, then
 * the gateway id (both ascending, strcmp).
 */
#include "planners/common.h"

#include <string.h>

/* ------------------------------------------------------------ fit context */

void rasgw__fit_ctx_init(rasgw__fit_ctx *ctx)
{
	if (ctx)
		memset(ctx, 0, sizeof(*ctx));
}

void rasgw__fit_ctx_free(rasgw__fit_ctx *ctx)
{
	if (!ctx)
		return;
	rasgw__map_free(&ctx->extra);
	rasgw__map_free(&ctx->excluded);
	RASGW__VEC_FREE(&ctx->extra_gws);
	ctx->moving = NULL;
}

uint64_t rasgw__fit_extra(const rasgw__fit_ctx *ctx, const rasgw__gateway *g)
{
	if (!ctx || !ctx->extra.count)
		return 0;
	return (uint64_t)(uintptr_t)rasgw__map_get(&ctx->extra, g->pub.id);
}

int rasgw__fit_add_extra(rasgw__fit_ctx *ctx, const rasgw__gateway *g, uint64_t kbps)
{
	if (!ctx || !g)
		return rasgw__error(RASGW_EINVAL, "fit: NULL argument");
	if (kbps == 0)
		return 0;
	uint64_t old = rasgw__fit_extra(ctx, g);
	if (kbps > (uint64_t)UINTPTR_MAX - old)
		return rasgw__error(RASGW_EINVAL, "fit: extra capacity on gateway '%s' overflows",
				    g->pub.id);
	/* Reserve the list slot first so that a failed put leaves no trace. */
	if (old == 0 && RASGW__VEC_RESERVE(&ctx->extra_gws, ctx->extra_gws.count + 1) < 0)
		return rasgw__error_nomem();
	if (rasgw__map_put(&ctx->extra, g->pub.id, (void *)(uintptr_t)(old + kbps)) < 0)
		return rasgw__error_nomem();
	if (old == 0)
		ctx->extra_gws.items[ctx->extra_gws.count++] = g;
	return 0;
}

int rasgw__fit_exclude(rasgw__fit_ctx *ctx, const rasgw__gateway *g)
{
	if (!ctx || !g)
		return rasgw__error(RASGW_EINVAL, "fit: NULL argument");
	if (rasgw__map_put(&ctx->excluded, g->pub.id, (void *)g) < 0)
		return rasgw__error_nomem();
	return 0;
}

bool rasgw__fit_is_excluded(const rasgw__fit_ctx *ctx, const rasgw__gateway *g)
{
	return ctx && ctx->excluded.count && rasgw__map_get(&ctx->excluded, g->pub.id);
}

uint64_t rasgw__fit_spare(const rasgw__fit_ctx *ctx, const rasgw__gateway *g)
{
	uint64_t cap = g->pub.capacity_kbps;
	uint64_t used = g->pub.used_kbps + rasgw__fit_extra(ctx, g);
	if (ctx && ctx->moving && ctx->moving->gw == g)
		used -= ctx->moving->pub.cost_kbps;
	return used >= cap ? 0 : cap - used;
}

/* ------------------------------------------------------------- candidates */

typedef struct cand {
	const rasgw__gateway *g;
	uint64_t spare; /* after placing for fits; before placing for "largest free" */
} cand;

/* Is a better than b? `more` ranks larger spare first (worst fit, largest free). */
static bool better(const cand *a, const cand *b, bool more)
{
	if (!b->g)
		return true;
	if (a->spare != b->spare)
		return more ? a->spare > b->spare : a->spare < b->spare;
	int c = strcmp(a->g->pool->pub.id, b->g->pool->pub.id);
	if (c)
		return c < 0;
	return strcmp(a->g->pub.id, b->g->pub.id) < 0;
}

static void offer(cand *best, const rasgw__gateway *g, uint64_t spare, bool more)
{
	cand c = { g, spare };
	if (better(&c, best, more))
		*best = c;
}

static const rasgw__conn *moving_of(const rasgw__fit_ctx *ctx)
{
	return ctx ? ctx->moving : NULL;
}

/*
 * What a gateway must be before any rule is asked: active, healthy (host
 * up), not excluded by the plan. Both searches apply it.
 */
static bool eligible(const rasgw__gateway *g, const rasgw__fit_ctx *ctx)
{
	return g->pub.role == RASGW_GATEWAY_ACTIVE && !g->host->pub.failed &&
	       !rasgw__fit_is_excluded(ctx, g);
}

/*
 * The per-gateway rules of rasgw__check_placement, asked cheaply during the
 * index walk: today only R7.2 (the rack carries the VLAN) besides capacity.
 * A gateway passing them that rasgw__check_placement still refuses with
 * EVALIDATE is refused for a pool-level reason (type, R1.6, R2.2, R1.4), so
 * the whole pool is dropped. If a per-gateway rule is added to rules.c, add
 * it here too: unit.place compares this search with the scan.
 */
static bool gateway_rules_pass(const rasgw__gateway *g, const rasgw_connection *c)
{
	return c->type != RASGW_CONN_L3 || rasgw__rack_has_vlan(g->host->rack, c->vlan);
}

static bool is_special(const rasgw__gateway *g, const rasgw__fit_ctx *ctx)
{
	return ctx && ((ctx->moving && ctx->moving->gw == g) || rasgw__fit_extra(ctx, g));
}

/* Per-search state shared by the helpers below. */
typedef struct search {
	const rasgw_model *m;
	const rasgw__tenant *t;
	const rasgw_connection *c;
	const rasgw__fit_ctx *ctx;
} search;

/* rasgw__check_placement with the plan's extra load on g. */
static int check(const search *s, const rasgw__gateway *g)
{
	return rasgw__check_placement(s->m, s->t, s->c, g, rasgw__fit_extra(s->ctx, g),
				      moving_of(s->ctx), NULL);
}

static rasgw__gateway *gw_of(rasgw__onode *n)
{
	return RASGW__CONTAINER_OF(n, rasgw__gateway, free_node);
}

/* Outcome of looking at one pool. */
enum pool_verdict { POOL_NONE, POOL_FOUND, POOL_REFUSED };

/*
 * Walk the key group of `first` (all nodes with its key, ascending id) and
 * stop at the first plain gateway the rules take. `accept` is the worst
 * rasgw__check_placement result accepted (0: must fit; ENOCAPACITY: rules
 * only).
 */
static enum pool_verdict walk_group(const search *s, rasgw__onode *first, int accept,
				    const rasgw__gateway **out)
{
	uint64_t key = first->key;
	for (rasgw__onode *n = first; n && n->key == key; n = rasgw__oindex_next(n)) {
		const rasgw__gateway *g = gw_of(n);
		if (is_special(g, s->ctx) || !eligible(g, s->ctx) || !gateway_rules_pass(g, s->c))
			continue;
		int r = check(s, g);
		if (r == RASGW_EVALIDATE)
			return POOL_REFUSED;
		if (r == 0 || r == accept) {
			*out = g;
			return POOL_FOUND;
		}
	}
	return POOL_NONE;
}

/* Best fit within one pool among plain gateways: first usable node >= cost. */
static enum pool_verdict pool_best(const search *s, const rasgw__pool *p, uint64_t cost,
				   const rasgw__gateway **out)
{
	for (rasgw__onode *n = rasgw__oindex_lower_bound(&p->free_index, cost); n;
	     n = rasgw__oindex_next(n)) {
		const rasgw__gateway *g = gw_of(n);
		if (is_special(g, s->ctx) || !eligible(g, s->ctx) || !gateway_rules_pass(g, s->c))
			continue;
		int r = check(s, g);
		if (r == RASGW_EVALIDATE)
			return POOL_REFUSED;
		if (r == 0) {
			*out = g;
			return POOL_FOUND;
		}
	}
	return POOL_NONE;
}

/*
 * The plain gateway with the most spare in a pool (smallest id among equal
 * spares), walking key groups downwards from the top. With `min_key` only
 * gateways with at least that spare count.
 */
static enum pool_verdict pool_top(const search *s, const rasgw__pool *p, uint64_t min_key,
				  int accept, const rasgw__gateway **out)
{
	rasgw__onode *n = rasgw__oindex_last(&p->free_index);
	while (n && n->key >= min_key) {
		rasgw__onode *first = rasgw__oindex_lower_bound(&p->free_index, n->key);
		enum pool_verdict v = walk_group(s, first, accept, out);
		if (v != POOL_NONE)
			return v;
		n = rasgw__oindex_prev(first);
	}
	return POOL_NONE;
}

/* Gateways whose spare is not their index key: weighed one by one. */
static void offer_specials(const search *s, cand *fit, rasgw_fit_policy policy, cand *largest)
{
	const rasgw__fit_ctx *ctx = s->ctx;
	if (!ctx)
		return;
	size_t n = ctx->extra_gws.count;
	for (size_t i = 0; i <= n; i++) {
		const rasgw__gateway *g;
		if (i < n)
			g = ctx->extra_gws.items[i];
		else if (ctx->moving && ctx->moving->gw && !rasgw__fit_extra(ctx, ctx->moving->gw))
			g = ctx->moving->gw;
		else
			break;
		if (!eligible(g, ctx) || !rasgw__pool_serves(&g->pool->pub, s->c->type))
			continue;
		int r = check(s, g);
		uint64_t spare = rasgw__fit_spare(ctx, g);
		if (r == 0 && fit)
			offer(fit, g, spare - rasgw__conn_cost(g->pool, s->c), policy == RASGW_FIT_WORST);
		if ((r == 0 || r == RASGW_ENOCAPACITY) && largest)
			offer(largest, g, spare, true);
	}
}

/* Affinity (R3.1 variant): best fit among the gateways already serving t. */
static cand affinity_choice(const search *s)
{
	cand best = { 0 };
	for (size_t i = 0; i < s->t->gw_usage.count; i++) {
		const rasgw__gateway *g = s->t->gw_usage.items[i].what;
		if (!eligible(g, s->ctx) || check(s, g) != 0)
			continue;
		offer(&best, g, rasgw__fit_spare(s->ctx, g) - rasgw__conn_cost(g->pool, s->c), false);
	}
	return best;
}

/* ENOCAPACITY with the figures an operator needs (shared by both searches). */
static int no_capacity(const search *s, const cand *largest, uint64_t *largest_free)
{
	const rasgw_connection *c = s->c;
	if (largest_free)
		*largest_free = largest->g ? largest->spare : 0;
	if (!largest->g)
		return rasgw__error(RASGW_ENOCAPACITY,
				    "no gateway can take connection '%s' (%s) of tenant '%s': no "
				    "active, healthy gateway of a pool that may serve it under the "
				    "placement rules (R1.1, R1.6, R2.2, R7.2)",
				    c->id ? c->id : "?", rasgw_conn_type_name(c->type), s->t->pub.id);
	const rasgw__gateway *g = largest->g;
	return rasgw__error(RASGW_ENOCAPACITY,
			    "no gateway has room for connection '%s' (%s, %llu+%llu kbps) of tenant "
			    "'%s': the largest free capacity among eligible gateways is %llu kbps on "
			    "gateway '%s' of pool '%s', where the connection costs %llu kbps (R1.3)",
			    c->id ? c->id : "?", rasgw_conn_type_name(c->type),
			    (unsigned long long)c->inbound_kbps, (unsigned long long)c->outbound_kbps,
			    s->t->pub.id, (unsigned long long)largest->spare, g->pub.id,
			    g->pool->pub.id, (unsigned long long)rasgw__conn_cost(g->pool, c));
}

static int check_args(const rasgw_model *m, const rasgw__tenant *t, const rasgw_connection *c,
		      rasgw_fit_policy policy, rasgw__gateway **out)
{
	if (!m || !t || !c || !out)
		return rasgw__error(RASGW_EINVAL, "fit: NULL argument");
	if ((unsigned)policy > RASGW_FIT_WORST)
		return rasgw__error(RASGW_EINVAL, "fit: unknown policy %d", (int)policy);
	if ((unsigned)c->type >= RASGW_CONN_TYPE_COUNT)
		return rasgw__error(RASGW_EINVAL, "fit: unknown connection type %d", (int)c->type);
	return 0;
}

/* ---------------------------------------------------------- indexed search */

int rasgw__fit_choose(const rasgw_model *m, const rasgw__tenant *t, const rasgw_connection *c,
		      rasgw_fit_policy policy, const rasgw__fit_ctx *ctx, rasgw__gateway **out,
		      uint64_t *largest_free)
{
	int rc = check_args(m, t, c, policy, out);
	if (rc < 0)
		return rc;
	search s = { m, t, c, ctx };
	if (policy == RASGW_FIT_AFFINITY) {
		cand a = affinity_choice(&s);
		if (a.g) {
			*out = (rasgw__gateway *)a.g;
			return 0;
		}
	}
	bool worst = policy == RASGW_FIT_WORST;
	cand fit = { 0 };
	for (size_t i = 0; i < m->pools.sorted.count; i++) {
		const rasgw__pool *p = m->pools.sorted.items[i];
		if (!rasgw__pool_serves(&p->pub, c->type) || !p->free_index.count)
			continue;
		uint64_t cost = rasgw__conn_cost(p, c);
		if (cost > p->pub.capacity_kbps)
			continue;
		const rasgw__gateway *g = NULL;
		enum pool_verdict v = worst ? pool_top(&s, p, cost, 0, &g) : pool_best(&s, p, cost, &g);
		if (v == POOL_FOUND)
			offer(&fit, g, g->pub.available_kbps - cost, worst);
	}
	offer_specials(&s, &fit, policy, NULL);
	if (fit.g) {
		*out = (rasgw__gateway *)fit.g;
		return 0;
	}
	/* Failure path only: the figures for the message. */
	cand largest = { 0 };
	for (size_t i = 0; i < m->pools.sorted.count; i++) {
		const rasgw__pool *p = m->pools.sorted.items[i];
		if (!rasgw__pool_serves(&p->pub, c->type))
			continue;
		const rasgw__gateway *g = NULL;
		if (pool_top(&s, p, 0, RASGW_ENOCAPACITY, &g) == POOL_FOUND)
			offer(&largest, g, g->pub.available_kbps, true);
	}
	offer_specials(&s, NULL, policy, &largest);
	return no_capacity(&s, &largest, largest_free);
}

/* ------------------------------------------------------- reference search */

static bool serves_tenant(const rasgw__tenant *t, const rasgw__gateway *g)
{
	for (size_t i = 0; i < t->gw_usage.count; i++)
		if (t->gw_usage.items[i].what == g)
			return true;
	return false;
}

int rasgw__fit_choose_scan(const rasgw_model *m, const rasgw__tenant *t,
			   const rasgw_connection *c, rasgw_fit_policy policy,
			   const rasgw__fit_ctx *ctx, rasgw__gateway **out, uint64_t *largest_free)
{
	int rc = check_args(m, t, c, policy, out);
	if (rc < 0)
		return rc;
	search s = { m, t, c, ctx };
	bool worst = policy == RASGW_FIT_WORST;
	cand fit = { 0 }, near = { 0 }, largest = { 0 };
	for (size_t i = 0; i < m->gateways.sorted.count; i++) {
		const rasgw__gateway *g = m->gateways.sorted.items[i];
		if (!eligible(g, ctx))
			continue;
		int r = check(&s, g);
		if (r != 0 && r != RASGW_ENOCAPACITY)
			continue;
		uint64_t spare = rasgw__fit_spare(ctx, g);
		offer(&largest, g, spare, true);
		if (r != 0)
			continue;
		uint64_t left = spare - rasgw__conn_cost(g->pool, c);
		offer(&fit, g, left, worst);
		if (policy == RASGW_FIT_AFFINITY && serves_tenant(t, g))
			offer(&near, g, left, false);
	}
	if (near.g)
		fit = near;
	if (fit.g) {
		*out = (rasgw__gateway *)fit.g;
		return 0;
	}
	return no_capacity(&s, &largest, largest_free);
}
