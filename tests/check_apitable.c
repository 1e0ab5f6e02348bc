/* The endpoint table: each row where its id says, names unique, routing
 * by method and path, the mock serving every row that has a path, and the
 * man page's ENDPOINTS table listing exactly the rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "check_main.h"
#include "mock.h"

#define MAN_PAGE TEST_DATA "/../../doc/gtd-mock.1"

START_TEST(test_rows_sit_at_their_ids)
{
	size_t i, j;

	for (i = 0; i < GTD_API_COUNT; i++) {
		const gtd_api *a = gtd_api_get((gtd_api_id)i);

		ck_assert_int_eq(a->id, (int)i);
		ck_assert_ptr_nonnull(a->name);
		ck_assert_ptr_nonnull(a->method);
		ck_assert_msg(a->en && a->vi, "%s has no description", a->name);
		ck_assert_ptr_eq(gtd_api_by_name(a->name), a);
		for (j = i + 1; j < GTD_API_COUNT; j++)
			ck_assert_str_ne(a->name, gtd_apis[j].name);
		if (a->request)
			ck_assert_msg(gtd_api_request_schema(a), "%s: no schema %s", a->name, a->request);
		if (a->response)
			ck_assert_msg(gtd_api_response_schema(a), "%s: no schema %s", a->name, a->response);
		/* An answer that is not sealed is described. */
		ck_assert_msg(a->response || (a->answer_en && a->answer_vi), "%s: answer undescribed", a->name);
	}
}
END_TEST

START_TEST(test_lookups_and_routes)
{
	int known = -1;

	ck_assert_ptr_null(gtd_api_by_name(NULL));
	ck_assert_ptr_null(gtd_api_by_name("logon"));
	ck_assert_ptr_eq(gtd_api_route("POST", "/api/partner/commit", &known), gtd_api_get(GTD_API_COMMIT));
	ck_assert_int_eq(known, 1);
	/* A wrong method: no route, but the path is known (404 all the same). */
	ck_assert_ptr_null(gtd_api_route("GET", "/api/partner/commit", &known));
	ck_assert_int_eq(known, 1);
	ck_assert_ptr_null(gtd_api_route("GET", "/api/partner/nothing", &known));
	ck_assert_int_eq(known, 0);
	ck_assert_ptr_null(gtd_api_route("GET", "/api/partner/commit/", NULL));
	/* A prefix row needs something after the prefix. */
	ck_assert_ptr_eq(gtd_api_route("GET", "/__gtd/bookings/ADCO1", NULL), gtd_api_get(GTD_API_BOOKING));
	ck_assert_ptr_eq(gtd_api_route("POST", "/__gtd/bookings/ADCO1/refund", NULL),
			 gtd_api_get(GTD_API_BOOKING_ACTION));
	ck_assert_ptr_null(gtd_api_route("GET", "/__gtd/bookings/", NULL));
	ck_assert_ptr_eq(gtd_api_route("POST", "/__gtd/bookings", NULL), gtd_api_get(GTD_API_BOOKINGS_CREATE));
	/* The partner's payment URL is no path of ours. */
	ck_assert_ptr_null(gtd_api_get(GTD_API_PLACE_ORDER_REDIRECT)->path);
	ck_assert_ptr_eq(gtd_api_by_request(gtd_schema_find("query-trans-request")),
			 gtd_api_get(GTD_API_QUERY_TRANS));
	ck_assert_ptr_null(gtd_api_by_request(gtd_schema_find("place-order")));
	ck_assert_ptr_null(gtd_api_by_request(NULL));
	ck_assert_ptr_null(gtd_api_request_schema(NULL));
}
END_TEST

START_TEST(test_fault_names)
{
	char names[256], tiny[8];

	ck_assert_str_eq(gtd_api_fault_names(names, sizeof(names)),
			 "login, place-order, commit, query-trans, booking-detail");
	ck_assert_str_eq(gtd_api_fault_names(tiny, sizeof(tiny)), "login, ");
	ck_assert_str_eq(gtd_api_security_en(GTD_SEC_APIKEY), "apikey header only");
	ck_assert_str_eq(gtd_api_security_vi(GTD_SEC_COUNT), "?");
}
END_TEST

/* Every row with a path is served; the partner's payment URL is not. */
START_TEST(test_mock_serves_every_path)
{
	size_t i;

	for (i = 0; i < GTD_API_COUNT; i++)
		if (gtd_apis[i].path)
			ck_assert_msg(mock_handler_of((gtd_api_id)i), "no handler for %s", gtd_apis[i].name);
		else
			ck_assert_ptr_null(mock_handler_of((gtd_api_id)i));
	ck_assert_ptr_null(mock_handler_of(GTD_API_COUNT));
}
END_TEST

/* "METHOD PATH\tNAME" as the man page writes it; the path shows where a
 * booking number or a query argument goes. */
static void man_line(const gtd_api *a, char *out, size_t size)
{
	snprintf(out, size, "%s %s%s%s%s%s\t%s", a->method, a->path, a->flags & GTD_API_PREFIX ? "N" : "",
		 a->query ? "?" : "", a->query ? a->query : "", a->query ? "=N" : "", a->name);
}

START_TEST(test_man_page_lists_every_endpoint)
{
	FILE *f = fopen(MAN_PAGE, "r");
	char line[512], want[512];
	size_t i = 0;
	int in = 0, rows = 0;

	ck_assert_msg(f != NULL, "cannot open %s", MAN_PAGE);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, ".SH ENDPOINTS") == 0)
			in = 1;
		else if (in && strncmp(line, ".SH ", 4) == 0)
			break;
		if (!in || line[0] == '.' || !strchr(line, '\t'))
			continue;
		while (i < GTD_API_COUNT && !gtd_apis[i].path)
			i++;
		ck_assert_msg(i < GTD_API_COUNT, "the man page lists more endpoints than api.c: %s", line);
		man_line(&gtd_apis[i], want, sizeof(want));
		/* The line may go on with a description after a second tab. */
		ck_assert_msg(strncmp(line, want, strlen(want)) == 0 &&
			      (line[strlen(want)] == '\0' || line[strlen(want)] == '\t'),
			      "gtd-mock(1) ENDPOINTS, row %d: '%s', api.c has '%s'", rows + 1, line, want);
		i++;
		rows++;
	}
	fclose(f);
	while (i < GTD_API_COUNT && !gtd_apis[i].path)
		i++;
	ck_assert_msg(i == GTD_API_COUNT, "gtd-mock(1) ENDPOINTS lacks %s", i < GTD_API_COUNT ? gtd_apis[i].name : "");
	ck_assert_int_gt(rows, 0);
}
END_TEST

static Suite *apitable_suite(void)
{
	Suite *s = suite_create("api");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rows_sit_at_their_ids);
	tcase_add_test(tc, test_lookups_and_routes);
	tcase_add_test(tc, test_fault_names);
	tcase_add_test(tc, test_mock_serves_every_path);
	tcase_add_test(tc, test_man_page_lists_every_endpoint);
	suite_add_tcase(s, tc);
	return s;
}

GTD_CHECK_MAIN(apitable_suite)
