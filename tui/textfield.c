#include "textfield.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* The folded copies ui_text_match() compares; longer text is compared by
 * its first part, which is all a filter on names ever needs. */
#define FOLD_MAX 1024

/* Longest UTF-8 sequence. */
#define UTF8_MAX 4

/* One character of s[0..len) at s: its length in bytes (1 for a malformed
 * byte, which then stands for itself). */
static size_t char_len(const char *s, size_t len)
{
	unsigned cp;
	size_t n = gtd_utf8_decode(s, len, &cp);

	return n ? n : 1;
}

/* Display width of the n bytes at s, measured by libgtd's one rule. */
static size_t width_n(const char *s, size_t n)
{
	char one[UTF8_MAX + 1];
	size_t i = 0, w = 0;

	while (i < n) {
		size_t k = char_len(s + i, n - i);

		memcpy(one, s + i, k);
		one[k] = '\0';
		w += gtd_utf8_width(one);
		i += k;
	}
	return w;
}

/* Start of the character that ends at byte off (off > 0). */
static size_t prev_char(const char *s, size_t off)
{
	size_t i = off - 1;

	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80 && off - i < UTF8_MAX)
		i--;
	return i;
}

/* Start of the character cluster before off: the last letter with the
 * zero-width marks that follow it. */
static size_t prev_cluster(const char *s, size_t off)
{
	size_t i = off;

	while (i > 0) {
		size_t p = prev_char(s, i);
		size_t w = width_n(s + p, i - p);

		i = p;
		if (w > 0)
			break;
	}
	return i;
}

/* End of the character cluster at off in s[0..len). */
static size_t next_cluster(const char *s, size_t len, size_t off)
{
	size_t i = off;

	if (i >= len)
		return len;
	i += char_len(s + i, len - i);
	while (i < len) {
		size_t k = char_len(s + i, len - i);

		if (width_n(s + i, k) > 0)
			break;
		i += k;
	}
	return i;
}

gtd_status ui_textfield_init(ui_textfield *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max ? max : UI_TEXT_MAX;
	t->buf = malloc(t->max + 1);
	if (!t->buf)
		return GTD_ENOMEM;
	t->buf[0] = '\0';
	return GTD_OK;
}

void ui_textfield_release(ui_textfield *t)
{
	free(t->buf);
	memset(t, 0, sizeof(*t));
}

const char *ui_textfield_text(const ui_textfield *t)
{
	return t->buf ? t->buf : "";
}

gtd_status ui_textfield_set(ui_textfield *t, const char *s)
{
	t->len = t->cur = t->scroll = 0;
	t->buf[0] = '\0';
	return s ? ui_textfield_insert(t, s, strlen(s)) : GTD_OK;
}

gtd_status ui_textfield_insert(ui_textfield *t, const char *s, size_t len)
{
	char clean[UTF8_MAX];
	gtd_status st = GTD_OK;
	size_t i = 0;

	while (i < len) {
		unsigned cp;
		size_t n = gtd_utf8_decode(s + i, len - i, &cp), k;

		if (n == 0) {        /* malformed: dropped */
			i++;
			continue;
		}
		i += n;
		if (cp == '\t' || cp == '\n' || cp == '\r')
			cp = ' ';
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			continue;
		k = gtd_utf8_encode(cp, clean);
		if (k == 0)
			continue;
		if (t->len + k > t->max) {
			st = GTD_EINVAL;
			break;
		}
		memmove(t->buf + t->cur + k, t->buf + t->cur, t->len - t->cur + 1);
		memcpy(t->buf + t->cur, clean, k);
		t->len += k;
		t->cur += k;
	}
	return st;
}

gtd_status ui_textfield_insert_cp(ui_textfield *t, unsigned cp)
{
	char s[UTF8_MAX];
	size_t n = gtd_utf8_encode(cp, s);

	return n ? ui_textfield_insert(t, s, n) : GTD_EINVAL;
}

/* Removes bytes [from, to) and puts the cursor at from. */
static int cut(ui_textfield *t, size_t from, size_t to)
{
	if (from >= to)
		return 0;
	memmove(t->buf + from, t->buf + to, t->len - to + 1);
	t->len -= to - from;
	t->cur = from;
	return 1;
}

int ui_textfield_backspace(ui_textfield *t)
{
	return t->cur > 0 && cut(t, prev_cluster(t->buf, t->cur), t->cur);
}

int ui_textfield_delete(ui_textfield *t)
{
	return t->cur < t->len && cut(t, t->cur, next_cluster(t->buf, t->len, t->cur));
}

int ui_textfield_left(ui_textfield *t)
{
	if (t->cur == 0)
		return 0;
	t->cur = prev_cluster(t->buf, t->cur);
	return 1;
}

int ui_textfield_right(ui_textfield *t)
{
	if (t->cur >= t->len)
		return 0;
	t->cur = next_cluster(t->buf, t->len, t->cur);
	return 1;
}

int ui_textfield_home(ui_textfield *t)
{
	int moved = t->cur != 0;

	t->cur = 0;
	return moved;
}

int ui_textfield_end(ui_textfield *t)
{
	int moved = t->cur != t->len;

	t->cur = t->len;
	return moved;
}

int ui_textfield_kill_start(ui_textfield *t)
{
	return cut(t, 0, t->cur);
}

int ui_textfield_kill_end(ui_textfield *t)
{
	size_t cur = t->cur;
	int changed = cut(t, t->cur, t->len);

	t->cur = cur;
	return changed;
}

int ui_textfield_kill_word(ui_textfield *t)
{
	size_t i = t->cur;

	while (i > 0 && t->buf[i - 1] == ' ')
		i--;
	while (i > 0 && t->buf[i - 1] != ' ')
		i = prev_char(t->buf, i);
	return cut(t, i, t->cur);
}

size_t ui_textfield_cursor_col(const ui_textfield *t)
{
	return width_n(t->buf, t->cur);
}

void ui_textfield_view(ui_textfield *t, size_t width, size_t *start, size_t *nbytes,
		       size_t *cursor_x)
{
	size_t col = ui_textfield_cursor_col(t), i = 0, c = 0;

	*start = *nbytes = *cursor_x = 0;
	if (width == 0)
		return;
	if (width_n(t->buf, t->len) < width)
		t->scroll = 0;
	else if (col < t->scroll)
		t->scroll = col;
	else if (col >= t->scroll + width)
		t->scroll = col - width + 1;
	/* The first character that starts at or after the scroll column. */
	while (i < t->len && c < t->scroll) {
		size_t k = char_len(t->buf + i, t->len - i);

		c += width_n(t->buf + i, k);
		i += k;
	}
	t->scroll = c;
	*start = i;
	*nbytes = gtd_utf8_fit(t->buf + i, width, NULL);
	*cursor_x = col - c;
}

size_t ui_text_cut(const char *s, size_t cols, size_t *width, int *ellipsis)
{
	size_t w = gtd_utf8_width(s), n;

	*ellipsis = 0;
	if (w <= cols) {
		if (width)
			*width = w;
		return strlen(s);
	}
	if (cols == 0) {
		if (width)
			*width = 0;
		return 0;
	}
	n = gtd_utf8_fit(s, cols - 1, width);
	*ellipsis = 1;
	return n;
}

void ui_text_clean(const char *s, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0;

	if (size == 0)
		return;
	while (i < len) {
		unsigned cp;
		size_t n = gtd_utf8_decode(s + i, len - i, &cp);
		const char *src = s + i;
		size_t k = n;

		if (n == 0 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || (cp < 0x20 && cp != '\t' &&
									  cp != '\n' && cp != '\r')) {
			src = "?";
			k = 1;
		} else if (cp < 0x20) {
			src = " ";
			k = 1;
		}
		if (o + k >= size)
			break;
		memcpy(out + o, src, k);
		o += k;
		i += n ? n : 1;
	}
	out[o] = '\0';
}

size_t ui_text_wrap(const char *s, size_t cols, size_t *next)
{
	size_t len = strlen(s), i = 0, w = 0, space = 0;
	int have_space = 0;

	while (i < len) {
		size_t k, cw;

		if (s[i] == '\n') {
			*next = i + 1;
			return i;
		}
		k = char_len(s + i, len - i);
		cw = width_n(s + i, k);
		if (w + cw > cols && i > 0) {
			if (have_space && space > 0) {
				size_t j = space;

				while (j < len && s[j] == ' ')
					j++;
				*next = j;
				return space;
			}
			for (*next = i; s[*next] == ' '; (*next)++)
				;
			return i;
		}
		if (s[i] == ' ') {
			space = i;
			have_space = 1;
		}
		w += cw;
		i += k;
	}
	*next = len;
	return len;
}

size_t ui_text_wrap_lines(const char *s, size_t cols)
{
	size_t lines = 0, next;

	/* The loop ui_draw_wrapped() draws with. */
	while (s && *s) {
		ui_text_wrap(s, cols ? cols : 1, &next);
		lines++;
		if (next == 0)
			break;
		s += next;
	}
	return lines;
}

void ui_text_fold(const char *s, char *out, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0;

	if (size == 0)
		return;
	while (i < len) {
		char enc[UTF8_MAX];
		unsigned cp;
		size_t n = gtd_utf8_decode(s + i, len - i, &cp), k;

		if (n == 0) {
			i++;
			continue;
		}
		i += n;
		cp = gtd_utf8_fold(cp);
		if (cp == 0)
			continue;
		k = gtd_utf8_encode(cp, enc);
		if (o + k >= size)
			break;
		memcpy(out + o, enc, k);
		o += k;
	}
	out[o] = '\0';
}

int ui_text_match(const char *haystack, const char *needle)
{
	char h[FOLD_MAX], n[FOLD_MAX];

	if (!needle || !*needle)
		return 1;
	if (!haystack)
		return 0;
	ui_text_fold(haystack, h, sizeof(h));
	ui_text_fold(needle, n, sizeof(n));
	return strstr(h, n) != NULL;
}
