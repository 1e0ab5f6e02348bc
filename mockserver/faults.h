/* faults.h - failures injected on demand through POST /__gtd/faults.
 *
 * A fault matches requests by API, partner and booking, and does one thing
 * to them: answer an HTTP status, answer an error code inside the
 * envelope, delay the answer, drop the connection, or corrupt the answer's
 * signature or data.  It fires a number of times, or with a probability
 * drawn from a seeded generator, so a failing test can be replayed.
 */
#ifndef MOCK_FAULTS_H
#define MOCK_FAULTS_H

#include <cjson/cJSON.h>

#include "api.h"
#include "err.h"

typedef struct mock_state mock_state;

typedef enum mock_corrupt {
	MOCK_CORRUPT_NONE,
	MOCK_CORRUPT_SIGNATURE,   /* the answer's signature does not verify */
	MOCK_CORRUPT_DATA,        /* the answer's data does not decrypt */
} mock_corrupt;

/* What a fault does to the request it fired on. */
typedef struct mock_fault_hit {
	unsigned long id;         /* 0: no fault fired */
	int http;                 /* answer this HTTP status, or 0 */
	char code[3];             /* answer this error code, or "" */
	unsigned delay_ms;
	int drop;
	mock_corrupt corrupt;
} mock_fault_hit;

/* Adds the fault described by spec (the JSON body of POST /__gtd/faults):
 *   {"match": {"api": "commit", "partner": "demo", "booking": "ADCO..."},
 *    "action": {"http": 503} | {"code": "99"} | {"delay_ms": 2000} |
 *              {"drop": true} | {"corrupt": "signature" | "data"},
 *    "count": 1, "probability": 0.5, "seed": 42}
 * Match members are optional (absent = any).  count defaults to unlimited,
 * probability to 1.  On success *id is the new fault's id.  GTD_EINVAL names
 * the offending member.  Takes s->lock. */
gtd_status mock_fault_add(mock_state *s, const cJSON *spec, unsigned long *id, gtd_err *err);

/* Removes every fault.  Call with s->lock held (or before threads start). */
void mock_faults_clear(mock_state *s);

/* Removes the fault with id.  1 when there was one, 0 when not.  Takes
 * s->lock. */
int mock_fault_delete(mock_state *s, unsigned long id);

/* The faults as a JSON array (caller deletes), each with its id, spec and
 * how many times it fired.  Takes s->lock. */
cJSON *mock_faults_list(mock_state *s);

/* Finds the first fault that matches and fires; fills hit (hit->id is 0
 * when none did).  Takes s->lock. */
void mock_fault_take(mock_state *s, gtd_api_id api, const char *partner, const char *booking,
		     mock_fault_hit *hit);

#endif
