#include "effects.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "mock.h"
#include "statelog.h"


static mock_change *change_of(mock_effects *fx, const char *number)
{
	size_t i;

	for (i = 0; i < fx->nchanges; i++)
		if (strcmp(fx->changes[i].number, number) == 0)
			return &fx->changes[i];
	return NULL;
}

/* A new change for number, or NULL out of memory. */
static mock_change *change_add(mock_effects *fx, const char *number)
{
	mock_change *c;

	if (fx->nchanges == fx->changes_cap) {
		size_t cap = fx->changes_cap ? 2 * fx->changes_cap : 4;
		mock_change *v = realloc(fx->changes, cap * sizeof(*v));

		if (!v)
			return NULL;
		fx->changes = v;
		fx->changes_cap = cap;
	}
	c = &fx->changes[fx->nchanges++];
	memset(c, 0, sizeof(*c));
	snprintf(c->number, sizeof(c->number), "%s", number);
	return c;
}

/* Whether this request records changes: with a --state log only. */
static mock_effects *recording(mock_ctx *ctx)
{
	return ctx->fx && mock_statelog_enabled(ctx->state->log) ? ctx->fx : NULL;
}

void mock_effects_before(mock_ctx *ctx, const gtd_booking *b)
{
	mock_effects *fx = recording(ctx);
	mock_change *c;

	if (!fx || change_of(fx, b->number) || !(c = change_add(fx, b->number)))
		return;
	c->existed = 1;
	c->before = gtd_booking_state_text(b);   /* NULL out of memory: then it cannot be undone */
}

void mock_effects_booking(mock_ctx *ctx, const gtd_booking *b)
{
	mock_effects *fx = recording(ctx);
	mock_change *c;

	if (!fx)
		return;
	c = change_of(fx, b->number);
	if (!c && !(c = change_add(fx, b->number))) {
		fx->lost = 1;   /* applying it fails: a change it cannot save */
		return;
	}
	c->changed = 1;
	free(c->after);
	free(c->record);
	c->after = gtd_booking_state_text(b);
	c->record = mock_statelog_booking(ctx->state->log, b);
}

void mock_effects_clock(mock_ctx *ctx, time_t before)
{
	mock_effects *fx = recording(ctx);

	if (!fx)
		return;
	if (!fx->clock_changed)
		fx->clock_before = before;
	fx->clock_changed = 1;
	fx->clock_after = ctx->state->clock_offset;
	free(fx->clock_record);
	fx->clock_record = mock_statelog_clock(ctx->state->log, fx->clock_after);
}

void mock_effects_reset(mock_ctx *ctx)
{
	mock_effects *fx = recording(ctx);

	if (!fx)
		return;
	fx->reset = 1;
	free(fx->reset_record);
	fx->reset_record = mock_statelog_reset(ctx->state->log);
}

static mock_mail_out *mail_slot(mock_effects *fx)
{
	if (fx->nmails == fx->cap) {
		size_t cap = fx->cap ? 2 * fx->cap : 4;
		mock_mail_out *v = realloc(fx->mails, cap * sizeof(*v));

		if (!v)
			return NULL;
		fx->mails = v;
		fx->cap = cap;
	}
	return &fx->mails[fx->nmails];
}

static void mail_failed(mock_ctx *ctx, const char *kind, const char *number, const char *why)
{
	fprintf(stderr, "gtd-mock: no %s e-mail for %s: %s\n", kind, number, why);
	mock_entry_str(ctx->entry, "mail_error", why);
}

/* An e-mail rendered but not delivered: a customer message lost, which
 * health reports from now on. */
static void mail_lost(mock_ctx *ctx, const mock_mail_out *m, const char *why)
{
	mock_state *s = ctx->state;

	mail_failed(ctx, m->kind, m->number, why);
	pthread_mutex_lock(&s->problems_lock);
	s->mails_lost++;
	snprintf(s->mail_problem, sizeof(s->mail_problem), "the %s e-mail for %s: %.400s", m->kind,
		 m->number, why);
	pthread_mutex_unlock(&s->problems_lock);
}

void mock_effects_mail(mock_ctx *ctx, gtd_booking *b, unsigned set)
{
	mock_state *s = ctx->state;
	const mock_partner *mp;
	gtd_mail_context mc = {0};
	char *url = NULL;
	int kind;

	if (!set || !s->outbox || !ctx->fx)
		return;
	b->mails |= set;
	mp = mock_partners_by_id(ctx->partners, b->partner_id);
	if (asprintf(&url, "%s/webview/result/%s", s->base_url, b->number) < 0)
		url = NULL;
	mc.partner_id = b->partner_id;
	mc.partner_name = mp && mp->rec->company.name ? mp->rec->company.name : b->partner_id;
	mc.primary_colour = mp ? mp->rec->theme.primary : NULL;
	mc.now = mock_now(s);
	mc.booking = b;
	mc.result_url = url;
	for (kind = 0; kind < GTD_EMAIL_KIND_COUNT; kind++) {
		mock_mail_out *m;
		gtd_err err;

		if (!(set & (1u << kind)))
			continue;
		if (!(m = mail_slot(ctx->fx))) {
			mail_failed(ctx, gtd_email_kinds[kind].name, b->number, "out of memory");
			continue;
		}
		gtd_buf_init(&m->text, GTD_MAIL_MAX);
		if (gtd_mail_render((gtd_email_kind)kind, &mc, &m->text, &err) != GTD_OK) {
			mail_failed(ctx, gtd_email_kinds[kind].name, b->number, err.msg);
			gtd_buf_release(&m->text);
			continue;
		}
		m->kind = gtd_email_kinds[kind].name;
		snprintf(m->number, sizeof(m->number), "%s", b->number);
		ctx->fx->nmails++;
	}
	free(url);
}

void mock_settle(mock_ctx *ctx, gtd_booking *b)
{
	time_t now = mock_now(ctx->state);
	gtd_email_set mail;

	if (!gtd_booking_settle_due(b, now))
		return;
	mock_effects_before(ctx, b);
	mail = gtd_booking_settle(b, now);
	mock_effects_mail(ctx, b, mail);
	mock_effects_booking(ctx, b);
}

size_t mock_settle_all(mock_ctx *ctx)
{
	mock_state *s = ctx->state;
	time_t now = mock_now(s);
	size_t i, changed = 0;

	for (i = 0; i < s->cap; i++)
		if (s->bookings[i] && gtd_booking_settle_due(s->bookings[i], now)) {
			mock_settle(ctx, s->bookings[i]);
			changed++;
		}
	return changed;
}

/* The booking as its JSON text says, or NULL. */
static gtd_booking *booking_parse(const char *text)
{
	cJSON *o = cJSON_Parse(text);
	gtd_booking *b = o ? calloc(1, sizeof(*b)) : NULL;

	if (b && gtd_booking_from_json(o, b, NULL) != GTD_OK) {
		gtd_booking_release(b);
		free(b);
		b = NULL;
	}
	cJSON_Delete(o);
	return b;
}

/* Puts c's booking back as it was before this request, unless a later
 * request has changed it since (its text is no longer c->after): that one
 * is undone, or kept, by its own request.  1 when put back. */
static int undo_change(mock_state *s, const mock_change *c)
{
	gtd_booking *cur = mock_booking_find(s, c->number), *was = NULL;
	char *now_text;
	int same;

	if (!cur || !c->after || (c->existed && !c->before))
		return 0;
	now_text = gtd_booking_state_text(cur);
	same = now_text && strcmp(now_text, c->after) == 0;
	free(now_text);
	if (!same || (c->before && !(was = booking_parse(c->before))))
		return 0;
	mock_booking_replace(s, c->number, was);
	return 1;
}

/* Whether change c is among what the failed append did not keep: all of
 * them on a write error; on out of memory only those without a record. */
static int not_kept(const mock_change *c, gtd_status st)
{
	return st != GTD_ENOMEM || !c->record;
}

static void undo(mock_ctx *ctx, gtd_status st)
{
	mock_effects *fx = ctx->fx;
	mock_state *s = ctx->state;
	size_t i, undone = 0, kept = 0;

	mock_state_lock(s);
	for (i = fx->nchanges; i-- > 0;) {
		if (!fx->changes[i].changed || !not_kept(&fx->changes[i], st))
			continue;
		if (undo_change(s, &fx->changes[i]))
			undone++;
		else
			kept++;
	}
	if (fx->clock_changed && (st != GTD_ENOMEM || !fx->clock_record) &&
	    __atomic_load_n(&s->clock_offset, __ATOMIC_RELAXED) == fx->clock_after)
		__atomic_store_n(&s->clock_offset, fx->clock_before, __ATOMIC_RELAXED);
	mock_state_unlock(s);
	if (undone)
		mock_entry_num(ctx->entry, "bookings_put_back", (double)undone);
	if (kept)
		mock_entry_num(ctx->entry, "bookings_changed_since", (double)kept);
}

/* The queued log lines, in the order they were made; how many. */
static size_t records_of(const mock_effects *fx, char **out)
{
	size_t i, n = 0;

	if (fx->reset)
		out[n++] = fx->reset_record;
	for (i = 0; i < fx->nchanges; i++)
		if (fx->changes[i].changed)
			out[n++] = fx->changes[i].record;
	if (fx->clock_changed)
		out[n++] = fx->clock_record;
	if (fx->lost)
		out[n++] = NULL;
	return n;
}

/* Health's word on the log: why the last append failed, or "" once one
 * succeeds again. */
static void set_state_problem(mock_state *s, const char *why)
{
	pthread_mutex_lock(&s->problems_lock);
	snprintf(s->state_problem, sizeof(s->state_problem), "%s", why);
	pthread_mutex_unlock(&s->problems_lock);
}

/* Writes the log lines; 0, or -1 with the change undone and resp a 503. */
static int make_durable(mock_ctx *ctx, mock_response *resp)
{
	mock_effects *fx = ctx->fx;
	char **recs;
	size_t n;
	gtd_status st;
	gtd_err err;

	if (!mock_statelog_enabled(ctx->state->log) ||
	    (!fx->nchanges && !fx->clock_changed && !fx->reset && !fx->lost))
		return 0;
	recs = calloc(fx->nchanges + 3, sizeof(*recs));
	if (!recs) {
		st = gtd_err_set(&err, GTD_EIO, "out of memory gathering the changes");
	} else {
		/* Bookings only looked at (a refused commit) have nothing to say. */
		n = records_of(fx, recs);
		st = n ? mock_statelog_append(ctx->state->log, recs, n, &err) : GTD_OK;
		free(recs);
		if (!n)
			return 0;
	}
	if (st == GTD_OK) {
		set_state_problem(ctx->state, "");
		return 0;
	}
	undo(ctx, st);
	set_state_problem(ctx->state, err.msg);
	fprintf(stderr, "gtd-mock: a change was not kept: %s\n", err.msg);
	if (fx->reset)
		/* Bookings freed cannot be put back: memory is reset, the file
		 * still holds them, and a restart brings them back. */
		mock_entry_why(ctx->entry, "the reset could not be saved: %s (HTTP 503; the bookings "
					   "are gone from memory but not from the state file)", err.msg);
	else
		mock_entry_why(ctx->entry, "the change could not be made durable, so it was not made: "
					   "%s (HTTP 503; the bookings are as they were, no e-mail sent)",
			       err.msg);
	mock_response_clear(resp);
	mock_response_error(resp, 503, "the change could not be saved, so it was not made: %s",
			    err.msg);
	return -1;
}

int mock_effects_apply(mock_ctx *ctx, mock_response *resp)
{
	mock_effects *fx = ctx->fx;
	int rc;
	size_t i;

	if (!fx)
		return 0;
	rc = make_durable(ctx, resp);
	/* Unsynced: with --state the log line just synced says which e-mails
	 * are due and a start delivers those the outbox lacks (or holds cut
	 * short); without it nothing the e-mail tells of outlives the process.
	 * Two fsyncs per message would only slow every commit down. */
	for (i = 0; i < fx->nmails; i++) {
		mock_mail_out *m = &fx->mails[i];
		gtd_err err;

		if (rc == 0 && gtd_maildir_deliver_ex(ctx->state->outbox, m->text.data, m->text.len,
						      GTD_MAILDIR_NO_SYNC, NULL, &err) != GTD_OK) {
			mail_lost(ctx, m, err.msg);
			rc = -1;
		}
		gtd_buf_release(&m->text);
	}
	fx->nmails = 0;
	return rc;
}

/* "kind booking" of an outbox entry, for the set of those delivered. */
static char *delivered_key(gtd_email_kind kind, const char *number)
{
	char *k = NULL;

	if (asprintf(&k, "%s %s", gtd_email_kinds[kind].name, number) < 0)
		return NULL;
	return k;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

long mock_effects_redeliver(mock_ctx *ctx, gtd_err *err)
{
	mock_state *s = ctx->state;
	gtd_mail_entry *entries = NULL;
	size_t n = 0, skipped = 0, i, nkeys = 0;
	char **keys;
	long delivered = 0;
	mock_effects fx = {0};
	mock_entry entry;
	mock_ctx c = *ctx;
	int kind;

	if (!s->outbox || !s->nbookings)
		return 0;
	if (gtd_maildir_list(s->outbox, &entries, &n, &skipped, err) != GTD_OK)
		return -1;
	keys = calloc(n + 1, sizeof(*keys));
	for (i = 0; keys && i < n; i++)
		if (entries[i].booking && (keys[nkeys] = delivered_key(entries[i].kind, entries[i].booking)))
			nkeys++;
	gtd_mail_entries_free(entries, n);
	if (!keys) {
		gtd_err_set(err, GTD_ENOMEM, "out of memory reading the outbox");
		return -1;
	}
	qsort(keys, nkeys, sizeof(*keys), key_cmp);
	mock_entry_init(&entry, 0, mock_now(s), "START", "/");
	c.fx = &fx;
	c.entry = &entry;
	c.partners = mock_state_partners(s);
	for (i = 0; i < s->cap; i++) {
		gtd_booking *b = s->bookings[i];
		unsigned missing = 0;

		for (kind = 0; b && kind < GTD_EMAIL_KIND_COUNT; kind++) {
			char *k;

			if (!(b->mails & (1u << kind)) || !(k = delivered_key((gtd_email_kind)kind, b->number)))
				continue;
			if (!bsearch(&k, keys, nkeys, sizeof(*keys), key_cmp))
				missing |= 1u << kind;
			free(k);
		}
		if (missing) {
			size_t rendered;

			mock_effects_mail(&c, b, missing);
			rendered = fx.nmails;
			if (mock_effects_apply(&c, NULL) == 0)
				delivered += (long)rendered;
		}
	}
	mock_partners_put(c.partners);
	mock_entry_release(&entry);
	mock_effects_release(&fx);
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	return delivered;
}

void mock_effects_release(mock_effects *fx)
{
	size_t i;

	for (i = 0; i < fx->nmails; i++)
		gtd_buf_release(&fx->mails[i].text);
	free(fx->mails);
	for (i = 0; i < fx->nchanges; i++) {
		free(fx->changes[i].before);
		free(fx->changes[i].after);
		free(fx->changes[i].record);
	}
	free(fx->changes);
	free(fx->clock_record);
	free(fx->reset_record);
	memset(fx, 0, sizeof(*fx));
}

void mock_effects_health(mock_state *s, cJSON *o)
{
	cJSON *problems = cJSON_CreateArray();
	char line[2 * GTD_ERR_MSG_MAX];

	pthread_mutex_lock(&s->problems_lock);
	if (s->state_problem[0]) {
		snprintf(line, sizeof(line), "the last change could not be saved, so it was refused "
			 "(503): %s", s->state_problem);
		cJSON_AddItemToArray(problems, cJSON_CreateString(line));
	}
	if (s->mails_lost) {
		snprintf(line, sizeof(line), "%lu customer e-mail%s could not be delivered to the outbox; "
			 "the last: %s", s->mails_lost, s->mails_lost == 1 ? "" : "s", s->mail_problem);
		cJSON_AddItemToArray(problems, cJSON_CreateString(line));
	}
	pthread_mutex_unlock(&s->problems_lock);
	cJSON_AddStringToObject(o, "status", cJSON_GetArraySize(problems) ? "degraded" : "ok");
	if (cJSON_GetArraySize(problems))
		cJSON_AddItemToObject(o, "problems", problems);
	else
		cJSON_Delete(problems);
}
