/*
 * Routes learned by BGP (R3.5): the gateway reports the prefixes it learned
 * on a connection; the plan installs the new ones on every host of the
 * tenant and withdraws the ones no longer learned.
 */
#include "planners/common.h"

#include <stdlib.h>
#include <string.h>

int rasgw__prefix_list_canon(const char *const *in, size_t n, bool merge_dups,
			     const char *conn_id, const char *field, const char ***out,
			     size_t *out_n)
{
	*out = NULL;
	*out_n = 0;
	if (n == 0)
		return 0;
	if (!in)
		return rasgw__error(RASGW_EINVAL, "connection '%s': %s: count without array",
				    conn_id, field);
	if (n > SIZE_MAX / (sizeof(char *) + RASGW__ADDR_MAX))
		return rasgw__error(RASGW_ELIMIT, "connection '%s': too many %s", conn_id, field);
	/* One block: the pointer array, then the canonical texts. */
	const char **v = rasgw__malloc(n * (sizeof(char *) + RASGW__ADDR_MAX));
	if (!v)
		return rasgw__error_nomem();
	char *text = (char *)(v + n);
	for (size_t i = 0; i < n; i++) {
		char *slot = text + i * RASGW__ADDR_MAX;
		if (rasgw__prefix_canon(in[i], slot) < 0) {
			rasgw__free(v);
			return rasgw__error(RASGW_EVALIDATE,
					    "connection '%s': %s: '%s' is not a prefix (address/length)",
					    conn_id, field, in[i] ? in[i] : "(null)");
		}
		v[i] = slot;
	}
	qsort(v, n, sizeof(*v), rasgw__cmp_strp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && strcmp(v[k - 1], v[i]) == 0) {
			if (merge_dups)
				continue;
			int rc = rasgw__error(RASGW_EVALIDATE, "connection '%s': %s lists '%s' twice",
					      conn_id, field, v[i]);
			rasgw__free(v);
			return rc;
		}
		v[k++] = v[i];
	}
	*out = v;
	*out_n = k;
	return 0;
}

/*
 * Prefixes of `a` missing from `b` and not static on the connection (a
 * static prefix already has its route, whatever BGP says), into out.
 */
static size_t only_in(const char *const *a, size_t na, const char *const *b, size_t nb,
		      const rasgw_connection *c, const char **out)
{
	size_t k = 0;
	for (size_t i = 0; i < na; i++)
		if (!rasgw__strs_contains(b, nb, a[i]) &&
		    !rasgw__strs_contains(c->static_prefixes, c->static_prefix_count, a[i]))
			out[k++] = a[i];
	return k;
}

int rasgw_plan_routes_learned(rasgw_plan **out, const rasgw_model *m, const char *connection_id,
			      const char *const *prefixes, size_t count)
{
	if (!out || !m || !connection_id)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_routes_learned: NULL argument");
	const rasgw__conn *c = rasgw__table_get(&m->conns, connection_id);
	if (!c)
		return rasgw__error(RASGW_ENOTFOUND, "connection '%s' does not exist", connection_id);
	if (c->pub.routing != RASGW_ROUTING_BGP)
		return rasgw__error(RASGW_EVALIDATE,
				    "connection '%s' uses static routes; only BGP learns prefixes (R2.4)",
				    connection_id);
	if (!c->gw)
		return rasgw__error(RASGW_ESTATE,
				    "connection '%s' is not placed on a gateway, so it learns nothing",
				    connection_id);
	const char **now = NULL;
	size_t n_now = 0;
	/* A gateway may report a prefix once per path: duplicates merge. */
	int rc = rasgw__prefix_list_canon(prefixes, count, true, connection_id, "learned prefixes",
					  &now, &n_now);
	if (rc < 0)
		return rc;
	const rasgw_connection *pub = &c->pub;
	size_t n_old = pub->learned_prefix_count;
	const char **diff = rasgw__calloc(n_now + n_old + 1, sizeof(*diff));
	rasgw_plan *p = NULL;
	if (!diff) {
		rasgw__free(now);
		return rasgw__error_nomem();
	}
	if ((rc = rasgw__plan_new(&p, m, "connection.routes", connection_id)) < 0)
		goto done;
	bool same = n_now == n_old;
	for (size_t i = 0; same && i < n_now; i++)
		same = strcmp(now[i], pub->learned_prefixes[i]) == 0;
	if (!same) {
		size_t k = only_in(pub->learned_prefixes, n_old, now, n_now, pub, diff);
		rasgw__emit_routes(p, c->tenant, pub, c->gw, diff, k, false);
		k = only_in(now, n_now, pub->learned_prefixes, n_old, pub, diff);
		rasgw__emit_routes(p, c->tenant, pub, c->gw, diff, k, true);
		rasgw_change ch = { 0 };
		ch.kind = RASGW_CHANGE_CONNECTION_ROUTES;
		ch.id = pub->id;
		ch.from_prefixes = pub->learned_prefixes;
		ch.from_prefix_count = n_old;
		ch.to_prefixes = now;
		ch.to_prefix_count = n_now;
		rasgw__plan_add_change(p, &ch);
	}
	rc = rasgw__plan_finish(p, out);
done:
	rasgw__free(diff);
	rasgw__free(now);
	return rc;
}
