/* effects.h - what a request changes beyond its answer, made durable after
 * the state lock is released.
 *
 * A handler computes against the state under the lock and queues here what
 * must reach a disk: a line of the --state log per changed booking (and
 * for the clock or a reset), built under the lock from the booking as it
 * now is, and the customer e-mails, rendered under the lock.  The
 * dispatcher applies the queue once the handler is done and before the
 * answer leaves: the log lines first, synced (with those of concurrent
 * requests), then the e-mails, which are not synced: the log line is what
 * makes them durable, since a start delivers every e-mail it says is due
 * and the outbox lacks.  So
 * a request costs the same at 100 and at 100,000 bookings, and no request
 * waits on another's disk under the lock.
 *
 * Nothing acknowledged is lost: when the log lines cannot be written (a
 * full disk), every booking the request changed is put back as it was, no
 * e-mail goes out, the answer becomes a 503 that says why, and
 * /__gtd/health says the mock is degraded until a later write succeeds.
 * For that, a handler calls mock_effects_before() on a booking before it
 * changes it (mock_settle does), and mock_effects_booking() after.
 */
#ifndef MOCK_EFFECTS_H
#define MOCK_EFFECTS_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "booking.h"
#include "buf.h"

struct mock_ctx;
struct mock_response;
struct mock_state;

typedef struct mock_mail_out {
	gtd_buf text;               /* the rendered message */
	const char *kind;           /* gtd_email_kinds[].name */
	char number[GTD_BOOKING_NUMBER_MAX];
} mock_mail_out;

/* One booking this request changed: how to put it back. */
typedef struct mock_change {
	char number[GTD_BOOKING_NUMBER_MAX];
	int existed;                /* it was there before the request */
	int changed;                /* mock_effects_booking was called */
	char *before;               /* its JSON before (NULL: new, or out of memory) */
	char *after;                /* its JSON as changed (NULL: out of memory) */
	char *record;               /* its log line (NULL: out of memory) */
} mock_change;

typedef struct mock_effects {
	mock_change *changes;
	size_t nchanges, changes_cap;
	char *clock_record;         /* the clock's log line, or NULL */
	time_t clock_before, clock_after;
	int clock_changed;
	char *reset_record;         /* a reset's log line, or NULL */
	int reset;
	int lost;                   /* a change could not even be queued */
	mock_mail_out *mails;
	size_t nmails, cap;
} mock_effects;

/* Booking b is about to change (lock held): remembers it as it is, once
 * per request, so that it can be put back. */
void mock_effects_before(struct mock_ctx *ctx, const gtd_booking *b);

/* Booking b changed or was created (lock held). */
void mock_effects_booking(struct mock_ctx *ctx, const gtd_booking *b);

/* The virtual clock moved from before to the state's offset now (lock
 * held). */
void mock_effects_clock(struct mock_ctx *ctx, time_t before);

/* Every booking was forgotten and the clock set back (lock held). */
void mock_effects_reset(struct mock_ctx *ctx);

/* Renders the customer e-mails of set for b (lock held); they are
 * delivered by mock_effects_apply.  A message that cannot be rendered is
 * reported on stderr and in the journal, never delivered half-made.  b
 * records them as due (b->mails), so call it before mock_effects_booking:
 * the log line then says they are, and a restart delivers any that a crash
 * kept from the outbox. */
void mock_effects_mail(struct mock_ctx *ctx, gtd_booking *b, unsigned set);

/* At start-up, before serving: delivers every e-mail the bookings say is
 * due and the outbox does not hold, whole (a crash came between saving the
 * state and delivering, or a power cut before the message reached the
 * disk).  The number delivered; -1 with err when the outbox
 * cannot be read. */
long mock_effects_redeliver(struct mock_ctx *ctx, gtd_err *err);

/* Brings b up to the virtual now (expiry, issuance) and queues what that
 * changes: the booking and its e-mails.  Lock held. */
void mock_settle(struct mock_ctx *ctx, gtd_booking *b);

/* mock_settle for every booking; how many changed.  Lock held. */
size_t mock_settle_all(struct mock_ctx *ctx);

/* Makes the queued effects durable - the log lines, synced, then the
 * e-mails, into the outbox without a sync - and empties the queue.  Call without the state lock.
 * When the log lines cannot be written, puts the bookings (and the clock)
 * back as they were, drops the e-mails, and replaces resp with a 503
 * naming the file and the reason.  An e-mail that cannot be delivered is
 * reported in the journal entry and counted in health.  0 when everything
 * was made durable, -1 otherwise. */
int mock_effects_apply(struct mock_ctx *ctx, struct mock_response *resp);

void mock_effects_release(mock_effects *fx);

/* What /__gtd/health says about durability: "status" ("ok" or
 * "degraded") and, when degraded, "problems" (one sentence each). */
void mock_effects_health(struct mock_state *s, cJSON *o);

#endif
