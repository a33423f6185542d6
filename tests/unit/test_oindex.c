/*
 * Ordered index (lib/core/oindex.c): the best-fit search structure of R3.1
 * and R8.3. Checked against a plain sorted array kept by the test itself.
 */
#include "core/core.h"
#include "core/oindex.h"

#include <check.h>

#include "check_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The node is deliberately not the first member, to exercise CONTAINER_OF. */
/*
 * Check's ck_assert records its location through the runner on every
 * success, which costs a system call; loops of 10^5..10^7 checks use this.
 */
#define REQUIRE(c)                                           \
	do {                                                 \
		if (!(c))                                    \
			ck_assert_msg(0, "failed: %s", #c);  \
	} while (0)

struct gw {
	char id[24];
	uint64_t ref_key; /* the key as the reference model knows it */
	bool ref_in;
	rasgw__onode node;
};

static struct gw *gw_of(rasgw__onode *n)
{
	return n ? RASGW__CONTAINER_OF(n, struct gw, node) : NULL;
}

static uint64_t rng_state;

static uint64_t rnd(void)
{
	/* xorshift64*: fixed seed, so failures reproduce exactly. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static int ref_cmp(uint64_t key, const char *id, const struct gw *g)
{
	if (key != g->ref_key)
		return key < g->ref_key ? -1 : 1;
	return strcmp(id, g->id);
}

/* Reference model: array of gateways sorted by (ref_key, id). */
struct ref {
	struct gw **v;
	size_t n;
};

static size_t ref_pos(const struct ref *r, uint64_t key, const char *id)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ref_cmp(key, id, r->v[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void ref_insert(struct ref *r, struct gw *g)
{
	size_t i = ref_pos(r, g->ref_key, g->id);

	memmove(&r->v[i + 1], &r->v[i], (r->n - i) * sizeof(*r->v));
	r->v[i] = g;
	r->n++;
	g->ref_in = true;
}

static void ref_remove(struct ref *r, struct gw *g)
{
	size_t i = ref_pos(r, g->ref_key, g->id);

	REQUIRE(r->v[i] == g);
	memmove(&r->v[i], &r->v[i + 1], (r->n - i - 1) * sizeof(*r->v));
	r->n--;
	g->ref_in = false;
}

static struct gw *ref_lower_bound(const struct ref *r, uint64_t key)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->v[mid]->ref_key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n ? r->v[lo] : NULL;
}

/* log2 without libm: integer part by halving, fraction bit by bit by squaring. */
static double log2_approx(double x)
{
	double lg = 0, bit = 0.5;

	while (x >= 2) {
		x /= 2;
		lg += 1;
	}
	for (int i = 0; i < 40; i++, bit /= 2) {
		x *= x;
		if (x >= 2) {
			x /= 2;
			lg += bit;
		}
	}
	return lg;
}

/* Minimum node count of an AVL tree of height h: the exact worst case. */
static double avl_min_nodes(int h)
{
	double a = 0, b = 1; /* N(0), N(1) */

	if (h == 0)
		return 0;
	for (int i = 1; i < h; i++) {
		double c = a + b + 1;

		a = b;
		b = c;
	}
	return b;
}

static void assert_balanced(const rasgw__oindex *ix)
{
	int h = rasgw__oindex_check(ix);
	size_t n = rasgw__oindex_count(ix);

	ck_assert_int_ge(h, 0);
	if (n > 0) {
		ck_assert_msg((double)h <= 1.45 * log2_approx((double)n) + 2,
			      "height %d too large for %zu nodes", h, n);
		ck_assert_msg((double)n >= avl_min_nodes(h), "height %d with only %zu nodes", h, n);
	} else {
		ck_assert_int_eq(h, 0);
	}
}

/* Whole-index comparison: count, forward and backward walks, invariants. */
static void assert_same(const rasgw__oindex *ix, const struct ref *r)
{
	size_t i = 0;

	REQUIRE(rasgw__oindex_count(ix) == r->n);
	for (rasgw__onode *n = rasgw__oindex_first(ix); n; n = rasgw__oindex_next(n), i++) {
		REQUIRE(i < r->n);
		REQUIRE(gw_of(n) == r->v[i]);
		REQUIRE(n->key == r->v[i]->ref_key);
	}
	REQUIRE(i == r->n);
	for (rasgw__onode *n = rasgw__oindex_last(ix); n; n = rasgw__oindex_prev(n)) {
		REQUIRE(i > 0);
		i--;
		REQUIRE(gw_of(n) == r->v[i]);
	}
	REQUIRE(i == 0);
	assert_balanced(ix);
}

static struct gw *make_gws(size_t n)
{
	struct gw *g = calloc(n, sizeof(*g));

	ck_assert_ptr_nonnull(g);
	for (size_t i = 0; i < n; i++)
		snprintf(g[i].id, sizeof(g[i].id), "gw-%zu", i);
	return g;
}

/* Heavy ties in a small range, plus the full range and its extremes. */
static uint64_t random_key(void)
{
	uint64_t r = rnd();

	switch (r % 8) {
	case 0:
		return 0;
	case 1:
		return UINT64_MAX - (rnd() % 3);
	case 2:
	case 3:
		return rnd();
	default:
		return rnd() % 200;
	}
}

/* R3.1 best fit: the first gateway with spare >= demand, ties broken by id. */
START_TEST(best_fit_lower_bound)
{
	static const struct {
		const char *id;
		uint64_t spare;
	} pool[] = {
		{"gw-b", 500}, {"gw-a", 500}, {"gw-c", 100}, {"gw-10", 800}, {"gw-9", 800}, {"gw-d", 2000},
	};
	rasgw__onode nodes[RASGW__ARRAY_LEN(pool)];
	rasgw__oindex ix;

	memset(nodes, 0, sizeof(nodes));
	rasgw__oindex_init(&ix);
	ck_assert_ptr_null(rasgw__oindex_lower_bound(&ix, 0));
	ck_assert_ptr_null(rasgw__oindex_first(&ix));
	ck_assert_ptr_null(rasgw__oindex_last(&ix));
	for (size_t i = 0; i < RASGW__ARRAY_LEN(pool); i++)
		rasgw__oindex_insert(&ix, &nodes[i], pool[i].spare, pool[i].id);

	/* Exactly fitting and just-above demands. */
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 100)->id, "gw-c");
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 101)->id, "gw-a");
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 500)->id, "gw-a");
	/* strcmp order, not numeric: "gw-10" < "gw-9". */
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 501)->id, "gw-10");
	ck_assert_str_eq(rasgw__oindex_next(rasgw__oindex_lower_bound(&ix, 501))->id, "gw-9");
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 2000)->id, "gw-d");
	ck_assert_ptr_null(rasgw__oindex_lower_bound(&ix, 2001));
	ck_assert_ptr_null(rasgw__oindex_lower_bound(&ix, UINT64_MAX));
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 0)->id, "gw-c");
	ck_assert_str_eq(rasgw__oindex_first(&ix)->id, "gw-c");
	ck_assert_str_eq(rasgw__oindex_last(&ix)->id, "gw-d");
	ck_assert_ptr_null(rasgw__oindex_prev(rasgw__oindex_first(&ix)));
	ck_assert_ptr_null(rasgw__oindex_next(rasgw__oindex_last(&ix)));

	ck_assert_ptr_eq(rasgw__oindex_find(&ix, 800, "gw-9"), &nodes[4]);
	ck_assert_ptr_null(rasgw__oindex_find(&ix, 800, "gw-a"));

	/* Consuming bandwidth on gw-a leaves gw-b the best fit for 500. */
	rasgw__oindex_update(&ix, &nodes[1], 200);
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 300)->id, "gw-b");
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 150)->id, "gw-a");
	ck_assert_int_ge(rasgw__oindex_check(&ix), 0);
}
END_TEST

/* R3.1 linking state: remove is idempotent, update re-inserts a removed node. */
START_TEST(best_fit_link_state)
{
	struct gw *g = make_gws(3);
	rasgw__oindex ix;

	rasgw__oindex_init(&ix);
	ck_assert(!rasgw__oindex_contains(&g[0].node));
	rasgw__oindex_insert(&ix, &g[0].node, 10, g[0].id);
	rasgw__oindex_insert(&ix, &g[1].node, 20, g[1].id);
	rasgw__oindex_insert(&ix, &g[2].node, 30, g[2].id);
	ck_assert(rasgw__oindex_contains(&g[0].node));
	ck_assert_uint_eq(rasgw__oindex_count(&ix), 3);

	rasgw__oindex_remove(&ix, &g[1].node);
	ck_assert(!rasgw__oindex_contains(&g[1].node));
	rasgw__oindex_remove(&ix, &g[1].node);
	ck_assert_uint_eq(rasgw__oindex_count(&ix), 2);
	ck_assert_ptr_eq(gw_of(rasgw__oindex_lower_bound(&ix, 11)), &g[2]);
	ck_assert_int_ge(rasgw__oindex_check(&ix), 0);

	rasgw__oindex_update(&ix, &g[1].node, 15);
	ck_assert(rasgw__oindex_contains(&g[1].node));
	ck_assert_uint_eq(rasgw__oindex_count(&ix), 3);
	ck_assert_ptr_eq(gw_of(rasgw__oindex_lower_bound(&ix, 11)), &g[1]);
	ck_assert_str_eq(g[1].node.id, "gw-1");

	/* In-place update (order unchanged) and a move past both neighbours. */
	rasgw__oindex_update(&ix, &g[1].node, 25);
	ck_assert_ptr_eq(rasgw__oindex_next(&g[1].node), &g[2].node);
	ck_assert_uint_eq(g[1].node.key, 25);
	rasgw__oindex_update(&ix, &g[0].node, 99);
	ck_assert_ptr_eq(rasgw__oindex_last(&ix), &g[0].node);
	ck_assert_ptr_eq(rasgw__oindex_first(&ix), &g[1].node);
	/* Equal key to the neighbour: the id decides. */
	rasgw__oindex_update(&ix, &g[2].node, 25);
	ck_assert_ptr_eq(rasgw__oindex_next(&g[1].node), &g[2].node);
	rasgw__oindex_update(&ix, &g[1].node, 25);
	ck_assert_ptr_eq(rasgw__oindex_first(&ix), &g[1].node);
	ck_assert_int_ge(rasgw__oindex_check(&ix), 0);
	free(g);
}
END_TEST

/* R3.1 random insert/remove/update/lower_bound against a sorted array. */
START_TEST(best_fit_random_vs_reference)
{
	enum { POOL = 3000, OPS = 100000, FULL_EVERY = 64 };
	struct gw *g = make_gws(POOL);
	struct ref r = {calloc(POOL, sizeof(struct gw *)), 0};
	rasgw__oindex ix;
	size_t inserts = 0, removes = 0, updates = 0, hits = 0;

	ck_assert_ptr_nonnull(r.v);
	rng_state = UINT64_C(0x9e3779b97f4a7c15);
	rasgw__oindex_init(&ix);
	for (size_t op = 0; op < OPS; op++) {
		struct gw *x = &g[rnd() % POOL];
		/* Alternate growing and shrinking phases so the size sweeps the range. */
		bool shrinking = (op / 12500) % 2 == 1;
		uint64_t roll = rnd() % 100;

		if (!x->ref_in) {
			x->ref_key = random_key();
			rasgw__oindex_insert(&ix, &x->node, x->ref_key, x->id);
			ref_insert(&r, x);
			inserts++;
		} else if (roll < (shrinking ? 70u : 20u)) {
			rasgw__oindex_remove(&ix, &x->node);
			ref_remove(&r, x);
			removes++;
		} else {
			/* Small moves (the common bandwidth change) and arbitrary jumps. */
			uint64_t k = roll % 2 ? x->ref_key + (rnd() % 5) - 2 : random_key();

			rasgw__oindex_update(&ix, &x->node, k);
			ref_remove(&r, x);
			x->ref_key = k;
			ref_insert(&r, x);
			updates++;
		}
		REQUIRE(rasgw__oindex_contains(&x->node) == x->ref_in);

		uint64_t q = random_key();
		struct gw *want = ref_lower_bound(&r, q);

		REQUIRE(gw_of(rasgw__oindex_lower_bound(&ix, q)) == want);
		hits += want != NULL;
		struct gw *y = &g[rnd() % POOL];
		REQUIRE(gw_of(rasgw__oindex_find(&ix, y->node.key, y->id)) == (y->ref_in ? y : NULL));
		if (op % FULL_EVERY == 0)
			assert_same(&ix, &r);
	}
	assert_same(&ix, &r);
	/* The run really exercised every path. */
	ck_assert_uint_gt(inserts, OPS / 10);
	ck_assert_uint_gt(removes, OPS / 10);
	ck_assert_uint_gt(updates, OPS / 10);
	ck_assert_uint_gt(hits, OPS / 10);
	ck_assert_uint_lt(hits, OPS);

	while (r.n) {
		struct gw *x = r.v[rnd() % r.n];

		rasgw__oindex_remove(&ix, &x->node);
		ref_remove(&r, x);
		if (r.n % 97 == 0)
			assert_same(&ix, &r);
	}
	assert_same(&ix, &r);
	ck_assert_ptr_null(ix.root);
	free(r.v);
	free(g);
}
END_TEST

/* R3.1 O(log G): 100 000 gateways, sorted insertion being the worst case for balance. */
START_TEST(best_fit_balanced_100k)
{
	enum { N = 100000 };
	struct gw *g = make_gws(N);
	rasgw__oindex ix;
	size_t i;

	rasgw__oindex_init(&ix);
	for (i = 0; i < N; i++)
		rasgw__oindex_insert(&ix, &g[i].node, (uint64_t)i * 2, g[i].id);
	assert_balanced(&ix);
	for (i = 0; i < N; i++) {
		rasgw__onode *n = rasgw__oindex_lower_bound(&ix, (uint64_t)i * 2 - (i > 0));

		REQUIRE(n == &g[i].node);
	}
	ck_assert_ptr_null(rasgw__oindex_lower_bound(&ix, (uint64_t)N * 2));

	/* Remove every other one from the low end: skewed deletions. */
	for (i = 0; i < N / 2; i++)
		rasgw__oindex_remove(&ix, &g[i * 2].node);
	assert_balanced(&ix);
	i = 1;
	for (rasgw__onode *n = rasgw__oindex_first(&ix); n; n = rasgw__oindex_next(n), i += 2)
		REQUIRE(n == &g[i].node);
	ck_assert_uint_eq(i, N + 1);

	/* Descending re-insertion with equal keys: only ids order them. */
	for (i = N; i-- > 0;)
		if (!rasgw__oindex_contains(&g[i].node))
			rasgw__oindex_insert(&ix, &g[i].node, 7, g[i].id);
	assert_balanced(&ix);
	ck_assert_uint_eq(rasgw__oindex_count(&ix), N);
	ck_assert_ptr_eq(rasgw__oindex_first(&ix), &g[1].node);
	ck_assert_ptr_eq(rasgw__oindex_next(&g[3].node), rasgw__oindex_lower_bound(&ix, 7));
	ck_assert_str_eq(rasgw__oindex_lower_bound(&ix, 7)->id, "gw-0");
	ck_assert_str_eq(rasgw__oindex_next(rasgw__oindex_lower_bound(&ix, 7))->id, "gw-10");
	free(g);
}
END_TEST

/* R8.1 the walk order depends only on the entries, never on insertion order or addresses. */
START_TEST(deterministic_order)
{
	enum { N = 500 };
	struct gw *a = make_gws(N), *b = make_gws(N);
	size_t perm[N];
	rasgw__oindex ia, ib;

	rng_state = 42;
	for (size_t i = 0; i < N; i++) {
		perm[i] = i;
		a[i].ref_key = b[i].ref_key = rnd() % 16;
	}
	for (size_t i = N - 1; i > 0; i--) {
		size_t j = rnd() % (i + 1), t = perm[i];

		perm[i] = perm[j];
		perm[j] = t;
	}
	rasgw__oindex_init(&ia);
	rasgw__oindex_init(&ib);
	for (size_t i = 0; i < N; i++) {
		rasgw__oindex_insert(&ia, &a[i].node, a[i].ref_key, a[i].id);
		rasgw__oindex_insert(&ib, &b[perm[i]].node, b[perm[i]].ref_key, b[perm[i]].id);
	}
	rasgw__onode *x = rasgw__oindex_first(&ia), *y = rasgw__oindex_first(&ib);

	for (; x && y; x = rasgw__oindex_next(x), y = rasgw__oindex_next(y)) {
		ck_assert_uint_eq(x->key, y->key);
		ck_assert_str_eq(x->id, y->id);
		ck_assert_int_eq(gw_of(x) - a, gw_of(y) - b);
	}
	ck_assert_ptr_null(x);
	ck_assert_ptr_null(y);
	free(a);
	free(b);
}
END_TEST

static Suite *oindex_suite(void)
{
	Suite *s = suite_create("oindex");
	TCase *tc;

	tc = tcase_create("R3_1_best_fit_lower_bound");
	tcase_add_test(tc, best_fit_lower_bound);
	tcase_add_test(tc, best_fit_link_state);
	suite_add_tcase(s, tc);

	tc = tcase_create("R3_1_random_vs_reference");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, best_fit_random_vs_reference);
	suite_add_tcase(s, tc);

	tc = tcase_create("R3_1_balanced_100k");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, best_fit_balanced_100k);
	suite_add_tcase(s, tc);

	tc = tcase_create("R8_1_deterministic_order");
	tcase_add_test(tc, deterministic_order);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return rasgw_test_run(oindex_suite());
}
