#include "steps.h"

#include <stddef.h>

#define CLOCK_MAX_SECONDS 316224000L   /* ten years, as the mock takes it */

static const char *const products[] = {"flight", "hotel", NULL};
static const char *const product_types[] = {"AIR", "HOTEL", NULL};
static const char *const layouts[] = {"dual", "single", "", NULL};
static const char *const methods[] = {"GET", "POST", "PUT", "DELETE", NULL};

#define HEADERS {"headers", STEP_ARG_HEADERS, 0, NULL, NULL, 0, 0}
#define SEAL {"seal", STEP_ARG_SEAL, 0, NULL, NULL, 0, 0}
#define BOOKING {"booking", STEP_ARG_STRING, STEP_ARG_REQUIRED, NULL, NULL, 0, 0}
#define ACCESS_CODE {"access_code", STEP_ARG_STRING, 0, NULL, NULL, 0, 0}
#define STR(name) {name, STEP_ARG_STRING, 0, NULL, NULL, 0, 0}
#define END STEP_ARG_END

static const step_arg login_args[] = {
	{"user", STEP_ARG_STRING, STEP_ARG_REQUIRED, NULL, NULL, 0, 0},
	{"product", STEP_ARG_STRING, 0, products, "flight", 0, 0},
	{"layout", STEP_ARG_STRING, 0, layouts, NULL, 0, 0},
	ACCESS_CODE, HEADERS, SEAL, END,
};
static const step_arg hold_args[] = {
	{"partner", STEP_ARG_STRING, 0, NULL, "${partner_id}", 0, 0},
	{"product", STEP_ARG_STRING, 0, products, "flight", 0, 0},
	{"amount", STEP_ARG_INT, 0, NULL, NULL, 1, 1000000000000L},
	STR("surname"), STR("first_name"), STR("email"), STR("phone"), END,
};
static const step_arg webview_hold_args[] = {
	{"redirect_url", STEP_ARG_STRING, STEP_ARG_ALTERNATIVE, NULL, NULL, 0, 0},
	{"token", STEP_ARG_STRING, STEP_ARG_ALTERNATIVE, NULL, NULL, 0, 0},
	{"product", STEP_ARG_STRING, 0, products, "flight", 0, 0},
	{"from", STEP_ARG_STRING, 0, NULL, "HAN", 0, 0},
	{"to", STEP_ARG_STRING, 0, NULL, "SGN", 0, 0},
	{"city", STEP_ARG_STRING, 0, NULL, "HAN", 0, 0},
	STR("date"),
	{"nights", STEP_ARG_INT, 0, NULL, NULL, 1, 30},
	/* Gotadi's test rules issue tickets on Vietnam Airlines only. */
	{"airline", STEP_ARG_STRING, 0, NULL, "VN", 0, 0},
	STR("offer"),
	{"first_name", STEP_ARG_STRING, 0, NULL, "Bình", 0, 0},
	{"surname", STEP_ARG_STRING, 0, NULL, "Trần Thanh", 0, 0},
	{"phone", STEP_ARG_STRING, 0, NULL, "0912345678", 0, 0},
	{"email", STEP_ARG_STRING, 0, NULL, "binh.tran@example.vn", 0, 0},
	END,
};
static const step_arg place_order_args[] = {
	BOOKING,
	{"redirect_url", STEP_ARG_STRING, STEP_ARG_ALTERNATIVE, NULL, NULL, 0, 0},
	{"token", STEP_ARG_STRING, STEP_ARG_ALTERNATIVE, NULL, NULL, 0, 0},
	HEADERS, END,
};
static const step_arg open_redirect_args[] = {
	{"url", STEP_ARG_STRING, STEP_ARG_REQUIRED, NULL, NULL, 0, 0}, END,
};
static const step_arg commit_args[] = {
	BOOKING, STR("trans_id"),
	{"product_type", STEP_ARG_STRING, 0, product_types, NULL, 0, 0},
	ACCESS_CODE, HEADERS, SEAL, END,
};
static const step_arg query_args[] = {BOOKING, ACCESS_CODE, HEADERS, SEAL, END};
static const step_arg detail_args[] = {BOOKING, HEADERS, END};
static const step_arg clock_args[] = {
	{"seconds", STEP_ARG_INT, STEP_ARG_REQUIRED, NULL, NULL, 1, CLOCK_MAX_SECONDS}, END,
};
static const step_arg fault_args[] = {
	{"spec", STEP_ARG_OBJECT, STEP_ARG_REQUIRED, NULL, NULL, 0, 0}, END,
};
static const step_arg no_args[] = {END};
static const step_arg email_args[] = {
	{"kind", STEP_ARG_STRING, STEP_ARG_REQUIRED, NULL, NULL, 0, 0}, BOOKING, END,
};
static const step_arg http_args[] = {
	{"method", STEP_ARG_STRING, 0, methods, "GET", 0, 0},
	{"path", STEP_ARG_STRING, STEP_ARG_ALTERNATIVE, NULL, NULL, 0, 0},
	{"url", STEP_ARG_STRING, STEP_ARG_ALTERNATIVE, NULL, NULL, 0, 0},
	HEADERS,
	{"body", STEP_ARG_BODY, 0, NULL, NULL, 0, 0},
	{"seal", STEP_ARG_SEAL_MESSAGE, 0, NULL, NULL, 0, 0},
	{"partner_headers", STEP_ARG_BOOL, 0, NULL, NULL, 0, 0},
	END,
};

/* Every index must be filled: the parser refuses a type without args or
 * run, and check_scenario checks each entry. */
const scenario_step_info scenario_step_types[SCENARIO_STEP_TYPE_COUNT] = {
	[SCENARIO_LOGIN] = {"login", SCENARIO_STEP_SEALED, login_args, run_login, 200,
			    "log a user in; the answer carries the webview's redirect_url"},
	[SCENARIO_CONTROL_BOOKING] = {"control.booking", SCENARIO_STEP_CONTROL, hold_args,
				      run_control_booking, 201,
				      "create a held booking through the mock's control API"},
	[SCENARIO_WEBVIEW_HOLD] = {"webview.hold", 0, webview_hold_args, run_webview_hold, 201,
				   "search and hold a booking through the webview's JSON API, as its user"},
	[SCENARIO_PLACE_ORDER] = {"place_order", SCENARIO_STEP_BOOKING, place_order_args,
				  run_place_order, 200,
				  "place order with the user's token; the answer's result is the redirect"},
	[SCENARIO_OPEN_REDIRECT] = {"open_redirect", SCENARIO_STEP_OFFLINE, open_redirect_args,
				    run_open_redirect, 0,
				    "open and verify a place-order redirect URL with the partner's key"},
	[SCENARIO_COMMIT] = {"commit", SCENARIO_STEP_SEALED | SCENARIO_STEP_BOOKING, commit_args,
			     run_commit, 200, "tell Gotadi the booking is paid"},
	[SCENARIO_QUERY_TRANS] = {"query_trans", SCENARIO_STEP_SEALED | SCENARIO_STEP_BOOKING,
				  query_args, run_query, 200, "check a commit's result"},
	[SCENARIO_BOOKING_DETAIL] = {"booking_detail", SCENARIO_STEP_BOOKING, detail_args,
				     run_detail, 200, "read the booking detail JSON"},
	[SCENARIO_CLOCK_ADVANCE] = {"clock_advance", SCENARIO_STEP_CONTROL, clock_args, run_clock,
				    200, "move the mock's virtual clock forward"},
	[SCENARIO_FAULT] = {"fault", SCENARIO_STEP_CONTROL, fault_args, run_fault, 201,
			    "arm a fault in the mock (cleared when the scenario ends)"},
	[SCENARIO_CLEAR_FAULTS] = {"clear_faults", SCENARIO_STEP_CONTROL, no_args, run_clear_faults,
				   200, "remove every fault"},
	[SCENARIO_RESET] = {"reset", SCENARIO_STEP_CONTROL, no_args, run_reset, 200,
			    "forget bookings, faults, the clock offset and the journal"},
	[SCENARIO_EXPECT_EMAIL] = {"expect_email", SCENARIO_STEP_CONTROL | SCENARIO_STEP_BOOKING,
				   email_args, run_expect_email, 0,
				   "a customer e-mail of this kind was sent for the booking"},
	[SCENARIO_HTTP] = {"http", 0, http_args, run_http, 0,
			   "any request, optionally with a body sealed on purpose"},
};
