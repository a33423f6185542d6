/*
 * rasgw_plan_consolidate(): packing a pool onto fewer gateways, make before
 * break, capacity safe at every step (R1.3, R1.5), with the placement rules
 * (R7.2) and route reflectors (R3.2) kept, undoable and deterministic (R8.1).
 * Every plan is committed and the model checked (fx_commit).
 */
#include "check_main.h"
#include "failover_fixture.h"
#include "rasgw/alloc.h"

#define G 1000000ULL /* 1 Gbps */

static const uint16_t vl_100[] = { 100, 0 };
static const uint16_t vl_200[] = { 200, 0 };
static const char *const hosts_v1[] = { "v1", NULL };

static rasgw_model *topology(void)
{
	rasgw_model *m = fx_new();
	fx_rack(m, "r1", vl_100);
	fx_rack(m, "r2", vl_200);
	fx_host(m, "h1", "r1");
	fx_host(m, "h2", "r1");
	fx_host(m, "h3", "r2");
	fx_host(m, "v1", "r1");
	return m;
}

/*
 * IKEv2 pool of six active gateways (10 Gbps each) holding 25 Gbps in
 * seven connections of three tenants, one gateway each but a4: six used,
 * where three can hold it all (best fit decreasing: 6+4, 5+4+1, 3+2).
 * Each tenant's RR sits on a gateway holding one of its connections.
 */
static rasgw_model *fragmented(void)
{
	rasgw_model *m = topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 0);
	static const char *const gws[] = { "a1", "a2", "a3", "a4", "a5", "a6" };
	for (int i = 0; i < 6; i++) {
		char dip[32];
		snprintf(dip, sizeof(dip), "10.0.0.%d", i + 1);
		fx_gw(m, gws[i], "ike", i % 2 ? "h2" : "h1", dip, NULL, RASGW_GATEWAY_ACTIVE);
	}
	fx_tenant(m, "T", hosts_v1, "a6");
	fx_tenant(m, "U", hosts_v1, "a2");
	fx_tenant(m, "W", hosts_v1, "a4");
	fx_ike(m, "c6", "T", 6 * G, "a1", "198.18.0.1", "10.1.0.0/16");
	fx_ike(m, "c5", "U", 5 * G, "a2", "198.18.0.2", "10.2.0.0/16");
	fx_ike(m, "c4a", "T", 4 * G, "a3", "198.18.0.3", NULL);
	fx_ike(m, "c3", "W", 3 * G, "a4", "198.18.0.4", NULL);
	fx_ike(m, "c2", "W", 2 * G, "a4", "198.18.0.5", NULL);
	fx_ike(m, "c4b", "U", 4 * G, "a5", "198.18.0.6", NULL);
	fx_ike(m, "c1", "T", 1 * G, "a6", "198.18.0.7", "10.7.0.0/16");
	fx_valid(m);
	return m;
}

static size_t used_gateways(const rasgw_model *m, const char *pool)
{
	size_t n = 0;
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		n += strcmp(g->pool_id, pool) == 0 && g->used_kbps > 0;
	}
	return n;
}

/*
 * R1.3 during the plan: make before break configures every moved connection
 * before any is removed, so each gateway must hold its load before the plan
 * plus everything the plan moves onto it.
 */
static void assert_capacity_at_every_step(const rasgw_model *m, const rasgw_plan *p)
{
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		uint64_t in = 0;
		for (size_t k = 0; k < rasgw_plan_change_count(p); k++) {
			const rasgw_change *ch = rasgw_plan_change_get(p, k);
			if (ch->kind == RASGW_CHANGE_CONNECTION_MOVE && fx_eq(ch->to, g->id))
				in += fx_connr(m, ch->id)->cost_kbps;
		}
		ck_assert_msg(g->used_kbps + in <= g->capacity_kbps,
			      "gateway %s: %llu used + %llu moved in > capacity", g->id,
			      (unsigned long long)g->used_kbps, (unsigned long long)in);
	}
	/* Make before break: nothing is withdrawn before the new side works. */
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++)
		ck_assert_int_ge(rasgw_plan_op_get(p, i)->phase, RASGW_PHASE_CONFIGURE);
	fx_assert_phase_order(p);
}

/* Plan, check, commit until the plan is empty; returns the rounds that moved. */
static size_t consolidate(rasgw_model *m, const char *pool, size_t *moves)
{
	size_t rounds = 0;
	*moves = 0;
	for (int r = 0; r < 10; r++) {
		rasgw_plan *p = NULL;
		FX_OK(rasgw_plan_consolidate(&p, m, pool, NULL));
		size_t mv = fx_count_changes(p, RASGW_CHANGE_CONNECTION_MOVE);
		assert_capacity_at_every_step(m, p);
		fx_commit(m, p);
		rasgw_plan_free(p);
		for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
			const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
			ck_assert_uint_le(g->used_kbps, g->capacity_kbps);
		}
		if (!mv)
			return rounds;
		*moves += mv;
		rounds++;
	}
	ck_abort_msg("consolidation did not settle in 10 plans");
	return rounds;
}

/* R1.3, R1.5: the fragmented pool ends on three gateways, never over capacity. */
START_TEST(reduces_gateways_within_capacity)
{
	rasgw_model *m = fragmented();
	ck_assert_uint_eq(used_gateways(m, "ike"), 6);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_consolidate(&p, m, "ike", NULL));
	ck_assert_str_eq(rasgw_plan_event(p), "pool.consolidate");
	ck_assert_uint_gt(fx_count_changes(p, RASGW_CHANGE_CONNECTION_MOVE), 0);
	assert_capacity_at_every_step(m, p);
	fx_commit(m, p);
	rasgw_plan_free(p);
	size_t after_one = used_gateways(m, "ike");
	ck_assert_uint_lt(after_one, 6);
	size_t moves = 0;
	consolidate(m, "ike", &moves);
	ck_assert_uint_eq(used_gateways(m, "ike"), 3);
	/* Every gateway stays active, the emptied ones too. */
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++)
		ck_assert_int_eq(rasgw_model_gateway_get(m, i)->role, RASGW_GATEWAY_ACTIVE);
	/* R3.2: no route reflector is left on a gateway the plan emptied. */
	for (size_t i = 0; i < rasgw_model_tenant_count(m); i++) {
		const rasgw_tenant *t = rasgw_model_tenant_get(m, i);
		ck_assert_ptr_nonnull(t->rr_gateway);
		ck_assert_msg(fx_gwr(m, t->rr_gateway)->used_kbps > 0, "RR of %s on empty %s",
			      t->id, t->rr_gateway);
	}
	rasgw_model_free(m);
}
END_TEST

/* A pool of three gateways: a1 holds 5 + 4, a2 6 + 3, a3 `small`. */
static rasgw_model *tight(uint64_t small)
{
	rasgw_model *m = topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 0);
	fx_gw(m, "a1", "ike", "h1", "10.0.0.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a2", "ike", "h2", "10.0.0.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a3", "ike", "h1", "10.0.0.3", NULL, RASGW_GATEWAY_ACTIVE);
	fx_tenant(m, "T", hosts_v1, "a3");
	fx_ike(m, "x5", "T", 5 * G, "a1", "198.18.0.1", NULL);
	fx_ike(m, "x4", "T", 4 * G, "a1", "198.18.0.2", NULL);
	fx_ike(m, "x6", "T", 6 * G, "a2", "198.18.0.3", NULL);
	fx_ike(m, "x3", "T", 3 * G, "a2", "198.18.0.4", NULL);
	fx_ike(m, "xs", "T", small, "a3", "198.18.0.5", NULL);
	fx_valid(m);
	return m;
}

/*
 * R1.3: with a 2 Gbps connection on a3, best fit decreasing packs 6 + 4 and
 * 5 + 3 + 2 on two gateways, but a1 and a2 hold 9 of 10 Gbps each: the bin
 * 5 + 3 + 2 can go to a3, the bin 6 + 4 only to a2, which cannot take x4
 * before x3 has left (make before break), and x2 fits in no gap. No
 * capacity-safe plan uses fewer gateways: nothing moves, x4 is reported.
 */
START_TEST(blocked_moves_are_reported)
{
	rasgw_model *m = tight(2 * G);
	uint64_t fp0 = rasgw_model_fingerprint(m);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_consolidate(&p, m, "ike", NULL));
	ck_assert_uint_eq(fx_count_changes(p, RASGW_CHANGE_CONNECTION_MOVE), 0);
	ck_assert_uint_gt(rasgw_plan_issue_count(p), 0);
	bool x4 = false;
	for (size_t i = 0; i < rasgw_plan_issue_count(p); i++) {
		const rasgw_plan_issue *is = rasgw_plan_issue_get(p, i);
		ck_assert_int_eq(is->code, RASGW_ENOCAPACITY);
		x4 |= fx_eq(is->connection, "x4");
	}
	ck_assert(x4);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp0);
	rasgw_model_free(m);
}
END_TEST

/*
 * R1.3, R3.2: with 1 Gbps on a3 the same packing is still blocked, but a3
 * can be emptied into a1's last gigabit: one plan, one move, two gateways,
 * and T's route reflector leaves the emptied a3.
 */
START_TEST(empties_when_packing_is_blocked)
{
	rasgw_model *m = tight(1 * G);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_consolidate(&p, m, "ike", NULL));
	assert_capacity_at_every_step(m, p);
	ck_assert_uint_eq(fx_count_changes(p, RASGW_CHANGE_CONNECTION_MOVE), 1);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "xs", "a3", "a1"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_TENANT_RR, "T", "a3", NULL), 0);
	ck_assert_uint_eq(rasgw_plan_issue_count(p), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_uint_eq(used_gateways(m, "ike"), 2);
	ck_assert_uint_eq(fx_gwr(m, "a1")->used_kbps, 10 * G);
	ck_assert_str_ne(rasgw_model_tenant_lookup(m, "T")->rr_gateway, "a3");
	rasgw_model_free(m);
}
END_TEST

/* R1.5: a pool as packed as best fit decreasing gets an empty plan. */
START_TEST(packed_pool_empty_plan)
{
	rasgw_model *m = topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 0);
	fx_gw(m, "a1", "ike", "h1", "10.0.0.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a2", "ike", "h2", "10.0.0.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a3", "ike", "h1", "10.0.0.3", NULL, RASGW_GATEWAY_ACTIVE); /* empty */
	fx_tenant(m, "T", hosts_v1, "a1");
	/* Not the packing BFD builds (6+4 | 5+3), but as few gateways. */
	fx_ike(m, "p6", "T", 6 * G, "a1", "198.18.0.1", NULL);
	fx_ike(m, "p3", "T", 3 * G, "a1", "198.18.0.2", NULL);
	fx_ike(m, "p5", "T", 5 * G, "a2", "198.18.0.3", NULL);
	fx_ike(m, "p4", "T", 4 * G, "a2", "198.18.0.4", NULL);
	fx_valid(m);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_consolidate(&p, m, "ike", NULL));
	ck_assert_uint_eq(rasgw_plan_change_count(p), 0);
	ck_assert_uint_eq(rasgw_plan_op_count(p), 0);
	ck_assert_uint_eq(rasgw_plan_issue_count(p), 0);
	rasgw_plan_free(p);
	/* After a consolidation, the next plan is empty too. */
	rasgw_model_free(m);
	m = fragmented();
	size_t moves = 0;
	consolidate(m, "ike", &moves);
	FX_OK(rasgw_plan_consolidate(&p, m, "ike", NULL));
	ck_assert_uint_eq(rasgw_plan_change_count(p), 0);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/*
 * R7.2: L3 pool over two racks; r1 carries VLAN 100, r2 VLAN 200. Packing
 * would put all three 3 Gbps connections on one gateway by size, but k3
 * (VLAN 200) may only sit in r2: it stays, k1 and k2 share a gateway of r1.
 */
START_TEST(l3_vlan_rule)
{
	rasgw_model *m = topology();
	fx_pool(m, "l3", RASGW_POOL_L3, 0);
	fx_gw(m, "a", "l3", "h1", "10.0.2.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "b", "l3", "h2", "10.0.2.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "c", "l3", "h3", "10.0.2.3", NULL, RASGW_GATEWAY_ACTIVE);
	fx_tenant(m, "K", hosts_v1, "c");
	fx_l3(m, "k1", "K", 3 * G, "a", 100, "10.10.0.0/24", "10.10.0.1", "10.10.0.2",
	      "10.10.0.3");
	fx_l3(m, "k2", "K", 3 * G, "b", 100, "10.11.0.0/24", "10.11.0.1", "10.11.0.2",
	      "10.11.0.3");
	fx_l3(m, "k3", "K", 3 * G, "c", 200, "10.12.0.0/24", "10.12.0.1", "10.12.0.2",
	      "10.12.0.3");
	fx_valid(m);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_consolidate(&p, m, "l3", NULL));
	assert_capacity_at_every_step(m, p);
	ck_assert_uint_eq(fx_count_changes(p, RASGW_CHANGE_CONNECTION_MOVE), 1);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "k2", "b", "a"), 0);
	ck_assert_int_lt(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "k3", NULL, NULL), 0);
	/* L3 addresses are handed over in the repeer phase (R7.3). */
	long as = fx_find_op(p, RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN, "a", "k2");
	ck_assert_int_ge(as, 0);
	ck_assert_int_eq(fx_op(p, as)->phase, RASGW_PHASE_REPEER);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_str_eq(fx_connr(m, "k2")->gateway_id, "a");
	ck_assert_str_eq(fx_connr(m, "k3")->gateway_id, "c");
	ck_assert_uint_eq(used_gateways(m, "l3"), 2);
	rasgw_model_free(m);
}
END_TEST

/* R8.1: plan + inverse restores the fingerprint; the same state gives the same plan. */
START_TEST(inverse_and_deterministic)
{
	rasgw_model *m = fragmented();
	uint64_t fp0 = rasgw_model_fingerprint(m);
	rasgw_plan *p = NULL, *q = NULL, *inv = NULL;
	FX_OK(rasgw_plan_consolidate(&p, m, "ike", NULL));
	FX_OK(rasgw_plan_consolidate(&q, m, "ike", NULL));
	char *a = NULL, *b = NULL;
	FX_OK(rasgw_plan_to_json(p, &a));
	FX_OK(rasgw_plan_to_json(q, &b));
	ck_assert_str_eq(a, b);
	rasgw_free(a);
	rasgw_free(b);
	FX_OK(rasgw_plan_invert(&inv, p));
	fx_commit(m, p);
	ck_assert_uint_ne(rasgw_model_fingerprint(m), fp0);
	fx_commit(m, inv);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp0);
	rasgw_plan_free(p);
	rasgw_plan_free(q);
	rasgw_plan_free(inv);
	rasgw_model_free(m);
}
END_TEST

/* Errors: NULL arguments, unknown pool, unknown options version. */
START_TEST(errors)
{
	rasgw_model *m = fragmented();
	rasgw_plan *p = NULL;
	ck_assert_int_eq(rasgw_plan_consolidate(NULL, m, "ike", NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_plan_consolidate(&p, NULL, "ike", NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_plan_consolidate(&p, m, NULL, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_plan_consolidate(&p, m, "nope", NULL), RASGW_ENOTFOUND);
	rasgw_failover_options o = RASGW_FAILOVER_OPTIONS_INIT;
	o.version = 99;
	ck_assert_int_eq(rasgw_plan_consolidate(&p, m, "ike", &o), RASGW_EVERSION);
	ck_assert_ptr_null(p);
	rasgw_model_free(m);
}
END_TEST

/* ------------------------------------------ allocation failure injection */

static long fail_at = -1, calls, live;
static bool injected;

static void *t_malloc(size_t n, void *payload)
{
	(void)payload;
	if (fail_at >= 0 && calls++ == fail_at) {
		injected = true;
		return NULL;
	}
	void *p = malloc(n);
	live += p != NULL;
	return p;
}

static void *t_realloc(void *ptr, size_t n, void *payload)
{
	(void)payload;
	if (fail_at >= 0 && calls++ == fail_at) {
		injected = true;
		return NULL;
	}
	void *p = realloc(ptr, n);
	live += p && !ptr;
	return p;
}

static void t_free(void *ptr, void *payload)
{
	(void)payload;
	live -= ptr != NULL;
	free(ptr);
}

/* Fail each allocation of one consolidation in turn; returns the failed runs. */
static size_t fail_each(rasgw_model *(*build)(void))
{
	size_t failed = 0;
	for (long k = 0; k < 100000; k++) {
		rasgw_model *m = build();
		uint64_t fp0 = rasgw_model_fingerprint(m);
		long live0 = live;
		rasgw_plan *p = NULL;
		calls = 0;
		injected = false;
		fail_at = k;
		int rc = rasgw_plan_consolidate(&p, m, "ike", NULL);
		fail_at = -1;
		if (rc) {
			ck_assert_int_eq(rc, RASGW_ENOMEM);
			ck_assert_ptr_null(p);
			failed++;
		}
		rasgw_plan_free(p);
		ck_assert_int_eq(live, live0);
		ck_assert_uint_eq(rasgw_model_fingerprint(m), fp0);
		rasgw_model_free(m);
		if (!injected)
			return failed;
	}
	ck_abort_msg("too many allocations");
	return failed;
}

static rasgw_model *tight_blocked(void)
{
	return tight(2 * G);
}

/* R8.1: any allocation may fail: RASGW_ENOMEM, no plan, no leak, the model unchanged. */
START_TEST(allocation_failures)
{
	rasgw_allocator a = { RASGW_ALLOCATOR_VERSION, t_malloc, t_realloc, t_free, NULL };
	FX_OK(rasgw_set_allocator(&a));
	ck_assert_uint_gt(fail_each(fragmented), 10);
	ck_assert_uint_gt(fail_each(tight_blocked), 10);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("consolidate");
	rasgw_test_add(s, "R1_3_R1_5_R3_2_reduces_gateways_within_capacity", reduces_gateways_within_capacity);
	rasgw_test_add(s, "R1_3_blocked_moves_are_reported", blocked_moves_are_reported);
	rasgw_test_add(s, "R1_3_R3_2_empties_when_packing_is_blocked", empties_when_packing_is_blocked);
	rasgw_test_add(s, "R1_5_packed_pool_empty_plan", packed_pool_empty_plan);
	rasgw_test_add(s, "R7_2_l3_vlan_rule", l3_vlan_rule);
	rasgw_test_add(s, "R8_1_inverse_and_deterministic", inverse_and_deterministic);
	rasgw_test_add(s, "R8_1_errors", errors);
	rasgw_test_add(s, "R8_1_allocation_failures", allocation_failures);
	return rasgw_test_run(s);
}
