/* cryptdiag.c - what an envelope that does not decrypt was encrypted with. */
#include "cryptdiag.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#define GOTADI_CIPHER "Gotadi uses DESede/ECB/PKCS5Padding (Java Cipher.getInstance(\"DESede\"), " \
	".NET TripleDES with CipherMode.ECB and PaddingMode.PKCS7, PHP openssl_encrypt with 'des-ede3')"

int gtd_cryptdiag_key(const gtd_key *receiver, const unsigned char *ek, size_t eklen, char *why,
		      size_t whylen)
{
	static const struct {
		const char *md, *java;
	} oaep[] = {
		{"SHA1", "RSA/ECB/OAEPWithSHA-1AndMGF1Padding, .NET RSAEncryptionPadding.OaepSHA1"},
		{"SHA256", "RSA/ECB/OAEPWithSHA-256AndMGF1Padding, .NET RSAEncryptionPadding.OaepSHA256"},
	};
	unsigned char out[1024];
	size_t i, outlen;
	int found = 0;

	for (i = 0; i < sizeof(oaep) / sizeof(oaep[0]) && !found; i++) {
		EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, receiver->pkey, NULL);

		outlen = sizeof(out);
		found = ctx && EVP_PKEY_decrypt_init(ctx) > 0 &&
			EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) > 0 &&
			EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx, oaep[i].md, NULL) > 0 &&
			EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx, oaep[i].md, NULL) > 0 &&
			EVP_PKEY_decrypt(ctx, out, &outlen, ek, eklen) > 0;
		EVP_PKEY_CTX_free(ctx);
		OPENSSL_cleanse(out, sizeof(out));
		if (found)
			snprintf(why, whylen,
				 "'key' was encrypted with RSA-OAEP (%s padding: %s); Gotadi uses PKCS#1 v1.5 "
				 "(Java Cipher.getInstance(\"RSA\") or RSA/ECB/PKCS1Padding, .NET "
				 "RSAEncryptionPadding.Pkcs1, Node crypto.constants.RSA_PKCS1_PADDING)",
				 oaep[i].md, oaep[i].java);
	}
	ERR_clear_error();
	return found;
}

/* Whether text (len bytes) looks like a message's original data. */
static int looks_like_message(const unsigned char *text, size_t len)
{
	return len > 0 && !memchr(text, '\0', len) && memchr(text, '|', len) &&
	       gtd_utf8_valid((const char *)text, len, NULL);
}

/* ct decrypted with cipher (iv NULL for ECB); padding PKCS#5 unless
 * nopad.  Whether what comes out from byte skip on looks like a message. */
static int decrypts(const EVP_CIPHER *cipher, const unsigned char *k, const unsigned char *iv,
		    const unsigned char *ct, size_t ctlen, int nopad, size_t skip)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	unsigned char *pt = malloc(ctlen + 32);
	int n1 = 0, n2 = 0, ok = 0;
	size_t len;

	if (ctx && pt && ctlen <= INT32_MAX && EVP_DecryptInit_ex(ctx, cipher, NULL, k, iv) == 1 &&
	    EVP_CIPHER_CTX_set_padding(ctx, !nopad) == 1 &&
	    EVP_DecryptUpdate(ctx, pt, &n1, ct, (int)ctlen) == 1 && EVP_DecryptFinal_ex(ctx, pt + n1, &n2) == 1) {
		len = (size_t)n1 + (size_t)n2;
		/* Zero padding: the text ends in NULs, at most a block of them. */
		if (nopad) {
			size_t zeros = 0;

			while (len && pt[len - 1] == 0 && zeros < 8)
				len--, zeros++;
			ok = zeros > 0;
		} else {
			ok = 1;
		}
		/* What is skipped may end inside a character: from the next one. */
		while (skip && skip < len && (pt[skip] & 0xc0) == 0x80)
			skip++;
		ok = ok && len > skip && looks_like_message(pt + skip, len - skip);
	}
	if (pt)
		OPENSSL_cleanse(pt, ctlen + 32);
	free(pt);
	EVP_CIPHER_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

int gtd_cryptdiag_data(const unsigned char *k, size_t klen, const unsigned char *ct, size_t ctlen,
		       char *why, size_t whylen)
{
	static const unsigned char zero_iv[16];
	const EVP_CIPHER *des = klen == 16 ? EVP_des_ede_cbc() : klen == 24 ? EVP_des_ede3_cbc() : NULL;
	const EVP_CIPHER *des_ecb = klen == 16 ? EVP_des_ede_ecb() : klen == 24 ? EVP_des_ede3_ecb() : NULL;
	const EVP_CIPHER *aes_ecb = klen == 16 ? EVP_aes_128_ecb() : klen == 24 ? EVP_aes_192_ecb() :
				    klen == 32 ? EVP_aes_256_ecb() : NULL;
	const EVP_CIPHER *aes_cbc = klen == 16 ? EVP_aes_128_cbc() : klen == 24 ? EVP_aes_192_cbc() :
				    klen == 32 ? EVP_aes_256_cbc() : NULL;

	if (aes_ecb && ctlen % 16 == 0) {
		const char *mode = decrypts(aes_ecb, k, NULL, ct, ctlen, 0, 0) ? "ECB" :
				   decrypts(aes_cbc, k, zero_iv, ct, ctlen, 0, 0) ? "CBC with a zero IV" :
				   ctlen > 16 && decrypts(aes_cbc, k, ct, ct + 16, ctlen - 16, 0, 0) ?
				   "CBC with the IV in front" : NULL;

		if (mode) {
			snprintf(why, whylen, "'data' was encrypted with AES-%zu (%s), not 3DES: %s", klen * 8, mode,
				 GOTADI_CIPHER);
			return 1;
		}
	}
	if (!des)
		return 0;
	if (decrypts(des, k, zero_iv, ct, ctlen, 0, 0)) {
		snprintf(why, whylen, "'data' was encrypted with 3DES in CBC mode with a zero IV, not ECB: %s",
			 GOTADI_CIPHER);
		return 1;
	}
	if (ctlen > 8 && decrypts(des, k, ct, ct + 8, ctlen - 8, 0, 0)) {
		snprintf(why, whylen, "'data' was encrypted with 3DES in CBC mode, its IV in front, not ECB: %s",
			 GOTADI_CIPHER);
		return 1;
	}
	/* CBC with an IV that was not sent: only the first block is lost. */
	if (ctlen > 8 && decrypts(des, k, zero_iv, ct, ctlen, 0, 8)) {
		snprintf(why, whylen, "'data' was encrypted with 3DES in CBC mode with an IV (its first block "
				      "decrypts to garbage, the rest to text), not ECB: %s", GOTADI_CIPHER);
		return 1;
	}
	if (decrypts(des_ecb, k, NULL, ct, ctlen, 1, 0)) {
		snprintf(why, whylen, "'data' is 3DES-ECB with zero padding (.NET PaddingMode.Zeros, PHP "
				      "OPENSSL_ZERO_PADDING), not PKCS#5: %s", GOTADI_CIPHER);
		return 1;
	}
	return 0;
}
