/* bookings.c - making and holding bookings, for the webview and for
 * POST /__gtd/bookings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock.h"
#include "rules.h"
#include "valid.h"

#define TRAVELLER_NAME_COLS 60  /* display columns of a traveller's name */

/* The default made-up itineraries: a Vietnam Airlines domestic flight 45
 * days out and a hotel stay 100 days out, far enough to pass the test
 * rules (shared/rules.c). */
static void default_itinerary(gtd_itinerary *it, gtd_product p, time_t now)
{
	time_t day = now - now % 86400;

	memset(it, 0, sizeof(*it));
	if (p == GTD_PRODUCT_FLIGHT) {
		it->airline = (char *)"VN";
		it->flight_no = (char *)"VN213";
		it->from = (char *)"HAN";
		it->to = (char *)"SGN";
		it->depart = day + 45 * 86400 + 1 * 3600;       /* 08:00 in Vietnam */
		it->arrive = it->depart + 2 * 3600 + 10 * 60;
	} else {
		it->hotel = (char *)"Khách sạn Gotadi Hà Nội (test)";
		it->depart = day + 100 * 86400 + 7 * 3600;      /* check-in 14:00 */
		it->arrive = it->depart + 2 * 86400 - 2 * 3600;
	}
}

static char *dup_opt(const char *s, int *ok)
{
	char *d = s ? strdup(s) : NULL;

	*ok &= !s || d;
	return d;
}

gtd_status mock_booking_create(mock_ctx *ctx, const char *partner_id, const char *user_id,
			       gtd_product product, long long amount, const gtd_itinerary *itinerary,
			       char number[GTD_BOOKING_NUMBER_MAX], gtd_err *err)
{
	gtd_itinerary dflt;
	gtd_booking *b = malloc(sizeof(*b));
	time_t now;
	gtd_status st;
	int ok = 1;

	if (!b)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (amount <= 0) {
		free(b);
		return gtd_err_set(err, GTD_EINVAL, "the amount must be a positive number of VND");
	}
	mock_state_lock(ctx->state);
	now = mock_now(ctx->state);
	mock_booking_next_number(ctx->state, product, now, number);
	st = gtd_booking_init(b, number, partner_id, user_id, product, amount, now, err);
	if (st != GTD_OK) {
		mock_state_unlock(ctx->state);
		free(b);
		return st;
	}
	if (!itinerary) {
		default_itinerary(&dflt, product, now);
		itinerary = &dflt;
	}
	b->itinerary.airline = dup_opt(itinerary->airline, &ok);
	b->itinerary.flight_no = dup_opt(itinerary->flight_no, &ok);
	b->itinerary.from = dup_opt(itinerary->from, &ok);
	b->itinerary.to = dup_opt(itinerary->to, &ok);
	b->itinerary.hotel = dup_opt(itinerary->hotel, &ok);
	b->itinerary.international = itinerary->international;
	b->itinerary.depart = itinerary->depart;
	b->itinerary.arrive = itinerary->arrive;
	st = ok ? mock_booking_add(ctx->state, b, err) : gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (st != GTD_OK) {
		gtd_booking_release(b);
		free(b);
	} else {
		mock_effects_booking(ctx, b);
	}
	mock_state_unlock(ctx->state);
	return st;
}

/* One traveller's field, checked by ok (a valid.h check) when present;
 * required says whether it may be absent. */
static int field_ok(int (*ok)(const char *, char *, size_t), const char *v, int required, size_t i,
		    const char *name, gtd_err *err)
{
	char why[256];

	if (!v || !*v) {
		if (required)
			gtd_err_set(err, GTD_EINVAL, "traveller %zu: the %s is missing", i + 1, name);
		return !required;
	}
	if (!ok(v, why, sizeof(why)))
		return gtd_err_set(err, GTD_EINVAL, "traveller %zu: %s: %s", i + 1, name, why), 0;
	return 1;
}

static int name_ok(const char *s, char *why, size_t len)
{
	return gtd_valid_text(s, TRAVELLER_NAME_COLS, why, len);
}

int mock_travellers_ok(const gtd_traveller *t, size_t n, gtd_err *err)
{
	size_t i;

	if (n < 1 || n > MOCK_PAX_MAX)
		return gtd_err_set(err, GTD_EINVAL, "a booking has 1 to %d travellers, not %zu", MOCK_PAX_MAX, n), 0;
	for (i = 0; i < n; i++)
		if (!field_ok(name_ok, t[i].first_name, 1, i, "first name", err) ||
		    !field_ok(name_ok, t[i].last_name, 1, i, "last name", err) ||
		    !field_ok(gtd_valid_phone, t[i].phone, i == 0, i, "phone number", err) ||
		    !field_ok(gtd_valid_email, t[i].email, i == 0, i, "e-mail address", err))
			return 0;
	return 1;
}

/* Test rules at hold: warnings in the journal only. Lock held. */
static void hold_rules(mock_ctx *ctx, const gtd_booking *b, time_t now)
{
	gtd_rule_violations v = {0};
	cJSON *warnings;
	size_t i;

	if (gtd_rules_check(b, NULL, 0, GTD_RULES_HOLD, now, &v, NULL) != GTD_OK || !v.n) {
		gtd_rule_violations_release(&v);
		return;
	}
	warnings = cJSON_CreateArray();
	for (i = 0; i < v.n; i++)
		cJSON_AddItemToArray(warnings, cJSON_CreateString(v.v[i].detail));
	mock_entry_json(ctx->entry, "test_rule_warnings", warnings);
	gtd_rule_violations_release(&v);
}

gtd_status mock_booking_hold(mock_ctx *ctx, const char *partner_id, const char *number,
			     const gtd_traveller *travellers, size_t n, gtd_err *err)
{
	gtd_email_set mail = 0;
	gtd_booking *b;
	gtd_status st = GTD_OK;
	time_t now;
	size_t i;

	mock_state_lock(ctx->state);
	now = mock_now(ctx->state);
	b = mock_booking_of(ctx->state, number, partner_id);
	if (!b) {
		st = gtd_err_set(err, GTD_ENOTFOUND, "booking %s does not exist for partner %s", number,
				 partner_id);
		goto out;
	}
	mock_effects_before(ctx, b);
	mock_entry_statuses(ctx->entry, "before", b);
	for (i = 0; i < n && st == GTD_OK; i++)
		st = gtd_booking_add_traveller(b, travellers[i].first_name, travellers[i].last_name,
					       travellers[i].phone, travellers[i].email, err);
	if (st == GTD_OK)
		st = gtd_booking_hold(b, now, ctx->state->hold_ttl, &mail, err);
	if (st == GTD_OK) {
		hold_rules(ctx, b, now);
		mock_effects_mail(ctx, b, mail);
		mock_effects_booking(ctx, b);
	}
	mock_entry_statuses(ctx->entry, "after", b);
out:
	mock_state_unlock(ctx->state);
	return st;
}

void mock_answer_booking(mock_response *resp, const gtd_booking *b, int internal)
{
	gtd_jw w;

	mock_response_json_begin(resp, &w);
	gtd_jw_open(&w, NULL, '{');
	gtd_booking_detail_members(&w, b);
	if (internal) {
		gtd_jw_str(&w, "partner", b->partner_id);
		gtd_jw_bool(&w, "committed", b->committed);
	}
	gtd_jw_close(&w, '}');
	mock_response_json_end(resp, 200, &w);
}

void mock_entry_statuses(mock_entry *e, const char *key, const gtd_booking *b)
{
	char json[160];
	int n = snprintf(json, sizeof(json),
			 "{\"status\":\"%s\",\"paymentStatus\":\"%s\",\"issuedStatus\":\"%s\"}",
			 gtd_bstatus_name(b->status), gtd_pstatus_name(b->payment),
			 gtd_istatus_name(b->issued));

	/* The names are fixed upper-case words: nothing to escape. */
	mock_entry_raw(e, key, json, (size_t)n);
}
