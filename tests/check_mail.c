#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "b64.h"
#include "fs.h"
#include "mail.h"
#include "utf8.h"
#include "check_main.h"

#define NOW ((time_t)1764324000)   /* Fri, 28 Nov 2025 10:00:00 UTC */
#define NUMBER "ADCO251128001"
#define PARTNER "acme-pay"
#define PARTNER_NAME "Công ty Cổ phần Thanh toán Điện tử ACME Việt Nam"

static char tmpdir[64];
static char path[512];

static int remove_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

static void setup(void)
{
	strcpy(tmpdir, "/tmp/check_mail.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* tmpdir/rel, in a static buffer. */
static const char *in_tmp(const char *rel)
{
	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	return path;
}

/* A held flight for two, and a context that can render every kind. */
static void make_booking(gtd_booking *b, gtd_mail_context *ctx)
{
	ck_assert_int_eq(gtd_booking_init(b, NUMBER, PARTNER, "user-1", GTD_PRODUCT_FLIGHT,
					  1850000, NOW, NULL), GTD_OK);
	ck_assert_int_eq(gtd_booking_add_traveller(b, "VĂN AN", "NGUYỄN", "0912345678",
						   "an.nguyen@example.com", NULL), GTD_OK);
	ck_assert_int_eq(gtd_booking_add_traveller(b, "THỊ BÌNH", "TRẦN", NULL, NULL, NULL),
			 GTD_OK);
	b->time_to_live = NOW + 3 * 3600;
	b->itinerary.airline = strdup("VN");
	b->itinerary.flight_no = strdup("VN213");
	b->itinerary.from = strdup("SGN");
	b->itinerary.to = strdup("HAN");
	b->itinerary.depart = NOW + 6 * 86400 + 15 * 3600;   /* 08:00 in Vietnam */
	b->itinerary.arrive = b->itinerary.depart + 2 * 3600 + 600;
	memset(ctx, 0, sizeof(*ctx));
	ctx->partner_id = PARTNER;
	ctx->partner_name = PARTNER_NAME;
	ctx->support = "Hotline 1900 6868 · hotro@acme.vn";
	ctx->now = NOW;
	ctx->booking = b;
	ctx->result_url = "https://acme.example/result?booking=" NUMBER;
	ctx->admin_name = "Phạm Thị Hương";
	ctx->admin_email = "huong.pham@acme.vn";
	ctx->activation_url = "https://b2b.sandbox.gotadi.com/activate?token=abc123";
	ctx->gateway_url = "https://sandbox-gateway.gotadi.com";
}

/* ---- a minimal, independent MIME reader ---- */

typedef struct parsed {
	char *head;      /* the header section */
	char *part[2];   /* decoded text/plain and text/html */
} parsed;

static void parsed_release(parsed *p)
{
	free(p->head);
	free(p->part[0]);
	free(p->part[1]);
}

/* The unfolded value of header name, or NULL. */
static char *header(const char *head, const char *name)
{
	char key[64], *out;
	const char *p, *end;
	size_t o = 0;

	snprintf(key, sizeof(key), "\n%s: ", name);
	if (strncmp(head, key + 1, strlen(key + 1)) == 0)
		p = head + strlen(key + 1);
	else if ((p = strstr(head, key)))
		p += strlen(key);
	else
		return NULL;
	out = calloc(1, strlen(p) + 1);
	for (;;) {
		end = strstr(p, "\r\n");
		if (!end)
			end = p + strlen(p);
		memcpy(out + o, p, (size_t)(end - p));
		o += (size_t)(end - p);
		if (!*end || (end[2] != ' ' && end[2] != '\t'))
			break;
		p = end + 2;
	}
	out[o] = '\0';
	return out;
}

/* RFC 2047 "B" words back to UTF-8; whitespace between words dropped.
 * Takes v. */
static char *decode_words(char *v)
{
	char *out = calloc(1, strlen(v) + 1), *copy = v, *tok, *save = NULL;
	size_t o = 0;

	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		size_t n = strlen(tok), rlen;
		unsigned char *raw;

		ck_assert_msg(strncmp(tok, "=?UTF-8?B?", 10) == 0 && strcmp(tok + n - 2, "?=") == 0,
			      "not an encoded-word: %s", tok);
		ck_assert_uint_le(n, 75);
		ck_assert_int_eq(gtd_b64_decode(tok + 10, n - 12, &raw, &rlen, NULL), GTD_OK);
		ck_assert(gtd_utf8_valid((char *)raw, rlen, NULL));
		memcpy(out + o, raw, rlen);
		o += rlen;
		free(raw);
	}
	free(copy);
	return out;
}

/* Splits msg into headers and its two parts, checking the framing. */
static void parse(const char *msg, parsed *p)
{
	static const char *const types[] = {"text/plain; charset=UTF-8", "text/html; charset=UTF-8"};
	const char *body = strstr(msg, "\r\n\r\n"), *b, *q;
	char delim[128], *ct;
	int i;

	memset(p, 0, sizeof(*p));
	ck_assert_ptr_nonnull(body);
	p->head = strndup(msg, (size_t)(body + 2 - msg));
	ct = header(p->head, "Content-Type");
	ck_assert_ptr_nonnull(ct);
	ck_assert_msg(strncmp(ct, "multipart/alternative; boundary=\"", 33) == 0, "%s", ct);
	b = ct + 33;
	snprintf(delim, sizeof(delim), "--%.*s", (int)strcspn(b, "\""), b);
	free(ct);
	q = body + 4;
	for (i = 0; i < 2; i++) {
		char *encoded, *ph;
		const char *data, *next;
		unsigned char *raw;
		size_t rlen, o = 0;

		ck_assert_msg(strncmp(q, delim, strlen(delim)) == 0 && strncmp(q + strlen(delim), "\r\n", 2) == 0,
			      "part %d does not start with the boundary", i);
		data = strstr(q, "\r\n\r\n");
		ck_assert_ptr_nonnull(data);
		ph = strndup(q, (size_t)(data + 2 - q));
		ck_assert_ptr_nonnull(strstr(ph, types[i]));
		ck_assert_ptr_nonnull(strstr(ph, "\r\nContent-Transfer-Encoding: base64\r\n"));
		free(ph);
		data += 4;
		next = strstr(data, delim);
		ck_assert_ptr_nonnull(next);
		encoded = calloc(1, (size_t)(next - data) + 1);
		while (data < next) {
			const char *eol = strstr(data, "\r\n");

			ck_assert_uint_le(eol - data, 76);
			memcpy(encoded + o, data, (size_t)(eol - data));
			o += (size_t)(eol - data);
			data = eol + 2;
		}
		ck_assert_int_eq(gtd_b64_decode(encoded, o, &raw, &rlen, NULL), GTD_OK);
		ck_assert_msg(gtd_utf8_valid((char *)raw, rlen, NULL), "part %d is not UTF-8", i);
		p->part[i] = strndup((char *)raw, rlen);
		free(raw);
		free(encoded);
		q = next;
	}
	ck_assert_msg(strncmp(q, delim, strlen(delim)) == 0 && strcmp(q + strlen(delim), "--\r\n") == 0,
		      "the closing boundary does not end the message");
}

/* CRLF everywhere, no line over limit bytes from start up to end. */
static void check_lines(const char *s, const char *end, size_t limit)
{
	const char *line = s;

	for (; s < end; s++) {
		if (*s == '\r')
			ck_assert_msg(s[1] == '\n', "bare CR at offset %td", s - line);
		if (*s == '\n') {
			ck_assert_msg(s > line && s[-1] == '\r', "bare LF");
			ck_assert_uint_le(s - 1 - line, limit);
			line = s + 1;
		}
	}
}

static void render(gtd_email_kind kind, const gtd_mail_context *ctx, gtd_buf *out)
{
	gtd_err err;

	gtd_buf_init(out, GTD_MAIL_MAX);
	ck_assert_msg(gtd_mail_render(kind, ctx, out, &err) == GTD_OK, "%s", err.msg);
}

/* ---- edge and NULL inputs ---- */

START_TEST(test_refuses_incomplete_context)
{
	gtd_mail_context ctx;
	gtd_booking b, empty;
	gtd_buf out;
	gtd_err err;

	make_booking(&b, &ctx);
	gtd_buf_init(&out, GTD_MAIL_MAX);
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_KIND_COUNT, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "unknown e-mail kind"));
	ctx.booking = NULL;
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_ISSUED, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "booking is missing");
	ck_assert_int_eq(gtd_booking_init(&empty, NUMBER, PARTNER, NULL, GTD_PRODUCT_FLIGHT, 0,
					  NOW, NULL), GTD_OK);
	ctx.booking = &empty;
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_HOLD_OK, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "0 travellers"));
	ctx.booking = &b;
	ctx.partner_id = "other-partner";
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_HOLD_OK, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "belongs to partner acme-pay"));
	ctx.partner_id = PARTNER;
	ctx.activation_url = NULL;
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_ACTIVATION, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "activation_url is missing");
	ctx.activation_url = "javascript:alert(1)";
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_ACTIVATION, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "activation_url: "));
	ck_assert_int_eq(gtd_mail_preview(GTD_EMAIL_ISSUED, &ctx, NULL, &out, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_mail_preview(GTD_EMAIL_ISSUED, &ctx, "fr", &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "vi or en"));
	ck_assert_uint_eq(out.len, 0);
	gtd_buf_release(&out);
	gtd_booking_release(&empty);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_too_small_buffer_leaves_it_unchanged)
{
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf out;
	gtd_err err;

	make_booking(&b, &ctx);
	gtd_buf_init(&out, 1000);
	ck_assert_int_eq(gtd_buf_adds(&out, "kept"), GTD_OK);
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_HOLD_OK, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "does not fit"));
	ck_assert_str_eq(gtd_buf_str(&out), "kept");
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

/* ---- every kind ---- */

static const struct {
	gtd_email_kind kind;
	const char *subject;
	const char *vi, *en;   /* one sentence of each language */
} kinds[] = {
	{GTD_EMAIL_HOLD_OK, "[Gotadi] Giữ chỗ thành công " NUMBER " / Booking held " NUMBER,
	 "Chỗ của Quý khách đã được giữ thành công.", "Your booking is held."},
	{GTD_EMAIL_ISSUED, "[Gotadi] Xuất vé thành công " NUMBER " / Ticket issued " NUMBER,
	 "Chúc Quý khách có chuyến đi vui vẻ!", "Have a pleasant trip!"},
	{GTD_EMAIL_HOLD_FAILED,
	 "[Gotadi] Giữ chỗ không thành công " NUMBER " / Booking could not be held " NUMBER,
	 "Quý khách chưa bị trừ bất kỳ khoản tiền nào", "Nothing has been charged"},
	{GTD_EMAIL_PAYMENT_FAILED,
	 "[Gotadi] Thanh toán không thành công " NUMBER " / Payment failed " NUMBER,
	 "Thanh toán cho đơn đặt chỗ này không thành công nên vé chưa được xuất.",
	 "The payment for this booking did not go through, so it has not been issued."},
	{GTD_EMAIL_ISSUE_FAILED,
	 "[Gotadi] Chưa xuất được vé " NUMBER " / Ticket could not be issued " NUMBER,
	 "hoàn lại toàn bộ số tiền đã thanh toán", "refund the full amount you paid"},
	{GTD_EMAIL_ACTIVATION,
	 "[Gotadi] Kích hoạt tài khoản cổng B2B – " PARTNER_NAME
	 " / Activate your B2B portal account – " PARTNER_NAME,
	 "Vui lòng kích hoạt tài khoản cổng B2B bằng đường dẫn dưới đây",
	 "Please activate your B2B portal account with the link below"},
};

START_TEST(test_render_kind)
{
	gtd_email_kind kind = kinds[_i].kind;
	int customer = gtd_email_kinds[kind].customer;
	const char *ref = customer ? NUMBER : PARTNER;
	const char *subject, *end;
	char expect[128], *v;
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf out;
	parsed p;
	int i;

	make_booking(&b, &ctx);
	render(kind, &ctx, &out);
	parse(out.data, &p);
	/* Every line within RFC 5322's hard 998; the folded Subject within the
	 * recommended 78. */
	check_lines(out.data, out.data + out.len, 998);
	subject = strstr(p.head, "\r\nSubject: ") + 2;
	for (end = subject; end[0] != '\r' || end[2] == ' '; end++)
		;
	check_lines(subject, end + 2, 78);

	v = decode_words(header(p.head, "Subject"));
	ck_assert_str_eq(v, kinds[_i].subject);
	free(v);
	v = header(p.head, "X-Gtd-Kind");
	ck_assert_str_eq(v, gtd_email_kinds[kind].name);
	free(v);
	v = header(p.head, "X-Gtd-Partner");
	ck_assert_str_eq(v, PARTNER);
	free(v);
	v = header(p.head, "X-Gtd-Booking");
	if (customer)
		ck_assert_str_eq(v, NUMBER);
	else
		ck_assert_ptr_null(v);
	free(v);
	v = header(p.head, "From");
	ck_assert_str_eq(v, GTD_MAIL_FROM);
	free(v);
	v = header(p.head, "To");
	snprintf(expect, sizeof(expect), "<%s>", customer ? "an.nguyen@example.com" : "huong.pham@acme.vn");
	ck_assert_msg(strstr(v, expect), "To: %s", v);
	free(v);
	v = header(p.head, "Date");
	ck_assert_str_eq(v, "Fri, 28 Nov 2025 10:00:00 +0000");
	free(v);
	v = header(p.head, "Message-ID");
	/* A booking's e-mail of a kind is one message, however often made; an
	 * activation e-mail is new each time. */
	if (customer)
		snprintf(expect, sizeof(expect), "<%s.%s.acme-pay@gtd-kit.local>", gtd_email_kinds[kind].name, ref);
	else
		snprintf(expect, sizeof(expect), "<%s.%s.1764324000.", gtd_email_kinds[kind].name, ref);
	ck_assert_msg(strncmp(v, expect, strlen(expect)) == 0 && strstr(v, "@gtd-kit.local>"),
		      "Message-ID: %s", v);
	free(v);
	v = header(p.head, "MIME-Version");
	ck_assert_str_eq(v, "1.0");
	free(v);

	for (i = 0; i < 2; i++) {
		const char *vi = strstr(p.part[i], kinds[_i].vi), *en = strstr(p.part[i], kinds[_i].en);

		ck_assert_msg(strstr(p.part[i], ref), "part %d lacks %s", i, ref);
		ck_assert_msg(vi, "part %d lacks '%s'", i, kinds[_i].vi);
		ck_assert_msg(en, "part %d lacks '%s'", i, kinds[_i].en);
		ck_assert_msg(vi < en, "part %d: English before Vietnamese", i);
		ck_assert_ptr_nonnull(strstr(p.part[i], "Hotline 1900 6868 · hotro@acme.vn"));
	}
	ck_assert_ptr_nonnull(strstr(p.part[1], "background:#0B5CAD;color:#FFFFFF"));
	ck_assert_ptr_nonnull(strstr(p.part[1], "<hr>"));
	if (kind == GTD_EMAIL_ACTIVATION) {
		ck_assert_ptr_nonnull(strstr(p.part[0], "https://sandbox-gateway.gotadi.com"));
		ck_assert_ptr_nonnull(strstr(p.part[1], "href=\"https://b2b.sandbox.gotadi.com/activate?token=abc123\""));
		ck_assert_ptr_null(strstr(p.part[0], "Tổng tiền"));
	} else {
		ck_assert_ptr_nonnull(strstr(p.part[0], "VN213, SGN → HAN, khởi hành 08:00 05/12/2025, đến nơi 10:10 05/12/2025 (giờ Việt Nam)"));
		ck_assert_ptr_nonnull(strstr(p.part[0], "Hành khách: NGUYỄN VĂN AN, TRẦN THỊ BÌNH"));
		ck_assert_ptr_nonnull(strstr(p.part[0], "Passengers: NGUYỄN VĂN AN, TRẦN THỊ BÌNH"));
		ck_assert_ptr_nonnull(strstr(p.part[1], "href=\"https://acme.example/result?booking=" NUMBER "\""));
	}
	parsed_release(&p);
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_hold_ok_details)
{
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf out;
	parsed p;

	make_booking(&b, &ctx);
	render(GTD_EMAIL_HOLD_OK, &ctx, &out);
	parse(out.data, &p);
	ck_assert_ptr_nonnull(strstr(p.part[0], "\r\nTổng tiền: 1.850.000 VND\r\n"));
	ck_assert_ptr_nonnull(strstr(p.part[0], "\r\nTotal: 1,850,000 VND\r\n"));
	ck_assert_ptr_nonnull(strstr(p.part[0],
		"\r\nHạn thanh toán: 20:00 28/11/2025 (giờ Việt Nam, UTC+7) / 13:00 28/11/2025 UTC\r\n"));
	ck_assert_ptr_nonnull(strstr(p.part[0],
		"\r\nPay before: 20:00, 28 Nov 2025 (Vietnam time, UTC+7) / 13:00, 28 Nov 2025 UTC\r\n"));
	parsed_release(&p);
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

static const struct {
	long long vnd;
	const char *vi, *en;
} amounts[] = {
	{0, "0 VND", "0 VND"},
	{999, "999 VND", "999 VND"},
	{1000, "1.000 VND", "1,000 VND"},
	{1850000, "1.850.000 VND", "1,850,000 VND"},
	{123456789, "123.456.789 VND", "123,456,789 VND"},
	{-1850000, "-1.850.000 VND", "-1,850,000 VND"},
	{-9223372036854775807LL - 1, "-9.223.372.036.854.775.808 VND",
	 "-9,223,372,036,854,775,808 VND"},
};

START_TEST(test_amount)
{
	char out[GTD_MAIL_AMOUNT_MAX];

	ck_assert_str_eq(gtd_mail_amount(out, amounts[_i].vnd, "vi"), amounts[_i].vi);
	ck_assert_str_eq(gtd_mail_amount(out, amounts[_i].vnd, "en"), amounts[_i].en);
}
END_TEST

START_TEST(test_html_escapes_user_values)
{
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf out;
	parsed p;

	make_booking(&b, &ctx);
	free(b.travellers[1].first_name);
	b.travellers[1].first_name = strdup("<script>alert(\"x\")</script>");
	free(b.travellers[1].last_name);
	b.travellers[1].last_name = strdup("O'Hara & Sons");
	render(GTD_EMAIL_ISSUED, &ctx, &out);
	parse(out.data, &p);
	ck_assert_ptr_null(strstr(p.part[1], "<script>"));
	ck_assert_ptr_nonnull(strstr(p.part[1],
		"O&#39;Hara &amp; Sons &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
	ck_assert_ptr_nonnull(strstr(p.part[0], "O'Hara & Sons <script>alert(\"x\")</script>"));
	parsed_release(&p);
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

/* One member at a time gets a line break; each must be refused by name. */
static const struct {
	const char *field;
	gtd_email_kind kind;
	const char *value;
} injections[] = {
	{"partner_name", GTD_EMAIL_HOLD_OK, "ACME\r\nBcc: victim@example.com"},
	{"support", GTD_EMAIL_ISSUED, "Hotline\nBcc: victim@example.com"},
	{"from", GTD_EMAIL_ISSUED, "Gotadi <a@b.c>\r\nBcc: victim@example.com"},
	{"result_url", GTD_EMAIL_HOLD_OK, "https://a.example/\r\nX-Evil: 1"},
	{"booking.travellers[0].email", GTD_EMAIL_HOLD_OK, "a@b.example\r\nBcc: victim@example.com"},
	{"booking.travellers[0].last_name", GTD_EMAIL_HOLD_OK, "NGUYEN\rBcc: victim@example.com"},
	{"booking.travellers[1].first_name", GTD_EMAIL_ISSUED, "AN\nX-Evil: 1"},
	{"booking.itinerary.flight_no", GTD_EMAIL_ISSUED, "VN213\r\n"},
	{"admin_name", GTD_EMAIL_ACTIVATION, "Hương\r\nBcc: victim@example.com"},
	{"admin_email", GTD_EMAIL_ACTIVATION, "huong@acme.vn\nBcc: victim@example.com"},
	{"activation_url", GTD_EMAIL_ACTIVATION, "https://a.example/\r\n"},
	{"gateway_url", GTD_EMAIL_ACTIVATION, "https://a.example/\n"},
	{"partner_id", GTD_EMAIL_ACTIVATION, "acme\r\nX-Evil: 1"},
};

START_TEST(test_line_breaks_refused)
{
	const char *field = injections[_i].field, *value = injections[_i].value;
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf out;
	gtd_err err;
	char *owned = strdup(value);

	make_booking(&b, &ctx);
	if (!strcmp(field, "partner_name")) ctx.partner_name = value;
	else if (!strcmp(field, "support")) ctx.support = value;
	else if (!strcmp(field, "from")) ctx.from = value;
	else if (!strcmp(field, "result_url")) ctx.result_url = value;
	else if (!strcmp(field, "admin_name")) ctx.admin_name = value;
	else if (!strcmp(field, "admin_email")) ctx.admin_email = value;
	else if (!strcmp(field, "activation_url")) ctx.activation_url = value;
	else if (!strcmp(field, "gateway_url")) ctx.gateway_url = value;
	else if (!strcmp(field, "partner_id")) ctx.partner_id = value;
	else if (!strcmp(field, "booking.travellers[0].email")) {
		free(b.travellers[0].email);
		b.travellers[0].email = owned, owned = NULL;
	} else if (!strcmp(field, "booking.travellers[0].last_name")) {
		free(b.travellers[0].last_name);
		b.travellers[0].last_name = owned, owned = NULL;
	} else if (!strcmp(field, "booking.travellers[1].first_name")) {
		free(b.travellers[1].first_name);
		b.travellers[1].first_name = owned, owned = NULL;
	} else {
		free(b.itinerary.flight_no);
		b.itinerary.flight_no = owned, owned = NULL;
	}
	gtd_buf_init(&out, GTD_MAIL_MAX);
	ck_assert_int_eq(gtd_mail_render(injections[_i].kind, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_msg(strncmp(err.msg, field, strlen(field)) == 0 && strstr(err.msg, "line break"),
		      "%s: '%s'", field, err.msg);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_int_eq(gtd_mail_preview(injections[_i].kind, &ctx, "vi", &out, &err), GTD_EINVAL);
	ck_assert_uint_eq(out.len, 0);
	free(owned);
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_theme_and_sender)
{
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf out;
	gtd_err err;
	parsed p;
	char *v;

	make_booking(&b, &ctx);
	ctx.primary_colour = "#FFCC00";   /* light: the bar's text turns black */
	ctx.from = "ACME Travel <travel@acme.vn>";
	render(GTD_EMAIL_ISSUED, &ctx, &out);
	parse(out.data, &p);
	ck_assert_ptr_nonnull(strstr(p.part[1], "background:#FFCC00;color:#000000"));
	ck_assert_ptr_nonnull(strstr(p.part[1], ">" PARTNER_NAME " &middot; Gotadi</div>"));
	v = header(p.head, "From");
	ck_assert_str_eq(v, "ACME Travel <travel@acme.vn>");
	free(v);
	parsed_release(&p);
	gtd_buf_reset(&out);
	ctx.primary_colour = "red;background:url(x)";
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_ISSUED, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "primary_colour: "));
	ctx.primary_colour = NULL;
	ctx.from = "Công ty <a@acme.vn>";
	ck_assert_int_eq(gtd_mail_render(GTD_EMAIL_ISSUED, &ctx, &out, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "from: "));
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

/* A booking's e-mail of a kind is one message: made again (delivered again
 * after a crash), it has the same id, so no mail client shows it twice.
 * Another kind, or another booking, is another message. */
START_TEST(test_message_ids_name_the_message)
{
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf one, two, other;
	parsed p1, p2, p3;
	char *id1, *id2, *id3;

	make_booking(&b, &ctx);
	render(GTD_EMAIL_HOLD_OK, &ctx, &one);
	ctx.now += 3600;
	render(GTD_EMAIL_HOLD_OK, &ctx, &two);
	render(GTD_EMAIL_ISSUED, &ctx, &other);
	parse(one.data, &p1);
	parse(two.data, &p2);
	parse(other.data, &p3);
	id1 = header(p1.head, "Message-ID");
	id2 = header(p2.head, "Message-ID");
	id3 = header(p3.head, "Message-ID");
	ck_assert_str_eq(id1, id2);
	ck_assert_str_ne(id1, id3);
	free(id1);
	free(id2);
	free(id3);
	parsed_release(&p1);
	parsed_release(&p2);
	parsed_release(&p3);
	gtd_buf_release(&one);
	gtd_buf_release(&two);
	gtd_buf_release(&other);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_preview_one_language)
{
	gtd_mail_context ctx;
	gtd_booking b;
	const char *title = "Giữ chỗ thành công, đang chờ thanh toán\r\n";
	gtd_buf vi, en;
	gtd_err err;

	make_booking(&b, &ctx);
	gtd_buf_init(&vi, GTD_MAIL_MAX);
	gtd_buf_init(&en, GTD_MAIL_MAX);
	ck_assert_int_eq(gtd_mail_preview(GTD_EMAIL_HOLD_OK, &ctx, "vi", &vi, &err), GTD_OK);
	ck_assert_int_eq(gtd_mail_preview(GTD_EMAIL_HOLD_OK, &ctx, "en", &en, &err), GTD_OK);
	ck_assert(strncmp(vi.data, title, strlen(title)) == 0);
	ck_assert_ptr_nonnull(strstr(vi.data, "Mã đặt chỗ: " NUMBER "\r\n"));
	ck_assert_ptr_null(strstr(vi.data, "Booking number"));
	ck_assert_ptr_nonnull(strstr(en.data, "Booking number: " NUMBER "\r\n"));
	ck_assert_ptr_null(strstr(en.data, "Mã đặt chỗ"));
	gtd_buf_release(&vi);
	gtd_buf_release(&en);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_preview_layout)
{
	static const char expect[] =
		"Payment failed\r\n"
		"==============\r\n"
		"\r\n"
		"Dear NGUYỄN VĂN AN,\r\n"
		"\r\n"
		"The payment for this booking did not go through, so it has not been issued. "
		"If your account was charged, please contact support.\r\n"
		"\r\n"
		"Booking number: " NUMBER "\r\n"
		"Total: 1,850,000 VND\r\n"
		"Flight: VN213, SGN → HAN, departs 08:00, 5 Dec 2025, arrives 10:10, 5 Dec 2025 (Vietnam time)\r\n"
		"Passengers: NGUYỄN VĂN AN, TRẦN THỊ BÌNH\r\n"
		"Booked through: " PARTNER_NAME "\r\n"
		"View your booking: https://acme.example/result?booking=" NUMBER "\r\n"
		"\r\n"
		"Support: Hotline 1900 6868 · hotro@acme.vn\r\n"
		"\r\n"
		"This is an automated e-mail; please do not reply to it.\r\n";
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_buf out;
	gtd_err err;

	make_booking(&b, &ctx);
	gtd_buf_init(&out, GTD_MAIL_MAX);
	ck_assert_int_eq(gtd_mail_preview(GTD_EMAIL_PAYMENT_FAILED, &ctx, "en", &out, &err), GTD_OK);
	ck_assert_str_eq(out.data, expect);
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

/* ---- the Maildir ---- */

static char *deliver_kind(const char *maildir, gtd_email_kind kind, const gtd_mail_context *ctx)
{
	char *name = NULL;
	gtd_buf out;
	gtd_err err;

	render(kind, ctx, &out);
	ck_assert_msg(gtd_maildir_deliver(maildir, out.data, out.len, &name, &err) == GTD_OK,
		      "%s", err.msg);
	gtd_buf_release(&out);
	return name;
}

/* The number of entries in dir, not counting . and .. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

START_TEST(test_deliver_two)
{
	char maildir[128], *a, *b2;
	gtd_mail_context ctx;
	struct stat st;
	gtd_booking b;

	make_booking(&b, &ctx);
	snprintf(maildir, sizeof(maildir), "%s/outbox", tmpdir);
	a = deliver_kind(maildir, GTD_EMAIL_HOLD_OK, &ctx);
	b2 = deliver_kind(maildir, GTD_EMAIL_ISSUED, &ctx);
	ck_assert_str_ne(a, b2);
	ck_assert(strncmp(a, "new/", 4) == 0 && strncmp(b2, "new/", 4) == 0);
	ck_assert_int_eq(count_files(in_tmp("outbox/new")), 2);
	ck_assert_int_eq(count_files(in_tmp("outbox/tmp")), 0);
	ck_assert_int_eq(count_files(in_tmp("outbox/cur")), 0);
	snprintf(path, sizeof(path), "%s/%s", maildir, a);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(stat(in_tmp("outbox/new"), &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0700);
	free(a);
	free(b2);
	gtd_booking_release(&b);
}
END_TEST

/* The subdirectories are made when a delivery finds them missing: an
 * outbox emptied by hand (rm -r new, or the whole of it) between two
 * deliveries still takes the next one. */
START_TEST(test_deliver_after_the_outbox_went)
{
	char maildir[128], *a, *b2, *c;
	gtd_mail_context ctx;
	gtd_booking b;

	make_booking(&b, &ctx);
	snprintf(maildir, sizeof(maildir), "%s/outbox", tmpdir);
	a = deliver_kind(maildir, GTD_EMAIL_HOLD_OK, &ctx);
	snprintf(path, sizeof(path), "%s/%s", maildir, a);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(in_tmp("outbox/new")), 0);
	b2 = deliver_kind(maildir, GTD_EMAIL_ISSUED, &ctx);
	ck_assert(strncmp(b2, "new/", 4) == 0);
	ck_assert_int_eq(count_files(in_tmp("outbox/new")), 1);
	ck_assert_int_eq(count_files(in_tmp("outbox/tmp")), 0);
	snprintf(path, sizeof(path), "%s/%s", maildir, b2);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(rmdir(in_tmp("outbox/new")), 0);
	ck_assert_int_eq(rmdir(in_tmp("outbox/cur")), 0);
	ck_assert_int_eq(rmdir(in_tmp("outbox/tmp")), 0);
	ck_assert_int_eq(rmdir(maildir), 0);
	c = deliver_kind(maildir, GTD_EMAIL_ISSUED, &ctx);
	ck_assert_int_eq(count_files(in_tmp("outbox/new")), 1);
	ck_assert_int_eq(count_files(in_tmp("outbox/cur")), 0);
	ck_assert_int_eq(count_files(in_tmp("outbox/tmp")), 0);
	free(a);
	free(b2);
	free(c);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_list_in_delivery_order)
{
	static const gtd_email_kind order[] = {GTD_EMAIL_HOLD_OK, GTD_EMAIL_ISSUED,
					       GTD_EMAIL_ACTIVATION};
	char maildir[128], *names[3], from[600];
	gtd_mail_context ctx;
	gtd_mail_entry *e;
	size_t n, skipped, i;
	gtd_booking b;
	gtd_err err;

	make_booking(&b, &ctx);
	snprintf(maildir, sizeof(maildir), "%s/outbox", tmpdir);
	for (i = 0; i < 3; i++)
		names[i] = deliver_kind(maildir, order[i], &ctx);
	/* A mail reader has seen the first one: it moves to cur/ with flags. */
	snprintf(from, sizeof(from), "%s/%s", maildir, names[0]);
	snprintf(path, sizeof(path), "%s/cur/%s:2,S", maildir, names[0] + 4);
	ck_assert_int_eq(rename(from, path), 0);

	ck_assert_msg(gtd_maildir_list(maildir, &e, &n, &skipped, &err) == GTD_OK, "%s", err.msg);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(skipped, 0);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(e[i].kind, order[i]);
		ck_assert_str_eq(e[i].subject, kinds[order[i]].subject);
		ck_assert_str_eq(e[i].partner, PARTNER);
		ck_assert_int_eq(e[i].date, NOW);
		ck_assert(e[i].delivered > 0);
	}
	ck_assert(strncmp(e[0].name, "cur/", 4) == 0 && strstr(e[0].name, names[0] + 4));
	ck_assert_str_eq(e[1].name, names[1]);
	ck_assert_str_eq(e[2].name, names[2]);
	ck_assert_str_eq(e[0].booking, NUMBER);
	ck_assert_ptr_null(e[2].booking);
	ck_assert_str_eq(e[0].to, "an.nguyen@example.com");
	ck_assert_str_eq(e[2].to, "huong.pham@acme.vn");
	gtd_mail_entries_free(e, n);
	for (i = 0; i < 3; i++)
		free(names[i]);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_list_skips_malformed)
{
	static const char *const junk[] = {
		"",
		"garbage without any header end",
		"From: someone@example.com\r\nSubject: hello\r\n\r\nnot one of ours\r\n",
		"X-Gtd-Kind: no-such-kind\r\nX-Gtd-Partner: acme-pay\r\n\r\n",
	};
	char maildir[128], *name;
	gtd_mail_context ctx;
	gtd_mail_entry *e;
	size_t n, skipped, i;
	gtd_booking b;
	gtd_err err;
	FILE *f;

	make_booking(&b, &ctx);
	snprintf(maildir, sizeof(maildir), "%s/outbox", tmpdir);
	name = deliver_kind(maildir, GTD_EMAIL_PAYMENT_FAILED, &ctx);
	for (i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
		snprintf(path, sizeof(path), "%s/new/1.junk%zu.host", maildir, i);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(junk[i], f);
		fclose(f);
	}
	ck_assert_int_eq(gtd_maildir_list(maildir, &e, &n, &skipped, &err), GTD_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(skipped, 4);
	ck_assert_str_eq(e[0].name, name);
	ck_assert_int_eq(e[0].kind, GTD_EMAIL_PAYMENT_FAILED);
	gtd_mail_entries_free(e, n);
	ck_assert_int_eq(gtd_maildir_list(maildir, &e, &n, NULL, &err), GTD_OK);
	gtd_mail_entries_free(e, n);
	free(name);
	gtd_booking_release(&b);
}
END_TEST

static int fail_dir_sync(const char *op, const char *p)
{
	(void)p;
	return strcmp(op, "fsync-dir") == 0 ? EIO : 0;
}

/* Without a sync the message still lands whole in new/, with nothing in
 * tmp/; a directory sync that would fail shows that none is made. */
START_TEST(test_deliver_without_sync)
{
	char maildir[128], *name = NULL, *text;
	gtd_mail_context ctx;
	gtd_mail_entry *e;
	size_t n, skipped, len;
	struct stat sb;
	gtd_booking b;
	gtd_buf out;
	gtd_err err;

	make_booking(&b, &ctx);
	render(GTD_EMAIL_ISSUED, &ctx, &out);
	snprintf(maildir, sizeof(maildir), "%s/outbox", tmpdir);
	gtd_fs_fault = fail_dir_sync;
	ck_assert_int_eq(gtd_maildir_deliver(maildir, out.data, out.len, &name, &err), GTD_EIO);
	ck_assert_msg(strstr(err.msg, "outbox/new") && strstr(err.msg, strerror(EIO)), "%s", err.msg);
	ck_assert_int_eq(count_files(in_tmp("outbox/new")), 0);
	ck_assert_msg(gtd_maildir_deliver_ex(maildir, out.data, out.len, GTD_MAILDIR_NO_SYNC, &name,
					     &err) == GTD_OK, "%s", err.msg);
	gtd_fs_fault = NULL;
	ck_assert_int_eq(count_files(in_tmp("outbox/tmp")), 0);
	ck_assert_int_eq(gtd_maildir_list(maildir, &e, &n, &skipped, &err), GTD_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(skipped, 0);
	ck_assert_str_eq(e[0].name, name);
	gtd_mail_entries_free(e, n);
	snprintf(path, sizeof(path), "%s/%s", maildir, name);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0600);
	ck_assert_int_eq(gtd_file_read(path, GTD_MAIL_MAX, &text, &len, NULL), GTD_OK);
	ck_assert_uint_eq(len, out.len);
	ck_assert_int_eq(memcmp(text, out.data, len), 0);
	free(text);
	free(name);
	gtd_buf_release(&out);
	gtd_booking_release(&b);
}
END_TEST

/* A message cut short (unsynced, then a power cut) is not listed, so a
 * mock that redelivers what its outbox lacks delivers it again; reading
 * it says it is not one of ours. */
START_TEST(test_list_skips_cut_short)
{
	char maildir[128], *name, *text, id[64];
	const char *p, *last = NULL;
	gtd_mail_context ctx;
	gtd_mail_message m;
	gtd_mail_entry *e;
	size_t n, skipped, len, i, cuts[4];
	gtd_booking b;
	gtd_err err;
	FILE *f;

	make_booking(&b, &ctx);
	snprintf(maildir, sizeof(maildir), "%s/outbox", tmpdir);
	name = deliver_kind(maildir, GTD_EMAIL_HOLD_OK, &ctx);
	snprintf(path, sizeof(path), "%s/%s", maildir, name);
	ck_assert_int_eq(gtd_file_read(path, GTD_MAIL_MAX, &text, &len, NULL), GTD_OK);
	/* one byte short, without the closing delimiter, half, the headers alone */
	for (p = text; (p = strstr(p, "\r\n--=_gtd_")); p++)
		last = p;
	ck_assert_ptr_nonnull(last);
	cuts[0] = len - 1;
	cuts[1] = (size_t)(last - text) + 2;
	cuts[2] = len / 2;
	cuts[3] = (size_t)(strstr(text, "\r\n\r\n") - text) + 4;
	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/new/2.cut%zu.host", maildir, i);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fwrite(text, 1, cuts[i], f), cuts[i]);
		fclose(f);
	}
	ck_assert_int_eq(gtd_maildir_list(maildir, &e, &n, &skipped, &err), GTD_OK);
	ck_assert_uint_eq(n, 1);
	ck_assert_uint_eq(skipped, 4);
	ck_assert_str_eq(e[0].name, name);
	gtd_mail_entries_free(e, n);
	for (i = 0; i < 4; i++) {
		snprintf(id, sizeof(id), "2.cut%zu.host", i);
		ck_assert_int_eq(gtd_maildir_read(maildir, id, &m, &err), GTD_EINVAL);
	}
	free(text);
	free(name);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_list_missing_maildir)
{
	gtd_mail_entry *e = (gtd_mail_entry *)&e;
	size_t n = 99, skipped = 99;
	gtd_err err;

	ck_assert_int_eq(gtd_maildir_list(in_tmp("never-delivered"), &e, &n, &skipped, &err), GTD_OK);
	ck_assert_ptr_null(e);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(skipped, 0);
	gtd_mail_entries_free(NULL, 0);
}
END_TEST

START_TEST(test_maildir_under_a_file)
{
	char maildir[128], *name = (char *)"sentinel";
	gtd_mail_entry *e;
	size_t n;
	gtd_err err;
	FILE *f = fopen(in_tmp("plain"), "w");

	ck_assert_ptr_nonnull(f);
	fclose(f);
	snprintf(maildir, sizeof(maildir), "%s/plain/outbox", tmpdir);
	ck_assert_int_eq(gtd_maildir_deliver(maildir, "x", 1, &name, &err), GTD_EIO);
	ck_assert_ptr_null(name);
	ck_assert_msg(strstr(err.msg, maildir) && strstr(err.msg, strerror(ENOTDIR)), "%s", err.msg);
	ck_assert_int_eq(gtd_maildir_list(maildir, &e, &n, NULL, &err), GTD_EIO);
	ck_assert_msg(strstr(err.msg, maildir) && strstr(err.msg, strerror(ENOTDIR)), "%s", err.msg);
}
END_TEST

START_TEST(test_read_message)
{
	static const char *const absent[] = {"", ".", "..", "../new", "new/x", "nope", ".hidden"};
	char maildir[128], *name, from[600];
	gtd_mail_message m;
	gtd_mail_context ctx;
	gtd_booking b;
	gtd_err err;
	size_t i;
	FILE *f;

	make_booking(&b, &ctx);
	snprintf(maildir, sizeof(maildir), "%s/outbox", tmpdir);
	name = deliver_kind(maildir, GTD_EMAIL_HOLD_OK, &ctx);
	ck_assert_msg(gtd_maildir_read(maildir, name + 4, &m, &err) == GTD_OK, "%s", err.msg);
	ck_assert_int_eq(m.entry.kind, GTD_EMAIL_HOLD_OK);
	ck_assert_str_eq(m.entry.booking, NUMBER);
	ck_assert_uint_eq(m.raw_len, strlen(m.raw));
	ck_assert_ptr_nonnull(strstr(m.headers, "X-Gtd-Kind: hold-ok"));
	ck_assert_ptr_null(strstr(m.headers, "Content-Transfer-Encoding"));
	ck_assert_ptr_nonnull(m.text);
	ck_assert_ptr_nonnull(m.html);
	/* decoded: the booking number in clear in both, markup only in one */
	ck_assert_ptr_nonnull(strstr(m.text, NUMBER));
	ck_assert_ptr_nonnull(strstr(m.html, NUMBER));
	ck_assert_ptr_null(strstr(m.text, "</"));
	ck_assert_ptr_nonnull(strstr(m.html, "</html>"));
	gtd_mail_message_release(&m);
	/* read by a mail reader: in cur/ with flags, found under its new name */
	ck_assert_int_eq(mkdir(in_tmp("outbox/cur"), 0700) == 0 || errno == EEXIST, 1);
	snprintf(from, sizeof(from), "%s/%s", maildir, name);
	snprintf(path, sizeof(path), "%s/cur/%s:2,S", maildir, name + 4);
	ck_assert_int_eq(rename(from, path), 0);
	ck_assert_int_eq(gtd_maildir_read(maildir, name + 4, &m, &err), GTD_ENOTFOUND);
	ck_assert_int_eq(gtd_maildir_read(maildir, strrchr(path, '/') + 1, &m, &err), GTD_OK);
	ck_assert_ptr_nonnull(strstr(m.text, NUMBER));
	gtd_mail_message_release(&m);
	for (i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		ck_assert_int_eq(gtd_maildir_read(maildir, absent[i], &m, &err), GTD_ENOTFOUND);
		ck_assert_ptr_null(m.raw);
	}
	ck_assert_int_eq(gtd_maildir_read(maildir, NULL, &m, &err), GTD_ENOTFOUND);
	/* a file that is not one of ours */
	f = fopen(in_tmp("outbox/new/junk"), "w");
	ck_assert_ptr_nonnull(f);
	fputs("Subject: hi\r\n\r\nhello\r\n", f);
	fclose(f);
	ck_assert_int_eq(gtd_maildir_read(maildir, "junk", &m, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not one of"));
	free(name);
	gtd_booking_release(&b);
}
END_TEST

static Suite *mail_suite(void)
{
	Suite *s = suite_create("mail");
	TCase *render_tc = tcase_create("render");
	TCase *maildir_tc = tcase_create("maildir");

	tcase_add_test(render_tc, test_refuses_incomplete_context);
	tcase_add_test(render_tc, test_too_small_buffer_leaves_it_unchanged);
	tcase_add_loop_test(render_tc, test_render_kind, 0, sizeof(kinds) / sizeof(kinds[0]));
	tcase_add_test(render_tc, test_hold_ok_details);
	tcase_add_loop_test(render_tc, test_amount, 0, sizeof(amounts) / sizeof(amounts[0]));
	tcase_add_test(render_tc, test_html_escapes_user_values);
	tcase_add_loop_test(render_tc, test_line_breaks_refused, 0,
			    sizeof(injections) / sizeof(injections[0]));
	tcase_add_test(render_tc, test_theme_and_sender);
	tcase_add_test(render_tc, test_message_ids_name_the_message);
	tcase_add_test(render_tc, test_preview_one_language);
	tcase_add_test(render_tc, test_preview_layout);
	suite_add_tcase(s, render_tc);

	tcase_add_checked_fixture(maildir_tc, setup, teardown);
	tcase_add_test(maildir_tc, test_deliver_two);
	tcase_add_test(maildir_tc, test_deliver_after_the_outbox_went);
	tcase_add_test(maildir_tc, test_list_in_delivery_order);
	tcase_add_test(maildir_tc, test_list_skips_malformed);
	tcase_add_test(maildir_tc, test_deliver_without_sync);
	tcase_add_test(maildir_tc, test_list_skips_cut_short);
	tcase_add_test(maildir_tc, test_list_missing_maildir);
	tcase_add_test(maildir_tc, test_maildir_under_a_file);
	tcase_add_test(maildir_tc, test_read_message);
	suite_add_tcase(s, maildir_tc);
	return s;
}

GTD_CHECK_MAIN(mail_suite)
