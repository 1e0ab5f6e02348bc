/* mail.h - customer and activation e-mails, delivered into a Maildir.
 *
 * The mock mails travellers at the five moments Gotadi documents
 * (doc/protocol.md, "Customer e-mails"),
 * and the console mails a partner's administrator the activation link of
 * onboarding step 2.  Nothing goes to the network: messages are rendered as
 * complete RFC 5322 / MIME texts (Vietnamese first, then English, in every
 * part) and dropped into a local outbox that any mail reader can open and
 * that the mock's control API and the scenario runner read back.
 */
#ifndef GTD_MAIL_H
#define GTD_MAIL_H

#include <stddef.h>
#include <time.h>

#include "booking.h"
#include "buf.h"
#include "codes.h"
#include "err.h"

/* The largest message the outbox reads back; rendered mails are a few KiB. */
#define GTD_MAIL_MAX (1024 * 1024)

#define GTD_MAIL_FROM "Gotadi <no-reply@gotadi.com>"

/* "-9.223.372.036.854.775.808 VND", the longest amount, and its NUL. */
#define GTD_MAIL_AMOUNT_MAX 32

/* What a message is about.  Strings are borrowed and must be one line of
 * UTF-8; NULL means absent.  Which members a kind needs is checked by
 * gtd_mail_render(). */
typedef struct gtd_mail_context {
	/* every kind */
	const char *partner_id;       /* slug; the X-Gtd-Partner header */
	const char *partner_name;     /* company name, may be Vietnamese */
	const char *primary_colour;   /* #RRGGBB for the header bar; NULL: Gotadi blue */
	const char *support;          /* support contact line; NULL: none shown */
	const char *from;             /* ASCII mailbox; NULL: GTD_MAIL_FROM */
	time_t now;                   /* the Date header; the mock's virtual clock */
	/* customer e-mails: to the first traveller */
	const gtd_booking *booking;
	const char *result_url;       /* link to the booking's result page; optional */
	/* activation: to the administrator */
	const char *admin_name;
	const char *admin_email;
	const char *activation_url;
	const char *gateway_url;
} gtd_mail_context;

/* One message found in the outbox. */
typedef struct gtd_mail_entry {
	char *name;            /* relative to the Maildir: "new/1764...host" */
	time_t delivered;      /* from the Maildir file name */
	gtd_email_kind kind;   /* X-Gtd-Kind */
	char *booking;         /* X-Gtd-Booking; NULL for activation e-mails */
	char *partner;         /* X-Gtd-Partner */
	char *to;              /* the recipient's address, without display name */
	char *subject;         /* decoded from RFC 2047 to UTF-8 */
	time_t date;           /* the Date header */
} gtd_mail_entry;

/* Appends to out one complete message of the given kind: headers (From, To,
 * an RFC 2047 Subject, Date, Message-ID, MIME, X-Gtd-Kind, X-Gtd-Booking for
 * customer e-mails, X-Gtd-Partner) and a multipart/alternative body with a
 * text/plain and a text/html part, both UTF-8 in base64, CRLF line ends.
 * GTD_EINVAL naming the context member that is missing or malformed - a CR
 * or LF in any of them is refused, so no value can add a header - or when
 * the message would pass out's limit; GTD_ENOMEM, or GTD_ECRYPTO when no
 * random bytes were available for the Message-ID and MIME boundary.  On
 * failure out is unchanged. */
gtd_status gtd_mail_render(gtd_email_kind kind, const gtd_mail_context *ctx, gtd_buf *out,
			   gtd_err *err);

/* Appends to out the plain-text body of the message in one language, "vi"
 * or "en", for the console's preview screen.  The context is checked as by
 * gtd_mail_render(); GTD_EINVAL also for any other language.  On failure
 * out is unchanged. */
gtd_status gtd_mail_preview(gtd_email_kind kind, const gtd_mail_context *ctx, const char *lang,
			    gtd_buf *out, gtd_err *err);

/* Formats an amount of dong with its thousands grouped the way lang reads
 * it: "1.850.000 VND" for "vi", "1,850,000 VND" otherwise.  Returns out. */
char *gtd_mail_amount(char out[GTD_MAIL_AMOUNT_MAX], long long vnd, const char *lang);

/* Delivers len bytes of msg into the Maildir at maildir, creating it and its
 * tmp/, new/ and cur/ (mode 0700) when missing: the message is written and
 * synced under tmp/ with a unique name, then linked into new/ (mode 0600)
 * and the directory synced, so a reader never sees a partial message.  On
 * success *name_out (when not NULL; caller frees) is the new file's path
 * relative to maildir, "new/<unique>".  On failure nothing is left behind
 * in tmp/ or new/ and err names the path: GTD_EIO with the system's reason
 * (a directory that cannot be created, a full disk...), GTD_EINVAL for a
 * path longer than PATH_MAX, GTD_ENOMEM, GTD_ECRYPTO (no random bytes). */
gtd_status gtd_maildir_deliver(const char *maildir, const char *msg, size_t len,
			       char **name_out, gtd_err *err);

enum {
	/* Neither the message nor the directory is synced: the message is in
	 * new/ once the call returns, whole, for every reader, but a power
	 * cut may lose it or leave it cut short.  For a caller that keeps its
	 * own durable record of what it delivered and delivers again what the
	 * outbox lacks (gtd-mock with --state); a message cut short is not
	 * listed, so it is missing to that caller too. */
	GTD_MAILDIR_NO_SYNC = 1 << 0,
};

/* gtd_maildir_deliver with flags from the enum above. */
gtd_status gtd_maildir_deliver_ex(const char *maildir, const char *msg, size_t len,
				  unsigned flags, char **name_out, gtd_err *err);

/* Reads the messages in maildir's new/ and cur/ into *entries (*n of them,
 * sorted by delivery time, then file name; free with
 * gtd_mail_entries_free()).  A maildir or subdirectory that does not exist
 * yet holds nothing.  A file that is not one of our messages (unreadable,
 * larger than GTD_MAIL_MAX, without the X-Gtd- headers, an undecodable
 * subject or date, cut short before the end of its MIME body) is skipped
 * and counted in *skipped (when not NULL).
 * GTD_EIO when a directory cannot be read, GTD_ENOMEM; then *entries is
 * NULL and *n 0. */
gtd_status gtd_maildir_list(const char *maildir, gtd_mail_entry **entries, size_t *n,
			    size_t *skipped, gtd_err *err);

/* Frees n entries and the array; NULL is accepted. */
void gtd_mail_entries_free(gtd_mail_entry *entries, size_t n);

/* One message of the outbox, opened for reading. */
typedef struct gtd_mail_message {
	gtd_mail_entry entry;  /* what the list shows of it */
	char *raw;             /* the file as delivered, NUL-terminated */
	size_t raw_len;
	char *headers;         /* the header section, as in raw */
	char *text, *html;     /* the parts decoded to UTF-8; NULL when absent */
} gtd_mail_message;

/* Reads the message id of maildir into *m: id is the file's name in new/
 * or cur/ (what follows the slash in gtd_mail_entry.name); one with a '/'
 * or starting with '.' names nothing.  GTD_ENOTFOUND when there is no such
 * message, GTD_EINVAL for a file that is not one of ours, GTD_ENOMEM;
 * then *m is empty.  Release with gtd_mail_message_release(). */
gtd_status gtd_maildir_read(const char *maildir, const char *id, gtd_mail_message *m,
			    gtd_err *err);
void gtd_mail_message_release(gtd_mail_message *m);

#endif
