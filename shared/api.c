#include "api.h"

#include <stdio.h>
#include <string.h>

#define TOKEN_EN "the user's token (access_token= or Authorization: Bearer)"
#define TOKEN_VI "token của người dùng (access_token= hoặc Authorization: Bearer)"
#define CONTROL_EN "the mock's control API"
#define CONTROL_VI "API điều khiển của mock"

/* Rows in gtd_api_id order: gtd_api_get() indexes the table, and a test
 * checks that every row sits at its own id. */
const gtd_api gtd_apis[GTD_API_COUNT] = {
	[GTD_API_LOGIN] = {GTD_API_LOGIN, "login", "POST", "/api/partner/login", NULL,
		"login-request", "login-response", GTD_SEC_SEALED, GTD_API_FAULTS,
		"Login", "Đăng nhập", NULL, NULL},
	[GTD_API_PLACE_ORDER] = {GTD_API_PLACE_ORDER, "place-order", "GET", "/api/partner/place-order",
		"bookingNumber", NULL, NULL, GTD_SEC_TOKEN, GTD_API_FAULTS,
		"Place order", "Đặt hàng",
		"JSON {success, isSuccess, result, errors, infos, textMessage, duration}; result = the redirect URL",
		"JSON {success, isSuccess, result, errors, infos, textMessage, duration}; result = URL chuyển hướng"},
	[GTD_API_PLACE_ORDER_REDIRECT] = {GTD_API_PLACE_ORDER_REDIRECT, "place-order-redirect", "GET", NULL,
		NULL, "place-order", NULL, GTD_SEC_REDIRECT, 0,
		"Place-order redirect", "Chuyển hướng sang trang thanh toán", "-", "-"},
	[GTD_API_COMMIT] = {GTD_API_COMMIT, "commit", "POST", "/api/partner/commit", NULL,
		"commit-request", "commit-response", GTD_SEC_SEALED, GTD_API_FAULTS,
		"Commit", "Xác nhận thanh toán (commit)", NULL, NULL},
	[GTD_API_QUERY_TRANS] = {GTD_API_QUERY_TRANS, "query-trans", "POST", "/api/partner/query-trans", NULL,
		"query-trans-request", "query-trans-response", GTD_SEC_SEALED, GTD_API_FAULTS,
		"Check commit result", "Kiểm tra kết quả commit", NULL, NULL},
	[GTD_API_BOOKING_DETAIL] = {GTD_API_BOOKING_DETAIL, "booking-detail", "GET",
		"/api/products/booking-detail", "booking_number", NULL, NULL, GTD_SEC_APIKEY, GTD_API_FAULTS,
		"Booking detail", "Chi tiết booking",
		"plain JSON booking", "booking dạng JSON (không niêm phong)"},

	[GTD_API_WEBVIEW_HOME] = {GTD_API_WEBVIEW_HOME, "webview-home", "GET", "/webview", NULL,
		NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK | GTD_API_HTML,
		"Webview: home (search forms)", "Webview: trang chủ (tìm kiếm)", "HTML", "HTML"},
	[GTD_API_WEBVIEW_FLIGHTS] = {GTD_API_WEBVIEW_FLIGHTS, "webview-flights", "GET", "/webview/flights", NULL,
		NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK | GTD_API_HTML,
		"Webview: flight results", "Webview: kết quả chuyến bay", "HTML", "HTML"},
	[GTD_API_WEBVIEW_HOTELS] = {GTD_API_WEBVIEW_HOTELS, "webview-hotels", "GET", "/webview/hotels", NULL,
		NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK | GTD_API_HTML,
		"Webview: hotel results", "Webview: kết quả khách sạn", "HTML", "HTML"},
	[GTD_API_WEBVIEW_TRAVELLERS] = {GTD_API_WEBVIEW_TRAVELLERS, "webview-travellers", "GET",
		"/webview/travellers", NULL, NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK | GTD_API_HTML,
		"Webview: travellers and contact", "Webview: hành khách và liên hệ", "HTML", "HTML"},
	[GTD_API_WEBVIEW_HOLD] = {GTD_API_WEBVIEW_HOLD, "webview-hold", "POST", "/webview/hold", NULL,
		NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK | GTD_API_HTML,
		"Webview: hold the booking", "Webview: giữ chỗ", "HTML", "HTML"},
	[GTD_API_WEBVIEW_BOOKING] = {GTD_API_WEBVIEW_BOOKING, "webview-booking", "GET", "/webview/booking/", NULL,
		NULL, NULL, GTD_SEC_TOKEN, GTD_API_PREFIX | GTD_API_MOCK | GTD_API_HTML,
		"Webview: a held booking", "Webview: booking đã giữ chỗ", "HTML", "HTML"},
	[GTD_API_WEBVIEW_PAY] = {GTD_API_WEBVIEW_PAY, "webview-pay", "GET", "/webview/pay", NULL,
		NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK | GTD_API_HTML,
		"Webview: go to payment (place order, then the redirect)",
		"Webview: sang thanh toán (đặt hàng rồi chuyển hướng)", "302", "302"},
	[GTD_API_WEBVIEW_RESULT] = {GTD_API_WEBVIEW_RESULT, "webview-result", "GET", "/webview/result/", NULL,
		NULL, NULL, GTD_SEC_LINK, GTD_API_PREFIX | GTD_API_MOCK | GTD_API_HTML,
		"Webview: booking result (commit's return URL)", "Webview: kết quả đặt chỗ", "HTML", "HTML"},
	[GTD_API_WEBVIEW_API_FLIGHTS] = {GTD_API_WEBVIEW_API_FLIGHTS, "webview-api-flights", "GET",
		"/webview/api/flights", NULL, NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK,
		"Webview API: search flights", "Webview API: tìm chuyến bay", "JSON", "JSON"},
	[GTD_API_WEBVIEW_API_HOTELS] = {GTD_API_WEBVIEW_API_HOTELS, "webview-api-hotels", "GET",
		"/webview/api/hotels", NULL, NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK,
		"Webview API: search hotels", "Webview API: tìm khách sạn", "JSON", "JSON"},
	[GTD_API_WEBVIEW_API_BOOK] = {GTD_API_WEBVIEW_API_BOOK, "webview-api-book", "POST",
		"/webview/api/bookings", NULL, NULL, NULL, GTD_SEC_TOKEN, GTD_API_MOCK,
		"Webview API: book an offer", "Webview API: đặt chỗ", "JSON", "JSON"},
	[GTD_API_WEBVIEW_API_BOOKING] = {GTD_API_WEBVIEW_API_BOOKING, "webview-api-booking", "GET",
		"/webview/api/bookings/", NULL, NULL, NULL, GTD_SEC_TOKEN, GTD_API_PREFIX | GTD_API_MOCK,
		"Webview API: a booking", "Webview API: một booking", "JSON", "JSON"},

	[GTD_API_PORTAL_PAGE] = {GTD_API_PORTAL_PAGE, "portal-page", "GET", "/portal/activate", "token",
		NULL, NULL, GTD_SEC_LINK, GTD_API_MOCK | GTD_API_HTML,
		"B2B portal: the activation page", "Cổng B2B: trang kích hoạt", "HTML", "HTML"},
	[GTD_API_PORTAL_ACTIVATE] = {GTD_API_PORTAL_ACTIVATE, "portal-activate", "POST", "/portal/activate",
		NULL, NULL, NULL, GTD_SEC_LINK, GTD_API_MOCK | GTD_API_HTML,
		"B2B portal: activate the account", "Cổng B2B: kích hoạt tài khoản", "HTML", "HTML"},
	[GTD_API_DEMO_PAY_PAGE] = {GTD_API_DEMO_PAY_PAGE, "demo-pay-page", "GET", "/demo-partner/pay", NULL,
		"place-order", NULL, GTD_SEC_REDIRECT, GTD_API_MOCK | GTD_API_HTML,
		"Demo partner: payment page (opens the redirect)", "Đối tác demo: trang thanh toán",
		"HTML", "HTML"},
	[GTD_API_DEMO_PAY] = {GTD_API_DEMO_PAY, "demo-pay", "POST", "/demo-partner/pay", NULL,
		NULL, NULL, GTD_SEC_LINK, GTD_API_MOCK | GTD_API_HTML,
		"Demo partner: pay, then commit", "Đối tác demo: thanh toán rồi commit", "HTML", "HTML"},

	[GTD_API_HEALTH] = {GTD_API_HEALTH, "health", "GET", "/__gtd/health", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Health: version, virtual time, partners, bookings", "Tình trạng mock", "JSON", "JSON"},
	[GTD_API_RESET] = {GTD_API_RESET, "reset", "POST", "/__gtd/reset", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Reset bookings, faults, the clock and the journal", "Đặt lại trạng thái", "JSON", "JSON"},
	[GTD_API_CLOCK] = {GTD_API_CLOCK, "clock", "GET", "/__gtd/clock", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"The virtual clock", "Đồng hồ ảo", "JSON", "JSON"},
	[GTD_API_CLOCK_ADVANCE] = {GTD_API_CLOCK_ADVANCE, "clock-advance", "POST", "/__gtd/clock/advance", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Advance the virtual clock {\"seconds\":N}", "Chỉnh đồng hồ ảo", "JSON", "JSON"},
	[GTD_API_CLOCK_SET] = {GTD_API_CLOCK_SET, "clock-set", "POST", "/__gtd/clock/set", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Set the virtual clock's offset {\"offset_seconds\":N}, forward or back",
		"Đặt độ lệch của đồng hồ ảo (tiến hoặc lùi)", "JSON", "JSON"},
	[GTD_API_FAULTS_ADD] = {GTD_API_FAULTS_ADD, "faults-add", "POST", "/__gtd/faults", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Arm a fault", "Thêm lỗi giả lập", "JSON", "JSON"},
	[GTD_API_FAULTS_LIST] = {GTD_API_FAULTS_LIST, "faults-list", "GET", "/__gtd/faults", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"The armed faults", "Các lỗi giả lập", "JSON", "JSON"},
	[GTD_API_FAULTS_CLEAR] = {GTD_API_FAULTS_CLEAR, "faults-clear", "DELETE", "/__gtd/faults", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Disarm every fault", "Xóa mọi lỗi giả lập", "JSON", "JSON"},
	[GTD_API_FAULT_DELETE] = {GTD_API_FAULT_DELETE, "fault-delete", "DELETE", "/__gtd/faults/", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_PREFIX | GTD_API_MOCK,
		"Disarm one fault (/N: its id)", "Xóa một lỗi giả lập", "JSON", "JSON"},
	[GTD_API_BOOKINGS_CREATE] = {GTD_API_BOOKINGS_CREATE, "bookings-create", "POST", "/__gtd/bookings", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Create a booking, held unless \"hold\":false {\"partner\",\"product\",\"amount\"}", "Tạo booking", "JSON", "JSON"},
	[GTD_API_BOOKINGS_LIST] = {GTD_API_BOOKINGS_LIST, "bookings-list", "GET", "/__gtd/bookings", "partner",
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Every booking with its statuses and time to live", "Danh sách booking", "JSON", "JSON"},
	[GTD_API_BOOKING] = {GTD_API_BOOKING, "booking", "GET", "/__gtd/bookings/", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_PREFIX | GTD_API_MOCK,
		"A booking, as booking detail shows it", "Một booking", "JSON", "JSON"},
	[GTD_API_BOOKING_ACTION] = {GTD_API_BOOKING_ACTION, "booking-action", "POST", "/__gtd/bookings/", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_PREFIX | GTD_API_MOCK,
		"Refund, cancel or hold a booking (/N/refund, /N/cancel, /N/hold)", "Hoàn tiền, hủy hoặc giữ chỗ booking", "JSON", "JSON"},
	[GTD_API_JOURNAL] = {GTD_API_JOURNAL, "journal", "GET", "/__gtd/journal", "since",
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"The journal: every request, its checks and why", "Nhật ký yêu cầu", "JSON", "JSON"},
	[GTD_API_JOURNAL_ENTRY] = {GTD_API_JOURNAL_ENTRY, "journal-entry", "GET", "/__gtd/journal/", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_PREFIX | GTD_API_MOCK,
		"One journal entry (/N: its request id)", "Một mục nhật ký", "JSON", "JSON"},
	[GTD_API_OUTBOX] = {GTD_API_OUTBOX, "outbox", "GET", "/__gtd/outbox", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"The e-mails sent", "Hộp thư đi", "JSON", "JSON"},
	[GTD_API_OUTBOX_MESSAGE] = {GTD_API_OUTBOX_MESSAGE, "outbox-message", "GET", "/__gtd/outbox/", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_PREFIX | GTD_API_MOCK,
		"One e-mail: headers, text, HTML and raw source (/ID: its id)",
		"Một e-mail: header, văn bản, HTML và mã nguồn", "JSON", "JSON"},
	[GTD_API_RELOAD] = {GTD_API_RELOAD, "reload", "POST", "/__gtd/reload", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"Re-read the partners now", "Đọc lại đối tác", "JSON", "JSON"},

	[GTD_API_HOME] = {GTD_API_HOME, "home", "GET", "/", NULL,
		NULL, NULL, GTD_SEC_LINK, GTD_API_MOCK | GTD_API_HTML,
		"Landing page: links to the dashboard, the protocol and the webview",
		"Trang đầu: liên kết tới bảng điều khiển, giao thức và webview", "HTML", "HTML"},
	[GTD_API_UI] = {GTD_API_UI, "ui", "GET", "/__gtd/ui", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK | GTD_API_HTML,
		"The dashboard: journal, bookings, outbox, faults, clock",
		"Bảng điều khiển: nhật ký, booking, hộp thư, lỗi giả lập, đồng hồ", "HTML", "HTML"},
	[GTD_API_PROTOCOL] = {GTD_API_PROTOCOL, "protocol", "GET", "/__gtd/protocol", NULL,
		NULL, NULL, GTD_SEC_CONTROL, GTD_API_MOCK,
		"The protocol reference (doc/protocol.md)", "Tài liệu giao thức", "Markdown", "Markdown"},
};

static const struct {
	const char *en, *vi;
} security_names[GTD_SEC_COUNT] = {
	[GTD_SEC_SEALED] = {"headers + envelope", "header + phong bì"},
	[GTD_SEC_APIKEY] = {"apikey header only", "chỉ header apikey"},
	[GTD_SEC_TOKEN] = {TOKEN_EN, TOKEN_VI},
	[GTD_SEC_REDIRECT] = {"envelope, Gotadi to partner", "phong bì, Gotadi gửi đối tác"},
	[GTD_SEC_LINK] = {"anyone with the link", "ai có đường dẫn"},
	[GTD_SEC_CONTROL] = {CONTROL_EN ": loopback, or X-Gtd-Control-Token",
			     CONTROL_VI ": loopback, hoặc X-Gtd-Control-Token"},
};

const gtd_api *gtd_api_get(gtd_api_id id)
{
	return &gtd_apis[id];
}

const gtd_api *gtd_api_by_name(const char *name)
{
	size_t i;

	for (i = 0; name && i < GTD_API_COUNT; i++)
		if (strcmp(gtd_apis[i].name, name) == 0)
			return &gtd_apis[i];
	return NULL;
}

static int path_matches(const gtd_api *a, const char *path)
{
	size_t n;

	if (!a->path)
		return 0;
	if (!(a->flags & GTD_API_PREFIX))
		return strcmp(path, a->path) == 0;
	n = strlen(a->path);
	return strncmp(path, a->path, n) == 0 && path[n];
}

const gtd_api *gtd_api_route(const char *method, const char *path, int *path_known)
{
	size_t i;
	int known = 0;

	for (i = 0; i < GTD_API_COUNT; i++) {
		if (!path_matches(&gtd_apis[i], path))
			continue;
		if (strcmp(gtd_apis[i].method, method) == 0) {
			known = 1;
			if (path_known)
				*path_known = known;
			return &gtd_apis[i];
		}
		known = 1;
	}
	if (path_known)
		*path_known = known;
	return NULL;
}

const gtd_schema *gtd_api_request_schema(const gtd_api *a)
{
	return a && a->request ? gtd_schema_find(a->request) : NULL;
}

const gtd_schema *gtd_api_response_schema(const gtd_api *a)
{
	return a && a->response ? gtd_schema_find(a->response) : NULL;
}

const gtd_api *gtd_api_by_request(const gtd_schema *req)
{
	size_t i;

	for (i = 0; req && i < GTD_API_COUNT; i++)
		if (gtd_apis[i].security == GTD_SEC_SEALED && strcmp(gtd_apis[i].request, req->name) == 0)
			return &gtd_apis[i];
	return NULL;
}

const char *gtd_api_security_en(gtd_api_security s)
{
	return s < GTD_SEC_COUNT ? security_names[s].en : "?";
}

const char *gtd_api_security_vi(gtd_api_security s)
{
	return s < GTD_SEC_COUNT ? security_names[s].vi : "?";
}

char *gtd_api_fault_names(char *buf, size_t size)
{
	size_t i, n = 0;

	if (size)
		buf[0] = '\0';
	for (i = 0; i < GTD_API_COUNT && n < size; i++) {
		if (!(gtd_apis[i].flags & GTD_API_FAULTS))
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", gtd_apis[i].name);
	}
	return buf;
}
