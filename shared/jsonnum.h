/* jsonnum.h - JSON numbers taken as integers, range-checked first.
 *
 * cJSON keeps every number as a double; converting one outside the target
 * type's range ("amount": 1e28 to long long) is undefined behaviour.  Every
 * place where a JSON number from outside (a request, a file) becomes an
 * integer asks this one function, which checks before it converts.
 */
#ifndef GTD_JSONNUM_H
#define GTD_JSONNUM_H

#include <cjson/cJSON.h>

/* The largest magnitude a double holds exactly, and so the widest range
 * the function accepts: 2^53. */
#define GTD_JSON_INT_MAX 9007199254740992LL

/* Whether v is a JSON number with an integral value in [min, max] (bounds
 * clamped to +-GTD_JSON_INT_MAX); if so, *out gets it.  NULL, strings,
 * fractions, NaN and infinities are not. */
int gtd_json_int(const cJSON *v, long long min, long long max, long long *out);

/* Whether s is a whole number written in decimal - an optional '-', then
 * one to nineteen digits, nothing else, no spaces - with its value in
 * [min, max]; if so, *out gets it.  For numbers that come as text (query
 * arguments, options), where strtol() would take "12abc", " 3" or "" and
 * wrap on overflow. */
int gtd_decimal(const char *s, long long min, long long max, long long *out);

#endif
