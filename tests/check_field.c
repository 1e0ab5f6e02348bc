#include <string.h>

#include "check_main.h"
#include "field.h"
#include "partner.h"

START_TEST(test_find)
{
	const gtd_field *f;

	ck_assert_ptr_null(gtd_field_find(NULL));
	ck_assert_ptr_null(gtd_field_find(""));
	ck_assert_ptr_null(gtd_field_find("company"));
	ck_assert_ptr_null(gtd_field_find("company.name.x"));
	f = gtd_field_find("env.live.api_key");
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->path, "env.live.api_key");
	ck_assert_uint_eq(f->off, offsetof(gtd_partner, env[GTD_ENV_LIVE].api_key));
	ck_assert(f->flags & GTD_FIELD_SECRET);
	ck_assert(gtd_field_kind_is_string(f->kind));
	f = gtd_field_find("documents");
	ck_assert(gtd_field_kind_is_objlist(f->kind));
	ck_assert(!gtd_field_kind_is_string(f->kind));
}
END_TEST

START_TEST(test_paths_unique)
{
	size_t i, j;

	ck_assert_uint_gt(gtd_field_count, 0);
	for (i = 0; i < gtd_field_count; i++) {
		ck_assert_ptr_eq(gtd_field_find(gtd_fields[i].path), &gtd_fields[i]);
		for (j = i + 1; j < gtd_field_count; j++)
			ck_assert_str_ne(gtd_fields[i].path, gtd_fields[j].path);
	}
}
END_TEST

START_TEST(test_choices)
{
	size_t n = 99;
	const char *const *names = gtd_field_choices(gtd_field_find("layout"), &n);

	ck_assert_uint_eq(n, GTD_LAYOUT_COUNT);
	ck_assert_str_eq(names[0], "dual");
	ck_assert_ptr_null(gtd_field_choices(gtd_field_find("company.name"), &n));
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(gtd_field_choices(NULL, &n));
	ck_assert_uint_eq(n, 0);
}
END_TEST

static Suite *field_suite(void)
{
	Suite *s = suite_create("field");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_paths_unique);
	tcase_add_test(tc, test_choices);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(field_suite)
