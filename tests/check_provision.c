#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check_main.h"
#include "fs.h"
#include "keys.h"
#include "partner_json.h"
#include "provision.h"

static char dir[64];
static gtd_store *store;
static gtd_partner *p;

static void setup(void)
{
	strcpy(dir, "/tmp/gtd-check-provision.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(gtd_store_open(dir, &store, NULL), GTD_OK);
	p = gtd_partner_new("acme-pay");
}

static void teardown(void)
{
	char cmd[128];

	gtd_partner_free(p);
	gtd_store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_sandbox_credentials_and_emulator_key)
{
	gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];
	gtd_key *k = NULL;
	struct stat st;
	char *path;

	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_SANDBOX, "http://127.0.0.1:8080", 1024, 0,
				       NULL), GTD_OK);
	path = gtd_store_emulator_key_path(store, p);
	ck_assert_ptr_nonnull(strstr(path, "/keys/acme-pay/emulator-"));
	ck_assert_uint_eq(strlen(e->api_key), 32);
	ck_assert_uint_eq(strspn(e->api_key, "0123456789abcdef"), 32);
	ck_assert_uint_eq(strlen(e->access_code), 15);
	ck_assert_uint_eq(strspn(e->access_code + 3, "0123456789ABCDEF"), 12);
	ck_assert_ptr_nonnull(e->activation_token);
	ck_assert_ptr_null(e->activated_at);
	ck_assert_str_eq(e->gateway_url, "http://127.0.0.1:8080");
	/* The private half is a 0600 file whose public half the record holds. */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(gtd_key_load(path, GTD_KEY_PRIVATE, &k, NULL), GTD_OK);
	ck_assert_str_eq(k->fingerprint, p->emulator_key.fingerprint);
	ck_assert_str_eq(e->gotadi_public_key, p->emulator_key.public_pem);
	gtd_key_free(k);
	free(path);
}
END_TEST

START_TEST(test_reprovision_rotates_credentials_keeps_key)
{
	gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];
	char *key1, *fp1, *json;

	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_SANDBOX, "http://127.0.0.1:8080", 1024, 0,
				       NULL), GTD_OK);
	key1 = strdup(e->api_key);
	fp1 = strdup(p->emulator_key.fingerprint);
	ck_assert_int_eq(gtd_partner_set(p, "env.sandbox.activated_at", "2026-11-28T10:00:00Z", NULL),
			 GTD_OK);
	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_SANDBOX, "http://127.0.0.1:9090", 1024, 0,
				       NULL), GTD_OK);
	ck_assert_str_ne(e->api_key, key1);
	ck_assert_str_eq(p->emulator_key.fingerprint, fp1);
	ck_assert_ptr_null(e->activated_at);   /* the administrator activates again */
	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_SANDBOX, "http://127.0.0.1:9090", 1024, 1,
				       NULL), GTD_OK);
	ck_assert_str_ne(p->emulator_key.fingerprint, fp1);
	json = gtd_partner_to_json(p);
	ck_assert_ptr_null(strstr(json, "PRIVATE"));
	free(json);
	free(key1);
	free(fp1);
}
END_TEST

START_TEST(test_bad_gateway_leaves_record_unchanged)
{
	gtd_err err;
	char *before = gtd_partner_to_json(p), *after;

	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_SANDBOX, "ftp://gateway", 1024, 0, &err),
			 GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "gateway URL ftp://gateway"), "%s", err.msg);
	/* Live gateways must be HTTPS. */
	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_LIVE, "http://gw.example.vn", 1024, 0, &err),
			 GTD_EINVAL);
	after = gtd_partner_to_json(p);
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
}
END_TEST

START_TEST(test_live_needs_no_emulator_key)
{
	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_LIVE, "https://gw.example.vn", 1024, 0, NULL),
			 GTD_OK);
	ck_assert_ptr_nonnull(p->env[GTD_ENV_LIVE].api_key);
	ck_assert_ptr_null(p->emulator_key.public_pem);
}
END_TEST

START_TEST(test_activation_mail)
{
	char *where = NULL, *msg;
	gtd_err err;

	ck_assert_int_eq(gtd_provision_mail(store, p, NULL, &where, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "provision it first"), "%s", err.msg);
	ck_assert_int_eq(gtd_provision(store, p, GTD_ENV_SANDBOX, "http://127.0.0.1:8080/", 1024, 0,
				       NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "admin.full_name", "Nguyễn Thị Lan", NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "admin.email", "lan@acme.example.vn", NULL), GTD_OK);
	ck_assert_int_eq(gtd_provision_mail(store, p, NULL, &where, &err), GTD_OK);
	ck_assert_msg(strstr(where, "/outbox/new/"), "%s", where);
	ck_assert_int_eq(gtd_file_read(where, 1 << 20, &msg, NULL, NULL), GTD_OK);
	ck_assert_ptr_nonnull(strstr(msg, "X-Gtd-Kind: activation"));
	ck_assert_ptr_nonnull(strstr(msg, "lan@acme.example.vn"));
	free(msg);
	free(where);
}
END_TEST

static Suite *provision_suite(void)
{
	Suite *s = suite_create("provision");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bad_gateway_leaves_record_unchanged);
	tcase_add_test(tc, test_sandbox_credentials_and_emulator_key);
	tcase_add_test(tc, test_reprovision_rotates_credentials_keeps_key);
	tcase_add_test(tc, test_live_needs_no_emulator_key);
	tcase_add_test(tc, test_activation_mail);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(provision_suite)
