/* screen_mock.c - the mock panel: gtd-mock's health, and a live tail of the
 * selected partner's journal with the reason for each answer.
 *
 * The panel asks the mock's control API on this machine (127.0.0.1) for
 * its health and then for the journal's new entries, once a second on the
 * main loop's tick.  The requests go out through the main loop's HTTP
 * client (ui_request): nothing here waits for the network, the answers
 * come back to mock_answer() and a slow or dead mock shows as a waiting
 * or error line while every key keeps working.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "api.h"
#include "i18n.h"
#include "screen.h"
#include "valid.h"

/* Long enough for a mock on a loaded machine: the wait blocks nothing. */
#define TIMEOUT_MS 5000
#define WAITING_AFTER_MS 1000      /* an answer slower than this is shown as awaited */
#define ANSWER_MAX (1024 * 1024)   /* a journal page is far smaller */
#define URL_MAX_LEN 512
#define HEADER_MAX_LEN 256
#define ENTRIES_MAX 500
#define LINE_MAX_LEN 512
#define HTTP_PORT 80
#define PORT_MAX 65535
#define PATH_MAX_LEN 256

typedef struct entry {
	unsigned long id;
	char *head;     /* time, method, path, HTTP status, error code */
	char *why;
	int ok;         /* every check passed */
} entry;

/* What the request in flight asks for. */
typedef enum ask { ASK_NOTHING, ASK_HEALTH, ASK_JOURNAL } ask;

typedef struct mock {
	char partner[UI_ARG_MAX];
	/* The gtd-mock asked: --mock's, else the partner's sandbox gateway
	 * (from_record), which is where that partner's calls go. */
	char url[URL_MAX_LEN];
	int from_record;
	int port;               /* 0: no usable mock URL */
	ask asking;
	unsigned long request;  /* the request in flight's id, 0: none */
	long asked_ms;          /* when it went out (monotonic) */
	char problem[GTD_ERR_MSG_MAX];
	char health[LINE_MAX_LEN];
	char partner_state[LINE_MAX_LEN];
	ui_color health_color;
	entry v[ENTRIES_MAX];
	size_t n;
	unsigned long since;
	int follow;
	int top;
} mock;

/* The port of an http://127.0.0.1:PORT or http://localhost:PORT URL; 0
 * and why otherwise (from_record: the URL is the partner's sandbox
 * gateway, which the reason says, with how to name another). */
static int mock_port(const char *url, int from_record, char *why, size_t len)
{
	const char *host, *colon;
	long port = HTTP_PORT;
	char *end;

	if (strncmp(url, "http://", 7) != 0) {
		snprintf(why, len, from_record
			 ? _("The partner's sandbox gateway %s is not a gtd-mock on this machine: the mock panel "
			     "speaks plain HTTP to http://127.0.0.1:PORT (--mock URL names one).")
			 : _("The mock panel speaks plain HTTP to a gtd-mock on this machine; %s is not "
			     "http://127.0.0.1:PORT."), url);
		return 0;
	}
	host = url + 7;
	if (strncmp(host, "127.0.0.1", 9) == 0)
		colon = host + 9;
	else if (strncmp(host, "localhost", 9) == 0)
		colon = host + 9;
	else {
		snprintf(why, len, from_record
			 ? _("The partner's sandbox gateway %s is not on this machine: the mock panel only talks "
			     "to a gtd-mock on 127.0.0.1 (--mock URL names one).")
			 : _("The mock panel only talks to a gtd-mock on this machine (127.0.0.1), "
			     "not to %s."), url);
		return 0;
	}
	if (*colon == ':') {
		port = strtol(colon + 1, &end, 10);
		if (end == colon + 1 || (*end && *end != '/') || port < 1 || port > PORT_MAX) {
			snprintf(why, len, _("%s: the port is not a number from 1 to 65535."), url);
			return 0;
		}
	} else if (*colon && *colon != '/') {
		snprintf(why, len, from_record
			 ? _("The partner's sandbox gateway %s is not on this machine: the mock panel only talks "
			     "to a gtd-mock on 127.0.0.1 (--mock URL names one).")
			 : _("The mock panel only talks to a gtd-mock on this machine (127.0.0.1), "
			     "not to %s."), url);
		return 0;
	}
	return (int)port;
}

static const char *json_str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double json_num(const cJSON *o, const char *name, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static void entry_release(entry *e)
{
	free(e->head);
	free(e->why);
	memset(e, 0, sizeof(*e));
}

static void add_entry(mock *m, const cJSON *o)
{
	char head[LINE_MAX_LEN];
	const char *code = json_str(o, "error_code"), *why = json_str(o, "why");
	const cJSON *checks = cJSON_GetObjectItemCaseSensitive(o, "checks"), *c;
	const char *time = json_str(o, "time");
	entry *e;
	int ok = 1;

	if (m->n == ENTRIES_MAX) {
		entry_release(&m->v[0]);
		memmove(m->v, m->v + 1, (ENTRIES_MAX - 1) * sizeof(m->v[0]));
		m->n--;
	}
	e = &m->v[m->n];
	cJSON_ArrayForEach(c, checks) {
		const cJSON *okv = cJSON_GetObjectItemCaseSensitive(c, "ok");

		if (cJSON_IsFalse(okv)) {
			ok = 0;
			if (!why)
				why = json_str(c, "detail");
		}
	}
	/* "2024-05-01T09:30:00Z": the time of day is enough in a tail. */
	snprintf(head, sizeof(head), "%.8s %s %s \xe2\x86\x92 %d%s%s%s", time && strlen(time) > 11 ? time + 11 : "",
		 json_str(o, "method") ? json_str(o, "method") : "?", json_str(o, "path") ? json_str(o, "path") : "?",
		 (int)json_num(o, "http", 0), code ? " [" : "", code ? code : "", code ? "]" : "");
	e->id = (unsigned long)json_num(o, "id", 0);
	e->head = strdup(head);
	e->why = strdup(why ? why : "");
	e->ok = ok;
	if (e->head && e->why)
		m->n++;
	else
		entry_release(e);
	if (e->id > m->since)
		m->since = e->id;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void show_error(mock *m, const char *msg)
{
	snprintf(m->health, sizeof(m->health), "%s", msg);
	m->health_color = UI_COLOR_ERROR;
}

/* Sends GET path to the mock for the screen; its answer comes to
 * mock_answer().  On failure the health line says why. */
static void ask_mock(mock *m, ui_ctx *ctx, ask what, const char *path)
{
	char url[URL_MAX_LEN], header[HEADER_MAX_LEN];
	const char *token = ctx->opts->mock_token;
	/* a header value ends at a line break, whatever the variable holds */
	int token_len = token ? (int)strcspn(token, "\r\n") : 0, n;
	ui_http_request rq = {url, NULL, ANSWER_MAX, TIMEOUT_MS, m};
	gtd_err err;

	n = snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", m->port, path);
	if (n < 0 || (size_t)n >= sizeof(url) ||
	    (token_len && (size_t)snprintf(header, sizeof(header), "X-Gtd-Control-Token: %.*s", token_len,
					   token) >= sizeof(header))) {
		show_error(m, _("the request to gtd-mock is too long"));
		return;
	}
	if (token_len)
		rq.header = header;
	m->request = ui_request(ctx, &rq, &err);
	if (!m->request) {
		show_error(m, err.msg);
		return;
	}
	m->asking = what;
	m->asked_ms = now_ms();
}

/* Starts a round (health, then the journal) unless one is on its way. */
static void poll_mock(mock *m, ui_ctx *ctx)
{
	if (m->port && !m->request)
		ask_mock(m, ctx, ASK_HEALTH, gtd_api_get(GTD_API_HEALTH)->path);
}

/* The JSON of an answer, or NULL with the reason in msg. */
static cJSON *answer_json(const mock *m, const ui_http_result *r, char *msg, size_t len)
{
	cJSON *json;

	switch (r->code) {
	case UI_HTTP_OK:
		json = cJSON_ParseWithLength(r->body, r->len);
		if (!json)
			snprintf(msg, len, _("gtd-mock answered HTTP %d without JSON"), r->status);
		return json;
	case UI_HTTP_ECONNECT:
		snprintf(msg, len, _("cannot reach gtd-mock at 127.0.0.1:%d (%s): is it running?"), m->port,
			 r->detail);
		break;
	case UI_HTTP_ETIMEOUT:
		snprintf(msg, len, _("gtd-mock did not answer within %d ms"), TIMEOUT_MS);
		break;
	case UI_HTTP_ETOOBIG:
		snprintf(msg, len, _("gtd-mock's answer is larger than %d bytes"), ANSWER_MAX);
		break;
	case UI_HTTP_EPROTO:
		snprintf(msg, len, "%s", _("the answer is not HTTP: is that port gtd-mock's?"));
		break;
	default:
		snprintf(msg, len, _("the exchange with gtd-mock failed: %s"), r->detail);
		break;
	}
	return NULL;
}

/* The health answer: the health line and the partner's; then asks for
 * the journal. */
static void took_health(mock *m, ui_ctx *ctx, int status, cJSON *health)
{
	char path[PATH_MAX_LEN];
	const cJSON *partners, *p;

	if (status != 200) {
		snprintf(m->health, sizeof(m->health), _("gtd-mock answered HTTP %d: %s"), status,
			 json_str(health, "error") ? json_str(health, "error") : _("the control API refused"));
		m->health_color = UI_COLOR_ERROR;
		return;
	}
	snprintf(m->health, sizeof(m->health), _("gtd-mock %s on port %d: %s, clock %s, %d bookings"),
		 json_str(health, "version") ? json_str(health, "version") : "?", m->port,
		 json_str(health, "status") ? json_str(health, "status") : "?",
		 json_str(health, "now") ? json_str(health, "now") : "?", (int)json_num(health, "bookings", 0));
	m->health_color = UI_COLOR_OK;
	m->partner_state[0] = '\0';
	partners = cJSON_GetObjectItemCaseSensitive(health, "partners");
	cJSON_ArrayForEach(p, partners) {
		const char *id = json_str(p, "id"), *problem = json_str(p, "problem");

		if (!m->partner[0] || !id || strcmp(id, m->partner) != 0)
			continue;
		if (problem)
			snprintf(m->partner_state, sizeof(m->partner_state), _("%s: not served: %s"), id, problem);
		else
			snprintf(m->partner_state, sizeof(m->partner_state), _("%s: served, %s%s"), id,
				 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "activated"))
					 ? _("activated") : _("not activated"),
				 cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "disabled")) ? _(", disabled") : "");
	}
	if (m->partner[0] && !m->partner_state[0])
		snprintf(m->partner_state, sizeof(m->partner_state),
			 _("%s is not served by this mock (not provisioned, or the mock reads another data directory)."),
			 m->partner);
	if (m->partner[0])
		snprintf(path, sizeof(path), "%s?partner=%s&since=%lu", gtd_api_get(GTD_API_JOURNAL)->path,
			 m->partner, m->since);
	else
		snprintf(path, sizeof(path), "%s?since=%lu", gtd_api_get(GTD_API_JOURNAL)->path, m->since);
	ask_mock(m, ctx, ASK_JOURNAL, path);
}

static ui_do mock_answer(void *st, ui_ctx *ctx, const ui_http_result *r)
{
	char msg[GTD_ERR_MSG_MAX];
	mock *m = st;
	ask what = m->asking;
	const cJSON *item;
	cJSON *json;

	if (r->id != m->request)
		return UI_DO_NOTHING;
	m->request = 0;
	m->asking = ASK_NOTHING;
	json = answer_json(m, r, msg, sizeof(msg));
	if (!json) {
		show_error(m, msg);
		if (what == ASK_HEALTH)
			m->partner_state[0] = '\0';
		return UI_DO_NOTHING;
	}
	if (what == ASK_HEALTH) {
		took_health(m, ctx, r->status, json);
	} else {
		cJSON_ArrayForEach(item, json)
			add_entry(m, item);
	}
	cJSON_Delete(json);
	return UI_DO_NOTHING;
}

static void *mock_open(ui_ctx *ctx, const char *arg, int flags)
{
	mock *m = calloc(1, sizeof(*m));

	(void)flags;
	if (!m) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
		return NULL;
	}
	snprintf(m->partner, sizeof(m->partner), "%s", arg && gtd_valid_slug(arg, NULL, 0) ? arg : "");
	if (ctx->opts->mock_url) {
		snprintf(m->url, sizeof(m->url), "%s", ctx->opts->mock_url);
	} else if (m->partner[0]) {
		/* No --mock: the partner's calls go to its sandbox gateway, which
		 * is the mock when staff provisioned it against one. */
		gtd_partner *p = NULL;

		if (gtd_store_load(ctx->store, m->partner, &p, NULL) == GTD_OK &&
		    p->env[GTD_ENV_SANDBOX].gateway_url) {
			snprintf(m->url, sizeof(m->url), "%s", p->env[GTD_ENV_SANDBOX].gateway_url);
			m->from_record = 1;
		}
		gtd_partner_free(p);
	}
	if (m->url[0])
		m->port = mock_port(m->url, m->from_record, m->problem, sizeof(m->problem));
	else if (m->partner[0])
		snprintf(m->problem, sizeof(m->problem), "%s",
			 _("No mock to ask: the partner has no sandbox gateway yet (p in Environments "
			   "provisions one), and no --mock URL was given (for instance --mock "
			   "http://127.0.0.1:8080, where gtd-mock --demo serves)."));
	else
		snprintf(m->problem, sizeof(m->problem), "%s",
			 _("No mock configured: start the console with --mock http://127.0.0.1:8080 (where "
			   "gtd-mock --demo serves), or open the panel on a provisioned partner."));
	m->follow = 1;
	poll_mock(m, ctx);
	return m;
}

static void mock_close(void *st)
{
	mock *m = st;
	size_t i;

	for (i = 0; i < m->n; i++)
		entry_release(&m->v[i]);
	free(m);
}

static size_t mock_keymaps(void *st, ui_keymap *chain)
{
	(void)st;
	chain[0] = UI_KM_MOCK;
	chain[1] = UI_KM_NAV;
	chain[2] = UI_KM_GLOBAL;
	return 3;
}

static void mock_title(void *st, char *out, size_t len)
{
	mock *m = st;

	if (m->partner[0])
		snprintf(out, len, _("Mock panel: %s"), m->partner);
	else
		snprintf(out, len, "%s", _("Mock panel: every partner"));
}

static void mock_draw(void *st, ui_ctx *ctx)
{
	mock *m = st;
	const ui_layout *l = &ctx->layout;
	ui_rect b = {l->body.y, l->body.x + 1, l->body.h, l->body.w - 2}, j;
	char where[URL_MAX_LEN + 64];
	int row = 0, rows, y, x;
	long waited;
	size_t i;

	ui_draw_fill(&l->bar, UI_COLOR_BAR);
	if (m->from_record)
		snprintf(where, sizeof(where), _("%s (the partner's sandbox gateway)"), m->url);
	else
		snprintf(where, sizeof(where), "%s", m->url[0] ? m->url : _("no mock"));
	x = 1 + ui_draw_text(l->bar.y, 1, l->bar.w - 2, where, UI_COLOR_BAR);
	if (!m->port) {
		ui_draw_wrapped(&b, 0, m->problem, UI_COLOR_WARNING);
		return;
	}
	/* In the bar, so that the journal below does not move. */
	waited = m->request ? now_ms() - m->asked_ms : 0;
	if (waited >= WAITING_AFTER_MS && x + 3 < l->bar.w - 1) {
		char waiting[LINE_MAX_LEN];

		snprintf(waiting, sizeof(waiting), _("waiting for an answer (%ld s)\xe2\x80\xa6"),
			 waited / 1000);
		x += ui_draw_text(l->bar.y, x, 3, " \xc2\xb7 ", UI_COLOR_BAR);
		ui_draw_text(l->bar.y, x, l->bar.w - 1 - x, waiting, UI_COLOR_BAR);
	}
	if (m->health[0])
		row = ui_draw_wrapped(&b, row, m->health, m->health_color);
	else
		row = ui_draw_wrapped(&b, row, _("Waiting for gtd-mock\xe2\x80\xa6"), UI_COLOR_DIM);
	if (m->partner_state[0])
		row = ui_draw_wrapped(&b, row, m->partner_state, UI_COLOR_NORMAL);
	ui_draw_textf(b.y + row++, b.x, b.w, UI_COLOR_HEADING, _("Journal (%zu entries, %s)"), m->n,
		      m->follow ? _("following: f stops") : _("paused: f follows"));
	j = (ui_rect){b.y + row, b.x, b.h - row, b.w};
	rows = j.h / 2;
	if (rows <= 0)
		return;
	if (m->follow || m->top > (int)m->n - rows)
		m->top = (int)m->n - rows;
	if (m->top < 0)
		m->top = 0;
	for (i = (size_t)m->top, y = j.y; i < m->n && y + 1 < j.y + j.h + 1; i++) {
		ui_draw_text(y++, j.x, j.w, m->v[i].head, m->v[i].ok ? UI_COLOR_NORMAL : UI_COLOR_ERROR);
		if (y < j.y + j.h)
			ui_draw_text(y++, j.x + 2, j.w - 2, m->v[i].why, UI_COLOR_DIM);
	}
	if (m->n == 0)
		ui_draw_text(j.y, j.x, j.w, _("Nothing yet: the partner's calls show here as they come."),
			     UI_COLOR_DIM);
}

static ui_do mock_key(void *st, ui_ctx *ctx, int key, ui_action act)
{
	mock *m = st;

	(void)key;
	switch (act) {
	case UI_ACT_FOLLOW: m->follow = !m->follow; return UI_DO_NOTHING;
	case UI_ACT_RELOAD: poll_mock(m, ctx); return UI_DO_NOTHING;
	case UI_ACT_UP: m->follow = 0; m->top--; return UI_DO_NOTHING;
	case UI_ACT_DOWN: m->top++; return UI_DO_NOTHING;
	case UI_ACT_PAGE_UP: m->follow = 0; m->top -= ctx->layout.body.h / 2; return UI_DO_NOTHING;
	case UI_ACT_PAGE_DOWN: m->top += ctx->layout.body.h / 2; return UI_DO_NOTHING;
	case UI_ACT_FIRST: m->follow = 0; m->top = 0; return UI_DO_NOTHING;
	case UI_ACT_LAST: m->follow = 1; return UI_DO_NOTHING;
	default: return UI_DO_DEFAULT;
	}
}

static ui_do mock_tick(void *st, ui_ctx *ctx)
{
	poll_mock(st, ctx);
	return UI_DO_NOTHING;
}

const ui_screen_ops ui_screen_mock = {
	.name = "mock",
	.open = mock_open,
	.close = mock_close,
	.keymaps = mock_keymaps,
	.title = mock_title,
	.draw = mock_draw,
	.key = mock_key,
	.tick = mock_tick,
	.answer = mock_answer,
};
