/* buf.h - a growable byte buffer with a hard size limit.
 *
 * Modelled on curl's dynbuf: whatever the network or a file feeds us goes
 * through one of these, so an oversized input is an error, never an
 * unbounded allocation.  The contents are always NUL-terminated.
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
} gtd_buf;

/* Starts an empty buffer that may hold at most max bytes. */
void gtd_buf_init(gtd_buf *b, size_t max);

/* Frees the storage; the buffer is empty and reusable afterwards. */
void gtd_buf_release(gtd_buf *b);

/* Empties the buffer but keeps its storage. */
void gtd_buf_reset(gtd_buf *b);

/* Appends len bytes.  GTD_EINVAL past the limit, GTD_ENOMEM on allocation
 * failure; in both cases the buffer keeps its previous contents. */
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

/* Hands the contents (NUL-terminated, never NULL) to the caller, who frees
 * them; the buffer is left empty.  NULL on allocation failure. */
char *gtd_buf_detach(gtd_buf *b);

/* The contents as a string; "" for an empty buffer.  Owned by the buffer. */
const char *gtd_buf_str(const gtd_buf *b);

#endif
