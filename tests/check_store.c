#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check_main.h"
#include "fs.h"
#include "partner_json.h"
#include "store.h"

#define SECRET "SECRET-API-KEY-0123456789"
#define SHORT_LOCK_MS 200
#define PERM_MASK 07777

static char root[256];      /* the test's data directory */
static gtd_store *store;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void setup(void)
{
	const char *tmp = getenv("TMPDIR");
	gtd_err err;

	snprintf(root, sizeof(root), "%s/check_store.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(root));
	/* A data directory that does not exist yet, one level down. */
	strcat(root, "/data");
	ck_assert_msg(gtd_store_open(root, &store, &err) == GTD_OK, "%s", err.msg);
}

static void teardown(void)
{
	char *slash;

	gtd_fs_fault = NULL;
	gtd_store_close(store);
	store = NULL;
	slash = strrchr(root, '/');
	*slash = '\0';
	nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *file_at(const char *rel)
{
	static char path[512];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return path;
}

static unsigned mode_of(const char *rel)
{
	struct stat st;

	ck_assert_msg(stat(file_at(rel), &st) == 0, "%s: %s", rel, strerror(errno));
	return st.st_mode & PERM_MASK;
}

static char *slurp(const char *rel)
{
	char *text = NULL;
	gtd_err err;

	if (gtd_file_read(file_at(rel), GTD_RECORD_MAX * 4, &text, NULL, &err) != GTD_OK)
		return NULL;
	return text;
}

static gtd_partner *created_in(gtd_store *s, const char *id, const char *name)
{
	gtd_partner *p = gtd_partner_new(id);
	gtd_err err;

	ck_assert_int_eq(gtd_partner_set(p, "company.name", name, &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "env.sandbox.api_key", SECRET, &err), GTD_OK);
	ck_assert_msg(gtd_store_create(s, p, "lan", &err) == GTD_OK, "%s", err.msg);
	return p;
}

static gtd_partner *created(const char *id, const char *name)
{
	return created_in(store, id, name);
}

static gtd_partner *loaded(gtd_store *s, const char *id)
{
	gtd_partner *p = NULL;
	gtd_err err;

	ck_assert_msg(gtd_store_load(s, id, &p, &err) == GTD_OK, "%s", err.msg);
	return p;
}

/* Number of lines in audit.log. */
static int audit_lines(void)
{
	char *text = slurp("audit.log"), *c;
	int n = 0;

	for (c = text; c && *c; c++)
		n += *c == '\n';
	free(text);
	return n;
}

static int history_of(const char *id);

/* Names in partners/ that are not records: leftovers of a failed write. */
static int stray_files(void)
{
	DIR *d = opendir(file_at("partners"));
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp") != NULL;
	closedir(d);
	return n;
}

START_TEST(test_open_creates_dirs)
{
	static const char *const dirs[] = {"", "partners", "keys", "outbox/tmp", "outbox/new", "outbox/cur"};
	gtd_store *again = NULL;
	gtd_err err;
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		ck_assert_msg(mode_of(dirs[i]) == 0700, "%s: %o", dirs[i], mode_of(dirs[i]));
	ck_assert_int_eq(store->lock_timeout_ms, GTD_STORE_LOCK_TIMEOUT_MS);
	/* Opening an existing store is fine. */
	ck_assert_int_eq(gtd_store_open(root, &again, &err), GTD_OK);
	gtd_store_close(again);
	ck_assert_int_eq(gtd_store_open("", &again, &err), GTD_EINVAL);
	ck_assert_ptr_null(again);
	ck_assert_int_eq(gtd_store_open(NULL, &again, &err), GTD_EINVAL);
	/* A file in the way of the directory */
	ck_assert_int_eq(gtd_file_write_atomic(file_at("blocker"), "x", 1, 0600, 0, &err), GTD_OK);
	ck_assert_int_eq(gtd_store_open(file_at("blocker/sub"), &again, &err), GTD_EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "data directory"));
	gtd_store_close(NULL);
}
END_TEST

static const struct {
	const char *gtd_home, *xdg, *home, *want;
} dirs[] = {
	{"/srv/gtd", "/xdg", "/home/lan", "/srv/gtd"},
	{"", "/xdg", "/home/lan", "/xdg/gtd"},
	{NULL, "relative/xdg", "/home/lan", "/home/lan/.local/share/gtd"},
	{NULL, NULL, "/home/lan", "/home/lan/.local/share/gtd"},
	{NULL, NULL, NULL, NULL},
};

static void set_env(const char *name, const char *value)
{
	if (value)
		setenv(name, value, 1);
	else
		unsetenv(name);
}

START_TEST(test_default_dir)
{
	char *saved_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL, *d;

	set_env("GTD_HOME", dirs[_i].gtd_home);
	set_env("XDG_DATA_HOME", dirs[_i].xdg);
	set_env("HOME", dirs[_i].home);
	d = gtd_store_default_dir();
	if (dirs[_i].want)
		ck_assert_str_eq(d, dirs[_i].want);
	else
		ck_assert_ptr_null(d);
	free(d);
	unsetenv("GTD_HOME");
	unsetenv("XDG_DATA_HOME");
	set_env("HOME", saved_home);
	free(saved_home);
}
END_TEST

START_TEST(test_create_load_list)
{
	gtd_partner *p = created("zeta", "Zeta"), *q, *dup = gtd_partner_new("zeta");
	gtd_strlist ids;
	gtd_err err;
	char *t1, *t2;

	ck_assert_uint_eq(p->revision, 1);
	ck_assert_ptr_nonnull(p->created);
	ck_assert_str_eq(p->created, p->updated);
	ck_assert_uint_eq(mode_of("partners/zeta.json"), 0600);
	q = loaded(store, "zeta");
	t1 = gtd_partner_to_json(p);
	t2 = gtd_partner_to_json(q);
	ck_assert_str_eq(t1, t2);
	/* The id is taken. */
	ck_assert_int_eq(gtd_store_create(store, dup, "lan", &err), GTD_EEXIST);
	ck_assert_ptr_nonnull(strstr(err.msg, "\"zeta\" already exists"));
	ck_assert_uint_eq(dup->revision, 0);
	ck_assert_ptr_null(dup->created);
	gtd_partner_free(created("alpha", "Alpha"));
	gtd_partner_free(created("beta", "Beta"));
	/* Leftovers of a crashed write and foreign files are no partners. */
	ck_assert_int_eq(gtd_file_write_atomic(file_at("partners/gamma.json.tmp.ab12cd"), "{", 1, 0600, 0, &err), GTD_OK);
	ck_assert_int_eq(gtd_file_write_atomic(file_at("partners/README"), "x", 1, 0600, 0, &err), GTD_OK);
	ck_assert_int_eq(gtd_file_write_atomic(file_at("partners/Bad_Id.json"), "{", 1, 0600, 0, &err), GTD_OK);
	ck_assert_int_eq(gtd_store_list(store, &ids, &err), GTD_OK);
	ck_assert_uint_eq(ids.n, 3);
	ck_assert_str_eq(ids.v[0], "alpha");
	ck_assert_str_eq(ids.v[1], "beta");
	ck_assert_str_eq(ids.v[2], "zeta");
	gtd_strlist_release(&ids);
	free(t1);
	free(t2);
	gtd_partner_free(p);
	gtd_partner_free(q);
	gtd_partner_free(dup);
}
END_TEST

static const char *const bad_ids[] = {NULL, "", "../x", "../../etc/passwd", "a/b", "Acme", ".hidden", "x"};

START_TEST(test_bad_ids_refused)
{
	const char *id = bad_ids[_i];
	gtd_partner *p = gtd_partner_new("placeholder"), *q = NULL;
	gtd_err err;

	ck_assert_int_eq(gtd_store_load(store, id, &q, &err), GTD_EINVAL);
	ck_assert_ptr_null(q);
	ck_assert_ptr_nonnull(strstr(err.msg, "partner id"));
	free(p->id);
	p->id = id ? strdup(id) : NULL;
	ck_assert_int_eq(gtd_store_create(store, p, "lan", &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_store_delete(store, id, "lan", &err), GTD_EINVAL);
	ck_assert_int_eq(gtd_store_write_key(store, id, "partner", "pem", 0, &err), GTD_EINVAL);
	ck_assert_ptr_null(gtd_store_key_path(store, id, "partner"));
	/* Nothing landed outside partners/. */
	ck_assert_int_eq(access(file_at("x.json"), F_OK), -1);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_load_missing_and_corrupt)
{
	static const char corrupt[] = "{\n  \"format_version\": 1,\n  \"id\": \"acme\",\n  oops\n";
	gtd_partner *p = NULL, *other;
	gtd_err err;
	char *after, *from;

	ck_assert_int_eq(gtd_store_load(store, "nobody", &p, &err), GTD_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "no partner \"nobody\""));
	ck_assert_int_eq(gtd_file_write_atomic(file_at("partners/acme.json"), corrupt, strlen(corrupt),
					       0600, 0, &err), GTD_OK);
	ck_assert_int_eq(gtd_store_load(store, "acme", &p, &err), GTD_EINVAL);
	ck_assert_ptr_null(p);
	ck_assert_ptr_nonnull(strstr(err.msg, file_at("partners/acme.json")));
	ck_assert_ptr_nonnull(strstr(err.msg, "malformed JSON near byte"));
	ck_assert_ptr_nonnull(strstr(err.msg, "left as it is"));
	after = slurp("partners/acme.json");
	ck_assert_str_eq(after, corrupt);
	free(after);
	/* A record whose id is not its file name */
	other = created("other", "Other");
	from = strdup(file_at("partners/other.json"));
	ck_assert_int_eq(rename(from, file_at("partners/renamed.json")), 0);
	free(from);
	ck_assert_int_eq(gtd_store_load(store, "renamed", &p, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "holds partner \"other\", not \"renamed\""));
	gtd_partner_free(other);
}
END_TEST

START_TEST(test_save_revisions)
{
	gtd_partner *p = created("acme", "ACME"), *q;
	gtd_err err;
	char *before, *after;

	ck_assert_int_eq(gtd_partner_set(p, "admin.email", "lan@acme.vn", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_OK);
	ck_assert_uint_eq(p->revision, 2);
	q = loaded(store, "acme");
	ck_assert_uint_eq(q->revision, 2);
	ck_assert_str_eq(q->admin.email, "lan@acme.vn");
	ck_assert_uint_eq(mode_of("partners/acme.json"), 0600);
	/* Nothing changed: nothing written, no audit line. */
	before = slurp("partners/acme.json");
	ck_assert_int_eq(audit_lines(), 2);
	ck_assert_int_eq(gtd_store_save(store, q, "lan", &err), GTD_OK);
	ck_assert_uint_eq(q->revision, 2);
	after = slurp("partners/acme.json");
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(audit_lines(), 2);
	free(before);
	free(after);
	gtd_partner_free(p);
	gtd_partner_free(q);
	/* Saving what was never created, or what was deleted since */
	p = gtd_partner_new("ghost");
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "create it first"));
	p->revision = 3;
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_ENOTFOUND);
	ck_assert_ptr_nonnull(strstr(err.msg, "deleted after you opened it"));
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_two_consoles_conflict)
{
	gtd_store *b_store = NULL;
	gtd_partner *p = created("acme", "ACME"), *a, *b;
	gtd_err err;
	char *after_a, *after_b;

	ck_assert_int_eq(gtd_store_open(root, &b_store, &err), GTD_OK);
	a = loaded(store, "acme");
	b = loaded(b_store, "acme");
	ck_assert_int_eq(gtd_partner_set(a, "company.name", "ACME Travel", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(store, a, "alice", &err), GTD_OK);
	after_a = slurp("partners/acme.json");
	ck_assert_int_eq(gtd_partner_set(b, "company.name", "ACME Tours", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(b_store, b, "bob", &err), GTD_ECONFLICT);
	ck_assert_ptr_nonnull(strstr(err.msg, "saved by alice at "));
	ck_assert_ptr_nonnull(strstr(err.msg, a->updated));
	ck_assert_ptr_nonnull(strstr(err.msg, "(revision 2) after you opened it"));
	ck_assert_ptr_nonnull(strstr(err.msg, "reload and apply your change again"));
	ck_assert_ptr_nonnull(strstr(err.msg, "nothing was overwritten"));
	ck_assert_uint_eq(b->revision, 1);
	after_b = slurp("partners/acme.json");
	ck_assert_str_eq(after_b, after_a);
	ck_assert_int_eq(audit_lines(), 2);
	free(after_a);
	free(after_b);
	gtd_partner_free(p);
	gtd_partner_free(a);
	gtd_partner_free(b);
	gtd_store_close(b_store);
}
END_TEST

/* How long the lock-holding child lives if the test dies before killing
 * it, so that no process is left behind. */
#define CHILD_LIFETIME_S 10

START_TEST(test_lock_held_by_other_process)
{
	gtd_partner *p = created("acme", "ACME"), *other;
	struct timespec t0, t1;
	int locked[2], fd;
	gtd_err err;
	char c = 0;
	long ms;
	pid_t pid;

	ck_assert_int_eq(pipe(locked), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		alarm(CHILD_LIFETIME_S);
		fd = open(file_at(".lock"), O_RDWR | O_CREAT, 0600);
		if (fd < 0 || flock(fd, LOCK_EX) != 0 || write(locked[1], "L", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	ck_assert_int_eq(read(locked[0], &c, 1), 1);
	store->lock_timeout_ms = SHORT_LOCK_MS;
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel", &err), GTD_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_ELOCKED);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	ck_assert_int_ge(ms, SHORT_LOCK_MS);
	ck_assert_ptr_nonnull(strstr(err.msg, ".lock"));
	ck_assert_ptr_nonnull(strstr(err.msg, "nothing was written"));
	ck_assert_uint_eq(p->revision, 1);
	other = gtd_partner_new("other");
	ck_assert_int_eq(gtd_store_create(store, other, "lan", &err), GTD_ELOCKED);
	gtd_partner_free(other);
	/* SIGKILL: the child's copy of the heap is not reported as leaked by
	 * valgrind, which never sees it exit. */
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, NULL, 0), pid);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_OK);
	ck_assert_uint_eq(p->revision, 2);
	close(locked[0]);
	close(locked[1]);
	gtd_partner_free(p);
}
END_TEST

static const char *fault_op;
static int fault_errno;

static int inject(const char *op, const char *path)
{
	(void)path;
	return strcmp(op, fault_op) == 0 ? fault_errno : 0;
}

static const struct {
	const char *op;
	int errnum;
	const char *msg;
} faults[] = {
	{"write", ENOSPC, "disk is full"},
	{"write", EIO, "Input/output error"},
	{"fsync", EIO, "Input/output error"},
	{"rename", EIO, "Input/output error"},
};

START_TEST(test_write_failure_leaves_record)
{
	gtd_partner *p = created("acme", "ACME");
	char *before = slurp("partners/acme.json"), *after;
	char *updated = strdup(p->updated);
	gtd_err err;

	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel", &err), GTD_OK);
	fault_op = faults[_i].op;
	fault_errno = faults[_i].errnum;
	gtd_fs_fault = inject;
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_EIO);
	gtd_fs_fault = NULL;
	ck_assert_msg(strstr(err.msg, faults[_i].msg), "%s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "nothing was changed"));
	after = slurp("partners/acme.json");
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(stray_files(), 0);
	ck_assert_uint_eq(p->revision, 1);
	ck_assert_str_eq(p->updated, updated);
	/* The change's audit line, and the line that says it was not made. */
	ck_assert_int_eq(audit_lines(), 3);
	ck_assert_int_eq(history_of("acme"), 1);
	/* Once the disk recovers, the same save goes through. */
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_OK);
	ck_assert_uint_eq(p->revision, 2);
	free(after);
	free(before);
	free(updated);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_create_failure_leaves_nothing)
{
	gtd_partner *p = gtd_partner_new("acme");
	gtd_err err;

	fault_op = "write";
	fault_errno = ENOSPC;
	gtd_fs_fault = inject;
	ck_assert_int_eq(gtd_store_create(store, p, "lan", &err), GTD_EIO);
	gtd_fs_fault = NULL;
	ck_assert_ptr_nonnull(strstr(err.msg, "disk is full"));
	ck_assert_int_eq(access(file_at("partners/acme.json"), F_OK), -1);
	ck_assert_int_eq(stray_files(), 0);
	ck_assert_uint_eq(p->revision, 0);
	ck_assert_ptr_null(p->created);
	ck_assert_ptr_null(p->updated);
	ck_assert_int_eq(history_of("acme"), 0);
	gtd_partner_free(p);
}
END_TEST

/* Checks one audit line's members and returns it parsed. */
static cJSON *audit_entry(const char *line, const char *action, double revision)
{
	cJSON *o = cJSON_Parse(line);
	const cJSON *time = cJSON_GetObjectItemCaseSensitive(o, "time");
	const cJSON *changes = cJSON_GetObjectItemCaseSensitive(o, "changes"), *c;

	ck_assert_msg(cJSON_IsObject(o), "not JSON: %s", line);
	ck_assert(cJSON_IsString(time) && strlen(time->valuestring) == GTD_TIMESTAMP_SIZE - 1);
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(o, "user")->valuestring, "lan");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(o, "partner")->valuestring, "acme");
	ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(o, "action")->valuestring, action);
	ck_assert_double_eq(cJSON_GetObjectItemCaseSensitive(o, "revision")->valuedouble, revision);
	ck_assert(cJSON_IsArray(changes));
	cJSON_ArrayForEach(c, changes)
		ck_assert(cJSON_IsString(c));
	return o;
}

static int has_change(const cJSON *o, const char *path)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(o, "changes"))
		if (strcmp(c->valuestring, path) == 0)
			return 1;
	return 0;
}

START_TEST(test_audit_log_lines)
{
	gtd_partner *p = created("acme", "ACME");
	char *log, *line, *save = NULL;
	cJSON *o;
	gtd_err err;
	int n = 0;

	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel", &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "env.sandbox.api_key", SECRET "-NEW", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_delete(store, "acme", "lan", &err), GTD_OK);
	ck_assert_uint_eq(mode_of("audit.log"), 0600);
	log = slurp("audit.log");
	/* The secret's value never reaches the log; its path does. */
	ck_assert_ptr_null(strstr(log, SECRET));
	ck_assert_ptr_nonnull(strstr(log, "env.sandbox.api_key"));
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++) {
		switch (n) {
		case 0:
			o = audit_entry(line, "create", 1);
			ck_assert(has_change(o, "company.name"));
			ck_assert(has_change(o, "env.sandbox.api_key"));
			break;
		case 1:
			o = audit_entry(line, "update", 2);
			ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(o, "changes")), 2);
			ck_assert(has_change(o, "company.name"));
			ck_assert(has_change(o, "env.sandbox.api_key"));
			break;
		default:
			o = audit_entry(line, "delete", 2);
			ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(o, "changes")), 0);
			break;
		}
		cJSON_Delete(o);
	}
	ck_assert_int_eq(n, 3);
	free(log);
	gtd_partner_free(p);
}
END_TEST

typedef struct history {
	int n;
	int stop_after;
	char actions[64];
	unsigned long last_revision;
	size_t last_nchanges;
} history;

static int collect(const gtd_audit_entry *e, void *ctx)
{
	history *h = ctx;

	h->n++;
	strncat(h->actions, e->action, sizeof(h->actions) - strlen(h->actions) - 2);
	strcat(h->actions, " ");
	h->last_revision = e->revision;
	h->last_nchanges = e->nchanges;
	return h->stop_after && h->n == h->stop_after;
}

START_TEST(test_audit_read)
{
	gtd_partner *a = created("acme", "ACME"), *b = created("beta", "Beta");
	history h = {0, 0, "", 0, 0};
	gtd_err err;
	FILE *f;

	ck_assert_int_eq(gtd_partner_set(a, "admin.email", "lan@acme.vn", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(store, a, "lan", &err), GTD_OK);
	/* A torn last line, as a crash mid-append would leave, is skipped. */
	f = fopen(file_at("audit.log"), "a");
	fputs("{\"time\": \"2024-", f);
	fclose(f);
	ck_assert_int_eq(gtd_store_audit(store, "acme", collect, &h, &err), GTD_OK);
	ck_assert_int_eq(h.n, 2);
	ck_assert_str_eq(h.actions, "create update ");
	ck_assert_uint_eq(h.last_revision, 2);
	ck_assert_uint_eq(h.last_nchanges, 1);
	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(gtd_store_audit(store, NULL, collect, &h, &err), GTD_OK);
	ck_assert_int_eq(h.n, 3);
	memset(&h, 0, sizeof(h));
	h.stop_after = 1;
	ck_assert_int_eq(gtd_store_audit(store, NULL, collect, &h, &err), GTD_OK);
	ck_assert_int_eq(h.n, 1);
	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(gtd_store_audit(store, "nobody", collect, &h, &err), GTD_OK);
	ck_assert_int_eq(h.n, 0);
	/* No log yet is no history, not an error. */
	ck_assert_int_eq(unlink(file_at("audit.log")), 0);
	ck_assert_int_eq(gtd_store_audit(store, NULL, collect, &h, &err), GTD_OK);
	ck_assert_int_eq(h.n, 0);
	gtd_partner_free(a);
	gtd_partner_free(b);
}
END_TEST

/* The entries gtd_store_audit() gives for id. */
static int history_of(const char *id)
{
	history h;
	gtd_err err;

	memset(&h, 0, sizeof(h));
	ck_assert_int_eq(gtd_store_audit(store, id, collect, &h, &err), GTD_OK);
	return h.n;
}

START_TEST(test_audit_failure_changes_nothing)
{
	/* The audit line comes first: when it cannot be written, nothing is
	 * changed, so no revision ever exists without its line. */
	gtd_partner *p = created("acme", "ACME");
	gtd_err err;
	char *before = slurp("partners/acme.json"), *after;

	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel", &err), GTD_OK);
	fault_op = "append";
	fault_errno = ENOSPC;
	gtd_fs_fault = inject;
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_EIO);
	gtd_fs_fault = NULL;
	ck_assert_msg(strstr(err.msg, "the disk is full"), "%s", err.msg);
	ck_assert_uint_eq(p->revision, 1);
	after = slurp("partners/acme.json");
	ck_assert_str_eq(after, before);
	ck_assert_int_eq(history_of("acme"), 1);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_OK);
	ck_assert_uint_eq(p->revision, 2);
	ck_assert_int_eq(history_of("acme"), 2);
	gtd_partner_free(p);
	free(before);
	free(after);

	p = gtd_partner_new("beta");
	gtd_fs_fault = inject;
	ck_assert_int_eq(gtd_store_create(store, p, "lan", &err), GTD_EIO);
	gtd_fs_fault = NULL;
	ck_assert_int_ne(access(file_at("partners/beta.json"), F_OK), 0);
	ck_assert_uint_eq(p->revision, 0);
	ck_assert_int_eq(history_of("beta"), 0);
	gtd_partner_free(p);
}
END_TEST

/* What a crash between the audit line and the record leaves: the line of
 * a change never made.  The next console to lock the store says so in the
 * log, and the history shows only what was made; the same revision, saved
 * later, has one line. */
/* The crash that cuts an intent short may come again while the next
 * program writes its abandoned line: that torn line hides neither the
 * intent from the reconciler nor the two from each other in the history. */
START_TEST(test_torn_abandon_is_reconciled)
{
	gtd_partner *p = created("acme", "ACME");
	gtd_store *other;
	gtd_err err;
	FILE *f;

	f = fopen(file_at("audit.log"), "a");
	fputs("{\"time\":\"2026-12-03T10:00:00Z\",\"user\":\"lan\",\"partner\":\"acme\","
	      "\"action\":\"update\",\"revision\":2,\"changes\":[\"company.name\"]}\n"
	      "{\"time\":\"2026-12-03T10:00:01Z\",\"user\":\"lan\",\"partner\":\"acme\",\"action\":\"aband", f);
	fclose(f);
	ck_assert_int_eq(history_of("acme"), 1);
	ck_assert_int_eq(gtd_store_open(root, &other, &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(other, p, "lan", &err), GTD_OK);
	ck_assert_uint_eq(p->revision, 2);
	/* create and the real revision 2: the cut-short one is gone. */
	ck_assert_int_eq(history_of("acme"), 2);
	gtd_store_close(other);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_crash_intent_is_reconciled)
{
	gtd_partner *p = created("acme", "ACME");
	gtd_store *other;
	gtd_err err;
	FILE *f;
	char *log;

	f = fopen(file_at("audit.log"), "a");
	fputs("{\"time\":\"2026-12-03T10:00:00Z\",\"user\":\"lan\",\"partner\":\"acme\","
	      "\"action\":\"update\",\"revision\":2,\"changes\":[\"company.name\"]}\n", f);
	fclose(f);
	/* Before anything locks the store, a reader already leaves it out. */
	ck_assert_int_eq(history_of("acme"), 1);
	ck_assert_int_eq(gtd_store_open(root, &other, &err), GTD_OK);
	/* Its first lock reconciles; a save of another partner takes it. */
	gtd_partner_free(created_in(other, "beta", "Beta"));
	log = slurp("audit.log");
	ck_assert_msg(strstr(log, "\"action\":\"abandoned\",\"revision\":2"), "%s", log);
	free(log);
	ck_assert_int_eq(history_of("acme"), 1);
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(other, p, "lan", &err), GTD_OK);
	ck_assert_uint_eq(p->revision, 2);
	ck_assert_int_eq(history_of("acme"), 2);
	/* A line torn mid-append does not swallow the next one. */
	f = fopen(file_at("audit.log"), "a");
	fputs("{\"time\": \"2026-", f);
	fclose(f);
	gtd_store_close(other);
	ck_assert_int_eq(gtd_store_open(root, &other, &err), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel JSC", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(other, p, "lan", &err), GTD_OK);
	ck_assert_int_eq(history_of("acme"), 3);
	gtd_store_close(other);
	gtd_partner_free(p);
}
END_TEST

/* A crash between a record's temporary file and its rename leaves the
 * temporary file; the next console's first write under the store's lock
 * removes it, and nothing else. */
START_TEST(test_stale_temps_are_removed)
{
	gtd_partner *p = created("acme", "ACME");
	gtd_store *next;
	gtd_err err;

	ck_assert_int_eq(close(open(file_at("partners/acme.json.tmp.Zq81xB"), O_WRONLY | O_CREAT, 0600)), 0);
	ck_assert_int_eq(close(open(file_at("partners/beta.json.tmp.000000"), O_WRONLY | O_CREAT, 0600)), 0);
	ck_assert_int_eq(close(open(file_at("partners/README.tmp.txt"), O_WRONLY | O_CREAT, 0600)), 0);
	ck_assert_int_eq(stray_files(), 3);
	ck_assert_int_eq(gtd_partner_set(p, "admin.email", "lan@acme.vn", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_open(root, &next, &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(next, p, "lan", &err), GTD_OK);
	ck_assert_int_eq(stray_files(), 1);
	ck_assert_int_eq(access(file_at("partners/README.tmp.txt"), F_OK), 0);
	gtd_store_close(next);
	gtd_partner_free(p);
}
END_TEST

/* The accepted lines of the last entry read back, "|"-joined. */
static int last_accepted(const gtd_audit_entry *e, void *ctx)
{
	char *out = ctx;
	size_t i;

	out[0] = '\0';
	for (i = 0; i < e->naccepted; i++)
		snprintf(out + strlen(out), 512 - strlen(out), "%s%s", i ? "|" : "", e->accepted[i]);
	return 0;
}

START_TEST(test_audit_accepted)
{
	gtd_partner *p = gtd_partner_new("gold");
	gtd_strlist accepted = {0, NULL};
	char got[512], *log;
	gtd_err err;

	/* What staff accept is in the line of the change, and read back. */
	ck_assert_int_eq(gtd_strlist_add(&accepted, "theme.primary: contrast of the primary colour (buttons) "
					 "against the background is 1.40:1; WCAG AA needs at least 3.0:1"), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "theme.primary", "#FFD700", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_create_accepting(store, p, "lan", &accepted, &err), GTD_OK);
	ck_assert_int_eq(gtd_store_audit(store, "gold", last_accepted, got, &err), GTD_OK);
	ck_assert_str_eq(got, accepted.v[0]);
	log = slurp("audit.log");
	ck_assert_ptr_nonnull(strstr(log, "\"accepted\":[\"theme.primary: contrast of"));
	free(log);
	/* A change without acceptance has none, in the file and read back. */
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "Gold", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save_accepting(store, p, "lan", NULL, &err), GTD_OK);
	ck_assert_int_eq(gtd_store_audit(store, "gold", last_accepted, got, &err), GTD_OK);
	ck_assert_str_eq(got, "");
	log = slurp("audit.log");
	ck_assert_ptr_null(strstr(strchr(log, '\n') + 1, "accepted"));
	free(log);
	gtd_strlist_release(&accepted);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_keys)
{
	static const char pub[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
	static const char priv[] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
	char *path = gtd_store_key_path(store, "acme", "emulator-private"), *text;
	gtd_err err;

	ck_assert_str_eq(path, file_at("keys/acme/emulator-private.pem"));
	ck_assert_int_eq(gtd_store_write_key(store, "acme", "emulator-private", priv, 1, &err), GTD_OK);
	ck_assert_int_eq(gtd_store_write_key(store, "acme", "partner-public", pub, 0, &err), GTD_OK);
	ck_assert_uint_eq(mode_of("keys/acme"), 0700);
	ck_assert_uint_eq(mode_of("keys/acme/emulator-private.pem"), 0600);
	ck_assert_uint_eq(mode_of("keys/acme/partner-public.pem"), 0644);
	text = slurp("keys/acme/emulator-private.pem");
	ck_assert_str_eq(text, priv);
	free(text);
	/* A private key is never written world-readable. */
	ck_assert_int_eq(gtd_store_write_key(store, "acme", "oops", priv, 0, &err), GTD_EKEY);
	ck_assert_int_eq(access(file_at("keys/acme/oops.pem"), F_OK), -1);
	ck_assert_int_eq(gtd_store_write_key(store, "acme", "../escape", pub, 0, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "key name"));
	ck_assert_ptr_null(gtd_store_key_path(store, "acme", "../escape"));
	ck_assert_ptr_null(gtd_store_key_path(store, "acme", NULL));
	free(path);
}
END_TEST

/* "Biên bản nghiệm thu\n" and its SHA-256 (sha256sum agrees). */
#define REPORT "Bi\xc3\xaan b\xe1\xba\xa3n nghi\xe1\xbb\x87m thu\n"
#define REPORT_SHA256 "840060e3401f3a45924ec7507a1ad34ebe4f3b61397cfb84efc73e6d7a6dabe7"
#define REPORT_KEPT "evidence/acme/840060e3401f3a45-acceptance.md"

START_TEST(test_evidence_kept)
{
	char src[300], why[GTD_ERR_MSG_MAX], *text, *kept;
	gtd_evidence e = {NULL, NULL, NULL, NULL, NULL};
	gtd_err err;

	snprintf(src, sizeof(src), "%s/acceptance.md", root);
	ck_assert_int_eq(gtd_file_write_atomic(src, REPORT, strlen(REPORT), 0644, 0, &err), GTD_OK);
	/* No such file: refused with its path and what to give, e unchanged. */
	e.file = strdup("/nonexistent/acceptance.md");
	ck_assert_int_eq(gtd_store_keep_evidence(store, "acme", &e, &err), GTD_ENOTFOUND);
	ck_assert_str_eq(err.msg, "/nonexistent/acceptance.md: no such file; give the acceptance report's path "
			 "(it is copied into the data directory with its SHA-256) or its https:// link");
	ck_assert_str_eq(e.file, "/nonexistent/acceptance.md");
	ck_assert_ptr_null(e.sha256);
	ck_assert(!gtd_evidence_file_ok(e.file, why, sizeof(why)));
	ck_assert_str_eq(why, err.msg);
	free(e.file);
	/* A directory is not a report. */
	e.file = strdup(root);
	ck_assert_int_eq(gtd_store_keep_evidence(store, "acme", &e, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "is not a file"));
	free(e.file);
	/* A link is kept as it is. */
	e.file = strdup("https://drive.example.vn/acceptance.pdf");
	ck_assert(gtd_evidence_file_ok(e.file, why, sizeof(why)));
	ck_assert_int_eq(gtd_store_keep_evidence(store, "acme", &e, &err), GTD_OK);
	ck_assert_str_eq(e.file, "https://drive.example.vn/acceptance.pdf");
	ck_assert_ptr_null(e.sha256);
	ck_assert_ptr_null(gtd_store_evidence_path(store, "acme", &e));
	free(e.file);
	/* A file is copied, 0600, under its SHA-256, and named by its name. */
	e.file = strdup(src);
	ck_assert(gtd_evidence_file_ok(e.file, why, sizeof(why)));
	ck_assert_msg(gtd_store_keep_evidence(store, "acme", &e, &err) == GTD_OK, "%s", err.msg);
	ck_assert_str_eq(e.file, "acceptance.md");
	ck_assert_str_eq(e.sha256, REPORT_SHA256);
	kept = gtd_store_evidence_path(store, "acme", &e);
	ck_assert_str_eq(kept, file_at(REPORT_KEPT));
	free(kept);
	ck_assert_uint_eq(mode_of("evidence/acme"), 0700);
	ck_assert_uint_eq(mode_of(REPORT_KEPT), 0600);
	text = slurp(REPORT_KEPT);
	ck_assert_str_eq(text, REPORT);
	free(text);
	free(e.file);
	free(e.sha256);
	/* A SHA-256 given with the file must be the file's. */
	e.file = strdup(src);
	e.sha256 = strdup("0000000000000000000000000000000000000000000000000000000000000000");
	ck_assert_int_eq(gtd_store_keep_evidence(store, "acme", &e, &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "its SHA-256 is " REPORT_SHA256 ", not the 0000"));
	ck_assert_str_eq(e.file, src);
	free(e.sha256);
	e.sha256 = NULL;
	ck_assert_int_eq(gtd_store_keep_evidence(store, "../x", &e, &err), GTD_EINVAL);
	free(e.file);
}
END_TEST

START_TEST(test_delete)
{
	gtd_partner *p = created("acme", "ACME"), *q = NULL;
	gtd_strlist ids;
	gtd_err err;

	ck_assert_int_eq(gtd_store_write_key(store, "acme", "emulator-private", "k", 1, &err), GTD_OK);
	ck_assert_int_eq(gtd_mkdirs(file_at("evidence/acme"), 0700, &err), GTD_OK);
	ck_assert_int_eq(gtd_file_write_atomic(file_at(REPORT_KEPT), REPORT, strlen(REPORT), 0600, 0, &err),
			 GTD_OK);
	ck_assert_int_eq(gtd_store_delete(store, "acme", "lan", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_load(store, "acme", &q, &err), GTD_ENOTFOUND);
	ck_assert_int_eq(access(file_at("keys/acme"), F_OK), -1);
	/* Its evidence goes with it. */
	ck_assert_int_eq(access(file_at("evidence/acme"), F_OK), -1);
	ck_assert_int_eq(gtd_store_list(store, &ids, &err), GTD_OK);
	ck_assert_uint_eq(ids.n, 0);
	gtd_strlist_release(&ids);
	ck_assert_int_eq(gtd_store_delete(store, "acme", "lan", &err), GTD_ENOTFOUND);
	/* The console that still has it open cannot resurrect it by saving. */
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "Back", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_ENOTFOUND);
	ck_assert_int_eq(access(file_at("partners/acme.json"), F_OK), -1);
	gtd_partner_free(p);
}
END_TEST

START_TEST(test_generation)
{
	uint64_t g0 = gtd_store_generation(store), g1, g2, g3;
	gtd_partner *p;
	gtd_err err;

	ck_assert_uint_ne(g0, 0);
	ck_assert_uint_eq(gtd_store_generation(store), g0);
	p = created("acme", "ACME");
	g1 = gtd_store_generation(store);
	ck_assert_uint_ne(g1, g0);
	ck_assert_uint_eq(gtd_store_generation(store), g1);
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "ACME Travel", &err), GTD_OK);
	ck_assert_int_eq(gtd_store_save(store, p, "lan", &err), GTD_OK);
	g2 = gtd_store_generation(store);
	ck_assert_uint_ne(g2, g1);
	ck_assert_int_eq(gtd_store_delete(store, "acme", "lan", &err), GTD_OK);
	g3 = gtd_store_generation(store);
	ck_assert_uint_ne(g3, g2);
	gtd_partner_free(p);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("store");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_creates_dirs);
	tcase_add_loop_test(tc, test_default_dir, 0, N(dirs));
	tcase_add_test(tc, test_create_load_list);
	tcase_add_loop_test(tc, test_bad_ids_refused, 0, N(bad_ids));
	tcase_add_test(tc, test_load_missing_and_corrupt);
	tcase_add_test(tc, test_save_revisions);
	tcase_add_test(tc, test_two_consoles_conflict);
	tcase_add_test(tc, test_lock_held_by_other_process);
	tcase_add_loop_test(tc, test_write_failure_leaves_record, 0, N(faults));
	tcase_add_test(tc, test_audit_failure_changes_nothing);
	tcase_add_test(tc, test_crash_intent_is_reconciled);
	tcase_add_test(tc, test_torn_abandon_is_reconciled);
	tcase_add_test(tc, test_create_failure_leaves_nothing);
	tcase_add_test(tc, test_audit_log_lines);
	tcase_add_test(tc, test_audit_read);
	tcase_add_test(tc, test_stale_temps_are_removed);
	tcase_add_test(tc, test_audit_accepted);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_evidence_kept);
	tcase_add_test(tc, test_delete);
	tcase_add_test(tc, test_generation);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(store_suite)
