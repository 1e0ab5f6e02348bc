/* sigdiag.h - what a signature that does not verify is, instead.
 *
 * Verifying an RSA signature opens it with the signer's public key; what
 * comes out, when it is not the SHA256withRSA of the signature data, says
 * what the partner's code did: another hash (SHA1withRSA), a hash without
 * its DigestInfo, PSS padding, the right hash of other data (the fields in
 * another order, another separator, a trailing '|', the text decomposed,
 * in Latin-1, without diacritics, in UTF-16), or another key altogether.
 */
#ifndef GTD_SIGDIAG_H
#define GTD_SIGDIAG_H

#include <stddef.h>

#include "keys.h"
#include "schema.h"

/* One sentence in why (never key material nor a field's value) naming
 * what sig is, for fields f whose signature data did not verify with
 * signer's SHA256withRSA. */
void gtd_sig_diagnose(const gtd_key *signer, const unsigned char *sig, size_t siglen,
		      const gtd_fields *f, char *why, size_t whylen);

#endif
