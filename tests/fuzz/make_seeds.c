/*
 * Writes the generated part of the seed corpora (tests/fuzz/corpus/):
 *   snapshot/   canonical snapshots of the example topologies, and of
 *               contoso-woodgrove after a few committed plans;
 *   plan_json/  plans the planners make on contoso-woodgrove (placements of
 *               each connection type, removal, learned routes, failures,
 *               recovery, drain, scale), and their inverses;
 *   scenario/   event sequences for fuzz_scenario (see its encoding).
 * The YAML corpus is the example topologies and the well-formed catalogue,
 * copied by `tests/fuzz/run.sh --seeds`, which also runs this program.
 *
 * usage: make_seeds CORPUS_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "rasgw/alloc.h"
#include "rasgw/place.h"
#include "rasgw/plan.h"
#include "rasgw/snapshot.h"
#if __has_include("rasgw/failover.h")
#include "rasgw/failover.h"
#define FZ_HAVE_FAILOVER 1
#endif
#if __has_include("rasgw/scale.h")
#include "rasgw/scale.h"
#define FZ_HAVE_SCALE 1
#endif

static const char *dir;

static void put(const char *sub, const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "make_seeds: cannot write %s\n", path);
		exit(1);
	}
}

static void put_snapshot(const char *name, const rasgw_model *m)
{
	char *s = fz_snapshot(m);
	put("snapshot", name, s, strlen(s));
	rasgw_free(s);
}

/* The plan the last planning call made. */
static rasgw_plan *p;

/* Write plan p (and its inverse) as seeds, then commit it to m. */
static void put_plan(rasgw_model *m, const char *name, int rc)
{
	if (rc != 0) {
		fprintf(stderr, "make_seeds: %s: planning failed: %s\n", name,
			rasgw_error_last()->message);
		exit(1);
	}
	char file[256], *s = NULL;
	FZ_CHECK(rasgw_plan_to_json(p, &s) == 0, "plan JSON");
	snprintf(file, sizeof(file), "%s.json", name);
	put("plan_json", file, s, strlen(s));
	rasgw_free(s);
	rasgw_plan *inv = NULL;
	FZ_CHECK(rasgw_plan_invert(&inv, p) == 0, "invert");
	FZ_CHECK(rasgw_plan_to_json(inv, &s) == 0, "plan JSON");
	snprintf(file, sizeof(file), "%s.inverse.json", name);
	put("plan_json", file, s, strlen(s));
	rasgw_free(s);
	rasgw_plan_free(inv);
	FZ_CHECK(rasgw_model_commit(m, p) == 0, "commit %s", name);
	rasgw_plan_free(p);
	p = NULL;
}

static void plans(void)
{
	rasgw_model *base = fz_load_example("contoso-woodgrove.yaml");
	/* Each plan is made on the unchanged example, so its base is the
	 * fixed model of fuzz_plan_json and commits there. */
	char *snap = fz_snapshot(base);
	rasgw_model *m;

#define FRESH() (m = fz_from_snapshot(snap))
	FRESH();
	rasgw_connection ike = { .id = "seed-ike", .tenant_id = "northwind",
				 .type = RASGW_CONN_IKEV2, .inbound_kbps = 100000,
				 .outbound_kbps = 100000, .source_ip = "198.51.100.77" };
	const char *pfx[] = { "10.77.0.0/16" };
	ike.static_prefixes = pfx;
	ike.static_prefix_count = 1;
	put_plan(m, "connection-add-ikev2", rasgw_plan_connection_add(&p, m, &ike, NULL));
	rasgw_model_free(m);

	FRESH();
	rasgw_connection gre = { .id = "seed-gre", .tenant_id = "tailspin", .type = RASGW_CONN_GRE,
				 .inbound_kbps = 500000, .outbound_kbps = 500000,
				 .remote_endpoint = "198.51.100.88", .gre_key = 88,
				 .routing = RASGW_ROUTING_BGP, .peer_asn = 65188,
				 .peer_bgp_ip = "192.168.88.1" };
	put_plan(m, "connection-add-gre-bgp", rasgw_plan_connection_add(&p, m, &gre, NULL));
	rasgw_model_free(m);

	FRESH();
	rasgw_connection l3 = { .id = "seed-l3", .tenant_id = "woodgrove", .type = RASGW_CONN_L3,
				.inbound_kbps = 100000, .outbound_kbps = 100000, .vlan = 1002,
				.vlan_subnet = "10.127.134.0/24", .ca_ip = "10.127.134.70",
				.peer_ip = "10.127.134.75", .bgp_ip = "10.127.134.71",
				.routing = RASGW_ROUTING_BGP, .peer_asn = 65102 };
	rasgw_place_options wf = RASGW_PLACE_OPTIONS_INIT;
	wf.policy = RASGW_FIT_WORST;
	put_plan(m, "connection-add-l3-worst", rasgw_plan_connection_add(&p, m, &l3, &wf));
	rasgw_model_free(m);

	FRESH();
	put_plan(m, "connection-remove", rasgw_plan_connection_remove(&p, m, "fabrikam-tokyo", NULL));
	rasgw_model_free(m);

	FRESH();
	const char *learned[] = { "172.16.10.0/24", "172.16.11.0/24", "2001:db8:10::/48" };
	put_plan(m, "routes-learned", rasgw_plan_routes_learned(&p, m, "contoso-l3", learned, 3));
	rasgw_model_free(m);

#ifdef FZ_HAVE_FAILOVER
	FRESH();
	put_plan(m, "gateway-failure-vm",
		 rasgw_plan_gateway_failure(&p, m, "ike-gw1", RASGW_FAILURE_VM, NULL));
	rasgw_model_free(m);
	FRESH();
	put_plan(m, "gateway-failure-service",
		 rasgw_plan_gateway_failure(&p, m, "gre-gw1", RASGW_FAILURE_SERVICE, NULL));
	rasgw_model_free(m);
	FRESH();
	put_plan(m, "host-failure", rasgw_plan_host_failure(&p, m, "r1-h1", NULL));
	rasgw_model_free(m);
#endif
#if defined(FZ_HAVE_SCALE) && defined(FZ_HAVE_FAILOVER)
	FRESH();
	put_plan(m, "gateway-drain", rasgw_plan_gateway_drain(&p, m, "ike-gw2", NULL));
	rasgw_model_free(m);
	FRESH();
	rasgw_gateway g = { .id = "gre-gw5", .pool_id = "gre-pool", .host_id = "r2-h1",
			    .dip = "10.10.2.33", .gre_vip = "10.50.0.15",
			    .role = RASGW_GATEWAY_ACTIVE };
	put_plan(m, "gateway-add", rasgw_plan_gateway_add(&p, m, &g));
	rasgw_model_free(m);
#endif
	/* A state further along, for the snapshot corpus. */
	FRESH();
	put_plan(m, "chain-1", rasgw_plan_connection_add(&p, m, &ike, NULL));
	put_plan(m, "chain-2", rasgw_plan_connection_add(&p, m, &gre, NULL));
#ifdef FZ_HAVE_FAILOVER
	put_plan(m, "chain-3", rasgw_plan_host_failure(&p, m, "r2-h1", NULL));
#endif
	put_snapshot("contoso-woodgrove-later.json", m);
	rasgw_model_free(m);
#undef FRESH
	rasgw_free(snap);
	rasgw_model_free(base);
}

static void snapshots(void)
{
	static const char *const names[] = { "contoso-woodgrove", "small", "all-pool" };
	for (size_t i = 0; i < 3; i++) {
		char file[128];
		snprintf(file, sizeof(file), "%s.yaml", names[i]);
		rasgw_model *m = fz_load_example(file);
		snprintf(file, sizeof(file), "%s.json", names[i]);
		put_snapshot(file, m);
		rasgw_model_free(m);
	}
	rasgw_model *empty = NULL;
	FZ_CHECK(rasgw_model_new(&empty) == 0, "new");
	put_snapshot("empty.json", empty);
	rasgw_model_free(empty);
}

/* Deterministic pseudo-random sequences (xorshift), one topology each. */
static void scenarios(void)
{
	uint64_t x = 0x9e3779b97f4a7c15u;
	for (unsigned i = 0; i < 48; i++) {
		uint8_t buf[400];
		size_t n = 60 + i * 7;
		for (size_t k = 0; k < n; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[k] = (uint8_t)(x >> 24);
		}
		buf[0] = (uint8_t)(i % 3);
		char file[64];
		snprintf(file, sizeof(file), "random-%02u", i);
		put("scenario", file, buf, n);
	}
	/* Each operation alone, with all flags, on each topology. */
	for (unsigned t = 0; t < 3; t++) {
		for (unsigned op = 0; op < 16; op++) {
			uint8_t buf[40] = { (uint8_t)t, (uint8_t)(0xf0 | op) };
			char file[64];
			snprintf(file, sizeof(file), "op-%u-%02u", t, op);
			put("scenario", file, buf, sizeof(buf));
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_seeds CORPUS_DIR\n");
		return 2;
	}
	dir = argv[1];
	snapshots();
	plans();
	scenarios();
	return 0;
}
