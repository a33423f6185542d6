/*
 * Plans (rasgw/plan.h; lib/plan/plan_json.c, invert.c, commit.c): canonical
 * JSON with a byte-identical round trip (R8.1), inversion (R8.1 rollback),
 * and commit: refused on a stale state (R8.4), all or nothing, and undone by
 * committing the inverse, for every kind of change.
 *
 * Models are built with the internal builder (rasgw__model_add_*), plans
 * with the planner's builder (rasgw__plan_new / add_change / add_op /
 * finish), so every change kind is exercised whether or not a planner
 * emits it yet. Malformed plan files live in tests/data/plans/bad/, each
 * NN-name.json with a sidecar NN-name.expect giving the error code, a
 * fragment of the message and optional limits.
 */
#include "model/model_int.h"
#include "plan/plan_int.h"
#include "rasgw/place.h"
#include "rasgw/plan.h"
#include "rasgw/snapshot.h"

#include <check.h>

#include "check_main.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ================================================================ fixture */

/*
 * pall (All, 1 Gbps, N=1): ga1 (h1) and ga2 (h2) active, ga3 (h3) standby.
 * pike (IKEv2, 100 Mbps, N=1): gi1 (h1) active, gi2 (h3) standby.
 * pspare (IKEv2, no gateways). Tenant contoso on pike (RR gi1) with c1 and
 * c2 (40 Mbps each, BGP) on gi1; woodgrove on pall (RR ga1) with GRE c3.
 */
static const uint16_t r1_vlans[] = { 1001 };
static const char *const pall_ips[] = { "203.0.113.1" };
static const char *const pall_gre[] = { "100.64.0.0/24" };
static const char *const pike_ips[] = { "203.0.113.2" };
static const char *const contoso_hosts[] = { "h1" };
static const char *const contoso_pools[] = { "pike" };
static const char *const woodgrove_hosts[] = { "h2" };
static const char *const woodgrove_pools[] = { "pall" };
static const char *const c1_learned[] = { "10.10.0.0/16" };
static const char *const c3_static[] = { "10.30.0.0/16" };

/* An id with characters JSON must escape, and non-ASCII UTF-8. */
#define FAB_ID "fabrikam \"west\" \\ caf\xc3\xa9"

static rasgw_model *fixture(void)
{
	rasgw_model *m = NULL;
	ck_assert_int_eq(rasgw_model_new(&m), 0);
	const rasgw_rack racks[] = {
		{ .id = "r1", .tor_name = "tor-1", .tor_asn = 65001, .tor_peer_ip = "10.0.0.1",
		  .vlans = r1_vlans, .vlan_count = 1 },
		{ .id = "r2", .tor_name = "tor-2", .tor_asn = 65002 },
	};
	const rasgw_host hosts[] = {
		{ .id = "h1", .rack_id = "r1", .address = "192.168.1.1" },
		{ .id = "h2", .rack_id = "r1", .address = "192.168.1.2" },
		{ .id = "h3", .rack_id = "r2", .address = "192.168.1.3" },
	};
	const rasgw_pool pools[] = {
		{ .id = "pall", .type = RASGW_POOL_ALL, .capacity_kbps = 1000000,
		  .redundant_count = 1, .public_ips = pall_ips, .public_ip_count = 1,
		  .gre_vip_subnets = pall_gre, .gre_vip_subnet_count = 1 },
		{ .id = "pike", .type = RASGW_POOL_IKEV2, .capacity_kbps = 100000,
		  .redundant_count = 1, .public_ips = pike_ips, .public_ip_count = 1 },
		{ .id = "pspare", .type = RASGW_POOL_IKEV2, .capacity_kbps = 100000 },
	};
	const rasgw_gateway gws[] = {
		{ .id = "ga1", .pool_id = "pall", .host_id = "h1", .dip = "10.1.0.1",
		  .gre_vip = "100.64.0.1" },
		{ .id = "ga2", .pool_id = "pall", .host_id = "h2", .dip = "10.1.0.2",
		  .gre_vip = "100.64.0.2" },
		{ .id = "ga3", .pool_id = "pall", .host_id = "h3", .dip = "10.1.0.3",
		  .gre_vip = "100.64.0.3", .role = RASGW_GATEWAY_STANDBY },
		{ .id = "gi1", .pool_id = "pike", .host_id = "h1", .dip = "10.2.0.1" },
		{ .id = "gi2", .pool_id = "pike", .host_id = "h3", .dip = "10.2.0.2",
		  .role = RASGW_GATEWAY_STANDBY },
	};
	const rasgw_tenant tenants[] = {
		{ .id = "contoso", .hosts = contoso_hosts, .host_count = 1,
		  .gateway_pools = contoso_pools, .gateway_pool_count = 1, .asn = 65100,
		  .rr_gateway = "gi1" },
		{ .id = "woodgrove", .hosts = woodgrove_hosts, .host_count = 1,
		  .gateway_pools = woodgrove_pools, .gateway_pool_count = 1, .asn = 65101,
		  .rr_gateway = "ga1" },
		{ .id = FAB_ID },
	};
	const rasgw_connection conns[] = {
		{ .id = "c1", .tenant_id = "contoso", .type = RASGW_CONN_IKEV2,
		  .inbound_kbps = 20000, .outbound_kbps = 20000, .source_ip = "198.51.100.1",
		  .routing = RASGW_ROUTING_BGP, .peer_asn = 65200, .peer_bgp_ip = "192.0.2.1",
		  .learned_prefixes = c1_learned, .learned_prefix_count = 1, .gateway_id = "gi1" },
		{ .id = "c2", .tenant_id = "contoso", .type = RASGW_CONN_IKEV2,
		  .inbound_kbps = 20000, .outbound_kbps = 20000, .source_ip = "198.51.100.2",
		  .gateway_id = "gi1" },
		{ .id = "c3", .tenant_id = "woodgrove", .type = RASGW_CONN_GRE,
		  .inbound_kbps = 10000, .outbound_kbps = 10000, .remote_endpoint = "192.0.2.9",
		  .gre_key = 7, .static_prefixes = c3_static, .static_prefix_count = 1,
		  .gateway_id = "ga1" },
	};
#define ADD_ALL(fn, arr)                                                                   \
	for (size_t i = 0; i < sizeof(arr) / sizeof(arr[0]); i++)                          \
		ck_assert_msg(fn(m, &arr[i], NULL) == 0, "%s", rasgw_error_last()->message);
	ADD_ALL(rasgw__model_add_rack, racks)
	ADD_ALL(rasgw__model_add_host, hosts)
	ADD_ALL(rasgw__model_add_pool, pools)
	ADD_ALL(rasgw__model_add_gateway, gws)
	ADD_ALL(rasgw__model_add_tenant, tenants)
	ADD_ALL(rasgw__model_add_connection, conns)
#undef ADD_ALL
	ck_assert_msg(rasgw__model_validate(m) == 0, "%s", rasgw_error_last()->message);
	return m;
}

/* ================================================================ helpers */

static char *snap(const rasgw_model *m)
{
	char *s = NULL;
	ck_assert_msg(rasgw_model_snapshot_json(m, &s) == 0, "%s", rasgw_error_last()->message);
	return s;
}

static char *to_json(const rasgw_plan *p)
{
	char *s = NULL;
	ck_assert_msg(rasgw_plan_to_json(p, &s) == 0, "%s", rasgw_error_last()->message);
	ck_assert_ptr_nonnull(s);
	return s;
}

static rasgw_plan *from_json(const rasgw_model *m, const char *text)
{
	rasgw_plan *p = NULL;
	int rc = rasgw_plan_from_json(&p, m, text, strlen(text), NULL);
	ck_assert_msg(rc == 0, "from_json: %d %s\n%s", rc, rasgw_error_last()->message, text);
	return p;
}

/* The whole observable state of a model: fingerprint and snapshot text. */
typedef struct state {
	uint64_t fp;
	char *text;
} state;

static state save(const rasgw_model *m)
{
	ck_assert_msg(rasgw__model_check_invariants(m) == 0, "%s", rasgw_error_last()->message);
	return (state){ rasgw_model_fingerprint(m), snap(m) };
}

static void assert_state(const rasgw_model *m, const state *s)
{
	ck_assert_msg(rasgw__model_check_invariants(m) == 0, "%s", rasgw_error_last()->message);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), s->fp);
	char *now = snap(m);
	ck_assert_str_eq(now, s->text);
	rasgw_free(now);
}

static void state_free(state *s)
{
	rasgw_free(s->text);
	s->text = NULL;
}

static rasgw_plan *begin(const rasgw_model *m, const char *event, const char *subject)
{
	rasgw_plan *p = NULL;
	ck_assert_int_eq(rasgw__plan_new(&p, m, event, subject), 0);
	return p;
}

static rasgw_plan *finish(rasgw_plan *p)
{
	rasgw_plan *out = NULL;
	int rc = rasgw__plan_finish(p, &out);
	ck_assert_msg(rc == 0, "finish: %s", rasgw_error_last()->message);
	return out;
}

static void change(rasgw_plan *p, rasgw_change_kind kind, const char *id, const char *from,
		   const char *to)
{
	rasgw_change ch = { .kind = kind, .id = id, .from = from, .to = to };
	rasgw__plan_add_change(p, &ch);
}

static void change_conn(rasgw_plan *p, rasgw_change_kind kind, const rasgw_connection *rec)
{
	rasgw_change ch = { .kind = kind, .id = rec->id, .connection = rec };
	rasgw__plan_add_change(p, &ch);
}

static void change_gw(rasgw_plan *p, rasgw_change_kind kind, const rasgw_gateway *rec)
{
	rasgw_change ch = { .kind = kind, .id = rec->id, .gateway = rec };
	rasgw__plan_add_change(p, &ch);
}

static void change_pool(rasgw_plan *p, rasgw_change_kind kind, const rasgw_pool *rec)
{
	rasgw_change ch = { .kind = kind, .id = rec->id, .pool = rec };
	rasgw__plan_add_change(p, &ch);
}

static void op(rasgw_plan *p, rasgw_op o)
{
	if (!o.target_kind)
		o.target_kind = rasgw__op_kind_target(o.kind);
	rasgw__plan_add_op(p, &o);
}

#define GW(id) rasgw_model_gateway_lookup(m, id)
#define CONN(id) rasgw_model_connection_lookup(m, id)
#define POOL(id) rasgw_model_pool_lookup(m, id)

/* ============================================================== scenarios */

/* Failover-like move: promote gi2, move c1 there (with every kind of op field). */
static rasgw_plan *sc_move(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "gateway.failure", "gi1");
	rasgw_connection moved = *CONN("c1");
	moved.gateway_id = "gi2";
	op(p, (rasgw_op){ .phase = RASGW_PHASE_WITHDRAW_ROUTES, .target = "h1",
			  .kind = RASGW_OP_HOST_ROUTE_WITHDRAW, .tenant = "contoso",
			  .connection = "c1", .gateway = "gi1", .dip = "10.2.0.1",
			  .prefix = "10.10.0.0/16" });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CONFIGURE, .target = "gi2",
			  .kind = RASGW_OP_GATEWAY_PROMOTE });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CONFIGURE, .target = "gi2",
			  .kind = RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, .tenant = "contoso",
			  .connection = "c1", .gateway = "gi2", .settings = &moved });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_REPOINT_SLB, .target = "203.0.113.2",
			  .kind = RASGW_OP_SLB_NAT_UPDATE, .tenant = "contoso", .connection = "c1",
			  .gateway = "gi2", .old_gateway = "gi1", .dip = "10.2.0.2",
			  .old_dip = "10.2.0.1", .public_ip = "203.0.113.2",
			  .source_ip = "198.51.100.1" });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_REPEER, .target = "gi2",
			  .kind = RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE, .tenant = "contoso",
			  .gateway = "gi1", .asn = 65100, .peer_asn = 65100, .peer_ip = "10.2.0.1" });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_INSTALL_ROUTES, .target = "h1",
			  .kind = RASGW_OP_HOST_ROUTE_INSTALL, .tenant = "contoso",
			  .connection = "c1", .gateway = "gi2", .dip = "10.2.0.2",
			  .prefix = "10.10.0.0/16" });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CLEANUP, .target = "gi1",
			  .kind = RASGW_OP_GATEWAY_CONNECTION_REMOVE, .tenant = "contoso",
			  .connection = "c1", .gateway = "gi1", .settings = CONN("c1") });
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Active");
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "gi1", "gi2");
	return finish(p);
}

static const char *const c4_static[] = { "10.40.0.0/16", "10.41.0.0/16" };

/* A new connection on gi1 (exactly filling it), with its placement. */
static rasgw_plan *sc_conn_add(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "connection.add", "c4");
	rasgw_connection c4 = { .id = "c4", .tenant_id = "contoso", .type = RASGW_CONN_IKEV2,
				.inbound_kbps = 15000, .outbound_kbps = 5000,
				.source_ip = "198.51.100.4", .destination_ip = "203.0.113.2",
				.static_prefixes = c4_static, .static_prefix_count = 2,
				.gateway_id = "gi1" };
	change_conn(p, RASGW_CHANGE_CONNECTION_ADD, &c4);
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CONFIGURE, .target = "gi1",
			  .kind = RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, .tenant = "contoso",
			  .connection = "c4", .gateway = "gi1", .settings = &c4 });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_REPOINT_SLB, .target = "203.0.113.2",
			  .kind = RASGW_OP_SLB_NAT_ADD, .tenant = "contoso", .connection = "c4",
			  .gateway = "gi1", .dip = "10.2.0.1", .public_ip = "203.0.113.2",
			  .source_ip = "198.51.100.4" });
	rasgw_placement pl = { .connection = "c4", .tenant = "contoso", .pool = "pike",
			       .gateway = "gi1", .public_ip = "203.0.113.2", .cost_kbps = 20000 };
	rasgw__plan_add_placement(p, &pl);
	rasgw__plan_add_issue(p, NULL, "contoso", RASGW_ENOCAPACITY, "only %d%% left", 0);
	return finish(p);
}

/* Removal the way the planner does it: unplace, then remove the unplaced record. */
static rasgw_plan *sc_conn_remove(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "connection.remove", "c2");
	rasgw_connection rec = *CONN("c2");
	rec.gateway_id = NULL;
	op(p, (rasgw_op){ .phase = RASGW_PHASE_REPOINT_SLB, .target = "203.0.113.2",
			  .kind = RASGW_OP_SLB_NAT_REMOVE, .public_ip = "203.0.113.2",
			  .source_ip = "198.51.100.2", .dip = "10.2.0.1" });
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "gi1", NULL);
	change_conn(p, RASGW_CHANGE_CONNECTION_REMOVE, &rec);
	return finish(p);
}

/* Removal of a placed connection in one change (the inverse of a placed add). */
static rasgw_plan *sc_conn_remove_placed(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "connection.remove", "c2");
	change_conn(p, RASGW_CHANGE_CONNECTION_REMOVE, CONN("c2"));
	return finish(p);
}

static const char *const c1_more[] = { "10.10.0.0/16", "10.12.0.0/16" };

static rasgw_plan *sc_routes(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "routes.learned", "c1");
	rasgw_change ch = { .kind = RASGW_CHANGE_CONNECTION_ROUTES, .id = "c1",
			    .from_prefixes = c1_learned, .from_prefix_count = 1,
			    .to_prefixes = c1_more, .to_prefix_count = 2 };
	rasgw__plan_add_change(p, &ch);
	op(p, (rasgw_op){ .phase = RASGW_PHASE_INSTALL_ROUTES, .target = "h1",
			  .kind = RASGW_OP_HOST_ROUTE_INSTALL, .tenant = "contoso",
			  .gateway = "gi1", .dip = "10.2.0.1", .prefix = "10.12.0.0/16" });
	return finish(p);
}

static rasgw_plan *sc_routes_cleared(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "routes.learned", "c1");
	rasgw_change ch = { .kind = RASGW_CHANGE_CONNECTION_ROUTES, .id = "c1",
			    .from_prefixes = c1_learned, .from_prefix_count = 1 };
	rasgw__plan_add_change(p, &ch);
	return finish(p);
}

static rasgw_plan *sc_rr(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "rr.move", "contoso");
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Active");
	change(p, RASGW_CHANGE_TENANT_RR, "contoso", "gi1", "gi2");
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CONFIGURE, .target = "gi2",
			  .kind = RASGW_OP_GATEWAY_BGP_RR_CONFIGURE, .tenant = "contoso",
			  .gateway = "gi2", .asn = 65100 });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CLEANUP, .target = "gi1",
			  .kind = RASGW_OP_GATEWAY_BGP_RR_REMOVE, .tenant = "contoso",
			  .gateway = "gi1", .asn = 65100 });
	return finish(p);
}

/* GRE failover swaps two VIPs in two changes (R6.3), and ga3 takes a fresh one. */
static rasgw_plan *sc_vip(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "vip.swap", NULL);
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga1", "100.64.0.1", "100.64.0.2");
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga2", "100.64.0.2", "100.64.0.1");
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga3", "100.64.0.3", "100.64.0.9");
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CONFIGURE, .target = "ga3",
			  .kind = RASGW_OP_GATEWAY_VIP_ASSIGN, .address = "100.64.0.9" });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_REPEER, .target = "r2",
			  .kind = RASGW_OP_TOR_VIP_ADVERTISE, .gateway = "ga3",
			  .address = "100.64.0.9", .asn = 65002, .peer_ip = "10.1.0.3" });
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CLEANUP, .target = "ga3",
			  .kind = RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE, .address = "10.127.134.50",
			  .vlan = 1001 });
	return finish(p);
}

static rasgw_plan *sc_host(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "host.failure", "h3");
	change(p, RASGW_CHANGE_HOST_STATE, "h3", "up", "failed");
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "ga3", "Redundant", "Failed");
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Failed");
	return finish(p);
}

static rasgw_plan *sc_gw_add(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "gateway.add", "gi3");
	rasgw_gateway g = { .id = "gi3", .pool_id = "pike", .host_id = "h2", .dip = "10.2.0.3" };
	change_gw(p, RASGW_CHANGE_GATEWAY_ADD, &g);
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CONFIGURE, .target = "gi3",
			  .kind = RASGW_OP_GATEWAY_PROMOTE });
	return finish(p);
}

static rasgw_plan *sc_gw_remove(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "gateway.remove", "ga3");
	change_gw(p, RASGW_CHANGE_GATEWAY_REMOVE, GW("ga3"));
	return finish(p);
}

static const char *const pnew_ips[] = { "203.0.113.9" };

/* A new pool with a gateway, and a connection placed there in the same plan. */
static rasgw_plan *sc_pool_add(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "pool.add", "pnew");
	rasgw_pool pool = { .id = "pnew", .type = RASGW_POOL_IKEV2, .capacity_kbps = 50000,
			    .public_ips = pnew_ips, .public_ip_count = 1,
			    .type_max_kbps = { 5000000, 15000000, 5000000 } };
	rasgw_gateway g = { .id = "gn1", .pool_id = "pnew", .host_id = "h2", .dip = "10.3.0.1" };
	change_pool(p, RASGW_CHANGE_POOL_ADD, &pool);
	change_gw(p, RASGW_CHANGE_GATEWAY_ADD, &g);
	op(p, (rasgw_op){ .phase = RASGW_PHASE_REPOINT_SLB, .target = "203.0.113.9",
			  .kind = RASGW_OP_SLB_NAT_ADD, .gateway = "gn1",
			  .dip = "10.3.0.1", .public_ip = "203.0.113.9",
			  .source_ip = "198.51.100.9" });
	return finish(p);
}

static rasgw_plan *sc_pool_remove(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "pool.remove", "pspare");
	change_pool(p, RASGW_CHANGE_POOL_REMOVE, POOL("pspare"));
	return finish(p);
}

/* GRE connection between two gateways of the All pool. */
static rasgw_plan *sc_gre_move(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "connection.move", "c3");
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c3", "ga1", "ga2");
	change(p, RASGW_CHANGE_TENANT_RR, "woodgrove", "ga1", "ga2");
	return finish(p);
}

typedef rasgw_plan *(*scenario_fn)(const rasgw_model *m);

static const struct {
	const char *name;
	scenario_fn build;
	bool decisions; /* has placements or issues, which an inverse drops */
} scenarios[] = {
	{ "move", sc_move, false },
	{ "conn_add", sc_conn_add, true },
	{ "conn_remove", sc_conn_remove, false },
	{ "conn_remove_placed", sc_conn_remove_placed, false },
	{ "routes", sc_routes, false },
	{ "routes_cleared", sc_routes_cleared, false },
	{ "rr", sc_rr, false },
	{ "vip_swap", sc_vip, false },
	{ "host_state", sc_host, false },
	{ "gateway_add", sc_gw_add, false },
	{ "gateway_remove", sc_gw_remove, false },
	{ "pool_add", sc_pool_add, false },
	{ "pool_remove", sc_pool_remove, false },
	{ "gre_move", sc_gre_move, false },
};

#define N_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

/* ============================================================ JSON (R8.1) */

/* R8.1: plans serialize to canonical bytes; reading them back writes the same bytes. */
START_TEST(json_roundtrip)
{
	rasgw_model *m = fixture();
	for (size_t i = 0; i < N_SCENARIOS; i++) {
		rasgw_plan *p = scenarios[i].build(m);
		char *a = to_json(p);
		rasgw_plan *q = from_json(m, a);
		char *b = to_json(q);
		ck_assert_msg(strcmp(a, b) == 0, "%s:\n%s\n%s", scenarios[i].name, a, b);
		/* The same plan twice gives the same bytes (R8.1). */
		char *c = to_json(p);
		ck_assert_str_eq(a, c);
		ck_assert_uint_eq(rasgw_plan_op_count(q), rasgw_plan_op_count(p));
		ck_assert_uint_eq(rasgw_plan_change_count(q), rasgw_plan_change_count(p));
		ck_assert_uint_eq(rasgw_plan_base_fingerprint(q), rasgw_plan_base_fingerprint(p));
		ck_assert_uint_eq(rasgw_plan_result_fingerprint(q), rasgw_plan_result_fingerprint(p));
		rasgw_free(a);
		rasgw_free(b);
		rasgw_free(c);
		rasgw_plan_free(p);
		rasgw_plan_free(q);
	}
	rasgw_model_free(m);
}
END_TEST

/* R8.1: the fields read back are the fields written (not only the same bytes). */
START_TEST(json_fields)
{
	rasgw_model *m = fixture();
	rasgw_plan *p = sc_move(m);
	char *a = to_json(p);
	rasgw_plan *q = from_json(m, a);
	ck_assert_str_eq(rasgw_plan_event(q), "gateway.failure");
	ck_assert_str_eq(rasgw_plan_subject(q), "gi1");
	const rasgw_op *nat = NULL;
	for (size_t i = 0; i < rasgw_plan_op_count(q); i++)
		if (rasgw_plan_op_get(q, i)->kind == RASGW_OP_SLB_NAT_UPDATE)
			nat = rasgw_plan_op_get(q, i);
	ck_assert_ptr_nonnull(nat);
	ck_assert_int_eq(nat->phase, RASGW_PHASE_REPOINT_SLB);
	ck_assert_int_eq(nat->target_kind, RASGW_TARGET_SLB);
	ck_assert_str_eq(nat->target, "203.0.113.2");
	ck_assert_str_eq(nat->dip, "10.2.0.2");
	ck_assert_str_eq(nat->old_dip, "10.2.0.1");
	ck_assert_str_eq(nat->old_gateway, "gi1");
	ck_assert_str_eq(nat->source_ip, "198.51.100.1");
	ck_assert_ptr_null(nat->prefix);
	ck_assert_ptr_null(nat->settings);
	const rasgw_op *cfg = rasgw_plan_op_get(q, 2);
	ck_assert_int_eq(cfg->kind, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE);
	ck_assert_ptr_nonnull(cfg->settings);
	ck_assert_str_eq(cfg->settings->gateway_id, "gi2");
	ck_assert_uint_eq(cfg->settings->peer_asn, 65200);
	ck_assert_uint_eq(cfg->settings->learned_prefix_count, 1);
	ck_assert_str_eq(cfg->settings->learned_prefixes[0], "10.10.0.0/16");
	/* Reading does not change the model. */
	ck_assert_str_eq(CONN("c1")->gateway_id, "gi1");
	const rasgw_change *mv = rasgw_plan_change_get(q, 1);
	ck_assert_int_eq(mv->kind, RASGW_CHANGE_CONNECTION_MOVE);
	ck_assert_str_eq(mv->from, "gi1");
	ck_assert_str_eq(mv->to, "gi2");
	/* Fixed key order, fingerprints as 16 hex digits. */
	char fp[40];
	snprintf(fp, sizeof(fp), "\"baseFingerprint\":\"%016llx\"",
		 (unsigned long long)rasgw_model_fingerprint(m));
	ck_assert_ptr_nonnull(strstr(a, fp));
	ck_assert_ptr_eq(strstr(a, "{\"format\":\"rasgw-plan\",\"version\":1,\"event\":"), a);
	ck_assert_ptr_nonnull(strstr(a, "{\"phase\":\"repoint-slb\",\"target\":{\"kind\":\"slb\","
					"\"id\":\"203.0.113.2\"},\"op\":\"slb.nat.update\","));
	rasgw_free(a);
	rasgw_plan_free(p);
	rasgw_plan_free(q);

	/* Placements and issues. */
	p = sc_conn_add(m);
	a = to_json(p);
	q = from_json(m, a);
	ck_assert_uint_eq(rasgw_plan_placement_count(q), 1);
	ck_assert_str_eq(rasgw_plan_placement_get(q, 0)->connection, "c4");
	ck_assert_uint_eq(rasgw_plan_placement_get(q, 0)->cost_kbps, 20000);
	ck_assert_uint_eq(rasgw_plan_issue_count(q), 1);
	ck_assert_int_eq(rasgw_plan_issue_get(q, 0)->code, RASGW_ENOCAPACITY);
	ck_assert_str_eq(rasgw_plan_issue_get(q, 0)->reason, "only 0% left");
	ck_assert_ptr_nonnull(strstr(a, "\"code\":\"ENOCAPACITY\""));
	rasgw_free(a);
	rasgw_plan_free(p);
	rasgw_plan_free(q);
	rasgw_model_free(m);
}
END_TEST

/* R8.1: strings that need escaping survive the round trip. */
START_TEST(json_escapes)
{
	rasgw_model *m = fixture();
	rasgw_plan *p = begin(m, "odd \"event\"\t\x01\xe2\x82\xac", FAB_ID);
	op(p, (rasgw_op){ .phase = RASGW_PHASE_CONFIGURE, .target = "ga1",
			  .kind = RASGW_OP_GATEWAY_BGP_RR_CONFIGURE, .tenant = FAB_ID });
	rasgw__plan_add_issue(p, NULL, FAB_ID, RASGW_EVALIDATE, "why: \"%s\"", "\\/\b\f\r");
	p = finish(p);
	char *a = to_json(p);
	ck_assert_ptr_nonnull(strstr(a, "\"event\":\"odd \\\"event\\\"\\t\\u0001\xe2\x82\xac\""));
	rasgw_plan *q = from_json(m, a);
	char *b = to_json(q);
	ck_assert_str_eq(a, b);
	ck_assert_str_eq(rasgw_plan_subject(q), FAB_ID);
	ck_assert_str_eq(rasgw_plan_op_get(q, 0)->tenant, FAB_ID);
	ck_assert_str_eq(rasgw_plan_issue_get(q, 0)->reason, "why: \"\\/\b\f\r\"");
	rasgw_free(a);
	rasgw_free(b);
	rasgw_plan_free(p);
	rasgw_plan_free(q);
	/* A string that is not UTF-8 cannot be written. */
	p = begin(m, "bad \xff", NULL);
	p = finish(p);
	char *out = (char *)"untouched";
	ck_assert_int_eq(rasgw_plan_to_json(p, &out), RASGW_EVALIDATE);
	ck_assert_str_eq(out, "untouched");
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R8.1: ids added by the plan itself may be named; the same names are refused without the add. */
START_TEST(json_added_ids)
{
	rasgw_model *m = fixture();
	rasgw_plan *p = sc_pool_add(m);
	char *a = to_json(p);
	rasgw_plan *q = from_json(m, a);
	rasgw_plan_free(q);
	/* Drop the pool.add: gn1's pool and the SLB target no longer exist. */
	char *cut = strstr(a, "{\"change\":\"pool.add\"");
	ck_assert_ptr_nonnull(cut);
	char *end = strstr(cut, "{\"change\":\"gateway.add\"");
	ck_assert_ptr_nonnull(end);
	memmove(cut, end, strlen(end) + 1);
	q = (rasgw_plan *)&q;
	rasgw_plan *keep = q;
	ck_assert_int_eq(rasgw_plan_from_json(&q, m, a, strlen(a), NULL), RASGW_ENOTFOUND);
	ck_assert_ptr_eq(q, keep);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message,
				     "changes[0].gateway.pool: pool 'pnew' does not exist"));
	rasgw_free(a);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ============================================================ invert (R8.1) */

/* R8.1: inverting twice gives the plan back, byte for byte. */
START_TEST(invert_twice)
{
	rasgw_model *m = fixture();
	for (size_t i = 0; i < N_SCENARIOS; i++) {
		rasgw_plan *p = scenarios[i].build(m), *inv = NULL, *back = NULL;
		ck_assert_int_eq(rasgw_plan_invert(&inv, p), 0);
		ck_assert_int_eq(rasgw_plan_invert(&back, inv), 0);
		ck_assert_uint_eq(rasgw_plan_placement_count(inv), 0);
		ck_assert_uint_eq(rasgw_plan_issue_count(inv), 0);
		char *a = to_json(p), *b = to_json(back);
		if (!scenarios[i].decisions)
			ck_assert_msg(strcmp(a, b) == 0, "%s:\n%s\n%s", scenarios[i].name, a, b);
		else
			ck_assert_uint_eq(rasgw_plan_placement_count(back), 0);
		rasgw_free(a);
		rasgw_free(b);
		rasgw_plan_free(p);
		rasgw_plan_free(inv);
		rasgw_plan_free(back);
	}
	rasgw_model_free(m);
}
END_TEST

/* R8.1: the inverse reverses and inverts every operation and change. */
START_TEST(invert_shape)
{
	rasgw_model *m = fixture();
	rasgw_plan *p = sc_move(m), *inv = NULL;
	ck_assert_int_eq(rasgw_plan_invert(&inv, p), 0);
	ck_assert_str_eq(rasgw_plan_event(inv), "gateway.failure.invert");
	ck_assert_str_eq(rasgw_plan_subject(inv), "gi1");
	ck_assert_uint_eq(rasgw_plan_base_fingerprint(inv), rasgw_plan_result_fingerprint(p));
	ck_assert_uint_eq(rasgw_plan_result_fingerprint(inv), rasgw_plan_base_fingerprint(p));
	size_t n = rasgw_plan_op_count(p);
	ck_assert_uint_eq(rasgw_plan_op_count(inv), n);
	for (size_t i = 0; i < n; i++) {
		const rasgw_op *a = rasgw_plan_op_get(p, i), *b = rasgw_plan_op_get(inv, n - 1 - i);
		ck_assert_int_eq(b->kind, rasgw_op_kind_inverse(a->kind));
		ck_assert_int_eq(b->phase, RASGW_PHASE_MAX + 1 - a->phase);
		ck_assert_str_eq(b->target, a->target);
		if (i && rasgw_plan_op_get(inv, i - 1))
			ck_assert_int_le(rasgw_plan_op_get(inv, i - 1)->phase,
					 rasgw_plan_op_get(inv, i)->phase);
		if (a->kind == RASGW_OP_SLB_NAT_UPDATE) {
			ck_assert_str_eq(b->dip, a->old_dip);
			ck_assert_str_eq(b->old_dip, a->dip);
			ck_assert_str_eq(b->gateway, a->old_gateway);
			ck_assert_str_eq(b->old_gateway, a->gateway);
		}
	}
	ck_assert_int_eq(rasgw_plan_op_get(inv, 0)->kind, RASGW_OP_GATEWAY_CONNECTION_CONFIGURE);
	ck_assert_int_eq(rasgw_plan_op_get(inv, n - 1)->kind, RASGW_OP_HOST_ROUTE_INSTALL);
	const rasgw_change *c0 = rasgw_plan_change_get(inv, 0), *c1 = rasgw_plan_change_get(inv, 1);
	ck_assert_int_eq(c0->kind, RASGW_CHANGE_CONNECTION_MOVE);
	ck_assert_str_eq(c0->from, "gi2");
	ck_assert_str_eq(c0->to, "gi1");
	ck_assert_int_eq(c1->kind, RASGW_CHANGE_GATEWAY_ROLE);
	ck_assert_str_eq(c1->from, "Active");
	ck_assert_str_eq(c1->to, "Redundant");
	rasgw_plan_free(inv);
	rasgw_plan_free(p);

	p = sc_conn_add(m);
	ck_assert_int_eq(rasgw_plan_invert(&inv, p), 0);
	ck_assert_int_eq(rasgw_plan_change_get(inv, 0)->kind, RASGW_CHANGE_CONNECTION_REMOVE);
	ck_assert_str_eq(rasgw_plan_change_get(inv, 0)->connection->gateway_id, "gi1");
	ck_assert_int_eq(rasgw_plan_op_get(inv, 0)->kind, RASGW_OP_SLB_NAT_REMOVE);
	ck_assert_int_eq(rasgw_plan_op_get(inv, 1)->kind, RASGW_OP_GATEWAY_CONNECTION_REMOVE);
	ck_assert_int_eq(rasgw_plan_op_get(inv, 1)->phase, RASGW_PHASE_REPEER);
	rasgw_plan_free(inv);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ================================================================ commit */

static void commit_ok(rasgw_model *m, const rasgw_plan *p, const char *name)
{
	int rc = rasgw_model_commit(m, p);
	ck_assert_msg(rc == 0, "%s: commit %d %s", name, rc, rasgw_error_last()->message);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), rasgw_plan_result_fingerprint(p));
	ck_assert_msg(rasgw__model_check_invariants(m) == 0, "%s: %s", name,
		      rasgw_error_last()->message);
}

/* R8.4: commit changes the model to the promised state; the inverse restores it exactly. */
START_TEST(commit_and_invert)
{
	for (size_t i = 0; i < N_SCENARIOS; i++) {
		rasgw_model *m = fixture();
		state s0 = save(m);
		rasgw_plan *p = scenarios[i].build(m), *inv = NULL;
		commit_ok(m, p, scenarios[i].name);
		ck_assert_msg(rasgw_model_fingerprint(m) != s0.fp, "%s changed nothing",
			      scenarios[i].name);
		state s1 = save(m);

		/* The inverse, through JSON read against the changed model. */
		ck_assert_int_eq(rasgw_plan_invert(&inv, p), 0);
		char *text = to_json(inv);
		rasgw_plan *inv2 = from_json(m, text);
		rasgw_free(text);
		commit_ok(m, inv2, scenarios[i].name);
		assert_state(m, &s0);

		/* And again: plan, inverse, plan. */
		commit_ok(m, p, scenarios[i].name);
		assert_state(m, &s1);
		commit_ok(m, inv, scenarios[i].name);
		assert_state(m, &s0);

		rasgw_plan_free(inv2);
		rasgw_plan_free(inv);
		rasgw_plan_free(p);
		state_free(&s0);
		state_free(&s1);
		rasgw_model_free(m);
	}
}
END_TEST

/* R8.4: what each change does, seen through the public records. */
START_TEST(commit_effects)
{
	rasgw_model *m = fixture();
	rasgw_plan *p = sc_move(m);
	commit_ok(m, p, "move");
	ck_assert_str_eq(CONN("c1")->gateway_id, "gi2");
	ck_assert_int_eq(GW("gi2")->role, RASGW_GATEWAY_ACTIVE);
	ck_assert_uint_eq(GW("gi2")->used_kbps, 40000);
	ck_assert_uint_eq(GW("gi1")->used_kbps, 40000);
	rasgw_plan_free(p);
	rasgw_model_free(m);

	m = fixture();
	p = sc_vip(m);
	commit_ok(m, p, "vip");
	ck_assert_str_eq(GW("ga1")->gre_vip, "100.64.0.2");
	ck_assert_str_eq(GW("ga2")->gre_vip, "100.64.0.1");
	ck_assert_str_eq(GW("ga3")->gre_vip, "100.64.0.9");
	ck_assert_ptr_eq(rasgw__map_get(&m->addrs, "100.64.0.2"), GW("ga1"));
	ck_assert_ptr_eq(rasgw__map_get(&m->addrs, "100.64.0.1"), GW("ga2"));
	ck_assert_ptr_null(rasgw__map_get(&m->addrs, "100.64.0.3"));
	rasgw_plan_free(p);
	rasgw_model_free(m);

	m = fixture();
	p = sc_conn_remove(m);
	commit_ok(m, p, "remove");
	ck_assert_ptr_null(CONN("c2"));
	ck_assert_uint_eq(rasgw_model_connection_count(m), 2);
	ck_assert_ptr_null(rasgw__map_get(&m->source_ips, "198.51.100.2"));
	rasgw_plan_free(p);
	rasgw_model_free(m);

	m = fixture();
	p = sc_routes(m);
	commit_ok(m, p, "routes");
	ck_assert_uint_eq(CONN("c1")->learned_prefix_count, 2);
	ck_assert_str_eq(CONN("c1")->learned_prefixes[1], "10.12.0.0/16");
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* R8.4: a plan computed on another state is refused, model untouched. */
START_TEST(commit_stale)
{
	rasgw_model *m = fixture();
	rasgw_plan *a = sc_move(m), *b = sc_routes(m);
	commit_ok(m, b, "routes");
	state s = save(m);
	ck_assert_int_eq(rasgw_model_commit(m, a), RASGW_ESTALE);
	char want[64];
	snprintf(want, sizeof(want), "%016llx", (unsigned long long)rasgw_plan_base_fingerprint(a));
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, want));
	snprintf(want, sizeof(want), "%016llx", (unsigned long long)s.fp);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, want));
	assert_state(m, &s);
	/* Committing the same plan twice is stale the second time. */
	ck_assert_int_eq(rasgw_model_commit(m, b), RASGW_ESTALE);
	assert_state(m, &s);
	/* The empty plan on a fresh state commits and changes nothing. */
	rasgw_plan *e = finish(begin(m, "noop", NULL));
	commit_ok(m, e, "noop");
	assert_state(m, &s);
	state_free(&s);
	rasgw_plan_free(a);
	rasgw_plan_free(b);
	rasgw_plan_free(e);
	rasgw_model_free(m);
}
END_TEST

/* Plans that must be refused, each with its expected message. */
static rasgw_plan *bad_capacity(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	rasgw_connection c5 = { .id = "c5", .tenant_id = "contoso", .type = RASGW_CONN_IKEV2,
				.inbound_kbps = 35000, .outbound_kbps = 35000,
				.source_ip = "198.51.100.5", .gateway_id = "gi2" };
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Active");
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "gi1", "gi2");
	change_conn(p, RASGW_CHANGE_CONNECTION_ADD, &c5);
	return finish(p);
}

static rasgw_plan *bad_move_capacity(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	rasgw_connection big = { .id = "c6", .tenant_id = "contoso", .type = RASGW_CONN_IKEV2,
				 .inbound_kbps = 40000, .outbound_kbps = 40000,
				 .source_ip = "198.51.100.6" };
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Active");
	change_conn(p, RASGW_CHANGE_CONNECTION_ADD, &big);
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c6", NULL, "gi2");
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "gi1", "gi2");
	return finish(p);
}

static rasgw_plan *bad_from(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_CONNECTION_ROUTES, "c1", NULL, NULL); /* from [] but it has one */
	return finish(p);
}

static rasgw_plan *bad_move_from(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Active");
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c1", "gi2", "gi1");
	return finish(p);
}

static rasgw_plan *bad_standby_target(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c2", "gi1", "gi2");
	return finish(p);
}

static rasgw_plan *bad_half_swap(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga3", "100.64.0.3", "100.64.0.9");
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga1", "100.64.0.1", "100.64.0.2");
	return finish(p);
}

static rasgw_plan *bad_vip_subnet(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga3", "100.64.0.3", "100.65.0.3");
	return finish(p);
}

static rasgw_plan *bad_vip_dip(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga3", "100.64.0.3", "100.64.0.7");
	rasgw_gateway g = { .id = "ga4", .pool_id = "pall", .host_id = "h2", .dip = "100.64.0.8",
			    .gre_vip = "100.64.0.4", .role = RASGW_GATEWAY_ACTIVE };
	change_gw(p, RASGW_CHANGE_GATEWAY_ADD, &g);
	change(p, RASGW_CHANGE_GATEWAY_VIP, "ga1", "100.64.0.1", "100.64.0.8");
	return finish(p);
}

static rasgw_plan *bad_stale_record(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	rasgw_connection rec = *CONN("c2");
	rec.gateway_id = NULL; /* but it is still placed on gi1 */
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Active");
	change_conn(p, RASGW_CHANGE_CONNECTION_REMOVE, &rec);
	return finish(p);
}

static rasgw_plan *bad_n_le_m(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "ga2", "Active", "Redundant");
	return finish(p);
}

static rasgw_plan *bad_rr_cleared(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_TENANT_RR, "contoso", "gi1", NULL);
	return finish(p);
}

static rasgw_plan *bad_host_gateways(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Failed");
	change(p, RASGW_CHANGE_HOST_STATE, "h3", "up", "failed");
	return finish(p);
}

static rasgw_plan *bad_demote_busy(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi2", "Redundant", "Active");
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "gi1", "Active", "Redundant");
	return finish(p);
}

static rasgw_plan *bad_source_ip(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	rasgw_connection c = { .id = "c7", .tenant_id = "woodgrove", .type = RASGW_CONN_IKEV2,
			       .inbound_kbps = 1, .source_ip = "198.51.100.1", .gateway_id = "ga2" };
	change(p, RASGW_CHANGE_CONNECTION_MOVE, "c3", "ga1", "ga2");
	change_conn(p, RASGW_CHANGE_CONNECTION_ADD, &c);
	return finish(p);
}

static rasgw_plan *bad_pool_busy(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change_gw(p, RASGW_CHANGE_GATEWAY_REMOVE, GW("ga3"));
	change_pool(p, RASGW_CHANGE_POOL_REMOVE, POOL("pall"));
	return finish(p);
}

static rasgw_plan *bad_gateway_busy(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change_gw(p, RASGW_CHANGE_GATEWAY_REMOVE, GW("ga1"));
	return finish(p);
}

static rasgw_plan *bad_role_from(const rasgw_model *m)
{
	rasgw_plan *p = begin(m, "bad", NULL);
	change(p, RASGW_CHANGE_HOST_STATE, "h2", "up", "up");
	change(p, RASGW_CHANGE_GATEWAY_ROLE, "ga3", "Active", "Failed");
	return finish(p);
}

static rasgw_plan *bad_result_fp(const rasgw_model *m)
{
	rasgw_plan *p = sc_move(m);
	p->result_fp ^= 1; /* a corrupted or hand-edited plan */
	return p;
}

/* R8.4 and R1.2, R1.3, R2.3, R3.2, R6.1: refusals leave the model exactly as it was. */
START_TEST(commit_all_or_nothing)
{
	static const struct {
		scenario_fn build;
		const char *expect;
	} cases[] = {
		{ bad_capacity, "changes[2] connection.add 'c5': connection 'c5': cannot sit on "
				"gateway 'gi2': not enough free capacity" },
		{ bad_move_capacity, "changes[3] connection.move 'c1': cannot go to gateway 'gi2': "
				     "not enough free capacity" },
		{ bad_from, "changes[0] connection.routes 'c1': the connection's learned prefixes (1) "
			    "are not the plan's 'from' list (0)" },
		{ bad_move_from, "changes[1] connection.move 'c1': the connection is on gi1, not on "
				 "gi2" },
		{ bad_standby_target, "gateway 'gi2' is Redundant" },
		{ bad_half_swap, "gateway 'ga2' ends with GRE VIP 100.64.0.2, which another gateway "
				 "holds too" },
		{ bad_vip_subnet, "100.65.0.3 is outside the greVipSubnets of pool 'pall' (R6.1)" },
		{ bad_vip_dip, "changes[2] gateway.vip 'ga1': 100.64.0.8 is the DIP of gateway 'ga4'" },
		{ bad_stale_record, "changes[1] connection.remove 'c2': the plan's record is not the "
				    "connection as it is in the model (placed on gi1)" },
		{ bad_n_le_m, "R1.2" },
		{ bad_rr_cleared, "has placed connections but no routeReflector (R3.2)" },
		{ bad_host_gateways, "gateway 'ga3' ends Redundant on failed host 'h3'" },
		{ bad_demote_busy, "gateway 'gi1' ends Redundant but still holds 2 connection(s)" },
		{ bad_source_ip, "source IP 198.51.100.1 is already used by connection 'c1'" },
		{ bad_pool_busy, "changes[1] pool.remove 'pall': pool 'pall' still has 2 gateway(s)" },
		{ bad_gateway_busy, "gateway 'ga1' still holds 1 connection(s)" },
		{ bad_role_from, "changes[1] gateway.role 'ga3': the gateway is Redundant, not Active" },
		{ bad_result_fp, "result fingerprint mismatch" },
	};
	rasgw_model *m = fixture();
	state s = save(m);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rasgw_plan *p = cases[i].build(m);
		int rc = rasgw_model_commit(m, p);
		ck_assert_msg(rc == RASGW_EVALIDATE, "case %zu: rc %d (%s)", i, rc,
			      rasgw_error_last()->message);
		ck_assert_msg(strstr(rasgw_error_last()->message, cases[i].expect),
			      "case %zu: message '%s' lacks '%s'", i, rasgw_error_last()->message,
			      cases[i].expect);
		assert_state(m, &s);
		rasgw_plan_free(p);
	}
	/* The model is still fully usable: a good plan commits. */
	rasgw_plan *p = sc_move(m);
	commit_ok(m, p, "after refusals");
	rasgw_plan_free(p);
	state_free(&s);
	rasgw_model_free(m);
}
END_TEST

/* ============================================ plans from the real planners */

/* R8.1, R8.4: planner output round-trips, commits, and its inverse restores the state. */
START_TEST(planner_plans)
{
	rasgw_model *m = fixture();
	state s0 = save(m);
	rasgw_connection spec = { .id = "c8", .tenant_id = "contoso", .type = RASGW_CONN_IKEV2,
				  .inbound_kbps = 5000, .outbound_kbps = 5000,
				  .source_ip = "198.51.100.8", .routing = RASGW_ROUTING_BGP,
				  .peer_asn = 65300 };
	rasgw_plan *add = NULL, *rm = NULL, *inv = NULL;
	int rc = rasgw_plan_connection_add(&add, m, &spec, NULL);
	ck_assert_msg(rc == 0, "%s", rasgw_error_last()->message);
	char *a = to_json(add);
	rasgw_plan *q = from_json(m, a);
	char *b = to_json(q);
	ck_assert_str_eq(a, b);
	commit_ok(m, q, "planner add");
	ck_assert_str_eq(CONN("c8")->gateway_id, "gi1");

	rc = rasgw_plan_connection_remove(&rm, m, "c1", NULL);
	ck_assert_msg(rc == 0, "%s", rasgw_error_last()->message);
	commit_ok(m, rm, "planner remove");
	ck_assert_ptr_null(CONN("c1"));
	ck_assert_int_eq(rasgw_plan_invert(&inv, rm), 0);
	commit_ok(m, inv, "planner remove inverse");
	ck_assert_str_eq(CONN("c1")->gateway_id, "gi1");
	rasgw_plan_free(inv);
	ck_assert_int_eq(rasgw_plan_invert(&inv, add), 0);
	commit_ok(m, inv, "planner add inverse");
	assert_state(m, &s0);

	rasgw_free(a);
	rasgw_free(b);
	rasgw_plan_free(q);
	rasgw_plan_free(add);
	rasgw_plan_free(rm);
	rasgw_plan_free(inv);
	state_free(&s0);
	rasgw_model_free(m);
}
END_TEST

/* ===================================================== malformed plan files */

struct expect {
	int code;
	char message[512];
	rasgw_plan_json_options opts;
};

static const struct {
	const char *name;
	int code;
} code_names[] = {
	{ "EINVAL", RASGW_EINVAL },	  { "EPARSE", RASGW_EPARSE },
	{ "EVALIDATE", RASGW_EVALIDATE }, { "ENOTFOUND", RASGW_ENOTFOUND },
	{ "EVERSION", RASGW_EVERSION },	  { "ELIMIT", RASGW_ELIMIT },
};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		size_t k = fread(buf + n, 1, cap - n - 1, f);
		n += k;
		if (k == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* Sidecar lines: "code EPARSE", "message <fragment>", "max_bytes N", "max_depth N", "max_ops N". */
static void read_expect(const char *path, struct expect *e)
{
	size_t len;
	char *text = read_file(path, &len);
	memset(e, 0, sizeof(*e));
	e->opts = (rasgw_plan_json_options)RASGW_PLAN_JSON_OPTIONS_INIT;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *sp = strchr(line, ' ');
		ck_assert_msg(sp != NULL, "%s: bad line '%s'", path, line);
		*sp = '\0';
		const char *val = sp + 1;
		if (strcmp(line, "code") == 0) {
			for (size_t i = 0; i < sizeof(code_names) / sizeof(code_names[0]); i++)
				if (strcmp(code_names[i].name, val) == 0)
					e->code = code_names[i].code;
			ck_assert_msg(e->code != 0, "%s: unknown code %s", path, val);
		} else if (strcmp(line, "message") == 0) {
			snprintf(e->message, sizeof(e->message), "%s", val);
		} else if (strcmp(line, "max_bytes") == 0) {
			e->opts.max_bytes = strtoul(val, NULL, 10);
		} else if (strcmp(line, "max_depth") == 0) {
			e->opts.max_depth = (uint32_t)strtoul(val, NULL, 10);
		} else if (strcmp(line, "max_ops") == 0) {
			e->opts.max_ops = strtoul(val, NULL, 10);
		} else {
			ck_abort_msg("%s: unknown key %s", path, line);
		}
	}
	ck_assert_msg(e->code && e->message[0], "%s: needs code and message", path);
	free(text);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* R8.1: plans are untrusted input: each malformed file is refused with its message. */
START_TEST(bad_files)
{
	const char *dir = RASGW_TEST_DATA_DIR "/plans/bad";
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	char *names[256];
	size_t n = 0;
	for (struct dirent *de; (de = readdir(d));) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0) {
			ck_assert_uint_lt(n, 256);
			names[n++] = strdup(de->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_str);
	ck_assert_uint_ge(n, 15);

	rasgw_model *m = fixture();
	state s = save(m);
	for (size_t i = 0; i < n; i++) {
		char path[1024];
		struct expect e;
		size_t len;
		snprintf(path, sizeof(path), "%s/%.*s.expect", dir, (int)(strlen(names[i]) - 5),
			 names[i]);
		read_expect(path, &e);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		char *text = read_file(path, &len);
		rasgw_plan *p = (rasgw_plan *)&p, *keep = p;
		int rc = rasgw_plan_from_json(&p, m, text, len, &e.opts);
		ck_assert_msg(rc == e.code, "%s: rc %d, want %d (%s)", names[i], rc, e.code,
			      rasgw_error_last()->message);
		ck_assert_msg(strstr(rasgw_error_last()->message, e.message) != NULL,
			      "%s: message '%s' lacks '%s'", names[i], rasgw_error_last()->message,
			      e.message);
		ck_assert_ptr_eq(p, keep);
		free(text);
		free(names[i]);
	}
	assert_state(m, &s);
	state_free(&s);
	rasgw_model_free(m);
}
END_TEST

/* R8.1: a hand-written plan in canonical form reads, and writes back the same bytes. */
START_TEST(good_file)
{
	size_t len;
	char *text = read_file(RASGW_TEST_DATA_DIR "/plans/good/01-failover.json", &len);
	rasgw_model *m = fixture();
	rasgw_plan *p = from_json(m, text);
	char *again = to_json(p);
	ck_assert_str_eq(again, text);
	rasgw_free(again);
	rasgw_plan_free(p);
	rasgw_model_free(m);
	free(text);
}
END_TEST

/* ================================================================ API */

START_TEST(api_contract)
{
	rasgw_plan_json_options o;
	ck_assert_int_eq(rasgw_plan_json_options_init(&o, RASGW_PLAN_JSON_OPTIONS_VERSION), 0);
	ck_assert_uint_eq(o.version, RASGW_PLAN_JSON_OPTIONS_VERSION);
	ck_assert_uint_eq(o.max_bytes, 0);
	ck_assert_int_eq(rasgw_plan_json_options_init(&o, 99), RASGW_EVERSION);
	ck_assert_int_eq(rasgw_plan_json_options_init(NULL, RASGW_PLAN_JSON_OPTIONS_VERSION),
			 RASGW_EINVAL);

	rasgw_model *m = fixture();
	rasgw_plan *p = sc_move(m), *q = NULL;
	char *text = NULL;
	ck_assert_int_eq(rasgw_plan_to_json(NULL, &text), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_plan_to_json(p, NULL), RASGW_EINVAL);
	text = to_json(p);
	o.version = 99;
	ck_assert_int_eq(rasgw_plan_from_json(&q, m, text, strlen(text), &o), RASGW_EVERSION);
	ck_assert_int_eq(rasgw_plan_from_json(&q, NULL, text, strlen(text), NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_plan_from_json(NULL, m, text, strlen(text), NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_plan_from_json(&q, m, NULL, 0, NULL), RASGW_EINVAL);
	ck_assert_ptr_null(q);
	/* Limits from options: exactly enough passes. */
	o = (rasgw_plan_json_options)RASGW_PLAN_JSON_OPTIONS_INIT;
	o.max_bytes = strlen(text);
	o.max_ops = rasgw_plan_op_count(p) + rasgw_plan_change_count(p);
	o.max_depth = 5;
	ck_assert_int_eq(rasgw_plan_from_json(&q, m, text, strlen(text), &o), 0);
	rasgw_plan_free(q);
	q = NULL;
	o.max_ops--;
	ck_assert_int_eq(rasgw_plan_from_json(&q, m, text, strlen(text), &o), RASGW_ELIMIT);
	o.max_ops++;
	o.max_depth = 4;
	ck_assert_int_eq(rasgw_plan_from_json(&q, m, text, strlen(text), &o), RASGW_ELIMIT);
	o.max_depth = 5;
	o.max_bytes--;
	ck_assert_int_eq(rasgw_plan_from_json(&q, m, text, strlen(text), &o), RASGW_ELIMIT);
	ck_assert_ptr_null(q);

	ck_assert_int_eq(rasgw_plan_invert(NULL, p), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_plan_invert(&q, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_model_commit(NULL, p), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_model_commit(m, NULL), RASGW_EINVAL);

	/* A plan with an invalid kind cannot be written (a reader would refuse it). */
	p->ops.items[0].kind = (rasgw_op_kind)77;
	char *bad = (char *)"untouched";
	ck_assert_int_eq(rasgw_plan_to_json(p, &bad), RASGW_EINVAL);
	ck_assert_str_eq(bad, "untouched");
	rasgw_free(text);
	rasgw_plan_free(p);
	rasgw_model_free(m);
}
END_TEST

/* ======================================================= allocation failures */

static struct {
	long fail_from; /* allocations numbered >= this fail; -1 never */
	long count;
	long live;
} alloc_state = { -1, 0, 0 };

static bool alloc_fails(void)
{
	return alloc_state.fail_from >= 0 && alloc_state.count++ >= alloc_state.fail_from;
}

static void *t_malloc(size_t size, void *payload)
{
	(void)payload;
	if (alloc_fails())
		return NULL;
	void *p = malloc(size);
	if (p)
		alloc_state.live++;
	return p;
}

static void *t_realloc(void *ptr, size_t size, void *payload)
{
	(void)payload;
	if (alloc_fails())
		return NULL;
	void *p = realloc(ptr, size);
	if (p && !ptr)
		alloc_state.live++;
	return p;
}

static void t_free(void *ptr, void *payload)
{
	(void)payload;
	if (ptr)
		alloc_state.live--;
	free(ptr);
}

static const rasgw_allocator failing = { RASGW_ALLOCATOR_VERSION, t_malloc, t_realloc, t_free,
					 NULL };

static void fail_from(long k)
{
	alloc_state.count = 0;
	alloc_state.fail_from = k;
}

/*
 * R8.4: whatever allocation fails, and every one after it (so an undo that
 * allocated would be caught), commit leaves the model exactly as it was;
 * JSON and invert return ENOMEM without leaking.
 */
START_TEST(alloc_failures)
{
	ck_assert_int_eq(rasgw_set_allocator(&failing), 0);
	for (size_t i = 0; i < N_SCENARIOS; i++) {
		rasgw_model *m = fixture();
		rasgw_plan *p = scenarios[i].build(m);
		state s = save(m);
		long before = alloc_state.live;
		bool done = false;
		for (long k = 0; !done; k++) {
			fail_from(k);
			int rc = rasgw_model_commit(m, p);
			fail_from(-1);
			if (rc == 0) {
				done = true;
				break;
			}
			ck_assert_msg(rc == RASGW_ENOMEM, "%s, failure %ld: %d %s", scenarios[i].name,
				      k, rc, rasgw_error_last()->message);
			/* Room reserved on the way may stay with the model (freed with it). */
			ck_assert_int_ge(alloc_state.live, before);
			assert_state(m, &s);
		}
		state_free(&s);

		/* Against a fresh fixture: p's ids (and those it adds) are all there. */
		char *text = to_json(p);
		rasgw_model *m0 = fixture();
		for (long k = 0;; k++) {
			before = alloc_state.live;
			rasgw_plan *q = NULL, *inv = NULL;
			char *out = NULL;
			fail_from(k);
			int rc1 = rasgw_plan_invert(&inv, p);
			fail_from(k);
			int rc2 = rasgw_plan_to_json(p, &out);
			fail_from(k);
			int rc3 = rasgw_plan_from_json(&q, m0, text, strlen(text), NULL);
			fail_from(-1);
			ck_assert(rc1 == 0 || rc1 == RASGW_ENOMEM);
			ck_assert(rc2 == 0 || rc2 == RASGW_ENOMEM);
			ck_assert_msg(rc3 == 0 || rc3 == RASGW_ENOMEM, "%d %s", rc3,
				      rasgw_error_last()->message);
			ck_assert(rc1 < 0 || inv != NULL);
			ck_assert(rc3 < 0 || q != NULL);
			rasgw_plan_free(q);
			rasgw_plan_free(inv);
			rasgw_free(out);
			ck_assert_msg(alloc_state.live == before, "%s, failure %ld: %d %d %d: %ld leaked",
				      scenarios[i].name, k, rc1, rc2, rc3, alloc_state.live - before);
			if (rc1 == 0 && rc2 == 0 && rc3 == 0)
				break;
		}
		rasgw_model_free(m0);
		rasgw_free(text);
		rasgw_plan_free(p);
		rasgw_model_free(m);
	}
	ck_assert_int_eq(alloc_state.live, 0);
}
END_TEST

/* ================================================================ main */

static Suite *suite(void)
{
	Suite *s = suite_create("plan");
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
		{ "R8_1_json_roundtrip", json_roundtrip },
		{ "R8_1_json_fields", json_fields },
		{ "R8_1_json_escapes", json_escapes },
		{ "R8_1_json_added_ids", json_added_ids },
		{ "R8_1_invert_twice", invert_twice },
		{ "R8_1_invert_shape", invert_shape },
		{ "R8_4_commit_and_invert", commit_and_invert },
		{ "R8_4_commit_effects", commit_effects },
		{ "R8_4_commit_stale", commit_stale },
		{ "R8_4_commit_all_or_nothing", commit_all_or_nothing },
		{ "R8_1_R8_4_planner_plans", planner_plans },
		{ "R8_1_bad_files", bad_files },
		{ "R8_1_good_file", good_file },
		{ "api_contract", api_contract },
		{ "R8_4_alloc_failures", alloc_failures },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	return rasgw_test_run(suite());
}
