/* keys.h - RSA keys in every form partners hand them over.
 *
 * Reads PEM (SPKI, PKCS#1, PKCS#8), DER, bare base64 DER and .NET XML
 * <RSAKeyValue>; writes PEM and XML; tells bits and the SHA-256 fingerprint;
 * generates key pairs.  Refuses, with a sentence saying what to do instead:
 * keys under 1024 bits, non-RSA keys, a private key where a public one
 * belongs, OpenSSH lines, certificates and passphrase-protected keys.
 */
#ifndef GTD_KEYS_H
#define GTD_KEYS_H

#include <stddef.h>
#include <openssl/evp.h>

#include "err.h"

#define GTD_KEY_MIN_BITS 1024
#define GTD_KEY_MAX_BITS 16384

typedef enum gtd_key_want {
	GTD_KEY_PUBLIC,   /* a public key; a private one is refused */
	GTD_KEY_PRIVATE,  /* a private key; a public one is refused */
} gtd_key_want;

typedef struct gtd_key {
	EVP_PKEY *pkey;
	int is_private;
	int bits;
	const char *format;     /* "PEM SubjectPublicKeyInfo", "XML RSAKeyValue", ... */
	char fingerprint[65];   /* hex SHA-256 of the DER SubjectPublicKeyInfo */
} gtd_key;

/* Parses a key in any supported format.  On success *out is a new key the
 * caller frees with gtd_key_free().  On failure returns GTD_EKEY (refused)
 * or GTD_EINVAL (unreadable) with err saying why and what to do. */
gtd_status gtd_key_parse(const char *text, size_t len, gtd_key_want want,
			 gtd_key **out, gtd_err *err);

/* gtd_key_parse() on a file's contents (at most 1 MiB); GTD_EIO when it
 * cannot be read.  The message names the path. */
gtd_status gtd_key_load(const char *path, gtd_key_want want, gtd_key **out,
			gtd_err *err);

/* A fresh key pair of bits bits (GTD_KEY_MIN_BITS..GTD_KEY_MAX_BITS). */
gtd_status gtd_key_generate(int bits, gtd_key **out, gtd_err *err);

/* PEM text (caller frees): the public key as SPKI, or with want ==
 * GTD_KEY_PRIVATE the private key as unencrypted PKCS#8.  NULL when asked for
 * a private part the key does not have, or when out of memory. */
char *gtd_key_to_pem(const gtd_key *k, gtd_key_want want);

/* The same as .NET <RSAKeyValue> XML, on one line, integers padded to the
 * lengths .NET's FromXmlString expects. */
char *gtd_key_to_xml(const gtd_key *k, gtd_key_want want);

void gtd_key_free(gtd_key *k);

/* SHA-256, fetched from the provider once for the process: EVP_sha256()
 * looks it up again on every use, which was a tenth of a start replaying
 * 100,000 bookings (their ids) and is paid by every signature.  NULL
 * (digests then fail) when no provider has it. */
const EVP_MD *gtd_sha256(void);

#endif
