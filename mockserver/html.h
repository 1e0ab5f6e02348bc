/* html.h - the mock's pages share one skeleton: a head with one stylesheet
 * built from the partner's theme (CSS custom properties, mobile first, no
 * external resources), and escaped text everywhere. */
#ifndef MOCK_HTML_H
#define MOCK_HTML_H

#include "buf.h"
#include "http.h"
#include "partner.h"

#define MOCK_HTML_TYPE "text/html; charset=utf-8"
#define MOCK_COLOUR_SIZE 8            /* "#RRGGBB" and its NUL */

/* A page speaks one language at a time: Vietnamese unless asked for
 * English. */
typedef enum mock_lang { MOCK_LANG_VI, MOCK_LANG_EN } mock_lang;

/* The text of a vi/en pair in lang. */
#define MOCK_TR(lang, vi, en) ((lang) == MOCK_LANG_EN ? (en) : (vi))

/* MOCK_LANG_EN for "en" (any case), MOCK_LANG_VI for anything else. */
mock_lang mock_lang_parse(const char *s);

/* "vi" or "en", for <html lang>. */
const char *mock_lang_code(mock_lang lang);

/* The colours a page is drawn with: the theme's, except that a foreground
 * failing WCAG AA against what it is drawn on falls back to black or white
 * (whichever reads better), so a partner's brand colours never make text
 * invisible.  primary is always the theme's: it is the partner's brand. */
typedef struct mock_palette {
	char primary[MOCK_COLOUR_SIZE];
	char on_primary[MOCK_COLOUR_SIZE];   /* button text, readable on primary */
	char secondary[MOCK_COLOUR_SIZE];
	char background[MOCK_COLOUR_SIZE];
	char text[MOCK_COLOUR_SIZE];
	char link[MOCK_COLOUR_SIZE];         /* primary when readable as text */
	char accent[MOCK_COLOUR_SIZE];       /* secondary when readable as text */
	char error[MOCK_COLOUR_SIZE];
} mock_palette;

/* Fills out from p's theme (NULL: Gotadi's defaults). */
void mock_palette_of(const gtd_partner *p, mock_palette *out);

/* Opens a page in lang titled title (escaped), styled by p's palette. */
void mock_html_begin(gtd_buf *b, const char *title, const gtd_partner *p, mock_lang lang);

/* Closes the page. */
void mock_html_end(gtd_buf *b);

/* Starts resp's body as a page of the mock's sites: the skeleton, a header
 * bar "COMPANY · banner" (Gotadi when p is NULL), and <main data-page=
 * "page"> (tests find pages by it) with title as the heading. */
void mock_page_begin(mock_response *resp, const gtd_partner *p, const char *banner,
		     const char *page, const char *title);

/* mock_page_begin in lang, without the heading, for pages that draw more
 * between the header and it (the webview's sandbox banner and stepper). */
void mock_page_begin_lang(mock_response *resp, const gtd_partner *p, mock_lang lang,
			  const char *banner, const char *page, const char *title);

/* Closes the page begun with mock_page_begin and sets the status.  The
 * appends are not checked one by one: a page that did not fit its buffer
 * is answered 500 by mock_answer_finish (mock.h), never sent cut short. */
void mock_page_end(mock_response *resp, int status);

/* The webview's "New search" link for a user's token. */
void mock_page_home_link(gtd_buf *b, const char *token, mock_lang lang);

/* A whole error page for status: what went wrong (msg, escaped) and, with
 * a token, the way back to the search. */
void mock_page_error(mock_response *resp, const gtd_partner *p, const char *token, int status,
		     const char *msg);

/* The same in lang. */
void mock_page_error_lang(mock_response *resp, const gtd_partner *p, mock_lang lang,
			  const char *token, int status, const char *msg);

#endif
