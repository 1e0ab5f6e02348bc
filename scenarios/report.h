/* report.h - what a run leaves behind: JUnit XML for CI, and Markdown
 * acceptance evidence for onboarding step 4 (partner, date, gateway, each
 * case with its result).  Both files are written atomically. */
#ifndef GTD_REPORT_H
#define GTD_REPORT_H

#include "err.h"
#include "runner.h"

typedef struct report_info {
	const char *partner_id;
	const char *gateway;
} report_info;

/* Writes res as JUnit XML (a testsuite per scenario folder, a testcase per
 * scenario, failure and skipped elements with their reasons) to path.
 * GTD_EIO (err names the path) or GTD_ENOMEM; the file is untouched then. */
gtd_status report_junit(const runner_results *res, const char *path, gtd_err *err);

/* Writes res as Markdown acceptance evidence to path; the same failures. */
gtd_status report_markdown(const runner_results *res, const report_info *info, const char *path,
			   gtd_err *err);

#endif
