#include "tickets.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "state.h"

#define KEY_MAX 160

typedef struct bucket {
	char *key;                                   /* NULL: an empty slot */
	size_t n, cap;
	char (*numbers)[GTD_BOOKING_NUMBER_MAX];
} bucket;

struct mock_tickets {
	bucket *v;
	size_t n, cap;   /* cap a power of two, n <= cap / 2 */
};

mock_tickets *mock_tickets_new(void)
{
	return calloc(1, sizeof(mock_tickets));
}

void mock_tickets_clear(mock_tickets *t)
{
	size_t i;

	for (i = 0; t && i < t->cap; i++) {
		free(t->v[i].key);
		free(t->v[i].numbers);
	}
	if (t) {
		free(t->v);
		memset(t, 0, sizeof(*t));
	}
}

void mock_tickets_free(mock_tickets *t)
{
	mock_tickets_clear(t);
	free(t);
}

/* The key of b's flight and day ("F", partner, flight number in capitals,
 * the departure's day in Vietnam), or of the international tickets of a
 * day ("I", partner, day).  0 when it does not fit. */
static int flight_key(char out[KEY_MAX], const gtd_booking *b)
{
	char flight[KEY_MAX], *p;
	int n;

	snprintf(flight, sizeof(flight), "%s", b->itinerary.flight_no);
	for (p = flight; *p; p++)   /* the rules compare flight numbers case-blind */
		*p = (char)toupper((unsigned char)*p);
	n = snprintf(out, KEY_MAX, "F\037%s\037%s\037%lld", b->partner_id, flight,
		     gtd_rules_day(b->itinerary.depart));
	return n > 0 && n < KEY_MAX;
}

static int international_key(char out[KEY_MAX], const gtd_booking *b, time_t day_of)
{
	int n = snprintf(out, KEY_MAX, "I\037%s\037%lld", b->partner_id, gtd_rules_day(day_of));

	return n > 0 && n < KEY_MAX;
}

/* FNV-1a. */
static size_t hash(const char *key, size_t cap)
{
	size_t h = 1469598103934665603u;

	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211u;
	return h & (cap - 1);
}

static bucket *slot(bucket *v, size_t cap, const char *key)
{
	size_t i;

	for (i = hash(key, cap); v[i].key; i = (i + 1) & (cap - 1))
		if (strcmp(v[i].key, key) == 0)
			break;
	return &v[i];
}

static bucket *find(mock_tickets *t, const char *key)
{
	bucket *b = t->cap ? slot(t->v, t->cap, key) : NULL;

	return b && b->key ? b : NULL;
}

static int grow(mock_tickets *t)
{
	size_t cap = t->cap ? 2 * t->cap : 64, i;
	bucket *v = calloc(cap, sizeof(*v));

	if (!v)
		return 0;
	for (i = 0; i < t->cap; i++)
		if (t->v[i].key)
			*slot(v, cap, t->v[i].key) = t->v[i];
	free(t->v);
	t->v = v;
	t->cap = cap;
	return 1;
}

static void add(mock_tickets *t, const char *key, const char *number)
{
	bucket *b;

	if ((t->n + 1) * 2 > t->cap && !grow(t))
		return;
	b = slot(t->v, t->cap, key);
	if (!b->key) {
		if (!(b->key = strdup(key)))
			return;
		t->n++;
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 4;
		void *grown = realloc(b->numbers, cap * sizeof(*b->numbers));

		if (!grown)
			return;
		b->numbers = grown;
		b->cap = cap;
	}
	snprintf(b->numbers[b->n++], GTD_BOOKING_NUMBER_MAX, "%s", number);
}

void mock_tickets_note(mock_tickets *t, const gtd_booking *b)
{
	char key[KEY_MAX];

	if (!t || !b->partner_id || !gtd_rules_holds_ticket(b))
		return;
	if (b->itinerary.flight_no && flight_key(key, b))
		add(t, key, b->number);
	/* By the day of its commit: the rule counts the day a ticket was
	 * issued, which an asynchronous issuance may move on later. */
	if (b->itinerary.international && international_key(key, b, b->updated))
		add(t, key, b->number);
}

static int listed(const gtd_booking *const *out, size_t n, const gtd_booking *o)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (out[i] == o)
			return 1;
	return 0;
}

/* Adds the tickets of bucket key to out (up to per more), dropping the
 * entries that hold no ticket any more. */
static size_t gather(mock_tickets *t, mock_state *s, const char *key, const gtd_booking *b,
		     const gtd_booking **out, size_t n, size_t max)
{
	bucket *k = find(t, key);
	size_t i = 0, want = n + MOCK_TICKETS_CANDIDATES;

	while (k && i < k->n && n < max && n < want) {
		const gtd_booking *o = mock_booking_find(s, k->numbers[i]);

		if (!o || !gtd_rules_holds_ticket(o)) {
			memcpy(k->numbers[i], k->numbers[--k->n], sizeof(k->numbers[i]));
			continue;
		}
		if (o != b && !listed(out, n, o))
			out[n++] = o;
		i++;
	}
	return n;
}

size_t mock_tickets_others(mock_tickets *t, mock_state *s, const gtd_booking *b, time_t now,
			   const gtd_booking **out, size_t max)
{
	char key[KEY_MAX];
	size_t n = 0;

	if (!t || !b->partner_id)
		return 0;
	if (b->itinerary.flight_no && flight_key(key, b))
		n = gather(t, s, key, b, out, n, max);
	if (b->itinerary.international && international_key(key, b, now))
		n = gather(t, s, key, b, out, n, max);
	return n;
}
