/* webview.h - the booking UI that redirect_url opens (PROTOCOL.md section 7). */
#ifndef MOCK_WEBVIEW_H
#define MOCK_WEBVIEW_H

#include "mock.h"

#define WEBVIEW_ROUTES

#endif
