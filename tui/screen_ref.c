/* screen_ref.c - the reference: a glossary, the HTTP statuses, Gotadi's
 * error codes, the onboarding steps and the test rules, in English and
 * Vietnamese.  Everything but the glossary comes from libgtd's tables, the
 * same ones the mock answers with, so the reference cannot disagree with
 * it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "i18n.h"
#include "rules.h"
#include "screen.h"
#include "utf8.h"

#define PARA_MAX 1024
#define INDENT 4

typedef enum page_id { PAGE_GLOSSARY, PAGE_HTTP, PAGE_CODES, PAGE_STEPS, PAGE_RULES, PAGE_COUNT } page_id;

static const char *const page_titles[PAGE_COUNT] = {
	N_("Glossary"), N_("HTTP statuses"), N_("Error codes"), N_("Onboarding steps"), N_("Test rules"),
};

/* The terms of Gotadi's partner documentation, both languages side by
 * side: shown as they are, never translated. */
static const struct term {
	const char *term, *en, *vi;
} glossary[] = {
	{"URL", "Uniform Resource Locator: the address of a page or an API endpoint, such as "
		"https://<gateway>/api/partner/login.",
	 "Địa chỉ tài nguyên: địa chỉ của một trang hoặc một điểm cuối API."},
	{"SSL / TLS", "Secure Sockets Layer, today Transport Layer Security: encrypts the connection "
		      "between two computers and proves the server is who it claims to be.",
	 "Lớp cổng bảo mật (nay là TLS): mã hóa kết nối giữa hai máy và xác thực máy chủ."},
	{"HTTPS", "HTTP over TLS: every call to Gotadi's real gateway uses it. The emulator serves plain "
		  "HTTP on this machine unless given a certificate.",
	 "HTTP qua TLS: mọi lời gọi đến cổng Gotadi thật đều dùng HTTPS; trình giả lập dùng HTTP "
	 "trên máy này trừ khi có chứng chỉ."},
	{"3DES", "Triple DES (Java's DESede): encrypts each message's data under a fresh 24-byte session "
		 "key, ECB mode, PKCS#5 padding.",
	 "Triple DES (DESede): mã hóa dữ liệu mỗi thông điệp bằng khóa phiên 24 byte mới, chế độ "
	 "ECB, đệm PKCS#5."},
	{"RSA", "The public-key algorithm: each side has a key pair of at least 1024 bits. The session "
		"key travels encrypted with the receiver's public key.",
	 "Thuật toán khóa công khai: mỗi bên có một cặp khóa tối thiểu 1024 bit; khóa phiên được mã "
	 "hóa bằng khóa công khai của bên nhận."},
	{"SHA-256", "A hash: a 256-bit fingerprint of any data. Signatures are computed over SHA-256, and "
		    "a key's fingerprint is the SHA-256 of its public part.",
	 "Hàm băm cho ra dấu vân tay 256 bit của dữ liệu; chữ ký và dấu vân tay khóa đều dùng "
	 "SHA-256."},
	{"Digital signature", "Proof of who sent a message and that nobody changed it: the sender signs "
			      "with its own private key (SHA256withRSA), the receiver verifies with the "
			      "sender's public key.",
	 "Chữ ký số: bằng chứng về người gửi và tính toàn vẹn của thông điệp; bên gửi ký bằng khóa "
	 "bí mật của mình (SHA256withRSA), bên nhận xác minh bằng khóa công khai của bên gửi."},
	{"M / O / C", "In the API field tables: Mandatory (always sent), Optional (may be empty), "
		      "Conditional (required in the cases the description gives).",
	 "Trong bảng trường API: M bắt buộc, O tùy chọn (có thể để trống), C có điều kiện (bắt buộc "
	 "trong các trường hợp được mô tả)."},
};

/* One paragraph of a page: a heading, or text indented under it. */
typedef struct para {
	ui_color color;
	int indent;
	char *text;
} para;

typedef struct ref {
	int page;
	int top;              /* first row shown, in wrapped rows */
	para *v[PAGE_COUNT];
	size_t n[PAGE_COUNT];
} ref;

static void add(ref *r, int page, ui_color c, int indent, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void add(ref *r, int page, ui_color c, int indent, const char *fmt, ...)
{
	char text[PARA_MAX];
	para *v = realloc(r->v[page], (r->n[page] + 1) * sizeof(*v));
	va_list ap;

	if (!v)
		return;
	r->v[page] = v;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	v[r->n[page]].color = c;
	v[r->n[page]].indent = indent;
	v[r->n[page]].text = strdup(text);
	if (v[r->n[page]].text)
		r->n[page]++;
}

static void build(ref *r)
{
	const gtd_check_item *item;
	const gtd_rule *rules;
	size_t i, nrules;

	for (i = 0; i < sizeof(glossary) / sizeof(glossary[0]); i++) {
		add(r, PAGE_GLOSSARY, UI_COLOR_HEADING, 0, "%s", glossary[i].term);
		add(r, PAGE_GLOSSARY, UI_COLOR_NORMAL, INDENT, "EN  %s", glossary[i].en);
		add(r, PAGE_GLOSSARY, UI_COLOR_NORMAL, INDENT, "VI  %s", glossary[i].vi);
	}
	add(r, PAGE_HTTP, UI_COLOR_DIM, 0, "%s",
	    _("The gateway's HTTP statuses. An answer that fits in an envelope comes with 200 and the error "
	      "code inside."));
	for (i = 0; i < gtd_http_code_count; i++) {
		const gtd_http_info *h = &gtd_http_codes[i];

		add(r, PAGE_HTTP, UI_COLOR_HEADING, 0, "%d %s", h->status, h->reason);
		add(r, PAGE_HTTP, UI_COLOR_NORMAL, INDENT, "EN  %s", h->en);
		add(r, PAGE_HTTP, UI_COLOR_NORMAL, INDENT, "VI  %s", h->vi);
	}
	add(r, PAGE_CODES, UI_COLOR_DIM, 0, "%s",
	    _("Gotadi's error codes, inside the envelope (the journal of gtd-mock says why each was given)."));
	for (i = 0; i < GTD_CODE_COUNT; i++) {
		const gtd_code_info *c = &gtd_codes[i];

		add(r, PAGE_CODES, UI_COLOR_HEADING, 0, "%s  %s  (HTTP %d)", c->code, c->name, c->http);
		add(r, PAGE_CODES, UI_COLOR_NORMAL, INDENT, "EN  %s", c->en);
		add(r, PAGE_CODES, UI_COLOR_NORMAL, INDENT, "VI  %s", c->vi);
	}
	for (i = 0; i < GTD_STEP_COUNT; i++) {
		const gtd_step_info *s = &gtd_steps[i];

		add(r, PAGE_STEPS, UI_COLOR_HEADING, 0, "%d  %s / %s", s->number, s->en, s->vi);
		for (item = s->checklist; item->id; item++)
			add(r, PAGE_STEPS, UI_COLOR_NORMAL, INDENT, "- %s / %s", item->en, item->vi);
	}
	rules = gtd_rules_table(&nrules);
	add(r, PAGE_RULES, UI_COLOR_DIM, 0, "%s",
	    _("Gotadi's rules for test bookings on the real sandbox and production."));
	for (i = 0; i < nrules; i++) {
		add(r, PAGE_RULES, UI_COLOR_HEADING, 0, "%s", rules[i].id);
		add(r, PAGE_RULES, UI_COLOR_NORMAL, INDENT, "EN  %s", rules[i].en);
		add(r, PAGE_RULES, UI_COLOR_NORMAL, INDENT, "VI  %s", rules[i].vi);
	}
}

static void ref_close(void *st)
{
	ref *r = st;
	size_t p, i;

	for (p = 0; p < PAGE_COUNT; p++) {
		for (i = 0; i < r->n[p]; i++)
			free(r->v[p][i].text);
		free(r->v[p]);
	}
	free(r);
}

static void *ref_open(ui_ctx *ctx, const char *arg, int flags)
{
	ref *r = calloc(1, sizeof(*r));

	(void)arg;
	(void)flags;
	if (!r) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
		return NULL;
	}
	build(r);
	return r;
}

static size_t ref_keymaps(void *st, ui_keymap *chain)
{
	(void)st;
	chain[0] = UI_KM_REF;
	chain[1] = UI_KM_NAV;
	chain[2] = UI_KM_GLOBAL;
	return 3;
}

static void ref_title(void *st, char *out, size_t len)
{
	ref *r = st;

	snprintf(out, len, _("Reference: %s"), _(page_titles[r->page]));
}

/* Rows paragraph p takes at width w. */
static int para_rows(const para *p, int w)
{
	const char *s = p->text;
	size_t next;
	int rows = 0;

	if (w - p->indent <= 0)
		return 1;
	while (*s) {
		ui_text_wrap(s, (size_t)(w - p->indent), &next);
		rows++;
		if (next == 0)
			break;
		s += next;
	}
	return rows ? rows : 1;
}

static void ref_draw(void *st, ui_ctx *ctx)
{
	ref *r = st;
	const ui_layout *l = &ctx->layout;
	ui_rect b = {l->body.y, l->body.x + 1, l->body.h, l->body.w - 2};
	int i, x = 0, row, total = 0;
	size_t k;

	ui_draw_fill(&l->bar, UI_COLOR_BAR);
	for (i = 0; i < PAGE_COUNT && x < l->bar.w; i++) {
		char tab[64];

		/* The current page in brackets: seen without colour too. */
		snprintf(tab, sizeof(tab), i == r->page ? "[%s]" : " %s ", _(page_titles[i]));
		x += ui_draw_text(l->bar.y, x, l->bar.w - x, tab, i == r->page ? UI_COLOR_TAB_ACTIVE : UI_COLOR_BAR);
		x++;
	}
	for (k = 0; k < r->n[r->page]; k++)
		total += para_rows(&r->v[r->page][k], b.w);
	if (r->top > total - b.h)
		r->top = total - b.h;
	if (r->top < 0)
		r->top = 0;
	row = -r->top;
	for (k = 0; k < r->n[r->page] && row < b.h; k++) {
		const para *p = &r->v[r->page][k];
		int rows = para_rows(p, b.w);

		if (row + rows > 0) {
			ui_rect pr = {b.y + row, b.x + p->indent, b.h - row, b.w - p->indent};

			if (row >= 0)
				ui_draw_wrapped(&pr, 0, p->text, p->color);
			else {
				pr.y = b.y;
				pr.h = b.h;
				ui_draw_wrapped(&pr, row, p->text, p->color);
			}
		}
		row += rows;
	}
}

static ui_do ref_key(void *st, ui_ctx *ctx, int key, ui_action act)
{
	ref *r = st;
	int page = ctx->layout.body.h - 1;

	(void)key;
	switch (act) {
	case UI_ACT_NEXT_SECTION: r->page = (r->page + 1) % PAGE_COUNT; r->top = 0; break;
	case UI_ACT_PREV_SECTION: r->page = (r->page + PAGE_COUNT - 1) % PAGE_COUNT; r->top = 0; break;
	case UI_ACT_DOWN: r->top++; break;
	case UI_ACT_UP: r->top--; break;
	case UI_ACT_PAGE_DOWN: r->top += page; break;
	case UI_ACT_PAGE_UP: r->top -= page; break;
	case UI_ACT_FIRST: r->top = 0; break;
	case UI_ACT_LAST: r->top = 1 << 20; break;
	default: return UI_DO_DEFAULT;
	}
	if (r->top < 0)
		r->top = 0;
	return UI_DO_NOTHING;
}

const ui_screen_ops ui_screen_ref = {
	.name = "ref",
	.open = ref_open,
	.close = ref_close,
	.keymaps = ref_keymaps,
	.title = ref_title,
	.draw = ref_draw,
	.key = ref_key,
};
