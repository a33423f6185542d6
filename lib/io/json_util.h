/*
 * JSON helpers shared by the state snapshot and the plan JSON (both
 * directions).
 *
 * Writing does not use cJSON: a small writer emits canonical JSON straight
 * into a rasgw__buf, so the output bytes are fixed by this file alone (no
 * dependence on cJSON's number or escape formatting across versions) and
 * every byte comes from the rasgw allocator.
 *
 * Reading uses cJSON (1.7.13 or later for cJSON_ParseWithLengthOpts) after a
 * lexical pre-scan of the raw text. The pre-scan enforces what cJSON does not:
 * the size and nesting limits before cJSON recurses, UTF-8 validity, no NUL
 * bytes or raw control characters, no "\u0000" escape (cJSON would cut the
 * string there), and optionally plain unsigned integers only. cJSON's own
 * allocations go through its global hooks (libc malloc unless the embedding
 * application changed them): librasgw never calls cJSON_InitHooks, because the
 * hooks are process-wide and belong to the application.
 *
 * The getters take the cJSON item and a path (rasgw__jpath) so that every
 * message names where in the document the problem is:
 *   "snapshot: gateways[3] 'gw4': pool: expected a string, got number".
 */
#ifndef RASGW_IO_JSON_UTIL_H
#define RASGW_IO_JSON_UTIL_H

#include "core/core.h"

#include <cjson/cJSON.h>

/* Largest integer a JSON number carries exactly through an IEEE double: 2^53. */
#define RASGW__JSON_UINT_MAX UINT64_C(9007199254740992)

/* Is s[0..n) well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF)? */
bool rasgw__utf8_valid(const char *s, size_t n);

/* ------------------------------------------------------------------ writing */

/*
 * Canonical JSON writer: no whitespace, keys in the order the caller emits
 * them, strings escaped per RFC 8259 with the shortest escapes (\" \\ \b \f
 * \n \r \t, \u00XX for other controls, everything else as raw UTF-8), numbers
 * as plain unsigned decimals. Errors latch: the first one is kept and the
 * rest of the calls do nothing; rasgw__jw_finish() reports it.
 * `what`, `kind`, `id` and the last key name the place in error messages;
 * the caller may update kind and id as it walks.
 */
typedef struct rasgw__jw {
	rasgw__buf buf;
	int err;          /* first error, 0 if none */
	bool comma;       /* a value was written at this level: next needs ',' */
	const char *what; /* e.g. "snapshot" */
	const char *kind; /* e.g. "gateways", or NULL */
	const char *id;   /* e.g. "gw4", or NULL */
	const char *key;  /* last key written */
} rasgw__jw;

void rasgw__jw_init(rasgw__jw *w, const char *what);
void rasgw__jw_begin_object(rasgw__jw *w);
void rasgw__jw_end_object(rasgw__jw *w);
void rasgw__jw_begin_array(rasgw__jw *w);
void rasgw__jw_end_array(rasgw__jw *w);
/* A key inside an object (keys are trusted constants: not escaped). */
void rasgw__jw_key(rasgw__jw *w, const char *key);
/* A string value; not valid UTF-8 -> RASGW_EVALIDATE. */
void rasgw__jw_string(rasgw__jw *w, const char *s);
/* An unsigned integer; above RASGW__JSON_UINT_MAX -> RASGW_ELIMIT (a reader would round it). */
void rasgw__jw_uint(rasgw__jw *w, uint64_t v);
void rasgw__jw_bool(rasgw__jw *w, bool v);
/* Conveniences: key and value; the _opt forms write nothing for NULL. */
void rasgw__jw_kv_string(rasgw__jw *w, const char *key, const char *s);
void rasgw__jw_kv_string_opt(rasgw__jw *w, const char *key, const char *s);
void rasgw__jw_kv_uint(rasgw__jw *w, const char *key, uint64_t v);
void rasgw__jw_kv_bool(rasgw__jw *w, const char *key, bool v);
/* Key and array of strings; the _opt form writes nothing for an empty list. */
void rasgw__jw_kv_strings_opt(rasgw__jw *w, const char *key, const char *const *v, size_t n);
/*
 * Key and a name from one of the kind tables (rasgw_conn_type_name ...).
 * The tables answer "?" for a value out of range, which no reader accepts:
 * that is RASGW_EINVAL "<what>: <kind> '<id>': <key>: invalid value".
 */
void rasgw__jw_kv_name(rasgw__jw *w, const char *key, const char *name);
/* A field that cannot be left out: v NULL is RASGW_EINVAL "... <name> is missing". */
void rasgw__jw_require(rasgw__jw *w, const char *name, const void *v);
/* Key and a fingerprint as 16 lowercase hexadecimal digits (rasgw__json_get_fingerprint). */
void rasgw__jw_kv_fingerprint(rasgw__jw *w, const char *key, uint64_t fp);
/*
 * A top-level list of records: the key and '[', and w->kind set to the key
 * so that errors name it (each item sets w->id); end clears both.
 */
void rasgw__jw_begin_list(rasgw__jw *w, const char *key);
void rasgw__jw_end_list(rasgw__jw *w);
/*
 * Append a final newline and hand the NUL-terminated text to *out (free
 * with rasgw__free). On a latched error or ENOMEM returns it (message set)
 * and frees the buffer; *out is untouched.
 */
int rasgw__jw_finish(rasgw__jw *w, char **out);
/* Drop the buffer without producing output (after the caller's own error). */
void rasgw__jw_discard(rasgw__jw *w);

/* Append s as a JSON string literal; false (nothing appended) if s is not UTF-8. */
bool rasgw__json_put_string(rasgw__buf *b, const char *s);

/* ------------------------------------------------------------------ reading */

/* Pre-scan flag: every number must be an unsigned integer 0..RASGW__JSON_UINT_MAX. */
#define RASGW__JSON_UINTS_ONLY 1u

/*
 * Parse untrusted JSON text into a cJSON tree (free with cJSON_Delete).
 * `what` names the input in messages. max_depth counts nested arrays and
 * objects (the top-level value is 1) and is capped at CJSON_NESTING_LIMIT.
 * Errors: RASGW_ELIMIT (larger than max_bytes, deeper than max_depth),
 * RASGW_EPARSE (not JSON, trailing text, bad UTF-8, NUL, "\u0000", a number
 * outside the flags; message "what:line:column: ..."), RASGW_ENOMEM.
 * *out untouched on error.
 */
int rasgw__json_parse(const char *what, const char *text, size_t len, size_t max_bytes,
		      uint32_t max_depth, unsigned int flags, cJSON **out);

/*
 * Where a reader is in the document. Render: "<what>: <path>: <message>".
 * push_* return a mark that pop restores. The path is cut (with "...") past
 * its buffer; messages stay useful because the id is near the front.
 */
typedef struct rasgw__jpath {
	const char *what;
	size_t len;
	char buf[320];
} rasgw__jpath;

void rasgw__jpath_init(rasgw__jpath *p, const char *what);
size_t rasgw__jpath_push_key(rasgw__jpath *p, const char *key);  /* ".key" ("key" at top) */
size_t rasgw__jpath_push_index(rasgw__jpath *p, size_t i);       /* "[i]" */
size_t rasgw__jpath_push_id(rasgw__jpath *p, const char *id);    /* " 'id'" */
void rasgw__jpath_pop(rasgw__jpath *p, size_t mark);
/* Set the error "<what>: <path>: <fmt...>" and return code. */
int rasgw__jpath_error(const rasgw__jpath *p, int code, const char *fmt, ...) RASGW__PRINTF(3, 4);
/*
 * Re-set the last error (from the model builder, say) with the path in
 * front, keeping `code`. If the message begins with "<kind> '<id>': " and
 * the path already ends with that id, that prefix is dropped so the id is
 * not said twice. kind may be NULL.
 */
int rasgw__jpath_wrap(const rasgw__jpath *p, int code, const char *kind, const char *id);

/* The error "<what>: <path>.<key>: <fmt...>" (key NULL: at the path). */
int rasgw__json_key_error(const rasgw__jpath *p, const char *key, int code, const char *fmt, ...)
	RASGW__PRINTF(4, 5);

/* "object", "array", "string", "number", "boolean", "null". */
const char *rasgw__json_type_name(const cJSON *item);

/*
 * Collect the members of object `obj` into slots[] by key (keys[i] ->
 * slots[i], NULL when absent). An unknown key, a duplicate key or a
 * non-object is RASGW_EPARSE. `key` names obj in messages (NULL: obj is at
 * the path itself).
 */
int rasgw__json_members(const rasgw__jpath *p, const char *key, const cJSON *obj,
			const char *const *keys, size_t nkeys, const cJSON **slots);
/*
 * The members of sub-object `key` (item, NULL when absent) as
 * rasgw__json_members, after rasgw__json_get_object. When it is present the
 * path is left on it: the caller pops *mark once done with it.
 */
int rasgw__json_sub_members(rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			    const char *const *keys, size_t nkeys, const cJSON **slots,
			    bool *present, size_t *mark);

/*
 * Typed getters. `item` is the member (NULL when absent) and `key` its name
 * for messages. Absent and required -> RASGW_EPARSE "missing required key";
 * absent and optional -> 0 with the zero value (NULL, 0, false, empty).
 * A present value of the wrong type (null included) -> RASGW_EPARSE.
 */
int rasgw__json_get_string(const rasgw__jpath *p, const char *key, const cJSON *item,
			   bool required, const char **out);
/* An unsigned integer no larger than max (and RASGW__JSON_UINT_MAX); else RASGW_EPARSE. */
int rasgw__json_get_uint(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			 uint64_t max, uint64_t *out);
/* rasgw__json_get_uint up to UINT32_MAX. */
int rasgw__json_get_u32(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			uint32_t *out);
int rasgw__json_get_bool(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			 bool *out);
/* Checks the type only: *present tells whether the object is there. */
int rasgw__json_get_object(const rasgw__jpath *p, const char *key, const cJSON *item,
			   bool required, bool *present);
/* Checks the type and counts the elements (0 when absent). */
int rasgw__json_get_array(const rasgw__jpath *p, const char *key, const cJSON *item,
			  bool required, size_t *count);
/*
 * A string naming an enum value: `parse` maps it to a value >= 0 or -1;
 * -1 is RASGW_EPARSE with `choices` (e.g. "Active, Redundant") in the message.
 * Absent and optional gives *out = -1.
 */
int rasgw__json_get_enum(const rasgw__jpath *p, const char *key, const cJSON *item, bool required,
			 int (*parse)(const char *), const char *choices, int *out);
/*
 * An array of strings: *out receives a rasgw__calloc'ed array (caller frees
 * with rasgw__free) of pointers borrowed from the cJSON tree, NULL when empty.
 */
int rasgw__json_get_strings(const rasgw__jpath *p, const char *key, const cJSON *item,
			    bool required, const char ***out, size_t *count);

/* A required string of exactly 16 lowercase hexadecimal digits (rasgw__jw_kv_fingerprint). */
int rasgw__json_get_fingerprint(const rasgw__jpath *p, const char *key, const cJSON *item,
				uint64_t *out);

/*
 * The root of a document: an object whose "format" is `format` and whose
 * "version" is `version`. Checked before any other key, so that a document
 * of another kind or a newer version says so rather than "unknown key".
 * `title` names the kind in messages ("'x' is not a librasgw <title>").
 * Errors: RASGW_EPARSE, RASGW_EVERSION.
 */
int rasgw__json_check_format(const rasgw__jpath *p, const cJSON *root, const char *format,
			     const char *title, unsigned int version);

#endif
