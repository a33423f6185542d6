/*
 * Load benchmark: the largest generated datacenter (10 000 gateways,
 * 100 000 tenants, 1 000 000 connections with routes) written as YAML
 * topology text and as a JSON snapshot, then read back by the library and,
 * on the same bytes, by the bare parsers the library is built on: a
 * yaml_parser_parse() event loop (libyaml) and cJSON_ParseWithLength().
 * The bare parse is the floor: the ratio says what building the model
 * costs on top of reading the syntax. Both reads must give the generated
 * model's fingerprint (exit 1 otherwise). The model builder alone
 * (rasgw__model_add_* of the same records) shows what is left for each
 * reader's own work.
 *
 * Output: one JSON line per figure (gen.h), for 100 000 and 1 000 000
 * connections. --smoke: a small datacenter. --size C: C connections only
 * (gateways, tenants and hosts scale with it).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "gen.h"
#include "model/model_int.h"
#include "rasgw/alloc.h"
#include "rasgw/errors.h"
#include "rasgw/load.h"
#include "rasgw/snapshot.h"

static int die(const char *what)
{
	fprintf(stderr, "bench_load: %s: %s\n", what, rasgw_error_last()->message);
	return 1;
}

/* The floor for YAML: every event of the stream, nothing kept. */
static long bare_yaml(const char *text, size_t len)
{
	yaml_parser_t p;
	yaml_event_t ev;
	long events = 0;
	if (!yaml_parser_initialize(&p))
		return -1;
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	for (;;) {
		if (!yaml_parser_parse(&p, &ev)) {
			events = -1;
			break;
		}
		events++;
		bool end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	return events;
}

/*
 * The builder alone: every record of m added again to a new model through
 * rasgw__model_add_* in bulk (tables sorted once at the end, as the
 * loaders do) and validated. What a reader costs beyond its parser and
 * this is its own glue. Returns ns, or -1.
 */
static double rebuild(const rasgw_model *m)
{
	rasgw_model *c = NULL;
	if (rasgw_model_new(&c) < 0)
		return -1;
	double t0 = gen_now_ns();
	rasgw__table *t[] = { &c->racks, &c->hosts, &c->pools, &c->gateways, &c->tenants, &c->conns };
	for (size_t i = 0; i < 6; i++)
		t[i]->unsorted = true;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < rasgw_model_rack_count(m); i++)
		rc = rasgw__model_add_rack(c, rasgw_model_rack_get(m, i), NULL);
	for (size_t i = 0; rc == 0 && i < rasgw_model_host_count(m); i++)
		rc = rasgw__model_add_host(c, rasgw_model_host_get(m, i), NULL);
	for (size_t i = 0; rc == 0 && i < rasgw_model_pool_count(m); i++)
		rc = rasgw__model_add_pool(c, rasgw_model_pool_get(m, i), NULL);
	for (size_t i = 0; rc == 0 && i < rasgw_model_gateway_count(m); i++)
		rc = rasgw__model_add_gateway(c, rasgw_model_gateway_get(m, i), NULL);
	for (size_t i = 0; rc == 0 && i < rasgw_model_tenant_count(m); i++)
		rc = rasgw__model_add_tenant(c, rasgw_model_tenant_get(m, i), NULL);
	for (size_t i = 0; rc == 0 && i < rasgw_model_connection_count(m); i++)
		rc = rasgw__model_add_connection(c, rasgw_model_connection_get(m, i), NULL);
	for (size_t i = 0; i < 6; i++)
		rasgw__table_sort(t[i]);
	if (rc == 0)
		rc = rasgw__model_validate(c);
	double ns = gen_now_ns() - t0;
	bool same = rc == 0 && rasgw_model_fingerprint(c) == rasgw_model_fingerprint(m);
	rasgw_model_free(c);
	return same ? ns : -1;
}

static int run(size_t C, bool smoke)
{
	gen_params gp = { .seed = 42, .connections = C, .tenants = C / 10,
			  .gateways = C / 100 < 20 ? 20 : C / 100,
			  .hosts = C / 100 < 40 ? 40 : C / 100, .routes = true };
	rasgw_model *m = NULL;
	gen_stats st;
	double t0 = gen_now_ns();
	if (gen_build(&gp, &m, &st) < 0)
		return 1;
	double t_build = gen_now_ns() - t0;
	size_t size = st.connections;
	gen_emit("load", size, "generate_ns_per_connection", t_build / (double)size, "ns");

	double t_rebuild = rebuild(m);
	if (t_rebuild < 0)
		return die("rebuild");

	char *json = NULL;
	t0 = gen_now_ns();
	if (rasgw_model_snapshot_json(m, &json) < 0)
		return die("snapshot");
	double t_jw = gen_now_ns() - t0;
	size_t jlen = strlen(json);
	char *yaml = NULL;
	size_t ylen = 0;
	t0 = gen_now_ns();
	if (gen_yaml(m, &yaml, &ylen) < 0)
		return die("yaml");
	double t_yw = gen_now_ns() - t0;
	uint64_t fp = rasgw_model_fingerprint(m);
	rasgw_model_free(m);

	gen_emit("load", size, "yaml_bytes", (double)ylen, "B");
	gen_emit("load", size, "json_bytes", (double)jlen, "B");
	gen_emit("load", size, "snapshot_write_s", t_jw / 1e9, "s");
	gen_emit("load", size, "yaml_generate_s", t_yw / 1e9, "s");

	/* The best of a few runs: fresh pages, cache and allocator state vary. */
	int reps = smoke ? 1 : C >= 500000 ? 2 : 3;
	double bare_y = 1e300, lib_y = 1e300, bare_j = 1e300, bare_jd = 1e300, lib_j = 1e300;
	for (int r = 0; r < reps; r++) {
		t0 = gen_now_ns();
		long ev = bare_yaml(yaml, ylen);
		double t = gen_now_ns() - t0;
		if (ev < 0) {
			fprintf(stderr, "bench_load: libyaml refused the generated YAML\n");
			return 1;
		}
		bare_y = t < bare_y ? t : bare_y;

		rasgw_load_options lo = RASGW_LOAD_OPTIONS_INIT;
		lo.max_bytes = ylen + 1;
		rasgw_model *my = NULL;
		t0 = gen_now_ns();
		int rc = rasgw_model_load_buffer(&my, yaml, ylen, "gen.yaml", &lo);
		t = gen_now_ns() - t0;
		if (rc < 0) {
			fprintf(stderr, "bench_load: YAML of %zu connections: %s\n", size,
				rasgw_error_last()->message);
			gen_emit("load", size, "yaml_load_error", (double)rc, "code");
			lib_y = -1;
		} else {
			if (rasgw_model_fingerprint(my) != fp) {
				fprintf(stderr, "bench_load: YAML gives another model\n");
				return 1;
			}
			rasgw_model_free(my);
			lib_y = t < lib_y ? t : lib_y;
		}

		t0 = gen_now_ns();
		cJSON *root = cJSON_ParseWithLength(json, jlen);
		t = gen_now_ns() - t0;
		if (!root) {
			fprintf(stderr, "bench_load: cJSON refused the snapshot\n");
			return 1;
		}
		bare_j = t < bare_j ? t : bare_j;
		double t1 = gen_now_ns();
		cJSON_Delete(root);
		t += gen_now_ns() - t1;
		bare_jd = t < bare_jd ? t : bare_jd;

		rasgw_snapshot_options so = RASGW_SNAPSHOT_OPTIONS_INIT;
		so.max_bytes = jlen + 1;
		rasgw_model *mj = NULL;
		t0 = gen_now_ns();
		if (rasgw_model_from_json(&mj, json, jlen, &so) < 0)
			return die("snapshot read");
		t = gen_now_ns() - t0;
		if (rasgw_model_fingerprint(mj) != fp) {
			fprintf(stderr, "bench_load: the snapshot gives another model\n");
			return 1;
		}
		rasgw_model_free(mj);
		lib_j = t < lib_j ? t : lib_j;
	}
	gen_emit("load", size, "builder_s", t_rebuild / 1e9, "s");
	gen_emit("load", size, "yaml_parse_bare_s", bare_y / 1e9, "s");
	gen_emit("load", size, "yaml_bare_mb_per_s", (double)ylen / bare_y * 1e3, "MB/s");
	if (lib_y > 0) {
		gen_emit_vs("load", size, "yaml_load_s", lib_y / 1e9, "s", "libyaml_event_parse",
			    bare_y / 1e9);
		gen_emit("load", size, "yaml_load_mb_per_s", (double)ylen / lib_y * 1e3, "MB/s");
		gen_emit("load", size, "yaml_load_ns_per_connection", lib_y / (double)size, "ns");
	}
	gen_emit("load", size, "json_parse_bare_s", bare_j / 1e9, "s");
	gen_emit("load", size, "json_parse_delete_bare_s", bare_jd / 1e9, "s");
	gen_emit_vs("load", size, "json_load_s", lib_j / 1e9, "s", "cjson_parse", bare_j / 1e9);
	gen_emit_vs("load", size, "json_load_vs_parse_delete_s", lib_j / 1e9, "s",
		    "cjson_parse_delete", bare_jd / 1e9);
	gen_emit("load", size, "json_load_mb_per_s", (double)jlen / lib_j * 1e3, "MB/s");
	/* Where a snapshot read goes: cJSON, the model builder, the rest. */
	gen_emit("load", size, "json_share_parse", bare_jd / lib_j, "fraction");
	gen_emit("load", size, "json_share_builder", t_rebuild / lib_j, "fraction");
	gen_emit("load", size, "json_share_reader_glue", 1 - (bare_jd + t_rebuild) / lib_j, "fraction");
	if (lib_y > 0) {
		gen_emit("load", size, "yaml_share_parse", bare_y / lib_y, "fraction");
		gen_emit("load", size, "yaml_share_builder", t_rebuild / lib_y, "fraction");
		gen_emit("load", size, "yaml_share_tree_and_glue", 1 - (bare_y + t_rebuild) / lib_y,
			 "fraction");
	}
	gen_emit("load", size, "json_load_ns_per_connection", lib_j / (double)size, "ns");
	free(yaml);
	rasgw_free(json);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--smoke"))
		return run(2000, true);
	if (argc == 3 && !strcmp(argv[1], "--size"))
		return run(strtoull(argv[2], NULL, 10), false);
	if (argc == 1) /* a tenth of the largest too, to show how the ratios scale */
		return run(100000, false) || run(1000000, false);
	fprintf(stderr, "usage: bench_load [--smoke | --size CONNECTIONS]\n");
	return 2;
}
