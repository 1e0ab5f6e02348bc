/* steps.h - the step types of a scenario, in one table.
 *
 * Each type has its name as written in "type", what it does, its flags, the
 * members the parser accepts, the function that runs it and the HTTP status
 * it expects by default.  The parser, its checks and the runner all read
 * scenario_step_types; a new step type is one entry there and its run
 * function in runner.c.
 */
#ifndef GTD_STEPS_H
#define GTD_STEPS_H

typedef enum scenario_step_type {
	SCENARIO_LOGIN,
	SCENARIO_CONTROL_BOOKING,
	SCENARIO_WEBVIEW_HOLD,
	SCENARIO_PLACE_ORDER,
	SCENARIO_OPEN_REDIRECT,
	SCENARIO_COMMIT,
	SCENARIO_QUERY_TRANS,
	SCENARIO_BOOKING_DETAIL,
	SCENARIO_CLOCK_ADVANCE,
	SCENARIO_FAULT,
	SCENARIO_CLEAR_FAULTS,
	SCENARIO_RESET,
	SCENARIO_EXPECT_EMAIL,
	SCENARIO_HTTP,
	SCENARIO_STEP_TYPE_COUNT
} scenario_step_type;

enum {
	SCENARIO_STEP_CONTROL = 1 << 0,  /* uses /__gtd/: the scenario must set needs_control */
	SCENARIO_STEP_SEALED = 1 << 1,   /* the answer is an envelope; expect.code defaults to 00 */
	SCENARIO_STEP_BOOKING = 1 << 2,  /* has a `booking` member: expect.booking's default */
	SCENARIO_STEP_OFFLINE = 1 << 3,  /* sends nothing: no HTTP status to expect */
};

/* What a member holds. */
typedef enum step_arg_kind {
	STEP_ARG_STRING,
	STEP_ARG_INT,
	STEP_ARG_BOOL,
	STEP_ARG_HEADERS,      /* {"name": "value" or null} */
	STEP_ARG_OBJECT,       /* any JSON object (a fault spec) */
	STEP_ARG_BODY,         /* a string, or an object sent as JSON */
	STEP_ARG_SEAL,         /* {sign_with, encrypt_to, tamper} */
	STEP_ARG_SEAL_MESSAGE, /* the same plus {schema, fields}: a whole sealed body */
} step_arg_kind;

enum {
	STEP_ARG_REQUIRED = 1 << 0,
	STEP_ARG_ALTERNATIVE = 1 << 1,   /* exactly one of the step's alternatives is required */
};

/* One member a step (or an object inside one) may have. */
typedef struct step_arg {
	const char *name;            /* NULL ends a list */
	step_arg_kind kind;
	unsigned flags;
	const char *const *allowed;  /* strings: the values it may take (unless it holds ${}) */
	const char *dflt;
	long min, max;               /* ints */
} step_arg;

#define STEP_ARG_END {NULL, STEP_ARG_STRING, 0, NULL, NULL, 0, 0}

/* One step being run: the runner's own (runner.c). */
typedef struct step_run step_run;

typedef struct scenario_step_info {
	const char *name;        /* as written in "type": "login", "control.booking" */
	unsigned flags;
	const step_arg *args;    /* the members the parser accepts besides the common ones */
	void (*run)(step_run *sr);   /* sends the step's request; fails sr when it cannot */
	int http;                /* expected unless expect.http says; 0: any 2xx */
	const char *en;          /* one line: what the step does */
} scenario_step_info;

/* Indexed by scenario_step_type; the parser refuses a type without args or
 * run, so an incomplete entry is caught before anything is sent. */
extern const scenario_step_info scenario_step_types[SCENARIO_STEP_TYPE_COUNT];

/* The run functions of the table, in runner.c. */
void run_login(step_run *sr);
void run_control_booking(step_run *sr);
void run_webview_hold(step_run *sr);
void run_place_order(step_run *sr);
void run_open_redirect(step_run *sr);
void run_commit(step_run *sr);
void run_query(step_run *sr);
void run_detail(step_run *sr);
void run_clock(step_run *sr);
void run_fault(step_run *sr);
void run_clear_faults(step_run *sr);
void run_reset(step_run *sr);
void run_expect_email(step_run *sr);
void run_http(step_run *sr);

#endif
