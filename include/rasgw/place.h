/**
 * @file rasgw/place.h
 * @brief Planning the provisioning of tenant connections (R2, R3): best-fit
 *        placement, route reflectors, SLB NAT, GRE VIPs, L3 addresses, routes.
 *
 * Every function here is a pure function of a `const rasgw_model *` and its
 * arguments: it never changes the model, is safe to call from many threads
 * on one model, and the same inputs give a byte-identical plan.
 */
#ifndef RASGW_PLACE_H
#define RASGW_PLACE_H

#include "common.h"
#include "model.h"
#include "plan.h"

RASGW_BEGIN_DECL

/** How a gateway is chosen among feasible candidates. Values are ABI. */
typedef enum rasgw_fit_policy {
	RASGW_FIT_BEST = 0,     /**< Least spare capacity left after placing (R3.1, default). */
	RASGW_FIT_AFFINITY = 1, /**< A gateway already serving the tenant if it fits, else best fit. */
	RASGW_FIT_WORST = 2     /**< Most spare capacity left (spreads load). */
} rasgw_fit_policy;

/** Version of rasgw_place_options known to this header. */
#define RASGW_PLACE_OPTIONS_VERSION 1

/** Options of placement planning. */
typedef struct rasgw_place_options {
	unsigned int version;    /**< RASGW_PLACE_OPTIONS_VERSION. */
	rasgw_fit_policy policy; /**< Default RASGW_FIT_BEST. */
} rasgw_place_options;

/** Initializer with defaults. */
#define RASGW_PLACE_OPTIONS_INIT { RASGW_PLACE_OPTIONS_VERSION, RASGW_FIT_BEST }

RASGW_END_DECL

#endif
