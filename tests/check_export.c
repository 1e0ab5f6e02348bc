#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "codes.h"
#include "export.h"
#include "fs.h"
#include "keys.h"
#include "pack.h"
#include "provision.h"
#include "rules.h"
#include "testdata.h"

#define COMPANY "Công ty Cổ phần Du lịch Việt Nam"

static char dir[64];
static char out[128];
static gtd_store *store;
static gtd_partner *p;

/* A partner the way provisioning leaves it: sandbox credentials, Gotadi's
 * (the emulator's) key, the partner's own key. */
static void setup(void)
{
	char *pem = data_read("kat2048.pub.pem", NULL);

	strcpy(dir, "/tmp/gtd-check-export.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/pack", dir);
	ck_assert_int_eq(gtd_store_open(dir, &store, NULL), GTD_OK);
	p = gtd_partner_new("dulich-vn");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(gtd_partner_set(p, "company.name", COMPANY, NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "links.payment_url", "https://pay.dulichvn.example/gotadi",
					 NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set_partner_key(p, pem, NULL), GTD_OK);
	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_SANDBOX, "http://127.0.0.1:8080", 1024, 0, NULL),
			 GTD_OK);
	free(pem);
}

static void teardown(void)
{
	char cmd[128];

	gtd_partner_free(p);
	gtd_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* connection-info.md for p, as a string the caller frees. */
static char *render(int with_emulator_key)
{
	gtd_buf b;
	gtd_err err;

	gtd_buf_init(&b, 1 << 20);
	ck_assert_msg(export_render_info(p, 0, with_emulator_key, &b, &err) == GTD_OK, "%s", err.msg);
	return gtd_buf_detach(&b);
}

static const struct {
	const char *in, *want;
} md_cases[] = {
	{NULL, "-"},
	{"", ""},
	{"plain text", "plain text"},
	{COMPANY, COMPANY},
	{"a|b", "a\\|b"},
	{"*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"},
	{"<script>[x](y)", "\\<script\\>\\[x\\](y)"},
	{"#1 \\ back", "\\#1 \\\\ back"},
	{"two\nlines\r\tand a tab", "two lines  and a tab"},
};

START_TEST(test_md_text)
{
	gtd_buf b;

	gtd_buf_init(&b, 1024);
	ck_assert_int_eq(export_md_text(&b, md_cases[_i].in), GTD_OK);
	ck_assert_str_eq(gtd_buf_str(&b), md_cases[_i].want);
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_md_text_limit_fails_buffer)
{
	gtd_buf b;

	/* Past the limit nothing half-escaped is left behind. */
	gtd_buf_init(&b, 3);
	ck_assert_int_eq(export_md_text(&b, "a|b"), GTD_EINVAL);
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	ck_assert_str_eq(gtd_buf_str(&b), "");
	gtd_buf_release(&b);
}
END_TEST

START_TEST(test_check_names_the_missing_command)
{
	gtd_partner *fresh = gtd_partner_new("fresh");
	gtd_err err;

	ck_assert_int_eq(export_check(fresh, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "partner fresh has no sandbox credentials yet: "
				  "run 'gtd-console provision fresh' first");
	ck_assert_int_eq(gtd_provision(store, fresh, GTD_ENV_SANDBOX, "http://127.0.0.1:8080", 1024, 0,
				       NULL), GTD_OK);
	ck_assert_int_eq(export_check(fresh, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "partner fresh has no public key yet: "
				  "run 'gtd-console import-key fresh FILE' first");
	ck_assert_int_eq(export_check(p, &err), GTD_OK);
	gtd_partner_free(fresh);
}
END_TEST

START_TEST(test_info_headers_and_keys)
{
	const gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];
	char *md = render(0), line[256];
	gtd_key *k = NULL;
	char *xml;

	ck_assert_ptr_nonnull(strstr(md, "# Gotadi connection information / Thông tin kết nối Gotadi"));
	ck_assert_ptr_nonnull(strstr(md, "**" COMPANY "**"));
	snprintf(line, sizeof(line), "| `apikey` | `%s` |", e->api_key);
	ck_assert_ptr_nonnull(strstr(md, line));
	snprintf(line, sizeof(line), "| `x-ibe-req-name` | `%s` |", e->access_code);
	ck_assert_ptr_nonnull(strstr(md, line));
	snprintf(line, sizeof(line), "\napikey: %s\nx-ibe-req-name: %s\n", e->api_key, e->access_code);
	ck_assert_ptr_nonnull(strstr(md, line));
	ck_assert_ptr_nonnull(strstr(md, "`http://127.0.0.1:8080`"));
	ck_assert_ptr_nonnull(strstr(md, e->gotadi_public_key));
	ck_assert_int_eq(gtd_key_parse(e->gotadi_public_key, strlen(e->gotadi_public_key),
				       GTD_KEY_PUBLIC, &k, NULL), GTD_OK);
	xml = gtd_key_to_xml(k, GTD_KEY_PUBLIC);
	ck_assert_ptr_nonnull(strstr(md, xml));
	ck_assert_ptr_nonnull(strstr(md, k->fingerprint));
	ck_assert_ptr_nonnull(strstr(md, p->partner_key.fingerprint));
	ck_assert_ptr_nonnull(strstr(md, "RSA 2048-bit public key"));
	/* Only public halves: the partner would otherwise hold Gotadi's key. */
	ck_assert_ptr_null(strstr(md, "PRIVATE KEY"));
	ck_assert_ptr_null(strstr(md, "<D>"));
	free(xml);
	gtd_key_free(k);
	free(md);
}
END_TEST

START_TEST(test_info_tables_come_from_the_library)
{
	char *md = render(0), line[512];
	size_t i, n;
	const gtd_rule *r = gtd_rules_table(&n);

	for (i = 0; i < GTD_CODE_COUNT; i++) {
		snprintf(line, sizeof(line), "| `%s` | %d | %s | %s |", gtd_codes[i].code,
			 gtd_codes[i].http, gtd_codes[i].en, gtd_codes[i].vi);
		ck_assert_msg(strstr(md, line), "no row: %s", line);
	}
	for (i = 0; i < gtd_http_code_count; i++) {
		snprintf(line, sizeof(line), "| %d | %s | %s | %s |", gtd_http_codes[i].status,
			 gtd_http_codes[i].reason, gtd_http_codes[i].en, gtd_http_codes[i].vi);
		ck_assert_msg(strstr(md, line), "no row: %s", line);
	}
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof(line), "| `%s` |", r[i].id);
		ck_assert_msg(strstr(md, line), "no rule %s", r[i].id);
		ck_assert_ptr_nonnull(strstr(md, r[i].vi));
	}
	for (i = 0; i < GTD_STEP_COUNT; i++) {
		snprintf(line, sizeof(line), "| %s | %s |", gtd_steps[i].en, gtd_steps[i].vi);
		ck_assert_msg(strstr(md, line), "no step %s", gtd_steps[i].name);
	}
	free(md);
}
END_TEST

/* doc/protocol.md's endpoints, with '|' escaped inside the table. */
static const char *const endpoint_texts[] = {
	"POST `/api/partner/login`",
	"`access_code\\|user_id\\|layout\\|product` | `access_code\\|user_id\\|layout\\|product\\|signature`",
	"`access_code\\|error_code\\|redirect_url` / `access_code\\|error_code\\|redirect_url\\|signature`",
	"GET `/api/partner/place-order?bookingNumber=N`",
	"`access_code\\|booking_number\\|product_type\\|signature\\|total_amount`",
	"POST `/api/partner/commit`",
	"`access_code\\|booking_number\\|partner_trans_id\\|product_type\\|signature`",
	"`access_code\\|booking_number\\|error_code\\|product_type\\|properties\\|return_url\\|signature\\|total_amount`",
	"POST `/api/partner/query-trans`",
	"`access_code\\|booking_number` | `access_code\\|booking_number\\|signature`",
	"GET `/api/products/booking-detail?booking_number=N`",
};

START_TEST(test_info_endpoints)
{
	char *md = render(0);

	ck_assert_msg(strstr(md, endpoint_texts[_i]), "missing %s", endpoint_texts[_i]);
	free(md);
}
END_TEST

START_TEST(test_info_redirect_follows_the_partner)
{
	char *md = render(0);

	ck_assert_ptr_nonnull(strstr(md, "REDIRECT `https://pay.dulichvn.example/gotadi?key=K?data=D`"));
	free(md);
	ck_assert_int_eq(gtd_partner_set(p, "settings.redirect_separator", "&", NULL), GTD_OK);
	md = render(0);
	ck_assert_ptr_nonnull(strstr(md, "REDIRECT `https://pay.dulichvn.example/gotadi?key=K&data=D`"));
	free(md);
}
END_TEST

START_TEST(test_info_support_and_emulator)
{
	char *md = render(0);

	ck_assert_ptr_nonnull(strstr(md, "No shared channel"));
	ck_assert_ptr_null(strstr(md, "gtd-mock --pack"));
	free(md);
	ck_assert_int_eq(gtd_partner_add_channel(p, GTD_CS_ZALO, "Nhóm hỗ trợ | Gotadi"), GTD_OK);
	md = render(1);
	ck_assert_ptr_nonnull(strstr(md, "| zalo | Nhóm hỗ trợ \\| Gotadi |"));
	ck_assert_ptr_nonnull(strstr(md, "gtd-mock --pack pack.json"));
	free(md);
}
END_TEST

START_TEST(test_info_names_exactly_what_is_missing)
{
	char *md = render(0);

	/* The record has the company's name and the payment link: the rest
	 * of those items is named, field by field, in both languages. */
	ck_assert_msg(strstr(md, "- Company address, Company website / \xc4\x90\xe1\xbb\x8b" "a ch\xe1\xbb\x89 "
				 "c\xc3\xb4ng ty, Website c\xc3\xb4ng ty\n"), "%s", md);
	ck_assert_msg(strstr(md, "- Product page link / "), "%s", md);
	ck_assert_msg(!strstr(md, "Company name, address and website"), "%s", md);
	ck_assert_msg(strstr(md, "- Administrator's full name, e-mail and phone / "), "%s", md);
	free(md);
}
END_TEST

START_TEST(test_info_refuses_a_broken_gotadi_key)
{
	gtd_buf b;
	gtd_err err;

	free(p->env[GTD_ENV_SANDBOX].gotadi_public_key);
	p->env[GTD_ENV_SANDBOX].gotadi_public_key = strdup("not a key");
	gtd_buf_init(&b, 1 << 20);
	ck_assert_int_ne(export_render_info(p, 0, 0, &b, &err), GTD_OK);
	ck_assert_ptr_nonnull(strstr(err.msg, "Gotadi's public key in partner dulich-vn: "));
	gtd_buf_release(&b);
}
END_TEST

/* Cut off anywhere - in the heading, a table, a code span, the last
 * byte - the text is refused whole: nothing of it is left in the buffer. */
START_TEST(test_info_too_large_leaves_nothing)
{
	char *full = render(1);
	size_t limits[] = {10, 500, 5000, strlen(full) - 1};
	gtd_buf b;
	gtd_err err;

	free(full);
	gtd_buf_init(&b, limits[_i]);
	ck_assert_int_eq(export_render_info(p, 0, 1, &b, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "would be too large"));
	ck_assert_int_eq(gtd_buf_status(&b), GTD_EINVAL);
	ck_assert_str_eq(gtd_buf_str(&b), "");
	ck_assert_ptr_null(gtd_buf_detach(&b));
	gtd_buf_release(&b);
}
END_TEST

static void assert_mode(const char *path, mode_t mode)
{
	struct stat st;

	ck_assert_msg(stat(path, &st) == 0, "%s is missing", path);
	ck_assert_int_eq(st.st_mode & 0777, mode);
}

START_TEST(test_write_files_and_modes)
{
	char path[256];
	gtd_pack back;
	gtd_err err;

	ck_assert_msg(export_write(store, p, out, 0, &err) == GTD_OK, "%s", err.msg);
	assert_mode(out, 0700);
	snprintf(path, sizeof(path), "%s/%s", out, EXPORT_INFO_FILE);
	assert_mode(path, 0600);
	snprintf(path, sizeof(path), "%s/%s", out, EXPORT_PACK_FILE);
	assert_mode(path, 0600);
	ck_assert_int_eq(gtd_pack_load(path, &back, &err), GTD_OK);
	ck_assert_str_eq(back.partner_id, "dulich-vn");
	ck_assert_str_eq(back.company, COMPANY);
	ck_assert_str_eq(back.api_key, p->env[GTD_ENV_SANDBOX].api_key);
	ck_assert_str_eq(back.access_code, p->env[GTD_ENV_SANDBOX].access_code);
	ck_assert_str_eq(back.gotadi_public_key, p->env[GTD_ENV_SANDBOX].gotadi_public_key);
	ck_assert_str_eq(back.partner_public_key, p->partner_key.pem);
	ck_assert_str_eq(back.payment_url, "https://pay.dulichvn.example/gotadi");
	ck_assert_ptr_null(back.emulator_private_key);
	/* What gtd-mock --pack needs to draw the webview as Gotadi will. */
	ck_assert_str_eq(back.theme.primary, p->theme.primary);
	ck_assert_str_eq(back.theme.button_text, p->theme.button_text);
	ck_assert_str_eq(back.layout, gtd_layout_names[p->layout]);
	gtd_pack_release(&back);
}
END_TEST

START_TEST(test_write_with_the_emulator_key)
{
	char path[256];
	gtd_key *k = NULL;
	gtd_pack back;
	gtd_err err;

	ck_assert_msg(export_write(store, p, out, 1, &err) == GTD_OK, "%s", err.msg);
	snprintf(path, sizeof(path), "%s/%s", out, EXPORT_PACK_FILE);
	ck_assert_int_eq(gtd_pack_load(path, &back, &err), GTD_OK);
	ck_assert_ptr_nonnull(back.emulator_private_key);
	ck_assert_int_eq(gtd_key_parse(back.emulator_private_key, strlen(back.emulator_private_key),
				       GTD_KEY_PRIVATE, &k, NULL), GTD_OK);
	ck_assert_str_eq(k->fingerprint, p->emulator_key.fingerprint);
	gtd_key_free(k);
	gtd_pack_release(&back);
}
END_TEST

START_TEST(test_write_refuses_a_foreign_emulator_key)
{
	char *pem = data_read("kat1024.pem", NULL), *path = gtd_store_emulator_key_path(store, p);
	gtd_err err;

	/* Another private key where the record's emulator key should be. */
	ck_assert_int_eq(gtd_file_write_atomic(path, pem, strlen(pem), 0600, 0, NULL), GTD_OK);
	ck_assert_int_eq(export_write(store, p, out, 1, &err), GTD_EKEY);
	ck_assert_ptr_nonnull(strstr(err.msg, "does not match partner dulich-vn's emulator key"));
	ck_assert_int_ne(access(out, F_OK), 0);
	free(path);
	free(pem);
}
END_TEST

START_TEST(test_write_without_the_emulator_key_file)
{
	char *path = gtd_store_emulator_key_path(store, p);
	gtd_err err;

	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(export_write(store, p, out, 1, &err), GTD_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "provision dulich-vn --rotate-key"));
	free(path);
}
END_TEST

START_TEST(test_write_refuses_before_touching_the_disk)
{
	gtd_partner *fresh = gtd_partner_new("fresh");
	gtd_err err;

	ck_assert_int_eq(export_write(store, fresh, out, 0, &err), GTD_EINVAL);
	ck_assert_int_ne(access(out, F_OK), 0);
	gtd_partner_free(fresh);
}
END_TEST

START_TEST(test_write_into_a_file_fails)
{
	char path[256];
	gtd_err err;

	snprintf(path, sizeof(path), "%s/plain", dir);
	ck_assert_int_eq(gtd_file_write_atomic(path, "x", 1, 0600, 1, NULL), GTD_OK);
	ck_assert_int_ne(export_write(store, p, path, 0, &err), GTD_OK);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
}
END_TEST

static Suite *export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *pure = tcase_create("markdown"), *info = tcase_create("info"), *files = tcase_create("files");
	size_t nmd = sizeof(md_cases) / sizeof(md_cases[0]);
	size_t nep = sizeof(endpoint_texts) / sizeof(endpoint_texts[0]);

	tcase_add_loop_test(pure, test_md_text, 0, (int)nmd);
	tcase_add_test(pure, test_md_text_limit_fails_buffer);
	suite_add_tcase(s, pure);
	tcase_add_checked_fixture(info, setup, teardown);
	tcase_add_test(info, test_check_names_the_missing_command);
	tcase_add_test(info, test_info_names_exactly_what_is_missing);
	tcase_add_test(info, test_info_headers_and_keys);
	tcase_add_test(info, test_info_tables_come_from_the_library);
	tcase_add_loop_test(info, test_info_endpoints, 0, (int)nep);
	tcase_add_test(info, test_info_redirect_follows_the_partner);
	tcase_add_test(info, test_info_support_and_emulator);
	tcase_add_test(info, test_info_refuses_a_broken_gotadi_key);
	tcase_add_loop_test(info, test_info_too_large_leaves_nothing, 0, 4);
	suite_add_tcase(s, info);
	tcase_add_checked_fixture(files, setup, teardown);
	tcase_add_test(files, test_write_files_and_modes);
	tcase_add_test(files, test_write_with_the_emulator_key);
	tcase_add_test(files, test_write_refuses_a_foreign_emulator_key);
	tcase_add_test(files, test_write_without_the_emulator_key_file);
	tcase_add_test(files, test_write_refuses_before_touching_the_disk);
	tcase_add_test(files, test_write_into_a_file_fails);
	suite_add_tcase(s, files);
	return s;
}

GTD_CHECK_MAIN(export_suite)
