/* statelog.h - the --state file as an append-only log of changes.
 *
 * Rewriting a snapshot of every booking on each change costs as much as
 * the whole state and holds the state lock across the disk.  Instead a
 * change is made into a record (one JSON line, one booking) while the
 * state lock is held, and appended after it is released, synced together
 * with the records other threads append at the same time:
 *
 *	mock_state_lock(s);
 *	... change booking b ...
 *	rec = mock_statelog_booking(log, b);
 *	mock_state_unlock(s);
 *	st = mock_statelog_append(log, &rec, 1, &err);
 *	free(rec);
 *
 * Every record carries a revision taken from a counter in the log under
 * the state lock, so it says which of two changes came later even when
 * two threads append them out of order: replay keeps, per booking, the
 * record with the highest revision, the clock of the highest clock or
 * reset record, and the highest seq.
 *
 * The file (mode 0600: it holds the JWT secret) is
 *	{"format_version":2,"rev":R,"clock_offset":C,"seq":S,"jwt_secret":"..."}
 *	{"rev":R,"seq":S,"booking":{...gtd_booking_to_json...}}     a booking
 *	{"rev":R,"clock_offset":C}                                  the clock
 *	{"rev":R,"seq":S,"reset":true}                              a reset
 * The header's rev is a floor: a record below it predates the snapshot
 * and is ignored.  Opening replays the file and rewrites it as a snapshot
 * (the header and one line per booking); so does appending a reset, unless
 * a later record has landed first (then the reset is appended as a line).
 */
#ifndef MOCK_STATELOG_H
#define MOCK_STATELOG_H

#include <stddef.h>
#include <time.h>

#include "booking.h"
#include "err.h"
#include "state.h"

typedef struct mock_statelog mock_statelog;

/* Opens the state log at path for s, which should hold no bookings yet.
 * A missing file is created with s's clock, seq and secret; an existing
 * one (this format, or format_version 1: one pretty-printed JSON object)
 * is replayed into s (bookings, clock_offset, seq, jwt_secret).  Then the
 * file is rewritten atomically as a snapshot and opened for appending.
 * A torn last line (a crash during an append) is left out with a note on
 * stderr.  Returns GTD_OK and the log in *out (close it with
 * mock_statelog_close, before releasing s).  On failure: GTD_EINVAL for a
 * malformed line (err names the file and the line), GTD_EIO, GTD_ENOMEM;
 * the file is untouched, s may hold part of what was read (release it)
 * and *out is NULL. */
gtd_status mock_statelog_open(const char *path, mock_state *s, mock_statelog **out,
			      gtd_err *err);

/* Closes the file and frees l.  NULL does nothing. */
void mock_statelog_close(mock_statelog *l);

/* Whether l records anything: 0 for NULL (the mock runs without --state). */
int mock_statelog_enabled(const mock_statelog *l);

/* Records, built with the state lock held (they take the next revision,
 * and read s->seq): no I/O, the cost of one booking.  Each returns one
 * line of JSON ending in a newline, which the caller frees, or NULL when
 * l is NULL or on out of memory; mock_statelog_append reports the latter,
 * so callers need not tell the two apart.
 * booking: b's whole current record, and the seq counter.
 * clock: the virtual clock's offset (s->clock_offset after a change).
 * reset: every booking forgotten and the clock at 0; seq goes on. */
char *mock_statelog_booking(mock_statelog *l, const gtd_booking *b);
char *mock_statelog_clock(mock_statelog *l, time_t offset);
char *mock_statelog_reset(mock_statelog *l);

/* Appends records[0..n) (from the functions above) and returns once they
 * are synced; call it without the state lock.  Concurrent calls commit as
 * a group: the first to come writes its records and those of every call
 * that queued while it did, in the order they queued, and syncs them with
 * one fdatasync, so appends from many threads cost one sync per batch, not
 * one each.  The caller keeps ownership of the records.  With l NULL it does nothing and
 * returns GTD_OK.  A NULL record (a builder out of memory) is skipped and
 * the call returns GTD_ENOMEM once the others are written.  A reset
 * record rewrites the file as just the header, followed by the records
 * after it.  On a failed write or fsync (ENOSPC, EIO) returns GTD_EIO
 * naming the path and the reason, as does every call of the same batch:
 * the file is cut back to its length before the batch, so none of their
 * records is kept (those of earlier batches are) and a later append can
 * retry.  Should cutting back fail too, the log is degraded: every
 * append tries the cut first and fails with GTD_EIO until it succeeds. */
gtd_status mock_statelog_append(mock_statelog *l, char *const *records, size_t n,
				gtd_err *err);

#endif
