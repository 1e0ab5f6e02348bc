/* webview.c - Gotadi's booking UI as the emulator serves it (doc/protocol.md,
 * "The mock's own paths"): pages rendered on the server that work without script, drawn
 * for a phone first in the partner's theme (html.c), one language at a time
 * (Vietnamese; English with ?lang=en, carried on by every link and form).
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
 * The same steps as JSON calls are in webview_api.c; what the pages and the
 * calls share (the session, the searches, the booking step) in
 * webview_session.c, and the forms' fields and checks in webview_form.c.
 */
#include "webview.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "inventory.h"
#include "webview_session.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define FLIGHT_DAYS_OUT 45     /* the forms' default dates pass Gotadi's test */
#define HOTEL_DAYS_OUT 100     /* rules: 30 days for flights, 3 months for hotels */
#define DEFAULT_NIGHTS 2
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


/* ---- small helpers ------------------------------------------------------ */

static const char *label_of(const label *l, size_t n, unsigned v, mock_lang lang)
{
	return v < n ? MOCK_TR(lang, l[v].vi, l[v].en) : "?";
}

/* ---- page skeleton ------------------------------------------------------ */

/* What every form carries on: the token and, for English, the language. */
static void add_token_input(gtd_buf *b, const webview_session *s)
{
	gtd_buf_adds(b, "<input type=\"hidden\" name=\"access_token\" value=\"");
	gtd_buf_add_html(b, s->token);
	gtd_buf_adds(b, "\">");
	if (s->lang == MOCK_LANG_EN)
		gtd_buf_adds(b, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
}

/* The same for a link's query: "access_token=T[&amp;lang=en]". */
static void add_token_query(gtd_buf *b, const webview_session *s)
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
static void add_sandbox(gtd_buf *b, const webview_session *s, gtd_product p)
{
	const cJSON *exp;
	char t[WEBVIEW_TIME_SIZE];

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
			       webview_time(t, (time_t)exp->valuedouble, WEBVIEW_TIME));
	gtd_buf_adds(b, "</p>\n");
}

/* The stepper of product p's journey at step at. */
static void add_stepper(gtd_buf *b, const webview_session *s, gtd_product p, step at)
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
static void page_open(mock_response *resp, const webview_session *s, const char *page, const char *title,
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

static void add_place_options(gtd_buf *b, const webview_session *s, const char *selected, int hotels_only)
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
static void add_duration(gtd_buf *b, const webview_session *s, time_t secs)
{
	long m = (long)(secs / 60);

	gtd_buf_printf(b, TR(s, "%ld giờ %02ld phút", "%ld h %02ld min"), m / 60, m % 60);
}

/* "Hà Nội (HAN) → TP. Hồ Chí Minh (SGN)", escaped. */
static void add_route(gtd_buf *b, const webview_session *s, const char *from, const char *to)
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

	inventory_date_format(today + (time_t)lo_days * WEBVIEW_DAY, min);
	inventory_date_format(today + (time_t)hi_days * WEBVIEW_DAY, max);
	inventory_date_format(today + (time_t)default_days * WEBVIEW_DAY, dflt);
	snprintf(attrs, sizeof(attrs), "min=\"%s\" max=\"%s\"%s", min, max, default_days ? " required" : "");
	form_input(b, name, caption, "date", value ? value : default_days ? dflt : "", error, attrs);
}

/* ---- checking what the user typed --------------------------------------- */

/* Checks a search date: present, a date, not past, not too far. */
static void check_day(mock_ctx *ctx, const webview_session *s, const char *name, const char *v,
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
	else if (*day > today + (time_t)WEBVIEW_DAYS_AHEAD * WEBVIEW_DAY)
		form_error(e, name, TR(s, "Chỉ tìm được trong vòng 365 ngày tới.",
				       "Searches go at most 365 days ahead."));
}

/* A hotel's check-out v after check-in day (0: not known): the nights
 * between them in *nights, 1 to INVENTORY_NIGHTS_MAX. */
static void check_checkout(const webview_session *s, const char *v, time_t checkin, int *nights, form_errors *e)
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
	else if (checkin && (day - checkin) / WEBVIEW_DAY > INVENTORY_NIGHTS_MAX)
		form_error(e, "checkout", TR(s, "Tối đa 30 đêm.", "At most 30 nights."));
	else if (checkin)
		*nights = (int)((day - checkin) / WEBVIEW_DAY);
}

static void add_flight_form(gtd_buf *b, mock_ctx *ctx, const webview_session *s, const form_values *v,
			    const form_errors *e)
{
	int adults = 1, children = 0, infants = 0;

	if (!webview_count(form_val(v, "adults"), 1, MOCK_PAX_MAX, &adults))
		webview_count(form_val(v, "pax"), 1, MOCK_PAX_MAX, &adults);
	webview_count(form_val(v, "children"), 0, MOCK_PAX_MAX - 1, &children);
	webview_count(form_val(v, "infants"), 0, MOCK_PAX_MAX - 1, &infants);
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/flights\" id=\"flight-form\" novalidate>");
	add_token_input(b, s);
	gtd_buf_adds(b, "<div class=\"grid\">");
	form_select_open(b, "from", TR(s, "Điểm đi", "From"), form_error_of(e, "from"));
	add_place_options(b, s, form_val_or(v, "from", "HAN"), 0);
	form_select_close(b, "from", form_error_of(e, "from"));
	form_select_open(b, "to", TR(s, "Điểm đến", "To"), form_error_of(e, "to"));
	add_place_options(b, s, form_val_or(v, "to", "SGN"), 0);
	form_select_close(b, "to", form_error_of(e, "to"));
	add_date_input(b, ctx, "date", TR(s, "Ngày đi", "Departure date"), form_val(v, "date"),
		       FLIGHT_DAYS_OUT, 0, WEBVIEW_DAYS_AHEAD, form_error_of(e, "date"));
	gtd_buf_adds(b, "</div><div class=\"grid party\">");
	form_select_open(b, "adults", TR(s, "Người lớn (từ 12 tuổi)", "Adults (12+)"), form_error_of(e, "adults"));
	add_count_options(b, 1, MOCK_PAX_MAX, adults);
	form_select_close(b, "adults", form_error_of(e, "adults"));
	form_select_open(b, "children", TR(s, "Trẻ em (2-11 tuổi)", "Children (2-11)"), NULL);
	add_count_options(b, 0, MOCK_PAX_MAX - 1, children);
	form_select_close(b, "children", NULL);
	form_select_open(b, "infants", TR(s, "Em bé (dưới 2 tuổi)", "Infants (under 2)"), form_error_of(e, "infants"));
	add_count_options(b, 0, MOCK_PAX_MAX - 1, infants);
	form_select_close(b, "infants", form_error_of(e, "infants"));
	gtd_buf_printf(b, "</div><p class=\"hint\">%s</p>"
			  "<button type=\"submit\" class=\"block\" id=\"search-flights\">%s</button></form>\n",
		       TR(s, "Tối đa 4 hành khách mỗi lần đặt; mỗi em bé đi cùng một người lớn.",
			  "At most 4 travellers a booking; each infant travels with an adult."),
		       TR(s, "Tìm chuyến bay", "Search flights"));
}

static void add_hotel_form(gtd_buf *b, mock_ctx *ctx, const webview_session *s, const form_values *v,
			   const form_errors *e)
{
	int pax = 1;

	webview_count(form_val(v, "pax"), 1, MOCK_PAX_MAX, &pax);
	gtd_buf_adds(b, "<form method=\"get\" action=\"/webview/hotels\" id=\"hotel-form\" novalidate>");
	add_token_input(b, s);
	gtd_buf_adds(b, "<div class=\"grid\">");
	form_select_open(b, "city", TR(s, "Thành phố", "City"), NULL);
	add_place_options(b, s, form_val_or(v, "city", "HAN"), 1);
	form_select_close(b, "city", NULL);
	add_date_input(b, ctx, "checkin", TR(s, "Nhận phòng", "Check-in"), form_val(v, "checkin"),
		       HOTEL_DAYS_OUT, 0, WEBVIEW_DAYS_AHEAD, form_error_of(e, "checkin"));
	add_date_input(b, ctx, "checkout", TR(s, "Trả phòng", "Check-out"), form_val(v, "checkout"),
		       HOTEL_DAYS_OUT + DEFAULT_NIGHTS, 1, WEBVIEW_DAYS_AHEAD + INVENTORY_NIGHTS_MAX, form_error_of(e, "checkout"));
	form_select_open(b, "pax", TR(s, "Số khách (1 phòng)", "Guests (1 room)"), NULL);
	add_count_options(b, 1, MOCK_PAX_MAX, pax);
	form_select_close(b, "pax", NULL);
	gtd_buf_printf(b, "</div><button type=\"submit\" class=\"block\" id=\"search-hotels\">%s</button>"
			  "</form>\n", TR(s, "Tìm khách sạn", "Search hotels"));
}

/* Layout dual: one tab per product the partner sells, the focused one in
 * the primary colour. */
static void add_tabs(gtd_buf *b, const webview_session *s, gtd_product focus)
{
	gtd_product p;

	gtd_buf_printf(b, "<nav class=\"tabs\" id=\"tabs\" aria-label=\"%s\">", TR(s, "Sản phẩm", "Products"));
	for (p = GTD_PRODUCT_FLIGHT; p <= GTD_PRODUCT_HOTEL; p++) {
		if (!webview_offers(s, p))
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
static void home_page(mock_ctx *ctx, mock_response *resp, const webview_session *s, gtd_product focus,
		      const form_values *v, const form_errors *e, const char *alert, int status)
{
	page_open(resp, s, "home", s->dual ? TR(s, "Đặt vé máy bay và khách sạn", "Book flights and hotels")
					   : label_of(product_titles, COUNT(product_titles), focus, s->lang),
		  focus, STEP_SEARCH);
	if (s->dual)
		add_tabs(&resp->body, s, focus);
	form_alert(&resp->body, s->lang, e, alert);
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
static void add_select_form(gtd_buf *b, const webview_session *s, const inventory_offer *o, int pax,
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
static void add_rooms(gtd_buf *b, const webview_session *s, const inventory_offer *o, int pax)
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
static void add_offer_card(gtd_buf *b, const webview_session *s, const inventory_offer *o, int pax,
			   int selectable, const room *r)
{
	static const char stars[] = STAR STAR STAR STAR STAR;
	char t1[WEBVIEW_TIME_SIZE], t2[WEBVIEW_TIME_SIZE];
	int flight = o->product == GTD_PRODUCT_FLIGHT;

	gtd_buf_printf(b, "<li class=\"card\" data-offer=\"%s\" data-airline=\"%s\" data-price=\"%lld\" "
			  "data-start=\"%lld\"><div>", o->id, flight ? o->airline->code : "", o->price,
		       (long long)o->start);
	if (flight) {
		gtd_buf_adds(b, "<div class=\"what\">");
		gtd_buf_add_html(b, o->airline->name);
		gtd_buf_printf(b, " &middot; <span class=\"flight-no\">%s</span></div>"
				  "<div class=\"times\">%s &rarr; %s</div><div class=\"meta\">",
			       o->flight_no, webview_time(t1, o->start, WEBVIEW_TIME),
			       webview_time(t2, o->end, WEBVIEW_TIME));
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
static void add_filters(gtd_buf *b, const webview_session *s, const mock_request *req, gtd_product p,
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
	form_select_open(b, "sort", TR(s, "Sắp xếp", "Sort by"), NULL);
	form_option(b, "time", p == GTD_PRODUCT_FLIGHT ? TR(s, "Giờ khởi hành", "Departure time")
						     : TR(s, "Gợi ý", "Recommended"), sort);
	form_option(b, "price", TR(s, "Giá thấp nhất", "Lowest price"), sort);
	form_select_close(b, "sort", NULL);
	if (p == GTD_PRODUCT_FLIGHT) {
		form_select_open(b, "airline", TR(s, "Hãng bay", "Airline"), NULL);
		form_option(b, "", TR(s, "Tất cả", "All airlines"), airline ? airline : "");
		for (i = 0; i < n; i++) {
			for (j = 0; j < i && o[j].airline != o[i].airline; j++)
				;
			if (j == i)
				form_option(b, o[i].airline->code, o[i].airline->name, airline);
		}
		form_select_close(b, "airline", NULL);
	}
	gtd_buf_printf(b, "<div class=\"actions\"><button type=\"submit\" class=\"secondary\" id=\"apply\">"
			  "%s</button></div></form>\n", TR(s, "Áp dụng", "Apply"));
}

/* A flight search's travellers by type: adults, children, infants; their
 * sum in *pax, the children and infants in s for the forms that follow. */
static void party(webview_session *s, const mock_request *req, int *pax, form_errors *e)
{
	int adults = 0;

	s->children = s->infants = 0;
	if (!webview_count(mock_arg(req, "adults"), 1, MOCK_PAX_MAX, &adults))
		form_error(e, "adults", TR(s, "Cần ít nhất một người lớn.", "At least one adult, please."));
	webview_count(mock_arg(req, "children"), 0, MOCK_PAX_MAX - 1, &s->children);
	webview_count(mock_arg(req, "infants"), 0, MOCK_PAX_MAX - 1, &s->infants);
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
	webview_session s = {.html = 1};
	inventory_offer o[INVENTORY_FLIGHTS_MAX > INVENTORY_HOTELS_MAX ? INVENTORY_FLIGHTS_MAX
								       : INVENTORY_HOTELS_MAX];
	const char *sort = mock_arg(req, "sort"), *airline = mock_arg(req, "airline");
	form_values v = {req, NULL};
	form_errors e = {0};
	size_t n = 0, i, shown = 0;
	int status = 400, pax, nights = 0;
	time_t day = 0;
	gtd_err err;
	gtd_buf *b = &resp->body;
	char when[WEBVIEW_TIME_SIZE];

	if (!webview_session_open(ctx, req, resp, &s))
		return;
	if (!webview_offers(&s, p)) {
		webview_fail(ctx, resp, &s, 403, "this booking session does not offer %s", gtd_product_name(p));
		return;
	}
	if (p == GTD_PRODUCT_FLIGHT && mock_arg(req, "adults")) {
		party(&s, req, &pax, &e);
	} else if (!webview_pax_arg(mock_arg(req, "pax"), &pax, &err)) {
		webview_fail(ctx, resp, &s, 400, "%s", err.msg);
		return;
	}
	check_day(ctx, &s, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin",
		  mock_arg(req, p == GTD_PRODUCT_FLIGHT ? "date" : "checkin"), &day, &e);
	if (p == GTD_PRODUCT_FLIGHT && mock_arg(req, "from") && mock_arg(req, "to") &&
	    strcmp(mock_arg(req, "from"), mock_arg(req, "to")) == 0)
		form_error(&e, "to", TR(&s, "Điểm đến phải khác điểm đi.",
					"The destination must differ from the origin."));
	if (p == GTD_PRODUCT_HOTEL && mock_arg(req, "checkout"))
		check_checkout(&s, mock_arg(req, "checkout"), form_error_of(&e, "checkin") ? 0 : day, &nights, &e);
	else if (p == GTD_PRODUCT_HOTEL && !webview_count(mock_arg(req, "nights"), 1, INVENTORY_NIGHTS_MAX, &nights))
		form_error(&e, "nights", TR(&s, "Từ 1 đến 30 đêm.", "From 1 to 30 nights."));
	if (e.n) {
		mock_entry_why(ctx->entry, "webview: the %s search form has %zu problem(s), first %s",
			       gtd_product_name(p), e.n, e.v[0].name);
		home_page(ctx, resp, &s, p, &v, &e, NULL, 400);
		return;
	}
	if ((status = webview_search(ctx, &s, req, p, nights, o, &n, &err)) != 0) {
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
	gtd_buf_adds(b, webview_time(when, o[0].start, WEBVIEW_DATE));
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
	webview_session s = {.html = 1};
	const char *tab = mock_arg(req, "tab");
	form_values v = {NULL, NULL};
	int focus;

	if (!webview_session_open(ctx, req, resp, &s))
		return;
	focus = tab ? gtd_product_lookup(tab) : -1;
	if (focus < 0 || !webview_offers(&s, (gtd_product)focus))
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
static void check_traveller(mock_ctx *ctx, const webview_session *s, const form_values *v, const inventory_offer *o,
			    int i, form_errors *e)
{
	char n[FIELD_NAME_MAX];
	const char *type = form_val_or(v, fname(n, "type", i), "adult"), *dob;
	time_t today = inventory_day_of(mock_now(ctx->state)), day, dep = inventory_day_of(o->start);
	gtd_err err;

	form_check_name(s->lang, fname(n, "last_name", i), form_val(v, fname(n, "last_name", i)), e);
	form_check_name(s->lang, fname(n, "first_name", i), form_val(v, fname(n, "first_name", i)), e);
	dob = form_val(v, fname(n, "dob", i));
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
	if (!form_val(v, fname(n, "passport", i)) || !*form_val(v, fname(n, "passport", i)))
		form_error(e, fname(n, "passport", i), TR(s, "Chuyến quốc tế cần số hộ chiếu.",
							  "International flights need a passport number."));
	form_check_name(s->lang, fname(n, "nationality", i), form_val(v, fname(n, "nationality", i)), e);
	dob = form_val(v, fname(n, "expiry", i));
	if (!dob || !*dob || inventory_date_parse(dob, &day, &err) != GTD_OK)
		form_error(e, fname(n, "expiry", i), TR(s, "Vui lòng nhập ngày hết hạn hộ chiếu.",
							"Please enter the passport's expiry date."));
	else if (day <= dep)
		form_error(e, fname(n, "expiry", i), TR(s, "Hộ chiếu phải còn hạn vào ngày bay.",
							"The passport must be valid on the day of the flight."));
}

/* Traveller i's fields; type is what the search said they are. */
static void add_traveller_fields(gtd_buf *b, mock_ctx *ctx, const webview_session *s, const form_values *v,
				 const form_errors *e, const inventory_offer *o, int i, const char *type)
{
	int flight = o->product == GTD_PRODUCT_FLIGHT;
	char n[FIELD_NAME_MAX];
	size_t k;

	gtd_buf_printf(b, "<fieldset><legend>%s %d</legend><div class=\"grid\">\n",
		       flight ? TR(s, "Hành khách", "Traveller") : TR(s, "Khách", "Guest"), i);
	if (flight) {
		form_select_open(b, fname(n, "type", i), TR(s, "Loại hành khách", "Traveller type"), NULL);
		for (k = 0; k < COUNT(traveller_types); k++)
			form_option(b, traveller_types[k].value, TR(s, traveller_types[k].text.vi,
								   traveller_types[k].text.en),
				   form_val_or(v, n, type));
		form_select_close(b, n, NULL);
	}
	form_select_open(b, fname(n, "title", i), TR(s, "Danh xưng", "Title"), NULL);
	for (k = 0; k < COUNT(titles); k++)
		form_option(b, titles[k].value, TR(s, titles[k].text.vi, titles[k].text.en), form_val(v, n));
	form_select_close(b, n, NULL);
	fname(n, "last_name", i);
	form_input(b, n, TR(s, "Họ (như trên giấy tờ)", "Last name (as on the ID)"),
		  "text", form_val(v, n), form_error_of(e, n), "autocomplete=\"family-name\" required");
	fname(n, "first_name", i);
	form_input(b, n, TR(s, "Tên đệm và tên", "First and middle names"),
		  "text", form_val(v, n), form_error_of(e, n), "autocomplete=\"given-name\" required");
	if (flight) {
		fname(n, "dob", i);
		add_date_input(b, ctx, n, TR(s, "Ngày sinh (trẻ em, em bé)", "Date of birth (children, infants)"),
			       form_val(v, n), 0, -100 * 366, 0, form_error_of(e, n));
	}
	if (international(o)) {
		fname(n, "passport", i);
		form_input(b, n, TR(s, "Số hộ chiếu", "Passport number"), "text",
			  form_val(v, n), form_error_of(e, n), "required autocapitalize=\"characters\"");
		fname(n, "nationality", i);
		form_input(b, n, TR(s, "Quốc tịch", "Nationality"), "text",
			  form_val(v, n), form_error_of(e, n), "required");
		fname(n, "expiry", i);
		add_date_input(b, ctx, n, TR(s, "Hộ chiếu hết hạn", "Passport expiry"),
			       form_val(v, n), 0, 0, 20 * 366, form_error_of(e, n));
	}
	gtd_buf_adds(b, "</div></fieldset>\n");
}

/* The traveller form for pax travellers of offer o, with what was typed
 * and what is wrong with it when drawn again. */
static void travellers_page(mock_ctx *ctx, mock_response *resp, const webview_session *s,
			    const inventory_offer *o, int pax, const form_values *v, const form_errors *e,
			    int status)
{
	gtd_buf *b = &resp->body;
	int i, children = 0, infants = 0;

	page_open(resp, s, "travellers", o->product == GTD_PRODUCT_FLIGHT
		  ? TR(s, "Thông tin hành khách", "Passenger details")
		  : TR(s, "Thông tin khách", "Guest details"), o->product, STEP_DETAILS);
	gtd_buf_adds(b, "<ul class=\"cards\" id=\"offers\">\n");
	add_offer_card(b, s, o, pax, 0, room_of(form_val(v, "room")));
	gtd_buf_adds(b, "</ul>\n<h2>");
	gtd_buf_adds(b, TR(s, "Nhập thông tin", "Your details"));
	gtd_buf_adds(b, "</h2>\n");
	form_alert(b, s->lang, e, NULL);
	gtd_buf_adds(b, "<form method=\"post\" id=\"traveller-form\" novalidate action=\"/webview/hold?");
	add_token_query(b, s);
	gtd_buf_printf(b, "\"><input type=\"hidden\" name=\"offer\" value=\"%s\">"
			  "<input type=\"hidden\" name=\"pax\" value=\"%d\">\n", o->id, pax);
	if (o->product == GTD_PRODUCT_HOTEL)
		gtd_buf_printf(b, "<input type=\"hidden\" name=\"room\" value=\"%s\">\n",
			       room_of(form_val(v, "room"))->value);
	webview_count(form_val(v, "children"), 0, pax, &children);
	webview_count(form_val(v, "infants"), 0, pax - children, &infants);
	for (i = 1; i <= pax; i++)
		add_traveller_fields(b, ctx, s, v, e, o, i, i <= pax - children - infants ? "adult"
							   : i <= pax - infants ? "child" : "infant");
	gtd_buf_printf(b, "<fieldset><legend>%s</legend><div class=\"grid\">\n",
		       TR(s, "Liên hệ", "Contact"));
	form_input(b, "phone_1", TR(s, "Điện thoại", "Phone"), "tel", form_val(v, "phone_1"),
		  form_error_of(e, "phone_1"), "autocomplete=\"tel\" inputmode=\"tel\" required");
	form_input(b, "email_1", "E-mail", "email", form_val(v, "email_1"), form_error_of(e, "email_1"),
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
static int form_offer(mock_ctx *ctx, mock_response *resp, const webview_session *s, const char *offer,
		      const char *pax_text, inventory_offer *o, int *pax)
{
	gtd_status st;
	gtd_err err;

	if (!webview_pax_arg(pax_text, pax, &err)) {
		webview_fail(ctx, resp, s, 400, "%s", err.msg);
		return 0;
	}
	st = inventory_offer_find(offer, o, &err);
	if (st != GTD_OK) {
		webview_fail(ctx, resp, s, st == GTD_ENOTFOUND ? 404 : 400, "%s", err.msg);
		return 0;
	}
	if (!webview_offers(s, o->product)) {
		webview_fail(ctx, resp, s, 403, "this booking session does not offer %s", gtd_product_name(o->product));
		return 0;
	}
	return 1;
}

/* GET /webview/travellers?offer=ID&pax=N: the traveller form. */
void webview_travellers(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	webview_session s = {.html = 1};
	form_values v = {req, NULL};
	inventory_offer o;
	int pax;

	if (!webview_session_open(ctx, req, resp, &s) ||
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
static long long extras_total(const form_values *v, int pax)
{
	char n[FIELD_NAME_MAX];
	long long sum = 0;
	int i;

	for (i = 1; i <= pax; i++) {
		fname(n, "bag", i);
		sum += chosen(bags, COUNT(bags), form_val(v, n))->vnd;
	}
	return sum + pax * chosen(insurances, COUNT(insurances), form_val(v, "insurance"))->vnd;
}

/* A select of extras, each option with its price. */
static void add_extra_select(gtd_buf *b, const webview_session *s, const char *name, const char *caption,
			     const extra *t, size_t n, const char *current)
{
	size_t i;

	form_select_open(b, name, caption, NULL);
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
	form_select_close(b, name, NULL);
}

/* The extras step of a flight: baggage per traveller and insurance, the
 * checked traveller form carried on in hidden fields to the hold. */
static void extras_page(mock_response *resp, const webview_session *s, const inventory_offer *o, int pax,
			const webview_form *f)
{
	const form_values v = {NULL, f};
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
		char caption[2 * FORM_NAME_COLS * 4 + 8];

		snprintf(caption, sizeof(caption), "%s %s", form_val_or(&v, fname(last, "last_name", i), ""),
			 form_val_or(&v, fname(first, "first_name", i), ""));
		fname(n, "bag", i);
		add_extra_select(b, s, n, caption, bags, COUNT(bags), form_val(&v, n));
	}
	gtd_buf_printf(b, "</div></fieldset>\n<fieldset><legend>%s</legend>\n",
		       TR(s, "Bảo hiểm", "Insurance"));
	add_extra_select(b, s, "insurance", TR(s, "Bảo hiểm cho mọi hành khách", "Insurance for every traveller"),
			 insurances, COUNT(insurances), form_val(&v, "insurance"));
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
	webview_session s = {.html = 1};
	webview_form f = {0};
	form_values v = {NULL, &f};
	gtd_traveller t[MOCK_PAX_MAX];
	inventory_offer o;
	form_errors e = {0};
	webview_held h;
	gtd_err err;
	int pax, status, i;

	if (!webview_session_open(ctx, req, resp, &s))
		goto out;
	if (webview_form_parse(&f, req->body, req->body_len, &err) != GTD_OK) {
		webview_fail(ctx, resp, &s, 400, "%s", err.msg);
		goto out;
	}
	if (!form_offer(ctx, resp, &s, webview_form_get(&f, "offer"), webview_form_get(&f, "pax"), &o, &pax))
		goto out;
	for (i = 1; i <= pax; i++)
		check_traveller(ctx, &s, &v, &o, i, &e);
	form_check_phone(s.lang, "phone_1", form_val(&v, "phone_1"), &e);
	form_check_email(s.lang, "email_1", form_val(&v, "email_1"), &e);
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
	status = webview_book(ctx, &s, o.id, t, (size_t)pax, o.product == GTD_PRODUCT_FLIGHT ? extras_total(&v, pax)
		      : room_extra(&o, room_of(form_val(&v, "room"))), &h, &err);
	if (status) {
		webview_fail(ctx, resp, &s, status, "%s", err.msg);
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
	webview_session tmp = {.lang = lang};
	char t[WEBVIEW_TIME_SIZE];

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
		add_item(b, MOCK_TR(lang, "Khởi hành", "Departure"), NULL, webview_time(t, it->depart, WEBVIEW_DATE_TIME));
		add_item(b, MOCK_TR(lang, "Đến nơi", "Arrival"), NULL, webview_time(t, it->arrive, WEBVIEW_DATE_TIME));
	} else {
		add_item(b, MOCK_TR(lang, "Khách sạn", "Hotel"), NULL, it->hotel ? it->hotel : "");
		add_item(b, MOCK_TR(lang, "Nhận phòng", "Check-in"), NULL, webview_time(t, it->depart, WEBVIEW_DATE_TIME));
		add_item(b, MOCK_TR(lang, "Trả phòng", "Check-out"), NULL, webview_time(t, it->arrive, WEBVIEW_DATE_TIME));
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
static void add_price_summary(gtd_buf *b, const webview_session *s, const gtd_booking *bk)
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

static void add_travellers(gtd_buf *b, const webview_session *s, const gtd_booking *bk)
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
static void add_pay_form(gtd_buf *b, const webview_session *s, const gtd_booking *bk, time_t now)
{
	long long left = bk->time_to_live > now ? (long long)(bk->time_to_live - now) : 0;
	char t[WEBVIEW_TIME_SIZE];

	gtd_buf_printf(b, "<p class=\"notice\" id=\"ttl\">%s <b id=\"countdown\" data-left=\"%lld\" "
			  "aria-live=\"off\">%02lld:%02lld</b> (%s ", TR(s, "Giữ chỗ còn", "Held for"), left,
		       left / 60, left % 60, TR(s, "đến", "until"));
	gtd_buf_add_html(b, webview_time(t, bk->time_to_live, WEBVIEW_DATE_TIME));
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
static void booking_page(mock_ctx *ctx, mock_response *resp, const webview_session *s, const gtd_booking *bk)
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
	webview_session s = {.html = 1};
	gtd_booking *b;

	if (!webview_session_open(ctx, req, resp, &s))
		return;
	mock_entry_str(ctx->entry, "booking", number);
	mock_state_lock(ctx->state);
	b = webview_user_booking(ctx, &s, number);
	if (b)
		booking_page(ctx, resp, &s, b);
	mock_state_unlock(ctx->state);
	if (!b)
		webview_fail(ctx, resp, &s, 404, "you have no booking %.24s", number);
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
