#include "html.h"

#include "api.h"

/* Gotadi's own colours (partner.h) for pages that belong to no partner. */
static const char *colour(const char *v, const char *dflt)
{
	return v && *v ? v : dflt;
}

void mock_html_begin(gtd_buf *b, const char *title, const gtd_partner *p)
{
	gtd_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	gtd_buf_add_html(b, title);
	/* Theme values are validated #RRGGBB colours (valid.h), so they are
	 * safe inside the style element; escaped all the same. */
	gtd_buf_adds(b, "</title><style>:root{--primary:");
	gtd_buf_add_html(b, colour(p ? p->theme.primary : NULL, GTD_THEME_PRIMARY));
	gtd_buf_adds(b, ";--secondary:");
	gtd_buf_add_html(b, colour(p ? p->theme.secondary : NULL, GTD_THEME_SECONDARY));
	gtd_buf_adds(b, ";--background:");
	gtd_buf_add_html(b, colour(p ? p->theme.background : NULL, GTD_THEME_BACKGROUND));
	gtd_buf_adds(b, ";--text:");
	gtd_buf_add_html(b, colour(p ? p->theme.text : NULL, GTD_THEME_TEXT));
	gtd_buf_adds(b, ";--button-text:");
	gtd_buf_add_html(b, colour(p ? p->theme.button_text : NULL, GTD_THEME_BUTTON_TEXT));
	gtd_buf_adds(b, "}\n"
			"body{margin:0;font-family:system-ui,sans-serif;background:var(--background);"
			"color:var(--text)}\n"
			"header{background:var(--primary);color:var(--button-text);padding:12px 16px;"
			"font-weight:600}\n"
			"main{padding:16px;max-width:720px;margin:auto}\n"
			"button,.button{background:var(--primary);color:var(--button-text);border:0;"
			"border-radius:6px;padding:10px 16px;font-size:16px;cursor:pointer}\n"
			".secondary{background:var(--secondary)}\n"
			".error{color:#b00020}\n"
			"table{border-collapse:collapse;width:100%}td,th{padding:6px;border-bottom:1px solid #ddd;"
			"text-align:left}\n"
			"</style></head><body>\n");
}

void mock_html_end(gtd_buf *b)
{
	gtd_buf_adds(b, "</body></html>\n");
}

void mock_page_begin(mock_response *resp, const gtd_partner *p, const char *banner,
		     const char *page, const char *title)
{
	gtd_buf *b = &resp->body;

	gtd_buf_reset(b);
	mock_html_begin(b, title, p);
	gtd_buf_adds(b, "<header>");
	gtd_buf_add_html(b, p && p->company.name ? p->company.name : "Gotadi");
	gtd_buf_adds(b, " &middot; ");
	gtd_buf_add_html(b, banner);
	gtd_buf_adds(b, "</header>\n<main data-page=\"");
	gtd_buf_add_html(b, page);
	gtd_buf_adds(b, "\">\n<h1>");
	gtd_buf_add_html(b, title);
	gtd_buf_adds(b, "</h1>\n");
}

void mock_page_end(mock_response *resp, int status)
{
	gtd_buf_adds(&resp->body, "</main>\n");
	mock_html_end(&resp->body);
	resp->status = status;
	resp->content_type = MOCK_HTML_TYPE;
}

void mock_page_home_link(gtd_buf *b, const char *token)
{
	gtd_buf_printf(b, "<p><a id=\"home\" href=\"%s?access_token=", gtd_api_get(GTD_API_WEBVIEW_HOME)->path);
	gtd_buf_add_html(b, token);
	gtd_buf_adds(b, "\">Tìm kiếm khác / New search</a></p>\n");
}

static const char *error_title(int status)
{
	switch (status) {
	case 400: return "Thông tin chưa hợp lệ / Please check what you entered";
	case 401: return "Phiên đăng nhập không hợp lệ / Your session is not valid";
	case 403: return "Không được phép / Not available here";
	case 404: return "Không tìm thấy / Not found";
	default: return "Đã xảy ra lỗi / Something went wrong";
	}
}

void mock_page_error(mock_response *resp, const gtd_partner *p, const char *token, int status,
		     const char *msg)
{
	gtd_buf *b = &resp->body;

	mock_page_begin(resp, p, "Gotadi", "error", error_title(status));
	gtd_buf_adds(b, "<p class=\"error\" id=\"error\">");
	gtd_buf_add_html(b, msg);
	gtd_buf_adds(b, "</p>\n");
	if (token)
		mock_page_home_link(b, token);
	mock_page_end(resp, status);
}
