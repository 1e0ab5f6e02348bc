#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "fs.h"
#include "pack.h"
#include "partner.h"

static char dir[] = "/tmp/gtd-check-pack.XXXXXX";
static char path[256];

static void setup(void)
{
	strcpy(dir, "/tmp/gtd-check-pack.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/pack.json", dir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
}

static gtd_pack sample(void)
{
	gtd_pack p = {
		.partner_id = (char *)"demo",
		.company = (char *)"Công ty Cổ phần Ví Điện Tử Sen Vàng",
		.gateway_url = (char *)"http://127.0.0.1:8080",
		.api_key = (char *)"0123456789abcdef0123456789abcdef",
		.access_code = (char *)"GTD0A1B2C3D4E5F",
		.gotadi_public_key = (char *)"-----BEGIN PUBLIC KEY-----\nG\n-----END PUBLIC KEY-----\n",
		.partner_public_key = (char *)"-----BEGIN PUBLIC KEY-----\nP\n-----END PUBLIC KEY-----\n",
	};
	return p;
}

START_TEST(test_round_trip_mode_0600)
{
	gtd_pack p = sample(), back;
	struct stat st;

	p.emulator_private_key = (char *)"-----BEGIN PRIVATE KEY-----\nE\n-----END PRIVATE KEY-----\n";
	ck_assert_int_eq(gtd_pack_write(&p, path, NULL), GTD_OK);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(gtd_pack_load(path, &back, NULL), GTD_OK);
	ck_assert_str_eq(back.company, p.company);
	ck_assert_str_eq(back.access_code, p.access_code);
	ck_assert_str_eq(back.emulator_private_key, p.emulator_private_key);
	ck_assert_ptr_null(back.payment_url);
	ck_assert_ptr_null(back.partner_private_key_path);
	gtd_pack_release(&back);
	ck_assert_ptr_null(back.company);
}
END_TEST

/* The webview's look travels with the pack, and a pack without it (as
 * older kits wrote) loads with none. */
START_TEST(test_round_trip_look)
{
	gtd_partner *partner = gtd_partner_new("demo");
	gtd_pack p = sample(), back;

	ck_assert_ptr_nonnull(partner);
	ck_assert_int_eq(gtd_partner_set(partner, "theme.primary", "#0b6e4f", NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(partner, "layout", "single", NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(partner, "links.product_url", "https://senvang.example.vn/du-lich",
					 NULL), GTD_OK);
	gtd_pack_borrow_look(&p, partner);
	ck_assert_int_eq(gtd_pack_write(&p, path, NULL), GTD_OK);
	ck_assert_int_eq(gtd_pack_load(path, &back, NULL), GTD_OK);
	ck_assert_str_eq(back.theme.primary, "#0b6e4f");
	ck_assert_str_eq(back.theme.background, partner->theme.background);
	ck_assert_str_eq(back.layout, "single");
	ck_assert_str_eq(back.product_url, "https://senvang.example.vn/du-lich");
	gtd_pack_release(&back);
	ck_assert_ptr_null(back.theme.primary);

	p = sample();
	ck_assert_int_eq(gtd_pack_write(&p, path, NULL), GTD_OK);
	ck_assert_int_eq(gtd_pack_load(path, &back, NULL), GTD_OK);
	ck_assert_ptr_null(back.theme.primary);
	ck_assert_ptr_null(back.layout);
	gtd_pack_release(&back);
	gtd_partner_free(partner);
}
END_TEST

START_TEST(test_write_needs_required_members)
{
	gtd_pack p = sample();
	gtd_err err;

	p.api_key = NULL;
	ck_assert_int_eq(gtd_pack_write(&p, path, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "the pack needs api_key");
	ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

static const struct {
	const char *json, *why;
} bad[] = {
	{"[]", "is not a connection pack"},
	{"{\"format\":\"other\"}", "is not a connection pack"},
	{"{\"format\":\"gtd-connection-pack\",\"format_version\":2}", "newer version of the kit"},
	{"{\"format\":\"gtd-connection-pack\",\"format_version\":1,\"partner_id\":\"d\"}",
	 "gateway_url is missing"},
	{"{\"format\":\"gtd-connection-pack\",\"format_version\":1,\"partner_id\":7}",
	 "partner_id is not a non-empty string"},
	{"{\"format\":\"gtd-connection-pack\",\"format_version\":1,\"partner_id\":\"d\",\"gateway_url\":\"u\","
	 "\"api_key\":\"k\",\"access_code\":\"c\",\"gotadi_public_key\":\"g\",\"partner_public_key\":\"p\","
	 "\"theme\":\"#0b6e4f\"}", "theme is not an object"},
	{"{\"format\":\"gtd-connection-pack\",\"format_version\":1,\"partner_id\":\"d\",\"gateway_url\":\"u\","
	 "\"api_key\":\"k\",\"access_code\":\"c\",\"gotadi_public_key\":\"g\",\"partner_public_key\":\"p\","
	 "\"theme\":{\"primary\":11}}", "theme.primary is not a non-empty string"},
};

START_TEST(test_load_refusals)
{
	gtd_pack p;
	gtd_err err;

	ck_assert_int_eq(gtd_file_write_atomic(path, bad[_i].json, strlen(bad[_i].json), 0600, 0, NULL),
			 GTD_OK);
	ck_assert_int_eq(gtd_pack_load(path, &p, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, bad[_i].why), "'%s' lacks '%s'", err.msg, bad[_i].why);
	gtd_pack_release(&p);
}
END_TEST

START_TEST(test_load_missing_file)
{
	gtd_pack p;
	gtd_err err;

	ck_assert_int_eq(gtd_pack_load("/nonexistent/pack.json", &p, &err), GTD_ENOTFOUND);
	gtd_pack_release(&p);
}
END_TEST

static Suite *pack_suite(void)
{
	Suite *s = suite_create("pack");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load_missing_file);
	tcase_add_test(tc, test_write_needs_required_members);
	tcase_add_loop_test(tc, test_load_refusals, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_round_trip_mode_0600);
	tcase_add_test(tc, test_round_trip_look);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(pack_suite)
