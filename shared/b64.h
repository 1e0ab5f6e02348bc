/* b64.h - base64 in the two alphabets the envelope uses.
 *
 * Gotadi's envelope writes `key` and `data` URL-safe without padding and the
 * signature standard with padding.  Receivers must accept either alphabet,
 * padded or not, so the decoder is deliberately tolerant of that - and of
 * nothing else.
 */
#ifndef GTD_B64_H
#define GTD_B64_H

#include <stddef.h>

#include "err.h"

typedef enum gtd_b64_alphabet {
	GTD_B64_STD,     /* +/ with = padding */
	GTD_B64_URL,     /* -_ without padding */
} gtd_b64_alphabet;

/* Encodes len bytes.  Returns a NUL-terminated string the caller frees, or
 * NULL when out of memory. */
char *gtd_b64_encode(const unsigned char *in, size_t len, gtd_b64_alphabet a);

/* Decodes either alphabet (the two may not be mixed), with or without
 * padding.  On success *out (caller frees) holds *outlen bytes.  On failure
 * returns GTD_EINVAL and err says which character, at which offset, is
 * wrong. */
gtd_status gtd_b64_decode(const char *in, size_t len, unsigned char **out,
			  size_t *outlen, gtd_err *err);

#endif
