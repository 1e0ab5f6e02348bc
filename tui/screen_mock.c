/* screen_mock.c - the mock panel: gtd-mock's health, and a live tail of the
 * selected partner's journal with the reason for each answer.
 *
 * The console has no HTTP library: the panel sends plain HTTP/1.0 GETs to
 * the mock's control API on this machine (127.0.0.1) over a blocking
 * socket with a short timeout, and reads the answer into a bounded
 * buffer.  It polls once a second, on the main loop's tick.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "i18n.h"
#include "screen.h"
#include "valid.h"

#define TIMEOUT_MS 500
#define ANSWER_MAX (1024 * 1024)   /* a journal page is far smaller */
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

typedef struct mock {
	char partner[UI_ARG_MAX];
	int port;               /* 0: no usable mock URL */
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
 * and why otherwise. */
static int mock_port(const char *url, char *why, size_t len)
{
	const char *host, *colon;
	long port = HTTP_PORT;
	char *end;

	if (!url) {
		snprintf(why, len, "%s", _("No mock configured: start the console with --mock "
					   "http://127.0.0.1:8080 (where gtd-mock --demo serves)."));
		return 0;
	}
	if (strncmp(url, "http://", 7) != 0) {
		snprintf(why, len, _("The mock panel speaks plain HTTP to a gtd-mock on this machine; %s is not "
				     "http://127.0.0.1:PORT."), url);
		return 0;
	}
	host = url + 7;
	if (strncmp(host, "127.0.0.1", 9) == 0)
		colon = host + 9;
	else if (strncmp(host, "localhost", 9) == 0)
		colon = host + 9;
	else {
		snprintf(why, len, _("The mock panel only talks to a gtd-mock on this machine (127.0.0.1), "
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
		snprintf(why, len, _("The mock panel only talks to a gtd-mock on this machine (127.0.0.1), "
				     "not to %s."), url);
		return 0;
	}
	return (int)port;
}

/* Connects to 127.0.0.1:port within TIMEOUT_MS; the socket or -1. */
static int connect_local(int port, gtd_err *err)
{
	struct sockaddr_in sa;
	struct timeval tv = {0, TIMEOUT_MS * 1000};
	struct pollfd pfd;
	int fd, flags, e = 0;
	socklen_t el = sizeof(e);

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		gtd_err_set(err, GTD_EIO, "socket: %s", strerror(errno));
		return -1;
	}
	flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		if (errno != EINPROGRESS) {
			e = errno;
		} else {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, TIMEOUT_MS) <= 0)
				e = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) != 0)
				e = errno;
		}
	}
	if (e) {
		gtd_err_set(err, GTD_EIO, _("cannot reach gtd-mock at 127.0.0.1:%d (%s): is it running?"), port,
			    strerror(e));
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, flags);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	return fd;
}

/* GET path from the mock: the answer's status in *status, its body (as
 * parsed JSON) in *out.  GTD_EIO with err saying what failed. */
static gtd_status http_get(int port, const char *token, const char *path, int *status, cJSON **out,
			   gtd_err *err)
{
	char req[PATH_MAX_LEN + 128], chunk[4096];
	const char *body;
	gtd_status st = GTD_OK;
	gtd_buf b;
	ssize_t n;
	int fd, len;

	*out = NULL;
	fd = connect_local(port, err);
	if (fd < 0)
		return GTD_EIO;
	gtd_buf_init(&b, ANSWER_MAX);
	len = snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n"
		       "%s%.*s%s\r\n", path, port, token ? "X-Gtd-Control-Token: " : "",
		       /* a header value ends at a line break, whatever the variable holds */
		       token ? (int)strcspn(token, "\r\n") : 0, token ? token : "", token ? "\r\n" : "");
	if (len < 0 || (size_t)len >= sizeof(req)) {
		st = gtd_err_set(err, GTD_EIO, _("the request to gtd-mock is too long"));
		goto out;
	}
	if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len) {
		st = gtd_err_set(err, GTD_EIO, _("gtd-mock did not take the request: %s"), strerror(errno));
		goto out;
	}
	while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0) {
		if (gtd_buf_add(&b, chunk, (size_t)n) != GTD_OK) {
			st = gtd_err_set(err, GTD_EIO, _("gtd-mock's answer is larger than %d bytes"), ANSWER_MAX);
			goto out;
		}
	}
	if (n < 0) {
		st = gtd_err_set(err, GTD_EIO, _("gtd-mock did not answer within %d ms"), TIMEOUT_MS);
		goto out;
	}
	if (sscanf(gtd_buf_str(&b), "HTTP/1.%*d %d", status) != 1 ||
	    !(body = strstr(gtd_buf_str(&b), "\r\n\r\n"))) {
		st = gtd_err_set(err, GTD_EIO, "%s", _("the answer is not HTTP: is that port gtd-mock's?"));
		goto out;
	}
	*out = cJSON_Parse(body + 4);
	if (!*out)
		st = gtd_err_set(err, GTD_EIO, _("gtd-mock answered HTTP %d without JSON"), *status);
out:
	close(fd);
	gtd_buf_release(&b);
	return st;
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

static void poll_mock(mock *m, ui_ctx *ctx)
{
	char path[PATH_MAX_LEN];
	const cJSON *partners, *p, *item;
	cJSON *health = NULL, *journal = NULL;
	int status = 0;
	gtd_err err;

	(void)ctx;
	if (!m->port)
		return;
	if (http_get(m->port, ctx->opts->mock_token, "/__gtd/health", &status, &health, &err) != GTD_OK) {
		snprintf(m->health, sizeof(m->health), "%s", err.msg);
		m->health_color = UI_COLOR_ERROR;
		m->partner_state[0] = '\0';
		return;
	}
	if (status != 200) {
		snprintf(m->health, sizeof(m->health), _("gtd-mock answered HTTP %d: %s"), status,
			 json_str(health, "error") ? json_str(health, "error") : _("the control API refused"));
		m->health_color = UI_COLOR_ERROR;
		cJSON_Delete(health);
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
	cJSON_Delete(health);
	if (m->partner[0])
		snprintf(path, sizeof(path), "/__gtd/journal?partner=%s&since=%lu", m->partner, m->since);
	else
		snprintf(path, sizeof(path), "/__gtd/journal?since=%lu", m->since);
	if (http_get(m->port, ctx->opts->mock_token, path, &status, &journal, &err) != GTD_OK) {
		snprintf(m->health, sizeof(m->health), "%s", err.msg);
		m->health_color = UI_COLOR_ERROR;
		return;
	}
	cJSON_ArrayForEach(item, journal)
		add_entry(m, item);
	cJSON_Delete(journal);
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
	m->port = mock_port(ctx->opts->mock_url, m->problem, sizeof(m->problem));
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
	int row = 0, rows, y;
	size_t i;

	ui_draw_fill(&l->bar, UI_COLOR_BAR);
	ui_draw_text(l->bar.y, 1, l->bar.w - 2, ctx->opts->mock_url ? ctx->opts->mock_url : _("no mock"),
		     UI_COLOR_BAR);
	if (!m->port) {
		ui_draw_wrapped(&b, 0, m->problem, UI_COLOR_WARNING);
		return;
	}
	row = ui_draw_wrapped(&b, row, m->health, m->health_color);
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
};
