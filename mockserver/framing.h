/* framing.h - is a request's header block one unambiguous HTTP/1.1
 * message?
 *
 * libmicrohttpd 0.9.75 answers a request carrying both Content-Length and
 * Transfer-Encoding, or two different Content-Lengths, and then reads the
 * rest of the bytes as the next request: a front end that framed them the
 * other way never saw that second request (request smuggling).  RFC 9112
 * section 6.3 says such a message is an error and the connection must be
 * closed.  The server calls framing_check() once the headers are in and
 * before any body is read; a verdict other than FRAMING_OK is answered with
 * its status and the connection closed.
 *
 * Header syntax (a space before the colon, control bytes in a value) is
 * checked too; those verdicts are "lenient" ones that --lenient-http lets
 * through with a warning.  Framing verdicts are never lenient.
 */
#ifndef MOCK_FRAMING_H
#define MOCK_FRAMING_H

#include <stddef.h>

typedef enum framing_verdict {
	FRAMING_OK,
	FRAMING_BAD_SYNTAX,      /* 400, lenient: header name or value malformed */
	FRAMING_AMBIGUOUS,       /* 400: the body's length is stated two ways */
	FRAMING_UNSUPPORTED,     /* 501: a transfer coding other than chunked alone */
} framing_verdict;

typedef struct framing {
	unsigned content_lengths;   /* Content-Length headers seen */
	char content_length[32];    /* the first one's value */
	int lengths_differ, length_invalid;
	unsigned transfer_encodings;
	int chunked_last;           /* the last coding named is chunked */
	int chunked_seen, chunked_twice;
	int other_coding;           /* a coding other than chunked is named */
	int bad_name, bad_value;    /* header syntax */
	char bad_header[64];        /* the first malformed header's name, printable */
} framing;

void framing_init(framing *f);

/* Feeds one header as the library parsed it (value_len bytes, which may
 * hold a NUL the C string hides). */
void framing_header(framing *f, const char *name, const char *value, size_t value_len);

/* The verdict on the headers fed, with a sentence saying what is wrong in
 * why (a buffer of len bytes) when it is not FRAMING_OK; the caller says
 * what it did about it. */
framing_verdict framing_verdict_of(const framing *f, char *why, size_t len);

/* The HTTP status a verdict is answered with. */
int framing_status(framing_verdict v);

#endif
