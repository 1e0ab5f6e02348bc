/* check_api.c - gtd-mock's answers without sockets.
 *
 * Each case is what a client sees: method, path, headers and body in;
 * status, headers and body out, plus the journal line the request left.
 * Requests go through mock_dispatch, the function the server and the
 * fuzz harness call for every request; sealed bodies are made and sealed
 * answers opened with libgtd's envelope API and the keys in tests/data,
 * as a partner would.  Booking numbers are made per test: "$B" in a case
 * stands for a held booking of partner demo, "$O" for one of partner
 * other, "$D" for a bookable flight date and "$H" for a hotel one.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "envelope.h"
#include "failmalloc.h"
#include "fs.h"
#include "mask.h"
#include "mock.h"
#include "mockreq.h"
#include "statelog.h"
#include "testdata.h"
#include "utf8.h"

#define BASE_URL "http://127.0.0.1:8080"
#define PAY_URL "http://127.0.0.1:9/pay"
#define SLEEPY_TOKEN "act-sleepy-0123456789abcdefghijklmnopqrstuv"
#define MAX_PAIRS 16

/* The partners the mock serves, by what makes each one interesting. */
static const struct partner_spec {
	const char *id, *api_key, *access_code;
	int activated, disabled, strict, hotel, keys;
	const char *emulator_file;   /* the emulator's key read from it, not handed over */
} partner_specs[] = {
	{"demo", "key-demo", "AC-DEMO", 1, 0, 0, 1, 1, "kat2048.pem"},
	{"other", "key-other", "AC-OTHER", 1, 0, 0, 0, 1, NULL},    /* sells no hotels */
	{"sleepy", "key-sleepy", "AC-SLEEPY", 0, 0, 0, 1, 1, NULL}, /* not activated yet */
	{"strict", "key-strict", "AC-STRICT", 1, 0, 1, 1, 1, NULL}, /* x-ibe-req-name required */
	{"gone", "key-gone", "AC-GONE", 1, 1, 0, 1, 1, NULL},       /* account disabled */
	{"keyless", "key-keyless", "AC-KEYLESS", 1, 0, 0, 1, 0, NULL}, /* no keys registered */
	/* The emulator's key file is damaged. */
	{"damaged", "key-damaged", "AC-DAMAGED", 1, 0, 0, 1, 1, "inconsistent-private.pem"},
};
#define NPARTNERS (sizeof(partner_specs) / sizeof(partner_specs[0]))

static mock_state state;
static mock_journal *journal;
static mock_config cfg;
static char outbox[64];
static int reload_result;
/* The partners' private key (kat1024), the emulator's public key
 * (kat2048), and two strangers: another signer and another receiver. */
static gtd_key *partner_priv, *emulator_pub, *stranger_priv, *stranger_pub;
/* This test's bookings ($B, $O) and dates ($D, $H). */
static char booking_demo[GTD_BOOKING_NUMBER_MAX], booking_other[GTD_BOOKING_NUMBER_MAX];
static char flight_date[16], hotel_date[16];

static int test_reload(void *arg)
{
	(void)arg;
	return reload_result;
}

static gtd_key *key(const char *file, gtd_key_want want)
{
	gtd_key *k = NULL;
	gtd_err err;

	ck_assert_msg(gtd_key_load(data_path(file), want, &k, &err) == GTD_OK, "%s", err.msg);
	return k;
}

static void set(gtd_partner *p, const char *path, const char *value)
{
	gtd_err err;

	ck_assert_msg(gtd_partner_set(p, path, value, &err) == GTD_OK, "%s: %s", path, err.msg);
}

static void mock_setup(void)
{
	mock_partners *ps = mock_partners_new(NPARTNERS);
	char *pem = data_read("kat1024.pub.pem", NULL);
	size_t i;

	ck_assert_ptr_nonnull(ps);
	strcpy(outbox, "/tmp/check_api.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(outbox));
	ck_assert_int_eq(mock_state_init(&state, outbox, NULL), GTD_OK);
	ck_assert_int_eq(mock_journal_open(NULL, 256, &journal, NULL), GTD_OK);
	for (i = 0; i < NPARTNERS; i++) {
		const struct partner_spec *sp = &partner_specs[i];
		gtd_partner *p = gtd_partner_new(sp->id);

		ck_assert_ptr_nonnull(p);
		set(p, "env.sandbox.api_key", sp->api_key);
		set(p, "env.sandbox.access_code", sp->access_code);
		set(p, "links.payment_url", PAY_URL);
		set(p, "products.flight", "true");
		set(p, "products.hotel", sp->hotel ? "true" : "false");
		if (sp->activated)
			set(p, "env.sandbox.activated_at", "2026-11-28T00:00:00Z");
		else
			set(p, "env.sandbox.activation_token", SLEEPY_TOKEN);
		if (sp->disabled)
			set(p, "disabled", "true");
		if (sp->strict)
			set(p, "settings.strict_headers", "true");
		if (sp->keys)
			set(p, "partner_key.pem", pem);
		if (sp->emulator_file)
			mock_partners_set(ps, i, p, NULL, data_path(sp->emulator_file));
		else
			mock_partners_set(ps, i, p, sp->keys ? key("kat2048.pem", GTD_KEY_PRIVATE) : NULL,
					  NULL);
	}
	free(pem);
	mock_state_set_partners(&state, ps);
	strcpy(state.base_url, BASE_URL);
	partner_priv = key("kat1024.pem", GTD_KEY_PRIVATE);
	emulator_pub = key("kat2048.pub.pem", GTD_KEY_PUBLIC);
	stranger_priv = key("kat2048.pem", GTD_KEY_PRIVATE);
	stranger_pub = key("kat4096.pub.pem", GTD_KEY_PUBLIC);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void mock_teardown(void)
{
	mock_journal_close(journal);
	mock_state_release(&state);
	gtd_key_free(partner_priv);
	gtd_key_free(emulator_pub);
	gtd_key_free(stranger_priv);
	gtd_key_free(stranger_pub);
	nftw(outbox, remove_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* ---- requests and answers ---- */

/* The last answer: the response, its body parsed when it is JSON, and the
 * journal's line for the request. */
static mock_response resp;
static int have_resp;
/* The allocation of the next dispatch to fail (tests/failmalloc.h), 0 for
 * none; whether it did fail. */
static unsigned long fail_at;
static int fail_hit;
/* The next answer's body: a limit in bytes (0: the mock's own), or a
 * buffer that has already failed as an allocation would. */
static size_t body_max;
static int body_failed;
static cJSON *body_json, *entry_json;

static void answer_release(void)
{
	if (have_resp)
		mock_response_release(&resp);
	have_resp = 0;
	cJSON_Delete(body_json);
	cJSON_Delete(entry_json);
	body_json = entry_json = NULL;
}

/* text with $B, $O, $D and $H replaced (caller frees). */
static char *expand(const char *text)
{
	gtd_buf b;
	const char *p;

	gtd_buf_init(&b, 1 << 20);
	for (p = text; *p; p++) {
		const char *v = NULL;

		if (*p == '$')
			v = p[1] == 'B' ? booking_demo : p[1] == 'O' ? booking_other
			  : p[1] == 'D' ? flight_date : p[1] == 'H' ? hotel_date : NULL;
		if (v) {
			gtd_buf_adds(&b, v);
			p++;
		} else {
			gtd_buf_addc(&b, *p);
		}
	}
	return gtd_buf_detach(&b);
}

static const char *body_text(void)
{
	return resp.body.len ? resp.body.data : "";
}

/* Sends METHOD TARGET (path and query) with headers ("Name: value" lines)
 * and body from a client on loopback or not; the answer is left in resp,
 * body_json and entry_json. */
static void call_from(int loopback, const char *method, const char *target, const char *headers,
		      const char *body)
{
	char *path = expand(target), *hdrs = expand(headers ? headers : ""), *data = expand(body ? body : "");
	char *query = strchr(path, '?');
	mock_pair args[MAX_PAIRS], hv[MAX_PAIRS];
	mock_request req = {0};
	mock_entry entry;
	mock_ctx ctx = {.state = &state, .journal = journal, .cfg = &cfg, .entry = &entry,
			.reload = test_reload};
	cJSON *since;

	answer_release();
	if (query)
		*query++ = '\0';
	req.id = mock_journal_next_id(journal);
	req.method = method;
	req.path = path;
	req.args = args;
	req.nargs = query ? mockreq_pairs(query, "&", '=', args, MAX_PAIRS) : 0;
	req.headers = hv;
	req.nheaders = mockreq_pairs(hdrs, "\n", ':', hv, MAX_PAIRS);
	req.body = data;
	req.body_len = strlen(data);
	req.loopback = loopback;
	req.base_url = BASE_URL;
	mock_response_init(&resp);
	if (body_max)
		gtd_buf_init(&resp.body, body_max);
	if (body_failed)
		gtd_buf_fail(&resp.body, GTD_ENOMEM);
	have_resp = 1;
	mock_entry_init(&entry, req.id, mock_now(&state), method, path);
	ctx.partners = mock_state_partners(&state);
	failmalloc_after(fail_at);
	mock_dispatch(&ctx, &req, &resp);
	fail_hit = failmalloc_failed();
	failmalloc_after(0);
	mock_partners_put(ctx.partners);
	mock_entry_num(&entry, "http", resp.drop ? 0 : resp.status);
	mock_journal_commit(journal, &entry);
	/* The request's own entry: calls it made on the way (the webview's
	 * place order) have entries of their own, finished before it. */
	since = mock_journal_since(journal, req.id - 1, NULL, 16);
	{
		int i, n = cJSON_GetArraySize(since);

		for (i = 0; i < n; i++)
			if (cJSON_GetObjectItem(cJSON_GetArrayItem(since, i), "id")->valuedouble == (double)req.id)
				break;
		/* Out of memory, the entry may be lost; never otherwise. */
		if (!fail_hit)
			ck_assert_int_lt(i, n);
		entry_json = i < n ? cJSON_DetachItemFromArray(since, i) : NULL;
	}
	cJSON_Delete(since);
	if (entry_json)
		ck_assert_double_eq(cJSON_GetObjectItem(entry_json, "id")->valuedouble, (double)req.id);
	if (resp.content_type && strncmp(resp.content_type, "application/json", 16) == 0 && !resp.drop) {
		body_json = cJSON_ParseWithLength(resp.body.data ? resp.body.data : "", resp.body.len);
		ck_assert_msg(body_json != NULL, "%s %s: HTTP %d, JSON that does not parse: [%.300s]",
			      method, target, resp.status, body_text());
	}
	free(path);
	free(hdrs);
	free(data);
}

static void call(const char *method, const char *target, const char *headers, const char *body)
{
	call_from(1, method, target, headers, body);
}


/* The journal line's string member key, or NULL. */
static const char *journal_str(const char *key_name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry_json, key_name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The verdict of the journal's last check called name: 1, 0, or -1 when
 * the request was not checked for it. */
static int journal_check(const char *name)
{
	const cJSON *c;
	int verdict = -1;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(entry_json, "checks")) {
		const cJSON *n = cJSON_GetObjectItemCaseSensitive(c, "check");

		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
			verdict = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "ok"));
	}
	return verdict;
}

static const char *json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---- envelopes, as the partner makes and reads them ---- */

typedef enum mangle {
	SEALED,        /* as the partner should */
	CUT_KEY,       /* key loses its last four characters */
	CUT_DATA,      /* data loses its last four (three bytes: no whole 3DES block) */
	NOT_BASE64,    /* key is not base64 */
	BAD_SIGNATURE, /* a bit of the signature flipped */
	WRONG_SIGNER,  /* signed with another private key */
	WRONG_RECEIVER,/* encrypted for another public key */
	EMPTY_KEY,     /* {"key": "", "data": ...} */
	RAW,           /* the body as written, not an envelope */
} mangle;

/* The JSON body {"key", "data"} carrying fields ('|'-joined) as a message
 * of schema, made wrong as m says (caller frees). */
static char *seal_body(const char *schema, const char *fields, mangle m)
{
	const gtd_schema *s = gtd_schema_find(schema);
	char *text = expand(fields), *p = text, *json;
	gtd_fields f;
	gtd_envelope env;
	gtd_err err;
	size_t i;

	ck_assert_ptr_nonnull(s);
	gtd_fields_init(&f, s);
	for (i = 0; i < s->nfields; i++) {
		size_t n = strcspn(p, "|");

		f.v[i] = strndup(p, n);
		p += n + (p[n] == '|');
	}
	ck_assert_msg(gtd_seal_ex(&f, m == WRONG_SIGNER ? stranger_priv : partner_priv,
				  m == WRONG_RECEIVER ? stranger_pub : emulator_pub, NULL, 0,
				  m == BAD_SIGNATURE ? GTD_SEAL_BAD_SIGNATURE : 0, &env, &err) == GTD_OK,
		      "%s", err.msg);
	if (m == CUT_KEY)
		env.key[strlen(env.key) - 4] = '\0';
	if (m == CUT_DATA)
		env.data[strlen(env.data) - 4] = '\0';
	if (m == NOT_BASE64)
		memcpy(env.key, "!!!!", 4);
	if (m == EMPTY_KEY)
		env.key[0] = '\0';
	json = gtd_envelope_to_json(&env);
	ck_assert_ptr_nonnull(json);
	gtd_envelope_release(&env);
	gtd_fields_release(&f);
	free(text);
	return json;
}

/* Opens the last answer as a message of schema into out (release it);
 * returns the step it stopped at. */
static gtd_open_step open_answer(const char *schema, gtd_fields *out, char why[GTD_ERR_MSG_MAX])
{
	gtd_envelope env;
	gtd_open_report rep;
	gtd_err err;

	ck_assert_msg(gtd_envelope_from_json(body_text(), resp.body.len, &env, &err) == GTD_OK,
		      "the answer is not an envelope: %s: %s", err.msg, body_text());
	gtd_open(gtd_schema_find(schema), env.key, env.data, partner_priv, emulator_pub, NULL, out, &rep);
	if (why)
		snprintf(why, GTD_ERR_MSG_MAX, "%s", rep.why);
	gtd_open_report_release(&rep);
	gtd_envelope_release(&env);
	return rep.step;
}

/* The error code inside the last answer, which must open (static). */
static const char *answer_code(const char *schema, char *redirect, size_t len)
{
	static char code[3];
	char why[GTD_ERR_MSG_MAX];
	gtd_fields f;
	gtd_open_step step = open_answer(schema, &f, why);

	ck_assert_msg(step == GTD_OPEN_OK, "the %s answer fails at %s: %s", schema,
		      gtd_open_step_name(step), why);
	snprintf(code, sizeof(code), "%s", gtd_fields_get(&f, "error_code"));
	if (redirect)
		snprintf(redirect, len, "%s", gtd_schema_field_index(f.schema, "redirect_url") >= 0
			 ? gtd_fields_get(&f, "redirect_url") : "");
	gtd_fields_release(&f);
	return code;
}

/* Sends a sealed request to the gateway. */
static void call_sealed(const char *target, const char *headers, const char *schema,
			const char *fields, mangle m)
{
	char *body = m == RAW ? strdup(fields) : seal_body(schema, fields, m);

	call("POST", target, headers, body);
	free(body);
}

#define DEMO "apikey: key-demo\nx-ibe-req-name: AC-DEMO"
#define LOGIN "/api/partner/login"
#define COMMIT "/api/partner/commit"
#define QUERY "/api/partner/query-trans"

/* A held booking of partner, made through the control API. */
static void make_booking(const char *partner, char number[GTD_BOOKING_NUMBER_MAX])
{
	char body[64];

	snprintf(body, sizeof(body), "{\"partner\": \"%s\"}", partner);
	call("POST", "/__gtd/bookings", NULL, body);
	ck_assert_int_eq(resp.status, 201);
	ck_assert_ptr_nonnull(json_str(body_json, "bookingNumber"));
	snprintf(number, GTD_BOOKING_NUMBER_MAX, "%s", json_str(body_json, "bookingNumber"));
}

/* Every test starts from no bookings but $B and $O, no faults, the
 * clock at real time and the default configuration. */
static void test_setup(void)
{
	time_t now;
	struct tm tm;

	memset(&cfg, 0, sizeof(cfg));
	cfg.explain = 1;
	body_max = 0;
	body_failed = 0;
	reload_result = (int)NPARTNERS;
	mock_state_lock(&state);
	mock_state_reset(&state);
	mock_state_unlock(&state);
	mock_journal_clear(journal);
	make_booking("demo", booking_demo);
	make_booking("other", booking_other);
	now = mock_now(&state) + 45 * 86400;
	gmtime_r(&now, &tm);
	strftime(flight_date, sizeof(flight_date), "%Y-%m-%d", &tm);
	now += 55 * 86400;
	gmtime_r(&now, &tm);
	strftime(hotel_date, sizeof(hotel_date), "%Y-%m-%d", &tm);
}

static void test_teardown(void)
{
	answer_release();
}

/* The webview user's access token, from a successful login of user (static). */
static const char *login_token(const char *user, const char *product)
{
	static char redirect[2048];
	char fields[256];
	const char *t;

	snprintf(fields, sizeof(fields), "AC-DEMO|%s||%s", user, product);
	call_sealed(LOGIN, DEMO, "login-request", fields, SEALED);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_str_eq(answer_code("login-response", redirect, sizeof(redirect)), "00");
	t = strstr(redirect, "access_token=");
	ck_assert_ptr_nonnull(t);
	return t + strlen("access_token=");
}

/* ---- the sealed gateway: login, commit, check commit result ---- */

typedef struct gateway_case {
	const char *label;
	const char *before;       /* a sealed commit of these fields first, or NULL */
	const char *fault;        /* a fault armed first (POST /__gtd/faults), or NULL */
	const char *target, *headers, *schema, *fields;
	mangle mangle;
	int status;
	const char *code;         /* the error code in the sealed answer, NULL: none */
	const char *open_fails;   /* the answer must fail to open at this step */
	const char *check;        /* a journal check that must have failed, or NULL */
	const char *partner;      /* the journal's partner, or NULL: none */
} gateway_case;

#define LOGIN_OK "AC-DEMO|u1|dual|flight"

static const gateway_case gateway_cases[] = {
	/* The gateway's key and access code headers. */
	{"login without apikey", NULL, NULL, LOGIN, "x-ibe-req-name: AC-DEMO", "login-request",
	 LOGIN_OK, SEALED, 401, NULL, NULL, "apikey", NULL},
	{"login with an empty apikey", NULL, NULL, LOGIN, "apikey: \nx-ibe-req-name: AC-DEMO",
	 "login-request", LOGIN_OK, SEALED, 401, NULL, NULL, "apikey", NULL},
	{"login with an unknown apikey", NULL, NULL, LOGIN, "apikey: key-nobody\nx-ibe-req-name: AC-DEMO",
	 "login-request", LOGIN_OK, SEALED, 401, NULL, NULL, "apikey", NULL},
	{"login with another partner's apikey", NULL, NULL, LOGIN,
	 "apikey: key-other\nx-ibe-req-name: AC-OTHER", "login-request", LOGIN_OK, SEALED, 200, "06",
	 NULL, "access-code", "other"},
	{"login without x-ibe-req-name is served", NULL, NULL, LOGIN, "apikey: key-demo",
	 "login-request", LOGIN_OK, SEALED, 200, "00", NULL, "x-ibe-req-name", "demo"},
	{"login without x-ibe-req-name, strict partner", NULL, NULL, LOGIN, "apikey: key-strict",
	 "login-request", "AC-STRICT|u1||flight", SEALED, 401, NULL, NULL, "x-ibe-req-name", "strict"},
	{"login with a wrong x-ibe-req-name", NULL, NULL, LOGIN, "apikey: key-demo\nx-ibe-req-name: AC-NOPE",
	 "login-request", LOGIN_OK, SEALED, 200, "06", NULL, "x-ibe-req-name", "demo"},
	{"login with a wrong access code inside", NULL, NULL, LOGIN, DEMO, "login-request",
	 "AC-NOPE|u1|dual|flight", SEALED, 200, "06", NULL, "access-code", "demo"},
	{"login of a partner without keys", NULL, NULL, LOGIN, "apikey: key-keyless\nx-ibe-req-name: AC-KEYLESS",
	 "login-request", "AC-KEYLESS|u1||flight", SEALED, 403, NULL, NULL, "keys", "keyless"},
	{"login of a partner whose emulator key is damaged", NULL, NULL, LOGIN,
	 "apikey: key-damaged\nx-ibe-req-name: AC-DAMAGED", "login-request", "AC-DAMAGED|u1||flight",
	 SEALED, 403, NULL, NULL, "keys", "damaged"},
	{"login of a partner not activated", NULL, NULL, LOGIN, "apikey: key-sleepy\nx-ibe-req-name: AC-SLEEPY",
	 "login-request", "AC-SLEEPY|u1||flight", SEALED, 200, "03", NULL, "account", "sleepy"},
	{"login of a disabled partner", NULL, NULL, LOGIN, "apikey: key-gone\nx-ibe-req-name: AC-GONE",
	 "login-request", "AC-GONE|u1||flight", SEALED, 200, "03", NULL, "account", "gone"},
	/* The body, before any decryption. */
	{"login with an empty body", NULL, NULL, LOGIN, DEMO, NULL, "", RAW, 400, NULL, NULL, "body", "demo"},
	{"login with a body that is not JSON", NULL, NULL, LOGIN, DEMO, NULL, "{\"key\": ", RAW, 400, NULL,
	 NULL, "body", "demo"},
	{"login with a JSON array", NULL, NULL, LOGIN, DEMO, NULL, "[\"key\", \"data\"]", RAW, 400, NULL,
	 NULL, "body", "demo"},
	{"login without data", NULL, NULL, LOGIN, DEMO, NULL, "{\"key\": \"abc\"}", RAW, 400, NULL, NULL,
	 "body", "demo"},
	{"login with a key that is a number", NULL, NULL, LOGIN, DEMO, NULL, "{\"key\": 1, \"data\": \"abc\"}",
	 RAW, 400, NULL, NULL, "body", "demo"},
	/* Each step of opening the envelope. */
	{"login with an empty key", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK, EMPTY_KEY, 200,
	 "07", NULL, "input", "demo"},
	{"login with a key that is not base64", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK,
	 NOT_BASE64, 200, "05", NULL, "key-base64", "demo"},
	{"login with a truncated key", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK, CUT_KEY, 200,
	 "05", NULL, "rsa", "demo"},
	{"login encrypted for another key", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK,
	 WRONG_RECEIVER, 200, "05", NULL, "rsa", "demo"},
	{"login with truncated data", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK, CUT_DATA, 200,
	 "05", NULL, "3des", "demo"},
	{"login with a wrong signature", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK, BAD_SIGNATURE,
	 200, "04", NULL, "signature", "demo"},
	{"login signed with another key", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK, WRONG_SIGNER,
	 200, "04", NULL, "signature", "demo"},
	{"login with a query's two fields", NULL, NULL, LOGIN, DEMO, "query-trans-request", "AC-DEMO|u1",
	 SEALED, 200, "07", NULL, "field-count", "demo"},
	{"login with AIR as its product", NULL, NULL, LOGIN, DEMO, "commit-request", "AC-DEMO|u1||AIR",
	 SEALED, 200, "07", NULL, "field", "demo"},
	/* What login decides once the message opened. */
	{"login", NULL, NULL, LOGIN, DEMO, "login-request", LOGIN_OK, SEALED, 200, "00", NULL, NULL, "demo"},
	{"login for hotels, single layout", NULL, NULL, LOGIN, DEMO, "login-request",
	 "AC-DEMO|u1|single|hotel", SEALED, 200, "00", NULL, NULL, "demo"},
	{"login for a product not sold", NULL, NULL, LOGIN, "apikey: key-other\nx-ibe-req-name: AC-OTHER",
	 "login-request", "AC-OTHER|u1||hotel", SEALED, 200, "07", NULL, "product", "other"},
	{"login as gtd-err-02", NULL, NULL, LOGIN, DEMO, "login-request", "AC-DEMO|gtd-err-02||flight",
	 SEALED, 200, "02", NULL, NULL, "demo"},
	{"login as gtd-err-99", NULL, NULL, LOGIN, DEMO, "login-request", "AC-DEMO|gtd-err-99||flight",
	 SEALED, 200, "99", NULL, NULL, "demo"},
	{"login as gtd-err-42, no such code", NULL, NULL, LOGIN, DEMO, "login-request",
	 "AC-DEMO|gtd-err-42||flight", SEALED, 200, "00", NULL, NULL, "demo"},
	{"login as gtd-http-503", NULL, NULL, LOGIN, DEMO, "login-request", "AC-DEMO|gtd-http-503||flight",
	 SEALED, 503, NULL, NULL, NULL, "demo"},
	{"login as gtd-http-200, not an error", NULL, NULL, LOGIN, DEMO, "login-request",
	 "AC-DEMO|gtd-http-200||flight", SEALED, 200, "00", NULL, NULL, "demo"},
	{"login as gtd-http-5031, too long", NULL, NULL, LOGIN, DEMO, "login-request",
	 "AC-DEMO|gtd-http-5031||flight", SEALED, 200, "00", NULL, NULL, "demo"},
	{"magic values need the sealed checks first", NULL, NULL, LOGIN, DEMO, "login-request",
	 "AC-DEMO|gtd-http-503||flight", BAD_SIGNATURE, 200, "04", NULL, "signature", "demo"},
	/* Faults armed through the control API. */
	{"login under an HTTP fault", NULL, "{\"match\": {\"api\": \"login\"}, \"action\": {\"http\": 502}}",
	 LOGIN, DEMO, "login-request", LOGIN_OK, SEALED, 502, NULL, NULL, NULL, "demo"},
	{"login under a code fault", NULL, "{\"match\": {\"api\": \"login\"}, \"action\": {\"code\": \"09\"}}",
	 LOGIN, DEMO, "login-request", LOGIN_OK, SEALED, 200, "09", NULL, NULL, "demo"},
	{"a fault for another partner", NULL,
	 "{\"match\": {\"api\": \"login\", \"partner\": \"other\"}, \"action\": {\"http\": 502}}",
	 LOGIN, DEMO, "login-request", LOGIN_OK, SEALED, 200, "00", NULL, NULL, "demo"},
	{"login answer with a corrupted signature", NULL,
	 "{\"match\": {\"api\": \"login\"}, \"action\": {\"corrupt\": \"signature\"}}",
	 LOGIN, DEMO, "login-request", LOGIN_OK, SEALED, 200, NULL, "signature", "fault", "demo"},
	{"login answer with corrupted data", NULL,
	 "{\"match\": {\"api\": \"login\"}, \"action\": {\"corrupt\": \"data\"}}",
	 LOGIN, DEMO, "login-request", LOGIN_OK, SEALED, 200, NULL, "3des", "fault", "demo"},

	/* Commit. */
	{"commit", NULL, NULL, COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR", SEALED, 200, "00",
	 NULL, NULL, "demo"},
	{"commit without a partner_trans_id", NULL, NULL, COMMIT, DEMO, "commit-request", "AC-DEMO|$B||AIR",
	 SEALED, 200, "00", NULL, NULL, "demo"},
	{"commit twice", "AC-DEMO|$B|pay-1|AIR", NULL, COMMIT, DEMO, "commit-request",
	 "AC-DEMO|$B|pay-1|AIR", SEALED, 200, "08", NULL, NULL, "demo"},
	{"commit of an unknown booking", NULL, NULL, COMMIT, DEMO, "commit-request",
	 "AC-DEMO|ADCO2612010999|pay-1|AIR", SEALED, 200, "10", NULL, "booking", "demo"},
	{"commit of another partner's booking", NULL, NULL, COMMIT, DEMO, "commit-request",
	 "AC-DEMO|$O|pay-1|AIR", SEALED, 200, "10", NULL, "booking", "demo"},
	{"commit with the wrong product type", NULL, NULL, COMMIT, DEMO, "commit-request",
	 "AC-DEMO|$B|pay-1|HOTEL", SEALED, 200, "07", NULL, NULL, "demo"},
	{"commit as gtd-err-02", NULL, NULL, COMMIT, DEMO, "commit-request", "AC-DEMO|$B|gtd-err-02|AIR",
	 SEALED, 200, "02", NULL, NULL, "demo"},
	{"commit with a wrong signature", NULL, NULL, COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR",
	 BAD_SIGNATURE, 200, "04", NULL, "signature", "demo"},
	{"commit with a wrong access code inside", NULL, NULL, COMMIT, DEMO, "commit-request",
	 "AC-OTHER|$B|pay-1|AIR", SEALED, 200, "06", NULL, "access-code", "demo"},
	{"commit with truncated data", NULL, NULL, COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR",
	 CUT_DATA, 200, "05", NULL, "3des", "demo"},
	{"commit with a body that is not JSON", NULL, NULL, COMMIT, DEMO, NULL, "key=1&data=2", RAW, 400,
	 NULL, NULL, "body", "demo"},
	{"commit without apikey", NULL, NULL, COMMIT, "x-ibe-req-name: AC-DEMO", "commit-request",
	 "AC-DEMO|$B|pay-1|AIR", SEALED, 401, NULL, NULL, "apikey", NULL},
	{"commit under a fault for its booking", NULL,
	 "{\"match\": {\"api\": \"commit\", \"booking\": \"$B\"}, \"action\": {\"code\": \"01\"}}", COMMIT,
	 DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR", SEALED, 200, "01", NULL, NULL, "demo"},

	/* Check commit result. */
	{"query before the commit", NULL, NULL, QUERY, DEMO, "query-trans-request", "AC-DEMO|$B", SEALED, 200,
	 "09", NULL, NULL, "demo"},
	{"query after the commit", "AC-DEMO|$B|pay-1|AIR", NULL, QUERY, DEMO, "query-trans-request",
	 "AC-DEMO|$B", SEALED, 200, "00", NULL, NULL, "demo"},
	{"query of an unknown booking", NULL, NULL, QUERY, DEMO, "query-trans-request",
	 "AC-DEMO|HDCO2612010999", SEALED, 200, "10", NULL, "booking", "demo"},
	{"query of another partner's booking", NULL, NULL, QUERY, DEMO, "query-trans-request", "AC-DEMO|$O",
	 SEALED, 200, "10", NULL, "booking", "demo"},
	{"query signed with another key", NULL, NULL, QUERY, DEMO, "query-trans-request", "AC-DEMO|$B",
	 WRONG_SIGNER, 200, "04", NULL, "signature", "demo"},
	{"query with a truncated key", NULL, NULL, QUERY, DEMO, "query-trans-request", "AC-DEMO|$B", CUT_KEY,
	 200, "05", NULL, "rsa", "demo"},
	{"query with a wrong x-ibe-req-name", NULL, NULL, QUERY, "apikey: key-demo\nx-ibe-req-name: AC-OTHER",
	 "query-trans-request", "AC-DEMO|$B", SEALED, 200, "06", NULL, "x-ibe-req-name", "demo"},
	{"query with a commit's fields", NULL, NULL, QUERY, DEMO, "commit-request", "AC-DEMO|$B||AIR", SEALED,
	 200, "07", NULL, "field-count", "demo"},
	{"query without data", NULL, NULL, QUERY, DEMO, NULL, "{\"key\": \"abc\", \"data\": null}", RAW, 400,
	 NULL, NULL, "body", "demo"},
};

static const char *answer_schema(const char *target)
{
	return strcmp(target, LOGIN) == 0 ? "login-response"
	     : strcmp(target, COMMIT) == 0 ? "commit-response" : "query-trans-response";
}

static const char *api_of(const char *target)
{
	return strcmp(target, LOGIN) == 0 ? "login" : strcmp(target, COMMIT) == 0 ? "commit" : "query-trans";
}

START_TEST(test_gateway)
{
	const gateway_case *c = &gateway_cases[_i];
	char redirect[2048] = "";

	if (c->before) {
		call_sealed(COMMIT, DEMO, "commit-request", c->before, SEALED);
		ck_assert_int_eq(resp.status, 200);
		ck_assert_str_eq(answer_code("commit-response", NULL, 0), "00");
	}
	if (c->fault) {
		call("POST", "/__gtd/faults", NULL, c->fault);
		ck_assert_msg(resp.status == 201, "%s: the fault is refused: %s", c->label, body_text());
	}
	call_sealed(c->target, c->headers, c->schema, c->fields, c->mangle);
	ck_assert_msg(resp.status == c->status, "%s: HTTP %d, not %d: %s (%s)", c->label, resp.status,
		      c->status, body_text(), journal_str("why"));
	ck_assert_str_eq(journal_str("api"), api_of(c->target));
	if (c->partner)
		ck_assert_str_eq(journal_str("partner"), c->partner);
	else
		ck_assert_ptr_null(journal_str("partner"));
	if (c->check)
		ck_assert_msg(journal_check(c->check) == 0, "%s: the journal has no failed check %s",
			      c->label, c->check);
	if (c->code) {
		const char *code = answer_code(answer_schema(c->target), redirect, sizeof(redirect));

		ck_assert_msg(strcmp(code, c->code) == 0, "%s: error code %s, not %s (%s)", c->label, code,
			      c->code, journal_str("why"));
		ck_assert_str_eq(journal_str("error_code"), c->code);
	} else if (c->open_fails) {
		gtd_fields f;
		gtd_open_step step = open_answer(answer_schema(c->target), &f, NULL);

		ck_assert_str_eq(gtd_open_step_name(step), c->open_fails);
		gtd_fields_release(&f);
	} else {
		/* An HTTP error: the gateway's plain JSON, never an envelope. */
		ck_assert_ptr_nonnull(body_json);
		ck_assert_int_eq(cJSON_GetObjectItem(body_json, "status")->valueint, c->status);
		ck_assert_ptr_null(cJSON_GetObjectItem(body_json, "key"));
	}
	/* An error explains itself; success does not. */
	if (c->status >= 400 || (c->code && strcmp(c->code, "00") != 0))
		ck_assert_ptr_nonnull(mock_response_get_header(&resp, "X-Gtd-Explain"));
	else if (c->code)
		ck_assert_ptr_null(mock_response_get_header(&resp, "X-Gtd-Explain"));
	/* Whatever a refused call said, the partner's booking was not paid. */
	if (!c->before && (!c->code || strcmp(c->code, "00") != 0)) {
		call("GET", "/__gtd/bookings/$B", NULL, NULL);
		ck_assert_str_eq(json_str(cJSON_GetObjectItem(body_json, "bookingInfo"), "paymentStatus"),
				 "PENDING");
		ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(body_json, "committed")));
	}
	if (c->code && strcmp(c->target, LOGIN) == 0) {
		if (strcmp(c->code, "00") == 0)
			ck_assert_msg(strncmp(redirect, BASE_URL "/webview?access_token=",
					      strlen(BASE_URL "/webview?access_token=")) == 0, "%s", redirect);
		else
			ck_assert_str_eq(redirect, "");
	}
}
END_TEST

/* The problem with a partner's emulator key file, read when first
 * needed, whichever asks first: the refused call's journal entry and
 * answer, or the health's partner list. */
static void assert_damaged_key_named(const char *where, const char *text)
{
	ck_assert_msg(text && strstr(text, "the emulator's key pair (provision the partner): ") &&
		      strstr(text, data_path("inconsistent-private.pem")) &&
		      strstr(text, "values do not belong together"), "%s: %s", where, text ? text : "nothing");
}

static const char *health_problem_of(const char *id)
{
	const cJSON *p;

	call("GET", "/__gtd/health", NULL, NULL);
	ck_assert_int_eq(resp.status, 200);
	cJSON_ArrayForEach(p, cJSON_GetObjectItem(body_json, "partners"))
		if (strcmp(json_str(p, "id"), id) == 0)
			return json_str(p, "problem");
	ck_abort_msg("health lists no partner %s", id);
	return NULL;
}

START_TEST(test_damaged_emulator_key_is_named)
{
	int health_first = _i;

	if (health_first) {
		assert_damaged_key_named("health", health_problem_of("damaged"));
		ck_assert_ptr_null(health_problem_of("demo"));
	}
	call_sealed(LOGIN, "apikey: key-damaged\nx-ibe-req-name: AC-DAMAGED", "login-request",
		    "AC-DAMAGED|u1||flight", SEALED);
	ck_assert_int_eq(resp.status, 403);
	assert_damaged_key_named("journal", journal_str("why"));
	assert_damaged_key_named("answer", body_text());
	if (!health_first) {
		assert_damaged_key_named("health", health_problem_of("damaged"));
		ck_assert_ptr_null(health_problem_of("demo"));
	}
}
END_TEST

/* Without x-ibe-req-name a lenient partner is served, with a warning. */
START_TEST(test_missing_access_code_header_warns)
{
	call_sealed(LOGIN, "apikey: key-demo", "login-request", LOGIN_OK, SEALED);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_ptr_nonnull(mock_response_get_header(&resp, "X-Gtd-Warning"));
	call_sealed(LOGIN, DEMO, "login-request", LOGIN_OK, SEALED);
	ck_assert_ptr_null(mock_response_get_header(&resp, "X-Gtd-Warning"));
}
END_TEST

/* The journal never holds a secret in clear, whatever the answer. */
/* Answered or refused at any step, the journal shows no secret: not in
 * the headers, the fields, nor the signature data it verified. */
static const mangle masked_mangles[] = {SEALED, BAD_SIGNATURE, WRONG_SIGNER, CUT_DATA};

START_TEST(test_journal_masks_secrets)
{
	call_sealed(LOGIN, DEMO, "login-request", LOGIN_OK, masked_mangles[_i]);
	if (masked_mangles[_i] == BAD_SIGNATURE)
		ck_assert_ptr_nonnull(journal_str("signature_data"));
	ck_assert_ptr_nonnull(journal_str("apikey"));
	ck_assert_str_ne(journal_str("apikey"), "key-demo");
	{
		char *line = cJSON_PrintUnformatted(entry_json);

		ck_assert_ptr_null(strstr(line, "key-demo"));
		ck_assert_ptr_null(strstr(line, "AC-DEMO"));
		free(line);
	}
}
END_TEST

/* A client's path, query and headers are bytes, not always UTF-8 (curl
 * sends %ff as it is, and the server decodes it to the byte 0xFF).  The
 * journal line is UTF-8 JSON all the same, and keeps the bytes in hex. */
static const struct bytes_case {
	const char *label, *target, *headers;
	const char *member;   /* the journal's member that holds them */
	const char *raw;      /* what it would hold, were the line not JSON */
	int masked;           /* a secret: the journal holds raw masked */
} bytes_cases[] = {
	{"a byte 0xFF in the path", "/api/products/booking-detail\xff", DEMO, "path",
	 "/api/products/booking-detail\xff", 0},
	{"a cut 3-byte sequence in a query argument",
	 "/api/products/booking-detail?booking_number=ADCO\xe2\x82", DEMO, "booking", "ADCO\xe2\x82", 0},
	{"an overlong '/' in a query argument",
	 "/api/products/booking-detail?booking_number=\xc0\xaf", DEMO, "booking", "\xc0\xaf", 0},
	{"a surrogate and a byte 0xFF in a header",
	 "/api/products/booking-detail?booking_number=$B", "apikey: \xed\xa0\x80key-demo-longer\xff",
	 "apikey", "\xed\xa0\x80key-demo-longer\xff", 1},
	{"all of them at once",
	 "/api/products/booking-detail\xed\xb0\x80?booking_number=\xe2\x82", "apikey: \xc0\xaf\xff",
	 "path", "/api/products/booking-detail\xed\xb0\x80", 0},
};

static char *hex_of(const char *s)
{
	char *out = malloc(2 * strlen(s) + 1);
	size_t i;

	ck_assert_ptr_nonnull(out);
	for (i = 0; s[i]; i++)
		sprintf(out + 2 * i, "%02x", (unsigned char)s[i]);
	out[2 * i] = '\0';
	return out;
}

START_TEST(test_journal_is_utf8)
{
	const struct bytes_case *c = &bytes_cases[_i];
	char hexkey[64], *line, *want = c->masked ? gtd_mask_secret(c->raw) : strdup(c->raw), *hex;

	call("GET", c->target, c->headers, NULL);
	ck_assert_ptr_nonnull(entry_json);
	line = cJSON_PrintUnformatted(entry_json);
	ck_assert_msg(gtd_utf8_valid(line, strlen(line), NULL), "%s: not UTF-8: %s", c->label, line);
	free(line);
	/* The bytes (masked, for a secret) are kept; the text stands for them. */
	ck_assert(!gtd_utf8_valid(want, strlen(want), NULL));
	snprintf(hexkey, sizeof(hexkey), "%s_raw_hex", c->member);
	hex = hex_of(want);
	ck_assert_msg(journal_str(hexkey) && strcmp(journal_str(hexkey), hex) == 0, "%s: %s is %s, not %s",
		      c->label, hexkey, journal_str(hexkey) ? journal_str(hexkey) : "(none)", hex);
	ck_assert_ptr_nonnull(strstr(journal_str(c->member), "\xef\xbf\xbd"));
	free(hex);
	free(want);
	/* What the control API gives back is UTF-8 too. */
	call("GET", "/__gtd/journal", NULL, NULL);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_msg(gtd_utf8_valid(body_text(), resp.body.len, NULL), "%s: GET /__gtd/journal: %s",
		      c->label, body_text());
}
END_TEST

/* The gateway answers a wrong method 404 like an unknown path, and so
 * does every route of its table under a method it does not have. */
static const struct route_case {
	const char *method, *target;
} unrouted[] = {
	{"GET", LOGIN},
	{"PUT", COMMIT},
	{"GET", QUERY},
	{"POST", "/api/partner/place-order"},
	{"DELETE", "/api/products/booking-detail"},
	{"GET", "/api/partner/logout"},
	{"POST", "/"},
	{"GET", "/api/partner/login/"},
	{"GET", "/__gtd/bookings/"},
	{"PUT", "/__gtd/reset"},
	{"POST", "/webview"},
	{"GET", "/webview/booking/"},
};

START_TEST(test_no_route)
{
	call(unrouted[_i].method, unrouted[_i].target, DEMO, "");
	ck_assert_int_eq(resp.status, 404);
	ck_assert_ptr_null(journal_str("api"));
	ck_assert_ptr_nonnull(journal_str("why"));
	ck_assert_int_eq(cJSON_GetObjectItem(body_json, "status")->valueint, 404);
	ck_assert_ptr_nonnull(mock_response_get_header(&resp, "X-Gtd-Explain"));
}
END_TEST

/* The sealed calls swept for out of memory. */
static const struct oom_case {
	const char *target, *schema, *fields;
} oom_cases[] = {
	{LOGIN, "login-request", LOGIN_OK},
	{COMMIT, "commit-request", "AC-DEMO|$B|pay-1|AIR"},
	{QUERY, "query-trans-request", "AC-DEMO|$B"},
};

/* Which fields of the last answer (which must open) are not empty, as
 * bits; its error code into code. */
static unsigned answer_fields(const char *schema, char code[3])
{
	char why[GTD_ERR_MSG_MAX];
	gtd_fields f;
	gtd_open_step step = open_answer(schema, &f, why);
	unsigned bits = 0;
	size_t i;

	ck_assert_msg(step == GTD_OPEN_OK, "the %s answer fails at %s: %s", schema,
		      gtd_open_step_name(step), why);
	for (i = 0; i < f.schema->nfields; i++)
		if (f.v[i] && *f.v[i])
			bits |= 1u << i;
	snprintf(code, 3, "%s", gtd_fields_get(&f, "error_code"));
	gtd_fields_release(&f);
	return bits;
}

/* Fails each allocation a sealed call makes in turn (sqlite's countdown),
 * from a fresh booking each time.  The mock never crashes or leaks;
 * whenever opening the envelope ran out of memory it answers 99; an answer
 * with the code of the run without failures has all of that run's fields
 * (never a 00 without its redirect_url or return_url). */
START_TEST(test_out_of_memory)
{
	const struct oom_case *c = &oom_cases[_i];
	const char *answer = answer_schema(c->target);
	char code[3], want_code[3];
	unsigned long n;
	unsigned want;
	int internal = 0;

	if (!failmalloc_available()) {
		fprintf(stderr, "check_api: the linker cannot wrap malloc; countdown skipped\n");
		return;
	}
	for (n = 0;; n++) {
		char *body;

		make_booking("demo", booking_demo);
		body = seal_body(c->schema, c->fields, SEALED);
		fail_at = n;
		call("POST", c->target, DEMO, body);
		fail_at = 0;
		free(body);
		ck_assert_int_ge(resp.status, 200);
		ck_assert_int_le(resp.status, 599);
		if (n == 0) {
			ck_assert_int_eq(resp.status, 200);
			want = answer_fields(answer, want_code);
			continue;
		}
		if (!fail_hit) {
			ck_assert_int_eq(resp.status, 200);
			ck_assert_uint_eq(answer_fields(answer, code), want);
			ck_assert_str_eq(code, want_code);
			break;
		}
		if (entry_json && journal_check("internal") == 0) {
			internal++;
			ck_assert_int_eq(resp.status, 200);
			answer_fields(answer, code);
			ck_assert_msg(strcmp(code, "99") == 0, "%s, allocation %lu: out of memory opening "
				      "the envelope answered %s", c->target, n, code);
		} else if (resp.status == 200 && (answer_fields(answer, code) & want) != want) {
			ck_assert_msg(strcmp(code, want_code) != 0, "%s, allocation %lu: %s without all "
				      "its fields (%#x, not %#x)", c->target, n, code,
				      answer_fields(answer, code), want);
		}
	}
	/* Opening a message makes at least nine allocations. */
	ck_assert_int_ge(internal, 9);
}
END_TEST

/* The dashboard's reads under the same countdown: each failed allocation
 * is a 200 or a 500, never a crash or a leak, and the run without a
 * failure answers what the first did. */
static const char *const dashboard_reads[] = {
	"/__gtd/bookings?pretty=1", "/__gtd/journal?limit=3&api=bookings-create", "/__gtd/journal/",
	"/__gtd/outbox", "/__gtd/outbox/", "/__gtd/ui", "/", "/__gtd/faults",
};   /* a path (but /) ending in '/' is followed by an id */

START_TEST(test_dashboard_out_of_memory)
{
	char target[512], id[256];
	unsigned long n;
	size_t len = 0;
	int first = 0;

	if (!failmalloc_available()) {
		fprintf(stderr, "check_api: the linker cannot wrap malloc; countdown skipped\n");
		return;
	}
	call("POST", "/__gtd/faults", NULL, "{\"match\": {\"api\": \"commit\"}, \"action\": {\"http\": 503}}");
	ck_assert_int_eq(resp.status, 201);
	/* The id a path names: the hold's e-mail, or the booking's creation. */
	call("GET", strstr(dashboard_reads[_i], "outbox") ? "/__gtd/outbox" : "/__gtd/journal?limit=1&api=bookings-create",
	     NULL, NULL);
	ck_assert_int_eq(resp.status, 200);
	if (strstr(dashboard_reads[_i], "outbox"))
		snprintf(id, sizeof(id), "%s", cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(body_json, 0), "id")));
	else
		snprintf(id, sizeof(id), "%.0f", cJSON_GetObjectItem(cJSON_GetArrayItem(body_json, 0), "id")->valuedouble);
	snprintf(target, sizeof(target), "%s%s", dashboard_reads[_i],
		 strlen(dashboard_reads[_i]) > 1 && dashboard_reads[_i][strlen(dashboard_reads[_i]) - 1] == '/' ? id : "");
	for (n = 0;; n++) {
		fail_at = n;
		call("GET", target, NULL, NULL);
		fail_at = 0;
		if (n == 0) {
			ck_assert_msg(resp.status == 200, "%s: HTTP %d", target, resp.status);
			first = resp.status;
			len = resp.body.len;
			continue;
		}
		if (!fail_hit) {
			ck_assert_int_eq(resp.status, first);
			/* The same answer but for what changes between two calls. */
			if (!strstr(target, "journal?") && !strstr(target, "bookings"))
				ck_assert_uint_eq(resp.body.len, len);
			break;
		}
		/* Reading a message, a failure inside libc (fopen) or the subject's
		 * decoder reads as a file that is not one of ours: not listed, 404. */
		ck_assert_msg(resp.status == 200 || resp.status == 500 ||
			      (resp.status == 404 && strstr(target, "/outbox/")), "%s, allocation %lu: HTTP %d", target, n,
			      resp.status);
	}
	ck_assert_uint_gt(n, 1);
}
END_TEST

/* ---- booking detail: the apikey only ---- */

static const struct detail_case {
	const char *label, *target, *headers;
	int status;
	const char *check;   /* a failed journal check, or NULL */
} detail_cases[] = {
	{"detail without apikey", "/api/products/booking-detail?booking_number=$B", NULL, 401, "apikey"},
	{"detail with an unknown apikey", "/api/products/booking-detail?booking_number=$B",
	 "apikey: key-nobody", 401, "apikey"},
	{"detail without booking_number", "/api/products/booking-detail", DEMO, 400, NULL},
	{"detail with an empty booking_number", "/api/products/booking-detail?booking_number=", DEMO, 400,
	 NULL},
	{"detail of an unknown booking", "/api/products/booking-detail?booking_number=ADCO2612010999", DEMO,
	 404, NULL},
	{"detail of another partner's booking", "/api/products/booking-detail?booking_number=$O", DEMO, 404,
	 NULL},
	{"detail of the partner's booking", "/api/products/booking-detail?booking_number=$B", DEMO, 200, NULL},
	{"detail needs no access code", "/api/products/booking-detail?booking_number=$B", "apikey: key-demo",
	 200, NULL},
};

START_TEST(test_booking_detail)
{
	const struct detail_case *c = &detail_cases[_i];

	call("GET", c->target, c->headers, NULL);
	ck_assert_msg(resp.status == c->status, "%s: HTTP %d: %s", c->label, resp.status, body_text());
	ck_assert_str_eq(journal_str("api"), "booking-detail");
	if (c->check)
		ck_assert_int_eq(journal_check(c->check), 0);
	if (c->status == 200) {
		ck_assert_str_eq(json_str(body_json, "bookingNumber"), booking_demo);
		ck_assert_str_eq(journal_str("partner"), "demo");
		ck_assert_ptr_nonnull(cJSON_GetObjectItem(entry_json, "after"));
		/* The gateway's view: not the control API's owner. */
		ck_assert_ptr_null(cJSON_GetObjectItem(body_json, "partner"));
	} else {
		ck_assert_int_eq(cJSON_GetObjectItem(body_json, "status")->valueint, c->status);
	}
}
END_TEST

/* ---- the webview user's token: place order and the webview ---- */

typedef enum token_use {
	NO_TOKEN,
	QUERY_TOKEN,     /* ?access_token=T (appended to the target) */
	BEARER_TOKEN,    /* Authorization: Bearer T */
	FORGED_TOKEN,    /* T with its signature changed */
	EXPIRED_TOKEN,   /* T after the clock moved two hours */
} token_use;

typedef struct token_case {
	const char *label, *method, *target;
	token_use token;
	const char *body;
	int status;
	const char *has;      /* in the body (or the Location header of a redirect), or NULL */
	const char *api;      /* the journal's api */
} token_case;

#define PLACE "/api/partner/place-order"

static const token_case token_cases[] = {
	/* Place order. */
	{"place order without a token", "GET", PLACE "?bookingNumber=$B", NO_TOKEN, NULL, 401, NULL,
	 "place-order"},
	{"place order with a forged token", "GET", PLACE "?bookingNumber=$B", FORGED_TOKEN, NULL, 401, NULL,
	 "place-order"},
	{"place order with an expired token", "GET", PLACE "?bookingNumber=$B", EXPIRED_TOKEN, NULL, 401,
	 NULL, "place-order"},
	{"place order", "GET", PLACE "?bookingNumber=$B", QUERY_TOKEN, NULL, 200, PAY_URL "?key=",
	 "place-order"},
	{"place order, bearer token", "GET", PLACE "?bookingNumber=$B", BEARER_TOKEN, NULL, 200,
	 PAY_URL "?key=", "place-order"},
	{"place order without bookingNumber", "GET", PLACE, BEARER_TOKEN, NULL, 400, "missing bookingNumber",
	 "place-order"},
	{"place order of another partner's booking", "GET", PLACE "?bookingNumber=$O", BEARER_TOKEN, NULL,
	 404, "booking not found", "place-order"},
	{"place order of an unknown booking", "GET", PLACE "?bookingNumber=ADCO2612010999", BEARER_TOKEN,
	 NULL, 404, "booking not found", "place-order"},
	/* The webview's pages and JSON calls. */
	{"webview home without a token", "GET", "/webview", NO_TOKEN, NULL, 401, NULL, "webview-home"},
	{"webview home with a forged token", "GET", "/webview", FORGED_TOKEN, NULL, 401, NULL, "webview-home"},
	{"webview home", "GET", "/webview", QUERY_TOKEN, NULL, 200, "<form", "webview-home"},
	{"flight results", "GET", "/webview/flights?from=HAN&to=SGN&date=$D&pax=1", QUERY_TOKEN, NULL, 200,
	 "offer=", "webview-flights"},
	{"flight results without a token", "GET", "/webview/flights?from=HAN&to=SGN&date=$D", NO_TOKEN, NULL,
	 401, NULL, "webview-flights"},
	{"flight results from nowhere", "GET", "/webview/flights?from=XXX&to=SGN&date=$D", QUERY_TOKEN, NULL,
	 400, NULL, "webview-flights"},
	{"hotel results", "GET", "/webview/hotels?city=HAN&checkin=$H&nights=2&pax=1", QUERY_TOKEN, NULL,
	 200, "offer=", "webview-hotels"},
	{"hotel results without a token", "GET", "/webview/hotels?city=HAN&checkin=$H&nights=2", NO_TOKEN,
	 NULL, 401, NULL, "webview-hotels"},
	{"travellers form without a token", "GET", "/webview/travellers?offer=x&pax=1", NO_TOKEN, NULL, 401,
	 NULL, "webview-travellers"},
	{"travellers form for no offer", "GET", "/webview/travellers?offer=nothing&pax=1", QUERY_TOKEN, NULL,
	 400, NULL, "webview-travellers"},
	{"hold without a token", "POST", "/webview/hold", NO_TOKEN, "offer=x&pax=1", 401, NULL, "webview-hold"},
	{"hold of no offer", "POST", "/webview/hold", BEARER_TOKEN, "offer=nothing&pax=1", 400, NULL,
	 "webview-hold"},
	{"booking page without a token", "GET", "/webview/booking/$B", NO_TOKEN, NULL, 401, NULL, "webview-booking"},
	{"booking page of another user's booking", "GET", "/webview/booking/$B", QUERY_TOKEN, NULL, 404, NULL,
	 "webview-booking"},
	{"pay without a token", "GET", "/webview/pay?bookingNumber=$B", NO_TOKEN, NULL, 401, NULL,
	 "webview-pay"},
	{"pay", "GET", "/webview/pay?bookingNumber=$B", QUERY_TOKEN, NULL, 302, PAY_URL "?key=",
	 "webview-pay"},
	{"pay for another partner's booking", "GET", "/webview/pay?bookingNumber=$O", QUERY_TOKEN, NULL, 404,
	 NULL, "webview-pay"},
	{"result page needs no token", "GET", "/webview/result/$B", NO_TOKEN, NULL, 200, "data-status=\"BOOKED\"",
	 "webview-result"},
	{"result page of an unknown booking", "GET", "/webview/result/ADCO2612010999", NO_TOKEN, NULL, 404,
	 NULL, "webview-result"},
	{"flight search", "GET", "/webview/api/flights?from=HAN&to=SGN&date=$D", BEARER_TOKEN, NULL, 200,
	 "\"offers\"", "webview-api-flights"},
	{"flight search without a token", "GET", "/webview/api/flights?from=HAN&to=SGN&date=$D", NO_TOKEN,
	 NULL, 401, NULL, "webview-api-flights"},
	{"flight search without a date", "GET", "/webview/api/flights?from=HAN&to=SGN", BEARER_TOKEN, NULL,
	 400, NULL, "webview-api-flights"},
	{"hotel search", "GET", "/webview/api/hotels?city=HAN&checkin=$H&nights=2", BEARER_TOKEN, NULL, 200,
	 "\"offers\"", "webview-api-hotels"},
	{"hotel search with an expired token", "GET", "/webview/api/hotels?city=HAN&checkin=$H&nights=2",
	 EXPIRED_TOKEN, NULL, 401, NULL, "webview-api-hotels"},
	{"book without a token", "POST", "/webview/api/bookings", NO_TOKEN, "{}", 401, NULL, "webview-api-book"},
	{"book with a body that is not JSON", "POST", "/webview/api/bookings", BEARER_TOKEN, "offer=1", 400,
	 NULL, "webview-api-book"},
	{"book no offer", "POST", "/webview/api/bookings", BEARER_TOKEN,
	 "{\"offer\": \"nothing\", \"travellers\": [{\"firstName\": \"Binh\", \"lastName\": \"Tran\", "
	 "\"phoneNumber\": \"0912345678\", \"email\": \"binh@example.vn\"}]}", 400, NULL, "webview-api-book"},
	{"booking JSON without a token", "GET", "/webview/api/bookings/$B", NO_TOKEN, NULL, 401, NULL,
	 "webview-api-booking"},
	{"booking JSON of another user's booking", "GET", "/webview/api/bookings/$B", BEARER_TOKEN, NULL, 404,
	 NULL, "webview-api-booking"},
	/* The demo partner's payment page is there with --demo only. */
	{"demo payment page without --demo", "GET", "/demo-partner/pay?key=a&data=b", NO_TOKEN, NULL, 404,
	 NULL, "demo-pay-page"},
	{"demo payment without --demo", "POST", "/demo-partner/pay", NO_TOKEN, "key=a&data=b&outcome=pay",
	 404, NULL, "demo-pay"},
	/* The B2B portal's activation link. */
	{"activation page of an unknown token", "GET", "/portal/activate?token=nothing", NO_TOKEN, NULL, 404,
	 NULL, "portal-page"},
	{"activation page", "GET", "/portal/activate?token=" SLEEPY_TOKEN, NO_TOKEN, NULL, 200,
	 "name=\"token\"", "portal-page"},
	{"activation without a store", "POST", "/portal/activate", NO_TOKEN, "token=" SLEEPY_TOKEN, 404, NULL,
	 "portal-activate"},
};

START_TEST(test_token_routes)
{
	const token_case *c = &token_cases[_i];
	char target[4096], headers[4096] = "", token[2048] = "";
	const char *shown;

	if (c->token != NO_TOKEN)
		snprintf(token, sizeof(token), "%s", login_token("u1", "flight"));
	if (c->token == FORGED_TOKEN)
		token[strlen(token) - 2] = token[strlen(token) - 2] == 'A' ? 'B' : 'A';
	if (c->token == EXPIRED_TOKEN) {
		call("POST", "/__gtd/clock/advance", NULL, "{\"seconds\": 7200}");
		ck_assert_int_eq(resp.status, 200);
	}
	if (c->token == NO_TOKEN || c->token == BEARER_TOKEN)
		snprintf(target, sizeof(target), "%s", c->target);
	else
		snprintf(target, sizeof(target), "%s%caccess_token=%s", c->target,
			 strchr(c->target, '?') ? '&' : '?', token);
	if (c->token == BEARER_TOKEN)
		snprintf(headers, sizeof(headers), "Authorization: Bearer %s", token);
	call(c->method, target, headers, c->body);
	ck_assert_msg(resp.status == c->status, "%s: HTTP %d, not %d: %.300s (%s)", c->label, resp.status,
		      c->status, body_text(), journal_str("why"));
	ck_assert_str_eq(journal_str("api"), c->api);
	if (c->status == 401)
		ck_assert_int_eq(journal_check("token"), 0);
	if (c->token != NO_TOKEN && c->token != FORGED_TOKEN && c->token != EXPIRED_TOKEN &&
	    strncmp(c->api, "portal-", 7) != 0) {
		ck_assert_int_eq(journal_check("token"), 1);
		/* The user's partner, also when the page ran another call. */
		ck_assert_msg(journal_str("partner") && strcmp(journal_str("partner"), "demo") == 0,
			      "%s: the journal names partner %s", c->label,
			      journal_str("partner") ? journal_str("partner") : "(none)");
	}
	shown = c->status == 302 ? mock_response_get_header(&resp, "Location")
	      : body_json && json_str(body_json, "result") ? json_str(body_json, "result") : body_text();
	ck_assert_ptr_nonnull(shown);
	if (c->has)
		ck_assert_msg(strstr(shown, c->has) != NULL, "%s: no %s in %.300s", c->label, c->has, shown);
	if (c->status >= 400)
		ck_assert_ptr_nonnull(mock_response_get_header(&resp, "X-Gtd-Explain"));
}
END_TEST

/* ---- the control API: loopback, or --control-token ---- */

typedef struct control_case {
	const char *label, *method, *target, *body;
	int loopback;
	const char *control_token;   /* gtd-mock --control-token, or NULL */
	const char *header;          /* the X-Gtd-Control-Token sent, or NULL */
	int status;
	const char *has;             /* in the body, or NULL */
} control_case;

#define TOK "s3cret-token"
#define WITH_TOKEN 0, TOK, "X-Gtd-Control-Token: " TOK

static const control_case control_cases[] = {
	/* Who may call it. */
	{"health off loopback", "GET", "/__gtd/health", NULL, 0, NULL, NULL, 403, "--control-token"},
	{"health off loopback with a token nobody set", "GET", "/__gtd/health", NULL, 0, NULL,
	 "X-Gtd-Control-Token: " TOK, 403, NULL},
	{"health off loopback without the token", "GET", "/__gtd/health", NULL, 0, TOK, NULL, 403,
	 "X-Gtd-Control-Token"},
	{"health off loopback with a wrong token", "GET", "/__gtd/health", NULL, 0, TOK,
	 "X-Gtd-Control-Token: " TOK "x", 403, NULL},
	{"health off loopback with a prefix of the token", "GET", "/__gtd/health", NULL, 0, TOK,
	 "X-Gtd-Control-Token: s3cret", 403, NULL},
	{"health on loopback once a token is set", "GET", "/__gtd/health", NULL, 1, TOK, NULL, 403, NULL},
	{"health off loopback with the token", "GET", "/__gtd/health", NULL, WITH_TOKEN, 200, "\"status\":\"ok\""},
	{"health on loopback", "GET", "/__gtd/health", NULL, 1, NULL, NULL, 200, "\"id\":\"keyless\""},
	{"reset off loopback", "POST", "/__gtd/reset", NULL, 0, NULL, NULL, 403, NULL},
	{"bookings off loopback", "GET", "/__gtd/bookings/$B", NULL, 0, NULL, NULL, 403, NULL},
	{"journal off loopback", "GET", "/__gtd/journal", NULL, 0, TOK, "X-Gtd-Control-Token: nope", 403, NULL},
	/* Each route. */
	{"reset", "POST", "/__gtd/reset", NULL, WITH_TOKEN, 200, "\"reset\":true"},
	{"clock", "GET", "/__gtd/clock", NULL, WITH_TOKEN, 200, "\"offset_seconds\":0"},
	{"clock advance", "POST", "/__gtd/clock/advance", "{\"seconds\": 60}", WITH_TOKEN, 200,
	 "\"offset_seconds\":60"},
	{"clock advance by nothing", "POST", "/__gtd/clock/advance", "{\"seconds\": 0}", 1, NULL, NULL, 400, NULL},
	{"clock advance by text", "POST", "/__gtd/clock/advance", "{\"seconds\": \"60\"}", 1, NULL, NULL, 400,
	 NULL},
	{"clock advance, not JSON", "POST", "/__gtd/clock/advance", "60", 1, NULL, NULL, 400, NULL},
	{"clock advance past any time", "POST", "/__gtd/clock/advance", "{\"seconds\": 1e300}", 1, NULL, NULL,
	 400, "whole number from 1 to"},
	{"clock advance by a fraction", "POST", "/__gtd/clock/advance", "{\"seconds\": 1.5}", 1, NULL, NULL,
	 400, NULL},
	{"clock set past any time", "POST", "/__gtd/clock/set", "{\"offset_seconds\": -1e300}", 1, NULL, NULL,
	 400, NULL},
	{"fault of a fractional status", "POST", "/__gtd/faults", "{\"action\": {\"http\": 503.5}}", 1, NULL,
	 NULL, 400, "action.http"},
	{"fault of a huge seed", "POST", "/__gtd/faults", "{\"action\": {\"drop\": true}, \"seed\": 1e300}",
	 1, NULL, NULL, 400, "seed\\\" must be a whole number from 0 to 2^53"},
	{"fault of a huge count", "POST", "/__gtd/faults", "{\"action\": {\"drop\": true}, \"count\": 1e300}",
	 1, NULL, NULL, 400, "count\\\" must be a whole number from 1 to"},
	{"fault", "POST", "/__gtd/faults", "{\"match\": {\"api\": \"commit\"}, \"action\": {\"http\": 503}}",
	 1, NULL, NULL, 201, "\"id\":"},
	{"fault with no action", "POST", "/__gtd/faults", "{\"match\": {\"api\": \"commit\"}}", 1, NULL, NULL,
	 400, NULL},
	{"fault with an unknown code", "POST", "/__gtd/faults", "{\"action\": {\"code\": \"42\"}}", 1, NULL,
	 NULL, 400, NULL},
	{"fault, not JSON", "POST", "/__gtd/faults", "fault", 1, NULL, NULL, 400, NULL},
	{"faults", "GET", "/__gtd/faults", NULL, 1, NULL, NULL, 200, "[]"},
	{"faults cleared", "DELETE", "/__gtd/faults", NULL, 1, NULL, NULL, 200, "\"cleared\":true"},
	{"booking made", "POST", "/__gtd/bookings", "{\"partner\": \"demo\", \"product\": \"hotel\", "
	 "\"amount\": 2500000}", 1, NULL, NULL, 201, "\"bookingNumber\":\"HDCO"},
	{"booking for nobody", "POST", "/__gtd/bookings", "{}", 1, NULL, NULL, 400, NULL},
	{"booking for an unknown partner", "POST", "/__gtd/bookings", "{\"partner\": \"nobody\"}", 1, NULL,
	 NULL, 404, NULL},
	{"booking of a product nobody sells", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"product\": \"train\"}", 1, NULL, NULL, 400, NULL},
	{"booking of a fractional amount", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"amount\": 10.5}", 1, NULL, NULL, 400, NULL},
	{"booking of an amount no integer holds", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"amount\": 1e28}", 1, NULL, NULL, 400, "from 1 to 1000000000000"},
	{"booking of a negative amount", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"amount\": -1e28}", 1, NULL, NULL, 400, "VND from 1"},
	/* What the mailer would refuse is refused on the way in. */
	{"booking with CRLF in the surname", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"surname\": \"Tran\\r\\nBcc: x@example.com\"}", 1, NULL, NULL, 400,
	 "traveller 1: last name"},
	{"booking with CRLF in the e-mail", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"email\": \"a@example.vn\\r\\nBcc: x@example.com\"}", 1, NULL, NULL,
	 400, "traveller 1: e-mail address"},
	{"booking with a numeric surname", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"surname\": 7}", 1, NULL, NULL, 400, "surname\\\" must be a string"},
	{"booking with a Vietnamese surname", "POST", "/__gtd/bookings",
	 "{\"partner\": \"demo\", \"surname\": \"Nguyễn Thị Ánh\"}", 1, NULL, NULL, 201, "\"bookingNumber\""},
	{"booking, not JSON", "POST", "/__gtd/bookings", "partner=demo", 1, NULL, NULL, 400, NULL},
	{"booking", "GET", "/__gtd/bookings/$B", NULL, 1, NULL, NULL, 200, "\"partner\":\"demo\""},
	{"booking of another partner", "GET", "/__gtd/bookings/$O", NULL, 1, NULL, NULL, 200,
	 "\"partner\":\"other\""},
	{"unknown booking", "GET", "/__gtd/bookings/ADCO2612010999", NULL, 1, NULL, NULL, 404, NULL},
	{"booking with a tail", "GET", "/__gtd/bookings/$B/refund", NULL, 1, NULL, NULL, 404, NULL},
	{"booking cancelled", "POST", "/__gtd/bookings/$B/cancel", NULL, 1, NULL, NULL, 200, "CANCELLED"},
	{"unpaid booking refunded", "POST", "/__gtd/bookings/$B/refund", NULL, 1, NULL, NULL, 409, NULL},
	{"booking, unknown operation", "POST", "/__gtd/bookings/$B/delete", NULL, 1, NULL, NULL, 404, NULL},
	{"booking operation on no booking", "POST", "/__gtd/bookings/ADCO2612010999/cancel", NULL, 1, NULL,
	 NULL, 404, NULL},
	{"journal", "GET", "/__gtd/journal", NULL, 1, NULL, NULL, 200, "\"api\":\"bookings-create\""},
	{"journal of a partner", "GET", "/__gtd/journal?partner=nobody", NULL, 1, NULL, NULL, 200, "[]"},
	{"outbox", "GET", "/__gtd/outbox", NULL, 1, NULL, NULL, 200, "\"kind\":\"hold-ok\""},
	{"reload", "POST", "/__gtd/reload", NULL, 1, NULL, NULL, 200, "\"partners\":7"},
};

START_TEST(test_control)
{
	const control_case *c = &control_cases[_i];

	cfg.control_token = c->control_token;
	call_from(c->loopback, c->method, c->target, c->header, c->body);
	ck_assert_msg(resp.status == c->status, "%s: HTTP %d, not %d: %.300s", c->label, resp.status,
		      c->status, body_text());
	/* A control route's own name, or none for a path the mock lacks. */
	if (journal_str("api"))
		ck_assert_int_eq(gtd_api_by_name(journal_str("api"))->security, GTD_SEC_CONTROL);
	if (c->has)
		ck_assert_msg(strstr(body_text(), c->has) != NULL, "%s: no %s in %.300s", c->label, c->has,
			      body_text());
	if (c->status == 403) {
		ck_assert_int_eq(journal_check("control-token"), 0);
		ck_assert_int_eq(cJSON_GetObjectItem(body_json, "status")->valueint, 403);
	} else {
		ck_assert_int_eq(journal_check("control-token"), -1);
	}
	if (c->status >= 400)
		ck_assert_ptr_nonnull(mock_response_get_header(&resp, "X-Gtd-Explain"));
}
END_TEST

/* The dashboard under the control API's rule: refused, it is a page that
 * asks for the token, and nothing of the dashboard's own. */
static const struct {
	const char *label;
	int loopback;
	const char *control_token, *header;
	int status;
	const char *has, *lacks;
} ui_cases[] = {
	{"dashboard on loopback", 1, NULL, NULL, 200, "id=\"gtd-table\"", NULL},
	{"dashboard off loopback", 0, NULL, NULL, 403, "X-Gtd-Control-Token", "gtd-table"},
	{"dashboard off loopback, no token sent", 0, TOK, NULL, 403, "type=\"password\"", "pollJournal"},
	{"dashboard off loopback, a wrong token", 0, TOK, "X-Gtd-Control-Token: nope", 403, "sessionStorage",
	 "gtd-table"},
	{"dashboard on loopback once a token is set", 1, TOK, NULL, 403, "Open the dashboard", "gtd-table"},
	{"dashboard off loopback with the token", 0, TOK, "X-Gtd-Control-Token: " TOK, 200, "pollJournal", NULL},
	/* The landing page shows nothing but links: anyone may have it. */
	{"landing page off loopback", 0, TOK, NULL, 200, "href=\"/__gtd/ui\"", NULL},
	{"protocol off loopback", 0, TOK, NULL, 403, NULL, "## Endpoints"},
};

START_TEST(test_ui_access)
{
	const char *target = strstr(ui_cases[_i].label, "landing") ? "/"
			     : strstr(ui_cases[_i].label, "protocol") ? "/__gtd/protocol" : "/__gtd/ui";

	cfg.control_token = ui_cases[_i].control_token;
	call_from(ui_cases[_i].loopback, "GET", target, ui_cases[_i].header, NULL);
	ck_assert_msg(resp.status == ui_cases[_i].status, "%s: HTTP %d", ui_cases[_i].label, resp.status);
	if (ui_cases[_i].has)
		ck_assert_msg(strstr(body_text(), ui_cases[_i].has), "%s: no %s", ui_cases[_i].label, ui_cases[_i].has);
	if (ui_cases[_i].lacks)
		ck_assert_msg(!strstr(body_text(), ui_cases[_i].lacks), "%s: %s shows", ui_cases[_i].label,
			      ui_cases[_i].lacks);
	if (resp.status == 403)
		ck_assert_int_eq(journal_check("control-token"), 0);
	/* The token is never written into a page. */
	ck_assert_ptr_null(strstr(body_text(), TOK));
	cfg.control_token = NULL;
}
END_TEST

/* A refused control call changes nothing. */
START_TEST(test_control_refused_changes_nothing)
{
	call_from(0, "POST", "/__gtd/clock/advance", NULL, "{\"seconds\": 3600}");
	ck_assert_int_eq(resp.status, 403);
	call_from(0, "POST", "/__gtd/bookings/$B/cancel", NULL, NULL);
	ck_assert_int_eq(resp.status, 403);
	call("GET", "/__gtd/bookings/$B", NULL, NULL);
	ck_assert_str_eq(json_str(cJSON_GetObjectItem(body_json, "bookingInfo"), "status"), "BOOKED");
	call("GET", "/__gtd/clock", NULL, NULL);
	ck_assert_int_eq(cJSON_GetObjectItem(body_json, "offset_seconds")->valueint, 0);
}
END_TEST

/* A failed reload keeps the partners and says so. */
START_TEST(test_control_reload_fails)
{
	reload_result = -1;
	call("POST", "/__gtd/reload", NULL, NULL);
	ck_assert_int_eq(resp.status, 500);
	ck_assert_int_eq(cJSON_GetObjectItem(body_json, "partners")->valueint, -1);
	ck_assert_ptr_nonnull(strstr(journal_str("why"), "previous partners stay"));
	call_sealed(LOGIN, DEMO, "login-request", LOGIN_OK, SEALED);
	ck_assert_str_eq(answer_code("login-response", NULL, 0), "00");
}
END_TEST

/* Reset forgets bookings, faults and the clock. */
START_TEST(test_control_reset)
{
	call("POST", "/__gtd/faults", NULL, "{\"action\": {\"http\": 503}}");
	ck_assert_int_eq(resp.status, 201);
	call("POST", "/__gtd/clock/advance", NULL, "{\"seconds\": 600}");
	call("POST", "/__gtd/reset", NULL, NULL);
	ck_assert_int_eq(resp.status, 200);
	call("GET", "/__gtd/bookings/$B", NULL, NULL);
	ck_assert_int_eq(resp.status, 404);
	call("GET", "/__gtd/faults", NULL, NULL);
	ck_assert_int_eq(cJSON_GetArraySize(body_json), 0);
	call("GET", "/__gtd/clock", NULL, NULL);
	ck_assert_int_eq(cJSON_GetObjectItem(body_json, "offset_seconds")->valueint, 0);
}
END_TEST

/* ---- whole journeys ---- */

/* Search, book, pay and commit through the webview and the gateway, as a
 * user and the partner would; each step's answer feeds the next. */
START_TEST(test_webview_journey)
{
	char token[2048], target[4096], auth[2200], number[GTD_BOOKING_NUMBER_MAX], *body;
	const char *offer, *url, *k, *d;
	gtd_envelope env = {0};
	gtd_open_report rep;
	gtd_fields f;
	gtd_buf fields;

	snprintf(token, sizeof(token), "%s", login_token("traveller-7", "flight"));
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	call("GET", "/webview/api/flights?from=HAN&to=SGN&date=$D", auth, NULL);
	ck_assert_int_eq(resp.status, 200);
	offer = json_str(cJSON_GetArrayItem(cJSON_GetObjectItem(body_json, "offers"), 0), "offer");
	ck_assert_ptr_nonnull(offer);
	gtd_buf_init(&fields, 1 << 16);
	gtd_buf_printf(&fields, "{\"offer\": \"%s\", \"travellers\": [{\"firstName\": \"Binh\", "
		       "\"lastName\": \"Tran\", \"phoneNumber\": \"0912345678\", \"email\": "
		       "\"binh@example.vn\"}]}", offer);
	call("POST", "/webview/api/bookings", auth, gtd_buf_str(&fields));
	gtd_buf_release(&fields);
	ck_assert_msg(resp.status == 201, "%s", body_text());
	ck_assert_str_eq(json_str(body_json, "status"), "BOOKED");
	snprintf(number, sizeof(number), "%s", json_str(body_json, "bookingNumber"));
	/* The user's own booking, as a page and as JSON. */
	snprintf(target, sizeof(target), "/webview/api/bookings/%s", number);
	call("GET", target, auth, NULL);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_str_eq(json_str(body_json, "bookingNumber"), number);
	snprintf(target, sizeof(target), "/webview/booking/%s?access_token=%s", number, token);
	call("GET", target, NULL, NULL);
	ck_assert_int_eq(resp.status, 200);
	/* Place order: the partner opens the redirect's sealed place-order. */
	snprintf(target, sizeof(target), PLACE "?bookingNumber=%s", number);
	call("GET", target, auth, NULL);
	ck_assert_int_eq(resp.status, 200);
	url = json_str(body_json, "result");
	ck_assert_ptr_nonnull(url);
	k = strstr(url, "key=");
	d = strstr(url, "data=");
	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_nonnull(d);
	env.key = strndup(k + 4, strcspn(k + 4, "?&"));
	env.data = strdup(d + 5);
	ck_assert_int_eq(gtd_open(gtd_schema_find("place-order"), env.key, env.data, partner_priv,
				  emulator_pub, "AC-DEMO", &f, &rep), GTD_OK);
	ck_assert_str_eq(gtd_fields_get(&f, "booking_number"), number);
	ck_assert_str_eq(gtd_fields_get(&f, "product_type"), "AIR");
	ck_assert_int_gt(atoll(gtd_fields_get(&f, "total_amount")), 0);
	gtd_fields_release(&f);
	gtd_open_report_release(&rep);
	gtd_envelope_release(&env);
	/* The partner commits; the booking is paid and issued. */
	body = NULL;
	ck_assert_int_gt(asprintf(&body, "AC-DEMO|%s|pay-7|AIR", number), 0);
	call_sealed(COMMIT, DEMO, "commit-request", body, SEALED);
	free(body);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "00");
	ck_assert_str_eq(journal_str("booking"), number);
	ck_assert_ptr_nonnull(cJSON_GetObjectItem(entry_json, "before"));
	ck_assert_ptr_nonnull(cJSON_GetObjectItem(entry_json, "after"));
	snprintf(target, sizeof(target), "/api/products/booking-detail?booking_number=%s", number);
	call("GET", target, "apikey: key-demo", NULL);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_ptr_nonnull(strstr(body_text(), "\"paymentStatus\":\"SUCCEEDED\""));
	/* Paid: no second payment. */
	snprintf(target, sizeof(target), PLACE "?bookingNumber=%s", number);
	call("GET", target, auth, NULL);
	ck_assert_int_eq(resp.status, 400);
	ck_assert_ptr_nonnull(strstr(body_text(), "cannot be paid"));
}
END_TEST

/* A held booking expires at its time to live: commit says 02, the query
 * too, and the journal says why. */
START_TEST(test_commit_after_expiry)
{
	call("POST", "/__gtd/clock/advance", NULL, "{\"seconds\": 86400}");
	ck_assert_int_eq(resp.status, 200);
	call_sealed(COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR", SEALED);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "02");
	ck_assert_ptr_nonnull(strstr(journal_str("why"), "expired"));
	call_sealed(QUERY, DEMO, "query-trans-request", "AC-DEMO|$B", SEALED);
	ck_assert_str_eq(answer_code("query-trans-response", NULL, 0), "02");
}
END_TEST

/* Answers of each kind that outgrow a 64-byte body - JSON from cJSON
 * (health), JSON written with gtd_jw (the 404), an HTML page (portal), a
 * sealed answer - are a 500 that says why, in the journal and in
 * X-Gtd-Explain; never the first 64 bytes with the meant status. */
static const struct overflow_case {
	const char *target;
	int meant;
} overflows[] = {
	{"/__gtd/health", 200},
	{"/no/such/path", 404},
	{"/portal/activate?token=none", 404},
	{"/api/products/booking-detail?booking_number=$B", 200},
};

START_TEST(test_answer_overflow)
{
	const struct overflow_case *c = &overflows[_i];
	char meant[32];
	const char *why, *explain;

	body_max = 64;
	call("GET", c->target, DEMO, NULL);
	ck_assert_int_eq(resp.status, 500);
	ck_assert_str_eq(resp.content_type, "application/json");
	ck_assert_int_eq(cJSON_GetObjectItem(body_json, "status")->valueint, 500);
	ck_assert_str_eq(json_str(body_json, "message"), "the answer is larger than 64 bytes");
	why = journal_str("why");
	ck_assert_ptr_nonnull(why);
	snprintf(meant, sizeof(meant), "(HTTP %d)", c->meant);
	ck_assert_msg(strstr(why, meant), "why: %s", why);
	ck_assert_msg(strstr(why, "limit of 64 bytes"), "why: %s", why);
	explain = mock_response_get_header(&resp, "X-Gtd-Explain");
	ck_assert_ptr_nonnull(explain);
	ck_assert_str_eq(explain, why);
}
END_TEST

START_TEST(test_answer_out_of_memory)
{
	body_failed = 1;
	call("GET", "/__gtd/health", NULL, NULL);
	ck_assert_int_eq(resp.status, 500);
	ck_assert_str_eq(json_str(body_json, "message"), "out of memory writing the answer");
	ck_assert_ptr_nonnull(journal_str("why"));
	ck_assert_ptr_nonnull(strstr(journal_str("why"), "ran out of memory"));
}
END_TEST

/* ---- durability: a change the --state log cannot keep is not made ----- */

static char state_file[128];
static int disk_errno;   /* what the next state-log write fails with; 0: none */

static int full_disk(const char *op, const char *path)
{
	(void)op;
	return strcmp(path, state_file) == 0 ? disk_errno : 0;
}

static void durable_setup(void)
{
	gtd_err err;

	snprintf(state_file, sizeof(state_file), "%s.state", outbox);
	unlink(state_file);
	ck_assert_msg(mock_statelog_open(state_file, &state, &state.log, &err) == GTD_OK, "%s", err.msg);
	disk_errno = 0;
	gtd_fs_fault = full_disk;
}

static void durable_teardown(void)
{
	gtd_fs_fault = NULL;
	mock_statelog_close(state.log);
	state.log = NULL;
	unlink(state_file);
	/* What the next test sees as health: nothing failed. */
	state.state_problem[0] = '\0';
	state.mails_lost = 0;
}

/* Messages in the outbox. */
static size_t outbox_count(void)
{
	char dirname[128];
	DIR *d;
	struct dirent *e;
	size_t n = 0;

	snprintf(dirname, sizeof(dirname), "%s/new", outbox);
	if (!(d = opendir(dirname)))
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* The booking's three statuses as booking detail shows them (static). */
static const char *statuses_of(const char *number)
{
	static char out[96];
	char target[128];
	const cJSON *info;

	snprintf(target, sizeof(target), "/__gtd/bookings/%s", number);
	call("GET", target, NULL, NULL);
	ck_assert_int_eq(resp.status, 200);
	info = cJSON_GetObjectItem(body_json, "bookingInfo");
	if (!info)
		info = cJSON_GetObjectItem(cJSON_GetObjectItem(body_json, "result"), "bookingInfo");
	ck_assert_msg(info != NULL, "no bookingInfo in %s", body_text());
	snprintf(out, sizeof(out), "%s/%s/%s", json_str(info, "status"), json_str(info, "paymentStatus"),
		 json_str(info, "issuedStatus"));
	return out;
}

/* health's status, and its first problem in problem (when given). */
static const char *health_status(char *problem, size_t len)
{
	static char status[16];
	const cJSON *p;

	call("GET", "/__gtd/health", NULL, NULL);
	ck_assert_int_eq(resp.status, 200);
	snprintf(status, sizeof(status), "%s", json_str(body_json, "status"));
	p = cJSON_GetArrayItem(cJSON_GetObjectItem(body_json, "problems"), 0);
	if (problem)
		snprintf(problem, len, "%s", cJSON_IsString(p) ? p->valuestring : "");
	return status;
}

/* The demo partner's enforce_test_rules, for the test that sets it. */
static void enforce_rules(int on)
{
	const mock_partner *mp = mock_partners_by_id(state.partners, "demo");

	ck_assert_ptr_nonnull(mp);
	mp->rec->settings.enforce_test_rules = on;
}

/* Control bookings share one flight: the second ticket on it breaks the
 * "same flight" test rule.  Warned, committed; refused once enforced; a
 * repeated commit is not checked again. */
START_TEST(test_commit_checks_test_rules)
{
	char second[GTD_BOOKING_NUMBER_MAX], third[GTD_BOOKING_NUMBER_MAX];
	char fields[128];

	call_sealed(COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR", SEALED);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "00");
	ck_assert_int_eq(journal_check("test-rules"), -1);

	make_booking("demo", second);
	snprintf(fields, sizeof(fields), "AC-DEMO|%s|pay-2|AIR", second);
	call_sealed(COMMIT, DEMO, "commit-request", fields, SEALED);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "00");
	ck_assert_int_eq(journal_check("test-rules"), 0);
	ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(entry_json, "test_rule_warnings"));
	call_sealed(COMMIT, DEMO, "commit-request", fields, SEALED);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "08");
	ck_assert_int_eq(journal_check("test-rules"), -1);

	enforce_rules(1);
	make_booking("demo", third);
	snprintf(fields, sizeof(fields), "AC-DEMO|%s|pay-3|AIR", third);
	call_sealed(COMMIT, DEMO, "commit-request", fields, SEALED);
	enforce_rules(0);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "02");
	ck_assert_ptr_nonnull(strstr(journal_str("why"), "test rules"));
	ck_assert_str_eq(statuses_of(third), "BOOKED/PENDING/PENDING");
}
END_TEST

/* A fresh state replaying the file: the booking's statuses there, as
 * statuses_of() writes them (static). */
static const char *saved_statuses(const char *number)
{
	static char out[96];
	mock_state t;
	mock_statelog *l;
	gtd_booking *b;
	gtd_err err;

	char copy[160], *text;
	size_t len;

	/* Opening a log compacts it: a copy, so that the mock's stays its own. */
	snprintf(copy, sizeof(copy), "%s.copy", state_file);
	ck_assert_int_eq(gtd_file_read(state_file, 1 << 24, &text, &len, &err), GTD_OK);
	ck_assert_int_eq(gtd_file_write_atomic(copy, text, len, 0600, 0, &err), GTD_OK);
	free(text);
	ck_assert_int_eq(mock_state_init(&t, NULL, &err), GTD_OK);
	ck_assert_msg(mock_statelog_open(copy, &t, &l, &err) == GTD_OK, "%s", err.msg);
	unlink(copy);
	b = mock_booking_find(&t, number);
	ck_assert_ptr_nonnull(b);
	snprintf(out, sizeof(out), "%s/%s/%s", gtd_bstatus_name(b->status), gtd_pstatus_name(b->payment),
		 gtd_istatus_name(b->issued));
	mock_statelog_close(l);
	mock_state_release(&t);
	return out;
}

START_TEST(test_full_disk_commit_is_refused)
{
	char before[96], problem[GTD_ERR_MSG_MAX];
	size_t mails;

	/* The booking reaches the file before the disk fills. */
	call("POST", "/__gtd/clock/advance", NULL, "{\"seconds\": 1}");
	ck_assert_int_eq(resp.status, 200);
	snprintf(before, sizeof(before), "%s", statuses_of(booking_demo));
	mails = outbox_count();
	disk_errno = ENOSPC;
	call_sealed(COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR", SEALED);
	ck_assert_int_eq(resp.status, 503);
	ck_assert_msg(strstr(json_str(body_json, "message"), "No space left on device"), "%s",
		      json_str(body_json, "message"));
	ck_assert_msg(strstr(journal_str("why"), "the bookings are as they were, no e-mail sent"), "%s",
		      journal_str("why"));
	ck_assert_ptr_nonnull(strstr(mock_response_get_header(&resp, "X-Gtd-Explain"), state_file));
	/* Nothing happened: the booking, the outbox, the file. */
	ck_assert_str_eq(statuses_of(booking_demo), before);
	ck_assert_uint_eq(outbox_count(), mails);
	ck_assert_str_eq(health_status(problem, sizeof(problem)), "degraded");
	ck_assert_msg(strstr(problem, "No space left on device") && strstr(problem, state_file), "%s",
		      problem);
	disk_errno = 0;
	ck_assert_str_eq(saved_statuses(booking_demo), before);
	/* Room again: the same commit goes through, and health recovers. */
	call_sealed(COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR", SEALED);
	ck_assert_int_eq(resp.status, 200);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "00");
	ck_assert_uint_gt(outbox_count(), mails);
	ck_assert_str_eq(health_status(NULL, 0), "ok");
	snprintf(before, sizeof(before), "%s", statuses_of(booking_demo));
	ck_assert_str_ne(before, "");
	ck_assert_str_eq(saved_statuses(booking_demo), before);
	ck_assert_ptr_nonnull(strstr(before, "SUCCEEDED"));
}
END_TEST

START_TEST(test_full_disk_booking_is_not_created)
{
	double n;

	call("GET", "/__gtd/health", NULL, NULL);
	n = cJSON_GetObjectItem(body_json, "bookings")->valuedouble;
	disk_errno = EIO;
	call("POST", "/__gtd/bookings", NULL, "{\"partner\": \"demo\"}");
	ck_assert_int_eq(resp.status, 503);
	ck_assert_ptr_nonnull(strstr(json_str(body_json, "message"), "Input/output error"));
	disk_errno = 0;
	call("GET", "/__gtd/health", NULL, NULL);
	ck_assert_double_eq(cJSON_GetObjectItem(body_json, "bookings")->valuedouble, n);
	ck_assert_str_eq(json_str(body_json, "status"), "degraded");
}
END_TEST

START_TEST(test_full_disk_clock_stays)
{
	char before[96];
	double offset;

	snprintf(before, sizeof(before), "%s", statuses_of(booking_demo));
	call("GET", "/__gtd/clock", NULL, NULL);
	offset = cJSON_GetObjectItem(body_json, "offset_seconds")->valuedouble;
	disk_errno = ENOSPC;
	call("POST", "/__gtd/clock/advance", NULL, "{\"seconds\": 86400}");
	ck_assert_int_eq(resp.status, 503);
	disk_errno = 0;
	call("GET", "/__gtd/clock", NULL, NULL);
	ck_assert_double_eq(cJSON_GetObjectItem(body_json, "offset_seconds")->valuedouble, offset);
	/* The held booking did not expire with a clock that did not move. */
	ck_assert_str_eq(statuses_of(booking_demo), before);
}
END_TEST

/* An e-mail the outbox cannot take is a lost customer message: the
 * change stands (it is saved), the journal entry and health say so. */
START_TEST(test_lost_mail_is_reported)
{
	char *saved = state.outbox, bad[160], problem[GTD_ERR_MSG_MAX];

	snprintf(bad, sizeof(bad), "%s/not-a-dir", state_file);   /* under a file */
	state.outbox = bad;
	call_sealed(COMMIT, DEMO, "commit-request", "AC-DEMO|$B|pay-1|AIR", SEALED);
	state.outbox = saved;
	ck_assert_int_eq(resp.status, 200);
	ck_assert_str_eq(answer_code("commit-response", NULL, 0), "00");
	ck_assert_ptr_nonnull(journal_str("mail_error"));
	ck_assert_str_eq(health_status(problem, sizeof(problem)), "degraded");
	ck_assert_msg(strstr(problem, "could not be delivered") && strstr(problem, booking_demo), "%s",
		      problem);
}
END_TEST

static Suite *api_suite(void)
{
	Suite *s = suite_create("api");
	TCase *gw = tcase_create("gateway");
	TCase *web = tcase_create("token");
	TCase *ctl = tcase_create("control");
	TCase *dur = tcase_create("durable");
	TCase *all[4] = {gw, web, ctl, dur};
	size_t i;

	for (i = 0; i < 4; i++) {
		tcase_set_timeout(all[i], 300);
		tcase_add_unchecked_fixture(all[i], mock_setup, mock_teardown);
		tcase_add_checked_fixture(all[i], test_setup, test_teardown);
		suite_add_tcase(s, all[i]);
	}
	tcase_add_loop_test(gw, test_gateway, 0, sizeof(gateway_cases) / sizeof(gateway_cases[0]));
	tcase_add_test(gw, test_missing_access_code_header_warns);
	tcase_add_loop_test(gw, test_damaged_emulator_key_is_named, 0, 2);
	tcase_add_loop_test(gw, test_journal_masks_secrets, 0,
			    sizeof(masked_mangles) / sizeof(masked_mangles[0]));
	tcase_add_loop_test(gw, test_journal_is_utf8, 0, sizeof(bytes_cases) / sizeof(bytes_cases[0]));
	tcase_add_loop_test(gw, test_no_route, 0, sizeof(unrouted) / sizeof(unrouted[0]));
	tcase_add_loop_test(gw, test_booking_detail, 0, sizeof(detail_cases) / sizeof(detail_cases[0]));
	tcase_add_test(gw, test_commit_after_expiry);
	tcase_add_test(gw, test_commit_checks_test_rules);
	tcase_add_loop_test(gw, test_out_of_memory, 0, sizeof(oom_cases) / sizeof(oom_cases[0]));
	tcase_add_loop_test(gw, test_dashboard_out_of_memory, 0, sizeof(dashboard_reads) / sizeof(dashboard_reads[0]));
	tcase_add_loop_test(gw, test_answer_overflow, 0, sizeof(overflows) / sizeof(overflows[0]));
	tcase_add_test(gw, test_answer_out_of_memory);
	tcase_add_loop_test(web, test_token_routes, 0, sizeof(token_cases) / sizeof(token_cases[0]));
	tcase_add_test(web, test_webview_journey);
	tcase_add_loop_test(ctl, test_control, 0, sizeof(control_cases) / sizeof(control_cases[0]));
	tcase_add_loop_test(ctl, test_ui_access, 0, sizeof(ui_cases) / sizeof(ui_cases[0]));
	tcase_add_test(ctl, test_control_refused_changes_nothing);
	tcase_add_test(ctl, test_control_reload_fails);
	tcase_add_test(ctl, test_control_reset);
	tcase_add_checked_fixture(dur, durable_setup, durable_teardown);
	tcase_add_test(dur, test_full_disk_commit_is_refused);
	tcase_add_test(dur, test_full_disk_booking_is_not_created);
	tcase_add_test(dur, test_full_disk_clock_stays);
	tcase_add_test(dur, test_lost_mail_is_reported);
	return s;
}

GTD_CHECK_MAIN(api_suite)
