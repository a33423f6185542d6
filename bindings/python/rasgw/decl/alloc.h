/*
 * cffi declarations mirroring include/rasgw/alloc.h, kept by hand.
 * tests/test_decl.py checks them against the header; macro values are "...".
 */

#define RASGW_ALLOCATOR_VERSION ...

typedef struct rasgw_allocator {
	unsigned int version;
	void *(*malloc)(size_t size, void *payload);
	void *(*realloc)(void *ptr, size_t size, void *payload);
	void (*free)(void *ptr, void *payload);
	void *payload;
} rasgw_allocator;

int rasgw_set_allocator(const rasgw_allocator *allocator);

void rasgw_free(void *ptr);
