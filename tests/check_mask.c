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

static Suite *mask_suite(void)
{
	Suite *s = suite_create("mask");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_mask_secret, 0, N(masks));
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(mask_suite)
