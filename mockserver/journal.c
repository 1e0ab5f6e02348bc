#include "journal.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "booking.h"
#include "jsonw.h"
#include "utf8.h"
#include "valid.h"

/* The ring keeps entries as their printed lines, not as trees: a line is
 * one allocation to free when it falls out of the ring, where a tree is
 * dozens, and the ring's memory is a third.  The control API parses the
 * few lines it returns. */
typedef struct line {
	char *text;                         /* one JSON object, no newline */
	size_t len;                         /* strlen(text) */
	unsigned long id;
	char partner[GTD_SLUG_MAX + 1];     /* "" when the entry names none */
	char api[MOCK_ENTRY_KEY];           /* "" likewise */
	char code[4];                       /* error_code: "04", or "" */
	char booking[GTD_BOOKING_NUMBER_MAX]; /* the booking number, or "" */
	int http;                           /* the answer's status; 0: dropped */
	int control;                        /* a request to the control API */
} line;

struct mock_journal {
	pthread_mutex_t lock;
	line *ring;
	size_t capacity, next;   /* next slot to write */
	/* The ring's texts are bounded in bytes too: a few huge entries
	 * (1 MB bodies) cannot hold a thousand times the memory of small ones. */
	size_t bytes, max_bytes;
	unsigned long last_id;
	int fd;
	/* Rotation (regular files only): past max bytes the file becomes
	 * path.1 (replacing the previous one) and a new file starts. */
	char *path;
	size_t max, written;
	int rotating;
};

gtd_status mock_journal_open(const char *path, size_t capacity, mock_journal **out,
			     gtd_err *err)
{
	mock_journal *j = calloc(1, sizeof(*j));

	*out = NULL;
	if (!j || !(j->ring = calloc(capacity, sizeof(line)))) {
		free(j);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory for the journal");
	}
	j->capacity = capacity;
	j->max_bytes = MOCK_JOURNAL_RING_BYTES;
	j->fd = -1;
	if (path) {
		struct stat sb;

		j->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (j->fd < 0) {
			free(j->ring);
			free(j);
			return gtd_err_set(err, GTD_EIO, "cannot open the journal %s: %m", path);
		}
		/* /dev/null, a FIFO, a terminal: written to, never rotated. */
		if (fstat(j->fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
			j->path = strdup(path);
			j->written = (size_t)sb.st_size;
		}
	}
	pthread_mutex_init(&j->lock, NULL);
	*out = j;
	return GTD_OK;
}

void mock_journal_close(mock_journal *j)
{
	size_t i;

	if (!j)
		return;
	for (i = 0; i < j->capacity; i++)
		free(j->ring[i].text);
	if (j->fd >= 0)
		close(j->fd);
	pthread_mutex_destroy(&j->lock);
	free(j->path);
	free(j->ring);
	free(j);
}

void mock_journal_limit(mock_journal *j, size_t max_bytes)
{
	__atomic_store_n(&j->max, max_bytes, __ATOMIC_RELAXED);
}

/* Moves a full journal file to path.1 and starts a new one.  One thread
 * does it; the others keep writing meanwhile.  dup3() swaps the file
 * behind j->fd in one step, so a concurrent writev goes to the old file or
 * the new one, never to a closed descriptor. */
static void rotate(mock_journal *j)
{
	char *old = NULL;
	int fd = -1, idle = 0;

	if (!__atomic_compare_exchange_n(&j->rotating, &idle, 1, 0, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return;
	if (asprintf(&old, "%s.1", j->path) < 0 || rename(j->path, old) != 0 ||
	    (fd = open(j->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600)) < 0 ||
	    dup3(fd, j->fd, O_CLOEXEC) < 0) {
		perror("gtd-mock: rotating the journal");
		/* keep writing where we are; say it once */
		__atomic_store_n(&j->max, 0, __ATOMIC_RELAXED);
	} else {
		__atomic_store_n(&j->written, 0, __ATOMIC_RELAXED);
	}
	if (fd >= 0)
		close(fd);
	free(old);
	__atomic_store_n(&j->rotating, 0, __ATOMIC_RELEASE);
}

unsigned long mock_journal_next_id(mock_journal *j)
{
	return __atomic_add_fetch(&j->last_id, 1, __ATOMIC_RELAXED);
}

#define ENTRY_TEXT_MAX (256 * 1024)

/* Appends s[0..len) to b with each malformed sequence replaced by U+FFFD. */
static void add_scrubbed(gtd_buf *b, const char *s, size_t len)
{
	size_t i = 0, good;

	while (i < len && !gtd_utf8_valid(s + i, len - i, &good)) {
		gtd_buf_add(b, s + i, good);
		gtd_buf_add(b, "\xef\xbf\xbd", 3);
		i += good;
		i += gtd_utf8_bad_len(s + i, len - i);
	}
	gtd_buf_add(b, s + i, len - i);
}

/* Writes member key: the string s (len bytes), or s as JSON text when
 * json.  Paths, query arguments and headers arrive as any bytes, and a
 * journal line is JSON, which is UTF-8: text that is not is written with
 * U+FFFD in place of each bad sequence, and member key_raw_hex holds the
 * bytes as they came, in hex, so that nothing is lost.  Bytes from 0x80
 * are never JSON syntax, so JSON text stays JSON once scrubbed. */
static void put_text(gtd_jw *w, const char *key, const char *s, size_t len, int json)
{
	static const char digits[] = "0123456789abcdef";
	char hexkey[MOCK_ENTRY_KEY + sizeof("_raw_hex")];
	gtd_buf tmp;
	size_t i;

	if (gtd_utf8_valid(s, len, NULL)) {
		if (json)
			gtd_jw_raw(w, key, s, len);
		else
			gtd_jw_str(w, key, s);
		return;
	}
	gtd_buf_init(&tmp, 3 * len + 1);
	add_scrubbed(&tmp, s, len);
	if (gtd_buf_status(&tmp) != GTD_OK)
		goto out;
	if (json)
		gtd_jw_raw(w, key, tmp.data, tmp.len);
	else
		gtd_jw_str(w, key, tmp.data);
	gtd_buf_reset(&tmp);
	for (i = 0; i < len; i++) {
		gtd_buf_addc(&tmp, digits[(unsigned char)s[i] >> 4]);
		gtd_buf_addc(&tmp, digits[(unsigned char)s[i] & 0xf]);
	}
	snprintf(hexkey, sizeof(hexkey), "%s_raw_hex", key);
	if (gtd_buf_status(&tmp) == GTD_OK)
		gtd_jw_str(w, hexkey, gtd_buf_str(&tmp));
out:
	/* A line without the text or its bytes would be a lie: it fails. */
	if (gtd_buf_status(&tmp) != GTD_OK)
		gtd_buf_fail(w->b, gtd_buf_status(&tmp));
	gtd_buf_release(&tmp);
}

static void set(mock_entry *e, const char *key, const char *value, size_t len, int kind);

void mock_entry_init(mock_entry *e, unsigned long id, time_t now, const char *method,
		     const char *path)
{
	char iso[21];

	e->id = id;
	e->failed = 0;
	e->dropped = 0;
	e->nfields = 0;
	gtd_buf_init(&e->text, ENTRY_TEXT_MAX);
	gtd_buf_init(&e->checks, ENTRY_TEXT_MAX);
	gtd_iso8601(iso, now);
	mock_entry_str(e, "time", iso);
	mock_entry_str(e, "method", method);
	mock_entry_str(e, "path", path);
	set(e, "checks", "", 0, MOCK_FIELD_CHECKS);
}

void mock_entry_release(mock_entry *e)
{
	gtd_buf_release(&e->text);
	gtd_buf_release(&e->checks);
	e->nfields = 0;
}

/* Appends value as key's new text; the old text stays unused until the
 * entry is released. */
static void set(mock_entry *e, const char *key, const char *value, size_t len, int kind)
{
	mock_entry_field *f = NULL;
	size_t i, off = e->text.len;

	if (e->failed)
		return;
	for (i = 0; i < e->nfields && !f; i++)
		if (e->fields[i].key[0] == key[0] && strcmp(e->fields[i].key, key) == 0)
			f = &e->fields[i];
	if (!f) {
		if (e->nfields == MOCK_ENTRY_FIELDS || strlen(key) >= MOCK_ENTRY_KEY) {
			e->dropped++;
			return;
		}
		f = &e->fields[e->nfields++];
		strcpy(f->key, key);
	}
	if (gtd_buf_add(&e->text, value, len) != GTD_OK || gtd_buf_addc(&e->text, '\0') != GTD_OK) {
		e->failed = 1;
		return;
	}
	f->off = off;
	f->len = len;
	f->kind = kind;
}

void mock_entry_json(mock_entry *e, const char *key, cJSON *value)
{
	char *text = value ? cJSON_PrintUnformatted(value) : NULL;

	cJSON_Delete(value);
	if (text)
		mock_entry_raw(e, key, text, strlen(text));
	else
		e->failed = 1;
	free(text);
}

void mock_entry_raw(mock_entry *e, const char *key, const char *json, size_t len)
{
	set(e, key, json, len, MOCK_FIELD_JSON);
}

void mock_entry_str(mock_entry *e, const char *key, const char *value)
{
	if (value)
		set(e, key, value, strlen(value), MOCK_FIELD_STR);
	else
		mock_entry_raw(e, key, "null", 4);
}

void mock_entry_num(mock_entry *e, const char *key, double value)
{
	char num[32];

	if (value == (double)(long long)value && value > -9e15 && value < 9e15)
		snprintf(num, sizeof(num), "%lld", (long long)value);
	else
		snprintf(num, sizeof(num), "%.17g", value);
	mock_entry_raw(e, key, num, strlen(num));
}

void mock_entry_check(mock_entry *e, const char *check, int ok, const char *fmt, ...)
{
	char detail[1024];
	va_list ap;
	gtd_jw w;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	gtd_jw_init(&w, &e->checks);
	w.comma = e->checks.len > 0;
	gtd_jw_open(&w, NULL, '{');
	put_text(&w, "check", check, strlen(check), 0);
	gtd_jw_bool(&w, "ok", ok);
	put_text(&w, "detail", detail, strlen(detail), 0);
	gtd_jw_close(&w, '}');
	if (gtd_buf_status(&e->checks) != GTD_OK)
		e->failed = 1;
}

void mock_entry_why(mock_entry *e, const char *fmt, ...)
{
	char why[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	mock_entry_str(e, "why", why);
}

const char *mock_entry_get(const mock_entry *e, const char *key)
{
	size_t i;

	/* A failed entry's text buffer has dropped the values. */
	if (e->failed)
		return NULL;
	for (i = 0; i < e->nfields; i++)
		if (e->fields[i].key[0] == key[0] && strcmp(e->fields[i].key, key) == 0)
			return e->fields[i].kind == MOCK_FIELD_STR ? e->text.data + e->fields[i].off : NULL;
	return NULL;
}

/* The entry as one line: id, then the fields in the order they were first
 * set (time, method, path and checks come first). */
static char *render(const mock_entry *e)
{
	gtd_buf out;
	gtd_jw w;
	size_t i;

	gtd_buf_init(&out, 2 * ENTRY_TEXT_MAX + 1024);
	gtd_jw_init(&w, &out);
	gtd_jw_open(&w, NULL, '{');
	gtd_jw_int(&w, "id", (long long)e->id);
	for (i = 0; i < e->nfields; i++) {
		const mock_entry_field *f = &e->fields[i];
		const char *v = e->text.data + f->off;

		switch (f->kind) {
		case MOCK_FIELD_STR:
			put_text(&w, f->key, v, f->len, 0);
			break;
		case MOCK_FIELD_JSON:
			put_text(&w, f->key, v, f->len, 1);
			break;
		case MOCK_FIELD_CHECKS:
			gtd_jw_open(&w, f->key, '[');
			gtd_jw_raw(&w, NULL, e->checks.data, e->checks.len);
			gtd_jw_close(&w, ']');
			break;
		}
	}
	if (e->dropped)
		gtd_jw_int(&w, "fields_dropped", e->dropped);
	gtd_jw_close(&w, '}');
	return gtd_buf_detach(&out);   /* NULL when a write above failed */
}

/* The text of key whatever its kind (a number's digits), or NULL. */
static const char *entry_text(const mock_entry *e, const char *key)
{
	size_t i;

	if (e->failed)
		return NULL;
	for (i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].key, key) == 0)
			return e->fields[i].kind == MOCK_FIELD_CHECKS ? NULL : e->text.data + e->fields[i].off;
	return NULL;
}

/* Copies v into out when it fits; a value that does not fit matches no
 * filter, as no real one could be that long. */
static void keep(char *out, size_t size, const char *v)
{
	if (v && strlen(v) < size)
		strcpy(out, v);
}

void mock_journal_commit(mock_journal *j, mock_entry *e)
{
	const char *http = entry_text(e, "http"), *path;
	line l = {0};
	char *old;
	size_t i;

	l.id = e->id;
	keep(l.partner, sizeof(l.partner), mock_entry_get(e, "partner"));
	keep(l.api, sizeof(l.api), mock_entry_get(e, "api"));
	keep(l.code, sizeof(l.code), mock_entry_get(e, "error_code"));
	keep(l.booking, sizeof(l.booking), mock_entry_get(e, "booking"));
	l.http = http ? atoi(http) : 0;
	l.control = (path = mock_entry_get(e, "path")) && strncmp(path, "/__gtd/", 7) == 0;
	l.text = e->failed ? NULL : render(e);
	mock_entry_release(e);
	if (!l.text)
		return;
	if (j->fd >= 0) {
		/* One writev() per line with O_APPEND: lines never interleave. */
		size_t len = strlen(l.text), max;
		struct iovec iov[2] = {{l.text, len}, {(void *)"\n", 1}};

		if (writev(j->fd, iov, 2) < 0)
			perror("gtd-mock: journal");
		else if (j->path && (max = __atomic_load_n(&j->max, __ATOMIC_RELAXED)) &&
			 __atomic_add_fetch(&j->written, len + 1, __ATOMIC_RELAXED) > max)
			rotate(j);
	}
	l.len = strlen(l.text);
	pthread_mutex_lock(&j->lock);
	old = j->ring[j->next].text;
	j->bytes += l.len - j->ring[j->next].len;
	j->ring[j->next] = l;
	j->next = (j->next + 1) % j->capacity;
	/* Past the byte bound, the oldest entries go first (never the new one). */
	for (i = j->next; j->bytes > j->max_bytes && i != (j->next + j->capacity - 1) % j->capacity;
	     i = (i + 1) % j->capacity) {
		if (!j->ring[i].text)
			continue;
		j->bytes -= j->ring[i].len;
		free(j->ring[i].text);
		j->ring[i].text = NULL;
		j->ring[i].len = 0;
	}
	pthread_mutex_unlock(&j->lock);
	free(old);
}

void mock_journal_ring_limit(mock_journal *j, size_t max_bytes)
{
	pthread_mutex_lock(&j->lock);
	j->max_bytes = max_bytes;
	pthread_mutex_unlock(&j->lock);
}

void mock_journal_memory(mock_journal *j, size_t *entries, size_t *bytes, size_t *max_bytes)
{
	size_t i, n = 0;

	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->capacity; i++)
		n += j->ring[i].text != NULL;
	*bytes = j->bytes;
	*max_bytes = j->max_bytes;
	pthread_mutex_unlock(&j->lock);
	*entries = n;
}

static int line_matches(const line *l, const mock_journal_query *q)
{
	return l->text && (!q->partner || strcmp(l->partner, q->partner) == 0) &&
	       (!q->api || strcmp(l->api, q->api) == 0) && (!q->code || strcmp(l->code, q->code) == 0) &&
	       (!q->booking || strcmp(l->booking, q->booking) == 0) && (!q->http || l->http == q->http) &&
	       !(q->no_control && l->control);
}

cJSON *mock_journal_find(mock_journal *j, const mock_journal_query *q, size_t *omitted)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, from = 0, matched = 0, skip;
	int found = 0;

	pthread_mutex_lock(&j->lock);
	/* Ids are given on arrival and entries kept in the order they finish,
	 * so a slow request can land after a higher id.  When since is still
	 * in the ring, everything after it is new, whatever its id. */
	for (i = 0; q->since && i < j->capacity && !found; i++)
		if (j->ring[(j->next + i) % j->capacity].text &&
		    j->ring[(j->next + i) % j->capacity].id == q->since)
			found = 1, from = i + 1;
	/* Two passes: count, then keep the newest limit of them. */
	for (i = from; i < j->capacity; i++) {
		const line *l = &j->ring[(j->next + i) % j->capacity];

		if (line_matches(l, q) && (found || l->id > q->since))
			matched++;
	}
	skip = matched > q->limit ? matched - q->limit : 0;
	if (omitted)
		*omitted = skip;
	for (i = from; arr && i < j->capacity; i++) {
		const line *l = &j->ring[(j->next + i) % j->capacity];
		cJSON *o;

		if (!line_matches(l, q) || (!found && l->id <= q->since))
			continue;
		if (skip) {
			skip--;
			continue;
		}
		if ((o = cJSON_Parse(l->text)))
			cJSON_AddItemToArray(arr, o);
	}
	pthread_mutex_unlock(&j->lock);
	return arr;
}

cJSON *mock_journal_since(mock_journal *j, unsigned long since, const char *partner, size_t limit)
{
	mock_journal_query q = {0};

	q.since = since;
	q.partner = partner;
	q.limit = limit;
	return mock_journal_find(j, &q, NULL);
}

cJSON *mock_journal_entry(mock_journal *j, unsigned long id)
{
	cJSON *o = NULL;
	size_t i;

	pthread_mutex_lock(&j->lock);
	for (i = 0; id && i < j->capacity && !o; i++)
		if (j->ring[i].text && j->ring[i].id == id)
			o = cJSON_Parse(j->ring[i].text);
	pthread_mutex_unlock(&j->lock);
	return o;
}

void mock_journal_clear(mock_journal *j)
{
	size_t i;

	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->capacity; i++) {
		free(j->ring[i].text);
		j->ring[i].text = NULL;
		j->ring[i].len = 0;
	}
	j->bytes = 0;
	pthread_mutex_unlock(&j->lock);
}
