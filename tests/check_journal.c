/* The mock's journal: entries are written as text, so each test reads the
 * line back with cJSON (the independent parser) and checks what a reader
 * of journal.jsonl or GET /__gtd/journal would see. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "journal.h"
#include "utf8.h"

#define T0 1764324000   /* 2025-11-28T10:00:00Z */

static char path[64];

static void setup(void)
{
	int fd;

	strcpy(path, "/tmp/check_journal.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void teardown(void)
{
	unlink(path);
}

/* The last line of the journal file, as written, into last. */
static void last_text(char last[8192])
{
	char line[8192];
	FILE *f = fopen(path, "r");

	ck_assert_ptr_nonnull(f);
	last[0] = '\0';
	while (fgets(line, 8192, f))
		strcpy(last, line);
	fclose(f);
}

/* The last line of the journal file, parsed. */
static cJSON *last_line(void)
{
	char last[8192];

	last_text(last);
	return cJSON_Parse(last);
}

/* The id of entry i of an array mock_journal_since returned. */
static double id_at(const cJSON *arr, int i)
{
	return cJSON_GetObjectItem(cJSON_GetArrayItem(arr, i), "id")->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	ck_assert_msg(cJSON_IsString(v), "%s is not a string", key);
	return v->valuestring;
}

START_TEST(test_entry_as_read_back)
{
	mock_journal *j;
	mock_entry e;
	cJSON *o, *checks, *c, *first;

	ck_assert_int_eq(mock_journal_open(path, 10, &j, NULL), GTD_OK);
	mock_entry_init(&e, 7, T0, "POST", "/api/partner/login");
	mock_entry_str(&e, "partner", "demo");
	mock_entry_check(&e, "apikey", 1, "partner %s", "demo");
	mock_entry_check(&e, "signature", 0, "quote \" and\nnewline");
	mock_entry_str(&e, "error_code", "04");
	mock_entry_str(&e, "user", NULL);
	mock_entry_num(&e, "http", 200);
	mock_entry_num(&e, "delay", 1.5);
	mock_entry_json(&e, "fields", cJSON_Parse("{\"user_id\":\"Trần\",\"n\":[1,2]}"));
	mock_entry_raw(&e, "after", "{\"status\":\"BOOKED\"}", 19);
	mock_entry_why(&e, "first");
	mock_entry_why(&e, "the signature does not verify (%s)", "04");
	ck_assert_str_eq(mock_entry_get(&e, "why"), "the signature does not verify (04)");
	ck_assert_str_eq(mock_entry_get(&e, "partner"), "demo");
	ck_assert_ptr_null(mock_entry_get(&e, "http"));       /* not a string */
	ck_assert_ptr_null(mock_entry_get(&e, "absent"));
	mock_journal_commit(j, &e);

	o = last_line();
	ck_assert_ptr_nonnull(o);
	/* id, time, method, path and checks first, then the order of setting */
	first = o->child;
	ck_assert_str_eq(first->string, "id");
	ck_assert_str_eq(first->next->string, "time");
	ck_assert_str_eq(first->next->next->next->next->string, "checks");
	ck_assert_str_eq(first->next->next->next->next->next->string, "partner");
	ck_assert_double_eq(cJSON_GetObjectItem(o, "id")->valuedouble, 7);
	ck_assert_str_eq(str(o, "time"), "2025-11-28T10:00:00Z");
	ck_assert_str_eq(str(o, "method"), "POST");
	ck_assert_str_eq(str(o, "path"), "/api/partner/login");
	checks = cJSON_GetObjectItem(o, "checks");
	ck_assert_int_eq(cJSON_GetArraySize(checks), 2);
	c = cJSON_GetArrayItem(checks, 1);
	ck_assert_str_eq(str(c, "check"), "signature");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(c, "ok")));
	ck_assert_str_eq(str(c, "detail"), "quote \" and\nnewline");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(checks, 0), "ok")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(o, "user")));
	ck_assert_double_eq(cJSON_GetObjectItem(o, "http")->valuedouble, 200);
	ck_assert_double_eq(cJSON_GetObjectItem(o, "delay")->valuedouble, 1.5);
	ck_assert_str_eq(str(cJSON_GetObjectItem(o, "fields"), "user_id"), "Trần");
	ck_assert_str_eq(str(cJSON_GetObjectItem(o, "after"), "status"), "BOOKED");
	ck_assert_str_eq(str(o, "why"), "the signature does not verify (04)");
	ck_assert_ptr_null(cJSON_GetObjectItem(o, "fields_dropped"));
	cJSON_Delete(o);
	mock_journal_close(j);
}
END_TEST

START_TEST(test_replacing_keeps_place)
{
	mock_journal *j;
	mock_entry e;
	cJSON *o;
	char *text;

	ck_assert_int_eq(mock_journal_open(path, 10, &j, NULL), GTD_OK);
	mock_entry_init(&e, 1, T0, "GET", "/x");
	mock_entry_str(&e, "api", "login");
	mock_entry_str(&e, "why", "early");
	mock_entry_num(&e, "api", 3);
	mock_entry_str(&e, "why", "late");
	mock_journal_commit(j, &e);
	o = last_line();
	text = cJSON_PrintUnformatted(o);
	ck_assert_str_eq(text, "{\"id\":1,\"time\":\"2025-11-28T10:00:00Z\",\"method\":\"GET\","
			       "\"path\":\"/x\",\"checks\":[],\"api\":3,\"why\":\"late\"}");
	free(text);
	cJSON_Delete(o);
	mock_journal_close(j);
}
END_TEST

START_TEST(test_hostile_path_escaped)
{
	/* Whatever a client puts in the path comes back as the same string. */
	static const char hostile[] = "/a\"b\\c\x01\td\xe1\xba\xa1\"}]";
	mock_journal *j;
	mock_entry e;
	cJSON *o;

	ck_assert_int_eq(mock_journal_open(path, 10, &j, NULL), GTD_OK);
	mock_entry_init(&e, 2, T0, "GET", hostile);
	mock_journal_commit(j, &e);
	o = last_line();
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(str(o, "path"), hostile);
	cJSON_Delete(o);
	mock_journal_close(j);
}
END_TEST

/* What bytes in hex look like, for comparing with a _raw_hex member. */
static const char *hex_of(const char *s)
{
	static char out[512];
	size_t i;

	for (i = 0; s[i] && 2 * i + 2 < sizeof(out); i++)
		sprintf(out + 2 * i, "%02x", (unsigned char)s[i]);
	out[2 * i] = '\0';
	return out;
}

START_TEST(test_bytes_not_utf8_kept_in_hex)
{
	/* A stray byte, a cut 3-byte sequence, an overlong '/', a surrogate:
	 * a client can send any of them, cJSON would take and give them back
	 * as they are, and a strict reader refuses the line.  The line says
	 * U+FFFD in their place (one for each maximal subpart, as Python and
	 * browsers read them) and keeps the bytes in hex. */
	static const char bad_path[] = "/p\xff/\xe2\x82/\xc0\xaf/\xed\xa0\x80";
	static const char bad_json[] = "{\"user\":\"Tr\xe1\xba\"}";
	char text[8192];
	mock_journal *j;
	mock_entry e;
	cJSON *o, *check, *fields;

	ck_assert_int_eq(mock_journal_open(path, 10, &j, NULL), GTD_OK);
	mock_entry_init(&e, 3, T0, "GET", bad_path);
	mock_entry_str(&e, "booking", "ADCO\xe2\x82");
	mock_entry_str(&e, "partner", "Vi\xe1\xbb\x87t");
	mock_entry_check(&e, "apikey", 0, "no partner has the key %s", "k\xff");
	mock_entry_json(&e, "fields", cJSON_Parse(bad_json));
	mock_entry_raw(&e, "after", "[\"\xf4\x90\x80\x80\"]", 8);
	mock_entry_why(&e, "booking %s", "\xc0\xaf");
	mock_journal_commit(j, &e);
	last_text(text);
	ck_assert_msg(gtd_utf8_valid(text, strlen(text), NULL), "not UTF-8: %s", text);
	o = cJSON_Parse(text);
	ck_assert_ptr_nonnull(o);

	ck_assert_str_eq(str(o, "path"), "/p\xef\xbf\xbd/\xef\xbf\xbd/\xef\xbf\xbd\xef\xbf\xbd/"
					 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(str(o, "path_raw_hex"), "2f70ff2fe2822fc0af2feda080");
	ck_assert_str_eq(str(o, "booking"), "ADCO\xef\xbf\xbd");
	ck_assert_str_eq(str(o, "booking_raw_hex"), hex_of("ADCO\xe2\x82"));
	ck_assert_str_eq(str(o, "why"), "booking \xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(str(o, "why_raw_hex"), hex_of("booking \xc0\xaf"));
	check = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "checks"), 0);
	ck_assert_str_eq(str(check, "detail"), "no partner has the key k\xef\xbf\xbd");
	ck_assert_str_eq(str(check, "detail_raw_hex"), hex_of("no partner has the key k\xff"));
	/* JSON values keep their shape; the hex is of their text. */
	fields = cJSON_GetObjectItem(o, "fields");
	ck_assert_str_eq(str(fields, "user"), "Tr\xef\xbf\xbd");
	ck_assert_str_eq(str(o, "fields_raw_hex"), hex_of(bad_json));
	ck_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "after"), 0)->valuestring,
			 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	ck_assert_str_eq(str(o, "after_raw_hex"), hex_of("[\"\xf4\x90\x80\x80\"]"));
	/* Text that is UTF-8 is left alone, with no hex beside it. */
	ck_assert_str_eq(str(o, "partner"), "Vi\xe1\xbb\x87t");
	ck_assert_ptr_null(cJSON_GetObjectItem(o, "partner_raw_hex"));
	ck_assert_ptr_null(cJSON_GetObjectItem(o, "method_raw_hex"));
	ck_assert_ptr_null(cJSON_GetObjectItem(check, "check_raw_hex"));
	cJSON_Delete(o);
	mock_journal_close(j);
}
END_TEST

START_TEST(test_too_many_fields_noted)
{
	/* Past MOCK_ENTRY_FIELDS the entry keeps what fits and says how many
	 * did not, rather than losing the request. */
	mock_journal *j;
	mock_entry e;
	cJSON *o;
	char key[16];
	int i;

	ck_assert_int_eq(mock_journal_open(path, 10, &j, NULL), GTD_OK);
	mock_entry_init(&e, 3, T0, "GET", "/x");
	for (i = 0; i < MOCK_ENTRY_FIELDS; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		mock_entry_num(&e, key, i);
	}
	mock_entry_why(&e, "kept?");
	mock_journal_commit(j, &e);
	o = last_line();
	ck_assert_ptr_nonnull(o);
	ck_assert_double_eq(cJSON_GetObjectItem(o, "k0")->valuedouble, 0);
	/* 4 fields are the entry's own: 48 - 4 = 44 of ours fit */
	ck_assert_ptr_nonnull(cJSON_GetObjectItem(o, "k43"));
	ck_assert_ptr_null(cJSON_GetObjectItem(o, "k44"));
	ck_assert_double_eq(cJSON_GetObjectItem(o, "fields_dropped")->valuedouble, 5);
	cJSON_Delete(o);
	mock_journal_close(j);
}
END_TEST

static void commit_one(mock_journal *j, unsigned long id, const char *partner)
{
	mock_entry e;

	mock_entry_init(&e, id, T0, "GET", "/api/products/booking-detail");
	if (partner)
		mock_entry_str(&e, "partner", partner);
	mock_entry_num(&e, "http", 200);
	mock_journal_commit(j, &e);
}

START_TEST(test_ring_since_partner_limit)
{
	mock_journal *j;
	cJSON *arr;
	int i;

	ck_assert_int_eq(mock_journal_open(NULL, 4, &j, NULL), GTD_OK);
	for (i = 1; i <= 6; i++)
		commit_one(j, (unsigned long)i, i % 2 ? "odd" : "even");
	/* the ring holds 3..6, oldest first */
	arr = mock_journal_since(j, 0, NULL, 100);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 4);
	ck_assert_double_eq(id_at(arr, 0), 3);
	ck_assert_double_eq(id_at(arr, 3), 6);
	cJSON_Delete(arr);
	arr = mock_journal_since(j, 4, NULL, 100);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 2);
	cJSON_Delete(arr);
	arr = mock_journal_since(j, 0, "even", 100);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 2);
	ck_assert_str_eq(str(cJSON_GetArrayItem(arr, 1), "partner"), "even");
	cJSON_Delete(arr);
	/* a limit keeps the newest: what a page of the journal shows first */
	arr = mock_journal_since(j, 0, "odd", 1);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 1);
	ck_assert_double_eq(id_at(arr, 0), 5);
	cJSON_Delete(arr);
	mock_journal_clear(j);
	arr = mock_journal_since(j, 0, NULL, 100);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 0);
	cJSON_Delete(arr);
	mock_journal_close(j);
}
END_TEST

/* The ring is bounded in bytes as well as entries: 2,000 entries, one in
 * ten quoting a 100 KB body (an entry keeps up to 256 KB), never hold
 * more than the bound, the newest is always there, and what was dropped is
 * the oldest. */
START_TEST(test_ring_bounded_in_bytes)
{
	static char big[100 * 1024];   /* within what an entry keeps (256 KB) */
	size_t entries, bytes, max, peak = 0;
	mock_journal *j;
	cJSON *arr;
	int i;

	memset(big, 'x', sizeof(big) - 1);
	ck_assert_int_eq(mock_journal_open(NULL, 1000, &j, NULL), GTD_OK);
	mock_journal_ring_limit(j, 256 * 1024);
	for (i = 1; i <= 2000; i++) {
		mock_entry e;

		mock_entry_init(&e, (unsigned long)i, T0, "POST", "/api/partner/login");
		mock_entry_str(&e, "body", i % 10 == 0 ? big : "small");
		mock_journal_commit(j, &e);
		mock_journal_memory(j, &entries, &bytes, &max);
		ck_assert_uint_le(bytes, max);
		if (bytes > peak)
			peak = bytes;
	}
	ck_assert_uint_eq(max, 256 * 1024);
	ck_assert_uint_gt(peak, 150 * 1024);   /* the bound, not the count, held it */
	ck_assert_uint_le(entries, 1000);
	arr = mock_journal_since(j, 0, NULL, 1000);
	ck_assert_int_eq(cJSON_GetArraySize(arr), (int)entries);
	ck_assert_double_eq(id_at(arr, (int)entries - 1), 2000);
	/* Oldest first, ids rising: the ones dropped were the oldest. */
	for (i = 1; i < (int)entries; i++)
		ck_assert_double_lt(id_at(arr, i - 1), id_at(arr, i));
	cJSON_Delete(arr);
	mock_journal_clear(j);
	mock_journal_memory(j, &entries, &bytes, &max);
	ck_assert_uint_eq(entries, 0);
	ck_assert_uint_eq(bytes, 0);
	mock_journal_close(j);
}
END_TEST

START_TEST(test_since_catches_late_commits)
{
	/* Request 3 finishes after 4: a poller that saw 4 still gets 3. */
	static const unsigned long order[] = {1, 2, 4, 3, 5};
	mock_journal *j;
	cJSON *arr;
	size_t i;

	ck_assert_int_eq(mock_journal_open(NULL, 10, &j, NULL), GTD_OK);
	for (i = 0; i < 5; i++)
		commit_one(j, order[i], "demo");
	arr = mock_journal_since(j, 4, NULL, 100);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 2);
	ck_assert_double_eq(id_at(arr, 0), 3);
	ck_assert_double_eq(id_at(arr, 1), 5);
	cJSON_Delete(arr);
	/* an id no longer (or never) in the ring: plain id > since */
	arr = mock_journal_since(j, 9, NULL, 100);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 0);
	cJSON_Delete(arr);
	mock_journal_close(j);
}
END_TEST

/* An entry of api answering http with error code code (NULL: none). */
static void commit_api(mock_journal *j, unsigned long id, const char *api, int http, const char *code)
{
	mock_entry e;

	mock_entry_init(&e, id, T0, "POST", strcmp(api, "health") == 0 ? "/__gtd/health" : "/api/partner/x");
	mock_entry_str(&e, "partner", "demo");
	mock_entry_str(&e, "api", api);
	if (strcmp(api, "commit") == 0)
		mock_entry_str(&e, "booking", "ADCO1");
	if (code)
		mock_entry_str(&e, "error_code", code);
	mock_entry_num(&e, "http", http);
	mock_journal_commit(j, &e);
}

START_TEST(test_find_newest_filtered)
{
	static const struct {
		const char *api, *code;
		int http;
	} rows[] = {
		{"login", "00", 200}, {"login", "04", 200}, {"commit", "00", 200},
		{"login", "04", 200}, {"health", NULL, 200}, {"login", NULL, 401},
	};
	static const struct {
		mock_journal_query q;
		int n;                 /* entries answered */
		double first, last;    /* their ids */
		size_t omitted;
	} cases[] = {
		{{0, NULL, NULL, NULL, NULL, 0, 0, 100}, 6, 1, 6, 0},
		{{0, NULL, NULL, NULL, NULL, 0, 0, 2}, 2, 5, 6, 4},
		{{0, NULL, "login", NULL, NULL, 0, 0, 100}, 4, 1, 6, 0},
		{{0, NULL, NULL, NULL, NULL, 0, 1, 100}, 5, 1, 6, 0},
		{{0, NULL, NULL, NULL, "ADCO1", 0, 0, 100}, 1, 3, 3, 0},
		{{0, NULL, "login", "04", NULL, 0, 0, 1}, 1, 4, 4, 1},
		{{0, NULL, NULL, "00", NULL, 0, 0, 100}, 2, 1, 3, 0},
		{{0, NULL, NULL, NULL, NULL, 401, 0, 100}, 1, 6, 6, 0},
		{{2, NULL, "login", NULL, NULL, 0, 0, 100}, 2, 4, 6, 0},
		{{0, "other", NULL, NULL, NULL, 0, 0, 100}, 0, 0, 0, 0},
		{{0, NULL, "login", NULL, NULL, 0, 0, 0}, 0, 0, 0, 4},
	};
	mock_journal *j;
	size_t i, omitted;
	cJSON *arr, *o;

	ck_assert_int_eq(mock_journal_open(NULL, 10, &j, NULL), GTD_OK);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		commit_api(j, i + 1, rows[i].api, rows[i].http, rows[i].code);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		arr = mock_journal_find(j, &cases[i].q, &omitted);
		ck_assert_msg(cJSON_GetArraySize(arr) == cases[i].n, "case %zu: %d entries", i,
			      cJSON_GetArraySize(arr));
		if (cases[i].n) {
			ck_assert_double_eq(id_at(arr, 0), cases[i].first);
			ck_assert_double_eq(id_at(arr, cases[i].n - 1), cases[i].last);
		}
		ck_assert_msg(omitted == cases[i].omitted, "case %zu: %zu omitted", i, omitted);
		cJSON_Delete(arr);
	}
	o = mock_journal_entry(j, 4);
	ck_assert_ptr_nonnull(o);
	ck_assert_str_eq(str(o, "error_code"), "04");
	cJSON_Delete(o);
	ck_assert_ptr_null(mock_journal_entry(j, 0));
	ck_assert_ptr_null(mock_journal_entry(j, 7));
	mock_journal_clear(j);
	ck_assert_ptr_null(mock_journal_entry(j, 4));
	mock_journal_close(j);
}
END_TEST

/* Every line of file parses; their ids go into seen (when not NULL, each
 * must be new).  Returns the number of lines. */
static int check_lines(const char *file, unsigned char *seen, int max_id)
{
	char line[1024];
	FILE *f = fopen(file, "r");
	int n = 0;

	ck_assert_ptr_nonnull(f);
	while (fgets(line, sizeof(line), f)) {
		cJSON *o = cJSON_Parse(line);
		int id;

		ck_assert_msg(o != NULL, "%s line %d does not parse: %s", file, n + 1, line);
		id = (int)cJSON_GetObjectItem(o, "id")->valuedouble;
		ck_assert(id >= 1 && id <= max_id);
		if (seen) {
			ck_assert_msg(!seen[id], "id %d twice", id);
			seen[id] = 1;
		}
		cJSON_Delete(o);
		n++;
	}
	fclose(f);
	return n;
}

START_TEST(test_rotation)
{
	/* Past the limit the file moves to .1 and a new one starts: the newest
	 * entry is in the file, both files hold whole lines, the file stays
	 * near the limit. */
	char old[80];
	mock_journal *j;
	struct stat sb;
	unsigned long id;

	snprintf(old, sizeof(old), "%s.1", path);
	ck_assert_int_eq(mock_journal_open(path, 10, &j, NULL), GTD_OK);
	mock_journal_limit(j, 2000);
	for (id = 1; id <= 60; id++)
		commit_one(j, id, "demo");
	mock_journal_close(j);
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_le(sb.st_size, 2000);
	ck_assert_int_gt(check_lines(path, NULL, 60), 0);
	ck_assert_int_gt(check_lines(old, NULL, 60), 0);
	ck_assert_int_eq(stat(old, &sb), 0);
	ck_assert_int_gt(sb.st_size, 2000);
	/* the last entry is in the current file */
	{
		cJSON *o;
		char line[1024], last[1024] = "";
		FILE *f = fopen(path, "r");

		while (fgets(line, sizeof(line), f))
			strcpy(last, line);
		fclose(f);
		o = cJSON_Parse(last);
		ck_assert_double_eq(cJSON_GetObjectItem(o, "id")->valuedouble, 60);
		cJSON_Delete(o);
	}
	unlink(old);
}
END_TEST

#define WRITERS 4
#define PER_WRITER 2000

static void *writer(void *arg)
{
	mock_journal *j = arg;
	int i;

	for (i = 0; i < PER_WRITER; i++)
		commit_one(j, mock_journal_next_id(j), "demo");
	return NULL;
}

START_TEST(test_concurrent_writers)
{
	/* Worker threads commit at once: every line in the file is whole and
	 * every id appears exactly once. */
	static unsigned char seen[WRITERS * PER_WRITER + 1];
	pthread_t t[WRITERS];
	mock_journal *j;
	int i, n;
	cJSON *arr;

	memset(seen, 0, sizeof(seen));
	ck_assert_int_eq(mock_journal_open(path, 100, &j, NULL), GTD_OK);
	for (i = 0; i < WRITERS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, writer, j), 0);
	for (i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);
	arr = mock_journal_since(j, 0, "demo", 1000);
	ck_assert_int_eq(cJSON_GetArraySize(arr), 100);
	cJSON_Delete(arr);
	mock_journal_close(j);
	n = check_lines(path, seen, WRITERS * PER_WRITER);
	ck_assert_int_eq(n, WRITERS * PER_WRITER);
}
END_TEST

START_TEST(test_concurrent_rotation)
{
	/* Rotating while 4 threads write: no line is torn or lost to a closed
	 * descriptor; the file and .1 hold whole lines with distinct ids, and
	 * the file holds the last one written. */
	static unsigned char seen[WRITERS * PER_WRITER + 1];
	pthread_t t[WRITERS];
	mock_journal *j;
	char old[80];
	int i, n;

	memset(seen, 0, sizeof(seen));
	snprintf(old, sizeof(old), "%s.1", path);
	ck_assert_int_eq(mock_journal_open(path, 100, &j, NULL), GTD_OK);
	mock_journal_limit(j, 64 * 1024);
	for (i = 0; i < WRITERS; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, writer, j), 0);
	for (i = 0; i < WRITERS; i++)
		pthread_join(t[i], NULL);
	mock_journal_close(j);
	n = check_lines(path, seen, WRITERS * PER_WRITER) + check_lines(old, seen, WRITERS * PER_WRITER);
	ck_assert_int_gt(n, 0);
	ck_assert_int_lt(n, WRITERS * PER_WRITER);     /* older generations were dropped */
	unlink(old);
}
END_TEST

static Suite *journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_entry_as_read_back);
	tcase_add_test(tc, test_replacing_keeps_place);
	tcase_add_test(tc, test_hostile_path_escaped);
	tcase_add_test(tc, test_bytes_not_utf8_kept_in_hex);
	tcase_add_test(tc, test_too_many_fields_noted);
	tcase_add_test(tc, test_ring_since_partner_limit);
	tcase_add_test(tc, test_ring_bounded_in_bytes);
	tcase_add_test(tc, test_since_catches_late_commits);
	tcase_add_test(tc, test_find_newest_filtered);
	tcase_add_test(tc, test_concurrent_writers);
	tcase_add_test(tc, test_rotation);
	tcase_add_test(tc, test_concurrent_rotation);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(journal_suite)
