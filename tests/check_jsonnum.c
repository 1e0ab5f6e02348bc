#include <limits.h>
#include <string.h>

#include "check_main.h"
#include "jsonnum.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Each JSON text taken as an integer in [min, max]: taken (ok) with its
 * value, or refused. */
static const struct {
	const char *json;
	long long min, max;
	int ok;
	long long want;
} nums[] = {
	{"0", 0, 10, 1, 0},
	{"10", 0, 10, 1, 10},
	{"11", 0, 10, 0, 0},
	{"-1", 0, 10, 0, 0},
	{"-5", -10, 10, 1, -5},
	{"2.5", 0, 10, 0, 0},
	{"1e28", 1, 9007199254740992LL, 0, 0},     /* the fuzzer's amount */
	{"-1e28", -9007199254740992LL, 0, 0, 0},
	{"1e300", -1, 9223372036854775807LL, 0, 0},
	{"9007199254740992", 0, 9223372036854775807LL, 1, 9007199254740992LL},
	{"9007199254740994", 0, 9223372036854775807LL, 0, 0},  /* past 2^53 */
	{"1850000", 1, 9007199254740992LL, 1, 1850000},
	{"\"5\"", 0, 10, 0, 0},
	{"null", 0, 10, 0, 0},
	{"true", 0, 10, 0, 0},
};

START_TEST(test_json_int)
{
	cJSON *v = cJSON_Parse(nums[_i].json);
	long long got = -42;

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(gtd_json_int(v, nums[_i].min, nums[_i].max, &got), nums[_i].ok);
	ck_assert(got == (nums[_i].ok ? nums[_i].want : -42));
	cJSON_Delete(v);
}
END_TEST

START_TEST(test_json_int_null)
{
	long long got = 7;

	ck_assert_int_eq(gtd_json_int(NULL, 0, 10, &got), 0);
	ck_assert(got == 7);
}
END_TEST

static const struct {
	const char *text;
	long long min, max;
	int ok;
	long long want;
} decimals[] = {
	{NULL, 0, 10, 0, 0},
	{"", 0, 10, 0, 0},
	{"-", -10, 10, 0, 0},
	{"abc", 0, 10, 0, 0},
	{"12abc", 0, 100, 0, 0},
	{" 3", 0, 10, 0, 0},
	{"3 ", 0, 10, 0, 0},
	{"+3", 0, 10, 0, 0},
	{"0x10", 0, 100, 0, 0},
	{"1e3", 0, 10000, 0, 0},
	{"-3", 0, 10, 0, 0},
	{"-3", -5, 10, 1, -3},
	{"0", 0, 10, 1, 0},
	{"007", 0, 10, 1, 7},
	{"10", 0, 10, 1, 10},
	{"11", 0, 10, 0, 0},
	{"9223372036854775807", 0, LLONG_MAX, 1, LLONG_MAX},
	{"9223372036854775808", 0, LLONG_MAX, 0, 0},
	{"99999999999999999999", 0, LLONG_MAX, 0, 0},
	{"18446744073709551617", 0, LLONG_MAX, 0, 0},
};

START_TEST(test_decimal)
{
	long long got = -42;

	ck_assert_int_eq(gtd_decimal(decimals[_i].text, decimals[_i].min, decimals[_i].max, &got),
			 decimals[_i].ok);
	ck_assert(got == (decimals[_i].ok ? decimals[_i].want : -42));
}
END_TEST

static Suite *jsonnum_suite(void)
{
	Suite *s = suite_create("jsonnum");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_json_int, 0, N(nums));
	tcase_add_test(tc, test_json_int_null);
	tcase_add_loop_test(tc, test_decimal, 0, N(decimals));
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(jsonnum_suite)
