/*
 * The evacuation engine (evacuate.h): deciding where the load of the source
 * gateways goes, then emitting the plan. Decisions first, emission last, so
 * that every operation can name the final gateway and route reflector of
 * what it touches, and the drain planner can try a placement and drop it.
 */
#include "planners/evacuate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- small emitters */

void rasgw__emit_role(rasgw_plan *p, const rasgw__gateway *g, rasgw_gateway_role from,
		      rasgw_gateway_role to)
{
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_GATEWAY_ROLE;
	ch.id = g->pub.id;
	ch.from = rasgw_gateway_role_name(from);
	ch.to = rasgw_gateway_role_name(to);
	rasgw__plan_add_change(p, &ch);
}

void rasgw__emit_gateway_op(rasgw_plan *p, rasgw_phase phase, rasgw_op_kind kind,
			    const rasgw__gateway *g, const char *address)
{
	rasgw_op op = { 0 };
	op.phase = phase;
	op.target_kind = RASGW_TARGET_GATEWAY;
	op.target = g->pub.id;
	op.kind = kind;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	op.address = address;
	rasgw__plan_add_op(p, &op);
}

/* R6.2: the VIP is advertised to the gateway's TOR over infrastructure BGP. */
void rasgw__emit_tor_op(rasgw_plan *p, rasgw_phase phase, rasgw_op_kind kind,
			const rasgw__gateway *g, const char *vip)
{
	const rasgw__rack *r = g->host->rack;
	rasgw_op op = { 0 };
	op.phase = phase;
	op.target_kind = RASGW_TARGET_TOR;
	op.target = r->pub.id;
	op.kind = kind;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	op.address = vip;
	op.asn = r->pub.tor_asn;
	op.peer_ip = r->pub.tor_peer_ip;
	rasgw__plan_add_op(p, &op);
}

void rasgw__emit_activate(rasgw_plan *p, const rasgw__gateway *g, bool own_vip)
{
	rasgw__emit_gateway_op(p, RASGW_PHASE_CONFIGURE, RASGW_OP_GATEWAY_PROMOTE, g, NULL);
	if (own_vip && g->pub.gre_vip) {
		rasgw__emit_gateway_op(p, RASGW_PHASE_CONFIGURE, RASGW_OP_GATEWAY_VIP_ASSIGN, g,
				       g->pub.gre_vip);
		rasgw__emit_tor_op(p, RASGW_PHASE_REPEER, RASGW_OP_TOR_VIP_ADVERTISE, g,
				   g->pub.gre_vip);
	}
}

/* The same fields as lib/planners/emit.c, for one host only. */
void rasgw__emit_host_programming(rasgw_plan *p, const rasgw__host *h, const rasgw__conn *c)
{
	const rasgw__gateway *g = c->gw;
	const rasgw_connection *s = &c->pub;
	if (!g)
		return;
	rasgw_op op = { 0 };
	op.phase = RASGW_PHASE_INSTALL_ROUTES;
	op.target_kind = RASGW_TARGET_HOST;
	op.target = h->pub.id;
	op.kind = RASGW_OP_HOST_POLICY_INSTALL;
	op.tenant = s->tenant_id;
	op.connection = s->id;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	rasgw__plan_add_op(p, &op);
	op.kind = RASGW_OP_HOST_ROUTE_INSTALL;
	size_t i = 0, j = 0, ns = s->static_prefix_count, nl = s->learned_prefix_count;
	while (i < ns || j < nl) {
		int cmp = i == ns ? 1 : j == nl ? -1 : strcmp(s->static_prefixes[i], s->learned_prefixes[j]);
		op.prefix = cmp <= 0 ? s->static_prefixes[i++] : s->learned_prefixes[j++];
		if (cmp == 0)
			j++;
		rasgw__plan_add_op(p, &op);
	}
}

/* ------------------------------------------------------------ lifecycle */

void rasgw__evac_init(rasgw__evac *ev, const rasgw_model *m, rasgw__evac_mode mode,
		      const rasgw_failover_options *opts)
{
	memset(ev, 0, sizeof(*ev));
	ev->m = m;
	ev->mode = mode;
	ev->policy = opts->policy;
	ev->prefer_other_rack = opts->prefer_other_rack;
	rasgw__fit_ctx_init(&ev->ctx);
}

void rasgw__evac_free(rasgw__evac *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->issues.count; i++)
		rasgw__free(ev->issues.items[i].msg);
	RASGW__VEC_FREE(&ev->issues);
	RASGW__VEC_FREE(&ev->srcs);
	RASGW__VEC_FREE(&ev->promoted);
	RASGW__VEC_FREE(&ev->moves);
	RASGW__VEC_FREE(&ev->rrs);
	rasgw__free(ev->by_tenant);
	rasgw__fit_ctx_free(&ev->ctx);
	rasgw__map_free(&ev->src_of);
	rasgw__map_free(&ev->promoted_of);
	rasgw__map_free(&ev->move_of);
	rasgw__map_free(&ev->rr_of);
	rasgw__map_free(&ev->lost);
	rasgw__map_free(&ev->dead);
}

/* Maps hold index + 1 (or a count) so that NULL means "absent". */
static int put_num(rasgw__map *m, const char *key, size_t v)
{
	return rasgw__map_put(m, key, (void *)(uintptr_t)v) < 0 ? rasgw__error_nomem() : 0;
}

static size_t get_num(const rasgw__map *m, const char *key)
{
	return m->count ? (size_t)(uintptr_t)rasgw__map_get(m, key) : 0;
}

rasgw__gateway *rasgw__evac_final_gw(const rasgw__evac *ev, const rasgw__conn *c)
{
	size_t i = get_num(&ev->move_of, c->pub.id);
	return i ? ev->moves.items[i - 1].to : c->gw;
}

static rasgw__gateway *final_rr(const rasgw__evac *ev, const rasgw__tenant *t)
{
	size_t i = get_num(&ev->rr_of, t->pub.id);
	return i ? ev->rrs.items[i - 1].to : t->rr;
}

static const rasgw__evac_src *source_of(const rasgw__evac *ev, const rasgw__gateway *g)
{
	size_t i = get_num(&ev->src_of, g->pub.id);
	return i ? &ev->srcs.items[i - 1] : NULL;
}

/* The GRE VIP g holds once the plan is done (R6.3 swaps). */
static const char *final_vip(const rasgw__evac *ev, const rasgw__gateway *g)
{
	for (size_t i = 0; i < ev->srcs.count; i++) {
		const rasgw__evac_src *s = &ev->srcs.items[i];
		if (!s->takeover || !s->swap_vip)
			continue;
		if (s->takeover == g)
			return s->g->pub.gre_vip;
		if (s->g == g)
			return s->takeover->pub.gre_vip;
	}
	return g->pub.gre_vip;
}

static bool is_swap_target(const rasgw__evac *ev, const rasgw__gateway *g)
{
	for (size_t i = 0; i < ev->srcs.count; i++)
		if (ev->srcs.items[i].takeover == g && ev->srcs.items[i].swap_vip)
			return true;
	return false;
}

/* ------------------------------------------------------------ decisions */

int rasgw__evac_add_source(rasgw__evac *ev, rasgw__gateway *g, bool alive)
{
	rasgw__evac_src s = { g, NULL, alive, false };
	if (RASGW__VEC_PUSH(&ev->srcs, s) < 0)
		return rasgw__error_nomem();
	int rc = put_num(&ev->src_of, g->pub.id, ev->srcs.count);
	if (!rc)
		rc = rasgw__fit_exclude(&ev->ctx, g);
	if (!rc && !alive && rasgw__map_put(&ev->dead, g->pub.id, g) < 0)
		rc = rasgw__error_nomem();
	return rc;
}

static int push_move(rasgw__evac *ev, rasgw__conn *c, rasgw__gateway *to)
{
	rasgw__evac_move mv = { c, c->gw, to };
	if (RASGW__VEC_PUSH(&ev->moves, mv) < 0)
		return rasgw__error_nomem();
	int rc = put_num(&ev->move_of, c->pub.id, ev->moves.count);
	if (!rc && !to)
		rc = put_num(&ev->lost, c->tenant->pub.id, get_num(&ev->lost, c->tenant->pub.id) + 1);
	return rc;
}

int rasgw__evac_add_move(rasgw__evac *ev, rasgw__conn *c, rasgw__gateway *to)
{
	return push_move(ev, c, to);
}

int rasgw__evac_promote(rasgw__evac *ev, rasgw__gateway *s)
{
	if (ev->promoted_of.count && rasgw__map_get(&ev->promoted_of, s->pub.id))
		return 0;
	if (RASGW__VEC_PUSH(&ev->promoted, s) < 0 ||
	    rasgw__map_put(&ev->promoted_of, s->pub.id, s) < 0)
		return rasgw__error_nomem();
	return 0;
}

static int cmp_conn_id(const void *a, const void *b)
{
	return strcmp((*(rasgw__conn *const *)a)->pub.id, (*(rasgw__conn *const *)b)->pub.id);
}

/* Largest cost first (best fit decreasing packs tighter), then id. */
static int cmp_conn_cost(const void *a, const void *b)
{
	const rasgw__conn *x = *(rasgw__conn *const *)a, *y = *(rasgw__conn *const *)b;
	if (x->pub.cost_kbps != y->pub.cost_kbps)
		return x->pub.cost_kbps > y->pub.cost_kbps ? -1 : 1;
	return strcmp(x->pub.id, y->pub.id);
}

int rasgw__evac_takeover(rasgw__evac *ev, size_t i, rasgw__gateway *s, bool swap_vip)
{
	int rc = rasgw__evac_promote(ev, s);
	if (rc < 0)
		return rc;
	rasgw__evac_src *src = &ev->srcs.items[i];
	src->takeover = s;
	src->swap_vip = swap_vip;
	rasgw__gateway *g = src->g;
	size_t n = g->conns.count;
	if (!n)
		return 0;
	rasgw__conn **v = rasgw__calloc(n, sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	memcpy(v, g->conns.items, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_conn_id);
	for (size_t k = 0; k < n && !rc; k++)
		rc = push_move(ev, v[k], s);
	rasgw__free(v);
	/* Same pool, so each connection costs on s what it cost on g. */
	if (!rc)
		rc = rasgw__fit_add_extra(&ev->ctx, s, g->pub.used_kbps);
	return rc;
}

static bool tenant_uses(const rasgw__tenant *t, const rasgw__gateway *g)
{
	for (size_t i = 0; i < t->gw_usage.count; i++)
		if (t->gw_usage.items[i].what == g)
			return true;
	return false;
}

/* Rank a against b as rasgw__fit_choose does: spare left, pool id, gateway id. */
static bool better(rasgw_fit_policy policy, const rasgw__gateway *a, uint64_t left_a,
		   const rasgw__gateway *b, uint64_t left_b)
{
	if (!b)
		return true;
	if (left_a != left_b)
		return policy == RASGW_FIT_WORST ? left_a > left_b : left_a < left_b;
	int c = strcmp(a->pool->pub.id, b->pool->pub.id);
	if (c)
		return c < 0;
	return strcmp(a->pub.id, b->pub.id) < 0;
}

/*
 * Where connection c goes: the indexed search over active gateways, then
 * the standbys this plan promotes (not active in the model, so the index
 * does not know them). On ENOCAPACITY *why receives the reason (rasgw__free).
 */
static int choose(rasgw__evac *ev, rasgw__conn *c, rasgw__gateway **out, char **why)
{
	const rasgw__tenant *t = c->tenant;
	rasgw__gateway *best = NULL;
	uint64_t largest = 0, best_left = 0;
	ev->ctx.moving = c;
	int rc = rasgw__fit_choose(ev->m, t, &c->pub, ev->policy, &ev->ctx, &best, &largest);
	ev->ctx.moving = NULL;
	if (rc < 0 && rc != RASGW_ENOCAPACITY)
		return rc;
	if (rc < 0) {
		best = NULL;
		if (!(*why = rasgw__strdup(rasgw_error_last()->message)))
			return rasgw__error_nomem();
	} else {
		best_left = rasgw__fit_spare(&ev->ctx, best) - rasgw__conn_cost(best->pool, &c->pub);
	}
	bool affinity_hit = best && ev->policy == RASGW_FIT_AFFINITY && tenant_uses(t, best);
	rasgw_fit_policy rank = ev->policy == RASGW_FIT_WORST ? RASGW_FIT_WORST : RASGW_FIT_BEST;
	for (size_t i = 0; i < ev->promoted.count && !affinity_hit; i++) {
		rasgw__gateway *s = ev->promoted.items[i];
		uint64_t extra = rasgw__fit_extra(&ev->ctx, s);
		if (rasgw__check_placement(ev->m, t, &c->pub, s, extra, c, NULL) != 0)
			continue;
		uint64_t left = s->pub.capacity_kbps - s->pub.used_kbps - extra -
				rasgw__conn_cost(s->pool, &c->pub);
		if (better(rank, s, left, best, best_left)) {
			best = s;
			best_left = left;
		}
	}
	if (!best)
		return RASGW_ENOCAPACITY;
	rasgw__free(*why);
	*why = NULL;
	*out = best;
	return rasgw__fit_add_extra(&ev->ctx, best, rasgw__conn_cost(best->pool, &c->pub));
}

static int add_issue(rasgw__evac *ev, const rasgw__conn *c, int code, const char *fmt,
		     const char *a, const char *b)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), fmt, a, b);
	rasgw__evac_issue is = { c, code, rasgw__strdup(buf) };
	if (!is.msg || RASGW__VEC_PUSH(&ev->issues, is) < 0) {
		rasgw__free(is.msg);
		return rasgw__error_nomem();
	}
	return 0;
}

int rasgw__evac_place(rasgw__evac *ev, bool unplace)
{
	size_t n = 0;
	for (size_t i = 0; i < ev->srcs.count; i++)
		if (!ev->srcs.items[i].takeover)
			n += ev->srcs.items[i].g->conns.count;
	if (!n)
		return 0;
	rasgw__conn **v = rasgw__calloc(n, sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	n = 0;
	for (size_t i = 0; i < ev->srcs.count; i++) {
		const rasgw__evac_src *s = &ev->srcs.items[i];
		if (s->takeover || !s->g->conns.count)
			continue;
		memcpy(v + n, s->g->conns.items, s->g->conns.count * sizeof(*v));
		n += s->g->conns.count;
	}
	qsort(v, n, sizeof(*v), cmp_conn_cost);
	int rc = 0;
	for (size_t i = 0; i < n && rc >= 0; i++) {
		rasgw__conn *c = v[i];
		rasgw__gateway *to = NULL;
		char *why = NULL;
		rc = choose(ev, c, &to, &why);
		if (rc == 0) {
			rc = push_move(ev, c, to);
		} else if (rc == RASGW_ENOCAPACITY) {
			if (unplace) {
				rc = add_issue(ev, c, RASGW_ENOCAPACITY,
					       "R8.3: connection '%s' could not be re-placed and is "
					       "left unplaced: %s", c->pub.id, why ? why : "");
				if (!rc)
					rc = push_move(ev, c, NULL);
			} else {
				rc = add_issue(ev, c, RASGW_ENOCAPACITY,
					       "connection '%s' stays where it is: %s", c->pub.id,
					       why ? why : "");
				ev->kept++;
			}
		}
		rasgw__free(why);
	}
	rasgw__free(v);
	return rc < 0 ? rc : 0;
}

static uint32_t placed_count(const rasgw__tenant *t)
{
	uint32_t n = 0;
	for (size_t i = 0; i < t->gw_usage.count; i++)
		n += t->gw_usage.items[i].count;
	return n;
}

/* Moves of one tenant together (pointers into one array: index order within). */
static int cmp_move_tenant(const void *a, const void *b)
{
	const rasgw__evac_move *x = *(const rasgw__evac_move *const *)a;
	const rasgw__evac_move *y = *(const rasgw__evac_move *const *)b;
	int c = strcmp(x->c->tenant->pub.id, y->c->tenant->pub.id);
	if (c)
		return c;
	return (x > y) - (x < y);
}

/* The moves sorted by tenant (built once the moves are decided). */
static int index_moves(rasgw__evac *ev)
{
	size_t n = ev->moves.count;
	if (ev->by_tenant_n == n && (ev->by_tenant || !n))
		return 0;
	rasgw__free(ev->by_tenant);
	ev->by_tenant = NULL;
	ev->by_tenant_n = 0;
	if (!n)
		return 0;
	const rasgw__evac_move **v = rasgw__calloc(n, sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	for (size_t i = 0; i < n; i++)
		v[i] = &ev->moves.items[i];
	qsort(v, n, sizeof(*v), cmp_move_tenant);
	ev->by_tenant = v;
	ev->by_tenant_n = n;
	return 0;
}

/* [*lo, *hi) of t's moves in ev->by_tenant. */
static void tenant_moves(const rasgw__evac *ev, const rasgw__tenant *t, size_t *lo, size_t *hi)
{
	size_t a = 0, b = ev->by_tenant_n;
	while (a < b) {
		size_t mid = a + (b - a) / 2;
		if (strcmp(ev->by_tenant[mid]->c->tenant->pub.id, t->pub.id) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	while (b < ev->by_tenant_n && ev->by_tenant[b]->c->tenant == t)
		b++;
	*hi = b < a ? a : b;
}

/*
 * How well g can hold a route reflector once the plan is done: 0 active (or
 * promoted) in the pool the RR was in, 1 active elsewhere, 2 draining (it
 * still serves, but will go), -1 not at all (a source, failed, standby).
 */
static int rr_rank(const rasgw__evac *ev, const rasgw__gateway *g, const rasgw__pool *pool)
{
	if (source_of(ev, g) || g->host->pub.failed)
		return -1;
	bool promoted = ev->promoted_of.count && rasgw__map_get(&ev->promoted_of, g->pub.id);
	if (g->pub.role == RASGW_GATEWAY_ACTIVE || promoted)
		return g->pool == pool ? 0 : 1;
	return g->pub.role == RASGW_GATEWAY_DRAINING ? 2 : -1;
}

typedef struct rr_best {
	const rasgw__gateway *g;
	uint64_t w;
	int rank;
} rr_best;

static void rr_offer(const rasgw__evac *ev, rr_best *b, const rasgw__tenant *t,
		     const rasgw__gateway *g, const rasgw__pool *pool)
{
	int rank = rr_rank(ev, g, pool);
	if (rank < 0 || (b->g && rank > b->rank))
		return;
	uint64_t w = rasgw__rr_weight(t->pub.id, g->pub.id);
	if (b->g && rank == b->rank &&
	    (w < b->w || (w == b->w && strcmp(g->pub.id, b->g->pub.id) >= 0)))
		return;
	b->g = g;
	b->w = w;
	b->rank = rank;
}

/*
 * A new route reflector for t, whose RR was on source `from` (R3.2): among
 * the gateways where t's connections end, active ones of from's pool first
 * (then other pools, then draining ones), the heaviest by the rendezvous
 * weight of rasgw__rr_choose. Choosing among the tenant's own gateways keeps
 * the cost to the tenant's usage (a pass over the pool per tenant would make
 * a drain of a large pool cost its size), saves one RR-client peering, and
 * spreads RRs as placement spreads tenants. t has a placed connection left,
 * so some gateway qualifies unless it stays on a draining source: then the
 * RR stays too.
 */
static int rr_pick(rasgw__evac *ev, const rasgw__tenant *t, rasgw__gateway *from,
		   rasgw__gateway **out)
{
	int rc = index_moves(ev);
	if (rc < 0)
		return rc;
	rr_best b = { 0 };
	for (size_t i = 0; i < t->gw_usage.count; i++)
		rr_offer(ev, &b, t, t->gw_usage.items[i].what, from->pool);
	size_t lo, hi;
	tenant_moves(ev, t, &lo, &hi);
	for (size_t k = lo; k < hi; k++)
		if (ev->by_tenant[k]->to)
			rr_offer(ev, &b, t, ev->by_tenant[k]->to, from->pool);
	*out = b.g ? (rasgw__gateway *)b.g : from;
	return 0;
}

static int cmp_tenant_id(const void *a, const void *b)
{
	return strcmp((*(rasgw__tenant *const *)a)->pub.id, (*(rasgw__tenant *const *)b)->pub.id);
}

int rasgw__evac_decide_rrs(rasgw__evac *ev)
{
	RASGW__VEC(rasgw__tenant *) ts = { 0 };
	rasgw__map seen = { 0 };
	int rc = 0;
	for (size_t i = 0; i < ev->srcs.count && !rc; i++) {
		rasgw__gateway *g = ev->srcs.items[i].g;
		for (size_t k = 0; k < g->rr_tenants.count && !rc; k++)
			if (RASGW__VEC_PUSH(&ts, g->rr_tenants.items[k]) < 0 ||
			    rasgw__map_put(&seen, g->rr_tenants.items[k]->pub.id, g) < 0)
				rc = rasgw__error_nomem();
	}
	/* Tenants that lose connections may lose their last placed one (R3.2). */
	for (size_t i = 0; i < ev->moves.count && !rc; i++) {
		rasgw__tenant *t = ev->moves.items[i].c->tenant;
		if (ev->moves.items[i].to || rasgw__map_get(&seen, t->pub.id))
			continue;
		if (RASGW__VEC_PUSH(&ts, t) < 0 || rasgw__map_put(&seen, t->pub.id, t) < 0)
			rc = rasgw__error_nomem();
	}
	rasgw__map_free(&seen);
	if (ts.count > 1)
		qsort(ts.items, ts.count, sizeof(*ts.items), cmp_tenant_id);
	for (size_t i = 0; i < ts.count && !rc; i++) {
		rasgw__tenant *t = ts.items[i];
		rasgw__gateway *from = t->rr, *to = NULL;
		size_t lost = get_num(&ev->lost, t->pub.id);
		const rasgw__evac_src *src = from ? source_of(ev, from) : NULL;
		if (placed_count(t) <= lost)
			to = NULL;
		else if (!src)
			continue;
		else if (src->takeover)
			to = src->takeover;
		else if ((rc = rr_pick(ev, t, from, &to)) < 0)
			break;
		if (to == from)
			continue;
		rasgw__evac_rr r = { t, from, to };
		if (RASGW__VEC_PUSH(&ev->rrs, r) < 0)
			rc = rasgw__error_nomem();
		else
			rc = put_num(&ev->rr_of, t->pub.id, ev->rrs.count);
	}
	RASGW__VEC_FREE(&ts);
	return rc;
}

/* -------------------------------------------------------------- emission */

/* Give the operations of `kind` emitted since `from` another phase. */
static void retime(rasgw_plan *p, size_t from, rasgw_op_kind kind, rasgw_phase phase)
{
	for (size_t i = from; i < p->ops.count; i++)
		if (p->ops.items[i].kind == kind)
			p->ops.items[i].phase = phase;
}

static void nat_op(rasgw_plan *p, rasgw_op_kind kind, const rasgw__conn *c, const char *pub,
		   const rasgw__gateway *g, const rasgw__gateway *old)
{
	rasgw_op op = { 0 };
	op.phase = RASGW_PHASE_REPOINT_SLB;
	op.target_kind = RASGW_TARGET_SLB;
	op.target = pub;
	op.kind = kind;
	op.tenant = c->pub.tenant_id;
	op.connection = c->pub.id;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	op.public_ip = pub;
	op.source_ip = c->pub.source_ip;
	if (old) {
		op.old_gateway = old->pub.id;
		op.old_dip = old->pub.dip;
	}
	rasgw__plan_add_op(p, &op);
}

/* R5.2: SLB NAT rules follow IKEv2 connections to their new DIP. */
static void emit_nat(rasgw_plan *p, const rasgw__conn *c, const rasgw__gateway *og,
		     const rasgw__gateway *ng)
{
	if (c->pub.type != RASGW_CONN_IKEV2)
		return;
	const char *opub = rasgw__conn_public_ip(&c->pub, og);
	const char *npub = ng ? rasgw__conn_public_ip(&c->pub, ng) : NULL;
	if (opub && npub && strcmp(opub, npub) == 0) {
		nat_op(p, RASGW_OP_SLB_NAT_UPDATE, c, npub, ng, og);
		return;
	}
	if (opub)
		nat_op(p, RASGW_OP_SLB_NAT_REMOVE, c, opub, og, NULL);
	if (npub)
		nat_op(p, RASGW_OP_SLB_NAT_ADD, c, npub, ng, NULL);
}

static void emit_move(const rasgw__evac *ev, rasgw_plan *p, const rasgw__evac_move *mv)
{
	const rasgw__conn *c = mv->c;
	const rasgw__gateway *og = mv->from, *ng = mv->to;
	bool mbb = ev->mode == RASGW__EVAC_MOVE;
	const unsigned int parts = RASGW__EMIT_HOSTS | RASGW__EMIT_GATEWAY | RASGW__EMIT_SITE_PEER;
	size_t mark = p->ops.count;
	/* The old side first, so that within a phase an address is released
	 * before it is assigned elsewhere. Operations addressed to a dead
	 * gateway are dropped at the end (rasgw__evac_drop_dead). */
	rasgw__emit_connection_parts(p, c, &c->pub, og, false, parts);
	if (!mbb) {
		retime(p, mark, RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE, RASGW_PHASE_CONFIGURE);
	} else {
		retime(p, mark, RASGW_OP_HOST_ROUTE_WITHDRAW, RASGW_PHASE_CLEANUP);
		retime(p, mark, RASGW_OP_HOST_POLICY_REMOVE, RASGW_PHASE_CLEANUP);
		retime(p, mark, RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE, RASGW_PHASE_REPEER);
	}
	emit_nat(p, c, og, ng);
	if (!ng)
		return;
	/* R4.3: the full settings come from the stored state. */
	rasgw_connection s = c->pub;
	s.gateway_id = ng->pub.id;
	s.cost_kbps = rasgw__conn_cost(ng->pool, &c->pub);
	/* The gateway as it will be: with the VIP it takes over (R6.3). */
	rasgw__gateway view = *ng;
	view.pub.gre_vip = final_vip(ev, ng);
	mark = p->ops.count;
	rasgw__emit_connection_parts(p, c, &s, &view, true, parts);
	if (mbb)
		retime(p, mark, RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN, RASGW_PHASE_REPEER);
}

/* R6.3: the VIP of a lost gateway moves to the standby taking over. */
static void emit_src_vip(const rasgw__evac *ev, rasgw_plan *p, const rasgw__evac_src *src)
{
	const rasgw__gateway *g = src->g, *s = src->takeover;
	const char *vip = g->pub.gre_vip;
	if (!vip)
		return;
	bool swap = s && src->swap_vip;
	if (ev->mode == RASGW__EVAC_FAILOVER) {
		if (src->alive)
			rasgw__emit_gateway_op(p, RASGW_PHASE_CONFIGURE, RASGW_OP_GATEWAY_VIP_RELEASE, g,
					       vip);
		rasgw__emit_tor_op(p, RASGW_PHASE_CONFIGURE, RASGW_OP_TOR_VIP_WITHDRAW, g, vip);
		if (swap) {
			/* The standby's own VIP goes to the lost gateway in the model: take
			 * it off the standby and its TOR so one address has one owner. */
			if (s->pub.gre_vip) {
				rasgw__emit_tor_op(p, RASGW_PHASE_CONFIGURE, RASGW_OP_TOR_VIP_WITHDRAW,
						   s, s->pub.gre_vip);
				rasgw__emit_gateway_op(p, RASGW_PHASE_CONFIGURE,
						       RASGW_OP_GATEWAY_VIP_RELEASE, s, s->pub.gre_vip);
			}
			rasgw__emit_gateway_op(p, RASGW_PHASE_CONFIGURE, RASGW_OP_GATEWAY_VIP_ASSIGN, s,
					       vip);
			rasgw__emit_tor_op(p, RASGW_PHASE_REPEER, RASGW_OP_TOR_VIP_ADVERTISE, s, vip);
		}
	} else if (swap) {
		/* One address, one owner: handed over after the new side is configured. */
		rasgw__emit_tor_op(p, RASGW_PHASE_REPEER, RASGW_OP_TOR_VIP_WITHDRAW, g, vip);
		rasgw__emit_gateway_op(p, RASGW_PHASE_REPEER, RASGW_OP_GATEWAY_VIP_RELEASE, g, vip);
		rasgw__emit_gateway_op(p, RASGW_PHASE_REPEER, RASGW_OP_GATEWAY_VIP_ASSIGN, s, vip);
		rasgw__emit_tor_op(p, RASGW_PHASE_REPEER, RASGW_OP_TOR_VIP_ADVERTISE, s, vip);
	}
}

static void emit_vip_change(rasgw_plan *p, const rasgw__gateway *g, const char *from,
			    const char *to)
{
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_GATEWAY_VIP;
	ch.id = g->pub.id;
	ch.from = from;
	ch.to = to;
	rasgw__plan_add_change(p, &ch);
}

typedef struct gw_delta {
	const rasgw__gateway *g;
	uint32_t before, after;
} gw_delta;

static int cmp_delta(const void *a, const void *b)
{
	return strcmp(((const gw_delta *)a)->g->pub.id, ((const gw_delta *)b)->g->pub.id);
}

typedef RASGW__VEC(gw_delta) delta_vec;

/* The entry of g (present: the caller added it). */
static gw_delta *delta_of(delta_vec *v, const rasgw__gateway *g)
{
	for (size_t i = 0; i < v->count; i++)
		if (v->items[i].g == g)
			return &v->items[i];
	return &v->items[0]; /* unreachable */
}

static uint32_t count_on(const rasgw__tenant *t, const rasgw__gateway *g)
{
	for (size_t i = 0; i < t->gw_usage.count; i++)
		if (t->gw_usage.items[i].what == g)
			return t->gw_usage.items[i].count;
	return 0;
}

/*
 * RR clients (R5.1b): a gateway with connections of t that does not hold t's
 * RR peers with it. Compare that relation before and after, per gateway,
 * and emit only what changed. When t's RR moves, every gateway of t
 * re-peers; otherwise only the gateways its moves touch can change, and the
 * cost follows the moves, not how widely the tenant is spread.
 */
static int tenant_peering(const rasgw__evac *ev, rasgw_plan *p, const rasgw__tenant *t,
			  const rasgw__evac_move *const *order, size_t lo, size_t hi,
			  delta_vec *dv)
{
	const rasgw__gateway *orr = t->rr, *nrr = final_rr(ev, t);
	dv->count = 0;
	for (size_t i = 0; orr != nrr && i < t->gw_usage.count; i++) {
		gw_delta d = { t->gw_usage.items[i].what, t->gw_usage.items[i].count,
			       t->gw_usage.items[i].count };
		if (RASGW__VEC_PUSH(dv, d) < 0)
			return rasgw__error_nomem();
	}
	for (size_t k = lo; k < hi; k++) {
		const rasgw__evac_move *mv = order[k];
		const rasgw__gateway *ends[2] = { mv->from, mv->to };
		for (int e = 0; e < 2; e++) {
			if (!ends[e])
				continue;
			bool known = false;
			for (size_t i = 0; i < dv->count && !known; i++)
				known = dv->items[i].g == ends[e];
			uint32_t n = known ? 0 : count_on(t, ends[e]);
			gw_delta d = { ends[e], n, n };
			if (!known && RASGW__VEC_PUSH(dv, d) < 0)
				return rasgw__error_nomem();
		}
		gw_delta *from = mv->from ? delta_of(dv, mv->from) : NULL;
		if (from && from->after)
			from->after--;
		if (mv->to)
			delta_of(dv, mv->to)->after++;
	}
	if (dv->count > 1)
		qsort(dv->items, dv->count, sizeof(*dv->items), cmp_delta);
	for (size_t i = 0; i < dv->count; i++) {
		const gw_delta *d = &dv->items[i];
		bool before = orr && d->before && d->g != orr;
		bool after = nrr && d->after && d->g != nrr;
		if (after && (!before || nrr != orr))
			rasgw__emit_rr_client(p, t, d->g, nrr, true);
		if (before && (!after || nrr != orr))
			rasgw__emit_rr_client(p, t, d->g, orr, false);
	}
	return 0;
}

static int emit_peering(rasgw__evac *ev, rasgw_plan *p)
{
	int rc = index_moves(ev);
	if (rc < 0)
		return rc;
	size_t n = ev->by_tenant_n;
	const rasgw__evac_move *const *order = ev->by_tenant;
	delta_vec dv = { 0 };
	/* Merge the tenants of moves (sorted) with those of RR changes (sorted). */
	size_t k = 0, r = 0;
	while ((k < n || r < ev->rrs.count) && !rc) {
		const rasgw__tenant *tm = k < n ? order[k]->c->tenant : NULL;
		const rasgw__tenant *tr = r < ev->rrs.count ? ev->rrs.items[r].t : NULL;
		int c = !tm ? 1 : !tr ? -1 : strcmp(tm->pub.id, tr->pub.id);
		const rasgw__tenant *t = c <= 0 ? tm : tr;
		size_t lo = k;
		if (c <= 0)
			while (k < n && order[k]->c->tenant == t)
				k++;
		if (c >= 0)
			r++;
		rc = tenant_peering(ev, p, t, order, lo, k, &dv);
	}
	RASGW__VEC_FREE(&dv);
	return rc;
}

void rasgw__evac_emit(rasgw__evac *ev, rasgw_plan *p)
{
	/* Standbys become active before anything lands on them. */
	for (size_t i = 0; i < ev->promoted.count; i++) {
		const rasgw__gateway *s = ev->promoted.items[i];
		rasgw__emit_role(p, s, RASGW_GATEWAY_STANDBY, RASGW_GATEWAY_ACTIVE);
		rasgw__emit_activate(p, s, !is_swap_target(ev, s));
	}
	for (size_t i = 0; i < ev->srcs.count; i++)
		emit_src_vip(ev, p, &ev->srcs.items[i]);
	for (size_t i = 0; i < ev->moves.count; i++) {
		const rasgw__evac_move *mv = &ev->moves.items[i];
		const rasgw__conn *c = mv->c;
		rasgw_change ch = { 0 };
		ch.kind = RASGW_CHANGE_CONNECTION_MOVE;
		ch.id = c->pub.id;
		ch.from = mv->from ? mv->from->pub.id : NULL;
		ch.to = mv->to ? mv->to->pub.id : NULL;
		rasgw__plan_add_change(p, &ch);
		if (mv->to) {
			rasgw_placement pl = { 0 };
			pl.connection = c->pub.id;
			pl.tenant = c->pub.tenant_id;
			pl.pool = mv->to->pool->pub.id;
			pl.gateway = mv->to->pub.id;
			pl.old_gateway = ch.from;
			pl.tunnel_destination = c->pub.type == RASGW_CONN_GRE ? final_vip(ev, mv->to) : NULL;
			pl.public_ip = rasgw__conn_public_ip(&c->pub, mv->to);
			pl.cost_kbps = rasgw__conn_cost(mv->to->pool, &c->pub);
			rasgw__plan_add_placement(p, &pl);
		}
		if (mv->from)
			emit_move(ev, p, mv);
	}
	for (size_t i = 0; i < ev->rrs.count; i++) {
		const rasgw__evac_rr *r = &ev->rrs.items[i];
		rasgw_change ch = { 0 };
		ch.kind = RASGW_CHANGE_TENANT_RR;
		ch.id = r->t->pub.id;
		ch.from = r->from ? r->from->pub.id : NULL;
		ch.to = r->to ? r->to->pub.id : NULL;
		rasgw__plan_add_change(p, &ch);
		if (r->to)
			rasgw__emit_rr(p, r->t, r->to, true);
		if (r->from)
			rasgw__emit_rr(p, r->t, r->from, false);
	}
	int rc = emit_peering(ev, p);
	if (rc < 0 && !p->error)
		p->error = rc;
	for (size_t i = 0; i < ev->srcs.count; i++) {
		const rasgw__evac_src *s = &ev->srcs.items[i];
		if (!s->takeover || !s->swap_vip || !s->g->pub.gre_vip)
			continue;
		const char *a = s->g->pub.gre_vip, *b = s->takeover->pub.gre_vip;
		emit_vip_change(p, s->g, a, b);
		emit_vip_change(p, s->takeover, b, a);
	}
	for (size_t i = 0; i < ev->issues.count; i++) {
		const rasgw__evac_issue *is = &ev->issues.items[i];
		rasgw__plan_add_issue(p, is->c->pub.id, is->c->pub.tenant_id, is->code, "%s", is->msg);
	}
}

void rasgw__evac_drop_dead(const rasgw__evac *ev, rasgw_plan *p)
{
	if (!ev->dead.count && !ev->dead_host)
		return;
	size_t w = 0;
	for (size_t i = 0; i < p->ops.count; i++) {
		const rasgw_op *op = &p->ops.items[i];
		bool drop = false;
		if (op->target && op->target_kind == RASGW_TARGET_GATEWAY && ev->dead.count)
			drop = rasgw__map_get(&ev->dead, op->target) != NULL;
		else if (op->target && op->target_kind == RASGW_TARGET_HOST && ev->dead_host)
			drop = strcmp(op->target, ev->dead_host->pub.id) == 0;
		if (!drop)
			p->ops.items[w++] = *op;
	}
	p->ops.count = w;
}
