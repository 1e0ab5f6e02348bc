#include "pack.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "fs.h"
#include "partner.h"

#define PACK_MAX (1024 * 1024)

/* The members, in the order written; required ones must be present. */
static const struct {
	const char *name;
	size_t offset;
	int required;
} members[] = {
	{"partner_id", offsetof(gtd_pack, partner_id), 1},
	{"company", offsetof(gtd_pack, company), 0},
	{"gateway_url", offsetof(gtd_pack, gateway_url), 1},
	{"api_key", offsetof(gtd_pack, api_key), 1},
	{"access_code", offsetof(gtd_pack, access_code), 1},
	{"gotadi_public_key", offsetof(gtd_pack, gotadi_public_key), 1},
	{"partner_public_key", offsetof(gtd_pack, partner_public_key), 1},
	{"payment_url", offsetof(gtd_pack, payment_url), 0},
	{"partner_private_key_path", offsetof(gtd_pack, partner_private_key_path), 0},
	{"emulator_private_key", offsetof(gtd_pack, emulator_private_key), 0},
	{"layout", offsetof(gtd_pack, layout), 0},
	{"product_url", offsetof(gtd_pack, product_url), 0},
};

/* The members of the "theme" object, all optional. */
static const struct {
	const char *name;
	size_t offset;
} theme_members[] = {
	{"primary", offsetof(gtd_pack, theme.primary)},
	{"secondary", offsetof(gtd_pack, theme.secondary)},
	{"background", offsetof(gtd_pack, theme.background)},
	{"text", offsetof(gtd_pack, theme.text)},
	{"button_text", offsetof(gtd_pack, theme.button_text)},
};

#define NMEMBERS (sizeof(members) / sizeof(members[0]))
#define MEMBER(p, i) (*(char **)((char *)(p) + members[i].offset))
#define NTHEME (sizeof(theme_members) / sizeof(theme_members[0]))
#define THEME_MEMBER(p, i) (*(char **)((char *)(p) + theme_members[i].offset))

void gtd_pack_borrow_look(gtd_pack *pack, const gtd_partner *partner)
{
	pack->layout = (char *)gtd_layout_names[partner->layout];
	pack->product_url = partner->links.product_url;
	pack->theme.primary = partner->theme.primary;
	pack->theme.secondary = partner->theme.secondary;
	pack->theme.background = partner->theme.background;
	pack->theme.text = partner->theme.text;
	pack->theme.button_text = partner->theme.button_text;
}

gtd_status gtd_pack_write(const gtd_pack *p, const char *path, gtd_err *err)
{
	cJSON *o = cJSON_CreateObject(), *theme = NULL;
	gtd_status st = GTD_ENOMEM;
	char *text = NULL;
	size_t i;

	if (!o || !cJSON_AddStringToObject(o, "format", GTD_PACK_FORMAT) ||
	    !cJSON_AddNumberToObject(o, "format_version", GTD_PACK_VERSION))
		goto out;
	for (i = 0; i < NMEMBERS; i++) {
		const char *v = MEMBER(p, i);

		if (!v && members[i].required) {
			st = gtd_err_set(err, GTD_EINVAL, "the pack needs %s", members[i].name);
			goto out;
		}
		if (v && !cJSON_AddStringToObject(o, members[i].name, v))
			goto out;
	}
	for (i = 0; i < NTHEME; i++) {
		const char *v = THEME_MEMBER(p, i);

		if (!v)
			continue;
		if (!theme && !(theme = cJSON_AddObjectToObject(o, "theme")))
			goto out;
		if (!cJSON_AddStringToObject(theme, theme_members[i].name, v))
			goto out;
	}
	if (p->emulator_private_key &&
	    !cJSON_AddStringToObject(o, "emulator_note",
				     "TEST ONLY: this private key lets gtd-mock play Gotadi for this "
				     "partner; it is not Gotadi's real key"))
		goto out;
	text = cJSON_Print(o);
	if (!text)
		goto out;
	st = gtd_file_write_atomic(path, text, strlen(text), 0600, 0, err);
out:
	if (st == GTD_ENOMEM)
		gtd_err_set(err, st, "out of memory writing the pack");
	if (text) {
		OPENSSL_cleanse(text, strlen(text));
		free(text);
	}
	cJSON_Delete(o);
	return st;
}

gtd_status gtd_pack_load(const char *path, gtd_pack *p, gtd_err *err)
{
	const cJSON *format, *version, *theme;
	cJSON *o = NULL;
	char *text = NULL;
	size_t len = 0, i;
	gtd_status st;

	memset(p, 0, sizeof(*p));
	st = gtd_file_read(path, PACK_MAX, &text, &len, err);
	if (st != GTD_OK)
		return st;
	st = GTD_EINVAL;
	o = cJSON_ParseWithLength(text, len);
	format = cJSON_GetObjectItemCaseSensitive(o, "format");
	version = cJSON_GetObjectItemCaseSensitive(o, "format_version");
	if (!cJSON_IsObject(o) || !cJSON_IsString(format) ||
	    strcmp(format->valuestring, GTD_PACK_FORMAT) != 0) {
		gtd_err_set(err, st, "%s is not a connection pack (export one with gtd-console export, "
				     "or use the one gtd-mock --demo prints)", path);
		goto out;
	}
	if (!cJSON_IsNumber(version) || version->valuedouble > GTD_PACK_VERSION) {
		gtd_err_set(err, st, "%s was written by a newer version of the kit (format %g); upgrade",
			    path, cJSON_IsNumber(version) ? version->valuedouble : -1.0);
		goto out;
	}
	for (i = 0; i < NMEMBERS; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, members[i].name);

		if (!v && !members[i].required)
			continue;
		if (!cJSON_IsString(v) || !*v->valuestring) {
			gtd_err_set(err, st, "%s: %s is %s", path, members[i].name,
				    v ? "not a non-empty string" : "missing");
			goto out;
		}
		MEMBER(p, i) = strdup(v->valuestring);
		if (!MEMBER(p, i)) {
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
			goto out;
		}
	}
	theme = cJSON_GetObjectItemCaseSensitive(o, "theme");
	if (theme && !cJSON_IsObject(theme)) {
		gtd_err_set(err, st, "%s: theme is not an object", path);
		goto out;
	}
	for (i = 0; theme && i < NTHEME; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(theme, theme_members[i].name);

		if (!v)
			continue;
		if (!cJSON_IsString(v) || !*v->valuestring) {
			gtd_err_set(err, st, "%s: theme.%s is not a non-empty string", path,
				    theme_members[i].name);
			goto out;
		}
		THEME_MEMBER(p, i) = strdup(v->valuestring);
		if (!THEME_MEMBER(p, i)) {
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
			goto out;
		}
	}
	st = GTD_OK;
out:
	OPENSSL_cleanse(text, len);
	free(text);
	cJSON_Delete(o);
	return st;
}

void gtd_pack_release(gtd_pack *p)
{
	size_t i;

	for (i = 0; i < NMEMBERS; i++) {
		char *v = MEMBER(p, i);

		if (v) {
			OPENSSL_cleanse(v, strlen(v));
			free(v);
		}
		MEMBER(p, i) = NULL;
	}
	for (i = 0; i < NTHEME; i++) {
		free(THEME_MEMBER(p, i));
		THEME_MEMBER(p, i) = NULL;
	}
}
