/* export.h - a partner's connection pack, as staff hand it to the partner's
 * developers (gtd-console export), and as gtd-mock --demo writes its own.
 *
 *   connection-info.md   for people, English and Vietnamese: gateway, the
 *                        two headers, Gotadi's public key (PEM and .NET XML),
 *                        endpoints, error codes, test rules, support
 *                        channels, onboarding progress
 *   pack.json            for programs (pack.h): gtd-mock --pack and
 *                        gtd-scenario --pack
 *
 * Both hold the partner's credentials and are written with mode 0600.
 */
#ifndef GTD_EXPORT_H
#define GTD_EXPORT_H

#include <time.h>

#include "buf.h"
#include "err.h"
#include "partner.h"
#include "store.h"

#define EXPORT_INFO_FILE "connection-info.md"
#define EXPORT_PACK_FILE "pack.json"

/* A text in both languages. */
typedef struct export_label {
	const char *en;
	const char *vi;
} export_label;

/* How people read a step's status ("in progress" / "đang thực hiện"). */
extern const export_label export_step_status[GTD_STEP_STATUS_COUNT];

/* Checks that p can be exported: its sandbox gateway URL, API key, access
 * code and Gotadi's public key (all set by provisioning) and the partner's
 * own public key.  GTD_EINVAL otherwise, err naming what is missing and the
 * command that supplies it. */
gtd_status export_check(const gtd_partner *p, gtd_err *err);

/* Appends s to b as Markdown text that cannot start markup or break a
 * table: Markdown's special characters are backslash-escaped, line breaks
 * and tabs become spaces.  NULL is written "-".  GTD_ENOMEM, or GTD_EINVAL
 * past b's limit, or b's earlier failure; a failed b holds nothing. */
gtd_status export_md_text(gtd_buf *b, const char *s);

/* Appends connection-info.md for p, dated now, to b.  with_emulator_key
 * adds how to run gtd-mock on the pack (which then carries the emulator's
 * key).  Fails as export_check(), with the key parser's GTD_EINVAL or
 * GTD_EKEY when Gotadi's public key in the record is broken, or with b's
 * status (GTD_ENOMEM/GTD_EINVAL: b has failed and holds nothing). */
gtd_status export_render_info(const gtd_partner *p, time_t now, int with_emulator_key,
			      gtd_buf *b, gtd_err *err);

/* Writes dir/connection-info.md and dir/pack.json (mode 0600, atomically,
 * replacing earlier ones), creating dir with mode 0700 when missing.  With
 * with_emulator_key the pack carries the emulator's private key from the
 * store (keys/<id>/emulator.pem), which must match the record's emulator
 * key.  On failure err names the file or what is missing; a failure on the
 * second file leaves the first one written. */
/* Writes dir/connection-info.md alone (mode 0600, atomically), for a pack
 * written otherwise (gtd-mock --demo's).  dir exists. */
gtd_status export_write_info(const gtd_partner *p, const char *dir, int with_emulator_key,
			     gtd_err *err);

/* The length of dir without trailing slashes ("pack/" joins as "pack/x"). */
size_t export_dir_len(const char *dir);

gtd_status export_write(gtd_store *s, const gtd_partner *p, const char *dir,
			int with_emulator_key, gtd_err *err);

#endif
