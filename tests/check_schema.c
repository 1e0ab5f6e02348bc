#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "schema.h"

/* doc/protocol.md's messages, the original data of each message. */
static const struct {
	const char *name, *original;
} documented[] = {
	{"login-request", "access_code|user_id|layout|product|signature"},
	{"login-response", "access_code|error_code|redirect_url|signature"},
	{"place-order", "access_code|booking_number|product_type|signature|total_amount"},
	{"commit-request", "access_code|booking_number|partner_trans_id|product_type|signature"},
	{"commit-response",
	 "access_code|booking_number|error_code|product_type|properties|return_url|signature|total_amount"},
	{"query-trans-request", "access_code|booking_number|signature"},
	{"query-trans-response",
	 "access_code|booking_number|error_code|product_type|properties|return_url|signature|total_amount"},
};

START_TEST(test_field_order_matches_protocol)
{
	const gtd_schema *s = gtd_schema_find(documented[_i].name);
	char got[512] = "";
	size_t j;

	ck_assert_ptr_nonnull(s);
	ck_assert(s->nfields < GTD_FIELDS_MAX);
	for (j = 0; j <= s->nfields; j++) {
		if (j)
			strcat(got, "|");
		strcat(got, j == s->sig_pos ? "signature"
					    : s->fields[j < s->sig_pos ? j : j - 1].name);
	}
	ck_assert_str_eq(got, documented[_i].original);
}
END_TEST

START_TEST(test_find)
{
	ck_assert_uint_eq(gtd_schema_count, sizeof(documented) / sizeof(documented[0]));
	ck_assert_ptr_null(gtd_schema_find(NULL));
	ck_assert_ptr_null(gtd_schema_find(""));
	ck_assert_ptr_null(gtd_schema_find("login"));
	ck_assert_int_eq(gtd_schema_field_index(gtd_schema_find("login-request"), "product"), 3);
	ck_assert_int_eq(gtd_schema_field_index(gtd_schema_find("login-request"), "signature"), -1);
}
END_TEST

static const struct {
	const char *schema;
	const char *assign[8];   /* name=value pairs */
	int ok;
	const char *why;
} checks[] = {
	{"login-request", {"access_code=A", "user_id=u", "product=flight"}, 1, NULL},
	{"login-request", {"access_code=A", "user_id=Nguyễn Văn Bình", "layout=single", "product=hotel"}, 1, NULL},
	{"login-request", {"access_code=A", "user_id=u"}, 0, "mandatory field product"},
	{"login-request", {"access_code=A", "user_id=u", "product=Flight"}, 0, "allowed: flight, hotel"},
	{"login-request", {"access_code=A", "user_id=u", "layout=triple", "product=flight"}, 0, "(empty)"},
	{"login-request", {"access_code=A", "user_id=a|b", "product=flight"}, 0, "contains '|'"},
	{"login-request", {"user_id=u", "product=flight"}, 0, "mandatory field access_code"},
	{"commit-request", {"access_code=A", "booking_number=ADCO1", "product_type=AIR"}, 1, NULL},
	{"commit-request", {"access_code=A", "booking_number=ADCO1", "product_type=flight"}, 0, "AIR, HOTEL"},
	{"commit-response", {"access_code=A", "error_code=10"}, 1, NULL},
	{"commit-response", {"access_code=A", "error_code=11"}, 0, "not a Gotadi error code"},
	{"login-response", {"access_code=A", "error_code="}, 0, "mandatory field error_code"},
	/* Amounts: digits, as Java prints a long or a double. */
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=1850000"}, 1, NULL},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=1850000.0"}, 1, NULL},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=1.85E7"}, 1, NULL},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=abc"}, 0,
	 "field total_amount is 'abc'; it must be an amount in VND"},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=-5"}, 0, "an amount in VND"},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=1,850,000"}, 0, "an amount"},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=1.E5"}, 0, "an amount"},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount=1.5E"}, 0, "an amount"},
	/* Gotadi documents booking_number and total_amount of the commit and
	 * check answers as required: an answer that processed the booking (00,
	 * 01, 02) carries them; another error answer may not know them. */
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=00", "total_amount="}, 0,
	 "field total_amount is empty; an answer with error code 00, 01 or 02 must carry it"},
	{"query-trans-response", {"access_code=A", "error_code=01", "total_amount=1.0"}, 0,
	 "field booking_number is empty; an answer with error code 00, 01 or 02"},
	{"commit-response", {"access_code=A", "booking_number=B", "error_code=02", "total_amount="}, 0,
	 "field total_amount is empty"},
	{"commit-response", {"access_code=A", "error_code=05"}, 1, NULL},
	{"query-trans-response", {"access_code=A", "booking_number=B", "error_code=10"}, 1, NULL},
	/* The redirect's booking_number, product_type and total_amount are
	 * optional in Gotadi's documentation; given, they are checked. */
	{"place-order", {"access_code=A"}, 1, NULL},
	{"place-order", {"access_code=A", "booking_number=B", "product_type=AIR", "total_amount=12a"}, 0,
	 "an amount"},
	{"place-order", {"access_code=A", "booking_number=B", "product_type=TRAIN"}, 0, "AIR, HOTEL"},
};

START_TEST(test_fields_check)
{
	const gtd_schema *s = gtd_schema_find(checks[_i].schema);
	gtd_fields f;
	gtd_err err;
	int j;

	gtd_fields_init(&f, s);
	for (j = 0; checks[_i].assign[j]; j++) {
		char name[64];
		const char *eq = strchr(checks[_i].assign[j], '=');

		memcpy(name, checks[_i].assign[j], (size_t)(eq - checks[_i].assign[j]));
		name[eq - checks[_i].assign[j]] = '\0';
		ck_assert_int_eq(gtd_fields_set(&f, name, eq + 1, &err), GTD_OK);
	}
	if (checks[_i].ok) {
		ck_assert_int_eq(gtd_fields_check(&f, NULL, &err), GTD_OK);
	} else {
		ck_assert_int_eq(gtd_fields_check(&f, NULL, &err), GTD_EINVAL);
		ck_assert_msg(strstr(err.msg, checks[_i].why), "'%s' lacks '%s'", err.msg, checks[_i].why);
	}
	gtd_fields_release(&f);
}
END_TEST

START_TEST(test_fields_set_get)
{
	gtd_fields f;
	gtd_err err;

	gtd_fields_init(&f, gtd_schema_find("query-trans-request"));
	ck_assert_str_eq(gtd_fields_get(&f, "booking_number"), "");
	ck_assert_ptr_null(gtd_fields_get(&f, "user_id"));
	ck_assert_int_eq(gtd_fields_set(&f, "user_id", "x", &err), GTD_ENOTFOUND);
	ck_assert_str_eq(err.msg, "query-trans-request has no field 'user_id'");
	ck_assert_int_eq(gtd_fields_set(&f, "booking_number", "A", NULL), GTD_OK);
	ck_assert_int_eq(gtd_fields_set(&f, "booking_number", "B", NULL), GTD_OK);
	ck_assert_str_eq(gtd_fields_get(&f, "booking_number"), "B");
	gtd_fields_release(&f);
	gtd_fields_release(&f);   /* releasing twice is harmless */
}
END_TEST

START_TEST(test_fields_set_pairs)
{
	const char *const pairs[][2] = {
		{"access_code", "AC-DEMO"}, {"booking_number", NULL}, {"user_id", "x"},
		{"partner_trans_id", "T1"},
	};
	gtd_fields f;
	gtd_err err;

	gtd_fields_init(&f, gtd_schema_find("commit-request"));
	ck_assert_int_eq(gtd_fields_set_pairs(&f, pairs, 2, &err), GTD_OK);
	ck_assert_str_eq(gtd_fields_get(&f, "access_code"), "AC-DEMO");
	ck_assert_str_eq(gtd_fields_get(&f, "booking_number"), "");   /* NULL: left unset */
	/* The first failure stops it, with its reason; what came before is set. */
	ck_assert_int_eq(gtd_fields_set_pairs(&f, pairs, 4, &err), GTD_ENOTFOUND);
	ck_assert_str_eq(err.msg, "commit-request has no field 'user_id'");
	ck_assert_str_eq(gtd_fields_get(&f, "partner_trans_id"), "");
	gtd_fields_release(&f);
}
END_TEST

/* Signature data as a terminal or a journal may show it: the access code
 * masked wherever the schema puts it, every other field as it is. */
static const struct {
	const char *schema, *data, *shown;
} masked[] = {
	{"login-request", "GTD2491052C2F0A|u1||flight", "********|u1||flight"},
	{"login-request", "AC-0123456789abcdefXY|u1||flight", "AC-0…efXY|u1||flight"},
	{"login-request", "AC|Nguyễn Văn Bình|single|hotel", "********|Nguyễn Văn Bình|single|hotel"},
	{"commit-request", "|ADCO|T1|AIR", "|ADCO|T1|AIR"},          /* nothing to mask */
	{"query-trans-request", "AC-0123456789abcdefXY", "AC-0…efXY"},   /* fewer fields than the schema */
	{"query-trans-request", "AC-0123456789abcdefXY|B|x|y", "AC-0…efXY|B|x|y"},  /* more */
	{"login-request", "", ""},
};

START_TEST(test_mask_signed)
{
	char *shown = gtd_schema_mask_signed(gtd_schema_find(masked[_i].schema), masked[_i].data);

	ck_assert_ptr_nonnull(shown);
	ck_assert_str_eq(shown, masked[_i].shown);
	free(shown);
}
END_TEST

static Suite *schema_suite(void)
{
	Suite *s = suite_create("schema");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_find);
	tcase_add_loop_test(tc, test_field_order_matches_protocol, 0,
			    sizeof(documented) / sizeof(documented[0]));
	tcase_add_loop_test(tc, test_fields_check, 0, sizeof(checks) / sizeof(checks[0]));
	tcase_add_test(tc, test_fields_set_get);
	tcase_add_test(tc, test_fields_set_pairs);
	tcase_add_loop_test(tc, test_mask_signed, 0, sizeof(masked) / sizeof(masked[0]));
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(schema_suite)
