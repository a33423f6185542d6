/* String-keyed hash map with open addressing and linear probing. */
#include "core.h"

#include <stdint.h>
#include <string.h>
#include <xxhash.h>

/*
 * 16-byte slots plus one tag byte per slot (the top bits of the hash, in a
 * byte array right after the slots, same block): a model's id maps hold a
 * slot and a half per entity, so a stored 64-bit hash would cost about 12 B
 * per connection. The tag screens out nearly every strcmp of a probe; the
 * full hash is recomputed from the key only when entries move (growth,
 * deletion).
 */
struct rasgw__map_slot {
	const char *key; /* NULL: empty */
	void *value;
};

uint64_t rasgw__hash(const void *data, size_t len)
{
	return (uint64_t)XXH3_64bits(data, len);
}

uint64_t rasgw__hash_str(const char *s)
{
	return rasgw__hash(s, strlen(s));
}

static uint8_t *tags_of(const rasgw__map *m)
{
	return (uint8_t *)(void *)(m->slots + m->cap);
}

/* The home slot comes from the low bits, the tag from the top ones. */
static uint8_t tag_of(uint64_t h)
{
	return (uint8_t)(h >> 56);
}

static struct rasgw__map_slot *find(const rasgw__map *m, const char *key, uint64_t h)
{
	if (!m->cap)
		return NULL;
	size_t mask = m->cap - 1;
	const uint8_t *tags = tags_of(m);
	uint8_t tag = tag_of(h);
	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct rasgw__map_slot *s = &m->slots[i];
		if (!s->key)
			return NULL;
		if (tags[i] == tag && strcmp(s->key, key) == 0)
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
	if (ncap > (SIZE_MAX - ncap) / sizeof(struct rasgw__map_slot))
		return rasgw__error_nomem();
	/* calloc: empty slots and zero tags. */
	struct rasgw__map_slot *ns = rasgw__calloc(1, ncap * sizeof(*ns) + ncap);
	if (!ns)
		return rasgw__error_nomem();
	uint8_t *ntags = (uint8_t *)(void *)(ns + ncap);
	for (size_t i = 0; i < m->cap; i++) {
		struct rasgw__map_slot *s = &m->slots[i];
		if (!s->key)
			continue;
		uint64_t h = rasgw__hash_str(s->key);
		size_t j = (size_t)h & (ncap - 1);
		while (ns[j].key)
			j = (j + 1) & (ncap - 1);
		ns[j] = *s;
		ntags[j] = tag_of(h);
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
	m->slots[i] = (struct rasgw__map_slot){ key, value };
	tags_of(m)[i] = tag_of(h);
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
	uint8_t *tags = tags_of(m);
	size_t mask = m->cap - 1;
	size_t hole = (size_t)(s - m->slots);
	for (size_t i = (hole + 1) & mask; m->slots[i].key; i = (i + 1) & mask) {
		size_t home = (size_t)rasgw__hash_str(m->slots[i].key) & mask;
		/* Move entry i into the hole unless its home lies in (hole, i]. */
		bool in_range = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
		if (!in_range) {
			m->slots[hole] = m->slots[i];
			tags[hole] = tags[i];
			hole = i;
		}
	}
	m->slots[hole] = (struct rasgw__map_slot){ NULL, NULL };
	tags[hole] = 0;
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
