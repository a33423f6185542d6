/* YAML event stream -> bounded node tree with positions (yaml_tree.h). */
#include "io/yaml_tree.h"

#include <string.h>
#include <strings.h>
#include <yaml.h>

/* Small mappings are checked for duplicate keys pairwise; larger ones with a hash map. */
#define DUP_SCAN_MAX 16

typedef struct frame {
	rasgw__ynode *node;
	RASGW__VEC(rasgw__ynode *) items; /* items.items is also node->items */
	const char *anchor;               /* registered when the collection ends */
} frame;

typedef struct builder {
	rasgw__ydoc *doc;
	const char *file;
	const char *text;
	size_t len;
	uint32_t max_depth;
	uint64_t expanded; /* nodes added by expanding aliases so far */
	RASGW__VEC(frame) stack;
} builder;

const char *rasgw__ykind_name(rasgw__ykind kind)
{
	switch (kind) {
	case RASGW__Y_SCALAR: return "a scalar";
	case RASGW__Y_SEQ: return "a list";
	case RASGW__Y_MAP: return "a mapping";
	}
	return "?";
}

bool rasgw__ynode_is_null(const rasgw__ynode *n)
{
	if (!n || n->kind != RASGW__Y_SCALAR || n->quoted)
		return false;
	return !n->text[0] || !strcmp(n->text, "~") || !strcasecmp(n->text, "null");
}

const rasgw__ynode *rasgw__ymap_get(const rasgw__ynode *map, const char *key)
{
	if (!map || map->kind != RASGW__Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (!strcmp(map->items[2 * i]->text, key))
			return map->items[2 * i + 1];
	return NULL;
}

void rasgw__ydoc_free(rasgw__ydoc *doc)
{
	if (!doc)
		return;
	rasgw__arena_free(&doc->arena);
	for (size_t i = 0; i < doc->anchor_names.count; i++)
		rasgw__free(doc->anchor_names.items[i]);
	RASGW__VEC_FREE(&doc->anchor_names);
	rasgw__map_free(&doc->anchors);
	doc->root = NULL;
}

static int at(const builder *b, int code, const yaml_mark_t *mark, const char *fmt,
	      const char *arg)
{
	return rasgw__error_at(code, b->file, (unsigned int)mark->line + 1,
			       (unsigned int)mark->column + 1, fmt, arg);
}

/* Line and column of a byte offset, for reader errors that carry no mark. */
static void offset_pos(const builder *b, size_t off, unsigned int *line, unsigned int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < b->len; i++) {
		if (b->text[i] == '\n') {
			++*line;
			*col = 1;
		} else {
			++*col;
		}
	}
}

static int syntax_error(const builder *b, const yaml_parser_t *p)
{
	if (p->error == YAML_MEMORY_ERROR)
		return rasgw__error_nomem();
	if (p->error == YAML_READER_ERROR) {
		unsigned int line, col;
		offset_pos(b, p->problem_offset, &line, &col);
		return rasgw__error_at(RASGW_EPARSE, b->file, line, col,
				       "invalid input: %s", p->problem ? p->problem : "?");
	}
	if (p->context && p->problem_mark.index >= b->len)
		/* Something left open at the end: where it was opened is what to fix. */
		return rasgw__error_at(RASGW_EPARSE, b->file, (unsigned int)p->context_mark.line + 1,
				       (unsigned int)p->context_mark.column + 1,
				       "YAML syntax error: %s %s that starts here",
				       p->problem ? p->problem : "?", p->context);
	if (p->context)
		return rasgw__error_at(RASGW_EPARSE, b->file, (unsigned int)p->problem_mark.line + 1,
				       (unsigned int)p->problem_mark.column + 1,
				       "YAML syntax error: %s %s (line %u)",
				       p->problem ? p->problem : "?", p->context,
				       (unsigned int)p->context_mark.line + 1);
	return rasgw__error_at(RASGW_EPARSE, b->file, (unsigned int)p->problem_mark.line + 1,
			       (unsigned int)p->problem_mark.column + 1, "YAML syntax error: %s",
			       p->problem ? p->problem : "?");
}

/*
 * Nodes, texts and item arrays all live until the document is freed, so
 * they come from one arena: a topology has some 25 nodes per connection,
 * and allocating and freeing each one separately was most of the time a
 * large topology took to load.
 */
static int new_node(builder *b, rasgw__ykind kind, const yaml_mark_t *mark, rasgw__ynode **out)
{
	rasgw__ynode *n = rasgw__arena_alloc(&b->doc->arena, sizeof(*n));
	if (!n)
		return rasgw__error_nomem();
	n->kind = kind;
	n->line = (unsigned int)mark->line + 1;
	n->column = (unsigned int)mark->column + 1;
	n->expanded = 1;
	*out = n;
	return 0;
}

/*
 * Only aliases count: nodes written out in the text are bounded by the
 * input size limit, and counting them too capped a topology at about 150 000
 * connections whatever max_bytes allowed.
 */
static int count_expanded(builder *b, uint64_t add, const yaml_mark_t *mark)
{
	if (add > RASGW__YAML_MAX_EXPANDED - b->expanded)
		return rasgw__error_at(RASGW_ELIMIT, b->file, (unsigned int)mark->line + 1,
				       (unsigned int)mark->column + 1,
				       "aliases expand the document by more than %llu nodes",
				       (unsigned long long)RASGW__YAML_MAX_EXPANDED);
	b->expanded += add;
	return 0;
}

/* Attach a finished node to the open collection, or make it the root. */
static int attach(builder *b, rasgw__ynode *n, const yaml_mark_t *mark)
{
	if (!b->stack.count) {
		b->doc->root = n;
		return 0;
	}
	frame *f = &b->stack.items[b->stack.count - 1];
	rasgw__ynode *parent = f->node;
	bool is_key = parent->kind == RASGW__Y_MAP && f->items.count % 2 == 0;

	if (is_key && n->kind != RASGW__Y_SCALAR)
		return at(b, RASGW_EPARSE, mark, "mapping keys must be scalars, not %s",
			  rasgw__ykind_name(n->kind));
	if (RASGW__VEC_PUSH(&f->items, n) < 0)
		return rasgw__error_nomem();
	parent->items = f->items.items;
	return 0;
}

static int add_anchor(builder *b, const char *name, rasgw__ynode *n)
{
	if (RASGW__VEC_RESERVE(&b->doc->anchor_names, b->doc->anchor_names.count + 1) < 0)
		return rasgw__error_nomem();
	char *copy = rasgw__strdup(name);
	if (!copy)
		return rasgw__error_nomem();
	b->doc->anchor_names.items[b->doc->anchor_names.count++] = copy;
	/* A redefined anchor replaces the earlier one from here on (YAML 1.2 7.1). */
	if (rasgw__map_put(&b->doc->anchors, copy, n) < 0)
		return rasgw__error_nomem();
	return 0;
}

static int on_scalar(builder *b, const yaml_event_t *ev)
{
	const yaml_mark_t *mark = &ev->start_mark;
	size_t len = ev->data.scalar.length;
	const char *value = (const char *)ev->data.scalar.value;
	rasgw__ynode *n = NULL;
	int rc;

	if (memchr(value, '\0', len))
		return at(b, RASGW_EPARSE, mark, "%s", "NUL character in a scalar");
	if ((rc = new_node(b, RASGW__Y_SCALAR, mark, &n)) < 0)
		return rc;
	if (!(n->text = rasgw__arena_alloc(&b->doc->arena, len + 1)))
		return rasgw__error_nomem();
	memcpy(n->text, value, len);
	/* A quoted or explicitly tagged scalar is always a string, never null. */
	n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
		    (ev->data.scalar.tag &&
		     strcmp((const char *)ev->data.scalar.tag, YAML_NULL_TAG) != 0);
	if (ev->data.scalar.anchor && (rc = add_anchor(b, (const char *)ev->data.scalar.anchor, n)) < 0)
		return rc;
	return attach(b, n, mark);
}

static int on_start(builder *b, const yaml_event_t *ev, rasgw__ykind kind)
{
	const yaml_mark_t *mark = &ev->start_mark;
	const yaml_char_t *anchor = kind == RASGW__Y_MAP ? ev->data.mapping_start.anchor
							  : ev->data.sequence_start.anchor;
	rasgw__ynode *n = NULL;
	int rc;

	if (b->stack.count + 1 > b->max_depth)
		return rasgw__error_at(RASGW_ELIMIT, b->file, (unsigned int)mark->line + 1,
				       (unsigned int)mark->column + 1,
				       "nesting deeper than %u levels", (unsigned int)b->max_depth);
	if ((rc = new_node(b, kind, mark, &n)) < 0)
		return rc;
	n->height = 1;
	if (RASGW__VEC_RESERVE(&b->stack, b->stack.count + 1) < 0)
		return rasgw__error_nomem();
	frame f = { n, { NULL, 0, 0 }, NULL };
	if (anchor) {
		/* Registered only at the end, so a collection cannot contain itself. */
		if (RASGW__VEC_RESERVE(&b->doc->anchor_names, b->doc->anchor_names.count + 1) < 0)
			return rasgw__error_nomem();
		char *copy = rasgw__strdup((const char *)anchor);
		if (!copy)
			return rasgw__error_nomem();
		b->doc->anchor_names.items[b->doc->anchor_names.count++] = copy;
		f.anchor = copy;
	}
	b->stack.items[b->stack.count++] = f;
	return 0;
}

static int check_duplicate_keys(builder *b, const rasgw__ynode *map)
{
	const rasgw__ynode *dup = NULL, *first = NULL;

	if (map->count <= DUP_SCAN_MAX) {
		for (size_t i = 1; i < map->count && !dup; i++)
			for (size_t j = 0; j < i; j++)
				if (!strcmp(map->items[2 * i]->text, map->items[2 * j]->text)) {
					dup = map->items[2 * i];
					first = map->items[2 * j];
					break;
				}
	} else {
		rasgw__map seen = { 0 };
		if (rasgw__map_reserve(&seen, map->count) < 0)
			return rasgw__error_nomem();
		for (size_t i = 0; i < map->count; i++) {
			rasgw__ynode *k = map->items[2 * i];
			first = rasgw__map_get(&seen, k->text);
			if (first) {
				dup = k;
				break;
			}
			if (rasgw__map_put(&seen, k->text, k) < 0) {
				rasgw__map_free(&seen);
				return rasgw__error_nomem();
			}
		}
		rasgw__map_free(&seen);
	}
	if (!dup)
		return 0;
	return rasgw__error_at(RASGW_EPARSE, b->file, dup->line, dup->column,
			       "duplicate key '%s' (first at line %u)", dup->text, first->line);
}

static int on_end(builder *b, const yaml_event_t *ev)
{
	frame f = b->stack.items[--b->stack.count];
	rasgw__ynode *n = f.node;
	int rc;

	/* The finished item list moves into the arena. */
	n->items = NULL;
	n->count = f.items.count;
	if (f.items.count) {
		n->items = rasgw__arena_alloc(&b->doc->arena, f.items.count * sizeof(*n->items));
		if (n->items)
			memcpy(n->items, f.items.items, f.items.count * sizeof(*n->items));
	}
	RASGW__VEC_FREE(&f.items);
	if (n->count && !n->items)
		return rasgw__error_nomem();
	for (size_t i = 0; i < n->count; i++) {
		const rasgw__ynode *c = n->items[i];
		if (c->height + 1 > n->height)
			n->height = c->height + 1;
		n->expanded += c->expanded;
	}
	if (n->kind == RASGW__Y_MAP) {
		n->count /= 2;
		if ((rc = check_duplicate_keys(b, n)) < 0)
			return rc;
	}
	if (f.anchor && (rc = rasgw__map_put(&b->doc->anchors, f.anchor, n)) < 0)
		return rasgw__error_nomem();
	return attach(b, n, &ev->start_mark);
}

static int on_alias(builder *b, const yaml_event_t *ev)
{
	const yaml_mark_t *mark = &ev->start_mark;
	const char *name = (const char *)ev->data.alias.anchor;
	rasgw__ynode *target = rasgw__map_get(&b->doc->anchors, name);
	int rc;

	if (!target)
		return at(b, RASGW_EPARSE, mark, "alias '*%s' names no complete anchor before it",
			  name);
	if (b->stack.count + target->height > b->max_depth)
		return rasgw__error_at(RASGW_ELIMIT, b->file, (unsigned int)mark->line + 1,
				       (unsigned int)mark->column + 1,
				       "alias '*%s' nests deeper than %u levels", name,
				       (unsigned int)b->max_depth);
	if ((rc = count_expanded(b, target->expanded, mark)) < 0)
		return rc;
	return attach(b, target, mark);
}

static int on_event(builder *b, const yaml_event_t *ev, int *documents, bool *done)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++*documents > 1)
			return at(b, RASGW_EPARSE, &ev->start_mark, "%s",
				  "only one YAML document is allowed");
		return 0;
	case YAML_SCALAR_EVENT: return on_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT: return on_start(b, ev, RASGW__Y_SEQ);
	case YAML_MAPPING_START_EVENT: return on_start(b, ev, RASGW__Y_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT: return on_end(b, ev);
	case YAML_ALIAS_EVENT: return on_alias(b, ev);
	case YAML_STREAM_END_EVENT: *done = true; return 0;
	default: return 0;
	}
}

int rasgw__ydoc_parse(rasgw__ydoc *doc, const char *text, size_t len, const char *file,
		      uint32_t max_depth)
{
	builder b = { doc, file, text, len, max_depth, 0, { NULL, 0, 0 } };
	yaml_parser_t parser;
	int rc = 0, documents = 0;
	bool done = false;

	memset(doc, 0, sizeof(*doc));
	if (!yaml_parser_initialize(&parser))
		return rasgw__error_nomem();
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done && rc == 0) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = syntax_error(&b, &parser);
			break;
		}
		rc = on_event(&b, &ev, &documents, &done);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	/* Collections left open by an error still own their item vectors. */
	for (size_t i = 0; i < b.stack.count; i++)
		RASGW__VEC_FREE(&b.stack.items[i].items);
	RASGW__VEC_FREE(&b.stack);
	rasgw__map_free(&doc->anchors);
	if (rc < 0)
		rasgw__ydoc_free(doc);
	return rc;
}
