/* jsondiff.h - where two JSON documents differ, by path.
 *
 * Paths name leaves as the record's fields are named: members joined by
 * dots, array elements by index ("company.name", "links.other[1]").  The
 * store logs them for every save; anything walking a cJSON tree that has to
 * say where it is uses the same notation through gtd_json_path_push().
 */
#ifndef GTD_JSONDIFF_H
#define GTD_JSONDIFF_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "buf.h"
#include "err.h"
#include "strlist.h"

/* The paths of the leaves that differ between two JSON trees
 * ("company.name", "links.other[1]"), in the new tree's order, removed
 * members after the others of their object; NULL stands for an empty
 * document.  Only paths are reported, never values, so
 * the result may go to the audit log even for secrets.  On success *out
 * holds the paths (caller releases); GTD_ENOMEM otherwise. */
gtd_status gtd_json_diff(const cJSON *old_doc, const cJSON *new_doc, gtd_strlist *out);

/* Appends child's step to the path in b: "[i]" when parent is an array,
 * else ".name" (just "name" while b is empty).  GTD_ENOMEM when b is full;
 * b then holds part of the step: cut it back with gtd_json_path_cut(). */
gtd_status gtd_json_path_push(gtd_buf *b, const cJSON *parent, const cJSON *child, size_t i);

/* Cuts the path in b back to its first len bytes (a length b had). */
void gtd_json_path_cut(gtd_buf *b, size_t len);

#endif
