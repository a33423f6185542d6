/* Whole-model rules (checked once after building) and the invariant check
 * used by tests and `rasgw-sim --check`. */
#include "model_int.h"

#include <stdio.h>
#include <string.h>

static int at(const rasgw_model *m, unsigned int line, unsigned int column, int code,
	      const char *fmt, const char *kind, const char *id, const char *detail)
{
	if (m->source_name && line)
		return rasgw__error_at(code, m->source_name, line, column, fmt, kind, id, detail);
	return rasgw__error(code, fmt, kind, id, detail);
}

int rasgw__model_validate_pool(const rasgw_model *m, const rasgw__pool *p)
{
	char detail[256];
	uint32_t n = p->pub.redundant_count, total = p->pub.gateway_count;
	if (n > total || n > total - n) {
		snprintf(detail, sizeof(detail),
			 "redundantGatewayCount N=%u exceeds M=%u active gateways of %u (R1.2: N <= M)",
			 n, total > n ? total - n : 0, total);
		return at(m, p->line, p->column, RASGW_EVALIDATE, "%s '%s': %s", "pool", p->pub.id,
			  detail);
	}
	if (p->pub.standby_count > p->pub.active_count) {
		snprintf(detail, sizeof(detail), "%u standby gateways exceed %u active ones (R1.2: N <= M)",
			 p->pub.standby_count, p->pub.active_count);
		return at(m, p->line, p->column, RASGW_EVALIDATE, "%s '%s': %s", "pool", p->pub.id,
			  detail);
	}
	return 0;
}

int rasgw__model_validate_tenant(const rasgw_model *m, const rasgw__tenant *t)
{
	if (!t->rr && t->gw_usage.count)
		return at(m, t->line, t->column, RASGW_EVALIDATE, "%s '%s': %s", "tenant", t->pub.id,
			  "has placed connections but no routeReflector (R3.2)");
	if (t->rr && !t->gw_usage.count)
		return at(m, t->line, t->column, RASGW_EVALIDATE, "%s '%s': %s", "tenant", t->pub.id,
			  "names a routeReflector but has no placed connection (R3.2)");
	return 0;
}

int rasgw__model_validate(const rasgw_model *m)
{
	if (!m)
		return rasgw__error(RASGW_EINVAL, "validate: NULL model");
	int rc;
	for (size_t i = 0; i < m->pools.sorted.count; i++)
		if ((rc = rasgw__model_validate_pool(m, m->pools.sorted.items[i])) < 0)
			return rc;
	for (size_t i = 0; i < m->tenants.sorted.count; i++)
		if ((rc = rasgw__model_validate_tenant(m, m->tenants.sorted.items[i])) < 0)
			return rc;
	return 0;
}

#define BAD(...) return rasgw__error(RASGW_EVALIDATE, "invariant: " __VA_ARGS__)

int rasgw__model_check_invariants(const rasgw_model *m)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < m->pools.sorted.count; i++) {
		const rasgw__pool *p = m->pools.sorted.items[i];
		sum += p->hash;
		uint32_t act = 0, sb = 0, fl = 0, users = 0, rr = 0;
		uint64_t used = 0, free = 0;
		for (size_t j = 0; j < p->gateways.count; j++) {
			const rasgw__gateway *g = p->gateways.items[j];
			if (j && strcmp(p->gateways.items[j - 1]->pub.id, g->pub.id) >= 0)
				BAD("pool '%s' gateway list out of order", p->pub.id);
			act += g->pub.role == RASGW_GATEWAY_ACTIVE || g->pub.role == RASGW_GATEWAY_DRAINING;
			sb += g->pub.role == RASGW_GATEWAY_STANDBY;
			fl += g->pub.role == RASGW_GATEWAY_FAILED;
			used += g->pub.used_kbps;
			rr += g->pub.rr_count;
			if (g->pub.role == RASGW_GATEWAY_ACTIVE)
				free += g->pub.available_kbps;
			if (rasgw__oindex_contains(&g->free_node) != (g->pub.role == RASGW_GATEWAY_ACTIVE))
				BAD("gateway '%s' free index membership wrong", g->pub.id);
		}
		for (size_t t = 0; t < m->tenants.sorted.count; t++) {
			const rasgw__tenant *tn = m->tenants.sorted.items[t];
			for (size_t k = 0; k < tn->pool_usage.count; k++)
				users += tn->pool_usage.items[k].what == p;
		}
		if (act != p->pub.active_count || sb != p->pub.standby_count || fl != p->pub.failed_count)
			BAD("pool '%s' role counts drifted", p->pub.id);
		if (used != p->pub.used_kbps || free != p->pub.free_kbps)
			BAD("pool '%s' capacity figures drifted", p->pub.id);
		if (users != p->pub.tenant_users || rr != p->pub.rr_count)
			BAD("pool '%s' tenant or RR figures drifted", p->pub.id);
		if (sb > act)
			BAD("pool '%s' has %u standby for %u active (R1.2)", p->pub.id, sb, act);
	}
	for (size_t i = 0; i < m->gateways.sorted.count; i++) {
		const rasgw__gateway *g = m->gateways.sorted.items[i];
		sum += g->hash;
		uint64_t used = 0;
		for (size_t j = 0; j < g->conns.count; j++) {
			const rasgw__conn *c = g->conns.items[j];
			if (c->gw != g || c->gw_slot != j)
				BAD("gateway '%s' connection list corrupt", g->pub.id);
			used += c->pub.cost_kbps;
		}
		if (used != g->pub.used_kbps || g->conns.count != g->pub.connection_count)
			BAD("gateway '%s' used figures drifted", g->pub.id);
		if (used > g->pub.capacity_kbps)
			BAD("gateway '%s' is over capacity: %llu > %llu (R1.3)", g->pub.id,
			    (unsigned long long)used, (unsigned long long)g->pub.capacity_kbps);
		if (g->conns.count && g->pub.role != RASGW_GATEWAY_ACTIVE &&
		    g->pub.role != RASGW_GATEWAY_DRAINING)
			BAD("gateway '%s' is %s but holds connections", g->pub.id,
			    rasgw_gateway_role_name(g->pub.role));
		if (g->rr_tenants.count && g->pub.role != RASGW_GATEWAY_ACTIVE &&
		    g->pub.role != RASGW_GATEWAY_DRAINING)
			BAD("gateway '%s' is %s but holds route reflectors", g->pub.id,
			    rasgw_gateway_role_name(g->pub.role));
		if (g->host->pub.failed && g->pub.role != RASGW_GATEWAY_FAILED)
			BAD("gateway '%s' is %s on failed host '%s'", g->pub.id,
			    rasgw_gateway_role_name(g->pub.role), g->host->pub.id);
		if (g->rr_tenants.count != g->pub.rr_count)
			BAD("gateway '%s' RR count drifted", g->pub.id);
	}
	for (size_t i = 0; i < m->tenants.sorted.count; i++) {
		const rasgw__tenant *t = m->tenants.sorted.items[i];
		sum += t->hash;
		size_t placed = 0;
		for (size_t j = 0; j < t->conns.count; j++)
			placed += t->conns.items[j]->gw != NULL;
		if (placed && !t->rr)
			BAD("tenant '%s' has %zu placed connection(s) and no route reflector (R3.2)",
			    t->pub.id, placed);
		if (!placed && t->rr)
			BAD("tenant '%s' has a route reflector but no placed connection", t->pub.id);
	}
	for (size_t i = 0; i < m->conns.sorted.count; i++)
		sum += ((const rasgw__conn *)m->conns.sorted.items[i])->hash;
	for (size_t i = 0; i < m->racks.sorted.count; i++)
		sum += ((const rasgw__rack *)m->racks.sorted.items[i])->hash;
	for (size_t i = 0; i < m->hosts.sorted.count; i++)
		sum += ((const rasgw__host *)m->hosts.sorted.items[i])->hash;
	if (sum != m->fp_sum)
		BAD("fingerprint sum drifted");
	return 0;
}

int rasgw_model_check(const rasgw_model *m)
{
	if (!m)
		return rasgw__error(RASGW_EINVAL, "rasgw_model_check: model is NULL");
	return rasgw__model_check_invariants(m);
}
