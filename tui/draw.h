/* draw.h - putting text and widgets on the screen, by meaning.
 *
 * Screens say what something is (an error, the selected row, a secret) and
 * this module decides how it looks: from a colour table on colour
 * terminals, from attributes (reverse, bold, underline) on monochrome ones
 * and whenever NO_COLOR is set (https://no-color.org).  Every string goes
 * through ui_text_cut(), so text is cut in display columns with an
 * ellipsis and never splits a Vietnamese character.  Everything draws on
 * stdscr inside the rectangles layout.h computed.
 */
#ifndef TUI_DRAW_H
#define TUI_DRAW_H

#include "form.h"
#include "layout.h"

/* What marks the selected row, the focused field and the current tab in
 * characters, besides their colour: U+25B8, one column.  Colour alone
 * does not show on a monochrome terminal or in a screen dump. */
#define UI_MARK "\xe2\x96\xb8"

typedef enum ui_color {
	UI_COLOR_NORMAL,
	UI_COLOR_TITLE,       /* the title line */
	UI_COLOR_BAR,         /* the bar under it: tabs, column heads */
	UI_COLOR_TAB_ACTIVE,  /* the current tab */
	UI_COLOR_SELECTED,    /* the selected row or focused field */
	UI_COLOR_LABEL,       /* form labels */
	UI_COLOR_EDIT,        /* the field being edited */
	UI_COLOR_HEADING,     /* headings inside a pane */
	UI_COLOR_ERROR,
	UI_COLOR_WARNING,
	UI_COLOR_OK,
	UI_COLOR_SECRET,      /* masked credentials */
	UI_COLOR_DIM,         /* placeholders and absent values */
	UI_COLOR_KEY,         /* key names in the hint line and help */
	UI_COLOR_HINT,        /* the hint line */
	UI_COLOR_DIALOG,      /* dialog boxes and popups */
	UI_COLOR_COUNT
} ui_color;

/* Sets colours up after initscr(): the colour table when the terminal has
 * colours and NO_COLOR is unset or empty, else the monochrome one. */
void ui_draw_init(void);

/* 1 when colours are in use. */
int ui_draw_colours(void);

/* The attributes (colour pair included) for a meaning. */
int ui_draw_attr(ui_color c);

/* Blank r in c. */
void ui_draw_fill(const ui_rect *r, ui_color c);

/* Draws s at (y, x) cut to width columns (an ellipsis marks a cut);
 * control characters show as spaces or '?'.  Returns the columns used. */
int ui_draw_text(int y, int x, int width, const char *s, ui_color c);

/* The same, padded with spaces to width (a selected row, a field). */
int ui_draw_padded(int y, int x, int width, const char *s, ui_color c);

/* printf-style ui_draw_text(). */
int ui_draw_textf(int y, int x, int width, ui_color c, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* s wrapped to r's width from row (relative to r) on, in c; returns the
 * row after the last one drawn (rows past r's bottom are not drawn). */
int ui_draw_wrapped(const ui_rect *r, int row, const char *s, ui_color c);

/* A box with a border and a title on its top line; the inside cleared. */
void ui_draw_box(const ui_rect *r, const char *title, ui_color c);

/* A two-cell swatch of the #RRGGBB colour at (y, x); on monochrome
 * terminals or for a bad colour, nothing.  Returns the columns used. */
int ui_draw_swatch(int y, int x, const char *hex);

/* The colour pair nearest to text fg on bg (#RRGGBB each), for drawing a
 * preview; -1 when colours are off or a colour is bad. */
int ui_draw_rgb_pair(const char *fg, const char *bg);

/* Draws the text s at (y, x, width) in colour pair pair (from
 * ui_draw_rgb_pair) with extra attributes, padded to width. */
void ui_draw_in_pair(int y, int x, int width, const char *s, int pair, int attrs);

/* Draws field fl's value at (y, x), width columns: the text with the
 * cursor when editing (*cx gets the cursor's column), else the value as
 * shown (masked secrets unless reveal, placeholders dim), highlighted when
 * focused.  A colour field starts with its swatch. */
void ui_draw_field(ui_field *fl, int y, int x, int width, int focused, int editing, int reveal,
		   int *cx);

/* Draws form f in r, labels label_w wide: each field on its row, its
 * message under it, secrets masked unless reveal; UI_MARK just before the
 * focused field's value.  Scrolls f->top so the
 * focused field shows.  When a field is being edited, *cy and *cx get
 * where the cursor goes, else -1. */
void ui_draw_form(ui_form *f, const ui_rect *r, int label_w, int reveal, int *cy, int *cx);

#endif
