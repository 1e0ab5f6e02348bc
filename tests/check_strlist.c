#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "strlist.h"

START_TEST(test_empty_release)
{
	gtd_strlist l = {0, NULL};

	/* Releasing an empty list, twice, is harmless. */
	gtd_strlist_release(&l);
	gtd_strlist_release(&l);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(l.v);
}
END_TEST

START_TEST(test_add_copies)
{
	gtd_strlist l = {0, NULL};
	char s[] = "Vi\xe1\xbb\x87t";

	ck_assert_int_eq(gtd_strlist_add(&l, s), GTD_OK);
	ck_assert_int_eq(gtd_strlist_add(&l, ""), GTD_OK);
	s[0] = 'X';
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.v[0], "Vi\xe1\xbb\x87t");
	ck_assert_str_eq(l.v[1], "");
	gtd_strlist_release(&l);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(l.v);
	/* Reusable after release. */
	ck_assert_int_eq(gtd_strlist_add(&l, "again"), GTD_OK);
	ck_assert_str_eq(l.v[0], "again");
	gtd_strlist_release(&l);
}
END_TEST

static Suite *strlist_suite(void)
{
	Suite *s = suite_create("strlist");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_empty_release);
	tcase_add_test(tc, test_add_copies);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(strlist_suite)
