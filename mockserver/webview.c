/* webview.c - Gotadi's booking UI as the emulator serves it (PROTOCOL.md
 * section 7): pages rendered on the server that work without script, in the
 * partner's theme, and the same steps as JSON calls for scripts.
 *
 * Every route but the result page needs the user's access token from
 * login's redirect_url, as ?access_token=T or Authorization: Bearer T; the
 * pages carry it on in their links and forms.
 *
 * Pages (errors are pages too, with the HTTP status):
 *   GET  /webview               the booking home: flight and hotel tabs for
 *                               layout dual (?tab=flight|hotel, the token's
 *                               product first), its product only for single
 *   GET  /webview/flights       ?from=HAN&to=SGN&date=YYYY-MM-DD&pax=1..4
 *   GET  /webview/hotels        ?city=HAN&checkin=YYYY-MM-DD&nights=N&pax=1..4
 *   GET  /webview/travellers    ?offer=ID&pax=N: the traveller form
 *   POST /webview/hold          offer, pax, first_name_I, last_name_I, phone_I,
 *                               email_I (I = 1..pax): creates and holds the
 *                               booking, then 303 to its page
 *   GET  /webview/booking/N     the booking: held, with "go to payment", or
 *                               what became of it
 *   GET  /webview/pay           ?bookingNumber=N: place order, then 302 to the
 *                               partner's payment page
 *   GET  /webview/result/N      return_url: statuses and itinerary; no token,
 *                               and so no traveller data
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

static const char *const product_titles[] = {
	[GTD_PRODUCT_FLIGHT] = "Vé máy bay / Flights",
	[GTD_PRODUCT_HOTEL] = "Khách sạn / Hotels",
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
} session;

/* ---- small helpers ------------------------------------------------------ */

static const char *label_vi(const label *l, size_t n, unsigned v)
{
	return v < n ? l[v].vi : "?";
}

static const char *label_en(const label *l, size_t n, unsigned v)
{
	return v < n ? l[v].en : "?";
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

typedef enum time_style { TIME_OF_DAY, DATE_AND_TIME } time_style;

/* t in Vietnam's time: "08:05", or "08:05 28/11/2026". */
static const char *local_time(char out[TIME_SIZE], time_t t, time_style style)
{
	struct tm tm;
	time_t local = t + INVENTORY_VN_OFFSET;

	gmtime_r(&local, &tm);
	if (style == TIME_OF_DAY)
		strftime(out, TIME_SIZE, "%H:%M", &tm);
	else
		strftime(out, TIME_SIZE, "%H:%M %d/%m/%Y", &tm);
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

static void add_token_input(gtd_buf *b, const char *token)
{
	gtd_buf_adds(b, "<input type=\"hidden\" name=\"access_token\" value=\"");
	gtd_buf_add_html(b, token);
	gtd_buf_adds(b, "\">");
}

static void add_row(gtd_buf *b, const char *th, const char *id, const char *td)
{
	gtd_buf_adds(b, "<tr><th>");
	gtd_buf_add_html(b, th);
	gtd_buf_adds(b, "</th><td");
	if (id) {
		gtd_buf_adds(b, " id=\"");
		gtd_buf_add_html(b, id);
		gtd_buf_adds(b, "\"");
	}
	gtd_buf_adds(b, ">");
	gtd_buf_add_html(b, td);
	gtd_buf_adds(b, "</td></tr>\n");
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
		mock_page_error(resp, s->mp ? s->mp->rec : NULL, status == 401 ? NULL : s->token, status, msg);
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
	const char *product, *layout;

	(void)req;
	s->claims = ctx->caller.claims;
	s->token = ctx->caller.token;
	s->user = ctx->caller.user;
	s->mp = ctx->caller.mp;
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

/* Runs the search req asks for product p.  0 with the offers, or the HTTP
 * status of the refusal with err saying why. */
static int search(mock_ctx *ctx, const session *s, const mock_request *req, gtd_product p,
		  inventory_offer *o, size_t *n, gtd_err *err)
{
	const char *date = mock_arg(req, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin");
	int nights = 0;
	gtd_status st;

	if (!offers(s, p)) {
		gtd_err_set(err, GTD_EINVAL, "this booking session does not offer %s",
			    gtd_product_name(p));
		return 403;
	}
	if (p == GTD_PRODUCT_FLIGHT) {
		st = inventory_flights(mock_arg(req, "from"), mock_arg(req, "to"), date, o, n, err);
	} else if (!parse_count(mock_arg(req, "nights"), 1, INVENTORY_NIGHTS_MAX, &nights)) {
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

/* The webview's one booking step: a PENDING booking for the offer, held
 * with the travellers at once.  0 with h filled, or the HTTP status of the
 * refusal with err saying why. */
static int book(mock_ctx *ctx, const session *s, const char *offer_id, const gtd_traveller *t,
		size_t n, held *h, gtd_err *err)
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
	st = mock_booking_create(ctx, pid, s->user, o.product, inventory_offer_total(&o, n), &it,
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

static void add_place_options(gtd_buf *b, const char *selected, int hotels_only)
{
	size_t i;

	for (i = 0; i < inventory_place_count; i++) {
		const inventory_place *p = &inventory_places[i];

		if (hotels_only && !inventory_has_hotels(p->code))
			continue;
		gtd_buf_printf(b, "<option value=\"%s\"%s>%s &ndash; ", p->code,
			       strcmp(p->code, selected) == 0 ? " selected" : "", p->code);
		gtd_buf_add_html(b, p->city_vi);
		gtd_buf_adds(b, "</option>");
	}
}

static void add_count_options(gtd_buf *b, int n, int selected)
{
	int i;

	for (i = 1; i <= n; i++)
		gtd_buf_printf(b, "<option%s>%d</option>", i == selected ? " selected" : "", i);
}

/* A date input from today to DAYS_AHEAD out, at days_out by default. */
static void add_date_input(gtd_buf *b, mock_ctx *ctx, const char *name, int days_out)
{
	time_t today = inventory_day_of(mock_now(ctx->state));
	char min[INVENTORY_DATE_SIZE], max[INVENTORY_DATE_SIZE], dflt[INVENTORY_DATE_SIZE];

	inventory_date_format(today, min);
	inventory_date_format(today + (time_t)DAYS_AHEAD * DAY, max);
	inventory_date_format(today + (time_t)days_out * DAY, dflt);
	gtd_buf_printf(b, "<input type=\"date\" name=\"%s\" value=\"%s\" min=\"%s\" max=\"%s\" required>",
		       name, dflt, min, max);
}

static void add_flight_form(gtd_buf *b, mock_ctx *ctx, const session *s)
{
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/flights\" id=\"flight-form\">");
	add_token_input(b, s->token);
	gtd_buf_adds(b, "<p><label>Điểm đi / From <select name=\"from\">");
	add_place_options(b, "HAN", 0);
	gtd_buf_adds(b, "</select></label></p>\n<p><label>Điểm đến / To <select name=\"to\">");
	add_place_options(b, "SGN", 0);
	gtd_buf_adds(b, "</select></label></p>\n<p><label>Ngày đi / Date ");
	add_date_input(b, ctx, "date", FLIGHT_DAYS_OUT);
	gtd_buf_adds(b, "</label></p>\n<p><label>Hành khách / Passengers <select name=\"pax\">");
	add_count_options(b, MOCK_PAX_MAX, 1);
	gtd_buf_adds(b, "</select></label></p>\n<p><button type=\"submit\" id=\"search-flights\">"
			"Tìm chuyến bay / Search flights</button></p></form>\n");
}

static void add_hotel_form(gtd_buf *b, mock_ctx *ctx, const session *s)
{
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/hotels\" id=\"hotel-form\">");
	add_token_input(b, s->token);
	gtd_buf_adds(b, "<p><label>Thành phố / City <select name=\"city\">");
	add_place_options(b, "HAN", 1);
	gtd_buf_adds(b, "</select></label></p>\n<p><label>Nhận phòng / Check-in ");
	add_date_input(b, ctx, "checkin", HOTEL_DAYS_OUT);
	gtd_buf_printf(b, "</label></p>\n<p><label>Số đêm / Nights <input type=\"number\" name=\"nights\" "
			  "value=\"%d\" min=\"1\" max=\"%d\" required></label></p>\n"
			  "<p><label>Khách / Guests <select name=\"pax\">", DEFAULT_NIGHTS,
		       INVENTORY_NIGHTS_MAX);
	add_count_options(b, MOCK_PAX_MAX, 1);
	gtd_buf_adds(b, "</select></label></p>\n<p><button type=\"submit\" id=\"search-hotels\">"
			"Tìm khách sạn / Search hotels</button></p></form>\n");
}

/* Layout dual: one tab per product the partner sells, the focused one in
 * the primary colour. */
static void add_tabs(gtd_buf *b, const session *s, gtd_product focus)
{
	gtd_product p;

	gtd_buf_adds(b, "<nav id=\"tabs\">");
	for (p = GTD_PRODUCT_FLIGHT; p <= GTD_PRODUCT_HOTEL; p++) {
		if (!offers(s, p))
			continue;
		gtd_buf_printf(b, "<a class=\"button%s\" data-tab=\"%s\"%s href=\"/webview?tab=%s&amp;"
				  "access_token=", p == focus ? "" : " secondary", gtd_product_name(p),
			       p == focus ? " aria-current=\"page\"" : "", gtd_product_name(p));
		gtd_buf_add_html(b, s->token);
		gtd_buf_adds(b, "\" style=\"text-decoration:none;margin-right:8px\">");
		gtd_buf_add_html(b, product_titles[p]);
		gtd_buf_adds(b, "</a>");
	}
	gtd_buf_adds(b, "</nav>\n");
}

static const char *airline_name(const char *code)
{
	const inventory_airline *a = inventory_airline_find(code);

	return a ? a->name : code;
}

static const char *city_name(const char *code)
{
	const inventory_place *p = inventory_place_find(code);

	return p ? p->city_vi : code;
}

/* "Hà Nội (HAN) → TP. Hồ Chí Minh (SGN)", escaped. */
static void add_route(gtd_buf *b, const char *from, const char *to)
{
	gtd_buf_add_html(b, city_name(from));
	gtd_buf_adds(b, " (");
	gtd_buf_add_html(b, from);
	gtd_buf_adds(b, ") &rarr; ");
	gtd_buf_add_html(b, city_name(to));
	gtd_buf_adds(b, " (");
	gtd_buf_add_html(b, to);
	gtd_buf_adds(b, ")");
}

static void add_amount(gtd_buf *b, long long vnd)
{
	char amount[GTD_MAIL_AMOUNT_MAX];

	gtd_buf_adds(b, gtd_mail_amount(amount, vnd, "vi"));
}

/* One row of the results: what it is, its price and, when selectable, its
 * Select button. */
static void add_offer_row(gtd_buf *b, const session *s, const inventory_offer *o, int pax,
			  int selectable)
{
	static const char stars[] = STAR STAR STAR STAR STAR;
	char t1[TIME_SIZE], t2[TIME_SIZE];

	gtd_buf_printf(b, "<tr data-offer=\"%s\"><td>", o->id);
	if (o->product == GTD_PRODUCT_FLIGHT) {
		gtd_buf_printf(b, "%s <b>%s</b></td><td>%s &rarr; %s</td>", o->airline->name, o->flight_no,
			       local_time(t1, o->start, TIME_OF_DAY), local_time(t2, o->end, TIME_OF_DAY));
	} else {
		gtd_buf_add_html(b, o->hotel->name);
		gtd_buf_printf(b, " <span title=\"%d sao / stars\">%.*s</span></td><td>%d đêm / nights</td>",
			       o->hotel->stars, o->hotel->stars * (int)(sizeof(STAR) - 1), stars,
			       o->nights);
	}
	gtd_buf_adds(b, "<td>");
	add_amount(b, o->price);
	gtd_buf_adds(b, "</td><td>");
	add_amount(b, inventory_offer_total(o, (size_t)pax));
	gtd_buf_adds(b, "</td><td>");
	if (selectable) {
		gtd_buf_printf(b, "<form method=\"get\" action=\"/webview/travellers\" class=\"offer\" "
				  "data-airline=\"%s\">", o->airline ? o->airline->code : "");
		add_token_input(b, s->token);
		gtd_buf_printf(b, "<input type=\"hidden\" name=\"offer\" value=\"%s\">"
				  "<input type=\"hidden\" name=\"pax\" value=\"%d\">"
				  "<button type=\"submit\">Chọn / Select</button></form>", o->id, pax);
	}
	gtd_buf_adds(b, "</td></tr>\n");
}

static void add_results(gtd_buf *b, const session *s, const inventory_offer *o, size_t n, int pax,
			int selectable)
{
	size_t i;

	gtd_buf_printf(b, "<table id=\"offers\"><tr><th></th><th></th><th>%s</th><th>Tổng / Total</th>"
			  "<th></th></tr>\n", o[0].product == GTD_PRODUCT_FLIGHT
			  ? "Giá / Fare (1 khách / passenger)" : "Giá / Rate (1 đêm / night)");
	for (i = 0; i < n; i++)
		add_offer_row(b, s, &o[i], pax, selectable);
	gtd_buf_adds(b, "</table>\n<p><small>Giờ Việt Nam / Vietnam time</small></p>\n");
}

/* The booking's itinerary and amount: what both the booking page and the
 * result page show. */
static void add_booking_table(gtd_buf *b, const gtd_booking *bk)
{
	const gtd_itinerary *it = &bk->itinerary;
	char t[TIME_SIZE];

	gtd_buf_adds(b, "<table id=\"booking\">\n");
	add_row(b, "Mã đặt chỗ / Booking number", "booking-number", bk->number);
	if (bk->product == GTD_PRODUCT_FLIGHT) {
		gtd_buf_adds(b, "<tr><th>Chuyến bay / Flight</th><td>");
		gtd_buf_add_html(b, airline_name(it->airline ? it->airline : ""));
		gtd_buf_adds(b, " ");
		gtd_buf_add_html(b, it->flight_no ? it->flight_no : "");
		gtd_buf_adds(b, "</td></tr>\n<tr><th>Hành trình / Route</th><td>");
		add_route(b, it->from ? it->from : "", it->to ? it->to : "");
		gtd_buf_adds(b, "</td></tr>\n");
		add_row(b, "Khởi hành / Departure", NULL, local_time(t, it->depart, DATE_AND_TIME));
		add_row(b, "Đến nơi / Arrival", NULL, local_time(t, it->arrive, DATE_AND_TIME));
	} else {
		add_row(b, "Khách sạn / Hotel", NULL, it->hotel ? it->hotel : "");
		add_row(b, "Nhận phòng / Check-in", NULL, local_time(t, it->depart, DATE_AND_TIME));
		add_row(b, "Trả phòng / Check-out", NULL, local_time(t, it->arrive, DATE_AND_TIME));
	}
	gtd_buf_adds(b, "<tr><th>Tổng tiền / Total</th><td id=\"amount\">");
	add_amount(b, bk->total_amount);
	gtd_buf_adds(b, "</td></tr>\n</table>\n");
}

static void add_travellers(gtd_buf *b, const gtd_booking *bk)
{
	size_t i;

	gtd_buf_adds(b, "<h2>Hành khách / Travellers</h2>\n<ol id=\"travellers\">");
	for (i = 0; i < bk->ntravellers; i++) {
		gtd_buf_adds(b, "<li>");
		gtd_buf_add_html(b, bk->travellers[i].last_name);
		gtd_buf_adds(b, " ");
		gtd_buf_add_html(b, bk->travellers[i].first_name);
		gtd_buf_adds(b, "</li>");
	}
	gtd_buf_adds(b, "</ol>\n");
}

static void add_status_row(gtd_buf *b, const char *th, const char *id, const label *l, size_t n,
			   unsigned v, const char *code)
{
	gtd_buf_adds(b, "<tr><th>");
	gtd_buf_add_html(b, th);
	gtd_buf_printf(b, "</th><td id=\"%s\" data-status=\"%s\">", id, code);
	gtd_buf_add_html(b, label_vi(l, n, v));
	gtd_buf_adds(b, " / ");
	gtd_buf_add_html(b, label_en(l, n, v));
	gtd_buf_printf(b, " <small>(%s)</small></td></tr>\n", code);
}

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

/* ---- the pages ---------------------------------------------------------- */

/* GET /webview: the booking home. */
void webview_home(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	session s = {.html = 1};
	const char *tab = mock_arg(req, "tab");
	int focus;

	if (!session_open(ctx, req, resp, &s))
		return;
	focus = tab ? gtd_product_lookup(tab) : -1;
	if (focus < 0 || !offers(&s, (gtd_product)focus))
		focus = (int)s.product;
	mock_page_begin(resp, s.mp->rec, "Gotadi", "home", s.dual ? "Đặt vé và phòng / Book flights and hotels"
						     : product_titles[s.product]);
	if (s.dual)
		add_tabs(&resp->body, &s, (gtd_product)focus);
	if (focus == GTD_PRODUCT_FLIGHT)
		add_flight_form(&resp->body, ctx, &s);
	else
		add_hotel_form(&resp->body, ctx, &s);
	mock_page_end(resp, 200);
	mock_entry_why(ctx->entry, "webview home for user %s: layout %s, %s shown", s.user,
		       s.dual ? "dual" : "single", gtd_product_name((gtd_product)focus));
}

/* The results page of product p. */
static void results_page(mock_ctx *ctx, const mock_request *req, mock_response *resp, gtd_product p)
{
	session s = {.html = 1};
	inventory_offer o[INVENTORY_FLIGHTS_MAX > INVENTORY_HOTELS_MAX ? INVENTORY_FLIGHTS_MAX
								       : INVENTORY_HOTELS_MAX];
	size_t n = 0;
	int status = 400, pax;
	gtd_err err;

	if (!session_open(ctx, req, resp, &s))
		return;
	if (!pax_arg(mock_arg(req, "pax"), &pax, &err) ||
	    (status = search(ctx, &s, req, p, o, &n, &err)) != 0) {
		fail(ctx, resp, &s, status, "%s", err.msg);
		return;
	}
	mock_page_begin(resp, s.mp->rec, "Gotadi", p == GTD_PRODUCT_FLIGHT ? "flight-results" : "hotel-results",
		   product_titles[p]);
	gtd_buf_adds(&resp->body, "<p id=\"search\">");
	if (p == GTD_PRODUCT_FLIGHT)
		add_route(&resp->body, o[0].from->code, o[0].to->code);
	else
		gtd_buf_add_html(&resp->body, o[0].from->city_vi);
	gtd_buf_adds(&resp->body, ", ");
	gtd_buf_add_html(&resp->body, mock_arg(req, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin"));
	gtd_buf_printf(&resp->body, ", %d khách / traveller(s)</p>\n", pax);
	add_results(&resp->body, &s, o, n, pax, 1);
	mock_page_home_link(&resp->body, s.token);
	mock_page_end(resp, 200);
	mock_entry_why(ctx->entry, "webview: %zu %s offers for user %s", n, gtd_product_name(p), s.user);
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

static void add_traveller_fields(gtd_buf *b, int i, gtd_product p)
{
	const char *req = i == 1 ? " required" : "";

	gtd_buf_printf(b, "<fieldset><legend>%s %d%s</legend>\n", p == GTD_PRODUCT_FLIGHT
		       ? "Hành khách / Traveller" : "Khách / Guest", i,
		       i == 1 ? " &ndash; liên hệ / contact" : "");
	gtd_buf_printf(b, "<p><label>Tên / First name <input name=\"first_name_%d\" required></label> "
			  "<label>Họ / Last name <input name=\"last_name_%d\" required></label></p>\n"
			  "<p><label>Điện thoại / Phone <input type=\"tel\" name=\"phone_%d\"%s></label> "
			  "<label>E-mail <input type=\"email\" name=\"email_%d\"%s></label></p>\n"
			  "</fieldset>\n", i, i, i, req, i, req);
}

/* GET /webview/travellers?offer=ID&pax=N: the traveller form. */
void webview_travellers(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	session s = {.html = 1};
	inventory_offer o;
	gtd_buf *b = &resp->body;
	gtd_status st;
	gtd_err err;
	int i, pax;

	if (!session_open(ctx, req, resp, &s))
		return;
	if (!pax_arg(mock_arg(req, "pax"), &pax, &err)) {
		fail(ctx, resp, &s, 400, "%s", err.msg);
		return;
	}
	st = inventory_offer_find(mock_arg(req, "offer"), &o, &err);
	if (st != GTD_OK) {
		fail(ctx, resp, &s, st == GTD_ENOTFOUND ? 404 : 400, "%s", err.msg);
		return;
	}
	if (!offers(&s, o.product)) {
		fail(ctx, resp, &s, 403, "this booking session does not offer %s",
		     gtd_product_name(o.product));
		return;
	}
	mock_page_begin(resp, s.mp->rec, "Gotadi", "travellers", "Thông tin khách / Travellers");
	add_results(b, &s, &o, 1, pax, 0);
	gtd_buf_adds(b, "<form method=\"post\" id=\"traveller-form\" action=\"/webview/hold?access_token=");
	gtd_buf_add_html(b, s.token);
	gtd_buf_printf(b, "\"><input type=\"hidden\" name=\"offer\" value=\"%s\">"
			  "<input type=\"hidden\" name=\"pax\" value=\"%d\">\n", o.id, pax);
	for (i = 1; i <= pax; i++)
		add_traveller_fields(b, i, o.product);
	gtd_buf_adds(b, "<p><button type=\"submit\" id=\"hold\">Giữ chỗ / Hold</button></p></form>\n");
	mock_page_home_link(b, s.token);
	mock_page_end(resp, 200);
	mock_entry_why(ctx->entry, "webview: traveller form for offer %s", o.id);
}

/* The travellers of the hold form, pointing into f; empty optional fields
 * are absent. */
static void form_travellers(const webview_form *f, gtd_traveller *t, int pax)
{
	static const char *const fields[] = {"first_name", "last_name", "phone", "email"};
	const char *v[COUNT(fields)];
	char name[32];
	size_t k;
	int i;

	for (i = 0; i < pax; i++) {
		for (k = 0; k < COUNT(fields); k++) {
			snprintf(name, sizeof(name), "%s_%d", fields[k], i + 1);
			v[k] = webview_form_get(f, name);
			if (v[k] && !*v[k])
				v[k] = NULL;
		}
		t[i] = (gtd_traveller){(char *)v[0], (char *)v[1], (char *)v[2], (char *)v[3]};
	}
}

/* POST /webview/hold: books, then Post/Redirect/Get to the booking's page,
 * which tells a held booking from a failed hold. */
void webview_hold(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	session s = {.html = 1};
	webview_form f = {0};
	gtd_traveller t[MOCK_PAX_MAX];
	held h;
	gtd_err err;
	int pax, status;

	if (!session_open(ctx, req, resp, &s))
		goto out;
	if (webview_form_parse(&f, req->body, req->body_len, &err) != GTD_OK ||
	    !pax_arg(webview_form_get(&f, "pax"), &pax, &err)) {
		fail(ctx, resp, &s, 400, "%s", err.msg);
		goto out;
	}
	form_travellers(&f, t, pax);
	status = book(ctx, &s, webview_form_get(&f, "offer"), t, (size_t)pax, &h, &err);
	if (status) {
		fail(ctx, resp, &s, status, "%s", err.msg);
		goto out;
	}
	redirect(resp, 303, "%s/webview/booking/%s?access_token=%s", req->base_url, h.number, s.token);
out:
	webview_form_release(&f);
}

static void add_pay_form(gtd_buf *b, const session *s, const gtd_booking *bk, time_t now)
{
	char t[TIME_SIZE];

	gtd_buf_adds(b, "<p id=\"ttl\">Giữ chỗ đến / Held until <b>");
	gtd_buf_add_html(b, local_time(t, bk->time_to_live, DATE_AND_TIME));
	gtd_buf_printf(b, "</b> (còn %lld phút / %lld minutes left)</p>\n",
		       (long long)(bk->time_to_live - now) / 60, (long long)(bk->time_to_live - now) / 60);
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/pay\" id=\"pay-form\">");
	add_token_input(b, s->token);
	gtd_buf_printf(b, "<input type=\"hidden\" name=\"bookingNumber\" value=\"%s\">"
			  "<p><button type=\"submit\" id=\"pay\">Thanh toán / Go to payment</button></p>"
			  "</form>\n", bk->number);
}

/* The booking page's content, under the state lock. */
static void booking_page(mock_ctx *ctx, mock_response *resp, const session *s, const gtd_booking *bk)
{
	int payable = bk->status == GTD_BOOKING_BOOKED && !bk->committed;
	int failed = bk->status == GTD_BOOKING_FAILED;
	outcome oc = outcome_of(bk);
	gtd_buf *b = &resp->body;

	mock_page_begin(resp, s->mp->rec, "Gotadi",
			payable ? "booking" : failed ? "hold-failed" : "booking-closed",
		   payable ? "Đã giữ chỗ / Booking held" : failed ? "Giữ chỗ thất bại / The hold failed"
								  : "Đặt chỗ / Booking");
	if (failed)
		gtd_buf_adds(b, "<p class=\"error\" id=\"hold-error\">Nhà cung cấp không xác nhận giữ chỗ; bạn chưa "
				"bị trừ tiền. / The supplier did not confirm the hold; nothing was charged. "
				"Hãy tìm chuyến khác / Please search again.</p>\n");
	else if (!payable)
		gtd_buf_printf(b, "<p id=\"outcome\" data-outcome=\"%s\">%s / %s</p>\n", outcomes[oc].id,
			       outcomes[oc].vi, outcomes[oc].en);
	add_booking_table(b, bk);
	add_travellers(b, bk);
	if (payable)
		add_pay_form(b, s, bk, mock_now(ctx->state));
	else if (bk->committed)
		gtd_buf_printf(b, "<p><a id=\"result\" href=\"/webview/result/%s\">Kết quả / Result</a></p>\n",
			       bk->number);
	mock_page_home_link(b, s->token);
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
		mock_page_error(resp, NULL, resp->status == 401 ? NULL : ctx->caller.token, resp->status, msg);
	}
	cJSON_Delete(answer);
}

static void result_page(mock_response *resp, const gtd_partner *p, const gtd_booking *bk)
{
	outcome oc = outcome_of(bk);
	gtd_buf *b = &resp->body;

	mock_page_begin(resp, p, "Gotadi", "result", "Kết quả đặt chỗ / Booking result");
	gtd_buf_printf(b, "<p id=\"outcome\" data-outcome=\"%s\" style=\"font-size:1.3em\"><b>%s</b> / "
			  "%s</p>\n", outcomes[oc].id, outcomes[oc].vi, outcomes[oc].en);
	gtd_buf_adds(b, "<table id=\"statuses\">\n");
	add_status_row(b, "Đặt chỗ / Booking", "status", booking_labels, COUNT(booking_labels),
		       bk->status, gtd_bstatus_name(bk->status));
	add_status_row(b, "Thanh toán / Payment", "payment-status", payment_labels,
		       COUNT(payment_labels), bk->payment, gtd_pstatus_name(bk->payment));
	add_status_row(b, "Xuất vé / Issuance", "issued-status", issued_labels, COUNT(issued_labels),
		       bk->issued, gtd_istatus_name(bk->issued));
	gtd_buf_adds(b, "</table>\n");
	add_booking_table(b, bk);
	mock_page_end(resp, 200);
}

/* GET /webview/result/N: commit's return_url.  Anyone with the link may
 * see it, so it shows no traveller's personal data. */
void webview_result(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *number = req->path + strlen("/webview/result/");
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
		result_page(resp, mp ? mp->rec : NULL, b);
	}
	mock_state_unlock(ctx->state);
	if (!b) {
		mock_entry_why(ctx->entry, "webview: no booking %s for a result page (HTTP 404)", number);
		mock_page_error(resp, NULL, NULL, 404, "There is no such booking.");
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
	if ((status = search(ctx, &s, req, p, o, &n, &err)) != 0) {
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
	status = book(ctx, &s, cJSON_GetObjectItemCaseSensitive(body, "offer")->valuestring, t, n, &h,
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
