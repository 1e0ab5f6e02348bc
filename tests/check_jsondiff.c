#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "jsondiff.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const char *old, *new, *paths;
} diffs[] = {
	{NULL, NULL, ""},
	{"{}", "{}", ""},
	{NULL, "{\"a\": {\"b\": 1}, \"c\": []}", "a.b,c"},
	{"{\"a\": {\"b\": 1}, \"c\": []}", NULL, "a.b,c"},
	{"{\"a\": 1}", "{\"a\": \"1\"}", "a"},
	{"{\"a\": {\"b\": 1}}", "{\"a\": [1]}", "a"},
	{"{\"a\": 1, \"company\": {\"name\": \"A\", \"x\": [1, 2]},"
	 " \"env\": {\"sandbox\": {\"api_key\": \"OLD-SECRET\"}}, \"gone\": {\"p\": 1, \"q\": []}}",
	 "{\"a\": 1, \"company\": {\"name\": \"B\", \"x\": [1, 2, 3]},"
	 " \"env\": {\"sandbox\": {\"api_key\": \"NEW-SECRET\"}}, \"added\": {\"k\": \"v\"}}",
	 "company.name,company.x[2],env.sandbox.api_key,added.k,gone.p,gone.q"},
	{"{\"l\": [1, 2, 3]}", "{\"l\": [1]}", "l[1],l[2]"},
};

START_TEST(test_json_diff)
{
	cJSON *a = diffs[_i].old ? cJSON_Parse(diffs[_i].old) : NULL;
	cJSON *b = diffs[_i].new ? cJSON_Parse(diffs[_i].new) : NULL;
	gtd_strlist out;
	char joined[512];
	size_t i, used = 0;

	ck_assert_int_eq(gtd_json_diff(a, b, &out), GTD_OK);
	joined[0] = '\0';
	for (i = 0; i < out.n; i++) {
		/* Only paths, never the values (secrets stay out of the log). */
		ck_assert_ptr_null(strstr(out.v[i], "SECRET"));
		used += (size_t)snprintf(joined + used, sizeof(joined) - used, "%s%s", i ? "," : "", out.v[i]);
	}
	ck_assert_str_eq(joined, diffs[_i].paths);
	gtd_strlist_release(&out);
	cJSON_Delete(a);
	cJSON_Delete(b);
}
END_TEST

static Suite *jsondiff_suite(void)
{
	Suite *s = suite_create("jsondiff");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_json_diff, 0, N(diffs));
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(jsondiff_suite)
