/*
 * One probed channel of a subject (a gateway's VM, a gateway's service, a
 * host's reachability): the miss and success counting of doc/health.md.
 */
#ifndef RASGW_HEALTH_CHANNEL_H
#define RASGW_HEALTH_CHANNEL_H

#include "rasgw/health.h"

typedef struct rasgw__channel {
	bool armed;            /* the silence clock runs (first probe or tick seen) */
	bool down;             /* failure detected and not yet recovered */
	uint32_t fails;        /* explicit misses since anchor_ms */
	uint32_t oks;          /* successes in the current unbroken run */
	uint64_t anchor_ms;    /* last success, or the time the clock was armed */
	uint64_t last_ok_ms;   /* last success (meaningful while oks > 0) */
	uint64_t run_start_ms; /* first success of the current run */
} rasgw__channel;

typedef enum rasgw__transition {
	RASGW__SAME = 0,
	RASGW__FAILED,
	RASGW__RECOVERED
} rasgw__transition;

/* Take in one result taken at now_ms (not yet judged: see _update). */
void rasgw__channel_result(rasgw__channel *ch, bool ok, uint64_t now_ms,
			   const rasgw_health_options *o);

/* Misses at now_ms: probe intervals since the last success that ended without one. */
uint64_t rasgw__channel_misses(const rasgw__channel *ch, uint64_t now_ms,
			       const rasgw_health_options *o);

/* Up, but at least one miss: its fate is still open. */
bool rasgw__channel_suspect(const rasgw__channel *ch, uint64_t now_ms,
			    const rasgw_health_options *o);

/* Apply the thresholds at now_ms and say whether the channel changed. */
rasgw__transition rasgw__channel_update(rasgw__channel *ch, uint64_t now_ms,
					const rasgw_health_options *o);

#endif
