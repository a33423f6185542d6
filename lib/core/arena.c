/* Bump allocator: a plan allocates many small strings and records that all
 * die with it, so one free of a few chunks beats thousands of frees. */
#include "core.h"

#include <string.h>

struct rasgw__arena_chunk {
	struct rasgw__arena_chunk *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

#define CHUNK_MIN 4096

void *rasgw__arena_alloc(rasgw__arena *a, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (!size)
		size = 16;
	if (!a->head || a->size - a->used < size) {
		size_t want = a->head ? a->head->size * 2 : CHUNK_MIN;
		if (want > (size_t)1 << 24)
			want = (size_t)1 << 24;
		if (want < size)
			want = size;
		struct rasgw__arena_chunk *c = rasgw__malloc(sizeof(*c) + want);
		if (!c)
			return NULL;
		c->next = a->head;
		c->size = want;
		a->head = c;
		a->used = 0;
		a->size = want;
	}
	void *p = a->head->data + a->used;
	a->used += size;
	memset(p, 0, size);
	return p;
}

char *rasgw__arena_strdup(rasgw__arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = rasgw__arena_alloc(a, n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void rasgw__arena_free(rasgw__arena *a)
{
	struct rasgw__arena_chunk *c = a->head;
	while (c) {
		struct rasgw__arena_chunk *next = c->next;
		rasgw__free(c);
		c = next;
	}
	*a = (rasgw__arena){ 0 };
}
