/* The JSON writer against cJSON: the same document printed by cJSON and
 * written by gtd_jw must be the same bytes, and what gtd_jw writes must
 * parse back to the values that went in. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "jsonw.h"

static const char *strings[] = {
	"",
	"plain",
	"Khách sạn Gotadi Hà Nội",
	"quote \" backslash \\ slash /",
	"\b\f\n\r\t",
	"\x01\x02\x1f control",
	"\x7f del and \xe2\x82\xab dong sign",
	"ends with an escape\n",
};

START_TEST(test_string_as_cjson_prints_it)
{
	gtd_buf b;
	cJSON *s = cJSON_CreateString(strings[_i]);
	char *want = cJSON_PrintUnformatted(s);

	gtd_buf_init(&b, 1024);
	ck_assert_int_eq(gtd_buf_add_json(&b, strings[_i]), GTD_OK);
	ck_assert_str_eq(gtd_buf_str(&b), want);
	free(want);
	cJSON_Delete(s);
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_document_as_cjson_prints_it)
{
	gtd_buf b;
	gtd_jw w;
	cJSON *o = cJSON_CreateObject(), *arr, *inner;
	char *want;

	cJSON_AddStringToObject(o, "id", "ADCO261128001");
	cJSON_AddNullToObject(o, "partnerTransId");
	arr = cJSON_AddArrayToObject(o, "travelerInfo");
	inner = cJSON_CreateObject();
	cJSON_AddStringToObject(inner, "lastName", "Trần Thanh");
	cJSON_AddItemToArray(arr, inner);
	cJSON_AddItemToArray(arr, cJSON_CreateObject());
	inner = cJSON_AddObjectToObject(o, "bookingInfo");
	cJSON_AddNumberToObject(inner, "totalFare", 1850000);
	cJSON_AddNumberToObject(inner, "paymentTotalAmount", 0);
	cJSON_AddNumberToObject(inner, "refund", -250000);
	cJSON_AddBoolToObject(inner, "international", 0);
	cJSON_AddBoolToObject(inner, "committed", 1);
	cJSON_AddArrayToObject(o, "empty");
	want = cJSON_PrintUnformatted(o);

	gtd_buf_init(&b, 4096);
	gtd_jw_init(&w, &b);
	gtd_jw_open(&w, NULL, '{');
	gtd_jw_str(&w, "id", "ADCO261128001");
	gtd_jw_str(&w, "partnerTransId", NULL);
	gtd_jw_open(&w, "travelerInfo", '[');
	gtd_jw_open(&w, NULL, '{');
	gtd_jw_str(&w, "lastName", "Trần Thanh");
	gtd_jw_close(&w, '}');
	gtd_jw_open(&w, NULL, '{');
	gtd_jw_close(&w, '}');
	gtd_jw_close(&w, ']');
	gtd_jw_open(&w, "bookingInfo", '{');
	gtd_jw_int(&w, "totalFare", 1850000);
	gtd_jw_int(&w, "paymentTotalAmount", 0);
	gtd_jw_int(&w, "refund", -250000);
	gtd_jw_bool(&w, "international", 0);
	gtd_jw_bool(&w, "committed", 1);
	gtd_jw_close(&w, '}');
	gtd_jw_open(&w, "empty", '[');
	gtd_jw_close(&w, ']');
	gtd_jw_close(&w, '}');
	ck_assert_int_eq(gtd_buf_status(&b), GTD_OK);
	ck_assert_str_eq(gtd_buf_str(&b), want);
	free(want);
	cJSON_Delete(o);
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_large_integers_exact)
{
	/* VND amounts above 2^31 and 2^53 stay exact (cJSON would go through
	 * a double). */
	gtd_buf b;
	gtd_jw w;

	gtd_buf_init(&b, 256);
	gtd_jw_init(&w, &b);
	gtd_jw_open(&w, NULL, '[');
	gtd_jw_int(&w, NULL, 2500000000LL);
	gtd_jw_int(&w, NULL, 9007199254740993LL);
	gtd_jw_close(&w, ']');
	ck_assert_str_eq(gtd_buf_str(&b), "[2500000000,9007199254740993]");
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_limit_sticks)
{
	/* The first failure sticks in the buffer: later calls write nothing,
	 * and no half-written document is left to mistake for a whole one. */
	gtd_buf b;
	gtd_jw w;

	gtd_buf_init(&b, 16);
	gtd_jw_init(&w, &b);
	gtd_jw_open(&w, NULL, '{');
	gtd_jw_str(&w, "a", "0123456789abcdef");
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	gtd_jw_int(&w, "b", 1);
	gtd_jw_close(&w, '}');
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(gtd_buf_str(&b), "");
	gtd_buf_release(&b);
}
END_TEST

static Suite *jsonw_suite(void)
{
	Suite *s = suite_create("jsonw");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_string_as_cjson_prints_it, 0, sizeof(strings) / sizeof(strings[0]));
	tcase_add_test(tc, test_document_as_cjson_prints_it);
	tcase_add_test(tc, test_large_integers_exact);
	tcase_add_test(tc, test_limit_sticks);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(jsonw_suite)
