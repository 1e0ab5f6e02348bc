#include "framing.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

void framing_init(framing *f)
{
	memset(f, 0, sizeof(*f));
}

/* RFC 9110 section 5.6.2: a token's characters. */
static int is_tchar(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c && strchr("!#$%&'*+-.^_`|~", c));
}

static int valid_name(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (!is_tchar((unsigned char)*name))
			return 0;
	return 1;
}

/* Section 5.5: visible characters, obs-text, space and tab; no other
 * control byte, and no NUL (which value_len shows and strlen hides). */
static int valid_value(const char *value, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

static void note_bad(framing *f, const char *name)
{
	size_t i, j = 0;

	if (f->bad_header[0])
		return;
	/* Printable, so that the sentence about it is. */
	for (i = 0; name[i] && j + 5 < sizeof(f->bad_header); i++) {
		unsigned char c = (unsigned char)name[i];

		if (c >= 0x20 && c < 0x7f)
			f->bad_header[j++] = (char)c;
		else
			j += (size_t)snprintf(f->bad_header + j, sizeof(f->bad_header) - j, "\\x%02x", c);
	}
	f->bad_header[j] = '\0';
}

/* The codings of one Transfer-Encoding value, in order: the last one
 * counts, and chunked may appear once in the whole message. */
static void transfer_codings(framing *f, const char *value)
{
	const char *p = value;

	while (*p) {
		size_t n;

		p += strspn(p, " \t,");
		n = strcspn(p, ",");
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (!n)
			break;
		if (n == 7 && strncasecmp(p, "chunked", 7) == 0) {
			if (f->chunked_seen)
				f->chunked_twice = 1;
			f->chunked_last = 1;
			f->chunked_seen = 1;
		} else {
			f->chunked_last = 0;
			f->other_coding = 1;
		}
		p += n;
	}
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

void framing_header(framing *f, const char *name, const char *value, size_t value_len)
{
	if (!valid_name(name)) {
		f->bad_name = 1;
		note_bad(f, name);
	} else if (!valid_value(value, value_len)) {
		f->bad_value = 1;
		note_bad(f, name);
	}
	if (strcasecmp(name, "Content-Length") == 0) {
		if (f->content_lengths++ == 0)
			snprintf(f->content_length, sizeof(f->content_length), "%s", value);
		else if (strcmp(f->content_length, value) != 0)
			f->lengths_differ = 1;
		if (!all_digits(value))
			f->length_invalid = 1;
	} else if (strcasecmp(name, "Transfer-Encoding") == 0) {
		f->transfer_encodings++;
		transfer_codings(f, value);
	}
}

framing_verdict framing_verdict_of(const framing *f, char *why, size_t len)
{
	if (f->content_lengths && f->transfer_encodings) {
		snprintf(why, len, "the request has both Content-Length and Transfer-Encoding: its "
			 "body's length is ambiguous (RFC 9112 section 6.3)");
		return FRAMING_AMBIGUOUS;
	}
	if (f->lengths_differ || f->length_invalid) {
		snprintf(why, len, "the request has %s Content-Length: its body's length is "
			 "ambiguous (RFC 9112 section 6.3)",
			 f->lengths_differ ? "two different values of" : "a malformed");
		return FRAMING_AMBIGUOUS;
	}
	if (f->chunked_seen && !f->chunked_last) {
		snprintf(why, len, "the request's Transfer-Encoding applies chunked before another "
			 "coding: its body's length cannot be told (RFC 9112 section 6.3)");
		return FRAMING_AMBIGUOUS;
	}
	if (f->chunked_twice) {
		snprintf(why, len, "the request's Transfer-Encoding names chunked twice (RFC 9112 "
			 "section 6.1)");
		return FRAMING_AMBIGUOUS;
	}
	/* libmicrohttpd reads one Transfer-Encoding header saying chunked,
	 * and nothing decodes gzip or the like: anything else is refused
	 * rather than framed some other way. */
	if (f->transfer_encodings && (!f->chunked_last || f->other_coding || f->transfer_encodings > 1)) {
		snprintf(why, len, "the request's Transfer-Encoding is not chunked alone, the only "
			 "coding the mock reads (RFC 9112 section 6.1)");
		return FRAMING_UNSUPPORTED;
	}
	if (f->bad_name || f->bad_value) {
		snprintf(why, len, "header '%s' is malformed: %s (RFC 9110 section 5)", f->bad_header,
			 f->bad_name ? "a field name is a token, with no space before the colon"
				     : "its value holds a control character");
		return FRAMING_BAD_SYNTAX;
	}
	return FRAMING_OK;
}

int framing_status(framing_verdict v)
{
	return v == FRAMING_OK ? 200 : v == FRAMING_UNSUPPORTED ? 501 : 400;
}
