/* Scenario files: what partners write by hand.  A file either parses or is
 * refused with a message naming itself; variable substitution never
 * changes text without "${". */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *out = NULL, title[128];
	scenario_vars vars = {0};
	scenario sc;
	gtd_err err;
	size_t i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (scenario_parse(&sc, "fuzz.json", text, size, &err) == GTD_OK) {
		for (i = 0; i < sc.nsteps; i++)
			scenario_step_title(&sc.steps[i], title, sizeof(title));
	} else if (strncmp(err.msg, "fuzz.json", 9) != 0) {
		fuzz_fail("a refusal that does not name the file: %s", err.msg);
	}
	scenario_release(&sc);
	if (scenario_vars_set(&vars, "booking_number", "ADCO261128001", NULL) == GTD_OK &&
	    scenario_subst(&vars, text, &out, &err) == GTD_OK && !strstr(text, "${") &&
	    strcmp(out, text) != 0)
		fuzz_fail("substitution changed a text that has no ${...}");
	free(out);
	scenario_vars_release(&vars);
	free(text);
	return 0;
}
