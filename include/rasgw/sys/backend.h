/**
 * @file rasgw/sys/backend.h
 * @brief The backend-author API: how operations of a plan reach the network.
 *
 * A backend applies rasgw_op operations of one target kind (SLB, host,
 * gateway, TOR). It knows operations, never the model: everything it needs
 * is in the operation. This header may change on minor releases (only by
 * appending fields to rasgw_backend, behind a new RASGW_BACKEND_VERSION).
 *
 * Backends must be idempotent: applying an operation whose effect is
 * already in place succeeds and changes nothing, so a plan can be applied
 * again after a partial failure (NC-FIELDS: "plans must be idempotent and
 * re-applicable").
 *
 * Thread-safety: a backend registry and its backends are used by one
 * rasgw_plan_apply() at a time.
 */
#ifndef RASGW_SYS_BACKEND_H
#define RASGW_SYS_BACKEND_H

#include "../common.h"
#include "../errors.h"
#include "../plan.h"

RASGW_BEGIN_DECL

/** Version of rasgw_backend known to this header. */
#define RASGW_BACKEND_VERSION 1

/**
 * A backend: callbacks with the backend's payload last. Only `apply` is
 * required. Callbacks return 0 on success or a negative code (a backend may
 * use RASGW_EBACKEND); `apply` may be retried by the executor.
 */
typedef struct rasgw_backend {
	unsigned int version; /**< RASGW_BACKEND_VERSION. */
	const char *name;     /**< Short name for messages (copied at registration). */
	/** Called once per target kind before the first operation of a plan. */
	int (*begin)(const rasgw_plan *plan, void *payload);
	/** Apply one operation. */
	int (*apply)(const rasgw_op *op, void *payload);
	/** Called after every operation of the plan was applied. */
	int (*commit)(void *payload);
	/** Called after a failed plan was rolled back. */
	int (*abort)(void *payload);
	/** Called when the registry is freed or the backend replaced. */
	void (*destroy)(void *payload);
	/** Passed back to every callback. */
	void *payload;
} rasgw_backend;

/** A set of backends, one per target kind (opaque). */
typedef struct rasgw_backends rasgw_backends;

/**
 * Create an empty registry.
 * @param out receives it (free with rasgw_backends_free()).
 * @return 0, RASGW_EINVAL, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_backends_new(rasgw_backends **out);

/** Free a registry, calling each backend's destroy. Accepts NULL. */
RASGW_EXTERN(void) rasgw_backends_free(rasgw_backends *backends);

/**
 * Register `backend` (copied) for operations of target kind `kind`,
 * replacing (and destroying) one registered before. The same backend may be
 * registered for several kinds; its destroy is then called once per kind.
 * @return 0, RASGW_EINVAL (NULL, no apply, bad kind), RASGW_EVERSION, RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_backends_register(rasgw_backends *backends, rasgw_target_kind kind,
					  const rasgw_backend *backend);

/**
 * Load a backend plugin: a shared object exporting
 * `int rasgw_backend_plugin_init(rasgw_backends *backends, const char *config)`
 * (RASGW_BACKEND_PLUGIN_ENTRY), which registers its backends. The object stays
 * loaded until the registry is freed.
 * @param backends the registry the plugin registers into.
 * @param path file to dlopen().
 * @param config passed to the entry point (may be NULL).
 * @return 0, RASGW_EINVAL, RASGW_EIO (cannot load, no entry point; message
 *         from dlerror), or the entry point's error.
 */
RASGW_EXTERN(int) rasgw_backends_load_plugin(rasgw_backends *backends, const char *path,
					     const char *config);

/**
 * Record an error on the calling thread, as librasgw's own calls do, so that
 * a backend's failure reaches rasgw_error_last() and the apply report with
 * its reason. Backends call it just before returning a non-zero code.
 * @param code a RASGW_E* code (RASGW_EBACKEND if unsure).
 * @param message copied (and cut at 1 KiB); NULL gives the code's rasgw_strerror().
 * @return `code`, so a backend can write `return rasgw_error_set(...)`.
 */
RASGW_EXTERN(int) rasgw_error_set(int code, const char *message);

/** Name of the function a plugin exports. */
#define RASGW_BACKEND_PLUGIN_ENTRY "rasgw_backend_plugin_init"

/** Type of the plugin entry point. */
typedef int (*rasgw_backend_plugin_init_fn)(rasgw_backends *backends, const char *config);

RASGW_END_DECL

#endif
