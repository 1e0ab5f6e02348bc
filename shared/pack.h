/* pack.h - a partner's connection pack: what staff hand a partner developer.
 *
 * pack.json (mode 0600) holds everything a program needs to speak as the
 * partner (gtd-scenario --pack) or to emulate Gotadi for it (gtd-mock
 * --pack): partner id, gateway URL, API key, access code, Gotadi's public
 * key, the partner's public key, and - marked test-only - the emulator's
 * private key.  A demo pack also names the partner's private key file,
 * since the demo generated it.  The webview's layout and theme colours go
 * along, so the emulated webview looks like the partner's.
 */
#ifndef GTD_PACK_H
#define GTD_PACK_H

#include "err.h"
#include "partner.h"

#define GTD_PACK_FORMAT "gtd-connection-pack"
#define GTD_PACK_VERSION 1

typedef struct gtd_pack {
	char *partner_id;
	char *company;                  /* for people; may be Vietnamese */
	char *gateway_url;
	char *api_key;                  /* secret */
	char *access_code;              /* secret */
	char *gotadi_public_key;        /* PEM: verifies Gotadi, seals to Gotadi */
	char *partner_public_key;       /* PEM */
	char *payment_url;              /* the partner's payment page (place order) */
	char *partner_private_key_path; /* demo packs only, else NULL */
	char *emulator_private_key;     /* PEM, test-only: lets gtd-mock play Gotadi */
	/* How the webview looks for the partner, so that gtd-mock --pack draws
	 * it as Gotadi will: all optional, written under "theme" as #RRGGBB. */
	char *layout;                   /* "dual" or "single" */
	char *product_url;              /* the partner app's page the webview returns to */
	gtd_theme theme;
} gtd_pack;

struct gtd_partner;

/* Points pack's layout, product_url and theme at partner's (borrowed: they
 * live as long as partner, and gtd_pack_release must not free them). */
void gtd_pack_borrow_look(gtd_pack *pack, const struct gtd_partner *partner);

/* Writes p to path atomically with mode 0600. */
gtd_status gtd_pack_write(const gtd_pack *p, const char *path, gtd_err *err);

/* Reads path into p (release with gtd_pack_release even on failure).
 * GTD_EINVAL names the missing or mistyped member; a file that is not a
 * pack, or of a newer format version, is refused. */
gtd_status gtd_pack_load(const char *path, gtd_pack *p, gtd_err *err);

void gtd_pack_release(gtd_pack *p);

#endif
