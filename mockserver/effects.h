/* effects.h - what a request changes beyond its answer, applied after the
 * state lock is released.
 *
 * A handler computes against the state under the lock and queues here
 * what must reach a disk: the changed bookings (the --state file) and the
 * customer e-mails (rendered under the lock from the booking as it was,
 * delivered after).  The dispatcher applies the queue once the handler is
 * done, before the answer leaves, so a request costs the same at 100 and
 * at 100,000 bookings and no request waits on another's disk under the
 * lock.
 */
#ifndef MOCK_EFFECTS_H
#define MOCK_EFFECTS_H

#include <stddef.h>

#include "booking.h"
#include "buf.h"

struct mock_ctx;

typedef struct mock_mail_out {
	gtd_buf text;               /* the rendered message */
	const char *kind;           /* gtd_email_kinds[].name */
	char number[GTD_BOOKING_NUMBER_MAX];
} mock_mail_out;

typedef struct mock_effects {
	int save;                   /* bookings or the clock changed */
	mock_mail_out *mails;
	size_t nmails, cap;
} mock_effects;

/* Booking b changed (lock held). */
void mock_effects_booking(struct mock_ctx *ctx, const gtd_booking *b);

/* The state changed otherwise: the clock, a reset (lock held). */
void mock_effects_state(struct mock_ctx *ctx);

/* Renders the customer e-mails of set for b (lock held); they are
 * delivered by mock_effects_apply.  A message that cannot be rendered is
 * reported on stderr and in the journal, never delivered half-made. */
void mock_effects_mail(struct mock_ctx *ctx, const gtd_booking *b, unsigned set);

/* Brings b up to the virtual now (expiry, issuance) and queues what that
 * changes: the booking and its e-mails.  Lock held. */
void mock_settle(struct mock_ctx *ctx, gtd_booking *b);

/* mock_settle for every booking; how many changed.  Lock held. */
size_t mock_settle_all(struct mock_ctx *ctx);

/* Makes the queued effects durable: the state first, then the e-mails,
 * and empties the queue.  Call without the state lock.  A failure is
 * reported on stderr and in the request's journal entry. */
void mock_effects_apply(struct mock_ctx *ctx);

void mock_effects_release(mock_effects *fx);

#endif
