#include "layout.h"

#include <string.h>

#define TITLE_LINES 1
#define BAR_LINES 1
#define STATUS_LINES 1
#define HINT_LINES 1
#define SIDE_SHARE_NUM 2     /* the side pane takes 2/5 */
#define SIDE_SHARE_DEN 5
#define PANE_GAP 1
#define DIALOG_CHROME 4      /* border and one column of padding each side */
#define DIALOG_BORDER 2
#define FORM_LABEL_MIN 8
#define FORM_GAP 2

static ui_rect rect(int y, int x, int h, int w)
{
	ui_rect r = {y, x, h > 0 ? h : 0, w > 0 ? w : 0};

	return r;
}

static int min_int(int a, int b)
{
	return a < b ? a : b;
}

void ui_layout_compute(ui_layout *l, int lines, int cols)
{
	ui_layout_compute_status(l, lines, cols, STATUS_LINES);
}

int ui_layout_status_max(int lines)
{
	/* A third of what the body has with a one-line status, at least one. */
	int body = lines - TITLE_LINES - BAR_LINES - STATUS_LINES - HINT_LINES;

	return body / 3 > STATUS_LINES ? body / 3 : STATUS_LINES;
}

void ui_layout_compute_status(ui_layout *l, int lines, int cols, int status_lines)
{
	int body_y = TITLE_LINES + BAR_LINES, body_h, side_w, side_h;

	memset(l, 0, sizeof(*l));
	l->lines = lines > 0 ? lines : 0;
	l->cols = cols > 0 ? cols : 0;
	if (l->lines < UI_MIN_LINES || l->cols < UI_MIN_COLS) {
		l->too_small = 1;
		return;
	}
	if (status_lines < STATUS_LINES)
		status_lines = STATUS_LINES;
	if (status_lines > ui_layout_status_max(l->lines))
		status_lines = ui_layout_status_max(l->lines);
	body_h = l->lines - body_y - status_lines - HINT_LINES;
	l->title = rect(0, 0, TITLE_LINES, l->cols);
	l->bar = rect(TITLE_LINES, 0, BAR_LINES, l->cols);
	l->body = rect(body_y, 0, body_h, l->cols);
	l->status = rect(l->lines - status_lines - HINT_LINES, 0, status_lines, l->cols);
	l->hints = rect(l->lines - HINT_LINES, 0, HINT_LINES, l->cols);
	l->main = l->body;
	if (l->cols >= UI_SIDE_MIN_COLS) {
		side_w = l->cols * SIDE_SHARE_NUM / SIDE_SHARE_DEN;
		if (side_w < UI_SIDE_MIN_W)
			side_w = UI_SIDE_MIN_W;
		l->side = rect(body_y, l->cols - side_w, body_h, side_w);
		l->main.w = l->cols - side_w - PANE_GAP;
	} else if (body_h >= UI_SIDE_MIN_BODY_LINES) {
		side_h = body_h * SIDE_SHARE_NUM / SIDE_SHARE_DEN;
		l->side = rect(body_y + body_h - side_h, 0, side_h, l->cols);
		l->main.h = body_h - side_h - PANE_GAP;
	}
	l->popup = rect(body_y, 0, body_h, min_int(l->cols - 2 * UI_POPUP_MARGIN, UI_POPUP_MAX_W));
	l->popup.x = (l->cols - l->popup.w) / 2;
}

int ui_layout_dialog_text_w(const ui_layout *l)
{
	int w = min_int(l->cols - 2 * UI_POPUP_MARGIN, UI_DIALOG_MAX_W) - DIALOG_CHROME;

	return w > 0 ? w : 0;
}

void ui_layout_dialog(const ui_layout *l, int content_lines, ui_rect *out)
{
	int w = ui_layout_dialog_text_w(l) + DIALOG_CHROME;
	int h = (content_lines > 0 ? content_lines : 0) + DIALOG_BORDER;

	if (l->too_small) {
		*out = rect(0, 0, 0, 0);
		return;
	}
	if (h > l->body.h + 2)   /* it may cover the bar and status lines too */
		h = l->body.h + 2;
	*out = rect((l->lines - h) / 2, (l->cols - w) / 2, h, w);
}

void ui_layout_form(const ui_rect *r, int label_want, ui_form_geom *g)
{
	int label_w = min_int(label_want, r->w / 3);

	if (label_w < FORM_LABEL_MIN)
		label_w = min_int(FORM_LABEL_MIN, r->w / 2);
	if (label_w < 0)
		label_w = 0;
	g->label_x = r->x;
	g->label_w = label_w;
	g->field_x = r->x + label_w + FORM_GAP;
	g->field_w = r->w - label_w - FORM_GAP;
	if (g->field_w < 0)
		g->field_w = 0;
}

void ui_layout_columns(int width, const ui_column *cols, size_t n, int *out)
{
	int used = 0, weights = 0, rest, given = 0;
	size_t i, shown = 0;

	for (i = 0; i < n; i++)
		out[i] = 0;
	/* Keep the columns whose minimums fit, in order. */
	for (i = 0; i < n; i++) {
		int need = cols[i].min + (i ? PANE_GAP : 0);

		if (used + need > width)
			break;
		used += need;
		weights += cols[i].weight;
		out[i] = cols[i].min;
		shown++;
	}
	if (shown == 0) {
		if (n > 0 && width > 0)
			out[0] = width;
		return;
	}
	rest = width - used;
	for (i = 0; i < shown && weights > 0; i++) {
		int extra = rest * cols[i].weight / weights;

		out[i] += extra;
		given += extra;
	}
	/* Rounding leftovers, and everything when no column has a weight. */
	out[shown - 1] += rest - given;
}

int ui_layout_scroll(int top, int sel, int n, int rows)
{
	if (rows <= 0 || n <= 0)
		return 0;
	if (sel < 0)
		sel = 0;
	if (sel >= n)
		sel = n - 1;
	if (sel < top)
		top = sel;
	if (sel >= top + rows)
		top = sel - rows + 1;
	if (top > n - rows)
		top = n - rows;
	return top < 0 ? 0 : top;
}
