#include <stdio.h>
#include <string.h>

#include "b64.h"
#include "check_main.h"
#include "keys.h"
#include "testdata.h"

static char *kat_fingerprint(void)
{
	char *fp = data_read("kat1024.fingerprint", NULL);

	fp[strcspn(fp, "\n")] = '\0';
	return fp;
}

/* A key file of tests/data, what it holds and the format it is read as. */
typedef struct key_file {
	const char *file;
	gtd_key_want want;
	const char *format;
} key_file;

/* One key, every format: same key, right format name, right half. */
static const key_file formats[] = {
	{"kat1024.pub.pem", GTD_KEY_PUBLIC, "PEM SubjectPublicKeyInfo"},
	{"kat1024.rsapub.pem", GTD_KEY_PUBLIC, "PEM PKCS#1"},
	{"kat1024.pub.der", GTD_KEY_PUBLIC, "DER SubjectPublicKeyInfo"},
	{"kat1024.rsapub.der", GTD_KEY_PUBLIC, "DER PKCS#1"},
	{"kat1024.pub.xml", GTD_KEY_PUBLIC, "XML RSAKeyValue"},
	{"kat1024.pem", GTD_KEY_PRIVATE, "PEM PKCS#8"},
	{"kat1024.rsa.pem", GTD_KEY_PRIVATE, "PEM PKCS#1"},
	{"kat1024.der", GTD_KEY_PRIVATE, "DER PKCS#8"},
	{"kat1024.rsa.der", GTD_KEY_PRIVATE, "DER PKCS#1"},
	{"kat1024.xml", GTD_KEY_PRIVATE, "XML RSAKeyValue"},
};

START_TEST(test_load_every_format)
{
	char *fp = kat_fingerprint();
	gtd_key *k = NULL;
	gtd_err err;

	ck_assert_msg(gtd_key_load(data_path(formats[_i].file), formats[_i].want, &k, &err) == GTD_OK,
		      "%s: %s", formats[_i].file, err.msg);
	ck_assert_str_eq(k->format, formats[_i].format);
	ck_assert_int_eq(k->bits, 1024);
	ck_assert_int_eq(k->is_private, formats[_i].want == GTD_KEY_PRIVATE);
	ck_assert_str_eq(k->fingerprint, fp);
	gtd_key_free(k);
	free(fp);
}
END_TEST

START_TEST(test_pasted_base64_body)
{
	/* Staff paste the body of a PEM without its armour lines. */
	size_t len;
	char *pem = data_read("kat1024.pub.pem", &len), *body, *fp = kat_fingerprint();
	gtd_key *k = NULL;

	body = strchr(pem, '\n') + 1;
	*strstr(body, "-----END") = '\0';
	ck_assert_int_eq(gtd_key_parse(body, strlen(body), GTD_KEY_PUBLIC, &k, NULL), GTD_OK);
	ck_assert_str_eq(k->fingerprint, fp);
	gtd_key_free(k);
	free(pem);
	free(fp);
}
END_TEST

/* Everything a user may hand over instead of a good key. */
static const struct {
	const char *file;       /* fixture, or NULL to use text */
	const char *text;
	gtd_key_want want;
	gtd_status status;
	const char *why;
} refusals[] = {
	{NULL, "", GTD_KEY_PUBLIC, GTD_EINVAL, "empty"},
	{NULL, "   \n\t ", GTD_KEY_PUBLIC, GTD_EINVAL, "empty"},
	{NULL, "hello, world", GTD_KEY_PUBLIC, GTD_EINVAL, "not a key"},
	{NULL, "-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC4\n-----END PUBLIC KEY-----\n",
	 GTD_KEY_PUBLIC, GTD_EINVAL, "no valid PEM SubjectPublicKeyInfo"},
	{NULL, "-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC4\n", GTD_KEY_PUBLIC,
	 GTD_EINVAL, "-----END line is missing"},
	{NULL, "-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n", GTD_KEY_PUBLIC,
	 GTD_EINVAL, "unsupported PEM block 'DSA PRIVATE KEY'"},
	{NULL, "<RSAKeyValue><Exponent>AQAB</Exponent></RSAKeyValue>", GTD_KEY_PUBLIC, GTD_EINVAL,
	 "needs <Modulus> and <Exponent>"},
	{NULL, "<RSAKeyValue><Modulus>uGSq", GTD_KEY_PUBLIC, GTD_EINVAL, "<Modulus> is not closed"},
	{NULL, "<RSAKeyValue><Modulus>!!!!</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>",
	 GTD_KEY_PUBLIC, GTD_EINVAL, "<Modulus> is not base64"},
	{NULL, "<RSAKeyValue><Modulus></Modulus><Exponent>AQAB</Exponent></RSAKeyValue>",
	 GTD_KEY_PUBLIC, GTD_EINVAL, "<Modulus> is empty"},
	/* Found by fuzz_keys: E = 0 was taken, and its XML did not parse back. */
	{NULL, "<RSAKeyValue>\n  <Exponent>AB</Exponent>\n  <Modulus>uGSqA70IxxWS4yEFQG8PDYINxhT/SGXg/Kvs1LM5"
	 "YVW+xCxqLIGzI9vlhG/LhNmd4O4GBIa9LEL2tVXA1gPVuHRiaQoTXA5Wy8kyUZIuZiOUT8zI/HHNBnH5z/b+sLcnFkq4ATqlIS"
	 "qunIQKZDyuuLBNyRjndRbQWTznoSR+YcM=</Modulus>\n</RSAKeyValue>\n",
	 GTD_KEY_PUBLIC, GTD_EINVAL, "public exponent E is not an odd number of at least 3"},
	{NULL, "<RSAKeyValue><Exponent>AQ==</Exponent><Modulus>uGSqA70IxxWS4yEFQG8PDYINxhT/SGXg/Kvs1LM5"
	 "YVW+xCxqLIGzI9vlhG/LhNmd4O4GBIa9LEL2tVXA1gPVuHRiaQoTXA5Wy8kyUZIuZiOUT8zI/HHNBnH5z/b+sLcnFkq4ATqlIS"
	 "qunIQKZDyuuLBNyRjndRbQWTznoSR+YcM=</Modulus></RSAKeyValue>",
	 GTD_KEY_PUBLIC, GTD_EINVAL, "public exponent E is not an odd number of at least 3"},
	{NULL, "<RSAKeyValue><Exponent>AQAA</Exponent><Modulus>uGSqA70IxxWS4yEFQG8PDYINxhT/SGXg/Kvs1LM5"
	 "YVW+xCxqLIGzI9vlhG/LhNmd4O4GBIa9LEL2tVXA1gPVuHRiaQoTXA5Wy8kyUZIuZiOUT8zI/HHNBnH5z/b+sLcnFkq4ATqlIS"
	 "qunIQKZDyuuLBNyRjndRbQWTznoSR+YcM=</Modulus></RSAKeyValue>",
	 GTD_KEY_PUBLIC, GTD_EINVAL, "public exponent E is not an odd number of at least 3"},
	{"rsa512.pem", NULL, GTD_KEY_PRIVATE, GTD_EKEY, "512 bits; Gotadi requires at least 1024"},
	{"ec.pub.pem", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "this is an EC key, not RSA"},
	{"ec.pem", NULL, GTD_KEY_PRIVATE, GTD_EKEY, "this is an EC key, not RSA"},
	{"ed25519.pub.pem", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "this is an ED25519 key, not RSA"},
	{"ed25519.pem", NULL, GTD_KEY_PRIVATE, GTD_EKEY, "this is an ED25519 key, not RSA"},
	{"kat1024.pem", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "PRIVATE key (PEM PKCS#8)"},
	{"kat1024.xml", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "rotate"},
	{"kat1024.der", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "PRIVATE key (DER PKCS#8)"},
	{"kat1024.pub.pem", NULL, GTD_KEY_PRIVATE, GTD_EKEY, "need the matching private key"},
	{"ssh-rsa.pub", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "ssh-keygen -e -m PKCS8"},
	{"openssh-private.key", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "OpenSSH PRIVATE key"},
	{"cert.pem", NULL, GTD_KEY_PUBLIC, GTD_EKEY, "openssl x509"},
	{"encrypted.pem", NULL, GTD_KEY_PRIVATE, GTD_EKEY, "passphrase"},
};

START_TEST(test_refusals)
{
	const char *text = refusals[_i].text;
	char *file = NULL;
	size_t len = text ? strlen(text) : 0;
	gtd_key *k = (gtd_key *)&len;
	gtd_err err;

	if (refusals[_i].file)
		text = file = data_read(refusals[_i].file, &len);
	ck_assert_int_eq(gtd_key_parse(text, len, refusals[_i].want, &k, &err), refusals[_i].status);
	ck_assert_ptr_null(k);
	ck_assert_msg(strstr(err.msg, refusals[_i].why), "case %d: '%s' lacks '%s'", _i, err.msg,
		      refusals[_i].why);
	free(file);
}
END_TEST

/* The DER fixtures, each of which must still parse once its outer SEQUENCE
 * is framed in a way OpenSSL also reads (a tag in long form does not start
 * with 0x30, so it comes as pasted base64). */
static const key_file der_files[] = {
	{"kat1024.pub.der", GTD_KEY_PUBLIC, "DER SubjectPublicKeyInfo"},
	{"kat1024.rsapub.der", GTD_KEY_PUBLIC, "DER PKCS#1"},
	{"kat1024.der", GTD_KEY_PRIVATE, "DER PKCS#8"},
	{"kat1024.rsa.der", GTD_KEY_PRIVATE, "DER PKCS#1"},
};

enum framing { INDEFINITE_LENGTH, LONG_FORM_TAG, FRAMINGS };

/* der (len bytes) with its outer header framed as asked; *n is the length. */
static char *reframe(const char *der, size_t len, enum framing how, size_t *n)
{
	const unsigned char *u = (const unsigned char *)der;
	size_t hdr = 2 + (u[1] & 0x80 ? (size_t)(u[1] & 0x7f) : 0), body = len - hdr;
	unsigned char head[5] = {0x30, 0x80};
	size_t headlen = 2, taillen = how == INDEFINITE_LENGTH ? 2 : 0;
	char *text;

	if (how == LONG_FORM_TAG) {
		/* Tag 16 (SEQUENCE), constructed, in the multi-byte form. */
		head[0] = 0x3f, head[1] = 0x10, head[2] = 0x82;
		head[3] = (unsigned char)(body >> 8), head[4] = (unsigned char)body;
		headlen = 5;
	}
	*n = headlen + body + taillen;
	text = calloc(1, *n);
	ck_assert_ptr_nonnull(text);
	memcpy(text, head, headlen);
	memcpy(text + headlen, der + hdr, body);
	return text;
}

START_TEST(test_der_framing_is_read_as_openssl_reads_it)
{
	size_t len, n;
	char *der = data_read(der_files[_i].file, &len), *fp = kat_fingerprint();
	int how;

	for (how = 0; how < FRAMINGS; how++) {
		char *text = reframe(der, len, (enum framing)how, &n);
		gtd_key *k = NULL;
		gtd_err err;

		if (how == LONG_FORM_TAG) {
			char *b64 = gtd_b64_encode((const unsigned char *)text, n, GTD_B64_STD);

			free(text);
			text = b64;
			n = strlen(b64);
		}

		ck_assert_msg(gtd_key_parse(text, n, der_files[_i].want, &k, &err) == GTD_OK,
			      "%s, framing %d: %s", der_files[_i].file, how, err.msg);
		ck_assert_str_eq(k->format, der_files[_i].format);
		ck_assert_str_eq(k->fingerprint, fp);
		gtd_key_free(k);
		free(text);
	}
	free(der);
	free(fp);
}
END_TEST

/* Keys that are not plain DER, as some encoders write them, are read the
 * way OpenSSL reads them: an INTEGER with needless leading zeros, an
 * algorithm identifier without its NULL parameters. */
START_TEST(test_loose_der_is_read_as_openssl_reads_it)
{
	size_t len, n = 0, i;
	char *der = data_read("kat1024.rsa.der", &len), *fp = kat_fingerprint();
	const unsigned char *u = (const unsigned char *)der;
	unsigned char loose[1024];
	gtd_key *k = NULL;
	gtd_err err;

	/* kat1024.rsa.der: 30 82 LL LL, version 02 01 00, N 02 81 81 (129
	 * bytes), then E 02 03 01 00 01: E gets two more zero bytes. */
	ck_assert_uint_lt(len + 2, sizeof(loose));
	ck_assert(u[0] == 0x30 && u[1] == 0x82 && u[7] == 0x02 && u[8] == 0x81 && u[9] == 0x81);
	i = 4 + 3 + 3 + 129;
	ck_assert(u[i] == 0x02 && u[i + 1] == 3);
	loose[n++] = 0x30, loose[n++] = 0x82;
	loose[n++] = (unsigned char)((len - 4 + 2) >> 8), loose[n++] = (unsigned char)(len - 4 + 2);
	memcpy(loose + n, u + 4, i - 4);
	n += i - 4;
	loose[n++] = 0x02, loose[n++] = 5, loose[n++] = 0, loose[n++] = 0;
	memcpy(loose + n, u + i + 2, len - i - 2);
	n += len - i - 2;
	ck_assert_msg(gtd_key_parse((const char *)loose, n, GTD_KEY_PRIVATE, &k, &err) == GTD_OK, "%s",
		      err.msg);
	ck_assert_str_eq(k->format, "DER PKCS#1");
	ck_assert_str_eq(k->fingerprint, fp);
	gtd_key_free(k);
	free(der);

	/* kat1024.pub.der: 30 81 9f, then 30 0d, the OID (11 bytes), 05 00. */
	der = data_read("kat1024.pub.der", &len);
	u = (const unsigned char *)der;
	ck_assert(u[0] == 0x30 && u[1] == 0x81 && u[2] == 0x9f && u[3] == 0x30 && u[4] == 0x0d &&
		  u[16] == 0x05 && u[17] == 0x00);
	n = 0;
	loose[n++] = 0x30, loose[n++] = 0x81, loose[n++] = 0x9d, loose[n++] = 0x30, loose[n++] = 0x0b;
	memcpy(loose + n, u + 5, 11);
	n += 11;
	memcpy(loose + n, u + 18, len - 18);
	n += len - 18;
	ck_assert_msg(gtd_key_parse((const char *)loose, n, GTD_KEY_PUBLIC, &k, &err) == GTD_OK, "%s",
		      err.msg);
	ck_assert_str_eq(k->format, "DER SubjectPublicKeyInfo");
	ck_assert_str_eq(k->fingerprint, fp);
	gtd_key_free(k);
	free(der);
	free(fp);
}
END_TEST

/* PKCS#8 around an RSA public key: the structure reads, the key does not. */
START_TEST(test_pkcs8_around_a_public_key_is_refused)
{
	static const unsigned char head[] = {
		0x02, 0x01, 0x00,                                     /* version 0 */
		0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, /* rsaEncryption */
		0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
		0x04, 0x81};                                          /* OCTET STRING */
	size_t len, n = 0;
	char *pub = data_read("kat1024.rsapub.der", &len), *b64, *pem;
	unsigned char der[512];
	gtd_key *k = NULL;
	gtd_err err;

	ck_assert_uint_lt(sizeof(head) + 1 + len, 256);
	der[n++] = 0x30, der[n++] = 0x81, der[n++] = (unsigned char)(sizeof(head) + 1 + len);
	memcpy(der + n, head, sizeof(head));
	n += sizeof(head);
	der[n++] = (unsigned char)len;
	memcpy(der + n, pub, len);
	n += len;
	ck_assert_int_eq(gtd_key_parse((const char *)der, n, GTD_KEY_PRIVATE, &k, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "the DER data is not a key in SubjectPublicKeyInfo, PKCS#1 or PKCS#8 form");
	b64 = gtd_b64_encode(der, n, GTD_B64_STD);
	pem = malloc(strlen(b64) + 64);
	sprintf(pem, "-----BEGIN PRIVATE KEY-----\n%s\n-----END PRIVATE KEY-----\n", b64);
	ck_assert_int_eq(gtd_key_parse(pem, strlen(pem), GTD_KEY_PRIVATE, &k, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "the PEM block 'PRIVATE KEY' holds no valid PEM PKCS#8 structure");
	ck_assert_ptr_null(k);
	free(pem);
	free(b64);
	free(pub);
}
END_TEST

START_TEST(test_private_xml_values_must_agree)
{
	size_t len;
	char *xml = data_read("kat1024.xml", &len), *p = strstr(xml, "<P>") + 3;
	gtd_key *k = NULL;
	gtd_err err;

	/* Change one base64 character of P: still base64, no longer a factor. */
	*p = *p == 'A' ? 'B' : 'A';
	ck_assert_int_eq(gtd_key_parse(xml, len, GTD_KEY_PRIVATE, &k, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "do not belong together (P*Q is not the modulus)"), "%s", err.msg);
	free(xml);
	/* The same in PEM (found by fuzz/fuzz_keys: PKCS#1 DER takes any
	 * integers, so the check must not be XML's alone). */
	xml = data_read("inconsistent-private.pem", &len);
	ck_assert_int_eq(gtd_key_parse(xml, len, GTD_KEY_PRIVATE, &k, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "do not belong together"), "%s", err.msg);
	free(xml);
	xml = data_read("kat1024.xml", &len);
	/* Drop DQ, InverseQ and D: a private key must have all of them. */
	strcpy(strstr(xml, "<DQ>"), "</RSAKeyValue>");
	ck_assert_int_eq(gtd_key_parse(xml, strlen(xml), GTD_KEY_PRIVATE, &k, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "needs all of D, P, Q"), "%s", err.msg);
	free(xml);
}
END_TEST

/* Each value of a private key is checked against the others, not only
 * those a signature happens to use: OpenSSL signs with DP, DQ and InverseQ,
 * so a damaged D used to pass, and went on to every XML export. */
static const struct {
	const char *tag, *flaw;
} damaged[] = {
	{"<D>", "D does not invert E"},
	{"<Exponent>", "D does not invert E"},
	{"<DP>", "DP is not D mod (P-1)"},
	{"<DQ>", "DQ is not D mod (Q-1)"},
	{"<InverseQ>", "InverseQ is not the inverse of Q mod P"},
};

START_TEST(test_private_key_flaw_is_named)
{
	size_t len;
	char *xml = data_read("kat1024.xml", &len), *c = strstr(xml, damaged[_i].tag);
	gtd_key *k = NULL;
	gtd_err err;
	int round;

	ck_assert_ptr_nonnull(c);
	c += strlen(damaged[_i].tag);
	*c = *c == 'A' ? 'B' : 'A';
	/* The same verdict every time: no random factor decides it. */
	for (round = 0; round < 20; round++) {
		ck_assert_int_eq(gtd_key_parse(xml, len, GTD_KEY_PRIVATE, &k, &err), GTD_EINVAL);
		ck_assert_ptr_null(k);
		ck_assert_msg(strstr(err.msg, damaged[_i].flaw), "%s: %s", damaged[_i].tag, err.msg);
	}
	free(xml);
}
END_TEST

START_TEST(test_truncated_input_never_crashes)
{
	static const char *const files[] = {"kat1024.pub.pem", "kat1024.pem", "kat1024.xml",
					    "kat1024.der", "kat1024.pub.der"};
	char *fp = kat_fingerprint();
	size_t f;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t len, cut, ok = 0;
		char *text = data_read(files[f], &len);

		for (cut = 0; cut < len; cut++) {
			gtd_key *k = NULL;
			gtd_status st = gtd_key_parse(text, cut, GTD_KEY_PRIVATE, &k, NULL);

			/* A prefix may only succeed if it is the whole key
			 * (the last bytes of PEM and XML are newlines). */
			if (st == GTD_OK) {
				ck_assert_str_eq(k->fingerprint, fp);
				ok++;
			}
			gtd_key_free(k);
		}
		ck_assert_uint_le(ok, 2);
		free(text);
	}
	free(fp);
}
END_TEST

START_TEST(test_generate_and_write_round_trip)
{
	static const int sizes[] = {1024, 2048};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		gtd_key *k = NULL, *back = NULL;
		gtd_key_want want;
		char *text;

		ck_assert_int_eq(gtd_key_generate(sizes[i], &k, NULL), GTD_OK);
		ck_assert_int_eq(k->bits, sizes[i]);
		ck_assert(k->is_private);
		for (want = GTD_KEY_PUBLIC; want <= GTD_KEY_PRIVATE; want++) {
			int xml;

			for (xml = 0; xml < 2; xml++) {
				text = xml ? gtd_key_to_xml(k, want) : gtd_key_to_pem(k, want);
				ck_assert_ptr_nonnull(text);
				ck_assert_int_eq(gtd_key_parse(text, strlen(text), want, &back, NULL), GTD_OK);
				ck_assert_str_eq(back->fingerprint, k->fingerprint);
				ck_assert_int_eq(back->is_private, want == GTD_KEY_PRIVATE);
				gtd_key_free(back);
				free(text);
			}
		}
		/* A public key has no private half to write. */
		text = gtd_key_to_pem(k, GTD_KEY_PUBLIC);
		ck_assert_int_eq(gtd_key_parse(text, strlen(text), GTD_KEY_PUBLIC, &back, NULL), GTD_OK);
		ck_assert_ptr_null(gtd_key_to_pem(back, GTD_KEY_PRIVATE));
		ck_assert_ptr_null(gtd_key_to_xml(back, GTD_KEY_PRIVATE));
		gtd_key_free(back);
		free(text);
		gtd_key_free(k);
	}
}
END_TEST

START_TEST(test_xml_pads_like_dotnet)
{
	gtd_key *k = NULL;
	char *xml;

	ck_assert_int_eq(gtd_key_load(data_path("kat1024.xml"), GTD_KEY_PRIVATE, &k, NULL), GTD_OK);
	xml = gtd_key_to_xml(k, GTD_KEY_PRIVATE);
	/* 128-byte modulus and D (172 base64 chars), 64-byte halves (88). */
	ck_assert_uint_eq(strcspn(strstr(xml, "<Modulus>") + 9, "<"), 172);
	ck_assert_uint_eq(strcspn(strstr(xml, "<D>") + 3, "<"), 172);
	ck_assert_uint_eq(strcspn(strstr(xml, "<InverseQ>") + 10, "<"), 88);
	ck_assert_ptr_eq(strstr(xml, "<RSAKeyValue><Modulus>"), xml);
	free(xml);
	gtd_key_free(k);
}
END_TEST

START_TEST(test_generate_and_load_errors)
{
	gtd_key *k = (gtd_key *)&k;
	gtd_err err;

	ck_assert_int_eq(gtd_key_generate(512, &k, &err), GTD_EINVAL);
	ck_assert_ptr_null(k);
	ck_assert_int_eq(gtd_key_generate(GTD_KEY_MAX_BITS + 1, &k, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_key_load("/nonexistent/key.pem", GTD_KEY_PUBLIC, &k, &err), GTD_ENOTFOUND);
	ck_assert_msg(strstr(err.msg, "/nonexistent/key.pem"), "%s", err.msg);
	ck_assert_int_eq(gtd_key_load(data_path("rsa512.pem"), GTD_KEY_PRIVATE, &k, &err), GTD_EKEY);
	ck_assert_msg(strstr(err.msg, "rsa512.pem: the key has 512 bits"), "%s", err.msg);
	ck_assert_int_eq(gtd_key_load(TEST_DATA, GTD_KEY_PUBLIC, &k, &err), GTD_EIO);
}
END_TEST

/* The article of the key messages: a key's type is read letter by letter,
 * its size as a number. */
static const struct {
	const char *word, *article;
} articles[] = {
	{NULL, "a"}, {"", "a"},
	{"ED25519", "an"}, {"ED448", "an"}, {"EC", "an"}, {"RSA", "an"}, {"RSA-PSS", "an"},
	{"X25519", "an"}, {"SM2", "an"}, {"DSA", "a"}, {"DH", "a"}, {"UTF-8", "a"},
	{"8192", "an"}, {"11000", "an"}, {"18432", "an"}, {"800", "an"}, {"85", "an"}, {"8", "an"},
	{"1024", "a"}, {"2048", "a"}, {"4096", "a"}, {"16384", "a"}, {"110", "a"},
	{"envelope", "an"}, {"key", "a"}, {"login-request", "a"}, {"Ed25519", "an"},
};

START_TEST(test_article)
{
	ck_assert_msg(strcmp(gtd_article(articles[_i].word), articles[_i].article) == 0, "%s %s",
		      gtd_article(articles[_i].word), articles[_i].word ? articles[_i].word : "(null)");
}
END_TEST

static Suite *keys_suite(void)
{
	Suite *s = suite_create("keys");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_generate_and_load_errors);
	tcase_add_loop_test(tc, test_refusals, 0, sizeof(refusals) / sizeof(refusals[0]));
	tcase_add_loop_test(tc, test_article, 0, sizeof(articles) / sizeof(articles[0]));
	tcase_add_loop_test(tc, test_load_every_format, 0, sizeof(formats) / sizeof(formats[0]));
	tcase_add_test(tc, test_pasted_base64_body);
	tcase_add_loop_test(tc, test_der_framing_is_read_as_openssl_reads_it, 0,
			    sizeof(der_files) / sizeof(der_files[0]));
	tcase_add_test(tc, test_loose_der_is_read_as_openssl_reads_it);
	tcase_add_test(tc, test_pkcs8_around_a_public_key_is_refused);
	tcase_add_test(tc, test_private_xml_values_must_agree);
	tcase_add_loop_test(tc, test_private_key_flaw_is_named, 0, (int)(sizeof(damaged) / sizeof(damaged[0])));
	tcase_add_test(tc, test_truncated_input_never_crashes);
	tcase_add_test(tc, test_generate_and_write_round_trip);
	tcase_add_test(tc, test_xml_pads_like_dotnet);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(keys_suite)
