/* webview.h - the booking UI that redirect_url opens (doc/protocol.md),
 * and the same steps as JSON calls for scripts.  What each route answers is
 * listed at the top of webview.c. */
#ifndef MOCK_WEBVIEW_H
#define MOCK_WEBVIEW_H

#include "mock.h"
#include "webview_form.h"

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
