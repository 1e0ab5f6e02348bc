/* partner.h - one partner's onboarding record, as the console edits it and
 * the mock serves it.
 *
 * The record round-trips through JSON (partners/<id>.json in the store;
 * partner_json.h) in a fixed member order, so diffs of the file are
 * readable.  Members this version does not know are kept in the record and
 * written back, so an older kit never drops what a newer one (or a hand
 * edit) added.  Fields are
 * named by their dotted JSON path ("company.name", "env.live.api_key"); the
 * same names serve gtd_partner_set/get, validation problems and the audit
 * log.
 *
 * Private keys never enter a record: the emulator's private key lives in a
 * 0600 file under keys/<id>/ (store.h), and a private key PEM anywhere in a
 * record's JSON is refused.
 */
#ifndef GTD_PARTNER_H
#define GTD_PARTNER_H

#include <stddef.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "codes.h"
#include "err.h"
#include "strlist.h"

/* The record format this kit writes and the newest it reads. */
#define GTD_PARTNER_FORMAT_VERSION 1

/* "2024-05-01T09:30:00Z" plus the NUL. */
#define GTD_TIMESTAMP_SIZE 21

/* Display-column limits of the free-text fields. */
#define GTD_NAME_MAX 120
#define GTD_ADDRESS_MAX 300
#define GTD_NOTE_MAX 1000

/* Gotadi's own theme, the default of every record.  It passes WCAG AA:
 * text 14.8:1 and button text 6.7:1, primary 6.7:1 and secondary 5.0:1
 * against the background. */
#define GTD_THEME_PRIMARY "#0B5CAD"
#define GTD_THEME_SECONDARY "#B45309"
#define GTD_THEME_BACKGROUND "#FFFFFF"
#define GTD_THEME_TEXT "#1F2933"
#define GTD_THEME_BUTTON_TEXT "#FFFFFF"

typedef enum gtd_env {
	GTD_ENV_SANDBOX,
	GTD_ENV_LIVE,
	GTD_ENV_COUNT
} gtd_env;

extern const char *const gtd_env_names[GTD_ENV_COUNT];     /* "sandbox", "live" */

typedef enum gtd_layout {
	GTD_LAYOUT_DUAL,     /* both products, one focused */
	GTD_LAYOUT_SINGLE,   /* one product */
	GTD_LAYOUT_COUNT
} gtd_layout;

extern const char *const gtd_layout_names[GTD_LAYOUT_COUNT];   /* "dual", "single" */

typedef enum gtd_step_status {
	GTD_STEP_TODO,
	GTD_STEP_IN_PROGRESS,
	GTD_STEP_DONE,
	GTD_STEP_STATUS_COUNT
} gtd_step_status;

extern const char *const gtd_step_status_names[GTD_STEP_STATUS_COUNT];  /* "todo", "in_progress", "done" */

typedef enum gtd_cs_app {
	GTD_CS_SKYPE,
	GTD_CS_ZALO,
	GTD_CS_VIBER,
	GTD_CS_OTHER,
	GTD_CS_APP_COUNT
} gtd_cs_app;

extern const char *const gtd_cs_app_names[GTD_CS_APP_COUNT];  /* "skype", "zalo", "viber", "other" */

/* In the list types below, extra holds the element's JSON members this
 * version does not know (NULL when none); it belongs to the element. */
typedef struct gtd_document {
	char *name;
	char *url;
	cJSON *extra;
} gtd_document;

typedef struct gtd_evidence {
	char *file;       /* the acceptance report or screenshot: its file name, or a link */
	char *summary;
	char *added_at;
	char *sha256;     /* the file's, kept in the data directory (store.h); NULL for a link */
	cJSON *extra;
} gtd_evidence;

typedef struct gtd_cs_channel {
	gtd_cs_app app;
	char *handle;     /* group name, phone or account id in that app */
	cJSON *extra;
} gtd_cs_channel;

typedef struct gtd_partner_env {
	char *gateway_url;
	char *api_key;             /* secret */
	char *access_code;         /* secret */
	char *gotadi_public_key;   /* SPKI PEM */
	char *activation_token;    /* secret: the B2B portal activation link's token */
	char *activated_at;
	gtd_strlist ip_whitelist;  /* live only: a.b.c.d or a.b.c.d/n */
} gtd_partner_env;

typedef struct gtd_partner_step {
	gtd_step_status status;
	char *started_at;
	char *done_at;
	char *notes;
} gtd_partner_step;

/* Every string is malloc'd and owned by the record; NULL means absent.
 * Times are ISO-8601 UTC ("2024-05-01T09:30:00Z"), dates "2024-05-01". */
/* The webview's colours, each "#RRGGBB" or NULL (the default): a record's
 * theme, and the one a connection pack carries. */
typedef struct gtd_theme {
	char *primary;
	char *secondary;
	char *background;
	char *text;
	char *button_text;
} gtd_theme;

typedef struct gtd_partner {
	char *id;
	int format_version;
	unsigned long revision;    /* 0 = never saved; the store counts saves */
	char *created;
	char *updated;
	int disabled;
	struct {
		char *name;
		char *address;
		char *website;
	} company;
	struct {
		char *full_name;
		char *email;
		char *phone;
	} admin;
	struct {
		char *product_url;
		char *payment_url;
		gtd_strlist other;
	} links;
	struct {
		size_t n;
		gtd_document *v;
	} documents;
	struct {
		char *pem;             /* the partner's PUBLIC key, SPKI PEM */
		int bits;
		char *fingerprint;     /* hex SHA-256 of the DER SPKI */
	} partner_key;
	gtd_partner_env env[GTD_ENV_COUNT];
	struct {
		char *public_pem;      /* the private half is keys/<id>/, never here */
		char *fingerprint;
	} emulator_key;
	gtd_layout layout;
	struct {
		int flight;
		int hotel;
	} products;
	gtd_theme theme;
	struct {
		int current_step;      /* 1..GTD_STEP_COUNT */
		gtd_partner_step steps[GTD_STEP_COUNT];
		struct {
			size_t n;
			gtd_evidence *v;
		} evidence;
	} onboarding;
	struct {
		struct {
			size_t n;
			gtd_cs_channel *v;
		} channels;
		char *training_date;
	} cs;
	/* The emulator's switches for what Gotadi's documentation leaves open. */
	struct {
		int strict_headers;
		int strict;   /* refuse what is accepted with a warning (gtd-mock --strict) */
		gtd_code duplicate_commit_code;  /* GTD_CODE_DUPLICATE or GTD_CODE_NOT_FOUND */
		char redirect_separator;         /* '?' (documented) or '&' */
		int enforce_test_rules;
		int explain_header;
		int async_issue;
	} settings;
	cJSON *extra;   /* unknown members, at their JSON paths; NULL when none */
} gtd_partner;

/* A new record for id with the defaults: dual layout, both products, a
 * theme that passes WCAG AA, the documented protocol behaviour.  The id is
 * copied, not checked (gtd_partner_validate and the store check it).
 * NULL when out of memory.  Free with gtd_partner_free(). */
gtd_partner *gtd_partner_new(const char *id);

/* Frees the record and everything it owns; NULL is allowed. */
void gtd_partner_free(gtd_partner *p);

/* Appends a copy of each given string (NULL stays absent) to the record's
 * list.  GTD_ENOMEM (or GTD_EINVAL for an app out of range) leaves the list
 * as it was. */
gtd_status gtd_partner_add_document(gtd_partner *p, const char *name, const char *url);
gtd_status gtd_partner_add_evidence(gtd_partner *p, const char *file, const char *summary,
				    const char *added_at);
gtd_status gtd_partner_add_channel(gtd_partner *p, gtd_cs_app app, const char *handle);

/* Appends an element to the list at path ("documents",
 * "onboarding.evidence", "cs.channels") from n MEMBER=VALUE strings
 * ("name=Spec", "url=https://..."; cs.channels' app by name).  Evidence
 * without added_at gets now.  GTD_ENOTFOUND for a path that is not a
 * list; GTD_EINVAL for an unknown, repeated or missing required member or
 * an unknown app, err saying which; the record is unchanged then.  The
 * values themselves are checked by gtd_partner_validate, like any field. */
gtd_status gtd_partner_list_append(gtd_partner *p, const char *list, size_t n,
				   const char *const *assignments, time_t now, gtd_err *err);
/* Removes the element at "LIST[N]" (N from 0, as validation paths count);
 * later elements move up.  GTD_EINVAL for another shape, GTD_ENOTFOUND
 * for no such list or element. */
gtd_status gtd_partner_list_remove(gtd_partner *p, const char *element, gtd_err *err);
/* How many elements the list at path has (0 for a path that is not one). */
size_t gtd_partner_list_count(const gtd_partner *p, const char *list);

/* Sets the field at a dotted path from its text form (booleans "true" or
 * "false"; lists comma-separated), after checking it as the field demands.
 * "" clears an optional field.  "partner_key.pem" and the other key fields
 * take any key format gtd_key_parse() reads and store SPKI PEM.  Fails with
 * GTD_ENOTFOUND for an unknown path, GTD_EINVAL (a field the kit maintains,
 * or a value that does not pass, err saying why), GTD_EKEY, GTD_ENOMEM;
 * the record is unchanged then. */
gtd_status gtd_partner_set(gtd_partner *p, const char *path, const char *value,
			   gtd_err *err);

/* The text form of the field at path (caller frees): "" when absent, lists
 * comma-separated.  NULL for an unknown path, a list of objects, or when
 * out of memory.  Secrets come back in clear: mask them for display. */
char *gtd_partner_get(const gtd_partner *p, const char *path);

/* Sets the partner's public key from PEM, DER or XML text: stores the SPKI
 * PEM, bits and fingerprint.  A private key is refused (GTD_EKEY, telling to
 * rotate); on failure the record is unchanged. */
gtd_status gtd_partner_set_partner_key(gtd_partner *p, const char *text, gtd_err *err);

/* What gtd_partner_validate() found wrong with one field. */
typedef struct gtd_problem {
	char *path;      /* "admin.email", "documents[1].url" */
	char *message;
} gtd_problem;

typedef struct gtd_problems {
	size_t count;
	gtd_problem *v;
} gtd_problems;

/* Checks every present field (format, key, fingerprint, products) and
 * fills *out (which the caller releases) with one problem per failing
 * field, in field order; out->count 0 means valid.  The theme's contrast
 * is not validity (a partner's own brand colours may fail WCAG AA): see
 * gtd_partner_contrast() and gtd_partner_check_change().  GTD_ENOMEM is
 * the only failure. */
gtd_status gtd_partner_validate(const gtd_partner *p, gtd_problems *out);

/* Frees the problems; *ps is empty afterwards. */
void gtd_problems_release(gtd_problems *ps);

/* The theme's colour pairs below WCAG 2 level AA (text and button text
 * 4.5:1; the primary and secondary colours 3:1 against the background),
 * as problems named by the foreground's path, into *out (the caller
 * releases it).  GTD_ENOMEM is the only failure. */
gtd_status gtd_partner_contrast(const gtd_partner *p, gtd_problems *out);

/* The one rule for saving a change, on screen and on the command line
 * alike: what a change from before (NULL: a new record) to after may
 * not do. */
typedef struct gtd_change_check {
	/* Validation problems after has at a path where before had none:
	 * never saved (what was wrong already may stay so). */
	gtd_problems refused;
	/* Theme pairs below WCAG AA whose colours the change set (every
	 * failing pair of a new record): saved only when staff accept them
	 * explicitly (the partner's own brand colours), and the audit log
	 * records that they did (gtd_change_check_accepted). */
	gtd_problems contrast;
} gtd_change_check;

/* Fills *out, which the caller releases.  A failing pair the change did
 * not touch (accepted before) needs no new acceptance.  GTD_ENOMEM is the
 * only failure (out is then empty). */
gtd_status gtd_partner_check_change(const gtd_partner *before, const gtd_partner *after,
				    gtd_change_check *out);

/* Frees both lists. */
void gtd_change_check_release(gtd_change_check *c);

/* The audit log's words for accepting c's contrast failures, one
 * "path: message" line each, into *out (the caller releases it).
 * GTD_ENOMEM leaves it empty. */
gtd_status gtd_change_check_accepted(const gtd_change_check *c, gtd_strlist *out);

/* 1 when the field at path is present (a list: not empty) and passes
 * gtd_partner_validate()'s checks; 0 otherwise or for an unknown path. */
int gtd_partner_path_valid(const gtd_partner *p, const char *path);

/* 1 for paths holding a secret (env.*.api_key, env.*.access_code,
 * env.*.activation_token): show them masked, never log their values. */
int gtd_partner_is_secret_path(const char *path);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into out. */
void gtd_partner_timestamp(time_t t, char out[GTD_TIMESTAMP_SIZE]);

#endif
