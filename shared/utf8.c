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

size_t gtd_utf8_bad_len(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;
	unsigned cp;

	if (len == 0 || gtd_utf8_decode(s, len, &cp))
		return 0;
	/* The second byte's range depends on the first: that is what rules
	 * out overlongs (E0, F0), surrogates (ED) and beyond U+10FFFF (F4). */
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3, lo = u[0] == 0xe0 ? 0xa0 : 0x80, hi = u[0] == 0xed ? 0x9f : 0xbf;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4, lo = u[0] == 0xf0 ? 0x90 : 0x80, hi = u[0] == 0xf4 ? 0x8f : 0xbf;
	else
		return 1;   /* a continuation byte, C0, C1, F5..FF: never a start */
	for (i = 1; i < n && i < len; i++, lo = 0x80, hi = 0xbf)
		if (u[i] < lo || u[i] > hi)
			break;
	return i;
}

size_t gtd_utf8_encode(unsigned cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	out[0] = (char)(0xf0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Base letters of U+00C0..U+00FF; '*' keeps the character (x, ÷, þ...). */
static const char latin1_base[] =
	"aaaaaaaceeeeiiii" "dnooooo*ouuuuy*s"
	"aaaaaaaceeeeiiii" "dnooooo*ouuuuy*y";

unsigned gtd_utf8_fold(unsigned cp)
{
	/* Vietnamese's letters beyond Latin-1: Latin Extended-A/B and the
	 * Latin Extended Additional block, by base letter. */
	static const struct {
		unsigned lo, hi;
		char base;
	} ranges[] = {
		{0x1ea0, 0x1eb7, 'a'}, {0x1eb8, 0x1ec7, 'e'}, {0x1ec8, 0x1ecb, 'i'},
		{0x1ecc, 0x1ee3, 'o'}, {0x1ee4, 0x1ef1, 'u'}, {0x1ef2, 0x1ef9, 'y'},
		{0x0102, 0x0103, 'a'}, {0x0110, 0x0111, 'd'}, {0x0128, 0x0129, 'i'},
		{0x0168, 0x0169, 'u'}, {0x01a0, 0x01a1, 'o'}, {0x01af, 0x01b0, 'u'},
	};
	size_t i;

	if (cp >= 'A' && cp <= 'Z')
		return cp + ('a' - 'A');
	if (cp >= 0xc0 && cp <= 0xff)
		return latin1_base[cp - 0xc0] == '*' ? cp : (unsigned)latin1_base[cp - 0xc0];
	if (cp >= 0x300 && cp <= 0x36f)
		return 0;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return (unsigned)ranges[i].base;
	return cp;
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
