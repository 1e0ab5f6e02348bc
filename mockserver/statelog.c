#include "statelog.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "b64.h"
#include "buf.h"
#include "fs.h"
#include "jsonnum.h"

#define STATELOG_FORMAT 2
#define STATELOG_V1_MAX (256 * 1024 * 1024)
/* Snapshots and batches are built in memory; this only guards against a
 * size_t overflow, the real bound is the number of bookings. */
#define STATELOG_BUF_MAX ((size_t)SIZE_MAX / 4)

/* One call of mock_statelog_append, queued for its turn at the file. */
typedef struct appender {
	char *const *records;
	size_t n;
	int reset;                    /* holds a reset record: written alone */
	gtd_buf lines;                /* the records' text (a reset's: built in its turn) */
	uint64_t max_rev;             /* the highest revision among the records */
	int missing;                  /* a record was NULL */
	int done;                     /* a leader wrote it: st and err say how it went */
	gtd_status st;
	gtd_err err;
	struct appender *next;
} appender;

/* Group commit: appenders queue under mu; the one at the head leads,
 * writing every append queued by then and syncing once, without mu, while
 * the next ones queue behind.  Only the leader touches the file and the
 * fields marked (leader). */
struct mock_statelog {
	char *path;
	mock_state *state;
	char *secret;                 /* base64 of the JWT secret, for headers */
	uint64_t rev;                 /* the last revision handed out (state lock) */
	pthread_mutex_t mu;           /* guards the queue */
	pthread_cond_t turn;          /* a batch is done: its appenders, and the next leader */
	appender *head, *tail;        /* waiting appends, oldest first; head's batch is being written */
	int fd;                       /* O_APPEND; -1 when a reopen is due (leader) */
	off_t good_len;               /* the length after the last good append (leader) */
	int degraded;                 /* a cut back to good_len is due (leader) */
	uint64_t max_rev;             /* the highest revision in the file (leader) */
	int lock_fd;                  /* PATH.lock, flocked while the log is open */
};

/* ---- Replay ---- */

/* A booking seen while replaying, with the revision of its record. */
typedef struct replay_slot {
	gtd_booking *b;
	uint64_t rev;
} replay_slot;

typedef struct replay {
	replay_slot *v;
	size_t n, cap;
	uint64_t floor;               /* records below it were reset away */
	uint64_t max_rev;
	uint64_t clock_rev;
	time_t clock_offset;
	unsigned seq;
	/* Whether the file is a snapshot already, which a start need not
	 * rewrite: one record per booking, nothing reset, no clock record,
	 * no line cut short, the current format. */
	size_t records;
	int header, dirty;
} replay;

/* FNV-1a, as state.c hashes booking numbers. */
static size_t replay_hash(const char *number, size_t cap)
{
	size_t h = 1469598103934665603u;

	for (; *number; number++)
		h = (h ^ (unsigned char)*number) * 1099511628211u;
	return h & (cap - 1);
}

static replay_slot *replay_find(replay *r, const char *number)
{
	size_t i;

	for (i = replay_hash(number, r->cap); r->v[i].b; i = (i + 1) & (r->cap - 1))
		if (strcmp(r->v[i].b->number, number) == 0)
			return &r->v[i];
	return &r->v[i];
}

static void booking_free(gtd_booking *b)
{
	if (b) {
		gtd_booking_release(b);
		free(b);
	}
}

/* Makes room in r's table for n bookings in all (a table at most half
 * full); the bookings it holds move to their new slots. */
static gtd_status replay_reserve(replay *r, size_t n, gtd_err *err)
{
	size_t cap = r->cap ? r->cap : 1024, old_cap = r->cap, i;
	replay_slot *old = r->v, *t;

	while (n * 2 > cap)
		cap *= 2;
	if (cap == r->cap)
		return GTD_OK;
	t = calloc(cap, sizeof(*t));
	if (!t)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory replaying the state");
	r->v = t;
	r->cap = cap;
	for (i = 0; i < old_cap; i++)
		if (old[i].b)
			*replay_find(r, old[i].b->number) = old[i];
	free(old);
	return GTD_OK;
}

/* Keeps b (ownership passes) unless a record of a higher revision for the
 * same booking was seen already. */
static gtd_status replay_booking(replay *r, gtd_booking *b, uint64_t rev, gtd_err *err)
{
	replay_slot *slot;

	if (replay_reserve(r, r->n + 1, err) != GTD_OK) {
		booking_free(b);
		return GTD_ENOMEM;
	}
	slot = replay_find(r, b->number);
	if (!slot->b) {
		slot->b = b;
		slot->rev = rev;
		r->n++;
	} else if (rev >= slot->rev) {
		booking_free(slot->b);
		slot->b = b;
		slot->rev = rev;
	} else {
		booking_free(b);
	}
	return GTD_OK;
}

static void replay_release(replay *r)
{
	size_t i;

	for (i = 0; i < r->cap; i++)
		booking_free(r->v[i].b);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/* Moves what replay found into s. */
static gtd_status replay_finish(replay *r, mock_state *s, const char *path, gtd_err *err)
{
	gtd_status st;
	size_t i;

	for (i = 0; i < r->cap; i++) {
		gtd_booking *b = r->v[i].b;

		if (!b || r->v[i].rev < r->floor)
			continue;
		r->v[i].b = NULL;
		if ((st = mock_booking_add(s, b, err)) != GTD_OK) {
			booking_free(b);
			gtd_err_prefix(err, "%s", path);
			return st;
		}
	}
	s->clock_offset = r->clock_offset;
	if (r->seq > s->seq)
		s->seq = r->seq;
	return GTD_OK;
}

static int get_u64(const cJSON *o, const char *key, uint64_t *out)
{
	long long v;

	if (!gtd_json_int(cJSON_GetObjectItemCaseSensitive(o, key), 0, GTD_JSON_INT_MAX, &v))
		return 0;
	*out = (uint64_t)v;
	return 1;
}

/* A clock offset of the file, in the range the control API allows. */
static int get_offset(const cJSON *v, time_t *out)
{
	long long off;

	if (!gtd_json_int(v, -MOCK_CLOCK_OFFSET_MAX, MOCK_CLOCK_OFFSET_MAX, &off))
		return 0;
	*out = (time_t)off;
	return 1;
}

static void replay_seq(replay *r, const cJSON *o)
{
	uint64_t seq;

	if (get_u64(o, "seq", &seq) && seq > r->seq && seq <= UINT32_MAX)
		r->seq = (unsigned)seq;
}

/* Applies one record line (parsed).  GTD_EINVAL with the reason. */
static gtd_status replay_record(replay *r, const cJSON *o, gtd_err *err)
{
	const cJSON *bj = cJSON_GetObjectItemCaseSensitive(o, "booking");
	const cJSON *clock = cJSON_GetObjectItemCaseSensitive(o, "clock_offset");
	uint64_t rev;
	gtd_booking *b;

	if (!cJSON_IsObject(o) || !get_u64(o, "rev", &rev))
		return gtd_err_set(err, GTD_EINVAL, "not a record (no rev)");
	if (rev > r->max_rev)
		r->max_rev = rev;
	replay_seq(r, o);
	if (bj) {
		r->records++;
		if (rev < r->floor)
			return GTD_OK;
		b = malloc(sizeof(*b));
		if (!b)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory replaying the state");
		if (gtd_booking_from_json(bj, b, err) != GTD_OK) {
			free(b);
			return GTD_EINVAL;
		}
		return replay_booking(r, b, rev, err);
	}
	r->dirty = 1;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "reset"))) {
		if (rev > r->floor)
			r->floor = rev;
		if (rev > r->clock_rev) {
			r->clock_rev = rev;
			r->clock_offset = 0;
		}
		return GTD_OK;
	}
	if (cJSON_IsNumber(clock)) {
		time_t off;

		if (!get_offset(clock, &off))
			return gtd_err_set(err, GTD_EINVAL, "the clock offset is not a whole number of "
							    "seconds within a hundred years");
		if (rev >= r->clock_rev) {
			r->clock_rev = rev;
			r->clock_offset = off;
		}
		return GTD_OK;
	}
	return gtd_err_set(err, GTD_EINVAL, "not a booking, clock or reset record");
}

/* The header: the floor revision, clock, seq and the JWT secret. */
static gtd_status replay_header(replay *r, const cJSON *o, mock_state *s, gtd_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "jwt_secret");
	const cJSON *clock = cJSON_GetObjectItemCaseSensitive(o, "clock_offset");
	unsigned char *secret = NULL;
	size_t slen = 0;
	uint64_t rev;

	if (!get_u64(o, "rev", &rev) || !get_offset(clock, &r->clock_offset))
		return gtd_err_set(err, GTD_EINVAL, "the header has no rev or clock_offset (a whole "
						    "number of seconds within a hundred years)");
	if (!cJSON_IsString(v) ||
	    gtd_b64_decode(v->valuestring, strlen(v->valuestring), &secret, &slen, NULL) != GTD_OK ||
	    slen != sizeof(s->jwt_secret)) {
		if (secret)
			OPENSSL_cleanse(secret, slen);
		free(secret);
		return gtd_err_set(err, GTD_EINVAL, "the header's jwt_secret is not %zu bytes of base64",
				   sizeof(s->jwt_secret));
	}
	memcpy(s->jwt_secret, secret, slen);
	OPENSSL_cleanse(secret, slen);
	free(secret);
	r->floor = r->max_rev = r->clock_rev = rev;
	r->header = 1;
	replay_seq(r, o);
	return GTD_OK;
}

/* format_version 1: one JSON object written by mock_state_save(). */
static gtd_status replay_v1(replay *r, const char *path, mock_state *s, gtd_err *err)
{
	char *text = NULL;
	unsigned char *secret = NULL;
	size_t len, slen = 0;
	cJSON *o = NULL, *bj;
	const cJSON *v;
	gtd_status st;

	st = gtd_file_read(path, STATELOG_V1_MAX, &text, &len, err);
	if (st != GTD_OK)
		return st;
	st = GTD_EINVAL;
	o = cJSON_ParseWithLength(text, len);
	v = cJSON_GetObjectItemCaseSensitive(o, "format_version");
	if (!cJSON_IsObject(o) || !cJSON_IsNumber(v) || v->valuedouble != 1) {
		gtd_err_set(err, st, "%s: line 1: not a gtd-mock state file", path);
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(o, "clock_offset");
	if (!get_offset(v, &r->clock_offset))
		r->clock_offset = 0;
	replay_seq(r, o);
	/* As load() did: a secret that does not decode keeps the new one. */
	v = cJSON_GetObjectItemCaseSensitive(o, "jwt_secret");
	if (cJSON_IsString(v) && gtd_b64_decode(v->valuestring, strlen(v->valuestring), &secret,
						&slen, NULL) == GTD_OK &&
	    slen == sizeof(s->jwt_secret))
		memcpy(s->jwt_secret, secret, slen);
	cJSON_ArrayForEach(bj, cJSON_GetObjectItemCaseSensitive(o, "bookings")) {
		gtd_booking *b = malloc(sizeof(*b));

		if (!b) {
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory reading %s", path);
			goto out;
		}
		if (gtd_booking_from_json(bj, b, err) != GTD_OK) {
			free(b);
			gtd_err_prefix(err, "%s", path);
			goto out;
		}
		if ((st = replay_booking(r, b, 0, err)) != GTD_OK)
			goto out;
		st = GTD_EINVAL;
	}
	st = GTD_OK;
out:
	if (secret)
		OPENSSL_cleanse(secret, slen);
	free(secret);
	if (text)
		OPENSSL_cleanse(text, len);
	free(text);
	cJSON_Delete(o);
	return st;
}

/* The record lines of one part of the file, replayed into a replay of
 * their own: a replay is the same whatever order its records come in (each
 * booking keeps its highest revision, a reset's floor is applied at the
 * end), so the parts are read side by side and merged. */
typedef struct replay_part {
	replay r;
	const char *p, *end;          /* whole lines */
	int last;                     /* holds the file's last line */
	unsigned long lines;          /* lines read, the failing one included */
	int cut;                      /* the last line was cut short: ignored */
	gtd_status st;
	gtd_err err;                  /* why the part's line `lines` failed */
} replay_part;

/* A file from this size on is read in REPLAY_PARTS parts, one thread
 * each: as many whatever the machine, so that every machine replays the
 * same way (and the suite tests the way each one replays). */
#define REPLAY_PART_MIN (256 * 1024)
#define REPLAY_PARTS 4

static void *replay_lines(void *arg)
{
	replay_part *pt = arg;
	const char *p = pt->p, *q;
	size_t lines = 0;

	/* Room for a booking a line, made once rather than grown. */
	for (q = p; q < pt->end && (q = memchr(q, '\n', (size_t)(pt->end - q))); q++)
		lines++;
	if ((pt->st = replay_reserve(&pt->r, lines + 1, &pt->err)) != GTD_OK)
		return NULL;
	while (p < pt->end) {
		const char *nl = memchr(p, '\n', (size_t)(pt->end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(pt->end - p);
		cJSON *o;

		pt->lines++;
		o = nl ? cJSON_ParseWithLength(p, len) : NULL;
		/* The last line, cut short by a crash during an append: that
		 * change was never acknowledged.  Any other bad line is an error. */
		if (!o && pt->last && p + len == pt->end) {
			pt->cut = 1;
			break;
		}
		if (!o) {
			pt->st = gtd_err_set(&pt->err, GTD_EINVAL, "not valid JSON");
			break;
		}
		pt->st = replay_record(&pt->r, o, &pt->err);
		cJSON_Delete(o);
		if (pt->st != GTD_OK)
			break;
		p += len;
	}
	return NULL;
}

/* Puts part's findings into r; the part's bookings move over. */
static gtd_status replay_merge(replay *r, replay_part *pt, gtd_err *err)
{
	replay *q = &pt->r;
	gtd_status st = GTD_OK;
	size_t i;

	if (q->floor > r->floor)
		r->floor = q->floor;
	if (q->max_rev > r->max_rev)
		r->max_rev = q->max_rev;
	if (q->clock_rev && q->clock_rev >= r->clock_rev) {
		r->clock_rev = q->clock_rev;
		r->clock_offset = q->clock_offset;
	}
	if (q->seq > r->seq)
		r->seq = q->seq;
	r->records += q->records;
	r->dirty |= q->dirty;
	for (i = 0; i < q->cap && st == GTD_OK; i++)
		if (q->v[i].b) {
			st = replay_booking(r, q->v[i].b, q->v[i].rev, err);
			q->v[i].b = NULL;
		}
	return st;
}

/* Replays the record lines text[0..len), after the header (line 1), in up
 * to one part a core. */
static gtd_status replay_body(replay *r, const char *path, const char *text, size_t len,
			      gtd_err *err)
{
	replay_part parts[REPLAY_PARTS];
	pthread_t threads[REPLAY_PARTS];
	int started[REPLAY_PARTS] = {0};
	size_t n = len < REPLAY_PART_MIN ? 1 : REPLAY_PARTS, i;
	const char *at = text, *end = text + len;
	unsigned long before = 1;
	size_t kept = 0;
	gtd_status st = GTD_OK;

	/* Each part ends after the first newline past its share, so parts
	 * hold whole lines; one may be empty. */
	memset(parts, 0, sizeof(parts));
	for (i = 0; i < n; i++) {
		const char *share = text + len / n * (i + 1), *nl;

		parts[i].p = at;
		if (i + 1 == n)
			at = end;
		else if (share >= at)
			at = (nl = memchr(share, '\n', (size_t)(end - share))) ? nl + 1 : end;
		parts[i].end = at;
		parts[i].last = at == end;
	}
	for (i = 1; i < n; i++)
		started[i] = pthread_create(&threads[i], NULL, replay_lines, &parts[i]) == 0;
	replay_lines(&parts[0]);
	for (i = 1; i < n; i++) {
		if (started[i])
			pthread_join(threads[i], NULL);
		else
			replay_lines(&parts[i]);
	}
	for (i = 0; i < n; i++)
		kept += parts[i].r.n;
	if (n > 1)
		st = replay_reserve(r, r->n + kept, err);
	for (i = 0; i < n; i++) {
		if (st == GTD_OK && parts[i].st != GTD_OK) {
			if (err)
				*err = parts[i].err;
			st = parts[i].st;
			gtd_err_prefix(err, "%s: line %lu", path, before + parts[i].lines);
		}
		if (st == GTD_OK && parts[i].cut) {
			fprintf(stderr, "gtd-mock: %s: line %lu is incomplete (a write was cut short); "
				"ignoring it\n", path, before + parts[i].lines);
			r->dirty = 1;
		}
		before += parts[i].lines;
		if (st == GTD_OK)
			st = replay_merge(r, &parts[i], err);
		replay_release(&parts[i].r);
	}
	return st;
}

/* Reads path into r and s.  A missing or empty file is an empty state. */
static gtd_status replay_file(replay *r, const char *path, mock_state *s, gtd_err *err)
{
	struct stat sb;
	const char *text, *nl;
	void *map = MAP_FAILED;
	size_t len = 0;
	cJSON *o = NULL;
	const cJSON *v;
	gtd_status st = GTD_OK;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (errno == ENOENT)
			return GTD_OK;
		return gtd_err_set(err, GTD_EIO, "cannot open %s: %s", path, strerror(errno));
	}
	if (fstat(fd, &sb) != 0) {
		st = gtd_err_set(err, GTD_EIO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	len = (size_t)sb.st_size;
	if (len == 0)
		goto out;  /* empty */
	map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED) {
		st = gtd_err_set(err, GTD_EIO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	text = map;
	nl = memchr(text, '\n', len);
	o = cJSON_ParseWithLength(text, nl ? (size_t)(nl - text) + 1 : len);
	v = cJSON_GetObjectItemCaseSensitive(o, "format_version");
	if (!cJSON_IsObject(o) || !cJSON_IsNumber(v) || v->valuedouble != STATELOG_FORMAT) {
		/* Not a header line: the old format is one pretty-printed object. */
		r->dirty = 1;
		st = replay_v1(r, path, s, err);
		goto out;
	}
	if ((st = replay_header(r, o, s, err)) != GTD_OK) {
		gtd_err_prefix(err, "%s: line 1", path);
		goto out;
	}
	if (nl)
		st = replay_body(r, path, nl + 1, len - (size_t)(nl + 1 - text), err);
out:
	cJSON_Delete(o);
	if (map != MAP_FAILED)
		munmap(map, len);
	close(fd);
	return st;
}

/* ---- Records ---- */

static gtd_status add_booking_line(gtd_buf *buf, uint64_t rev, unsigned seq, const gtd_booking *b)
{
	gtd_jw w;

	gtd_buf_printf(buf, "{\"rev\":%" PRIu64 ",\"seq\":%u,\"booking\":", rev, seq);
	gtd_jw_init(&w, buf);
	gtd_jw_open(&w, NULL, '{');
	gtd_booking_state_members(&w, b);
	gtd_jw_close(&w, '}');
	return gtd_buf_adds(buf, "}\n");
}

static gtd_status add_header(gtd_buf *buf, const mock_statelog *l, uint64_t rev, time_t clock,
			     unsigned seq)
{
	return gtd_buf_printf(buf, "{\"format_version\":%d,\"rev\":%" PRIu64 ",\"clock_offset\":%lld,"
			      "\"seq\":%u,\"jwt_secret\":\"%s\"}\n", STATELOG_FORMAT, rev,
			      (long long)clock, seq, l->secret);
}

static uint64_t next_rev(mock_statelog *l)
{
	return __atomic_add_fetch(&l->rev, 1, __ATOMIC_RELAXED);
}

char *mock_statelog_booking(mock_statelog *l, const gtd_booking *b)
{
	gtd_buf buf;

	if (!l)
		return NULL;
	gtd_buf_init(&buf, STATELOG_BUF_MAX);
	if (add_booking_line(&buf, next_rev(l), l->state->seq, b) != GTD_OK) {
		gtd_buf_release(&buf);
		return NULL;
	}
	return gtd_buf_detach(&buf);
}

char *mock_statelog_clock(mock_statelog *l, time_t offset)
{
	char *line;

	if (!l || asprintf(&line, "{\"rev\":%" PRIu64 ",\"clock_offset\":%lld}\n", next_rev(l),
			   (long long)offset) < 0)
		return NULL;
	return line;
}

char *mock_statelog_reset(mock_statelog *l)
{
	char *line;

	if (!l || asprintf(&line, "{\"rev\":%" PRIu64 ",\"reset\":true,\"seq\":%u}\n", next_rev(l),
			   l->state->seq) < 0)
		return NULL;
	return line;
}

int mock_statelog_enabled(const mock_statelog *l)
{
	return l != NULL;
}

/* ---- The file ---- */

static int injected(const char *op, const char *path)
{
	int e = gtd_fs_fault ? gtd_fs_fault(op, path) : 0;

	if (e)
		errno = e;
	return e;
}

static gtd_status io_fail(gtd_err *err, const char *op, const char *path, int e)
{
	return gtd_err_set(err, GTD_EIO, "%s %s: %s%s", op, path, strerror(e),
			   e == ENOSPC || e == EDQUOT ? " - the disk is full; free space and retry" : "");
}

/* Opens path for appending and notes its length. */
static gtd_status reopen(mock_statelog *l, gtd_err *err)
{
	struct stat sb;
	int fd = open(l->path, O_WRONLY | O_APPEND | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &sb) != 0) {
		gtd_status st = io_fail(err, "open", l->path, errno);

		if (fd >= 0)
			close(fd);
		return st;
	}
	if (l->fd >= 0)
		close(l->fd);
	l->fd = fd;
	l->good_len = sb.st_size;
	l->degraded = 0;
	return GTD_OK;
}

/* Takes PATH.lock, so that one mock at a time keeps the file, and then
 * removes what a crash left of compactions (PATH.tmp.XXXXXX). */
static gtd_status lock_log(mock_statelog *l, gtd_err *err)
{
	char *lock = NULL, *copy = strdup(l->path);
	gtd_status st = GTD_OK;
	int n;

	if (!copy || asprintf(&lock, "%s.lock", l->path) < 0) {
		free(copy);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	l->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (l->lock_fd < 0) {
		st = gtd_err_set(err, GTD_EIO, "cannot open %s: %s", lock, strerror(errno));
		goto out;
	}
	while (flock(l->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		st = errno == EWOULDBLOCK
		   ? gtd_err_set(err, GTD_ELOCKED, "another gtd-mock keeps its state in %s (it holds %s): "
						    "give each mock its own --state file", l->path, lock)
		   : gtd_err_set(err, GTD_EIO, "cannot lock %s: %s", lock, strerror(errno));
		goto out;
	}
	n = gtd_remove_temps(dirname(copy), strrchr(l->path, '/') ? strrchr(l->path, '/') + 1 : l->path);
	if (n > 0)
		fprintf(stderr, "gtd-mock: removed %d temporary file%s a crash left beside %s\n", n,
			n == 1 ? "" : "s", l->path);
out:
	free(lock);
	free(copy);
	return st;
}

/* Rewrites the file as a snapshot of s at revision rev, and reopens it. */
static gtd_status compact(mock_statelog *l, uint64_t rev, gtd_err *err)
{
	mock_state *s = l->state;
	gtd_buf buf;
	gtd_status st;
	size_t i;

	gtd_buf_init(&buf, STATELOG_BUF_MAX);
	st = add_header(&buf, l, rev, s->clock_offset, s->seq);
	for (i = 0; st == GTD_OK && i < s->cap; i++)
		if (s->bookings[i])
			st = add_booking_line(&buf, rev, s->seq, s->bookings[i]);
	if (st != GTD_OK) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory writing %s", l->path);
		goto out;
	}
	st = gtd_file_write_atomic(l->path, buf.data, buf.len, 0600, 0, err);
	if (st != GTD_OK)
		goto out;
	l->max_rev = rev;
	st = reopen(l, err);
out:
	if (buf.data)
		OPENSSL_cleanse(buf.data, buf.len);
	gtd_buf_release(&buf);
	return st;
}

gtd_status mock_statelog_open(const char *path, mock_state *s, mock_statelog **out,
			      gtd_err *err)
{
	mock_statelog *l;
	replay r;
	gtd_status st;

	*out = NULL;
	memset(&r, 0, sizeof(r));
	r.clock_offset = s->clock_offset;
	l = calloc(1, sizeof(*l));
	if (!l || !(l->path = strdup(path))) {
		free(l);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	l->state = s;
	l->fd = -1;
	l->lock_fd = -1;
	pthread_mutex_init(&l->mu, NULL);
	pthread_cond_init(&l->turn, NULL);
	if ((st = lock_log(l, err)) != GTD_OK ||
	    (st = replay_file(&r, path, s, err)) != GTD_OK ||
	    (st = replay_finish(&r, s, path, err)) != GTD_OK)
		goto out;
	l->secret = gtd_b64_encode(s->jwt_secret, sizeof(s->jwt_secret), GTD_B64_STD);
	if (!l->secret) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	/* The snapshot sits above every revision the file held, so nothing
	 * left in it by an appender that lost a race can outrank it.  A file
	 * that is a snapshot already is kept as it is: a start with 100,000
	 * bookings then reads them and writes nothing. */
	l->rev = r.max_rev + 1;
	if (!r.header || r.dirty || r.records != s->nbookings) {
		st = compact(l, l->rev, err);
	} else {
		l->max_rev = r.max_rev;
		st = reopen(l, err);
	}
out:
	replay_release(&r);
	if (st != GTD_OK)
		mock_statelog_close(l);
	else
		*out = l;
	return st;
}

void mock_statelog_close(mock_statelog *l)
{
	if (!l)
		return;
	if (l->fd >= 0)
		close(l->fd);
	if (l->lock_fd >= 0)
		close(l->lock_fd);
	if (l->secret) {
		OPENSSL_cleanse(l->secret, strlen(l->secret));
		free(l->secret);
	}
	pthread_cond_destroy(&l->turn);
	pthread_mutex_destroy(&l->mu);
	free(l->path);
	free(l);
}

/* The revision a record starts with, and whether it is a reset (with its
 * seq).  Records come from this module, so the shape is known. */
static uint64_t record_rev(const char *rec, int *reset, unsigned *seq)
{
	char *end;
	uint64_t rev = strtoull(rec + sizeof("{\"rev\":") - 1, &end, 10);

	*reset = sscanf(end, ",\"reset\":true,\"seq\":%u}", seq) == 1;
	return rev;
}

/* Cuts the file back to the last good append.  0 or an errno. */
static int cut_back(mock_statelog *l)
{
	if (ftruncate(l->fd, l->good_len) != 0) {
		l->degraded = 1;
		return errno;
	}
	l->degraded = 0;
	return 0;
}

/* Cuts the file back after a failed write or sync, and says why it failed. */
static gtd_status write_failed(mock_statelog *l, const char *op, int e, gtd_err *err)
{
	if (cut_back(l) != 0)
		return gtd_err_set(err, GTD_EIO, "%s %s: %s; cutting back the partial record failed "
				   "too (%s): appends fail until it succeeds", op, l->path,
				   strerror(e), strerror(errno));
	return io_fail(err, op, l->path, e);
}

/* Writes the lines of first up to last at the end of the file and syncs
 * once.  With the fault seam failing "append", half of the first lines are
 * written first: a short write is what a full disk really does, and what
 * the cut back is for. */
static gtd_status write_sync(mock_statelog *l, appender *first, const appender *last,
			     gtd_err *err)
{
	const char *op = "append to";
	size_t len = 0;
	appender *a;
	int e;

	if (injected("append", l->path)) {
		e = errno;
		if (first->lines.len > 1 && gtd_write_all(l->fd, first->lines.data, first->lines.len / 2) != 0)
			e = errno;
		return write_failed(l, op, e, err);
	}
	for (a = first;; a = a->next) {
		if (a->lines.len && gtd_write_all(l->fd, a->lines.data, a->lines.len) != 0)
			return write_failed(l, op, errno, err);
		len += a->lines.len;
		if (a == last)
			break;
	}
	if (injected("fsync", l->path) || fdatasync(l->fd) != 0)
		return write_failed(l, "fsync", errno, err);
	l->good_len += (off_t)len;
	return GTD_OK;
}

/* Appends a record's text to a->lines, or, for a reset newer than all
 * the file holds (*max_rev), starts them over from a header: the file is
 * then rewritten (*rewrite).  GTD_ENOMEM. */
static gtd_status add_record(mock_statelog *l, appender *a, const char *rec, uint64_t *max_rev,
			     int *rewrite)
{
	unsigned seq = 0;
	int reset;
	uint64_t rev = record_rev(rec, &reset, &seq);
	gtd_status st;

	if (reset && rev > *max_rev) {
		/* Nothing newer is in the file: it can start over from here. */
		gtd_buf_reset(&a->lines);
		*rewrite = 1;
		st = add_header(&a->lines, l, rev, 0, seq);
	} else {
		st = gtd_buf_adds(&a->lines, rec);
	}
	if (rev > *max_rev)
		*max_rev = rev;
	if (rev > a->max_rev)
		a->max_rev = rev;
	return st;
}

/* Builds a's lines against the file's highest revision now; whether they
 * rewrite the file in *rewrite.  GTD_ENOMEM naming the file. */
static gtd_status build_lines(mock_statelog *l, appender *a, uint64_t file_rev, int *rewrite,
			      gtd_err *err)
{
	size_t i;

	*rewrite = 0;
	for (i = 0; i < a->n; i++) {
		if (!a->records[i]) {
			a->missing = 1;
			continue;
		}
		if (add_record(l, a, a->records[i], &file_rev, rewrite) != GTD_OK)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory appending to %s", l->path);
	}
	return GTD_OK;
}

/* What must hold before the file takes more: it is open, and a failed
 * append's bytes are cut off. */
static gtd_status file_ready(mock_statelog *l, gtd_err *err)
{
	gtd_status st;
	int e;

	if (l->fd < 0 && (st = reopen(l, err)) != GTD_OK)
		return st;
	if (l->degraded && (e = cut_back(l)) != 0)
		return gtd_err_set(err, GTD_EIO, "cannot cut %s back after a failed append: %s",
				   l->path, strerror(e));
	return GTD_OK;
}

/* A reset's append, alone: its lines are built now, against what the file
 * holds, and may replace the whole file. */
static gtd_status write_reset(mock_statelog *l, appender *a, gtd_err *err)
{
	gtd_status st;
	int rewrite;

	if ((st = file_ready(l, err)) != GTD_OK ||
	    (st = build_lines(l, a, l->max_rev, &rewrite, err)) != GTD_OK)
		return st;
	if (!rewrite)
		return write_sync(l, a, a, err);
	st = gtd_file_write_atomic(l->path, a->lines.data, a->lines.len, 0600, 0, err);
	if (st != GTD_OK)
		return st;
	/* The records are safe; a failed reopen is retried by the next append. */
	if (reopen(l, NULL) != GTD_OK && l->fd >= 0) {
		close(l->fd);
		l->fd = -1;
	}
	return GTD_OK;
}

/* The batch first..last, written and synced by first's thread. */
static gtd_status write_batch(mock_statelog *l, appender *first, appender *last, gtd_err *err)
{
	uint64_t max_rev = l->max_rev;
	gtd_status st;
	appender *a;

	if (first->reset)
		st = write_reset(l, first, err);
	else if ((st = file_ready(l, err)) == GTD_OK)
		st = write_sync(l, first, last, err);
	if (st != GTD_OK)
		return st;
	for (a = first;; a = a->next) {
		if (a->max_rev > max_rev)
			max_rev = a->max_rev;
		if (a == last)
			break;
	}
	l->max_rev = max_rev;
	return GTD_OK;
}

/* Called with mu held by the appender at the head of the queue: takes it
 * and those queued behind it, up to the next reset (which may rewrite the
 * file, so it goes alone), writes them without mu, and hands each its
 * outcome.  The next in the queue leads after. */
static void lead(mock_statelog *l, appender *first)
{
	appender *last = first, *a, *next, *rest;
	gtd_status st;
	gtd_err err;

	while (!first->reset && last->next && !last->next->reset)
		last = last->next;
	pthread_mutex_unlock(&l->mu);
	st = write_batch(l, first, last, &err);
	pthread_mutex_lock(&l->mu);
	rest = last->next;
	for (a = first; a != rest; a = next) {
		next = a->next;
		a->st = st;
		if (st != GTD_OK)
			a->err = err;
		a->done = 1;
	}
	l->head = rest;
	if (!rest)
		l->tail = NULL;
	pthread_cond_broadcast(&l->turn);
}

/* Prepares a for the queue: its lines now, unless it holds a reset, whose
 * lines depend on the file when its turn comes.  GTD_ENOMEM. */
static gtd_status appender_init(mock_statelog *l, appender *a, char *const *records, size_t n,
				gtd_err *err)
{
	unsigned seq;
	int rewrite;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->records = records;
	a->n = n;
	gtd_buf_init(&a->lines, STATELOG_BUF_MAX);
	for (i = 0; i < n && !a->reset; i++)
		if (records[i])
			record_rev(records[i], &a->reset, &seq);
	return a->reset ? GTD_OK : build_lines(l, a, 0, &rewrite, err);
}

gtd_status mock_statelog_append(mock_statelog *l, char *const *records, size_t n,
				gtd_err *err)
{
	appender a;
	gtd_status st;

	if (!l)
		return GTD_OK;
	st = appender_init(l, &a, records, n, err);
	if (st == GTD_OK && (a.reset || a.lines.len)) {
		pthread_mutex_lock(&l->mu);
		if (l->tail)
			l->tail->next = &a;
		else
			l->head = &a;
		l->tail = &a;
		/* Test seam: says an append waits behind another's sync. */
		if (l->head != &a && gtd_fs_fault)
			gtd_fs_fault("wait", l->path);
		while (!a.done && l->head != &a)
			pthread_cond_wait(&l->turn, &l->mu);
		if (!a.done)
			lead(l, &a);
		pthread_mutex_unlock(&l->mu);
		st = a.st;
		if (st != GTD_OK && err)
			*err = a.err;
	}
	if (st == GTD_OK && a.missing)
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory: a change was not recorded in %s",
				 l->path);
	if (a.lines.data)
		OPENSSL_cleanse(a.lines.data, a.lines.len);
	gtd_buf_release(&a.lines);
	return st;
}
