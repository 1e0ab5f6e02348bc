/* textfield.h - one line of UTF-8 text being edited, and the helpers that
 * measure, cut, wrap and compare text in display columns.
 *
 * Pure: no curses, so it is unit-tested.  The cursor is a byte offset that
 * always sits on a character boundary; it moves, and text is deleted, by
 * whole characters - a letter with the combining marks that follow it, so
 * "Việt" typed decomposed still loses its "ệ" in one Backspace - and the
 * console shows it at a display column (gtd_utf8_width), never at a byte.
 * Every piece of text the console draws is cut by ui_text_cut().
 */
#ifndef TUI_TEXTFIELD_H
#define TUI_TEXTFIELD_H

#include <stddef.h>

#include "err.h"

/* The most a field holds: a long address or a pasted URL list fits. */
#define UI_TEXT_MAX 4096

/* What ui_text_cut() puts where text was cut: U+2026, one column. */
#define UI_ELLIPSIS "\xe2\x80\xa6"

typedef struct ui_textfield {
	char *buf;       /* NUL-terminated; never NULL after init */
	size_t len;      /* bytes, without the NUL */
	size_t max;      /* bytes the text may take */
	size_t cur;      /* the cursor: a byte offset on a character boundary */
	size_t scroll;   /* display column at the left edge of the field */
} ui_textfield;

/* An empty field holding at most max bytes (UI_TEXT_MAX when 0).
 * GTD_ENOMEM leaves t released. */
gtd_status ui_textfield_init(ui_textfield *t, size_t max);

/* Frees the text; NULL-safe on a zeroed field. */
void ui_textfield_release(ui_textfield *t);

/* Replaces the text with s (NULL: empty), cleaned as by insert, and puts
 * the cursor at the end.  GTD_EINVAL when s is longer than the field
 * allows (the field keeps as much as fits). */
gtd_status ui_textfield_set(ui_textfield *t, const char *s);

/* The text; owned by the field. */
const char *ui_textfield_text(const ui_textfield *t);

/* Inserts len bytes of UTF-8 at the cursor (typing or a paste).  Tabs and
 * line breaks become spaces, other control characters and malformed bytes
 * are dropped.  GTD_EINVAL when it does not all fit: what fits is
 * inserted, whole characters only. */
gtd_status ui_textfield_insert(ui_textfield *t, const char *s, size_t len);

/* Inserts one code point (from get_wch); the same cleaning applies. */
gtd_status ui_textfield_insert_cp(ui_textfield *t, unsigned cp);

/* Editing.  Each returns 1 when the text or the cursor changed, else 0. */
int ui_textfield_backspace(ui_textfield *t);   /* the character before the cursor */
int ui_textfield_delete(ui_textfield *t);      /* the character under the cursor */
int ui_textfield_left(ui_textfield *t);
int ui_textfield_right(ui_textfield *t);
int ui_textfield_home(ui_textfield *t);
int ui_textfield_end(ui_textfield *t);
int ui_textfield_kill_start(ui_textfield *t);  /* Ctrl-U: from the start to the cursor */
int ui_textfield_kill_end(ui_textfield *t);    /* Ctrl-K: from the cursor to the end */
int ui_textfield_kill_word(ui_textfield *t);   /* Ctrl-W: the word before the cursor */

/* The cursor's display column from the start of the text. */
size_t ui_textfield_cursor_col(const ui_textfield *t);

/* What to show in a field width columns wide so the cursor stays visible:
 * the text from byte *start, *nbytes of it, and the cursor at column
 * *cursor_x of the field.  Updates t->scroll; width 0 shows nothing. */
void ui_textfield_view(ui_textfield *t, size_t width, size_t *start, size_t *nbytes,
		       size_t *cursor_x);

/* How much of s to draw in cols columns: returns the number of bytes.
 * When all of s fits, *ellipsis is 0; otherwise the prefix takes at most
 * cols - 1 columns and *ellipsis is 1 (the caller draws UI_ELLIPSIS after
 * it).  *width (when not NULL) is the prefix's width.  Never splits a
 * character or separates it from its combining marks. */
size_t ui_text_cut(const char *s, size_t cols, size_t *width, int *ellipsis);

/* Copies s into out[0..size) as one drawable line: tabs and line breaks
 * become spaces, other control characters and malformed bytes '?'.
 * Truncates on a character boundary; always NUL-terminated. */
void ui_text_clean(const char *s, char *out, size_t size);

/* One line of s wrapped at cols columns: returns the bytes of the line
 * (cut after the last space that fits, or mid-word when a word is longer
 * than cols; a '\n' ends a line) and sets *next to where the next line
 * starts (spaces after a break skipped).  *next == strlen(s) at the end. */
size_t ui_text_wrap(const char *s, size_t cols, size_t *next);

/* How many lines ui_text_wrap() makes of s at cols columns (0 for "";
 * cols 0 counts as 1). */
size_t ui_text_wrap_lines(const char *s, size_t cols);

/* 1 when needle occurs in haystack ignoring case and Vietnamese
 * diacritics ("viet" finds "Việt", "dl" finds "Đl"); "" occurs always. */
int ui_text_match(const char *haystack, const char *needle);

/* s folded for ui_text_match() into out[0..size): ASCII lowercase, with
 * Vietnamese and other Latin letters reduced to their base letter. */
void ui_text_fold(const char *s, char *out, size_t size);

#endif
