#include "mail.h"

#include "partner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "b64.h"
#include "fs.h"
#include "utf8.h"
#include "valid.h"

/* Message-IDs name the kit, not one program: the mock sends the customer
 * e-mails, and the console as well as the mock the activation e-mail. */
#define MSGID_DOMAIN "gtd-kit.local"
#define RANDOM_BYTES 8
#define B64_LINE 76          /* RFC 2045 */
/* Bytes of text per RFC 2047 encoded-word: 42 make 56 base64 characters, a
 * 68-character word, so "Subject: " and one word stay within the 78
 * columns RFC 5322 recommends (and far from its hard 998). */
#define WORD_BYTES 42
/* One line of human text in a context member: only stops absurd values. */
#define FIELD_COLS_MAX 200
#define VN_OFFSET (7 * 3600) /* Vietnam is UTC+7 all year */
/* "Fri, 28 Nov 2025 10:00:00 +0000", with room for any year. */
#define DATE_MAX 64
#define DIR_MODE 0700
#define FILE_MODE 0600

static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
				     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Every message holds both languages, Vietnamese first. */
enum { VI, EN, LANG_COUNT };

static const struct lang {
	const char *code;
	const char *dear_customer, *dear_admin;
	const char *booking, *amount, *deadline, *vn_time;
	const char *product[2], *people[2];   /* indexed by gtd_product */
	const char *start[2], *end[2];        /* departs/arrives, check-in/out */
	const char *via, *view, *partner, *gateway, *activate, *secrets;
	const char *support, *automated;
} langs[LANG_COUNT] = {
	[VI] = {
		"vi", "Kính gửi Quý khách", "Kính gửi anh/chị",
		"Mã đặt chỗ", "Tổng tiền", "Hạn thanh toán", "giờ Việt Nam",
		{"Chuyến bay", "Khách sạn"}, {"Hành khách", "Khách lưu trú"},
		{"khởi hành", "nhận phòng"}, {"đến nơi", "trả phòng"},
		"Đặt qua", "Xem chi tiết đơn hàng", "Đối tác", "Địa chỉ cổng API (gateway)",
		"Kích hoạt tài khoản",
		"Vì lý do bảo mật, khoá API (API key) và mã truy cập (access code) không bao giờ được gửi qua email; đội ngũ Gotadi sẽ bàn giao cho Quý vị qua một kênh riêng.",
		"Hỗ trợ", "Đây là email tự động, vui lòng không trả lời email này.",
	},
	[EN] = {
		"en", "Dear", "Dear",
		"Booking number", "Total", "Pay before", "Vietnam time",
		{"Flight", "Hotel"}, {"Passengers", "Guests"},
		{"departs", "check-in"}, {"arrives", "check-out"},
		"Booked through", "View your booking", "Partner", "API gateway URL",
		"Activate your account",
		"For security, the API key and access code are never sent by e-mail; the Gotadi team hands them over to you through a separate channel.",
		"Support", "This is an automated e-mail; please do not reply to it.",
	},
};

/* What each kind says; its heading is gtd_email_kinds[kind]'s description. */
static const struct kind_text {
	const char *subject[LANG_COUNT];
	const char *lead[LANG_COUNT];
	int amount;   /* the booking's total is worth showing */
} kinds[GTD_EMAIL_KIND_COUNT] = {
	[GTD_EMAIL_HOLD_OK] = {
		{"Giữ chỗ thành công", "Booking held"},
		{"Chỗ của Quý khách đã được giữ thành công. Vui lòng hoàn tất thanh toán trước hạn dưới đây; quá hạn, chỗ sẽ tự động bị huỷ.",
		 "Your booking is held. Please complete payment before the deadline below; after it, the booking is released automatically."},
		1,
	},
	[GTD_EMAIL_ISSUED] = {
		{"Xuất vé thành công", "Ticket issued"},
		{"Gotadi đã nhận thanh toán và xuất vé thành công cho đơn đặt chỗ của Quý khách. Chúc Quý khách có chuyến đi vui vẻ!",
		 "Gotadi has received your payment and issued your booking. Have a pleasant trip!"},
		1,
	},
	[GTD_EMAIL_HOLD_FAILED] = {
		{"Giữ chỗ không thành công", "Booking could not be held"},
		{"Rất tiếc, Gotadi không giữ được chỗ cho yêu cầu đặt chỗ này. Quý khách chưa bị trừ bất kỳ khoản tiền nào; vui lòng tìm kiếm và đặt lại lựa chọn khác.",
		 "We are sorry: Gotadi could not hold this booking. Nothing has been charged; please search again and choose another option."},
		0,
	},
	[GTD_EMAIL_PAYMENT_FAILED] = {
		{"Thanh toán không thành công", "Payment failed"},
		{"Thanh toán cho đơn đặt chỗ này không thành công nên vé chưa được xuất. Nếu tài khoản của Quý khách đã bị trừ tiền, vui lòng liên hệ bộ phận hỗ trợ.",
		 "The payment for this booking did not go through, so it has not been issued. If your account was charged, please contact support."},
		1,
	},
	[GTD_EMAIL_ISSUE_FAILED] = {
		{"Chưa xuất được vé", "Ticket could not be issued"},
		{"Gotadi đã nhận thanh toán của Quý khách nhưng chưa thể xuất vé cho đơn đặt chỗ này. Chúng tôi sẽ liên hệ với Quý khách và hoàn lại toàn bộ số tiền đã thanh toán.",
		 "Gotadi received your payment but could not issue this booking. We will contact you and refund the full amount you paid."},
		1,
	},
	[GTD_EMAIL_ACTIVATION] = {
		{"Kích hoạt tài khoản cổng B2B", "Activate your B2B portal account"},
		{"Gotadi đã tạo tài khoản sandbox cho doanh nghiệp của Quý vị. Vui lòng kích hoạt tài khoản cổng B2B bằng đường dẫn dưới đây, sau đó kết nối và kiểm thử trên môi trường sandbox.",
		 "Gotadi has created a sandbox account for your company. Please activate your B2B portal account with the link below, then connect and test on the sandbox."},
		0,
	},
};

/* ---- encoders ---------------------------------------------------------- */

/* Appends len bytes as base64 in CRLF-terminated lines of B64_LINE. */
static gtd_status add_base64(gtd_buf *b, const char *data, size_t len)
{
	char *enc = gtd_b64_encode((const unsigned char *)data, len, GTD_B64_STD);
	size_t n, i;

	if (!enc) {
		gtd_buf_fail(b, GTD_ENOMEM);
		return GTD_ENOMEM;
	}
	n = strlen(enc);
	for (i = 0; i < n && gtd_buf_status(b) == GTD_OK; i += B64_LINE) {
		gtd_buf_add(b, enc + i, n - i < B64_LINE ? n - i : B64_LINE);
		gtd_buf_add(b, "\r\n", 2);
	}
	free(enc);
	return gtd_buf_status(b);
}

/* Appends s as RFC 2047 encoded-words (UTF-8, base64), one per folded line.
 * A word never splits a character, which the RFC forbids. */
static gtd_status add_rfc2047(gtd_buf *b, const char *s)
{
	size_t len = strlen(s), i = 0;
	gtd_status st = GTD_OK;

	while (i < len && st == GTD_OK) {
		size_t n = 0, step;
		unsigned cp;
		char *enc;

		while (i + n < len) {
			step = gtd_utf8_decode(s + i + n, len - i - n, &cp);
			if (step == 0)
				step = 1;   /* a stray byte travels alone */
			if (n + step > WORD_BYTES)
				break;
			n += step;
		}
		enc = gtd_b64_encode((const unsigned char *)s + i, n, GTD_B64_STD);
		if (!enc) {
			gtd_buf_fail(b, GTD_ENOMEM);
			return GTD_ENOMEM;
		}
		st = gtd_buf_printf(b, "%s=?UTF-8?B?%s?=", i ? "\r\n " : "", enc);
		free(enc);
		i += n;
	}
	return st;
}

/* Decodes the UTF-8 "B" encoded-words of an unstructured header value (the
 * only kind gtd_mail_render writes; others stay as they are), dropping the
 * folding whitespace between two words as RFC 2047 says.  GTD_EINVAL when a
 * word is not base64 or the result is not UTF-8. */
static gtd_status rfc2047_decode(const char *s, gtd_buf *out)
{
	static const char head[] = "=?UTF-8?B?";
	const size_t hlen = sizeof(head) - 1;
	int prev_word = 0;
	gtd_status st = GTD_OK;

	while (*s && st == GTD_OK) {
		size_t ws = strspn(s, " \t"), tlen = strcspn(s + ws, " \t");
		const char *tok = s + ws;
		int word = tlen >= hlen + 2 && strncasecmp(tok, head, hlen) == 0 &&
			   tok[tlen - 2] == '?' && tok[tlen - 1] == '=';

		if (ws && !(word && prev_word))
			st = gtd_buf_add(out, s, ws);
		if (st == GTD_OK && word) {
			unsigned char *raw;
			size_t rlen;

			st = gtd_b64_decode(tok + hlen, tlen - hlen - 2, &raw, &rlen, NULL);
			if (st == GTD_OK) {
				st = gtd_buf_add(out, raw, rlen);
				free(raw);
			}
		} else if (st == GTD_OK) {
			st = gtd_buf_add(out, tok, tlen);
		}
		prev_word = word;
		s = tok + tlen;
	}
	if (st == GTD_OK && !gtd_utf8_valid(gtd_buf_str(out), out->len, NULL))
		st = GTD_EINVAL;
	return st;
}

/* ---- the context ------------------------------------------------------- */

typedef enum vclass { V_TEXT, V_SLUG, V_EMAIL, V_URL, V_COLOUR, V_MAILBOX, V_NUMBER } vclass;

/* 1 when every byte of s is printable ASCII (alnum_only: a letter or digit). */
static int ascii_only(const char *s, int alnum_only)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		int alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

		if (alnum_only ? !alnum : (c < ' ' || c > '~'))
			return 0;
	}
	return 1;
}

/* Checks one context member called name against its class. */
static gtd_status check(const char *name, const char *v, vclass c, int required, gtd_err *err)
{
	char why[GTD_ERR_MSG_MAX / 2];
	int ok = 1;

	if (!v || !*v)
		return required ? gtd_err_set(err, GTD_EINVAL, "%s is missing", name) : GTD_OK;
	/* Said first and plainly, whatever the class: this is how headers get forged. */
	if (strpbrk(v, "\r\n"))
		return gtd_err_set(err, GTD_EINVAL,
				   "%s contains a line break (CR or LF), which could add mail headers; refused",
				   name);
	switch (c) {
	case V_TEXT: ok = gtd_valid_text(v, FIELD_COLS_MAX, why, sizeof(why)); break;
	case V_SLUG: ok = gtd_valid_slug(v, why, sizeof(why)); break;
	case V_EMAIL: ok = gtd_valid_email(v, why, sizeof(why)); break;
	case V_URL: ok = gtd_valid_url(v, 0, why, sizeof(why)); break;
	case V_COLOUR: ok = gtd_valid_colour(v, why, sizeof(why)); break;
	case V_MAILBOX:
		ok = ascii_only(v, 0);
		snprintf(why, sizeof(why), "a sender is written in printable ASCII (%s)", GTD_MAIL_FROM);
		break;
	case V_NUMBER:
		ok = ascii_only(v, 1);
		snprintf(why, sizeof(why), "a booking number has only letters and digits (ADCO251128001)");
		break;
	}
	return ok ? GTD_OK : gtd_err_set(err, GTD_EINVAL, "%s: %s", name, why);
}

/* Every member the kind uses, checked before anything is written. */
static gtd_status check_context(gtd_email_kind kind, const gtd_mail_context *ctx, gtd_err *err)
{
	const gtd_booking *b;
	char name[64];
	size_t i;

	if ((unsigned)kind >= GTD_EMAIL_KIND_COUNT)
		return gtd_err_set(err, GTD_EINVAL, "unknown e-mail kind %d", (int)kind);
	if (check("partner_id", ctx->partner_id, V_SLUG, 1, err) ||
	    check("partner_name", ctx->partner_name, V_TEXT, 1, err) ||
	    check("primary_colour", ctx->primary_colour, V_COLOUR, 0, err) ||
	    check("support", ctx->support, V_TEXT, 0, err) ||
	    check("from", ctx->from, V_MAILBOX, 0, err))
		return GTD_EINVAL;
	if (!gtd_email_kinds[kind].customer)
		return check("admin_name", ctx->admin_name, V_TEXT, 1, err) ||
		       check("admin_email", ctx->admin_email, V_EMAIL, 1, err) ||
		       check("activation_url", ctx->activation_url, V_URL, 1, err) ||
		       check("gateway_url", ctx->gateway_url, V_URL, 1, err) ? GTD_EINVAL : GTD_OK;
	b = ctx->booking;
	if (!b)
		return gtd_err_set(err, GTD_EINVAL, "booking is missing");
	if (check("booking.number", b->number, V_NUMBER, 1, err))
		return GTD_EINVAL;
	if (b->ntravellers == 0 || b->ntravellers > GTD_TRAVELLERS_MAX)
		return gtd_err_set(err, GTD_EINVAL, "booking %s has %zu travellers; a customer e-mail needs 1 to %d",
				   b->number, b->ntravellers, GTD_TRAVELLERS_MAX);
	if (b->partner_id && strcmp(b->partner_id, ctx->partner_id) != 0)
		return gtd_err_set(err, GTD_EINVAL, "booking %s belongs to partner %s, not %s",
				   b->number, b->partner_id, ctx->partner_id);
	if (check("booking.travellers[0].email", b->travellers[0].email, V_EMAIL, 1, err) ||
	    check("booking.itinerary.flight_no", b->itinerary.flight_no, V_TEXT, 0, err) ||
	    check("booking.itinerary.from", b->itinerary.from, V_TEXT, 0, err) ||
	    check("booking.itinerary.to", b->itinerary.to, V_TEXT, 0, err) ||
	    check("booking.itinerary.hotel", b->itinerary.hotel, V_TEXT, 0, err) ||
	    check("result_url", ctx->result_url, V_URL, 0, err))
		return GTD_EINVAL;
	for (i = 0; i < b->ntravellers; i++) {
		snprintf(name, sizeof(name), "booking.travellers[%zu].first_name", i);
		if (check(name, b->travellers[i].first_name, V_TEXT, 0, err))
			return GTD_EINVAL;
		snprintf(name, sizeof(name), "booking.travellers[%zu].last_name", i);
		if (check(name, b->travellers[i].last_name, V_TEXT, 0, err))
			return GTD_EINVAL;
	}
	return GTD_OK;
}

/* ---- writing ----------------------------------------------------------- */

typedef enum block { B_NONE, B_TITLE, B_PARA, B_ROW, B_LINK } block;

/* Writes blocks as plain text or as HTML, with every piece of text escaped
 * in HTML whoever supplied it.  Writes are not checked one by one: the
 * first failure sticks in out (a part formatted elsewhere that failed
 * fails out too), so callers check once, with writer_finish. */
typedef struct writer {
	gtd_buf *out;
	gtd_buf text;       /* the block being formatted */
	int html;
	block last;
} writer;

static void writer_init(writer *w, gtd_buf *out, int html)
{
	w->out = out;
	gtd_buf_init(&w->text, out->max);
	w->html = html;
	w->last = B_NONE;
}

/* Markup or header text, as it is. */
static void w_raw(writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void w_raw(writer *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gtd_buf_vprintf(w->out, fmt, ap);
	va_end(ap);
}

/* Text, escaped in HTML. */
static void w_text(writer *w, const char *s)
{
	if (w->html)
		gtd_buf_add_html(w->out, s);
	else
		gtd_buf_adds(w->out, s);
}

/* One block: a title, a paragraph, a "label: value" row or a link whose
 * label is label and whose target is the formatted text. */
static void w_block(writer *w, block k, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void w_block(writer *w, block k, const char *label, const char *fmt, ...)
{
	static const char *const open[] = {
		[B_TITLE] = "<h2 style=\"font-size:18px\">",
		[B_PARA] = "<p>",
		[B_ROW] = "<p style=\"margin:4px 0\"><b>",
	};
	int rows = (k == B_ROW || k == B_LINK) && (w->last == B_ROW || w->last == B_LINK);
	va_list ap;
	size_t i, width;

	if (gtd_buf_status(w->out) != GTD_OK)
		return;
	gtd_buf_reset(&w->text);
	va_start(ap, fmt);
	gtd_buf_vprintf(&w->text, fmt, ap);
	va_end(ap);
	/* A block that does not fit fails the whole text. */
	gtd_buf_fail(w->out, gtd_buf_status(&w->text));
	if (w->html && k == B_LINK) {
		w_raw(w, "<p><a href=\"");
		w_text(w, gtd_buf_str(&w->text));
		w_raw(w, "\">");
		w_text(w, label);
		w_raw(w, "</a></p>\r\n");
	} else if (w->html) {
		w_raw(w, "%s", open[k]);
		if (label) {
			w_text(w, label);
			w_raw(w, ":</b> ");
		}
		w_text(w, gtd_buf_str(&w->text));
		w_raw(w, "%s\r\n", k == B_TITLE ? "</h2>" : "</p>");
	} else {
		/* Rows stay together; everything else is set off by a blank line. */
		if (w->last != B_NONE && !rows)
			w_raw(w, "\r\n");
		if (label)
			w_raw(w, "%s: ", label);
		w_text(w, gtd_buf_str(&w->text));
		w_raw(w, "\r\n");
		if (k == B_TITLE) {
			width = gtd_utf8_width(gtd_buf_str(&w->text));
			for (i = 0; i < width; i++)
				w_raw(w, "=");
			w_raw(w, "\r\n");
		}
	}
	w->last = k;
}

/* Maps the output buffer's status to a message, and frees the scratch
 * buffer. */
static gtd_status writer_finish(writer *w, gtd_err *err)
{
	gtd_status st = gtd_buf_status(w->out);

	gtd_buf_release(&w->text);
	if (st == GTD_ENOMEM)
		return gtd_err_set(err, st, "out of memory writing an e-mail");
	if (st != GTD_OK)
		return gtd_err_set(err, GTD_EINVAL, "the e-mail does not fit in %zu bytes", w->out->max);
	return GTD_OK;
}

/* "17:00 28/11/2025" or "17:00, 28 Nov 2025" (clock), or just the date. */
static void format_time(char *out, size_t size, time_t t, int lang, int clock)
{
	char hm[8] = "";
	struct tm tm;

	gmtime_r(&t, &tm);
	if (clock)
		snprintf(hm, sizeof(hm), "%02d:%02d%s", tm.tm_hour, tm.tm_min,
			 lang == VI ? " " : ", ");
	if (lang == VI)
		snprintf(out, size, "%s%02d/%02d/%04d", hm, tm.tm_mday, tm.tm_mon + 1,
			 tm.tm_year + 1900);
	else
		snprintf(out, size, "%s%d %s %04d", hm, tm.tm_mday, months[tm.tm_mon],
			 tm.tm_year + 1900);
}

/* "NGUYEN VAN A": surname first, as tickets print names. */
static gtd_status add_name(gtd_buf *b, const gtd_traveller *t)
{
	const char *last = t->last_name ? t->last_name : "";
	const char *first = t->first_name ? t->first_name : "";

	return gtd_buf_printf(b, "%s%s%s", last, *last && *first ? " " : "", first);
}

/* The trip: a flight segment or a hotel stay, in Vietnam time. */
static void w_itinerary(writer *w, const gtd_booking *b, int lang)
{
	const struct lang *L = &langs[lang];
	const gtd_itinerary *it = &b->itinerary;
	char start[40], end[40];
	int p = b->product == GTD_PRODUCT_HOTEL;

	format_time(start, sizeof(start), it->depart + VN_OFFSET, lang, !p);
	format_time(end, sizeof(end), it->arrive + VN_OFFSET, lang, !p);
	if (!p && it->flight_no && it->from && it->to)
		w_block(w, B_ROW, L->product[p], "%s, %s → %s, %s %s, %s %s (%s)", it->flight_no,
			it->from, it->to, L->start[p], start, L->end[p], end, L->vn_time);
	else if (p && it->hotel)
		w_block(w, B_ROW, L->product[p], "%s, %s %s, %s %s", it->hotel, L->start[p], start,
			L->end[p], end);
}

/* The body of kind in one language. */
static void w_body(writer *w, gtd_email_kind kind, const gtd_mail_context *ctx, int lang)
{
	const struct lang *L = &langs[lang];
	const gtd_booking *b = ctx->booking;
	char amount[GTD_MAIL_AMOUNT_MAX], local[40], utc[40];
	gtd_buf names;
	size_t i;

	w_block(w, B_TITLE, NULL, "%s",
		lang == VI ? gtd_email_kinds[kind].vi : gtd_email_kinds[kind].en);
	if (kind == GTD_EMAIL_ACTIVATION) {
		w_block(w, B_PARA, NULL, "%s %s,", L->dear_admin, ctx->admin_name);
		w_block(w, B_PARA, NULL, "%s", kinds[kind].lead[lang]);
		w_block(w, B_ROW, L->partner, "%s (%s)", ctx->partner_name, ctx->partner_id);
		w_block(w, B_ROW, L->gateway, "%s", ctx->gateway_url);
		w_block(w, B_LINK, L->activate, "%s", ctx->activation_url);
		w_block(w, B_PARA, NULL, "%s", L->secrets);
	} else {
		/* The first traveller is the one addressed, and the first listed. */
		gtd_buf_init(&names, w->out->max);
		add_name(&names, &b->travellers[0]);
		w_block(w, B_PARA, NULL, "%s %s,", L->dear_customer, gtd_buf_str(&names));
		for (i = 1; i < b->ntravellers; i++) {
			gtd_buf_adds(&names, ", ");
			add_name(&names, &b->travellers[i]);
		}
		/* Names that do not fit fail the e-mail: none is left out. */
		gtd_buf_fail(w->out, gtd_buf_status(&names));
		w_block(w, B_PARA, NULL, "%s", kinds[kind].lead[lang]);
		w_block(w, B_ROW, L->booking, "%s", b->number);
		if (kinds[kind].amount)
			w_block(w, B_ROW, L->amount, "%s",
				gtd_mail_amount(amount, b->total_amount, L->code));
		if (kind == GTD_EMAIL_HOLD_OK && b->time_to_live) {
			format_time(local, sizeof(local), b->time_to_live + VN_OFFSET, lang, 1);
			format_time(utc, sizeof(utc), b->time_to_live, lang, 1);
			w_block(w, B_ROW, L->deadline, "%s (%s, UTC+7) / %s UTC", local, L->vn_time,
				utc);
		}
		w_itinerary(w, b, lang);
		w_block(w, B_ROW, L->people[b->product == GTD_PRODUCT_HOTEL], "%s",
			gtd_buf_str(&names));
		w_block(w, B_ROW, L->via, "%s", ctx->partner_name);
		if (ctx->result_url)
			w_block(w, B_LINK, L->view, "%s", ctx->result_url);
		gtd_buf_release(&names);
	}
	if (ctx->support)
		w_block(w, B_PARA, NULL, "%s: %s", L->support, ctx->support);
	w_block(w, B_PARA, NULL, "%s", L->automated);
}

/* Both languages, Vietnamese first, as text or as an HTML page whose header
 * bar carries the partner's colour. */
static void w_document(writer *w, gtd_email_kind kind, const gtd_mail_context *ctx,
		       const char *subject)
{
	const char *bar = ctx->primary_colour ? ctx->primary_colour : GTD_THEME_PRIMARY;
	/* Whichever of white and black reads better on the partner's colour. */
	const char *ink = gtd_contrast_ratio(bar, "#FFFFFF") >= gtd_contrast_ratio(bar, "#000000")
			  ? "#FFFFFF" : "#000000";
	int lang;

	if (w->html) {
		w_raw(w, "<!DOCTYPE html>\r\n<html lang=\"vi\">\r\n<head><meta charset=\"UTF-8\"><title>");
		w_text(w, subject);
		w_raw(w, "</title></head>\r\n<body style=\"margin:0;font-family:Arial,Helvetica,sans-serif;color:#1F2933\">\r\n"
			 "<div style=\"background:%s;color:%s;padding:16px 24px;font-size:20px;font-weight:bold\">",
		      bar, ink);
		w_text(w, ctx->partner_name);
		w_raw(w, " &middot; Gotadi</div>\r\n<div style=\"padding:8px 24px\">\r\n");
	}
	for (lang = VI; lang < LANG_COUNT; lang++) {
		if (lang != VI)
			w_raw(w, "%s", w->html ? "<hr>\r\n"
				 : "\r\n------------------------------------------------------------\r\n");
		if (w->html)
			w_raw(w, "<div lang=\"%s\">\r\n", langs[lang].code);
		w->last = B_NONE;
		w_body(w, kind, ctx, lang);
		if (w->html)
			w_raw(w, "</div>\r\n");
	}
	if (w->html)
		w_raw(w, "</div>\r\n</body>\r\n</html>\r\n");
}

/* RFC 5322's date, always in English and UTC whatever the locale. */
static void format_date(char out[DATE_MAX], time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, DATE_MAX, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday],
		 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

/* RANDOM_BYTES from OpenSSL's generator as hex. */
static gtd_status random_hex(char out[2 * RANDOM_BYTES + 1], gtd_err *err)
{
	unsigned char r[RANDOM_BYTES];
	int i;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return gtd_err_set(err, GTD_ECRYPTO, "OpenSSL could not produce random bytes");
	for (i = 0; i < RANDOM_BYTES; i++)
		snprintf(out + 2 * i, 3, "%02x", r[i]);
	return GTD_OK;
}

gtd_status gtd_mail_render(gtd_email_kind kind, const gtd_mail_context *ctx, gtd_buf *out,
			   gtd_err *err)
{
	static const char *const types[] = {"text/plain", "text/html"};
	const gtd_traveller *to = NULL;
	char rnd[2 * RANDOM_BYTES + 1], date[DATE_MAX];
	gtd_buf msg, subject, part, name;
	const char *ref, *sep;
	writer w, pw;
	gtd_status st;
	int html;

	st = check_context(kind, ctx, err);
	if (st == GTD_OK)
		st = random_hex(rnd, err);
	if (st != GTD_OK)
		return st;
	gtd_buf_init(&msg, out->max - out->len);
	gtd_buf_init(&subject, out->max);
	gtd_buf_init(&part, out->max);
	gtd_buf_init(&name, out->max);
	writer_init(&w, &msg, 0);
	if (gtd_email_kinds[kind].customer) {
		to = &ctx->booking->travellers[0];
		ref = ctx->booking->number;
		sep = " ";
		add_name(&name, to);
	} else {
		ref = ctx->partner_name;
		sep = " – ";
		gtd_buf_adds(&name, ctx->admin_name);
	}
	gtd_buf_printf(&subject, "[Gotadi] %s%s%s / %s%s%s", kinds[kind].subject[VI], sep, ref,
		       kinds[kind].subject[EN], sep, ref);
	/* The parts' failures are the message's. */
	gtd_buf_fail(&msg, gtd_buf_status(&name));
	gtd_buf_fail(&msg, gtd_buf_status(&subject));
	format_date(date, ctx->now);

	w_raw(&w, "From: %s\r\nTo: ", ctx->from ? ctx->from : GTD_MAIL_FROM);
	if (name.len) {
		add_rfc2047(&msg, gtd_buf_str(&name));
		w_raw(&w, " ");
	}
	w_raw(&w, "<%s>\r\nSubject: ", to ? to->email : ctx->admin_email);
	add_rfc2047(&msg, gtd_buf_str(&subject));
	/* A booking's e-mail of a kind is one message, whenever it is made:
	 * its id says which, so a copy delivered again after a crash is the
	 * same message to every mail client. */
	if (to)
		w_raw(&w, "\r\nDate: %s\r\nMessage-ID: <%s.%s.%s@%s>\r\n", date, gtd_email_kinds[kind].name,
		      ref, ctx->partner_id, MSGID_DOMAIN);
	else
		w_raw(&w, "\r\nDate: %s\r\nMessage-ID: <%s.%s.%lld.%s@%s>\r\n", date,
		      gtd_email_kinds[kind].name, ctx->partner_id, (long long)ctx->now, rnd, MSGID_DOMAIN);
	/* "=_" cannot occur in base64, so the boundary never collides with a part. */
	w_raw(&w, "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"=_gtd_%s\"\r\n"
		  "X-Gtd-Kind: %s\r\n", rnd, gtd_email_kinds[kind].name);
	if (to)
		w_raw(&w, "X-Gtd-Booking: %s\r\n", ref);
	w_raw(&w, "X-Gtd-Partner: %s\r\n\r\n", ctx->partner_id);
	for (html = 0; html < 2 && gtd_buf_status(&msg) == GTD_OK; html++) {
		gtd_buf_reset(&part);
		writer_init(&pw, &part, html);
		w_document(&pw, kind, ctx, gtd_buf_str(&subject));
		gtd_buf_release(&pw.text);
		gtd_buf_fail(&msg, gtd_buf_status(&part));
		w_raw(&w, "--=_gtd_%s\r\nContent-Type: %s; charset=UTF-8\r\n"
			  "Content-Transfer-Encoding: base64\r\n\r\n", rnd, types[html]);
		if (gtd_buf_status(&msg) == GTD_OK)
			add_base64(&msg, part.data, part.len);
	}
	w_raw(&w, "--=_gtd_%s--\r\n", rnd);
	st = writer_finish(&w, err);
	if (st == GTD_OK && gtd_buf_add(out, msg.data, msg.len) != GTD_OK)
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory writing an e-mail");
	gtd_buf_release(&msg);
	gtd_buf_release(&subject);
	gtd_buf_release(&part);
	gtd_buf_release(&name);
	return st;
}

gtd_status gtd_mail_preview(gtd_email_kind kind, const gtd_mail_context *ctx, const char *lang,
			    gtd_buf *out, gtd_err *err)
{
	gtd_buf text;
	gtd_status st;
	writer w;
	int l;

	for (l = 0; l < LANG_COUNT; l++)
		if (lang && strcmp(lang, langs[l].code) == 0)
			break;
	if (l == LANG_COUNT)
		return gtd_err_set(err, GTD_EINVAL, "no e-mail language %s (vi or en)",
				   lang ? lang : "(none)");
	st = check_context(kind, ctx, err);
	if (st != GTD_OK)
		return st;
	gtd_buf_init(&text, out->max - out->len);
	writer_init(&w, &text, 0);
	w_body(&w, kind, ctx, l);
	st = writer_finish(&w, err);
	if (st == GTD_OK && gtd_buf_add(out, text.data, text.len) != GTD_OK)
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory writing an e-mail");
	gtd_buf_release(&text);
	return st;
}

char *gtd_mail_amount(char out[GTD_MAIL_AMOUNT_MAX], long long vnd, const char *lang)
{
	char sep = lang && strcmp(lang, "vi") == 0 ? '.' : ',', digits[24];
	/* Negated as unsigned so the most negative value does not overflow. */
	unsigned long long v = vnd < 0 ? 0ULL - (unsigned long long)vnd : (unsigned long long)vnd;
	int n = snprintf(digits, sizeof(digits), "%llu", v), i;
	size_t o = 0;

	if (vnd < 0)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = sep;
		out[o++] = digits[i];
	}
	memcpy(out + o, " VND", sizeof(" VND"));
	return out;
}

/* ---- the Maildir ------------------------------------------------------- */

static atomic_uint deliveries;

/* The host part of a unique name, with '/' and ':' written as octal escapes
 * as the Maildir convention asks (':' separates the flags in cur/); read
 * once, as every name of this process carries the same. */
static char host_part[4 * 256 + 1];
static pthread_once_t host_once = PTHREAD_ONCE_INIT;

static void read_host(void)
{
	char host[256];
	const char *p;
	size_t o = 0;

	if (gethostname(host, sizeof(host)) != 0)
		strcpy(host, "localhost");
	host[sizeof(host) - 1] = '\0';
	for (p = host; *p; p++) {
		const char *esc = *p == '/' ? "\\057" : *p == ':' ? "\\072" : NULL;

		if (esc) {
			memcpy(host_part + o, esc, 4);
			o += 4;
		} else {
			host_part[o++] = *p;
		}
	}
	host_part[o] = '\0';
}

/* The error of a path that could not be built in b: too long for
 * PATH_MAX, or out of memory. */
static gtd_status path_failed(const gtd_buf *b, gtd_err *err)
{
	gtd_status st = gtd_buf_status(b);

	if (st == GTD_ENOMEM)
		return gtd_err_set(err, st, "out of memory");
	return gtd_err_set(err, GTD_EINVAL, "the path is too long");
}

/* tmp/, cur/ and new/ of maildir, made where missing. */
static gtd_status make_subdirs(const char *maildir, gtd_err *err)
{
	static const char *const subdirs[] = {"tmp", "cur", "new"};
	gtd_status st = GTD_OK;
	gtd_buf dir;
	size_t i;

	gtd_buf_init(&dir, PATH_MAX);
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]) && st == GTD_OK; i++) {
		gtd_buf_reset(&dir);
		if (gtd_buf_printf(&dir, "%s/%s", maildir, subdirs[i]) != GTD_OK)
			st = path_failed(&dir, err);
		else
			st = gtd_mkdirs(dir.data, DIR_MODE, err);
	}
	if (st != GTD_OK)
		gtd_err_prefix(err, "cannot deliver an e-mail to the outbox %s", maildir);
	gtd_buf_release(&dir);
	return st;
}

/* gtd_file_write_atomic() is not used: it puts its temporary file beside the
 * target, in new/, where a reader would take it for a message; Maildir wants
 * it in tmp/ and link() (which, unlike rename(), never replaces a message)
 * to move it. */
gtd_status gtd_maildir_deliver(const char *maildir, const char *msg, size_t len,
			       char **name_out, gtd_err *err)
{
	return gtd_maildir_deliver_ex(maildir, msg, len, 0, name_out, err);
}

gtd_status gtd_maildir_deliver_ex(const char *maildir, const char *msg, size_t len,
				  unsigned flags, char **name_out, gtd_err *err)
{
	int sync = !(flags & GTD_MAILDIR_NO_SYNC);
	gtd_buf dir, tmp, dst;
	struct timespec now;
	char rnd[2 * RANDOM_BYTES + 1];
	const char *failed;
	int fd = -1, created = 0, linked = 0, rc;
	gtd_status st = GTD_OK;

	if (name_out)
		*name_out = NULL;
	gtd_buf_init(&dir, PATH_MAX);
	gtd_buf_init(&tmp, PATH_MAX);
	gtd_buf_init(&dst, PATH_MAX);
	if (gtd_buf_printf(&dir, "%s/new", maildir) != GTD_OK)
		st = path_failed(&dir, err);
	else
		st = random_hex(rnd, err);
	if (st != GTD_OK) {
		gtd_err_prefix(err, "cannot deliver an e-mail to the outbox %s", maildir);
		goto out;
	}
	pthread_once(&host_once, read_host);
	/* djb's modern unique name: seconds, then microseconds (M), pid (P),
	 * this process's delivery count (Q), random bits (R) and the host, so
	 * that names also sort by delivery time within a second. */
	clock_gettime(CLOCK_REALTIME, &now);
	if (gtd_buf_printf(&tmp, "%s/tmp/%lld.M%06ldP%ldQ%uR%s.%s", maildir, (long long)now.tv_sec,
			   now.tv_nsec / 1000, (long)getpid(), atomic_fetch_add(&deliveries, 1) + 1,
			   rnd, host_part) != GTD_OK ||
	    gtd_buf_printf(&dst, "%s/new/%s", maildir, strrchr(tmp.data, '/') + 1) != GTD_OK) {
		st = path_failed(gtd_buf_status(&tmp) != GTD_OK ? &tmp : &dst, err);
		gtd_err_prefix(err, "cannot deliver an e-mail to the outbox %s", maildir);
		goto out;
	}
	failed = tmp.data;
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FILE_MODE);
	/* The subdirectories are made when a delivery finds them missing, not
	 * checked on every one: three mkdir() walks cost more than the file. */
	if (fd < 0 && errno == ENOENT) {
		if ((st = make_subdirs(maildir, err)) != GTD_OK)
			goto out;
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FILE_MODE);
	}
	if (fd < 0)
		goto fail;
	created = 1;
	/* Exactly 0600 whatever the umask: mails carry travellers' details. */
	if (fchmod(fd, FILE_MODE) != 0)
		goto fail;
	if (gtd_write_all(fd, msg, len) != 0 || (sync && fsync(fd) != 0))
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	failed = dst.data;
	rc = link(tmp.data, dst.data);
	if (rc != 0 && errno == ENOENT) {   /* new/ went after tmp/ was found */
		if ((st = make_subdirs(maildir, err)) != GTD_OK)
			goto out;
		rc = link(tmp.data, dst.data);
	}
	if (rc != 0)
		goto fail;
	linked = 1;
	failed = dir.data;
	if (sync && gtd_fsync_dir(dir.data) != 0)
		goto fail;
	if (name_out && !(*name_out = strdup(dst.data + strlen(maildir) + 1)))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory delivering an e-mail");
	goto out;
fail:
	st = gtd_err_set(err, GTD_EIO, "cannot deliver an e-mail to %s: %s", failed, strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	if (created)
		unlink(tmp.data);
	if (linked && st != GTD_OK)
		unlink(dst.data);
	gtd_buf_release(&dir);
	gtd_buf_release(&tmp);
	gtd_buf_release(&dst);
	return st;
}

/* Length of the header section, up to its empty line; 0 when there is none. */
static size_t header_length(const char *text, size_t len)
{
	const char *p = text, *nl;

	while ((nl = memchr(p, '\n', len - (size_t)(p - text)))) {
		if (nl == p || (nl == p + 1 && *p == '\r'))
			return (size_t)(p - text);
		p = nl + 1;
	}
	return 0;
}

/* The unfolded value of the first header called name in head[0..len), its
 * leading blanks dropped, into v.  GTD_EINVAL when absent: every header
 * asked for is one our messages carry. */
static gtd_status header_value(const char *head, size_t len, const char *name, gtd_buf *v)
{
	size_t nlen = strlen(name), i, llen;
	gtd_status st = GTD_OK;
	int found = 0;

	gtd_buf_reset(v);
	for (i = 0; i < len && st == GTD_OK; i += llen + 1) {
		const char *line = head + i, *nl = memchr(line, '\n', len - i);
		size_t start = 0, end;

		llen = nl ? (size_t)(nl - line) : len - i;
		if (found && line[0] != ' ' && line[0] != '\t')
			break;
		if (!found) {
			if (llen <= nlen || line[nlen] != ':' || strncasecmp(line, name, nlen) != 0)
				continue;
			found = 1;
			for (start = nlen + 1; start < llen && (line[start] == ' ' || line[start] == '\t');)
				start++;
		}
		end = llen > start && line[llen - 1] == '\r' ? llen - 1 : llen;
		st = gtd_buf_add(v, line + start, end - start);
	}
	return st != GTD_OK ? st : found ? GTD_OK : GTD_EINVAL;
}

/* Whether text ends as every message gtd_mail_render writes does, with
 * the closing delimiter of its multipart body: a file cut short (delivered
 * without a sync, then a power cut) does not.  GTD_EINVAL when it does
 * not, GTD_ENOMEM. */
static gtd_status check_complete(const char *text, size_t len, size_t hlen, gtd_buf *v)
{
	const char *b, *q;
	size_t blen;
	gtd_status st = header_value(text, hlen, "Content-Type", v);

	if (st != GTD_OK)
		return st;
	if (!(b = strstr(v->data, "boundary=\"")) || !(q = strchr(b + 10, '"')))
		return GTD_EINVAL;
	b += 10;
	blen = (size_t)(q - b);
	/* "\r\n--" boundary "--\r\n" */
	if (len < blen + 8 || memcmp(text + len - blen - 8, "\r\n--", 4) != 0 ||
	    memcmp(text + len - blen - 4, b, blen) != 0 || memcmp(text + len - 4, "--\r\n", 4) != 0)
		return GTD_EINVAL;
	return GTD_OK;
}

/* The Date header as gtd_mail_render writes it, or any RFC 5322 date with a
 * numeric zone.  0 when it is not one. */
static int parse_date(const char *s, time_t *t)
{
	const char *comma = strchr(s, ',');
	struct tm tm = {0};
	char mon[4], sign;
	int zone, m;

	if (sscanf(comma ? comma + 1 : s, " %d %3s %d %d:%d:%d %c%4d", &tm.tm_mday, mon,
		   &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &sign, &zone) != 8 ||
	    (sign != '+' && sign != '-'))
		return 0;
	for (m = 0; m < 12 && strcmp(mon, months[m]) != 0; m++)
		;
	if (m == 12)
		return 0;
	tm.tm_mon = m;
	tm.tm_year -= 1900;
	zone = zone / 100 * 3600 + zone % 100 * 60;
	*t = timegm(&tm) - (sign == '+' ? zone : -zone);
	return 1;
}

static void entry_release(gtd_mail_entry *e)
{
	free(e->name);
	free(e->booking);
	free(e->partner);
	free(e->to);
	free(e->subject);
	memset(e, 0, sizeof(*e));
}

/* Hands v's contents to *dst; GTD_ENOMEM when that fails. */
static gtd_status take(gtd_buf *v, char **dst)
{
	*dst = gtd_buf_detach(v);
	return *dst ? GTD_OK : GTD_ENOMEM;
}

/* Reads the message maildir/rel into e.  GTD_EINVAL for a file that is not
 * one of our messages, GTD_ENOMEM. */
static gtd_status read_entry(const char *maildir, const char *rel, gtd_mail_entry *e)
{
	gtd_buf path, v, decoded;
	char *text = NULL, *lt, *gt;
	size_t len = 0, hlen = 0;
	gtd_status st;
	int kind = -1;

	memset(e, 0, sizeof(*e));
	gtd_buf_init(&path, PATH_MAX);
	gtd_buf_init(&v, GTD_MAIL_MAX);
	gtd_buf_init(&decoded, GTD_MAIL_MAX);
	st = gtd_buf_printf(&path, "%s/%s", maildir, rel);
	if (st == GTD_OK)
		st = gtd_file_read(path.data, GTD_MAIL_MAX, &text, &len, NULL);
	if (st == GTD_OK)
		hlen = header_length(text, len);
	if (st == GTD_OK && hlen == 0)
		st = GTD_EINVAL;
	if (st == GTD_OK)
		st = check_complete(text, len, hlen, &v);
	if (st == GTD_OK)
		st = header_value(text, hlen, "X-Gtd-Kind", &v);
	if (st == GTD_OK && (kind = gtd_email_kind_lookup(v.data)) < 0)
		st = GTD_EINVAL;
	if (st == GTD_OK)
		st = header_value(text, hlen, "X-Gtd-Partner", &v);
	if (st == GTD_OK)
		st = take(&v, &e->partner);
	if (st == GTD_OK && gtd_email_kinds[kind].customer) {
		st = header_value(text, hlen, "X-Gtd-Booking", &v);
		if (st == GTD_OK)
			st = take(&v, &e->booking);
	}
	if (st == GTD_OK)
		st = header_value(text, hlen, "To", &v);
	if (st == GTD_OK) {
		/* The address alone: what scenarios compare against. */
		lt = strrchr(v.data, '<');
		gt = lt ? strchr(lt, '>') : NULL;
		if (lt && !gt)
			st = GTD_EINVAL;
		else if (!(e->to = lt ? strndup(lt + 1, (size_t)(gt - lt - 1)) : strdup(v.data)))
			st = GTD_ENOMEM;
	}
	if (st == GTD_OK)
		st = header_value(text, hlen, "Subject", &v);
	if (st == GTD_OK)
		st = rfc2047_decode(v.data, &decoded);
	if (st == GTD_OK)
		st = take(&decoded, &e->subject);
	if (st == GTD_OK)
		st = header_value(text, hlen, "Date", &v);
	if (st == GTD_OK && !parse_date(v.data, &e->date))
		st = GTD_EINVAL;
	if (st == GTD_OK && !(e->name = strdup(rel)))
		st = GTD_ENOMEM;
	if (st == GTD_OK) {
		e->kind = (gtd_email_kind)kind;
		e->delivered = (time_t)strtoll(strchr(rel, '/') + 1, NULL, 10);
	} else {
		entry_release(e);
	}
	free(text);
	gtd_buf_release(&path);
	gtd_buf_release(&v);
	gtd_buf_release(&decoded);
	return st == GTD_ENOMEM ? st : st == GTD_OK ? GTD_OK : GTD_EINVAL;
}

static int by_delivery(const void *a, const void *b)
{
	const gtd_mail_entry *x = a, *y = b;

	if (x->delivered != y->delivered)
		return x->delivered < y->delivered ? -1 : 1;
	/* Without the folder: a message read into cur/ keeps its place. */
	return strcmp(strchr(x->name, '/') + 1, strchr(y->name, '/') + 1);
}

gtd_status gtd_maildir_list(const char *maildir, gtd_mail_entry **entries, size_t *n,
			    size_t *skipped, gtd_err *err)
{
	static const char *const subdirs[] = {"new", "cur"};
	gtd_mail_entry *v = NULL, *grown;
	size_t count = 0, cap = 0, bad = 0, i;
	gtd_buf dir, rel;
	gtd_status st = GTD_OK;

	*entries = NULL;
	*n = 0;
	if (skipped)
		*skipped = 0;
	gtd_buf_init(&dir, PATH_MAX);
	gtd_buf_init(&rel, PATH_MAX);
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]) && st == GTD_OK; i++) {
		struct dirent *de;
		DIR *d;

		gtd_buf_reset(&dir);
		if (gtd_buf_printf(&dir, "%s/%s", maildir, subdirs[i]) != GTD_OK) {
			st = gtd_err_set(err, GTD_EINVAL, "outbox path too long: %s", maildir);
			break;
		}
		d = opendir(dir.data);
		if (!d && errno == ENOENT)
			continue;   /* nothing delivered yet */
		if (!d) {
			st = gtd_err_set(err, GTD_EIO, "cannot read the outbox %s: %s", dir.data,
					 strerror(errno));
			break;
		}
		for (;;) {
			errno = 0;
			de = readdir(d);
			if (!de) {
				if (errno)
					st = gtd_err_set(err, GTD_EIO, "cannot read the outbox %s: %s",
							 dir.data, strerror(errno));
				break;
			}
			if (de->d_name[0] == '.')
				continue;
			if (count == cap) {
				cap = cap ? 2 * cap : 16;
				grown = realloc(v, cap * sizeof(*v));
				if (!grown) {
					st = gtd_err_set(err, GTD_ENOMEM, "out of memory listing the outbox");
					break;
				}
				v = grown;
			}
			/* Released, not reset: a name too long fails only its own entry. */
			gtd_buf_release(&rel);
			st = gtd_buf_printf(&rel, "%s/%s", subdirs[i], de->d_name);
			if (st == GTD_OK)
				st = read_entry(maildir, rel.data, &v[count]);
			if (st == GTD_OK) {
				count++;
			} else if (st == GTD_ENOMEM) {
				gtd_err_set(err, GTD_ENOMEM, "out of memory listing the outbox");
				break;
			} else {
				bad++;
				st = GTD_OK;
			}
		}
		closedir(d);
	}
	gtd_buf_release(&dir);
	gtd_buf_release(&rel);
	if (st != GTD_OK) {
		gtd_mail_entries_free(v, count);
		return st;
	}
	if (count)
		qsort(v, count, sizeof(*v), by_delivery);
	*entries = v;
	*n = count;
	if (skipped)
		*skipped = bad;
	return GTD_OK;
}

void gtd_mail_entries_free(gtd_mail_entry *entries, size_t n)
{
	size_t i;

	for (i = 0; entries && i < n; i++)
		entry_release(&entries[i]);
	free(entries);
}

void gtd_mail_message_release(gtd_mail_message *m)
{
	entry_release(&m->entry);
	free(m->raw);
	free(m->headers);
	free(m->text);
	free(m->html);
	memset(m, 0, sizeof(*m));
}

/* Decodes the base64 body of a part (lines of base64 and CRLFs) into a
 * NUL-terminated string, or NULL. */
static char *part_base64(const char *body, size_t len)
{
	unsigned char *bytes = NULL;
	size_t i, n = 0, outlen = 0;
	char *clean = malloc(len + 1), *text = NULL;

	if (!clean)
		return NULL;
	for (i = 0; i < len; i++)
		if (body[i] != '\r' && body[i] != '\n' && body[i] != ' ' && body[i] != '\t')
			clean[n++] = body[i];
	if (gtd_b64_decode(clean, n, &bytes, &outlen, NULL) == GTD_OK && (text = malloc(outlen + 1))) {
		memcpy(text, bytes, outlen);
		text[outlen] = '\0';
	}
	free(bytes);
	free(clean);
	return text;
}

/* Finds the parts of a multipart/alternative message (as gtd_mail_render
 * writes them) and decodes its text/plain and text/html ones into m. */
static gtd_status read_parts(gtd_mail_message *m, size_t hlen)
{
	gtd_buf v, delim;
	const char *b, *end, *p, *next;
	gtd_status st;

	gtd_buf_init(&v, GTD_MAIL_MAX);
	gtd_buf_init(&delim, 256);
	st = header_value(m->raw, hlen, "Content-Type", &v);
	if (st == GTD_OK && (!(b = strstr(v.data, "boundary=\"")) || !strchr(b + 10, '"')))
		st = GTD_EINVAL;
	if (st == GTD_OK)
		st = gtd_buf_printf(&delim, "\r\n--%.*s", (int)(strchr(b + 10, '"') - (b + 10)), b + 10);
	end = m->raw + m->raw_len;
	/* The first delimiter follows the header section's empty line. */
	for (p = st == GTD_OK ? m->raw + hlen : end; p < end; p = next) {
		const char *part, *body;
		size_t plen, phl;
		char **dst = NULL;

		if (!(p = strstr(p, delim.data)))
			break;
		part = p + delim.len;
		if (strncmp(part, "--", 2) == 0)
			break;
		part += strspn(part, "\r\n");
		next = strstr(part, delim.data);
		plen = (size_t)((next ? next : end) - part);
		if (!next)
			next = end;
		phl = header_length(part, plen);
		if (phl == 0 || header_value(part, phl, "Content-Type", &v) != GTD_OK)
			continue;
		if (strncasecmp(v.data, "text/plain", 10) == 0)
			dst = &m->text;
		else if (strncasecmp(v.data, "text/html", 9) == 0)
			dst = &m->html;
		if (!dst || *dst)
			continue;
		body = part + phl;
		body += strspn(body, "\r\n");
		if (header_value(part, phl, "Content-Transfer-Encoding", &v) == GTD_OK &&
		    strcasecmp(v.data, "base64") == 0)
			*dst = part_base64(body, (size_t)(part + plen - body));
		else
			*dst = strndup(body, (size_t)(part + plen - body));
		if (!*dst) {
			st = GTD_ENOMEM;
			break;
		}
	}
	gtd_buf_release(&v);
	gtd_buf_release(&delim);
	return st;
}

gtd_status gtd_maildir_read(const char *maildir, const char *id, gtd_mail_message *m,
			    gtd_err *err)
{
	static const char *const subdirs[] = {"new", "cur"};
	gtd_buf rel, path;
	gtd_status st = GTD_ENOTFOUND;
	size_t i, hlen;

	memset(m, 0, sizeof(*m));
	if (!id || !*id || id[0] == '.' || strchr(id, '/') || strlen(id) > NAME_MAX)
		return gtd_err_set(err, GTD_ENOTFOUND, "no message %.80s in the outbox", id ? id : "");
	gtd_buf_init(&rel, PATH_MAX);
	gtd_buf_init(&path, PATH_MAX);
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]) && st == GTD_ENOTFOUND; i++) {
		gtd_buf_reset(&rel);
		gtd_buf_reset(&path);
		if (gtd_buf_printf(&rel, "%s/%s", subdirs[i], id) != GTD_OK ||
		    gtd_buf_printf(&path, "%s/%s", maildir, rel.data) != GTD_OK) {
			/* Too long for a path, or no memory to write it. */
			st = gtd_buf_status(&rel) == GTD_ENOMEM || gtd_buf_status(&path) == GTD_ENOMEM ? GTD_ENOMEM
													  : GTD_ENOTFOUND;
			break;
		}
		if (access(path.data, F_OK) != 0)
			continue;
		st = read_entry(maildir, rel.data, &m->entry);
		if (st == GTD_OK)
			st = gtd_file_read(path.data, GTD_MAIL_MAX, &m->raw, &m->raw_len, NULL);
	}
	if (st == GTD_OK) {
		hlen = header_length(m->raw, m->raw_len);
		if (!(m->headers = strndup(m->raw, hlen)))
			st = GTD_ENOMEM;
	}
	if (st == GTD_OK)
		st = read_parts(m, hlen);
	gtd_buf_release(&rel);
	gtd_buf_release(&path);
	if (st == GTD_OK)
		return GTD_OK;
	gtd_mail_message_release(m);
	if (st == GTD_ENOTFOUND)
		return gtd_err_set(err, GTD_ENOTFOUND, "no message %.80s in the outbox", id);
	if (st == GTD_ENOMEM)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory reading the message %.80s", id);
	return gtd_err_set(err, GTD_EINVAL, "%.80s is not one of gtd-mock's messages", id);
}
