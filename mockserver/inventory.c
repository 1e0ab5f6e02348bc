/* inventory.c - made-up flights and hotels, the same for the same search.
 *
 * Flight numbers and timetables hang on the route only (VN213 leaves at the
 * same time every day, as real ones do); fares hang on the route and the
 * date.  Flight times and fares grow with the distance, so the results look
 * plausible to a partner's testers.
 */
#include "inventory.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

#define DAY (24 * 3600)
#define DATE_LEN 10                     /* "2026-11-28" */
#define FIRST_DEPARTURE (6 * 60)        /* minutes after midnight, Vietnam's time */
#define LAST_DEPARTURE (22 * 60)
#define DOMESTIC_FLIGHTS 6
#define INTERNATIONAL_FLIGHTS 4
#define TIME_STEP 5                     /* minutes: timetables go in 5-minute steps */
#define GROUND_MINUTES 35               /* taxi, climb and descent */
#define CRUISE_KMH 800
#define KM_PER_DEGREE 111.2
#define FLIGHT_NO_BASE 100              /* flight numbers have three digits */
#define FLIGHT_NO_ROUTES 400
#define FARE_STEP 1000                  /* VND: prices are whole thousands */
#define FARE_VARY_MIN 85                /* a date's fare is 85% to 130% of the base */
#define FARE_VARY_SPAN 46
#define RATE_VARY_MIN 90                /* a date's room rate is 90% to 120% of the hotel's */
#define RATE_VARY_SPAN 31
#define CHECK_IN (14 * 60)              /* minutes after midnight, local time */
#define CHECK_OUT (12 * 60)

/* Distances and fares take the places as they lie; the Vietnamese city
 * names are what the webview shows first. */
const inventory_place inventory_places[] = {
	{"HAN", "Hà Nội", "Hanoi", 0, 21.221, 105.807},
	{"SGN", "TP. Hồ Chí Minh", "Ho Chi Minh City", 0, 10.819, 106.652},
	{"DAD", "Đà Nẵng", "Da Nang", 0, 16.044, 108.199},
	{"CXR", "Nha Trang", "Nha Trang", 0, 11.998, 109.219},
	{"PQC", "Phú Quốc", "Phu Quoc", 0, 10.170, 103.993},
	{"HUI", "Huế", "Hue", 0, 16.401, 107.703},
	{"HPH", "Hải Phòng", "Hai Phong", 0, 20.819, 106.725},
	{"BKK", "Bangkok", "Bangkok", 1, 13.690, 100.750},
	{"SIN", "Singapore", "Singapore", 1, 1.364, 103.991},
	{"ICN", "Seoul", "Seoul", 1, 37.460, 126.440},
	{"NRT", "Tokyo", "Tokyo", 1, 35.772, 140.393},
};
const size_t inventory_place_count = COUNT(inventory_places);

static const inventory_airline airlines[] = {
	{"VN", "Vietnam Airlines", 1, 100},
	{"VJ", "Vietjet Air", 1, 72},
	{"QH", "Bamboo Airways", 0, 88},
};

/* Base fares: a fixed part and a part per kilometre; domestic, then
 * international. */
static const struct {
	long long fixed, per_km;
} fares[2] = {{500000, 1000}, {1200000, 1500}};

/* "(test)" in every name: Gotadi's real sandbox books only its listed
 * hotels (its test rules), and these are none of them. */
static const inventory_hotel hotels[] = {
	{"HAN01", "HAN", "Khách sạn Hồ Gươm Sen (test)", 4, 1650000},
	{"HAN02", "HAN", "Hanoi Old Quarter Lotus Inn (test)", 3, 890000},
	{"HAN03", "HAN", "Gotadi Grand Hà Nội (test)", 5, 3200000},
	{"SGN01", "SGN", "Khách sạn Bến Thành Xanh (test)", 4, 1750000},
	{"SGN02", "SGN", "Saigon Riverside Residence (test)", 5, 3450000},
	{"SGN03", "SGN", "Nhà nghỉ Phố Đi Bộ Quận 1 (test)", 3, 820000},
	{"DAD01", "DAD", "Khách sạn Biển Mỹ Khê (test)", 4, 1550000},
	{"DAD02", "DAD", "Da Nang Dragon Bridge Hotel (test)", 3, 950000},
	{"DAD03", "DAD", "Sơn Trà Ocean Resort (test)", 5, 4100000},
	{"CXR01", "CXR", "Khách sạn Trần Phú Nha Trang (test)", 3, 780000},
	{"CXR02", "CXR", "Nha Trang Bay Pearl Resort (test)", 5, 3650000},
	{"CXR03", "CXR", "Hòn Chồng Seaview Hotel (test)", 4, 1320000},
	{"PQC01", "PQC", "Phú Quốc Sunset Beach Resort (test)", 5, 3900000},
	{"PQC02", "PQC", "Khách sạn Dương Đông Xanh (test)", 3, 850000},
	{"PQC03", "PQC", "Bãi Sao Garden Bungalow (test)", 4, 1600000},
	{"HUI01", "HUI", "Khách sạn Sông Hương (test)", 4, 1450000},
	{"HUI02", "HUI", "Hue Imperial Citadel Inn (test)", 3, 720000},
	{"HUI03", "HUI", "Kinh Thành Heritage Hotel (test)", 5, 2950000},
};

/* SplitMix64's finaliser: every input bit moves every output bit. */
static unsigned long long mix(unsigned long long x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* FNV-1a, mixed: the seed of everything a search invents. */
static unsigned long long hash_str(const char *s)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return mix(h);
}

static long long round_to(long long v, long long step)
{
	return (v + step / 2) / step * step;
}

const inventory_place *inventory_place_find(const char *code)
{
	size_t i;

	for (i = 0; code && i < COUNT(inventory_places); i++)
		if (strcasecmp(inventory_places[i].code, code) == 0)
			return &inventory_places[i];
	return NULL;
}

const inventory_airline *inventory_airline_find(const char *code)
{
	size_t i;

	for (i = 0; code && i < COUNT(airlines); i++)
		if (strcasecmp(airlines[i].code, code) == 0)
			return &airlines[i];
	return NULL;
}

static const inventory_hotel *hotel_find(const char *code)
{
	size_t i;

	for (i = 0; i < COUNT(hotels); i++)
		if (strcmp(hotels[i].code, code) == 0)
			return &hotels[i];
	return NULL;
}

int inventory_has_hotels(const char *code)
{
	size_t i;

	for (i = 0; code && i < COUNT(hotels); i++)
		if (strcasecmp(hotels[i].city, code) == 0)
			return 1;
	return 0;
}

/* "HAN, SGN, ..." of the places that qualify, for error messages. */
static const char *place_list(char *out, size_t len, int international, int with_hotels)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < COUNT(inventory_places) && n < len; i++) {
		const inventory_place *p = &inventory_places[i];

		if (p->international != international || (with_hotels && !inventory_has_hotels(p->code)))
			continue;
		n += (size_t)snprintf(out + n, len - n, "%s%s", n ? ", " : "", p->code);
	}
	return out;
}

long long inventory_offer_total(const inventory_offer *o, size_t travellers)
{
	return o->product == GTD_PRODUCT_FLIGHT ? o->price * (long long)travellers
						: o->price * o->nights;
}

void inventory_offer_itinerary(const inventory_offer *o, gtd_itinerary *it)
{
	memset(it, 0, sizeof(*it));
	if (o->product == GTD_PRODUCT_FLIGHT) {
		it->airline = (char *)o->airline->code;
		it->flight_no = (char *)o->flight_no;
		it->from = (char *)o->from->code;
		it->to = (char *)o->to->code;
		it->international = o->from->international || o->to->international;
	} else {
		it->hotel = (char *)o->hotel->name;
	}
	it->depart = o->start;
	it->arrive = o->end;
}

gtd_status inventory_date_parse(const char *s, time_t *day, gtd_err *err)
{
	struct tm tm = {0}, back;
	size_t i;
	time_t t;

	for (i = 0; s && i < DATE_LEN; i++)
		if (!(i == 4 || i == 7 ? s[i] == '-' : s[i] >= '0' && s[i] <= '9'))
			break;
	if (!s || i != DATE_LEN || s[DATE_LEN] ||
	    sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return gtd_err_set(err, GTD_EINVAL, "a date is written YYYY-MM-DD, not '%.20s'", s ? s : "");
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	back = tm;
	t = timegm(&back);
	/* timegm() normalises 2026-02-30 into March: a real date comes back as it went in. */
	if (back.tm_year != tm.tm_year || back.tm_mon != tm.tm_mon || back.tm_mday != tm.tm_mday)
		return gtd_err_set(err, GTD_EINVAL, "%s is not a date of the calendar", s);
	*day = t;
	return GTD_OK;
}

void inventory_date_format(time_t day, char out[INVENTORY_DATE_SIZE])
{
	struct tm tm;

	gmtime_r(&day, &tm);
	strftime(out, INVENTORY_DATE_SIZE, "%Y-%m-%d", &tm);
}

time_t inventory_day_of(time_t t)
{
	return (t + INVENTORY_VN_OFFSET) / DAY * DAY;
}

/* Great-circle distance is overkill at this scale: a flat projection
 * around the two places' mean latitude is within a few per cent. */
static double distance_km(const inventory_place *a, const inventory_place *b)
{
	double dy = (a->lat - b->lat) * KM_PER_DEGREE;
	double dx = (a->lon - b->lon) * KM_PER_DEGREE * cos((a->lat + b->lat) / 2 * M_PI / 180);

	return sqrt(dx * dx + dy * dy);
}

/* The airline of timetable slot slot: the route's airlines take turns. */
static const inventory_airline *slot_airline(int international, unsigned long long route, size_t slot)
{
	const inventory_airline *flying[COUNT(airlines)];
	size_t i, n = 0;

	for (i = 0; i < COUNT(airlines); i++)
		if (!international || airlines[i].international)
			flying[n++] = &airlines[i];
	return flying[(route + slot) % n];
}

/* Slot slot of count on the route a -> b (seeded by route) on day, its
 * fare varied by dated. */
static void flight(inventory_offer *o, const inventory_place *a, const inventory_place *b, time_t day,
		   unsigned long long route, unsigned long long dated, size_t slot, size_t count)
{
	int international = a->international || b->international;
	int spacing = (LAST_DEPARTURE - FIRST_DEPARTURE) / (int)count;
	int depart = FIRST_DEPARTURE + (int)slot * spacing +
		     (int)(mix(route + slot) % (unsigned long long)(spacing / TIME_STEP)) * TIME_STEP;
	double km = distance_km(a, b);
	int minutes = ((int)(GROUND_MINUTES + km * 60 / CRUISE_KMH) / TIME_STEP + 1) * TIME_STEP;
	long long base = fares[international].fixed + (long long)km * fares[international].per_km;
	long long vary = FARE_VARY_MIN + (long long)(mix(dated + slot) % FARE_VARY_SPAN);
	char date[INVENTORY_DATE_SIZE];

	memset(o, 0, sizeof(*o));
	o->product = GTD_PRODUCT_FLIGHT;
	o->airline = slot_airline(international, route, slot);
	o->from = a;
	o->to = b;
	snprintf(o->flight_no, sizeof(o->flight_no), "%s%d", o->airline->code,
		 FLIGHT_NO_BASE + (int)(route % FLIGHT_NO_ROUTES) * 2 + (int)slot);
	o->start = day + depart * 60 - INVENTORY_VN_OFFSET;
	o->end = o->start + minutes * 60;
	o->price = round_to(base * o->airline->fare_pct / 100 * vary / 100, FARE_STEP);
	inventory_date_format(day, date);
	snprintf(o->id, sizeof(o->id), "F.%s.%s.%s.%s", a->code, b->code, date, o->flight_no);
}

gtd_status inventory_flights(const char *from, const char *to, const char *date,
			     inventory_offer out[INVENTORY_FLIGHTS_MAX], size_t *n, gtd_err *err)
{
	const inventory_place *a = inventory_place_find(from), *b = inventory_place_find(to);
	char key[64], vn[128], abroad[128];
	unsigned long long route, dated;
	time_t day;
	size_t i, count;

	*n = 0;
	if (!a || !b) {
		const char *bad = a ? to : from;

		return gtd_err_set(err, GTD_EINVAL, "no airport '%.8s' in the made-up inventory: it has %s "
						    "(Vietnam) and %s", bad ? bad : "",
				   place_list(vn, sizeof(vn), 0, 0), place_list(abroad, sizeof(abroad), 1, 0));
	}
	if (a == b)
		return gtd_err_set(err, GTD_EINVAL, "from and to are both %s: choose two airports", a->code);
	if (a->international && b->international)
		return gtd_err_set(err, GTD_EINVAL, "the made-up inventory flies within Vietnam and between "
						    "Vietnam and %s, not from %s to %s",
				   place_list(abroad, sizeof(abroad), 1, 0), a->code, b->code);
	if (inventory_date_parse(date, &day, err) != GTD_OK)
		return GTD_EINVAL;
	snprintf(key, sizeof(key), "%s-%s", a->code, b->code);
	route = hash_str(key);
	snprintf(key, sizeof(key), "%s-%s-%s", a->code, b->code, date);
	dated = hash_str(key);
	count = a->international || b->international ? INTERNATIONAL_FLIGHTS : DOMESTIC_FLIGHTS;
	for (i = 0; i < count; i++)
		flight(&out[i], a, b, day, route, dated, i, count);
	*n = count;
	return GTD_OK;
}

/* A stay of nights nights at h from check-in day. */
static void stay(inventory_offer *o, const inventory_hotel *h, const inventory_place *city, time_t day,
		 int nights)
{
	char date[INVENTORY_DATE_SIZE], key[64];

	inventory_date_format(day, date);
	snprintf(key, sizeof(key), "%s-%s", h->code, date);
	memset(o, 0, sizeof(*o));
	o->product = GTD_PRODUCT_HOTEL;
	o->hotel = h;
	o->from = city;
	o->nights = nights;
	o->start = day + CHECK_IN * 60 - INVENTORY_VN_OFFSET;
	o->end = day + (time_t)nights * DAY + CHECK_OUT * 60 - INVENTORY_VN_OFFSET;
	o->price = round_to(h->rate * (RATE_VARY_MIN + (long long)(hash_str(key) % RATE_VARY_SPAN)) / 100,
			    FARE_STEP);
	snprintf(o->id, sizeof(o->id), "H.%s.%s.%d", h->code, date, nights);
}

gtd_status inventory_hotels(const char *city, const char *checkin, int nights,
			    inventory_offer out[INVENTORY_HOTELS_MAX], size_t *n, gtd_err *err)
{
	const inventory_place *p = inventory_place_find(city);
	char list[128];
	time_t day;
	size_t i;

	*n = 0;
	if (!p || !inventory_has_hotels(p->code))
		return gtd_err_set(err, GTD_EINVAL, "no made-up hotels in '%.8s': choose %s", city ? city : "",
				   place_list(list, sizeof(list), 0, 1));
	if (nights < 1 || nights > INVENTORY_NIGHTS_MAX)
		return gtd_err_set(err, GTD_EINVAL, "a stay is 1 to %d nights, not %d", INVENTORY_NIGHTS_MAX,
				   nights);
	if (inventory_date_parse(checkin, &day, err) != GTD_OK)
		return GTD_EINVAL;
	for (i = 0; i < COUNT(hotels) && *n < INVENTORY_HOTELS_MAX; i++)
		if (strcmp(hotels[i].city, p->code) == 0)
			stay(&out[(*n)++], &hotels[i], p, day, nights);
	return GTD_OK;
}

/* Makes the search an id spells out again and picks the offer by its id,
 * so only ids a search really gave are found. */
gtd_status inventory_offer_find(const char *id, inventory_offer *out, gtd_err *err)
{
	inventory_offer found[INVENTORY_FLIGHTS_MAX > INVENTORY_HOTELS_MAX ? INVENTORY_FLIGHTS_MAX
									   : INVENTORY_HOTELS_MAX];
	char a[4], b[4], date[INVENTORY_DATE_SIZE], code[8];
	const inventory_hotel *h;
	gtd_status st;
	size_t n = 0, i;
	int nights;

	if (id && sscanf(id, "F.%3[A-Z].%3[A-Z].%10[0-9-].", a, b, date) == 3) {
		st = inventory_flights(a, b, date, found, &n, err);
	} else if (id && sscanf(id, "H.%7[A-Z0-9].%10[0-9-].%d", code, date, &nights) == 3) {
		h = hotel_find(code);
		st = h ? inventory_hotels(h->city, date, nights, found, &n, err) : GTD_OK;
	} else {
		return gtd_err_set(err, GTD_EINVAL, "'%.40s' is not an offer id: take one from a search",
				   id ? id : "");
	}
	if (st != GTD_OK)
		return st;
	for (i = 0; i < n; i++) {
		if (strcmp(found[i].id, id) == 0) {
			*out = found[i];
			return GTD_OK;
		}
	}
	return gtd_err_set(err, GTD_ENOTFOUND, "no offer %.40s in the made-up inventory: search again",
			   id);
}
