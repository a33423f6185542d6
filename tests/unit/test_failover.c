/*
 * Failover planning (R4.2, R5.1-R5.3, R6.1-R6.3, R7.2-R7.3, R8.1-R8.3):
 * operation order, standby choice, GRE VIPs, L3 VLANs, host failures, RR
 * re-peering, re-placement when no standby is left, recovery, failback and
 * rebalance. Every plan is also committed and the model checked.
 */
#include "check_main.h"
#include "failover_fixture.h"

/* ------------------------------------------------------------ fixtures */

static const uint16_t vl_1001[] = { 1001, 0 };
static const uint16_t vl_both[] = { 1001, 1002, 0 };

/* Racks r1 {1001}, r2 {1001, 1002}, r3 {}; gateway hosts h1..h5; VM hosts v1, v2. */
static rasgw_model *base_topology(void)
{
	rasgw_model *m = fx_new();
	fx_rack(m, "r1", vl_1001);
	fx_rack(m, "r2", vl_both);
	fx_rack(m, "r3", NULL);
	fx_host(m, "h1", "r1");
	fx_host(m, "h2", "r1");
	fx_host(m, "h3", "r2");
	fx_host(m, "h4", "r3");
	fx_host(m, "h5", "r2");
	fx_host(m, "v1", "r1");
	fx_host(m, "v2", "r2");
	return m;
}

static const char *const hosts_v1v2[] = { "v1", "v2", NULL };
static const char *const hosts_v2[] = { "v2", NULL };
static const char *const hosts_v1[] = { "v1", NULL };

/*
 * IKEv2 pool: a1 (h1), a2 (h3) active, s1 (h4, rack r3) standby. Tenant T
 * (VMs on v1, v2; RR on a1) has c1, c2 on a1. Tenant U (RR on a1) has u1 on
 * a2 only: an RR-only affected connection when a1 fails (R5.1b).
 */
static rasgw_model *ike_model(void)
{
	rasgw_model *m = base_topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 1);
	fx_gw(m, "a1", "ike", "h1", "10.0.0.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a2", "ike", "h3", "10.0.0.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "s1", "ike", "h4", "10.0.0.3", NULL, RASGW_GATEWAY_STANDBY);
	fx_tenant(m, "T", hosts_v1v2, "a1");
	fx_tenant(m, "U", hosts_v2, "a1");
	fx_ike(m, "c1", "T", 3000000, "a1", "198.18.0.1", "10.1.0.0/16");
	fx_ike(m, "c2", "T", 2000000, "a1", "198.18.0.2", "10.2.0.0/16");
	fx_ike(m, "u1", "U", 1000000, "a2", "198.18.1.1", "10.3.0.0/16");
	fx_valid(m);
	return m;
}

static rasgw_plan *gw_failure(const rasgw_model *m, const char *gw, rasgw_failure_cause cause)
{
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_failure(&p, m, gw, cause, NULL));
	return p;
}

/* ------------------------------------------------------- R5.2 / R5.3 order */

/* R5.2-R5.3: withdraw, remove policies, promote + configure, repoint SLB,
 * re-peer, install routes; R4.3: the standby gets the stored settings. */
START_TEST(order_of_operations)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_VM);
	fx_assert_phase_order(p);
	ck_assert_str_eq(rasgw_plan_event(p), "gateway.failure");

	long wd = fx_find_op(p, RASGW_OP_HOST_ROUTE_WITHDRAW, "v2", "c1");
	long pr = fx_find_op(p, RASGW_OP_HOST_POLICY_REMOVE, "v2", "c1");
	long pm = fx_find_op(p, RASGW_OP_GATEWAY_PROMOTE, "s1", NULL);
	long cf = fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, "s1", "c1");
	long rr = fx_find_op(p, RASGW_OP_GATEWAY_BGP_RR_CONFIGURE, "s1", NULL);
	long nat = fx_find_op(p, RASGW_OP_SLB_NAT_UPDATE, "203.0.113.1", "c1");
	long rp = fx_find_op(p, RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE, "a2", NULL);
	long ri = fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, "v2", "c1");
	long pi = fx_find_op(p, RASGW_OP_HOST_POLICY_INSTALL, "v2", "c1");
	ck_assert(wd >= 0 && wd < pr && pr < pm && pm < cf && cf < rr && rr < nat && nat < rp &&
		  rp < ri && pi >= 0);
	ck_assert_int_eq(fx_op(p, wd)->phase, RASGW_PHASE_WITHDRAW_ROUTES);
	ck_assert_int_eq(fx_op(p, pr)->phase, RASGW_PHASE_REMOVE_POLICIES);
	ck_assert_int_eq(fx_op(p, cf)->phase, RASGW_PHASE_CONFIGURE);
	ck_assert_int_eq(fx_op(p, nat)->phase, RASGW_PHASE_REPOINT_SLB);
	ck_assert_int_eq(fx_op(p, rp)->phase, RASGW_PHASE_REPEER);
	ck_assert_int_eq(fx_op(p, ri)->phase, RASGW_PHASE_INSTALL_ROUTES);

	/* The affected routes, on every host of the tenant (R3.5). */
	for (size_t i = 0; i < 2; i++) {
		const char *h = hosts_v1v2[i];
		const rasgw_op *w = fx_op(p, fx_find_op(p, RASGW_OP_HOST_ROUTE_WITHDRAW, h, "c2"));
		ck_assert_str_eq(w->gateway, "a1");
		ck_assert_str_eq(w->prefix, "10.2.0.0/16");
		const rasgw_op *in = fx_op(p, fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, h, "c2"));
		ck_assert_str_eq(in->gateway, "s1");
		ck_assert_str_eq(in->dip, "10.0.0.3");
	}
	/* R4.3: full settings from the stored state. */
	const rasgw_op *c = fx_op(p, cf);
	ck_assert_ptr_nonnull(c->settings);
	ck_assert_str_eq(c->settings->source_ip, "198.18.0.1");
	ck_assert_uint_eq(c->settings->inbound_kbps + c->settings->outbound_kbps, 3000000);
	ck_assert_uint_eq(c->settings->static_prefix_count, 1);
	ck_assert_str_eq(c->settings->static_prefixes[0], "10.1.0.0/16");
	/* R3.3 / R5.2: the NAT rule is repointed from the failed DIP. */
	const rasgw_op *n = fx_op(p, nat);
	ck_assert_str_eq(n->old_dip, "10.0.0.1");
	ck_assert_str_eq(n->dip, "10.0.0.3");
	ck_assert_str_eq(n->source_ip, "198.18.0.1");

	/* Changes: promote first, the failed gateway last. */
	const rasgw_change *first = rasgw_plan_change_get(p, 0);
	ck_assert_int_eq(first->kind, RASGW_CHANGE_GATEWAY_ROLE);
	ck_assert_str_eq(first->id, "s1");
	ck_assert_str_eq(first->to, "Active");
	const rasgw_change *last = rasgw_plan_change_get(p, rasgw_plan_change_count(p) - 1);
	ck_assert_int_eq(last->kind, RASGW_CHANGE_GATEWAY_ROLE);
	ck_assert_str_eq(last->id, "a1");
	ck_assert_str_eq(last->from, "Active");
	ck_assert_str_eq(last->to, "Failed");
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "s1"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_TENANT_RR, "T", "a1", "s1"), 0);

	fx_commit(m, p);
	ck_assert_int_eq(fx_gwr(m, "a1")->role, RASGW_GATEWAY_FAILED);
	ck_assert_int_eq(fx_gwr(m, "s1")->role, RASGW_GATEWAY_ACTIVE);
	ck_assert_str_eq(fx_connr(m, "c2")->gateway_id, "s1");
	ck_assert_str_eq(rasgw_model_tenant_lookup(m, "T")->rr_gateway, "s1");
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R8.1: the same state and event give a byte-identical plan. */
START_TEST(deterministic)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p1 = gw_failure(m, "a1", RASGW_FAILURE_SERVICE);
	rasgw_plan *p2 = gw_failure(m, "a1", RASGW_FAILURE_SERVICE);
	char *j1 = NULL, *j2 = NULL;
	FX_OK(rasgw_plan_to_json(p1, &j1));
	FX_OK(rasgw_plan_to_json(p2, &j2));
	ck_assert_str_eq(j1, j2);
	rasgw_free(j1);
	rasgw_free(j2);
	rasgw_plan_free(p1);
	rasgw_plan_free(p2);
	rasgw_model_free(m);
}
END_TEST

/* --------------------------------------------------------- R5.1b RR only */

/* R5.1: u1 sits on a2 but its tenant's RR was on a1: it only re-peers. */
START_TEST(rr_only_repeers)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_VM);
	ck_assert_int_lt(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "u1", NULL, NULL), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_TENANT_RR, "U", "a1", "s1"), 0);
	size_t peer = 0;
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++) {
		const rasgw_op *op = rasgw_plan_op_get(p, i);
		ck_assert(!fx_eq(op->connection, "u1")); /* no reconfiguration of u1 */
		if (!fx_eq(op->tenant, "U"))
			continue;
		ck_assert(op->kind == RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE ||
			  op->kind == RASGW_OP_GATEWAY_BGP_PEER_REMOVE ||
			  op->kind == RASGW_OP_GATEWAY_BGP_RR_CONFIGURE);
		if (op->kind == RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE) {
			ck_assert_str_eq(op->target, "a2");
			ck_assert_str_eq(op->peer_ip, "10.0.0.3"); /* the new RR */
			ck_assert_int_eq(op->phase, RASGW_PHASE_REPEER);
			peer++;
		}
		if (op->kind == RASGW_OP_GATEWAY_BGP_PEER_REMOVE) {
			ck_assert_str_eq(op->peer_ip, "10.0.0.1"); /* the old one */
			ck_assert_int_eq(op->phase, RASGW_PHASE_CLEANUP);
		}
	}
	ck_assert_uint_eq(peer, 1);
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ------------------------------------------------- R4.2 the three causes */

/* R4.2: a VM failure addresses nothing to the failed gateway. */
START_TEST(vm_failure_leaves_failed_gateway_alone)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_VM);
	ck_assert_uint_eq(fx_count_target(p, RASGW_TARGET_GATEWAY, "a1"), 0);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R4.2: the service failed but the VM answers: the failed gateway is
 * deconfigured, after the standby is configured. */
START_TEST(service_failure_deconfigures)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_SERVICE);
	fx_assert_phase_order(p);
	long rm = fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_REMOVE, "a1", "c1");
	ck_assert_int_ge(rm, 0);
	ck_assert_int_eq(fx_op(p, rm)->phase, RASGW_PHASE_CLEANUP);
	ck_assert_int_lt(fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, "s1", "c1"), rm);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_REMOVE, "a1", "c2"), 0);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_BGP_RR_REMOVE, "a1", NULL), 0);
	/* The same moves as for a VM failure. */
	rasgw_plan *vm = gw_failure(m, "a1", RASGW_FAILURE_VM);
	ck_assert_uint_eq(rasgw_plan_change_count(p), rasgw_plan_change_count(vm));
	ck_assert_uint_gt(rasgw_plan_op_count(p), rasgw_plan_op_count(vm));
	fx_commit(m, p);
	rasgw_plan_free(vm);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R4.2: a failure whose cause is the host is the host's failure. */
START_TEST(host_cause_is_host_failure)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_HOST);
	ck_assert_str_eq(rasgw_plan_event(p), "host.failure");
	ck_assert_str_eq(rasgw_plan_subject(p), "h1");
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_HOST_STATE, "h1", "up", "failed"), 0);
	rasgw_plan_free(p);
	rasgw_plan *q = NULL;
	ck_assert_int_eq(rasgw_plan_gateway_failure(&q, m, "nope", RASGW_FAILURE_VM, NULL),
			 RASGW_ENOTFOUND);
	ck_assert_int_eq(rasgw_plan_gateway_failure(&q, m, "a1", (rasgw_failure_cause)9, NULL),
			 RASGW_EINVAL);
	rasgw_failover_options o = RASGW_FAILOVER_OPTIONS_INIT;
	o.version = 99;
	ck_assert_int_eq(rasgw_plan_gateway_failure(&q, m, "a1", RASGW_FAILURE_VM, &o),
			 RASGW_EVERSION);
	ck_assert_int_eq(rasgw_failover_options_init(&o, 99), RASGW_EVERSION);
	FX_OK(rasgw_failover_options_init(&o, RASGW_FAILOVER_OPTIONS_VERSION));
	ck_assert(o.prefer_other_rack);
	ck_assert_int_eq(o.policy, RASGW_FIT_BEST);
	ck_assert_ptr_null(q);
	rasgw_model_free(m);
}
END_TEST

/* A failed gateway cannot fail again; a standby that fails just becomes Failed. */
START_TEST(standby_and_repeat_failures)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "s1", RASGW_FAILURE_VM);
	ck_assert_uint_eq(rasgw_plan_op_count(p), 0);
	ck_assert_uint_eq(rasgw_plan_change_count(p), 1);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", "Redundant", "Failed"), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_plan *q = NULL;
	ck_assert_int_eq(rasgw_plan_gateway_failure(&q, m, "s1", RASGW_FAILURE_VM, NULL),
			 RASGW_ESTATE);
	rasgw_model_free(m);
}
END_TEST

/* ----------------------------------------------------------------- GRE */

/* GRE pool: g1 (h1, VIP .10) and g2 active, sg (h4, rack r3, VIP .12) standby. */
static rasgw_model *gre_model(void)
{
	rasgw_model *m = base_topology();
	fx_pool(m, "gre", RASGW_POOL_GRE, 1);
	fx_gw(m, "g1", "gre", "h1", "10.0.1.1", "198.51.100.10", RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "g2", "gre", "h3", "10.0.1.2", "198.51.100.11", RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "sg", "gre", "h4", "10.0.1.3", "198.51.100.12", RASGW_GATEWAY_STANDBY);
	fx_tenant(m, "G", hosts_v1, "g1");
	fx_gre(m, "e1", "G", 1000000, "g1", "192.0.2.100", 7);
	fx_gre(m, "e2", "G", 1000000, "g1", "192.0.2.101", 8);
	fx_valid(m);
	return m;
}

/* R6.1-R6.3: the failed gateway's VIP moves to the standby, which
 * advertises it to its own TOR; remote routers keep their destination; and
 * nothing else about GRE changes. */
START_TEST(gre_vip_moves)
{
	rasgw_model *m = gre_model();
	rasgw_plan *p = gw_failure(m, "g1", RASGW_FAILURE_VM);
	fx_assert_phase_order(p);
	ck_assert_uint_eq(fx_count_changes(p, RASGW_CHANGE_GATEWAY_VIP), 2);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_VIP, "g1", "198.51.100.10",
					"198.51.100.12"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_VIP, "sg", "198.51.100.12",
					"198.51.100.10"), 0);
	/* Withdrawn at the failed gateway's TOR, assigned on the standby,
	 * advertised at the standby's TOR (R6.2). */
	const rasgw_op *w = fx_op(p, fx_find_op(p, RASGW_OP_TOR_VIP_WITHDRAW, "r1", NULL));
	ck_assert_str_eq(w->address, "198.51.100.10");
	ck_assert_uint_eq(w->asn, 65100);
	const rasgw_op *a = fx_op(p, fx_find_op(p, RASGW_OP_GATEWAY_VIP_ASSIGN, "sg", NULL));
	ck_assert_str_eq(a->address, "198.51.100.10");
	const rasgw_op *adv = fx_op(p, fx_find_op(p, RASGW_OP_TOR_VIP_ADVERTISE, "r3", NULL));
	ck_assert_str_eq(adv->address, "198.51.100.10");
	ck_assert_str_eq(adv->gateway, "sg");
	ck_assert_int_eq(adv->phase, RASGW_PHASE_REPEER);
	ck_assert_uint_eq(fx_count_ops(p, RASGW_OP_GATEWAY_VIP_ASSIGN, NULL), 1);
	ck_assert_uint_eq(fx_count_ops(p, RASGW_OP_TOR_VIP_ADVERTISE, NULL), 1);
	/* The standby's own VIP, which the model gives to the failed gateway,
	 * leaves the standby and its TOR before the standby takes the moved one:
	 * one address, one owner on the dataplane. The failed VM gets nothing. */
	ck_assert_uint_eq(fx_count_ops(p, RASGW_OP_GATEWAY_VIP_RELEASE, NULL), 1);
	ck_assert_uint_eq(fx_count_ops(p, RASGW_OP_GATEWAY_VIP_RELEASE, "g1"), 0);
	long rel = fx_find_op(p, RASGW_OP_GATEWAY_VIP_RELEASE, "sg", NULL);
	ck_assert_int_ge(rel, 0);
	ck_assert_str_eq(fx_op(p, rel)->address, "198.51.100.12");
	ck_assert_int_lt(rel, fx_find_op(p, RASGW_OP_GATEWAY_VIP_ASSIGN, "sg", NULL));
	ck_assert_uint_eq(fx_count_ops(p, RASGW_OP_TOR_VIP_WITHDRAW, NULL), 2);
	ck_assert_str_eq(fx_op(p, fx_find_op(p, RASGW_OP_TOR_VIP_WITHDRAW, "r3", NULL))->address,
			 "198.51.100.12");
	/* Tunnels rebuilt with the same settings and the same destination. */
	const rasgw_op *cf = fx_op(p, fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, "sg", "e1"));
	ck_assert_str_eq(cf->address, "198.51.100.10");
	ck_assert_str_eq(cf->settings->remote_endpoint, "192.0.2.100");
	ck_assert_uint_eq(cf->settings->gre_key, 7);
	ck_assert_uint_eq(rasgw_plan_placement_count(p), 2);
	for (size_t i = 0; i < 2; i++)
		ck_assert_str_eq(rasgw_plan_placement_get(p, i)->tunnel_destination, "198.51.100.10");
	/* No SLB and no L3 operation for GRE. */
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++) {
		const rasgw_op *op = rasgw_plan_op_get(p, i);
		ck_assert_int_ne(op->target_kind, RASGW_TARGET_SLB);
		ck_assert_int_ne(op->kind, RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN);
	}
	fx_commit(m, p);
	ck_assert_str_eq(fx_gwr(m, "sg")->gre_vip, "198.51.100.10");
	ck_assert_str_eq(fx_gwr(m, "g1")->gre_vip, "198.51.100.12");
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R6.3 with a service failure: the VIP is released before it is assigned. */
START_TEST(gre_service_releases_first)
{
	rasgw_model *m = gre_model();
	rasgw_plan *p = gw_failure(m, "g1", RASGW_FAILURE_SERVICE);
	long rel = fx_find_op(p, RASGW_OP_GATEWAY_VIP_RELEASE, "g1", NULL);
	long as = fx_find_op(p, RASGW_OP_GATEWAY_VIP_ASSIGN, "sg", NULL);
	ck_assert(rel >= 0 && rel < as);
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ------------------------------------------------------------------ L3 */

/*
 * L3 pool: a (h1, r1 {1001}) and b (h3, r2) active; s1 (h4, r3: no VLAN)
 * standby, and with `good` s2 (h5, r2 {1001}) standby. Contoso's k1 on a,
 * VLAN 1001 (the DOMAIN.md example).
 */
static rasgw_model *l3_model(bool good)
{
	rasgw_model *m = base_topology();
	fx_rack(m, "r4", NULL);
	fx_host(m, "h6", "r4");
	fx_pool(m, "l3", RASGW_POOL_L3, good ? 2 : 1);
	fx_gw(m, "a", "l3", "h1", "10.0.2.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "b", "l3", "h3", "10.0.2.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "s1", "l3", "h4", "10.0.2.3", NULL, RASGW_GATEWAY_STANDBY);
	fx_gw(m, good ? "s2" : "s3", "l3", good ? "h5" : "h6", "10.0.2.4", NULL,
	      RASGW_GATEWAY_STANDBY);
	fx_tenant(m, "Contoso", hosts_v1, "a");
	fx_l3(m, "k1", "Contoso", 1000000, "a", 1001, "10.127.134.0/24", "10.127.134.50",
	      "10.127.134.55", "10.127.134.51");
	fx_valid(m);
	return m;
}

/* R7.2: s1 (another rack, smaller id) lacks VLAN 1001: s2 is chosen. R7.3:
 * the CA-space IP and the BGP IP move with the connection. */
START_TEST(l3_standby_needs_vlan)
{
	rasgw_model *m = l3_model(true);
	rasgw_plan *p = gw_failure(m, "a", RASGW_FAILURE_VM);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "k1", "a", "s2"), 0);
	ck_assert_int_lt(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", NULL, NULL), 0);
	size_t found = 0;
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++) {
		const rasgw_op *op = rasgw_plan_op_get(p, i);
		if (op->kind != RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN)
			continue;
		ck_assert_str_eq(op->target, "s2");
		ck_assert_uint_eq(op->vlan, 1001);
		ck_assert_int_eq(op->phase, RASGW_PHASE_CONFIGURE);
		found += fx_eq(op->address, "10.127.134.50") + 2 * fx_eq(op->address, "10.127.134.51");
	}
	ck_assert_uint_eq(found, 3);
	long peer = fx_find_op(p, RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE, "s2", "k1");
	ck_assert_int_ge(peer, 0); /* R7.3: the remote router re-peers */
	ck_assert_str_eq(fx_op(p, peer)->peer_ip, "10.127.134.55");
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R7.2 + R8.3 + R1.2: no standby carries the VLAN, so k1 is re-placed on b
 * (whose rack has it); one standby is promoted so that N <= M still holds. */
START_TEST(l3_no_vlan_standby)
{
	rasgw_model *m = l3_model(false);
	rasgw_plan *p = gw_failure(m, "a", RASGW_FAILURE_VM);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "k1", "a", "b"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", "Redundant", "Active"), 0);
	ck_assert_int_lt(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s3", NULL, NULL), 0);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN, "b", "k1"), 0);
	ck_assert_uint_eq(rasgw_plan_issue_count(p), 0);
	fx_commit(m, p);
	const rasgw_pool *pool = rasgw_model_pool_lookup(m, "l3");
	ck_assert_uint_le(pool->standby_count, pool->active_count);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* -------------------------------------------------------- host failure */

/*
 * Pool with a1, a2 on h1 (rack r1), a3, a4 on h3; standbys s0 (h2, r1),
 * s1 (on h1), s2 (h4, r3), s3 (h5, r2). Tenant T has VMs on h1 and v1.
 */
static rasgw_model *host_model(void)
{
	rasgw_model *m = base_topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 4);
	fx_gw(m, "a1", "ike", "h1", "10.0.3.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a2", "ike", "h1", "10.0.3.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a3", "ike", "h3", "10.0.3.3", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a4", "ike", "h3", "10.0.3.4", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "s0", "ike", "h2", "10.0.3.10", NULL, RASGW_GATEWAY_STANDBY);
	fx_gw(m, "s1", "ike", "h1", "10.0.3.11", NULL, RASGW_GATEWAY_STANDBY);
	fx_gw(m, "s2", "ike", "h4", "10.0.3.12", NULL, RASGW_GATEWAY_STANDBY);
	fx_gw(m, "s3", "ike", "h5", "10.0.3.13", NULL, RASGW_GATEWAY_STANDBY);
	static const char *const hosts[] = { "h1", "v1", NULL };
	fx_tenant(m, "T", hosts, "a1");
	fx_ike(m, "c1", "T", 1000000, "a1", "198.18.2.1", "10.4.0.0/16");
	fx_ike(m, "c2", "T", 1000000, "a2", "198.18.2.2", "10.5.0.0/16");
	fx_ike(m, "c3", "T", 1000000, "a3", "198.18.2.3", "10.6.0.0/16");
	fx_valid(m);
	return m;
}

/* R4.2, R8.2: every gateway of the host fails; the two active ones take two
 * distinct standbys, neither on the failed host, in other racks first. */
START_TEST(host_failure_distinct_standbys)
{
	rasgw_model *m = host_model();
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_host_failure(&p, m, "h1", NULL));
	fx_assert_phase_order(p);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "s2"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "a2", "s3"), 0);
	ck_assert_int_lt(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c3", NULL, NULL), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", "Redundant", "Failed"), 0);
	const rasgw_change *last = rasgw_plan_change_get(p, rasgw_plan_change_count(p) - 1);
	ck_assert_int_eq(last->kind, RASGW_CHANGE_HOST_STATE);
	/* Nothing addressed to the dead host or anything on it. */
	static const char *const dead[] = { "a1", "a2", "s1" };
	for (size_t i = 0; i < 3; i++)
		ck_assert_uint_eq(fx_count_target(p, RASGW_TARGET_GATEWAY, dead[i]), 0);
	ck_assert_uint_eq(fx_count_target(p, RASGW_TARGET_HOST, "h1"), 0);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, "v1", "c1"), 0);
	fx_commit(m, p);
	const rasgw_pool *pool = rasgw_model_pool_lookup(m, "ike");
	ck_assert_uint_eq(pool->active_count, 4);
	ck_assert_uint_eq(pool->standby_count, 1);
	ck_assert(rasgw_model_host_lookup(m, "h1")->failed);
	rasgw_plan_free(p);

	rasgw_plan *q = NULL;
	ck_assert_int_eq(rasgw_plan_host_failure(&q, m, "h1", NULL), RASGW_ESTATE);
	ck_assert_int_eq(rasgw_plan_host_failure(&q, m, "nope", NULL), RASGW_ENOTFOUND);
	rasgw_model_free(m);
}
END_TEST

/* R8.2: without the rack preference, the smallest id wins (s0, same rack). */
START_TEST(host_failure_no_rack_preference)
{
	rasgw_model *m = host_model();
	rasgw_failover_options o = RASGW_FAILOVER_OPTIONS_INIT;
	o.prefer_other_rack = false;
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_host_failure(&p, m, "h1", &o));
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "s0"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "a2", "s2"), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ---------------------------------------------------------------- R8.3 */

/*
 * No standby (N = 0): a1 holds c1 4G and c2 3G of T and w1 2G of W; a2 has
 * 5G free, a3 3G free.
 */
static rasgw_model *exhausted_model(void)
{
	rasgw_model *m = base_topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 0);
	fx_gw(m, "a1", "ike", "h1", "10.0.4.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a2", "ike", "h3", "10.0.4.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a3", "ike", "h4", "10.0.4.3", NULL, RASGW_GATEWAY_ACTIVE);
	fx_tenant(m, "F", hosts_v2, "a2");
	fx_tenant(m, "T", hosts_v1, "a1");
	fx_tenant(m, "W", hosts_v1, "a1");
	fx_ike(m, "f2", "F", 5000000, "a2", "198.18.3.2", NULL);
	fx_ike(m, "f3", "F", 7000000, "a3", "198.18.3.3", NULL);
	fx_ike(m, "c1", "T", 4000000, "a1", "198.18.3.11", "10.7.0.0/16");
	fx_ike(m, "c2", "T", 3000000, "a1", "198.18.3.12", NULL);
	fx_ike(m, "w1", "W", 2000000, "a1", "198.18.3.21", "10.8.0.0/16");
	fx_valid(m);
	return m;
}

/* R8.3: re-place by best fit, largest first; report what fits nowhere;
 * never exceed a capacity (R1.3). */
START_TEST(exhausted_best_fit_and_report)
{
	rasgw_model *m = exhausted_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_VM);
	fx_assert_phase_order(p);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "a1", "a2"), 0);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "a1", "a3"), 0);
	long un = fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "w1", "a1", NULL);
	ck_assert_int_ge(un, 0);
	ck_assert_ptr_null(rasgw_plan_change_get(p, (size_t)un)->to);
	ck_assert_uint_eq(rasgw_plan_issue_count(p), 1);
	const rasgw_plan_issue *is = rasgw_plan_issue_get(p, 0);
	ck_assert_str_eq(is->connection, "w1");
	ck_assert_str_eq(is->tenant, "W");
	ck_assert_int_eq(is->code, RASGW_ENOCAPACITY);
	ck_assert_ptr_nonnull(strstr(is->reason, "R8.3"));
	/* W keeps no placed connection, so no route reflector (R3.2); T's moves
	 * to a live gateway. */
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_TENANT_RR, "W", "a1", NULL), 0);
	long t = fx_find_change(p, RASGW_CHANGE_TENANT_RR, "T", "a1", NULL);
	ck_assert_int_ge(t, 0);
	ck_assert_ptr_nonnull(rasgw_plan_change_get(p, (size_t)t)->to);
	/* The unplaced connection loses its routes and its NAT rule. */
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_HOST_ROUTE_WITHDRAW, "v1", "w1"), 0);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_SLB_NAT_REMOVE, NULL, "w1"), 0);
	ck_assert_int_lt(fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, NULL, "w1"), 0);
	fx_commit(m, p);
	ck_assert_ptr_null(fx_connr(m, "w1")->gateway_id);
	ck_assert_uint_eq(fx_gwr(m, "a2")->available_kbps, 1000000);
	ck_assert_uint_eq(fx_gwr(m, "a3")->available_kbps, 0);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ------------------------------------------------------------- recovery */

/* R4.2 recovery: back as a standby, nothing moves back (no failback). */
START_TEST(recovery_returns_standby)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_VM);
	fx_commit(m, p);
	rasgw_plan_free(p);
	FX_OK(rasgw_plan_gateway_recovery(&p, m, "a1", NULL));
	ck_assert_uint_eq(rasgw_plan_change_count(p), 1);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "a1", "Failed", "Redundant"), 0);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_DEMOTE, "a1", NULL), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_int_eq(fx_gwr(m, "a1")->role, RASGW_GATEWAY_STANDBY);
	ck_assert_str_eq(fx_connr(m, "c1")->gateway_id, "s1");
	ck_assert_int_eq(rasgw_plan_gateway_recovery(&p, m, "a1", NULL), RASGW_ESTATE);
	rasgw_model_free(m);
}
END_TEST

/* R1.2: a gateway that would make standbys exceed actives returns active. */
START_TEST(recovery_keeps_n_le_m)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a2", RASGW_FAILURE_VM); /* s1 takes over */
	fx_commit(m, p);
	rasgw_plan_free(p);
	p = gw_failure(m, "s1", RASGW_FAILURE_VM); /* no standby left: R8.3 onto a1 */
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_str_eq(fx_connr(m, "u1")->gateway_id, "a1");
	FX_OK(rasgw_plan_gateway_recovery(&p, m, "a2", NULL));
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "a2", "Failed", "Redundant"), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	FX_OK(rasgw_plan_gateway_recovery(&p, m, "s1", NULL));
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "s1", "Failed", "Active"), 0);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_PROMOTE, "s1", NULL), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	const rasgw_pool *pool = rasgw_model_pool_lookup(m, "ike");
	ck_assert_uint_eq(pool->active_count, 2);
	ck_assert_uint_eq(pool->standby_count, 1);
	rasgw_model_free(m);
}
END_TEST

/* R4.2: the host comes back, its gateways as standbys, and the routes of
 * the tenants with VMs there are installed on it again (R3.5). */
START_TEST(host_recovery)
{
	rasgw_model *m = host_model();
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_host_failure(&p, m, "h1", NULL));
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_int_eq(rasgw_plan_gateway_recovery(&p, m, "a1", NULL), RASGW_ESTATE);
	FX_OK(rasgw_plan_host_recovery(&p, m, "h1", NULL));
	fx_assert_phase_order(p);
	const rasgw_change *first = rasgw_plan_change_get(p, 0);
	ck_assert_int_eq(first->kind, RASGW_CHANGE_HOST_STATE);
	ck_assert_str_eq(first->to, "up");
	static const char *const gws[] = { "a1", "a2", "s1" };
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, gws[i], "Failed",
						"Redundant"), 0);
	const rasgw_op *pi = fx_op(p, fx_find_op(p, RASGW_OP_HOST_POLICY_INSTALL, "h1", "c1"));
	ck_assert_str_eq(pi->gateway, "s2");
	const rasgw_op *ri = fx_op(p, fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, "h1", "c3"));
	ck_assert_str_eq(ri->gateway, "a3");
	ck_assert_str_eq(ri->prefix, "10.6.0.0/16");
	ck_assert_int_lt(fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, "v1", NULL), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert(!rasgw_model_host_lookup(m, "h1")->failed);
	ck_assert_int_eq(rasgw_plan_host_recovery(&p, m, "h1", NULL), RASGW_ESTATE);
	rasgw_model_free(m);
}
END_TEST

/* ---------------------------------------------------- failback, rebalance */

/* R1.5: failback is make before break; the roles swap back. */
START_TEST(failback_make_before_break)
{
	rasgw_model *m = ike_model();
	rasgw_plan *p = gw_failure(m, "a1", RASGW_FAILURE_VM);
	fx_commit(m, p);
	rasgw_plan_free(p);
	FX_OK(rasgw_plan_gateway_recovery(&p, m, "a1", NULL));
	fx_commit(m, p);
	rasgw_plan_free(p);
	FX_OK(rasgw_plan_failback(&p, m, "a1", "s1", NULL));
	fx_assert_phase_order(p);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_GATEWAY_ROLE, "a1", "Redundant", "Active"), 0);
	const rasgw_change *last = rasgw_plan_change_get(p, rasgw_plan_change_count(p) - 1);
	ck_assert_str_eq(last->id, "s1");
	ck_assert_str_eq(last->to, "Redundant");
	long cf = fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, "a1", "c1");
	long rm = fx_find_op(p, RASGW_OP_GATEWAY_CONNECTION_REMOVE, "s1", "c1");
	long ri = fx_find_op(p, RASGW_OP_HOST_ROUTE_INSTALL, "v1", "c1");
	long rw = fx_find_op(p, RASGW_OP_HOST_ROUTE_WITHDRAW, "v1", "c1");
	ck_assert(cf >= 0 && cf < ri && ri < rw && rm >= 0);
	ck_assert_int_eq(fx_op(p, rw)->phase, RASGW_PHASE_CLEANUP);
	ck_assert_str_eq(fx_op(p, rw)->gateway, "s1");
	ck_assert_int_eq(fx_op(p, rm)->phase, RASGW_PHASE_CLEANUP);
	/* Make before break: nothing is withdrawn before the new side works. */
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++)
		ck_assert_int_ge(rasgw_plan_op_get(p, i)->phase, RASGW_PHASE_CONFIGURE);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_str_eq(fx_connr(m, "c1")->gateway_id, "a1");
	ck_assert_int_eq(fx_gwr(m, "s1")->role, RASGW_GATEWAY_STANDBY);
	ck_assert_int_eq(rasgw_plan_failback(&p, m, "a2", "a1", NULL), RASGW_ESTATE);
	ck_assert_int_eq(rasgw_plan_failback(&p, m, "s1", "s1", NULL), RASGW_EINVAL);
	rasgw_model_free(m);
}
END_TEST

/* R7.2 for failback: the standby's rack must carry the VLANs. */
START_TEST(failback_checks_vlan)
{
	rasgw_model *m = l3_model(true);
	rasgw_plan *p = NULL;
	ck_assert_int_eq(rasgw_plan_failback(&p, m, "s1", "a", NULL), RASGW_EVALIDATE);
	FX_OK(rasgw_plan_failback(&p, m, "s2", "a", NULL));
	/* L3 addresses are handed over (released, then assigned) in the repeer phase. */
	long rel = fx_find_op(p, RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE, "a", "k1");
	long as = fx_find_op(p, RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN, "s2", "k1");
	ck_assert(rel >= 0 && rel < as);
	ck_assert_int_eq(fx_op(p, rel)->phase, RASGW_PHASE_REPEER);
	ck_assert_int_eq(fx_op(p, as)->phase, RASGW_PHASE_REPEER);
	fx_commit(m, p);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R1.5: rebalance narrows the gap between the most and least loaded gateways. */
START_TEST(rebalance_pool)
{
	rasgw_model *m = base_topology();
	fx_pool(m, "ike", RASGW_POOL_IKEV2, 0);
	fx_gw(m, "a1", "ike", "h1", "10.0.5.1", NULL, RASGW_GATEWAY_ACTIVE);
	fx_gw(m, "a2", "ike", "h3", "10.0.5.2", NULL, RASGW_GATEWAY_ACTIVE);
	fx_tenant(m, "T", hosts_v1, "a1");
	fx_ike(m, "b4", "T", 4000000, "a1", "198.18.4.1", "10.9.0.0/16");
	fx_ike(m, "b2", "T", 2000000, "a1", "198.18.4.2", NULL);
	fx_ike(m, "b2x", "T", 2000000, "a1", "198.18.4.3", NULL);
	fx_valid(m);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_rebalance(&p, m, "ike", NULL));
	ck_assert_uint_eq(fx_count_changes(p, RASGW_CHANGE_CONNECTION_MOVE), 1);
	ck_assert_int_ge(fx_find_change(p, RASGW_CHANGE_CONNECTION_MOVE, "b4", "a1", "a2"), 0);
	ck_assert_int_ge(fx_find_op(p, RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE, "a2", NULL), 0);
	fx_commit(m, p);
	rasgw_plan_free(p);
	ck_assert_uint_eq(fx_gwr(m, "a1")->used_kbps, fx_gwr(m, "a2")->used_kbps);
	FX_OK(rasgw_plan_rebalance(&p, m, "ike", NULL));
	ck_assert_uint_eq(rasgw_plan_change_count(p), 0);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* Every plan here can be undone: plan + inverse restores the state (R8.1). */
START_TEST(inverse_restores)
{
	rasgw_model *m = gre_model();
	uint64_t fp0 = rasgw_model_fingerprint(m);
	rasgw_plan *p = gw_failure(m, "g1", RASGW_FAILURE_SERVICE), *inv = NULL;
	FX_OK(rasgw_plan_invert(&inv, p));
	fx_commit(m, p);
	fx_commit(m, inv);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp0);
	rasgw_plan_free(p);
	rasgw_plan_free(inv);
	rasgw_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("failover");
	rasgw_test_add(s, "R5_2_R5_3_R4_3_order_of_operations", order_of_operations);
	rasgw_test_add(s, "R8_1_deterministic", deterministic);
	rasgw_test_add(s, "R5_1_rr_only_repeers", rr_only_repeers);
	rasgw_test_add(s, "R4_2_vm_failure_leaves_gateway_alone", vm_failure_leaves_failed_gateway_alone);
	rasgw_test_add(s, "R4_2_service_failure_deconfigures", service_failure_deconfigures);
	rasgw_test_add(s, "R4_2_host_cause", host_cause_is_host_failure);
	rasgw_test_add(s, "R4_2_standby_and_repeat_failures", standby_and_repeat_failures);
	rasgw_test_add(s, "R6_1_R6_2_R6_3_gre_vip_moves", gre_vip_moves);
	rasgw_test_add(s, "R6_3_gre_service_releases_first", gre_service_releases_first);
	rasgw_test_add(s, "R7_2_R7_3_l3_standby_needs_vlan", l3_standby_needs_vlan);
	rasgw_test_add(s, "R7_2_R8_3_R1_2_l3_no_vlan_standby", l3_no_vlan_standby);
	rasgw_test_add(s, "R8_2_host_failure_distinct_standbys", host_failure_distinct_standbys);
	rasgw_test_add(s, "R8_2_no_rack_preference", host_failure_no_rack_preference);
	rasgw_test_add(s, "R8_3_exhausted_best_fit_and_report", exhausted_best_fit_and_report);
	rasgw_test_add(s, "R4_2_recovery_returns_standby", recovery_returns_standby);
	rasgw_test_add(s, "R1_2_recovery_keeps_n_le_m", recovery_keeps_n_le_m);
	rasgw_test_add(s, "R4_2_R3_5_host_recovery", host_recovery);
	rasgw_test_add(s, "R1_5_failback_make_before_break", failback_make_before_break);
	rasgw_test_add(s, "R7_2_failback_checks_vlan", failback_checks_vlan);
	rasgw_test_add(s, "R1_5_rebalance_pool", rebalance_pool);
	rasgw_test_add(s, "R8_1_inverse_restores", inverse_restores);
	return rasgw_test_run(s);
}
