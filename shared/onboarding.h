/* onboarding.h - the onboarding steps' gates and their progress.
 *
 * codes.h lists each step's checklist; this module decides from a record
 * which items are met (every field an item needs present and valid) and
 * moves the steps on: done when nothing is missing, reopened when staff
 * say so.  The record itself does not know about gates.
 */
#ifndef GTD_ONBOARDING_H
#define GTD_ONBOARDING_H

#include <stddef.h>
#include <time.h>

#include "codes.h"
#include "err.h"
#include "partner.h"

/* Most fields a checklist item needs. */
#define GTD_NEEDS_MAX 3

/* A field a checklist item needs, and how people call it: en is N_()
 * text (the console translates it), vi says the same in Vietnamese.  NULL
 * for the one field of an item that has one: the item's text says it. */
typedef struct gtd_need {
	const char *path;   /* "company.address" */
	const char *en;     /* "Company address" */
	const char *vi;
} gtd_need;

/* The fields checklist item needs that p does not have (absent, or there
 * but not valid), in order: up to max pointers into the kit's table go
 * into out.  Returns how many are missing (0: the item is met); *total,
 * when not NULL, gets how many the item needs in all (0 for an item the
 * kit has no requirement for, which is never met), so that a caller says
 * the item's own text when every field is missing and names the missing
 * ones otherwise. */
size_t gtd_check_item_missing(const gtd_partner *p, const gtd_check_item *item,
			      const gtd_need **out, size_t max, size_t *total);

/* The checklist items of step (1..GTD_STEP_COUNT, codes.h gtd_steps) that
 * the record does not satisfy yet, in checklist order: up to max pointers
 * into gtd_steps are stored in out.  Returns how many are missing (0 for
 * an unknown step). */
size_t gtd_partner_step_missing(const gtd_partner *p, int step,
				const gtd_check_item **out, size_t max);

/* Marks step done at now, with note (NULL keeps the step's notes), and
 * moves current_step to the first step not done, starting it.  A note
 * counts for the checklist ("connected" is proven by a note).  Refuses with
 * GTD_EINVAL naming every missing checklist item, or GTD_ENOMEM; the record
 * is unchanged then. */
gtd_status gtd_partner_step_done(gtd_partner *p, int step, const char *note, time_t now,
				 gtd_err *err);

/* Puts a done step back in progress (done_at cleared) and makes it the
 * current step if it comes first.  GTD_EINVAL when step is not done. */
gtd_status gtd_partner_step_reopen(gtd_partner *p, int step, gtd_err *err);

#endif
