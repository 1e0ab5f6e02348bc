/* guard.h - who is calling: the checks of an endpoint's security class
 * (api.h), made in one place before its handler runs.
 *
 * sealed: the apikey header names a partner, x-ibe-req-name is its access
 * code (a wrong one is the envelope's error 06, decided by the handler);
 * apikey: the header alone; token: a user's webview token, verified, whose
 * partner is still served; control: loopback, or the control token.
 */
#ifndef MOCK_GUARD_H
#define MOCK_GUARD_H

#include <cjson/cJSON.h>

#include "http.h"

struct mock_ctx;
struct mock_partner;

typedef struct mock_caller {
	const struct mock_partner *mp;  /* sealed, apikey, token: the partner */
	int bad_access_code;            /* sealed: x-ibe-req-name is not its access code */
	cJSON *claims;                  /* token: the verified claims (owned) */
	const char *user;               /* token: the user, in claims */
	const char *token;              /* token: as the request carried it */
} mock_caller;

/* Runs the checks of ctx->api's security class and fills ctx->caller.
 * 1 when the handler may run; 0 with the refusal answered (JSON, or a page
 * for the webview's pages) and journaled. */
int mock_guard(struct mock_ctx *ctx, const mock_request *req, mock_response *resp);

void mock_caller_release(mock_caller *c);

/* Masks a secret for the journal (never NULL; caller frees). */
char *mock_masked(const char *v);

#endif
