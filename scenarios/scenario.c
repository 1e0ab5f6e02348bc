#include "scenario.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "client.h"
#include "envelope.h"
#include "fs.h"
#include "jsonnum.h"
#include "schema.h"

#define PATH_MAX_LEN 256
#define TIMEOUT_MAX_MS 600000L

const char *const scenario_predefined[] = {"partner_id", "access_code", "gateway", "payment_url",
					   NULL};

static const char *const signers[] = {"partner", "generate", NULL};
static const char *const receivers[] = {"gotadi", "partner", "generate", NULL};

/* Members every step may have besides its type's. */
static const char *const common_members[] = {"type", "label", "timeout_ms", "save", "expect", NULL};
/* The members whose strings are not templates. */
static const char *const plain_members[] = {"type", "label", "timeout_ms", "save", NULL};

/* Where the parser is, for messages. */
typedef struct parser {
	const char *file;
	char path[PATH_MAX_LEN];
	size_t len;
	gtd_err *err;
	scenario_vars known;          /* variables defined so far (values unused) */
} parser;

/* Appends ".name" or "[i]" to the path; returns the length to go back to. */
static size_t enter(parser *p, const char *name, long index)
{
	size_t saved = p->len;
	int n;

	if (name)
		n = snprintf(p->path + p->len, sizeof(p->path) - p->len, "%s%s", p->len ? "." : "",
			     name);
	else
		n = snprintf(p->path + p->len, sizeof(p->path) - p->len, "[%ld]", index);
	if (n > 0)
		p->len += (size_t)n < sizeof(p->path) - p->len ? (size_t)n : sizeof(p->path) - p->len - 1;
	return saved;
}

static void leave(parser *p, size_t saved)
{
	p->len = saved;
	p->path[saved] = '\0';
}

static gtd_status bad(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static gtd_status bad(parser *p, const char *fmt, ...)
{
	char msg[GTD_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return gtd_err_set(p->err, GTD_EINVAL, "%s: %s: %s", p->file, p->len ? p->path : "(top)",
			   msg);
}

static gtd_status oom(parser *p)
{
	return gtd_err_set(p->err, GTD_ENOMEM, "%s: out of memory", p->file);
}

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* "a, b or c", quoted, for messages ("" shows as ""). */
static void list_text(const char *const *list, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (; *list && n < size; list++)
		n += (size_t)snprintf(out + n, size - n, "%s\"%s\"", n ? (list[1] ? ", " : " or ") : "",
				      *list);
}

/* Refuses members of o not in the lists. */
static gtd_status only_members(parser *p, const cJSON *o, const char *const *names,
			       const step_arg *args)
{
	const cJSON *m;
	char allowed[512];
	size_t i, n;

	cJSON_ArrayForEach(m, o) {
		if (names && in_list(names, m->string))
			continue;
		for (i = 0; args && args[i].name; i++)
			if (strcmp(args[i].name, m->string) == 0)
				break;
		if (args && args[i].name)
			continue;
		n = 0;
		allowed[0] = '\0';
		for (i = 0; names && names[i] && n < sizeof(allowed); i++)
			n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, "%s%s", n ? ", " : "",
					      names[i]);
		for (i = 0; args && args[i].name && n < sizeof(allowed); i++)
			n += (size_t)snprintf(allowed + n, sizeof(allowed) - n, "%s%s", n ? ", " : "",
					      args[i].name);
		enter(p, m->string, 0);
		return bad(p, "unknown member; allowed here: %s", allowed);
	}
	return GTD_OK;
}

/* Copies the string member name of o into *out (NULL when absent). */
static gtd_status opt_string(parser *p, const cJSON *o, const char *name, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	size_t saved;
	gtd_status st = GTD_OK;

	*out = NULL;
	if (!v)
		return GTD_OK;
	saved = enter(p, name, 0);
	if (!cJSON_IsString(v))
		st = bad(p, "expected a string");
	else if (!(*out = strdup(v->valuestring)))
		st = oom(p);
	leave(p, saved);
	return st;
}

static gtd_status check_string_value(parser *p, const cJSON *v, const char *const *allowed)
{
	char text[512];

	if (!cJSON_IsString(v))
		return bad(p, "expected a string");
	if (!allowed || strstr(v->valuestring, "${") || in_list(allowed, v->valuestring))
		return GTD_OK;
	list_text(allowed, text, sizeof(text));
	return bad(p, "\"%s\" is not allowed; use %s", v->valuestring, text);
}

/* {"name": "value" or null, ...} */
static gtd_status check_headers(parser *p, const cJSON *v)
{
	const cJSON *h;

	if (!cJSON_IsObject(v))
		return bad(p, "expected an object of header names to strings (or null: do not send)");
	cJSON_ArrayForEach(h, v) {
		size_t saved = enter(p, h->string, 0);

		if (!*h->string || strpbrk(h->string, ": \r\n"))
			return bad(p, "not a header name");
		if (!cJSON_IsString(h) && !cJSON_IsNull(h))
			return bad(p, "expected a string, or null to leave the header out");
		if (cJSON_IsString(h) && strpbrk(h->valuestring, "\r\n"))
			return bad(p, "a header value cannot contain a line break");
		leave(p, saved);
	}
	return GTD_OK;
}

static const step_arg seal_args[] = {
	{"sign_with", STEP_ARG_STRING, 0, signers, NULL, 0, 0},
	{"encrypt_to", STEP_ARG_STRING, 0, receivers, NULL, 0, 0},
	{"tamper", STEP_ARG_STRING, 0, client_tamper_names, NULL, 0, 0},
	STEP_ARG_END,
};
static const step_arg seal_message_args[] = {
	{"schema", STEP_ARG_STRING, STEP_ARG_REQUIRED, NULL, NULL, 0, 0},
	{"fields", STEP_ARG_OBJECT, STEP_ARG_REQUIRED, NULL, NULL, 0, 0},
	{"sign_with", STEP_ARG_STRING, 0, signers, NULL, 0, 0},
	{"encrypt_to", STEP_ARG_STRING, 0, receivers, NULL, 0, 0},
	{"tamper", STEP_ARG_STRING, 0, client_tamper_names, NULL, 0, 0},
	STEP_ARG_END,
};

static gtd_status check_args(parser *p, const cJSON *o, const step_arg *args);

/* An object with exactly the members of args. */
static gtd_status check_object(parser *p, const cJSON *v, const step_arg *args)
{
	gtd_status st;

	if (!cJSON_IsObject(v))
		return bad(p, "expected an object");
	if ((st = only_members(p, v, NULL, args)) != GTD_OK)
		return st;
	return check_args(p, v, args);
}

/* A sealed message: its schema must exist and its fields be the schema's. */
static gtd_status check_seal_message(parser *p, const cJSON *v)
{
	const cJSON *schema = cJSON_GetObjectItemCaseSensitive(v, "schema"), *f;
	const gtd_schema *s;
	size_t saved;
	gtd_status st;

	if ((st = check_object(p, v, seal_message_args)) != GTD_OK)
		return st;
	s = gtd_schema_find(schema->valuestring);
	if (!s) {
		saved = enter(p, "schema", 0);
		st = bad(p, "no schema \"%s\"; 'gtd-scenario schemas' lists them", schema->valuestring);
		leave(p, saved);
		return st;
	}
	saved = enter(p, "fields", 0);
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(v, "fields")) {
		size_t inner = enter(p, f->string, 0);

		if (gtd_schema_field_index(s, f->string) < 0)
			return bad(p, "%s has no field \"%s\"", s->name, f->string);
		if (!cJSON_IsString(f))
			return bad(p, "expected a string");
		leave(p, inner);
	}
	leave(p, saved);
	return GTD_OK;
}

static gtd_status check_arg(parser *p, const step_arg *a, const cJSON *v)
{
	long long n;

	switch (a->kind) {
	case STEP_ARG_STRING:
		return check_string_value(p, v, a->allowed);
	case STEP_ARG_INT:
		/* Out of range first: 1e19 is whole, just too large. */
		if (cJSON_IsNumber(v) && (v->valuedouble < (double)a->min || v->valuedouble > (double)a->max))
			return bad(p, "must be from %ld to %ld", a->min, a->max);
		if (!gtd_json_int(v, a->min, a->max, &n))
			return bad(p, "expected a whole number");
		return GTD_OK;
	case STEP_ARG_BOOL:
		return cJSON_IsBool(v) ? GTD_OK : bad(p, "expected true or false");
	case STEP_ARG_HEADERS:
		return check_headers(p, v);
	case STEP_ARG_OBJECT:
		return cJSON_IsObject(v) ? GTD_OK : bad(p, "expected an object");
	case STEP_ARG_BODY:
		return cJSON_IsString(v) || cJSON_IsObject(v) || cJSON_IsArray(v)
			? GTD_OK : bad(p, "expected a string, or JSON to send as it is");
	case STEP_ARG_SEAL:
		return check_object(p, v, seal_args);
	case STEP_ARG_SEAL_MESSAGE:
		return check_seal_message(p, v);
	}
	return GTD_OK;
}

/* Checks o's members against args (o's other members are checked by the
 * caller): types, allowed values, required ones, alternatives. */
static gtd_status check_args(parser *p, const cJSON *o, const step_arg *args)
{
	size_t i, alternatives = 0, given = 0;
	char names[256] = "";
	gtd_status st;

	for (i = 0; args[i].name; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, args[i].name);
		size_t saved;

		if (args[i].flags & STEP_ARG_ALTERNATIVE) {
			size_t n = strlen(names);

			snprintf(names + n, sizeof(names) - n, "%s\"%s\"", alternatives++ ? " or " : "",
				 args[i].name);
			given += v != NULL;
		}
		if (!v) {
			if (args[i].flags & STEP_ARG_REQUIRED)
				return bad(p, "\"%s\" is required", args[i].name);
			continue;
		}
		saved = enter(p, args[i].name, 0);
		if ((st = check_arg(p, &args[i], v)) != GTD_OK)
			return st;
		leave(p, saved);
	}
	if (alternatives && given != 1)
		return bad(p, given ? "give only one of %s" : "one of %s is required", names);
	return GTD_OK;
}

/* Every string in v (at any depth) may only use variables known so far. */
static gtd_status check_refs(parser *p, const cJSON *v)
{
	const cJSON *c;
	gtd_status st;
	long i = 0;

	if (cJSON_IsString(v)) {
		char *out = NULL;
		gtd_err e;

		st = scenario_subst(&p->known, v->valuestring, &out, &e);
		free(out);
		if (st == GTD_ENOTFOUND) {
			char names[256];

			list_text(scenario_predefined, names, sizeof(names));
			return bad(p, "%s: no earlier step saves it (predefined: %s)", e.msg, names);
		}
		return st == GTD_OK ? GTD_OK : bad(p, "%s", e.msg);
	}
	cJSON_ArrayForEach(c, v) {
		size_t saved = enter(p, cJSON_IsObject(v) ? c->string : NULL, i++);

		if ((st = check_refs(p, c)) != GTD_OK)
			return st;
		leave(p, saved);
	}
	return GTD_OK;
}

static int valid_name(const char *s)
{
	if (!*s || (*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* An object of strings into pairs. */
static gtd_status string_pairs(parser *p, const cJSON *o, scenario_pair **out, size_t *n,
			       int names_are_variables)
{
	const cJSON *m;
	size_t count = (size_t)cJSON_GetArraySize(o);

	*n = 0;
	if (!cJSON_IsObject(o))
		return bad(p, "expected an object");
	*out = calloc(count ? count : 1, sizeof(**out));
	if (!*out)
		return oom(p);
	cJSON_ArrayForEach(m, o) {
		size_t saved = enter(p, m->string, 0);

		if (names_are_variables && !valid_name(m->string))
			return bad(p, "a variable name is letters, digits and '_', not starting with a "
				      "digit");
		if (names_are_variables && in_list(scenario_predefined, m->string))
			return bad(p, "%s is predefined and cannot be saved over", m->string);
		if (!cJSON_IsString(m))
			return bad(p, "expected a string");
		(*out)[*n].name = strdup(m->string);
		(*out)[*n].value = strdup(m->valuestring);
		if (!(*out)[(*n)++].value || !(*out)[*n - 1].name)
			return oom(p);
		leave(p, saved);
	}
	return GTD_OK;
}

/* expect's plain string members. */
static const struct {
	const char *name;
	size_t offset;
} expect_strings[] = {
	{"code", offsetof(scenario_expect, code)},
	{"email", offsetof(scenario_expect, email)},
	{"explain_contains", offsetof(scenario_expect, explain_contains)},
	{"body_contains", offsetof(scenario_expect, body_contains)},
	{"warning_contains", offsetof(scenario_expect, warning_contains)},
	{"open_fails", offsetof(scenario_expect, open_fails)},
	{"connection", offsetof(scenario_expect, connection)},
};
static const char *const expect_members[] = {
	"http", "code", "fields", "booking", "email", "explain_contains", "body_contains",
	"warning_contains", "open_fails", "connection", NULL,
};

static const char *const booking_members[] = {"number", "status", "paymentStatus", "issuedStatus",
					      NULL};

static gtd_status parse_expect_booking(parser *p, const cJSON *o, scenario_expect *e)
{
	gtd_status st;
	int i;

	if (!cJSON_IsObject(o))
		return bad(p, "expected an object {number, status, paymentStatus, issuedStatus}");
	if ((st = only_members(p, o, booking_members, NULL)) != GTD_OK ||
	    (st = opt_string(p, o, "number", &e->booking_number)) != GTD_OK)
		return st;
	e->booking = 1;
	for (i = 0; i < GTD_STATUS_FIELD_COUNT; i++) {
		const char *name = gtd_booking_statuses[i].json_name;
		size_t saved;

		if ((st = opt_string(p, o, name, &e->status[i])) != GTD_OK)
			return st;
		if (!e->status[i] || gtd_status_valid((gtd_status_field)i, e->status[i]))
			continue;
		saved = enter(p, name, 0);
		{
			char text[512];

			list_text(gtd_booking_statuses[i].values, text, sizeof(text));
			st = bad(p, "\"%s\" is not a %s; use %s", e->status[i], name, text);
		}
		leave(p, saved);
		return st;
	}
	return GTD_OK;
}

static int valid_open_step(const char *name)
{
	int i;

	for (i = GTD_OPEN_INPUT; i < GTD_OPEN_STEP_COUNT; i++)
		if (strcmp(gtd_open_step_name((gtd_open_step)i), name) == 0)
			return 1;
	return 0;
}

/* The values expect's checked strings may take. */
static gtd_status check_expect_values(parser *p, const scenario_expect *e)
{
	const gtd_code_info *ci = e->code ? gtd_code_lookup(e->code) : NULL;
	int kind = e->email ? gtd_email_kind_lookup(e->email) : -1;
	size_t saved;
	gtd_status st = GTD_OK;

	if (e->code && !ci) {
		saved = enter(p, "code", 0);
		st = bad(p, "\"%s\" is not a Gotadi error code (00 to 10, or 99)", e->code);
	} else if (e->email && (kind < 0 || !gtd_email_kinds[kind].customer)) {
		saved = enter(p, "email", 0);
		st = bad(p, "\"%s\" is not a customer e-mail kind (hold-ok, issued, hold-failed, "
			    "payment-failed, issue-failed)", e->email);
	} else if (e->open_fails && !valid_open_step(e->open_fails)) {
		saved = enter(p, "open_fails", 0);
		st = bad(p, "\"%s\" is not a step of opening an envelope (input, key-base64, rsa, "
			    "session-key-length, data-base64, 3des, utf8, field-count, signature, field, "
			    "access-code)", e->open_fails);
	} else if (e->connection && (!in_list(client_failure_names, e->connection) ||
				     strcmp(e->connection, "none") == 0)) {
		saved = enter(p, "connection", 0);
		st = bad(p, "\"%s\" is not a connection failure (refused, dns, timeout, closed, tls, "
			    "too-large, other)", e->connection);
	} else {
		return GTD_OK;
	}
	leave(p, saved);
	return st;
}

static gtd_status parse_expect(parser *p, const cJSON *o, scenario_expect *e)
{
	long long http;
	const cJSON *v;
	gtd_status st;
	size_t i, saved;

	if (!cJSON_IsObject(o))
		return bad(p, "expected an object");
	if ((st = only_members(p, o, expect_members, NULL)) != GTD_OK)
		return st;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "http"))) {
		saved = enter(p, "http", 0);
		if (!gtd_json_int(v, 100, 599, &http))
			return bad(p, "expected an HTTP status (100 to 599)");
		e->http = (int)http;
		leave(p, saved);
	}
	for (i = 0; i < sizeof(expect_strings) / sizeof(expect_strings[0]); i++)
		if ((st = opt_string(p, o, expect_strings[i].name,
				     (char **)((char *)e + expect_strings[i].offset))) != GTD_OK)
			return st;
	if ((st = check_expect_values(p, e)) != GTD_OK)
		return st;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "fields"))) {
		saved = enter(p, "fields", 0);
		if ((st = string_pairs(p, v, &e->fields, &e->nfields, 0)) != GTD_OK)
			return st;
		leave(p, saved);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "booking"))) {
		saved = enter(p, "booking", 0);
		if ((st = parse_expect_booking(p, v, e)) != GTD_OK)
			return st;
		leave(p, saved);
	}
	return GTD_OK;
}

/* What a step's expectations and control use imply, checked once the
 * whole step is read. */
static gtd_status check_step_semantics(parser *p, const scenario *sc, const scenario_step *st)
{
	const scenario_step_info *info = &scenario_step_types[st->type];
	const scenario_expect *e = &st->expect;
	const char *path = scenario_step_str(st, "path");
	int sealed = (info->flags & SCENARIO_STEP_SEALED) || scenario_step_json(st, "seal");
	int control = (info->flags & SCENARIO_STEP_CONTROL) || e->email ||
		      (path && strncmp(path, "/__gtd/", 7) == 0);
	int has_booking = (info->flags & SCENARIO_STEP_BOOKING) || e->booking_number;

	if (control && !sc->needs_control)
		return bad(p, "this step uses the mock's control API: set \"needs_control\": true on "
			      "the scenario (it is then skipped with --no-control)");
	if (st->type == SCENARIO_HTTP && sealed && scenario_step_json(st, "body"))
		return bad(p, "give either \"body\" or \"seal\", not both");
	if ((e->code || e->open_fails) && !sealed && !(info->flags & SCENARIO_STEP_OFFLINE))
		return bad(p, "expect.%s needs an answer in an envelope (login, commit, query_trans, "
			      "or http with \"seal\")", e->code ? "code" : "open_fails");
	if (e->code && (info->flags & SCENARIO_STEP_OFFLINE))
		return bad(p, "expect.code: %s carries no error code", info->name);
	if ((e->booking || e->email) && !has_booking)
		return bad(p, "expect.%s needs a booking: give expect.booking.number",
			   e->email ? "email" : "booking");
	if ((e->http || e->connection) && (info->flags & SCENARIO_STEP_OFFLINE))
		return bad(p, "%s makes no request: expect.%s does not apply", info->name,
			   e->http ? "http" : "connection");
	if (e->connection && (e->http || e->code))
		return bad(p, "expect.connection means no answer comes: it goes without http and code");
	return GTD_OK;
}

static gtd_status parse_step(parser *p, scenario *sc, const cJSON *o, scenario_step *st)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type"), *v;
	gtd_status s;
	size_t i, saved;

	if (!cJSON_IsObject(o))
		return bad(p, "a step is an object {\"type\": ..., ...}");
	if (!cJSON_IsString(type)) {
		saved = enter(p, "type", 0);
		return bad(p, type ? "expected a string" : "every step needs a \"type\"");
	}
	for (i = 0; i < SCENARIO_STEP_TYPE_COUNT; i++)
		if (strcmp(scenario_step_types[i].name, type->valuestring) == 0)
			break;
	if (i == SCENARIO_STEP_TYPE_COUNT) {
		char names[512];
		size_t n = 0;

		for (i = 0; i < SCENARIO_STEP_TYPE_COUNT; i++)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s", i ? ", " : "",
					      scenario_step_types[i].name);
		enter(p, "type", 0);
		return bad(p, "no step type \"%s\"; the types are %s", type->valuestring, names);
	}
	if (!scenario_step_types[i].args || !scenario_step_types[i].run) {
		enter(p, "type", 0);
		return bad(p, "step type \"%s\" has no %s in this build", type->valuestring,
			   scenario_step_types[i].args ? "runner" : "member list");
	}
	st->type = (scenario_step_type)i;
	if (!(st->json = cJSON_Duplicate(o, 1)))
		return oom(p);
	if ((s = only_members(p, o, common_members, scenario_step_types[i].args)) != GTD_OK ||
	    (s = check_args(p, o, scenario_step_types[i].args)) != GTD_OK ||
	    (s = opt_string(p, o, "label", &st->label)) != GTD_OK)
		return s;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "timeout_ms"))) {
		saved = enter(p, "timeout_ms", 0);
		if (!cJSON_IsNumber(v) || v->valuedouble < 1 || v->valuedouble > TIMEOUT_MAX_MS)
			return bad(p, "expected milliseconds, from 1 to %ld", TIMEOUT_MAX_MS);
		st->timeout_ms = (long)v->valuedouble;
		leave(p, saved);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "expect"))) {
		saved = enter(p, "expect", 0);
		if ((s = parse_expect(p, v, &st->expect)) != GTD_OK)
			return s;
		leave(p, saved);
	}
	if ((s = check_step_semantics(p, sc, st)) != GTD_OK)
		return s;
	/* Variables: used ones must be known; saved ones are known afterwards. */
	cJSON_ArrayForEach(v, o) {
		if (in_list(plain_members, v->string))
			continue;
		saved = enter(p, v->string, 0);
		if ((s = check_refs(p, v)) != GTD_OK)
			return s;
		leave(p, saved);
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "save"))) {
		saved = enter(p, "save", 0);
		if ((s = string_pairs(p, v, &st->save, &st->nsave, 1)) != GTD_OK)
			return s;
		leave(p, saved);
		for (i = 0; i < st->nsave; i++)
			if (scenario_vars_set(&p->known, st->save[i].name, "", p->err) != GTD_OK)
				return oom(p);
	}
	return GTD_OK;
}

static const char *const top_members[] = {"name", "description", "gotadi_case", "needs_control", "steps",
					   NULL};

/* The folder a file is in, by name ("errors"); "scenarios" for a bare name. */
static char *suite_of(const char *file)
{
	char *real = realpath(file, NULL), *slash, *prev, *out;

	if (!real)
		return strdup("scenarios");
	slash = strrchr(real, '/');
	*slash = '\0';
	prev = strrchr(real, '/');
	out = strdup(prev && prev[1] ? prev + 1 : "scenarios");
	free(real);
	return out;
}

static char *stem_of(const char *file)
{
	const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	size_t len = strlen(base);

	if (len > 5 && strcmp(base + len - 5, ".json") == 0)
		len -= 5;
	return strndup(base, len);
}

/* "FILE:LINE:COL" of the byte at offset. */
static gtd_status syntax_error(const char *file, const char *text, size_t len, size_t offset,
			       gtd_err *err)
{
	size_t i, line = 1, col = 1;

	for (i = 0; i < offset && i < len; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	return gtd_err_set(err, GTD_EINVAL, "%s:%zu:%zu: not valid JSON here", file, line, col);
}

gtd_status scenario_parse(scenario *sc, const char *file, const char *text, size_t len,
			  gtd_err *err)
{
	parser p = {.file = file, .err = err};
	const char *end = NULL;
	const cJSON *v, *steps;
	cJSON *root;
	gtd_status st;
	size_t i;

	memset(sc, 0, sizeof(*sc));
	if (!(sc->file = strdup(file)))
		return oom(&p);
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root)
		return syntax_error(file, text, len, end && end >= text ? (size_t)(end - text) : 0, err);
	for (i = 0; scenario_predefined[i]; i++)
		if ((st = scenario_vars_set(&p.known, scenario_predefined[i], "", err)) != GTD_OK)
			goto out;
	if (!cJSON_IsObject(root)) {
		st = bad(&p, "a scenario is an object {\"name\", \"description\", \"needs_control\", "
			     "\"steps\"}");
		goto out;
	}
	if ((st = only_members(&p, root, top_members, NULL)) != GTD_OK ||
	    (st = opt_string(&p, root, "name", &sc->name)) != GTD_OK ||
	    (st = opt_string(&p, root, "description", &sc->description)) != GTD_OK ||
	    (st = opt_string(&p, root, "gotadi_case", &sc->gotadi_case)) != GTD_OK)
		goto out;
	if (!sc->name && !(sc->name = stem_of(file))) {
		st = oom(&p);
		goto out;
	}
	if (!sc->description && !(sc->description = strdup(""))) {
		st = oom(&p);
		goto out;
	}
	if (!(sc->suite = suite_of(file))) {
		st = oom(&p);
		goto out;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(root, "needs_control"))) {
		if (!cJSON_IsBool(v)) {
			enter(&p, "needs_control", 0);
			st = bad(&p, "expected true or false");
			goto out;
		}
		sc->needs_control = cJSON_IsTrue(v);
	}
	steps = cJSON_GetObjectItemCaseSensitive(root, "steps");
	if (!cJSON_IsArray(steps) || cJSON_GetArraySize(steps) == 0) {
		if (steps)
			enter(&p, "steps", 0);
		st = bad(&p, steps ? "expected a non-empty array of steps" : "\"steps\" is required");
		goto out;
	}
	sc->steps = calloc((size_t)cJSON_GetArraySize(steps), sizeof(*sc->steps));
	if (!sc->steps) {
		st = oom(&p);
		goto out;
	}
	cJSON_ArrayForEach(v, steps) {
		size_t saved = enter(&p, "steps", 0);

		enter(&p, NULL, (long)sc->nsteps);
		sc->steps[sc->nsteps].index = sc->nsteps;
		st = parse_step(&p, sc, v, &sc->steps[sc->nsteps++]);
		if (st != GTD_OK)
			goto out;
		leave(&p, saved);
	}
	st = GTD_OK;
out:
	scenario_vars_release(&p.known);
	cJSON_Delete(root);
	return st;
}

static void pairs_free(scenario_pair *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

static void step_release(scenario_step *st)
{
	size_t i;

	for (i = 0; i < sizeof(expect_strings) / sizeof(expect_strings[0]); i++)
		free(*(char **)((char *)&st->expect + expect_strings[i].offset));
	for (i = 0; i < GTD_STATUS_FIELD_COUNT; i++)
		free(st->expect.status[i]);
	free(st->expect.booking_number);
	pairs_free(st->expect.fields, st->expect.nfields);
	pairs_free(st->save, st->nsave);
	free(st->label);
	cJSON_Delete(st->json);
}

void scenario_release(scenario *sc)
{
	size_t i;

	for (i = 0; i < sc->nsteps; i++)
		step_release(&sc->steps[i]);
	free(sc->steps);
	free(sc->file);
	free(sc->suite);
	free(sc->name);
	free(sc->description);
	free(sc->gotadi_case);
	memset(sc, 0, sizeof(*sc));
}

static gtd_status load_file(scenario_list *l, const char *path, gtd_err *err)
{
	scenario *grown;
	char *text = NULL;
	size_t len = 0;
	gtd_status st;

	if ((st = gtd_file_read(path, SCENARIO_FILE_MAX, &text, &len, err)) != GTD_OK)
		return st;
	grown = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	if (!grown) {
		free(text);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	l->v = grown;
	st = scenario_parse(&l->v[l->n++], path, text, len, err);
	free(text);
	return st;
}

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int is_json(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && strcmp(name + len - 5, ".json") == 0;
}

gtd_status scenario_list_load(scenario_list *l, const char *path, gtd_err *err)
{
	struct dirent **names = NULL;
	size_t plen = strlen(path);
	struct stat sb;
	gtd_status st = GTD_OK;
	int n, i;

	if (stat(path, &sb) != 0)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s: %m", path);
	if (!S_ISDIR(sb.st_mode))
		return load_file(l, path, err);
	n = scandir(path, &names, not_hidden, alphasort);
	if (n < 0)
		return gtd_err_set(err, GTD_EIO, "cannot list %s: %m", path);
	while (plen > 1 && path[plen - 1] == '/')
		plen--;
	for (i = 0; i < n; i++) {
		char *child = NULL;

		if (st == GTD_OK && asprintf(&child, "%.*s/%s", (int)plen, path, names[i]->d_name) < 0) {
			child = NULL;
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		}
		if (st == GTD_OK && stat(child, &sb) == 0) {
			if (S_ISDIR(sb.st_mode))
				st = scenario_list_load(l, child, err);
			else if (is_json(names[i]->d_name))
				st = load_file(l, child, err);
		}
		free(child);
		free(names[i]);
	}
	free(names);
	return st;
}

void scenario_list_release(scenario_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		scenario_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static const step_arg *find_arg(const scenario_step *st, const char *name)
{
	const step_arg *a;

	for (a = scenario_step_types[st->type].args; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

const char *scenario_step_str(const scenario_step *st, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(st->json, name);
	const step_arg *a;

	if (cJSON_IsString(v))
		return v->valuestring;
	a = find_arg(st, name);
	return a ? a->dflt : NULL;
}

long scenario_step_int(const scenario_step *st, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(st->json, name);

	return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

int scenario_step_bool(const scenario_step *st, const char *name, int dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(st->json, name);

	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

const cJSON *scenario_step_json(const scenario_step *st, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(st->json, name);
}

void scenario_step_title(const scenario_step *st, char *out, size_t size)
{
	if (st->label)
		snprintf(out, size, "steps[%zu] %s (%s)", st->index, scenario_step_types[st->type].name,
			 st->label);
	else
		snprintf(out, size, "steps[%zu] %s", st->index, scenario_step_types[st->type].name);
}

gtd_status scenario_vars_set(scenario_vars *vs, const char *name, const char *value,
			     gtd_err *err)
{
	char *copy = strdup(value);
	size_t i;

	if (!copy)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	for (i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0) {
			free(vs->v[i].value);
			vs->v[i].value = copy;
			return GTD_OK;
		}
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 8;
		scenario_pair *grown = realloc(vs->v, cap * sizeof(*grown));

		if (!grown) {
			free(copy);
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		}
		vs->v = grown;
		vs->cap = cap;
	}
	vs->v[vs->n].name = strdup(name);
	if (!vs->v[vs->n].name) {
		free(copy);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	vs->v[vs->n++].value = copy;
	return GTD_OK;
}

const char *scenario_vars_get(const scenario_vars *vs, const char *name)
{
	size_t i;

	for (i = 0; i < vs->n; i++)
		if (strcmp(vs->v[i].name, name) == 0)
			return vs->v[i].value;
	return NULL;
}

void scenario_vars_release(scenario_vars *vs)
{
	pairs_free(vs->v, vs->n);
	memset(vs, 0, sizeof(*vs));
}

/* Appends to a substitution's result; the limit is the file size limit. */
static gtd_status add(gtd_buf *b, const char *s, size_t n, gtd_err *err)
{
	gtd_status st = gtd_buf_add(b, s, n);

	if (st == GTD_EINVAL)
		return gtd_err_set(err, st, "the text grows past %d bytes", SCENARIO_FILE_MAX);
	return st == GTD_OK ? st : gtd_err_set(err, st, "out of memory");
}

gtd_status scenario_subst(const scenario_vars *vs, const char *text, char **out, gtd_err *err)
{
	gtd_buf b;
	const char *p = text;
	gtd_status st = GTD_OK;

	*out = NULL;
	gtd_buf_init(&b, SCENARIO_FILE_MAX);
	while (st == GTD_OK && *p) {
		const char *dollar = strstr(p, "${"), *close, *value;
		char name[64];

		if (!dollar) {
			st = add(&b, p, strlen(p), err);
			break;
		}
		/* "$${" is a literal "${". */
		if (dollar > p && dollar[-1] == '$') {
			st = add(&b, p, (size_t)(dollar - p) - 1, err);
			if (st == GTD_OK)
				st = add(&b, "${", 2, err);
			p = dollar + 2;
			continue;
		}
		if ((st = add(&b, p, (size_t)(dollar - p), err)) != GTD_OK)
			break;
		close = strchr(dollar + 2, '}');
		if (!close) {
			st = gtd_err_set(err, GTD_EINVAL, "\"${\" without a closing \"}\"");
			break;
		}
		if ((size_t)(close - dollar - 2) >= sizeof(name)) {
			st = gtd_err_set(err, GTD_EINVAL, "a variable name is at most %zu characters",
					 sizeof(name) - 1);
			break;
		}
		memcpy(name, dollar + 2, (size_t)(close - dollar - 2));
		name[close - dollar - 2] = '\0';
		if (!valid_name(name)) {
			st = gtd_err_set(err, GTD_EINVAL, "\"${%s}\": a variable name is letters, digits "
					 "and '_', not starting with a digit", name);
			break;
		}
		value = scenario_vars_get(vs, name);
		if (!value) {
			st = gtd_err_set(err, GTD_ENOTFOUND, "unknown variable ${%s}", name);
			break;
		}
		st = add(&b, value, strlen(value), err);
		p = close + 1;
	}
	if (st == GTD_OK && !(*out = gtd_buf_detach(&b)))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	gtd_buf_release(&b);
	return st;
}

static gtd_status subst_tree(const scenario_vars *vs, cJSON *node, gtd_err *err)
{
	cJSON *c;
	gtd_status st;

	if (cJSON_IsString(node)) {
		char *out = NULL;

		if ((st = scenario_subst(vs, node->valuestring, &out, err)) != GTD_OK)
			return st;
		if (!cJSON_SetValuestring(node, out)) {
			free(out);
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		}
		free(out);
		return GTD_OK;
	}
	cJSON_ArrayForEach(c, node)
		if ((st = subst_tree(vs, c, err)) != GTD_OK)
			return st;
	return GTD_OK;
}

gtd_status scenario_subst_json(const scenario_vars *vs, const cJSON *in, cJSON **out,
			       gtd_err *err)
{
	gtd_status st;

	*out = cJSON_Duplicate(in, 1);
	if (!*out)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if ((st = subst_tree(vs, *out, err)) != GTD_OK) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return st;
}
