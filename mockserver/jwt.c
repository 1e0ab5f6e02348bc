#include "jwt.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "b64.h"
#include "booking.h"
#include "buf.h"
#include "jsonnum.h"

#define TOKEN_MAX 4096

static char *b64url_json(const cJSON *o)
{
	char *text = cJSON_PrintUnformatted(o), *enc;

	if (!text)
		return NULL;
	enc = gtd_b64_encode((const unsigned char *)text, strlen(text), GTD_B64_URL);
	free(text);
	return enc;
}

static char *mac64(const unsigned char *secret, size_t len, const char *msg, size_t msglen)
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;

	if (!HMAC(EVP_sha512(), secret, (int)len, (const unsigned char *)msg, msglen, mac, &maclen))
		return NULL;
	return gtd_b64_encode(mac, maclen, GTD_B64_URL);
}

char *mock_jwt_sign(const unsigned char *secret, size_t len, const cJSON *claims)
{
	cJSON *header = cJSON_CreateObject();
	char *h = NULL, *p = NULL, *sig = NULL, *out = NULL;
	gtd_buf b;

	gtd_buf_init(&b, TOKEN_MAX);
	if (!header || !cJSON_AddStringToObject(header, "alg", "HS512") ||
	    !cJSON_AddStringToObject(header, "typ", "JWT"))
		goto out;
	h = b64url_json(header);
	p = b64url_json(claims);
	if (!h || !p || gtd_buf_printf(&b, "%s.%s", h, p) != GTD_OK)
		goto out;
	sig = mac64(secret, len, b.data, b.len);
	if (sig && gtd_buf_printf(&b, ".%s", sig) == GTD_OK)
		out = gtd_buf_detach(&b);
out:
	gtd_buf_release(&b);
	cJSON_Delete(header);
	free(h);
	free(p);
	free(sig);
	return out;
}

static cJSON *decode_part(const char *s, size_t len)
{
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	cJSON *o;

	if (gtd_b64_decode(s, len, &raw, &rawlen, NULL) != GTD_OK)
		return NULL;
	o = cJSON_ParseWithLength((const char *)raw, rawlen);
	free(raw);
	return o;
}

gtd_status mock_jwt_verify(const unsigned char *secret, size_t len, const char *token, time_t now,
			   cJSON **claims, gtd_err *err)
{
	const char *dot1, *dot2;
	cJSON *header = NULL, *payload = NULL;
	const cJSON *alg, *exp;
	long long expiry;
	char *sig = NULL;
	gtd_status st = GTD_EINVAL;

	*claims = NULL;
	if (!token || !*token)
		return gtd_err_set(err, st, "no access token");
	if (strlen(token) > TOKEN_MAX)
		return gtd_err_set(err, st, "the access token is too long");
	dot1 = strchr(token, '.');
	dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	if (!dot2 || strchr(dot2 + 1, '.'))
		return gtd_err_set(err, st, "the access token is not a JWT (header.payload.signature)");
	header = decode_part(token, (size_t)(dot1 - token));
	alg = cJSON_GetObjectItemCaseSensitive(header, "alg");
	if (!cJSON_IsString(alg) || strcmp(alg->valuestring, "HS512") != 0) {
		gtd_err_set(err, st, "the access token's header is not {\"alg\":\"HS512\"}");
		goto out;
	}
	sig = mac64(secret, len, token, (size_t)(dot2 - token));
	if (!sig || strlen(sig) != strlen(dot2 + 1) ||
	    CRYPTO_memcmp(sig, dot2 + 1, strlen(sig)) != 0) {
		gtd_err_set(err, st, "the access token's signature does not verify: it was not issued by this mock "
				     "(or the mock restarted without --state)");
		goto out;
	}
	payload = decode_part(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	exp = cJSON_GetObjectItemCaseSensitive(payload, "exp");
	if (!cJSON_IsObject(payload) || !gtd_json_int(exp, 0, GTD_JSON_INT_MAX, &expiry)) {
		gtd_err_set(err, st, "the access token has no expiry");
		goto out;
	}
	if ((time_t)expiry <= now) {
		char iso[21];

		gtd_iso8601(iso, (time_t)expiry);
		gtd_err_set(err, st, "the access token expired at %s (mock time); log in again", iso);
		goto out;
	}
	*claims = payload;
	payload = NULL;
	st = GTD_OK;
out:
	free(sig);
	cJSON_Delete(header);
	cJSON_Delete(payload);
	return st;
}
