/* The console's pure parts: layout arithmetic, the text field, the key
 * table, forms and the onboarding gate.  No curses is linked. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "field.h"
#include "form.h"
#include "keymap.h"
#include "layout.h"
#include "mask.h"
#include "onboarding.h"
#include "testdata.h"
#include "textfield.h"
#include "utf8.h"

#define VIET "Vi\xe1\xbb\x87t"                       /* "Việt", precomposed */
#define VIET_NFD "Vie\xcc\xa3\xcc\x82t"              /* e + dot below + circumflex */
#define VN_COMPANY "C\xc3\xb4ng ty C\xe1\xbb\x95 ph\xe1\xba\xa7n Du l\xe1\xbb\x8b" "ch Vi\xe1\xbb\x87t Nam"
#define DA_NANG "\xc4\x90\xc3\xa0 N\xe1\xba\xb5ng"   /* "Đà Nẵng" */

/* ---- layout ---- */

static int inside(const ui_rect *r, int lines, int cols)
{
	return r->h == 0 || (r->y >= 0 && r->x >= 0 && r->y + r->h <= lines && r->x + r->w <= cols);
}

static int overlap(const ui_rect *a, const ui_rect *b)
{
	if (a->h == 0 || b->h == 0 || a->w == 0 || b->w == 0)
		return 0;
	return a->y < b->y + b->h && b->y < a->y + a->h && a->x < b->x + b->w && b->x < a->x + a->w;
}

static const struct size {
	int lines, cols, too_small, side;   /* side: 0 none, 1 right, 2 below */
} sizes[] = {
	{-1, -1, 1, 0},
	{0, 0, 1, 0},
	{1, 1, 1, 0},
	{UI_MIN_LINES - 1, 200, 1, 0},
	{200, UI_MIN_COLS - 1, 1, 0},
	{UI_MIN_LINES - 1, UI_MIN_COLS - 1, 1, 0},
	{UI_MIN_LINES, UI_MIN_COLS, 0, 0},
	{15, 60, 0, 0},
	{24, 80, 0, 2},
	{30, 100, 0, 1},
	{21, 95, 0, 0},
	{22, 95, 0, 2},
	{12, 96, 0, 1},
	{50, 200, 0, 1},
	{1000, 1000, 0, 1},
};

START_TEST(test_layout_sizes)
{
	const struct size *s = &sizes[_i];
	ui_layout l;
	ui_rect d;
	int small_lines = s->lines, small_cols = s->cols;

	ui_layout_compute(&l, s->lines, s->cols);
	ck_assert_int_eq(l.too_small, s->too_small);
	if (s->too_small)
		return;
	ck_assert_int_eq(l.title.y, 0);
	ck_assert_int_eq(l.bar.y, 1);
	ck_assert_int_eq(l.body.y, 2);
	ck_assert_int_eq(l.body.h, s->lines - 4);
	ck_assert_int_eq(l.status.y, s->lines - 2);
	ck_assert_int_eq(l.hints.y, s->lines - 1);
	ck_assert_int_eq(l.hints.w, s->cols);
	ck_assert(inside(&l.title, small_lines, small_cols));
	ck_assert(inside(&l.body, small_lines, small_cols));
	ck_assert(inside(&l.main, small_lines, small_cols));
	ck_assert(inside(&l.side, small_lines, small_cols));
	ck_assert(inside(&l.popup, small_lines, small_cols));
	ck_assert(!overlap(&l.main, &l.side));
	ck_assert(!overlap(&l.body, &l.status));
	ck_assert(!overlap(&l.body, &l.bar));
	ck_assert_int_gt(l.main.w, 0);
	ck_assert_int_gt(l.main.h, 0);
	switch (s->side) {
	case 0:
		ck_assert_int_eq(l.side.h, 0);
		ck_assert_int_eq(l.main.w, l.body.w);
		ck_assert_int_eq(l.main.h, l.body.h);
		break;
	case 1:
		ck_assert_int_eq(l.side.h, l.body.h);
		ck_assert_int_ge(l.side.w, UI_SIDE_MIN_W);
		ck_assert_int_lt(l.main.x + l.main.w, l.side.x);
		break;
	default:
		ck_assert_int_gt(l.side.h, 0);
		ck_assert_int_eq(l.side.w, l.body.w);
		ck_assert_int_lt(l.main.y + l.main.h, l.side.y);
		break;
	}
	/* Dialogs stay on screen whatever their content. */
	ui_layout_dialog(&l, 3, &d);
	ck_assert(inside(&d, small_lines, small_cols));
	ck_assert_int_eq(d.h, 5);
	ck_assert_int_eq(d.w - 4, ui_layout_dialog_text_w(&l));
	ui_layout_dialog(&l, 10000, &d);
	ck_assert(inside(&d, small_lines, small_cols));
	ui_layout_dialog(&l, -5, &d);
	ck_assert(inside(&d, small_lines, small_cols));
}
END_TEST

START_TEST(test_layout_too_small_dialog)
{
	ui_layout l;
	ui_rect d;

	ui_layout_compute(&l, 5, 20);
	ui_layout_dialog(&l, 3, &d);
	ck_assert_int_eq(d.h, 0);
	ck_assert_int_eq(d.w, 0);
}
END_TEST

/* The provisioning message with a Maildir path, as long as they come. */
#define PROVISIONED "Provisioned sandbox (revision 4): credentials masked below (r reveals); activation " \
	"e-mail in /tmp/gtd-test.ky41EV/data/outbox/new/1796283406.M468790P1941Q1R663817975c169d89.vm."

START_TEST(test_layout_long_status)
{
	static const int widths[] = {80, 120};
	ui_layout l, one;
	size_t i, n;

	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		/* Wrapped at the width, the message fits the status the layout gives it. */
		n = ui_text_wrap_lines(PROVISIONED, (size_t)widths[i]);
		ck_assert_uint_gt(n, 1);
		ui_layout_compute(&one, 24, widths[i]);
		ui_layout_compute_status(&l, 24, widths[i], (int)n);
		ck_assert_int_eq(l.status.h, (int)n);
		ck_assert_int_eq(l.status.y + l.status.h, l.hints.y);
		/* ... from the body's bottom, which is otherwise the same. */
		ck_assert_int_eq(l.body.y, one.body.y);
		ck_assert_int_eq(l.body.h, one.body.h - ((int)n - 1));
		ck_assert(!overlap(&l.body, &l.status));
		ck_assert(!overlap(&l.main, &l.status));
		ck_assert(!overlap(&l.side, &l.status));
		ck_assert(inside(&l.status, 24, widths[i]));
	}
	/* At most a third of the body; at least one line. */
	ui_layout_compute_status(&l, 24, 80, 1000);
	ck_assert_int_eq(l.status.h, ui_layout_status_max(24));
	ck_assert_int_eq(ui_layout_status_max(24), 20 / 3);
	ck_assert_int_ge(l.body.h, 2 * l.status.h);
	ui_layout_compute_status(&l, UI_MIN_LINES, UI_MIN_COLS, 1000);
	ck_assert_int_ge(l.main.h, 1);
	ck_assert_int_eq(l.status.y + l.status.h, l.hints.y);
	ui_layout_compute_status(&l, 24, 80, 0);
	ck_assert_int_eq(l.status.h, 1);
	ui_layout_compute_status(&l, 5, 20, 3);
	ck_assert(l.too_small);
}
END_TEST

START_TEST(test_layout_form)
{
	ui_rect r = {2, 0, 10, 100};
	ui_form_geom g;

	ui_layout_form(&r, 20, &g);
	ck_assert_int_eq(g.label_w, 20);
	ck_assert_int_eq(g.field_x, 22);
	ck_assert_int_eq(g.field_w, 78);
	r.w = 30;
	ui_layout_form(&r, 20, &g);
	ck_assert_int_eq(g.label_w, 10);
	ck_assert_int_eq(g.field_x + g.field_w, 30);
	r.w = 6;
	ui_layout_form(&r, 20, &g);
	ck_assert_int_ge(g.field_w, 0);
	ck_assert_int_le(g.field_x + g.field_w, 6 + 2);
	r.w = 0;
	ui_layout_form(&r, 20, &g);
	ck_assert_int_eq(g.label_w, 0);
	ck_assert_int_eq(g.field_w, 0);
}
END_TEST

static const ui_column list_columns[] = {{10, 3}, {6, 1}, {8, 1}, {12, 2}};

START_TEST(test_layout_columns)
{
	int w[4], width, sum, shown, i;

	for (width = 0; width <= 200; width++) {
		ui_layout_columns(width, list_columns, 4, w);
		sum = 0;
		shown = 0;
		for (i = 0; i < 4; i++) {
			if (w[i] > 0) {
				sum += w[i] + (shown ? 1 : 0);
				shown++;
				/* Columns are dropped from the end, never in the middle. */
				ck_assert_int_eq(shown, i + 1);
			}
		}
		ck_assert_msg(sum <= width || width == 0, "width %d: %d used", width, sum);
		if (width >= 10 + 6 + 8 + 12 + 3) {
			ck_assert_int_eq(sum, width);
			for (i = 0; i < 4; i++)
				ck_assert_int_ge(w[i], list_columns[i].min);
		}
	}
	ui_layout_columns(5, list_columns, 4, w);
	ck_assert_int_eq(w[0], 5);
	ck_assert_int_eq(w[1], 0);
}
END_TEST

START_TEST(test_layout_scroll)
{
	ck_assert_int_eq(ui_layout_scroll(0, 0, 100, 10), 0);
	ck_assert_int_eq(ui_layout_scroll(0, 9, 100, 10), 0);
	ck_assert_int_eq(ui_layout_scroll(0, 10, 100, 10), 1);
	ck_assert_int_eq(ui_layout_scroll(50, 40, 100, 10), 40);
	ck_assert_int_eq(ui_layout_scroll(95, 99, 100, 10), 90);
	ck_assert_int_eq(ui_layout_scroll(0, 5, 3, 10), 0);
	ck_assert_int_eq(ui_layout_scroll(7, 2, 0, 10), 0);
	ck_assert_int_eq(ui_layout_scroll(7, 2, 100, 0), 0);
	ck_assert_int_eq(ui_layout_scroll(0, 500, 100, 10), 90);
}
END_TEST

/* ---- text field ---- */

static void field_with(ui_textfield *t, const char *s)
{
	ck_assert_int_eq(ui_textfield_init(t, 0), GTD_OK);
	ck_assert_int_eq(ui_textfield_insert(t, s, strlen(s)), GTD_OK);
}

START_TEST(test_textfield_viet)
{
	ui_textfield t;

	field_with(&t, VIET);
	ck_assert_str_eq(ui_textfield_text(&t), VIET);
	ck_assert_uint_eq(t.len, 6);
	ck_assert_uint_eq(ui_textfield_cursor_col(&t), 4);
	/* Left by one column, over "t". */
	ck_assert(ui_textfield_left(&t));
	ck_assert_uint_eq(ui_textfield_cursor_col(&t), 3);
	ck_assert_uint_eq(t.cur, 5);
	/* Left over "ệ": three bytes, one column. */
	ck_assert(ui_textfield_left(&t));
	ck_assert_uint_eq(ui_textfield_cursor_col(&t), 2);
	ck_assert_uint_eq(t.cur, 2);
	ck_assert(ui_textfield_right(&t));
	/* Backspace removes the whole "ệ", not a byte of it. */
	ck_assert(ui_textfield_backspace(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "Vit");
	ck_assert_uint_eq(ui_textfield_cursor_col(&t), 2);
	ck_assert(gtd_utf8_valid(t.buf, t.len, NULL));
	/* Typing it back by code point, as get_wch() gives it. */
	ck_assert_int_eq(ui_textfield_insert_cp(&t, 0x1ec7), GTD_OK);
	ck_assert_str_eq(ui_textfield_text(&t), VIET);
	ck_assert_uint_eq(ui_textfield_cursor_col(&t), 3);
	ck_assert(ui_textfield_home(&t));
	ck_assert(!ui_textfield_left(&t));
	ck_assert(!ui_textfield_backspace(&t));
	ck_assert(ui_textfield_delete(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "i\xe1\xbb\x87t");
	ck_assert(ui_textfield_end(&t));
	ck_assert(!ui_textfield_right(&t));
	ck_assert(!ui_textfield_delete(&t));
	ui_textfield_release(&t);
}
END_TEST

START_TEST(test_textfield_combining)
{
	ui_textfield t;

	field_with(&t, VIET_NFD);
	ck_assert_uint_eq(ui_textfield_cursor_col(&t), 4);
	ck_assert(ui_textfield_left(&t));
	ck_assert(ui_textfield_left(&t));
	/* The cursor skipped the letter and both its marks. */
	ck_assert_uint_eq(t.cur, 2);
	ck_assert_uint_eq(ui_textfield_cursor_col(&t), 2);
	ck_assert(ui_textfield_delete(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "Vit");
	ui_textfield_set(&t, VIET_NFD);
	ui_textfield_left(&t);
	ck_assert(ui_textfield_backspace(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "Vit");
	ui_textfield_release(&t);
}
END_TEST

START_TEST(test_textfield_paste)
{
	ui_textfield t;
	const char paste[] = "C\xc3\xb4ng ty\nC\xe1\xbb\x95\tph\xe1\xba\xa7n\x01\x7f\xff!";

	ck_assert_int_eq(ui_textfield_init(&t, 0), GTD_OK);
	ck_assert_int_eq(ui_textfield_insert(&t, paste, sizeof(paste) - 1), GTD_OK);
	/* Line breaks and tabs are spaces; controls and bad bytes are gone. */
	ck_assert_str_eq(ui_textfield_text(&t), "C\xc3\xb4ng ty C\xe1\xbb\x95 ph\xe1\xba\xa7n!");
	ck_assert(gtd_utf8_valid(t.buf, t.len, NULL));
	/* Paste in the middle. */
	ui_textfield_set(&t, "Du Nam");
	ui_textfield_home(&t);
	ui_textfield_right(&t);
	ui_textfield_right(&t);
	ui_textfield_right(&t);
	ck_assert_int_eq(ui_textfield_insert(&t, "l\xe1\xbb\x8b" "ch " VIET " ",
					     strlen("l\xe1\xbb\x8b" "ch " VIET " ")), GTD_OK);
	ck_assert_str_eq(ui_textfield_text(&t), "Du l\xe1\xbb\x8b" "ch " VIET " Nam");
	ui_textfield_release(&t);
}
END_TEST

START_TEST(test_textfield_limit)
{
	ui_textfield t;

	ck_assert_int_eq(ui_textfield_init(&t, 8), GTD_OK);
	ck_assert_int_eq(ui_textfield_insert(&t, VIET " Nam", strlen(VIET " Nam")), GTD_EINVAL);
	ck_assert_str_eq(ui_textfield_text(&t), VIET " N");
	ck_assert_int_eq(ui_textfield_insert_cp(&t, 0x1ec7), GTD_EINVAL);
	ck_assert_str_eq(ui_textfield_text(&t), VIET " N");
	ck_assert_int_eq(ui_textfield_set(&t, "12345678"), GTD_OK);
	ck_assert_int_eq(ui_textfield_set(&t, VIET VIET), GTD_EINVAL);
	ck_assert(gtd_utf8_valid(t.buf, t.len, NULL));
	ck_assert_int_eq(ui_textfield_set(&t, NULL), GTD_OK);
	ck_assert_str_eq(ui_textfield_text(&t), "");
	ui_textfield_release(&t);
}
END_TEST

START_TEST(test_textfield_kill)
{
	ui_textfield t;

	field_with(&t, "Du l\xe1\xbb\x8b" "ch " VIET);
	ck_assert(ui_textfield_kill_word(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "Du l\xe1\xbb\x8b" "ch ");
	ck_assert(ui_textfield_kill_word(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "Du ");
	ui_textfield_set(&t, "abc " VIET " xyz");
	ui_textfield_home(&t);
	ui_textfield_right(&t);
	ui_textfield_right(&t);
	ck_assert(ui_textfield_kill_end(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "ab");
	ck_assert_uint_eq(t.cur, 2);
	ck_assert(!ui_textfield_kill_end(&t));
	ck_assert(ui_textfield_kill_start(&t));
	ck_assert_str_eq(ui_textfield_text(&t), "");
	ck_assert(!ui_textfield_kill_start(&t));
	ck_assert(!ui_textfield_kill_word(&t));
	ui_textfield_release(&t);
}
END_TEST

START_TEST(test_textfield_view)
{
	ui_textfield t;
	size_t start, nbytes, x, width;

	field_with(&t, VN_COMPANY);
	for (width = 1; width <= 40; width++) {
		char shown[128];
		size_t col;

		ui_textfield_end(&t);
		ui_textfield_view(&t, width, &start, &nbytes, &x);
		ck_assert_uint_lt(x, width);
		memcpy(shown, t.buf + start, nbytes);
		shown[nbytes] = '\0';
		ck_assert(gtd_utf8_valid(shown, nbytes, NULL));
		ck_assert_uint_le(gtd_utf8_width(shown), width);
		/* The cursor is where the text says. */
		col = ui_textfield_cursor_col(&t);
		ck_assert_uint_eq(col - t.scroll, x);
		/* Back to the start: the view follows. */
		ui_textfield_home(&t);
		ui_textfield_view(&t, width, &start, &nbytes, &x);
		ck_assert_uint_eq(start, 0);
		ck_assert_uint_eq(x, 0);
	}
	ui_textfield_view(&t, 0, &start, &nbytes, &x);
	ck_assert_uint_eq(nbytes, 0);
	ui_textfield_release(&t);
}
END_TEST

START_TEST(test_text_cut)
{
	const char *s = VN_COMPANY;
	size_t full = gtd_utf8_width(s), cols;

	ck_assert_uint_eq(full, 32);
	for (cols = 0; cols <= full + 2; cols++) {
		size_t w, n;
		int ell;
		char part[128];

		n = ui_text_cut(s, cols, &w, &ell);
		memcpy(part, s, n);
		part[n] = '\0';
		/* Never a split character, never wider than asked. */
		ck_assert(gtd_utf8_valid(part, n, NULL));
		ck_assert_uint_eq(gtd_utf8_width(part), w);
		ck_assert_uint_le(w + (size_t)ell, cols);
		ck_assert_int_eq(ell, cols < full && cols > 0);
		if (cols >= full)
			ck_assert_uint_eq(n, strlen(s));
	}
	/* A combining mark stays with its letter. */
	{
		size_t w;
		int ell;
		size_t n = ui_text_cut(VIET_NFD "nam", 4, &w, &ell);

		ck_assert_uint_eq(n, strlen("Vie\xcc\xa3\xcc\x82"));
		ck_assert_int_eq(ell, 1);
	}
}
END_TEST

START_TEST(test_text_clean_wrap)
{
	char out[64];
	const char *s = "one two three four", *p, *company = VN_COMPANY;
	size_t next, n;

	ui_text_clean("a\tb\nc\x01" "d\xff" VIET, out, sizeof(out));
	ck_assert_str_eq(out, "a b c?d?" VIET);
	ui_text_clean(VIET VIET, out, 5);
	ck_assert_str_eq(out, "Vi");
	n = ui_text_wrap(s, 9, &next);
	ck_assert_uint_eq(n, 7);
	ck_assert_str_eq(s + next, "three four");
	p = s + next;
	n = ui_text_wrap(p, 9, &next);
	ck_assert_uint_eq(n, 5);
	n = ui_text_wrap("abcdefghij", 4, &next);
	ck_assert_uint_eq(n, 4);
	ck_assert_uint_eq(next, 4);
	n = ui_text_wrap("ab\ncd", 10, &next);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(next, 3);
	n = ui_text_wrap("hello world", 5, &next);
	ck_assert_uint_eq(n, 5);
	ck_assert_uint_eq(next, 6);
	n = ui_text_wrap(company, 10, &next);
	ck_assert_str_eq(company + next, "C\xe1\xbb\x95 ph\xe1\xba\xa7n Du l\xe1\xbb\x8b" "ch Vi\xe1\xbb\x87t Nam");
	ck_assert_uint_eq(ui_text_wrap("", 10, &next), 0);
	ck_assert_uint_eq(next, 0);
	/* How many lines that makes, measured in columns. */
	ck_assert_uint_eq(ui_text_wrap_lines("", 10), 0);
	ck_assert_uint_eq(ui_text_wrap_lines(NULL, 10), 0);
	ck_assert_uint_eq(ui_text_wrap_lines("short", 10), 1);
	ck_assert_uint_eq(ui_text_wrap_lines("one two three", 8), 2);
	ck_assert_uint_eq(ui_text_wrap_lines(company, 10), 4);
	ck_assert_uint_eq(ui_text_wrap_lines(company, 32), 1);
	ck_assert_uint_eq(ui_text_wrap_lines("a\nb", 10), 2);
	ck_assert_uint_eq(ui_text_wrap_lines("abcdefghij", 0), 10);
}
END_TEST

START_TEST(test_text_match)
{
	ck_assert(ui_text_match(VN_COMPANY, "viet nam"));
	ck_assert(ui_text_match(VN_COMPANY, "DU LICH"));
	ck_assert(ui_text_match(VN_COMPANY, "c\xe1\xbb\x95 ph\xe1\xba\xa7n"));
	ck_assert(ui_text_match(VN_COMPANY, "cong ty co phan"));
	ck_assert(ui_text_match(DA_NANG, "da nang"));
	ck_assert(ui_text_match(VIET_NFD, "viet"));
	ck_assert(ui_text_match("anything", ""));
	ck_assert(ui_text_match("anything", NULL));
	ck_assert(!ui_text_match(VN_COMPANY, "hanoi"));
	ck_assert(!ui_text_match(NULL, "x"));
}
END_TEST

/* ---- key table ---- */

START_TEST(test_keys_unique)
{
	size_t n, i, j;
	const ui_binding *b = ui_keys_table(&n);

	ck_assert_uint_gt(n, 0);
	for (i = 0; i < n; i++) {
		ck_assert_int_lt(b[i].keymap, UI_KM_COUNT);
		ck_assert_int_ne(b[i].action, UI_ACT_NONE);
		for (j = i + 1; j < n; j++) {
			char name[32];

			ui_key_name(b[i].key, name, sizeof(name));
			ck_assert_msg(b[i].keymap != b[j].keymap || b[i].key != b[j].key,
				      "key %s bound twice in keymap %s", name, ui_keymap_title(b[i].keymap));
		}
	}
}
END_TEST

START_TEST(test_keys_help)
{
	size_t nb, na, i, j;
	const ui_binding *b = ui_keys_table(&nb);
	const ui_action_info *a = ui_actions_table(&na);

	/* Every action has a name, help, and at least one key. */
	for (i = UI_ACT_NONE + 1; i < UI_ACT_COUNT; i++) {
		const ui_action_info *info = ui_action_get((ui_action)i);
		int bound = 0;

		ck_assert_msg(info != NULL, "action %zu has no entry", i);
		ck_assert(info->name && *info->name);
		ck_assert_msg(info->help && *info->help, "%s has no help", info->name);
		for (j = 0; j < nb; j++)
			bound |= b[j].action == (ui_action)i;
		ck_assert_msg(bound, "no key does %s", info->name);
	}
	ck_assert_uint_eq(na, UI_ACT_COUNT - 1);
	for (i = 0; i < na; i++)
		for (j = i + 1; j < na; j++)
			ck_assert_str_ne(a[i].name, a[j].name);
	/* Every keymap has a heading. */
	for (i = 0; i < UI_KM_COUNT; i++)
		ck_assert(*ui_keymap_title((ui_keymap)i));
	ck_assert(ui_action_get(UI_ACT_NONE) == NULL);
}
END_TEST

START_TEST(test_keys_resolve)
{
	const ui_keymap partner_env[] = {UI_KM_ENV, UI_KM_PARTNER, UI_KM_NAV, UI_KM_GLOBAL};
	const ui_keymap edit[] = {UI_KM_EDIT};
	ui_help_line lines[64];
	ui_hint hints[16];
	size_t n, i, nh;
	int found_reveal = 0, found_help = 0;
	char name[32];

	ck_assert_int_eq(ui_keys_resolve(partner_env, 4, 'p'), UI_ACT_PROVISION);
	ck_assert_int_eq(ui_keys_resolve(partner_env, 4, 'j'), UI_ACT_DOWN);
	ck_assert_int_eq(ui_keys_resolve(partner_env, 4, 'q'), UI_ACT_QUIT);
	ck_assert_int_eq(ui_keys_resolve(partner_env, 4, UI_KEY_CTRL('s')), UI_ACT_SAVE);
	ck_assert_int_eq(ui_keys_resolve(partner_env, 4, 'z'), UI_ACT_NONE);
	/* Letters type while editing. */
	ck_assert_int_eq(ui_keys_resolve(edit, 1, 'q'), UI_ACT_NONE);
	ck_assert_int_eq(ui_keys_resolve(edit, 1, 'j'), UI_ACT_NONE);
	ck_assert_int_eq(ui_keys_resolve(edit, 1, UI_KEY_ENTER), UI_ACT_SAVE);
	ck_assert_int_eq(ui_keys_resolve(edit, 1, UI_KEY_CTRL('u')), UI_ACT_KILL_START);
	n = ui_keys_help(partner_env, 4, lines, 64);
	ck_assert_uint_gt(n, 10);
	ck_assert_uint_le(n, 64);
	ck_assert_str_eq(lines[0].heading, ui_keymap_title(UI_KM_ENV));
	for (i = 0; i < n; i++) {
		ck_assert(lines[i].keys[0]);
		ck_assert(lines[i].help && *lines[i].help);
		if (strcmp(lines[i].keys, "r") == 0)
			found_reveal = 1;
		if (strcmp(lines[i].keys, "?, F1") == 0)
			found_help = 1;
	}
	ck_assert(found_reveal);
	ck_assert(found_help);
	/* Asking with too little room still counts every line. */
	ck_assert_uint_eq(ui_keys_help(partner_env, 4, lines, 2), n);
	nh = ui_keys_hints(partner_env, 4, hints, 16);
	ck_assert_uint_gt(nh, 3);
	ck_assert_str_eq(hints[0].key, "p");
	ui_key_name(UI_KEY_CTRL('s'), name, sizeof(name));
	ck_assert_str_eq(name, "Ctrl-S");
	ui_key_name(UI_KEY_F(1), name, sizeof(name));
	ck_assert_str_eq(name, "F1");
	ui_key_name(UI_KEY_PAGE_DOWN, name, sizeof(name));
	ck_assert_str_eq(name, "PgDn");
	ui_key_name(' ', name, sizeof(name));
	ck_assert_str_eq(name, "Space");
	ui_key_name('/', name, sizeof(name));
	ck_assert_str_eq(name, "/");
}
END_TEST

/* ---- forms ---- */

static const ui_field_def admin_defs[] = {
	{"admin.full_name", "Full name", NULL, 0},
	{"admin.email", "E-mail", NULL, 0},
	{"admin.phone", "Phone", NULL, 0},
	{"products.flight", "Flights", NULL, 0},
	{"env.sandbox.api_key", "API key", NULL, 0},
};

#define NADMIN (sizeof(admin_defs) / sizeof(admin_defs[0]))

static void type(ui_form *f, const char *s)
{
	ui_textfield_insert(&f->v[f->focus].text, s, strlen(s));
}

START_TEST(test_form_masks_every_secret)
{
	/* Driven from libgtd's field table: whichever field it marks secret,
	 * the console shows masked (and never lets it be typed), with no
	 * console table to keep in step. */
	static const char value[] = "secret-0123456789-abcdef";
	char shown[128], *masked = gtd_mask_secret(value);
	size_t i, secrets = 0;

	ck_assert_ptr_nonnull(masked);
	for (i = 0; i < gtd_field_count; i++) {
		ui_field_def def = {gtd_fields[i].path, "Secret", NULL, 0};
		gtd_partner *p;
		ui_form f;

		if (!(gtd_fields[i].flags & GTD_FIELD_SECRET))
			continue;
		secrets++;
		p = gtd_partner_new("acme");
		ck_assert_ptr_nonnull(p);
		ck_assert_int_eq(gtd_partner_set(p, def.path, value, NULL), GTD_OK);
		ck_assert_int_eq(ui_form_init(&f, &def, 1), GTD_OK);
		ck_assert_int_eq(ui_form_load(&f, p), GTD_OK);
		ck_assert_msg(f.v[0].kind == UI_FIELD_SECRET, "%s is not a secret field", def.path);
		ck_assert(!ui_form_editable(&f, 0));
		ck_assert_int_eq(ui_field_shown(&f.v[0], 0, shown, sizeof(shown)), UI_SHOWN_SECRET);
		ck_assert_msg(strcmp(shown, masked) == 0, "%s shows %s", def.path, shown);
		/* Only r (reveal) shows it. */
		ck_assert_int_eq(ui_field_shown(&f.v[0], 1, shown, sizeof(shown)), UI_SHOWN_SECRET);
		ck_assert_str_eq(shown, value);
		ui_form_release(&f);
		gtd_partner_free(p);
	}
	ck_assert_uint_gt(secrets, 0);
	free(masked);
}
END_TEST

START_TEST(test_form_kinds_from_table)
{
	/* The kit's own fields are not typed, layouts are switched between
	 * the table's names, colours are colours. */
	static const ui_field_def defs[] = {
		{"revision", "Revision", NULL, 0},
		{"layout", "Layout", NULL, 0},
		{"theme.primary", "Primary", NULL, 0},
		{"env.sandbox.activated_at", "Activated", NULL, 1},
		{"no.such.field", "Unknown", NULL, 0},
	};
	gtd_partner *p = gtd_partner_new("acme");
	ui_form f;

	ck_assert_int_eq(ui_form_init(&f, defs, sizeof(defs) / sizeof(defs[0])), GTD_OK);
	ck_assert_int_eq(ui_form_load(&f, p), GTD_OK);
	ck_assert_int_eq(f.v[0].kind, UI_FIELD_READONLY);
	ck_assert_int_eq(f.v[1].kind, UI_FIELD_CHOICE);
	ck_assert_int_eq(f.v[2].kind, UI_FIELD_COLOUR);
	ck_assert_int_eq(f.v[3].kind, UI_FIELD_READONLY);
	ck_assert_int_eq(f.v[4].kind, UI_FIELD_READONLY);
	f.focus = 1;
	ck_assert_str_eq(ui_textfield_text(&f.v[1].text), "dual");
	ck_assert(ui_form_toggle(&f));
	ck_assert_str_eq(ui_textfield_text(&f.v[1].text), "single");
	ck_assert(ui_form_toggle(&f));
	ck_assert_str_eq(ui_textfield_text(&f.v[1].text), "dual");
	ui_form_release(&f);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_form_inline_error)
{
	gtd_partner *p = gtd_partner_new("acme"), *copy;
	ui_form f;

	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(ui_form_init(&f, admin_defs, NADMIN), GTD_OK);
	ck_assert_int_eq(ui_form_load(&f, p), GTD_OK);
	ck_assert(!ui_form_dirty(&f));
	ck_assert_str_eq(ui_textfield_text(&f.v[3].text), "true");
	f.editing = 1;
	type(&f, "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Lan");
	ui_form_next(&f);
	type(&f, "lan.acme.vn");
	ui_form_next(&f);   /* leaving the field checks it */
	ck_assert_ptr_nonnull(f.v[1].error);
	ck_assert_msg(strstr(f.v[1].error, "needs an '@'"), "%s", f.v[1].error);
	ck_assert_msg(strncmp(f.v[1].error, "admin.email", 11) != 0, "path not stripped: %s", f.v[1].error);
	ck_assert(ui_form_dirty(&f));
	/* Applying refuses that field only, and focuses it. */
	copy = gtd_partner_new("acme");
	ck_assert_uint_eq(ui_form_apply(&f, copy), 1);
	ck_assert_uint_eq(f.focus, 1);
	ck_assert_str_eq(copy->admin.full_name, "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Lan");
	ck_assert_ptr_null(copy->admin.email);
	gtd_partner_free(copy);
	/* Fixed, it passes and the message goes. */
	ui_textfield_set(&f.v[1].text, "lan@acme.vn");
	ck_assert(ui_form_check(&f, 1));
	ck_assert_ptr_null(f.v[1].error);
	f.focus = 3;
	f.editing = 0;
	ck_assert(ui_form_toggle(&f));
	ck_assert_str_eq(ui_textfield_text(&f.v[3].text), "false");
	copy = gtd_partner_new("acme");
	ck_assert_uint_eq(ui_form_apply(&f, copy), 0);
	ck_assert_int_eq(copy->products.flight, 0);
	ck_assert_str_eq(copy->admin.email, "lan@acme.vn");
	gtd_partner_free(copy);
	/* Secrets and booleans are not edited as text. */
	ck_assert(!ui_form_editable(&f, 4));
	ck_assert(!ui_form_editable(&f, 3));
	ck_assert(ui_form_editable(&f, 0));
	f.focus = 4;
	ck_assert(!ui_form_edit(&f, UI_ACT_NONE, 'x'));
	ui_form_release(&f);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_form_shows_what_is_stored)
{
	static const ui_field_def defs[] = {
		{"company.website", "Website", "https://", 0},
		{"company.name", "Name", NULL, 0},
	};
	gtd_partner *p = gtd_partner_new("acme");
	ui_form f;

	ck_assert_int_eq(ui_form_init(&f, defs, 2), GTD_OK);
	ck_assert_int_eq(ui_form_load(&f, p), GTD_OK);
	f.editing = 1;
	/* A bare host passes, and leaving the field shows it as it is stored. */
	type(&f, "dulich.example.vn");
	ui_form_next(&f);
	ck_assert_ptr_null(f.v[0].error);
	ck_assert_str_eq(ui_textfield_text(&f.v[0].text), "https://dulich.example.vn");
	ck_assert(ui_form_field_changed(&f, 0));
	ck_assert_uint_eq(ui_form_apply(&f, p), 0);
	ck_assert_str_eq(p->company.website, "https://dulich.example.vn");
	/* What is not a host keeps its text and says why. */
	ui_textfield_set(&f.v[0].text, "dulich");
	ck_assert(!ui_form_check(&f, 0));
	ck_assert_str_eq(ui_textfield_text(&f.v[0].text), "dulich");
	ck_assert_ptr_nonnull(f.v[0].error);
	/* Text is left as typed. */
	ui_textfield_set(&f.v[1].text, "  Acme ");
	ck_assert(ui_form_check(&f, 1));
	ck_assert_str_eq(ui_textfield_text(&f.v[1].text), "  Acme ");
	ui_form_release(&f);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_form_rebase)
{
	gtd_partner *mine = gtd_partner_new("acme"), *theirs = gtd_partner_new("acme");
	gtd_err err;
	ui_form f;

	ck_assert_int_eq(gtd_partner_set(mine, "admin.phone", "0912345678", &err), GTD_OK);
	ck_assert_int_eq(ui_form_init(&f, admin_defs, NADMIN), GTD_OK);
	ui_form_load(&f, mine);
	f.focus = 0;
	f.editing = 1;
	type(&f, VIET);
	/* Someone else saved a new e-mail and phone meanwhile. */
	ck_assert_int_eq(gtd_partner_set(theirs, "admin.email", "it@acme.vn", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(theirs, "admin.phone", "0987654321", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(theirs, "admin.full_name", "Lan", &err), GTD_OK);
	ck_assert_uint_eq(ui_form_rebase(&f, theirs), 1);
	/* Their values where we changed nothing, our edit kept over theirs. */
	ck_assert_str_eq(ui_textfield_text(&f.v[0].text), VIET);
	ck_assert_str_eq(ui_textfield_text(&f.v[1].text), "it@acme.vn");
	ck_assert_str_eq(ui_textfield_text(&f.v[2].text), "0987654321");
	ck_assert(ui_form_field_changed(&f, 0));
	ck_assert(!ui_form_field_changed(&f, 1));
	ck_assert_uint_eq(ui_form_apply(&f, theirs), 0);
	ck_assert_str_eq(theirs->admin.full_name, VIET);
	ck_assert_str_eq(theirs->admin.email, "it@acme.vn");
	ui_form_release(&f);
	gtd_partner_free(mine);
	gtd_partner_free(theirs);
}
END_TEST

START_TEST(test_form_edit_keys)
{
	gtd_partner *p = gtd_partner_new("acme");
	ui_form f;

	ck_assert_int_eq(ui_form_init(&f, admin_defs, NADMIN), GTD_OK);
	ui_form_load(&f, p);
	f.editing = 1;
	ck_assert(ui_form_edit(&f, UI_ACT_NONE, 'V'));
	ck_assert(ui_form_edit(&f, UI_ACT_NONE, 'i'));
	ck_assert(ui_form_edit(&f, UI_ACT_NONE, 0x1ec7));
	ck_assert(ui_form_edit(&f, UI_ACT_NONE, 't'));
	ck_assert(!ui_form_edit(&f, UI_ACT_NONE, UI_KEY_UP));
	ck_assert(!ui_form_edit(&f, UI_ACT_NONE, UI_KEY_CTRL('x')));
	ck_assert_str_eq(ui_textfield_text(&f.v[0].text), VIET);
	ck_assert(ui_form_edit(&f, UI_ACT_CURSOR_LEFT, 0));
	ck_assert(ui_form_edit(&f, UI_ACT_DELETE_BACK, 0));
	ck_assert_str_eq(ui_textfield_text(&f.v[0].text), "Vit");
	ck_assert(ui_form_edit(&f, UI_ACT_KILL_START, 0));
	ck_assert_str_eq(ui_textfield_text(&f.v[0].text), "t");
	/* Tab into a field that is not text stops editing. */
	ui_form_next(&f);
	ui_form_next(&f);
	ui_form_next(&f);
	ck_assert_uint_eq(f.focus, 3);
	ck_assert_int_eq(f.editing, 0);
	ui_form_next(&f);
	ui_form_next(&f);
	ck_assert_uint_eq(f.focus, 0);
	ui_form_prev(&f);
	ck_assert_uint_eq(f.focus, NADMIN - 1);
	ck_assert_str_eq(ui_form_strip_path("admin.email: bad", "admin.email"), "bad");
	ck_assert_str_eq(ui_form_strip_path("other: bad", "admin.email"), "other: bad");
	ui_form_release(&f);
	gtd_partner_free(p);
}
END_TEST

/* ---- the onboarding gate ---- */

static void set_ok(gtd_partner *p, const char *path, const char *value)
{
	gtd_err err = {GTD_OK, ""};

	ck_assert_msg(gtd_partner_set(p, path, value, &err) == GTD_OK, "set %s: %s", path, err.msg);
}

/* The console in Vietnamese, from the build tree's catalogue (make check
 * sets top_builddir); 0 when there is none to use. */
static int use_vietnamese(void)
{
	const char *top = getenv("top_builddir");
	char dir[4096];

	if (!top || !*top)
		return 0;
	snprintf(dir, sizeof(dir), "%s/po/locale", top);
	setenv("LANGUAGE", "vi", 1);
	bindtextdomain("gtd-kit", dir);
	bind_textdomain_codeset("gtd-kit", "UTF-8");
	textdomain("gtd-kit");
	return 1;
}

START_TEST(test_step_texts_translated)
{
	/* Step names and checklist items go through gettext like the rest of
	 * the console; the catalogue says what codes.h's Vietnamese column
	 * says, which the bilingual export and reference pages print. */
	const gtd_check_item *item;
	gtd_partner *p = gtd_partner_new("acme");
	char msg[1024];
	int i;

	if (!use_vietnamese()) {
		gtd_partner_free(p);
		return;
	}
	for (i = 0; i < GTD_STEP_COUNT; i++) {
		ck_assert_str_eq(gettext(gtd_steps[i].en), gtd_steps[i].vi);
		for (item = gtd_steps[i].checklist; item->id; item++) {
			const gtd_need *need[GTD_NEEDS_MAX];
			size_t n = gtd_check_item_missing(p, item, need, GTD_NEEDS_MAX, NULL), k;

			ck_assert_str_eq(gettext(item->en), item->vi);
			/* The fields' names too, which say what exactly is missing. */
			for (k = 0; k < n; k++)
				if (need[k]->en)
					ck_assert_str_eq(gettext(need[k]->en), need[k]->vi);
		}
	}
	ck_assert_int_eq(gtd_partner_set(p, "company.name", VN_COMPANY, NULL), GTD_OK);
	ui_need_text(p, &gtd_steps[0].checklist[0], msg, sizeof(msg));
	ck_assert_str_eq(msg, "\xc4\x90\xe1\xbb\x8b" "a ch\xe1\xbb\x89 c\xc3\xb4ng ty, Website c\xc3\xb4ng ty");
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "", NULL), GTD_OK);
	ck_assert_uint_eq(ui_step_gate_message(p, 1, msg, sizeof(msg)), 4);
	ck_assert_msg(strstr(msg, gtd_steps[0].vi), "%s", msg);
	ck_assert_msg(strstr(msg, gtd_steps[0].checklist[0].vi), "%s", msg);
	ck_assert_msg(!strstr(msg, "it needs"), "half English: %s", msg);
	ck_assert_str_eq(ui_step_status_text(GTD_STEP_IN_PROGRESS), "đang thực hiện");
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_step_gate)
{
	gtd_partner *p = gtd_partner_new("acme");
	char msg[1024], *pem;
	gtd_err err;

	ck_assert_uint_eq(ui_step_gate_message(p, 1, msg, sizeof(msg)), 4);
	ck_assert_msg(strstr(msg, "Step 1 (Account initialisation) cannot be marked done yet: it needs "), "%s",
		      msg);
	ck_assert_msg(strstr(msg, "Company name, address and website; Administrator's full name, e-mail and phone; "
				  "Product page and payment gateway links; Partner's RSA public key (at least 1024 bits)."),
		      "%s", msg);
	set_ok(p, "company.name", VN_COMPANY);
	/* Exactly what is missing: the name is there. */
	ck_assert_uint_eq(ui_need_text(p, &gtd_steps[0].checklist[0], msg, sizeof(msg)), 2);
	ck_assert_str_eq(msg, "Company address, Company website");
	ck_assert_uint_eq(ui_step_gate_message(p, 1, msg, sizeof(msg)), 4);
	ck_assert_msg(strstr(msg, "it needs Company address, Company website; Administrator's full name, "
				  "e-mail and phone; "), "%s", msg);
	ck_assert_msg(!strstr(msg, "Company name"), "%s", msg);
	set_ok(p, "company.address", "12 Ly Thuong Kiet, Ha Noi");
	ck_assert_uint_eq(ui_need_text(p, &gtd_steps[0].checklist[0], msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "Company website");
	/* One field of its own: the item's text, which says the key's size. */
	ck_assert_uint_eq(ui_need_text(p, &gtd_steps[0].checklist[3], msg, sizeof(msg)), 1);
	ck_assert_str_eq(msg, "Partner's RSA public key (at least 1024 bits)");
	/* A short buffer is cut, never overrun. */
	ui_need_text(p, &gtd_steps[0].checklist[1], msg, 5);
	ck_assert_uint_eq(strlen(msg), 4);
	set_ok(p, "company.website", "https://acme.vn");
	set_ok(p, "admin.full_name", "Lan");
	set_ok(p, "admin.email", "lan@acme.vn");
	set_ok(p, "admin.phone", "0912345678");
	set_ok(p, "links.product_url", "https://acme.vn/travel");
	ck_assert_uint_eq(ui_step_gate_message(p, 1, msg, sizeof(msg)), 2);
	ck_assert_msg(strstr(msg, "it needs Payment gateway link; Partner's RSA"), "%s", msg);
	ck_assert(!strstr(msg, "Company"));
	set_ok(p, "links.payment_url", "https://pay.acme.vn");
	pem = data_read("kat1024.pub.pem", NULL);
	set_ok(p, "partner_key.pem", pem);
	free(pem);
	ck_assert_uint_eq(ui_step_gate_message(p, 1, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "Step 1 (Account initialisation) has everything it needs: press d to mark it done.");
	ck_assert_int_eq(gtd_partner_step_done(p, 1, NULL, 1714552200, &err), GTD_OK);
	ck_assert_uint_eq(ui_step_gate_message(p, 1, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "Step 1 (Account initialisation) is done.");
	ck_assert_uint_eq(ui_step_gate_message(p, 2, msg, sizeof(msg)), 3);
	ck_assert_msg(strstr(msg, "Step 2 (Sandbox account) cannot be marked done yet: it needs Sandbox gateway URL"),
		      "%s", msg);
	/* The last step is said alike. */
	ck_assert_uint_eq(ui_step_gate_message(p, 5, msg, sizeof(msg)), 2);
	ck_assert_msg(strstr(msg, "Step 5 (Training and customer support) cannot be marked done yet: it needs "),
		      "%s", msg);
	/* A short buffer is cut, never overrun. */
	ck_assert_uint_eq(ui_step_gate_message(p, 2, msg, 10), 3);
	ck_assert_uint_eq(strlen(msg), 9);
	ck_assert_uint_eq(ui_step_gate_message(p, 0, msg, sizeof(msg)), 0);
	ck_assert_str_eq(msg, "");
	ck_assert_uint_eq(ui_step_gate_message(p, 6, msg, sizeof(msg)), 0);
	gtd_partner_free(p);
}
END_TEST

static Suite *tui_suite(void)
{
	Suite *s = suite_create("tui");
	TCase *tc;

	tc = tcase_create("layout");
	tcase_add_loop_test(tc, test_layout_sizes, 0, sizeof(sizes) / sizeof(sizes[0]));
	tcase_add_test(tc, test_layout_too_small_dialog);
	tcase_add_test(tc, test_layout_long_status);
	tcase_add_test(tc, test_layout_form);
	tcase_add_test(tc, test_layout_columns);
	tcase_add_test(tc, test_layout_scroll);
	suite_add_tcase(s, tc);
	tc = tcase_create("textfield");
	tcase_add_test(tc, test_textfield_viet);
	tcase_add_test(tc, test_textfield_combining);
	tcase_add_test(tc, test_textfield_paste);
	tcase_add_test(tc, test_textfield_limit);
	tcase_add_test(tc, test_textfield_kill);
	tcase_add_test(tc, test_textfield_view);
	tcase_add_test(tc, test_text_cut);
	tcase_add_test(tc, test_text_clean_wrap);
	tcase_add_test(tc, test_text_match);
	suite_add_tcase(s, tc);
	tc = tcase_create("keys");
	tcase_add_test(tc, test_keys_unique);
	tcase_add_test(tc, test_keys_help);
	tcase_add_test(tc, test_keys_resolve);
	suite_add_tcase(s, tc);
	tc = tcase_create("form");
	tcase_add_test(tc, test_form_masks_every_secret);
	tcase_add_test(tc, test_form_kinds_from_table);
	tcase_add_test(tc, test_form_inline_error);
	tcase_add_test(tc, test_form_shows_what_is_stored);
	tcase_add_test(tc, test_form_rebase);
	tcase_add_test(tc, test_form_edit_keys);
	tcase_add_test(tc, test_step_gate);
	tcase_add_test(tc, test_step_texts_translated);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(tui_suite)
