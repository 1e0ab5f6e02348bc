/* webview.h - the booking UI that redirect_url opens (doc/protocol.md),
 * and the same steps as JSON calls for scripts.  What each route answers is
 * listed at the top of webview.c. */
#ifndef MOCK_WEBVIEW_H
#define MOCK_WEBVIEW_H

#include "mock.h"
#include "partnerpay.h"

#define WEBVIEW_FORM_MAX 64           /* fields a form body may carry */

/* A decoded application/x-www-form-urlencoded request body. */
typedef struct webview_form {
	char *mem;                    /* the decoded copy the pairs point into */
	mock_pair v[WEBVIEW_FORM_MAX];
	size_t n;
} webview_form;

/* Decodes body[0..len) into f ('+' is a space, %XX a byte).  GTD_EINVAL
 * with the reason for a bad escape, a NUL byte, text that is not UTF-8 or
 * more than WEBVIEW_FORM_MAX fields; GTD_ENOMEM.  Release f with
 * webview_form_release() whatever the result. */
gtd_status webview_form_parse(webview_form *f, const char *body, size_t len, gtd_err *err);

/* The value of the first field called name, or NULL; owned by f. */
const char *webview_form_get(const webview_form *f, const char *name);

void webview_form_release(webview_form *f);

/* The pages. */
void webview_home(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_flights(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_hotels(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_travellers(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_hold(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_booking(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_pay(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_result(mock_ctx *ctx, const mock_request *req, mock_response *resp);

/* The JSON calls. */
void webview_api_flights(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_api_hotels(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_api_book(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void webview_api_booking(mock_ctx *ctx, const mock_request *req, mock_response *resp);

#endif
