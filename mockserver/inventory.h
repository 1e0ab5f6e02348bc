/* inventory.h - the webview's made-up flights and hotels.
 *
 * Every search is a pure function of what was asked: the same route and
 * date always give the same flights at the same fares, so a test or a
 * scenario can name an offer and get it back.  An offer's id spells out
 * its search ("F.HAN.SGN.2026-11-28.VN213", "H.HAN01.2027-03-01.2"), so a
 * booking is made from an id without the mock remembering any search.
 * Times are instants; dates are Vietnam's calendar days (UTC+7, as Gotadi
 * counts them), each held as the UTC midnight that starts that date.
 */
#ifndef MOCK_INVENTORY_H
#define MOCK_INVENTORY_H

#include <stddef.h>
#include <time.h>

#include "booking.h"
#include "err.h"

#define INVENTORY_ID_MAX 40           /* an offer id and its NUL */
#define INVENTORY_FLIGHTS_MAX 6       /* offers one flight search returns at most */
#define INVENTORY_HOTELS_MAX 3        /* offers one hotel search returns at most */
#define INVENTORY_NIGHTS_MAX 30       /* the longest hotel stay */
#define INVENTORY_DATE_SIZE 11        /* "2026-11-28" and its NUL */
#define INVENTORY_VN_OFFSET (7 * 3600)  /* Vietnam's time is UTC+7 all year */

/* An airport, which for hotels names its city too. */
typedef struct inventory_place {
	const char *code;        /* IATA: "HAN" */
	const char *city_vi;     /* "Hà Nội" */
	const char *city_en;     /* "Hanoi" */
	int international;       /* outside Vietnam */
	double lat, lon;         /* degrees, for flight times and fares */
} inventory_place;

typedef struct inventory_airline {
	const char *code;        /* "VN" */
	const char *name;        /* "Vietnam Airlines" */
	int international;       /* also flies the international routes */
	int fare_pct;            /* its fares against the route's base fare */
} inventory_airline;

typedef struct inventory_hotel {
	const char *code;        /* "HAN01": unique, part of offer ids */
	const char *city;        /* the code of its city's airport */
	const char *name;
	int stars;
	long long rate;          /* VND a night before the date's variation */
} inventory_hotel;

/* The tables, for the search forms' choices. */
extern const inventory_place inventory_places[];
extern const size_t inventory_place_count;

/* 1 when the city of airport code has made-up hotels. */
int inventory_has_hotels(const char *code);

/* The airport or airline called code (case-insensitive), or NULL. */
const inventory_place *inventory_place_find(const char *code);
const inventory_airline *inventory_airline_find(const char *code);

typedef struct inventory_offer {
	char id[INVENTORY_ID_MAX];
	gtd_product product;
	const inventory_airline *airline;     /* flights; NULL for hotels */
	char flight_no[8];                    /* "VN213" */
	const inventory_place *from, *to;     /* flights; for hotels from is the city */
	const inventory_hotel *hotel;         /* hotels; NULL for flights */
	int nights;                           /* hotels */
	time_t start, end;                    /* departure and arrival, or check-in and check-out */
	long long price;                      /* VND: a passenger's fare, or a night */
} inventory_offer;

/* What booking the offer for travellers people costs: the fare times the
 * passengers, or the night's rate times the nights (one room). */
long long inventory_offer_total(const inventory_offer *o, size_t travellers);

/* Fills it with o's itinerary; its strings point into o and the static
 * tables, so it lives as long as o (mock_booking_create copies it). */
void inventory_offer_itinerary(const inventory_offer *o, gtd_itinerary *it);

/* Parses a date written YYYY-MM-DD into *day.  GTD_EINVAL saying what was
 * expected otherwise. */
gtd_status inventory_date_parse(const char *s, time_t *day, gtd_err *err);

/* Writes day (as inventory_date_parse gives it) as YYYY-MM-DD. */
void inventory_date_format(time_t day, char out[INVENTORY_DATE_SIZE]);

/* The Vietnamese calendar day that instant t falls on. */
time_t inventory_day_of(time_t t);

/* The flights from airport from to airport to on date (YYYY-MM-DD), by
 * departure time: *n (at least one) offers in out.  GTD_EINVAL with a
 * sentence naming what can be searched for an unknown airport, a route
 * the inventory does not fly or a malformed date. */
gtd_status inventory_flights(const char *from, const char *to, const char *date,
			     inventory_offer out[INVENTORY_FLIGHTS_MAX], size_t *n, gtd_err *err);

/* The hotels of city (an airport code) for nights nights from check-in
 * date checkin: *n offers in out.  GTD_EINVAL as above, or for nights
 * outside 1..INVENTORY_NIGHTS_MAX. */
gtd_status inventory_hotels(const char *city, const char *checkin, int nights,
			    inventory_offer out[INVENTORY_HOTELS_MAX], size_t *n, gtd_err *err);

/* The offer a search returned with this id, made again.  GTD_EINVAL for an
 * id that is not an offer id, GTD_ENOTFOUND for one no search gives. */
gtd_status inventory_offer_find(const char *id, inventory_offer *out, gtd_err *err);

#endif
