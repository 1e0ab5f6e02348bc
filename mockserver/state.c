#include "state.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "faults.h"
#include "mask.h"
#include "statelog.h"
#include "tickets.h"

mock_partners *mock_partners_new(size_t n)
{
	mock_partners *ps = calloc(1, sizeof(*ps));

	if (!ps)
		return NULL;
	ps->v = calloc(n ? n : 1, sizeof(*ps->v));
	if (!ps->v) {
		free(ps);
		return NULL;
	}
	ps->n = n;
	ps->refs = 1;
	return ps;
}

static void note_problem(mock_partner *mp, const char *what, const gtd_err *err)
{
	if (mp->problem)
		return;
	if ((err ? asprintf(&mp->problem, "%s: %s", what, err->msg)
		 : asprintf(&mp->problem, "%s", what)) < 0)
		mp->problem = NULL;
}

void mock_partners_set(mock_partners *ps, size_t i, gtd_partner *rec, gtd_key *emulator,
		       const char *emulator_path)
{
	mock_partner *mp = &ps->v[i];
	gtd_err err;

	mp->rec = rec;
	mp->emulator = emulator;
	if (rec->partner_key.pem) {
		if (gtd_key_parse(rec->partner_key.pem, strlen(rec->partner_key.pem), GTD_KEY_PUBLIC,
				  &mp->partner_pub, &err) != GTD_OK)
			note_problem(mp, "the partner's public key", &err);
	} else {
		note_problem(mp, "the partner's public key is not registered yet (onboarding step 1)",
			     NULL);
	}
	if (!mp->emulator && !emulator_path)
		note_problem(mp, "the emulator's key pair is not made yet (provision the partner)", NULL);
	else if (!mp->emulator &&
		 gtd_key_load(emulator_path, GTD_KEY_PRIVATE, &mp->emulator, &err) != GTD_OK)
		note_problem(mp, "the emulator's key pair (provision the partner)", &err);
}

void mock_partners_put(mock_partners *ps)
{
	size_t i;

	if (!ps || __atomic_sub_fetch(&ps->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (i = 0; i < ps->n; i++) {
		gtd_partner_free(ps->v[i].rec);
		gtd_key_free(ps->v[i].partner_pub);
		gtd_key_free(ps->v[i].emulator);
		gtd_key_free(ps->v[i].previous_pub);
		free(ps->v[i].problem);
	}
	free(ps->v);
	free(ps);
}

/* Another reference to k's key (NULL when k is or out of memory). */
static gtd_key *key_ref(const gtd_key *k)
{
	gtd_key *r = k ? malloc(sizeof(*r)) : NULL;

	if (!r)
		return NULL;
	*r = *k;
	EVP_PKEY_up_ref(r->pkey);
	return r;
}

void mock_partners_keep_previous(mock_partners *ps, const mock_partners *old)
{
	size_t i;

	for (i = 0; ps && old && i < ps->n; i++) {
		mock_partner *mp = &ps->v[i];
		const mock_partner *was = mock_partners_by_id(old, mp->rec->id);
		int rotated;

		if (!was || !was->partner_pub)
			continue;
		rotated = !mp->partner_pub ||
			  strcmp(mp->partner_pub->fingerprint, was->partner_pub->fingerprint) != 0;
		mp->previous_pub = key_ref(rotated ? was->partner_pub : was->previous_pub);
	}
}

void mock_state_set_partners(mock_state *s, mock_partners *ps)
{
	mock_partners *old;

	pthread_rwlock_wrlock(&s->partners_lock);
	old = s->partners;
	s->partners = ps;
	pthread_rwlock_unlock(&s->partners_lock);
	mock_partners_put(old);
}

mock_partners *mock_state_partners(mock_state *s)
{
	mock_partners *ps;

	pthread_rwlock_rdlock(&s->partners_lock);
	ps = s->partners;
	if (ps)
		__atomic_add_fetch(&ps->refs, 1, __ATOMIC_ACQ_REL);
	pthread_rwlock_unlock(&s->partners_lock);
	return ps;
}

const mock_partner *mock_partners_by_key(const mock_partners *ps, const char *api_key)
{
	size_t i;

	for (i = 0; ps && api_key && i < ps->n; i++) {
		const char *k = ps->v[i].rec->env[GTD_ENV_SANDBOX].api_key;

		if (gtd_secret_equal(k, api_key))
			return &ps->v[i];
	}
	return NULL;
}

const mock_partner *mock_partners_by_id(const mock_partners *ps, const char *id)
{
	size_t i;

	for (i = 0; ps && id && i < ps->n; i++)
		if (strcmp(ps->v[i].rec->id, id) == 0)
			return &ps->v[i];
	return NULL;
}

void mock_state_lock(mock_state *s)
{
	pthread_rwlock_wrlock(&s->lock);
}

void mock_state_read_lock(mock_state *s)
{
	pthread_rwlock_rdlock(&s->lock);
}

void mock_state_unlock(mock_state *s)
{
	pthread_rwlock_unlock(&s->lock);
}

time_t mock_now(mock_state *s)
{
	return time(NULL) + __atomic_load_n(&s->clock_offset, __ATOMIC_RELAXED);
}

void mock_clock_set(mock_state *s, time_t offset)
{
	__atomic_store_n(&s->clock_offset, offset, __ATOMIC_RELAXED);
}

/* FNV-1a: booking numbers are short and not attacker-chosen. */
static size_t slot_of(const char *number, size_t cap)
{
	size_t h = 1469598103934665603u;

	for (; *number; number++)
		h = (h ^ (unsigned char)*number) * 1099511628211u;
	return h & (cap - 1);
}

gtd_booking *mock_booking_find(mock_state *s, const char *number)
{
	size_t i;

	if (!s->cap || !number)
		return NULL;
	for (i = slot_of(number, s->cap); s->bookings[i]; i = (i + 1) & (s->cap - 1))
		if (strcmp(s->bookings[i]->number, number) == 0)
			return s->bookings[i];
	return NULL;
}

static void insert(gtd_booking **table, size_t cap, gtd_booking *b)
{
	size_t i;

	for (i = slot_of(b->number, cap); table[i]; i = (i + 1) & (cap - 1))
		;
	table[i] = b;
}

gtd_status mock_booking_add(mock_state *s, gtd_booking *b, gtd_err *err)
{
	if (mock_booking_find(s, b->number))
		return gtd_err_set(err, GTD_EEXIST, "booking %s already exists", b->number);
	if ((s->nbookings + 1) * 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64, i;
		gtd_booking **t = calloc(cap, sizeof(*t));

		if (!t)
			return gtd_err_set(err, GTD_ENOMEM, "out of memory for bookings");
		for (i = 0; i < s->cap; i++)
			if (s->bookings[i])
				insert(t, cap, s->bookings[i]);
		free(s->bookings);
		s->bookings = t;
		s->cap = cap;
	}
	insert(s->bookings, s->cap, b);
	s->nbookings++;
	mock_tickets_note(s->tickets, b);   /* a replayed booking may hold one */
	return GTD_OK;
}

void mock_booking_next_number(mock_state *s, gtd_product p, time_t now,
			      char out[GTD_BOOKING_NUMBER_MAX])
{
	do
		gtd_booking_number(out, p, now, ++s->seq);
	while (mock_booking_find(s, out));
}

void mock_booking_replace(mock_state *s, const char *number, gtd_booking *b)
{
	size_t i, j, k;

	if (!s->cap)
		return;
	for (i = slot_of(number, s->cap); s->bookings[i]; i = (i + 1) & (s->cap - 1))
		if (strcmp(s->bookings[i]->number, number) == 0)
			break;
	if (!s->bookings[i])
		return;
	gtd_booking_release(s->bookings[i]);
	free(s->bookings[i]);
	s->bookings[i] = b;
	if (b)
		return;
	/* Linear probing: the entries after the hole that would no longer be
	 * found move back into it (Knuth's deletion, no tombstones). */
	s->nbookings--;
	for (j = (i + 1) & (s->cap - 1); s->bookings[j]; j = (j + 1) & (s->cap - 1)) {
		k = slot_of(s->bookings[j]->number, s->cap);
		/* j's home k lies cyclically in (i, j]: it stays. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		s->bookings[i] = s->bookings[j];
		s->bookings[j] = NULL;
		i = j;
	}
}

gtd_booking *mock_booking_of(mock_state *s, const char *number, const char *partner_id)
{
	gtd_booking *b = number ? mock_booking_find(s, number) : NULL;

	return b && strcmp(b->partner_id, partner_id) == 0 ? b : NULL;
}

static void free_bookings(mock_state *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++) {
		if (s->bookings[i]) {
			gtd_booking_release(s->bookings[i]);
			free(s->bookings[i]);
		}
	}
	free(s->bookings);
	s->bookings = NULL;
	s->cap = s->nbookings = 0;
}

void mock_state_reset(mock_state *s)
{
	free_bookings(s);
	mock_tickets_clear(s->tickets);
	mock_faults_clear(s);
	s->clock_offset = 0;
	/* seq goes on: a new booking never takes the number of one whose
	 * e-mails are still in the outbox. */
}

gtd_status mock_state_init(mock_state *s, const char *outbox, gtd_err *err)
{
	gtd_status st;

	memset(s, 0, sizeof(*s));
	{
		pthread_rwlockattr_t attr;

		pthread_rwlockattr_init(&attr);
		pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
		pthread_rwlock_init(&s->lock, &attr);
		pthread_rwlockattr_destroy(&attr);
	}
	pthread_rwlock_init(&s->partners_lock, NULL);
	pthread_mutex_init(&s->problems_lock, NULL);
	s->hold_ttl = 15 * 60;
	s->issue_delay = 60;
	if (RAND_bytes(s->jwt_secret, sizeof(s->jwt_secret)) != 1)
		st = gtd_err_set(err, GTD_ECRYPTO, "no randomness for the token secret");
	else if (!(s->tickets = mock_tickets_new()))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	else if (outbox && !(s->outbox = strdup(outbox)))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	else
		st = GTD_OK;
	if (st != GTD_OK)
		mock_state_release(s);
	return st;
}

void mock_state_release(mock_state *s)
{
	mock_statelog_close(s->log);
	s->log = NULL;
	free_bookings(s);
	mock_tickets_free(s->tickets);
	s->tickets = NULL;
	mock_faults_clear(s);
	mock_partners_put(s->partners);
	OPENSSL_cleanse(s->jwt_secret, sizeof(s->jwt_secret));
	free(s->outbox);
	pthread_mutex_destroy(&s->problems_lock);
	pthread_rwlock_destroy(&s->lock);
	pthread_rwlock_destroy(&s->partners_lock);
}
