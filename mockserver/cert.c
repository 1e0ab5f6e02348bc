#include "cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "fs.h"
#include "keys.h"

static char *bio_text(BIO *bio)
{
	BUF_MEM *mem = NULL;
	char *s;

	BIO_get_mem_ptr(bio, &mem);
	if (!mem || !(s = malloc(mem->length + 1)))
		return NULL;
	memcpy(s, mem->data, mem->length);
	s[mem->length] = '\0';
	return s;
}

gtd_status mock_make_cert(const char *dir, int days, gtd_err *err)
{
	gtd_key *k = NULL;
	X509 *x = NULL;
	X509_EXTENSION *ext = NULL;
	X509V3_CTX v3;
	BIO *bio = NULL;
	char *cert = NULL, *key = NULL, path[4096];
	gtd_status st;

	st = gtd_mkdirs(dir, 0700, err);
	if (st != GTD_OK)
		return st;
	st = gtd_key_generate(2048, &k, err);
	if (st != GTD_OK)
		return st;
	st = gtd_err_set(err, GTD_ECRYPTO, "OpenSSL could not build the certificate");
	x = X509_new();
	if (!x || !X509_set_version(x, 2) ||
	    !ASN1_INTEGER_set(X509_get_serialNumber(x), (long)time(NULL)) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), (long)days * 86400) ||
	    !X509_set_pubkey(x, k->pkey) ||
	    !X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
					(const unsigned char *)"localhost", -1, -1, 0) ||
	    !X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "O", MBSTRING_ASC,
					(const unsigned char *)"gtd-mock (test only)", -1, -1, 0) ||
	    !X509_set_issuer_name(x, X509_get_subject_name(x)))
		goto out;
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name,
				  "DNS:localhost,IP:127.0.0.1,IP:::1");
	if (!ext || !X509_add_ext(x, ext, -1) || !X509_sign(x, k->pkey, EVP_sha256()))
		goto out;
	bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio_X509(bio, x) || !(cert = bio_text(bio)))
		goto out;
	key = gtd_key_to_pem(k, GTD_KEY_PRIVATE);
	if (!key)
		goto out;
	snprintf(path, sizeof(path), "%s/cert.pem", dir);
	st = gtd_file_write_atomic(path, cert, strlen(cert), 0644, 0, err);
	if (st == GTD_OK) {
		snprintf(path, sizeof(path), "%s/key.pem", dir);
		st = gtd_file_write_atomic(path, key, strlen(key), 0600, 0, err);
	}
out:
	ERR_clear_error();
	if (key) {
		OPENSSL_cleanse(key, strlen(key));
		free(key);
	}
	free(cert);
	BIO_free(bio);
	X509_EXTENSION_free(ext);
	X509_free(x);
	gtd_key_free(k);
	return st;
}
