#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "framing.h"

/* More headers than this is refused with 431 rather than cut: a request
 * judged on some of its headers would be judged wrongly. */
#define HEADERS_MAX 100
#define ARGS_MAX 64
/* Per connection; a request whose headers do not fit gets 431.  16 KiB is
 * Node's limit and twice Tomcat's, so whatever a Java gateway accepts fits.
 * It is not larger because libmicrohttpd zeroes the whole block after every
 * request: at 64 KiB booking detail answered a fifth fewer requests. */
#define HEADER_MEMORY (16 * 1024)
/* libmicrohttpd's words when a handler returns MHD_NO. */
#define MHD_HANDLER_FAILED "Application reported internal error"

/* A response held back by a delay fault, and when to let it go. */
typedef struct delayed {
	struct MHD_Connection *conn;
	struct timespec due;
	struct delayed *next;
} delayed;

/* One TCP connection, so that a client dripping its request byte by byte
 * (which resets libmicrohttpd's inactivity timeout every time) is still cut
 * off after request_timeout. */
typedef struct peer {
	int fd;
	/* When the connection opened or its current request began, times 2,
	 * plus 1 while a delay fault holds it on purpose.  One word, so the
	 * worker threads update it without taking peers_lock. */
	long long mark;
	struct peer *prev, *next;
} peer;

/* One libmicrohttpd daemon per worker thread, each with its own listening
 * socket on the same address (SO_REUSEPORT), so that the kernel spreads
 * connections over the threads as they arrive.  One daemon with a thread
 * pool shares one socket, and the thread that wins accept() takes up to
 * 10 connections at a time: on 2 cores one thread could end up with all
 * of a client's keep-alive connections while the others idled. */
struct mock_server {
	struct MHD_Daemon **daemons;
	unsigned ndaemons;
	pthread_mutex_t peers_lock;
	peer *peers;
	unsigned request_timeout;
	mock_ctx ctx;
	char url[128];
	int tls;
	pthread_t delay_thread;
	pthread_mutex_t delay_lock;
	pthread_cond_t delay_cond;
	delayed *delays;           /* sorted by due */
	int stopping;
	int lenient_http;          /* malformed header syntax is a warning, not a 400 */
	char bind_error[128];      /* why the listening socket failed */
};

/* What a connection carries between calls of the access handler. */
typedef struct conn {
	gtd_buf body;
	int too_large;
	unsigned headers_sent;          /* over HEADERS_MAX: refused with 431 */
	framing_verdict framing;        /* not FRAMING_OK: refused, connection closed */
	char framing_why[400];          /* why, or a --lenient-http warning */
	struct MHD_Response *pending;   /* ready, waiting for a delay */
	unsigned pending_status;
} conn;

typedef struct pairs {
	mock_pair *v;
	size_t n, max;
} pairs;

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	pairs *p = cls;

	(void)kind;
	if (p->n < p->max) {
		p->v[p->n].name = key;
		p->v[p->n].value = value;
		p->n++;
	}
	return MHD_YES;
}

static enum MHD_Result feed_framing(void *cls, enum MHD_ValueKind kind, const char *key,
				    size_t key_size, const char *value, size_t value_size)
{
	(void)kind, (void)key_size;
	framing_header(cls, key, value ? value : "", value ? value_size : 0);
	return MHD_YES;
}

/* The framing verdict on c's headers into cn; whether the request is
 * refused.  A lenient verdict under --lenient-http is kept as a warning. */
static int framing_refused(const mock_server *s, struct MHD_Connection *c, conn *cn)
{
	framing f;
	framing_verdict v;
	char what[300];
	int lenient;

	framing_init(&f);
	MHD_get_connection_values_n(c, MHD_HEADER_KIND, feed_framing, &f);
	v = framing_verdict_of(&f, what, sizeof(what));
	if (v == FRAMING_OK)
		return 0;
	lenient = v == FRAMING_BAD_SYNTAX && s->lenient_http;
	snprintf(cn->framing_why, sizeof(cn->framing_why), "%s: %s", what,
		 lenient ? "accepted, as --lenient-http asks"
		 : v == FRAMING_BAD_SYNTAX ? "answered 400, connection closed (gtd-mock --lenient-http accepts it)"
		 : v == FRAMING_UNSUPPORTED ? "answered 501, connection closed"
		 : "answered 400, connection closed");
	if (lenient)
		return 0;
	cn->framing = v;
	return 1;
}

static int is_loopback(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	if (!sa)
		return 0;
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;

		return IN6_IS_ADDR_LOOPBACK(a) ||
		       (IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127);
	}
	return 0;
}

/* The base URL for links: the Host the client used, when it is a plain
 * host[:port]; otherwise the bound address. */
static void base_url(const mock_server *s, const char *host, char *out, size_t len)
{
	size_t i, n = host ? strlen(host) : 0;

	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]",
			    host[i]))
			break;
	if (n == 0 || n > 255 || i != n)
		snprintf(out, len, "%s", s->url);
	else
		snprintf(out, len, "%s://%s", s->tls ? "https" : "http", host);
}

/* The answer for libmicrohttpd, which takes the body over (no copy). */
static struct MHD_Response *to_mhd(mock_response *r, unsigned long id)
{
	struct MHD_Response *m;
	size_t i, len = r->body.len;
	char *body = gtd_buf_detach(&r->body), idbuf[32];

	if (!body)
		return NULL;
	m = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!m) {
		free(body);
		return NULL;
	}
	MHD_add_response_header(m, "Content-Type", r->content_type);
	for (i = 0; i < r->nheaders; i++)
		MHD_add_response_header(m, r->hname[i], r->hvalue[i]);
	snprintf(idbuf, sizeof(idbuf), "%lu", id);
	MHD_add_response_header(m, "X-Gtd-Request-Id", idbuf);
	return m;
}

static time_t monotonic_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec;
}

/* Shuts down connections whose request has taken longer than allowed;
 * libmicrohttpd then sees the error and closes them. */
static void reap(mock_server *s)
{
	time_t now = monotonic_now();
	peer *p;

	pthread_mutex_lock(&s->peers_lock);
	for (p = s->peers; p; p = p->next) {
		long long mark = __atomic_load_n(&p->mark, __ATOMIC_RELAXED);

		if (!(mark & 1) && now - mark / 2 > (time_t)s->request_timeout && p->fd >= 0) {
			shutdown(p->fd, SHUT_RDWR);
			p->fd = -1;
		}
	}
	pthread_mutex_unlock(&s->peers_lock);
}

static peer *peer_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

static void peer_mark(struct MHD_Connection *c, int held)
{
	peer *p = peer_of(c);

	if (p)
		__atomic_store_n(&p->mark, (long long)monotonic_now() * 2 + !!held, __ATOMIC_RELAXED);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	mock_server *s = cls;
	peer *p = *socket_context;

	pthread_mutex_lock(&s->peers_lock);
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		p = calloc(1, sizeof(*p));
		if (p) {
			p->fd = ci ? ci->connect_fd : -1;
			p->mark = (long long)monotonic_now() * 2;
			p->next = s->peers;
			if (s->peers)
				s->peers->prev = p;
			s->peers = p;
		}
		*socket_context = p;
	} else if (p) {
		if (p->prev)
			p->prev->next = p->next;
		else
			s->peers = p->next;
		if (p->next)
			p->next->prev = p->prev;
		free(p);
		*socket_context = NULL;
	}
	pthread_mutex_unlock(&s->peers_lock);
}

/* Releases delayed answers when they are due, and reaps slow requests
 * once a second. */
static void *delay_loop(void *arg)
{
	mock_server *s = arg;
	time_t last_reap = 0;

	pthread_mutex_lock(&s->delay_lock);
	while (!s->stopping || s->delays) {
		struct timespec now, tick;

		clock_gettime(CLOCK_REALTIME, &now);
		while (s->delays && (s->stopping || s->delays->due.tv_sec < now.tv_sec ||
				     (s->delays->due.tv_sec == now.tv_sec &&
				      s->delays->due.tv_nsec <= now.tv_nsec))) {
			delayed *d = s->delays;

			s->delays = d->next;
			MHD_resume_connection(d->conn);
			free(d);
		}
		if (s->stopping && !s->delays)
			break;
		if (monotonic_now() != last_reap) {
			last_reap = monotonic_now();
			pthread_mutex_unlock(&s->delay_lock);
			reap(s);
			pthread_mutex_lock(&s->delay_lock);
		}
		tick = now;
		tick.tv_sec += 1;
		if (s->delays && (s->delays->due.tv_sec < tick.tv_sec ||
				  (s->delays->due.tv_sec == tick.tv_sec &&
				   s->delays->due.tv_nsec < tick.tv_nsec)))
			tick = s->delays->due;
		pthread_cond_timedwait(&s->delay_cond, &s->delay_lock, &tick);
	}
	pthread_mutex_unlock(&s->delay_lock);
	return NULL;
}

static void delay(mock_server *s, struct MHD_Connection *c, unsigned ms)
{
	delayed *d = calloc(1, sizeof(*d)), **p;

	if (!d)
		return;
	d->conn = c;
	clock_gettime(CLOCK_REALTIME, &d->due);
	d->due.tv_sec += ms / 1000;
	d->due.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (d->due.tv_nsec >= 1000000000L) {
		d->due.tv_sec++;
		d->due.tv_nsec -= 1000000000L;
	}
	MHD_suspend_connection(c);
	pthread_mutex_lock(&s->delay_lock);
	for (p = &s->delays; *p && ((*p)->due.tv_sec < d->due.tv_sec ||
				   ((*p)->due.tv_sec == d->due.tv_sec && (*p)->due.tv_nsec <= d->due.tv_nsec));
	     p = &(*p)->next)
		;
	d->next = *p;
	*p = d;
	pthread_cond_signal(&s->delay_cond);
	pthread_mutex_unlock(&s->delay_lock);
}

/* Set when the request handler returns MHD_NO on purpose - a drop fault,
 * which the journal records - so that MHD's note about it, logged next
 * in the same thread, stays off the terminal; cleared as each call to the
 * handler starts. */
static __thread int dropping;

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, struct MHD_Response *m)
{
	enum MHD_Result r;

	if (!m)
		return MHD_NO;
	r = MHD_queue_response(c, status, m);
	MHD_destroy_response(m);
	return r;
}

/* Runs the request through mock_dispatch and journals it. */
static enum MHD_Result handle(mock_server *s, struct MHD_Connection *c, conn *cn, const char *url,
			      const char *method)
{
	mock_pair hv[HEADERS_MAX], av[ARGS_MAX];
	pairs headers = {hv, 0, HEADERS_MAX}, args = {av, 0, ARGS_MAX};
	mock_request req = {0};
	mock_response resp;
	mock_entry entry;
	mock_ctx ctx = s->ctx;
	struct MHD_Response *m;
	char base[300];
	unsigned long id = mock_journal_next_id(s->ctx.journal);

	MHD_get_connection_values(c, MHD_HEADER_KIND, collect, &headers);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, &args);
	base_url(s, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host"), base, sizeof(base));
	req.id = id;
	req.method = method;
	req.path = url;
	req.args = av;
	req.nargs = args.n;
	req.headers = hv;
	req.nheaders = headers.n;
	req.body = gtd_buf_str(&cn->body);
	req.body_len = cn->body.len;
	req.loopback = is_loopback(c);
	req.base_url = base;
	mock_response_init(&resp);
	mock_entry_init(&entry, id, mock_now(s->ctx.state), method, url);
	ctx.entry = &entry;
	ctx.partners = mock_state_partners(s->ctx.state);
	if (cn->framing != FRAMING_OK) {
		mock_entry_why(&entry, "%s", cn->framing_why);
		mock_response_error(&resp, framing_status(cn->framing), "%s", cn->framing_why);
		/* Whatever follows on this connection is not a request we can
		 * tell apart from this one's body. */
		mock_response_header(&resp, "Connection", "close");
	} else if (cn->headers_sent) {
		mock_entry_why(&entry, "the request sent %u headers; the limit is %d (HTTP 431)",
			       cn->headers_sent, HEADERS_MAX);
		mock_response_error(&resp, 431, "the request sent %u headers; the limit is %d",
				    cn->headers_sent, HEADERS_MAX);
	} else if (cn->too_large) {
		mock_entry_why(&entry, "the body is larger than %d bytes (HTTP 413)", MOCK_BODY_MAX);
		mock_response_error(&resp, 413, "the request body is larger than %d bytes", MOCK_BODY_MAX);
		mock_answer_finish(&ctx, &resp);
	} else {
		if (cn->framing_why[0])
			mock_entry_str(&entry, "warning", cn->framing_why);
		mock_dispatch(&ctx, &req, &resp);
	}
	mock_partners_put(ctx.partners);
	mock_entry_answer(&entry, &resp);
	mock_journal_commit(s->ctx.journal, &entry);
	if (resp.drop) {
		mock_response_release(&resp);
		dropping = 1;
		return MHD_NO;
	}
	m = to_mhd(&resp, id);
	if (resp.delay_ms && m) {
		cn->pending = m;
		cn->pending_status = (unsigned)resp.status;
		mock_response_release(&resp);
		peer_mark(c, 1);
		delay(s, c, resp.delay_ms);
		return MHD_YES;
	}
	{
		unsigned status = (unsigned)resp.status;

		mock_response_release(&resp);
		return answer(c, status, m);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	mock_server *s = cls;
	conn *cn = *con_cls;
	const char *len;
	int nheaders;

	(void)version;
	dropping = 0;
	if (!cn) {
		cn = calloc(1, sizeof(*cn));
		if (!cn)
			return MHD_NO;
		gtd_buf_init(&cn->body, MOCK_BODY_MAX);
		*con_cls = cn;
		peer_mark(c, 0);
		/* Too many headers or a declared oversized body: refused before
		 * the body is read. */
		nheaders = MHD_get_connection_values(c, MHD_HEADER_KIND, NULL, NULL);
		if (nheaders > HEADERS_MAX) {
			cn->headers_sent = (unsigned)nheaders;
			return handle(s, c, cn, url, method);
		}
		if (framing_refused(s, c, cn))
			return handle(s, c, cn, url, method);
		len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) > MOCK_BODY_MAX) {
			cn->too_large = 1;
			return handle(s, c, cn, url, method);
		}
		return MHD_YES;
	}
	if (cn->pending) {
		struct MHD_Response *m = cn->pending;

		cn->pending = NULL;
		return answer(c, cn->pending_status, m);
	}
	if (*upload_size) {
		if (!cn->too_large && gtd_buf_add(&cn->body, upload, *upload_size) != GTD_OK) {
			cn->too_large = 1;
			gtd_buf_release(&cn->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	return handle(s, c, cn, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	conn *cn = *con_cls;

	(void)cls, (void)toe;
	/* The next request on this connection gets its own time. */
	peer_mark(c, 0);
	if (!cn)
		return;
	if (cn->pending)
		MHD_destroy_response(cn->pending);
	gtd_buf_release(&cn->body);
	free(cn);
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	mock_server *s = cls;
	char msg[512];
	const char *why;
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	/* MHD names the port without the address; mock_server_start says
	 * which address, with the reason kept here. */
	if (strncmp(msg, "Failed to bind", 14) == 0) {
		why = strstr(msg, ": ");
		snprintf(s->bind_error, sizeof(s->bind_error), "%s", why ? why + 2 : msg);
		return;
	}
	/* A connection the mock closed without an answer: a drop fault, which
	 * the journal records with its reason; else an answer the mock could
	 * not make, said in our words. */
	if (strstr(msg, MHD_HANDLER_FAILED)) {
		if (!dropping)
			fprintf(stderr, "gtd-mock: a connection was closed without an answer: the mock could "
					"not make one or hand it over (out of memory?)\n");
		dropping = 0;
		return;
	}
	fprintf(stderr, "gtd-mock: libmicrohttpd: %s\n", msg);
}

int mock_parse_listen(const char *listen, struct sockaddr_storage *ss, gtd_err *err)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;
	size_t hlen;

	memset(ss, 0, sizeof(*ss));
	if (!colon)
		return gtd_err_set(err, GTD_EINVAL, "--listen takes ADDR:PORT, not '%s'", listen), -1;
	port = strtol(colon + 1, &end, 10);
	hlen = (size_t)(colon - listen);
	if (*end || colon[1] == '\0' || port < 0 || port > 65535 || hlen >= sizeof(host))
		return gtd_err_set(err, GTD_EINVAL, "--listen: '%s' is not a port (0..65535)", colon + 1), -1;
	memcpy(host, listen, hlen);
	host[hlen] = '\0';
	if (hlen >= 2 && host[0] == '[' && host[hlen - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		host[hlen - 1] = '\0';
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) == 1)
			return 0;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		if (strcmp(host, "localhost") == 0)
			strcpy(host, "127.0.0.1");
		a4->sin_family = AF_INET;
		a4->sin_port = htons((unsigned short)port);
		if (inet_pton(AF_INET, host, &a4->sin_addr) == 1)
			return 0;
	}
	return gtd_err_set(err, GTD_EINVAL, "--listen: '%s' is not an IPv4 or [IPv6] address", host), -1;
}

/* Whether the address is free, and its port when it names port 0: a
 * plain socket (without SO_REUSEPORT) bound and closed.  The daemons share
 * the address among themselves, which would otherwise let a second mock on
 * a busy port join the first one's group without a word. */
static int claim_address(mock_server *s, struct sockaddr_storage *ss)
{
	socklen_t len = ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1, ok;

	/* As libmicrohttpd binds: IPv6 without IPv4-mapped addresses. */
	ok = fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0 &&
	     (ss->ss_family != AF_INET6 || setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)) == 0) &&
	     bind(fd, (struct sockaddr *)ss, len) == 0 && getsockname(fd, (struct sockaddr *)ss, &len) == 0;
	if (!ok)
		snprintf(s->bind_error, sizeof(s->bind_error), "%s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* One daemon with its one thread on ss, taking up to limit connections. */
static struct MHD_Daemon *start_daemon(mock_server *s, const mock_server_opts *o, unsigned flags,
				       struct sockaddr_storage *ss, unsigned limit)
{
	return MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)ss,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_CONNECTION_TIMEOUT, o->timeout_s,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HEADER_MEMORY,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 4096u,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		/* Without TLS the list ends here; with it, two more options. */
		s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, o->tls_cert_pem,
		MHD_OPTION_HTTPS_MEM_KEY, o->tls_key_pem,
		MHD_OPTION_END);
}

/* o->threads daemons on ss, sharing o->max_connections as a pool would. */
static int start_daemons(mock_server *s, const mock_server_opts *o, unsigned flags,
			 struct sockaddr_storage *ss)
{
	unsigned limit = o->max_connections / o->threads;

	s->daemons = calloc(o->threads, sizeof(*s->daemons));
	if (!s->daemons || claim_address(s, ss) < 0)
		return -1;
	for (s->ndaemons = 0; s->ndaemons < o->threads; s->ndaemons++) {
		s->daemons[s->ndaemons] = start_daemon(s, o, flags, ss, limit ? limit : 1);
		if (!s->daemons[s->ndaemons])
			return -1;
	}
	return 0;
}

gtd_status mock_server_start(const mock_server_opts *o, const mock_ctx *ctx, mock_server **out,
			     gtd_err *err)
{
	struct sockaddr_storage ss;
	mock_server *s;
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	char host[INET6_ADDRSTRLEN] = "127.0.0.1";

	*out = NULL;
	if (mock_parse_listen(o->listen, &ss, err) < 0)
		return GTD_EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	s->ctx = *ctx;
	s->tls = o->tls_cert_pem != NULL;
	s->request_timeout = o->request_timeout_s;
	s->lenient_http = o->lenient_http;
	pthread_mutex_init(&s->peers_lock, NULL);
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (s->tls)
		flags |= MHD_USE_TLS;
	pthread_mutex_init(&s->delay_lock, NULL);
	pthread_cond_init(&s->delay_cond, NULL);
	if (pthread_create(&s->delay_thread, NULL, delay_loop, s) != 0) {
		free(s);
		return gtd_err_set(err, GTD_EIO, "cannot start a thread");
	}
	if (start_daemons(s, o, flags, &ss) < 0) {
		if (s->bind_error[0])
			gtd_err_set(err, GTD_EIO, "cannot listen on %s: %s (--listen 127.0.0.1:0, or "
				    "GTD_LISTEN=127.0.0.1:0, takes any free port)", o->listen, s->bind_error);
		else
			gtd_err_set(err, GTD_EIO, "cannot listen on %s (in use, or not this machine's "
				    "address%s; --listen 127.0.0.1:0 takes any free port)", o->listen,
				    s->tls ? ", or the TLS certificate and key do not load" : "");
		mock_server_stop(s);
		return GTD_EIO;
	}
	if (ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof(host));
	snprintf(s->url, sizeof(s->url), ss.ss_family == AF_INET6 ? "%s://[%s]:%u" : "%s://%s:%u",
		 s->tls ? "https" : "http", host, mock_server_port(s));
	*out = s;
	return GTD_OK;
}

unsigned short mock_server_port(const mock_server *s)
{
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemons[0], MHD_DAEMON_INFO_BIND_PORT);

	return info ? info->port : 0;
}

const char *mock_server_url(const mock_server *s)
{
	return s->url;
}

void mock_server_stop(mock_server *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->delay_lock);
	s->stopping = 1;
	pthread_cond_signal(&s->delay_cond);
	pthread_mutex_unlock(&s->delay_lock);
	pthread_join(s->delay_thread, NULL);
	while (s->ndaemons)
		MHD_stop_daemon(s->daemons[--s->ndaemons]);
	free(s->daemons);
	pthread_mutex_destroy(&s->delay_lock);
	pthread_cond_destroy(&s->delay_cond);
	pthread_mutex_destroy(&s->peers_lock);
	free(s);
}
