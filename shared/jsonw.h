/* jsonw.h - writes JSON text straight into a gtd_buf.
 *
 * For answers on the mock's hot paths, where building a cJSON tree only to
 * print and free it costs more than the rest of the request.  The output is
 * what cJSON_PrintUnformatted gives for the same document: strings escaped
 * the same way, UTF-8 passed through, integers in decimal.
 *
 *	gtd_jw w;
 *	gtd_jw_init(&w, &buf);
 *	gtd_jw_open(&w, NULL, '{');
 *	gtd_jw_str(&w, "id", number);
 *	gtd_jw_close(&w, '}');
 *	if (gtd_buf_status(&buf) != GTD_OK) ...
 *
 * The writer keeps no status of its own: the first failure (the buffer's
 * limit, out of memory) sticks in the buffer and makes every later call a
 * no-op, so callers check the buffer once, where the text is finished.
 */
#ifndef GTD_JSONW_H
#define GTD_JSONW_H

#include "buf.h"

typedef struct gtd_jw {
	gtd_buf *b;
	int comma;        /* a value precedes at this level: the next needs ',' */
} gtd_jw;

/* Writes into b from where it ends; b stays the caller's. */
void gtd_jw_init(gtd_jw *w, gtd_buf *b);

/* key is the member name inside an object and NULL elsewhere. */
void gtd_jw_open(gtd_jw *w, const char *key, char bracket);   /* '{' or '[' */
void gtd_jw_close(gtd_jw *w, char bracket);                   /* '}' or ']' */
void gtd_jw_str(gtd_jw *w, const char *key, const char *s);   /* NULL writes null */
void gtd_jw_int(gtd_jw *w, const char *key, long long v);
void gtd_jw_bool(gtd_jw *w, const char *key, int v);
void gtd_jw_null(gtd_jw *w, const char *key);
/* A value that is JSON text already (the caller vouches for it). */
void gtd_jw_raw(gtd_jw *w, const char *key, const char *json, size_t len);

#endif
