#include "client.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "b64.h"
#include "codes.h"
#include "mask.h"

#define CONNECT_TIMEOUT_MS 5000
#define TRACE_BODY_MAX 2048     /* a webview page in the trace is cut here */
#define HEADERS_MAX 4           /* the defaults a call sends, at most */
#define DES_BLOCK 8
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const char *const client_failure_names[CLIENT_FAIL_COUNT + 1] = {
	[CLIENT_FAIL_NONE] = "none",
	[CLIENT_FAIL_REFUSED] = "refused",
	[CLIENT_FAIL_DNS] = "dns",
	[CLIENT_FAIL_TIMEOUT] = "timeout",
	[CLIENT_FAIL_CLOSED] = "closed",
	[CLIENT_FAIL_TLS] = "tls",
	[CLIENT_FAIL_TOO_LARGE] = "too-large",
	[CLIENT_FAIL_OTHER] = "other",
	[CLIENT_FAIL_COUNT] = NULL,
};

const char *const client_tamper_names[CLIENT_TAMPER_COUNT + 1] = {
	[CLIENT_TAMPER_NONE] = "none",
	[CLIENT_TAMPER_SIGNATURE] = "signature",
	[CLIENT_TAMPER_DATA] = "data",
	[CLIENT_TAMPER_KEY] = "key",
	[CLIENT_TAMPER_COUNT] = NULL,
};

/* What libcurl's failures mean for someone connecting to a gateway, and
 * what they should check. */
static const struct {
	CURLcode code;
	client_failure kind;
	const char *advice;
} failures[] = {
	{CURLE_COULDNT_CONNECT, CLIENT_FAIL_REFUSED,
	 "Nothing answers there: check the gateway URL (--gateway, or gateway_url in the pack) "
	 "and that the gateway, or gtd-mock, is running."},
	{CURLE_COULDNT_RESOLVE_HOST, CLIENT_FAIL_DNS,
	 "The host name does not resolve: check the gateway URL and this machine's DNS."},
	{CURLE_OPERATION_TIMEDOUT, CLIENT_FAIL_TIMEOUT,
	 "No answer in time: check the network path and firewall, the live gateway's IP "
	 "whitelist, or allow more time (--timeout, timeout_ms)."},
	{CURLE_GOT_NOTHING, CLIENT_FAIL_CLOSED,
	 "The server closed the connection without answering: is the URL's scheme right "
	 "(http:// against an HTTPS port answers nothing)?"},
	{CURLE_RECV_ERROR, CLIENT_FAIL_CLOSED,
	 "The connection broke while waiting for the answer: retry, and check any proxy "
	 "in between."},
	{CURLE_SEND_ERROR, CLIENT_FAIL_CLOSED,
	 "The connection broke while sending: retry, and check any proxy in between."},
	{CURLE_PEER_FAILED_VERIFICATION, CLIENT_FAIL_TLS,
	 "The server's TLS certificate is not trusted: give its CA with --cacert FILE "
	 "(or --insecure, against a test server only)."},
	{CURLE_SSL_CACERT_BADFILE, CLIENT_FAIL_TLS,
	 "The --cacert file cannot be read as PEM certificates."},
	{CURLE_SSL_CONNECT_ERROR, CLIENT_FAIL_TLS,
	 "The TLS handshake failed: is the server really HTTPS on that port?"},
	{CURLE_UNSUPPORTED_PROTOCOL, CLIENT_FAIL_OTHER,
	 "The gateway URL must start with http:// or https://."},
	{CURLE_URL_MALFORMAT, CLIENT_FAIL_OTHER, "The URL is malformed: check the gateway URL."},
};

/* Request headers whose values are secrets: masked in the trace. */
static const char *const secret_headers[] = {"apikey", "x-ibe-req-name", "authorization"};

/* Answer headers kept in the result. */
static const struct {
	const char *name;
	size_t offset;
} captured[] = {
	{"X-Gtd-Explain", offsetof(client_result, explain)},
	{"X-Gtd-Request-Id", offsetof(client_result, request_id)},
	{"X-Gtd-Warning", offsetof(client_result, warning)},
};

/* Sealed requests and the schema of their answers. */

/* Booking number prefixes (doc/protocol.md, "Bookings"). */
static const struct {
	const char *prefix, *product_type;
} prefixes[] = {
	{"ADCO", "AIR"},
	{"HDCO", "HOTEL"},
};

static void set_error(client_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_error(client_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
}

static void trace(const client_config *cfg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void trace(const client_config *cfg, const char *fmt, ...)
{
	va_list ap;

	if (!cfg->trace)
		return;
	fputs("* ", cfg->trace);
	va_start(ap, fmt);
	vfprintf(cfg->trace, fmt, ap);
	va_end(ap);
	fputc('\n', cfg->trace);
}

/* A field as the trace shows it: the access code masked. */
static void trace_fields(const client_config *cfg, const gtd_fields *f)
{
	size_t i;

	for (i = 0; cfg->trace && i < f->schema->nfields; i++) {
		const char *name = f->schema->fields[i].name, *v = f->v[i] ? f->v[i] : "";
		char *m = strcmp(name, "access_code") == 0 && *v ? gtd_mask_secret(v) : NULL;

		trace(cfg, "  %s = %s", name, m ? m : v);
		free(m);
	}
}

/* One line of a header block, with a secret header's value masked. */
static void trace_header_line(FILE *t, const char *prefix, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	size_t i;

	for (i = 0; colon && i < COUNT(secret_headers); i++) {
		if (strlen(secret_headers[i]) == (size_t)(colon - line) &&
		    strncasecmp(line, secret_headers[i], (size_t)(colon - line)) == 0) {
			const char *v = colon + 1 + strspn(colon + 1, " ");
			char *value = strndup(v, len - (size_t)(v - line));
			char *m = value ? gtd_mask_secret(value) : NULL;

			fprintf(t, "%s%.*s: %s\n", prefix, (int)(colon - line), line, m ? m : "********");
			free(m);
			free(value);
			return;
		}
	}
	fprintf(t, "%s%.*s\n", prefix, (int)len, line);
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	static const char *const prefix[] = {
		[CURLINFO_TEXT] = "* ", [CURLINFO_HEADER_IN] = "< ", [CURLINFO_HEADER_OUT] = "> ",
		[CURLINFO_DATA_IN] = "< ", [CURLINFO_DATA_OUT] = "> ",
	};
	FILE *t = ((client *)arg)->cfg.trace;
	size_t shown = size > TRACE_BODY_MAX ? TRACE_BODY_MAX : size, start = 0;
	int body = type == CURLINFO_DATA_IN || type == CURLINFO_DATA_OUT;

	(void)h;
	if ((size_t)type >= COUNT(prefix) || !prefix[type])
		return 0;
	while (start < shown) {
		const char *nl = memchr(data + start, '\n', shown - start);
		size_t len = nl ? (size_t)(nl - (data + start)) : shown - start, l = len;

		if (l && data[start + l - 1] == '\r')
			l--;
		if (type == CURLINFO_HEADER_OUT && l)
			trace_header_line(t, prefix[type], data + start, l);
		else if (l || body)
			fprintf(t, "%s%.*s\n", prefix[type], (int)l, data + start);
		start += len + 1;
	}
	if (shown < size)
		fprintf(t, "%s[... %zu more bytes]\n", prefix[type], size - shown);
	return 0;
}

static size_t on_header(char *buf, size_t size, size_t n, void *arg)
{
	client_result *r = arg;
	size_t len = size * n, i;
	const char *colon = memchr(buf, ':', len);

	/* A new status line starts a new answer (after "100 Continue"). */
	if (len >= 5 && strncmp(buf, "HTTP/", 5) == 0) {
		for (i = 0; i < COUNT(captured); i++) {
			char **slot = (char **)((char *)r + captured[i].offset);

			free(*slot);
			*slot = NULL;
		}
		return len;
	}
	for (i = 0; colon && i < COUNT(captured); i++) {
		char **slot = (char **)((char *)r + captured[i].offset);
		const char *v = colon + 1;
		size_t vlen;

		if (strlen(captured[i].name) != (size_t)(colon - buf) ||
		    strncasecmp(buf, captured[i].name, (size_t)(colon - buf)) != 0)
			continue;
		v += strspn(v, " \t");
		vlen = len - (size_t)(v - buf);
		while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
			vlen--;
		free(*slot);
		*slot = strndup(v, vlen);
	}
	return len;
}

static size_t on_body(char *buf, size_t size, size_t n, void *arg)
{
	client_result *r = arg;

	if (gtd_buf_add(&r->body, buf, size * n) != GTD_OK) {
		r->failure = CLIENT_FAIL_TOO_LARGE;
		return 0;
	}
	return size * n;
}

gtd_status client_init(client *c, const client_config *cfg, gtd_err *err)
{
	memset(c, 0, sizeof(*c));
	if (!cfg->gateway || !*cfg->gateway)
		return gtd_err_set(err, GTD_EINVAL, "no gateway URL: give --gateway URL or a pack");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return gtd_err_set(err, GTD_ENOMEM, "libcurl could not start");
	c->cfg = *cfg;
	c->curl = curl_easy_init();
	if (!c->curl) {
		curl_global_cleanup();
		return gtd_err_set(err, GTD_ENOMEM, "libcurl could not start");
	}
	return GTD_OK;
}

void client_release(client *c)
{
	if (!c->curl)
		return;
	curl_easy_cleanup(c->curl);
	curl_global_cleanup();
	c->curl = NULL;
}

void client_result_init(client_result *r)
{
	memset(r, 0, sizeof(*r));
	gtd_buf_init(&r->body, CLIENT_BODY_MAX);
	r->rep.field = -1;
}

void client_result_release(client_result *r)
{
	size_t i;

	for (i = 0; i < COUNT(captured); i++)
		free(*(char **)((char *)r + captured[i].offset));
	gtd_buf_release(&r->body);
	gtd_fields_release(&r->fields);
	gtd_open_report_release(&r->rep);
	client_result_init(r);
}

const char *client_product_type(const char *booking)
{
	size_t i;

	for (i = 0; booking && i < COUNT(prefixes); i++)
		if (strncmp(booking, prefixes[i].prefix, strlen(prefixes[i].prefix)) == 0)
			return prefixes[i].product_type;
	return NULL;
}

/* target as an absolute URL (caller frees), or NULL. */
static char *make_url(const client *c, const char *target)
{
	size_t glen = strlen(c->cfg.gateway);
	char *url = NULL;

	if (strncmp(target, "http://", 7) == 0 || strncmp(target, "https://", 8) == 0)
		return strdup(target);
	while (glen && c->cfg.gateway[glen - 1] == '/')
		glen--;
	if (asprintf(&url, "%.*s%s%s", (int)glen, c->cfg.gateway, *target == '/' ? "" : "/",
		     target) < 0)
		return NULL;
	return url;
}

static const char *call_header(const client_call *call, const char *name, const char *dflt,
			       int *overridden)
{
	size_t i;

	for (i = 0; call && i < call->nheaders; i++)
		if (strcasecmp(call->headers[i].name, name) == 0) {
			*overridden = 1;
			return call->headers[i].value;
		}
	*overridden = 0;
	return dflt;
}

static int append_header(struct curl_slist **list, const char *name, const char *value)
{
	struct curl_slist *l;
	char *line = NULL;
	int n;

	/* "Name:" with nothing after it makes libcurl drop its own header. */
	if (value)
		n = asprintf(&line, "%s: %s", name, value);
	else
		n = asprintf(&line, "%s:", name);
	if (n < 0)
		return -1;
	l = curl_slist_append(*list, line);
	free(line);
	if (!l)
		return -1;
	*list = l;
	return 0;
}

/* The defaults, each replaced or dropped by call's header of that name,
 * then call's other headers. */
static struct curl_slist *build_headers(const client_header *defaults, size_t n,
					const client_call *call, client_result *r)
{
	struct curl_slist *list = NULL;
	size_t i, j;
	int over, bad = 0;

	for (i = 0; i < n && !bad; i++) {
		const char *v = call_header(call, defaults[i].name, defaults[i].value, &over);

		if (v || over)
			bad = append_header(&list, defaults[i].name, v);
	}
	for (i = 0; call && i < call->nheaders && !bad; i++) {
		for (j = 0; j < n; j++)
			if (strcasecmp(call->headers[i].name, defaults[j].name) == 0)
				break;
		if (j == n)
			bad = append_header(&list, call->headers[i].name, call->headers[i].value);
	}
	/* No "Expect: 100-continue" round trip for small bodies. */
	if (!bad)
		bad = append_header(&list, "Expect", NULL);
	if (bad) {
		curl_slist_free_all(list);
		set_error(r, "out of memory building the request headers");
		return NULL;
	}
	return list;
}

static void describe_failure(client *c, CURLcode rc, const char *method, const char *url,
			     client_result *r)
{
	const char *advice = "";
	size_t i;

	if (r->failure == CLIENT_FAIL_TOO_LARGE) {
		set_error(r, "%s %s: the answer is larger than %d bytes; this is not a gateway answer",
			  method, url, CLIENT_BODY_MAX);
		return;
	}
	r->failure = CLIENT_FAIL_OTHER;
	for (i = 0; i < COUNT(failures); i++)
		if (failures[i].code == rc) {
			r->failure = failures[i].kind;
			advice = failures[i].advice;
		}
	set_error(r, "%s %s: %s. %s", method, url, *c->curl_error ? c->curl_error : curl_easy_strerror(rc),
		  advice);
}

/* Partner headers a request carries. */
enum {
	SEND_APIKEY = 1 << 0,
	SEND_ACCESS_CODE = 1 << 1,
	SEND_PARTNER = SEND_APIKEY | SEND_ACCESS_CODE,
};

/* Sends one request; extra is one more default header (name NULL: none). */
static gtd_status perform(client *c, const char *method, const char *target, const char *body,
			  unsigned partner, client_header extra, const client_call *call,
			  client_result *r)
{
	client_header defaults[HEADERS_MAX];
	struct curl_slist *headers = NULL;
	long timeout = call && call->timeout_ms ? call->timeout_ms
			: c->cfg.timeout_ms ? c->cfg.timeout_ms : CLIENT_TIMEOUT_MS;
	char *url = make_url(c, target);
	gtd_status st = GTD_OK;
	size_t n = 0;
	CURLcode rc;

	if (!url) {
		set_error(r, "out of memory");
		return GTD_ENOMEM;
	}
	if (partner & SEND_APIKEY)
		defaults[n++] = (client_header){"apikey", c->cfg.api_key};
	if (partner & SEND_ACCESS_CODE)
		defaults[n++] = (client_header){"x-ibe-req-name", c->cfg.access_code};
	if (body)
		defaults[n++] = (client_header){"Content-Type", "application/json"};
	if (extra.name)
		defaults[n++] = extra;
	headers = build_headers(defaults, n, call, r);
	if (!headers) {
		st = GTD_ENOMEM;
		goto out;
	}
	curl_easy_reset(c->curl);
	c->curl_error[0] = '\0';
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "gtd-scenario/" PACKAGE_VERSION);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->curl_error);
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	/* On a reused connection that closes without an answer, libcurl sends
	 * the request again: a commit the gateway did process would be made
	 * twice, and a dropped connection would never be seen. */
	curl_easy_setopt(c->curl, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS,
			 timeout < CONNECT_TIMEOUT_MS ? timeout : (long)CONNECT_TIMEOUT_MS);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
	if (c->cfg.cacert)
		curl_easy_setopt(c->curl, CURLOPT_CAINFO, c->cfg.cacert);
	if (c->cfg.insecure) {
		curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(c->curl, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (c->cfg.trace) {
		curl_easy_setopt(c->curl, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(c->curl, CURLOPT_DEBUGDATA, c);
		curl_easy_setopt(c->curl, CURLOPT_VERBOSE, 1L);
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "POST") != 0)
		curl_easy_setopt(c->curl, CURLOPT_CUSTOMREQUEST, method);
	if (body || strcmp(method, "POST") == 0) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
	}
	rc = curl_easy_perform(c->curl);
	if (rc != CURLE_OK) {
		describe_failure(c, rc, method, url, r);
		st = GTD_EIO;
		goto out;
	}
	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->http);
out:
	curl_slist_free_all(headers);
	free(url);
	return st;
}

gtd_status client_http(client *c, const char *method, const char *target, const char *body,
		       int partner_headers, const client_call *call, client_result *r)
{
	return perform(c, method, target, body, partner_headers ? SEND_PARTNER : 0,
		       (client_header){NULL, NULL}, call, r);
}

gtd_status client_control(client *c, gtd_api_id api, const char *body, const client_call *call,
			  client_result *r)
{
	const gtd_api *a = gtd_api_get(api);

	return perform(c, a->method, a->path, body, 0, (client_header){NULL, NULL}, call, r);
}

/* Re-encodes one base64url member of env after changing its bytes. */
static gtd_status tamper(client_tamper how, gtd_envelope *env, client_result *r)
{
	char **member = how == CLIENT_TAMPER_DATA ? &env->data : &env->key;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char *again;
	gtd_err err;

	if (gtd_b64_decode(*member, strlen(*member), &bytes, &len, &err) != GTD_OK) {
		set_error(r, "cannot tamper with our own envelope: %s", err.msg);
		return GTD_EINVAL;
	}
	/* Cutting a whole block keeps the base64 and the block count valid, so
	 * the receiver fails exactly at the padding check (the byte before is
	 * text, never a valid pad). */
	if (how == CLIENT_TAMPER_DATA && len > DES_BLOCK)
		len -= DES_BLOCK;
	else if (how == CLIENT_TAMPER_KEY)
		bytes[len / 2] ^= 0x5a;
	again = gtd_b64_encode(bytes, len, GTD_B64_URL);
	free(bytes);
	if (!again) {
		set_error(r, "out of memory");
		return GTD_ENOMEM;
	}
	free(*member);
	*member = again;
	return GTD_OK;
}

/* Seals f as the request body (caller frees *json). */
static gtd_status seal_body(client *c, const gtd_fields *f, const client_call *call, char **json,
			    client_result *r)
{
	const gtd_key *sender = call && call->sign_with ? call->sign_with : c->cfg.partner_key;
	const gtd_key *receiver = call && call->encrypt_to ? call->encrypt_to : c->cfg.gotadi_key;
	client_tamper how = call ? call->tamper : CLIENT_TAMPER_NONE;
	gtd_envelope env = {0};
	gtd_status st;
	gtd_err err;

	*json = NULL;
	trace(&c->cfg, "seal %s: signed with %s (%.16s...), session key encrypted to %s (%.16s...)",
	      f->schema->name, sender == c->cfg.partner_key ? "the partner's key" : "ANOTHER key",
	      sender->fingerprint, receiver == c->cfg.gotadi_key ? "Gotadi's key" : "ANOTHER key",
	      receiver->fingerprint);
	trace_fields(&c->cfg, f);
	st = gtd_seal_ex(f, sender, receiver, NULL, 0,
			 how == CLIENT_TAMPER_SIGNATURE ? GTD_SEAL_BAD_SIGNATURE : 0, &env, &err);
	if (st != GTD_OK) {
		set_error(r, "cannot seal %s: %s", f->schema->name, err.msg);
		goto out;
	}
	if ((how == CLIENT_TAMPER_DATA || how == CLIENT_TAMPER_KEY) &&
	    (st = tamper(how, &env, r)) != GTD_OK)
		goto out;
	if (how != CLIENT_TAMPER_NONE)
		trace(&c->cfg, "tampered with on purpose: %s", client_tamper_names[how]);
	trace(&c->cfg, "sealed: key %zu characters, data %zu characters", strlen(env.key),
	      strlen(env.data));
	*json = gtd_envelope_to_json(&env);
	if (!*json) {
		set_error(r, "out of memory");
		st = GTD_ENOMEM;
	}
out:
	gtd_envelope_release(&env);
	return st;
}

static void trace_open(const client_config *cfg, const gtd_schema *s, int opened,
		       const gtd_fields *f, const gtd_open_report *rep)
{
	if (!cfg->trace)
		return;
	if (!opened) {
		trace(cfg, "open %s failed at step %s (error code %s): %s", s->name,
		      gtd_open_step_name(rep->step), gtd_codes[gtd_open_step_code(rep->step)].code,
		      rep->why);
		return;
	}
	trace(cfg, "open %s: session key %zu bytes, signature verified with Gotadi's key "
		   "(%.16s...), access code matches", s->name, rep->session_key_len,
	      cfg->gotadi_key->fingerprint);
	trace_fields(cfg, f);
}

/* Opens an HTTP 200 answer as a message of schema s. */
static void open_answer(client *c, const gtd_schema *s, client_result *r)
{
	gtd_envelope env = {0};
	gtd_err err;

	r->schema = s;
	if (gtd_envelope_from_json(gtd_buf_str(&r->body), r->body.len, &env, &err) != GTD_OK) {
		gtd_fields_init(&r->fields, s);
		r->rep.step = GTD_OPEN_INPUT;
		snprintf(r->rep.why, sizeof(r->rep.why), "the answer is not an envelope: %.400s", err.msg);
	} else {
		r->opened = gtd_open(s, env.key, env.data, c->cfg.partner_key, c->cfg.gotadi_key,
				     c->cfg.access_code, &r->fields, &r->rep) == GTD_OK;
	}
	trace_open(&c->cfg, s, r->opened, &r->fields, &r->rep);
	gtd_envelope_release(&env);
}

gtd_status client_sealed(client *c, const char *path, const gtd_fields *f,
			 const client_call *call, client_result *r)
{
	const gtd_schema *answer = gtd_api_response_schema(gtd_api_by_request(f->schema));
	char *body = NULL;
	gtd_status st;

	st = seal_body(c, f, call, &body, r);
	if (st == GTD_OK)
		st = perform(c, "POST", path, body, SEND_PARTNER, (client_header){NULL, NULL}, call, r);
	if (st == GTD_OK && r->http == 200 && answer)
		open_answer(c, answer, r);
	free(body);
	return st;
}

/* Fills a request's fields from name/value pairs (NULL values stay empty). */
static gtd_status fill(gtd_fields *f, const char *const (*pairs)[2], size_t n, client_result *r)
{
	gtd_err err;
	size_t i;

	for (i = 0; i < n; i++)
		if (pairs[i][1] && gtd_fields_set(f, pairs[i][0], pairs[i][1], &err) != GTD_OK) {
			set_error(r, "%s", err.msg);
			return err.status;
		}
	return GTD_OK;
}

static gtd_status sealed_call(client *c, gtd_api_id api, const char *const (*pairs)[2], size_t n,
			      const client_call *call, client_result *r)
{
	const gtd_api *a = gtd_api_get(api);
	gtd_fields f;
	gtd_status st;

	gtd_fields_init(&f, gtd_api_request_schema(a));
	st = fill(&f, pairs, n, r);
	if (st == GTD_OK)
		st = client_sealed(c, a->path, &f, call, r);
	gtd_fields_release(&f);
	return st;
}

static const char *access_code(const client *c, const client_call *call)
{
	return call && call->access_code ? call->access_code : c->cfg.access_code;
}

gtd_status client_login(client *c, const char *user, const char *product, const char *layout,
			const client_call *call, client_result *r)
{
	const char *const pairs[][2] = {
		{"access_code", access_code(c, call)},
		{"user_id", user},
		{"layout", layout},
		{"product", product},
	};

	return sealed_call(c, GTD_API_LOGIN, pairs, COUNT(pairs), call, r);
}

gtd_status client_commit(client *c, const char *booking, const char *partner_trans_id,
			 const char *product_type, const client_call *call, client_result *r)
{
	const char *const pairs[][2] = {
		{"access_code", access_code(c, call)},
		{"booking_number", booking},
		{"partner_trans_id", partner_trans_id},
		{"product_type", product_type},
	};

	return sealed_call(c, GTD_API_COMMIT, pairs, COUNT(pairs), call, r);
}

gtd_status client_query(client *c, const char *booking, const client_call *call,
			client_result *r)
{
	const char *const pairs[][2] = {
		{"access_code", access_code(c, call)},
		{"booking_number", booking},
	};

	return sealed_call(c, GTD_API_QUERY_TRANS, pairs, COUNT(pairs), call, r);
}

/* The Authorization header of a user's token into *header (name NULL
 * when there is no token); *value holds its value (caller frees). */
static gtd_status bearer(const char *token, client_header *header, char **value, client_result *r)
{
	*header = (client_header){NULL, NULL};
	*value = NULL;
	if (!token || !*token)
		return GTD_OK;
	if (asprintf(value, "Bearer %s", token) < 0) {
		*value = NULL;
		set_error(r, "out of memory");
		return GTD_ENOMEM;
	}
	*header = (client_header){"Authorization", *value};
	return GTD_OK;
}

gtd_status client_user(client *c, const char *method, const char *target, const char *body,
		       const char *token, const client_call *call, client_result *r)
{
	client_header auth;
	char *value;
	gtd_status st = bearer(token, &auth, &value, r);

	if (st == GTD_OK)
		st = perform(c, method, target, body, 0, auth, call, r);
	free(value);
	return st;
}

/* GET the endpoint's path?query=value, value escaped. */
static gtd_status get_with_arg(client *c, gtd_api_id api, const char *value, unsigned partner,
			       client_header extra, const client_call *call, client_result *r)
{
	const gtd_api *a = gtd_api_get(api);
	char *esc = curl_easy_escape(c->curl, value ? value : "", 0), *target = NULL;
	gtd_status st;

	if (!esc || asprintf(&target, "%s?%s=%s", a->path, a->query, esc) < 0) {
		curl_free(esc);
		set_error(r, "out of memory");
		return GTD_ENOMEM;
	}
	st = perform(c, "GET", target, NULL, partner, extra, call, r);
	curl_free(esc);
	free(target);
	return st;
}

gtd_status client_detail(client *c, const char *booking, const client_call *call,
			 client_result *r)
{
	return get_with_arg(c, GTD_API_BOOKING_DETAIL, booking, SEND_APIKEY, (client_header){NULL, NULL}, call, r);
}

gtd_status client_place_order(client *c, const char *booking, const char *token,
			      const client_call *call, client_result *r)
{
	client_header auth;
	char *value;
	gtd_status st = bearer(token, &auth, &value, r);

	if (st == GTD_OK)
		st = get_with_arg(c, GTD_API_PLACE_ORDER, booking, 0, auth, call, r);
	free(value);
	return st;
}

static int hex(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)(ch | 0x20);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* %XX decoded; '+' kept, since standard base64 uses it. */
static char *percent_decode(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
			*o++ = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

char *client_url_arg(const char *url, const char *name)
{
	const char *p = url ? strchr(url, '?') : NULL;
	size_t n = strlen(name);

	while (p) {
		const char *end;

		p++;
		end = p + strcspn(p, "?&#");
		if (strncmp(p, name, n) == 0 && p[n] == '=')
			return percent_decode(p + n + 1, (size_t)(end - (p + n + 1)));
		p = *end == '?' || *end == '&' ? end : NULL;
	}
	return NULL;
}

gtd_status client_open_redirect(const client_config *cfg, const char *url, gtd_fields *f,
				gtd_open_report *rep)
{
	const gtd_schema *s = gtd_schema_find("place-order");
	char *key = client_url_arg(url, "key"), *data = client_url_arg(url, "data");
	gtd_status st;

	st = gtd_open(s, key, data, cfg->partner_key, cfg->gotadi_key, cfg->access_code, f, rep);
	if (st != GTD_OK && rep->step == GTD_OPEN_INPUT)
		snprintf(rep->why, sizeof(rep->why), "the URL has no %s argument: a place-order redirect "
			 "is PAYMENT_URL?key=K?data=D (or &data=D)", !key || !*key ? "key=" : "data=");
	trace_open(cfg, s, st == GTD_OK, f, rep);
	free(key);
	free(data);
	return st;
}

char *client_error_message(const client_result *r)
{
	cJSON *o = cJSON_ParseWithLength(gtd_buf_str(&r->body), r->body.len);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, "message");
	char *out = cJSON_IsString(m) ? strdup(m->valuestring) : NULL;

	cJSON_Delete(o);
	return out;
}
