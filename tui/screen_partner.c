/* screen_partner.c - one partner's record, section by section.
 *
 * The record as loaded stays untouched ("base"); what staff type lives in
 * one form per section.  Saving copies base, applies every changed field
 * (a field that does not pass keeps its text and shows why under it),
 * applies the action if there is one (provision, step done...), and saves
 * under the store's revision check.  When someone else saved first the
 * edits stay where they are, the conflict is explained, and a reload
 * re-applies them over the fresh record: nothing typed is lost.
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "buf.h"
#include "fs.h"
#include "partner_json.h"
#include "i18n.h"
#include "onboarding.h"
#include "keys.h"
#include "mail.h"
#include "provision.h"
#include "screen.h"
#include "utf8.h"
#include "valid.h"

#define LABEL_W 22
#define KEY_FILE_MAX (1024 * 1024)
#define DEFAULT_GATEWAY "http://127.0.0.1:8080"
#define EMULATOR_KEY_BITS 2048
#define GATE_MAX 1024
#define DATE_COL 11          /* "2024-05-01" and a space */
#define STEP_NAME_MIN 20
#define NOTES_LABEL_W 16     /* "Step 3 notes", "Ghi chú bước 3" */
#define PREVIEW_MAX (64 * 1024)
#define PREVIEW_W 30
#define PREVIEW_H 7
#define AUDIT_LINE_MAX 512
#define SAMPLE_AMOUNT 1850000LL
#define SAMPLE_DAYS_OUT 40
#define DAY_S (24 * 60 * 60)
#define FLIGHT_S (2 * 60 * 60 + 10 * 60)

typedef enum section_id {
	SEC_COMPANY, SEC_ADMIN, SEC_CONNECTION, SEC_KEYS, SEC_ENV, SEC_THEME, SEC_ONBOARDING,
	SEC_SUPPORT, SEC_EMAILS, SEC_AUDIT, SEC_COUNT
} section_id;

static const ui_field_def company_fields[] = {
	{"company.name", N_("Name"), N_("the company's legal name, as in Vietnamese"), 0},
	{"company.address", N_("Address"), NULL, 0},
	{"company.website", N_("Website"), N_("example.vn, or a full https:// URL"), 0},
};
static const ui_field_def admin_fields[] = {
	{"admin.full_name", N_("Full name"), NULL, 0},
	{"admin.email", N_("E-mail"), "name@example.com", 0},
	{"admin.phone", N_("Phone"), "0912 345 678", 0},
};
static const ui_field_def connection_fields[] = {
	{"links.product_url", N_("Product page"), N_("example.vn/travel, or a full https:// URL"), 0},
	{"links.payment_url", N_("Payment gateway"), N_("pay.example.vn, or a full https:// URL"), 0},
	{"links.other", N_("Other links"), N_("URLs, separated by commas"), 0},
	{"layout", N_("Webview layout"), NULL, 0},
	{"products.flight", N_("Flights"), NULL, 0},
	{"products.hotel", N_("Hotels"), NULL, 0},
};
static const ui_field_def env_fields[] = {
	{"env.sandbox.gateway_url", N_("Sandbox gateway"), N_("set by provisioning (p)"), 0},
	{"env.sandbox.api_key", N_("Sandbox API key"), N_("not provisioned"), 0},
	{"env.sandbox.access_code", N_("Sandbox access code"), N_("not provisioned"), 0},
	{"env.sandbox.activation_token", N_("Activation token"), N_("not provisioned"), 0},
	{"env.sandbox.activated_at", N_("Sandbox activated"), N_("not yet (a records it)"), 1},
	{"env.live.gateway_url", N_("Live gateway"), N_("https://, set by provisioning (p)"), 0},
	{"env.live.api_key", N_("Live API key"), N_("not provisioned"), 0},
	{"env.live.access_code", N_("Live access code"), N_("not provisioned"), 0},
	{"env.live.activated_at", N_("Live activated"), N_("not yet (a records it)"), 1},
	{"env.live.ip_whitelist", N_("Live IP whitelist"), "203.0.113.7, 198.51.100.0/24", 0},
};
static const ui_field_def theme_fields[] = {
	{"theme.primary", N_("Primary"), "#RRGGBB", 0},
	{"theme.secondary", N_("Secondary"), "#RRGGBB", 0},
	{"theme.background", N_("Background"), "#RRGGBB", 0},
	{"theme.text", N_("Text"), "#RRGGBB", 0},
	{"theme.button_text", N_("Button text"), "#RRGGBB", 0},
};
/* One notes field per step, in gtd_steps order; the section draws them
 * as a table and the focused one is the selected step. */
static const ui_field_def onboarding_fields[] = {
	{"onboarding.steps.account.notes", N_("Notes"), N_("(none)"), 0},
	{"onboarding.steps.sandbox.notes", N_("Notes"), N_("(none)"), 0},
	{"onboarding.steps.connect.notes", N_("Notes"), N_("note the first successful call here"), 0},
	{"onboarding.steps.go-live.notes", N_("Notes"), N_("(none)"), 0},
	{"onboarding.steps.support.notes", N_("Notes"), N_("(none)"), 0},
};
static const ui_field_def support_fields[] = {
	{"cs.training_date", N_("Training date"), "YYYY-MM-DD", 0},
};

typedef struct partner partner;

typedef struct section {
	const char *title;
	const ui_field_def *fields;
	size_t nfields;
	ui_keymap keymap;        /* UI_KM_COUNT: only the partner's keys */
	/* Draws what the form does not, below it in r; NULL: nothing. */
	void (*draw)(partner *ps, ui_ctx *ctx, const ui_rect *r);
	/* The section's own actions; UI_DO_DEFAULT for the others. */
	ui_do (*key)(partner *ps, ui_ctx *ctx, ui_action act);
} section;

struct partner {
	gtd_partner *base;       /* as on disk, or new and not created yet */
	int is_new;
	ui_form forms[SEC_COUNT];
	int sec;
	int reveal;
	char key_msg[GTD_ERR_MSG_MAX + 256];
	ui_color key_msg_color;
	/* Emails */
	int email_kind;
	int email_vi;
	int scroll;              /* Emails and Audit */
	gtd_buf preview;
	int preview_valid;
	char preview_err[GTD_ERR_MSG_MAX];
	/* Audit */
	gtd_strlist audit;
	/* What an action prompt was about. */
	gtd_env env;
	int rotate;
	gtd_cs_app app;
	char pending_name[UI_TEXT_MAX + 1];   /* evidence file's path or document name, between prompts */
	/* Staff answered y to the contrast question: this save may keep
	 * colours below WCAG AA, and the audit log says they accepted them. */
	int accept_contrast;
};

typedef gtd_status (*op_fn)(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
			    gtd_err *err);

static const section sections[SEC_COUNT];

/* ---- helpers ---- */

static gtd_partner *copy_record(const gtd_partner *p)
{
	char *json = gtd_partner_to_json(p);
	gtd_partner *c = NULL;

	if (json && gtd_partner_from_json(json, strlen(json), &c, NULL) != GTD_OK)
		c = NULL;
	free(json);
	return c;
}

static const char *display_name(const partner *ps)
{
	return ps->base->company.name ? ps->base->company.name : ps->base->id;
}

static int any_dirty(const partner *ps)
{
	int i;

	if (ps->is_new)
		return 1;
	for (i = 0; i < SEC_COUNT; i++)
		if (ui_form_dirty(&ps->forms[i]))
			return 1;
	return 0;
}

static void forms_load(partner *ps)
{
	int i;

	for (i = 0; i < SEC_COUNT; i++)
		ui_form_load(&ps->forms[i], ps->base);
	ps->preview_valid = 0;
}

static ui_form *cur_form(partner *ps)
{
	return &ps->forms[ps->sec];
}

/* The text in the form field at path, whatever its section: what the
 * record will hold once saved ("" for a path no form has). */
static const char *pending(partner *ps, const char *path)
{
	int i;
	size_t j;

	for (i = 0; i < SEC_COUNT; i++)
		for (j = 0; j < ps->forms[i].n; j++)
			if (strcmp(ps->forms[i].v[j].def->path, path) == 0)
				return ui_textfield_text(&ps->forms[i].v[j].text);
	return "";
}

/* A check for prompts: one line of text of a name's length. */
static int check_name(const char *s, char *why, size_t len)
{
	return gtd_valid_text(s, GTD_NAME_MAX, why, len);
}

static int check_note(const char *s, char *why, size_t len)
{
	return !*s || gtd_valid_text(s, GTD_NOTE_MAX, why, len);
}

static int check_url(const char *s, char *why, size_t len)
{
	return gtd_valid_url(s, 0, why, len);
}

static int check_https(const char *s, char *why, size_t len)
{
	return gtd_valid_url(s, 1, why, len);
}

static int check_dir(const char *s, char *why, size_t len)
{
	if (*s && access(s, W_OK) == 0)
		return 1;
	snprintf(why, len, _("%s is not a directory this console can write to"), *s ? s : "\"\"");
	return 0;
}

static int check_path(const char *s, char *why, size_t len)
{
	if (*s && access(s, R_OK) == 0)
		return 1;
	snprintf(why, len, _("%s cannot be read: give the path of the key file"), *s ? s : "\"\"");
	return 0;
}

/* ---- saving ---- */

static ui_do conflict_answer(void *st, ui_ctx *ctx, int answer, const char *text);
static int commit(partner *ps, ui_ctx *ctx, op_fn op, const void *arg);

static ui_do contrast_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;

	(void)text;
	if (answer != 'y') {
		ui_status(ctx, UI_COLOR_HINT, "%s",
			  _("Not saved: change a colour, or save again and answer y to keep the partner's own."));
		return UI_DO_NOTHING;
	}
	ps->accept_contrast = 1;
	commit(ps, ctx, NULL, NULL);
	ps->accept_contrast = 0;
	return UI_DO_NOTHING;
}

/* The rule for saving a change, the command line's too
 * (gtd_partner_check_change): 1 when w may be saved, with the audit log's
 * lines for what staff accepted in *accepted; else 0 with the reason
 * shown - under the fields, or as the contrast question, whose y saves
 * the edits again (with_op: without the action, which the question says). */
static int judge_change(partner *ps, ui_ctx *ctx, const gtd_partner *w, int with_op, gtd_strlist *accepted)
{
	char text[UI_STATUS_MAX];
	gtd_change_check cc;
	size_t i, used;
	int ok = 0, j;

	accepted->n = 0;
	accepted->v = NULL;
	if (gtd_partner_check_change(ps->is_new ? NULL : ps->base, w, &cc) != GTD_OK) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory: nothing was saved."));
		return 0;
	}
	if (cc.refused.count) {
		/* Under the field when a form has it (the first one shown), and
		 * said in full here. */
		int shown = 0;

		for (i = 0; i < cc.refused.count; i++) {
			for (j = 0; j < SEC_COUNT; j++) {
				if (!ui_form_set_message(&ps->forms[j], cc.refused.v[i].path, cc.refused.v[i].message) ||
				    shown++)
					continue;
				ps->sec = j;
				for (ps->forms[j].focus = 0; ps->forms[j].focus + 1 < ps->forms[j].n &&
				     strcmp(ps->forms[j].v[ps->forms[j].focus].def->path, cc.refused.v[i].path) != 0;
				     ps->forms[j].focus++)
					;
			}
		}
		used = (size_t)snprintf(text, sizeof(text), "%s", _("Not saved: the record would not be valid:"));
		for (i = 0; i < cc.refused.count && used < sizeof(text); i++)
			used += (size_t)snprintf(text + used, sizeof(text) - used, " %s: %s.", cc.refused.v[i].path,
						 cc.refused.v[i].message);
		ui_status(ctx, UI_COLOR_ERROR, "%s", text);
	} else if (cc.contrast.count && !ps->accept_contrast) {
		used = (size_t)snprintf(text, sizeof(text), "%s\n\n", _("These colours do not pass WCAG 2 level AA:"));
		for (i = 0; i < cc.contrast.count && used < sizeof(text); i++)
			used += (size_t)snprintf(text + used, sizeof(text) - used, "%s: %s\n", cc.contrast.v[i].path,
						 cc.contrast.v[i].message);
		if (used < sizeof(text))
			snprintf(text + used, sizeof(text) - used, "\n%s%s\n\n%s", 
				 _("They may be the partner's own brand colours."),
				 with_op ? _(" Answering y saves your edits only: do the action again afterwards.") : "",
				 _("y    save them anyway (the audit log records that you accepted them)\n"
				   "Esc  keep editing"));
		ui_confirm(ctx, _("Contrast below WCAG AA"), text, "y", contrast_answer, ps);
		ui_status(ctx, UI_COLOR_ERROR, "%s",
			  _("Not saved: the theme does not pass WCAG AA (see the question)."));
	} else if (cc.contrast.count && gtd_change_check_accepted(&cc, accepted) != GTD_OK) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory: nothing was saved."));
	} else {
		ok = 1;
	}
	gtd_change_check_release(&cc);
	return ok;
}

/* Applies the forms and op to a copy of the record and saves it.  Returns
 * 1 when saved; otherwise says why and keeps every edit. */
static int commit(partner *ps, ui_ctx *ctx, op_fn op, const void *arg)
{
	gtd_strlist accepted = {0, NULL};
	gtd_partner *w;
	size_t failures = 0, n;
	int i, first = -1;
	gtd_status st;
	gtd_err err;

	if (!op && !any_dirty(ps)) {
		ui_status(ctx, UI_COLOR_HINT, "%s", _("Nothing changed: nothing to save."));
		return 1;
	}
	w = copy_record(ps->base);
	if (!w) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory: nothing was saved."));
		return 0;
	}
	ps->forms[ps->sec].editing = 0;
	for (i = 0; i < SEC_COUNT; i++) {
		n = ui_form_apply(&ps->forms[i], w);
		if (n && first < 0)
			first = i;
		failures += n;
	}
	if (failures) {
		/* Straight to the first field that did not pass, ready to fix. */
		ps->sec = first;
		ps->forms[first].editing = ui_form_editable(&ps->forms[first], ps->forms[first].focus);
		ui_status(ctx, UI_COLOR_ERROR,
			  ngettext("Not saved: %zu field needs attention (see the message under it).",
				   "Not saved: %zu fields need attention (see the messages under them).",
				   failures),
			  failures);
		gtd_partner_free(w);
		return 0;
	}
	gtd_err_clear(&err);
	if (op && (st = op(ps, ctx, w, arg, &err)) != GTD_OK) {
		if (err.msg[0])
			ui_status(ctx, UI_COLOR_ERROR, "%s", err.msg);
		gtd_partner_free(w);
		return 0;
	}
	if (!judge_change(ps, ctx, w, op != NULL, &accepted)) {
		gtd_partner_free(w);
		return 0;
	}
	st = ps->is_new ? gtd_store_create_accepting(ctx->store, w, ctx->opts->user, &accepted, &err)
			: gtd_store_save_accepting(ctx->store, w, ctx->opts->user, &accepted, &err);
	n = accepted.n;
	gtd_strlist_release(&accepted);
	switch (st) {
	case GTD_OK:
		gtd_partner_free(ps->base);
		ps->base = w;
		ps->is_new = 0;
		forms_load(ps);
		gtd_strlist_release(&ps->audit);
		if (!op && n)
			ui_status(ctx, UI_COLOR_WARNING,
				  _("Saved %s (revision %lu), with colours below WCAG AA that you accepted (the audit "
				    "log records it)."), w->id, w->revision);
		else if (!op)
			ui_status(ctx, UI_COLOR_OK, _("Saved %s (revision %lu)."), w->id, w->revision);
		return 1;
	case GTD_ECONFLICT: {
		char text[UI_STATUS_MAX];

		snprintf(text, sizeof(text),
			 _("Not saved: %s.\n\nYour edits are kept in this screen.\n\n"
			   "r    reload the record and re-apply your edits (then save again)\n"
			   "Esc  keep editing"),
			 err.msg);
		ui_confirm(ctx, _("Revision conflict"), text, "r", conflict_answer, ps);
		ui_status(ctx, UI_COLOR_ERROR, "%s",
			  _("Not saved: someone saved this partner after you opened it. Your edits are kept."));
		break;
	}
	case GTD_ELOCKED: {
		char text[UI_STATUS_MAX];

		/* Too long for the status line, and worth reading whole. */
		snprintf(text, sizeof(text), _("Not saved: %s.\n\nYour edits are kept in this screen.\n\n"
					       "Esc  keep editing (Ctrl-S saves again)"),
			 err.msg);
		ui_confirm(ctx, _("The store is locked"), text, "", NULL, NULL);
		ui_status(ctx, UI_COLOR_ERROR, "%s",
			  _("Not saved: the store is locked by another program. Your edits are kept."));
		break;
	}
	default:
		ui_status(ctx, UI_COLOR_ERROR, _("Not saved: %s"), err.msg);
		break;
	}
	gtd_partner_free(w);
	return 0;
}

/* Reload from disk, keeping every edit over the fresh record. */
static void reapply(partner *ps, ui_ctx *ctx)
{
	gtd_partner *fresh = NULL;
	size_t kept = 0;
	gtd_err err;
	int i;

	if (ps->is_new) {
		ui_status(ctx, UI_COLOR_HINT, "%s", _("This partner is not saved yet: there is nothing to reload."));
		return;
	}
	if (gtd_store_load(ctx->store, ps->base->id, &fresh, &err) != GTD_OK) {
		ui_status(ctx, UI_COLOR_ERROR, _("Cannot reload: %s. Your edits are kept."), err.msg);
		return;
	}
	gtd_partner_free(ps->base);
	ps->base = fresh;
	for (i = 0; i < SEC_COUNT; i++)
		kept += ui_form_rebase(&ps->forms[i], fresh);
	ps->preview_valid = 0;
	gtd_strlist_release(&ps->audit);
	ui_status(ctx, UI_COLOR_WARNING,
		  ngettext("Reloaded revision %lu; your %zu edit is re-applied on top: check it, then Ctrl-S saves.",
			   "Reloaded revision %lu; your %zu edits are re-applied on top: check them, then Ctrl-S saves.",
			   kept),
		  fresh->revision, kept);
}

static ui_do conflict_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	(void)text;
	if (answer == 'r')
		reapply(st, ctx);
	return UI_DO_NOTHING;
}

/* ---- Keys ---- */

static gtd_status op_set_key(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
			     gtd_err *err)
{
	(void)ps;
	(void)ctx;
	return gtd_partner_set(p, "partner_key.pem", arg, err);
}

/* Imports the partner's public key from text: says the format, size and
 * fingerprint, or exactly why it is refused. */
static void import_key(partner *ps, ui_ctx *ctx, const char *text, const char *from)
{
	gtd_key *k = NULL;
	gtd_err err;

	if (gtd_key_parse(text, strlen(text), GTD_KEY_PUBLIC, &k, &err) != GTD_OK) {
		snprintf(ps->key_msg, sizeof(ps->key_msg), _("Refused (%s): %s"), from, err.msg);
		ps->key_msg_color = UI_COLOR_ERROR;
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("The key was refused: the Keys section says why."));
		return;
	}
	if (commit(ps, ctx, op_set_key, text)) {
		snprintf(ps->key_msg, sizeof(ps->key_msg),
			 _("Imported from %s: %s, %d bits, SHA-256 %s; saved (revision %lu)."), from,
			 k->format, k->bits, k->fingerprint, ps->base->revision);
		ps->key_msg_color = UI_COLOR_OK;
		ui_status(ctx, UI_COLOR_OK, "%s", _("The partner's public key is imported and saved."));
	}
	gtd_key_free(k);
}

static ui_do paste_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	if (answer)
		import_key(st, ctx, text, _("pasted text"));
	return UI_DO_NOTHING;
}

static ui_do file_answer(void *st, ui_ctx *ctx, int answer, const char *path)
{
	partner *ps = st;
	char *text = NULL;
	size_t len = 0;
	gtd_err err;

	if (!answer)
		return UI_DO_NOTHING;
	if (gtd_file_read(path, KEY_FILE_MAX, &text, &len, &err) != GTD_OK) {
		snprintf(ps->key_msg, sizeof(ps->key_msg), _("Refused (%s): %s"), path, err.msg);
		ps->key_msg_color = UI_COLOR_ERROR;
		ui_status(ctx, UI_COLOR_ERROR, "%s", err.msg);
		return UI_DO_NOTHING;
	}
	import_key(ps, ctx, text, path);
	OPENSSL_cleanse(text, len);
	free(text);
	return UI_DO_NOTHING;
}

/* Writes Gotadi's public key for this partner as PEM and .NET XML. */
static ui_do export_answer(void *st, ui_ctx *ctx, int answer, const char *dir)
{
	partner *ps = st;
	const char *pem = ps->base->env[GTD_ENV_SANDBOX].gotadi_public_key;
	char *out_pem = NULL, *out_xml = NULL, *path_pem = NULL, *path_xml = NULL;
	gtd_key *k = NULL;
	gtd_err err;

	if (!answer)
		return UI_DO_NOTHING;
	if (gtd_key_parse(pem, strlen(pem), GTD_KEY_PUBLIC, &k, &err) != GTD_OK) {
		ui_status(ctx, UI_COLOR_ERROR, _("Gotadi's key in the record is broken: %s"), err.msg);
		return UI_DO_NOTHING;
	}
	out_pem = gtd_key_to_pem(k, GTD_KEY_PUBLIC);
	out_xml = gtd_key_to_xml(k, GTD_KEY_PUBLIC);
	if (asprintf(&path_pem, "%s/%s-gotadi.pub.pem", dir, ps->base->id) < 0)
		path_pem = NULL;
	if (asprintf(&path_xml, "%s/%s-gotadi.pub.xml", dir, ps->base->id) < 0)
		path_xml = NULL;
	if (!out_pem || !out_xml || !path_pem || !path_xml)
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
	else if (gtd_file_write_atomic(path_pem, out_pem, strlen(out_pem), 0644, 0, &err) != GTD_OK ||
		 gtd_file_write_atomic(path_xml, out_xml, strlen(out_xml), 0644, 0, &err) != GTD_OK)
		ui_status(ctx, UI_COLOR_ERROR, "%s", err.msg);
	else
		ui_status(ctx, UI_COLOR_OK, _("Wrote %s and %s."), path_pem, path_xml);
	free(out_pem);
	free(out_xml);
	free(path_pem);
	free(path_xml);
	gtd_key_free(k);
	return UI_DO_NOTHING;
}

/* ---- Environments ---- */

static gtd_status op_provision(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
			       gtd_err *err)
{
	return gtd_provision(ctx->store, p, ps->env, arg, EMULATOR_KEY_BITS, ps->rotate, err);
}

static ui_do provision_answer(void *st, ui_ctx *ctx, int answer, const char *gateway)
{
	partner *ps = st;
	char *where = NULL;
	gtd_err err;

	if (!answer)
		return UI_DO_NOTHING;
	if (!commit(ps, ctx, op_provision, gateway))
		return UI_DO_NOTHING;
	ps->sec = SEC_ENV;
	if (ps->env == GTD_ENV_LIVE) {
		ui_status(ctx, UI_COLOR_OK,
			  _("Provisioned live (revision %lu): the credentials are below, masked (r reveals them)."),
			  ps->base->revision);
		return UI_DO_NOTHING;
	}
	if (gtd_provision_mail(ctx->store, ps->base, NULL, &where, &err) != GTD_OK)
		ui_status(ctx, UI_COLOR_WARNING,
			  _("Provisioned sandbox (revision %lu), but the activation e-mail was not written: %s"),
			  ps->base->revision, err.msg);
	else
		ui_status(ctx, UI_COLOR_OK,
			  _("Provisioned sandbox (revision %lu): credentials masked below (r reveals); "
			    "activation e-mail in %s."),
			  ps->base->revision, where);
	free(where);
	return UI_DO_NOTHING;
}

/* Asks for the gateway and provisions env; rotate makes a new emulator
 * key pair even when there is one. */
static void ask_provision(partner *ps, ui_ctx *ctx, gtd_env env, int rotate)
{
	const char *current = ps->base->env[env].gateway_url;
	char text[UI_STATUS_MAX];
	int new_key = env == GTD_ENV_SANDBOX && (rotate || !ps->base->emulator_key.public_pem);

	if (env == GTD_ENV_SANDBOX &&
	    (!*pending(ps, "admin.full_name") || !*pending(ps, "admin.email"))) {
		ui_status(ctx, UI_COLOR_ERROR, "%s",
			  _("The activation e-mail goes to the administrator: fill in the Administrator "
			    "section's full name and e-mail first."));
		return;
	}
	ps->env = env;
	ps->rotate = rotate;
	snprintf(text, sizeof(text), "%s%s\n\n%s",
		 env == GTD_ENV_SANDBOX
			 ? _("New API key, access code and activation token replace any there are, and the "
			     "administrator must activate the account again (an activation e-mail goes to the "
			     "outbox).")
			 : _("New live API key and access code replace any there are."),
		 new_key ? _(" A new emulator key pair is made: its public half is Gotadi's key the partner "
			     "receives.")
			 : "",
		 _("The gateway's URL (Enter provisions, Esc cancels):"));
	ui_prompt(ctx, env == GTD_ENV_SANDBOX ? _("Provision the sandbox") : _("Provision live"), text,
		  current ? current : env == GTD_ENV_SANDBOX ? (ctx->opts->mock_url ? ctx->opts->mock_url
										     : DEFAULT_GATEWAY)
							    : "https://",
		  env == GTD_ENV_SANDBOX ? check_url : check_https, provision_answer, ps);
}

static gtd_status op_activate(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
			      gtd_err *err)
{
	char stamp[GTD_TIMESTAMP_SIZE], path[64];

	(void)ctx;
	(void)arg;
	gtd_partner_timestamp(time(NULL), stamp);
	snprintf(path, sizeof(path), "env.%s.activated_at", gtd_env_names[ps->env]);
	return gtd_partner_set(p, path, stamp, err);
}

static ui_do activate_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;

	(void)text;
	if (answer == 'y' && commit(ps, ctx, op_activate, NULL))
		ui_status(ctx, UI_COLOR_OK, _("Recorded: the %s account is activated (revision %lu)."),
			  gtd_env_names[ps->env], ps->base->revision);
	return UI_DO_NOTHING;
}

static gtd_env focused_env(partner *ps)
{
	const ui_form *f = &ps->forms[SEC_ENV];

	return strncmp(f->v[f->focus].def->path, "env.live.", 9) == 0 ? GTD_ENV_LIVE : GTD_ENV_SANDBOX;
}

static ui_do env_key(partner *ps, ui_ctx *ctx, ui_action act)
{
	char text[UI_STATUS_MAX];
	gtd_env env = focused_env(ps);

	switch (act) {
	case UI_ACT_PROVISION:
		ask_provision(ps, ctx, env, 0);
		return UI_DO_NOTHING;
	case UI_ACT_ACTIVATE:
		if (!ps->base->env[env].api_key) {
			ui_status(ctx, UI_COLOR_ERROR, _("The %s environment is not provisioned yet: p provisions it."),
				  gtd_env_names[env]);
			return UI_DO_NOTHING;
		}
		ps->env = env;
		snprintf(text, sizeof(text),
			 _("Record that the administrator activated the %s account, now?\n\n"
			   "y    yes, record it\nEsc  cancel"),
			 gtd_env_names[env]);
		ui_confirm(ctx, _("Activation"), text, "y", activate_answer, ps);
		return UI_DO_NOTHING;
	default:
		return UI_DO_DEFAULT;
	}
}

static void env_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	(void)ctx;
	ui_draw_wrapped(r, 0, ps->reveal ? _("Secrets are shown: r masks them again.")
					 : _("Secrets are masked: r reveals them."),
			UI_COLOR_DIM);
}

static ui_do keys_key(partner *ps, ui_ctx *ctx, ui_action act)
{
	switch (act) {
	case UI_ACT_KEY_IMPORT:
		ui_prompt(ctx, _("Import the partner's public key"),
			  _("The key file's path (PEM, DER or .NET XML; a private key is refused):"), NULL,
			  check_path, file_answer, ps);
		return UI_DO_NOTHING;
	case UI_ACT_KEY_PASTE:
		ui_paste(ctx, _("Paste the partner's public key"),
			 _("Paste the key, PEM or .NET XML: it is imported when complete. Ctrl-S imports what "
			   "is here, Esc cancels."),
			 paste_answer, ps);
		return UI_DO_NOTHING;
	case UI_ACT_KEY_GENERATE:
		ask_provision(ps, ctx, GTD_ENV_SANDBOX, 1);
		return UI_DO_NOTHING;
	case UI_ACT_KEY_EXPORT:
		if (!ps->base->env[GTD_ENV_SANDBOX].gotadi_public_key) {
			ui_status(ctx, UI_COLOR_ERROR, "%s",
				  _("There is no Gotadi key for this partner yet: provision the sandbox first."));
			return UI_DO_NOTHING;
		}
		ui_prompt(ctx, _("Export Gotadi's public key"),
			  _("The directory to write <id>-gotadi.pub.pem and .xml into:"), ".", check_dir,
			  export_answer, ps);
		return UI_DO_NOTHING;
	default:
		return UI_DO_DEFAULT;
	}
}

static void keys_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	const gtd_partner *p = ps->base;
	ui_form_geom g;
	char *path;
	int row = 0;
	char line[256];

	ui_layout_form(r, LABEL_W, &g);
	ui_draw_text(r->y + row++, r->x, r->w, _("The partner's public key"), UI_COLOR_HEADING);
	if (p->partner_key.pem) {
		ui_draw_text(r->y + row, g.label_x, g.label_w, _("Stored as"), UI_COLOR_LABEL);
		ui_draw_text(r->y + row++, g.field_x, g.field_w, "PEM SubjectPublicKeyInfo", UI_COLOR_NORMAL);
		ui_draw_text(r->y + row, g.label_x, g.label_w, _("Size"), UI_COLOR_LABEL);
		snprintf(line, sizeof(line), _("%d bits"), p->partner_key.bits);
		ui_draw_text(r->y + row++, g.field_x, g.field_w, line, UI_COLOR_NORMAL);
		ui_draw_text(r->y + row, g.label_x, g.label_w, "SHA-256", UI_COLOR_LABEL);
		ui_draw_text(r->y + row++, g.field_x, g.field_w, p->partner_key.fingerprint, UI_COLOR_NORMAL);
	} else {
		ui_rect t = {r->y + row, r->x + 2, r->h - row, r->w - 2};

		row += ui_draw_wrapped(&t, 0, _("None yet: i imports it from a file, p takes it pasted."),
				       UI_COLOR_DIM);
	}
	if (ps->key_msg[0]) {
		ui_rect t = {r->y + row, r->x + 2, r->h - row, r->w - 2};

		row += ui_draw_wrapped(&t, 0, ps->key_msg, ps->key_msg_color);
	}
	row++;
	ui_draw_text(r->y + row++, r->x, r->w, _("Gotadi's key for this partner (the emulator's pair)"),
		     UI_COLOR_HEADING);
	if (!p->emulator_key.fingerprint) {
		ui_rect t = {r->y + row, r->x + 2, r->h - row, r->w - 2};

		ui_draw_wrapped(&t, 0, _("None yet: n makes the pair (provisioning the sandbox), or p in "
					 "Environments."),
				UI_COLOR_DIM);
		return;
	}
	ui_draw_text(r->y + row, g.label_x, g.label_w, "SHA-256", UI_COLOR_LABEL);
	ui_draw_text(r->y + row++, g.field_x, g.field_w, p->emulator_key.fingerprint, UI_COLOR_NORMAL);
	path = gtd_store_emulator_key_path(ctx->store, p);
	ui_draw_text(r->y + row, g.label_x, g.label_w, _("Private half"), UI_COLOR_LABEL);
	if (path && access(path, F_OK) == 0)
		ui_draw_textf(r->y + row++, g.field_x, g.field_w, UI_COLOR_NORMAL, _("%s (never in the record)"),
			      path);
	else
		ui_draw_text(r->y + row++, g.field_x, g.field_w, _("missing: n makes a new pair"), UI_COLOR_ERROR);
	free(path);
	ui_draw_text(r->y + row, g.label_x, g.label_w, _("Export"), UI_COLOR_LABEL);
	ui_draw_text(r->y + row, g.field_x, g.field_w, _("x writes it as PEM and .NET XML"), UI_COLOR_DIM);
}

/* ---- Theme ---- */

static const struct contrast_row {
	const char *what;
	const char *fg, *bg;
	double min;
} contrast_rows[] = {
	{N_("Text on background"), "theme.text", "theme.background", GTD_CONTRAST_AA_TEXT},
	{N_("Button text on primary"), "theme.button_text", "theme.primary", GTD_CONTRAST_AA_TEXT},
	{N_("Primary on background"), "theme.primary", "theme.background", GTD_CONTRAST_AA_LARGE},
	{N_("Secondary on background"), "theme.secondary", "theme.background", GTD_CONTRAST_AA_LARGE},
};

/* The contrast table; returns the row after it.  On a narrow pane each
 * pair takes two lines: what, then the ratio and the verdict. */
static int draw_contrast(partner *ps, const ui_rect *r, int row)
{
	size_t i;
	int narrow = r->w < 56;

	ui_draw_text(r->y + row++, r->x, r->w, _("Contrast (WCAG 2 level AA)"), UI_COLOR_HEADING);
	for (i = 0; i < sizeof(contrast_rows) / sizeof(contrast_rows[0]) && row < r->h; i++) {
		const struct contrast_row *c = &contrast_rows[i];
		double ratio = gtd_contrast_ratio(pending(ps, c->fg), pending(ps, c->bg));
		int x = r->x + 2, w = r->w - 2, vx = narrow ? x + 2 : x + 26;

		ui_draw_text(r->y + row, x, narrow ? w : 25, _(c->what), UI_COLOR_LABEL);
		if (narrow && ++row >= r->h)
			break;
		if (ratio <= 0)
			ui_draw_text(r->y + row, vx, r->x + r->w - vx, _("(a colour is not #RRGGBB)"), UI_COLOR_DIM);
		else
			ui_draw_textf(r->y + row, vx, r->x + r->w - vx, ratio >= c->min ? UI_COLOR_OK : UI_COLOR_ERROR,
				      ratio >= c->min ? _("%.2f:1 pass (AA needs %.1f:1)")
						      : _("%.2f:1 FAIL (AA needs %.1f:1)"),
				      ratio, c->min);
		row++;
	}
	return row;
}

/* A small webview in the partner's colours, or its structure in
 * attributes when colours are off. */
static void draw_preview(partner *ps, const ui_rect *r, int row)
{
	const char *bg = pending(ps, "theme.background"), *text = pending(ps, "theme.text");
	const char *primary = pending(ps, "theme.primary"), *secondary = pending(ps, "theme.secondary");
	const char *button = pending(ps, "theme.button_text");
	int w = r->w - 2 < PREVIEW_W ? r->w - 2 : PREVIEW_W, x = r->x + 2, y;
	int p_head, p_text, p_sec, p_bg, mono;
	char head[128];

	/* What the webview draws (mockserver/html.c): a foreground that fails
	 * contrast falls back to a readable one, and so does it here. */
	text = gtd_colour_readable(text, bg, GTD_CONTRAST_AA_TEXT);
	button = gtd_colour_readable(button, primary, GTD_CONTRAST_AA_TEXT);
	if (gtd_contrast_ratio(secondary, bg) < GTD_CONTRAST_AA_TEXT)
		secondary = text;
	p_head = ui_draw_rgb_pair(button, primary);
	p_text = ui_draw_rgb_pair(text, bg);
	p_sec = ui_draw_rgb_pair(secondary, bg);
	p_bg = ui_draw_rgb_pair(bg, bg);
	mono = p_head < 0 || p_text < 0 || p_sec < 0;

	if (row + PREVIEW_H + 1 > r->h || w < 12)
		return;
	ui_draw_text(r->y + row++, r->x, r->w, _("Preview of the webview"), UI_COLOR_HEADING);
	y = r->y + row;
	snprintf(head, sizeof(head), " %s  \xc4\x90\xe1\xba\xb7t v\xc3\xa9 c\xc3\xb9ng Gotadi", display_name(ps));
	if (mono) {
		ui_draw_in_pair(y, x, w, head, 0, A_REVERSE);
		ui_draw_in_pair(y + 1, x, w, " V\xc3\xa9 m\xc3\xa1y bay | Kh\xc3\xa1" "ch s\xe1\xba\xa1n", 0, A_NORMAL);
		ui_draw_in_pair(y + 2, x, w, " SGN \xe2\x86\x92 HAN  1.850.000 \xe2\x82\xab", 0, A_NORMAL);
		ui_draw_in_pair(y + 3, x, w, " Gi\xc3\xa1 t\xe1\xbb\x91t nh\xe1\xba\xa5t", 0, A_BOLD);
		ui_draw_in_pair(y + 4, x, w, "", 0, A_NORMAL);
		ui_draw_in_pair(y + 5, x, 12, " Ti\xe1\xba\xbfp t\xe1\xbb\xa5" "c ", 0, A_REVERSE);
		ui_draw_text(y + 6, x, w, _("(colours off: NO_COLOR or a monochrome terminal)"), UI_COLOR_DIM);
		return;
	}
	ui_draw_in_pair(y, x, w, head, p_head, A_BOLD);
	ui_draw_in_pair(y + 1, x, w, " V\xc3\xa9 m\xc3\xa1y bay | Kh\xc3\xa1" "ch s\xe1\xba\xa1n", p_text, A_NORMAL);
	ui_draw_in_pair(y + 2, x, w, " SGN \xe2\x86\x92 HAN  1.850.000 \xe2\x82\xab", p_text, A_NORMAL);
	ui_draw_in_pair(y + 3, x, w, " Gi\xc3\xa1 t\xe1\xbb\x91t nh\xe1\xba\xa5t", p_sec, A_BOLD);
	ui_draw_in_pair(y + 4, x, w, "", p_bg, A_NORMAL);
	ui_draw_in_pair(y + 5, x, w, "", p_bg, A_NORMAL);
	ui_draw_in_pair(y + 5, x + 1, 12, " Ti\xe1\xba\xbfp t\xe1\xbb\xa5" "c ", p_head, A_BOLD);
	ui_draw_in_pair(y + 6, x, w, "", p_bg, A_NORMAL);
}

static void theme_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	const ui_rect *side = &ctx->layout.side;
	int row;

	if (side->h > 0) {
		ui_rect s = {side->y, side->x + 1, side->h, side->w - 1};

		row = draw_contrast(ps, &s, 0);
		draw_preview(ps, &s, row + 1);
		return;
	}
	row = draw_contrast(ps, r, 0);
	draw_preview(ps, r, row + 1);
}

/* ---- Onboarding ---- */

static gtd_status op_step_done(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
			       gtd_err *err)
{
	char gate[GATE_MAX];
	int step = *(const int *)arg;
	gtd_status st;

	(void)ps;
	st = gtd_partner_step_done(p, step, NULL, time(NULL), err);
	if (st == GTD_EINVAL && gtd_partner_step_missing(p, step, NULL, 0) > 0) {
		/* Say it as the Onboarding section does: every missing item. */
		ui_step_gate_message(p, step, gate, sizeof(gate));
		ui_status(ctx, UI_COLOR_ERROR, "%s", gate);
		err->msg[0] = '\0';
	}
	return st;
}

static gtd_status op_step_reopen(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
				 gtd_err *err)
{
	(void)ps;
	(void)ctx;
	return gtd_partner_step_reopen(p, *(const int *)arg, err);
}

static gtd_status op_add_evidence(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
				  gtd_err *err)
{
	char stamp[GTD_TIMESTAMP_SIZE];
	const char *summary = arg;

	gtd_partner_timestamp(time(NULL), stamp);
	if (gtd_partner_add_evidence(p, ps->pending_name, *summary ? summary : NULL, stamp) != GTD_OK)
		return gtd_err_set(err, GTD_ENOMEM, "%s", _("Out of memory."));
	/* As append does: the file is copied into the data directory with
	 * its SHA-256, so the evidence lasts; a link stays a link. */
	return gtd_store_keep_evidence(ctx->store, p->id,
				       &p->onboarding.evidence.v[p->onboarding.evidence.n - 1], err);
}

static ui_do summary_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;
	const gtd_evidence *e;
	char *kept;

	if (!answer || !commit(ps, ctx, op_add_evidence, text))
		return UI_DO_NOTHING;
	e = &ps->base->onboarding.evidence.v[ps->base->onboarding.evidence.n - 1];
	kept = gtd_store_evidence_path(ctx->store, ps->base->id, e);
	if (kept)
		ui_status(ctx, UI_COLOR_OK, _("Evidence %s added (revision %lu), kept as %s (SHA-256 %.16s\xe2\x80\xa6)."),
			  e->file, ps->base->revision, kept, e->sha256);
	else
		ui_status(ctx, UI_COLOR_OK, _("Evidence %s added (revision %lu)."), e->file, ps->base->revision);
	free(kept);
	return UI_DO_NOTHING;
}

static ui_do evidence_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;

	if (!answer)
		return UI_DO_NOTHING;
	snprintf(ps->pending_name, sizeof(ps->pending_name), "%s", text);
	ui_prompt(ctx, _("Add acceptance evidence"), _("A summary (optional): what it shows."), NULL,
		  check_note, summary_answer, ps);
	return UI_DO_NOTHING;
}

static ui_do onboarding_key(partner *ps, ui_ctx *ctx, ui_action act)
{
	int step = (int)ps->forms[SEC_ONBOARDING].focus + 1;

	switch (act) {
	case UI_ACT_STEP_DONE:
		if (commit(ps, ctx, op_step_done, &step)) {
			/* The selection moves on with the current step, so that
			 * what is typed next goes to the step now being worked on. */
			ps->forms[SEC_ONBOARDING].focus = (size_t)(ps->base->onboarding.current_step - 1);
			ui_status(ctx, UI_COLOR_OK, _("Step %d is done; the current step is now %d (revision %lu)."),
				  step, ps->base->onboarding.current_step, ps->base->revision);
		}
		return UI_DO_NOTHING;
	case UI_ACT_STEP_REOPEN:
		if (commit(ps, ctx, op_step_reopen, &step))
			ui_status(ctx, UI_COLOR_OK, _("Step %d is open again (revision %lu)."), step,
				  ps->base->revision);
		return UI_DO_NOTHING;
	case UI_ACT_ADD_EVIDENCE:
		ui_prompt(ctx, _("Add acceptance evidence"),
			  _("The acceptance report or screenshot: its file's path (the file is copied into the "
			    "data directory with its SHA-256) or an https:// link:"),
			  NULL, gtd_evidence_file_ok, evidence_answer, ps);
		return UI_DO_NOTHING;
	default:
		return UI_DO_DEFAULT;
	}
}

/* The onboarding section draws itself: the steps as a table (the focused
 * notes field is the selected step), its checklist and notes, the gate,
 * the evidence. */
static void onboarding_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	ui_form *f = &ps->forms[SEC_ONBOARDING];
	const gtd_partner *p = ps->base;
	const gtd_check_item *missing[8];
	const gtd_check_item *item;
	int row = 0, i, cx, status_w = 0, name_w, dates;
	int sel = (int)f->focus + 1;
	size_t nmiss, j, k;
	char gate[GATE_MAX];
	ui_form_geom g;

	/* Columns: "Step", the name, the status (as wide as its longest
	 * translation), and the dates when there is room. */
	for (i = 0; i < GTD_STEP_STATUS_COUNT; i++)
		if ((int)gtd_utf8_width(ui_step_status_text((gtd_step_status)i)) > status_w)
			status_w = (int)gtd_utf8_width(ui_step_status_text((gtd_step_status)i));
	status_w++;
	dates = r->w - 4 - status_w - 2 * DATE_COL >= STEP_NAME_MIN;
	name_w = r->w - 4 - status_w - (dates ? 2 * DATE_COL : 0);
	ui_draw_text(r->y + row, r->x, 4, _("Step"), UI_COLOR_HEADING);
	ui_draw_text(r->y + row, r->x + 4 + name_w, status_w - 1, _("Status"), UI_COLOR_HEADING);
	if (dates) {
		ui_draw_text(r->y + row, r->x + 4 + name_w + status_w, DATE_COL - 1, _("Started"),
			     UI_COLOR_HEADING);
		ui_draw_text(r->y + row, r->x + 4 + name_w + status_w + DATE_COL, DATE_COL - 1, _("Done"),
			     UI_COLOR_HEADING);
	}
	row++;
	for (i = 1; i <= GTD_STEP_COUNT && row < r->h; i++) {
		const gtd_partner_step *s = &p->onboarding.steps[i - 1];
		const gtd_step_info *info = &gtd_steps[i - 1];
		int y = r->y + row++, x = r->x;
		ui_color c = i == sel ? UI_COLOR_SELECTED : UI_COLOR_NORMAL;

		/* The selection and the current step in characters as well as
		 * colour: "▸2*". */
		if (i == sel)
			ui_draw_padded(y, r->x, r->w, "", c);
		ui_draw_textf(y, x, 4, c, "%s%d%s", i == sel ? UI_MARK : " ", i,
			      i == p->onboarding.current_step ? "*" : "");
		x += 4;
		ui_draw_text(y, x, name_w - 1, _(info->en), c);
		x += name_w;
		ui_draw_text(y, x, status_w - 1, ui_step_status_text(s->status),
			     i == sel ? c : s->status == GTD_STEP_DONE ? UI_COLOR_OK : UI_COLOR_NORMAL);
		x += status_w;
		if (dates) {
			/* The date is enough here: "2024-05-01T09:30:00Z" */
			ui_draw_textf(y, x, DATE_COL - 1, i == sel ? c : UI_COLOR_DIM, "%.10s",
				      s->started_at ? s->started_at : "");
			ui_draw_textf(y, x + DATE_COL, DATE_COL - 1, i == sel ? c : UI_COLOR_DIM, "%.10s",
				      s->done_at ? s->done_at : "");
		}
	}
	if (row < r->h)
		ui_draw_textf(r->y + row, r->x, r->w, UI_COLOR_DIM, _("%s selected step   * current step"),
			      UI_MARK);
	row++;
	/* The selected step's checklist, each item met or not. */
	nmiss = gtd_partner_step_missing(p, sel, missing, 8);
	for (item = gtd_steps[sel - 1].checklist; item->id && row < r->h; item++) {
		char need[GATE_MAX];
		int met = 1;

		for (j = 0; j < nmiss && j < 8; j++)
			if (missing[j] == item)
				met = 0;
		/* Unmet: exactly the fields still missing. */
		ui_need_text(p, item, need, sizeof(need));
		ui_draw_textf(r->y + row++, r->x + 2, r->w - 2, met ? UI_COLOR_OK : UI_COLOR_WARNING, "%s %s",
			      met ? "[x]" : "[ ]", met ? _(item->en) : need);
	}
	if (row < r->h) {
		/* Whose notes these are, in words: they follow the selection. */
		ui_layout_form(r, NOTES_LABEL_W, &g);
		ui_draw_textf(r->y + row, r->x, g.label_w, UI_COLOR_LABEL, _("Step %d notes"), sel);
		ui_draw_field(&f->v[f->focus], r->y + row, g.field_x, g.field_w, 1, f->editing, 0, &cx);
		if (cx >= 0)
			ui_cursor(ctx, r->y + row, cx);
		row++;
		if (f->v[f->focus].error && row < r->h)
			ui_draw_textf(r->y + row++, g.field_x, g.field_w, UI_COLOR_ERROR, "! %s",
				      f->v[f->focus].error);
	}
	if (row < r->h) {
		ui_rect t = {r->y + row, r->x, r->h - row, r->w};

		ui_step_gate_message(p, sel, gate, sizeof(gate));
		row += ui_draw_wrapped(&t, 0, gate, nmiss && p->onboarding.steps[sel - 1].status != GTD_STEP_DONE
							   ? UI_COLOR_WARNING : UI_COLOR_OK);
	}
	if (row + 1 < r->h) {
		row++;
		ui_draw_textf(r->y + row++, r->x, r->w, UI_COLOR_HEADING, _("Acceptance evidence (%zu)"),
			      p->onboarding.evidence.n);
		for (k = 0; k < p->onboarding.evidence.n && row < r->h; k++) {
			const gtd_evidence *e = &p->onboarding.evidence.v[k];

			char sum[32] = "";

			/* A kept file by the start of its SHA-256, as in its stored name. */
			if (e->sha256)
				snprintf(sum, sizeof(sum), "  [%.16s]", e->sha256);
			ui_draw_textf(r->y + row++, r->x + 2, r->w - 2, UI_COLOR_NORMAL, "%s  %s%s  %s",
				      e->added_at ? e->added_at : "", e->file ? e->file : "", sum,
				      e->summary ? e->summary : "");
		}
	}
}

/* ---- Support ---- */

static gtd_status op_add_channel(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
				 gtd_err *err)
{
	(void)ctx;
	if (gtd_partner_add_channel(p, ps->app, arg) != GTD_OK)
		return gtd_err_set(err, GTD_ENOMEM, "%s", _("Out of memory."));
	return GTD_OK;
}

static gtd_status op_remove_channel(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
				    gtd_err *err)
{
	char last[48];   /* "cs.channels[" and any size_t */

	(void)ps;
	(void)ctx;
	(void)arg;
	if (p->cs.channels.n == 0)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s", _("There is no channel to remove."));
	/* The record frees an element as it knows it: the handle, and the
	 * members this version does not know. */
	snprintf(last, sizeof(last), "cs.channels[%zu]", p->cs.channels.n - 1);
	return gtd_partner_list_remove(p, last, err);
}

static ui_do handle_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;

	if (answer && commit(ps, ctx, op_add_channel, text))
		ui_status(ctx, UI_COLOR_OK, _("Channel added (revision %lu)."), ps->base->revision);
	return UI_DO_NOTHING;
}

static ui_do app_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	static const char apps[] = "szvo";
	partner *ps = st;
	const char *at = answer ? strchr(apps, answer) : NULL;

	(void)text;
	if (!at)
		return UI_DO_NOTHING;
	ps->app = (gtd_cs_app)(at - apps);
	ui_prompt(ctx, _("Add a customer-support channel"),
		  _("The group's name, phone number or account in that app:"), NULL, check_name,
		  handle_answer, ps);
	return UI_DO_NOTHING;
}

static ui_do remove_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;

	(void)text;
	if (answer == 'y' && commit(ps, ctx, op_remove_channel, NULL))
		ui_status(ctx, UI_COLOR_OK, _("Channel removed (revision %lu)."), ps->base->revision);
	return UI_DO_NOTHING;
}

static ui_do support_key(partner *ps, ui_ctx *ctx, ui_action act)
{
	switch (act) {
	case UI_ACT_ADD_CHANNEL:
		ui_confirm(ctx, _("Add a customer-support channel"),
			   _("Which app do Gotadi's CS and the partner share?\n\n"
			     "s  Skype\nz  Zalo\nv  Viber\no  another app\nEsc  cancel"),
			   "szvo", app_answer, ps);
		return UI_DO_NOTHING;
	case UI_ACT_DELETE_ENTRY:
		if (ps->base->cs.channels.n == 0) {
			ui_status(ctx, UI_COLOR_HINT, "%s", _("There is no channel to remove."));
			return UI_DO_NOTHING;
		}
		ui_confirm(ctx, _("Remove a channel"),
			   _("Remove the last customer-support channel in the list?\n\ny    remove it\nEsc  keep it"),
			   "y", remove_answer, ps);
		return UI_DO_NOTHING;
	default:
		return UI_DO_DEFAULT;
	}
}

static void support_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	const gtd_partner *p = ps->base;
	int row = 0;
	size_t i;

	(void)ctx;
	ui_draw_text(r->y + row++, r->x, r->w, _("Customer-support channels"), UI_COLOR_HEADING);
	if (p->cs.channels.n == 0)
		ui_draw_text(r->y + row++, r->x + 2, r->w - 2, _("None yet: a adds one."), UI_COLOR_DIM);
	for (i = 0; i < p->cs.channels.n && row < r->h; i++)
		ui_draw_textf(r->y + row++, r->x + 2, r->w - 2, UI_COLOR_NORMAL, "%-6s %s",
			      gtd_cs_app_names[p->cs.channels.v[i].app],
			      p->cs.channels.v[i].handle ? p->cs.channels.v[i].handle : "");
}

/* ---- Connection ---- */

static gtd_status op_add_document(partner *ps, ui_ctx *ctx, gtd_partner *p, const void *arg,
				  gtd_err *err)
{
	(void)ctx;
	if (gtd_partner_add_document(p, ps->pending_name, arg) != GTD_OK)
		return gtd_err_set(err, GTD_ENOMEM, "%s", _("Out of memory."));
	return GTD_OK;
}

static ui_do document_url_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;

	if (answer && commit(ps, ctx, op_add_document, text))
		ui_status(ctx, UI_COLOR_OK, _("Document %s added (revision %lu)."), ps->pending_name,
			  ps->base->revision);
	return UI_DO_NOTHING;
}

static ui_do document_name_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	partner *ps = st;

	if (!answer)
		return UI_DO_NOTHING;
	snprintf(ps->pending_name, sizeof(ps->pending_name), "%s", text);
	ui_prompt(ctx, _("Add an integration document"), _("Its link (https://...):"), "https://",
		  check_url, document_url_answer, ps);
	return UI_DO_NOTHING;
}

static ui_do connection_key(partner *ps, ui_ctx *ctx, ui_action act)
{
	if (act != UI_ACT_ADD_DOCUMENT)
		return UI_DO_DEFAULT;
	ui_prompt(ctx, _("Add an integration document"),
		  _("The document's name (an API guide, a payment flow...):"), NULL, check_name,
		  document_name_answer, ps);
	return UI_DO_NOTHING;
}

static void connection_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	const gtd_partner *p = ps->base;
	int row = 0;
	size_t i;

	(void)ctx;
	ui_draw_text(r->y + row++, r->x, r->w, _("Integration documents"), UI_COLOR_HEADING);
	if (p->documents.n == 0)
		ui_draw_text(r->y + row++, r->x + 2, r->w - 2, _("None yet: a adds one."), UI_COLOR_DIM);
	for (i = 0; i < p->documents.n && row < r->h; i++)
		ui_draw_textf(r->y + row++, r->x + 2, r->w - 2, UI_COLOR_NORMAL, "%s  %s",
			      p->documents.v[i].name ? p->documents.v[i].name : "",
			      p->documents.v[i].url ? p->documents.v[i].url : "");
}

/* ---- Emails ---- */

static const gtd_email_kind customer_kinds[] = {
	GTD_EMAIL_HOLD_OK, GTD_EMAIL_ISSUED, GTD_EMAIL_HOLD_FAILED, GTD_EMAIL_PAYMENT_FAILED,
	GTD_EMAIL_ISSUE_FAILED,
};

#define NKINDS (sizeof(customer_kinds) / sizeof(customer_kinds[0]))

/* A made-up booking for the preview: a Vietnam Airlines flight 40 days
 * out, one Vietnamese traveller. */
static gtd_status sample_booking(gtd_booking *b, const char *partner_id, gtd_err *err)
{
	char number[GTD_BOOKING_NUMBER_MAX];
	time_t now = time(NULL);
	gtd_status st;

	gtd_booking_number(number, GTD_PRODUCT_FLIGHT, now, 1);
	st = gtd_booking_init(b, number, partner_id, "u1", GTD_PRODUCT_FLIGHT, SAMPLE_AMOUNT, now, err);
	if (st != GTD_OK)
		return st;
	st = gtd_booking_add_traveller(b, "B\xc3\xacnh", "Nguy\xe1\xbb\x85n", "0912345678",
				       "binh.nguyen@example.vn", err);
	b->itinerary.airline = strdup("VN");
	b->itinerary.flight_no = strdup("VN213");
	b->itinerary.from = strdup("SGN");
	b->itinerary.to = strdup("HAN");
	b->itinerary.depart = now + SAMPLE_DAYS_OUT * DAY_S;
	b->itinerary.arrive = b->itinerary.depart + FLIGHT_S;
	return st;
}

static void make_preview(partner *ps)
{
	const gtd_partner *p = ps->base;
	gtd_mail_context mc = {0};
	char support[GTD_NAME_MAX * 4 + 32];
	gtd_booking b;
	gtd_err err;

	gtd_buf_release(&ps->preview);
	gtd_buf_init(&ps->preview, PREVIEW_MAX);
	ps->preview_err[0] = '\0';
	ps->preview_valid = 1;
	memset(&b, 0, sizeof(b));
	if (sample_booking(&b, p->id, &err) != GTD_OK) {
		snprintf(ps->preview_err, sizeof(ps->preview_err), "%s", err.msg);
		gtd_booking_release(&b);
		return;
	}
	mc.partner_id = p->id;
	mc.partner_name = p->company.name ? p->company.name : p->id;
	mc.primary_colour = p->theme.primary;
	if (p->cs.channels.n && p->cs.channels.v[0].handle) {
		snprintf(support, sizeof(support), "%s: %s", gtd_cs_app_names[p->cs.channels.v[0].app],
			 p->cs.channels.v[0].handle);
		mc.support = support;
	}
	mc.now = time(NULL);
	mc.booking = &b;
	if (gtd_mail_preview(customer_kinds[ps->email_kind], &mc, ps->email_vi ? "vi" : "en",
			     &ps->preview, &err) != GTD_OK)
		snprintf(ps->preview_err, sizeof(ps->preview_err), "%s", err.msg);
	gtd_booking_release(&b);
}

static ui_do emails_key(partner *ps, ui_ctx *ctx, ui_action act)
{
	(void)ctx;
	switch (act) {
	case UI_ACT_NEXT_ITEM:
		ps->email_kind = (ps->email_kind + 1) % (int)NKINDS;
		break;
	case UI_ACT_PREV_ITEM:
		ps->email_kind = (ps->email_kind + (int)NKINDS - 1) % (int)NKINDS;
		break;
	case UI_ACT_TOGGLE_LANG:
		ps->email_vi = !ps->email_vi;
		break;
	default:
		return UI_DO_DEFAULT;
	}
	ps->preview_valid = 0;
	ps->scroll = 0;
	return UI_DO_NOTHING;
}

/* text wrapped to r's width, from wrapped row first on; returns how many
 * rows the whole text takes. */
static int draw_wrapped_from(const char *text, const ui_rect *r, int first)
{
	char line[AUDIT_LINE_MAX];
	int n = 0;

	while (*text) {
		size_t next, len = ui_text_wrap(text, r->w > 0 ? (size_t)r->w : 1, &next);

		if (n >= first && n - first < r->h) {
			snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len : sizeof(line) - 1),
				 text);
			ui_draw_text(r->y + n - first, r->x, r->w, line, UI_COLOR_NORMAL);
		}
		n++;
		if (next == 0)
			break;
		text += next;
	}
	return n;
}

static void emails_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	const gtd_email_info *info = &gtd_email_kinds[customer_kinds[ps->email_kind]];
	ui_rect body = {r->y + 2, r->x, r->h - 2, r->w};
	int total;

	(void)ctx;
	if (!ps->preview_valid)
		make_preview(ps);
	ui_draw_textf(r->y, r->x, r->w, UI_COLOR_HEADING, _("E-mail %d of %zu: %s  [%s]  (n/p: e-mail, v: language)"),
		      ps->email_kind + 1, NKINDS, ps->email_vi ? info->vi : info->en,
		      ps->email_vi ? "vi" : "en");
	if (ps->preview_err[0]) {
		ui_draw_wrapped(&body, 0, ps->preview_err, UI_COLOR_ERROR);
		return;
	}
	total = draw_wrapped_from(gtd_buf_str(&ps->preview), &body, ps->scroll);
	if (ps->scroll > total - 1)
		ps->scroll = total > 0 ? total - 1 : 0;
}

/* ---- Audit ---- */

static int audit_line(const gtd_audit_entry *e, void *arg)
{
	gtd_strlist *l = arg;
	char line[AUDIT_LINE_MAX];
	size_t used, i;

	used = (size_t)snprintf(line, sizeof(line), "%s  %-10s %-7s r%-4lu ", e->time, e->user, e->action,
				e->revision);
	for (i = 0; i < e->nchanges && used < sizeof(line); i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s%s", i ? ", " : "",
					 e->changes[i]);
	for (i = 0; i < e->naccepted && used < sizeof(line); i++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, _("; accepted: %s"), e->accepted[i]);
	return gtd_strlist_add(l, line) != GTD_OK;
}

static void audit_draw(partner *ps, ui_ctx *ctx, const ui_rect *r)
{
	gtd_err err;
	size_t i;
	int row = 0;

	if (ps->is_new) {
		ui_draw_text(r->y, r->x, r->w, _("No history yet: the partner is not saved."), UI_COLOR_DIM);
		return;
	}
	if (ps->audit.n == 0 &&
	    gtd_store_audit(ctx->store, ps->base->id, audit_line, &ps->audit, &err) != GTD_OK) {
		ui_draw_wrapped(r, 0, err.msg, UI_COLOR_ERROR);
		return;
	}
	ui_draw_text(r->y + row++, r->x, r->w, _("Who changed what, newest first (values are never logged)"),
		     UI_COLOR_HEADING);
	if (ps->scroll > (int)ps->audit.n - 1)
		ps->scroll = ps->audit.n ? (int)ps->audit.n - 1 : 0;
	for (i = (size_t)ps->scroll; i < ps->audit.n && row < r->h; i++)
		ui_draw_text(r->y + row++, r->x, r->w, ps->audit.v[ps->audit.n - 1 - i], UI_COLOR_NORMAL);
}

/* ---- the sections ---- */

#define FIELDS(a) a, sizeof(a) / sizeof(a[0])

static const section sections[SEC_COUNT] = {
	[SEC_COMPANY] = {N_("Company"), FIELDS(company_fields), UI_KM_COUNT, NULL, NULL},
	[SEC_ADMIN] = {N_("Administrator"), FIELDS(admin_fields), UI_KM_COUNT, NULL, NULL},
	[SEC_CONNECTION] = {N_("Connection"), FIELDS(connection_fields), UI_KM_CONNECTION, connection_draw,
			    connection_key},
	[SEC_KEYS] = {N_("Keys"), NULL, 0, UI_KM_KEYS, keys_draw, keys_key},
	[SEC_ENV] = {N_("Environments"), FIELDS(env_fields), UI_KM_ENV, env_draw, env_key},
	[SEC_THEME] = {N_("Theme"), FIELDS(theme_fields), UI_KM_COUNT, theme_draw, NULL},
	[SEC_ONBOARDING] = {N_("Onboarding"), FIELDS(onboarding_fields), UI_KM_ONBOARDING, onboarding_draw,
			    onboarding_key},
	[SEC_SUPPORT] = {N_("Support"), FIELDS(support_fields), UI_KM_SUPPORT, support_draw, support_key},
	[SEC_EMAILS] = {N_("Emails"), NULL, 0, UI_KM_EMAILS, emails_draw, emails_key},
	[SEC_AUDIT] = {N_("Audit"), NULL, 0, UI_KM_COUNT, audit_draw, NULL},
};

/* ---- the screen ---- */

static void partner_close(void *st)
{
	partner *ps = st;
	int i;

	for (i = 0; i < SEC_COUNT; i++)
		ui_form_release(&ps->forms[i]);
	gtd_partner_free(ps->base);
	gtd_buf_release(&ps->preview);
	gtd_strlist_release(&ps->audit);
	free(ps);
}

static void *partner_open(ui_ctx *ctx, const char *arg, int flags)
{
	partner *ps = calloc(1, sizeof(*ps));
	gtd_err err;
	int i;

	if (!ps) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
		return NULL;
	}
	gtd_buf_init(&ps->preview, PREVIEW_MAX);
	ps->email_vi = strcmp(ui_lang(), "vi") == 0;
	if (flags & UI_OPEN_NEW) {
		ps->base = gtd_partner_new(arg);
		ps->is_new = 1;
		if (!ps->base)
			ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
	} else if (gtd_store_load(ctx->store, arg, &ps->base, &err) != GTD_OK) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", err.msg);
		ps->base = NULL;
	}
	if (!ps->base) {
		free(ps);
		return NULL;
	}
	for (i = 0; i < SEC_COUNT; i++) {
		if (ui_form_init(&ps->forms[i], sections[i].fields, sections[i].nfields) != GTD_OK) {
			ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
			partner_close(ps);
			return NULL;
		}
	}
	forms_load(ps);
	ps->forms[SEC_ONBOARDING].focus = (size_t)(ps->base->onboarding.current_step - 1);
	if (ps->is_new) {
		ps->forms[SEC_COMPANY].editing = 1;
		ui_status(ctx, UI_COLOR_HINT,
			  _("New partner %s: type the company's name; Tab moves on, Enter or Ctrl-S saves."), arg);
	}
	return ps;
}

static size_t partner_keymaps(void *st, ui_keymap *chain)
{
	partner *ps = st;
	size_t n = 0;

	if (cur_form(ps)->editing) {
		chain[0] = UI_KM_EDIT;
		return 1;
	}
	if (sections[ps->sec].keymap != UI_KM_COUNT)
		chain[n++] = sections[ps->sec].keymap;
	chain[n++] = UI_KM_PARTNER;
	chain[n++] = UI_KM_NAV;
	chain[n++] = UI_KM_GLOBAL;
	return n;
}

static void partner_title(void *st, char *out, size_t len)
{
	partner *ps = st;

	if (ps->is_new)
		snprintf(out, len, _("%s (new, not saved yet)"), ps->base->id);
	else if (ps->base->company.name)
		snprintf(out, len, "%s (%s)", ps->base->company.name, ps->base->id);
	else
		snprintf(out, len, "%s", ps->base->id);
}

/* The tabs, scrolled so the current one shows on narrow terminals. */
static void draw_tabs(partner *ps, const ui_rect *bar)
{
	int widths[SEC_COUNT], first = 0, used, x, i;

	ui_draw_fill(bar, UI_COLOR_BAR);
	for (i = 0; i < SEC_COUNT; i++)
		widths[i] = (int)gtd_utf8_width(_(sections[i].title)) + 2;
	for (;;) {
		used = 2;
		for (i = first; i <= ps->sec; i++)
			used += widths[i] + 1;
		if (used <= bar->w || first >= ps->sec)
			break;
		first++;
	}
	x = bar->x;
	if (first > 0)
		x += ui_draw_text(bar->y, x, 1, "\xe2\x80\xb9", UI_COLOR_BAR);
	for (i = first; i < SEC_COUNT; i++) {
		char tab[64];

		if (x + widths[i] > bar->x + bar->w - 1) {
			ui_draw_text(bar->y, bar->x + bar->w - 1, 1, "\xe2\x80\xba", UI_COLOR_BAR);
			break;
		}
		/* The current section in brackets: seen without colour too. */
		snprintf(tab, sizeof(tab), i == ps->sec ? "[%s]" : " %s ", _(sections[i].title));
		x += ui_draw_text(bar->y, x, widths[i], tab, i == ps->sec ? UI_COLOR_TAB_ACTIVE : UI_COLOR_BAR);
		x++;
	}
}

static void partner_draw(void *st, ui_ctx *ctx)
{
	partner *ps = st;
	const section *s = &sections[ps->sec];
	const ui_layout *l = &ctx->layout;
	ui_rect main = s->draw == theme_draw ? l->main : l->body, below;
	ui_form *f = cur_form(ps);
	int cy, cx, rows = 0;
	size_t i;

	draw_tabs(ps, &l->bar);
	main.x += 1;
	main.w -= 2;
	if (s->draw == onboarding_draw) {
		onboarding_draw(ps, ctx, &main);
		return;
	}
	if (f->n) {
		for (i = 0; i < f->n; i++)
			rows += 1 + (f->v[i].error ? 2 : 0);
		below = main;
		below.h = rows < main.h ? rows : main.h;
		ui_draw_form(f, &below, LABEL_W, ps->reveal, &cy, &cx);
		if (cy >= 0)
			ui_cursor(ctx, cy, cx);
		rows = below.h + 1;
	}
	below = main;
	below.y += rows;
	below.h -= rows;
	if (s->draw && below.h > 0)
		s->draw(ps, ctx, &below);
}

/* Moves the focus, or scrolls the sections that are pages. */
static void move_focus(partner *ps, int delta)
{
	ui_form *f = cur_form(ps);

	if (f->n == 0) {
		ps->scroll += delta;
		if (ps->scroll < 0)
			ps->scroll = 0;
		return;
	}
	if (delta > 0)
		ui_form_next(f);
	else
		ui_form_prev(f);
}

static void set_section(partner *ps, int sec)
{
	ui_form *f = cur_form(ps);

	if (f->editing) {
		ui_form_check(f, f->focus);
		f->editing = 0;
	}
	ps->sec = (sec + SEC_COUNT) % SEC_COUNT;
	ps->scroll = 0;
}

static ui_do edit_key(partner *ps, ui_ctx *ctx, int key, ui_action act)
{
	ui_form *f = cur_form(ps);

	switch (act) {
	case UI_ACT_NEXT_FIELD:
		ui_form_next(f);
		return UI_DO_NOTHING;
	case UI_ACT_PREV_FIELD:
		ui_form_prev(f);
		return UI_DO_NOTHING;
	case UI_ACT_SAVE:
		ui_form_check(f, f->focus);
		f->editing = 0;
		commit(ps, ctx, NULL, NULL);
		return UI_DO_NOTHING;
	case UI_ACT_STOP_EDIT:
		ui_form_check(f, f->focus);
		f->editing = 0;
		if (ui_form_field_changed(f, f->focus))
			ui_status(ctx, UI_COLOR_HINT, "%s", _("Not saved yet: Ctrl-S saves, Esc again leaves."));
		return UI_DO_NOTHING;
	case UI_ACT_HELP:
		return UI_DO_HELP;
	default:
		ui_form_edit(f, act, key);
		return UI_DO_NOTHING;
	}
}

static ui_do partner_key(void *st, ui_ctx *ctx, int key, ui_action act)
{
	partner *ps = st;
	const section *s = &sections[ps->sec];
	ui_form *f = cur_form(ps);
	ui_do d;

	if (f->editing)
		return edit_key(ps, ctx, key, act);
	if (s->key && (d = s->key(ps, ctx, act)) != UI_DO_DEFAULT)
		return d;
	switch (act) {
	case UI_ACT_DOWN:
	case UI_ACT_NEXT_FIELD:
		move_focus(ps, 1);
		return UI_DO_NOTHING;
	case UI_ACT_UP:
	case UI_ACT_PREV_FIELD:
		move_focus(ps, -1);
		return UI_DO_NOTHING;
	case UI_ACT_PAGE_DOWN:
		move_focus(ps, ctx->layout.body.h - 1);
		return UI_DO_NOTHING;
	case UI_ACT_PAGE_UP:
		move_focus(ps, -(ctx->layout.body.h - 1));
		return UI_DO_NOTHING;
	case UI_ACT_FIRST:
		if (f->n)
			f->focus = 0;
		ps->scroll = 0;
		return UI_DO_NOTHING;
	case UI_ACT_LAST:
		if (f->n)
			f->focus = f->n - 1;
		else
			ps->scroll = 1 << 20;
		return UI_DO_NOTHING;
	case UI_ACT_NEXT_SECTION:
		set_section(ps, ps->sec + 1);
		return UI_DO_NOTHING;
	case UI_ACT_PREV_SECTION:
		set_section(ps, ps->sec - 1);
		return UI_DO_NOTHING;
	case UI_ACT_EDIT:
		if (f->n == 0)
			return UI_DO_NOTHING;
		if (ui_form_toggle(f))
			return UI_DO_NOTHING;
		if (!ui_form_editable(f, f->focus)) {
			ui_status(ctx, UI_COLOR_HINT, "%s",
				  f->v[f->focus].kind == UI_FIELD_SECRET
					  ? _("Credentials are made by provisioning (p), never typed.")
					  : _("This value is kept by the console's actions; it is not typed."));
			return UI_DO_NOTHING;
		}
		f->editing = 1;
		ui_textfield_end(&f->v[f->focus].text);
		return UI_DO_NOTHING;
	case UI_ACT_TOGGLE:
		ui_form_toggle(f);
		return UI_DO_NOTHING;
	case UI_ACT_SAVE:
		commit(ps, ctx, NULL, NULL);
		return UI_DO_NOTHING;
	case UI_ACT_REVEAL:
		ps->reveal = !ps->reveal;
		ui_status(ctx, UI_COLOR_HINT, "%s",
			  ps->reveal ? _("Secrets revealed: r masks them again.") : _("Secrets masked."));
		return UI_DO_NOTHING;
	case UI_ACT_REAPPLY:
		reapply(ps, ctx);
		return UI_DO_NOTHING;
	case UI_ACT_SHOW_MOCK:
		return ui_open(ctx, UI_SCREEN_MOCK, ps->base->id, 0);
	default:
		return UI_DO_DEFAULT;
	}
}

static int partner_dirty(void *st)
{
	return any_dirty(st);
}

static int partner_save(void *st, ui_ctx *ctx)
{
	return commit(st, ctx, NULL, NULL);
}

const ui_screen_ops ui_screen_partner = {
	.name = "partner",
	.open = partner_open,
	.close = partner_close,
	.keymaps = partner_keymaps,
	.title = partner_title,
	.draw = partner_draw,
	.key = partner_key,
	.dirty = partner_dirty,
	.save = partner_save,
};
