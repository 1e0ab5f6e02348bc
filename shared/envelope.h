/* envelope.h - Gotadi's 3DES + RSA envelope (doc/protocol.md, "The envelope, byte by byte").
 *
 * seal() turns a message's fields into {key, data}; open() turns them back
 * and, when anything is wrong, says which step failed and why - for a bad
 * signature, the exact string that was verified - so the mock can explain
 * it and map it to an error code.
 */
#ifndef GTD_ENVELOPE_H
#define GTD_ENVELOPE_H

#include "codes.h"
#include "err.h"
#include "keys.h"
#include "schema.h"

typedef struct gtd_envelope {
	char *key;   /* base64url, no padding: RSA(session key) */
	char *data;  /* base64url, no padding: 3DES(original data) */
} gtd_envelope;

void gtd_envelope_release(gtd_envelope *e);

/* Parses a request or response body {"key": "...", "data": "..."}.  Other
 * members are ignored.  GTD_EINVAL with the reason (not JSON at offset N,
 * not an object, a member missing or not a string) on failure. */
gtd_status gtd_envelope_from_json(const char *text, size_t len, gtd_envelope *out,
				  gtd_err *err);

/* {"key":"...","data":"..."} on one line (caller frees), or NULL. */
char *gtd_envelope_to_json(const gtd_envelope *e);

/* Seals f (checked with gtd_fields_check first) from the holder of
 * sender_priv to the holder of receiver_pub, with a fresh session key.  On
 * success *out holds two strings the caller releases with
 * gtd_envelope_release(). */
gtd_status gtd_seal(const gtd_fields *f, const gtd_key *sender_priv,
		    const gtd_key *receiver_pub, gtd_envelope *out, gtd_err *err);

/* The same with a given session key of 24 (or 16, two-key) bytes, for
 * known-answer tests. */
gtd_status gtd_seal_with_session_key(const gtd_fields *f, const gtd_key *sender_priv,
				     const gtd_key *receiver_pub,
				     const unsigned char *session_key, size_t klen,
				     gtd_envelope *out, gtd_err *err);

enum {
	GTD_SEAL_BAD_SIGNATURE = 1 << 0,  /* flip a bit of the signature (the mock's faults) */
};

/* What both of the above do: session_key NULL means a fresh random one;
 * flags from the enum above. */
gtd_status gtd_seal_ex(const gtd_fields *f, const gtd_key *sender_priv,
		       const gtd_key *receiver_pub, const unsigned char *session_key,
		       size_t klen, unsigned flags, gtd_envelope *out, gtd_err *err);

/* 1 when signature_b64 (either base64 alphabet) is a valid SHA256withRSA
 * signature by signer's key over the UTF-8 bytes of data. */
int gtd_signature_verifies(const gtd_key *signer, const char *signature_b64, const char *data);

/* The signature data of f: its values joined by '|' (caller frees). */
char *gtd_signature_data(const gtd_fields *f);

/* The steps of open(), in the order they run. */
typedef enum gtd_open_step {
	GTD_OPEN_OK,
	GTD_OPEN_INPUT,        /* key or data missing */
	GTD_OPEN_KEY_BASE64,   /* `key` is not base64 */
	GTD_OPEN_RSA,          /* RSA decryption of `key` failed */
	GTD_OPEN_KEY_LENGTH,   /* the session key is not 24 (or 16) bytes */
	GTD_OPEN_DATA_BASE64,  /* `data` is not base64 */
	GTD_OPEN_3DES,         /* 3DES decryption or its padding failed */
	GTD_OPEN_UTF8,         /* the original data is not UTF-8 */
	GTD_OPEN_FIELD_COUNT,  /* wrong number of '|'-separated fields */
	GTD_OPEN_SIGNATURE,    /* the signature does not verify */
	GTD_OPEN_FIELD,        /* a mandatory field is empty or an enum is wrong */
	GTD_OPEN_ACCESS_CODE,  /* the access code is not the partner's */
	GTD_OPEN_INTERNAL,     /* the receiver ran out of memory: no fault of the sender's */
	GTD_OPEN_STEP_COUNT
} gtd_open_step;

#define GTD_OPEN_LOOKS_LIKE_MAX 4

typedef struct gtd_open_report {
	gtd_open_step step;
	char why[GTD_ERR_MSG_MAX];  /* one sentence; never contains key material */
	int field;                  /* offending field index, or -1 */
	size_t session_key_len;     /* 0 until RSA decryption succeeded */
	char *original;             /* decrypted original data, once known */
	char *signed_data;          /* the exact string verified, once known */
	/* When the field count, the signature or a field failed: the other
	 * schemas the data fits, in table order - those it opens as whole
	 * (looks_like_verified), else, when it lacks even the given schema's
	 * shape, those whose field count, enums and signature place it has.
	 * Most likely the wrong schema was given, or the request was sent to
	 * the wrong endpoint. */
	const gtd_schema *looks_like[GTD_OPEN_LOOKS_LIKE_MAX];
	size_t nlooks_like;
	int looks_like_verified;
	/* What was accepted though it is not what Gotadi sends (the other
	 * base64 alphabet, '=' padding, wrapped lines, a 16-byte session
	 * key): one clause each, "; "-separated, "" when none; and the step
	 * a strict gateway refuses the first of them at. */
	char leniency[512];
	gtd_open_step lenient_step;
} gtd_open_report;

void gtd_open_report_release(gtd_open_report *r);

/* Stable name of a step ("signature", "3des", ...). */
const char *gtd_open_step_name(gtd_open_step step);

/* The error code the gateway answers a failed step with (doc/protocol.md,
 * "Error codes"): 05 for decoding and decryption, 07 for malformed fields, 04
 * for the signature, 06 for the access code, 99 for the internal step. */
gtd_code gtd_open_step_code(gtd_open_step step);

/* Opens {key, data} as a message of schema s sent by the holder of
 * sender_pub to the holder of receiver_priv.  When access_code is not NULL
 * the message's access_code field must equal it.  Fills out (initialised
 * here; release it with gtd_fields_release even on failure) and rep
 * (release with gtd_open_report_release).  Returns GTD_OK when every step
 * passed, GTD_EINVAL when one failed (rep says which), GTD_ENOMEM with
 * rep->step GTD_OPEN_INTERNAL when an allocation failed. */
gtd_status gtd_open(const gtd_schema *s, const char *key, const char *data,
		    const gtd_key *receiver_priv, const gtd_key *sender_pub,
		    const char *access_code, gtd_fields *out, gtd_open_report *rep);

#endif
