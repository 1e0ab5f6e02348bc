/* cryptdiag.h - what an envelope that does not decrypt was encrypted with.
 *
 * When `key` does not RSA-decrypt with PKCS#1 v1.5 padding, or `data` does
 * not 3DES-ECB-decrypt to padded text, the usual mistakes are tried, so
 * that the answer names the one made: RSA-OAEP, AES instead of 3DES, CBC
 * instead of ECB (with a zero IV, an IV in front, or a random one), zero
 * padding instead of PKCS#5.
 */
#ifndef GTD_CRYPTDIAG_H
#define GTD_CRYPTDIAG_H

#include <stddef.h>

#include "keys.h"

/* 1, with one sentence in why, when ek decrypts with receiver's key under
 * RSA-OAEP; 0 when no mistake was recognised. */
int gtd_cryptdiag_key(const gtd_key *receiver, const unsigned char *ek, size_t eklen, char *why,
		      size_t whylen);

/* 1, with one sentence in why, when ct decrypts with the session key k
 * (klen bytes) under a cipher or mode that is not 3DES-ECB with PKCS#5
 * padding, to text that looks like a message (UTF-8 with a '|'); 0 when no
 * mistake was recognised. */
int gtd_cryptdiag_data(const unsigned char *k, size_t klen, const unsigned char *ct, size_t ctlen,
		       char *why, size_t whylen);

#endif
