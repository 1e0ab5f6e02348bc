/* tickets.h - the bookings that hold tickets, by what Gotadi's test rules
 * compare.
 *
 * At commit the rules look at the partner's other tickets: one on the
 * same flight and day, or too many international ones issued today.
 * Scanning every booking for them made a first commit cost more as the
 * bookings grew; this index keeps, per partner, the tickets of each
 * flight and day and the international tickets of each day, so the rules
 * get their few candidates in constant time.
 *
 * A booking is noted when it comes to hold a ticket (its commit, or the
 * replay of the state).  Entries are booking numbers, checked when read:
 * one whose booking is gone or holds no ticket any more (refunded, failed,
 * undone) is dropped then.  Lock held for every call (the state lock).
 */
#ifndef MOCK_TICKETS_H
#define MOCK_TICKETS_H

#include <stddef.h>
#include <time.h>

#include "booking.h"

typedef struct mock_tickets mock_tickets;
struct mock_state;

/* Most candidates a lookup gives per kind: more than any rule counts. */
#define MOCK_TICKETS_CANDIDATES 8

mock_tickets *mock_tickets_new(void);   /* NULL out of memory */
void mock_tickets_free(mock_tickets *t);
void mock_tickets_clear(mock_tickets *t);

/* Notes b when it holds a ticket (nothing otherwise).  Out of memory the
 * note is lost: the rules then miss one warning, nothing else. */
void mock_tickets_note(mock_tickets *t, const gtd_booking *b);

/* The tickets of b's partner that the rules compare b with, at most
 * max, b itself and duplicates left out: those on b's flight and day,
 * then the international ones noted on the day of now. */
size_t mock_tickets_others(mock_tickets *t, struct mock_state *s, const gtd_booking *b, time_t now,
			   const gtd_booking **out, size_t max);

#endif
