/*
 * Provisioning planners (R3): add a tenant connection (choose the gateway by
 * best fit, the tenant's route reflector on its first connection, and
 * everything the SLB, the gateways and the hosts must be told) and remove
 * one. Both only read the model; commit applies their changes.
 */
#include "planners/common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The model's own limits (lib/model/add.c), checked early for a clear error. */
#define KBPS_MAX 1000000000000ULL
#define ID_MAX 256

int rasgw_place_options_init(rasgw_place_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_place_options_init: opts is NULL");
	if (version != RASGW_PLACE_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION,
				    "rasgw_place_options version %u is unknown (this library knows %u)",
				    version, RASGW_PLACE_OPTIONS_VERSION);
	rasgw_place_options d = RASGW_PLACE_OPTIONS_INIT;
	*opts = d;
	return 0;
}

static int read_options(const rasgw_place_options *opts, rasgw_fit_policy *policy)
{
	*policy = RASGW_FIT_BEST;
	if (!opts)
		return 0;
	if (opts->version != RASGW_PLACE_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION,
				    "rasgw_place_options version %u is unknown (this library knows %u)",
				    opts->version, RASGW_PLACE_OPTIONS_VERSION);
	if ((unsigned)opts->policy > RASGW_FIT_WORST)
		return rasgw__error(RASGW_EINVAL, "rasgw_place_options: unknown fit policy %d",
				    (int)opts->policy);
	*policy = opts->policy;
	return 0;
}

/* ------------------------------------------------------ validating a spec */

enum { A_SOURCE, A_DEST, A_REMOTE, A_CA, A_PEER, A_BGP, A_PEER_BGP, A_COUNT };

/* The spec as the model would store it: canonical addresses, sorted lists. */
typedef struct canon_spec {
	rasgw_connection rec;
	char addr[A_COUNT][RASGW__ADDR_MAX];
	char subnet[RASGW__ADDR_MAX];
	const char **statics; /* rasgw__free */
	const char **learned; /* rasgw__free */
} canon_spec;

static void canon_spec_free(canon_spec *cs)
{
	rasgw__free(cs->statics);
	rasgw__free(cs->learned);
}

RASGW__PRINTF(3, 4)
static int bad(const char *id, int code, const char *fmt, ...)
{
	char msg[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return rasgw__error(code, "connection '%s': %s", id, msg);
}

static int canon_addr(const char *id, const char *field, const char *in, bool required,
		      char slot[RASGW__ADDR_MAX], const char **out)
{
	*out = NULL;
	if (!in)
		return required ? bad(id, RASGW_EVALIDATE, "%s is required", field) : 0;
	if (rasgw__addr_canon(in, slot) < 0)
		return bad(id, RASGW_EVALIDATE, "%s '%s' is not an IP address", field, in);
	*out = slot;
	return 0;
}

static int check_type_fields(const rasgw_connection *s, canon_spec *cs)
{
	const char *id = s->id;
	rasgw_connection *r = &cs->rec;
	bool ike = s->type == RASGW_CONN_IKEV2, gre = s->type == RASGW_CONN_GRE,
	     l3 = s->type == RASGW_CONN_L3;
	const char *tn = rasgw_conn_type_name(s->type);
	int rc;
	/* Settings of another type are refused rather than silently dropped. */
	if (!ike && (s->source_ip || s->destination_ip))
		return bad(id, RASGW_EVALIDATE, "source/destination IP apply to IPSec, not %s", tn);
	if (!gre && (s->remote_endpoint || s->gre_key))
		return bad(id, RASGW_EVALIDATE, "GRE settings apply to GRE, not %s", tn);
	if (!l3 && (s->vlan || s->vlan_subnet || s->ca_ip || s->peer_ip || s->bgp_ip))
		return bad(id, RASGW_EVALIDATE, "L3 settings apply to L3, not %s", tn);
	if ((rc = canon_addr(id, "sourceIPAddress", s->source_ip, ike, cs->addr[A_SOURCE],
			     &r->source_ip)) < 0 ||
	    (rc = canon_addr(id, "destinationIPAddress", s->destination_ip, false,
			     cs->addr[A_DEST], &r->destination_ip)) < 0 ||
	    (rc = canon_addr(id, "remoteEndpoint", s->remote_endpoint, gre, cs->addr[A_REMOTE],
			     &r->remote_endpoint)) < 0 ||
	    (rc = canon_addr(id, "ipAddresses (CA-space IP)", s->ca_ip, l3, cs->addr[A_CA],
			     &r->ca_ip)) < 0 ||
	    (rc = canon_addr(id, "peerIPAddresses", s->peer_ip, l3, cs->addr[A_PEER],
			     &r->peer_ip)) < 0 ||
	    (rc = canon_addr(id, "bgpIPAddress", s->bgp_ip, false, cs->addr[A_BGP],
			     &r->bgp_ip)) < 0 ||
	    (rc = canon_addr(id, "BGP peer address", s->peer_bgp_ip, false, cs->addr[A_PEER_BGP],
			     &r->peer_bgp_ip)) < 0)
		return rc;
	r->gre_key = s->gre_key;
	if (!l3)
		return 0;
	if (s->vlan < 1 || s->vlan > 4094)
		return bad(id, RASGW_EVALIDATE, "an L3 connection needs a VLAN in 1-4094 (R7.1), got %u",
			   s->vlan);
	if (!s->vlan_subnet)
		return bad(id, RASGW_EVALIDATE, "an L3 connection needs its VLAN subnet (R7.1)");
	if (rasgw__prefix_canon(s->vlan_subnet, cs->subnet) < 0)
		return bad(id, RASGW_EVALIDATE, "VLAN subnet '%s' is not a prefix", s->vlan_subnet);
	r->vlan_subnet = cs->subnet;
	r->vlan = s->vlan;
	if (!rasgw__addr_in_prefix(r->ca_ip, r->vlan_subnet))
		return bad(id, RASGW_EVALIDATE, "CA-space IP %s is outside its VLAN subnet %s (R7.1)",
			   r->ca_ip, r->vlan_subnet);
	if (!rasgw__addr_in_prefix(r->peer_ip, r->vlan_subnet))
		return bad(id, RASGW_EVALIDATE, "peer IP %s is outside its VLAN subnet %s (R7.1)",
			   r->peer_ip, r->vlan_subnet);
	if (strcmp(r->ca_ip, r->peer_ip) == 0)
		return bad(id, RASGW_EVALIDATE, "CA-space IP and peer IP are both %s", r->ca_ip);
	return 0;
}

static int check_routing(const rasgw_connection *s, canon_spec *cs)
{
	const char *id = s->id;
	rasgw_connection *r = &cs->rec;
	if ((unsigned)s->routing > RASGW_ROUTING_BGP)
		return bad(id, RASGW_EVALIDATE, "unknown routing %d", (int)s->routing);
	if (s->routing == RASGW_ROUTING_BGP && s->peer_asn == 0)
		return bad(id, RASGW_EVALIDATE, "BGP routing needs the peer's ASN (R2.4)");
	if (s->routing == RASGW_ROUTING_STATIC && s->learned_prefix_count)
		return bad(id, RASGW_EVALIDATE, "learned prefixes need BGP routing (R2.4)");
	r->routing = s->routing;
	r->peer_asn = s->peer_asn;
	int rc = rasgw__prefix_list_canon(s->static_prefixes, s->static_prefix_count, false, id,
					  "static prefixes", &cs->statics, &r->static_prefix_count);
	if (rc < 0)
		return rc;
	r->static_prefixes = cs->statics;
	rc = rasgw__prefix_list_canon(s->learned_prefixes, s->learned_prefix_count, false, id,
				      "learned prefixes", &cs->learned, &r->learned_prefix_count);
	r->learned_prefixes = cs->learned;
	return rc;
}

/*
 * What placement needs to be right: the same checks the model's builder
 * makes (commit makes them again), without touching the model.
 */
static int validate_spec(const rasgw_model *m, const rasgw_connection *s, canon_spec *cs,
			 rasgw__tenant **tenant)
{
	const char *id = s->id;
	if (!id || !*id)
		return rasgw__error(RASGW_EVALIDATE, "connection: id is missing or empty");
	size_t n = strlen(id);
	if (n > ID_MAX)
		return bad(id, RASGW_EVALIDATE, "id is longer than %d bytes", ID_MAX);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
			return rasgw__error(RASGW_EVALIDATE, "connection id contains a control character");
	if (rasgw__table_get(&m->conns, id))
		return bad(id, RASGW_EEXISTS, "a connection with this id already exists");
	if ((unsigned)s->type >= RASGW_CONN_TYPE_COUNT)
		return bad(id, RASGW_EVALIDATE, "unknown connection type %d", (int)s->type);
	if (!s->tenant_id)
		return bad(id, RASGW_EVALIDATE, "tenant is required");
	rasgw__tenant *t = rasgw__table_get(&m->tenants, s->tenant_id);
	if (!t)
		return bad(id, RASGW_ENOTFOUND, "tenant '%s' does not exist", s->tenant_id);
	if (s->inbound_kbps > KBPS_MAX || s->outbound_kbps > KBPS_MAX)
		return bad(id, RASGW_EVALIDATE, "bandwidth above the limit of %llu kbps",
			   (unsigned long long)KBPS_MAX);
	int rc = check_type_fields(s, cs);
	if (rc < 0)
		return rc;
	if (cs->rec.source_ip) {
		const rasgw__conn *other = rasgw__map_get(&m->source_ips, cs->rec.source_ip);
		if (other)
			return bad(id, RASGW_EEXISTS,
				   "source IP %s is already used by connection '%s' of tenant '%s'; "
				   "the SLB tells tenants apart by it (R2.3)",
				   cs->rec.source_ip, other->pub.id, other->pub.tenant_id);
	}
	if ((rc = check_routing(s, cs)) < 0)
		return rc;
	cs->rec.id = id;
	cs->rec.tenant_id = t->pub.id;
	cs->rec.type = s->type;
	cs->rec.inbound_kbps = s->inbound_kbps;
	cs->rec.outbound_kbps = s->outbound_kbps;
	*tenant = t;
	return 0;
}

/* A connection pinned to a named gateway: every rule still applies. */
static int pinned_gateway(const rasgw_model *m, const rasgw__tenant *t, const rasgw_connection *r,
			  const char *gateway_id, rasgw__gateway **out)
{
	rasgw__gateway *g = rasgw__table_get(&m->gateways, gateway_id);
	if (!g)
		return bad(r->id, RASGW_ENOTFOUND, "gateway '%s' does not exist", gateway_id);
	if (g->pub.role != RASGW_GATEWAY_ACTIVE)
		return bad(r->id, RASGW_ESTATE, "gateway '%s' is %s; new connections go to active "
			   "gateways only (R3.1)", g->pub.id, rasgw_gateway_role_name(g->pub.role));
	if (g->host->pub.failed)
		return bad(r->id, RASGW_ESTATE, "gateway '%s' runs on failed host '%s'", g->pub.id,
			   g->host->pub.id);
	const char *why = NULL;
	int rc = rasgw__check_placement(m, t, r, g, 0, NULL, &why);
	if (rc < 0)
		return bad(r->id, rc, "cannot sit on gateway '%s': %s", g->pub.id, why);
	*out = g;
	return 0;
}

static uint32_t tenant_count_on(const rasgw__tenant *t, const rasgw__gateway *g)
{
	for (size_t i = 0; i < t->gw_usage.count; i++)
		if (t->gw_usage.items[i].what == g)
			return t->gw_usage.items[i].count;
	return 0;
}

static uint32_t tenant_placed(const rasgw__tenant *t)
{
	uint32_t n = 0;
	for (size_t i = 0; i < t->gw_usage.count; i++)
		n += t->gw_usage.items[i].count;
	return n;
}

/* ------------------------------------------------------------------- add */

/*
 * Plan putting rec on g: a new connection (existing == NULL), or one the
 * model holds unplaced (a topology's, or one a failover could not re-place,
 * R8.3), which moves from nowhere to g.
 */
static int plan_add(rasgw_plan **out, const rasgw_model *m, const rasgw__tenant *t,
		    rasgw_connection *rec, rasgw__gateway *g, const rasgw__conn *existing)
{
	const char *public_ip = rasgw__conn_public_ip(rec, g);
	if (rec->type == RASGW_CONN_IKEV2 && !public_ip)
		return bad(rec->id, RASGW_EVALIDATE,
			   "pool '%s' has no public IP address, so the SLB cannot front an IPSec "
			   "connection there (R1.4, R3.3)", g->pool->pub.id);
	rec->gateway_id = g->pub.id;
	rec->cost_kbps = rasgw__conn_cost(g->pool, rec);

	/* R3.2: the first connection also fixes the route reflector. */
	const rasgw__gateway *rr = t->rr, *new_rr = NULL;
	if (!rr) {
		new_rr = rasgw__rr_choose(m, t, g->pool, NULL);
		if (!new_rr)
			new_rr = g; /* unreachable: g itself is a candidate */
		rr = new_rr;
	}
	rasgw_plan *p = NULL;
	int rc = rasgw__plan_new(&p, m, existing ? "connection.place" : "connection.add", rec->id);
	if (rc < 0)
		return rc;
	rasgw_change ch = { 0 };
	ch.id = rec->id;
	if (existing) {
		ch.kind = RASGW_CHANGE_CONNECTION_MOVE;
		ch.to = g->pub.id;
	} else {
		ch.kind = RASGW_CHANGE_CONNECTION_ADD;
		ch.connection = rec;
	}
	rasgw__plan_add_change(p, &ch);
	if (new_rr) {
		rasgw_change rch = { 0 };
		rch.kind = RASGW_CHANGE_TENANT_RR;
		rch.id = t->pub.id;
		rch.to = new_rr->pub.id;
		rasgw__plan_add_change(p, &rch);
		rasgw__emit_rr(p, t, new_rr, true);
	}
	rasgw__emit_connection_config(p, NULL, rec, g, true);
	if (g != rr && tenant_count_on(t, g) == 0)
		rasgw__emit_rr_client(p, t, g, rr, true);
	rasgw_placement pl = { 0 };
	pl.connection = rec->id;
	pl.tenant = t->pub.id;
	pl.pool = g->pool->pub.id;
	pl.gateway = g->pub.id;
	pl.tunnel_destination = rec->type == RASGW_CONN_GRE ? g->pub.gre_vip : NULL;
	pl.public_ip = public_ip;
	pl.cost_kbps = rec->cost_kbps;
	rasgw__plan_add_placement(p, &pl);
	return rasgw__plan_finish(p, out);
}

int rasgw_plan_connection_add(rasgw_plan **out, const rasgw_model *m, const rasgw_connection *spec,
			      const rasgw_place_options *opts)
{
	if (!out || !m || !spec)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_connection_add: NULL argument");
	rasgw_fit_policy policy;
	int rc = read_options(opts, &policy);
	if (rc < 0)
		return rc;
	canon_spec cs;
	memset(&cs, 0, sizeof(cs));
	rasgw__tenant *t = NULL;
	rasgw__gateway *g = NULL;
	if ((rc = validate_spec(m, spec, &cs, &t)) < 0)
		goto done;
	if (spec->gateway_id)
		rc = pinned_gateway(m, t, &cs.rec, spec->gateway_id, &g);
	else
		rc = rasgw__fit_choose(m, t, &cs.rec, policy, NULL, &g, NULL);
	if (rc < 0)
		goto done;
	rc = plan_add(out, m, t, &cs.rec, g, NULL);
done:
	canon_spec_free(&cs);
	return rc;
}

/* ---------------------------------------------------------------- remove */

int rasgw_plan_connection_place(rasgw_plan **out, const rasgw_model *m, const char *connection_id,
				const rasgw_place_options *opts)
{
	if (!out || !m || !connection_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_connection_place: NULL argument");
	rasgw_fit_policy policy;
	int rc = read_options(opts, &policy);
	if (rc < 0)
		return rc;
	const rasgw__conn *c = rasgw__table_get(&m->conns, connection_id);
	if (!c)
		return rasgw__error(RASGW_ENOTFOUND, "connection '%s' does not exist", connection_id);
	if (c->gw)
		return rasgw__error(RASGW_ESTATE, "connection '%s' is already placed on '%s'",
				    connection_id, c->gw->pub.id);
	rasgw_connection rec = c->pub;
	rasgw__gateway *g = NULL;
	if ((rc = rasgw__fit_choose(m, c->tenant, &rec, policy, NULL, &g, NULL)) < 0)
		return rc;
	return plan_add(out, m, c->tenant, &rec, g, c);
}

int rasgw_plan_connection_remove(rasgw_plan **out, const rasgw_model *m, const char *connection_id,
				 const rasgw_place_options *opts)
{
	if (!out || !m || !connection_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_connection_remove: NULL argument");
	rasgw_fit_policy policy;
	int rc = read_options(opts, &policy);
	if (rc < 0)
		return rc;
	const rasgw__conn *c = rasgw__table_get(&m->conns, connection_id);
	if (!c)
		return rasgw__error(RASGW_ENOTFOUND, "connection '%s' does not exist", connection_id);
	rasgw_plan *p = NULL;
	if ((rc = rasgw__plan_new(&p, m, "connection.remove", connection_id)) < 0)
		return rc;
	const rasgw__tenant *t = c->tenant;
	const rasgw__gateway *g = c->gw, *rr = t->rr;
	if (g) {
		rasgw__emit_connection_config(p, c, &c->pub, g, false);
		bool last_here = tenant_count_on(t, g) == 1, last = tenant_placed(t) == 1;
		if (rr && g != rr && last_here)
			rasgw__emit_rr_client(p, t, g, rr, false);
		rasgw_change mv = { 0 };
		mv.kind = RASGW_CHANGE_CONNECTION_MOVE;
		mv.id = c->pub.id;
		mv.from = g->pub.id;
		rasgw__plan_add_change(p, &mv);
		/* R3.2: no placed connection left, no route reflector. */
		if (rr && last) {
			rasgw__emit_rr(p, t, rr, false);
			rasgw_change rch = { 0 };
			rch.kind = RASGW_CHANGE_TENANT_RR;
			rch.id = t->pub.id;
			rch.from = rr->pub.id;
			rasgw__plan_add_change(p, &rch);
		}
	}
	rasgw_connection rec = c->pub;
	rec.gateway_id = NULL;
	rec.cost_kbps = 0;
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_CONNECTION_REMOVE;
	ch.id = rec.id;
	ch.connection = &rec;
	rasgw__plan_add_change(p, &ch);
	return rasgw__plan_finish(p, out);
}
