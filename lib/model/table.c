/* Entities of one kind: a hash map for lookup and an id-ordered array for
 * deterministic iteration. Every entity struct starts with its public
 * record, whose first field is `const char *id`. */
#include "model_int.h"

#include <stdlib.h>
#include <string.h>

static const char *id_of(const void *entity)
{
	return *(const char *const *)entity;
}

static int cmp_entity(const void *a, const void *b)
{
	return strcmp(id_of(*(void *const *)a), id_of(*(void *const *)b));
}

void *rasgw__table_get(const rasgw__table *t, const char *id)
{
	return id ? rasgw__map_get(&t->by_id, id) : NULL;
}

int rasgw__table_reserve(rasgw__table *t, size_t extra)
{
	int rc = RASGW__VEC_RESERVE(&t->sorted, t->sorted.count + extra);
	if (rc < 0)
		return rc;
	return rasgw__map_reserve(&t->by_id, t->by_id.count + extra);
}

/* Index of the first entity whose id is >= id. */
static size_t lower_bound(const rasgw__table *t, const char *id)
{
	size_t lo = 0, hi = t->sorted.count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(id_of(t->sorted.items[mid]), id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void rasgw__table_insert(rasgw__table *t, void *entity)
{
	/* Room was reserved: neither the map nor the array allocates here. */
	(void)rasgw__map_put(&t->by_id, id_of(entity), entity);
	if (t->unsorted) {
		t->sorted.items[t->sorted.count++] = entity;
		return;
	}
	size_t at = lower_bound(t, id_of(entity));
	memmove(&t->sorted.items[at + 1], &t->sorted.items[at],
		(t->sorted.count - at) * sizeof(void *));
	t->sorted.items[at] = entity;
	t->sorted.count++;
}

void rasgw__table_remove(rasgw__table *t, void *entity)
{
	rasgw__map_del(&t->by_id, id_of(entity));
	size_t at = lower_bound(t, id_of(entity));
	if (at < t->sorted.count && t->sorted.items[at] == entity) {
		memmove(&t->sorted.items[at], &t->sorted.items[at + 1],
			(t->sorted.count - at - 1) * sizeof(void *));
		t->sorted.count--;
	}
}

void rasgw__table_sort(rasgw__table *t)
{
	/* Snapshots list entities in id order already: one pass says so. */
	size_t i = 1;
	while (i < t->sorted.count && cmp_entity(&t->sorted.items[i - 1], &t->sorted.items[i]) < 0)
		i++;
	if (i < t->sorted.count)
		qsort(t->sorted.items, t->sorted.count, sizeof(void *), cmp_entity);
	t->unsorted = false;
}

void rasgw__table_free(rasgw__table *t)
{
	rasgw__map_free(&t->by_id);
	RASGW__VEC_FREE(&t->sorted);
}
