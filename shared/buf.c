#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gtd_buf_init(gtd_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
	b->st = GTD_OK;
}

void gtd_buf_release(gtd_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->st = GTD_OK;
}

void gtd_buf_reset(gtd_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

gtd_status gtd_buf_status(const gtd_buf *b)
{
	return b->st;
}

void gtd_buf_fail(gtd_buf *b, gtd_status st)
{
	if (b->st != GTD_OK || st == GTD_OK)
		return;
	/* Wiped: some buffers hold key material, and their owners' cleanse
	 * before release finds nothing left to wipe. */
	if (b->data)
		explicit_bzero(b->data, b->alloc);
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->st = st;
}

static gtd_status fail(gtd_buf *b, gtd_status st)
{
	gtd_buf_fail(b, st);
	return st;
}

static gtd_status grow_slow(gtd_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (b->st != GTD_OK)
		return b->st;
	if (extra > b->max || b->len > b->max - extra)
		return fail(b, GTD_EINVAL);
	need = b->len + extra + 1;
	if (need <= b->alloc)
		return GTD_OK;
	/* 1 KiB first: most contents (an answer, a record field) fit at once. */
	cap = b->alloc ? b->alloc : 1024;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (cap > b->max + 1)
		cap = b->max + 1;
	p = realloc(b->data, cap);
	if (!p)
		return fail(b, GTD_ENOMEM);
	b->data = p;
	b->alloc = cap;
	return GTD_OK;
}

/* Room for extra more bytes and the NUL.  Inline for the common case: the
 * mock's answers are a few hundred small appends.  A failed buffer has no
 * storage, so it always takes the slow path, which returns its error. */
static inline gtd_status grow(gtd_buf *b, size_t extra)
{
	if (b->alloc > b->len && extra < b->alloc - b->len && b->len + extra <= b->max)
		return GTD_OK;
	return grow_slow(b, extra);
}

gtd_status gtd_buf_add(gtd_buf *b, const void *mem, size_t len)
{
	gtd_status st = grow(b, len);

	if (st != GTD_OK)
		return st;
	if (len)
		memcpy(b->data + b->len, mem, len);
	b->len += len;
	b->data[b->len] = '\0';
	return GTD_OK;
}

gtd_status gtd_buf_adds(gtd_buf *b, const char *s)
{
	return gtd_buf_add(b, s, strlen(s));
}

gtd_status gtd_buf_addc(gtd_buf *b, char c)
{
	return gtd_buf_add(b, &c, 1);
}

gtd_status gtd_buf_vprintf(gtd_buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	gtd_status st;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return b->st != GTD_OK ? b->st : fail(b, GTD_EINVAL);
	st = grow(b, (size_t)n);
	if (st != GTD_OK)
		return st;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return GTD_OK;
}

gtd_status gtd_buf_printf(gtd_buf *b, const char *fmt, ...)
{
	va_list ap;
	gtd_status st;

	va_start(ap, fmt);
	st = gtd_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

gtd_status gtd_buf_add_html(gtd_buf *b, const char *s)
{
	gtd_status st = b->st;

	for (; *s && st == GTD_OK; s++) {
		switch (*s) {
		case '&': st = gtd_buf_adds(b, "&amp;"); break;
		case '<': st = gtd_buf_adds(b, "&lt;"); break;
		case '>': st = gtd_buf_adds(b, "&gt;"); break;
		case '"': st = gtd_buf_adds(b, "&quot;"); break;
		case '\'': st = gtd_buf_adds(b, "&#39;"); break;
		default: st = gtd_buf_addc(b, *s); break;
		}
	}
	return st;
}

/* The extra bytes a JSON string needs for each byte (0: none); NUL is
 * non-zero so the scan stops at the end. */
static const unsigned char json_escape[256] = {
	1, 5, 5, 5, 5, 5, 5, 5, 1, 1, 1, 5, 1, 1, 5, 5,     /* \b \t \n \f \r: 1 */
	5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,     /* others: \u00XX */
	['"'] = 1, ['\\'] = 1,
};

gtd_status gtd_buf_add_json(gtd_buf *b, const char *s)
{
	size_t len = 0, extra = 2;
	gtd_status st;
	char *p;

	/* Measure first: escapes are rare, and then it is one copy.  Bytes
	 * needing none (the table's zeros) are skipped four at a time. */
	for (;;) {
		const unsigned char *u = (const unsigned char *)s + len;
		unsigned char c;

		while (!json_escape[u[0]] && !json_escape[u[1]] && !json_escape[u[2]] &&
		       !json_escape[u[3]])
			u += 4;
		while (!json_escape[*u])
			u++;
		len = (size_t)((const char *)u - s);
		if (!(c = *u))
			break;
		extra += json_escape[c];
		len++;
	}
	if (len > SIZE_MAX - extra)
		return b->st != GTD_OK ? b->st : fail(b, GTD_EINVAL);
	if ((st = grow(b, len + extra)) != GTD_OK)
		return st;
	p = b->data + b->len;
	*p++ = '"';
	if (extra == 2) {
		memcpy(p, s, len);
		p += len;
	} else {
		for (; *s; s++) {
			unsigned char c = (unsigned char)*s;
			static const char hex[] = "0123456789abcdef";

			if (!json_escape[c]) {
				*p++ = (char)c;
				continue;
			}
			*p++ = '\\';
			switch (c) {
			case '"': *p++ = '"'; break;
			case '\\': *p++ = '\\'; break;
			case '\b': *p++ = 'b'; break;
			case '\f': *p++ = 'f'; break;
			case '\n': *p++ = 'n'; break;
			case '\r': *p++ = 'r'; break;
			case '\t': *p++ = 't'; break;
			default:
				memcpy(p, "u00", 3);
				p[3] = hex[c >> 4];
				p[4] = hex[c & 15];
				p += 5;
				break;
			}
		}
	}
	*p++ = '"';
	*p = '\0';
	b->len = (size_t)(p - b->data);
	return GTD_OK;
}

char *gtd_buf_detach(gtd_buf *b)
{
	char *p = b->data;

	if (b->st == GTD_OK && !p)
		p = calloc(1, 1);
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->st = GTD_OK;
	return p;
}

const char *gtd_buf_str(const gtd_buf *b)
{
	return b->data ? b->data : "";
}
