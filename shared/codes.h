/* codes.h - the protocol's fixed vocabularies, one table per fact.
 *
 * Error codes, HTTP statuses, booking statuses, onboarding steps and
 * customer e-mail kinds (doc/protocol.md has the codes and statuses).  The mock, the
 * runner and the console read these tables; nobody re-types them.  Texts are
 * English and Vietnamese side by side so any program can show either, or
 * both (the export, the reference pages).  The console translates the steps'
 * and checklists' English through gettext like all its text; po/vi.po
 * says the same Vietnamese, which check_tui holds equal.
 */
#ifndef GTD_CODES_H
#define GTD_CODES_H

#include <stddef.h>

/* Gotadi's two-character error codes, in the order the documentation lists
 * them. */
typedef enum gtd_code {
	GTD_CODE_SUCCESS,          /* 00 */
	GTD_CODE_PROCESSING,       /* 01 */
	GTD_CODE_FAILED,           /* 02 */
	GTD_CODE_AUTH,             /* 03 */
	GTD_CODE_SIGNATURE,        /* 04 */
	GTD_CODE_DECRYPT,          /* 05 */
	GTD_CODE_ACCESS_CODE,      /* 06 */
	GTD_CODE_MALFORMED,        /* 07 */
	GTD_CODE_DUPLICATE,        /* 08 */
	GTD_CODE_NOT_PROCESSED,    /* 09 */
	GTD_CODE_NOT_FOUND,        /* 10 */
	GTD_CODE_OTHER,            /* 99 */
	GTD_CODE_COUNT
} gtd_code;

typedef struct gtd_code_info {
	const char *code;   /* "00" */
	const char *name;   /* "success": a stable identifier for scripts */
	const char *en;
	const char *vi;
	int http;           /* HTTP status the gateway answers it with */
} gtd_code_info;

extern const gtd_code_info gtd_codes[GTD_CODE_COUNT];

/* The entry for "00".."99", or NULL for a code Gotadi does not define. */
const gtd_code_info *gtd_code_lookup(const char *code);

/* Whether code says the gateway processed the booking: 00, 01 or 02 (the
 * answers that must carry the booking's number and amount).  0 for NULL. */
int gtd_code_processed(const char *code);

/* What code means as the answer to one call ("login", "commit", "query-trans"),
 * in English, e.g. commit's 10: "no such booking for this partner"; NULL when
 * the call adds nothing to the code's own meaning. */
const char *gtd_code_meaning(const char *api, const char *code);

typedef struct gtd_http_info {
	int status;
	const char *reason;  /* "Not Found" */
	const char *en;      /* when the gateway answers it */
	const char *vi;
} gtd_http_info;

extern const gtd_http_info gtd_http_codes[];
extern const size_t gtd_http_code_count;

/* The entry for an HTTP status the gateway uses, or NULL. */
const gtd_http_info *gtd_http_lookup(int status);

/* What HTTP status means as the answer to one call, in English, e.g.
 * booking-detail's 404: "no such booking for this partner"; NULL when the
 * call adds nothing to the status's own meaning (gtd_http_lookup's en). */
const char *gtd_http_meaning(const char *api, int status);

/* Booking detail's three status fields and the values each may take. */
typedef enum gtd_status_field {
	GTD_STATUS_BOOKING,   /* bookingInfo.status */
	GTD_STATUS_PAYMENT,   /* bookingInfo.paymentStatus */
	GTD_STATUS_ISSUED,    /* bookingInfo.issuedStatus */
	GTD_STATUS_FIELD_COUNT
} gtd_status_field;

typedef struct gtd_status_set {
	const char *json_name;           /* "paymentStatus" */
	const char *const *values;       /* NULL-terminated */
} gtd_status_set;

extern const gtd_status_set gtd_booking_statuses[GTD_STATUS_FIELD_COUNT];

/* 1 when value is one of field's documented values. */
int gtd_status_valid(gtd_status_field field, const char *value);

/* The five onboarding steps of Gotadi's partner documentation. */
#define GTD_STEP_COUNT 5

/* One thing a step needs before it can be marked done.  The partner module
 * decides from the record whether it is met (gtd_partner_step_missing). */
typedef struct gtd_check_item {
	const char *id;      /* "company", "partner-key", ... */
	const char *en;
	const char *vi;
} gtd_check_item;

typedef struct gtd_step_info {
	int number;          /* 1..5 */
	const char *name;    /* stable identifier: "account", "sandbox", ... */
	const char *en;
	const char *vi;
	const gtd_check_item *checklist;   /* terminated by an item with id NULL */
} gtd_step_info;

extern const gtd_step_info gtd_steps[GTD_STEP_COUNT];

/* The customer e-mails Gotadi sends, plus the activation e-mail of
 * onboarding step 2 (doc/protocol.md, "Customer e-mails"). */
typedef enum gtd_email_kind {
	GTD_EMAIL_HOLD_OK,          /* hold succeeded, awaiting payment */
	GTD_EMAIL_ISSUED,           /* ticket issued */
	GTD_EMAIL_HOLD_FAILED,
	GTD_EMAIL_PAYMENT_FAILED,
	GTD_EMAIL_ISSUE_FAILED,     /* paid but the ticket could not be issued */
	GTD_EMAIL_ACTIVATION,       /* B2B portal activation, to the admin */
	GTD_EMAIL_KIND_COUNT
} gtd_email_kind;

typedef struct gtd_email_info {
	const char *name;     /* "hold-ok" */
	const char *en;       /* description, English */
	const char *vi;
	int customer;         /* 1 for the five customer e-mails */
} gtd_email_info;

extern const gtd_email_info gtd_email_kinds[GTD_EMAIL_KIND_COUNT];

/* The kind called name, or -1. */
int gtd_email_kind_lookup(const char *name);

#endif
