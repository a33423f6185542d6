/*
 * Concurrent readers of one model (doc/hardening.md). Eight threads run the
 * same planning work on one shared `const rasgw_model *`: placement plans of
 * every connection type, placing the unplaced, removals, learned routes,
 * failure, recovery, drain, rebalance and consolidation plans, inverses,
 * plan JSON, snapshots, lookups and walks, and the per-thread last error of
 * refused requests. Each thread records everything it got as text; all of
 * it must be byte-identical to a single-threaded reference run (R8.1: the
 * same state and event always give a byte-identical plan, whatever runs
 * beside it).
 *
 * The test is built and run normally, and in the ThreadSanitizer build
 * (-DRASGW_SANITIZE=thread, run-tests.sh), which reports any data race.
 * Nothing is parsed inside the threads: cJSON resets a process-wide error
 * pointer on every parse, a known report that is not librasgw's.
 *
 * RASGW_TEST_SCALE (a factor, default 1) scales the rounds per thread.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "rasgw/alloc.h"
#include "rasgw/errors.h"
#include "rasgw/load.h"
#include "rasgw/place.h"
#include "rasgw/plan.h"
#include "rasgw/snapshot.h"
#if __has_include("rasgw/failover.h")
#include "rasgw/failover.h"
#define HAVE_FAILOVER 1
#endif
#if __has_include("rasgw/scale.h") && defined(HAVE_FAILOVER)
#include "rasgw/scale.h"
#define HAVE_SCALE 1
#endif

#define THREADS 8

static const rasgw_model *shared;

/* ------------------------------------------------------------- text output */

typedef struct out {
	char *s;
	size_t len, cap;
} out;

static void put(out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->len + n + 1 > o->cap) {
		o->cap = (o->len + n + 1) * 2;
		o->s = realloc(o->s, o->cap);
	}
	memcpy(o->s + o->len, s, n + 1);
	o->len += n;
}

static void putf_u(out *o, const char *fmt, unsigned long long v)
{
	char line[128];
	snprintf(line, sizeof(line), fmt, v);
	put(o, line);
}

/* A plan call's result: its JSON and its inverse's, or the refusal. */
static void put_result(out *o, const char *what, int rc, rasgw_plan *p)
{
	put(o, what);
	if (rc != 0) {
		const rasgw_error *e = rasgw_error_last();
		char line[32];
		snprintf(line, sizeof(line), " -> refused %d: ", rc);
		put(o, line);
		put(o, e->code == rc ? e->message : "(last error does not match)");
		put(o, "\n");
		return;
	}
	char *json = NULL;
	put(o, "\n");
	if (rasgw_plan_to_json(p, &json) == 0) {
		put(o, json);
		rasgw_free(json);
	} else {
		put(o, "(to_json failed)");
	}
	rasgw_plan *inv = NULL;
	if (rasgw_plan_invert(&inv, p) == 0 && rasgw_plan_to_json(inv, &json) == 0) {
		put(o, json);
		rasgw_free(json);
	} else {
		put(o, "(invert failed)");
	}
	rasgw_plan_free(inv);
	rasgw_plan_free(p);
}

/* ------------------------------------------------------------- the work */

static void placements(out *o, const rasgw_model *m)
{
	static const char *pfx[] = { "10.77.0.0/16" };
	rasgw_connection specs[] = {
		{ .id = "t-ike", .tenant_id = "northwind", .type = RASGW_CONN_IKEV2,
		  .inbound_kbps = 100000, .outbound_kbps = 100000, .source_ip = "198.51.100.77",
		  .static_prefixes = pfx, .static_prefix_count = 1 },
		{ .id = "t-gre", .tenant_id = "tailspin", .type = RASGW_CONN_GRE,
		  .inbound_kbps = 500000, .outbound_kbps = 500000, .remote_endpoint = "198.51.100.88",
		  .gre_key = 88, .routing = RASGW_ROUTING_BGP, .peer_asn = 65188 },
		{ .id = "t-l3", .tenant_id = "woodgrove", .type = RASGW_CONN_L3,
		  .inbound_kbps = 100000, .outbound_kbps = 100000, .vlan = 1002,
		  .vlan_subnet = "10.127.134.0/24", .ca_ip = "10.127.134.70",
		  .peer_ip = "10.127.134.75" },
		/* refused: source IP taken (R2.3), per-thread error message */
		{ .id = "t-dup", .tenant_id = "northwind", .type = RASGW_CONN_IKEV2,
		  .inbound_kbps = 1, .source_ip = "198.51.100.10" },
		/* refused: too big anywhere */
		{ .id = "t-huge", .tenant_id = "litware", .type = RASGW_CONN_GRE,
		  .inbound_kbps = 90000000, .remote_endpoint = "198.51.100.99", .gre_key = 1 },
	};
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		for (int policy = 0; policy < 3; policy++) {
			rasgw_place_options opts = RASGW_PLACE_OPTIONS_INIT;
			opts.policy = (rasgw_fit_policy)policy;
			rasgw_plan *p = NULL;
			int rc = rasgw_plan_connection_add(&p, m, &specs[i], &opts);
			put_result(o, specs[i].id, rc, p);
		}
	}
	for (size_t i = 0; i < rasgw_model_connection_count(m); i++) {
		const rasgw_connection *c = rasgw_model_connection_get(m, i);
		rasgw_plan *p = NULL;
		int rc = rasgw_plan_connection_remove(&p, m, c->id, NULL);
		put_result(o, "remove", rc, p);
		static const char *learned[] = { "172.16.99.0/24", "10.9.0.0/16" };
		p = NULL;
		rc = rasgw_plan_routes_learned(&p, m, c->id, learned, 2);
		put_result(o, "routes", rc, p);
		p = NULL;
		rc = rasgw_plan_connection_place(&p, m, c->id, NULL);
		put_result(o, "place", rc, p);
	}
}

static void failures(out *o, const rasgw_model *m)
{
#ifdef HAVE_FAILOVER
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const char *id = rasgw_model_gateway_get(m, i)->id;
		for (int cause = RASGW_FAILURE_VM; cause <= RASGW_FAILURE_HOST; cause++) {
			rasgw_plan *p = NULL;
			int rc = rasgw_plan_gateway_failure(&p, m, id, (rasgw_failure_cause)cause, NULL);
			put_result(o, id, rc, p);
		}
		rasgw_plan *p = NULL;
		int rc = rasgw_plan_gateway_recovery(&p, m, id, NULL);
		put_result(o, "recovery", rc, p);
#ifdef HAVE_SCALE
		p = NULL;
		rc = rasgw_plan_gateway_drain(&p, m, id, NULL);
		put_result(o, "drain", rc, p);
#endif
	}
	for (size_t i = 0; i < rasgw_model_host_count(m); i++) {
		rasgw_plan *p = NULL;
		int rc = rasgw_plan_host_failure(&p, m, rasgw_model_host_get(m, i)->id, NULL);
		put_result(o, "host", rc, p);
	}
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++) {
		rasgw_plan *p = NULL;
		int rc = rasgw_plan_rebalance(&p, m, rasgw_model_pool_get(m, i)->id, NULL);
		put_result(o, "rebalance", rc, p);
		p = NULL;
		rc = rasgw_plan_consolidate(&p, m, rasgw_model_pool_get(m, i)->id, NULL);
		put_result(o, "consolidate", rc, p);
	}
#else
	(void)o;
	(void)m;
#endif
}

static void reads(out *o, const rasgw_model *m)
{
	char *snap = NULL;
	if (rasgw_model_snapshot_json(m, &snap) == 0) {
		put(o, snap);
		rasgw_free(snap);
	}
	putf_u(o, "fingerprint %016llx\n", (unsigned long long)rasgw_model_fingerprint(m));
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		const rasgw_gateway *l = rasgw_model_gateway_lookup(m, g->id);
		put(o, l == g ? g->id : "lookup mismatch");
		putf_u(o, " %llu", (unsigned long long)g->available_kbps);
		put(o, rasgw_gateway_role_name(g->role));
		put(o, "\n");
	}
	for (size_t i = 0; i < rasgw_model_connection_count(m); i++) {
		const rasgw_connection *c = rasgw_model_connection_get(m, i);
		put(o, rasgw_model_connection_lookup(m, c->id) == c ? c->id : "lookup mismatch");
		put(o, c->gateway_id ? c->gateway_id : "-");
		const rasgw_pool *p = c->gateway_id
			? rasgw_model_pool_lookup(m, rasgw_model_gateway_lookup(m, c->gateway_id)->pool_id)
			: NULL;
		putf_u(o, " cost %llu\n",
		       (unsigned long long)(p ? rasgw_pool_connection_cost(p, c->type, c->inbound_kbps,
									  c->outbound_kbps)
					      : 0));
	}
	put(o, rasgw_model_tenant_lookup(m, "no-such-tenant") ? "found?\n" : "absent\n");
}

static void one_round(out *o)
{
	placements(o, shared);
	failures(o, shared);
	reads(o, shared);
}

/* ------------------------------------------------------------------ threads */

typedef struct worker {
	pthread_t thread;
	int rounds;
	const char *reference;
	int mismatches;
	char *first_diff; /* the first differing output, for the message */
} worker;

static pthread_barrier_t start;

static void *work(void *arg)
{
	worker *w = arg;
	pthread_barrier_wait(&start);
	for (int r = 0; r < w->rounds; r++) {
		out o = { 0 };
		one_round(&o);
		if (strcmp(o.s, w->reference) != 0) {
			if (!w->mismatches++)
				w->first_diff = o.s, o.s = NULL;
		}
		free(o.s);
	}
	return NULL;
}

static int scaled(int n)
{
	const char *s = getenv("RASGW_TEST_SCALE");
	double f = s ? strtod(s, NULL) : 1.0;
	int v = (int)(n * (f > 0 ? f : 1.0));
	return v < 1 ? 1 : v;
}

/* R8.1: the same state and event give a byte-identical plan, from any thread. */
START_TEST(R8_1_concurrent_planning_is_identical)
{
	rasgw_model *m = NULL;
	ck_assert_int_eq(rasgw_model_load_file(&m, RASGW_EXAMPLES_DIR
					       "/topologies/contoso-woodgrove.yaml", NULL), 0);
	shared = m;
	uint64_t fp = rasgw_model_fingerprint(m);

	out ref = { 0 };
	one_round(&ref);
	/* The reference itself must hold real plans, not only refusals. */
	ck_assert_ptr_nonnull(strstr(ref.s, "\"event\":\"connection.add\""));
	ck_assert_ptr_nonnull(strstr(ref.s, "refused"));
#ifdef HAVE_FAILOVER
	ck_assert_ptr_nonnull(strstr(ref.s, "\"event\":\"gateway.failure\""));
#endif

	worker w[THREADS];
	int rounds = scaled(20);
	ck_assert_int_eq(pthread_barrier_init(&start, NULL, THREADS), 0);
	for (int i = 0; i < THREADS; i++) {
		w[i] = (worker){ .rounds = rounds, .reference = ref.s };
		ck_assert_int_eq(pthread_create(&w[i].thread, NULL, work, &w[i]), 0);
	}
	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_join(w[i].thread, NULL), 0);
	pthread_barrier_destroy(&start);

	for (int i = 0; i < THREADS; i++) {
		if (w[i].mismatches) {
			size_t k = 0;
			while (w[i].first_diff[k] && w[i].first_diff[k] == ref.s[k])
				k++;
			ck_abort_msg("thread %d: %d of %d rounds differ from the reference, first at "
				     "byte %zu: ...%.80s",
				     i, w[i].mismatches, rounds, k, w[i].first_diff + k);
		}
	}
	ck_assert_uint_eq(rasgw_model_fingerprint(m), fp);
	printf("threads: %d threads x %d rounds, %zu bytes of plans each round, identical\n",
	       THREADS, rounds, ref.len);
	free(ref.s);
	rasgw_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("threads");
	TCase *tc = tcase_create("R8_1_concurrent_planning");
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, R8_1_concurrent_planning_is_identical);
	suite_add_tcase(s, tc);
	return rasgw_test_run(s);
}
