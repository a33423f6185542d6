/* libyaml events -> ynode tree with positions (ytree.h). */
#include "ytree.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define MAX_BYTES ((size_t)16 * 1024 * 1024)
#define MAX_DEPTH 64

typedef struct frame {
	ynode *node;
	size_t cap;
} frame;

const char *ykind_name(ynode_kind kind)
{
	switch (kind) {
	case YN_SCALAR: return "a scalar";
	case YN_SEQ: return "a list";
	case YN_MAP: return "a mapping";
	}
	return "?";
}

bool ynode_is_null(const ynode *n)
{
	if (!n || n->kind != YN_SCALAR || n->quoted)
		return false;
	return !n->text[0] || !strcmp(n->text, "~") || !strcasecmp(n->text, "null");
}

const ynode *ymap_key(const ynode *map, const char *key)
{
	if (!map || map->kind != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (map->items[2 * i]->kind == YN_SCALAR && !strcmp(map->items[2 * i]->text, key))
			return map->items[2 * i];
	return NULL;
}

const ynode *ymap_get(const ynode *map, const char *key)
{
	if (!map || map->kind != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->count; i++)
		if (map->items[2 * i]->kind == YN_SCALAR && !strcmp(map->items[2 * i]->text, key))
			return map->items[2 * i + 1];
	return NULL;
}

static void node_free(ynode *n)
{
	if (!n)
		return;
	size_t k = n->kind == YN_MAP ? 2 * n->count : n->count;
	for (size_t i = 0; i < k; i++)
		node_free(n->items[i]);
	free(n->items);
	free(n->text);
	free(n);
}

void ydoc_free(ydoc *doc)
{
	if (doc) {
		node_free(doc->root);
		doc->root = NULL;
	}
}

static void seterr(char *err, size_t errlen, const char *path, size_t line, size_t col,
		   const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%zu:%zu: %s", path, line, col, msg);
}

static int read_all(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			char *p = realloc(buf, cap);
			if (!p) {
				snprintf(err, errlen, "%s: out of memory", path);
				goto fail;
			}
			buf = p;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > MAX_BYTES) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, MAX_BYTES);
			goto fail;
		}
		if (!got)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	*out = buf;
	*len = n;
	return 0;
fail:
	fclose(f);
	free(buf);
	return -1;
}

/* Append child to the collection on top of the stack. */
static int push_item(frame *top, ynode *child)
{
	ynode *n = top->node;

	/* Maps collect key/value items flat; count becomes pairs at the end. */
	if (n->count == top->cap) {
		size_t ncap = top->cap ? top->cap * 2 : 8;
		ynode **p = realloc(n->items, ncap * sizeof(*p));
		if (!p)
			return -1;
		n->items = p;
		top->cap = ncap;
	}
	n->items[n->count++] = child;
	return 0;
}

static ynode *new_node(ynode_kind kind, const yaml_mark_t *m)
{
	ynode *n = calloc(1, sizeof(*n));
	if (n) {
		n->kind = kind;
		n->line = (unsigned int)m->line + 1;
		n->column = (unsigned int)m->column + 1;
	}
	return n;
}

int ydoc_load(ydoc *doc, const char *path, char *err, size_t errlen)
{
	yaml_parser_t p;
	yaml_event_t ev;
	frame stack[MAX_DEPTH + 1];
	size_t depth = 0;
	ynode *root = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = -1, docs = 0;
	bool done = false;

	doc->root = NULL;
	if (read_all(path, &text, &len, err, errlen) < 0)
		return -1;
	if (!yaml_parser_initialize(&p)) {
		snprintf(err, errlen, "%s: out of memory", path);
		free(text);
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			seterr(err, errlen, path, p.problem_mark.line + 1, p.problem_mark.column + 1,
			       "YAML syntax error: %s%s%s", p.problem ? p.problem : "?",
			       p.context ? " " : "", p.context ? p.context : "");
			goto out;
		}
		ynode *n = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				seterr(err, errlen, path, ev.start_mark.line + 1, ev.start_mark.column + 1,
				       "only one YAML document is allowed");
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			seterr(err, errlen, path, ev.start_mark.line + 1, ev.start_mark.column + 1,
			       "aliases are not supported in this file");
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT:
			if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
				seterr(err, errlen, path, ev.start_mark.line + 1,
				       ev.start_mark.column + 1, "NUL character in a scalar");
				yaml_event_delete(&ev);
				goto out;
			}
			n = new_node(YN_SCALAR, &ev.start_mark);
			if (n) {
				n->text = malloc(ev.data.scalar.length + 1);
				if (!n->text) {
					free(n);
					n = NULL;
				} else {
					memcpy(n->text, ev.data.scalar.value, ev.data.scalar.length);
					n->text[ev.data.scalar.length] = '\0';
					n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
				}
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (depth == MAX_DEPTH) {
				seterr(err, errlen, path, ev.start_mark.line + 1, ev.start_mark.column + 1,
				       "nested deeper than %d levels", MAX_DEPTH);
				yaml_event_delete(&ev);
				goto out;
			}
			n = new_node(ev.type == YAML_SEQUENCE_START_EVENT ? YN_SEQ : YN_MAP,
				     &ev.start_mark);
			if (!n)
				break;
			if (depth && push_item(&stack[depth - 1], n) < 0) {
				node_free(n);
				n = NULL;
				break;
			}
			if (!depth)
				root = n;
			stack[depth++] = (frame){ n, 0 };
			yaml_event_delete(&ev);
			continue;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT: {
			ynode *c = stack[--depth].node;
			if (c->kind == YN_MAP) {
				bool bad = false;
				for (size_t i = 0; i < c->count; i += 2) {
					const ynode *k = c->items[i];
					if (k->kind != YN_SCALAR) {
						seterr(err, errlen, path, k->line, k->column,
						       "mapping keys must be scalars");
						bad = true;
						break;
					}
					for (size_t j = 0; j < i && !bad; j += 2)
						if (!strcmp(c->items[j]->text, k->text)) {
							seterr(err, errlen, path, k->line, k->column,
							       "duplicate key '%s' (first at line %u)",
							       k->text, c->items[j]->line);
							bad = true;
						}
					if (bad)
						break;
				}
				c->count /= 2;
				if (bad) {
					yaml_event_delete(&ev);
					goto out;
				}
			}
			yaml_event_delete(&ev);
			continue;
		}
		default:
			break;
		}
		if ((ev.type == YAML_SCALAR_EVENT) && !n) {
			snprintf(err, errlen, "%s: out of memory", path);
			yaml_event_delete(&ev);
			goto out;
		}
		if (n) {
			if (!depth) {
				root = n;
			} else if (push_item(&stack[depth - 1], n) < 0) {
				node_free(n);
				snprintf(err, errlen, "%s: out of memory", path);
				yaml_event_delete(&ev);
				goto out;
			}
		}
		yaml_event_delete(&ev);
	}
	doc->root = root;
	root = NULL;
	rc = 0;
out:
	if (root) {
		/* Maps still open hold a flat item count; close them so free walks them right. */
		for (size_t i = depth; i-- > 0;)
			if (stack[i].node->kind == YN_MAP) {
				if (stack[i].node->count % 2) {
					node_free(stack[i].node->items[--stack[i].node->count]);
				}
				stack[i].node->count /= 2;
			}
		node_free(root);
	}
	yaml_parser_delete(&p);
	free(text);
	return rc;
}
