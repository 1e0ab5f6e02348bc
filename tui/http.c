/* http.c - the console's asynchronous GET client (see http.h).
 *
 * One curl multi handle; each request is an easy handle on it with its
 * own bounded body buffer.  Requests stay in start order in one list, so
 * finished ones come out oldest first.  Connections to the same server are
 * kept and reused by libcurl between requests.
 */
#include "http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"

typedef struct xfer {
	struct xfer *next;
	ui_http *h;
	CURL *easy;
	struct curl_slist *headers;
	unsigned long id;
	void *owner;
	gtd_buf body;
	gtd_status body_st;   /* why the body stopped growing, GTD_OK while it grows */
	int done;
	ui_http_code code;
	int status;
	char errbuf[CURL_ERROR_SIZE];
	char detail[GTD_ERR_MSG_MAX];
} xfer;

struct ui_http {
	CURLM *multi;
	xfer *head;
	size_t running;
	unsigned long last_id;
};

static const char *const code_names[UI_HTTP_CODE_COUNT] = {
	[UI_HTTP_OK] = "ok",
	[UI_HTTP_ECONNECT] = "cannot connect",
	[UI_HTTP_ETIMEOUT] = "timed out",
	[UI_HTTP_ETOOBIG] = "answer too large",
	[UI_HTTP_EPROTO] = "not HTTP",
	[UI_HTTP_EOTHER] = "failed",
};

const char *ui_http_code_str(ui_http_code code)
{
	return (unsigned)code < UI_HTTP_CODE_COUNT ? code_names[code] : "unknown";
}

ui_http *ui_http_new(gtd_err *err)
{
	ui_http *h;

	/* Reference-counted by libcurl; the console has one thread. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		gtd_err_set(err, GTD_EIO, "libcurl cannot start");
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (!h) {
		curl_global_cleanup();
		gtd_err_set(err, GTD_ENOMEM, "out of memory");
		return NULL;
	}
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h);
		curl_global_cleanup();
		gtd_err_set(err, GTD_EIO, "libcurl cannot start");
		return NULL;
	}
	return h;
}

static void xfer_free(xfer *x)
{
	if (x->easy) {
		if (!x->done)
			curl_multi_remove_handle(x->h->multi, x->easy);
		curl_easy_cleanup(x->easy);
	}
	curl_slist_free_all(x->headers);
	gtd_buf_release(&x->body);
	free(x);
}

/* Unlinks and frees x; one that had not finished stops counting as busy. */
static void xfer_drop(ui_http *h, xfer *x)
{
	xfer **pp;

	for (pp = &h->head; *pp; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			break;
		}
	}
	if (!x->done)
		h->running--;
	xfer_free(x);
}

void ui_http_free(ui_http *h)
{
	if (!h)
		return;
	while (h->head)
		xfer_drop(h, h->head);
	curl_multi_cleanup(h->multi);
	free(h);
	curl_global_cleanup();
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	xfer *x = arg;
	size_t len = size * n;

	x->body_st = gtd_buf_add(&x->body, data, len);
	/* Anything but len makes libcurl stop with CURLE_WRITE_ERROR. */
	return x->body_st == GTD_OK ? len : 0;
}

unsigned long ui_http_get(ui_http *h, const ui_http_request *rq, gtd_err *err)
{
	xfer *x, **tail;
	int ok = 1;

	if (!h || !rq || !rq->url) {
		gtd_err_set(err, GTD_EINVAL, "no URL to ask");
		return 0;
	}
	if (strncmp(rq->url, "http://", 7) != 0) {
		gtd_err_set(err, GTD_EINVAL, "%s is not an http:// URL", rq->url);
		return 0;
	}
	/* A header is one line: a line break would start another one. */
	if (rq->header && strpbrk(rq->header, "\r\n")) {
		gtd_err_set(err, GTD_EINVAL, "a header cannot hold a line break");
		return 0;
	}
	x = calloc(1, sizeof(*x));
	if (!x) {
		gtd_err_set(err, GTD_ENOMEM, "out of memory");
		return 0;
	}
	x->h = h;
	x->owner = rq->owner;
	gtd_buf_init(&x->body, rq->body_max);
	x->easy = curl_easy_init();
	if (!x->easy)
		goto fail;
	if (rq->header) {
		x->headers = curl_slist_append(NULL, rq->header);
		if (!x->headers)
			goto fail;
	}
#define SET(opt, val) ok &= curl_easy_setopt(x->easy, opt, val) == CURLE_OK
	SET(CURLOPT_URL, rq->url);
	SET(CURLOPT_PROTOCOLS_STR, "http");
	SET(CURLOPT_HTTPGET, 1L);
	/* The main loop has signal handlers of its own: no SIGALRM from here. */
	SET(CURLOPT_NOSIGNAL, 1L);
	/* Straight to the server named: never through $http_proxy. */
	SET(CURLOPT_PROXY, "");
	SET(CURLOPT_TIMEOUT_MS, rq->timeout_ms);
	SET(CURLOPT_CONNECTTIMEOUT_MS, rq->timeout_ms);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)rq->body_max);
	SET(CURLOPT_WRITEFUNCTION, on_body);
	SET(CURLOPT_WRITEDATA, x);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_PRIVATE, x);
	SET(CURLOPT_USERAGENT, "gtd-console/" PACKAGE_VERSION);
	if (x->headers)
		SET(CURLOPT_HTTPHEADER, x->headers);
#undef SET
	if (!ok) {
		gtd_err_set(err, GTD_EINVAL, "libcurl refused the request for %s", rq->url);
		goto out;
	}
	if (curl_multi_add_handle(h->multi, x->easy) != CURLM_OK)
		goto fail;
	if (++h->last_id == 0)   /* 0 means "not started" */
		++h->last_id;
	x->id = h->last_id;
	for (tail = &h->head; *tail; tail = &(*tail)->next)
		;
	*tail = x;
	h->running++;
	return x->id;
fail:
	gtd_err_set(err, GTD_ENOMEM, "out of memory");
out:
	x->done = 1;   /* never added to the multi handle */
	xfer_free(x);
	return 0;
}

/* What a finished transfer's CURLcode means to the caller. */
static void classify(xfer *x, CURLcode rc)
{
	long status = 0, os_errno = 0;

	switch (rc) {
	case CURLE_OK:
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
		x->status = (int)status;
		x->code = UI_HTTP_OK;
		return;
	case CURLE_COULDNT_CONNECT:
		x->code = UI_HTTP_ECONNECT;
		curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
		if (os_errno) {
			snprintf(x->detail, sizeof(x->detail), "%s", strerror((int)os_errno));
			return;
		}
		break;
	case CURLE_OPERATION_TIMEDOUT:
		x->code = UI_HTTP_ETIMEOUT;
		break;
	case CURLE_FILESIZE_EXCEEDED:
		x->code = UI_HTTP_ETOOBIG;
		break;
	case CURLE_WRITE_ERROR:
		x->code = x->body_st == GTD_EINVAL ? UI_HTTP_ETOOBIG : UI_HTTP_EOTHER;
		if (x->body_st == GTD_ENOMEM) {
			snprintf(x->detail, sizeof(x->detail), "out of memory");
			return;
		}
		break;
	case CURLE_GOT_NOTHING:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL:   /* what an HTTP/0.9 answer gives */
		x->code = UI_HTTP_EPROTO;
		break;
	default:
		x->code = UI_HTTP_EOTHER;
		break;
	}
	snprintf(x->detail, sizeof(x->detail), "%s", x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
}

size_t ui_http_perform(ui_http *h)
{
	CURLMsg *msg;
	char *priv;
	xfer *x;
	size_t done = 0;
	int still, left;

	if (!h)
		return 0;
	if (h->running)
		curl_multi_perform(h->multi, &still);
	while ((msg = curl_multi_info_read(h->multi, &left))) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		priv = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &priv);
		x = (xfer *)(void *)priv;
		if (!x || x->done)
			continue;
		classify(x, msg->data.result);
		curl_multi_remove_handle(h->multi, x->easy);
		x->done = 1;
		h->running--;
	}
	for (x = h->head; x; x = x->next)
		done += x->done;
	return done;
}

size_t ui_http_busy(const ui_http *h)
{
	return h ? h->running : 0;
}

int ui_http_next(ui_http *h, ui_http_result *out)
{
	xfer *x;
	char *body;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!h)
		return 0;
	for (x = h->head; x && !x->done; x = x->next)
		;
	if (!x)
		return 0;
	/* A failed transfer's body is dropped with its error: the code says
	 * what went wrong, and the caller gets an empty body. */
	if (x->code != UI_HTTP_OK)
		gtd_buf_release(&x->body);
	len = x->body.len;
	body = gtd_buf_detach(&x->body);
	if (!body) {
		x->code = UI_HTTP_EOTHER;
		snprintf(x->detail, sizeof(x->detail), "out of memory");
		len = 0;
		body = strdup("");
		if (!body) {
			xfer_drop(h, x);
			return 0;
		}
	}
	out->id = x->id;
	out->owner = x->owner;
	out->code = x->code;
	out->status = x->code == UI_HTTP_OK ? x->status : 0;
	out->body = body;
	out->len = len;
	snprintf(out->detail, sizeof(out->detail), "%s", x->detail);
	xfer_drop(h, x);
	return 1;
}

void ui_http_result_release(ui_http_result *r)
{
	free(r->body);
	r->body = NULL;
	r->len = 0;
}

void ui_http_cancel(ui_http *h, const void *owner)
{
	xfer *x, *next;

	if (!h)
		return;
	for (x = h->head; x; x = next) {
		next = x->next;
		if (x->owner == owner)
			xfer_drop(h, x);
	}
}
