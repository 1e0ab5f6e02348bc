/* partner_json.h - a partner record to and from its JSON file.
 *
 * partners/<id>.json is written in the field table's order, so diffs of the
 * file are readable, and read back strictly: wrong types are refused with
 * the member's path, and members this version does not know are kept and
 * written back.  A private key anywhere in the text is refused.
 */
#ifndef GTD_PARTNER_JSON_H
#define GTD_PARTNER_JSON_H

#include <stddef.h>

#include "err.h"
#include "partner.h"

/* Parses a record from text[0..len).  On success *out is a new record the
 * caller frees.  Fails with GTD_EINVAL and err saying where: the byte
 * offset (line, column) of malformed JSON; the JSON path of a member of the
 * wrong type ("admin.email: expected a string") or value; a missing or too
 * new format_version.  A private key anywhere in the text is refused with
 * GTD_EKEY, naming its path and telling to rotate it.  Values are not
 * validated here: see gtd_partner_validate(). */
gtd_status gtd_partner_from_json(const char *text, size_t len, gtd_partner **out,
				 gtd_err *err);

/* The record as pretty JSON ending in a newline, members in a fixed order,
 * unknown members merged back at their paths.  The caller frees it; NULL
 * when out of memory. */
char *gtd_partner_to_json(const gtd_partner *p);

#endif
