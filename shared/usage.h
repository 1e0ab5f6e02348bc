/* usage.h - what a command line got wrong, said the same way by each
 * program.
 *
 * getopt_long() prefixes its own messages with argv[0], a path such as
 * "build/gtd-mock"; the programs turn those off (opterr = 0, ':' first in
 * the option string) and say it here, with their short name.
 */
#ifndef GTD_USAGE_H
#define GTD_USAGE_H

#include <stdio.h>

/* After getopt_long() returned c, '?' or ':': prints on out "PROG: unknown
 * option '--x'", "PROG: option '--x' needs a value" or "PROG: option '--x'
 * takes no value", where PROG is prog ("gtd-scenario run"); never the
 * value after '=', which may be a secret.  Reads optind and optopt, so call
 * it before getopt_long() runs again. */
void gtd_usage_bad_option(FILE *out, const char *prog, int c, char *const *argv);

/* --version: "PROG VERSION" and the protocol revision it implements. */
void gtd_usage_version(FILE *out, const char *prog);

#endif
