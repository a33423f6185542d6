/*
 * Failover benchmark (R5, R8.3, R1.5): the cost of a plan must follow the
 * work the event affects, not the size of the model. Two models with 10 000
 * and 1 000 000 connections hold the same affected set:
 *   - gateway gw0000000 of the big IKEv2 pool holds 200 connections of 20
 *     tenants (VMs on 2 hosts, one prefix each) and the route reflectors of
 *     those tenants and of 10 more tenants whose 5 connections each sit on
 *     other gateways (R5.1b re-peering);
 *   - pool "pool-nosb" (no standby) has the same load on its first gateway,
 *     for the re-placement path (R8.3);
 *   - pool "pool-small" (3 active + 1 standby) holds 120 connections, for
 *     pool removal (R1.5).
 *   - the other gateways of gw0000000's host hold 100 connections each of
 *     40 tenants of their own, for the host failure.
 * Everything else (100 connections per gateway, tenants of 50) is spread
 * over many other gateways of the big pool, one standby in ten.
 *
 * Output: one JSON object per line,
 *   {"bench":"failover","scenario":S,"size":N,"metric":M,"value":V,"unit":U}
 * scenarios: gateway_failure (standby takeover, the headline), r8_3 (no
 * standby left), host_failure (a host with 10 gateways), gateway_drain,
 * pool_remove. Metrics: ns_per_plan (median), ops_per_plan, ns_per_op, and
 * for the largest size ratio_vs_smallest (target <= 1.3 for the
 * gateway-level scenarios). Pool removal checks that no tenant names the
 * pool, a pass over the tenants: its ratio is expected to grow. Times are
 * the median thread CPU time of 41 plans (the machine may be shared).
 *
 * --smoke: tiny sizes and few repetitions, for ctest (bench.smoke.bench_failover).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_int.h"
#include "rasgw/failover.h"
#include "rasgw/scale.h"

/* CPU time of this thread: the machine is shared, wall time is noisy. */
static double cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_failover: %s: %s\n", what, rasgw_error_last()->message);
	exit(1);
}

#define CHECK(call, what)               \
	do {                            \
		if ((call) < 0)         \
			die(what);      \
	} while (0)

static void emit(const char *scenario, size_t size, const char *metric, double value,
		 const char *unit)
{
	printf("{\"bench\":\"failover\",\"scenario\":\"%s\",\"size\":%zu,\"metric\":\"%s\","
	       "\"value\":%.2f,\"unit\":\"%s\"}\n",
	       scenario, size, metric, value, unit);
	fflush(stdout);
}

#define CAP 100000000ULL /* 100 Gbps: a connection of 10 Mbps costs 10 Mbps */
#define CONN_KBPS 10000
#define PER_GW 100
#define AFFECTED_TENANTS 20
#define PER_AFFECTED 10
#define RR_ONLY_TENANTS 10
#define PER_RR_ONLY 5
#define BULK_PER_TENANT 50
#define GW_PER_HOST 10
#define HOST_PER_RACK 4
#define VM_HOSTS 64

static unsigned int next_ip;

static void add_conn(rasgw_model *m, const char *id, const char *tenant, const char *gw,
		     const char *prefix)
{
	char src[32];
	unsigned int n = next_ip++;
	snprintf(src, sizeof(src), "11.%u.%u.%u", (n >> 16) & 255, (n >> 8) & 255, n & 255);
	rasgw_connection c = { 0 };
	c.id = id;
	c.tenant_id = tenant;
	c.type = RASGW_CONN_IKEV2;
	c.inbound_kbps = CONN_KBPS / 2;
	c.outbound_kbps = CONN_KBPS / 2;
	c.source_ip = src;
	c.static_prefixes = prefix ? &prefix : NULL;
	c.static_prefix_count = prefix ? 1 : 0;
	c.gateway_id = gw;
	CHECK(rasgw__model_add_connection(m, &c, NULL), "connection");
}

static void add_tenant(rasgw_model *m, const char *id, size_t vm, const char *rr)
{
	char h1[32], h2[32];
	snprintf(h1, sizeof(h1), "vm%03zu", vm % VM_HOSTS);
	snprintf(h2, sizeof(h2), "vm%03zu", (vm + 1) % VM_HOSTS);
	const char *hosts[2] = { h1, h2 };
	rasgw_tenant t = { 0 };
	t.id = id;
	t.hosts = hosts;
	t.host_count = 2;
	t.asn = 64512;
	t.rr_gateway = rr;
	CHECK(rasgw__model_add_tenant(m, &t, NULL), "tenant");
}

static void add_pool(rasgw_model *m, const char *id, uint32_t n)
{
	static const char *pub[] = { "203.0.113.1" };
	rasgw_pool p = { 0 };
	p.id = id;
	p.type = RASGW_POOL_IKEV2;
	p.capacity_kbps = CAP;
	p.redundant_count = n;
	p.public_ips = pub;
	p.public_ip_count = 1;
	for (int i = 0; i < RASGW_CONN_TYPE_COUNT; i++)
		p.type_max_kbps[i] = CAP;
	CHECK(rasgw__model_add_pool(m, &p, NULL), "pool");
}

static size_t gw_index;

static void add_gateway(rasgw_model *m, const char *id, const char *pool, size_t host,
			rasgw_gateway_role role)
{
	char h[32], ip[32];
	size_t i = gw_index++;
	snprintf(h, sizeof(h), "host%06zu", host);
	snprintf(ip, sizeof(ip), "10.%zu.%zu.%zu", i >> 16, (i >> 8) & 255, i & 255);
	rasgw_gateway g = { .id = id, .pool_id = pool, .host_id = h, .dip = ip, .role = role };
	CHECK(rasgw__model_add_gateway(m, &g, NULL), "gateway");
}

/* Big-pool gateway i: one standby in ten (never gw0 or its host neighbours' first). */
static bool big_standby(size_t i)
{
	return i % 10 == 9;
}

/* The id of the k-th active gateway of the big pool other than gw0. */
static size_t big_active(size_t k)
{
	size_t i = 1 + k + k / 9; /* skip every tenth (standby) */
	return big_standby(i) ? i + 1 : i;
}

static rasgw_model *build(size_t nconn)
{
	rasgw_model *m;
	char id[64], id2[64], pfx[64];
	CHECK(rasgw_model_new(&m), "model");
	gw_index = 0;
	next_ip = 0;
	size_t actives = nconn / PER_GW + 1;
	if (actives < 64) /* room for the RR-only tenants' connections */
		actives = 64;
	size_t big = actives + actives / 9 + 2;
	/* Big-pool hosts, then two hosts for pool-nosb and two for pool-small. */
	size_t hosts = (big + GW_PER_HOST - 1) / GW_PER_HOST + 4;
	size_t racks = (hosts + HOST_PER_RACK - 1) / HOST_PER_RACK + 1;
	for (size_t r = 0; r < racks; r++) {
		snprintf(id, sizeof(id), "rack%05zu", r);
		rasgw_rack rk = { .id = id, .tor_name = "tor", .tor_asn = 65000 };
		CHECK(rasgw__model_add_rack(m, &rk, NULL), "rack");
	}
	for (size_t h = 0; h < hosts; h++) {
		snprintf(id, sizeof(id), "host%06zu", h);
		snprintf(id2, sizeof(id2), "rack%05zu", h / HOST_PER_RACK);
		rasgw_host hs = { .id = id, .rack_id = id2 };
		CHECK(rasgw__model_add_host(m, &hs, NULL), "host");
	}
	for (size_t v = 0; v < VM_HOSTS; v++) {
		snprintf(id, sizeof(id), "vm%03zu", v);
		rasgw_host hs = { .id = id, .rack_id = "rack00000" };
		CHECK(rasgw__model_add_host(m, &hs, NULL), "vm host");
	}
	add_pool(m, "pool-big", 1);
	add_pool(m, "pool-nosb", 0);
	add_pool(m, "pool-small", 1);
	for (size_t i = 0; i < big; i++) {
		snprintf(id, sizeof(id), "gw%07zu", i);
		add_gateway(m, id, "pool-big", i / GW_PER_HOST,
			    big_standby(i) ? RASGW_GATEWAY_STANDBY : RASGW_GATEWAY_ACTIVE);
	}
	size_t h0 = (big + GW_PER_HOST - 1) / GW_PER_HOST;
	for (size_t i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "ns%02zu", i);
		add_gateway(m, id, "pool-nosb", h0 + i % 2, RASGW_GATEWAY_ACTIVE);
	}
	for (size_t i = 0; i < 4; i++) {
		snprintf(id, sizeof(id), "sm%02zu", i);
		add_gateway(m, id, "pool-small", h0 + 2 + i % 2,
			    i == 3 ? RASGW_GATEWAY_STANDBY : RASGW_GATEWAY_ACTIVE);
	}
	/* The affected sets (ids sort before the bulk, so inserts append). */
	for (size_t t = 0; t < AFFECTED_TENANTS; t++) {
		snprintf(id, sizeof(id), "ta%03zu", t);
		add_tenant(m, id, t, "gw0000000");
		snprintf(id, sizeof(id), "tn%03zu", t);
		add_tenant(m, id, t, "ns00");
	}
	for (size_t t = 0; t < RR_ONLY_TENANTS; t++) {
		snprintf(id, sizeof(id), "tr%03zu", t);
		add_tenant(m, id, t, "gw0000000");
	}
	for (size_t t = 0; t < 12; t++) {
		snprintf(id, sizeof(id), "ts%03zu", t);
		snprintf(id2, sizeof(id2), "sm%02zu", t % 3);
		add_tenant(m, id, t, id2);
	}
	for (size_t t = 0; t < AFFECTED_TENANTS; t++) {
		for (size_t k = 0; k < PER_AFFECTED; k++) {
			snprintf(id, sizeof(id), "a%03zu-%02zu", t, k);
			snprintf(id2, sizeof(id2), "ta%03zu", t);
			snprintf(pfx, sizeof(pfx), "10.%zu.%zu.0/24", 128 + t, k);
			add_conn(m, id, id2, "gw0000000", pfx);
			snprintf(id, sizeof(id), "n%03zu-%02zu", t, k);
			snprintf(id2, sizeof(id2), "tn%03zu", t);
			add_conn(m, id, id2, "ns00", pfx);
		}
	}
	for (size_t t = 0; t < RR_ONLY_TENANTS; t++)
		for (size_t k = 0; k < PER_RR_ONLY; k++) {
			snprintf(id, sizeof(id), "r%03zu-%02zu", t, k);
			snprintf(id2, sizeof(id2), "tr%03zu", t);
			char gw[32];
			snprintf(gw, sizeof(gw), "gw%07zu", big_active(t * PER_RR_ONLY + k));
			add_conn(m, id, id2, gw, NULL);
		}
	for (size_t t = 0; t < 12; t++)
		for (size_t k = 0; k < 10; k++) {
			snprintf(id, sizeof(id), "s%03zu-%02zu", t, k);
			snprintf(id2, sizeof(id2), "ts%03zu", t);
			char gw[32];
			snprintf(gw, sizeof(gw), "sm%02zu", (t + k) % 3);
			add_conn(m, id, id2, gw, NULL);
		}
	/* Load the rest of pool-nosb as much as gw0's neighbours. */
	for (size_t g = 1; g < 10; g++)
		for (size_t k = 0; k < PER_GW; k++) {
			snprintf(id, sizeof(id), "nb%02zu-%03zu", g, k);
			snprintf(id2, sizeof(id2), "tn%03zu", (g + k) % AFFECTED_TENANTS);
			char gw[32];
			snprintf(gw, sizeof(gw), "ns%02zu", g);
			add_conn(m, id, id2, gw, NULL);
		}
	/* The other gateways of host000000 (gw0000001-8): the same load at every
	 * size, from tenants of their own, for the host failure. */
	for (size_t t = 0; t < 40; t++) {
		snprintf(id, sizeof(id), "th%03zu", t);
		snprintf(id2, sizeof(id2), "gw%07zu", 1 + t % 8);
		add_tenant(m, id, t, id2);
	}
	for (size_t c = 0; c < 8 * PER_GW; c++) {
		snprintf(id, sizeof(id), "h%05zu", c);
		snprintf(id2, sizeof(id2), "th%03zu", c % 40);
		char gw[32];
		snprintf(gw, sizeof(gw), "gw%07zu", 1 + (c / 5) % 8);
		add_conn(m, id, id2, gw, NULL);
	}
	/* The bulk: tenants of 50 connections spread over the big pool, off
	 * host000000. Ids sort last, so inserts append. */
	size_t bulk = nconn;
	size_t ntenants = (bulk + BULK_PER_TENANT - 1) / BULK_PER_TENANT;
	size_t spread = actives - 10;
	for (size_t t = 0; t < ntenants; t++) {
		snprintf(id, sizeof(id), "tz%07zu", t);
		snprintf(id2, sizeof(id2), "gw%07zu", big_active(8 + (t * 7) % spread));
		add_tenant(m, id, t, id2);
	}
	for (size_t c = 0; c < bulk; c++) {
		size_t t = c / BULK_PER_TENANT, k = c % BULK_PER_TENANT;
		snprintf(id, sizeof(id), "z%08zu", c);
		snprintf(id2, sizeof(id2), "tz%07zu", t);
		char gw[32];
		snprintf(gw, sizeof(gw), "gw%07zu", big_active(8 + (t * 7 + k * 13) % spread));
		add_conn(m, id, id2, gw, NULL);
	}
	CHECK(rasgw__model_validate(m), "validate");
	return m;
}

typedef int (*plan_fn)(rasgw_plan **out, const rasgw_model *m);

static int gateway_failure(rasgw_plan **out, const rasgw_model *m)
{
	return rasgw_plan_gateway_failure(out, m, "gw0000000", RASGW_FAILURE_VM, NULL);
}

static int r8_3(rasgw_plan **out, const rasgw_model *m)
{
	return rasgw_plan_gateway_failure(out, m, "ns00", RASGW_FAILURE_VM, NULL);
}

static int host_failure(rasgw_plan **out, const rasgw_model *m)
{
	return rasgw_plan_host_failure(out, m, "host000000", NULL);
}

static int gateway_drain(rasgw_plan **out, const rasgw_model *m)
{
	return rasgw_plan_gateway_drain(out, m, "gw0000000", NULL);
}

static int pool_remove(rasgw_plan **out, const rasgw_model *m)
{
	return rasgw_plan_pool_remove(out, m, "pool-small", NULL);
}

static const struct {
	const char *name;
	plan_fn fn;
} scenarios[] = {
	{ "gateway_failure", gateway_failure },
	{ "r8_3", r8_3 },
	{ "host_failure", host_failure },
	{ "gateway_drain", gateway_drain },
	{ "pool_remove", pool_remove },
};
#define NSCEN (sizeof(scenarios) / sizeof(scenarios[0]))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median time of `reps` plans; *ops receives the plan's operation count. */
static double measure(const rasgw_model *m, plan_fn fn, size_t reps, size_t *ops)
{
	double *t = calloc(reps, sizeof(*t));
	if (!t)
		die("calloc");
	for (size_t r = 0; r < reps; r++) {
		rasgw_plan *p = NULL;
		double t0 = cpu_ns();
		CHECK(fn(&p, m), "plan");
		t[r] = cpu_ns() - t0;
		*ops = rasgw_plan_op_count(p);
		rasgw_plan_free(p);
	}
	qsort(t, reps, sizeof(*t), cmp_double);
	double med = t[reps / 2];
	free(t);
	return med;
}

int main(int argc, char **argv)
{
	bool smoke = argc > 1 && strcmp(argv[1], "--smoke") == 0;
	const char *only = argc > 2 ? argv[2] : NULL; /* --full <scenario>: one scenario (profiling) */
	size_t sizes[2] = { 10000, 1000000 };
	size_t reps = 41;
	if (smoke) {
		sizes[0] = 1000;
		sizes[1] = 5000;
		reps = 3;
	}
	rasgw_model *m[2];
	for (size_t s = 0; s < 2; s++) {
		double t0 = now_ns();
		m[s] = build(sizes[s]);
		fprintf(stderr, "bench_failover: model of %zu connections built in %.1f s\n",
			rasgw_model_connection_count(m[s]), (now_ns() - t0) / 1e9);
	}
	/* Both models stay alive and the sizes alternate, twice, keeping the
	 * better median: the allocator and caches then treat them alike. */
	double ns[2][NSCEN];
	size_t ops[2][NSCEN];
	for (size_t k = 0; k < NSCEN; k++) {
		if (only && strcmp(only, scenarios[k].name) != 0)
			continue;
		for (size_t s = 0; s < 2; s++)
			ns[s][k] = 1e300;
		for (size_t round = 0; round < 2; round++)
			for (size_t s = 0; s < 2; s++) {
				measure(m[s], scenarios[k].fn, 2, &ops[s][k]); /* warm up */
				double t = measure(m[s], scenarios[k].fn, reps, &ops[s][k]);
				if (t < ns[s][k])
					ns[s][k] = t;
			}
		for (size_t s = 0; s < 2; s++) {
			emit(scenarios[k].name, sizes[s], "ns_per_plan", ns[s][k], "ns");
			emit(scenarios[k].name, sizes[s], "ops_per_plan", (double)ops[s][k], "ops");
			emit(scenarios[k].name, sizes[s], "ns_per_op",
			     ops[s][k] ? ns[s][k] / (double)ops[s][k] : 0, "ns");
		}
	}
	int rc = 0;
	for (size_t k = 0; k < NSCEN; k++) {
		if (only && strcmp(only, scenarios[k].name) != 0)
			continue;
		emit(scenarios[k].name, sizes[1], "ratio_vs_smallest", ns[1][k] / ns[0][k], "x");
		/* The same affected set must give the same plan. */
		if (ops[0][k] != ops[1][k]) {
			fprintf(stderr, "bench_failover: %s: %zu ops at %zu but %zu at %zu\n",
				scenarios[k].name, ops[0][k], sizes[0], ops[1][k], sizes[1]);
			rc = 1;
		}
	}
	for (size_t s = 0; s < 2; s++)
		rasgw_model_free(m[s]);
	return rc;
}
