/**
 * @file rasgw/alloc.h
 * @brief A replaceable allocator, for embedders and for failure injection.
 *
 * Thread-safety: rasgw_set_allocator() must be called before any other
 * librasgw call, or while no other thread is inside the library. The
 * allocator itself must be safe to call from every thread that uses librasgw.
 */
#ifndef RASGW_ALLOC_H
#define RASGW_ALLOC_H

#include "common.h"

RASGW_BEGIN_DECL

/** Version of rasgw_allocator known to this header. */
#define RASGW_ALLOCATOR_VERSION 1

/** The allocator librasgw uses for all of its memory. */
typedef struct rasgw_allocator {
	unsigned int version; /**< RASGW_ALLOCATOR_VERSION. */
	/** Like malloc(3); may return NULL. */
	void *(*malloc)(size_t size, void *payload);
	/** Like realloc(3); on NULL the old block must be left intact. */
	void *(*realloc)(void *ptr, size_t size, void *payload);
	/** Like free(3); must accept NULL. */
	void (*free)(void *ptr, void *payload);
	/** Passed back to every callback. */
	void *payload;
} rasgw_allocator;

/**
 * Replace the allocator (the struct is copied), or restore the C library's
 * with NULL. Memory must be freed by the allocator that gave it: switch only
 * while no librasgw object is alive.
 *
 * @return 0, or RASGW_EVERSION / RASGW_EINVAL for a bad struct.
 */
RASGW_EXTERN(int) rasgw_set_allocator(const rasgw_allocator *allocator);

/**
 * Free memory that librasgw handed to the caller as a plain buffer (for
 * example the text from rasgw_model_snapshot_json()). Accepts NULL.
 */
RASGW_EXTERN(void) rasgw_free(void *ptr);

RASGW_END_DECL

#endif
