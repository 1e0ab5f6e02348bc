#include "runner.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "codes.h"
#include "jsonnum.h"

#define GENERATED_KEY_BITS 1024   /* a stranger's key: size does not matter, speed does */
/* How far ahead webview.hold searches by default: the webview forms'
 * defaults, which pass Gotadi's test rules (30 days for flights, three
 * months for hotels). */
#define FLIGHT_DAYS_OUT 45
#define HOTEL_DAYS_OUT 100
#define DEFAULT_NIGHTS 2
#define VN_OFFSET (7 * 3600)      /* the webview's dates are Vietnam's days */
#define DETAIL_MAX (64 * 1024)

const char *const runner_verdict_names[RUNNER_VERDICT_COUNT] = {"PASS", "FAIL", "SKIP"};

/* Colours by meaning; a terminal only, and never with NO_COLOR. */
static const char *const verdict_colours[RUNNER_VERDICT_COUNT] = {
	[RUNNER_PASS] = "\033[32m",
	[RUNNER_FAIL] = "\033[1;31m",
	[RUNNER_SKIP] = "\033[33m",
};

typedef struct runner {
	client *c;
	const runner_opts *o;
	scenario_vars vars;
	gtd_key *generated;       /* made on first use of "generate", kept for the run */
	char **mail_seen;         /* outbox files present when the scenario started */
	size_t nmail_seen;
	int faults_armed;
	int clock_saved;          /* clock_offset is the mock's, read before the first step */
	long long clock_offset;
	gtd_buf why;              /* the current scenario's explanation */
} runner;

/* One step being run: what was sent, what came back, what it is judged on. */
struct step_run {
	runner *r;
	const scenario_step *st;
	char title[128];
	client_call call;
	client_header *headers;
	size_t nheaders;
	client_result res;
	gtd_status sent;          /* what the client call returned */
	int requested;            /* an answer (or its absence) is there to judge */
	const char *booking;      /* the step's booking member, substituted */
	cJSON *body_json;         /* the answer parsed as JSON, once needed */
	char **pool;              /* substituted strings, freed with the step */
	size_t npool;
	int failed;
};

static void fail(step_run *sr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds one line to the scenario's explanation; the first names the step. */
static void fail(step_run *sr, const char *fmt, ...)
{
	va_list ap;

	if (sr->failed)
		gtd_buf_adds(&sr->r->why, "      ");
	else
		gtd_buf_printf(&sr->r->why, "  %s: ", sr->title);
	va_start(ap, fmt);
	gtd_buf_vprintf(&sr->r->why, fmt, ap);
	va_end(ap);
	gtd_buf_addc(&sr->r->why, '\n');
	sr->failed = 1;
}

/* "HTTP 503 Service Unavailable", or "HTTP 201" for a status the gateway
 * does not use. */
static const char *http_text(long status, char out[64])
{
	const gtd_http_info *hi = gtd_http_lookup((int)status);

	snprintf(out, 64, "HTTP %ld%s%s", status, hi ? " " : "", hi ? hi->reason : "");
	return out;
}

/* Keeps s until the step ends; NULL (and the step failed) when out of
 * memory. */
static const char *keep(step_run *sr, char *s)
{
	char **grown = s ? realloc(sr->pool, (sr->npool + 1) * sizeof(*grown)) : NULL;

	if (!grown) {
		free(s);
		fail(sr, "out of memory");
		return NULL;
	}
	sr->pool = grown;
	sr->pool[sr->npool++] = s;
	return s;
}

static const char *subst(step_run *sr, const char *tmpl, const char *what)
{
	char *out = NULL;
	gtd_err e;

	if (scenario_subst(&sr->r->vars, tmpl, &out, &e) != GTD_OK) {
		fail(sr, "%s: %s", what, e.msg);
		return NULL;
	}
	return keep(sr, out);
}

/* The step's member name with its variables substituted, or NULL when
 * absent (or when substitution failed: sr->failed says). */
static const char *arg(step_run *sr, const char *name)
{
	const char *tmpl = scenario_step_str(sr->st, name);

	return tmpl ? subst(sr, tmpl, name) : NULL;
}

static gtd_key *generated_key(step_run *sr)
{
	gtd_err err;

	if (!sr->r->generated && gtd_key_generate(GENERATED_KEY_BITS, &sr->r->generated, &err) != GTD_OK)
		fail(sr, "cannot generate a key: %s", err.msg);
	return sr->r->generated;
}

/* The key a seal member's role names: "partner", "gotadi" or "generate". */
static const gtd_key *role_key(step_run *sr, const char *role)
{
	if (!role)
		return NULL;
	if (strcmp(role, "generate") == 0)
		return generated_key(sr);
	return strcmp(role, "partner") == 0 ? sr->r->c->cfg.partner_key : sr->r->c->cfg.gotadi_key;
}

static client_tamper tamper_named(const char *name)
{
	int i;

	for (i = 0; name && i < CLIENT_TAMPER_COUNT; i++)
		if (strcmp(client_tamper_names[i], name) == 0)
			return (client_tamper)i;
	return CLIENT_TAMPER_NONE;
}

/* The departures a step asks for: timeout, headers, the payload's access
 * code, the keys and the tampering of "seal". */
static void prepare_call(step_run *sr)
{
	const cJSON *headers = scenario_step_json(sr->st, "headers"), *seal, *h;

	sr->call.timeout_ms = sr->st->timeout_ms;
	sr->call.access_code = arg(sr, "access_code");
	if (headers) {
		sr->headers = calloc((size_t)cJSON_GetArraySize(headers) + 1, sizeof(*sr->headers));
		if (!sr->headers) {
			fail(sr, "out of memory");
			return;
		}
		cJSON_ArrayForEach(h, headers) {
			client_header *out = &sr->headers[sr->nheaders++];

			out->name = h->string;
			out->value = cJSON_IsString(h) ? subst(sr, h->valuestring, h->string) : NULL;
		}
		sr->call.headers = sr->headers;
		sr->call.nheaders = sr->nheaders;
	}
	seal = scenario_step_json(sr->st, "seal");
	if (seal) {
		const cJSON *sign = cJSON_GetObjectItemCaseSensitive(seal, "sign_with");
		const cJSON *to = cJSON_GetObjectItemCaseSensitive(seal, "encrypt_to");
		const cJSON *how = cJSON_GetObjectItemCaseSensitive(seal, "tamper");

		sr->call.sign_with = role_key(sr, cJSON_GetStringValue(sign));
		sr->call.encrypt_to = role_key(sr, cJSON_GetStringValue(to));
		sr->call.tamper = tamper_named(cJSON_GetStringValue(how));
	}
}

/* Records what a client call returned; a request that could not even be
 * built fails the step here. */
static void sent(step_run *sr, gtd_status st)
{
	sr->sent = st;
	sr->requested = 1;
	if (st != GTD_OK && st != GTD_EIO)
		fail(sr, "the request could not be made: %s", sr->res.error);
}

void run_login(step_run *sr)
{
	const char *user = arg(sr, "user"), *product = arg(sr, "product");
	const char *layout = arg(sr, "layout");

	if (!sr->failed)
		sent(sr, client_login(sr->r->c, user, product, layout, &sr->call, &sr->res));
}

/* A control API call with a JSON body (NULL: none); takes body. */
static void control(step_run *sr, gtd_api_id api, cJSON *body)
{
	char *text = body ? cJSON_PrintUnformatted(body) : NULL;

	cJSON_Delete(body);
	if (body && !text) {
		fail(sr, "out of memory");
		return;
	}
	sent(sr, client_control(sr->r->c, api, text, &sr->call, &sr->res));
	free(text);
}

/* The members of control.booking that POST /__gtd/bookings takes as they
 * are. */
static const char *const hold_members[] = {"partner", "product", "surname", "first_name", "email",
					   "phone"};

void run_control_booking(step_run *sr)
{
	cJSON *body = cJSON_CreateObject();
	size_t i;

	for (i = 0; body && i < sizeof(hold_members) / sizeof(hold_members[0]); i++) {
		const char *v = arg(sr, hold_members[i]);

		if (v)
			cJSON_AddStringToObject(body, hold_members[i], v);
	}
	if (body && scenario_step_json(sr->st, "amount"))
		cJSON_AddNumberToObject(body, "amount", (double)scenario_step_int(sr->st, "amount"));
	if (!body)
		fail(sr, "out of memory");
	if (sr->failed) {
		cJSON_Delete(body);
		return;
	}
	control(sr, GTD_API_BOOKINGS_CREATE, body);
}

/* The webview user's token: the token member, or redirect_url's
 * access_token argument. */
static const char *user_token(step_run *sr)
{
	const char *redirect = arg(sr, "redirect_url"), *token = arg(sr, "token");
	char *t;

	if (sr->failed || !redirect)
		return token;
	t = client_url_arg(redirect, "access_token");
	if (!t) {
		fail(sr, "redirect_url has no access_token argument: %s", redirect);
		return NULL;
	}
	return keep(sr, t);
}

void run_place_order(step_run *sr)
{
	const char *token = user_token(sr);

	if (!sr->failed)
		sent(sr, client_place_order(sr->r->c, sr->booking, token, &sr->call, &sr->res));
}

/* A query argument, escaped and kept. */
static const char *escaped(step_run *sr, const char *v)
{
	char *e = curl_easy_escape(sr->r->c->curl, v, 0), *copy = e ? strdup(e) : NULL;

	curl_free(e);
	return keep(sr, copy);
}

/* The search webview.hold makes: its target on the gateway. */
static const char *search_target(step_run *sr, int flight)
{
	const char *date = arg(sr, "date"), *from = arg(sr, "from"), *to = arg(sr, "to");
	const char *city = arg(sr, "city");
	long nights = scenario_step_json(sr->st, "nights") ? scenario_step_int(sr->st, "nights")
							  : DEFAULT_NIGHTS;
	char day[16], *target = NULL;

	if (!date) {
		time_t t = time(NULL) + VN_OFFSET + (time_t)(flight ? FLIGHT_DAYS_OUT : HOTEL_DAYS_OUT) * 86400;
		struct tm tm;

		strftime(day, sizeof(day), "%Y-%m-%d", gmtime_r(&t, &tm));
		date = day;
	}
	date = escaped(sr, date);
	if (sr->failed)
		return NULL;
	if (flight && (from = escaped(sr, from)) && (to = escaped(sr, to)) &&
	    asprintf(&target, "%s?from=%s&to=%s&date=%s", gtd_api_get(GTD_API_WEBVIEW_API_FLIGHTS)->path,
		     from, to, date) < 0)
		target = NULL;
	if (!flight && (city = escaped(sr, city)) &&
	    asprintf(&target, "%s?city=%s&checkin=%s&nights=%ld", gtd_api_get(GTD_API_WEBVIEW_API_HOTELS)->path,
		     city, date, nights) < 0)
		target = NULL;
	return sr->failed ? NULL : keep(sr, target);
}

/* Searches the webview as the user and picks the first offer (of the
 * airline asked for, when a flight); NULL with the step failed when none. */
static const char *webview_offer(step_run *sr, const char *token, int flight)
{
	const char *target = search_target(sr, flight), *airline = arg(sr, "airline"), *found = NULL;
	client_result res;
	cJSON *answer = NULL;
	const cJSON *o;

	if (!target)
		return NULL;
	client_result_init(&res);
	if (client_user(sr->r->c, "GET", target, NULL, token, &sr->call, &res) != GTD_OK ||
	    res.http != 200) {
		char *msg = client_error_message(&res), text[64];

		fail(sr, "the webview search GET %s failed: %s", target,
		     res.http ? (msg ? msg : http_text(res.http, text)) : res.error);
		free(msg);
		goto out;
	}
	answer = cJSON_ParseWithLength(gtd_buf_str(&res.body), res.body.len);
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(answer, "offers")) {
		const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "offer"));
		const char *a = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "airline"));

		if (id && (!flight || !*airline || (a && strcmp(a, airline) == 0))) {
			found = keep(sr, strdup(id));
			break;
		}
	}
	if (!found && !sr->failed)
		fail(sr, "the webview search GET %s has no offer%s%s", target,
		     flight && *airline ? " of airline " : "", flight ? airline : "");
out:
	cJSON_Delete(answer);
	client_result_release(&res);
	return found;
}

/* The traveller members of webview.hold and the webview's names for them. */
static const struct {
	const char *member, *json;
} traveller_members[] = {
	{"first_name", "firstName"},
	{"surname", "lastName"},
	{"phone", "phoneNumber"},
	{"email", "email"},
};

void run_webview_hold(step_run *sr)
{
	const char *token = user_token(sr), *offer = arg(sr, "offer"), *product = arg(sr, "product");
	cJSON *body = NULL, *t;
	char *text = NULL;
	size_t i;

	if (!sr->failed && !offer)
		offer = webview_offer(sr, token, strcmp(product, "hotel") != 0);
	if (sr->failed)
		return;
	body = cJSON_CreateObject();
	cJSON_AddStringToObject(body, "offer", offer);
	t = cJSON_CreateObject();
	cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "travellers"), t);
	for (i = 0; i < sizeof(traveller_members) / sizeof(traveller_members[0]); i++) {
		const char *v = arg(sr, traveller_members[i].member);

		cJSON_AddStringToObject(t, traveller_members[i].json, v ? v : "");
	}
	text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	if (!text)
		fail(sr, "out of memory");
	if (!sr->failed)
		sent(sr, client_user(sr->r->c, gtd_api_get(GTD_API_WEBVIEW_API_BOOK)->method,
				     gtd_api_get(GTD_API_WEBVIEW_API_BOOK)->path, text, token, &sr->call,
				     &sr->res));
	free(text);
}

void run_open_redirect(step_run *sr)
{
	const char *url = arg(sr, "url");

	if (sr->failed)
		return;
	sr->res.schema = gtd_schema_find("place-order");
	sr->res.opened = client_open_redirect(&sr->r->c->cfg, url, &sr->res.fields,
					      &sr->res.rep) == GTD_OK;
}

void run_commit(step_run *sr)
{
	const char *trans_id = arg(sr, "trans_id"), *type = arg(sr, "product_type");

	if (sr->failed)
		return;
	if (!type && !(type = client_product_type(sr->booking))) {
		fail(sr, "booking %s is neither ADCO... nor HDCO...: give \"product_type\"", sr->booking);
		return;
	}
	sent(sr, client_commit(sr->r->c, sr->booking, trans_id, type, &sr->call, &sr->res));
}

void run_query(step_run *sr)
{
	sent(sr, client_query(sr->r->c, sr->booking, &sr->call, &sr->res));
}

void run_detail(step_run *sr)
{
	sent(sr, client_detail(sr->r->c, sr->booking, &sr->call, &sr->res));
}

void run_clock(step_run *sr)
{
	cJSON *body = cJSON_CreateObject();

	if (!body || !cJSON_AddNumberToObject(body, "seconds",
					      (double)scenario_step_int(sr->st, "seconds"))) {
		cJSON_Delete(body);
		fail(sr, "out of memory");
		return;
	}
	control(sr, GTD_API_CLOCK_ADVANCE, body);
}

void run_fault(step_run *sr)
{
	cJSON *spec = NULL;
	gtd_err e;

	if (scenario_subst_json(&sr->r->vars, scenario_step_json(sr->st, "spec"), &spec, &e) != GTD_OK) {
		fail(sr, "spec: %s", e.msg);
		return;
	}
	/* Armed or not, clear at the end: a refused spec costs one request. */
	sr->r->faults_armed = 1;
	control(sr, GTD_API_FAULTS_ADD, spec);
}

void run_clear_faults(step_run *sr)
{
	control(sr, GTD_API_FAULTS_CLEAR, NULL);
	sr->r->faults_armed = 0;
}

void run_reset(step_run *sr)
{
	control(sr, GTD_API_RESET, NULL);
	sr->r->faults_armed = 0;
}

/* The outbox's file names, for the snapshot a scenario starts with. */
static gtd_status outbox_names(const client_result *res, char ***names, size_t *n)
{
	cJSON *arr = cJSON_ParseWithLength(gtd_buf_str(&res->body), res->body.len);
	const cJSON *e;
	gtd_status st = GTD_OK;

	*n = 0;
	*names = NULL;
	if (!cJSON_IsArray(arr)) {
		cJSON_Delete(arr);
		return GTD_EINVAL;
	}
	*names = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(**names));
	if (!*names)
		st = GTD_ENOMEM;
	cJSON_ArrayForEach(e, arr) {
		const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "file"));

		if (st == GTD_OK && file && !((*names)[(*n)++] = strdup(file)))
			st = GTD_ENOMEM;
	}
	cJSON_Delete(arr);
	return st;
}

static int mail_seen(const runner *r, const char *file)
{
	size_t i;

	for (i = 0; i < r->nmail_seen; i++)
		if (r->mail_seen[i] && strcmp(r->mail_seen[i], file) == 0)
			return 1;
	return 0;
}

/* Looks in the outbox for a kind e-mail about booking sent since the
 * scenario started; fails the step, listing what was sent, when none. */
static void mail_find(step_run *sr, const char *kind, const char *booking)
{
	client_result res;
	cJSON *arr = NULL;
	const cJSON *e;
	gtd_buf others;
	char text[64];

	client_result_init(&res);
	gtd_buf_init(&others, 1024);
	if (client_control(sr->r->c, GTD_API_OUTBOX, NULL, &sr->call, &res) != GTD_OK ||
	    res.http != 200 ||
	    !cJSON_IsArray(arr = cJSON_ParseWithLength(gtd_buf_str(&res.body), res.body.len))) {
		fail(sr, "cannot read the outbox (GET /__gtd/outbox): %s",
		     !res.http ? res.error : res.http != 200 ? http_text(res.http, text)
							       : "not a JSON array");
		goto out;
	}
	cJSON_ArrayForEach(e, arr) {
		const char *file = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "file"));
		const char *k = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "kind"));
		const char *b = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "booking"));

		if (!file || !k || !b || mail_seen(sr->r, file) || strcmp(b, booking) != 0)
			continue;
		if (strcmp(k, kind) == 0)
			goto out;
		gtd_buf_printf(&others, "%s%s", others.len ? ", " : "", k);
	}
	fail(sr, "no %s e-mail for booking %s since the scenario started (sent for it: %s)", kind,
	     booking, gtd_buf_status(&others) != GTD_OK ? "too many kinds to list"
		      : others.len ? gtd_buf_str(&others) : "none");
out:
	cJSON_Delete(arr);
	gtd_buf_release(&others);
	client_result_release(&res);
}

void run_expect_email(step_run *sr)
{
	const char *kind = arg(sr, "kind");

	if (!sr->failed)
		mail_find(sr, kind, sr->booking);
}

/* A sealed message from the step's seal member. */
static void run_http_sealed(step_run *sr, const char *target, const cJSON *seal)
{
	const gtd_schema *s = gtd_schema_find(
		cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(seal, "schema")));
	const cJSON *f;
	gtd_fields fields;
	gtd_err e;

	gtd_fields_init(&fields, s);
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(seal, "fields")) {
		const char *v = subst(sr, f->valuestring, f->string);

		if (!v || gtd_fields_set(&fields, f->string, v, &e) != GTD_OK) {
			if (v)
				fail(sr, "seal.fields: %s", e.msg);
			goto out;
		}
	}
	sent(sr, client_sealed(sr->r->c, target, &fields, &sr->call, &sr->res));
out:
	gtd_fields_release(&fields);
}

void run_http(step_run *sr)
{
	const char *method = arg(sr, "method"), *target = arg(sr, "path");
	const cJSON *body = scenario_step_json(sr->st, "body"), *seal = scenario_step_json(sr->st, "seal");
	const char *text = NULL;

	if (!target)
		target = arg(sr, "url");
	if (sr->failed)
		return;
	if (seal) {
		run_http_sealed(sr, target, seal);
		return;
	}
	if (cJSON_IsString(body)) {
		text = subst(sr, body->valuestring, "body");
	} else if (body) {
		cJSON *json = NULL;
		gtd_err e;

		if (scenario_subst_json(&sr->r->vars, body, &json, &e) != GTD_OK) {
			fail(sr, "body: %s", e.msg);
			return;
		}
		text = keep(sr, cJSON_PrintUnformatted(json));
		cJSON_Delete(json);
	}
	if (!sr->failed)
		sent(sr, client_http(sr->r->c, method, target, text,
				     scenario_step_bool(sr->st, "partner_headers", 1), &sr->call, &sr->res));
}

/* The value at a dotted path ("bookingInfo.status", "errors.0") of a JSON
 * answer, as text (caller frees), or NULL. */
static char *json_path_value(const cJSON *root, const char *path)
{
	const cJSON *v = root;
	const char *p = path;
	char seg[128], *out = NULL;
	long long whole;

	while (v && *p) {
		size_t len = strcspn(p, ".");

		if (len >= sizeof(seg))
			return NULL;
		memcpy(seg, p, len);
		seg[len] = '\0';
		if (cJSON_IsArray(v))
			v = strspn(seg, "0123456789") == len && len ? cJSON_GetArrayItem(v, atoi(seg)) : NULL;
		else
			v = cJSON_GetObjectItemCaseSensitive(v, seg);
		p += len + (p[len] == '.');
	}
	if (!v)
		return NULL;
	if (cJSON_IsString(v))
		return strdup(v->valuestring);
	if (gtd_json_int(v, -GTD_JSON_INT_MAX, GTD_JSON_INT_MAX, &whole)) {
		if (asprintf(&out, "%lld", whole) < 0)
			return NULL;
		return out;
	}
	return cJSON_PrintUnformatted(v);
}

/* An answer's value by name: an opened field, else a path into the JSON
 * body; NULL (step not failed) when the answer has no such thing. */
static const char *answer_value(step_run *sr, const char *name)
{
	const char *field = sr->res.opened ? gtd_fields_get(&sr->res.fields, name) : NULL;
	char *value;

	if (field)
		return field;
	if (!sr->body_json)
		sr->body_json = cJSON_ParseWithLength(gtd_buf_str(&sr->res.body), sr->res.body.len);
	if (!sr->body_json || !(value = json_path_value(sr->body_json, name)))
		return NULL;
	return keep(sr, value);
}

static const char *code_meaning(const char *code)
{
	const gtd_code_info *ci = gtd_code_lookup(code);

	return ci ? ci->en : "not a Gotadi code";
}

/* The answer came or did not as expected; 0 when judging ends here. */
static int judge_transport(step_run *sr, int want_http)
{
	const scenario_expect *e = &sr->st->expect;
	const client_result *res = &sr->res;

	if (sr->sent == GTD_EIO) {
		if (!e->connection)
			fail(sr, "no answer: %s", res->error);
		else if (strcmp(e->connection, client_failure_names[res->failure]) != 0)
			fail(sr, "expected the connection to fail with \"%s\", got \"%s\": %s",
			     e->connection, client_failure_names[res->failure], res->error);
		return 0;
	}
	if (e->connection) {
		fail(sr, "expected no answer (%s), got HTTP %ld", e->connection, res->http);
		return 0;
	}
	if (want_http ? res->http != want_http : res->http < 200 || res->http > 299) {
		char *msg = client_error_message(res), want[64], got[64];

		fail(sr, "expected %s, got %s%s%s", want_http ? http_text(want_http, want) : "a 2xx answer",
		     http_text(res->http, got), msg ? ": " : "", msg ? msg : "");
		free(msg);
		return 0;
	}
	return 1;
}

/* The envelope opened (or failed at the step expected) and carries the
 * code expected. */
static void judge_envelope(step_run *sr, int sealed)
{
	const scenario_expect *e = &sr->st->expect;
	const client_result *res = &sr->res;
	const char *want = e->code ? e->code : sealed ? "00" : NULL, *got;

	if (!res->schema)
		return;
	if (e->open_fails) {
		if (res->opened)
			fail(sr, "expected the answer to fail to open at step %s, but it opened and "
				 "verified", e->open_fails);
		else if (strcmp(e->open_fails, gtd_open_step_name(res->rep.step)) != 0)
			fail(sr, "expected the answer to fail to open at step %s, got step %s: %s",
			     e->open_fails, gtd_open_step_name(res->rep.step), res->rep.why);
		return;
	}
	if (!res->opened) {
		gtd_code c = gtd_open_step_code(res->rep.step);

		fail(sr, "the answer does not open: step %s failed (error code %s, %s): %s",
		     gtd_open_step_name(res->rep.step), gtd_codes[c].code, gtd_codes[c].en,
		     res->rep.why);
		return;
	}
	got = gtd_fields_get(&res->fields, "error_code");
	if (want && got && strcmp(want, got) != 0)
		fail(sr, "expected error code %s (%s), got %s (%s)", want, code_meaning(want), got,
		     code_meaning(got));
}

static void judge_contains(step_run *sr, const char *what, const char *tmpl, const char *got)
{
	const char *want = tmpl ? subst(sr, tmpl, what) : NULL;

	if (want && (!got || !strstr(got, want)))
		fail(sr, "expected %s to contain \"%s\", got %s%s%s", what, want, got ? "\"" : "none",
		     got ? got : "", got ? "\"" : "");
}

static void judge_fields(step_run *sr)
{
	const scenario_expect *e = &sr->st->expect;
	size_t i;

	for (i = 0; i < e->nfields && !sr->failed; i++) {
		const char *want = subst(sr, e->fields[i].value, e->fields[i].name);
		const char *got = want ? answer_value(sr, e->fields[i].name) : NULL;

		if (want && !got && !sr->failed)
			fail(sr, "the answer has no %s (expected \"%s\")", e->fields[i].name, want);
		else if (want && got && strcmp(want, got) != 0)
			fail(sr, "expected %s \"%s\", got \"%s\"", e->fields[i].name, want, got);
	}
}

/* The booking's three statuses, from this step's answer when it is the
 * booking detail of that booking, else from a booking-detail call. */
static void judge_booking(step_run *sr)
{
	const scenario_expect *e = &sr->st->expect;
	const char *number = e->booking_number ? subst(sr, e->booking_number, "expect.booking.number")
					       : sr->booking;
	client_result res;
	const client_result *from = &sr->res;
	cJSON *detail = NULL;
	char text[64];
	int i;

	client_result_init(&res);
	if (!number)
		goto out;
	if (sr->st->type != SCENARIO_BOOKING_DETAIL || strcmp(number, sr->booking) != 0) {
		if (client_detail(sr->r->c, number, &sr->call, &res) != GTD_OK || res.http != 200) {
			fail(sr, "cannot read booking %s's detail: %s", number,
			     res.http ? http_text(res.http, text) : res.error);
			goto out;
		}
		from = &res;
	}
	detail = cJSON_ParseWithLength(gtd_buf_str(&from->body), from->body.len);
	for (i = 0; i < GTD_STATUS_FIELD_COUNT; i++) {
		char path[64], *got;

		if (!e->status[i])
			continue;
		snprintf(path, sizeof(path), "bookingInfo.%s", gtd_booking_statuses[i].json_name);
		got = json_path_value(detail, path);
		if (!got || strcmp(got, e->status[i]) != 0)
			fail(sr, "expected booking %s's %s %s, got %s", number,
			     gtd_booking_statuses[i].json_name, e->status[i], got ? got : "none");
		free(got);
	}
out:
	cJSON_Delete(detail);
	client_result_release(&res);
}

static void judge(step_run *sr)
{
	const scenario_expect *e = &sr->st->expect;
	const scenario_step_info *info = &scenario_step_types[sr->st->type];
	int sealed = (info->flags & SCENARIO_STEP_SEALED) != 0;

	if (sr->requested && !judge_transport(sr, e->http ? e->http : info->http))
		return;
	if (!e->http || e->http == 200)
		judge_envelope(sr, sealed);
	if (!sr->failed)
		judge_fields(sr);
	judge_contains(sr, "X-Gtd-Explain", e->explain_contains, sr->res.explain);
	judge_contains(sr, "X-Gtd-Warning", e->warning_contains, sr->res.warning);
	judge_contains(sr, "the body", e->body_contains, gtd_buf_str(&sr->res.body));
	if (!sr->failed && e->booking)
		judge_booking(sr);
	if (!sr->failed && e->email) {
		const char *number = e->booking_number
			? subst(sr, e->booking_number, "expect.booking.number") : sr->booking;

		if (number)
			mail_find(sr, e->email, number);
	}
}

static void save(step_run *sr)
{
	size_t i;
	gtd_err err;

	for (i = 0; i < sr->st->nsave && !sr->failed; i++) {
		const char *v = answer_value(sr, sr->st->save[i].value);

		if (!v && !sr->failed)
			fail(sr, "save %s: the answer has no %s", sr->st->save[i].name,
			     sr->st->save[i].value);
		else if (v && scenario_vars_set(&sr->r->vars, sr->st->save[i].name, v, &err) != GTD_OK)
			fail(sr, "save %s: %s", sr->st->save[i].name, err.msg);
	}
}

/* Runs one step; 0 when it failed. */
static int run_step(runner *r, const scenario_step *st)
{
	step_run sr = {.r = r, .st = st};
	size_t i;
	int ok;

	client_result_init(&sr.res);
	scenario_step_title(st, sr.title, sizeof(sr.title));
	/* --verbose: which step the wire trace below belongs to. */
	if (r->c->cfg.trace)
		fprintf(r->c->cfg.trace, "*** %s\n", sr.title);
	if (scenario_step_types[st->type].flags & SCENARIO_STEP_BOOKING)
		sr.booking = arg(&sr, "booking");
	if (!sr.failed)
		prepare_call(&sr);
	if (!sr.failed)
		scenario_step_types[st->type].run(&sr);
	if (!sr.failed)
		judge(&sr);
	if (!sr.failed)
		save(&sr);
	if (sr.failed && sr.res.explain)
		gtd_buf_printf(&r->why, "      X-Gtd-Explain: %s\n", sr.res.explain);
	if (sr.failed && sr.res.request_id)
		gtd_buf_printf(&r->why, "      (request %s in the gateway's journal)\n", sr.res.request_id);
	ok = !sr.failed;
	for (i = 0; i < sr.npool; i++)
		free(sr.pool[i]);
	free(sr.pool);
	free(sr.headers);
	cJSON_Delete(sr.body_json);
	client_result_release(&sr.res);
	return ok;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int uses_mail(const scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].type == SCENARIO_EXPECT_EMAIL || sc->steps[i].expect.email)
			return 1;
	return 0;
}

static void mail_forget(runner *r)
{
	size_t i;

	for (i = 0; i < r->nmail_seen; i++)
		free(r->mail_seen[i]);
	free(r->mail_seen);
	r->mail_seen = NULL;
	r->nmail_seen = 0;
}

/* Remembers the outbox as it is, so that only new e-mails count; 0 when
 * it cannot be read. */
static int mail_snapshot(runner *r)
{
	client_result res;
	int ok;

	client_result_init(&res);
	ok = client_control(r->c, GTD_API_OUTBOX, NULL, NULL, &res) == GTD_OK &&
	     res.http == 200 && outbox_names(&res, &r->mail_seen, &r->nmail_seen) == GTD_OK;
	if (!ok)
		gtd_buf_printf(&r->why, "  cannot read the outbox before the first step "
					"(GET /__gtd/outbox): %s\n",
			       res.http ? "not a JSON list of e-mails" : res.error);
	client_result_release(&res);
	return ok;
}

static void clear_faults(runner *r)
{
	client_result res;
	char text[64];

	client_result_init(&res);
	if (client_control(r->c, GTD_API_FAULTS_CLEAR, NULL, NULL, &res) != GTD_OK ||
	    res.http != 200)
		gtd_buf_printf(&r->why, "  the faults this scenario armed could not be cleared: %s\n",
			       res.http ? http_text(res.http, text) : res.error);
	client_result_release(&res);
	r->faults_armed = 0;
}

/* Whether a scenario's steps may move the mock's virtual clock: advance
 * and reset do, and a raw request may reach any control endpoint. */
static int may_move_clock(const scenario *sc)
{
	size_t i;

	for (i = 0; sc->needs_control && i < sc->nsteps; i++)
		if (sc->steps[i].type == SCENARIO_CLOCK_ADVANCE || sc->steps[i].type == SCENARIO_RESET ||
		    sc->steps[i].type == SCENARIO_HTTP)
			return 1;
	return 0;
}

/* Remembers the clock's offset, so that the scenario can leave a shared
 * mock's clock as it found it; 0 when it cannot be read. */
static int clock_save(runner *r)
{
	client_result res;
	cJSON *o = NULL;
	const cJSON *off = NULL;
	char text[64];

	r->clock_saved = 0;
	client_result_init(&res);
	if (client_control(r->c, GTD_API_CLOCK, NULL, NULL, &res) == GTD_OK && res.http == 200) {
		o = cJSON_ParseWithLength(gtd_buf_str(&res.body), res.body.len);
		off = cJSON_GetObjectItemCaseSensitive(o, "offset_seconds");
	}
	if (gtd_json_int(off, -GTD_JSON_INT_MAX, GTD_JSON_INT_MAX, &r->clock_offset)) {
		r->clock_saved = 1;
	} else {
		gtd_buf_printf(&r->why, "  cannot read the mock's clock before the first step (GET %s): %s\n",
			       gtd_api_get(GTD_API_CLOCK)->path,
			       res.http == 200 ? "no offset_seconds in the answer"
					       : res.http ? http_text(res.http, text) : res.error);
	}
	cJSON_Delete(o);
	client_result_release(&res);
	return r->clock_saved;
}

/* Puts the clock's offset back to what clock_save() read, whatever the
 * scenario's result. */
static void clock_restore(runner *r)
{
	client_result res;
	char body[64], text[64];

	if (!r->clock_saved)
		return;
	r->clock_saved = 0;
	snprintf(body, sizeof(body), "{\"offset_seconds\":%lld}", r->clock_offset);
	client_result_init(&res);
	if (client_control(r->c, GTD_API_CLOCK_SET, body, NULL, &res) != GTD_OK || res.http != 200)
		gtd_buf_printf(&r->why, "  the mock's clock could not be set back to offset %lld s (POST %s): %s\n",
			       r->clock_offset, gtd_api_get(GTD_API_CLOCK_SET)->path,
			       res.http ? http_text(res.http, text) : res.error);
	client_result_release(&res);
}

int runner_shares_mock(const scenario *sc)
{
	size_t i;

	if (may_move_clock(sc) || uses_mail(sc))
		return 1;
	for (i = 0; i < sc->nsteps; i++)
		if (sc->steps[i].type == SCENARIO_FAULT || sc->steps[i].type == SCENARIO_CLEAR_FAULTS)
			return 1;
	return 0;
}

static gtd_status start_vars(runner *r, gtd_err *err)
{
	size_t i;

	scenario_vars_release(&r->vars);
	for (i = 0; i < r->o->predefined->n; i++)
		if (scenario_vars_set(&r->vars, r->o->predefined->v[i].name, r->o->predefined->v[i].value,
				      err) != GTD_OK)
			return GTD_ENOMEM;
	return GTD_OK;
}

static void print_case(const runner *r, const runner_case *rc)
{
	FILE *out = r->o->out;

	if (!out)
		return;
	fprintf(out, "%s%s%s  %s/%s", r->o->colour ? verdict_colours[rc->verdict] : "",
		runner_verdict_names[rc->verdict], r->o->colour ? "\033[0m" : "", rc->sc->suite,
		rc->sc->name);
	if (rc->sc->gotadi_case)
		fprintf(out, "  [Gotadi case %s]", rc->sc->gotadi_case);
	if (rc->verdict == RUNNER_SKIP)
		fprintf(out, "  (%s)\n", rc->detail);
	else
		fprintf(out, "  (%.2f s)\n%s", rc->seconds, rc->detail);
	fflush(out);
}

static gtd_status run_scenario(runner *r, const scenario *sc, runner_case *rc, gtd_err *err)
{
	double t0 = now_seconds();
	size_t i;
	gtd_status st;

	rc->sc = sc;
	/* Released, not reset: one scenario's overflow is not the next one's. */
	gtd_buf_release(&r->why);
	if (r->o->no_control && sc->needs_control) {
		rc->verdict = RUNNER_SKIP;
		gtd_buf_adds(&r->why, "needs the mock's control API; --no-control");
	} else if ((st = start_vars(r, err)) != GTD_OK) {
		return st;
	} else {
		int ok;

		if (r->c->cfg.trace)
			fprintf(r->c->cfg.trace, "*** scenario %s/%s (%s)\n", sc->suite, sc->name, sc->file);
		ok = !uses_mail(sc) || mail_snapshot(r);
		ok = ok && (!may_move_clock(sc) || clock_save(r));

		for (i = 0; ok && i < sc->nsteps; i++)
			ok = run_step(r, &sc->steps[i]);
		if (i < sc->nsteps)
			gtd_buf_printf(&r->why, "      (%zu later step%s not run)\n", sc->nsteps - i,
				       sc->nsteps - i == 1 ? "" : "s");
		if (r->faults_armed)
			clear_faults(r);
		clock_restore(r);
		mail_forget(r);
		rc->verdict = ok && !r->why.len && gtd_buf_status(&r->why) == GTD_OK ? RUNNER_PASS
											 : RUNNER_FAIL;
	}
	rc->seconds = now_seconds() - t0;
	if (gtd_buf_status(&r->why) != GTD_OK)
		rc->detail = strdup("  the explanation is longer than 64 KiB and was dropped\n");
	else
		rc->detail = strdup(gtd_buf_str(&r->why));
	if (!rc->detail)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	return GTD_OK;
}

static int selected(const scenario *sc, const char *filter)
{
	char id[512];

	if (!filter)
		return 1;
	snprintf(id, sizeof(id), "%s/%s", sc->suite, sc->name);
	return strstr(id, filter) || strstr(sc->file, filter);
}

void runner_summary(const runner_results *res, char *out, size_t size)
{
	int n = snprintf(out, size, "%zu passed, %zu failed", res->count[RUNNER_PASS],
			 res->count[RUNNER_FAIL]);

	if (res->count[RUNNER_SKIP] && n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, ", %zu skipped", res->count[RUNNER_SKIP]);
}

static void runner_init(runner *r, client *c, const runner_opts *o)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->o = o;
	gtd_buf_init(&r->why, DETAIL_MAX);
}

static void runner_release(runner *r)
{
	gtd_buf_release(&r->why);
	scenario_vars_release(&r->vars);
	gtd_key_free(r->generated);
}

/* The scenarios that run side by side: workers take the next one in
 * turn; each worker has its own runner and client. */
typedef struct pool {
	const scenario_list *list;
	runner_results *res;
	const size_t *todo;          /* indexes into list, with their case in res */
	const size_t *slot;
	size_t ntodo, next;
	pthread_mutex_t mu;          /* next, the counts, printing, st and err */
	gtd_status st;
	gtd_err err;
} pool;

typedef struct worker {
	pool *p;
	runner r;
	client c;
} worker;

static void *work(void *arg)
{
	worker *w = arg;
	pool *p = w->p;

	for (;;) {
		runner_case *rc;
		gtd_status st;
		gtd_err err;
		size_t k;

		pthread_mutex_lock(&p->mu);
		k = p->st == GTD_OK ? p->next++ : p->ntodo;
		pthread_mutex_unlock(&p->mu);
		if (k >= p->ntodo)
			return NULL;
		rc = &p->res->cases[p->slot[k]];
		st = run_scenario(&w->r, &p->list->v[p->todo[k]], rc, &err);
		pthread_mutex_lock(&p->mu);
		if (st != GTD_OK && p->st == GTD_OK) {
			p->st = st;
			p->err = err;
		} else if (st == GTD_OK) {
			p->res->count[rc->verdict]++;
			print_case(&w->r, rc);
		}
		pthread_mutex_unlock(&p->mu);
	}
}

/* Runs todo[0..n) on jobs workers.  Each worker's client is made here,
 * before any thread starts (libcurl's start-up is not for threads). */
static gtd_status run_parallel(client *c, const scenario_list *list, const runner_opts *o,
			       runner_results *res, const size_t *todo, const size_t *slot, size_t n,
			       gtd_err *err)
{
	pool p = {list, res, todo, slot, n, 0, PTHREAD_MUTEX_INITIALIZER, GTD_OK, {0}};
	unsigned jobs = o->jobs < n ? o->jobs : (unsigned)n, started = 0, i;
	worker *w = calloc(jobs ? jobs : 1, sizeof(*w));
	pthread_t *t = calloc(jobs ? jobs : 1, sizeof(*t));
	gtd_status st = GTD_OK;

	if (!w || !t)
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	for (i = 0; st == GTD_OK && i < jobs; i++) {
		w[i].p = &p;
		if ((st = client_init(&w[i].c, &c->cfg, err)) != GTD_OK)
			break;
		runner_init(&w[i].r, &w[i].c, o);
	}
	for (started = 0; st == GTD_OK && started < jobs; started++)
		if (pthread_create(&t[started], NULL, work, &w[started]) != 0) {
			st = gtd_err_set(err, GTD_ENOMEM, "cannot start a thread for --jobs");
			break;
		}
	/* A worker that did not start leaves its share to the others. */
	if (started)
		st = GTD_OK;
	for (i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	if (st == GTD_OK && p.st != GTD_OK) {
		st = p.st;
		*err = p.err;
	}
	for (i = 0; w && i < jobs; i++)
		if (w[i].c.curl) {
			runner_release(&w[i].r);
			client_release(&w[i].c);
		}
	free(w);
	free(t);
	pthread_mutex_destroy(&p.mu);
	return st;
}

gtd_status runner_run(client *c, const scenario_list *list, const runner_opts *o,
		      runner_results *res, gtd_err *err)
{
	double t0 = now_seconds();
	size_t *todo = NULL, *slot = NULL, ntodo = 0, i;
	gtd_status st = GTD_OK;
	runner r;

	memset(res, 0, sizeof(*res));
	res->started = time(NULL);
	res->cases = calloc(list->n ? list->n : 1, sizeof(*res->cases));
	todo = calloc(list->n ? list->n : 1, sizeof(*todo));
	slot = calloc(list->n ? list->n : 1, sizeof(*slot));
	if (!res->cases || !todo || !slot) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	/* Every selected scenario has its case, in list order, whichever
	 * order they run in: the reports follow the files. */
	for (i = 0; i < list->n; i++)
		if (selected(&list->v[i], o->filter)) {
			res->cases[res->n].sc = &list->v[i];
			if (o->jobs > 1 && !runner_shares_mock(&list->v[i])) {
				todo[ntodo] = i;
				slot[ntodo++] = res->n;
			}
			res->n++;
		}
	if (ntodo > 1)
		st = run_parallel(c, list, o, res, todo, slot, ntodo, err);
	else
		ntodo = 0;
	runner_init(&r, c, o);
	for (i = 0; i < res->n && st == GTD_OK; i++) {
		runner_case *rc = &res->cases[i];

		if (rc->detail)   /* run side by side already */
			continue;
		st = run_scenario(&r, rc->sc, rc, err);
		if (st == GTD_OK) {
			res->count[rc->verdict]++;
			print_case(&r, rc);
		}
	}
	runner_release(&r);
out:
	free(todo);
	free(slot);
	res->seconds = now_seconds() - t0;
	return st;
}

void runner_results_release(runner_results *res)
{
	size_t i;

	for (i = 0; i < res->n; i++)
		free(res->cases[i].detail);
	free(res->cases);
	memset(res, 0, sizeof(*res));
}
