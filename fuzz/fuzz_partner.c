/* Partner records: hand-edited JSON.  Whatever parses must round-trip byte
 * for byte and validate without crashing. */
#include <stdint.h>

#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include "onboarding.h"
#include "partner.h"
#include "partner_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gtd_partner *p = NULL, *again = NULL;
	gtd_problems problems;
	const gtd_check_item *missing[16];
	char *json, *json2;
	int step;

	if (gtd_partner_from_json((const char *)data, size, &p, NULL) != GTD_OK)
		return 0;
	json = gtd_partner_to_json(p);
	if (!json || gtd_partner_from_json(json, strlen(json), &again, NULL) != GTD_OK)
		fuzz_fail("a record that parsed does not parse back from its own JSON");
	json2 = gtd_partner_to_json(again);
	if (!json2 || strcmp(json, json2) != 0)
		fuzz_fail("a record's JSON changes on a second round trip");
	gtd_partner_validate(p, &problems);
	gtd_problems_release(&problems);
	for (step = 1; step <= GTD_STEP_COUNT; step++)
		gtd_partner_step_missing(p, step, missing, sizeof(missing) / sizeof(missing[0]));
	free(json);
	free(json2);
	gtd_partner_free(p);
	gtd_partner_free(again);
	return 0;
}
