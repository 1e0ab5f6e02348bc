#include "partner_json.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "field.h"
#include "jsondiff.h"
#include "keys.h"

/* Longest component of a field path ("emulator_key"), with room to
 * spare. */
#define PART_MAX 32

/* Everything a double holds exactly; JSON numbers are doubles to cJSON. */
#define JSON_INT_MAX 9007199254740992.0

/* JSON paths are built from a record that is already size-limited. */
#define JSON_PATH_MAX (SIZE_MAX / 2)

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
	return gtd_field_name_parse(cJSON_IsString(item) ? item->valuestring : NULL, path, names, n, out, err);
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
	free(*slot);
	*slot = copy;
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
static gtd_status keep_others(const cJSON *o, const gtd_field_member *members, cJSON **extra)
{
	const cJSON *c;
	const gtd_field_member *m;

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

static gtd_status objlist_from_json(gtd_partner *p, const gtd_field *f, const cJSON *arr, gtd_err *err)
{
	const gtd_field_member *members = gtd_field_members(f->kind), *m;
	char path[GTD_FIELD_PATH_MAX];
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
		e = gtd_field_elem_append(p, f->kind);
		if (!e)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		for (m = members; m->name; m++) {
			const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, m->name);
			int app;

			snprintf(path, sizeof(path), "%s[%zu].%s", f->path, i, m->name);
			if (gtd_field_kind_is_string(m->kind)) {
				st = want_string(item, path, gtd_field_elem_str(e, m), err);
			} else {
				st = want_name(item, path, gtd_cs_app_names, GTD_CS_APP_COUNT, &app, err);
				((gtd_cs_channel *)e)->app = (gtd_cs_app)app;
			}
			if (st != GTD_OK)
				return st;
		}
		if (keep_others(o, members, gtd_field_elem_extra(e, f->kind)) != GTD_OK)
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

static gtd_status field_from_json(gtd_partner *p, const gtd_field *f, const cJSON *item, gtd_err *err)
{
	double v = 0;
	gtd_status st;
	int i;

	if (gtd_field_kind_is_string(f->kind)) {
		if (!item && (f->flags & GTD_FIELD_REQUIRED))
			return gtd_err_set(err, GTD_EINVAL, "%s: missing", f->path);
		return want_string(item, f->path, gtd_field_str(p, f->off), err);
	}
	if (f->kind == GTD_KIND_VERSION) {
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
	case GTD_KIND_BOOL:
		if (!cJSON_IsBool(item))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected true or false", f->path);
		*gtd_field_int(p, f->off) = cJSON_IsTrue(item);
		return GTD_OK;
	case GTD_KIND_ULONG:
		st = want_int(item, f->path, 0, JSON_INT_MAX, &v, err);
		p->revision = (unsigned long)v;
		return st;
	case GTD_KIND_BITS:
		st = want_int(item, f->path, 0, GTD_KEY_MAX_BITS, &v, err);
		p->partner_key.bits = (int)v;
		return st;
	case GTD_KIND_STEP:
		st = want_int(item, f->path, 1, GTD_STEP_COUNT, &v, err);
		*gtd_field_int(p, f->off) = (int)v;
		return st;
	case GTD_KIND_LAYOUT:
		st = want_name(item, f->path, gtd_layout_names, GTD_LAYOUT_COUNT, &i, err);
		p->layout = (gtd_layout)i;
		return st;
	case GTD_KIND_STATUS:
		return want_name(item, f->path, gtd_step_status_names, GTD_STEP_STATUS_COUNT,
				 gtd_field_int(p, f->off), err);
	case GTD_KIND_CODE:
		if (!cJSON_IsString(item) || !gtd_field_code_parse(item->valuestring, &p->settings.duplicate_commit_code))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"08\" or \"10\"", f->path);
		return GTD_OK;
	case GTD_KIND_SEP:
		if (!cJSON_IsString(item) || !gtd_field_sep_parse(item->valuestring, &p->settings.redirect_separator))
			return gtd_err_set(err, GTD_EINVAL, "%s: expected \"?\" or \"&\"", f->path);
		return GTD_OK;
	case GTD_KIND_URLS:
	case GTD_KIND_CIDRS:
		return strlist_from_json(gtd_field_list(p, f->off), f->path, item, err);
	default:
		return objlist_from_json(p, f, item, err);
	}
}

/* What one walk over a record finds: each field's member, or why an
 * enclosing member of it is no object; the members that are no field
 * (kept, to be written back); the first member that appears twice. */
typedef struct record_walk {
	const cJSON **items;     /* by field index; NULL when absent */
	size_t *not_object;      /* by field index: the length of the path of an
				    enclosing member that is not an object, or 0 */
	gtd_status twice;        /* a member twice, reported after the fields */
	gtd_err twice_err;
} record_walk;

/* The longest member path a field can have, with room to spare. */
#define WALK_PATH_MAX 128

/* Notes that the member at path[0..len), which fields are inside, is not
 * an object: each of those fields gets the error that looking it up through
 * this member gives. */
static void mark_not_object(record_walk *w, const char *path, size_t len)
{
	size_t i;

	for (i = 0; i < gtd_field_count; i++)
		if (!w->not_object[i] && strncmp(gtd_fields[i].path, path, len) == 0 &&
		    gtd_fields[i].path[len] == '.')
			w->not_object[i] = len;
}

/* Walks the members of o, the object at path[0..plen): fields are noted in
 * w, objects holding fields walked in turn, and the rest copied into
 * extra.  Only the first of two members of a name counts, as a lookup
 * would find it. */
static gtd_status walk_members(const cJSON *o, char path[WALK_PATH_MAX], size_t plen, cJSON *extra,
			       record_walk *w, gtd_err *err)
{
	const cJSON *c;
	gtd_status st = GTD_OK;
	int twice = refuse_twice(o, path, (int)plen, w->twice ? NULL : &w->twice_err) != GTD_OK;

	if (twice && !w->twice)
		w->twice = GTD_EINVAL;
	for (c = o->child; c && st == GTD_OK; c = c->next) {
		size_t nlen = strlen(c->string), len = plen + (plen ? 1 : 0) + nlen, index = 0;
		gtd_field_match m = GTD_FIELD_MATCH_NONE;
		cJSON *dup;

		/* Field names have no dots, so "company.name" at the top is no field. */
		if (len < WALK_PATH_MAX && !strchr(c->string, '.') &&
		    (!twice || cJSON_GetObjectItemCaseSensitive(o, c->string) == c)) {
			if (plen)
				path[plen] = '.';
			memcpy(path + len - nlen, c->string, nlen);
			path[len] = '\0';
			m = gtd_field_match_path(path, len, &index);
		}
		if (m == GTD_FIELD_MATCH_FIELD) {
			w->items[index] = c;
			continue;
		}
		if (m == GTD_FIELD_MATCH_OBJECT && !cJSON_IsObject(c)) {
			mark_not_object(w, path, len);
			continue;
		}
		dup = m == GTD_FIELD_MATCH_OBJECT ? cJSON_CreateObject() : cJSON_Duplicate(c, 1);
		if (!dup || !cJSON_AddItemToObject(extra, c->string, dup)) {
			cJSON_Delete(dup);
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
		}
		if (m == GTD_FIELD_MATCH_OBJECT) {
			st = walk_members(c, path, len, dup, w, err);
			if (!dup->child)
				cJSON_Delete(cJSON_DetachItemViaPointer(extra, dup));
		}
	}
	path[plen] = '\0';
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
		return gtd_field_holds_private_key(item->valuestring);
	for (c = item->child; c && !found; c = c->next, i++) {
		if (gtd_json_path_push(path, item, c, i) != GTD_OK)
			return -1;
		found = find_private(c, path);
		if (!found)
			gtd_json_path_cut(path, mark);
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
	const cJSON *id;
	cJSON *root;
	gtd_partner *p = NULL;
	record_walk w = {0};
	char path[WALK_PATH_MAX];
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
			      : gtd_field_refuse_private(err, gtd_buf_str(&where));
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
	p->extra = cJSON_CreateObject();
	w.items = calloc(gtd_field_count, sizeof(*w.items));
	w.not_object = calloc(gtd_field_count, sizeof(*w.not_object));
	if (!p->extra || !w.items || !w.not_object) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	path[0] = '\0';
	st = walk_members(root, path, 0, p->extra, &w, err);
	for (i = 0; st == GTD_OK && i < gtd_field_count; i++)
		st = w.not_object[i] ? gtd_err_set(err, GTD_EINVAL, "%.*s: expected an object",
						   (int)w.not_object[i], gtd_fields[i].path)
				     : field_from_json(p, &gtd_fields[i], w.items[i], err);
	if (st == GTD_OK && w.twice) {
		st = w.twice;
		if (err)
			*err = w.twice_err;
	}
	if (st != GTD_OK)
		goto out;
	if (!p->extra->child) {
		cJSON_Delete(p->extra);
		p->extra = NULL;
	}
	*out = p;
	p = NULL;
out:
	free(w.items);
	free(w.not_object);
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

static cJSON *objlist_to_json(const gtd_partner *p, gtd_field_kind k)
{
	cJSON *arr = cJSON_CreateArray(), *o;
	size_t i, n = gtd_field_elem_count(p, k);
	const gtd_field_member *m;

	for (i = 0; arr && i < n; i++) {
		const void *e = gtd_field_elem(p, k, i);

		o = cJSON_CreateObject();
		if (!o || !cJSON_AddItemToArray(arr, o)) {
			cJSON_Delete(o);
			goto fail;
		}
		for (m = gtd_field_members(k); m->name; m++) {
			const char *v = gtd_field_kind_is_string(m->kind) ? *gtd_field_elem_str(e, m)
				: gtd_cs_app_names[((const gtd_cs_channel *)e)->app];

			if (v && !cJSON_AddStringToObject(o, m->name, v))
				goto fail;
		}
		if (!merge_extra(o, *gtd_field_elem_extra(e, k)))
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
static cJSON *field_to_json(const gtd_partner *p, const gtd_field *f, int *absent)
{
	char sep[2] = {p->settings.redirect_separator, '\0'};

	*absent = 0;
	if (gtd_field_kind_is_string(f->kind)) {
		const char *v = *gtd_field_str(p, f->off);

		*absent = !v;
		return v ? cJSON_CreateString(v) : NULL;
	}
	switch (f->kind) {
	case GTD_KIND_BOOL:
		return cJSON_CreateBool(*gtd_field_int(p, f->off));
	case GTD_KIND_ULONG:
		return cJSON_CreateNumber((double)p->revision);
	case GTD_KIND_BITS:
		*absent = !p->partner_key.bits;
		return p->partner_key.bits ? cJSON_CreateNumber(p->partner_key.bits) : NULL;
	case GTD_KIND_VERSION:
	case GTD_KIND_STEP:
		return cJSON_CreateNumber(*gtd_field_int(p, f->off));
	case GTD_KIND_LAYOUT:
		return cJSON_CreateString(gtd_layout_names[p->layout]);
	case GTD_KIND_STATUS:
		return cJSON_CreateString(gtd_step_status_names[*gtd_field_int(p, f->off)]);
	case GTD_KIND_CODE:
		return cJSON_CreateString(gtd_codes[p->settings.duplicate_commit_code].code);
	case GTD_KIND_SEP:
		return cJSON_CreateString(sep);
	case GTD_KIND_URLS:
	case GTD_KIND_CIDRS:
		return strlist_to_json(gtd_field_list(p, f->off));
	default:
		return objlist_to_json(p, f->kind);
	}
}

char *gtd_partner_to_json(const gtd_partner *p)
{
	cJSON *root = cJSON_CreateObject();
	char *text = NULL, *nl;
	size_t i, n;

	for (i = 0; root && i < gtd_field_count; i++) {
		const char *leaf;
		int absent;
		cJSON *v = field_to_json(p, &gtd_fields[i], &absent), *parent;

		if (absent)
			continue;
		parent = v ? parent_of(root, gtd_fields[i].path, &leaf) : NULL;
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
