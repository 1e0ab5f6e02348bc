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
#include <cjson/cJSON.h>

#include "codes.h"
#include "err.h"
#include "partner.h"

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

/* Room for any field path, element paths included
 * ("onboarding.evidence[12].summary"). */
#define GTD_FIELD_PATH_MAX 128

/* A member of the objects in the lists of objects (documents, evidence,
 * channels). */
typedef struct gtd_field_member {
	const char *name;
	gtd_field_kind kind;   /* a string kind, or GTD_KIND_APP */
	size_t off;            /* where it is in the element */
	size_t max;
	int required;
} gtd_field_member;

/* Every field of the record, in the order the JSON is written. */
extern const gtd_field gtd_fields[];
extern const size_t gtd_field_count;

/* The field at a dotted path ("admin.email"), or NULL for an unknown path
 * or NULL.  The row is static. */
const gtd_field *gtd_field_find(const char *path);

/* What a record's member at path[0..len) is: a field (its index in
 * gtd_fields[] in *index), an object holding fields, or neither.  A
 * binary search, for the one walk over a record that reads it. */
typedef enum gtd_field_match {
	GTD_FIELD_MATCH_NONE,
	GTD_FIELD_MATCH_FIELD,
	GTD_FIELD_MATCH_OBJECT,
} gtd_field_match;

gtd_field_match gtd_field_match_path(const char *path, size_t len, size_t *index);

/* 1 when fields of kind k are a char * in the record. */
int gtd_field_kind_is_string(gtd_field_kind k);

/* 1 for the lists of objects (documents, evidence, channels). */
int gtd_field_kind_is_objlist(gtd_field_kind k);

/* The names a field of an enumerated kind takes, in order (the layout's
 * "dual", "single"), their number in *n; NULL and *n 0 for other kinds.
 * The array is static. */
const char *const *gtd_field_choices(const gtd_field *f, size_t *n);

/* The members of the elements of a list kind, ended by one whose name is
 * NULL; NULL for other kinds.  Static. */
const gtd_field_member *gtd_field_members(gtd_field_kind k);

/* The record's value at offset off (a gtd_field's off) as the type its
 * kind says: a string kind, an int-sized kind, a list of strings.  The
 * pointers point into p. */
char **gtd_field_str(const gtd_partner *p, size_t off);
int *gtd_field_int(const gtd_partner *p, size_t off);
gtd_strlist *gtd_field_list(const gtd_partner *p, size_t off);

/* The lists of objects, element by element, k a list kind: how many
 * elements, the i-th, its size, a new zeroed one appended (NULL when out
 * of memory, the list unchanged).  Pointers point into p. */
size_t gtd_field_elem_count(const gtd_partner *p, gtd_field_kind k);
void *gtd_field_elem(const gtd_partner *p, gtd_field_kind k, size_t i);
size_t gtd_field_elem_size(gtd_field_kind k);
void *gtd_field_elem_append(gtd_partner *p, gtd_field_kind k);

/* Where element e (of list kind k) keeps its unknown JSON members, and
 * its string member m. */
cJSON **gtd_field_elem_extra(const void *e, gtd_field_kind k);
char **gtd_field_elem_str(const void *e, const gtd_field_member *m);

/* Index of name in names[0..n), or -1. */
int gtd_field_name_index(const char *const *names, int n, const char *name);

/* *out = the index of value (NULL allowed) in names[0..n).  Otherwise
 * GTD_EINVAL, err saying "path: expected one of" the names. */
gtd_status gtd_field_name_parse(const char *value, const char *path, const char *const *names,
				int n, int *out, gtd_err *err);

/* settings.duplicate_commit_code ("08" or "10") and
 * settings.redirect_separator ("?" or "&") from text: 1 and *out set, or
 * 0 for anything else. */
int gtd_field_code_parse(const char *s, gtd_code *out);
int gtd_field_sep_parse(const char *s, char *out);

/* 1 when s holds a private key, where only public ones belong: PEM of any
 * flavour (PKCS#1, PKCS#8, encrypted, OpenSSH) or .NET XML with its D
 * element. */
int gtd_field_holds_private_key(const char *s);

/* GTD_EKEY, err naming path and telling to rotate the exposed key. */
gtd_status gtd_field_refuse_private(gtd_err *err, const char *path);

#endif
