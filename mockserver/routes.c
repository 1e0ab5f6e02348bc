/* routes.c - the handler of each endpoint of libgtd's table, and the
 * dispatcher every request goes through. */
#include <stdlib.h>
#include <string.h>

#include "mock.h"
#include "partnerpay.h"
#include "portal.h"
#include "webview.h"
#include "vietnamese.h"

/* Every endpoint of api.h the mock serves, by id. */
static const mock_handler handlers[GTD_API_COUNT] = {
	[GTD_API_LOGIN] = api_login,
	[GTD_API_PLACE_ORDER] = api_place_order,
	[GTD_API_COMMIT] = api_commit,
	[GTD_API_QUERY_TRANS] = api_query_trans,
	[GTD_API_BOOKING_DETAIL] = api_booking_detail,
	[GTD_API_WEBVIEW_HOME] = webview_home,
	[GTD_API_WEBVIEW_FLIGHTS] = webview_flights,
	[GTD_API_WEBVIEW_HOTELS] = webview_hotels,
	[GTD_API_WEBVIEW_TRAVELLERS] = webview_travellers,
	[GTD_API_WEBVIEW_HOLD] = webview_hold,
	[GTD_API_WEBVIEW_BOOKING] = webview_booking,
	[GTD_API_WEBVIEW_PAY] = webview_pay,
	[GTD_API_WEBVIEW_RESULT] = webview_result,
	[GTD_API_WEBVIEW_API_FLIGHTS] = webview_api_flights,
	[GTD_API_WEBVIEW_API_HOTELS] = webview_api_hotels,
	[GTD_API_WEBVIEW_API_BOOK] = webview_api_book,
	[GTD_API_WEBVIEW_API_BOOKING] = webview_api_booking,
	[GTD_API_PORTAL_PAGE] = portal_activate_page,
	[GTD_API_PORTAL_ACTIVATE] = portal_activate,
	[GTD_API_DEMO_PAY_PAGE] = partnerpay_page,
	[GTD_API_DEMO_PAY] = partnerpay_commit,
	[GTD_API_HEALTH] = control_health,
	[GTD_API_RESET] = control_reset,
	[GTD_API_CLOCK] = control_clock,
	[GTD_API_CLOCK_ADVANCE] = control_clock_advance,
	[GTD_API_CLOCK_SET] = control_clock_set,
	[GTD_API_FAULTS_ADD] = control_faults_add,
	[GTD_API_FAULTS_LIST] = control_faults_list,
	[GTD_API_FAULTS_CLEAR] = control_faults_clear,
	[GTD_API_FAULT_DELETE] = control_fault_delete,
	[GTD_API_BOOKINGS_CREATE] = control_bookings_create,
	[GTD_API_BOOKINGS_LIST] = control_bookings_list,
	[GTD_API_BOOKING] = control_booking,
	[GTD_API_BOOKING_ACTION] = control_booking,
	[GTD_API_JOURNAL] = control_journal,
	[GTD_API_JOURNAL_ENTRY] = control_journal_entry,
	[GTD_API_OUTBOX] = control_outbox,
	[GTD_API_OUTBOX_MESSAGE] = control_outbox_message,
	[GTD_API_RELOAD] = control_reload,
	[GTD_API_HOME] = mock_home,
	[GTD_API_UI] = control_ui,
	[GTD_API_PROTOCOL] = control_protocol,
};

mock_handler mock_handler_of(gtd_api_id id)
{
	return id < GTD_API_COUNT ? handlers[id] : NULL;
}

#define EXPLAIN_MAX 400

/* Header values are ASCII: HTTP clients read other bytes as Latin-1 and
 * garble them.  The sentence without its diacritics, anything else not
 * printable ASCII as '?'; at most EXPLAIN_MAX bytes. */
static void explain_ascii(const char *why, char *out)
{
	char *folded = gtd_vi_form(why, GTD_VI_ASCII);
	const unsigned char *p = (const unsigned char *)(folded ? folded : why);
	size_t n = 0;

	for (; *p && n < EXPLAIN_MAX; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;   /* a character's continuation: one '?' for it */
		out[n++] = *p >= 0x20 && *p < 0x7f ? (char)*p : '?';
	}
	out[n] = '\0';
	free(folded);
}

/* The same sentence whole, as an RFC 8187 ext-value (UTF-8''...) for the
 * X-Gtd-Explain* twin: at most EXPLAIN_MAX bytes of it, cut between
 * characters. */
static void explain_utf8(const char *why, char *out)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)why;
	size_t n = strlen("UTF-8''"), len = strlen(why);

	memcpy(out, "UTF-8''", n);
	if (len > EXPLAIN_MAX) {
		len = EXPLAIN_MAX;
		while (len && (p[len] & 0xc0) == 0x80)
			len--;
	}
	for (; len--; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p)) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n] = '\0';
}

/* Every answer that is not plain success - an HTTP error, or an envelope
 * whose code is not 00 - carries the journal's one sentence as X-Gtd-Explain, unless
 * --no-explain or the partner's explain_header setting turned it off.  A
 * sentence with other than ASCII (a Vietnamese name it quotes) also comes
 * whole in X-Gtd-Explain*, RFC 8187's form for such header values. */
static void explain(mock_ctx *ctx, mock_response *resp)
{
	const char *code = mock_entry_get(ctx->entry, "error_code");
	const char *pid = mock_entry_get(ctx->entry, "partner");
	const char *why = mock_entry_get(ctx->entry, "why");
	const mock_partner *mp;

	if (!ctx->cfg->explain || !why || resp->drop || mock_response_get_header(resp, "X-Gtd-Explain"))
		return;
	if (resp->status < 400 && (!code || strcmp(code, "00") == 0))
		return;
	mp = pid ? mock_partners_by_id(ctx->partners, pid) : NULL;
	if (mp && !mp->rec->settings.explain_header)
		return;
	{
		char ascii[EXPLAIN_MAX + 1], utf8[sizeof("UTF-8''") + 3 * EXPLAIN_MAX];
		const char *c;

		explain_ascii(why, ascii);
		mock_response_header(resp, "X-Gtd-Explain", "%s", ascii);
		for (c = why; *c && (unsigned char)*c < 0x80; c++)
			;
		if (*c) {
			explain_utf8(why, utf8);
			mock_response_header(resp, "X-Gtd-Explain*", "%s", utf8);
		}
	}
}

void mock_answer_finish(mock_ctx *ctx, mock_response *resp)
{
	gtd_status st = gtd_buf_status(&resp->body);
	size_t max = resp->body.max;
	int meant = resp->status;

	if (st == GTD_OK)
		return;
	if (st == GTD_ENOMEM)
		mock_entry_why(ctx->entry, "the mock ran out of memory writing its answer (HTTP %d): "
					   "it answers 500 rather than a part of it", meant);
	else
		mock_entry_why(ctx->entry, "the answer (HTTP %d) is larger than the mock's limit of %zu "
					   "bytes: it answers 500 rather than a part of it", meant, max);
	mock_response_clear(resp);
	if (st == GTD_ENOMEM)
		mock_response_error(resp, 500, "out of memory writing the answer");
	else
		mock_response_error(resp, 500, "the answer is larger than %zu bytes", max);
}

void mock_dispatch(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	int path_known;
	const gtd_api *a = gtd_api_route(req->method, req->path, &path_known);
	mock_handler h = a ? handlers[a->id] : NULL;

	ctx->api = h ? a : NULL;
	if (!h) {
		/* A wrong method is 404 too, as a wrong path is (doc/protocol.md). */
		mock_entry_str(ctx->entry, "api", NULL);
		mock_entry_why(ctx->entry, path_known ? "%s is not a method of %s: the gateway answers 404"
						      : "no such path on the gateway (%s %s): 404",
			       req->method, req->path);
		mock_response_error(resp, 404, "no route for %s %s", req->method, req->path);
		mock_answer_finish(ctx, resp);
		explain(ctx, resp);
		return;
	}
	mock_entry_str(ctx->entry, "api", a->name);
	if (mock_guard(ctx, req, resp)) {
		mock_effects fx = {0};

		ctx->fx = &fx;
		h(ctx, req, resp);
		mock_effects_apply(ctx, resp);
		mock_effects_release(&fx);
		ctx->fx = NULL;
	}
	mock_caller_release(&ctx->caller);
	mock_answer_finish(ctx, resp);
	explain(ctx, resp);
}

void mock_entry_answer(mock_entry *e, const mock_response *resp)
{
	mock_entry_num(e, "http", resp->drop ? 0 : resp->status);
	if (resp->drop)
		mock_entry_str(e, "answer", "connection dropped");
}

void mock_run_request(mock_ctx *ctx, mock_request *req, mock_response *resp, const char *via)
{
	mock_ctx sub = *ctx;
	mock_entry e;

	req->id = mock_journal_next_id(ctx->journal);
	mock_entry_init(&e, req->id, mock_now(ctx->state), req->method, req->path);
	mock_entry_str(&e, "via", via);
	sub.entry = &e;
	mock_dispatch(&sub, req, resp);
	mock_entry_answer(&e, resp);
	mock_journal_commit(ctx->journal, &e);
}
