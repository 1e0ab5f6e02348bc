/* sample_export.h - the partner sample of one language (samples/LANG/ of
 * the kit) copied into a connection pack by gtd-console export --sample,
 * as DIR/samples/LANG/, with the partner's sandbox gateway URL written into
 * the source's settings and a README section naming the pack's files.
 */
#ifndef GTD_SAMPLE_EXPORT_H
#define GTD_SAMPLE_EXPORT_H

#include "err.h"
#include "partner.h"

/* The languages, NULL-terminated: python java node php go csharp. */
extern const char *const sample_languages[];

/* "python, java, ..." for messages; static storage. */
const char *sample_language_list(void);

/* Whether lang is one of sample_languages. */
int sample_language_known(const char *lang);

/* Where the kit's samples are: $GTD_SAMPLES_DIR, else the installed
 * $(docdir)/samples, else (an uninstalled build) the source tree's. */
const char *sample_source_dir(void);

/* Whether p's sample in lang can be exported: GTD_EINVAL, with err saying
 * why, for an unknown language or a gateway URL that cannot be written as a
 * string literal (quotes, backslash, '$', control characters);
 * GTD_ENOTFOUND when the kit's sample is not installed. */
gtd_status sample_check(const gtd_partner *p, const char *lang, gtd_err *err);

/* Writes dir/samples/lang/ (the source and README.md, mode 0644, dir 0700)
 * for p, whose sandbox gateway URL goes into the source.  Fails as
 * sample_check(), or with GTD_ENOTFOUND when
 * the kit's sample is not installed; err names what failed. */
gtd_status sample_export(const gtd_partner *p, const char *lang, const char *dir, gtd_err *err);

#endif
