/* client.h - the partner side of Gotadi's gateway, over libcurl.
 *
 * One call per API of doc/protocol.md ("Endpoints"): it sends the partner headers
 * (apikey, x-ibe-req-name), seals the request with the partner's key to
 * Gotadi's, and opens the answer with the partner's key and Gotadi's public
 * key.  Every call fills a client_result: the HTTP status, the headers the
 * gateway explains itself with, the raw body, and the opened fields or the
 * report of the step that failed to open them.  Nothing here prints except
 * the trace asked for with client_config.trace.
 */
#ifndef GTD_CLIENT_H
#define GTD_CLIENT_H

#include <stdio.h>

#include <curl/curl.h>

#include "api.h"
#include "buf.h"
#include "envelope.h"
#include "keys.h"
#include "schema.h"

#define CLIENT_TIMEOUT_MS 10000           /* per request, unless told otherwise */
#define CLIENT_BODY_MAX (4 * 1024 * 1024) /* a larger answer is refused */

typedef struct client_config {
	const char *gateway;          /* "http://127.0.0.1:8080", no trailing '/' needed */
	const char *api_key;
	const char *access_code;
	const gtd_key *partner_key;   /* private: signs requests, opens answers */
	const gtd_key *gotadi_key;    /* public: seals requests, verifies answers */
	const char *cacert;           /* CA bundle for HTTPS, or NULL for the system's */
	int insecure;                 /* no TLS verification: test servers only */
	long timeout_ms;              /* 0: CLIENT_TIMEOUT_MS */
	FILE *trace;                  /* the wire and each crypto step (--verbose), or NULL */
} client_config;

typedef struct client {
	client_config cfg;
	CURL *curl;
	char curl_error[CURL_ERROR_SIZE];
} client;

/* Why no answer came.  The names (client_failure_names) are what scenario
 * files write in expect.connection. */
typedef enum client_failure {
	CLIENT_FAIL_NONE,
	CLIENT_FAIL_REFUSED,     /* nothing listens there */
	CLIENT_FAIL_DNS,         /* the host name does not resolve */
	CLIENT_FAIL_TIMEOUT,     /* no answer in time */
	CLIENT_FAIL_CLOSED,      /* the connection closed without an answer */
	CLIENT_FAIL_TLS,         /* handshake or certificate */
	CLIENT_FAIL_TOO_LARGE,   /* the answer exceeds CLIENT_BODY_MAX */
	CLIENT_FAIL_OTHER,
	CLIENT_FAIL_COUNT
} client_failure;

extern const char *const client_failure_names[CLIENT_FAIL_COUNT + 1];

/* What a sealed request may have done to it on purpose (security tests).
 * The names (client_tamper_names) are what scenario files write. */
typedef enum client_tamper {
	CLIENT_TAMPER_NONE,
	CLIENT_TAMPER_SIGNATURE,  /* one bit of the signature flipped */
	CLIENT_TAMPER_DATA,       /* the last 3DES block of data cut off */
	CLIENT_TAMPER_KEY,        /* one byte of the RSA-encrypted key changed */
	CLIENT_TAMPER_COUNT
} client_tamper;

extern const char *const client_tamper_names[CLIENT_TAMPER_COUNT + 1];

/* A header to send instead of the default one of that name; value NULL
 * means "do not send it at all". */
typedef struct client_header {
	const char *name;
	const char *value;
} client_header;

/* Per-call departures from the defaults; a zeroed struct changes nothing. */
typedef struct client_call {
	long timeout_ms;              /* 0: the client's */
	const client_header *headers;
	size_t nheaders;
	const char *access_code;      /* inside the sealed payload; NULL: the partner's */
	const gtd_key *sign_with;     /* NULL: the partner's key */
	const gtd_key *encrypt_to;    /* NULL: Gotadi's key */
	client_tamper tamper;
} client_call;

typedef struct client_result {
	long http;                    /* 0 when no answer came */
	client_failure failure;
	char error[GTD_ERR_MSG_MAX];  /* when a call did not return GTD_OK: what to check */
	char *explain;                /* X-Gtd-Explain: why the gateway answered so */
	char *request_id;             /* X-Gtd-Request-Id: the journal entry */
	char *warning;                /* X-Gtd-Warning */
	gtd_buf body;
	const gtd_schema *schema;     /* the answer's schema when opening was tried */
	int opened;                   /* fields hold the verified answer */
	gtd_fields fields;
	gtd_open_report rep;          /* when opening was tried and failed: which step, why */
} client_result;

/* Starts a client on cfg (copied; the strings and keys it points to must
 * outlive the client).  GTD_ENOMEM or GTD_EINVAL (no gateway) with err. */
gtd_status client_init(client *c, const client_config *cfg, gtd_err *err);
void client_release(client *c);

void client_result_init(client_result *r);
/* Frees what a call put in r; r is initialised again afterwards. */
void client_result_release(client_result *r);

/* The API calls.  Each returns GTD_OK when an answer came back, whatever its
 * HTTP status and whether it opened (r says); GTD_EIO when none came
 * (r->failure and r->error say why and what to check); GTD_EINVAL when the
 * request could not be built (a field value the schema refuses), GTD_ENOMEM,
 * GTD_ECRYPTO - with r->error set.  call may be NULL.  r must be
 * initialised; release it with client_result_release() in every case. */
gtd_status client_login(client *c, const char *user, const char *product, const char *layout,
			const client_call *call, client_result *r);
/* partner_trans_id may be NULL (the gateway then uses the booking number). */
gtd_status client_commit(client *c, const char *booking, const char *partner_trans_id,
			 const char *product_type, const client_call *call, client_result *r);
gtd_status client_query(client *c, const char *booking, const client_call *call,
			client_result *r);
/* Booking detail: plain JSON, apikey only. */
gtd_status client_detail(client *c, const char *booking, const client_call *call,
			 client_result *r);
/* A request as the webview's user: Authorization: Bearer token, the
 * access_token of login's redirect_url ("" or NULL sends none). */
gtd_status client_user(client *c, const char *method, const char *target, const char *body,
		       const char *token, const client_call *call, client_result *r);
/* Place order as the webview calls it, with the user's token. */
gtd_status client_place_order(client *c, const char *booking, const char *token,
			      const client_call *call, client_result *r);

/* Sends f sealed (with call's departures) to path and opens the answer as
 * the message Gotadi answers f's schema with. */
gtd_status client_sealed(client *c, const char *path, const gtd_fields *f,
			 const client_call *call, client_result *r);

/* Any request: target is a path on the gateway or an absolute URL; body
 * may be NULL.  With partner_headers the apikey and x-ibe-req-name headers
 * are sent (call->headers may still replace or drop them). */
gtd_status client_http(client *c, const char *method, const char *target, const char *body,
		       int partner_headers, const client_call *call, client_result *r);

/* A call of the mock's control API (api.h's GTD_SEC_CONTROL rows): its
 * method and path, body as given (or NULL), no partner headers. */
gtd_status client_control(client *c, gtd_api_id api, const char *body, const client_call *call,
			  client_result *r);

/* The product_type a booking number implies (ADCO...: AIR, HDCO...:
 * HOTEL), or NULL. */
const char *client_product_type(const char *booking);

/* The value of query argument name in url, percent-decoded; '?' and '&'
 * both separate arguments, since the place-order redirect is documented
 * as ?key=K?data=D.  NULL when absent or out of memory; caller frees. */
char *client_url_arg(const char *url, const char *name);

/* Opens a place-order redirect URL (?key=K?data=D or ?key=K&data=D) with
 * cfg's partner key (no request is made), verifying Gotadi's signature and the access code.
 * Fills f (release it even on failure) and rep (release it too); GTD_OK,
 * or GTD_EINVAL with rep saying which step failed. */
gtd_status client_open_redirect(const client_config *cfg, const char *url, gtd_fields *f,
				gtd_open_report *rep);

/* The answer's "message" (the gateway's plain JSON errors) or NULL;
 * points into a copy the caller frees. */
char *client_error_message(const client_result *r);

#endif
