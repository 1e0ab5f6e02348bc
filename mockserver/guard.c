#include "guard.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "jwt.h"
#include "mask.h"
#include "mock.h"
#include "ui.h"

char *mock_masked(const char *v)
{
	char *m = v ? gtd_mask_secret(v) : NULL;

	return m ? m : strdup("");
}

static void journal_secret(mock_ctx *ctx, const char *key, const char *value)
{
	char *m = mock_masked(value);

	mock_entry_str(ctx->entry, key, value ? m : NULL);
	free(m);
}

/* The partner whose sandbox API key the apikey header carries. */
static int apikey(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *key = mock_header(req, "apikey");

	journal_secret(ctx, "apikey", key);
	if (!key || !*key) {
		mock_entry_check(ctx->entry, "apikey", 0, "the apikey header is missing");
		mock_entry_why(ctx->entry, "no apikey header: every partner call needs "
					   "'apikey: <api_key>' (HTTP 401)");
		mock_response_error(resp, 401, "missing apikey header");
		return 0;
	}
	ctx->caller.mp = mock_partners_by_key(ctx->partners, key);
	if (!ctx->caller.mp) {
		mock_entry_check(ctx->entry, "apikey", 0, "no partner has this API key");
		mock_entry_why(ctx->entry, "the apikey header matches no partner's sandbox API key: "
					   "copy it from the connection pack (HTTP 401)");
		mock_response_error(resp, 401, "invalid apikey");
		return 0;
	}
	mock_entry_str(ctx->entry, "partner", ctx->caller.mp->rec->id);
	mock_entry_check(ctx->entry, "apikey", 1, "partner %s", ctx->caller.mp->rec->id);
	return 1;
}

/* The apikey, then x-ibe-req-name: missing is served with a warning (real
 * clients have been seen to omit it) unless headers are strict; present
 * but wrong is left to the handler, which answers error 06 in an
 * envelope. */
static int sealed(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *reqname = mock_header(req, "x-ibe-req-name");
	const mock_partner *mp;
	const char *code;
	int strict;

	/* The envelope as sent (sealed: nothing in it reads in clear), so
	 * that the dashboard can hand the request back as a curl command. */
	if (req->body_len)
		mock_entry_str(ctx->entry, "request_body", req->body);
	if (!apikey(ctx, req, resp)) {
		journal_secret(ctx, "x-ibe-req-name", reqname);
		return 0;
	}
	journal_secret(ctx, "x-ibe-req-name", reqname);
	mp = ctx->caller.mp;
	code = mp->rec->env[GTD_ENV_SANDBOX].access_code;
	strict = ctx->cfg->strict_headers || mp->rec->settings.strict_headers || mp->rec->settings.strict;
	if (!reqname) {
		mock_entry_check(ctx->entry, "x-ibe-req-name", 0, "the x-ibe-req-name header is missing%s",
				 strict ? " (strict headers: refused)" : " (served; Gotadi may refuse it)");
		if (strict) {
			mock_entry_why(ctx->entry, "the x-ibe-req-name header (the access code) is missing and "
						   "strict headers are on (HTTP 401)");
			mock_response_error(resp, 401, "missing x-ibe-req-name header");
			return 0;
		}
		mock_response_header(resp, "X-Gtd-Warning",
				     "x-ibe-req-name header missing: send your access code in it");
	} else if (!gtd_secret_equal(code, reqname)) {
		mock_entry_check(ctx->entry, "x-ibe-req-name", 0,
				 "the header is not this partner's access code");
		ctx->caller.bad_access_code = 1;
	} else {
		mock_entry_check(ctx->entry, "x-ibe-req-name", 1, "matches the access code");
	}
	return 1;
}

/* A refused token on one of the webview's pages: a page saying so, in
 * place of the JSON error. */
static void refused_page(mock_response *resp)
{
	cJSON *o = cJSON_ParseWithLength(resp->body.data, resp->body.len);
	const char *why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "message"));
	char msg[GTD_ERR_MSG_MAX];
	int status = resp->status;

	snprintf(msg, sizeof(msg), "%s. Mở lại từ ứng dụng của đối tác / Open the booking again from "
		 "the partner's app.", why ? why : "no valid access token");
	cJSON_Delete(o);
	gtd_buf_reset(&resp->body);
	mock_page_error(resp, NULL, NULL, status, msg);
}

/* The user's token (access_token= or Authorization: Bearer), verified,
 * naming a user and a partner this mock serves. */
static int token(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *auth = mock_header(req, "authorization");
	const char *t = mock_arg(req, "access_token");
	mock_caller *c = &ctx->caller;
	const char *pid;
	gtd_err err;

	if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
		t = auth + 7;
	if (mock_jwt_verify(ctx->state->jwt_secret, sizeof(ctx->state->jwt_secret), t,
			    mock_now(ctx->state), &c->claims, &err) != GTD_OK) {
		mock_entry_check(ctx->entry, "token", 0, "%s", err.msg);
		mock_entry_why(ctx->entry, "the user's access token is refused: %s (HTTP 401)", err.msg);
		mock_response_error(resp, 401, "%s", err.msg);
		return 0;
	}
	c->user = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->claims, "sub"));
	pid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c->claims, "partner"));
	if (!c->user || !pid) {
		mock_entry_check(ctx->entry, "token", 0, "no user or partner in the token");
		mock_entry_why(ctx->entry, "the access token has no user or partner (HTTP 401)");
		mock_response_error(resp, 401, "the access token has no user or partner");
		return 0;
	}
	mock_entry_check(ctx->entry, "token", 1, "user %s", c->user);
	mock_entry_str(ctx->entry, "partner", pid);
	c->token = t;
	c->mp = mock_partners_by_id(ctx->partners, pid);
	if (!c->mp) {
		mock_entry_why(ctx->entry, "the token's partner %s is not served by this mock (any more) "
					   "(HTTP 403)", pid);
		mock_response_error(resp, 403, "the token's partner %s is not served by this mock (any more)",
				    pid);
		return 0;
	}
	return 1;
}

/* Off loopback the control API needs --control-token, sent as the
 * X-Gtd-Control-Token header. */
static int control(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *t = mock_header(req, "x-gtd-control-token");

	if (req->loopback && !ctx->cfg->control_token)
		return 1;
	if (gtd_secret_equal(ctx->cfg->control_token, t))
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

int mock_guard(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	int ok = 1;

	memset(&ctx->caller, 0, sizeof(ctx->caller));
	switch (ctx->api->security) {
	case GTD_SEC_SEALED: ok = sealed(ctx, req, resp); break;
	case GTD_SEC_APIKEY: ok = apikey(ctx, req, resp); break;
	case GTD_SEC_TOKEN: ok = token(ctx, req, resp); break;
	case GTD_SEC_CONTROL: ok = control(ctx, req, resp); break;
	case GTD_SEC_REDIRECT:
	case GTD_SEC_LINK:
	case GTD_SEC_COUNT:
		break;
	}
	if (!ok && ctx->api->id == GTD_API_UI)
		mock_ui_refused(resp);
	else if (!ok && (ctx->api->flags & GTD_API_HTML))
		refused_page(resp);
	return ok;
}

void mock_caller_release(mock_caller *c)
{
	cJSON_Delete(c->claims);
	memset(c, 0, sizeof(*c));
}
