/* Key import: anything a user pastes.  Whatever parses must write back to
 * PEM and XML that parse to the same key. */
#include <stdint.h>

#include "fuzz.h"
#include <stdlib.h>
#include <string.h>

#include "keys.h"

static void round_trip(const gtd_key *k, gtd_key_want want)
{
	char *text[2] = {gtd_key_to_pem(k, want), gtd_key_to_xml(k, want)};
	int i;

	for (i = 0; i < 2; i++) {
		gtd_key *back = NULL;

		gtd_err err;

		if (!text[i])
			fuzz_fail("a parsed %s key does not write as %s", k->format, i ? "XML" : "PEM");
		if (gtd_key_parse(text[i], strlen(text[i]), want, &back, &err) != GTD_OK)
			fuzz_fail("a %s key written as %s does not parse back: %s", k->format,
				  i ? "XML" : "PEM", err.msg);
		if (strcmp(back->fingerprint, k->fingerprint) != 0)
			fuzz_fail("a %s key written as %s parses back as another key", k->format,
				  i ? "XML" : "PEM");
		gtd_key_free(back);
		free(text[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gtd_key_want want;

	for (want = GTD_KEY_PUBLIC; want <= GTD_KEY_PRIVATE; want++) {
		gtd_key *k = NULL;
		gtd_err err;

		if (gtd_key_parse((const char *)data, size, want, &k, &err) == GTD_OK)
			round_trip(k, want);
		else if (!err.msg[0])
			fuzz_fail("a refusal (status %d) that does not say why", err.status);
		gtd_key_free(k);
	}
	return 0;
}
