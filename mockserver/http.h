/* http.h - requests and responses as the mock's handlers see them.
 *
 * Handlers are pure functions of (request, state) -> response: they never
 * touch a socket, so they are tested by building a mock_request by hand.
 * server.c turns libmicrohttpd's connection into a mock_request and a
 * mock_response back into bytes.
 */
#ifndef MOCK_HTTP_H
#define MOCK_HTTP_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "jsonw.h"

#define MOCK_BODY_MAX (64 * 1024)        /* request bodies; larger -> 413 */
#define MOCK_HEADERS_MAX 64              /* response headers a handler may add */
#define MOCK_ANSWER_MAX (8 * 1024 * 1024) /* an answer's body; past it -> 500 */

typedef struct mock_pair {
	const char *name, *value;
} mock_pair;

typedef struct mock_request {
	unsigned long id;                /* also sent back as X-Gtd-Request-Id */
	const char *method;              /* "GET", "POST", ... */
	const char *path;                /* without the query string */
	const mock_pair *args;           /* decoded query arguments */
	size_t nargs;
	const mock_pair *headers;
	size_t nheaders;
	const char *body;                /* NUL-terminated; "" when none */
	size_t body_len;
	int loopback;                    /* the client is on 127.0.0.0/8 or ::1 */
	const char *base_url;            /* "http://127.0.0.1:8080", for links */
} mock_request;

/* The value of header name (case-insensitive), or NULL. */
const char *mock_header(const mock_request *r, const char *name);

/* The value of query argument name (case-sensitive), or NULL. */
const char *mock_arg(const mock_request *r, const char *name);

typedef struct mock_response {
	int status;
	const char *content_type;        /* a string constant */
	gtd_buf body;
	char *hname[MOCK_HEADERS_MAX];
	char *hvalue[MOCK_HEADERS_MAX];
	size_t nheaders;
	int drop;                        /* close the connection without answering */
	unsigned delay_ms;               /* answer only after this long */
} mock_response;

/* An empty answer: 500 until a handler says otherwise, a JSON body of at
 * most MOCK_ANSWER_MAX bytes.  Handlers write the body without checking
 * each append; mock_answer_finish() checks it once (mock.h). */
void mock_response_init(mock_response *resp);
void mock_response_release(mock_response *resp);

/* Drops what the handler made - body, its error, headers - for an answer
 * starting again: resp is as after mock_response_init but for drop and
 * delay_ms, which are faults the answer keeps. */
void mock_response_clear(mock_response *resp);

/* Adds a response header (value printf-style).  Values are cut at the
 * first CR or LF: nothing a client sent can split a header. */
void mock_response_header(mock_response *resp, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The value of a response header already added, or NULL. */
const char *mock_response_get_header(const mock_response *resp, const char *name);

/* Sets status and a JSON body (takes ownership of json).  When json is
 * NULL or cannot be printed the body fails with GTD_ENOMEM. */
void mock_response_json(mock_response *resp, int status, cJSON *json);

/* A JSON body written straight into the answer: begin, write through w,
 * end.  A failed write stays in the body's status, for mock_answer_finish()
 * to answer 500. */
void mock_response_json_begin(mock_response *resp, gtd_jw *w);
void mock_response_json_end(mock_response *resp, int status, const gtd_jw *w);

/* Sets status and a plain JSON error body {"status": N, "error": "...",
 * "message": "..."} - what the gateway answers outside the envelope. */
void mock_response_error(mock_response *resp, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Sets status and an HTML body (copied; a failed copy stays in the
 * body's status). */
void mock_response_html(mock_response *resp, int status, const char *html, size_t len);

#endif
