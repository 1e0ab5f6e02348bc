/* webview_api.c - the webview's steps as JSON calls, for scripts: the
 * searches, the booking step and the booking's detail, for the user of the
 * token.
 *
 * Routes (errors are the gateway's {"status", "error", "message"}):
 *   GET  /webview/api/flights   ?from=&to=&date= -> {"offers": [{"offer",
 *                               "airline", "airlineName", "flightNo", "from",
 *                               "to", "international", "departure",
 *                               "arrival", "price"}]}, price in VND a passenger
 *   GET  /webview/api/hotels    ?city=&checkin=&nights= -> {"offers": [{"offer",
 *                               "hotelName", "stars", "city", "nights",
 *                               "checkIn", "checkOut", "price"}]}, VND a night
 *   POST /webview/api/bookings  {"offer": ID, "travellers": [{"firstName",
 *                               "lastName", "phoneNumber", "email"}]}, 1 to 4
 *                               travellers, the first one's phone and e-mail
 *                               required -> 201 {"bookingNumber", "status",
 *                               "totalAmount", "timeToLive", "placeOrder",
 *                               "result"}: status BOOKED, or FAILED when the
 *                               hold failed (surname HOLDFAIL)
 *   GET  /webview/api/bookings/N  booking detail's JSON, for the token's user
 * Then GET /api/partner/place-order?bookingNumber=N with the same token goes
 * to payment, as Gotadi's own webview does.
 */
#include "webview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "webview_session.h"

static cJSON *offer_json(const inventory_offer *o)
{
	cJSON *j = cJSON_CreateObject();
	int flight = o->product == GTD_PRODUCT_FLIGHT;
	char start[21], end[21];

	gtd_iso8601(start, o->start);
	gtd_iso8601(end, o->end);
	cJSON_AddStringToObject(j, "offer", o->id);
	if (flight) {
		cJSON_AddStringToObject(j, "airline", o->airline->code);
		cJSON_AddStringToObject(j, "airlineName", o->airline->name);
		cJSON_AddStringToObject(j, "flightNo", o->flight_no);
		cJSON_AddStringToObject(j, "from", o->from->code);
		cJSON_AddStringToObject(j, "to", o->to->code);
		cJSON_AddBoolToObject(j, "international", o->from->international || o->to->international);
	} else {
		cJSON_AddStringToObject(j, "hotelName", o->hotel->name);
		cJSON_AddNumberToObject(j, "stars", o->hotel->stars);
		cJSON_AddStringToObject(j, "city", o->from->code);
		cJSON_AddNumberToObject(j, "nights", o->nights);
	}
	cJSON_AddStringToObject(j, flight ? "departure" : "checkIn", start);
	cJSON_AddStringToObject(j, flight ? "arrival" : "checkOut", end);
	cJSON_AddNumberToObject(j, "price", (double)o->price);
	return j;
}

static void api_search(mock_ctx *ctx, const mock_request *req, mock_response *resp, gtd_product p)
{
	webview_session s = {0};
	inventory_offer o[INVENTORY_FLIGHTS_MAX > INVENTORY_HOTELS_MAX ? INVENTORY_FLIGHTS_MAX
								       : INVENTORY_HOTELS_MAX];
	cJSON *answer, *arr;
	size_t n = 0, i;
	gtd_err err;
	int status;

	if (!webview_session_open(ctx, req, resp, &s))
		return;
	if ((status = webview_search(ctx, &s, req, p, 0, o, &n, &err)) != 0) {
		webview_fail(ctx, resp, &s, status, "%s", err.msg);
		return;
	}
	answer = cJSON_CreateObject();
	arr = cJSON_AddArrayToObject(answer, "offers");
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, offer_json(&o[i]));
	mock_entry_why(ctx->entry, "webview: %zu %s offers for user %s", n, gtd_product_name(p), s.user);
	mock_response_json(resp, 200, answer);
}

/* GET /webview/api/flights */
void webview_api_flights(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	api_search(ctx, req, resp, GTD_PRODUCT_FLIGHT);
}

/* GET /webview/api/hotels */
void webview_api_hotels(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	api_search(ctx, req, resp, GTD_PRODUCT_HOTEL);
}

/* A string member of o, or NULL when absent or null; 0 when it is there
 * but not a string. */
static int opt_member(const cJSON *o, const char *name, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	*out = cJSON_GetStringValue(v);
	return !v || cJSON_IsNull(v) || *out;
}

/* The travellers of the JSON body, pointing into it. */
static int json_travellers(const cJSON *body, gtd_traveller *t, size_t *n, gtd_err *err)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(body, "travellers"), *o;
	const char *first, *last, *phone, *email;

	*n = 0;
	if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1 || cJSON_GetArraySize(arr) > MOCK_PAX_MAX)
		return gtd_err_set(err, GTD_EINVAL, "\"travellers\" must be an array of 1 to %d objects",
				   MOCK_PAX_MAX), 0;
	cJSON_ArrayForEach(o, arr) {
		if (!cJSON_IsObject(o) || !opt_member(o, "firstName", &first) ||
		    !opt_member(o, "lastName", &last) || !opt_member(o, "phoneNumber", &phone) ||
		    !opt_member(o, "email", &email))
			return gtd_err_set(err, GTD_EINVAL, "traveller %zu must be an object of strings: "
							    "firstName, lastName, phoneNumber, email", *n + 1), 0;
		t[(*n)++] = (gtd_traveller){(char *)first, (char *)last, (char *)phone, (char *)email};
	}
	return 1;
}

/* POST /webview/api/bookings */
void webview_api_book(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	webview_session s = {0};
	cJSON *body = NULL, *answer;
	gtd_traveller t[MOCK_PAX_MAX];
	char ttl[21], *url = NULL;
	size_t n;
	webview_held h;
	gtd_err err;
	int status;

	if (!webview_session_open(ctx, req, resp, &s))
		goto out;
	body = cJSON_ParseWithLength(req->body, req->body_len);
	if (!cJSON_IsObject(body) || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(body, "offer"))) {
		webview_fail(ctx, resp, &s, 400, "the body must be JSON {\"offer\": \"<id from a search>\", "
					 "\"travellers\": [...]}");
		goto out;
	}
	if (!json_travellers(body, t, &n, &err)) {
		webview_fail(ctx, resp, &s, 400, "%s", err.msg);
		goto out;
	}
	status = webview_book(ctx, &s, cJSON_GetObjectItemCaseSensitive(body, "offer")->valuestring, t, n, 0, &h,
		      &err);
	if (status) {
		webview_fail(ctx, resp, &s, status, "%s", err.msg);
		goto out;
	}
	answer = cJSON_CreateObject();
	cJSON_AddStringToObject(answer, "bookingNumber", h.number);
	cJSON_AddStringToObject(answer, "status", gtd_bstatus_name(h.status));
	cJSON_AddNumberToObject(answer, "totalAmount", (double)h.amount);
	gtd_iso8601(ttl, h.time_to_live);
	if (h.status == GTD_BOOKING_BOOKED)
		cJSON_AddStringToObject(answer, "timeToLive", ttl);
	else
		cJSON_AddNullToObject(answer, "timeToLive");
	if (asprintf(&url, "%s%s?%s=%s", req->base_url, gtd_api_get(GTD_API_PLACE_ORDER)->path,
		     gtd_api_get(GTD_API_PLACE_ORDER)->query, h.number) > 0)
		cJSON_AddStringToObject(answer, "placeOrder", url);
	free(url);
	if (asprintf(&url, "%s/webview/result/%s", req->base_url, h.number) > 0)
		cJSON_AddStringToObject(answer, "result", url);
	free(url);
	mock_response_json(resp, 201, answer);
out:
	cJSON_Delete(body);
}

/* GET /webview/api/bookings/N */
void webview_api_booking(mock_ctx *ctx, const mock_request *req, mock_response *resp)
{
	const char *number = req->path + strlen("/webview/api/bookings/");
	webview_session s = {0};
	gtd_booking *b;

	if (!webview_session_open(ctx, req, resp, &s))
		return;
	mock_entry_str(ctx->entry, "booking", number);
	mock_state_lock(ctx->state);
	b = webview_user_booking(ctx, &s, number);
	if (b)
		mock_answer_booking(resp, b, 0);
	mock_state_unlock(ctx->state);
	if (!b) {
		webview_fail(ctx, resp, &s, 404, "you have no booking %.24s", number);
		return;
	}
	mock_entry_why(ctx->entry, "webview: booking %s for user %s", number, s.user);
}
