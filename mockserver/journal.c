#include "journal.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "booking.h"
#include "valid.h"

/* The ring keeps entries as their printed lines, not as trees: a line is
 * one allocation to free when it falls out of the ring, where a tree is
 * dozens, and the ring's memory is a third.  The control API parses the
 * few lines it returns. */
typedef struct line {
	char *text;                         /* one JSON object, no newline */
	unsigned long id;
	char partner[GTD_SLUG_MAX + 1];     /* "" when the entry names none */
} line;

struct mock_journal {
	pthread_mutex_t lock;
	line *ring;
	size_t capacity, next;   /* next slot to write */
	unsigned long last_id;
	int fd;
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
	j->fd = -1;
	if (path) {
		j->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (j->fd < 0) {
			free(j->ring);
			free(j);
			return gtd_err_set(err, GTD_EIO, "cannot open the journal %s: %m", path);
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
	free(j->ring);
	free(j);
}

unsigned long mock_journal_next_id(mock_journal *j)
{
	return __atomic_add_fetch(&j->last_id, 1, __ATOMIC_RELAXED);
}

void mock_entry_init(mock_entry *e, unsigned long id, time_t now, const char *method,
		     const char *path)
{
	char iso[21];

	gtd_iso8601(iso, now);
	e->o = cJSON_CreateObject();
	e->checks = NULL;
	if (!e->o)
		return;
	cJSON_AddNumberToObject(e->o, "id", (double)id);
	cJSON_AddStringToObject(e->o, "time", iso);
	cJSON_AddStringToObject(e->o, "method", method);
	cJSON_AddStringToObject(e->o, "path", path);
	e->checks = cJSON_AddArrayToObject(e->o, "checks");
}

void mock_entry_release(mock_entry *e)
{
	cJSON_Delete(e->o);
	e->o = e->checks = NULL;
}

void mock_entry_json(mock_entry *e, const char *key, cJSON *value)
{
	if (!e->o || !value) {
		cJSON_Delete(value);
		return;
	}
	if (cJSON_GetObjectItemCaseSensitive(e->o, key))
		cJSON_ReplaceItemInObjectCaseSensitive(e->o, key, value);
	else
		cJSON_AddItemToObject(e->o, key, value);
}

void mock_entry_str(mock_entry *e, const char *key, const char *value)
{
	mock_entry_json(e, key, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

void mock_entry_num(mock_entry *e, const char *key, double value)
{
	mock_entry_json(e, key, cJSON_CreateNumber(value));
}

void mock_entry_check(mock_entry *e, const char *check, int ok, const char *fmt, ...)
{
	cJSON *c;
	char detail[1024];
	va_list ap;

	if (!e->checks || !(c = cJSON_CreateObject()))
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	cJSON_AddStringToObject(c, "check", check);
	cJSON_AddBoolToObject(c, "ok", ok);
	cJSON_AddStringToObject(c, "detail", detail);
	cJSON_AddItemToArray(e->checks, c);
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

const char *mock_entry_get_why(const mock_entry *e)
{
	const cJSON *w = e->o ? cJSON_GetObjectItemCaseSensitive(e->o, "why") : NULL;

	return cJSON_IsString(w) ? w->valuestring : NULL;
}

void mock_journal_commit(mock_journal *j, mock_entry *e)
{
	const cJSON *id, *partner;
	line l = {0};
	char *old;

	if (!e->o)
		return;
	id = cJSON_GetObjectItemCaseSensitive(e->o, "id");
	partner = cJSON_GetObjectItemCaseSensitive(e->o, "partner");
	l.id = cJSON_IsNumber(id) ? (unsigned long)id->valuedouble : 0;
	/* A name that no partner id could have matches no filter. */
	if (cJSON_IsString(partner) && strlen(partner->valuestring) < sizeof(l.partner))
		strcpy(l.partner, partner->valuestring);
	l.text = cJSON_PrintUnformatted(e->o);
	mock_entry_release(e);
	if (!l.text)
		return;
	if (j->fd >= 0) {
		/* One writev() per line with O_APPEND: lines never interleave. */
		struct iovec iov[2] = {{l.text, strlen(l.text)}, {(void *)"\n", 1}};

		if (writev(j->fd, iov, 2) < 0)
			perror("gtd-mock: journal");
	}
	/* Only the swap is under the lock. */
	pthread_mutex_lock(&j->lock);
	old = j->ring[j->next].text;
	j->ring[j->next] = l;
	j->next = (j->next + 1) % j->capacity;
	pthread_mutex_unlock(&j->lock);
	free(old);
}

cJSON *mock_journal_since(mock_journal *j, unsigned long since, const char *partner, size_t limit)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, n = 0;

	pthread_mutex_lock(&j->lock);
	for (i = 0; arr && i < j->capacity && n < limit; i++) {
		const line *l = &j->ring[(j->next + i) % j->capacity];
		cJSON *o;

		if (!l->text || l->id <= since || (partner && strcmp(l->partner, partner) != 0))
			continue;
		if ((o = cJSON_Parse(l->text))) {
			cJSON_AddItemToArray(arr, o);
			n++;
		}
	}
	pthread_mutex_unlock(&j->lock);
	return arr;
}

void mock_journal_clear(mock_journal *j)
{
	size_t i;

	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->capacity; i++) {
		free(j->ring[i].text);
		j->ring[i].text = NULL;
	}
	pthread_mutex_unlock(&j->lock);
}
