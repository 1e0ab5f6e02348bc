/* seal-pool - sealed commit requests for bench/mock-bench.sh: one for each
 * booking number on standard input, one JSON body a line on standard
 * output (bench/commit.lua sends each once).  The keys load once for the
 * whole pool; `gtd-scenario seal` seals one message a run.
 *   seal-pool PARTNER-PRIVATE-KEY GOTADI-PUBLIC-KEY ACCESS-CODE < NUMBERS */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"
#include "keys.h"
#include "schema.h"

/* One commit of booking number, sealed, as a line on stdout. */
static gtd_status seal_one(const gtd_key *priv, const gtd_key *pub, const char *access_code,
			   const char *number, gtd_err *err)
{
	char trans_id[160];
	const char *const pairs[][2] = {
		{"access_code", access_code},
		{"booking_number", number},
		{"partner_trans_id", trans_id},
		{"product_type", "AIR"},
	};
	gtd_envelope env = {0};
	gtd_fields f;
	gtd_status st;
	char *json = NULL;

	snprintf(trans_id, sizeof(trans_id), "bench-%s", number);
	gtd_fields_init(&f, gtd_schema_find("commit-request"));
	st = gtd_fields_set_pairs(&f, pairs, sizeof(pairs) / sizeof(pairs[0]), err);
	if (st == GTD_OK)
		st = gtd_seal(&f, priv, pub, &env, err);
	if (st == GTD_OK && !(json = gtd_envelope_to_json(&env)))
		st = gtd_err_set(err, GTD_ENOMEM, "out of memory");
	if (json)
		printf("%s\n", json);
	free(json);
	gtd_envelope_release(&env);
	gtd_fields_release(&f);
	return st;
}

int main(int argc, char **argv)
{
	gtd_key *priv = NULL, *pub = NULL;
	char number[128];
	gtd_status st;
	gtd_err err;

	if (argc != 4) {
		fprintf(stderr, "usage: seal-pool PARTNER-PRIVATE-KEY GOTADI-PUBLIC-KEY ACCESS-CODE < NUMBERS\n");
		return 2;
	}
	st = gtd_key_load(argv[1], GTD_KEY_PRIVATE, &priv, &err);
	if (st == GTD_OK)
		st = gtd_key_load(argv[2], GTD_KEY_PUBLIC, &pub, &err);
	while (st == GTD_OK && fgets(number, sizeof(number), stdin)) {
		number[strcspn(number, "\n")] = '\0';
		st = seal_one(priv, pub, argv[3], number, &err);
	}
	if (st != GTD_OK)
		fprintf(stderr, "seal-pool: %s\n", err.msg);
	gtd_key_free(priv);
	gtd_key_free(pub);
	return st == GTD_OK ? 0 : 1;
}
