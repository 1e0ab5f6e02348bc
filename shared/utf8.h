/* utf8.h - UTF-8 checks and display-column measurement.
 *
 * Vietnamese text is multi-byte ("Việt" is 4 columns, 6 bytes); everything
 * that cuts or aligns text does it through these helpers, in display
 * columns, never in bytes.
 */
#ifndef GTD_UTF8_H
#define GTD_UTF8_H

#include <stddef.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates, no
 * code point above U+10FFFF).  Otherwise 0 and *bad (when not NULL) is the
 * byte offset of the first bad sequence. */
int gtd_utf8_valid(const char *s, size_t len, size_t *bad);

/* How many bytes at s (at most len, len > 0) one U+FFFD stands for when
 * the sequence there is malformed: the longest start of a well-formed
 * sequence, at least 1 (Unicode's "maximal subpart", what Python and
 * browsers replace).  0 when a well-formed sequence starts at s. */
size_t gtd_utf8_bad_len(const char *s, size_t len);

/* Decodes one code point at s (at most len bytes) into *cp and returns its
 * length in bytes; returns 0 for a malformed or truncated sequence. */
size_t gtd_utf8_decode(const char *s, size_t len, unsigned *cp);

/* Encodes cp into out (room for 4 bytes) and returns the length; 0 for a
 * surrogate or a code point beyond U+10FFFF. */
size_t gtd_utf8_encode(unsigned cp, char *out);

/* For matching text with accents and case aside: the base letter, in lower
 * case, of a Latin letter with diacritics (all of Vietnamese's, and
 * Latin-1's), ASCII letters in lower case, 0 for a combining mark (to be
 * dropped), any other code point unchanged.  "Việt" folds to "viet". */
unsigned gtd_utf8_fold(unsigned cp);

/* Display width of a NUL-terminated UTF-8 string in terminal columns
 * (combining marks 0, East Asian wide 2).  Malformed bytes count 1. */
size_t gtd_utf8_width(const char *s);

/* Number of bytes of s that fit in cols columns without splitting a
 * character; *used (when not NULL) is the width of that prefix. */
size_t gtd_utf8_fit(const char *s, size_t cols, size_t *used);

#endif
