/**
 * @file rasgw/exec.h
 * @brief Applying a plan through backends, phase by phase, with retries and
 *        rollback; and the built-in backends.
 *
 * Thread-safety: rasgw_plan_apply() reads the plan (which may be shared) and
 * uses the backends exclusively. Built-in backends are used by one apply at
 * a time; their state queries may run when no apply is running.
 */
#ifndef RASGW_EXEC_H
#define RASGW_EXEC_H

#include "common.h"
#include "plan.h"
#include "sys/backend.h"

RASGW_BEGIN_DECL

/** Version of rasgw_apply_options known to this header. */
#define RASGW_APPLY_OPTIONS_VERSION 1

/** Options of rasgw_plan_apply(). */
typedef struct rasgw_apply_options {
	unsigned int version;     /**< RASGW_APPLY_OPTIONS_VERSION. */
	unsigned int max_retries; /**< Extra attempts of a failing operation (default 2). */
	/**
	 * Called after phase `done` and before phase `next` (only between
	 * phases that have operations); a controller waits here, e.g. for BGP
	 * to re-peer. Non-zero aborts the apply and rolls back. May be NULL.
	 */
	int (*barrier)(rasgw_phase done, rasgw_phase next, void *payload);
	/** Called after each operation with done / total. May be NULL. */
	void (*progress)(size_t done, size_t total, void *payload);
	/** Passed to barrier and progress. */
	void *payload;
	/** Skip operations whose target kind has no backend (default false: error). */
	bool skip_missing;
} rasgw_apply_options;

/** Initializer with defaults. */
#define RASGW_APPLY_OPTIONS_INIT { RASGW_APPLY_OPTIONS_VERSION, 2, NULL, NULL, NULL, false }

/**
 * Initialize options to defaults (for FFI users).
 * @return 0 or RASGW_EVERSION.
 */
RASGW_EXTERN(int) rasgw_apply_options_init(rasgw_apply_options *opts, unsigned int version);

/** What an apply did (opaque). */
typedef struct rasgw_apply_report rasgw_apply_report;

/**
 * Apply a plan: run its operations phase by phase through the backend
 * registered for each operation's target kind, retrying a failing operation
 * up to max_retries times. On a final failure (or a barrier's refusal) roll
 * back the operations already applied, in reverse, with their inverses
 * (rasgw_op_kind_inverse), then call each backend's abort; on success call
 * each backend's commit. The model is not touched: commit the plan to the
 * model (rasgw_model_commit) when this succeeds.
 *
 * @param plan the plan to apply (only read).
 * @param backends the registry holding a backend per target kind.
 * @param opts NULL for defaults.
 * @param report if not NULL, receives a report (caller frees with
 *        rasgw_apply_report_free()), also when the apply failed.
 * @return 0, RASGW_EINVAL, RASGW_EVERSION, RASGW_ENOMEM, RASGW_EBACKEND
 *         (an operation failed, or a backend was missing), RASGW_EUSER (the
 *         barrier stopped it).
 */
RASGW_EXTERN(int) rasgw_plan_apply(const rasgw_plan *plan, rasgw_backends *backends,
				   const rasgw_apply_options *opts, rasgw_apply_report **report);

/** Free a report. Accepts NULL. */
RASGW_EXTERN(void) rasgw_apply_report_free(rasgw_apply_report *report);
/** Operations applied and kept (0 after a rollback). */
RASGW_EXTERN(size_t) rasgw_apply_report_applied(const rasgw_apply_report *report);
/** Operations undone by the rollback. */
RASGW_EXTERN(size_t) rasgw_apply_report_rolled_back(const rasgw_apply_report *report);
/** Retries spent. */
RASGW_EXTERN(size_t) rasgw_apply_report_retries(const rasgw_apply_report *report);
/** Index (in plan order) of the operation that failed, or -1. */
RASGW_EXTERN(int64_t) rasgw_apply_report_failed_index(const rasgw_apply_report *report);
/** The error of the failure (0 if none). */
RASGW_EXTERN(int) rasgw_apply_report_error(const rasgw_apply_report *report);
/** Why it failed, or "" (borrowed from the report). */
RASGW_EXTERN(const char *) rasgw_apply_report_message(const rasgw_apply_report *report);
/** Inverse operations that themselves failed during rollback (the dataplane may need repair). */
RASGW_EXTERN(size_t) rasgw_apply_report_rollback_failures(const rasgw_apply_report *report);

/**
 * The in-memory backend: keeps the dataplane state that the operations
 * build (SLB NAT table, host routes and policies, gateway roles,
 * connections, RRs, peerings, VIPs and L3 addresses, TOR advertisements), for
 * tests and simulators, with fault injection. Opaque.
 */
typedef struct rasgw_memory_backend rasgw_memory_backend;

/**
 * Create an in-memory backend.
 * @param out receives it; free with rasgw_memory_backend_free() after the
 *        registries it was registered in are freed.
 * @return 0, RASGW_EINVAL, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_memory_backend_new(rasgw_memory_backend **out);
/** Free it. Accepts NULL. */
RASGW_EXTERN(void) rasgw_memory_backend_free(rasgw_memory_backend *mb);
/**
 * Register it in `backends` for all four target kinds.
 * @return 0 or an error of rasgw_backends_register().
 */
RASGW_EXTERN(int) rasgw_memory_backend_attach(rasgw_memory_backend *mb, rasgw_backends *backends);
/**
 * Make apply calls number `index` (0-based, counted over all kinds since
 * creation or the last call of this function) up to `index + times - 1` fail
 * with RASGW_EBACKEND. `times` 0 disables injection.
 */
RASGW_EXTERN(void) rasgw_memory_backend_fail_at(rasgw_memory_backend *mb, size_t index,
						unsigned int times);
/** Apply calls seen so far (including failed ones). */
RASGW_EXTERN(size_t) rasgw_memory_backend_calls(const rasgw_memory_backend *mb);
/**
 * The state as sorted "key = value" lines, one fact each; equal states give
 * equal text.
 * @param mb the backend.
 * @param out receives the text; free with rasgw_free().
 * @return 0, RASGW_EINVAL, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_memory_backend_dump(const rasgw_memory_backend *mb, char **out);
/** Number of facts in the state. */
RASGW_EXTERN(size_t) rasgw_memory_backend_fact_count(const rasgw_memory_backend *mb);

/**
 * The JSON-lines backend: writes every operation it is given, one JSON
 * object per line, to a file descriptor, and changes nothing else. Use it
 * as an audit log beside real backends (register a registry per purpose) or
 * alone for a dry run. Lines:
 * `{"event":"begin","plan":EVENT,"subject":ID,"base":FP,"result":FP}`, then
 * `{"event":"apply","seq":N,"op":{...}}` per operation (rasgw_op_to_json),
 * and `{"event":"commit"}` or `{"event":"abort"}`. Opaque.
 */
typedef struct rasgw_jsonl_backend rasgw_jsonl_backend;

/**
 * Create a JSON-lines backend writing to `fd` (not closed by the backend).
 * @param out receives it; free with rasgw_jsonl_backend_free() after the
 *        registries it was registered in are freed.
 * @param fd an open file descriptor, written with write(2).
 * @return 0, RASGW_EINVAL, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_jsonl_backend_new(rasgw_jsonl_backend **out, int fd);
/** Free it. Accepts NULL. */
RASGW_EXTERN(void) rasgw_jsonl_backend_free(rasgw_jsonl_backend *jb);
/**
 * Register it in `backends` for all four target kinds.
 * @param jb the backend.
 * @param backends the registry.
 * @return 0 or an error of rasgw_backends_register().
 */
RASGW_EXTERN(int) rasgw_jsonl_backend_attach(rasgw_jsonl_backend *jb, rasgw_backends *backends);

RASGW_END_DECL

#endif
