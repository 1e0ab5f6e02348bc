/* webview_form.h - the webview's HTML forms: the request body's codec,
 * what is wrong with which field, the labelled controls that keep what was
 * typed and tie each error to its field for screen readers, and the checks
 * of what people type (names, phones, e-mails) in the page's language. */
#ifndef MOCK_WEBVIEW_FORM_H
#define MOCK_WEBVIEW_FORM_H

#include "buf.h"
#include "err.h"
#include "html.h"
#include "http.h"

#define WEBVIEW_FORM_MAX 64           /* fields a form body may carry */
#define FORM_ERRORS_MAX 48
#define FIELD_NAME_MAX 32
#define FORM_NAME_COLS 60             /* bookings.c's limit of a traveller's name */

/* A decoded application/x-www-form-urlencoded request body. */
typedef struct webview_form {
	char *mem;                    /* the decoded copy the pairs point into */
	mock_pair v[WEBVIEW_FORM_MAX];
	size_t n;
} webview_form;

/* Decodes body[0..len) into f ('+' is a space, %XX a byte).  GTD_EINVAL
 * with the reason for a bad escape, a NUL byte, text that is not UTF-8 or
 * more than WEBVIEW_FORM_MAX fields; GTD_ENOMEM.  Release f with
 * webview_form_release() whatever the result. */
gtd_status webview_form_parse(webview_form *f, const char *body, size_t len, gtd_err *err);

/* The value of the first field called name, or NULL; owned by f. */
const char *webview_form_get(const webview_form *f, const char *name);

void webview_form_release(webview_form *f);

/* What is wrong with which field of a form, in the page's language.  The
 * messages are static text. */
typedef struct form_errors {
	struct {
		char name[FIELD_NAME_MAX];
		const char *msg;
	} v[FORM_ERRORS_MAX];
	size_t n;
} form_errors;

/* Notes msg for field name; past FORM_ERRORS_MAX the first ones stand. */
void form_error(form_errors *e, const char *name, const char *msg);

/* The message for field name, or NULL (also when e is NULL). */
const char *form_error_of(const form_errors *e, const char *name);

/* Where a form's values come from when a page is drawn again: the query
 * of a GET, or the body of a POST (either may be NULL). */
typedef struct form_values {
	const mock_request *req;
	const webview_form *form;
} form_values;

/* The value of field name, or NULL. */
const char *form_val(const form_values *v, const char *name);

/* The value of field name, or dflt when it is missing or empty. */
const char *form_val_or(const form_values *v, const char *name, const char *dflt);

/* The controls.  Each is a labelled field (ids f-NAME), its error (or
 * NULL) right under it with id error-NAME, tied to the control by
 * aria-describedby; captions and values are escaped. */

/* An input of type; value is what the user typed, or NULL; attrs is
 * literal markup (min, max, required ...), or NULL. */
void form_input(gtd_buf *b, const char *name, const char *caption, const char *type,
		const char *value, const char *error, const char *attrs);

/* A <select>: its form_option()s go between open and close. */
void form_select_open(gtd_buf *b, const char *name, const char *caption, const char *error);
void form_select_close(gtd_buf *b, const char *name, const char *error);

/* One <option>, selected when it is current's value. */
void form_option(gtd_buf *b, const char *value, const char *text, const char *current);

/* A form's problem that belongs to no one field, at its top: msg, or with
 * msg NULL a request to check the marked fields when e has any. */
void form_alert(gtd_buf *b, mock_lang lang, const form_errors *e, const char *msg);

/* Checks of typed text, noting what is wrong as field name's error. */
/* Present, printable text, at most 60 columns (a traveller's name). */
void form_check_name(mock_lang lang, const char *name, const char *v, form_errors *e);
/* Present, a phone number. */
void form_check_phone(mock_lang lang, const char *name, const char *v, form_errors *e);
/* Present, an e-mail address (a missing @ gets its own message). */
void form_check_email(mock_lang lang, const char *name, const char *v, form_errors *e);

#endif
