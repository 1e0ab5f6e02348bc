#include "provision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "keys.h"
#include "mail.h"
#include "valid.h"

char *gtd_random_hex(size_t n)
{
	unsigned char raw[64];
	char *hex;
	size_t i;

	if (n > sizeof(raw) || RAND_bytes(raw, (int)n) != 1 || !(hex = malloc(2 * n + 1)))
		return NULL;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[i]);
	OPENSSL_cleanse(raw, sizeof(raw));
	return hex;
}

/* Access codes travel in a header and inside every message: short,
 * upper-case, no separator that could need escaping. */
static char *access_code(void)
{
	char *hex = gtd_random_hex(6), *code = NULL;
	size_t i;

	if (hex && asprintf(&code, "GTD%s", hex) > 0)
		for (i = 3; code[i]; i++)
			code[i] = (char)(code[i] >= 'a' ? code[i] - 32 : code[i]);
	free(hex);
	return code;
}

/* Replaces *slot with v (ownership passes). */
static void put(char **slot, char *v)
{
	free(*slot);
	*slot = v;
}

gtd_status gtd_provision(gtd_store *s, gtd_partner *p, gtd_env env, const char *gateway_url,
			 int bits, int rotate_key, gtd_err *err)
{
	char *api_key = gtd_random_hex(16), *code = access_code(), *token = gtd_random_hex(16);
	char *url = gateway_url ? strdup(gateway_url) : NULL, *pub = NULL, *priv = NULL, why[256];
	char name[64];
	gtd_partner_env *e = &p->env[env];
	gtd_key *k = NULL;
	gtd_status st = GTD_ENOMEM;

	if (!api_key || !code || !token || !url) {
		gtd_err_set(err, st, "no randomness or memory for the credentials");
		goto out;
	}
	if (!gtd_valid_url(url, env == GTD_ENV_LIVE, why, sizeof(why))) {
		st = gtd_err_set(err, GTD_EINVAL, "gateway URL %s: %s", url, why);
		goto out;
	}
	if (env == GTD_ENV_SANDBOX && (rotate_key || !p->emulator_key.public_pem)) {
		st = gtd_key_generate(bits, &k, err);
		if (st != GTD_OK)
			goto out;
		pub = gtd_key_to_pem(k, GTD_KEY_PUBLIC);
		priv = gtd_key_to_pem(k, GTD_KEY_PRIVATE);
		snprintf(name, sizeof(name), "%s%.16s", GTD_EMULATOR_KEY_PREFIX, k->fingerprint);
		st = !pub || !priv ? gtd_err_set(err, GTD_ENOMEM, "out of memory")
				   : gtd_store_write_key(s, p->id, name, priv, 1, err);
		if (st != GTD_OK)
			goto out;
		put(&p->emulator_key.fingerprint, strdup(k->fingerprint));
		put(&e->gotadi_public_key, strdup(pub));
		put(&p->emulator_key.public_pem, pub);
		pub = NULL;
	}
	put(&e->gateway_url, url);
	put(&e->api_key, api_key);
	put(&e->access_code, code);
	put(&e->activation_token, token);
	put(&e->activated_at, NULL);
	url = api_key = code = token = NULL;
	st = GTD_OK;
out:
	free(url);
	free(api_key);
	free(code);
	free(token);
	free(pub);
	if (priv) {
		OPENSSL_cleanse(priv, strlen(priv));
		free(priv);
	}
	gtd_key_free(k);
	return st;
}

gtd_status gtd_provision_mail(gtd_store *s, const gtd_partner *p, const char *portal,
			      char **where, gtd_err *err)
{
	const gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];
	gtd_mail_context mc = {0};
	char *url = NULL, *outbox = NULL, *name = NULL;
	gtd_status st;
	gtd_buf msg;
	size_t n;

	*where = NULL;
	if (!portal)
		portal = e->gateway_url;
	if (!portal || !e->activation_token)
		return gtd_err_set(err, GTD_EINVAL, "partner %s has no sandbox gateway or activation "
						    "token: provision it first", p->id);
	gtd_buf_init(&msg, GTD_MAIL_MAX);
	/* "http://host/" and "http://host" make the same link. */
	n = strlen(portal);
	while (n > 0 && portal[n - 1] == '/')
		n--;
	if (asprintf(&url, "%.*s/portal/activate?token=%s", (int)n, portal, e->activation_token) < 0)
		url = NULL;
	if (asprintf(&outbox, "%s/outbox", s->dir) < 0)
		outbox = NULL;
	if (!url || !outbox) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	mc.partner_id = p->id;
	mc.partner_name = p->company.name ? p->company.name : p->id;
	mc.primary_colour = p->theme.primary;
	mc.now = time(NULL);
	mc.admin_name = p->admin.full_name;
	mc.admin_email = p->admin.email;
	mc.activation_url = url;
	mc.gateway_url = e->gateway_url;
	st = gtd_mail_render(GTD_EMAIL_ACTIVATION, &mc, &msg, err);
	if (st == GTD_OK)
		st = gtd_maildir_deliver(outbox, msg.data, msg.len, &name, err);
	if (st == GTD_OK && asprintf(where, "%s/%s", outbox, name) < 0) {
		*where = NULL;
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
out:
	/* The link is a credential until it is used. */
	if (url)
		OPENSSL_cleanse(url, strlen(url));
	if (msg.data)
		OPENSSL_cleanse(msg.data, msg.len);
	gtd_buf_release(&msg);
	free(url);
	free(outbox);
	free(name);
	return st;
}
