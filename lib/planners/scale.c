/*
 * Growing pools (R1.2, R1.5): add a gateway, add a whole pool.
 *
 * Specs are validated by the model's own builder, run on a scratch model
 * holding copies of just the racks, hosts and pool involved: the plan then
 * carries exactly the canonical records commit will build (addresses in
 * canonical form, type maxima filled in), so its result fingerprint is
 * right, and no rule is restated here. What needs the real model (ids and
 * addresses already taken, failed hosts, N <= M) is checked against it.
 */
#include "planners/evacuate.h"
#include "rasgw/scale.h"

#include <string.h>

/* Copy host h of m (and its rack) into the scratch model once. */
static int scratch_host(rasgw_model *s, const rasgw__host *h)
{
	if (rasgw__table_get(&s->hosts, h->pub.id))
		return 0;
	int rc = 0;
	if (!rasgw__table_get(&s->racks, h->rack->pub.id))
		rc = rasgw__model_add_rack(s, &h->rack->pub, NULL);
	if (!rc) {
		rasgw_host spec = h->pub;
		spec.failed = false;
		rc = rasgw__model_add_host(s, &spec, NULL);
	}
	return rc;
}

/* The checks only the real model can make, on a gateway record already canonical. */
static int check_against_model(const rasgw_model *m, const rasgw_gateway *rec)
{
	if (rasgw__table_get(&m->gateways, rec->id))
		return rasgw__error(RASGW_EEXISTS, "gateway '%s' already exists", rec->id);
	const char *addrs[2] = { rec->dip, rec->gre_vip };
	for (size_t i = 0; i < 2; i++) {
		const rasgw__gateway *o = addrs[i] ? rasgw__model_addr_gateway(m, addrs[i]) : NULL;
		if (o)
			return rasgw__error(RASGW_EEXISTS,
					    "gateway '%s': address %s is already used by gateway '%s'",
					    rec->id, addrs[i], o->pub.id);
	}
	return 0;
}

/* Look up and check the host of a new gateway; copy it into the scratch model. */
static int new_gateway_host(const rasgw_model *m, rasgw_model *s, const rasgw_gateway *spec)
{
	if (!spec->host_id)
		return rasgw__error(RASGW_EVALIDATE, "gateway '%s': virtualServer (host) is required",
				    spec->id ? spec->id : "?");
	const rasgw__host *h = rasgw__table_get(&m->hosts, spec->host_id);
	if (!h)
		return rasgw__error(RASGW_ENOTFOUND, "gateway '%s': host '%s' does not exist",
				    spec->id ? spec->id : "?", spec->host_id);
	if (h->pub.failed)
		return rasgw__error(RASGW_ESTATE, "gateway '%s': host '%s' is failed",
				    spec->id ? spec->id : "?", spec->host_id);
	if (spec->role != RASGW_GATEWAY_ACTIVE && spec->role != RASGW_GATEWAY_STANDBY)
		return rasgw__error(RASGW_EVALIDATE,
				    "gateway '%s': a new gateway is active or standby, not %s",
				    spec->id ? spec->id : "?", rasgw_gateway_role_name(spec->role));
	return scratch_host(s, h);
}

static void emit_gateway_add(rasgw_plan *p, const rasgw__gateway *rec)
{
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_GATEWAY_ADD;
	ch.id = rec->pub.id;
	ch.gateway = &rec->pub;
	rasgw__plan_add_change(p, &ch);
	/* A new active gateway serves at once: promoted, VIP advertised (R6.2). */
	if (rec->pub.role == RASGW_GATEWAY_ACTIVE)
		rasgw__emit_activate(p, rec, true);
}

int rasgw_plan_gateway_add(rasgw_plan **out, const rasgw_model *m, const rasgw_gateway *spec)
{
	if (!out || !m || !spec)
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_gateway_add: NULL argument");
	if (!spec->pool_id)
		return rasgw__error(RASGW_EVALIDATE, "gateway '%s': pool is required",
				    spec->id ? spec->id : "?");
	const rasgw__pool *pool = rasgw__table_get(&m->pools, spec->pool_id);
	if (!pool)
		return rasgw__error(RASGW_ENOTFOUND, "gateway '%s': pool '%s' does not exist",
				    spec->id ? spec->id : "?", spec->pool_id);
	rasgw_model *s = NULL;
	rasgw_plan *p = NULL;
	int rc = rasgw_model_new(&s);
	if (rc < 0)
		return rc;
	if ((rc = new_gateway_host(m, s, spec)) < 0 ||
	    (rc = rasgw__model_add_pool(s, &pool->pub, NULL)) < 0 ||
	    (rc = rasgw__model_add_gateway(s, spec, NULL)) < 0)
		goto done;
	const rasgw__gateway *rec = rasgw__table_get(&s->gateways, spec->id);
	if ((rc = check_against_model(m, &rec->pub)) < 0)
		goto done;
	/* R1.2: a standby is added only while standbys stay at most the actives. */
	if (rec->pub.role == RASGW_GATEWAY_STANDBY &&
	    pool->pub.standby_count + 1 > pool->pub.active_count) {
		rc = rasgw__error(RASGW_EVALIDATE,
				  "gateway '%s': pool '%s' would have %u standby for %u active "
				  "gateways (R1.2: N <= M); add an active gateway first",
				  rec->pub.id, pool->pub.id, pool->pub.standby_count + 1,
				  pool->pub.active_count);
		goto done;
	}
	if ((rc = rasgw__plan_new(&p, m, "gateway.add", rec->pub.id)) < 0)
		goto done;
	emit_gateway_add(p, rec);
	rc = rasgw__plan_finish(p, out);
done:
	rasgw_model_free(s);
	return rc;
}

int rasgw_plan_pool_add(rasgw_plan **out, const rasgw_model *m, const rasgw_pool *spec,
			const rasgw_gateway *gateways, size_t n)
{
	if (!out || !m || !spec || (n && !gateways))
		return rasgw__error(RASGW_EINVAL, "rasgw_plan_pool_add: NULL argument");
	if (spec->id && rasgw__table_get(&m->pools, spec->id))
		return rasgw__error(RASGW_EEXISTS, "pool '%s' already exists", spec->id);
	rasgw_model *s = NULL;
	rasgw_plan *p = NULL;
	int rc = rasgw_model_new(&s);
	if (rc < 0)
		return rc;
	if ((rc = rasgw__model_add_pool(s, spec, NULL)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		rasgw_gateway g = gateways[i];
		if (g.pool_id && strcmp(g.pool_id, spec->id) != 0) {
			rc = rasgw__error(RASGW_EVALIDATE, "gateway '%s' names pool '%s', not '%s'",
					  g.id ? g.id : "?", g.pool_id, spec->id);
			goto done;
		}
		g.pool_id = spec->id;
		if ((rc = new_gateway_host(m, s, &g)) < 0 ||
		    (rc = rasgw__model_add_gateway(s, &g, NULL)) < 0 ||
		    (rc = check_against_model(m, &((const rasgw__gateway *)rasgw__table_get(
							    &s->gateways, g.id))->pub)) < 0)
			goto done;
	}
	/* R1.2 for the pool as a whole (N <= M, standbys <= actives). */
	if ((rc = rasgw__model_validate(s)) < 0)
		goto done;
	const rasgw__pool *rec = rasgw__table_get(&s->pools, spec->id);
	if ((rc = rasgw__plan_new(&p, m, "pool.add", rec->pub.id)) < 0)
		goto done;
	rasgw_change ch = { 0 };
	ch.kind = RASGW_CHANGE_POOL_ADD;
	ch.id = rec->pub.id;
	ch.pool = &rec->pub;
	rasgw__plan_add_change(p, &ch);
	for (size_t i = 0; i < rec->gateways.count; i++) /* ascending id */
		emit_gateway_add(p, rec->gateways.items[i]);
	rc = rasgw__plan_finish(p, out);
done:
	rasgw_model_free(s);
	return rc;
}
