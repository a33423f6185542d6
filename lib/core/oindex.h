/*
 * Ordered index: an intrusive AVL tree of (key, id) pairs ordered by key
 * ascending, then strcmp(id) ascending. The placement planner keys gateways
 * by spare bandwidth and asks for the first one with at least the demand
 * (best fit, R3.1) in O(log n).
 *
 * The node lives inside the caller's struct, so insert never allocates and
 * cannot fail; get the struct back with RASGW__CONTAINER_OF. A node that is
 * all-zero (or passed through rasgw__onode_init) is "not linked".
 *
 * Each (key, id) pair must be unique within one index. The id string is
 * borrowed and must stay alive and unchanged while the node is linked.
 *
 * Thread-safety: functions taking const pointers only read and may run
 * concurrently with each other, never with a writer on the same index.
 */
#ifndef RASGW_OINDEX_H
#define RASGW_OINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Recover the enclosing struct from a pointer to one of its members. */
#define RASGW__CONTAINER_OF(ptr, type, member) \
	((type *)(void *)((char *)(ptr) - offsetof(type, member)))

typedef struct rasgw__onode {
	struct rasgw__onode *parent;
	struct rasgw__onode *left;
	struct rasgw__onode *right;
	uint64_t key;
	const char *id;
	int height; /* 0 while not linked, >= 1 in a tree */
} rasgw__onode;

typedef struct rasgw__oindex {
	rasgw__onode *root;
	size_t count;
} rasgw__oindex;

void rasgw__oindex_init(rasgw__oindex *ix);
/* Mark a node as not linked; only needed if it was not zero-initialized. */
void rasgw__onode_init(rasgw__onode *n);

/* Link `n` under (key, id). `n` must not be linked in any index. */
void rasgw__oindex_insert(rasgw__oindex *ix, rasgw__onode *n, uint64_t key, const char *id);
/*
 * Unlink `n` from `ix`, which must be the index holding it; no-op if not
 * linked. The node keeps its key and id.
 */
void rasgw__oindex_remove(rasgw__oindex *ix, rasgw__onode *n);
/*
 * Re-key `n`, keeping its id. Stays in place when the order is unchanged
 * (the common small bandwidth change), otherwise remove + insert. A node
 * that was removed earlier is re-inserted under its old id; `n` must have
 * been inserted at least once.
 */
void rasgw__oindex_update(rasgw__oindex *ix, rasgw__onode *n, uint64_t new_key);

/* First node with node->key >= key (the smallest id among equal keys), or NULL. */
rasgw__onode *rasgw__oindex_lower_bound(const rasgw__oindex *ix, uint64_t key);
/* Exact lookup of (key, id), or NULL. */
rasgw__onode *rasgw__oindex_find(const rasgw__oindex *ix, uint64_t key, const char *id);
rasgw__onode *rasgw__oindex_first(const rasgw__oindex *ix);
rasgw__onode *rasgw__oindex_last(const rasgw__oindex *ix);
/* In-order neighbours of a linked node, or NULL at either end. */
rasgw__onode *rasgw__oindex_next(const rasgw__onode *n);
rasgw__onode *rasgw__oindex_prev(const rasgw__onode *n);
bool rasgw__oindex_contains(const rasgw__onode *n);
size_t rasgw__oindex_count(const rasgw__oindex *ix);

/*
 * Debug aid for tests: validate links, strict (key, id) order, stored
 * heights, AVL balance and count. Returns the tree height (0 when empty)
 * or -1 on the first violation.
 */
int rasgw__oindex_check(const rasgw__oindex *ix);

#endif
