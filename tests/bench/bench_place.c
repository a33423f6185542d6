/*
 * Placement benchmark (R3.1): the indexed best-fit search against the
 * plain scan, and the full connection.add planner, on models of 100,
 * 10 000 and 100 000 gateways (four pools, random prior load, a tenth of
 * the gateways standby) built directly through the internal builder.
 *
 * Output: one JSON object per line and figure,
 *   {"bench":"place","size":G,"metric":"...","value":V,"unit":"..."}
 * metrics: ns_per_placement_indexed, ns_per_placement_scan,
 * speedup_indexed_vs_scan, ns_per_plan_add (tenant with a route
 * reflector), ns_per_plan_add_first (first connection: the route reflector
 * is chosen too, a pass over the pool). Every scan query is also checked
 * against the index; a mismatch exits 1.
 *
 * --smoke: tiny sizes and few queries, for ctest (bench.smoke.bench_place).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_int.h"
#include "planners/common.h"
#include "rasgw/place.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * UINT64_C(2685821657736338717);
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_place: %s: %s\n", what, rasgw_error_last()->message);
	exit(1);
}

#define CHECK(call, what)               \
	do {                            \
		if ((call) < 0)         \
			die(what);      \
	} while (0)

static void emit(size_t size, const char *metric, double value, const char *unit)
{
	printf("{\"bench\":\"place\",\"size\":%zu,\"metric\":\"%s\",\"value\":%.1f,\"unit\":\"%s\"}\n",
	       size, metric, value, unit);
	fflush(stdout);
}

static const struct {
	const char *id;
	rasgw_pool_type type;
	uint64_t cap;
} pools[] = {
	{ "pool-all", RASGW_POOL_ALL, 10000000 },
	{ "pool-gre", RASGW_POOL_GRE, 10000000 },
	{ "pool-ike-a", RASGW_POOL_IKEV2, 10000000 },
	{ "pool-ike-b", RASGW_POOL_IKEV2, 25000000 },
};
#define NPOOLS 4

/*
 * G gateways, pool i % 4, 20 per host, 10 hosts per rack. Ids are zero
 * padded and added in ascending order, so the builder's sorted inserts
 * append. Each active gateway gets one connection of its own tenant with a
 * random share of its capacity.
 */
static rasgw_model *build(size_t G)
{
	rasgw_model *m;
	char id[64], id2[64], ip[64];
	CHECK(rasgw_model_new(&m), "model");
	size_t hosts = (G + 19) / 20, racks = (hosts + 9) / 10;
	for (size_t r = 0; r < racks; r++) {
		snprintf(id, sizeof(id), "rack%05zu", r);
		rasgw_rack rk = { .id = id, .tor_name = "tor", .tor_asn = 65000 };
		CHECK(rasgw__model_add_rack(m, &rk, NULL), "rack");
	}
	for (size_t h = 0; h < hosts; h++) {
		snprintf(id, sizeof(id), "host%06zu", h);
		snprintf(id2, sizeof(id2), "rack%05zu", h / 10);
		rasgw_host hs = { .id = id, .rack_id = id2 };
		CHECK(rasgw__model_add_host(m, &hs, NULL), "host");
	}
	static const char *pub[] = { "203.0.113.1" };
	static const char *vips[] = { "100.64.0.0/10" };
	for (size_t i = 0; i < NPOOLS; i++) {
		rasgw_pool p = { .id = pools[i].id, .type = pools[i].type,
				 .capacity_kbps = pools[i].cap, .public_ips = pub,
				 .public_ip_count = 1 };
		if (p.type == RASGW_POOL_ALL || p.type == RASGW_POOL_GRE) {
			p.gre_vip_subnets = vips;
			p.gre_vip_subnet_count = 1;
		}
		CHECK(rasgw__model_add_pool(m, &p, NULL), "pool");
	}
	for (size_t i = 0; i < G; i++) {
		snprintf(id, sizeof(id), "gw%07zu", i);
		snprintf(id2, sizeof(id2), "host%06zu", i / 20);
		snprintf(ip, sizeof(ip), "10.%zu.%zu.%zu", i >> 16, (i >> 8) & 255, i & 255);
		char vip[64];
		snprintf(vip, sizeof(vip), "100.%zu.%zu.%zu", 64 + (i >> 16), (i >> 8) & 255, i & 255);
		rasgw_pool_type t = pools[i % NPOOLS].type;
		rasgw_gateway g = { .id = id, .pool_id = pools[i % NPOOLS].id, .host_id = id2,
				    .dip = ip,
				    .gre_vip = t == RASGW_POOL_ALL || t == RASGW_POOL_GRE ? vip : NULL,
				    .role = i % 10 == 9 ? RASGW_GATEWAY_STANDBY : RASGW_GATEWAY_ACTIVE };
		CHECK(rasgw__model_add_gateway(m, &g, NULL), "gateway");
	}
	for (size_t i = 0; i < G; i++) {
		if (i % 10 == 9)
			continue;
		snprintf(id, sizeof(id), "fill%07zu", i);
		snprintf(id2, sizeof(id2), "gw%07zu", i);
		rasgw_tenant t = { .id = id, .rr_gateway = id2 };
		CHECK(rasgw__model_add_tenant(m, &t, NULL), "tenant");
		rasgw_pool_type pt = pools[i % NPOOLS].type;
		rasgw_connection c = { .id = id, .tenant_id = id, .gateway_id = id2 };
		/* Up to 95% of the capacity in cost, on a coarse grid (ties). */
		uint64_t cap = pools[i % NPOOLS].cap;
		uint64_t cost = (rnd() % 96) * (cap / 100);
		if (pt == RASGW_POOL_IKEV2) {
			c.type = RASGW_CONN_IKEV2;
			snprintf(ip, sizeof(ip), "172.%zu.%zu.%zu", 16 + (i >> 16), (i >> 8) & 255, i & 255);
			c.source_ip = ip;
			c.inbound_kbps = cost * 5000000 / cap;
		} else {
			c.type = RASGW_CONN_GRE;
			snprintf(ip, sizeof(ip), "192.0.2.%zu", i & 255);
			c.remote_endpoint = ip;
			c.inbound_kbps = cost;
		}
		CHECK(rasgw__model_add_connection(m, &c, NULL), "connection");
	}
	/* The tenant the benchmark places for: it already has an RR. */
	rasgw_tenant t = { .id = "bench", .rr_gateway = "gw0000002", .asn = 64512 };
	CHECK(rasgw__model_add_tenant(m, &t, NULL), "bench tenant");
	rasgw_connection first = { .id = "bench-0", .tenant_id = "bench", .type = RASGW_CONN_IKEV2,
				   .source_ip = "198.18.0.1", .inbound_kbps = 1,
				   .gateway_id = "gw0000002" };
	CHECK(rasgw__model_add_connection(m, &first, NULL), "bench connection");
	rasgw_tenant fresh = { .id = "fresh", .asn = 64513 };
	CHECK(rasgw__model_add_tenant(m, &fresh, NULL), "fresh tenant");
	return m;
}

static rasgw_connection query(const char *tenant)
{
	/* IKEv2, 1 kbps .. 2 Gbps: costs up to 4 or 10 Gbps, so some do not fit everywhere. */
	rasgw_connection c = { .id = "q", .tenant_id = tenant, .type = RASGW_CONN_IKEV2,
			       .source_ip = "198.18.255.1",
			       .inbound_kbps = 1 + rnd() % 2000000 };
	return c;
}

static int run(size_t G, size_t n_index, size_t n_scan, size_t n_plan)
{
	rasgw_model *m = build(G);
	if (rasgw__model_check_invariants(m) < 0)
		die("invariants");
	const rasgw__tenant *t = RASGW__TENANT(rasgw_model_tenant_lookup(m, "bench"));
	rasgw_connection *qs = calloc(n_index, sizeof(*qs));
	for (size_t i = 0; i < n_index; i++)
		qs[i] = query("bench");

	rasgw__gateway *g = NULL;
	size_t placed = 0;
	double t0 = now_ns();
	for (size_t i = 0; i < n_index; i++)
		placed += rasgw__fit_choose(m, t, &qs[i], RASGW_FIT_BEST, NULL, &g, NULL) == 0;
	double indexed = (now_ns() - t0) / (double)n_index;
	if (placed == 0)
		die("no query fitted");

	t0 = now_ns();
	for (size_t i = 0; i < n_scan; i++)
		(void)rasgw__fit_choose_scan(m, t, &qs[i], RASGW_FIT_BEST, NULL, &g, NULL);
	double scan = (now_ns() - t0) / (double)n_scan;

	/* Same answers (outside the timed loops). */
	for (size_t i = 0; i < n_scan; i++) {
		for (int pol = RASGW_FIT_BEST; pol <= RASGW_FIT_WORST; pol++) {
			rasgw__gateway *a = NULL, *b = NULL;
			int ra = rasgw__fit_choose(m, t, &qs[i], (rasgw_fit_policy)pol, NULL, &a, NULL);
			int rb = rasgw__fit_choose_scan(m, t, &qs[i], (rasgw_fit_policy)pol, NULL, &b, NULL);
			if (ra != rb || a != b) {
				fprintf(stderr, "bench_place: index and scan disagree (size %zu, query %zu, policy %d)\n",
					G, i, pol);
				return 1;
			}
		}
	}

	t0 = now_ns();
	for (size_t i = 0; i < n_plan; i++) {
		rasgw_plan *p = NULL;
		if (rasgw_plan_connection_add(&p, m, &qs[i], NULL) == 0)
			rasgw_plan_free(p);
	}
	double plan = (now_ns() - t0) / (double)n_plan;

	size_t n_first = n_plan < 50 ? n_plan : 50;
	t0 = now_ns();
	for (size_t i = 0; i < n_first; i++) {
		rasgw_connection c = qs[i];
		c.tenant_id = "fresh";
		rasgw_plan *p = NULL;
		if (rasgw_plan_connection_add(&p, m, &c, NULL) == 0)
			rasgw_plan_free(p);
	}
	double first = (now_ns() - t0) / (double)n_first;

	emit(G, "ns_per_placement_indexed", indexed, "ns");
	emit(G, "ns_per_placement_scan", scan, "ns");
	emit(G, "speedup_indexed_vs_scan", scan / indexed, "x");
	emit(G, "ns_per_plan_add", plan, "ns");
	emit(G, "ns_per_plan_add_first", first, "ns");
	free(qs);
	rasgw_model_free(m);
	return 0;
}

int main(int argc, char **argv)
{
	bool smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	if (argc > 1 && !smoke) {
		fprintf(stderr, "usage: bench_place [--smoke]\n");
		return 2;
	}
	if (smoke)
		return run(100, 200, 20, 20) || run(1000, 200, 20, 20);
	static const size_t sizes[] = { 100, 10000, 100000 };
	for (size_t i = 0; i < 3; i++) {
		size_t G = sizes[i];
		size_t n_scan = G >= 100000 ? 200 : G >= 10000 ? 1000 : 10000;
		if (run(G, 100000, n_scan, 20000))
			return 1;
	}
	return 0;
}
