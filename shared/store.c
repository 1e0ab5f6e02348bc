#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "buf.h"
#include "jsondiff.h"
#include "jsonnum.h"
#include "keys.h"
#include "fs.h"
#include "partner_json.h"
#include "valid.h"

#define DIR_MODE 0700
#define RECORD_MODE 0600
#define PRIVATE_KEY_MODE 0600
#define PUBLIC_KEY_MODE 0644
#define AUDIT_MODE 0600
/* The action of the line that cancels an intent never carried out. */
#define ABANDONED "abandoned"
/* Longer than any audit line: the changes name paths, never values. */
#define AUDIT_LINE_MAX (64 * 1024)
#define EVIDENCE_MODE 0600
#define SHA256_HEX 64

#define RECORD_SUFFIX ".json"
#define KEY_SUFFIX ".pem"
#define PATH_LEN_MAX 4096
#define LOCK_POLL_MS 50
#define MS_PER_S 1000
#define NS_PER_MS 1000000L

/* FNV-1a, 64 bits: cheap and good enough to notice a changed stat. */
#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

#define USER_UNKNOWN "unknown"

/* Who saved a revision, for the conflict message. */
#define SAVER_MAX 128

static char *path_of(const char *base, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* base followed by the formatted tail (caller frees); NULL when too long
 * or out of memory. */
static char *path_of(const char *base, const char *fmt, ...)
{
	gtd_buf b;
	va_list ap;
	gtd_status st;

	gtd_buf_init(&b, PATH_LEN_MAX);
	st = gtd_buf_adds(&b, base);
	if (st == GTD_OK) {
		va_start(ap, fmt);
		st = gtd_buf_vprintf(&b, fmt, ap);
		va_end(ap);
	}
	if (st != GTD_OK) {
		gtd_buf_release(&b);
		return NULL;
	}
	return gtd_buf_detach(&b);
}

static gtd_status check_id(const char *id, gtd_err *err)
{
	char why[GTD_ERR_MSG_MAX];

	if (!gtd_valid_slug(id, why, sizeof(why)))
		return gtd_err_set(err, GTD_EINVAL, "partner id \"%s\": %s", id ? id : "", why);
	return GTD_OK;
}

/* partners/<id>.json (caller frees) for a checked id. */
static gtd_status record_path(const gtd_store *s, const char *id, char **out, gtd_err *err)
{
	gtd_status st = check_id(id, err);

	*out = NULL;
	if (st != GTD_OK)
		return st;
	*out = path_of(s->dir, "/partners/%s" RECORD_SUFFIX, id);
	return *out ? GTD_OK : gtd_err_set(err, GTD_ENOMEM, "out of memory");
}

char *gtd_store_default_dir(void)
{
	const char *v = getenv("GTD_HOME");

	if (v && *v)
		return strdup(v);
	/* The XDG spec ignores relative values. */
	v = getenv("XDG_DATA_HOME");
	if (v && v[0] == '/')
		return path_of(v, "/gtd");
	v = getenv("HOME");
	if (!v || !*v)
		return NULL;
	return path_of(v, "/.local/share/gtd");
}

gtd_status gtd_store_open(const char *dir, gtd_store **out, gtd_err *err)
{
	static const char *const subdirs[] = {
		"/partners", "/keys", "/outbox/tmp", "/outbox/new", "/outbox/cur",
	};
	gtd_store *s;
	gtd_status st;
	size_t i;

	*out = NULL;
	if (!dir || !*dir)
		return gtd_err_set(err, GTD_EINVAL, "no data directory given");
	s = calloc(1, sizeof(*s));
	if (!s || !(s->dir = gtd_dir_dup(dir))) {
		free(s);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	s->lock_timeout_ms = GTD_STORE_LOCK_TIMEOUT_MS;
	st = gtd_mkdirs(dir, DIR_MODE, err);
	for (i = 0; st == GTD_OK && i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		char *sub = path_of(s->dir, "%s", subdirs[i]);

		st = sub ? gtd_mkdirs(sub, DIR_MODE, err) : gtd_err_set(err, GTD_ENOMEM, "out of memory");
		free(sub);
	}
	if (st != GTD_OK) {
		gtd_err_prefix(err, "data directory %s", dir);
		gtd_store_close(s);
		return st;
	}
	*out = s;
	return GTD_OK;
}

void gtd_store_close(gtd_store *s)
{
	if (!s)
		return;
	free(s->dir);
	free(s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

gtd_status gtd_store_list(gtd_store *s, gtd_strlist *ids, gtd_err *err)
{
	char *dir = path_of(s->dir, "/partners");
	const size_t suffix = strlen(RECORD_SUFFIX);
	struct dirent *d;
	gtd_status st = GTD_OK;
	DIR *dh;

	ids->n = 0;
	ids->v = NULL;
	if (!dir)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	dh = opendir(dir);
	if (!dh) {
		st = gtd_err_set(err, GTD_EIO, "cannot read %s: %s", dir, strerror(errno));
		goto out;
	}
	while (st == GTD_OK && (d = readdir(dh))) {
		size_t n = strlen(d->d_name);
		char *id;

		/* Temporary files of an atomic write end in .tmp.XXXXXX. */
		if (n <= suffix || strcmp(d->d_name + n - suffix, RECORD_SUFFIX) != 0)
			continue;
		id = strndup(d->d_name, n - suffix);
		if (!id) {
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		} else {
			if (gtd_valid_slug(id, NULL, 0) && gtd_strlist_add(ids, id) != GTD_OK)
				st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
			free(id);
		}
	}
	closedir(dh);
	if (st != GTD_OK)
		gtd_strlist_release(ids);
	else if (ids->n)   /* qsort() must not see the NULL of an empty list */
		qsort(ids->v, ids->n, sizeof(*ids->v), cmp_str);
out:
	free(dir);
	return st;
}

/* Parses the record text read from path, for partner id. */
static gtd_status parse_record(const char *path, const char *id, const char *text, size_t len,
			       gtd_partner **out, gtd_err *err)
{
	char msg[GTD_ERR_MSG_MAX];
	gtd_status st = gtd_partner_from_json(text, len, out, err);

	if (st != GTD_OK) {
		snprintf(msg, sizeof(msg), "%s", err ? err->msg : "");
		return gtd_err_set(err, st, "%s: %s (the file was left as it is: fix or restore it)",
				   path, msg);
	}
	if (strcmp((*out)->id, id) != 0) {
		st = gtd_err_set(err, GTD_EINVAL, "%s holds partner \"%s\", not \"%s\": fix its id or rename it",
				 path, (*out)->id, id);
		gtd_partner_free(*out);
		*out = NULL;
	}
	return st;
}

gtd_status gtd_store_load(gtd_store *s, const char *id, gtd_partner **out, gtd_err *err)
{
	char *path, *text = NULL;
	size_t len = 0;
	gtd_status st;

	*out = NULL;
	st = record_path(s, id, &path, err);
	if (st != GTD_OK)
		return st;
	st = gtd_file_read(path, GTD_RECORD_MAX, &text, &len, err);
	if (st == GTD_ENOTFOUND)
		gtd_err_set(err, st, "there is no partner \"%s\" in %s", id, s->dir);
	else if (st == GTD_OK)
		st = parse_record(path, id, text, len, out, err);
	free(text);
	free(path);
	return st;
}

/* Takes the store's lock, waiting up to s->lock_timeout_ms; on success
 * *fd holds it until closed. */
static void reconcile_audit(gtd_store *s);

static gtd_status lock_store(gtd_store *s, int *fd, gtd_err *err)
{
	const struct timespec poll = {0, LOCK_POLL_MS * NS_PER_MS};
	char *path = path_of(s->dir, "/.lock");
	gtd_status st = GTD_OK;
	int waited = 0;

	*fd = -1;
	if (!path)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, RECORD_MODE);
	if (*fd < 0) {
		st = gtd_err_set(err, GTD_EIO, "cannot open the lock file %s: %s", path, strerror(errno));
		goto out;
	}
	while (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			st = gtd_err_set(err, GTD_EIO, "cannot lock %s: %s", path, strerror(errno));
			break;
		}
		if (waited >= s->lock_timeout_ms) {
			st = gtd_err_set(err, GTD_ELOCKED,
					 "another console or the mock is writing to %s (its lock %s was held for %d ms); "
					 "nothing was written: try again in a moment",
					 s->dir, path, waited);
			break;
		}
		nanosleep(&poll, NULL);
		waited += LOCK_POLL_MS;
	}
	if (st != GTD_OK) {
		close(*fd);
		*fd = -1;
	} else if (!s->swept) {
		/* No record write is in flight while we hold the lock: a
		 * temporary record file is what a crash left.  Once a handle,
		 * so a save does not read the whole directory each time. */
		char *partners = path_of(s->dir, "/partners");

		if (partners && gtd_remove_temps(partners, NULL) >= 0)
			s->swept = 1;
		free(partners);
		reconcile_audit(s);
	}
out:
	free(path);
	return st;
}

static void unlock_store(int fd)
{
	/* Closing the descriptor releases the flock. */
	if (fd >= 0)
		close(fd);
}

/* The operation took effect but what follows it (the audit line) failed:
 * err's message gets the prefix saying what was done, and callers must not
 * report the operation as not done. */
static gtd_status partial(gtd_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static gtd_status partial(gtd_err *err, const char *fmt, ...)
{
	char done[GTD_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return GTD_EPARTIAL;
	va_start(ap, fmt);
	vsnprintf(done, sizeof(done), fmt, ap);
	va_end(ap);
	gtd_err_prefix(err, "%s", done);
	err->status = GTD_EPARTIAL;
	return GTD_EPARTIAL;
}

/* Adds the array name of l's strings to o; 0 when out of memory. */
static int add_strings(cJSON *o, const char *name, const gtd_strlist *l)
{
	cJSON *arr = cJSON_AddArrayToObject(o, name);
	size_t i;

	for (i = 0; arr && i < l->n; i++) {
		cJSON *c = cJSON_CreateString(l->v[i]);

		if (!c || !cJSON_AddItemToArray(arr, c)) {
			cJSON_Delete(c);
			return 0;
		}
	}
	return arr != NULL;
}

static gtd_status audit_append(gtd_store *s, const char *id, const char *user,
			       const char *action, unsigned long revision,
			       const gtd_strlist *changes, const gtd_strlist *accepted, gtd_err *err)
{
	char now[GTD_TIMESTAMP_SIZE], *line = NULL, *path = path_of(s->dir, "/audit.log");
	cJSON *o = cJSON_CreateObject();
	gtd_status st = GTD_OK;
	size_t len;
	int fd = -1, ok = 0;

	gtd_partner_timestamp(time(NULL), now);
	if (o && cJSON_AddStringToObject(o, "time", now) &&
	    cJSON_AddStringToObject(o, "user", user ? user : USER_UNKNOWN) &&
	    cJSON_AddStringToObject(o, "partner", id) &&
	    cJSON_AddStringToObject(o, "action", action) &&
	    cJSON_AddNumberToObject(o, "revision", (double)revision))
		ok = add_strings(o, "changes", changes);
	/* What the user explicitly accepted, only when there is some. */
	if (ok && accepted && accepted->n)
		ok = add_strings(o, "accepted", accepted);
	if (!path || !ok || !(line = cJSON_PrintUnformatted(o))) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	len = strlen(line);
	line[len++] = '\n';     /* overwrites the NUL; written by length */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, AUDIT_MODE);
	if (fd < 0)
		goto fail;
	/* The store lock is held; O_APPEND still keeps a retried write at
	 * the end of the file. */
	if (gtd_fs_fault && (errno = gtd_fs_fault("append", path)) != 0)
		goto fail;
	if (gtd_write_all(fd, line, len) != 0 || fsync(fd) != 0)
		goto fail;
	goto out;
fail:
	st = gtd_err_set(err, GTD_EIO, "cannot append to %s: %s", path,
			 errno == ENOSPC ? "the disk is full" : strerror(errno));
out:
	if (fd >= 0)
		close(fd);
	free(line);
	free(path);
	cJSON_Delete(o);
	return st;
}

/* The changed paths between two record texts (old may be NULL). */
static gtd_status record_changes(const char *old_text, const char *new_text, gtd_strlist *out,
				 gtd_err *err)
{
	cJSON *a = old_text ? cJSON_Parse(old_text) : NULL, *b = cJSON_Parse(new_text);
	gtd_status st = GTD_ENOMEM;

	if (b && (a || !old_text))
		st = gtd_json_diff(a, b, out);
	cJSON_Delete(a);
	cJSON_Delete(b);
	return st == GTD_OK ? st : gtd_err_set(err, st, "out of memory");
}

/* Sets revision and updated (and created, for a new record), writes p
 * and restores them when the write fails. */
/* The audit line of a change comes first, so that no revision exists
 * without one; a change that then fails (or a crash before it is made)
 * leaves that line as an intent never carried out.  This line says so:
 * readers drop the intent with it.  Best effort: a failure here is what
 * reconcile_audit() finds and repairs at the next lock. */
static void abandon(gtd_store *s, const char *id, const char *user, unsigned long revision)
{
	gtd_strlist none = {0, NULL};

	audit_append(s, id, user, ABANDONED, revision, &none, NULL, NULL);
}

/* The last whole line of audit.log (the only one that can be an intent a
 * crash cut short: every writer holds the lock and reconciles first; lines
 * torn by a crash after it are passed over), in a malloc'd string; NULL
 * when there is none. */
static char *last_audit_line(const char *path)
{
	char buf[AUDIT_LINE_MAX + 1], *nl;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	off_t end, from;
	ssize_t n;
	size_t len;

	if (fd < 0)
		return NULL;
	end = lseek(fd, 0, SEEK_END);
	from = end > AUDIT_LINE_MAX ? end - AUDIT_LINE_MAX : 0;
	n = end > 0 ? pread(fd, buf, (size_t)(end - from), from) : -1;
	close(fd);
	if (n <= 0)
		return NULL;
	len = (size_t)n;
	buf[len] = '\0';
	for (;;) {
		cJSON *o;

		while (len && buf[len - 1] == '\n')
			buf[--len] = '\0';
		if (!len)
			return NULL;
		nl = strrchr(buf, '\n');
		if ((o = cJSON_Parse(nl ? nl + 1 : buf))) {
			cJSON_Delete(o);
			return strdup(nl ? nl + 1 : buf);
		}
		if (!nl || nl == buf)
			return NULL;
		*nl = '\0';
		len = (size_t)(nl - buf);
	}
}

static void end_torn_line(const char *path)
{
	int fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC);
	char last;
	off_t end;

	if (fd < 0)
		return;
	end = lseek(fd, 0, SEEK_END);
	if (end > 0 && pread(fd, &last, 1, end - 1) == 1 && last != '\n' && gtd_write_all(fd, "\n", 1) == 0)
		fsync(fd);
	close(fd);
}

/* Whether the change of audit line line was made: 1 when the record shows
 * it (a create or an update whose revision it has, a delete whose record
 * is gone), 0 when not (the line is an intent a crash or a failure cut
 * short), -1 for a line that names no change (abandoned, unreadable).  The
 * partner and user of the line go to *o for the caller to free. */
static int change_made(gtd_store *s, const char *line, cJSON **o)
{
	const char *id, *action;
	char *path = NULL, *text = NULL;
	gtd_partner *p = NULL;
	long long revision;
	size_t len;
	int made = -1;

	*o = cJSON_Parse(line);
	id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(*o, "partner"));
	action = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(*o, "action"));
	if (!id || !action || strcmp(action, ABANDONED) == 0 ||
	    !gtd_json_int(cJSON_GetObjectItemCaseSensitive(*o, "revision"), 0, GTD_JSON_INT_MAX, &revision) ||
	    record_path(s, id, &path, NULL) != GTD_OK)
		return -1;
	if (gtd_file_read(path, GTD_RECORD_MAX, &text, &len, NULL) == GTD_OK)
		gtd_partner_from_json(text, len, &p, NULL);
	if (strcmp(action, "delete") == 0)
		made = !text;
	else
		made = p && p->revision >= (unsigned long)revision;
	gtd_partner_free(p);
	free(text);
	free(path);
	return made;
}

/* A crash between the audit line and the record leaves the line's change
 * undone: then an abandoned line follows it.  Only the last line can be
 * such an intent (every writer holds the lock and reconciles first).
 * Called under the lock, once a handle. */
static void reconcile_audit(gtd_store *s)
{
	char *log = path_of(s->dir, "/audit.log"), *line;
	cJSON *o = NULL;

	/* A line torn by a crash mid-append is ended, so that the next line
	 * starts on its own (the torn one is skipped when read). */
	if (log)
		end_torn_line(log);
	line = log ? last_audit_line(log) : NULL;
	if (line && change_made(s, line, &o) == 0) {
		long long revision = 0;

		gtd_json_int(cJSON_GetObjectItemCaseSensitive(o, "revision"), 0, GTD_JSON_INT_MAX, &revision);
		abandon(s, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "partner")),
			cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "user")), (unsigned long)revision);
	}
	cJSON_Delete(o);
	free(line);
	free(log);
}

static gtd_status write_record(gtd_partner *p, const char *path, int exclusive, gtd_err *err)
{
	char now[GTD_TIMESTAMP_SIZE], *text = NULL;
	char *old_created = p->created, *old_updated = p->updated;
	char *created = NULL, *updated;
	unsigned long old_revision = p->revision;
	gtd_status st;

	gtd_partner_timestamp(time(NULL), now);
	updated = strdup(now);
	if (!updated || (exclusive && !(created = strdup(now)))) {
		free(updated);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	p->revision = exclusive ? 1 : old_revision + 1;
	p->updated = updated;
	if (exclusive)
		p->created = created;
	text = gtd_partner_to_json(p);
	st = text ? gtd_file_write_atomic(path, text, strlen(text), RECORD_MODE, exclusive, err)
		  : gtd_err_set(err, GTD_ENOMEM, "out of memory");
	free(text);
	if (st != GTD_OK) {
		p->revision = old_revision;
		p->updated = old_updated;
		p->created = old_created;
		free(updated);
		free(created);
		return st;
	}
	free(old_updated);
	if (exclusive)
		free(old_created);
	return GTD_OK;
}

gtd_status gtd_store_create(gtd_store *s, gtd_partner *p, const char *user, gtd_err *err)
{
	return gtd_store_create_accepting(s, p, user, NULL, err);
}

gtd_status gtd_store_create_accepting(gtd_store *s, gtd_partner *p, const char *user,
				      const gtd_strlist *accepted, gtd_err *err)
{
	char *path, *text = NULL;
	gtd_strlist changes = {0, NULL};
	gtd_status st;
	int fd = -1;

	st = record_path(s, p->id, &path, err);
	if (st != GTD_OK)
		return st;
	st = lock_store(s, &fd, err);
	if (st != GTD_OK)
		goto out;
	if (access(path, F_OK) == 0) {
		st = gtd_err_set(err, GTD_EEXIST, "partner \"%s\" already exists in %s", p->id, s->dir);
		goto out;
	}
	text = gtd_partner_to_json(p);
	st = text ? record_changes(NULL, text, &changes, err)
		  : gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (st == GTD_OK)
		st = audit_append(s, p->id, user, "create", 1, &changes, accepted, err);
	if (st != GTD_OK)
		goto out;
	st = write_record(p, path, 1, err);
	if (st != GTD_OK)
		abandon(s, p->id, user, 1);
out:
	unlock_store(fd);
	gtd_strlist_release(&changes);
	free(text);
	free(path);
	return st;
}

typedef struct saver {
	const char *id;
	unsigned long revision;
	char user[SAVER_MAX];
	char time[GTD_TIMESTAMP_SIZE];
} saver;

static int find_saver(const gtd_audit_entry *e, void *ctx)
{
	saver *w = ctx;

	if (e->revision == w->revision) {
		snprintf(w->user, sizeof(w->user), "%s", e->user);
		snprintf(w->time, sizeof(w->time), "%s", e->time);
	}
	return 0;
}

static gtd_status conflict(gtd_store *s, const gtd_partner *disk, const gtd_partner *p,
			   gtd_err *err)
{
	saver w = {p->id, disk->revision, "someone", ""};

	snprintf(w.time, sizeof(w.time), "%s", disk->updated ? disk->updated : "an unknown time");
	gtd_store_audit(s, p->id, find_saver, &w, NULL);
	return gtd_err_set(err, GTD_ECONFLICT,
			   "partner \"%s\" was saved by %s at %s (revision %lu) after you opened it "
			   "(revision %lu); reload and apply your change again; nothing was overwritten",
			   p->id, w.user, w.time, disk->revision, p->revision);
}

gtd_status gtd_store_save(gtd_store *s, gtd_partner *p, const char *user, gtd_err *err)
{
	return gtd_store_save_accepting(s, p, user, NULL, err);
}

gtd_status gtd_store_save_accepting(gtd_store *s, gtd_partner *p, const char *user,
				    const gtd_strlist *accepted, gtd_err *err)
{
	char *path, *old = NULL, *text = NULL;
	gtd_strlist changes = {0, NULL};
	gtd_partner *disk = NULL;
	size_t len = 0;
	gtd_status st;
	int fd = -1;

	st = record_path(s, p->id, &path, err);
	if (st != GTD_OK)
		return st;
	st = lock_store(s, &fd, err);
	if (st != GTD_OK)
		goto out;
	st = gtd_file_read(path, GTD_RECORD_MAX, &old, &len, err);
	if (st == GTD_ENOTFOUND)
		st = gtd_err_set(err, st, p->revision ? "partner \"%s\" was deleted after you opened it; nothing was saved"
				 : "partner \"%s\" was never saved: create it first", p->id);
	if (st == GTD_OK)
		st = parse_record(path, p->id, old, len, &disk, err);
	if (st != GTD_OK)
		goto out;
	if (disk->revision != p->revision) {
		st = conflict(s, disk, p, err);
		goto out;
	}
	/* Compared before the revision moves, so only real edits show. */
	text = gtd_partner_to_json(p);
	st = text ? record_changes(old, text, &changes, err)
		  : gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (st != GTD_OK || changes.n == 0)
		goto out;
	st = audit_append(s, p->id, user, "update", p->revision + 1, &changes, accepted, err);
	if (st != GTD_OK)
		goto out;
	st = write_record(p, path, 0, err);
	if (st != GTD_OK)
		abandon(s, p->id, user, p->revision + 1);
out:
	unlock_store(fd);
	gtd_strlist_release(&changes);
	gtd_partner_free(disk);
	free(text);
	free(old);
	free(path);
	return st;
}

/* Removes <what>/<id>/ ("keys", "evidence") and the files in it; a
 * missing directory is fine. */
static gtd_status remove_dir(gtd_store *s, const char *what, const char *id, gtd_err *err)
{
	char *dir = path_of(s->dir, "/%s/%s", what, id);
	struct dirent *d;
	gtd_status st = GTD_OK;
	DIR *dh;

	if (!dir)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	dh = opendir(dir);
	if (!dh) {
		if (errno != ENOENT)
			st = gtd_err_set(err, GTD_EIO, "cannot read %s: %s", dir, strerror(errno));
		goto out;
	}
	while (st == GTD_OK && (d = readdir(dh))) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(dh), d->d_name, 0) != 0)
			st = gtd_err_set(err, GTD_EIO, "cannot remove %s/%s: %s", dir, d->d_name,
					 strerror(errno));
	}
	closedir(dh);
	if (st == GTD_OK && rmdir(dir) != 0)
		st = gtd_err_set(err, GTD_EIO, "cannot remove %s: %s", dir, strerror(errno));
out:
	free(dir);
	return st;
}

gtd_status gtd_store_delete(gtd_store *s, const char *id, const char *user, gtd_err *err)
{
	char *path, *text = NULL;
	gtd_strlist changes = {0, NULL};
	gtd_partner *p = NULL;
	unsigned long revision = 0;
	size_t len = 0;
	gtd_status st;
	int fd = -1;

	st = record_path(s, id, &path, err);
	if (st != GTD_OK)
		return st;
	st = lock_store(s, &fd, err);
	if (st != GTD_OK)
		goto out;
	st = gtd_file_read(path, GTD_RECORD_MAX, &text, &len, err);
	if (st == GTD_ENOTFOUND)
		gtd_err_set(err, st, "there is no partner \"%s\" in %s", id, s->dir);
	if (st != GTD_OK)
		goto out;
	/* A corrupt record can still be deleted; its revision is then 0. */
	if (gtd_partner_from_json(text, len, &p, NULL) == GTD_OK)
		revision = p->revision;
	st = audit_append(s, id, user, "delete", revision, &changes, NULL, err);
	if (st != GTD_OK)
		goto out;
	if (unlink(path) != 0) {
		st = gtd_err_set(err, GTD_EIO, "cannot remove %s: %s", path, strerror(errno));
		abandon(s, id, user, revision);
		goto out;
	}
	st = remove_dir(s, "keys", id, err);
	if (st == GTD_OK)
		st = remove_dir(s, "evidence", id, err);
	if (st != GTD_OK)
		st = partial(err, "partner \"%s\" was deleted, but cleaning up failed", id);
out:
	unlock_store(fd);
	gtd_partner_free(p);
	free(text);
	free(path);
	return st;
}

/* Calls fn with one parsed audit line; 1 when fn asks to stop. */
static int audit_line(const char *line, const char *id, gtd_audit_fn fn, void *ctx)
{
	static const char *const names[] = {"time", "user", "partner", "action"};
	const char *v[sizeof(names) / sizeof(names[0])];
	const char **changes = NULL, **accepted = NULL;
	cJSON *o = cJSON_Parse(line);
	const cJSON *rev, *arr, *acc, *c;
	gtd_audit_entry e;
	long long revision;
	size_t i, n = 0, na = 0;
	int stop = 0;

	if (!cJSON_IsObject(o))
		goto out;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		v[i] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, names[i]));
		if (!v[i])
			goto out;
	}
	rev = cJSON_GetObjectItemCaseSensitive(o, "revision");
	arr = cJSON_GetObjectItemCaseSensitive(o, "changes");
	if (!gtd_json_int(rev, 0, GTD_JSON_INT_MAX, &revision) || !cJSON_IsArray(arr))
		goto out;
	if (id && strcmp(v[2], id) != 0)
		goto out;
	changes = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(*changes));
	if (!changes)
		goto out;
	cJSON_ArrayForEach(c, arr)
		if (cJSON_IsString(c))
			changes[n++] = c->valuestring;
	/* Lines from before "accepted" existed have none. */
	acc = cJSON_GetObjectItemCaseSensitive(o, "accepted");
	accepted = calloc((size_t)(cJSON_IsArray(acc) ? cJSON_GetArraySize(acc) : 0) + 1, sizeof(*accepted));
	if (!accepted)
		goto out;
	if (cJSON_IsArray(acc))
		cJSON_ArrayForEach(c, acc)
			if (cJSON_IsString(c))
				accepted[na++] = c->valuestring;
	e.time = v[0];
	e.user = v[1];
	e.partner = v[2];
	e.action = v[3];
	e.revision = (unsigned long)revision;
	e.changes = changes;
	e.nchanges = n;
	e.accepted = accepted;
	e.naccepted = na;
	stop = fn(&e, ctx) != 0;
out:
	free(changes);
	free(accepted);
	cJSON_Delete(o);
	return stop;
}

/* Whether the abandoned line cancels the line before it: the same partner
 * and revision. */
static int cancels(const char *abandoned, const char *before)
{
	cJSON *a = cJSON_Parse(abandoned), *b = cJSON_Parse(before);
	const char *pa = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "partner"));
	const char *pb = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "partner"));
	long long ra, rb;
	int yes = pa && pb && strcmp(pa, pb) == 0 &&
		  gtd_json_int(cJSON_GetObjectItemCaseSensitive(a, "revision"), 0, GTD_JSON_INT_MAX, &ra) &&
		  gtd_json_int(cJSON_GetObjectItemCaseSensitive(b, "revision"), 0, GTD_JSON_INT_MAX, &rb) &&
		  ra == rb;

	cJSON_Delete(a);
	cJSON_Delete(b);
	return yes;
}

gtd_status gtd_store_audit(gtd_store *s, const char *id, gtd_audit_fn fn, void *ctx,
			   gtd_err *err)
{
	char *path = path_of(s->dir, "/audit.log"), *line = NULL, *pending = NULL;
	size_t cap = 0;
	gtd_status st = GTD_OK;
	int stop = 0;
	FILE *f;

	if (!path)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	f = fopen(path, "re");
	if (!f) {
		if (errno != ENOENT)
			st = gtd_err_set(err, GTD_EIO, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	/* One line behind: an intent is dropped with the abandoned line that
	 * follows it; an abandoned line says nothing itself. */
	while (getline(&line, &cap, f) > 0) {
		cJSON *whole = cJSON_Parse(line);

		/* A line torn by a crash is no entry, and does not stand between
		 * an intent and the line that abandons it. */
		if (!whole)
			continue;
		cJSON_Delete(whole);
		if (strstr(line, "\"action\":\"" ABANDONED "\"")) {
			if (pending && cancels(line, pending)) {
				free(pending);
				pending = NULL;
			}
			continue;
		}
		if (pending && (stop = audit_line(pending, id, fn, ctx)))
			break;
		free(pending);
		if (!(pending = strdup(line))) {
			st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
			break;
		}
	}
	/* The last line may be an intent no program has reconciled yet (its
	 * writer was killed, and nothing has locked the store since): shown
	 * only when its change was made. */
	if (!stop && pending && st == GTD_OK) {
		cJSON *o = NULL;

		if (change_made(s, pending, &o) != 0)
			audit_line(pending, id, fn, ctx);
		cJSON_Delete(o);
	}
	free(pending);
	if (ferror(f))
		st = gtd_err_set(err, GTD_EIO, "cannot read %s: %s", path, strerror(errno));
	fclose(f);
out:
	free(line);
	free(path);
	return st;
}

char *gtd_store_key_path(const gtd_store *s, const char *id, const char *name)
{
	if (!gtd_valid_slug(id, NULL, 0) || !gtd_valid_slug(name, NULL, 0))
		return NULL;
	return path_of(s->dir, "/keys/%s/%s" KEY_SUFFIX, id, name);
}

gtd_status gtd_store_write_key(gtd_store *s, const char *id, const char *name,
			       const char *pem, int is_private, gtd_err *err)
{
	char why[GTD_ERR_MSG_MAX], *dir = NULL, *path = NULL;
	gtd_status st = check_id(id, err);

	if (st != GTD_OK)
		return st;
	if (!gtd_valid_slug(name, why, sizeof(why)))
		return gtd_err_set(err, GTD_EINVAL, "key name \"%s\": %s", name ? name : "", why);
	/* A private key must never land in a world-readable file. */
	if (!is_private && strstr(pem, "PRIVATE KEY"))
		return gtd_err_set(err, GTD_EKEY,
				   "%s is a private key: it must be written as private (mode 0600)", name);
	dir = path_of(s->dir, "/keys/%s", id);
	path = gtd_store_key_path(s, id, name);
	if (!dir || !path) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	st = gtd_mkdirs(dir, DIR_MODE, err);
	if (st == GTD_OK)
		st = gtd_file_write_atomic(path, pem, strlen(pem),
					   is_private ? PRIVATE_KEY_MODE : PUBLIC_KEY_MODE, 0, err);
out:
	free(dir);
	free(path);
	return st;
}

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* The stat fields that change when a file is replaced or rewritten. */
static uint64_t stat_hash(uint64_t h, const struct stat *st)
{
	h = fnv(h, &st->st_ino, sizeof(st->st_ino));
	h = fnv(h, &st->st_size, sizeof(st->st_size));
	h = fnv(h, &st->st_mtim.tv_sec, sizeof(st->st_mtim.tv_sec));
	return fnv(h, &st->st_mtim.tv_nsec, sizeof(st->st_mtim.tv_nsec));
}

uint64_t gtd_store_generation(gtd_store *s)
{
	char *dir = path_of(s->dir, "/partners");
	uint64_t sum = 0;
	struct dirent *d;
	struct stat st;
	DIR *dh;

	if (!dir)
		return 0;
	dh = opendir(dir);
	if (!dh || fstat(dirfd(dh), &st) != 0)
		goto out;
	sum = stat_hash(FNV_OFFSET, &st);
	while ((d = readdir(dh))) {
		if (d->d_name[0] == '.' || fstatat(dirfd(dh), d->d_name, &st, 0) != 0)
			continue;
		/* Summed, so readdir's order does not matter. */
		sum += stat_hash(fnv(FNV_OFFSET, d->d_name, strlen(d->d_name)), &st);
	}
	if (sum == 0)
		sum = 1;
out:
	if (dh)
		closedir(dh);
	free(dir);
	return sum;
}

static int is_link(const char *s)
{
	return strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0;
}

/* evidence/<id>/<16 hex>-<name>, for a SHA-256 in hex and a file name. */
static char *evidence_path(const gtd_store *s, const char *id, const char *hex, const char *name)
{
	if (!gtd_valid_slug(id, NULL, 0) || !hex || strlen(hex) != SHA256_HEX || !name || strchr(name, '/'))
		return NULL;
	return path_of(s->dir, "/evidence/%s/%.16s-%s", id, hex, name);
}

char *gtd_store_evidence_path(const gtd_store *s, const char *id, const gtd_evidence *e)
{
	if (!e->file || is_link(e->file))
		return NULL;
	return evidence_path(s, id, e->sha256, e->file);
}

static const char what_to_give[] =
	"give the acceptance report's path (it is copied into the data directory with its SHA-256) "
	"or its https:// link";

/* The status gtd_evidence_file_ok() refuses file with, and why. */
static gtd_status evidence_file_check(const char *file, gtd_err *err)
{
	char why[GTD_ERR_MSG_MAX];
	const char *base;
	struct stat sb;

	if (!file || !*file)
		return gtd_err_set(err, GTD_EINVAL, "the evidence names no file: %s", what_to_give);
	if (is_link(file))
		return GTD_OK;
	if (stat(file, &sb) != 0) {
		if (errno == ENOENT)
			return gtd_err_set(err, GTD_ENOTFOUND, "%s: no such file; %s", file, what_to_give);
		return gtd_err_set(err, GTD_EIO, "cannot read %s: %s", file, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode))
		return gtd_err_set(err, GTD_EINVAL, "%s is not a file (a directory?); %s", file, what_to_give);
	if (sb.st_size > GTD_EVIDENCE_MAX)
		return gtd_err_set(err, GTD_EINVAL, "%s is larger than %d MiB: give a link to it instead", file,
				   GTD_EVIDENCE_MAX / (1024 * 1024));
	base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	if (!gtd_valid_text(base, GTD_NAME_MAX, why, sizeof(why)))
		return gtd_err_set(err, GTD_EINVAL, "%s: the file's name: %s", file, why);
	return GTD_OK;
}

int gtd_evidence_file_ok(const char *file, char *why, size_t len)
{
	gtd_err err;

	if (evidence_file_check(file, &err) == GTD_OK)
		return 1;
	if (why && len)
		snprintf(why, len, "%s", err.msg);
	return 0;
}

gtd_status gtd_store_keep_evidence(gtd_store *s, const char *id, gtd_evidence *e, gtd_err *err)
{
	char hex[SHA256_HEX + 1], *data = NULL, *dir = NULL, *path = NULL;
	char *name = NULL, *sum = NULL;
	const char *base;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	size_t len = 0;
	gtd_status st = check_id(id, err);

	if (st != GTD_OK)
		return st;
	st = evidence_file_check(e->file, err);
	if (st != GTD_OK || is_link(e->file))
		return st;
	base = strrchr(e->file, '/') ? strrchr(e->file, '/') + 1 : e->file;
	st = gtd_file_read(e->file, GTD_EVIDENCE_MAX, &data, &len, err);
	if (st != GTD_OK)
		return st;
	if (!EVP_Digest(data, len, md, &mdlen, gtd_sha256(), NULL) || mdlen * 2 != SHA256_HEX) {
		st = gtd_err_set(err, GTD_ECRYPTO, "cannot compute the SHA-256 of %s", e->file);
		goto out;
	}
	for (i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	if (e->sha256 && strcasecmp(e->sha256, hex) != 0) {
		st = gtd_err_set(err, GTD_EINVAL, "%s: its SHA-256 is %s, not the %s given", e->file, hex,
				 e->sha256);
		goto out;
	}
	dir = path_of(s->dir, "/evidence/%s", id);
	path = evidence_path(s, id, hex, base);
	name = strdup(base);
	sum = strdup(hex);
	if (!dir || !path || !name || !sum) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	st = gtd_mkdirs(dir, DIR_MODE, err);
	if (st == GTD_OK)
		st = gtd_file_write_atomic(path, data, len, EVIDENCE_MODE, 0, err);
	if (st != GTD_OK)
		goto out;
	free(e->file);
	e->file = name;
	free(e->sha256);
	e->sha256 = sum;
	name = sum = NULL;
out:
	free(data);
	free(dir);
	free(path);
	free(name);
	free(sum);
	return st;
}

char *gtd_store_emulator_key_path(const gtd_store *s, const gtd_partner *p)
{
	char name[64];

	if (!p->emulator_key.fingerprint)
		return NULL;
	snprintf(name, sizeof(name), "%s%.16s", GTD_EMULATOR_KEY_PREFIX, p->emulator_key.fingerprint);
	return gtd_store_key_path(s, p->id, name);
}
