/*
 * Placement quality: how many gateways the placement policies fill,
 * against lower bounds of bin packing, on instances in the style of
 * Falkenauer's: "uniform" (capacity 150, sizes uniform in 20..100,
 * n = 120, 250, 500, 1000) and "triplets" (capacity 1000, every bin of the
 * optimum filled exactly by three items, n = 60, 120, 249, 501; optimum
 * n / 3). INSTANCES instances per size, one seed each.
 *
 * The model: one IKEv2 pool whose type maximum equals its capacity, so a
 * connection of inbound = size, outbound = 0 costs exactly `size`, with n
 * empty active gateways (room for any policy); a tenant per four items
 * (items of a tenant arrive spread over the sequence). Items arrive one by
 * one and go through the public planner, rasgw_plan_connection_add() with
 * the policy under test, each plan committed. "Used" = gateways with
 * used_kbps > 0.
 *
 * Policies: online best fit, tenant affinity, worst fit; offline best fit
 * decreasing (the same planner fed the items largest first: what a
 * consolidating plan could reach); and rasgw_plan_rebalance() after online
 * best fit, in the pool of n gateways and in a pool of exactly the gateways
 * best fit used, with its moves and the spread of load (max - min used
 * over capacity) before and after; and rasgw_plan_consolidate() after
 * online best fit in the same two pools, planned and committed again until
 * a plan moves nothing (its moves are capacity safe within one plan, so a
 * blocked move waits for the next): gateways used, the moves of all plans,
 * the plans that moved, and the moves the first plan left out (issues). Every
 * consolidation plan is checked to keep each gateway's load before the plan
 * plus what it moves onto it within capacity (make before break).
 *
 * Bounds: L1 = ceil(sum / capacity) and Martello-Toth L2 (gen.h); figures
 * are means over the instances of used / bound, and the worst instance.
 *
 * Output: one JSON line per figure (gen.h). --smoke: one small instance of
 * each class.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "model/model_int.h"
#include "rasgw/errors.h"
#include "rasgw/failover.h"
#include "rasgw/place.h"
#include "rasgw/plan.h"

#define INSTANCES 20
#define ITEMS_PER_TENANT 4

static void die(const char *what)
{
	fprintf(stderr, "bench_quality: %s: %s\n", what, rasgw_error_last()->message);
	exit(1);
}

#define CHECK(call, what)          \
	do {                       \
		if ((call) < 0)    \
			die(what); \
	} while (0)

/* A pool "bp" of `gateways` empty active gateways of capacity cap, and the tenants. */
static rasgw_model *build(size_t gateways, size_t tenants, uint64_t cap)
{
	rasgw_model *m;
	char id[64], host[64], dip[64];
	CHECK(rasgw_model_new(&m), "model");
	rasgw_rack rk = { .id = "r0", .tor_name = "tor0", .tor_asn = 65000 };
	CHECK(rasgw__model_add_rack(m, &rk, NULL), "rack");
	for (size_t h = 0; h < (gateways + 19) / 20; h++) {
		snprintf(id, sizeof(id), "h%04zu", h);
		rasgw_host hs = { .id = id, .rack_id = "r0" };
		CHECK(rasgw__model_add_host(m, &hs, NULL), "host");
	}
	static const char *pub[] = { "203.0.113.10" };
	rasgw_pool p = { .id = "bp", .type = RASGW_POOL_IKEV2, .capacity_kbps = cap,
			 .public_ips = pub, .public_ip_count = 1,
			 .type_max_kbps = { cap, cap, cap } };
	CHECK(rasgw__model_add_pool(m, &p, NULL), "pool");
	for (size_t i = 0; i < gateways; i++) {
		snprintf(id, sizeof(id), "gw%05zu", i);
		snprintf(host, sizeof(host), "h%04zu", i / 20);
		snprintf(dip, sizeof(dip), "10.0.%zu.%zu", i >> 8, i & 255);
		rasgw_gateway g = { .id = id, .pool_id = "bp", .host_id = host, .dip = dip,
				    .role = RASGW_GATEWAY_ACTIVE };
		CHECK(rasgw__model_add_gateway(m, &g, NULL), "gateway");
	}
	for (size_t t = 0; t < tenants; t++) {
		snprintf(id, sizeof(id), "t%05zu", t);
		rasgw_tenant tn = { .id = id, .asn = 64512 };
		CHECK(rasgw__model_add_tenant(m, &tn, NULL), "tenant");
	}
	CHECK(rasgw__model_validate(m), "validate");
	return m;
}

/* Place items[order[i]] one by one with the policy; returns the unplaced count. */
static size_t place_all(rasgw_model *m, const uint64_t *items, const size_t *order, size_t n,
			size_t tenants, rasgw_fit_policy policy)
{
	rasgw_place_options o = RASGW_PLACE_OPTIONS_INIT;
	o.policy = policy;
	size_t unplaced = 0;
	for (size_t k = 0; k < n; k++) {
		size_t i = order[k];
		char id[32], tenant[32], src[32];
		snprintf(id, sizeof(id), "c%05zu", i);
		snprintf(tenant, sizeof(tenant), "t%05zu", i % tenants);
		snprintf(src, sizeof(src), "11.0.%zu.%zu", i >> 8, i & 255);
		rasgw_connection c = { .id = id, .tenant_id = tenant, .type = RASGW_CONN_IKEV2,
				       .inbound_kbps = items[i], .source_ip = src };
		rasgw_plan *p = NULL;
		int rc = rasgw_plan_connection_add(&p, m, &c, &o);
		if (rc == RASGW_ENOCAPACITY) {
			unplaced++;
			continue;
		}
		CHECK(rc, "plan connection.add");
		CHECK(rasgw_model_commit(m, p), "commit");
		rasgw_plan_free(p);
	}
	return unplaced;
}

typedef struct usage {
	size_t used;         /* gateways with load */
	double spread;       /* (max - min used) / capacity over active gateways */
} usage;

static usage measure(const rasgw_model *m, bool among_used_only)
{
	usage u = { 0, 0 };
	uint64_t lo = UINT64_MAX, hi = 0, cap = 1;
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		cap = g->capacity_kbps;
		if (g->used_kbps > 0)
			u.used++;
		else if (among_used_only)
			continue;
		lo = g->used_kbps < lo ? g->used_kbps : lo;
		hi = g->used_kbps > hi ? g->used_kbps : hi;
	}
	u.spread = hi >= lo ? (double)(hi - lo) / (double)cap : 0;
	return u;
}

/* Rebalance the pool, commit; moves = connections moved. */
static size_t rebalance(rasgw_model *m)
{
	rasgw_plan *p = NULL;
	CHECK(rasgw_plan_rebalance(&p, m, "bp", NULL), "plan rebalance");
	size_t moves = 0;
	for (size_t i = 0; i < rasgw_plan_change_count(p); i++)
		moves += rasgw_plan_change_get(p, i)->kind == RASGW_CHANGE_CONNECTION_MOVE;
	CHECK(rasgw_model_commit(m, p), "commit rebalance");
	rasgw_plan_free(p);
	return moves;
}

/*
 * Consolidate the pool until a plan moves nothing (at most 50 plans);
 * *plans = plans that moved, *first_issues = issues of the first plan.
 */
static size_t consolidate(rasgw_model *m, size_t *plans, size_t *first_issues)
{
	size_t moves = 0;
	*plans = 0;
	*first_issues = 0;
	for (int r = 0; r < 50; r++) {
		rasgw_plan *p = NULL;
		CHECK(rasgw_plan_consolidate(&p, m, "bp", NULL), "plan consolidate");
		if (r == 0)
			*first_issues = rasgw_plan_issue_count(p);
		size_t mv = 0;
		for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
			const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
			uint64_t in = 0;
			for (size_t k = 0; k < rasgw_plan_change_count(p); k++) {
				const rasgw_change *ch = rasgw_plan_change_get(p, k);
				if (ch->kind == RASGW_CHANGE_CONNECTION_MOVE && !strcmp(ch->to, g->id))
					in += rasgw_model_connection_lookup(m, ch->id)->cost_kbps;
			}
			if (g->used_kbps + in > g->capacity_kbps) {
				fprintf(stderr, "bench_quality: consolidate overfills %s\n", g->id);
				exit(1);
			}
		}
		for (size_t k = 0; k < rasgw_plan_change_count(p); k++)
			mv += rasgw_plan_change_get(p, k)->kind == RASGW_CHANGE_CONNECTION_MOVE;
		CHECK(rasgw_model_commit(m, p), "commit consolidate");
		rasgw_plan_free(p);
		if (!mv)
			break;
		moves += mv;
		(*plans)++;
	}
	return moves;
}

enum { BEST, AFFINITY, WORST, BFD, REBAL_ALL, REBAL_USED, CONS_ALL, CONS_USED, NSTRAT };
static const char *strat_names[NSTRAT] = { "best_fit", "affinity", "worst_fit",
					   "best_fit_decreasing", "rebalance_pool_n",
					   "rebalance_pool_used", "consolidate_pool_n",
					   "consolidate_pool_used" };

typedef struct acc {
	double sum_l1, sum_l2, sum_opt, worst_l2, moves, spread_before, spread_after;
	double plans, first_issues, worst_moves_per_item;
	size_t unplaced, count;
} acc;

static void add(acc *a, size_t used, uint64_t l1, uint64_t l2, uint64_t opt);

/* Best fit then consolidation in a pool of `gateways`. */
static void run_consolidate(acc *a, const uint64_t *items, const size_t *order, size_t n,
			    size_t tenants, uint64_t cap, size_t gateways, uint64_t l1,
			    uint64_t l2, uint64_t opt)
{
	rasgw_model *m = build(gateways, tenants, cap);
	a->unplaced += place_all(m, items, order, n, tenants, RASGW_FIT_BEST);
	size_t plans, issues;
	size_t mv = consolidate(m, &plans, &issues);
	double per = (double)mv / (double)n;
	a->moves += (double)mv;
	a->plans += (double)plans;
	a->first_issues += (double)issues;
	a->worst_moves_per_item = per > a->worst_moves_per_item ? per : a->worst_moves_per_item;
	add(a, measure(m, false).used, l1, l2, opt);
	rasgw_model_free(m);
}

static void add(acc *a, size_t used, uint64_t l1, uint64_t l2, uint64_t opt)
{
	double r2 = (double)used / (double)l2;
	a->sum_l1 += (double)used / (double)l1;
	a->sum_l2 += r2;
	a->sum_opt += opt ? (double)used / (double)opt : 0;
	a->worst_l2 = r2 > a->worst_l2 ? r2 : a->worst_l2;
	a->count++;
}

static int cmp_desc(const void *a, const void *b, const uint64_t *items)
{
	uint64_t x = items[*(const size_t *)a], y = items[*(const size_t *)b];
	if (x != y)
		return x < y ? 1 : -1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static const uint64_t *sort_items;

static int cmp_desc_q(const void *a, const void *b)
{
	return cmp_desc(a, b, sort_items);
}

static void run_class(const char *cls, uint64_t cap, const size_t *sizes, size_t nsizes,
		      size_t instances, bool triplets)
{
	for (size_t s = 0; s < nsizes; s++) {
		size_t n = sizes[s];
		acc a[NSTRAT];
		memset(a, 0, sizeof(a));
		double sum_l2_over_l1 = 0;
		uint64_t *items = calloc(n, sizeof(*items));
		size_t *order = calloc(n, sizeof(*order)), *desc = calloc(n, sizeof(*desc));
		if (!items || !order || !desc)
			die("calloc");
		size_t tenants = (n + ITEMS_PER_TENANT - 1) / ITEMS_PER_TENANT;
		double t0 = gen_now_ns();
		for (size_t inst = 0; inst < instances; inst++) {
			uint64_t seed = 1000 * n + inst;
			if (triplets)
				gen_triplet_items(seed, n, cap, items);
			else
				gen_uniform_items(seed, n, 20, 100, items);
			uint64_t l1 = gen_bound_l1(items, n, cap), l2 = gen_bound_l2(items, n, cap);
			uint64_t opt = triplets ? n / 3 : 0;
			sum_l2_over_l1 += (double)l2 / (double)l1;
			for (size_t i = 0; i < n; i++)
				order[i] = desc[i] = i;
			sort_items = items;
			qsort(desc, n, sizeof(*desc), cmp_desc_q);

			static const rasgw_fit_policy pol[] = { RASGW_FIT_BEST, RASGW_FIT_AFFINITY,
								RASGW_FIT_WORST };
			size_t best_used = 0;
			for (int k = 0; k < 3; k++) {
				rasgw_model *m = build(n, tenants, cap);
				a[k].unplaced += place_all(m, items, order, n, tenants, pol[k]);
				usage u = measure(m, false);
				add(&a[k], u.used, l1, l2, opt);
				if (k == BEST) {
					best_used = u.used;
					/* Rebalance with every gateway of the pool available. */
					a[REBAL_ALL].spread_before += u.spread;
					a[REBAL_ALL].moves += (double)rebalance(m);
					usage r = measure(m, false);
					a[REBAL_ALL].spread_after += r.spread;
					add(&a[REBAL_ALL], r.used, l1, l2, opt);
				}
				rasgw_model_free(m);
			}
			rasgw_model *m = build(n, tenants, cap);
			a[BFD].unplaced += place_all(m, items, desc, n, tenants, RASGW_FIT_BEST);
			add(&a[BFD], measure(m, false).used, l1, l2, opt);
			rasgw_model_free(m);

			/* The pool holds exactly the gateways best fit filled: the
			 * same placement (best fit fills the lowest ids first), then
			 * rebalance. */
			m = build(best_used, tenants, cap);
			a[REBAL_USED].unplaced += place_all(m, items, order, n, tenants, RASGW_FIT_BEST);
			usage u = measure(m, true);
			if (u.used != best_used) {
				fprintf(stderr, "bench_quality: best fit filled %zu gateways in a pool "
					"of %zu (expected all)\n", u.used, best_used);
				exit(1);
			}
			a[REBAL_USED].spread_before += u.spread;
			a[REBAL_USED].moves += (double)rebalance(m);
			usage r = measure(m, false);
			a[REBAL_USED].spread_after += r.spread;
			add(&a[REBAL_USED], r.used, l1, l2, opt);
			rasgw_model_free(m);

			run_consolidate(&a[CONS_ALL], items, order, n, tenants, cap, n, l1, l2, opt);
			run_consolidate(&a[CONS_USED], items, order, n, tenants, cap, best_used, l1,
					l2, opt);
		}
		double secs = (gen_now_ns() - t0) / 1e9;
		char metric[128];
		double ni = (double)instances;
		snprintf(metric, sizeof(metric), "%s_l2_over_l1", cls);
		gen_emit("quality", n, metric, sum_l2_over_l1 / ni, "x");
		for (int k = 0; k < NSTRAT; k++) {
			snprintf(metric, sizeof(metric), "%s_%s_used_over_l2", cls, strat_names[k]);
			gen_emit("quality", n, metric, a[k].sum_l2 / ni, "x");
			snprintf(metric, sizeof(metric), "%s_%s_worst_used_over_l2", cls, strat_names[k]);
			gen_emit("quality", n, metric, a[k].worst_l2, "x");
			snprintf(metric, sizeof(metric), "%s_%s_used_over_l1", cls, strat_names[k]);
			gen_emit("quality", n, metric, a[k].sum_l1 / ni, "x");
			if (triplets) {
				snprintf(metric, sizeof(metric), "%s_%s_used_over_optimum", cls,
					 strat_names[k]);
				gen_emit("quality", n, metric, a[k].sum_opt / ni, "x");
			}
			if (a[k].unplaced) {
				snprintf(metric, sizeof(metric), "%s_%s_unplaced", cls, strat_names[k]);
				gen_emit("quality", n, metric, (double)a[k].unplaced / ni, "items");
			}
			if (k >= CONS_ALL) {
				snprintf(metric, sizeof(metric), "%s_%s_moves", cls, strat_names[k]);
				gen_emit("quality", n, metric, a[k].moves / ni, "moves");
				snprintf(metric, sizeof(metric), "%s_%s_moves_per_item", cls,
					 strat_names[k]);
				gen_emit("quality", n, metric, a[k].moves / ni / (double)n, "x");
				snprintf(metric, sizeof(metric), "%s_%s_worst_moves_per_item", cls,
					 strat_names[k]);
				gen_emit("quality", n, metric, a[k].worst_moves_per_item, "x");
				snprintf(metric, sizeof(metric), "%s_%s_plans", cls, strat_names[k]);
				gen_emit("quality", n, metric, a[k].plans / ni, "plans");
				snprintf(metric, sizeof(metric), "%s_%s_first_plan_issues", cls,
					 strat_names[k]);
				gen_emit("quality", n, metric, a[k].first_issues / ni, "issues");
			} else if (k >= REBAL_ALL) {
				snprintf(metric, sizeof(metric), "%s_%s_moves", cls, strat_names[k]);
				gen_emit("quality", n, metric, a[k].moves / ni, "moves");
				snprintf(metric, sizeof(metric), "%s_%s_spread_before", cls,
					 strat_names[k]);
				gen_emit("quality", n, metric, a[k].spread_before / ni, "capacity");
				snprintf(metric, sizeof(metric), "%s_%s_spread_after", cls,
					 strat_names[k]);
				gen_emit("quality", n, metric, a[k].spread_after / ni, "capacity");
			}
		}
		snprintf(metric, sizeof(metric), "%s_seconds", cls);
		gen_emit("quality", n, metric, secs, "s");
		free(items);
		free(order);
		free(desc);
	}
}

int main(int argc, char **argv)
{
	bool smoke = argc == 2 && !strcmp(argv[1], "--smoke");
	if (argc > 1 && !smoke) {
		fprintf(stderr, "usage: bench_quality [--smoke]\n");
		return 2;
	}
	static const size_t uniform[] = { 120, 250, 500, 1000 };
	static const size_t triplet[] = { 60, 120, 249, 501 };
	size_t ns = smoke ? 1 : 4, inst = smoke ? 1 : INSTANCES;
	run_class("uniform", 150, uniform, ns, inst, false);
	run_class("triplets", 1000, triplet, ns, inst, true);
	return 0;
}
