/* routes.c - every path gtd-mock answers, in one table. */
#include <string.h>

#include "mock.h"
#include "portal.h"
#include "webview.h"

static const mock_route routes[] = {
	/* Gotadi's gateway (PROTOCOL.md section 4). */
	{"POST", "/api/partner/login", 0, "login", api_login},
	{"GET", "/api/partner/place-order", 0, "place-order", api_place_order},
	{"POST", "/api/partner/commit", 0, "commit", api_commit},
	{"POST", "/api/partner/query-trans", 0, "query-trans", api_query_trans},
	{"GET", "/api/products/booking-detail", 0, "booking-detail", api_booking_detail},
	/* The webview (section 7) and the B2B portal's activation page. */
	WEBVIEW_ROUTES
	PORTAL_ROUTES
	/* The control API. */
	{"GET", "/__gtd/health", MOCK_ROUTE_CONTROL, "control", control_health},
	{"POST", "/__gtd/reset", MOCK_ROUTE_CONTROL, "control", control_reset},
	{"GET", "/__gtd/clock", MOCK_ROUTE_CONTROL, "control", control_clock},
	{"POST", "/__gtd/clock/advance", MOCK_ROUTE_CONTROL, "control", control_clock_advance},
	{"POST", "/__gtd/faults", MOCK_ROUTE_CONTROL, "control", control_faults_add},
	{"GET", "/__gtd/faults", MOCK_ROUTE_CONTROL, "control", control_faults_list},
	{"DELETE", "/__gtd/faults", MOCK_ROUTE_CONTROL, "control", control_faults_clear},
	{"POST", "/__gtd/bookings", MOCK_ROUTE_CONTROL, "control", control_bookings_create},
	{"GET", "/__gtd/bookings/", MOCK_ROUTE_CONTROL | MOCK_ROUTE_PREFIX, "control", control_booking},
	{"POST", "/__gtd/bookings/", MOCK_ROUTE_CONTROL | MOCK_ROUTE_PREFIX, "control", control_booking},
	{"GET", "/__gtd/journal", MOCK_ROUTE_CONTROL, "control", control_journal},
	{"GET", "/__gtd/outbox", MOCK_ROUTE_CONTROL, "control", control_outbox},
	{"POST", "/__gtd/reload", MOCK_ROUTE_CONTROL, "control", control_reload},
};

static int path_matches(const mock_route *r, const char *path)
{
	if (r->flags & MOCK_ROUTE_PREFIX)
		return strncmp(path, r->path, strlen(r->path)) == 0 && path[strlen(r->path)];
	return strcmp(path, r->path) == 0;
}

const mock_route *mock_route_find(const char *method, const char *path, int *path_known)
{
	size_t i;

	*path_known = 0;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (!path_matches(&routes[i], path))
			continue;
		if (strcmp(routes[i].method, method) == 0)
			return &routes[i];
		*path_known = 1;
	}
	return NULL;
}

/* Off loopback the control API needs --control-token, sent as the
 * X-Gtd-Control-Token header. */
static int control_allowed(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *token = mock_header(req, "x-gtd-control-token");

	if (req->loopback && !ctx->cfg->control_token)
		return 1;
	if (ctx->cfg->control_token && token && strcmp(token, ctx->cfg->control_token) == 0)
		return 1;
	mock_entry_check(ctx->entry, "control-token", 0, "%s",
			 ctx->cfg->control_token ? "missing or wrong X-Gtd-Control-Token"
						 : "the control API is loopback-only without --control-token");
	mock_entry_why(ctx->entry, "the control API refused this client (HTTP 403)");
	mock_response_error(resp, 403, "%s", ctx->cfg->control_token
				? "the control API needs the X-Gtd-Control-Token header"
				: "the control API answers loopback clients only; start gtd-mock with "
				  "--control-token to open it");
	return 0;
}

/* Every answer that is not plain success - an HTTP error, or an envelope
 * whose code is not 00 - carries the journal's one sentence as X-Gtd-Explain, unless
 * --no-explain or the partner's explain_header setting turned it off. */
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
	mock_response_header(resp, "X-Gtd-Explain", "%.400s", why);
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
	const mock_route *r = mock_route_find(req->method, req->path, &path_known);

	if (!r) {
		/* Decision (PROTOCOL.md section 5): a wrong method is 404 too. */
		mock_entry_str(ctx->entry, "api", NULL);
		mock_entry_why(ctx->entry, path_known ? "%s is not a method of %s: the gateway answers 404"
						      : "no such path on the gateway (%s %s): 404",
			       req->method, req->path);
		mock_response_error(resp, 404, "no route for %s %s", req->method, req->path);
		mock_answer_finish(ctx, resp);
		explain(ctx, resp);
		return;
	}
	mock_entry_str(ctx->entry, "api", r->api);
	if (!(r->flags & MOCK_ROUTE_CONTROL) || control_allowed(ctx, req, resp))
		r->handler(ctx, req, resp);
	mock_answer_finish(ctx, resp);
	explain(ctx, resp);
}
