/* buf.h - a growable byte buffer with a hard size limit.
 *
 * Modelled on curl's dynbuf: whatever the network or a file feeds us goes
 * through one of these, so an oversized input is an error, never an
 * unbounded allocation.  The contents are always NUL-terminated.
 *
 * A buffer fails closed.  The first append that fails (the limit, or out
 * of memory) wipes and frees the contents and the error sticks: later
 * appends do nothing and return it, gtd_buf_str() gives "", detach gives
 * NULL.  A text is never silently cut short, so a writer may ignore the
 * appends' results and check gtd_buf_status() once, where the text is
 * finished.  Only release (or detach) clears the error.
 */
#ifndef GTD_BUF_H
#define GTD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"

typedef struct gtd_buf {
	char *data;   /* NULL until the first append */
	size_t len;
	size_t alloc;
	size_t max;   /* appends that would exceed this fail with GTD_EINVAL */
	gtd_status st;  /* GTD_OK, or the first append's failure (sticks) */
} gtd_buf;

/* Starts an empty buffer that may hold at most max bytes. */
void gtd_buf_init(gtd_buf *b, size_t max);

/* Frees the storage and forgets any error; the buffer is empty and
 * reusable afterwards (with the same limit). */
void gtd_buf_release(gtd_buf *b);

/* Empties the buffer but keeps its storage.  A failed buffer stays failed:
 * reusing it does not hide that a text built in it was lost. */
void gtd_buf_reset(gtd_buf *b);

/* GTD_OK, or the error of the first append that failed (GTD_EINVAL: the
 * limit; GTD_ENOMEM) since the buffer was initialised or released. */
gtd_status gtd_buf_status(const gtd_buf *b);

/* Fails b with st (not GTD_OK) as a failed append would: for a text
 * assembled from parts, when a part built elsewhere failed.  A buffer that
 * has failed already keeps its first error. */
void gtd_buf_fail(gtd_buf *b, gtd_status st);

/* Appends len bytes.  GTD_OK, or the buffer's error: GTD_EINVAL past the
 * limit, GTD_ENOMEM on allocation failure, or the earlier failure that
 * stuck (nothing is appended then).  On the first failure the contents are
 * wiped and freed, never left half-written.  All the appends below behave
 * the same way. */
gtd_status gtd_buf_add(gtd_buf *b, const void *mem, size_t len);
gtd_status gtd_buf_adds(gtd_buf *b, const char *s);
gtd_status gtd_buf_addc(gtd_buf *b, char c);
gtd_status gtd_buf_printf(gtd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
gtd_status gtd_buf_vprintf(gtd_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Appends s with & < > " ' written as HTML entities, so text from anyone
 * can go into an HTML page or attribute. */
gtd_status gtd_buf_add_html(gtd_buf *b, const char *s);

/* Appends s as a quoted JSON string, escaped as cJSON_PrintUnformatted
 * escapes it (UTF-8 passes through). */
gtd_status gtd_buf_add_json(gtd_buf *b, const char *s);

/* Hands the contents (NUL-terminated) to the caller, who frees them; the
 * buffer is left empty, its error cleared.  NULL when the buffer has
 * failed, or when an empty buffer cannot allocate its "". */
char *gtd_buf_detach(gtd_buf *b);

/* The contents as a string; "" for an empty or failed buffer.  Owned by
 * the buffer. */
const char *gtd_buf_str(const gtd_buf *b);

#endif
