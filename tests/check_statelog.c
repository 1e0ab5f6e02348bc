/* The --state log: what one mock appended, the next one (a fresh state)
 * reads back, whatever order the appends landed in, after a crash that
 * cut a line short, and after a disk that filled up. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "fs.h"
#include "state.h"
#include "statelog.h"

#define T0 1764324000   /* 2025-11-28T10:00:00Z */

static char dir[64], path[128];

static void setup(void)
{
	strcpy(dir, "/tmp/check_statelog.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/state.json", dir);
}

static void teardown(void)
{
	char cmd[160];

	gtd_fs_fault = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void state_new(mock_state *s)
{
	gtd_err err;

	ck_assert_msg(mock_state_init(s, NULL, &err) == GTD_OK, "%s", err.msg);
}

/* A fresh state with the log at path replayed into it. */
static mock_statelog *state_open(mock_state *s)
{
	mock_statelog *l;
	gtd_err err;

	state_new(s);
	ck_assert_msg(mock_statelog_open(path, s, &l, &err) == GTD_OK, "%s", err.msg);
	ck_assert_ptr_nonnull(l);
	return l;
}

static void state_close(mock_state *s, mock_statelog *l)
{
	mock_statelog_close(l);
	mock_state_release(s);
}

static gtd_booking *booking_add(mock_state *s, const char *number, long long amount)
{
	gtd_booking *b = malloc(sizeof(*b));

	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(gtd_booking_init(b, number, "demo", "u1", GTD_PRODUCT_FLIGHT, amount, T0,
					  NULL), GTD_OK);
	ck_assert_int_eq(gtd_booking_add_traveller(b, "Bình", "Nguyễn Văn", "0912345678",
						   "binh@example.vn", NULL), GTD_OK);
	ck_assert_int_eq(mock_booking_add(s, b, NULL), GTD_OK);
	return b;
}

/* Appends one record and frees it. */
static gtd_status append1(mock_statelog *l, char *rec, gtd_err *err)
{
	gtd_status st;

	ck_assert_ptr_nonnull(rec);
	st = mock_statelog_append(l, &rec, 1, err);
	free(rec);
	return st;
}

static void append_ok(mock_statelog *l, char *rec)
{
	gtd_err err;

	ck_assert_msg(append1(l, rec, &err) == GTD_OK, "%s", err.msg);
}

static char *slurp(void)
{
	char *text;

	ck_assert_int_eq(gtd_file_read(path, 512 * 1024 * 1024, &text, NULL, NULL), GTD_OK);
	return text;
}

static size_t count_lines(void)
{
	char *text = slurp(), *p;
	size_t n = 0;

	for (p = text; *p; p++)
		n += *p == '\n';
	free(text);
	return n;
}

static off_t file_size(void)
{
	struct stat sb;

	ck_assert_int_eq(stat(path, &sb), 0);
	return sb.st_size;
}

static void write_file(const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

static void append_raw(const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* b as the state log writes it, as a cJSON tree. */
static cJSON *booking_json(const gtd_booking *b)
{
	char *text = gtd_booking_state_text(b);
	cJSON *o = cJSON_Parse(text);

	free(text);
	ck_assert_ptr_nonnull(o);
	return o;
}

START_TEST(test_null_log_does_nothing)
{
	gtd_booking b;
	char *none = NULL;

	ck_assert_int_eq(gtd_booking_init(&b, "ADCO1", "demo", NULL, GTD_PRODUCT_FLIGHT, 1, T0,
					  NULL), GTD_OK);
	ck_assert_int_eq(mock_statelog_enabled(NULL), 0);
	ck_assert_ptr_null(mock_statelog_booking(NULL, &b));
	ck_assert_ptr_null(mock_statelog_clock(NULL, 60));
	ck_assert_ptr_null(mock_statelog_reset(NULL));
	ck_assert_int_eq(mock_statelog_append(NULL, &none, 1, NULL), GTD_OK);
	mock_statelog_close(NULL);
	gtd_booking_release(&b);
}
END_TEST

START_TEST(test_round_trip)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a, *b;
	unsigned char secret[64];
	struct stat sb;
	char *recs[2];
	gtd_err err;

	l = state_open(&s);
	ck_assert_int_eq(mock_statelog_enabled(l), 1);
	/* Created at once, private: it holds the token secret. */
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	ck_assert_uint_eq(count_lines(), 1);
	memcpy(secret, s.jwt_secret, sizeof(secret));

	s.seq = 2;
	a = booking_add(&s, "ADCO251128001", 1850000);
	b = booking_add(&s, "ADCO251128002", 990000);
	recs[0] = mock_statelog_booking(l, a);
	recs[1] = mock_statelog_booking(l, b);
	ck_assert_msg(mock_statelog_append(l, recs, 2, &err) == GTD_OK, "%s", err.msg);
	free(recs[0]);
	free(recs[1]);
	b->status = GTD_BOOKING_BOOKED;
	s.seq = 7;
	append_ok(l, mock_statelog_booking(l, b));
	s.clock_offset = 3600;
	append_ok(l, mock_statelog_clock(l, 3600));
	state_close(&s, l);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 2);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128001")->total_amount, 1850000);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128001")->status, GTD_BOOKING_PENDING);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128002")->status, GTD_BOOKING_BOOKED);
	ck_assert_str_eq(mock_booking_find(&t, "ADCO251128002")->travellers[0].last_name,
			 "Nguyễn Văn");
	ck_assert_int_eq(t.clock_offset, 3600);
	ck_assert_uint_eq(t.seq, 7);
	ck_assert_int_eq(memcmp(t.jwt_secret, secret, sizeof(secret)), 0);
	state_close(&t, l);
	/* And once more: the compacted file reads back the same. */
	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 2);
	ck_assert_int_eq(t.clock_offset, 3600);
	ck_assert_uint_eq(t.seq, 7);
	ck_assert_int_eq(memcmp(t.jwt_secret, secret, sizeof(secret)), 0);
	state_close(&t, l);
}
END_TEST

START_TEST(test_out_of_order_appends)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a;
	char *older, *newer, *clock1, *clock2;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	older = mock_statelog_booking(l, a);
	a->status = GTD_BOOKING_BOOKED;
	newer = mock_statelog_booking(l, a);
	clock1 = mock_statelog_clock(l, 60);
	clock2 = mock_statelog_clock(l, 120);
	/* Two threads, the later change reaching the disk first. */
	append_ok(l, newer);
	append_ok(l, clock2);
	append_ok(l, older);
	append_ok(l, clock1);
	state_close(&s, l);

	l = state_open(&t);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128001")->status, GTD_BOOKING_BOOKED);
	ck_assert_int_eq(t.clock_offset, 120);
	state_close(&t, l);
}
END_TEST

START_TEST(test_reset_out_of_order)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a, *b;
	char *before, *reset, *after;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	append_ok(l, mock_statelog_booking(l, a));
	append_ok(l, mock_statelog_clock(l, 300));
	a->status = GTD_BOOKING_BOOKED;
	before = mock_statelog_booking(l, a);   /* made before the reset, lands after it */
	s.seq = 5;
	reset = mock_statelog_reset(l);
	mock_state_reset(&s);
	b = booking_add(&s, "ADCO251128006", 2);
	after = mock_statelog_booking(l, b);    /* made after the reset, lands before it */
	append_ok(l, after);
	append_ok(l, reset);
	append_ok(l, before);
	state_close(&s, l);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 1);
	ck_assert_ptr_null(mock_booking_find(&t, "ADCO251128001"));
	ck_assert_ptr_nonnull(mock_booking_find(&t, "ADCO251128006"));
	ck_assert_int_eq(t.clock_offset, 0);
	ck_assert_uint_eq(t.seq, 5);
	state_close(&t, l);
}
END_TEST

START_TEST(test_reset_compacts)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a;
	char *late;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	append_ok(l, mock_statelog_booking(l, a));
	late = mock_statelog_booking(l, a);
	append_ok(l, mock_statelog_clock(l, 300));
	s.seq = 9;
	append_ok(l, mock_statelog_reset(l));
	mock_state_reset(&s);
	/* Just the header now. */
	ck_assert_uint_eq(count_lines(), 1);
	/* A change made before the reset and appended after it stays forgotten. */
	append_ok(l, late);
	a = booking_add(&s, "ADCO251128010", 3);
	append_ok(l, mock_statelog_booking(l, a));
	ck_assert_uint_eq(count_lines(), 3);
	state_close(&s, l);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 1);
	ck_assert_ptr_nonnull(mock_booking_find(&t, "ADCO251128010"));
	ck_assert_int_eq(t.clock_offset, 0);
	ck_assert_uint_eq(t.seq, 9);
	state_close(&t, l);
}
END_TEST

START_TEST(test_open_compacts_one_line_per_booking)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *b[3];
	char number[GTD_BOOKING_NUMBER_MAX];
	int i, j;

	l = state_open(&s);
	for (i = 0; i < 3; i++) {
		snprintf(number, sizeof(number), "HDCO25112800%d", i);
		b[i] = booking_add(&s, number, 100 * (i + 1));
	}
	for (j = 0; j < 10; j++)
		for (i = 0; i < 3; i++) {
			b[i]->total_amount++;
			append_ok(l, mock_statelog_booking(l, b[i]));
		}
	append_ok(l, mock_statelog_clock(l, 30));
	ck_assert_uint_eq(count_lines(), 1 + 30 + 1);
	state_close(&s, l);

	l = state_open(&t);
	ck_assert_uint_eq(count_lines(), 1 + 3);
	ck_assert_uint_eq(t.nbookings, 3);
	ck_assert_int_eq(mock_booking_find(&t, "HDCO251128002")->total_amount, 310);
	ck_assert_int_eq(t.clock_offset, 30);
	state_close(&t, l);
}
END_TEST

/* A file that is a snapshot already is read, not rewritten (the same
 * inode, the same bytes), and takes appends on from where it ends. */
START_TEST(test_open_keeps_a_snapshot)
{
	mock_state s, t, u;
	mock_statelog *l;
	struct stat before, after;
	char *text, *again;

	l = state_open(&s);
	append_ok(l, mock_statelog_booking(l, booking_add(&s, "ADCO2511280000001", 100)));
	append_ok(l, mock_statelog_booking(l, booking_add(&s, "ADCO2511280000002", 200)));
	state_close(&s, l);
	l = state_open(&t);             /* the two appends are compacted */
	state_close(&t, l);
	text = slurp();
	ck_assert_int_eq(stat(path, &before), 0);
	l = state_open(&t);
	ck_assert_int_eq(stat(path, &after), 0);
	again = slurp();
	ck_assert_uint_eq(before.st_ino, after.st_ino);
	ck_assert_str_eq(text, again);
	ck_assert_uint_eq(t.nbookings, 2);
	mock_booking_find(&t, "ADCO2511280000002")->total_amount = 250;
	append_ok(l, mock_statelog_booking(l, mock_booking_find(&t, "ADCO2511280000002")));
	state_close(&t, l);
	l = state_open(&u);
	ck_assert_int_eq(mock_booking_find(&u, "ADCO2511280000002")->total_amount, 250);
	ck_assert_uint_eq(count_lines(), 1 + 2);   /* compacted again: it had a change */
	state_close(&u, l);
	free(text);
	free(again);
}
END_TEST

/* Runs mock_statelog_open on the file as it is, with stderr captured in
 * note (at most size bytes); returns its status. */
static gtd_status open_capturing(mock_state *s, mock_statelog **l, gtd_err *err, char *note,
				 size_t size)
{
	char npath[160];
	int saved = dup(2), fd;
	gtd_status st;
	ssize_t n;

	snprintf(npath, sizeof(npath), "%s/stderr", dir);
	fd = open(npath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	fflush(stderr);
	dup2(fd, 2);
	state_new(s);
	st = mock_statelog_open(path, s, l, err);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	n = pread(fd, note, size - 1, 0);
	note[n > 0 ? n : 0] = '\0';
	close(fd);
	return st;
}

START_TEST(test_torn_last_line_is_ignored)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a;
	char note[512];
	gtd_err err;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	append_ok(l, mock_statelog_booking(l, a));
	state_close(&s, l);
	/* A crash in the middle of the next append. */
	append_raw("{\"rev\":99,\"seq\":3,\"booking\":{\"number\":\"ADCO2511");

	ck_assert_msg(open_capturing(&t, &l, &err, note, sizeof(note)) == GTD_OK, "%s", err.msg);
	ck_assert_msg(strstr(note, path) && strstr(note, "line 3"), "note: %s", note);
	ck_assert_uint_eq(t.nbookings, 1);
	ck_assert_ptr_nonnull(mock_booking_find(&t, "ADCO251128001"));
	/* The compaction dropped it, and appends go on after whole lines. */
	ck_assert_uint_eq(count_lines(), 2);
	a = booking_add(&t, "ADCO251128002", 2);
	append_ok(l, mock_statelog_booking(l, a));
	state_close(&t, l);
	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 2);
	state_close(&t, l);
}
END_TEST

START_TEST(test_torn_last_line_that_parses_is_ignored)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a;
	char *rec, note[512];
	gtd_err err;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	append_ok(l, mock_statelog_booking(l, a));
	a->status = GTD_BOOKING_CANCELLED;
	rec = mock_statelog_booking(l, a);
	state_close(&s, l);
	/* Cut just before its newline: whole JSON, but never a whole line. */
	rec[strlen(rec) - 1] = '\0';
	append_raw(rec);
	free(rec);

	ck_assert_msg(open_capturing(&t, &l, &err, note, sizeof(note)) == GTD_OK, "%s", err.msg);
	ck_assert_msg(strstr(note, "line 3"), "note: %s", note);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128001")->status, GTD_BOOKING_PENDING);
	state_close(&t, l);
}
END_TEST

/* Lines that cannot stand in the middle of a state log. */
static const char *const malformed[] = {
	"{\"rev\":5,\"seq\":1,\"booking\":{\"number\":\n",     /* not JSON */
	"[1,2]\n",                                             /* no rev */
	"{\"rev\":5,\"colour\":\"blue\"}\n",                   /* no known kind */
	"{\"rev\":5,\"booking\":{\"number\":\"ADCO1\"}}\n",    /* not a booking */
	"{\"rev\":5,\"clock_offset\":1e300}\n",               /* no time_t holds it */
	"{\"rev\":5,\"clock_offset\":1.5}\n",                 /* not whole seconds */
	"{\"rev\":1e300,\"clock_offset\":0}\n",
	"\n",
};

START_TEST(test_malformed_middle_line)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a;
	char *good, *header, *before, want[200];
	gtd_err err;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	good = mock_statelog_booking(l, a);
	state_close(&s, l);
	header = slurp();

	write_file(header);
	append_raw(malformed[_i]);
	append_raw(good);
	before = slurp();
	state_new(&t);
	ck_assert_int_eq(mock_statelog_open(path, &t, &l, &err), GTD_EINVAL);
	ck_assert_ptr_null(l);
	snprintf(want, sizeof(want), "%s: line 2", path);
	ck_assert_msg(strstr(err.msg, want), "%s", err.msg);
	mock_state_release(&t);
	/* Left as it was, for a person to look at. */
	{
		char *after = slurp();

		ck_assert_str_eq(after, before);
		free(after);
	}
	free(before);
	free(header);
	free(good);
}
END_TEST

/* One mock at a time keeps a state file: a second is refused with what
 * to do, and the file is left as it was. */
START_TEST(test_second_mock_is_refused)
{
	mock_state s, t;
	mock_statelog *l, *l2 = (mock_statelog *)1;
	char *before, *after;
	gtd_err err;

	l = state_open(&s);
	append_ok(l, mock_statelog_booking(l, booking_add(&s, "ADCO251128001", 1)));
	before = slurp();
	state_new(&t);
	ck_assert_int_eq(mock_statelog_open(path, &t, &l2, &err), GTD_ELOCKED);
	ck_assert_ptr_null(l2);
	ck_assert_msg(strstr(err.msg, "another gtd-mock keeps its state in") &&
		      strstr(err.msg, "give each mock its own --state file"), "%s", err.msg);
	mock_state_release(&t);
	after = slurp();
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
	state_close(&s, l);
	/* Closed, the file is free again. */
	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 1);
	state_close(&t, l);
}
END_TEST

/* What a crash left of a compaction goes at the next start; other files
 * beside the state file stay. */
START_TEST(test_stale_temps_are_removed)
{
	static const struct {
		const char *name;
		int stays;
	} files[] = {
		{"state.json.tmp.AbC123", 0}, {"state.json.tmp.000000", 0},
		{"state.json.lock", 1}, {"state.json.tmp.short", 1}, {"other.json.tmp.AbC123", 1},
		{"state.json.tmp.AbC12!", 1}, {"state.jsonx.tmp.AbC123", 1},
	};
	char file[200];
	mock_state s;
	mock_statelog *l;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(file, sizeof(file), "%s/%s", dir, files[i].name);
		ck_assert_int_eq(close(open(file, O_WRONLY | O_CREAT, 0600)), 0);
	}
	l = state_open(&s);
	state_close(&s, l);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(file, sizeof(file), "%s/%s", dir, files[i].name);
		ck_assert_msg((access(file, F_OK) == 0) == files[i].stays, "%s %s", files[i].name,
			      files[i].stays ? "was removed" : "is still there");
	}
}
END_TEST

START_TEST(test_not_a_state_file)
{
	mock_state t;
	mock_statelog *l;
	gtd_err err;

	write_file("hello\nworld\n");
	state_new(&t);
	ck_assert_int_eq(mock_statelog_open(path, &t, &l, &err), GTD_EINVAL);
	ck_assert_msg(strstr(err.msg, "line 1"), "%s", err.msg);
	mock_state_release(&t);
}
END_TEST

START_TEST(test_format_version_1_is_migrated)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking b;
	cJSON *o, *arr;
	char *text;
	const char *secret_b64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
	unsigned char secret[64];
	int i;

	for (i = 0; i < 64; i++)
		secret[i] = (unsigned char)i;
	/* What gtd-mock before the log wrote: one pretty-printed object. */
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "format_version", 1);
	cJSON_AddNumberToObject(o, "clock_offset", 7200);
	cJSON_AddNumberToObject(o, "seq", 12);
	cJSON_AddStringToObject(o, "jwt_secret", secret_b64);
	arr = cJSON_AddArrayToObject(o, "bookings");
	ck_assert_int_eq(gtd_booking_init(&b, "ADCO251128011", "demo", "u1", GTD_PRODUCT_FLIGHT,
					  1850000, T0, NULL), GTD_OK);
	b.status = GTD_BOOKING_BOOKED;
	cJSON_AddItemToArray(arr, booking_json(&b));
	gtd_booking_release(&b);
	ck_assert_int_eq(gtd_booking_init(&b, "HDCO251128012", "demo", NULL, GTD_PRODUCT_HOTEL,
					  500000, T0, NULL), GTD_OK);
	cJSON_AddItemToArray(arr, booking_json(&b));
	gtd_booking_release(&b);
	text = cJSON_Print(o);
	cJSON_Delete(o);
	write_file(text);
	free(text);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 2);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128011")->status, GTD_BOOKING_BOOKED);
	ck_assert_int_eq(mock_booking_find(&t, "HDCO251128012")->product, GTD_PRODUCT_HOTEL);
	ck_assert_int_eq(t.clock_offset, 7200);
	ck_assert_uint_eq(t.seq, 12);
	ck_assert_int_eq(memcmp(t.jwt_secret, secret, sizeof(secret)), 0);
	state_close(&t, l);
	/* Rewritten in the new format, which reads back the same. */
	ck_assert_uint_eq(count_lines(), 3);
	text = slurp();
	ck_assert_ptr_nonnull(strstr(text, "\"format_version\":2"));
	free(text);
	l = state_open(&s);
	ck_assert_uint_eq(s.nbookings, 2);
	ck_assert_int_eq(s.clock_offset, 7200);
	ck_assert_uint_eq(s.seq, 12);
	ck_assert_int_eq(memcmp(s.jwt_secret, secret, sizeof(secret)), 0);
	state_close(&s, l);
}
END_TEST
static const char *fail_op;
static int fail_errno;

static int inject(const char *op, const char *p)
{
	(void)p;
	return fail_op && strcmp(op, fail_op) == 0 ? fail_errno : 0;
}

static const struct {
	const char *op;
	int e;
	const char *says;
} faults[] = {
	{"append", ENOSPC, "No space left on device"},
	{"append", EIO, "Input/output error"},
	{"fsync", EIO, "Input/output error"},
	{"fsync", ENOSPC, "No space left on device"},
};

START_TEST(test_disk_failure_on_append)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a, *b;
	off_t size;
	gtd_err err;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	append_ok(l, mock_statelog_booking(l, a));
	size = file_size();

	a->status = GTD_BOOKING_CANCELLED;
	fail_op = faults[_i].op;
	fail_errno = faults[_i].e;
	gtd_fs_fault = inject;
	ck_assert_int_eq(append1(l, mock_statelog_booking(l, a), &err), GTD_EIO);
	gtd_fs_fault = NULL;
	ck_assert_msg(strstr(err.msg, path) && strstr(err.msg, faults[_i].says), "%s", err.msg);
	/* No half record is left for the next one to follow. */
	ck_assert_int_eq(file_size(), size);

	/* The disk has room again: the log takes the next change. */
	b = booking_add(&s, "ADCO251128002", 2);
	append_ok(l, mock_statelog_booking(l, b));
	state_close(&s, l);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 2);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128001")->status, GTD_BOOKING_PENDING);
	state_close(&t, l);
}
END_TEST

START_TEST(test_disk_failure_on_reset)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a;
	gtd_err err;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	append_ok(l, mock_statelog_booking(l, a));
	fail_op = "write";
	fail_errno = ENOSPC;
	gtd_fs_fault = inject;
	ck_assert_int_eq(append1(l, mock_statelog_reset(l), &err), GTD_EIO);
	gtd_fs_fault = NULL;
	ck_assert_msg(strstr(err.msg, path), "%s", err.msg);
	/* The old file and its handle are still good. */
	a->status = GTD_BOOKING_BOOKED;
	append_ok(l, mock_statelog_booking(l, a));
	state_close(&s, l);
	l = state_open(&t);
	ck_assert_int_eq(mock_booking_find(&t, "ADCO251128001")->status, GTD_BOOKING_BOOKED);
	state_close(&t, l);
}
END_TEST

START_TEST(test_missing_record_is_reported)
{
	mock_state s, t;
	mock_statelog *l;
	gtd_booking *a;
	char *recs[2];
	gtd_err err;

	l = state_open(&s);
	a = booking_add(&s, "ADCO251128001", 1);
	recs[0] = NULL;   /* a builder that ran out of memory */
	recs[1] = mock_statelog_booking(l, a);
	ck_assert_int_eq(mock_statelog_append(l, recs, 2, &err), GTD_ENOMEM);
	free(recs[1]);
	state_close(&s, l);
	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, 1);
	state_close(&t, l);
}
END_TEST

/* Threads that change bookings under the state lock and append after it,
 * as the request path will: whatever order the appends land in, the file
 * read back holds each booking's last change. */
#define THREADS 4
#define CHANGES 200

static mock_state race_state;
static mock_statelog *race_log;

static void *race(void *arg)
{
	gtd_booking *b = arg;
	int i;

	for (i = 0; i < CHANGES; i++) {
		gtd_err err;
		gtd_status st;
		char *rec;

		mock_state_lock(&race_state);
		b->total_amount++;
		rec = mock_statelog_booking(race_log, b);
		mock_state_unlock(&race_state);
		st = mock_statelog_append(race_log, &rec, 1, &err);
		free(rec);
		if (st != GTD_OK)
			return (void *)1;
	}
	return NULL;
}

START_TEST(test_concurrent_appenders)
{
	pthread_t th[THREADS];
	gtd_booking *b[THREADS];
	char number[GTD_BOOKING_NUMBER_MAX];
	mock_state t;
	mock_statelog *l;
	void *rc;
	int i;

	race_log = state_open(&race_state);
	for (i = 0; i < THREADS; i++) {
		snprintf(number, sizeof(number), "ADCO25112810%d", i);
		b[i] = booking_add(&race_state, number, 0);
	}
	for (i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, race, b[i]), 0);
	for (i = 0; i < THREADS; i++) {
		ck_assert_int_eq(pthread_join(th[i], &rc), 0);
		ck_assert_ptr_null(rc);
	}
	ck_assert_uint_eq(count_lines(), 1 + THREADS * CHANGES);
	state_close(&race_state, race_log);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, THREADS);
	for (i = 0; i < THREADS; i++) {
		snprintf(number, sizeof(number), "ADCO25112810%d", i);
		ck_assert_int_eq(mock_booking_find(&t, number)->total_amount, CHANGES);
	}
	state_close(&t, l);
}
END_TEST

/* Group commit, made deterministic through the fault seam: the first
 * append is held in its sync until FOLLOWERS more have queued behind it;
 * those then go to the file as one batch with one sync, which either
 * succeeds or fails (loop index 1). */
#define FOLLOWERS 3

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int syncs, leader_syncing, waiting;
	int order[FOLLOWERS];        /* the followers, in the order they queued */
	int fail_second_sync;
} gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, {0}, 0};

static __thread int appender_index;

static int gate_fault(const char *op, const char *p)
{
	int e = 0;

	(void)p;
	pthread_mutex_lock(&gate.mu);
	if (strcmp(op, "wait") == 0) {
		gate.order[gate.waiting++] = appender_index;
		pthread_cond_broadcast(&gate.cv);
	} else if (strcmp(op, "fsync") == 0 && ++gate.syncs == 1) {
		gate.leader_syncing = 1;
		pthread_cond_broadcast(&gate.cv);
		while (gate.waiting < FOLLOWERS)
			pthread_cond_wait(&gate.cv, &gate.mu);
	} else if (strcmp(op, "fsync") == 0 && gate.fail_second_sync) {
		e = EIO;
	}
	pthread_mutex_unlock(&gate.mu);
	return e;
}

static gtd_booking *batch_booking[1 + FOLLOWERS];
static gtd_status batch_status[1 + FOLLOWERS];
static gtd_err batch_err[1 + FOLLOWERS];

static void *batch_append(void *arg)
{
	int i = (int)(intptr_t)arg;
	char *rec;

	appender_index = i;
	mock_state_lock(&race_state);
	rec = mock_statelog_booking(race_log, batch_booking[i]);
	mock_state_unlock(&race_state);
	batch_status[i] = mock_statelog_append(race_log, &rec, 1, &batch_err[i]);
	free(rec);
	return NULL;
}

/* The booking number of line k of the file (after the header), or "". */
static void line_booking(const char *text, int k, char *out, size_t size)
{
	const char *p = strchr(text, '\n') + 1, *n;

	while (k-- > 0 && (p = strchr(p, '\n')))
		p++;
	n = p ? strstr(p, "\"number\":\"") : NULL;
	snprintf(out, size, "%.*s", n ? (int)strcspn(n + 10, "\"") : 0, n ? n + 10 : "");
}

START_TEST(test_group_commit)
{
	pthread_t th[1 + FOLLOWERS];
	char number[GTD_BOOKING_NUMBER_MAX], seen[GTD_BOOKING_NUMBER_MAX], *text;
	mock_state t;
	mock_statelog *l;
	off_t size;
	int i;

	/* Afresh for each loop, also when the cases share a process (CK_FORK=no). */
	gate.syncs = gate.leader_syncing = gate.waiting = 0;
	gate.fail_second_sync = _i;
	race_log = state_open(&race_state);
	for (i = 0; i <= FOLLOWERS; i++) {
		snprintf(number, sizeof(number), "ADCO25112820%d", i);
		batch_booking[i] = booking_add(&race_state, number, 100 + i);
	}
	size = file_size();
	gtd_fs_fault = gate_fault;
	ck_assert_int_eq(pthread_create(&th[0], NULL, batch_append, (void *)0), 0);
	pthread_mutex_lock(&gate.mu);
	while (!gate.leader_syncing)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
	for (i = 1; i <= FOLLOWERS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, batch_append, (void *)(intptr_t)i), 0);
	for (i = 0; i <= FOLLOWERS; i++)
		ck_assert_int_eq(pthread_join(th[i], NULL), 0);
	gtd_fs_fault = NULL;

	/* One sync for the first append, one for the three behind it. */
	ck_assert_int_eq(gate.syncs, 2);
	ck_assert_msg(batch_status[0] == GTD_OK, "%s", batch_err[0].msg);
	for (i = 1; i <= FOLLOWERS; i++) {
		if (!_i) {
			ck_assert_msg(batch_status[i] == GTD_OK, "%s", batch_err[i].msg);
			continue;
		}
		/* Every append of the failed batch is told, and why. */
		ck_assert_int_eq(batch_status[i], GTD_EIO);
		ck_assert_msg(strstr(batch_err[i].msg, path) && strstr(batch_err[i].msg, "fsync") &&
			      strstr(batch_err[i].msg, strerror(EIO)), "%s", batch_err[i].msg);
	}
	/* In the file in the order they queued, or cut back to the first. */
	text = slurp();
	line_booking(text, 0, seen, sizeof(seen));
	ck_assert_str_eq(seen, batch_booking[0]->number);
	for (i = 0; i < FOLLOWERS; i++) {
		line_booking(text, 1 + i, seen, sizeof(seen));
		ck_assert_str_eq(seen, _i ? "" : batch_booking[gate.order[i]]->number);
	}
	free(text);
	ck_assert(file_size() > size);
	state_close(&race_state, race_log);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, _i ? 1 : 1 + FOLLOWERS);
	for (i = 0; i <= (_i ? 0 : FOLLOWERS); i++) {
		snprintf(number, sizeof(number), "ADCO25112820%d", i);
		ck_assert_int_eq(mock_booking_find(&t, number)->total_amount, 100 + i);
	}
	state_close(&t, l);
}
END_TEST

#define MANY 100000

START_TEST(test_many_bookings)
{
	mock_state s, t;
	mock_statelog *l;
	char number[GTD_BOOKING_NUMBER_MAX], **recs;
	gtd_booking *b;
	size_t i, n = 0;
	gtd_err err;

	state_new(&s);
	for (i = 0; i < MANY; i++) {
		gtd_booking_number(number, i % 2 ? GTD_PRODUCT_HOTEL : GTD_PRODUCT_FLIGHT, T0,
				   (unsigned)i + 1);
		booking_add(&s, number, (long long)i);
	}
	s.seq = MANY;
	/* Opened on a missing file: the snapshot holds all of them. */
	ck_assert_msg(mock_statelog_open(path, &s, &l, &err) == GTD_OK, "%s", err.msg);
	ck_assert_uint_eq(count_lines(), 1 + MANY);
	/* Then every tenth changes, in batches. */
	recs = calloc(MANY / 10, sizeof(*recs));
	ck_assert_ptr_nonnull(recs);
	for (i = 0; i < MANY; i += 10) {
		gtd_booking_number(number, i % 2 ? GTD_PRODUCT_HOTEL : GTD_PRODUCT_FLIGHT, T0,
				   (unsigned)i + 1);
		b = mock_booking_find(&s, number);
		ck_assert_ptr_nonnull(b);
		b->status = GTD_BOOKING_CANCELLED;
		recs[n++] = mock_statelog_booking(l, b);
	}
	for (i = 0; i < n; i += 1000)
		ck_assert_msg(mock_statelog_append(l, recs + i, n - i < 1000 ? n - i : 1000, &err) ==
			      GTD_OK, "%s", err.msg);
	for (i = 0; i < n; i++)
		free(recs[i]);
	free(recs);
	state_close(&s, l);

	l = state_open(&t);
	ck_assert_uint_eq(t.nbookings, MANY);
	ck_assert_uint_eq(t.seq, MANY);
	for (i = 0; i < MANY; i++) {
		gtd_booking_number(number, i % 2 ? GTD_PRODUCT_HOTEL : GTD_PRODUCT_FLIGHT, T0,
				   (unsigned)i + 1);
		b = mock_booking_find(&t, number);
		ck_assert_msg(b != NULL, "%s is missing", number);
		ck_assert_int_eq(b->total_amount, (long long)i);
		ck_assert_int_eq(b->status, i % 10 ? GTD_BOOKING_PENDING : GTD_BOOKING_CANCELLED);
	}
	ck_assert_uint_eq(count_lines(), 1 + MANY);
	state_close(&t, l);
}
END_TEST

/* A file large enough to be read in parts (statelog.c): the header, then
 * n booking lines, with bad (a whole line, when not NULL) as line bad_at
 * instead of the booking line it would be. */
#define PARTED 3000

static void write_parted(size_t n, size_t bad_at, const char *bad)
{
	mock_state s;
	mock_statelog *l;
	char number[GTD_BOOKING_NUMBER_MAX], *header, *rec;
	size_t i;

	l = state_open(&s);
	state_close(&s, l);
	header = slurp();
	write_file(header);
	free(header);
	l = state_open(&s);
	for (i = 1; i <= n; i++) {
		gtd_booking_number(number, GTD_PRODUCT_FLIGHT, T0, (unsigned)i);
		rec = mock_statelog_booking(l, booking_add(&s, number, (long long)i));
		ck_assert_ptr_nonnull(rec);
		/* Line 1 is the header: booking i is line i + 1. */
		append_raw(bad && i + 1 == bad_at ? bad : rec);
		free(rec);
	}
	mock_statelog_close(l);
	mock_state_release(&s);
	ck_assert_int_gt(file_size(), 4 * 256 * 1024);
}

/* A bad line deep in a large file is named by its line, whichever part
 * holds it; the file is left as it was. */
START_TEST(test_parted_malformed_line)
{
	static const size_t at[] = {2, PARTED / 3, PARTED / 2 + 7, PARTED};
	mock_state t;
	mock_statelog *l;
	char want[200], *before, *after;
	gtd_err err;

	write_parted(PARTED, at[_i], "{\"rev\":5,\"colour\":\"blue\"}\n");
	before = slurp();
	state_new(&t);
	ck_assert_int_eq(mock_statelog_open(path, &t, &l, &err), GTD_EINVAL);
	snprintf(want, sizeof(want), "%s: line %zu: ", path, at[_i]);
	ck_assert_msg(strstr(err.msg, want), "want '%s' in: %s", want, err.msg);
	mock_state_release(&t);
	after = slurp();
	ck_assert_str_eq(after, before);
	free(after);
	free(before);
}
END_TEST

/* A large file's last line cut short is ignored and named; every booking
 * before it is read, and a later revision wins over an earlier one
 * wherever the two stand. */
START_TEST(test_parted_torn_last_line)
{
	mock_state s, t;
	mock_statelog *l;
	char note[512], want[64], number[GTD_BOOKING_NUMBER_MAX];
	gtd_booking *b;
	gtd_err err;

	write_parted(PARTED, 0, NULL);
	/* Booking 1, in the first part, changes in the last one. */
	l = state_open(&s);
	gtd_booking_number(number, GTD_PRODUCT_FLIGHT, T0, 1);
	b = mock_booking_find(&s, number);
	ck_assert_ptr_nonnull(b);
	b->status = GTD_BOOKING_CANCELLED;
	append_ok(l, mock_statelog_booking(l, b));
	state_close(&s, l);
	append_raw("{\"rev\":99999,\"seq\":3,\"booking\":{\"number\":\"ADCO2511");

	ck_assert_msg(open_capturing(&t, &l, &err, note, sizeof(note)) == GTD_OK, "%s", err.msg);
	snprintf(want, sizeof(want), "line %d ", PARTED + 3);
	ck_assert_msg(strstr(note, want), "want '%s' in: %s", want, note);
	ck_assert_uint_eq(t.nbookings, PARTED);
	b = mock_booking_find(&t, number);
	ck_assert_ptr_nonnull(b);
	ck_assert_int_eq(b->status, GTD_BOOKING_CANCELLED);
	gtd_booking_number(number, GTD_PRODUCT_FLIGHT, T0, PARTED);
	ck_assert_ptr_nonnull(mock_booking_find(&t, number));
	state_close(&t, l);
}
END_TEST

/* A booking put back as new is removed from the open-addressing table;
 * every other one stays findable, whatever the collisions (rollback of a
 * change the log could not keep, effects.c). */
START_TEST(test_booking_removed_others_found)
{
	mock_state s;
	char number[GTD_BOOKING_NUMBER_MAX];
	int i, j;

	state_new(&s);
	for (i = 0; i < 300; i++) {
		snprintf(number, sizeof(number), "ADCO2511280%03d", i);
		booking_add(&s, number, i);
	}
	for (i = 0; i < 300; i += 3) {
		snprintf(number, sizeof(number), "ADCO2511280%03d", i);
		mock_booking_replace(&s, number, NULL);
	}
	ck_assert_uint_eq(s.nbookings, 200);
	for (j = 0; j < 300; j++) {
		gtd_booking *b;

		snprintf(number, sizeof(number), "ADCO2511280%03d", j);
		b = mock_booking_find(&s, number);
		if (j % 3 == 0) {
			ck_assert_ptr_null(b);
		} else {
			ck_assert_msg(b != NULL, "%s lost after the removals", number);
			ck_assert_int_eq(b->total_amount, j);
		}
	}
	mock_state_release(&s);
}
END_TEST

static Suite *statelog_suite(void)
{
	Suite *s = suite_create("statelog");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_null_log_does_nothing);
	tcase_add_test(tc, test_booking_removed_others_found);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_out_of_order_appends);
	tcase_add_test(tc, test_reset_out_of_order);
	tcase_add_test(tc, test_reset_compacts);
	tcase_add_test(tc, test_open_compacts_one_line_per_booking);
	tcase_add_test(tc, test_open_keeps_a_snapshot);
	tcase_add_test(tc, test_torn_last_line_is_ignored);
	tcase_add_test(tc, test_torn_last_line_that_parses_is_ignored);
	tcase_add_loop_test(tc, test_parted_malformed_line, 0, 4);
	tcase_add_test(tc, test_parted_torn_last_line);
	tcase_add_loop_test(tc, test_malformed_middle_line, 0, sizeof(malformed) / sizeof(malformed[0]));
	tcase_add_test(tc, test_not_a_state_file);
	tcase_add_test(tc, test_second_mock_is_refused);
	tcase_add_test(tc, test_stale_temps_are_removed);
	tcase_add_test(tc, test_format_version_1_is_migrated);
	tcase_add_loop_test(tc, test_disk_failure_on_append, 0,
			    (int)(sizeof(faults) / sizeof(faults[0])));
	tcase_add_test(tc, test_disk_failure_on_reset);
	tcase_add_test(tc, test_missing_record_is_reported);
	tcase_add_test(tc, test_concurrent_appenders);
	tcase_add_loop_test(tc, test_group_commit, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("many");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_many_bookings);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(statelog_suite)
