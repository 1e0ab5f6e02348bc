#include "onboarding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "valid.h"

/* What each checklist item of codes.h needs: every path present and valid
 * (a list: not empty, every entry valid). */
#define REQUIREMENT_PATHS 3
static const struct requirement {
	const char *item;
	const char *paths[REQUIREMENT_PATHS];
} requirements[] = {
	{"company", {"company.name", "company.address", "company.website"}},
	{"admin", {"admin.full_name", "admin.email", "admin.phone"}},
	{"links", {"links.product_url", "links.payment_url"}},
	{"partner-key", {"partner_key.pem"}},
	{"sandbox-credentials", {"env.sandbox.gateway_url", "env.sandbox.api_key", "env.sandbox.access_code"}},
	{"gotadi-key", {"env.sandbox.gotadi_public_key"}},
	{"sandbox-activated", {"env.sandbox.activated_at"}},
	{"connected", {"onboarding.steps.connect.notes"}},
	{"acceptance", {"onboarding.evidence"}},
	{"live-credentials", {"env.live.gateway_url", "env.live.api_key", "env.live.access_code"}},
	{"ip-whitelist", {"env.live.ip_whitelist"}},
	{"cs-channel", {"cs.channels"}},
	{"training", {"cs.training_date"}},
};

size_t gtd_partner_step_missing(const gtd_partner *p, int step,
				const gtd_check_item **out, size_t max)
{
	const gtd_check_item *item;
	size_t n = 0, i, j;

	if (step < 1 || step > GTD_STEP_COUNT)
		return 0;
	for (item = gtd_steps[step - 1].checklist; item->id; item++) {
		/* An item without a requirement here stays missing: a step must
		 * not pass on a check nobody wrote. */
		int ok = 0;

		for (i = 0; i < sizeof(requirements) / sizeof(requirements[0]); i++) {
			if (strcmp(requirements[i].item, item->id) != 0)
				continue;
			ok = 1;
			for (j = 0; j < REQUIREMENT_PATHS && requirements[i].paths[j]; j++)
				ok = ok && gtd_partner_path_valid(p, requirements[i].paths[j]);
		}
		if (ok)
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
		for (i = 0; i < n && i < CHECKLIST_MAX && used < sizeof(why); i++)
			used += (size_t)snprintf(why + used, sizeof(why) - used, "%s %s (%s)",
						 i ? "," : "", missing[i]->id, missing[i]->en);
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
