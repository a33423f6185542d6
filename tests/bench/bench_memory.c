/*
 * Memory benchmark: what the model costs per connection, per route prefix,
 * per tenant and per gateway in the largest generated datacenter (10 000
 * gateways, 100 000 tenants, 1 000 000 connections, 10 000 hosts).
 *
 * Each figure is a difference between two models that differ in one kind
 * of entity only (with and without routes, with and without connections,
 * ...), each built in a forked child so that its resident size starts
 * clean. Two sources:
 *  - the library's own count: a counting allocator set with
 *    rasgw_set_allocator() adds up the bytes librasgw asks for (live at
 *    the end of the build) and the number of blocks;
 *  - the kernel's: VmRSS after the build minus before it (the C library's
 *    block headers and rounding included), in a child with the default
 *    allocator. VmHWM of the largest child is the peak.
 *
 * Output: one JSON line per figure (gen.h). --smoke: a small datacenter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gen.h"
#include "model/model_int.h"

typedef struct counts {
	size_t live;   /* bytes asked for and not freed */
	size_t peak;
	size_t blocks; /* live blocks */
} counts;

static counts cnt;

/* A 16-byte header keeps the size (and the payload aligned). */
#define HDR 16

static void *c_malloc(size_t n, void *pl)
{
	(void)pl;
	unsigned char *p = malloc(n + HDR);
	if (!p)
		return NULL;
	memcpy(p, &n, sizeof(n));
	cnt.live += n;
	cnt.blocks++;
	if (cnt.live > cnt.peak)
		cnt.peak = cnt.live;
	return p + HDR;
}

static void c_free(void *ptr, void *pl)
{
	(void)pl;
	if (!ptr)
		return;
	unsigned char *p = (unsigned char *)ptr - HDR;
	size_t n;
	memcpy(&n, p, sizeof(n));
	cnt.live -= n;
	cnt.blocks--;
	free(p);
}

static void *c_realloc(void *ptr, size_t n, void *pl)
{
	if (!ptr)
		return c_malloc(n, pl);
	unsigned char *p = (unsigned char *)ptr - HDR;
	size_t old;
	memcpy(&old, p, sizeof(old));
	unsigned char *q = realloc(p, n + HDR);
	if (!q)
		return NULL;
	memcpy(q, &n, sizeof(n));
	cnt.live = cnt.live - old + n;
	if (cnt.live > cnt.peak)
		cnt.peak = cnt.live;
	return q + HDR;
}

/* What one child measured. */
typedef struct result {
	int ok;
	size_t live, blocks, rss, hwm;
	gen_stats st;
	/* Where connections' bytes go, from the model's internals. */
	size_t records, by_id, sorted, source_ips, gw_vecs, tenant_vecs, usage;
} result;

/* A hash map slot: key and value, plus one tag byte per slot in the same
 * block (lib/core/map.c keeps struct rasgw__map_slot to itself). */
#define MAP_SLOT (2 * sizeof(void *) + 1)

static void breakdown(const rasgw_model *m, result *r)
{
	r->records = m->conns.sorted.count * sizeof(rasgw__conn);
	r->by_id = m->conns.by_id.cap * MAP_SLOT;
	r->sorted = m->conns.sorted.cap * sizeof(*m->conns.sorted.items);
	r->source_ips = m->source_ips.cap * MAP_SLOT;
	for (size_t i = 0; i < m->gateways.sorted.count; i++) {
		const rasgw__gateway *g = m->gateways.sorted.items[i];
		r->gw_vecs += g->conns.cap * sizeof(*g->conns.items);
	}
	for (size_t i = 0; i < m->tenants.sorted.count; i++) {
		const rasgw__tenant *t = m->tenants.sorted.items[i];
		r->tenant_vecs += t->conns.cap * sizeof(*t->conns.items);
		r->usage += t->pool_usage.cap * sizeof(*t->pool_usage.items) +
			    t->gw_usage.cap * sizeof(*t->gw_usage.items);
	}
}

static result measure(const gen_params *gp, bool counting)
{
	result r = { 0 };
	int fd[2];
	if (pipe(fd) < 0)
		return r;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		if (counting) {
			rasgw_allocator a = { RASGW_ALLOCATOR_VERSION, c_malloc, c_realloc, c_free,
					      NULL };
			if (rasgw_set_allocator(&a) < 0)
				_exit(1);
		}
		size_t before = gen_proc_mem("VmRSS");
		rasgw_model *m = NULL;
		if (gen_build(gp, &m, &r.st) == 0) {
			r.ok = 1;
			r.live = cnt.live;
			r.blocks = cnt.blocks;
			r.rss = gen_proc_mem("VmRSS") - before;
			r.hwm = gen_proc_mem("VmHWM");
			breakdown(m, &r);
		}
		/* The model dies with the child. */
		ssize_t w = write(fd[1], &r, sizeof(r));
		_exit(w == (ssize_t)sizeof(r) ? 0 : 1);
	}
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return r;
	}
	result got = { 0 };
	ssize_t n = read(fd[0], &got, sizeof(got));
	close(fd[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	if (n == (ssize_t)sizeof(got) && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		r = got;
	return r;
}

typedef struct variant {
	const char *name;
	gen_params gp;
	result lib, rss;
} variant;

int main(int argc, char **argv)
{
	bool smoke = argc == 2 && !strcmp(argv[1], "--smoke");
	if (argc > 1 && !smoke) {
		fprintf(stderr, "usage: bench_memory [--smoke]\n");
		return 2;
	}
	size_t C = smoke ? 2000 : 1000000, T = C / 10, G = smoke ? 40 : 10000,
	       H = smoke ? 40 : 10000;
	enum { FULL, NOROUTES, NOCONNS, INFRA, EMPTY, NV };
	variant v[NV] = {
		{ .name = "full", .gp = { .seed = 7, .gateways = G, .hosts = H, .tenants = T, .connections = C,
			    .routes = true } },
		{ .name = "noroutes", .gp = { .seed = 7, .gateways = G, .hosts = H, .tenants = T,
				.connections = C } },
		{ .name = "noconnections", .gp = { .seed = 7, .gateways = G, .hosts = H, .tenants = T } },
		{ .name = "gateways", .gp = { .seed = 7, .gateways = G, .hosts = H } },
		{ .name = "empty", .gp = { .seed = 7, .hosts = H } },
	};
	for (int i = 0; i < NV; i++) {
		v[i].lib = measure(&v[i].gp, true);
		v[i].rss = measure(&v[i].gp, false);
		if (!v[i].lib.ok || !v[i].rss.ok) {
			fprintf(stderr, "bench_memory: building '%s' failed\n", v[i].name);
			return 1;
		}
	}
	size_t size = v[FULL].lib.st.connections;
	const gen_stats *s = &v[FULL].lib.st;
	double nc = (double)s->connections, np = (double)s->prefixes, nt = (double)s->tenants,
	       ng = (double)s->gateways;
#define D(a, b, f) ((double)v[a].f.live - (double)v[b].f.live)
#define R(a, b) ((double)v[a].rss.rss - (double)v[b].rss.rss)
#define B(a, b) ((double)v[a].lib.blocks - (double)v[b].lib.blocks)
	gen_emit("memory", size, "lib_bytes_per_connection_without_routes",
		 D(NOROUTES, NOCONNS, lib) / nc, "B");
	gen_emit("memory", size, "lib_bytes_per_connection_with_routes", D(FULL, NOCONNS, lib) / nc,
		 "B");
	gen_emit("memory", size, "lib_blocks_per_connection_without_routes", B(NOROUTES, NOCONNS) / nc,
		 "blocks");
	gen_emit("memory", size, "lib_bytes_per_prefix", D(FULL, NOROUTES, lib) / np, "B");
	gen_emit("memory", size, "lib_blocks_per_prefix", B(FULL, NOROUTES) / np, "blocks");
	gen_emit("memory", size, "lib_bytes_per_tenant", D(NOCONNS, INFRA, lib) / nt, "B");
	gen_emit("memory", size, "lib_bytes_per_gateway", D(INFRA, EMPTY, lib) / ng, "B");
	gen_emit("memory", size, "lib_bytes_total", (double)v[FULL].lib.live, "B");
	gen_emit("memory", size, "rss_bytes_per_connection_without_routes", R(NOROUTES, NOCONNS) / nc,
		 "B");
	gen_emit("memory", size, "rss_bytes_per_connection_with_routes", R(FULL, NOCONNS) / nc, "B");
	gen_emit("memory", size, "rss_bytes_per_prefix", R(FULL, NOROUTES) / np, "B");
	gen_emit("memory", size, "rss_bytes_per_tenant", R(NOCONNS, INFRA) / nt, "B");
	gen_emit("memory", size, "rss_bytes_per_gateway", R(INFRA, EMPTY) / ng, "B");
	gen_emit("memory", size, "rss_model_bytes", (double)v[FULL].rss.rss, "B");
	gen_emit("memory", size, "peak_rss_bytes", (double)v[FULL].rss.hwm, "B");
	gen_emit("memory", size, "prefixes", np, "count");
	/* Per connection, without routes: where the library's bytes go. */
	const result *a = &v[NOROUTES].lib, *b = &v[NOCONNS].lib;
	double parts[] = {
		(double)a->records, (double)a->by_id, (double)a->sorted, (double)a->source_ips,
		(double)a->gw_vecs, (double)a->tenant_vecs - (double)b->tenant_vecs,
		(double)a->usage - (double)b->usage,
	};
	static const char *names[] = { "record", "id_map", "id_order", "source_ip_map",
				       "gateway_lists", "tenant_lists", "tenant_usage" };
	double rest = D(NOROUTES, NOCONNS, lib);
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		char metric[96];
		snprintf(metric, sizeof(metric), "lib_bytes_per_connection_%s", names[i]);
		gen_emit("memory", size, metric, parts[i] / nc, "B");
		rest -= parts[i];
	}
	gen_emit("memory", size, "lib_bytes_per_connection_strings", rest / nc, "B");
	gen_emit("memory", size, "sizeof_connection_record", (double)sizeof(rasgw__conn), "B");
	gen_emit("memory", size, "sizeof_public_connection", (double)sizeof(rasgw_connection), "B");
	return 0;
}
