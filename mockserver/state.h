/* state.h - everything the mock remembers between requests.
 *
 * Partners (an immutable snapshot, swapped whole when the store changes),
 * bookings, the virtual clock, injected faults and the JWT secret live here
 * behind one lock.  Handlers borrow a partner snapshot without the lock,
 * so the RSA work of a sealed call never holds it.
 */
#ifndef MOCK_STATE_H
#define MOCK_STATE_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "booking.h"
#include "err.h"
#include "keys.h"
#include "partner.h"

/* A private key read from its file when it is first needed: reading a
 * thousand partners' keys at start took longer than the rest of it. */
typedef struct mock_lazy_key {
	pthread_mutex_t lock;
	int loaded;              /* key and problem are final (atomic) */
	char *path;
	gtd_key *key;            /* NULL when it could not be read */
	char *problem;           /* why, or NULL */
} mock_lazy_key;

/* One servable partner: its record and the keys the envelope needs. */
typedef struct mock_partner {
	gtd_partner *rec;
	gtd_key *partner_pub;    /* the partner's public key; NULL when the record has none */
	/* Gotadi's private key for this partner: mock_partner_emulator(). */
	mock_lazy_key *emulator;
	/* The public key the partner had before its last rotation while this
	 * mock ran (a client still signing with the old key is named so);
	 * NULL when none. */
	gtd_key *previous_pub;
	/* Why sealed calls cannot work, found without the emulator's key:
	 * mock_partner_problem() has them all. */
	char *problem;
} mock_partner;

typedef struct mock_partners {
	int refs;
	size_t n;
	mock_partner *v;
	int replaced;            /* a newer snapshot is installed (atomic) */
} mock_partners;

/* How far the virtual clock may be from real time, either way: a hundred
 * years.  The control API and the state log hold it to this. */
#define MOCK_CLOCK_OFFSET_MAX (100LL * 366 * 86400)

typedef struct mock_fault mock_fault;

typedef struct mock_state {
	/* Bookings, faults, the sequence: written under mock_state_lock, and
	 * read by booking detail (the hot path) under mock_state_read_lock. */
	pthread_rwlock_t lock;
	/* Every request borrows the partner snapshot: a reader-writer lock of
	 * its own keeps requests from queueing on the state lock for it. */
	pthread_rwlock_t partners_lock;
	mock_partners *partners;      /* borrow with mock_state_partners() */
	pthread_t key_reader;         /* mock_state_read_keys()' thread, */
	int key_reader_running;       /* when this is set (not joined yet) */
	time_t clock_offset;          /* virtual time = real time + offset */
	unsigned seq;                 /* last booking running number */
	gtd_booking **bookings;       /* open-addressing hash on the number */
	size_t nbookings, cap;
	struct mock_tickets *tickets; /* the bookings holding tickets, for the rules */
	mock_fault *faults;           /* a list, newest first */
	unsigned long fault_ids;
	unsigned char jwt_secret[64];
	time_t hold_ttl;              /* seconds a hold lasts (15 minutes) */
	time_t issue_delay;           /* seconds asynchronous issuance takes */
	struct mock_statelog *log;    /* the --state log (owned), or NULL */
	char *outbox;                 /* Maildir of customer e-mails, or NULL */
	/* What could not be made durable, for /__gtd/health (effects.c). */
	pthread_mutex_t problems_lock;
	char state_problem[GTD_ERR_MSG_MAX];   /* "" while the log keeps up */
	unsigned long mails_lost;
	char mail_problem[GTD_ERR_MSG_MAX];    /* why the last one was lost */
	char base_url[128];           /* how links in e-mails name the mock */
} mock_state;

/* Initialises an empty state with a random JWT secret.  The --state log
 * is opened into it afterwards (mock_statelog_open, which replays it; s
 * then owns it).  On failure nothing is left to release. */
gtd_status mock_state_init(mock_state *s, const char *outbox, gtd_err *err);

/* Closes the state log, if any, and frees everything. */
void mock_state_release(mock_state *s);

/* The state lock: exclusive for anything that may change a booking or
 * the faults, shared for reading only.  Writers go first (readers arriving
 * while one waits queue behind it), so a stream of detail calls cannot
 * starve a commit. */
void mock_state_lock(mock_state *s);
void mock_state_read_lock(mock_state *s);
void mock_state_unlock(mock_state *s);

/* The virtual clock. */
time_t mock_now(mock_state *s);
/* Sets the offset itself (virtual time = real time + offset), forward or
 * back: what a client that moved the clock uses to put it back. */
void mock_clock_set(mock_state *s, time_t offset);

/* Partner snapshots: build one (from records the caller hands over;
 * ownership passes), install it, borrow and return it. */
mock_partners *mock_partners_new(size_t n);
/* Fills slot i from rec and its public key, taking emulator as the
 * emulator's key when given, else the file emulator_path (NULL when the
 * partner has no emulator key yet), read when first needed.  Problems are
 * recorded in the slot, not fatal.  Out of memory, the slot says so. */
void mock_partners_set(mock_partners *ps, size_t i, gtd_partner *rec, gtd_key *emulator,
		       const char *emulator_path);
/* Gotadi's private key for the partner, read from its file by the first
 * caller (any thread; the others wait for it); NULL when there is none or
 * it cannot be read, and mock_partner_problem() then says why. */
const gtd_key *mock_partner_emulator(const mock_partner *mp);
/* Why sealed calls cannot work for the partner, or NULL when they can:
 * the emulator's key is read first if it has not been. */
const char *mock_partner_problem(const mock_partner *mp);
/* Carries each partner's previous public key from old (the snapshot
 * being replaced; NULL at start) into ps: the old snapshot's key when
 * the record's key changed, else the previous key old had. */
void mock_partners_keep_previous(mock_partners *ps, const mock_partners *old);
/* Installs ps (s takes the reference); a key reader still reading the
 * snapshot it replaces is stopped. */
void mock_state_set_partners(mock_state *s, mock_partners *ps);
/* Reads the installed snapshot's emulator keys in a thread of their own,
 * so that requests seldom wait for one: started once the mock listens, it
 * keeps them off the start.  Nothing when one is reading already (call
 * it after mock_state_set_partners) or no thread can be made. */
void mock_state_read_keys(mock_state *s);
mock_partners *mock_state_partners(mock_state *s);
void mock_partners_put(mock_partners *ps);

/* The partner whose sandbox API key is api_key, or NULL. */
const mock_partner *mock_partners_by_key(const mock_partners *ps, const char *api_key);
const mock_partner *mock_partners_by_id(const mock_partners *ps, const char *id);

/* Bookings (call with the state lock held).  add takes ownership. */
gtd_booking *mock_booking_find(mock_state *s, const char *number);
gtd_status mock_booking_add(mock_state *s, gtd_booking *b, gtd_err *err);
/* A new booking number for product p at time now. */
void mock_booking_next_number(mock_state *s, gtd_product p, time_t now,
			      char out[GTD_BOOKING_NUMBER_MAX]);
/* Puts b in the place of the booking with its number (which is freed),
 * or removes that booking when b is NULL.  Lock held. */
void mock_booking_replace(mock_state *s, const char *number, gtd_booking *b);

/* Booking number when it belongs to partner_id, else NULL (lock held):
 * a partner never sees another's booking, not even that it exists. */
gtd_booking *mock_booking_of(mock_state *s, const char *number, const char *partner_id);
/* Forgets bookings, faults and the clock offset.  Lock held. */
void mock_state_reset(mock_state *s);
#endif
