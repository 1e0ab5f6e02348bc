#include "envelope.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "b64.h"
#include "buf.h"
#include "cryptdiag.h"
#include "mask.h"
#include "sigdiag.h"
#include "utf8.h"

/* Enough for any message of the protocol; an envelope larger than this is an
 * attack or a bug, not a booking. */
#define ORIGINAL_MAX (256 * 1024)

void gtd_envelope_release(gtd_envelope *e)
{
	free(e->key);
	free(e->data);
	e->key = e->data = NULL;
}

/* The name of a member root has twice, or NULL.  JSON parsers disagree on
 * which of two members wins (cJSON takes the first, Jackson and PHP the
 * last): a body that means different things to different readers is
 * refused, never resolved. */
static const char *duplicate_member(const cJSON *root)
{
	const cJSON *a, *b;

	for (a = root->child; a; a = a->next)
		for (b = a->next; b; b = b->next)
			if (a->string && b->string && strcmp(a->string, b->string) == 0)
				return a->string;
	return NULL;
}

gtd_status gtd_envelope_from_json(const char *text, size_t len, gtd_envelope *out,
				  gtd_err *err)
{
	const char *end = NULL, *twice;
	cJSON *root, *key, *data;
	gtd_status st = GTD_EINVAL;

	out->key = out->data = NULL;
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root)
		return gtd_err_set(err, GTD_EINVAL, "the body is not JSON (error at byte %zu)",
				   end && end >= text ? (size_t)(end - text) : (size_t)0);
	key = cJSON_GetObjectItemCaseSensitive(root, "key");
	data = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (!cJSON_IsObject(root))
		gtd_err_set(err, st, "the body must be a JSON object {\"key\": ..., \"data\": ...}");
	else if ((twice = duplicate_member(root)))
		gtd_err_set(err, st, "the member \"%.40s\" appears twice; send each member once", twice);
	else if (!cJSON_IsString(key) || !cJSON_IsString(data))
		gtd_err_set(err, st, "the member \"%s\" is %s; it must be a string",
			    !cJSON_IsString(key) ? "key" : "data",
			    (!cJSON_IsString(key) ? key : data) ? "not a string" : "missing");
	else if (!(out->key = strdup(key->valuestring)) || !(out->data = strdup(data->valuestring)))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	else
		st = GTD_OK;
	if (st != GTD_OK)
		gtd_envelope_release(out);
	cJSON_Delete(root);
	return st;
}

char *gtd_envelope_to_json(const gtd_envelope *e)
{
	cJSON *o = cJSON_CreateObject();
	char *s = NULL;

	if (o && cJSON_AddStringToObject(o, "key", e->key) &&
	    cJSON_AddStringToObject(o, "data", e->data))
		s = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return s;
}

char *gtd_signature_data(const gtd_fields *f)
{
	gtd_buf b;
	size_t i;

	gtd_buf_init(&b, ORIGINAL_MAX);
	for (i = 0; i < f->schema->nfields; i++) {
		if ((i && gtd_buf_addc(&b, '|') != GTD_OK) ||
		    gtd_buf_adds(&b, f->v[i] ? f->v[i] : "") != GTD_OK) {
			gtd_buf_release(&b);
			return NULL;
		}
	}
	return gtd_buf_detach(&b);
}

static const EVP_CIPHER *cipher_for(size_t klen)
{
	return klen == 16 ? EVP_des_ede_ecb() : EVP_des_ede3_ecb();
}

/* 3DES-ECB with PKCS#5 padding; *out is malloc'd.  1 on success, 0 when
 * the cipher refused the input, -1 out of memory. */
static int des3(int enc, const unsigned char *k, size_t klen, const unsigned char *in,
		size_t inlen, unsigned char **out, size_t *outlen)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n1 = 0, n2 = 0, ok = 0;

	*out = malloc(inlen + 16);
	if (!ctx || !*out)
		ok = -1;
	else if (inlen <= INT32_MAX &&
		 EVP_CipherInit_ex(ctx, cipher_for(klen), NULL, k, NULL, enc) == 1 &&
		 EVP_CipherUpdate(ctx, *out, &n1, in, (int)inlen) == 1 &&
		 EVP_CipherFinal_ex(ctx, *out + n1, &n2) == 1) {
		*outlen = (size_t)n1 + (size_t)n2;
		ok = 1;
	}
	EVP_CIPHER_CTX_free(ctx);
	if (ok != 1) {
		free(*out);
		*out = NULL;
	}
	ERR_clear_error();
	return ok;
}

/* RSA with PKCS#1 v1.5 padding; *out is malloc'd.  1 on success, 0 when
 * the key refused the input, -1 out of memory. */
static int pkey_crypt(int enc, EVP_PKEY *pkey, const unsigned char *in, size_t inlen,
		      unsigned char **out, size_t *outlen)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	int ok = 0;

	*out = NULL;
	if (!ctx) {
		ok = -1;
		goto out;
	}
	if ((enc ? EVP_PKEY_encrypt_init(ctx) : EVP_PKEY_decrypt_init(ctx)) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0)
		goto out;
	if ((enc ? EVP_PKEY_encrypt(ctx, NULL, outlen, in, inlen)
		 : EVP_PKEY_decrypt(ctx, NULL, outlen, in, inlen)) <= 0)
		goto out;
	*out = malloc(*outlen);
	if (!*out) {
		ok = -1;
		goto out;
	}
	ok = (enc ? EVP_PKEY_encrypt(ctx, *out, outlen, in, inlen)
		  : EVP_PKEY_decrypt(ctx, *out, outlen, in, inlen)) > 0;
out:
	if (ok != 1 && *out) {
		OPENSSL_cleanse(*out, *outlen);
		free(*out);
		*out = NULL;
	}
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

/* Signs (sig == NULL on entry) or verifies msg with SHA256withRSA. */
static int sha256_rsa(int sign, EVP_PKEY *pkey, const char *msg,
		      unsigned char **sig, size_t *siglen)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = 0;

	if (!ctx)
		return 0;
	if (sign) {
		*sig = NULL;
		if (EVP_DigestSignInit(ctx, NULL, gtd_sha256(), NULL, pkey) == 1 &&
		    EVP_DigestSign(ctx, NULL, siglen, (const unsigned char *)msg, strlen(msg)) == 1 &&
		    (*sig = malloc(*siglen)) &&
		    EVP_DigestSign(ctx, *sig, siglen, (const unsigned char *)msg, strlen(msg)) == 1)
			ok = 1;
		if (!ok) {
			free(*sig);
			*sig = NULL;
		}
	} else {
		ok = EVP_DigestVerifyInit(ctx, NULL, gtd_sha256(), NULL, pkey) == 1 &&
		     EVP_DigestVerify(ctx, *sig, *siglen, (const unsigned char *)msg,
				      strlen(msg)) == 1;
	}
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok;
}

static gtd_status seal(const gtd_fields *f, const gtd_key *sender_priv,
		       const gtd_key *receiver_pub, const unsigned char *k, size_t klen,
		       unsigned flags, gtd_envelope *out, gtd_err *err)
{
	const gtd_schema *s = f->schema;
	char *sigdata = NULL, *sig64 = NULL;
	unsigned char *sig = NULL, *ek = NULL, *ct = NULL;
	size_t siglen = 0, eklen = 0, ctlen = 0, i;
	gtd_buf orig;
	gtd_status st;

	out->key = out->data = NULL;
	gtd_buf_init(&orig, ORIGINAL_MAX);
	if (klen != 24 && klen != 16)
		return gtd_err_set(err, GTD_EINVAL, "a 3DES session key has 24 or 16 bytes, not %zu", klen);
	if (!sender_priv->is_private)
		return gtd_err_set(err, GTD_EKEY, "the sender's key must be a private key");
	st = gtd_fields_check(f, NULL, err);
	if (st != GTD_OK)
		return st;
	st = GTD_ENOMEM;
	sigdata = gtd_signature_data(f);
	if (!sigdata)
		goto fail;
	if (!sha256_rsa(1, sender_priv->pkey, sigdata, &sig, &siglen)) {
		st = gtd_err_set(err, GTD_ECRYPTO, "SHA256withRSA signing failed");
		goto out;
	}
	if (flags & GTD_SEAL_BAD_SIGNATURE)
		sig[siglen / 2] ^= 0x01;
	sig64 = gtd_b64_encode(sig, siglen, GTD_B64_STD);
	if (!sig64)
		goto fail;
	for (i = 0; i <= s->nfields; i++) {
		const char *v = i == s->sig_pos ? sig64 : f->v[i < s->sig_pos ? i : i - 1];

		if ((i && gtd_buf_addc(&orig, '|') != GTD_OK) ||
		    gtd_buf_adds(&orig, v ? v : "") != GTD_OK)
			goto fail;
	}
	if (des3(1, k, klen, (const unsigned char *)orig.data, orig.len, &ct, &ctlen) != 1 ||
	    pkey_crypt(1, receiver_pub->pkey, k, klen, &ek, &eklen) != 1) {
		st = gtd_err_set(err, GTD_ECRYPTO, "encryption failed");
		goto out;
	}
	out->key = gtd_b64_encode(ek, eklen, GTD_B64_URL);
	out->data = gtd_b64_encode(ct, ctlen, GTD_B64_URL);
	if (!out->key || !out->data) {
		gtd_envelope_release(out);
		goto fail;
	}
	st = GTD_OK;
	goto out;
fail:
	st = gtd_err_set(err, GTD_ENOMEM, "out of memory sealing %s", s->name);
out:
	free(sigdata);
	free(sig);
	free(sig64);
	free(ek);
	free(ct);
	gtd_buf_release(&orig);
	return st;
}

gtd_status gtd_seal_ex(const gtd_fields *f, const gtd_key *sender_priv,
		       const gtd_key *receiver_pub, const unsigned char *session_key,
		       size_t klen, unsigned flags, gtd_envelope *out, gtd_err *err)
{
	unsigned char k[24];
	gtd_status st;

	if (session_key)
		return seal(f, sender_priv, receiver_pub, session_key, klen, flags, out, err);
	if (RAND_bytes(k, sizeof(k)) != 1)
		return gtd_err_set(err, GTD_ECRYPTO, "no randomness for the session key");
	st = seal(f, sender_priv, receiver_pub, k, sizeof(k), flags, out, err);
	OPENSSL_cleanse(k, sizeof(k));
	return st;
}

gtd_status gtd_seal(const gtd_fields *f, const gtd_key *sender_priv,
		    const gtd_key *receiver_pub, gtd_envelope *out, gtd_err *err)
{
	return gtd_seal_ex(f, sender_priv, receiver_pub, NULL, 0, 0, out, err);
}

gtd_status gtd_seal_with_session_key(const gtd_fields *f, const gtd_key *sender_priv,
				     const gtd_key *receiver_pub,
				     const unsigned char *k, size_t klen,
				     gtd_envelope *out, gtd_err *err)
{
	return gtd_seal_ex(f, sender_priv, receiver_pub, k, klen, 0, out, err);
}

static const struct {
	const char *name;
	gtd_code code;
} steps[GTD_OPEN_STEP_COUNT] = {
	[GTD_OPEN_OK] = {"ok", GTD_CODE_SUCCESS},
	[GTD_OPEN_INPUT] = {"input", GTD_CODE_MALFORMED},
	[GTD_OPEN_KEY_BASE64] = {"key-base64", GTD_CODE_DECRYPT},
	[GTD_OPEN_RSA] = {"rsa", GTD_CODE_DECRYPT},
	[GTD_OPEN_KEY_LENGTH] = {"session-key-length", GTD_CODE_DECRYPT},
	[GTD_OPEN_DATA_BASE64] = {"data-base64", GTD_CODE_DECRYPT},
	[GTD_OPEN_3DES] = {"3des", GTD_CODE_DECRYPT},
	[GTD_OPEN_UTF8] = {"utf8", GTD_CODE_DECRYPT},
	[GTD_OPEN_FIELD_COUNT] = {"field-count", GTD_CODE_MALFORMED},
	[GTD_OPEN_SIGNATURE] = {"signature", GTD_CODE_SIGNATURE},
	[GTD_OPEN_FIELD] = {"field", GTD_CODE_MALFORMED},
	[GTD_OPEN_ACCESS_CODE] = {"access-code", GTD_CODE_ACCESS_CODE},
	[GTD_OPEN_INTERNAL] = {"internal", GTD_CODE_OTHER},
};

const char *gtd_open_step_name(gtd_open_step step)
{
	return (unsigned)step < GTD_OPEN_STEP_COUNT ? steps[step].name : "unknown";
}

gtd_code gtd_open_step_code(gtd_open_step step)
{
	return (unsigned)step < GTD_OPEN_STEP_COUNT ? steps[step].code : GTD_CODE_OTHER;
}

void gtd_open_report_release(gtd_open_report *r)
{
	free(r->original);
	free(r->signed_data);
	r->original = r->signed_data = NULL;
}

static gtd_status fail(gtd_open_report *r, gtd_open_step step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static gtd_status fail(gtd_open_report *r, gtd_open_step step, const char *fmt, ...)
{
	va_list ap;

	r->step = step;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	return GTD_EINVAL;
}

/* A signature failure's sentence: the diagnosis, then the signature data
 * in quotes, cut at a character with "..." when the sentence has no room
 * for all of it (a long redirect URL), so that the quote always closes
 * and the text stays UTF-8.  The whole string is in r->signed_data. */
static gtd_status fail_quoting(gtd_open_report *r, const char *diagnosis, const char *data)
{
	static const char lead[] = ". Signature data: \"", cut_mark[] = "...\"";
	size_t len = strlen(data), used = strlen(diagnosis) + sizeof(lead) - 1, room;

	if (used + len + sizeof("\"") <= sizeof(r->why))
		return fail(r, GTD_OPEN_SIGNATURE, "%s%s%s\"", diagnosis, lead, data);
	if (used + sizeof(cut_mark) >= sizeof(r->why))
		return fail(r, GTD_OPEN_SIGNATURE, "%s", diagnosis);
	room = sizeof(r->why) - used - sizeof(cut_mark);
	while (room > 0 && ((unsigned char)data[room] & 0xC0) == 0x80)
		room--;
	return fail(r, GTD_OPEN_SIGNATURE, "%s%s%.*s%s", diagnosis, lead, (int)room, data, cut_mark);
}

/* Every allocation that fails in open() ends here: the message may be
 * perfectly good, so the answer is 99, never a step the sender could fix. */
static gtd_status out_of_memory(gtd_open_report *r, const char *what)
{
	r->step = GTD_OPEN_INTERNAL;
	snprintf(r->why, sizeof(r->why), "out of memory %s: the receiver's fault, not the message's",
		 what);
	return GTD_ENOMEM;
}

/* Splits the original data into fields, the signature going to *sig64. */
static gtd_status split_fields(const gtd_schema *s, const char *orig, gtd_fields *out,
			       char **sig64, gtd_open_report *r)
{
	size_t want = s->nfields + 1, count = 1, i;
	const char *p, *start = orig;

	for (p = orig; *p; p++)
		count += *p == '|';
	if (count != want)
		return fail(r, GTD_OPEN_FIELD_COUNT,
			    "%s has %zu fields (with the signature at position %zu) but the data has %zu: "
			    "check the field list and that no value contains '|'",
			    s->name, want, s->sig_pos + 1, count);
	for (i = 0; i < want; i++) {
		size_t len;
		char *v;

		p = strchr(start, '|');
		len = p ? (size_t)(p - start) : strlen(start);
		v = strndup(start, len);
		if (!v)
			return out_of_memory(r, "splitting the fields");
		if (i == s->sig_pos)
			*sig64 = v;
		else
			out->v[i < s->sig_pos ? i : i - 1] = v;
		start = p ? p + 1 : start + len;
	}
	return GTD_OK;
}

int gtd_signature_verifies(const gtd_key *signer, const char *signature_b64, const char *data)
{
	unsigned char *sig = NULL;
	size_t siglen = 0;
	int ok;

	if (gtd_b64_decode(signature_b64, strlen(signature_b64), &sig, &siglen, NULL) != GTD_OK)
		return 0;
	ok = siglen == (size_t)EVP_PKEY_get_size(signer->pkey) &&
	     sha256_rsa(0, signer->pkey, data, &sig, &siglen);
	free(sig);
	return ok;
}

static const char *unwrapped(const char *text, const char *name, gtd_open_step step, char **copy,
			     gtd_open_report *r);
static void note_alphabet(gtd_open_report *r, const char *name, const char *text, int url_safe,
			  gtd_open_step step);

static gtd_status verify(const gtd_schema *s, const gtd_key *sender_pub, gtd_fields *out,
			 const char *sig64, gtd_open_report *r)
{
	char diagnosis[GTD_ERR_MSG_MAX], *shown, *copy;
	const char *text;
	unsigned char *sig = NULL;
	size_t siglen = 0, want = (size_t)EVP_PKEY_get_size(sender_pub->pkey);
	gtd_status st;
	gtd_err e;

	r->signed_data = gtd_signature_data(out);
	if (!r->signed_data)
		return out_of_memory(r, "joining the signature data");
	if (!(text = unwrapped(sig64, "signature", GTD_OPEN_SIGNATURE, &copy, r)))
		return out_of_memory(r, "removing line breaks");
	note_alphabet(r, "signature", text, 0, GTD_OPEN_SIGNATURE);
	st = gtd_b64_decode(text, strlen(text), &sig, &siglen, &e);
	free(copy);
	if (st == GTD_ENOMEM)
		return out_of_memory(r, "decoding the signature");
	if (st != GTD_OK)
		return fail(r, GTD_OPEN_SIGNATURE, "the signature (field %zu) is not base64: %s",
			    s->sig_pos + 1, e.msg);
	if (siglen != want) {
		free(sig);
		return fail(r, GTD_OPEN_SIGNATURE,
			    "the signature has %zu bytes but the sender's %d-bit key (fingerprint %.16s...) makes %zu-byte signatures: "
			    "it was signed with another key",
			    siglen, sender_pub->bits, sender_pub->fingerprint, want);
	}
	if (sha256_rsa(0, sender_pub->pkey, r->signed_data, &sig, &siglen)) {
		free(sig);
		return GTD_OK;
	}
	/* Opened with the sender's public key, the signature says what was
	 * signed instead, and how. */
	gtd_sig_diagnose(sender_pub, sig, siglen, out, diagnosis, sizeof(diagnosis));
	free(sig);
	shown = gtd_schema_mask_signed(out->schema, r->signed_data);
	st = fail_quoting(r, diagnosis, shown ? shown : "(out of memory)");
	free(shown);
	return st;
}

/* Whether orig has the shape of a message of c: its field count, its
 * values valid (mandatory ones given, enums among their values), and a
 * signature field that is base64; *verified says whether that signature
 * also verifies with sender_pub.  0 (and no verdict) out of memory. */
static int shape_fits(const gtd_schema *c, const char *orig, const gtd_key *sender_pub, int *verified)
{
	gtd_open_report scratch = {0};
	gtd_fields f;
	char *sig64 = NULL, *signed_data = NULL;
	unsigned char *sig = NULL;
	size_t siglen = 0;
	int fits;

	*verified = 0;
	gtd_fields_init(&f, c);
	fits = split_fields(c, orig, &f, &sig64, &scratch) == GTD_OK &&
	       gtd_fields_check(&f, NULL, NULL) == GTD_OK &&
	       gtd_b64_decode(sig64, strlen(sig64), &sig, &siglen, NULL) == GTD_OK && siglen > 0;
	if (fits && (signed_data = gtd_signature_data(&f)))
		*verified = gtd_signature_verifies(sender_pub, sig64, signed_data);
	free(signed_data);
	free(sig);
	free(sig64);
	gtd_fields_release(&f);
	return fits;
}

/* After s failed on the fields or the signature: the other schemas the
 * data opens as whole (signature verified, fields valid), else - when it
 * does not even have s's shape - those whose shape it has.  A schema with
 * s's very field list would fail the same way and is not offered. */
static void guess_schema(const gtd_schema *s, const gtd_key *sender_pub, gtd_open_report *r)
{
	const gtd_schema *shaped[GTD_OPEN_LOOKS_LIKE_MAX];
	size_t i, nshaped = 0;
	int verified;

	if (!r->original || (r->step != GTD_OPEN_FIELD_COUNT && r->step != GTD_OPEN_SIGNATURE &&
			     r->step != GTD_OPEN_FIELD))
		return;
	for (i = 0; i < gtd_schema_count; i++) {
		const gtd_schema *c = &gtd_schemas[i];

		if (c->fields == s->fields || !shape_fits(c, r->original, sender_pub, &verified))
			continue;
		if (verified && r->nlooks_like < GTD_OPEN_LOOKS_LIKE_MAX)
			r->looks_like[r->nlooks_like++] = c;
		else if (!verified && nshaped < GTD_OPEN_LOOKS_LIKE_MAX)
			shaped[nshaped++] = c;
	}
	if (r->nlooks_like) {
		r->looks_like_verified = 1;
		return;
	}
	if (shape_fits(s, r->original, sender_pub, &verified))
		return;
	for (i = 0; i < nshaped; i++)
		r->looks_like[r->nlooks_like++] = shaped[i];
}

/* Notes in r what was accepted though Gotadi would not send it. */
static void lenient(gtd_open_report *r, gtd_open_step step, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void lenient(gtd_open_report *r, gtd_open_step step, const char *fmt, ...)
{
	size_t used = strlen(r->leniency);
	va_list ap;

	if (used && used + 2 < sizeof(r->leniency)) {
		strcpy(r->leniency + used, "; ");
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(r->leniency + used, sizeof(r->leniency) - used, fmt, ap);
	va_end(ap);
	if (r->lenient_step == GTD_OPEN_OK)
		r->lenient_step = step;
}

/* key and data are URL-safe base64 without padding; the signature is
 * standard base64 with it.  Either decodes here, as it does at Gotadi's
 * gateway in its lenient mode: noted, for a warning or a strict refusal. */
static void note_alphabet(gtd_open_report *r, const char *name, const char *text, int url_safe,
			  gtd_open_step step)
{
	if (url_safe && strpbrk(text, "+/"))
		lenient(r, step, "%s is in standard base64 ('+', '/'): Gotadi's %s is URL-safe ('-', '_')",
			name, name);
	if (url_safe && strchr(text, '='))
		lenient(r, step, "%s ends in '=' padding: Gotadi's %s has none", name, name);
	if (!url_safe && strpbrk(text, "-_"))
		lenient(r, step, "the %s is in URL-safe base64 ('-', '_'): Gotadi's is standard ('+', '/')", name);
	if (!url_safe && !strpbrk(text, "-_") && strlen(text) % 4)
		lenient(r, step, "the %s lacks its '=' padding: Gotadi's is padded", name);
}

/* text without its line breaks, when it has any (then noted in r as a
 * leniency at step): a malloc'd copy in *copy, which the caller frees; text
 * itself otherwise.  NULL out of memory.  Base64 wrapped in lines is what
 * MIME encoders write (Java's Base64.getMimeEncoder, .NET's
 * InsertLineBreaks); Gotadi's commons-codec decoder skips the breaks. */
static const char *unwrapped(const char *text, const char *name, gtd_open_step step, char **copy,
			     gtd_open_report *r)
{
	char *o;
	const char *p;

	*copy = NULL;
	if (!strpbrk(text, "\r\n"))
		return text;
	if (!(*copy = malloc(strlen(text) + 1)))
		return NULL;
	for (o = *copy, p = text; *p; p++)
		if (*p != '\r' && *p != '\n')
			*o++ = *p;
	*o = '\0';
	lenient(r, step, "%s in base64 wrapped in lines: send it on one line (Java Base64.getEncoder(), not "
		"getMimeEncoder(); .NET Convert.ToBase64String without InsertLineBreaks)", name);
	return *copy;
}

gtd_status gtd_open(const gtd_schema *s, const char *key, const char *data,
		    const gtd_key *receiver_priv, const gtd_key *sender_pub,
		    const char *access_code, gtd_fields *out, gtd_open_report *r)
{
	unsigned char *ek = NULL, *k = NULL, *ct = NULL, *pt = NULL;
	size_t eklen = 0, klen = 0, ctlen = 0, ptlen = 0, bad = 0;
	char *sig64 = NULL, mistake[GTD_ERR_MSG_MAX], *key_copy = NULL, *data_copy = NULL;
	gtd_status st;
	gtd_err e;
	int ok;

	gtd_fields_init(out, s);
	memset(r, 0, sizeof(*r));
	r->field = -1;
	if (!key || !*key || !data || !*data) {
		st = fail(r, GTD_OPEN_INPUT, "the envelope needs both 'key' and 'data'");
		goto out;
	}
	if (!(key = unwrapped(key, "key", GTD_OPEN_KEY_BASE64, &key_copy, r)) ||
	    !(data = unwrapped(data, "data", GTD_OPEN_DATA_BASE64, &data_copy, r))) {
		st = out_of_memory(r, "removing line breaks");
		goto out;
	}
	note_alphabet(r, "key", key, 1, GTD_OPEN_KEY_BASE64);
	note_alphabet(r, "data", data, 1, GTD_OPEN_DATA_BASE64);
	st = gtd_b64_decode(key, strlen(key), &ek, &eklen, &e);
	if (st == GTD_ENOMEM) {
		st = out_of_memory(r, "decoding 'key'");
		goto out;
	}
	if (st != GTD_OK) {
		st = fail(r, GTD_OPEN_KEY_BASE64, "'key' is not base64: %s", e.msg);
		goto out;
	}
	if (eklen != (size_t)EVP_PKEY_get_size(receiver_priv->pkey)) {
		st = fail(r, GTD_OPEN_RSA,
			  "'key' decodes to %zu bytes but the receiver's %d-bit key needs exactly %d: "
			  "it is truncated, or was encrypted for a key of another size",
			  eklen, receiver_priv->bits, EVP_PKEY_get_size(receiver_priv->pkey));
		goto out;
	}
	ok = pkey_crypt(0, receiver_priv->pkey, ek, eklen, &k, &klen);
	if (ok < 0) {
		st = out_of_memory(r, "decrypting 'key'");
		goto out;
	}
	if (!ok) {
		if (gtd_cryptdiag_key(receiver_priv, ek, eklen, mistake, sizeof(mistake)))
			st = fail(r, GTD_OPEN_RSA, "%s", mistake);
		else
			st = fail(r, GTD_OPEN_RSA,
				  "RSA (PKCS#1 v1.5) decryption of 'key' failed: it was not encrypted with the receiver's "
				  "public key (fingerprint %.16s...), or it was altered",
				  receiver_priv->fingerprint);
		goto out;
	}
	r->session_key_len = klen;
	if (klen == 16)
		lenient(r, GTD_OPEN_KEY_LENGTH, "a 16-byte (two-key) 3DES session key: Gotadi's are 24 bytes");
	st = gtd_b64_decode(data, strlen(data), &ct, &ctlen, &e);
	if (st == GTD_ENOMEM) {
		st = out_of_memory(r, "decoding 'data'");
		goto out;
	}
	if (klen != 24 && klen != 16) {
		/* An AES-256 key, most likely: say so when 'data' agrees. */
		if (st == GTD_OK && gtd_cryptdiag_data(k, klen, ct, ctlen, mistake, sizeof(mistake)))
			st = fail(r, GTD_OPEN_KEY_LENGTH, "the session key has %zu bytes: %s", klen, mistake);
		else
			st = fail(r, GTD_OPEN_KEY_LENGTH,
				  "the session key has %zu bytes; 3DES needs 24 (or 16 for two-key 3DES)", klen);
		goto out;
	}
	if (st != GTD_OK) {
		st = fail(r, GTD_OPEN_DATA_BASE64, "'data' is not base64: %s", e.msg);
		goto out;
	}
	if (ctlen == 0 || ctlen % 8 || ctlen > ORIGINAL_MAX) {
		st = fail(r, GTD_OPEN_3DES,
			  "'data' decodes to %zu bytes, %s", ctlen,
			  ctlen > ORIGINAL_MAX ? "far more than any message" :
			  "not a whole number of 8-byte 3DES blocks: it is truncated");
		goto out;
	}
	ok = des3(0, k, klen, ct, ctlen, &pt, &ptlen);
	if (ok < 0) {
		st = out_of_memory(r, "decrypting 'data'");
		goto out;
	}
	if (!ok) {
		if (gtd_cryptdiag_data(k, klen, ct, ctlen, mistake, sizeof(mistake)))
			st = fail(r, GTD_OPEN_3DES, "%s", mistake);
		else
			st = fail(r, GTD_OPEN_3DES,
				  "3DES-ECB decryption ended in bad PKCS#5 padding: 'data' was not encrypted with the "
				  "session key inside 'key', or it was altered");
		goto out;
	}
	{
		const unsigned char *nul = memchr(pt, '\0', ptlen);
		size_t text = nul ? (size_t)(nul - pt) : ptlen;

		if (!gtd_utf8_valid((const char *)pt, text, &bad) || nul) {
			if (gtd_utf8_valid((const char *)pt, text, NULL))
				bad = text;
			st = fail(r, GTD_OPEN_UTF8,
				  "the decrypted data is not UTF-8 text (bad byte at offset %zu): "
				  "encode the original data as UTF-8", bad);
			goto out;
		}
	}
	r->original = strndup((const char *)pt, ptlen);
	if (!r->original) {
		st = out_of_memory(r, "copying the original data");
		goto out;
	}
	st = split_fields(s, r->original, out, &sig64, r);
	if (st != GTD_OK)
		goto out;
	st = verify(s, sender_pub, out, sig64, r);
	if (st != GTD_OK)
		goto out;
	{
		size_t badf = 0;

		if (gtd_fields_check(out, &badf, &e) != GTD_OK) {
			r->field = (int)badf;
			st = fail(r, GTD_OPEN_FIELD, "%s", e.msg);
			goto out;
		}
	}
	if (access_code && !gtd_secret_equal(access_code, gtd_fields_get(out, "access_code"))) {
		r->field = gtd_schema_field_index(s, "access_code");
		st = fail(r, GTD_OPEN_ACCESS_CODE,
			  "the access_code inside the message is not this partner's access code");
		goto out;
	}
	r->step = GTD_OPEN_OK;
	st = GTD_OK;
out:
	if (st == GTD_EINVAL)
		guess_schema(s, sender_pub, r);
	if (k)
		OPENSSL_cleanse(k, klen);
	free(k);
	free(ek);
	free(ct);
	free(pt);
	free(sig64);
	free(key_copy);
	free(data_copy);
	return st;
}
