/*
 * Probe results and passing time in, events out: the R4.2 rules that turn
 * channel transitions into one event per subject (doc/health.md).
 */
#include "tracker.h"

#include <stdlib.h>
#include <string.h>

static void emit(rasgw_health *h, rasgw_health_event_kind kind, const rasgw__hsubject *s,
		 rasgw_health_state previous)
{
	/* Room for one event per subject was reserved when the subject was added. */
	rasgw_health_event *ev = &h->events.items[h->events.count++];
	ev->kind = kind;
	ev->id = s->id;
	ev->host_id = s->is_host ? s->id : (s->host ? s->host->id : NULL);
	ev->time_ms = h->now_ms;
	ev->previous = previous;
}

static void settle_host(rasgw_health *h, rasgw__hsubject *host, rasgw__transition tr)
{
	if (tr == RASGW__FAILED) {
		host->state = RASGW_HEALTH_STATE_HOST_FAILED;
		emit(h, RASGW_HEALTH_HOST_FAILED, host, RASGW_HEALTH_STATE_UP);
	} else if (tr == RASGW__RECOVERED) {
		host->state = RASGW_HEALTH_STATE_UP;
		emit(h, RASGW_HEALTH_HOST_RECOVERED, host, RASGW_HEALTH_STATE_HOST_FAILED);
	}
}

/*
 * The state a gateway should be reported in at now_ms. The wider cause wins
 * (host over VM over service). A gateway still in service does not fail for
 * a narrower cause while a wider channel has started missing too: that
 * channel either fails soon (and its event covers the gateway) or answers
 * again (and the narrower failure is reported then). This is what keeps a
 * dying host from showing up first as VM or service failures (R4.2).
 */
static rasgw_health_state wanted(const rasgw_health *h, const rasgw__hsubject *gw)
{
	const rasgw_health_options *o = &h->opts;
	if (gw->host && gw->host->state == RASGW_HEALTH_STATE_HOST_FAILED)
		return RASGW_HEALTH_STATE_HOST_FAILED;
	if (gw->state != RASGW_HEALTH_STATE_UP)
		return gw->vm.down	  ? RASGW_HEALTH_STATE_VM_FAILED
		       : gw->service.down ? RASGW_HEALTH_STATE_SERVICE_FAILED
					  : RASGW_HEALTH_STATE_UP;
	bool host_open = gw->host && rasgw__channel_suspect(&gw->host->reach, h->now_ms, o);
	if (gw->vm.down)
		return host_open ? RASGW_HEALTH_STATE_UP : RASGW_HEALTH_STATE_VM_FAILED;
	if (gw->service.down)
		return host_open || rasgw__channel_suspect(&gw->vm, h->now_ms, o)
			       ? RASGW_HEALTH_STATE_UP
			       : RASGW_HEALTH_STATE_SERVICE_FAILED;
	return RASGW_HEALTH_STATE_UP;
}

/*
 * Events mark leaving and re-entering service. A gateway already out of
 * service changes cause silently (query it), and entering HOST_FAILED is
 * covered by the one host event.
 */
static void settle_gateway(rasgw_health *h, rasgw__hsubject *gw)
{
	rasgw_health_state want = wanted(h, gw);
	rasgw_health_state prev = gw->state;
	if (want == prev)
		return;
	gw->state = want;
	if (want == RASGW_HEALTH_STATE_UP)
		emit(h, RASGW_HEALTH_GATEWAY_RECOVERED, gw, prev);
	else if (prev != RASGW_HEALTH_STATE_UP)
		return;
	else if (want == RASGW_HEALTH_STATE_VM_FAILED)
		emit(h, RASGW_HEALTH_GATEWAY_VM_FAILED, gw, prev);
	else if (want == RASGW_HEALTH_STATE_SERVICE_FAILED)
		emit(h, RASGW_HEALTH_GATEWAY_SERVICE_FAILED, gw, prev);
}

static int cmp_event(const void *a, const void *b)
{
	const rasgw_health_event *x = a, *y = b;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int deliver(rasgw_health *h, rasgw_health_event_cb cb, void *payload)
{
	size_t n = h->events.count;
	h->events.count = 0;
	if (!cb || !n)
		return 0;
	qsort(h->events.items, n, sizeof(*h->events.items), cmp_event);
	int rc = 0;
	h->delivering = true;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = cb(&h->events.items[i], payload);
	h->delivering = false;
	return rc;
}

static int check_time(const rasgw_health *h, const char *fn, uint64_t t)
{
	if (h->delivering)
		return rasgw__error(RASGW_ESTATE, "%s: called from an event callback", fn);
	if (h->has_now && t < h->now_ms)
		return rasgw__error(RASGW_EINVAL,
				    "%s: time goes backwards (%llu ms after %llu ms)", fn,
				    (unsigned long long)t, (unsigned long long)h->now_ms);
	return 0;
}

static void advance(rasgw_health *h, uint64_t t)
{
	h->now_ms = t;
	h->has_now = true;
	h->events.count = 0;
}

static const char *kind_word(rasgw_probe_kind kind)
{
	return kind == RASGW_PROBE_HOST ? "host" : "gateway";
}

int rasgw_health_probe(rasgw_health *h, const rasgw_probe *probe, rasgw_health_event_cb cb,
		       void *payload)
{
	if (!h || !probe || !probe->id)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_probe: NULL argument");
	if (probe->kind != RASGW_PROBE_GATEWAY_VM && probe->kind != RASGW_PROBE_GATEWAY_SERVICE &&
	    probe->kind != RASGW_PROBE_HOST)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_probe: '%s': unknown probe kind %d",
				    probe->id, (int)probe->kind);
	int rc = check_time(h, "rasgw_health_probe", probe->time_ms);
	if (rc < 0)
		return rc;
	rasgw__hsubject *s = rasgw__map_get(&h->by_id, probe->id);
	if (!s)
		return rasgw__error(RASGW_ENOTFOUND, "rasgw_health_probe: '%s' is not tracked",
				    probe->id);
	if (s->is_host != (probe->kind == RASGW_PROBE_HOST))
		return rasgw__error(RASGW_EINVAL, "rasgw_health_probe: '%s' is a %s, not a %s",
				    probe->id, s->is_host ? "host" : "gateway",
				    kind_word(probe->kind));

	advance(h, probe->time_ms);
	const rasgw_health_options *o = &h->opts;
	if (s->is_host) {
		rasgw__channel_result(&s->reach, probe->ok, h->now_ms, o);
		settle_host(h, s, rasgw__channel_update(&s->reach, h->now_ms, o));
		/* The host's fate may release or absorb its gateways' pending failures. */
		for (size_t i = 0; i < s->gateways.count; i++)
			settle_gateway(h, s->gateways.items[i]);
	} else {
		rasgw__channel *ch = probe->kind == RASGW_PROBE_GATEWAY_VM ? &s->vm : &s->service;
		rasgw__channel_result(ch, probe->ok, h->now_ms, o);
		rasgw__channel_update(ch, h->now_ms, o);
		settle_gateway(h, s);
	}
	return deliver(h, cb, payload);
}

int rasgw_health_tick(rasgw_health *h, uint64_t now_ms, rasgw_health_event_cb cb, void *payload)
{
	if (!h)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_tick: NULL argument");
	int rc = check_time(h, "rasgw_health_tick", now_ms);
	if (rc < 0)
		return rc;

	advance(h, now_ms);
	const rasgw_health_options *o = &h->opts;
	/* Hosts first: a gateway's state depends on its host's. */
	for (size_t i = 0; i < h->hosts.count; i++) {
		rasgw__hsubject *host = h->hosts.items[i];
		settle_host(h, host, rasgw__channel_update(&host->reach, now_ms, o));
	}
	for (size_t i = 0; i < h->gateways.count; i++) {
		rasgw__hsubject *gw = h->gateways.items[i];
		rasgw__channel_update(&gw->vm, now_ms, o);
		rasgw__channel_update(&gw->service, now_ms, o);
		settle_gateway(h, gw);
	}
	return deliver(h, cb, payload);
}
