/* sigdiag.c - what a signature that does not verify is, instead. */
#include "sigdiag.h"

#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/rsa.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "envelope.h"
#include "utf8.h"
#include "vietnamese.h"

#define SPELLINGS \
	"Java Signature.getInstance(\"SHA256withRSA\"), PHP openssl_sign($data, $sig, $key, OPENSSL_ALGO_SHA256), " \
	".NET SignData(bytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), Node crypto.sign('sha256', data, key)"

/* PKCS#1 v1.5 DigestInfo prefixes (RFC 8017 section 9.2, note 1). */
static const struct digest {
	const char *name, *java;
	size_t prefix_len, hash_len;
	unsigned char prefix[19];
} digests[] = {
	{"MD5", "MD5withRSA", 18, 16,
	 {0x30, 0x20, 0x30, 0x0c, 0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02, 0x05, 0x05, 0x00, 0x04, 0x10}},
	{"SHA-1", "SHA1withRSA", 15, 20,
	 {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14}},
	{"SHA-224", "SHA224withRSA", 19, 28,
	 {0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c}},
	{"SHA-256", "SHA256withRSA", 19, 32,
	 {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}},
	{"SHA-384", "SHA384withRSA", 19, 48,
	 {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30}},
	{"SHA-512", "SHA512withRSA", 19, 64,
	 {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40}},
};
#define NDIGESTS (sizeof(digests) / sizeof(digests[0]))
#define SHA256_INDEX 3

/* More fields than this are not tried in every order (7! = 5040 hashes). */
#define ORDER_FIELDS_MAX 7

/* The signature data of a message the envelope opened, rejoined. */
#define JOINED_MAX (1024 * 1024)

static void say(char *why, size_t whylen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* sig opened with key's public operation, no padding removed: the encoded
 * message, k bytes, in em (of size k).  0 when the key refuses it. */
static int open_raw(const gtd_key *key, const unsigned char *sig, size_t siglen,
		    unsigned char *em, size_t k)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);
	size_t n = k;
	int ok = ctx && siglen == k && EVP_PKEY_verify_recover_init(ctx) > 0 &&
		 EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) > 0 &&
		 EVP_PKEY_verify_recover(ctx, em, &n, sig, siglen) > 0 && n == k;

	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* The payload of a PKCS#1 v1.5 signature block 00 01 FF..FF 00 payload. */
static const unsigned char *unpad(const unsigned char *em, size_t k, size_t *len)
{
	size_t i = 2;

	if (k < 11 || em[0] != 0x00 || em[1] != 0x01)
		return NULL;
	while (i < k && em[i] == 0xff)
		i++;
	if (i < 10 || i >= k || em[i] != 0x00)
		return NULL;
	*len = k - i - 1;
	return em + i + 1;
}

/* Whether sig is an RSASSA-PSS SHA-256 signature of data by key. */
static int pss_verifies(const gtd_key *key, const unsigned char *sig, size_t siglen, const char *data)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok = md && EVP_DigestVerifyInit(md, &pctx, gtd_sha256(), NULL, key->pkey) == 1 &&
		 EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0 &&
		 EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) > 0 &&
		 EVP_DigestVerify(md, sig, siglen, (const unsigned char *)data, strlen(data)) == 1;

	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

static int hash_is(const unsigned char want[32], const void *data, size_t len)
{
	unsigned char md[32];
	unsigned int mdlen = 0;

	return EVP_Digest(data, len, md, &mdlen, gtd_sha256(), NULL) && mdlen == 32 &&
	       memcmp(md, want, 32) == 0;
}

/* The fields joined with sep, in the order idx (NULL: the schema's), with
 * an empty value at the signature's place when with_sig_slot. */
static char *joined(const gtd_fields *f, const size_t *idx, const char *sep, int with_sig_slot)
{
	const gtd_schema *s = f->schema;
	gtd_buf b;
	size_t i, out = 0;
	gtd_status st = GTD_OK;

	gtd_buf_init(&b, JOINED_MAX);
	for (i = 0; i <= s->nfields && st == GTD_OK; i++) {
		const char *v;

		if (with_sig_slot && i == s->sig_pos) {
			if (out++)
				st = gtd_buf_adds(&b, sep);
		}
		if (i == s->nfields)
			break;
		v = f->v[idx ? idx[i] : i];
		if (st == GTD_OK && out++)
			st = gtd_buf_adds(&b, sep);
		if (st == GTD_OK)
			st = gtd_buf_adds(&b, v ? v : "");
	}
	if (st != GTD_OK) {
		gtd_buf_release(&b);
		return NULL;
	}
	return gtd_buf_detach(&b);
}

static int joined_is(const unsigned char want[32], const gtd_fields *f, const size_t *idx,
		     const char *sep, int with_sig_slot)
{
	char *s = joined(f, idx, sep, with_sig_slot);
	int ok = s && hash_is(want, s, strlen(s));

	free(s);
	return ok;
}

/* The names of the fields in the order idx, comma separated. */
static void order_names(const gtd_fields *f, const size_t *idx, char *out, size_t outlen)
{
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < f->schema->nfields && used < outlen; i++) {
		int n = snprintf(out + used, outlen - used, "%s%s", i ? "|" : "",
				 f->schema->fields[idx ? idx[i] : i].name);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

/* Heap's algorithm over idx: whether any order but the schema's hashes
 * to want; idx is left in that order. */
static int other_order(const unsigned char want[32], const gtd_fields *f, size_t *idx)
{
	size_t n = f->schema->nfields, c[ORDER_FIELDS_MAX] = {0}, i = 1, t;

	for (t = 0; t < n; t++)
		idx[t] = t;
	if (n < 2 || n > ORDER_FIELDS_MAX)
		return 0;
	while (i < n) {
		if (c[i] < i) {
			size_t j = i % 2 ? c[i] : 0;

			t = idx[j], idx[j] = idx[i], idx[i] = t;
			if (joined_is(want, f, idx, "|", 0))
				return 1;
			c[i]++;
			i = 1;
		} else {
			c[i++] = 0;
		}
	}
	return 0;
}

/* The code point at *p (advancing past it); a malformed byte is taken as
 * itself, as the signature data is UTF-8 by then. */
static unsigned next_cp(const char **p)
{
	unsigned cp;
	size_t n = gtd_utf8_decode(*p, strlen(*p), &cp);

	if (!n) {
		cp = (unsigned char)**p;
		n = 1;
	}
	*p += n;
	return cp;
}

/* UTF-8 s in Latin-1, each character beyond U+00FF as '?' (what Java's
 * getBytes("ISO-8859-1") and PHP's utf8_decode() give). */
static char *latin1(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		unsigned cp = next_cp(&s);

		*o++ = cp <= 0xff ? (char)cp : '?';
	}
	*o = '\0';
	return out;
}

/* UTF-8 s in UTF-16, little-endian (.NET's Encoding.Unicode) or big-endian
 * with a byte order mark (Java's "UTF-16"). */
static unsigned char *utf16(const char *s, int big_endian, size_t *len)
{
	unsigned char *out = malloc(4 * strlen(s) + 2), *o = out;

	if (!out)
		return NULL;
	if (big_endian)
		*o++ = 0xfe, *o++ = 0xff;
	while (*s) {
		unsigned cp = next_cp(&s), u[2] = {cp, 0}, nu = 1, i;

		if (cp >= 0x10000) {
			u[0] = 0xd800 + ((cp - 0x10000) >> 10);
			u[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			nu = 2;
		}
		for (i = 0; i < nu; i++) {
			*o++ = (unsigned char)(big_endian ? u[i] >> 8 : u[i] & 0xff);
			*o++ = (unsigned char)(big_endian ? u[i] & 0xff : u[i] >> 8);
		}
	}
	*len = (size_t)(o - out);
	return out;
}

/* The field of the signature data at byte offset off. */
static const char *field_at(const gtd_fields *f, const char *data, size_t off)
{
	size_t i, field = 0;

	for (i = 0; i < off && data[i]; i++)
		field += data[i] == '|';
	return field < f->schema->nfields ? f->schema->fields[field].name : "?";
}

static size_t first_difference(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	return i;
}

/* The right hash algorithm over other data: which data. */
static void other_data(const unsigned char want[32], const gtd_fields *f, const char *data,
		       char *why, size_t whylen)
{
	static const struct {
		const char *sep, *name;
	} seps[] = {
		{",", "','"}, {";", "';'"}, {"&", "'&'"}, {"#", "'#'"}, {" ", "a space"},
		{" | ", "' | '"}, {"\t", "a tab"}, {"\n", "a newline"}, {"", "nothing"},
	};
	static const struct {
		gtd_vi_form_kind kind;
		const char *what;
	} forms[] = {
		{GTD_VI_NFD, "decomposed Unicode (NFD: base letters and combining marks, as macOS and some "
			     "input methods give text); Gotadi signs the text as it is sent, here composed (NFC)"},
		{GTD_VI_NFC, "composed Unicode (NFC) while the fields were sent decomposed (NFD); sign the very "
			     "bytes you send"},
		{GTD_VI_ASCII, "the text without its diacritics (\"Nguyen\" for \"Nguyễn\"); sign the UTF-8 text "
			       "you send"},
	};
	size_t idx[GTD_FIELDS_MAX], i, len;
	char names[512], expected[512];
	char *t;
	unsigned char *u;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
		if (joined_is(want, f, NULL, seps[i].sep, 0)) {
			say(why, whylen, "the signature is SHA256withRSA over the fields joined with %s; "
				 "Gotadi joins them with '|' (no '|' before the first nor after the last)",
			    seps[i].name);
			return;
		}
	t = malloc(strlen(data) + 3);
	if (t) {
		int found = 0;

		sprintf(t, "%s|", data);
		if (hash_is(want, t, strlen(t)))
			found = 1;
		sprintf(t, "|%s", data);
		if (!found && hash_is(want, t, strlen(t)))
			found = 2;
		sprintf(t, "|%s|", data);
		if (!found && hash_is(want, t, strlen(t)))
			found = 3;
		free(t);
		if (found) {
			say(why, whylen, "the signature is SHA256withRSA over the signature data with %s; "
				 "Gotadi signs the fields joined with '|', without one %s",
			    found == 1 ? "a trailing '|'" : found == 2 ? "a leading '|'" : "a '|' at each end",
			    found == 1 ? "after the last" : found == 2 ? "before the first" : "at either end");
			return;
		}
	}
	if (joined_is(want, f, NULL, "|", 1)) {
		say(why, whylen, "the signature is SHA256withRSA over the fields with an empty value where the "
			 "signature goes (field %zu); the signature data leaves the signature out",
		    f->schema->sig_pos + 1);
		return;
	}
	if (other_order(want, f, idx)) {
		order_names(f, idx, names, sizeof(names));
		order_names(f, NULL, expected, sizeof(expected));
		say(why, whylen, "the signature is SHA256withRSA over the right fields in another order (%s); "
			 "Gotadi signs them in the message's order: %s", names, expected);
		return;
	}
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		t = gtd_vi_form(data, forms[i].kind);
		if (t && strcmp(t, data) != 0 && hash_is(want, t, strlen(t))) {
			size_t off = first_difference(data, t);

			say(why, whylen, "the signature is SHA256withRSA over %s (first difference at byte offset %zu, "
				 "in field %s)", forms[i].what, off, field_at(f, data, off));
			free(t);
			return;
		}
		free(t);
	}
	t = latin1(data);
	if (t && strcmp(t, data) != 0 && hash_is(want, t, strlen(t))) {
		size_t off = first_difference(data, t);

		say(why, whylen, "the signature is SHA256withRSA over the data in Latin-1 (ISO-8859-1, '?' for "
			 "letters it lacks; first difference at byte offset %zu, in field %s): encode the data as UTF-8 "
			 "before signing (Java getBytes(StandardCharsets.UTF_8), .NET Encoding.UTF8)",
		    off, field_at(f, data, off));
		free(t);
		return;
	}
	free(t);
	for (i = 0; i < 2; i++) {
		u = utf16(data, (int)i, &len);
		if (u && hash_is(want, u, len)) {
			say(why, whylen, "the signature is SHA256withRSA over the data in UTF-16 (%s): encode the "
				 "data as UTF-8 before signing (Java getBytes(StandardCharsets.UTF_8), .NET "
				 "Encoding.UTF8.GetBytes)",
			    i ? "big-endian with a byte order mark, Java's \"UTF-16\"" :
				"little-endian, .NET's Encoding.Unicode");
			free(u);
			return;
		}
		free(u);
	}
	say(why, whylen, "the signature is SHA256withRSA with the sender's key, but over other data than "
		 "the signature data (not another field order, separator, trailing '|', Unicode form, Latin-1 "
		 "or UTF-16 of it): compare what you sign, byte for byte, with the signature data shown");
}

void gtd_sig_diagnose(const gtd_key *signer, const unsigned char *sig, size_t siglen,
		      const gtd_fields *f, char *why, size_t whylen)
{
	size_t k = (size_t)EVP_PKEY_get_size(signer->pkey), plen = 0, i;
	unsigned char *em = calloc(1, k);
	const unsigned char *payload;
	char *data = gtd_signature_data(f);

	if (!em || !data) {
		say(why, whylen, "the signature does not verify (out of memory while finding out why)");
		goto out;
	}
	/* A signature the key cannot open (as large as its modulus or more)
	 * or that opens to no PKCS#1 block was made with another key, unless
	 * it is PSS's block. */
	payload = open_raw(signer, sig, siglen, em, k) ? unpad(em, k, &plen) : NULL;
	if (!payload) {
		if (em[k - 1] == 0xbc && pss_verifies(signer, sig, siglen, data))
			say(why, whylen, "this is an RSASSA-PSS signature of the right data; Gotadi expects PKCS#1 "
				 "v1.5 SHA256withRSA (" SPELLINGS ")");
		else
			say(why, whylen, "the signature was made with another key than the sender's registered "
				 "public key (fingerprint %.16s...): sign with the private key whose public key you "
				 "sent to Gotadi, or send Gotadi the public key of the one you sign with",
			    signer->fingerprint);
		goto out;
	}
	for (i = 0; i < NDIGESTS; i++)
		if (plen == digests[i].prefix_len + digests[i].hash_len &&
		    memcmp(payload, digests[i].prefix, digests[i].prefix_len) == 0)
			break;
	if (i == NDIGESTS) {
		if (plen == 32 || plen == 20)
			say(why, whylen, "the signature holds a bare %s hash without its DigestInfo (a hash signed "
				 "as raw data, e.g. NONEwithRSA or .NET SignHash without the algorithm); Gotadi "
				 "expects SHA256withRSA (" SPELLINGS ")",
			    plen == 32 ? "SHA-256" : "SHA-1");
		else
			say(why, whylen, "the signature holds %zu bytes that are no hash's DigestInfo: it signs "
				 "raw data; Gotadi expects SHA256withRSA (" SPELLINGS ")", plen);
		goto out;
	}
	if (i != SHA256_INDEX) {
		say(why, whylen, "the signature is %s (a %s hash); Gotadi expects SHA256withRSA (" SPELLINGS
			 "%s)", digests[i].java, digests[i].name,
		    i == 1 ? "; PHP's openssl_sign() uses SHA-1 when no algorithm is given" : "");
		goto out;
	}
	other_data(payload + digests[i].prefix_len, f, data, why, whylen);
out:
	free(em);
	free(data);
}
