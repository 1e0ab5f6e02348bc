/* gtd-mock - an offline emulator of Gotadi's B2B2C gateway and webview. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cert.h"
#include "demo.h"
#include "exit.h"
#include "fs.h"
#include "pack.h"
#include "server.h"
#include "statelog.h"
#include "store.h"
#include "jsonnum.h"
#include "usage.h"

#define RELOAD_POLL_MS 500

#define USAGE_LINE "usage: gtd-mock [--data DIR | --pack FILE | --demo] [OPTION]...\n"

static const char usage_text[] =
	USAGE_LINE
	"       gtd-mock make-cert DIR\n"
	"\n"
	"Emulates Gotadi's B2B2C gateway and webview, offline, for the partners of a\n"
	"data directory (--data), of one connection pack (--pack), or of a demo.\n"
	"\n"
	"  --data DIR            serve the partners of this store (default: $GTD_HOME,\n"
	"                        else $XDG_DATA_HOME/gtd, else ~/.local/share/gtd)\n"
	"  --pack FILE           serve the one partner of a connection pack\n"
	"  --demo                create a demo partner in a fresh directory and serve it\n"
	"  --demo-bits N         RSA size of the demo's keys (default 2048)\n"
	"  --listen ADDR:PORT    where to listen (default $GTD_LISTEN, else\n"
	"                        127.0.0.1:8080; port 0 = any free port)\n"
	"  --state FILE          keep bookings and the clock across restarts\n"
	"  --outbox DIR          Maildir for customer e-mails (default DATA/outbox)\n"
	"  --journal FILE        journal file (default DATA/journal.jsonl)\n"
	"  --journal-max MB      past this size the journal moves to FILE.1 (default 256;\n"
	"                        0 = never)\n"
	"  --tls-cert FILE --tls-key FILE   serve HTTPS\n"
	"  --strict-headers      a missing x-ibe-req-name header is HTTP 401\n"
	"  --strict              refuse what is otherwise accepted with an X-Gtd-Warning\n"
	"                        (the other base64 alphabet, '=' padding, wrapped lines,\n"
	"                        a 16-byte session key), with the code a strict gateway\n"
	"                        answers; implies --strict-headers\n"
	"  --lenient-http        accept malformed header lines (a space before the colon,\n"
	"                        control bytes), with a warning in the journal\n"
	"  --no-explain          no X-Gtd-Explain header on errors\n"
	"  --control-token T     open the /__gtd/ control API beyond loopback\n"
	"  --hold-ttl SECONDS    how long a hold lasts (default 900)\n"
	"  --issue-delay SECONDS how long asynchronous issuance takes (default 60)\n"
	"  --threads N           worker threads (default 4 per core)\n"
	"  --max-connections N   concurrent connections (default 8000)\n"
	"  --timeout SECONDS     per-connection inactivity limit (default 30)\n"
	"  --request-timeout SECONDS  time to send a whole request, however slowly\n"
	"                        (default 10)\n"
	"  --port-file FILE      once ready to serve, write the port to FILE (atomically;\n"
	"                        removed on exit)\n"
	"  --ready-fd N          once ready to serve, write the URL and a newline to\n"
	"                        descriptor N, then close it\n"
	"  --help, --version\n"
	"\n"
	"See gtd-mock(1) for the magic values, faults and the control API.\n";

typedef struct options {
	const char *data, *pack, *listen, *state, *outbox, *journal, *tls_cert, *tls_key;
	const char *port_file;
	int demo, demo_bits, ready_fd;
	int lenient_http;
	unsigned threads, max_connections, timeout, request_timeout;
	long hold_ttl, issue_delay, journal_max_mb;
} options;

/* What the reload function needs: the store (NULL with --pack) and the
 * state to install partners into.  The main loop and POST /__gtd/reload
 * (a worker thread) both reload: lock serialises them and guards
 * generation. */
typedef struct app {
	gtd_store *store;
	mock_state *state;
	gtd_pack pack;
	int from_pack;
	pthread_mutex_t lock;
	uint64_t generation;
	/* The emulator keys are read behind the requests once the mock is
	 * announced: until then the CPU is the start's. */
	int announced;
} app;

/* Read-only once the server starts; set from the command line. */
static mock_config mock_cfg = {.explain = 1};

static int parse_uint(const char *arg, const char *opt, long lo, long hi, long *out)
{
	long long v;

	if (!gtd_decimal(arg, lo, hi, &v)) {
		fprintf(stderr, "gtd-mock: %s takes a number from %ld to %ld, not '%s'\n", opt, lo, hi, arg);
		return -1;
	}
	*out = (long)v;
	return 0;
}

static int parse_options(int argc, char **argv, options *o)
{
	enum { O_DEMO_BITS = 256, O_STATE, O_OUTBOX, O_JOURNAL, O_CERT, O_KEY, O_STRICT, O_STRICT_ALL, O_LENIENT, O_NOEXPLAIN,
	       O_TOKEN, O_TTL, O_DELAY, O_THREADS, O_MAXCONN, O_TIMEOUT, O_REQTIMEOUT, O_JOURNAL_MAX, O_VERSION,
	       O_PORT_FILE, O_READY_FD };
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"pack", required_argument, NULL, 'p'},
		{"demo", no_argument, NULL, 'D'},
		{"demo-bits", required_argument, NULL, O_DEMO_BITS},
		{"listen", required_argument, NULL, 'l'},
		{"state", required_argument, NULL, O_STATE},
		{"outbox", required_argument, NULL, O_OUTBOX},
		{"journal", required_argument, NULL, O_JOURNAL},
		{"journal-max", required_argument, NULL, O_JOURNAL_MAX},
		{"tls-cert", required_argument, NULL, O_CERT},
		{"tls-key", required_argument, NULL, O_KEY},
		{"strict-headers", no_argument, NULL, O_STRICT},
		{"strict", no_argument, NULL, O_STRICT_ALL},
		{"lenient-http", no_argument, NULL, O_LENIENT},
		{"no-explain", no_argument, NULL, O_NOEXPLAIN},
		{"control-token", required_argument, NULL, O_TOKEN},
		{"hold-ttl", required_argument, NULL, O_TTL},
		{"issue-delay", required_argument, NULL, O_DELAY},
		{"threads", required_argument, NULL, O_THREADS},
		{"max-connections", required_argument, NULL, O_MAXCONN},
		{"timeout", required_argument, NULL, O_TIMEOUT},
		{"request-timeout", required_argument, NULL, O_REQTIMEOUT},
		{"port-file", required_argument, NULL, O_PORT_FILE},
		{"ready-fd", required_argument, NULL, O_READY_FD},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, O_VERSION},
		{NULL, 0, NULL, 0},
	};
	long v;
	int c;

	/* Our messages, with our name: getopt's would start with argv[0]. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:p:Dl:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->data = optarg; break;
		case 'p': o->pack = optarg; break;
		case 'D': o->demo = 1; break;
		case 'l': o->listen = optarg; break;
		case O_STATE: o->state = optarg; break;
		case O_OUTBOX: o->outbox = optarg; break;
		case O_JOURNAL: o->journal = optarg; break;
		case O_CERT: o->tls_cert = optarg; break;
		case O_KEY: o->tls_key = optarg; break;
		case O_STRICT: mock_cfg.strict_headers = 1; break;
		case O_STRICT_ALL: mock_cfg.strict = mock_cfg.strict_headers = 1; break;
		case O_LENIENT: o->lenient_http = 1; break;
		case O_NOEXPLAIN: mock_cfg.explain = 0; break;
		case O_TOKEN: mock_cfg.control_token = optarg; break;
		case O_PORT_FILE: o->port_file = optarg; break;
		case O_READY_FD:
			if (parse_uint(optarg, "--ready-fd", 3, 65535, &v) < 0)
				return -1;
			if (fcntl((int)v, F_GETFD) < 0) {
				fprintf(stderr, "gtd-mock: --ready-fd %ld: no such open descriptor "
						"(open it in the shell that starts gtd-mock, e.g. 3>FILE)\n", v);
				return -1;
			}
			o->ready_fd = (int)v;
			break;
		case O_JOURNAL_MAX:
			if (parse_uint(optarg, "--journal-max", 0, 1024 * 1024, &o->journal_max_mb) < 0)
				return -1;
			break;
		case O_DEMO_BITS:
			if (parse_uint(optarg, "--demo-bits", 1024, 8192, &v) < 0)
				return -1;
			o->demo_bits = (int)v;
			break;
		case O_TTL:
			if (parse_uint(optarg, "--hold-ttl", 1, 86400 * 30, &o->hold_ttl) < 0)
				return -1;
			break;
		case O_DELAY:
			if (parse_uint(optarg, "--issue-delay", 1, 86400, &o->issue_delay) < 0)
				return -1;
			break;
		case O_THREADS:
			if (parse_uint(optarg, "--threads", 1, 256, &v) < 0)
				return -1;
			o->threads = (unsigned)v;
			break;
		case O_MAXCONN:
			if (parse_uint(optarg, "--max-connections", 1, 100000, &v) < 0)
				return -1;
			o->max_connections = (unsigned)v;
			break;
		case O_TIMEOUT:
			if (parse_uint(optarg, "--timeout", 1, 3600, &v) < 0)
				return -1;
			o->timeout = (unsigned)v;
			break;
		case O_REQTIMEOUT:
			if (parse_uint(optarg, "--request-timeout", 1, 3600, &v) < 0)
				return -1;
			o->request_timeout = (unsigned)v;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(GTD_EXIT_OK);
		case O_VERSION:
			gtd_usage_version(stdout, "gtd-mock");
			exit(GTD_EXIT_OK);
		default:
			gtd_usage_bad_option(stderr, "gtd-mock", c, argv);
			return -1;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "gtd-mock: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	if ((o->pack != NULL) + o->demo > 1 || (o->pack && o->data)) {
		fprintf(stderr, "gtd-mock: --pack serves one partner without a store; it goes with neither "
				"--data nor --demo\n");
		return -1;
	}
	{
		struct sockaddr_storage ss;
		gtd_err err;

		if (mock_parse_listen(o->listen, &ss, &err) < 0) {
			fprintf(stderr, "gtd-mock: %s\n", err.msg);
			return -1;
		}
	}
	if ((o->tls_cert == NULL) != (o->tls_key == NULL)) {
		fprintf(stderr, "gtd-mock: HTTPS needs both --tls-cert and --tls-key "
				"('gtd-mock make-cert DIR' makes a pair)\n");
		return -1;
	}
	return 0;
}

static int load_partners(app *a);

/* The partners of the store, or of the pack, as a new snapshot.  Any
 * thread. */
static int reload(void *arg)
{
	app *a = arg;
	int n;

	pthread_mutex_lock(&a->lock);
	n = load_partners(a);
	if (n >= 0 && a->announced)
		mock_state_read_keys(a->state);
	pthread_mutex_unlock(&a->lock);
	return n;
}

/* From now on, read emulator keys ahead of the requests.  Any thread. */
static void read_keys_behind(app *a)
{
	pthread_mutex_lock(&a->lock);
	a->announced = 1;
	mock_state_read_keys(a->state);
	pthread_mutex_unlock(&a->lock);
}

/* Whether the store changed since the last reload.  Any thread. */
static int store_changed(app *a)
{
	int changed;

	pthread_mutex_lock(&a->lock);
	changed = a->store && gtd_store_generation(a->store) != a->generation;
	pthread_mutex_unlock(&a->lock);
	return changed;
}

static int load_partners(app *a)
{
	mock_partners *ps;
	gtd_strlist ids = {0};
	gtd_err err;
	size_t i, n = 0;

	if (a->from_pack) {
		gtd_partner *p = mock_partner_from_pack(&a->pack, &err);
		gtd_key *emu = NULL;

		if (!p || gtd_key_parse(a->pack.emulator_private_key, strlen(a->pack.emulator_private_key),
					GTD_KEY_PRIVATE, &emu, &err) != GTD_OK) {
			fprintf(stderr, "gtd-mock: the pack cannot be served: %s\n", err.msg);
			gtd_partner_free(p);
			return -1;
		}
		ps = mock_partners_new(1);
		mock_partners_set(ps, 0, p, emu, NULL);
		mock_state_set_partners(a->state, ps);
		return 1;
	}
	a->generation = gtd_store_generation(a->store);
	if (gtd_store_list(a->store, &ids, &err) != GTD_OK) {
		fprintf(stderr, "gtd-mock: cannot list partners: %s (keeping the previous ones)\n", err.msg);
		return -1;
	}
	ps = mock_partners_new(ids.n);
	if (!ps) {
		gtd_strlist_release(&ids);
		return -1;
	}
	for (i = 0; i < ids.n; i++) {
		gtd_partner *p = NULL;
		char *emu_path;

		if (gtd_store_load(a->store, ids.v[i], &p, &err) != GTD_OK) {
			fprintf(stderr, "gtd-mock: partner %s skipped: %s\n", ids.v[i], err.msg);
			continue;
		}
		emu_path = gtd_store_emulator_key_path(a->store, p);
		mock_partners_set(ps, n++, p, NULL, emu_path);
		free(emu_path);
	}
	ps->n = n;
	gtd_strlist_release(&ids);
	{
		mock_partners *old = mock_state_partners(a->state);

		mock_partners_keep_previous(ps, old);
		mock_partners_put(old);
	}
	mock_state_set_partners(a->state, ps);
	return (int)n;
}

static int make_cert(int argc, char **argv)
{
	char *dir;
	gtd_err err;
	int rc = GTD_EXIT_FAIL;

	if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		printf("usage: gtd-mock make-cert DIR\n\nWrites DIR/cert.pem and DIR/key.pem (mode 0600): "
		       "a self-signed certificate\nfor localhost, 127.0.0.1 and ::1, for --tls-cert and --tls-key.\n");
		return GTD_EXIT_OK;
	}
	if (argc != 3 || argv[2][0] == '-') {
		if (argc == 3)
			fprintf(stderr, "gtd-mock make-cert: unknown option '%s'\n", argv[2]);
		else
			fprintf(stderr, "gtd-mock make-cert: give the one directory to write into\n");
		fprintf(stderr, "usage: gtd-mock make-cert DIR\n'gtd-mock make-cert --help' describes it.\n");
		return GTD_EXIT_USAGE;
	}
	dir = gtd_dir_dup(argv[2]);
	if (!dir)
		fprintf(stderr, "gtd-mock make-cert: out of memory\n");
	else if (mock_make_cert(dir, 825, &err) != GTD_OK)
		fprintf(stderr, "gtd-mock make-cert: %s\n", err.msg);
	else {
		printf("wrote %s/cert.pem and %s/key.pem (mode 0600), self-signed for localhost, "
		       "127.0.0.1 and ::1:\n  gtd-mock --tls-cert %s/cert.pem --tls-key %s/key.pem ...\n",
		       dir, dir, dir, dir);
		rc = GTD_EXIT_OK;
	}
	free(dir);
	return rc;
}

/* Many concurrent clients need many descriptors: take the hard limit. */
static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static char *default_path(const char *dir, const char *name)
{
	char *p = NULL;

	if (!dir || asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

/* Tells a script that the mock serves now: the URL on the ready
 * descriptor, then the port in the port file (atomically, so a reader
 * never sees it half-written; last, so that whoever waits for it finds
 * the URL written too).  -1 with err set when the port file can't be
 * written. */
static int announce_ready(const options *o, const mock_server *server, gtd_err *err)
{
	if (o->ready_fd > 0) {
		if (dprintf(o->ready_fd, "%s\n", mock_server_url(server)) < 0)
			fprintf(stderr, "gtd-mock: --ready-fd %d: %s (serving all the same)\n", o->ready_fd,
				strerror(errno));
		close(o->ready_fd);
	}
	if (o->port_file) {
		char port[16];
		int n = snprintf(port, sizeof(port), "%u\n", mock_server_port(server));

		if (gtd_file_write_atomic(o->port_file, port, (size_t)n, 0644, 0, err) != GTD_OK)
			return -1;
	}
	return 0;
}

/* Worker threads per core by default: bench/RESULTS.md has the
 * measurement (booking detail and sealed login at 1, 2, 4 and 8 per core)
 * that chose it. */
#define THREADS_PER_CORE 4

static unsigned default_threads(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	/* --threads takes up to 256. */
	return cores < 1 ? THREADS_PER_CORE
		: cores > 256 / THREADS_PER_CORE ? 256 : (unsigned)cores * THREADS_PER_CORE;
}

int main(int argc, char **argv)
{
	options o = {.listen = "127.0.0.1:8080", .demo_bits = 2048, .threads = default_threads(),
		     .max_connections = 8000, .timeout = 30, .request_timeout = 10, .hold_ttl = 15 * 60, .issue_delay = 60,
		     .journal_max_mb = 256};
	char *data_dir = NULL, *outbox = NULL, *journal_path = NULL, *cert = NULL, *key = NULL;
	mock_server_opts so = {0};
	mock_server *server = NULL;
	mock_journal *journal = NULL;
	mock_state state;
	mock_ctx ctx = {0};
	app a = {.lock = PTHREAD_MUTEX_INITIALIZER};
	sigset_t sigs;
	gtd_err err;
	int rc = GTD_EXIT_FAIL, state_ready = 0, announced = 0, demo_new = 0;

	if (argc >= 2 && strcmp(argv[1], "make-cert") == 0)
		return make_cert(argc, argv);
	if (getenv("GTD_LISTEN") && *getenv("GTD_LISTEN"))
		o.listen = getenv("GTD_LISTEN");
	if (parse_options(argc, argv, &o) < 0) {
		fputs(USAGE_LINE "'gtd-mock --help' lists the options.\n", stderr);
		return GTD_EXIT_USAGE;
	}
	signal(SIGPIPE, SIG_IGN);
	raise_fd_limit();
	/* A port file left by a mock that was killed must not pass for ours. */
	if (o.port_file)
		unlink(o.port_file);
	/* Signals go to the main loop only: block them before threads start. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	if (o.pack) {
		if (gtd_pack_load(o.pack, &a.pack, &err) != GTD_OK) {
			fprintf(stderr, "gtd-mock: %s\n", err.msg);
			goto out;
		}
		if (!a.pack.emulator_private_key) {
			fprintf(stderr, "gtd-mock: %s has no emulator key: export the pack again with the "
					"emulator key pair (gtd-console export)\n", o.pack);
			goto out;
		}
		a.from_pack = 1;
	} else {
		demo_new = o.demo && (!o.data || access(o.data, F_OK) != 0);
		data_dir = o.demo ? demo_make_dir(o.data, &err)
				  : o.data ? gtd_dir_dup(o.data) : gtd_store_default_dir();
		if (!data_dir) {
			fprintf(stderr, "gtd-mock: %s\n", o.demo ? err.msg :
				"no data directory: give --data DIR (or set GTD_HOME), or try --demo");
			goto out;
		}
		if (gtd_store_open(data_dir, &a.store, &err) != GTD_OK) {
			fprintf(stderr, "gtd-mock: %s\n", err.msg);
			goto out;
		}
	}
	outbox = o.outbox ? gtd_dir_dup(o.outbox) : default_path(data_dir, "outbox");
	journal_path = o.journal ? strdup(o.journal) : default_path(data_dir, "journal.jsonl");
	if (mock_state_init(&state, outbox, &err) != GTD_OK) {
		fprintf(stderr, "gtd-mock: %s\n", err.msg);
		goto out;
	}
	state_ready = 1;
	if (o.state && mock_statelog_open(o.state, &state, &state.log, &err) != GTD_OK) {
		fprintf(stderr, "gtd-mock: --state: %s\n", err.msg);
		goto out;
	}
	state.hold_ttl = o.hold_ttl;
	state.issue_delay = o.issue_delay;
	if (mock_journal_open(journal_path, 10000, &journal, &err) != GTD_OK) {
		fprintf(stderr, "gtd-mock: %s\n", err.msg);
		goto out;
	}
	mock_journal_limit(journal, (size_t)o.journal_max_mb * 1024 * 1024);
	if (o.tls_cert && (gtd_file_read(o.tls_cert, 1 << 20, &cert, NULL, &err) != GTD_OK ||
			   gtd_file_read(o.tls_key, 1 << 20, &key, NULL, &err) != GTD_OK)) {
		fprintf(stderr, "gtd-mock: %s\n", err.msg);
		goto out;
	}
	mock_cfg.store = a.store;
	mock_cfg.pack_path = o.pack;
	mock_cfg.demo_dir = o.demo ? data_dir : NULL;
	a.state = &state;
	ctx.state = &state;
	ctx.journal = journal;
	ctx.cfg = &mock_cfg;
	ctx.reload = reload;
	ctx.reload_arg = &a;
	so.listen = o.listen;
	so.tls_cert_pem = cert;
	so.tls_key_pem = key;
	so.threads = o.threads;
	so.max_connections = o.max_connections;
	so.timeout_s = o.timeout;
	so.request_timeout_s = o.request_timeout;
	so.lenient_http = o.lenient_http;
	if (mock_server_start(&so, &ctx, &server, &err) != GTD_OK) {
		fprintf(stderr, "gtd-mock: %s\n", err.msg);
		goto out;
	}
	snprintf(state.base_url, sizeof(state.base_url), "%s", mock_server_url(server));
	if (o.demo && demo_create(a.store, data_dir, mock_server_url(server), o.demo_bits, &err) != GTD_OK) {
		fprintf(stderr, "gtd-mock: the demo could not be created: %s\n", err.msg);
		goto out;
	}
	if (reload(&a) < 0)
		goto out;
	{
		long n = mock_effects_redeliver(&ctx, &err);

		if (n < 0)
			fprintf(stderr, "gtd-mock: the outbox: %s\n", err.msg);
		else if (n > 0)
			printf("gtd-mock: delivered %ld e-mail%s the saved bookings called for and the outbox lacked\n",
			       n, n == 1 ? "" : "s");
	}
	printf("gtd-mock %s listening on %s\n", PACKAGE_VERSION, mock_server_url(server));
	if (o.demo)
		demo_print_guide(data_dir, mock_server_url(server), argv[0]);
	else
		printf("  %s: %s\n", a.from_pack ? "pack" : "data", a.from_pack ? o.pack : data_dir);
	fflush(stdout);
	if (announce_ready(&o, server, &err) < 0) {
		fprintf(stderr, "gtd-mock: --port-file: %s\n", err.msg);
		goto out;
	}
	announced = 1;
	read_keys_behind(&a);

	for (;;) {
		struct timespec wait = {0, RELOAD_POLL_MS * 1000000L};
		int sig = sigtimedwait(&sigs, NULL, &wait);

		if (sig == SIGINT || sig == SIGTERM)
			break;
		if (sig == SIGHUP || store_changed(&a))
			reload(&a);
	}
	fprintf(stderr, "gtd-mock: stopping\n");
	rc = GTD_EXIT_OK;
out:
	if (announced && o.port_file)
		unlink(o.port_file);
	mock_server_stop(server);
	if (state_ready)
		mock_state_release(&state);
	mock_journal_close(journal);
	gtd_store_close(a.store);
	gtd_pack_release(&a.pack);
	if (key) {
		OPENSSL_cleanse(key, strlen(key));
		free(key);
	}
	free(cert);
	free(outbox);
	free(journal_path);
	/* A demo that never served leaves nothing behind. */
	if (rc != GTD_EXIT_OK && demo_new && data_dir && !announced)
		demo_remove_dir(data_dir);
	free(data_dir);
	return rc;
}
