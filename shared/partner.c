#include "partner.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keys.h"
#include "utf8.h"
#include "valid.h"


/* API keys, access codes and tokens travel in headers and in the
 * '|'-joined envelope data. */
#define TOKEN_MAX 256
#define FINGERPRINT_LEN 64

/* Longest component of a field path ("emulator_key"), and of a whole
 * element path ("onboarding.evidence[12].summary"), with room to spare. */
#define PART_MAX 32
#define PATH_MAX_LEN 128

/* Everything a double holds exactly; JSON numbers are doubles to cJSON. */
#define JSON_INT_MAX 9007199254740992.0

#define MASK_SHOWN 4               /* characters shown at each end */
#define MASK_HIDDEN "********"
#define MASK_GAP "\xe2\x80\xa6"    /* U+2026 HORIZONTAL ELLIPSIS */

/* JSON paths are built from a record that is already size-limited. */
#define JSON_PATH_MAX (SIZE_MAX / 2)

#define TIMESTAMP_FORMAT "%Y-%m-%dT%H:%M:%SZ"
#define DATE_FORMAT "%Y-%m-%d"

const char *const gtd_env_names[GTD_ENV_COUNT] = {"sandbox", "live"};
const char *const gtd_layout_names[GTD_LAYOUT_COUNT] = {"dual", "single"};
const char *const gtd_step_status_names[GTD_STEP_STATUS_COUNT] = {"todo", "in_progress", "done"};
const char *const gtd_cs_app_names[GTD_CS_APP_COUNT] = {"skype", "zalo", "viber", "other"};

/* What a field holds and how it is checked.  The kinds up to K_LAST_STRING
 * are a char * in the record. */
enum kind {
	K_SLUG, K_TEXT, K_URL, K_URL_HTTPS, K_EMAIL, K_PHONE, K_COLOUR, K_TIME,
	K_DATE, K_TOKEN, K_HEX,
	K_PEM,           /* a public key, stored as SPKI PEM */
	K_PARTNER_KEY,   /* the same, with partner_key.bits and .fingerprint */
	K_EMULATOR_KEY,  /* the same, with emulator_key.fingerprint */
	K_LAST_STRING = K_EMULATOR_KEY,
	K_VERSION,       /* format_version */
	K_BOOL,
	K_ULONG,         /* revision */
	K_BITS,          /* partner_key.bits, 0 = no key */
	K_STEP,          /* 1..GTD_STEP_COUNT */
	K_LAYOUT,
	K_STATUS,        /* gtd_step_status */
	K_APP,           /* gtd_cs_app, in cs.channels[] */
	K_CODE,          /* the duplicate-commit error code */
	K_SEP,           /* the redirect's separator character */
	K_URLS,          /* gtd_strlist of URLs */
	K_CIDRS,         /* gtd_strlist of IPv4 networks */
	K_DOCS,          /* lists of objects */
	K_EVIDENCE,
	K_CHANNELS,
};

enum {
	F_RO = 1 << 0,        /* maintained by the kit, not settable */
	F_SECRET = 1 << 1,
	F_REQUIRED = 1 << 2,
};

typedef struct field {
	const char *path;
	enum kind kind;
	size_t off;
	unsigned flags;
	size_t max;       /* K_TEXT: display columns */
} field;

#define AT(m) offsetof(gtd_partner, m)

#define ENV_FIELDS(i, name, url_kind) \
	{"env." name ".gateway_url", url_kind, AT(env[i].gateway_url), 0, 0}, \
	{"env." name ".api_key", K_TOKEN, AT(env[i].api_key), F_SECRET, 0}, \
	{"env." name ".access_code", K_TOKEN, AT(env[i].access_code), F_SECRET, 0}, \
	{"env." name ".gotadi_public_key", K_PEM, AT(env[i].gotadi_public_key), 0, 0}, \
	{"env." name ".activation_token", K_TOKEN, AT(env[i].activation_token), F_SECRET, 0}, \
	{"env." name ".activated_at", K_TIME, AT(env[i].activated_at), 0, 0}

/* Step names are codes.h's gtd_steps[].name (a unit test holds them equal). */
#define STEP_FIELDS(i, name) \
	{"onboarding.steps." name ".status", K_STATUS, AT(onboarding.steps[i].status), F_RO, 0}, \
	{"onboarding.steps." name ".started_at", K_TIME, AT(onboarding.steps[i].started_at), F_RO, 0}, \
	{"onboarding.steps." name ".done_at", K_TIME, AT(onboarding.steps[i].done_at), F_RO, 0}, \
	{"onboarding.steps." name ".notes", K_TEXT, AT(onboarding.steps[i].notes), 0, GTD_NOTE_MAX}

/* Every field of the record, in the order the JSON is written. */
static const field fields[] = {
	{"format_version", K_VERSION, AT(format_version), F_RO, 0},
	{"id", K_SLUG, AT(id), F_RO | F_REQUIRED, 0},
	{"revision", K_ULONG, AT(revision), F_RO, 0},
	{"created", K_TIME, AT(created), F_RO, 0},
	{"updated", K_TIME, AT(updated), F_RO, 0},
	{"disabled", K_BOOL, AT(disabled), 0, 0},
	{"company.name", K_TEXT, AT(company.name), 0, GTD_NAME_MAX},
	{"company.address", K_TEXT, AT(company.address), 0, GTD_ADDRESS_MAX},
	{"company.website", K_URL, AT(company.website), 0, 0},
	{"admin.full_name", K_TEXT, AT(admin.full_name), 0, GTD_NAME_MAX},
	{"admin.email", K_EMAIL, AT(admin.email), 0, 0},
	{"admin.phone", K_PHONE, AT(admin.phone), 0, 0},
	{"links.product_url", K_URL, AT(links.product_url), 0, 0},
	{"links.payment_url", K_URL, AT(links.payment_url), 0, 0},
	{"links.other", K_URLS, AT(links.other), 0, 0},
	{"documents", K_DOCS, AT(documents), 0, 0},
	{"partner_key.pem", K_PARTNER_KEY, AT(partner_key.pem), 0, 0},
	{"partner_key.bits", K_BITS, AT(partner_key.bits), F_RO, 0},
	{"partner_key.fingerprint", K_HEX, AT(partner_key.fingerprint), F_RO, 0},
	ENV_FIELDS(GTD_ENV_SANDBOX, "sandbox", K_URL),
	ENV_FIELDS(GTD_ENV_LIVE, "live", K_URL_HTTPS),
	{"env.live.ip_whitelist", K_CIDRS, AT(env[GTD_ENV_LIVE].ip_whitelist), 0, 0},
	{"emulator_key.public_pem", K_EMULATOR_KEY, AT(emulator_key.public_pem), 0, 0},
	{"emulator_key.fingerprint", K_HEX, AT(emulator_key.fingerprint), F_RO, 0},
	{"layout", K_LAYOUT, AT(layout), 0, 0},
	{"products.flight", K_BOOL, AT(products.flight), 0, 0},
	{"products.hotel", K_BOOL, AT(products.hotel), 0, 0},
	{"theme.primary", K_COLOUR, AT(theme.primary), 0, 0},
	{"theme.secondary", K_COLOUR, AT(theme.secondary), 0, 0},
	{"theme.background", K_COLOUR, AT(theme.background), 0, 0},
	{"theme.text", K_COLOUR, AT(theme.text), 0, 0},
	{"theme.button_text", K_COLOUR, AT(theme.button_text), 0, 0},
	{"onboarding.current_step", K_STEP, AT(onboarding.current_step), 0, 0},
	STEP_FIELDS(0, "account"),
	STEP_FIELDS(1, "sandbox"),
	STEP_FIELDS(2, "connect"),
	STEP_FIELDS(3, "go-live"),
	STEP_FIELDS(4, "support"),
	{"onboarding.evidence", K_EVIDENCE, AT(onboarding.evidence), 0, 0},
	{"cs.channels", K_CHANNELS, AT(cs.channels), 0, 0},
	{"cs.training_date", K_DATE, AT(cs.training_date), 0, 0},
	{"settings.strict_headers", K_BOOL, AT(settings.strict_headers), 0, 0},
	{"settings.duplicate_commit_code", K_CODE, AT(settings.duplicate_commit_code), 0, 0},
	{"settings.redirect_separator", K_SEP, AT(settings.redirect_separator), 0, 0},
	{"settings.enforce_test_rules", K_BOOL, AT(settings.enforce_test_rules), 0, 0},
	{"settings.explain_header", K_BOOL, AT(settings.explain_header), 0, 0},
	{"settings.async_issue", K_BOOL, AT(settings.async_issue), 0, 0},
};

#define FIELD_COUNT (sizeof(fields) / sizeof(fields[0]))

/* The members of the objects in the three lists of objects. */
typedef struct member {
	const char *name;
	enum kind kind;   /* a string kind, or K_APP */
	size_t off;
	size_t max;
	int required;
} member;

static const member document_members[] = {
	{"name", K_TEXT, offsetof(gtd_document, name), GTD_NAME_MAX, 1},
	{"url", K_URL, offsetof(gtd_document, url), 0, 1},
	{NULL, K_TEXT, 0, 0, 0},
};
static const member evidence_members[] = {
	{"file", K_TEXT, offsetof(gtd_evidence, file), GTD_NAME_MAX, 1},
	{"summary", K_TEXT, offsetof(gtd_evidence, summary), GTD_NOTE_MAX, 0},
	{"added_at", K_TIME, offsetof(gtd_evidence, added_at), 0, 0},
	{NULL, K_TEXT, 0, 0, 0},
};
static const member channel_members[] = {
	{"app", K_APP, offsetof(gtd_cs_channel, app), 0, 1},
	{"handle", K_TEXT, offsetof(gtd_cs_channel, handle), GTD_NAME_MAX, 1},
	{NULL, K_TEXT, 0, 0, 0},
};

static const struct objlist {
	const member *members;
	size_t extra_off;
} objlists[] = {
	[K_DOCS - K_DOCS] = {document_members, offsetof(gtd_document, extra)},
	[K_EVIDENCE - K_DOCS] = {evidence_members, offsetof(gtd_evidence, extra)},
	[K_CHANNELS - K_DOCS] = {channel_members, offsetof(gtd_cs_channel, extra)},
};

/* What each checklist item of codes.h needs: every path present and valid
 * (a list: not empty, every entry valid). */
#define REQUIREMENT_PATHS 3
static const struct requirement {
	const char *item;
	const char *paths[REQUIREMENT_PATHS];
} requirements[] = {
	{"company", {"company.name", "company.address", "company.website"}},
	{"admin", {"admin.full_name", "admin.email", "admin.phone"}},
	{"links", {"links.product_url", "links.payment_url"}},
	{"partner-key", {"partner_key.pem"}},
	{"sandbox-credentials", {"env.sandbox.gateway_url", "env.sandbox.api_key", "env.sandbox.access_code"}},
	{"gotadi-key", {"env.sandbox.gotadi_public_key"}},
	{"sandbox-activated", {"env.sandbox.activated_at"}},
	{"connected", {"onboarding.steps.connect.notes"}},
	{"acceptance", {"onboarding.evidence"}},
	{"live-credentials", {"env.live.gateway_url", "env.live.api_key", "env.live.access_code"}},
	{"ip-whitelist", {"env.live.ip_whitelist"}},
	{"cs-channel", {"cs.channels"}},
	{"training", {"cs.training_date"}},
};

/* Theme pairs that must stay readable (WCAG 2.x AA). */
static const struct contrast {
	const char *path;
	size_t fg, bg;
	double min;
	const char *what;
} contrasts[] = {
	{"theme.text", AT(theme.text), AT(theme.background), GTD_CONTRAST_AA_TEXT,
	 "text on the background"},
	{"theme.button_text", AT(theme.button_text), AT(theme.primary), GTD_CONTRAST_AA_TEXT,
	 "button text on the primary colour"},
	{"theme.primary", AT(theme.primary), AT(theme.background), GTD_CONTRAST_AA_LARGE,
	 "the primary colour (buttons) against the background"},
	{"theme.secondary", AT(theme.secondary), AT(theme.background), GTD_CONTRAST_AA_LARGE,
	 "the secondary colour against the background"},
};

static int is_string_kind(enum kind k)
{
	return k <= K_LAST_STRING;
}

static int is_objlist_kind(enum kind k)
{
	return k >= K_DOCS;
}

static char **str_at(const gtd_partner *p, size_t off)
{
	return (char **)((const char *)p + off);
}

static int *int_at(const gtd_partner *p, size_t off)
{
	return (int *)((const char *)p + off);
}

static gtd_strlist *list_at(const gtd_partner *p, size_t off)
{
	return (gtd_strlist *)((const char *)p + off);
}

static const field *field_find(const char *path)
{
	size_t i;

	for (i = 0; path && i < FIELD_COUNT; i++)
		if (strcmp(fields[i].path, path) == 0)
			return &fields[i];
	return NULL;
}

/* Index of name in names[0..n), or -1. */
static int name_index(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

/* *out = the index of value (NULL allowed) in names[0..n), or a refusal
 * listing them. */
static gtd_status want_name_text(const char *value, const char *path, const char *const *names,
				 int n, int *out, gtd_err *err)
{
	char list[GTD_ERR_MSG_MAX];
	size_t used = 0;
	int i = value ? name_index(names, n, value) : -1;

	if (i >= 0) {
		*out = i;
		return GTD_OK;
	}
	list[0] = '\0';
	for (i = 0; i < n && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s\"%s\"", i ? ", " : "", names[i]);
	return gtd_err_set(err, GTD_EINVAL, "%s: expected one of %s", path, list);
}

gtd_status gtd_strlist_add(gtd_strlist *l, const char *s)
{
	char *copy = strdup(s), **v;

	if (!copy)
		return GTD_ENOMEM;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		free(copy);
		return GTD_ENOMEM;
	}
	v[l->n++] = copy;
	l->v = v;
	return GTD_OK;
}

void gtd_strlist_release(gtd_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The lists of objects, element by element. */
static size_t objlist_count(const gtd_partner *p, enum kind k)
{
	switch (k) {
	case K_DOCS:
		return p->documents.n;
	case K_EVIDENCE:
		return p->onboarding.evidence.n;
	default:
		return p->cs.channels.n;
	}
}

static void *objlist_at(const gtd_partner *p, enum kind k, size_t i)
{
	switch (k) {
	case K_DOCS:
		return &p->documents.v[i];
	case K_EVIDENCE:
		return &p->onboarding.evidence.v[i];
	default:
		return &p->cs.channels.v[i];
	}
}

static size_t elem_size(enum kind k)
{
	return k == K_DOCS ? sizeof(gtd_document) : k == K_EVIDENCE ? sizeof(gtd_evidence)
								    : sizeof(gtd_cs_channel);
}

#define APPEND(list) do { \
		void *v_ = realloc((list).v, ((list).n + 1) * sizeof(*(list).v)); \
		if (!v_) \
			return NULL; \
		(list).v = v_; \
		memset(&(list).v[(list).n], 0, sizeof(*(list).v)); \
		return &(list).v[(list).n++]; \
	} while (0)

/* A new zeroed element at the end of the list, or NULL. */
static void *objlist_append(gtd_partner *p, enum kind k)
{
	switch (k) {
	case K_DOCS:
		APPEND(p->documents);
	case K_EVIDENCE:
		APPEND(p->onboarding.evidence);
	default:
		APPEND(p->cs.channels);
	}
}

static cJSON **elem_extra(const void *e, enum kind k)
{
	return (cJSON **)((const char *)e + objlists[k - K_DOCS].extra_off);
}

static char **elem_str(const void *e, const member *m)
{
	return (char **)((const char *)e + m->off);
}

static void elem_release(void *e, enum kind k)
{
	const member *m;

	for (m = objlists[k - K_DOCS].members; m->name; m++)
		if (is_string_kind(m->kind))
			free(*elem_str(e, m));
	cJSON_Delete(*elem_extra(e, k));
}

static void objlist_release(gtd_partner *p, enum kind k)
{
	size_t i, n = objlist_count(p, k);

	for (i = 0; i < n; i++)
		elem_release(objlist_at(p, k, i), k);
	switch (k) {
	case K_DOCS:
		free(p->documents.v);
		break;
	case K_EVIDENCE:
		free(p->onboarding.evidence.v);
		break;
	default:
		free(p->cs.channels.v);
		break;
	}
}

void gtd_partner_free(gtd_partner *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < FIELD_COUNT; i++) {
		const field *f = &fields[i];

		if (is_string_kind(f->kind))
			free(*str_at(p, f->off));
		else if (f->kind == K_URLS || f->kind == K_CIDRS)
			gtd_strlist_release(list_at(p, f->off));
		else if (is_objlist_kind(f->kind))
			objlist_release(p, f->kind);
	}
	cJSON_Delete(p->extra);
	free(p);
}

gtd_partner *gtd_partner_new(const char *id)
{
	static const struct {
		size_t off;
		const char *colour;
	} theme[] = {
		{AT(theme.primary), GTD_THEME_PRIMARY},
		{AT(theme.secondary), GTD_THEME_SECONDARY},
		{AT(theme.background), GTD_THEME_BACKGROUND},
		{AT(theme.text), GTD_THEME_TEXT},
		{AT(theme.button_text), GTD_THEME_BUTTON_TEXT},
	};
	gtd_partner *p = id ? calloc(1, sizeof(*p)) : NULL;
	size_t i;

	if (!p)
		return NULL;
	p->format_version = GTD_PARTNER_FORMAT_VERSION;
	p->layout = GTD_LAYOUT_DUAL;
	p->products.flight = 1;
	p->products.hotel = 1;
	p->onboarding.current_step = 1;
	p->settings.duplicate_commit_code = GTD_CODE_DUPLICATE;
	p->settings.redirect_separator = '?';
	p->settings.explain_header = 1;
	p->id = strdup(id);
	if (!p->id)
		goto fail;
	for (i = 0; i < sizeof(theme) / sizeof(theme[0]); i++) {
		*str_at(p, theme[i].off) = strdup(theme[i].colour);
		if (!*str_at(p, theme[i].off))
			goto fail;
	}
	return p;
fail:
	gtd_partner_free(p);
	return NULL;
}

/* Most string members of a list element (gtd_evidence has three). */
#define ELEM_STRINGS_MAX 3

/* Adds an element whose string members get copies of values[] (in member
 * order, K_APP skipped). */
static gtd_status add_elem(gtd_partner *p, enum kind k, const char *const *values, void **out)
{
	const member *m, *members = objlists[k - K_DOCS].members;
	char *copies[ELEM_STRINGS_MAX] = {NULL};
	size_t i = 0;
	void *e;

	for (m = members; m->name; m++) {
		if (!is_string_kind(m->kind))
			continue;
		if (values[i] && !(copies[i] = strdup(values[i])))
			goto fail;
		i++;
	}
	e = objlist_append(p, k);
	if (!e)
		goto fail;
	for (i = 0, m = members; m->name; m++)
		if (is_string_kind(m->kind))
			*elem_str(e, m) = copies[i++];
	if (out)
		*out = e;
	return GTD_OK;
fail:
	for (i = 0; i < sizeof(copies) / sizeof(copies[0]); i++)
		free(copies[i]);
	return GTD_ENOMEM;
}

gtd_status gtd_partner_add_document(gtd_partner *p, const char *name, const char *url)
{
	const char *values[] = {name, url};

	return add_elem(p, K_DOCS, values, NULL);
}

gtd_status gtd_partner_add_evidence(gtd_partner *p, const char *file, const char *summary,
				    const char *added_at)
{
	const char *values[] = {file, summary, added_at};

	return add_elem(p, K_EVIDENCE, values, NULL);
}

gtd_status gtd_partner_add_channel(gtd_partner *p, gtd_cs_app app, const char *handle)
{
	const char *values[] = {handle};
	void *e;
	gtd_status st;

	if ((unsigned)app >= GTD_CS_APP_COUNT)
		return GTD_EINVAL;
	st = add_elem(p, K_CHANNELS, values, &e);
	if (st == GTD_OK)
		((gtd_cs_channel *)e)->app = app;
	return st;
}

/* The list of objects at path, or NULL. */
static const field *objlist_field(const char *path)
{
	const field *f = field_find(path);

	return f && is_objlist_kind(f->kind) ? f : NULL;
}

static gtd_status not_a_list(const char *path, gtd_err *err)
{
	return gtd_err_set(err, GTD_ENOTFOUND, "%s: not a list; the lists are documents, "
			   "onboarding.evidence and cs.channels", path);
}

/* "name, url": a list's member names, for messages. */
static void member_names(const member *members, char *out, size_t size)
{
	const member *m;
	size_t len = 0;

	out[0] = '\0';
	for (m = members; m->name && len < size; m++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", m == members ? "" : ", ", m->name);
}

gtd_status gtd_partner_list_append(gtd_partner *p, const char *list, size_t n,
				   const char *const *assignments, time_t now, gtd_err *err)
{
	const field *f = objlist_field(list);
	const member *m, *members;
	const char *values[ELEM_STRINGS_MAX] = {NULL};
	char names[128], stamp[GTD_TIMESTAMP_SIZE];
	int app = -1, given[ELEM_STRINGS_MAX + 1] = {0};
	size_t i, j, slot;
	void *e;

	if (!f)
		return not_a_list(list, err);
	members = objlists[f->kind - K_DOCS].members;
	member_names(members, names, sizeof(names));
	for (i = 0; i < n; i++) {
		const char *eq = strchr(assignments[i], '=');
		size_t len = eq ? (size_t)(eq - assignments[i]) : 0;

		for (m = members, j = 0, slot = 0; eq && m->name; m++, j++) {
			if (strlen(m->name) == len && strncmp(m->name, assignments[i], len) == 0)
				break;
			slot += is_string_kind(m->kind);
		}
		if (!eq || !m->name)
			return gtd_err_set(err, GTD_EINVAL, "%s: '%s' is not MEMBER=VALUE with a member of "
					   "%s", list, assignments[i], names);
		if (given[j]++)
			return gtd_err_set(err, GTD_EINVAL, "%s: %s is given twice", list, m->name);
		if (m->kind == K_APP) {
			char path[64];

			snprintf(path, sizeof(path), "%s: app '%.20s'", list, eq + 1);
			if (want_name_text(eq + 1, path, gtd_cs_app_names, GTD_CS_APP_COUNT, &app,
					   err) != GTD_OK)
				return GTD_EINVAL;
		} else if (eq[1]) {
			values[slot] = eq + 1;
		}
	}
	for (m = members, j = 0, slot = 0; m->name; m++, j++) {
		if (m->kind == K_TIME && !given[j]) {
			/* when the evidence was added, unless told */
			gtd_partner_timestamp(now, stamp);
			values[slot] = stamp;
		}
		if (m->required && (m->kind == K_APP ? app < 0 : !values[slot]))
			return gtd_err_set(err, GTD_EINVAL, "%s: %s is required (members: %s)", list, m->name,
					   names);
		slot += is_string_kind(m->kind);
	}
	if (add_elem(p, f->kind, values, &e) != GTD_OK)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (app >= 0)
		((gtd_cs_channel *)e)->app = (gtd_cs_app)app;
	return GTD_OK;
}

size_t gtd_partner_list_count(const gtd_partner *p, const char *list)
{
	const field *f = objlist_field(list);

	return f ? objlist_count(p, f->kind) : 0;
}

gtd_status gtd_partner_list_remove(gtd_partner *p, const char *element, gtd_err *err)
{
	char path[64], *end;
	const char *open = strchr(element, '[');
	const field *f;
	unsigned long i;
	size_t n, len = open ? (size_t)(open - element) : 0;
	void *e;

	if (!open || len >= sizeof(path) || !isdigit((unsigned char)open[1]))
		return gtd_err_set(err, GTD_EINVAL, "'%s' is not LIST[N], e.g. documents[0]", element);
	memcpy(path, element, len);
	path[len] = '\0';
	errno = 0;
	i = strtoul(open + 1, &end, 10);
	if (errno || strcmp(end, "]") != 0)
		return gtd_err_set(err, GTD_EINVAL, "'%s' is not LIST[N], e.g. documents[0]", element);
	if (!(f = objlist_field(path)))
		return not_a_list(path, err);
	n = objlist_count(p, f->kind);
	if (i >= n && n == 0)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s has no element %lu: it is empty", path, i);
	if (i >= n)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s has no element %lu: it has %zu, [0] to [%zu]",
				   path, i, n, n - 1);
	e = objlist_at(p, f->kind, i);
	elem_release(e, f->kind);
	memmove(e, (char *)e + elem_size(f->kind), (n - i - 1) * elem_size(f->kind));
	switch (f->kind) {
	case K_DOCS:
		p->documents.n--;
		break;
	case K_EVIDENCE:
		p->onboarding.evidence.n--;
		break;
	default:
		p->cs.channels.n--;
		break;
	}
	return GTD_OK;
}

void gtd_partner_timestamp(time_t t, char out[GTD_TIMESTAMP_SIZE])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, GTD_TIMESTAMP_SIZE, TIMESTAMP_FORMAT, &tm);
}

/* A time (or with is_date, a date) is valid when it reads back exactly as
 * written: this refuses 2024-02-30 as well as a missing zero or Z. */
static int valid_stamp(const char *s, int is_date, char *why, size_t len)
{
	char again[GTD_TIMESTAMP_SIZE];
	struct tm tm;
	const char *end;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, is_date ? DATE_FORMAT : TIMESTAMP_FORMAT, &tm);
	if (end && !*end) {
		t = timegm(&tm);
		gmtime_r(&t, &tm);
		if (is_date)
			strftime(again, sizeof(again), DATE_FORMAT, &tm);
		else
			strftime(again, sizeof(again), TIMESTAMP_FORMAT, &tm);
		if (strcmp(again, s) == 0)
			return 1;
	}
	snprintf(why, len, "expected %s", is_date ? "a date (2024-05-01)" : "a UTC time (2024-05-01T09:30:00Z)");
	return 0;
}

static int valid_token(const char *s, char *why, size_t len)
{
	size_t n = strlen(s), i;

	if (n > TOKEN_MAX) {
		snprintf(why, len, "at most %d characters", TOKEN_MAX);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (s[i] > ' ' && s[i] < 0x7f && s[i] != '|')
			continue;
		snprintf(why, len, "may contain only printable ASCII without spaces or '|'");
		return 0;
	}
	return 1;
}

static int valid_fingerprint(const char *s, char *why, size_t len)
{
	if (strlen(s) == FINGERPRINT_LEN && strspn(s, "0123456789abcdef") == FINGERPRINT_LEN)
		return 1;
	snprintf(why, len, "expected %d lowercase hex digits (SHA-256)", FINGERPRINT_LEN);
	return 0;
}

/* A public key as the record holds it, and its fingerprint and size when
 * the record holds them too (NULL, 0: not kept for this key). */
static int valid_key(const char *pem, const char *fingerprint, int bits, char *why, size_t len)
{
	gtd_key *k = NULL;
	gtd_err err;
	int ok = 0;

	if (gtd_key_parse(pem, strlen(pem), GTD_KEY_PUBLIC, &k, &err) != GTD_OK)
		snprintf(why, len, "%s", err.msg);
	else if (fingerprint && strcmp(fingerprint, k->fingerprint) != 0)
		snprintf(why, len, "the recorded fingerprint is not this key's: set the key again");
	else if (bits && bits != k->bits)
		snprintf(why, len, "the recorded size (%d bits) is not this key's (%d): set the key again",
			 bits, k->bits);
	else
		ok = 1;
	gtd_key_free(k);
	return ok;
}

/* Checks one present string value of kind k (p for the key kinds). */
static int valid_string(const gtd_partner *p, enum kind k, size_t max, const char *v,
			char *why, size_t len)
{
	switch (k) {
	case K_SLUG:
		return gtd_valid_slug(v, why, len);
	case K_TEXT:
		return gtd_valid_text(v, max, why, len);
	case K_URL:
		return gtd_valid_url(v, 0, why, len);
	case K_URL_HTTPS:
		return gtd_valid_url(v, 1, why, len);
	case K_EMAIL:
		return gtd_valid_email(v, why, len);
	case K_PHONE:
		return gtd_valid_phone(v, why, len);
	case K_COLOUR:
		return gtd_valid_colour(v, why, len);
	case K_TIME:
		return valid_stamp(v, 0, why, len);
	case K_DATE:
		return valid_stamp(v, 1, why, len);
	case K_TOKEN:
		return valid_token(v, why, len);
	case K_HEX:
		return valid_fingerprint(v, why, len);
	case K_PARTNER_KEY:
		return valid_key(v, p->partner_key.fingerprint, p->partner_key.bits, why, len);
	case K_EMULATOR_KEY:
		return valid_key(v, p->emulator_key.fingerprint, 0, why, len);
	default:
		return valid_key(v, NULL, 0, why, len);
	}
}

/* A private key where only public ones belong: PEM of any flavour
 * (PKCS#1, PKCS#8, encrypted, OpenSSH) or .NET XML with its D element. */
static int holds_private_key(const char *s)
{
	return strstr(s, "PRIVATE KEY-----") ||
	       (strstr(s, "<RSAKeyValue") && strstr(s, "<D>"));
}

static gtd_status refuse_private(gtd_err *err, const char *path)
{
	return gtd_err_set(err, GTD_EKEY,
			   "%s holds a PRIVATE key, which never belongs in a partner record. "
			   "Treat that key as exposed: generate a new key pair (rotate) and import only its public key",
			   path);
}

/* ---- problems and checks ---- */

static gtd_status problems_add(gtd_problems *ps, const char *path, const char *message)
{
	gtd_problem *v = realloc(ps->v, (ps->count + 1) * sizeof(*v));

	if (!v)
		return GTD_ENOMEM;
	ps->v = v;
	v[ps->count].path = strdup(path);
	v[ps->count].message = strdup(message);
	if (!v[ps->count].path || !v[ps->count].message) {
		free(v[ps->count].path);
		free(v[ps->count].message);
		return GTD_ENOMEM;
	}
	ps->count++;
	return GTD_OK;
}

void gtd_problems_release(gtd_problems *ps)
{
	size_t i;

	for (i = 0; i < ps->count; i++) {
		free(ps->v[i].path);
		free(ps->v[i].message);
	}
	free(ps->v);
	ps->v = NULL;
	ps->count = 0;
}

/* Collects failures: into out when it is not NULL, else only counts. */
typedef struct checks {
	gtd_problems *out;
	size_t failures;
	gtd_status st;
} checks;

static void fail(checks *c, const char *path, const char *why)
{
	c->failures++;
	if (c->out && c->st == GTD_OK)
		c->st = problems_add(c->out, path, why);
}

static void check_elements(const gtd_partner *p, const field *f, checks *c)
{
	char path[PATH_MAX_LEN], why[GTD_ERR_MSG_MAX];
	size_t i, n = objlist_count(p, f->kind);
	const member *m;

	for (i = 0; i < n; i++) {
		const void *e = objlist_at(p, f->kind, i);

		for (m = objlists[f->kind - K_DOCS].members; m->name; m++) {
			const char *v;

			if (!is_string_kind(m->kind))
				continue;
			snprintf(path, sizeof(path), "%s[%zu].%s", f->path, i, m->name);
			v = *elem_str(e, m);
			if (!v && m->required)
				fail(c, path, "missing");
			else if (v && !valid_string(p, m->kind, m->max, v, why, sizeof(why)))
				fail(c, path, why);
		}
	}
}

static void check_field(const gtd_partner *p, const field *f, checks *c)
{
	char path[PATH_MAX_LEN], why[GTD_ERR_MSG_MAX];
	const gtd_strlist *l;
	size_t i;

	if (is_string_kind(f->kind)) {
		const char *v = *str_at(p, f->off);

		if (!v && (f->flags & F_REQUIRED))
			fail(c, f->path, "missing");
		else if (v && !valid_string(p, f->kind, f->max, v, why, sizeof(why)))
			fail(c, f->path, why);
	} else if (f->kind == K_URLS || f->kind == K_CIDRS) {
		l = list_at(p, f->off);
		for (i = 0; i < l->n; i++) {
			int ok = f->kind == K_URLS ? gtd_valid_url(l->v[i], 0, why, sizeof(why))
						   : gtd_valid_ipv4_cidr(l->v[i], why, sizeof(why));

			snprintf(path, sizeof(path), "%s[%zu]", f->path, i);
			if (!ok)
				fail(c, path, why);
		}
	} else if (is_objlist_kind(f->kind)) {
		check_elements(p, f, c);
	}
}

static int field_present(const gtd_partner *p, const field *f)
{
	if (is_string_kind(f->kind))
		return *str_at(p, f->off) != NULL;
	if (f->kind == K_URLS || f->kind == K_CIDRS)
		return list_at(p, f->off)->n > 0;
	if (is_objlist_kind(f->kind))
		return objlist_count(p, f->kind) > 0;
	return 1;
}

static int path_ok(const gtd_partner *p, const char *path)
{
	const field *f = field_find(path);
	checks c = {NULL, 0, GTD_OK};

	if (!f || !field_present(p, f))
		return 0;
	check_field(p, f, &c);
	return c.failures == 0;
}

gtd_status gtd_partner_validate(const gtd_partner *p, gtd_problems *out)
{
	char why[GTD_ERR_MSG_MAX];
	checks c = {out, 0, GTD_OK};
	size_t i;

	out->count = 0;
	out->v = NULL;
	for (i = 0; i < FIELD_COUNT; i++)
		check_field(p, &fields[i], &c);
	for (i = 0; i < sizeof(contrasts) / sizeof(contrasts[0]); i++) {
		const struct contrast *k = &contrasts[i];
		double ratio = gtd_contrast_ratio(*str_at(p, k->fg), *str_at(p, k->bg));

		/* 0: a colour is missing or malformed, reported above. */
		if (ratio > 0 && ratio < k->min) {
			snprintf(why, sizeof(why), "contrast of %s is %.2f:1; WCAG AA needs at least %.1f:1",
				 k->what, ratio, k->min);
			fail(&c, k->path, why);
		}
	}
	if (!p->products.flight && !p->products.hotel)
		fail(&c, "products", "enable at least one of flight and hotel");
	if (c.st != GTD_OK)
		gtd_problems_release(out);
	return c.st;
}

/* ---- onboarding steps ---- */

size_t gtd_partner_step_missing(const gtd_partner *p, int step,
				const gtd_check_item **out, size_t max)
{
	const gtd_check_item *item;
	size_t n = 0, i, j;

	if (step < 1 || step > GTD_STEP_COUNT)
		return 0;
	for (item = gtd_steps[step - 1].checklist; item->id; item++) {
		/* An item without a requirement here stays missing: a step must
		 * not pass on a check nobody wrote. */
		int ok = 0;

		for (i = 0; i < sizeof(requirements) / sizeof(requirements[0]); i++) {
			if (strcmp(requirements[i].item, item->id) != 0)
				continue;
			ok = 1;
			for (j = 0; j < REQUIREMENT_PATHS && requirements[i].paths[j]; j++)
				ok = ok && path_ok(p, requirements[i].paths[j]);
		}
		if (ok)
			continue;
		if (n < max)
			out[n] = item;
		n++;
	}
	return n;
}

/* Enough for any step's checklist in codes.h. */
#define CHECKLIST_MAX 8

gtd_status gtd_partner_step_done(gtd_partner *p, int step, const char *note, time_t now,
				 gtd_err *err)
{
	const gtd_check_item *missing[CHECKLIST_MAX];
	char stamp[GTD_TIMESTAMP_SIZE], why[GTD_ERR_MSG_MAX];
	char *notes = NULL, *done_at = NULL, *started_at = NULL, *next_started = NULL, *saved;
	gtd_partner_step *s, *next = NULL;
	size_t n, i, used;
	gtd_status st = GTD_OK;
	int cur;

	if (step < 1 || step > GTD_STEP_COUNT)
		return gtd_err_set(err, GTD_EINVAL, "there is no step %d: steps are 1 to %d", step,
				   GTD_STEP_COUNT);
	s = &p->onboarding.steps[step - 1];
	if (note && *note) {
		if (!gtd_valid_text(note, GTD_NOTE_MAX, why, sizeof(why)))
			return gtd_err_set(err, GTD_EINVAL, "the note: %s", why);
		notes = strdup(note);
		if (!notes)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	/* The note may be what proves an item ("connected"). */
	saved = s->notes;
	if (notes)
		s->notes = notes;
	n = gtd_partner_step_missing(p, step, missing, CHECKLIST_MAX);
	s->notes = saved;
	if (n > 0) {
		used = (size_t)snprintf(why, sizeof(why), "step %d cannot be done: missing", step);
		for (i = 0; i < n && i < CHECKLIST_MAX && used < sizeof(why); i++)
			used += (size_t)snprintf(why + used, sizeof(why) - used, "%s %s (%s)",
						 i ? "," : "", missing[i]->id, missing[i]->en);
		st = gtd_err_set(err, GTD_EINVAL, "%s", why);
		goto out;
	}
	/* The next current step: the first one not done once this one is. */
	for (cur = 1; cur <= GTD_STEP_COUNT; cur++)
		if (cur != step && p->onboarding.steps[cur - 1].status != GTD_STEP_DONE)
			break;
	if (cur > GTD_STEP_COUNT)
		cur = GTD_STEP_COUNT;
	else if (p->onboarding.steps[cur - 1].status == GTD_STEP_TODO)
		next = &p->onboarding.steps[cur - 1];
	gtd_partner_timestamp(now, stamp);
	if (!(done_at = strdup(stamp)) ||
	    (!s->started_at && !(started_at = strdup(stamp))) ||
	    (next && !next->started_at && !(next_started = strdup(stamp)))) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	s->status = GTD_STEP_DONE;
	free(s->done_at);
	s->done_at = done_at;
	done_at = NULL;
	if (started_at) {
		s->started_at = started_at;
		started_at = NULL;
	}
	if (notes) {
		free(s->notes);
		s->notes = notes;
		notes = NULL;
	}
	if (next) {
		next->status = GTD_STEP_IN_PROGRESS;
		if (next_started) {
			next->started_at = next_started;
			next_started = NULL;
		}
	}
	p->onboarding.current_step = cur;
out:
	free(notes);
	free(done_at);
	free(started_at);
	free(next_started);
	return st;
}

gtd_status gtd_partner_step_reopen(gtd_partner *p, int step, gtd_err *err)
{
	gtd_partner_step *s;

	if (step < 1 || step > GTD_STEP_COUNT)
		return gtd_err_set(err, GTD_EINVAL, "there is no step %d: steps are 1 to %d", step,
				   GTD_STEP_COUNT);
	s = &p->onboarding.steps[step - 1];
	if (s->status != GTD_STEP_DONE)
		return gtd_err_set(err, GTD_EINVAL, "step %d is not done; there is nothing to reopen", step);
	s->status = GTD_STEP_IN_PROGRESS;
	free(s->done_at);
	s->done_at = NULL;
	if (p->onboarding.current_step > step)
		p->onboarding.current_step = step;
	return GTD_OK;
}

/* ---- set and get ---- */


/* The error codes a duplicate commit may be answered with. */
static const gtd_code duplicate_codes[] = {GTD_CODE_DUPLICATE, GTD_CODE_NOT_FOUND};

static int code_parse(const char *s, gtd_code *out)
{
	size_t i;

	for (i = 0; i < sizeof(duplicate_codes) / sizeof(duplicate_codes[0]); i++) {
		if (strcmp(gtd_codes[duplicate_codes[i]].code, s) == 0) {
			*out = duplicate_codes[i];
			return 1;
		}
	}
	return 0;
}

static int sep_parse(const char *s, char *out)
{
	if ((s[0] == '?' || s[0] == '&') && !s[1]) {
		*out = s[0];
		return 1;
	}
	return 0;
}

static void replace_str(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

static gtd_status set_key(gtd_partner *p, const field *f, const char *text, gtd_err *err)
{
	gtd_key *k = NULL;
	char *pem = NULL, *fp = NULL;
	gtd_status st;

	if (*text) {
		st = gtd_key_parse(text, strlen(text), GTD_KEY_PUBLIC, &k, err);
		if (st != GTD_OK) {
			gtd_err_prefix(err, "%s", f->path);
			return st;
		}
		pem = gtd_key_to_pem(k, GTD_KEY_PUBLIC);
		fp = strdup(k->fingerprint);
		if (!pem || !fp) {
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
			goto out;
		}
	}
	replace_str(str_at(p, f->off), pem);
	pem = NULL;
	if (f->kind == K_PARTNER_KEY) {
		replace_str(&p->partner_key.fingerprint, fp);
		p->partner_key.bits = k ? k->bits : 0;
		fp = NULL;
	} else if (f->kind == K_EMULATOR_KEY) {
		replace_str(&p->emulator_key.fingerprint, fp);
		fp = NULL;
	}
	st = GTD_OK;
out:
	free(pem);
	free(fp);
	gtd_key_free(k);
	return st;
}

gtd_status gtd_partner_set_partner_key(gtd_partner *p, const char *text, gtd_err *err)
{
	return gtd_partner_set(p, "partner_key.pem", text, err);
}

/* A comma-separated list, each entry trimmed and checked. */
static gtd_status set_list(gtd_partner *p, const field *f, const char *value, gtd_err *err)
{
	char why[GTD_ERR_MSG_MAX];
	gtd_strlist l = {0, NULL};
	const char *s = value;
	gtd_status st = GTD_OK;

	while (*s) {
		size_t n = strcspn(s, ","), lead = strspn(s, " \t");
		char *entry;
		int ok;

		if (lead > n)
			lead = n;
		while (n > lead && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		entry = strndup(s + lead, n - lead);
		if (!entry) {
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
			goto out;
		}
		ok = !*entry || (f->kind == K_URLS ? gtd_valid_url(entry, 0, why, sizeof(why))
					      : gtd_valid_ipv4_cidr(entry, why, sizeof(why)));
		if (!ok)
			st = gtd_err_set(err, GTD_EINVAL, "%s: \"%s\": %s", f->path, entry, why);
		else if (*entry && gtd_strlist_add(&l, entry) != GTD_OK)
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		free(entry);
		if (st != GTD_OK)
			goto out;
		s += strcspn(s, ",");
		if (*s)
			s++;
	}
	gtd_strlist_release(list_at(p, f->off));
	*list_at(p, f->off) = l;
	l.n = 0;
	l.v = NULL;
out:
	gtd_strlist_release(&l);
	return st;
}

gtd_status gtd_partner_set(gtd_partner *p, const char *path, const char *value,
			   gtd_err *err)
{
	const field *f = field_find(path);
	char why[GTD_ERR_MSG_MAX], *copy;
	int i;

	if (!f)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s: no such field", path ? path : "(null)");
	if (!value)
		value = "";
	if (f->kind == K_STATUS)
		return gtd_err_set(err, GTD_EINVAL, "%s: use step done or reopen to change a step's status", path);
	if (f->flags & F_RO)
		return gtd_err_set(err, GTD_EINVAL, "%s is maintained by the kit; it cannot be set", path);
	if (holds_private_key(value))
		return refuse_private(err, path);
	if (is_string_kind(f->kind) && f->kind >= K_PEM)
		return set_key(p, f, value, err);
	if (is_string_kind(f->kind)) {
		if (*value && !valid_string(p, f->kind, f->max, value, why, sizeof(why)))
			return gtd_err_set(err, GTD_EINVAL, "%s: %s", path, why);
		copy = NULL;
		if (*value && !(copy = strdup(value)))
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		replace_str(str_at(p, f->off), copy);
		return GTD_OK;
	}
	switch (f->kind) {
	case K_BOOL:
		if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
			return gtd_err_set(err, GTD_EINVAL, "%s: expected true or false", path);
		*int_at(p, f->off) = value[0] == 't';
		return GTD_OK;
	case K_STEP:
		if (!(value[0] >= '1' && value[0] < '1' + GTD_STEP_COUNT && !value[1]))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected a step number from 1 to %d",
					   path, GTD_STEP_COUNT);
		*int_at(p, f->off) = value[0] - '0';
		return GTD_OK;
	case K_LAYOUT:
		i = name_index(gtd_layout_names, GTD_LAYOUT_COUNT, value);
		if (i < 0)
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"dual\" or \"single\"", path);
		p->layout = (gtd_layout)i;
		return GTD_OK;
	case K_CODE:
		if (!code_parse(value, &p->settings.duplicate_commit_code))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"08\" (documented) or \"10\"", path);
		return GTD_OK;
	case K_SEP:
		if (!sep_parse(value, &p->settings.redirect_separator))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"?\" (documented) or \"&\"", path);
		return GTD_OK;
	case K_URLS:
	case K_CIDRS:
		return set_list(p, f, value, err);
	default:
		return gtd_err_set(err, GTD_EINVAL, "%s is a list of entries; it cannot be set from text", path);
	}
}

char *gtd_partner_get(const gtd_partner *p, const char *path)
{
	const field *f = field_find(path);
	const gtd_strlist *l;
	gtd_status st = GTD_OK;
	gtd_buf b;
	size_t i;

	if (!f || is_objlist_kind(f->kind))
		return NULL;
	if (is_string_kind(f->kind)) {
		const char *v = *str_at(p, f->off);

		return strdup(v ? v : "");
	}
	gtd_buf_init(&b, SIZE_MAX / 2);
	switch (f->kind) {
	case K_BOOL:
		st = gtd_buf_adds(&b, *int_at(p, f->off) ? "true" : "false");
		break;
	case K_ULONG:
		st = gtd_buf_printf(&b, "%lu", p->revision);
		break;
	case K_VERSION:
	case K_STEP:
		st = gtd_buf_printf(&b, "%d", *int_at(p, f->off));
		break;
	case K_BITS:
		if (p->partner_key.bits)
			st = gtd_buf_printf(&b, "%d", p->partner_key.bits);
		break;
	case K_LAYOUT:
		st = gtd_buf_adds(&b, gtd_layout_names[p->layout]);
		break;
	case K_STATUS:
		st = gtd_buf_adds(&b, gtd_step_status_names[*int_at(p, f->off)]);
		break;
	case K_CODE:
		st = gtd_buf_adds(&b, gtd_codes[p->settings.duplicate_commit_code].code);
		break;
	case K_SEP:
		st = gtd_buf_addc(&b, p->settings.redirect_separator);
		break;
	default:
		l = list_at(p, f->off);
		for (i = 0; i < l->n && st == GTD_OK; i++)
			st = gtd_buf_printf(&b, "%s%s", i ? ", " : "", l->v[i]);
		break;
	}
	if (st != GTD_OK) {
		gtd_buf_release(&b);
		return NULL;
	}
	return gtd_buf_detach(&b);
}

/* ---- secrets ---- */

int gtd_partner_is_secret_path(const char *path)
{
	const field *f = field_find(path);

	return f && (f->flags & F_SECRET);
}

/* Byte offset where the last n characters of s[0..len) start. */
static size_t tail_start(const char *s, size_t len, size_t n)
{
	size_t i = len;

	while (n > 0 && i > 0) {
		i--;
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n--;
	}
	return i;
}

char *gtd_mask_secret(const char *value)
{
	size_t len, chars = 0, i, head;
	gtd_buf b;

	if (!value)
		return NULL;
	len = strlen(value);
	for (i = 0; i < len; i++)
		if (((unsigned char)value[i] & 0xc0) != 0x80)
			chars++;
	if (chars == 0)
		return strdup("");
	/* Showing both ends only when at least half stays hidden. */
	if (chars < 4 * MASK_SHOWN)
		return strdup(MASK_HIDDEN);
	/* The last chars - MASK_SHOWN characters start after the first ones. */
	head = tail_start(value, len, chars - MASK_SHOWN);
	gtd_buf_init(&b, len + sizeof(MASK_GAP));
	if (gtd_buf_add(&b, value, head) != GTD_OK || gtd_buf_adds(&b, MASK_GAP) != GTD_OK ||
	    gtd_buf_adds(&b, value + tail_start(value, len, MASK_SHOWN)) != GTD_OK) {
		gtd_buf_release(&b);
		return NULL;
	}
	return gtd_buf_detach(&b);
}

/* ---- JSON ---- */

/* JSON paths of cJSON items: "company.name", "links.other[1]". */
static void path_cut(gtd_buf *b, size_t len)
{
	/* A failed buffer has nothing to cut, and stays failed. */
	if (b->data) {
		b->len = len;
		b->data[len] = '\0';
	}
}

static gtd_status path_push(gtd_buf *b, const cJSON *parent, const cJSON *child, size_t i)
{
	if (cJSON_IsArray(parent))
		return gtd_buf_printf(b, "[%zu]", i);
	if (b->len)
		gtd_buf_addc(b, '.');
	return gtd_buf_adds(b, child->string);   /* the buffer's error, if the dot failed */
}

/* name[0..len) into part as a string, cut to PART_MAX - 1 (no member name
 * of a record is that long).  Called for every component of every field
 * path on every load, hence no snprintf. */
static void copy_part(char part[PART_MAX], const char *name, size_t len)
{
	if (len >= PART_MAX)
		len = PART_MAX - 1;
	memcpy(part, name, len);
	part[len] = '\0';
}

/* The member at a field's path, NULL when absent; GTD_EINVAL when an
 * enclosing member is not an object. */
static gtd_status lookup(const cJSON *root, const char *path, const cJSON **out, gtd_err *err)
{
	const char *name = path, *dot;
	char part[PART_MAX];

	*out = NULL;
	while ((dot = strchr(name, '.'))) {
		copy_part(part, name, (size_t)(dot - name));
		root = cJSON_GetObjectItemCaseSensitive(root, part);
		if (!root)
			return GTD_OK;
		if (!cJSON_IsObject(root))
			return gtd_err_set(err, GTD_EINVAL, "%.*s: expected an object", (int)(dot - path), path);
		name = dot + 1;
	}
	*out = cJSON_GetObjectItemCaseSensitive(root, name);
	return GTD_OK;
}

static gtd_status want_int(const cJSON *item, const char *path, double min, double max,
			   double *out, gtd_err *err)
{
	double v = item->valuedouble;

	if (!cJSON_IsNumber(item) || v < min || v > max || v != (double)(long long)v)
		return gtd_err_set(err, GTD_EINVAL, "%s: expected a whole number from %.0f to %.0f",
				   path, min, max);
	*out = v;
	return GTD_OK;
}


static gtd_status want_name(const cJSON *item, const char *path, const char *const *names,
			    int n, int *out, gtd_err *err)
{
	return want_name_text(cJSON_IsString(item) ? item->valuestring : NULL, path, names, n, out, err);
}

static gtd_status want_string(const cJSON *item, const char *path, char **slot, gtd_err *err)
{
	char *copy = NULL;

	if (item && !cJSON_IsNull(item)) {
		if (!cJSON_IsString(item))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected a string", path);
		if (!(copy = strdup(item->valuestring)))
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	replace_str(slot, copy);
	return GTD_OK;
}

/* Members of o whose names appear twice would lose all but one. */
static gtd_status refuse_twice(const cJSON *o, const char *prefix, int plen, gtd_err *err)
{
	const cJSON *a, *b;

	for (a = o->child; a; a = a->next)
		for (b = a->next; b; b = b->next)
			if (strcmp(a->string, b->string) == 0)
				return gtd_err_set(err, GTD_EINVAL, "%.*s%s%s: the member appears twice",
						   plen, prefix, plen ? "." : "", a->string);
	return GTD_OK;
}

/* Copies the members of o that are not members[] into *extra (created when
 * needed). */
static gtd_status keep_others(const cJSON *o, const member *members, cJSON **extra)
{
	const cJSON *c;
	const member *m;

	for (c = o->child; c; c = c->next) {
		cJSON *dup;

		for (m = members; m->name && strcmp(m->name, c->string) != 0; m++)
			;
		if (m->name)
			continue;
		if (!*extra && !(*extra = cJSON_CreateObject()))
			return GTD_ENOMEM;
		dup = cJSON_Duplicate(c, 1);
		if (!dup || !cJSON_AddItemToObject(*extra, c->string, dup)) {
			cJSON_Delete(dup);
			return GTD_ENOMEM;
		}
	}
	return GTD_OK;
}

static gtd_status objlist_from_json(gtd_partner *p, const field *f, const cJSON *arr, gtd_err *err)
{
	const member *members = objlists[f->kind - K_DOCS].members, *m;
	char path[PATH_MAX_LEN];
	const cJSON *o;
	gtd_status st;
	size_t i = 0;

	if (!cJSON_IsArray(arr))
		return gtd_err_set(err, GTD_EINVAL, "%s: expected an array", f->path);
	for (o = arr->child; o; o = o->next, i++) {
		void *e;

		snprintf(path, sizeof(path), "%s[%zu]", f->path, i);
		if (!cJSON_IsObject(o))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected an object", path);
		st = refuse_twice(o, path, (int)strlen(path), err);
		if (st != GTD_OK)
			return st;
		e = objlist_append(p, f->kind);
		if (!e)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		for (m = members; m->name; m++) {
			const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, m->name);
			int app;

			snprintf(path, sizeof(path), "%s[%zu].%s", f->path, i, m->name);
			if (is_string_kind(m->kind)) {
				st = want_string(item, path, elem_str(e, m), err);
			} else {
				st = want_name(item, path, gtd_cs_app_names, GTD_CS_APP_COUNT, &app, err);
				((gtd_cs_channel *)e)->app = (gtd_cs_app)app;
			}
			if (st != GTD_OK)
				return st;
		}
		if (keep_others(o, members, elem_extra(e, f->kind)) != GTD_OK)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	return GTD_OK;
}

static gtd_status strlist_from_json(gtd_strlist *l, const char *fpath, const cJSON *arr, gtd_err *err)
{
	const cJSON *c;
	size_t i = 0;

	if (!cJSON_IsArray(arr))
		return gtd_err_set(err, GTD_EINVAL, "%s: expected an array of strings", fpath);
	for (c = arr->child; c; c = c->next, i++) {
		if (!cJSON_IsString(c))
			return gtd_err_set(err, GTD_EINVAL, "%s[%zu]: expected a string", fpath, i);
		if (gtd_strlist_add(l, c->valuestring) != GTD_OK)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	return GTD_OK;
}

static gtd_status field_from_json(gtd_partner *p, const field *f, const cJSON *item, gtd_err *err)
{
	double v = 0;
	gtd_status st;
	int i;

	if (is_string_kind(f->kind)) {
		if (!item && (f->flags & F_REQUIRED))
			return gtd_err_set(err, GTD_EINVAL, "%s: missing", f->path);
		return want_string(item, f->path, str_at(p, f->off), err);
	}
	if (f->kind == K_VERSION) {
		if (!item)
			return gtd_err_set(err, GTD_EINVAL,
					   "format_version: missing; this is not a partner record of the kit, or it was damaged");
		if (cJSON_IsNumber(item) && item->valuedouble > GTD_PARTNER_FORMAT_VERSION)
			return gtd_err_set(err, GTD_EINVAL,
					   "format_version: the record was written by a newer version of the kit "
					   "(format %.0f; this kit reads up to %d): upgrade the kit",
					   item->valuedouble, GTD_PARTNER_FORMAT_VERSION);
		st = want_int(item, f->path, 1, GTD_PARTNER_FORMAT_VERSION, &v, err);
		p->format_version = (int)v;
		return st;
	}
	/* Absent members keep gtd_partner_new()'s defaults. */
	if (!item)
		return GTD_OK;
	switch (f->kind) {
	case K_BOOL:
		if (!cJSON_IsBool(item))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected true or false", f->path);
		*int_at(p, f->off) = cJSON_IsTrue(item);
		return GTD_OK;
	case K_ULONG:
		st = want_int(item, f->path, 0, JSON_INT_MAX, &v, err);
		p->revision = (unsigned long)v;
		return st;
	case K_BITS:
		st = want_int(item, f->path, 0, GTD_KEY_MAX_BITS, &v, err);
		p->partner_key.bits = (int)v;
		return st;
	case K_STEP:
		st = want_int(item, f->path, 1, GTD_STEP_COUNT, &v, err);
		*int_at(p, f->off) = (int)v;
		return st;
	case K_LAYOUT:
		st = want_name(item, f->path, gtd_layout_names, GTD_LAYOUT_COUNT, &i, err);
		p->layout = (gtd_layout)i;
		return st;
	case K_STATUS:
		return want_name(item, f->path, gtd_step_status_names, GTD_STEP_STATUS_COUNT,
				 int_at(p, f->off), err);
	case K_CODE:
		if (!cJSON_IsString(item) || !code_parse(item->valuestring, &p->settings.duplicate_commit_code))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"08\" or \"10\"", f->path);
		return GTD_OK;
	case K_SEP:
		if (!cJSON_IsString(item) || !sep_parse(item->valuestring, &p->settings.redirect_separator))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"?\" or \"&\"", f->path);
		return GTD_OK;
	case K_URLS:
	case K_CIDRS:
		return strlist_from_json(list_at(p, f->off), f->path, item, err);
	default:
		return objlist_from_json(p, f, item, err);
	}
}

/* How name, a member of the object at prefix[0..plen), is known: 0 not at
 * all, 1 a field, 2 an object holding fields (*sub then is a field path
 * whose first *sublen bytes are its path). */
static int known_member(const char *prefix, size_t plen, const char *name,
			const char **sub, size_t *sublen)
{
	size_t nlen = strlen(name), i;

	/* Field names have no dots, so "company.name" at the top is unknown. */
	if (strchr(name, '.'))
		return 0;
	for (i = 0; i < FIELD_COUNT; i++) {
		const char *path = fields[i].path, *rest;

		/* The first character rules most fields out without a strncmp. */
		if (path[0] != (plen ? prefix[0] : name[0]) || strncmp(path, prefix, plen) != 0 ||
		    (plen && path[plen] != '.'))
			continue;
		rest = path + plen + (plen ? 1 : 0);
		if (strncmp(rest, name, nlen) != 0)
			continue;
		if (rest[nlen] == '\0')
			return 1;
		if (rest[nlen] == '.') {
			*sub = path;
			*sublen = (size_t)(rest - path) + nlen;
			return 2;
		}
	}
	return 0;
}

/* Copies the members of o (the object at prefix[0..plen)) that are not
 * fields into extra, recursing into objects that hold fields. */
static gtd_status keep_unknown(const cJSON *o, const char *prefix, size_t plen, cJSON *extra,
			       gtd_err *err)
{
	const cJSON *c;
	gtd_status st = refuse_twice(o, prefix, (int)plen, err);

	for (c = o->child; c && st == GTD_OK; c = c->next) {
		const char *sub = NULL;
		size_t sublen = 0;
		int known = known_member(prefix, plen, c->string, &sub, &sublen);
		cJSON *dup;

		if (known == 1)
			continue;
		dup = known ? cJSON_CreateObject() : cJSON_Duplicate(c, 1);
		if (!dup || !cJSON_AddItemToObject(extra, c->string, dup)) {
			cJSON_Delete(dup);
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		}
		if (known == 2) {
			st = keep_unknown(c, sub, sublen, dup, err);
			if (!dup->child)
				cJSON_Delete(cJSON_DetachItemViaPointer(extra, dup));
		}
	}
	return st;
}

/* 1 when a string at or below item holds a private key, path then naming
 * it; 0 when none does; -1 when out of memory. */
static int find_private(const cJSON *item, gtd_buf *path)
{
	const cJSON *c;
	size_t mark = path->len, i = 0;
	int found = 0;

	if (cJSON_IsString(item))
		return holds_private_key(item->valuestring);
	for (c = item->child; c && !found; c = c->next, i++) {
		if (path_push(path, item, c, i) != GTD_OK)
			return -1;
		found = find_private(c, path);
		if (!found)
			path_cut(path, mark);
	}
	return found;
}

/* Line and column (from 1) of byte off in text. */
static void line_column(const char *text, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

gtd_status gtd_partner_from_json(const char *text, size_t len, gtd_partner **out,
				 gtd_err *err)
{
	const char *end = NULL;
	const cJSON *id, *item;
	cJSON *root;
	gtd_partner *p = NULL;
	gtd_buf where;
	gtd_status st;
	size_t i, line, col;
	int priv;

	*out = NULL;
	if (len == 0)
		return gtd_err_set(err, GTD_EINVAL, "the record is empty");
	/* return_parse_end, unlike cJSON_GetErrorPtr(), is thread-safe; it
	 * points at or just after the bad byte ("near").  cJSON checks for
	 * trailing garbage only up to a NUL, which text[len] need not be, so
	 * that check is done here. */
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root)
		while (end < text + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
			end++;
	if (!root || end != text + len) {
		size_t off = end ? (size_t)(end - text) : 0;

		cJSON_Delete(root);
		line_column(text, off, &line, &col);
		return gtd_err_set(err, GTD_EINVAL, "malformed JSON near byte %zu (line %zu, column %zu)",
				   off, line, col);
	}
	gtd_buf_init(&where, JSON_PATH_MAX);
	priv = find_private(root, &where);
	if (priv)
		st = priv < 0 ? gtd_err_set(err, GTD_ENOMEM, "out of memory")
			      : refuse_private(err, gtd_buf_str(&where));
	gtd_buf_release(&where);
	if (priv)
		goto out;
	if (!cJSON_IsObject(root)) {
		st = gtd_err_set(err, GTD_EINVAL, "the record is not a JSON object");
		goto out;
	}
	id = cJSON_GetObjectItemCaseSensitive(root, "id");
	if (!cJSON_IsString(id)) {
		st = gtd_err_set(err, GTD_EINVAL, id ? "id: expected a string" : "id: missing");
		goto out;
	}
	p = gtd_partner_new(id->valuestring);
	if (!p) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < FIELD_COUNT; i++) {
		st = lookup(root, fields[i].path, &item, err);
		if (st == GTD_OK)
			st = field_from_json(p, &fields[i], item, err);
		if (st != GTD_OK)
			goto out;
	}
	p->extra = cJSON_CreateObject();
	if (!p->extra) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	st = keep_unknown(root, "", 0, p->extra, err);
	if (st != GTD_OK)
		goto out;
	if (!p->extra->child) {
		cJSON_Delete(p->extra);
		p->extra = NULL;
	}
	*out = p;
	p = NULL;
out:
	gtd_partner_free(p);
	cJSON_Delete(root);
	return st;
}

/* The object at path's parent, created along the way; *leaf is the last
 * component. */
static cJSON *parent_of(cJSON *root, const char *path, const char **leaf)
{
	const char *name = path, *dot;
	char part[PART_MAX];

	while (root && (dot = strchr(name, '.'))) {
		cJSON *next;

		copy_part(part, name, (size_t)(dot - name));
		next = cJSON_GetObjectItemCaseSensitive(root, part);
		if (!next)
			next = cJSON_AddObjectToObject(root, part);
		root = next;
		name = dot + 1;
	}
	*leaf = name;
	return root;
}

/* Adds extra's members to o, into objects of the same name where both are
 * objects.  A name that o already holds as a non-object cannot come from
 * gtd_partner_from_json (extras only hold unknown names); o's wins. */
static int merge_extra(cJSON *o, const cJSON *extra)
{
	const cJSON *c;

	for (c = extra ? extra->child : NULL; c; c = c->next) {
		cJSON *have = cJSON_GetObjectItemCaseSensitive(o, c->string), *dup;

		if (have) {
			if (cJSON_IsObject(have) && cJSON_IsObject(c) && !merge_extra(have, c))
				return 0;
			continue;
		}
		dup = cJSON_Duplicate(c, 1);
		if (!dup || !cJSON_AddItemToObject(o, c->string, dup)) {
			cJSON_Delete(dup);
			return 0;
		}
	}
	return 1;
}

static cJSON *objlist_to_json(const gtd_partner *p, enum kind k)
{
	cJSON *arr = cJSON_CreateArray(), *o;
	size_t i, n = objlist_count(p, k);
	const member *m;

	for (i = 0; arr && i < n; i++) {
		const void *e = objlist_at(p, k, i);

		o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto fail;
		}
		for (m = objlists[k - K_DOCS].members; m->name; m++) {
			const char *v = is_string_kind(m->kind) ? *elem_str(e, m)
				: gtd_cs_app_names[((const gtd_cs_channel *)e)->app];

			if (v && !cJSON_AddStringToObject(o, m->name, v))
				goto fail;
		}
		if (!merge_extra(o, *elem_extra(e, k)))
			goto fail;
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

static cJSON *strlist_to_json(const gtd_strlist *l)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i;

	for (i = 0; arr && i < l->n; i++) {
		cJSON *s = cJSON_CreateString(l->v[i]);

		if (!s || !cJSON_AddItemToArray(arr, s)) {
			cJSON_Delete(s);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

/* The field's JSON value, or NULL when it is absent (*absent set) or when
 * out of memory. */
static cJSON *field_to_json(const gtd_partner *p, const field *f, int *absent)
{
	char sep[2] = {p->settings.redirect_separator, '\0'};

	*absent = 0;
	if (is_string_kind(f->kind)) {
		const char *v = *str_at(p, f->off);

		*absent = !v;
		return v ? cJSON_CreateString(v) : NULL;
	}
	switch (f->kind) {
	case K_BOOL:
		return cJSON_CreateBool(*int_at(p, f->off));
	case K_ULONG:
		return cJSON_CreateNumber((double)p->revision);
	case K_BITS:
		*absent = !p->partner_key.bits;
		return p->partner_key.bits ? cJSON_CreateNumber(p->partner_key.bits) : NULL;
	case K_VERSION:
	case K_STEP:
		return cJSON_CreateNumber(*int_at(p, f->off));
	case K_LAYOUT:
		return cJSON_CreateString(gtd_layout_names[p->layout]);
	case K_STATUS:
		return cJSON_CreateString(gtd_step_status_names[*int_at(p, f->off)]);
	case K_CODE:
		return cJSON_CreateString(gtd_codes[p->settings.duplicate_commit_code].code);
	case K_SEP:
		return cJSON_CreateString(sep);
	case K_URLS:
	case K_CIDRS:
		return strlist_to_json(list_at(p, f->off));
	default:
		return objlist_to_json(p, f->kind);
	}
}

char *gtd_partner_to_json(const gtd_partner *p)
{
	cJSON *root = cJSON_CreateObject();
	char *text = NULL, *nl;
	size_t i, n;

	for (i = 0; root && i < FIELD_COUNT; i++) {
		const char *leaf;
		int absent;
		cJSON *v = field_to_json(p, &fields[i], &absent), *parent;

		if (absent)
			continue;
		parent = v ? parent_of(root, fields[i].path, &leaf) : NULL;
		if (!parent || !cJSON_AddItemToObject(parent, leaf, v)) {
			cJSON_Delete(v);
			goto out;
		}
	}
	if (!root || !merge_extra(root, p->extra))
		goto out;
	text = cJSON_Print(root);
	if (!text)
		goto out;
	/* A text file ends with a newline. */
	n = strlen(text);
	nl = realloc(text, n + 2);
	if (!nl) {
		free(text);
		text = NULL;
		goto out;
	}
	text = nl;
	memcpy(text + n, "\n", 2);
out:
	cJSON_Delete(root);
	return text;
}

/* ---- diff ---- */

/* Every leaf path at or below item (an empty object or array is a leaf). */
static gtd_status leaves(const cJSON *item, gtd_buf *path, gtd_strlist *out)
{
	const cJSON *c;
	size_t mark = path->len, i = 0;
	gtd_status st = GTD_OK;

	if (!(cJSON_IsObject(item) || cJSON_IsArray(item)) || !item->child)
		return gtd_strlist_add(out, gtd_buf_str(path));
	for (c = item->child; c && st == GTD_OK; c = c->next, i++) {
		st = path_push(path, item, c, i);
		if (st == GTD_OK)
			st = leaves(c, path, out);
		path_cut(path, mark);
	}
	return st;
}

static const cJSON *counterpart(const cJSON *container, const cJSON *child, size_t i)
{
	if (cJSON_IsArray(container))
		return cJSON_GetArrayItem(container, (int)i);
	return cJSON_GetObjectItemCaseSensitive(container, child->string);
}

static gtd_status diff(const cJSON *a, const cJSON *b, gtd_buf *path, gtd_strlist *out)
{
	const cJSON *c;
	size_t mark = path->len, i;
	gtd_status st = GTD_OK;

	if (!a || !b)
		return leaves(a ? a : b, path, out);
	if (!((cJSON_IsObject(a) && cJSON_IsObject(b)) || (cJSON_IsArray(a) && cJSON_IsArray(b))))
		return cJSON_Compare(a, b, 1) ? GTD_OK : gtd_strlist_add(out, gtd_buf_str(path));
	for (c = b->child, i = 0; c && st == GTD_OK; c = c->next, i++) {
		st = path_push(path, b, c, i);
		if (st == GTD_OK)
			st = diff(counterpart(a, c, i), c, path, out);
		path_cut(path, mark);
	}
	for (c = a->child, i = 0; c && st == GTD_OK; c = c->next, i++) {
		if (counterpart(b, c, i))
			continue;
		st = path_push(path, a, c, i);
		if (st == GTD_OK)
			st = leaves(c, path, out);
		path_cut(path, mark);
	}
	return st;
}

gtd_status gtd_json_diff(const cJSON *old_doc, const cJSON *new_doc, gtd_strlist *out)
{
	gtd_buf path;
	gtd_status st = GTD_OK;

	out->n = 0;
	out->v = NULL;
	gtd_buf_init(&path, JSON_PATH_MAX);
	if (old_doc || new_doc)
		st = diff(old_doc, new_doc, &path, out);
	gtd_buf_release(&path);
	if (st != GTD_OK)
		gtd_strlist_release(out);
	return st;
}
