/* field.h - the partner record's field table.
 *
 * One row per field of gtd_partner: its dotted path, what it holds, where
 * it is in the struct and whether it is secret, required or kept by the
 * kit.  The record's setters, its JSON and the console all read this table,
 * so a field added here is validated, written, masked and shown alike
 * everywhere.
 */
#ifndef GTD_FIELD_H
#define GTD_FIELD_H

#include <stddef.h>

/* What a field holds and how it is checked.  The kinds up to
 * GTD_KIND_LAST_STRING are a char * in the record. */
typedef enum gtd_field_kind {
	GTD_KIND_SLUG, GTD_KIND_TEXT, GTD_KIND_URL, GTD_KIND_URL_HTTPS, GTD_KIND_EMAIL,
	GTD_KIND_PHONE, GTD_KIND_COLOUR, GTD_KIND_TIME, GTD_KIND_DATE, GTD_KIND_TOKEN,
	GTD_KIND_HEX,
	GTD_KIND_PEM,           /* a public key, stored as SPKI PEM */
	GTD_KIND_PARTNER_KEY,   /* the same, with partner_key.bits and .fingerprint */
	GTD_KIND_EMULATOR_KEY,  /* the same, with emulator_key.fingerprint */
	GTD_KIND_LAST_STRING = GTD_KIND_EMULATOR_KEY,
	GTD_KIND_VERSION,       /* format_version */
	GTD_KIND_BOOL,
	GTD_KIND_ULONG,         /* revision */
	GTD_KIND_BITS,          /* partner_key.bits, 0 = no key */
	GTD_KIND_STEP,          /* 1..GTD_STEP_COUNT */
	GTD_KIND_LAYOUT,
	GTD_KIND_STATUS,        /* gtd_step_status */
	GTD_KIND_APP,           /* gtd_cs_app, in cs.channels[] */
	GTD_KIND_CODE,          /* the duplicate-commit error code */
	GTD_KIND_SEP,           /* the redirect's separator character */
	GTD_KIND_URLS,          /* gtd_strlist of URLs */
	GTD_KIND_CIDRS,         /* gtd_strlist of IPv4 networks */
	GTD_KIND_DOCS,          /* lists of objects */
	GTD_KIND_EVIDENCE,
	GTD_KIND_CHANNELS,
} gtd_field_kind;

enum {
	GTD_FIELD_RO = 1 << 0,        /* maintained by the kit, not settable */
	GTD_FIELD_SECRET = 1 << 1,    /* shown masked, never logged */
	GTD_FIELD_REQUIRED = 1 << 2,
};

typedef struct gtd_field {
	const char *path;
	gtd_field_kind kind;
	size_t off;       /* where it is in gtd_partner */
	unsigned flags;
	size_t max;       /* GTD_KIND_TEXT: display columns */
} gtd_field;

/* Every field of the record, in the order the JSON is written. */
extern const gtd_field gtd_fields[];
extern const size_t gtd_field_count;

/* The field at a dotted path ("admin.email"), or NULL for an unknown path
 * or NULL.  The row is static. */
const gtd_field *gtd_field_find(const char *path);

/* 1 when fields of kind k are a char * in the record. */
int gtd_field_kind_is_string(gtd_field_kind k);

/* 1 for the lists of objects (documents, evidence, channels). */
int gtd_field_kind_is_objlist(gtd_field_kind k);

/* The names a field of an enumerated kind takes, in order (the layout's
 * "dual", "single"), their number in *n; NULL and *n 0 for other kinds.
 * The array is static. */
const char *const *gtd_field_choices(const gtd_field *f, size_t *n);

#endif
