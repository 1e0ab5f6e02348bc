/* rules.h - Gotadi's test rules for the real sandbox and production,
 * from its partner documentation (doc/protocol.md, "Gotadi's test rules").
 *
 * Partners break these out of ignorance, so the mock checks each booking
 * against them on hold and on commit and warns in its journal, and the
 * console shows them and drafts the refund/cancel e-mail Gotadi asks for.
 * All the rules live in one table; each has a stable id for scripts and
 * settings, and English and Vietnamese text.  Calendar days are Vietnam's
 * (UTC+7, no daylight saving time), as Gotadi counts them.
 */
#ifndef GTD_RULES_H
#define GTD_RULES_H

#include <stddef.h>
#include <time.h>

#include "booking.h"
#include "err.h"

/* When a booking is checked.  A rule applies from its stage on: the
 * traveller data and hotel rules at hold already, the flight rules only at
 * commit (any airline may be held, issuance is what Gotadi restricts). */
typedef enum gtd_rules_stage {
	GTD_RULES_HOLD,
	GTD_RULES_COMMIT
} gtd_rules_stage;

/* The products a rule concerns, as a bit set. */
#define GTD_RULE_FLIGHT (1u << GTD_PRODUCT_FLIGHT)
#define GTD_RULE_HOTEL (1u << GTD_PRODUCT_HOTEL)

struct gtd_rules_ctx;   /* what a check looks at; private to rules.c */

typedef struct gtd_rule {
	const char *id;           /* "flight-advance": stable, for scripts and settings */
	unsigned products;        /* GTD_RULE_FLIGHT, GTD_RULE_HOTEL or both */
	gtd_rules_stage stage;    /* the first stage it applies at */
	int limit;                /* the rule's number (passengers, days...); 0 if none */
	const char *en;
	const char *vi;
	/* Adds a violation per offending value; GTD_ENOMEM is the only failure. */
	gtd_status (*check)(const struct gtd_rule *r, const struct gtd_rules_ctx *c);
} gtd_rule;

#define GTD_RULE_DETAIL_MAX 256

typedef struct gtd_rule_violation {
	const gtd_rule *rule;
	/* English, names the value that broke the rule ("departure 2026-12-05
	 * is 7 days away; issuance needs 30"); cut on a character boundary. */
	char detail[GTD_RULE_DETAIL_MAX];
} gtd_rule_violation;

typedef struct gtd_rule_violations {
	gtd_rule_violation *v;    /* in table order, then traveller order */
	size_t n;
	size_t alloc;
} gtd_rule_violations;

/* The rule table, in the order checks run and the console lists them;
 * *n (when not NULL) is its length.  Static storage, never NULL. */
const gtd_rule *gtd_rules_table(size_t *n);

/* Checks b against every rule that applies to its product at stage, at
 * time now.  others are the partner's other bookings, for the rules that
 * count issued tickets (NULL entries and b itself, by number, are
 * skipped; others may be NULL when nothers is 0).  out is initialised
 * here and holds the violations, none when b passes; the caller releases
 * it with gtd_rule_violations_release() whatever the result.  GTD_EINVAL
 * for a NULL b or out, or a bad stage; GTD_ENOMEM; on failure out is
 * empty. */
gtd_status gtd_rules_check(const gtd_booking *b, const gtd_booking *const *others,
			   size_t nothers, gtd_rules_stage stage, time_t now,
			   gtd_rule_violations *out, gtd_err *err);

/* Whether o holds a ticket (paid, issued or issuing, not refunded; a
 * flight), which is what the rules comparing bookings count. */
int gtd_rules_holds_ticket(const gtd_booking *o);

/* The day of t in Vietnam (UTC+7), as a day number: the rules' calendar. */
long long gtd_rules_day(time_t t);

/* Frees the violations; out is empty and reusable afterwards. */
void gtd_rule_violations_release(gtd_rule_violations *out);

/* The e-mail a partner sends Gotadi to refund or cancel a test booking. */
typedef struct gtd_refund_draft {
	const char *to;           /* "system@gotadi.com"; static storage */
	const char *cc;           /* "ota@gotadi.com" for hotels, "" for flights */
	char *subject;            /* "[<Partner>-Testing] - Refund ADCO261101001" */
	char *body;               /* Vietnamese, then English */
	time_t deadline;          /* 16:00 UTC+7 on the day of now */
	int deadline_passed;      /* now is at or after deadline; the body says so */
} gtd_refund_draft;

/* Drafts the refund or cancel request for b: request is "Refund" or
 * "Cancel" (any case); partner_name goes into the subject, so it must be
 * one line of text.  The booking number stands for the PNR.  GTD_EINVAL
 * for a NULL b or out, a bad request or partner name; GTD_ENOMEM.  On success the
 * caller releases out with gtd_refund_draft_release(); on failure out
 * holds nothing to release. */
gtd_status gtd_rules_refund_request(const gtd_booking *b, const char *partner_name,
				    const char *request, time_t now, gtd_refund_draft *out,
				    gtd_err *err);

/* Frees the subject and body; out is empty afterwards. */
void gtd_refund_draft_release(gtd_refund_draft *out);

#endif
