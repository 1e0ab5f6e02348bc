#include "partner.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "field.h"
#include "keys.h"
#include "valid.h"


/* API keys, access codes and tokens travel in headers and in the
 * '|'-joined envelope data. */
#define TOKEN_MAX 256
#define FINGERPRINT_LEN 64

#define TIMESTAMP_FORMAT "%Y-%m-%dT%H:%M:%SZ"
#define DATE_FORMAT "%Y-%m-%d"

const char *const gtd_env_names[GTD_ENV_COUNT] = {"sandbox", "live"};
const char *const gtd_layout_names[GTD_LAYOUT_COUNT] = {"dual", "single"};
const char *const gtd_step_status_names[GTD_STEP_STATUS_COUNT] = {"todo", "in_progress", "done"};
const char *const gtd_cs_app_names[GTD_CS_APP_COUNT] = {"skype", "zalo", "viber", "other"};

#define AT(m) offsetof(gtd_partner, m)

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

static int is_url_kind(gtd_field_kind k)
{
	return k == GTD_KIND_URL || k == GTD_KIND_URL_HTTPS;
}

static void elem_release(void *e, gtd_field_kind k)
{
	const gtd_field_member *m;

	for (m = gtd_field_members(k); m->name; m++)
		if (gtd_field_kind_is_string(m->kind))
			free(*gtd_field_elem_str(e, m));
	cJSON_Delete(*gtd_field_elem_extra(e, k));
}

static void objlist_release(gtd_partner *p, gtd_field_kind k)
{
	size_t i, n = gtd_field_elem_count(p, k);

	for (i = 0; i < n; i++)
		elem_release(gtd_field_elem(p, k, i), k);
	switch (k) {
	case GTD_KIND_DOCS:
		free(p->documents.v);
		break;
	case GTD_KIND_EVIDENCE:
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
	for (i = 0; i < gtd_field_count; i++) {
		const gtd_field *f = &gtd_fields[i];

		if (gtd_field_kind_is_string(f->kind))
			free(*gtd_field_str(p, f->off));
		else if (f->kind == GTD_KIND_URLS || f->kind == GTD_KIND_CIDRS)
			gtd_strlist_release(gtd_field_list(p, f->off));
		else if (gtd_field_kind_is_objlist(f->kind))
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
		*gtd_field_str(p, theme[i].off) = strdup(theme[i].colour);
		if (!*gtd_field_str(p, theme[i].off))
			goto fail;
	}
	return p;
fail:
	gtd_partner_free(p);
	return NULL;
}

/* Most string members of a list element (gtd_evidence has four). */
#define ELEM_STRINGS_MAX 4

/* Adds an element whose string members get copies of values[] (in member
 * order, GTD_KIND_APP skipped). */
static gtd_status add_elem(gtd_partner *p, gtd_field_kind k, const char *const *values, void **out)
{
	const gtd_field_member *m, *members = gtd_field_members(k);
	char *copies[ELEM_STRINGS_MAX] = {NULL};
	size_t i = 0;
	void *e;

	for (m = members; m->name; m++) {
		if (!gtd_field_kind_is_string(m->kind))
			continue;
		if (values[i] && !(copies[i] = strdup(values[i])))
			goto fail;
		i++;
	}
	e = gtd_field_elem_append(p, k);
	if (!e)
		goto fail;
	for (i = 0, m = members; m->name; m++)
		if (gtd_field_kind_is_string(m->kind))
			*gtd_field_elem_str(e, m) = copies[i++];
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
	const char *values[ELEM_STRINGS_MAX] = {name, url};

	return add_elem(p, GTD_KIND_DOCS, values, NULL);
}

gtd_status gtd_partner_add_evidence(gtd_partner *p, const char *file, const char *summary,
				    const char *added_at)
{
	const char *values[ELEM_STRINGS_MAX] = {file, summary, added_at, NULL};

	return add_elem(p, GTD_KIND_EVIDENCE, values, NULL);
}

gtd_status gtd_partner_add_channel(gtd_partner *p, gtd_cs_app app, const char *handle)
{
	const char *values[ELEM_STRINGS_MAX] = {handle};
	void *e;
	gtd_status st;

	if ((unsigned)app >= GTD_CS_APP_COUNT)
		return GTD_EINVAL;
	st = add_elem(p, GTD_KIND_CHANNELS, values, &e);
	if (st == GTD_OK)
		((gtd_cs_channel *)e)->app = app;
	return st;
}

/* The list of objects at path, or NULL. */
static const gtd_field *objlist_field(const char *path)
{
	const gtd_field *f = gtd_field_find(path);

	return f && gtd_field_kind_is_objlist(f->kind) ? f : NULL;
}

static gtd_status not_a_list(const char *path, gtd_err *err)
{
	return gtd_err_set(err, GTD_ENOTFOUND, "%s: not a list; the lists are documents, "
			   "onboarding.evidence and cs.channels", path);
}

/* "name, url": a list's member names, for messages. */
static void member_names(const gtd_field_member *members, char *out, size_t size)
{
	const gtd_field_member *m;
	size_t len = 0;

	out[0] = '\0';
	for (m = members; m->name && len < size; m++)
		len += (size_t)snprintf(out + len, size - len, "%s%s", m == members ? "" : ", ", m->name);
}

gtd_status gtd_partner_list_append(gtd_partner *p, const char *list, size_t n,
				   const char *const *assignments, time_t now, gtd_err *err)
{
	const gtd_field *f = objlist_field(list);
	const gtd_field_member *m, *members;
	const char *values[ELEM_STRINGS_MAX] = {NULL};
	char names[128], stamp[GTD_TIMESTAMP_SIZE], *completed[ELEM_STRINGS_MAX] = {NULL};
	int app = -1, given[ELEM_STRINGS_MAX + 1] = {0};
	size_t i, j, slot;
	gtd_status st = GTD_OK;
	void *e;

	if (!f)
		return not_a_list(list, err);
	members = gtd_field_members(f->kind);
	member_names(members, names, sizeof(names));
	for (i = 0; i < n; i++) {
		const char *eq = strchr(assignments[i], '=');
		size_t len = eq ? (size_t)(eq - assignments[i]) : 0;

		for (m = members, j = 0, slot = 0; eq && m->name; m++, j++) {
			if (strlen(m->name) == len && strncmp(m->name, assignments[i], len) == 0)
				break;
			slot += gtd_field_kind_is_string(m->kind);
		}
		if (!eq || !m->name) {
			st = gtd_err_set(err, GTD_EINVAL, "%s: '%s' is not MEMBER=VALUE with a member of %s",
					 list, assignments[i], names);
			goto out;
		}
		if (given[j]++) {
			st = gtd_err_set(err, GTD_EINVAL, "%s: %s is given twice", list, m->name);
			goto out;
		}
		if (m->kind == GTD_KIND_APP) {
			char path[64];

			snprintf(path, sizeof(path), "%s: app '%.20s'", list, eq + 1);
			if (gtd_field_name_parse(eq + 1, path, gtd_cs_app_names, GTD_CS_APP_COUNT, &app,
					   err) != GTD_OK) {
				st = GTD_EINVAL;
				goto out;
			}
		} else if (eq[1]) {
			values[slot] = eq + 1;
			/* A URL member typed as a bare host, as for URL fields. */
			if (is_url_kind(m->kind) && !gtd_valid_url(eq + 1, m->kind == GTD_KIND_URL_HTTPS, NULL, 0) &&
			    !completed[slot] && (completed[slot] = gtd_url_complete(eq + 1)))
				values[slot] = completed[slot];
		}
	}
	for (m = members, j = 0, slot = 0; m->name; m++, j++) {
		if (m->kind == GTD_KIND_TIME && !given[j]) {
			/* when the evidence was added, unless told */
			gtd_partner_timestamp(now, stamp);
			values[slot] = stamp;
		}
		if (m->required && (m->kind == GTD_KIND_APP ? app < 0 : !values[slot])) {
			st = gtd_err_set(err, GTD_EINVAL, "%s: %s is required (members: %s)", list, m->name,
					 names);
			goto out;
		}
		slot += gtd_field_kind_is_string(m->kind);
	}
	if (add_elem(p, f->kind, values, &e) != GTD_OK) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	if (app >= 0)
		((gtd_cs_channel *)e)->app = (gtd_cs_app)app;
out:
	for (i = 0; i < ELEM_STRINGS_MAX; i++)
		free(completed[i]);
	return st;
}

size_t gtd_partner_list_count(const gtd_partner *p, const char *list)
{
	const gtd_field *f = objlist_field(list);

	return f ? gtd_field_elem_count(p, f->kind) : 0;
}

gtd_status gtd_partner_list_remove(gtd_partner *p, const char *element, gtd_err *err)
{
	char path[64], *end;
	const char *open = strchr(element, '[');
	const gtd_field *f;
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
	n = gtd_field_elem_count(p, f->kind);
	if (i >= n && n == 0)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s has no element %lu: it is empty", path, i);
	if (i >= n)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s has no element %lu: it has %zu, [0] to [%zu]",
				   path, i, n, n - 1);
	e = gtd_field_elem(p, f->kind, i);
	elem_release(e, f->kind);
	memmove(e, (char *)e + gtd_field_elem_size(f->kind), (n - i - 1) * gtd_field_elem_size(f->kind));
	switch (f->kind) {
	case GTD_KIND_DOCS:
		p->documents.n--;
		break;
	case GTD_KIND_EVIDENCE:
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
static int valid_string(const gtd_partner *p, gtd_field_kind k, size_t max, const char *v,
			char *why, size_t len)
{
	switch (k) {
	case GTD_KIND_SLUG:
		return gtd_valid_slug(v, why, len);
	case GTD_KIND_TEXT:
		return gtd_valid_text(v, max, why, len);
	case GTD_KIND_URL:
		return gtd_valid_url(v, 0, why, len);
	case GTD_KIND_URL_HTTPS:
		return gtd_valid_url(v, 1, why, len);
	case GTD_KIND_EMAIL:
		return gtd_valid_email(v, why, len);
	case GTD_KIND_PHONE:
		return gtd_valid_phone(v, why, len);
	case GTD_KIND_COLOUR:
		return gtd_valid_colour(v, why, len);
	case GTD_KIND_TIME:
		return valid_stamp(v, 0, why, len);
	case GTD_KIND_DATE:
		return valid_stamp(v, 1, why, len);
	case GTD_KIND_TOKEN:
		return valid_token(v, why, len);
	case GTD_KIND_HEX:
		return valid_fingerprint(v, why, len);
	case GTD_KIND_PARTNER_KEY:
		return valid_key(v, p->partner_key.fingerprint, p->partner_key.bits, why, len);
	case GTD_KIND_EMULATOR_KEY:
		return valid_key(v, p->emulator_key.fingerprint, 0, why, len);
	default:
		return valid_key(v, NULL, 0, why, len);
	}
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

static void check_elements(const gtd_partner *p, const gtd_field *f, checks *c)
{
	char path[GTD_FIELD_PATH_MAX], why[GTD_ERR_MSG_MAX];
	size_t i, n = gtd_field_elem_count(p, f->kind);
	const gtd_field_member *m;

	for (i = 0; i < n; i++) {
		const void *e = gtd_field_elem(p, f->kind, i);

		for (m = gtd_field_members(f->kind); m->name; m++) {
			const char *v;

			if (!gtd_field_kind_is_string(m->kind))
				continue;
			snprintf(path, sizeof(path), "%s[%zu].%s", f->path, i, m->name);
			v = *gtd_field_elem_str(e, m);
			if (!v && m->required)
				fail(c, path, "missing");
			else if (v && !valid_string(p, m->kind, m->max, v, why, sizeof(why)))
				fail(c, path, why);
		}
	}
}

static void check_field(const gtd_partner *p, const gtd_field *f, checks *c)
{
	char path[GTD_FIELD_PATH_MAX], why[GTD_ERR_MSG_MAX];
	const gtd_strlist *l;
	size_t i;

	if (gtd_field_kind_is_string(f->kind)) {
		const char *v = *gtd_field_str(p, f->off);

		if (!v && (f->flags & GTD_FIELD_REQUIRED))
			fail(c, f->path, "missing");
		else if (v && !valid_string(p, f->kind, f->max, v, why, sizeof(why)))
			fail(c, f->path, why);
	} else if (f->kind == GTD_KIND_URLS || f->kind == GTD_KIND_CIDRS) {
		l = gtd_field_list(p, f->off);
		for (i = 0; i < l->n; i++) {
			int ok = f->kind == GTD_KIND_URLS ? gtd_valid_url(l->v[i], 0, why, sizeof(why))
						   : gtd_valid_ipv4_cidr(l->v[i], why, sizeof(why));

			snprintf(path, sizeof(path), "%s[%zu]", f->path, i);
			if (!ok)
				fail(c, path, why);
		}
	} else if (gtd_field_kind_is_objlist(f->kind)) {
		check_elements(p, f, c);
	}
}

static int field_present(const gtd_partner *p, const gtd_field *f)
{
	if (gtd_field_kind_is_string(f->kind))
		return *gtd_field_str(p, f->off) != NULL;
	if (f->kind == GTD_KIND_URLS || f->kind == GTD_KIND_CIDRS)
		return gtd_field_list(p, f->off)->n > 0;
	if (gtd_field_kind_is_objlist(f->kind))
		return gtd_field_elem_count(p, f->kind) > 0;
	return 1;
}

int gtd_partner_path_valid(const gtd_partner *p, const char *path)
{
	const gtd_field *f = gtd_field_find(path);
	checks c = {NULL, 0, GTD_OK};

	if (!f || !field_present(p, f))
		return 0;
	check_field(p, f, &c);
	return c.failures == 0;
}

gtd_status gtd_partner_validate(const gtd_partner *p, gtd_problems *out)
{
	checks c = {out, 0, GTD_OK};
	size_t i;

	out->count = 0;
	out->v = NULL;
	for (i = 0; i < gtd_field_count; i++)
		check_field(p, &gtd_fields[i], &c);
	if (!p->products.flight && !p->products.hotel)
		fail(&c, "products", "enable at least one of flight and hotel");
	if (c.st != GTD_OK)
		gtd_problems_release(out);
	return c.st;
}

/* 1 when a and b (either NULL) are different colours. */
static int colour_changed(const char *a, const char *b)
{
	if (!a || !b)
		return a != b;
	return strcasecmp(a, b) != 0;
}

/* The contrast pairs of after below WCAG AA, into out; only those whose
 * colours differ from before's when before is not NULL. */
static gtd_status contrast_failures(const gtd_partner *before, const gtd_partner *after, gtd_problems *out)
{
	char why[GTD_ERR_MSG_MAX];
	checks c = {out, 0, GTD_OK};
	size_t i;

	out->count = 0;
	out->v = NULL;
	for (i = 0; i < sizeof(contrasts) / sizeof(contrasts[0]); i++) {
		const struct contrast *k = &contrasts[i];
		const char *fg = *gtd_field_str(after, k->fg), *bg = *gtd_field_str(after, k->bg);
		double ratio = gtd_contrast_ratio(fg, bg);

		/* 0: a colour is missing or malformed, which validation says. */
		if (!(ratio > 0 && ratio < k->min))
			continue;
		if (before && !colour_changed(*gtd_field_str(before, k->fg), fg) &&
		    !colour_changed(*gtd_field_str(before, k->bg), bg))
			continue;
		snprintf(why, sizeof(why), "contrast of %s is %.2f:1; WCAG AA needs at least %.1f:1", k->what,
			 ratio, k->min);
		fail(&c, k->path, why);
	}
	if (c.st != GTD_OK)
		gtd_problems_release(out);
	return c.st;
}

gtd_status gtd_partner_contrast(const gtd_partner *p, gtd_problems *out)
{
	return contrast_failures(NULL, p, out);
}

static int has_path(const gtd_problems *ps, const char *path)
{
	size_t i;

	for (i = 0; ps && i < ps->count; i++)
		if (strcmp(ps->v[i].path, path) == 0)
			return 1;
	return 0;
}

gtd_status gtd_partner_check_change(const gtd_partner *before, const gtd_partner *after,
				    gtd_change_check *out)
{
	gtd_problems was = {0, NULL}, now = {0, NULL};
	gtd_status st;
	size_t i;

	memset(out, 0, sizeof(*out));
	st = before ? gtd_partner_validate(before, &was) : GTD_OK;
	if (st == GTD_OK)
		st = gtd_partner_validate(after, &now);
	/* What was wrong already may stay so: a change is refused only for
	 * what it breaks. */
	for (i = 0; st == GTD_OK && i < now.count; i++)
		if (!has_path(&was, now.v[i].path))
			st = problems_add(&out->refused, now.v[i].path, now.v[i].message);
	if (st == GTD_OK)
		st = contrast_failures(before, after, &out->contrast);
	gtd_problems_release(&was);
	gtd_problems_release(&now);
	if (st != GTD_OK)
		gtd_change_check_release(out);
	return st;
}

void gtd_change_check_release(gtd_change_check *c)
{
	gtd_problems_release(&c->refused);
	gtd_problems_release(&c->contrast);
}

gtd_status gtd_change_check_accepted(const gtd_change_check *c, gtd_strlist *out)
{
	char line[GTD_ERR_MSG_MAX + GTD_FIELD_PATH_MAX];
	size_t i;

	out->n = 0;
	out->v = NULL;
	for (i = 0; i < c->contrast.count; i++) {
		snprintf(line, sizeof(line), "%s: %s", c->contrast.v[i].path, c->contrast.v[i].message);
		if (gtd_strlist_add(out, line) != GTD_OK) {
			gtd_strlist_release(out);
			return GTD_ENOMEM;
		}
	}
	return GTD_OK;
}

/* ---- set and get ---- */


static void replace_str(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

static gtd_status set_key(gtd_partner *p, const gtd_field *f, const char *text, gtd_err *err)
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
	replace_str(gtd_field_str(p, f->off), pem);
	pem = NULL;
	if (f->kind == GTD_KIND_PARTNER_KEY) {
		replace_str(&p->partner_key.fingerprint, fp);
		p->partner_key.bits = k ? k->bits : 0;
		fp = NULL;
	} else if (f->kind == GTD_KIND_EMULATOR_KEY) {
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
static gtd_status set_list(gtd_partner *p, const gtd_field *f, const char *value, gtd_err *err)
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
		ok = !*entry || (f->kind == GTD_KIND_URLS ? gtd_valid_url(entry, 0, why, sizeof(why))
					      : gtd_valid_ipv4_cidr(entry, why, sizeof(why)));
		if (!ok && f->kind == GTD_KIND_URLS) {
			char *completed = gtd_url_complete(entry);

			if (completed) {
				free(entry);
				entry = completed;
				ok = 1;
			}
		}
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
	gtd_strlist_release(gtd_field_list(p, f->off));
	*gtd_field_list(p, f->off) = l;
	l.n = 0;
	l.v = NULL;
out:
	gtd_strlist_release(&l);
	return st;
}

gtd_status gtd_partner_set(gtd_partner *p, const char *path, const char *value,
			   gtd_err *err)
{
	const gtd_field *f = gtd_field_find(path);
	char why[GTD_ERR_MSG_MAX], *copy;
	int i;

	if (!f)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s: no such field", path ? path : "(null)");
	if (!value)
		value = "";
	if (f->kind == GTD_KIND_STATUS)
		return gtd_err_set(err, GTD_EINVAL, "%s: use step done or reopen to change a step's status", path);
	if (f->flags & GTD_FIELD_RO)
		return gtd_err_set(err, GTD_EINVAL, "%s is maintained by the kit; it cannot be set", path);
	if (gtd_field_holds_private_key(value))
		return gtd_field_refuse_private(err, path);
	if (gtd_field_kind_is_string(f->kind) && f->kind >= GTD_KIND_PEM)
		return set_key(p, f, value, err);
	if (gtd_field_kind_is_string(f->kind)) {
		copy = NULL;
		if (*value && !valid_string(p, f->kind, f->max, value, why, sizeof(why))) {
			/* "dulich.example.vn" is https://dulich.example.vn */
			copy = is_url_kind(f->kind) ? gtd_url_complete(value) : NULL;
			if (!copy || !valid_string(p, f->kind, f->max, copy, NULL, 0)) {
				free(copy);
				return gtd_err_set(err, GTD_EINVAL, "%s: %s", path, why);
			}
		}
		if (*value && !copy && !(copy = strdup(value)))
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		replace_str(gtd_field_str(p, f->off), copy);
		return GTD_OK;
	}
	switch (f->kind) {
	case GTD_KIND_BOOL:
		if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
			return gtd_err_set(err, GTD_EINVAL, "%s: expected true or false", path);
		*gtd_field_int(p, f->off) = value[0] == 't';
		return GTD_OK;
	case GTD_KIND_STEP:
		if (!(value[0] >= '1' && value[0] < '1' + GTD_STEP_COUNT && !value[1]))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected a step number from 1 to %d",
					   path, GTD_STEP_COUNT);
		*gtd_field_int(p, f->off) = value[0] - '0';
		return GTD_OK;
	case GTD_KIND_LAYOUT:
		i = gtd_field_name_index(gtd_layout_names, GTD_LAYOUT_COUNT, value);
		if (i < 0)
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"dual\" or \"single\"", path);
		p->layout = (gtd_layout)i;
		return GTD_OK;
	case GTD_KIND_CODE:
		if (!gtd_field_code_parse(value, &p->settings.duplicate_commit_code))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"08\" (documented) or \"10\"", path);
		return GTD_OK;
	case GTD_KIND_SEP:
		if (!gtd_field_sep_parse(value, &p->settings.redirect_separator))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"?\" (documented) or \"&\"", path);
		return GTD_OK;
	case GTD_KIND_URLS:
	case GTD_KIND_CIDRS:
		return set_list(p, f, value, err);
	default:
		return gtd_err_set(err, GTD_EINVAL, "%s is a list of entries; it cannot be set from text", path);
	}
}

char *gtd_partner_get(const gtd_partner *p, const char *path)
{
	const gtd_field *f = gtd_field_find(path);
	const gtd_strlist *l;
	gtd_status st = GTD_OK;
	gtd_buf b;
	size_t i;

	if (!f || gtd_field_kind_is_objlist(f->kind))
		return NULL;
	if (gtd_field_kind_is_string(f->kind)) {
		const char *v = *gtd_field_str(p, f->off);

		return strdup(v ? v : "");
	}
	gtd_buf_init(&b, SIZE_MAX / 2);
	switch (f->kind) {
	case GTD_KIND_BOOL:
		st = gtd_buf_adds(&b, *gtd_field_int(p, f->off) ? "true" : "false");
		break;
	case GTD_KIND_ULONG:
		st = gtd_buf_printf(&b, "%lu", p->revision);
		break;
	case GTD_KIND_VERSION:
	case GTD_KIND_STEP:
		st = gtd_buf_printf(&b, "%d", *gtd_field_int(p, f->off));
		break;
	case GTD_KIND_BITS:
		if (p->partner_key.bits)
			st = gtd_buf_printf(&b, "%d", p->partner_key.bits);
		break;
	case GTD_KIND_LAYOUT:
		st = gtd_buf_adds(&b, gtd_layout_names[p->layout]);
		break;
	case GTD_KIND_STATUS:
		st = gtd_buf_adds(&b, gtd_step_status_names[*gtd_field_int(p, f->off)]);
		break;
	case GTD_KIND_CODE:
		st = gtd_buf_adds(&b, gtd_codes[p->settings.duplicate_commit_code].code);
		break;
	case GTD_KIND_SEP:
		st = gtd_buf_addc(&b, p->settings.redirect_separator);
		break;
	default:
		l = gtd_field_list(p, f->off);
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
	const gtd_field *f = gtd_field_find(path);

	return f && (f->flags & GTD_FIELD_SECRET);
}
