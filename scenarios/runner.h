/* runner.h - runs scenarios against a gateway and judges them.
 *
 * The steps of a scenario run in order through the client; after each one
 * the runner checks its expectations (or its type's defaults: HTTP 200 and
 * error code 00 for the sealed APIs) and saves the variables it asks for.
 * The first step that fails ends the scenario, with an explanation of what
 * was expected, what came, and the gateway's own X-Gtd-Explain.  Faults a
 * scenario armed are cleared when it ends, whatever its result, and a
 * scenario that may move the mock's virtual clock (clock_advance, reset,
 * http) sets its offset back to what it was before the first step, so a
 * run leaves a shared mock's clock where it found it.
 */
#ifndef GTD_RUNNER_H
#define GTD_RUNNER_H

#include <stdio.h>
#include <time.h>

#include "client.h"
#include "scenario.h"

typedef enum runner_verdict {
	RUNNER_PASS,
	RUNNER_FAIL,
	RUNNER_SKIP,
	RUNNER_VERDICT_COUNT
} runner_verdict;

/* "PASS", "FAIL", "SKIP". */
extern const char *const runner_verdict_names[RUNNER_VERDICT_COUNT];

typedef struct runner_opts {
	const char *filter;               /* only scenarios whose suite/name or file contain it */
	int no_control;                   /* skip scenarios that need the control API */
	int colour;                       /* ANSI colours on out */
	FILE *out;                        /* a line per scenario and the summary; NULL: silent */
	const scenario_vars *predefined;  /* scenario_predefined's values */
	/* Scenarios run at once (1 or 0: one after the other).  Only those
	 * that touch nothing shared run side by side (runner_shares_mock
	 * says which); the others run one at a time after them. */
	unsigned jobs;
} runner_opts;

#define RUNNER_JOBS_MAX 64

typedef struct runner_case {
	const scenario *sc;
	runner_verdict verdict;
	char *detail;                     /* why it failed or was skipped; "" when it passed */
	double seconds;
} runner_case;

typedef struct runner_results {
	runner_case *cases;
	size_t n;
	size_t count[RUNNER_VERDICT_COUNT];
	time_t started;
	double seconds;
} runner_results;

/* Whether sc touches what every scenario on the mock shares: its virtual
 * clock (clock_advance, reset, a raw http request that may reach any
 * control endpoint), its faults, or its outbox. */
int runner_shares_mock(const scenario *sc);

/* Runs the scenarios of list that o->filter selects, in list order (with
 * o->jobs > 1: the independent ones at once, then the others), printing
 * each result as it comes.  res gets one case per selected
 * scenario (pointing into list, which must outlive it); release it with
 * runner_results_release() in every case.  A failing scenario is a result,
 * not an error: the call fails only with GTD_ENOMEM. */
gtd_status runner_run(client *c, const scenario_list *list, const runner_opts *o,
		      runner_results *res, gtd_err *err);
void runner_results_release(runner_results *res);

/* "N passed, N failed", plus ", N skipped" when any were, into out. */
void runner_summary(const runner_results *res, char *out, size_t size);

#endif
