/* Miss and success counting of one probed channel (doc/health.md). */
#include "channel.h"

/*
 * The longest silence a run of successes survives, and the longest silence
 * before a failure: k probe intervals. Counts and times are 32-bit, so the
 * product always fits.
 */
static uint64_t fail_span(const rasgw_health_options *o)
{
	return (uint64_t)o->fail_after * o->probe_interval_ms;
}

static void arm(rasgw__channel *ch, uint64_t now_ms)
{
	if (!ch->armed) {
		ch->armed = true;
		ch->anchor_ms = now_ms;
	}
}

/* A gap as long as a failure breaks a run: the successes around it are not "continuous". */
static void break_stale_run(rasgw__channel *ch, uint64_t now_ms, const rasgw_health_options *o)
{
	if (ch->oks && now_ms - ch->last_ok_ms > fail_span(o))
		ch->oks = 0;
}

void rasgw__channel_result(rasgw__channel *ch, bool ok, uint64_t now_ms,
			   const rasgw_health_options *o)
{
	arm(ch, now_ms);
	if (!ok) {
		ch->oks = 0;
		if (ch->fails < UINT32_MAX)
			ch->fails++;
		return;
	}
	break_stale_run(ch, now_ms, o);
	if (!ch->oks)
		ch->run_start_ms = now_ms;
	if (ch->oks < UINT32_MAX)
		ch->oks++;
	ch->last_ok_ms = now_ms;
	ch->anchor_ms = now_ms;
	ch->fails = 0;
}

uint64_t rasgw__channel_misses(const rasgw__channel *ch, uint64_t now_ms,
			       const rasgw_health_options *o)
{
	if (!ch->armed)
		return 0;
	/*
	 * An interval counts only once it is strictly over: a tick that lands
	 * exactly when the next result is due must not count that result as
	 * missing. An explicit miss and a silent interval are the same interval,
	 * hence max and not sum.
	 */
	uint64_t silent = now_ms > ch->anchor_ms
				  ? (now_ms - ch->anchor_ms - 1) / o->probe_interval_ms
				  : 0;
	return silent > ch->fails ? silent : ch->fails;
}

bool rasgw__channel_suspect(const rasgw__channel *ch, uint64_t now_ms,
			    const rasgw_health_options *o)
{
	return !ch->down && rasgw__channel_misses(ch, now_ms, o) >= 1;
}

rasgw__transition rasgw__channel_update(rasgw__channel *ch, uint64_t now_ms,
					const rasgw_health_options *o)
{
	arm(ch, now_ms);
	break_stale_run(ch, now_ms, o);
	if (!ch->down) {
		if (rasgw__channel_misses(ch, now_ms, o) < o->fail_after)
			return RASGW__SAME;
		ch->down = true;
		return RASGW__FAILED;
	}
	/* Hold-down: j successes are not enough, they must also span hold_down_ms. */
	if (ch->oks < o->recover_after || now_ms - ch->run_start_ms < o->hold_down_ms)
		return RASGW__SAME;
	ch->down = false;
	return RASGW__RECOVERED;
}
