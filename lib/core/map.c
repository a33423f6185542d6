/* String-keyed hash map with open addressing and linear probing. */
#include "core.h"

#include <string.h>
#include <xxhash.h>

struct rasgw__map_slot {
	const char *key; /* NULL: empty */
	void *value;
	uint64_t hash;
};


uint64_t rasgw__hash(const void *data, size_t len)
{
	return (uint64_t)XXH3_64bits(data, len);
}

uint64_t rasgw__hash_str(const char *s)
{
	return rasgw__hash(s, strlen(s));
}

static struct rasgw__map_slot *find(const rasgw__map *m, const char *key, uint64_t h)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct rasgw__map_slot *s = &m->slots[i];
		if (!s->key)
			return NULL;
		if (s->hash == h && strcmp(s->key, key) == 0)
			return s;
	}
}

void *rasgw__map_get(const rasgw__map *m, const char *key)
{
	struct rasgw__map_slot *s = find(m, key, rasgw__hash_str(key));
	return s ? s->value : NULL;
}

static int rehash(rasgw__map *m, size_t ncap)
{
	struct rasgw__map_slot *ns = rasgw__calloc(ncap, sizeof(*ns));
	if (!ns)
		return rasgw__error_nomem();
	for (size_t i = 0; i < m->cap; i++) {
		struct rasgw__map_slot *s = &m->slots[i];
		if (!s->key)
			continue;
		size_t j = (size_t)s->hash & (ncap - 1);
		while (ns[j].key)
			j = (j + 1) & (ncap - 1);
		ns[j] = *s;
	}
	rasgw__free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return 0;
}

int rasgw__map_reserve(rasgw__map *m, size_t n)
{
	if (m->cap && n * 4 < m->cap * 3)
		return 0;
	size_t ncap = m->cap ? m->cap : 16;
	while (ncap * 3 <= n * 4)
		ncap *= 2;
	return rehash(m, ncap);
}

int rasgw__map_put(rasgw__map *m, const char *key, void *value)
{
	uint64_t h = rasgw__hash_str(key);
	struct rasgw__map_slot *s = find(m, key, h);
	if (s) {
		s->key = key;
		s->value = value;
		return 0;
	}
	int rc = rasgw__map_reserve(m, m->count + 1);
	if (rc < 0)
		return rc;
	size_t mask = m->cap - 1;
	size_t i = (size_t)h & mask;
	while (m->slots[i].key)
		i = (i + 1) & mask;
	m->slots[i] = (struct rasgw__map_slot){ key, value, h };
	m->count++;
	return 0;
}

/*
 * Backward-shift deletion (no tombstone): later entries of the probe run
 * move up, so a delete never makes a later insert of the same key allocate.
 * Commit relies on that to undo a removal without allocating.
 */
void *rasgw__map_del(rasgw__map *m, const char *key)
{
	struct rasgw__map_slot *s = find(m, key, rasgw__hash_str(key));
	if (!s)
		return NULL;
	void *v = s->value;
	size_t mask = m->cap - 1;
	size_t hole = (size_t)(s - m->slots);
	for (size_t i = (hole + 1) & mask; m->slots[i].key; i = (i + 1) & mask) {
		size_t home = (size_t)m->slots[i].hash & mask;
		/* Move entry i into the hole unless its home lies in (hole, i]. */
		bool in_range = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
		if (!in_range) {
			m->slots[hole] = m->slots[i];
			hole = i;
		}
	}
	m->slots[hole] = (struct rasgw__map_slot){ NULL, NULL, 0 };
	m->count--;
	return v;
}

void *rasgw__map_slot_value(const rasgw__map *m, size_t i)
{
	return i < m->cap && m->slots[i].key ? m->slots[i].value : NULL;
}

void rasgw__map_free(rasgw__map *m)
{
	rasgw__free(m->slots);
	*m = (rasgw__map){ 0 };
}
