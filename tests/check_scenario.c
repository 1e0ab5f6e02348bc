#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "scenario.h"

/* A scenario with needs_control and one step, for the tables below. */
#define ONE_STEP(step) "{\"name\": \"t\", \"needs_control\": true, \"steps\": [" step "]}"
#define LOGIN "{\"type\": \"login\", \"user\": \"u1\", \"save\": {\"webview\": \"redirect_url\"}}"

/* Malformed scenarios: the message names the file and the JSON path. */
static const struct {
	const char *text;
	const char *error;
} bad[] = {
	{"", "x.json:1:1: not valid JSON here"},
	{"{\n  \"name\": \"t\",\n  \"steps\": [,]\n}", "x.json:3:13: not valid JSON here"},
	{"[]", "x.json: (top): a scenario is an object"},
	{"{}", "x.json: (top): \"steps\" is required"},
	{"{\"steps\": []}", "x.json: steps: expected a non-empty array of steps"},
	{"{\"steps\": [1]}", "x.json: steps[0]: a step is an object"},
	{"{\"nmae\": \"t\", \"steps\": [" LOGIN "]}", "x.json: nmae: unknown member; allowed here: name, "},
	{"{\"needs_control\": \"yes\", \"steps\": [" LOGIN "]}", "x.json: needs_control: expected true or false"},
	{"{\"gotadi_case\": 3, \"steps\": [" LOGIN "]}", "x.json: gotadi_case: expected a string"},
	{ONE_STEP("{\"user\": \"u1\"}"), "x.json: steps[0].type: every step needs a \"type\""},
	{ONE_STEP("{\"type\": \"fly\"}"), "x.json: steps[0].type: no step type \"fly\"; the types are login, "},
	{ONE_STEP("{\"type\": \"login\"}"), "x.json: steps[0]: \"user\" is required"},
	{ONE_STEP("{\"type\": \"login\", \"usr\": \"u1\"}"), "x.json: steps[0].usr: unknown member; allowed here: type, label"},
	{ONE_STEP("{\"type\": \"login\", \"user\": 7}"), "x.json: steps[0].user: expected a string"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"product\": \"car\"}"),
	 "x.json: steps[0].product: \"car\" is not allowed; use \"flight\" or \"hotel\""},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"timeout_ms\": 0}"),
	 "x.json: steps[0].timeout_ms: expected milliseconds, from 1 to 600000"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"code\": 7}}"),
	 "x.json: steps[0].expect.code: expected a string"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"code\": \"42\"}}"),
	 "x.json: steps[0].expect.code: \"42\" is not a Gotadi error code"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"http\": 99}}"),
	 "x.json: steps[0].expect.http: expected an HTTP status (100 to 599)"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"colour\": 1}}"),
	 "x.json: steps[0].expect.colour: unknown member"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"email\": \"issued\"}}"),
	 "x.json: steps[0]: expect.email needs a booking: give expect.booking.number"},
	{ONE_STEP("{\"type\": \"commit\", \"booking\": \"B\", \"expect\": {\"booking\": {\"status\": \"DONE\"}}}"),
	 "x.json: steps[0].expect.booking.status: \"DONE\" is not a status; use \"PENDING\", "},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"open_fails\": \"magic\"}}"),
	 "x.json: steps[0].expect.open_fails: \"magic\" is not a step of opening an envelope"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"connection\": \"none\"}}"),
	 "x.json: steps[0].expect.connection: \"none\" is not a connection failure"},
	{ONE_STEP("{\"type\": \"booking_detail\", \"booking\": \"B\", \"expect\": {\"code\": \"00\"}}"),
	 "x.json: steps[0]: expect.code needs an answer in an envelope"},
	{ONE_STEP("{\"type\": \"open_redirect\", \"url\": \"u\", \"expect\": {\"http\": 200}}"),
	 "x.json: steps[0]: open_redirect makes no request: expect.http does not apply"},
	{ONE_STEP("{\"type\": \"commit\", \"booking\": \"${bn}\"}"),
	 "x.json: steps[0].booking: unknown variable ${bn}: no earlier step saves it"},
	{ONE_STEP("{\"type\": \"commit\", \"booking\": \"${bn\"}"),
	 "x.json: steps[0].booking: \"${\" without a closing \"}\""},
	{ONE_STEP("{\"type\": \"fault\", \"spec\": {\"match\": {\"booking\": \"${x}\"}}}"),
	 "x.json: steps[0].spec.match.booking: unknown variable ${x}"},
	{ONE_STEP(LOGIN ", {\"type\": \"commit\", \"booking\": \"B\", \"expect\": {\"fields\": {\"a\": \"${nope}\"}}}"),
	 "x.json: steps[1].expect.fields.a: unknown variable ${nope}"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"save\": {\"partner_id\": \"x\"}}"),
	 "x.json: steps[0].save.partner_id: partner_id is predefined"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"save\": {\"2x\": \"x\"}}"),
	 "x.json: steps[0].save.2x: a variable name is letters"},
	{ONE_STEP("{\"type\": \"place_order\", \"booking\": \"B\"}"),
	 "x.json: steps[0]: one of \"redirect_url\" or \"token\" is required"},
	{ONE_STEP("{\"type\": \"place_order\", \"booking\": \"B\", \"token\": \"t\", \"redirect_url\": \"r\"}"),
	 "x.json: steps[0]: give only one of \"redirect_url\" or \"token\""},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"seal\": {\"tamper\": \"bits\"}}"),
	 "x.json: steps[0].seal.tamper: \"bits\" is not allowed"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"seal\": {\"schema\": \"login-request\"}}"),
	 "x.json: steps[0].seal.schema: unknown member; allowed here: sign_with"},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"headers\": {\"apikey\": 1}}"),
	 "x.json: steps[0].headers.apikey: expected a string, or null"},
	{ONE_STEP("{\"type\": \"http\", \"path\": \"/x\", \"seal\": {\"schema\": \"nope\", \"fields\": {}}}"),
	 "x.json: steps[0].seal.schema: no schema \"nope\""},
	{ONE_STEP("{\"type\": \"http\", \"path\": \"/x\", \"seal\": {\"schema\": \"query-trans-request\", "
		  "\"fields\": {\"user_id\": \"u\"}}}"),
	 "x.json: steps[0].seal.fields.user_id: query-trans-request has no field \"user_id\""},
	{ONE_STEP("{\"type\": \"http\", \"path\": \"/x\", \"url\": \"http://h/\"}"),
	 "x.json: steps[0]: give only one of \"path\" or \"url\""},
	{ONE_STEP("{\"type\": \"clock_advance\", \"seconds\": 1.5}"),
	 "x.json: steps[0].seconds: expected a whole number"},
	/* Beyond long and int: out of range, and no undefined conversion on
	 * the way (a build with --enable-sanitizers stops on one). */
	{ONE_STEP("{\"type\": \"clock_advance\", \"seconds\": 1e19}"),
	 "x.json: steps[0].seconds: must be from 1 to "},
	{ONE_STEP("{\"type\": \"clock_advance\", \"seconds\": -1e19}"),
	 "x.json: steps[0].seconds: must be from 1 to "},
	{ONE_STEP("{\"type\": \"login\", \"user\": \"u\", \"expect\": {\"http\": 7.8e88}}"),
	 "x.json: steps[0].expect.http: expected an HTTP status (100 to 599)"},
	{"{\"steps\": [{\"type\": \"reset\"}]}",
	 "x.json: steps[0]: this step uses the mock's control API: set \"needs_control\": true"},
	{"{\"steps\": [{\"type\": \"http\", \"path\": \"/__gtd/health\"}]}",
	 "x.json: steps[0]: this step uses the mock's control API"},
};

/* The parser and the runner both read scenario_step_types: every type has
 * its name, its members and its runner, and no two share a name. */
START_TEST(test_step_types_complete)
{
	size_t i, j;

	for (i = 0; i < SCENARIO_STEP_TYPE_COUNT; i++) {
		const scenario_step_info *t = &scenario_step_types[i];

		ck_assert_msg(t->name && t->en, "step type %zu has no name", i);
		ck_assert_msg(t->args, "step type %s has no member list", t->name);
		ck_assert_msg(t->run, "step type %s has no runner", t->name);
		ck_assert_msg(t->http == 0 || (t->http >= 200 && t->http < 300),
			      "step type %s expects HTTP %d", t->name, t->http);
	}
	for (i = 0; i < SCENARIO_STEP_TYPE_COUNT; i++)
		for (j = i + 1; j < SCENARIO_STEP_TYPE_COUNT; j++)
			ck_assert_str_ne(scenario_step_types[i].name, scenario_step_types[j].name);
}
END_TEST

START_TEST(test_parse_refuses)
{
	scenario sc;
	gtd_err err;

	ck_assert_int_eq(scenario_parse(&sc, "x.json", bad[_i].text, strlen(bad[_i].text), &err),
			 GTD_EINVAL);
	ck_assert_msg(strncmp(err.msg, bad[_i].error, strlen(bad[_i].error)) == 0,
		      "case %d: got \"%s\", wanted \"%s...\"", _i, err.msg, bad[_i].error);
	scenario_release(&sc);
}
END_TEST

static const char good[] =
	"{\"description\": \"a journey\", \"gotadi_case\": \"flight 3\", \"needs_control\": true, \"steps\": [\n"
	"  {\"type\": \"login\", \"label\": \"in\", \"user\": \"u1\", \"timeout_ms\": 500,\n"
	"   \"save\": {\"webview\": \"redirect_url\"}},\n"
	"  {\"type\": \"control.booking\", \"save\": {\"bn\": \"bookingNumber\"}},\n"
	"  {\"type\": \"commit\", \"booking\": \"${bn}\", \"trans_id\": \"$${literal}\",\n"
	"   \"expect\": {\"code\": \"01\", \"fields\": {\"booking_number\": \"${bn}\"},\n"
	"               \"booking\": {\"paymentStatus\": \"SUCCEEDED\"}, \"email\": \"issued\"}},\n"
	"  {\"type\": \"http\", \"method\": \"POST\", \"path\": \"/api/partner/query-trans\",\n"
	"   \"seal\": {\"schema\": \"query-trans-request\", \"fields\": {\"booking_number\": \"${bn}\"},\n"
	"            \"sign_with\": \"generate\"}, \"expect\": {\"code\": \"04\"}}\n"
	"]}\n";

START_TEST(test_parse_model)
{
	scenario sc;
	gtd_err err;

	ck_assert_int_eq(scenario_parse(&sc, "dir/journey.json", good, strlen(good), &err), GTD_OK);
	ck_assert_str_eq(sc.name, "journey");   /* from the file name */
	ck_assert_str_eq(sc.description, "a journey");
	ck_assert_str_eq(sc.gotadi_case, "flight 3");
	ck_assert(sc.needs_control);
	ck_assert_uint_eq(sc.nsteps, 4);
	ck_assert_int_eq(sc.steps[0].type, SCENARIO_LOGIN);
	ck_assert_str_eq(sc.steps[0].label, "in");
	ck_assert_int_eq(sc.steps[0].timeout_ms, 500);
	ck_assert_str_eq(scenario_step_str(&sc.steps[0], "product"), "flight");   /* default */
	ck_assert_ptr_null(scenario_step_str(&sc.steps[0], "layout"));
	ck_assert_uint_eq(sc.steps[0].nsave, 1);
	ck_assert_str_eq(sc.steps[0].save[0].name, "webview");
	ck_assert_str_eq(sc.steps[0].save[0].value, "redirect_url");
	ck_assert_str_eq(scenario_step_str(&sc.steps[1], "partner"), "${partner_id}");
	ck_assert_int_eq(sc.steps[2].type, SCENARIO_COMMIT);
	ck_assert_str_eq(sc.steps[2].expect.code, "01");
	ck_assert_uint_eq(sc.steps[2].expect.nfields, 1);
	ck_assert_str_eq(sc.steps[2].expect.fields[0].value, "${bn}");
	ck_assert(sc.steps[2].expect.booking);
	ck_assert_ptr_null(sc.steps[2].expect.status[GTD_STATUS_BOOKING]);
	ck_assert_str_eq(sc.steps[2].expect.status[GTD_STATUS_PAYMENT], "SUCCEEDED");
	ck_assert_str_eq(sc.steps[2].expect.email, "issued");
	ck_assert_int_eq(sc.steps[3].type, SCENARIO_HTTP);
	ck_assert_int_eq(sc.steps[3].expect.http, 0);
	ck_assert_ptr_nonnull(scenario_step_json(&sc.steps[3], "seal"));
	scenario_release(&sc);
}
END_TEST

START_TEST(test_step_title)
{
	scenario sc;
	gtd_err err;
	char title[64];

	ck_assert_int_eq(scenario_parse(&sc, "x.json", good, strlen(good), &err), GTD_OK);
	scenario_step_title(&sc.steps[0], title, sizeof(title));
	ck_assert_str_eq(title, "steps[0] login (in)");
	scenario_step_title(&sc.steps[2], title, sizeof(title));
	ck_assert_str_eq(title, "steps[2] commit");
	scenario_release(&sc);
}
END_TEST

/* Substitution: a = "1", b = "22", c = "${a}" (never expanded twice). */
static const struct {
	const char *text;
	gtd_status st;
	const char *out;     /* the result, or a part of the error */
} substs[] = {
	{"", GTD_OK, ""},
	{"plain", GTD_OK, "plain"},
	{"${a}", GTD_OK, "1"},
	{"x${a}y${b}z${a}", GTD_OK, "x1y22z1"},
	{"$${a}", GTD_OK, "${a}"},
	{"$5 and $a and ${a}", GTD_OK, "$5 and $a and 1"},
	{"${c}", GTD_OK, "${a}"},
	{"Nguyễn ${b}", GTD_OK, "Nguyễn 22"},
	{"${missing}", GTD_ENOTFOUND, "unknown variable ${missing}"},
	{"${a", GTD_EINVAL, "without a closing"},
	{"${}", GTD_EINVAL, "letters, digits and '_'"},
	{"${1a}", GTD_EINVAL, "letters, digits and '_'"},
	{"${a b}", GTD_EINVAL, "letters, digits and '_'"},
	{"${aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}", GTD_EINVAL,
	 "at most 63 characters"},
};

static scenario_vars vars;

static void make_vars(void)
{
	memset(&vars, 0, sizeof(vars));
	ck_assert_int_eq(scenario_vars_set(&vars, "a", "0", NULL), GTD_OK);
	ck_assert_int_eq(scenario_vars_set(&vars, "b", "22", NULL), GTD_OK);
	ck_assert_int_eq(scenario_vars_set(&vars, "c", "${a}", NULL), GTD_OK);
	ck_assert_int_eq(scenario_vars_set(&vars, "a", "1", NULL), GTD_OK);   /* redefined */
}

static void free_vars(void)
{
	scenario_vars_release(&vars);
}

START_TEST(test_subst)
{
	char *out = NULL;
	gtd_err err;

	ck_assert_int_eq(scenario_subst(&vars, substs[_i].text, &out, &err), substs[_i].st);
	if (substs[_i].st == GTD_OK) {
		ck_assert_str_eq(out, substs[_i].out);
	} else {
		ck_assert_ptr_null(out);
		ck_assert_msg(strstr(err.msg, substs[_i].out), "case %d: %s", _i, err.msg);
	}
	free(out);
}
END_TEST

START_TEST(test_vars)
{
	ck_assert_uint_eq(vars.n, 3);
	ck_assert_str_eq(scenario_vars_get(&vars, "a"), "1");
	ck_assert_ptr_null(scenario_vars_get(&vars, "A"));
	ck_assert_ptr_null(scenario_vars_get(&vars, ""));
}
END_TEST

START_TEST(test_subst_json)
{
	cJSON *in = cJSON_Parse("{\"match\": {\"booking\": \"B${b}\"}, \"list\": [\"${a}\", 3, null],"
				" \"n\": 1, \"${a}\": \"key untouched\"}");
	cJSON *out = NULL;
	char *text;
	gtd_err err;

	ck_assert_int_eq(scenario_subst_json(&vars, in, &out, &err), GTD_OK);
	text = cJSON_PrintUnformatted(out);
	ck_assert_str_eq(text, "{\"match\":{\"booking\":\"B22\"},\"list\":[\"1\",3,null],\"n\":1,"
			       "\"${a}\":\"key untouched\"}");
	free(text);
	cJSON_Delete(out);
	/* The input is left as it was. */
	ck_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(in, "list"), 0)->valuestring, "${a}");
	cJSON_Delete(in);
	in = cJSON_Parse("[\"ok\", {\"deep\": [\"${nope}\"]}]");
	ck_assert_int_eq(scenario_subst_json(&vars, in, &out, &err), GTD_ENOTFOUND);
	ck_assert_ptr_null(out);
	ck_assert_str_eq(err.msg, "unknown variable ${nope}");
	cJSON_Delete(in);
}
END_TEST

static Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *parse = tcase_create("parse"), *sub = tcase_create("variables");

	tcase_add_loop_test(parse, test_parse_refuses, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(parse, test_step_types_complete);
	tcase_add_test(parse, test_parse_model);
	tcase_add_test(parse, test_step_title);
	suite_add_tcase(s, parse);
	tcase_add_checked_fixture(sub, make_vars, free_vars);
	tcase_add_loop_test(sub, test_subst, 0, sizeof(substs) / sizeof(substs[0]));
	tcase_add_test(sub, test_vars);
	tcase_add_test(sub, test_subst_json);
	suite_add_tcase(s, sub);
	return s;
}

GTD_CHECK_MAIN(scenario_suite)
