#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "onboarding.h"
#include "partner.h"
#include "partner_json.h"
#include "testdata.h"

#define VN_COMPANY "C\xc3\xb4ng ty C\xe1\xbb\x95 ph\xe1\xba\xa7n Du l\xe1\xbb\x8b" "ch Vi\xe1\xbb\x87t Nam"
#define VN_ADDRESS "12 L\xc3\xbd Th\xc6\xb0\xe1\xbb\x9dng Ki\xe1\xbb\x87t, H\xc3\xa0 N\xe1\xbb\x99i"
#define VN_ADMIN "Nguy\xe1\xbb\x85n Th\xe1\xbb\x8b Lan"

/* A minimal record in the format this kit writes, around a body. */
#define REC(body) "{\"format_version\": 1, \"id\": \"acme\"" body "}"

#define STAMP 1714552200   /* 2024-05-01T08:30:00Z */

static gtd_status parse(const char *json, gtd_partner **p, gtd_err *err)
{
	return gtd_partner_from_json(json, strlen(json), p, err);
}

static void set_ok(gtd_partner *p, const char *path, const char *value)
{
	gtd_err err = {GTD_OK, ""};

	ck_assert_msg(gtd_partner_set(p, path, value, &err) == GTD_OK, "set %s: %s", path, err.msg);
}

static void set_key_file(gtd_partner *p, const char *path, const char *fixture)
{
	char *pem = data_read(fixture, NULL);

	set_ok(p, path, pem);
	free(pem);
}

/* Everything every onboarding step needs, Vietnamese text included. */
static const struct {
	const char *path, *value;
} full[] = {
	{"company.name", VN_COMPANY},
	{"company.address", VN_ADDRESS},
	{"company.website", "https://acme.vn"},
	{"admin.full_name", VN_ADMIN},
	{"admin.email", "lan@acme.vn"},
	{"admin.phone", "0912 345 678"},
	{"links.product_url", "https://acme.vn/travel"},
	{"links.payment_url", "https://pay.acme.vn/gotadi"},
	{"links.other", "https://acme.vn/faq, https://acme.vn/terms"},
	{"env.sandbox.gateway_url", "http://127.0.0.1:8080"},
	{"env.sandbox.api_key", "sbx-api-key-0123456789"},
	{"env.sandbox.access_code", "sbx-access-0123456789"},
	{"env.sandbox.activation_token", "act-token-0123456789"},
	{"env.sandbox.activated_at", "2024-05-02T08:00:00Z"},
	{"env.live.gateway_url", "https://gateway.gotadi.com"},
	{"env.live.api_key", "live-api-key-0123456789"},
	{"env.live.access_code", "live-access-0123456789"},
	{"env.live.ip_whitelist", "203.0.113.0/24, 198.51.100.7"},
	{"layout", "single"},
	{"products.hotel", "false"},
	{"onboarding.steps.connect.notes", "First login OK from 203.0.113.7"},
	{"cs.training_date", "2024-06-01"},
	{"settings.strict_headers", "true"},
	{"settings.duplicate_commit_code", "10"},
	{"settings.redirect_separator", "&"},
	{"settings.async_issue", "true"},
};

static gtd_partner *full_partner(void)
{
	gtd_partner *p = gtd_partner_new("acme");
	size_t i;

	ck_assert_ptr_nonnull(p);
	for (i = 0; i < sizeof(full) / sizeof(full[0]); i++)
		set_ok(p, full[i].path, full[i].value);
	set_key_file(p, "partner_key.pem", "kat1024.pub.pem");
	set_key_file(p, "env.sandbox.gotadi_public_key", "kat2048.pub.pem");
	set_key_file(p, "emulator_key.public_pem", "kat2048.pub.pem");
	ck_assert_int_eq(gtd_partner_add_document(p, "API spec", "https://acme.vn/spec.pdf"), GTD_OK);
	ck_assert_int_eq(gtd_partner_add_evidence(p, "acceptance.pdf", "Signed by both sides",
						  "2024-05-20T10:00:00Z"), GTD_OK);
	ck_assert_int_eq(gtd_partner_add_channel(p, GTD_CS_ZALO, "ACME x Gotadi CS"), GTD_OK);
	ck_assert_int_eq(gtd_partner_add_channel(p, GTD_CS_APP_COUNT, "x"), GTD_EINVAL);
	ck_assert_uint_eq(p->cs.channels.n, 1);
	return p;
}

/* The value at a dotted path of a parsed document ("a.b[1].c"). */
static const cJSON *at(const cJSON *doc, const char *path)
{
	char part[128];

	while (doc && *path) {
		size_t n = strcspn(path, ".[");

		if (n) {
			memcpy(part, path, n);
			part[n] = '\0';
			doc = cJSON_GetObjectItemCaseSensitive(doc, part);
			path += n;
		} else if (*path == '[') {
			doc = cJSON_GetArrayItem(doc, atoi(path + 1));
			path = strchr(path, ']') + 1;
		}
		if (*path == '.')
			path++;
	}
	return doc;
}

START_TEST(test_new_defaults)
{
	gtd_partner *p = gtd_partner_new("acme");
	gtd_problems probs;
	int i;

	ck_assert_ptr_null(gtd_partner_new(NULL));
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(p->id, "acme");
	ck_assert_int_eq(p->format_version, GTD_PARTNER_FORMAT_VERSION);
	ck_assert_uint_eq(p->revision, 0);
	ck_assert_int_eq(p->layout, GTD_LAYOUT_DUAL);
	ck_assert(p->products.flight && p->products.hotel);
	ck_assert(!p->settings.strict_headers);
	ck_assert_int_eq(p->settings.duplicate_commit_code, GTD_CODE_DUPLICATE);
	ck_assert_int_eq(p->settings.redirect_separator, '?');
	ck_assert(!p->settings.enforce_test_rules);
	ck_assert(p->settings.explain_header);
	ck_assert(!p->settings.async_issue);
	ck_assert(!p->disabled);
	ck_assert_int_eq(p->onboarding.current_step, 1);
	for (i = 0; i < GTD_STEP_COUNT; i++)
		ck_assert_int_eq(p->onboarding.steps[i].status, GTD_STEP_TODO);
	/* The default theme exists and passes the contrast checks. */
	ck_assert_ptr_nonnull(p->theme.primary);
	ck_assert_ptr_nonnull(p->theme.button_text);
	ck_assert_int_eq(gtd_partner_validate(p, &probs), GTD_OK);
	ck_assert_uint_eq(probs.count, 0);
	gtd_problems_release(&probs);
	gtd_partner_free(p);
	gtd_partner_free(NULL);
}
END_TEST

START_TEST(test_round_trip_byte_stable)
{
	gtd_partner *p = full_partner(), *q = NULL, *r = NULL;
	gtd_problems probs;
	gtd_err err;
	char *t1 = gtd_partner_to_json(p), *t2, *t3;

	ck_assert_int_eq(gtd_partner_validate(p, &probs), GTD_OK);
	ck_assert_msg(probs.count == 0, "%s: %s", probs.count ? probs.v[0].path : "",
		      probs.count ? probs.v[0].message : "");
	gtd_problems_release(&probs);
	ck_assert_ptr_nonnull(t1);
	ck_assert_int_eq(t1[strlen(t1) - 1], '\n');
	ck_assert_msg(parse(t1, &q, &err) == GTD_OK, "%s", err.msg);
	t2 = gtd_partner_to_json(q);
	ck_assert_str_eq(t2, t1);
	ck_assert_int_eq(parse(t2, &r, &err), GTD_OK);
	t3 = gtd_partner_to_json(r);
	ck_assert_str_eq(t3, t1);
	/* What came back is what went in. */
	ck_assert_int_eq(q->layout, GTD_LAYOUT_SINGLE);
	ck_assert(!q->products.hotel);
	ck_assert_int_eq(q->settings.duplicate_commit_code, GTD_CODE_NOT_FOUND);
	ck_assert_int_eq(q->settings.redirect_separator, '&');
	ck_assert_uint_eq(q->env[GTD_ENV_LIVE].ip_whitelist.n, 2);
	ck_assert_str_eq(q->env[GTD_ENV_LIVE].ip_whitelist.v[1], "198.51.100.7");
	ck_assert_uint_eq(q->documents.n, 1);
	ck_assert_str_eq(q->documents.v[0].url, "https://acme.vn/spec.pdf");
	ck_assert_uint_eq(q->onboarding.evidence.n, 1);
	ck_assert_str_eq(q->onboarding.evidence.v[0].added_at, "2024-05-20T10:00:00Z");
	ck_assert_int_eq(q->cs.channels.v[0].app, GTD_CS_ZALO);
	ck_assert_int_eq(q->partner_key.bits, 1024);
	ck_assert_ptr_null(q->extra);
	free(t1);
	free(t2);
	free(t3);
	gtd_partner_free(p);
	gtd_partner_free(q);
	gtd_partner_free(r);
}
END_TEST

START_TEST(test_member_order)
{
	static const char *const order[] = {
		"\"format_version\"", "\"id\"", "\"revision\"", "\"disabled\"", "\"company\"",
		"\"admin\"", "\"links\"", "\"documents\"", "\"partner_key\"", "\"env\"",
		"\"emulator_key\"", "\"layout\"", "\"products\"", "\"theme\"", "\"onboarding\"",
		"\"cs\"", "\"settings\"",
	};
	gtd_partner *p = full_partner();
	char *t = gtd_partner_to_json(p);
	const char *prev = t;
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const char *here = strstr(t, order[i]);

		ck_assert_msg(here && here >= prev, "%s out of order", order[i]);
		prev = here;
	}
	free(t);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_vietnamese_name)
{
	gtd_partner *p = gtd_partner_new("acme"), *q = NULL;
	gtd_problems probs;
	gtd_err err;
	char *t, *v;

	set_ok(p, "company.name", VN_COMPANY);
	set_ok(p, "admin.full_name", VN_ADMIN);
	t = gtd_partner_to_json(p);
	/* Written as UTF-8 text, not \u escapes, so the file reads well. */
	ck_assert_ptr_nonnull(strstr(t, VN_COMPANY));
	ck_assert_int_eq(parse(t, &q, &err), GTD_OK);
	v = gtd_partner_get(q, "company.name");
	ck_assert_str_eq(v, VN_COMPANY);
	ck_assert_int_eq(gtd_partner_validate(q, &probs), GTD_OK);
	ck_assert_uint_eq(probs.count, 0);
	gtd_problems_release(&probs);
	free(v);
	free(t);
	gtd_partner_free(p);
	gtd_partner_free(q);
}
END_TEST

static const char unknown_json[] = REC(
	",\"x_top\": {\"nested\": [1, {\"deep\": true}]}"
	",\"company\": {\"name\": \"ACME\", \"tax_code\": \"0101234567\"}"
	",\"env\": {\"sandbox\": {\"api_key\": \"k-1\", \"region\": \"hn\"},"
	"           \"staging\": {\"gateway_url\": \"https://stg.example.com\"}}"
	",\"onboarding\": {\"steps\": {\"account\": {\"status\": \"todo\", \"reviewer\": \"lan\"}},"
	"                  \"sla_days\": 5}"
	",\"documents\": [{\"name\": \"Spec\", \"url\": \"https://acme.vn/s.pdf\", \"sha256\": \"ab\"}]"
	",\"cs\": {\"channels\": [{\"app\": \"zalo\", \"handle\": \"ACME CS\", \"members\": 3}]}"
	",\"settings\": {\"new_switch\": true}"
	",\"company.name\": \"a top-level member with a dot\"");

START_TEST(test_unknown_members_preserved)
{
	static const struct {
		const char *path, *value;   /* value printed unformatted */
	} kept[] = {
		{"x_top.nested[1].deep", "true"},
		{"company.tax_code", "\"0101234567\""},
		{"company.name", "\"ACME\""},
		{"env.sandbox.region", "\"hn\""},
		{"env.sandbox.api_key", "\"k-1\""},
		{"env.staging.gateway_url", "\"https://stg.example.com\""},
		{"onboarding.steps.account.reviewer", "\"lan\""},
		{"onboarding.sla_days", "5"},
		{"documents[0].sha256", "\"ab\""},
		{"cs.channels[0].members", "3"},
		{"settings.new_switch", "true"},
	};
	gtd_partner *p = NULL, *q = NULL;
	gtd_err err;
	char *t1, *t2;
	cJSON *doc;
	size_t i;

	ck_assert_msg(parse(unknown_json, &p, &err) == GTD_OK, "%s", err.msg);
	ck_assert_str_eq(p->company.name, "ACME");
	/* An edit elsewhere keeps them too. */
	set_ok(p, "company.address", VN_ADDRESS);
	t1 = gtd_partner_to_json(p);
	doc = cJSON_Parse(t1);
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		const cJSON *v = at(doc, kept[i].path);
		char *s = v ? cJSON_PrintUnformatted(v) : NULL;

		ck_assert_msg(s && strcmp(s, kept[i].value) == 0, "%s: %s", kept[i].path, s ? s : "lost");
		free(s);
	}
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(doc, "company.name")->valuestring,
			 "a top-level member with a dot");
	ck_assert_ptr_nonnull(p->documents.v[0].extra);
	ck_assert_ptr_nonnull(p->cs.channels.v[0].extra);
	ck_assert_int_eq(parse(t1, &q, &err), GTD_OK);
	t2 = gtd_partner_to_json(q);
	ck_assert_str_eq(t2, t1);
	cJSON_Delete(doc);
	free(t1);
	free(t2);
	gtd_partner_free(p);
	gtd_partner_free(q);
}
END_TEST

START_TEST(test_minimal_record_defaults)
{
	gtd_partner *p = NULL;
	gtd_err err;

	ck_assert_int_eq(parse(REC(""), &p, &err), GTD_OK);
	ck_assert_int_eq(p->layout, GTD_LAYOUT_DUAL);
	ck_assert(p->products.flight && p->products.hotel);
	ck_assert(p->settings.explain_header);
	ck_assert_int_eq(p->settings.redirect_separator, '?');
	ck_assert_int_eq(p->onboarding.current_step, 1);
	/* Absent strings stay absent: a theme nobody chose is not invented. */
	ck_assert_ptr_null(p->theme.primary);
	ck_assert_ptr_null(p->company.name);
	gtd_partner_free(p);
}
END_TEST

static const struct {
	const char *json, *msg;
} bad_records[] = {
	{"", "the record is empty"},
	{"[1]", "not a JSON object"},
	{"{\"id\": \"acme\"}", "format_version: missing"},
	{"{\"format_version\": 2, \"id\": \"acme\"}",
	 "written by a newer version of the kit (format 2; this kit reads up to 1): upgrade the kit"},
	{"{\"format_version\": \"1\", \"id\": \"acme\"}", "format_version: expected a whole number"},
	{"{\"format_version\": 0, \"id\": \"acme\"}", "format_version: expected a whole number"},
	{"{\"format_version\": 1}", "id: missing"},
	{"{\"format_version\": 1, \"id\": 5}", "id: expected a string"},
	{REC(",\"admin\": {\"email\": 5}"), "admin.email: expected a string"},
	{REC(",\"company\": \"ACME\""), "company: expected an object"},
	{REC(",\"env\": {\"sandbox\": []}"), "env.sandbox: expected an object"},
	{REC(",\"disabled\": \"yes\""), "disabled: expected true or false"},
	{REC(",\"revision\": -1"), "revision: expected a whole number"},
	{REC(",\"revision\": 1.5"), "revision: expected a whole number"},
	{REC(",\"links\": {\"other\": \"https://a.vn\"}"), "links.other: expected an array"},
	{REC(",\"links\": {\"other\": [1]}"), "links.other[0]: expected a string"},
	{REC(",\"env\": {\"live\": {\"ip_whitelist\": [\"1.2.3.4\", null]}}"),
	 "env.live.ip_whitelist[1]: expected a string"},
	{REC(",\"documents\": {}"), "documents: expected an array"},
	{REC(",\"documents\": [\"x\"]"), "documents[0]: expected an object"},
	{REC(",\"documents\": [{\"name\": 1}]"), "documents[0].name: expected a string"},
	{REC(",\"layout\": \"triple\""), "layout: expected one of \"dual\", \"single\""},
	{REC(",\"onboarding\": {\"steps\": {\"account\": {\"status\": \"started\"}}}"),
	 "onboarding.steps.account.status: expected one of \"todo\", \"in_progress\", \"done\""},
	{REC(",\"onboarding\": {\"current_step\": 6}"),
	 "onboarding.current_step: expected a whole number from 1 to 5"},
	{REC(",\"settings\": {\"duplicate_commit_code\": \"09\"}"),
	 "settings.duplicate_commit_code: expected \"08\" or \"10\""},
	{REC(",\"settings\": {\"redirect_separator\": \"#\"}"),
	 "settings.redirect_separator: expected \"?\" or \"&\""},
	{REC(",\"settings\": {\"explain_header\": 1}"), "settings.explain_header: expected true or false"},
	{REC(",\"cs\": {\"channels\": [{\"app\": \"telegram\", \"handle\": \"x\"}]}"),
	 "cs.channels[0].app: expected one of \"skype\", \"zalo\", \"viber\", \"other\""},
	{REC(",\"company\": {\"name\": \"A\", \"name\": \"B\"}"), "company.name: the member appears twice"},
	{REC(",\"cs\": {\"channels\": [{\"app\": \"zalo\", \"app\": \"viber\"}]}"),
	 "cs.channels[0].app: the member appears twice"},
};

START_TEST(test_refused_records)
{
	gtd_partner *p = (gtd_partner *)&p;
	gtd_err err = {GTD_OK, ""};
	gtd_status st = parse(bad_records[_i].json, &p, &err);

	ck_assert_int_eq(st, GTD_EINVAL);
	ck_assert_int_eq(err.status, GTD_EINVAL);
	ck_assert_ptr_null(p);
	ck_assert_msg(strstr(err.msg, bad_records[_i].msg), "\"%s\" lacks \"%s\"", err.msg,
		      bad_records[_i].msg);
}
END_TEST

START_TEST(test_malformed_json_offset)
{
	static const char text[] = "{\n  \"format_version\": 1,\n  oops\n}";
	size_t oops = (size_t)(strstr(text, "oops") - text), byte, line, col;
	gtd_partner *p = NULL;
	gtd_err err;

	ck_assert_int_eq(parse(text, &p, &err), GTD_EINVAL);
	ck_assert_int_eq(sscanf(err.msg, "malformed JSON near byte %zu (line %zu, column %zu)",
				&byte, &line, &col), 3);
	/* cJSON points at the bad byte or just after it. */
	ck_assert(byte == oops || byte == oops + 1);
	ck_assert_uint_eq(line, 3);
	ck_assert_uint_eq(col, byte - oops + 3);
	/* Trailing garbage after the object is malformed too, at its byte. */
	ck_assert_int_eq(parse(REC("") " x", &p, &err), GTD_EINVAL);
	ck_assert_int_eq(sscanf(err.msg, "malformed JSON near byte %zu", &byte), 1);
	ck_assert_uint_eq(byte, strlen(REC("")) + 1);
}
END_TEST

/* A record with one extra string at a path, built with cJSON so that PEM
 * newlines are escaped properly. */
static char *record_with(const char *container, const char *name, const char *value)
{
	cJSON *doc = cJSON_Parse(REC(",\"partner_key\": {}, \"x\": {\"y\": [\"ok\"]}"));
	cJSON *c = container ? (cJSON *)at(doc, container) : doc;
	char *t;

	if (cJSON_IsArray(c))
		cJSON_AddItemToArray(c, cJSON_CreateString(value));
	else
		cJSON_AddStringToObject(c, name, value);
	t = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	return t;
}

START_TEST(test_private_key_refused)
{
	char *pkcs8 = data_read("kat1024.pem", NULL), *pkcs1 = data_read("kat1024.rsa.pem", NULL);
	static const char xml[] = "<RSAKeyValue><Modulus>AQAB</Modulus><Exponent>AQAB</Exponent>"
				  "<D>AQAB</D></RSAKeyValue>";
	const struct {
		const char *container, *name, *value, *path;
	} cases[] = {
		{"partner_key", "pem", pkcs8, "partner_key.pem holds a PRIVATE key"},
		{"x.y", NULL, pkcs1, "x.y[1] holds a PRIVATE key"},
		{NULL, "notes", xml, "notes holds a PRIVATE key"},
	};
	gtd_partner *p;
	gtd_err err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *t = record_with(cases[i].container, cases[i].name, cases[i].value);

		ck_assert_int_eq(parse(t, &p, &err), GTD_EKEY);
		ck_assert_ptr_null(p);
		ck_assert_msg(strstr(err.msg, cases[i].path), "%s", err.msg);
		ck_assert_ptr_nonnull(strstr(err.msg, "rotate"));
		free(t);
	}
	/* Through the setters as well; the record is left as it was. */
	p = gtd_partner_new("acme");
	ck_assert_int_eq(gtd_partner_set_partner_key(p, pkcs8, &err), GTD_EKEY);
	ck_assert_ptr_nonnull(strstr(err.msg, "rotate"));
	ck_assert_ptr_null(p->partner_key.pem);
	ck_assert_int_eq(gtd_partner_set(p, "onboarding.steps.account.notes", pkcs1, &err), GTD_EKEY);
	ck_assert_ptr_null(p->onboarding.steps[0].notes);
	gtd_partner_free(p);
	free(pkcs8);
	free(pkcs1);
}
END_TEST

START_TEST(test_partner_key)
{
	char *pub = data_read("kat1024.pub.pem", NULL), *xml = data_read("kat1024.pub.xml", NULL);
	char *fp = data_read("kat1024.fingerprint", NULL);
	gtd_partner *p = gtd_partner_new("acme");
	char *pem_from_pem, *bits;
	gtd_err err;

	fp[strcspn(fp, "\n")] = '\0';
	ck_assert_int_eq(gtd_partner_set_partner_key(p, pub, &err), GTD_OK);
	ck_assert_int_eq(p->partner_key.bits, 1024);
	ck_assert_str_eq(p->partner_key.fingerprint, fp);
	ck_assert_ptr_nonnull(strstr(p->partner_key.pem, "-----BEGIN PUBLIC KEY-----"));
	pem_from_pem = strdup(p->partner_key.pem);
	/* Another format of the same key gives the same normalised PEM. */
	ck_assert_int_eq(gtd_partner_set_partner_key(p, xml, &err), GTD_OK);
	ck_assert_str_eq(p->partner_key.pem, pem_from_pem);
	ck_assert_str_eq(p->partner_key.fingerprint, fp);
	bits = gtd_partner_get(p, "partner_key.bits");
	ck_assert_str_eq(bits, "1024");
	free(bits);
	/* Junk is refused and changes nothing. */
	ck_assert_int_ne(gtd_partner_set_partner_key(p, "not a key", &err), GTD_OK);
	ck_assert_ptr_nonnull(strstr(err.msg, "partner_key.pem: "));
	ck_assert_str_eq(p->partner_key.fingerprint, fp);
	/* "" removes the key with its size and fingerprint. */
	ck_assert_int_eq(gtd_partner_set_partner_key(p, "", &err), GTD_OK);
	ck_assert_ptr_null(p->partner_key.pem);
	ck_assert_ptr_null(p->partner_key.fingerprint);
	ck_assert_int_eq(p->partner_key.bits, 0);
	/* The emulator's public key keeps its fingerprint too. */
	ck_assert_int_eq(gtd_partner_set(p, "emulator_key.public_pem", pub, &err), GTD_OK);
	ck_assert_str_eq(p->emulator_key.fingerprint, fp);
	free(pem_from_pem);
	free(pub);
	free(xml);
	free(fp);
	gtd_partner_free(p);
}
END_TEST

/* Settable fields: a good value, what get returns then, and a refused
 * value. */
static const struct {
	const char *path, *good, *got, *bad;
} settable[] = {
	{"company.name", VN_COMPANY, VN_COMPANY, "two\nlines"},
	{"company.address", VN_ADDRESS, VN_ADDRESS, "tab\there"},
	{"company.website", "https://acme.vn", "https://acme.vn", "acme"},
	/* A bare host is the https:// URL, for every URL field. */
	{"company.website", "dulich.example.vn/vi", "https://dulich.example.vn/vi", "dulich example.vn"},
	{"admin.full_name", VN_ADMIN, VN_ADMIN, "\x7f"},
	{"admin.email", "lan@acme.vn", "lan@acme.vn", "lan@@acme.vn"},
	{"admin.phone", "+84 912 345 678", "+84 912 345 678", "12345"},
	{"links.product_url", "https://acme.vn/t", "https://acme.vn/t", "ftp://acme.vn"},
	{"links.payment_url", "pay.acme.vn", "https://pay.acme.vn", "mailto:pay@acme.vn"},
	{"links.other", " a.vn/x ,https://b.vn,", "https://a.vn/x, https://b.vn", "https://a.vn, ftp://b"},
	{"env.sandbox.gateway_url", "http://127.0.0.1:8080", "http://127.0.0.1:8080", "127.0.0.1:8080"},
	{"env.sandbox.api_key", "k-123", "k-123", "has space"},
	{"env.sandbox.access_code", "ac-1", "ac-1", "ac|1"},
	{"env.sandbox.activation_token", "tok", "tok", "t\xc3\xb6k"},
	{"env.sandbox.activated_at", "2024-05-01T09:30:00Z", "2024-05-01T09:30:00Z", "2024-02-30T00:00:00Z"},
	{"env.live.gateway_url", "gw.gotadi.com:8443", "https://gw.gotadi.com:8443", "http://gw.gotadi.com"},
	{"env.live.api_key", "live-k", "live-k", "a b"},
	{"env.live.access_code", "live-ac", "live-ac", "x|y"},
	{"env.live.activation_token", "live-t", "live-t", " "},
	{"env.live.activated_at", "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-06-01 00:00:00"},
	{"env.live.ip_whitelist", "203.0.113.0/24", "203.0.113.0/24", "203.0.113.7/24"},
	{"layout", "single", "single", "triple"},
	{"products.flight", "false", "false", "no"},
	{"products.hotel", "true", "true", "TRUE"},
	{"theme.primary", "#112233", "#112233", "112233"},
	{"theme.secondary", "#aabbcc", "#aabbcc", "#abc"},
	{"theme.background", "#FFFFFF", "#FFFFFF", "white"},
	{"theme.text", "#000000", "#000000", "#00000g"},
	{"theme.button_text", "#FFFFFF", "#FFFFFF", "#GGGGGG"},
	{"onboarding.current_step", "3", "3", "6"},
	{"onboarding.steps.account.notes", "checked", "checked", "a\nb"},
	{"onboarding.steps.support.notes", "ok", "ok", "\x01"},
	{"cs.training_date", "2024-06-01", "2024-06-01", "2024-13-01"},
	{"settings.strict_headers", "true", "true", "1"},
	{"settings.duplicate_commit_code", "10", "10", "09"},
	{"settings.redirect_separator", "&", "&", "#"},
	{"settings.enforce_test_rules", "true", "true", "yes"},
	{"settings.explain_header", "false", "false", ""},
	{"settings.async_issue", "true", "true", "on"},
	{"disabled", "true", "true", "True"},
};

START_TEST(test_set_get)
{
	gtd_partner *p = gtd_partner_new("acme");
	const char *path = settable[_i].path;
	gtd_err err = {GTD_OK, ""};
	char *v;

	ck_assert_int_eq(gtd_partner_set(p, path, settable[_i].good, &err), GTD_OK);
	v = gtd_partner_get(p, path);
	ck_assert_str_eq(v, settable[_i].got);
	free(v);
	ck_assert_int_eq(gtd_partner_set(p, path, settable[_i].bad, &err), GTD_EINVAL);
	ck_assert_msg(strncmp(err.msg, path, strlen(path)) == 0, "\"%s\" does not name %s", err.msg, path);
	v = gtd_partner_get(p, path);
	ck_assert_str_eq(v, settable[_i].got);
	free(v);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_set_refusals)
{
	static const char *const kit_owned[] = {
		"id", "format_version", "revision", "created", "updated", "partner_key.bits",
		"partner_key.fingerprint", "emulator_key.fingerprint",
		"onboarding.steps.account.started_at", "onboarding.steps.go-live.done_at",
	};
	gtd_partner *p = gtd_partner_new("acme");
	gtd_err err;
	char *v;
	size_t i;

	for (i = 0; i < sizeof(kit_owned) / sizeof(kit_owned[0]); i++) {
		ck_assert_int_eq(gtd_partner_set(p, kit_owned[i], "x", &err), GTD_EINVAL);
		ck_assert_ptr_nonnull(strstr(err.msg, "maintained by the kit"));
	}
	ck_assert_int_eq(gtd_partner_set(p, "onboarding.steps.account.status", "done", &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "step done or reopen"));
	ck_assert_int_eq(p->onboarding.steps[0].status, GTD_STEP_TODO);
	ck_assert_int_eq(gtd_partner_set(p, "documents", "x", &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_partner_set(p, "company.nam", "x", &err), GTD_ENOTFOUND);
	ck_assert_str_eq(err.msg, "company.nam: no such field");
	ck_assert_int_eq(gtd_partner_set(p, NULL, "x", &err), GTD_ENOTFOUND);
	ck_assert_ptr_null(gtd_partner_get(p, "company.nam"));
	ck_assert_ptr_null(gtd_partner_get(p, NULL));
	ck_assert_ptr_null(gtd_partner_get(p, "documents"));
	ck_assert_ptr_null(gtd_partner_get(p, "company"));
	/* "" clears an optional field; absent reads back as "". */
	set_ok(p, "company.name", "ACME");
	set_ok(p, "company.name", "");
	ck_assert_ptr_null(p->company.name);
	set_ok(p, "env.live.ip_whitelist", "1.2.3.4");
	set_ok(p, "env.live.ip_whitelist", "");
	ck_assert_uint_eq(p->env[GTD_ENV_LIVE].ip_whitelist.n, 0);
	v = gtd_partner_get(p, "company.name");
	ck_assert_str_eq(v, "");
	free(v);
	v = gtd_partner_get(p, "settings.duplicate_commit_code");
	ck_assert_str_eq(v, "08");
	free(v);
	v = gtd_partner_get(p, "revision");
	ck_assert_str_eq(v, "0");
	free(v);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_step_names_match_codes)
{
	gtd_partner *p = gtd_partner_new("acme");
	char path[128], *v;
	int i;

	for (i = 0; i < GTD_STEP_COUNT; i++) {
		snprintf(path, sizeof(path), "onboarding.steps.%s.status", gtd_steps[i].name);
		v = gtd_partner_get(p, path);
		ck_assert_msg(v != NULL, "%s is not a field", path);
		ck_assert_str_eq(v, "todo");
		free(v);
	}
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_validate_problems)
{
	static const char json[] = REC(
		",\"admin\": {\"email\": \"lan@@acme.vn\"}"
		",\"documents\": [{\"name\": \"ok\", \"url\": \"https://acme.vn/a\"},"
		"                {\"name\": \"bad\", \"url\": \"ftp://acme.vn/b\"},"
		"                {\"url\": \"https://acme.vn/c\"}]"
		",\"env\": {\"live\": {\"gateway_url\": \"http://gw.example.com\","
		"                      \"ip_whitelist\": [\"203.0.113.7/24\"]}}"
		",\"products\": {\"flight\": false, \"hotel\": false}"
		",\"theme\": {\"primary\": \"#0B5CAD\", \"background\": \"#FFFFFF\","
		"             \"text\": \"#777777\", \"button_text\": \"#FFFFFF\"}"
		",\"cs\": {\"training_date\": \"2024-02-30\"}");
	/* The theme's contrast is not validity: gtd_partner_check_change. */
	static const char *const paths[] = {
		"admin.email", "documents[1].url", "documents[2].name", "env.live.gateway_url",
		"env.live.ip_whitelist[0]", "cs.training_date", "products",
	};
	gtd_partner *p = NULL;
	gtd_problems probs;
	gtd_err err;
	size_t i;

	ck_assert_msg(parse(json, &p, &err) == GTD_OK, "%s", err.msg);
	ck_assert_int_eq(gtd_partner_validate(p, &probs), GTD_OK);
	for (i = 0; i < probs.count && i < sizeof(paths) / sizeof(paths[0]); i++)
		ck_assert_str_eq(probs.v[i].path, paths[i]);
	ck_assert_uint_eq(probs.count, sizeof(paths) / sizeof(paths[0]));
	ck_assert_ptr_nonnull(strstr(probs.v[2].message, "missing"));
	ck_assert_ptr_nonnull(strstr(probs.v[4].message, "203.0.113.0/24"));
	gtd_problems_release(&probs);
	ck_assert_int_eq(gtd_partner_contrast(p, &probs), GTD_OK);
	ck_assert_uint_eq(probs.count, 1);
	ck_assert_str_eq(probs.v[0].path, "theme.text");
	ck_assert_str_eq(probs.v[0].message, "contrast of text on the background is 4.48:1; WCAG AA needs at least 4.5:1");
	gtd_problems_release(&probs);
	ck_assert_uint_eq(probs.count, 0);
	gtd_partner_free(p);
}
END_TEST

/* The rule for saving a change: what it breaks is refused, colours below
 * WCAG AA it sets need accepting, what was there already may stay. */
START_TEST(test_check_change)
{
	gtd_partner *before = gtd_partner_new("acme"), *after = gtd_partner_new("acme");
	gtd_change_check cc;
	gtd_strlist accepted;
	gtd_err err;

	/* Nothing changed, nothing to say. */
	ck_assert_int_eq(gtd_partner_check_change(before, after, &cc), GTD_OK);
	ck_assert_uint_eq(cc.refused.count + cc.contrast.count, 0);
	gtd_change_check_release(&cc);
	/* #FFD700 on white is 1.40:1, and so is white button text on it. */
	ck_assert_int_eq(gtd_partner_set(after, "theme.primary", "#FFD700", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_check_change(before, after, &cc), GTD_OK);
	ck_assert_uint_eq(cc.refused.count, 0);
	ck_assert_uint_eq(cc.contrast.count, 2);
	ck_assert_str_eq(cc.contrast.v[0].path, "theme.button_text");
	ck_assert_str_eq(cc.contrast.v[1].path, "theme.primary");
	ck_assert_msg(strstr(cc.contrast.v[1].message, "WCAG AA needs at least 3.0:1"), "%s", cc.contrast.v[1].message);
	ck_assert_int_eq(gtd_change_check_accepted(&cc, &accepted), GTD_OK);
	ck_assert_uint_eq(accepted.n, 2);
	ck_assert_msg(strncmp(accepted.v[1], "theme.primary: contrast of the primary colour", 45) == 0, "%s",
		      accepted.v[1]);
	gtd_strlist_release(&accepted);
	gtd_change_check_release(&cc);
	/* A new record's failing colours all need accepting. */
	ck_assert_int_eq(gtd_partner_check_change(NULL, after, &cc), GTD_OK);
	ck_assert_uint_eq(cc.contrast.count, 2);
	gtd_change_check_release(&cc);
	/* Once accepted and saved, another change leaves them alone, whatever
	 * the case of the hex digits... */
	ck_assert_int_eq(gtd_partner_set(before, "theme.primary", "#ffd700", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(after, "admin.phone", "0912345678", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_check_change(before, after, &cc), GTD_OK);
	ck_assert_uint_eq(cc.contrast.count, 0);
	gtd_change_check_release(&cc);
	/* ...but another failing colour needs accepting again. */
	ck_assert_int_eq(gtd_partner_set(after, "theme.primary", "#FFFF00", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_check_change(before, after, &cc), GTD_OK);
	ck_assert_uint_eq(cc.contrast.count, 2);
	gtd_change_check_release(&cc);
	/* So does a background that makes a pair fail. */
	ck_assert_int_eq(gtd_partner_set(after, "theme.primary", "#FFD700", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(after, "theme.background", "#EEEEEE", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_check_change(before, after, &cc), GTD_OK);
	ck_assert_uint_ge(cc.contrast.count, 1);
	gtd_change_check_release(&cc);
	ck_assert_int_eq(gtd_partner_set(after, "theme.background", "#FFFFFF", &err), GTD_OK);
	/* What a change breaks is refused; what was broken may stay. */
	after->products.flight = after->products.hotel = 0;
	ck_assert_int_eq(gtd_partner_check_change(before, after, &cc), GTD_OK);
	ck_assert_uint_eq(cc.refused.count, 1);
	ck_assert_str_eq(cc.refused.v[0].path, "products");
	gtd_change_check_release(&cc);
	before->products.flight = before->products.hotel = 0;
	ck_assert_int_eq(gtd_partner_check_change(before, after, &cc), GTD_OK);
	ck_assert_uint_eq(cc.refused.count, 0);
	gtd_change_check_release(&cc);
	gtd_partner_free(before);
	gtd_partner_free(after);
}
END_TEST

START_TEST(test_validate_id_and_key)
{
	gtd_partner *p = gtd_partner_new("acme"), *q = NULL;
	gtd_problems probs;
	gtd_err err;
	cJSON *doc;
	char *t;

	set_key_file(p, "partner_key.pem", "kat1024.pub.pem");
	t = gtd_partner_to_json(p);
	doc = cJSON_Parse(t);
	free(t);
	/* A hand edit: the fingerprint no longer matches, the id is bad. */
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(doc, "partner_key"), "fingerprint",
				  cJSON_CreateString("0000000000000000000000000000000000000000000000000000000000000000"));
	cJSON_ReplaceItemInObject(doc, "id", cJSON_CreateString("Bad_Id"));
	t = cJSON_Print(doc);
	ck_assert_int_eq(parse(t, &q, &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_validate(q, &probs), GTD_OK);
	ck_assert_uint_eq(probs.count, 2);
	ck_assert_str_eq(probs.v[0].path, "id");
	ck_assert_str_eq(probs.v[1].path, "partner_key.pem");
	ck_assert_ptr_nonnull(strstr(probs.v[1].message, "fingerprint"));
	gtd_problems_release(&probs);
	cJSON_Delete(doc);
	free(t);
	gtd_partner_free(p);
	gtd_partner_free(q);
}
END_TEST

/* The ids of step's missing checklist items, comma-joined. */
static void missing_ids(const gtd_partner *p, int step, char *out, size_t len)
{
	const gtd_check_item *items[8];
	size_t n = gtd_partner_step_missing(p, step, items, 8), i, used = 0;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? "," : "", items[i]->id);
}

START_TEST(test_step_missing)
{
	gtd_partner *p = gtd_partner_new("acme"), *f = full_partner();
	char ids[256];
	int step;

	missing_ids(p, 1, ids, sizeof(ids));
	ck_assert_str_eq(ids, "company,admin,links,partner-key");
	missing_ids(p, 2, ids, sizeof(ids));
	ck_assert_str_eq(ids, "sandbox-credentials,gotadi-key,sandbox-activated");
	missing_ids(p, 3, ids, sizeof(ids));
	ck_assert_str_eq(ids, "connected");
	missing_ids(p, 4, ids, sizeof(ids));
	ck_assert_str_eq(ids, "acceptance,live-credentials,ip-whitelist");
	missing_ids(p, 5, ids, sizeof(ids));
	ck_assert_str_eq(ids, "cs-channel,training");
	/* A partly filled item is still missing; an invalid value too. */
	set_ok(p, "company.name", VN_COMPANY);
	set_ok(p, "company.address", VN_ADDRESS);
	missing_ids(p, 1, ids, sizeof(ids));
	ck_assert_str_eq(ids, "company,admin,links,partner-key");
	set_ok(p, "company.website", "https://acme.vn");
	set_key_file(p, "partner_key.pem", "kat1024.pub.pem");
	missing_ids(p, 1, ids, sizeof(ids));
	ck_assert_str_eq(ids, "admin,links");
	free(p->company.website);
	p->company.website = strdup("not a url");
	missing_ids(p, 1, ids, sizeof(ids));
	ck_assert_str_eq(ids, "company,admin,links");
	/* Every item of every step has a rule, which a full record meets. */
	for (step = 1; step <= GTD_STEP_COUNT; step++) {
		missing_ids(f, step, ids, sizeof(ids));
		ck_assert_msg(ids[0] == '\0', "step %d: %s", step, ids);
	}
	ck_assert_uint_eq(gtd_partner_step_missing(p, 0, NULL, 0), 0);
	ck_assert_uint_eq(gtd_partner_step_missing(p, GTD_STEP_COUNT + 1, NULL, 0), 0);
	/* The count is complete even when out has no room. */
	ck_assert_uint_eq(gtd_partner_step_missing(p, 1, NULL, 0), 3);
	gtd_partner_free(p);
	gtd_partner_free(f);
}
END_TEST

/* The paths gtd_check_item_missing() names for item id, comma-joined,
 * and the item's field count in *total. */
static void need_paths(const gtd_partner *p, const char *id, char *out, size_t len, size_t *total)
{
	const gtd_need *need[GTD_NEEDS_MAX];
	const gtd_check_item *item = NULL, *it;
	size_t n, i, used = 0;
	int s;

	for (s = 0; s < GTD_STEP_COUNT && !item; s++)
		for (it = gtd_steps[s].checklist; it->id; it++)
			if (strcmp(it->id, id) == 0)
				item = it;
	ck_assert_msg(item != NULL, "no checklist item %s", id);
	n = gtd_check_item_missing(p, item, need, GTD_NEEDS_MAX, total);
	out[0] = '\0';
	for (i = 0; i < n && i < GTD_NEEDS_MAX; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? "," : "", need[i]->path);
}

START_TEST(test_check_item_missing)
{
	gtd_partner *p = gtd_partner_new("acme"), *f = full_partner();
	const gtd_check_item *it;
	char paths[256];
	size_t total;
	int s;

	need_paths(p, "company", paths, sizeof(paths), &total);
	ck_assert_str_eq(paths, "company.name,company.address,company.website");
	ck_assert_uint_eq(total, 3);
	/* Only what is missing, not the item's every field. */
	set_ok(p, "company.name", VN_COMPANY);
	need_paths(p, "company", paths, sizeof(paths), &total);
	ck_assert_str_eq(paths, "company.address,company.website");
	ck_assert_uint_eq(total, 3);
	/* A value there but not valid is missing too. */
	set_ok(p, "company.address", VN_ADDRESS);
	p->company.website = strdup("not a url");
	need_paths(p, "company", paths, sizeof(paths), &total);
	ck_assert_str_eq(paths, "company.website");
	need_paths(p, "partner-key", paths, sizeof(paths), &total);
	ck_assert_str_eq(paths, "partner_key.pem");
	ck_assert_uint_eq(total, 1);
	/* Every item has a requirement; an item of several fields names each
	 * in both languages, and a full record misses none. */
	for (s = 0; s < GTD_STEP_COUNT; s++) {
		for (it = gtd_steps[s].checklist; it->id; it++) {
			const gtd_need *need[GTD_NEEDS_MAX];
			size_t n = gtd_check_item_missing(p, it, need, GTD_NEEDS_MAX, &total), i;

			ck_assert_msg(total > 0, "%s has no requirement", it->id);
			for (i = 0; total > 1 && i < n; i++)
				ck_assert_msg(need[i]->en && need[i]->vi, "%s: %s has no name", it->id,
					      need[i]->path);
			ck_assert_uint_eq(gtd_check_item_missing(f, it, NULL, 0, NULL), 0);
		}
	}
	/* The count is complete even when out has no room. */
	gtd_partner_free(f);
	f = gtd_partner_new("empty");
	ck_assert_uint_eq(gtd_check_item_missing(f, &gtd_steps[0].checklist[0], NULL, 0, NULL), 3);
	ck_assert_uint_eq(gtd_check_item_missing(p, NULL, NULL, 0, &total), 0);
	ck_assert_uint_eq(total, 0);
	gtd_partner_free(p);
	gtd_partner_free(f);
}
END_TEST

START_TEST(test_step_done_names_missing)
{
	gtd_partner *p = gtd_partner_new("acme");
	gtd_err err;

	set_ok(p, "company.name", VN_COMPANY);
	set_ok(p, "company.address", VN_ADDRESS);
	set_ok(p, "company.website", "https://acme.vn");
	ck_assert_int_eq(gtd_partner_step_done(p, 1, NULL, STAMP, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg,
			 "step 1 cannot be done: missing admin (admin.full_name, admin.email, admin.phone), "
			 "links (links.product_url, links.payment_url), partner-key (partner_key.pem)");
	/* Exactly the fields: the name alone is there. */
	set_ok(p, "company.address", "");
	set_ok(p, "company.website", "");
	set_ok(p, "admin.full_name", "Lan");
	ck_assert_int_eq(gtd_partner_step_done(p, 1, NULL, STAMP, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "missing company (company.address, company.website), "
				      "admin (admin.email, admin.phone), links"), "%s", err.msg);
	ck_assert_int_eq(p->onboarding.steps[0].status, GTD_STEP_TODO);
	ck_assert_ptr_null(p->onboarding.steps[0].done_at);
	ck_assert_int_eq(gtd_partner_step_done(p, 0, NULL, STAMP, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_partner_step_done(p, 6, NULL, STAMP, &err), GTD_EINVAL);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_step_done_and_reopen)
{
	gtd_partner *p = full_partner();
	gtd_err err;

	ck_assert_int_eq(gtd_partner_step_done(p, 1, "All data received", STAMP, &err), GTD_OK);
	ck_assert_int_eq(p->onboarding.steps[0].status, GTD_STEP_DONE);
	ck_assert_str_eq(p->onboarding.steps[0].done_at, "2024-05-01T08:30:00Z");
	ck_assert_str_eq(p->onboarding.steps[0].started_at, "2024-05-01T08:30:00Z");
	ck_assert_str_eq(p->onboarding.steps[0].notes, "All data received");
	ck_assert_int_eq(p->onboarding.current_step, 2);
	ck_assert_int_eq(p->onboarding.steps[1].status, GTD_STEP_IN_PROGRESS);
	ck_assert_str_eq(p->onboarding.steps[1].started_at, "2024-05-01T08:30:00Z");
	/* Done out of order: current_step stays on the first step not done. */
	ck_assert_int_eq(gtd_partner_step_done(p, 3, NULL, STAMP + 60, &err), GTD_OK);
	ck_assert_int_eq(p->onboarding.current_step, 2);
	ck_assert_int_eq(gtd_partner_step_done(p, 2, NULL, STAMP + 120, &err), GTD_OK);
	ck_assert_int_eq(p->onboarding.current_step, 4);
	ck_assert_int_eq(gtd_partner_step_done(p, 4, NULL, STAMP, &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_step_done(p, 5, NULL, STAMP, &err), GTD_OK);
	ck_assert_int_eq(p->onboarding.current_step, GTD_STEP_COUNT);
	/* Reopen */
	ck_assert_int_eq(gtd_partner_step_reopen(p, 2, &err), GTD_OK);
	ck_assert_int_eq(p->onboarding.steps[1].status, GTD_STEP_IN_PROGRESS);
	ck_assert_ptr_null(p->onboarding.steps[1].done_at);
	ck_assert_int_eq(p->onboarding.current_step, 2);
	ck_assert_int_eq(gtd_partner_step_reopen(p, 2, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not done"));
	ck_assert_int_eq(gtd_partner_step_reopen(p, 0, &err), GTD_EINVAL);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_step_note_proves_connected)
{
	gtd_partner *p = gtd_partner_new("acme");
	gtd_err err;

	ck_assert_int_eq(gtd_partner_step_done(p, 3, NULL, STAMP, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "missing connected ("));
	ck_assert_int_eq(gtd_partner_step_done(p, 3, "bad\nnote", STAMP, &err), GTD_EINVAL);
	ck_assert_ptr_null(p->onboarding.steps[2].notes);
	ck_assert_int_eq(gtd_partner_step_done(p, 3, "First login 00 at 10:02", STAMP, &err), GTD_OK);
	ck_assert_str_eq(p->onboarding.steps[2].notes, "First login 00 at 10:02");
	ck_assert_int_eq(p->onboarding.steps[2].status, GTD_STEP_DONE);
	ck_assert_int_eq(p->onboarding.current_step, 1);
	ck_assert_int_eq(p->onboarding.steps[0].status, GTD_STEP_IN_PROGRESS);
	gtd_partner_free(p);
}
END_TEST

static const struct {
	const char *path;
	int secret;
} secret_paths[] = {
	{NULL, 0},
	{"", 0},
	{"env.sandbox.api_key", 1},
	{"env.sandbox.access_code", 1},
	{"env.sandbox.activation_token", 1},
	{"env.live.api_key", 1},
	{"env.live.access_code", 1},
	{"env.live.activation_token", 1},
	{"env.staging.api_key", 0},
	{"env.sandbox.gateway_url", 0},
	{"env.sandbox.gotadi_public_key", 0},
	{"admin.email", 0},
	{"partner_key.pem", 0},
};

START_TEST(test_secret_paths)
{
	ck_assert_int_eq(gtd_partner_is_secret_path(secret_paths[_i].path), secret_paths[_i].secret);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

START_TEST(test_list_append_remove)
{
	/* Elements built from MEMBER=VALUE, kept through a JSON round trip;
	 * removal moves later ones up; every refusal leaves the list as it was. */
	static const char *const doc1[] = {"name=Spec", "url=https://acme.vn/spec.pdf"};
	static const char *const doc2[] = {"url=https://acme.vn/b.pdf", "name=Bảng giá"};
	static const char *const ev[] = {"file=report.md"};
	static const char *const ch[] = {"app=viber", "handle=Gotadi x ACME"};
	static const char *const bad_app[] = {"app=icq", "handle=x"};
	static const char *const twice[] = {"name=a", "name=b", "url=https://x.vn"};
	static const char *const no_eq[] = {"name"};
	gtd_partner *p = gtd_partner_new("acme"), *back;
	gtd_err err;
	char *text;

	ck_assert_int_eq(gtd_partner_list_append(p, "documents", 2, doc1, 1764324000, &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_list_append(p, "documents", 2, doc2, 1764324000, &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_list_append(p, "onboarding.evidence", 1, ev, 1764324000, &err), GTD_OK);
	ck_assert_str_eq(p->onboarding.evidence.v[0].added_at, "2025-11-28T10:00:00Z");
	ck_assert_int_eq(gtd_partner_list_append(p, "cs.channels", 2, ch, 0, &err), GTD_OK);
	ck_assert_int_eq(p->cs.channels.v[0].app, GTD_CS_VIBER);
	ck_assert_int_eq(gtd_partner_list_append(p, "cs.channels", 2, bad_app, 0, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_partner_list_append(p, "documents", 3, twice, 0, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "name is given twice"));
	ck_assert_int_eq(gtd_partner_list_append(p, "documents", 1, no_eq, 0, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_partner_list_append(p, "documents", 1, ev, 0, &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_partner_list_append(p, "company.name", 1, ev, 0, &err), GTD_ENOTFOUND);
	ck_assert_uint_eq(gtd_partner_list_count(p, "documents"), 2);
	ck_assert_uint_eq(gtd_partner_list_count(p, "cs.channels"), 1);

	text = gtd_partner_to_json(p);
	ck_assert_int_eq(gtd_partner_from_json(text, strlen(text), &back, &err), GTD_OK);
	free(text);
	ck_assert_str_eq(back->documents.v[1].name, "Bảng giá");
	ck_assert_str_eq(back->cs.channels.v[0].handle, "Gotadi x ACME");
	gtd_partner_free(back);

	ck_assert_int_eq(gtd_partner_list_remove(p, "documents[2]", &err), GTD_ENOTFOUND);
	ck_assert_int_eq(gtd_partner_list_remove(p, "documents[x]", &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_partner_list_remove(p, "documents[0]x", &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_partner_list_remove(p, "company[0]", &err), GTD_ENOTFOUND);
	ck_assert_int_eq(gtd_partner_list_remove(p, "documents[0]", &err), GTD_OK);
	ck_assert_uint_eq(p->documents.n, 1);
	ck_assert_str_eq(p->documents.v[0].name, "Bảng giá");
	ck_assert_int_eq(gtd_partner_list_remove(p, "cs.channels[0]", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_list_remove(p, "cs.channels[0]", &err), GTD_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "it is empty"));
	gtd_partner_free(p);
}
END_TEST

static Suite *partner_suite(void)
{
	Suite *s = suite_create("partner");
	TCase *json = tcase_create("json");
	TCase *fields = tcase_create("fields");
	TCase *steps = tcase_create("steps");
	TCase *secrets = tcase_create("secrets");

	tcase_add_test(json, test_new_defaults);
	tcase_add_test(json, test_round_trip_byte_stable);
	tcase_add_test(json, test_member_order);
	tcase_add_test(json, test_vietnamese_name);
	tcase_add_test(json, test_unknown_members_preserved);
	tcase_add_test(json, test_minimal_record_defaults);
	tcase_add_loop_test(json, test_refused_records, 0, N(bad_records));
	tcase_add_test(json, test_malformed_json_offset);
	tcase_add_test(json, test_private_key_refused);
	suite_add_tcase(s, json);

	tcase_add_test(fields, test_partner_key);
	tcase_add_loop_test(fields, test_set_get, 0, N(settable));
	tcase_add_test(fields, test_set_refusals);
	tcase_add_test(fields, test_list_append_remove);
	tcase_add_test(fields, test_validate_problems);
	tcase_add_test(fields, test_check_change);
	tcase_add_test(fields, test_validate_id_and_key);
	suite_add_tcase(s, fields);

	tcase_add_test(steps, test_step_names_match_codes);
	tcase_add_test(steps, test_step_missing);
	tcase_add_test(steps, test_check_item_missing);
	tcase_add_test(steps, test_step_done_names_missing);
	tcase_add_test(steps, test_step_done_and_reopen);
	tcase_add_test(steps, test_step_note_proves_connected);
	suite_add_tcase(s, steps);

	tcase_add_loop_test(secrets, test_secret_paths, 0, N(secret_paths));
	suite_add_tcase(s, secrets);
	return s;
}

GTD_CHECK_MAIN(partner_suite)
