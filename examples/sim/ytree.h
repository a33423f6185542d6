/*
 * A minimal YAML node tree for rasgw-sim, built from libyaml's event stream
 * with the line and column of every node, so that scenario errors can say
 * where the problem is. The simulator is an installed example that uses
 * only the public librasgw API, so it carries its own small tree instead of
 * the library's internal one. Aliases are refused: scenarios are small and
 * written by hand.
 */
#ifndef RASGW_SIM_YTREE_H
#define RASGW_SIM_YTREE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP } ynode_kind;

typedef struct ynode {
	ynode_kind kind;
	unsigned int line, column; /* 1-based */
	char *text;                /* scalars only */
	bool quoted;               /* quoted or block scalar: never null */
	struct ynode **items;      /* maps: key, value, key, value ... */
	size_t count;              /* items of a list, pairs of a map */
} ynode;

typedef struct ydoc {
	ynode *root; /* NULL for an empty document */
} ydoc;

/*
 * Parse the file at `path` (at most 16 MiB, nesting at most 64 levels).
 * Returns 0, or -1 with a "path:line:col: message" in err.
 */
int ydoc_load(ydoc *doc, const char *path, char *err, size_t errlen);
void ydoc_free(ydoc *doc);

/* Value of `key` in a mapping, or NULL (also for a non-mapping). */
const ynode *ymap_get(const ynode *map, const char *key);
/* Key node of `key` in a mapping, or NULL. */
const ynode *ymap_key(const ynode *map, const char *key);
/* A plain "", "~" or "null": an absent value. */
bool ynode_is_null(const ynode *n);
const char *ykind_name(ynode_kind kind);

#endif
