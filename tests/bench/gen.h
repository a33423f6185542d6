/*
 * Synthetic datacenters for the benchmarks, from a seed: racks, hosts
 * (gateway hosts with four gateways each, compute hosts with tenant VMs),
 * five pools (All, GRE, IKEv2 10 Gbps, IKEv2 25 Gbps, L3) with M+N
 * gateways, tenants with VMs on several hosts, and connections of the three
 * types with a skewed bandwidth mix, static or BGP routes, pre-placed on
 * gateways with room. The same parameters always give the same model.
 *
 * Also: bin-packing item lists (Falkenauer-style uniform and triplet
 * instances) and their lower bounds, the JSON figure printer and a clock.
 */
#ifndef RASGW_BENCH_GEN_H
#define RASGW_BENCH_GEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rasgw/model.h"

typedef struct gen_params {
	uint64_t seed;
	size_t gateways;    /* background gateways over the five pools (0, or >= 20) */
	size_t hosts;       /* all background hosts; at least gateways / 4 + 4 are made */
	size_t tenants;     /* background tenants */
	size_t connections; /* background connections */
	bool routes;        /* static (1-3) and learned (1-4) prefixes per connection */
	unsigned int utilization_pct; /* demand over active capacity per pool; 0 = 55 */
} gen_params;

/* What gen_build made. */
typedef struct gen_stats {
	size_t racks, hosts, pools, gateways, tenants, connections;
	size_t placed;   /* connections placed on a gateway */
	size_t prefixes; /* static + learned prefixes over all connections */
} gen_stats;

/*
 * Build the model through the internal builder (rasgw__model_add_*), then
 * validate it as the loaders do. On failure prints why to stderr and
 * returns a negative RASGW_E* code.
 */
int gen_build(const gen_params *p, rasgw_model **out, gen_stats *stats);

/*
 * The topology YAML (doc/topology-format.md) of any model: every field the
 * generator sets, placements and route reflectors included, so loading it
 * gives a model with the same fingerprint. *out is malloc'ed.
 */
int gen_yaml(const rasgw_model *m, char **out, size_t *len);

/*
 * Bin-packing items, shuffled. Uniform: n sizes uniform in [lo, hi].
 * Triplets: n (a multiple of 3) sizes in [250, 500) where each of n / 3
 * triplets fills `cap` (1000) exactly, so the optimum is n / 3 bins.
 * Returns n.
 */
size_t gen_uniform_items(uint64_t seed, size_t n, uint64_t lo, uint64_t hi, uint64_t *out);
size_t gen_triplet_items(uint64_t seed, size_t n, uint64_t cap, uint64_t *out);
/* ceil(sum / cap) and the Martello-Toth L2 bound (>= L1). */
uint64_t gen_bound_l1(const uint64_t *items, size_t n, uint64_t cap);
uint64_t gen_bound_l2(const uint64_t *items, size_t n, uint64_t cap);

/* Deterministic random numbers (splitmix64 state). */
typedef struct gen_rng {
	uint64_t s;
} gen_rng;
uint64_t gen_rnd(gen_rng *r);
/* Uniform in [0, n). */
uint64_t gen_below(gen_rng *r, uint64_t n);

/* CPU time of the calling thread in nanoseconds (immune to other load on the machine). */
double gen_now_ns(void);

/*
 * One figure as one JSON line on stdout:
 * {"bench":..,"size":..,"metric":..,"value":..,"unit":..} and, when
 * baseline is not NULL, "baseline", "baseline_value" and "ratio"
 * (value / baseline_value).
 */
void gen_emit(const char *bench, size_t size, const char *metric, double value, const char *unit);
void gen_emit_vs(const char *bench, size_t size, const char *metric, double value,
		 const char *unit, const char *baseline, double baseline_value);

/* Process memory from /proc/self/status in bytes ("VmHWM", "VmRSS"); 0 if unknown. */
size_t gen_proc_mem(const char *field);

#endif
