/* screen_list.c - the partner list: name, current step, its status and the
 * next thing to do; filter as you type, sort by column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "onboarding.h"
#include "screen.h"
#include "textfield.h"
#include "utf8.h"
#include "valid.h"

#define NCOLUMNS 5
#define NEXT_MAX 256
#define NEED_MAX 4
#define FOLD_MAX 512

typedef enum sort_by { SORT_NAME, SORT_STEP, SORT_STATUS, SORT_ID, SORT_COUNT } sort_by;

static const char *const sort_names[SORT_COUNT] = {
	N_("name"), N_("step"), N_("status"), N_("id"),
};

typedef struct row {
	char *id;
	char *name;          /* the company's name; NULL when not set */
	char *problem;       /* why the record did not load, or NULL */
	int step;            /* the current step, 1..5 */
	gtd_step_status status;
	int disabled;
	char *next;          /* the next action, worked out when first shown */
	char *folded;        /* name and id folded for the filter (ui_text_fold) */
} row;

typedef struct list {
	row *rows;
	size_t n;
	size_t *vis;         /* the rows the filter lets through, sorted */
	size_t nvis;
	/* The folded filter vis holds the matches of, in the current sort:
	 * a longer filter that contains it narrows vis instead of passing over
	 * every row again. */
	char vis_want[UI_TEXT_MAX + 1];
	int vis_valid;
	size_t sel;          /* index into vis */
	int top;
	sort_by sort;
	int filtering;       /* the filter has the cursor */
	ui_textfield filter;
	uint64_t generation;
	char *select_id;     /* select this id after the next reload */
} list;

static void rows_free(list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->rows[i].id);
		free(l->rows[i].name);
		free(l->rows[i].problem);
		free(l->rows[i].next);
		free(l->rows[i].folded);
	}
	free(l->rows);
	free(l->vis);
	l->vis_valid = 0;
	l->rows = NULL;
	l->vis = NULL;
	l->n = l->nvis = 0;
}

static const char *row_name(const row *r)
{
	return r->name ? r->name : r->id;
}

/* What the status column says. */
static const char *row_status(const row *r)
{
	if (r->problem)
		return _("unreadable");
	if (r->disabled)
		return _("disabled");
	if (r->step == GTD_STEP_COUNT && r->status == GTD_STEP_DONE)
		return _("complete");
	return ui_step_status_text(r->status);
}

static int status_rank(const row *r)
{
	if (r->problem)
		return -2;
	if (r->disabled)
		return -1;
	return r->step * GTD_STEP_STATUS_COUNT + (int)r->status;
}

static int compare(const void *a, const void *b, void *arg)
{
	const list *l = arg;
	const row *x = &l->rows[*(const size_t *)a], *y = &l->rows[*(const size_t *)b];
	int c = 0;

	switch (l->sort) {
	case SORT_STEP: c = x->step - y->step; break;
	case SORT_STATUS: c = status_rank(x) - status_rank(y); break;
	case SORT_ID: c = strcmp(x->id, y->id); break;
	default: break;
	}
	/* By name as a reader sorts it: accents and case aside ("folded"
	 * starts with the folded name). */
	if (c == 0 && l->sort != SORT_ID)
		c = strcmp(x->folded ? x->folded : "", y->folded ? y->folded : "");
	return c ? c : strcmp(x->id, y->id);
}

/* Filters and sorts; keeps the selected partner selected when it stays. */
static void refilter(list *l)
{
	char want[UI_TEXT_MAX + 1];
	const char *keep = l->nvis ? l->rows[l->vis[l->sel]].id : NULL;
	char *keep_copy = keep ? strdup(keep) : NULL;
	size_t i;

	if (l->select_id) {
		free(keep_copy);
		keep_copy = l->select_id;
		l->select_id = NULL;
	}
	/* Folded once here and once per row at load: a key costs one
	 * strstr() per partner, or per match of the filter before it when
	 * it only grew (typing on): those stay in their order. */
	ui_text_fold(ui_textfield_text(&l->filter), want, sizeof(want));
	if (l->vis_valid && strstr(want, l->vis_want)) {
		size_t k, n = 0;

		for (k = 0; k < l->nvis; k++)
			if (!l->rows[l->vis[k]].folded || strstr(l->rows[l->vis[k]].folded, want))
				l->vis[n++] = l->vis[k];
		l->nvis = n;
	} else {
		l->nvis = 0;
		for (i = 0; i < l->n; i++)
			if (!l->rows[i].folded || strstr(l->rows[i].folded, want))
				l->vis[l->nvis++] = i;
		qsort_r(l->vis, l->nvis, sizeof(*l->vis), compare, l);
	}
	memcpy(l->vis_want, want, sizeof(want));
	l->vis_valid = 1;
	l->sel = 0;
	for (i = 0; keep_copy && i < l->nvis; i++)
		if (strcmp(l->rows[l->vis[i]].id, keep_copy) == 0)
			l->sel = i;
	free(keep_copy);
}

/* The next action for p: what its current step still misses, or that it
 * can be marked done (caller frees; NULL out of memory). */
static char *next_action(const gtd_partner *p)
{
	const gtd_check_item *need[NEED_MAX];
	char text[NEXT_MAX], first[NEXT_MAX];
	size_t n;

	if (p->onboarding.current_step == GTD_STEP_COUNT &&
	    p->onboarding.steps[GTD_STEP_COUNT - 1].status == GTD_STEP_DONE)
		return strdup(_("nothing: onboarding is complete"));
	n = gtd_partner_step_missing(p, p->onboarding.current_step, need, NEED_MAX);
	if (n == 0) {
		snprintf(text, sizeof(text), _("mark step %d done"), p->onboarding.current_step);
		return strdup(text);
	}
	ui_need_text(p, need[0], first, sizeof(first));
	if (n == 1)
		return strdup(first);
	snprintf(text, sizeof(text), _("%s (+%zu more)"), first, n - 1);
	return strdup(text);
}

/* Reads every record's summary.  A record that does not load is listed
 * with the reason, so a hand-edited file is found, not hidden. */
static gtd_status load(list *l, ui_ctx *ctx)
{
	gtd_strlist ids = {0, NULL};
	gtd_err err;
	size_t i;

	l->generation = gtd_store_generation(ctx->store);
	if (gtd_store_list(ctx->store, &ids, &err) != GTD_OK) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", err.msg);
		return GTD_EIO;
	}
	rows_free(l);
	l->rows = calloc(ids.n ? ids.n : 1, sizeof(*l->rows));
	l->vis = calloc(ids.n ? ids.n : 1, sizeof(*l->vis));
	if (!l->rows || !l->vis) {
		gtd_strlist_release(&ids);
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
		return GTD_ENOMEM;
	}
	for (i = 0; i < ids.n; i++) {
		row *r = &l->rows[l->n];
		gtd_partner *p = NULL;

		r->id = ids.v[i];
		ids.v[i] = NULL;
		l->n++;
		r->step = 1;
		if (gtd_store_load(ctx->store, r->id, &p, &err) != GTD_OK) {
			r->problem = strdup(err.msg);
			continue;
		}
		r->name = p->company.name ? strdup(p->company.name) : NULL;
		r->step = p->onboarding.current_step;
		r->status = p->onboarding.steps[r->step - 1].status;
		r->disabled = p->disabled;
		/* Worked out now, while the record is read anyway: scrolling and
		 * filtering then draw rows without reading their files again. */
		r->next = next_action(p);
		gtd_partner_free(p);
	}
	for (i = 0; i < l->n; i++) {
		row *r = &l->rows[i];
		char both[FOLD_MAX], folded[FOLD_MAX];

		/* A newline cannot be typed into the filter: no match spans both. */
		snprintf(both, sizeof(both), "%s\n%s", row_name(r), r->id);
		ui_text_fold(both, folded, sizeof(folded));
		r->folded = strdup(folded);
	}
	gtd_strlist_release(&ids);
	refilter(l);
	return GTD_OK;
}

/* What the Next action column shows for r. */
static const char *row_next(const row *r)
{
	return r->problem ? r->problem : r->next ? r->next : "";
}

static void *list_open(ui_ctx *ctx, const char *arg, int flags)
{
	list *l = calloc(1, sizeof(*l));

	(void)arg;
	(void)flags;
	if (!l || ui_textfield_init(&l->filter, GTD_NAME_MAX * 4) != GTD_OK) {
		free(l);
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
		return NULL;
	}
	if (load(l, ctx) != GTD_OK) {
		ui_textfield_release(&l->filter);
		free(l);
		return NULL;
	}
	if (l->n == 0)
		ui_status(ctx, UI_COLOR_HINT, "%s", _("No partners yet: press a to add the first one."));
	return l;
}

static void list_close(void *st)
{
	list *l = st;

	rows_free(l);
	ui_textfield_release(&l->filter);
	free(l->select_id);
	free(l);
}

static void list_resume(void *st, ui_ctx *ctx)
{
	list *l = st;

	if (gtd_store_generation(ctx->store) != l->generation || l->select_id)
		load(l, ctx);
}

static size_t list_keymaps(void *st, ui_keymap *chain)
{
	list *l = st;

	if (l->filtering) {
		chain[0] = UI_KM_PROMPT;
		chain[1] = UI_KM_EDIT;
		return 2;
	}
	chain[0] = UI_KM_LIST;
	chain[1] = UI_KM_NAV;
	chain[2] = UI_KM_GLOBAL;
	return 3;
}

static void list_title(void *st, char *out, size_t len)
{
	list *l = st;

	if (l->nvis != l->n)
		snprintf(out, len, _("Partners (%zu of %zu)"), l->nvis, l->n);
	else
		snprintf(out, len, _("Partners (%zu)"), l->n);
}

static void list_draw(void *st, ui_ctx *ctx)
{
	static const ui_column columns[NCOLUMNS] = {{12, 4}, {8, 2}, {4, 0}, {11, 1}, {12, 4}};
	const char *heads[NCOLUMNS] = {_("Name"), C_("column", "ID"), _("Step"), _("Status"),
				       _("Next action")};
	list *l = st;
	const ui_layout *lay = &ctx->layout;
	const ui_rect *b = &lay->body;
	int w[NCOLUMNS], rows = b->h - 1, i, x;
	size_t k;

	/* The bar: the filter, being typed or kept, and the sort. */
	ui_draw_fill(&lay->bar, UI_COLOR_BAR);
	if (l->filtering || l->filter.len) {
		size_t start, nbytes, cx;
		char shown[UI_TEXT_MAX + 1];
		const char *label = _("Filter: ");
		int lw = (int)gtd_utf8_width(label);

		ui_draw_text(lay->bar.y, 1, lw, label, UI_COLOR_BAR);
		ui_textfield_view(&l->filter, (size_t)(lay->bar.w / 2), &start, &nbytes, &cx);
		memcpy(shown, l->filter.buf + start, nbytes);
		shown[nbytes] = '\0';
		ui_draw_padded(lay->bar.y, 1 + lw, lay->bar.w / 2, shown,
			       l->filtering ? UI_COLOR_EDIT : UI_COLOR_BAR);
		if (l->filtering)
			ui_cursor(ctx, lay->bar.y, 1 + lw + (int)cx);
	} else {
		ui_draw_textf(lay->bar.y, 1, lay->bar.w / 2, UI_COLOR_BAR, "%s",
			      _("/ filters by name or id"));
	}
	{
		char sorted[64];
		int sw;

		snprintf(sorted, sizeof(sorted), _("sorted by %s"), _(sort_names[l->sort]));
		sw = (int)gtd_utf8_width(sorted);
		if (sw < lay->bar.w / 2 - 2)
			ui_draw_text(lay->bar.y, lay->bar.w - sw - 1, sw, sorted, UI_COLOR_BAR);
	}
	ui_layout_columns(b->w - 2, columns, NCOLUMNS, w);
	for (i = 0, x = 1; i < NCOLUMNS; i++) {
		if (w[i] <= 0)
			continue;
		ui_draw_text(b->y, x, w[i], heads[i], UI_COLOR_HEADING);
		x += w[i] + 1;
	}
	if (l->nvis == 0) {
		ui_rect r = {b->y + 2, 2, b->h - 2, b->w - 4};

		ui_draw_wrapped(&r, 0, l->n ? _("No partner matches the filter (Esc clears it).")
					    : _("No partners yet: press a to add the first one."),
				UI_COLOR_DIM);
		return;
	}
	l->top = ui_layout_scroll(l->top, (int)l->sel, (int)l->nvis, rows);
	for (k = (size_t)l->top; k < l->nvis && (int)(k - (size_t)l->top) < rows; k++) {
		row *r = &l->rows[l->vis[k]];
		int y = b->y + 1 + (int)(k - (size_t)l->top), sel = k == l->sel;
		ui_color c = sel ? UI_COLOR_SELECTED : UI_COLOR_NORMAL;
		char step[16];
		const char *cells[NCOLUMNS];

		snprintf(step, sizeof(step), "%d/%d", r->step, GTD_STEP_COUNT);
		cells[0] = row_name(r);
		cells[1] = r->id;
		cells[2] = step;
		cells[3] = row_status(r);
		cells[4] = w[4] > 0 ? row_next(r) : "";
		if (sel) {
			ui_draw_padded(y, 0, b->w, "", c);
			ui_draw_text(y, 0, 1, UI_MARK, c);
		}
		for (i = 0, x = 1; i < NCOLUMNS; i++) {
			ui_color cc = c;

			if (w[i] <= 0)
				continue;
			if (!sel && i == 3)
				cc = r->problem ? UI_COLOR_ERROR : r->status == GTD_STEP_DONE ? UI_COLOR_OK
												 : UI_COLOR_NORMAL;
			if (!sel && i == 4)
				cc = r->problem ? UI_COLOR_ERROR : UI_COLOR_DIM;
			ui_draw_text(y, x, w[i], cells[i], cc);
			x += w[i] + 1;
		}
	}
}

static ui_do add_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	list *l = st;
	gtd_partner *p = NULL;
	gtd_status s;

	if (!answer)
		return UI_DO_NOTHING;
	s = gtd_store_load(ctx->store, text, &p, NULL);
	gtd_partner_free(p);
	if (s != GTD_ENOTFOUND) {
		free(l->select_id);
		l->select_id = strdup(text);
		load(l, ctx);
		ui_status(ctx, UI_COLOR_WARNING, _("Partner %s already exists: it is selected."), text);
		return UI_DO_NOTHING;
	}
	free(l->select_id);
	l->select_id = strdup(text);
	return ui_open(ctx, UI_SCREEN_PARTNER, text, UI_OPEN_NEW);
}

static ui_do filter_key(list *l, int key, ui_action act)
{
	ui_textfield *t = &l->filter;
	int changed = 0;

	switch (act) {
	case UI_ACT_ACCEPT: l->filtering = 0; return UI_DO_NOTHING;
	case UI_ACT_CANCEL:
		l->filtering = 0;
		ui_textfield_set(t, "");
		refilter(l);
		return UI_DO_NOTHING;
	case UI_ACT_NEXT_FIELD:
		if (l->sel + 1 < l->nvis)
			l->sel++;
		return UI_DO_NOTHING;
	case UI_ACT_PREV_FIELD:
		if (l->sel > 0)
			l->sel--;
		return UI_DO_NOTHING;
	case UI_ACT_SAVE: l->filtering = 0; return UI_DO_NOTHING;
	case UI_ACT_CURSOR_LEFT: ui_textfield_left(t); return UI_DO_NOTHING;
	case UI_ACT_CURSOR_RIGHT: ui_textfield_right(t); return UI_DO_NOTHING;
	case UI_ACT_CURSOR_HOME: ui_textfield_home(t); return UI_DO_NOTHING;
	case UI_ACT_CURSOR_END: ui_textfield_end(t); return UI_DO_NOTHING;
	case UI_ACT_DELETE_BACK: changed = ui_textfield_backspace(t); break;
	case UI_ACT_DELETE_FORWARD: changed = ui_textfield_delete(t); break;
	case UI_ACT_KILL_START: changed = ui_textfield_kill_start(t); break;
	case UI_ACT_KILL_END: changed = ui_textfield_kill_end(t); break;
	case UI_ACT_KILL_WORD: changed = ui_textfield_kill_word(t); break;
	case UI_ACT_HELP: return UI_DO_HELP;
	case UI_ACT_NONE:
		if (key >= ' ' && key != UI_KEY_DEL && key < UI_KEY_UP)
			changed = ui_textfield_insert_cp(t, (unsigned)key) == GTD_OK;
		break;
	default:
		break;
	}
	if (changed)
		refilter(l);
	return UI_DO_NOTHING;
}

static ui_do list_key(void *st, ui_ctx *ctx, int key, ui_action act)
{
	list *l = st;
	int page = ctx->layout.body.h - 2;

	if (l->filtering)
		return filter_key(l, key, act);
	switch (act) {
	case UI_ACT_UP:
		if (l->sel > 0)
			l->sel--;
		return UI_DO_NOTHING;
	case UI_ACT_DOWN:
		if (l->sel + 1 < l->nvis)
			l->sel++;
		return UI_DO_NOTHING;
	case UI_ACT_PAGE_UP:
		l->sel = l->sel > (size_t)page ? l->sel - (size_t)page : 0;
		return UI_DO_NOTHING;
	case UI_ACT_PAGE_DOWN:
		l->sel += (size_t)page;
		if (l->sel >= l->nvis)
			l->sel = l->nvis ? l->nvis - 1 : 0;
		return UI_DO_NOTHING;
	case UI_ACT_FIRST:
		l->sel = 0;
		return UI_DO_NOTHING;
	case UI_ACT_LAST:
		l->sel = l->nvis ? l->nvis - 1 : 0;
		return UI_DO_NOTHING;
	case UI_ACT_OPEN:
		if (l->nvis == 0)
			return UI_DO_NOTHING;
		if (l->rows[l->vis[l->sel]].problem) {
			ui_status(ctx, UI_COLOR_ERROR, "%s", l->rows[l->vis[l->sel]].problem);
			return UI_DO_NOTHING;
		}
		return ui_open(ctx, UI_SCREEN_PARTNER, l->rows[l->vis[l->sel]].id, 0);
	case UI_ACT_FILTER:
		l->filtering = 1;
		ui_textfield_end(&l->filter);
		return UI_DO_NOTHING;
	case UI_ACT_SORT:
		l->sort = (sort_by)((l->sort + 1) % SORT_COUNT);
		l->vis_valid = 0;
		refilter(l);
		ui_status(ctx, UI_COLOR_HINT, _("Sorted by %s."), _(sort_names[l->sort]));
		return UI_DO_NOTHING;
	case UI_ACT_ADD_PARTNER:
		ui_prompt(ctx, _("Add a partner"),
			  _("The new partner's id: 2 to 40 characters of a-z, 0-9 and '-', starting with "
			    "a letter. It names the partner's files and cannot change later."),
			  NULL, gtd_valid_slug, add_answer, l);
		return UI_DO_NOTHING;
	case UI_ACT_RELOAD:
		if (load(l, ctx) == GTD_OK)
			ui_status(ctx, UI_COLOR_OK, _("Read %zu partners."), l->n);
		return UI_DO_NOTHING;
	case UI_ACT_SHOW_MOCK:
		return ui_open(ctx, UI_SCREEN_MOCK, l->nvis ? l->rows[l->vis[l->sel]].id : NULL, 0);
	case UI_ACT_BACK:
		if (l->filter.len) {
			ui_textfield_set(&l->filter, "");
			refilter(l);
			return UI_DO_NOTHING;
		}
		return UI_DO_DEFAULT;
	default:
		return UI_DO_DEFAULT;
	}
}

const ui_screen_ops ui_screen_list = {
	.name = "list",
	.open = list_open,
	.close = list_close,
	.resume = list_resume,
	.keymaps = list_keymaps,
	.title = list_title,
	.draw = list_draw,
	.key = list_key,
};
