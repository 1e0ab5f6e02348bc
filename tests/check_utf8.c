#include <string.h>

#include "check_main.h"
#include "utf8.h"

static const struct {
	const char *s;
	int valid;
	size_t bad;
} validity[] = {
	{"", 1, 0},
	{"ascii", 1, 0},
	{"Công ty Cổ phần Du lịch Việt Nam", 1, 0},
	{"\xf0\x9f\x9b\xab", 1, 0},             /* U+1F6EB airplane departure */
	{"ab\xc3", 0, 2},                        /* truncated 2-byte */
	{"\xc0\xaf", 0, 0},                      /* overlong '/' */
	{"x\xed\xa0\x80", 0, 1},                 /* surrogate U+D800 */
	{"\xf4\x90\x80\x80", 0, 0},              /* above U+10FFFF */
	{"\x80", 0, 0},                          /* lone continuation */
	{"Vi\xe1\xbb", 0, 2},                    /* "Việ" cut in the middle */
};

START_TEST(test_valid)
{
	size_t bad = 12345;
	int v = gtd_utf8_valid(validity[_i].s, strlen(validity[_i].s), &bad);

	ck_assert_int_eq(v, validity[_i].valid);
	if (!v)
		ck_assert_uint_eq(bad, validity[_i].bad);
}
END_TEST

/* Bytes one U+FFFD replaces, as Python's decode(errors="replace") does. */
static const struct {
	const char *s;
	size_t len;
} bad_lens[] = {
	{"a", 0},
	{"\xe1\xbb\x87", 0},                  /* a whole "ệ" */
	{"\xff", 1},
	{"\x80\x80", 1},                       /* a lone continuation, one at a time */
	{"\xc0\xaf", 1},                       /* C0 starts nothing: overlong '/' is 2 */
	{"\xe0\x80\xaf", 1},                  /* overlong 3-byte: E0 needs A0..BF */
	{"\xe2\x82", 2},                       /* euro sign cut short */
	{"\xe2\x82x", 2},
	{"\xed\xa0\x80", 1},                  /* surrogate: ED needs 80..9F */
	{"\xf0\x9f\x9b", 3},                  /* airplane cut short */
	{"\xf0\x8f\xbf\xbf", 1},             /* overlong 4-byte */
	{"\xf4\x90\x80\x80", 1},             /* above U+10FFFF */
	{"\xf5\x80", 1},
};

START_TEST(test_bad_len)
{
	ck_assert_uint_eq(gtd_utf8_bad_len(bad_lens[_i].s, strlen(bad_lens[_i].s)), bad_lens[_i].len);
}
END_TEST

START_TEST(test_bad_len_edges)
{
	ck_assert_uint_eq(gtd_utf8_bad_len("", 0), 0);
	/* Only len bytes are looked at: a NUL is not there to stop it. */
	ck_assert_uint_eq(gtd_utf8_bad_len("\xe2\x82\xac", 2), 2);
	ck_assert_uint_eq(gtd_utf8_bad_len("\xe2\x82\xac", 1), 1);
}
END_TEST

static const struct {
	const char *s;
	size_t width;
} widths[] = {
	{"", 0},
	{"abc", 3},
	{"Việt", 4},                         /* precomposed: 4 chars, 6 bytes */
	{"Vie\xcc\xa3\xcc\x82t", 4},        /* decomposed: e + dot below + circumflex */
	{"\xe6\x97\x85\xe8\xa1\x8c", 4},    /* two wide CJK characters */
};

START_TEST(test_width)
{
	ck_assert_uint_eq(gtd_utf8_width(widths[_i].s), widths[_i].width);
}
END_TEST

START_TEST(test_fit_never_splits_a_character)
{
	size_t used = 99;

	/* "Việt" = V i ệ(3 bytes) t */
	ck_assert_uint_eq(gtd_utf8_fit("Việt", 0, &used), 0);
	ck_assert_uint_eq(used, 0);
	ck_assert_uint_eq(gtd_utf8_fit("Việt", 2, &used), 2);
	ck_assert_uint_eq(gtd_utf8_fit("Việt", 3, &used), 5);
	ck_assert_uint_eq(used, 3);
	ck_assert_uint_eq(gtd_utf8_fit("Việt", 40, &used), strlen("Việt"));
	ck_assert_uint_eq(used, 4);
	/* a wide character that does not fit in the last column stays out */
	ck_assert_uint_eq(gtd_utf8_fit("a\xe6\x97\x85", 2, &used), 1);
	ck_assert_uint_eq(used, 1);
}
END_TEST

START_TEST(test_fold_and_encode)
{
	static const struct {
		const char *in, *folded;
	} cases[] = {
		{"Việt Nam", "viet nam"},
		{"ĐẶNG Thị Ánh", "dang thi anh"},
		{"Vie\xcc\xa3\xcc\x82t", "viet"},       /* decomposed marks are dropped */
		{"Ưu đãi ở Huế", "uu dai o hue"},
		{"Æ×ß", "a\xc3\x97s"},                    /* × has no base letter: kept */
	};
	char enc[4];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = cases[i].in;
		char out[64];
		size_t o = 0;

		while (*p) {
			unsigned cp, f;
			size_t n = gtd_utf8_decode(p, strlen(p), &cp);

			ck_assert_uint_gt(n, 0);
			p += n;
			f = gtd_utf8_fold(cp);
			if (f)
				o += gtd_utf8_encode(f, out + o);
		}
		out[o] = '\0';
		ck_assert_str_eq(out, cases[i].folded);
	}
	ck_assert_uint_eq(gtd_utf8_encode(0x1f6eb, enc), 4);
	ck_assert_mem_eq(enc, "\xf0\x9f\x9b\xab", 4);
	ck_assert_uint_eq(gtd_utf8_encode(0xd800, enc), 0);
	ck_assert_uint_eq(gtd_utf8_encode(0x110000, enc), 0);
}
END_TEST

static Suite *utf8_suite(void)
{
	Suite *s = suite_create("utf8");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_valid, 0, sizeof(validity) / sizeof(validity[0]));
	tcase_add_loop_test(tc, test_bad_len, 0, sizeof(bad_lens) / sizeof(bad_lens[0]));
	tcase_add_test(tc, test_bad_len_edges);
	tcase_add_loop_test(tc, test_width, 0, sizeof(widths) / sizeof(widths[0]));
	tcase_add_test(tc, test_fit_never_splits_a_character);
	tcase_add_test(tc, test_fold_and_encode);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(utf8_suite)
