#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "rules.h"
#include "utf8.h"

#define NOW "2026-11-01T02:00:00Z"        /* 09:00 in Vietnam */
#define DEPART "2026-12-10T10:00:00Z"     /* 17:00 in Vietnam, 39 days on */
#define NUMBER "ADCO261101001"

static time_t at(const char *iso)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	ck_assert_ptr_nonnull(strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm));
	return timegm(&tm);
}

/* A booking to check; NULL and 0 members take a real-looking default. */
struct spec {
	gtd_product product;
	const char *airline, *flight_no;
	int international;
	const char *depart;           /* departure or check-in, UTC */
	size_t npax;
	const char *first, *last, *phone, *email;   /* every traveller's */
};

#define OR(s, dflt) ((s) ? (s) : (dflt))

static void build(gtd_booking *b, const char *number, const struct spec *s)
{
	gtd_itinerary *it = &b->itinerary;
	size_t i;

	ck_assert_int_eq(gtd_booking_init(b, number, "vnpay", "u1", s->product, 1850000, at(NOW),
					  NULL), GTD_OK);
	if (s->product == GTD_PRODUCT_FLIGHT) {
		it->airline = strdup(OR(s->airline, "VN"));
		it->flight_no = strdup(OR(s->flight_no, "VN213"));
		it->from = strdup("SGN");
		it->to = strdup(s->international ? "NRT" : "HAN");
		it->international = s->international;
	} else {
		it->hotel = strdup("Sofitel Legend Metropole Hà Nội");
	}
	it->depart = at(OR(s->depart, DEPART));
	it->arrive = it->depart + 2 * 3600;
	for (i = 0; i < (s->npax ? s->npax : 1); i++)
		ck_assert_int_eq(gtd_booking_add_traveller(b, OR(s->first, "Thị Mai"),
							   OR(s->last, "Trần"),
							   OR(s->phone, "0983 417 265"),
							   OR(s->email, "mai.tran@gmail.com"), NULL),
				 GTD_OK);
}

/* The violated rule ids, space-separated, in the order reported. */
static void ids(const gtd_rule_violations *v, char *out, size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < v->n; i++)
		snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? " " : "", v->v[i].rule->id);
}

#define C GTD_RULES_COMMIT
#define H GTD_RULES_HOLD
#define HOTEL GTD_PRODUCT_HOTEL

/* A case per rule that triggers it, and a near miss that does not. */
static const struct {
	const char *name;
	struct spec spec;
	gtd_rules_stage stage;
	const char *now;              /* NULL: NOW */
	const char *expect;
} cases[] = {
	{"clean flight", {0}, C, NULL, ""},
	{"clean hotel", {HOTEL, .depart = "2027-02-01T07:00:00Z"}, C, NULL, ""},
	{"VJ issued", {.airline = "VJ"}, C, NULL, "flight-airline"},
	{"VJ held", {.airline = "VJ"}, H, NULL, ""},
	{"4 passengers", {.npax = 4}, C, NULL, ""},
	{"5 passengers", {.npax = 5}, C, NULL, "flight-passengers"},
	{"5 passengers held", {.npax = 5}, H, NULL, ""},
	{"30 days", {.depart = "2026-12-01T02:00:00Z"}, C, NULL, ""},
	{"29 days", {.depart = "2026-11-30T02:00:00Z"}, C, NULL, "flight-advance"},
	{"29 days held", {.depart = "2026-11-30T02:00:00Z"}, H, NULL, ""},
	/* 30 Vietnamese calendar days: 00:30 on 1 December is 30 days out */
	{"30 days, Vietnam date", {.depart = "2026-11-30T17:30:00Z"}, C, NULL, ""},
	{"check-in 3 months", {HOTEL, .depart = "2027-02-01T07:00:00Z"}, H, NULL, ""},
	{"check-in 3 months less a day", {HOTEL, .depart = "2027-01-31T07:00:00Z"}, H, NULL,
	 "hotel-advance"},
	{"check-in 90 days is not 3 months", {HOTEL, .depart = "2027-01-30T07:00:00Z"}, C, NULL,
	 "hotel-advance"},
	{"check-in month end clamped", {HOTEL, .depart = "2027-02-28T07:00:00Z"}, C,
	 "2026-11-30T02:00:00Z", ""},
	{"check-in before clamped end", {HOTEL, .depart = "2027-02-27T07:00:00Z"}, C,
	 "2026-11-30T02:00:00Z", "hotel-advance"},
	{"hotel skips flight rules", {HOTEL, .depart = "2027-02-01T07:00:00Z", .npax = 6}, C, NULL,
	 ""},
	{"NGUYEN VAN A", {.first = "VAN A", .last = "NGUYEN"}, H, NULL, "traveller-name"},
	{"Nguyễn Văn A", {.first = "Văn A", .last = "Nguyễn"}, H, NULL, "traveller-name"},
	{"nguyễn văn a, first name first", {.first = "nguyễn văn", .last = "a"}, C, NULL,
	 "traveller-name"},
	{"NGUYỄN VĂN A all in one part", {.first = "A", .last = "NGUYỄN  VĂN"}, C, NULL,
	 "traveller-name"},
	{"Nguyễn decomposed (NFD)", {.first = "Va\xcc\x86n A", .last = "Nguye\xcc\x82\xcc\x83n"}, H,
	 NULL, "traveller-name"},
	{"Nguyễn Văn An", {.first = "Văn An", .last = "Nguyễn"}, H, NULL, ""},
	{"Đặng Thị Ánh", {.first = "Thị Ánh", .last = "Đặng"}, H, NULL, ""},
	{"TEST", {.first = "Test", .last = "User"}, H, NULL, "traveller-name"},
	{"ABC", {.first = "ABC", .last = "Lê"}, H, NULL, "traveller-name"},
	{"Testa is a word of its own", {.first = "Anna", .last = "Testa"}, H, NULL, ""},
	{"two dummy travellers", {.npax = 2, .first = "Test", .last = "Test"}, H, NULL,
	 "traveller-name traveller-name"},
	{"0900000000", {.phone = "0900000000"}, H, NULL, "traveller-phone"},
	{"090 000 0000", {.phone = "090 000 0000"}, H, NULL, "traveller-phone"},
	{"+84 900 000 000", {.phone = "+84 900 000 000"}, H, NULL, "traveller-phone"},
	{"0123456789", {.phone = "0123.456.789"}, H, NULL, "traveller-phone"},
	{"0988888888", {.phone = "0988888888"}, H, NULL, "traveller-phone"},
	{"0988888889", {.phone = "0988888889"}, H, NULL, ""},
	{"test@email.com", {.email = "test@email.com"}, H, NULL, "traveller-email"},
	{"TEST@Test.com", {.email = "TEST@Test.com"}, H, NULL, "traveller-email"},
	{"a@a.com", {.email = "a@a.com"}, H, NULL, "traveller-email"},
	{"@example.com", {.email = "mai@example.com"}, H, NULL, "traveller-email"},
	{"@mail.example.org", {.email = "mai@mail.example.org"}, H, NULL, "traveller-email"},
	{"@example.com.vn", {.email = "mai@example.com.vn"}, H, NULL, ""},
	{"@myexample.com", {.email = "mai@myexample.com"}, H, NULL, ""},
	{"everything at once",
	 {.airline = "VJ", .npax = 5, .depart = "2026-11-05T02:00:00Z", .phone = "0900000000"}, C,
	 NULL, "flight-airline flight-passengers flight-advance traveller-phone traveller-phone "
	 "traveller-phone traveller-phone traveller-phone"},
};

START_TEST(test_rule_cases)
{
	gtd_rule_violations v;
	gtd_booking b;
	char got[1024];

	build(&b, NUMBER, &cases[_i].spec);
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 0, cases[_i].stage, at(OR(cases[_i].now, NOW)),
					 &v, NULL), GTD_OK);
	ids(&v, got, sizeof(got));
	ck_assert_msg(strcmp(got, cases[_i].expect) == 0, "%s: got '%s', want '%s'",
		      cases[_i].name, got, cases[_i].expect);
	gtd_rule_violations_release(&v);
	gtd_booking_release(&b);
}
END_TEST

/* The details name the value that broke the rule. */
static const struct {
	struct spec spec;
	const char *detail;
} details[] = {
	{{.depart = "2026-11-08T02:00:00Z"}, "departure 2026-11-08 is 7 days away; issuance needs 30"},
	{{.airline = "VJ"}, "airline VJ: tickets may only be issued on VN"},
	{{.npax = 5}, "5 passengers; issuance allows at most 4"},
	{{HOTEL, .depart = "2027-01-31T07:00:00Z"},
	 "check-in 2027-01-31 is before 2027-02-01, 3 months from today"},
	{{.first = "Văn A", .last = "Nguyễn"}, "traveller 1 name \"Nguyễn Văn A\" is a placeholder"},
	{{.phone = "0900000000"}, "traveller 1 phone 0900000000 is a placeholder"},
	{{.email = "a@a.com"}, "traveller 1 e-mail a@a.com is a placeholder"},
};

START_TEST(test_details)
{
	gtd_rule_violations v;
	gtd_booking b;

	build(&b, NUMBER, &details[_i].spec);
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 0, C, at(NOW), &v, NULL), GTD_OK);
	ck_assert_uint_eq(v.n, 1);
	ck_assert_str_eq(v.v[0].detail, details[_i].detail);
	gtd_rule_violations_release(&v);
	gtd_booking_release(&b);
}
END_TEST

/* How an other booking ended up; only paid, issued or issuing, not
 * refunded bookings hold a ticket. */
enum state { ISSUED, ISSUING, HELD, HOLD_FAILED, ISSUE_FAILED, REFUNDED };

static const struct {
	gtd_bstatus status;
	gtd_pstatus payment;
	gtd_istatus issued;
} states[] = {
	[ISSUED] = {GTD_BOOKING_BOOKED, GTD_PAYMENT_SUCCEEDED, GTD_ISSUED_SUCCEEDED},
	[ISSUING] = {GTD_BOOKING_BOOKED, GTD_PAYMENT_SUCCEEDED, GTD_ISSUED_ON_PROCESS},
	[HELD] = {GTD_BOOKING_BOOKED, GTD_PAYMENT_PENDING, GTD_ISSUED_PENDING},
	[HOLD_FAILED] = {GTD_BOOKING_FAILED, GTD_PAYMENT_PENDING, GTD_ISSUED_PENDING},
	[ISSUE_FAILED] = {GTD_BOOKING_BOOKED, GTD_PAYMENT_SUCCEEDED, GTD_ISSUED_FAILED},
	[REFUNDED] = {GTD_BOOKING_CANCELLED, GTD_PAYMENT_REFUNDED, GTD_ISSUED_SUCCEEDED},
};

struct other {
	const char *flight_no;
	const char *depart;    /* NULL: DEPART */
	int international;
	enum state state;
	const char *updated;   /* when it was issued; NULL: 08:00 today in Vietnam */
};

#define OTHERS_MAX 3
#define YESTERDAY_LATE "2026-10-31T16:59:00Z"   /* 23:59 on 31 October in Vietnam */
#define TODAY_EARLY "2026-10-31T17:00:00Z"      /* 00:00 on 1 November in Vietnam */

/* The booking checked is VN213 leaving DEPART (10 December in Vietnam). */
static const struct {
	const char *name;
	int international;
	gtd_rules_stage stage;
	struct other others[OTHERS_MAX];
	size_t n;
	const char *expect;
} with_others[] = {
	{"same flight, same day", 0, C, {{.flight_no = "VN213"}}, 1, "flight-same-day"},
	{"same flight issuing", 0, C, {{.flight_no = "VN213", .state = ISSUING}}, 1, "flight-same-day"},
	{"same flight held only", 0, C, {{.flight_no = "VN213", .state = HELD}}, 1, ""},
	{"same flight, other day", 0, C, {{.flight_no = "VN213", .depart = "2026-12-11T10:00:00Z"}}, 1, ""},
	{"same flight, hold failed", 0, C, {{.flight_no = "VN213", .state = HOLD_FAILED}}, 1, ""},
	{"same flight, issuance failed", 0, C, {{.flight_no = "VN213", .state = ISSUE_FAILED}}, 1, ""},
	{"same flight, refunded", 0, C, {{.flight_no = "VN213", .state = REFUNDED}}, 1, ""},
	{"other flight, same day", 0, C, {{.flight_no = "VN215"}}, 1, ""},
	{"same Vietnam day, other UTC day", 0, C, {{.flight_no = "VN213", .depart = "2026-12-09T17:00:00Z"}}, 1,
	 "flight-same-day"},
	{"previous Vietnam day", 0, C, {{.flight_no = "VN213", .depart = "2026-12-09T16:59:00Z"}}, 1, ""},
	{"same flight at hold", 0, H, {{.flight_no = "VN213"}}, 1, ""},
	{"1 international today", 1, C, {{.flight_no = "VN300", .international = 1}}, 1, ""},
	{"2 international today", 1, C, {{.flight_no = "VN300", .international = 1}, {.flight_no = "VN301", .international = 1}},
	 2, "flight-international-daily"},
	{"2 international today, at hold", 1, H,
	 {{.flight_no = "VN300", .international = 1}, {.flight_no = "VN301", .international = 1}}, 2, ""},
	{"2 international, one refunded", 1, C,
	 {{.flight_no = "VN300", .international = 1}, {.flight_no = "VN301", .international = 1, .state = REFUNDED},
	  {.flight_no = "VN302", .international = 1, .state = HOLD_FAILED}}, 3, ""},
	{"2 international, one yesterday", 1, C,
	 {{.flight_no = "VN300", .international = 1}, {.flight_no = "VN301", .international = 1, .updated = YESTERDAY_LATE}},
	 2, ""},
	{"2 international, one at midnight", 1, C,
	 {{.flight_no = "VN300", .international = 1}, {.flight_no = "VN301", .international = 1, .updated = TODAY_EARLY}},
	 2, "flight-international-daily"},
	{"2 domestic today", 1, C, {{.flight_no = "VN300"}, {.flight_no = "VN301"}}, 2, ""},
	{"domestic after 2 international", 0, C,
	 {{.flight_no = "VN300", .international = 1}, {.flight_no = "VN301", .international = 1}}, 2, ""},
};

START_TEST(test_others)
{
	gtd_booking b, o[OTHERS_MAX];
	const gtd_booking *ptr[OTHERS_MAX];
	gtd_rule_violations v;
	char number[GTD_BOOKING_NUMBER_MAX], got[256];
	size_t i;

	build(&b, NUMBER, &(struct spec){.international = with_others[_i].international});
	for (i = 0; i < with_others[_i].n; i++) {
		const struct other *w = &with_others[_i].others[i];

		gtd_booking_number(number, GTD_PRODUCT_FLIGHT, at(NOW), (unsigned)(101 + i));
		build(&o[i], number, &(struct spec){.flight_no = w->flight_no, .depart = w->depart,
						     .international = w->international});
		o[i].status = states[w->state].status;
		o[i].payment = states[w->state].payment;
		o[i].issued = states[w->state].issued;
		o[i].updated = at(OR(w->updated, "2026-11-01T01:00:00Z"));
		ptr[i] = &o[i];
	}
	ck_assert_int_eq(gtd_rules_check(&b, ptr, with_others[_i].n, with_others[_i].stage, at(NOW),
					 &v, NULL), GTD_OK);
	ids(&v, got, sizeof(got));
	ck_assert_msg(strcmp(got, with_others[_i].expect) == 0, "%s: got '%s', want '%s'",
		      with_others[_i].name, got, with_others[_i].expect);
	gtd_rule_violations_release(&v);
	for (i = 0; i < with_others[_i].n; i++)
		gtd_booking_release(&o[i]);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_others_detail_and_self)
{
	gtd_booking b, o;
	const gtd_booking *ptr[3];
	gtd_rule_violations v;

	build(&b, NUMBER, &(struct spec){0});
	build(&o, "ADCO261101101", &(struct spec){0});
	b.status = o.status = GTD_BOOKING_BOOKED;
	b.payment = o.payment = GTD_PAYMENT_SUCCEEDED;
	b.issued = o.issued = GTD_ISSUED_SUCCEEDED;
	/* checking an issued booking against a list that holds it too */
	ptr[0] = &b;
	ptr[1] = NULL;
	ck_assert_int_eq(gtd_rules_check(&b, ptr, 2, C, at(NOW), &v, NULL), GTD_OK);
	ck_assert_uint_eq(v.n, 0);
	gtd_rule_violations_release(&v);
	ptr[2] = &o;
	ck_assert_int_eq(gtd_rules_check(&b, ptr, 3, C, at(NOW), &v, NULL), GTD_OK);
	ck_assert_uint_eq(v.n, 1);
	ck_assert_str_eq(v.v[0].detail, "VN213 on 2026-12-10 is already issued in ADCO261101101");
	gtd_rule_violations_release(&v);
	gtd_booking_release(&o);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_check_refusals)
{
	gtd_rule_violations v;
	gtd_booking b;
	gtd_err err;

	build(&b, NUMBER, &(struct spec){.airline = "VJ"});
	ck_assert_int_eq(gtd_rules_check(NULL, NULL, 0, C, at(NOW), &v, &err), GTD_EINVAL);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "no booking"));
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 0, C, at(NOW), NULL, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 2, C, at(NOW), &v, &err), GTD_EINVAL);
	ck_assert_uint_eq(v.n, 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "2 other bookings"));
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 0, (gtd_rules_stage)7, at(NOW), &v, &err),
			 GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "stage 7"));
	gtd_rule_violations_release(&v);
	gtd_rule_violations_release(&v);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_empty_booking)
{
	gtd_rule_violations v;
	gtd_booking b;
	char got[256];

	/* a flight with no itinerary and a traveller without contact details */
	ck_assert_int_eq(gtd_booking_init(&b, NUMBER, NULL, NULL, GTD_PRODUCT_FLIGHT, 0, at(NOW),
					  NULL), GTD_OK);
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 0, C, at(NOW), &v, NULL), GTD_OK);
	ids(&v, got, sizeof(got));
	ck_assert_str_eq(got, "flight-airline flight-advance");
	ck_assert_str_eq(v.v[0].detail, "airline (none): tickets may only be issued on VN");
	gtd_rule_violations_release(&v);
	ck_assert_int_eq(gtd_booking_add_traveller(&b, "Thị Mai", "Trần", NULL, NULL, NULL), GTD_OK);
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 0, H, at(NOW), &v, NULL), GTD_OK);
	ck_assert_uint_eq(v.n, 0);
	gtd_rule_violations_release(&v);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_long_name_cut_on_a_character)
{
	char first[400] = "";
	gtd_rule_violations v;
	gtd_booking b;
	size_t i;

	for (i = 0; i < 100; i++)
		strcat(first, "ễ");
	build(&b, NUMBER, &(struct spec){.first = first, .last = "TEST"});
	ck_assert_int_eq(gtd_rules_check(&b, NULL, 0, H, at(NOW), &v, NULL), GTD_OK);
	ck_assert_uint_eq(v.n, 1);
	ck_assert_uint_lt(strlen(v.v[0].detail), GTD_RULE_DETAIL_MAX);
	ck_assert(gtd_utf8_valid(v.v[0].detail, strlen(v.v[0].detail), NULL));
	gtd_rule_violations_release(&v);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_table)
{
	size_t n, i, j;
	const gtd_rule *r = gtd_rules_table(&n);
	char limit[16];

	ck_assert_uint_eq(n, 9);
	ck_assert_ptr_eq(gtd_rules_table(NULL), r);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(r[i].check);
		ck_assert(r[i].products);
		ck_assert(gtd_utf8_valid(r[i].en, strlen(r[i].en), NULL) && *r[i].en);
		ck_assert(gtd_utf8_valid(r[i].vi, strlen(r[i].vi), NULL) && *r[i].vi);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(r[i].id, r[j].id);
		/* the texts repeat the limit the check uses */
		snprintf(limit, sizeof(limit), "%d", r[i].limit);
		ck_assert_msg(r[i].limit == 0 || (strstr(r[i].en, limit) && strstr(r[i].vi, limit)),
			      "%s: texts do not say %d", r[i].id, r[i].limit);
	}
}
END_TEST

START_TEST(test_refund_flight)
{
	gtd_refund_draft d;
	gtd_booking b;
	const char *vi, *en;

	build(&b, NUMBER, &(struct spec){.npax = 2});
	ck_assert_int_eq(gtd_rules_refund_request(&b, "VNPay", "Refund", at(NOW), &d, NULL), GTD_OK);
	ck_assert_str_eq(d.to, "system@gotadi.com");
	ck_assert_str_eq(d.cc, "");
	ck_assert_str_eq(d.subject, "[VNPay-Testing] - Refund ADCO261101001");
	ck_assert(gtd_utf8_valid(d.body, strlen(d.body), NULL));
	vi = strstr(d.body, "VNPay đề nghị Gotadi hoàn tiền booking thử nghiệm ADCO261101001.");
	en = strstr(d.body, "VNPay asks Gotadi to refund test booking ADCO261101001.");
	ck_assert_ptr_nonnull(vi);
	ck_assert_ptr_nonnull(en);
	ck_assert(vi < en);
	ck_assert_ptr_nonnull(strstr(d.body, "Chuyến bay: VN213 SGN-HAN, khởi hành 2026-12-10 17:00"));
	ck_assert_ptr_nonnull(strstr(d.body, "Hành khách: Trần Thị Mai, Trần Thị Mai\n"));
	ck_assert_ptr_nonnull(strstr(d.body, "Tổng tiền: 1.850.000 VND"));
	ck_assert_ptr_nonnull(strstr(d.body, "Flight: VN213 SGN-HAN, departing 2026-12-10 17:00"));
	ck_assert_ptr_nonnull(strstr(d.body, "Amount: 1,850,000 VND"));
	gtd_refund_draft_release(&d);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_refund_hotel_cancel)
{
	gtd_refund_draft d;
	gtd_booking b;

	build(&b, "HDCO261101002", &(struct spec){HOTEL, .depart = "2027-02-01T07:00:00Z"});
	ck_assert_int_eq(gtd_rules_refund_request(&b, "Ví MoMo", "cancel", at(NOW), &d, NULL),
			 GTD_OK);
	ck_assert_str_eq(d.cc, "ota@gotadi.com");
	ck_assert_str_eq(d.subject, "[Ví MoMo-Testing] - Cancel HDCO261101002");
	ck_assert_ptr_nonnull(strstr(d.body, "Ví MoMo đề nghị Gotadi hủy booking thử nghiệm"));
	ck_assert_ptr_nonnull(strstr(d.body,
				     "Khách sạn: Sofitel Legend Metropole Hà Nội, nhận phòng 2027-02-01"));
	ck_assert_ptr_nonnull(strstr(d.body, "Guests: Trần Thị Mai"));
	gtd_refund_draft_release(&d);
	gtd_booking_release(&b);
}
END_TEST

/* 16:00 in Vietnam is 09:00 UTC. */
static const struct {
	const char *now;
	int passed;
	const char *deadline;
	const char *sentence;
} deadlines[] = {
	{"2026-11-01T08:59:59Z", 0, "2026-11-01T09:00:00Z",
	 "Hạn gửi yêu cầu: trước 16:00 giờ Việt Nam (UTC+7) ngày 2026-11-01."},
	{"2026-11-01T08:59:59Z", 0, "2026-11-01T09:00:00Z",
	 "Deadline: before 16:00 Vietnam time (UTC+7) on 2026-11-01."},
	{"2026-11-01T09:00:00Z", 1, "2026-11-01T09:00:00Z",
	 "Đã quá 16:00 giờ Việt Nam (UTC+7) ngày 2026-11-01: hạn gửi yêu cầu của hôm nay đã qua."},
	{"2026-11-01T16:59:59Z", 1, "2026-11-01T09:00:00Z",
	 "It is past 16:00 Vietnam time (UTC+7) on 2026-11-01: the deadline for today has passed."},
	/* 00:30 on 2 November in Vietnam: a new day */
	{"2026-11-01T17:30:00Z", 0, "2026-11-02T09:00:00Z", "before 16:00 Vietnam time (UTC+7) on 2026-11-02."},
};

START_TEST(test_refund_deadline)
{
	gtd_refund_draft d;
	gtd_booking b;

	build(&b, NUMBER, &(struct spec){0});
	ck_assert_int_eq(gtd_rules_refund_request(&b, "VNPay", "Refund", at(deadlines[_i].now), &d,
						  NULL), GTD_OK);
	ck_assert_int_eq(d.deadline_passed, deadlines[_i].passed);
	ck_assert_int_eq(d.deadline, at(deadlines[_i].deadline));
	ck_assert_msg(strstr(d.body, deadlines[_i].sentence), "%s", d.body);
	gtd_refund_draft_release(&d);
	gtd_booking_release(&b);
}
END_TEST

static const struct {
	int no_booking;
	const char *partner, *request, *why;
} bad_drafts[] = {
	{1, "VNPay", "Refund", "no booking"},
	{0, "VNPay", "Refund please", "neither Refund nor Cancel"},
	{0, "VNPay", NULL, "neither Refund nor Cancel"},
	{0, NULL, "Refund", "partner name: the text is empty"},
	{0, "", "Refund", "partner name: the text is empty"},
	{0, "VNPay\r\nBcc: x@y.z", "Refund", "control character"},
};

START_TEST(test_refund_refusals)
{
	gtd_refund_draft d;
	gtd_booking b;
	gtd_err err;

	build(&b, NUMBER, &(struct spec){0});
	ck_assert_int_eq(gtd_rules_refund_request(bad_drafts[_i].no_booking ? NULL : &b,
						  bad_drafts[_i].partner, bad_drafts[_i].request,
						  at(NOW), &d, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, bad_drafts[_i].why), "%s", err.msg);
	ck_assert_ptr_null(d.subject);
	ck_assert_ptr_null(d.body);
	ck_assert_int_eq(gtd_rules_refund_request(&b, "VNPay", "Refund", at(NOW), NULL, &err),
			 GTD_EINVAL);
	gtd_booking_release(&b);
}
END_TEST

#define LOOP(tc, test, table) tcase_add_loop_test(tc, test, 0, sizeof(table) / sizeof((table)[0]))

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *check = tcase_create("check"), *refund = tcase_create("refund");

	tcase_add_test(check, test_check_refusals);
	tcase_add_test(check, test_empty_booking);
	tcase_add_test(check, test_table);
	LOOP(check, test_rule_cases, cases);
	LOOP(check, test_details, details);
	LOOP(check, test_others, with_others);
	tcase_add_test(check, test_others_detail_and_self);
	tcase_add_test(check, test_long_name_cut_on_a_character);
	suite_add_tcase(s, check);
	LOOP(refund, test_refund_refusals, bad_drafts);
	tcase_add_test(refund, test_refund_flight);
	tcase_add_test(refund, test_refund_hotel_cancel);
	LOOP(refund, test_refund_deadline, deadlines);
	suite_add_tcase(s, refund);
	return s;
}

GTD_CHECK_MAIN(rules_suite)
