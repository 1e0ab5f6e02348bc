/* strlist.h - a growable list of malloc'd strings.
 *
 * The record's lists of URLs and networks, the audit's changed paths and
 * the console's lines all are one: a count and an array the list owns.
 * A zeroed gtd_strlist is an empty list.
 */
#ifndef GTD_STRLIST_H
#define GTD_STRLIST_H

#include <stddef.h>

#include "err.h"

typedef struct gtd_strlist {
	size_t n;
	char **v;
} gtd_strlist;

/* Appends a copy of s; the list owns the copy.  GTD_ENOMEM leaves the list
 * as it was. */
gtd_status gtd_strlist_add(gtd_strlist *l, const char *s);

/* Frees the strings and the array; the list is empty and reusable. */
void gtd_strlist_release(gtd_strlist *l);

#endif
