#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "check_main.h"

static const struct {
	const char *raw, *std, *url;
} vectors[] = {
	/* RFC 4648 section 10, and bytes that differ between alphabets */
	{"", "", ""},
	{"f", "Zg==", "Zg"},
	{"fo", "Zm8=", "Zm8"},
	{"foo", "Zm9v", "Zm9v"},
	{"foob", "Zm9vYg==", "Zm9vYg"},
	{"fooba", "Zm9vYmE=", "Zm9vYmE"},
	{"foobar", "Zm9vYmFy", "Zm9vYmFy"},
	{"\xfb\xff\xbf", "+/+/", "-_-_"},
	{"Vi\xe1\xbb\x87t", "Vmnhu4d0", "Vmnhu4d0"},
};

START_TEST(test_encode_vectors)
{
	size_t n = strlen(vectors[_i].raw);
	char *s = gtd_b64_encode((const unsigned char *)vectors[_i].raw, n, GTD_B64_STD);
	char *u = gtd_b64_encode((const unsigned char *)vectors[_i].raw, n, GTD_B64_URL);

	ck_assert_str_eq(s, vectors[_i].std);
	ck_assert_str_eq(u, vectors[_i].url);
	free(s);
	free(u);
}
END_TEST

START_TEST(test_decode_both_alphabets)
{
	const char *inputs[2] = {vectors[_i].std, vectors[_i].url};
	int j;

	for (j = 0; j < 2; j++) {
		unsigned char *out = NULL;
		size_t len = 99;
		gtd_err err;

		ck_assert_int_eq(gtd_b64_decode(inputs[j], strlen(inputs[j]), &out, &len, &err), GTD_OK);
		ck_assert_uint_eq(len, strlen(vectors[_i].raw));
		ck_assert_mem_eq(out, vectors[_i].raw, len);
		free(out);
	}
}
END_TEST

static const struct {
	const char *in;
	const char *why;
} bad[] = {
	{"Z", "truncated"},
	{"Zm9vY", "truncated"},
	{"Zm9v!A", "0x21 at offset 4"},
	{"Zm=v", "middle"},
	{"Zg===", "padding"},
	{"Zm9=Y", "middle"},
	{"+/-_", "mixes"},
	{"Zm9v\n", "0x0a at offset 4"},
	{"Zm9vYg=", "padding"},
};

START_TEST(test_decode_rejects)
{
	unsigned char *out = (unsigned char *)"sentinel";
	size_t len = 99;
	gtd_err err;

	ck_assert_int_eq(gtd_b64_decode(bad[_i].in, strlen(bad[_i].in), &out, &len, &err), GTD_EINVAL);
	ck_assert_ptr_null(out);
	ck_assert_uint_eq(len, 0);
	ck_assert_msg(strstr(err.msg, bad[_i].why), "'%s': message '%s' lacks '%s'",
		      bad[_i].in, err.msg, bad[_i].why);
}
END_TEST

START_TEST(test_round_trip_all_bytes)
{
	unsigned char raw[256], *out;
	size_t i, len;
	int a;

	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (unsigned char)i;
	for (a = GTD_B64_STD; a <= GTD_B64_URL; a++) {
		for (i = 0; i <= sizeof(raw); i++) {
			char *s = gtd_b64_encode(raw, i, (gtd_b64_alphabet)a);

			ck_assert_int_eq(gtd_b64_decode(s, strlen(s), &out, &len, NULL), GTD_OK);
			ck_assert_uint_eq(len, i);
			ck_assert(i == 0 || memcmp(out, raw, i) == 0);
			free(out);
			free(s);
		}
	}
}
END_TEST

static Suite *b64_suite(void)
{
	Suite *s = suite_create("b64");
	TCase *tc = tcase_create("core");

	tcase_add_loop_test(tc, test_encode_vectors, 0, sizeof(vectors) / sizeof(vectors[0]));
	tcase_add_loop_test(tc, test_decode_both_alphabets, 0, sizeof(vectors) / sizeof(vectors[0]));
	tcase_add_loop_test(tc, test_decode_rejects, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_round_trip_all_bytes);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(b64_suite)
