#include "effects.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "mock.h"

/* Two requests may apply their effects at once; the --state file is
 * written by one at a time. */
static pthread_mutex_t save_lock = PTHREAD_MUTEX_INITIALIZER;

void mock_effects_booking(mock_ctx *ctx, const gtd_booking *b)
{
	(void)b;
	if (ctx->fx)
		ctx->fx->save = 1;
}

void mock_effects_state(mock_ctx *ctx)
{
	if (ctx->fx)
		ctx->fx->save = 1;
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

void mock_effects_mail(mock_ctx *ctx, const gtd_booking *b, unsigned set)
{
	mock_state *s = ctx->state;
	const mock_partner *mp;
	gtd_mail_context mc = {0};
	char *url = NULL;
	int kind;

	if (!set || !s->outbox || !ctx->fx)
		return;
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

	if (!gtd_booking_settle_due(b, now))
		return;
	mock_effects_mail(ctx, b, gtd_booking_settle(b, now));
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

void mock_effects_apply(mock_ctx *ctx)
{
	mock_effects *fx = ctx->fx;
	size_t i;

	if (!fx)
		return;
	if (fx->save && ctx->state->state_path) {
		pthread_mutex_lock(&save_lock);
		mock_state_read_lock(ctx->state);
		mock_state_save(ctx->state);
		mock_state_unlock(ctx->state);
		pthread_mutex_unlock(&save_lock);
	}
	fx->save = 0;
	for (i = 0; i < fx->nmails; i++) {
		mock_mail_out *m = &fx->mails[i];
		gtd_err err;

		if (gtd_maildir_deliver(ctx->state->outbox, m->text.data, m->text.len, NULL, &err) != GTD_OK)
			mail_failed(ctx, m->kind, m->number, err.msg);
		gtd_buf_release(&m->text);
	}
	fx->nmails = 0;
}

void mock_effects_release(mock_effects *fx)
{
	size_t i;

	for (i = 0; i < fx->nmails; i++)
		gtd_buf_release(&fx->mails[i].text);
	free(fx->mails);
	memset(fx, 0, sizeof(*fx));
}
