#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "valid.h"

#define WHY_SIZE 256

/* One validator case: the input, whether it passes, and for a refusal a
 * phrase the reason must contain (NULL: any reason). */
typedef struct vcase {
	const char *in;
	int ok;
	const char *why;
} vcase;

static void check_case(int (*fn)(const char *, char *, size_t), const vcase *c)
{
	char why[WHY_SIZE] = "";
	int ok = fn(c->in, why, sizeof(why));

	ck_assert_msg(ok == c->ok, "\"%s\": expected %s, got %s (%s)", c->in ? c->in : "(NULL)",
		      c->ok ? "valid" : "invalid", ok ? "valid" : "invalid", why);
	if (!ok)
		ck_assert_msg(why[0] != '\0', "\"%s\": refused without a reason", c->in ? c->in : "(NULL)");
	if (!ok && c->why)
		ck_assert_msg(strstr(why, c->why), "\"%s\": reason \"%s\" lacks \"%s\"",
			      c->in ? c->in : "(NULL)", why, c->why);
	/* A NULL reason buffer is allowed and changes nothing. */
	ck_assert_int_eq(fn(c->in, NULL, 0), ok);
}

static const vcase slugs[] = {
	{NULL, 0, "empty"},
	{"", 0, "empty"},
	{"a", 0, "2 to 40"},
	{"abcdefghijklmnopqrstuvwxyz0123456789abcde", 0, "2 to 40"},
	{"1acme", 0, "start with a lowercase letter"},
	{"-acme", 0, "start with a lowercase letter"},
	{"Acme", 0, "start with a lowercase letter"},
	{"acme_travel", 0, "only a-z, 0-9 and '-'"},
	{"acme.travel", 0, "only a-z"},
	{"../x", 0, NULL},
	{"ac/me", 0, "only a-z"},
	{"ac me", 0, "only a-z"},
	{"vi\xe1\xbb\x87t", 0, "only a-z"},
	{"ab", 1, NULL},
	{"a1", 1, NULL},
	{"acme-travel", 1, NULL},
	{"abcdefghijklmnopqrstuvwxyz0123456789abcd", 1, NULL},
};

START_TEST(test_slug)
{
	check_case(gtd_valid_slug, &slugs[_i]);
}
END_TEST

static const vcase emails[] = {
	{NULL, 0, "empty"},
	{"", 0, "empty"},
	{"admin.example.com", 0, "needs an '@'"},
	{"a@@example.com", 0, "exactly one '@'"},
	{"a@b@example.com", 0, "exactly one '@'"},
	{"@example.com", 0, "nothing before"},
	{"admin@", 0, "nothing after"},
	{"admin@localhost", 0, "needs a dot"},
	{"ad min@example.com", 0, "spaces"},
	{"admin@example.com ", 0, "spaces"},
	{"admin\t@example.com", 0, "spaces"},
	{"nguy\xe1\xbb\x85n@example.vn", 0, "non-ASCII"},
	{"admin@vi\xe1\xbb\x87t.vn", 0, "xn--"},
	{"admin@exa_mple.com", 0, "letters, digits"},
	{"admin@.example.com", 0, "empty part"},
	{"admin@example..com", 0, "empty part"},
	{"admin@example.com.", 0, "empty part"},
	{"admin@-example.com", 0, "'-'"},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", 0, "64"},
	{"admin@acme.vn", 1, NULL},
	{"first.last+tag@mail.acme-travel.com.vn", 1, NULL},
	{"a@b.co", 1, NULL},
	{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com", 1, NULL},
};

START_TEST(test_email)
{
	check_case(gtd_valid_email, &emails[_i]);
}
END_TEST

static const vcase phones[] = {
	{NULL, 0, "empty"},
	{"", 0, "empty"},
	{"+", 0, "no digits"},
	{"0", 0, "only a 0"},
	{"912345678", 0, "starting with 0"},
	{"0112345678", 0, "03, 05, 07, 08, 09"},
	{"0612345678", 0, "03, 05, 07, 08, 09"},
	{"091234567", 0, "mobile"},
	{"09123456789", 0, "mobile"},
	{"0243825123", 0, "landline"},
	{"024382512345", 0, "landline"},
	{"0084912345678", 0, "'+' instead of 00"},
	{"+840912345678", 0, "leave out the 0"},
	{"+84", 0, "missing"},
	{"+8491234567", 0, "mobile"},
	{"+1234567", 0, "8 to 15"},
	{"+1234567890123456", 0, "at most 15"},
	{"+0123456789", 0, "never starts with 0"},
	{"0912x345678", 0, "only digits"},
	{"(091) 234 5678", 0, "only digits"},
	{" 0912345678", 0, "only digits"},
	{"09++12345678", 0, "only digits"},
	{"0912345678", 1, NULL},
	{"0912 345 678", 1, NULL},
	{"091.234.5678", 1, NULL},
	{"0912-345-678", 1, NULL},
	{"0332345678", 1, NULL},
	{"0562345678", 1, NULL},
	{"0702345678", 1, NULL},
	{"0812345678", 1, NULL},
	{"02438251234", 1, NULL},
	{"024 3825 1234", 1, NULL},
	{"0236 3822 123", 1, NULL},
	{"+84912345678", 1, NULL},
	{"+84 912 345 678", 1, NULL},
	{"+84 24 3825 1234", 1, NULL},
	{"+6591234567", 1, NULL},
	{"+1 415 555 2671", 1, NULL},
	{"+442071838750", 1, NULL},
	{"+123456789012345", 1, NULL},
};

START_TEST(test_phone)
{
	check_case(gtd_valid_phone, &phones[_i]);
}
END_TEST

static int url_any(const char *s, char *why, size_t len)
{
	return gtd_valid_url(s, 0, why, len);
}

static int url_https(const char *s, char *why, size_t len)
{
	return gtd_valid_url(s, 1, why, len);
}

static const vcase urls[] = {
	{NULL, 0, "empty"},
	{"", 0, "empty"},
	{"acme.vn", 0, "http:// or https://"},
	{"ftp://acme.vn/file", 0, "http:// or https://"},
	{"javascript:alert(1)", 0, "http:// or https://"},
	{"https://", 0, "no host"},
	{"https:///path", 0, "no host"},
	{"https://:443/", 0, "no host"},
	{"https://acme .vn", 0, "spaces"},
	{"https://acme.vn/a b", 0, "spaces"},
	{"https://acme.vn/\x01", 0, "control"},
	{"https://acme.vn/\xff", 0, "UTF-8"},
	{"https://user:pw@acme.vn/", 0, "password"},
	{"https://acme.vn:0/", 0, "port"},
	{"https://acme.vn:65536/", 0, "port"},
	{"https://acme.vn:80a/", 0, "port"},
	{"https://acme.vn:/", 0, "port"},
	{"https://vi\xe1\xbb\x87t.vn/", 0, "xn--"},
	{"https://acme_vn.com/", 0, "letters, digits"},
	{"https://.acme.vn/", 0, "cannot start"},
	{"https://[::1/", 0, "IPv6"},
	{"https://[]/", 0, "IPv6"},
	{"https://acme.vn", 1, NULL},
	{"http://127.0.0.1:8080/api/partner/login", 1, NULL},
	{"https://pay.acme.vn/checkout?order=1&x=%20#top", 1, NULL},
	{"HTTPS://ACME.VN/", 1, NULL},
	{"https://[::1]:8443/", 1, NULL},
	{"https://xn--vit-nam-8ya.vn/", 1, NULL},
	{"https://acme.vn/du-l\xe1\xbb\x8b" "ch", 1, NULL},
	{"https://acme.vn:65535", 1, NULL},
};

START_TEST(test_url)
{
	check_case(url_any, &urls[_i]);
}
END_TEST

static const vcase live_urls[] = {
	{NULL, 0, "empty"},
	{"http://gateway.gotadi.com/", 0, "must use https://"},
	{"ftp://gateway.gotadi.com/", 0, "https://"},
	{"https://gateway.gotadi.com/", 1, NULL},
};

START_TEST(test_url_https_only)
{
	check_case(url_https, &live_urls[_i]);
}
END_TEST

static const vcase colours[] = {
	{NULL, 0, "empty"},
	{"", 0, "empty"},
	{"000000", 0, "#RRGGBB"},
	{"#FFF", 0, "#RRGGBB"},
	{"#12345", 0, "#RRGGBB"},
	{"#1234567", 0, "#RRGGBB"},
	{"#GGGGGG", 0, "#RRGGBB"},
	{"red", 0, "#RRGGBB"},
	{"#000000", 1, NULL},
	{"#FFFFFF", 1, NULL},
	{"#0b5cad", 1, NULL},
	{"#AbCdEf", 1, NULL},
};

/* A host typed without its scheme, and what is not one. */
static const struct {
	const char *in, *want;   /* want NULL: not completed */
} completions[] = {
	{"dulich.example.vn", "https://dulich.example.vn"},
	{"dulich.example.vn/tour?x=1#a", "https://dulich.example.vn/tour?x=1#a"},
	{"gw.example.vn:8443", "https://gw.example.vn:8443"},
	{"WWW.Example.VN", "https://WWW.Example.VN"},
	{NULL, NULL},
	{"", NULL},
	{"dulich", NULL},                          /* a word, not a name */
	{"127.0.0.1:8080", NULL},                  /* an address: no scheme guessed */
	{"https://dulich.example.vn", NULL},       /* has one */
	{"ftp://dulich.example.vn", NULL},
	{"mailto:lan@dulich.example.vn", NULL},
	{"lan@dulich.example.vn", NULL},
	{"dulich example.vn", NULL},
	{".example.vn", NULL},
	{"example.vn:99999", NULL},
	{"du_lich.vn", NULL},
};

START_TEST(test_url_complete)
{
	char *got = gtd_url_complete(completions[_i].in);

	if (completions[_i].want)
		ck_assert_str_eq(got ? got : "(null)", completions[_i].want);
	else
		ck_assert_msg(got == NULL, "\"%s\" became %s", completions[_i].in, got);
	if (got)
		ck_assert(gtd_valid_url(got, 1, NULL, 0));
	free(got);
}
END_TEST

START_TEST(test_colour)
{
	check_case(gtd_valid_colour, &colours[_i]);
}
END_TEST

START_TEST(test_colour_parse)
{
	unsigned char r = 1, g = 2, b = 3;

	ck_assert(!gtd_colour_parse(NULL, &r, &g, &b));
	ck_assert(!gtd_colour_parse("#0B5CAG", &r, &g, &b));
	ck_assert_uint_eq(r, 1);   /* untouched on failure */
	ck_assert_uint_eq(g, 2);
	ck_assert_uint_eq(b, 3);
	ck_assert(gtd_colour_parse("#0B5CAD", &r, &g, &b));
	ck_assert_uint_eq(r, 0x0b);
	ck_assert_uint_eq(g, 0x5c);
	ck_assert_uint_eq(b, 0xad);
	ck_assert(gtd_colour_parse("#ff8000", &r, &g, &b));
	ck_assert_uint_eq(r, 0xff);
	ck_assert_uint_eq(g, 0x80);
	ck_assert_uint_eq(b, 0x00);
}
END_TEST

/* Known WCAG 2.x values (WebAIM's contrast checker agrees). */
static const struct {
	const char *a, *b;
	double ratio;
} ratios[] = {
	{"#FFFFFF", "#000000", 21.0},
	{"#000000", "#FFFFFF", 21.0},
	{"#777777", "#FFFFFF", 4.478},
	{"#767676", "#ffffff", 4.542},
	{"#FF0000", "#FFFFFF", 3.998},
	{"#0000FF", "#FFFFFF", 8.592},
	{"#123456", "#123456", 1.0},
};

START_TEST(test_contrast_known_values)
{
	double r = gtd_contrast_ratio(ratios[_i].a, ratios[_i].b);

	ck_assert_double_eq_tol(r, ratios[_i].ratio, 0.001);
}
END_TEST

START_TEST(test_contrast_thresholds)
{
	ck_assert_double_eq(gtd_contrast_ratio(NULL, "#FFFFFF"), 0.0);
	ck_assert_double_eq(gtd_contrast_ratio("#FFFFFF", "white"), 0.0);
	ck_assert_double_eq(GTD_CONTRAST_AA_TEXT, 4.5);
	ck_assert_double_eq(GTD_CONTRAST_AA_LARGE, 3.0);
	/* The classic pair on either side of the AA line for text. */
	ck_assert(gtd_contrast_ratio("#777777", "#FFFFFF") < GTD_CONTRAST_AA_TEXT);
	ck_assert(gtd_contrast_ratio("#767676", "#FFFFFF") >= GTD_CONTRAST_AA_TEXT);
	ck_assert(gtd_contrast_ratio("#777777", "#FFFFFF") >= GTD_CONTRAST_AA_LARGE);
}
END_TEST

/* A colour that fails falls back to black or white, whichever reads on
 * the background; one that passes is kept. */
static const struct {
	const char *fg, *bg, *want;
} readables[] = {
	{"#767676", "#FFFFFF", "#767676"},
	{"#777777", "#FFFFFF", "#000000"},
	{"#F2A541", "#FFFFFF", "#000000"},
	{"#FFFFFF", "#FFFF00", "#000000"},
	{"#0B6E4F", "#0B6E4F", "#FFFFFF"},
	{"#1F2933", "#111111", "#FFFFFF"},
	{NULL, "#FFFFFF", "#000000"},
};

START_TEST(test_colour_readable)
{
	const char *got = gtd_colour_readable(readables[_i].fg, readables[_i].bg, GTD_CONTRAST_AA_TEXT);

	ck_assert_str_eq(got, readables[_i].want);
	ck_assert(gtd_contrast_ratio(got, readables[_i].bg) >= GTD_CONTRAST_AA_TEXT);
}
END_TEST

static const vcase cidrs[] = {
	{NULL, 0, "empty"},
	{"", 0, "empty"},
	{"256.1.1.1", 0, "0 to 255"},
	{"1.2.3", 0, "a.b.c.d"},
	{"1.2.3.4.5", 0, "a.b.c.d"},
	{"1..2.3", 0, "0 to 255"},
	{"01.2.3.4", 0, "leading zeros"},
	{"-1.2.3.4", 0, "0 to 255"},
	{"a.b.c.d", 0, "0 to 255"},
	{"1.2.3.4 ", 0, "a.b.c.d"},
	{"1.2.3.4/33", 0, "0 to 32"},
	{"1.2.3.4/", 0, "0 to 32"},
	{"1.2.3.0/024", 0, "0 to 32"},
	{"203.0.113.7/24", 0, "the network is 203.0.113.0/24"},
	{"10.1.0.0/8", 0, "the network is 10.0.0.0/8"},
	{"0.0.0.0", 1, NULL},
	{"203.0.113.7", 1, NULL},
	{"203.0.113.7/32", 1, NULL},
	{"203.0.113.0/24", 1, NULL},
	{"10.0.0.0/8", 1, NULL},
	{"0.0.0.0/0", 1, NULL},
	{"255.255.255.255/32", 1, NULL},
};

START_TEST(test_ipv4_cidr)
{
	check_case(gtd_valid_ipv4_cidr, &cidrs[_i]);
}
END_TEST

#define TEXT_MAX 40

static int text40(const char *s, char *why, size_t len)
{
	return gtd_valid_text(s, TEXT_MAX, why, len);
}

static const vcase texts[] = {
	{NULL, 0, "empty"},
	{"", 0, "empty"},
	{"two\nlines", 0, "U+000A"},
	{"tab\there", 0, "U+0009"},
	{"del\x7f", 0, "U+007F"},
	{"nel\xc2\x85", 0, "U+0085"},
	{"bad \xff byte", 0, "UTF-8 (byte 4)"},
	{"overlong \xc0\xaf", 0, "UTF-8"},
	{"surrogate \xed\xa0\x80", 0, "UTF-8"},
	{"12345678901234567890123456789012345678901", 0, "41 columns"},
	{"C\xc3\xb4ng ty C\xe1\xbb\x95 ph\xe1\xba\xa7n Du l\xe1\xbb\x8b" "ch Vi\xe1\xbb\x87t Nam", 1, NULL},
	{"1234567890123456789012345678901234567890", 1, NULL},
	{"ACME", 1, NULL},
};

START_TEST(test_text)
{
	check_case(text40, &texts[_i]);
}
END_TEST

START_TEST(test_text_columns_not_bytes)
{
	/* "Việt" precomposed (6 bytes) and decomposed (e + two combining
	 * marks, 8 bytes) are both 4 columns; CJK characters are 2 each. */
	static const char precomposed[] = "Vi\xe1\xbb\x87t";
	static const char decomposed[] = "Vie\xcc\xa3\xcc\x82t";
	static const char wide[] = "\xe6\x97\xa5\xe6\x9c\xac";
	char why[WHY_SIZE];

	ck_assert(gtd_valid_text(precomposed, 4, why, sizeof(why)));
	ck_assert(gtd_valid_text(decomposed, 4, why, sizeof(why)));
	ck_assert(!gtd_valid_text(decomposed, 3, why, sizeof(why)));
	ck_assert(gtd_valid_text(wide, 4, why, sizeof(why)));
	ck_assert(!gtd_valid_text(wide, 3, why, sizeof(why)));
	ck_assert_str_eq(why, "the text is 4 columns wide; at most 3 are allowed");
}
END_TEST

START_TEST(test_reason_truncated)
{
	char why[8];

	memset(why, 'x', sizeof(why));
	ck_assert(!gtd_valid_slug("Bad", why, sizeof(why)));
	ck_assert_uint_eq(strlen(why), sizeof(why) - 1);
	/* len 0 must not write at all */
	memset(why, 'x', sizeof(why));
	ck_assert(!gtd_valid_email("bad", why, 0));
	ck_assert_int_eq(why[0], 'x');
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

START_TEST(test_hex_value)
{
	/* Every byte: the digit's value for 0-9, a-f, A-F, else -1. */
	int c;

	for (c = 1; c < 256; c++) {
		const char *digits = "0123456789abcdef";
		const char *at = strchr(digits, tolower(c));
		int want = c < 128 && isxdigit(c) && at ? (int)(at - digits) : -1;

		ck_assert_int_eq(gtd_hex_value((char)c), want);
	}
}
END_TEST

static Suite *valid_suite(void)
{
	Suite *s = suite_create("valid");
	TCase *tc = tcase_create("validators");

	tcase_add_loop_test(tc, test_slug, 0, N(slugs));
	tcase_add_loop_test(tc, test_email, 0, N(emails));
	tcase_add_loop_test(tc, test_phone, 0, N(phones));
	tcase_add_loop_test(tc, test_url, 0, N(urls));
	tcase_add_loop_test(tc, test_url_https_only, 0, N(live_urls));
	tcase_add_loop_test(tc, test_url_complete, 0, N(completions));
	tcase_add_loop_test(tc, test_colour, 0, N(colours));
	tcase_add_test(tc, test_colour_parse);
	tcase_add_test(tc, test_hex_value);
	tcase_add_loop_test(tc, test_contrast_known_values, 0, N(ratios));
	tcase_add_test(tc, test_contrast_thresholds);
	tcase_add_loop_test(tc, test_colour_readable, 0, sizeof(readables) / sizeof(readables[0]));
	tcase_add_loop_test(tc, test_ipv4_cidr, 0, N(cidrs));
	tcase_add_loop_test(tc, test_text, 0, N(texts));
	tcase_add_test(tc, test_text_columns_not_bytes);
	tcase_add_test(tc, test_reason_truncated);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(valid_suite)
