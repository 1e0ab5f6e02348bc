#include "jsonw.h"

#include <stdio.h>

void gtd_jw_init(gtd_jw *w, gtd_buf *b)
{
	w->b = b;
	w->comma = 0;
}

/* The separator and the member name before a value.  Results unchecked: a
 * failure sticks in the buffer, which the caller checks at the end. */
static void member(gtd_jw *w, const char *key)
{
	if (w->comma)
		gtd_buf_addc(w->b, ',');
	if (key) {
		gtd_buf_add_json(w->b, key);
		gtd_buf_addc(w->b, ':');
	}
	w->comma = 1;
}

void gtd_jw_open(gtd_jw *w, const char *key, char bracket)
{
	member(w, key);
	gtd_buf_addc(w->b, bracket);
	w->comma = 0;
}

void gtd_jw_close(gtd_jw *w, char bracket)
{
	gtd_buf_addc(w->b, bracket);
	w->comma = 1;
}

void gtd_jw_str(gtd_jw *w, const char *key, const char *s)
{
	member(w, key);
	if (s)
		gtd_buf_add_json(w->b, s);
	else
		gtd_buf_add(w->b, "null", 4);
}

void gtd_jw_int(gtd_jw *w, const char *key, long long v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", v);

	member(w, key);
	gtd_buf_add(w->b, num, (size_t)n);
}

void gtd_jw_bool(gtd_jw *w, const char *key, int v)
{
	member(w, key);
	if (v)
		gtd_buf_add(w->b, "true", 4);
	else
		gtd_buf_add(w->b, "false", 5);
}

void gtd_jw_null(gtd_jw *w, const char *key)
{
	gtd_jw_str(w, key, NULL);
}

void gtd_jw_raw(gtd_jw *w, const char *key, const char *json, size_t len)
{
	member(w, key);
	gtd_buf_add(w->b, json, len);
}
