/* schema.h - the sealed messages of doc/protocol.md ("Messages"), as data.
 *
 * A schema is the ordered list of a message's fields without the signature
 * (that list joined by '|' is the signature data) plus the place where the
 * signature is inserted to form the original data.  The envelope, the mock,
 * the runner and the CLI all read these tables.
 */
#ifndef GTD_SCHEMA_H
#define GTD_SCHEMA_H

#include <stddef.h>

#include "err.h"

#define GTD_FIELDS_MAX 8

enum {
	GTD_FIELD_MANDATORY = 1 << 0,  /* must not be empty */
	GTD_FIELD_ERROR_CODE = 1 << 1, /* must be a code of codes.h */
	GTD_FIELD_SECRET = 1 << 2,     /* shown only masked (the access code) */
	GTD_FIELD_AMOUNT = 1 << 3,     /* when given, an amount: 1850000, 1850000.0, 1.85E7 */
	/* Must not be empty in an answer that processed a booking (error code
	 * 00, 01 or 02); an answer with another code may leave it empty (the
	 * request could not be read, or named no booking the gateway has). */
	GTD_FIELD_PROCESSED = 1 << 4,
};

typedef struct gtd_field {
	const char *name;
	unsigned flags;
	const char *const *allowed;  /* NULL-terminated enum values, or NULL */
	const char *en;              /* what it holds, for help texts */
} gtd_field;

typedef struct gtd_schema {
	const char *name;            /* "login-request" */
	const char *en;              /* one line: which API, which direction */
	size_t nfields;              /* fields, not counting the signature */
	const gtd_field *fields;
	size_t sig_pos;              /* index of the signature in the original data */
} gtd_schema;

extern const gtd_schema gtd_schemas[];
extern const size_t gtd_schema_count;

/* The schema called name, or NULL. */
const gtd_schema *gtd_schema_find(const char *name);

/* Index of the field called name in s, or -1. */
int gtd_schema_field_index(const gtd_schema *s, const char *name);

/* A message's values: v[i] belongs to s->fields[i].  The strings are owned
 * by the struct; NULL means "not given" and counts as empty. */
typedef struct gtd_fields {
	const gtd_schema *schema;
	char *v[GTD_FIELDS_MAX];
} gtd_fields;

void gtd_fields_init(gtd_fields *f, const gtd_schema *s);
void gtd_fields_release(gtd_fields *f);

/* Copies value into the field called name.  GTD_ENOTFOUND for a name the
 * schema does not have, GTD_ENOMEM. */
gtd_status gtd_fields_set(gtd_fields *f, const char *name, const char *value,
			  gtd_err *err);

/* gtd_fields_set for each name/value pair, in order; a NULL value leaves
 * its field unset ("").  GTD_OK, or the first failure as gtd_fields_set
 * gives it (the pairs before it are set). */
gtd_status gtd_fields_set_pairs(gtd_fields *f, const char *const (*pairs)[2], size_t n,
				gtd_err *err);

/* The value of the field called name; "" when unset; NULL for a name the
 * schema does not have. */
const char *gtd_fields_get(const gtd_fields *f, const char *name);

/* Checks the values against the schema: no '|' in any value, mandatory
 * fields not empty, enum fields among their allowed values, error codes
 * known.  On failure *bad_field (when not NULL) is the offending index and
 * err says why. */
gtd_status gtd_fields_check(const gtd_fields *f, size_t *bad_field, gtd_err *err);

/* A signature data string of schema s (its fields joined by '|') with
 * every secret field masked, for a terminal or a journal (caller frees).
 * Fields past the schema's count are kept as they are; NULL when out of
 * memory. */
char *gtd_schema_mask_signed(const gtd_schema *s, const char *signed_data);

#endif
