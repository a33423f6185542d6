/**
 * @file rasgw/health.h
 * @brief A pure health tracker: probe results in, failure and recovery events out.
 *
 * The network controller probes gateway VMs, gateway services and hosts
 * (R4.1) and feeds every result here together with the time it was taken.
 * The tracker applies thresholds and tells the three failures of R4.2 apart:
 * a gateway VM failure, a gateway service failure while the VM answers, and
 * a host failure (reported once for the host, never as VM failures of the
 * gateways on it). It reads no clock, starts no thread and opens no socket:
 * time is always an argument, so the same inputs always give the same events.
 *
 * The tracker knows subjects only by their string ids; it does not depend on
 * the model. Gateway ids and host ids share one namespace inside a tracker.
 * doc/health.md explains the rules with a timeline.
 *
 * Thread-safety: a tracker is used by one thread at a time. Functions taking
 * a `const rasgw_health *` may run concurrently with each other, never with a
 * function that changes the tracker. Different trackers are independent.
 */
#ifndef RASGW_HEALTH_H
#define RASGW_HEALTH_H

#include "common.h"

RASGW_BEGIN_DECL

/** An opaque health tracker. */
typedef struct rasgw_health rasgw_health;

/** Version of rasgw_health_options known to this header. */
#define RASGW_HEALTH_OPTIONS_VERSION 1

/**
 * Thresholds of a tracker. The defaults suit probes every 100 ms: a subject
 * that stops answering is reported failed a little over 300 ms after its last
 * success, and a failed subject is reported recovered after it has answered
 * every probe for one second. Fields are only ever appended.
 */
typedef struct rasgw_health_options {
	unsigned int version;       /**< RASGW_HEALTH_OPTIONS_VERSION. */
	uint32_t probe_interval_ms; /**< Expected time between two results of one probe (>= 1; default 100). */
	uint32_t fail_after;        /**< k: misses that make a subject fail (>= 1; default 3). */
	uint32_t recover_after;     /**< j: consecutive successes needed to recover (>= 1; default 5). */
	uint32_t hold_down_ms;      /**< Unbroken success needed before a recovery is reported (default 1000). */
} rasgw_health_options;

/** Static initializer with the defaults. */
#define RASGW_HEALTH_OPTIONS_INIT { RASGW_HEALTH_OPTIONS_VERSION, 100, 3, 5, 1000 }

/** What a probe result is about. */
typedef enum rasgw_probe_kind {
	RASGW_PROBE_GATEWAY_VM = 1,      /**< The gateway VM answers (ping). */
	RASGW_PROBE_GATEWAY_SERVICE = 2, /**< The gateway service passes its check. */
	RASGW_PROBE_HOST = 3             /**< The host (hypervisor) answers. */
} rasgw_probe_kind;

/**
 * One probe result. The layout is frozen: new probe data would come with a
 * new function, never as a field appended here.
 */
typedef struct rasgw_probe {
	rasgw_probe_kind kind; /**< What was probed. */
	const char *id;        /**< The gateway id (VM, service probes) or host id (host probes); borrowed. */
	bool ok;               /**< true: answered; false: an explicit miss (timeout, wrong answer). */
	uint64_t time_ms;      /**< When the result was taken, on the caller's monotonic clock. */
} rasgw_probe;

/** The state of a subject as last reported by events. */
typedef enum rasgw_health_state {
	RASGW_HEALTH_STATE_UP = 0,             /**< In service (gateways and hosts). */
	RASGW_HEALTH_STATE_VM_FAILED = 1,      /**< Gateway: its VM does not answer. */
	RASGW_HEALTH_STATE_SERVICE_FAILED = 2, /**< Gateway: the VM answers, the service does not. */
	RASGW_HEALTH_STATE_HOST_FAILED = 3     /**< Host failed; or gateway: its host failed. */
} rasgw_health_state;

/**
 * Kinds of events. Events of one call are delivered sorted by (kind, id), so
 * the numbering puts failures before recoveries and hosts before gateways.
 */
typedef enum rasgw_health_event_kind {
	RASGW_HEALTH_HOST_FAILED = 1,            /**< A host failed; all its gateways are out of service. */
	RASGW_HEALTH_GATEWAY_VM_FAILED = 2,      /**< A gateway in service lost its VM. */
	RASGW_HEALTH_GATEWAY_SERVICE_FAILED = 3, /**< A gateway in service lost its service; the VM answers. */
	RASGW_HEALTH_HOST_RECOVERED = 4,         /**< A failed host is back. Its gateways recover one by one. */
	RASGW_HEALTH_GATEWAY_RECOVERED = 5       /**< A failed gateway is back in service. */
} rasgw_health_event_kind;

/** A state change of one subject. Read-only record; fields are only ever appended. */
typedef struct rasgw_health_event {
	rasgw_health_event_kind kind; /**< What happened. */
	const char *id;               /**< The gateway or host concerned; borrowed. */
	const char *host_id;          /**< Gateway events: its host, or NULL; host events: the host (== id). Borrowed. */
	uint64_t time_ms;             /**< The time of the call that detected the change. */
	rasgw_health_state previous;  /**< The subject's state before this event. */
} rasgw_health_event;

/**
 * Receives the events of one call.
 *
 * The strings in @p event stay valid until their subject is removed or the
 * tracker is freed. The callback may call rasgw_health_get_state() but must
 * not change the tracker it came from (such calls fail with RASGW_ESTATE).
 *
 * @return 0 to go on; any other value stops the delivery and is returned by
 *         the call that produced the events.
 */
typedef int (*rasgw_health_event_cb)(const rasgw_health_event *event, void *payload);

/**
 * Fill @p opts with the defaults of RASGW_HEALTH_OPTIONS_INIT, for bindings
 * that cannot use the macro.
 *
 * @return 0; RASGW_EINVAL if @p opts is NULL; RASGW_EVERSION if @p version is
 *         not a version this library knows (then @p opts is untouched).
 */
RASGW_EXTERN(int) rasgw_health_options_init(rasgw_health_options *opts, unsigned int version);

/**
 * Create an empty tracker.
 *
 * @param out   receives the tracker, which the caller frees with rasgw_health_free().
 * @param opts  thresholds (copied); NULL for the defaults.
 * @return 0; RASGW_EINVAL for a NULL @p out or a zero probe_interval_ms,
 *         fail_after or recover_after; RASGW_EVERSION for an unknown
 *         opts->version; RASGW_ENOMEM. @p out is untouched on failure.
 */
RASGW_EXTERN(int) rasgw_health_new(rasgw_health **out, const rasgw_health_options *opts);

/** Free a tracker and every subject in it. Accepts NULL. */
RASGW_EXTERN(void) rasgw_health_free(rasgw_health *h);

/**
 * Start tracking a host. It starts UP; its silence clock starts at the next
 * probe or tick.
 *
 * @param h        the tracker.
 * @param host_id  copied.
 * @return 0; RASGW_EINVAL for NULL arguments or an empty id; RASGW_EEXISTS if
 *         the id is already tracked (as a host or a gateway); RASGW_ENOMEM
 *         (nothing changed).
 */
RASGW_EXTERN(int) rasgw_health_add_host(rasgw_health *h, const char *host_id);

/**
 * Start tracking a gateway, on a host added before (so that a host failure is
 * reported as one host event, R4.2) or on no tracked host. It starts UP, or
 * HOST_FAILED if its host is failed; its silence clocks start at the next
 * probe or tick. Both its VM and its service are expected to report.
 *
 * @param h           the tracker.
 * @param gateway_id  copied.
 * @param host_id     the tracked host it runs on, or NULL.
 * @return 0; RASGW_EINVAL for NULL arguments or an empty id; RASGW_EEXISTS if
 *         @p gateway_id is already tracked; RASGW_ENOTFOUND if @p host_id is
 *         not a tracked host; RASGW_ENOMEM (nothing changed).
 */
RASGW_EXTERN(int) rasgw_health_add_gateway(rasgw_health *h, const char *gateway_id,
					   const char *host_id);

/**
 * Stop tracking a gateway or a host. No event is produced. Strings of the
 * subject's past events become invalid.
 *
 * @return 0; RASGW_EINVAL for NULL arguments; RASGW_ENOTFOUND for an unknown
 *         id; RASGW_ESTATE for a host that still has gateways.
 */
RASGW_EXTERN(int) rasgw_health_remove(rasgw_health *h, const char *id);

/**
 * Feed one probe result and deliver the events it causes.
 *
 * Only the channel the probe reports on is brought up to @p probe->time_ms:
 * silence on the other channels is noticed by rasgw_health_tick(). A host
 * result also settles the gateways on that host.
 *
 * @param h        the tracker.
 * @param probe    the result (copied).
 * @param cb       receives the events sorted by (kind, id); may be NULL.
 * @param payload  passed to @p cb.
 * @return 0; the non-zero value @p cb returned (the tracker has then taken
 *         in the result and the remaining events of this call are dropped:
 *         rasgw_health_get_state() still tells the state); RASGW_EINVAL for
 *         NULL @p h or @p probe, a NULL id, an unknown kind, a kind that does
 *         not fit the subject, or a time before the latest time this tracker
 *         was given; RASGW_ENOTFOUND for an unknown id; RASGW_ESTATE when
 *         called from an event callback of the same tracker. Nothing changes
 *         on error.
 */
RASGW_EXTERN(int) rasgw_health_probe(rasgw_health *h, const rasgw_probe *probe,
				     rasgw_health_event_cb cb, void *payload);

/**
 * Let time pass: every probe interval that went by without a success counts
 * as a miss, so subjects that stopped answering at all are detected. Events
 * are delivered as for rasgw_health_probe().
 *
 * @param h        the tracker.
 * @param now_ms   the caller's monotonic time; not before the latest time given.
 * @param cb       receives the events sorted by (kind, id); may be NULL.
 * @param payload  passed to @p cb.
 * @return 0; the non-zero value @p cb returned; RASGW_EINVAL for a NULL
 *         @p h or a time going backwards; RASGW_ESTATE when called from an
 *         event callback of the same tracker (nothing changes on error).
 */
RASGW_EXTERN(int) rasgw_health_tick(rasgw_health *h, uint64_t now_ms,
				    rasgw_health_event_cb cb, void *payload);

/**
 * The state of a subject as last reported by events. A gateway failure held
 * back while its host's fate is open (doc/health.md) still reads UP.
 *
 * @return 0; RASGW_EINVAL for NULL arguments; RASGW_ENOTFOUND for an unknown
 *         id (@p out untouched on error).
 */
RASGW_EXTERN(int) rasgw_health_get_state(const rasgw_health *h, const char *id,
					 rasgw_health_state *out);

/**
 * A short static name for an event kind ("gateway-vm-failed" ...).
 * @return a static string, never NULL ("unknown" for other values).
 */
RASGW_EXTERN(const char *) rasgw_health_event_name(rasgw_health_event_kind kind);

/**
 * A short static name for a state ("up", "vm-failed" ...).
 * @return a static string, never NULL ("unknown" for other values).
 */
RASGW_EXTERN(const char *) rasgw_health_state_name(rasgw_health_state state);

RASGW_END_DECL

#endif
