/*
 * Placement as a property: thousands of random connection adds, removals
 * and learned-route reports (fixed seed), each planned, committed,
 * inverted, committed back and re-applied, with the rules checked after
 * every step (R1.3, R1.6, R2.2, R2.3, R3.1, R3.2, R3.5, R7.2, R8.1, R8.4).
 */
#include <check.h>

#include "check_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_int.h"
#include "planners/common.h"
#include "rasgw/place.h"
#include "rasgw/plan.h"

/* ck_assert records every success through the runner; loops use this. */
#define REQUIRE(c, ...)                                                     \
	do {                                                                \
		if (!(c))                                                   \
			ck_assert_msg(0, "step %d: failed: %s: %s", step, #c, \
				      rasgw_error_last()->message);         \
	} while (0)

#define STEPS 20000

static rasgw_model *m;
static int step;
static uint64_t rng = 0xC0FFEE1234567ULL;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * UINT64_C(2685821657736338717);
}

static unsigned int rn(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

/* --------------------------------------------------------------- the model */

static void ok(int rc)
{
	ck_assert_msg(rc == 0, "build: %s", rasgw_error_last()->message);
}

static const struct {
	const char *id;
	rasgw_pool_type type;
	uint64_t cap;
	unsigned int active, standby;
	const char *tenants[2];
	const char *reseller;
} pools[] = {
	{ "p-all", RASGW_POOL_ALL, 1000000, 4, 1, { NULL }, NULL },
	{ "p-ike-big", RASGW_POOL_IKEV2, 10000000, 3, 1, { NULL }, NULL },
	{ "p-ike-small", RASGW_POOL_IKEV2, 1000000, 5, 2, { NULL }, NULL },
	{ "p-gre", RASGW_POOL_GRE, 2000000, 4, 1, { NULL }, NULL },
	{ "p-l3", RASGW_POOL_L3, 1000000, 6, 2, { NULL }, NULL },
	{ "p-ded", RASGW_POOL_IKEV2, 1000000, 2, 0, { "t01", "t02" }, NULL },
	{ "p-res", RASGW_POOL_GRE, 1000000, 2, 1, { NULL }, "partner" },
};
#define NPOOLS (sizeof(pools) / sizeof(pools[0]))
#define NTENANTS 16

static void build(void)
{
	static const uint16_t vl[3][2] = { { 10, 11 }, { 11, 12 }, { 12, 0 } };
	char id[32], id2[32], ip[32], vip[32];
	ok(rasgw_model_new(&m));
	for (int r = 0; r < 3; r++) {
		snprintf(id, sizeof(id), "rack%d", r);
		rasgw_rack rk = { .id = id, .tor_name = "tor", .tor_asn = 65000, .vlans = vl[r],
				  .vlan_count = r == 2 ? 1 : 2 };
		ok(rasgw__model_add_rack(m, &rk, NULL));
		for (int h = 0; h < 4; h++) {
			snprintf(id2, sizeof(id2), "host%d%d", r, h);
			rasgw_host hs = { .id = id2, .rack_id = id };
			ok(rasgw__model_add_host(m, &hs, NULL));
		}
	}
	static const char *pub[] = { "203.0.113.1", "203.0.113.2" };
	static const char *vips[] = { "10.99.0.0/16" };
	unsigned int n = 0;
	for (size_t i = 0; i < NPOOLS; i++) {
		rasgw_pool p = { .id = pools[i].id, .type = pools[i].type,
				 .capacity_kbps = pools[i].cap, .redundant_count = pools[i].standby,
				 .public_ips = &pub[i % 2], .public_ip_count = 1,
				 .tenants = pools[i].tenants, .tenant_count = pools[i].tenants[0] ? 2 : 0,
				 .reseller = pools[i].reseller };
		if (p.type == RASGW_POOL_ALL || p.type == RASGW_POOL_GRE) {
			p.gre_vip_subnets = vips;
			p.gre_vip_subnet_count = 1;
		}
		ok(rasgw__model_add_pool(m, &p, NULL));
		for (unsigned int k = 0; k < pools[i].active + pools[i].standby; k++, n++) {
			snprintf(id, sizeof(id), "%s-gw%u", pools[i].id + 2, k);
			snprintf(id2, sizeof(id2), "host%u%u", n % 3, (n / 3) % 4);
			snprintf(ip, sizeof(ip), "10.0.0.%u", n + 1);
			snprintf(vip, sizeof(vip), "10.99.0.%u", n + 1);
			rasgw_gateway g = { .id = id, .pool_id = p.id, .host_id = id2, .dip = ip,
					    .gre_vip = p.gre_vip_subnet_count ? vip : NULL,
					    .role = k < pools[i].active ? RASGW_GATEWAY_ACTIVE
									: RASGW_GATEWAY_STANDBY };
			ok(rasgw__model_add_gateway(m, &g, NULL));
		}
	}
	for (int t = 0; t < NTENANTS; t++) {
		const char *hosts[3];
		size_t nh = 1 + rn(3);
		for (size_t h = 0; h < nh; h++) {
			char *s = malloc(16);
			snprintf(s, 16, "host%u%zu", (unsigned)t % 3, (t + h) % 4);
			hosts[h] = s;
		}
		snprintf(id, sizeof(id), "t%02d", t);
		const char *allowed[2] = { NULL, NULL };
		size_t na = 0;
		if (t % 5 == 3) /* restricted to single-type pools */
			allowed[na++] = "p-ike-small", allowed[na++] = "p-l3";
		rasgw_tenant tn = { .id = id, .hosts = hosts, .host_count = nh, .asn = 64512 + t,
				    .gateway_pools = allowed, .gateway_pool_count = na,
				    .reseller = t % 4 == 1 ? "partner" : NULL };
		ok(rasgw__model_add_tenant(m, &tn, NULL));
		for (size_t h = 0; h < nh; h++)
			free((void *)hosts[h]);
	}
	ok(rasgw__model_validate(m));
	ok(rasgw__model_check_invariants(m));
}

/* ---------------------------------------------------------- the properties */

static void check_rules(void)
{
	REQUIRE(rasgw__model_check_invariants(m) == 0);
	for (size_t i = 0; i < rasgw_model_connection_count(m); i++) {
		const rasgw__conn *c = RASGW__CONN(rasgw_model_connection_get(m, i));
		if (!c->gw)
			continue;
		/* Active, and every rule still holds with c itself discounted. */
		REQUIRE(c->gw->pub.role == RASGW_GATEWAY_ACTIVE);
		REQUIRE(rasgw__check_placement(m, c->tenant, &c->pub, c->gw, 0, c, NULL) == 0);
	}
	size_t with_rr = 0, rr_total = 0;
	for (size_t i = 0; i < rasgw_model_tenant_count(m); i++) {
		const rasgw__tenant *t = RASGW__TENANT(rasgw_model_tenant_get(m, i));
		size_t placed = 0;
		for (size_t j = 0; j < t->conns.count; j++)
			placed += t->conns.items[j]->gw != NULL;
		/* R3.2: exactly one RR, on an active gateway, while anything is placed. */
		REQUIRE((placed > 0) == (t->rr != NULL));
		if (t->rr) {
			REQUIRE(t->rr->pub.role == RASGW_GATEWAY_ACTIVE);
			with_rr++;
		}
	}
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++)
		rr_total += rasgw_model_gateway_get(m, i)->rr_count;
	REQUIRE(rr_total == with_rr);
}

static char *json_of(const rasgw_plan *p)
{
	char *s = NULL;
	REQUIRE(rasgw_plan_to_json(p, &s) == 0);
	return s;
}

/* The request of one step, so it can be planned twice. */
typedef struct request {
	int kind; /* 0 add, 1 remove, 2 routes learned */
	rasgw_connection c;
	rasgw_place_options opts;
	char id[16], src[32], remote[32];
	const char *statics[3];
	const char *learned[8];
	size_t n_learned;
} request;

static const char *const prefixes[] = { "10.1.0.0/16",	"10.2.0.0/16",	"10.3.0.0/16",
					"10.4.0.0/16",	"10.5.0.0/16",	"10.6.0.0/16",
					"192.168.0.0/24", "2001:db8:1::/48" };

static void make_add(request *r, int serial)
{
	rasgw_connection *c = &r->c;
	snprintf(r->id, sizeof(r->id), "c%05d", serial);
	c->id = r->id;
	const rasgw_tenant *t = rasgw_model_tenant_get(m, rn(NTENANTS));
	c->tenant_id = t->id;
	c->type = (rasgw_conn_type)rn(3);
	c->inbound_kbps = 1000 * (1 + rn(150));
	c->outbound_kbps = 1000 * rn(50);
	switch (c->type) {
	case RASGW_CONN_IKEV2:
		/* A small address pool, so that R2.3 collisions happen. */
		snprintf(r->src, sizeof(r->src), "198.51.100.%u", 1 + rn(250));
		c->source_ip = r->src;
		if (rn(4) == 0)
			c->destination_ip = rn(2) ? "203.0.113.1" : "203.0.113.2";
		break;
	case RASGW_CONN_GRE:
		snprintf(r->remote, sizeof(r->remote), "192.0.2.%u", 1 + rn(250));
		c->remote_endpoint = r->remote;
		c->gre_key = rn(1000);
		break;
	case RASGW_CONN_L3:
		c->vlan = (uint16_t)(10 + rn(4)); /* VLAN 13: no rack carries it */
		c->vlan_subnet = "10.200.0.0/24";
		c->ca_ip = "10.200.0.1";
		c->peer_ip = "10.200.0.2";
		if (rn(2))
			c->bgp_ip = "10.200.0.3";
		break;
	}
	if (rn(2)) {
		c->routing = RASGW_ROUTING_BGP;
		c->peer_asn = 65000 + rn(100);
		c->peer_bgp_ip = rn(2) ? "192.168.255.1" : NULL;
	}
	size_t ns = rn(3);
	for (size_t i = 0; i < ns; i++)
		r->statics[i] = prefixes[(serial + 3 * i) % 8];
	c->static_prefixes = r->statics;
	c->static_prefix_count = ns;
	r->opts.policy = (rasgw_fit_policy)rn(3);
}

static int plan(const request *r, rasgw_plan **out)
{
	switch (r->kind) {
	case 0: return rasgw_plan_connection_add(out, m, &r->c, &r->opts);
	case 1: return rasgw_plan_connection_remove(out, m, r->c.id, &r->opts);
	default: return rasgw_plan_routes_learned(out, m, r->c.id, r->learned, r->n_learned);
	}
}

/* The expected gateway of an add: the reference scan on the state before. */
static const rasgw__gateway *expected_gateway(const request *r, int *rc)
{
	rasgw__gateway *g = NULL;
	const rasgw__tenant *t = RASGW__TENANT(rasgw_model_tenant_lookup(m, r->c.tenant_id));
	*rc = rasgw__fit_choose_scan(m, t, &r->c, r->opts.policy, NULL, &g, NULL);
	return g;
}

START_TEST(R8_1_random_add_remove_commit_invert)
{
	build();
	size_t counts[3] = { 0 }, committed = 0, nocap = 0, taken = 0;
	for (step = 0; step < STEPS; step++) {
		request r;
		memset(&r, 0, sizeof(r));
		r.opts = (rasgw_place_options)RASGW_PLACE_OPTIONS_INIT;
		unsigned int roll = rn(10);
		size_t nconn = rasgw_model_connection_count(m);
		if (roll < 6 || nconn == 0) {
			r.kind = 0;
			make_add(&r, step);
		} else if (roll < 9) {
			r.kind = 1;
			r.c = *rasgw_model_connection_get(m, rn((unsigned)nconn));
		} else {
			/* A placed BGP connection reports a random set. */
			const rasgw_connection *c = NULL;
			for (int tries = 0; tries < 20 && !c; tries++) {
				const rasgw_connection *x = rasgw_model_connection_get(m, rn((unsigned)nconn));
				if (x->routing == RASGW_ROUTING_BGP && x->gateway_id)
					c = x;
			}
			if (!c)
				continue;
			r.kind = 2;
			r.c = *c;
			for (size_t i = 0; i < 8; i++)
				if (rn(2))
					r.learned[r.n_learned++] = prefixes[i];
		}
		counts[r.kind]++;
		uint64_t fp0 = rasgw_model_fingerprint(m);
		int want_rc = 0;
		const rasgw__gateway *want = NULL;
		bool src_taken = r.kind == 0 && r.c.source_ip &&
				 rasgw__map_get(&m->source_ips, r.c.source_ip);
		if (r.kind == 0 && !src_taken)
			want = expected_gateway(&r, &want_rc);

		rasgw_plan *p = NULL;
		int rc = plan(&r, &p);
		REQUIRE(rasgw_model_fingerprint(m) == fp0); /* planning is pure */
		if (src_taken) { /* R2.3 */
			REQUIRE(rc == RASGW_EEXISTS && p == NULL);
			taken++;
			continue;
		}
		if (r.kind == 0 && want_rc < 0) {
			REQUIRE(rc == want_rc && p == NULL);
			nocap++;
			continue;
		}
		REQUIRE(rc == 0);
		if (r.kind == 0) {
			REQUIRE(rasgw_plan_placement_count(p) == 1);
			REQUIRE(strcmp(rasgw_plan_placement_get(p, 0)->gateway, want->pub.id) == 0);
		}
		/* R8.1: the same request again gives the same bytes. */
		rasgw_plan *again = NULL;
		REQUIRE(plan(&r, &again) == 0);
		char *j1 = json_of(p), *j2 = json_of(again);
		REQUIRE(strcmp(j1, j2) == 0);
		/* The plan is valid input for the validating reader, and round-trips. */
		rasgw_plan *read = NULL;
		REQUIRE(rasgw_plan_from_json(&read, m, j1, strlen(j1), NULL) == 0);
		rasgw_free(j2);
		j2 = json_of(read);
		REQUIRE(strcmp(j1, j2) == 0);
		rasgw_plan_free(read);
		rasgw_free(j1);
		rasgw_free(j2);
		rasgw_plan_free(again);

		/* Commit; the plan promised the resulting fingerprint. */
		REQUIRE(rasgw_model_commit(m, p) == 0);
		uint64_t fp1 = rasgw_model_fingerprint(m);
		REQUIRE(fp1 == rasgw_plan_result_fingerprint(p));
		check_rules();

		/* Undo by the inverse, then apply again (R8.4). */
		{
			rasgw_plan *inv = NULL;
			REQUIRE(rasgw_plan_invert(&inv, p) == 0);
			REQUIRE(rasgw_model_commit(m, inv) == 0);
			REQUIRE(rasgw_model_fingerprint(m) == fp0);
			check_rules();
			if (fp0 != fp1) /* an empty plan (same routes) is its own inverse */
				REQUIRE(rasgw_model_commit(m, inv) == RASGW_ESTALE);
			REQUIRE(rasgw_model_commit(m, p) == 0);
			REQUIRE(rasgw_model_fingerprint(m) == fp1);
			rasgw_plan_free(inv);
		}
		rasgw_plan_free(p);
		committed++;
	}
	fprintf(stderr,
		"property: %d steps: %zu adds, %zu removes, %zu route reports; %zu committed, "
		"%zu without capacity, %zu source IP taken; %zu connections at the end\n",
		STEPS, counts[0], counts[1], counts[2], committed, nocap, taken,
		rasgw_model_connection_count(m));
	/* The walk must have visited every outcome. */
	ck_assert_uint_gt(committed, STEPS / 2);
	ck_assert_uint_gt(nocap, 10);
	ck_assert_uint_gt(taken, 10);
	ck_assert_uint_gt(counts[2], 50);
	rasgw_model_free(m);
	m = NULL;
}
END_TEST

int main(void)
{
	Suite *s = suite_create("place_property");
	TCase *tc = tcase_create("R8_1_R3_1_R3_2_random_sequences");
	tcase_set_timeout(tc, 240);
	tcase_add_test(tc, R8_1_random_add_remove_commit_invert);
	suite_add_tcase(s, tc);
	return rasgw_test_run(s);
}
