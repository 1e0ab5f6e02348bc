#include "mask.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "buf.h"

#define MASK_SHOWN 4               /* characters shown at each end */
#define MASK_HIDDEN "********"
#define MASK_GAP "\xe2\x80\xa6"    /* U+2026 HORIZONTAL ELLIPSIS */

/* Byte offset where the last n characters of s[0..len) start. */
static size_t tail_start(const char *s, size_t len, size_t n)
{
	size_t i = len;

	while (n > 0 && i > 0) {
		i--;
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n--;
	}
	return i;
}

char *gtd_mask_secret(const char *value)
{
	size_t len, chars = 0, i, head;
	gtd_buf b;

	if (!value)
		return NULL;
	len = strlen(value);
	for (i = 0; i < len; i++)
		if (((unsigned char)value[i] & 0xc0) != 0x80)
			chars++;
	if (chars == 0)
		return strdup("");
	/* Showing both ends only when at least half stays hidden. */
	if (chars < 4 * MASK_SHOWN)
		return strdup(MASK_HIDDEN);
	/* The last chars - MASK_SHOWN characters start after the first ones. */
	head = tail_start(value, len, chars - MASK_SHOWN);
	gtd_buf_init(&b, len + sizeof(MASK_GAP));
	if (gtd_buf_add(&b, value, head) != GTD_OK || gtd_buf_adds(&b, MASK_GAP) != GTD_OK ||
	    gtd_buf_adds(&b, value + tail_start(value, len, MASK_SHOWN)) != GTD_OK) {
		gtd_buf_release(&b);
		return NULL;
	}
	return gtd_buf_detach(&b);
}

int gtd_secret_equal(const char *secret, const char *candidate)
{
	size_t n;

	if (!secret || !candidate)
		return 0;
	n = strlen(secret);
	/* The length is not the secret: API keys and access codes have one
	 * length per partner, written in the connection pack. */
	return strlen(candidate) == n && CRYPTO_memcmp(secret, candidate, n) == 0;
}
