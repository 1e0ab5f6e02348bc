#include <string.h>

#include "booking.h"
#include "check_main.h"

#define T0 ((time_t)1764324000)   /* 2025-11-28T10:00:00Z */
#define TTL (15 * 60)
#define MAIL(k) (1u << (k))

static gtd_booking b;

static void held_flight(void)
{
	gtd_email_set mail;

	ck_assert_int_eq(gtd_booking_init(&b, "ADCO251128001", "demo", "u1", GTD_PRODUCT_FLIGHT,
					  1850000, T0, NULL), GTD_OK);
	ck_assert_int_eq(gtd_booking_add_traveller(&b, "Bình", "Nguyễn Văn", "0912345678",
						   "binh@example.vn", NULL), GTD_OK);
	ck_assert_int_eq(gtd_booking_hold(&b, T0, TTL, &mail, NULL), GTD_OK);
	ck_assert_uint_eq(mail, MAIL(GTD_EMAIL_HOLD_OK));
}

static void release(void)
{
	gtd_booking_release(&b);
}

START_TEST(test_number_format)
{
	char n[GTD_BOOKING_NUMBER_MAX];

	/* Gotadi's length: a partner's column sized for the mock's numbers
	 * holds the real ones. */
	gtd_booking_number(n, GTD_PRODUCT_FLIGHT, T0, 1);
	ck_assert_str_eq(n, "ADCO2511280000001");
	ck_assert_uint_eq(strlen(n), 17);
	gtd_booking_number(n, GTD_PRODUCT_HOTEL, T0, 1234);
	ck_assert_str_eq(n, "HDCO2511280001234");
}
END_TEST

START_TEST(test_hold_states)
{
	ck_assert_str_eq(gtd_bstatus_name(b.status), "BOOKED");
	ck_assert_str_eq(gtd_pstatus_name(b.payment), "PENDING");
	ck_assert_str_eq(gtd_istatus_name(b.issued), "PENDING");
	ck_assert_int_eq(b.time_to_live, T0 + TTL);
	ck_assert_int_eq(gtd_booking_query(&b), GTD_CODE_NOT_PROCESSED);
	ck_assert(!gtd_booking_finished(&b));
}
END_TEST

START_TEST(test_hold_refusals_and_holdfail)
{
	gtd_booking h;
	gtd_email_set mail = 99;
	gtd_err err;

	ck_assert_int_eq(gtd_booking_init(&h, "HDCO1", "demo", NULL, GTD_PRODUCT_HOTEL, 1, T0, NULL),
			 GTD_OK);
	ck_assert_int_eq(gtd_booking_hold(&h, T0, TTL, &mail, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "no traveller"), "%s", err.msg);
	ck_assert_int_eq(gtd_booking_add_traveller(&h, "", "X", NULL, NULL, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_booking_add_traveller(&h, "An", "HOLDFAIL", NULL, NULL, NULL), GTD_OK);
	ck_assert_int_eq(gtd_booking_hold(&h, T0, TTL, &mail, NULL), GTD_OK);
	ck_assert_str_eq(gtd_bstatus_name(h.status), "FAILED");
	ck_assert_uint_eq(mail, MAIL(GTD_EMAIL_HOLD_FAILED));
	ck_assert_int_eq(gtd_booking_hold(&h, T0, TTL, &mail, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "is FAILED, not PENDING"), "%s", err.msg);
	ck_assert_int_eq(gtd_booking_add_traveller(&h, "B", "C", NULL, NULL, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_booking_commit(&h, NULL, GTD_COMMIT_ISSUE_NOW, T0, 60, &mail),
			 GTD_CODE_FAILED);
	gtd_booking_release(&h);
	ck_assert_int_eq(gtd_booking_init(&h, "N", "demo", NULL, GTD_PRODUCT_HOTEL, -1, T0, &err),
			 GTD_EINVAL);
}
END_TEST

/* Every branch of section 6: outcome -> answer, statuses, e-mails. */
static const struct {
	const char *trans_id;
	gtd_code code;
	gtd_pstatus pay;
	gtd_istatus issued;
	gtd_email_set mail;
	gtd_code query;
	int finished;
} commits[] = {
	{"PAY-1", GTD_CODE_SUCCESS, GTD_PAYMENT_SUCCEEDED, GTD_ISSUED_SUCCEEDED,
	 MAIL(GTD_EMAIL_ISSUED), GTD_CODE_SUCCESS, 1},
	{"gtd-issue-async", GTD_CODE_PROCESSING, GTD_PAYMENT_SUCCEEDED, GTD_ISSUED_ON_PROCESS, 0,
	 GTD_CODE_PROCESSING, 0},
	{"gtd-issue-fail", GTD_CODE_FAILED, GTD_PAYMENT_SUCCEEDED, GTD_ISSUED_FAILED,
	 MAIL(GTD_EMAIL_ISSUE_FAILED), GTD_CODE_FAILED, 0},
	{"gtd-pay-fail", GTD_CODE_FAILED, GTD_PAYMENT_FAILED, GTD_ISSUED_PENDING,
	 MAIL(GTD_EMAIL_PAYMENT_FAILED), GTD_CODE_FAILED, 1},
	{"gtd-deadline-passed", GTD_CODE_FAILED, GTD_PAYMENT_SUCCEEDED, GTD_ISSUED_FAILED,
	 MAIL(GTD_EMAIL_ISSUE_FAILED), GTD_CODE_FAILED, 0},
};

START_TEST(test_commit_branches)
{
	gtd_email_set mail;
	gtd_code code;

	code = gtd_booking_commit(&b, commits[_i].trans_id,
				  gtd_commit_outcome_for(commits[_i].trans_id, GTD_COMMIT_ISSUE_NOW),
				  T0 + 60, 120, &mail);
	ck_assert_int_eq(code, commits[_i].code);
	ck_assert_int_eq(b.payment, commits[_i].pay);
	ck_assert_int_eq(b.issued, commits[_i].issued);
	ck_assert_uint_eq(mail, commits[_i].mail);
	ck_assert_int_eq(gtd_booking_query(&b), commits[_i].query);
	ck_assert_int_eq(gtd_booking_finished(&b), commits[_i].finished);
	ck_assert_str_eq(b.partner_trans_id, commits[_i].trans_id);
	/* Still BOOKED whatever the payment did; only a payment after the
	 * deadline (FAQ row 11) moves timeToLive, to just before the commit. */
	ck_assert_str_eq(gtd_bstatus_name(b.status), "BOOKED");
	ck_assert_int_eq(b.time_to_live, strcmp(commits[_i].trans_id, "gtd-deadline-passed") == 0
					     ? T0 + 59 : T0 + TTL);
	/* A second commit is a duplicate, whatever the first did. */
	ck_assert_int_eq(gtd_booking_commit(&b, "again", GTD_COMMIT_ISSUE_NOW, T0 + 61, 120, &mail),
			 GTD_CODE_DUPLICATE);
	ck_assert_str_eq(b.partner_trans_id, commits[_i].trans_id);
}
END_TEST

START_TEST(test_async_issuance_resolves_with_the_clock)
{
	gtd_email_set mail;

	ck_assert_int_eq(gtd_booking_commit(&b, "gtd-issue-async", GTD_COMMIT_ISSUE_ASYNC, T0 + 60,
					    120, &mail), GTD_CODE_PROCESSING);
	ck_assert_uint_eq(gtd_booking_settle(&b, T0 + 179), 0);
	ck_assert_int_eq(b.issued, GTD_ISSUED_ON_PROCESS);
	/* Past the hold's time to live does not expire a paid booking. */
	ck_assert_uint_eq(gtd_booking_settle(&b, T0 + 180), MAIL(GTD_EMAIL_ISSUED));
	ck_assert_int_eq(b.issued, GTD_ISSUED_SUCCEEDED);
	ck_assert_str_eq(gtd_bstatus_name(b.status), "BOOKED");
	ck_assert_int_eq(b.updated, T0 + 180);
	ck_assert_uint_eq(gtd_booking_settle(&b, T0 + 9999), 0);   /* once only */
	ck_assert_int_eq(gtd_booking_query(&b), GTD_CODE_SUCCESS);
}
END_TEST

START_TEST(test_expiry)
{
	gtd_email_set mail;

	ck_assert_uint_eq(gtd_booking_settle(&b, T0 + TTL), 0);
	ck_assert_str_eq(gtd_bstatus_name(b.status), "BOOKED");   /* at TTL still held */
	ck_assert_int_eq(gtd_booking_commit(&b, NULL, GTD_COMMIT_ISSUE_NOW, T0 + TTL + 1, 60, &mail),
			 GTD_CODE_FAILED);
	ck_assert_str_eq(gtd_bstatus_name(b.status), "EXPIRED");
	ck_assert_int_eq(b.payment, GTD_PAYMENT_PENDING);
	ck_assert(!b.committed);
	ck_assert_int_eq(gtd_booking_query(&b), GTD_CODE_FAILED);
}
END_TEST

START_TEST(test_default_trans_id_is_booking_number)
{
	gtd_email_set mail;

	ck_assert_int_eq(gtd_booking_commit(&b, "", GTD_COMMIT_ISSUE_NOW, T0 + 1, 60, &mail),
			 GTD_CODE_SUCCESS);
	ck_assert_str_eq(b.partner_trans_id, "ADCO251128001");
}
END_TEST

START_TEST(test_refund_and_cancel)
{
	gtd_email_set mail;
	gtd_err err;

	ck_assert_int_eq(gtd_booking_refund(&b, T0, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "its payment is PENDING"), "%s", err.msg);
	ck_assert_int_eq(gtd_booking_commit(&b, NULL, GTD_COMMIT_ISSUE_NOW, T0 + 1, 60, &mail),
			 GTD_CODE_SUCCESS);
	ck_assert_int_eq(gtd_booking_cancel(&b, T0 + 2, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "refund it instead"), "%s", err.msg);
	ck_assert_int_eq(gtd_booking_refund(&b, T0 + 2, NULL), GTD_OK);
	ck_assert_str_eq(gtd_pstatus_name(b.payment), "REFUNDED");
	ck_assert_str_eq(gtd_bstatus_name(b.status), "CANCELLED");
}
END_TEST

START_TEST(test_cancel_unpaid)
{
	gtd_err err;

	ck_assert_int_eq(gtd_booking_cancel(&b, T0 + 5, NULL), GTD_OK);
	ck_assert_str_eq(gtd_bstatus_name(b.status), "CANCELLED");
	ck_assert_int_eq(gtd_booking_cancel(&b, T0 + 6, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "already cancelled"), "%s", err.msg);
}
END_TEST

START_TEST(test_iso8601_as_gmtime)
{
	/* Against the C library over 1901..2200, leap days and the epoch's
	 * edges included; out of range clamps instead of overflowing. */
	static const time_t fixed[] = {0, -1, 86399, 86400, 951782400 /* 2000-02-29 */,
				       4107542399 /* 2100-02-28T23:59:59 */, -2147483647};
	unsigned long long x = 88172645463325252ull;
	char got[21], want[32];
	struct tm tm;
	int i;

	for (i = 0; i < 20000; i++) {
		time_t t;

		if (i < (int)(sizeof(fixed) / sizeof(fixed[0]))) {
			t = fixed[i];
		} else {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			t = (time_t)(x % 9467280000ull) - 2147483647;
		}
		gtd_iso8601(got, t);
		gmtime_r(&t, &tm);
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		ck_assert_str_eq(got, want);
	}
	gtd_iso8601(got, (time_t)400000000000LL);
	ck_assert_str_eq(got, "9999-12-31T23:59:59Z");
}
END_TEST

START_TEST(test_settle_due_predicts_settle)
{
	/* settle_due says yes exactly when settle would change the booking:
	 * a held booking around its time to live, an asynchronous issuance
	 * around its due time, and bookings with nothing to settle. */
	static const gtd_commit_outcome outcomes[] = {GTD_COMMIT_ISSUE_ASYNC, GTD_COMMIT_ISSUE_NOW,
						      GTD_COMMIT_PAY_FAIL};
	gtd_email_set mail;
	time_t dt;
	size_t o;

	for (o = 0; o <= sizeof(outcomes) / sizeof(outcomes[0]); o++) {
		gtd_booking_release(&b);
		held_flight();
		if (o < sizeof(outcomes) / sizeof(outcomes[0]))
			gtd_booking_commit(&b, "t", outcomes[o], T0 + 60, 120, &mail);
		for (dt = 0; dt < 2 * TTL; dt += 30) {
			gtd_booking copy = b;
			int due = gtd_booking_settle_due(&b, T0 + dt);

			gtd_booking_settle(&copy, T0 + dt);
			ck_assert_int_eq(due, copy.status != b.status || copy.issued != b.issued ||
					      copy.updated != b.updated);
		}
	}
}
END_TEST

START_TEST(test_detail_json)
{
	gtd_buf text;
	gtd_jw w;
	cJSON *j, *info, *trav;

	gtd_buf_init(&text, 4096);
	gtd_jw_init(&w, &text);
	gtd_jw_open(&w, NULL, '{');
	gtd_booking_detail_members(&w, &b);
	gtd_jw_close(&w, '}');
	ck_assert_int_eq(gtd_buf_status(&text), GTD_OK);
	j = cJSON_Parse(gtd_buf_str(&text));
	gtd_buf_release(&text);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(cJSON_GetObjectItem(j, "bookingNumber")->valuestring, "ADCO251128001");
	ck_assert_str_eq(cJSON_GetObjectItem(j, "bookingDate")->valuestring, "2025-11-28T10:00:00Z");
	info = cJSON_GetObjectItem(j, "bookingInfo");
	ck_assert_str_eq(cJSON_GetObjectItem(info, "status")->valuestring, "BOOKED");
	ck_assert_str_eq(cJSON_GetObjectItem(info, "timeToLive")->valuestring, "2025-11-28T10:15:00Z");
	ck_assert_str_eq(cJSON_GetObjectItem(info, "supplierType")->valuestring, "AIR");
	ck_assert_double_eq(cJSON_GetObjectItem(info, "totalFare")->valuedouble, 1850000);
	ck_assert_double_eq(cJSON_GetObjectItem(info, "paymentTotalAmount")->valuedouble, 0);
	/* The id as Python's hashlib derives it: SHA-256 of "gtd-kit booking
	 * ADCO251128001", version and variant bits set. */
	ck_assert_str_eq(cJSON_GetObjectItem(j, "id")->valuestring,
			 "BOD::251128::76a7b2e1-314f-8624-98c7-95c91133adef");
	ck_assert_str_eq(cJSON_GetObjectItem(info, "roundType")->valuestring, "OneWay");
	trav = cJSON_GetObjectItem(j, "travelerInfo");
	ck_assert(cJSON_IsObject(trav));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(trav, "contactInfo"), "email")->valuestring,
			 "binh@example.vn");
	ck_assert_int_eq(cJSON_GetObjectItem(trav, "totalTravelers")->valueint, 1);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(trav, "travelers"), 0),
					     "lastName")->valuestring, "Nguyễn Văn");
	cJSON_Delete(j);
}
END_TEST

/* Gotadi's id form; the same number gives the same id (restarts keep it),
 * another number another one; a number without the date gets zeros. */
START_TEST(test_booking_id)
{
	char a[GTD_BOOKING_ID_MAX], again[GTD_BOOKING_ID_MAX], other[GTD_BOOKING_ID_MAX];
	const char *hex = "0123456789abcdef-";
	size_t i;

	gtd_booking_id("ADCO2511280000001", a);
	gtd_booking_id("ADCO2511280000001", again);
	gtd_booking_id("ADCO2511280000002", other);
	ck_assert_str_eq(a, again);
	ck_assert_str_ne(a, other);
	ck_assert_uint_eq(strlen(a), 13 + 36);
	ck_assert_int_eq(strncmp(a, "BOD::251128::", 13), 0);
	for (i = 13; a[i]; i++)
		ck_assert_ptr_nonnull(strchr(hex, a[i]));
	ck_assert(a[21] == '-' && a[26] == '-' && a[31] == '-' && a[36] == '-');
	ck_assert_int_eq(a[27], '8');                      /* version 8 */
	ck_assert_ptr_nonnull(strchr("89ab", a[32]));      /* variant 10 */
	gtd_booking_id("X1", a);
	ck_assert_int_eq(strncmp(a, "BOD::000000::", 13), 0);
}
END_TEST

/* A hotel has no roundType; a booking without travellers (PENDING, before
 * the hold) has a null contact and no travellers. */
START_TEST(test_detail_json_hotel_pending)
{
	gtd_booking h;
	gtd_buf text;
	gtd_jw w;
	cJSON *j, *trav;

	ck_assert_int_eq(gtd_booking_init(&h, "HDCO2511280000003", "demo", NULL, GTD_PRODUCT_HOTEL, 1, T0,
					  NULL), GTD_OK);
	gtd_buf_init(&text, 4096);
	gtd_jw_init(&w, &text);
	gtd_jw_open(&w, NULL, '{');
	gtd_booking_detail_members(&w, &h);
	gtd_jw_close(&w, '}');
	j = cJSON_Parse(gtd_buf_str(&text));
	gtd_buf_release(&text);
	ck_assert_ptr_nonnull(j);
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "bookingInfo"), "status")->valuestring,
			 "PENDING");
	ck_assert_ptr_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "bookingInfo"), "roundType"));
	trav = cJSON_GetObjectItem(j, "travelerInfo");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(trav, "contactInfo")));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(trav, "travelers")), 0);
	cJSON_Delete(j);
	gtd_booking_release(&h);
}
END_TEST

START_TEST(test_state_json_round_trip)
{
	gtd_booking back;
	gtd_email_set mail;
	cJSON *j;
	char *s1, *s2;

	b.itinerary.airline = strdup("VN");
	b.itinerary.flight_no = strdup("VN213");
	b.itinerary.from = strdup("HAN");
	b.itinerary.to = strdup("SGN");
	b.itinerary.depart = T0 + 40 * 86400;
	gtd_booking_commit(&b, "gtd-issue-async", GTD_COMMIT_ISSUE_ASYNC, T0 + 1, 60, &mail);
	b.mails = (1u << GTD_EMAIL_HOLD_OK) | (1u << GTD_EMAIL_ISSUED);
	s1 = gtd_booking_state_text(&b);
	ck_assert_ptr_nonnull(s1);
	j = cJSON_Parse(s1);
	ck_assert_int_eq(gtd_booking_from_json(j, &back, NULL), GTD_OK);
	s2 = gtd_booking_state_text(&back);
	ck_assert_str_eq(s1, s2);
	/* Written as cJSON prints the same document: the log reads back what
	 * it wrote, whichever of the two wrote it. */
	{
		char *printed = cJSON_PrintUnformatted(j);

		ck_assert_str_eq(printed, s1);
		free(printed);
	}
	ck_assert_int_eq(back.issue_at, T0 + 61);
	ck_assert_str_eq(back.travellers[0].first_name, "Bình");
	/* The e-mails it called for: what a restart checks the outbox for. */
	ck_assert_uint_eq(back.mails, (1u << GTD_EMAIL_HOLD_OK) | (1u << GTD_EMAIL_ISSUED));
	free(s1);
	free(s2);
	cJSON_Delete(j);
	gtd_booking_release(&back);
}
END_TEST

static const struct {
	const char *json, *why;
} bad_state[] = {
	{"[]", "not an object"},
	{"{\"partner\":\"p\"}", "number: expected a string"},
	{"{\"number\":\"N\",\"partner\":\"p\",\"product\":\"car\",\"amount\":1}", "not flight or hotel"},
	{"{\"number\":\"N\",\"partner\":\"p\",\"product\":\"AIR\",\"amount\":\"1\"}", "amount: expected a whole number"},
	{"{\"number\":\"N\",\"partner\":\"p\",\"product\":\"AIR\",\"amount\":1e28}", "amount: expected a whole number"},
	{"{\"number\":\"N\",\"partner\":\"p\",\"product\":\"AIR\",\"amount\":1,\"status\":\"HELD\"}",
	 "status: not a status value"},
	{"{\"number\":\"N\",\"partner\":\"p\",\"product\":\"AIR\",\"amount\":1,\"status\":\"BOOKED\",\"payment\":\"PENDING\","
	 "\"issued\":\"PENDING\",\"created\":0,\"updated\":0,\"ttl\":0,\"issue_at\":0,\"mails\":[\"spam\"]}",
	 "mails: not an e-mail kind"},
	{"{\"number\":\"N\",\"partner\":\"p\",\"product\":\"AIR\",\"amount\":1,\"status\":\"BOOKED\",\"payment\":\"PENDING\","
	 "\"issued\":\"PENDING\",\"created\":0,\"updated\":0,\"ttl\":0,\"issue_at\":0,\"mails\":\"issued\"}",
	 "mails: expected an array"},
};

START_TEST(test_state_json_refusals)
{
	cJSON *j = cJSON_Parse(bad_state[_i].json);
	gtd_booking back;
	gtd_err err;

	ck_assert_int_ne(gtd_booking_from_json(j, &back, &err), GTD_OK);
	ck_assert_msg(strstr(err.msg, bad_state[_i].why), "'%s' lacks '%s'", err.msg, bad_state[_i].why);
	ck_assert_ptr_null(back.partner_id);
	cJSON_Delete(j);
}
END_TEST

START_TEST(test_amount_as_java_prints_it)
{
	/* Expected strings are what Java's Double.toString((double) n) prints. */
	static const struct {
		long long n;
		const char *java;
	} cases[] = {
		{0, "0.0"}, {1850000, "1850000.0"}, {9999999, "9999999.0"}, {10000000, "1.0E7"},
		{12345678, "1.2345678E7"}, {25000000, "2.5E7"}, {100000000, "1.0E8"},
		{123456789, "1.23456789E8"}, {-1850000, "-1850000.0"}, {-25000000, "-2.5E7"},
	};
	char out[32];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		gtd_amount_java(cases[i].n, out);
		ck_assert_str_eq(out, cases[i].java);
	}
}
END_TEST

START_TEST(test_product_lookup)
{
	ck_assert_int_eq(gtd_product_lookup("flight"), GTD_PRODUCT_FLIGHT);
	ck_assert_int_eq(gtd_product_lookup("HOTEL"), GTD_PRODUCT_HOTEL);
	ck_assert_int_eq(gtd_product_lookup("Hotel"), -1);
	ck_assert_int_eq(gtd_product_lookup(NULL), -1);
	ck_assert_int_eq(gtd_commit_outcome_for(NULL, GTD_COMMIT_ISSUE_ASYNC), GTD_COMMIT_ISSUE_ASYNC);
	ck_assert_int_eq(gtd_commit_outcome_for("gtd-issue-now", GTD_COMMIT_ISSUE_ASYNC),
			 GTD_COMMIT_ISSUE_NOW);
}
END_TEST

static Suite *booking_suite(void)
{
	Suite *s = suite_create("booking");
	TCase *plain = tcase_create("plain"), *tc = tcase_create("held flight");

	tcase_add_test(plain, test_number_format);
	tcase_add_test(plain, test_booking_id);
	tcase_add_test(plain, test_hold_refusals_and_holdfail);
	tcase_add_test(plain, test_product_lookup);
	tcase_add_test(plain, test_amount_as_java_prints_it);
	tcase_add_loop_test(plain, test_state_json_refusals, 0, sizeof(bad_state) / sizeof(bad_state[0]));
	suite_add_tcase(s, plain);
	tcase_add_checked_fixture(tc, held_flight, release);
	tcase_add_test(tc, test_hold_states);
	tcase_add_loop_test(tc, test_commit_branches, 0, sizeof(commits) / sizeof(commits[0]));
	tcase_add_test(tc, test_async_issuance_resolves_with_the_clock);
	tcase_add_test(tc, test_expiry);
	tcase_add_test(tc, test_default_trans_id_is_booking_number);
	tcase_add_test(tc, test_refund_and_cancel);
	tcase_add_test(tc, test_cancel_unpaid);
	tcase_add_test(tc, test_iso8601_as_gmtime);
	tcase_add_test(tc, test_settle_due_predicts_settle);
	tcase_add_test(tc, test_detail_json);
	tcase_add_test(tc, test_detail_json_hotel_pending);
	tcase_add_test(tc, test_state_json_round_trip);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(booking_suite)
