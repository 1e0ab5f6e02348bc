#include "export.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libintl.h>
#include <openssl/crypto.h>

#include "api.h"
#include "codes.h"
#include "fs.h"
#include "keys.h"
#include "onboarding.h"
#include "pack.h"
#include "rules.h"
#include "schema.h"

/* The console binds the kit's text domain; elsewhere (gtd-mock) the
 * messages stay English. */
#define _(s) dgettext("gtd-kit", s)

/* connection-info.md is a few tens of KiB even with 16384-bit keys. */
#define INFO_MAX (1024 * 1024)
#define PATH_LEN 4096
#define DIR_MODE 0700
#define FILE_MODE 0600
#define CHECKLIST_MAX 8     /* longer than any step's checklist */

/* Characters that start or end Markdown markup, or split a table cell. */
#define MD_SPECIALS "\\`*_[]<>|#"

const export_label export_step_status[GTD_STEP_STATUS_COUNT] = {
	[GTD_STEP_TODO] = {"to do", "chưa bắt đầu"},
	[GTD_STEP_IN_PROGRESS] = {"in progress", "đang thực hiện"},
	[GTD_STEP_DONE] = {"done", "hoàn thành"},
};

/* The Markdown being written.  Appends are not checked one by one: the
 * first failure sticks in the buffer, and export_render_info checks it
 * once at the end, so the text reads top to bottom. */
typedef struct md {
	gtd_buf *b;
} md;

static void md_printf(md *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void md_printf(md *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	gtd_buf_vprintf(m->b, fmt, ap);
	va_end(ap);
}

static void md_text(md *m, const char *s)
{
	export_md_text(m->b, s);
}

/* s as a code span: delimited by one backtick more than its longest run
 * of backticks, padded when it starts or ends with one (CommonMark).  In a
 * table cell '|' is escaped, which GitHub's tables require even there. */
static void md_code(md *m, const char *s, int in_table)
{
	size_t run = 0, longest = 0, i;
	int pad;

	for (i = 0; s[i]; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pad = s[0] == '`' || (i > 0 && s[i - 1] == '`');
	for (i = 0; i <= longest; i++)
		md_printf(m, "`");
	md_printf(m, "%s", pad ? " " : "");
	for (; *s && gtd_buf_status(m->b) == GTD_OK; s++)
		md_printf(m, "%s%c", *s == '|' && in_table ? "\\" : "", *s);
	md_printf(m, "%s", pad ? " " : "");
	for (i = 0; i <= longest; i++)
		md_printf(m, "`");
}

gtd_status export_md_text(gtd_buf *b, const char *s)
{
	gtd_status st = GTD_OK;

	if (!s)
		return gtd_buf_adds(b, "-");
	for (; *s && st == GTD_OK; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			st = gtd_buf_addc(b, ' ');
		else if (strchr(MD_SPECIALS, *s))
			st = gtd_buf_printf(b, "\\%c", *s);
		else
			st = gtd_buf_addc(b, *s);
	}
	return st;
}

gtd_status export_check(const gtd_partner *p, gtd_err *err)
{
	const gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];

	if (!e->gateway_url || !e->api_key || !e->access_code || !e->gotadi_public_key)
		return gtd_err_set(err, GTD_EINVAL,
				   _("partner %s has no sandbox credentials yet: run 'gtd-console provision %s' first"),
				   p->id, p->id);
	if (!p->partner_key.pem)
		return gtd_err_set(err, GTD_EINVAL,
				   _("partner %s has no public key yet: run 'gtd-console import-key %s FILE' first"),
				   p->id, p->id);
	return GTD_OK;
}

/* A sealed message's fields joined by '|' (the signature data), or with
 * "signature" at its place (the original data), as a table cell. */
static void md_fields(md *m, const char *schema_name, int with_signature)
{
	const gtd_schema *s = gtd_schema_find(schema_name);
	size_t i, j = 0;
	gtd_buf line;

	gtd_buf_init(&line, INFO_MAX);
	for (i = 0; s && i < s->nfields + (with_signature ? 1 : 0); i++) {
		const char *name = with_signature && i == s->sig_pos ? "signature" : s->fields[j++].name;

		gtd_buf_printf(&line, "%s%s", i ? "|" : "", name);
	}
	if (gtd_buf_status(&line) != GTD_OK)
		gtd_buf_fail(m->b, gtd_buf_status(&line));
	else
		md_code(m, gtd_buf_str(&line), 1);
	gtd_buf_release(&line);
}

static void render_heading(md *m, const gtd_partner *p, time_t now)
{
	char stamp[GTD_TIMESTAMP_SIZE];

	gtd_partner_timestamp(now, stamp);
	md_printf(m, "# Gotadi connection information / Thông tin kết nối Gotadi\n\n");
	md_printf(m, "**");
	md_text(m, p->company.name ? p->company.name : p->id);
	md_printf(m, "** (partner id / mã đối tác ");
	md_code(m, p->id, 0);
	md_printf(m, "), record revision / phiên bản hồ sơ %lu, written / lập lúc %s.\n\n",
		  p->revision, stamp);
	md_printf(m, "> **Confidential.** This file holds the partner's sandbox credentials: keep it private "
		     "(mode 0600), never commit it to a repository or paste it into a chat.\n"
		     ">\n"
		     "> **Bảo mật.** Tệp này chứa thông tin xác thực sandbox của đối tác: giữ kín (quyền 0600), "
		     "không đưa vào kho mã nguồn và không dán vào ứng dụng trò chuyện.\n\n");
}

static void render_gateway(md *m, const gtd_partner *p)
{
	const gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];

	md_printf(m, "## 1. Gateway / Cổng kết nối\n\n");
	md_printf(m, "| | |\n|---|---|\n");
	md_printf(m, "| Environment / Môi trường | sandbox |\n");
	md_printf(m, "| Gateway URL / URL cổng | ");
	md_code(m, e->gateway_url, 1);
	md_printf(m, " |\n| B2B portal account / Tài khoản cổng B2B | %s |\n\n",
		  e->activated_at ? "activated / đã kích hoạt"
				  : "not activated yet: use the link in the activation e-mail / "
				    "chưa kích hoạt: dùng đường dẫn trong e-mail kích hoạt");
}

static void render_headers(md *m, const gtd_partner *p)
{
	const gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];

	md_printf(m, "## 2. Request headers / Header của yêu cầu\n\n");
	md_printf(m, "Every request from the partner to Gotadi carries these two headers "
		     "(header names are case-insensitive).\n\n"
		     "Mọi yêu cầu từ đối tác gửi Gotadi đều mang hai header sau "
		     "(tên header không phân biệt chữ hoa, chữ thường).\n\n");
	md_printf(m, "| Header | Value / Giá trị | Meaning | Ý nghĩa |\n|---|---|---|---|\n");
	md_printf(m, "| `apikey` | ");
	md_code(m, e->api_key, 1);
	md_printf(m, " | API key | Khóa API |\n| `x-ibe-req-name` | ");
	md_code(m, e->access_code, 1);
	md_printf(m, " | Partner access code; also the first field of every sealed message | "
		     "Mã truy cập của đối tác; cũng là trường đầu tiên của mọi thông điệp niêm phong |\n\n");
	md_printf(m, "```\napikey: %s\nx-ibe-req-name: %s\n```\n\n", e->api_key, e->access_code);
}

static void render_keys(md *m, const gtd_partner *p, const gtd_key *gotadi, const char *xml)
{
	/* Not empty: export_check() and the key's parse saw to that. */
	const char *pem = p->env[GTD_ENV_SANDBOX].gotadi_public_key;

	md_printf(m, "## 3. Gotadi's public key / Khóa công khai của Gotadi\n\n");
	md_printf(m, "RSA %d bits, SHA-256 fingerprint / dấu vân tay SHA-256 ", gotadi->bits);
	md_code(m, gotadi->fingerprint, 0);
	md_printf(m, ".\n\n"
		     "Encrypt the session key of every message you send Gotadi with it, and verify "
		     "Gotadi's signatures with it.\n\n"
		     "Dùng khóa này để mã hóa khóa phiên của mọi thông điệp gửi Gotadi và để xác minh "
		     "chữ ký của Gotadi.\n\n");
	md_printf(m, "PEM (SubjectPublicKeyInfo):\n\n```\n%s%s```\n\n", pem,
		  pem[strlen(pem) - 1] == '\n' ? "" : "\n");
	md_printf(m, ".NET XML (`RSA.FromXmlString`):\n\n```xml\n%s\n```\n\n", xml);
	md_printf(m, "## 4. The partner's public key / Khóa công khai của đối tác\n\n");
	md_printf(m, "Gotadi holds the partner's RSA %d-bit public key with SHA-256 fingerprint ",
		  p->partner_key.bits);
	md_code(m, p->partner_key.fingerprint ? p->partner_key.fingerprint : "-", 0);
	md_printf(m, ". Sign every message with the matching private key.\n\n"
		     "Gotadi đang giữ khóa công khai RSA %d bit của đối tác (dấu vân tay SHA-256 ở trên). "
		     "Ký mọi thông điệp bằng khóa bí mật tương ứng.\n\n",
		  p->partner_key.bits);
}

/* The place-order redirect as this partner receives it: its payment URL
 * and its separator setting. */
static void md_redirect(md *m, const gtd_partner *p)
{
	gtd_buf url;

	gtd_buf_init(&url, INFO_MAX);
	if (gtd_buf_printf(&url, "%s?key=K%cdata=D",
			   p->links.payment_url ? p->links.payment_url : "<payment_url>",
			   p->settings.redirect_separator) != GTD_OK)
		gtd_buf_fail(m->b, gtd_buf_status(&url));
	else
		md_code(m, gtd_buf_str(&url), 1);
	gtd_buf_release(&url);
}

/* The endpoint's path, with its query argument when it takes one. */
static void md_path(md *m, const gtd_api *ep)
{
	char path[256];

	if (ep->query)
		snprintf(path, sizeof(path), "%s?%s=N", ep->path, ep->query);
	else
		snprintf(path, sizeof(path), "%s", ep->path);
	md_code(m, path, 1);
}

static void render_endpoints(md *m, const gtd_partner *p)
{
	size_t i;

	md_printf(m, "## 5. Endpoints / Các API\n\n");
	md_printf(m, "| API | Method, path / Phương thức, đường dẫn | Security / Bảo mật | "
		     "Signature data / Dữ liệu ký | Original data / Dữ liệu gốc | Response / Phản hồi |\n"
		     "|---|---|---|---|---|---|\n");
	for (i = 0; i < GTD_API_COUNT; i++) {
		const gtd_api *ep = gtd_api_get((gtd_api_id)i);
		const char *sealed = ep->request ? ep->request : ep->response;

		if (ep->flags & GTD_API_MOCK)
			continue;
		md_printf(m, "| %s / %s | %s ", ep->en, ep->vi, ep->path ? ep->method : "REDIRECT");
		if (ep->path)
			md_path(m, ep);
		else
			md_redirect(m, p);
		md_printf(m, " | %s / %s | ", gtd_api_security_en(ep->security),
			  gtd_api_security_vi(ep->security));
		if (sealed) {
			md_fields(m, sealed, 0);
			md_printf(m, " | ");
			md_fields(m, sealed, 1);
		} else {
			md_printf(m, "- | -");
		}
		md_printf(m, " | ");
		if (ep->response) {
			md_printf(m, "envelope / phong bì: ");
			md_fields(m, ep->response, 0);
			md_printf(m, " / ");
			md_fields(m, ep->response, 1);
		} else if (strcmp(ep->answer_en, ep->answer_vi) == 0) {
			md_text(m, ep->answer_en);
		} else {
			md_text(m, ep->answer_en);
			md_printf(m, " / ");
			md_text(m, ep->answer_vi);
		}
		md_printf(m, " |\n");
	}
	md_printf(m, "\nSealed messages travel as the JSON body `{\"key\": \"...\", \"data\": \"...\"}`: "
		     "`key` is a fresh 24-byte 3DES key encrypted with the receiver's RSA public key "
		     "(PKCS#1 v1.5), base64url without padding; the signature is SHA256withRSA over the "
		     "signature data with the sender's private key, standard base64; `data` is the original "
		     "data encrypted with 3DES-ECB and PKCS#5 padding under that key, base64url without "
		     "padding.\n\n"
		     "Thông điệp niêm phong được gửi trong thân JSON `{\"key\": \"...\", \"data\": \"...\"}`: "
		     "`key` là khóa 3DES 24 byte mới, mã hóa bằng khóa công khai RSA của bên nhận "
		     "(PKCS#1 v1.5), base64url không đệm; chữ ký là SHA256withRSA trên dữ liệu ký bằng khóa "
		     "bí mật của bên gửi, base64 chuẩn; `data` là dữ liệu gốc mã hóa 3DES-ECB, đệm PKCS#5 "
		     "bằng khóa đó, base64url không đệm.\n\n");
}

static void render_codes(md *m)
{
	size_t i;

	md_printf(m, "## 6. Error codes / Mã lỗi\n\n");
	md_printf(m, "| Code / Mã | HTTP | Meaning | Ý nghĩa |\n|---|---|---|---|\n");
	for (i = 0; i < GTD_CODE_COUNT; i++) {
		md_printf(m, "| `%s` | %d | ", gtd_codes[i].code, gtd_codes[i].http);
		md_text(m, gtd_codes[i].en);
		md_printf(m, " | ");
		md_text(m, gtd_codes[i].vi);
		md_printf(m, " |\n");
	}
	md_printf(m, "\n| HTTP | | When | Khi nào |\n|---|---|---|---|\n");
	for (i = 0; i < gtd_http_code_count; i++) {
		md_printf(m, "| %d | %s | ", gtd_http_codes[i].status, gtd_http_codes[i].reason);
		md_text(m, gtd_http_codes[i].en);
		md_printf(m, " | ");
		md_text(m, gtd_http_codes[i].vi);
		md_printf(m, " |\n");
	}
	md_printf(m, "\n");
}

static void render_rules(md *m)
{
	size_t n, i;
	const gtd_rule *r = gtd_rules_table(&n);

	md_printf(m, "## 7. Test rules / Quy định khi kiểm thử\n\n");
	md_printf(m, "Gotadi's rules for test bookings on the real sandbox and in production.\n\n"
		     "Quy định của Gotadi cho các booking thử trên sandbox thật và môi trường chính thức.\n\n");
	md_printf(m, "| Rule / Quy định | Products / Sản phẩm | English | Tiếng Việt |\n|---|---|---|---|\n");
	for (i = 0; i < n; i++) {
		md_printf(m, "| `%s` | %s%s%s | ", r[i].id,
			  r[i].products & GTD_RULE_FLIGHT ? "flight" : "",
			  r[i].products == (GTD_RULE_FLIGHT | GTD_RULE_HOTEL) ? ", " : "",
			  r[i].products & GTD_RULE_HOTEL ? "hotel" : "");
		md_text(m, r[i].en);
		md_printf(m, " | ");
		md_text(m, r[i].vi);
		md_printf(m, " |\n");
	}
	md_printf(m, "\n");
}

static void render_support(md *m, const gtd_partner *p)
{
	size_t i;

	md_printf(m, "## 8. Customer support / Chăm sóc khách hàng\n\n");
	if (p->cs.channels.n == 0)
		md_printf(m, "No shared channel with Gotadi's customer support yet.\n\n"
			     "Chưa có kênh trao đổi chung với bộ phận chăm sóc khách hàng của Gotadi.\n\n");
	else
		md_printf(m, "| App / Ứng dụng | Group, account / Nhóm, tài khoản |\n|---|---|\n");
	for (i = 0; i < p->cs.channels.n; i++) {
		md_printf(m, "| %s | ", gtd_cs_app_names[p->cs.channels.v[i].app]);
		md_text(m, p->cs.channels.v[i].handle);
		md_printf(m, " |\n");
	}
	if (p->cs.channels.n)
		md_printf(m, "\n");
	md_printf(m, "Training / Đào tạo: ");
	md_text(m, p->cs.training_date ? p->cs.training_date : "not yet / chưa");
	md_printf(m, "\n\n");
}

static void render_onboarding(md *m, const gtd_partner *p)
{
	const gtd_check_item *missing[CHECKLIST_MAX];
	int cur = p->onboarding.current_step, i;
	size_t n, j;

	md_printf(m, "## 9. Onboarding / Tiến độ tích hợp\n\n");
	md_printf(m, "| Step / Bước | | | Status / Trạng thái |\n|---|---|---|---|\n");
	for (i = 0; i < GTD_STEP_COUNT; i++) {
		gtd_step_status st = p->onboarding.steps[i].status;

		md_printf(m, "| %s%d%s | %s | %s | %s / %s |\n", i + 1 == cur ? "**" : "", i + 1,
			  i + 1 == cur ? "**" : "", gtd_steps[i].en, gtd_steps[i].vi,
			  export_step_status[st].en, export_step_status[st].vi);
	}
	n = gtd_partner_step_missing(p, cur, missing, CHECKLIST_MAX);
	md_printf(m, "\nCurrent step / Bước hiện tại: %d. ", cur);
	if (n == 0)
		md_printf(m, "Nothing is missing / Đã đủ điều kiện.\n");
	else
		md_printf(m, "Still needed / Còn thiếu:\n\n");
	for (j = 0; j < n && j < CHECKLIST_MAX; j++) {
		const gtd_need *need[GTD_NEEDS_MAX];
		size_t total, nn = gtd_check_item_missing(p, missing[j], need, GTD_NEEDS_MAX, &total), k;

		md_printf(m, "- ");
		if (nn == total || nn > GTD_NEEDS_MAX) {
			md_text(m, missing[j]->en);
			md_printf(m, " / ");
			md_text(m, missing[j]->vi);
		} else {
			/* Only what is missing of the item, in both languages. */
			for (k = 0; k < nn; k++) {
				md_printf(m, "%s", k ? ", " : "");
				md_text(m, need[k]->en);
			}
			md_printf(m, " / ");
			for (k = 0; k < nn; k++) {
				md_printf(m, "%s", k ? ", " : "");
				md_text(m, need[k]->vi);
			}
		}
		md_printf(m, "\n");
	}
	md_printf(m, "\n");
}

static void render_emulator(md *m)
{
	md_printf(m, "## 10. Offline emulator / Trình giả lập ngoại tuyến\n\n");
	md_printf(m, "`pack.json` also carries the emulator's private key (TEST ONLY, not Gotadi's real "
		     "key), so the kit's emulator can play Gotadi's sandbox for this partner:\n\n"
		     "`pack.json` có kèm khóa bí mật của trình giả lập (CHỈ ĐỂ KIỂM THỬ, không phải khóa "
		     "thật của Gotadi), để trình giả lập của bộ công cụ đóng vai sandbox của Gotadi cho đối "
		     "tác này:\n\n"
		     "```\ngtd-mock --pack pack.json\n```\n");
}

gtd_status export_render_info(const gtd_partner *p, time_t now, int with_emulator_key,
			      gtd_buf *b, gtd_err *err)
{
	const char *pem = p->env[GTD_ENV_SANDBOX].gotadi_public_key;
	md m = {b};
	gtd_key *gotadi = NULL;
	char *xml = NULL;
	gtd_status st;

	st = export_check(p, err);
	if (st != GTD_OK)
		return st;
	st = gtd_key_parse(pem, strlen(pem), GTD_KEY_PUBLIC, &gotadi, err);
	if (st != GTD_OK) {
		gtd_err_prefix(err, _("Gotadi's public key in partner %s"), p->id);
		return st;
	}
	xml = gtd_key_to_xml(gotadi, GTD_KEY_PUBLIC);
	if (!xml) {
		st = gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
		goto out;
	}
	render_heading(&m, p, now);
	render_gateway(&m, p);
	render_headers(&m, p);
	render_keys(&m, p, gotadi, xml);
	render_endpoints(&m, p);
	render_codes(&m);
	render_rules(&m);
	render_support(&m, p);
	render_onboarding(&m, p);
	if (with_emulator_key)
		render_emulator(&m);
	st = gtd_buf_status(b);
	if (st != GTD_OK)
		gtd_err_set(err, st, _("%s would be too large or memory ran out"), EXPORT_INFO_FILE);
out:
	free(xml);
	gtd_key_free(gotadi);
	return st;
}

/* The emulator's private key from the store, checked against the record:
 * a pack whose keys do not pair would fail in gtd-mock, far from here. */
static gtd_status emulator_key(gtd_store *s, const gtd_partner *p, char **pem, gtd_err *err)
{
	char *path = gtd_store_emulator_key_path(s, p);
	gtd_key *k = NULL;
	size_t len = 0;
	gtd_status st;

	*pem = NULL;
	if (!path)
		return gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
	st = gtd_file_read(path, INFO_MAX, pem, &len, err);
	if (st == GTD_ENOTFOUND)
		gtd_err_set(err, st, _("%s does not exist: run 'gtd-console provision %s --rotate-key' to make "
				       "a new emulator key pair"), path, p->id);
	if (st != GTD_OK)
		goto out;
	st = gtd_key_parse(*pem, len, GTD_KEY_PRIVATE, &k, err);
	if (st != GTD_OK) {
		gtd_err_prefix(err, "%s", path);
		goto out;
	}
	if (!p->emulator_key.fingerprint || strcmp(k->fingerprint, p->emulator_key.fingerprint) != 0)
		st = gtd_err_set(err, GTD_EKEY,
				 _("%s does not match partner %s's emulator key: run 'gtd-console provision %s "
				   "--rotate-key' to make a new pair"), path, p->id, p->id);
out:
	if (st != GTD_OK && *pem) {
		OPENSSL_cleanse(*pem, len);
		free(*pem);
		*pem = NULL;
	}
	gtd_key_free(k);
	free(path);
	return st;
}

size_t export_dir_len(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return n;
}

gtd_status export_write_info(const gtd_partner *p, const char *dir, int with_emulator_key,
			     gtd_err *err)
{
	char path[PATH_LEN];
	gtd_buf info;
	gtd_status st;

	gtd_buf_init(&info, INFO_MAX);
	st = export_render_info(p, time(NULL), with_emulator_key, &info, err);
	if (st == GTD_OK && (size_t)snprintf(path, sizeof(path), "%.*s/%s", (int)export_dir_len(dir), dir,
					     EXPORT_INFO_FILE) >= sizeof(path))
		st = gtd_err_set(err, GTD_EINVAL, _("the directory name is too long: %s"), dir);
	if (st == GTD_OK)
		st = gtd_file_write_atomic(path, info.data, info.len, FILE_MODE, 0, err);
	if (info.data)
		OPENSSL_cleanse(info.data, info.len);
	gtd_buf_release(&info);
	return st;
}

gtd_status export_write(gtd_store *s, const gtd_partner *p, const char *dir,
			int with_emulator_key, gtd_err *err)
{
	const gtd_partner_env *e = &p->env[GTD_ENV_SANDBOX];
	char path[PATH_LEN];
	gtd_pack pack = {0};
	gtd_buf info;
	gtd_status st;

	gtd_buf_init(&info, INFO_MAX);
	st = export_render_info(p, time(NULL), with_emulator_key, &info, err);
	if (st != GTD_OK)
		goto out;
	if (with_emulator_key) {
		st = emulator_key(s, p, &pack.emulator_private_key, err);
		if (st != GTD_OK)
			goto out;
	}
	st = gtd_mkdirs(dir, DIR_MODE, err);
	if (st != GTD_OK)
		goto out;
	if ((size_t)snprintf(path, sizeof(path), "%.*s/%s", (int)export_dir_len(dir), dir, EXPORT_INFO_FILE) >=
	    sizeof(path)) {
		st = gtd_err_set(err, GTD_EINVAL, _("the directory name is too long: %s"), dir);
		goto out;
	}
	st = gtd_file_write_atomic(path, info.data, info.len, FILE_MODE, 0, err);
	if (st != GTD_OK)
		goto out;
	snprintf(path, sizeof(path), "%.*s/%s", (int)export_dir_len(dir), dir, EXPORT_PACK_FILE);
	/* Borrowed strings: the pack is written, not kept. */
	pack.partner_id = p->id;
	pack.company = p->company.name;
	pack.gateway_url = e->gateway_url;
	pack.api_key = e->api_key;
	pack.access_code = e->access_code;
	pack.gotadi_public_key = e->gotadi_public_key;
	pack.partner_public_key = p->partner_key.pem;
	pack.payment_url = p->links.payment_url;
	gtd_pack_borrow_look(&pack, p);
	st = gtd_pack_write(&pack, path, err);
	if (st != GTD_OK)
		gtd_err_prefix(err, "%s", path);
out:
	if (pack.emulator_private_key) {
		OPENSSL_cleanse(pack.emulator_private_key, strlen(pack.emulator_private_key));
		free(pack.emulator_private_key);
	}
	if (info.data)
		OPENSSL_cleanse(info.data, info.len);
	gtd_buf_release(&info);
	return st;
}
