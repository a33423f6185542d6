/*
 * Executor and in-memory backend (R8.1: plans are applied by pluggable
 * backends; a failed apply rolls back to the state before).
 */
#include <check.h>

#include "check_main.h"
#include <stdlib.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exec/exec_int.h"
#include "rasgw/exec.h"
#include "rasgw/failover.h"
#include "rasgw/load.h"

static rasgw_model *small_model(void)
{
	rasgw_model *m;
	ck_assert_int_eq(rasgw_model_new(&m), 0);
	rasgw_rack r = { .id = "r1" };
	ck_assert_int_eq(rasgw__model_add_rack(m, &r, NULL), 0);
	return m;
}

/* A plan touching every target kind, built op by op. */
static rasgw_plan *sample_plan(rasgw_model *m)
{
	rasgw_plan *p, *out;
	ck_assert_int_eq(rasgw__plan_new(&p, m, "test", NULL), 0);
	rasgw_connection settings = { .id = "c1", .tenant_id = "t1", .type = RASGW_CONN_IKEV2 };
	rasgw_op ops[] = {
		{ .phase = RASGW_PHASE_CONFIGURE, .target_kind = RASGW_TARGET_GATEWAY, .target = "gw2",
		  .kind = RASGW_OP_GATEWAY_PROMOTE },
		{ .phase = RASGW_PHASE_CONFIGURE, .target_kind = RASGW_TARGET_GATEWAY, .target = "gw2",
		  .kind = RASGW_OP_GATEWAY_CONNECTION_CONFIGURE, .tenant = "t1", .connection = "c1",
		  .settings = &settings },
		{ .phase = RASGW_PHASE_CONFIGURE, .target_kind = RASGW_TARGET_GATEWAY, .target = "gw2",
		  .kind = RASGW_OP_GATEWAY_BGP_RR_CONFIGURE, .tenant = "t1", .asn = 65001 },
		{ .phase = RASGW_PHASE_REPOINT_SLB, .target_kind = RASGW_TARGET_SLB, .target = "203.0.113.1",
		  .kind = RASGW_OP_SLB_NAT_UPDATE, .public_ip = "203.0.113.1", .source_ip = "198.51.100.7",
		  .dip = "10.0.0.2", .gateway = "gw2", .old_dip = "10.0.0.1", .old_gateway = "gw1" },
		{ .phase = RASGW_PHASE_REPEER, .target_kind = RASGW_TARGET_TOR, .target = "r1",
		  .kind = RASGW_OP_TOR_VIP_ADVERTISE, .address = "10.9.0.1", .gateway = "gw2", .dip = "10.0.0.2" },
		{ .phase = RASGW_PHASE_INSTALL_ROUTES, .target_kind = RASGW_TARGET_HOST, .target = "h1",
		  .kind = RASGW_OP_HOST_ROUTE_INSTALL, .tenant = "t1", .prefix = "192.168.0.0/24",
		  .gateway = "gw2", .dip = "10.0.0.2" },
		{ .phase = RASGW_PHASE_INSTALL_ROUTES, .target_kind = RASGW_TARGET_HOST, .target = "h1",
		  .kind = RASGW_OP_HOST_POLICY_INSTALL, .tenant = "t1", .connection = "c1",
		  .gateway = "gw2", .dip = "10.0.0.2" },
	};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		rasgw__plan_add_op(p, &ops[i]);
	ck_assert_int_eq(rasgw__plan_finish(p, &out), 0);
	return out;
}

static char *dump(rasgw_memory_backend *mb)
{
	char *s;
	ck_assert_int_eq(rasgw_memory_backend_dump(mb, &s), 0);
	return s;
}

/* Seed the dataplane with the NAT rule the plan repoints. */
static void seed(rasgw_memory_backend *mb, rasgw_backends *b)
{
	rasgw_op nat = { .phase = RASGW_PHASE_REPOINT_SLB, .target_kind = RASGW_TARGET_SLB,
			 .target = "203.0.113.1", .kind = RASGW_OP_SLB_NAT_ADD,
			 .public_ip = "203.0.113.1", .source_ip = "198.51.100.7", .dip = "10.0.0.1",
			 .gateway = "gw1" };
	ck_assert_int_eq(b->slots[RASGW_TARGET_SLB].backend.apply(&nat, mb), 0);
	rasgw_memory_backend_fail_at(mb, 0, 0);
}

START_TEST(R8_1_apply_reaches_every_target)
{
	rasgw_model *m = small_model();
	rasgw_plan *plan = sample_plan(m);
	rasgw_memory_backend *mb;
	rasgw_backends *b;
	ck_assert_int_eq(rasgw_memory_backend_new(&mb), 0);
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	ck_assert_int_eq(rasgw_memory_backend_attach(mb, b), 0);
	seed(mb, b);
	rasgw_apply_report *rep;
	ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, &rep), 0);
	ck_assert_uint_eq(rasgw_apply_report_applied(rep), rasgw_plan_op_count(plan));
	ck_assert_int_eq(rasgw_apply_report_failed_index(rep), -1);
	char *s = dump(mb);
	ck_assert_ptr_nonnull(strstr(s, "slb 203.0.113.1 nat 198.51.100.7 = 10.0.0.2 (gw2)\n"));
	ck_assert_ptr_nonnull(strstr(s, "host h1 route t1 192.168.0.0/24 = via 10.0.0.2 (gw2)\n"));
	ck_assert_ptr_nonnull(strstr(s, "tor r1 vip 10.9.0.1 = via 10.0.0.2 (gw2)\n"));
	ck_assert_ptr_nonnull(strstr(s, "gateway gw2 connection c1 = t1 IPSec\n"));
	ck_assert_uint_eq(rasgw_memory_backend_fact_count(mb), 7);
	/* Applying the same plan again is harmless (idempotent backends). */
	rasgw_apply_report_free(rep);
	ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, &rep), 0);
	char *s2 = dump(mb);
	ck_assert_str_eq(s, s2);
	rasgw_free(s);
	rasgw_free(s2);
	rasgw_apply_report_free(rep);
	rasgw_backends_free(b);
	rasgw_memory_backend_free(mb);
	rasgw_plan_free(plan);
	rasgw_model_free(m);
}
END_TEST

START_TEST(R8_1_fault_at_every_op_rolls_back_exactly)
{
	rasgw_model *m = small_model();
	rasgw_plan *plan = sample_plan(m);
	size_t n = rasgw_plan_op_count(plan);
	for (size_t k = 0; k < n; k++) {
		rasgw_memory_backend *mb;
		rasgw_backends *b;
		ck_assert_int_eq(rasgw_memory_backend_new(&mb), 0);
		ck_assert_int_eq(rasgw_backends_new(&b), 0);
		ck_assert_int_eq(rasgw_memory_backend_attach(mb, b), 0);
		seed(mb, b);
		char *before = dump(mb);
		/* Fail op k on every attempt (1 + 2 retries). */
		rasgw_memory_backend_fail_at(mb, k, 3);
		rasgw_apply_report *rep;
		ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, &rep), RASGW_EBACKEND);
		ck_assert_int_eq(rasgw_apply_report_failed_index(rep), (int64_t)k);
		ck_assert_uint_eq(rasgw_apply_report_rolled_back(rep), k);
		ck_assert_uint_eq(rasgw_apply_report_rollback_failures(rep), 0);
		ck_assert_uint_eq(rasgw_apply_report_applied(rep), 0);
		ck_assert_ptr_nonnull(strstr(rasgw_apply_report_message(rep), "injected failure"));
		ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, rasgw_op_kind_name(
			rasgw_plan_op_get(plan, k)->kind)));
		char *after = dump(mb);
		ck_assert_str_eq(before, after);
		rasgw_free(before);
		rasgw_free(after);
		rasgw_apply_report_free(rep);
		rasgw_backends_free(b);
		rasgw_memory_backend_free(mb);
	}
	rasgw_plan_free(plan);
	rasgw_model_free(m);
}
END_TEST

START_TEST(R8_1_retry_recovers_a_transient_failure)
{
	rasgw_model *m = small_model();
	rasgw_plan *plan = sample_plan(m);
	rasgw_memory_backend *mb;
	rasgw_backends *b;
	ck_assert_int_eq(rasgw_memory_backend_new(&mb), 0);
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	ck_assert_int_eq(rasgw_memory_backend_attach(mb, b), 0);
	rasgw_memory_backend_fail_at(mb, 2, 2);
	rasgw_apply_report *rep;
	ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, &rep), 0);
	ck_assert_uint_eq(rasgw_apply_report_retries(rep), 2);
	ck_assert_uint_eq(rasgw_apply_report_applied(rep), rasgw_plan_op_count(plan));
	rasgw_apply_report_free(rep);
	/* With no retries allowed the same fault is final. */
	rasgw_memory_backend_fail_at(mb, 2, 1);
	rasgw_apply_options o;
	ck_assert_int_eq(rasgw_apply_options_init(&o, RASGW_APPLY_OPTIONS_VERSION), 0);
	o.max_retries = 0;
	ck_assert_int_eq(rasgw_plan_apply(plan, b, &o, NULL), RASGW_EBACKEND);
	rasgw_backends_free(b);
	rasgw_memory_backend_free(mb);
	rasgw_plan_free(plan);
	rasgw_model_free(m);
}
END_TEST

struct barrier_log {
	int calls;
	int stop_at;
	rasgw_phase seen[16];
	size_t progress_last;
};

static int barrier(rasgw_phase done, rasgw_phase next, void *payload)
{
	struct barrier_log *l = payload;
	ck_assert_int_lt(done, next);
	l->seen[l->calls++] = next;
	return l->calls == l->stop_at ? 1 : 0;
}

static void progress(size_t done, size_t total, void *payload)
{
	struct barrier_log *l = payload;
	ck_assert_uint_eq(done, l->progress_last + 1);
	ck_assert_uint_le(done, total);
	l->progress_last = done;
}

START_TEST(R5_2_barriers_between_phases)
{
	rasgw_model *m = small_model();
	rasgw_plan *plan = sample_plan(m);
	rasgw_memory_backend *mb;
	rasgw_backends *b;
	ck_assert_int_eq(rasgw_memory_backend_new(&mb), 0);
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	ck_assert_int_eq(rasgw_memory_backend_attach(mb, b), 0);
	struct barrier_log log = { 0 };
	rasgw_apply_options o = RASGW_APPLY_OPTIONS_INIT;
	o.barrier = barrier;
	o.progress = progress;
	o.payload = &log;
	ck_assert_int_eq(rasgw_plan_apply(plan, b, &o, NULL), 0);
	/* configure -> repoint-slb -> repeer -> install-routes: three barriers */
	ck_assert_int_eq(log.calls, 3);
	ck_assert_int_eq(log.seen[0], RASGW_PHASE_REPOINT_SLB);
	ck_assert_int_eq(log.seen[2], RASGW_PHASE_INSTALL_ROUTES);
	ck_assert_uint_eq(log.progress_last, rasgw_plan_op_count(plan));

	/* A barrier that says stop rolls everything back. */
	rasgw_backends_free(b);
	rasgw_memory_backend_free(mb);
	ck_assert_int_eq(rasgw_memory_backend_new(&mb), 0);
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	ck_assert_int_eq(rasgw_memory_backend_attach(mb, b), 0);
	seed(mb, b);
	char *before = dump(mb);
	log = (struct barrier_log){ .stop_at = 2 };
	rasgw_apply_report *rep;
	ck_assert_int_eq(rasgw_plan_apply(plan, b, &o, &rep), RASGW_EUSER);
	char *after = dump(mb);
	ck_assert_str_eq(before, after);
	rasgw_free(before);
	rasgw_free(after);
	ck_assert_uint_eq(rasgw_apply_report_rolled_back(rep), 4);
	rasgw_apply_report_free(rep);
	rasgw_backends_free(b);
	rasgw_memory_backend_free(mb);
	rasgw_plan_free(plan);
	rasgw_model_free(m);
}
END_TEST

static int destroyed;
static void count_destroy(void *payload)
{
	(void)payload;
	destroyed++;
}
static int ok_apply(const rasgw_op *op, void *payload)
{
	(void)op;
	(void)payload;
	return 0;
}

START_TEST(backend_registry_contract)
{
	rasgw_model *m = small_model();
	rasgw_plan *plan = sample_plan(m);
	rasgw_backends *b;
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	rasgw_backend be = { RASGW_BACKEND_VERSION, "x", NULL, ok_apply, NULL, NULL, count_destroy, NULL };
	/* Missing backends are an error unless skipped on request. */
	ck_assert_int_eq(rasgw_backends_register(b, RASGW_TARGET_GATEWAY, &be), 0);
	ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, NULL), RASGW_EBACKEND);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "no backend registered for slb"));
	rasgw_apply_options o = RASGW_APPLY_OPTIONS_INIT;
	o.skip_missing = true;
	ck_assert_int_eq(rasgw_plan_apply(plan, b, &o, NULL), 0);
	/* Version and argument checks. */
	rasgw_backend bad = be;
	bad.version = 99;
	ck_assert_int_eq(rasgw_backends_register(b, RASGW_TARGET_SLB, &bad), RASGW_EVERSION);
	bad = be;
	bad.apply = NULL;
	ck_assert_int_eq(rasgw_backends_register(b, RASGW_TARGET_SLB, &bad), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_backends_register(b, (rasgw_target_kind)7, &be), RASGW_EINVAL);
	o.version = 42;
	ck_assert_int_eq(rasgw_plan_apply(plan, b, &o, NULL), RASGW_EVERSION);
	/* Replacing destroys the old one; freeing destroys the rest. */
	destroyed = 0;
	ck_assert_int_eq(rasgw_backends_register(b, RASGW_TARGET_GATEWAY, &be), 0);
	ck_assert_int_eq(destroyed, 1);
	rasgw_backends_free(b);
	ck_assert_int_eq(destroyed, 2);
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	ck_assert_int_eq(rasgw_backends_load_plugin(b, "/nonexistent/plugin.so", NULL), RASGW_EIO);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "/nonexistent/plugin.so"));
	rasgw_backends_free(b);
	rasgw_plan_free(plan);
	rasgw_model_free(m);
}
END_TEST

/*
 * R5.2/R8.1: every operation index of real failover plans (GRE with its VIP,
 * IKEv2 with NAT repointing, L3 with VLAN-bound addresses, a whole host)
 * fails in turn; after the rollback the dataplane is exactly as before.
 * The "before" dataplane is what the plan replaces: applying the inverse
 * plan to an empty backend builds it.
 */
START_TEST(R5_2_failover_plan_rolls_back_at_every_op)
{
	rasgw_model *m;
	ck_assert_int_eq(rasgw_model_load_file(&m, RASGW_EXAMPLES_DIR "/topologies/contoso-woodgrove.yaml",
					       NULL), 0);
	const char *gateways[] = { "gre-gw1", "ike-gw1", "l3-gw1" };
	size_t plans = 0, faults = 0;
	for (size_t gi = 0; gi <= sizeof(gateways) / sizeof(gateways[0]); gi++) {
		rasgw_plan *plan, *inverse;
		if (gi < sizeof(gateways) / sizeof(gateways[0]))
			ck_assert_int_eq(rasgw_plan_gateway_failure(&plan, m, gateways[gi],
								    RASGW_FAILURE_SERVICE, NULL), 0);
		else
			ck_assert_int_eq(rasgw_plan_host_failure(&plan, m, "r1-h1", NULL), 0);
		ck_assert_int_eq(rasgw_plan_invert(&inverse, plan), 0);
		size_t n = rasgw_plan_op_count(plan);
		ck_assert_uint_gt(n, 3);
		plans++;
		for (size_t k = 0; k < n; k++) {
			rasgw_memory_backend *mb;
			rasgw_backends *b;
			ck_assert_int_eq(rasgw_memory_backend_new(&mb), 0);
			ck_assert_int_eq(rasgw_backends_new(&b), 0);
			ck_assert_int_eq(rasgw_memory_backend_attach(mb, b), 0);
			ck_assert_int_eq(rasgw_plan_apply(inverse, b, NULL, NULL), 0);
			char *before = dump(mb);
			ck_assert_uint_gt(rasgw_memory_backend_fact_count(mb), 0);
			rasgw_memory_backend_fail_at(mb, k, 3);
			rasgw_apply_report *rep;
			ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, &rep), RASGW_EBACKEND);
			ck_assert_int_eq(rasgw_apply_report_failed_index(rep), (int64_t)k);
			ck_assert_uint_eq(rasgw_apply_report_rolled_back(rep), k);
			char *after = dump(mb);
			ck_assert_str_eq(before, after);
			faults++;
			rasgw_free(before);
			rasgw_free(after);
			rasgw_apply_report_free(rep);
			rasgw_backends_free(b);
			rasgw_memory_backend_free(mb);
		}
		rasgw_plan_free(inverse);
		rasgw_plan_free(plan);
	}
	ck_assert_uint_eq(plans, 4);
	ck_assert_uint_gt(faults, 40);
	rasgw_model_free(m);
}
END_TEST

static char *read_fd(int fd)
{
	static char text[65536];
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	ssize_t n = read(fd, text, sizeof(text) - 1);
	ck_assert_int_ge(n, 0);
	text[n] = 0;
	return text;
}

/* R8.1: a dry run through the JSON-lines backend logs every op, one per line. */
START_TEST(R8_1_jsonl_backend_logs_every_op)
{
	rasgw_model *m = small_model();
	rasgw_plan *plan = sample_plan(m);
	char path[] = "/tmp/rasgw-jsonl-XXXXXX";
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	unlink(path);
	rasgw_jsonl_backend *jb;
	rasgw_backends *b;
	ck_assert_int_eq(rasgw_jsonl_backend_new(&jb, fd), 0);
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	ck_assert_int_eq(rasgw_jsonl_backend_attach(jb, b), 0);
	ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, NULL), 0);
	char *text = read_fd(fd);
	size_t lines = 0;
	for (char *p = text; *p; p++)
		lines += *p == '\n';
	ck_assert_uint_eq(lines, rasgw_plan_op_count(plan) + 2);
	ck_assert_ptr_nonnull(strstr(text, "{\"event\":\"begin\",\"plan\":\"test\""));
	ck_assert_ptr_nonnull(strstr(text, "{\"event\":\"apply\",\"seq\":0,\"op\":{"));
	ck_assert_ptr_nonnull(strstr(text, "\"op\":\"slb.nat.update\""));
	ck_assert_ptr_nonnull(strstr(text, "{\"event\":\"commit\"}\n"));
	/* Each op line carries exactly what rasgw_op_to_json gives. */
	char *op0;
	ck_assert_int_eq(rasgw_op_to_json(rasgw_plan_op_get(plan, 0), &op0), 0);
	ck_assert_ptr_nonnull(strstr(text, op0));
	rasgw_free(op0);
	rasgw_backends_free(b);
	rasgw_jsonl_backend_free(jb);
	close(fd);

	/* A log that cannot be written fails the apply: nothing goes unlogged. */
	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(rasgw_jsonl_backend_new(&jb, fd), 0);
	ck_assert_int_eq(rasgw_backends_new(&b), 0);
	ck_assert_int_eq(rasgw_jsonl_backend_attach(jb, b), 0);
	ck_assert_int_eq(rasgw_plan_apply(plan, b, NULL, NULL), RASGW_EBACKEND);
	ck_assert_ptr_nonnull(strstr(rasgw_error_last()->message, "write failed"));
	rasgw_backends_free(b);
	rasgw_jsonl_backend_free(jb);
	close(fd);
	ck_assert_int_eq(rasgw_jsonl_backend_new(&jb, -1), RASGW_EINVAL);
	rasgw_plan_free(plan);
	rasgw_model_free(m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exec");
	TCase *tc = tcase_create("R8_1_executor");
	tcase_add_test(tc, R8_1_apply_reaches_every_target);
	tcase_add_test(tc, R8_1_fault_at_every_op_rolls_back_exactly);
	tcase_add_test(tc, R8_1_retry_recovers_a_transient_failure);
	tcase_add_test(tc, backend_registry_contract);
	tcase_add_test(tc, R8_1_jsonl_backend_logs_every_op);
	suite_add_tcase(s, tc);
	TCase *tb = tcase_create("R5_2_phases");
	tcase_add_test(tb, R5_2_barriers_between_phases);
	tcase_add_test(tb, R5_2_failover_plan_rolls_back_at_every_op);
	suite_add_tcase(s, tb);
	return rasgw_test_run(s);
}
