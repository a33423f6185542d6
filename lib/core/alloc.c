/* The replaceable allocator (rasgw/alloc.h) and the allocation helpers. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

static void *std_malloc(size_t size, void *payload)
{
	(void)payload;
	return malloc(size);
}

static void *std_realloc(void *ptr, size_t size, void *payload)
{
	(void)payload;
	return realloc(ptr, size);
}

static void std_free(void *ptr, void *payload)
{
	(void)payload;
	free(ptr);
}

static rasgw_allocator current = {
	RASGW_ALLOCATOR_VERSION, std_malloc, std_realloc, std_free, NULL,
};

int rasgw_set_allocator(const rasgw_allocator *allocator)
{
	if (!allocator) {
		current = (rasgw_allocator){ RASGW_ALLOCATOR_VERSION, std_malloc, std_realloc,
					     std_free, NULL };
		return 0;
	}
	if (allocator->version != RASGW_ALLOCATOR_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_allocator version %u is not %u",
				    allocator->version, RASGW_ALLOCATOR_VERSION);
	if (!allocator->malloc || !allocator->realloc || !allocator->free)
		return rasgw__error(RASGW_EINVAL, "rasgw_allocator needs malloc, realloc and free");
	current = *allocator;
	return 0;
}

void rasgw_free(void *ptr)
{
	rasgw__free(ptr);
}

void *rasgw__malloc(size_t size)
{
	return current.malloc(size ? size : 1, current.payload);
}

void *rasgw__calloc(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	void *p = rasgw__malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *rasgw__realloc(void *ptr, size_t size)
{
	return current.realloc(ptr, size ? size : 1, current.payload);
}

void *rasgw__reallocarray(void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return rasgw__realloc(ptr, n * size);
}

void rasgw__free(void *ptr)
{
	if (ptr)
		current.free(ptr, current.payload);
}

char *rasgw__strndup(const char *s, size_t n)
{
	char *p = rasgw__malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rasgw__strdup(const char *s)
{
	return s ? rasgw__strndup(s, strlen(s)) : NULL;
}

int rasgw__vec_grow(void **items, size_t *cap, size_t need, size_t item_size)
{
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 4;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return rasgw__error_nomem();
		ncap *= 2;
	}
	void *p = rasgw__reallocarray(*items, ncap, item_size);
	if (!p)
		return rasgw__error_nomem();
	*items = p;
	*cap = ncap;
	return 0;
}

int rasgw__cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool rasgw__strs_contains(const char *const *v, size_t n, const char *s)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid], s);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}
