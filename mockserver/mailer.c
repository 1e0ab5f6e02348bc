/* mailer.c - the customer e-mails of PROTOCOL.md section 8, as the mock
 * sends them when a booking's event happens. */
#include <stdio.h>
#include <stdlib.h>

#include "mail.h"
#include "state.h"

void mock_state_mail(mock_state *s, const gtd_booking *b, unsigned set)
{
	mock_partners *ps;
	const mock_partner *mp;
	gtd_mail_context ctx = {0};
	char *url = NULL;
	int kind;

	if (!set || !s->outbox)
		return;
	ps = mock_state_partners(s);
	mp = mock_partners_by_id(ps, b->partner_id);
	if (asprintf(&url, "%s/webview/result/%s", s->base_url, b->number) < 0)
		url = NULL;
	ctx.partner_id = b->partner_id;
	ctx.partner_name = mp && mp->rec->company.name ? mp->rec->company.name : b->partner_id;
	ctx.primary_colour = mp ? mp->rec->theme.primary : NULL;
	ctx.now = mock_now(s);
	ctx.booking = b;
	ctx.result_url = url;
	for (kind = 0; kind < GTD_EMAIL_KIND_COUNT; kind++) {
		gtd_buf msg;
		gtd_err err;

		if (!(set & (1u << kind)))
			continue;
		gtd_buf_init(&msg, GTD_MAIL_MAX);
		if (gtd_mail_render((gtd_email_kind)kind, &ctx, &msg, &err) != GTD_OK ||
		    gtd_maildir_deliver(s->outbox, msg.data, msg.len, NULL, &err) != GTD_OK)
			fprintf(stderr, "gtd-mock: no %s e-mail for %s: %s\n", gtd_email_kinds[kind].name,
				b->number, err.msg);
		gtd_buf_release(&msg);
	}
	free(url);
	mock_partners_put(ps);
}
