#include "field.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "partner.h"

#define AT(m) offsetof(gtd_partner, m)

#define ENV_FIELDS(i, name, url_kind) \
	{"env." name ".gateway_url", url_kind, AT(env[i].gateway_url), 0, 0}, \
	{"env." name ".api_key", GTD_KIND_TOKEN, AT(env[i].api_key), GTD_FIELD_SECRET, 0}, \
	{"env." name ".access_code", GTD_KIND_TOKEN, AT(env[i].access_code), GTD_FIELD_SECRET, 0}, \
	{"env." name ".gotadi_public_key", GTD_KIND_PEM, AT(env[i].gotadi_public_key), 0, 0}, \
	{"env." name ".activation_token", GTD_KIND_TOKEN, AT(env[i].activation_token), GTD_FIELD_SECRET, 0}, \
	{"env." name ".activated_at", GTD_KIND_TIME, AT(env[i].activated_at), 0, 0}

/* Step names are codes.h's gtd_steps[].name (a unit test holds them equal). */
#define STEP_FIELDS(i, name) \
	{"onboarding.steps." name ".status", GTD_KIND_STATUS, AT(onboarding.steps[i].status), GTD_FIELD_RO, 0}, \
	{"onboarding.steps." name ".started_at", GTD_KIND_TIME, AT(onboarding.steps[i].started_at), GTD_FIELD_RO, 0}, \
	{"onboarding.steps." name ".done_at", GTD_KIND_TIME, AT(onboarding.steps[i].done_at), GTD_FIELD_RO, 0}, \
	{"onboarding.steps." name ".notes", GTD_KIND_TEXT, AT(onboarding.steps[i].notes), 0, GTD_NOTE_MAX}

const gtd_field gtd_fields[] = {
	{"format_version", GTD_KIND_VERSION, AT(format_version), GTD_FIELD_RO, 0},
	{"id", GTD_KIND_SLUG, AT(id), GTD_FIELD_RO | GTD_FIELD_REQUIRED, 0},
	{"revision", GTD_KIND_ULONG, AT(revision), GTD_FIELD_RO, 0},
	{"created", GTD_KIND_TIME, AT(created), GTD_FIELD_RO, 0},
	{"updated", GTD_KIND_TIME, AT(updated), GTD_FIELD_RO, 0},
	{"disabled", GTD_KIND_BOOL, AT(disabled), 0, 0},
	{"company.name", GTD_KIND_TEXT, AT(company.name), 0, GTD_NAME_MAX},
	{"company.address", GTD_KIND_TEXT, AT(company.address), 0, GTD_ADDRESS_MAX},
	{"company.website", GTD_KIND_URL, AT(company.website), 0, 0},
	{"admin.full_name", GTD_KIND_TEXT, AT(admin.full_name), 0, GTD_NAME_MAX},
	{"admin.email", GTD_KIND_EMAIL, AT(admin.email), 0, 0},
	{"admin.phone", GTD_KIND_PHONE, AT(admin.phone), 0, 0},
	{"links.product_url", GTD_KIND_URL, AT(links.product_url), 0, 0},
	{"links.payment_url", GTD_KIND_URL, AT(links.payment_url), 0, 0},
	{"links.other", GTD_KIND_URLS, AT(links.other), 0, 0},
	{"documents", GTD_KIND_DOCS, AT(documents), 0, 0},
	{"partner_key.pem", GTD_KIND_PARTNER_KEY, AT(partner_key.pem), 0, 0},
	{"partner_key.bits", GTD_KIND_BITS, AT(partner_key.bits), GTD_FIELD_RO, 0},
	{"partner_key.fingerprint", GTD_KIND_HEX, AT(partner_key.fingerprint), GTD_FIELD_RO, 0},
	ENV_FIELDS(GTD_ENV_SANDBOX, "sandbox", GTD_KIND_URL),
	ENV_FIELDS(GTD_ENV_LIVE, "live", GTD_KIND_URL_HTTPS),
	{"env.live.ip_whitelist", GTD_KIND_CIDRS, AT(env[GTD_ENV_LIVE].ip_whitelist), 0, 0},
	{"emulator_key.public_pem", GTD_KIND_EMULATOR_KEY, AT(emulator_key.public_pem), 0, 0},
	{"emulator_key.fingerprint", GTD_KIND_HEX, AT(emulator_key.fingerprint), GTD_FIELD_RO, 0},
	{"layout", GTD_KIND_LAYOUT, AT(layout), 0, 0},
	{"products.flight", GTD_KIND_BOOL, AT(products.flight), 0, 0},
	{"products.hotel", GTD_KIND_BOOL, AT(products.hotel), 0, 0},
	{"theme.primary", GTD_KIND_COLOUR, AT(theme.primary), 0, 0},
	{"theme.secondary", GTD_KIND_COLOUR, AT(theme.secondary), 0, 0},
	{"theme.background", GTD_KIND_COLOUR, AT(theme.background), 0, 0},
	{"theme.text", GTD_KIND_COLOUR, AT(theme.text), 0, 0},
	{"theme.button_text", GTD_KIND_COLOUR, AT(theme.button_text), 0, 0},
	{"onboarding.current_step", GTD_KIND_STEP, AT(onboarding.current_step), 0, 0},
	STEP_FIELDS(0, "account"),
	STEP_FIELDS(1, "sandbox"),
	STEP_FIELDS(2, "connect"),
	STEP_FIELDS(3, "go-live"),
	STEP_FIELDS(4, "support"),
	{"onboarding.evidence", GTD_KIND_EVIDENCE, AT(onboarding.evidence), 0, 0},
	{"cs.channels", GTD_KIND_CHANNELS, AT(cs.channels), 0, 0},
	{"cs.training_date", GTD_KIND_DATE, AT(cs.training_date), 0, 0},
	{"settings.strict_headers", GTD_KIND_BOOL, AT(settings.strict_headers), 0, 0},
	{"settings.strict", GTD_KIND_BOOL, AT(settings.strict), 0, 0},
	{"settings.duplicate_commit_code", GTD_KIND_CODE, AT(settings.duplicate_commit_code), 0, 0},
	{"settings.redirect_separator", GTD_KIND_SEP, AT(settings.redirect_separator), 0, 0},
	{"settings.enforce_test_rules", GTD_KIND_BOOL, AT(settings.enforce_test_rules), 0, 0},
	{"settings.explain_header", GTD_KIND_BOOL, AT(settings.explain_header), 0, 0},
	{"settings.async_issue", GTD_KIND_BOOL, AT(settings.async_issue), 0, 0},
};

const size_t gtd_field_count = sizeof(gtd_fields) / sizeof(gtd_fields[0]);

static const gtd_field_member document_members[] = {
	{"name", GTD_KIND_TEXT, offsetof(gtd_document, name), GTD_NAME_MAX, 1},
	{"url", GTD_KIND_URL, offsetof(gtd_document, url), 0, 1},
	{NULL, GTD_KIND_TEXT, 0, 0, 0},
};
static const gtd_field_member evidence_members[] = {
	{"file", GTD_KIND_TEXT, offsetof(gtd_evidence, file), GTD_NAME_MAX, 1},
	{"summary", GTD_KIND_TEXT, offsetof(gtd_evidence, summary), GTD_NOTE_MAX, 0},
	{"added_at", GTD_KIND_TIME, offsetof(gtd_evidence, added_at), 0, 0},
	{"sha256", GTD_KIND_HEX, offsetof(gtd_evidence, sha256), 0, 0},
	{NULL, GTD_KIND_TEXT, 0, 0, 0},
};
static const gtd_field_member channel_members[] = {
	{"app", GTD_KIND_APP, offsetof(gtd_cs_channel, app), 0, 1},
	{"handle", GTD_KIND_TEXT, offsetof(gtd_cs_channel, handle), GTD_NAME_MAX, 1},
	{NULL, GTD_KIND_TEXT, 0, 0, 0},
};

static const struct objlist {
	const gtd_field_member *members;
	size_t extra_off;
} objlists[] = {
	[GTD_KIND_DOCS - GTD_KIND_DOCS] = {document_members, offsetof(gtd_document, extra)},
	[GTD_KIND_EVIDENCE - GTD_KIND_DOCS] = {evidence_members, offsetof(gtd_evidence, extra)},
	[GTD_KIND_CHANNELS - GTD_KIND_DOCS] = {channel_members, offsetof(gtd_cs_channel, extra)},
};

/* The fields' indices in the byte order of their paths, sorted once. */
static size_t by_path[sizeof(gtd_fields) / sizeof(gtd_fields[0])];
static pthread_once_t by_path_once = PTHREAD_ONCE_INIT;

static int path_order(const void *a, const void *b)
{
	return strcmp(gtd_fields[*(const size_t *)a].path, gtd_fields[*(const size_t *)b].path);
}

static void sort_paths(void)
{
	size_t i;

	for (i = 0; i < gtd_field_count; i++)
		by_path[i] = i;
	qsort(by_path, gtd_field_count, sizeof(by_path[0]), path_order);
}

/* path against key[0..len): <0, 0 or >0 as strcmp would say. */
static int path_cmp(const char *path, const char *key, size_t len)
{
	int r = strncmp(path, key, len);

	return r ? r : path[len] != '\0';
}

gtd_field_match gtd_field_match_path(const char *path, size_t len, size_t *index)
{
	size_t lo = 0, hi = gtd_field_count;
	const char *f;

	pthread_once(&by_path_once, sort_paths);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (path_cmp(gtd_fields[by_path[mid]].path, path, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The first path at or after path[0..len): the field itself, or,
	 * '.' sorting before every other character of a path, the first
	 * field inside it. */
	if (lo == gtd_field_count || strncmp(f = gtd_fields[by_path[lo]].path, path, len) != 0)
		return GTD_FIELD_MATCH_NONE;
	if (f[len] == '\0') {
		*index = by_path[lo];
		return GTD_FIELD_MATCH_FIELD;
	}
	return f[len] == '.' ? GTD_FIELD_MATCH_OBJECT : GTD_FIELD_MATCH_NONE;
}

const gtd_field *gtd_field_find(const char *path)
{
	size_t i;

	if (!path || gtd_field_match_path(path, strlen(path), &i) != GTD_FIELD_MATCH_FIELD)
		return NULL;
	return &gtd_fields[i];
}

int gtd_field_kind_is_string(gtd_field_kind k)
{
	return k <= GTD_KIND_LAST_STRING;
}

int gtd_field_kind_is_objlist(gtd_field_kind k)
{
	return k >= GTD_KIND_DOCS;
}

const char *const *gtd_field_choices(const gtd_field *f, size_t *n)
{
	if (f && f->kind == GTD_KIND_LAYOUT) {
		*n = GTD_LAYOUT_COUNT;
		return gtd_layout_names;
	}
	*n = 0;
	return NULL;
}

const gtd_field_member *gtd_field_members(gtd_field_kind k)
{
	return gtd_field_kind_is_objlist(k) ? objlists[k - GTD_KIND_DOCS].members : NULL;
}

char **gtd_field_str(const gtd_partner *p, size_t off)
{
	return (char **)((const char *)p + off);
}

int *gtd_field_int(const gtd_partner *p, size_t off)
{
	return (int *)((const char *)p + off);
}

gtd_strlist *gtd_field_list(const gtd_partner *p, size_t off)
{
	return (gtd_strlist *)((const char *)p + off);
}

int gtd_field_name_index(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

gtd_status gtd_field_name_parse(const char *value, const char *path, const char *const *names,
				int n, int *out, gtd_err *err)
{
	char list[GTD_ERR_MSG_MAX];
	size_t used = 0;
	int i = value ? gtd_field_name_index(names, n, value) : -1;

	if (i >= 0) {
		*out = i;
		return GTD_OK;
	}
	list[0] = '\0';
	for (i = 0; i < n && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s\"%s\"", i ? ", " : "", names[i]);
	return gtd_err_set(err, GTD_EINVAL, "%s: expected one of %s", path, list);
}

size_t gtd_field_elem_count(const gtd_partner *p, gtd_field_kind k)
{
	switch (k) {
	case GTD_KIND_DOCS:
		return p->documents.n;
	case GTD_KIND_EVIDENCE:
		return p->onboarding.evidence.n;
	default:
		return p->cs.channels.n;
	}
}

void *gtd_field_elem(const gtd_partner *p, gtd_field_kind k, size_t i)
{
	switch (k) {
	case GTD_KIND_DOCS:
		return &p->documents.v[i];
	case GTD_KIND_EVIDENCE:
		return &p->onboarding.evidence.v[i];
	default:
		return &p->cs.channels.v[i];
	}
}

size_t gtd_field_elem_size(gtd_field_kind k)
{
	return k == GTD_KIND_DOCS ? sizeof(gtd_document) : k == GTD_KIND_EVIDENCE ? sizeof(gtd_evidence)
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

void *gtd_field_elem_append(gtd_partner *p, gtd_field_kind k)
{
	switch (k) {
	case GTD_KIND_DOCS:
		APPEND(p->documents);
	case GTD_KIND_EVIDENCE:
		APPEND(p->onboarding.evidence);
	default:
		APPEND(p->cs.channels);
	}
}

cJSON **gtd_field_elem_extra(const void *e, gtd_field_kind k)
{
	return (cJSON **)((const char *)e + objlists[k - GTD_KIND_DOCS].extra_off);
}

char **gtd_field_elem_str(const void *e, const gtd_field_member *m)
{
	return (char **)((const char *)e + m->off);
}

int gtd_field_holds_private_key(const char *s)
{
	return strstr(s, "PRIVATE KEY-----") ||
	       (strstr(s, "<RSAKeyValue") && strstr(s, "<D>"));
}

gtd_status gtd_field_refuse_private(gtd_err *err, const char *path)
{
	return gtd_err_set(err, GTD_EKEY,
			   "%s holds a PRIVATE key, which never belongs in a partner record. "
			   "Treat that key as exposed: generate a new key pair (rotate) and import only its public key",
			   path);
}

/* The error codes a duplicate commit may be answered with. */
static const gtd_code duplicate_codes[] = {GTD_CODE_DUPLICATE, GTD_CODE_NOT_FOUND};

int gtd_field_code_parse(const char *s, gtd_code *out)
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

int gtd_field_sep_parse(const char *s, char *out)
{
	if ((s[0] == '?' || s[0] == '&') && !s[1]) {
		*out = s[0];
		return 1;
	}
	return 0;
}
