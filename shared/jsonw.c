#include "jsonw.h"

#include <stdio.h>

void gtd_jw_init(gtd_jw *w, gtd_buf *b)
{
	w->b = b;
	w->comma = 0;
	w->st = GTD_OK;
}

/* The separator and the member name before a value. */
static int member(gtd_jw *w, const char *key)
{
	if (w->st != GTD_OK)
		return 0;
	if (w->comma)
		w->st = gtd_buf_addc(w->b, ',');
	if (key && w->st == GTD_OK && (w->st = gtd_buf_add_json(w->b, key)) == GTD_OK)
		w->st = gtd_buf_addc(w->b, ':');
	w->comma = 1;
	return w->st == GTD_OK;
}

void gtd_jw_open(gtd_jw *w, const char *key, char bracket)
{
	if (member(w, key))
		w->st = gtd_buf_addc(w->b, bracket);
	w->comma = 0;
}

void gtd_jw_close(gtd_jw *w, char bracket)
{
	if (w->st == GTD_OK)
		w->st = gtd_buf_addc(w->b, bracket);
	w->comma = 1;
}

void gtd_jw_str(gtd_jw *w, const char *key, const char *s)
{
	if (member(w, key))
		w->st = s ? gtd_buf_add_json(w->b, s) : gtd_buf_add(w->b, "null", 4);
}

void gtd_jw_int(gtd_jw *w, const char *key, long long v)
{
	char num[24];
	int n = snprintf(num, sizeof(num), "%lld", v);

	if (member(w, key))
		w->st = gtd_buf_add(w->b, num, (size_t)n);
}

void gtd_jw_bool(gtd_jw *w, const char *key, int v)
{
	if (member(w, key))
		w->st = v ? gtd_buf_add(w->b, "true", 4) : gtd_buf_add(w->b, "false", 5);
}

void gtd_jw_null(gtd_jw *w, const char *key)
{
	gtd_jw_str(w, key, NULL);
}

void gtd_jw_raw(gtd_jw *w, const char *key, const char *json, size_t len)
{
	if (member(w, key))
		w->st = gtd_buf_add(w->b, json, len);
}
