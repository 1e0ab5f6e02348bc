/* scenario.h - scenario files: the model, the parser and ${variables}.
 *
 * A scenario is one JSON file (doc/scenario-format.md): a name, whether it
 * needs the mock's control API, and steps.  Each step has a type from
 * scenario_step_types (steps.h), that type's own members, and optionally
 * `expect`, `save`, `timeout_ms` and `label`.  The parser checks everything
 * it can before anything runs - member types, allowed values, that every
 * ${variable} is defined before it is used, that control steps are
 * declared - and names the file and the JSON path of what is wrong.
 */
#ifndef GTD_SCENARIO_H
#define GTD_SCENARIO_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "codes.h"
#include "err.h"
#include "steps.h"

#define SCENARIO_FILE_MAX (1024 * 1024)

/* Variables every run defines before the first step. */
extern const char *const scenario_predefined[];

typedef struct scenario_pair {
	char *name, *value;
} scenario_pair;

typedef struct scenario_expect {
	int http;                     /* 0: the step type's default */
	char *code;                   /* NULL: the step type's default */
	scenario_pair *fields;        /* answer field or JSON path -> value */
	size_t nfields;
	int booking;                  /* expect.booking was given */
	char *booking_number;         /* NULL: the step's booking member */
	char *status[GTD_STATUS_FIELD_COUNT];   /* NULL: not checked */
	char *email;                  /* a customer e-mail kind ("issued") */
	char *explain_contains;
	char *body_contains;
	char *warning_contains;
	char *open_fails;             /* the envelope step at which the answer must fail */
	char *connection;             /* a client_failure name: no answer must come */
} scenario_expect;

typedef struct scenario_step {
	scenario_step_type type;
	size_t index;                 /* steps[index] */
	char *label;                  /* NULL: none */
	long timeout_ms;              /* 0: the client's */
	cJSON *json;                  /* the step as written (members read at run time) */
	scenario_pair *save;          /* variable -> answer field or JSON path */
	size_t nsave;
	scenario_expect expect;
} scenario_step;

typedef struct scenario {
	char *file;                   /* as given on the command line, joined */
	char *suite;                  /* the folder's name: "errors" */
	char *name;                   /* default: the file name without .json */
	char *description;            /* "" when none */
	char *gotadi_case;            /* its ID in Gotadi's test set ("3"), or NULL */
	int needs_control;
	scenario_step *steps;
	size_t nsteps;
} scenario;

typedef struct scenario_list {
	scenario *v;
	size_t n;
} scenario_list;

/* Parses text (the contents of file, which names it in messages) into sc.
 * GTD_EINVAL with "FILE: JSON.PATH: what is wrong" (or "FILE:LINE:COL:"
 * for JSON syntax), GTD_ENOMEM.  Release sc with scenario_release() in
 * every case. */
gtd_status scenario_parse(scenario *sc, const char *file, const char *text, size_t len,
			  gtd_err *err);
void scenario_release(scenario *sc);

/* Appends the scenario of a file, or of every *.json file under a folder
 * (recursively, in name order).  Stops at the first file that fails, with
 * its message.  Release l with scenario_list_release() in every case. */
gtd_status scenario_list_load(scenario_list *l, const char *path, gtd_err *err);
void scenario_list_release(scenario_list *l);

/* Members of a step as written (templates, not yet substituted), or the
 * member's default; NULL / 0 / dflt when absent. */
const char *scenario_step_str(const scenario_step *st, const char *name);
long scenario_step_int(const scenario_step *st, const char *name);
int scenario_step_bool(const scenario_step *st, const char *name, int dflt);
const cJSON *scenario_step_json(const scenario_step *st, const char *name);

/* "steps[2] commit" or "steps[2] commit (label)" for messages. */
void scenario_step_title(const scenario_step *st, char *out, size_t size);

typedef struct scenario_vars {
	scenario_pair *v;
	size_t n, cap;
} scenario_vars;

/* Defines or redefines name (both copied).  GTD_ENOMEM. */
gtd_status scenario_vars_set(scenario_vars *vs, const char *name, const char *value,
			     gtd_err *err);
/* The value of name, or NULL when undefined. */
const char *scenario_vars_get(const scenario_vars *vs, const char *name);
void scenario_vars_release(scenario_vars *vs);

/* text with each ${name} replaced by its value; "$${" stands for a literal
 * "${".  *out is a new string (caller frees).  GTD_ENOTFOUND for an
 * undefined variable, GTD_EINVAL for a "${" without "}" or a name that is
 * not letters, digits and '_' - err names it; GTD_ENOMEM. */
gtd_status scenario_subst(const scenario_vars *vs, const char *text, char **out, gtd_err *err);

/* A copy of in with scenario_subst() applied to every string value at any
 * depth (caller deletes *out). */
gtd_status scenario_subst_json(const scenario_vars *vs, const cJSON *in, cJSON **out,
			       gtd_err *err);

#endif
