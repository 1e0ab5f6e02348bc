/* The buffer fails closed: once an append fails, the error sticks and the
 * contents are gone, never left cut short. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check_main.h"

START_TEST(test_fresh_is_ok)
{
	gtd_buf b;
	char *s;

	gtd_buf_init(&b, 16);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_OK);
	ck_assert_str_eq(gtd_buf_str(&b), "");
	s = gtd_buf_detach(&b);
	ck_assert_str_eq(s, "");
	free(s);
	gtd_buf_release(&b);
}
END_TEST

/* Each kind of append, made to overflow a buffer holding "abc" of 8. */
static gtd_status over_add(gtd_buf *b) { return gtd_buf_add(b, "123456", 6); }
static gtd_status over_adds(gtd_buf *b) { return gtd_buf_adds(b, "123456"); }
static gtd_status over_addc(gtd_buf *b)
{
	gtd_buf_adds(b, "12345");
	return gtd_buf_addc(b, '6');
}
static gtd_status over_printf(gtd_buf *b) { return gtd_buf_printf(b, "%d", 123456); }
static gtd_status over_html(gtd_buf *b) { return gtd_buf_add_html(b, "a<b"); }
static gtd_status over_json(gtd_buf *b) { return gtd_buf_add_json(b, "1234"); }

static const struct {
	const char *name;
	gtd_status (*append)(gtd_buf *b);
} overflows[] = {
	{"add", over_add},       {"adds", over_adds},     {"addc", over_addc},
	{"printf", over_printf}, {"add_html", over_html}, {"add_json", over_json},
};

START_TEST(test_limit_fails_and_wipes)
{
	gtd_buf b;

	gtd_buf_init(&b, 8);
	ck_assert_int_eq(gtd_buf_adds(&b, "abc"), GTD_OK);
	ck_assert_msg(overflows[_i].append(&b) == GTD_EINVAL, "%s past the limit", overflows[_i].name);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	/* Not "abc" nor "abc12345": nothing that looks like a whole text. */
	ck_assert_str_eq(gtd_buf_str(&b), "");
	ck_assert_uint_eq(b.len, 0);
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_exactly_at_limit_is_ok)
{
	gtd_buf b;

	gtd_buf_init(&b, 8);
	ck_assert_int_eq(gtd_buf_adds(&b, "12345678"), GTD_OK);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_OK);
	ck_assert_str_eq(gtd_buf_str(&b), "12345678");
	ck_assert_int_eq(gtd_buf_add(&b, "", 0), GTD_OK);
	ck_assert_int_eq(gtd_buf_addc(&b, '9'), GTD_EINVAL);
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_later_appends_fail)
{
	gtd_buf b;

	gtd_buf_init(&b, 4);
	ck_assert_int_eq(gtd_buf_adds(&b, "12345"), GTD_EINVAL);
	/* Small enough to fit now, and empty ones too: all refused. */
	ck_assert_int_eq(gtd_buf_addc(&b, 'x'), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_adds(&b, "ok"), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_add(&b, "", 0), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_adds(&b, ""), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_printf(&b, "%s", ""), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_add_html(&b, ""), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_add_json(&b, ""), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	ck_assert_str_eq(gtd_buf_str(&b), "");
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_first_error_sticks)
{
	gtd_buf b;

	gtd_buf_init(&b, 4);
	gtd_buf_adds(&b, "12345");
	gtd_buf_fail(&b, GTD_ENOMEM);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	gtd_buf_release(&b);

	/* A part built elsewhere failed: the whole fails with its error. */
	gtd_buf_init(&b, 64);
	gtd_buf_adds(&b, "secret");
	gtd_buf_fail(&b, GTD_OK);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_OK);
	gtd_buf_fail(&b, GTD_ENOMEM);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_ENOMEM);
	ck_assert_str_eq(gtd_buf_str(&b), "");
	ck_assert_int_eq(gtd_buf_adds(&b, "x"), GTD_ENOMEM);
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_reset_keeps_release_clears)
{
	gtd_buf b;

	gtd_buf_init(&b, 4);
	gtd_buf_adds(&b, "12345");
	gtd_buf_reset(&b);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_adds(&b, "ok"), GTD_EINVAL);
	gtd_buf_release(&b);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_OK);
	/* Usable again, with the same limit. */
	ck_assert_int_eq(gtd_buf_adds(&b, "1234"), GTD_OK);
	ck_assert_str_eq(gtd_buf_str(&b), "1234");
	ck_assert_int_eq(gtd_buf_addc(&b, '5'), GTD_EINVAL);
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_detach_failed)
{
	gtd_buf b;
	char *s;

	gtd_buf_init(&b, 4);
	gtd_buf_adds(&b, "12");
	gtd_buf_adds(&b, "345");
	ck_assert_ptr_null(gtd_buf_detach(&b));
	/* Detaching hands the failure over: the buffer starts afresh. */
	ck_assert_int_eq(gtd_buf_status(&b), GTD_OK);
	ck_assert_int_eq(gtd_buf_adds(&b, "ok"), GTD_OK);
	s = gtd_buf_detach(&b);
	ck_assert_str_eq(s, "ok");
	free(s);
	gtd_buf_release(&b);
}
END_TEST

static Suite *buf_suite(void)
{
	Suite *s = suite_create("buf");
	TCase *t = tcase_create("sticky");

	tcase_add_test(t, test_fresh_is_ok);
	tcase_add_loop_test(t, test_limit_fails_and_wipes, 0, sizeof(overflows) / sizeof(overflows[0]));
	tcase_add_test(t, test_exactly_at_limit_is_ok);
	tcase_add_test(t, test_later_appends_fail);
	tcase_add_test(t, test_first_error_sticks);
	tcase_add_test(t, test_reset_keeps_release_clears);
	tcase_add_test(t, test_detach_failed);
	suite_add_tcase(s, t);
	return s;
}

GTD_CHECK_MAIN(buf_suite)
