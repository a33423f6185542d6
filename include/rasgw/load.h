/**
 * @file rasgw/load.h
 * @brief Build a model from a YAML topology file (doc/topology-format.md).
 *
 * The topology names racks, hosts, logical networks, gateway pools,
 * gateways, tenants ("virtualGateways") and their connections with the
 * field names of the Network Controller's model. Loading is all or nothing:
 * the first error stops it, nothing leaks, the output is left untouched, and
 * rasgw_error_last() carries "name:line:column: <entity> '<id>': <problem>"
 * with the line and column in its `line` and `column` fields.
 *
 * Thread-safety: the functions here touch no shared state; they may run
 * concurrently (each on its own output).
 */
#ifndef RASGW_LOAD_H
#define RASGW_LOAD_H

#include "common.h"
#include "model.h"

RASGW_BEGIN_DECL

/** Version of rasgw_load_options known to this header. */
#define RASGW_LOAD_OPTIONS_VERSION 1

/** Default for rasgw_load_options.max_depth: nesting levels of YAML collections. */
#define RASGW_LOAD_DEFAULT_MAX_DEPTH 64u
/** Default for rasgw_load_options.max_bytes: 64 MiB. */
#define RASGW_LOAD_DEFAULT_MAX_BYTES ((size_t)64 * 1024 * 1024)

/**
 * Limits for loading a topology. Fields are only ever appended.
 * A zero limit means its default.
 */
typedef struct rasgw_load_options {
	unsigned int version; /**< RASGW_LOAD_OPTIONS_VERSION. */
	/** Deepest nesting of YAML sequences and mappings (the top mapping is 1). */
	uint32_t max_depth;
	/** Largest input accepted, in bytes. */
	size_t max_bytes;
} rasgw_load_options;

/** Static initializer with the defaults. */
#define RASGW_LOAD_OPTIONS_INIT \
	{ RASGW_LOAD_OPTIONS_VERSION, RASGW_LOAD_DEFAULT_MAX_DEPTH, RASGW_LOAD_DEFAULT_MAX_BYTES }

/**
 * Fill `opts` with the defaults for this version (for bindings that cannot
 * use RASGW_LOAD_OPTIONS_INIT).
 *
 * @param opts    the struct to fill; its previous contents are ignored.
 * @param version RASGW_LOAD_OPTIONS_VERSION.
 * @return 0, RASGW_EINVAL if opts is NULL, RASGW_EVERSION for an unknown version
 *         (opts is then left untouched).
 */
RASGW_EXTERN(int) rasgw_load_options_init(rasgw_load_options *opts, unsigned int version);

/**
 * Load a topology file into a new model.
 *
 * @param out  receives the model on success; the caller frees it with
 *             rasgw_model_free(). Untouched on failure.
 * @param path file to read; it also names the input in error messages.
 * @param opts limits, or NULL for the defaults.
 * @return 0; RASGW_EINVAL (NULL argument); RASGW_EVERSION (opts version);
 *         RASGW_EIO (cannot read the file; the message names the path);
 *         RASGW_ELIMIT (size, depth or alias expansion over the limits);
 *         RASGW_EPARSE (YAML syntax, unknown key, wrong type, missing field,
 *         bad value); RASGW_EVALIDATE, RASGW_ENOTFOUND, RASGW_EEXISTS,
 *         RASGW_ENOCAPACITY (a rule of the model is broken: R1.2, dangling
 *         reference, duplicate id, pre-placed connection over capacity ...);
 *         RASGW_ENOMEM. Every error message carries file:line:column.
 */
RASGW_EXTERN(int) rasgw_model_load_file(rasgw_model **out, const char *path,
				       const rasgw_load_options *opts);

/**
 * Load a topology held in memory into a new model.
 *
 * @param out  receives the model on success (free with rasgw_model_free());
 *             untouched on failure.
 * @param text the YAML text (UTF-8, UTF-16 with BOM); need not be
 *             NUL-terminated; borrowed for the duration of the call.
 * @param len  its length in bytes.
 * @param name names the input in error messages; NULL gives "<buffer>".
 * @param opts limits, or NULL for the defaults.
 * @return as rasgw_model_load_file(), except RASGW_EIO.
 */
RASGW_EXTERN(int) rasgw_model_load_buffer(rasgw_model **out, const char *text, size_t len,
					 const char *name, const rasgw_load_options *opts);

RASGW_END_DECL

#endif
