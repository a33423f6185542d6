/*
 * The YAML topology loader (lib/io/load_yaml.c, doc/topology-format.md):
 * the malformed-topology catalogue, the example topologies, the domain rules
 * a file can break (each reached through the loader and the model builder),
 * the format's conveniences (case-insensitive enums, numbers as strings,
 * asdot ASNs, role assignment by id order, logical networks), limits and
 * allocation failure.
 */
#include "model/model_int.h"
#include "rasgw/errors.h"
#include "rasgw/load.h"

#include <check.h>

#include "check_main.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAD_DIR RASGW_TEST_DATA_DIR "/topologies/bad"
#define GOOD_DIR RASGW_TEST_DATA_DIR "/topologies/good"
#define TOPO_DIR RASGW_EXAMPLES_DIR "/topologies"

/* ---------------------------------------------------------------- helpers */

static int load(const char *yaml, rasgw_model **out)
{
	return rasgw_model_load_buffer(out, yaml, strlen(yaml), "test.yaml", NULL);
}

/* Load text that must be valid. */
static rasgw_model *load_ok(const char *yaml)
{
	rasgw_model *m = NULL;
	int rc = load(yaml, &m);
	ck_assert_msg(rc == 0, "load failed (%d): %s", rc, rasgw_error_last()->message);
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
	return m;
}

/* Load text that must fail with `code`, naming `line` and containing `frag`. */
static void load_fails(const char *yaml, int code, unsigned int line, const char *frag)
{
	rasgw_model *sentinel = (rasgw_model *)(uintptr_t)0x5e;
	rasgw_model *m = sentinel;
	int rc = load(yaml, &m);
	const rasgw_error *e = rasgw_error_last();

	ck_assert_msg(rc == code, "rc %d, expected %d: %s", rc, code, e->message);
	ck_assert_ptr_eq(m, sentinel);
	ck_assert_msg(strstr(e->message, frag), "'%s' not in '%s'", frag, e->message);
	if (line) {
		ck_assert_uint_eq(e->line, line);
		ck_assert_str_eq(e->file, "test.yaml");
	}
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		if (n + 4096 > cap) {
			cap = cap * 2 + 4096;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	/* The loop leaves room: terminate, so the header can be read with sscanf. */
	buf[n] = 0;
	*len = n;
	return buf;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of a directory, sorted; the caller frees. */
static size_t list_yaml(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		ck_assert_ptr_nonnull(names);
		names[n] = malloc(strlen(dir) + len + 2);
		ck_assert_ptr_nonnull(names[n]);
		sprintf(names[n], "%s/%s", dir, de->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	*out = names;
	return n;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Shared start of the inline topologies: two racks (r2 also carries 1002), three hosts. */
#define RACKS_HOSTS                                                                        \
	"racks:\n"                                                                         \
	"  - {id: r1, tor: {name: tor1, asn: 65001}, vlans: [1001]}\n"                     \
	"  - {id: r2, tor: {name: tor2, asn: 65002}, vlans: [1001, 1002]}\n"               \
	"hosts:\n"                                                                         \
	"  - {id: h1, rack: r1}\n"                                                         \
	"  - {id: h2, rack: r1}\n"                                                         \
	"  - {id: h3, rack: r2}\n"

/* An IKEv2 pool of 1+1 with capacity 10 Gbps (IPSec cost factor 2). */
#define IKE_POOL(id, extra)                                                                \
	"  - {id: " id ", type: S2sIpSec, redundantGatewayCount: 1,"                       \
	" gatewayCapacityKiloBitsPerSecond: 10000000" extra "}\n"

#define IPSEC(id, src, in, gw)                                                             \
	"      - {id: " id ", connectionType: IPSec, inboundKiloBitsPerSecond: " in ","    \
	" outboundKiloBitsPerSecond: " in ", sourceIPAddress: " src ", gateway: " gw "}\n"

/* ------------------------------------------------------------- catalogue */

/* Every malformed topology fails, naming the line of its `# expect:` header
 * and containing its fragment, through both entry points, output untouched. */
START_TEST(catalogue_bad_topologies)
{
	char **files;
	size_t n = list_yaml(BAD_DIR, &files);

	ck_assert_uint_ge(n, 40);
	for (size_t i = 0; i < n; i++) {
		size_t len;
		char *text = read_all(files[i], &len);
		unsigned int line = 0;
		char frag[512] = "";
		int fields = sscanf(text, "# expect: %u %511[^\n]", &line, frag);
		ck_assert_msg(fields == 2 && line > 0, "%s: no '# expect: <line> <fragment>' header",
			      files[i]);

		for (int way = 0; way < 2; way++) {
			rasgw_model *sentinel = (rasgw_model *)(uintptr_t)0xbad;
			rasgw_model *m = sentinel;
			int rc = way == 0 ? rasgw_model_load_file(&m, files[i], NULL)
					  : rasgw_model_load_buffer(&m, text, len, files[i], NULL);
			const rasgw_error *e = rasgw_error_last();
			ck_assert_msg(rc < 0, "%s: loaded although malformed", files[i]);
			ck_assert_msg(m == sentinel, "%s: output touched on failure", files[i]);
			ck_assert_int_eq(e->code, rc);
			ck_assert_msg(e->line == line, "%s: error names line %u, expected %u: %s",
				      files[i], e->line, line, e->message);
			ck_assert_msg(e->file && strcmp(e->file, files[i]) == 0, "%s: file is %s",
				      files[i], e->file ? e->file : "NULL");
			ck_assert_msg(strstr(e->message, frag), "%s: '%s' not in '%s'", files[i], frag,
				      e->message);
		}
		free(text);
	}
	free_list(files, n);
}
END_TEST

/* Every example topology loads and keeps the model's invariants. */
START_TEST(examples_load)
{
	char **files;
	size_t n = list_yaml(TOPO_DIR, &files);

	ck_assert_uint_ge(n, 3);
	for (size_t i = 0; i < n; i++) {
		rasgw_model *m = NULL;
		int rc = rasgw_model_load_file(&m, files[i], NULL);
		ck_assert_msg(rc == 0, "%s: %s", files[i], rasgw_error_last()->message);
		ck_assert_uint_gt(rasgw_model_pool_count(m), 0);
		ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
		rasgw_model_free(m);
	}
	free_list(files, n);
}
END_TEST

/* Every well-formed edge case loads with the entity counts of its
 * `# counts:` header and keeps the model's invariants. */
START_TEST(catalogue_good_topologies)
{
	char **files;
	size_t n = list_yaml(GOOD_DIR, &files);

	ck_assert_uint_ge(n, 5);
	for (size_t i = 0; i < n; i++) {
		size_t len, want[6];
		char *text = read_all(files[i], &len);
		/* A UTF-8 byte order mark may precede the header. */
		const char *hdr = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? text + 3 : text;
		int fields = sscanf(hdr,
				    "# counts: racks=%zu hosts=%zu pools=%zu gateways=%zu tenants=%zu "
				    "connections=%zu",
				    &want[0], &want[1], &want[2], &want[3], &want[4], &want[5]);
		ck_assert_msg(fields == 6, "%s: no '# counts:' header", files[i]);

		rasgw_model *m = NULL;
		int rc = rasgw_model_load_file(&m, files[i], NULL);
		ck_assert_msg(rc == 0, "%s: %s", files[i], rasgw_error_last()->message);
		size_t got[6] = { rasgw_model_rack_count(m),    rasgw_model_host_count(m),
				  rasgw_model_pool_count(m),    rasgw_model_gateway_count(m),
				  rasgw_model_tenant_count(m),  rasgw_model_connection_count(m) };
		for (int k = 0; k < 6; k++)
			ck_assert_msg(got[k] == want[k], "%s: count %d is %zu, expected %zu", files[i],
				      k, got[k], want[k]);
		ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
		rasgw_model_free(m);
		free(text);
	}
	free_list(files, n);

	/* Addresses come out canonical whatever the spelling in the file. */
	rasgw_model *m = NULL;
	ck_assert_int_eq(rasgw_model_load_file(&m, GOOD_DIR "/04-ipv6.yaml", NULL), 0);
	ck_assert_str_eq(rasgw_model_gateway_lookup(m, "ike1")->dip, "2001:db8:2::1");
	rasgw_model_free(m);
}
END_TEST

/* ----------------------------------------------------------- domain rules */

/* R1.1 Each pool type serves its connection types; All serves all three. */
START_TEST(R1_1_pool_types)
{
	static const char base[] = RACKS_HOSTS
		"gatewayPools:\n"
		IKE_POOL("ike", "")
		"  - {id: gre, type: s2sgre, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10000000,"
		" ipConfiguration: {greVipSubnets: [10.50.0.0/24]}}\n"
		"  - {id: fwd, type: FORWARDING, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10000000}\n"
		"  - {id: all, type: all, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10000000,"
		" ipConfiguration: {greVipSubnets: [10.60.0.0/24]}}\n"
		"gateways:\n"
		"  - {id: ike1, pool: ike, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: ike2, pool: ike, virtualServer: h2, dip: 10.0.0.2}\n"
		"  - {id: gre1, pool: gre, virtualServer: h1, dip: 10.0.1.1, greVip: 10.50.0.1}\n"
		"  - {id: fwd1, pool: fwd, virtualServer: h3, dip: 10.0.2.1}\n"
		"  - {id: all1, pool: all, virtualServer: h3, dip: 10.0.3.1, greVip: 10.60.0.1}\n";
	char buf[4096];
	const rasgw_model *m;
	rasgw_model *mm;

	mm = load_ok(base);
	m = mm;
	ck_assert_int_eq(rasgw_model_pool_lookup(m, "ike")->type, RASGW_POOL_IKEV2);
	ck_assert_int_eq(rasgw_model_pool_lookup(m, "gre")->type, RASGW_POOL_GRE);
	ck_assert_int_eq(rasgw_model_pool_lookup(m, "fwd")->type, RASGW_POOL_L3);
	ck_assert_int_eq(rasgw_model_pool_lookup(m, "all")->type, RASGW_POOL_ALL);
	rasgw_model_free(mm);

	/* Each type on its own pool, and all three on the All pool (one tenant each side of R2.2). */
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n"
		 "  - id: t1\n    routeReflector: ike1\n    networkConnections:\n"
		 IPSEC("c-ike", "198.51.100.1", "1000", "ike1")
		 "      - {id: c-gre, connectionType: GRE, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " greConfiguration: {remoteEndpoint: 198.51.100.2}, gateway: gre1}\n"
		 "      - {id: c-l3, connectionType: L3, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " l3Configuration: {vlanId: 1002, addressPrefix: 10.9.0.0/24, ipAddresses: [10.9.0.1],"
		 " peerIPAddresses: [10.9.0.2]}, gateway: fwd1}\n"
		 "  - id: t2\n    routeReflector: all1\n    networkConnections:\n"
		 IPSEC("a-ike", "198.51.100.3", "1000", "all1")
		 "      - {id: a-gre, connectionType: GRE, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " greConfiguration: {remoteEndpoint: 198.51.100.4}, gateway: all1}\n"
		 "      - {id: a-l3, connectionType: L3, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " l3Configuration: {vlanId: 1001, addressPrefix: 10.9.0.0/24, ipAddresses: [10.9.0.1],"
		 " peerIPAddresses: [10.9.0.2]}, gateway: all1}\n", base);
	mm = load_ok(buf);
	ck_assert_uint_eq(rasgw_model_gateway_lookup(mm, "all1")->connection_count, 3);
	ck_assert_uint_eq(rasgw_model_gateway_lookup(mm, "ike1")->connection_count, 1);
	rasgw_model_free(mm);

	/* A GRE connection on the IKEv2 pool, an IPSec one on the GRE pool, L3 on IKEv2. */
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    routeReflector: ike1\n    networkConnections:\n"
		 "      - {id: c1, connectionType: GRE, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " greConfiguration: {remoteEndpoint: 198.51.100.2}, gateway: ike1}\n", base);
	load_fails(buf, RASGW_EVALIDATE, 23, "(R1.1)");
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    routeReflector: gre1\n    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "gre1"), base);
	load_fails(buf, RASGW_EVALIDATE, 23, "(R1.1)");
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    routeReflector: ike1\n    networkConnections:\n"
		 "      - {id: c1, connectionType: L3, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " l3Configuration: {vlanId: 1001, addressPrefix: 10.9.0.0/24, ipAddresses: [10.9.0.1],"
		 " peerIPAddresses: [10.9.0.2]}, gateway: ike1}\n", base);
	load_fails(buf, RASGW_EVALIDATE, 23, "(R1.1)");
}
END_TEST

/* R1.2 N <= M: N equal to M loads; one more standby is refused at the pool's line. */
START_TEST(R1_2_n_le_m)
{
	rasgw_model *m = load_ok(RACKS_HOSTS
		"gatewayPools:\n" IKE_POOL("p", "")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n");
	const rasgw_pool *p = rasgw_model_pool_lookup(m, "p");
	ck_assert_uint_eq(p->active_count, 1);
	ck_assert_uint_eq(p->standby_count, 1);
	ck_assert_uint_eq(p->redundant_count, 1);
	rasgw_model_free(m);

	load_fails(RACKS_HOSTS
		"gatewayPools:\n"
		"  - {id: p, type: S2sIpSec, redundantGatewayCount: 2, gatewayCapacityKiloBitsPerSecond: 10}\n"
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n"
		"  - {id: g3, pool: p, virtualServer: h3, dip: 10.0.0.3}\n",
		RASGW_EVALIDATE, 9, "(R1.2: N <= M)");
	/* Stated roles: two standbys for one active breaks it too. */
	load_fails(RACKS_HOSTS
		"gatewayPools:\n" IKE_POOL("p", "")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1, state: Redundant}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2, state: Redundant}\n"
		"  - {id: g3, pool: p, virtualServer: h3, dip: 10.0.0.3, state: Active}\n",
		RASGW_EVALIDATE, 9, "(R1.2: N <= M)");
}
END_TEST

/* R1.3 A gateway takes connections up to its capacity, costed as
 * capacity / min(typeMax, capacity) * (inbound + outbound), and not one kbps more. */
START_TEST(R1_3_capacity)
{
	char buf[4096];
	/* 10 Gbps gateway, IPSec typeMax 5 Gbps: a 2.5 + 2.5 Gbps connection costs all 10. */
	static const char full[] = RACKS_HOSTS
		"gatewayPools:\n" IKE_POOL("p", "")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n"
		"virtualGateways:\n  - id: t1\n    routeReflector: g1\n    networkConnections:\n"
		IPSEC("c1", "198.51.100.1", "2500000", "g1");
	rasgw_model *m = load_ok(full);
	const rasgw_gateway *g = rasgw_model_gateway_lookup(m, "g1");
	ck_assert_uint_eq(g->used_kbps, 10000000);
	ck_assert_uint_eq(g->available_kbps, 0);
	ck_assert_uint_eq(rasgw_model_connection_lookup(m, "c1")->cost_kbps, 10000000);
	rasgw_model_free(m);

	snprintf(buf, sizeof(buf), "%s" IPSEC("c2", "198.51.100.2", "1", "g1"), full);
	load_fails(buf, RASGW_ENOCAPACITY, 18, "(R1.3)");

	/* A pool with its own IPSec maximum equal to the capacity costs bandwidth 1:1. */
	m = load_ok(RACKS_HOSTS
		"gatewayPools:\n"
		IKE_POOL("p", ", typeMaxKiloBitsPerSecond: {ipsec: 10000000}")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n"
		"virtualGateways:\n  - id: t1\n    routeReflector: g1\n    networkConnections:\n"
		IPSEC("c1", "198.51.100.1", "2500000", "g1"));
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "p")->type_max_kbps[RASGW_CONN_IKEV2], 10000000);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "p")->type_max_kbps[RASGW_CONN_GRE], 15000000);
	ck_assert_uint_eq(rasgw_model_gateway_lookup(m, "g1")->used_kbps, 5000000);
	rasgw_model_free(m);
}
END_TEST

/* R1.4 One public IP fronts several pools: connections dialling it sit on
 * either; a destination the pool does not front is refused. */
START_TEST(R1_4_shared_public_ip)
{
	static const char base[] = RACKS_HOSTS
		"gatewayPools:\n"
		IKE_POOL("fast", ", ipConfiguration: {publicIPAddresses: [203.0.113.1]}")
		IKE_POOL("slow", ", ipConfiguration: {publicIPAddresses: [203.0.113.1, 203.0.113.2]}")
		"gateways:\n"
		"  - {id: f1, pool: fast, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: f2, pool: fast, virtualServer: h2, dip: 10.0.0.2}\n"
		"  - {id: s1, pool: slow, virtualServer: h3, dip: 10.0.0.3}\n"
		"  - {id: s2, pool: slow, virtualServer: h1, dip: 10.0.0.4}\n"
		"virtualGateways:\n"
		"  - id: t1\n    routeReflector: f1\n    networkConnections:\n"
		"      - {id: c1, connectionType: IPSec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" sourceIPAddress: 198.51.100.1, destinationIPAddress: 203.0.113.1, gateway: f1}\n"
		"  - id: t2\n    routeReflector: s1\n    networkConnections:\n"
		"      - {id: c2, connectionType: IPSec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" sourceIPAddress: 198.51.100.2, destinationIPAddress: 203.0.113.1, gateway: s1}\n";
	char buf[4096];
	rasgw_model *m = load_ok(base);
	ck_assert_str_eq(rasgw_model_pool_lookup(m, "fast")->public_ips[0], "203.0.113.1");
	ck_assert_str_eq(rasgw_model_pool_lookup(m, "slow")->public_ips[0], "203.0.113.1");
	ck_assert_str_eq(rasgw_model_connection_lookup(m, "c2")->destination_ip, "203.0.113.1");
	rasgw_model_free(m);

	snprintf(buf, sizeof(buf), "%s"
		 "      - {id: c3, connectionType: IPSec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " sourceIPAddress: 198.51.100.3, destinationIPAddress: 203.0.113.2, gateway: f1}\n", base);
	load_fails(buf, RASGW_EVALIDATE, 25, "(R1.4)");
}
END_TEST

/* R1.6 Dedicated pools: a tenant list or a reseller restricts who may sit on a pool,
 * and a tenant's gatewayPools restrict where it may sit. */
START_TEST(R1_6_dedicated_pools)
{
	char buf[4096];
	static const char restricted[] = RACKS_HOSTS
		"gatewayPools:\n"
		IKE_POOL("p", ", tenants: [t2, t1]")
		IKE_POOL("q", ", reseller: partner-a")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n"
		"  - {id: q1, pool: q, virtualServer: h1, dip: 10.0.0.3}\n"
		"  - {id: q2, pool: q, virtualServer: h3, dip: 10.0.0.4}\n";

	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n"
		 "  - id: t1\n    routeReflector: g1\n    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "g1")
		 "  - id: t9\n    reseller: partner-a\n    gatewayPools: [q]\n    routeReflector: q1\n"
		 "    networkConnections:\n"
		 IPSEC("c9", "198.51.100.9", "1", "q1"), restricted);
	rasgw_model *m = load_ok(buf);
	const rasgw_pool *p = rasgw_model_pool_lookup(m, "p");
	ck_assert_uint_eq(p->tenant_count, 2);
	ck_assert_str_eq(p->tenants[0], "t1"); /* kept ascending */
	ck_assert_str_eq(rasgw_model_pool_lookup(m, "q")->reseller, "partner-a");
	ck_assert_str_eq(rasgw_model_tenant_lookup(m, "t9")->gateway_pools[0], "q");
	rasgw_model_free(m);

	/* A tenant not on the pool's list. */
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t3\n    routeReflector: g1\n    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "g1"), restricted);
	load_fails(buf, RASGW_EVALIDATE, 20, "(R1.6)");
	/* A tenant of no (or another) reseller on a reseller's pool. */
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t3\n    routeReflector: q1\n    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "q1"), restricted);
	load_fails(buf, RASGW_EVALIDATE, 20, "(R1.6)");
	/* A tenant sitting on a pool outside its own gatewayPools. */
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    gatewayPools: [q]\n    routeReflector: g1\n"
		 "    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "g1"), restricted);
	load_fails(buf, RASGW_EVALIDATE, 21, "(R1.6)");
}
END_TEST

/* R2.2 A tenant on an All pool uses no other pool: neither in its
 * gatewayPools nor by where its connections sit, in either order. */
START_TEST(R2_2_all_pool_exclusive)
{
	char buf[4096];
	static const char base[] = RACKS_HOSTS
		"gatewayPools:\n"
		IKE_POOL("ike", "")
		"  - {id: all, type: All, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10000000,"
		" ipConfiguration: {greVipSubnets: [10.60.0.0/24]}}\n"
		"gateways:\n"
		"  - {id: g1, pool: ike, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: ike, virtualServer: h2, dip: 10.0.0.2}\n"
		"  - {id: a1, pool: all, virtualServer: h3, dip: 10.0.3.1, greVip: 10.60.0.1}\n";

	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    gatewayPools: [all]\n    routeReflector: a1\n"
		 "    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "a1")
		 IPSEC("c2", "198.51.100.2", "1", "a1"), base);
	rasgw_model *m = load_ok(buf);
	ck_assert_uint_eq(rasgw_model_gateway_lookup(m, "a1")->connection_count, 2);
	rasgw_model_free(m);

	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    gatewayPools: [ike, all]\n", base);
	load_fails(buf, RASGW_EVALIDATE, 16, "(R2.2)");
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    routeReflector: a1\n    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "a1")
		 IPSEC("c2", "198.51.100.2", "1", "g1"), base);
	load_fails(buf, RASGW_EVALIDATE, 20, "(R2.2)");
	snprintf(buf, sizeof(buf), "%s"
		 "virtualGateways:\n  - id: t1\n    routeReflector: g1\n    networkConnections:\n"
		 IPSEC("c1", "198.51.100.1", "1", "g1")
		 IPSEC("c2", "198.51.100.2", "1", "a1"), base);
	load_fails(buf, RASGW_EVALIDATE, 20, "(R2.2)");
}
END_TEST

/* R2.3 IKEv2 source IPs are unique across tenants, compared in canonical form. */
START_TEST(R2_3_unique_source_ip)
{
	char buf[4096];
	static const char base[] = RACKS_HOSTS
		"gatewayPools:\n" IKE_POOL("p", "")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n"
		"virtualGateways:\n"
		"  - id: t1\n    networkConnections:\n"
		"      - {id: c1, connectionType: IPSec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" sourceIPAddress: '2001:db8::7'}\n"
		"  - id: t2\n    networkConnections:\n";

	snprintf(buf, sizeof(buf), "%s"
		 "      - {id: c2, connectionType: IPSec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " sourceIPAddress: '2001:db8::8'}\n", base);
	rasgw_model *m = load_ok(buf);
	ck_assert_str_eq(rasgw_model_connection_lookup(m, "c1")->source_ip, "2001:db8::7");
	rasgw_model_free(m);

	/* The same address spelled differently is the same address. */
	snprintf(buf, sizeof(buf), "%s"
		 "      - {id: c2, connectionType: IPSec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		 " sourceIPAddress: '2001:DB8:0:0::7'}\n", base);
	load_fails(buf, RASGW_EEXISTS, 19, "(R2.3)");
}
END_TEST

/* R6.1 Gateways of GRE and All pools have a GRE VIP inside the pool's VIP
 * subnets; gateways of other pools have none. */
START_TEST(R6_1_gre_vip)
{
	static const char pools[] = RACKS_HOSTS
		"gatewayPools:\n"
		IKE_POOL("ike", "")
		"  - {id: gre, type: S2sGre, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10,"
		" ipConfiguration: {greVipSubnets: [10.50.0.0/24]}}\n"
		"  - {id: all, type: All, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10,"
		" ipConfiguration: {greVipSubnets: [10.60.0.0/24]}}\n"
		"gateways:\n"
		"  - {id: i1, pool: ike, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: i2, pool: ike, virtualServer: h1, dip: 10.0.0.2}\n";
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s"
		 "  - {id: g1, pool: gre, virtualServer: h1, dip: 10.0.1.1, greVip: 10.50.0.1}\n"
		 "  - {id: a1, pool: all, virtualServer: h3, dip: 10.0.3.1, greVip: 10.60.0.1}\n", pools);
	rasgw_model *m = load_ok(buf);
	ck_assert_str_eq(rasgw_model_gateway_lookup(m, "g1")->gre_vip, "10.50.0.1");
	ck_assert_str_eq(rasgw_model_gateway_lookup(m, "a1")->gre_vip, "10.60.0.1");
	ck_assert_ptr_null(rasgw_model_gateway_lookup(m, "i1")->gre_vip);
	rasgw_model_free(m);

	snprintf(buf, sizeof(buf), "%s"
		 "  - {id: i3, pool: ike, virtualServer: h1, dip: 10.0.0.3, greVip: 10.50.0.9}\n", pools);
	load_fails(buf, RASGW_EVALIDATE, 15, "(R6.1)");
	snprintf(buf, sizeof(buf), "%s"
		 "  - {id: g1, pool: gre, virtualServer: h1, dip: 10.0.1.1}\n", pools);
	load_fails(buf, RASGW_EVALIDATE, 15, "(R6.1)");
	snprintf(buf, sizeof(buf), "%s"
		 "  - {id: a1, pool: all, virtualServer: h1, dip: 10.0.3.1}\n", pools);
	load_fails(buf, RASGW_EVALIDATE, 15, "(R6.1)");
	snprintf(buf, sizeof(buf), "%s"
		 "  - {id: g1, pool: gre, virtualServer: h1, dip: 10.0.1.1, greVip: 10.51.0.1}\n", pools);
	load_fails(buf, RASGW_EVALIDATE, 15, "(R6.1)");
}
END_TEST

/* R7.1 The source's fixture: Contoso and Woodgrove keep the same subnet
 * 10.127.134.0/24 apart by VLANs 1001 and 1002. */
START_TEST(R7_1_contoso_woodgrove)
{
	rasgw_model *m = NULL;
	int rc = rasgw_model_load_file(&m, TOPO_DIR "/contoso-woodgrove.yaml", NULL);
	ck_assert_msg(rc == 0, "%s", rasgw_error_last()->message);

	const rasgw_connection *c = rasgw_model_connection_lookup(m, "contoso-l3");
	const rasgw_connection *w = rasgw_model_connection_lookup(m, "woodgrove-l3");
	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(c->type, RASGW_CONN_L3);
	ck_assert_int_eq(w->type, RASGW_CONN_L3);
	ck_assert_uint_eq(c->vlan, 1001);
	ck_assert_uint_eq(w->vlan, 1002);
	ck_assert_str_eq(c->vlan_subnet, "10.127.134.0/24");
	ck_assert_str_eq(w->vlan_subnet, "10.127.134.0/24");
	ck_assert_str_eq(c->ca_ip, "10.127.134.50");
	ck_assert_str_eq(c->peer_ip, "10.127.134.55");
	ck_assert_str_eq(w->ca_ip, "10.127.134.60");
	ck_assert_str_eq(w->peer_ip, "10.127.134.65");
	ck_assert_str_eq(c->tenant_id, "contoso");
	ck_assert_str_eq(w->tenant_id, "woodgrove");
	/* Both are BGP-routed (bgpPeers given) and placed where their VLAN exists (R7.2). */
	ck_assert_int_eq(c->routing, RASGW_ROUTING_BGP);
	ck_assert_uint_eq(w->peer_asn, 65102);
	const rasgw_gateway *wg = rasgw_model_gateway_lookup(m, w->gateway_id);
	const rasgw_host *wh = rasgw_model_host_lookup(m, wg->host_id);
	ck_assert_str_eq(wh->rack_id, "rack1");
	/* M+N pools over two racks: 2+1, 3+1, 2+1. */
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "ike-pool")->active_count, 2);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "gre-pool")->active_count, 3);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "l3-pool")->standby_count, 1);
	rasgw_model_free(m);
}
END_TEST

/* R7.2 An L3 connection sits only on a gateway whose rack carries its VLAN. */
START_TEST(R7_2_rack_vlan)
{
	char buf[4096];
	static const char base[] = RACKS_HOSTS
		"gatewayPools:\n"
		"  - {id: fwd, type: Forwarding, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10000000}\n"
		"gateways:\n"
		"  - {id: in-r1, pool: fwd, virtualServer: h1, dip: 10.0.2.1}\n"
		"  - {id: in-r2, pool: fwd, virtualServer: h3, dip: 10.0.2.2}\n"
		"logicalNetworks:\n"
		"  - {id: ln, subnets: [{addressPrefix: 10.127.134.0/24, vlanId: 1002}]}\n"
		"virtualGateways:\n  - id: woodgrove\n    routeReflector: %s\n    networkConnections:\n"
		"      - {id: w, connectionType: L3, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" l3Configuration: {vlanSubnet: ln, ipAddresses: [10.127.134.60], peerIPAddresses: [10.127.134.65]},"
		" gateway: %s}\n";

	snprintf(buf, sizeof(buf), base, "in-r2", "in-r2");
	rasgw_model *m = load_ok(buf);
	ck_assert_uint_eq(rasgw_model_connection_lookup(m, "w")->vlan, 1002);
	rasgw_model_free(m);
	snprintf(buf, sizeof(buf), base, "in-r1", "in-r1");
	load_fails(buf, RASGW_EVALIDATE, 19, "(R7.2)");
}
END_TEST

/* ----------------------------------------------------------- file format */

/* Enum values match without regard to case (NC-FIELDS.md), also in the
 * keys of typeMaxKiloBitsPerSecond. */
START_TEST(format_enums_ignore_case)
{
	rasgw_model *m = load_ok(RACKS_HOSTS
		"gatewayPools:\n"
		"  - {id: p, type: s2sIPSEC, redundantGatewayCount: 1, gatewayCapacityKiloBitsPerSecond: 10000000,"
		" typeMaxKiloBitsPerSecond: {IPSEC: 4000000, gre: 9000000, l3: 3000000}}\n"
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1, state: ACTIVE}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2, state: redundant}\n"
		"virtualGateways:\n  - id: t\n    routeReflector: g1\n    networkConnections:\n"
		"      - {id: c, connectionType: ipsec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" sourceIPAddress: 198.51.100.1, gateway: g1,"
		" routes: [{destinationPrefix: 10.1.0.0/16, protocol: STATIC}, {destinationPrefix: 10.2.0.0/16, protocol: bgp}],"
		" bgpPeers: [{peerIpAddress: 192.0.2.1, asNumber: 65000}]}\n");
	const rasgw_pool *p = rasgw_model_pool_lookup(m, "p");
	ck_assert_int_eq(p->type, RASGW_POOL_IKEV2);
	ck_assert_uint_eq(p->type_max_kbps[RASGW_CONN_IKEV2], 4000000);
	ck_assert_uint_eq(p->type_max_kbps[RASGW_CONN_GRE], 9000000);
	ck_assert_uint_eq(p->type_max_kbps[RASGW_CONN_L3], 3000000);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "g2")->role, RASGW_GATEWAY_STANDBY);
	const rasgw_connection *c = rasgw_model_connection_lookup(m, "c");
	ck_assert_int_eq(c->type, RASGW_CONN_IKEV2);
	ck_assert_uint_eq(c->static_prefix_count, 1);
	ck_assert_str_eq(c->static_prefixes[0], "10.1.0.0/16");
	/* Bgp routes are what BGP learned. */
	ck_assert_uint_eq(c->learned_prefix_count, 1);
	ck_assert_str_eq(c->learned_prefixes[0], "10.2.0.0/16");
	rasgw_model_free(m);

	/* A key of typeMaxKiloBitsPerSecond given twice in two spellings. */
	load_fails(RACKS_HOSTS
		"gatewayPools:\n"
		"  - {id: p, type: S2sIpSec, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10,"
		" typeMaxKiloBitsPerSecond: {IPSec: 4, ipsec: 5}}\n",
		RASGW_EPARSE, 9, "repeats 'IPSec'");
}
END_TEST

/* Numbers may arrive as strings (NC-FIELDS.md); other text is refused. */
START_TEST(format_numbers_as_strings)
{
	rasgw_model *m = load_ok(
		"racks:\n  - {id: r1, tor: {name: t, asn: '65001'}, vlans: ['1001', \"1002\"]}\n"
		"hosts:\n  - {id: h1, rack: r1}\n"
		"gatewayPools:\n"
		"  - {id: p, type: Forwarding, redundantGatewayCount: '0',"
		" gatewayCapacityKiloBitsPerSecond: \"25000000\"}\n"
		"gateways:\n  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"virtualGateways:\n  - id: t\n    routeReflector: g1\n    networkConnections:\n"
		"      - {id: c, connectionType: L3, inboundKiloBitsPerSecond: '1000', outboundKiloBitsPerSecond: '+2000',"
		" l3Configuration: {vlanId: '1002', addressPrefix: 10.9.0.0/24, ipAddresses: [10.9.0.1],"
		" peerIPAddresses: [10.9.0.2]}, gateway: g1}\n");
	const rasgw_rack *r = rasgw_model_rack_lookup(m, "r1");
	ck_assert_uint_eq(r->tor_asn, 65001);
	ck_assert_uint_eq(r->vlan_count, 2);
	ck_assert_uint_eq(r->vlans[1], 1002);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "p")->capacity_kbps, 25000000);
	const rasgw_connection *c = rasgw_model_connection_lookup(m, "c");
	ck_assert_uint_eq(c->inbound_kbps, 1000);
	ck_assert_uint_eq(c->outbound_kbps, 2000);
	ck_assert_uint_eq(c->vlan, 1002);
	rasgw_model_free(m);

	load_fails("racks:\n  - {id: r1, tor: {name: t, asn: 1}, vlans: ['0x3e9']}\n", RASGW_EPARSE, 2,
		   "'0x3e9' is not a whole number");
	load_fails("racks:\n  - {id: r1, tor: {name: t, asn: 1}, vlans: ['1e3']}\n", RASGW_EPARSE, 2,
		   "'1e3' is not a whole number");
}
END_TEST

/* ASNs may be asplain or asdot (RFC 5396): "0.64512" = 64512, "1.10" = 65546. */
START_TEST(format_asdot_asn)
{
	rasgw_model *m = load_ok(
		"racks:\n"
		"  - {id: r1, tor: {name: t1, asn: '0.64512'}}\n"
		"  - {id: r2, tor: {name: t2, asn: 1.10}}\n"
		"  - {id: r3, tor: {name: t3, asn: 4294967295}}\n"
		"  - {id: r4, tor: {name: t4, asn: 65535.65535}}\n"
		"hosts:\n  - {id: h1, rack: r1}\n"
		"gatewayPools:\n" IKE_POOL("p", "")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h1, dip: 10.0.0.2}\n"
		"virtualGateways:\n  - id: t\n    asn: '0.65001'\n    networkConnections:\n"
		"      - {id: c, connectionType: IPSec, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" sourceIPAddress: 198.51.100.1, bgpPeers: [{peerIpAddress: 192.0.2.1, asNumber: '2.0'}]}\n");
	ck_assert_uint_eq(rasgw_model_rack_lookup(m, "r1")->tor_asn, 64512);
	ck_assert_uint_eq(rasgw_model_rack_lookup(m, "r2")->tor_asn, 65546);
	ck_assert_uint_eq(rasgw_model_rack_lookup(m, "r3")->tor_asn, 4294967295u);
	ck_assert_uint_eq(rasgw_model_rack_lookup(m, "r4")->tor_asn, 4294967295u);
	ck_assert_uint_eq(rasgw_model_tenant_lookup(m, "t")->asn, 65001);
	ck_assert_uint_eq(rasgw_model_connection_lookup(m, "c")->peer_asn, 131072);
	ck_assert_int_eq(rasgw_model_connection_lookup(m, "c")->routing, RASGW_ROUTING_BGP);
	rasgw_model_free(m);

	load_fails("racks:\n  - {id: r1, tor: {name: t, asn: '1.65536'}}\n", RASGW_EPARSE, 2,
		   "is not an AS number");
	load_fails("racks:\n  - {id: r1, tor: {name: t, asn: '0.0'}}\n", RASGW_EPARSE, 2,
		   "is not an AS number");
	load_fails("racks:\n  - {id: r1, tor: {name: t, asn: '1.'}}\n", RASGW_EPARSE, 2,
		   "is not an AS number");
	load_fails("racks:\n  - {id: r1, tor: {name: t, asn: -1}}\n", RASGW_EPARSE, 2,
		   "is not an AS number");
}
END_TEST

/* Without any `state` in a pool, roles follow id order: the first
 * (count - N) are Active, the last N Redundant, whatever the file order.
 * Once a gateway states its role, the others default to Active. Gateways
 * on failed hosts without a `state` are Failed. */
START_TEST(format_role_assignment_by_id_order)
{
	rasgw_model *m = load_ok(RACKS_HOSTS
		"gatewayPools:\n"
		"  - {id: p, type: S2sIpSec, redundantGatewayCount: 2, gatewayCapacityKiloBitsPerSecond: 10}\n"
		"  - {id: q, type: S2sIpSec, redundantGatewayCount: 1, gatewayCapacityKiloBitsPerSecond: 10}\n"
		"gateways:\n"
		"  - {id: gw-d, pool: p, virtualServer: h1, dip: 10.0.0.4}\n"
		"  - {id: gw-b, pool: p, virtualServer: h2, dip: 10.0.0.2}\n"
		"  - {id: q-1, pool: q, virtualServer: h3, dip: 10.0.1.1, state: Redundant}\n"
		"  - {id: gw-c, pool: p, virtualServer: h3, dip: 10.0.0.3}\n"
		"  - {id: q-2, pool: q, virtualServer: h3, dip: 10.0.1.2}\n"
		"  - {id: gw-a, pool: p, virtualServer: h1, dip: 10.0.0.1}\n");
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "gw-a")->role, RASGW_GATEWAY_ACTIVE);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "gw-b")->role, RASGW_GATEWAY_ACTIVE);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "gw-c")->role, RASGW_GATEWAY_STANDBY);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "gw-d")->role, RASGW_GATEWAY_STANDBY);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "q-1")->role, RASGW_GATEWAY_STANDBY);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "q-2")->role, RASGW_GATEWAY_ACTIVE);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "p")->active_count, 2);
	ck_assert_uint_eq(rasgw_model_pool_lookup(m, "p")->standby_count, 2);
	rasgw_model_free(m);

	/* A gateway on a failed host is Failed and not counted; stated or not. */
	m = load_ok("racks:\n  - {id: r1, tor: {name: t, asn: 1}}\n"
		    "hosts:\n  - {id: ok, rack: r1}\n  - {id: dead, rack: r1, failed: true}\n"
		    "gatewayPools:\n"
		    "  - {id: p, type: S2sIpSec, redundantGatewayCount: 1, gatewayCapacityKiloBitsPerSecond: 10}\n"
		    "  - {id: q, type: S2sIpSec, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10}\n"
		    "gateways:\n"
		    "  - {id: a, pool: p, virtualServer: dead, dip: 10.0.0.1}\n"
		    "  - {id: b, pool: p, virtualServer: ok, dip: 10.0.0.2}\n"
		    "  - {id: c, pool: p, virtualServer: ok, dip: 10.0.0.3}\n"
		    "  - {id: d, pool: q, virtualServer: ok, dip: 10.0.0.4, state: Active}\n"
		    "  - {id: e, pool: q, virtualServer: dead, dip: 10.0.0.5}\n");
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "a")->role, RASGW_GATEWAY_FAILED);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "b")->role, RASGW_GATEWAY_ACTIVE);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "c")->role, RASGW_GATEWAY_STANDBY);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "e")->role, RASGW_GATEWAY_FAILED);
	rasgw_model_free(m);
}
END_TEST

/* Logical networks: a connection names one by id (one subnet) or as
 * "net/subnet"; the loader copies VLAN and prefix (canonical) onto it. */
START_TEST(format_logical_networks)
{
	rasgw_model *m = load_ok(RACKS_HOSTS
		"logicalNetworks:\n"
		"  - id: multi\n    subnets:\n"
		"      - {id: a, addressPrefix: 10.1.0.0/24, vlanId: 1001}\n"
		"      - {id: b, addressPrefix: '2001:DB8:0::/64', vlanId: 1002}\n"
		"gatewayPools:\n"
		"  - {id: fwd, type: Forwarding, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10000000}\n"
		"gateways:\n  - {id: g, pool: fwd, virtualServer: h3, dip: 10.0.2.1}\n"
		"virtualGateways:\n  - id: t\n    routeReflector: g\n    networkConnections:\n"
		"      - {id: c, connectionType: L3, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" l3Configuration: {vlanSubnet: multi/b, ipAddresses: ['2001:db8::1'], peerIPAddresses: ['2001:db8::2'],"
		" bgpIPAddress: '2001:db8::3'}, gateway: g}\n");
	const rasgw_connection *c = rasgw_model_connection_lookup(m, "c");
	ck_assert_uint_eq(c->vlan, 1002);
	ck_assert_str_eq(c->vlan_subnet, "2001:db8::/64");
	ck_assert_str_eq(c->bgp_ip, "2001:db8::3");
	rasgw_model_free(m);

	load_fails(RACKS_HOSTS
		"logicalNetworks:\n  - {id: ln, subnets: [{id: a, addressPrefix: 10.1.0.0/24, vlanId: 1001}]}\n"
		"virtualGateways:\n  - id: t\n    networkConnections:\n"
		"      - {id: c, connectionType: L3, inboundKiloBitsPerSecond: 1, outboundKiloBitsPerSecond: 1,"
		" l3Configuration: {vlanSubnet: ln/zz, ipAddresses: [10.1.0.1], peerIPAddresses: [10.1.0.2]}}\n",
		RASGW_ENOTFOUND, 13, "has no subnet 'zz'");
	load_fails("logicalNetworks:\n  - {id: a/b, subnets: [{addressPrefix: 10.1.0.0/24, vlanId: 1}]}\n",
		   RASGW_EPARSE, 2, "may not contain '/'");
	load_fails("logicalNetworks:\n  - id: ln\n    subnets:\n"
		   "      - {id: s, addressPrefix: 10.1.0.0/24, vlanId: 1}\n"
		   "      - {id: s, addressPrefix: 10.2.0.0/24, vlanId: 2}\n",
		   RASGW_EEXISTS, 5, "subnet 's' is defined twice");
}
END_TEST

/* Anchors and aliases are fine within the limits. */
START_TEST(format_aliases)
{
	rasgw_model *m = load_ok(
		"racks:\n  - {id: r1, tor: &tor {name: t, asn: 65001}}\n  - {id: r2, tor: *tor}\n"
		"hosts:\n  - {id: h1, rack: r1}\n"
		"gatewayPools:\n"
		"  - &pool {id: p, type: S2sIpSec, redundantGatewayCount: 0, gatewayCapacityKiloBitsPerSecond: 10}\n"
		"gateways:\n  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"virtualGateways:\n"
		"  - {id: t1, gatewayPools: &pools [p]}\n"
		"  - {id: t2, gatewayPools: *pools}\n");
	ck_assert_str_eq(rasgw_model_rack_lookup(m, "r2")->tor_name, "t");
	ck_assert_str_eq(rasgw_model_tenant_lookup(m, "t2")->gateway_pools[0], "p");
	rasgw_model_free(m);
}
END_TEST

/* A missing file is RASGW_EIO and names the path. */
START_TEST(format_file_not_found)
{
	rasgw_model *sentinel = (rasgw_model *)(uintptr_t)0x10, *m = sentinel;
	const char *path = RASGW_TEST_DATA_DIR "/topologies/no-such-file.yaml";
	int rc = rasgw_model_load_file(&m, path, NULL);
	ck_assert_int_eq(rc, RASGW_EIO);
	ck_assert_ptr_eq(m, sentinel);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, path));
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_EIO);

	/* A directory opens but cannot be read as a file. */
	rc = rasgw_model_load_file(&m, RASGW_TEST_DATA_DIR, NULL);
	ck_assert_int_eq(rc, RASGW_EIO);
	ck_assert_ptr_eq(m, sentinel);
}
END_TEST

/* Arguments, options and limits. */
START_TEST(format_options_and_limits)
{
	rasgw_model *sentinel = (rasgw_model *)(uintptr_t)0x20, *m = sentinel;
	rasgw_load_options opts = RASGW_LOAD_OPTIONS_INIT, o2;
	const char *small = TOPO_DIR "/small.yaml";

	ck_assert_int_eq(rasgw_load_options_init(&o2, RASGW_LOAD_OPTIONS_VERSION), 0);
	ck_assert_uint_eq(o2.max_depth, RASGW_LOAD_DEFAULT_MAX_DEPTH);
	ck_assert_uint_eq(o2.max_bytes, RASGW_LOAD_DEFAULT_MAX_BYTES);
	ck_assert_int_eq(rasgw_load_options_init(&o2, 99), RASGW_EVERSION);
	ck_assert_int_eq(rasgw_load_options_init(NULL, RASGW_LOAD_OPTIONS_VERSION), RASGW_EINVAL);

	ck_assert_int_eq(rasgw_model_load_file(NULL, small, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_model_load_file(&m, NULL, NULL), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_model_load_buffer(&m, NULL, 3, NULL, NULL), RASGW_EINVAL);
	opts.version = 7;
	ck_assert_int_eq(rasgw_model_load_file(&m, small, &opts), RASGW_EVERSION);
	ck_assert_ptr_eq(m, sentinel);

	/* small.yaml nests 7 levels (top, virtualGateways, tenant, networkConnections,
	 * connection, routes, route). */
	opts = (rasgw_load_options)RASGW_LOAD_OPTIONS_INIT;
	opts.max_depth = 6;
	ck_assert_int_eq(rasgw_model_load_file(&m, small, &opts), RASGW_ELIMIT);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "deeper than 6"));
	ck_assert_ptr_eq(m, sentinel);
	opts.max_depth = 7;
	ck_assert_int_eq(rasgw_model_load_file(&m, small, &opts), 0);
	rasgw_model_free(m);
	m = sentinel;

	size_t len;
	char *text = read_all(small, &len);
	opts = (rasgw_load_options)RASGW_LOAD_OPTIONS_INIT;
	opts.max_bytes = len - 1;
	ck_assert_int_eq(rasgw_model_load_file(&m, small, &opts), RASGW_ELIMIT);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, small));
	ck_assert_int_eq(rasgw_model_load_buffer(&m, text, len, NULL, &opts), RASGW_ELIMIT);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "<buffer>"));
	ck_assert_ptr_eq(m, sentinel);
	opts.max_bytes = len;
	ck_assert_int_eq(rasgw_model_load_buffer(&m, text, len, NULL, &opts), 0);
	rasgw_model_free(m);
	m = sentinel;

	/* The buffer need not be NUL-terminated, and NULL names it "<buffer>". */
	char *copy = malloc(len + 8);
	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, len);
	memcpy(copy + len, "\n:\t{[&*", 8);
	ck_assert_int_eq(rasgw_model_load_buffer(&m, copy, len, NULL, NULL), 0);
	rasgw_model_free(m);
	m = sentinel;
	ck_assert_int_eq(rasgw_model_load_buffer(&m, "racks: 1", 8, NULL, NULL), RASGW_EPARSE);
	ck_assert_str_eq(rasgw_error_last()->file, "<buffer>");
	free(copy);
	free(text);
}
END_TEST

/* The same file always gives the same model; the order of entries in the
 * file does not matter. */
START_TEST(format_deterministic)
{
	static const char a[] = RACKS_HOSTS
		"gatewayPools:\n" IKE_POOL("p", "")
		"gateways:\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n";
	static const char b[] =
		"gateways:\n"
		"  - {id: g2, pool: p, virtualServer: h2, dip: 10.0.0.2}\n"
		"  - {id: g1, pool: p, virtualServer: h1, dip: 10.0.0.1}\n"
		"gatewayPools:\n" IKE_POOL("p", "")
		"hosts:\n"
		"  - {id: h3, rack: r2}\n"
		"  - {id: h2, rack: r1}\n"
		"  - {id: h1, rack: r1}\n"
		"racks:\n"
		"  - {id: r2, tor: {name: tor2, asn: 65002}, vlans: [1002, 1001]}\n"
		"  - {id: r1, tor: {name: tor1, asn: 65001}, vlans: [1001]}\n";
	rasgw_model *ma = load_ok(a), *mb = load_ok(b);
	ck_assert_uint_eq(rasgw_model_fingerprint(ma), rasgw_model_fingerprint(mb));
	ck_assert_int_eq(rasgw_model_gateway_lookup(mb, "g2")->role, RASGW_GATEWAY_STANDBY);
	for (size_t i = 0; i < 3; i++) {
		char id[4];
		snprintf(id, sizeof(id), "h%zu", i + 1);
		ck_assert_str_eq(rasgw_model_host_get(mb, i)->id, id);
	}
	ck_assert_uint_eq(rasgw_model_rack_get(mb, 1)->vlans[0], 1001);
	rasgw_model_free(ma);
	rasgw_model_free(mb);
}
END_TEST

/* The complete example of doc/topology-format.md loads (keeps the doc honest). */
START_TEST(format_doc_example)
{
	size_t len;
	char *doc = read_all(RASGW_EXAMPLES_DIR "/../doc/topology-format.md", &len);
	char *text = realloc(doc, len + 1);
	ck_assert_ptr_nonnull(text);
	text[len] = '\0';
	char *start = strstr(text, "## A complete example");
	ck_assert_ptr_nonnull(start);
	start = strstr(start, "```yaml\n");
	ck_assert_ptr_nonnull(start);
	start += strlen("```yaml\n");
	char *end = strstr(start, "\n```");
	ck_assert_ptr_nonnull(end);

	rasgw_model *m = NULL;
	int rc = rasgw_model_load_buffer(&m, start, (size_t)(end - start) + 1, "doc-example", NULL);
	ck_assert_msg(rc == 0, "%s", rasgw_error_last()->message);
	ck_assert_uint_eq(rasgw_model_pool_count(m), 4);
	ck_assert_uint_eq(rasgw_model_connection_count(m), 5);
	ck_assert_int_eq(rasgw_model_gateway_lookup(m, "ike-gw2")->role, RASGW_GATEWAY_STANDBY);
	ck_assert_int_eq(rasgw__model_check_invariants(m), 0);
	rasgw_model_free(m);
	free(text);
}
END_TEST

/* ------------------------------------------------------ allocation failure */

static long alloc_fail_at = -1, alloc_calls, alloc_live;

static void *t_malloc(size_t n, void *payload)
{
	(void)payload;
	if (alloc_calls++ == alloc_fail_at)
		return NULL;
	void *p = malloc(n);
	alloc_live += p != NULL;
	return p;
}

static void *t_realloc(void *ptr, size_t n, void *payload)
{
	(void)payload;
	if (alloc_calls++ == alloc_fail_at)
		return NULL;
	void *p = realloc(ptr, n);
	alloc_live += p && !ptr;
	return p;
}

static void t_free(void *ptr, void *payload)
{
	(void)payload;
	alloc_live -= ptr != NULL;
	free(ptr);
}

/* Failing each allocation in turn gives RASGW_ENOMEM, the output untouched
 * and nothing left allocated; past the last one the load succeeds. */
START_TEST(format_allocation_failure)
{
	static const rasgw_allocator counting = { RASGW_ALLOCATOR_VERSION, t_malloc, t_realloc,
						  t_free, NULL };
	size_t len;
	char *text = read_all(TOPO_DIR "/contoso-woodgrove.yaml", &len);
	bool done = false;

	ck_assert_int_eq(rasgw_set_allocator(&counting), 0);
	for (alloc_fail_at = 0; !done; alloc_fail_at++) {
		rasgw_model *sentinel = (rasgw_model *)(uintptr_t)0x30, *m = sentinel;
		alloc_calls = 0;
		alloc_live = 0;
		int rc = rasgw_model_load_buffer(&m, text, len, "cw.yaml", NULL);
		if (alloc_calls <= alloc_fail_at) {
			ck_assert_msg(rc == 0, "no failure injected, still %d: %s", rc,
				      rasgw_error_last()->message);
			rasgw_model_free(m);
			done = true;
		} else {
			ck_assert_msg(rc == RASGW_ENOMEM, "allocation %ld failed: rc %d (%s)",
				      alloc_fail_at, rc, rasgw_error_last()->message);
			ck_assert_ptr_eq(m, sentinel);
		}
		ck_assert_msg(alloc_live == 0, "allocation %ld failed: %ld blocks leaked",
			      alloc_fail_at, alloc_live);
	}
	rasgw_set_allocator(NULL);
	free(text);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("load");
	struct {
		const char *name;
		const TTest *test;
	} cases[] = {
		{ "catalogue_bad_topologies", catalogue_bad_topologies },
		{ "catalogue_good_topologies", catalogue_good_topologies },
		{ "examples_load", examples_load },
		{ "R1_1_pool_types", R1_1_pool_types },
		{ "R1_2_n_le_m", R1_2_n_le_m },
		{ "R1_3_capacity", R1_3_capacity },
		{ "R1_4_shared_public_ip", R1_4_shared_public_ip },
		{ "R1_6_dedicated_pools", R1_6_dedicated_pools },
		{ "R2_2_all_pool_exclusive", R2_2_all_pool_exclusive },
		{ "R2_3_unique_source_ip", R2_3_unique_source_ip },
		{ "R6_1_gre_vip", R6_1_gre_vip },
		{ "R7_1_contoso_woodgrove", R7_1_contoso_woodgrove },
		{ "R7_2_rack_vlan", R7_2_rack_vlan },
		{ "format_enums_ignore_case", format_enums_ignore_case },
		{ "format_numbers_as_strings", format_numbers_as_strings },
		{ "format_asdot_asn", format_asdot_asn },
		{ "format_role_assignment_by_id_order", format_role_assignment_by_id_order },
		{ "format_logical_networks", format_logical_networks },
		{ "format_aliases", format_aliases },
		{ "format_file_not_found", format_file_not_found },
		{ "format_options_and_limits", format_options_and_limits },
		{ "format_deterministic", format_deterministic },
		{ "format_doc_example", format_doc_example },
		{ "format_allocation_failure", format_allocation_failure },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return s;
}

int main(void)
{
	return rasgw_test_run(suite());
}
