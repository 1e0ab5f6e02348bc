#include <stdlib.h>

#include "check_main.h"
#include "mask.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const char *in, *out;
} masks[] = {
	{"", ""},
	{"a", "********"},
	{"abcdefgh", "********"},
	{"abcdefghijklmno", "********"},
	{"abcdefghijklmnop", "abcd\xe2\x80\xa6mnop"},
	{"sbx-api-key-0123456789", "sbx-\xe2\x80\xa6" "6789"},
	/* characters, not bytes: Đ is two bytes */
	{"\xc4\x90\xc4\x90\xc4\x90\xc4\x90xxxxxxxx\xc4\x90\xc4\x90\xc4\x90\xc4\x90",
	 "\xc4\x90\xc4\x90\xc4\x90\xc4\x90\xe2\x80\xa6\xc4\x90\xc4\x90\xc4\x90\xc4\x90"},
};

START_TEST(test_mask_secret)
{
	char *m = gtd_mask_secret(masks[_i].in);

	ck_assert_str_eq(m, masks[_i].out);
	free(m);
	ck_assert_ptr_null(gtd_mask_secret(NULL));
}
END_TEST

static const struct {
	const char *secret, *candidate;
	int equal;
} compares[] = {
	{"key-demo-0123456789", "key-demo-0123456789", 1},
	{"key-demo-0123456789", "key-demo-0123456788", 0},   /* the last byte */
	{"key-demo-0123456789", "Key-demo-0123456789", 0},   /* the first */
	{"key-demo-0123456789", "key-demo-012345678", 0},    /* a prefix */
	{"key-demo-0123456789", "key-demo-01234567890", 0},  /* longer */
	{"key-demo-0123456789", "", 0},
	{"", "", 1},
	{"Mã-đối-tác", "Mã-đối-tác", 1},
	{NULL, "x", 0},
	{"x", NULL, 0},
	{NULL, NULL, 0},
};

START_TEST(test_secret_equal)
{
	ck_assert_int_eq(gtd_secret_equal(compares[_i].secret, compares[_i].candidate), compares[_i].equal);
}
END_TEST

static Suite *mask_suite(void)
{
	Suite *s = suite_create("mask");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_mask_secret, 0, N(masks));
	tcase_add_loop_test(tc, test_secret_equal, 0, N(compares));
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(mask_suite)
