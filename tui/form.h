/* form.h - forms over a partner record's fields.
 *
 * A form is a list of fields named by their dotted path ("admin.email"),
 * each with a text being edited, the value it had when the record was
 * loaded, and the inline message gtd_partner_set() gave when the text did
 * not pass.  The form never owns the record: it loads values from one,
 * applies its changed fields to one, and after a reload (a revision
 * conflict) rebases onto the fresh record keeping every edit, so nothing
 * typed is lost.  Pure: drawing is draw.h's business, so forms are
 * unit-tested.
 */
#ifndef TUI_FORM_H
#define TUI_FORM_H

#include <stddef.h>

#include "err.h"
#include "keymap.h"
#include "partner.h"
#include "textfield.h"

/* How the console treats a field.  It follows from libgtd's field table
 * (field.h), never typed here: a field the table marks secret is always
 * masked, one the kit keeps is never typed. */
typedef enum ui_field_kind {
	UI_FIELD_TEXT,       /* edited as text, checked by gtd_partner_set */
	UI_FIELD_COLOUR,     /* text too, drawn with a swatch */
	UI_FIELD_BOOL,       /* "true"/"false", switched with Space */
	UI_FIELD_CHOICE,     /* one of the table's names, switched with Space */
	UI_FIELD_SECRET,     /* shown masked unless revealed; not edited here */
	UI_FIELD_READONLY,   /* maintained by the kit or by an action */
} ui_field_kind;

typedef struct ui_field_def {
	const char *path;                /* "company.name" */
	const char *label;               /* N_() text */
	const char *placeholder;         /* N_() text shown while empty, or NULL */
	int by_action;                   /* kept by one of the console's actions, not typed */
} ui_field_def;

typedef struct ui_field {
	const ui_field_def *def;
	ui_field_kind kind;
	const char *const *choices;      /* UI_FIELD_CHOICE: the names, in order */
	size_t nchoices;
	ui_textfield text;
	char *orig;       /* the value when loaded (or rebased); never NULL */
	char *error;      /* inline message, or NULL */
} ui_field;

typedef struct ui_form {
	ui_field *v;
	size_t n;
	size_t focus;
	int editing;      /* the focused field has the cursor */
	int top;          /* first row shown, for ui_layout_scroll() */
} ui_form;

/* A form of the n fields defs[0..n) (the definitions are borrowed and must
 * outlive the form), all empty, each field's kind taken from libgtd's field
 * table (a path the table does not know is read-only).  GTD_ENOMEM leaves f released. */
gtd_status ui_form_init(ui_form *f, const ui_field_def *defs, size_t n);

/* Frees the fields; NULL-safe on a zeroed form. */
void ui_form_release(ui_form *f);

/* Every field's text and original value from p; messages cleared, editing
 * stopped.  GTD_ENOMEM (the form is then partly loaded). */
gtd_status ui_form_load(ui_form *f, const gtd_partner *p);

/* After p was reloaded: fields the user did not change take p's values;
 * changed ones keep their text (to be applied over p) and get p's value
 * as their original.  Returns the number of changed fields kept. */
size_t ui_form_rebase(ui_form *f, const gtd_partner *p);

/* 1 when field i's text differs from its original. */
int ui_form_field_changed(const ui_form *f, size_t i);

/* 1 when any field changed. */
int ui_form_dirty(const ui_form *f);

/* Checks field i as gtd_partner_set() would, on a scratch record: sets or
 * clears its message, and when the record stores the value written
 * otherwise ("dulich.example.vn" as "https://dulich.example.vn") puts that
 * in the field, so what will be saved shows.  Returns 1 when it passes
 * (or did not change). */
int ui_form_check(ui_form *f, size_t i);

/* Puts msg under the field at path, for what only the whole record shows
 * wrong (gtd_partner_check_change).  Returns 1 when the form has that
 * field, else 0. */
int ui_form_set_message(ui_form *f, const char *path, const char *msg);

/* Sets every changed field on p, in order.  Fields that fail get their
 * message (p keeps the ones that passed: apply to a copy); the first
 * failing field takes the focus.  Returns the number of failures; on
 * GTD_ENOMEM it counts as one. */
size_t ui_form_apply(ui_form *f, gtd_partner *p);

/* Moves the focus to the next or previous field, wrapping; a field being
 * edited is checked as it is left. */
void ui_form_next(ui_form *f);
void ui_form_prev(ui_form *f);

/* 1 when field i can be edited as text (text and colour fields). */
int ui_form_editable(const ui_form *f, size_t i);

/* Applies an editing action (UI_ACT_CURSOR_LEFT ... UI_ACT_KILL_WORD) or,
 * with UI_ACT_NONE, types the character key into the focused field.
 * Returns 1 when something changed. */
int ui_form_edit(ui_form *f, ui_action act, int key);

/* Switches a bool or choice field to its next value.  Returns 1 when the
 * focused field is one. */
int ui_form_toggle(ui_form *f);

/* What ui_field_shown() shows, for the colour it is drawn in. */
typedef enum ui_shown {
	UI_SHOWN_VALUE,
	UI_SHOWN_SECRET,     /* a secret's value, masked unless revealed */
	UI_SHOWN_EMPTY,      /* the placeholder */
} ui_shown;

/* The value of fl as shown while it is not edited, into out[0..len): a
 * bool as a box, a choice between arrows, a secret masked (unless reveal),
 * the placeholder (translated) when empty.  Returns which of these it is. */
ui_shown ui_field_shown(const ui_field *fl, int reveal, char *out, size_t len);

/* The message after the "path: " gtd_partner_set() puts first (a pointer
 * into msg). */
const char *ui_form_strip_path(const char *msg, const char *path);

/* How people read a step's status ("in progress"), translated.  The one
 * place the console words it, so the list, the partner screen and the
 * command line agree. */
const char *ui_step_status_text(gtd_step_status s);

/* Exactly what checklist item still needs in p, in the console's language,
 * into out[0..len): the item's text when every field it needs is missing
 * (or it needs one), else only the missing fields' names, comma-separated
 * ("Company address, Company website").  Returns how many fields are
 * missing (0: the item is met, and out says the item's text). */
size_t ui_need_text(const gtd_partner *p, const gtd_check_item *item, char *out, size_t len);

/* The onboarding gate, as the console says it: which step comes next and
 * exactly what it still misses, in the console's language, into out[0..len).
 * For a step whose checklist is complete it says the step can be marked
 * done; for a done step, that it is done.  Returns the number of missing
 * items. */
size_t ui_step_gate_message(const gtd_partner *p, int step, char *out, size_t len);

#endif
