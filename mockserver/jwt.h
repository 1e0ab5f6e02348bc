/* jwt.h - the webview user's access token: a JWT signed with HS512.
 *
 * Login puts one in redirect_url; the webview and place order require it.
 * Claims: sub (the partner's user_id), partner, product, layout, iat, exp
 * (virtual time).
 */
#ifndef MOCK_JWT_H
#define MOCK_JWT_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "err.h"

/* header.payload.signature for claims (caller frees), or NULL. */
char *mock_jwt_sign(const unsigned char *secret, size_t len, const cJSON *claims);

/* Checks token: three base64url parts, header alg HS512, the signature,
 * and exp > now.  On success *claims is the payload (caller deletes).
 * GTD_EINVAL with the reason ("expired at ...", "signature does not
 * verify", ...) otherwise. */
gtd_status mock_jwt_verify(const unsigned char *secret, size_t len, const char *token, time_t now,
			   cJSON **claims, gtd_err *err);

#endif
