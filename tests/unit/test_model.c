/*
 * The model through its internal builder: capacity accounting (R1.3),
 * M + N (R1.2), GRE VIPs (R6.1), placement rules (R1.1, R1.6, R2.2, R2.3,
 * R7.2), derived figures, and the incremental fingerprint (R8.4).
 */
#include <check.h>

#include "check_main.h"
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"

static rasgw_model *m;

static void add_rack(const char *id, const uint16_t *vlans, size_t n)
{
	rasgw_rack r = { .id = id, .tor_name = "tor", .tor_asn = 65000, .vlans = vlans, .vlan_count = n };
	ck_assert_int_eq(rasgw__model_add_rack(m, &r, NULL), 0);
}

static void add_host(const char *id, const char *rack)
{
	rasgw_host h = { .id = id, .rack_id = rack };
	ck_assert_int_eq(rasgw__model_add_host(m, &h, NULL), 0);
}

static int add_pool(const char *id, rasgw_pool_type type, uint64_t cap, uint32_t n)
{
	static const char *vips[] = { "10.9.0.0/24" };
	static const char *pub[] = { "203.0.113.1" };
	rasgw_pool p = { .id = id, .type = type, .capacity_kbps = cap, .redundant_count = n,
			 .public_ips = pub, .public_ip_count = 1 };
	if (type == RASGW_POOL_GRE || type == RASGW_POOL_ALL) {
		p.gre_vip_subnets = vips;
		p.gre_vip_subnet_count = 1;
	}
	return rasgw__model_add_pool(m, &p, NULL);
}

static int add_gw(const char *id, const char *pool, const char *host, const char *dip,
		  const char *vip, rasgw_gateway_role role)
{
	rasgw_gateway g = { .id = id, .pool_id = pool, .host_id = host, .dip = dip, .gre_vip = vip,
			    .role = role };
	return rasgw__model_add_gateway(m, &g, NULL);
}

static void setup(void)
{
	ck_assert_int_eq(rasgw_model_new(&m), 0);
	static const uint16_t v1[] = { 1001 };
	add_rack("r1", v1, 1);
	add_rack("r2", NULL, 0);
	add_host("h1", "r1");
	add_host("h2", "r2");
	ck_assert_int_eq(add_pool("ike", RASGW_POOL_IKEV2, 25000000, 1), 0);
	ck_assert_int_eq(add_gw("gw1", "ike", "h1", "10.0.0.1", NULL, RASGW_GATEWAY_ACTIVE), 0);
	ck_assert_int_eq(add_gw("gw2", "ike", "h2", "10.0.0.2", NULL, RASGW_GATEWAY_STANDBY), 0);
}

static void teardown(void)
{
	rasgw_model_free(m);
	m = NULL;
}

/* R1.3: the NC-FIELDS example: a 25 Gbps gateway with 2 Gbps of IPsec has 15 Gbps left. */
START_TEST(R1_3_cost_formula_matches_the_controller)
{
	const rasgw_pool *p = rasgw_model_pool_lookup(m, "ike");
	uint64_t cost = rasgw_pool_connection_cost(p, RASGW_CONN_IKEV2, 1000000, 1000000);
	ck_assert_uint_eq(25000000 - cost, 15000000);
	/* GRE's maximum (15 Gbps) is below capacity: cost scales by 25/15, rounded up. */
	ck_assert_uint_eq(rasgw_pool_connection_cost(p, RASGW_CONN_GRE, 3, 0), 5);
	/* A type maximum above capacity is clamped: cost equals bandwidth. */
	rasgw_pool small = *p;
	small.capacity_kbps = 1000000;
	ck_assert_uint_eq(rasgw_pool_connection_cost(&small, RASGW_CONN_IKEV2, 300, 200), 500);
	ck_assert_uint_eq(rasgw_pool_connection_cost(NULL, RASGW_CONN_IKEV2, 1, 1), UINT64_MAX);
}
END_TEST

static int add_ike(const char *id, const char *tenant, const char *src, uint64_t kbps,
		   const char *gw)
{
	rasgw_connection c = { .id = id, .tenant_id = tenant, .type = RASGW_CONN_IKEV2,
			       .inbound_kbps = kbps, .outbound_kbps = 0, .source_ip = src,
			       .gateway_id = gw };
	return rasgw__model_add_connection(m, &c, NULL);
}

static void add_tenant(const char *id, const char *rr, const char *const *pools, size_t np)
{
	static const char *hosts[] = { "h1", "h2" };
	rasgw_tenant t = { .id = id, .hosts = hosts, .host_count = 2, .rr_gateway = rr,
			   .gateway_pools = pools, .gateway_pool_count = np };
	ck_assert_int_eq(rasgw__model_add_tenant(m, &t, NULL), 0);
}

START_TEST(R1_3_capacity_never_exceeded)
{
	add_tenant("t1", "gw1", NULL, 0);
	/* 2 Gbps of IPsec costs 10 Gbps on a 25 Gbps gateway: two fit, the third does not. */
	ck_assert_int_eq(add_ike("c1", "t1", "198.51.100.1", 2000000, "gw1"), 0);
	ck_assert_int_eq(add_ike("c2", "t1", "198.51.100.2", 2000000, "gw1"), 0);
	ck_assert_int_eq(add_ike("c3", "t1", "198.51.100.3", 2000000, "gw1"), RASGW_ENOCAPACITY);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R1.3"));
	const rasgw_gateway *g = rasgw_model_gateway_lookup(m, "gw1");
	ck_assert_uint_eq(g->used_kbps, 20000000);
	ck_assert_uint_eq(g->available_kbps, 5000000);
	ck_assert_uint_eq(g->connection_count, 2);
	const rasgw_pool *p = rasgw_model_pool_lookup(m, "ike");
	ck_assert_uint_eq(p->used_kbps, 20000000);
	ck_assert_uint_eq(p->free_kbps, 5000000);
	ck_assert_uint_eq(p->tenant_users, 1);
	ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
}
END_TEST

START_TEST(R1_2_standbys_never_exceed_actives)
{
	/* gw3 as a second standby makes N = 2 > M = 1. */
	ck_assert_int_eq(add_gw("gw3", "ike", "h2", "10.0.0.3", NULL, RASGW_GATEWAY_STANDBY), 0);
	ck_assert_int_eq(rasgw__model_validate(m), RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R1.2"));
	const rasgw_pool *p = rasgw_model_pool_lookup(m, "ike");
	ck_assert_uint_eq(p->active_count, 1);
	ck_assert_uint_eq(p->standby_count, 2);
}
END_TEST

START_TEST(R6_1_gre_vips_only_in_gre_capable_pools)
{
	ck_assert_int_eq(add_gw("gw9", "ike", "h1", "10.0.0.9", "10.9.0.9", RASGW_GATEWAY_ACTIVE),
			 RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R6.1"));
	ck_assert_int_eq(add_pool("gre", RASGW_POOL_GRE, 10000000, 0), 0);
	ck_assert_int_eq(add_gw("g1", "gre", "h1", "10.0.1.1", NULL, RASGW_GATEWAY_ACTIVE),
			 RASGW_EVALIDATE);
	ck_assert_int_eq(add_gw("g1", "gre", "h1", "10.0.1.1", "10.8.0.1", RASGW_GATEWAY_ACTIVE),
			 RASGW_EVALIDATE); /* outside greVipSubnets */
	ck_assert_int_eq(add_gw("g1", "gre", "h1", "10.0.1.1", "10.9.0.1", RASGW_GATEWAY_ACTIVE), 0);
	ck_assert_int_eq(add_gw("g2", "gre", "h1", "10.0.1.2", "10.9.0.1", RASGW_GATEWAY_ACTIVE),
			 RASGW_EEXISTS); /* VIPs are unique */
	rasgw_pool bad = { .id = "gre2", .type = RASGW_POOL_GRE, .capacity_kbps = 1 };
	ck_assert_int_eq(rasgw__model_add_pool(m, &bad, NULL), RASGW_EVALIDATE);
}
END_TEST

START_TEST(R2_3_source_ip_unique_across_tenants)
{
	add_tenant("t1", "gw1", NULL, 0);
	add_tenant("t2", NULL, NULL, 0);
	ck_assert_int_eq(add_ike("c1", "t1", "198.51.100.1", 1000, "gw1"), 0);
	/* The same address spelled differently is still the same address. */
	ck_assert_int_eq(add_ike("c2", "t2", "198.51.100.001", 1000, NULL), RASGW_EVALIDATE);
	ck_assert_int_eq(add_ike("c2", "t2", "198.51.100.1", 1000, NULL), RASGW_EEXISTS);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "tenant 't1'"));
	ck_assert_uint_eq(rasgw_model_connection_count(m), 1);
}
END_TEST

START_TEST(R2_2_all_pool_is_exclusive)
{
	ck_assert_int_eq(add_pool("all", RASGW_POOL_ALL, 10000000, 0), 0);
	ck_assert_int_eq(add_gw("a1", "all", "h1", "10.0.2.1", "10.9.0.5", RASGW_GATEWAY_ACTIVE), 0);
	add_tenant("t1", "gw1", NULL, 0);
	ck_assert_int_eq(add_ike("c1", "t1", "198.51.100.1", 1000, "gw1"), 0);
	/* t1 uses the IKEv2 pool: the All pool is closed to it ... */
	ck_assert_int_eq(add_ike("c2", "t1", "198.51.100.2", 1000, "a1"), RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R2.2"));
	/* ... and a tenant on the All pool cannot reach the IKEv2 pool. */
	add_tenant("t2", "a1", NULL, 0);
	ck_assert_int_eq(add_ike("c3", "t2", "198.51.100.3", 1000, "a1"), 0);
	ck_assert_int_eq(add_ike("c4", "t2", "198.51.100.4", 1000, "gw1"), RASGW_EVALIDATE);
	/* Naming an All pool with another in gatewayPools is refused up front. */
	static const char *both[] = { "all", "ike" };
	rasgw_tenant t = { .id = "t3", .gateway_pools = both, .gateway_pool_count = 2 };
	ck_assert_int_eq(rasgw__model_add_tenant(m, &t, NULL), RASGW_EVALIDATE);
}
END_TEST

START_TEST(R1_6_dedicated_pools)
{
	static const char *only[] = { "vip-tenant" };
	rasgw_pool p = { .id = "ded", .type = RASGW_POOL_IKEV2, .capacity_kbps = 10000000,
			 .tenants = only, .tenant_count = 1 };
	ck_assert_int_eq(rasgw__model_add_pool(m, &p, NULL), 0);
	ck_assert_int_eq(add_gw("d1", "ded", "h1", "10.0.3.1", NULL, RASGW_GATEWAY_ACTIVE), 0);
	add_tenant("other", "d1", NULL, 0);
	ck_assert_int_eq(add_ike("c1", "other", "198.51.100.1", 1000, "d1"), RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R1.6"));
}
END_TEST

START_TEST(R7_2_l3_needs_the_vlan_in_the_rack)
{
	ck_assert_int_eq(add_pool("l3", RASGW_POOL_L3, 10000000, 0), 0);
	ck_assert_int_eq(add_gw("l1", "l3", "h1", "10.0.4.1", NULL, RASGW_GATEWAY_ACTIVE), 0);
	ck_assert_int_eq(add_gw("l2", "l3", "h2", "10.0.4.2", NULL, RASGW_GATEWAY_ACTIVE), 0);
	add_tenant("contoso", "l1", NULL, 0);
	rasgw_connection c = { .id = "c1", .tenant_id = "contoso", .type = RASGW_CONN_L3,
			       .inbound_kbps = 1000, .vlan = 1001, .vlan_subnet = "10.127.134.0/24",
			       .ca_ip = "10.127.134.50", .peer_ip = "10.127.134.55",
			       .gateway_id = "l2" };
	ck_assert_int_eq(rasgw__model_add_connection(m, &c, NULL), RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R7.2"));
	c.gateway_id = "l1";
	ck_assert_int_eq(rasgw__model_add_connection(m, &c, NULL), 0);
	/* R7.1: the CA-space IP must sit in the VLAN subnet. */
	rasgw_connection d = c;
	d.id = "c2";
	d.ca_ip = "10.127.135.50";
	ck_assert_int_eq(rasgw__model_add_connection(m, &d, NULL), RASGW_EVALIDATE);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "R7.1"));
}
END_TEST

START_TEST(R8_4_fingerprint_is_incremental_and_order_free)
{
	add_tenant("t1", "gw1", NULL, 0);
	ck_assert_int_eq(add_ike("c1", "t1", "198.51.100.1", 1000, "gw1"), 0);
	uint64_t fp = rasgw_model_fingerprint(m);
	ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
	/* Move and move back: the fingerprint returns; in between it differs. */
	rasgw__conn *c = RASGW__CONN(rasgw_model_connection_lookup(m, "c1"));
	rasgw__model_set_role(m, RASGW__GW(rasgw_model_gateway_lookup(m, "gw2")), RASGW_GATEWAY_ACTIVE);
	uint64_t fp_role = rasgw_model_fingerprint(m);
	ck_assert_uint_ne(fp_role, fp);
	ck_assert_int_eq(rasgw__model_place(m, c, RASGW__GW(rasgw_model_gateway_lookup(m, "gw2"))), 0);
	ck_assert_uint_ne(rasgw_model_fingerprint(m), fp_role);
	ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
	ck_assert_int_eq(rasgw__model_place(m, c, RASGW__GW(rasgw_model_gateway_lookup(m, "gw1"))), 0);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp_role);
	rasgw__model_set_role(m, RASGW__GW(rasgw_model_gateway_lookup(m, "gw2")), RASGW_GATEWAY_STANDBY);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp);
	/* Unplace, unlink, relink, re-place: same state, same fingerprint. */
	ck_assert_int_eq(rasgw__model_place(m, c, NULL), 0);
	ck_assert_int_eq(rasgw__model_unlink_connection(m, c), 0);
	ck_assert_ptr_null(rasgw_model_connection_lookup(m, "c1"));
	rasgw__model_relink_connection(m, c);
	ck_assert_int_eq(rasgw__model_place(m, c, RASGW__GW(rasgw_model_gateway_lookup(m, "gw1"))), 0);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp);
	ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
	/* A gateway with a connection cannot be unlinked. */
	ck_assert_int_eq(rasgw__model_unlink_gateway(m, RASGW__GW(rasgw_model_gateway_lookup(m, "gw1"))),
			 RASGW_ESTATE);
}
END_TEST

START_TEST(model_iterates_in_id_order)
{
	add_host("h0", "r2");
	ck_assert_uint_eq(rasgw_model_host_count(m), 3);
	ck_assert_str_eq(rasgw_model_host_get(m, 0)->id, "h0");
	ck_assert_str_eq(rasgw_model_host_get(m, 2)->id, "h2");
	ck_assert_ptr_null(rasgw_model_host_get(m, 3));
	ck_assert_ptr_null(rasgw_model_gateway_lookup(m, "nope"));
	ck_assert_ptr_null(rasgw_model_gateway_lookup(NULL, "gw1"));
	rasgw_host dup = { .id = "h1", .rack_id = "r1" };
	ck_assert_int_eq(rasgw__model_add_host(m, &dup, NULL), RASGW_EEXISTS);
	rasgw_host dangling = { .id = "h7", .rack_id = "r9" };
	ck_assert_int_eq(rasgw__model_add_host(m, &dangling, NULL), RASGW_ENOTFOUND);
	ck_assert_uint_eq(rasgw_model_host_count(m), 3);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("model");
	struct { const char *name; const TTest *t; } cases[] = {
		{ "R1_3_capacity", R1_3_cost_formula_matches_the_controller },
		{ "R1_3_capacity", R1_3_capacity_never_exceeded },
		{ "R1_2_m_plus_n", R1_2_standbys_never_exceed_actives },
		{ "R6_1_gre_vip", R6_1_gre_vips_only_in_gre_capable_pools },
		{ "R2_3_source_ip", R2_3_source_ip_unique_across_tenants },
		{ "R2_2_all_pool", R2_2_all_pool_is_exclusive },
		{ "R1_6_dedicated", R1_6_dedicated_pools },
		{ "R7_2_vlan", R7_2_l3_needs_the_vlan_in_the_rack },
		{ "R8_4_fingerprint", R8_4_fingerprint_is_incremental_and_order_free },
		{ "model_access", model_iterates_in_id_order },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_add_checked_fixture(tc, setup, teardown);
		tcase_add_test(tc, cases[i].t);
		suite_add_tcase(s, tc);
	}
	return rasgw_test_run(s);
}
