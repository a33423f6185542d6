/*
 * Core helpers: status strings, the per-thread last error, the replaceable
 * allocator, and the internal containers (vector, text buffer, hash map,
 * hash). These carry no DOMAIN rule of their own; R8.1 (byte-identical
 * plans) rests on the hash being the same everywhere, tested here.
 */
#include "core/core.h"
#include "rasgw/alloc.h"
#include "rasgw/common.h"
#include "rasgw/errors.h"

#include <check.h>

#include "check_main.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ test allocator */

/* Counts calls and fails every allocation once `budget` reaches 0 (-1: never). */
struct test_alloc {
	long budget;
	size_t mallocs, reallocs, frees;
	size_t live;
};

static void *t_malloc(size_t size, void *payload)
{
	struct test_alloc *t = payload;
	if (t->budget == 0)
		return NULL;
	if (t->budget > 0)
		t->budget--;
	t->mallocs++;
	t->live++;
	return malloc(size);
}

static void *t_realloc(void *ptr, size_t size, void *payload)
{
	struct test_alloc *t = payload;
	if (t->budget == 0)
		return NULL;
	if (t->budget > 0)
		t->budget--;
	t->reallocs++;
	if (!ptr)
		t->live++;
	return realloc(ptr, size);
}

static void t_free(void *ptr, void *payload)
{
	struct test_alloc *t = payload;
	if (!ptr)
		return;
	t->frees++;
	t->live--;
	free(ptr);
}

static struct test_alloc talloc;

static void use_test_allocator(long budget)
{
	talloc = (struct test_alloc){ budget, 0, 0, 0, 0 };
	rasgw_allocator a = { RASGW_ALLOCATOR_VERSION, t_malloc, t_realloc, t_free, &talloc };
	ck_assert_int_eq(rasgw_set_allocator(&a), 0);
}

static void restore_allocator(void)
{
	ck_assert_int_eq(rasgw_set_allocator(NULL), 0);
}

/* ------------------------------------------------------------------ version */

START_TEST(version_matches_header)
{
	char want[32];
	snprintf(want, sizeof(want), "%d.%d.%d", RASGW_VERSION_MAJOR, RASGW_VERSION_MINOR,
		 RASGW_VERSION_PATCH);
	ck_assert_str_eq(rasgw_version(), want);
	ck_assert_int_eq(rasgw_version_number(), RASGW_VERSION_NUMBER);
	ck_assert_int_eq(RASGW_VERSION_NUMBER, RASGW_VERSION_MAJOR * 10000 +
						       RASGW_VERSION_MINOR * 100 +
						       RASGW_VERSION_PATCH);
}
END_TEST

/* ------------------------------------------------------------------ strerror */

START_TEST(strerror_every_code_distinct)
{
	/* Every defined code has its own message, different from the fallback. */
	const char *unknown = rasgw_strerror(-1000);
	ck_assert_ptr_nonnull(unknown);
	ck_assert_str_eq(unknown, "unknown error");
	ck_assert_str_eq(rasgw_strerror(1), "unknown error");
	const char *seen[RASGW_EUSER * -1 + 1];
	for (int code = RASGW_OK; code >= RASGW_EUSER; code--) {
		const char *m = rasgw_strerror(code);
		ck_assert_ptr_nonnull(m);
		ck_assert_msg(m[0] != '\0', "empty message for %d", code);
		ck_assert_msg(strcmp(m, unknown) != 0, "code %d has no message", code);
		for (int j = 0; j < -code; j++)
			ck_assert_msg(strcmp(seen[j], m) != 0, "codes %d and %d share \"%s\"", -j,
				      code, m);
		seen[-code] = m;
	}
	ck_assert_str_eq(rasgw_strerror(RASGW_ENOCAPACITY), "no capacity");
}
END_TEST

START_TEST(status_numbers_are_fixed)
{
	/* The numbers are ABI: a renumbering must fail here. */
	ck_assert_int_eq(RASGW_OK, 0);
	ck_assert_int_eq(RASGW_EINVAL, -1);
	ck_assert_int_eq(RASGW_ENOMEM, -2);
	ck_assert_int_eq(RASGW_EPARSE, -3);
	ck_assert_int_eq(RASGW_EVALIDATE, -4);
	ck_assert_int_eq(RASGW_ENOTFOUND, -5);
	ck_assert_int_eq(RASGW_EEXISTS, -6);
	ck_assert_int_eq(RASGW_ENOCAPACITY, -7);
	ck_assert_int_eq(RASGW_ESTALE, -8);
	ck_assert_int_eq(RASGW_EVERSION, -9);
	ck_assert_int_eq(RASGW_EIO, -10);
	ck_assert_int_eq(RASGW_EBACKEND, -11);
	ck_assert_int_eq(RASGW_ESTATE, -12);
	ck_assert_int_eq(RASGW_ELIMIT, -13);
	ck_assert_int_eq(RASGW_EUSER, -14);
}
END_TEST

/* --------------------------------------------------------------- last error */

/* A fresh thread's record is checked in error_last_is_per_thread. */
START_TEST(error_last_set_and_clear)
{
	ck_assert_int_eq(rasgw__error(RASGW_EINVAL, "pool %s: %d", "p1", 7), RASGW_EINVAL);
	const rasgw_error *e = rasgw_error_last();
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->code, RASGW_EINVAL);
	ck_assert_str_eq(e->message, "pool p1: 7");
	ck_assert_ptr_null(e->file);
	ck_assert_uint_eq(e->line, 0);

	rasgw_error_clear();
	e = rasgw_error_last();
	ck_assert_int_eq(e->code, 0);
	ck_assert_str_eq(e->message, "no error");
	ck_assert_ptr_null(e->file);
}
END_TEST

START_TEST(error_at_carries_position)
{
	ck_assert_int_eq(rasgw__error_at(RASGW_EPARSE, "topo.yaml", 12, 5, "expected %s", "map"),
			 RASGW_EPARSE);
	const rasgw_error *e = rasgw_error_last();
	ck_assert_int_eq(e->code, RASGW_EPARSE);
	ck_assert_str_eq(e->file, "topo.yaml");
	ck_assert_uint_eq(e->line, 12);
	ck_assert_uint_eq(e->column, 5);
	ck_assert_str_eq(e->message, "topo.yaml:12:5: expected map");

	/* A later plain error must not keep the old position. */
	rasgw__error(RASGW_ENOTFOUND, "gone");
	e = rasgw_error_last();
	ck_assert_ptr_null(e->file);
	ck_assert_uint_eq(e->line, 0);
	ck_assert_uint_eq(e->column, 0);
	ck_assert_str_eq(e->message, "gone");
}
END_TEST

START_TEST(error_long_message_truncated)
{
	char big[4000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	rasgw__error(RASGW_ELIMIT, "%s", big);
	const rasgw_error *e = rasgw_error_last();
	ck_assert_int_eq(e->code, RASGW_ELIMIT);
	size_t n = strlen(e->message);
	ck_assert_uint_gt(n, 100);
	ck_assert_uint_lt(n, 1024);
	ck_assert_int_eq(e->message[0], 'x');
}
END_TEST

START_TEST(error_nomem_fixed_message)
{
	ck_assert_int_eq(rasgw__error_nomem(), RASGW_ENOMEM);
	const rasgw_error *e = rasgw_error_last();
	ck_assert_int_eq(e->code, RASGW_ENOMEM);
	ck_assert_str_eq(e->message, "out of memory");
}
END_TEST

struct thread_view {
	int code_seen;
	char message_seen[64];
	int code_after;
};

static void *other_thread(void *arg)
{
	struct thread_view *v = arg;
	const rasgw_error *e = rasgw_error_last();
	v->code_seen = e->code;
	snprintf(v->message_seen, sizeof(v->message_seen), "%s", e->message);
	rasgw__error(RASGW_EIO, "thread's own error");
	v->code_after = rasgw_error_last()->code;
	return NULL;
}

START_TEST(error_last_is_per_thread)
{
	rasgw__error(RASGW_ESTALE, "main thread error");
	struct thread_view v = { 99, "", 99 };
	pthread_t t;
	ck_assert_int_eq(pthread_create(&t, NULL, other_thread, &v), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);

	ck_assert_int_eq(v.code_seen, 0);
	ck_assert_str_eq(v.message_seen, "no error");
	ck_assert_int_eq(v.code_after, RASGW_EIO);

	const rasgw_error *e = rasgw_error_last();
	ck_assert_int_eq(e->code, RASGW_ESTALE);
	ck_assert_str_eq(e->message, "main thread error");
}
END_TEST

/* ---------------------------------------------------------------- allocator */

START_TEST(set_allocator_checks_version)
{
	rasgw_allocator a = { RASGW_ALLOCATOR_VERSION + 1, t_malloc, t_realloc, t_free, &talloc };
	ck_assert_int_eq(rasgw_set_allocator(&a), RASGW_EVERSION);
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_EVERSION);
	a.version = 0;
	ck_assert_int_eq(rasgw_set_allocator(&a), RASGW_EVERSION);

	/* The refused allocator must not be in use. */
	talloc = (struct test_alloc){ -1, 0, 0, 0, 0 };
	char *s = rasgw__strdup("abc");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(talloc.mallocs, 0);
	rasgw__free(s);
	ck_assert_uint_eq(talloc.frees, 0);
}
END_TEST

START_TEST(set_allocator_needs_all_callbacks)
{
	rasgw_allocator a = { RASGW_ALLOCATOR_VERSION, t_malloc, NULL, t_free, &talloc };
	ck_assert_int_eq(rasgw_set_allocator(&a), RASGW_EINVAL);
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_EINVAL);
	a = (rasgw_allocator){ RASGW_ALLOCATOR_VERSION, NULL, t_realloc, t_free, &talloc };
	ck_assert_int_eq(rasgw_set_allocator(&a), RASGW_EINVAL);
	a = (rasgw_allocator){ RASGW_ALLOCATOR_VERSION, t_malloc, t_realloc, NULL, &talloc };
	ck_assert_int_eq(rasgw_set_allocator(&a), RASGW_EINVAL);
}
END_TEST

START_TEST(set_allocator_routes_all_memory)
{
	use_test_allocator(-1);
	char *s = rasgw__strdup("gateway-1");
	ck_assert_str_eq(s, "gateway-1");
	ck_assert_uint_eq(talloc.mallocs, 1);
	rasgw_free(s);
	ck_assert_uint_eq(talloc.frees, 1);
	rasgw_free(NULL);
	ck_assert_uint_eq(talloc.frees, 1);
	ck_assert_uint_eq(talloc.live, 0);

	/* Overflowing sizes fail before reaching the allocator. */
	size_t before = talloc.mallocs + talloc.reallocs;
	ck_assert_ptr_null(rasgw__calloc(SIZE_MAX / 2, 4));
	ck_assert_ptr_null(rasgw__reallocarray(NULL, SIZE_MAX / 2, 4));
	ck_assert_uint_eq(talloc.mallocs + talloc.reallocs, before);

	int *z = rasgw__calloc(16, sizeof(int));
	ck_assert_ptr_nonnull(z);
	for (int i = 0; i < 16; i++)
		ck_assert_int_eq(z[i], 0);
	rasgw__free(z);
	ck_assert_uint_eq(talloc.live, 0);

	restore_allocator();
	/* Back on libc: the test allocator sees nothing more. */
	s = rasgw__strdup("x");
	rasgw__free(s);
	ck_assert_uint_eq(talloc.frees, 2);
}
END_TEST

START_TEST(allocation_failure_returns_null)
{
	use_test_allocator(0);
	ck_assert_ptr_null(rasgw__malloc(8));
	ck_assert_ptr_null(rasgw__strdup("abc"));
	ck_assert_ptr_null(rasgw__strndup("abc", 2));
	restore_allocator();
	char *s = rasgw__strndup("abcdef", 3);
	ck_assert_str_eq(s, "abc");
	rasgw__free(s);
}
END_TEST

/* -------------------------------------------------------------------- vector */

START_TEST(vec_push_keeps_order)
{
	RASGW__VEC(int) v = { 0 };
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(RASGW__VEC_PUSH(&v, i * 3), 0);
	ck_assert_uint_eq(v.count, 1000);
	ck_assert_uint_ge(v.cap, 1000);
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(v.items[i], i * 3);
	RASGW__VEC_FREE(&v);
	ck_assert_ptr_null(v.items);
	ck_assert_uint_eq(v.count, 0);
	ck_assert_uint_eq(v.cap, 0);
}
END_TEST

START_TEST(vec_push_enomem_leaves_vector)
{
	RASGW__VEC(const char *) v = { 0 };
	use_test_allocator(-1);
	ck_assert_int_eq(RASGW__VEC_RESERVE(&v, 4), 0);
	for (int i = 0; i < 4; i++)
		ck_assert_int_eq(RASGW__VEC_PUSH(&v, "a"), 0);
	talloc.budget = 0;
	rasgw_error_clear();
	ck_assert_int_eq(RASGW__VEC_PUSH(&v, "b"), RASGW_ENOMEM);
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_ENOMEM);
	ck_assert_uint_eq(v.count, 4);
	ck_assert_str_eq(v.items[3], "a");
	talloc.budget = -1;
	ck_assert_int_eq(RASGW__VEC_PUSH(&v, "b"), 0);
	ck_assert_str_eq(v.items[4], "b");
	RASGW__VEC_FREE(&v);
	ck_assert_uint_eq(talloc.live, 0);
	restore_allocator();
}
END_TEST

/* ------------------------------------------------------------------- buffer */

START_TEST(buf_builds_text)
{
	rasgw__buf b = { 0 };
	rasgw__buf_puts(&b, "pool ");
	rasgw__buf_printf(&b, "%s=%d", "m", 4);
	rasgw__buf_putn(&b, "+N!", 2);
	ck_assert_str_eq(b.ptr, "pool m=4+N");
	ck_assert_uint_eq(b.len, strlen("pool m=4+N"));

	/* Longer than the 256-byte fast path of printf. */
	char line[1000];
	memset(line, 'g', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	rasgw__buf_printf(&b, "[%s]", line);
	ck_assert_uint_eq(b.len, 10 + 2 + 999);
	ck_assert_int_eq(b.ptr[10], '[');
	ck_assert_int_eq(b.ptr[b.len - 1], ']');
	ck_assert_int_eq(b.ptr[b.len], '\0');

	char *s = rasgw__buf_detach(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(strlen(s), 1011);
	ck_assert_ptr_null(b.ptr);
	ck_assert_uint_eq(b.len, 0);
	rasgw_free(s);

	/* An empty buffer still detaches to an empty string. */
	s = rasgw__buf_detach(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	rasgw_free(s);
}
END_TEST

START_TEST(buf_oom_latches)
{
	rasgw__buf b = { 0 };
	use_test_allocator(-1);
	rasgw__buf_puts(&b, "ok");
	talloc.budget = 0;
	char big[300];
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	rasgw__buf_puts(&b, big);
	ck_assert(b.oom);
	talloc.budget = -1;
	/* Memory is back, but the text is already incomplete: stay failed. */
	rasgw__buf_puts(&b, "more");
	ck_assert(b.oom);
	ck_assert_ptr_null(rasgw__buf_detach(&b));
	ck_assert_ptr_null(b.ptr);
	ck_assert_uint_eq(talloc.live, 0);
	restore_allocator();
}
END_TEST

/* --------------------------------------------------------------------- map */

START_TEST(map_put_get_replace_del)
{
	rasgw__map m = { 0 };
	ck_assert_ptr_null(rasgw__map_get(&m, "absent"));
	ck_assert_ptr_null(rasgw__map_del(&m, "absent"));

	int a = 1, b = 2, c = 3;
	ck_assert_int_eq(rasgw__map_put(&m, "gw1", &a), 0);
	ck_assert_int_eq(rasgw__map_put(&m, "gw2", &b), 0);
	ck_assert_uint_eq(m.count, 2);
	ck_assert_ptr_eq(rasgw__map_get(&m, "gw1"), &a);
	ck_assert_ptr_eq(rasgw__map_get(&m, "gw2"), &b);

	/* Keys compare by content, not by pointer. */
	char key[8];
	strcpy(key, "gw1");
	ck_assert_ptr_eq(rasgw__map_get(&m, key), &a);
	ck_assert_int_eq(rasgw__map_put(&m, key, &c), 0);
	ck_assert_uint_eq(m.count, 2);
	ck_assert_ptr_eq(rasgw__map_get(&m, "gw1"), &c);

	ck_assert_ptr_eq(rasgw__map_del(&m, "gw1"), &c);
	ck_assert_uint_eq(m.count, 1);
	ck_assert_ptr_null(rasgw__map_get(&m, "gw1"));
	ck_assert_ptr_eq(rasgw__map_get(&m, "gw2"), &b);
	ck_assert_ptr_null(rasgw__map_del(&m, "gw1"));

	/* The empty string is a key like any other. */
	ck_assert_int_eq(rasgw__map_put(&m, "", &a), 0);
	ck_assert_ptr_eq(rasgw__map_get(&m, ""), &a);
	ck_assert_ptr_eq(rasgw__map_del(&m, ""), &a);
	ck_assert_ptr_null(rasgw__map_get(&m, ""));
	rasgw__map_free(&m);
	ck_assert_uint_eq(m.count, 0);
}
END_TEST

#define MANY 20000

START_TEST(map_many_keys_survive_growth)
{
	static char keys[MANY][16];
	rasgw__map m = { 0 };
	for (int i = 0; i < MANY; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%d", i);
		ck_assert_int_eq(rasgw__map_put(&m, keys[i], keys[i]), 0);
	}
	ck_assert_uint_eq(m.count, MANY);
	/* Delete the odd ones; the even ones stay reachable across tombstones. */
	for (int i = 1; i < MANY; i += 2)
		ck_assert_ptr_eq(rasgw__map_del(&m, keys[i]), keys[i]);
	ck_assert_uint_eq(m.count, MANY / 2);
	for (int i = 0; i < MANY; i++) {
		void *v = rasgw__map_get(&m, keys[i]);
		if (i % 2)
			ck_assert_ptr_null(v);
		else
			ck_assert_ptr_eq(v, keys[i]);
	}
	rasgw__map_free(&m);
}
END_TEST

START_TEST(map_churn_stays_bounded)
{
	/* put/del of ever-new keys must not grow the table without bound. */
	static char keys[MANY][16];
	rasgw__map m = { 0 };
	int anchor = 0;
	ck_assert_int_eq(rasgw__map_put(&m, "anchor", &anchor), 0);
	for (int i = 0; i < MANY; i++) {
		snprintf(keys[i], sizeof(keys[i]), "churn%d", i);
		ck_assert_int_eq(rasgw__map_put(&m, keys[i], keys[i]), 0);
		ck_assert_ptr_eq(rasgw__map_del(&m, keys[i]), keys[i]);
	}
	ck_assert_uint_eq(m.count, 1);
	ck_assert_uint_le(m.cap, 64);
	ck_assert_ptr_eq(rasgw__map_get(&m, "anchor"), &anchor);
	rasgw__map_free(&m);
}
END_TEST

START_TEST(map_enomem_leaves_map)
{
	rasgw__map m = { 0 };
	int x = 0;
	use_test_allocator(0);
	rasgw_error_clear();
	ck_assert_int_eq(rasgw__map_put(&m, "a", &x), RASGW_ENOMEM);
	ck_assert_int_eq(rasgw_error_last()->code, RASGW_ENOMEM);
	ck_assert_uint_eq(m.count, 0);
	ck_assert_ptr_null(rasgw__map_get(&m, "a"));

	/* Fill up to the first growth, then fail the growth. */
	static char keys[64][8];
	talloc.budget = -1;
	ck_assert_int_eq(rasgw__map_reserve(&m, 1), 0);
	size_t i = 0;
	for (;; i++) {
		snprintf(keys[i], sizeof(keys[i]), "k%zu", i);
		size_t cap = m.cap;
		talloc.budget = 0;
		int rc = rasgw__map_put(&m, keys[i], keys[i]);
		talloc.budget = -1;
		if (rc < 0) {
			ck_assert_int_eq(rc, RASGW_ENOMEM);
			ck_assert_uint_eq(m.cap, cap);
			break;
		}
		ck_assert_uint_lt(i, 63);
	}
	ck_assert_uint_eq(m.count, i);
	for (size_t j = 0; j < i; j++)
		ck_assert_ptr_eq(rasgw__map_get(&m, keys[j]), keys[j]);
	ck_assert_ptr_null(rasgw__map_get(&m, keys[i]));
	rasgw__map_free(&m);
	ck_assert_uint_eq(talloc.live, 0);
	restore_allocator();
}
END_TEST

/* --------------------------------------------------------------------- hash */

START_TEST(hash_is_xxh3_everywhere)
{
	/* R8.1: fingerprints and plans are byte-identical across builds, so the
	 * hash must be XXH3-64 (seed 0) itself: published reference values. */
	ck_assert_uint_eq(rasgw__hash("", 0), UINT64_C(0x2D06800538D394C2));
	ck_assert_uint_eq(rasgw__hash_str(""), UINT64_C(0x2D06800538D394C2));
	ck_assert_uint_eq(rasgw__hash_str("a"), UINT64_C(0xE6C632B61E964E1F));
	ck_assert_uint_eq(rasgw__hash_str("abc"), UINT64_C(0x78AF5F94892F3950));
	ck_assert_uint_eq(rasgw__hash("abc", 3), rasgw__hash_str("abc"));
}
END_TEST

START_TEST(cmp_strp_sorts_ids)
{
	const char *ids[] = { "gw10", "gw2", "gw1", "a", "gw10" };
	qsort(ids, RASGW__ARRAY_LEN(ids), sizeof(ids[0]), rasgw__cmp_strp);
	ck_assert_str_eq(ids[0], "a");
	ck_assert_str_eq(ids[1], "gw1");
	ck_assert_str_eq(ids[2], "gw10");
	ck_assert_str_eq(ids[3], "gw10");
	ck_assert_str_eq(ids[4], "gw2");
}
END_TEST

/* -------------------------------------------------------------------- suite */

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc;

	tc = tcase_create("core_version");
	tcase_add_test(tc, version_matches_header);
	suite_add_tcase(s, tc);

	tc = tcase_create("core_errors");
	tcase_add_test(tc, strerror_every_code_distinct);
	tcase_add_test(tc, status_numbers_are_fixed);
	tcase_add_test(tc, error_last_set_and_clear);
	tcase_add_test(tc, error_at_carries_position);
	tcase_add_test(tc, error_long_message_truncated);
	tcase_add_test(tc, error_nomem_fixed_message);
	tcase_add_test(tc, error_last_is_per_thread);
	suite_add_tcase(s, tc);

	tc = tcase_create("core_allocator");
	tcase_add_test(tc, set_allocator_checks_version);
	tcase_add_test(tc, set_allocator_needs_all_callbacks);
	tcase_add_test(tc, set_allocator_routes_all_memory);
	tcase_add_test(tc, allocation_failure_returns_null);
	suite_add_tcase(s, tc);

	tc = tcase_create("core_containers");
	tcase_add_test(tc, vec_push_keeps_order);
	tcase_add_test(tc, vec_push_enomem_leaves_vector);
	tcase_add_test(tc, buf_builds_text);
	tcase_add_test(tc, buf_oom_latches);
	tcase_add_test(tc, map_put_get_replace_del);
	tcase_add_test(tc, map_many_keys_survive_growth);
	tcase_add_test(tc, map_churn_stays_bounded);
	tcase_add_test(tc, map_enomem_leaves_map);
	suite_add_tcase(s, tc);

	tc = tcase_create("R8_1_stable_hash");
	tcase_add_test(tc, hash_is_xxh3_everywhere);
	tcase_add_test(tc, cmp_strp_sorts_ids);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return rasgw_test_run(core_suite());
}
