/* The ticket index the test rules read at commit: which of a partner's
 * tickets a booking is compared with, and that a booking which no longer
 * holds a ticket drops out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "rules.h"
#include "state.h"
#include "tickets.h"

#define T0 ((time_t)1764324000)   /* 2025-11-28T10:00:00Z */
#define DAY 86400

static mock_state s;

static void setup(void)
{
	ck_assert_int_eq(mock_state_init(&s, NULL, NULL), GTD_OK);
}

static void teardown(void)
{
	mock_state_release(&s);
}

/* A booking of partner, on flight (NULL: a hotel) departing at depart,
 * held; paid when ticketed.  Added to s. */
static gtd_booking *booking(const char *number, const char *partner, const char *flight, time_t depart,
			    int international, int ticketed)
{
	gtd_booking *b = malloc(sizeof(*b));

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(gtd_booking_init(b, number, partner, "u1",
					  flight ? GTD_PRODUCT_FLIGHT : GTD_PRODUCT_HOTEL, 1850000, T0, NULL),
			 GTD_OK);
	b->itinerary.flight_no = flight ? strdup(flight) : NULL;
	b->itinerary.depart = depart;
	b->itinerary.international = international;
	b->status = GTD_BOOKING_BOOKED;
	if (ticketed) {
		b->payment = GTD_PAYMENT_SUCCEEDED;
		b->issued = GTD_ISSUED_SUCCEEDED;
		b->committed = 1;
	}
	ck_assert_int_eq(mock_booking_add(&s, b, NULL), GTD_OK);
	return b;
}

static size_t others(const gtd_booking *b, time_t now, const gtd_booking **out)
{
	return mock_tickets_others(s.tickets, &s, b, now, out, 16);
}

START_TEST(test_same_flight_and_day_only)
{
	const time_t dep = T0 + 40 * DAY;
	const gtd_booking *out[16];
	gtd_booking *b;

	booking("ADCO2511280000001", "demo", "VN213", dep, 0, 1);
	booking("ADCO2511280000002", "demo", "VN213", dep + DAY, 0, 1);     /* another day */
	booking("ADCO2511280000003", "demo", "VN215", dep, 0, 1);           /* another flight */
	booking("ADCO2511280000004", "acme", "VN213", dep, 0, 1);           /* another partner */
	booking("ADCO2511280000005", "demo", "VN213", dep, 0, 0);           /* held, no ticket */
	b = booking("ADCO2511280000006", "demo", "vn213", dep + 3600, 0, 0); /* same day, other case */
	ck_assert_uint_eq(others(b, T0, out), 1);
	ck_assert_str_eq(out[0]->number, "ADCO2511280000001");
}
END_TEST

/* Refunded: no ticket any more, so not a candidate, for good. */
START_TEST(test_no_longer_ticketed_drops_out)
{
	const time_t dep = T0 + 40 * DAY;
	const gtd_booking *out[16];
	gtd_booking *a, *b;

	a = booking("ADCO2511280000001", "demo", "VN213", dep, 0, 1);
	b = booking("ADCO2511280000002", "demo", "VN213", dep, 0, 0);
	ck_assert_uint_eq(others(b, T0, out), 1);
	ck_assert_int_eq(gtd_booking_refund(a, T0, NULL), GTD_OK);
	ck_assert_uint_eq(others(b, T0, out), 0);
	/* Ticketed again (an undone refund): noted again, found again. */
	a->payment = GTD_PAYMENT_SUCCEEDED;
	a->status = GTD_BOOKING_BOOKED;
	mock_tickets_note(s.tickets, a);
	ck_assert_uint_eq(others(b, T0, out), 1);
	/* Noted twice, listed once. */
	mock_tickets_note(s.tickets, a);
	ck_assert_uint_eq(others(b, T0, out), 1);
}
END_TEST

/* International tickets count on the day they were issued, whatever the
 * flight; the booking itself is never its own candidate. */
START_TEST(test_international_by_day_of_issue)
{
	const gtd_booking *out[16];
	gtd_booking *a, *b, *c;

	a = booking("ADCO2511280000001", "demo", "VN51", T0 + 40 * DAY, 1, 0);
	a->updated = T0;
	a->payment = GTD_PAYMENT_SUCCEEDED;
	a->issued = GTD_ISSUED_SUCCEEDED;
	mock_tickets_note(s.tickets, a);
	c = booking("ADCO2511280000002", "demo", "VN53", T0 + 50 * DAY, 1, 0);
	c->updated = T0 - 2 * DAY;   /* issued two days before */
	c->payment = GTD_PAYMENT_SUCCEEDED;
	c->issued = GTD_ISSUED_SUCCEEDED;
	mock_tickets_note(s.tickets, c);
	b = booking("ADCO2511280000003", "demo", "VN55", T0 + 60 * DAY, 1, 0);
	ck_assert_uint_eq(others(b, T0 + 3600, out), 1);
	ck_assert_str_eq(out[0]->number, "ADCO2511280000001");
	ck_assert_uint_eq(others(a, T0 + 3600, out), 0);
	ck_assert_uint_eq(others(b, T0 + DAY, out), 0);   /* the next day */
}
END_TEST

/* However many tickets share a flight and day, a lookup gives a bounded
 * few: what the rules need, at the same cost. */
START_TEST(test_bounded_candidates)
{
	const time_t dep = T0 + 40 * DAY;
	const gtd_booking *out[16];
	char number[GTD_BOOKING_NUMBER_MAX];
	gtd_booking *b;
	int i;

	for (i = 1; i <= 1000; i++) {
		snprintf(number, sizeof(number), "ADCO251128%07d", i);
		booking(number, "demo", "VN213", dep, 0, 1);
	}
	b = booking("ADCO2511289999999", "demo", "VN213", dep, 0, 0);
	ck_assert_uint_eq(others(b, T0, out), MOCK_TICKETS_CANDIDATES);
}
END_TEST

/* Reset forgets every ticket with the bookings. */
START_TEST(test_reset_clears)
{
	const gtd_booking *out[16];
	gtd_booking *b;

	booking("ADCO2511280000001", "demo", "VN213", T0 + 40 * DAY, 0, 1);
	mock_state_reset(&s);
	b = booking("ADCO2511280000001", "demo", "VN213", T0 + 40 * DAY, 0, 0);
	ck_assert_uint_eq(others(b, T0, out), 0);
}
END_TEST

static Suite *tickets_suite(void)
{
	Suite *su = suite_create("tickets");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_same_flight_and_day_only);
	tcase_add_test(tc, test_no_longer_ticketed_drops_out);
	tcase_add_test(tc, test_international_by_day_of_issue);
	tcase_add_test(tc, test_bounded_candidates);
	tcase_add_test(tc, test_reset_clears);
	suite_add_tcase(su, tc);
	return su;
}

GTD_CHECK_MAIN(tickets_suite)
