/*
 * The few lines every Check program of tests/unit/ ends with, in one place:
 * a test case per test (so each case's name can carry the DOMAIN rule it
 * checks) and the runner.
 */
#ifndef RASGW_TEST_CHECK_MAIN_H
#define RASGW_TEST_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

/* One test case named `name` (e.g. "R5_2_order_of_operations") holding test t. */
static inline void rasgw_test_add(Suite *s, const char *name, const TTest *t)
{
	TCase *tc = tcase_create(name);
	tcase_add_test(tc, t);
	suite_add_tcase(s, tc);
}

/* Run the suite; the process exit status says whether every test passed. */
static inline int rasgw_test_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
