#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "utf8.h"
#include "valid.h"

/* Vietnam keeps UTC+7 all year: Gotadi's days and its 16:00 deadline. */
#define VN_OFFSET (7 * 3600)
#define DAY (24 * 3600)

#define ISSUING_AIRLINE "VN"   /* Vietnam Airlines */

/* A phone number whose last PHONE_REPEAT digits are one digit repeated
 * (0900000000, 0988888888) is not a subscriber's. */
#define PHONE_REPEAT 8
#define PHONE_DIGITS_MAX 16

#define REFUND_TO "system@gotadi.com"
#define DEADLINE_HOUR 16           /* UTC+7, the same day */
#define PARTNER_NAME_COLS 100
#define DRAFT_MAX (64 * 1024)

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct gtd_rules_ctx {
	const gtd_booking *b;
	const gtd_booking *const *others;
	size_t nothers;
	time_t now;
	gtd_rule_violations *out;
};

/* Placeholder full names, folded as name_key() folds; the first and last
 * names match in either order. */
static const char *const dummy_names[] = {
	"NGUYEN VAN A", "NGUYEN VAN B", "NGUYEN THI A", "NGUYEN THI B", "TRAN VAN A", "TRAN THI B",
};

/* Words that make a whole name a placeholder wherever they appear. */
static const char *const dummy_words[] = {
	"TEST", "TESTER", "TESTING", "ABC", "XYZ", "DUMMY", "ASDF", "QWERTY",
};

/* Placeholder phone numbers in national form (+84 becomes 0). */
static const char *const dummy_phones[] = {
	"0123456789", "0987654321", "1234567890",
};

/* Placeholder e-mail addresses, lowercase. */
static const char *const dummy_emails[] = {
	"test@email.com", "test@test.com", "test@gmail.com", "a@a.com", "abc@abc.com",
	"email@email.com",
};

/* Domains reserved for examples (RFC 2606), with their subdomains. */
static const char *const dummy_domains[] = {
	"example.com", "example.net", "example.org",
};

long long gtd_rules_day(time_t t)
{
	long long s = (long long)t + VN_OFFSET;

	return s >= 0 ? s / DAY : -((-s + DAY - 1) / DAY);
}

static void vn_tm(time_t t, struct tm *tm)
{
	time_t local = t + VN_OFFSET;

	/* A time too far out for struct tm (a hand-edited state file) reads
	 * as a zeroed date rather than garbage. */
	if (!gmtime_r(&local, tm))
		memset(tm, 0, sizeof(*tm));
}

#define VN_DATE_MAX 32

/* "2026-12-10", or "2026-12-10 17:00" with with_time, in Vietnam. */
static void vn_date(char out[VN_DATE_MAX], time_t t, int with_time)
{
	struct tm tm;
	int n;

	vn_tm(t, &tm);
	n = snprintf(out, VN_DATE_MAX, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		     tm.tm_mday);
	if (with_time && n > 0 && n < VN_DATE_MAX)
		snprintf(out + n, (size_t)(VN_DATE_MAX - n), " %02d:%02d", tm.tm_hour, tm.tm_min);
}

static gtd_status violate(const struct gtd_rules_ctx *c, const gtd_rule *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static gtd_status violate(const struct gtd_rules_ctx *c, const gtd_rule *r, const char *fmt, ...)
{
	gtd_rule_violations *out = c->out;
	gtd_rule_violation *v;
	size_t end, lead;
	unsigned cp;
	va_list ap;
	int n;

	if (out->n == out->alloc) {
		size_t alloc = out->alloc ? out->alloc * 2 : 8;

		v = realloc(out->v, alloc * sizeof(*v));
		if (!v)
			return GTD_ENOMEM;
		out->v = v;
		out->alloc = alloc;
	}
	v = &out->v[out->n++];
	v->rule = r;
	va_start(ap, fmt);
	n = vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
	if (n < (int)sizeof(v->detail))
		return GTD_OK;
	/* Names are multi-byte: never leave half a character at the cut. */
	end = sizeof(v->detail) - 1;
	for (lead = end - 1; lead > 0 && ((unsigned char)v->detail[lead] & 0xc0) == 0x80; lead--)
		;
	if (gtd_utf8_decode(v->detail + lead, end - lead, &cp) == 0)
		v->detail[lead] = '\0';
	return GTD_OK;
}

int gtd_rules_holds_ticket(const gtd_booking *o)
{
	return o->product == GTD_PRODUCT_FLIGHT && o->status == GTD_BOOKING_BOOKED &&
	       o->payment == GTD_PAYMENT_SUCCEEDED && o->issued != GTD_ISSUED_FAILED;
}

/* The i-th other booking when it holds a ticket, else NULL. */
static const gtd_booking *ticketed_other(const struct gtd_rules_ctx *c, size_t i)
{
	const gtd_booking *o = c->others[i];

	if (!o || strcmp(o->number, c->b->number) == 0 || !gtd_rules_holds_ticket(o))
		return NULL;
	return o;
}

static gtd_status check_airline(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	const char *airline = c->b->itinerary.airline;

	if (airline && strcasecmp(airline, ISSUING_AIRLINE) == 0)
		return GTD_OK;
	return violate(c, r, "airline %s: tickets may only be issued on %s",
		       airline ? airline : "(none)", ISSUING_AIRLINE);
}

static gtd_status check_passengers(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	if (c->b->ntravellers <= (size_t)r->limit)
		return GTD_OK;
	return violate(c, r, "%zu passengers; issuance allows at most %d", c->b->ntravellers,
		       r->limit);
}

static gtd_status check_flight_advance(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	long long days = gtd_rules_day(c->b->itinerary.depart) - gtd_rules_day(c->now);
	char date[VN_DATE_MAX];

	if (days >= r->limit)
		return GTD_OK;
	vn_date(date, c->b->itinerary.depart, 0);
	return violate(c, r, "departure %s is %lld days away; issuance needs %d", date, days,
		       r->limit);
}

static gtd_status check_same_flight(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	const gtd_itinerary *it = &c->b->itinerary;
	char date[VN_DATE_MAX];
	size_t i;

	for (i = 0; it->flight_no && i < c->nothers; i++) {
		const gtd_booking *o = ticketed_other(c, i);

		if (!o || !o->itinerary.flight_no ||
		    strcasecmp(o->itinerary.flight_no, it->flight_no) != 0 ||
		    gtd_rules_day(o->itinerary.depart) != gtd_rules_day(it->depart))
			continue;
		vn_date(date, it->depart, 0);
		return violate(c, r, "%s on %s is already issued in %s", it->flight_no, date,
			       o->number);
	}
	return GTD_OK;
}

/* Issuance is what is rationed, so the day is the one an other booking was
 * last updated (its commit or its asynchronous issuance) and ours is now. */
static gtd_status check_international_daily(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	long long today = gtd_rules_day(c->now);
	size_t i, issued = 0;
	char date[VN_DATE_MAX];

	if (!c->b->itinerary.international)
		return GTD_OK;
	for (i = 0; i < c->nothers; i++) {
		const gtd_booking *o = ticketed_other(c, i);

		if (o && o->itinerary.international && gtd_rules_day(o->updated) == today)
			issued++;
	}
	if (issued < (size_t)r->limit)
		return GTD_OK;
	vn_date(date, c->now, 0);
	return violate(c, r, "%zu international bookings already issued on %s; at most %d a day",
		       issued, date, r->limit);
}

static int days_in_month(int year, int month0)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return days[month0] + (month0 == 1 && leap);
}

/* Calendar months, not 90 days: today's date that many months on, the day
 * clamped to the month's end (30 November + 3 months = 28 February). */
static gtd_status check_hotel_advance(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	struct tm now, in;
	int year, month0, day;
	char date[VN_DATE_MAX];

	vn_tm(c->now, &now);
	vn_tm(c->b->itinerary.depart, &in);
	month0 = now.tm_mon + r->limit;
	year = now.tm_year + 1900 + month0 / 12;
	month0 %= 12;
	day = now.tm_mday;
	if (day > days_in_month(year, month0))
		day = days_in_month(year, month0);
	if (in.tm_year + 1900 > year ||
	    (in.tm_year + 1900 == year &&
	     (in.tm_mon > month0 || (in.tm_mon == month0 && in.tm_mday >= day))))
		return GTD_OK;
	vn_date(date, c->b->itinerary.depart, 0);
	return violate(c, r, "check-in %s is before %04d-%02d-%02d, %d months from today", date,
		       year, month0 + 1, day, r->limit);
}

/* One character of a name, folded: an ASCII letter or digit uppercased, a
 * Vietnamese letter without its marks, 0 for a combining mark, ' ' for
 * punctuation and spaces, '?' for anything else. */
static char fold_char(unsigned cp)
{
	unsigned base = gtd_utf8_fold(cp);

	if (base == 0)
		return 0;
	if (base >= 'a' && base <= 'z')
		return (char)(base - 'a' + 'A');
	if (base >= '0' && base <= '9')
		return (char)base;
	return base < 0x80 ? ' ' : '?';
}

/* "a b" uppercased, without diacritics, runs of spaces and punctuation made
 * one space, trimmed: "Nguyễn  Văn-A" -> "NGUYEN VAN A".  The result never
 * has more bytes than the input.  NULL when out of memory. */
static char *name_key(const char *a, const char *b)
{
	size_t la = strlen(a), len = la + 1 + strlen(b), i, o = 0, n;
	char *in = malloc(len + 1), *key = malloc(len + 1);
	unsigned cp;
	char f;

	if (!in || !key) {
		free(in);
		free(key);
		return NULL;
	}
	memcpy(in, a, la);
	in[la] = ' ';
	strcpy(in + la + 1, b);
	for (i = 0; i < len; i += n) {
		n = gtd_utf8_decode(in + i, len - i, &cp);
		f = n ? fold_char(cp) : '?';
		if (!n)
			n = 1;
		if (f == ' ' && (o == 0 || key[o - 1] == ' '))
			continue;
		if (f)
			key[o++] = f;
	}
	if (o > 0 && key[o - 1] == ' ')
		o--;
	key[o] = '\0';
	free(in);
	return key;
}

/* 1 when word is one of key's space-separated words. */
static int has_word(const char *key, const char *word)
{
	size_t len = strlen(word), n;

	for (; *key; key += n + (key[n] == ' ')) {
		n = strcspn(key, " ");
		if (n == len && strncmp(key, word, len) == 0)
			return 1;
	}
	return 0;
}

static int in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* 1 for a placeholder name, 0 for a real-looking one, -1 when out of
 * memory. */
static int dummy_name(const gtd_traveller *t)
{
	const char *first = t->first_name ? t->first_name : "";
	const char *last = t->last_name ? t->last_name : "";
	char *fl = name_key(first, last), *lf = name_key(last, first);
	int dummy = -1;
	size_t i;

	if (!fl || !lf)
		goto out;
	dummy = in_list(fl, dummy_names, COUNT(dummy_names)) ||
		in_list(lf, dummy_names, COUNT(dummy_names));
	for (i = 0; !dummy && i < COUNT(dummy_words); i++)
		dummy = has_word(fl, dummy_words[i]);
out:
	free(fl);
	free(lf);
	return dummy;
}

static gtd_status check_names(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	gtd_status st;
	size_t i;

	for (i = 0; i < c->b->ntravellers; i++) {
		const gtd_traveller *t = &c->b->travellers[i];
		int dummy = dummy_name(t);

		if (dummy < 0)
			return GTD_ENOMEM;
		if (!dummy)
			continue;
		st = violate(c, r, "traveller %zu name \"%s %s\" is a placeholder", i + 1,
			     t->last_name ? t->last_name : "", t->first_name ? t->first_name : "");
		if (st != GTD_OK)
			return st;
	}
	return GTD_OK;
}

/* The digits of a phone number in national form (+84 becomes 0) into
 * out; 0 when s is not written like a phone number, which is
 * gtd_valid_phone's business, not ours. */
static int phone_digits(const char *s, char out[PHONE_DIGITS_MAX])
{
	int plus = *s == '+';
	size_t n = 0;

	for (s += plus; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n + 1 >= PHONE_DIGITS_MAX)
				return 0;
			out[n++] = *s;
		} else if (!strchr(" .-()", *s)) {
			return 0;
		}
	}
	out[n] = '\0';
	if (plus && out[0] == '8' && out[1] == '4') {
		memmove(out + 1, out + 2, n - 1);
		out[0] = '0';
	}
	return n > 0;
}

static int dummy_phone(const char *s)
{
	char digits[PHONE_DIGITS_MAX];
	size_t n, i;

	if (!phone_digits(s, digits))
		return 0;
	if (in_list(digits, dummy_phones, COUNT(dummy_phones)))
		return 1;
	n = strlen(digits);
	if (n < PHONE_REPEAT)
		return 0;
	for (i = n - PHONE_REPEAT + 1; i < n; i++)
		if (digits[i] != digits[n - PHONE_REPEAT])
			return 0;
	return 1;
}

static gtd_status check_phones(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	gtd_status st;
	size_t i;

	for (i = 0; i < c->b->ntravellers; i++) {
		const char *phone = c->b->travellers[i].phone;

		if (!phone || !dummy_phone(phone))
			continue;
		st = violate(c, r, "traveller %zu phone %s is a placeholder", i + 1, phone);
		if (st != GTD_OK)
			return st;
	}
	return GTD_OK;
}

static int dummy_email(const char *s)
{
	char e[256];
	const char *domain;
	size_t i, n = strlen(s), dn, ln;

	/* Longer than RFC 5321 allows: gtd_valid_email refuses it anyway. */
	if (n >= sizeof(e))
		return 0;
	for (i = 0; i <= n; i++)
		e[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	if (in_list(e, dummy_emails, COUNT(dummy_emails)))
		return 1;
	domain = strrchr(e, '@');
	if (!domain)
		return 0;
	domain++;
	dn = strlen(domain);
	for (i = 0; i < COUNT(dummy_domains); i++) {
		ln = strlen(dummy_domains[i]);
		if (strcmp(domain, dummy_domains[i]) == 0 ||
		    (dn > ln && domain[dn - ln - 1] == '.' &&
		     strcmp(domain + dn - ln, dummy_domains[i]) == 0))
			return 1;
	}
	return 0;
}

static gtd_status check_emails(const gtd_rule *r, const struct gtd_rules_ctx *c)
{
	gtd_status st;
	size_t i;

	for (i = 0; i < c->b->ntravellers; i++) {
		const char *email = c->b->travellers[i].email;

		if (!email || !dummy_email(email))
			continue;
		st = violate(c, r, "traveller %zu e-mail %s is a placeholder", i + 1, email);
		if (st != GTD_OK)
			return st;
	}
	return GTD_OK;
}

/* Gotadi's test rules, from its partner documentation.  The texts repeat each
 * rule's limit; change both together. */
static const gtd_rule rules[] = {
	{"flight-airline", GTD_RULE_FLIGHT, GTD_RULES_COMMIT, 0,
	 "Issue flight tickets only on Vietnam Airlines (VN); other airlines may be held, not issued.",
	 "Chỉ xuất vé trên Vietnam Airlines (VN); các hãng khác chỉ được giữ chỗ, không xuất vé.",
	 check_airline},
	{"flight-passengers", GTD_RULE_FLIGHT, GTD_RULES_COMMIT, 4,
	 "At most 4 passengers in an issued flight booking.",
	 "Tối đa 4 hành khách trong một booking xuất vé.",
	 check_passengers},
	{"flight-advance", GTD_RULE_FLIGHT, GTD_RULES_COMMIT, 30,
	 "Issue only for departures at least 30 days away.",
	 "Chỉ xuất vé cho chuyến bay khởi hành sau ít nhất 30 ngày.",
	 check_flight_advance},
	{"flight-same-day", GTD_RULE_FLIGHT, GTD_RULES_COMMIT, 0,
	 "Never issue two tickets on the same flight and date.",
	 "Không bao giờ xuất hai vé trên cùng một chuyến bay trong cùng một ngày.",
	 check_same_flight},
	{"flight-international-daily", GTD_RULE_FLIGHT, GTD_RULES_COMMIT, 2,
	 "International flights: at most 2 issued bookings a day.",
	 "Chuyến bay quốc tế: tối đa 2 booking xuất vé mỗi ngày.",
	 check_international_daily},
	{"hotel-advance", GTD_RULE_HOTEL, GTD_RULES_HOLD, 3,
	 "Hotels: check-in at least 3 months away.",
	 "Khách sạn: ngày nhận phòng phải cách hôm nay ít nhất 3 tháng.",
	 check_hotel_advance},
	{"traveller-name", GTD_RULE_FLIGHT | GTD_RULE_HOTEL, GTD_RULES_HOLD, 0,
	 "Real traveller names only, no placeholders such as NGUYEN VAN A or TEST.",
	 "Chỉ dùng tên thật của khách, không dùng tên giả như NGUYEN VAN A hay TEST.",
	 check_names},
	{"traveller-phone", GTD_RULE_FLIGHT | GTD_RULE_HOTEL, GTD_RULES_HOLD, 0,
	 "Real phone numbers only, no placeholders such as 0900000000.",
	 "Chỉ dùng số điện thoại thật, không dùng số giả như 0900000000.",
	 check_phones},
	{"traveller-email", GTD_RULE_FLIGHT | GTD_RULE_HOTEL, GTD_RULES_HOLD, 0,
	 "Real e-mail addresses only, no placeholders such as test@email.com.",
	 "Chỉ dùng địa chỉ email thật, không dùng email giả như test@email.com.",
	 check_emails},
};

const gtd_rule *gtd_rules_table(size_t *n)
{
	if (n)
		*n = COUNT(rules);
	return rules;
}

void gtd_rule_violations_release(gtd_rule_violations *out)
{
	free(out->v);
	out->v = NULL;
	out->n = 0;
	out->alloc = 0;
}

gtd_status gtd_rules_check(const gtd_booking *b, const gtd_booking *const *others,
			   size_t nothers, gtd_rules_stage stage, time_t now,
			   gtd_rule_violations *out, gtd_err *err)
{
	struct gtd_rules_ctx c = {b, others, nothers, now, out};
	gtd_status st = GTD_OK;
	size_t i;

	if (!out)
		return gtd_err_set(err, GTD_EINVAL, "no list for the rule violations");
	memset(out, 0, sizeof(*out));
	if (!b)
		return gtd_err_set(err, GTD_EINVAL, "no booking to check");
	if (!others && nothers)
		return gtd_err_set(err, GTD_EINVAL, "%zu other bookings announced, none given", nothers);
	if (stage != GTD_RULES_HOLD && stage != GTD_RULES_COMMIT)
		return gtd_err_set(err, GTD_EINVAL, "unknown rule stage %d", (int)stage);
	for (i = 0; st == GTD_OK && i < COUNT(rules); i++)
		if (stage >= rules[i].stage && (rules[i].products & (1u << b->product)))
			st = rules[i].check(&rules[i], &c);
	if (st != GTD_OK) {
		gtd_rule_violations_release(out);
		return gtd_err_set(err, st, "out of memory checking booking %s", b->number);
	}
	return GTD_OK;
}

void gtd_refund_draft_release(gtd_refund_draft *out)
{
	free(out->subject);
	free(out->body);
	memset(out, 0, sizeof(*out));
}

/* The requests Gotadi takes for a test booking, as the subject names them
 * and as the body's verb. */
static const struct {
	const char *name;
	const char *verb[2];   /* Vietnamese, English */
} requests[] = {
	{"Refund", {"hoàn tiền", "refund"}},
	{"Cancel", {"hủy", "cancel"}},
};

/* Who else reads the request, per product. */
static const char *const refund_cc[] = {
	[GTD_PRODUCT_FLIGHT] = "",
	[GTD_PRODUCT_HOTEL] = "ota@gotadi.com",
};

/* The body's words, Vietnamese first (the order of the body). */
static const struct mail_lang {
	const char *greeting;
	const char *asks, *test_booking;           /* "<P> asks Gotadi to <verb> test booking <N>." */
	const char *product[2];                    /* by gtd_product */
	const char *when[2];                       /* departing / check-in */
	const char *local_time;
	const char *people[2];
	const char *amount;
	char thousands;
	const char *deadline[2][3];                /* [passed]: text before HH:00, before the date, after */
	const char *regards;
} langs[] = {
	{
		"Kính gửi Gotadi,",
		" đề nghị Gotadi ", " booking thử nghiệm ",
		{"Chuyến bay", "Khách sạn"},
		{"khởi hành", "nhận phòng"},
		"giờ Việt Nam",
		{"Hành khách", "Khách lưu trú"},
		"Tổng tiền", '.',
		{{"Hạn gửi yêu cầu: trước ", " giờ Việt Nam (UTC+7) ngày ", "."},
		 {"Đã quá ", " giờ Việt Nam (UTC+7) ngày ", ": hạn gửi yêu cầu của hôm nay đã qua."}},
		"Trân trọng,",
	},
	{
		"Dear Gotadi,",
		" asks Gotadi to ", " test booking ",
		{"Flight", "Hotel"},
		{"departing", "check-in"},
		"Vietnam time",
		{"Passengers", "Guests"},
		"Amount", ',',
		{{"Deadline: before ", " Vietnam time (UTC+7) on ", "."},
		 {"It is past ", " Vietnam time (UTC+7) on ", ": the deadline for today has passed."}},
		"Best regards,",
	},
};

/* 1850000 -> "1.850.000" with sep '.'. */
static void group_digits(char out[32], long long v, char sep)
{
	char digits[24];
	size_t n, i, o = 0, first;

	n = (size_t)snprintf(digits, sizeof(digits), "%lld", v);
	first = digits[0] == '-';
	for (i = 0; i < n; i++) {
		if (i > first && (n - i) % 3 == 0)
			out[o++] = sep;
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static gtd_status write_lang(gtd_buf *m, const struct mail_lang *l, size_t lang,
			     const gtd_booking *b, const char *partner, size_t req,
			     const gtd_refund_draft *d)
{
	const gtd_itinerary *it = &b->itinerary;
	const char *const *dl = l->deadline[d->deadline_passed];
	char when[VN_DATE_MAX], amount[32], day[VN_DATE_MAX];
	gtd_status st;
	size_t i;

	group_digits(amount, b->total_amount, l->thousands);
	vn_date(day, d->deadline, 0);
	if (b->product == GTD_PRODUCT_FLIGHT) {
		vn_date(when, it->depart, 1);
		st = gtd_buf_printf(m, "%s\n\n%s%s%s%s%s.\n%s: %s %s-%s, %s %s %s\n", l->greeting,
				    partner, l->asks, requests[req].verb[lang], l->test_booking,
				    b->number, l->product[b->product], or_dash(it->flight_no),
				    or_dash(it->from), or_dash(it->to), l->when[b->product], when,
				    l->local_time);
	} else {
		vn_date(when, it->depart, 0);
		st = gtd_buf_printf(m, "%s\n\n%s%s%s%s%s.\n%s: %s, %s %s\n", l->greeting, partner,
				    l->asks, requests[req].verb[lang], l->test_booking, b->number,
				    l->product[b->product], or_dash(it->hotel), l->when[b->product],
				    when);
	}
	if (st == GTD_OK)
		st = gtd_buf_printf(m, "%s: ", l->people[b->product]);
	for (i = 0; st == GTD_OK && i < b->ntravellers; i++)
		st = gtd_buf_printf(m, "%s%s %s", i ? ", " : "",
				    or_dash(b->travellers[i].last_name),
				    or_dash(b->travellers[i].first_name));
	if (st == GTD_OK)
		st = gtd_buf_printf(m, "%s\n%s: %s VND\n%s%02d:00%s%s%s\n\n%s\n%s\n",
				    b->ntravellers ? "" : "-", l->amount, amount, dl[0],
				    DEADLINE_HOUR, dl[1], day, dl[2], l->regards, partner);
	return st;
}

gtd_status gtd_rules_refund_request(const gtd_booking *b, const char *partner_name,
				    const char *request, time_t now, gtd_refund_draft *out,
				    gtd_err *err)
{
	gtd_buf subject, body;
	gtd_status st = GTD_OK;
	size_t req, lang;
	char why[128];

	if (!out)
		return gtd_err_set(err, GTD_EINVAL, "no draft to fill");
	memset(out, 0, sizeof(*out));
	gtd_buf_init(&subject, DRAFT_MAX);
	gtd_buf_init(&body, DRAFT_MAX);
	if (!b || !b->number[0]) {
		st = gtd_err_set(err, GTD_EINVAL, "no booking to refund or cancel");
		goto out;
	}
	for (req = 0; request && req < COUNT(requests); req++)
		if (strcasecmp(request, requests[req].name) == 0)
			break;
	if (!request || req == COUNT(requests)) {
		st = gtd_err_set(err, GTD_EINVAL, "request \"%s\" is neither Refund nor Cancel",
				 request ? request : "");
		goto out;
	}
	/* The name goes into a mail header: one line, no control characters. */
	if (!gtd_valid_text(partner_name, PARTNER_NAME_COLS, why, sizeof(why))) {
		st = gtd_err_set(err, GTD_EINVAL, "partner name: %s", why);
		goto out;
	}
	out->to = REFUND_TO;
	out->cc = refund_cc[b->product];
	out->deadline = (time_t)(gtd_rules_day(now) * DAY + DEADLINE_HOUR * 3600 - VN_OFFSET);
	out->deadline_passed = now >= out->deadline;
	st = gtd_buf_printf(&subject, "[%s-Testing] - %s %s", partner_name, requests[req].name,
			    b->number);
	for (lang = 0; st == GTD_OK && lang < COUNT(langs); lang++) {
		if (lang)
			st = gtd_buf_adds(&body, "\n---\n\n");
		if (st == GTD_OK)
			st = write_lang(&body, &langs[lang], lang, b, partner_name, req, out);
	}
	if (st != GTD_OK) {
		st = gtd_err_set(err, st, "cannot draft the %s e-mail for booking %s: %s",
				 requests[req].name, b->number, gtd_status_str(st));
		goto out;
	}
	out->subject = gtd_buf_detach(&subject);
	out->body = gtd_buf_detach(&body);
	if (!out->subject || !out->body)
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
out:
	gtd_buf_release(&subject);
	gtd_buf_release(&body);
	if (st != GTD_OK)
		gtd_refund_draft_release(out);
	return st;
}
