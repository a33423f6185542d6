/*
 * Output of rasgw-sim: a readable table per plan, grouped by phase and then
 * by target (in plan order, since executors run a phase in plan order), or
 * one JSON object per line (--json) for every step, plan, operation,
 * expectation, check and pool. The JSON is written by hand so that the
 * example needs nothing but librasgw and libyaml.
 */
#include "sim.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------- JSON */

static void jstr(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* ,"key":"value" when value is set. */
static void jkv(FILE *f, const char *key, const char *value)
{
	if (!value)
		return;
	fprintf(f, ",\"%s\":", key);
	jstr(f, value);
}

static void jnum(FILE *f, const char *key, uint64_t v)
{
	fprintf(f, ",\"%s\":%" PRIu64, key, v);
}

static void jstep(FILE *f, const char *type, const sim_step *st)
{
	fprintf(f, "{\"type\":\"%s\",\"step\":%zu,\"at\":%" PRIu64, type, st->index, st->event->at);
	jkv(f, "event", st->event->name);
}

/* --------------------------------------------------------------- header */

static const char *event_subject(const sim_event *e)
{
	return e->id ? e->id : "";
}

void print_header(const sim_out *o, const sim_scenario *s, const rasgw_model *m)
{
	if (o->json) {
		fprintf(o->f, "{\"type\":\"scenario\"");
		jkv(o->f, "scenario", s->path);
		jkv(o->f, "description", s->title);
		jkv(o->f, "topology", s->topology);
		jnum(o->f, "events", s->event_count);
		fprintf(o->f, ",\"fingerprint\":\"%016" PRIx64 "\"}\n", rasgw_model_fingerprint(m));
		return;
	}
	fprintf(o->f, "scenario %s%s%s\n", s->path, s->title ? ": " : "", s->title ? s->title : "");
	fprintf(o->f, "topology %s: %zu racks, %zu hosts, %zu pools, %zu gateways, %zu tenants, "
		"%zu connections, fingerprint %016" PRIx64 "\n",
		s->topology, rasgw_model_rack_count(m), rasgw_model_host_count(m),
		rasgw_model_pool_count(m), rasgw_model_gateway_count(m), rasgw_model_tenant_count(m),
		rasgw_model_connection_count(m), rasgw_model_fingerprint(m));
	fprintf(o->f, "health: probe every %u ms, fail after %u misses, recover after %u successes "
		"and %u ms\n", s->health.probe_interval_ms, s->health.fail_after,
		s->health.recover_after, s->health.hold_down_ms);
}

/* ----------------------------------------------------------------- steps */

void print_step(const sim_out *o, const sim_step *st)
{
	const sim_event *e = st->event;

	if (o->json) {
		jstep(o->f, "step", st);
		jkv(o->f, "subject", e->id);
		jkv(o->f, "from", e->from);
		jkv(o->f, "note", e->note);
		fprintf(o->f, ",\"line\":%u}\n", e->line);
		return;
	}
	fprintf(o->f, "\n== #%zu @%" PRIu64 " ms  %s %s", st->index, e->at, e->name,
		event_subject(e));
	if (e->kind == EV_GATEWAY_FAILURE)
		fprintf(o->f, " (cause %s)",
			e->cause == CAUSE_VM ? "vm" : e->cause == CAUSE_SERVICE ? "service" : "host");
	if (e->kind == EV_FAILBACK)
		fprintf(o->f, " (from %s)", e->from);
	if (e->kind == EV_PROBE)
		fprintf(o->f, " (%s %s)",
			e->probe_kind == RASGW_PROBE_HOST ? "host"
			: e->probe_kind == RASGW_PROBE_GATEWAY_VM ? "vm" : "service",
			e->probe_ok ? "ok" : "miss");
	if (e->kind == EV_PROBE_ROUND && e->round.repeat > 1)
		fprintf(o->f, "x%u until %" PRIu64 " ms", e->round.repeat, e->end);
	fprintf(o->f, "   (line %u)\n", e->line);
	if (e->note)
		fprintf(o->f, "   -- %s\n", e->note);
}

void print_health(const sim_out *o, const sim_step *st, const sim_health_event *ev)
{
	if (o->json) {
		jstep(o->f, "health", st);
		jkv(o->f, "kind", rasgw_health_event_name(ev->kind));
		jkv(o->f, "id", ev->id);
		jnum(o->f, "time", ev->time_ms);
		fputs("}\n", o->f);
		return;
	}
	fprintf(o->f, "   health @%" PRIu64 " ms: %s %s\n", ev->time_ms,
		rasgw_health_event_name(ev->kind), ev->id);
}

void print_note(const sim_out *o, const sim_step *st, const char *note)
{
	if (o->json) {
		jstep(o->f, "note", st);
		jkv(o->f, "note", note);
		fputs("}\n", o->f);
		return;
	}
	fprintf(o->f, "   note: %s\n", note);
}

void print_error(const sim_out *o, const sim_step *st, bool expected)
{
	const char *name = sim_error_name(st->error);

	if (o->json) {
		jstep(o->f, "refused", st);
		jkv(o->f, "error", name ? name : "?");
		jkv(o->f, "message", st->error_msg);
		fprintf(o->f, ",\"expected\":%s}\n", expected ? "true" : "false");
		return;
	}
	fprintf(o->f, "   %s: %s: %s\n", expected ? "refused (as expected)" : "REFUSED",
		name ? name : "?", st->error_msg);
}

/* ------------------------------------------------------------------ plans */

typedef struct op_str {
	const char *key;
	size_t offset;
} op_str;

/* Fields in the order they are printed; the table leaves out the one the target repeats. */
static const op_str op_strs[] = {
	{ "tenant", offsetof(rasgw_op, tenant) },
	{ "connection", offsetof(rasgw_op, connection) },
	{ "gateway", offsetof(rasgw_op, gateway) },
	{ "oldGateway", offsetof(rasgw_op, old_gateway) },
	{ "dip", offsetof(rasgw_op, dip) },
	{ "oldDip", offsetof(rasgw_op, old_dip) },
	{ "publicIp", offsetof(rasgw_op, public_ip) },
	{ "sourceIp", offsetof(rasgw_op, source_ip) },
	{ "prefix", offsetof(rasgw_op, prefix) },
	{ "address", offsetof(rasgw_op, address) },
	{ "peerIp", offsetof(rasgw_op, peer_ip) },
};

static const char *op_field(const rasgw_op *op, size_t i)
{
	return *(const char *const *)((const char *)op + op_strs[i].offset);
}

static void print_op_json(const sim_out *o, const sim_step *st, size_t p, size_t i,
			  const rasgw_op *op)
{
	FILE *f = o->f;

	jstep(f, "op", st);
	fprintf(f, ",\"plan\":%zu,\"index\":%zu", p + 1, i);
	jkv(f, "phase", rasgw_phase_name(op->phase));
	jkv(f, "targetKind", rasgw_target_kind_name(op->target_kind));
	jkv(f, "target", op->target);
	jkv(f, "op", rasgw_op_kind_name(op->kind));
	for (size_t k = 0; k < sizeof(op_strs) / sizeof(op_strs[0]); k++)
		jkv(f, op_strs[k].key, op_field(op, k));
	if (op->vlan)
		jnum(f, "vlan", op->vlan);
	if (op->asn)
		jnum(f, "asn", op->asn);
	if (op->peer_asn)
		jnum(f, "peerAsn", op->peer_asn);
	if (op->settings) {
		const rasgw_connection *c = op->settings;
		fputs(",\"settings\":{", f);
		fputs("\"type\":", f);
		jstr(f, rasgw_conn_type_name(c->type));
		jnum(f, "inboundKbps", c->inbound_kbps);
		jnum(f, "outboundKbps", c->outbound_kbps);
		fputs("}", f);
	}
	fputs("}\n", f);
}

static void print_op_row(const sim_out *o, const rasgw_op *op, bool first_of_target)
{
	char target[96];
	char line[512];
	size_t used = 0;

	snprintf(target, sizeof(target), "%s:%s", rasgw_target_kind_name(op->target_kind),
		 op->target ? op->target : "?");
	line[0] = '\0';
	for (size_t k = 0; k < sizeof(op_strs) / sizeof(op_strs[0]) && used + 2 < sizeof(line); k++) {
		const char *v = op_field(op, k);
		if (!v || (op->target && !strcmp(v, op->target) && !strcmp(op_strs[k].key, "gateway")))
			continue;
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s=%s", used ? " " : "",
					 op_strs[k].key, v);
	}
	if (op->vlan && used + 2 < sizeof(line))
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%svlan=%u",
					 used ? " " : "", op->vlan);
	if (op->asn && used + 2 < sizeof(line))
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%sasn=%u", used ? " " : "",
					 op->asn);
	if (op->peer_asn && used + 2 < sizeof(line))
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%speerAsn=%u",
					 used ? " " : "", op->peer_asn);
	if (op->settings && used + 2 < sizeof(line))
		snprintf(line + used, sizeof(line) - used, "%s%s %llu+%llu kbps", used ? " " : "",
			 rasgw_conn_type_name(op->settings->type),
			 (unsigned long long)op->settings->inbound_kbps,
			 (unsigned long long)op->settings->outbound_kbps);
	fprintf(o->f, "       %-24s %-30s %s\n", first_of_target ? target : "",
		rasgw_op_kind_name(op->kind), line);
}

static bool same_target(const rasgw_op *a, const rasgw_op *b)
{
	return a->target_kind == b->target_kind && a->target && b->target &&
	       !strcmp(a->target, b->target);
}

static void print_plan_table(const sim_out *o, const sim_step *st, size_t p)
{
	const rasgw_plan *plan = st->plans[p];
	size_t n = rasgw_plan_op_count(plan);
	bool *done = calloc(n ? n : 1, sizeof(*done));

	fprintf(o->f, "   plan %zu  %s %s  (%s): %zu ops, %zu changes, %zu issues, "
		"fingerprint %016" PRIx64 " -> %016" PRIx64 "\n",
		p + 1, rasgw_plan_event(plan),
		rasgw_plan_subject(plan) ? rasgw_plan_subject(plan) : "-",
		st->plan_causes[p] ? st->plan_causes[p] : "", n, rasgw_plan_change_count(plan),
		rasgw_plan_issue_count(plan), rasgw_plan_base_fingerprint(plan),
		rasgw_plan_result_fingerprint(plan));
	if (!done) {
		fprintf(o->f, "     (out of memory)\n");
		return;
	}
	for (int ph = 1; ph <= RASGW_PHASE_MAX; ph++) {
		bool header = false;
		for (size_t i = 0; i < n; i++) {
			const rasgw_op *op = rasgw_plan_op_get(plan, i);
			if (done[i] || (int)op->phase != ph)
				continue;
			if (!header) {
				fprintf(o->f, "     %s\n", rasgw_phase_name((rasgw_phase)ph));
				header = true;
			}
			/* The whole group of this target within the phase, in plan order. */
			bool first = true;
			for (size_t j = i; j < n; j++) {
				const rasgw_op *oj = rasgw_plan_op_get(plan, j);
				if (done[j] || (int)oj->phase != ph || !same_target(op, oj))
					continue;
				print_op_row(o, oj, first);
				first = false;
				done[j] = true;
			}
			done[i] = true;
		}
	}
	/* Phases out of the known range would be a library bug: show them anyway. */
	for (size_t i = 0; i < n; i++)
		if (!done[i]) {
			fprintf(o->f, "     phase %d\n", (int)rasgw_plan_op_get(plan, i)->phase);
			print_op_row(o, rasgw_plan_op_get(plan, i), true);
		}
	free(done);
	for (size_t i = 0; i < rasgw_plan_placement_count(plan); i++) {
		const rasgw_placement *pl = rasgw_plan_placement_get(plan, i);
		fprintf(o->f, "     placement %s (%s): %s%s%s/%s, %llu kbps", pl->connection,
			pl->tenant ? pl->tenant : "-", pl->old_gateway ? pl->old_gateway : "",
			pl->old_gateway ? " -> " : "", pl->pool ? pl->pool : "-",
			pl->gateway ? pl->gateway : "-", (unsigned long long)pl->cost_kbps);
		if (pl->tunnel_destination)
			fprintf(o->f, ", tunnel destination %s", pl->tunnel_destination);
		if (pl->public_ip)
			fprintf(o->f, ", public IP %s", pl->public_ip);
		fputc('\n', o->f);
	}
	for (size_t i = 0; i < rasgw_plan_issue_count(plan); i++) {
		const rasgw_plan_issue *is = rasgw_plan_issue_get(plan, i);
		fprintf(o->f, "     issue: %s%s%s%s: %s (%s)\n",
			is->connection ? "connection " : "", is->connection ? is->connection : "",
			is->tenant ? (is->connection ? ", tenant " : "tenant ") : "",
			is->tenant ? is->tenant : "", is->reason ? is->reason : "",
			sim_error_name(is->code) ? sim_error_name(is->code) : "?");
	}
}

static void print_plan_json(const sim_out *o, const sim_step *st, size_t p)
{
	const rasgw_plan *plan = st->plans[p];
	FILE *f = o->f;

	jstep(f, "plan", st);
	fprintf(f, ",\"plan\":%zu", p + 1);
	jkv(f, "planEvent", rasgw_plan_event(plan));
	jkv(f, "subject", rasgw_plan_subject(plan));
	jkv(f, "cause", st->plan_causes[p]);
	fprintf(f, ",\"ops\":%zu,\"changes\":%zu", rasgw_plan_op_count(plan),
		rasgw_plan_change_count(plan));
	fprintf(f, ",\"base\":\"%016" PRIx64 "\",\"result\":\"%016" PRIx64 "\"",
		rasgw_plan_base_fingerprint(plan), rasgw_plan_result_fingerprint(plan));
	fputs(",\"placements\":[", f);
	for (size_t i = 0; i < rasgw_plan_placement_count(plan); i++) {
		const rasgw_placement *pl = rasgw_plan_placement_get(plan, i);
		fprintf(f, "%s{\"connection\":", i ? "," : "");
		jstr(f, pl->connection);
		jkv(f, "tenant", pl->tenant);
		jkv(f, "pool", pl->pool);
		jkv(f, "gateway", pl->gateway);
		jkv(f, "oldGateway", pl->old_gateway);
		jkv(f, "tunnelDestination", pl->tunnel_destination);
		jkv(f, "publicIp", pl->public_ip);
		jnum(f, "costKbps", pl->cost_kbps);
		fputs("}", f);
	}
	fputs("],\"issues\":[", f);
	for (size_t i = 0; i < rasgw_plan_issue_count(plan); i++) {
		const rasgw_plan_issue *is = rasgw_plan_issue_get(plan, i);
		fprintf(f, "%s{\"code\":", i ? "," : "");
		jstr(f, sim_error_name(is->code));
		jkv(f, "connection", is->connection);
		jkv(f, "tenant", is->tenant);
		jkv(f, "reason", is->reason);
		fputs("}", f);
	}
	fputs("]}\n", f);
	for (size_t i = 0; i < rasgw_plan_op_count(plan); i++)
		print_op_json(o, st, p, i, rasgw_plan_op_get(plan, i));
}

void print_plan(const sim_out *o, const sim_step *st, size_t p)
{
	if (o->json)
		print_plan_json(o, st, p);
	else
		print_plan_table(o, st, p);
}

/* ------------------------------------------------------ checks, summary */

void print_expect(const sim_out *o, const sim_step *st, const sim_expect *x, bool ok,
		  const char *msg)
{
	if (o->json) {
		jstep(o->f, "expect", st);
		fprintf(o->f, ",\"line\":%u,\"ok\":%s", x->line, ok ? "true" : "false");
		if (!ok)
			jkv(o->f, "message", msg);
		fputs("}\n", o->f);
		return;
	}
	if (ok)
		fprintf(o->f, "   expect (line %u): ok\n", x->line);
	else
		fprintf(o->f, "   expect FAILED: %s\n", msg);
}

void print_check(const sim_out *o, const sim_step *st, bool ok, const char *msg)
{
	if (o->json) {
		fprintf(o->f, "{\"type\":\"check\",\"step\":%zu,\"ok\":%s", st ? st->index : 0,
			ok ? "true" : "false");
		if (!ok)
			jkv(o->f, "message", msg);
		fputs("}\n", o->f);
		return;
	}
	if (ok)
		fprintf(o->f, "   check: invariants hold\n");
	else
		fprintf(o->f, "   check FAILED%s: %s\n", st ? "" : " on the initial topology", msg);
}

static void pool_lists(const rasgw_model *m, const rasgw_pool *p, char *tenants, size_t tlen,
		       char *rrs, size_t rlen)
{
	size_t tu = 0, ru = 0;

	tenants[0] = rrs[0] = '\0';
	for (size_t t = 0; t < rasgw_model_tenant_count(m); t++) {
		const rasgw_tenant *tn = rasgw_model_tenant_get(m, t);
		bool uses = false;
		for (size_t i = 0; i < rasgw_model_connection_count(m) && !uses; i++) {
			const rasgw_connection *c = rasgw_model_connection_get(m, i);
			const rasgw_gateway *g = c->gateway_id
				? rasgw_model_gateway_lookup(m, c->gateway_id) : NULL;
			uses = g && !strcmp(c->tenant_id, tn->id) && !strcmp(g->pool_id, p->id);
		}
		if (uses && tu + 2 < tlen)
			tu += (size_t)snprintf(tenants + tu, tlen - tu, "%s%s", tu ? " " : "", tn->id);
		const rasgw_gateway *rg = tn->rr_gateway
			? rasgw_model_gateway_lookup(m, tn->rr_gateway) : NULL;
		if (rg && !strcmp(rg->pool_id, p->id) && ru + 2 < rlen)
			ru += (size_t)snprintf(rrs + ru, rlen - ru, "%s%s@%s", ru ? " " : "", tn->id,
					       rg->id);
	}
}

void print_summary(const sim_out *o, const rasgw_model *m)
{
	char tenants[1024], rrs[1024];

	if (!o->json)
		fprintf(o->f, "\n== summary (fingerprint %016" PRIx64 ")\n", rasgw_model_fingerprint(m));
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++) {
		const rasgw_pool *p = rasgw_model_pool_get(m, i);
		pool_lists(m, p, tenants, sizeof(tenants), rrs, sizeof(rrs));
		if (o->json) {
			fprintf(o->f, "{\"type\":\"pool\"");
			jkv(o->f, "pool", p->id);
			jkv(o->f, "poolType", rasgw_pool_type_name(p->type));
			fprintf(o->f, ",\"active\":%u,\"standby\":%u,\"failed\":%u,\"redundant\":%u",
				p->active_count, p->standby_count, p->failed_count, p->redundant_count);
			jnum(o->f, "capacityKbps", p->capacity_kbps);
			jnum(o->f, "usedKbps", p->used_kbps);
			jnum(o->f, "freeKbps", p->free_kbps);
			jkv(o->f, "tenants", tenants);
			jkv(o->f, "routeReflectors", rrs);
			fputs(",\"gateways\":[", o->f);
			bool first = true;
			for (size_t j = 0; j < rasgw_model_gateway_count(m); j++) {
				const rasgw_gateway *g = rasgw_model_gateway_get(m, j);
				if (strcmp(g->pool_id, p->id))
					continue;
				fprintf(o->f, "%s{\"id\":", first ? "" : ",");
				jstr(o->f, g->id);
				jkv(o->f, "role", rasgw_gateway_role_name(g->role));
				jkv(o->f, "host", g->host_id);
				jnum(o->f, "usedKbps", g->used_kbps);
				jnum(o->f, "connections", g->connection_count);
				jnum(o->f, "routeReflectors", g->rr_count);
				fputs("}", o->f);
				first = false;
			}
			fputs("]}\n", o->f);
			continue;
		}
		fprintf(o->f, "pool %-12s %-10s M=%u N=%u (configured %u) failed=%u  capacity %llu kbps "
			"per gateway, used %llu, free %llu\n", p->id, rasgw_pool_type_name(p->type),
			p->active_count, p->standby_count, p->redundant_count, p->failed_count,
			(unsigned long long)p->capacity_kbps, (unsigned long long)p->used_kbps,
			(unsigned long long)p->free_kbps);
		fprintf(o->f, "  tenants: %s\n", tenants[0] ? tenants : "(none)");
		fprintf(o->f, "  route reflectors: %s\n", rrs[0] ? rrs : "(none)");
		for (size_t j = 0; j < rasgw_model_gateway_count(m); j++) {
			const rasgw_gateway *g = rasgw_model_gateway_get(m, j);
			if (strcmp(g->pool_id, p->id))
				continue;
			fprintf(o->f, "  %-12s %-10s host %-8s used %10llu free %10llu  conns %u  RRs %u%s%s\n",
				g->id, rasgw_gateway_role_name(g->role), g->host_id,
				(unsigned long long)g->used_kbps, (unsigned long long)g->available_kbps,
				g->connection_count, g->rr_count, g->gre_vip ? "  VIP " : "",
				g->gre_vip ? g->gre_vip : "");
		}
	}
	size_t unplaced = 0;
	for (size_t i = 0; i < rasgw_model_connection_count(m); i++) {
		const rasgw_connection *c = rasgw_model_connection_get(m, i);
		if (c->gateway_id)
			continue;
		if (o->json) {
			fprintf(o->f, "{\"type\":\"unplaced\",\"connection\":");
			jstr(o->f, c->id);
			jkv(o->f, "tenant", c->tenant_id);
			fputs("}\n", o->f);
		} else {
			fprintf(o->f, "%s %s (%s)", unplaced ? "," : "unplaced:", c->id, c->tenant_id);
		}
		unplaced++;
	}
	if (unplaced && !o->json)
		fputc('\n', o->f);
}

void print_result(const sim_out *o, const char *scenario, size_t steps, size_t expects,
		  int failures, const char *why)
{
	if (o->json) {
		fprintf(o->f, "{\"type\":\"result\"");
		jkv(o->f, "scenario", scenario);
		fprintf(o->f, ",\"steps\":%zu,\"expectations\":%zu,\"failures\":%d,\"ok\":%s", steps,
			expects, failures, failures ? "false" : "true");
		jkv(o->f, "reason", why);
		fputs("}\n", o->f);
		return;
	}
	if (failures)
		fprintf(o->f, "\nFAIL %s: %s\n", scenario, why ? why : "");
	else
		fprintf(o->f, "\nOK %s: %zu steps, %zu expectations met\n", scenario, steps, expects);
}
