#include "faults.h"

#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "codes.h"
#include "jsonnum.h"
#include "state.h"

struct mock_fault {
	unsigned long id;
	const gtd_api *api;              /* NULL: any */
	char *partner, *booking;         /* NULL: any */
	mock_fault_hit action;
	long remaining;                  /* -1: unlimited */
	double probability;
	unsigned long long rng;          /* xorshift64* state */
	unsigned long fired;
	cJSON *spec;
	mock_fault *next;
};

static void fault_free(mock_fault *f)
{
	free(f->partner);
	free(f->booking);
	cJSON_Delete(f->spec);
	free(f);
}

/* Copies the optional string member name of o into *out. */
static gtd_status opt_str(const cJSON *o, const char *name, char **out, gtd_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = NULL;
	if (!v)
		return GTD_OK;
	if (!cJSON_IsString(v))
		return gtd_err_set(err, GTD_EINVAL, "match.%s must be a string", name);
	*out = strdup(v->valuestring);
	return *out ? GTD_OK : gtd_err_set(err, GTD_ENOMEM, "out of memory");
}

/* match.api: a name of the endpoint table that faults can fire on, so a
 * misspelled fault is refused instead of never firing. */
static gtd_status parse_api(const cJSON *match, const gtd_api **out, gtd_err *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(match, "api");
	char names[256];

	*out = NULL;
	if (!v)
		return GTD_OK;
	if (cJSON_IsString(v)) {
		*out = gtd_api_by_name(v->valuestring);
		if (*out && ((*out)->flags & GTD_API_FAULTS))
			return GTD_OK;
	}
	return gtd_err_set(err, GTD_EINVAL, "match.api %s%.60s%s is not an API faults can match: one of %s",
			   cJSON_IsString(v) ? "'" : "", cJSON_IsString(v) ? v->valuestring : "(not a string)",
			   cJSON_IsString(v) ? "'" : "", gtd_api_fault_names(names, sizeof(names)));
}

/* 1 when every member of o is one of names (NULL-terminated); else 0
 * with *bad the first that is not. */
static int members_known(const cJSON *o, const char *const *names, const char **bad)
{
	const cJSON *m;
	size_t i;

	cJSON_ArrayForEach(m, o) {
		for (i = 0; names[i] && strcmp(names[i], m->string) != 0; i++)
			;
		if (!names[i]) {
			*bad = m->string;
			return 0;
		}
	}
	return 1;
}

static gtd_status parse_action(const cJSON *a, mock_fault_hit *hit, gtd_err *err)
{
	static const char *const actions[] = {"http", "code", "delay_ms", "drop", "corrupt", NULL};
	const cJSON *v;
	const char *bad;
	long long k;
	int n = 0;

	if (!cJSON_IsObject(a))
		return gtd_err_set(err, GTD_EINVAL, "\"action\" must be an object: one of http, code, "
						    "delay_ms, drop, corrupt");
	/* A misspelled action would arm a fault that does something else. */
	if (!members_known(a, actions, &bad))
		return gtd_err_set(err, GTD_EINVAL, "action.%.40s is not an action: one of http, code, delay_ms, "
						    "drop, corrupt", bad);
	if ((v = cJSON_GetObjectItemCaseSensitive(a, "http"))) {
		if (!gtd_json_int(v, 100, 599, &k))
			return gtd_err_set(err, GTD_EINVAL, "action.http must be an HTTP status (100..599)");
		hit->http = (int)k;
		n++;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(a, "code"))) {
		if (!cJSON_IsString(v) || !gtd_code_lookup(v->valuestring))
			return gtd_err_set(err, GTD_EINVAL, "action.code must be a Gotadi error code (\"00\"..\"99\")");
		memcpy(hit->code, v->valuestring, 3);
		n++;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(a, "delay_ms"))) {
		if (!gtd_json_int(v, 0, 600000, &k))
			return gtd_err_set(err, GTD_EINVAL, "action.delay_ms must be a whole number 0..600000");
		hit->delay_ms = (unsigned)k;
		n++;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(a, "drop"))) {
		if (!cJSON_IsBool(v))
			return gtd_err_set(err, GTD_EINVAL, "action.drop must be true or false");
		hit->drop = cJSON_IsTrue(v);
		n++;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(a, "corrupt"))) {
		if (cJSON_IsString(v) && strcmp(v->valuestring, "signature") == 0)
			hit->corrupt = MOCK_CORRUPT_SIGNATURE;
		else if (cJSON_IsString(v) && strcmp(v->valuestring, "data") == 0)
			hit->corrupt = MOCK_CORRUPT_DATA;
		else
			return gtd_err_set(err, GTD_EINVAL, "action.corrupt must be \"signature\" or \"data\"");
		n++;
	}
	if (n == 0)
		return gtd_err_set(err, GTD_EINVAL, "\"action\" needs one of http, code, delay_ms, drop, corrupt");
	return GTD_OK;
}

gtd_status mock_fault_add(mock_state *s, const cJSON *spec, unsigned long *id, gtd_err *err)
{
	static const char *const match_members[] = {"api", "partner", "booking", NULL};
	const cJSON *match, *v;
	const char *bad;
	mock_fault *f;
	gtd_status st;
	long long k;

	if (!cJSON_IsObject(spec))
		return gtd_err_set(err, GTD_EINVAL, "a fault is a JSON object {\"match\": ..., \"action\": ...}");
	f = calloc(1, sizeof(*f));
	if (!f)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	f->remaining = -1;
	f->probability = 1;
	f->rng = 0x9e3779b97f4a7c15ull;
	match = cJSON_GetObjectItemCaseSensitive(spec, "match");
	if (match && !cJSON_IsObject(match)) {
		st = gtd_err_set(err, GTD_EINVAL, "\"match\" must be an object {api, partner, booking}");
		goto fail;
	}
	if (match && !members_known(match, match_members, &bad)) {
		st = gtd_err_set(err, GTD_EINVAL, "match.%.40s matches nothing: a fault matches api, partner "
						  "and booking", bad);
		goto fail;
	}
	if ((st = parse_api(match, &f->api, err)) != GTD_OK ||
	    (st = opt_str(match, "partner", &f->partner, err)) != GTD_OK ||
	    (st = opt_str(match, "booking", &f->booking, err)) != GTD_OK ||
	    (st = parse_action(cJSON_GetObjectItemCaseSensitive(spec, "action"), &f->action, err)) != GTD_OK)
		goto fail;
	if ((v = cJSON_GetObjectItemCaseSensitive(spec, "count"))) {
		if (!gtd_json_int(v, 1, 1000000000, &k)) {
			st = gtd_err_set(err, GTD_EINVAL, "\"count\" must be a whole number from 1 to 1000000000");
			goto fail;
		}
		f->remaining = (long)k;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(spec, "probability"))) {
		if (!cJSON_IsNumber(v) || v->valuedouble <= 0 || v->valuedouble > 1) {
			st = gtd_err_set(err, GTD_EINVAL, "\"probability\" must be in (0, 1]");
			goto fail;
		}
		f->probability = v->valuedouble;
	}
	if ((v = cJSON_GetObjectItemCaseSensitive(spec, "seed"))) {
		if (!gtd_json_int(v, 0, GTD_JSON_INT_MAX, &k)) {
			st = gtd_err_set(err, GTD_EINVAL, "\"seed\" must be a whole number from 0 to 2^53");
			goto fail;
		}
		f->rng = (unsigned long long)k * 2654435761u + 1;
	}
	f->spec = cJSON_Duplicate(spec, 1);
	mock_state_lock(s);
	f->id = f->action.id = ++s->fault_ids;
	f->next = s->faults;
	__atomic_store_n(&s->faults, f, __ATOMIC_RELEASE);
	mock_state_unlock(s);
	*id = f->id;
	return GTD_OK;
fail:
	fault_free(f);
	return st;
}

void mock_faults_clear(mock_state *s)
{
	while (s->faults) {
		mock_fault *next = s->faults->next;

		fault_free(s->faults);
		__atomic_store_n(&s->faults, next, __ATOMIC_RELEASE);
	}
}

int mock_fault_delete(mock_state *s, unsigned long id)
{
	mock_fault **p, *f = NULL;

	mock_state_lock(s);
	for (p = &s->faults; *p && (*p)->id != id; p = &(*p)->next)
		;
	if (*p) {
		f = *p;
		/* mock_fault_take reads the list head without the lock only to
		 * see whether it is empty; it walks the list under the lock. */
		__atomic_store_n(p, f->next, __ATOMIC_RELEASE);
	}
	mock_state_unlock(s);
	if (f)
		fault_free(f);
	return f != NULL;
}

cJSON *mock_faults_list(mock_state *s)
{
	cJSON *arr = cJSON_CreateArray();
	const mock_fault *f;

	mock_state_lock(s);
	for (f = s->faults; arr && f; f = f->next) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "id", (double)f->id);
		cJSON_AddItemToObject(o, "spec", cJSON_Duplicate(f->spec, 1));
		cJSON_AddNumberToObject(o, "fired", (double)f->fired);
		if (f->remaining >= 0)
			cJSON_AddNumberToObject(o, "remaining", (double)f->remaining);
		cJSON_AddItemToArray(arr, o);
	}
	mock_state_unlock(s);
	return arr;
}

static int matches(const char *want, const char *got)
{
	return !want || (got && strcmp(want, got) == 0);
}

/* xorshift64*: a seeded fault fires on the same requests every run. */
static double draw(unsigned long long *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return (double)((*x * 2685821657736338717ull) >> 11) / (double)(1ull << 53);
}

void mock_fault_take(mock_state *s, gtd_api_id api, const char *partner, const char *booking,
		     mock_fault_hit *hit)
{
	mock_fault *f;

	memset(hit, 0, sizeof(*hit));
	/* Most runs inject no fault: they need not queue on the state lock. */
	if (!__atomic_load_n(&s->faults, __ATOMIC_ACQUIRE))
		return;
	mock_state_lock(s);
	for (f = s->faults; f; f = f->next) {
		if (f->remaining == 0 || (f->api && f->api->id != api) || !matches(f->partner, partner) ||
		    !matches(f->booking, booking))
			continue;
		if (f->probability < 1 && draw(&f->rng) >= f->probability)
			continue;
		if (f->remaining > 0)
			f->remaining--;
		f->fired++;
		*hit = f->action;
		break;
	}
	mock_state_unlock(s);
}
