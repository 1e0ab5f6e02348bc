/* abuse - hostile clients for gtd-mock, bounded in count and time.
 *
 *   abuse slowloris HOST PORT N SECONDS
 *       opens N connections and drips a request into each, one byte a
 *       second, for SECONDS; prints how many the server closed.
 *   abuse garbage HOST PORT N
 *       sends N connections of random bytes and truncated requests; prints
 *       how many got an HTTP answer or were closed.
 *   abuse raw 127.0.0.1 PORT FILE
 *       sends FILE's bytes on one connection and prints every status line
 *       the server answers with, then "closed" when it closed the
 *       connection or "open" when it kept it after 5 seconds of silence.
 * Loopback only: HOST must be 127.0.0.1 or ::1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int connect_to(const char *host, int port)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	inet_pton(AF_INET, host, &a.sin_addr);
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	return fd;
}

/* 1 when the server has closed fd (read gives 0 or an error). */
static int closed(int fd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

static int slowloris(const char *host, int port, int n, int seconds)
{
	static const char req[] = "GET /__gtd/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
	int *fds = calloc((size_t)n, sizeof(int)), opened = 0, shut = 0, i, s;

	if (!fds)
		return 1;
	for (i = 0; i < n; i++) {
		fds[i] = connect_to(host, port);
		opened += fds[i] >= 0;
	}
	/* The test waits for this line before it checks the server. */
	printf("slowloris: %d connected\n", opened);
	fflush(stdout);
	for (s = 0; s < seconds; s++) {
		for (i = 0; i < n; i++) {
			if (fds[i] < 0)
				continue;
			if (write(fds[i], s == 0 ? req : "a", s == 0 ? strlen(req) : 1) < 0 || closed(fds[i])) {
				close(fds[i]);
				fds[i] = -1;
				shut++;
			}
		}
		sleep(1);
	}
	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	printf("slowloris: %d connections opened of %d, %d closed by the server within %d s\n",
	       opened, n, shut, seconds);
	free(fds);
	return 0;
}

/* All n clients at once, then up to 5 s for the server to answer or close. */
static int garbage(const char *host, int port, int n)
{
	static const char *const shapes[] = {
		"GET / HTTP/1.1\r\nHost",                             /* truncated */
		"POST /api/partner/login HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"key\"",
		"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",         /* a TLS hello */
		"GET /\xff\xfe HTTP/9.9\r\n\r\n",
		"\r\n\r\n\r\n",
	};
	struct pollfd *p = calloc((size_t)n, sizeof(*p));
	int i, k, answered = 0, closed_n = 0, left = 0;
	time_t end = time(NULL) + 5;

	if (!p)
		return 1;
	srand(42);
	for (i = 0; i < n; i++) {
		char junk[512];
		ssize_t sent;

		p[i].fd = connect_to(host, port);
		p[i].events = POLLIN;
		if (p[i].fd < 0)
			continue;
		if (i % 2) {
			for (k = 0; k < (int)sizeof(junk); k++)
				junk[k] = (char)(rand() & 0xff);
			sent = write(p[i].fd, junk, sizeof(junk));
		} else {
			sent = write(p[i].fd, shapes[i / 2 % 5], strlen(shapes[i / 2 % 5]));
		}
		if (sent >= 0)
			shutdown(p[i].fd, SHUT_WR);
		left++;
	}
	while (left > 0 && time(NULL) < end && poll(p, (nfds_t)n, 500) >= 0) {
		for (i = 0; i < n; i++) {
			char buf[16] = "";

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (read(p[i].fd, buf, sizeof(buf) - 1) > 5 && strncmp(buf, "HTTP/", 5) == 0)
				answered++;
			else
				closed_n++;
			close(p[i].fd);
			p[i].fd = -1;
			left--;
		}
	}
	for (i = 0; i < n; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	printf("garbage: %d connections, %d answered with HTTP, %d closed, %d still open after 5 s\n",
	       n, answered, closed_n, left);
	free(p);
	return 0;
}

static int raw(const char *host, int port, const char *file)
{
	char buf[65536], *line;
	FILE *in = fopen(file, "rb");
	size_t len, got = 0;
	struct pollfd p;
	int fd, shut = 0;

	if (!in)
		return 2;
	len = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	fd = connect_to(host, port);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		return 1;
	p.fd = fd;
	p.events = POLLIN;
	/* Every answer, until the server closes or falls silent. */
	while (got < sizeof(buf) - 1 && poll(&p, 1, 5000) == 1) {
		ssize_t n = read(fd, buf + got, sizeof(buf) - 1 - got);

		if (n <= 0) {
			shut = 1;
			break;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	close(fd);
	for (line = buf; (line = strstr(line, "HTTP/1.")); line++)
		printf("%.*s\n", (int)strcspn(line, "\r\n"), line);
	printf("%s\n", shut ? "closed" : "open");
	return 0;
}

int main(int argc, char **argv)
{
	/* A write to a connection the server has closed must be seen as
	 * EPIPE and counted, not end the program. */
	signal(SIGPIPE, SIG_IGN);
	if (argc < 5 || (strcmp(argv[2], "127.0.0.1") != 0)) {
		fprintf(stderr, "usage: abuse slowloris 127.0.0.1 PORT N SECONDS | abuse garbage 127.0.0.1 PORT N | "
			"abuse raw 127.0.0.1 PORT FILE\n");
		return 2;
	}
	if (strcmp(argv[1], "slowloris") == 0 && argc == 6)
		return slowloris(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]));
	if (strcmp(argv[1], "garbage") == 0)
		return garbage(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (strcmp(argv[1], "raw") == 0)
		return raw(argv[2], atoi(argv[3]), argv[4]);
	return 2;
}
