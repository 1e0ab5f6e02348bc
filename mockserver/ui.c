/* ui.c - the landing page, the dashboard and the protocol reference. */
#include "ui.h"

#include <string.h>

#include "codes.h"
#include "html.h"
#include "mock.h"

/* What the page may load: itself, and requests to this mock.  An e-mail's
 * HTML, shown in a sandboxed frame, inherits it: its scripts do not run and
 * its images from outside are not fetched. */
#define UI_CSP "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; " \
	"connect-src 'self'; frame-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

const mock_asset *mock_asset_find(const char *name)
{
	const mock_asset *a;

	for (a = mock_assets; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

static void page_headers(mock_response *resp)
{
	mock_response_header(resp, "Content-Security-Policy", "%s", UI_CSP);
	mock_response_header(resp, "X-Frame-Options", "DENY");
	mock_response_header(resp, "Referrer-Policy", "no-referrer");
	mock_response_header(resp, "Cache-Control", "no-store");
}

/* The endpoint table, the error codes and the fault actions as JSON for
 * the page, so that its filters and its fault form offer what this binary
 * knows and nothing else.  '<' is escaped: the text sits in a <script>. */
static void add_table(gtd_buf *b)
{
	static const char *const actions[] = {"http", "code", "delay_ms", "drop", "corrupt"};
	cJSON *o = cJSON_CreateObject(), *apis = cJSON_AddArrayToObject(o, "apis");
	cJSON *codes = cJSON_AddArrayToObject(o, "codes"), *acts = cJSON_AddArrayToObject(o, "actions");
	char *text, *p;
	size_t i;

	for (i = 0; i < GTD_API_COUNT; i++) {
		cJSON *a = cJSON_CreateObject();

		cJSON_AddStringToObject(a, "name", gtd_apis[i].name);
		cJSON_AddStringToObject(a, "method", gtd_apis[i].method);
		cJSON_AddStringToObject(a, "path", gtd_apis[i].path ? gtd_apis[i].path : "");
		cJSON_AddBoolToObject(a, "faults", (gtd_apis[i].flags & GTD_API_FAULTS) != 0);
		cJSON_AddBoolToObject(a, "control", gtd_apis[i].security == GTD_SEC_CONTROL);
		cJSON_AddItemToArray(apis, a);
	}
	for (i = 0; i < GTD_CODE_COUNT; i++) {
		cJSON *c = cJSON_CreateObject();

		cJSON_AddStringToObject(c, "code", gtd_codes[i].code);
		cJSON_AddStringToObject(c, "en", gtd_codes[i].en);
		cJSON_AddItemToArray(codes, c);
	}
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		cJSON_AddItemToArray(acts, cJSON_CreateString(actions[i]));
	cJSON_AddStringToObject(o, "version", PACKAGE_VERSION);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!text) {
		gtd_buf_fail(b, GTD_ENOMEM);
		return;
	}
	for (p = text; *p; p++)
		if (*p == '<')
			gtd_buf_adds(b, "\\u003c");
		else
			gtd_buf_addc(b, *p);
	free(text);
}

/* Appends template with each @@NAME@@ replaced by the asset NAME, and
 * @@TABLE@@ by the endpoint table. */
static void expand(gtd_buf *b, const mock_asset *template)
{
	const char *p = (const char *)template->data, *end = p + template->len;

	while (p < end) {
		const char *m = strstr(p, "@@"), *close;
		const mock_asset *a;
		char name[64];

		if (!m || !(close = strstr(m + 2, "@@")) || (size_t)(close - m - 2) >= sizeof(name)) {
			gtd_buf_add(b, p, (size_t)(end - p));
			return;
		}
		gtd_buf_add(b, p, (size_t)(m - p));
		memcpy(name, m + 2, (size_t)(close - m - 2));
		name[close - m - 2] = '\0';
		if (strcmp(name, "TABLE") == 0)
			add_table(b);
		else if ((a = mock_asset_find(name)))
			gtd_buf_add(b, a->data, a->len);
		else
			gtd_buf_add(b, m, (size_t)(close + 2 - m));
		p = close + 2;
	}
}

static void serve(mock_response *resp, int status, const char *template)
{
	const mock_asset *a = mock_asset_find(template);

	gtd_buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = MOCK_HTML_TYPE;
	if (a)
		expand(&resp->body, a);
	else
		gtd_buf_fail(&resp->body, GTD_ENOMEM);
	page_headers(resp);
}

void mock_ui_refused(mock_response *resp)
{
	serve(resp, 403, "token.html");
}

void mock_home(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	(void)req;
	mock_entry_why(ctx->entry, "the landing page");
	serve(resp, 200, "home.html");
}

void control_ui(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	(void)req;
	mock_entry_why(ctx->entry, "the dashboard");
	serve(resp, 200, "dashboard.html");
}

void control_protocol(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const mock_asset *a = mock_asset_find("protocol.md");

	(void)req;
	mock_entry_why(ctx->entry, "the protocol reference");
	gtd_buf_reset(&resp->body);
	resp->status = 200;
	/* Markdown, as text/plain: a browser shows it instead of saving it. */
	resp->content_type = "text/plain; charset=utf-8";
	gtd_buf_add(&resp->body, a->data, a->len);
	mock_response_header(resp, "Cache-Control", "no-store");
}
