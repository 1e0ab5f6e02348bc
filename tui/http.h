/* http.h - a small asynchronous HTTP GET client for the console's main loop,
 * on libcurl's multi interface.
 *
 * Nothing here waits: ui_http_get() starts a request, ui_http_perform()
 * moves every request on as far as it can without blocking, and
 * ui_http_next() hands over the ones that finished.  The main loop calls
 * the last two between keys, so a slow or dead server never holds a key
 * back.  Every answer's body goes into a bounded buffer.
 */
#ifndef TUI_HTTP_H
#define TUI_HTTP_H

#include <stddef.h>

#include "err.h"

typedef struct ui_http ui_http;

/* How a request ended. */
typedef enum ui_http_code {
	UI_HTTP_OK = 0,     /* an HTTP answer came, whatever its status */
	UI_HTTP_ECONNECT,   /* nobody listens there (detail: the system's reason) */
	UI_HTTP_ETIMEOUT,   /* no complete answer within the request's timeout */
	UI_HTTP_ETOOBIG,    /* the body is larger than the request's body_max */
	UI_HTTP_EPROTO,     /* what came back is not HTTP */
	UI_HTTP_EOTHER,     /* anything else (detail: libcurl's reason) */
	UI_HTTP_CODE_COUNT
} ui_http_code;

/* What to ask for; every string is copied by ui_http_get(). */
typedef struct ui_http_request {
	const char *url;      /* http:// only */
	const char *header;   /* one "Name: value" line to send, or NULL */
	size_t body_max;      /* longer bodies end the request with UI_HTTP_ETOOBIG */
	long timeout_ms;      /* for the whole exchange, connecting included */
	void *owner;          /* whose request it is: for ui_http_cancel() */
} ui_http_request;

/* A finished request, from ui_http_next(). */
typedef struct ui_http_result {
	unsigned long id;     /* what ui_http_get() returned */
	void *owner;
	ui_http_code code;
	int status;           /* the HTTP status (UI_HTTP_OK only) */
	char *body;           /* NUL-terminated, never NULL; "" on failure */
	size_t len;
	char detail[GTD_ERR_MSG_MAX];   /* why it failed, in the system's or libcurl's words */
} ui_http_result;

/* A client with no requests.  NULL on failure, with the reason in err. */
ui_http *ui_http_new(gtd_err *err);

/* Drops every request, finished or not, and frees the client.  NULL is
 * allowed. */
void ui_http_free(ui_http *h);

/* Starts GET rq->url.  Returns the request's id (never 0); it finishes
 * later, through ui_http_perform() and ui_http_next().  0 when it cannot
 * start, with the reason in err. */
unsigned long ui_http_get(ui_http *h, const ui_http_request *rq, gtd_err *err);

/* Moves every request on without waiting.  Returns how many finished
 * requests wait for ui_http_next(). */
size_t ui_http_perform(ui_http *h);

/* How many requests have not finished yet. */
size_t ui_http_busy(const ui_http *h);

/* Moves the oldest finished request into out, which the caller releases
 * with ui_http_result_release().  Returns 1, or 0 when none finished. */
int ui_http_next(ui_http *h, ui_http_result *out);

/* Frees what a result holds. */
void ui_http_result_release(ui_http_result *r);

/* Drops every request of owner, finished or not: none of them will come
 * out of ui_http_next(). */
void ui_http_cancel(ui_http *h, const void *owner);

/* A short English name of code ("timed out", ...).  Never NULL. */
const char *ui_http_code_str(ui_http_code code);

#endif
