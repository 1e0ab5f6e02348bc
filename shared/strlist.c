#include "strlist.h"

#include <stdlib.h>
#include <string.h>

gtd_status gtd_strlist_add(gtd_strlist *l, const char *s)
{
	char *copy = strdup(s), **v;

	if (!copy)
		return GTD_ENOMEM;
	v = realloc(l->v, (l->n + 1) * sizeof(*v));
	if (!v) {
		free(copy);
		return GTD_ENOMEM;
	}
	v[l->n++] = copy;
	l->v = v;
	return GTD_OK;
}

void gtd_strlist_release(gtd_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
