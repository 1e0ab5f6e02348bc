/* demo.h - `gtd-mock --demo`, and the partner of `gtd-mock --pack`.
 *
 * The demo makes a fresh data directory with one activated partner whose
 * keys it generates, writes that partner's connection pack, and prints how
 * to start talking to the mock with gtd-scenario.
 */
#ifndef MOCK_DEMO_H
#define MOCK_DEMO_H

#include "err.h"
#include "pack.h"
#include "partner.h"
#include "store.h"

/* The id of the demo's partner. */
#define MOCK_DEMO_PARTNER "demo"

/* dir when given (created if missing), else a new /tmp/gtd-demo.XXXXXX
 * (caller frees); NULL with err set. */
char *demo_make_dir(const char *dir, gtd_err *err);

/* Removes a demo directory and all it holds (a demo that failed to start
 * leaves nothing half-made behind). */
void demo_remove_dir(const char *dir);

/* Creates partner "demo" in store: keys of bits bits, credentials, the
 * partner's own key pair under DIR/demo-partner/, and DIR/demo-pack.json
 * naming gateway url. */
gtd_status demo_create(gtd_store *store, const char *dir, const char *url, int bits, gtd_err *err);

/* The getting-started text.  argv0 is how gtd-mock was started: run by a
 * path (build/gtd-mock), the guide names the gtd-scenario beside it. */
void demo_print_guide(const char *dir, const char *url, const char *argv0);

/* A partner record for the one partner of a pack (activated; caller frees),
 * or NULL with err set. */
gtd_partner *mock_partner_from_pack(const gtd_pack *pack, gtd_err *err);

#endif
