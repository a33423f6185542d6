/**
 * @file rasgw/snapshot.h
 * @brief The canonical JSON state snapshot of a whole model, both directions
 *        (doc/snapshot-format.md).
 *
 * A snapshot holds every non-derived field of every rack, host, pool,
 * gateway, tenant ("virtualGateways") and connection, with the field names of
 * the Network Controller's model, plus the model's fingerprint (R8.4). The
 * text is canonical: the same state always gives the same bytes, whatever
 * order the entities were added in, and writing what was read gives the
 * bytes that were read.
 *
 * Reading treats the text as untrusted: size and nesting limits, strict
 * types, unknown keys refused, and the model is built by the same builder as
 * the topology loader, so a snapshot and a topology file cannot disagree on
 * what is valid. The stored fingerprint must match the rebuilt model's.
 *
 * Thread-safety: both functions may run concurrently, on the same model for
 * writing. (cJSON 1.7, used for parsing, also resets a process-wide error
 * slot on every parse; librasgw never reads it, but thread sanitizers may
 * report the write.)
 */
#ifndef RASGW_SNAPSHOT_H
#define RASGW_SNAPSHOT_H

#include "common.h"
#include "model.h"

RASGW_BEGIN_DECL

/** Version of rasgw_snapshot_options known to this header. */
#define RASGW_SNAPSHOT_OPTIONS_VERSION 1

/** Default for rasgw_snapshot_options.max_depth: nesting levels of JSON arrays and objects. */
#define RASGW_SNAPSHOT_DEFAULT_MAX_DEPTH 32u
/** Default for rasgw_snapshot_options.max_bytes: 256 MiB. */
#define RASGW_SNAPSHOT_DEFAULT_MAX_BYTES ((size_t)256 * 1024 * 1024)

/**
 * Limits for reading a snapshot. Fields are only ever appended.
 * A zero limit means its default.
 */
typedef struct rasgw_snapshot_options {
	unsigned int version; /**< RASGW_SNAPSHOT_OPTIONS_VERSION. */
	/**
	 * Deepest nesting of JSON arrays and objects (the top object is 1; a
	 * valid snapshot needs 5). Values above 1000 act as 1000, the parser's
	 * own limit.
	 */
	uint32_t max_depth;
	/** Largest input accepted, in bytes. */
	size_t max_bytes;
} rasgw_snapshot_options;

/** Static initializer with the defaults. */
#define RASGW_SNAPSHOT_OPTIONS_INIT \
	{ RASGW_SNAPSHOT_OPTIONS_VERSION, RASGW_SNAPSHOT_DEFAULT_MAX_DEPTH, RASGW_SNAPSHOT_DEFAULT_MAX_BYTES }

/**
 * Fill `opts` with the defaults for this version (for bindings that cannot
 * use RASGW_SNAPSHOT_OPTIONS_INIT).
 *
 * @param opts    the struct to fill; its previous contents are ignored.
 * @param version RASGW_SNAPSHOT_OPTIONS_VERSION.
 * @return 0, RASGW_EINVAL if opts is NULL, RASGW_EVERSION for an unknown
 *         version (opts is then left untouched).
 */
RASGW_EXTERN(int) rasgw_snapshot_options_init(rasgw_snapshot_options *opts, unsigned int version);

/**
 * Write the canonical JSON snapshot of a model.
 *
 * @param model the model (read only).
 * @param out   receives the NUL-terminated text, which ends with a newline;
 *              the caller frees it with rasgw_free(). Untouched on failure.
 * @return 0; RASGW_EINVAL (NULL argument); RASGW_EVALIDATE (a string of the
 *         model is not valid UTF-8, so JSON cannot carry it); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_model_snapshot_json(const rasgw_model *model, char **out);

/**
 * Build a new model from a JSON snapshot.
 *
 * @param out  receives the model on success (free with rasgw_model_free());
 *             untouched on failure.
 * @param json the snapshot text (UTF-8); need not be NUL-terminated and must
 *             not contain NUL bytes; borrowed for the duration of the call.
 * @param len  its length in bytes.
 * @param opts limits, or NULL for the defaults.
 * @return 0; RASGW_EINVAL (NULL argument); RASGW_EVERSION (opts version, or
 *         a snapshot "version" this library does not read); RASGW_ELIMIT
 *         (over max_bytes or max_depth); RASGW_EPARSE (not JSON, or not a
 *         snapshot: unknown or duplicate key, wrong type, missing key,
 *         number out of range; the message names the JSON path, e.g.
 *         "snapshot: gateways[3] 'gw4': pool: expected a string, got number",
 *         and for syntax errors "snapshot:line:column: ..."); RASGW_EVALIDATE,
 *         RASGW_ENOTFOUND, RASGW_EEXISTS, RASGW_ENOCAPACITY (a rule of the
 *         model is broken, as for a topology file: "snapshot: gateways[3]
 *         'gw4': pool 'p9' does not exist"); RASGW_EVALIDATE "fingerprint
 *         mismatch" (the content does not match its stored fingerprint: a
 *         corrupted or hand-edited snapshot, R8.4); RASGW_ENOMEM.
 */
RASGW_EXTERN(int) rasgw_model_from_json(rasgw_model **out, const char *json, size_t len,
				       const rasgw_snapshot_options *opts);

RASGW_END_DECL

#endif
