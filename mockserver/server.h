/* server.h - gtd-mock's HTTP server: libmicrohttpd daemons, one epoll
 * thread each on a shared port, bounded bodies, headers, connections and time. */
#ifndef MOCK_SERVER_H
#define MOCK_SERVER_H

#include <sys/socket.h>

#include "mock.h"

typedef struct mock_server mock_server;

typedef struct mock_server_opts {
	const char *listen;          /* "127.0.0.1:8080"; port 0 = any */
	const char *tls_cert_pem;    /* PEM text, or NULL for plain HTTP */
	const char *tls_key_pem;
	unsigned threads;            /* worker threads, one daemon each */
	unsigned max_connections;
	unsigned timeout_s;          /* per-connection inactivity limit */
	unsigned request_timeout_s;  /* a whole request, however it trickles in */
	int lenient_http;            /* malformed header syntax warned, not refused */
} mock_server_opts;

/* "ADDR:PORT" or "[ADDR6]:PORT" (port 0 = any) into *ss; -1 with err set
 * when it is neither. */
int mock_parse_listen(const char *listen, struct sockaddr_storage *ss, gtd_err *err);

/* Starts serving.  ctx is copied; its state, journal and config must
 * outlive the server.  GTD_EIO when the address cannot be bound. */
gtd_status mock_server_start(const mock_server_opts *opts, const mock_ctx *ctx,
			     mock_server **out, gtd_err *err);

/* The port actually bound (useful with port 0). */
unsigned short mock_server_port(const mock_server *s);

/* "http://127.0.0.1:PORT": how the mock names itself in links. */
const char *mock_server_url(const mock_server *s);

/* Stops accepting, finishes the requests in flight and frees s. */
void mock_server_stop(mock_server *s);

#endif
