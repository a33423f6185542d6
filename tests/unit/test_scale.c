/*
 * Scaling pools (R1.2, R1.5, R6.1, R6.2): drain (make before break, to a
 * promoted standby when the load does not fit, partial with issues), remove,
 * gateway add keeping N <= M, pool add and pool remove. Every plan is
 * committed and the model checked.
 */
#include "check_main.h"
#include "failover_fixture.h"

static const uint16_t vl_1001[] = { 1001, 0 };
static const char *const hosts_v1v2[] = { "v1", "v2", NULL };
static const char *const hosts_v2[] = { "v2", NULL };

static rasgw_model *topology(void)
{
	rasgw_model *m = fx_new();
	fx_rack(m, "r1", vl_1001);
	fx_rack(m, "r2", vl_1001);
	fx_rack(m, "r3", NULL);
	fx_host(m, "h1", "r1");
	fx_host(m, "h3", "r2");
	fx_host(m, "h4", "r3");
	fx_host(m, "h5", "r2");
	fx_host(m, "v1", "r1");
	fx_host(m, "v2", "r2");
	return m;
}

/*
 * IKEv2 pool (N = `n`): a1 (h1), a2 (h3) active, s1 (h4) standby, and s2
 * (h5) standby when `two_standby`. T (RR a1) has c1 3G and c2 2G on a1; U
 * (RR a2) has u1 of `u1_kbps` on a2.
 */
static rasgw_model *pool_model(uint32_t n, bool two_standby, uint64_t u1_kbps)
{
	rasgw_model *m = topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, n);
	fx_gw(m, "a1", "ike", "h1", "10.0.0.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a2", "ike", "h3", "10.0.0.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "s1", "ike", "h4", "10.0.0.3", NULL, RASGW_GATEWAY_STANDBY);
	if (two_standby)
		fx_gw(m, "s2", "ike", "h5", "10.0.0.4", NULL, RASGW_GATEWAY_STANDBY);
	fx_tenant(m, "T", hosts_v1v2, "a1");
	fx_tenant(m, "U", hosts_v2, "a2");
	fx_ike(m, "c1", "T", 3000000, "a1", "198.18.0.1", "10.1.0.0/16");
	fx_ike(m, "c2", "T", 2000000, "a1", "198.18.0.2", "10.2.0.0/16");
	fx_ike(m, "u1", "U", u1_kbps, "a2", "198.18.1.1", "10.3.0.0/16");
	fx_valid(m);
	return m;
}

/* Make before break: nothing is withdrawn before the new side is configured. */
static void assert_make_before_break(const rasgw_model *m, const rasgw_plan *p, const char *conn,
				     const char *from, const char *to)
{
	fx_assert_phase_order(p);
	long cf = fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, to, conn);
	long nat = fx_find_op(p, RASGW_OP_SLB_NAT_UPDATE, NULL, conn);
	long ri = fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, NULL, conn);
	long rw = fx_find_op(p, RASGW_OP_HOST_ROUTE_WITHDRAW, NULL, conn);
	long rm = fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_REMOVE, from, conn);
	ck_assert(cf >= 0 && cf < nat && nat < ri && ri < rw && rw < rm);
	ck_assert_int_eq(fx_op(p, cf)->phase, RASGW_PHASE_CONFIGURE);
	ck_assert_str_eq(fx_op(p, nat)->old_dip, fx_gwr(m, from)->dip);
	ck_assert_int_eq(fx_op(p, rw)->phase, RASGW_PHASE_CLEANUP);
	ck_assert_str_eq(fx_op(p, rw)->gateway, from);
	ck_assert_int_eq(fx_op(p, rm)->phase, RASGW_PHASE_CLEANUP);
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++)
		ck_assert_int_ge(rasgw_plan_op_get(p, i)->phase, RASGW_PHASE_CONFIGURE);
}

/* ----------------------------------------------------------------- drain */

/* R1.5: drain moves everything to other active gateways, make before break. */
START_TEST(drain_make_before_break)
{
	rasgw_model *m = pool_model(1, false, 1000000);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_drain(&p, m, "a1", NULL));
	const rasgw_change *first = rasgw_plan_change_get(p, 0);
	ck_assert_str_eq(first->id, "a1");
	ck_assert_str_eq(first->to, "Draining");
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "a2"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "a1", "a2"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_TENANT_RR, "T", "a1", "a2"), 0);
	ck_assert_int_lt(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", NULL, NULL), 0);
	assert_make_before_break(m, p, "c1", "a1", "a2");
	long rrc = fx_find_op(p, RASGW_OP_GATEWAY_BGP_RR_CONFIGURE, "a2", NULL);
	long rrr = fx_find_op(p, RASGW_OP_GATEWAY_BGP_RR_REMOVE, "a1", NULL);
	ck_assert(rrc >= 0 && rrc < rrr);
	ck_assert_uint_eq(rasgw_plan_placement_count(p), 2);
	ck_assert_uint_eq(rasgw_plan_issue_count(p), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	const rasgw_gateway *a1 = fx_gwr(m, "a1");
	ck_assert_int_eq(a1->role, RASGW_GATEWAY_DRAINING);
	ck_assert_uint_eq(a1->connection_count, 0);
	ck_assert_uint_eq(a1->rr_count, 0);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "ike")->active_count, 2);
	/* Draining again has nothing left to move. */
	FX_OK(rasgw_plan_gateway_drain(&p, m, "a1", NULL));
	ck_assert_uint_eq(rasgw_plan_change_count(p), 0);
	rasgw_plan_free(p);
	ck_assert_int_eq(rasgw_plan_gateway_drain(&p, m, "s1", NULL), RASGW_ESTATE);
	ck_assert_int_eq(rasgw_plan_gateway_drain(&p, m, "zz", NULL), RASGW_ENOTFOUND);
	rasgw_model_free(m);
}
END_TEST

/* R1.5: the load does not fit elsewhere: a promoted standby takes it all. */
START_TEST(drain_to_standby)
{
	rasgw_model *m = pool_model(1, false, 8000000);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_drain(&p, m, "a1", NULL));
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", "Redundant", "Active"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "s1"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "a1", "s1"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_TENANT_RR, "T", "a1", "s1"), 0);
	ck_assert_int_lt(fx_find_op(p, RASGW_OP_GATEWAY_PROMOTE, "s1", NULL),
			 fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, "s1", NULL));
	assert_make_before_break(m, p, "c2", "a1", "s1");
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R1.5: with no standby, what fits nowhere stays on the draining gateway. */
START_TEST(drain_partial)
{
	rasgw_model *m = pool_model(0, false, 8000000);
	rasgw_plan *p = NULL;
	/* No standby in this pool now. */
	FX_OK(rasgw_plan_gateway_remove(&p, m, "s1", NULL));
	fx_commit(m, p);
	rasgw_plan_free(p);
	FX_OK(rasgw_plan_gateway_drain(&p, m, "a1", NULL));
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "a1", "a2"), 0);
	ck_assert_int_lt(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", NULL, NULL), 0);
	ck_assert_uint_eq(rasgw_plan_issue_count(p), 1);
	ck_assert_str_eq(rasgw_plan_issue_get(p, 0)->connection, "c1");
	ck_assert_int_eq(rasgw_plan_issue_get(p, 0)->code, RASGW_ENOCAPACITY);
	/* T keeps a connection on a1, so its RR may stay. */
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_str_eq(fx_connr(m, "c1")->gateway_id, "a1");
	p = NULL;
	ck_assert_int_eq(rasgw_plan_gateway_remove(&p, m, "a1", NULL), RASGW_ENOCAPACITY);
	ck_assert_ptr_null(p);
	rasgw_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------- remove */

/* R1.5: remove drains first, then withdraws the gateway. */
START_TEST(remove_active)
{
	rasgw_model *m = pool_model(1, false, 1000000);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_remove(&p, m, "a1", NULL));
	ck_assert_str_eq(rasgw_plan_event(p), "gateway.remove");
	assert_make_before_break(m, p, "c1", "a1", "a2");
	const rasgw_change *last = rasgw_plan_change_get(p, rasgw_plan_change_count(p) - 1);
	ck_assert_int_eq(last->kind, RASGW_CHANGE_GATEWAY_REMOVE);
	ck_assert_str_eq(last->id, "a1");
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_ptr_null(rasgw_model_gateway_lookup(m, "a1"));
	ck_assert_str_eq(fx_connr(m, "c1")->gateway_id, "a2");
	rasgw_model_free(m);
}
END_TEST

/* R1.2: removing an active gateway where N == M hands its load to a standby. */
START_TEST(remove_keeps_n_le_m)
{
	rasgw_model *m = pool_model(1, true, 1000000);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_remove(&p, m, "a1", NULL));
	/* a2 had room, but two standbys for one active would break N <= M. */
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", "Redundant", "Active"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "s1"), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	const rasgw_pool *pool = rasgw_model_pool_lookup(m, "ike");
	ck_assert_uint_eq(pool->active_count, 2);
	ck_assert_uint_eq(pool->standby_count, 1);
	rasgw_model_free(m);
}
END_TEST

/* R1.2: fewer than 2N gateways may not remain; standbys are removed plainly. */
START_TEST(remove_checks_redundant_count)
{
	rasgw_model *m = topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 1);
	fx_gw(m, "a1", "ike", "h1", "10.0.0.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "s1", "ike", "h4", "10.0.0.3", NULL, RASGW_GATEWAY_STANDBY);
	fx_valid(m);
	rasgw_plan *p = NULL;
	ck_assert_int_eq(rasgw_plan_gateway_remove(&p, m, "s1", NULL), RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R1.2"));
	rasgw_model_free(m);

	m = pool_model(1, false, 1000000);
	FX_OK(rasgw_plan_gateway_remove(&p, m, "s1", NULL));
	ck_assert_uint_eq(rasgw_plan_change_count(p), 1);
	ck_assert_uint_eq(rasgw_plan_op_count(p), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_ptr_null(rasgw_model_gateway_lookup(m, "s1"));
	rasgw_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------- add */

/* R1.2: a standby is added only while standbys stay at most the actives. */
START_TEST(gateway_add_keeps_n_le_m)
{
	rasgw_model *m = pool_model(1, false, 1000000);
	rasgw_gateway spec = { 0 };
	spec.id = "s2";
	spec.pool_id = "ike";
	spec.host_id = "h5";
	spec.dip = "10.0.0.4";
	spec.role = RASGW_GATEWAY_STANDBY;
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_add(&p, m, &spec)); /* 2 standby for 2 active */
	fx_commit(m, p);
	rasgw_plan_free(p);
	spec.id = "s3";
	spec.dip = "10.0.0.5";
	p = NULL;
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R1.2"));
	ck_assert_ptr_null(p);
	/* An active one first, with its address in canonical form. */
	spec.id = "a3";
	spec.dip = "2001:DB8:0::9";
	spec.role = RASGW_GATEWAY_ACTIVE;
	FX_OK(rasgw_plan_gateway_add(&p, m, &spec));
	const rasgw_change *ch = rasgw_plan_change_get(p, 0);
	ck_assert_int_eq(ch->kind, RASGW_CHANGE_GATEWAY_ADD);
	ck_assert_str_eq(ch->gateway->dip, "2001:db8::9");
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_PROMOTE, "a3", NULL), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	spec.id = "s3";
	spec.dip = "10.0.0.5";
	spec.role = RASGW_GATEWAY_STANDBY;
	FX_OK(rasgw_plan_gateway_add(&p, m, &spec));
	fx_commit(m, p);
	rasgw_plan_free(p);
	/* Errors. */
	spec.id = "a1";
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_EEXISTS);
	spec.id = "x";
	spec.dip = "10.0.0.1";
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_EEXISTS);
	spec.dip = "10.0.0.99";
	spec.host_id = "nowhere";
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_ENOTFOUND);
	spec.host_id = "h5";
	spec.pool_id = "nopool";
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_ENOTFOUND);
	spec.pool_id = "ike";
	spec.gre_vip = "198.51.100.9";
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_EVALIDATE); /* R6.1 */
	ck_assert_int_eq(rasgw_plan_gateway_add(NULL, m, &spec), RASGW_EINVAL);
	rasgw_model_free(m);
}
END_TEST

/* R6.1, R6.2: a new active gateway of a GRE pool advertises its VIP. */
START_TEST(gateway_add_gre)
{
	rasgw_model *m = topology();
	fx_pool(m, "gre", RASGW_POOL_GRE, 0);
	fx_gw(m, "g1", "gre", "h1", "10.0.1.1", "198.51.100.10", RASGW_GATEWAY_ACTIVE);
	fx_valid(m);
	rasgw_gateway spec = { 0 };
	spec.id = "g2";
	spec.pool_id = "gre";
	spec.host_id = "h3";
	spec.dip = "10.0.1.2";
	spec.role = RASGW_GATEWAY_ACTIVE;
	rasgw_plan *p = NULL;
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_EVALIDATE); /* no VIP */
	spec.gre_vip = "192.0.2.77";
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_EVALIDATE); /* outside */
	spec.gre_vip = "198.51.100.10";
	ck_assert_int_eq(rasgw_plan_gateway_add(&p, m, &spec), RASGW_EEXISTS);
	spec.gre_vip = "198.51.100.11";
	FX_OK(rasgw_plan_gateway_add(&p, m, &spec));
	fx_assert_phase_order(p);
	ck_assert_str_eq(fx_op(p, fx_find_op(p, RASGW_OP_GATEWAY_VIP_ASSIGN, "g2", NULL))->address,
			 "198.51.100.11");
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_TOR_VIP_ADVERTISE, "r2", NULL), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ----------------------------------------------------------------- pools */

/* R1.5, R1.2: a whole pool comes with its gateways, N <= M checked. */
START_TEST(pool_add)
{
	rasgw_model *m = pool_model(1, false, 1000000);
	static const char *const ips[] = { "203.0.113.2" };
	rasgw_pool spec = { 0 };
	spec.id = "ike2";
	spec.type = RASGW_POOL_IKEV2;
	spec.capacity_kbps = 5000000;
	spec.redundant_count = 1;
	spec.public_ips = ips;
	spec.public_ip_count = 1;
	rasgw_gateway gws[3] = { { 0 } };
	gws[0].id = "x2";
	gws[0].host_id = "h5";
	gws[0].dip = "10.0.9.2";
	gws[0].role = RASGW_GATEWAY_STANDBY;
	gws[1].id = "x1";
	gws[1].host_id = "h3";
	gws[1].dip = "10.0.9.1";
	gws[1].role = RASGW_GATEWAY_ACTIVE;
	gws[2] = gws[0];
	gws[2].id = "x3";
	gws[2].dip = "10.0.9.3";
	rasgw_plan *p = NULL;
	ck_assert_int_eq(rasgw_plan_pool_add(&p, m, &spec, gws, 3), RASGW_EVALIDATE); /* 2 > 1 */
	ck_assert_ptr_null(p);
	FX_OK(rasgw_plan_pool_add(&p, m, &spec, gws, 2));
	ck_assert_uint_eq(rasgw_plan_change_count(p), 3);
	ck_assert_int_eq(rasgw_plan_change_get(p, 0)->kind, RASGW_CHANGE_POOL_ADD);
	/* Defaults filled in as the model would (NC-FIELDS type maxima). */
	ck_assert_uint_eq(rasgw_plan_change_get(p, 0)->pool->type_max_kbps[RASGW_CONN_IKEV2], 5000000);
	ck_assert_str_eq(rasgw_plan_change_get(p, 1)->id, "x1"); /* id order */
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_PROMOTE, "x1", NULL), 0);
	ck_assert_int_lt(fx_find_op(p, RASGW_OP_GATEWAY_PROMOTE, "x2", NULL), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "ike2")->gateway_count, 2);
	ck_assert_int_eq(rasgw_plan_pool_add(&p, m, &spec, gws, 2), RASGW_EEXISTS);
	spec.id = "ike3";
	gws[1].id = "y1";
	gws[1].dip = "10.0.9.5";
	ck_assert_int_eq(rasgw_plan_pool_add(&p, m, &spec, gws + 1, 1), RASGW_EVALIDATE); /* N=1 > M=0 */
	spec.redundant_count = 0;
	gws[1].dip = "10.0.9.1";
	ck_assert_int_eq(rasgw_plan_pool_add(&p, m, &spec, gws + 1, 1), RASGW_EEXISTS); /* dip taken */
	rasgw_model_free(m);
}
END_TEST

/* R1.5: a pool is removed after its connections drained to another pool. */
START_TEST(pool_remove)
{
	rasgw_model *m = pool_model(1, false, 1000000);
	fx_pool(m, "ike2", RASGW_POOL_IKEV2, 0);
	fx_gw(m, "b1", "ike2", "h5", "10.0.8.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_valid(m);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_pool_remove(&p, m, "ike", NULL));
	fx_assert_phase_order(p);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "b1"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "u1", "a2", "b1"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_TENANT_RR, "T", "a1", "b1"), 0);
	long s1 = fx_find_change(p, RASGW_CHANGE_GATEWAY_REMOVE, "s1", NULL, NULL);
	long a1 = fx_find_change(p, RASGW_CHANGE_GATEWAY_REMOVE, "a1", NULL, NULL);
	ck_assert(s1 >= 0 && s1 < a1);
	const rasgw_change *last = rasgw_plan_change_get(p, rasgw_plan_change_count(p) - 1);
	ck_assert_int_eq(last->kind, RASGW_CHANGE_POOL_REMOVE);
	rasgw_plan *inv = NULL;
	FX_OK(rasgw_plan_invert(&inv, p));
	uint64_t fp0 = rasgw_model_fingerprint(m);
	fx_commit(m, p);
	ck_assert_ptr_null(rasgw_model_pool_lookup(m, "ike"));
	ck_assert_str_eq(fx_connr(m, "c2")->gateway_id, "b1");
	fx_commit(m, inv); /* and back */
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp0);
	rasgw_plan_free(inv);
	rasgw_plan_free(p);
	ck_assert_int_eq(rasgw_plan_pool_remove(&p, m, "nope", NULL), RASGW_ENOTFOUND);
	rasgw_model_free(m);
}
END_TEST

/* R1.5: refused when the connections fit nowhere else, or a tenant names it. */
START_TEST(pool_remove_refused)
{
	rasgw_model *m = pool_model(1, false, 1000000);
	rasgw_plan *p = NULL;
	ck_assert_int_eq(rasgw_plan_pool_remove(&p, m, "ike", NULL), RASGW_ENOCAPACITY);
	fx_pool(m, "ike2", RASGW_POOL_IKEV2, 0);
	static const char *const pools[] = { "ike2" };
	rasgw_tenant t = { 0 };
	t.id = "N";
	t.gateway_pools = pools;
	t.gateway_pool_count = 1;
	FX_OK(rasgw__model_add_tenant(m, &t, NULL));
	ck_assert_int_eq(rasgw_plan_pool_remove(&p, m, "ike2", NULL), RASGW_ESTATE);
	ck_assert_ptr_null(p);
	rasgw_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scale");
	rasgw_test_add(s, "R1_5_drain_make_before_break", drain_make_before_break);
	rasgw_test_add(s, "R1_5_drain_to_standby", drain_to_standby);
	rasgw_test_add(s, "R1_5_drain_partial", drain_partial);
	rasgw_test_add(s, "R1_5_remove_active", remove_active);
	rasgw_test_add(s, "R1_2_remove_keeps_n_le_m", remove_keeps_n_le_m);
	rasgw_test_add(s, "R1_2_remove_checks_redundant_count", remove_checks_redundant_count);
	rasgw_test_add(s, "R1_2_gateway_add_keeps_n_le_m", gateway_add_keeps_n_le_m);
	rasgw_test_add(s, "R6_1_R6_2_gateway_add_gre", gateway_add_gre);
	rasgw_test_add(s, "R1_5_R1_2_pool_add", pool_add);
	rasgw_test_add(s, "R1_5_pool_remove", pool_remove);
	rasgw_test_add(s, "R1_5_pool_remove_refused", pool_remove_refused);
	return rasgw_test_run(s);
}
