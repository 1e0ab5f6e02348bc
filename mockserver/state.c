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

/* The emulator's key: key itself, or the file path to read when first
 * needed.  NULL when out of memory (key is freed). */
static mock_lazy_key *lazy_key_new(gtd_key *key, const char *path)
{
	mock_lazy_key *lk = calloc(1, sizeof(*lk));

	if (lk && !key && !(lk->path = strdup(path))) {
		free(lk);
		lk = NULL;
	}
	if (!lk) {
		gtd_key_free(key);
		return NULL;
	}
	pthread_mutex_init(&lk->lock, NULL);
	lk->key = key;
	lk->loaded = key != NULL;
	return lk;
}

/* Reads lk's key unless that was done: once, by whichever thread comes
 * first, the others waiting for it. */
static void lazy_key_read(mock_lazy_key *lk)
{
	gtd_err err;

	if (__atomic_load_n(&lk->loaded, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&lk->lock);
	if (!lk->loaded) {
		if (gtd_key_load(lk->path, GTD_KEY_PRIVATE, &lk->key, &err) != GTD_OK &&
		    asprintf(&lk->problem, "the emulator's key pair (provision the partner): %s",
			     err.msg) < 0)
			lk->problem = NULL;
		__atomic_store_n(&lk->loaded, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&lk->lock);
}

static void lazy_key_free(mock_lazy_key *lk)
{
	if (!lk)
		return;
	gtd_key_free(lk->key);
	free(lk->path);
	free(lk->problem);
	pthread_mutex_destroy(&lk->lock);
	free(lk);
}

void mock_partners_set(mock_partners *ps, size_t i, gtd_partner *rec, gtd_key *emulator,
		       const char *emulator_path)
{
	mock_partner *mp = &ps->v[i];
	gtd_err err;

	mp->rec = rec;
	if (rec->partner_key.pem) {
		if (gtd_key_parse(rec->partner_key.pem, strlen(rec->partner_key.pem), GTD_KEY_PUBLIC,
				  &mp->partner_pub, &err) != GTD_OK)
			note_problem(mp, "the partner's public key", &err);
	} else {
		note_problem(mp, "the partner's public key is not registered yet (onboarding step 1)",
			     NULL);
	}
	if (!emulator && !emulator_path)
		note_problem(mp, "the emulator's key pair is not made yet (provision the partner)", NULL);
	else if (!(mp->emulator = lazy_key_new(emulator, emulator_path)))
		note_problem(mp, "the emulator's key pair: out of memory", NULL);
}

const gtd_key *mock_partner_emulator(const mock_partner *mp)
{
	if (!mp->emulator)
		return NULL;
	lazy_key_read(mp->emulator);
	return mp->emulator->key;
}

const char *mock_partner_problem(const mock_partner *mp)
{
	if (mp->problem || !mp->emulator)
		return mp->problem;
	lazy_key_read(mp->emulator);
	return mp->emulator->problem;
}

void mock_partners_put(mock_partners *ps)
{
	size_t i;

	if (!ps || __atomic_sub_fetch(&ps->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	for (i = 0; i < ps->n; i++) {
		gtd_partner_free(ps->v[i].rec);
		gtd_key_free(ps->v[i].partner_pub);
		lazy_key_free(ps->v[i].emulator);
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

/* The key reader's thread: reads the emulator keys of ps, whose reference
 * it holds, until all are read or a newer snapshot replaces ps. */
static void *read_keys(void *arg)
{
	mock_partners *ps = arg;
	size_t i;

	for (i = 0; i < ps->n && !__atomic_load_n(&ps->replaced, __ATOMIC_ACQUIRE); i++)
		if (ps->v[i].emulator)
			lazy_key_read(ps->v[i].emulator);
	mock_partners_put(ps);
	return NULL;
}

/* Stops the key reader of old, the snapshot being replaced: it finishes
 * the key it is reading, and requests read the rest, if ever. */
static void stop_key_reader(mock_state *s, mock_partners *old)
{
	if (old)
		__atomic_store_n(&old->replaced, 1, __ATOMIC_RELEASE);
	if (s->key_reader_running)
		pthread_join(s->key_reader, NULL);
	s->key_reader_running = 0;
}

void mock_state_set_partners(mock_state *s, mock_partners *ps)
{
	mock_partners *old;

	pthread_rwlock_wrlock(&s->partners_lock);
	old = s->partners;
	s->partners = ps;
	pthread_rwlock_unlock(&s->partners_lock);
	stop_key_reader(s, old);
	mock_partners_put(old);
}

void mock_state_read_keys(mock_state *s)
{
	mock_partners *ps = mock_state_partners(s);

	/* Without a thread, requests read the keys as they need them. */
	if (s->key_reader_running || !ps ||
	    pthread_create(&s->key_reader, NULL, read_keys, ps) != 0) {
		mock_partners_put(ps);
		return;
	}
	s->key_reader_running = 1;
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
	stop_key_reader(s, s->partners);
	mock_partners_put(s->partners);
	OPENSSL_cleanse(s->jwt_secret, sizeof(s->jwt_secret));
	free(s->outbox);
	pthread_mutex_destroy(&s->problems_lock);
	pthread_rwlock_destroy(&s->lock);
	pthread_rwlock_destroy(&s->partners_lock);
}
