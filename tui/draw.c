#include "draw.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "valid.h"

/* A line is cut to the screen's width long before this. */
#define LINE_MAX_BYTES 2048
#define SWATCH "  "
#define SWATCH_W 2
#define XTERM_CUBE_BASE 16
#define XTERM_GRAY_BASE 232
#define XTERM_GRAYS 24
#define BASIC_COLOURS 8
#define BRIGHT_COLOURS 16
#define DEFAULT_COLOUR (-1)

/* How each meaning looks: foreground, background and attributes on colour
 * terminals; attributes alone on monochrome ones. */
static const struct look {
	short fg, bg;
	int attrs;
	int mono;
} looks[UI_COLOR_COUNT] = {
	[UI_COLOR_NORMAL] = {DEFAULT_COLOUR, DEFAULT_COLOUR, A_NORMAL, A_NORMAL},
	[UI_COLOR_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
	[UI_COLOR_BAR] = {COLOR_CYAN, DEFAULT_COLOUR, A_NORMAL, A_UNDERLINE},
	[UI_COLOR_TAB_ACTIVE] = {COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD},
	[UI_COLOR_SELECTED] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
	[UI_COLOR_LABEL] = {COLOR_CYAN, DEFAULT_COLOUR, A_NORMAL, A_NORMAL},
	[UI_COLOR_EDIT] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_UNDERLINE | A_BOLD},
	[UI_COLOR_HEADING] = {COLOR_CYAN, DEFAULT_COLOUR, A_BOLD, A_BOLD | A_UNDERLINE},
	[UI_COLOR_ERROR] = {COLOR_RED, DEFAULT_COLOUR, A_BOLD, A_BOLD},
	[UI_COLOR_WARNING] = {COLOR_YELLOW, DEFAULT_COLOUR, A_BOLD, A_BOLD},
	[UI_COLOR_OK] = {COLOR_GREEN, DEFAULT_COLOUR, A_NORMAL, A_NORMAL},
	[UI_COLOR_SECRET] = {COLOR_MAGENTA, DEFAULT_COLOUR, A_NORMAL, A_DIM},
	[UI_COLOR_DIM] = {DEFAULT_COLOUR, DEFAULT_COLOUR, A_DIM, A_DIM},
	[UI_COLOR_KEY] = {COLOR_YELLOW, DEFAULT_COLOUR, A_BOLD, A_BOLD},
	[UI_COLOR_HINT] = {DEFAULT_COLOUR, DEFAULT_COLOUR, A_NORMAL, A_NORMAL},
	[UI_COLOR_DIALOG] = {COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_NORMAL},
};

/* The eight basic colours and their bright forms, as xterm shows them. */
static const unsigned char basic_rgb[BRIGHT_COLOURS][3] = {
	{0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0},
	{0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
	{127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0},
	{92, 92, 255}, {255, 0, 255}, {0, 255, 255}, {255, 255, 255},
};

static const unsigned char cube_levels[] = {0, 95, 135, 175, 215, 255};

static int use_colour;
static int attrs[UI_COLOR_COUNT];

void ui_draw_init(void)
{
	const char *no_colour = getenv("NO_COLOR");
	int i;

	use_colour = has_colors() && !(no_colour && *no_colour);
	if (use_colour && start_color() != OK)
		use_colour = 0;
	if (use_colour)
		use_default_colors();
	for (i = 0; i < UI_COLOR_COUNT; i++) {
		if (!use_colour) {
			attrs[i] = looks[i].mono;
			continue;
		}
		init_pair((short)(i + 1), looks[i].fg, looks[i].bg);
		attrs[i] = (int)COLOR_PAIR(i + 1) | looks[i].attrs;
	}
}

int ui_draw_colours(void)
{
	return use_colour;
}

int ui_draw_attr(ui_color c)
{
	return (unsigned)c < UI_COLOR_COUNT ? attrs[c] : (int)A_NORMAL;
}

void ui_draw_fill(const ui_rect *r, ui_color c)
{
	int y;

	attrset(ui_draw_attr(c));
	for (y = 0; y < r->h; y++)
		mvhline(r->y + y, r->x, ' ', r->w);
	attrset(A_NORMAL);
}

int ui_draw_text(int y, int x, int width, const char *s, ui_color c)
{
	char line[LINE_MAX_BYTES];
	size_t n, w;
	int ellipsis;

	if (width <= 0 || !s)
		return 0;
	ui_text_clean(s, line, sizeof(line));
	n = ui_text_cut(line, (size_t)width, &w, &ellipsis);
	attrset(ui_draw_attr(c));
	mvaddnstr(y, x, line, (int)n);
	if (ellipsis)
		addstr(UI_ELLIPSIS);
	attrset(A_NORMAL);
	return (int)w + ellipsis;
}

int ui_draw_padded(int y, int x, int width, const char *s, ui_color c)
{
	int used = ui_draw_text(y, x, width, s, c);

	if (used < width) {
		attrset(ui_draw_attr(c));
		mvhline(y, x + used, ' ', width - used);
		attrset(A_NORMAL);
	}
	return width;
}

int ui_draw_textf(int y, int x, int width, ui_color c, const char *fmt, ...)
{
	char line[LINE_MAX_BYTES];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	return ui_draw_text(y, x, width, line, c);
}

int ui_draw_wrapped(const ui_rect *r, int row, const char *s, ui_color c)
{
	char line[LINE_MAX_BYTES];
	size_t next, n;

	if (!s || r->w <= 0)
		return row;
	while (*s) {
		n = ui_text_wrap(s, (size_t)r->w, &next);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, s, n);
		line[n] = '\0';
		if (row >= 0 && row < r->h)
			ui_draw_text(r->y + row, r->x, r->w, line, c);
		row++;
		if (next == 0)
			break;
		s += next;
	}
	return row;
}

void ui_draw_box(const ui_rect *r, const char *title, ui_color c)
{
	if (r->h < 2 || r->w < 2)
		return;
	ui_draw_fill(r, c);
	attrset(ui_draw_attr(c));
	mvaddch(r->y, r->x, ACS_ULCORNER);
	mvhline(r->y, r->x + 1, ACS_HLINE, r->w - 2);
	mvaddch(r->y, r->x + r->w - 1, ACS_URCORNER);
	mvvline(r->y + 1, r->x, ACS_VLINE, r->h - 2);
	mvvline(r->y + 1, r->x + r->w - 1, ACS_VLINE, r->h - 2);
	mvaddch(r->y + r->h - 1, r->x, ACS_LLCORNER);
	mvhline(r->y + r->h - 1, r->x + 1, ACS_HLINE, r->w - 2);
	mvaddch(r->y + r->h - 1, r->x + r->w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	if (title && *title && r->w > 6) {
		int used;

		ui_draw_text(r->y, r->x + 2, 1, " ", c);
		used = ui_draw_text(r->y, r->x + 3, r->w - 6, title, c);
		ui_draw_text(r->y, r->x + 3 + used, 1, " ", c);
	}
}

static int dist2(const unsigned char a[3], int r, int g, int b)
{
	int dr = a[0] - r, dg = a[1] - g, db = a[2] - b;

	return dr * dr + dg * dg + db * db;
}

static int nearest_level(int v)
{
	int i, best = 0;

	for (i = 1; i < (int)sizeof(cube_levels); i++)
		if (abs(cube_levels[i] - v) < abs(cube_levels[best] - v))
			best = i;
	return best;
}

/* The terminal colour nearest to r, g, b: the xterm 256-colour cube or
 * grey ramp when there are 256 colours, else the basic ones. */
static short nearest_colour(int r, int g, int b)
{
	int i, best = 0, n = COLORS >= BRIGHT_COLOURS ? BRIGHT_COLOURS : BASIC_COLOURS;

	if (COLORS >= 256) {
		int ri = nearest_level(r), gi = nearest_level(g), bi = nearest_level(b);
		unsigned char cube[3] = {cube_levels[ri], cube_levels[gi], cube_levels[bi]};
		int grey = ((r + g + b) / 3 - 8 + 5) / 10, gv;
		unsigned char ramp[3];

		if (grey < 0)
			grey = 0;
		if (grey >= XTERM_GRAYS)
			grey = XTERM_GRAYS - 1;
		gv = 8 + 10 * grey;
		ramp[0] = ramp[1] = ramp[2] = (unsigned char)gv;
		if (dist2(ramp, r, g, b) < dist2(cube, r, g, b))
			return (short)(XTERM_GRAY_BASE + grey);
		return (short)(XTERM_CUBE_BASE + 36 * ri + 6 * gi + bi);
	}
	for (i = 1; i < n; i++)
		if (dist2(basic_rgb[i], r, g, b) < dist2(basic_rgb[best], r, g, b))
			best = i;
	return (short)best;
}

int ui_draw_rgb_pair(const char *fg, const char *bg)
{
	unsigned char fr, fgc, fb, br, bgc, bb;

	if (!use_colour || !gtd_colour_parse(fg, &fr, &fgc, &fb) ||
	    !gtd_colour_parse(bg, &br, &bgc, &bb))
		return -1;
	return alloc_pair(nearest_colour(fr, fgc, fb), nearest_colour(br, bgc, bb));
}

void ui_draw_in_pair(int y, int x, int width, const char *s, int pair, int extra)
{
	char line[LINE_MAX_BYTES];
	size_t n, w;
	int ellipsis;

	if (width <= 0)
		return;
	ui_text_clean(s ? s : "", line, sizeof(line));
	n = ui_text_cut(line, (size_t)width, &w, &ellipsis);
	if (pair > 0)
		attr_set((attr_t)extra, (short)pair, NULL);
	else
		attrset(extra);
	mvaddnstr(y, x, line, (int)n);
	if (ellipsis)
		addstr(UI_ELLIPSIS);
	if ((int)w + ellipsis < width)
		hline(' ', width - (int)w - ellipsis);
	attrset(A_NORMAL);
}

int ui_draw_swatch(int y, int x, const char *hex)
{
	int pair = ui_draw_rgb_pair(hex, hex);

	if (pair <= 0)
		return 0;
	ui_draw_in_pair(y, x, SWATCH_W, SWATCH, pair, A_NORMAL);
	return SWATCH_W;
}

/* Lines field i takes: its own and its message's (at most two). */
static int field_rows(const ui_form *f, size_t i, int width)
{
	size_t next, n;
	const char *e = f->v[i].error;
	int rows = 1;

	if (!e || width <= 0)
		return rows;
	n = ui_text_wrap(e, (size_t)width, &next);
	rows++;
	if (n < strlen(e) && next < strlen(e))
		rows++;
	return rows;
}

/* The colour of what ui_field_shown() shows. */
static const ui_color shown_colours[] = {
	[UI_SHOWN_VALUE] = UI_COLOR_NORMAL,
	[UI_SHOWN_SECRET] = UI_COLOR_SECRET,
	[UI_SHOWN_EMPTY] = UI_COLOR_DIM,
};

void ui_draw_field(ui_field *fl, int y, int x, int width, int focused, int editing, int reveal,
		   int *cx)
{
	char shown[LINE_MAX_BYTES];
	ui_color c;

	*cx = -1;
	if (fl->kind == UI_FIELD_COLOUR) {
		int sw = ui_draw_swatch(y, x, ui_textfield_text(&fl->text));

		if (sw) {
			x += sw + 1;
			width -= sw + 1;
		}
	}
	if (width <= 0)
		return;
	if (focused && editing) {
		size_t start, nbytes, cursor;

		ui_textfield_view(&fl->text, (size_t)width, &start, &nbytes, &cursor);
		memcpy(shown, fl->text.buf + start, nbytes);
		shown[nbytes] = '\0';
		ui_draw_padded(y, x, width, shown, UI_COLOR_EDIT);
		*cx = x + (int)cursor;
		return;
	}
	c = shown_colours[ui_field_shown(fl, reveal, shown, sizeof(shown))];
	if (focused)
		ui_draw_padded(y, x, width, shown, UI_COLOR_SELECTED);
	else
		ui_draw_text(y, x, width, shown, c);
}

void ui_draw_form(ui_form *f, const ui_rect *r, int label_w, int reveal, int *cy, int *cx_out)
{
	ui_form_geom g;
	int row = 0, rows;
	size_t i;

	*cy = *cx_out = -1;
	if (r->h <= 0 || f->n == 0)
		return;
	ui_layout_form(r, label_w, &g);
	/* Scroll so the focused field and its message show. */
	if ((int)f->focus < f->top)
		f->top = (int)f->focus;
	for (;;) {
		rows = 0;
		for (i = (size_t)f->top; i <= f->focus && i < f->n; i++)
			rows += field_rows(f, i, g.field_w - 2);
		if (rows <= r->h || f->top >= (int)f->focus)
			break;
		f->top++;
	}
	for (i = (size_t)f->top; i < f->n && row < r->h; i++) {
		ui_field *fl = &f->v[i];
		int y = r->y + row, focused = i == f->focus, changed = ui_form_field_changed(f, i), cx;

		ui_draw_text(y, g.label_x, g.label_w - 1, _(fl->def->label),
			     focused ? UI_COLOR_HEADING : UI_COLOR_LABEL);
		if (changed)
			ui_draw_text(y, g.label_x + g.label_w, 1, "*", UI_COLOR_WARNING);
		/* In the gap's last column, against the value. */
		if (focused && g.field_x > g.label_x + g.label_w + 1)
			ui_draw_text(y, g.field_x - 1, 1, UI_MARK, UI_COLOR_HEADING);
		ui_draw_field(fl, y, g.field_x, g.field_w, focused, f->editing, reveal, &cx);
		if (cx >= 0) {
			*cy = y;
			*cx_out = cx;
		}
		row++;
		if (fl->error && row < r->h) {
			int avail = r->h - row, need = field_rows(f, i, g.field_w - 2) - 1;
			ui_rect er = {r->y + row, g.field_x + 2, need < avail ? need : avail, g.field_w - 2};

			ui_draw_text(er.y, g.field_x, 2, "! ", UI_COLOR_ERROR);
			ui_draw_wrapped(&er, 0, fl->error, UI_COLOR_ERROR);
			row += er.h;
		}
	}
}
