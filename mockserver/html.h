/* html.h - the mock's pages share one skeleton: a head with the partner's
 * theme colours as CSS variables, and escaped text everywhere. */
#ifndef MOCK_HTML_H
#define MOCK_HTML_H

#include "buf.h"
#include "http.h"
#include "partner.h"

#define MOCK_HTML_TYPE "text/html; charset=utf-8"

/* Opens a page titled title (escaped) whose CSS variables --primary,
 * --secondary, --background, --text and --button-text carry the theme of
 * partner (NULL: Gotadi's defaults). */
void mock_html_begin(gtd_buf *b, const char *title, const gtd_partner *partner);

/* Closes the page. */
void mock_html_end(gtd_buf *b);

/* Starts resp's body as a page of the mock's sites: the skeleton, a header
 * bar "COMPANY · banner" (Gotadi when p is NULL), and <main data-page=
 * "page"> (tests find pages by it) with title as the heading. */
void mock_page_begin(mock_response *resp, const gtd_partner *p, const char *banner,
		     const char *page, const char *title);

/* Closes the page begun with mock_page_begin and sets the status.  The
 * appends are not checked one by one: a page that did not fit its buffer
 * is answered 500 by mock_answer_finish (mock.h), never sent cut short. */
void mock_page_end(mock_response *resp, int status);

/* The webview's "New search" link for a user's token. */
void mock_page_home_link(gtd_buf *b, const char *token);

/* A whole error page for status: what went wrong (msg, escaped) and, with
 * a token, the way back to the search. */
void mock_page_error(mock_response *resp, const gtd_partner *p, const char *token, int status,
		     const char *msg);

#endif
