/* api.h - every endpoint of the gateway, the webview and the control API,
 * in one table.
 *
 * The mock routes requests with it, the partner-side client builds its
 * calls from it, the console's connection pack and the man page describe
 * it, and the fault validator accepts exactly its names.  A new endpoint
 * is a row here, then a handler, a client function and a scenario step.
 */
#ifndef GTD_API_H
#define GTD_API_H

#include <stddef.h>

#include "schema.h"

/* The revision of the protocol this table describes, as doc/protocol.md
 * states it and --version prints it: raised when an endpoint, a message's
 * fields or a code changes what a partner sees. */
#define GTD_PROTOCOL_REVISION 2

typedef enum gtd_api_id {
	/* Gotadi's gateway. */
	GTD_API_LOGIN,
	GTD_API_PLACE_ORDER,
	GTD_API_PLACE_ORDER_REDIRECT,
	GTD_API_COMMIT,
	GTD_API_QUERY_TRANS,
	GTD_API_BOOKING_DETAIL,
	/* The webview's pages and its JSON API. */
	GTD_API_WEBVIEW_HOME,
	GTD_API_WEBVIEW_FLIGHTS,
	GTD_API_WEBVIEW_HOTELS,
	GTD_API_WEBVIEW_TRAVELLERS,
	GTD_API_WEBVIEW_HOLD,
	GTD_API_WEBVIEW_BOOKING,
	GTD_API_WEBVIEW_PAY,
	GTD_API_WEBVIEW_RESULT,
	GTD_API_WEBVIEW_API_FLIGHTS,
	GTD_API_WEBVIEW_API_HOTELS,
	GTD_API_WEBVIEW_API_BOOK,
	GTD_API_WEBVIEW_API_BOOKING,
	/* The B2B portal's activation link and the demo partner's payment page. */
	GTD_API_PORTAL_PAGE,
	GTD_API_PORTAL_ACTIVATE,
	GTD_API_DEMO_PAY_PAGE,
	GTD_API_DEMO_PAY,
	/* The mock's control API. */
	GTD_API_HEALTH,
	GTD_API_RESET,
	GTD_API_CLOCK,
	GTD_API_CLOCK_ADVANCE,
	GTD_API_CLOCK_SET,
	GTD_API_FAULTS_ADD,
	GTD_API_FAULTS_LIST,
	GTD_API_FAULTS_CLEAR,
	GTD_API_FAULT_DELETE,
	GTD_API_BOOKINGS_CREATE,
	GTD_API_BOOKINGS_LIST,
	GTD_API_BOOKING,
	GTD_API_BOOKING_ACTION,
	GTD_API_JOURNAL,
	GTD_API_JOURNAL_ENTRY,
	GTD_API_OUTBOX,
	GTD_API_OUTBOX_MESSAGE,
	GTD_API_RELOAD,
	/* The mock's dashboard: pages for a browser, backed by the control API. */
	GTD_API_HOME,
	GTD_API_UI,
	GTD_API_PROTOCOL,
	GTD_API_COUNT
} gtd_api_id;

/* Who may call an endpoint, and how the caller proves it. */
typedef enum gtd_api_security {
	GTD_SEC_SEALED,    /* apikey and x-ibe-req-name headers, a sealed envelope */
	GTD_SEC_APIKEY,    /* the apikey header only */
	GTD_SEC_TOKEN,     /* a user's webview token (access_token= or a Bearer header) */
	GTD_SEC_REDIRECT,  /* an envelope from Gotadi in the URL: the partner checks it */
	GTD_SEC_LINK,      /* anyone holding the link (its token is the secret) */
	GTD_SEC_CONTROL,   /* the mock's control API: loopback, or the control token */
	GTD_SEC_COUNT
} gtd_api_security;

enum {
	GTD_API_PREFIX = 1 << 0,  /* path is a prefix: the rest names a booking */
	GTD_API_FAULTS = 1 << 1,  /* match.api of a fault may name it */
	GTD_API_MOCK = 1 << 2,    /* the mock's own, not Gotadi's */
	GTD_API_HTML = 1 << 3,    /* answers pages: a refusal is a page too */
};

typedef struct gtd_api {
	gtd_api_id id;
	const char *name;          /* as the journal and faults know it: "commit" */
	const char *method;        /* "POST" */
	const char *path;          /* "/api/partner/commit"; NULL: the partner's payment URL */
	const char *query;         /* the query argument naming the booking, or NULL */
	const char *request;       /* sealed request schema (schema.h), or NULL */
	const char *response;      /* sealed response schema, or NULL */
	gtd_api_security security;
	unsigned flags;
	const char *en, *vi;       /* what it is for, one line */
	const char *answer_en, *answer_vi;  /* the answer when it is not sealed, or NULL */
} gtd_api;

extern const gtd_api gtd_apis[GTD_API_COUNT];

/* The row of id.  id must be below GTD_API_COUNT. */
const gtd_api *gtd_api_get(gtd_api_id id);

/* The row called name, or NULL. */
const gtd_api *gtd_api_by_name(const char *name);

/* The row answering method on path (a GTD_API_PREFIX row matches a longer
 * path).  NULL when none does; then *path_known says whether some row has
 * that path with another method.  path_known may be NULL. */
const gtd_api *gtd_api_route(const char *method, const char *path, int *path_known);

/* The schemas of a's sealed request and answer (NULL when not sealed, or
 * when a is NULL). */
const gtd_schema *gtd_api_request_schema(const gtd_api *a);
const gtd_schema *gtd_api_response_schema(const gtd_api *a);

/* The gateway endpoint a partner sends a sealed request of schema req to,
 * or NULL. */
const gtd_api *gtd_api_by_request(const gtd_schema *req);

/* The security class in words ("headers + envelope"), English or
 * Vietnamese. */
const char *gtd_api_security_en(gtd_api_security s);
const char *gtd_api_security_vi(gtd_api_security s);

/* Writes the names faults may match, comma-separated ("login,
 * place-order, ..."), into buf (always NUL-terminated, cut to size), for
 * error messages.  Returns buf. */
char *gtd_api_fault_names(char *buf, size_t size);

#endif
