/* control.c - the control API under /__gtd/, for tests and the console. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "faults.h"
#include "jsonnum.h"
#include "mail.h"
#include "mock.h"

#define JOURNAL_PAGE 1000
/* Request and fault ids are unsigned longs; a larger one names nothing. */
#define ID_MAX ((unsigned long long)ULONG_MAX < (unsigned long long)GTD_JSON_INT_MAX ? (long long)ULONG_MAX \
							: GTD_JSON_INT_MAX)
/* A hundred years: further than any run of advances goes. */
#define ADVANCE_MAX (10LL * 366 * 86400)
#define AMOUNT_MAX 1000000000000LL      /* VND: a thousand billion */

/* The request body as a JSON object, or NULL with a 400 answer made. */
static cJSON *body_object(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *o = cJSON_ParseWithLength(req->body, req->body_len);

	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		mock_entry_why(ctx->entry, "the body is not a JSON object (HTTP 400)");
		mock_response_error(resp, 400, "the body must be a JSON object");
		return NULL;
	}
	return o;
}

static void add_now(mock_ctx *ctx, cJSON *o)
{
	char iso[21];

	gtd_iso8601(iso, mock_now(ctx->state));
	cJSON_AddStringToObject(o, "now", iso);
	cJSON_AddNumberToObject(o, "offset_seconds",
				(double)__atomic_load_n(&ctx->state->clock_offset, __ATOMIC_RELAXED));
}

void control_health(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *o = cJSON_CreateObject(), *partners = cJSON_CreateArray();
	size_t i;

	(void)req;
	mock_effects_health(ctx->state, o);
	cJSON_AddStringToObject(o, "version", PACKAGE_VERSION);
	add_now(ctx, o);
	for (i = 0; ctx->partners && i < ctx->partners->n; i++) {
		const mock_partner *mp = &ctx->partners->v[i];
		const char *problem = mock_partner_problem(mp);
		cJSON *p = cJSON_CreateObject();

		cJSON_AddStringToObject(p, "id", mp->rec->id);
		cJSON_AddBoolToObject(p, "activated", mp->rec->env[GTD_ENV_SANDBOX].activated_at != NULL);
		cJSON_AddBoolToObject(p, "disabled", mp->rec->disabled);
		if (problem)
			cJSON_AddStringToObject(p, "problem", problem);
		cJSON_AddItemToArray(partners, p);
	}
	cJSON_AddItemToObject(o, "partners", partners);
	{
		size_t entries, bytes, max;
		cJSON *jr = cJSON_AddObjectToObject(o, "journal_memory");

		mock_journal_memory(ctx->journal, &entries, &bytes, &max);
		cJSON_AddNumberToObject(jr, "entries", (double)entries);
		cJSON_AddNumberToObject(jr, "bytes", (double)bytes);
		cJSON_AddNumberToObject(jr, "max_bytes", (double)max);
	}
	mock_state_lock(ctx->state);
	cJSON_AddNumberToObject(o, "bookings", (double)ctx->state->nbookings);
	mock_state_unlock(ctx->state);
	mock_response_json(resp, 200, o);
}

void control_reset(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *o = cJSON_CreateObject();

	(void)req;
	mock_state_lock(ctx->state);
	mock_state_reset(ctx->state);
	mock_effects_reset(ctx);
	mock_state_unlock(ctx->state);
	mock_journal_clear(ctx->journal);
	mock_entry_why(ctx->entry, "bookings, faults, the clock and the journal in memory were reset");
	cJSON_AddBoolToObject(o, "reset", 1);
	mock_response_json(resp, 200, o);
}

void control_clock(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *o = cJSON_CreateObject();

	(void)req;
	add_now(ctx, o);
	mock_response_json(resp, 200, o);
}


/* Moves the clock by v seconds (relative) or to offset v, and settles
 * what falls due: forward, as time passing would; back, nothing that
 * already happened is undone.  *before gets the offset it had.  The
 * number of bookings that changed. */
static size_t clock_move(mock_ctx *ctx, int relative, time_t v, time_t *before)
{
	size_t settled;

	mock_state_lock(ctx->state);
	*before = ctx->state->clock_offset;
	mock_clock_set(ctx->state, relative ? *before + v : v);
	settled = mock_settle_all(ctx);
	if (ctx->state->clock_offset != *before)
		mock_effects_clock(ctx, *before);
	mock_state_unlock(ctx->state);
	return settled;
}

/* 200 {now..., "bookings_changed": N}, the answer of both clock moves. */
static void clock_answer(mock_ctx *ctx, mock_response *resp, size_t settled)
{
	cJSON *o = cJSON_CreateObject();

	add_now(ctx, o);
	cJSON_AddNumberToObject(o, "bookings_changed", (double)settled);
	mock_response_json(resp, 200, o);
}
void control_clock_advance(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *body = body_object(ctx, req, resp);
	long long sec;
	size_t settled;
	time_t before;

	if (!body)
		return;
	if (!gtd_json_int(cJSON_GetObjectItemCaseSensitive(body, "seconds"), 1, ADVANCE_MAX, &sec)) {
		cJSON_Delete(body);
		mock_entry_why(ctx->entry, "seconds must be a whole number from 1 to ten years (HTTP 400)");
		mock_response_error(resp, 400, "\"seconds\" must be a whole number from 1 to %lld", ADVANCE_MAX);
		return;
	}
	settled = clock_move(ctx, 1, (time_t)sec, &before);
	mock_entry_why(ctx->entry, "the clock moved %lld seconds; %zu bookings changed", sec, settled);
	clock_answer(ctx, resp, settled);
	cJSON_Delete(body);
}

/* POST /__gtd/clock/set {"offset_seconds":N}: advance only moves forward,
 * so a run that moved a shared mock's clock needs this to put it back. */
void control_clock_set(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *body = body_object(ctx, req, resp);
	long long off;
	size_t settled;
	time_t before, to;

	if (!body)
		return;
	if (!gtd_json_int(cJSON_GetObjectItemCaseSensitive(body, "offset_seconds"), -MOCK_CLOCK_OFFSET_MAX,
			  MOCK_CLOCK_OFFSET_MAX, &off)) {
		cJSON_Delete(body);
		mock_entry_why(ctx->entry, "offset_seconds must be a whole number of seconds within a "
					   "hundred years (HTTP 400)");
		mock_response_error(resp, 400, "\"offset_seconds\" must be a whole number from -%lld to %lld",
				    MOCK_CLOCK_OFFSET_MAX, MOCK_CLOCK_OFFSET_MAX);
		return;
	}
	to = (time_t)off;
	settled = clock_move(ctx, 0, to, &before);
	mock_entry_why(ctx->entry, "the clock's offset was set to %lld seconds (it was %lld); %zu bookings "
				   "changed", (long long)to, (long long)before, settled);
	clock_answer(ctx, resp, settled);
	cJSON_Delete(body);
}

void control_faults_add(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *body = body_object(ctx, req, resp), *o;
	unsigned long id;
	gtd_err err;

	if (!body)
		return;
	if (mock_fault_add(ctx->state, body, &id, &err) != GTD_OK) {
		mock_entry_why(ctx->entry, "the fault is refused: %s (HTTP 400)", err.msg);
		mock_response_error(resp, 400, "%s", err.msg);
	} else {
		mock_entry_why(ctx->entry, "fault %lu armed", id);
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "id", (double)id);
		mock_response_json(resp, 201, o);
	}
	cJSON_Delete(body);
}

void control_faults_list(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	(void)req;
	mock_response_json(resp, 200, mock_faults_list(ctx->state));
}

void control_faults_clear(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *o = cJSON_CreateObject();

	(void)req;
	mock_state_lock(ctx->state);
	mock_faults_clear(ctx->state);
	mock_state_unlock(ctx->state);
	mock_entry_why(ctx->entry, "every fault removed");
	cJSON_AddBoolToObject(o, "cleared", 1);
	mock_response_json(resp, 200, o);
}

static const char *opt_string(const cJSON *o, const char *name, const char *dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : dflt;
}

/* The traveller of a control booking: each member a string when given,
 * else the default traveller's.  0 with why when one is not a string. */
static int control_traveller(const cJSON *body, gtd_traveller *t, gtd_err *err)
{
	static const char *const names[] = {"first_name", "surname", "phone", "email"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, names[i]);

		if (v && !cJSON_IsString(v))
			return gtd_err_set(err, GTD_EINVAL, "\"%s\" must be a string", names[i]), 0;
	}
	t->first_name = (char *)opt_string(body, "first_name", "Bình");
	t->last_name = (char *)opt_string(body, "surname", "Trần Thanh");
	t->phone = (char *)opt_string(body, "phone", "0912345678");
	t->email = (char *)opt_string(body, "email", "binh.tran@example.vn");
	return mock_travellers_ok(t, 1, err);
}

void control_bookings_create(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *body = body_object(ctx, req, resp), *o;
	const char *partner, *product;
	const cJSON *amount, *hold;
	long long total = 1850000;
	char number[GTD_BOOKING_NUMBER_MAX];
	gtd_traveller t = {0};
	gtd_err err;
	int p;

	if (!body)
		return;
	partner = opt_string(body, "partner", NULL);
	product = opt_string(body, "product", "flight");
	amount = cJSON_GetObjectItemCaseSensitive(body, "amount");
	hold = cJSON_GetObjectItemCaseSensitive(body, "hold");
	p = gtd_product_lookup(product);
	if (!partner || !mock_partners_by_id(ctx->partners, partner)) {
		mock_response_error(resp, partner ? 404 : 400, partner ? "no partner %s" : "\"partner\" is required",
				    partner);
		goto out;
	}
	if (p < 0) {
		mock_response_error(resp, 400, "\"product\" must be flight or hotel");
		goto out;
	}
	if (amount && !gtd_json_int(amount, 1, AMOUNT_MAX, &total)) {
		mock_response_error(resp, 400, "\"amount\" must be a whole number of VND from 1 to %lld",
				    AMOUNT_MAX);
		goto out;
	}
	if (hold && !cJSON_IsBool(hold)) {
		mock_response_error(resp, 400, "\"hold\" must be true or false");
		goto out;
	}
	mock_entry_str(ctx->entry, "partner", partner);
	if (!control_traveller(body, &t, &err)) {
		mock_response_error(resp, 400, "%s", err.msg);
		goto out;
	}
	if (mock_booking_create(ctx, partner, opt_string(body, "user", "control-api"), (gtd_product)p,
				total, NULL, number, &err) != GTD_OK ||
	    (!cJSON_IsFalse(hold) && mock_booking_hold(ctx, partner, number, &t, 1, &err) != GTD_OK)) {
		mock_response_error(resp, err.status == GTD_EINVAL ? 400 : 500, "%s", err.msg);
		goto out;
	}
	mock_entry_str(ctx->entry, "booking", number);
	if (cJSON_IsFalse(hold))
		mock_entry_why(ctx->entry, "booking %s created for partner %s and left PENDING, the state "
					   "Gotadi documents before the travellers are entered and the seats held "
					   "(POST /__gtd/bookings/%s/hold holds it)", number, partner, number);
	else
		mock_entry_why(ctx->entry, "booking %s created and held for partner %s", number, partner);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "bookingNumber", number);
	mock_response_json(resp, 201, o);
out:
	if (resp->status >= 400)
		mock_entry_why(ctx->entry, "the booking was not created (HTTP %d)", resp->status);
	cJSON_Delete(body);
}

/* POST /__gtd/bookings/N/hold: a PENDING booking gets its traveller (the
 * body's, or the default one with an empty body) and is held, as the
 * webview does when the user sends the passengers' form. */
static void control_hold(mock_ctx *ctx, const mock_request *req, const char *number,
			 mock_response *resp)
{
	cJSON *body = req->body_len ? body_object(ctx, req, resp) : cJSON_CreateObject();
	const gtd_booking *b;
	gtd_traveller t = {0};
	gtd_err err;
	char *partner = NULL;

	if (!body)
		return;
	if (!control_traveller(body, &t, &err)) {
		mock_entry_why(ctx->entry, "hold refused: %s (HTTP 400)", err.msg);
		mock_response_error(resp, 400, "%s", err.msg);
		goto out;
	}
	mock_state_read_lock(ctx->state);
	b = mock_booking_find(ctx->state, number);
	partner = b && b->partner_id ? strdup(b->partner_id) : NULL;
	mock_state_unlock(ctx->state);
	if (!partner) {
		mock_entry_why(ctx->entry, "no booking %s (HTTP 404)", number);
		mock_response_error(resp, 404, "booking %s not found", number);
		goto out;
	}
	mock_entry_str(ctx->entry, "partner", partner);
	if (mock_booking_hold(ctx, partner, number, &t, 1, &err) != GTD_OK) {
		mock_entry_why(ctx->entry, "hold refused: %s (HTTP 409)", err.msg);
		mock_response_error(resp, 409, "%s", err.msg);
		goto out;
	}
	mock_state_read_lock(ctx->state);
	b = mock_booking_find(ctx->state, number);
	if (b)
		mock_answer_booking(resp, b, 1);
	mock_state_unlock(ctx->state);
	mock_entry_why(ctx->entry, "booking %s held for partner %s", number, partner);
out:
	free(partner);
	cJSON_Delete(body);
}

/* GET /__gtd/bookings/N, POST /__gtd/bookings/N/refund, .../cancel and
 * .../hold. */
void control_booking(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *rest = req->path + strlen("/__gtd/bookings/");
	char number[GTD_BOOKING_NUMBER_MAX];
	const char *slash = strchr(rest, '/'), *op = slash ? slash + 1 : "";
	size_t len = slash ? (size_t)(slash - rest) : strlen(rest);
	int get = strcmp(req->method, "GET") == 0;
	gtd_booking *b;
	gtd_status st = GTD_OK;
	gtd_err err;

	if (len == 0 || len >= sizeof(number) || (get && *op) ||
	    (!get && strcmp(op, "refund") != 0 && strcmp(op, "cancel") != 0 && strcmp(op, "hold") != 0) ||
	    (!get && strcmp(req->method, "POST") != 0)) {
		mock_entry_why(ctx->entry, "%s %s is not a booking operation (HTTP 404)", req->method,
			       req->path);
		mock_response_error(resp, 404, "use GET /__gtd/bookings/N or POST "
					       "/__gtd/bookings/N/refund|cancel|hold");
		return;
	}
	memcpy(number, rest, len);
	number[len] = '\0';
	mock_entry_str(ctx->entry, "booking", number);
	if (*op == 'h') {
		control_hold(ctx, req, number, resp);
		return;
	}
	mock_state_lock(ctx->state);
	b = mock_booking_find(ctx->state, number);
	if (!b) {
		mock_state_unlock(ctx->state);
		mock_entry_why(ctx->entry, "no booking %s (HTTP 404)", number);
		mock_response_error(resp, 404, "booking %s not found", number);
		return;
	}
	mock_effects_before(ctx, b);
	mock_settle(ctx, b);
	mock_entry_str(ctx->entry, "partner", b->partner_id);
	mock_entry_statuses(ctx->entry, "before", b);
	if (*op == 'r')
		st = gtd_booking_refund(b, mock_now(ctx->state), &err);
	else if (*op == 'c')
		st = gtd_booking_cancel(b, mock_now(ctx->state), &err);
	if (st == GTD_OK) {
		mock_answer_booking(resp, b, 1);
		if (*op)
			mock_effects_booking(ctx, b);
	}
	mock_entry_statuses(ctx->entry, "after", b);
	mock_state_unlock(ctx->state);
	if (st != GTD_OK) {
		mock_entry_why(ctx->entry, "%s refused: %s (HTTP 409)", op, err.msg);
		mock_response_error(resp, 409, "%s", err.msg);
		return;
	}
	if (*op)
		mock_entry_why(ctx->entry, "Gotadi %s booking %s", *op == 'r' ? "refunded" : "cancelled",
			       number);
}

/* Query argument name as a whole number in [min, max] into *out, which
 * keeps its value when the argument is absent.  0, with a 400 answer that
 * says what was wanted, when it is not one. */
static int arg_number(mock_ctx *ctx, const mock_request *req, mock_response *resp, const char *name,
		      long long min, long long max, long long *out)
{
	const char *v = mock_arg(req, name);

	if (!v || gtd_decimal(v, min, max, out))
		return 1;
	mock_entry_why(ctx->entry, "%s=%.40s is not a whole number from %lld to %lld (HTTP 400)", name, v,
		       min, max);
	mock_response_error(resp, 400, "%s=%.40s: %s must be a whole number from %lld to %lld", name, v, name,
			    min, max);
	return 0;
}

/* ?pretty=1 (or 0): indented JSON for a person reading it with curl. */
static int arg_pretty(mock_ctx *ctx, const mock_request *req, mock_response *resp, int *pretty)
{
	long long p = 0;

	if (!arg_number(ctx, req, resp, "pretty", 0, 1, &p))
		return 0;
	*pretty = (int)p;
	return 1;
}

static void answer_json(mock_response *resp, int status, cJSON *json, int pretty)
{
	char *text;

	if (!pretty) {
		mock_response_json(resp, status, json);
		return;
	}
	text = json ? cJSON_Print(json) : NULL;
	cJSON_Delete(json);
	gtd_buf_reset(&resp->body);
	resp->content_type = "application/json";
	resp->status = status;
	if (text && gtd_buf_adds(&resp->body, text) == GTD_OK)
		gtd_buf_addc(&resp->body, '\n');
	else if (!text)
		gtd_buf_fail(&resp->body, GTD_ENOMEM);
	free(text);
}

/* The number after prefix in the path (a journal entry's or a fault's
 * id), or 0 with a 404 answer. */
static unsigned long path_id(mock_ctx *ctx, const mock_request *req, mock_response *resp,
			     const char *prefix, const char *what)
{
	long long id;

	if (gtd_decimal(req->path + strlen(prefix), 1, ID_MAX, &id))
		return (unsigned long)id;
	mock_entry_why(ctx->entry, "%s is not %s id (HTTP 404)", req->path, what);
	mock_response_error(resp, 404, "%s: after %s comes %s id, a whole number from 1", req->path, prefix,
			    what);
	return 0;
}

/* Every endpoint name, comma-separated, for a message saying what an api
 * filter may be. */
static void api_names(char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < GTD_API_COUNT && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? ", " : "", gtd_apis[i].name);
}

void control_journal(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	mock_journal_query q = {0};
	long long since = 0, limit = JOURNAL_PAGE, http = 0, control = 1;
	size_t omitted = 0;
	int pretty = 0;
	char names[2048];

	if (!arg_number(ctx, req, resp, "since", 0, ID_MAX, &since) ||
	    !arg_number(ctx, req, resp, "limit", 1, JOURNAL_PAGE, &limit) ||
	    !arg_number(ctx, req, resp, "http", 0, 599, &http) ||
	    !arg_number(ctx, req, resp, "control", 0, 1, &control) || !arg_pretty(ctx, req, resp, &pretty))
		return;
	q.no_control = !control;
	q.booking = mock_arg(req, "booking");
	q.since = (unsigned long)since;
	q.limit = (size_t)limit;
	q.http = (int)http;
	q.partner = mock_arg(req, "partner");
	q.api = mock_arg(req, "api");
	q.code = mock_arg(req, "code");
	if (q.api && !gtd_api_by_name(q.api)) {
		api_names(names, sizeof(names));
		mock_entry_why(ctx->entry, "api=%.40s names no endpoint (HTTP 400)", q.api);
		mock_response_error(resp, 400, "api=%.40s names no endpoint: one of %s", q.api, names);
		return;
	}
	if (q.code && !gtd_code_lookup(q.code)) {
		mock_entry_why(ctx->entry, "code=%.40s is no Gotadi error code (HTTP 400)", q.code);
		mock_response_error(resp, 400, "code=%.40s is no Gotadi error code: 00 to 10, or 99", q.code);
		return;
	}
	answer_json(resp, 200, mock_journal_find(ctx->journal, &q, &omitted), pretty);
	/* A poller that fell behind by more than a page is told so. */
	if (omitted)
		mock_response_header(resp, "X-Gtd-Journal-Omitted", "%zu", omitted);
}

/* GET /__gtd/journal/ID: one entry, for a link to it. */
void control_journal_entry(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	unsigned long id = path_id(ctx, req, resp, "/__gtd/journal/", "a request");
	cJSON *o;
	int pretty = 0;

	if (!id || !arg_pretty(ctx, req, resp, &pretty))
		return;
	if (!(o = mock_journal_entry(ctx->journal, id))) {
		mock_entry_why(ctx->entry, "the journal in memory holds no request %lu (HTTP 404)", id);
		mock_response_error(resp, 404, "no request %lu in the journal in memory (reset, or too old: "
					       "the file keeps it)", id);
		return;
	}
	answer_json(resp, 200, o, pretty);
}

void control_fault_delete(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	unsigned long id = path_id(ctx, req, resp, "/__gtd/faults/", "a fault");
	cJSON *o;

	if (!id)
		return;
	if (!mock_fault_delete(ctx->state, id)) {
		mock_entry_why(ctx->entry, "no fault %lu to remove (HTTP 404)", id);
		mock_response_error(resp, 404, "no fault %lu: GET /__gtd/faults lists them", id);
		return;
	}
	mock_entry_why(ctx->entry, "fault %lu removed", id);
	o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "deleted", (double)id);
	mock_response_json(resp, 200, o);
}

static int by_created(const void *a, const void *b)
{
	const gtd_booking *x = *(const gtd_booking *const *)a, *y = *(const gtd_booking *const *)b;

	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return strcmp(x->number, y->number);
}

static void add_time(cJSON *o, const char *name, time_t t)
{
	char iso[21];

	gtd_iso8601(iso, t);
	cJSON_AddStringToObject(o, name, iso);
}

/* GET /__gtd/bookings[?partner=P]: every booking, oldest first, settled to
 * the virtual time as booking detail would. */
void control_bookings_list(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *partner = mock_arg(req, "partner");
	cJSON *arr = cJSON_CreateArray();
	gtd_booking **v;
	size_t i, n = 0;
	time_t now;
	int pretty = 0;

	if (!arg_pretty(ctx, req, resp, &pretty)) {
		cJSON_Delete(arr);
		return;
	}
	mock_state_lock(ctx->state);
	mock_settle_all(ctx);
	now = mock_now(ctx->state);
	v = calloc(ctx->state->nbookings + 1, sizeof(*v));
	for (i = 0; v && i < ctx->state->cap; i++) {
		gtd_booking *b = ctx->state->bookings[i];

		if (b && (!partner || strcmp(b->partner_id, partner) == 0))
			v[n++] = b;
	}
	if (n)
		qsort(v, n, sizeof(*v), by_created);
	for (i = 0; v && arr && i < n; i++) {
		const gtd_booking *b = v[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "bookingNumber", b->number);
		cJSON_AddStringToObject(o, "partner", b->partner_id);
		cJSON_AddStringToObject(o, "product", gtd_product_name(b->product));
		cJSON_AddNumberToObject(o, "amount", (double)b->total_amount);
		cJSON_AddStringToObject(o, "status", gtd_bstatus_name(b->status));
		cJSON_AddStringToObject(o, "paymentStatus", gtd_pstatus_name(b->payment));
		cJSON_AddStringToObject(o, "issuedStatus", gtd_istatus_name(b->issued));
		cJSON_AddBoolToObject(o, "committed", b->committed);
		add_time(o, "created", b->created);
		add_time(o, "updated", b->updated);
		if (b->status == GTD_BOOKING_BOOKED && !b->committed) {
			add_time(o, "timeToLive", b->time_to_live);
			cJSON_AddNumberToObject(o, "ttl_seconds",
						(double)(b->time_to_live > now ? b->time_to_live - now : 0));
		}
		if (b->ntravellers) {
			char name[256];

			snprintf(name, sizeof(name), "%s %s", b->travellers[0].last_name ? b->travellers[0].last_name : "",
				 b->travellers[0].first_name ? b->travellers[0].first_name : "");
			cJSON_AddStringToObject(o, "traveller", name);
		}
		cJSON_AddItemToArray(arr, o);
	}
	mock_state_unlock(ctx->state);
	if (!v) {
		cJSON_Delete(arr);
		arr = NULL;
	}
	free(v);
	answer_json(resp, 200, arr, pretty);
}

void control_outbox(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	gtd_mail_entry *entries = NULL;
	size_t n = 0, i, skipped = 0;
	cJSON *arr;
	gtd_err err;

	(void)req;
	if (gtd_maildir_list(ctx->state->outbox, &entries, &n, &skipped, &err) != GTD_OK) {
		mock_response_error(resp, 500, "%s", err.msg);
		return;
	}
	arr = cJSON_CreateArray();
	for (i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();

		char iso[21];

		cJSON_AddStringToObject(o, "id", strchr(entries[i].name, '/') + 1);
		cJSON_AddStringToObject(o, "file", entries[i].name);
		cJSON_AddStringToObject(o, "kind", gtd_email_kinds[entries[i].kind].name);
		cJSON_AddStringToObject(o, "booking", entries[i].booking ? entries[i].booking : "");
		cJSON_AddStringToObject(o, "partner", entries[i].partner ? entries[i].partner : "");
		cJSON_AddStringToObject(o, "to", entries[i].to ? entries[i].to : "");
		cJSON_AddStringToObject(o, "subject", entries[i].subject ? entries[i].subject : "");
		gtd_iso8601(iso, entries[i].date);
		cJSON_AddStringToObject(o, "date", iso);
		cJSON_AddItemToArray(arr, o);
	}
	gtd_mail_entries_free(entries, n);
	mock_response_json(resp, 200, arr);
}

/* The header section as [{"name","value"}], folded lines joined. */
static cJSON *headers_json(const char *h)
{
	cJSON *arr = cJSON_CreateArray(), *last = NULL;

	while (arr && *h) {
		size_t len = strcspn(h, "\r\n");
		const char *colon = memchr(h, ':', len);

		if ((*h == ' ' || *h == '\t') && last) {
			char *joined = NULL;

			if (asprintf(&joined, "%s %.*s", cJSON_GetStringValue(cJSON_GetObjectItem(last, "value")),
				     (int)len - 1, h + 1) >= 0) {
				cJSON_ReplaceItemInObject(last, "value", cJSON_CreateString(joined));
				free(joined);
			}
		} else if (colon) {
			const char *v = colon + 1;
			char *name = strndup(h, (size_t)(colon - h)), *value;

			v += strspn(v, " \t");
			value = strndup(v, len - (size_t)(v - h));
			last = cJSON_CreateObject();
			cJSON_AddStringToObject(last, "name", name ? name : "");
			cJSON_AddStringToObject(last, "value", value ? value : "");
			cJSON_AddItemToArray(arr, last);
			free(name);
			free(value);
		}
		h += len;
		h += strspn(h, "\r\n");
	}
	return arr;
}

/* GET /__gtd/outbox/ID: one e-mail as a mail reader shows it. */
void control_outbox_message(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *id = req->path + strlen("/__gtd/outbox/");
	gtd_mail_message m;
	cJSON *o;
	gtd_err err;
	int pretty = 0;

	if (!arg_pretty(ctx, req, resp, &pretty))
		return;
	if (!ctx->state->outbox || gtd_maildir_read(ctx->state->outbox, id, &m, &err) != GTD_OK) {
		/* A file that is not one of our messages is not listed either. */
		int status = ctx->state->outbox && err.status == GTD_ENOMEM ? 500 : 404;

		mock_entry_why(ctx->entry, "%s (HTTP %d)", ctx->state->outbox ? err.msg : "this mock keeps no outbox",
			       status);
		mock_response_error(resp, status, "%s", ctx->state->outbox ? err.msg : "this mock keeps no outbox");
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "file", m.entry.name);
	cJSON_AddStringToObject(o, "kind", gtd_email_kinds[m.entry.kind].name);
	cJSON_AddStringToObject(o, "booking", m.entry.booking ? m.entry.booking : "");
	cJSON_AddStringToObject(o, "partner", m.entry.partner ? m.entry.partner : "");
	cJSON_AddStringToObject(o, "to", m.entry.to ? m.entry.to : "");
	cJSON_AddStringToObject(o, "subject", m.entry.subject ? m.entry.subject : "");
	add_time(o, "date", m.entry.date);
	cJSON_AddItemToObject(o, "headers", headers_json(m.headers));
	if (m.text)
		cJSON_AddStringToObject(o, "text", m.text);
	if (m.html)
		cJSON_AddStringToObject(o, "html", m.html);
	cJSON_AddStringToObject(o, "raw", m.raw);
	gtd_mail_message_release(&m);
	answer_json(resp, 200, o, pretty);
}

void control_reload(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	cJSON *o = cJSON_CreateObject();
	int n;

	(void)req;
	n = ctx->reload(ctx->reload_arg);
	mock_entry_why(ctx->entry, n < 0 ? "reload failed: the previous partners stay"
					 : "partners re-read from the store");
	cJSON_AddNumberToObject(o, "partners", n);
	mock_response_json(resp, n < 0 ? 500 : 200, o);
}
