/* Envelope opening: a request body as the network delivers it.  The first
 * byte picks the schema; the rest is the JSON body. */
#include <stdint.h>

#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

static gtd_key *receiver, *sender;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	if (gtd_key_load(FUZZ_DATA "/kat2048.pem", GTD_KEY_PRIVATE, &receiver, NULL) != GTD_OK ||
	    gtd_key_load(FUZZ_DATA "/kat1024.pub.pem", GTD_KEY_PUBLIC, &sender, NULL) != GTD_OK)
		fuzz_fail("cannot load the kat keys from %s", FUZZ_DATA);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const gtd_schema *s;
	gtd_envelope env;
	gtd_fields f;
	gtd_open_report rep;
	gtd_status st;

	if (size < 1)
		return 0;
	s = &gtd_schemas[data[0] % gtd_schema_count];
	if (gtd_envelope_from_json((const char *)data + 1, size - 1, &env, NULL) != GTD_OK)
		return 0;
	st = gtd_open(s, env.key, env.data, receiver, sender, "AC-DEMO", &f, &rep);
	/* A verdict is always consistent with its step. */
	if ((st == GTD_OK) != (rep.step == GTD_OPEN_OK))
		fuzz_fail("status %d with verdict step %d", st, rep.step);
	if (st != GTD_OK && !rep.why[0])
		fuzz_fail("a refused envelope (status %d) without an explanation", st);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_envelope_release(&env);
	return 0;
}
