/* webview_session.h - what every webview route shares, pages and JSON
 * calls alike: the user's session, opened from the token the guard
 * verified; refusals answered the way the route speaks; the searches and
 * the one booking step (create, then hold with the travellers). */
#ifndef MOCK_WEBVIEW_SESSION_H
#define MOCK_WEBVIEW_SESSION_H

#include <time.h>

#include "html.h"
#include "inventory.h"
#include "mock.h"

#define WEBVIEW_DAY (24 * 3600)
#define WEBVIEW_DAYS_AHEAD 365         /* how far ahead a search may look */
#define WEBVIEW_TIME_SIZE 32           /* "08:05 28/11/2026" and more */

/* The user a request speaks for, from its access token. */
typedef struct webview_session {
	int html;                    /* the route answers pages, not JSON */
	cJSON *claims;
	const char *token;           /* as the request carried it, for links */
	const char *user;
	const mock_partner *mp;
	gtd_product product;         /* the token's, focused first */
	int dual;
	mock_lang lang;              /* ?lang=en, else the token's, else Vietnamese */
	int children, infants;       /* of a flight search's travellers, carried on */
} webview_session;

#define TR(s, vi, en) MOCK_TR((s)->lang, vi, en)

/* Fills s for the user whose token the guard verified (ctx->caller); set
 * s->html first for a route that answers pages.  0 with the answer made:
 * 403 for a token of a product this mock lacks. */
int webview_session_open(mock_ctx *ctx, const mock_request *req, mock_response *resp,
			 webview_session *s);

/* Whether this session may book product p: layout single offers the
 * token's product only, dual whatever the partner sells. */
int webview_offers(const webview_session *s, gtd_product p);

/* Answers a refusal the way the route speaks (an error page, or the
 * gateway's plain JSON error) and journals why. */
void webview_fail(mock_ctx *ctx, mock_response *resp, const webview_session *s, int status,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Whether day may be searched and booked: from today (in Vietnam) to
 * WEBVIEW_DAYS_AHEAD out; 0 with err saying why. */
int webview_day_bookable(mock_ctx *ctx, time_t day, gtd_err *err);

/* Runs the search req asks for product p, for nights nights of a hotel
 * (0: as ?nights= says).  0 with the offers in o[0..*n), or the HTTP
 * status of the refusal with err saying why. */
int webview_search(mock_ctx *ctx, const webview_session *s, const mock_request *req, gtd_product p,
		   int nights, inventory_offer *o, size_t *n, gtd_err *err);

/* ?pax=N (1..MOCK_PAX_MAX) into *pax, 1 when v is NULL; 0 when malformed. */
int webview_pax_arg(const char *v, int *pax, gtd_err *err);

/* What a hold made. */
typedef struct webview_held {
	char number[GTD_BOOKING_NUMBER_MAX];
	gtd_bstatus status;
	time_t time_to_live;
	long long amount;
} webview_held;

/* The webview's one booking step: a PENDING booking for the offer and
 * extras (VND on top of the fares), held with the n travellers at once,
 * and journalled.  0 with h filled, or the HTTP status of the refusal with
 * err saying why. */
int webview_book(mock_ctx *ctx, const webview_session *s, const char *offer_id,
		 const gtd_traveller *t, size_t n, long long extras, webview_held *h, gtd_err *err);

/* Booking number if it is the session user's, settled up to now; NULL
 * otherwise.  The state lock is held. */
gtd_booking *webview_user_booking(mock_ctx *ctx, const webview_session *s, const char *number);

/* A decimal count in lo..hi into *out; 0 when s is not one. */
int webview_count(const char *s, int lo, int hi, int *out);

typedef enum webview_time_style { WEBVIEW_TIME, WEBVIEW_DATE_TIME, WEBVIEW_DATE } webview_time_style;

/* t in Vietnam's time: "08:05", "08:05 28/11/2026" or "28/11/2026". */
const char *webview_time(char out[WEBVIEW_TIME_SIZE], time_t t, webview_time_style style);

#endif
