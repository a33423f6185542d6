/*
 * Where a tenant's BGP route reflector lives (R3.2): rendezvous hashing
 * (highest random weight). Every gateway of the pool gets the weight
 * XXH3("<tenant id>\x1f<gateway id>") and the heaviest takes the tenant.
 *
 * Why this and not "least loaded": the choice depends only on the two ids
 * and the set of candidates, so it needs no counters, is the same on every
 * controller of a cluster, spreads tenants like independent uniform draws
 * (doc/placement.md gives the measured spread), and when a gateway comes or
 * goes only the tenants whose heaviest gateway it was move.
 */
#include "planners/common.h"

#include <string.h>

/* Ids are at most 256 bytes in a model; longer ones hash their halves. */
#define WEIGHT_BUF 1024

uint64_t rasgw__rr_weight(const char *tenant_id, const char *gateway_id)
{
	size_t nt = strlen(tenant_id), ng = strlen(gateway_id);
	char buf[WEIGHT_BUF];
	if (nt + ng + 1 <= sizeof(buf)) {
		memcpy(buf, tenant_id, nt);
		buf[nt] = '\x1f';
		memcpy(buf + nt + 1, gateway_id, ng);
		return rasgw__hash(buf, nt + ng + 1);
	}
	uint64_t h[2] = { rasgw__hash(tenant_id, nt), rasgw__hash(gateway_id, ng) };
	return rasgw__hash(h, sizeof(h));
}

rasgw__gateway *rasgw__rr_choose(const rasgw_model *m, const rasgw__tenant *t,
				 const rasgw__pool *p, const rasgw__fit_ctx *ctx)
{
	(void)m;
	if (!t || !p)
		return NULL;
	rasgw__gateway *best = NULL;
	uint64_t best_w = 0;
	/* Ascending id order, strict '>' : equal weights go to the smaller id. */
	for (size_t i = 0; i < p->gateways.count; i++) {
		rasgw__gateway *g = p->gateways.items[i];
		if (g->pub.role != RASGW_GATEWAY_ACTIVE || g->host->pub.failed ||
		    rasgw__fit_is_excluded(ctx, g))
			continue;
		uint64_t w = rasgw__rr_weight(t->pub.id, g->pub.id);
		if (!best || w > best_w) {
			best = g;
			best_w = w;
		}
	}
	return best;
}
