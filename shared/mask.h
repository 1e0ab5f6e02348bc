/* mask.h - secrets shown and compared without being given away.
 *
 * API keys, access codes and tokens appear on terminals and in logs only
 * masked; whoever decides a value is secret (the record's field table, a
 * header name) calls this one function, so every program masks alike.
 * They are compared in constant time, so that how long a refusal takes
 * does not say how much of a guess was right.
 */
#ifndef GTD_MASK_H
#define GTD_MASK_H

/* value masked for a terminal or a log (caller frees): the first and last 4
 * characters around "…" when at least half stays hidden, else a fixed
 * "********" that does not even tell the length.  NULL for NULL or when out
 * of memory. */
char *gtd_mask_secret(const char *value);

/* Whether a secret and a candidate are the same, in time that depends on
 * their lengths only.  0 when either is NULL. */
int gtd_secret_equal(const char *secret, const char *candidate);

#endif
