#include "utf8.h"

#include <string.h>
#include <wchar.h>

size_t gtd_utf8_decode(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	c = u[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		n = 2, c &= 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		n = 3, c &= 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int gtd_utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	unsigned cp;

	while (i < len) {
		size_t n = gtd_utf8_decode(s + i, len - i, &cp);

		if (n == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += n;
	}
	return 1;
}

/* wcwidth() depends on the locale; the console sets a UTF-8 one, and in the
 * C locale we fall back to "one column per character" rather than -1. */
static size_t cp_width(unsigned cp)
{
	int w = wcwidth((wchar_t)cp);

	if (w >= 0)
		return (size_t)w;
	if (cp >= 0x300 && cp <= 0x36f)   /* combining diacritics */
		return 0;
	return cp < 0x20 ? 0 : 1;
}

size_t gtd_utf8_fit(const char *s, size_t cols, size_t *used)
{
	size_t i = 0, w = 0, len = strlen(s);

	while (i < len) {
		unsigned cp;
		size_t n = gtd_utf8_decode(s + i, len - i, &cp), cw;

		if (n == 0) {
			n = 1;
			cw = 1;
		} else {
			cw = cp_width(cp);
		}
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

size_t gtd_utf8_width(const char *s)
{
	size_t used;

	gtd_utf8_fit(s, (size_t)-1, &used);
	return used;
}
