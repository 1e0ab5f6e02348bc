/* mock.h - what every handler of gtd-mock is given, and the route table.
 *
 * A handler is a function of (context, request) -> response; the context
 * carries the state, the journal entry it fills and the configuration.
 * Routes are libgtd's endpoint table (api.h); routes.c maps each row to
 * its handler.
 */
#ifndef MOCK_MOCK_H
#define MOCK_MOCK_H

#include "api.h"
#include "effects.h"
#include "guard.h"
#include "http.h"
#include "journal.h"
#include "state.h"

typedef struct mock_config {
	int strict_headers;        /* a missing x-ibe-req-name is 401 too */
	int strict;                /* --strict: what the envelope accepted leniently is refused */
	int explain;               /* X-Gtd-Explain on error answers */
	const char *control_token; /* required for /__gtd/ off loopback */
	struct gtd_store *store;   /* the data directory, or NULL with --pack */
	const char *pack_path;     /* --pack FILE, or NULL */
	const char *demo_dir;      /* --demo's directory (its partner's keys), or NULL */
} mock_config;

typedef struct mock_ctx {
	mock_state *state;
	mock_journal *journal;
	const mock_config *cfg;
	mock_entry *entry;
	const gtd_api *api;        /* the endpoint being answered; NULL: no route */
	mock_effects *fx;          /* what to make durable once the handler is done */
	mock_caller caller;        /* who is calling, as the guard found */
	mock_partners *partners;   /* the snapshot this request sees */
	int (*reload)(void *arg);  /* re-reads partners; the server's */
	void *reload_arg;
} mock_ctx;

typedef void (*mock_handler)(mock_ctx *ctx, const mock_request *req, mock_response *resp);

/* The handler of an endpoint, or NULL for one the mock does not serve
 * (the partner's payment URL). */
mock_handler mock_handler_of(gtd_api_id id);

/* Answers any request: finds the route, enforces the control token, runs
 * the handler, and fills the journal entry.  What server.c calls. */
void mock_dispatch(mock_ctx *ctx, const mock_request *req, mock_response *resp);

/* Records resp's HTTP status (0 for a dropped connection) in e. */
void mock_entry_answer(mock_entry *e, const mock_response *resp);

/* Runs req as if a client had sent it - the webview's place order, the
 * demo partner's commit - through mock_dispatch under a journal entry of
 * its own, marked "via", which it commits.  Sets req->id. */
void mock_run_request(mock_ctx *ctx, mock_request *req, mock_response *resp, const char *via);
/* The one check of an answer's body, once its handler is done (handlers
 * write without checking each append).  A body whose buffer failed - past
 * MOCK_ANSWER_MAX, or out of memory - is replaced by a 500 JSON error, and
 * the journal entry's why says what was lost; never a 200 cut short.
 * mock_dispatch calls it; so does whoever runs a handler itself. */
void mock_answer_finish(mock_ctx *ctx, mock_response *resp);

/* The gateway (api.c). */
void api_login(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void api_commit(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void api_query_trans(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void api_place_order(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void api_booking_detail(mock_ctx *ctx, const mock_request *req, mock_response *resp);

/* The control API (control.c). */
void control_health(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_reset(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_clock(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_clock_advance(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_clock_set(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_faults_add(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_faults_list(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_faults_clear(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_bookings_create(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_booking(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_journal(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_journal_entry(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_fault_delete(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_bookings_list(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_outbox(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_outbox_message(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_reload(mock_ctx *ctx, const mock_request *req, mock_response *resp);

/* The pages for a browser (ui.c). */
void mock_home(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_ui(mock_ctx *ctx, const mock_request *req, mock_response *resp);
void control_protocol(mock_ctx *ctx, const mock_request *req, mock_response *resp);

/* Bookings as the webview and the control API make them (bookings.c).
 * Both take the state lock themselves. */

/* A new PENDING booking for partner_id; itinerary NULL means the default
 * made-up one for the product (copied).  *number receives its number. */
gtd_status mock_booking_create(mock_ctx *ctx, const char *partner_id, const char *user_id,
			       gtd_product product, long long amount, const gtd_itinerary *itinerary,
			       char number[GTD_BOOKING_NUMBER_MAX], gtd_err *err);

/* A booking has 1 to MOCK_PAX_MAX travellers (Gotadi's test rules issue
 * at most 4 passengers). */
#define MOCK_PAX_MAX 4

/* Whether travellers can be held, by the webview form's rule: names for
 * everyone (text of at most 60 columns, no control characters), phone and
 * e-mail for the first traveller, who gets Gotadi's e-mails, and checked
 * for the others when given.  GTD_EINVAL in err naming the traveller and
 * the field when not.  Every way into a hold checks this first, so that
 * nothing is taken that the mailer would refuse. */
int mock_travellers_ok(const gtd_traveller *t, size_t n, gtd_err *err);

/* Adds the travellers to PENDING booking number of partner_id and holds
 * it (BOOKED, or FAILED for the surname HOLDFAIL), sending the e-mail and
 * journaling test-rule warnings.  GTD_ENOTFOUND / GTD_EINVAL with why. */
gtd_status mock_booking_hold(mock_ctx *ctx, const char *partner_id, const char *number,
			     const gtd_traveller *travellers, size_t n, gtd_err *err);


/* A booking's three statuses as {"status", "paymentStatus", "issuedStatus"}
 * for the journal's before/after. */
void mock_entry_statuses(mock_entry *e, const char *key, const gtd_booking *b);

/* Answers b's detail (doc/protocol.md, "Bookings") with 200; the control API's
 * view (internal) adds the owning partner and whether it was committed.
 * Called under the state lock: it writes, it allocates nothing but the
 * answer. */
void mock_answer_booking(mock_response *resp, const gtd_booking *b, int internal);

#endif
