#include "onboarding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valid.h"

#define N_(s) (s)

/* What each checklist item of codes.h needs: every field present and
 * valid (a list: not empty, every entry valid).  An item of several fields
 * names each, so that the console can say exactly which are missing; an
 * item of one field is said by its own text (en NULL). */
static const struct requirement {
	const char *item;
	gtd_need needs[GTD_NEEDS_MAX];
} requirements[] = {
	{"company", {{"company.name", N_("Company name"), "Tên công ty"},
		     {"company.address", N_("Company address"), "Địa chỉ công ty"},
		     {"company.website", N_("Company website"), "Website công ty"}}},
	{"admin", {{"admin.full_name", N_("Administrator's full name"), "Họ tên quản trị viên"},
		   {"admin.email", N_("Administrator's e-mail"), "E-mail quản trị viên"},
		   {"admin.phone", N_("Administrator's phone"), "Số điện thoại quản trị viên"}}},
	{"links", {{"links.product_url", N_("Product page link"), "Đường dẫn trang sản phẩm"},
		   {"links.payment_url", N_("Payment gateway link"), "Đường dẫn cổng thanh toán"}}},
	{"partner-key", {{"partner_key.pem", NULL, NULL}}},
	{"sandbox-credentials", {{"env.sandbox.gateway_url", N_("Sandbox gateway URL"), "URL cổng sandbox"},
				 {"env.sandbox.api_key", N_("Sandbox API key"), "API key sandbox"},
				 {"env.sandbox.access_code", N_("Sandbox access code"), "Mã truy cập sandbox"}}},
	{"gotadi-key", {{"env.sandbox.gotadi_public_key", NULL, NULL}}},
	{"sandbox-activated", {{"env.sandbox.activated_at", NULL, NULL}}},
	{"connected", {{"onboarding.steps.connect.notes", NULL, NULL}}},
	{"acceptance", {{"onboarding.evidence", NULL, NULL}}},
	{"live-credentials", {{"env.live.gateway_url", N_("Live gateway URL"), "URL cổng live"},
			      {"env.live.api_key", N_("Live API key"), "API key live"},
			      {"env.live.access_code", N_("Live access code"), "Mã truy cập live"}}},
	{"ip-whitelist", {{"env.live.ip_whitelist", NULL, NULL}}},
	{"cs-channel", {{"cs.channels", NULL, NULL}}},
	{"training", {{"cs.training_date", NULL, NULL}}},
};

size_t gtd_check_item_missing(const gtd_partner *p, const gtd_check_item *item,
			      const gtd_need **out, size_t max, size_t *total)
{
	size_t i, j, n = 0, all = 0;

	for (i = 0; item && i < sizeof(requirements) / sizeof(requirements[0]); i++) {
		if (strcmp(requirements[i].item, item->id) != 0)
			continue;
		for (j = 0; j < GTD_NEEDS_MAX && requirements[i].needs[j].path; j++) {
			all++;
			if (gtd_partner_path_valid(p, requirements[i].needs[j].path))
				continue;
			if (n < max)
				out[n] = &requirements[i].needs[j];
			n++;
		}
		break;
	}
	if (total)
		*total = all;
	return n;
}

size_t gtd_partner_step_missing(const gtd_partner *p, int step,
				const gtd_check_item **out, size_t max)
{
	const gtd_check_item *item;
	size_t n = 0, total;

	if (step < 1 || step > GTD_STEP_COUNT)
		return 0;
	for (item = gtd_steps[step - 1].checklist; item->id; item++) {
		/* An item without a requirement here stays missing: a step must
		 * not pass on a check nobody wrote. */
		if (gtd_check_item_missing(p, item, NULL, 0, &total) == 0 && total > 0)
			continue;
		if (n < max)
			out[n] = item;
		n++;
	}
	return n;
}

/* Enough for any step's checklist in codes.h. */
#define CHECKLIST_MAX 8

gtd_status gtd_partner_step_done(gtd_partner *p, int step, const char *note, time_t now,
				 gtd_err *err)
{
	const gtd_check_item *missing[CHECKLIST_MAX];
	char stamp[GTD_TIMESTAMP_SIZE], why[GTD_ERR_MSG_MAX];
	char *notes = NULL, *done_at = NULL, *started_at = NULL, *next_started = NULL, *saved;
	gtd_partner_step *s, *next = NULL;
	size_t n, i, used;
	gtd_status st = GTD_OK;
	int cur;

	if (step < 1 || step > GTD_STEP_COUNT)
		return gtd_err_set(err, GTD_EINVAL, "there is no step %d: steps are 1 to %d", step,
				   GTD_STEP_COUNT);
	s = &p->onboarding.steps[step - 1];
	if (note && *note) {
		if (!gtd_valid_text(note, GTD_NOTE_MAX, why, sizeof(why)))
			return gtd_err_set(err, GTD_EINVAL, "the note: %s", why);
		notes = strdup(note);
		if (!notes)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	/* The note may be what proves an item ("connected"). */
	saved = s->notes;
	if (notes)
		s->notes = notes;
	n = gtd_partner_step_missing(p, step, missing, CHECKLIST_MAX);
	s->notes = saved;
	if (n > 0) {
		used = (size_t)snprintf(why, sizeof(why), "step %d cannot be done: missing", step);
		for (i = 0; i < n && i < CHECKLIST_MAX && used < sizeof(why); i++) {
			const gtd_need *need[GTD_NEEDS_MAX];
			size_t k, nn = gtd_check_item_missing(p, missing[i], need, GTD_NEEDS_MAX, NULL);

			used += (size_t)snprintf(why + used, sizeof(why) - used, "%s %s (", i ? "," : "",
						 missing[i]->id);
			/* The fields by path: exactly what is missing, not the whole item. */
			for (k = 0; k < nn && k < GTD_NEEDS_MAX && used < sizeof(why); k++)
				used += (size_t)snprintf(why + used, sizeof(why) - used, "%s%s", k ? ", " : "",
							 need[k]->path);
			if (used < sizeof(why))
				used += (size_t)snprintf(why + used, sizeof(why) - used, ")");
		}
		st = gtd_err_set(err, GTD_EINVAL, "%s", why);
		goto out;
	}
	/* The next current step: the first one not done once this one is. */
	for (cur = 1; cur <= GTD_STEP_COUNT; cur++)
		if (cur != step && p->onboarding.steps[cur - 1].status != GTD_STEP_DONE)
			break;
	if (cur > GTD_STEP_COUNT)
		cur = GTD_STEP_COUNT;
	else if (p->onboarding.steps[cur - 1].status == GTD_STEP_TODO)
		next = &p->onboarding.steps[cur - 1];
	gtd_partner_timestamp(now, stamp);
	if (!(done_at = strdup(stamp)) ||
	    (!s->started_at && !(started_at = strdup(stamp))) ||
	    (next && !next->started_at && !(next_started = strdup(stamp)))) {
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
		goto out;
	}
	s->status = GTD_STEP_DONE;
	free(s->done_at);
	s->done_at = done_at;
	done_at = NULL;
	if (started_at) {
		s->started_at = started_at;
		started_at = NULL;
	}
	if (notes) {
		free(s->notes);
		s->notes = notes;
		notes = NULL;
	}
	if (next) {
		next->status = GTD_STEP_IN_PROGRESS;
		if (next_started) {
			next->started_at = next_started;
			next_started = NULL;
		}
	}
	p->onboarding.current_step = cur;
out:
	free(notes);
	free(done_at);
	free(started_at);
	free(next_started);
	return st;
}

gtd_status gtd_partner_step_reopen(gtd_partner *p, int step, gtd_err *err)
{
	gtd_partner_step *s;

	if (step < 1 || step > GTD_STEP_COUNT)
		return gtd_err_set(err, GTD_EINVAL, "there is no step %d: steps are 1 to %d", step,
				   GTD_STEP_COUNT);
	s = &p->onboarding.steps[step - 1];
	if (s->status != GTD_STEP_DONE)
		return gtd_err_set(err, GTD_EINVAL, "step %d is not done; there is nothing to reopen", step);
	s->status = GTD_STEP_IN_PROGRESS;
	free(s->done_at);
	s->done_at = NULL;
	if (p->onboarding.current_step > step)
		p->onboarding.current_step = step;
	return GTD_OK;
}
