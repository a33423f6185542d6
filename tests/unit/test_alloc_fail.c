/*
 * Allocation-failure injection over every operation (doc/hardening.md).
 *
 * A counting allocator is installed through rasgw_set_allocator() for the
 * whole program. For each operation a reference run counts its allocations
 * (N); then, for every k in 0..N-1, the operation is run again on fresh
 * inputs with the k-th allocation failing. Each run must:
 *   - return RASGW_ENOMEM and record it as the last error, leaving its
 *     outputs untouched, or succeed with exactly the reference result (the
 *     allocation was optional);
 *   - leave its inputs as they were on failure: the model's fingerprint and
 *     canonical snapshot, the plan's JSON, the in-memory backend's dump
 *     (R8.1 plans are pure, R8.4 commit is all or nothing);
 *   - leak nothing: once inputs and outputs are freed, the count of live
 *     blocks is back where it was.
 * Each test prints "alloc-fail: <operation>: N allocation sites, M optional".
 *
 * Allocations of libyaml and cJSON go through their own hooks (libc), not
 * rasgw_set_allocator(), and are not failed here.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "model/model_int.h"
#include "rasgw/alloc.h"
#include "rasgw/errors.h"
#include "rasgw/exec.h"
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

/* ------------------------------------------------------ counting allocator */

static bool armed;     /* count calls and fail the fail_at-th */
static long fail_at;   /* index of the call to fail while armed */
static long calls;     /* calls since arm() */
static bool injected;  /* the failure happened */
static long live;      /* blocks currently allocated through librasgw */

static bool fail_now(void)
{
	if (!armed)
		return false;
	if (calls++ == fail_at) {
		injected = true;
		return true;
	}
	return false;
}

static void *t_malloc(size_t n, void *payload)
{
	(void)payload;
	if (fail_now())
		return NULL;
	void *p = malloc(n);
	live += p != NULL;
	return p;
}

static void *t_realloc(void *ptr, size_t n, void *payload)
{
	(void)payload;
	if (fail_now())
		return NULL;
	void *p = realloc(ptr, n);
	live += p && !ptr;
	return p;
}

static void t_free(void *ptr, void *payload)
{
	(void)payload;
	live -= ptr != NULL;
	free(ptr);
}

static void arm(long k)
{
	calls = 0;
	fail_at = k;
	injected = false;
	armed = true;
}

static void disarm(void)
{
	armed = false;
}

/* ----------------------------------------------------------------- inputs */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t r;
	while ((r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static char *topology_text;
static size_t topology_len;

static rasgw_model *load_model(void)
{
	rasgw_model *m = NULL;
	int rc = rasgw_model_load_buffer(&m, topology_text, topology_len, "contoso-woodgrove.yaml",
					 NULL);
	ck_assert_msg(rc == 0, "%s", rasgw_error_last()->message);
	return m;
}

static void must(int rc, const char *what)
{
	ck_assert_msg(rc == 0, "%s: %s", what, rasgw_error_last()->message);
}

/* ------------------------------------------------------------- the harness */

#define SENTINEL ((void *)(uintptr_t)0x5a5a)

typedef struct ctx {
	/* inputs, made by setup with the allocator not failing */
	rasgw_model *m;
	rasgw_plan *plan;
	char *text; /* rasgw-allocated text input */
	rasgw_memory_backend *mb;
	rasgw_backends *backends;
	unsigned variant;
	/* outputs: SENTINEL until the operation writes them */
	rasgw_model *out_model;
	rasgw_plan *out_plan;
	char *out_text;
	rasgw_apply_report *out_report;
} ctx;

typedef struct op_case {
	const char *name;
	void (*setup)(ctx *c);
	int (*run)(ctx *c);
	/* apply reports a failing backend operation as RASGW_EBACKEND */
	int other_rc;
} op_case;

static void cat(char **acc, const char *s)
{
	size_t a = *acc ? strlen(*acc) : 0, b = strlen(s);
	*acc = realloc(*acc, a + b + 1);
	memcpy(*acc + a, s, b + 1);
}

static void cat_model(char **acc, const rasgw_model *m)
{
	char line[64], *snap = NULL;
	snprintf(line, sizeof(line), "fingerprint %016llx\n",
		 (unsigned long long)rasgw_model_fingerprint(m));
	cat(acc, line);
	must(rasgw_model_snapshot_json(m, &snap), "snapshot");
	cat(acc, snap);
	rasgw_free(snap);
	must(rasgw__model_check_invariants(m), "invariants");
}

static void cat_plan(char **acc, const rasgw_plan *p)
{
	char *s = NULL;
	must(rasgw_plan_to_json(p, &s), "plan JSON");
	cat(acc, s);
	rasgw_free(s);
}

static void cat_backend(char **acc, const rasgw_memory_backend *mb)
{
	char *s = NULL;
	must(rasgw_memory_backend_dump(mb, &s), "dump");
	cat(acc, "backend:\n");
	cat(acc, s);
	rasgw_free(s);
}

/* The state of the inputs (taken with the allocator not failing). */
static char *inputs_text(const ctx *c)
{
	char *acc = NULL;
	cat(&acc, "inputs\n");
	if (c->m)
		cat_model(&acc, c->m);
	if (c->plan)
		cat_plan(&acc, c->plan);
	if (c->mb)
		cat_backend(&acc, c->mb);
	return acc;
}

/* What the operation produced, including inputs it may change on success. */
static char *outputs_text(const ctx *c)
{
	char *acc = inputs_text(c);
	if (c->out_model != SENTINEL)
		cat_model(&acc, c->out_model);
	if (c->out_plan != SENTINEL)
		cat_plan(&acc, c->out_plan);
	if (c->out_text != SENTINEL)
		cat(&acc, c->out_text);
	if (c->out_report != SENTINEL) {
		char line[96];
		snprintf(line, sizeof(line), "report applied %zu rolled back %zu error %d\n",
			 rasgw_apply_report_applied(c->out_report),
			 rasgw_apply_report_rolled_back(c->out_report),
			 rasgw_apply_report_error(c->out_report));
		cat(&acc, line);
	}
	return acc;
}

static void ctx_init(ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->out_model = SENTINEL;
	c->out_plan = SENTINEL;
	c->out_text = SENTINEL;
	c->out_report = SENTINEL;
}

static void ctx_free(ctx *c)
{
	if (c->out_model != SENTINEL)
		rasgw_model_free(c->out_model);
	if (c->out_plan != SENTINEL)
		rasgw_plan_free(c->out_plan);
	if (c->out_text != SENTINEL)
		rasgw_free(c->out_text);
	if (c->out_report != SENTINEL)
		rasgw_apply_report_free(c->out_report);
	rasgw_backends_free(c->backends);
	rasgw_memory_backend_free(c->mb);
	rasgw_plan_free(c->plan);
	rasgw_free(c->text);
	rasgw_model_free(c->m);
}

static void drive(const op_case *oc)
{
	long base = live;
	ctx c;

	/* Reference run: how many allocations, and what a success gives. */
	ctx_init(&c);
	oc->setup(&c);
	rasgw_error_clear();
	arm(-1);
	int rc = oc->run(&c);
	disarm();
	long n = calls;
	ck_assert_msg(rc == 0, "%s: reference run failed: %s", oc->name,
		      rasgw_error_last()->message);
	char *ref = outputs_text(&c);
	ctx_free(&c);
	ck_assert_msg(live == base, "%s: reference run leaked %ld blocks", oc->name, live - base);

	long optional = 0;
	for (long k = 0; k < n; k++) {
		ctx_init(&c);
		oc->setup(&c);
		char *before = inputs_text(&c);
		rasgw_error_clear();
		arm(k);
		rc = oc->run(&c);
		disarm();
		ck_assert_msg(injected, "%s: allocation %ld was not reached (not deterministic)",
			      oc->name, k);
		if (rc == 0) {
			/* The allocation was optional: the result must be the same. */
			char *got = outputs_text(&c);
			ck_assert_msg(strcmp(got, ref) == 0,
				      "%s: allocation %ld failed, the call succeeded with a different result",
				      oc->name, k);
			free(got);
			optional++;
		} else {
			ck_assert_msg(rc == RASGW_ENOMEM || (oc->other_rc && rc == oc->other_rc),
				      "%s: allocation %ld failed: rc %d (%s), not RASGW_ENOMEM",
				      oc->name, k, rc, rasgw_error_last()->message);
			ck_assert_msg(rasgw_error_last()->code == rc,
				      "%s: allocation %ld failed: returned %d, recorded %d", oc->name,
				      k, rc, rasgw_error_last()->code);
			ck_assert_msg(c.out_model == SENTINEL && c.out_plan == SENTINEL &&
					      c.out_text == SENTINEL,
				      "%s: allocation %ld failed and an output was written", oc->name, k);
			char *after = inputs_text(&c);
			ck_assert_msg(strcmp(before, after) == 0,
				      "%s: allocation %ld failed and the inputs changed:\n%s\n---\n%s",
				      oc->name, k, before, after);
			free(after);
		}
		free(before);
		ctx_free(&c);
		ck_assert_msg(live == base, "%s: allocation %ld failed: %ld blocks leaked", oc->name,
			      k, live - base);
	}
	free(ref);
	printf("alloc-fail: %s: %ld allocation sites, %ld optional\n", oc->name, n, optional);
	fflush(stdout);
}

/* --------------------------------------------------------------- operations */

static void setup_none(ctx *c)
{
	(void)c;
}

static void setup_model(ctx *c)
{
	c->m = load_model();
}

static int run_load(ctx *c)
{
	return rasgw_model_load_buffer(&c->out_model, topology_text, topology_len, "t.yaml", NULL);
}

static int run_snapshot_write(ctx *c)
{
	return rasgw_model_snapshot_json(c->m, &c->out_text);
}

static void setup_snapshot_text(ctx *c)
{
	rasgw_model *m = load_model();
	must(rasgw_model_snapshot_json(m, &c->text), "snapshot");
	rasgw_model_free(m);
}

static int run_snapshot_read(ctx *c)
{
	return rasgw_model_from_json(&c->out_model, c->text, strlen(c->text), NULL);
}

/* A new IKEv2 connection with BGP for tenant northwind. */
static rasgw_connection ikev2_spec(void)
{
	static const char *pfx[] = { "10.77.0.0/16", "10.78.0.0/16" };
	rasgw_connection s = { .id = "nw-2", .tenant_id = "fabrikam", .type = RASGW_CONN_IKEV2,
			       .inbound_kbps = 100000, .outbound_kbps = 100000,
			       .source_ip = "198.51.100.77", .routing = RASGW_ROUTING_BGP,
			       .peer_asn = 65177, .peer_bgp_ip = "192.168.77.1",
			       .static_prefixes = pfx, .static_prefix_count = 2 };
	return s;
}

/* An L3 connection for a tenant without connections yet (route reflector chosen). */
static rasgw_connection l3_spec(void)
{
	rasgw_connection s = { .id = "nw-l3", .tenant_id = "northwind", .type = RASGW_CONN_L3,
			       .inbound_kbps = 100000, .outbound_kbps = 100000, .vlan = 1001,
			       .vlan_subnet = "10.127.134.0/24", .ca_ip = "10.127.134.80",
			       .peer_ip = "10.127.134.85", .bgp_ip = "10.127.134.81",
			       .routing = RASGW_ROUTING_BGP, .peer_asn = 65180 };
	return s;
}

static int run_connection_add(ctx *c)
{
	rasgw_connection s = ikev2_spec();
	return rasgw_plan_connection_add(&c->out_plan, c->m, &s, NULL);
}

static int run_connection_add_l3(ctx *c)
{
	rasgw_connection s = l3_spec();
	rasgw_place_options o = RASGW_PLACE_OPTIONS_INIT;
	o.policy = RASGW_FIT_AFFINITY;
	return rasgw_plan_connection_add(&c->out_plan, c->m, &s, &o);
}

static int run_connection_remove(ctx *c)
{
	return rasgw_plan_connection_remove(&c->out_plan, c->m, "contoso-l3", NULL);
}

/* northwind-hq is listed without a gateway in the topology. */
static int run_connection_place(ctx *c)
{
	return rasgw_plan_connection_place(&c->out_plan, c->m, "northwind-hq", NULL);
}

static int run_routes_learned(ctx *c)
{
	static const char *pfx[] = { "172.16.11.0/24", "2001:db8:10::/48", "172.16.12.0/24" };
	return rasgw_plan_routes_learned(&c->out_plan, c->m, "contoso-l3", pfx, 3);
}

#ifdef HAVE_FAILOVER
static int run_gateway_failure(ctx *c)
{
	return rasgw_plan_gateway_failure(&c->out_plan, c->m, "ike-gw1", RASGW_FAILURE_VM, NULL);
}

static int run_gateway_failure_service(ctx *c)
{
	return rasgw_plan_gateway_failure(&c->out_plan, c->m, "gre-gw1", RASGW_FAILURE_SERVICE,
					  NULL);
}

static int run_host_failure(ctx *c)
{
	return rasgw_plan_host_failure(&c->out_plan, c->m, "r1-h1", NULL);
}

/* The model after r1-h1 (ike-gw1, l3-gw1) failed. */
static void setup_after_host_failure(ctx *c)
{
	c->m = load_model();
	rasgw_plan *p = NULL;
	must(rasgw_plan_host_failure(&p, c->m, "r1-h1", NULL), "host failure");
	must(rasgw_model_commit(c->m, p), "commit");
	rasgw_plan_free(p);
}

static int run_host_recovery(ctx *c)
{
	return rasgw_plan_host_recovery(&c->out_plan, c->m, "r1-h1", NULL);
}

/* The model after gateway ike-gw1 failed. */
static void setup_after_gateway_failure(ctx *c)
{
	c->m = load_model();
	rasgw_plan *p = NULL;
	must(rasgw_plan_gateway_failure(&p, c->m, "ike-gw1", RASGW_FAILURE_VM, NULL), "failure");
	must(rasgw_model_commit(c->m, p), "commit");
	rasgw_plan_free(p);
}

static int run_gateway_recovery(ctx *c)
{
	return rasgw_plan_gateway_recovery(&c->out_plan, c->m, "ike-gw1", NULL);
}

static int run_rebalance(ctx *c)
{
	return rasgw_plan_rebalance(&c->out_plan, c->m, "ike-pool", NULL);
}

static int run_consolidate(ctx *c)
{
	return rasgw_plan_consolidate(&c->out_plan, c->m, "ike-pool", NULL);
}
#endif

#ifdef HAVE_SCALE
static int run_drain(ctx *c)
{
	return rasgw_plan_gateway_drain(&c->out_plan, c->m, "ike-gw2", NULL);
}

static int run_gateway_add(ctx *c)
{
	rasgw_gateway g = { .id = "gre-gw5", .pool_id = "gre-pool", .host_id = "r2-h1",
			    .dip = "10.10.2.33", .gre_vip = "10.50.0.15",
			    .role = RASGW_GATEWAY_ACTIVE };
	return rasgw_plan_gateway_add(&c->out_plan, c->m, &g);
}

static int run_gateway_remove(ctx *c)
{
	return rasgw_plan_gateway_remove(&c->out_plan, c->m, "gre-gw3", NULL);
}

static int run_pool_add(ctx *c)
{
	static const char *ips[] = { "203.0.113.20" };
	rasgw_pool p = { .id = "ike2", .type = RASGW_POOL_IKEV2, .capacity_kbps = 10000000,
			 .redundant_count = 1, .public_ips = ips, .public_ip_count = 1 };
	rasgw_gateway g[] = {
		{ .id = "ike2-gw1", .host_id = "r1-h2", .dip = "10.10.1.51",
		  .role = RASGW_GATEWAY_ACTIVE },
		{ .id = "ike2-gw2", .host_id = "r2-h2", .dip = "10.10.2.51",
		  .role = RASGW_GATEWAY_STANDBY },
	};
	return rasgw_plan_pool_add(&c->out_plan, c->m, &p, g, 2);
}
#endif

/* Commit: setup makes the plan with the allocator not failing. */
typedef int (*planner)(ctx *c);
static const struct {
	const char *name;
	planner make;
	void (*setup)(ctx *c);
} commit_plans[] = {
	{ "commit.connection_add", run_connection_add, setup_model },
	{ "commit.connection_add.l3", run_connection_add_l3, setup_model },
	{ "commit.connection_remove", run_connection_remove, setup_model },
	{ "commit.connection_place", run_connection_place, setup_model },
	{ "commit.routes_learned", run_routes_learned, setup_model },
#ifdef HAVE_FAILOVER
	{ "commit.gateway_failure", run_gateway_failure, setup_model },
	{ "commit.gateway_failure.service", run_gateway_failure_service, setup_model },
	{ "commit.host_failure", run_host_failure, setup_model },
	{ "commit.host_recovery", run_host_recovery, setup_after_host_failure },
	{ "commit.gateway_recovery", run_gateway_recovery, setup_after_gateway_failure },
	{ "commit.consolidate", run_consolidate, setup_model },
#endif
#ifdef HAVE_SCALE
	{ "commit.drain", run_drain, setup_model },
	{ "commit.gateway_add", run_gateway_add, setup_model },
	{ "commit.gateway_remove", run_gateway_remove, setup_model },
	{ "commit.pool_add", run_pool_add, setup_model },
#endif
};

static size_t commit_index;

static void setup_commit(ctx *c)
{
	commit_plans[commit_index].setup(c);
	must(commit_plans[commit_index].make(c), commit_plans[commit_index].name);
	c->plan = c->out_plan;
	c->out_plan = SENTINEL;
}

static int run_commit(ctx *c)
{
	return rasgw_model_commit(c->m, c->plan);
}

/* Invert, JSON, apply: on the richest plan available. */
static void setup_plan(ctx *c)
{
	c->m = load_model();
#ifdef HAVE_FAILOVER
	must(rasgw_plan_host_failure(&c->plan, c->m, "r1-h1", NULL), "host failure");
#else
	rasgw_connection s = ikev2_spec();
	must(rasgw_plan_connection_add(&c->plan, c->m, &s, NULL), "connection add");
#endif
}

static int run_invert(ctx *c)
{
	return rasgw_plan_invert(&c->out_plan, c->plan);
}

static int run_plan_to_json(ctx *c)
{
	return rasgw_plan_to_json(c->plan, &c->out_text);
}

static void setup_plan_text(ctx *c)
{
	setup_plan(c);
	must(rasgw_plan_to_json(c->plan, &c->text), "plan JSON");
	rasgw_plan_free(c->plan);
	c->plan = NULL;
}

static int run_plan_from_json(ctx *c)
{
	return rasgw_plan_from_json(&c->out_plan, c->m, c->text, strlen(c->text), NULL);
}

/*
 * Apply: the dataplane holds what the plan's inverse removes (the plan was
 * applied once), then the inverse is applied: both removals and additions.
 * Variant 0 uses the default retries (a failed allocation in the backend is
 * retried and succeeds); variant 1 none, so the backend's failure makes the
 * executor roll back (RASGW_EBACKEND) and the dump must be as before.
 */
static void setup_apply(ctx *c)
{
	setup_plan(c);
	rasgw_plan *inv = NULL;
	must(rasgw_plan_invert(&inv, c->plan), "invert");
	must(rasgw_memory_backend_new(&c->mb), "backend");
	must(rasgw_backends_new(&c->backends), "backends");
	must(rasgw_memory_backend_attach(c->mb, c->backends), "attach");
	must(rasgw_plan_apply(c->plan, c->backends, NULL, NULL), "apply");
	rasgw_plan_free(c->plan);
	c->plan = inv;
}

static int run_apply(ctx *c)
{
	rasgw_apply_options o = RASGW_APPLY_OPTIONS_INIT;
	return rasgw_plan_apply(c->plan, c->backends, &o, &c->out_report);
}

static int run_apply_no_retry(ctx *c)
{
	rasgw_apply_options o = RASGW_APPLY_OPTIONS_INIT;
	o.max_retries = 0;
	int rc = rasgw_plan_apply(c->plan, c->backends, &o, &c->out_report);
	if (rc != 0 && c->out_report != SENTINEL) {
		/* A report comes back on failure too; it must say what failed. */
		ck_assert_int_eq(rasgw_apply_report_error(c->out_report), rc);
		ck_assert_uint_eq(rasgw_apply_report_applied(c->out_report), 0);
		ck_assert_uint_eq(rasgw_apply_report_rollback_failures(c->out_report), 0);
		rasgw_apply_report_free(c->out_report);
		c->out_report = SENTINEL;
	}
	return rc;
}

/* ------------------------------------------------------------------- tests */

/* R8.1: loading is all or nothing; a failed allocation leaves no model and no leak. */
START_TEST(R8_1_load_yaml)
{
	drive(&(op_case){ "load.yaml", setup_none, run_load, 0 });
}
END_TEST

/* R8.4: snapshots carry the fingerprint; writing and reading fail cleanly. */
START_TEST(R8_4_snapshot_write)
{
	drive(&(op_case){ "snapshot.write", setup_model, run_snapshot_write, 0 });
}
END_TEST

START_TEST(R8_4_snapshot_read)
{
	drive(&(op_case){ "snapshot.read", setup_snapshot_text, run_snapshot_read, 0 });
}
END_TEST

/* R8.1: planning is a pure function of the model; failing never changes it. */
static const op_case planners[] = {
	{ "place.connection_add", setup_model, run_connection_add, 0 },
	{ "place.connection_add.l3", setup_model, run_connection_add_l3, 0 },
	{ "place.connection_remove", setup_model, run_connection_remove, 0 },
	{ "place.connection_place", setup_model, run_connection_place, 0 },
	{ "place.routes_learned", setup_model, run_routes_learned, 0 },
#ifdef HAVE_FAILOVER
	{ "failover.gateway_failure", setup_model, run_gateway_failure, 0 },
	{ "failover.gateway_failure.service", setup_model, run_gateway_failure_service, 0 },
	{ "failover.host_failure", setup_model, run_host_failure, 0 },
	{ "failover.host_recovery", setup_after_host_failure, run_host_recovery, 0 },
	{ "failover.gateway_recovery", setup_after_gateway_failure, run_gateway_recovery, 0 },
	{ "failover.rebalance", setup_model, run_rebalance, 0 },
	{ "failover.consolidate", setup_model, run_consolidate, 0 },
#endif
#ifdef HAVE_SCALE
	{ "scale.drain", setup_model, run_drain, 0 },
	{ "scale.gateway_add", setup_model, run_gateway_add, 0 },
	{ "scale.gateway_remove", setup_model, run_gateway_remove, 0 },
	{ "scale.pool_add", setup_model, run_pool_add, 0 },
#endif
};

START_TEST(R8_1_planning)
{
	drive(&planners[_i]);
}
END_TEST

/* R8.4: commit is all or nothing (model and fingerprint unchanged on failure). */
START_TEST(R8_4_commit)
{
	commit_index = (size_t)_i;
	op_case oc = { commit_plans[_i].name, setup_commit, run_commit, 0 };
	drive(&oc);
}
END_TEST

/* R8.1: plans can be inverted and serialized without side effects. */
START_TEST(R8_1_invert)
{
	drive(&(op_case){ "plan.invert", setup_plan, run_invert, 0 });
}
END_TEST

START_TEST(R8_1_plan_to_json)
{
	drive(&(op_case){ "plan.to_json", setup_plan, run_plan_to_json, 0 });
}
END_TEST

START_TEST(R8_1_plan_from_json)
{
	drive(&(op_case){ "plan.from_json", setup_plan_text, run_plan_from_json, 0 });
}
END_TEST

/* R8.1: backends apply plans; a failed apply rolls the dataplane back. */
START_TEST(R8_1_apply)
{
	drive(&(op_case){ "exec.apply", setup_apply, run_apply, 0 });
}
END_TEST

START_TEST(R8_1_apply_without_retries)
{
	drive(&(op_case){ "exec.apply.no_retry", setup_apply, run_apply_no_retry, RASGW_EBACKEND });
}
END_TEST

static void install_allocator(void)
{
	static const rasgw_allocator counting = { RASGW_ALLOCATOR_VERSION, t_malloc, t_realloc,
						  t_free, NULL };
	ck_assert_int_eq(rasgw_set_allocator(&counting), 0);
	if (!topology_text) {
		topology_text = read_file(RASGW_EXAMPLES_DIR "/topologies/contoso-woodgrove.yaml",
					  &topology_len);
	}
}

static Suite *suite(void)
{
	Suite *s = suite_create("alloc_fail");
	struct {
		const char *name;
		const TTest *test;
		int n;
	} cases[] = {
		{ "R8_1_load_yaml", R8_1_load_yaml, 1 },
		{ "R8_4_snapshot_write", R8_4_snapshot_write, 1 },
		{ "R8_4_snapshot_read", R8_4_snapshot_read, 1 },
		{ "R8_1_planning", R8_1_planning, (int)(sizeof(planners) / sizeof(planners[0])) },
		{ "R8_4_commit", R8_4_commit, (int)(sizeof(commit_plans) / sizeof(commit_plans[0])) },
		{ "R8_1_invert", R8_1_invert, 1 },
		{ "R8_1_plan_to_json", R8_1_plan_to_json, 1 },
		{ "R8_1_plan_from_json", R8_1_plan_from_json, 1 },
		{ "R8_1_apply", R8_1_apply, 1 },
		{ "R8_1_apply_without_retries", R8_1_apply_without_retries, 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_add_checked_fixture(tc, install_allocator, NULL);
		tcase_set_timeout(tc, 600);
		tcase_add_loop_test(tc, cases[i].test, 0, cases[i].n);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	int rc = rasgw_test_run(suite());
	free(topology_text);
	return rc;
}
