/* html.h - the mock's pages share one skeleton: a head with the partner's
 * theme colours as CSS variables, and escaped text everywhere. */
#ifndef MOCK_HTML_H
#define MOCK_HTML_H

#include "buf.h"
#include "partner.h"

/* Opens a page titled title (escaped) whose CSS variables --primary,
 * --secondary, --background, --text and --button-text carry the theme of
 * partner (NULL: Gotadi's defaults). */
void mock_html_begin(gtd_buf *b, const char *title, const gtd_partner *partner);

/* Closes the page. */
void mock_html_end(gtd_buf *b);

#endif
