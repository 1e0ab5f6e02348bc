#include <iconv.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "b64.h"
#include "check_main.h"
#include "envelope.h"
#include "failmalloc.h"
#include "testdata.h"
#include "utf8.h"
#include "vietnamese.h"

static gtd_key *key(const char *file, gtd_key_want want)
{
	gtd_key *k = NULL;
	gtd_err err;

	ck_assert_msg(gtd_key_load(data_path(file), want, &k, &err) == GTD_OK, "%s", err.msg);
	return k;
}

/* The kat keys, loaded once per test case (under valgrind, parsing and
 * checking a private key is slow). */
static gtd_key *kat_cache[3][2];

static gtd_key *kat_key(int bits, gtd_key_want want)
{
	int i = bits == 1024 ? 0 : bits == 2048 ? 1 : 2;
	char name[32];

	if (!kat_cache[i][want]) {
		snprintf(name, sizeof(name), want == GTD_KEY_PRIVATE ? "kat%d.pem" : "kat%d.pub.pem",
			 bits);
		kat_cache[i][want] = key(name, want);
	}
	return kat_cache[i][want];
}

static void kat_keys_free(void)
{
	int i, w;

	for (i = 0; i < 3; i++)
		for (w = 0; w < 2; w++) {
			gtd_key_free(kat_cache[i][w]);
			kat_cache[i][w] = NULL;
		}
}

/* tests/data/make-kat.sh pairs each sender with the next size up. */
static int receiver_bits(int bits)
{
	return bits == 1024 ? 2048 : bits == 2048 ? 4096 : 1024;
}

/* Splits "a|b|c" into f's fields. */
static void fields_from(gtd_fields *f, const gtd_schema *s, const char *sigdata)
{
	const char *p = sigdata;
	size_t i;

	gtd_fields_init(f, s);
	for (i = 0; i < s->nfields; i++) {
		size_t n = strcspn(p, "|");

		f->v[i] = strndup(p, n);
		p += n + (p[n] == '|');
	}
}

/* Reads a TSV fixture's rows (comment lines skipped) into cols columns. */
static int tsv_rows(const char *file, char ***cells, size_t cols)
{
	char *text = data_read(file, NULL), *line, *save = NULL;
	int rows = 0;

	*cells = NULL;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cell, *csave = NULL;
		size_t c = 0;

		if (line[0] == '#')
			continue;
		*cells = realloc(*cells, (size_t)(rows + 1) * cols * sizeof(char *));
		for (cell = strtok_r(line, "\t", &csave); cell && c < cols;
		     cell = strtok_r(NULL, "\t", &csave))
			(*cells)[(size_t)rows * cols + c++] = strdup(cell);
		ck_assert_uint_eq(c, cols);
		rows++;
	}
	free(text);
	return rows;
}

static void tsv_free(char **cells, int rows, size_t cols)
{
	size_t i;

	for (i = 0; i < (size_t)rows * cols; i++)
		free(cells[i]);
	free(cells);
}

/* The signature data messages.tsv gives for a schema. */
static char *message_for(const char *schema)
{
	char **m, *found = NULL;
	int n = tsv_rows("messages.tsv", &m, 3), i;

	for (i = 0; i < n; i++)
		if (strcmp(m[i * 3], schema) == 0)
			found = strdup(m[i * 3 + 2]);
	tsv_free(m, n, 3);
	ck_assert_ptr_nonnull(found);
	return found;
}

static unsigned char hexval(char c)
{
	return (unsigned char)(c <= '9' ? c - '0' : c - 'a' + 10);
}

/* Known answers computed by Java (tests/data/make-kat.sh): with a fixed
 * session key, `data` must come out byte for byte the same. */
START_TEST(test_known_answers)
{
	char **kat;
	int n = tsv_rows("kat.tsv", &kat, 5), i;

	ck_assert_int_eq(n, 21);
	for (i = 0; i < n; i++) {
		char **row = kat + i * 5, *msg = message_for(row[1]);
		int bits = atoi(row[0]);
		gtd_key *priv = kat_key(bits, GTD_KEY_PRIVATE);
		gtd_key *pub = kat_key(receiver_bits(bits), GTD_KEY_PUBLIC);
		gtd_key *rpriv = kat_key(receiver_bits(bits), GTD_KEY_PRIVATE);
		gtd_key *spub = kat_key(bits, GTD_KEY_PUBLIC);
		const gtd_schema *s = gtd_schema_find(row[1]);
		unsigned char k[24];
		gtd_envelope env;
		gtd_fields f, back;
		gtd_open_report rep;
		gtd_err err;
		size_t j;

		for (j = 0; j < 24; j++)
			k[j] = (unsigned char)(hexval(row[2][2 * j]) << 4 | hexval(row[2][2 * j + 1]));
		fields_from(&f, s, msg);
		ck_assert_msg(gtd_seal_with_session_key(&f, priv, pub, k, 24, &env, &err) == GTD_OK,
			      "%s", err.msg);
		ck_assert_msg(strcmp(env.data, row[4]) == 0, "%d-bit %s: data differs from Java's",
			      bits, row[1]);
		ck_assert_int_eq(gtd_open(s, env.key, env.data, rpriv, spub, NULL, &back, &rep), GTD_OK);
		ck_assert_str_eq(rep.signed_data, msg);
		ck_assert_uint_eq(rep.session_key_len, 24);
		ck_assert_ptr_nonnull(strstr(rep.original, row[3]));   /* Java's signature inside */
		gtd_open_report_release(&rep);
		gtd_fields_release(&back);
		gtd_fields_release(&f);
		gtd_envelope_release(&env);
		free(msg);
	}
	tsv_free(kat, n, 5);
}
END_TEST

/* Envelopes Java sealed with its own random session keys open here. */
START_TEST(test_opens_java_envelopes)
{
	char **rows;
	int n = tsv_rows("java-sealed.tsv", &rows, 5), i;

	ck_assert_int_eq(n, 21);
	for (i = 0; i < n; i++) {
		char **row = rows + i * 5, *msg = message_for(row[2]);
		gtd_key *rpriv = kat_key(atoi(row[1]), GTD_KEY_PRIVATE);
		gtd_key *spub = kat_key(atoi(row[0]), GTD_KEY_PUBLIC);
		gtd_fields f;
		gtd_open_report rep;

		ck_assert_msg(gtd_open(gtd_schema_find(row[2]), row[3], row[4], rpriv, spub, "AC-DEMO",
				       &f, &rep) == GTD_OK,
			      "%s %s: %s", row[0], row[2], rep.why);
		ck_assert_str_eq(rep.signed_data, msg);
		ck_assert_str_eq(gtd_fields_get(&f, "access_code"), "AC-DEMO");
		gtd_open_report_release(&rep);
		gtd_fields_release(&f);
		free(msg);
	}
	tsv_free(rows, n, 5);
}
END_TEST

/* The fixtures every failure test uses: a 1024-bit partner and a 2048-bit
 * Gotadi. */
static gtd_key *partner_priv, *partner_pub, *gotadi_priv, *gotadi_pub;

static void keys_setup(void)
{
	partner_priv = kat_key(1024, GTD_KEY_PRIVATE);
	partner_pub = kat_key(1024, GTD_KEY_PUBLIC);
	gotadi_priv = kat_key(2048, GTD_KEY_PRIVATE);
	gotadi_pub = kat_key(2048, GTD_KEY_PUBLIC);
}

static void keys_teardown(void)
{
	kat_keys_free();
	partner_priv = partner_pub = gotadi_priv = gotadi_pub = NULL;
}

START_TEST(test_round_trip_every_schema)
{
	const gtd_schema *s = &gtd_schemas[_i];
	char *msg = message_for(s->name);
	gtd_fields f, back;
	gtd_envelope env;
	gtd_open_report rep;
	size_t j;

	fields_from(&f, s, msg);
	ck_assert_int_eq(gtd_seal(&f, partner_priv, gotadi_pub, &env, NULL), GTD_OK);
	/* doc/protocol.md: key and data are URL-safe base64 without padding. */
	ck_assert_uint_eq(strcspn(env.key, "+/="), strlen(env.key));
	ck_assert_uint_eq(strcspn(env.data, "+/="), strlen(env.data));
	ck_assert_uint_eq(strlen(env.key), 342);   /* 256 bytes for a 2048-bit receiver */
	ck_assert_int_eq(gtd_open(s, env.key, env.data, gotadi_priv, partner_pub, "AC-DEMO", &back,
				  &rep), GTD_OK);
	ck_assert_int_eq(rep.step, GTD_OPEN_OK);
	for (j = 0; j < s->nfields; j++)
		ck_assert_str_eq(back.v[j], f.v[j]);
	gtd_open_report_release(&rep);
	gtd_fields_release(&back);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(msg);
}
END_TEST

START_TEST(test_sizes_for_1024_bits)
{
	/* doc/protocol.md's envelope: key 171 chars and signature 172 chars for
	 * 1024-bit keys; data = 8*ceil((n+1)/8) bytes. */
	gtd_fields f;
	gtd_envelope env;
	gtd_open_report rep;
	gtd_fields back;
	unsigned char *raw;
	size_t rawlen, origlen;

	fields_from(&f, gtd_schema_find("query-trans-request"), "AC|ADCO251128001");
	ck_assert_int_eq(gtd_seal(&f, partner_priv, partner_pub, &env, NULL), GTD_OK);
	ck_assert_uint_eq(strlen(env.key), 171);
	ck_assert_int_eq(gtd_open(f.schema, env.key, env.data, partner_priv, partner_pub, NULL, &back,
				  &rep), GTD_OK);
	origlen = strlen(rep.original);
	ck_assert_uint_eq(strlen(strrchr(rep.original, '|') + 1), 172);
	ck_assert_int_eq(gtd_b64_decode(env.data, strlen(env.data), &raw, &rawlen, NULL), GTD_OK);
	ck_assert_uint_eq(rawlen, 8 * ((origlen + 1 + 7) / 8));
	free(raw);
	gtd_open_report_release(&rep);
	gtd_fields_release(&back);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
}
END_TEST

/* Builds an envelope by hand (OpenSSL directly, not envelope.c) around an
 * arbitrary original data string and session key, so that every failure
 * of open() can be produced exactly. */
static void raw_envelope(const char *original, size_t origlen, const unsigned char *k, size_t klen,
			 const gtd_key *receiver, gtd_envelope *out)
{
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	EVP_PKEY_CTX *p = EVP_PKEY_CTX_new_from_pkey(NULL, receiver->pkey, NULL);
	unsigned char ct[4096], ek[1024];
	int n1, n2;
	size_t eklen = sizeof(ek);

	ck_assert(EVP_EncryptInit_ex(c, klen == 16 ? EVP_des_ede_ecb() : EVP_des_ede3_ecb(), NULL,
				     k, NULL));
	ck_assert(EVP_EncryptUpdate(c, ct, &n1, (const unsigned char *)original, (int)origlen));
	ck_assert(EVP_EncryptFinal_ex(c, ct + n1, &n2));
	ck_assert(EVP_PKEY_encrypt_init(p) > 0);
	ck_assert(EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PADDING) > 0);
	ck_assert(EVP_PKEY_encrypt(p, ek, &eklen, k, klen) > 0);
	out->key = gtd_b64_encode(ek, eklen, GTD_B64_URL);
	out->data = gtd_b64_encode(ct, (size_t)(n1 + n2), GTD_B64_URL);
	EVP_CIPHER_CTX_free(c);
	EVP_PKEY_CTX_free(p);
}

static char *sign64(const gtd_key *k, const char *msg)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char sig[1024];
	size_t len = sizeof(sig);

	ck_assert(EVP_DigestSignInit(c, NULL, EVP_sha256(), NULL, k->pkey) == 1);
	ck_assert(EVP_DigestSign(c, sig, &len, (const unsigned char *)msg, strlen(msg)) == 1);
	EVP_MD_CTX_free(c);
	return gtd_b64_encode(sig, len, GTD_B64_STD);
}

static const unsigned char session24[24] = "0123456789abcdefghijklmn";

/* Each row: the original data (with SIG standing for the partner's valid
 * signature over `signed`), the step open() must stop at, its code. */
static const struct {
	const char *label;
	const char *original;
	const char *sign_over;     /* what SIG signs; NULL: SIG is used verbatim */
	const char *access_code;
	gtd_open_step step;
	const char *code;
	const char *why;
	int field;
} failures[] = {
	{"too few fields", "AC|u1|flight|SIG", "AC|u1|flight", NULL, GTD_OPEN_FIELD_COUNT, "07",
	 "has 5 fields", -1},
	{"too many fields", "AC|u1|dual|flight|x|SIG", "AC|u1|dual|flight|x", NULL,
	 GTD_OPEN_FIELD_COUNT, "07", "the data has 6", -1},
	{"signature over another order", "AC|u1|dual|flight|SIG", "AC|dual|u1|flight", NULL,
	 GTD_OPEN_SIGNATURE, "04", "in another order (access_code|layout|user_id|product); Gotadi signs "
	 "them in the message's order: access_code|user_id|layout|product. Signature data: "
	 "\"********|u1|dual|flight\"", -1},
	{"signature not base64", "AC|u1|dual|flight|@@@@", NULL, NULL, GTD_OPEN_SIGNATURE, "04",
	 "not base64", -1},
	{"empty signature", "AC|u1|dual|flight|", NULL, NULL, GTD_OPEN_SIGNATURE, "04",
	 "has 0 bytes", -1},
	{"bad enum, good signature", "AC|u1|dual|Flight|SIG", "AC|u1|dual|Flight", NULL,
	 GTD_OPEN_FIELD, "07", "allowed: flight, hotel", 3},
	{"empty mandatory field", "AC||dual|flight|SIG", "AC||dual|flight", NULL, GTD_OPEN_FIELD,
	 "07", "mandatory field user_id", 1},
	{"access code mismatch", "AC|u1|dual|flight|SIG", "AC|u1|dual|flight", "OTHER",
	 GTD_OPEN_ACCESS_CODE, "06", "not this partner's access code", 0},
	{"Vietnamese, all good", "AC|Nguyễn Văn Bình||hotel|SIG", "AC|Nguyễn Văn Bình||hotel", "AC",
	 GTD_OPEN_OK, "00", "", -1},
};

static char *expand_original(const char *tmpl, const char *sign_over)
{
	char *sig = sign_over ? sign64(partner_priv, sign_over) : NULL;
	const char *at = sig ? strstr(tmpl, "SIG") : NULL;
	char *out = malloc(strlen(tmpl) + (sig ? strlen(sig) : 0) + 1);

	if (at)
		sprintf(out, "%.*s%s%s", (int)(at - tmpl), tmpl, sig, at + 3);
	else
		strcpy(out, tmpl);
	free(sig);
	return out;
}

/* The classic signing mistakes, each made here with OpenSSL itself (never
 * libgtd's seal), over a message whose fields are sent as
 * "AC|Nguyễn Văn Bình||hotel": what open() says the signature is. */
enum sig_how { SIG_PKCS1, SIG_PSS, SIG_BARE_HASH, SIG_OTHER_KEY, SIG_UTF16LE };

static const struct {
	const char *label;
	enum sig_how how;
	const char *md;        /* the hash algorithm's OpenSSL name */
	const char *signed_text;
	const char *why;
} mistakes[] = {
	{"SHA1withRSA", SIG_PKCS1, "SHA1", "AC|Nguyễn Văn Bình||hotel",
	 "the signature is SHA1withRSA (a SHA-1 hash); Gotadi expects SHA256withRSA (Java Signature.getInstance"},
	{"SHA512withRSA", SIG_PKCS1, "SHA512", "AC|Nguyễn Văn Bình||hotel", "is SHA512withRSA (a SHA-512 hash)"},
	{"MD5withRSA", SIG_PKCS1, "MD5", "AC|Nguyễn Văn Bình||hotel", "is MD5withRSA (a MD5 hash)"},
	{"PSS", SIG_PSS, "SHA256", "AC|Nguyễn Văn Bình||hotel",
	 "an RSASSA-PSS signature of the right data; Gotadi expects PKCS#1 v1.5"},
	{"hash without DigestInfo", SIG_BARE_HASH, "SHA256", "AC|Nguyễn Văn Bình||hotel",
	 "a bare SHA-256 hash without its DigestInfo"},
	{"another key", SIG_OTHER_KEY, "SHA256", "AC|Nguyễn Văn Bình||hotel",
	 "made with another key than the sender's registered public key (fingerprint "},
	{"comma separator", SIG_PKCS1, "SHA256", "AC,Nguyễn Văn Bình,,hotel", "joined with ','; Gotadi joins them with '|'"},
	{"trailing bar", SIG_PKCS1, "SHA256", "AC|Nguyễn Văn Bình||hotel|", "with a trailing '|'"},
	{"decomposed", SIG_PKCS1, "SHA256", "AC|Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Bi\xcc\x80nh||hotel",
	 "over decomposed Unicode (NFD"},
	{"no diacritics", SIG_PKCS1, "SHA256", "AC|Nguyen Van Binh||hotel",
	 "without its diacritics (\"Nguyen\" for \"Nguyễn\"); sign the UTF-8 text you send (first difference at byte offset 7, in field user_id)"},
	{"Latin-1", SIG_PKCS1, "SHA256", "AC|Nguy?n V?n B\xecnh||hotel",
	 "in Latin-1 (ISO-8859-1, '?' for letters it lacks; first difference at byte offset 7, in field user_id)"},
	{"UTF-16LE", SIG_UTF16LE, "SHA256", "AC|Nguyễn Văn Bình||hotel",
	 "in UTF-16 (little-endian, .NET's Encoding.Unicode)"},
	{"other data", SIG_PKCS1, "SHA256", "AC|Nguyễn Văn Bình||flight",
	 "with the sender's key, but over other data than the signature data"},
	/* A commit answer's signature sits before its last field. */
	{"signature slot", SIG_PKCS1, "SHA256", "AC|ADCO1|00|AIR||http://r||1850000",
	 "with an empty value where the signature goes (field 7)"},
};

/* What the partner's code would have sent as its signature. */
static char *mistaken_signature(int i)
{
	const char *text = mistakes[i].signed_text;
	/* Another key of the sender's size: its signatures have the right length. */
	EVP_PKEY *other = mistakes[i].how == SIG_OTHER_KEY ? EVP_RSA_gen(1024) : NULL;
	EVP_PKEY *key = other ? other : partner_priv->pkey;
	unsigned char sig[1024], md[64], *bytes = (unsigned char *)text;
	size_t len = sizeof(sig), n = strlen(text);
	unsigned int mdlen = 0;
	char utf16[256];
	EVP_PKEY_CTX *p = NULL;
	EVP_MD_CTX *c = EVP_MD_CTX_new();

	if (mistakes[i].how == SIG_UTF16LE) {
		iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
		char *in = (char *)text, *out = utf16;
		size_t inleft = n, outleft = sizeof(utf16);

		ck_assert(cd != (iconv_t)-1 && iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
		iconv_close(cd);
		bytes = (unsigned char *)utf16;
		n = sizeof(utf16) - outleft;
	}
	if (mistakes[i].how == SIG_BARE_HASH) {
		/* The hash signed as if it were the message: no DigestInfo. */
		ck_assert(EVP_Digest(bytes, n, md, &mdlen, EVP_sha256(), NULL));
		p = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
		ck_assert(EVP_PKEY_sign_init(p) > 0 && EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PADDING) > 0);
		ck_assert(EVP_PKEY_sign(p, sig, &len, md, mdlen) > 0);
		EVP_PKEY_CTX_free(p);
	} else {
		ck_assert(EVP_DigestSignInit_ex(c, &p, mistakes[i].md, NULL, NULL, key, NULL) == 1);
		if (mistakes[i].how == SIG_PSS)
			ck_assert(EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PSS_PADDING) > 0);
		ck_assert(EVP_DigestSign(c, sig, &len, bytes, n) == 1);
	}
	EVP_MD_CTX_free(c);
	EVP_PKEY_free(other);
	return gtd_b64_encode(sig, len, GTD_B64_STD);
}

START_TEST(test_signature_mistakes_named)
{
	int commit = strncmp(mistakes[_i].signed_text, "AC|ADCO1", 8) == 0;
	const gtd_schema *s = gtd_schema_find(commit ? "commit-response" : "login-request");
	char *sig = mistaken_signature(_i), *orig;
	gtd_envelope env;
	gtd_fields f;
	gtd_open_report rep;

	ck_assert_int_ne(commit ? asprintf(&orig, "AC|ADCO1|00|AIR||http://r|%s|1850000", sig)
				: asprintf(&orig, "AC|Nguyễn Văn Bình||hotel|%s", sig), -1);
	raw_envelope(orig, strlen(orig), session24, 24, gotadi_pub, &env);
	ck_assert_int_eq(gtd_open(s, env.key, env.data, gotadi_priv, partner_pub, "AC", &f, &rep),
			 GTD_EINVAL);
	ck_assert_int_eq(rep.step, GTD_OPEN_SIGNATURE);
	ck_assert_msg(strstr(rep.why, mistakes[_i].why), "%s: '%s' lacks '%s'", mistakes[_i].label, rep.why,
		      mistakes[_i].why);
	/* Named, but never shown: the access code is masked. */
	ck_assert_msg(!strstr(rep.why, "AC|"), "%s: '%s'", mistakes[_i].label, rep.why);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(orig);
	free(sig);
}
END_TEST

/* The forms the diagnosis tries, both ways, and folding from either. */
START_TEST(test_vietnamese_forms)
{
	static const char nfc[] = "Đặng Thị Ngọc Hưởng, Nguyễn Văn Bình", ascii[] = "Dang Thi Ngoc Huong, Nguyen Van Binh";
	char *nfd = gtd_vi_form(nfc, GTD_VI_NFD), *back = gtd_vi_form(nfd, GTD_VI_NFC);
	char *a1 = gtd_vi_form(nfc, GTD_VI_ASCII), *a2 = gtd_vi_form(nfd, GTD_VI_ASCII);

	ck_assert_str_ne(nfd, nfc);
	ck_assert_str_eq(nfd, "\xc4\x90" "a\xcc\xa3\xcc\x86ng Thi\xcc\xa3 Ngo\xcc\xa3" "c Hu\xcc\x9bo\xcc\x9b\xcc\x89ng, "
			      "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n Bi\xcc\x80nh");
	ck_assert_str_eq(back, nfc);
	ck_assert_str_eq(a1, ascii);
	ck_assert_str_eq(a2, ascii);
	free(nfd);
	free(back);
	free(a1);
	free(a2);
}
END_TEST

/* The classic encryption mistakes, each made here with OpenSSL itself:
 * what open() says 'key' or 'data' was encrypted with. */
static const struct {
	const char *label;
	const char *oaep_md;   /* RSA-OAEP with this hash; NULL: PKCS#1 v1.5 */
	size_t klen;
	const char *cipher;    /* the data's cipher, by OpenSSL's name */
	enum { IV_NONE, IV_ZERO, IV_IN_FRONT, IV_NOT_SENT } iv;
	int zero_padding;
	gtd_open_step step;
	const char *why;
} enc_mistakes[] = {
	{"RSA-OAEP SHA-1", "SHA1", 24, "DES-EDE3-ECB", IV_NONE, 0, GTD_OPEN_RSA,
	 "'key' was encrypted with RSA-OAEP (SHA1 padding: RSA/ECB/OAEPWithSHA-1AndMGF1Padding"},
	{"RSA-OAEP SHA-256", "SHA256", 24, "DES-EDE3-ECB", IV_NONE, 0, GTD_OPEN_RSA,
	 "RSA-OAEP (SHA256 padding"},
	{"AES-256", NULL, 32, "AES-256-ECB", IV_NONE, 0, GTD_OPEN_KEY_LENGTH,
	 "the session key has 32 bytes: 'data' was encrypted with AES-256 (ECB), not 3DES"},
	{"AES-128-CBC, IV in front", NULL, 16, "AES-128-CBC", IV_IN_FRONT, 0, GTD_OPEN_3DES,
	 "encrypted with AES-128 (CBC with the IV in front), not 3DES"},
	{"AES-192-CBC, zero IV", NULL, 24, "AES-192-CBC", IV_ZERO, 0, GTD_OPEN_3DES,
	 "encrypted with AES-192 (CBC with a zero IV), not 3DES"},
	{"3DES-CBC, zero IV", NULL, 24, "DES-EDE3-CBC", IV_ZERO, 0, GTD_OPEN_3DES,
	 "3DES in CBC mode with a zero IV, not ECB: Gotadi uses DESede/ECB/PKCS5Padding"},
	{"3DES-CBC, IV in front", NULL, 24, "DES-EDE3-CBC", IV_IN_FRONT, 0, GTD_OPEN_3DES,
	 "3DES in CBC mode, its IV in front, not ECB"},
	{"3DES-CBC, IV not sent", NULL, 24, "DES-EDE3-CBC", IV_NOT_SENT, 0, GTD_OPEN_3DES,
	 "CBC mode with an IV (its first block decrypts to garbage, the rest to text)"},
	{"3DES, zero padding", NULL, 24, "DES-EDE3-ECB", IV_NONE, 1, GTD_OPEN_3DES,
	 "3DES-ECB with zero padding (.NET PaddingMode.Zeros"},
};

START_TEST(test_encryption_mistakes_named)
{
	static const unsigned char k[32] = "0123456789abcdefghijklmnopqrstuv";
	const char *orig = "AC|Nguyễn Văn Bình||hotel|c2lnbmF0dXJl";
	unsigned char ct[4096], ek[1024], iv[16] = "IVIVIVIVIVIVIVIV", padded[4096];
	size_t eklen = sizeof(ek), n = strlen(orig), off = 0;
	EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, enc_mistakes[_i].cipher, NULL);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	EVP_PKEY_CTX *p = EVP_PKEY_CTX_new_from_pkey(NULL, gotadi_pub->pkey, NULL);
	gtd_envelope env;
	gtd_fields f;
	gtd_open_report rep;
	int n1 = 0, n2 = 0;

	ck_assert_ptr_nonnull(cipher);
	memcpy(padded, orig, n);
	if (enc_mistakes[_i].zero_padding)
		while (n % 8)
			padded[n++] = 0;
	if (enc_mistakes[_i].iv == IV_ZERO)
		memset(iv, 0, sizeof(iv));
	if (enc_mistakes[_i].iv == IV_IN_FRONT) {
		off = (size_t)EVP_CIPHER_get_iv_length(cipher);
		memcpy(ct, iv, off);
	}
	ck_assert(EVP_EncryptInit_ex(c, cipher, NULL, k, enc_mistakes[_i].iv == IV_NONE ? NULL : iv));
	ck_assert(EVP_CIPHER_CTX_set_padding(c, !enc_mistakes[_i].zero_padding));
	ck_assert(EVP_EncryptUpdate(c, ct + off, &n1, padded, (int)n));
	ck_assert(EVP_EncryptFinal_ex(c, ct + off + n1, &n2));
	ck_assert(EVP_PKEY_encrypt_init(p) > 0);
	if (enc_mistakes[_i].oaep_md) {
		ck_assert(EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_OAEP_PADDING) > 0);
		ck_assert(EVP_PKEY_CTX_set_rsa_oaep_md_name(p, enc_mistakes[_i].oaep_md, NULL) > 0);
		ck_assert(EVP_PKEY_CTX_set_rsa_mgf1_md_name(p, enc_mistakes[_i].oaep_md, NULL) > 0);
	} else {
		ck_assert(EVP_PKEY_CTX_set_rsa_padding(p, RSA_PKCS1_PADDING) > 0);
	}
	ck_assert(EVP_PKEY_encrypt(p, ek, &eklen, k, enc_mistakes[_i].klen) > 0);
	env.key = gtd_b64_encode(ek, eklen, GTD_B64_URL);
	env.data = gtd_b64_encode(ct, off + (size_t)(n1 + n2), GTD_B64_URL);

	ck_assert_int_eq(gtd_open(gtd_schema_find("login-request"), env.key, env.data, gotadi_priv,
				  partner_pub, "AC", &f, &rep), GTD_EINVAL);
	ck_assert_msg(rep.step == enc_mistakes[_i].step, "%s: stopped at %s: %s", enc_mistakes[_i].label,
		      gtd_open_step_name(rep.step), rep.why);
	ck_assert_str_eq(gtd_codes[gtd_open_step_code(rep.step)].code, "05");
	ck_assert_msg(strstr(rep.why, enc_mistakes[_i].why), "%s: '%s' lacks '%s'", enc_mistakes[_i].label,
		      rep.why, enc_mistakes[_i].why);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	EVP_CIPHER_free(cipher);
	EVP_CIPHER_CTX_free(c);
	EVP_PKEY_CTX_free(p);
}
END_TEST

/* text with a line break (CRLF, or LF) after every 76 characters, as
 * MIME base64 encoders write it. */
static char *wrap76(const char *text, const char *br)
{
	size_t n = strlen(text), i, o = 0;
	char *out = malloc(n + (n / 76 + 1) * 2 + 1);

	for (i = 0; i < n; i++) {
		if (i && i % 76 == 0)
			for (const char *b = br; *b; b++)
				out[o++] = *b;
		out[o++] = text[i];
	}
	out[o] = '\0';
	return out;
}

/* Base64 wrapped in lines, in 'key', 'data' and the signature: opened as
 * Gotadi's commons-codec decoder would (it skips the breaks), and named
 * for a warning. */
START_TEST(test_wrapped_base64_opens)
{
	const gtd_schema *s = gtd_schema_find("login-request");
	char *sig = sign64(partner_priv, "AC|u1|dual|flight"), *wsig = wrap76(sig, "\n"), *orig, *wkey, *wdata;
	gtd_envelope env;
	gtd_fields f;
	gtd_open_report rep;

	ck_assert_int_ne(asprintf(&orig, "AC|u1|dual|flight|%s", wsig), -1);
	raw_envelope(orig, strlen(orig), session24, 24, gotadi_pub, &env);
	wkey = wrap76(env.key, "\r\n");
	wdata = wrap76(env.data, "\r\n");
	ck_assert_int_eq(gtd_open(s, wkey, wdata, gotadi_priv, partner_pub, "AC", &f, &rep), GTD_OK);
	ck_assert_pstr_eq(strstr(rep.leniency, "key in base64 wrapped in lines"), rep.leniency);
	ck_assert_ptr_nonnull(strstr(rep.leniency, "; data in base64 wrapped in lines"));
	ck_assert_ptr_nonnull(strstr(rep.leniency, "; signature in base64 wrapped in lines"));
	ck_assert_int_eq(rep.lenient_step, GTD_OPEN_KEY_BASE64);
	ck_assert_str_eq(gtd_fields_get(&f, "user_id"), "u1");
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	/* key and data on one line: only the signature is named. */
	ck_assert_int_eq(gtd_open(s, env.key, env.data, gotadi_priv, partner_pub, "AC", &f, &rep), GTD_OK);
	ck_assert_pstr_eq(strstr(rep.leniency, "signature in base64 wrapped in lines"), rep.leniency);
	ck_assert_ptr_null(strstr(rep.leniency, "key in"));
	ck_assert_ptr_null(strstr(rep.leniency, "data in"));
	ck_assert_int_eq(rep.lenient_step, GTD_OPEN_SIGNATURE);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(sig);
	free(wsig);
	free(orig);
	free(wkey);
	free(wdata);
}
END_TEST

START_TEST(test_failure_steps)
{
	const gtd_schema *s = gtd_schema_find("login-request");
	char *orig = expand_original(failures[_i].original, failures[_i].sign_over);
	gtd_envelope env;
	gtd_fields f;
	gtd_open_report rep;
	gtd_status st;

	raw_envelope(orig, strlen(orig), session24, 24, gotadi_pub, &env);
	st = gtd_open(s, env.key, env.data, gotadi_priv, partner_pub, failures[_i].access_code, &f, &rep);
	ck_assert_int_eq(st, failures[_i].step == GTD_OPEN_OK ? GTD_OK : GTD_EINVAL);
	ck_assert_msg(rep.step == failures[_i].step, "%s: stopped at %s: %s", failures[_i].label,
		      gtd_open_step_name(rep.step), rep.why);
	ck_assert_str_eq(gtd_codes[gtd_open_step_code(rep.step)].code, failures[_i].code);
	ck_assert_msg(strstr(rep.why, failures[_i].why), "%s: '%s' lacks '%s'", failures[_i].label,
		      rep.why, failures[_i].why);
	ck_assert_int_eq(rep.field, failures[_i].field);
	ck_assert_str_eq(rep.original, orig);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(orig);
}
END_TEST

/* Signature data too long for the sentence (a user id of 400 "ễ", three
 * bytes each): cut at a character, marked, the quote closed; the whole
 * string stays in signed_data. */
START_TEST(test_long_signature_data_cut_whole)
{
	const gtd_schema *s = gtd_schema_find("login-request");
	char user[1201] = "", *orig, *sig;
	gtd_envelope env;
	gtd_fields f;
	gtd_open_report rep;
	size_t len;
	int i;

	for (i = 0; i < 400; i++)
		strcat(user, "\xe1\xbb\x85");
	sig = sign64(partner_priv, "not what was sent");
	orig = malloc(strlen(user) + strlen(sig) + 32);
	sprintf(orig, "AC|%s|dual|flight|%s", user, sig);
	raw_envelope(orig, strlen(orig), session24, 24, gotadi_pub, &env);
	ck_assert_int_eq(gtd_open(s, env.key, env.data, gotadi_priv, partner_pub, NULL, &f, &rep),
			 GTD_EINVAL);
	ck_assert_int_eq(rep.step, GTD_OPEN_SIGNATURE);
	len = strlen(rep.why);
	ck_assert_msg(len > 4 && strcmp(rep.why + len - 4, "...\"") == 0, "why: %s", rep.why);
	ck_assert_msg(strstr(rep.why, "Signature data: \"********|\xe1\xbb\x85"), "why: %s", rep.why);
	ck_assert(gtd_utf8_valid(rep.why, len, NULL));
	ck_assert(strstr(rep.signed_data, user) != NULL);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(orig);
	free(sig);
}
END_TEST

/* A message opened as another schema: the schemas it does fit are named,
 * verified when their signature checks out. */
static const struct {
	const char *sealed, *opened_as;
	int wrong_sender;           /* open with the wrong sender key */
	const char *looks_like;     /* the names, comma-separated; "" for none */
	int verified;
} guesses[] = {
	{"login-request", "commit-request", 0, "login-request", 1},
	{"login-request", "query-trans-request", 0, "login-request", 1},
	{"login-request", "place-order", 0, "login-request", 1},
	{"commit-request", "login-request", 0, "commit-request", 1},
	{"place-order", "commit-request", 0, "place-order", 1},
	{"commit-response", "login-response", 0, "commit-response,query-trans-response", 1},
	{"query-trans-request", "login-request", 0, "query-trans-request", 1},
	/* Without the sender's key, the shape alone, when the given schema
	 * lacks it. */
	{"login-request", "commit-request", 1, "login-request", 0},
	{"login-request", "login-request", 1, "", 0},
	{"login-request", "login-request", 0, "", 0},
};

START_TEST(test_looks_like_another_schema)
{
	const gtd_schema *s = gtd_schema_find(guesses[_i].sealed);
	char *msg = message_for(s->name), names[256] = "";
	gtd_fields f, back;
	gtd_envelope env;
	gtd_open_report rep;
	size_t j;

	fields_from(&f, s, msg);
	ck_assert_int_eq(gtd_seal(&f, partner_priv, gotadi_pub, &env, NULL), GTD_OK);
	gtd_open(gtd_schema_find(guesses[_i].opened_as), env.key, env.data, gotadi_priv,
		 guesses[_i].wrong_sender ? gotadi_pub : partner_pub, NULL, &back, &rep);
	for (j = 0; j < rep.nlooks_like; j++)
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s", j ? "," : "",
			 rep.looks_like[j]->name);
	ck_assert_msg(strcmp(names, guesses[_i].looks_like) == 0, "%s opened as %s: looks like '%s', not '%s'",
		      guesses[_i].sealed, guesses[_i].opened_as, names, guesses[_i].looks_like);
	ck_assert_int_eq(rep.looks_like_verified, guesses[_i].verified);
	gtd_open_report_release(&rep);
	gtd_fields_release(&back);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(msg);
}
END_TEST

struct decode_case {
	const char *label, *key, *data;
	const gtd_key *receiver;
	gtd_open_step step;
	const char *why;
};

static void expect_decode_failure(const struct decode_case *c)
{
	gtd_fields f;
	gtd_open_report rep;

	ck_assert_int_eq(gtd_open(gtd_schema_find("login-request"), c->key, c->data, c->receiver,
				  partner_pub, NULL, &f, &rep), GTD_EINVAL);
	ck_assert_msg(rep.step == c->step, "%s: stopped at %s: %s", c->label,
		      gtd_open_step_name(rep.step), rep.why);
	ck_assert_msg(strstr(rep.why, c->why), "%s: '%s' lacks '%s'", c->label, rep.why, c->why);
	ck_assert_ptr_null(rep.original);
	ck_assert_str_eq(gtd_codes[gtd_open_step_code(rep.step)].code,
			 c->step == GTD_OPEN_INPUT ? "07" : "05");
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
}

/* Failures before the original data is known: decoding and decryption. */
START_TEST(test_decoding_failures)
{
	char *orig = expand_original("AC|u1|dual|flight|SIG", "AC|u1|dual|flight");
	gtd_envelope good, other, k8, twokey, notutf8;
	gtd_fields f;
	gtd_open_report rep;
	gtd_key *wrong = NULL;
	char *truncated;
	size_t i;

	raw_envelope(orig, strlen(orig), session24, 24, gotadi_pub, &good);
	raw_envelope(orig, strlen(orig), session24, 24, partner_pub, &other);
	raw_envelope(orig, strlen(orig), session24, 8, gotadi_pub, &k8);
	raw_envelope("AC|\xc3\x28|dual|flight|x", 20, session24, 24, gotadi_pub, &notutf8);
	raw_envelope(orig, strlen(orig), session24, 16, gotadi_pub, &twokey);
	truncated = strndup(good.data, strlen(good.data) - 2);   /* a byte or two short */
	ck_assert_int_eq(gtd_key_generate(2048, &wrong, NULL), GTD_OK);
	{
		const struct decode_case cases[] = {
			{"no key", "", "x", gotadi_priv, GTD_OPEN_INPUT, "needs both"},
			{"no data", "x", NULL, gotadi_priv, GTD_OPEN_INPUT, "needs both"},
			{"key not base64", "abc$", "x", gotadi_priv, GTD_OPEN_KEY_BASE64, "0x24 at offset 3"},
			{"key truncated", "AAAA", good.data, gotadi_priv, GTD_OPEN_RSA, "decodes to 3 bytes"},
			{"key for another receiver", other.key, other.data, gotadi_priv, GTD_OPEN_RSA,
			 "needs exactly 256"},
			{"wrong private key, same size", good.key, good.data, wrong, GTD_OPEN_RSA,
			 "PKCS#1 v1.5"},
			{"8-byte session key", k8.key, k8.data, gotadi_priv, GTD_OPEN_KEY_LENGTH,
			 "has 8 bytes"},
			{"data not base64", good.key, "***", gotadi_priv, GTD_OPEN_DATA_BASE64, "0x2a"},
			{"data truncated", good.key, truncated, gotadi_priv, GTD_OPEN_3DES,
			 "not a whole number"},
			{"data not UTF-8", notutf8.key, notutf8.data, gotadi_priv, GTD_OPEN_UTF8, "offset 3"},
		};

		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			expect_decode_failure(&cases[i]);
	}
	/* Two-key 3DES (16 bytes) is accepted, leniently (doc/protocol.md). */
	ck_assert_int_eq(gtd_open(gtd_schema_find("login-request"), twokey.key, twokey.data,
				  gotadi_priv, partner_pub, NULL, &f, &rep), GTD_OK);
	ck_assert_uint_eq(rep.session_key_len, 16);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_key_free(wrong);
	free(truncated);
	free(orig);
	gtd_envelope_release(&good);
	gtd_envelope_release(&other);
	gtd_envelope_release(&k8);
	gtd_envelope_release(&twokey);
	gtd_envelope_release(&notutf8);
}
END_TEST

/* A byte changed anywhere in key or data is always caught, never crashes,
 * never opens to different fields. */
START_TEST(test_every_corrupted_byte_is_refused)
{
	const gtd_schema *s = gtd_schema_find("query-trans-request");
	static const char subst[] = {'A', '-', '_', '+', '/', '=', '\0'};
	gtd_fields f, back;
	gtd_envelope env;
	gtd_open_report rep;
	size_t pos, j;
	int which;

	/* 1024-bit keys both ways: hundreds of opens, also under valgrind. */
	fields_from(&f, s, "AC|ADCO251128001");
	ck_assert_int_eq(gtd_seal(&f, partner_priv, partner_pub, &env, NULL), GTD_OK);
	for (which = 0; which < 2; which++) {
		char *text = which ? env.data : env.key;
		size_t len = strlen(text);

		for (pos = 0; pos < len; pos += 3) {
			char saved = text[pos];

			for (j = 0; j < sizeof(subst); j++) {
				gtd_status st;

				if (subst[j] == saved || (subst[j] == '\0' && pos == 0))
					continue;
				text[pos] = subst[j];
				st = gtd_open(s, env.key, env.data, partner_priv, partner_pub, NULL, &back,
					      &rep);
				/* A change in the last character's unused low bits
				 * decodes to the same bytes; anything else fails. */
				if (st == GTD_OK)
					ck_assert_str_eq(rep.signed_data, "AC|ADCO251128001");
				else
					ck_assert_int_ne(rep.step, GTD_OPEN_OK);
				gtd_open_report_release(&rep);
				gtd_fields_release(&back);
			}
			text[pos] = saved;
		}
	}
	gtd_envelope_release(&env);
	gtd_fields_release(&f);
}
END_TEST

START_TEST(test_accepts_standard_alphabet_with_padding)
{
	const gtd_schema *s = gtd_schema_find("query-trans-request");
	gtd_fields f, back;
	gtd_envelope env;
	gtd_open_report rep;
	unsigned char *raw;
	size_t rawlen;
	char *k, *d;

	fields_from(&f, s, "AC|ADCO251128001");
	ck_assert_int_eq(gtd_seal(&f, partner_priv, gotadi_pub, &env, NULL), GTD_OK);
	ck_assert_int_eq(gtd_b64_decode(env.key, strlen(env.key), &raw, &rawlen, NULL), GTD_OK);
	k = gtd_b64_encode(raw, rawlen, GTD_B64_STD);
	free(raw);
	ck_assert_int_eq(gtd_b64_decode(env.data, strlen(env.data), &raw, &rawlen, NULL), GTD_OK);
	d = gtd_b64_encode(raw, rawlen, GTD_B64_STD);
	free(raw);
	ck_assert_int_eq(gtd_open(s, k, d, gotadi_priv, partner_pub, NULL, &back, &rep), GTD_OK);
	gtd_open_report_release(&rep);
	gtd_fields_release(&back);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(k);
	free(d);
}
END_TEST

START_TEST(test_bad_signature_flag)
{
	const gtd_schema *s = gtd_schema_find("query-trans-request");
	gtd_fields f, back;
	gtd_envelope env;
	gtd_open_report rep;

	fields_from(&f, s, "AC|ADCO251128001");
	ck_assert_int_eq(gtd_seal_ex(&f, partner_priv, gotadi_pub, NULL, 0, GTD_SEAL_BAD_SIGNATURE,
				     &env, NULL), GTD_OK);
	ck_assert_int_eq(gtd_open(s, env.key, env.data, gotadi_priv, partner_pub, NULL, &back, &rep),
			 GTD_EINVAL);
	ck_assert_int_eq(rep.step, GTD_OPEN_SIGNATURE);
	ck_assert_str_eq(rep.signed_data, "AC|ADCO251128001");
	gtd_open_report_release(&rep);
	gtd_fields_release(&back);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
}
END_TEST

/* properties is a JSON object text: the fields are joined by '|' with no
 * escaping, so its '"', ':', ',', '{' and '}' come out of seal and open
 * byte for byte, in the signature data too; a '|' inside a JSON string
 * would split the field and is refused when sealing. */
START_TEST(test_json_properties_survive)
{
	static const char props[] =
		"{\"status\":\"BOOKED\",\"paymentStatus\":\"SUCCEEDED\",\"issuedStatus\":\"SUCCEEDED\"}";
	const gtd_schema *s = gtd_schema_find("commit-response");
	gtd_fields f, back;
	gtd_envelope env;
	gtd_open_report rep;
	gtd_err err;

	fields_from(&f, s, "AC-DEMO|ADCO251128001|00|AIR||http://127.0.0.1:8080/result/ADCO251128001|1850000.0");
	ck_assert_int_eq(gtd_fields_set(&f, "properties", props, &err), GTD_OK);
	ck_assert_int_eq(gtd_seal(&f, gotadi_priv, partner_pub, &env, &err), GTD_OK);
	ck_assert_int_eq(gtd_open(s, env.key, env.data, partner_priv, gotadi_pub, "AC-DEMO", &back,
				  &rep), GTD_OK);
	ck_assert_str_eq(gtd_fields_get(&back, "properties"), props);
	ck_assert_str_eq(rep.signed_data, "AC-DEMO|ADCO251128001|00|AIR|{\"status\":\"BOOKED\","
			 "\"paymentStatus\":\"SUCCEEDED\",\"issuedStatus\":\"SUCCEEDED\"}|"
			 "http://127.0.0.1:8080/result/ADCO251128001|1850000.0");
	gtd_open_report_release(&rep);
	gtd_fields_release(&back);
	gtd_envelope_release(&env);
	ck_assert_int_eq(gtd_fields_set(&f, "properties", "{\"status\":\"A|B\"}", &err), GTD_OK);
	ck_assert_int_eq(gtd_seal(&f, gotadi_priv, partner_pub, &env, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "field properties contains '|', the envelope's separator");
	gtd_fields_release(&f);
}
END_TEST

START_TEST(test_seal_refuses)
{
	gtd_fields f;
	gtd_envelope env = {(char *)"x", (char *)"y"};
	gtd_err err;

	fields_from(&f, gtd_schema_find("login-request"), "AC|a|b|dual|flight");
	ck_assert_int_eq(gtd_seal(&f, partner_priv, gotadi_pub, &env, &err), GTD_EINVAL);
	ck_assert_ptr_null(env.key);
	gtd_fields_release(&f);
	fields_from(&f, gtd_schema_find("login-request"), "AC|u|dual|flight");
	ck_assert_int_eq(gtd_seal(&f, partner_pub, gotadi_pub, &env, &err), GTD_EKEY);
	ck_assert_str_eq(err.msg, "the sender's key must be a private key");
	ck_assert_int_eq(gtd_seal_with_session_key(&f, partner_priv, gotadi_pub, session24, 8, &env,
						   &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "24 or 16 bytes"), "%s", err.msg);
	gtd_fields_release(&f);
}
END_TEST

static const struct {
	const char *json;
	gtd_status st;
	const char *why;
} bodies[] = {
	{"{\"key\":\"k\",\"data\":\"d\"}", GTD_OK, ""},
	{"{\"data\":\"d\",\"key\":\"k\",\"extra\":[1]}", GTD_OK, ""},
	{"", GTD_EINVAL, "not JSON"},
	{"{\"key\":\"k\",\"data\":", GTD_EINVAL, "not JSON (error at byte 17)"},
	{"[\"key\",\"data\"]", GTD_EINVAL, "must be a JSON object"},
	{"{\"key\":\"k\"}", GTD_EINVAL, "\"data\" is missing"},
	{"{\"key\":1,\"data\":\"d\"}", GTD_EINVAL, "\"key\" is not a string"},
	{"{\"key\":\"k\",\"data\":null}", GTD_EINVAL, "\"data\" is not a string"},
	/* Readers disagree on which of two members wins: refused. */
	{"{\"key\":\"k\",\"data\":\"d\",\"key\":\"k2\"}", GTD_EINVAL, "\"key\" appears twice"},
	{"{\"data\":\"d\",\"key\":\"k\",\"x\":1,\"x\":2}", GTD_EINVAL, "\"x\" appears twice"},
};

START_TEST(test_envelope_json)
{
	gtd_envelope e;
	gtd_err err;
	char *again;

	ck_assert_int_eq(gtd_envelope_from_json(bodies[_i].json, strlen(bodies[_i].json), &e, &err),
			 bodies[_i].st);
	if (bodies[_i].st != GTD_OK) {
		ck_assert_ptr_null(e.key);
		ck_assert_msg(strstr(err.msg, bodies[_i].why), "'%s' lacks '%s'", err.msg, bodies[_i].why);
		return;
	}
	ck_assert_str_eq(e.key, "k");
	ck_assert_str_eq(e.data, "d");
	again = gtd_envelope_to_json(&e);
	ck_assert_str_eq(again, "{\"key\":\"k\",\"data\":\"d\"}");
	free(again);
	gtd_envelope_release(&e);
}
END_TEST

/* Every step has a stable name and a code; running out of memory is the
 * receiver's trouble, never an answer the sender could take for success. */
static const struct {
	gtd_open_step step;
	const char *name, *code;
} step_table[] = {
	{GTD_OPEN_STEP_COUNT, "unknown", "99"},
	{GTD_OPEN_OK, "ok", "00"},
	{GTD_OPEN_INPUT, "input", "07"},
	{GTD_OPEN_RSA, "rsa", "05"},
	{GTD_OPEN_SIGNATURE, "signature", "04"},
	{GTD_OPEN_ACCESS_CODE, "access-code", "06"},
	{GTD_OPEN_INTERNAL, "internal", "99"},
};

START_TEST(test_step_names_and_codes)
{
	ck_assert_str_eq(gtd_open_step_name(step_table[_i].step), step_table[_i].name);
	ck_assert_str_eq(gtd_codes[gtd_open_step_code(step_table[_i].step)].code, step_table[_i].code);
}
END_TEST

/* Fails each allocation open() makes in turn (sqlite's countdown): every
 * one must end in GTD_ENOMEM at step "internal" (code 99) - never "ok"
 * with "00" and never a step that blames the message - until the countdown
 * passes them all and the same envelope opens. */
START_TEST(test_out_of_memory_is_internal)
{
	const gtd_schema *s = &gtd_schemas[_i];
	char *msg = message_for(s->name);
	gtd_fields f, back;
	gtd_envelope env;
	gtd_open_report rep;
	unsigned long n;
	gtd_status st;
	int hit;

	fields_from(&f, s, msg);
	ck_assert_int_eq(gtd_seal(&f, partner_priv, gotadi_pub, &env, NULL), GTD_OK);
	if (!failmalloc_available()) {
		fprintf(stderr, "check_envelope: the linker cannot wrap malloc; countdown skipped\n");
		goto out;
	}
	for (n = 1;; n++) {
		failmalloc_after(n);
		st = gtd_open(s, env.key, env.data, gotadi_priv, partner_pub, "AC-DEMO", &back, &rep);
		hit = failmalloc_failed();
		failmalloc_after(0);
		if (!hit) {
			ck_assert_int_eq(st, GTD_OK);
			ck_assert_int_eq(rep.step, GTD_OPEN_OK);
		} else {
			ck_assert_msg(st == GTD_ENOMEM, "%s: allocation %lu failed, open said %s at %s: %s",
				      s->name, n, gtd_status_str(st), gtd_open_step_name(rep.step), rep.why);
			ck_assert_str_eq(gtd_open_step_name(rep.step), "internal");
			ck_assert_str_eq(gtd_codes[gtd_open_step_code(rep.step)].code, "99");
			ck_assert_ptr_nonnull(strstr(rep.why, "out of memory"));
		}
		gtd_open_report_release(&rep);
		gtd_fields_release(&back);
		if (!hit)
			break;
	}
	/* key and data decoded and decrypted, the original copied and split,
	 * the signature data joined and decoded: at least nine. */
	ck_assert_uint_ge(n - 1, 9);
out:
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	free(msg);
}
END_TEST

static Suite *envelope_suite(void)
{
	Suite *s = suite_create("envelope");
	TCase *kat = tcase_create("known answers");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(kat, 120);
	tcase_add_unchecked_fixture(kat, NULL, kat_keys_free);
	tcase_add_test(kat, test_known_answers);
	tcase_add_test(kat, test_opens_java_envelopes);
	suite_add_tcase(s, kat);
	tcase_set_timeout(tc, 120);
	tcase_add_unchecked_fixture(tc, keys_setup, keys_teardown);
	tcase_add_loop_test(tc, test_envelope_json, 0, sizeof(bodies) / sizeof(bodies[0]));
	tcase_add_test(tc, test_seal_refuses);
	tcase_add_test(tc, test_json_properties_survive);
	tcase_add_test(tc, test_bad_signature_flag);
	tcase_add_loop_test(tc, test_round_trip_every_schema, 0, (int)gtd_schema_count);
	tcase_add_test(tc, test_sizes_for_1024_bits);
	tcase_add_loop_test(tc, test_failure_steps, 0, sizeof(failures) / sizeof(failures[0]));
	tcase_add_test(tc, test_long_signature_data_cut_whole);
	tcase_add_test(tc, test_vietnamese_forms);
	tcase_add_test(tc, test_wrapped_base64_opens);
	tcase_add_loop_test(tc, test_encryption_mistakes_named, 0,
			    sizeof(enc_mistakes) / sizeof(enc_mistakes[0]));
	tcase_add_loop_test(tc, test_signature_mistakes_named, 0, sizeof(mistakes) / sizeof(mistakes[0]));
	tcase_add_loop_test(tc, test_looks_like_another_schema, 0, sizeof(guesses) / sizeof(guesses[0]));
	tcase_add_test(tc, test_decoding_failures);
	tcase_add_test(tc, test_accepts_standard_alphabet_with_padding);
	tcase_add_test(tc, test_every_corrupted_byte_is_refused);
	tcase_add_loop_test(tc, test_step_names_and_codes, 0, sizeof(step_table) / sizeof(step_table[0]));
	tcase_add_loop_test(tc, test_out_of_memory_is_internal, 0, (int)gtd_schema_count);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(envelope_suite)
