/* layout.h - the console's geometry, as pure arithmetic on LINES and COLS.
 *
 * One function, ui_layout_compute(), places every pane from the terminal's
 * size; the main loop calls it at start and on every resize, and screens
 * draw only inside the rectangles it gives.  Nothing here knows curses, so
 * the arithmetic is unit-tested for any size, including too small ones.
 *
 *   line 0            title    program, screen, partner, modified mark
 *   line 1            bar      the screen's tabs, filter or column heads
 *   lines 2..L-3      body     = main (+ side, when there is room)
 *   line L-2          status   messages; errors stay here, never on stderr
 *                              (a long one takes the lines above it too,
 *                              from the body: nothing is cut)
 *   line L-1          hints    the main keys, from the key table
 */
#ifndef TUI_LAYOUT_H
#define TUI_LAYOUT_H

#include <stddef.h>

/* Below this the console shows only its "terminal too small" screen. */
#define UI_MIN_COLS 50
#define UI_MIN_LINES 12

/* The side pane (theme preview, mock health) sits right of the main pane
 * from this width on, else below it from this body height on, else it is
 * not shown. */
#define UI_SIDE_MIN_COLS 96
#define UI_SIDE_MIN_BODY_LINES 18
#define UI_SIDE_MIN_W 32

/* Popups (help, paste box) and dialogs keep a margin and a readable width. */
#define UI_POPUP_MAX_W 84
#define UI_DIALOG_MAX_W 72
#define UI_POPUP_MARGIN 2

typedef struct ui_rect {
	int y, x;
	int h, w;    /* 0 when the pane is not shown */
} ui_rect;

typedef struct ui_layout {
	int lines, cols;
	int too_small;      /* below UI_MIN_LINES x UI_MIN_COLS: nothing else is set */
	ui_rect title;
	ui_rect bar;
	ui_rect body;
	ui_rect main;       /* body without side */
	ui_rect side;       /* h == 0 when there is no room */
	ui_rect status;
	ui_rect hints;
	ui_rect popup;      /* help and the paste box, centred over the body */
} ui_layout;

/* Fills l for a terminal of lines x cols, with a one-line status.
 * Negative sizes count as 0. */
void ui_layout_compute(ui_layout *l, int lines, int cols);

/* The same with a status of status_lines lines (a long message wrapped),
 * taken from the bottom of the body: at least 1, at most
 * ui_layout_status_max(lines). */
void ui_layout_compute_status(ui_layout *l, int lines, int cols, int status_lines);

/* The most lines the status may take on a terminal lines high: a third
 * of the body, so the screen stays usable; at least 1. */
int ui_layout_status_max(int lines);

/* A dialog box holding content lines of text, centred, with a border:
 * as wide as UI_DIALOG_MAX_W allows, as high as the content needs (clamped
 * to the terminal).  Its text area is w - 4 columns (border and padding):
 * ui_layout_dialog_text_w() gives it before the height is known. */
void ui_layout_dialog(const ui_layout *l, int content_lines, ui_rect *out);
int ui_layout_dialog_text_w(const ui_layout *l);

/* Where a form's labels and fields go inside r: a label column of
 * label_want columns (at most a third of r, at least 8 unless r is
 * narrower), two columns of gap, the field in the rest. */
typedef struct ui_form_geom {
	int label_x, label_w;
	int field_x, field_w;
} ui_form_geom;

void ui_layout_form(const ui_rect *r, int label_want, ui_form_geom *g);

/* Widths of n table columns in width columns, one column of gap between
 * them: each gets its min, the rest goes by weight; when even the minimums
 * do not fit, columns from the last on are dropped (width 0) and the last
 * shown takes what remains. */
typedef struct ui_column {
	int min;
	int weight;
} ui_column;

void ui_layout_columns(int width, const ui_column *cols, size_t n, int *out);

/* The first row to show of n rows in a pane rows high so that row sel is
 * visible, moving as little as possible from top. */
int ui_layout_scroll(int top, int sel, int n, int rows);

#endif
