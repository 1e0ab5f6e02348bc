/* mockreq.h - requests written as text, for the dispatcher without sockets.
 *
 * check_api and the mock's fuzzer both hand mock_dispatch requests they
 * read from text ("a=1&b=2" queries, "Name: value" header lines); they
 * read them by one rule, so a case the fuzzer finds replays in the suite. */
#ifndef GTD_TESTS_MOCKREQ_H
#define GTD_TESTS_MOCKREQ_H

#include <stddef.h>

#include "http.h"

/* Splits text (changed in place) at any of item_sep into "name<sep>value"
 * pairs, at most max; an item without sep is a name with an empty value.
 * With sep ':' one space after it is skipped, as in a header line.  How
 * many pairs were made. */
size_t mockreq_pairs(char *text, const char *item_sep, char sep, mock_pair *out, size_t max);

#endif
