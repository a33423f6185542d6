/**
 * @file rasgw/rasgw.h
 * @brief The whole public API of librasgw in one include.
 *
 * Includes every module header except the backend-author API under
 * rasgw/sys/, which may change on minor releases and is included on purpose
 * by those who write backends (rasgw/exec.h brings in what callers of
 * rasgw_plan_apply() need from it). It declares nothing itself.
 *
 * Thread-safety, ownership and errors are stated per function in each
 * module's header.
 */
#ifndef RASGW_RASGW_H
#define RASGW_RASGW_H

#include "common.h"
#include "errors.h"
#include "alloc.h"
#include "model.h"
#include "load.h"
#include "snapshot.h"
#include "plan.h"
#include "place.h"
#include "health.h"
#include "failover.h"
#include "scale.h"
#include "exec.h"

/**
 * @mainpage librasgw API reference
 *
 * librasgw is the planning core of a network controller for multi-tenant
 * edge gateways: pools of M + N redundant gateways (IKEv2 site-to-site, GRE,
 * L3 forwarding, or all three), best-fit placement of tenant connections,
 * BGP route reflectors, health tracking, and failover plans. Every decision
 * is a pure function of a `const` model and one event and returns a plan:
 * operations for the SLB, the hosts, the gateways and the TOR switches in
 * phases, plus the diff of the model that rasgw_model_commit() applies.
 *
 * Start with `#include <rasgw/rasgw.h>` and link with `pkg-config --libs
 * rasgw`. The modules:
 *
 * | header | what it holds |
 * |---|---|
 * | rasgw/common.h   | export macros, version |
 * | rasgw/errors.h   | status codes, rasgw_error_last() |
 * | rasgw/alloc.h    | replaceable allocator, rasgw_free() |
 * | rasgw/model.h    | the model and its read-only records |
 * | rasgw/load.h     | building a model from a YAML topology |
 * | rasgw/snapshot.h | canonical JSON snapshot of a model, both ways |
 * | rasgw/plan.h     | plans, their operations and changes; commit |
 * | rasgw/place.h    | placement planning (best fit, route reflectors) |
 * | rasgw/failover.h | failover, recovery, failback and rebalance planning |
 * | rasgw/scale.h    | adding, draining and removing gateways and pools |
 * | rasgw/health.h   | the health tracker: probe results to failure events |
 * | rasgw/exec.h     | applying a plan through backends; in-memory backend |
 * | rasgw/sys/backend.h | writing a backend or a backend plugin |
 *
 * The manual page rasgw(7) explains the concepts with a worked example,
 * and doc/design.md in the source tree the architecture.
 *
 * Conventions shared by every module: functions return 0 or a negative
 * RASGW_E* code and leave their outputs untouched on failure; what comes
 * back through an `out` parameter belongs to the caller and has a `_free`;
 * pointers returned directly are borrowed; options structs start with
 * `unsigned int version` and NULL options mean the defaults.
 */

#endif
