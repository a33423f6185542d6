/* Life cycle, options and subjects of a health tracker. */
#include "tracker.h"

#include <string.h>

static const rasgw_health_options defaults = RASGW_HEALTH_OPTIONS_INIT;

int rasgw_health_options_init(rasgw_health_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_options_init: opts is NULL");
	if (version != RASGW_HEALTH_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION,
				    "rasgw_health_options_init: unknown version %u (this library knows %u)",
				    version, (unsigned int)RASGW_HEALTH_OPTIONS_VERSION);
	*opts = defaults;
	return 0;
}

static int check_options(const rasgw_health_options *o)
{
	if (o->version != RASGW_HEALTH_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION,
				    "rasgw_health_options: unknown version %u (this library knows %u)",
				    o->version, (unsigned int)RASGW_HEALTH_OPTIONS_VERSION);
	if (!o->probe_interval_ms)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_options: probe_interval_ms must be >= 1");
	if (!o->fail_after)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_options: fail_after must be >= 1");
	if (!o->recover_after)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_options: recover_after must be >= 1");
	return 0;
}

int rasgw_health_new(rasgw_health **out, const rasgw_health_options *opts)
{
	if (!out)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_new: out is NULL");
	if (!opts)
		opts = &defaults;
	int rc = check_options(opts);
	if (rc < 0)
		return rc;
	rasgw_health *h = rasgw__calloc(1, sizeof(*h));
	if (!h)
		return rasgw__error_nomem();
	h->opts = *opts;
	*out = h;
	return 0;
}

static void subject_free(rasgw__hsubject *s)
{
	if (!s)
		return;
	RASGW__VEC_FREE(&s->gateways);
	rasgw__free(s->id);
	rasgw__free(s);
}

void rasgw_health_free(rasgw_health *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->gateways.count; i++)
		subject_free(h->gateways.items[i]);
	for (size_t i = 0; i < h->hosts.count; i++)
		subject_free(h->hosts.items[i]);
	RASGW__VEC_FREE(&h->gateways);
	RASGW__VEC_FREE(&h->hosts);
	RASGW__VEC_FREE(&h->events);
	rasgw__map_free(&h->by_id);
	rasgw__free(h);
}

static int check_new_id(const rasgw_health *h, const char *fn, const char *id)
{
	if (!*id)
		return rasgw__error(RASGW_EINVAL, "%s: empty id", fn);
	if (h->delivering)
		return rasgw__error(RASGW_ESTATE, "%s: called from an event callback", fn);
	if (rasgw__map_get(&h->by_id, id))
		return rasgw__error(RASGW_EEXISTS, "%s: '%s' is already tracked", fn, id);
	return 0;
}

/*
 * Everything that can fail is done before the subject becomes visible, so a
 * failed add leaves the tracker as it was (spare capacity aside).
 */
static int insert(rasgw_health *h, rasgw__hsubject *s)
{
	size_t subjects = h->hosts.count + h->gateways.count + 1;
	int rc = RASGW__VEC_RESERVE(&h->events, subjects);
	if (rc == 0)
		rc = s->is_host ? RASGW__VEC_RESERVE(&h->hosts, h->hosts.count + 1)
				: RASGW__VEC_RESERVE(&h->gateways, h->gateways.count + 1);
	if (rc == 0 && s->host)
		rc = RASGW__VEC_RESERVE(&s->host->gateways, s->host->gateways.count + 1);
	if (rc == 0)
		rc = rasgw__map_put(&h->by_id, s->id, s);
	if (rc < 0)
		return rc;
	if (s->is_host) {
		s->index = h->hosts.count;
		h->hosts.items[h->hosts.count++] = s;
	} else {
		s->index = h->gateways.count;
		h->gateways.items[h->gateways.count++] = s;
	}
	if (s->host)
		s->host->gateways.items[s->host->gateways.count++] = s;
	return 0;
}

static int add(rasgw_health *h, const char *id, bool is_host, rasgw__hsubject *host)
{
	rasgw__hsubject *s = rasgw__calloc(1, sizeof(*s));
	if (!s)
		return rasgw__error_nomem();
	s->id = rasgw__strdup(id);
	if (!s->id) {
		rasgw__free(s);
		return rasgw__error_nomem();
	}
	s->is_host = is_host;
	s->host = host;
	/* The host's failure was reported already; its new gateway shares it silently. */
	s->state = host && host->state == RASGW_HEALTH_STATE_HOST_FAILED
			   ? RASGW_HEALTH_STATE_HOST_FAILED
			   : RASGW_HEALTH_STATE_UP;
	int rc = insert(h, s);
	if (rc < 0) {
		subject_free(s);
		return rc;
	}
	return 0;
}

int rasgw_health_add_host(rasgw_health *h, const char *host_id)
{
	if (!h || !host_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_add_host: NULL argument");
	int rc = check_new_id(h, "rasgw_health_add_host", host_id);
	if (rc < 0)
		return rc;
	return add(h, host_id, true, NULL);
}

int rasgw_health_add_gateway(rasgw_health *h, const char *gateway_id, const char *host_id)
{
	if (!h || !gateway_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_add_gateway: NULL argument");
	int rc = check_new_id(h, "rasgw_health_add_gateway", gateway_id);
	if (rc < 0)
		return rc;
	rasgw__hsubject *host = NULL;
	if (host_id) {
		host = rasgw__map_get(&h->by_id, host_id);
		if (!host || !host->is_host)
			return rasgw__error(RASGW_ENOTFOUND,
					    "rasgw_health_add_gateway: gateway '%s': '%s' is not a tracked host",
					    gateway_id, host_id);
	}
	return add(h, gateway_id, false, host);
}

static void drop_from_host(rasgw__hsubject *gw)
{
	rasgw__hsubject *host = gw->host;
	for (size_t i = 0; i < host->gateways.count; i++) {
		if (host->gateways.items[i] == gw) {
			host->gateways.items[i] = host->gateways.items[--host->gateways.count];
			return;
		}
	}
}

int rasgw_health_remove(rasgw_health *h, const char *id)
{
	if (!h || !id)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_remove: NULL argument");
	if (h->delivering)
		return rasgw__error(RASGW_ESTATE, "rasgw_health_remove: called from an event callback");
	rasgw__hsubject *s = rasgw__map_get(&h->by_id, id);
	if (!s)
		return rasgw__error(RASGW_ENOTFOUND, "rasgw_health_remove: '%s' is not tracked", id);
	if (s->is_host && s->gateways.count)
		return rasgw__error(RASGW_ESTATE,
				    "rasgw_health_remove: host '%s' still has %zu gateway(s)", id,
				    s->gateways.count);
	rasgw__map_del(&h->by_id, id);
	if (s->is_host) {
		h->hosts.items[s->index] = h->hosts.items[--h->hosts.count];
		h->hosts.items[s->index]->index = s->index;
	} else {
		h->gateways.items[s->index] = h->gateways.items[--h->gateways.count];
		h->gateways.items[s->index]->index = s->index;
		if (s->host)
			drop_from_host(s);
	}
	subject_free(s);
	return 0;
}

int rasgw_health_get_state(const rasgw_health *h, const char *id, rasgw_health_state *out)
{
	if (!h || !id || !out)
		return rasgw__error(RASGW_EINVAL, "rasgw_health_get_state: NULL argument");
	const rasgw__hsubject *s = rasgw__map_get(&h->by_id, id);
	if (!s)
		return rasgw__error(RASGW_ENOTFOUND, "rasgw_health_get_state: '%s' is not tracked", id);
	*out = s->state;
	return 0;
}
