/*
 * Fuzz target: arbitrary event sequences through planning and commit.
 *
 * The input is decoded into a sequence of operations on one of the example
 * topologies (the first byte picks it): connection add with fuzzed fields and
 * fit policy, connection remove or place, routes learned, gateway failure
 * (VM, service, host cause) and recovery, host failure and recovery, drain,
 * failback, rebalance or consolidate, gateway add and remove, pool add and
 * remove. Each operation is planned on the current model; a refusal must
 * leave the model alone and come with a documented code; an accepted plan
 * must commit.
 * Flag bits of each operation also send the plan through its JSON text,
 * through invert (commit, commit the inverse, commit again) and through the
 * in-memory backend. After every commit the model's invariants must hold
 * (rasgw__model_check_invariants) and its fingerprint must be the plan's
 * result fingerprint; any violation aborts, so libFuzzer keeps the input.
 *
 * Encoding (doc/hardening.md): byte 0 picks the topology; then per operation
 * one opcode byte (low 4 bits: operation; high 4 bits: flags), then the
 * operation's own bytes. Missing bytes read as 0, so every input is valid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "rasgw/alloc.h"
#include "rasgw/exec.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPS 48

/* ------------------------------------------------------------ byte reader */

typedef struct reader {
	const uint8_t *p;
	size_t n;
} reader;

static unsigned rd8(reader *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

static unsigned rd16(reader *r)
{
	unsigned a = rd8(r);
	return a | rd8(r) << 8;
}

static uint32_t rd32(reader *r)
{
	uint32_t a = rd16(r);
	return a | (uint32_t)rd16(r) << 16;
}

static const char *pick(reader *r, const char *const *list, size_t n)
{
	return list[rd8(r) % n];
}

/* Scratch strings live until the end of one operation. */
static char scratch[32][64];
static unsigned scratch_next;

static const char *fmt_str(const char *fmt, unsigned a)
{
	char *s = scratch[scratch_next++ % 32];
	snprintf(s, 64, fmt, a);
	return s;
}

/* ------------------------------------------------------ picking from model */

static const char *pick_gateway(reader *r, const rasgw_model *m)
{
	unsigned b = rd8(r);
	size_t n = rasgw_model_gateway_count(m);
	if (b == 255 || !n)
		return "no-such-gateway";
	return rasgw_model_gateway_get(m, b % n)->id;
}

static const char *pick_host(reader *r, const rasgw_model *m)
{
	unsigned b = rd8(r);
	size_t n = rasgw_model_host_count(m);
	if (b == 255 || !n)
		return "no-such-host";
	return rasgw_model_host_get(m, b % n)->id;
}

static const char *pick_pool(reader *r, const rasgw_model *m)
{
	unsigned b = rd8(r);
	size_t n = rasgw_model_pool_count(m);
	if (b == 255 || !n)
		return "no-such-pool";
	return rasgw_model_pool_get(m, b % n)->id;
}

static const char *pick_tenant(reader *r, const rasgw_model *m)
{
	unsigned b = rd8(r);
	size_t n = rasgw_model_tenant_count(m);
	if (b == 255 || !n)
		return "no-such-tenant";
	return rasgw_model_tenant_get(m, b % n)->id;
}

static const char *pick_connection(reader *r, const rasgw_model *m)
{
	unsigned b = rd8(r);
	size_t n = rasgw_model_connection_count(m);
	if (b == 255 || !n)
		return "no-such-connection";
	return rasgw_model_connection_get(m, b % n)->id;
}

/* ------------------------------------------------------------ fuzzed values */

static const char *const prefixes[] = {
	"10.1.0.0/16", "10.1.0.0/16", "172.16.20.0/24", "192.168.30.0/24", "2001:db8::/32",
	"10.1.2.3/8", "0.0.0.0/0", "bad/99", "", "10.200.0.0/16", "2001:DB8:0::/48", "1.2.3.4/32",
};

static const char *const addrs[] = {
	"198.51.100.10", "198.51.100.20", "198.51.100.50", "203.0.113.10", "10.127.134.50",
	"not-an-ip", "", "::1", "2001:db8::5", "10.10.1.21", "10.50.0.11", "0.0.0.0",
	"255.255.255.255", "198.51.100.010", "fe80::1%eth0", "10.127.134.55",
};

static uint64_t pick_kbps(reader *r)
{
	static const uint64_t kbps[] = { 0, 1, 1000, 500000, 5000000, 10000000, 20000000,
					 UINT64_MAX, UINT64_MAX / 2, 4999999 };
	unsigned b = rd8(r);
	if (b >= 200)
		return rd32(r);
	return kbps[b % (sizeof(kbps) / sizeof(kbps[0]))];
}

static const char *pick_addr(reader *r, const char *fmt)
{
	unsigned b = rd8(r);
	if (b < 128)
		return fmt_str(fmt, b % 40);
	return addrs[b % (sizeof(addrs) / sizeof(addrs[0]))];
}

static void pick_prefixes(reader *r, const char **out, size_t *n, size_t max)
{
	*n = rd8(r) % (max + 1);
	for (size_t i = 0; i < *n; i++)
		out[i] = pick(r, prefixes, sizeof(prefixes) / sizeof(prefixes[0]));
}

/* --------------------------------------------------------------- checking */

typedef struct state {
	rasgw_model *m;
	rasgw_memory_backend *mb;
	rasgw_backends *backends;
} state;

/* A planner refused: documented code, model untouched, output untouched. */
static void refused(const char *what, int rc, const state *st, uint64_t fp,
		    const rasgw_plan *out, const rasgw_plan *sentinel)
{
	fz_check_error(what, rc);
	FZ_CHECK(out == sentinel, "%s failed (%d) but wrote its output", what, rc);
	FZ_CHECK(rasgw_model_fingerprint(st->m) == fp, "%s failed and changed the model", what);
}

static void commit_ok(state *st, const rasgw_plan *p, const char *what)
{
	uint64_t want = rasgw_plan_result_fingerprint(p);
	rasgw_error_clear();
	int rc = rasgw_model_commit(st->m, p);
	FZ_CHECK(rc == 0, "%s: committing a fresh plan failed with %d", what, rc);
	FZ_CHECK(rasgw_model_fingerprint(st->m) == want,
		 "%s: fingerprint after commit %016llx is not the plan's result %016llx", what,
		 (unsigned long long)rasgw_model_fingerprint(st->m), (unsigned long long)want);
	fz_check_model(what, st->m);
}

/*
 * Take a fresh plan through the optional checks and commit it.
 * flags: 1 JSON round trip, 2 invert, 4 apply, 8 plan again (determinism).
 */
static void accept_plan(state *st, rasgw_plan *p, unsigned flags, const char *what,
			rasgw_plan *again)
{
	uint64_t base = rasgw_model_fingerprint(st->m);
	FZ_CHECK(rasgw_plan_base_fingerprint(p) == base, "%s: plan base is not the model", what);
	char *json = NULL;
	if ((flags & 1) || again)
		FZ_CHECK(rasgw_plan_to_json(p, &json) == 0, "%s: plan JSON failed", what);
	if (again) {
		char *json2 = NULL;
		FZ_CHECK(rasgw_plan_to_json(again, &json2) == 0, "%s: plan JSON failed", what);
		FZ_CHECK(strcmp(json, json2) == 0, "%s: planning twice gave different plans", what);
		rasgw_free(json2);
	}
	rasgw_plan *use = p, *read = NULL;
	if (flags & 1) {
		rasgw_error_clear();
		int rc = rasgw_plan_from_json(&read, st->m, json, strlen(json), NULL);
		FZ_CHECK(rc == 0, "%s: a planner's plan does not read back from its JSON (%d)",
			 what, rc);
		char *json2 = NULL;
		FZ_CHECK(rasgw_plan_to_json(read, &json2) == 0, "%s: plan JSON failed", what);
		FZ_CHECK(strcmp(json, json2) == 0, "%s: plan JSON round trip changed the text",
			 what);
		rasgw_free(json2);
		use = read;
	}
	if (flags & 4) {
		/* The dataplane did not start from the model's state, so an
		 * operation may find nothing to act on; only the contract of
		 * the executor is checked: a known code and, on failure, a
		 * full rollback. */
		char *before = NULL, *after = NULL;
		FZ_CHECK(rasgw_memory_backend_dump(st->mb, &before) == 0, "dump failed");
		rasgw_apply_report *rep = NULL;
		rasgw_error_clear();
		int rc = rasgw_plan_apply(use, st->backends, NULL, &rep);
		FZ_CHECK(rep != NULL, "%s: apply gave no report", what);
		if (rc != 0) {
			fz_check_error("rasgw_plan_apply", rc);
			FZ_CHECK(rasgw_memory_backend_dump(st->mb, &after) == 0, "dump failed");
			if (rasgw_apply_report_rollback_failures(rep) == 0)
				FZ_CHECK(strcmp(before, after) == 0,
					 "%s: failed apply did not roll back the dataplane", what);
			rasgw_free(after);
		} else {
			FZ_CHECK(rasgw_apply_report_applied(rep) == rasgw_plan_op_count(use),
				 "%s: apply succeeded without applying every op", what);
		}
		rasgw_apply_report_free(rep);
		rasgw_free(before);
	}
	commit_ok(st, use, what);
	if (flags & 2) {
		rasgw_plan *inv = NULL;
		FZ_CHECK(rasgw_plan_invert(&inv, use) == 0, "%s: invert failed", what);
		FZ_CHECK(rasgw_plan_base_fingerprint(inv) == rasgw_plan_result_fingerprint(use) &&
				 rasgw_plan_result_fingerprint(inv) == base,
			 "%s: inverse fingerprints are not swapped", what);
		commit_ok(st, inv, "inverse");
		FZ_CHECK(rasgw_model_fingerprint(st->m) == base,
			 "%s: commit then inverse did not restore the model", what);
		rasgw_plan *inv2 = NULL;
		FZ_CHECK(rasgw_plan_invert(&inv2, inv) == 0, "%s: invert of inverse failed", what);
		commit_ok(st, inv2, "inverse of inverse");
		rasgw_plan_free(inv2);
		rasgw_plan_free(inv);
	}
	rasgw_free(json);
	rasgw_plan_free(read);
}

/* ----------------------------------------------------------- the operations */

static void op_connection_add(reader *r, state *st, rasgw_connection *c, rasgw_place_options *o,
			      const char **sp, const char **lp)
{
	const rasgw_model *m = st->m;
	memset(c, 0, sizeof(*c));
	unsigned b = rd8(r);
	c->id = b < 200 ? fmt_str("fz%u", b % 16) : pick_connection(r, m);
	c->tenant_id = pick_tenant(r, m);
	b = rd8(r);
	c->type = b < 250 ? (rasgw_conn_type)(b % 3) : (rasgw_conn_type)(b - 240);
	c->inbound_kbps = pick_kbps(r);
	c->outbound_kbps = pick_kbps(r);
	switch (c->type) {
	case RASGW_CONN_IKEV2:
		c->source_ip = pick_addr(r, "198.51.100.%u");
		b = rd8(r);
		c->destination_ip = b < 128 ? NULL : pick_addr(r, "203.0.113.%u");
		break;
	case RASGW_CONN_GRE:
		c->remote_endpoint = pick_addr(r, "192.0.2.%u");
		c->gre_key = rd8(r) < 128 ? rd8(r) : rd32(r);
		break;
	case RASGW_CONN_L3:
	default: {
		static const uint16_t vlans[] = { 1001, 1002, 0, 4095, 4096, 100, 65535 };
		b = rd8(r);
		c->vlan = b < 224 ? vlans[b % 7] : (uint16_t)rd16(r);
		b = rd8(r);
		c->vlan_subnet = b < 160 ? "10.127.134.0/24" : b < 240 ? fmt_str("10.%u.0.0/16", b)
									  : pick(r, prefixes, 12);
		c->ca_ip = pick_addr(r, "10.127.134.%u");
		c->peer_ip = pick_addr(r, "10.127.134.%u");
		c->bgp_ip = rd8(r) < 160 ? NULL : pick_addr(r, "10.127.134.%u");
		break;
	}
	}
	b = rd8(r);
	c->routing = b < 120 ? RASGW_ROUTING_STATIC : b < 250 ? RASGW_ROUTING_BGP
							      : (rasgw_routing)(b - 245);
	if (c->routing == RASGW_ROUTING_BGP) {
		b = rd8(r);
		c->peer_asn = b < 100 ? 65000 + b : b < 200 ? 0 : b < 250 ? rd32(r) : UINT32_MAX;
		c->peer_bgp_ip = rd8(r) < 128 ? NULL : pick_addr(r, "192.168.%u.1");
	}
	pick_prefixes(r, sp, &c->static_prefix_count, 3);
	c->static_prefixes = sp;
	pick_prefixes(r, lp, &c->learned_prefix_count, 2);
	c->learned_prefixes = lp;
	b = rd8(r);
	c->gateway_id = b < 200 ? NULL : pick_gateway(r, m);
	/* Derived fields are ignored by the planner: fill them with noise. */
	c->cost_kbps = rd8(r);
	b = rd8(r);
	o->policy = b < 250 ? (rasgw_fit_policy)(b % 3) : (rasgw_fit_policy)(b - 245);
}

/* RASGW_FUZZ_TRACE=1 prints each operation (for reproducing a finding). */
static int trace;

static void run_op(reader *r, state *st, unsigned op, unsigned flags)
{
	rasgw_plan *sentinel = (rasgw_plan *)(uintptr_t)0x5a5a;
	rasgw_plan *p = sentinel, *again = NULL;
	uint64_t fp = rasgw_model_fingerprint(st->m);
	const rasgw_model *m = st->m;
	const char *what = "?";
	int rc = RASGW_EINVAL;
#ifdef FZ_HAVE_FAILOVER
	rasgw_failover_options fo = RASGW_FAILOVER_OPTIONS_INIT;
	unsigned fb = rd8(r);
	fo.policy = (rasgw_fit_policy)(fb % 3);
	fo.prefer_other_rack = fb & 4;
#endif
	rasgw_error_clear();
	switch (op) {
	case 0:
	case 1:
	case 2: {
		rasgw_connection c;
		rasgw_place_options o = RASGW_PLACE_OPTIONS_INIT;
		const char *sp[3], *lp[2];
		op_connection_add(r, st, &c, &o, sp, lp);
		what = "rasgw_plan_connection_add";
		rc = rasgw_plan_connection_add(&p, m, &c, &o);
		if (rc == 0 && (flags & 8))
			FZ_CHECK(rasgw_plan_connection_add(&again, m, &c, &o) == 0, "replan");
		break;
	}
	case 3: {
		unsigned b = rd8(r);
		const char *id = pick_connection(r, m);
		if (b & 1) {
			rasgw_place_options o = RASGW_PLACE_OPTIONS_INIT;
			o.policy = (rasgw_fit_policy)(b / 2 % 3);
			what = "rasgw_plan_connection_place";
			rc = rasgw_plan_connection_place(&p, m, id, &o);
			break;
		}
		what = "rasgw_plan_connection_remove";
		rc = rasgw_plan_connection_remove(&p, m, id, NULL);
		break;
	}
	case 4: {
		const char *id = pick_connection(r, m);
		const char *lp[4];
		size_t n;
		pick_prefixes(r, lp, &n, 4);
		what = "rasgw_plan_routes_learned";
		rc = rasgw_plan_routes_learned(&p, m, id, lp, n);
		break;
	}
#ifdef FZ_HAVE_FAILOVER
	case 5:
	case 6: {
		const char *id = pick_gateway(r, m);
		unsigned b = rd8(r);
		rasgw_failure_cause cause = b < 250 ? (rasgw_failure_cause)(b % 3 + 1)
						    : (rasgw_failure_cause)(b - 250);
		what = "rasgw_plan_gateway_failure";
		rc = rasgw_plan_gateway_failure(&p, m, id, cause, &fo);
		if (rc == 0 && (flags & 8))
			FZ_CHECK(rasgw_plan_gateway_failure(&again, m, id, cause, &fo) == 0, "replan");
		break;
	}
	case 7: {
		const char *id = pick_gateway(r, m);
		what = "rasgw_plan_gateway_recovery";
		rc = rasgw_plan_gateway_recovery(&p, m, id, &fo);
		break;
	}
	case 8: {
		const char *id = pick_host(r, m);
		what = "rasgw_plan_host_failure";
		rc = rasgw_plan_host_failure(&p, m, id, &fo);
		if (rc == 0 && (flags & 8))
			FZ_CHECK(rasgw_plan_host_failure(&again, m, id, &fo) == 0, "replan");
		break;
	}
	case 9: {
		const char *id = pick_host(r, m);
		what = "rasgw_plan_host_recovery";
		rc = rasgw_plan_host_recovery(&p, m, id, &fo);
		break;
	}
	case 10: {
		const char *a = pick_gateway(r, m), *b = pick_gateway(r, m);
		what = "rasgw_plan_failback";
		rc = rasgw_plan_failback(&p, m, a, b, &fo);
		break;
	}
	case 11: {
		unsigned b = rd8(r);
		const char *id = pick_pool(r, m);
		if (b & 1) {
			what = "rasgw_plan_consolidate";
			rc = rasgw_plan_consolidate(&p, m, id, &fo);
			if (rc == 0 && (flags & 8))
				FZ_CHECK(rasgw_plan_consolidate(&again, m, id, &fo) == 0, "replan");
			break;
		}
		what = "rasgw_plan_rebalance";
		rc = rasgw_plan_rebalance(&p, m, id, &fo);
		break;
	}
#endif
#if defined(FZ_HAVE_SCALE) && defined(FZ_HAVE_FAILOVER)
	case 12: {
		const char *id = pick_gateway(r, m);
		what = "rasgw_plan_gateway_drain";
		rc = rasgw_plan_gateway_drain(&p, m, id, &fo);
		if (rc == 0 && (flags & 8))
			FZ_CHECK(rasgw_plan_gateway_drain(&again, m, id, &fo) == 0, "replan");
		break;
	}
	case 13: {
		rasgw_gateway g = { 0 };
		unsigned b = rd8(r);
		g.id = b < 240 ? fmt_str("fzgw%u", b % 8) : pick_gateway(r, m);
		g.pool_id = pick_pool(r, m);
		g.host_id = pick_host(r, m);
		g.dip = pick_addr(r, "10.99.0.%u");
		b = rd8(r);
		g.gre_vip = b < 100 ? NULL : b < 240 ? fmt_str("10.50.0.%u", b % 64)
						     : pick_addr(r, "10.51.0.%u");
		b = rd8(r);
		g.role = (rasgw_gateway_role)(b < 250 ? b % 2 : b - 248);
		what = "rasgw_plan_gateway_add";
		rc = rasgw_plan_gateway_add(&p, m, &g);
		break;
	}
	case 14: {
		const char *id = pick_gateway(r, m);
		what = "rasgw_plan_gateway_remove";
		rc = rasgw_plan_gateway_remove(&p, m, id, &fo);
		break;
	}
	case 15: {
		unsigned b = rd8(r);
		if (b & 1) {
			const char *id = pick_pool(r, m);
			what = "rasgw_plan_pool_remove";
			rc = rasgw_plan_pool_remove(&p, m, id, &fo);
			break;
		}
		rasgw_pool pool = { 0 };
		const char *pips[2] = { "203.0.113.%u", NULL };
		const char *vips[1];
		rasgw_gateway gws[4];
		memset(gws, 0, sizeof(gws));
		pool.id = fmt_str("fzpool%u", rd8(r) % 4);
		pool.type = (rasgw_pool_type)(rd8(r) % 5);
		pool.capacity_kbps = pick_kbps(r);
		pool.redundant_count = rd8(r) % 3;
		pips[0] = pick_addr(r, "203.0.113.%u");
		pool.public_ips = pips;
		pool.public_ip_count = rd8(r) % 2;
		vips[0] = rd8(r) < 200 ? "10.60.0.0/24" : pick(r, prefixes, 12);
		pool.gre_vip_subnets = vips;
		pool.gre_vip_subnet_count = rd8(r) % 2;
		for (int t = 0; t < RASGW_CONN_TYPE_COUNT; t++)
			pool.type_max_kbps[t] = rd8(r) < 200 ? 0 : pick_kbps(r);
		size_t n = rd8(r) % 5;
		for (size_t i = 0; i < n; i++) {
			gws[i].id = fmt_str("fzpg%u", rd8(r) % 8);
			gws[i].pool_id = rd8(r) < 240 ? NULL : pool.id;
			gws[i].host_id = pick_host(r, m);
			gws[i].dip = pick_addr(r, "10.98.0.%u");
			gws[i].gre_vip = rd8(r) < 128 ? NULL : fmt_str("10.60.0.%u", rd8(r) % 16);
			gws[i].role = (rasgw_gateway_role)(rd8(r) % 2);
		}
		what = "rasgw_plan_pool_add";
		rc = rasgw_plan_pool_add(&p, m, &pool, n ? gws : NULL, n);
		break;
	}
#endif
	default:
		return;
	}
	if (trace)
		fprintf(stderr, "fuzz_scenario: %s (flags %x) -> %d %s\n", what, flags, rc,
			rc ? rasgw_error_last()->message : "");
	if (rc != 0) {
		refused(what, rc, st, fp, p, sentinel);
		return;
	}
	FZ_CHECK(p && p != sentinel, "%s succeeded without a plan", what);
	accept_plan(st, p, flags, what, again);
	rasgw_plan_free(again);
	rasgw_plan_free(p);
}


/* The fixed models, as snapshot text, made once. */
static const char *const topologies[] = { "contoso-woodgrove.yaml", "small.yaml",
					  "all-pool.yaml" };
static char *snapshots[3];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!snapshots[0]) {
		trace = getenv("RASGW_FUZZ_TRACE") != NULL;
		for (size_t i = 0; i < 3; i++) {
			rasgw_model *m = fz_load_example(topologies[i]);
			snapshots[i] = fz_snapshot(m);
			rasgw_model_free(m);
		}
	}
	reader r = { data, size };
	state st = { 0 };
	unsigned topo = rd8(&r) % 3;
	if (trace)
		fprintf(stderr, "fuzz_scenario: topology %s\n", topologies[topo]);
	st.m = fz_from_snapshot(snapshots[topo]);
	FZ_CHECK(rasgw_memory_backend_new(&st.mb) == 0, "memory backend");
	FZ_CHECK(rasgw_backends_new(&st.backends) == 0, "backends");
	FZ_CHECK(rasgw_memory_backend_attach(st.mb, st.backends) == 0, "attach");
	for (int i = 0; i < MAX_OPS && r.n; i++) {
		unsigned b = rd8(&r);
		scratch_next = 0;
		run_op(&r, &st, b & 15, b >> 4);
	}
	rasgw_backends_free(st.backends);
	rasgw_memory_backend_free(st.mb);
	rasgw_model_free(st.m);
	return 0;
}
