#include "portal.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "store.h"

/* The partner whose pending activation token is token, or NULL. */
static const mock_partner *by_token(const mock_ctx *ctx, const char *token)
{
	size_t i;

	for (i = 0; token && *token && ctx->partners && i < ctx->partners->n; i++) {
		const char *t = ctx->partners->v[i].rec->env[GTD_ENV_SANDBOX].activation_token;

		if (t && strcmp(t, token) == 0)
			return &ctx->partners->v[i];
	}
	return NULL;
}

/* token=... from an application/x-www-form-urlencoded body; tokens are
 * [A-Za-z0-9_-], so no percent-decoding is needed - anything else fails. */
static char *form_token(const char *body)
{
	const char *p = strstr(body, "token=");
	size_t n;

	if (!p || (p != body && p[-1] != '&'))
		return NULL;
	p += 6;
	n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
	if (p[n] && p[n] != '&')
		return NULL;
	return strndup(p, n);
}

static void page(mock_response *resp, int status, const gtd_partner *p, const char *title,
		 const char *text, const char *token)
{
	gtd_buf *b = &resp->body;

	mock_page_begin(resp, p, "Gotadi B2B", token ? "activate" : "activation", title);
	gtd_buf_adds(b, "<p>");
	gtd_buf_add_html(b, text);
	gtd_buf_adds(b, "</p>");
	if (token) {
		gtd_buf_adds(b, "<form method=\"post\" action=\"/portal/activate\">"
				"<input type=\"hidden\" name=\"token\" value=\"");
		gtd_buf_add_html(b, token);
		gtd_buf_adds(b, "\"><button id=\"activate\" type=\"submit\">Kích hoạt / Activate</button></form>");
	}
	mock_page_end(resp, status);
}

void portal_activate_page(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *token = mock_arg(req, "token");
	const mock_partner *mp = by_token(ctx, token);
	char text[512];

	if (!mp) {
		mock_entry_why(ctx->entry, "no partner has this activation token (HTTP 404)");
		page(resp, 404, NULL, "Liên kết không hợp lệ / Invalid link",
		     "This activation link is unknown or was replaced by a newer one.", NULL);
		return;
	}
	mock_entry_str(ctx->entry, "partner", mp->rec->id);
	if (mp->rec->env[GTD_ENV_SANDBOX].activated_at) {
		snprintf(text, sizeof(text), "The sandbox account of %s was activated at %s.",
			 mp->rec->company.name ? mp->rec->company.name : mp->rec->id,
			 mp->rec->env[GTD_ENV_SANDBOX].activated_at);
		page(resp, 200, mp->rec, "Đã kích hoạt / Already active", text, NULL);
		return;
	}
	snprintf(text, sizeof(text), "Activate the Gotadi sandbox account of %s (administrator: %s).",
		 mp->rec->company.name ? mp->rec->company.name : mp->rec->id,
		 mp->rec->admin.full_name ? mp->rec->admin.full_name : "-");
	mock_entry_why(ctx->entry, "activation page shown for partner %s", mp->rec->id);
	page(resp, 200, mp->rec, "Kích hoạt tài khoản / Activate your account", text, token);
}

void portal_activate(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	char *token = form_token(req->body);
	const mock_partner *mp = by_token(ctx, token);
	gtd_store *store = ctx->cfg->store;
	gtd_partner *rec = NULL;
	char now[GTD_TIMESTAMP_SIZE];
	gtd_err err;

	if (!mp || !store) {
		mock_entry_why(ctx->entry, "activation refused: %s (HTTP 404)",
			       store ? "unknown token" : "this mock serves a pack, not a store");
		page(resp, 404, NULL, "Liên kết không hợp lệ / Invalid link",
		     store ? "This activation link is unknown or was replaced by a newer one."
			   : "This mock serves a connection pack; its partner is active already.", NULL);
		goto out;
	}
	mock_entry_str(ctx->entry, "partner", mp->rec->id);
	/* The mock's clock, so activation and the bookings after it agree. */
	gtd_partner_timestamp(mock_now(ctx->state), now);
	if (gtd_store_load(store, mp->rec->id, &rec, &err) != GTD_OK ||
	    gtd_partner_set(rec, "env.sandbox.activated_at", now, &err) != GTD_OK ||
	    gtd_store_save(store, rec, "b2b-portal", &err) != GTD_OK) {
		mock_entry_why(ctx->entry, "activation could not be saved: %s (HTTP 500)", err.msg);
		page(resp, 500, mp->rec, "Lỗi / Error", err.msg, NULL);
		goto out;
	}
	ctx->reload(ctx->reload_arg);
	mock_entry_why(ctx->entry, "partner %s's sandbox account activated by its administrator",
		       mp->rec->id);
	page(resp, 200, mp->rec, "Đã kích hoạt / Activated",
	     "The sandbox account is active: sealed calls now get real answers instead of 03.", NULL);
out:
	gtd_partner_free(rec);
	free(token);
}
