/*
 * Typed access to fields of a YAML node tree, with error messages that name
 * the entity, the key and the position: "file:12:7: gateway 'gw3': state:
 * 'Bogus' is not one of ...". Shared by the readers of YAML inputs.
 */
#ifndef RASGW_IO_YAML_GET_H
#define RASGW_IO_YAML_GET_H

#include "io/yaml_tree.h"

/* Where the fields being read live, for messages. */
typedef struct rasgw__yctx {
	const char *file;
	char what[192]; /* "gateway 'gw3'", empty at the top level */
	char path[64];  /* prefix of keys: "l3Configuration.", "routes[2]." or empty */
} rasgw__yctx;

/* what = "<kind> '<id>'", or "<kind> #<index>" (1-based) while the id is unknown. */
void rasgw__yctx_entity(rasgw__yctx *c, const char *kind, const char *id, size_t index);
void rasgw__yctx_path(rasgw__yctx *c, const char *fmt, ...) RASGW__PRINTF(2, 3);

/* Record an error at node `at`: "<what>: <path><key>: <message>" (parts may be empty). */
int rasgw__yerr(const rasgw__yctx *c, int code, const rasgw__ynode *at, const char *key,
		const char *fmt, ...) RASGW__PRINTF(5, 6);

/* Node is of `kind`, else "expected a list, got a scalar". */
int rasgw__yexpect(const rasgw__yctx *c, const rasgw__ynode *n, const char *key,
		   rasgw__ykind kind);

/* Every key of `map` is in `allowed` (NULL-terminated), else "unknown key 'x'". */
int rasgw__ycheck_keys(const rasgw__yctx *c, const rasgw__ynode *map, const char *const *allowed);

/*
 * Field getters. A missing key, or a plain null value, is "absent": an error
 * "missing required key" when `required` (reported at the mapping), else
 * the output is left as it was (so callers preset defaults).
 */
/* A non-empty string (numbers and booleans are read as their text). */
int rasgw__yget_str(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		    bool required, const char **out);
/* A whole decimal number in [min, max], plain or quoted. */
int rasgw__yget_u64(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		    bool required, uint64_t min, uint64_t max, uint64_t *out);
/* An AS number: 1..4294967295, or asdot "X.Y" = X * 65536 + Y. */
int rasgw__yget_asn(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		    bool required, uint32_t *out);
/* true or false (any case). */
int rasgw__yget_bool(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		     bool required, bool *out);
/* An enum value through `parse` (case-insensitive, -1 if unknown); `choices` for the message. */
int rasgw__yget_enum(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		     bool required, int (*parse)(const char *), const char *choices, int *out);
/* A collection value (list or mapping); *out is NULL when absent. */
int rasgw__yget_coll(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
		     bool required, rasgw__ykind kind, const rasgw__ynode **out);
/*
 * A list of non-empty strings as an array borrowed from the tree (caller
 * frees the array with rasgw__free); *out NULL and *n 0 when absent or empty.
 */
int rasgw__yget_str_list(const rasgw__yctx *c, const rasgw__ynode *map, const char *key,
			 bool required, const char ***out, size_t *n);

/* Scalar conversions for list items and unusual shapes ("key" names it in messages). */
int rasgw__yscalar_u64(const rasgw__yctx *c, const rasgw__ynode *n, const char *key,
		       uint64_t min, uint64_t max, uint64_t *out);
int rasgw__yscalar_str(const rasgw__yctx *c, const rasgw__ynode *n, const char *key,
		       const char **out);

#endif
