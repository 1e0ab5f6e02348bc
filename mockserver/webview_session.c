/* webview_session.c - what every webview route shares, pages and JSON
 * calls alike: the user's session from the verified token, refusals in
 * the route's own way, the searches and the one booking step. */
#include "webview_session.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A decimal count in lo..hi; 0 when s is not one. */
int webview_count(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return 0;
	*out = (int)v;
	return 1;
}

/* t in Vietnam's time: "08:05", "08:05 28/11/2026" or "28/11/2026". */
const char *webview_time(char out[WEBVIEW_TIME_SIZE], time_t t, webview_time_style style)
{
	struct tm tm;
	time_t local = t + INVENTORY_VN_OFFSET;

	gmtime_r(&local, &tm);
	if (style == WEBVIEW_TIME)
		strftime(out, WEBVIEW_TIME_SIZE, "%H:%M", &tm);
	else if (style == WEBVIEW_DATE_TIME)
		strftime(out, WEBVIEW_TIME_SIZE, "%H:%M %d/%m/%Y", &tm);
	else
		strftime(out, WEBVIEW_TIME_SIZE, "%d/%m/%Y", &tm);
	return out;
}

static const char *claim(const webview_session *s, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s->claims, name));
}

/* Whether this session may book product p: layout single offers the
 * token's product only, dual whatever the partner sells. */
int webview_offers(const webview_session *s, gtd_product p)
{
	if (!s->dual)
		return p == s->product;
	return p == GTD_PRODUCT_FLIGHT ? s->mp->rec->products.flight : s->mp->rec->products.hotel;
}

/* Answers a refusal the way the route speaks - an error page, or the
 * gateway's plain JSON error - and journals why. */
void webview_fail(mock_ctx *ctx, mock_response *resp, const webview_session *s, int status, const char *fmt, ...)
{
	char msg[GTD_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mock_entry_why(ctx->entry, "webview: %s (HTTP %d)", msg, status);
	if (s->html)
		mock_page_error_lang(resp, s->mp ? s->mp->rec : NULL, s->lang,
				     status == 401 ? NULL : s->token, status, msg);
	else
		mock_response_error(resp, status, "%s", msg);
}

/* The session of the user whose token the guard verified (ctx->caller).
 * 0 with the answer made: 403 for a token of a product this mock lacks. */
int webview_session_open(mock_ctx *ctx, const mock_request *req, mock_response *resp, webview_session *s)
{
	const char *product, *layout, *lang;

	s->claims = ctx->caller.claims;
	s->token = ctx->caller.token;
	s->user = ctx->caller.user;
	s->mp = ctx->caller.mp;
	lang = mock_arg(req, "lang");
	s->lang = mock_lang_parse(lang ? lang : claim(s, "lang"));
	product = claim(s, "product");
	layout = claim(s, "layout");
	if (gtd_product_lookup(product) < 0) {
		webview_fail(ctx, resp, s, 403, "the token's product %s is not served by this mock",
		     product ? product : "-");
		return 0;
	}
	s->product = (gtd_product)gtd_product_lookup(product);
	s->dual = !layout || strcmp(layout, gtd_layout_names[GTD_LAYOUT_SINGLE]) != 0;
	return 1;
}

/* Searches and bookings go from today (in Vietnam) to WEBVIEW_DAYS_AHEAD out. */
int webview_day_bookable(mock_ctx *ctx, time_t day, gtd_err *err)
{
	time_t today = inventory_day_of(mock_now(ctx->state));
	char date[INVENTORY_DATE_SIZE];

	inventory_date_format(today, date);
	if (day < today)
		return gtd_err_set(err, GTD_EINVAL, "that date has passed: today is %s in Vietnam", date), 0;
	if (day > today + (time_t)WEBVIEW_DAYS_AHEAD * WEBVIEW_DAY)
		return gtd_err_set(err, GTD_EINVAL, "searches go at most %d days ahead of %s", WEBVIEW_DAYS_AHEAD,
				   date), 0;
	return 1;
}

/* Runs the search req asks for product p, for nights nights of a hotel
 * (0: as ?nights= says).  0 with the offers, or the HTTP status of the
 * refusal with err saying why. */
int webview_search(mock_ctx *ctx, const webview_session *s, const mock_request *req, gtd_product p,
		  int nights, inventory_offer *o, size_t *n, gtd_err *err)
{
	const char *date = mock_arg(req, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin");
	gtd_status st;

	if (!webview_offers(s, p)) {
		gtd_err_set(err, GTD_EINVAL, "this booking session does not offer %s",
			    gtd_product_name(p));
		return 403;
	}
	if (p == GTD_PRODUCT_FLIGHT) {
		st = inventory_flights(mock_arg(req, "from"), mock_arg(req, "to"), date, o, n, err);
	} else if (!nights && !webview_count(mock_arg(req, "nights"), 1, INVENTORY_NIGHTS_MAX, &nights)) {
		gtd_err_set(err, GTD_EINVAL, "nights must be a number from 1 to %d", INVENTORY_NIGHTS_MAX);
		return 400;
	} else {
		st = inventory_hotels(mock_arg(req, "city"), date, nights, o, n, err);
	}
	if (st != GTD_OK || !webview_day_bookable(ctx, inventory_day_of(o[0].start), err))
		return 400;
	return 0;
}

/* ?pax=N (1..MOCK_PAX_MAX), 1 when absent; 0 when malformed. */
int webview_pax_arg(const char *v, int *pax, gtd_err *err)
{
	*pax = 1;
	if (v && !webview_count(v, 1, MOCK_PAX_MAX, pax))
		return gtd_err_set(err, GTD_EINVAL, "pax is the number of travellers, 1 to %d", MOCK_PAX_MAX), 0;
	return 1;
}

/* Reads what the hold made of h->number and journals it. */
static void read_hold(mock_ctx *ctx, const webview_session *s, webview_held *h)
{
	gtd_booking *b;
	char until[WEBVIEW_TIME_SIZE];

	mock_state_lock(ctx->state);
	b = mock_booking_find(ctx->state, h->number);
	if (b) {
		h->status = b->status;
		h->time_to_live = b->time_to_live;
		h->amount = b->total_amount;
	}
	mock_state_unlock(ctx->state);
	if (h->status == GTD_BOOKING_BOOKED)
		mock_entry_why(ctx->entry, "webview: user %s held booking %s until %s (Vietnam time)",
			       s->user, h->number, webview_time(until, h->time_to_live, WEBVIEW_DATE_TIME));
	else
		mock_entry_why(ctx->entry, "webview: the hold of booking %s failed (a traveller's surname "
					   "is HOLDFAIL)", h->number);
}

/* The webview's one booking step: a PENDING booking for the offer and
 * extras (VND on top of the fares), held with the travellers at once.  0 with h filled, or the HTTP status of the
 * refusal with err saying why. */
int webview_book(mock_ctx *ctx, const webview_session *s, const char *offer_id, const gtd_traveller *t,
		size_t n, long long extras, webview_held *h, gtd_err *err)
{
	const char *pid = s->mp->rec->id;
	inventory_offer o;
	gtd_itinerary it;
	gtd_status st;

	memset(h, 0, sizeof(*h));
	mock_entry_str(ctx->entry, "offer", offer_id);
	st = inventory_offer_find(offer_id, &o, err);
	if (st != GTD_OK)
		return st == GTD_ENOTFOUND ? 404 : 400;
	if (!webview_offers(s, o.product)) {
		gtd_err_set(err, GTD_EINVAL, "this booking session does not offer %s",
			    gtd_product_name(o.product));
		return 403;
	}
	if (o.start <= mock_now(ctx->state)) {
		gtd_err_set(err, GTD_EINVAL, "offer %s has already begun: search again", o.id);
		return 400;
	}
	if (!webview_day_bookable(ctx, inventory_day_of(o.start), err) || !mock_travellers_ok(t, n, err))
		return 400;
	inventory_offer_itinerary(&o, &it);
	st = mock_booking_create(ctx, pid, s->user, o.product, inventory_offer_total(&o, n) + extras, &it,
				 h->number, err);
	if (st == GTD_OK) {
		mock_entry_str(ctx->entry, "booking", h->number);
		st = mock_booking_hold(ctx, pid, h->number, t, n, err);
	}
	if (st != GTD_OK)
		return st == GTD_EINVAL ? 400 : 500;
	read_hold(ctx, s, h);
	return 0;
}

/* Booking number if it is the session user's, brought up to now.  Lock
 * held. */
gtd_booking *webview_user_booking(mock_ctx *ctx, const webview_session *s, const char *number)
{
	gtd_booking *b = mock_booking_of(ctx->state, number, s->mp->rec->id);

	if (!b || !b->user_id || strcmp(b->user_id, s->user) != 0)
		return NULL;
	mock_settle(ctx, b);
	return b;
}

