/*
 * Connection, gateway and pool records as JSON objects, both directions,
 * for the state snapshot and the plan JSON: the plan carries the same
 * records as the snapshot (doc/snapshot-format.md), so one writer and one
 * reader per kind keep the two files in one vocabulary.
 *
 * Writing emits the canonical object: fixed key order, optional strings and
 * empty lists left out, a sub-object left out when all its members are
 * unset. A kind name out of range ("?") or a NULL id is RASGW_EINVAL; the
 * caller sets w->kind and w->id so that errors name the place.
 *
 * Reading fills a record from the members of its object, which the caller
 * has collected by key (rasgw__json_members with the kind's key table), so
 * that each file keeps its own way of locating records in messages. The
 * record's id (member 0) is the caller's too: the snapshot reads it first to
 * name the entity, the plan checks it against its change. Strings go through
 * the caller's callbacks, because the files keep them differently: the
 * snapshot borrows them from the cJSON tree and lets the model builder check
 * them; the plan copies them into its arena and checks every address and id
 * as it reads.
 */
#ifndef RASGW_IO_RECORDS_JSON_H
#define RASGW_IO_RECORDS_JSON_H

#include "io/json_util.h"
#include "rasgw/model.h"

void rasgw__rec_write_connection(rasgw__jw *w, const rasgw_connection *c);
void rasgw__rec_write_gateway(rasgw__jw *w, const rasgw_gateway *g);
void rasgw__rec_write_pool(rasgw__jw *w, const rasgw_pool *p);

/* What a string member holds, so that each file checks it its own way. */
typedef enum rasgw__rec_field {
	RASGW__FIELD_TEXT,    /* free text */
	RASGW__FIELD_ADDR,    /* an IP address */
	RASGW__FIELD_PREFIX,  /* an address/length prefix */
	RASGW__FIELD_TENANT,  /* the id of a tenant */
	RASGW__FIELD_GATEWAY, /* the id of a gateway */
	RASGW__FIELD_POOL,    /* the id of a pool */
	RASGW__FIELD_HOST     /* the id of a host */
} rasgw__rec_field;

typedef struct rasgw__rec_reader {
	/* Where the record is: sub-objects are pushed on it and popped again. */
	rasgw__jpath *path;
	void *ctx; /* passed back to the callbacks */
	/* A string member, as rasgw__json_get_string (item NULL: absent). */
	int (*string)(void *ctx, const char *key, const cJSON *item, bool required,
		      rasgw__rec_field what, const char **out);
	/*
	 * An optional list of strings (absent or empty: NULL and 0). What it
	 * allocates is the caller's to free, also when a later member fails.
	 */
	int (*strings)(void *ctx, const char *key, const cJSON *item, rasgw__rec_field what,
		       const char *const **out, size_t *count);
} rasgw__rec_reader;

/* The most members a record has (a connection's). */
#define RASGW__REC_MAX_KEYS 14

/* One kind of record. */
typedef struct rasgw__rec_kind {
	const char *const *keys; /* members in canonical order; keys[0] is "id" */
	size_t nkeys;
	size_t size; /* of the record: rasgw_connection ... (the id is its first member) */
	/*
	 * Fill every field of `rec` but the id from slots[] (slots[i] is the
	 * member keys[i], NULL when absent), in key order, so the first error in
	 * the document is the one reported. On failure rec is partly filled.
	 */
	int (*read)(const rasgw__rec_reader *rd, const cJSON *const *slots, void *rec);
} rasgw__rec_kind;

extern const rasgw__rec_kind rasgw__rec_connection;
extern const rasgw__rec_kind rasgw__rec_gateway;
extern const rasgw__rec_kind rasgw__rec_pool;

#endif
