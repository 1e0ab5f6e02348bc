/* journal.h - the mock's account of every request it answered.
 *
 * One entry per request: id, time, partner, API, headers and fields with
 * secrets masked, each check and its verdict, the booking before and
 * after, the answer, and one sentence saying why.  Entries are kept in a
 * ring for the control API and appended as JSON lines to a file.
 */
#ifndef MOCK_JOURNAL_H
#define MOCK_JOURNAL_H

#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "err.h"

typedef struct mock_journal mock_journal;

/* Opens a journal keeping the last capacity entries in memory and, when
 * path is not NULL, appending each to path (created with mode 0600). */
gtd_status mock_journal_open(const char *path, size_t capacity, mock_journal **out,
			     gtd_err *err);
void mock_journal_close(mock_journal *j);

/* What the ring in memory may hold, in bytes of entry text, by default:
 * past it the oldest entries leave it, whatever its count of entries. */
#define MOCK_JOURNAL_RING_BYTES (32u * 1024 * 1024)

/* Sets the ring's byte bound (MOCK_JOURNAL_RING_BYTES by default). */
void mock_journal_ring_limit(mock_journal *j, size_t max_bytes);

/* The entries the ring holds, the bytes of their texts and its bound. */
void mock_journal_memory(mock_journal *j, size_t *entries, size_t *bytes, size_t *max_bytes);

/* Past max_bytes (0: never) the file is renamed to FILE.1, replacing the
 * previous FILE.1, and a new FILE starts: a long load test cannot fill
 * the disk.  Only a regular file rotates. */
void mock_journal_limit(mock_journal *j, size_t max_bytes);

/* A fresh request id (1, 2, ...); thread-safe. */
unsigned long mock_journal_next_id(mock_journal *j);

/* An entry under construction; handlers fill it, the server commits it.
 * Values are kept as JSON text in one buffer and the line is written, not
 * built as a tree: every request makes one. */
#define MOCK_ENTRY_FIELDS 48
#define MOCK_ENTRY_KEY 32

typedef struct mock_entry_field {
	char key[MOCK_ENTRY_KEY];
	enum { MOCK_FIELD_STR, MOCK_FIELD_JSON, MOCK_FIELD_CHECKS } kind;
	size_t off, len;            /* the value in text: a raw string or JSON */
} mock_entry_field;

typedef struct mock_entry {
	unsigned long id;
	int failed;                 /* out of memory: the entry is not journaled */
	unsigned dropped;           /* fields beyond MOCK_ENTRY_FIELDS, not kept */
	gtd_buf text;               /* the values, each NUL-terminated */
	gtd_buf checks;             /* the checks array's members, written */
	size_t nfields;
	mock_entry_field fields[MOCK_ENTRY_FIELDS];
} mock_entry;

/* Starts an entry with id, time, method and path. */
void mock_entry_init(mock_entry *e, unsigned long id, time_t now, const char *method,
		     const char *path);
void mock_entry_release(mock_entry *e);

/* Each sets key (replacing any value it had, keeping its place).  Values
 * may hold any bytes: the line written is UTF-8 all the same, a value that
 * is not having U+FFFD for each bad sequence and a member KEY_raw_hex with
 * its bytes in hex (a check's texts likewise; for JSON values, the hex of
 * the JSON text). */
void mock_entry_str(mock_entry *e, const char *key, const char *value);  /* NULL: null */
void mock_entry_num(mock_entry *e, const char *key, double value);
/* Takes ownership of value. */
void mock_entry_json(mock_entry *e, const char *key, cJSON *value);
/* A value that is JSON text already (the caller vouches for it). */
void mock_entry_raw(mock_entry *e, const char *key, const char *json, size_t len);
/* Records one check and its verdict. */
void mock_entry_check(mock_entry *e, const char *check, int ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The one sentence that explains the answer (the last call wins). */
void mock_entry_why(mock_entry *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string value of key so far, bytes as set, or NULL (not set, not a
 * string); valid until the entry next changes. */
const char *mock_entry_get(const mock_entry *e, const char *key);

/* Hands e to the journal (e is empty afterwards). */
void mock_journal_commit(mock_journal *j, mock_entry *e);

/* Which entries a reader wants.  NULL strings and 0 numbers match any. */
typedef struct mock_journal_query {
	unsigned long since;        /* only entries after this one (see below) */
	const char *partner;        /* the entry's partner */
	const char *api;            /* the entry's api: "login" */
	const char *code;           /* the entry's error_code: "04" */
	const char *booking;        /* the entry's booking number */
	int http;                   /* the entry's HTTP status */
	int no_control;             /* leave out requests to /__gtd/ */
	size_t limit;               /* at most this many: the newest */
} mock_journal_query;

/* The entries q matches, in the order they were committed: the newest
 * q->limit of them, so a page shows what just happened.  A new array the
 * caller deletes; *omitted (when not NULL) gets how many older matching
 * entries the limit left out, so a poller knows it fell behind.  "After
 * since" is after the entry with id since when the ring still holds it
 * (so a poller passing the last id it saw misses nothing that finished
 * late), else every id > since. */
cJSON *mock_journal_find(mock_journal *j, const mock_journal_query *q, size_t *omitted);

/* mock_journal_find with since, partner and limit only. */
cJSON *mock_journal_since(mock_journal *j, unsigned long since, const char *partner, size_t limit);

/* The entry with id, parsed (the caller deletes it), or NULL when the ring
 * no longer holds it. */
cJSON *mock_journal_entry(mock_journal *j, unsigned long id);

/* Forgets the entries in memory (the file keeps them). */
void mock_journal_clear(mock_journal *j);

#endif
