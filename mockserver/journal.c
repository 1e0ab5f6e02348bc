#include "journal.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "booking.h"

struct mock_journal {
	pthread_mutex_t lock;
	cJSON **ring;
	size_t capacity, next;   /* next slot to write */
	unsigned long last_id;
	int fd;
};

gtd_status mock_journal_open(const char *path, size_t capacity, mock_journal **out,
			     gtd_err *err)
{
	mock_journal *j = calloc(1, sizeof(*j));

	*out = NULL;
	if (!j || !(j->ring = calloc(capacity, sizeof(cJSON *)))) {
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
		cJSON_Delete(j->ring[i]);
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
	char *line;

	if (!e->o)
		return;
	line = j->fd >= 0 ? cJSON_PrintUnformatted(e->o) : NULL;
	pthread_mutex_lock(&j->lock);
	cJSON_Delete(j->ring[j->next]);
	j->ring[j->next] = e->o;
	j->next = (j->next + 1) % j->capacity;
	if (line) {
		/* One write() per line with O_APPEND: lines never interleave. */
		size_t len = strlen(line);

		line[len] = '\n';
		if (write(j->fd, line, len + 1) < 0)
			perror("gtd-mock: journal");
	}
	pthread_mutex_unlock(&j->lock);
	free(line);
	e->o = e->checks = NULL;
}

static unsigned long entry_id(const cJSON *o)
{
	return (unsigned long)cJSON_GetObjectItemCaseSensitive(o, "id")->valuedouble;
}

cJSON *mock_journal_since(mock_journal *j, unsigned long since, const char *partner, size_t limit)
{
	cJSON *arr = cJSON_CreateArray();
	size_t i, n = 0;

	pthread_mutex_lock(&j->lock);
	for (i = 0; arr && i < j->capacity && n < limit; i++) {
		const cJSON *o = j->ring[(j->next + i) % j->capacity], *p;

		if (!o || entry_id(o) <= since)
			continue;
		p = cJSON_GetObjectItemCaseSensitive(o, "partner");
		if (partner && (!cJSON_IsString(p) || strcmp(p->valuestring, partner) != 0))
			continue;
		cJSON_AddItemToArray(arr, cJSON_Duplicate(o, 1));
		n++;
	}
	pthread_mutex_unlock(&j->lock);
	return arr;
}

void mock_journal_clear(mock_journal *j)
{
	size_t i;

	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->capacity; i++) {
		cJSON_Delete(j->ring[i]);
		j->ring[i] = NULL;
	}
	pthread_mutex_unlock(&j->lock);
}
