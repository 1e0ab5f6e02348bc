#include "b64.h"

#include <stdint.h>
#include <stdlib.h>

static const char std_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url_chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *gtd_b64_encode(const unsigned char *in, size_t len, gtd_b64_alphabet a)
{
	const char *chars = a == GTD_B64_URL ? url_chars : std_chars;
	size_t i, o = 0;
	char *out;

	if (len > (SIZE_MAX - 1) / 4 * 3 - 3)
		return NULL;
	out = malloc((len + 2) / 3 * 4 + 1);
	if (!out)
		return NULL;
	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
		out[o++] = chars[v >> 18 & 63];
		out[o++] = chars[v >> 12 & 63];
		out[o++] = chars[v >> 6 & 63];
		out[o++] = chars[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)in[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		out[o++] = chars[v >> 18 & 63];
		out[o++] = chars[v >> 12 & 63];
		if (i + 1 < len)
			out[o++] = chars[v >> 6 & 63];
		if (a == GTD_B64_STD) {
			if (i + 1 >= len)
				out[o++] = '=';
			out[o++] = '=';
		}
	}
	out[o] = '\0';
	return out;
}

/* Value of c in the alphabet; *kind is 1 for standard-only, 2 for URL-only,
 * 0 for characters both share.  -1 when c is not base64 at all. */
static int value_of(unsigned char c, int *kind)
{
	*kind = 0;
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '/') {
		*kind = 1;
		return c == '+' ? 62 : 63;
	}
	if (c == '-' || c == '_') {
		*kind = 2;
		return c == '-' ? 62 : 63;
	}
	return -1;
}

gtd_status gtd_b64_decode(const char *in, size_t len, unsigned char **out,
			  size_t *outlen, gtd_err *err)
{
	size_t i, n = len, o = 0;
	int seen_kind = 0;
	unsigned char *buf;
	uint32_t acc = 0;
	int bits = 0;

	*out = NULL;
	*outlen = 0;
	/* Padding is optional, but when present it must close the text. */
	while (n > 0 && in[n - 1] == '=' && len - n < 2)
		n--;
	buf = malloc(n / 4 * 3 + 3);
	if (!buf)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory decoding base64");
	for (i = 0; i < n; i++) {
		int kind, v = value_of((unsigned char)in[i], &kind);

		if (v < 0) {
			free(buf);
			if (in[i] == '=')
				return gtd_err_set(err, GTD_EINVAL,
						   "base64 padding '=' in the middle, at offset %zu", i);
			return gtd_err_set(err, GTD_EINVAL,
					   "character 0x%02x at offset %zu is not base64",
					   (unsigned char)in[i], i);
		}
		if (kind && seen_kind && kind != seen_kind) {
			free(buf);
			return gtd_err_set(err, GTD_EINVAL,
					   "base64 mixes the standard (+/) and URL-safe (-_) alphabets at offset %zu", i);
		}
		if (kind)
			seen_kind = kind;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[o++] = (unsigned char)(acc >> bits);
		}
	}
	/* Checked after the characters, whose errors are the more precise. */
	if (n % 4 == 1 || (n != len && len % 4 != 0)) {
		free(buf);
		if (n % 4 == 1)
			return gtd_err_set(err, GTD_EINVAL,
					   "base64 text is truncated: %zu characters cannot encode whole bytes", n);
		return gtd_err_set(err, GTD_EINVAL,
				   "base64 padding does not end a 4-character group (length %zu)", len);
	}
	*out = buf;
	*outlen = o;
	return GTD_OK;
}
