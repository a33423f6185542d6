/*
 * A small YAML node tree built from libyaml's event stream. It exists so the
 * topology loader can walk a document with line and column on every node
 * while the input's depth, size and alias expansion stay bounded, and all
 * memory comes from the rasgw allocator.
 */
#ifndef RASGW_IO_YAML_TREE_H
#define RASGW_IO_YAML_TREE_H

#include "core/core.h"

typedef enum rasgw__ykind {
	RASGW__Y_SCALAR = 0,
	RASGW__Y_SEQ = 1,
	RASGW__Y_MAP = 2
} rasgw__ykind;

typedef struct rasgw__ynode {
	rasgw__ykind kind;
	unsigned int line, column; /* 1-based, where the node starts */
	/* Scalars: NUL-terminated text (never contains NUL), and whether it was quoted
	 * or a block scalar (then "null" or "" is a string, not an absent value). */
	char *text;
	bool quoted;
	/* Sequences: count items. Mappings: count pairs, items[2i] key (a scalar),
	 * items[2i+1] value. Aliased nodes are shared, so this is a DAG. */
	struct rasgw__ynode **items;
	size_t count;
	uint32_t height;   /* collection levels within, 1 for a collection of scalars */
	uint64_t expanded; /* node count with aliases expanded */
} rasgw__ynode;

typedef struct rasgw__ydoc {
	rasgw__ynode *root; /* NULL for an empty document */
	rasgw__arena arena;               /* every node, scalar text and item array */
	RASGW__VEC(char *) anchor_names;  /* owned keys of anchors */
	rasgw__map anchors;               /* name -> node, while parsing */
} rasgw__ydoc;

/* Nodes that expanding aliases may add to one document: bounds alias bombs. */
#define RASGW__YAML_MAX_EXPANDED ((uint64_t)1 << 22)

/*
 * Parse one YAML document. `file` names the input in messages. Errors:
 * RASGW_EPARSE (syntax, several documents, non-scalar key, duplicate key,
 * unknown alias, NUL in a scalar), RASGW_ELIMIT (deeper than max_depth,
 * aliases adding more than RASGW__YAML_MAX_EXPANDED nodes), RASGW_ENOMEM. On error
 * `doc` is left empty.
 */
int rasgw__ydoc_parse(rasgw__ydoc *doc, const char *text, size_t len, const char *file,
		      uint32_t max_depth);
void rasgw__ydoc_free(rasgw__ydoc *doc);

/* Value of key `key` in mapping `map`, or NULL. */
const rasgw__ynode *rasgw__ymap_get(const rasgw__ynode *map, const char *key);

/* A plain scalar "", "~" or "null" (any case): an absent value. */
bool rasgw__ynode_is_null(const rasgw__ynode *n);

/* "a scalar", "a list", "a mapping": for "expected X, got Y" messages. */
const char *rasgw__ykind_name(rasgw__ykind kind);

#endif
