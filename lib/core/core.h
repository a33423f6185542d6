/*
 * Internal core helpers shared by every module: allocation through the
 * replaceable allocator, the per-thread error slot, and growable arrays.
 * Nothing here is exported.
 */
#ifndef RASGW_CORE_H
#define RASGW_CORE_H

#include "rasgw/common.h"
#include "rasgw/errors.h"
#include "rasgw/alloc.h"

#include <stdarg.h>

#if defined(__GNUC__)
#define RASGW__PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RASGW__UNUSED __attribute__((unused))
#else
#define RASGW__PRINTF(f, a)
#define RASGW__UNUSED
#endif

#define RASGW__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation: all go through the current rasgw_allocator. */
void *rasgw__malloc(size_t size);
void *rasgw__calloc(size_t n, size_t size);   /* zeroed, overflow-checked */
void *rasgw__realloc(void *ptr, size_t size); /* old block intact on NULL */
void *rasgw__reallocarray(void *ptr, size_t n, size_t size);
void rasgw__free(void *ptr);
char *rasgw__strdup(const char *s);
char *rasgw__strndup(const char *s, size_t n);

/*
 * Record an error on this thread and return `code` so callers can write
 * `return rasgw__error(RASGW_EINVAL, "...")`. Messages are truncated at 1 KiB.
 */
int rasgw__error(int code, const char *fmt, ...) RASGW__PRINTF(2, 3);
int rasgw__errorv(int code, const char *fmt, va_list ap);
/* The same with a position in an input file (parse and validation errors). */
int rasgw__error_at(int code, const char *file, unsigned int line, unsigned int column,
		    const char *fmt, ...) RASGW__PRINTF(5, 6);
/* Record ENOMEM with a fixed message (never allocates). */
int rasgw__error_nomem(void);

/*
 * Growable array of fixed-size items. Use through the typed macros:
 *   RASGW__VEC(struct foo *) v = {0};
 *   if (RASGW__VEC_PUSH(&v, item) < 0) ...
 */
#define RASGW__VEC(type) struct { type *items; size_t count; size_t cap; }
int rasgw__vec_grow(void **items, size_t *cap, size_t need, size_t item_size);
#define RASGW__VEC_RESERVE(v, n)                                                     \
	rasgw__vec_grow((void **)&(v)->items, &(v)->cap, (n), sizeof(*(v)->items))
#define RASGW__VEC_PUSH(v, item)                                                     \
	(RASGW__VEC_RESERVE((v), (v)->count + 1) < 0 ? RASGW_ENOMEM                  \
						      : ((v)->items[(v)->count++] = (item), 0))
#define RASGW__VEC_FREE(v) (rasgw__free((v)->items), (v)->items = NULL, (v)->count = 0, (v)->cap = 0)

/* Growable string buffer. `oom` latches so callers check once at the end. */
typedef struct rasgw__buf {
	char *ptr;
	size_t len;
	size_t cap;
	bool oom;
} rasgw__buf;
void rasgw__buf_putn(rasgw__buf *b, const char *s, size_t n);
void rasgw__buf_puts(rasgw__buf *b, const char *s);
void rasgw__buf_printf(rasgw__buf *b, const char *fmt, ...) RASGW__PRINTF(2, 3);
void rasgw__buf_free(rasgw__buf *b);
/* Hand the text (NUL-terminated) to the caller; NULL on earlier OOM. */
char *rasgw__buf_detach(rasgw__buf *b);

/* 64-bit hash of bytes (xxHash XXH3, seed 0): stable across runs and compilers. */
uint64_t rasgw__hash(const void *data, size_t len);
uint64_t rasgw__hash_str(const char *s);

/*
 * String -> pointer hash map (open addressing, keys borrowed from the values).
 * Deterministic iteration is not offered on purpose: sort by id instead.
 */
typedef struct rasgw__map {
	struct rasgw__map_slot *slots;
	size_t count;
	size_t cap; /* power of two or 0 */
} rasgw__map;
void *rasgw__map_get(const rasgw__map *m, const char *key);
/* Insert or replace; key must stay alive while in the map. */
int rasgw__map_put(rasgw__map *m, const char *key, void *value);
/* Remove; returns the old value or NULL. Never allocates; re-inserting the
 * removed key afterwards never allocates either. */
void *rasgw__map_del(rasgw__map *m, const char *key);
int rasgw__map_reserve(rasgw__map *m, size_t n);
/* Value in slot i (0 <= i < cap), or NULL for an empty slot: for freeing all
 * values or collecting them to sort, never for ordered output. */
void *rasgw__map_slot_value(const rasgw__map *m, size_t i);
void rasgw__map_free(rasgw__map *m);

/*
 * Bump allocator for objects that die together (a plan and its strings).
 * Allocations are 16-byte aligned; rasgw__arena_free releases everything.
 */
typedef struct rasgw__arena {
	struct rasgw__arena_chunk *head;
	size_t used; /* bytes used in head */
	size_t size; /* bytes available in head */
} rasgw__arena;
void *rasgw__arena_alloc(rasgw__arena *a, size_t size); /* zeroed; NULL on OOM */
char *rasgw__arena_strdup(rasgw__arena *a, const char *s); /* NULL stays NULL (check s first) */
void rasgw__arena_free(rasgw__arena *a);

/* Whether s is in v[0..n), sorted ascending by strcmp (binary search). */
bool rasgw__strs_contains(const char *const *v, size_t n, const char *s);

/* Compare strings for qsort on arrays of `const char *`. */
int rasgw__cmp_strp(const void *a, const void *b);

#endif
