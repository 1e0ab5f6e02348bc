/* provision.h - onboarding step 2: a partner's sandbox (or live) account.
 *
 * Generates the API key, the access code and the activation token, and
 * the emulator's key pair (whose public half is "Gotadi's public key" the
 * partner receives); the private half goes to keys/<id>/emulator.pem.
 * The console's `provision` and the mock's demo both use it.
 */
#ifndef GTD_PROVISION_H
#define GTD_PROVISION_H

#include "err.h"
#include "partner.h"
#include "store.h"

/* Provisions p for env: fresh credentials (replacing any; activation is
 * reset, so the administrator must activate again), gateway_url, and - for
 * the sandbox, when p has no emulator key yet or rotate_key is set - a new
 * emulator key pair of bits bits.  Its private half is written at once to
 * the store under a name made from its fingerprint
 * (gtd_store_emulator_key_path), so a record that then fails to save
 * still names the key it was saved with.  p is changed in memory only: the
 * caller saves it.  On failure p is unchanged. */
gtd_status gtd_provision(gtd_store *s, gtd_partner *p, gtd_env env, const char *gateway_url,
			 int bits, int rotate_key, gtd_err *err);

/* Writes the activation e-mail of p's sandbox account (onboarding step 2)
 * to its administrator into the store's outbox: the link is
 * PORTAL/portal/activate?token=T (portal NULL: the sandbox gateway URL).
 * On success *where (caller frees) is the message's path.  GTD_EINVAL when
 * the record lacks what the e-mail needs (administrator, token, gateway). */
gtd_status gtd_provision_mail(gtd_store *s, const gtd_partner *p, const char *portal,
			      char **where, gtd_err *err);

/* A random token of n bytes as lowercase hex (caller frees), or NULL. */
char *gtd_random_hex(size_t n);

#endif
