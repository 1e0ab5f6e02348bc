#include "valid.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

/* RFC 5321 limits: 64 bytes before the '@', 254 in all. */
#define EMAIL_LOCAL_MAX 64
#define EMAIL_MAX 254

/* Vietnamese numbers after the leading 0 (or after +84). */
#define VN_MOBILE_DIGITS 9
#define VN_LANDLINE_DIGITS 10
#define VN_COUNTRY "84"

/* E.164: at most 15 digits with the country code; fewer than 8 is not a
 * reachable number anywhere we deal with. */
#define E164_MIN 8
#define E164_MAX 15

#define PORT_MAX 65535
#define PORT_DIGITS_MAX 5

#define COLOUR_LEN 7   /* "#RRGGBB" */
#define IPV4_OCTET_MAX 255
#define IPV4_PREFIX_MAX 32
#define IPV4_OCTETS 4

#define ASCII_DEL 0x7f
#define C1_END 0xa0    /* U+0080..U+009F are control characters too */

static int refuse(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int is_alnum(char c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z') || is_digit(c);
}

int gtd_hex_value(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Spaces and controls break headers, logs and URLs alike. */
static int has_space_or_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s == ASCII_DEL)
			return 1;
	return 0;
}

int gtd_valid_slug(const char *s, char *why, size_t len)
{
	size_t n, i;

	if (!s || !*s)
		return refuse(why, len, "the id is empty");
	n = strlen(s);
	if (n < GTD_SLUG_MIN || n > GTD_SLUG_MAX)
		return refuse(why, len, "the id must be %d to %d characters long (it has %zu)",
			      GTD_SLUG_MIN, GTD_SLUG_MAX, n);
	if (!is_lower(s[0]))
		return refuse(why, len, "the id must start with a lowercase letter a-z");
	for (i = 1; i < n; i++) {
		if (is_lower(s[i]) || is_digit(s[i]) || s[i] == '-')
			continue;
		return refuse(why, len, "the id may contain only a-z, 0-9 and '-' (byte 0x%02x at position %zu is not allowed)",
			      (unsigned char)s[i], i);
	}
	return 1;
}

/* Domain labels: letters, digits and inner hyphens, separated by dots. */
static int valid_domain(const char *d, const char *what, char *why, size_t len)
{
	const char *label = d;
	int dots = 0;

	for (;; d++) {
		if (*d == '.' || *d == '\0') {
			if (d == label)
				return refuse(why, len, "the %s has an empty part between dots", what);
			if (label[0] == '-' || d[-1] == '-')
				return refuse(why, len, "a part of the %s starts or ends with '-'", what);
			if (!*d)
				break;
			dots++;
			label = d + 1;
		} else if ((unsigned char)*d >= 0x80) {
			return refuse(why, len, "the %s has non-ASCII letters: write an internationalised name in its xn-- form",
				      what);
		} else if (!is_alnum(*d) && *d != '-') {
			return refuse(why, len, "the %s may contain only letters, digits, '-' and '.' (not '%c')",
				      what, *d);
		}
	}
	if (!dots)
		return refuse(why, len, "the %s needs a dot (example.com)", what);
	return 1;
}

int gtd_valid_email(const char *s, char *why, size_t len)
{
	const char *at, *p;

	if (!s || !*s)
		return refuse(why, len, "the e-mail address is empty");
	if (has_space_or_control(s))
		return refuse(why, len, "an e-mail address cannot contain spaces or control characters");
	if (strlen(s) > EMAIL_MAX)
		return refuse(why, len, "an e-mail address has at most %d characters", EMAIL_MAX);
	at = strchr(s, '@');
	if (!at)
		return refuse(why, len, "an e-mail address needs an '@' (name@example.com)");
	if (strchr(at + 1, '@'))
		return refuse(why, len, "an e-mail address has exactly one '@'");
	if (at == s)
		return refuse(why, len, "nothing before the '@'");
	if ((size_t)(at - s) > EMAIL_LOCAL_MAX)
		return refuse(why, len, "the part before the '@' has at most %d characters", EMAIL_LOCAL_MAX);
	for (p = s; p < at; p++)
		if ((unsigned char)*p >= 0x80)
			return refuse(why, len, "the part before the '@' has non-ASCII letters (accents?): use an address in plain ASCII");
	if (!at[1])
		return refuse(why, len, "nothing after the '@'");
	return valid_domain(at + 1, "e-mail domain", why, len);
}

/* digits[0..n) is the number after the national 0 (or after +84). */
static int valid_vn(const char *digits, size_t n, char *why, size_t len)
{
	switch (digits[0]) {
	case '3': case '5': case '7': case '8': case '9':
		if (n != VN_MOBILE_DIGITS)
			return refuse(why, len, "a Vietnamese mobile number has %d digits after the 0 or +84 (0912 345 678); this one has %zu",
				      VN_MOBILE_DIGITS, n);
		return 1;
	case '2':
		if (n != VN_LANDLINE_DIGITS)
			return refuse(why, len, "a Vietnamese landline has %d digits after the 0 or +84, area code 02x included (024 3825 1234); this one has %zu",
				      VN_LANDLINE_DIGITS, n);
		return 1;
	case '0':
		return refuse(why, len, "write an international number with '+' instead of 00 (+84 912 345 678)");
	default:
		return refuse(why, len, "a Vietnamese number starts with 03, 05, 07, 08, 09 (mobile) or 02 (landline)");
	}
}

int gtd_valid_phone(const char *s, char *why, size_t len)
{
	char digits[E164_MAX + 1];
	size_t n = 0;
	const char *p = s;
	int plus = 0;

	if (!s || !*s)
		return refuse(why, len, "the phone number is empty");
	if (*p == '+') {
		plus = 1;
		p++;
	}
	for (; *p; p++) {
		if (is_digit(*p)) {
			if (n == E164_MAX)
				return refuse(why, len, "a phone number has at most %d digits", E164_MAX);
			digits[n++] = *p;
		} else if (!((*p == ' ' || *p == '.' || *p == '-') && n > 0)) {
			return refuse(why, len, "a phone number may contain only digits, a leading '+', and spaces, dots or dashes between digits");
		}
	}
	if (n == 0)
		return refuse(why, len, "the phone number has no digits");
	digits[n] = '\0';
	if (!plus) {
		if (digits[0] != '0')
			return refuse(why, len, "expected a Vietnamese number starting with 0 (0912 345 678) or an international one starting with + (+84 912 345 678)");
		if (n == 1)
			return refuse(why, len, "the phone number is only a 0");
		return valid_vn(digits + 1, n - 1, why, len);
	}
	if (strncmp(digits, VN_COUNTRY, strlen(VN_COUNTRY)) == 0) {
		if (n == strlen(VN_COUNTRY))
			return refuse(why, len, "the number after +84 is missing");
		if (digits[strlen(VN_COUNTRY)] == '0')
			return refuse(why, len, "after +84 leave out the 0 of the national form (+84 912 345 678, not +84 0912 345 678)");
		return valid_vn(digits + strlen(VN_COUNTRY), n - strlen(VN_COUNTRY), why, len);
	}
	if (digits[0] == '0')
		return refuse(why, len, "a country code never starts with 0: expected +<country code><number>");
	if (n < E164_MIN)
		return refuse(why, len, "an international number (+<country code><number>) has %d to %d digits; this one has %zu",
			      E164_MIN, E164_MAX, n);
	return 1;
}

/* host[0..n): a DNS name, an IPv4 address or a bracketed IPv6 literal, then
 * an optional :port. */
static int valid_host_port(const char *host, size_t n, char *why, size_t len)
{
	size_t i = 0, hostlen;
	unsigned long port = 0;

	if (n == 0)
		return refuse(why, len, "the URL has no host");
	if (memchr(host, '@', n))
		return refuse(why, len, "the URL carries a user name or password before '@': remove it");
	if (host[0] == '[') {
		for (i = 1; i < n && host[i] != ']'; i++)
			if (gtd_hex_value(host[i]) < 0 && host[i] != ':' && host[i] != '.')
				return refuse(why, len, "the IPv6 address in brackets is malformed");
		if (i == n || i == 1)
			return refuse(why, len, "the IPv6 address in brackets is malformed");
		i++;
	} else {
		for (; i < n && host[i] != ':'; i++) {
			if ((unsigned char)host[i] >= 0x80)
				return refuse(why, len, "the host has non-ASCII letters: write an internationalised name in its xn-- form");
			if (!is_alnum(host[i]) && host[i] != '-' && host[i] != '.')
				return refuse(why, len, "the host may contain only letters, digits, '-' and '.' (not '%c')",
					      host[i]);
		}
		if (i == 0)
			return refuse(why, len, "the URL has no host");
		if (host[0] == '.' || host[0] == '-')
			return refuse(why, len, "the host cannot start with '.' or '-'");
	}
	hostlen = i;
	if (hostlen == n)
		return 1;
	if (host[i] != ':')
		return refuse(why, len, "unexpected characters after the host");
	for (i++; i < n; i++) {
		if (!is_digit(host[i]) || i - hostlen > PORT_DIGITS_MAX)
			return refuse(why, len, "the port after ':' must be a number from 1 to %d", PORT_MAX);
		port = port * 10 + (unsigned long)(host[i] - '0');
	}
	if (port == 0 || port > PORT_MAX)
		return refuse(why, len, "the port after ':' must be a number from 1 to %d", PORT_MAX);
	return 1;
}

int gtd_valid_url(const char *s, int https_only, char *why, size_t len)
{
	static const char https[] = "https://", http[] = "http://";
	const char *host;
	size_t bad;

	if (!s || !*s)
		return refuse(why, len, "the URL is empty");
	if (!gtd_utf8_valid(s, strlen(s), &bad))
		return refuse(why, len, "the URL is not valid UTF-8 (byte %zu)", bad);
	if (has_space_or_control(s))
		return refuse(why, len, "a URL cannot contain spaces or control characters (write a space as %%20)");
	if (strncasecmp(s, https, strlen(https)) == 0) {
		host = s + strlen(https);
	} else if (strncasecmp(s, http, strlen(http)) == 0) {
		if (https_only)
			return refuse(why, len, "this URL must use https://");
		host = s + strlen(http);
	} else {
		return refuse(why, len, https_only ? "expected an https:// URL"
				       : "expected an http:// or https:// URL");
	}
	return valid_host_port(host, strcspn(host, "/?#"), why, len);
}

char *gtd_url_complete(const char *s)
{
	size_t n, hostlen;
	char *out;

	if (!s || !is_alnum(s[0]) || strstr(s, "://") || has_space_or_control(s))
		return NULL;
	n = strcspn(s, "/?#");
	hostlen = strcspn(s, ":/?#");
	if (!valid_host_port(s, n, NULL, 0))
		return NULL;
	/* A DNS name: dotted, ending in a letter (a top-level domain).  Not a
	 * word ("dulich"), not an address (127.0.0.1:8080 is a local mock,
	 * which serves plain http: no scheme is guessed for it). */
	if (!memchr(s, '.', hostlen) || !((s[hostlen - 1] | 0x20) >= 'a' && (s[hostlen - 1] | 0x20) <= 'z'))
		return NULL;
	if (asprintf(&out, "https://%s", s) < 0)
		return NULL;
	return out;
}

int gtd_colour_parse(const char *s, unsigned char *r, unsigned char *g,
		     unsigned char *b)
{
	unsigned char rgb[3];
	int i;

	if (!s || strlen(s) != COLOUR_LEN || s[0] != '#')
		return 0;
	for (i = 0; i < 3; i++) {
		int hi = gtd_hex_value(s[1 + 2 * i]), lo = gtd_hex_value(s[2 + 2 * i]);

		if (hi < 0 || lo < 0)
			return 0;
		rgb[i] = (unsigned char)(hi << 4 | lo);
	}
	*r = rgb[0];
	*g = rgb[1];
	*b = rgb[2];
	return 1;
}

int gtd_valid_colour(const char *s, char *why, size_t len)
{
	unsigned char r, g, b;

	if (!s || !*s)
		return refuse(why, len, "the colour is empty");
	if (!gtd_colour_parse(s, &r, &g, &b))
		return refuse(why, len, "expected a colour written #RRGGBB with hex digits (#0B5CAD)");
	return 1;
}

/* sRGB channel to linear light, as WCAG 2.x defines it (2.2 corrected the
 * threshold to 0.04045; no 8-bit value falls between that and 0.03928). */
static double linear(unsigned char c)
{
	double v = c / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(unsigned char r, unsigned char g, unsigned char b)
{
	return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

double gtd_contrast_ratio(const char *c1, const char *c2)
{
	/* WCAG adds 0.05 to both luminances for ambient flare. */
	static const double flare = 0.05;
	unsigned char r1, g1, b1, r2, g2, b2;
	double l1, l2;

	if (!gtd_colour_parse(c1, &r1, &g1, &b1) || !gtd_colour_parse(c2, &r2, &g2, &b2))
		return 0.0;
	l1 = luminance(r1, g1, b1);
	l2 = luminance(r2, g2, b2);
	if (l1 < l2) {
		double t = l1;

		l1 = l2;
		l2 = t;
	}
	return (l1 + flare) / (l2 + flare);
}

const char *gtd_colour_readable(const char *fg, const char *bg, double min)
{
	if (gtd_contrast_ratio(fg, bg) >= min)
		return fg;
	return gtd_contrast_ratio("#000000", bg) >= gtd_contrast_ratio("#FFFFFF", bg) ? "#000000" : "#FFFFFF";
}

/* Reads a decimal number of at most max without leading zeros at *p,
 * advancing *p.  -1 when there is none or it is malformed. */
static long read_decimal(const char **p, long max)
{
	const char *s = *p;
	long v = 0;

	if (!is_digit(*s))
		return -1;
	if (s[0] == '0' && is_digit(s[1]))
		return -1;
	for (; is_digit(*s); s++) {
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	return v;
}

int gtd_valid_ipv4_cidr(const char *s, char *why, size_t len)
{
	const char *p = s;
	uint32_t addr = 0, mask;
	long v, prefix = IPV4_PREFIX_MAX;
	int i;

	if (!s || !*s)
		return refuse(why, len, "the address is empty");
	for (i = 0; i < IPV4_OCTETS; i++) {
		if (i > 0 && *p++ != '.')
			return refuse(why, len, "expected an IPv4 address a.b.c.d or a network a.b.c.d/n");
		v = read_decimal(&p, IPV4_OCTET_MAX);
		if (v < 0)
			return refuse(why, len, "each part of an IPv4 address is a number from 0 to %d without leading zeros",
				      IPV4_OCTET_MAX);
		addr = addr << 8 | (uint32_t)v;
	}
	if (*p == '/') {
		p++;
		prefix = read_decimal(&p, IPV4_PREFIX_MAX);
		if (prefix < 0)
			return refuse(why, len, "the prefix after '/' is a number from 0 to %d", IPV4_PREFIX_MAX);
	}
	if (*p)
		return refuse(why, len, "expected an IPv4 address a.b.c.d or a network a.b.c.d/n");
	mask = prefix == 0 ? 0 : UINT32_MAX << (IPV4_PREFIX_MAX - prefix);
	if (addr & ~mask) {
		addr &= mask;
		return refuse(why, len, "the address has bits set beyond /%ld: the network is %u.%u.%u.%u/%ld",
			      prefix, addr >> 24, addr >> 16 & 0xff, addr >> 8 & 0xff, addr & 0xff, prefix);
	}
	return 1;
}

int gtd_valid_text(const char *s, size_t max_cols, char *why, size_t len)
{
	size_t n, i, step, bad, width;
	unsigned cp;

	if (!s || !*s)
		return refuse(why, len, "the text is empty");
	n = strlen(s);
	if (!gtd_utf8_valid(s, n, &bad))
		return refuse(why, len, "the text is not valid UTF-8 (byte %zu)", bad);
	for (i = 0; i < n; i += step) {
		step = gtd_utf8_decode(s + i, n - i, &cp);
		if (cp < ' ' || (cp >= ASCII_DEL && cp < C1_END))
			return refuse(why, len, "the text has a control character (U+%04X) at byte %zu; it must be one line of plain text",
				      cp, i);
	}
	width = gtd_utf8_width(s);
	if (width > max_cols)
		return refuse(why, len, "the text is %zu columns wide; at most %zu are allowed", width, max_cols);
	return 1;
}
