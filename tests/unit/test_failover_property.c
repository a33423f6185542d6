/*
 * Property test of the failover, scale and placement planners together:
 * long random sequences of events (gateway and host failures and
 * recoveries, drains, removals, additions, failbacks, rebalances, and
 * connection churn) from fixed seeds. Every plan a planner returns must
 * commit, and after every commit:
 *   - the model's invariants hold (derived figures, capacity R1.3, N <= M
 *     R1.2, nothing on a failed gateway, one RR per tenant with placed
 *     connections R3.2, gateways on failed hosts failed R4.2);
 *   - fingerprints chain: each plan's base is the previous result (R8.4);
 *   - the plan's inverse restores the state, and the plan re-applies (R8.1);
 *   - a VM or host failure plan addresses nothing to what failed (R4.2).
 */
#include "check_main.h"
#include "failover_fixture.h"

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t next(rng *r)
{
	/* xorshift64*: small, fixed, the same everywhere. */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

static size_t pick(rng *r, size_t n)
{
	return n ? (size_t)(next(r) % n) : 0;
}

typedef struct world {
	rasgw_model *m;
	rng r;
	unsigned int next_conn, next_gw, next_addr;
	uint64_t fp;    /* fingerprint after the last commit */
	size_t commits, refusals;
	size_t cur;            /* event being played */
	size_t committed[16];  /* commits per event kind */
} world;

static const uint16_t vl_both[] = { 1001, 1002, 0 };
static const uint16_t vl_a[] = { 1001, 0 };
static const uint16_t vl_b[] = { 1002, 0 };

static const char *const pool_ids[] = { "pall", "pgre", "pike", "pl3" };

static void gateway_spec(world *w, rasgw_gateway *g, char *id, char *dip, char *vip,
			 const char *pool, const char *host, rasgw_gateway_role role)
{
	unsigned int n = w->next_addr++;
	sprintf(dip, "10.%u.%u.%u", 100 + n / 65536, (n / 256) % 256, n % 256);
	sprintf(vip, "198.51.%u.%u", 100 + (n / 256) % 4, n % 256);
	memset(g, 0, sizeof(*g));
	g->id = id;
	g->pool_id = pool;
	g->host_id = host;
	g->dip = dip;
	const rasgw_pool *p = rasgw_model_pool_lookup(w->m, pool);
	bool gre = p && (p->type == RASGW_POOL_GRE || p->type == RASGW_POOL_ALL);
	g->gre_vip = gre ? vip : NULL;
	g->role = role;
}

static void build(world *w, uint64_t seed)
{
	memset(w, 0, sizeof(*w));
	w->r.s = seed;
	rasgw_model *m = w->m = fx_new();
	fx_rack(m, "r0", vl_both);
	fx_rack(m, "r1", vl_a);
	fx_rack(m, "r2", vl_b);
	fx_rack(m, "r3", NULL);
	char id[32];
	for (int i = 0; i < 12; i++) {
		sprintf(id, "h%02d", i);
		char rack[8];
		sprintf(rack, "r%d", i % 4);
		fx_host(m, id, rack);
	}
	for (int i = 0; i < 6; i++) {
		sprintf(id, "v%d", i);
		char rack[8];
		sprintf(rack, "r%d", i % 4);
		fx_host(m, id, rack);
	}
	static const rasgw_pool_type types[] = { RASGW_POOL_ALL, RASGW_POOL_GRE, RASGW_POOL_IKEV2,
						 RASGW_POOL_L3 };
	static const uint32_t actives[] = { 3, 3, 5, 4 }, standbys[] = { 1, 1, 2, 2 };
	for (int p = 0; p < 4; p++) {
		fx_pool(m, pool_ids[p], types[p], 0);
		for (uint32_t k = 0; k < actives[p] + standbys[p]; k++) {
			char gid[32], dip[32], vip[32], host[8];
			rasgw_gateway g;
			sprintf(gid, "g%03u", w->next_gw++);
			sprintf(host, "h%02zu", pick(&w->r, 12));
			gateway_spec(w, &g, gid, dip, vip, pool_ids[p], host,
				     k < actives[p] ? RASGW_GATEWAY_ACTIVE : RASGW_GATEWAY_STANDBY);
			FX_OK(rasgw__model_add_gateway(m, &g, NULL));
		}
	}
	static const char *const only_all[] = { "pall" };
	for (int t = 0; t < 16; t++) {
		const char *hosts[4] = { 0 };
		char hn[3][8];
		size_t nh = 1 + pick(&w->r, 3), k = 0;
		for (size_t i = 0; i < nh; i++) {
			sprintf(hn[k], "v%zu", pick(&w->r, 6));
			bool dup = false;
			for (size_t j = 0; j < k; j++)
				dup |= strcmp(hn[j], hn[k]) == 0;
			if (!dup)
				hosts[k] = hn[k], k++;
		}
		sprintf(id, "t%02d", t);
		rasgw_tenant spec = { 0 };
		spec.id = id;
		spec.hosts = hosts;
		spec.host_count = k;
		spec.asn = 64512 + (uint32_t)t;
		if (t % 5 == 0) { /* R2.2: some tenants live on the All pool only */
			spec.gateway_pools = only_all;
			spec.gateway_pool_count = 1;
		}
		FX_OK(rasgw__model_add_tenant(m, &spec, NULL));
	}
	fx_valid(m);
	w->fp = rasgw_model_fingerprint(m);
}

/* ------------------------------------------------------------- checking */

static bool failure_dead(const rasgw_plan *p, const rasgw_op *op, const char *dead_gw,
			 const char *dead_host, const rasgw_model *m)
{
	(void)p;
	if (op->target_kind == RASGW_TARGET_HOST && dead_host)
		return strcmp(op->target, dead_host) == 0;
	if (op->target_kind != RASGW_TARGET_GATEWAY)
		return false;
	if (dead_gw && strcmp(op->target, dead_gw) == 0)
		return true;
	const rasgw_gateway *g = rasgw_model_gateway_lookup(m, op->target);
	return dead_host && g && strcmp(g->host_id, dead_host) == 0;
}

/*
 * Commit p; check everything; undo with the inverse and redo. `dead_gw` /
 * `dead_host`: what a VM or host failure plan must leave alone.
 */
static void apply(world *w, rasgw_plan *p, const char *dead_gw, const char *dead_host)
{
	rasgw_model *m = w->m;
	fx_assert_phase_order(p);
	for (size_t i = 0; (dead_gw || dead_host) && i < rasgw_plan_op_count(p); i++)
		ck_assert_msg(!failure_dead(p, rasgw_plan_op_get(p, i), dead_gw, dead_host, m),
			      "%s: op %zu (%s) addressed to what failed", rasgw_plan_event(p), i,
			      rasgw_op_kind_name(rasgw_plan_op_get(p, i)->kind));
	ck_assert_uint_eq(rasgw_plan_base_fingerprint(p), w->fp);
	rasgw_plan *inv = NULL;
	FX_OK(rasgw_plan_invert(&inv, p));
	int rc = rasgw_model_commit(m, p);
	ck_assert_msg(rc == 0, "commit of %s '%s' failed: %s", rasgw_plan_event(p),
		      rasgw_plan_subject(p) ? rasgw_plan_subject(p) : "", rasgw_error_last()->message);
	ck_assert_uint_eq(rasgw_model_fingerprint(m), rasgw_plan_result_fingerprint(p));
	rc = rasgw__model_check_invariants(m);
	ck_assert_msg(rc == 0, "after %s '%s': %s", rasgw_plan_event(p),
		      rasgw_plan_subject(p) ? rasgw_plan_subject(p) : "", rasgw_error_last()->message);
	FX_OK(rasgw__model_validate(m));
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++) {
		const rasgw_pool *pool = rasgw_model_pool_get(m, i);
		ck_assert_uint_le(pool->standby_count, pool->active_count); /* R1.2 */
	}
	/* Every few commits: undo and redo. */
	if (w->commits % 3 == 0) {
		rc = rasgw_model_commit(m, inv);
		ck_assert_msg(rc == 0, "inverse of %s failed: %s", rasgw_plan_event(p),
			      rasgw_error_last()->message);
		ck_assert_uint_eq(rasgw_model_fingerprint(m), w->fp);
		FX_OK(rasgw__model_check_invariants(m));
		FX_OK(rasgw_model_commit(m, p));
		ck_assert_uint_eq(rasgw_model_fingerprint(m), rasgw_plan_result_fingerprint(p));
	}
	rasgw_plan_free(inv);
	w->fp = rasgw_model_fingerprint(m);
	w->commits++;
	w->committed[w->cur]++;
}

/* A planner may refuse with a reason; anything else is a bug. */
static void refused(world *w, int rc, const char *what)
{
	ck_assert_msg(rc == RASGW_ENOCAPACITY || rc == RASGW_EVALIDATE || rc == RASGW_ESTATE ||
			      rc == RASGW_EEXISTS,
		      "%s: unexpected %d %s", what, rc, rasgw_error_last()->message);
	w->refusals++;
}

/* ---------------------------------------------------------------- events */

static const rasgw_gateway *random_gateway(world *w, int role)
{
	size_t n = rasgw_model_gateway_count(w->m);
	for (size_t tries = 0; tries < 2 * n; tries++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(w->m, pick(&w->r, n));
		if (role < 0 || (int)g->role == role)
			return g;
	}
	return NULL;
}

static void ev_conn_add(world *w)
{
	char id[32], src[32], subnet[32], ca[32], peer[32], remote[32];
	unsigned int n = w->next_conn++;
	sprintf(id, "c%05u", n);
	const rasgw_tenant *t = rasgw_model_tenant_get(w->m, pick(&w->r, rasgw_model_tenant_count(w->m)));
	rasgw_connection c = { 0 };
	c.id = id;
	c.tenant_id = t->id;
	c.type = (rasgw_conn_type)pick(&w->r, 3);
	c.inbound_kbps = 50000 + pick(&w->r, 600000);
	c.outbound_kbps = pick(&w->r, 200000);
	static const char *const pfx[] = { "10.200.0.0/16", "10.201.0.0/16" };
	if (pick(&w->r, 2)) {
		c.static_prefixes = &pfx[pick(&w->r, 2)];
		c.static_prefix_count = 1;
	}
	switch (c.type) {
	case RASGW_CONN_IKEV2:
		sprintf(src, "100.64.%u.%u", n / 256 % 256, n % 256);
		c.source_ip = src;
		break;
	case RASGW_CONN_GRE:
		sprintf(remote, "192.0.2.%u", n % 250 + 1);
		c.remote_endpoint = remote;
		c.gre_key = n;
		break;
	case RASGW_CONN_L3:
		c.vlan = pick(&w->r, 2) ? 1001 : 1002;
		sprintf(subnet, "10.%u.%u.0/24", 128 + n / 256 % 64, n % 256);
		sprintf(ca, "10.%u.%u.1", 128 + n / 256 % 64, n % 256);
		sprintf(peer, "10.%u.%u.2", 128 + n / 256 % 64, n % 256);
		c.vlan_subnet = subnet;
		c.ca_ip = ca;
		c.peer_ip = peer;
		c.routing = RASGW_ROUTING_BGP;
		c.peer_asn = 65001;
		break;
	}
	rasgw_plan *p = NULL;
	int rc = rasgw_plan_connection_add(&p, w->m, &c, NULL);
	if (rc < 0) {
		refused(w, rc, "connection.add");
		return;
	}
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_conn_remove(world *w)
{
	size_t n = rasgw_model_connection_count(w->m);
	if (!n)
		return;
	const rasgw_connection *c = rasgw_model_connection_get(w->m, pick(&w->r, n));
	rasgw_plan *p = NULL;
	int rc = rasgw_plan_connection_remove(&p, w->m, c->id, NULL);
	if (rc < 0) {
		refused(w, rc, "connection.remove");
		return;
	}
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_gateway_failure(world *w)
{
	const rasgw_gateway *g = random_gateway(w, pick(&w->r, 4) ? RASGW_GATEWAY_ACTIVE : -1);
	if (!g || g->role == RASGW_GATEWAY_FAILED)
		return;
	rasgw_failure_cause cause = pick(&w->r, 2) ? RASGW_FAILURE_VM : RASGW_FAILURE_SERVICE;
	char gid[64];
	snprintf(gid, sizeof(gid), "%s", g->id);
	rasgw_failover_options o = RASGW_FAILOVER_OPTIONS_INIT;
	o.policy = (rasgw_fit_policy)pick(&w->r, 3);
	o.prefer_other_rack = pick(&w->r, 4) != 0;
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_failure(&p, w->m, gid, cause, &o));
	apply(w, p, cause == RASGW_FAILURE_VM ? gid : NULL, NULL);
	rasgw_plan_free(p);
	ck_assert_int_eq(fx_gwr(w->m, gid)->role, RASGW_GATEWAY_FAILED);
}

static void ev_host_failure(world *w)
{
	const rasgw_host *h = rasgw_model_host_get(w->m, pick(&w->r, rasgw_model_host_count(w->m)));
	if (h->failed)
		return;
	char hid[64];
	snprintf(hid, sizeof(hid), "%s", h->id);
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_host_failure(&p, w->m, hid, NULL));
	apply(w, p, NULL, hid);
	rasgw_plan_free(p);
}

static void ev_gateway_recovery(world *w)
{
	/* A failed gateway on a live host, if any (ascending id scan from a random start). */
	size_t n = rasgw_model_gateway_count(w->m), start = pick(&w->r, n);
	const rasgw_gateway *g = NULL;
	for (size_t i = 0; i < n && !g; i++) {
		const rasgw_gateway *x = rasgw_model_gateway_get(w->m, (start + i) % n);
		if (x->role == RASGW_GATEWAY_FAILED && !rasgw_model_host_lookup(w->m, x->host_id)->failed)
			g = x;
	}
	if (!g)
		return;
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_gateway_recovery(&p, w->m, g->id, NULL));
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_host_recovery(world *w)
{
	size_t n = rasgw_model_host_count(w->m), start = pick(&w->r, n);
	const rasgw_host *h = NULL;
	for (size_t i = 0; i < n && !h; i++) {
		const rasgw_host *x = rasgw_model_host_get(w->m, (start + i) % n);
		if (x->failed)
			h = x;
	}
	if (!h)
		return;
	rasgw_plan *p = NULL;
	FX_OK(rasgw_plan_host_recovery(&p, w->m, h->id, NULL));
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_drain_or_remove(world *w, bool remove)
{
	/* Removal mostly finishes what a drain started. */
	const rasgw_gateway *g = NULL;
	if (remove && pick(&w->r, 4))
		g = random_gateway(w, RASGW_GATEWAY_DRAINING);
	if (!g)
		g = random_gateway(w, remove ? -1 : RASGW_GATEWAY_ACTIVE);
	if (!g)
		return;
	rasgw_plan *p = NULL;
	int rc = remove ? rasgw_plan_gateway_remove(&p, w->m, g->id, NULL)
			: rasgw_plan_gateway_drain(&p, w->m, g->id, NULL);
	if (rc < 0) {
		refused(w, rc, remove ? "gateway.remove" : "gateway.drain");
		return;
	}
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_gateway_add(world *w)
{
	char gid[32], dip[32], vip[32], host[8];
	rasgw_gateway g;
	sprintf(gid, "g%03u", w->next_gw++);
	sprintf(host, "h%02zu", pick(&w->r, 12));
	const rasgw_pool *pool = rasgw_model_pool_get(w->m, pick(&w->r, rasgw_model_pool_count(w->m)));
	gateway_spec(w, &g, gid, dip, vip, pool->id, host,
		     pick(&w->r, 3) ? RASGW_GATEWAY_ACTIVE : RASGW_GATEWAY_STANDBY);
	rasgw_plan *p = NULL;
	int rc = rasgw_plan_gateway_add(&p, w->m, &g);
	if (rc < 0) {
		refused(w, rc, "gateway.add"); /* R1.2, a failed host */
		return;
	}
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_failback(world *w)
{
	const rasgw_gateway *s = random_gateway(w, RASGW_GATEWAY_STANDBY);
	const rasgw_gateway *a = random_gateway(w, RASGW_GATEWAY_ACTIVE);
	if (!s || !a || strcmp(s->pool_id, a->pool_id) != 0)
		return;
	rasgw_plan *p = NULL;
	int rc = rasgw_plan_failback(&p, w->m, s->id, a->id, NULL);
	if (rc < 0) {
		refused(w, rc, "gateway.failback"); /* R7.2 */
		return;
	}
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_rebalance(world *w)
{
	rasgw_plan *p = NULL;
	const rasgw_pool *pool = rasgw_model_pool_get(w->m, pick(&w->r, rasgw_model_pool_count(w->m)));
	FX_OK(rasgw_plan_rebalance(&p, w->m, pool->id, NULL));
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_pool_add(world *w)
{
	static const char *const ips[] = { "203.0.113.1" };
	static const char *const subnets[] = { "198.51.100.0/22" };
	char id[32], gid[3][32], dip[3][32], vip[3][32], host[3][8];
	sprintf(id, "px%u", w->next_gw);
	rasgw_pool spec = { 0 };
	spec.id = id;
	spec.type = (rasgw_pool_type)pick(&w->r, 4);
	spec.capacity_kbps = FX_CAP;
	spec.redundant_count = 1;
	if (spec.type == RASGW_POOL_ALL || spec.type == RASGW_POOL_IKEV2) {
		spec.public_ips = ips;
		spec.public_ip_count = 1;
	}
	if (spec.type == RASGW_POOL_ALL || spec.type == RASGW_POOL_GRE) {
		spec.gre_vip_subnets = subnets;
		spec.gre_vip_subnet_count = 1;
	}
	rasgw_gateway g[3];
	for (int i = 0; i < 3; i++) {
		sprintf(gid[i], "g%03u", w->next_gw++);
		sprintf(host[i], "h%02zu", pick(&w->r, 12));
		gateway_spec(w, &g[i], gid[i], dip[i], vip[i], "pgre", host[i],
			     i < 2 ? RASGW_GATEWAY_ACTIVE : RASGW_GATEWAY_STANDBY);
		g[i].pool_id = NULL;
		bool gre = spec.type == RASGW_POOL_ALL || spec.type == RASGW_POOL_GRE;
		g[i].gre_vip = gre ? vip[i] : NULL;
	}
	rasgw_plan *p = NULL;
	int rc = rasgw_plan_pool_add(&p, w->m, &spec, g, 3);
	if (rc < 0) {
		refused(w, rc, "pool.add"); /* a failed host */
		return;
	}
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

static void ev_pool_remove(world *w)
{
	const rasgw_pool *pool = rasgw_model_pool_get(w->m, pick(&w->r, rasgw_model_pool_count(w->m)));
	if (rasgw_model_pool_count(w->m) < 4)
		return;
	rasgw_plan *p = NULL;
	int rc = rasgw_plan_pool_remove(&p, w->m, pool->id, NULL);
	if (rc < 0) {
		refused(w, rc, "pool.remove"); /* named by a tenant, no room elsewhere */
		return;
	}
	apply(w, p, NULL, NULL);
	rasgw_plan_free(p);
}

typedef void (*event_fn)(world *w);

static void ev_drain(world *w)
{
	ev_drain_or_remove(w, false);
}

static void ev_remove(world *w)
{
	ev_drain_or_remove(w, true);
}

/* Weights keep the system alive: failures are repaired about as often as
 * they happen, and connections keep arriving. */
static const struct {
	event_fn fn;
	unsigned int weight;
} events[] = {
	{ ev_conn_add, 30 },	 { ev_conn_remove, 12 },      { ev_gateway_failure, 10 },
	{ ev_host_failure, 3 },	 { ev_gateway_recovery, 14 }, { ev_host_recovery, 8 },
	{ ev_drain, 4 },	 { ev_remove, 6 },	      { ev_gateway_add, 9 },
	{ ev_failback, 4 },	 { ev_rebalance, 2 },	      { ev_pool_add, 1 },
	{ ev_pool_remove, 1 },
};

static void run(uint64_t seed, size_t steps)
{
	world w;
	build(&w, seed);
	unsigned int total = 0;
	for (size_t i = 0; i < RASGW__ARRAY_LEN(events); i++)
		total += events[i].weight;
	for (size_t i = 0; i < 100; i++)
		ev_conn_add(&w);
	size_t placed_seen = 0;
	for (size_t i = 0; i < steps; i++) {
		unsigned int e = (unsigned int)pick(&w.r, total);
		size_t k = 0;
		while (e >= events[k].weight)
			e -= events[k++].weight;
		w.cur = k;
		events[k].fn(&w);
		placed_seen += rasgw_model_connection_count(w.m);
	}
	/* The run exercised the planners on a populated model, not only refusals. */
	ck_assert_uint_gt(w.commits, steps / 2);
	ck_assert_uint_gt(placed_seen / steps, 40);
	for (size_t k = 0; k < RASGW__ARRAY_LEN(events); k++)
		ck_assert_msg(w.committed[k] > 0, "event kind %zu never committed", k);
	rasgw_model_free(w.m);
}

/* R1.2, R3.2, R4.2, R5, R8.1, R8.3, R8.4 over long random event sequences. */
START_TEST(random_events_seed_1)
{
	run(0x9e3779b97f4a7c15ULL, 3000);
}
END_TEST

START_TEST(random_events_seed_2)
{
	run(0xd1b54a32d192ed03ULL, 3000);
}
END_TEST

START_TEST(random_events_seed_3)
{
	run(42, 3000);
}
END_TEST

/* More seeds for a stress run: FO_SEEDS=30 ./test_failover_property */
START_TEST(random_events_env)
{
	const char *seeds = getenv("FO_SEEDS");
	for (uint64_t k = 1; seeds && k <= strtoull(seeds, NULL, 10); k++)
		run(k * 0x9e3779b97f4a7c15ULL, 4000);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("failover_property");
	TCase *tc = tcase_create("R1_2_R3_2_R4_2_R5_R8_random_event_sequences");
	tcase_add_test(tc, random_events_seed_1);
	tcase_add_test(tc, random_events_seed_2);
	tcase_add_test(tc, random_events_seed_3);
	tcase_add_test(tc, random_events_env);
	suite_add_tcase(s, tc);
	return rasgw_test_run(s);
}
