#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "i18n.h"
#include "onboarding.h"
#include "mask.h"

/* Any step's checklist fits (codes.h has at most four items a step). */
#define GATE_ITEMS_MAX 8
/* One item's exact need: a few field names. */
#define GATE_NEED_MAX 256

/* The id scratch records are created with; never saved. */
#define SCRATCH_ID "scratch"

/* The console's kind of fl, from the field table.  Secret comes first so
 * that no other property can ever show a secret in clear. */
static void field_kind(ui_field *fl)
{
	const gtd_field *g = gtd_field_find(fl->def->path);

	fl->choices = gtd_field_choices(g, &fl->nchoices);
	if (g && (g->flags & GTD_FIELD_SECRET))
		fl->kind = UI_FIELD_SECRET;
	else if (!g || (g->flags & GTD_FIELD_RO) || fl->def->by_action)
		fl->kind = UI_FIELD_READONLY;
	else if (g->kind == GTD_KIND_BOOL)
		fl->kind = UI_FIELD_BOOL;
	else if (fl->nchoices)
		fl->kind = UI_FIELD_CHOICE;
	else if (g->kind == GTD_KIND_COLOUR)
		fl->kind = UI_FIELD_COLOUR;
	else
		fl->kind = UI_FIELD_TEXT;
}

gtd_status ui_form_init(ui_form *f, const ui_field_def *defs, size_t n)
{
	size_t i;

	memset(f, 0, sizeof(*f));
	f->v = calloc(n ? n : 1, sizeof(*f->v));
	if (!f->v)
		return GTD_ENOMEM;
	f->n = n;
	for (i = 0; i < n; i++) {
		f->v[i].def = &defs[i];
		field_kind(&f->v[i]);
		if (ui_textfield_init(&f->v[i].text, 0) != GTD_OK ||
		    !(f->v[i].orig = strdup(""))) {
			ui_form_release(f);
			return GTD_ENOMEM;
		}
	}
	return GTD_OK;
}

void ui_form_release(ui_form *f)
{
	size_t i;

	for (i = 0; f->v && i < f->n; i++) {
		ui_textfield_release(&f->v[i].text);
		free(f->v[i].orig);
		free(f->v[i].error);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static void set_error(ui_field *fl, const char *msg)
{
	free(fl->error);
	fl->error = msg ? strdup(msg) : NULL;
}

/* The field's value in p; "" for a path the record does not know. */
static char *value_of(const gtd_partner *p, const char *path)
{
	char *v = gtd_partner_get(p, path);

	return v ? v : strdup("");
}

gtd_status ui_form_load(ui_form *f, const gtd_partner *p)
{
	size_t i;

	f->editing = 0;
	for (i = 0; i < f->n; i++) {
		ui_field *fl = &f->v[i];
		char *v = value_of(p, fl->def->path);

		if (!v)
			return GTD_ENOMEM;
		free(fl->orig);
		fl->orig = v;
		ui_textfield_set(&fl->text, v);
		set_error(fl, NULL);
	}
	return GTD_OK;
}

int ui_form_field_changed(const ui_form *f, size_t i)
{
	return strcmp(ui_textfield_text(&f->v[i].text), f->v[i].orig) != 0;
}

int ui_form_dirty(const ui_form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (ui_form_field_changed(f, i))
			return 1;
	return 0;
}

size_t ui_form_rebase(ui_form *f, const gtd_partner *p)
{
	size_t i, kept = 0;

	for (i = 0; i < f->n; i++) {
		ui_field *fl = &f->v[i];
		char *v = value_of(p, fl->def->path);

		if (!v)
			continue;
		if (ui_form_field_changed(f, i))
			kept++;
		else
			ui_textfield_set(&fl->text, v);
		free(fl->orig);
		fl->orig = v;
	}
	return kept;
}

const char *ui_form_strip_path(const char *msg, const char *path)
{
	size_t n = strlen(path);

	if (strncmp(msg, path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
		return msg + n + 2;
	return msg;
}

/* Sets field fl on p; records or clears its message.  Returns 1 on
 * success. */
static int set_field(ui_field *fl, gtd_partner *p)
{
	gtd_err err;
	gtd_status st;

	gtd_err_clear(&err);
	st = gtd_partner_set(p, fl->def->path, ui_textfield_text(&fl->text), &err);
	if (st == GTD_OK) {
		set_error(fl, NULL);
		return 1;
	}
	set_error(fl, err.msg[0] ? ui_form_strip_path(err.msg, fl->def->path)
				 : gtd_status_str(st));
	return 0;
}

int ui_form_set_message(ui_form *f, const char *path, const char *msg)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (strcmp(f->v[i].def->path, path) == 0) {
			set_error(&f->v[i], msg);
			return 1;
		}
	}
	return 0;
}

int ui_form_check(ui_form *f, size_t i)
{
	gtd_partner *scratch;
	int ok;

	if (i >= f->n)
		return 1;
	if (!ui_form_field_changed(f, i)) {
		set_error(&f->v[i], NULL);
		return 1;
	}
	scratch = gtd_partner_new(SCRATCH_ID);
	if (!scratch)
		return 1;   /* out of memory: the save will say so */
	ok = set_field(&f->v[i], scratch);
	if (ok) {
		/* What will be stored, when the record writes it otherwise
		 * (https:// before a bare host): shown before it is saved. */
		char *stored = gtd_partner_get(scratch, f->v[i].def->path);

		if (stored && f->v[i].kind != UI_FIELD_SECRET &&
		    strcmp(stored, ui_textfield_text(&f->v[i].text)) != 0)
			ui_textfield_set(&f->v[i].text, stored);
		free(stored);
	}
	gtd_partner_free(scratch);
	return ok;
}

size_t ui_form_apply(ui_form *f, gtd_partner *p)
{
	size_t i, failures = 0;

	for (i = 0; i < f->n; i++) {
		if (!ui_form_field_changed(f, i)) {
			set_error(&f->v[i], NULL);
			continue;
		}
		if (!set_field(&f->v[i], p)) {
			if (failures == 0)
				f->focus = i;
			failures++;
		}
	}
	return failures;
}

static void leave_field(ui_form *f)
{
	if (f->editing)
		ui_form_check(f, f->focus);
}

void ui_form_next(ui_form *f)
{
	if (f->n == 0)
		return;
	leave_field(f);
	f->focus = (f->focus + 1) % f->n;
	if (f->editing && !ui_form_editable(f, f->focus))
		f->editing = 0;
	if (f->editing)
		ui_textfield_end(&f->v[f->focus].text);
}

void ui_form_prev(ui_form *f)
{
	if (f->n == 0)
		return;
	leave_field(f);
	f->focus = (f->focus + f->n - 1) % f->n;
	if (f->editing && !ui_form_editable(f, f->focus))
		f->editing = 0;
	if (f->editing)
		ui_textfield_end(&f->v[f->focus].text);
}

int ui_form_editable(const ui_form *f, size_t i)
{
	return i < f->n && (f->v[i].kind == UI_FIELD_TEXT || f->v[i].kind == UI_FIELD_COLOUR);
}

int ui_form_edit(ui_form *f, ui_action act, int key)
{
	ui_textfield *t;

	if (!ui_form_editable(f, f->focus))
		return 0;
	t = &f->v[f->focus].text;
	switch (act) {
	case UI_ACT_CURSOR_LEFT: return ui_textfield_left(t);
	case UI_ACT_CURSOR_RIGHT: return ui_textfield_right(t);
	case UI_ACT_CURSOR_HOME: return ui_textfield_home(t);
	case UI_ACT_CURSOR_END: return ui_textfield_end(t);
	case UI_ACT_DELETE_BACK: return ui_textfield_backspace(t);
	case UI_ACT_DELETE_FORWARD: return ui_textfield_delete(t);
	case UI_ACT_KILL_START: return ui_textfield_kill_start(t);
	case UI_ACT_KILL_END: return ui_textfield_kill_end(t);
	case UI_ACT_KILL_WORD: return ui_textfield_kill_word(t);
	case UI_ACT_NONE:
		if (key < ' ' || key == UI_KEY_DEL || key >= UI_KEY_UP)
			return 0;
		return ui_textfield_insert_cp(t, (unsigned)key) == GTD_OK;
	default:
		return 0;
	}
}

int ui_form_toggle(ui_form *f)
{
	ui_field *fl;
	const char *cur;
	size_t i;

	if (f->focus >= f->n)
		return 0;
	fl = &f->v[f->focus];
	cur = ui_textfield_text(&fl->text);
	if (fl->kind == UI_FIELD_BOOL) {
		ui_textfield_set(&fl->text, strcmp(cur, "true") == 0 ? "false" : "true");
		return 1;
	}
	if (fl->kind != UI_FIELD_CHOICE)
		return 0;
	for (i = 0; i < fl->nchoices; i++)
		if (strcmp(fl->choices[i], cur) == 0)
			break;
	i = i + 1 < fl->nchoices ? i + 1 : 0;
	ui_textfield_set(&fl->text, fl->choices[i]);
	return 1;
}

ui_shown ui_field_shown(const ui_field *fl, int reveal, char *out, size_t len)
{
	const char *v = ui_textfield_text(&fl->text);
	char *masked;

	switch (fl->kind) {
	case UI_FIELD_BOOL:
		snprintf(out, len, "%s", strcmp(v, "true") == 0 ? _("[x] yes") : _("[ ] no"));
		return UI_SHOWN_VALUE;
	case UI_FIELD_CHOICE:
		snprintf(out, len, "< %s >", v);
		return UI_SHOWN_VALUE;
	case UI_FIELD_SECRET:
		if (!*v)
			break;
		if (reveal) {
			snprintf(out, len, "%s", v);
			return UI_SHOWN_SECRET;
		}
		masked = gtd_mask_secret(v);
		snprintf(out, len, "%s", masked ? masked : "********");
		free(masked);
		return UI_SHOWN_SECRET;
	default:
		break;
	}
	if (!*v) {
		snprintf(out, len, "%s", fl->def->placeholder ? _(fl->def->placeholder) : _("(not set)"));
		return UI_SHOWN_EMPTY;
	}
	snprintf(out, len, "%s", v);
	return UI_SHOWN_VALUE;
}

/* The key the Onboarding section marks a step done with, for the gate's
 * advice: taken from the key table so the two never disagree. */
static void done_key(char *out, size_t len)
{
	size_t n, i;
	const ui_binding *b = ui_keys_table(&n);

	snprintf(out, len, "?");
	for (i = 0; i < n; i++) {
		if (b[i].keymap == UI_KM_ONBOARDING && b[i].action == UI_ACT_STEP_DONE) {
			ui_key_name(b[i].key, out, len);
			return;
		}
	}
}

const char *ui_step_status_text(gtd_step_status s)
{
	switch (s) {
	case GTD_STEP_DONE: return _("done");
	case GTD_STEP_IN_PROGRESS: return _("in progress");
	default: return _("to do");
	}
}

size_t ui_need_text(const gtd_partner *p, const gtd_check_item *item, char *out, size_t len)
{
	const gtd_need *need[GTD_NEEDS_MAX];
	size_t total, n = gtd_check_item_missing(p, item, need, GTD_NEEDS_MAX, &total), i, used = 0;

	if (len == 0)
		return n;
	out[0] = '\0';
	/* All of it, or a field of its own: the item says it best. */
	if (n == total || n > GTD_NEEDS_MAX) {
		snprintf(out, len, "%s", _(item->en));
		return n;
	}
	for (i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? ", " : "",
					 need[i]->en ? _(need[i]->en) : _(item->en));
	return n;
}

size_t ui_step_gate_message(const gtd_partner *p, int step, char *out, size_t len)
{
	const gtd_check_item *missing[GATE_ITEMS_MAX];
	const gtd_step_info *info;
	size_t n, i, used;
	char key[16];

	if (len == 0)
		return 0;
	out[0] = '\0';
	if (step < 1 || step > GTD_STEP_COUNT)
		return 0;
	info = &gtd_steps[step - 1];
	if (p->onboarding.steps[step - 1].status == GTD_STEP_DONE) {
		snprintf(out, len, _("Step %d (%s) is done."), step, _(info->en));
		return 0;
	}
	n = gtd_partner_step_missing(p, step, missing, GATE_ITEMS_MAX);
	if (n == 0) {
		done_key(key, sizeof(key));
		snprintf(out, len, _("Step %d (%s) has everything it needs: press %s to mark it done."),
			 step, _(info->en), key);
		return 0;
	}
	used = (size_t)snprintf(out, len, _("Step %d (%s) cannot be marked done yet: it needs "), step,
				_(info->en));
	for (i = 0; i < n && i < GATE_ITEMS_MAX && used < len; i++) {
		char need[GATE_NEED_MAX];

		ui_need_text(p, missing[i], need, sizeof(need));
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? "; " : "", need);
	}
	if (used < len)
		snprintf(out + used, len - used, ".");
	return n;
}
