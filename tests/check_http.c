/* The console's asynchronous GET client against a tiny server in a thread
 * of the test: canned answers, a server that never answers, one that is
 * not there.  No call may wait on the network. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check_main.h"
#include "http.h"

#define BODY_MAX 1024
#define TIMEOUT_MS 3000
#define SILENT_TIMEOUT_MS 1000
/* The longest one ui_http_perform() may take, under valgrind on a loaded
 * machine; one that blocked on the silent server would take
 * SILENT_TIMEOUT_MS. */
#define PERFORM_MAX_MS 500
#define REQUEST_MAX 4096

/* ---- the server: one connection at a time ---- */

typedef struct server {
	int fd;
	int port;
	const char *answer;   /* written after the request's headers; NULL: never */
	size_t answer_len;
	pthread_t thread;
	volatile int stop;
	pthread_mutex_t lock;
	char request[REQUEST_MAX];   /* the last request's head */
	int connections;
} server;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Waits for fd to be readable; 0 once the test says stop. */
static int readable(server *srv, int fd)
{
	struct pollfd p = {fd, POLLIN, 0};

	while (!srv->stop) {
		int r = poll(&p, 1, 20);

		if (r > 0)
			return 1;
		if (r < 0)
			return 0;
	}
	return 0;
}

static void serve_one(server *srv, int c)
{
	char head[REQUEST_MAX];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof(head) - 1 && readable(srv, c)) {
		n = recv(c, head + len, sizeof(head) - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		head[len] = '\0';
		if (strstr(head, "\r\n\r\n"))
			break;
	}
	head[len] = '\0';
	pthread_mutex_lock(&srv->lock);
	memcpy(srv->request, head, len + 1);
	srv->connections++;
	pthread_mutex_unlock(&srv->lock);
	if (srv->answer) {
		if (send(c, srv->answer, srv->answer_len, MSG_NOSIGNAL) < 0)
			return;
		return;
	}
	/* Silent: hold the connection open until the test ends. */
	while (!srv->stop)
		poll(NULL, 0, 20);
}

static void *server_main(void *arg)
{
	server *srv = arg;
	int c;

	while (readable(srv, srv->fd)) {
		c = accept(srv->fd, NULL, NULL);
		if (c < 0)
			continue;
		serve_one(srv, c);
		close(c);
	}
	return NULL;
}

/* A listening socket on 127.0.0.1, port 0; its port in *port. */
static int listen_local(int *port)
{
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(fd, 8), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	*port = ntohs(sa.sin_port);
	return fd;
}

static void server_start(server *srv, const char *answer, size_t len)
{
	memset(srv, 0, sizeof(*srv));
	pthread_mutex_init(&srv->lock, NULL);
	srv->answer = answer;
	srv->answer_len = len;
	srv->fd = listen_local(&srv->port);
	ck_assert_int_eq(pthread_create(&srv->thread, NULL, server_main, srv), 0);
}

static void server_stop(server *srv)
{
	srv->stop = 1;
	pthread_join(srv->thread, NULL);
	close(srv->fd);
	pthread_mutex_destroy(&srv->lock);
}

/* ---- driving the client as the main loop does ---- */

/* Runs h until a request finishes (into out) or limit_ms passes; 1 when
 * one finished.  *slowest is the longest single ui_http_perform(). */
static int drive(ui_http *h, ui_http_result *out, long limit_ms, long *slowest)
{
	long deadline = now_ms() + limit_ms, t;

	*slowest = 0;
	while (now_ms() < deadline) {
		t = now_ms();
		ui_http_perform(h);
		t = now_ms() - t;
		if (t > *slowest)
			*slowest = t;
		if (ui_http_next(h, out))
			return 1;
		poll(NULL, 0, 5);
	}
	return 0;
}

static unsigned long get(ui_http *h, int port, const char *path, const char *header, size_t body_max,
			 long timeout_ms, void *owner)
{
	char url[256];
	ui_http_request rq;
	gtd_err err;
	unsigned long id;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, path);
	rq = (ui_http_request){url, header, body_max, timeout_ms, owner};
	id = ui_http_get(h, &rq, &err);
	ck_assert_msg(id != 0, "ui_http_get: %s", err.msg);
	return id;
}

/* ---- edges ---- */

START_TEST(test_null_and_refused_requests)
{
	ui_http_request rq = {"http://127.0.0.1:1/", NULL, BODY_MAX, TIMEOUT_MS, NULL};
	ui_http_result r;
	gtd_err err;
	ui_http *h;

	ui_http_free(NULL);
	ck_assert_uint_eq(ui_http_perform(NULL), 0);
	ck_assert_uint_eq(ui_http_busy(NULL), 0);
	ck_assert_int_eq(ui_http_next(NULL, &r), 0);
	ui_http_cancel(NULL, NULL);
	ck_assert_uint_eq(ui_http_get(NULL, &rq, &err), 0);
	h = ui_http_new(&err);
	ck_assert_ptr_nonnull(h);
	ck_assert_uint_eq(ui_http_get(h, NULL, &err), 0);
	ck_assert_int_eq(err.status, GTD_EINVAL);
	rq.url = NULL;
	ck_assert_uint_eq(ui_http_get(h, &rq, &err), 0);
	rq.url = "ftp://127.0.0.1/";
	ck_assert_uint_eq(ui_http_get(h, &rq, &err), 0);
	ck_assert_str_eq(err.msg, "ftp://127.0.0.1/ is not an http:// URL");
	rq.url = "http://127.0.0.1:1/";
	rq.header = "X-A: 1\r\nX-B: 2";   /* a second header smuggled in */
	ck_assert_uint_eq(ui_http_get(h, &rq, &err), 0);
	ck_assert_str_eq(err.msg, "a header cannot hold a line break");
	ck_assert_uint_eq(ui_http_busy(h), 0);
	ck_assert_int_eq(ui_http_next(h, &r), 0);
	ck_assert_str_eq(ui_http_code_str(UI_HTTP_ETIMEOUT), "timed out");
	ck_assert_str_eq(ui_http_code_str(UI_HTTP_CODE_COUNT), "unknown");
	ui_http_free(h);
}
END_TEST

/* ---- canned answers ---- */

#define JSON_OK "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n" \
		"Connection: close\r\n\r\n{\"ok\":true}"
#define BIG_BODY_LEN 2000

static char big_with_length[BIG_BODY_LEN + 128];
static char big_without_length[BIG_BODY_LEN + 128];

static void make_big(void)
{
	char body[BIG_BODY_LEN + 1];

	memset(body, 'x', BIG_BODY_LEN);
	body[BIG_BODY_LEN] = '\0';
	snprintf(big_with_length, sizeof(big_with_length),
		 "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", BIG_BODY_LEN, body);
	/* No length: the body ends when the connection does. */
	snprintf(big_without_length, sizeof(big_without_length),
		 "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n%s", body);
}

static const struct answer {
	const char *name;
	const char *answer;   /* NULL: one of the big ones, by name */
	ui_http_code code;
	int status;
	const char *body;
} answers[] = {
	{"json", JSON_OK, UI_HTTP_OK, 200, "{\"ok\":true}"},
	{"404", "HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nConnection: close\r\n\r\nno!",
	 UI_HTTP_OK, 404, "no!"},
	{"empty body", "HTTP/1.0 204 No Content\r\n\r\n", UI_HTTP_OK, 204, ""},
	{"big, with a length", NULL, UI_HTTP_ETOOBIG, 0, ""},
	{"big, without a length", NULL, UI_HTTP_ETOOBIG, 0, ""},
	{"not HTTP", "SSH-2.0-OpenSSH_9.2\r\n", UI_HTTP_EPROTO, 0, ""},
	{"nothing", "", UI_HTTP_EPROTO, 0, ""},
};

START_TEST(test_answers)
{
	const struct answer *a = &answers[_i];
	const char *text = a->answer;
	ui_http_result r;
	gtd_err err;
	server srv;
	ui_http *h;
	long slowest;
	unsigned long id;
	int x = 0;

	make_big();
	if (!text)
		text = strstr(a->name, "without") ? big_without_length : big_with_length;
	server_start(&srv, text, strlen(text));
	h = ui_http_new(&err);
	ck_assert_ptr_nonnull(h);
	id = get(h, srv.port, "/__gtd/health", "X-Gtd-Control-Token: t0ken", BODY_MAX, TIMEOUT_MS, &x);
	ck_assert_uint_eq(ui_http_busy(h), 1);
	ck_assert_msg(drive(h, &r, 2 * TIMEOUT_MS, &slowest), "%s: no answer", a->name);
	ck_assert_uint_eq(r.id, id);
	ck_assert_ptr_eq(r.owner, &x);
	ck_assert_msg(r.code == a->code, "%s: %s (%s), wanted %s", a->name, ui_http_code_str(r.code), r.detail,
		      ui_http_code_str(a->code));
	ck_assert_int_eq(r.status, a->status);
	ck_assert_str_eq(r.body, a->body);
	ck_assert_uint_eq(r.len, strlen(a->body));
	if (a->code != UI_HTTP_OK)
		ck_assert_str_ne(r.detail, "");
	ck_assert_uint_eq(ui_http_busy(h), 0);
	ui_http_result_release(&r);
	ck_assert_int_eq(ui_http_next(h, &r), 0);
	ui_http_free(h);
	server_stop(&srv);
	/* What went out: the path and the one header, nothing more. */
	ck_assert_msg(strncmp(srv.request, "GET /__gtd/health HTTP/1.1\r\n", 28) == 0, "%s", srv.request);
	ck_assert_ptr_nonnull(strstr(srv.request, "\r\nX-Gtd-Control-Token: t0ken\r\n"));
}
END_TEST

/* ---- nobody there, nobody answering ---- */

START_TEST(test_connection_refused)
{
	ui_http_result r;
	gtd_err err;
	ui_http *h = ui_http_new(&err);
	long slowest;
	int port, fd = listen_local(&port);

	close(fd);   /* the port is free again: connecting is refused */
	get(h, port, "/", NULL, BODY_MAX, TIMEOUT_MS, NULL);
	ck_assert(drive(h, &r, 2 * TIMEOUT_MS, &slowest));
	ck_assert_msg(r.code == UI_HTTP_ECONNECT, "%s (%s)", ui_http_code_str(r.code), r.detail);
	ck_assert_str_eq(r.detail, "Connection refused");
	ck_assert_str_eq(r.body, "");
	ui_http_result_release(&r);
	ui_http_free(h);
}
END_TEST

START_TEST(test_silent_server_never_blocks)
{
	ui_http_result r;
	gtd_err err;
	server srv;
	ui_http *h;
	long slowest, start;

	server_start(&srv, NULL, 0);
	h = ui_http_new(&err);
	start = now_ms();
	get(h, srv.port, "/__gtd/health", NULL, BODY_MAX, SILENT_TIMEOUT_MS, NULL);
	ck_assert(drive(h, &r, 20 * SILENT_TIMEOUT_MS, &slowest));
	ck_assert_msg(r.code == UI_HTTP_ETIMEOUT, "%s (%s)", ui_http_code_str(r.code), r.detail);
	/* Not before its time (libcurl's clock may round a millisecond down). */
	ck_assert_int_ge(now_ms() - start, SILENT_TIMEOUT_MS - 50);
	ck_assert_msg(slowest < PERFORM_MAX_MS, "one ui_http_perform() took %ld ms", slowest);
	ui_http_result_release(&r);
	ui_http_free(h);
	server_stop(&srv);
}
END_TEST

START_TEST(test_cancel)
{
	ui_http_result r;
	gtd_err err;
	server srv;
	ui_http *h;
	int a, b;
	long slowest;

	server_start(&srv, NULL, 0);
	h = ui_http_new(&err);
	get(h, srv.port, "/a", NULL, BODY_MAX, TIMEOUT_MS, &a);
	get(h, srv.port, "/a2", NULL, BODY_MAX, TIMEOUT_MS, &a);
	get(h, srv.port, "/b", NULL, BODY_MAX, SILENT_TIMEOUT_MS, &b);
	ck_assert_uint_eq(ui_http_busy(h), 3);
	ui_http_perform(h);
	ui_http_cancel(h, &a);
	ck_assert_uint_eq(ui_http_busy(h), 1);
	/* Only b's comes out, when it times out. */
	ck_assert(drive(h, &r, 20 * SILENT_TIMEOUT_MS, &slowest));
	ck_assert_ptr_eq(r.owner, &b);
	ck_assert_int_eq(r.code, UI_HTTP_ETIMEOUT);
	ui_http_result_release(&r);
	ck_assert_int_eq(ui_http_next(h, &r), 0);
	/* Cancelling a finished request: it never comes out. */
	get(h, srv.port, "/b2", NULL, BODY_MAX, 1, &b);
	while (ui_http_busy(h))
		ui_http_perform(h);
	ui_http_cancel(h, &b);
	ck_assert_int_eq(ui_http_next(h, &r), 0);
	/* Freed with a request in flight: nothing leaks (valgrind, ASAN). */
	get(h, srv.port, "/c", NULL, BODY_MAX, TIMEOUT_MS, &a);
	ui_http_perform(h);
	ui_http_free(h);
	server_stop(&srv);
}
END_TEST

/* Requests in turn on one client: each gets its own answer, in order. */
START_TEST(test_sequence)
{
	ui_http_result r;
	gtd_err err;
	server srv;
	ui_http *h;
	unsigned long ids[3];
	long slowest;
	size_t i;

	server_start(&srv, JSON_OK, strlen(JSON_OK));
	h = ui_http_new(&err);
	for (i = 0; i < 3; i++) {
		ids[i] = get(h, srv.port, "/__gtd/journal?since=0", NULL, BODY_MAX, TIMEOUT_MS, NULL);
		ck_assert(drive(h, &r, 2 * TIMEOUT_MS, &slowest));
		ck_assert_uint_eq(r.id, ids[i]);
		ck_assert_int_eq(r.code, UI_HTTP_OK);
		ck_assert_str_eq(r.body, "{\"ok\":true}");
		ui_http_result_release(&r);
		if (i)
			ck_assert_uint_gt(ids[i], ids[i - 1]);
	}
	ui_http_free(h);
	server_stop(&srv);
	ck_assert_int_eq(srv.connections, 3);
}
END_TEST

static Suite *http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *edges = tcase_create("edges"), *answers_tc = tcase_create("answers"),
	      *net = tcase_create("network");

	tcase_add_test(edges, test_null_and_refused_requests);
	suite_add_tcase(s, edges);
	tcase_add_loop_test(answers_tc, test_answers, 0, sizeof(answers) / sizeof(answers[0]));
	suite_add_tcase(s, answers_tc);
	tcase_add_test(net, test_connection_refused);
	tcase_add_test(net, test_silent_server_never_blocks);
	tcase_add_test(net, test_cancel);
	tcase_add_test(net, test_sequence);
	suite_add_tcase(s, net);
	return s;
}

GTD_CHECK_MAIN(http_suite)
