/* booking.h - a booking and its lifecycle (doc/protocol.md, "Bookings").
 *
 * The mock keeps bookings; this module decides what happens to one: hold,
 * expiry, commit (immediate or asynchronous issuance, payment and issuance
 * failures), query, Gotadi's refund and cancel.  Every transition is a pure
 * function of (booking, input, virtual time), so the lifecycle is tested
 * without a server, and each returns the customer e-mails it triggers.
 */
#ifndef GTD_BOOKING_H
#define GTD_BOOKING_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "codes.h"
#include "err.h"
#include "jsonw.h"

#define GTD_BOOKING_NUMBER_MAX 24
#define GTD_BOOKING_ID_MAX 52    /* "BOD::yyMMdd::" + a 36-character UUID */
#define GTD_TRAVELLERS_MAX 9

typedef enum gtd_product { GTD_PRODUCT_FLIGHT, GTD_PRODUCT_HOTEL } gtd_product;

/* Values of bookingInfo.status, paymentStatus and issuedStatus, as indexes
 * into gtd_booking_statuses[field].values. */
typedef enum gtd_bstatus {
	GTD_BOOKING_PENDING, GTD_BOOKING_ON_PROCESS, GTD_BOOKING_BOOKED,
	GTD_BOOKING_FAILED, GTD_BOOKING_CANCELLED, GTD_BOOKING_EXPIRED
} gtd_bstatus;
typedef enum gtd_pstatus {
	GTD_PAYMENT_PENDING, GTD_PAYMENT_SUCCEEDED, GTD_PAYMENT_FAILED, GTD_PAYMENT_REFUNDED
} gtd_pstatus;
typedef enum gtd_istatus {
	GTD_ISSUED_PENDING, GTD_ISSUED_ON_PROCESS, GTD_ISSUED_SUCCEEDED, GTD_ISSUED_FAILED
} gtd_istatus;

typedef struct gtd_traveller {
	char *first_name, *last_name;   /* last_name "HOLDFAIL" makes the hold fail */
	char *phone, *email;
} gtd_traveller;

/* What was booked: a flight segment or a hotel stay (made-up inventory). */
typedef struct gtd_itinerary {
	char *airline;        /* IATA code, "VN" for Vietnam Airlines; NULL for hotels */
	char *flight_no;      /* "VN213" */
	char *from, *to;      /* IATA airports */
	int international;
	char *hotel;          /* hotel name; NULL for flights */
	time_t depart;        /* departure, or hotel check-in */
	time_t arrive;        /* arrival, or check-out */
} gtd_itinerary;

/* How a commit is to end; the partner picks it with a magic
 * partner_trans_id (gtd_commit_outcome_for) or the mock's settings. */
typedef enum gtd_commit_outcome {
	GTD_COMMIT_ISSUE_NOW,     /* paid, ticket issued at once: 00 */
	GTD_COMMIT_ISSUE_ASYNC,   /* paid, issuing: 01, resolves later to issued */
	GTD_COMMIT_ISSUE_FAIL,    /* paid, issuance fails: 02 */
	GTD_COMMIT_PAY_FAIL,      /* payment failed: 02 */
	/* Paid after the hold's deadline: the booking stays BOOKED, payment
	 * SUCCEEDED, issuance FAILED (Gotadi's FAQ, status table row 11): 02.
	 * timeToLive moves to just before the commit, as if it had passed. */
	GTD_COMMIT_DEADLINE_PASSED,
} gtd_commit_outcome;

typedef struct gtd_booking {
	char number[GTD_BOOKING_NUMBER_MAX];
	char id[GTD_BOOKING_ID_MAX];   /* booking detail's id (gtd_booking_id) */
	char *partner_id;
	char *user_id;
	gtd_product product;
	long long total_amount;        /* VND */
	gtd_bstatus status;
	gtd_pstatus payment;
	gtd_istatus issued;
	time_t created, updated;
	time_t time_to_live;           /* a held booking expires after this */
	time_t issue_at;               /* when asynchronous issuance resolves */
	int issue_will_fail;           /* how asynchronous issuance resolves */
	int committed;
	char *partner_trans_id;
	gtd_itinerary itinerary;
	size_t ntravellers;
	gtd_traveller travellers[GTD_TRAVELLERS_MAX];
	/* The customer e-mails its transitions have called for, as a
	 * gtd_email_set: what the outbox must hold once the state is saved,
	 * even across a crash between the two. */
	unsigned mails;
} gtd_booking;

/* E-mails a transition triggers, as a bit set of 1 << gtd_email_kind. */
typedef unsigned gtd_email_set;

const char *gtd_product_name(gtd_product p);        /* "flight" */
const char *gtd_product_type(gtd_product p);        /* "AIR" */
/* The product called "flight"/"hotel" or typed "AIR"/"HOTEL"; -1 if none. */
int gtd_product_lookup(const char *name_or_type);

const char *gtd_bstatus_name(gtd_bstatus s);        /* "BOOKED" */
const char *gtd_pstatus_name(gtd_pstatus s);
const char *gtd_istatus_name(gtd_istatus s);

/* Formats a booking number: ADCO (flight) or HDCO (hotel) + yyMMdd (UTC)
 * + the running number, zero-padded to seven digits: 17 characters, as
 * Gotadi's gateway gives them (ADCO2511280000001). */
void gtd_booking_number(char out[GTD_BOOKING_NUMBER_MAX], gtd_product p, time_t day,
			unsigned seq);

/* Booking detail's id for a booking number, in Gotadi's form
 * "BOD::yyMMdd::<uuid>": the number's date, then a UUID (RFC 9562 version
 * 8) made from the SHA-256 of the number, so that the same booking has the
 * same id across restarts without storing it. */
void gtd_booking_id(const char *number, char out[GTD_BOOKING_ID_MAX]);

/* Initialises b as a new PENDING booking; strings are copied.  Release with
 * gtd_booking_release(). */
gtd_status gtd_booking_init(gtd_booking *b, const char *number, const char *partner_id,
			    const char *user_id, gtd_product p, long long amount, time_t now,
			    gtd_err *err);
void gtd_booking_release(gtd_booking *b);

/* Adds a traveller (strings copied).  GTD_EINVAL past GTD_TRAVELLERS_MAX or
 * for a booking no longer PENDING. */
gtd_status gtd_booking_add_traveller(gtd_booking *b, const char *first, const char *last,
				     const char *phone, const char *email, gtd_err *err);

/* Holds a PENDING booking: BOOKED with time_to_live = now + ttl, or FAILED
 * when a traveller's surname is HOLDFAIL (the documented magic value).
 * Returns the e-mails to send (hold-ok or hold-failed).  GTD_EINVAL when
 * the booking is not PENDING or has no traveller. */
gtd_status gtd_booking_hold(gtd_booking *b, time_t now, time_t ttl, gtd_email_set *mail,
			    gtd_err *err);

/* Brings b up to time now: a held, unpaid booking past its time_to_live
 * becomes EXPIRED; asynchronous issuance due by now resolves.  Returns the
 * e-mails that triggers. */
gtd_email_set gtd_booking_settle(gtd_booking *b, time_t now);
/* Whether gtd_booking_settle(b, now) would change b: callers that only
 * read can skip taking a lock for writing when it would not. */
int gtd_booking_settle_due(const gtd_booking *b, time_t now);

/* The outcome a magic partner_trans_id asks for (gtd-pay-fail,
 * gtd-issue-fail, gtd-issue-async), else dflt. */
gtd_commit_outcome gtd_commit_outcome_for(const char *partner_trans_id,
					  gtd_commit_outcome dflt);

/* The partner says payment is done.  Settles first, then: a booking
 * already committed answers GTD_CODE_DUPLICATE (the caller may map it to
 * 10 by setting); an expired one GTD_CODE_FAILED and stays EXPIRED; one
 * not held (FAILED, CANCELLED, PENDING) GTD_CODE_FAILED; otherwise the
 * outcome decides (00, 01 or 02) with the statuses and e-mails of section 6.
 * issue_delay is how long asynchronous issuance takes. */
gtd_code gtd_booking_commit(gtd_booking *b, const char *partner_trans_id,
			    gtd_commit_outcome outcome, time_t now, time_t issue_delay,
			    gtd_email_set *mail);

/* What query-trans answers for b: 09 before any commit, 01 while issuing,
 * 00 when issued, 02 when payment or issuance failed or it expired. */
gtd_code gtd_booking_query(const gtd_booking *b);

/* Gotadi's operations on a test booking: refund (payment REFUNDED, status
 * CANCELLED) needs a successful payment; cancel (status CANCELLED) needs a
 * booking not paid.  GTD_EINVAL with the reason otherwise. */
gtd_status gtd_booking_refund(gtd_booking *b, time_t now, gtd_err *err);
gtd_status gtd_booking_cancel(gtd_booking *b, time_t now, gtd_err *err);

/* The journey is finished: payment failed, or paid and issued (section 6). */
int gtd_booking_finished(const gtd_booking *b);

/* An amount as Java's Double.toString() writes it, which is how Gotadi's
 * commit and check-commit-result answers carry total_amount: "1850000.0",
 * but "1.2345678E7" from ten million up (doc/protocol.md, "Messages"). */
void gtd_amount_java(long long amount, char out[32]);

/* ISO-8601 UTC ("2026-11-28T10:00:00Z") into out (at least 21 bytes). */
void gtd_iso8601(char out[21], time_t t);

/* Booking detail's JSON (section 6): id, bookingNumber, bookingDate,
 * updatedDate, travelerInfo, bookingInfo{status, paymentStatus,
 * issuedStatus, timeToLive, totalFare, paymentTotalAmount, supplierType,
 * roundType, ...} and the itinerary, written as the members of the object
 * the caller has opened (so it can add its own).  Written, not built: the
 * mock answers it on its hottest path.  A failed write is left in w's
 * buffer, whose status the caller checks when the text is finished. */
void gtd_booking_detail_members(gtd_jw *w, const gtd_booking *b);

/* The whole booking as JSON for the mock's --state file, and back.  The
 * members are written into an object the caller has opened (a failed
 * write sticks in w's buffer), or as one text (caller frees; NULL out of
 * memory): written, not built, as a start-up compacts 100,000 of them.
 * from_json fills b (release it with gtd_booking_release) or returns
 * GTD_EINVAL naming the bad member. */
void gtd_booking_state_members(gtd_jw *w, const gtd_booking *b);
char *gtd_booking_state_text(const gtd_booking *b);
gtd_status gtd_booking_from_json(const cJSON *json, gtd_booking *b, gtd_err *err);

#endif
