/* valid.h - checks for the fields staff type into a partner record.
 *
 * Every check is a pure function returning 1 (acceptable) or 0.  When it
 * returns 0 and why is not NULL, a short English sentence saying what was
 * expected is written into why[0..len) (truncated, always NUL-terminated).
 * NULL and "" are refused by every check: an absent field is the caller's
 * business, not the validator's.
 */
#ifndef GTD_VALID_H
#define GTD_VALID_H

#include <stddef.h>

/* Partner ids are file names and URL parts: short, lowercase, no dots. */
#define GTD_SLUG_MIN 2
#define GTD_SLUG_MAX 40

/* WCAG 2.x level AA minimum contrast ratios. */
#define GTD_CONTRAST_AA_TEXT 4.5
#define GTD_CONTRAST_AA_LARGE 3.0   /* large text and UI components */

/* A partner id: GTD_SLUG_MIN..GTD_SLUG_MAX characters of [a-z0-9-],
 * starting with a letter. */
int gtd_valid_slug(const char *s, char *why, size_t len);

/* A pragmatic e-mail address: one '@', a non-empty ASCII local part, a
 * domain with a dot and no empty label, no spaces.  A non-ASCII local part
 * is refused with a reason (Gotadi's mail system does not take SMTPUTF8). */
int gtd_valid_email(const char *s, char *why, size_t len);

/* A phone number, with spaces, dots or dashes allowed between digits:
 * Vietnamese national form (0 + 9 digits for mobiles 03/05/07/08/09,
 * 0 + 10 digits for landlines 02x), the same after +84 without the 0, or
 * any international +<country><number> of 8..15 digits in all (E.164). */
int gtd_valid_phone(const char *s, char *why, size_t len);

/* An absolute http:// or https:// URL (only https:// when https_only is
 * set, as for the live gateway) with a host, an optional numeric port, and
 * no spaces, control characters or malformed UTF-8. */
int gtd_valid_url(const char *s, int https_only, char *why, size_t len);

/* The URL staff mean when they type a host without its scheme
 * ("dulich.example.vn", "dulich.example.vn/tour", "gw.example.vn:8443"):
 * "https://" then s, in a new string the caller frees.  NULL when s has a
 * scheme, does not start with a DNS name (dotted, ending in a letter; an
 * optional port, path, query may follow), or when out of memory.  No
 * scheme is guessed for an address such as 127.0.0.1:8080, often a local
 * gtd-mock serving plain http.  gtd_partner_set
 * stores this for every URL field, so the screen and the command line
 * both take a bare host. */
char *gtd_url_complete(const char *s);

/* A colour written #RRGGBB, hex digits in either case. */
int gtd_valid_colour(const char *s, char *why, size_t len);

/* Parses a #RRGGBB colour into its components.  Returns 1, or 0 (and the
 * outputs untouched) when s is not a valid colour. */
int gtd_colour_parse(const char *s, unsigned char *r, unsigned char *g,
		     unsigned char *b);

/* WCAG 2.x contrast ratio of two #RRGGBB colours, 1.0 (same luminance) to
 * 21.0 (black on white); the order of the arguments does not matter.
 * Returns 0.0 when either colour is not valid. */
double gtd_contrast_ratio(const char *c1, const char *c2);

/* The colour to draw fg in on bg so that it reads: fg itself when its
 * contrast reaches min, else "#000000" or "#FFFFFF", whichever reads
 * better on bg.  The webview and the console's preview of it share this,
 * so that a partner's brand colours never make text invisible.  Returns fg
 * or a static string. */
const char *gtd_colour_readable(const char *fg, const char *bg, double min);

/* An IPv4 address a.b.c.d or network a.b.c.d/n for the live gateway's
 * whitelist: decimal octets 0..255 without leading zeros, n 0..32, and no
 * address bits set beyond the prefix. */
int gtd_valid_ipv4_cidr(const char *s, char *why, size_t len);

/* One line of human text: well-formed UTF-8, no control characters, at
 * most max_cols display columns (gtd_utf8_width). */
int gtd_valid_text(const char *s, size_t max_cols, char *why, size_t len);

/* The value of hex digit c (either case), or -1: for the checks here and
 * for anything that decodes %XX escapes. */
int gtd_hex_value(char c);

#endif
