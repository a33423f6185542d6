/* The health tracker's internals, shared by its files. */
#ifndef RASGW_HEALTH_TRACKER_H
#define RASGW_HEALTH_TRACKER_H

#include "core/core.h"
#include "channel.h"
#include "rasgw/health.h"

typedef struct rasgw__hsubject rasgw__hsubject;

struct rasgw__hsubject {
	char *id; /* owned; also the key in rasgw_health.by_id */
	bool is_host;
	size_t index;             /* position in rasgw_health.hosts or .gateways */
	rasgw_health_state state; /* as last reported by events */
	/* gateways */
	rasgw__hsubject *host; /* NULL: not on a tracked host */
	rasgw__channel vm;
	rasgw__channel service;
	/* hosts */
	rasgw__channel reach;
	RASGW__VEC(rasgw__hsubject *) gateways; /* unordered: events are sorted instead */
};

struct rasgw_health {
	rasgw_health_options opts;
	rasgw__map by_id;
	RASGW__VEC(rasgw__hsubject *) hosts;
	RASGW__VEC(rasgw__hsubject *) gateways;
	/*
	 * One call gives at most one event per subject, and add_* keeps room for
	 * that many, so probe and tick never allocate and cannot fail half-way.
	 */
	RASGW__VEC(rasgw_health_event) events;
	uint64_t now_ms; /* latest time given (valid when has_now) */
	bool has_now;
	bool delivering; /* inside a callback: changes are refused */
};

#endif
