#include "booking.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonnum.h"
#include "keys.h"

#define BOOKING_TEXT_MAX (1u << 20)   /* nine travellers of long names fit many times over */

static const char *const product_names[] = {"flight", "hotel"};
static const char *const product_types[] = {"AIR", "HOTEL"};

const char *gtd_product_name(gtd_product p)
{
	return product_names[p];
}

const char *gtd_product_type(gtd_product p)
{
	return product_types[p];
}

int gtd_product_lookup(const char *s)
{
	int i;

	for (i = 0; s && i < 2; i++)
		if (strcmp(s, product_names[i]) == 0 || strcmp(s, product_types[i]) == 0)
			return i;
	return -1;
}

const char *gtd_bstatus_name(gtd_bstatus s)
{
	return gtd_booking_statuses[GTD_STATUS_BOOKING].values[s];
}

const char *gtd_pstatus_name(gtd_pstatus s)
{
	return gtd_booking_statuses[GTD_STATUS_PAYMENT].values[s];
}

const char *gtd_istatus_name(gtd_istatus s)
{
	return gtd_booking_statuses[GTD_STATUS_ISSUED].values[s];
}

void gtd_booking_number(char out[GTD_BOOKING_NUMBER_MAX], gtd_product p, time_t day,
			unsigned seq)
{
	struct tm tm;

	gmtime_r(&day, &tm);
	snprintf(out, GTD_BOOKING_NUMBER_MAX, "%s%02u%02u%02u%07u",
		 p == GTD_PRODUCT_FLIGHT ? "ADCO" : "HDCO", (unsigned)tm.tm_year % 100,
		 (unsigned)(tm.tm_mon + 1) % 100, (unsigned)tm.tm_mday % 100, seq % 10000000);
}

void gtd_booking_id(const char *number, char out[GTD_BOOKING_ID_MAX])
{
	static const char prefix[] = "gtd-kit booking ";
	unsigned char in[sizeof(prefix) + GTD_BOOKING_NUMBER_MAX], md[EVP_MAX_MD_SIZE];
	char date[7] = "000000";
	size_t n = strnlen(number, GTD_BOOKING_NUMBER_MAX - 1), i;
	unsigned mdlen = 0;

	if (n >= 10 && strspn(number + 4, "0123456789") >= 6)
		memcpy(date, number + 4, 6);
	memcpy(in, prefix, sizeof(prefix) - 1);
	memcpy(in + sizeof(prefix) - 1, number, n);
	if (!EVP_Digest(in, sizeof(prefix) - 1 + n, md, &mdlen, gtd_sha256(), NULL))
		memset(md, 0, sizeof(md));
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x80);   /* version 8 */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);   /* variant 10 */
	n = (size_t)snprintf(out, GTD_BOOKING_ID_MAX, "BOD::%s::", date);
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[n++] = '-';
		out[n++] = "0123456789abcdef"[md[i] >> 4];
		out[n++] = "0123456789abcdef"[md[i] & 15];
	}
	out[n] = '\0';
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

gtd_status gtd_booking_init(gtd_booking *b, const char *number, const char *partner_id,
			    const char *user_id, gtd_product p, long long amount, time_t now,
			    gtd_err *err)
{
	memset(b, 0, sizeof(*b));
	if (!number || strlen(number) >= sizeof(b->number))
		return gtd_err_set(err, GTD_EINVAL, "booking number missing or too long");
	if (amount < 0)
		return gtd_err_set(err, GTD_EINVAL, "a booking amount cannot be negative");
	strcpy(b->number, number);
	gtd_booking_id(number, b->id);
	b->partner_id = dup_or_null(partner_id);
	b->user_id = dup_or_null(user_id);
	if ((partner_id && !b->partner_id) || (user_id && !b->user_id)) {
		gtd_booking_release(b);
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	b->product = p;
	b->total_amount = amount;
	b->created = b->updated = now;
	return GTD_OK;
}

static void itinerary_release(gtd_itinerary *it)
{
	free(it->airline);
	free(it->flight_no);
	free(it->from);
	free(it->to);
	free(it->hotel);
	memset(it, 0, sizeof(*it));
}

void gtd_booking_release(gtd_booking *b)
{
	size_t i;

	free(b->partner_id);
	free(b->user_id);
	free(b->partner_trans_id);
	itinerary_release(&b->itinerary);
	for (i = 0; i < b->ntravellers; i++) {
		free(b->travellers[i].first_name);
		free(b->travellers[i].last_name);
		free(b->travellers[i].phone);
		free(b->travellers[i].email);
	}
	memset(b, 0, sizeof(*b));
}

gtd_status gtd_booking_add_traveller(gtd_booking *b, const char *first, const char *last,
				     const char *phone, const char *email, gtd_err *err)
{
	gtd_traveller *t;

	if (b->status != GTD_BOOKING_PENDING)
		return gtd_err_set(err, GTD_EINVAL, "booking %s is %s: travellers can only be added before the hold",
				   b->number, gtd_bstatus_name(b->status));
	if (b->ntravellers >= GTD_TRAVELLERS_MAX)
		return gtd_err_set(err, GTD_EINVAL, "a booking has at most %d travellers",
				   GTD_TRAVELLERS_MAX);
	if (!first || !*first || !last || !*last)
		return gtd_err_set(err, GTD_EINVAL, "a traveller needs a first and a last name");
	t = &b->travellers[b->ntravellers];
	t->first_name = strdup(first);
	t->last_name = strdup(last);
	t->phone = dup_or_null(phone);
	t->email = dup_or_null(email);
	if (!t->first_name || !t->last_name || (phone && !t->phone) || (email && !t->email)) {
		free(t->first_name);
		free(t->last_name);
		free(t->phone);
		free(t->email);
		memset(t, 0, sizeof(*t));
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	}
	b->ntravellers++;
	return GTD_OK;
}

#define MAIL(kind) (1u << (kind))

gtd_status gtd_booking_hold(gtd_booking *b, time_t now, time_t ttl, gtd_email_set *mail,
			    gtd_err *err)
{
	size_t i;

	*mail = 0;
	if (b->status != GTD_BOOKING_PENDING)
		return gtd_err_set(err, GTD_EINVAL, "booking %s is %s, not PENDING: it cannot be held again",
				   b->number, gtd_bstatus_name(b->status));
	if (b->ntravellers == 0)
		return gtd_err_set(err, GTD_EINVAL, "booking %s has no traveller to hold a seat for",
				   b->number);
	b->updated = now;
	for (i = 0; i < b->ntravellers; i++) {
		if (strcmp(b->travellers[i].last_name, "HOLDFAIL") == 0) {
			b->status = GTD_BOOKING_FAILED;
			*mail = MAIL(GTD_EMAIL_HOLD_FAILED);
			return GTD_OK;
		}
	}
	b->status = GTD_BOOKING_BOOKED;
	b->time_to_live = now + ttl;
	*mail = MAIL(GTD_EMAIL_HOLD_OK);
	return GTD_OK;
}

static int expires(const gtd_booking *b, time_t now)
{
	return b->status == GTD_BOOKING_BOOKED && b->payment == GTD_PAYMENT_PENDING &&
	       now > b->time_to_live;
}

static int issuance_resolves(const gtd_booking *b, time_t now)
{
	return b->issued == GTD_ISSUED_ON_PROCESS && now >= b->issue_at;
}

int gtd_booking_settle_due(const gtd_booking *b, time_t now)
{
	return expires(b, now) || issuance_resolves(b, now);
}

gtd_email_set gtd_booking_settle(gtd_booking *b, time_t now)
{
	if (expires(b, now)) {
		b->status = GTD_BOOKING_EXPIRED;
		b->updated = b->time_to_live;
		return 0;
	}
	if (issuance_resolves(b, now)) {
		b->updated = b->issue_at;
		if (b->issue_will_fail) {
			b->issued = GTD_ISSUED_FAILED;
			return MAIL(GTD_EMAIL_ISSUE_FAILED);
		}
		b->issued = GTD_ISSUED_SUCCEEDED;
		return MAIL(GTD_EMAIL_ISSUED);
	}
	return 0;
}

/* The documented magic values of partner_trans_id (README, gtd-mock(1)). */
static const struct {
	const char *trans_id;
	gtd_commit_outcome outcome;
} magic_outcomes[] = {
	{"gtd-pay-fail", GTD_COMMIT_PAY_FAIL},
	{"gtd-issue-fail", GTD_COMMIT_ISSUE_FAIL},
	{"gtd-issue-async", GTD_COMMIT_ISSUE_ASYNC},
	{"gtd-issue-now", GTD_COMMIT_ISSUE_NOW},
	{"gtd-deadline-passed", GTD_COMMIT_DEADLINE_PASSED},
};

gtd_commit_outcome gtd_commit_outcome_for(const char *trans_id, gtd_commit_outcome dflt)
{
	size_t i;

	for (i = 0; trans_id && i < sizeof(magic_outcomes) / sizeof(magic_outcomes[0]); i++)
		if (strcmp(trans_id, magic_outcomes[i].trans_id) == 0)
			return magic_outcomes[i].outcome;
	return dflt;
}

gtd_code gtd_booking_commit(gtd_booking *b, const char *trans_id, gtd_commit_outcome outcome,
			    time_t now, time_t issue_delay, gtd_email_set *mail)
{
	*mail = gtd_booking_settle(b, now);
	if (b->committed)
		return GTD_CODE_DUPLICATE;
	if (b->status != GTD_BOOKING_BOOKED)
		return GTD_CODE_FAILED;
	b->committed = 1;
	b->updated = now;
	free(b->partner_trans_id);
	b->partner_trans_id = strdup(trans_id && *trans_id ? trans_id : b->number);
	if (outcome == GTD_COMMIT_PAY_FAIL) {
		b->payment = GTD_PAYMENT_FAILED;
		*mail |= MAIL(GTD_EMAIL_PAYMENT_FAILED);
		return GTD_CODE_FAILED;
	}
	b->payment = GTD_PAYMENT_SUCCEEDED;
	switch (outcome) {
	case GTD_COMMIT_ISSUE_ASYNC:
		b->issued = GTD_ISSUED_ON_PROCESS;
		b->issue_at = now + issue_delay;
		b->issue_will_fail = 0;
		return GTD_CODE_PROCESSING;
	case GTD_COMMIT_DEADLINE_PASSED:
		if (b->time_to_live >= now)
			b->time_to_live = now - 1;
		/* fall through */
	case GTD_COMMIT_ISSUE_FAIL:
		b->issued = GTD_ISSUED_FAILED;
		*mail |= MAIL(GTD_EMAIL_ISSUE_FAILED);
		return GTD_CODE_FAILED;
	default:
		b->issued = GTD_ISSUED_SUCCEEDED;
		*mail |= MAIL(GTD_EMAIL_ISSUED);
		return GTD_CODE_SUCCESS;
	}
}

gtd_code gtd_booking_query(const gtd_booking *b)
{
	if (!b->committed)
		return b->status == GTD_BOOKING_EXPIRED ? GTD_CODE_FAILED : GTD_CODE_NOT_PROCESSED;
	if (b->payment == GTD_PAYMENT_FAILED || b->issued == GTD_ISSUED_FAILED)
		return GTD_CODE_FAILED;
	if (b->issued == GTD_ISSUED_ON_PROCESS)
		return GTD_CODE_PROCESSING;
	return GTD_CODE_SUCCESS;
}

gtd_status gtd_booking_refund(gtd_booking *b, time_t now, gtd_err *err)
{
	if (b->payment != GTD_PAYMENT_SUCCEEDED)
		return gtd_err_set(err, GTD_EINVAL, "booking %s cannot be refunded: its payment is %s",
				   b->number, gtd_pstatus_name(b->payment));
	b->payment = GTD_PAYMENT_REFUNDED;
	b->status = GTD_BOOKING_CANCELLED;
	b->updated = now;
	return GTD_OK;
}

gtd_status gtd_booking_cancel(gtd_booking *b, time_t now, gtd_err *err)
{
	if (b->payment == GTD_PAYMENT_SUCCEEDED)
		return gtd_err_set(err, GTD_EINVAL, "booking %s is paid: refund it instead of cancelling",
				   b->number);
	if (b->status == GTD_BOOKING_CANCELLED)
		return gtd_err_set(err, GTD_EINVAL, "booking %s is already cancelled", b->number);
	b->status = GTD_BOOKING_CANCELLED;
	b->updated = now;
	return GTD_OK;
}

int gtd_booking_finished(const gtd_booking *b)
{
	return b->payment == GTD_PAYMENT_FAILED ||
	       (b->payment == GTD_PAYMENT_SUCCEEDED && b->issued == GTD_ISSUED_SUCCEEDED);
}

void gtd_amount_java(long long amount, char out[32])
{
	char digits[24];
	size_t n, last;
	int neg = amount < 0;
	unsigned long long v = neg ? 0ull - (unsigned long long)amount : (unsigned long long)amount;

	if (v < 10000000ull) {
		snprintf(out, 32, "%s%llu.0", neg ? "-" : "", v);
		return;
	}
	/* d.dddE<exp>, trailing zeros dropped but one digit kept after the point. */
	n = (size_t)snprintf(digits, sizeof(digits), "%llu", v);
	for (last = n - 1; last > 1 && digits[last] == '0'; last--)
		;
	snprintf(out, 32, "%s%c.%.*sE%zu", neg ? "-" : "", digits[0], (int)last, digits + 1, n - 1);
}

static void put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

/* By arithmetic (H. Hinnant's civil_from_days): gmtime_r takes glibc's
 * time-zone lock, which the mock's worker threads queued on. */
void gtd_iso8601(char out[21], time_t t)
{
	long long days = t >= 0 ? t / 86400 : (t - 86399) / 86400, sec = t - days * 86400;
	long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
	long long y = yoe + era * 400 + (m <= 2);

	if (y < 0 || y > 9999) {
		strcpy(out, y < 0 ? "0000-01-01T00:00:00Z" : "9999-12-31T23:59:59Z");
		return;
	}
	memcpy(out, "0000-00-00T00:00:00Z", 21);
	put2(out, (int)(y / 100));
	put2(out + 2, (int)(y % 100));
	put2(out + 5, m);
	put2(out + 8, d);
	put2(out + 11, (int)(sec / 3600));
	put2(out + 14, (int)(sec / 60 % 60));
	put2(out + 17, (int)(sec % 60));
}

static void jw_time(gtd_jw *w, const char *key, time_t t)
{
	char iso[21];

	if (!t) {
		gtd_jw_null(w, key);
		return;
	}
	gtd_iso8601(iso, t);
	gtd_jw_str(w, key, iso);
}

static void itinerary_members(gtd_jw *w, const gtd_booking *b)
{
	const gtd_itinerary *it = &b->itinerary;

	if (b->product == GTD_PRODUCT_FLIGHT) {
		gtd_jw_str(w, "airline", it->airline);
		gtd_jw_str(w, "flightNo", it->flight_no);
		gtd_jw_str(w, "originLocationCode", it->from);
		gtd_jw_str(w, "destinationLocationCode", it->to);
		gtd_jw_bool(w, "international", it->international);
		jw_time(w, "departureDateTime", it->depart);
		jw_time(w, "arrivalDateTime", it->arrive);
	} else {
		gtd_jw_str(w, "hotelName", it->hotel);
		jw_time(w, "checkIn", it->depart);
		jw_time(w, "checkOut", it->arrive);
	}
}

/* A traveller's members (phone and e-mail null when not given). */
static void traveller_members(gtd_jw *w, const gtd_traveller *t)
{
	gtd_jw_str(w, "firstName", t->first_name);
	gtd_jw_str(w, "lastName", t->last_name);
	gtd_jw_str(w, "phoneNumber", t->phone);
	gtd_jw_str(w, "email", t->email);
}

/* Every traveller, as an array under key. */
static void travellers_array(gtd_jw *w, const char *key, const gtd_booking *b)
{
	size_t i;

	gtd_jw_open(w, key, '[');
	for (i = 0; i < b->ntravellers; i++) {
		gtd_jw_open(w, NULL, '{');
		traveller_members(w, &b->travellers[i]);
		gtd_jw_close(w, '}');
	}
	gtd_jw_close(w, ']');
}

/* travelerInfo: an object, as Gotadi documents it: the contact (the first
 * traveller, who gets the e-mails) and every traveller. */
static void traveler_info(gtd_jw *w, const gtd_booking *b)
{
	gtd_jw_open(w, "travelerInfo", '{');
	if (b->ntravellers) {
		gtd_jw_open(w, "contactInfo", '{');
		traveller_members(w, &b->travellers[0]);
		gtd_jw_close(w, '}');
	} else {
		gtd_jw_str(w, "contactInfo", NULL);
	}
	gtd_jw_int(w, "totalTravelers", (long long)b->ntravellers);
	travellers_array(w, "travelers", b);
	gtd_jw_close(w, '}');
}

void gtd_booking_detail_members(gtd_jw *w, const gtd_booking *b)
{
	int paid = b->payment == GTD_PAYMENT_SUCCEEDED || b->payment == GTD_PAYMENT_REFUNDED;

	gtd_jw_str(w, "id", b->id);
	gtd_jw_str(w, "bookingNumber", b->number);
	jw_time(w, "bookingDate", b->created);
	jw_time(w, "updatedDate", b->updated);
	traveler_info(w, b);
	gtd_jw_open(w, "bookingInfo", '{');
	gtd_jw_str(w, "status", gtd_bstatus_name(b->status));
	gtd_jw_str(w, "paymentStatus", gtd_pstatus_name(b->payment));
	gtd_jw_str(w, "issuedStatus", gtd_istatus_name(b->issued));
	jw_time(w, "timeToLive", b->time_to_live);
	gtd_jw_int(w, "totalFare", b->total_amount);
	gtd_jw_int(w, "paymentTotalAmount", paid ? b->total_amount : 0);
	gtd_jw_str(w, "supplierType", gtd_product_type(b->product));
	/* Flights only: the made-up inventory has one-way segments. */
	if (b->product == GTD_PRODUCT_FLIGHT)
		gtd_jw_str(w, "roundType", "OneWay");
	gtd_jw_str(w, "partnerTransId", b->partner_trans_id);
	gtd_jw_open(w, "itinerary", '{');
	itinerary_members(w, b);
	gtd_jw_close(w, '}');
	gtd_jw_close(w, '}');
}

/* --state persistence: every field, times as epoch seconds, statuses by
 * name so the file stays readable. */
/* The set of the e-mail kinds named in a (absent: none, as state files
 * written before it was kept). */
/* A reader of one object's members that expects them in the order the
 * state writer writes them: each look-up starts after the member found
 * last and goes round, so a booking as written costs one comparison a
 * member, and one in another order still reads. */
typedef struct members {
	const cJSON *first, *next;
} members;

static members members_of(const cJSON *o)
{
	members m = {o ? o->child : NULL, o ? o->child : NULL};

	return m;
}

static const cJSON *member(members *m, const char *name)
{
	const cJSON *c;

	for (c = m->next; c; c = c->next)
		if (strcmp(c->string, name) == 0)
			goto found;
	for (c = m->first; c != m->next; c = c->next)
		if (strcmp(c->string, name) == 0)
			goto found;
	return NULL;
found:
	m->next = c->next;
	return c;
}

static int get_mails(members *o, unsigned *out, gtd_err *err)
{
	const cJSON *a = member(o, "mails"), *m;
	int k;

	*out = 0;
	if (!a)
		return 1;
	if (!cJSON_IsArray(a)) {
		gtd_err_set(err, GTD_EINVAL, "booking member mails: expected an array of e-mail kinds");
		return 0;
	}
	cJSON_ArrayForEach(m, a) {
		for (k = 0; k < GTD_EMAIL_KIND_COUNT; k++)
			if (cJSON_IsString(m) && strcmp(m->valuestring, gtd_email_kinds[k].name) == 0)
				break;
		if (k == GTD_EMAIL_KIND_COUNT) {
			gtd_err_set(err, GTD_EINVAL, "booking member mails: not an e-mail kind");
			return 0;
		}
		*out |= 1u << k;
	}
	return 1;
}

void gtd_booking_state_members(gtd_jw *w, const gtd_booking *b)
{
	const gtd_itinerary *it = &b->itinerary;
	int k;

	gtd_jw_str(w, "number", b->number);
	gtd_jw_str(w, "partner", b->partner_id);
	gtd_jw_str(w, "user", b->user_id);
	gtd_jw_str(w, "product", gtd_product_name(b->product));
	gtd_jw_int(w, "amount", b->total_amount);
	gtd_jw_str(w, "status", gtd_bstatus_name(b->status));
	gtd_jw_str(w, "payment", gtd_pstatus_name(b->payment));
	gtd_jw_str(w, "issued", gtd_istatus_name(b->issued));
	gtd_jw_int(w, "created", (long long)b->created);
	gtd_jw_int(w, "updated", (long long)b->updated);
	gtd_jw_int(w, "ttl", (long long)b->time_to_live);
	gtd_jw_int(w, "issue_at", (long long)b->issue_at);
	gtd_jw_bool(w, "issue_will_fail", b->issue_will_fail);
	gtd_jw_bool(w, "committed", b->committed);
	gtd_jw_str(w, "trans_id", b->partner_trans_id);
	gtd_jw_open(w, "mails", '[');
	for (k = 0; k < GTD_EMAIL_KIND_COUNT; k++)
		if (b->mails & (1u << k))
			gtd_jw_str(w, NULL, gtd_email_kinds[k].name);
	gtd_jw_close(w, ']');
	travellers_array(w, "travellers", b);
	gtd_jw_open(w, "itinerary", '{');
	gtd_jw_str(w, "airline", it->airline);
	gtd_jw_str(w, "flight_no", it->flight_no);
	gtd_jw_str(w, "from", it->from);
	gtd_jw_str(w, "to", it->to);
	gtd_jw_str(w, "hotel", it->hotel);
	gtd_jw_bool(w, "international", it->international);
	gtd_jw_int(w, "depart", (long long)it->depart);
	gtd_jw_int(w, "arrive", (long long)it->arrive);
	gtd_jw_close(w, '}');
}

char *gtd_booking_state_text(const gtd_booking *b)
{
	gtd_buf text;
	gtd_jw w;

	gtd_buf_init(&text, BOOKING_TEXT_MAX);
	gtd_jw_init(&w, &text);
	gtd_jw_open(&w, NULL, '{');
	gtd_booking_state_members(&w, b);
	gtd_jw_close(&w, '}');
	return gtd_buf_detach(&text);
}

/* Reads member name of o: a string (NULL when null or absent and optional),
 * a number, or a status among values.  Each returns 0 and sets err on a
 * wrong type. */
static int get_str(members *o, const char *name, int required, char **out, gtd_err *err)
{
	const cJSON *v = member(o, name);

	*out = NULL;
	if ((!v || cJSON_IsNull(v)) && !required)
		return 1;
	if (!cJSON_IsString(v)) {
		gtd_err_set(err, GTD_EINVAL, "booking member %s: expected a string", name);
		return 0;
	}
	*out = strdup(v->valuestring);
	if (!*out)
		gtd_err_set(err, GTD_ENOMEM, "out of memory");
	return *out != NULL;
}

/* A whole number of at most 2^53 in magnitude: amounts and times. */
static int get_num(members *o, const char *name, long long *out, gtd_err *err)
{
	if (!gtd_json_int(member(o, name), -GTD_JSON_INT_MAX,
			  GTD_JSON_INT_MAX, out)) {
		gtd_err_set(err, GTD_EINVAL, "booking member %s: expected a whole number", name);
		return 0;
	}
	return 1;
}

static int get_time(members *o, const char *name, time_t *out, gtd_err *err)
{
	long long v;

	if (!get_num(o, name, &v, err))
		return 0;
	*out = (time_t)v;
	return 1;
}

static int get_enum(members *o, const char *name, gtd_status_field field, int *out,
		    gtd_err *err)
{
	const cJSON *v = member(o, name);
	const char *const *values = gtd_booking_statuses[field].values;
	int i;

	for (i = 0; cJSON_IsString(v) && values[i]; i++) {
		if (strcmp(values[i], v->valuestring) == 0) {
			*out = i;
			return 1;
		}
	}
	gtd_err_set(err, GTD_EINVAL, "booking member %s: not a %s value", name,
		    gtd_booking_statuses[field].json_name);
	return 0;
}

gtd_status gtd_booking_from_json(const cJSON *o, gtd_booking *b, gtd_err *err)
{
	const cJSON *trav, *itin, *t;
	members m = members_of(o), mt, mi;
	char *number = NULL, *partner = NULL, *user = NULL, *product = NULL;
	long long amount;
	int product_id, status, payment, issued;
	gtd_status st = GTD_EINVAL;

	memset(b, 0, sizeof(*b));
	gtd_err_set(err, GTD_EINVAL, "booking: not an object");
	if (!cJSON_IsObject(o) || !get_str(&m, "number", 1, &number, err) ||
	    !get_str(&m, "partner", 1, &partner, err) || !get_str(&m, "user", 0, &user, err) ||
	    !get_str(&m, "product", 1, &product, err) || !get_num(&m, "amount", &amount, err))
		goto out;
	product_id = gtd_product_lookup(product);
	if (product_id < 0) {
		gtd_err_set(err, GTD_EINVAL, "booking member product: '%s' is not flight or hotel", product);
		goto out;
	}
	st = gtd_booking_init(b, number, partner, user, (gtd_product)product_id, amount, 0, err);
	if (st != GTD_OK)
		goto out;
	st = GTD_EINVAL;
	if (!get_enum(&m, "status", GTD_STATUS_BOOKING, &status, err) ||
	    !get_enum(&m, "payment", GTD_STATUS_PAYMENT, &payment, err) ||
	    !get_enum(&m, "issued", GTD_STATUS_ISSUED, &issued, err) ||
	    !get_time(&m, "created", &b->created, err) || !get_time(&m, "updated", &b->updated, err) ||
	    !get_time(&m, "ttl", &b->time_to_live, err) || !get_time(&m, "issue_at", &b->issue_at, err) ||
	    !get_str(&m, "trans_id", 0, &b->partner_trans_id, err) || !get_mails(&m, &b->mails, err))
		goto fail;
	b->status = (gtd_bstatus)status;
	b->payment = (gtd_pstatus)payment;
	b->issued = (gtd_istatus)issued;
	b->issue_will_fail = cJSON_IsTrue(member(&m, "issue_will_fail"));
	b->committed = cJSON_IsTrue(member(&m, "committed"));
	trav = member(&m, "travellers");
	cJSON_ArrayForEach(t, trav) {
		gtd_traveller *tr;

		if (b->ntravellers >= GTD_TRAVELLERS_MAX) {
			gtd_err_set(err, GTD_EINVAL, "booking %s: more than %d travellers", b->number,
				    GTD_TRAVELLERS_MAX);
			goto fail;
		}
		tr = &b->travellers[b->ntravellers++];
		mt = members_of(t);
		if (!get_str(&mt, "firstName", 1, &tr->first_name, err) ||
		    !get_str(&mt, "lastName", 1, &tr->last_name, err) ||
		    !get_str(&mt, "phoneNumber", 0, &tr->phone, err) ||
		    !get_str(&mt, "email", 0, &tr->email, err))
			goto fail;
	}
	itin = member(&m, "itinerary");
	mi = members_of(itin);
	if (!cJSON_IsObject(itin) || !get_str(&mi, "airline", 0, &b->itinerary.airline, err) ||
	    !get_str(&mi, "flight_no", 0, &b->itinerary.flight_no, err) ||
	    !get_str(&mi, "from", 0, &b->itinerary.from, err) ||
	    !get_str(&mi, "to", 0, &b->itinerary.to, err) ||
	    !get_str(&mi, "hotel", 0, &b->itinerary.hotel, err) ||
	    !get_time(&mi, "depart", &b->itinerary.depart, err) ||
	    !get_time(&mi, "arrive", &b->itinerary.arrive, err))
		goto fail;
	b->itinerary.international =
		cJSON_IsTrue(member(&mi, "international"));
	st = GTD_OK;
	goto out;
fail:
	gtd_booking_release(b);
out:
	free(number);
	free(partner);
	free(user);
	free(product);
	return st;
}
