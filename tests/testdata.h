/* testdata.h - reading the committed fixtures under tests/data. */
#ifndef GTD_TESTDATA_H
#define GTD_TESTDATA_H

#include <stddef.h>

/* The path of a fixture; a static buffer, valid until the next call. */
const char *data_path(const char *name);

/* A fixture's whole contents, NUL-terminated (caller frees); a missing
 * fixture is a broken checkout, so the test program stops. */
char *data_read(const char *name, size_t *len);

#endif
