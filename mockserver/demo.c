#include "demo.h"

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export.h"
#include "fs.h"
#include "keys.h"
#include "provision.h"

char *demo_make_dir(const char *dir, gtd_err *err)
{
	char tmpl[] = "/tmp/gtd-demo.XXXXXX";

	if (dir)
		return gtd_mkdirs(dir, 0700, err) == GTD_OK ? gtd_dir_dup(dir) : NULL;
	if (!mkdtemp(tmpl)) {
		gtd_err_set(err, GTD_EIO, "cannot create a demo directory in /tmp: %m");
		return NULL;
	}
	return strdup(tmpl);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void demo_remove_dir(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The demo partner's details: a Vietnamese e-wallet, as real ones look. */
static const char *const demo_fields[][2] = {
	{"company.name", "Công ty Cổ phần Ví Điện Tử Sen Vàng (demo)"},
	{"company.address", "Tầng 9, 123 Nguyễn Huệ, Quận 1, TP. Hồ Chí Minh"},
	{"company.website", "https://senvang.example.vn"},
	{"admin.full_name", "Nguyễn Thị Lan"},
	{"admin.email", "lan.nguyen@senvang.example.vn"},
	{"admin.phone", "0912 345 678"},
	{"links.product_url", "https://senvang.example.vn/du-lich"},
	{"theme.primary", "#0b6e4f"},
	{"theme.secondary", "#f2a541"},
};

static gtd_status write_text(const char *dir, const char *name, char *text, mode_t mode,
			     gtd_err *err)
{
	char path[4096];
	gtd_status st;

	if (!text)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	st = gtd_file_write_atomic(path, text, strlen(text), mode, 0, err);
	OPENSSL_cleanse(text, strlen(text));
	free(text);
	return st;
}

gtd_status demo_create(gtd_store *store, const char *dir, const char *url, int bits, gtd_err *err)
{
	gtd_partner *p = gtd_partner_new(MOCK_DEMO_PARTNER);
	gtd_key *partner = NULL, *emulator = NULL;
	gtd_pack pack = {0};
	char keydir[4096], pack_path[4096], *pay = NULL, *emu_path = NULL, now[GTD_TIMESTAMP_SIZE];
	char *pub = NULL;
	gtd_status st;
	size_t i;

	if (!p)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	snprintf(keydir, sizeof(keydir), "%s/demo-partner", dir);
	st = gtd_mkdirs(keydir, 0700, err);
	for (i = 0; st == GTD_OK && i < sizeof(demo_fields) / sizeof(demo_fields[0]); i++)
		st = gtd_partner_set(p, demo_fields[i][0], demo_fields[i][1], err);
	if (st == GTD_OK && asprintf(&pay, "%s/demo-partner/pay", url) < 0)
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (st == GTD_OK)
		st = gtd_partner_set(p, "links.payment_url", pay, err);
	/* The partner's own key pair: the demo plays the partner too. */
	if (st == GTD_OK)
		st = gtd_key_generate(bits, &partner, err);
	if (st == GTD_OK)
		st = write_text(keydir, "partner.pem", gtd_key_to_pem(partner, GTD_KEY_PRIVATE), 0600, err);
	if (st == GTD_OK)
		st = write_text(keydir, "partner.pub.pem", gtd_key_to_pem(partner, GTD_KEY_PUBLIC), 0644, err);
	if (st == GTD_OK)
		st = write_text(keydir, "partner.xml", gtd_key_to_xml(partner, GTD_KEY_PRIVATE), 0600, err);
	if (st == GTD_OK && !(pub = gtd_key_to_pem(partner, GTD_KEY_PUBLIC)))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (st == GTD_OK)
		st = gtd_partner_set_partner_key(p, pub, err);
	if (st == GTD_OK)
		st = gtd_provision(store, p, GTD_ENV_SANDBOX, url, bits, 1, err);
	gtd_partner_timestamp(time(NULL), now);
	if (st == GTD_OK)
		st = gtd_partner_set(p, "env.sandbox.activated_at", now, err);
	if (st == GTD_OK)
		st = gtd_store_create(store, p, "gtd-mock --demo", err);
	if (st != GTD_OK)
		goto out;
	emu_path = gtd_store_emulator_key_path(store, p);
	st = gtd_key_load(emu_path, GTD_KEY_PRIVATE, &emulator, err);
	if (st != GTD_OK)
		goto out;
	snprintf(pack_path, sizeof(pack_path), "%s/demo-pack.json", dir);
	snprintf(keydir, sizeof(keydir), "%s/demo-partner/partner.pem", dir);
	pack.partner_id = p->id;
	pack.company = p->company.name;
	pack.gateway_url = (char *)url;
	pack.api_key = p->env[GTD_ENV_SANDBOX].api_key;
	pack.access_code = p->env[GTD_ENV_SANDBOX].access_code;
	pack.gotadi_public_key = p->env[GTD_ENV_SANDBOX].gotadi_public_key;
	pack.partner_public_key = p->partner_key.pem;
	pack.payment_url = p->links.payment_url;
	gtd_pack_borrow_look(&pack, p);
	pack.partner_private_key_path = keydir;
	pack.emulator_private_key = gtd_key_to_pem(emulator, GTD_KEY_PRIVATE);
	st = gtd_pack_write(&pack, pack_path, err);
	/* For people, beside the pack: what gtd-console export writes. */
	if (st == GTD_OK)
		st = export_write_info(p, dir, 1, err);
	if (pack.emulator_private_key) {
		OPENSSL_cleanse(pack.emulator_private_key, strlen(pack.emulator_private_key));
		free(pack.emulator_private_key);
	}
out:
	free(pay);
	free(pub);
	free(emu_path);
	gtd_key_free(partner);
	gtd_key_free(emulator);
	gtd_partner_free(p);
	return st;
}

void demo_print_guide(const char *dir, const char *url, const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	char scenario[PATH_MAX] = "gtd-scenario";

	if (slash) {
		int n = snprintf(scenario, sizeof(scenario), "%.*s/gtd-scenario", (int)(slash - argv0), argv0);

		if (n < 0 || n >= (int)sizeof(scenario) || access(scenario, X_OK) != 0)
			strcpy(scenario, "gtd-scenario");
	}
	printf("\n"
	       "Demo partner \"demo\" is ready (data: %s).\n"
	       "  connection pack:  %s/demo-pack.json   (API key, access code, keys; mode 0600)\n"
	       "  partner key:      %s/demo-partner/partner.pem\n"
	       "  for people:       %s/connection-info.md   (endpoints, headers, keys, codes)\n"
	       "\n"
	       "Try, in another terminal:\n"
	       "  %s login --pack %s/demo-pack.json --user u1 --product flight\n"
	       "  B=$(curl -s -X POST %s/__gtd/bookings -d '{\"partner\":\"demo\",\"amount\":1850000}' "
	       "| cut -d'\"' -f4); echo $B\n"
	       "  %s commit $B --pack %s/demo-pack.json\n"
	       "  %s run scenarios/ --pack %s/demo-pack.json\n"
	       "  curl -s %s/__gtd/journal        # why each answer was given\n"
	       "\n"
	       "Open the webview URL that login prints in a browser to book by hand.\n"
	       "Ctrl-C stops the mock.\n",
	       dir, dir, dir, dir, scenario, dir, url, scenario, dir, scenario, dir, url);
}

/* The webview's look that the pack carries, when it does: layout, the
 * partner app's link, the theme's colours. */
static gtd_status partner_look_from_pack(gtd_partner *p, const gtd_pack *pack, gtd_err *err)
{
	const char *const look[][2] = {
		{"layout", pack->layout},
		{"links.product_url", pack->product_url},
		{"theme.primary", pack->theme.primary},
		{"theme.secondary", pack->theme.secondary},
		{"theme.background", pack->theme.background},
		{"theme.text", pack->theme.text},
		{"theme.button_text", pack->theme.button_text},
	};
	gtd_status st = GTD_OK;
	size_t i;

	for (i = 0; st == GTD_OK && i < sizeof(look) / sizeof(look[0]); i++)
		if (look[i][1])
			st = gtd_partner_set(p, look[i][0], look[i][1], err);
	return st;
}

gtd_partner *mock_partner_from_pack(const gtd_pack *pack, gtd_err *err)
{
	gtd_partner *p = gtd_partner_new(pack->partner_id);
	char now[GTD_TIMESTAMP_SIZE];
	gtd_status st;

	if (!p) {
		gtd_err_set(err, GTD_ENOMEM, "out of memory");
		return NULL;
	}
	gtd_partner_timestamp(time(NULL), now);
	st = gtd_partner_set_partner_key(p, pack->partner_public_key, err);
	if (st == GTD_OK && pack->company)
		st = gtd_partner_set(p, "company.name", pack->company, err);
	if (st == GTD_OK)
		st = gtd_partner_set(p, "env.sandbox.gateway_url", pack->gateway_url, err);
	if (st == GTD_OK)
		st = gtd_partner_set(p, "env.sandbox.api_key", pack->api_key, err);
	if (st == GTD_OK)
		st = gtd_partner_set(p, "env.sandbox.access_code", pack->access_code, err);
	if (st == GTD_OK && pack->payment_url)
		st = gtd_partner_set(p, "links.payment_url", pack->payment_url, err);
	if (st == GTD_OK)
		st = gtd_partner_set(p, "env.sandbox.activated_at", now, err);
	if (st == GTD_OK)
		st = partner_look_from_pack(p, pack, err);
	if (st != GTD_OK) {
		gtd_partner_free(p);
		return NULL;
	}
	return p;
}
