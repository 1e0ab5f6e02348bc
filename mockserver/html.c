#include "html.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api.h"
#include "valid.h"

mock_lang mock_lang_parse(const char *s)
{
	return s && strcasecmp(s, "en") == 0 ? MOCK_LANG_EN : MOCK_LANG_VI;
}

const char *mock_lang_code(mock_lang lang)
{
	return MOCK_TR(lang, "vi", "en");
}

/* The theme's colour v when it is a valid #RRGGBB, else dflt. */
static void pick(char out[MOCK_COLOUR_SIZE], const char *v, const char *dflt)
{
	unsigned char r, g, b;

	snprintf(out, MOCK_COLOUR_SIZE, "%s", v && gtd_colour_parse(v, &r, &g, &b) ? v : dflt);
}

/* fg when it reads on bg at ratio min, else black or white, whichever
 * reads better on bg. */
static void readable(char out[MOCK_COLOUR_SIZE], const char *fg, const char *bg, double min)
{
	snprintf(out, MOCK_COLOUR_SIZE, "%s", gtd_colour_readable(fg, bg, min));
}

void mock_palette_of(const gtd_partner *p, mock_palette *o)
{
	char button_text[MOCK_COLOUR_SIZE], text[MOCK_COLOUR_SIZE];

	pick(o->primary, p ? p->theme.primary : NULL, GTD_THEME_PRIMARY);
	pick(o->secondary, p ? p->theme.secondary : NULL, GTD_THEME_SECONDARY);
	pick(o->background, p ? p->theme.background : NULL, GTD_THEME_BACKGROUND);
	pick(text, p ? p->theme.text : NULL, GTD_THEME_TEXT);
	pick(button_text, p ? p->theme.button_text : NULL, GTD_THEME_BUTTON_TEXT);
	readable(o->text, text, o->background, GTD_CONTRAST_AA_TEXT);
	readable(o->on_primary, button_text, o->primary, GTD_CONTRAST_AA_TEXT);
	readable(o->link, o->primary, o->background, GTD_CONTRAST_AA_TEXT);
	if (strcmp(o->link, o->primary) != 0)
		memcpy(o->link, o->text, MOCK_COLOUR_SIZE);
	readable(o->accent, o->secondary, o->background, GTD_CONTRAST_AA_TEXT);
	if (strcmp(o->accent, o->secondary) != 0)
		memcpy(o->accent, o->text, MOCK_COLOUR_SIZE);
	readable(o->error, "#B3261E", o->background, GTD_CONTRAST_AA_TEXT);
	if (strcmp(o->error, "#B3261E") != 0)
		memcpy(o->error, o->text, MOCK_COLOUR_SIZE);
}

/* Mobile first: one column from 320 px, two where there is room; every
 * control at least 48 px high and text at least 14 px; nothing wider than
 * the screen.  Only system fonts, no images, no script. */
static const char stylesheet[] =
	"*,*::before,*::after{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
	"sans-serif;background:var(--background);color:var(--text);overflow-wrap:anywhere}\n"
	"a{color:var(--link)}\n"
	"header{background:var(--primary);color:var(--on-primary);min-height:56px;"
	"padding:12px max(16px,calc((100% - 928px) / 2));"
	"display:flex;align-items:center;gap:8px;flex-wrap:wrap}\n"
	"header .brand{font-weight:700;font-size:18px}\n"
	"header .by{font-size:14px;opacity:.9}\n"
	".sandbox{margin:0 0 8px;padding:0 0 6px;font-size:14px;border-bottom:1px solid var(--border);"
	"background:var(--background);color:var(--text)}\n"
	".sandbox b{color:var(--accent)}\n"
	"main{padding:16px;max-width:960px;margin:0 auto}\n"
	"h1{font-size:22px;line-height:1.3;margin:4px 0 16px}\n"
	"h2{font-size:18px;margin:24px 0 8px}\n"
	"small,.hint{font-size:14px}\n"
	".stepper{list-style:none;margin:0 0 16px;padding:0;display:flex;gap:4px;"
	"counter-reset:step}\n"
	".stepper li{flex:1 1 0;min-width:0;font-size:14px;padding-top:8px;border-top:4px solid "
	"var(--border);counter-increment:step;white-space:nowrap;overflow:hidden;"
	"text-overflow:ellipsis}\n"
	".stepper li::before{content:counter(step) \". \"}\n"
	".stepper li.done{border-top-color:var(--secondary)}\n"
	".stepper li[aria-current]{border-top-color:var(--primary);font-weight:700;flex:5 1 0}\n"
	".stepper li:not([aria-current]) .label{display:none}\n"
	"@media (min-width:640px){.stepper li:not([aria-current]) .label{display:inline}"
	".stepper li[aria-current]{flex:1 1 0}}\n"
	".tabs{display:flex;gap:8px;margin:0 0 16px}\n"
	".tabs a{flex:1 1 0}\n"
	".grid{display:grid;grid-template-columns:minmax(0,1fr);gap:0 16px}\n"
	"@media (min-width:640px){.grid{grid-template-columns:repeat(2,minmax(0,1fr))}}\n"
	".grid.party{grid-template-columns:repeat(3,minmax(0,1fr));gap:0 8px;align-items:end}\n"
	".field{display:flex;flex-direction:column;margin:0 0 14px;min-width:0}\n"
	".field label,.label-text{font-weight:600;font-size:14px;margin-bottom:4px}\n"
	"input,select{font:inherit;font-size:16px;width:100%;min-height:48px;padding:10px 12px;"
	"border:1px solid var(--border-strong);border-radius:8px;background:var(--background);"
	"color:var(--text);min-width:0}\n"
	"input:focus,input:focus-within,select:focus,button:focus,.button:focus{outline:3px solid "
	"var(--primary);"
	"outline-offset:2px}\n"
	"[aria-invalid=\"true\"]{border:2px solid var(--error)}\n"
	".error{color:var(--error);font-size:14px;margin:4px 0 0}\n"
	"p.error,div.error{font-size:16px}\n"
	"fieldset{border:1px solid var(--border);border-radius:12px;padding:12px 16px 4px;"
	"margin:0 0 16px;min-width:0}\n"
	"legend{font-weight:700;padding:0 4px}\n"
	"button,.button{display:inline-flex;align-items:center;justify-content:center;gap:6px;"
	"min-height:48px;min-width:48px;padding:10px 20px;border:2px solid var(--primary);"
	"border-radius:8px;background:var(--primary);color:var(--on-primary);font:inherit;"
	"font-weight:600;text-decoration:none;cursor:pointer;text-align:center}\n"
	".secondary,.button.secondary{background:var(--background);color:var(--link)}\n"
	".block{display:flex;width:100%}\n"
	".actions{display:flex;flex-direction:column;gap:12px;margin:16px 0}\n"
	"@media (min-width:640px){.actions{flex-direction:row;flex-wrap:wrap}}\n"
	".cards{list-style:none;margin:0;padding:0;display:grid;gap:12px}\n"
	".card{border:1px solid var(--border);border-radius:12px;padding:14px 16px;display:grid;"
	"grid-template-columns:minmax(0,1fr);gap:8px}\n"
	".card .what{font-weight:700}\n"
	".card .times{font-size:20px;font-weight:700}\n"
	".card .meta{font-size:14px}\n"
	".card .price{font-size:18px;font-weight:700;color:var(--accent)}\n"
	".card form{margin:0}\n"
	".rooms{display:grid;gap:12px}.room{display:grid;gap:4px}\n"
	"@media (min-width:640px){.card{grid-template-columns:minmax(0,2fr) minmax(0,1fr) auto;"
	"align-items:center}}\n"
	".filters{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 12px;"
	"align-items:end;margin-bottom:8px}\n"
	".filters .actions{grid-column:1/-1;margin:0 0 12px}\n"
	"@media (min-width:640px){.filters{grid-template-columns:1fr 1fr auto}"
	".filters .actions{grid-column:auto;margin:0 0 14px}}\n"
	"dl.summary{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:6px 0;"
	"margin:0 0 16px}\n"
	"dl.summary dt{font-size:14px}\n"
	"dl.summary dd{margin:0;padding-left:16px;text-align:right;font-weight:600}\n"
	"@media (min-width:900px){.review{display:grid;grid-template-columns:minmax(0,3fr) "
	"minmax(0,2fr);gap:32px;align-items:start}.review .pay{border:1px solid var(--border);"
	"border-radius:12px;padding:0 16px 8px}}\n"
	"dl.summary .total{font-size:18px;border-top:1px solid var(--border);padding-top:6px}\n"
	"table{border-collapse:collapse;width:100%}td,th{padding:8px;border-bottom:1px solid "
	"var(--border);text-align:left;vertical-align:top}\n"
	".outcome{font-size:20px;font-weight:700}\n"
	".notice{border-left:4px solid var(--secondary);padding:8px 12px;margin:0 0 16px}\n";

void mock_html_begin(gtd_buf *b, const char *title, const gtd_partner *p, mock_lang lang)
{
	mock_palette c;

	mock_palette_of(p, &c);
	gtd_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
			  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>",
		       mock_lang_code(lang));
	gtd_buf_add_html(b, title);
	/* The palette holds validated #RRGGBB colours only (pick()), so they
	 * are safe inside the style element. */
	gtd_buf_printf(b, "</title><style>:root{--primary:%s;--on-primary:%s;--secondary:%s;"
			  "--background:%s;--text:%s;--link:%s;--accent:%s;--error:%s;"
			  "--button-text:%s;"
			  "--border:color-mix(in srgb,var(--text) 18%%,var(--background));"
			  "--border-strong:color-mix(in srgb,var(--text) 45%%,var(--background))}\n",
		       c.primary, c.on_primary, c.secondary, c.background, c.text, c.link, c.accent,
		       c.error, c.on_primary);
	gtd_buf_adds(b, stylesheet);
	gtd_buf_adds(b, "</style></head><body>\n");
}

void mock_html_end(gtd_buf *b)
{
	gtd_buf_adds(b, "</body></html>\n");
}

void mock_page_begin_lang(mock_response *resp, const gtd_partner *p, mock_lang lang,
			  const char *banner, const char *page, const char *title)
{
	gtd_buf *b = &resp->body;

	gtd_buf_reset(b);
	mock_html_begin(b, title, p, lang);
	gtd_buf_adds(b, "<header><span class=\"brand\">");
	gtd_buf_add_html(b, p && p->company.name ? p->company.name : "Gotadi");
	gtd_buf_adds(b, "</span><span class=\"by\">");
	gtd_buf_add_html(b, banner);
	gtd_buf_adds(b, "</span></header>\n<main data-page=\"");
	gtd_buf_add_html(b, page);
	gtd_buf_adds(b, "\">\n");
}

void mock_page_begin(mock_response *resp, const gtd_partner *p, const char *banner,
		     const char *page, const char *title)
{
	mock_page_begin_lang(resp, p, MOCK_LANG_VI, banner, page, title);
	gtd_buf_adds(&resp->body, "<h1>");
	gtd_buf_add_html(&resp->body, title);
	gtd_buf_adds(&resp->body, "</h1>\n");
}

void mock_page_end(mock_response *resp, int status)
{
	gtd_buf_adds(&resp->body, "</main>\n");
	mock_html_end(&resp->body);
	resp->status = status;
	resp->content_type = MOCK_HTML_TYPE;
}

void mock_page_home_link(gtd_buf *b, const char *token, mock_lang lang)
{
	gtd_buf_printf(b, "<a class=\"button secondary\" id=\"home\" href=\"%s?access_token=",
		       gtd_api_get(GTD_API_WEBVIEW_HOME)->path);
	gtd_buf_add_html(b, token);
	if (lang == MOCK_LANG_EN)
		gtd_buf_adds(b, "&amp;lang=en");
	gtd_buf_printf(b, "\">%s</a>\n", MOCK_TR(lang, "Tìm kiếm mới", "New search"));
}

static const char *error_title(int status, mock_lang lang)
{
	switch (status) {
	case 400: return MOCK_TR(lang, "Thông tin chưa hợp lệ", "Please check what you entered");
	case 401: return MOCK_TR(lang, "Phiên đăng nhập không hợp lệ", "Your session is not valid");
	case 403: return MOCK_TR(lang, "Không được phép", "Not available here");
	case 404: return MOCK_TR(lang, "Không tìm thấy", "Not found");
	default: return MOCK_TR(lang, "Đã xảy ra lỗi", "Something went wrong");
	}
}

void mock_page_error_lang(mock_response *resp, const gtd_partner *p, mock_lang lang,
			  const char *token, int status, const char *msg)
{
	gtd_buf *b = &resp->body;

	mock_page_begin_lang(resp, p, lang, "Gotadi", "error", error_title(status, lang));
	gtd_buf_adds(b, "<h1>");
	gtd_buf_add_html(b, error_title(status, lang));
	gtd_buf_adds(b, "</h1>\n<p class=\"error\" id=\"error\" role=\"alert\">");
	gtd_buf_add_html(b, msg);
	gtd_buf_adds(b, "</p>\n");
	if (token) {
		gtd_buf_adds(b, "<div class=\"actions\">");
		mock_page_home_link(b, token, lang);
		gtd_buf_adds(b, "</div>\n");
	}
	mock_page_end(resp, status);
}

void mock_page_error(mock_response *resp, const gtd_partner *p, const char *token, int status,
		     const char *msg)
{
	mock_page_error_lang(resp, p, MOCK_LANG_VI, token, status, msg);
}
