/* key-parse - how long gtd_key_parse() takes on one key file, the work the
 * mock does for each partner's emulator key at start.  Prints the CPU time
 * per parse (process CPU, so other load on the machine matters less than
 * it would to a wall clock).
 *   key-parse KEY-FILE public|private [COUNT]      (COUNT = 1000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fs.h"
#include "keys.h"

static double cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	gtd_key_want want;
	char *text = NULL;
	size_t len = 0;
	long count = argc == 4 ? strtol(argv[3], NULL, 10) : 1000, i;
	double t0;
	gtd_err err;

	if (argc < 3 || argc > 4 || count < 1 || count > 1000000 ||
	    (strcmp(argv[2], "public") != 0 && strcmp(argv[2], "private") != 0)) {
		fprintf(stderr, "usage: key-parse KEY-FILE public|private [COUNT]\n");
		return 2;
	}
	want = strcmp(argv[2], "private") == 0 ? GTD_KEY_PRIVATE : GTD_KEY_PUBLIC;
	if (gtd_file_read(argv[1], 1024 * 1024, &text, &len, &err) != GTD_OK) {
		fprintf(stderr, "key-parse: %s: %s\n", argv[1], err.msg);
		return 1;
	}
	t0 = cpu_seconds();
	for (i = 0; i < count; i++) {
		gtd_key *k = NULL;

		if (gtd_key_parse(text, len, want, &k, &err) != GTD_OK) {
			fprintf(stderr, "key-parse: %s: %s\n", argv[1], err.msg);
			return 1;
		}
		gtd_key_free(k);
	}
	printf("%ld parses of %s: %.1f us each (CPU)\n", count, argv[1],
	       (cpu_seconds() - t0) / (double)count * 1e6);
	free(text);
	return 0;
}
