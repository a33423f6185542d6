/*
 * Standby selection (R8.2, R7.2): which standby of a pool takes over a
 * gateway. The pool's gateway list is kept in ascending id order by the
 * model, so one pass over it gives a deterministic choice without sorting.
 */
#include "planners/evacuate.h"

#include <stdlib.h>

static int cmp_u16(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	return (x > y) - (x < y);
}

int rasgw__gateway_vlans(const rasgw__gateway *g, uint16_t **out, size_t *n)
{
	size_t k = 0;
	for (size_t i = 0; i < g->conns.count; i++)
		k += g->conns.items[i]->pub.type == RASGW_CONN_L3;
	*out = NULL;
	*n = 0;
	if (!k)
		return 0;
	uint16_t *v = rasgw__calloc(k, sizeof(*v));
	if (!v)
		return rasgw__error_nomem();
	k = 0;
	for (size_t i = 0; i < g->conns.count; i++)
		if (g->conns.items[i]->pub.type == RASGW_CONN_L3)
			v[k++] = g->conns.items[i]->pub.vlan;
	qsort(v, k, sizeof(*v), cmp_u16);
	size_t w = 0;
	for (size_t i = 0; i < k; i++)
		if (!w || v[w - 1] != v[i])
			v[w++] = v[i];
	*out = v;
	*n = w;
	return 0;
}

static bool rack_has_all(const rasgw__rack *r, const uint16_t *vlans, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!rasgw__rack_has_vlan(r, vlans[i]))
			return false;
	return true;
}

rasgw__gateway *rasgw__standby_choose(const rasgw__pool *p, const rasgw__rack *rack,
				      const rasgw__host *dead_host, const rasgw__map *taken,
				      const uint16_t *vlans, size_t nvlans, bool prefer_other_rack)
{
	rasgw__gateway *same_rack = NULL;
	for (size_t i = 0; i < p->gateways.count; i++) {
		rasgw__gateway *s = p->gateways.items[i];
		if (s->pub.role != RASGW_GATEWAY_STANDBY || s->host->pub.failed || s->host == dead_host)
			continue;
		if (taken && taken->count && rasgw__map_get(taken, s->pub.id))
			continue;
		/* R7.2: the VLAN must already be configured on the standby's TOR. */
		if (!rack_has_all(s->host->rack, vlans, nvlans))
			continue;
		if (!prefer_other_rack || s->host->rack != rack)
			return s;
		if (!same_rack)
			same_rack = s;
	}
	return same_rack;
}
