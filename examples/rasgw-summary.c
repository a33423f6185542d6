/*
 * rasgw-summary: load a topology file and print, per gateway pool, its
 * type, M+N, capacity, the tenants it serves, where their route reflectors
 * sit, and every gateway with its role and load.
 *
 *   usage: rasgw-summary TOPOLOGY.yaml
 *
 * Uses only the public API (rasgw/load.h, rasgw/model.h). Exit status 0 on
 * success, 1 when the topology does not load (the library's message goes to
 * stderr), 2 on a usage error.
 */
#include <rasgw/errors.h>
#include <rasgw/load.h>
#include <rasgw/model.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Tenants with at least one connection placed on a gateway of the pool, ascending. */
static void print_tenants(const rasgw_model *m, const rasgw_pool *p)
{
	size_t n = rasgw_model_connection_count(m), k = 0;
	const char **ids = calloc(n ? n : 1, sizeof(*ids));

	if (!ids) {
		printf("  tenants:           (out of memory)\n");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const rasgw_connection *c = rasgw_model_connection_get(m, i);
		const rasgw_gateway *g = c->gateway_id ? rasgw_model_gateway_lookup(m, c->gateway_id)
						       : NULL;
		if (g && strcmp(g->pool_id, p->id) == 0)
			ids[k++] = c->tenant_id;
	}
	qsort(ids, k, sizeof(*ids), cmp_str);
	printf("  tenants:          ");
	size_t shown = 0;
	for (size_t i = 0; i < k; i++) {
		if (i && strcmp(ids[i], ids[i - 1]) == 0)
			continue;
		printf(" %s", ids[i]);
		shown++;
	}
	printf("%s\n", shown ? "" : " (none)");
	free(ids);
}

/* Which gateways of the pool hold route reflectors, and for whom. */
static void print_rr_holders(const rasgw_model *m, const rasgw_pool *p)
{
	size_t shown = 0;

	printf("  route reflectors: ");
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		if (strcmp(g->pool_id, p->id) != 0 || g->rr_count == 0)
			continue;
		printf(" %s x%u (", g->id, g->rr_count);
		const char *sep = "";
		for (size_t t = 0; t < rasgw_model_tenant_count(m); t++) {
			const rasgw_tenant *tn = rasgw_model_tenant_get(m, t);
			if (tn->rr_gateway && strcmp(tn->rr_gateway, g->id) == 0) {
				printf("%s%s", sep, tn->id);
				sep = ", ";
			}
		}
		printf(")");
		shown++;
	}
	printf("%s\n", shown ? "" : " (none)");
}

static void print_gateways(const rasgw_model *m, const rasgw_pool *p)
{
	printf("  %-12s %-10s %-10s %12s %12s %6s %4s\n", "gateway", "role", "host",
	       "used kbps", "free kbps", "conns", "RRs");
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		if (strcmp(g->pool_id, p->id) != 0)
			continue;
		printf("  %-12s %-10s %-10s %12llu %12llu %6u %4u\n", g->id,
		       rasgw_gateway_role_name(g->role), g->host_id,
		       (unsigned long long)g->used_kbps, (unsigned long long)g->available_kbps,
		       g->connection_count, g->rr_count);
	}
}

static void print_pool(const rasgw_model *m, const rasgw_pool *p)
{
	printf("pool %s\n", p->id);
	printf("  type:              %s\n", rasgw_pool_type_name(p->type));
	printf("  M + N:             %u + %u (standbys available: %u, failed: %u)\n",
	       p->active_count, p->redundant_count, p->standby_count, p->failed_count);
	printf("  capacity:          %llu kbps per gateway\n", (unsigned long long)p->capacity_kbps);
	printf("  used / free:       %llu / %llu kbps (free on active gateways)\n",
	       (unsigned long long)p->used_kbps, (unsigned long long)p->free_kbps);
	if (p->public_ip_count) {
		printf("  public IPs:       ");
		for (size_t i = 0; i < p->public_ip_count; i++)
			printf(" %s", p->public_ips[i]);
		printf("\n");
	}
	if (p->reseller || p->tenant_count) {
		printf("  dedicated to:      %s%s", p->reseller ? "reseller " : "",
		       p->reseller ? p->reseller : "");
		for (size_t i = 0; i < p->tenant_count; i++)
			printf("%s%s", i || p->reseller ? " " : "", p->tenants[i]);
		printf("\n");
	}
	print_tenants(m, p);
	print_rr_holders(m, p);
	print_gateways(m, p);
	printf("\n");
}

static void print_unplaced(const rasgw_model *m)
{
	size_t shown = 0;

	for (size_t i = 0; i < rasgw_model_connection_count(m); i++) {
		const rasgw_connection *c = rasgw_model_connection_get(m, i);
		if (c->gateway_id)
			continue;
		if (!shown++)
			printf("unplaced connections:\n");
		printf("  %-20s %-6s tenant %s, %llu + %llu kbps\n", c->id,
		       rasgw_conn_type_name(c->type), c->tenant_id,
		       (unsigned long long)c->inbound_kbps, (unsigned long long)c->outbound_kbps);
	}
}

int main(int argc, char **argv)
{
	rasgw_model *m = NULL;

	if (argc != 2) {
		fprintf(stderr, "usage: %s TOPOLOGY.yaml\n", argc ? argv[0] : "rasgw-summary");
		return 2;
	}
	if (rasgw_model_load_file(&m, argv[1], NULL) < 0) {
		fprintf(stderr, "rasgw-summary: %s\n", rasgw_error_last()->message);
		return 1;
	}
	printf("topology %s: %zu racks, %zu hosts, %zu pools, %zu gateways, %zu tenants, "
	       "%zu connections\n\n",
	       argv[1], rasgw_model_rack_count(m), rasgw_model_host_count(m),
	       rasgw_model_pool_count(m), rasgw_model_gateway_count(m), rasgw_model_tenant_count(m),
	       rasgw_model_connection_count(m));
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++)
		print_pool(m, rasgw_model_pool_get(m, i));
	print_unplaced(m);
	rasgw_model_free(m);
	return 0;
}
