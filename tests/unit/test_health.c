/*
 * Health tracker (R4.1, R4.2): thresholds, the three failures told apart,
 * hold-down, silence detection and the API contract.
 */
#include <check.h>

#include "check_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rasgw/alloc.h"
#include "rasgw/errors.h"
#include "rasgw/health.h"

/* ------------------------------------------------------------------ helpers */

#define MAX_EVENTS 128

struct rec_event {
	rasgw_health_event_kind kind;
	char id[32];
	char host_id[32]; /* "" for NULL */
	uint64_t time_ms;
	rasgw_health_state previous;
};

struct rec {
	size_t n;
	struct rec_event ev[MAX_EVENTS];
	int stop_with; /* returned from the callback when non-zero */
	rasgw_health *h; /* for reentrancy probes */
	int reentry_rc;
	int query_rc;
};

static int record(const rasgw_health_event *e, void *payload)
{
	struct rec *r = payload;
	ck_assert_uint_lt(r->n, MAX_EVENTS);
	struct rec_event *x = &r->ev[r->n++];
	x->kind = e->kind;
	ck_assert_ptr_nonnull(e->id);
	snprintf(x->id, sizeof(x->id), "%s", e->id);
	snprintf(x->host_id, sizeof(x->host_id), "%s", e->host_id ? e->host_id : "");
	x->time_ms = e->time_ms;
	x->previous = e->previous;
	if (r->h) {
		rasgw_health_state st;
		r->query_rc = rasgw_health_get_state(r->h, e->id, &st);
		r->reentry_rc = rasgw_health_tick(r->h, e->time_ms, NULL, NULL);
	}
	return r->stop_with;
}

static rasgw_health *mk(const rasgw_health_options *o)
{
	rasgw_health *h = NULL;
	ck_assert_int_eq(rasgw_health_new(&h, o), 0);
	ck_assert_ptr_nonnull(h);
	return h;
}

static int feed(rasgw_health *h, rasgw_probe_kind kind, const char *id, bool ok, uint64_t t,
		struct rec *r)
{
	rasgw_probe p = { kind, id, ok, t };
	return rasgw_health_probe(h, &p, record, r);
}

#define VM RASGW_PROBE_GATEWAY_VM
#define SVC RASGW_PROBE_GATEWAY_SERVICE
#define HOST RASGW_PROBE_HOST

static void feed_ok(rasgw_health *h, rasgw_probe_kind kind, const char *id, bool ok, uint64_t t,
		    struct rec *r)
{
	ck_assert_int_eq(feed(h, kind, id, ok, t, r), 0);
}

/* VM and service results of one gateway at one time. */
static void feed_gw(rasgw_health *h, const char *id, bool vm_ok, bool svc_ok, uint64_t t,
		    struct rec *r)
{
	feed_ok(h, VM, id, vm_ok, t, r);
	feed_ok(h, SVC, id, svc_ok, t, r);
}

static void tick_ok(rasgw_health *h, uint64_t t, struct rec *r)
{
	ck_assert_int_eq(rasgw_health_tick(h, t, record, r), 0);
}

static rasgw_health_state state_of(const rasgw_health *h, const char *id)
{
	rasgw_health_state st = (rasgw_health_state)-1;
	ck_assert_int_eq(rasgw_health_get_state(h, id, &st), 0);
	return st;
}

static void assert_event(const struct rec *r, size_t i, rasgw_health_event_kind kind,
			 const char *id, uint64_t t)
{
	ck_assert_uint_gt(r->n, i);
	ck_assert_msg(r->ev[i].kind == kind, "event %zu: kind %s, expected %s", i,
		      rasgw_health_event_name(r->ev[i].kind), rasgw_health_event_name(kind));
	ck_assert_str_eq(r->ev[i].id, id);
	ck_assert_uint_eq(r->ev[i].time_ms, t);
}

static rasgw_health_options opts_with(uint32_t interval, uint32_t k, uint32_t j, uint32_t hold)
{
	rasgw_health_options o = RASGW_HEALTH_OPTIONS_INIT;
	o.probe_interval_ms = interval;
	o.fail_after = k;
	o.recover_after = j;
	o.hold_down_ms = hold;
	return o;
}

/* ------------------------------------------------------- R4.1 thresholds */

/* R4.1: k explicit misses fail a gateway, k-1 do not. */
START_TEST(r4_1_k_misses_fail)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	feed_gw(h, "gw1", true, true, 0, &r);
	feed_gw(h, "gw1", false, true, 100, &r);
	feed_gw(h, "gw1", false, true, 200, &r);
	ck_assert_uint_eq(r.n, 0); /* k - 1 = 2 misses */
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_UP);
	feed_ok(h, VM, "gw1", false, 300, &r);
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 300);
	ck_assert_str_eq(r.ev[0].host_id, "");
	ck_assert_int_eq(r.ev[0].previous, RASGW_HEALTH_STATE_UP);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_VM_FAILED);
	/* Further misses do not repeat the event. */
	feed_ok(h, VM, "gw1", false, 400, &r);
	tick_ok(h, 1000, &r);
	ck_assert_uint_eq(r.n, 1);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: a success resets the miss count. */
START_TEST(r4_1_success_resets)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	bool vm[] = { true, false, false, true, false, false };
	for (size_t i = 0; i < sizeof(vm) / sizeof(vm[0]); i++)
		feed_gw(h, "gw1", vm[i], true, 100 * i, &r);
	ck_assert_uint_eq(r.n, 0);
	feed_ok(h, VM, "gw1", false, 600, &r);
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 600);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: tick() detects a subject that stopped answering at all. */
START_TEST(r4_1_tick_detects_silence)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	ck_assert_int_eq(rasgw_health_add_host(h, "h9"), 0);
	feed_gw(h, "gw1", true, true, 0, &r);
	feed_ok(h, HOST, "h9", true, 0, &r);
	for (uint64_t t = 100; t <= 300; t += 100)
		tick_ok(h, t, &r);
	ck_assert_uint_eq(r.n, 0); /* exactly k intervals is not yet "more than" */
	tick_ok(h, 301, &r);
	ck_assert_uint_eq(r.n, 2);
	/* VM and service went silent together: the VM is the cause. */
	assert_event(&r, 0, RASGW_HEALTH_HOST_FAILED, "h9", 301);
	assert_event(&r, 1, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 301);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_VM_FAILED);
	ck_assert_int_eq(state_of(h, "h9"), RASGW_HEALTH_STATE_HOST_FAILED);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: a subject registered but never heard of fails k intervals after the first tick. */
START_TEST(r4_1_tick_never_heard)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	tick_ok(h, 5000, &r);
	tick_ok(h, 5300, &r);
	ck_assert_uint_eq(r.n, 0);
	tick_ok(h, 5301, &r);
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_HOST_FAILED, "h1", 5301);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: an explicit miss and a silent interval are one miss, not two. */
START_TEST(r4_1_explicit_and_silent_not_double_counted)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	feed_gw(h, "gw1", true, true, 0, &r);
	feed_gw(h, "gw1", false, true, 100, &r);
	tick_ok(h, 201, &r); /* 2 intervals without success */
	feed_gw(h, "gw1", false, true, 250, &r);
	tick_ok(h, 300, &r);
	ck_assert_uint_eq(r.n, 0);
	feed_ok(h, SVC, "gw1", true, 300, &r);
	tick_ok(h, 301, &r); /* 3 intervals without success */
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 301);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: with the defaults and 100 ms probes a dead gateway is reported about 300 ms after its last answer. */
START_TEST(r4_1_default_detection_300ms)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	for (uint64_t t = 0; t <= 1000; t += 100)
		feed_gw(h, "gw1", true, true, t, &r);
	uint64_t t = 1000;
	while (r.n == 0 && t < 5000) {
		t += 10;
		tick_ok(h, t, &r);
	}
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(r.ev[0].kind, RASGW_HEALTH_GATEWAY_VM_FAILED);
	ck_assert_uint_gt(r.ev[0].time_ms - 1000, 300);
	ck_assert_uint_le(r.ev[0].time_ms - 1000, 310);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: the thresholds come from the options. */
START_TEST(r4_1_custom_thresholds)
{
	rasgw_health_options o = opts_with(50, 1, 1, 0);
	rasgw_health *h = mk(&o);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	feed_ok(h, HOST, "h1", true, 0, &r);
	tick_ok(h, 50, &r);
	ck_assert_uint_eq(r.n, 0);
	tick_ok(h, 51, &r);
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_HOST_FAILED, "h1", 51);
	feed_ok(h, HOST, "h1", true, 60, &r); /* j = 1, no hold-down */
	ck_assert_uint_eq(r.n, 2);
	assert_event(&r, 1, RASGW_HEALTH_HOST_RECOVERED, "h1", 60);
	ck_assert_int_eq(r.ev[1].previous, RASGW_HEALTH_STATE_HOST_FAILED);
	rasgw_health_free(h);
}
END_TEST

/* ------------------------------------------------- R4.1 recovery, hold-down */

static void fail_vm(rasgw_health *h, const char *id, struct rec *r)
{
	feed_gw(h, id, true, true, 0, r);
	for (uint64_t t = 100; t <= 300; t += 100)
		feed_gw(h, id, false, true, t, r);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(r->ev[0].kind, RASGW_HEALTH_GATEWAY_VM_FAILED);
}

/* R4.1: recovery needs j consecutive successes (no hold-down here). */
START_TEST(r4_1_recover_after_j)
{
	rasgw_health_options o = opts_with(100, 3, 5, 0);
	rasgw_health *h = mk(&o);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	fail_vm(h, "gw1", &r);
	for (uint64_t t = 400; t <= 700; t += 100)
		feed_gw(h, "gw1", true, true, t, &r);
	ck_assert_uint_eq(r.n, 1); /* j - 1 = 4 successes */
	feed_ok(h, VM, "gw1", true, 800, &r);
	ck_assert_uint_eq(r.n, 2);
	assert_event(&r, 1, RASGW_HEALTH_GATEWAY_RECOVERED, "gw1", 800);
	ck_assert_int_eq(r.ev[1].previous, RASGW_HEALTH_STATE_VM_FAILED);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_UP);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: with the default hold-down, recovery waits for 1000 ms of unbroken success. */
START_TEST(r4_1_recover_after_hold_down)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	fail_vm(h, "gw1", &r);
	for (uint64_t t = 400; t <= 1300; t += 100)
		feed_gw(h, "gw1", true, true, t, &r);
	ck_assert_uint_eq(r.n, 1); /* 10 successes, but only 900 ms since the first */
	tick_ok(h, 1399, &r);
	ck_assert_uint_eq(r.n, 1);
	tick_ok(h, 1400, &r); /* the run is intact (last success 100 ms ago) and spans 1000 ms */
	ck_assert_uint_eq(r.n, 2);
	assert_event(&r, 1, RASGW_HEALTH_GATEWAY_RECOVERED, "gw1", 1400);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: a silence as long as a failure breaks a run of successes. */
START_TEST(r4_1_silence_breaks_recovery_run)
{
	rasgw_health_options o = opts_with(100, 3, 5, 0);
	rasgw_health *h = mk(&o);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	fail_vm(h, "gw1", &r);
	for (uint64_t t = 400; t <= 700; t += 100)
		feed_gw(h, "gw1", true, true, t, &r);
	/* 400 ms without a result, then 4 more successes: 8 in all, but not unbroken. */
	for (uint64_t t = 1100; t <= 1400; t += 100)
		feed_gw(h, "gw1", true, true, t, &r);
	ck_assert_uint_eq(r.n, 1);
	feed_ok(h, VM, "gw1", true, 1500, &r);
	ck_assert_uint_eq(r.n, 2);
	assert_event(&r, 1, RASGW_HEALTH_GATEWAY_RECOVERED, "gw1", 1500);
	rasgw_health_free(h);
}
END_TEST

/* Count the events of a gateway flapping: 8 answers, 3 misses, five times. */
static size_t flap(const rasgw_health_options *o, uint64_t *t_out, rasgw_health **h_out,
		   struct rec *r)
{
	rasgw_health *h = mk(o);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	fail_vm(h, "gw1", r);
	uint64_t t = 400;
	for (int cycle = 0; cycle < 5; cycle++) {
		for (int i = 0; i < 8; i++, t += 100)
			feed_gw(h, "gw1", true, true, t, r);
		for (int i = 0; i < 3; i++, t += 100)
			feed_gw(h, "gw1", false, true, t, r);
	}
	*t_out = t;
	*h_out = h;
	return r->n;
}

/* R4.1: the hold-down damps a flapping gateway. */
START_TEST(r4_1_flapping_damped)
{
	rasgw_health_options bare = opts_with(100, 3, 5, 0);
	struct rec r0 = { 0 };
	uint64_t t;
	rasgw_health *h;
	/* Without hold-down every cycle gives a recovery and a failure. */
	ck_assert_uint_eq(flap(&bare, &t, &h, &r0), 1 + 2 * 5);
	rasgw_health_free(h);

	struct rec r = { 0 };
	ck_assert_uint_eq(flap(NULL, &t, &h, &r), 1);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_VM_FAILED);
	/* Once it stays up, it is back 1000 ms after its first answer. */
	uint64_t first = t;
	while (r.n == 1 && t < first + 5000) {
		feed_gw(h, "gw1", true, true, t, &r);
		t += 100;
	}
	ck_assert_uint_eq(r.n, 2);
	assert_event(&r, 1, RASGW_HEALTH_GATEWAY_RECOVERED, "gw1", first + 1000);
	rasgw_health_free(h);
}
END_TEST

/* ------------------------------------------------ R4.2 three failures */

/* R4.2: the service failing while the VM answers is a service failure, not a VM failure. */
START_TEST(r4_2_service_failure_distinct)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", "h1"), 0);
	for (uint64_t t = 0; t <= 300; t += 100) {
		feed_ok(h, HOST, "h1", true, t, &r);
		feed_gw(h, "gw1", true, t == 0, t, &r);
	}
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_SERVICE_FAILED, "gw1", 300);
	ck_assert_str_eq(r.ev[0].host_id, "h1");
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_SERVICE_FAILED);
	/* The VM dies too: the gateway is already out of service, no second event. */
	for (uint64_t t = 400; t <= 600; t += 100) {
		feed_ok(h, HOST, "h1", true, t, &r);
		feed_gw(h, "gw1", false, false, t, &r);
	}
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_VM_FAILED);
	rasgw_health_free(h);
}
END_TEST

/* R4.2: a service failure is not reported while the VM is itself missing answers. */
START_TEST(r4_2_service_failure_needs_vm_answering)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	feed_gw(h, "gw1", true, true, 0, &r);
	for (uint64_t t = 100; t <= 300; t += 100)
		feed_ok(h, SVC, "gw1", false, t, &r); /* VM silent since 0 */
	ck_assert_uint_eq(r.n, 0);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_UP);
	tick_ok(h, 301, &r);
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 301);
	rasgw_health_free(h);
}
END_TEST

/* R4.2: the VM failing on a host that answers is a VM failure. */
START_TEST(r4_2_vm_failure_host_up)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", "h1"), 0);
	for (uint64_t t = 0; t <= 300; t += 100) {
		feed_ok(h, HOST, "h1", true, t, &r);
		feed_gw(h, "gw1", t == 0, t == 0, t, &r);
	}
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 300);
	ck_assert_str_eq(r.ev[0].host_id, "h1");
	ck_assert_int_eq(state_of(h, "h1"), RASGW_HEALTH_STATE_UP);
	rasgw_health_free(h);
}
END_TEST

static rasgw_health *two_hosts(struct rec *r)
{
	rasgw_health *h = mk(NULL);
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_host(h, "h2"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-b", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-a", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-c", "h2"), 0);
	for (uint64_t t = 0; t <= 200; t += 100) {
		feed_gw(h, "gw-a", true, true, t, r);
		feed_gw(h, "gw-b", true, true, t, r);
		feed_gw(h, "gw-c", true, true, t, r);
		feed_ok(h, HOST, "h1", true, t, r);
		feed_ok(h, HOST, "h2", true, t, r);
	}
	ck_assert_uint_eq(r->n, 0);
	return h;
}

/* R4.2: an unreachable host gives one host event and no VM events for its gateways. */
START_TEST(r4_2_host_failure_one_event)
{
	struct rec r = { 0 };
	rasgw_health *h = two_hosts(&r);
	/* Everything on h1 stops answering; the gateways' misses arrive before the host's. */
	for (uint64_t t = 300; t <= 500; t += 100) {
		feed_gw(h, "gw-a", false, false, t, &r);
		feed_gw(h, "gw-b", false, false, t, &r);
		feed_gw(h, "gw-c", true, true, t, &r);
		feed_ok(h, HOST, "h2", true, t, &r);
		if (t == 500)
			ck_assert_uint_eq(r.n, 0); /* VM failures held back: h1 is missing too */
		feed_ok(h, HOST, "h1", false, t, &r);
	}
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_HOST_FAILED, "h1", 500);
	ck_assert_str_eq(r.ev[0].host_id, "h1");
	ck_assert_int_eq(state_of(h, "h1"), RASGW_HEALTH_STATE_HOST_FAILED);
	ck_assert_int_eq(state_of(h, "gw-a"), RASGW_HEALTH_STATE_HOST_FAILED);
	ck_assert_int_eq(state_of(h, "gw-b"), RASGW_HEALTH_STATE_HOST_FAILED);
	ck_assert_int_eq(state_of(h, "gw-c"), RASGW_HEALTH_STATE_UP);
	ck_assert_int_eq(state_of(h, "h2"), RASGW_HEALTH_STATE_UP);
	rasgw_health_free(h);
}
END_TEST

/* R4.2: a silent host whose gateways' clocks run out first is still one host event. */
START_TEST(r4_2_host_silence_staggered)
{
	for (int with_host = 0; with_host <= 1; with_host++) {
		rasgw_health *h = mk(NULL);
		struct rec r = { 0 };
		ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
		ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", with_host ? "h1" : NULL), 0);
		feed_gw(h, "gw1", true, true, 200, &r);
		feed_ok(h, HOST, "h1", true, 250, &r);
		tick_ok(h, 501, &r); /* gw1: 3 intervals; h1: 2 */
		if (!with_host) {
			/* Control: the same timing without the host link is a VM failure. */
			ck_assert_uint_eq(r.n, 1);
			assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 501);
			rasgw_health_free(h);
			continue;
		}
		ck_assert_uint_eq(r.n, 0);
		ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_UP);
		tick_ok(h, 551, &r);
		ck_assert_uint_eq(r.n, 1);
		assert_event(&r, 0, RASGW_HEALTH_HOST_FAILED, "h1", 551);
		ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_HOST_FAILED);
		rasgw_health_free(h);
	}
}
END_TEST

/* R4.2: a VM failure held back for its host is reported as soon as the host answers. */
START_TEST(r4_2_vm_failure_released_by_host)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", "h1"), 0);
	feed_ok(h, HOST, "h1", true, 0, &r);
	feed_gw(h, "gw1", true, true, 0, &r);
	feed_ok(h, HOST, "h1", false, 100, &r);
	for (uint64_t t = 100; t <= 300; t += 100)
		feed_gw(h, "gw1", false, true, t, &r);
	ck_assert_uint_eq(r.n, 0);
	feed_ok(h, HOST, "h1", true, 310, &r);
	ck_assert_uint_eq(r.n, 1);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw1", 310);
	ck_assert_str_eq(r.ev[0].host_id, "h1");
	rasgw_health_free(h);
}
END_TEST

/* R4.2: a host recovers, then each of its gateways recovers on its own evidence. */
START_TEST(r4_2_host_recovery)
{
	struct rec r = { 0 };
	rasgw_health *h = two_hosts(&r);
	for (uint64_t t = 300; t <= 500; t += 100) {
		feed_gw(h, "gw-a", false, false, t, &r);
		feed_gw(h, "gw-b", false, false, t, &r);
		feed_ok(h, HOST, "h1", false, t, &r);
	}
	ck_assert_uint_eq(r.n, 1);
	for (uint64_t t = 600; t <= 1600; t += 100) {
		feed_gw(h, "gw-a", true, true, t, &r);
		feed_gw(h, "gw-b", false, false, t, &r); /* its VM did not come back */
		feed_gw(h, "gw-c", true, true, t, &r);
		feed_ok(h, HOST, "h2", true, t, &r);
		if (t == 1600)
			ck_assert_uint_eq(r.n, 1);
		feed_ok(h, HOST, "h1", true, t, &r);
	}
	ck_assert_uint_eq(r.n, 3);
	assert_event(&r, 1, RASGW_HEALTH_HOST_RECOVERED, "h1", 1600);
	assert_event(&r, 2, RASGW_HEALTH_GATEWAY_RECOVERED, "gw-a", 1600);
	ck_assert_int_eq(r.ev[2].previous, RASGW_HEALTH_STATE_HOST_FAILED);
	ck_assert_int_eq(state_of(h, "gw-b"), RASGW_HEALTH_STATE_VM_FAILED);
	rasgw_health_free(h);
}
END_TEST

/* R4.2: a gateway added to a failed host starts failed with it, silently. */
START_TEST(r4_2_gateway_added_to_failed_host)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	feed_ok(h, HOST, "h1", true, 0, &r);
	tick_ok(h, 301, &r);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", "h1"), 0);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_HOST_FAILED);
	tick_ok(h, 2000, &r);
	ck_assert_uint_eq(r.n, 1);
	rasgw_health_free(h);
}
END_TEST

/*
 * R4.2: the timeline of doc/health.md, replayed. Probes every 100 ms, ticks
 * at every x50 ms. gw3's service hangs after 1000; host h1 (gw1, gw2) loses
 * power after 2000; h1 is back at 5000, gw1 answers again from 5200, gw2
 * never does.
 */
START_TEST(r4_2_doc_timeline)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_host(h, "h2"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw2", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw3", "h2"), 0);
	for (uint64_t t = 0; t <= 7000; t += 100) {
		bool h1_up = t <= 2000 || t >= 5000;
		bool gw1_up = t <= 2000 || t >= 5200;
		if (h1_up)
			feed_ok(h, HOST, "h1", true, t, &r);
		feed_ok(h, HOST, "h2", true, t, &r);
		if (gw1_up)
			feed_gw(h, "gw1", true, true, t, &r);
		if (t <= 2000)
			feed_gw(h, "gw2", true, true, t, &r);
		feed_gw(h, "gw3", true, t <= 1000, t, &r);
		tick_ok(h, t + 50, &r);
	}
	ck_assert_uint_eq(r.n, 4);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_SERVICE_FAILED, "gw3", 1300);
	assert_event(&r, 1, RASGW_HEALTH_HOST_FAILED, "h1", 2350);
	assert_event(&r, 2, RASGW_HEALTH_HOST_RECOVERED, "h1", 6000);
	assert_event(&r, 3, RASGW_HEALTH_GATEWAY_RECOVERED, "gw1", 6200);
	/* Its VM result at 6200 came first: it was last held for its service. */
	ck_assert_int_eq(r.ev[3].previous, RASGW_HEALTH_STATE_SERVICE_FAILED);
	ck_assert_int_eq(state_of(h, "gw2"), RASGW_HEALTH_STATE_VM_FAILED);
	ck_assert_int_eq(state_of(h, "gw3"), RASGW_HEALTH_STATE_SERVICE_FAILED);
	rasgw_health_free(h);
}
END_TEST

/* ------------------------------------------- R4.1 ordering, determinism */

/* R4.1: events of one call come sorted by (kind, id). */
START_TEST(r4_1_events_sorted)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h2"), 0);
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-z", "h2"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-b", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-c", NULL), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-a", NULL), 0);
	tick_ok(h, 0, &r);
	feed_ok(h, HOST, "h1", true, 250, &r);
	feed_ok(h, VM, "gw-b", true, 250, &r);
	tick_ok(h, 301, &r);
	ck_assert_uint_eq(r.n, 4);
	assert_event(&r, 0, RASGW_HEALTH_HOST_FAILED, "h2", 301);
	assert_event(&r, 1, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw-a", 301);
	assert_event(&r, 2, RASGW_HEALTH_GATEWAY_VM_FAILED, "gw-c", 301);
	assert_event(&r, 3, RASGW_HEALTH_GATEWAY_SERVICE_FAILED, "gw-b", 301);
	rasgw_health_free(h);
}
END_TEST

static void scripted(bool reversed, struct rec *r)
{
	static const char *const hosts[] = { "h1", "h2", "h3" };
	static const char *const gws[][2] = {
		{ "g1", "h1" }, { "g2", "h1" }, { "g3", "h2" }, { "g4", "h3" }, { "g5", NULL },
	};
	rasgw_health *h = mk(NULL);
	for (size_t i = 0; i < 3; i++)
		ck_assert_int_eq(rasgw_health_add_host(h, hosts[reversed ? 2 - i : i]), 0);
	for (size_t i = 0; i < 5; i++) {
		size_t k = reversed ? 4 - i : i;
		ck_assert_int_eq(rasgw_health_add_gateway(h, gws[k][0], gws[k][1]), 0);
	}
	/* h1 dies at 300, g3's service at 500, g5's VM flaps, g4 goes silent. */
	for (uint64_t t = 0; t <= 3000; t += 100) {
		for (size_t i = 0; i < 3; i++) {
			const char *id = hosts[i];
			feed_ok(h, HOST, id, !(id[1] == '1' && t >= 300), t, r);
		}
		for (size_t i = 0; i < 5; i++) {
			const char *id = gws[i][0];
			bool vm = !(id[1] <= '2' && t >= 300) && !(id[1] == '5' && (t / 400) % 2);
			bool svc = vm && !(id[1] == '3' && t >= 500);
			if (id[1] == '4' && t >= 1000)
				continue;
			feed_gw(h, id, vm, svc, t, r);
		}
		tick_ok(h, t + 50, r);
	}
	rasgw_health_free(h);
}

/* R4.1: the same probe results give the same events, whatever the registration order. */
START_TEST(r4_1_deterministic)
{
	static struct rec a, b;
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	scripted(false, &a);
	scripted(true, &b);
	ck_assert_uint_gt(a.n, 3);
	ck_assert_uint_eq(a.n, b.n);
	for (size_t i = 0; i < a.n; i++) {
		ck_assert_int_eq(a.ev[i].kind, b.ev[i].kind);
		ck_assert_str_eq(a.ev[i].id, b.ev[i].id);
		ck_assert_uint_eq(a.ev[i].time_ms, b.ev[i].time_ms);
	}
}
END_TEST

/* ------------------------------------------------------- API contract */

/* R4.1: time is the caller's and must not go backwards. */
START_TEST(r4_1_time_backwards_rejected)
{
	rasgw_health_options o = opts_with(100, 1, 1, 0);
	rasgw_health *h = mk(&o);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw1", NULL), 0);
	feed_ok(h, VM, "gw1", true, 100, &r);
	ck_assert_int_eq(rasgw_health_tick(h, 99, record, &r), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_EINVAL);
	/* With k = 1 this miss would fail the gateway if it were taken in. */
	ck_assert_int_eq(feed(h, VM, "gw1", false, 50, &r), RASGW_EINVAL);
	ck_assert_int_eq(state_of(h, "gw1"), RASGW_HEALTH_STATE_UP);
	ck_assert_uint_eq(r.n, 0);
	tick_ok(h, 100, &r); /* the same time is fine */
	feed_ok(h, SVC, "gw1", true, 100, &r);
	ck_assert_uint_eq(r.n, 0);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: options are versioned; the init function gives the macro's defaults. */
START_TEST(r4_1_options_version)
{
	rasgw_health_options o, macro = RASGW_HEALTH_OPTIONS_INIT;
	memset(&o, 0x5a, sizeof(o));
	ck_assert_int_eq(rasgw_health_options_init(&o, RASGW_HEALTH_OPTIONS_VERSION + 1),
			 RASGW_EVERSION);
	ck_assert_uint_eq(o.probe_interval_ms, 0x5a5a5a5aU); /* untouched */
	ck_assert_int_eq(rasgw_health_options_init(&o, RASGW_HEALTH_OPTIONS_VERSION), 0);
	ck_assert_uint_eq(o.version, macro.version);
	ck_assert_uint_eq(o.probe_interval_ms, 100);
	ck_assert_uint_eq(o.fail_after, 3);
	ck_assert_uint_eq(o.recover_after, 5);
	ck_assert_uint_eq(o.hold_down_ms, 1000);
	ck_assert_uint_eq(o.probe_interval_ms, macro.probe_interval_ms);
	ck_assert_uint_eq(o.fail_after, macro.fail_after);
	ck_assert_uint_eq(o.recover_after, macro.recover_after);
	ck_assert_uint_eq(o.hold_down_ms, macro.hold_down_ms);

	rasgw_health *h = (rasgw_health *)&o; /* sentinel: must stay */
	o.version = 0;
	ck_assert_int_eq(rasgw_health_new(&h, &o), RASGW_EVERSION);
	o.version = RASGW_HEALTH_OPTIONS_VERSION + 1;
	ck_assert_int_eq(rasgw_health_new(&h, &o), RASGW_EVERSION);
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_EVERSION);
	o.version = RASGW_HEALTH_OPTIONS_VERSION;
	o.probe_interval_ms = 0;
	ck_assert_int_eq(rasgw_health_new(&h, &o), RASGW_EINVAL);
	o = opts_with(100, 0, 5, 0);
	ck_assert_int_eq(rasgw_health_new(&h, &o), RASGW_EINVAL);
	o = opts_with(100, 3, 0, 0);
	ck_assert_int_eq(rasgw_health_new(&h, &o), RASGW_EINVAL);
	ck_assert_ptr_eq(h, (rasgw_health *)&o);
}
END_TEST

/* R4.1: NULL arguments are refused with RASGW_EINVAL. */
START_TEST(r4_1_null_args)
{
	rasgw_health *h = mk(NULL);
	rasgw_health_state st;
	rasgw_probe p = { RASGW_PROBE_HOST, NULL, true, 0 };
	ck_assert_int_eq(rasgw_health_new(NULL, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_options_init(NULL, RASGW_HEALTH_OPTIONS_VERSION), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_add_host(NULL, "h1"), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_add_host(h, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_add_host(h, ""), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_add_gateway(NULL, "g", NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_add_gateway(h, NULL, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "", NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_remove(NULL, "g"), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_remove(h, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_probe(NULL, &p, NULL, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_probe(h, NULL, NULL, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_probe(h, &p, NULL, NULL), RASGW_EINVAL); /* NULL id */
	ck_assert_int_eq(rasgw_health_tick(NULL, 0, NULL, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_get_state(NULL, "g", &st), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_get_state(h, NULL, &st), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_get_state(h, "h1", NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_EINVAL);
	rasgw_health_free(NULL);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: ids, kinds and registration errors. */
START_TEST(r4_1_subject_errors)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	rasgw_health_state st;
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), RASGW_EEXISTS);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "h1", NULL), RASGW_EEXISTS);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "g1", "nohost"), RASGW_ENOTFOUND);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "g1", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "g2", "g1"), RASGW_ENOTFOUND);
	ck_assert_int_eq(rasgw_health_add_host(h, "g1"), RASGW_EEXISTS);
	ck_assert_int_eq(feed(h, HOST, "g1", true, 0, &r), RASGW_EINVAL);
	ck_assert_int_eq(feed(h, VM, "h1", true, 0, &r), RASGW_EINVAL);
	ck_assert_int_eq(feed(h, SVC, "h1", true, 0, &r), RASGW_EINVAL);
	ck_assert_int_eq(feed(h, VM, "nobody", true, 0, &r), RASGW_ENOTFOUND);
	ck_assert_int_eq(feed(h, (rasgw_probe_kind)99, "g1", true, 0, &r), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_health_get_state(h, "nobody", &st), RASGW_ENOTFOUND);
	ck_assert_int_eq(rasgw_health_remove(h, "nobody"), RASGW_ENOTFOUND);
	ck_assert_int_eq(rasgw_health_remove(h, "h1"), RASGW_ESTATE);
	ck_assert_int_eq(rasgw_health_remove(h, "g1"), 0);
	ck_assert_int_eq(rasgw_health_get_state(h, "g1", &st), RASGW_ENOTFOUND);
	ck_assert_int_eq(feed(h, VM, "g1", true, 0, &r), RASGW_ENOTFOUND);
	ck_assert_int_eq(rasgw_health_remove(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "h1", NULL), 0); /* the id is free again */
	ck_assert_uint_eq(r.n, 0);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: removed subjects are no longer watched; the others still are. */
START_TEST(r4_1_remove_keeps_others)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "g1", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "g2", "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "g3", "h1"), 0);
	tick_ok(h, 0, &r);
	ck_assert_int_eq(rasgw_health_remove(h, "g1"), 0);
	for (uint64_t t = 100; t <= 400; t += 100) {
		feed_ok(h, HOST, "h1", true, t, &r);
		feed_gw(h, "g2", t < 200, t < 200, t, &r);
	}
	tick_ok(h, 401, &r);
	ck_assert_uint_eq(r.n, 2);
	assert_event(&r, 0, RASGW_HEALTH_GATEWAY_VM_FAILED, "g2", 400);
	assert_event(&r, 1, RASGW_HEALTH_GATEWAY_VM_FAILED, "g3", 401);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: a callback's non-zero return stops the delivery and is passed back. */
START_TEST(r4_1_callback_stop_propagated)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	r.stop_with = 42;
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-b", NULL), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "gw-a", NULL), 0);
	tick_ok(h, 0, &r);
	ck_assert_int_eq(rasgw_health_tick(h, 301, record, &r), 42);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_str_eq(r.ev[0].id, "gw-a");
	/* The tracker took in the time: both are failed, and nothing is re-sent. */
	ck_assert_int_eq(state_of(h, "gw-b"), RASGW_HEALTH_STATE_VM_FAILED);
	r.stop_with = -7;
	ck_assert_int_eq(rasgw_health_tick(h, 302, record, &r), 0);
	ck_assert_uint_eq(r.n, 1);
	/* Probes pass the value back too. */
	rasgw_probe p = { RASGW_PROBE_GATEWAY_VM, "gw-a", true, 400 };
	rasgw_health_options o = opts_with(100, 3, 1, 0);
	rasgw_health *h2 = mk(&o);
	ck_assert_int_eq(rasgw_health_add_gateway(h2, "gw-a", NULL), 0);
	tick_ok(h2, 0, &r);
	ck_assert_int_eq(rasgw_health_tick(h2, 301, record, &r), -7);
	ck_assert_int_eq(feed(h2, SVC, "gw-a", true, 350, &r), 0);
	ck_assert_int_eq(rasgw_health_probe(h2, &p, record, &r), -7);
	ck_assert_uint_eq(r.n, 3);
	ck_assert_int_eq(r.ev[2].kind, RASGW_HEALTH_GATEWAY_RECOVERED);
	rasgw_health_free(h2);
	rasgw_health_free(h);
}
END_TEST

/* R4.1: a callback may query the tracker but not change it. */
START_TEST(r4_1_callback_reentry_refused)
{
	rasgw_health *h = mk(NULL);
	struct rec r = { 0 };
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	tick_ok(h, 0, &r);
	r.h = h;
	r.query_rc = r.reentry_rc = 1;
	tick_ok(h, 301, &r);
	ck_assert_uint_eq(r.n, 1);
	ck_assert_int_eq(r.query_rc, 0);
	ck_assert_int_eq(r.reentry_rc, RASGW_ESTATE);
	r.h = NULL;
	ck_assert_int_eq(rasgw_health_add_host(h, "h2"), 0); /* fine again afterwards */
	rasgw_health_free(h);
}
END_TEST

/* Allocation failure injection: the n-th allocation from now on fails. */
static long alloc_budget = -1;

static void *budget_malloc(size_t size, void *payload)
{
	(void)payload;
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return malloc(size);
}

static void *budget_realloc(void *ptr, size_t size, void *payload)
{
	(void)payload;
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return realloc(ptr, size);
}

static void budget_free(void *ptr, void *payload)
{
	(void)payload;
	free(ptr);
}

/* R4.1: an allocation failure leaves the tracker as it was. */
START_TEST(r4_1_enomem_leaves_tracker_unchanged)
{
	rasgw_allocator a = { RASGW_ALLOCATOR_VERSION, budget_malloc, budget_realloc, budget_free,
			      NULL };
	ck_assert_int_eq(rasgw_set_allocator(&a), 0);
	rasgw_health *h = NULL;
	int failures = 0;
	for (long n = 0;; n++) {
		alloc_budget = n;
		int rc = rasgw_health_new(&h, NULL);
		if (rc == 0)
			break;
		ck_assert_int_eq(rc, RASGW_ENOMEM);
		ck_assert_ptr_null(h);
		failures++;
	}
	alloc_budget = -1;
	ck_assert_int_eq(rasgw_health_add_host(h, "h1"), 0);
	ck_assert_int_eq(rasgw_health_add_gateway(h, "g0", "h1"), 0);
	for (int i = 1; i <= 40; i++) {
		char id[16];
		snprintf(id, sizeof(id), "g%d", i);
		for (long n = 0;; n++) {
			alloc_budget = n;
			int rc = rasgw_health_add_gateway(h, id, "h1");
			alloc_budget = -1;
			if (rc == 0)
				break;
			ck_assert_int_eq(rc, RASGW_ENOMEM);
			rasgw_health_state st;
			ck_assert_int_eq(rasgw_health_get_state(h, id, &st), RASGW_ENOTFOUND);
			failures++;
		}
	}
	ck_assert_int_gt(failures, 40);
	/* Every gateway is tracked once: all 41 fail together when silent, host answering. */
	struct rec r = { 0 };
	alloc_budget = 0; /* probe and tick never allocate */
	tick_ok(h, 0, &r);
	for (uint64_t t = 100; t <= 300; t += 100)
		feed_ok(h, HOST, "h1", true, t, &r);
	tick_ok(h, 301, &r);
	alloc_budget = -1;
	ck_assert_uint_eq(r.n, 41);
	for (size_t i = 1; i < r.n; i++)
		ck_assert_int_lt(strcmp(r.ev[i - 1].id, r.ev[i].id), 0);
	rasgw_health_free(h);
	ck_assert_int_eq(rasgw_set_allocator(NULL), 0);
}
END_TEST

/* R4.2: states and events have distinct stable names. */
START_TEST(r4_2_names)
{
	ck_assert_str_eq(rasgw_health_event_name(RASGW_HEALTH_HOST_FAILED), "host-failed");
	ck_assert_str_eq(rasgw_health_event_name(RASGW_HEALTH_GATEWAY_VM_FAILED), "gateway-vm-failed");
	ck_assert_str_eq(rasgw_health_event_name(RASGW_HEALTH_GATEWAY_SERVICE_FAILED),
			 "gateway-service-failed");
	ck_assert_str_eq(rasgw_health_event_name(RASGW_HEALTH_HOST_RECOVERED), "host-recovered");
	ck_assert_str_eq(rasgw_health_event_name(RASGW_HEALTH_GATEWAY_RECOVERED), "gateway-recovered");
	ck_assert_str_eq(rasgw_health_event_name((rasgw_health_event_kind)0), "unknown");
	ck_assert_str_eq(rasgw_health_state_name(RASGW_HEALTH_STATE_UP), "up");
	ck_assert_str_eq(rasgw_health_state_name(RASGW_HEALTH_STATE_VM_FAILED), "vm-failed");
	ck_assert_str_eq(rasgw_health_state_name(RASGW_HEALTH_STATE_SERVICE_FAILED), "service-failed");
	ck_assert_str_eq(rasgw_health_state_name(RASGW_HEALTH_STATE_HOST_FAILED), "host-failed");
	ck_assert_str_eq(rasgw_health_state_name((rasgw_health_state)17), "unknown");
}
END_TEST

/* ---------------------------------------------------------------- runner */

int main(void)
{
	Suite *s = suite_create("health");
	rasgw_test_add(s, "R4_1_k_misses_fail", r4_1_k_misses_fail);
	rasgw_test_add(s, "R4_1_success_resets", r4_1_success_resets);
	rasgw_test_add(s, "R4_1_tick_detects_silence", r4_1_tick_detects_silence);
	rasgw_test_add(s, "R4_1_tick_never_heard", r4_1_tick_never_heard);
	rasgw_test_add(s, "R4_1_explicit_and_silent_not_double_counted",
	    r4_1_explicit_and_silent_not_double_counted);
	rasgw_test_add(s, "R4_1_default_detection_300ms", r4_1_default_detection_300ms);
	rasgw_test_add(s, "R4_1_custom_thresholds", r4_1_custom_thresholds);
	rasgw_test_add(s, "R4_1_recover_after_j", r4_1_recover_after_j);
	rasgw_test_add(s, "R4_1_recover_after_hold_down", r4_1_recover_after_hold_down);
	rasgw_test_add(s, "R4_1_silence_breaks_recovery_run", r4_1_silence_breaks_recovery_run);
	rasgw_test_add(s, "R4_1_flapping_damped", r4_1_flapping_damped);
	rasgw_test_add(s, "R4_2_service_failure_distinct", r4_2_service_failure_distinct);
	rasgw_test_add(s, "R4_2_service_failure_needs_vm_answering", r4_2_service_failure_needs_vm_answering);
	rasgw_test_add(s, "R4_2_vm_failure_host_up", r4_2_vm_failure_host_up);
	rasgw_test_add(s, "R4_2_host_failure_one_event", r4_2_host_failure_one_event);
	rasgw_test_add(s, "R4_2_host_silence_staggered", r4_2_host_silence_staggered);
	rasgw_test_add(s, "R4_2_vm_failure_released_by_host", r4_2_vm_failure_released_by_host);
	rasgw_test_add(s, "R4_2_host_recovery", r4_2_host_recovery);
	rasgw_test_add(s, "R4_2_gateway_added_to_failed_host", r4_2_gateway_added_to_failed_host);
	rasgw_test_add(s, "R4_2_doc_timeline", r4_2_doc_timeline);
	rasgw_test_add(s, "R4_1_events_sorted", r4_1_events_sorted);
	rasgw_test_add(s, "R4_1_deterministic", r4_1_deterministic);
	rasgw_test_add(s, "R4_1_time_backwards_rejected", r4_1_time_backwards_rejected);
	rasgw_test_add(s, "R4_1_options_version", r4_1_options_version);
	rasgw_test_add(s, "R4_1_null_args", r4_1_null_args);
	rasgw_test_add(s, "R4_1_subject_errors", r4_1_subject_errors);
	rasgw_test_add(s, "R4_1_remove_keeps_others", r4_1_remove_keeps_others);
	rasgw_test_add(s, "R4_1_callback_stop_propagated", r4_1_callback_stop_propagated);
	rasgw_test_add(s, "R4_1_callback_reentry_refused", r4_1_callback_reentry_refused);
	rasgw_test_add(s, "R4_1_enomem_leaves_tracker_unchanged", r4_1_enomem_leaves_tracker_unchanged);
	rasgw_test_add(s, "R4_2_names", r4_2_names);

	return rasgw_test_run(s);
}
