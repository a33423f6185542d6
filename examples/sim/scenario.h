/*
 * Scenarios for rasgw-sim (doc/scenario-format.md): a topology file, health
 * thresholds, and a timed list of events with optional expectations.
 *
 * Everything is checked when the file is read (shapes, unknown keys, enum
 * spellings, numbers, time order), so that a typo is reported with its line
 * and column before anything is simulated. Strings in the parsed structs are
 * borrowed from the scenario's YAML trees and live as long as the scenario.
 */
#ifndef RASGW_SIM_SCENARIO_H
#define RASGW_SIM_SCENARIO_H

#include "ytree.h"

#include <rasgw/failover.h>
#include <rasgw/health.h>
#include <rasgw/model.h>
#include <rasgw/place.h>

typedef enum sim_event_kind {
	EV_CONNECTION_ADD,
	EV_CONNECTION_REMOVE,
	EV_CONNECTION_PLACE, /* place a connection the model holds unplaced */
	EV_ROUTES_LEARNED,
	EV_PROBE,
	EV_PROBE_ROUND,
	EV_TICK,
	EV_GATEWAY_FAILURE,
	EV_HOST_FAILURE,
	EV_GATEWAY_RECOVERY,
	EV_HOST_RECOVERY,
	EV_GATEWAY_ADD,
	EV_GATEWAY_DRAIN,
	EV_GATEWAY_REMOVE,
	EV_POOL_ADD,
	EV_POOL_REMOVE,
	EV_FAILBACK,
	EV_REBALANCE,
	EV_NONE /* only expectations, on the state as it is */
} sim_event_kind;

/* Failure causes of gatewayFailure (mapped onto the library's enum by the runner). */
typedef enum sim_cause { CAUSE_VM, CAUSE_SERVICE, CAUSE_HOST } sim_cause;

/* One assertion of an `expect:` block, checked after the event's plans are committed. */
typedef struct sim_expect {
	const ynode *node; /* the mapping, for messages and optional fields */
	unsigned int line;
} sim_expect;

/* A `probeRound`: one result per channel of every tracked subject. */
typedef struct sim_probe_round {
	const char **hosts_down; size_t hosts_down_count;
	const char **vms_down; size_t vms_down_count;
	const char **services_down; size_t services_down_count;
	uint32_t repeat; /* rounds, `every` ms apart (default: the probe interval) */
	uint64_t every;
} sim_probe_round;

typedef struct sim_event {
	sim_event_kind kind;
	const char *name; /* the event's key, e.g. "connectionAdd" */
	const char *note; /* free text shown with the step, or NULL */
	uint64_t at;      /* ms */
	unsigned int line, column;
	const char *id;   /* subject: connection, gateway, host or pool id */

	/* connectionAdd */
	rasgw_connection conn;
	const char **statics, **learned; /* owned arrays behind conn's prefix lists */
	rasgw_place_options place;
	bool has_policy;

	/* routesLearned */
	const char **prefixes; size_t prefix_count;

	/* probe */
	rasgw_probe_kind probe_kind;
	bool probe_ok;

	/* probeRound */
	sim_probe_round round;

	/* gatewayFailure */
	sim_cause cause;

	/* gatewayAdd */
	rasgw_gateway gateway;

	/* poolAdd */
	rasgw_pool pool;
	const char **pool_ips, **pool_vips, **pool_tenants;
	rasgw_gateway *pool_gateways;
	size_t pool_gateway_count;

	/* failback: the standby taking the load is `id`, the active giving it up `from` */
	const char *from;
	/* rebalance: the pool is `id` */

	uint64_t end; /* time of its last probe (probeRound with repeat), else `at` */

	sim_expect *expects; size_t expect_count;
} sim_event;

/* A logical network subnet of the topology, for `vlanSubnet` references. */
typedef struct sim_subnet {
	const char *net, *id, *prefix;
	uint16_t vlan;
} sim_subnet;

typedef struct sim_scenario {
	const char *path;
	char *topology;         /* path resolved against the scenario's directory */
	const char *title;      /* optional `description` */
	rasgw_health_options health;
	rasgw_failover_options failover;
	sim_event *events; size_t event_count;
	ydoc doc, topo;
	sim_subnet *subnets; size_t subnet_count;
} sim_scenario;

/* Read and check a scenario. Returns 0, or -1 with "file:line:col: message" in err. */
int scenario_load(sim_scenario *s, const char *path, char *err, size_t errlen);
void scenario_free(sim_scenario *s);

/* The keys an expectation may use (doc/scenario-format.md); NULL-terminated. */
extern const char *const sim_expect_keys[];

#endif
