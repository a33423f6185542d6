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

#endif
