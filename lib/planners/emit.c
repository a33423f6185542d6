/*
 * The operations that putting a connection on a gateway, or taking it
 * away, needs (R3.3-R3.5, R5.2-R5.3), shared by every planner so that a
 * connection placed by "connection.add" and one rebuilt by a failover are
 * configured the same way.
 *
 * Phases follow rasgw_phase. Install: L3 addresses and the connection on
 * the gateway (configure), the SLB NAT rule (repoint-slb), the BGP peering
 * with the site (repeer), HNV policies and routes on the tenant's hosts
 * (install-routes). Removal mirrors it: routes withdrawn first, then
 * policies, then the NAT rule, and the gateway side last (cleanup).
 *
 * Hosts are the tenant's hosts in id order, skipping failed ones (there is
 * nothing to program on them; a host that comes back is reprogrammed by
 * its own plan). Prefixes are walked in ascending order.
 */
#include "planners/common.h"

#include <string.h>

const char *rasgw__conn_public_ip(const rasgw_connection *s, const rasgw__gateway *g)
{
	if (s->type != RASGW_CONN_IKEV2)
		return NULL;
	if (s->destination_ip)
		return s->destination_ip;
	return g->pool->pub.public_ip_count ? g->pool->pub.public_ips[0] : NULL;
}

static const rasgw__tenant *tenant_of(const rasgw_plan *p, const rasgw__conn *c,
				      const rasgw_connection *s)
{
	if (c)
		return c->tenant;
	if (!p->model || !s->tenant_id)
		return NULL;
	return rasgw__table_get(&p->model->tenants, s->tenant_id);
}

/* An op about connection s on gateway g, addressed to the gateway. */
static rasgw_op gateway_op(rasgw_phase phase, rasgw_op_kind kind, const rasgw_connection *s,
			   const rasgw__gateway *g)
{
	rasgw_op op = { 0 };
	op.phase = phase;
	op.target_kind = RASGW_TARGET_GATEWAY;
	op.target = g->pub.id;
	op.kind = kind;
	op.tenant = s->tenant_id;
	op.connection = s->id;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	return op;
}

static void emit_l3_addresses(rasgw_plan *p, const rasgw_connection *s, const rasgw__gateway *g,
			      bool install)
{
	const char *addrs[2] = { s->ca_ip, s->bgp_ip };
	for (size_t i = 0; i < 2; i++) {
		if (!addrs[i])
			continue;
		rasgw_op op = gateway_op(install ? RASGW_PHASE_CONFIGURE : RASGW_PHASE_CLEANUP,
					 install ? RASGW_OP_GATEWAY_L3_ADDRESS_ASSIGN
						 : RASGW_OP_GATEWAY_L3_ADDRESS_RELEASE,
					 s, g);
		op.address = addrs[i];
		op.vlan = s->vlan;
		rasgw__plan_add_op(p, &op);
	}
}

static void emit_gateway(rasgw_plan *p, const rasgw_connection *s, const rasgw__gateway *g,
			 bool install)
{
	if (install && s->type == RASGW_CONN_L3)
		emit_l3_addresses(p, s, g, true);
	rasgw_op op = gateway_op(install ? RASGW_PHASE_CONFIGURE : RASGW_PHASE_CLEANUP,
				 install ? RASGW_OP_GATEWAY_CONNECTION_CONFIGURE
					 : RASGW_OP_GATEWAY_CONNECTION_REMOVE,
				 s, g);
	op.settings = s;
	/* R3.4: the remote router dials the gateway's GRE VIP. */
	if (s->type == RASGW_CONN_GRE)
		op.address = g->pub.gre_vip;
	rasgw__plan_add_op(p, &op);
	if (!install && s->type == RASGW_CONN_L3)
		emit_l3_addresses(p, s, g, false);
}

/* R3.3: (public IP, tenant source IP) -> gateway DIP on the SLB. */
static void emit_slb(rasgw_plan *p, const rasgw_connection *s, const rasgw__gateway *g,
		     bool install)
{
	if (s->type != RASGW_CONN_IKEV2)
		return;
	const char *pub = rasgw__conn_public_ip(s, g);
	rasgw_op op = { 0 };
	op.phase = RASGW_PHASE_REPOINT_SLB;
	op.target_kind = RASGW_TARGET_SLB;
	op.target = pub;
	op.kind = install ? RASGW_OP_SLB_NAT_ADD : RASGW_OP_SLB_NAT_REMOVE;
	op.tenant = s->tenant_id;
	op.connection = s->id;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	op.public_ip = pub;
	op.source_ip = s->source_ip;
	rasgw__plan_add_op(p, &op);
}

/* R2.4: the gateway peers with the tenant site. */
static void emit_site_peer(rasgw_plan *p, const rasgw__tenant *t, const rasgw_connection *s,
			   const rasgw__gateway *g, bool install)
{
	if (s->routing != RASGW_ROUTING_BGP)
		return;
	rasgw_op op = gateway_op(install ? RASGW_PHASE_REPEER : RASGW_PHASE_CLEANUP,
				 install ? RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE
					 : RASGW_OP_GATEWAY_BGP_PEER_REMOVE,
				 s, g);
	op.asn = t ? t->pub.asn : 0;
	op.peer_asn = s->peer_asn;
	/* Over L3 the site's peer IP is the BGP neighbour unless one is named. */
	op.peer_ip = s->peer_bgp_ip ? s->peer_bgp_ip : s->type == RASGW_CONN_L3 ? s->peer_ip : NULL;
	rasgw__plan_add_op(p, &op);
}

static rasgw_op host_op(rasgw_op_kind kind, const rasgw__host *h, const rasgw_connection *s,
			const rasgw__gateway *g)
{
	rasgw_op op = { 0 };
	switch (kind) {
	case RASGW_OP_HOST_ROUTE_INSTALL:
	case RASGW_OP_HOST_POLICY_INSTALL: op.phase = RASGW_PHASE_INSTALL_ROUTES; break;
	case RASGW_OP_HOST_ROUTE_WITHDRAW: op.phase = RASGW_PHASE_WITHDRAW_ROUTES; break;
	default: op.phase = RASGW_PHASE_REMOVE_POLICIES; break;
	}
	op.target_kind = RASGW_TARGET_HOST;
	op.target = h->pub.id;
	op.kind = kind;
	op.tenant = s->tenant_id;
	op.connection = s->id;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	return op;
}

/* Routes for static ∪ learned prefixes on host h (both lists ascending). */
static void emit_host_routes(rasgw_plan *p, const rasgw__host *h, const rasgw_connection *s,
			     const rasgw__gateway *g, bool install)
{
	size_t i = 0, j = 0, ns = s->static_prefix_count, nl = s->learned_prefix_count;
	while (i < ns || j < nl) {
		const char *pfx;
		int c = i == ns ? 1 : j == nl ? -1 : strcmp(s->static_prefixes[i], s->learned_prefixes[j]);
		if (c <= 0)
			pfx = s->static_prefixes[i++];
		else
			pfx = s->learned_prefixes[j++];
		if (c == 0)
			j++; /* both static and learned: one route */
		rasgw_op op = host_op(install ? RASGW_OP_HOST_ROUTE_INSTALL
					      : RASGW_OP_HOST_ROUTE_WITHDRAW,
				      h, s, g);
		op.prefix = pfx;
		rasgw__plan_add_op(p, &op);
	}
}

/* R3.5: HNV policy and routes on every (live) host of the tenant. */
static void emit_hosts(rasgw_plan *p, const rasgw__tenant *t, const rasgw_connection *s,
		       const rasgw__gateway *g, bool install)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->pub.host_count; i++) {
		const rasgw__host *h = t->hosts[i];
		if (h->pub.failed)
			continue;
		if (install) {
			rasgw_op op = host_op(RASGW_OP_HOST_POLICY_INSTALL, h, s, g);
			rasgw__plan_add_op(p, &op);
		}
		emit_host_routes(p, h, s, g, install);
		if (!install) {
			rasgw_op op = host_op(RASGW_OP_HOST_POLICY_REMOVE, h, s, g);
			rasgw__plan_add_op(p, &op);
		}
	}
}

void rasgw__emit_connection_parts(rasgw_plan *p, const rasgw__conn *c,
				  const rasgw_connection *settings, const rasgw__gateway *g,
				  bool install, unsigned int parts)
{
	if (!p || !settings || !g) {
		if (p && !p->error)
			p->error = rasgw__error(RASGW_EINVAL, "emit: NULL argument");
		return;
	}
	const rasgw__tenant *t = tenant_of(p, c, settings);
	if (install) {
		if (parts & RASGW__EMIT_GATEWAY)
			emit_gateway(p, settings, g, true);
		if (parts & RASGW__EMIT_SLB)
			emit_slb(p, settings, g, true);
		if (parts & RASGW__EMIT_SITE_PEER)
			emit_site_peer(p, t, settings, g, true);
		if (parts & RASGW__EMIT_HOSTS)
			emit_hosts(p, t, settings, g, true);
	} else {
		if (parts & RASGW__EMIT_HOSTS)
			emit_hosts(p, t, settings, g, false);
		if (parts & RASGW__EMIT_SLB)
			emit_slb(p, settings, g, false);
		if (parts & RASGW__EMIT_SITE_PEER)
			emit_site_peer(p, t, settings, g, false);
		if (parts & RASGW__EMIT_GATEWAY)
			emit_gateway(p, settings, g, false);
	}
}

void rasgw__emit_connection_config(rasgw_plan *p, const rasgw__conn *c,
				   const rasgw_connection *settings, const rasgw__gateway *g,
				   bool install)
{
	rasgw__emit_connection_parts(p, c, settings, g, install, RASGW__EMIT_ALL);
}

void rasgw__emit_routes(rasgw_plan *p, const rasgw__tenant *t, const rasgw_connection *c,
			const rasgw__gateway *g, const char *const *prefixes, size_t n,
			bool install)
{
	if (!p || !t || !c || !g || (n && !prefixes)) {
		if (p && !p->error)
			p->error = rasgw__error(RASGW_EINVAL, "emit routes: NULL argument");
		return;
	}
	for (size_t i = 0; i < t->pub.host_count; i++) {
		const rasgw__host *h = t->hosts[i];
		if (h->pub.failed)
			continue;
		for (size_t k = 0; k < n; k++) {
			rasgw_op op = host_op(install ? RASGW_OP_HOST_ROUTE_INSTALL
						      : RASGW_OP_HOST_ROUTE_WITHDRAW,
					      h, c, g);
			op.prefix = prefixes[k];
			rasgw__plan_add_op(p, &op);
		}
	}
}

void rasgw__emit_rr(rasgw_plan *p, const rasgw__tenant *t, const rasgw__gateway *rr, bool install)
{
	rasgw_op op = { 0 };
	op.phase = install ? RASGW_PHASE_CONFIGURE : RASGW_PHASE_CLEANUP;
	op.target_kind = RASGW_TARGET_GATEWAY;
	op.target = rr->pub.id;
	op.kind = install ? RASGW_OP_GATEWAY_BGP_RR_CONFIGURE : RASGW_OP_GATEWAY_BGP_RR_REMOVE;
	op.tenant = t->pub.id;
	op.gateway = rr->pub.id;
	op.dip = rr->pub.dip;
	op.asn = t->pub.asn;
	rasgw__plan_add_op(p, &op);
}

void rasgw__emit_rr_client(rasgw_plan *p, const rasgw__tenant *t, const rasgw__gateway *g,
			   const rasgw__gateway *rr, bool install)
{
	rasgw_op op = { 0 };
	op.phase = install ? RASGW_PHASE_REPEER : RASGW_PHASE_CLEANUP;
	op.target_kind = RASGW_TARGET_GATEWAY;
	op.target = g->pub.id;
	op.kind = install ? RASGW_OP_GATEWAY_BGP_PEER_CONFIGURE : RASGW_OP_GATEWAY_BGP_PEER_REMOVE;
	op.tenant = t->pub.id;
	op.gateway = g->pub.id;
	op.dip = g->pub.dip;
	op.asn = t->pub.asn;
	op.peer_asn = t->pub.asn; /* iBGP inside the tenant's cloud AS */
	op.peer_ip = rr->pub.dip;
	rasgw__plan_add_op(p, &op);
}
