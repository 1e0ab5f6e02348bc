/* hello - the bare libmicrohttpd baseline for bench/mock-bench.sh: the same
 * daemon flags and threads as gtd-mock (one epoll daemon per thread, all on
 * one port with SO_REUSEPORT), answering a constant JSON body.
 *   hello PORT THREADS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

static const char body[] = "{\"status\":\"ok\"}";

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	(void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
	if (!*con_cls) {
		*con_cls = (void *)1;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	int i, threads;

	if (argc != 3 || (threads = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: hello PORT THREADS\n");
		return 2;
	}
	for (i = 0; i < threads; i++)
		if (!MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD, (unsigned short)atoi(argv[1]), NULL,
				      NULL, answer, NULL, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
				      MHD_OPTION_CONNECTION_LIMIT, 8000u / (unsigned)threads, MHD_OPTION_END))
			return 1;
	pause();
	return 0;
}
