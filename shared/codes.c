#include "codes.h"

#include <string.h>

/* Marks the texts the console shows through gettext (po/POTFILES lists
 * this file); the tables keep the English, which is the msgid. */
#define N_(s) (s)

/* Every code that fits in an envelope is answered with HTTP 200 and the code
 * inside (doc/protocol.md, "Error codes"); the column exists so that one line changes
 * if Gotadi's gateway is ever seen to do otherwise. */
const gtd_code_info gtd_codes[GTD_CODE_COUNT] = {
	[GTD_CODE_SUCCESS] = {"00", "success", "Success", "Thành công", 200},
	[GTD_CODE_PROCESSING] = {"01", "processing", "Being processed", "Đang xử lý", 200},
	[GTD_CODE_FAILED] = {"02", "failed", "Processed, failed", "Đã xử lý, thất bại", 200},
	[GTD_CODE_AUTH] = {"03", "auth-failed", "Agency account authentication failed",
			   "Xác thực tài khoản đại lý thất bại", 200},
	[GTD_CODE_SIGNATURE] = {"04", "invalid-signature", "Invalid signature",
				"Chữ ký không hợp lệ", 200},
	[GTD_CODE_DECRYPT] = {"05", "decryption-failed", "Decryption failed",
			      "Giải mã thất bại", 200},
	[GTD_CODE_ACCESS_CODE] = {"06", "invalid-access-code", "Invalid access code",
				  "Mã truy cập không hợp lệ", 200},
	[GTD_CODE_MALFORMED] = {"07", "malformed-data", "Malformed data",
				"Dữ liệu sai định dạng", 200},
	[GTD_CODE_DUPLICATE] = {"08", "duplicate", "Already processed (duplicate)",
				"Đã được xử lý (trùng lặp)", 200},
	[GTD_CODE_NOT_PROCESSED] = {"09", "not-processed", "Not yet processed",
				    "Chưa được xử lý", 200},
	[GTD_CODE_NOT_FOUND] = {"10", "not-found", "Account information not found",
				"Không tìm thấy thông tin tài khoản", 200},
	[GTD_CODE_OTHER] = {"99", "other", "Other error", "Lỗi khác", 200},
};

const gtd_code_info *gtd_code_lookup(const char *code)
{
	size_t i;

	if (!code)
		return NULL;
	for (i = 0; i < GTD_CODE_COUNT; i++)
		if (strcmp(gtd_codes[i].code, code) == 0)
			return &gtd_codes[i];
	return NULL;
}

int gtd_code_processed(const char *code)
{
	const gtd_code_info *c = gtd_code_lookup(code);

	return c && c - gtd_codes <= GTD_CODE_FAILED;   /* the table is in code order */
}

/* What a code says about one call, beyond its general meaning. */
static const struct {
	const char *api, *code, *meaning;
} meanings[] = {
	{"login", "03", "the partner's account is not activated yet (the B2B portal's activation "
			"link) or is disabled"},
	{"login", "07", "a field is missing or out of its values (product: flight or hotel; layout: "
			"dual, single or empty)"},
	{"commit", "02", "the payment or the issuance failed, or the hold had expired"},
	{"commit", "07", "a field is missing or wrong, or product_type is not the booking's"},
	{"commit", "08", "this booking was committed already"},
	{"commit", "10", "no such booking for this partner"},
	{"query-trans", "02", "the payment or the issuance failed, or the hold expired"},
	{"query-trans", "09", "the booking has not been committed yet"},
	{"query-trans", "10", "no such booking for this partner"},
	{NULL, "03", "the partner's account is not active"},
	{NULL, "04", "the signature does not verify: field order, encoding, or another key"},
	{NULL, "05", "key or data does not decrypt: sealed to another public key?"},
	{NULL, "06", "the access code in the message or the x-ibe-req-name header is not this "
		     "partner's"},
};

const char *gtd_code_meaning(const char *api, const char *code)
{
	size_t i;

	if (!code)
		return NULL;
	for (i = 0; i < sizeof(meanings) / sizeof(meanings[0]); i++)
		if ((!meanings[i].api || (api && strcmp(meanings[i].api, api) == 0)) &&
		    strcmp(meanings[i].code, code) == 0)
			return meanings[i].meaning;
	return NULL;
}

/* The HTTP statuses whose meaning depends on the call. */
static const struct {
	const char *api;
	int status;
	const char *meaning;
} http_meanings[] = {
	{"booking-detail", 400, "the booking_number argument is missing or empty"},
	{"booking-detail", 404, "no such booking for this partner"},
};

const char *gtd_http_meaning(const char *api, int status)
{
	size_t i;

	for (i = 0; api && i < sizeof(http_meanings) / sizeof(http_meanings[0]); i++)
		if (http_meanings[i].status == status && strcmp(http_meanings[i].api, api) == 0)
			return http_meanings[i].meaning;
	return NULL;
}

/* The documentation's table prints 402 for both Forbidden and Not Found; the
 * per-API sections use 403 and 404, which we follow. */
const gtd_http_info gtd_http_codes[] = {
	{200, "OK", "The request was handled; read the error code inside",
	 "Yêu cầu đã được xử lý; xem mã lỗi bên trong"},
	{400, "Bad Request", "The body is not the expected JSON envelope",
	 "Nội dung yêu cầu không đúng định dạng JSON quy định"},
	{401, "Unauthorized", "The apikey header is missing or wrong",
	 "Thiếu hoặc sai header apikey"},
	{403, "Forbidden", "The caller may not use this resource",
	 "Không có quyền truy cập tài nguyên này"},
	{404, "Not Found", "No such path or resource on the gateway",
	 "Không tìm thấy đường dẫn hoặc tài nguyên"},
	{500, "Internal Server Error", "The gateway failed unexpectedly",
	 "Lỗi không mong muốn tại máy chủ"},
	{503, "Service Unavailable", "The gateway is overloaded or in maintenance",
	 "Máy chủ quá tải hoặc đang bảo trì"},
};
const size_t gtd_http_code_count = sizeof(gtd_http_codes) / sizeof(gtd_http_codes[0]);

const gtd_http_info *gtd_http_lookup(int status)
{
	size_t i;

	for (i = 0; i < gtd_http_code_count; i++)
		if (gtd_http_codes[i].status == status)
			return &gtd_http_codes[i];
	return NULL;
}

static const char *const booking_status_values[] = {
	"PENDING", "BOOKING_ON_PROCESS", "BOOKED", "FAILED", "CANCELLED", "EXPIRED", NULL};
static const char *const payment_status_values[] = {
	"PENDING", "SUCCEEDED", "FAILED", "REFUNDED", NULL};
static const char *const issued_status_values[] = {
	"PENDING", "TICKET_ON_PROCESS", "SUCCEEDED", "FAILED", NULL};

const gtd_status_set gtd_booking_statuses[GTD_STATUS_FIELD_COUNT] = {
	[GTD_STATUS_BOOKING] = {"status", booking_status_values},
	[GTD_STATUS_PAYMENT] = {"paymentStatus", payment_status_values},
	[GTD_STATUS_ISSUED] = {"issuedStatus", issued_status_values},
};

int gtd_status_valid(gtd_status_field field, const char *value)
{
	const char *const *v;

	if ((unsigned)field >= GTD_STATUS_FIELD_COUNT || !value)
		return 0;
	for (v = gtd_booking_statuses[field].values; *v; v++)
		if (strcmp(*v, value) == 0)
			return 1;
	return 0;
}

static const gtd_check_item step1_items[] = {
	{"company", N_("Company name, address and website"),
	 "Tên, địa chỉ và website công ty"},
	{"admin", N_("Administrator's full name, e-mail and phone"),
	 "Họ tên, e-mail và số điện thoại quản trị viên"},
	{"links", N_("Product page and payment gateway links"),
	 "Đường dẫn trang sản phẩm và cổng thanh toán"},
	{"partner-key", N_("Partner's RSA public key (at least 1024 bits)"),
	 "Khóa công khai RSA của đối tác (tối thiểu 1024 bit)"},
	{NULL, NULL, NULL},
};
static const gtd_check_item step2_items[] = {
	{"sandbox-credentials", N_("Sandbox gateway URL, API key and access code"),
	 "URL cổng sandbox, API key và mã truy cập"},
	{"gotadi-key", N_("Gotadi's RSA public key handed over"),
	 "Đã bàn giao khóa công khai RSA của Gotadi"},
	{"sandbox-activated", N_("Administrator activated the B2B portal account"),
	 "Quản trị viên đã kích hoạt tài khoản cổng B2B"},
	{NULL, NULL, NULL},
};
static const gtd_check_item step3_items[] = {
	{"connected", N_("Partner's calls reach the sandbox (note the first success)"),
	 "Lời gọi của đối tác đến được sandbox (ghi nhận lần thành công đầu tiên)"},
	{NULL, NULL, NULL},
};
static const gtd_check_item step4_items[] = {
	{"acceptance", N_("Acceptance report attached"), "Đã đính kèm biên bản nghiệm thu"},
	{"live-credentials", N_("Live gateway URL, API key and access code"),
	 "URL cổng live, API key và mã truy cập"},
	{"ip-whitelist", N_("Live IP whitelist"), "Danh sách IP live"},
	{NULL, NULL, NULL},
};
static const gtd_check_item step5_items[] = {
	{"cs-channel", N_("A shared customer-support channel (Skype, Zalo, Viber...)"),
	 "Kênh chăm sóc khách hàng chung (Skype, Zalo, Viber...)"},
	{"training", N_("Training done"), "Đã hoàn thành đào tạo"},
	{NULL, NULL, NULL},
};

const gtd_step_info gtd_steps[GTD_STEP_COUNT] = {
	{1, "account", N_("Account initialisation"), "Khởi tạo tài khoản", step1_items},
	{2, "sandbox", N_("Sandbox account"), "Tài khoản sandbox", step2_items},
	{3, "connect", N_("Connect and test on sandbox"), "Kết nối và kiểm thử trên sandbox",
	 step3_items},
	{4, "go-live", N_("Acceptance and go-live"), "Nghiệm thu và vận hành chính thức",
	 step4_items},
	{5, "support", N_("Training and customer support"),
	 "Đào tạo và phối hợp chăm sóc khách hàng", step5_items},
};

const gtd_email_info gtd_email_kinds[GTD_EMAIL_KIND_COUNT] = {
	[GTD_EMAIL_HOLD_OK] = {"hold-ok", "Booking held, awaiting payment",
			       "Giữ chỗ thành công, đang chờ thanh toán", 1},
	[GTD_EMAIL_ISSUED] = {"issued", "Ticket issued", "Đã xuất vé", 1},
	[GTD_EMAIL_HOLD_FAILED] = {"hold-failed", "Hold failed", "Giữ chỗ thất bại", 1},
	[GTD_EMAIL_PAYMENT_FAILED] = {"payment-failed", "Payment failed",
				      "Thanh toán thất bại", 1},
	[GTD_EMAIL_ISSUE_FAILED] = {"issue-failed",
				    "Paid, but the ticket could not be issued",
				    "Đã thanh toán nhưng không xuất được vé", 1},
	[GTD_EMAIL_ACTIVATION] = {"activation", "B2B portal account activation",
				  "Kích hoạt tài khoản cổng B2B", 0},
};

int gtd_email_kind_lookup(const char *name)
{
	int i;

	if (!name)
		return -1;
	for (i = 0; i < GTD_EMAIL_KIND_COUNT; i++)
		if (strcmp(gtd_email_kinds[i].name, name) == 0)
			return i;
	return -1;
}
