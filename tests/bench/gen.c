/* Synthetic datacenters and bin-packing instances for the benchmarks (gen.h). */
#include "gen.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/model_int.h"

/* ------------------------------------------------------------------ misc */

uint64_t gen_rnd(gen_rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

uint64_t gen_below(gen_rng *r, uint64_t n)
{
	return n ? gen_rnd(r) % n : 0;
}

static double unit(gen_rng *r)
{
	return (double)(gen_rnd(r) >> 11) * (1.0 / 9007199254740992.0);
}

/*
 * CPU time of the calling thread: the benchmarks are single-threaded and
 * share a small machine, where wall time would count other programs' turns.
 */
double gen_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

void gen_emit(const char *bench, size_t size, const char *metric, double value, const char *unit_)
{
	printf("{\"bench\":\"%s\",\"size\":%zu,\"metric\":\"%s\",\"value\":%.6g,\"unit\":\"%s\"}\n",
	       bench, size, metric, value, unit_);
	fflush(stdout);
}

void gen_emit_vs(const char *bench, size_t size, const char *metric, double value,
		 const char *unit_, const char *baseline, double baseline_value)
{
	printf("{\"bench\":\"%s\",\"size\":%zu,\"metric\":\"%s\",\"value\":%.6g,\"unit\":\"%s\","
	       "\"baseline\":\"%s\",\"baseline_value\":%.6g,\"ratio\":%.4g}\n",
	       bench, size, metric, value, unit_, baseline, baseline_value,
	       baseline_value > 0 ? value / baseline_value : 0.0);
	fflush(stdout);
}

size_t gen_proc_mem(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return 0;
	char line[256];
	size_t n = strlen(field), kb = 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			kb = strtoull(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb * 1024;
}

/* -------------------------------------------------------------- the model */

enum { P_ALL, P_GRE, P_IKE, P_IKE_HI, P_L3, NPOOL };

static const struct pool_def {
	const char *id;
	rasgw_pool_type type;
	uint64_t cap;
	unsigned int share_pct; /* of the background gateways */
} pool_defs[NPOOL] = {
	{ "pool-all", RASGW_POOL_ALL, 10000000, 10 },
	{ "pool-gre", RASGW_POOL_GRE, 10000000, 20 },
	{ "pool-ike", RASGW_POOL_IKEV2, 10000000, 40 },
	{ "pool-ike-hi", RASGW_POOL_IKEV2, 25000000, 10 },
	{ "pool-l3", RASGW_POOL_L3, 10000000, 20 },
};

#define VLAN_BASE 100
#define VLAN_COUNT 64
#define HOSTS_PER_RACK 20
#define GW_PER_HOST 4

static const char *public_ips[] = { "203.0.113.10" };
static const char *gre_subnets[] = { "100.64.0.0/10" };

/* Every generator state in one place, freed at the end of gen_build. */
typedef struct gen {
	const gen_params *p;
	rasgw_model *m;
	gen_rng rng;
	gen_stats st;
	size_t hg, hc;              /* gateway hosts, compute hosts */
	size_t pool_first[NPOOL + 1]; /* gateway index range of each pool */
	size_t pool_n[NPOOL];       /* its standby count */
	size_t *active[NPOOL];      /* active gateway indexes of each pool */
	size_t nactive[NPOOL];
	uint64_t *used;             /* per gateway */
	uint16_t vlans[VLAN_COUNT];
} gen;

static int fail(const char *what, const char *id)
{
	const rasgw_error *e = rasgw_error_last();
	fprintf(stderr, "gen: %s '%s': %s\n", what, id, e->message);
	return e->code < 0 ? e->code : RASGW_EINVAL;
}

static void ip4(char *buf, size_t n, uint32_t a)
{
	snprintf(buf, n, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

static void pfx24(char *buf, size_t n, uint32_t a)
{
	snprintf(buf, n, "%u.%u.%u.0/24", a >> 24, (a >> 16) & 255, (a >> 8) & 255);
}

static void gw_id(char *buf, size_t n, size_t i)
{
	snprintf(buf, n, "gw%06zu", i);
}

static void host_id(char *buf, size_t n, size_t i)
{
	snprintf(buf, n, "host%06zu", i);
}

static int add_racks_hosts(gen *g)
{
	char id[64], rack[64], addr[64];
	size_t hosts = g->hg + g->hc;
	size_t racks = (hosts + HOSTS_PER_RACK - 1) / HOSTS_PER_RACK;
	for (size_t r = 0; r < racks; r++) {
		snprintf(id, sizeof(id), "rack%05zu", r);
		snprintf(addr, sizeof(addr), "10.250.%zu.%zu", r >> 8, r & 255);
		char tor[64];
		snprintf(tor, sizeof(tor), "tor%05zu", r);
		rasgw_rack rk = { .id = id, .tor_name = tor, .tor_asn = 65000 + (uint32_t)(r % 500),
				  .tor_peer_ip = addr, .vlans = g->vlans, .vlan_count = VLAN_COUNT };
		if (rasgw__model_add_rack(g->m, &rk, NULL) < 0)
			return fail("rack", id);
	}
	for (size_t h = 0; h < hosts; h++) {
		host_id(id, sizeof(id), h);
		snprintf(rack, sizeof(rack), "rack%05zu", h / HOSTS_PER_RACK);
		ip4(addr, sizeof(addr), 0xAC100000u + (uint32_t)h); /* 172.16.0.0/12 */
		rasgw_host hs = { .id = id, .rack_id = rack, .address = addr };
		if (rasgw__model_add_host(g->m, &hs, NULL) < 0)
			return fail("host", id);
	}
	g->st.racks += racks;
	g->st.hosts += hosts;
	return 0;
}

static int add_pools_gateways(gen *g)
{
	size_t G = g->p->gateways, at = 0;
	for (int k = 0; k < NPOOL; k++) {
		size_t n = k == NPOOL - 1 ? G - at : G * pool_defs[k].share_pct / 100;
		g->pool_first[k] = at;
		g->pool_n[k] = n ? (n / 10 ? n / 10 : 1) : 0;
		at += n;
	}
	g->pool_first[NPOOL] = G;
	for (int k = 0; k < NPOOL; k++) {
		const struct pool_def *d = &pool_defs[k];
		rasgw_pool p = { .id = d->id, .type = d->type, .capacity_kbps = d->cap,
				 .redundant_count = (uint32_t)g->pool_n[k],
				 .type_max_kbps = { 5000000, 15000000, 5000000 } };
		if (d->type == RASGW_POOL_ALL || d->type == RASGW_POOL_IKEV2) {
			p.public_ips = public_ips;
			p.public_ip_count = 1;
		}
		if (d->type == RASGW_POOL_ALL || d->type == RASGW_POOL_GRE) {
			p.gre_vip_subnets = gre_subnets;
			p.gre_vip_subnet_count = 1;
		}
		if (rasgw__model_add_pool(g->m, &p, NULL) < 0)
			return fail("pool", d->id);
		g->st.pools++;
		size_t n = g->pool_first[k + 1] - g->pool_first[k];
		if (n && !(g->active[k] = calloc(n, sizeof(size_t))))
			return RASGW_ENOMEM;
	}
	if (G && !(g->used = calloc(G, sizeof(uint64_t))))
		return RASGW_ENOMEM;
	char id[64], host[64], dip[64], vip[64];
	for (int k = 0; k < NPOOL; k++) {
		const struct pool_def *d = &pool_defs[k];
		size_t first = g->pool_first[k], end = g->pool_first[k + 1];
		for (size_t i = first; i < end; i++) {
			gw_id(id, sizeof(id), i);
			/* Host h carries gateways h, h + hg, ...: four pools' gateways. */
			host_id(host, sizeof(host), i % g->hg);
			ip4(dip, sizeof(dip), 0x0A800000u + (uint32_t)i);  /* 10.128.0.0/9 */
			ip4(vip, sizeof(vip), 0x64400000u + (uint32_t)i);  /* 100.64.0.0/10 */
			bool standby = i >= end - g->pool_n[k];
			rasgw_gateway gw = { .id = id, .pool_id = d->id, .host_id = host, .dip = dip,
					     .gre_vip = d->type == RASGW_POOL_ALL ||
								d->type == RASGW_POOL_GRE ? vip : NULL,
					     .role = standby ? RASGW_GATEWAY_STANDBY
							     : RASGW_GATEWAY_ACTIVE };
			if (rasgw__model_add_gateway(g->m, &gw, NULL) < 0)
				return fail("gateway", id);
			if (!standby)
				g->active[k][g->nactive[k]++] = i;
			g->st.gateways++;
		}
	}
	return 0;
}

/* One background connection, as drawn before anything is added. */
typedef struct draft {
	uint32_t tenant;
	uint8_t type;  /* rasgw_conn_type */
	uint8_t pool;  /* P_* */
	uint8_t bgp;
	uint8_t nprefix;
	double in, out; /* raw bandwidth, scaled per pool later */
	int64_t gw;    /* -1: unplaced */
	uint32_t l3_index; /* n-th L3 connection of its tenant */
} draft;

static double pool_factor(const rasgw_pool *p, rasgw_conn_type t)
{
	uint64_t tm = p->type_max_kbps[t] < p->capacity_kbps ? p->type_max_kbps[t] : p->capacity_kbps;
	return (double)p->capacity_kbps / (double)tm;
}

/*
 * Draw every connection: a skewed tenant (a few tenants own many), a type
 * and pool by tenant kind (every tenth tenant uses the All pool only, R2.2),
 * a heavy-tailed bandwidth (70% small, 25% ten times more, 5% a hundred
 * times more), then scale each pool's demand to the target utilization of
 * its active capacity and place by the better of two random gateways.
 */
static int draw(gen *g, draft *d, uint64_t *in_kbps, uint64_t *out_kbps)
{
	const gen_params *p = g->p;
	size_t C = p->connections, T = p->tenants;
	double raw_cost[NPOOL] = { 0 };
	const rasgw_pool *pools[NPOOL];
	for (int k = 0; k < NPOOL; k++)
		pools[k] = rasgw_model_pool_lookup(g->m, pool_defs[k].id);
	uint32_t *l3_count = calloc(T ? T : 1, sizeof(uint32_t));
	if (!l3_count)
		return RASGW_ENOMEM;
	for (size_t c = 0; c < C; c++) {
		double u = unit(&g->rng);
		uint32_t t = (uint32_t)((double)T * u * u);
		if (t >= T)
			t = (uint32_t)T - 1;
		d[c].tenant = t;
		uint64_t r = gen_below(&g->rng, 100);
		if (t % 10 == 0) {
			d[c].pool = P_ALL;
			d[c].type = r < 50 ? RASGW_CONN_IKEV2 : r < 75 ? RASGW_CONN_GRE : RASGW_CONN_L3;
		} else if (r < 50) {
			d[c].type = RASGW_CONN_IKEV2;
			d[c].pool = r < 40 ? P_IKE : P_IKE_HI;
		} else if (r < 75) {
			d[c].type = RASGW_CONN_GRE;
			d[c].pool = P_GRE;
		} else {
			d[c].type = RASGW_CONN_L3;
			d[c].pool = P_L3;
		}
		if (d[c].type == RASGW_CONN_L3)
			d[c].l3_index = l3_count[t]++;
		double s = unit(&g->rng);
		uint64_t band = gen_below(&g->rng, 100);
		double mbps = band < 70 ? 0.5 + 4.5 * s : band < 95 ? 5 + 45 * s : 50 + 450 * s;
		d[c].in = mbps;
		d[c].out = mbps * (0.2 + 0.8 * unit(&g->rng));
		d[c].bgp = gen_below(&g->rng, 100) < 30;
		d[c].nprefix = (uint8_t)(d[c].bgp ? 1 + gen_below(&g->rng, 4) : 1 + gen_below(&g->rng, 3));
		raw_cost[d[c].pool] += pool_factor(pools[d[c].pool], (rasgw_conn_type)d[c].type) *
				       (d[c].in + d[c].out);
		d[c].gw = -1;
	}
	free(l3_count);
	unsigned int util = p->utilization_pct ? p->utilization_pct : 55;
	double scale[NPOOL];
	for (int k = 0; k < NPOOL; k++) {
		double cap = (double)g->nactive[k] * (double)pool_defs[k].cap;
		scale[k] = raw_cost[k] > 0 && cap > 0 ? cap * util / 100.0 / raw_cost[k] : 1000.0;
	}
	for (size_t c = 0; c < C; c++) {
		int k = d[c].pool;
		const rasgw_pool *pl = pools[k];
		uint64_t in = (uint64_t)llround(d[c].in * scale[k]);
		uint64_t out = (uint64_t)llround(d[c].out * scale[k]);
		in_kbps[c] = in ? in : 1;
		out_kbps[c] = out ? out : 1;
		/* No single connection above half a gateway. */
		uint64_t cost = rasgw_pool_connection_cost(pl, (rasgw_conn_type)d[c].type, in_kbps[c],
							   out_kbps[c]);
		while (cost > pl->capacity_kbps / 2) {
			in_kbps[c] = in_kbps[c] / 2 + 1;
			out_kbps[c] = out_kbps[c] / 2 + 1;
			cost = rasgw_pool_connection_cost(pl, (rasgw_conn_type)d[c].type, in_kbps[c],
							  out_kbps[c]);
		}
		size_t na = g->nactive[k];
		for (int tries = 0; na && tries < 4 && d[c].gw < 0; tries++) {
			size_t a = g->active[k][gen_below(&g->rng, na)];
			size_t b = g->active[k][gen_below(&g->rng, na)];
			size_t best = g->used[a] <= g->used[b] ? a : b;
			if (g->used[best] + cost <= pl->capacity_kbps) {
				g->used[best] += cost;
				d[c].gw = (int64_t)best;
			}
		}
	}
	return 0;
}

static int add_tenants(gen *g, const int64_t *rr)
{
	char id[64], rr_id[64], hosts[4][64];
	const char *hp[4];
	const char *all_pool[] = { pool_defs[P_ALL].id };
	for (size_t t = 0; t < g->p->tenants; t++) {
		snprintf(id, sizeof(id), "t%06zu", t);
		/* VMs on 1-4 distinct compute hosts, ascending. */
		size_t nh = 1 + gen_below(&g->rng, 4), hi[4];
		size_t base = g->hg + gen_below(&g->rng, g->hc);
		for (size_t j = 0; j < nh; j++)
			hi[j] = g->hg + (base - g->hg + j * (g->hc / 4 + 1)) % g->hc;
		for (size_t a = 0; a < nh; a++) /* tiny insertion sort, then drop repeats */
			for (size_t b = a + 1; b < nh; b++)
				if (hi[b] < hi[a]) {
					size_t x = hi[a];
					hi[a] = hi[b];
					hi[b] = x;
				}
		size_t k = 0;
		for (size_t j = 0; j < nh; j++)
			if (!k || hi[j] != hi[k - 1])
				hi[k++] = hi[j];
		for (size_t j = 0; j < k; j++) {
			host_id(hosts[j], sizeof(hosts[j]), hi[j]);
			hp[j] = hosts[j];
		}
		rasgw_tenant tn = { .id = id, .hosts = hp, .host_count = k,
				    .asn = 4200000000u + (uint32_t)t };
		if (t % 10 == 0) {
			tn.gateway_pools = all_pool;
			tn.gateway_pool_count = 1;
		}
		if (rr[t] >= 0) {
			gw_id(rr_id, sizeof(rr_id), (size_t)rr[t]);
			tn.rr_gateway = rr_id;
		}
		if (rasgw__model_add_tenant(g->m, &tn, NULL) < 0)
			return fail("tenant", id);
		g->st.tenants++;
	}
	return 0;
}

static int add_connections(gen *g, const draft *d, const uint64_t *in, const uint64_t *out)
{
	char id[64], tenant[64], gw[64], src[64], ca[64], peer[64], bgp[64], subnet[64];
	char pfx[4][64];
	const char *pp[4];
	for (size_t c = 0; c < g->p->connections; c++) {
		const draft *x = &d[c];
		snprintf(id, sizeof(id), "c%07zu", c);
		snprintf(tenant, sizeof(tenant), "t%06u", x->tenant);
		rasgw_connection s = { .id = id, .tenant_id = tenant, .type = (rasgw_conn_type)x->type,
				       .inbound_kbps = in[c], .outbound_kbps = out[c] };
		uint32_t t = x->tenant;
		switch (x->type) {
		case RASGW_CONN_IKEV2:
			ip4(src, sizeof(src), 0x0B000000u + (uint32_t)c); /* 11.0.0.0/8 */
			s.source_ip = src;
			ip4(bgp, sizeof(bgp), 0xA9FE0000u + (uint32_t)(c & 0xffff));
			break;
		case RASGW_CONN_GRE:
			ip4(src, sizeof(src), 0x0C000000u + (uint32_t)c); /* 12.0.0.0/8 */
			s.remote_endpoint = src;
			s.gre_key = (uint32_t)c;
			ip4(bgp, sizeof(bgp), 0xA9FE0000u + (uint32_t)(c & 0xffff));
			break;
		default: {
			/* The tenant's own /24 (tenants' subnets overlap; the VLAN tells them apart). */
			uint32_t net = 0x0A000000u + ((t & 0xffff) << 8);
			uint32_t k = x->l3_index % 126;
			s.vlan = (uint16_t)(VLAN_BASE + t % VLAN_COUNT);
			pfx24(subnet, sizeof(subnet), net);
			ip4(ca, sizeof(ca), net + 1 + k);
			ip4(peer, sizeof(peer), net + 129 + k);
			s.vlan_subnet = subnet;
			s.ca_ip = ca;
			s.peer_ip = peer;
			snprintf(bgp, sizeof(bgp), "%s", peer);
			break;
		}
		}
		if (x->bgp) {
			s.routing = RASGW_ROUTING_BGP;
			s.peer_asn = 65001 + (uint32_t)(c % 500);
			s.peer_bgp_ip = bgp;
		}
		if (g->p->routes) {
			/* Distinct /24s: static from 20.0.0.0, learned from 128.0.0.0. */
			uint32_t base = x->bgp ? 0x80000000u : 0x14000000u;
			for (size_t k = 0; k < x->nprefix; k++) {
				pfx24(pfx[k], sizeof(pfx[k]), base + (uint32_t)((c * 4 + k) << 8));
				pp[k] = pfx[k];
			}
			if (x->bgp) {
				s.learned_prefixes = pp;
				s.learned_prefix_count = x->nprefix;
			} else {
				s.static_prefixes = pp;
				s.static_prefix_count = x->nprefix;
			}
			g->st.prefixes += x->nprefix;
		}
		if (x->gw >= 0) {
			gw_id(gw, sizeof(gw), (size_t)x->gw);
			s.gateway_id = gw;
			g->st.placed++;
		}
		if (rasgw__model_add_connection(g->m, &s, NULL) < 0)
			return fail("connection", id);
		g->st.connections++;
	}
	return 0;
}

int gen_build(const gen_params *p, rasgw_model **out, gen_stats *stats)
{
	if (p->gateways && p->gateways < 20) {
		fprintf(stderr, "gen: at least 20 gateways (or none)\n");
		return RASGW_EINVAL;
	}
	gen g = { .p = p, .rng = { p->seed } };
	for (int i = 0; i < VLAN_COUNT; i++)
		g.vlans[i] = (uint16_t)(VLAN_BASE + i);
	g.hg = (p->gateways + GW_PER_HOST - 1) / GW_PER_HOST;
	g.hc = p->hosts > g.hg + 4 ? p->hosts - g.hg : 4;
	draft *d = NULL;
	uint64_t *in = NULL, *outb = NULL;
	int64_t *rr = NULL;
	int rc = rasgw_model_new(&g.m);
	if (rc < 0)
		return rc;
	/* Bulk append as the loaders do: sort once at the end. */
	rasgw__table *tabs[] = { &g.m->racks, &g.m->hosts, &g.m->pools,
				 &g.m->gateways, &g.m->tenants, &g.m->conns };
	for (size_t i = 0; i < 6; i++)
		tabs[i]->unsorted = true;
	size_t C = p->connections;
	d = calloc(C ? C : 1, sizeof(*d));
	in = calloc(C ? C : 1, sizeof(*in));
	outb = calloc(C ? C : 1, sizeof(*outb));
	rr = malloc((p->tenants ? p->tenants : 1) * sizeof(*rr));
	if (!d || !in || !outb || !rr) {
		rc = RASGW_ENOMEM;
		goto done;
	}
	if ((rc = add_racks_hosts(&g)) < 0 || (rc = add_pools_gateways(&g)) < 0)
		goto done;
	if (p->tenants == 0 && C) {
		fprintf(stderr, "gen: connections need tenants\n");
		rc = RASGW_EINVAL;
		goto done;
	}
	if ((rc = draw(&g, d, in, outb)) < 0)
		goto done;
	for (size_t t = 0; t < p->tenants; t++)
		rr[t] = -1;
	for (size_t c = 0; c < C; c++)
		if (d[c].gw >= 0 && rr[d[c].tenant] < 0)
			rr[d[c].tenant] = d[c].gw;
	if ((rc = add_tenants(&g, rr)) < 0 || (rc = add_connections(&g, d, in, outb)) < 0)
		goto done;
	for (size_t i = 0; i < 6; i++)
		rasgw__table_sort(tabs[i]);
	if ((rc = rasgw__model_validate(g.m)) < 0) {
		fail("model", "validate");
		goto done;
	}
done:
	free(d);
	free(in);
	free(outb);
	free(rr);
	free(g.used);
	for (int k = 0; k < NPOOL; k++)
		free(g.active[k]);
	if (rc < 0) {
		rasgw_model_free(g.m);
		return rc;
	}
	*out = g.m;
	if (stats)
		*stats = g.st;
	return 0;
}

/* ------------------------------------------------------------------- YAML */

typedef struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
} sbuf;

static void sb_grow(sbuf *b, size_t n)
{
	if (b->oom || b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 1 << 20;
	while (cap < b->len + n + 1)
		cap *= 2;
	char *q = realloc(b->p, cap);
	if (!q) {
		b->oom = true;
		return;
	}
	b->p = q;
	b->cap = cap;
}

static void sb_puts(sbuf *b, const char *s)
{
	size_t n = strlen(s);
	sb_grow(b, n);
	if (b->oom)
		return;
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(tmp)) {
		sb_puts(b, tmp);
		return;
	}
	sb_grow(b, (size_t)n);
	if (b->oom)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* Ids and addresses of generated models need no quoting; quote anything else. */
static void sb_scalar(sbuf *b, const char *s)
{
	bool plain = *s != 0;
	for (const char *q = s; *q && plain; q++)
		plain = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
			(*q >= '0' && *q <= '9') || *q == '-' || *q == '_' || *q == '.' ||
			*q == '/' || (*q == ':' && q[1] != ' ' && q[1] != 0);
	if (plain) {
		sb_puts(b, s);
		return;
	}
	sb_puts(b, "\"");
	for (const char *q = s; *q; q++) {
		char e[8];
		if (*q == '"' || *q == '\\')
			snprintf(e, sizeof(e), "\\%c", *q);
		else if ((unsigned char)*q < 0x20)
			snprintf(e, sizeof(e), "\\x%02x", (unsigned char)*q);
		else
			snprintf(e, sizeof(e), "%c", *q);
		sb_puts(b, e);
	}
	sb_puts(b, "\"");
}

static void sb_list(sbuf *b, const char *const *v, size_t n)
{
	sb_puts(b, "[");
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_puts(b, ", ");
		sb_scalar(b, v[i]);
	}
	sb_puts(b, "]");
}

static int cmp_conn(const void *a, const void *b)
{
	const rasgw__conn *x = *(const rasgw__conn *const *)a, *y = *(const rasgw__conn *const *)b;
	return strcmp(x->pub.id, y->pub.id);
}

static void yaml_conn(sbuf *b, const rasgw_connection *c)
{
	sb_puts(b, "      - id: ");
	sb_scalar(b, c->id);
	sb_printf(b, "\n        connectionType: %s\n        inboundKiloBitsPerSecond: %llu\n"
		  "        outboundKiloBitsPerSecond: %llu\n",
		  rasgw_conn_type_name(c->type), (unsigned long long)c->inbound_kbps,
		  (unsigned long long)c->outbound_kbps);
	if (c->source_ip)
		sb_printf(b, "        sourceIPAddress: %s\n", c->source_ip);
	if (c->destination_ip)
		sb_printf(b, "        destinationIPAddress: %s\n", c->destination_ip);
	if (c->type == RASGW_CONN_GRE)
		sb_printf(b, "        greConfiguration: { greKey: %u, remoteEndpoint: %s }\n",
			  c->gre_key, c->remote_endpoint);
	if (c->type == RASGW_CONN_L3) {
		sb_printf(b, "        l3Configuration: { vlanId: %u, addressPrefix: %s, "
			  "ipAddresses: [%s], peerIPAddresses: [%s]",
			  c->vlan, c->vlan_subnet, c->ca_ip, c->peer_ip);
		if (c->bgp_ip)
			sb_printf(b, ", bgpIPAddress: %s", c->bgp_ip);
		sb_puts(b, " }\n");
	}
	if (c->static_prefix_count) {
		sb_puts(b, "        routes:\n");
		for (size_t i = 0; i < c->static_prefix_count; i++)
			sb_printf(b, "          - { destinationPrefix: %s }\n", c->static_prefixes[i]);
	}
	if (c->routing == RASGW_ROUTING_BGP)
		sb_printf(b, "        bgpPeers: [ { peerIpAddress: %s, asNumber: %u } ]\n",
			  c->peer_bgp_ip, c->peer_asn);
	if (c->learned_prefix_count) {
		sb_puts(b, "        learnedPrefixes: ");
		sb_list(b, c->learned_prefixes, c->learned_prefix_count);
		sb_puts(b, "\n");
	}
	if (c->gateway_id)
		sb_printf(b, "        gateway: %s\n", c->gateway_id);
}

int gen_yaml(const rasgw_model *m, char **out, size_t *len)
{
	sbuf b = { 0 };
	sb_puts(&b, "version: 1\n\nracks:\n");
	for (size_t i = 0; i < rasgw_model_rack_count(m); i++) {
		const rasgw_rack *r = rasgw_model_rack_get(m, i);
		sb_puts(&b, "  - id: ");
		sb_scalar(&b, r->id);
		sb_printf(&b, "\n    tor: { name: %s, asn: %u", r->tor_name ? r->tor_name : r->id,
			  r->tor_asn);
		if (r->tor_peer_ip)
			sb_printf(&b, ", peerIPAddress: %s", r->tor_peer_ip);
		sb_puts(&b, " }\n");
		if (r->vlan_count) {
			sb_puts(&b, "    vlans: [");
			for (size_t j = 0; j < r->vlan_count; j++)
				sb_printf(&b, j ? ", %u" : "%u", r->vlans[j]);
			sb_puts(&b, "]\n");
		}
	}
	sb_puts(&b, "\nhosts:\n");
	for (size_t i = 0; i < rasgw_model_host_count(m); i++) {
		const rasgw_host *h = rasgw_model_host_get(m, i);
		sb_printf(&b, "  - { id: %s, rack: %s", h->id, h->rack_id);
		if (h->address)
			sb_printf(&b, ", address: %s", h->address);
		if (h->failed)
			sb_puts(&b, ", failed: true");
		sb_puts(&b, " }\n");
	}
	sb_puts(&b, "\ngatewayPools:\n");
	for (size_t i = 0; i < rasgw_model_pool_count(m); i++) {
		const rasgw_pool *p = rasgw_model_pool_get(m, i);
		sb_printf(&b, "  - id: %s\n    type: %s\n    redundantGatewayCount: %u\n"
			  "    gatewayCapacityKiloBitsPerSecond: %llu\n"
			  "    typeMaxKiloBitsPerSecond: { IPSec: %llu, GRE: %llu, L3: %llu }\n",
			  p->id, rasgw_pool_type_name(p->type), p->redundant_count,
			  (unsigned long long)p->capacity_kbps,
			  (unsigned long long)p->type_max_kbps[0],
			  (unsigned long long)p->type_max_kbps[1],
			  (unsigned long long)p->type_max_kbps[2]);
		if (p->public_ip_count || p->gre_vip_subnet_count) {
			sb_puts(&b, "    ipConfiguration:\n");
			if (p->public_ip_count) {
				sb_puts(&b, "      publicIPAddresses: ");
				sb_list(&b, p->public_ips, p->public_ip_count);
				sb_puts(&b, "\n");
			}
			if (p->gre_vip_subnet_count) {
				sb_puts(&b, "      greVipSubnets: ");
				sb_list(&b, p->gre_vip_subnets, p->gre_vip_subnet_count);
				sb_puts(&b, "\n");
			}
		}
		if (p->tenant_count) {
			sb_puts(&b, "    tenants: ");
			sb_list(&b, p->tenants, p->tenant_count);
			sb_puts(&b, "\n");
		}
		if (p->reseller) {
			sb_puts(&b, "    reseller: ");
			sb_scalar(&b, p->reseller);
			sb_puts(&b, "\n");
		}
	}
	sb_puts(&b, "\ngateways:\n");
	for (size_t i = 0; i < rasgw_model_gateway_count(m); i++) {
		const rasgw_gateway *g = rasgw_model_gateway_get(m, i);
		sb_printf(&b, "  - { id: %s, pool: %s, virtualServer: %s, dip: %s", g->id, g->pool_id,
			  g->host_id, g->dip);
		if (g->gre_vip)
			sb_printf(&b, ", greVip: %s", g->gre_vip);
		sb_printf(&b, ", state: %s }\n", rasgw_gateway_role_name(g->role));
	}
	sb_puts(&b, "\nvirtualGateways:\n");
	RASGW__VEC(rasgw__conn *) cs = { 0 };
	for (size_t i = 0; i < rasgw_model_tenant_count(m); i++) {
		const rasgw_tenant *t = rasgw_model_tenant_get(m, i);
		sb_puts(&b, "  - id: ");
		sb_scalar(&b, t->id);
		sb_puts(&b, "\n");
		if (t->reseller) {
			sb_puts(&b, "    reseller: ");
			sb_scalar(&b, t->reseller);
			sb_puts(&b, "\n");
		}
		if (t->host_count) {
			sb_puts(&b, "    hosts: ");
			sb_list(&b, t->hosts, t->host_count);
			sb_puts(&b, "\n");
		}
		if (t->gateway_pool_count) {
			sb_puts(&b, "    gatewayPools: ");
			sb_list(&b, t->gateway_pools, t->gateway_pool_count);
			sb_puts(&b, "\n");
		}
		if (t->asn)
			sb_printf(&b, "    asn: %u\n", t->asn);
		if (t->rr_gateway)
			sb_printf(&b, "    routeReflector: %s\n", t->rr_gateway);
		const rasgw__tenant *ti = RASGW__TENANT(t);
		if (!ti->conns.count)
			continue;
		/* The tenant's connections in id order (its own list is unordered). */
		cs.count = 0;
		if (RASGW__VEC_RESERVE(&cs, ti->conns.count) < 0) {
			b.oom = true;
			break;
		}
		memcpy(cs.items, ti->conns.items, ti->conns.count * sizeof(*cs.items));
		cs.count = ti->conns.count;
		qsort(cs.items, cs.count, sizeof(*cs.items), cmp_conn);
		sb_puts(&b, "    networkConnections:\n");
		for (size_t j = 0; j < cs.count; j++)
			yaml_conn(&b, &cs.items[j]->pub);
	}
	RASGW__VEC_FREE(&cs);
	if (b.oom) {
		free(b.p);
		return RASGW_ENOMEM;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

/* ------------------------------------------------------------ bin packing */

static void shuffle(gen_rng *r, uint64_t *v, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)gen_below(r, i);
		uint64_t x = v[i - 1];
		v[i - 1] = v[j];
		v[j] = x;
	}
}

size_t gen_uniform_items(uint64_t seed, size_t n, uint64_t lo, uint64_t hi, uint64_t *out)
{
	gen_rng r = { seed };
	for (size_t i = 0; i < n; i++)
		out[i] = lo + gen_below(&r, hi - lo + 1);
	return n;
}

/*
 * Falkenauer's triplets: the first item of a triplet uniform in
 * [cap * 0.38, cap * 0.49], the second uniform between cap / 4 and half of
 * what is left, the third fills the bin exactly (so lies in
 * [cap / 4, cap / 2)). Then the whole list is shuffled.
 */
size_t gen_triplet_items(uint64_t seed, size_t n, uint64_t cap, uint64_t *out)
{
	gen_rng r = { seed };
	size_t k = 0;
	for (size_t t = 0; t < n / 3; t++) {
		uint64_t lo1 = cap * 38 / 100, hi1 = cap * 49 / 100;
		uint64_t a = lo1 + gen_below(&r, hi1 - lo1 + 1);
		uint64_t rest = cap - a, lo2 = cap / 4, hi2 = rest / 2;
		uint64_t b = lo2 + gen_below(&r, hi2 - lo2 + 1);
		out[k++] = a;
		out[k++] = b;
		out[k++] = rest - b;
	}
	shuffle(&r, out, k);
	return k;
}

uint64_t gen_bound_l1(const uint64_t *items, size_t n, uint64_t cap)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += items[i];
	return (sum + cap - 1) / cap;
}

/*
 * Martello and Toth's L2: for each K in [0, cap / 2], items above cap - K
 * each need their own bin, items in (cap / 2, cap - K] too, and items in
 * [K, cap / 2] must fit in what those leave or open new bins.
 */
uint64_t gen_bound_l2(const uint64_t *items, size_t n, uint64_t cap)
{
	uint64_t best = gen_bound_l1(items, n, cap);
	for (uint64_t K = 0; K <= cap / 2; K++) {
		uint64_t n1 = 0, n2 = 0, s2 = 0, s3 = 0;
		for (size_t i = 0; i < n; i++) {
			uint64_t s = items[i];
			if (s > cap - K)
				n1++;
			else if (2 * s > cap)
				n2++, s2 += s;
			else if (s >= K)
				s3 += s;
		}
		uint64_t room = n2 * cap - s2, extra = 0;
		if (s3 > room)
			extra = (s3 - room + cap - 1) / cap;
		if (n1 + n2 + extra > best)
			best = n1 + n2 + extra;
	}
	return best;
}
