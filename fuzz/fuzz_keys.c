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

		if (!text[i] || gtd_key_parse(text[i], strlen(text[i]), want, &back, NULL) != GTD_OK ||
		    strcmp(back->fingerprint, k->fingerprint) != 0)
			abort();
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
			abort();   /* every refusal says why */
		gtd_key_free(k);
	}
	return 0;
}
