/* The mock's dispatcher without sockets, as fuzz/fuzz_mock.c drives it:
 * an answer whose buffer failed is a 500 that says why, in the journal
 * and in X-Gtd-Explain, never a 200 cut short.
 *
 * The seam is the response the test owns: its body gets a small limit, or
 * fails as an allocation would, before the handler runs. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "check_main.h"
#include "mock.h"

static mock_state state;
static mock_journal *journal;
static mock_config cfg = {.explain = 1};
static unsigned long last_id;

static void setup(void)
{
	ck_assert_int_eq(mock_state_init(&state, NULL, NULL, NULL), GTD_OK);
	ck_assert_int_eq(mock_journal_open(NULL, 16, &journal, NULL), GTD_OK);
	strcpy(state.base_url, "http://127.0.0.1:8080");
}

static void teardown(void)
{
	mock_journal_close(journal);
	mock_state_release(&state);
}

/* How the body is set up before the handler runs. */
enum body { BODY_DEFAULT, BODY_SMALL, BODY_NOMEM };
#define SMALL_MAX 64

/* GET path from loopback through mock_dispatch; the answer in *resp (the
 * caller releases it) and its journal entry, which the caller deletes. */
static cJSON *get(const char *path, enum body how, mock_response *resp)
{
	mock_request req = {0};
	mock_entry entry;
	mock_ctx ctx = {&state, journal, &cfg, &entry, NULL, NULL, NULL};
	cJSON *lines, *e;

	req.id = ++last_id;
	req.method = "GET";
	req.path = path;
	req.body = "";
	req.loopback = 1;
	req.base_url = state.base_url;
	mock_response_init(resp);
	if (how == BODY_SMALL)
		gtd_buf_init(&resp->body, SMALL_MAX);
	else if (how == BODY_NOMEM)
		gtd_buf_fail(&resp->body, GTD_ENOMEM);
	mock_entry_init(&entry, req.id, mock_now(&state), req.method, req.path);
	ctx.partners = mock_state_partners(&state);
	mock_dispatch(&ctx, &req, resp);
	mock_partners_put(ctx.partners);
	mock_journal_commit(journal, &entry);
	lines = mock_journal_since(journal, req.id - 1, NULL, 1);
	e = cJSON_DetachItemFromArray(lines, 0);
	cJSON_Delete(lines);
	ck_assert_ptr_nonnull(e);
	return e;
}

static const char *why_of(const cJSON *entry)
{
	const char *why = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "why"));

	ck_assert_ptr_nonnull(why);
	return why;
}

START_TEST(test_health_fits)
{
	mock_response resp;
	cJSON *e = get("/__gtd/health", BODY_DEFAULT, &resp), *o;

	ck_assert_int_eq(resp.status, 200);
	o = cJSON_Parse(gtd_buf_str(&resp.body));
	ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "status")), "ok");
	cJSON_Delete(o);
	cJSON_Delete(e);
	mock_response_release(&resp);
}
END_TEST

/* Answers of each kind that outgrow a 64-byte body: JSON from cJSON
 * (health), JSON written with gtd_jw (the 404), an HTML page (portal). */
static const struct {
	const char *path;
	int meant;
} overflows[] = {
	{"/__gtd/health", 200},
	{"/no/such/path", 404},
	{"/portal/activate?token=none", 404},
};

START_TEST(test_overflow_is_500)
{
	mock_response resp;
	cJSON *e = get(overflows[_i].path, BODY_SMALL, &resp), *o;
	char meant[32];
	const char *msg, *why = why_of(e), *explain;

	ck_assert_int_eq(resp.status, 500);
	ck_assert_str_eq(resp.content_type, "application/json");
	o = cJSON_Parse(gtd_buf_str(&resp.body));
	ck_assert_ptr_nonnull(o);
	ck_assert_int_eq(cJSON_GetObjectItem(o, "status")->valueint, 500);
	msg = cJSON_GetStringValue(cJSON_GetObjectItem(o, "message"));
	ck_assert_str_eq(msg, "the answer is larger than 64 bytes");
	/* The journal says what was lost and why. */
	snprintf(meant, sizeof(meant), "(HTTP %d)", overflows[_i].meant);
	ck_assert_msg(strstr(why, meant), "why: %s", why);
	ck_assert_msg(strstr(why, "limit of 64 bytes"), "why: %s", why);
	explain = mock_response_get_header(&resp, "X-Gtd-Explain");
	ck_assert_ptr_nonnull(explain);
	ck_assert_str_eq(explain, why);
	cJSON_Delete(o);
	cJSON_Delete(e);
	mock_response_release(&resp);
}
END_TEST

START_TEST(test_out_of_memory_is_500)
{
	mock_response resp;
	cJSON *e = get("/__gtd/health", BODY_NOMEM, &resp), *o;

	ck_assert_int_eq(resp.status, 500);
	o = cJSON_Parse(gtd_buf_str(&resp.body));
	ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(o, "message")),
			 "out of memory writing the answer");
	ck_assert_ptr_nonnull(strstr(why_of(e), "ran out of memory"));
	cJSON_Delete(o);
	cJSON_Delete(e);
	mock_response_release(&resp);
}
END_TEST

static Suite *mock_suite(void)
{
	Suite *s = suite_create("mock");
	TCase *t = tcase_create("finish");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, test_health_fits);
	tcase_add_loop_test(t, test_overflow_is_500, 0, sizeof(overflows) / sizeof(overflows[0]));
	tcase_add_test(t, test_out_of_memory_is_500);
	suite_add_tcase(s, t);
	return s;
}

GTD_CHECK_MAIN(mock_suite)
