/*
 * rasgw-sim: replay a scenario (doc/scenario-format.md) against librasgw and
 * show every decision it makes.
 *
 *   usage: rasgw-sim [--json] [--check] [--svg-before FILE] [--svg-after FILE]
 *                    SCENARIO.yaml
 *
 * The topology is loaded, a health tracker follows every host and gateway,
 * and each event of the scenario is turned into plans (probe results go
 * through the tracker first; the failures and recoveries it reports become
 * failover and recovery plans). Every plan is printed and committed, then
 * the event's expectations are checked. With --check, every plan is also
 * verified (deterministic, survives a JSON round trip, commits to the
 * fingerprint it announced, and its inverse undoes it) and the model's
 * invariants are checked after every step; the first violation stops the
 * run.
 *
 * Uses only the public API of librasgw (and libyaml to read the scenario).
 * Exit status: 0 when everything held, 1 when an expectation, an invariant
 * or a plan check failed or a plan was refused unexpectedly, 2 on a usage
 * error or an unreadable scenario or topology.
 */
#include "check.h"
#include "sim.h"

#include <rasgw/errors.h>
#include <rasgw/failover.h>
#include <rasgw/health.h>
#include <rasgw/load.h>
#include <rasgw/place.h>
#include <rasgw/plan.h>
#include <rasgw/alloc.h>
#include <rasgw/scale.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct sim {
	sim_scenario sc;
	rasgw_model *m;
	rasgw_health *h;
	sim_out out;
	bool check;
	/* What the tracker follows, ascending ids (gateways with their host). */
	char **hosts;
	size_t host_count;
	char **gws, **gw_hosts;
	size_t gw_count;
	int failures;
	bool fatal;
	char why[700];
	size_t expects;
} sim;

/* What to plan: one call of the planning API. */
typedef enum req_kind {
	RQ_CONNECTION_ADD, RQ_CONNECTION_REMOVE, RQ_ROUTES_LEARNED, RQ_GATEWAY_FAILURE,
	RQ_HOST_FAILURE, RQ_GATEWAY_RECOVERY, RQ_HOST_RECOVERY, RQ_GATEWAY_ADD, RQ_GATEWAY_DRAIN,
	RQ_GATEWAY_REMOVE, RQ_POOL_ADD, RQ_POOL_REMOVE, RQ_FAILBACK, RQ_REBALANCE
} req_kind;

typedef struct req {
	req_kind kind;
	const sim_event *e;
	const char *id;
	rasgw_failure_cause cause;
	const rasgw_connection *spec; /* connectionPlace: the record to place again */
} req;

/* Count a failure; the first one is the run's reason (truncated to fit). */
static void fail_run(sim *S, bool fatal, const char *fmt, ...)
{
	va_list ap;

	S->failures++;
	if (!S->why[0]) {
		va_start(ap, fmt);
		vsnprintf(S->why, sizeof(S->why), fmt, ap);
		va_end(ap);
	}
	S->fatal |= fatal;
}

/* ------------------------------------------------------------ planning */

static int make_plan(const sim *S, const req *q, rasgw_plan **out)
{
	const rasgw_failover_options *fo = &S->sc.failover;
	const sim_event *e = q->e;

	switch (q->kind) {
	case RQ_CONNECTION_ADD:
		return rasgw_plan_connection_add(out, S->m, q->spec ? q->spec : &e->conn, &e->place);
	case RQ_CONNECTION_REMOVE:
		return rasgw_plan_connection_remove(out, S->m, q->id, NULL);
	case RQ_ROUTES_LEARNED:
		return rasgw_plan_routes_learned(out, S->m, q->id, e->prefixes, e->prefix_count);
	case RQ_GATEWAY_FAILURE:
		return rasgw_plan_gateway_failure(out, S->m, q->id, q->cause, fo);
	case RQ_HOST_FAILURE:
		return rasgw_plan_host_failure(out, S->m, q->id, fo);
	case RQ_GATEWAY_RECOVERY:
		return rasgw_plan_gateway_recovery(out, S->m, q->id, fo);
	case RQ_HOST_RECOVERY:
		return rasgw_plan_host_recovery(out, S->m, q->id, fo);
	case RQ_GATEWAY_ADD:
		return rasgw_plan_gateway_add(out, S->m, &e->gateway);
	case RQ_GATEWAY_DRAIN:
		return rasgw_plan_gateway_drain(out, S->m, q->id, fo);
	case RQ_GATEWAY_REMOVE:
		return rasgw_plan_gateway_remove(out, S->m, q->id, fo);
	case RQ_POOL_ADD:
		return rasgw_plan_pool_add(out, S->m, &e->pool, e->pool_gateways,
					   e->pool_gateway_count);
	case RQ_POOL_REMOVE:
		return rasgw_plan_pool_remove(out, S->m, q->id, fo);
	case RQ_FAILBACK:
		return rasgw_plan_failback(out, S->m, q->id, e->from, fo);
	case RQ_REBALANCE:
		return rasgw_plan_rebalance(out, S->m, q->id, fo);
	}
	return RASGW_EINVAL;
}

static const char *last_message(void)
{
	return rasgw_error_last()->message;
}

/*
 * R8.1 and R8.4 on one plan, before it is committed: planning again gives
 * the same bytes, the JSON reads back to the same bytes, and the plan was
 * computed from the model as it is.
 */
static int verify_plan(sim *S, const req *q, const rasgw_plan *p, char *msg, size_t len)
{
	char *json = NULL, *json2 = NULL, *json3 = NULL;
	rasgw_plan *again = NULL, *back = NULL;
	int rc = -1;

	if (rasgw_plan_base_fingerprint(p) != rasgw_model_fingerprint(S->m)) {
		snprintf(msg, len, "R8.4: plan base fingerprint %016" PRIx64 " is not the model's "
			 "%016" PRIx64, rasgw_plan_base_fingerprint(p), rasgw_model_fingerprint(S->m));
		return -1;
	}
	if (rasgw_plan_to_json(p, &json) < 0) {
		snprintf(msg, len, "R8.1: rasgw_plan_to_json failed: %s", last_message());
		goto out;
	}
	if (make_plan(S, q, &again) < 0 || rasgw_plan_to_json(again, &json2) < 0) {
		snprintf(msg, len, "R8.1: planning the same event again failed: %s", last_message());
		goto out;
	}
	if (strcmp(json, json2)) {
		snprintf(msg, len, "R8.1: planning the same event twice gave different plans");
		goto out;
	}
	if (rasgw_plan_from_json(&back, S->m, json, strlen(json), NULL) < 0) {
		snprintf(msg, len, "R8.1: the plan's JSON does not read back: %s", last_message());
		goto out;
	}
	if (rasgw_plan_to_json(back, &json3) < 0 || strcmp(json, json3)) {
		snprintf(msg, len, "R8.1: the plan's JSON read back and written again differs");
		goto out;
	}
	rc = 0;
out:
	rasgw_free(json);
	rasgw_free(json2);
	rasgw_free(json3);
	rasgw_plan_free(again);
	rasgw_plan_free(back);
	return rc;
}

/* After commit: the announced result, and commit(inverse) undoing it exactly. */
static int verify_commit(sim *S, const rasgw_plan *p, char *msg, size_t len)
{
	rasgw_plan *inv = NULL;
	uint64_t base = rasgw_plan_base_fingerprint(p), result = rasgw_plan_result_fingerprint(p);
	int rc = -1;

	if (rasgw_model_fingerprint(S->m) != result) {
		snprintf(msg, len, "R8.4: after commit the fingerprint is %016" PRIx64 ", the plan "
			 "announced %016" PRIx64, rasgw_model_fingerprint(S->m), result);
		return -1;
	}
	if (rasgw_plan_invert(&inv, p) < 0) {
		snprintf(msg, len, "R8.1: rasgw_plan_invert failed: %s", last_message());
		return -1;
	}
	if (rasgw_model_commit(S->m, inv) < 0) {
		snprintf(msg, len, "R8.1: committing the inverse plan failed: %s", last_message());
		goto out;
	}
	if (rasgw_model_fingerprint(S->m) != base) {
		snprintf(msg, len, "R8.1: the inverse plan led to %016" PRIx64 ", not back to "
			 "%016" PRIx64, rasgw_model_fingerprint(S->m), base);
		goto out;
	}
	if (rasgw_model_commit(S->m, p) < 0 || rasgw_model_fingerprint(S->m) != result) {
		snprintf(msg, len, "R8.1: committing the plan again after its inverse failed: %s",
			 last_message());
		goto out;
	}
	rc = 0;
out:
	rasgw_plan_free(inv);
	return rc;
}

/* ------------------------------------------------------ health tracking */

static bool listed(const char *const *list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], id))
			return true;
	return false;
}

static int track_hosts(sim *S)
{
	size_t n = rasgw_model_host_count(S->m);

	S->hosts = calloc(n ? n : 1, sizeof(*S->hosts));
	if (!S->hosts)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const rasgw_host *h = rasgw_model_host_get(S->m, i);
		if (!(S->hosts[i] = strdup(h->id)) || rasgw_health_add_host(S->h, h->id) < 0)
			return -1;
		S->host_count = i + 1;
	}
	return 0;
}

/*
 * Follow the model's gateways: add the new ones to the tracker, drop the
 * removed ones. Both lists are in id order, so one merge pass does it.
 */
static int sync_tracker(sim *S, sim_step *st)
{
	size_t n = rasgw_model_gateway_count(S->m), i = 0, j = 0, k = 0;
	char **ids = calloc(n ? n : 1, sizeof(*ids)), **hosts = calloc(n ? n : 1, sizeof(*hosts));
	char note[200];

	if (!ids || !hosts)
		goto nomem;
	while (i < n || j < S->gw_count) {
		const rasgw_gateway *g = i < n ? rasgw_model_gateway_get(S->m, i) : NULL;
		int c = !g ? 1 : j == S->gw_count ? -1 : strcmp(g->id, S->gws[j]);
		if (c == 0) {
			ids[k] = S->gws[j];
			hosts[k++] = S->gw_hosts[j];
			i++, j++;
		} else if (c < 0) {
			if (!(ids[k] = strdup(g->id)) || !(hosts[k] = strdup(g->host_id)))
				goto nomem;
			if (rasgw_health_add_gateway(S->h, g->id, g->host_id) < 0) {
				snprintf(note, sizeof(note), "health tracker: cannot follow gateway '%s': %s",
					 g->id, last_message());
				if (st)
					print_note(&S->out, st, note);
			} else if (st) {
				snprintf(note, sizeof(note), "health tracker now follows gateway '%s' on '%s'",
					 g->id, g->host_id);
				print_note(&S->out, st, note);
			}
			k++, i++;
		} else {
			rasgw_health_remove(S->h, S->gws[j]);
			if (st) {
				snprintf(note, sizeof(note), "health tracker no longer follows gateway '%s'",
					 S->gws[j]);
				print_note(&S->out, st, note);
			}
			free(S->gws[j]);
			free(S->gw_hosts[j]);
			j++;
		}
	}
	free(S->gws);
	free(S->gw_hosts);
	S->gws = ids;
	S->gw_hosts = hosts;
	S->gw_count = k;
	return 0;
nomem:
	fprintf(stderr, "rasgw-sim: out of memory\n");
	exit(2);
}

static int collect_health(const rasgw_health_event *ev, void *payload)
{
	sim_step *st = payload;
	sim_health_event *a = realloc(st->health, (st->health_count + 1) * sizeof(*a));

	if (!a)
		return 1;
	st->health = a;
	a[st->health_count] = (sim_health_event){ ev->kind, strdup(ev->id), ev->time_ms };
	if (!a[st->health_count].id)
		return 1;
	st->health_count++;
	return 0;
}

/* --------------------------------------------------------------- steps */

static bool step_expects_error(const sim_step *st)
{
	for (size_t i = 0; i < st->event->expect_count; i++)
		if (ymap_get(st->event->expects[i].node, "error"))
			return true;
	return false;
}

/* Plan, verify, print and commit one request. Returns 0, or -1 when the step must stop. */
static int run_req(sim *S, sim_step *st, const req *q, const char *cause)
{
	rasgw_plan *p = NULL;
	char msg[700];
	int rc = make_plan(S, q, &p);

	if (rc < 0) {
		bool expected = step_expects_error(st);
		st->error = rc;
		snprintf(st->error_msg, sizeof(st->error_msg), "%s", last_message());
		print_error(&S->out, st, expected);
		if (!expected)
			fail_run(S, true, "step %s: plan refused: %s", cause, st->error_msg);
		return -1;
	}
	if (S->check && verify_plan(S, q, p, msg, sizeof(msg)) < 0) {
		print_check(&S->out, st, false, msg);
		fail_run(S, true, "%s (plan check)", msg);
		rasgw_plan_free(p);
		return -1;
	}
	rasgw_plan **plans = realloc(st->plans, (st->plan_count + 1) * sizeof(*plans));
	const char **causes = plans ? realloc(st->plan_causes, (st->plan_count + 1) * sizeof(*causes)) : NULL;
	if (plans)
		st->plans = plans;
	if (!plans || !causes) {
		fprintf(stderr, "rasgw-sim: out of memory\n");
		exit(2);
	}
	st->plan_causes = causes;
	st->plans[st->plan_count] = p;
	st->plan_causes[st->plan_count] = strdup(cause);
	st->plan_count++;
	print_plan(&S->out, st, st->plan_count - 1);
	if (rasgw_model_commit(S->m, p) < 0) {
		snprintf(msg, sizeof(msg), "commit failed: %s", last_message());
		print_check(&S->out, st, false, msg);
		fail_run(S, true, "%s", msg);
		return -1;
	}
	if (S->check && verify_commit(S, p, msg, sizeof(msg)) < 0) {
		print_check(&S->out, st, false, msg);
		fail_run(S, true, "%s (plan check)", msg);
		return -1;
	}
	sync_tracker(S, st);
	return 0;
}

/* Turn the tracker's events from index `from` on into failover and recovery plans. */
static int run_health_events(sim *S, sim_step *st, size_t from)
{
	char cause[200], note[240];

	for (size_t i = from; i < st->health_count; i++) {
		const sim_health_event *ev = &st->health[i];
		const rasgw_host *h = rasgw_model_host_lookup(S->m, ev->id);
		const rasgw_gateway *g = rasgw_model_gateway_lookup(S->m, ev->id);
		const rasgw_host *gh = g ? rasgw_model_host_lookup(S->m, g->host_id) : NULL;
		req q = { 0 };
		const char *skip = NULL;

		q.e = st->event;
		q.id = ev->id;
		print_health(&S->out, st, ev);
		switch (ev->kind) {
		case RASGW_HEALTH_HOST_FAILED:
			q.kind = RQ_HOST_FAILURE;
			skip = !h ? "not in the model" : h->failed ? "already failed in the model" : NULL;
			break;
		case RASGW_HEALTH_GATEWAY_VM_FAILED:
		case RASGW_HEALTH_GATEWAY_SERVICE_FAILED:
			q.kind = RQ_GATEWAY_FAILURE;
			q.cause = ev->kind == RASGW_HEALTH_GATEWAY_VM_FAILED ? RASGW_FAILURE_VM
									      : RASGW_FAILURE_SERVICE;
			skip = !g ? "not in the model"
			     : g->role == RASGW_GATEWAY_FAILED ? "already failed in the model" : NULL;
			break;
		case RASGW_HEALTH_HOST_RECOVERED:
			q.kind = RQ_HOST_RECOVERY;
			skip = !h ? "not in the model" : !h->failed ? "not failed in the model" : NULL;
			break;
		case RASGW_HEALTH_GATEWAY_RECOVERED:
			q.kind = RQ_GATEWAY_RECOVERY;
			skip = !g ? "not in the model"
			     : g->role != RASGW_GATEWAY_FAILED ? "not failed in the model (already back)"
			     : gh && gh->failed ? "its host is still failed in the model" : NULL;
			break;
		}
		if (skip) {
			snprintf(note, sizeof(note), "%s %s: no plan, %s",
				 rasgw_health_event_name(ev->kind), ev->id, skip);
			print_note(&S->out, st, note);
			continue;
		}
		snprintf(cause, sizeof(cause), "health %s %s", rasgw_health_event_name(ev->kind), ev->id);
		if (run_req(S, st, &q, cause) < 0)
			return -1;
	}
	return 0;
}

static int feed_probe(sim *S, sim_step *st, rasgw_probe_kind kind, const char *id, bool ok,
		      uint64_t t)
{
	rasgw_probe pr = { kind, id, ok, t };
	size_t before = st->health_count;
	int rc = rasgw_health_probe(S->h, &pr, collect_health, st);

	if (rc < 0) {
		st->error = rc;
		snprintf(st->error_msg, sizeof(st->error_msg), "probe of '%s': %s", id, last_message());
		bool expected = step_expects_error(st);
		print_error(&S->out, st, expected);
		if (!expected)
			fail_run(S, true, "probe refused: %s", st->error_msg);
		return -1;
	}
	return run_health_events(S, st, before);
}

static int unknown_subject(sim *S, sim_step *st, const char *what, const char *id)
{
	st->error = RASGW_ENOTFOUND;
	snprintf(st->error_msg, sizeof(st->error_msg), "probeRound: the tracker follows no %s '%s'",
		 what, id);
	print_error(&S->out, st, false);
	fail_run(S, true, "%s", st->error_msg);
	return -1;
}

static int probe_round(sim *S, sim_step *st)
{
	const sim_probe_round *pr = &st->event->round;

	for (size_t i = 0; i < pr->hosts_down_count; i++)
		if (!listed((const char *const *)S->hosts, S->host_count, pr->hosts_down[i]))
			return unknown_subject(S, st, "host", pr->hosts_down[i]);
	for (size_t i = 0; i < pr->vms_down_count; i++)
		if (!listed((const char *const *)S->gws, S->gw_count, pr->vms_down[i]))
			return unknown_subject(S, st, "gateway", pr->vms_down[i]);
	for (size_t i = 0; i < pr->services_down_count; i++)
		if (!listed((const char *const *)S->gws, S->gw_count, pr->services_down[i]))
			return unknown_subject(S, st, "gateway", pr->services_down[i]);
	for (uint32_t r = 0; r < pr->repeat; r++) {
		uint64_t t = st->event->at + (uint64_t)r * pr->every;
		for (size_t i = 0; i < S->host_count; i++)
			if (feed_probe(S, st, RASGW_PROBE_HOST, S->hosts[i],
				       !listed(pr->hosts_down, pr->hosts_down_count, S->hosts[i]), t) < 0)
				return -1;
		/* A dead host answers for none of its VMs; a dead VM runs no service. */
		for (size_t i = 0; i < S->gw_count; i++) {
			bool host_up = !listed(pr->hosts_down, pr->hosts_down_count, S->gw_hosts[i]);
			bool vm_up = host_up && !listed(pr->vms_down, pr->vms_down_count, S->gws[i]);
			bool svc_up = vm_up &&
				      !listed(pr->services_down, pr->services_down_count, S->gws[i]);
			if (feed_probe(S, st, RASGW_PROBE_GATEWAY_VM, S->gws[i], vm_up, t) < 0 ||
			    feed_probe(S, st, RASGW_PROBE_GATEWAY_SERVICE, S->gws[i], svc_up, t) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * Place a connection the model holds unplaced (the topology listed it so, or
 * a failover could not re-place it, R8.3). The API places only new
 * connections, so this is two plans: remove the unplaced record, then add it
 * again; the record comes from the removal plan, which owns it.
 */
static void place_existing(sim *S, sim_step *st, req *q)
{
	const rasgw_connection *c = rasgw_model_connection_lookup(S->m, q->id);
	char cause[200];

	if (c && c->gateway_id) {
		st->error = RASGW_ESTATE;
		snprintf(st->error_msg, sizeof(st->error_msg),
			 "connectionPlace: connection '%s' is already placed on '%s'", c->id, c->gateway_id);
		bool expected = step_expects_error(st);
		print_error(&S->out, st, expected);
		if (!expected)
			fail_run(S, true, "%s", st->error_msg);
		return;
	}
	snprintf(cause, sizeof(cause), "connectionPlace %s: forget the unplaced record", q->id);
	q->kind = RQ_CONNECTION_REMOVE;
	if (run_req(S, st, q, cause) < 0)
		return;
	const rasgw_plan *p = st->plans[st->plan_count - 1];
	for (size_t i = 0; i < rasgw_plan_change_count(p); i++) {
		const rasgw_change *ch = rasgw_plan_change_get(p, i);
		if (ch->kind == RASGW_CHANGE_CONNECTION_REMOVE && ch->connection) {
			st->spec = *ch->connection;
			st->spec.gateway_id = NULL;
			q->spec = &st->spec;
		}
	}
	if (!q->spec) {
		fail_run(S, true, "connectionPlace %s: the removal plan carries no record", q->id);
		return;
	}
	snprintf(cause, sizeof(cause), "connectionPlace %s: place it", q->id);
	q->kind = RQ_CONNECTION_ADD;
	if (run_req(S, st, q, cause) == 0 || !st->error)
		return;
	/* Refused: put the unplaced record back, so that the step changes nothing. */
	rasgw_plan *undo = NULL;
	if (rasgw_plan_invert(&undo, p) < 0 || rasgw_model_commit(S->m, undo) < 0) {
		fail_run(S, true, "connectionPlace %s: cannot undo the removal: %s", q->id,
			 last_message());
	} else {
		snprintf(cause, sizeof(cause), "connectionPlace %s refused: the removal is undone "
			 "(its inverse plan committed), the connection stays unplaced", q->id);
		print_note(&S->out, st, cause);
	}
	rasgw_plan_free(undo);
}

/* One rebalance plan per pool, in id order (ids copied: commits invalidate records). */
static void rebalance_all(sim *S, sim_step *st, req *q)
{
	size_t n = rasgw_model_pool_count(S->m);
	char **ids = calloc(n ? n : 1, sizeof(*ids));
	char cause[200];

	for (size_t i = 0; ids && i < n; i++)
		ids[i] = strdup(rasgw_model_pool_get(S->m, i)->id);
	for (size_t i = 0; ids && i < n; i++) {
		q->id = ids[i];
		snprintf(cause, sizeof(cause), "rebalance %s", ids[i] ? ids[i] : "?");
		if (!ids[i] || run_req(S, st, q, cause) < 0)
			break;
	}
	for (size_t i = 0; ids && i < n; i++)
		free(ids[i]);
	free(ids);
}

static void run_event(sim *S, sim_step *st)
{
	const sim_event *e = st->event;
	req q = { 0 };
	char cause[200];

	q.e = e;
	q.id = e->id;
	snprintf(cause, sizeof(cause), "%s %s", e->name, e->id ? e->id : "");
	switch (e->kind) {
	case EV_NONE:
		return;
	case EV_PROBE:
		feed_probe(S, st, e->probe_kind, e->id, e->probe_ok, e->at);
		return;
	case EV_PROBE_ROUND:
		probe_round(S, st);
		return;
	case EV_TICK: {
		size_t before = st->health_count;
		int rc = rasgw_health_tick(S->h, e->at, collect_health, st);
		if (rc < 0) {
			st->error = rc;
			snprintf(st->error_msg, sizeof(st->error_msg), "%s", last_message());
			print_error(&S->out, st, false);
			fail_run(S, true, "tick refused: %s", st->error_msg);
			return;
		}
		run_health_events(S, st, before);
		return;
	}
	case EV_CONNECTION_ADD: q.kind = RQ_CONNECTION_ADD; break;
	case EV_CONNECTION_REMOVE: q.kind = RQ_CONNECTION_REMOVE; break;
	case EV_CONNECTION_PLACE:
		place_existing(S, st, &q);
		return;
	case EV_ROUTES_LEARNED: q.kind = RQ_ROUTES_LEARNED; break;
	case EV_GATEWAY_FAILURE:
		q.kind = RQ_GATEWAY_FAILURE;
		q.cause = e->cause == CAUSE_VM ? RASGW_FAILURE_VM
			: e->cause == CAUSE_SERVICE ? RASGW_FAILURE_SERVICE : RASGW_FAILURE_HOST;
		break;
	case EV_HOST_FAILURE: q.kind = RQ_HOST_FAILURE; break;
	case EV_GATEWAY_RECOVERY: q.kind = RQ_GATEWAY_RECOVERY; break;
	case EV_HOST_RECOVERY: q.kind = RQ_HOST_RECOVERY; break;
	case EV_GATEWAY_ADD: q.kind = RQ_GATEWAY_ADD; break;
	case EV_GATEWAY_DRAIN: q.kind = RQ_GATEWAY_DRAIN; break;
	case EV_GATEWAY_REMOVE: q.kind = RQ_GATEWAY_REMOVE; break;
	case EV_POOL_ADD: q.kind = RQ_POOL_ADD; break;
	case EV_POOL_REMOVE: q.kind = RQ_POOL_REMOVE; break;
	case EV_FAILBACK: q.kind = RQ_FAILBACK; break;
	case EV_REBALANCE:
		q.kind = RQ_REBALANCE;
		if (!e->id) {
			rebalance_all(S, st, &q);
			return;
		}
		break;
	}
	run_req(S, st, &q, cause);
}

static void step_free(sim_step *st)
{
	for (size_t i = 0; i < st->plan_count; i++) {
		rasgw_plan_free(st->plans[i]);
		free((char *)st->plan_causes[i]);
	}
	free(st->plans);
	free(st->plan_causes);
	for (size_t i = 0; i < st->health_count; i++)
		free(st->health[i].id);
	free(st->health);
}

static void run_checks(sim *S, sim_step *st)
{
	char msg[700];

	if (!S->check)
		return;
	if (check_invariants(S->m, msg, sizeof(msg)) < 0) {
		print_check(&S->out, st, false, msg);
		fail_run(S, true, st ? "invariant broken at step %s: %s" : "invariant broken in the "
			 "initial topology%s: %s", st ? st->event->name : "", msg);
	} else if (!S->out.json) {
		if (st)
			print_check(&S->out, st, true, NULL);
	} else {
		print_check(&S->out, st, true, NULL);
	}
}

static void run(sim *S)
{
	run_checks(S, NULL);
	for (size_t i = 0; i < S->sc.event_count && !S->fatal; i++) {
		sim_step st = { 0 };
		char msg[700], where[64];

		st.index = i + 1;
		st.event = &S->sc.events[i];
		print_step(&S->out, &st);
		run_event(S, &st);
		if (!S->fatal || st.error) {
			/* A refused plan leaves the model as it was: its expectations still say whether
			 * the refusal was the point. */
			for (size_t k = 0; k < st.event->expect_count; k++) {
				const sim_expect *x = &st.event->expects[k];
				bool ok = expect_check(S->m, &st, x, msg, sizeof(msg)) == 0;
				S->expects++;
				print_expect(&S->out, &st, x, ok, msg);
				if (!ok) {
					snprintf(where, sizeof(where), "event #%zu", st.index);
					fail_run(S, false, "expectation failed at %s: %s", where, msg);
				}
			}
		}
		if (!S->fatal)
			run_checks(S, &st);
		step_free(&st);
	}
}

static void usage(FILE *f, const char *argv0)
{
	fprintf(f, "usage: %s [--json] [--check] [--svg-before FILE] [--svg-after FILE] "
		"SCENARIO.yaml\n"
		"  --json        one JSON object per line (steps, plans, operations, checks)\n"
		"  --check       verify every plan and the model's invariants after every step\n"
		"  --svg-before  picture of the pools before the first event\n"
		"  --svg-after   picture of the pools after the last event\n"
		"  --help, -h    this text\n",
		argv0);
}

int main(int argc, char **argv)
{
	const char *argv0 = argc ? argv[0] : "rasgw-sim", *path = NULL;
	const char *svg_before = NULL, *svg_after = NULL;
	char err[1024];
	sim S = { 0 };
	int status = 0;

	S.out.f = stdout;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			S.out.json = true;
		} else if (!strcmp(argv[i], "--check")) {
			S.check = true;
		} else if (!strcmp(argv[i], "--svg-before") && i + 1 < argc) {
			svg_before = argv[++i];
		} else if (!strcmp(argv[i], "--svg-after") && i + 1 < argc) {
			svg_after = argv[++i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout, argv0);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "rasgw-sim: unknown or incomplete option '%s'\n", argv[i]);
			usage(stderr, argv0);
			return 2;
		} else if (path) {
			fprintf(stderr, "rasgw-sim: one scenario at a time\n");
			usage(stderr, argv0);
			return 2;
		} else {
			path = argv[i];
		}
	}
	if (!path) {
		usage(stderr, argv0);
		return 2;
	}
	if (scenario_load(&S.sc, path, err, sizeof(err)) < 0) {
		fprintf(stderr, "rasgw-sim: %s\n", err);
		scenario_free(&S.sc);
		return 2;
	}
	if (rasgw_model_load_file(&S.m, S.sc.topology, NULL) < 0) {
		fprintf(stderr, "rasgw-sim: %s\n", last_message());
		scenario_free(&S.sc);
		return 2;
	}
	if (rasgw_health_new(&S.h, &S.sc.health) < 0) {
		fprintf(stderr, "rasgw-sim: %s: health: %s\n", path, last_message());
		status = 2;
		goto out;
	}
	if (track_hosts(&S) < 0 || sync_tracker(&S, NULL) < 0) {
		fprintf(stderr, "rasgw-sim: cannot set up the health tracker: %s\n", last_message());
		status = 2;
		goto out;
	}
	print_header(&S.out, &S.sc, S.m);
	if (svg_before && svg_write(svg_before, S.m, "before the first event") < 0) {
		fprintf(stderr, "rasgw-sim: %s: %s\n", svg_before, strerror(errno));
		status = 2;
		goto out;
	}
	run(&S);
	print_summary(&S.out, S.m);
	if (svg_after && svg_write(svg_after, S.m, "after the last event") < 0) {
		fprintf(stderr, "rasgw-sim: %s: %s\n", svg_after, strerror(errno));
		status = 2;
	}
	print_result(&S.out, path, S.sc.event_count, S.expects, S.failures, S.why);
	if (S.failures) {
		fprintf(stderr, "rasgw-sim: %s: %s\n", path, S.why);
		status = 1;
	}
out:
	for (size_t i = 0; i < S.host_count; i++)
		free(S.hosts[i]);
	free(S.hosts);
	for (size_t i = 0; i < S.gw_count; i++) {
		free(S.gws[i]);
		free(S.gw_hosts[i]);
	}
	free(S.gws);
	free(S.gw_hosts);
	rasgw_health_free(S.h);
	rasgw_model_free(S.m);
	scenario_free(&S.sc);
	return status;
}
