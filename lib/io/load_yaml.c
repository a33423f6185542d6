/*
 * The YAML topology loader (rasgw/load.h, doc/topology-format.md).
 *
 * The loader owns the file format only: syntax, shapes, unknown keys,
 * required fields, enum spellings, number and ASN syntax, value ranges and
 * limits, plus the loader-level conveniences (logical networks, role
 * assignment by id order). Every rule of the model itself (duplicate ids,
 * references, R1-R7) is left to the model builder, which the snapshot
 * reader shares, so a file and a snapshot cannot disagree about validity.
 */
#include "io/yaml_topo.h"
#include "rasgw/load.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT_VERSION 1

static const char *const top_keys[] = {
	"version", "racks", "hosts", "logicalNetworks", "gatewayPools", "gateways",
	"virtualGateways", NULL
};

rasgw__pos rasgw__yt_pos(const rasgw__yt *l, const rasgw__ynode *n)
{
	return (rasgw__pos){ l->ctx.file, n->line, n->column };
}

int rasgw__yt_section(rasgw__yt *l, const rasgw__ynode *root, const char *key,
		      const rasgw__ynode **out)
{
	l->ctx.what[0] = '\0';
	l->ctx.path[0] = '\0';
	return rasgw__yget_coll(&l->ctx, root, key, false, RASGW__Y_SEQ, out);
}

int rasgw__yt_begin(rasgw__yt *l, const char *kind, const rasgw__ynode *n, size_t index,
		    const char *const *keys, const char **id)
{
	int rc;

	rasgw__yctx_entity(&l->ctx, kind, NULL, index + 1);
	if ((rc = rasgw__yexpect(&l->ctx, n, NULL, RASGW__Y_MAP)) < 0 ||
	    (rc = rasgw__yget_str(&l->ctx, n, "id", true, id)) < 0)
		return rc;
	rasgw__yctx_entity(&l->ctx, kind, *id, 0);
	return rasgw__ycheck_keys(&l->ctx, n, keys);
}

int rasgw__yt_nested(rasgw__yt *l, const rasgw__ynode *map, const char *key, bool required,
		     const char *const *keys, const rasgw__ynode **out)
{
	int rc = rasgw__yget_coll(&l->ctx, map, key, required, RASGW__Y_MAP, out);
	if (rc < 0 || !*out)
		return rc;
	rasgw__yctx_path(&l->ctx, "%s.", key);
	return rasgw__ycheck_keys(&l->ctx, *out, keys);
}

/* ----------------------------------------------------------------- driver */

typedef int (*entry_fn)(rasgw__yt *l, const rasgw__ynode *n, size_t index);

static int each(rasgw__yt *l, const rasgw__ynode *root, const char *key, entry_fn fn)
{
	const rasgw__ynode *list;
	int rc = rasgw__yt_section(l, root, key, &list);

	for (size_t i = 0; rc == 0 && list && i < list->count; i++)
		rc = fn(l, list->items[i], i);
	return rc;
}

/*
 * The model's id-ordered arrays are filled in bulk and sorted once at the
 * end: inserting each entity in order would cost O(n) moves per entity.
 * Nothing in the builder walks those arrays before then (lookups use the
 * hash maps).
 */
static void tables(rasgw_model *m, rasgw__table *out[6])
{
	out[0] = &m->racks;
	out[1] = &m->hosts;
	out[2] = &m->pools;
	out[3] = &m->gateways;
	out[4] = &m->tenants;
	out[5] = &m->conns;
}

static void sort_tables(rasgw_model *m)
{
	rasgw__table *t[6];
	tables(m, t);
	for (int i = 0; i < 6; i++)
		rasgw__table_sort(t[i]);
}

static int load_doc(rasgw__yt *l, const rasgw__ynode *root)
{
	rasgw__yctx *c = &l->ctx;
	uint64_t version = FORMAT_VERSION;
	int rc;

	if (!root)
		return rasgw__error_at(RASGW_EPARSE, c->file, 1, 1,
				       "the topology is empty (expected a mapping)");
	if ((rc = rasgw__yexpect(c, root, "topology", RASGW__Y_MAP)) < 0 ||
	    (rc = rasgw__ycheck_keys(c, root, top_keys)) < 0 ||
	    (rc = rasgw__yget_u64(c, root, "version", false, 0, UINT64_MAX, &version)) < 0)
		return rc;
	if (version != FORMAT_VERSION)
		return rasgw__yerr(c, RASGW_EPARSE, rasgw__ymap_get(root, "version"), "version",
				   "%llu is not supported (this library reads version %d)",
				   (unsigned long long)version, FORMAT_VERSION);

	if ((rc = each(l, root, "racks", rasgw__yt_rack)) < 0 ||
	    (rc = each(l, root, "hosts", rasgw__yt_host)) < 0 ||
	    (rc = each(l, root, "logicalNetworks", rasgw__yt_lnet)) < 0 ||
	    (rc = each(l, root, "gatewayPools", rasgw__yt_pool)) < 0 ||
	    (rc = each(l, root, "gateways", rasgw__yt_gateway)) < 0 ||
	    (rc = rasgw__yt_assign_roles(l)) < 0)
		return rc;
	for (size_t i = 0; i < l->gws.count; i++)
		if ((rc = rasgw__model_add_gateway(l->m, &l->gws.items[i].spec, &l->gws.items[i].pos)) < 0)
			return rc;
	if ((rc = each(l, root, "virtualGateways", rasgw__yt_tenant)) < 0 ||
	    (rc = rasgw__yt_connections(l, root)) < 0)
		return rc;
	sort_tables(l->m);
	return rasgw__model_validate(l->m);
}

static int limits(const rasgw_load_options *opts, uint32_t *depth, size_t *bytes)
{
	*depth = RASGW_LOAD_DEFAULT_MAX_DEPTH;
	*bytes = RASGW_LOAD_DEFAULT_MAX_BYTES;
	if (!opts)
		return 0;
	if (opts->version != RASGW_LOAD_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_load_options version %u is not %u",
				    opts->version, RASGW_LOAD_OPTIONS_VERSION);
	if (opts->max_depth)
		*depth = opts->max_depth;
	if (opts->max_bytes)
		*bytes = opts->max_bytes;
	return 0;
}

int rasgw_load_options_init(rasgw_load_options *opts, unsigned int version)
{
	if (!opts)
		return rasgw__error(RASGW_EINVAL, "rasgw_load_options_init: opts is NULL");
	if (version != RASGW_LOAD_OPTIONS_VERSION)
		return rasgw__error(RASGW_EVERSION, "rasgw_load_options version %u is not %u", version,
				    RASGW_LOAD_OPTIONS_VERSION);
	*opts = (rasgw_load_options)RASGW_LOAD_OPTIONS_INIT;
	return 0;
}

static int load(rasgw_model **out, const char *text, size_t len, const char *name,
		uint32_t max_depth)
{
	rasgw__yt l = { 0 };
	rasgw__ydoc doc;
	int rc;

	l.ctx.file = name;
	if ((rc = rasgw__ydoc_parse(&doc, text ? text : "", len, name, max_depth)) < 0)
		return rc;
	if ((rc = rasgw_model_new(&l.m)) < 0)
		goto done;
	if (!(l.m->source_name = rasgw__strdup(name))) {
		rc = rasgw__error_nomem();
		goto done;
	}
	rasgw__table *t[6];
	tables(l.m, t);
	for (int i = 0; i < 6; i++)
		t[i]->unsorted = true;
	rc = load_doc(&l, doc.root);
done:
	if (rc < 0)
		rasgw_model_free(l.m);
	else
		*out = l.m;
	for (size_t i = 0; i < l.lns.count; i++)
		rasgw__free(l.lns.items[i].subnets);
	RASGW__VEC_FREE(&l.lns);
	rasgw__map_free(&l.ln_index);
	RASGW__VEC_FREE(&l.gws);
	rasgw__ydoc_free(&doc);
	return rc;
}

int rasgw_model_load_buffer(rasgw_model **out, const char *text, size_t len, const char *name,
			    const rasgw_load_options *opts)
{
	uint32_t max_depth;
	size_t max_bytes;
	int rc;

	if (!out || (!text && len))
		return rasgw__error(RASGW_EINVAL, "rasgw_model_load_buffer: %s is NULL",
				    out ? "text" : "out");
	if ((rc = limits(opts, &max_depth, &max_bytes)) < 0)
		return rc;
	if (!name)
		name = "<buffer>";
	if (len > max_bytes)
		return rasgw__error(RASGW_ELIMIT, "%s: %zu bytes is over the limit of %zu bytes", name,
				    len, max_bytes);
	return load(out, text, len, name, max_depth);
}

static int io_error(const char *path, const char *what, int err)
{
	char msg[128];
	if (strerror_r(err, msg, sizeof(msg)) != 0)
		snprintf(msg, sizeof(msg), "error %d", err);
	return rasgw__error(RASGW_EIO, "%s: cannot %s: %s", path, what, msg);
}

/* The whole file, refusing to read past the limit (pipes have no size to stat). */
static int read_file(const char *path, size_t max_bytes, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	size_t most = max_bytes < SIZE_MAX ? max_bytes + 1 : SIZE_MAX; /* one more shows excess */
	int rc = 0;

	if (!f)
		return io_error(path, "open", errno);
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? (cap > SIZE_MAX / 2 ? SIZE_MAX : cap * 2) : 65536;
			if (ncap > most)
				ncap = most;
			char *p = ncap > cap ? rasgw__realloc(buf, ncap) : NULL;
			if (!p) {
				rc = rasgw__error_nomem();
				break;
			}
			buf = p;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > max_bytes) {
			rc = rasgw__error(RASGW_ELIMIT, "%s: larger than the limit of %zu bytes", path,
					  max_bytes);
			break;
		}
		if (got == 0) {
			if (ferror(f))
				rc = io_error(path, "read", errno);
			break;
		}
	}
	fclose(f);
	if (rc < 0) {
		rasgw__free(buf);
		return rc;
	}
	*out = buf;
	*len = n;
	return 0;
}

int rasgw_model_load_file(rasgw_model **out, const char *path, const rasgw_load_options *opts)
{
	uint32_t max_depth;
	size_t max_bytes;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!out || !path)
		return rasgw__error(RASGW_EINVAL, "rasgw_model_load_file: %s is NULL",
				    out ? "path" : "out");
	if ((rc = limits(opts, &max_depth, &max_bytes)) < 0 ||
	    (rc = read_file(path, max_bytes, &text, &len)) < 0)
		return rc;
	rc = load(out, text, len, path, max_depth);
	rasgw__free(text);
	return rc;
}
