/* webview.c - Gotadi's booking UI as the emulator serves it (doc/protocol.md,
 * "The mock's own paths"): pages rendered on the server that work without script, drawn
 * for a phone first in the partner's theme (html.c), one language at a time
 * (Vietnamese; English with ?lang=en, carried on by every link and form),
 * and the same steps as JSON calls for scripts.
 *
 * Every route but the result page needs the user's access token from
 * login's redirect_url, as ?access_token=T or Authorization: Bearer T; the
 * pages carry it on in their links and forms.
 *
 * Pages (errors are pages too, with the HTTP status; a form with bad input
 * comes back 400 with a message under each wrong field and what was typed):
 *   GET  /webview               the booking home: flight and hotel tabs for
 *                               layout dual (?tab=flight|hotel, the token's
 *                               product first), its product only for single
 *   GET  /webview/flights       ?from=HAN&to=SGN&date=YYYY-MM-DD&pax=1..4 (or
 *                               adults, children, infants), and
 *                               sort=price|time, airline=VN: cards
 *   GET  /webview/hotels        ?city=HAN&checkin=YYYY-MM-DD&checkout=YYYY-MM-DD
 *                               (or nights=N)&pax=1..4, sort=price: cards, a
 *                               Select per room type
 *   GET  /webview/travellers    ?offer=ID&pax=N[&room=standard|deluxe]: the
 *                               traveller form
 *   POST /webview/hold          offer, pax, room, and per traveller I = 1..pax
 *                               type_I, title_I, first_name_I, last_name_I,
 *                               dob_I (passport_I, nationality_I, expiry_I
 *                               abroad), and phone_1, email_1: checked, then
 *                               for a flight the extras step (the same form
 *                               back with bag_I, insurance and extras=1);
 *                               creates and holds the booking, then 303 to
 *                               its page
 *   GET  /webview/booking/N     the review: price summary, the hold's
 *                               countdown and "go to payment", or what
 *                               became of the booking
 *   GET  /webview/pay           ?bookingNumber=N: place order, then 302 to the
 *                               partner's payment page
 *   GET  /webview/result/N      return_url: statuses, what to do next, the
 *                               itinerary and the way back to the partner
 *                               app (links.product_url); no token, and so no
 *                               traveller data
 *
 * JSON (errors are the gateway's {"status", "error", "message"}):
 *   GET  /webview/api/flights   ?from=&to=&date= -> {"offers": [{"offer",
 *                               "airline", "airlineName", "flightNo", "from",
 *                               "to", "international", "departure",
 *                               "arrival", "price"}]}, price in VND a passenger
 *   GET  /webview/api/hotels    ?city=&checkin=&nights= -> {"offers": [{"offer",
 *                               "hotelName", "stars", "city", "nights",
 *                               "checkIn", "checkOut", "price"}]}, VND a night
 *   POST /webview/api/bookings  {"offer": ID, "travellers": [{"firstName",
 *                               "lastName", "phoneNumber", "email"}]}, 1 to 4
 *                               travellers, the first one's phone and e-mail
 *                               required -> 201 {"bookingNumber", "status",
 *                               "totalAmount", "timeToLive", "placeOrder",
 *                               "result"}: status BOOKED, or FAILED when the
 *                               hold failed (surname HOLDFAIL)
 *   GET  /webview/api/bookings/N  booking detail's JSON, for the token's user
 * Then GET /api/partner/place-order?bookingNumber=N with the same token goes
 * to payment, as Gotadi's own webview does.
 */
#include "webview.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "inventory.h"
#include "mail.h"
#include "utf8.h"
#include "valid.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define DAY (24 * 3600)
#define DAYS_AHEAD 365         /* how far ahead a search may look */
#define FLIGHT_DAYS_OUT 45     /* the forms' default dates pass Gotadi's test */
#define HOTEL_DAYS_OUT 100     /* rules: 30 days for flights, 3 months for hotels */
#define DEFAULT_NIGHTS 2
#define TIME_SIZE 32           /* "08:05 28/11/2026" and more */
#define WHY_SIZE 256           /* a validator's reason */
#define STAR "★"               /* a hotel's stars, five at most */

/* The three statuses in both languages, by their enums' values. */
typedef struct label {
	const char *vi, *en;
} label;

static const label booking_labels[] = {
	[GTD_BOOKING_PENDING] = {"Đang tạo", "Pending"},
	[GTD_BOOKING_ON_PROCESS] = {"Đang giữ chỗ", "Booking in progress"},
	[GTD_BOOKING_BOOKED] = {"Đã giữ chỗ", "Booked"},
	[GTD_BOOKING_FAILED] = {"Thất bại", "Failed"},
	[GTD_BOOKING_CANCELLED] = {"Đã hủy", "Cancelled"},
	[GTD_BOOKING_EXPIRED] = {"Hết hạn", "Expired"},
};
static const label payment_labels[] = {
	[GTD_PAYMENT_PENDING] = {"Chờ thanh toán", "Awaiting payment"},
	[GTD_PAYMENT_SUCCEEDED] = {"Đã thanh toán", "Paid"},
	[GTD_PAYMENT_FAILED] = {"Thanh toán thất bại", "Payment failed"},
	[GTD_PAYMENT_REFUNDED] = {"Đã hoàn tiền", "Refunded"},
};
static const label issued_labels[] = {
	[GTD_ISSUED_PENDING] = {"Chưa xuất vé", "Not issued"},
	[GTD_ISSUED_ON_PROCESS] = {"Đang xuất vé", "Issuing"},
	[GTD_ISSUED_SUCCEEDED] = {"Đã xuất vé", "Issued"},
	[GTD_ISSUED_FAILED] = {"Xuất vé thất bại", "Issue failed"},
};

/* What the result page says first, from the three statuses. */
typedef enum outcome {
	OUTCOME_PENDING, OUTCOME_AWAITING_PAYMENT, OUTCOME_HOLD_FAILED, OUTCOME_EXPIRED,
	OUTCOME_CANCELLED, OUTCOME_PAYMENT_FAILED, OUTCOME_REFUNDED, OUTCOME_ISSUING,
	OUTCOME_ISSUED, OUTCOME_ISSUE_FAILED
} outcome;

static const struct {
	const char *id;          /* data-outcome, for tests */
	const char *vi, *en;
} outcomes[] = {
	[OUTCOME_PENDING] = {"pending", "Đang xử lý", "In progress"},
	[OUTCOME_AWAITING_PAYMENT] = {"awaiting-payment", "Đã giữ chỗ, chờ thanh toán",
				      "Held, awaiting payment"},
	[OUTCOME_HOLD_FAILED] = {"hold-failed", "Giữ chỗ thất bại", "The hold failed"},
	[OUTCOME_EXPIRED] = {"expired", "Đã hết thời hạn giữ chỗ", "The hold expired"},
	[OUTCOME_CANCELLED] = {"cancelled", "Đã hủy", "Cancelled"},
	[OUTCOME_PAYMENT_FAILED] = {"payment-failed", "Thanh toán thất bại", "Payment failed"},
	[OUTCOME_REFUNDED] = {"refunded", "Đã hoàn tiền", "Refunded"},
	[OUTCOME_ISSUING] = {"issuing", "Đã thanh toán, đang xuất vé", "Paid, issuing"},
	[OUTCOME_ISSUED] = {"issued", "Đã xuất vé", "Issued"},
	[OUTCOME_ISSUE_FAILED] = {"issue-failed", "Đã thanh toán nhưng không xuất được vé",
				  "Paid, but it could not be issued"},
};

/* A product's name, in one language at a time. */
static const label product_titles[] = {
	[GTD_PRODUCT_FLIGHT] = {"Vé máy bay", "Flights"},
	[GTD_PRODUCT_HOTEL] = {"Khách sạn", "Hotels"},
};

/* The steps of a journey, shown as the stepper on every page of it. */
typedef enum step {
	STEP_SEARCH, STEP_CHOOSE, STEP_DETAILS, STEP_EXTRAS, STEP_REVIEW, STEP_PAY, STEP_COUNT,
	STEP_NONE = -1
} step;

static const label step_labels[][STEP_COUNT] = {
	[GTD_PRODUCT_FLIGHT] = {{"Tìm kiếm", "Search"}, {"Chọn chuyến bay", "Choose a flight"},
				{"Hành khách", "Passengers"}, {"Dịch vụ thêm", "Extras"},
				{"Xem lại", "Review"}, {"Thanh toán", "Payment"}},
	/* Hotels have no extras step. */
	[GTD_PRODUCT_HOTEL] = {{"Tìm kiếm", "Search"}, {"Chọn khách sạn", "Choose a hotel"},
			       {"Thông tin khách", "Guests"}, {NULL, NULL}, {"Xem lại", "Review"},
			       {"Thanh toán", "Payment"}},
};

/* The user a request speaks for, from its access token. */
typedef struct session {
	int html;                    /* the route answers pages, not JSON */
	cJSON *claims;
	const char *token;           /* as the request carried it, for links */
	const char *user;
	const mock_partner *mp;
	gtd_product product;         /* the token's, focused first */
	int dual;
	mock_lang lang;              /* ?lang=en, else the token's, else Vietnamese */
	int children, infants;       /* of a flight search's travellers, carried on */
} session;

#define TR(s, vi, en) MOCK_TR((s)->lang, vi, en)

/* ---- small helpers ------------------------------------------------------ */

static const char *label_of(const label *l, size_t n, unsigned v, mock_lang lang)
{
	return v < n ? MOCK_TR(lang, l[v].vi, l[v].en) : "?";
}

/* A decimal count in lo..hi; 0 when s is not one. */
static int parse_count(const char *s, int lo, int hi, int *out)
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

typedef enum time_style { TIME_OF_DAY, DATE_AND_TIME, DATE_ONLY } time_style;

/* t in Vietnam's time: "08:05", "08:05 28/11/2026" or "28/11/2026". */
static const char *local_time(char out[TIME_SIZE], time_t t, time_style style)
{
	struct tm tm;
	time_t local = t + INVENTORY_VN_OFFSET;

	gmtime_r(&local, &tm);
	if (style == TIME_OF_DAY)
		strftime(out, TIME_SIZE, "%H:%M", &tm);
	else if (style == DATE_AND_TIME)
		strftime(out, TIME_SIZE, "%H:%M %d/%m/%Y", &tm);
	else
		strftime(out, TIME_SIZE, "%d/%m/%Y", &tm);
	return out;
}

static const char *claim(const session *s, const char *name)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(s->claims, name));
}

/* Whether this session may book product p: layout single offers the
 * token's product only, dual whatever the partner sells. */
static int offers(const session *s, gtd_product p)
{
	if (!s->dual)
		return p == s->product;
	return p == GTD_PRODUCT_FLIGHT ? s->mp->rec->products.flight : s->mp->rec->products.hotel;
}

/* ---- page skeleton ------------------------------------------------------ */

/* What every form carries on: the token and, for English, the language. */
static void add_token_input(gtd_buf *b, const session *s)
{
	gtd_buf_adds(b, "<input type=\"hidden\" name=\"access_token\" value=\"");
	gtd_buf_add_html(b, s->token);
	gtd_buf_adds(b, "\">");
	if (s->lang == MOCK_LANG_EN)
		gtd_buf_adds(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
}

/* The same for a link's query: "access_token=T[&amp;lang=en]". */
static void add_token_query(gtd_buf *b, const session *s)
{
	gtd_buf_adds(b, "access_token=");
	gtd_buf_add_html(b, s->token);
	if (s->lang == MOCK_LANG_EN)
		gtd_buf_adds(b, "&amp;lang=en");
}

/* One line of a summary list: term and (escaped) value; id names the
 * value for tests. */
static void add_item(gtd_buf *b, const char *dt, const char *id, const char *dd)
{
	gtd_buf_adds(b, "<dt>");
	gtd_buf_add_html(b, dt);
	gtd_buf_adds(b, "</dt><dd");
	if (id)
		gtd_buf_printf(b, " id=\"%s\"", id);
	gtd_buf_adds(b, ">");
	gtd_buf_add_html(b, dd);
	gtd_buf_adds(b, "</dd>\n");
}

/* The sandbox banner: the test rules where they apply and when the
 * session's token ends, discreetly. */
static void add_sandbox(gtd_buf *b, const session *s, gtd_product p)
{
	const cJSON *exp;
	char t[TIME_SIZE];

	gtd_buf_adds(b, "<p class=\"sandbox\" id=\"sandbox\"><b>Sandbox</b> &middot; ");
	if (p == GTD_PRODUCT_FLIGHT)
		gtd_buf_adds(b, TR(s, "Chỉ Vietnam Airlines được xuất vé, tối đa 4 khách, khởi hành sau "
				      "ít nhất 30 ngày.",
				   "Only Vietnam Airlines issues tickets, at most 4 travellers, departure "
				   "at least 30 days ahead."));
	else
		gtd_buf_adds(b, TR(s, "Chỉ khách sạn trong danh sách của Gotadi, nhận phòng sau ít nhất "
				      "3 tháng.",
				   "Only Gotadi's listed hotels, check-in at least 3 months ahead."));
	exp = cJSON_GetObjectItemCaseSensitive(s->claims, "exp");
	if (cJSON_IsNumber(exp))
		gtd_buf_printf(b, " <span id=\"session-expiry\">%s %s.</span>",
			       TR(s, "Phiên đăng nhập hết hạn lúc", "The session ends at"),
			       local_time(t, (time_t)exp->valuedouble, TIME_OF_DAY));
	gtd_buf_adds(b, "</p>\n");
}

/* The stepper of product p's journey at step at. */
static void add_stepper(gtd_buf *b, const session *s, gtd_product p, step at)
{
	int i;

	gtd_buf_adds(b, "<ol class=\"stepper\" id=\"stepper\">");
	for (i = 0; i < STEP_COUNT; i++) {
		if (!step_labels[p][i].vi)
			continue;
		gtd_buf_printf(b, "<li%s%s><span class=\"label\">", i < (int)at ? " class=\"done\"" : "",
			       i == (int)at ? " aria-current=\"step\"" : "");
		gtd_buf_add_html(b, MOCK_TR(s->lang, step_labels[p][i].vi, step_labels[p][i].en));
		gtd_buf_adds(b, "</span></li>");
	}
	gtd_buf_adds(b, "</ol>\n");
}

/* Opens a webview page: header, sandbox banner, the stepper at step of
 * product p (none for STEP_NONE), the heading. */
static void page_open(mock_response *resp, const session *s, const char *page, const char *title,
		      gtd_product p, step at)
{
	gtd_buf *b = &resp->body;

	mock_page_begin_lang(resp, s->mp->rec, s->lang, TR(s, "Đặt vé cùng Gotadi", "Travel with Gotadi"),
			     page, title);
	add_sandbox(b, s, p);
	if (at != STEP_NONE)
		add_stepper(b, s, p, at);
	gtd_buf_adds(b, "<h1>");
	gtd_buf_add_html(b, title);
	gtd_buf_adds(b, "</h1>\n");
}

/* Answers a refusal the way the route speaks - an error page, or the
 * gateway's plain JSON error - and journals why. */
static void fail(mock_ctx *ctx, mock_response *resp, const session *s, int status, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void fail(mock_ctx *ctx, mock_response *resp, const session *s, int status, const char *fmt, ...)
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

static void redirect(mock_response *resp, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void redirect(mock_response *resp, int status, const char *fmt, ...)
{
	char *url = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&url, fmt, ap);
	va_end(ap);
	if (n < 0) {
		mock_response_error(resp, 500, "out of memory");
		return;
	}
	mock_response_header(resp, "Location", "%s", url);
	gtd_buf_reset(&resp->body);
	gtd_buf_adds(&resp->body, "<!DOCTYPE html>\n<a href=\"");
	gtd_buf_add_html(&resp->body, url);
	gtd_buf_adds(&resp->body, "\">Tiếp tục / Continue</a>\n");
	resp->status = status;
	resp->content_type = MOCK_HTML_TYPE;
	free(url);
}

/* ---- the session -------------------------------------------------------- */

/* The session of the user whose token the guard verified (ctx->caller).
 * 0 with the answer made: 403 for a token of a product this mock lacks. */
static int session_open(mock_ctx *ctx, const mock_request *req, mock_response *resp, session *s)
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
		fail(ctx, resp, s, 403, "the token's product %s is not served by this mock",
		     product ? product : "-");
		return 0;
	}
	s->product = (gtd_product)gtd_product_lookup(product);
	s->dual = !layout || strcmp(layout, gtd_layout_names[GTD_LAYOUT_SINGLE]) != 0;
	return 1;
}

/* ---- searching and booking ---------------------------------------------- */

/* Searches and bookings go from today (in Vietnam) to DAYS_AHEAD out. */
static int day_bookable(mock_ctx *ctx, time_t day, gtd_err *err)
{
	time_t today = inventory_day_of(mock_now(ctx->state));
	char date[INVENTORY_DATE_SIZE];

	inventory_date_format(today, date);
	if (day < today)
		return gtd_err_set(err, GTD_EINVAL, "that date has passed: today is %s in Vietnam", date), 0;
	if (day > today + (time_t)DAYS_AHEAD * DAY)
		return gtd_err_set(err, GTD_EINVAL, "searches go at most %d days ahead of %s", DAYS_AHEAD,
				   date), 0;
	return 1;
}

/* Runs the search req asks for product p, for nights nights of a hotel
 * (0: as ?nights= says).  0 with the offers, or the HTTP status of the
 * refusal with err saying why. */
static int search(mock_ctx *ctx, const session *s, const mock_request *req, gtd_product p,
		  int nights, inventory_offer *o, size_t *n, gtd_err *err)
{
	const char *date = mock_arg(req, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin");
	gtd_status st;

	if (!offers(s, p)) {
		gtd_err_set(err, GTD_EINVAL, "this booking session does not offer %s",
			    gtd_product_name(p));
		return 403;
	}
	if (p == GTD_PRODUCT_FLIGHT) {
		st = inventory_flights(mock_arg(req, "from"), mock_arg(req, "to"), date, o, n, err);
	} else if (!nights && !parse_count(mock_arg(req, "nights"), 1, INVENTORY_NIGHTS_MAX, &nights)) {
		gtd_err_set(err, GTD_EINVAL, "nights must be a number from 1 to %d", INVENTORY_NIGHTS_MAX);
		return 400;
	} else {
		st = inventory_hotels(mock_arg(req, "city"), date, nights, o, n, err);
	}
	if (st != GTD_OK || !day_bookable(ctx, inventory_day_of(o[0].start), err))
		return 400;
	return 0;
}

/* ?pax=N (1..MOCK_PAX_MAX), 1 when absent; 0 when malformed. */
static int pax_arg(const char *v, int *pax, gtd_err *err)
{
	*pax = 1;
	if (v && !parse_count(v, 1, MOCK_PAX_MAX, pax))
		return gtd_err_set(err, GTD_EINVAL, "pax is the number of travellers, 1 to %d", MOCK_PAX_MAX), 0;
	return 1;
}

/* What a hold made. */
typedef struct held {
	char number[GTD_BOOKING_NUMBER_MAX];
	gtd_bstatus status;
	time_t time_to_live;
	long long amount;
} held;

/* Reads what the hold made of h->number and journals it. */
static void read_hold(mock_ctx *ctx, const session *s, held *h)
{
	gtd_booking *b;
	char until[TIME_SIZE];

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
			       s->user, h->number, local_time(until, h->time_to_live, DATE_AND_TIME));
	else
		mock_entry_why(ctx->entry, "webview: the hold of booking %s failed (a traveller's surname "
					   "is HOLDFAIL)", h->number);
}

/* The webview's one booking step: a PENDING booking for the offer and
 * extras (VND on top of the fares), held with the travellers at once.  0 with h filled, or the HTTP status of the
 * refusal with err saying why. */
static int book(mock_ctx *ctx, const session *s, const char *offer_id, const gtd_traveller *t,
		size_t n, long long extras, held *h, gtd_err *err)
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
	if (!offers(s, o.product)) {
		gtd_err_set(err, GTD_EINVAL, "this booking session does not offer %s",
			    gtd_product_name(o.product));
		return 403;
	}
	if (o.start <= mock_now(ctx->state)) {
		gtd_err_set(err, GTD_EINVAL, "offer %s has already begun: search again", o.id);
		return 400;
	}
	if (!day_bookable(ctx, inventory_day_of(o.start), err) || !mock_travellers_ok(t, n, err))
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
static gtd_booking *user_booking(mock_ctx *ctx, const session *s, const char *number)
{
	gtd_booking *b = mock_booking_of(ctx->state, number, s->mp->rec->id);

	if (!b || !b->user_id || strcmp(b->user_id, s->user) != 0)
		return NULL;
	mock_settle(ctx, b);
	return b;
}

/* ---- what the pages show ------------------------------------------------ */

static const char *city_of(const inventory_place *p, mock_lang lang)
{
	return MOCK_TR(lang, p->city_vi, p->city_en);
}

static const char *city_name(const char *code, mock_lang lang)
{
	const inventory_place *p = inventory_place_find(code);

	return p ? city_of(p, lang) : code;
}

static const char *airline_name(const char *code)
{
	const inventory_airline *a = inventory_airline_find(code);

	return a ? a->name : code;
}

static void add_place_options(gtd_buf *b, const session *s, const char *selected, int hotels_only)
{
	size_t i;

	for (i = 0; i < inventory_place_count; i++) {
		const inventory_place *p = &inventory_places[i];

		if (hotels_only && !inventory_has_hotels(p->code))
			continue;
		gtd_buf_printf(b, "<option value=\"%s\"%s>", p->code,
			       selected && strcmp(p->code, selected) == 0 ? " selected" : "");
		gtd_buf_add_html(b, city_of(p, s->lang));
		gtd_buf_printf(b, " (%s)</option>", p->code);
	}
}

static void add_count_options(gtd_buf *b, int lo, int hi, int selected)
{
	int i;

	for (i = lo; i <= hi; i++)
		gtd_buf_printf(b, "<option%s>%d</option>", i == selected ? " selected" : "", i);
}

/* An amount of dong the Vietnamese way: "1.850.000 ₫". */
static void add_vnd(gtd_buf *b, long long vnd)
{
	char digits[32], out[48];
	size_t n, i, k = 0;

	if (vnd < 0) {
		out[k++] = '-';
		vnd = -vnd;
	}
	n = (size_t)snprintf(digits, sizeof(digits), "%lld", vnd);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[k++] = '.';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	gtd_buf_adds(b, out);
	gtd_buf_adds(b, "&nbsp;₫");
}

/* "2 giờ 10 phút" / "2 h 10 min" from seconds. */
static void add_duration(gtd_buf *b, const session *s, time_t secs)
{
	long m = (long)(secs / 60);

	gtd_buf_printf(b, TR(s, "%ld giờ %02ld phút", "%ld h %02ld min"), m / 60, m % 60);
}

/* "Hà Nội (HAN) → TP. Hồ Chí Minh (SGN)", escaped. */
static void add_route(gtd_buf *b, const session *s, const char *from, const char *to)
{
	gtd_buf_add_html(b, city_name(from, s->lang));
	gtd_buf_adds(b, " (");
	gtd_buf_add_html(b, from);
	gtd_buf_adds(b, ") &rarr; ");
	gtd_buf_add_html(b, city_name(to, s->lang));
	gtd_buf_adds(b, " (");
	gtd_buf_add_html(b, to);
	gtd_buf_adds(b, ")");
}

/* ---- form fields -------------------------------------------------------- */

#define FORM_ERRORS_MAX 48
#define FIELD_NAME_MAX 32
#define NAME_COLS 60           /* bookings.c's limit of a traveller's name */

/* What is wrong with which field of a form, in the page's language. */
typedef struct form_errors {
	struct {
		char name[FIELD_NAME_MAX];
		const char *msg;
	} v[FORM_ERRORS_MAX];
	size_t n;
} form_errors;

static void form_error(form_errors *e, const char *name, const char *msg)
{
	if (e->n == FORM_ERRORS_MAX)
		return;
	snprintf(e->v[e->n].name, FIELD_NAME_MAX, "%s", name);
	e->v[e->n++].msg = msg;
}

static const char *error_of(const form_errors *e, const char *name)
{
	size_t i;

	for (i = 0; e && i < e->n; i++)
		if (strcmp(e->v[i].name, name) == 0)
			return e->v[i].msg;
	return NULL;
}

/* A field's label, before its control. */
static void field_open(gtd_buf *b, const char *name, const char *caption)
{
	gtd_buf_printf(b, "<div class=\"field\"><label for=\"f-%s\">", name);
	gtd_buf_add_html(b, caption);
	gtd_buf_adds(b, "</label>");
}

/* The attributes tying a control to its error, when it has one. */
static void add_invalid(gtd_buf *b, const char *name, const char *error)
{
	if (error)
		gtd_buf_printf(b, " aria-invalid=\"true\" aria-describedby=\"error-%s\"", name);
}

/* A field's error, right under its control, then the field's end. */
static void field_close(gtd_buf *b, const char *name, const char *error)
{
	if (error) {
		gtd_buf_printf(b, "<p class=\"error\" id=\"error-%s\" role=\"alert\">", name);
		gtd_buf_add_html(b, error);
		gtd_buf_adds(b, "</p>");
	}
	gtd_buf_adds(b, "</div>\n");
}

/* A labelled input; value (escaped) is what the user typed, or NULL.
 * attrs is literal markup. */
static void add_input(gtd_buf *b, const char *name, const char *caption, const char *type,
		      const char *value, const char *error, const char *attrs)
{
	field_open(b, name, caption);
	gtd_buf_printf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"", name, name, type);
	if (value) {
		gtd_buf_adds(b, " value=\"");
		gtd_buf_add_html(b, value);
		gtd_buf_adds(b, "\"");
	}
	if (attrs)
		gtd_buf_printf(b, " %s", attrs);
	add_invalid(b, name, error);
	gtd_buf_adds(b, ">");
	field_close(b, name, error);
}

static void select_open(gtd_buf *b, const char *name, const char *caption, const char *error)
{
	field_open(b, name, caption);
	gtd_buf_printf(b, "<select id=\"f-%s\" name=\"%s\"", name, name);
	add_invalid(b, name, error);
	gtd_buf_adds(b, ">");
}

static void select_close(gtd_buf *b, const char *name, const char *error)
{
	gtd_buf_adds(b, "</select>");
	field_close(b, name, error);
}

/* One <option>, selected when it is current's value. */
static void add_option(gtd_buf *b, const char *value, const char *text, const char *current)
{
	gtd_buf_adds(b, "<option value=\"");
	gtd_buf_add_html(b, value);
	gtd_buf_printf(b, "\"%s>", current && strcmp(value, current) == 0 ? " selected" : "");
	gtd_buf_add_html(b, text);
	gtd_buf_adds(b, "</option>");
}

/* A date input from lo_days to hi_days after today (negative: before),
 * holding value when given, else default_days out.  One without a default
 * is optional in the markup: the server says when it is needed. */
static void add_date_input(gtd_buf *b, mock_ctx *ctx, const char *name, const char *caption,
			   const char *value, int default_days, int lo_days, int hi_days,
			   const char *error)
{
	time_t today = inventory_day_of(mock_now(ctx->state));
	char min[INVENTORY_DATE_SIZE], max[INVENTORY_DATE_SIZE], dflt[INVENTORY_DATE_SIZE];
	char attrs[80];

	inventory_date_format(today + (time_t)lo_days * DAY, min);
	inventory_date_format(today + (time_t)hi_days * DAY, max);
	inventory_date_format(today + (time_t)default_days * DAY, dflt);
	snprintf(attrs, sizeof(attrs), "min=\"%s\" max=\"%s\"%s", min, max, default_days ? " required" : "");
	add_input(b, name, caption, "date", value ? value : default_days ? dflt : "", error, attrs);
}

/* ---- checking what the user typed --------------------------------------- */

/* Checks a search date: present, a date, not past, not too far. */
static void check_day(mock_ctx *ctx, const session *s, const char *name, const char *v,
		      time_t *day, form_errors *e)
{
	time_t today = inventory_day_of(mock_now(ctx->state));
	gtd_err err;

	if (!v || !*v)
		form_error(e, name, TR(s, "Vui lòng chọn ngày.", "Please choose a date."));
	else if (inventory_date_parse(v, day, &err) != GTD_OK)
		form_error(e, name, TR(s, "Ngày chưa đúng, hãy chọn lại.", "That is not a date; please choose one."));
	else if (*day < today)
		form_error(e, name, TR(s, "Ngày này đã qua, hãy chọn một ngày từ hôm nay.",
				       "That date has passed; choose today or later."));
	else if (*day > today + (time_t)DAYS_AHEAD * DAY)
		form_error(e, name, TR(s, "Chỉ tìm được trong vòng 365 ngày tới.",
				       "Searches go at most 365 days ahead."));
}

/* A hotel's check-out v after check-in day (0: not known): the nights
 * between them in *nights, 1 to INVENTORY_NIGHTS_MAX. */
static void check_checkout(const session *s, const char *v, time_t checkin, int *nights, form_errors *e)
{
	time_t day;
	gtd_err err;

	if (!v || !*v)
		form_error(e, "checkout", TR(s, "Vui lòng chọn ngày trả phòng.", "Please choose a check-out date."));
	else if (inventory_date_parse(v, &day, &err) != GTD_OK)
		form_error(e, "checkout", TR(s, "Ngày chưa đúng, hãy chọn lại.", "That is not a date; please choose one."));
	else if (checkin && day <= checkin)
		form_error(e, "checkout", TR(s, "Ngày trả phòng phải sau ngày nhận phòng.",
					     "Check-out comes after check-in."));
	else if (checkin && (day - checkin) / DAY > INVENTORY_NIGHTS_MAX)
		form_error(e, "checkout", TR(s, "Tối đa 30 đêm.", "At most 30 nights."));
	else if (checkin)
		*nights = (int)((day - checkin) / DAY);
}

/* A name field: present, printable text, at most NAME_COLS columns. */
static void check_name(const session *s, const char *name, const char *v, form_errors *e)
{
	char why[WHY_SIZE];

	if (!v || !*v)
		form_error(e, name, TR(s, "Vui lòng nhập thông tin này như trên giấy tờ tùy thân.",
				       "Please fill this in as on the ID."));
	else if (gtd_utf8_width(v) > NAME_COLS)
		form_error(e, name, TR(s, "Tối đa 60 ký tự.", "At most 60 characters."));
	else if (!gtd_valid_text(v, NAME_COLS, why, sizeof(why)))
		form_error(e, name, TR(s, "Chỉ dùng chữ cái, dấu cách và dấu gạch nối.",
				       "Use letters, spaces and hyphens only."));
}

static void check_phone(const session *s, const char *name, const char *v, form_errors *e)
{
	char why[WHY_SIZE];

	if (!v || !*v)
		form_error(e, name, TR(s, "Vui lòng nhập số điện thoại liên hệ.",
				       "Please enter a contact phone number."));
	else if (!gtd_valid_phone(v, why, sizeof(why)))
		form_error(e, name, TR(s, "Số điện thoại chưa đúng, ví dụ 0912 345 678.",
				       "That phone number is not valid, e.g. 0912 345 678."));
}

static void check_email(const session *s, const char *name, const char *v, form_errors *e)
{
	char why[WHY_SIZE];

	if (!v || !*v)
		form_error(e, name, TR(s, "Vui lòng nhập e-mail để nhận vé.",
				       "Please enter an e-mail for the ticket."));
	else if (!strchr(v, '@'))
		form_error(e, name, TR(s, "E-mail cần có ký tự @, ví dụ ten@mien.vn.",
				       "An e-mail address needs an @, e.g. name@example.vn."));
	else if (!gtd_valid_email(v, why, sizeof(why)))
		form_error(e, name, TR(s, "E-mail chưa đúng, ví dụ ten@mien.vn.",
				       "That e-mail address is not valid, e.g. name@example.vn."));
}

/* Where a form's values come from when a page is drawn again: the query
 * of a GET, or the body of a POST (either may be NULL). */
typedef struct values {
	const mock_request *req;
	const webview_form *form;
} values;

static const char *val(const values *v, const char *name)
{
	if (v->form)
		return webview_form_get(v->form, name);
	return v->req ? mock_arg(v->req, name) : NULL;
}

static const char *val_or(const values *v, const char *name, const char *dflt)
{
	const char *x = val(v, name);

	return x && *x ? x : dflt;
}

/* A form's problem that belongs to no one field, at its top. */
static void add_form_alert(gtd_buf *b, const session *s, const form_errors *e, const char *msg)
{
	if (msg) {
		gtd_buf_adds(b, "<div class=\"error notice\" id=\"form-error\" role=\"alert\">");
		gtd_buf_add_html(b, msg);
		gtd_buf_adds(b, "</div>\n");
	} else if (e && e->n) {
		gtd_buf_printf(b, "<div class=\"error notice\" id=\"form-error\" role=\"alert\">%s</div>\n",
			       TR(s, "Vui lòng kiểm tra các ô được đánh dấu.",
				  "Please check the fields marked below."));
	}
}

static void add_flight_form(gtd_buf *b, mock_ctx *ctx, const session *s, const values *v,
			    const form_errors *e)
{
	int adults = 1, children = 0, infants = 0;

	if (!parse_count(val(v, "adults"), 1, MOCK_PAX_MAX, &adults))
		parse_count(val(v, "pax"), 1, MOCK_PAX_MAX, &adults);
	parse_count(val(v, "children"), 0, MOCK_PAX_MAX - 1, &children);
	parse_count(val(v, "infants"), 0, MOCK_PAX_MAX - 1, &infants);
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/flights\" id=\"flight-form\" novalidate>");
	add_token_input(b, s);
	gtd_buf_adds(b, "<div class=\"grid\">");
	select_open(b, "from", TR(s, "Điểm đi", "From"), error_of(e, "from"));
	add_place_options(b, s, val_or(v, "from", "HAN"), 0);
	select_close(b, "from", error_of(e, "from"));
	select_open(b, "to", TR(s, "Điểm đến", "To"), error_of(e, "to"));
	add_place_options(b, s, val_or(v, "to", "SGN"), 0);
	select_close(b, "to", error_of(e, "to"));
	add_date_input(b, ctx, "date", TR(s, "Ngày đi", "Departure date"), val(v, "date"),
		       FLIGHT_DAYS_OUT, 0, DAYS_AHEAD, error_of(e, "date"));
	gtd_buf_adds(b, "</div><div class=\"grid party\">");
	select_open(b, "adults", TR(s, "Người lớn (từ 12 tuổi)", "Adults (12+)"), error_of(e, "adults"));
	add_count_options(b, 1, MOCK_PAX_MAX, adults);
	select_close(b, "adults", error_of(e, "adults"));
	select_open(b, "children", TR(s, "Trẻ em (2-11 tuổi)", "Children (2-11)"), NULL);
	add_count_options(b, 0, MOCK_PAX_MAX - 1, children);
	select_close(b, "children", NULL);
	select_open(b, "infants", TR(s, "Em bé (dưới 2 tuổi)", "Infants (under 2)"), error_of(e, "infants"));
	add_count_options(b, 0, MOCK_PAX_MAX - 1, infants);
	select_close(b, "infants", error_of(e, "infants"));
	gtd_buf_printf(b, "</div><p class=\"hint\">%s</p>"
			  "<button type=\"submit\" class=\"block\" id=\"search-flights\">%s</button></form>\n",
		       TR(s, "Tối đa 4 hành khách mỗi lần đặt; mỗi em bé đi cùng một người lớn.",
			  "At most 4 travellers a booking; each infant travels with an adult."),
		       TR(s, "Tìm chuyến bay", "Search flights"));
}

static void add_hotel_form(gtd_buf *b, mock_ctx *ctx, const session *s, const values *v,
			   const form_errors *e)
{
	int pax = 1;

	parse_count(val(v, "pax"), 1, MOCK_PAX_MAX, &pax);
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/hotels\" id=\"hotel-form\" novalidate>");
	add_token_input(b, s);
	gtd_buf_adds(b, "<div class=\"grid\">");
	select_open(b, "city", TR(s, "Thành phố", "City"), NULL);
	add_place_options(b, s, val_or(v, "city", "HAN"), 1);
	select_close(b, "city", NULL);
	add_date_input(b, ctx, "checkin", TR(s, "Nhận phòng", "Check-in"), val(v, "checkin"),
		       HOTEL_DAYS_OUT, 0, DAYS_AHEAD, error_of(e, "checkin"));
	add_date_input(b, ctx, "checkout", TR(s, "Trả phòng", "Check-out"), val(v, "checkout"),
		       HOTEL_DAYS_OUT + DEFAULT_NIGHTS, 1, DAYS_AHEAD + INVENTORY_NIGHTS_MAX, error_of(e, "checkout"));
	select_open(b, "pax", TR(s, "Số khách (1 phòng)", "Guests (1 room)"), NULL);
	add_count_options(b, 1, MOCK_PAX_MAX, pax);
	select_close(b, "pax", NULL);
	gtd_buf_printf(b, "</div><button type=\"submit\" class=\"block\" id=\"search-hotels\">%s</button>"
			  "</form>\n", TR(s, "Tìm khách sạn", "Search hotels"));
}

/* Layout dual: one tab per product the partner sells, the focused one in
 * the primary colour. */
static void add_tabs(gtd_buf *b, const session *s, gtd_product focus)
{
	gtd_product p;

	gtd_buf_printf(b, "<nav class=\"tabs\" id=\"tabs\" aria-label=\"%s\">", TR(s, "Sản phẩm", "Products"));
	for (p = GTD_PRODUCT_FLIGHT; p <= GTD_PRODUCT_HOTEL; p++) {
		if (!offers(s, p))
			continue;
		gtd_buf_printf(b, "<a class=\"button%s\" data-tab=\"%s\"%s href=\"/webview?tab=%s&amp;",
			       p == focus ? "" : " secondary", gtd_product_name(p),
			       p == focus ? " aria-current=\"page\"" : "", gtd_product_name(p));
		add_token_query(b, s);
		gtd_buf_adds(b, "\">");
		gtd_buf_add_html(b, label_of(product_titles, COUNT(product_titles), p, s->lang));
		gtd_buf_adds(b, "</a>");
	}
	gtd_buf_adds(b, "</nav>\n");
}

/* The search page of product focus, with what the user typed and what is
 * wrong with it (e and alert may be NULL). */
static void home_page(mock_ctx *ctx, mock_response *resp, const session *s, gtd_product focus,
		      const values *v, const form_errors *e, const char *alert, int status)
{
	page_open(resp, s, "home", s->dual ? TR(s, "Đặt vé máy bay và khách sạn", "Book flights and hotels")
					   : label_of(product_titles, COUNT(product_titles), focus, s->lang),
		  focus, STEP_SEARCH);
	if (s->dual)
		add_tabs(&resp->body, s, focus);
	add_form_alert(&resp->body, s, e, alert);
	if (focus == GTD_PRODUCT_FLIGHT)
		add_flight_form(&resp->body, ctx, s, v, e);
	else
		add_hotel_form(&resp->body, ctx, s, v, e);
	mock_page_end(resp, status);
}

/* ---- results as cards --------------------------------------------------- */

/* A hotel's room types: the inventory's rate is the standard room's. */
typedef struct room {
	const char *value;
	label text;
	int pct;                 /* its rate against the standard room's */
} room;

static const room rooms[] = {
	{"standard", {"Phòng Tiêu chuẩn", "Standard room"}, 100},
	{"deluxe", {"Phòng Deluxe", "Deluxe room"}, 135},
};

/* The room the form names, the standard one when none. */
static const room *room_of(const char *v)
{
	size_t i;

	for (i = 0; v && i < COUNT(rooms); i++)
		if (strcmp(rooms[i].value, v) == 0)
			return &rooms[i];
	return &rooms[0];
}

/* A night in room r of hotel offer o, to the thousand dong. */
static long long room_rate(const inventory_offer *o, const room *r)
{
	return (o->price * r->pct / 100 + 500) / 1000 * 1000;
}

/* What room r costs on top of the standard room for the whole stay. */
static long long room_extra(const inventory_offer *o, const room *r)
{
	return o->product == GTD_PRODUCT_HOTEL ? (room_rate(o, r) - o->price) * o->nights : 0;
}

/* The form that picks offer o (and room r of a hotel) for pax travellers. */
static void add_select_form(gtd_buf *b, const session *s, const inventory_offer *o, int pax,
			    const room *r)
{
	int flight = o->product == GTD_PRODUCT_FLIGHT;

	gtd_buf_printf(b, "<form method=\"get\" action=\"/webview/travellers\" class=\"offer\" "
			  "data-airline=\"%s\"%s%s%s>", flight ? o->airline->code : "",
		       r ? " data-room=\"" : "", r ? r->value : "", r ? "\"" : "");
	add_token_input(b, s);
	gtd_buf_printf(b, "<input type=\"hidden\" name=\"offer\" value=\"%s\">"
			  "<input type=\"hidden\" name=\"pax\" value=\"%d\">", o->id, pax);
	if (r)
		gtd_buf_printf(b, "<input type=\"hidden\" name=\"room\" value=\"%s\">", r->value);
	if (s->children || s->infants)
		gtd_buf_printf(b, "<input type=\"hidden\" name=\"children\" value=\"%d\">"
				  "<input type=\"hidden\" name=\"infants\" value=\"%d\">", s->children, s->infants);
	gtd_buf_printf(b, "<button type=\"submit\" class=\"block\" aria-label=\"%s ", TR(s, "Chọn", "Select"));
	if (r) {
		gtd_buf_add_html(b, TR(s, r->text.vi, r->text.en));
		gtd_buf_adds(b, ", ");
	}
	gtd_buf_add_html(b, flight ? o->flight_no : o->hotel->name);
	gtd_buf_printf(b, "\">%s</button></form>", TR(s, "Chọn", "Select"));
}

/* A hotel's rooms, each with its rate and Select button. */
static void add_rooms(gtd_buf *b, const session *s, const inventory_offer *o, int pax)
{
	size_t i;

	gtd_buf_adds(b, "<div class=\"rooms\">");
	for (i = 0; i < COUNT(rooms); i++) {
		gtd_buf_adds(b, "<div class=\"room\"><div class=\"meta\">");
		gtd_buf_add_html(b, TR(s, rooms[i].text.vi, rooms[i].text.en));
		gtd_buf_adds(b, " &middot; <b>");
		add_vnd(b, room_rate(o, &rooms[i]));
		gtd_buf_adds(b, "</b></div>");
		add_select_form(b, s, o, pax, &rooms[i]);
		gtd_buf_adds(b, "</div>");
	}
	gtd_buf_adds(b, "</div>");
}

/* A flight's or hotel's card; when selectable with a Select button (a
 * hotel's: one a room), else showing room r of a hotel. */
static void add_offer_card(gtd_buf *b, const session *s, const inventory_offer *o, int pax,
			   int selectable, const room *r)
{
	static const char stars[] = STAR STAR STAR STAR STAR;
	char t1[TIME_SIZE], t2[TIME_SIZE];
	int flight = o->product == GTD_PRODUCT_FLIGHT;

	gtd_buf_printf(b, "<li class=\"card\" data-offer=\"%s\" data-airline=\"%s\" data-price=\"%lld\" "
			  "data-start=\"%lld\"><div>", o->id, flight ? o->airline->code : "", o->price,
		       (long long)o->start);
	if (flight) {
		gtd_buf_adds(b, "<div class=\"what\">");
		gtd_buf_add_html(b, o->airline->name);
		gtd_buf_printf(b, " &middot; <span class=\"flight-no\">%s</span></div>"
				  "<div class=\"times\">%s &rarr; %s</div><div class=\"meta\">",
			       o->flight_no, local_time(t1, o->start, TIME_OF_DAY),
			       local_time(t2, o->end, TIME_OF_DAY));
		add_duration(b, s, o->end - o->start);
		gtd_buf_printf(b, " &middot; %s</div>", TR(s, "Bay thẳng", "Direct"));
	} else {
		gtd_buf_adds(b, "<div class=\"what\">");
		gtd_buf_add_html(b, o->hotel->name);
		gtd_buf_printf(b, "</div><div class=\"meta\"><span aria-label=\"%d %s\">%.*s</span> &middot; ",
			       o->hotel->stars, TR(s, "sao", "stars"),
			       o->hotel->stars * (int)(sizeof(STAR) - 1), stars);
		gtd_buf_add_html(b, city_name(o->from->code, s->lang));
		gtd_buf_printf(b, " &middot; %d %s</div>", o->nights, TR(s, "đêm", "nights"));
		if (!selectable) {
			gtd_buf_adds(b, "<div class=\"meta\" id=\"room\">");
			gtd_buf_add_html(b, TR(s, r->text.vi, r->text.en));
			gtd_buf_adds(b, "</div>");
		}
	}
	gtd_buf_printf(b, "</div><div><div class=\"price\">%s", !flight && selectable ? TR(s, "từ ", "from ") : "");
	add_vnd(b, flight ? o->price : room_rate(o, r));
	gtd_buf_printf(b, "</div><div class=\"meta\">%s", flight ? TR(s, "mỗi khách", "per traveller")
							 : TR(s, "mỗi đêm", "per night"));
	gtd_buf_printf(b, " &middot; %s ", TR(s, "tổng", "total"));
	add_vnd(b, inventory_offer_total(o, (size_t)pax) + room_extra(o, r));
	gtd_buf_adds(b, "</div></div>");
	if (selectable && flight)
		add_select_form(b, s, o, pax, NULL);
	else if (selectable)
		add_rooms(b, s, o, pax);
	gtd_buf_adds(b, "</li>\n");
}

static int by_price(const void *a, const void *b)
{
	const inventory_offer *x = a, *y = b;

	return x->price < y->price ? -1 : x->price > y->price;
}

static int by_time(const void *a, const void *b)
{
	const inventory_offer *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sort (price or time) and, for flights, the airline filter: a GET form
 * that keeps the search. */
static void add_filters(gtd_buf *b, const session *s, const mock_request *req, gtd_product p,
			const inventory_offer *o, size_t n, const char *sort, const char *airline)
{
	static const char *const keep[][7] = {
		{"from", "to", "date", "pax", "adults", "children", "infants"},
		{"city", "nights", "checkin", "checkout", "pax", NULL, NULL},
	};
	size_t i, j;

	gtd_buf_printf(b, "<form method=\"get\" action=\"/webview/%s\" class=\"filters\" id=\"filters\">",
		       p == GTD_PRODUCT_FLIGHT ? "flights" : "hotels");
	add_token_input(b, s);
	for (i = 0; i < COUNT(keep[p]) && keep[p][i]; i++) {
		const char *name = keep[p][i];
		const char *v = mock_arg(req, name);

		if (!v)
			continue;
		gtd_buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"", name);
		gtd_buf_add_html(b, v);
		gtd_buf_adds(b, "\">");
	}
	select_open(b, "sort", TR(s, "Sắp xếp", "Sort by"), NULL);
	add_option(b, "time", p == GTD_PRODUCT_FLIGHT ? TR(s, "Giờ khởi hành", "Departure time")
						     : TR(s, "Gợi ý", "Recommended"), sort);
	add_option(b, "price", TR(s, "Giá thấp nhất", "Lowest price"), sort);
	select_close(b, "sort", NULL);
	if (p == GTD_PRODUCT_FLIGHT) {
		select_open(b, "airline", TR(s, "Hãng bay", "Airline"), NULL);
		add_option(b, "", TR(s, "Tất cả", "All airlines"), airline ? airline : "");
		for (i = 0; i < n; i++) {
			for (j = 0; j < i && o[j].airline != o[i].airline; j++)
				;
			if (j == i)
				add_option(b, o[i].airline->code, o[i].airline->name, airline);
		}
		select_close(b, "airline", NULL);
	}
	gtd_buf_printf(b, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\" id=\"apply\">"
			  "%s</button></div></form>\n", TR(s, "Áp dụng", "Apply"));
}

/* A flight search's travellers by type: adults, children, infants; their
 * sum in *pax, the children and infants in s for the forms that follow. */
static void party(session *s, const mock_request *req, int *pax, form_errors *e)
{
	int adults = 0;

	s->children = s->infants = 0;
	if (!parse_count(mock_arg(req, "adults"), 1, MOCK_PAX_MAX, &adults))
		form_error(e, "adults", TR(s, "Cần ít nhất một người lớn.", "At least one adult, please."));
	parse_count(mock_arg(req, "children"), 0, MOCK_PAX_MAX - 1, &s->children);
	parse_count(mock_arg(req, "infants"), 0, MOCK_PAX_MAX - 1, &s->infants);
	*pax = adults + s->children + s->infants;
	if (adults && *pax > MOCK_PAX_MAX)
		form_error(e, "adults", TR(s, "Tối đa 4 hành khách mỗi lần đặt.", "At most 4 travellers a booking."));
	else if (adults && s->infants > adults)
		form_error(e, "infants", TR(s, "Mỗi em bé đi cùng một người lớn.", "Each infant travels with an adult."));
	if (*pax < 1 || *pax > MOCK_PAX_MAX)
		*pax = 1;
}

/* The results page of product p. */
static void results_page(mock_ctx *ctx, const mock_request *req, mock_response *resp, gtd_product p)
{
	session s = {.html = 1};
	inventory_offer o[INVENTORY_FLIGHTS_MAX > INVENTORY_HOTELS_MAX ? INVENTORY_FLIGHTS_MAX
								       : INVENTORY_HOTELS_MAX];
	const char *sort = mock_arg(req, "sort"), *airline = mock_arg(req, "airline");
	values v = {req, NULL};
	form_errors e = {0};
	size_t n = 0, i, shown = 0;
	int status = 400, pax, nights = 0;
	time_t day = 0;
	gtd_err err;
	gtd_buf *b = &resp->body;
	char when[TIME_SIZE];

	if (!session_open(ctx, req, resp, &s))
		return;
	if (!offers(&s, p)) {
		fail(ctx, resp, &s, 403, "this booking session does not offer %s", gtd_product_name(p));
		return;
	}
	if (p == GTD_PRODUCT_FLIGHT && mock_arg(req, "adults")) {
		party(&s, req, &pax, &e);
	} else if (!pax_arg(mock_arg(req, "pax"), &pax, &err)) {
		fail(ctx, resp, &s, 400, "%s", err.msg);
		return;
	}
	check_day(ctx, &s, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin",
		  mock_arg(req, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin"), &day, &e);
	if (p == GTD_PRODUCT_FLIGHT && mock_arg(req, "from") && mock_arg(req, "to") &&
	    strcmp(mock_arg(req, "from"), mock_arg(req, "to")) == 0)
		form_error(&e, "to", TR(&s, "Điểm đến phải khác điểm đi.",
					"The destination must differ from the origin."));
	if (p == GTD_PRODUCT_HOTEL && mock_arg(req, "checkout"))
		check_checkout(&s, mock_arg(req, "checkout"), error_of(&e, "checkin") ? 0 : day, &nights, &e);
	else if (p == GTD_PRODUCT_HOTEL && !parse_count(mock_arg(req, "nights"), 1, INVENTORY_NIGHTS_MAX, &nights))
		form_error(&e, "nights", TR(&s, "Từ 1 đến 30 đêm.", "From 1 to 30 nights."));
	if (e.n) {
		mock_entry_why(ctx->entry, "webview: the %s search form has %zu problem(s), first %s",
			       gtd_product_name(p), e.n, e.v[0].name);
		home_page(ctx, resp, &s, p, &v, &e, NULL, 400);
		return;
	}
	if ((status = search(ctx, &s, req, p, nights, o, &n, &err)) != 0) {
		mock_entry_why(ctx->entry, "webview: search refused: %s (HTTP %d)", err.msg, status);
		/* The inventory explains in English; a Vietnamese page says it in
		 * Vietnamese (the journal keeps the English). */
		home_page(ctx, resp, &s, p, &v, NULL, s.lang == MOCK_LANG_EN ? err.msg : p == GTD_PRODUCT_FLIGHT
			  ? "Không có chuyến bay cho hành trình và ngày này; hãy chọn lại."
			  : "Không có khách sạn cho thành phố và ngày này; hãy chọn lại.", status);
		return;
	}
	qsort(o, n, sizeof(o[0]), sort && strcmp(sort, "price") == 0 ? by_price : by_time);
	page_open(resp, &s, p == GTD_PRODUCT_FLIGHT ? "flight-results" : "hotel-results",
		  p == GTD_PRODUCT_FLIGHT ? TR(&s, "Chọn chuyến bay", "Choose a flight")
					  : TR(&s, "Chọn khách sạn", "Choose a hotel"), p, STEP_CHOOSE);
	gtd_buf_adds(b, "<p id=\"search\">");
	if (p == GTD_PRODUCT_FLIGHT)
		add_route(b, &s, o[0].from->code, o[0].to->code);
	else
		gtd_buf_add_html(b, city_of(o[0].from, s.lang));
	gtd_buf_adds(b, " &middot; ");
	gtd_buf_adds(b, local_time(when, o[0].start, DATE_ONLY));
	gtd_buf_printf(b, " &middot; %d %s</p>\n", pax, TR(&s, "khách", pax > 1 ? "travellers" : "traveller"));
	add_filters(b, &s, req, p, o, n, sort, airline);
	gtd_buf_adds(b, "<ul class=\"cards\" id=\"offers\">\n");
	for (i = 0; i < n; i++) {
		if (p == GTD_PRODUCT_FLIGHT && airline && *airline && strcmp(airline, o[i].airline->code))
			continue;
		add_offer_card(b, &s, &o[i], pax, 1, &rooms[0]);
		shown++;
	}
	gtd_buf_adds(b, "</ul>\n");
	if (!shown)
		gtd_buf_printf(b, "<p id=\"no-offers\">%s</p>\n", TR(&s, "Không có chuyến nào của hãng này.",
								     "No flights of this airline."));
	if (p == GTD_PRODUCT_FLIGHT)
		gtd_buf_printf(b, "<p class=\"hint\">%s</p>\n", TR(&s, "Giờ Việt Nam.", "Times are Vietnam time."));
	gtd_buf_adds(b, "<div class=\"actions\">");
	mock_page_home_link(b, s.token, s.lang);
	gtd_buf_adds(b, "</div>\n");
	mock_page_end(resp, 200);
	mock_entry_why(ctx->entry, "webview: %zu %s offers for user %s", n, gtd_product_name(p), s.user);
}

/* GET /webview: the booking home. */
void webview_home(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	session s = {.html = 1};
	const char *tab = mock_arg(req, "tab");
	values v = {NULL, NULL};
	int focus;

	if (!session_open(ctx, req, resp, &s))
		return;
	focus = tab ? gtd_product_lookup(tab) : -1;
	if (focus < 0 || !offers(&s, (gtd_product)focus))
		focus = (int)s.product;
	home_page(ctx, resp, &s, (gtd_product)focus, &v, NULL, NULL, 200);
	mock_entry_why(ctx->entry, "webview home for user %s: layout %s, %s shown", s.user,
		       s.dual ? "dual" : "single", gtd_product_name((gtd_product)focus));
}

/* GET /webview/flights */
void webview_flights(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	results_page(ctx, req, resp, GTD_PRODUCT_FLIGHT);
}

/* GET /webview/hotels */
void webview_hotels(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	results_page(ctx, req, resp, GTD_PRODUCT_HOTEL);
}

/* ---- travellers --------------------------------------------------------- */

#define ADULT_YEARS 12          /* children are 2 to 11 at departure */
#define INFANT_YEARS 2

static const struct {
	const char *value;
	label text;
} traveller_types[] = {
	{"adult", {"Người lớn (từ 12 tuổi)", "Adult (12+)"}},
	{"child", {"Trẻ em (2-11 tuổi)", "Child (2-11)"}},
	{"infant", {"Em bé (dưới 2 tuổi)", "Infant (under 2)"}},
};

static const struct {
	const char *value;
	label text;
} titles[] = {
	{"MR", {"Ông", "Mr"}}, {"MRS", {"Bà", "Mrs"}}, {"MS", {"Cô", "Ms"}},
	{"MSTR", {"Bé trai", "Master"}}, {"MISS", {"Bé gái", "Miss"}},
};

static int international(const inventory_offer *o)
{
	return o->product == GTD_PRODUCT_FLIGHT && (o->from->international || o->to->international);
}

/* The name of field base for traveller i, "last_name_2". */
static const char *fname(char out[FIELD_NAME_MAX], const char *base, int i)
{
	snprintf(out, FIELD_NAME_MAX, "%s_%d", base, i);
	return out;
}

/* Whether day is within years of ref (a birthday on the same date counts
 * as having turned). */
static int younger_than(time_t dob, time_t ref, int years)
{
	struct tm a, b;

	gmtime_r(&dob, &a);
	gmtime_r(&ref, &b);
	return (b.tm_year - a.tm_year) - (b.tm_mon < a.tm_mon ||
					  (b.tm_mon == a.tm_mon && b.tm_mday < a.tm_mday)) < years;
}

/* Checks traveller i of the hold form against offer o into e. */
static void check_traveller(mock_ctx *ctx, const session *s, const values *v, const inventory_offer *o,
			    int i, form_errors *e)
{
	char n[FIELD_NAME_MAX];
	const char *type = val_or(v, fname(n, "type", i), "adult"), *dob;
	time_t today = inventory_day_of(mock_now(ctx->state)), day, dep = inventory_day_of(o->start);
	gtd_err err;

	check_name(s, fname(n, "last_name", i), val(v, fname(n, "last_name", i)), e);
	check_name(s, fname(n, "first_name", i), val(v, fname(n, "first_name", i)), e);
	dob = val(v, fname(n, "dob", i));
	if (strcmp(type, "adult") != 0 && (!dob || !*dob))
		form_error(e, fname(n, "dob", i), TR(s, "Trẻ em và em bé cần ngày sinh.",
						     "Children and infants need a date of birth."));
	else if (dob && *dob && inventory_date_parse(dob, &day, &err) != GTD_OK)
		form_error(e, fname(n, "dob", i), TR(s, "Ngày sinh chưa đúng.", "That is not a date of birth."));
	else if (dob && *dob && day > today)
		form_error(e, fname(n, "dob", i), TR(s, "Ngày sinh không thể ở tương lai.",
						     "A date of birth cannot be in the future."));
	else if (dob && *dob && strcmp(type, "infant") == 0 && !younger_than(day, dep, INFANT_YEARS))
		form_error(e, fname(n, "dob", i), TR(s, "Em bé phải dưới 2 tuổi vào ngày bay.",
						     "An infant is under 2 on the day of the flight."));
	else if (dob && *dob && strcmp(type, "child") == 0 &&
		 (!younger_than(day, dep, ADULT_YEARS) || younger_than(day, dep, INFANT_YEARS)))
		form_error(e, fname(n, "dob", i), TR(s, "Trẻ em từ 2 đến 11 tuổi vào ngày bay.",
						     "A child is 2 to 11 on the day of the flight."));
	if (!international(o))
		return;
	if (!val(v, fname(n, "passport", i)) || !*val(v, fname(n, "passport", i)))
		form_error(e, fname(n, "passport", i), TR(s, "Chuyến quốc tế cần số hộ chiếu.",
							  "International flights need a passport number."));
	check_name(s, fname(n, "nationality", i), val(v, fname(n, "nationality", i)), e);
	dob = val(v, fname(n, "expiry", i));
	if (!dob || !*dob || inventory_date_parse(dob, &day, &err) != GTD_OK)
		form_error(e, fname(n, "expiry", i), TR(s, "Vui lòng nhập ngày hết hạn hộ chiếu.",
							"Please enter the passport's expiry date."));
	else if (day <= dep)
		form_error(e, fname(n, "expiry", i), TR(s, "Hộ chiếu phải còn hạn vào ngày bay.",
							"The passport must be valid on the day of the flight."));
}

/* Traveller i's fields; type is what the search said they are. */
static void add_traveller_fields(gtd_buf *b, mock_ctx *ctx, const session *s, const values *v,
				 const form_errors *e, const inventory_offer *o, int i, const char *type)
{
	int flight = o->product == GTD_PRODUCT_FLIGHT;
	char n[FIELD_NAME_MAX];
	size_t k;

	gtd_buf_printf(b, "<fieldset><legend>%s %d</legend><div class=\"grid\">\n",
		       flight ? TR(s, "Hành khách", "Traveller") : TR(s, "Khách", "Guest"), i);
	if (flight) {
		select_open(b, fname(n, "type", i), TR(s, "Loại hành khách", "Traveller type"), NULL);
		for (k = 0; k < COUNT(traveller_types); k++)
			add_option(b, traveller_types[k].value, TR(s, traveller_types[k].text.vi,
								   traveller_types[k].text.en),
				   val_or(v, n, type));
		select_close(b, n, NULL);
	}
	select_open(b, fname(n, "title", i), TR(s, "Danh xưng", "Title"), NULL);
	for (k = 0; k < COUNT(titles); k++)
		add_option(b, titles[k].value, TR(s, titles[k].text.vi, titles[k].text.en), val(v, n));
	select_close(b, n, NULL);
	fname(n, "last_name", i);
	add_input(b, n, TR(s, "Họ (như trên giấy tờ)", "Last name (as on the ID)"),
		  "text", val(v, n), error_of(e, n), "autocomplete=\"family-name\" required");
	fname(n, "first_name", i);
	add_input(b, n, TR(s, "Tên đệm và tên", "First and middle names"),
		  "text", val(v, n), error_of(e, n), "autocomplete=\"given-name\" required");
	if (flight) {
		fname(n, "dob", i);
		add_date_input(b, ctx, n, TR(s, "Ngày sinh (trẻ em, em bé)", "Date of birth (children, infants)"),
			       val(v, n), 0, -100 * 366, 0, error_of(e, n));
	}
	if (international(o)) {
		fname(n, "passport", i);
		add_input(b, n, TR(s, "Số hộ chiếu", "Passport number"), "text",
			  val(v, n), error_of(e, n), "required autocapitalize=\"characters\"");
		fname(n, "nationality", i);
		add_input(b, n, TR(s, "Quốc tịch", "Nationality"), "text",
			  val(v, n), error_of(e, n), "required");
		fname(n, "expiry", i);
		add_date_input(b, ctx, n, TR(s, "Hộ chiếu hết hạn", "Passport expiry"),
			       val(v, n), 0, 0, 20 * 366, error_of(e, n));
	}
	gtd_buf_adds(b, "</div></fieldset>\n");
}

/* The traveller form for pax travellers of offer o, with what was typed
 * and what is wrong with it when drawn again. */
static void travellers_page(mock_ctx *ctx, mock_response *resp, const session *s,
			    const inventory_offer *o, int pax, const values *v, const form_errors *e,
			    int status)
{
	gtd_buf *b = &resp->body;
	int i, children = 0, infants = 0;

	page_open(resp, s, "travellers", o->product == GTD_PRODUCT_FLIGHT
		  ? TR(s, "Thông tin hành khách", "Passenger details")
		  : TR(s, "Thông tin khách", "Guest details"), o->product, STEP_DETAILS);
	gtd_buf_adds(b, "<ul class=\"cards\" id=\"offers\">\n");
	add_offer_card(b, s, o, pax, 0, room_of(val(v, "room")));
	gtd_buf_adds(b, "</ul>\n<h2>");
	gtd_buf_adds(b, TR(s, "Nhập thông tin", "Your details"));
	gtd_buf_adds(b, "</h2>\n");
	add_form_alert(b, s, e, NULL);
	gtd_buf_adds(b, "<form method=\"post\" id=\"traveller-form\" novalidate action=\"/webview/hold?");
	add_token_query(b, s);
	gtd_buf_printf(b, "\"><input type=\"hidden\" name=\"offer\" value=\"%s\">"
			  "<input type=\"hidden\" name=\"pax\" value=\"%d\">\n", o->id, pax);
	if (o->product == GTD_PRODUCT_HOTEL)
		gtd_buf_printf(b, "<input type=\"hidden\" name=\"room\" value=\"%s\">\n",
			       room_of(val(v, "room"))->value);
	parse_count(val(v, "children"), 0, pax, &children);
	parse_count(val(v, "infants"), 0, pax - children, &infants);
	for (i = 1; i <= pax; i++)
		add_traveller_fields(b, ctx, s, v, e, o, i, i <= pax - children - infants ? "adult"
							   : i <= pax - infants ? "child" : "infant");
	gtd_buf_printf(b, "<fieldset><legend>%s</legend><div class=\"grid\">\n",
		       TR(s, "Liên hệ", "Contact"));
	add_input(b, "phone_1", TR(s, "Điện thoại", "Phone"), "tel", val(v, "phone_1"),
		  error_of(e, "phone_1"), "autocomplete=\"tel\" inputmode=\"tel\" required");
	add_input(b, "email_1", "E-mail", "email", val(v, "email_1"), error_of(e, "email_1"),
		  "autocomplete=\"email\" required");
	gtd_buf_printf(b, "</div><p class=\"hint\">%s</p></fieldset>\n",
		       TR(s, "Gotadi gửi vé và thông báo tới e-mail này.",
			  "Gotadi sends the ticket and updates to this e-mail."));
	gtd_buf_printf(b, "<button type=\"submit\" class=\"block\" id=\"hold\">%s</button></form>\n"
			  "<div class=\"actions\">", TR(s, "Giữ chỗ và xem lại", "Hold and review"));
	mock_page_home_link(b, s->token, s->lang);
	gtd_buf_adds(b, "</div>\n");
	mock_page_end(resp, status);
}

/* The offer and travellers count a traveller form is for.  0 with the
 * answer made when they are not bookable in this session. */
static int form_offer(mock_ctx *ctx, mock_response *resp, const session *s, const char *offer,
		      const char *pax_text, inventory_offer *o, int *pax)
{
	gtd_status st;
	gtd_err err;

	if (!pax_arg(pax_text, pax, &err)) {
		fail(ctx, resp, s, 400, "%s", err.msg);
		return 0;
	}
	st = inventory_offer_find(offer, o, &err);
	if (st != GTD_OK) {
		fail(ctx, resp, s, st == GTD_ENOTFOUND ? 404 : 400, "%s", err.msg);
		return 0;
	}
	if (!offers(s, o->product)) {
		fail(ctx, resp, s, 403, "this booking session does not offer %s", gtd_product_name(o->product));
		return 0;
	}
	return 1;
}

/* GET /webview/travellers?offer=ID&pax=N: the traveller form. */
void webview_travellers(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	session s = {.html = 1};
	values v = {req, NULL};
	inventory_offer o;
	int pax;

	if (!session_open(ctx, req, resp, &s) ||
	    !form_offer(ctx, resp, &s, mock_arg(req, "offer"), mock_arg(req, "pax"), &o, &pax))
		return;
	travellers_page(ctx, resp, &s, &o, pax, &v, NULL, 200);
	mock_entry_why(ctx->entry, "webview: traveller form for offer %s", o.id);
}

/* The travellers of the hold form, pointing into f; empty optional fields
 * are absent. */
static void form_travellers(const webview_form *f, gtd_traveller *t, int pax)
{
	static const char *const fields[] = {"first_name", "last_name", "phone", "email"};
	const char *v[COUNT(fields)];
	char name[FIELD_NAME_MAX];
	size_t k;
	int i;

	for (i = 0; i < pax; i++) {
		for (k = 0; k < COUNT(fields); k++) {
			v[k] = webview_form_get(f, fname(name, fields[k], i + 1));
			if (v[k] && !*v[k])
				v[k] = NULL;
		}
		t[i] = (gtd_traveller){(char *)v[0], (char *)v[1], (char *)v[2], (char *)v[3]};
	}
}

/* ---- extras ------------------------------------------------------------- */

/* What a flight's extras cost, per traveller (made up, like the fares). */
typedef struct extra {
	const char *value;
	label text;
	long long vnd;
} extra;

static const extra bags[] = {
	{"0", {"Chỉ hành lý xách tay 7 kg", "Cabin bag 7 kg only"}, 0},
	{"20", {"Thêm 20 kg ký gửi", "Add 20 kg checked"}, 250000},
	{"30", {"Thêm 30 kg ký gửi", "Add 30 kg checked"}, 350000},
};

static const extra insurances[] = {
	{"none", {"Không mua bảo hiểm", "No insurance"}, 0},
	{"trip", {"Bảo hiểm chuyến bay", "Flight insurance"}, 65000},
};

/* The choice of table t the form names, or its first (free) one. */
static const extra *chosen(const extra *t, size_t n, const char *v)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		if (strcmp(t[i].value, v) == 0)
			return &t[i];
	return &t[0];
}

/* What the extras chosen in v cost for pax travellers. */
static long long extras_total(const values *v, int pax)
{
	char n[FIELD_NAME_MAX];
	long long sum = 0;
	int i;

	for (i = 1; i <= pax; i++) {
		fname(n, "bag", i);
		sum += chosen(bags, COUNT(bags), val(v, n))->vnd;
	}
	return sum + pax * chosen(insurances, COUNT(insurances), val(v, "insurance"))->vnd;
}

/* A select of extras, each option with its price. */
static void add_extra_select(gtd_buf *b, const session *s, const char *name, const char *caption,
			     const extra *t, size_t n, const char *current)
{
	size_t i;

	select_open(b, name, caption, NULL);
	for (i = 0; i < n; i++) {
		gtd_buf_adds(b, "<option value=\"");
		gtd_buf_add_html(b, t[i].value);
		gtd_buf_printf(b, "\" data-vnd=\"%lld\"%s>", t[i].vnd,
			       current && strcmp(t[i].value, current) == 0 ? " selected" : "");
		gtd_buf_add_html(b, TR(s, t[i].text.vi, t[i].text.en));
		if (t[i].vnd) {
			gtd_buf_adds(b, " (+");
			add_vnd(b, t[i].vnd);
			gtd_buf_adds(b, ")");
		}
		gtd_buf_adds(b, "</option>");
	}
	select_close(b, name, NULL);
}

/* The extras step of a flight: baggage per traveller and insurance, the
 * checked traveller form carried on in hidden fields to the hold. */
static void extras_page(mock_response *resp, const session *s, const inventory_offer *o, int pax,
			const webview_form *f)
{
	const values v = {NULL, f};
	gtd_buf *b = &resp->body;
	char n[FIELD_NAME_MAX], last[FIELD_NAME_MAX], first[FIELD_NAME_MAX];
	size_t k;
	int i;

	page_open(resp, s, "extras", TR(s, "Hành lý và bảo hiểm", "Baggage and insurance"), o->product,
		  STEP_EXTRAS);
	gtd_buf_adds(b, "<form method=\"post\" id=\"extras-form\" action=\"/webview/hold?");
	add_token_query(b, s);
	gtd_buf_adds(b, "\">");
	for (k = 0; k < f->n; k++) {
		if (strncmp(f->v[k].name, "bag_", 4) == 0 || strcmp(f->v[k].name, "insurance") == 0 ||
		    strcmp(f->v[k].name, "extras") == 0)
			continue;
		gtd_buf_adds(b, "<input type=\"hidden\" name=\"");
		gtd_buf_add_html(b, f->v[k].name);
		gtd_buf_adds(b, "\" value=\"");
		gtd_buf_add_html(b, f->v[k].value);
		gtd_buf_adds(b, "\">");
	}
	gtd_buf_adds(b, "<input type=\"hidden\" name=\"extras\" value=\"1\">\n");
	gtd_buf_printf(b, "<fieldset><legend>%s</legend><div class=\"grid\">\n",
		       TR(s, "Hành lý ký gửi", "Checked baggage"));
	for (i = 1; i <= pax; i++) {
		char caption[2 * NAME_COLS * 4 + 8];

		snprintf(caption, sizeof(caption), "%s %s", val_or(&v, fname(last, "last_name", i), ""),
			 val_or(&v, fname(first, "first_name", i), ""));
		fname(n, "bag", i);
		add_extra_select(b, s, n, caption, bags, COUNT(bags), val(&v, n));
	}
	gtd_buf_printf(b, "</div></fieldset>\n<fieldset><legend>%s</legend>\n",
		       TR(s, "Bảo hiểm", "Insurance"));
	add_extra_select(b, s, "insurance", TR(s, "Bảo hiểm cho mọi hành khách", "Insurance for every traveller"),
			 insurances, COUNT(insurances), val(&v, "insurance"));
	gtd_buf_printf(b, "<p class=\"hint\">%s</p></fieldset>\n<p class=\"notice\">%s <b id=\"extras-sum\">",
		       TR(s, "Giá cho mỗi hành khách.", "Prices are per traveller."),
		       TR(s, "Dịch vụ thêm:", "Extras:"));
	add_vnd(b, extras_total(&v, pax));
	/* The sum follows the choices where script runs; without it, the
	 * review shows it. */
	gtd_buf_adds(b, "</b></p>\n<script>(function(){var f=document.getElementById('extras-form'),"
			"o=document.getElementById('extras-sum');f.addEventListener('change',function(){"
			"var v=function(e){return +e.selectedOptions[0].dataset.vnd},b=[].slice.call("
			"f.querySelectorAll('select[name^=bag_]')),t=b.reduce(function(a,e){return a+v(e)},0)"
			"+b.length*v(f.elements.insurance);o.textContent=String(t).replace(/\\B(?=(\\d{3})+$)/g,"
			"'.')+'\\u00a0\\u20ab';});})();</script>\n");
	gtd_buf_printf(b, "<button type=\"submit\" class=\"block\" id=\"continue\">%s</button></form>\n"
			  "<div class=\"actions\">", TR(s, "Giữ chỗ và xem lại", "Hold and review"));
	mock_page_home_link(b, s->token, s->lang);
	gtd_buf_adds(b, "</div>\n");
	mock_page_end(resp, 200);
}

/* POST /webview/hold: checks the form field by field (drawing it again
 * with the messages next to the fields and what was typed), asks a
 * flight's extras (the form comes back with extras=1), books, then
 * Post/Redirect/Get to the booking's page, which tells a held booking from
 * a failed hold. */
void webview_hold(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	session s = {.html = 1};
	webview_form f = {0};
	values v = {NULL, &f};
	gtd_traveller t[MOCK_PAX_MAX];
	inventory_offer o;
	form_errors e = {0};
	held h;
	gtd_err err;
	int pax, status, i;

	if (!session_open(ctx, req, resp, &s))
		goto out;
	if (webview_form_parse(&f, req->body, req->body_len, &err) != GTD_OK) {
		fail(ctx, resp, &s, 400, "%s", err.msg);
		goto out;
	}
	if (!form_offer(ctx, resp, &s, webview_form_get(&f, "offer"), webview_form_get(&f, "pax"), &o, &pax))
		goto out;
	for (i = 1; i <= pax; i++)
		check_traveller(ctx, &s, &v, &o, i, &e);
	check_phone(&s, "phone_1", val(&v, "phone_1"), &e);
	check_email(&s, "email_1", val(&v, "email_1"), &e);
	if (e.n) {
		mock_entry_why(ctx->entry, "webview: the traveller form has %zu problem(s), first %s: %s", e.n,
			       e.v[0].name, e.v[0].msg);
		travellers_page(ctx, resp, &s, &o, pax, &v, &e, 400);
		goto out;
	}
	if (o.product == GTD_PRODUCT_FLIGHT && !webview_form_get(&f, "extras")) {
		extras_page(resp, &s, &o, pax, &f);
		mock_entry_why(ctx->entry, "webview: traveller form for offer %s complete; extras next", o.id);
		goto out;
	}
	form_travellers(&f, t, pax);
	status = book(ctx, &s, o.id, t, (size_t)pax, o.product == GTD_PRODUCT_FLIGHT ? extras_total(&v, pax)
		      : room_extra(&o, room_of(val(&v, "room"))), &h, &err);
	if (status) {
		fail(ctx, resp, &s, status, "%s", err.msg);
		goto out;
	}
	redirect(resp, 303, "%s/webview/booking/%s?access_token=%s%s", req->base_url, h.number, s.token,
		 s.lang == MOCK_LANG_EN ? "&lang=en" : "");
out:
	webview_form_release(&f);
}

/* ---- review, payment, result -------------------------------------------- */

/* The share of a total that is taxes and fees, as the price summary shows
 * it: VAT of 10% included in the inventory's prices, to the thousand dong. */
#define TAX_PERCENT 10

static outcome outcome_of(const gtd_booking *bk)
{
	if (bk->payment == GTD_PAYMENT_FAILED)
		return OUTCOME_PAYMENT_FAILED;
	if (bk->payment == GTD_PAYMENT_REFUNDED)
		return OUTCOME_REFUNDED;
	if (bk->issued == GTD_ISSUED_SUCCEEDED)
		return OUTCOME_ISSUED;
	if (bk->issued == GTD_ISSUED_FAILED)
		return OUTCOME_ISSUE_FAILED;
	if (bk->issued == GTD_ISSUED_ON_PROCESS)
		return OUTCOME_ISSUING;
	switch (bk->status) {
	case GTD_BOOKING_BOOKED: return OUTCOME_AWAITING_PAYMENT;
	case GTD_BOOKING_FAILED: return OUTCOME_HOLD_FAILED;
	case GTD_BOOKING_EXPIRED: return OUTCOME_EXPIRED;
	case GTD_BOOKING_CANCELLED: return OUTCOME_CANCELLED;
	default: return OUTCOME_PENDING;
	}
}

/* What the user can do next, by outcome. */
static const label next_steps[] = {
	[OUTCOME_PENDING] = {"Vui lòng đợi trong giây lát rồi tải lại trang.",
			     "Please wait a moment, then reload the page."},
	[OUTCOME_AWAITING_PAYMENT] = {"Hãy thanh toán trước khi hết thời hạn giữ chỗ.",
				      "Please pay before the hold runs out."},
	[OUTCOME_HOLD_FAILED] = {"Bạn chưa bị trừ tiền. Hãy tìm chuyến khác.",
				 "Nothing was charged. Please search again."},
	[OUTCOME_EXPIRED] = {"Chỗ đã được trả lại. Hãy tìm kiếm lại.",
			     "The seats were released. Please search again."},
	[OUTCOME_CANCELLED] = {"Đặt chỗ đã hủy.", "The booking was cancelled."},
	[OUTCOME_PAYMENT_FAILED] = {"Bạn chưa bị trừ tiền. Hãy thử lại hoặc tìm chuyến khác.",
				    "Nothing was charged. Try again or search again."},
	[OUTCOME_REFUNDED] = {"Tiền đã được hoàn lại.", "The money was refunded."},
	[OUTCOME_ISSUING] = {"Gotadi đang xuất vé; bạn sẽ nhận e-mail khi xong.",
			     "Gotadi is issuing the ticket; an e-mail follows when it is done."},
	[OUTCOME_ISSUED] = {"Vé đã được gửi tới e-mail của bạn. Chúc bạn có chuyến đi vui vẻ!",
			    "The ticket is in your e-mail. Have a good trip!"},
	[OUTCOME_ISSUE_FAILED] = {"Gotadi sẽ liên hệ với bạn để hoàn tiền.",
				  "Gotadi will contact you about the refund."},
};

/* The booking's itinerary: what both the review and the result page show. */
static void add_itinerary(gtd_buf *b, mock_lang lang, const gtd_booking *bk)
{
	const gtd_itinerary *it = &bk->itinerary;
	session tmp = {.lang = lang};
	char t[TIME_SIZE];

	gtd_buf_adds(b, "<dl class=\"summary\" id=\"booking\">\n");
	add_item(b, MOCK_TR(lang, "Mã đặt chỗ", "Booking number"), "booking-number", bk->number);
	if (bk->product == GTD_PRODUCT_FLIGHT) {
		gtd_buf_printf(b, "<dt>%s</dt><dd>", MOCK_TR(lang, "Chuyến bay", "Flight"));
		gtd_buf_add_html(b, airline_name(it->airline ? it->airline : ""));
		gtd_buf_adds(b, " ");
		gtd_buf_add_html(b, it->flight_no ? it->flight_no : "");
		gtd_buf_printf(b, "</dd>\n<dt>%s</dt><dd>", MOCK_TR(lang, "Hành trình", "Route"));
		add_route(b, &tmp, it->from ? it->from : "", it->to ? it->to : "");
		gtd_buf_adds(b, "</dd>\n");
		add_item(b, MOCK_TR(lang, "Khởi hành", "Departure"), NULL, local_time(t, it->depart, DATE_AND_TIME));
		add_item(b, MOCK_TR(lang, "Đến nơi", "Arrival"), NULL, local_time(t, it->arrive, DATE_AND_TIME));
	} else {
		add_item(b, MOCK_TR(lang, "Khách sạn", "Hotel"), NULL, it->hotel ? it->hotel : "");
		add_item(b, MOCK_TR(lang, "Nhận phòng", "Check-in"), NULL, local_time(t, it->depart, DATE_AND_TIME));
		add_item(b, MOCK_TR(lang, "Trả phòng", "Check-out"), NULL, local_time(t, it->arrive, DATE_AND_TIME));
	}
	gtd_buf_adds(b, "</dl>\n");
}

/* What of a booking's total is fares: the offer's price for every
 * traveller, found again from the itinerary; the rest is extras.  The
 * whole total when the offer cannot be found (a hotel has no extras). */
static long long booking_fares(const gtd_booking *bk)
{
	const gtd_itinerary *it = &bk->itinerary;
	char id[INVENTORY_ID_MAX], date[INVENTORY_DATE_SIZE];
	inventory_offer o;
	gtd_err err;

	if (bk->product != GTD_PRODUCT_FLIGHT || !it->from || !it->to || !it->flight_no)
		return bk->total_amount;
	inventory_date_format(inventory_day_of(it->depart), date);
	snprintf(id, sizeof(id), "F.%s.%s.%s.%s", it->from, it->to, date, it->flight_no);
	if (inventory_offer_find(id, &o, &err) != GTD_OK)
		return bk->total_amount;
	return inventory_offer_total(&o, bk->ntravellers);
}

/* Fare, taxes and fees, extras, total: the review's price summary. */
static void add_price_summary(gtd_buf *b, const session *s, const gtd_booking *bk)
{
	long long fares = booking_fares(bk);
	long long taxes = (fares * TAX_PERCENT / (100 + TAX_PERCENT) + 500) / 1000 * 1000;

	gtd_buf_printf(b, "<h2>%s</h2>\n<dl class=\"summary\" id=\"price\">\n<dt>%s</dt><dd id=\"fare\">",
		       TR(s, "Chi tiết giá", "Price"), bk->product == GTD_PRODUCT_FLIGHT
		       ? TR(s, "Giá vé", "Fare") : TR(s, "Giá phòng", "Room rate"));
	add_vnd(b, fares - taxes);
	gtd_buf_printf(b, "</dd>\n<dt>%s</dt><dd id=\"taxes\">", TR(s, "Thuế và phí", "Taxes and fees"));
	add_vnd(b, taxes);
	if (bk->total_amount != fares) {
		gtd_buf_printf(b, "</dd>\n<dt>%s</dt><dd id=\"extras\">",
			       TR(s, "Hành lý và bảo hiểm", "Baggage and insurance"));
		add_vnd(b, bk->total_amount - fares);
	}
	gtd_buf_printf(b, "</dd>\n<dt class=\"total\">%s</dt><dd class=\"total\" id=\"amount\">",
		       TR(s, "Tổng cộng", "Total"));
	add_vnd(b, bk->total_amount);
	gtd_buf_adds(b, "</dd>\n</dl>\n");
}

static void add_travellers(gtd_buf *b, const session *s, const gtd_booking *bk)
{
	size_t i;

	gtd_buf_printf(b, "<h2>%s</h2>\n<ol id=\"travellers\">", bk->product == GTD_PRODUCT_FLIGHT
		       ? TR(s, "Hành khách", "Travellers") : TR(s, "Khách", "Guests"));
	for (i = 0; i < bk->ntravellers; i++) {
		gtd_buf_adds(b, "<li>");
		gtd_buf_add_html(b, bk->travellers[i].last_name);
		gtd_buf_adds(b, " ");
		gtd_buf_add_html(b, bk->travellers[i].first_name);
		gtd_buf_adds(b, "</li>");
	}
	gtd_buf_adds(b, "</ol>\n");
}

/* The hold's countdown, counted down by a few lines of inline script (the
 * page says the deadline without it), and "go to payment". */
static void add_pay_form(gtd_buf *b, const session *s, const gtd_booking *bk, time_t now)
{
	long long left = bk->time_to_live > now ? (long long)(bk->time_to_live - now) : 0;
	char t[TIME_SIZE];

	gtd_buf_printf(b, "<p class=\"notice\" id=\"ttl\">%s <b id=\"countdown\" data-left=\"%lld\" "
			  "aria-live=\"off\">%02lld:%02lld</b> (%s ", TR(s, "Giữ chỗ còn", "Held for"), left,
		       left / 60, left % 60, TR(s, "đến", "until"));
	gtd_buf_add_html(b, local_time(t, bk->time_to_live, DATE_AND_TIME));
	gtd_buf_adds(b, ")</p>\n<script>(function(){var e=document.getElementById('countdown'),"
			"n=+e.dataset.left,t0=Date.now();setInterval(function(){var l=Math.max(0,"
			"n-Math.floor((Date.now()-t0)/1000));e.textContent=String(Math.floor(l/60))."
			"padStart(2,'0')+':'+String(l%60).padStart(2,'0');},1000);})();</script>\n");
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/pay\" id=\"pay-form\">");
	add_token_input(b, s);
	gtd_buf_printf(b, "<input type=\"hidden\" name=\"bookingNumber\" value=\"%s\">"
			  "<button type=\"submit\" class=\"block\" id=\"pay\">%s</button></form>\n",
		       bk->number, TR(s, "Đến thanh toán", "Go to payment"));
}

/* The booking page's content, under the state lock. */
static void booking_page(mock_ctx *ctx, mock_response *resp, const session *s, const gtd_booking *bk)
{
	int payable = bk->status == GTD_BOOKING_BOOKED && !bk->committed;
	int failed = bk->status == GTD_BOOKING_FAILED;
	outcome oc = outcome_of(bk);
	gtd_buf *b = &resp->body;

	page_open(resp, s, payable ? "booking" : failed ? "hold-failed" : "booking-closed",
		  payable ? TR(s, "Xem lại và thanh toán", "Review and pay")
		  : failed ? TR(s, "Giữ chỗ thất bại", "The hold failed") : TR(s, "Đặt chỗ", "Booking"),
		  bk->product, payable ? STEP_REVIEW : STEP_NONE);
	if (failed)
		gtd_buf_printf(b, "<p class=\"error notice\" id=\"hold-error\" role=\"alert\">%s</p>\n",
			       TR(s, "Nhà cung cấp không xác nhận giữ chỗ (hold); bạn chưa bị trừ tiền. "
				     "Hãy tìm chuyến khác.",
				  "The supplier did not confirm the hold; nothing was charged. "
				  "Please search again."));
	else if (!payable)
		gtd_buf_printf(b, "<p class=\"outcome\" id=\"outcome\" data-outcome=\"%s\">%s</p>\n",
			       outcomes[oc].id, TR(s, outcomes[oc].vi, outcomes[oc].en));
	/* On a desktop the trip and the price sit side by side. */
	gtd_buf_adds(b, "<div class=\"review\"><section>");
	add_itinerary(b, s->lang, bk);
	add_travellers(b, s, bk);
	gtd_buf_adds(b, "</section>");
	if (payable) {
		gtd_buf_adds(b, "<section class=\"pay\">");
		add_price_summary(b, s, bk);
		add_pay_form(b, s, bk, mock_now(ctx->state));
		gtd_buf_adds(b, "</section>");
	}
	gtd_buf_adds(b, "</div>\n");
	gtd_buf_adds(b, "<div class=\"actions\">");
	if (bk->committed)
		gtd_buf_printf(b, "<a class=\"button secondary\" id=\"result\" href=\"/webview/result/%s%s\">%s</a>",
			       bk->number, s->lang == MOCK_LANG_EN ? "?lang=en" : "", TR(s, "Kết quả", "Result"));
	mock_page_home_link(b, s->token, s->lang);
	gtd_buf_adds(b, "</div>\n");
	mock_page_end(resp, 200);
	mock_entry_why(ctx->entry, "webview: booking %s shown to user %s (%s)", bk->number, s->user,
		       outcomes[oc].id);
}

/* GET /webview/booking/N */
void webview_booking(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *number = req->path + strlen("/webview/booking/");
	session s = {.html = 1};
	gtd_booking *b;

	if (!session_open(ctx, req, resp, &s))
		return;
	mock_entry_str(ctx->entry, "booking", number);
	mock_state_lock(ctx->state);
	b = user_booking(ctx, &s, number);
	if (b)
		booking_page(ctx, resp, &s, b);
	mock_state_unlock(ctx->state);
	if (!b)
		fail(ctx, resp, &s, 404, "you have no booking %.24s", number);
}

/* GET /webview/pay?bookingNumber=N: "go to payment".  Gotadi's webview
 * calls place order from script and follows its `result`; doing the same
 * here on the server keeps the button a plain form that works without
 * script, runs place order unchanged (its checks, journal verdicts and
 * faults, since it reads only the token and bookingNumber of the same
 * request), and turns a refusal into a page instead of JSON the user would
 * never see. */
void webview_pay(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	mock_request order = *req;
	cJSON *answer;
	const char *url, *why;
	char msg[GTD_ERR_MSG_MAX];

	order.method = gtd_api_get(GTD_API_PLACE_ORDER)->method;
	order.path = gtd_api_get(GTD_API_PLACE_ORDER)->path;
	mock_run_request(ctx, &order, resp, "the webview's Go to payment");
	mock_entry_str(ctx->entry, "booking", mock_arg(req, "bookingNumber"));
	mock_entry_why(ctx->entry, "the webview ran place order (journal entry %lu): HTTP %d", order.id,
		       resp->drop ? 0 : resp->status);
	if (resp->drop)
		return;
	answer = cJSON_ParseWithLength(resp->body.data, resp->body.len);
	url = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(answer, "result"));
	if (resp->status == 200 && url) {
		redirect(resp, 302, "%s", url);
	} else {
		why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(answer, "textMessage"));
		if (!why || !*why)
			why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(answer, "message"));
		snprintf(msg, sizeof(msg), "place order refused (HTTP %d): %s", resp->status,
			 why ? why : "no reason given");
		mock_page_error_lang(resp, NULL, mock_lang_parse(mock_arg(req, "lang")),
				     resp->status == 401 ? NULL : ctx->caller.token, resp->status, msg);
	}
	cJSON_Delete(answer);
}

static void add_status_item(gtd_buf *b, mock_lang lang, const char *dt, const char *id,
			    const label *l, size_t n, unsigned v, const char *code)
{
	gtd_buf_adds(b, "<dt>");
	gtd_buf_add_html(b, dt);
	gtd_buf_printf(b, "</dt><dd id=\"%s\" data-status=\"%s\">", id, code);
	gtd_buf_add_html(b, label_of(l, n, v, lang));
	gtd_buf_adds(b, "</dd>\n");
}

static void result_page(mock_response *resp, const gtd_partner *p, mock_lang lang, const gtd_booking *bk)
{
	outcome oc = outcome_of(bk);
	gtd_buf *b = &resp->body;
	const char *app = p ? p->links.product_url : NULL;

	mock_page_begin_lang(resp, p, lang, "Gotadi", "result", MOCK_TR(lang, "Kết quả đặt chỗ", "Booking result"));
	gtd_buf_printf(b, "<h1>%s</h1>\n<p class=\"outcome\" id=\"outcome\" data-outcome=\"%s\">%s</p>\n"
			  "<p class=\"notice\" id=\"next\">%s</p>\n",
		       MOCK_TR(lang, "Kết quả đặt chỗ", "Booking result"), outcomes[oc].id,
		       MOCK_TR(lang, outcomes[oc].vi, outcomes[oc].en),
		       label_of(next_steps, COUNT(next_steps), oc, lang));
	gtd_buf_adds(b, "<dl class=\"summary\" id=\"statuses\">\n");
	add_status_item(b, lang, MOCK_TR(lang, "Đặt chỗ", "Booking"), "status", booking_labels,
			COUNT(booking_labels), bk->status, gtd_bstatus_name(bk->status));
	add_status_item(b, lang, MOCK_TR(lang, "Thanh toán", "Payment"), "payment-status", payment_labels,
			COUNT(payment_labels), bk->payment, gtd_pstatus_name(bk->payment));
	add_status_item(b, lang, MOCK_TR(lang, "Xuất vé", "Issuance"), "issued-status", issued_labels,
			COUNT(issued_labels), bk->issued, gtd_istatus_name(bk->issued));
	gtd_buf_adds(b, "</dl>\n");
	add_itinerary(b, lang, bk);
	gtd_buf_adds(b, "<div class=\"actions\">");
	if (app && *app) {
		gtd_buf_adds(b, "<a class=\"button\" id=\"back-to-app\" href=\"");
		gtd_buf_add_html(b, app);
		gtd_buf_printf(b, "\">%s</a>", MOCK_TR(lang, "Quay lại ứng dụng", "Back to the app"));
		gtd_buf_adds(b, "<a class=\"button secondary\" id=\"new-search\" href=\"");
		gtd_buf_add_html(b, app);
		gtd_buf_printf(b, "\">%s</a>", MOCK_TR(lang, "Tìm kiếm mới", "New search"));
	}
	gtd_buf_adds(b, "</div>\n");
	mock_page_end(resp, 200);
}

/* GET /webview/result/N: commit's return_url.  Anyone with the link may
 * see it, so it shows no traveller's personal data. */
void webview_result(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *number = req->path + strlen("/webview/result/");
	mock_lang lang = mock_lang_parse(mock_arg(req, "lang"));
	const mock_partner *mp;
	gtd_booking *b;

	mock_entry_str(ctx->entry, "booking", number);
	mock_state_lock(ctx->state);
	b = mock_booking_find(ctx->state, number);
	if (b) {
		mock_settle(ctx, b);
		mp = mock_partners_by_id(ctx->partners, b->partner_id);
		mock_entry_str(ctx->entry, "partner", b->partner_id);
		mock_entry_why(ctx->entry, "webview: result page of booking %s (%s)", number,
			       outcomes[outcome_of(b)].id);
		result_page(resp, mp ? mp->rec : NULL, lang, b);
	}
	mock_state_unlock(ctx->state);
	if (!b) {
		mock_entry_why(ctx->entry, "webview: no booking %s for a result page (HTTP 404)", number);
		mock_page_error_lang(resp, NULL, lang, NULL, 404,
				     MOCK_TR(lang, "Không có đặt chỗ này.", "There is no such booking."));
	}
}

/* ---- the JSON calls ----------------------------------------------------- */

static cJSON *offer_json(const inventory_offer *o)
{
	cJSON *j = cJSON_CreateObject();
	int flight = o->product == GTD_PRODUCT_FLIGHT;
	char start[21], end[21];

	gtd_iso8601(start, o->start);
	gtd_iso8601(end, o->end);
	cJSON_AddStringToObject(j, "offer", o->id);
	if (flight) {
		cJSON_AddStringToObject(j, "airline", o->airline->code);
		cJSON_AddStringToObject(j, "airlineName", o->airline->name);
		cJSON_AddStringToObject(j, "flightNo", o->flight_no);
		cJSON_AddStringToObject(j, "from", o->from->code);
		cJSON_AddStringToObject(j, "to", o->to->code);
		cJSON_AddBoolToObject(j, "international", o->from->international || o->to->international);
	} else {
		cJSON_AddStringToObject(j, "hotelName", o->hotel->name);
		cJSON_AddNumberToObject(j, "stars", o->hotel->stars);
		cJSON_AddStringToObject(j, "city", o->from->code);
		cJSON_AddNumberToObject(j, "nights", o->nights);
	}
	cJSON_AddStringToObject(j, flight ? "departure" : "checkIn", start);
	cJSON_AddStringToObject(j, flight ? "arrival" : "checkOut", end);
	cJSON_AddNumberToObject(j, "price", (double)o->price);
	return j;
}

static void api_search(mock_ctx *ctx, const mock_request *req, mock_response *resp, gtd_product p)
{
	session s = {0};
	inventory_offer o[INVENTORY_FLIGHTS_MAX > INVENTORY_HOTELS_MAX ? INVENTORY_FLIGHTS_MAX
								       : INVENTORY_HOTELS_MAX];
	cJSON *answer, *arr;
	size_t n = 0, i;
	gtd_err err;
	int status;

	if (!session_open(ctx, req, resp, &s))
		return;
	if ((status = search(ctx, &s, req, p, 0, o, &n, &err)) != 0) {
		fail(ctx, resp, &s, status, "%s", err.msg);
		return;
	}
	answer = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(answer, "offers");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, offer_json(&o[i]));
	mock_entry_why(ctx->entry, "webview: %zu %s offers for user %s", n, gtd_product_name(p), s.user);
	mock_response_json(resp, 200, answer);
}

/* GET /webview/api/flights */
void webview_api_flights(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	api_search(ctx, req, resp, GTD_PRODUCT_FLIGHT);
}

/* GET /webview/api/hotels */
void webview_api_hotels(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	api_search(ctx, req, resp, GTD_PRODUCT_HOTEL);
}

/* A string member of o, or NULL when absent or null; 0 when it is there
 * but not a string. */
static int opt_member(const cJSON *o, const char *name, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = cJSON_GetStringValue(v);
	return !v || cJSON_IsNull(v) || *out;
}

/* The travellers of the JSON body, pointing into it. */
static int json_travellers(const cJSON *body, gtd_traveller *t, size_t *n, gtd_err *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "travellers"), *o;
	const char *first, *last, *phone, *email;

	*n = 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1 || cJSON_GetArraySize(arr) > MOCK_PAX_MAX)
		return gtd_err_set(err, GTD_EINVAL, "\"travellers\" must be an array of 1 to %d objects",
				   MOCK_PAX_MAX), 0;
	cJSON_ArrayForEach(o, arr) {
		if (!cJSON_IsObject(o) || !opt_member(o, "firstName", &first) ||
		    !opt_member(o, "lastName", &last) || !opt_member(o, "phoneNumber", &phone) ||
		    !opt_member(o, "email", &email))
			return gtd_err_set(err, GTD_EINVAL, "traveller %zu must be an object of strings: "
							    "firstName, lastName, phoneNumber, email", *n + 1), 0;
		t[(*n)++] = (gtd_traveller){(char *)first, (char *)last, (char *)phone, (char *)email};
	}
	return 1;
}

/* POST /webview/api/bookings */
void webview_api_book(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	session s = {0};
	cJSON *body = NULL, *answer;
	gtd_traveller t[MOCK_PAX_MAX];
	char ttl[21], *url = NULL;
	size_t n;
	held h;
	gtd_err err;
	int status;

	if (!session_open(ctx, req, resp, &s))
		goto out;
	body = cJSON_ParseWithLength(req->body, req->body_len);
	if (!cJSON_IsObject(body) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "offer"))) {
		fail(ctx, resp, &s, 400, "the body must be JSON {\"offer\": \"<id from a search>\", "
					 "\"travellers\": [...]}");
		goto out;
	}
	if (!json_travellers(body, t, &n, &err)) {
		fail(ctx, resp, &s, 400, "%s", err.msg);
		goto out;
	}
	status = book(ctx, &s, cJSON_GetObjectItemCaseSensitive(body, "offer")->valuestring, t, n, 0, &h,
		      &err);
	if (status) {
		fail(ctx, resp, &s, status, "%s", err.msg);
		goto out;
	}
	answer = cJSON_CreateObject();
	cJSON_AddStringToObject(answer, "bookingNumber", h.number);
	cJSON_AddStringToObject(answer, "status", gtd_bstatus_name(h.status));
	cJSON_AddNumberToObject(answer, "totalAmount", (double)h.amount);
	gtd_iso8601(ttl, h.time_to_live);
	if (h.status == GTD_BOOKING_BOOKED)
		cJSON_AddStringToObject(answer, "timeToLive", ttl);
	else
		cJSON_AddNullToObject(answer, "timeToLive");
	if (asprintf(&url, "%s%s?%s=%s", req->base_url, gtd_api_get(GTD_API_PLACE_ORDER)->path,
		     gtd_api_get(GTD_API_PLACE_ORDER)->query, h.number) > 0)
		cJSON_AddStringToObject(answer, "placeOrder", url);
	free(url);
	if (asprintf(&url, "%s/webview/result/%s", req->base_url, h.number) > 0)
		cJSON_AddStringToObject(answer, "result", url);
	free(url);
	mock_response_json(resp, 201, answer);
out:
	cJSON_Delete(body);
}

/* GET /webview/api/bookings/N */
void webview_api_booking(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *number = req->path + strlen("/webview/api/bookings/");
	session s = {0};
	gtd_booking *b;

	if (!session_open(ctx, req, resp, &s))
		return;
	mock_entry_str(ctx->entry, "booking", number);
	mock_state_lock(ctx->state);
	b = user_booking(ctx, &s, number);
	if (b)
		mock_answer_booking(resp, b, 0);
	mock_state_unlock(ctx->state);
	if (!b) {
		fail(ctx, resp, &s, 404, "you have no booking %.24s", number);
		return;
	}
	mock_entry_why(ctx->entry, "webview: booking %s for user %s", number, s.user);
}

/* ---- forms -------------------------------------------------------------- */

/* Decodes s in place; 0 for a malformed escape or one that makes a NUL. */
static int form_decode(char *s)
{
	char *out = s;
	int hi, lo;

	for (; *s; s++) {
		if (*s != '%') {
			*out++ = *s == '+' ? ' ' : *s;
			continue;
		}
		hi = gtd_hex_value(s[1]);
		lo = hi < 0 ? -1 : gtd_hex_value(s[2]);
		if (lo < 0 || hi * 16 + lo == 0)
			return 0;
		*out++ = (char)(hi * 16 + lo);
		s += 2;
	}
	*out = '\0';
	return 1;
}

gtd_status webview_form_parse(webview_form *f, const char *body, size_t len, gtd_err *err)
{
	char *rest, *field, *value;

	memset(f, 0, sizeof(*f));
	rest = f->mem = strndup(body, len);
	if (!f->mem)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	while ((field = strsep(&rest, "&"))) {
		if (!*field)
			continue;
		if (f->n == WEBVIEW_FORM_MAX)
			return gtd_err_set(err, GTD_EINVAL, "the form has more than %d fields", WEBVIEW_FORM_MAX);
		value = strchr(field, '=');
		if (value)
			*value++ = '\0';
		if (!form_decode(field) || (value && !form_decode(value)))
			return gtd_err_set(err, GTD_EINVAL, "the form has a malformed %%-escape or a NUL byte");
		if (!gtd_utf8_valid(field, strlen(field), NULL) ||
		    (value && !gtd_utf8_valid(value, strlen(value), NULL)))
			return gtd_err_set(err, GTD_EINVAL, "the form's text is not UTF-8");
		f->v[f->n].name = field;
		f->v[f->n].value = value ? value : "";
		f->n++;
	}
	return GTD_OK;
}

const char *webview_form_get(const webview_form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return f->v[i].value;
	return NULL;
}

void webview_form_release(webview_form *f)
{
	free(f->mem);
	memset(f, 0, sizeof(*f));
}
