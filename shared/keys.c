#include "keys.h"

#include <ctype.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include "b64.h"
#include "buf.h"
#include "fs.h"

#define KEY_FILE_MAX (1024 * 1024)

/* One memmem() call rather than a memcmp() at every offset: pasted keys run
 * to kilobytes and are searched for several markers, and under the fuzzer
 * every memcmp() call is intercepted and traced. */
static const char *find_n(const char *hay, size_t len, const char *needle)
{
	return memmem(hay, len, needle, strlen(needle));
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/* OpenSSL's names of an RSA key's values, in the order PKCS#1 and .NET
 * XML hold them; the first two are the public key. */
static const char *const rsa_params[] = {
	OSSL_PKEY_PARAM_RSA_N, OSSL_PKEY_PARAM_RSA_E, OSSL_PKEY_PARAM_RSA_D,
	OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
	OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2,
	OSSL_PKEY_PARAM_RSA_COEFFICIENT1};

enum { RSA_N, RSA_E, RSA_D, RSA_P, RSA_Q, RSA_DP, RSA_DQ, RSA_QINV, RSA_VALUES, RSA_PUBLIC_VALUES = 2 };

/* An RSA key made of n values (RSA_PUBLIC_VALUES or RSA_VALUES, in
 * rsa_params' order), or NULL when OpenSSL refuses them. */
static EVP_PKEY *rsa_from_values(BIGNUM *const *v, int n)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	int i, ok = bld != NULL;

	for (i = 0; ok && i < n; i++)
		ok = OSSL_PARAM_BLD_push_BN(bld, rsa_params[i], v[i]);
	if (ok)
		params = OSSL_PARAM_BLD_to_param(bld);
	if (params)
		ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, n == RSA_VALUES ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
			      params) <= 0)
		pkey = NULL;
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return pkey;
}

static void fill_size(gtd_key *k)
{
	BIGNUM *d = NULL;

	k->bits = EVP_PKEY_get_bits(k->pkey);
	k->is_private = EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_D, &d) == 1;
	BN_clear_free(d);
}

/* The AlgorithmIdentifier of an RSA key, as every encoder writes it. */
static const unsigned char rsa_algorithm[] = {
	0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

/* The length of bn as a DER INTEGER; written at p unless p is NULL. */
static int der_put_uint(unsigned char *p, const BIGNUM *bn)
{
	int n = BN_num_bytes(bn), pad = n == 0 || BN_is_bit_set(bn, n * 8 - 1);

	if (p) {
		ASN1_put_object(&p, 0, n + pad, V_ASN1_INTEGER, V_ASN1_UNIVERSAL);
		if (pad)
			*p++ = 0;
		BN_bn2bin(bn, p);
	}
	return ASN1_object_size(0, n + pad, V_ASN1_INTEGER);
}

/* The DER SubjectPublicKeyInfo of the RSA key (n, e) in a new buffer the
 * caller frees, its length in *len; NULL when out of memory.  Written here
 * because i2d_PUBKEY sets an encoder up in OpenSSL 3.0, which costs more
 * than all of a key's checks. */
static unsigned char *rsa_spki(const BIGNUM *n, const BIGNUM *e, int *len)
{
	int ints = der_put_uint(NULL, n) + der_put_uint(NULL, e);
	int seq = ASN1_object_size(1, ints, V_ASN1_SEQUENCE);
	int body = (int)sizeof(rsa_algorithm) + ASN1_object_size(0, seq + 1, V_ASN1_BIT_STRING);
	unsigned char *der, *p;

	*len = ASN1_object_size(1, body, V_ASN1_SEQUENCE);
	der = p = malloc((size_t)*len);
	if (!der)
		return NULL;
	ASN1_put_object(&p, 1, body, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL);
	memcpy(p, rsa_algorithm, sizeof(rsa_algorithm));
	p += sizeof(rsa_algorithm);
	ASN1_put_object(&p, 0, seq + 1, V_ASN1_BIT_STRING, V_ASN1_UNIVERSAL);
	*p++ = 0;       /* no unused bits */
	ASN1_put_object(&p, 1, ints, V_ASN1_SEQUENCE, V_ASN1_UNIVERSAL);
	p += der_put_uint(p, n);
	der_put_uint(p, e);
	return der;
}

/* Last, once a key is accepted (an RSA key). */
static gtd_status fill_fingerprint(gtd_key *k, gtd_err *err)
{
	BIGNUM *n = NULL, *e = NULL;
	unsigned char *der = NULL, md[32];
	unsigned int mdlen = 0;
	int len = 0, i, ok;

	ok = EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N, &n) &&
	     EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_E, &e) && (der = rsa_spki(n, e, &len)) &&
	     EVP_Digest(der, (size_t)len, md, &mdlen, gtd_sha256(), NULL);
	free(der);
	BN_free(n);
	BN_free(e);
	if (!ok) {
		ERR_clear_error();
		return gtd_err_set(err, GTD_ECRYPTO, "cannot compute the key's fingerprint");
	}
	for (i = 0; i < 32; i++)
		snprintf(k->fingerprint + 2 * i, 3, "%02x", md[i]);
	return GTD_OK;
}

/* What is wrong with a private key's numbers, or NULL when they belong
 * together: P*Q is N, D inverts E, and the CRT values follow from them.
 * Pure arithmetic, so the verdict never depends on RSA blinding's random
 * factor (a signing self-test's did, for some damaged keys), and cheap:
 * OpenSSL's full check also tests both primes, many times slower and run
 * on every load. */
static const char *private_key_flaw(EVP_PKEY *pkey)
{
	BIGNUM *v[RSA_VALUES] = {0}, *p1 = BN_new(), *q1 = BN_new(), *t = BN_new();
	BN_CTX *bn = BN_CTX_new();
	const char *flaw = "its values cannot be read";
	int i;

	for (i = 0; i < RSA_VALUES; i++)
		if (!EVP_PKEY_get_bn_param(pkey, rsa_params[i], &v[i]))
			goto out;
	if (!p1 || !q1 || !t || !bn)
		goto out;
	flaw = "P*Q is not the modulus";
	if (BN_cmp(v[RSA_P], BN_value_one()) <= 0 || BN_cmp(v[RSA_Q], BN_value_one()) <= 0 ||
	    !BN_mul(t, v[RSA_P], v[RSA_Q], bn) || BN_cmp(t, v[RSA_N]) != 0)
		goto out;
	flaw = "D does not invert E";
	if (!BN_sub(p1, v[RSA_P], BN_value_one()) || !BN_sub(q1, v[RSA_Q], BN_value_one()) ||
	    !BN_mod_mul(t, v[RSA_D], v[RSA_E], p1, bn) || !BN_is_one(t) ||
	    !BN_mod_mul(t, v[RSA_D], v[RSA_E], q1, bn) || !BN_is_one(t))
		goto out;
	flaw = "DP is not D mod (P-1)";
	if (!BN_nnmod(t, v[RSA_D], p1, bn) || BN_cmp(t, v[RSA_DP]) != 0)
		goto out;
	flaw = "DQ is not D mod (Q-1)";
	if (!BN_nnmod(t, v[RSA_D], q1, bn) || BN_cmp(t, v[RSA_DQ]) != 0)
		goto out;
	flaw = "InverseQ is not the inverse of Q mod P";
	if (!BN_mod_mul(t, v[RSA_Q], v[RSA_QINV], v[RSA_P], bn) || !BN_is_one(t))
		goto out;
	flaw = NULL;
out:
	for (i = 0; i < RSA_VALUES; i++)
		BN_clear_free(v[i]);
	BN_clear_free(p1);
	BN_clear_free(q1);
	BN_clear_free(t);
	BN_CTX_free(bn);
	ERR_clear_error();
	return flaw;
}

/* Whether the public exponent E is odd and at least 3.  No decoder checks
 * it: with E = 0 or 1 the key would leave a message as it is (and XML cannot
 * even write E = 0), and no even E has a private key to match. */
static int exponent_is_sound(EVP_PKEY *pkey)
{
	BIGNUM *e = NULL;
	int sound = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) && BN_is_odd(e) &&
		    !BN_is_one(e);

	BN_free(e);
	return sound;
}

/* The checks every key passes, whatever its format. */
static gtd_status accept_key(gtd_key *k, gtd_key_want want, gtd_err *err)
{
	const char *flaw;

	if (!EVP_PKEY_is_a(k->pkey, "RSA"))
		return gtd_err_set(err, GTD_EKEY,
				   "this is %s %s key, not RSA: Gotadi's envelope needs an RSA key of at least %d bits",
				   gtd_article(EVP_PKEY_get0_type_name(k->pkey)), EVP_PKEY_get0_type_name(k->pkey),
				   GTD_KEY_MIN_BITS);
	fill_size(k);
	/* Whatever the format, a private key's numbers must belong together:
	 * DER and PEM decoders accept any integers in the right places. */
	flaw = k->is_private ? private_key_flaw(k->pkey) : NULL;
	if (flaw)
		return gtd_err_set(err, GTD_EINVAL,
				   "the private key's values do not belong together (%s): the key is damaged",
				   flaw);
	if (!exponent_is_sound(k->pkey))
		return gtd_err_set(err, GTD_EINVAL,
				   "the public exponent E is not an odd number of at least 3: the key is damaged");
	if (k->bits < GTD_KEY_MIN_BITS)
		return gtd_err_set(err, GTD_EKEY,
				   "the key has %d bits; Gotadi requires at least %d (2048 recommended): generate a new key pair",
				   k->bits, GTD_KEY_MIN_BITS);
	if (k->bits > GTD_KEY_MAX_BITS)
		return gtd_err_set(err, GTD_EKEY, "the key has %d bits; at most %d are supported",
				   k->bits, GTD_KEY_MAX_BITS);
	if (want == GTD_KEY_PUBLIC && k->is_private)
		return gtd_err_set(err, GTD_EKEY,
				   "this is a PRIVATE key (%s): only the public key may be shared. "
				   "Treat this private key as exposed: generate a new key pair (rotate) and send only its public key",
				   k->format);
	if (want == GTD_KEY_PRIVATE && !k->is_private)
		return gtd_err_set(err, GTD_EKEY,
				   "this is a public key (%s); signing and decrypting need the matching private key",
				   k->format);
	return fill_fingerprint(k, err);
}

/* The DER structures a key may come in: a PEM block's label names its
 * structure, der_candidates() the ones a DER key may be. */
enum key_der { DER_SPKI, DER_PKCS8, DER_PKCS1_PRIVATE, DER_PKCS1_PUBLIC, DER_KINDS };

static const struct key_kind {
	const char *pem_label, *pem, *der;
} kinds[DER_KINDS] = {
	[DER_SPKI] = {"PUBLIC KEY", "PEM SubjectPublicKeyInfo", "DER SubjectPublicKeyInfo"},
	[DER_PKCS8] = {"PRIVATE KEY", "PEM PKCS#8", "DER PKCS#8"},
	[DER_PKCS1_PRIVATE] = {"RSA PRIVATE KEY", "PEM PKCS#1", "DER PKCS#1"},
	[DER_PKCS1_PUBLIC] = {"RSA PUBLIC KEY", "PEM PKCS#1", "DER PKCS#1"},
};

/* The universal tags (-1 for another class) of up to max fields of the DER
 * SEQUENCE in der, read with the header parser OpenSSL's own decoders use;
 * returns how many could be read, 0 when der is not a SEQUENCE.  Whatever
 * OpenSSL decodes passes this reading too. */
static int der_field_tags(const unsigned char *der, size_t len, int *tags, int max)
{
	const unsigned char *p = der, *end = der + len;
	long vlen;
	int tag, cls, flags, n;

	if (len > LONG_MAX)
		return 0;
	flags = ASN1_get_object(&p, &vlen, &tag, &cls, (long)len);
	if (flags & 0x80 || !(flags & V_ASN1_CONSTRUCTED) || tag != V_ASN1_SEQUENCE ||
	    cls != V_ASN1_UNIVERSAL)
		max = 0;
	for (n = 0; n < max && p < end; n++) {
		flags = ASN1_get_object(&p, &vlen, &tag, &cls, (long)(end - p));
		if (flags & 0x80)
			break;
		tags[n] = cls == V_ASN1_UNIVERSAL ? tag : -1;
		if (flags == (V_ASN1_CONSTRUCTED | 1)) {
			n++;    /* indefinite length: where it ends is not known here */
			break;
		}
		p += vlen;
	}
	ERR_clear_error();
	return n;
}

#define PKCS1_PRIVATE_FIELDS 9

static int leading_integers(const int *tags, int n)
{
	int i;

	for (i = 0; i < n && tags[i] == V_ASN1_INTEGER; i++)
		;
	return i;
}

/* The structures a DER key may be, in the order to try them, told by its
 * first fields: an SPKI opens with the algorithm's SEQUENCE, PKCS#8 with a
 * version INTEGER and the algorithm's SEQUENCE, PKCS#1 with two INTEGERs
 * (public) or nine (private).  OpenSSL 3.0 sets a decoder up afresh, most
 * of a parse's time, whenever it is asked for a private key, so only a
 * structure whose fields are there is tried.  No DER is both PKCS#1 forms,
 * so the public one, which needs no decoder, goes first. */
static const enum key_der *der_candidates(const unsigned char *der, size_t len)
{
	static const enum key_der none[] = {DER_KINDS};
	static const enum key_der spki[] = {DER_SPKI, DER_KINDS};
	static const enum key_der pkcs8[] = {DER_PKCS8, DER_KINDS};
	static const enum key_der pkcs1_public[] = {DER_PKCS1_PUBLIC, DER_KINDS};
	static const enum key_der pkcs1[] = {DER_PKCS1_PUBLIC, DER_PKCS1_PRIVATE, DER_KINDS};
	int tags[PKCS1_PRIVATE_FIELDS], n = der_field_tags(der, len, tags, PKCS1_PRIVATE_FIELDS), i;

	if (n >= 1 && tags[0] == V_ASN1_SEQUENCE)
		return spki;
	if (n < 2 || tags[0] != V_ASN1_INTEGER)
		return none;
	if (tags[1] == V_ASN1_SEQUENCE)
		return pkcs8;
	i = leading_integers(tags, n);
	if (i < 2)
		return none;
	return i == PKCS1_PRIVATE_FIELDS ? pkcs1 : pkcs1_public;
}

/* The header of a DER value of the given universal tag that starts at *p
 * and fits before end, with a definite length: on success *p is at its
 * content and the content's length is returned, else -1. */
static long der_enter(const unsigned char **p, const unsigned char *end, int tag)
{
	const unsigned char *q = *p;
	long len;
	int t, cls, flags, constructed = tag == V_ASN1_SEQUENCE ? V_ASN1_CONSTRUCTED : 0;

	if (end - q <= 0)
		return -1;
	flags = ASN1_get_object(&q, &len, &t, &cls, (long)(end - q));
	if (flags & 0x80 || flags != constructed || t != tag || cls != V_ASN1_UNIVERSAL)
		return -1;
	*p = q;
	return len;
}

/* The INTEGER at *p as a new BIGNUM (secure memory when secret), moving *p
 * past it; NULL unless it is positive and minimally encoded.  OpenSSL's
 * decoders take any bytes as unsigned magnitude; on the numbers read here
 * both readings agree, and the others are left to the decoders. */
static BIGNUM *der_uint(const unsigned char **p, const unsigned char *end, int secret)
{
	const unsigned char *q = *p;
	long len = der_enter(&q, end, V_ASN1_INTEGER);
	BIGNUM *bn;

	if (len <= 0 || q[0] & 0x80 || (q[0] == 0 && (len == 1 || !(q[1] & 0x80))))
		return NULL;
	bn = secret ? BN_secure_new() : BN_new();
	if (bn && !BN_bin2bn(q, (int)len, bn)) {
		BN_free(bn);
		return NULL;
	}
	*p = q + len;
	return bn;
}

/* The n values (RSA_PUBLIC_VALUES or RSA_VALUES) that make up the whole of
 * the DER SEQUENCE from der to end, as an RSA key; NULL otherwise. */
static EVP_PKEY *rsa_from_der_sequence(const unsigned char *der, const unsigned char *end, int n)
{
	static const unsigned char version0[] = {V_ASN1_INTEGER, 1, 0};
	BIGNUM *v[RSA_VALUES] = {0};
	const unsigned char *p = der;
	EVP_PKEY *pkey = NULL;
	long len = der_enter(&p, end, V_ASN1_SEQUENCE);
	int i;

	if (len < 0 || len != end - p)
		return NULL;
	if (n == RSA_VALUES) {
		/* Two primes; other versions are for OpenSSL to judge. */
		if (end - p < (long)sizeof(version0) || memcmp(p, version0, sizeof(version0)) != 0)
			return NULL;
		p += sizeof(version0);
	}
	for (i = 0; i < n; i++)
		if (!(v[i] = der_uint(&p, end, i >= RSA_D)))
			goto out;
	if (p == end)
		pkey = rsa_from_values(v, n);
out:
	for (i = 0; i < n; i++)
		BN_clear_free(v[i]);
	ERR_clear_error();
	return pkey;
}

/* An RSA public key read straight from a plain DER SubjectPublicKeyInfo,
 * or NULL for anything else.  d2i_PUBKEY sets a decoder up in OpenSSL 3.0,
 * which costs more than the rest of a parse; what is not read here goes
 * to it. */
static EVP_PKEY *rsa_public_from_spki(const unsigned char *der, size_t len)
{
	const unsigned char *p = der, *end = der + len;
	long body = len > LONG_MAX ? -1 : der_enter(&p, end, V_ASN1_SEQUENCE), bits;

	if (body < 0 || body != end - p || (size_t)(end - p) < sizeof(rsa_algorithm) ||
	    memcmp(p, rsa_algorithm, sizeof(rsa_algorithm)) != 0)
		return NULL;
	p += sizeof(rsa_algorithm);
	bits = der_enter(&p, end, V_ASN1_BIT_STRING);
	if (bits < 1 || bits != end - p || *p != 0)  /* 0: no unused bits */
		return NULL;
	return rsa_from_der_sequence(p + 1, end, RSA_PUBLIC_VALUES);
}

/* An RSA private key read straight from plain DER PKCS#1 (RSAPrivateKey,
 * two primes), or NULL for anything else, which OpenSSL's decoder then
 * reads or refuses: setting it up is most of a private key's parse. */
static EVP_PKEY *rsa_private_from_pkcs1(const unsigned char *der, size_t len)
{
	if (len > LONG_MAX)
		return NULL;
	return rsa_from_der_sequence(der, der + len, RSA_VALUES);
}

/* The key a PKCS#8 structure holds, or NULL.  An RSA one's content is
 * PKCS#1: read here when it is plain DER, else by OpenSSL's decoder, but
 * only when it opens with PKCS#1's nine INTEGERs (PKCS#8 is loose, so a
 * damaged key often still reads as one, and setting a decoder up only to
 * find they are not there would cost more than the whole parse).  Other
 * algorithms are left to OpenSSL, which names them. */
static EVP_PKEY *pkcs8_key(const PKCS8_PRIV_KEY_INFO *p8)
{
	const unsigned char *content;
	const X509_ALGOR *alg;
	const ASN1_OBJECT *oid;
	EVP_PKEY *pkey;
	int len, tags[PKCS1_PRIVATE_FIELDS], n;

	if (!PKCS8_pkey_get0(NULL, &content, &len, &alg, p8) || len < 0)
		return EVP_PKCS82PKEY(p8);
	X509_ALGOR_get0(&oid, NULL, NULL, alg);
	if (OBJ_obj2nid(oid) != NID_rsaEncryption)
		return EVP_PKCS82PKEY(p8);
	pkey = rsa_private_from_pkcs1(content, (size_t)len);
	if (pkey)
		return pkey;
	n = der_field_tags(content, (size_t)len, tags, PKCS1_PRIVATE_FIELDS);
	return leading_integers(tags, n) == PKCS1_PRIVATE_FIELDS ? EVP_PKCS82PKEY(p8) : NULL;
}

/* The key in der if it is exactly one structure of the given kind. */
static EVP_PKEY *decode_as(const unsigned char *der, size_t len, enum key_der kind)
{
	const unsigned char *p = der;
	PKCS8_PRIV_KEY_INFO *p8;
	EVP_PKEY *pkey = NULL;

	if (len > LONG_MAX)
		return NULL;
	switch (kind) {
	case DER_SPKI:
		pkey = rsa_public_from_spki(der, len);
		if (pkey)
			p = der + len;
		else
			pkey = d2i_PUBKEY(NULL, &p, (long)len);
		break;
	case DER_PKCS8:
		p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len);
		if (p8)
			pkey = pkcs8_key(p8);
		PKCS8_PRIV_KEY_INFO_free(p8);
		break;
	case DER_PKCS1_PRIVATE:
		pkey = rsa_private_from_pkcs1(der, len);
		if (pkey)
			p = der + len;
		else
			pkey = d2i_PrivateKey(EVP_PKEY_RSA, NULL, &p, (long)len);
		break;
	case DER_PKCS1_PUBLIC:
		pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)len);
		break;
	case DER_KINDS:
		break;
	}
	ERR_clear_error();
	if (pkey && p != der + len) {
		/* Trailing bytes: this was not (only) that structure. */
		EVP_PKEY_free(pkey);
		pkey = NULL;
	}
	return pkey;
}

static gtd_status decode_der(gtd_key *k, const unsigned char *der, size_t len, gtd_err *err)
{
	const enum key_der *kind;

	for (kind = der_candidates(der, len); *kind != DER_KINDS; kind++) {
		k->pkey = decode_as(der, len, *kind);
		if (k->pkey) {
			k->format = kinds[*kind].der;
			return GTD_OK;
		}
	}
	return gtd_err_set(err, GTD_EINVAL,
			   "the DER data is not a key in SubjectPublicKeyInfo, PKCS#1 or PKCS#8 form");
}

static gtd_status decode_pem(gtd_key *k, const char *text, size_t len, gtd_err *err)
{
	BIO *bio = BIO_new_mem_buf(text, len > INT_MAX ? INT_MAX : (int)len);
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long derlen = 0;
	gtd_status st;
	int i;

	if (!bio)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (!PEM_read_bio(bio, &name, &header, &der, &derlen)) {
		st = gtd_err_set(err, GTD_EINVAL,
				 "the PEM block does not decode: its base64 body is truncated or altered, "
				 "or the -----END line is missing");
		goto out;
	}
	for (i = 0; i < DER_KINDS; i++)
		if (strcmp(name, kinds[i].pem_label) == 0)
			break;
	if (i == DER_KINDS) {
		st = gtd_err_set(err, GTD_EINVAL,
				 "unsupported PEM block '%.40s': expected PUBLIC KEY, RSA PUBLIC KEY, "
				 "PRIVATE KEY or RSA PRIVATE KEY", name);
		goto out;
	}
	k->pkey = decode_as(der, (size_t)derlen, (enum key_der)i);
	if (!k->pkey) {
		st = gtd_err_set(err, GTD_EINVAL,
				 "the PEM block '%s' holds no valid %s structure", name, kinds[i].pem);
		goto out;
	}
	k->format = kinds[i].pem;
	st = GTD_OK;
out:
	if (der)
		OPENSSL_cleanse(der, (size_t)derlen);
	OPENSSL_free(der);
	OPENSSL_free(name);
	OPENSSL_free(header);
	BIO_free(bio);
	ERR_clear_error();
	return st;
}

/* Text between <tag> and </tag>, whitespace removed, decoded from base64. */
static BIGNUM *xml_bn(const char *xml, size_t len, const char *tag, gtd_err *err)
{
	char open[32], close[32];
	const char *a, *b;
	unsigned char *bytes = NULL;
	size_t nbytes = 0, i, n = 0;
	char *clean;
	BIGNUM *bn = NULL;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	a = find_n(xml, len, open);
	if (!a)
		return NULL;
	a += strlen(open);
	b = find_n(a, len - (size_t)(a - xml), close);
	if (!b) {
		gtd_err_set(err, GTD_EINVAL, "XML key: <%s> is not closed", tag);
		return NULL;
	}
	clean = malloc((size_t)(b - a) + 1);
	if (!clean)
		return NULL;
	for (i = 0; a + i < b; i++)
		if (!isspace((unsigned char)a[i]))
			clean[n++] = a[i];
	clean[n] = '\0';
	if (n == 0 || gtd_b64_decode(clean, n, &bytes, &nbytes, err) != GTD_OK) {
		if (n == 0)
			gtd_err_set(err, GTD_EINVAL, "XML key: <%s> is empty", tag);
		else
			gtd_err_set(err, GTD_EINVAL, "XML key: <%s> is not base64", tag);
		free(clean);
		return NULL;
	}
	free(clean);
	bn = BN_bin2bn(bytes, (int)nbytes, NULL);
	OPENSSL_cleanse(bytes, nbytes);
	free(bytes);
	return bn;
}

static gtd_status decode_xml(gtd_key *k, const char *xml, size_t len, gtd_err *err)
{
	/* Order matters: it is the order of rsa_params. */
	static const char *const tags[RSA_VALUES] = {"Modulus", "Exponent", "D", "P", "Q",
						     "DP", "DQ", "InverseQ"};
	BIGNUM *bn[RSA_VALUES] = {0};
	gtd_status st = GTD_EINVAL;
	int i, nprivate = 0;

	gtd_err_clear(err);
	for (i = 0; i < RSA_VALUES; i++) {
		bn[i] = xml_bn(xml, len, tags[i], err);
		if (!bn[i] && err && err->status != GTD_OK)
			goto out;
		if (i >= 2 && bn[i])
			nprivate++;
	}
	if (!find_n(xml, len, "</RSAKeyValue>")) {
		gtd_err_set(err, GTD_EINVAL, "XML key: </RSAKeyValue> is missing: the key is truncated");
		goto out;
	}
	if (!bn[0] || !bn[1]) {
		gtd_err_set(err, GTD_EINVAL, "XML key: <RSAKeyValue> needs <Modulus> and <Exponent>");
		goto out;
	}
	if (nprivate != 0 && nprivate != 6) {
		gtd_err_set(err, GTD_EINVAL,
			    "XML key: a private <RSAKeyValue> needs all of D, P, Q, DP, DQ and InverseQ");
		goto out;
	}
	k->pkey = rsa_from_values(bn, nprivate ? RSA_VALUES : RSA_PUBLIC_VALUES);
	if (!k->pkey) {
		gtd_err_set(err, GTD_EINVAL, "XML key: OpenSSL refused the RSA values");
		goto out;
	}
	k->format = "XML RSAKeyValue";
	st = GTD_OK;
out:
	ERR_clear_error();
	for (i = 0; i < RSA_VALUES; i++)
		BN_clear_free(bn[i]);
	return st;
}

static int all_base64(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isspace(c))
			continue;
		if (!isalnum(c) && c != '+' && c != '/' && c != '=' && c != '-' && c != '_')
			return 0;
		n++;
	}
	return n >= 64;
}

static gtd_status decode_base64_der(gtd_key *k, const char *s, size_t len, gtd_err *err)
{
	char *clean = malloc(len + 1);
	unsigned char *der = NULL;
	size_t i, n = 0, derlen = 0;
	gtd_status st;

	if (!clean)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)s[i]))
			clean[n++] = s[i];
	st = gtd_b64_decode(clean, n, &der, &derlen, err);
	free(clean);
	if (st != GTD_OK)
		return gtd_err_set(err, GTD_EINVAL, "the text looks like base64 but does not decode");
	st = decode_der(k, der, derlen, err);
	OPENSSL_cleanse(der, derlen);
	free(der);
	return st;
}

static gtd_status refuse_known(const char *t, size_t len, gtd_err *err)
{
	if (starts_with(t, len, "ssh-rsa ") || starts_with(t, len, "ssh-ed25519 ") ||
	    starts_with(t, len, "ecdsa-sha2-"))
		return gtd_err_set(err, GTD_EKEY,
				   "this is an OpenSSH public key line; convert it to PEM with "
				   "'ssh-keygen -e -m PKCS8 -f key.pub > key.pem' and import key.pem");
	if (find_n(t, len, "-----BEGIN OPENSSH PRIVATE KEY-----"))
		return gtd_err_set(err, GTD_EKEY,
				   "this is an OpenSSH PRIVATE key: never share it. Send the public key instead "
				   "('ssh-keygen -e -m PKCS8 -f key.pub'), and treat this one as exposed");
	if (find_n(t, len, "-----BEGIN CERTIFICATE-----"))
		return gtd_err_set(err, GTD_EKEY,
				   "this is an X.509 certificate, not a key; extract its public key with "
				   "'openssl x509 -in cert.pem -pubkey -noout > key.pem'");
	if (find_n(t, len, "-----BEGIN ENCRYPTED PRIVATE KEY-----") ||
	    find_n(t, len, "Proc-Type: 4,ENCRYPTED"))
		return gtd_err_set(err, GTD_EKEY,
				   "this private key is protected by a passphrase; remove it with "
				   "'openssl pkey -in key.pem -out plain.pem' and keep plain.pem at mode 0600");
	return GTD_OK;
}

gtd_status gtd_key_parse(const char *text, size_t len, gtd_key_want want,
			 gtd_key **out, gtd_err *err)
{
	gtd_key *k;
	gtd_status st;
	const char *t = text;
	int binary;

	*out = NULL;
	/* Binary DER is taken as it is: its last bytes may look like spaces. */
	binary = len && (unsigned char)t[0] == 0x30;
	while (!binary && len && isspace((unsigned char)*t))
		t++, len--;
	while (!binary && len && isspace((unsigned char)t[len - 1]))
		len--;
	if (len == 0)
		return gtd_err_set(err, GTD_EINVAL, "the key is empty");
	st = refuse_known(t, len, err);
	if (st != GTD_OK)
		return st;
	k = calloc(1, sizeof(*k));
	if (!k)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (!binary && find_n(t, len, "-----BEGIN "))
		st = decode_pem(k, t, len, err);
	else if (find_n(t, len, "<RSAKeyValue"))
		st = decode_xml(k, t, len, err);
	else if (binary)
		st = decode_der(k, (const unsigned char *)t, len, err);
	else if (all_base64(t, len))
		st = decode_base64_der(k, t, len, err);
	else
		st = gtd_err_set(err, GTD_EINVAL,
				 "not a key: expected PEM (-----BEGIN PUBLIC KEY-----), DER, or .NET XML (<RSAKeyValue>)");
	if (st == GTD_OK)
		st = accept_key(k, want, err);
	if (st != GTD_OK) {
		gtd_key_free(k);
		return st;
	}
	*out = k;
	return GTD_OK;
}

gtd_status gtd_key_load(const char *path, gtd_key_want want, gtd_key **out,
			gtd_err *err)
{
	char *text = NULL;
	size_t len = 0;
	gtd_status st;

	*out = NULL;
	st = gtd_file_read(path, KEY_FILE_MAX, &text, &len, err);
	if (st == GTD_EINVAL)
		return gtd_err_set(err, st, "%s is larger than %d bytes: not a key file",
				   path, KEY_FILE_MAX);
	if (st != GTD_OK)
		return st;
	st = gtd_key_parse(text, len, want, out, err);
	if (st != GTD_OK)
		gtd_err_prefix(err, "%s", path);
	OPENSSL_cleanse(text, len);
	free(text);
	return st;
}

gtd_status gtd_key_generate(int bits, gtd_key **out, gtd_err *err)
{
	gtd_key *k;
	gtd_status st;

	*out = NULL;
	if (bits < GTD_KEY_MIN_BITS || bits > GTD_KEY_MAX_BITS)
		return gtd_err_set(err, GTD_EINVAL, "key size %d is outside %d..%d bits", bits,
				   GTD_KEY_MIN_BITS, GTD_KEY_MAX_BITS);
	k = calloc(1, sizeof(*k));
	if (!k)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	k->pkey = EVP_RSA_gen((unsigned)bits);
	if (!k->pkey) {
		char n[16];

		free(k);
		ERR_clear_error();
		snprintf(n, sizeof(n), "%d", bits);
		return gtd_err_set(err, GTD_ECRYPTO, "OpenSSL could not generate %s %d-bit key", gtd_article(n),
				   bits);
	}
	k->format = "generated";
	fill_size(k);
	st = fill_fingerprint(k, err);
	if (st != GTD_OK) {
		gtd_key_free(k);
		return st;
	}
	*out = k;
	return GTD_OK;
}

char *gtd_key_to_pem(const gtd_key *k, gtd_key_want want)
{
	BIO *bio;
	BUF_MEM *mem;
	char *pem = NULL;
	int ok;

	if (want == GTD_KEY_PRIVATE && !k->is_private)
		return NULL;
	bio = BIO_new(BIO_s_secmem());
	if (!bio)
		return NULL;
	if (want == GTD_KEY_PRIVATE)
		ok = PEM_write_bio_PrivateKey(bio, k->pkey, NULL, NULL, 0, NULL, NULL);
	else
		ok = PEM_write_bio_PUBKEY(bio, k->pkey);
	BIO_get_mem_ptr(bio, &mem);
	if (ok && mem && (pem = malloc(mem->length + 1))) {
		memcpy(pem, mem->data, mem->length);
		pem[mem->length] = '\0';
	}
	BIO_free(bio);
	return pem;
}

static gtd_status xml_add(gtd_buf *b, const gtd_key *k, const char *tag,
			  const char *param, int pad)
{
	BIGNUM *bn = NULL;
	unsigned char *bytes;
	char *b64;
	int n;
	gtd_status st = GTD_ENOMEM;

	if (!EVP_PKEY_get_bn_param(k->pkey, param, &bn))
		return GTD_ECRYPTO;
	n = pad > BN_num_bytes(bn) ? pad : BN_num_bytes(bn);
	bytes = malloc((size_t)n);
	if (bytes && BN_bn2binpad(bn, bytes, n) == n &&
	    (b64 = gtd_b64_encode(bytes, (size_t)n, GTD_B64_STD))) {
		st = gtd_buf_printf(b, "<%s>%s</%s>", tag, b64, tag);
		OPENSSL_cleanse(b64, strlen(b64));
		free(b64);
	}
	if (bytes)
		OPENSSL_cleanse(bytes, (size_t)n);
	free(bytes);
	BN_clear_free(bn);
	return st;
}

char *gtd_key_to_xml(const gtd_key *k, gtd_key_want want)
{
	int nb = (k->bits + 7) / 8, half = (nb + 1) / 2;
	gtd_buf b;
	gtd_status st;

	if (want == GTD_KEY_PRIVATE && !k->is_private)
		return NULL;
	gtd_buf_init(&b, 64 * 1024);
	st = gtd_buf_adds(&b, "<RSAKeyValue>");
	if (st == GTD_OK)
		st = xml_add(&b, k, "Modulus", OSSL_PKEY_PARAM_RSA_N, nb);
	if (st == GTD_OK)
		st = xml_add(&b, k, "Exponent", OSSL_PKEY_PARAM_RSA_E, 0);
	if (st == GTD_OK && want == GTD_KEY_PRIVATE) {
		st = xml_add(&b, k, "P", OSSL_PKEY_PARAM_RSA_FACTOR1, half);
		if (st == GTD_OK)
			st = xml_add(&b, k, "Q", OSSL_PKEY_PARAM_RSA_FACTOR2, half);
		if (st == GTD_OK)
			st = xml_add(&b, k, "DP", OSSL_PKEY_PARAM_RSA_EXPONENT1, half);
		if (st == GTD_OK)
			st = xml_add(&b, k, "DQ", OSSL_PKEY_PARAM_RSA_EXPONENT2, half);
		if (st == GTD_OK)
			st = xml_add(&b, k, "InverseQ", OSSL_PKEY_PARAM_RSA_COEFFICIENT1, half);
		if (st == GTD_OK)
			st = xml_add(&b, k, "D", OSSL_PKEY_PARAM_RSA_D, nb);
	}
	if (st == GTD_OK)
		st = gtd_buf_adds(&b, "</RSAKeyValue>");
	if (st != GTD_OK) {
		if (b.data)
			OPENSSL_cleanse(b.data, b.len);
		gtd_buf_release(&b);
		return NULL;
	}
	return gtd_buf_detach(&b);
}

void gtd_key_free(gtd_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

static EVP_MD *sha256_md;

static void sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

const EVP_MD *gtd_sha256(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, sha256_fetch);
	return sha256_md;
}
