/* partnerpay.c - the demo partner's payment page: the partner's half of
 * place order and commit, played by the mock so that gtd-mock --demo can
 * be booked and paid end to end in a browser. */
#include "partnerpay.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "demo.h"
#include "envelope.h"
#include "html.h"
#include "mail.h"
#include "webview_form.h"

#define PAGE_BANNER "Cổng thanh toán (demo) / Payment page (demo)"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define PARTNER_KEY "demo-partner/partner.pem"  /* demo.c writes it under the demo's directory */
#define DATA_SEP "?data="                       /* the documented redirect's second separator */
#define TRANS_ID_PREFIX "DEMO-"
#define TRANS_ID_BYTES 6
#define TRANS_ID_SIZE (sizeof(TRANS_ID_PREFIX) + 2 * TRANS_ID_BYTES)
#define PAY_FAIL_TRANS_ID "gtd-pay-fail"        /* the magic value for a failed payment */

/* The demo partner as its own systems know it: the record, the partner's
 * private key, and Gotadi's public key from its connection data. */
typedef struct payer {
	const mock_partner *mp;
	gtd_key *key;
	gtd_key *gotadi;
} payer;

/* An error page saying msg, journaled as the answer's why. */
static void fail(mock_ctx *ctx, mock_response *resp, const gtd_partner *p, int status, const char *fmt,
		 ...) __attribute__((format(printf, 5, 6)));
static void fail(mock_ctx *ctx, mock_response *resp, const gtd_partner *p, int status, const char *fmt,
		 ...)
{
	char msg[GTD_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	mock_entry_why(ctx->entry, "demo partner's payment page: %s (HTTP %d)", msg, status);
	mock_page_begin(resp, p, PAGE_BANNER, "partner-error", "Không thanh toán được / Payment not possible");
	gtd_buf_adds(&resp->body, "<p class=\"error\" id=\"error\">");
	gtd_buf_add_html(&resp->body, msg);
	gtd_buf_adds(&resp->body, "</p>\n");
	mock_page_end(resp, status);
}

/* The demo partner and its keys.  0 with the page made: 404 outside
 * --demo, 500 when a key does not load. */
static int payer_open(mock_ctx *ctx, mock_response *resp, payer *p)
{
	char *path = NULL;
	const char *pem;
	gtd_status st;
	gtd_err err;

	memset(p, 0, sizeof(*p));
	p->mp = ctx->cfg->demo_dir ? mock_partners_by_id(ctx->partners, MOCK_DEMO_PARTNER) : NULL;
	if (!p->mp) {
		fail(ctx, resp, NULL, 404, "This page exists only for the demo partner of gtd-mock --demo; "
					   "a real partner's payment page is on the partner's own site.");
		return 0;
	}
	mock_entry_str(ctx->entry, "partner", MOCK_DEMO_PARTNER);
	pem = p->mp->rec->env[GTD_ENV_SANDBOX].gotadi_public_key;
	if (asprintf(&path, "%s/%s", ctx->cfg->demo_dir, PARTNER_KEY) < 0) {
		path = NULL;
		st = gtd_err_set(&err, GTD_ENOMEM, "out of memory");
	} else if (!pem) {
		st = gtd_err_set(&err, GTD_ENOTFOUND, "the record has no env.sandbox.gotadi_public_key");
	} else {
		st = gtd_key_load(path, GTD_KEY_PRIVATE, &p->key, &err);
		if (st == GTD_OK)
			st = gtd_key_parse(pem, strlen(pem), GTD_KEY_PUBLIC, &p->gotadi, &err);
	}
	free(path);
	if (st != GTD_OK)
		fail(ctx, resp, p->mp->rec, 500, "the demo partner's keys do not load: %s", err.msg);
	return st == GTD_OK;
}

static void payer_close(payer *p)
{
	gtd_key_free(p->key);
	gtd_key_free(p->gotadi);
	memset(p, 0, sizeof(*p));
}

/* Opens the place-order message into f (which the caller releases).  0
 * with a 400 page when it does not open. */
static int open_order(mock_ctx *ctx, mock_response *resp, const payer *p, const char *key,
		      const char *data, gtd_fields *f)
{
	gtd_open_report rep;
	int ok;

	ok = gtd_open(gtd_schema_find("place-order"), key, data, p->key, p->gotadi,
		      p->mp->rec->env[GTD_ENV_SANDBOX].access_code, f, &rep) == GTD_OK;
	if (ok)
		mock_entry_str(ctx->entry, "booking", gtd_fields_get(f, "booking_number"));
	else
		fail(ctx, resp, p->mp->rec, 400, "the payment request does not open (step %s): %s",
		     gtd_open_step_name(rep.step), rep.why);
	gtd_open_report_release(&rep);
	return ok;
}

/* The redirect's key and data: ?key=K?data=D as documented - which the
 * query parser sees as one argument key = "K?data=D" - or ?key=K&data=D.
 * *copy (caller frees) holds the split key. */
static int redirect_args(const mock_request *req, char **copy, const char **key, const char **data)
{
	const char *k = mock_arg(req, "key"), *sep = k ? strstr(k, DATA_SEP) : NULL;

	*copy = NULL;
	*key = k;
	*data = mock_arg(req, "data");
	if (sep) {
		*key = *copy = strndup(k, (size_t)(sep - k));
		*data = sep + strlen(DATA_SEP);
	}
	return *key && **key && *data && **data;
}

static void add_hidden(gtd_buf *b, const char *name, const char *value)
{
	gtd_buf_adds(b, "<input type=\"hidden\" name=\"");
	gtd_buf_add_html(b, name);
	gtd_buf_adds(b, "\" value=\"");
	gtd_buf_add_html(b, value);
	gtd_buf_adds(b, "\">");
}

/* The order as the partner shows it, with Pay and Fail buttons that post
 * the message back for the commit. */
static void order_page(mock_response *resp, const payer *p, const gtd_fields *f, const char *key,
		       const char *data)
{
	const char *total = gtd_fields_get(f, "total_amount");
	char amount[GTD_MAIL_AMOUNT_MAX], *end;
	gtd_buf *b = &resp->body;
	long long vnd;

	errno = 0;
	vnd = strtoll(total, &end, 10);
	mock_page_begin(resp, p->mp->rec, PAGE_BANNER, "partner-pay", "Thanh toán / Payment");
	gtd_buf_adds(b, "<p>Gotadi chuyển đơn hàng này sang để đối tác thu tiền. / Gotadi hands this "
			"order over for the partner to take the payment.</p>\n<table id=\"order\">\n"
			"<tr><th>Mã đặt chỗ / Booking</th><td id=\"order-booking\">");
	gtd_buf_add_html(b, gtd_fields_get(f, "booking_number"));
	gtd_buf_adds(b, "</td></tr>\n<tr><th>Sản phẩm / Product</th><td>");
	gtd_buf_add_html(b, gtd_fields_get(f, "product_type"));
	gtd_buf_adds(b, "</td></tr>\n<tr><th>Số tiền / Amount</th><td id=\"order-amount\">");
	gtd_buf_add_html(b, errno || *end || end == total ? total : gtd_mail_amount(amount, vnd, "vi"));
	gtd_buf_adds(b, "</td></tr>\n</table>\n<form method=\"post\" action=\"/demo-partner/pay\">");
	add_hidden(b, "key", key);
	add_hidden(b, "data", data);
	gtd_buf_adds(b, "<p><button type=\"submit\" name=\"outcome\" value=\"pay\" id=\"partner-pay\">"
			"Thanh toán / Pay</button> "
			"<button type=\"submit\" name=\"outcome\" value=\"fail\" id=\"partner-fail\" "
			"class=\"secondary\">Thanh toán thất bại / Fail payment</button></p></form>\n"
			"<p><small>Demo: no money moves. Pay commits the booking as paid; Fail commits "
			"it with partner_trans_id " PAY_FAIL_TRANS_ID ", Gotadi's value for a failed "
			"payment.</small></p>\n");
	mock_page_end(resp, 200);
}

/* GET /demo-partner/pay?key=K?data=D */
void partnerpay_page(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *key, *data;
	char *copy = NULL;
	gtd_fields f;
	payer p;

	gtd_fields_init(&f, gtd_schema_find("place-order"));
	if (!payer_open(ctx, resp, &p))
		goto out;
	if (!redirect_args(req, &copy, &key, &data)) {
		fail(ctx, resp, p.mp->rec, 400, "the payment request has no key and data: it comes from "
						 "the webview's \"go to payment\" button");
		goto out;
	}
	if (!open_order(ctx, resp, &p, key, data, &f))
		goto out;
	order_page(resp, &p, &f, key, data);
	mock_entry_why(ctx->entry, "the demo partner shows booking %s (%s VND) for payment",
		       gtd_fields_get(&f, "booking_number"), gtd_fields_get(&f, "total_amount"));
out:
	free(copy);
	gtd_fields_release(&f);
	payer_close(&p);
}

/* DEMO-<random hex> for a payment; Gotadi's magic value for a failed one
 * (gtd_commit_outcome_for). */
static int trans_id_for(const char *outcome, char out[TRANS_ID_SIZE])
{
	unsigned char r[TRANS_ID_BYTES];
	size_t i, n;

	if (strcmp(outcome, "fail") == 0) {
		snprintf(out, TRANS_ID_SIZE, "%s", PAY_FAIL_TRANS_ID);
		return 1;
	}
	if (RAND_bytes(r, sizeof(r)) != 1)
		return 0;
	n = (size_t)snprintf(out, TRANS_ID_SIZE, "%s", TRANS_ID_PREFIX);
	for (i = 0; i < sizeof(r); i++)
		snprintf(out + n + 2 * i, TRANS_ID_SIZE - n - 2 * i, "%02x", r[i]);
	return 1;
}

/* The partner's commit of the order, sent as its server would send it:
 * sealed with its key, with its headers.  1 with the answer opened into
 * answer (which the caller releases); 0 with the page made.  The gateway's
 * unusable answers are 502: this page is the gateway's client. */
static int commit(mock_ctx *ctx, const mock_request *req, mock_response *resp, const payer *p,
		  const gtd_fields *order, const char *trans_id, gtd_fields *answer)
{
	const gtd_partner *rec = p->mp->rec;
	const gtd_partner_env *sb = &rec->env[GTD_ENV_SANDBOX];
	mock_pair headers[] = {
		{"apikey", sb->api_key}, {"x-ibe-req-name", sb->access_code},
		{"content-type", "application/json"},
	};
	mock_request creq = {0};
	mock_response cresp;
	gtd_envelope env = {0}, back = {0};
	gtd_open_report rep = {0};
	gtd_fields f;
	char *body = NULL;
	gtd_err err;
	int ok = 0;

	gtd_fields_init(&f, gtd_api_request_schema(gtd_api_get(GTD_API_COMMIT)));
	mock_response_init(&cresp);
	{
		const char *const pairs[][2] = {
			{"access_code", sb->access_code},
			{"booking_number", gtd_fields_get(order, "booking_number")},
			{"partner_trans_id", trans_id},
			{"product_type", gtd_fields_get(order, "product_type")},
		};

		if (gtd_fields_set_pairs(&f, pairs, sizeof(pairs) / sizeof(pairs[0]), &err) != GTD_OK) {
			fail(ctx, resp, rec, 500, "the demo partner could not fill its commit: %s", err.msg);
			goto out;
		}
	}
	if (gtd_seal(&f, p->key, p->gotadi, &env, &err) != GTD_OK) {
		fail(ctx, resp, rec, 500, "the demo partner could not seal its commit: %s", err.msg);
		goto out;
	}
	if (!(body = gtd_envelope_to_json(&env))) {
		fail(ctx, resp, rec, 500, "out of memory");
		goto out;
	}
	creq.method = gtd_api_get(GTD_API_COMMIT)->method;
	creq.path = gtd_api_get(GTD_API_COMMIT)->path;
	creq.headers = headers;
	creq.nheaders = COUNT(headers);
	creq.body = body;
	creq.body_len = strlen(body);
	creq.loopback = req->loopback;
	creq.base_url = req->base_url;
	mock_run_request(ctx, &creq, &cresp, "the demo partner's payment page");
	/* A delay fault on commit delays what the user waits for. */
	resp->delay_ms = cresp.delay_ms;
	if (cresp.drop) {
		fail(ctx, resp, rec, 502, "the commit got no answer (a fault dropped it)");
		goto out;
	}
	if (cresp.status != 200) {
		fail(ctx, resp, rec, 502, "the gateway answered the commit with HTTP %d: %.300s", cresp.status,
		     gtd_buf_str(&cresp.body));
		goto out;
	}
	if (gtd_envelope_from_json(cresp.body.data, cresp.body.len, &back, &err) != GTD_OK) {
		fail(ctx, resp, rec, 502, "the commit's answer is not an envelope: %s", err.msg);
		goto out;
	}
	if (gtd_open(gtd_schema_find("commit-response"), back.key, back.data, p->key, p->gotadi,
		     sb->access_code, answer, &rep) != GTD_OK) {
		fail(ctx, resp, rec, 502, "the commit's answer does not open (step %s): %s",
		     gtd_open_step_name(rep.step), rep.why);
		goto out;
	}
	ok = 1;
out:
	gtd_open_report_release(&rep);
	gtd_envelope_release(&back);
	gtd_envelope_release(&env);
	free(body);
	mock_response_release(&cresp);
	gtd_fields_release(&f);
	return ok;
}

/* Sends the browser to the commit answer's return_url, as Gotadi asks. */
static void follow(mock_ctx *ctx, mock_response *resp, const payer *p, const gtd_fields *answer,
		   const char *trans_id)
{
	const char *code = gtd_fields_get(answer, "error_code");
	const char *url = gtd_fields_get(answer, "return_url");
	const gtd_code_info *info = gtd_code_lookup(code);

	if (!*url) {
		fail(ctx, resp, p->mp->rec, 502, "the commit answered error code %s (%s / %s) without a "
						 "return_url", code, info ? info->en : "?", info ? info->vi : "?");
		return;
	}
	mock_entry_why(ctx->entry, "the demo partner committed booking %s with partner_trans_id %s: "
				   "error code %s; the user goes to return_url",
		       gtd_fields_get(answer, "booking_number"), trans_id, code);
	mock_response_header(resp, "Location", "%s", url);
	gtd_buf_reset(&resp->body);
	gtd_buf_adds(&resp->body, "<!DOCTYPE html>\n<a href=\"");
	gtd_buf_add_html(&resp->body, url);
	gtd_buf_adds(&resp->body, "\">Tiếp tục / Continue</a>\n");
	resp->status = 302;
	resp->content_type = MOCK_HTML_TYPE;
}

/* POST /demo-partner/pay: key, data, outcome=pay|fail. */
void partnerpay_commit(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	webview_form form = {0};
	gtd_fields order, answer;
	char trans_id[TRANS_ID_SIZE];
	const char *outcome;
	gtd_err err;
	payer p;

	gtd_fields_init(&order, gtd_schema_find("place-order"));
	gtd_fields_init(&answer, gtd_schema_find("commit-response"));
	if (!payer_open(ctx, resp, &p))
		goto out;
	if (webview_form_parse(&form, req->body, req->body_len, &err) != GTD_OK) {
		fail(ctx, resp, p.mp->rec, 400, "%s", err.msg);
		goto out;
	}
	outcome = webview_form_get(&form, "outcome");
	if (!outcome || (strcmp(outcome, "pay") != 0 && strcmp(outcome, "fail") != 0)) {
		fail(ctx, resp, p.mp->rec, 400, "outcome must be pay or fail");
		goto out;
	}
	if (!open_order(ctx, resp, &p, webview_form_get(&form, "key"), webview_form_get(&form, "data"),
			&order))
		goto out;
	if (!trans_id_for(outcome, trans_id)) {
		fail(ctx, resp, p.mp->rec, 500, "no random bytes for a partner_trans_id");
		goto out;
	}
	if (commit(ctx, req, resp, &p, &order, trans_id, &answer))
		follow(ctx, resp, &p, &answer, trans_id);
out:
	webview_form_release(&form);
	gtd_fields_release(&order);
	gtd_fields_release(&answer);
	payer_close(&p);
}
