#include <string.h>

#include "check_main.h"
#include "codes.h"

START_TEST(test_error_codes_are_gotadis)
{
	static const char *const documented[] = {"00", "01", "02", "03", "04", "05",
						 "06", "07", "08", "09", "10", "99"};
	size_t i;

	ck_assert_uint_eq(GTD_CODE_COUNT, sizeof(documented) / sizeof(documented[0]));
	for (i = 0; i < GTD_CODE_COUNT; i++) {
		const gtd_code_info *c = gtd_code_lookup(documented[i]);

		ck_assert_ptr_nonnull(c);
		ck_assert_ptr_eq(c, &gtd_codes[i]);
		ck_assert(strlen(c->en) > 3 && strlen(c->vi) > 3);
		ck_assert_ptr_nonnull(gtd_http_lookup(c->http));
	}
	ck_assert_str_eq(gtd_codes[GTD_CODE_SIGNATURE].code, "04");
	ck_assert_str_eq(gtd_codes[GTD_CODE_NOT_FOUND].code, "10");
	ck_assert_str_eq(gtd_codes[GTD_CODE_OTHER].code, "99");
}
END_TEST

/* Each enum value's entry carries that value's code: a table entry cannot sit
 * under another code's index, and no index is left empty. */
START_TEST(test_every_index_is_its_own_code)
{
	static const char *const by_enum[GTD_CODE_COUNT] = {
		[GTD_CODE_SUCCESS] = "00",       [GTD_CODE_PROCESSING] = "01",
		[GTD_CODE_FAILED] = "02",        [GTD_CODE_AUTH] = "03",
		[GTD_CODE_SIGNATURE] = "04",     [GTD_CODE_DECRYPT] = "05",
		[GTD_CODE_ACCESS_CODE] = "06",   [GTD_CODE_MALFORMED] = "07",
		[GTD_CODE_DUPLICATE] = "08",     [GTD_CODE_NOT_PROCESSED] = "09",
		[GTD_CODE_NOT_FOUND] = "10",     [GTD_CODE_OTHER] = "99",
	};
	size_t i;

	for (i = 0; i < GTD_CODE_COUNT; i++) {
		ck_assert_ptr_nonnull(by_enum[i]);
		ck_assert_ptr_nonnull(gtd_codes[i].code);
		ck_assert_ptr_nonnull(gtd_codes[i].name);
		ck_assert_str_eq(gtd_codes[i].code, by_enum[i]);
		ck_assert_ptr_eq(gtd_code_lookup(gtd_codes[i].code), &gtd_codes[i]);
	}
}
END_TEST

START_TEST(test_unknown_lookups)
{
	ck_assert_ptr_null(gtd_code_lookup(NULL));
	ck_assert_ptr_null(gtd_code_lookup(""));
	ck_assert_ptr_null(gtd_code_lookup("11"));
	ck_assert_ptr_null(gtd_code_lookup("4"));
	ck_assert_ptr_null(gtd_code_lookup("004"));
	ck_assert_ptr_null(gtd_http_lookup(402));
	ck_assert_ptr_null(gtd_http_lookup(405));
	ck_assert_int_eq(gtd_email_kind_lookup(NULL), -1);
	ck_assert_int_eq(gtd_email_kind_lookup("nope"), -1);
}
END_TEST

/* 00, 01 and 02 are the answers that processed a booking; no other is. */
START_TEST(test_processed_codes)
{
	size_t i;

	for (i = 0; i < GTD_CODE_COUNT; i++)
		ck_assert_int_eq(gtd_code_processed(gtd_codes[i].code),
				 strcmp(gtd_codes[i].code, "02") <= 0);
	ck_assert(!gtd_code_processed(NULL));
	ck_assert(!gtd_code_processed(""));
	ck_assert(!gtd_code_processed("0"));
}
END_TEST

START_TEST(test_http_codes_follow_per_api_sections)
{
	static const int expected[] = {200, 400, 401, 403, 404, 500, 503};
	size_t i;

	ck_assert_uint_eq(gtd_http_code_count, sizeof(expected) / sizeof(expected[0]));
	for (i = 0; i < gtd_http_code_count; i++)
		ck_assert_int_eq(gtd_http_codes[i].status, expected[i]);
	ck_assert_str_eq(gtd_http_lookup(403)->reason, "Forbidden");
}
END_TEST

/* A status's meaning for one call: booking detail's 404 is an unknown
 * booking, not an unknown path; other calls keep the status's own. */
START_TEST(test_http_meaning_per_call)
{
	ck_assert_str_eq(gtd_http_meaning("booking-detail", 404), "no such booking for this partner");
	ck_assert_ptr_nonnull(gtd_http_meaning("booking-detail", 400));
	ck_assert_ptr_null(gtd_http_meaning("booking-detail", 500));
	ck_assert_ptr_null(gtd_http_meaning("login", 404));
	ck_assert_ptr_null(gtd_http_meaning(NULL, 404));
}
END_TEST

START_TEST(test_booking_statuses)
{
	ck_assert(gtd_status_valid(GTD_STATUS_BOOKING, "BOOKED"));
	ck_assert(gtd_status_valid(GTD_STATUS_BOOKING, "EXPIRED"));
	ck_assert(!gtd_status_valid(GTD_STATUS_BOOKING, "TICKET_ON_PROCESS"));
	ck_assert(gtd_status_valid(GTD_STATUS_PAYMENT, "REFUNDED"));
	ck_assert(!gtd_status_valid(GTD_STATUS_PAYMENT, "booked"));
	ck_assert(gtd_status_valid(GTD_STATUS_ISSUED, "TICKET_ON_PROCESS"));
	ck_assert(!gtd_status_valid(GTD_STATUS_ISSUED, NULL));
	ck_assert(!gtd_status_valid(GTD_STATUS_FIELD_COUNT, "PENDING"));
	ck_assert_str_eq(gtd_booking_statuses[GTD_STATUS_PAYMENT].json_name, "paymentStatus");
}
END_TEST

START_TEST(test_steps_and_emails)
{
	int i, customer = 0;

	for (i = 0; i < GTD_STEP_COUNT; i++) {
		ck_assert_int_eq(gtd_steps[i].number, i + 1);
		ck_assert_ptr_nonnull(gtd_steps[i].checklist[0].id);
	}
	for (i = 0; i < GTD_EMAIL_KIND_COUNT; i++) {
		ck_assert_int_eq(gtd_email_kind_lookup(gtd_email_kinds[i].name), i);
		customer += gtd_email_kinds[i].customer;
	}
	ck_assert_int_eq(customer, 5);
}
END_TEST

static Suite *codes_suite(void)
{
	Suite *s = suite_create("codes");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_unknown_lookups);
	tcase_add_test(tc, test_processed_codes);
	tcase_add_test(tc, test_error_codes_are_gotadis);
	tcase_add_test(tc, test_every_index_is_its_own_code);
	tcase_add_test(tc, test_http_codes_follow_per_api_sections);
	tcase_add_test(tc, test_http_meaning_per_call);
	tcase_add_test(tc, test_booking_statuses);
	tcase_add_test(tc, test_steps_and_emails);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(codes_suite)
