#include "http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codes.h"

const char *mock_header(const mock_request *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

const char *mock_arg(const mock_request *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nargs; i++)
		if (strcmp(r->args[i].name, name) == 0)
			return r->args[i].value ? r->args[i].value : "";
	return NULL;
}

void mock_response_init(mock_response *resp)
{
	memset(resp, 0, sizeof(*resp));
	resp->status = 500;
	resp->content_type = "application/json";
	gtd_buf_init(&resp->body, MOCK_ANSWER_MAX);
}

void mock_response_release(mock_response *resp)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++) {
		free(resp->hname[i]);
		free(resp->hvalue[i]);
	}
	gtd_buf_release(&resp->body);
	resp->nheaders = 0;
}

void mock_response_clear(mock_response *resp)
{
	int drop = resp->drop;
	unsigned delay_ms = resp->delay_ms;

	mock_response_release(resp);
	mock_response_init(resp);
	resp->drop = drop;
	resp->delay_ms = delay_ms;
}

void mock_response_header(mock_response *resp, const char *name, const char *fmt, ...)
{
	char *value = NULL;
	va_list ap;
	int n;

	if (resp->nheaders >= MOCK_HEADERS_MAX)
		return;
	va_start(ap, fmt);
	n = vasprintf(&value, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	value[strcspn(value, "\r\n")] = '\0';
	resp->hname[resp->nheaders] = strdup(name);
	resp->hvalue[resp->nheaders] = value;
	if (!resp->hname[resp->nheaders]) {
		free(value);
		return;
	}
	resp->nheaders++;
}

const char *mock_response_get_header(const mock_response *resp, const char *name)
{
	size_t i;

	for (i = 0; i < resp->nheaders; i++)
		if (strcasecmp(resp->hname[i], name) == 0)
			return resp->hvalue[i];
	return NULL;
}

void mock_response_json(mock_response *resp, int status, cJSON *json)
{
	char *text = json ? cJSON_PrintUnformatted(json) : NULL;

	cJSON_Delete(json);
	gtd_buf_reset(&resp->body);
	resp->content_type = "application/json";
	resp->status = status;
	if (text)
		gtd_buf_adds(&resp->body, text);
	else
		gtd_buf_fail(&resp->body, GTD_ENOMEM);
	free(text);
}

void mock_response_json_begin(mock_response *resp, gtd_jw *w)
{
	gtd_buf_reset(&resp->body);
	resp->content_type = "application/json";
	gtd_jw_init(w, &resp->body);
}

void mock_response_json_end(mock_response *resp, int status, const gtd_jw *w)
{
	(void)w;   /* a failed write is in resp->body's status */
	resp->status = status;
}

/* The reason phrase: Gotadi's documented statuses, then the mock's own
 * (RFC 9110 section 15). */
static const char *reason_of(int status)
{
	static const struct {
		int status;
		const char *reason;
	} own[] = {
		{409, "Conflict"},
		{413, "Content Too Large"},
		{431, "Request Header Fields Too Large"},
		{501, "Not Implemented"},
	};
	const gtd_http_info *h = gtd_http_lookup(status);
	size_t i;

	if (h)
		return h->reason;
	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (own[i].status == status)
			return own[i].reason;
	return "Error";
}

void mock_response_error(mock_response *resp, int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	gtd_jw w;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* Written, not built: floods of bad requests are answered here. */
	mock_response_json_begin(resp, &w);
	gtd_jw_open(&w, NULL, '{');
	gtd_jw_int(&w, "status", status);
	gtd_jw_str(&w, "error", reason_of(status));
	gtd_jw_str(&w, "message", msg);
	gtd_jw_close(&w, '}');
	mock_response_json_end(resp, status, &w);
}

void mock_response_html(mock_response *resp, int status, const char *html, size_t len)
{
	gtd_buf_reset(&resp->body);
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	gtd_buf_add(&resp->body, html, len);   /* a failure sticks: mock_answer_finish */
}
