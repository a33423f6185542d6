/*
 * Small model builders and plan queries shared by the failover, scale and
 * failover-property tests. Header-only (static functions): each test file
 * is its own executable.
 */
#ifndef RASGW_TEST_FAILOVER_FIXTURE_H
#define RASGW_TEST_FAILOVER_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"
#include "rasgw/errors.h"
#include "rasgw/failover.h"
#include "rasgw/model.h"
#include "rasgw/place.h"
#include "rasgw/plan.h"
#include "rasgw/scale.h"

/* Every gateway of a fixture pool has 10 Gbps and type maxima equal to it,
 * so a connection costs exactly its inbound + outbound kbps. */
#define FX_CAP 10000000ULL

#define FX_OK(expr)                                                                        \
	do {                                                                               \
		int rc_ = (expr);                                                          \
		ck_assert_msg(rc_ == 0, "%s failed: %d %s", #expr, rc_,                     \
			      rasgw_error_last()->message);                                \
	} while (0)

static RASGW__UNUSED rasgw_model *fx_new(void)
{
	rasgw_model *m = NULL;
	FX_OK(rasgw_model_new(&m));
	return m;
}

/* A rack whose TOR carries the VLANs listed (0-terminated). */
static RASGW__UNUSED void fx_rack(rasgw_model *m, const char *id, const uint16_t *vlans)
{
	size_t n = 0;
	while (vlans && vlans[n])
		n++;
	char tor[64], peer[64];
	snprintf(tor, sizeof(tor), "tor-%s", id);
	snprintf(peer, sizeof(peer), "192.0.2.%zu", rasgw_model_rack_count(m) + 1);
	rasgw_rack r = { id, tor, 65100 + (uint32_t)rasgw_model_rack_count(m), peer, vlans, n };
	FX_OK(rasgw__model_add_rack(m, &r, NULL));
}

static RASGW__UNUSED void fx_host(rasgw_model *m, const char *id, const char *rack)
{
	rasgw_host h = { 0 };
	h.id = id;
	h.rack_id = rack;
	FX_OK(rasgw__model_add_host(m, &h, NULL));
}

static const char *const fx_public_ips[] = { "203.0.113.1" };
static const char *const fx_gre_subnets[] = { "198.51.100.0/24" };

static RASGW__UNUSED void fx_pool(rasgw_model *m, const char *id, rasgw_pool_type type,
				  uint32_t redundant)
{
	rasgw_pool p = { 0 };
	p.id = id;
	p.type = type;
	p.capacity_kbps = FX_CAP;
	p.redundant_count = redundant;
	if (type == RASGW_POOL_IKEV2 || type == RASGW_POOL_ALL) {
		p.public_ips = fx_public_ips;
		p.public_ip_count = 1;
	}
	if (type == RASGW_POOL_GRE || type == RASGW_POOL_ALL) {
		p.gre_vip_subnets = fx_gre_subnets;
		p.gre_vip_subnet_count = 1;
	}
	for (int i = 0; i < RASGW_CONN_TYPE_COUNT; i++)
		p.type_max_kbps[i] = FX_CAP;
	FX_OK(rasgw__model_add_pool(m, &p, NULL));
}

static RASGW__UNUSED void fx_gw(rasgw_model *m, const char *id, const char *pool,
				const char *host, const char *dip, const char *vip,
				rasgw_gateway_role role)
{
	rasgw_gateway g = { 0 };
	g.id = id;
	g.pool_id = pool;
	g.host_id = host;
	g.dip = dip;
	g.gre_vip = vip;
	g.role = role;
	FX_OK(rasgw__model_add_gateway(m, &g, NULL));
}

/* hosts: NULL-terminated list. */
static RASGW__UNUSED void fx_tenant(rasgw_model *m, const char *id, const char *const *hosts,
				    const char *rr)
{
	size_t n = 0;
	while (hosts && hosts[n])
		n++;
	rasgw_tenant t = { 0 };
	t.id = id;
	t.hosts = hosts;
	t.host_count = n;
	t.asn = 64512;
	t.rr_gateway = rr;
	FX_OK(rasgw__model_add_tenant(m, &t, NULL));
}

static RASGW__UNUSED void fx_ike(rasgw_model *m, const char *id, const char *tenant,
				 uint64_t kbps, const char *gw, const char *source_ip,
				 const char *prefix)
{
	rasgw_connection c = { 0 };
	c.id = id;
	c.tenant_id = tenant;
	c.type = RASGW_CONN_IKEV2;
	c.inbound_kbps = kbps / 2;
	c.outbound_kbps = kbps - kbps / 2;
	c.source_ip = source_ip;
	c.static_prefixes = prefix ? &prefix : NULL;
	c.static_prefix_count = prefix ? 1 : 0;
	c.gateway_id = gw;
	FX_OK(rasgw__model_add_connection(m, &c, NULL));
}

static RASGW__UNUSED void fx_gre(rasgw_model *m, const char *id, const char *tenant,
				 uint64_t kbps, const char *gw, const char *remote, uint32_t key)
{
	rasgw_connection c = { 0 };
	c.id = id;
	c.tenant_id = tenant;
	c.type = RASGW_CONN_GRE;
	c.inbound_kbps = kbps;
	c.remote_endpoint = remote;
	c.gre_key = key;
	c.gateway_id = gw;
	FX_OK(rasgw__model_add_connection(m, &c, NULL));
}

static RASGW__UNUSED void fx_l3(rasgw_model *m, const char *id, const char *tenant,
				uint64_t kbps, const char *gw, uint16_t vlan, const char *subnet,
				const char *ca, const char *peer, const char *bgp_ip)
{
	static const char *const learned[] = { "172.16.0.0/16" };
	rasgw_connection c = { 0 };
	c.id = id;
	c.tenant_id = tenant;
	c.type = RASGW_CONN_L3;
	c.inbound_kbps = kbps;
	c.vlan = vlan;
	c.vlan_subnet = subnet;
	c.ca_ip = ca;
	c.peer_ip = peer;
	c.bgp_ip = bgp_ip;
	c.routing = RASGW_ROUTING_BGP;
	c.peer_asn = 65001;
	c.learned_prefixes = learned;
	c.learned_prefix_count = 1;
	c.gateway_id = gw;
	FX_OK(rasgw__model_add_connection(m, &c, NULL));
}

static RASGW__UNUSED void fx_valid(const rasgw_model *m)
{
	FX_OK(rasgw__model_validate(m));
	FX_OK(rasgw__model_check_invariants(m));
}

/* ------------------------------------------------------------ plan queries */

static RASGW__UNUSED bool fx_eq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Index of the first op of `kind` (target, connection may be NULL = any), or -1. */
static RASGW__UNUSED long fx_find_op(const rasgw_plan *p, rasgw_op_kind kind, const char *target,
				     const char *connection)
{
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++) {
		const rasgw_op *op = rasgw_plan_op_get(p, i);
		if (op->kind == kind && (!target || fx_eq(op->target, target)) &&
		    (!connection || fx_eq(op->connection, connection)))
			return (long)i;
	}
	return -1;
}

static RASGW__UNUSED size_t fx_count_ops(const rasgw_plan *p, rasgw_op_kind kind,
					 const char *target)
{
	size_t n = 0;
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++) {
		const rasgw_op *op = rasgw_plan_op_get(p, i);
		n += op->kind == kind && (!target || fx_eq(op->target, target));
	}
	return n;
}

static RASGW__UNUSED size_t fx_count_target(const rasgw_plan *p, rasgw_target_kind tk,
					    const char *target)
{
	size_t n = 0;
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++) {
		const rasgw_op *op = rasgw_plan_op_get(p, i);
		n += op->target_kind == tk && fx_eq(op->target, target);
	}
	return n;
}

/* Index of the change (kind, id, from, to; NULL from/to = any), or -1. */
static RASGW__UNUSED long fx_find_change(const rasgw_plan *p, rasgw_change_kind kind,
					 const char *id, const char *from, const char *to)
{
	for (size_t i = 0; i < rasgw_plan_change_count(p); i++) {
		const rasgw_change *ch = rasgw_plan_change_get(p, i);
		if (ch->kind == kind && fx_eq(ch->id, id) && (!from || fx_eq(ch->from, from)) &&
		    (!to || fx_eq(ch->to, to)))
			return (long)i;
	}
	return -1;
}

static RASGW__UNUSED size_t fx_count_changes(const rasgw_plan *p, rasgw_change_kind kind)
{
	size_t n = 0;
	for (size_t i = 0; i < rasgw_plan_change_count(p); i++)
		n += rasgw_plan_change_get(p, i)->kind == kind;
	return n;
}

/* R5.2-R5.3: operations come phase by phase. */
static RASGW__UNUSED void fx_assert_phase_order(const rasgw_plan *p)
{
	rasgw_phase last = RASGW_PHASE_WITHDRAW_ROUTES;
	for (size_t i = 0; i < rasgw_plan_op_count(p); i++) {
		const rasgw_op *op = rasgw_plan_op_get(p, i);
		ck_assert_int_ge(op->phase, last);
		ck_assert_int_le(op->phase, RASGW_PHASE_MAX);
		last = op->phase;
	}
}

static RASGW__UNUSED const rasgw_op *fx_op(const rasgw_plan *p, long i)
{
	ck_assert_int_ge(i, 0);
	return rasgw_plan_op_get(p, (size_t)i);
}

/* Commit and check the model afterwards (R8.4 chain: result fingerprint). */
static RASGW__UNUSED void fx_commit(rasgw_model *m, const rasgw_plan *p)
{
	ck_assert_uint_eq(rasgw_plan_base_fingerprint(p), rasgw_model_fingerprint(m));
	FX_OK(rasgw_model_commit(m, p));
	ck_assert_uint_eq(rasgw_plan_result_fingerprint(p), rasgw_model_fingerprint(m));
	FX_OK(rasgw__model_check_invariants(m));
}

static RASGW__UNUSED const rasgw_gateway *fx_gwr(const rasgw_model *m, const char *id)
{
	const rasgw_gateway *g = rasgw_model_gateway_lookup(m, id);
	ck_assert_msg(g != NULL, "gateway %s missing", id);
	return g;
}

static RASGW__UNUSED const rasgw_connection *fx_connr(const rasgw_model *m, const char *id)
{
	const rasgw_connection *c = rasgw_model_connection_lookup(m, id);
	ck_assert_msg(c != NULL, "connection %s missing", id);
	return c;
}

#endif
