/*
 * Intrusive AVL tree with parent pointers (see oindex.h).
 *
 * Why hand-written: the fixed Debian dependency set (libyaml, cJSON, xxHash,
 * Check) has no ordered container, and pulling in GLib (GTree) or libbsd's
 * <sys/tree.h> for this one structure would add a runtime dependency for
 * every user of the library. An AVL tree keeps the height within 1.44 log2 n
 * without randomness, so the shape depends only on the operation sequence
 * (R8.1), and parent pointers give next/prev without a stack. Nodes are
 * embedded in the caller's struct so insert cannot fail, which keeps plan
 * commit free of partial-failure paths.
 */
#include "oindex.h"

#include <string.h>

static int height(const rasgw__onode *n)
{
	return n ? n->height : 0;
}

static void update_height(rasgw__onode *n)
{
	int hl = height(n->left);
	int hr = height(n->right);
	n->height = (hl > hr ? hl : hr) + 1;
}

static int cmp(uint64_t key, const char *id, const rasgw__onode *n)
{
	if (key != n->key)
		return key < n->key ? -1 : 1;
	return strcmp(id, n->id);
}

static rasgw__onode *leftmost(rasgw__onode *n)
{
	while (n && n->left)
		n = n->left;
	return n;
}

static rasgw__onode *rightmost(rasgw__onode *n)
{
	while (n && n->right)
		n = n->right;
	return n;
}

/* Point whatever referred to `old` (its parent or the root) at `new_child`. */
static void replace_child(rasgw__oindex *ix, rasgw__onode *parent, rasgw__onode *old,
			  rasgw__onode *new_child)
{
	if (!parent)
		ix->root = new_child;
	else if (parent->left == old)
		parent->left = new_child;
	else
		parent->right = new_child;
}

static rasgw__onode *rotate_left(rasgw__oindex *ix, rasgw__onode *x)
{
	rasgw__onode *y = x->right;

	x->right = y->left;
	if (y->left)
		y->left->parent = x;
	y->parent = x->parent;
	replace_child(ix, x->parent, x, y);
	y->left = x;
	x->parent = y;
	update_height(x);
	update_height(y);
	return y;
}

static rasgw__onode *rotate_right(rasgw__oindex *ix, rasgw__onode *x)
{
	rasgw__onode *y = x->left;

	x->left = y->right;
	if (y->right)
		y->right->parent = x;
	y->parent = x->parent;
	replace_child(ix, x->parent, x, y);
	y->right = x;
	x->parent = y;
	update_height(x);
	update_height(y);
	return y;
}

/* Restore the AVL property at `n`; returns the root of its (possibly rotated) subtree. */
static rasgw__onode *balance(rasgw__oindex *ix, rasgw__onode *n)
{
	int bf = height(n->left) - height(n->right);

	if (bf > 1) {
		if (height(n->left->left) < height(n->left->right))
			rotate_left(ix, n->left);
		return rotate_right(ix, n);
	}
	if (bf < -1) {
		if (height(n->right->right) < height(n->right->left))
			rotate_right(ix, n->right);
		return rotate_left(ix, n);
	}
	update_height(n);
	return n;
}

/*
 * Walk up from the lowest node whose subtree changed. Once a subtree ends
 * with the height it had before, nothing above it can have changed.
 */
static void rebalance_up(rasgw__oindex *ix, rasgw__onode *n, int old_height)
{
	while (n) {
		rasgw__onode *parent = n->parent;
		rasgw__onode *top = balance(ix, n);

		if (top->height == old_height)
			return;
		n = parent;
		old_height = n ? n->height : 0;
	}
}

void rasgw__oindex_init(rasgw__oindex *ix)
{
	ix->root = NULL;
	ix->count = 0;
}

void rasgw__onode_init(rasgw__onode *n)
{
	memset(n, 0, sizeof(*n));
}

void rasgw__oindex_insert(rasgw__oindex *ix, rasgw__onode *n, uint64_t key, const char *id)
{
	rasgw__onode *parent = NULL;
	rasgw__onode **link = &ix->root;

	while (*link) {
		parent = *link;
		link = cmp(key, id, parent) < 0 ? &parent->left : &parent->right;
	}
	n->key = key;
	n->id = id;
	n->parent = parent;
	n->left = NULL;
	n->right = NULL;
	n->height = 1;
	*link = n;
	ix->count++;
	if (parent)
		rebalance_up(ix, parent, parent->height);
}

void rasgw__oindex_remove(rasgw__oindex *ix, rasgw__onode *n)
{
	rasgw__onode *start;
	int start_old;

	if (!rasgw__oindex_contains(n))
		return;
	if (n->left && n->right) {
		/* Move the in-order successor into n's position (nodes are not ours to copy). */
		rasgw__onode *s = leftmost(n->right);

		if (s->parent == n) {
			start = s;
		} else {
			start = s->parent;
			start->left = s->right;
			if (s->right)
				s->right->parent = start;
			s->right = n->right;
			n->right->parent = s;
		}
		s->left = n->left;
		n->left->parent = s;
		s->parent = n->parent;
		replace_child(ix, n->parent, n, s);
		s->height = n->height;
		start_old = start == s ? n->height : start->height;
	} else {
		rasgw__onode *child = n->left ? n->left : n->right;

		if (child)
			child->parent = n->parent;
		replace_child(ix, n->parent, n, child);
		start = n->parent;
		start_old = start ? start->height : 0;
	}
	ix->count--;
	/* Keep key and id so a later update() can re-insert the node. */
	n->parent = n->left = n->right = NULL;
	n->height = 0;
	if (start)
		rebalance_up(ix, start, start_old);
}

void rasgw__oindex_update(rasgw__oindex *ix, rasgw__onode *n, uint64_t new_key)
{
	const char *id = n->id;

	if (rasgw__oindex_contains(n)) {
		const rasgw__onode *p = rasgw__oindex_prev(n);
		const rasgw__onode *q = rasgw__oindex_next(n);

		if ((!p || cmp(new_key, id, p) > 0) && (!q || cmp(new_key, id, q) < 0)) {
			n->key = new_key;
			return;
		}
		rasgw__oindex_remove(ix, n);
	}
	rasgw__oindex_insert(ix, n, new_key, id);
}

rasgw__onode *rasgw__oindex_lower_bound(const rasgw__oindex *ix, uint64_t key)
{
	rasgw__onode *best = NULL;

	for (rasgw__onode *cur = ix->root; cur;) {
		if (cur->key >= key) {
			best = cur;
			cur = cur->left;
		} else {
			cur = cur->right;
		}
	}
	return best;
}

rasgw__onode *rasgw__oindex_find(const rasgw__oindex *ix, uint64_t key, const char *id)
{
	rasgw__onode *cur = ix->root;

	while (cur) {
		int c = cmp(key, id, cur);

		if (c == 0)
			return cur;
		cur = c < 0 ? cur->left : cur->right;
	}
	return NULL;
}

rasgw__onode *rasgw__oindex_first(const rasgw__oindex *ix)
{
	return leftmost(ix->root);
}

rasgw__onode *rasgw__oindex_last(const rasgw__oindex *ix)
{
	return rightmost(ix->root);
}

rasgw__onode *rasgw__oindex_next(const rasgw__onode *n)
{
	rasgw__onode *p;

	if (n->right)
		return leftmost(n->right);
	for (p = n->parent; p && n == p->right; p = p->parent)
		n = p;
	return p;
}

rasgw__onode *rasgw__oindex_prev(const rasgw__onode *n)
{
	rasgw__onode *p;

	if (n->left)
		return rightmost(n->left);
	for (p = n->parent; p && n == p->left; p = p->parent)
		n = p;
	return p;
}

bool rasgw__oindex_contains(const rasgw__onode *n)
{
	return n->height > 0;
}

size_t rasgw__oindex_count(const rasgw__oindex *ix)
{
	return ix->count;
}

/* Strictly inside (lo, hi) where a NULL bound is open; returns height or -1. */
static int check_subtree(const rasgw__onode *n, const rasgw__onode *parent,
			 const rasgw__onode *lo, const rasgw__onode *hi, size_t *count)
{
	int hl, hr;

	if (!n)
		return 0;
	if (n->parent != parent || !n->id)
		return -1;
	if (lo && cmp(n->key, n->id, lo) <= 0)
		return -1;
	if (hi && cmp(n->key, n->id, hi) >= 0)
		return -1;
	hl = check_subtree(n->left, n, lo, n, count);
	if (hl < 0)
		return -1;
	hr = check_subtree(n->right, n, n, hi, count);
	if (hr < 0)
		return -1;
	if (hl - hr > 1 || hr - hl > 1)
		return -1;
	if (n->height != (hl > hr ? hl : hr) + 1)
		return -1;
	(*count)++;
	return n->height;
}

int rasgw__oindex_check(const rasgw__oindex *ix)
{
	size_t count = 0;
	int h = check_subtree(ix->root, NULL, NULL, NULL, &count);

	if (h < 0 || count != ix->count)
		return -1;
	return h;
}
