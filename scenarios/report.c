#include "report.h"

#include <string.h>
#include <time.h>

#include "buf.h"
#include "fs.h"

#define REPORT_MAX (16 * 1024 * 1024)

/* Text as XML character data or attribute value: the five entities, and
 * control characters XML 1.0 cannot carry replaced by '?'. */
static void xml_text(gtd_buf *b, const char *s)
{
	static const struct {
		char ch;
		const char *entity;
	} entities[] = {
		{'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&apos;"},
	};
	size_t i;

	for (; *s; s++) {
		for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++)
			if (*s == entities[i].ch)
				break;
		if (i < sizeof(entities) / sizeof(entities[0]))
			gtd_buf_adds(b, entities[i].entity);
		else if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t' && *s != '\r')
			gtd_buf_addc(b, '?');
		else
			gtd_buf_addc(b, *s);
	}
}

/* The first line of a failure, without its indentation: the message. */
static void first_line(gtd_buf *b, const char *detail)
{
	char line[512];
	size_t skip = strspn(detail, " "), len = strcspn(detail + skip, "\n");

	snprintf(line, sizeof(line), "%.*s", (int)len, detail + skip);
	xml_text(b, line);
}

static gtd_status finish(gtd_buf *b, const char *path, gtd_err *err)
{
	gtd_status st;

	/* The appends above are unchecked: the buffer's status says whether
	 * any failed, and a report cut short is refused rather than written. */
	if (gtd_buf_status(b) == GTD_ENOMEM)
		st = gtd_err_set(err, GTD_ENOMEM, "%s: out of memory writing the report", path);
	else if (gtd_buf_status(b) != GTD_OK)
		st = gtd_err_set(err, GTD_ENOMEM, "%s: the report is larger than %d bytes", path,
				 REPORT_MAX);
	else
		st = gtd_file_write_atomic(path, gtd_buf_str(b), b->len, 0644, 0, err);
	gtd_buf_release(b);
	return st;
}

gtd_status report_junit(const runner_results *res, const char *path, gtd_err *err)
{
	gtd_buf b;
	size_t i, j;

	gtd_buf_init(&b, REPORT_MAX);
	gtd_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<testsuites name=\"gtd-scenario\" tests=\"%zu\" failures=\"%zu\" "
			   "skipped=\"%zu\" time=\"%.3f\">\n", res->n, res->count[RUNNER_FAIL],
		       res->count[RUNNER_SKIP], res->seconds);
	/* Scenarios come in folder order: each run of one folder is a suite. */
	for (i = 0; i < res->n; i = j) {
		size_t count[RUNNER_VERDICT_COUNT] = {0}, k;
		double seconds = 0;
		char iso[32];

		for (j = i; j < res->n && strcmp(res->cases[j].sc->suite, res->cases[i].sc->suite) == 0; j++) {
			count[res->cases[j].verdict]++;
			seconds += res->cases[j].seconds;
		}
		strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S", gmtime(&res->started));
		gtd_buf_adds(&b, "  <testsuite name=\"");
		xml_text(&b, res->cases[i].sc->suite);
		gtd_buf_printf(&b, "\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\" time=\"%.3f\" "
				   "timestamp=\"%s\">\n", j - i, count[RUNNER_FAIL], count[RUNNER_SKIP],
			       seconds, iso);
		for (k = i; k < j; k++) {
			const runner_case *rc = &res->cases[k];

			gtd_buf_adds(&b, "    <testcase classname=\"");
			xml_text(&b, rc->sc->suite);
			gtd_buf_adds(&b, "\" name=\"");
			xml_text(&b, rc->sc->name);
			gtd_buf_adds(&b, "\" file=\"");
			xml_text(&b, rc->sc->file);
			gtd_buf_printf(&b, "\" time=\"%.3f\"", rc->seconds);
			if (rc->verdict == RUNNER_PASS && !rc->sc->gotadi_case) {
				gtd_buf_adds(&b, "/>\n");
				continue;
			}
			gtd_buf_adds(&b, ">\n");
			if (rc->sc->gotadi_case) {
				gtd_buf_adds(&b, "      <properties><property name=\"gotadi_case\" value=\"");
				xml_text(&b, rc->sc->gotadi_case);
				gtd_buf_adds(&b, "\"/></properties>\n");
			}
			if (rc->verdict == RUNNER_PASS) {
				gtd_buf_adds(&b, "    </testcase>\n");
				continue;
			}
			gtd_buf_adds(&b, rc->verdict == RUNNER_FAIL ? "      <failure message=\""
								    : "      <skipped message=\"");
			first_line(&b, rc->detail);
			if (rc->verdict == RUNNER_FAIL) {
				gtd_buf_adds(&b, "\">");
				xml_text(&b, rc->detail);
				gtd_buf_adds(&b, "</failure>\n");
			} else {
				gtd_buf_adds(&b, "\"/>\n");
			}
			gtd_buf_adds(&b, "    </testcase>\n");
		}
		gtd_buf_adds(&b, "  </testsuite>\n");
	}
	gtd_buf_adds(&b, "</testsuites>\n");
	return finish(&b, path, err);
}

/* Text for a Markdown table cell: one line, '|' escaped. */
static void md_cell(gtd_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			gtd_buf_adds(b, "\\|");
		else
			gtd_buf_addc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

gtd_status report_markdown(const runner_results *res, const report_info *info, const char *path,
			   gtd_err *err)
{
	char date[64], summary[128];
	gtd_buf b;
	size_t i;

	gtd_buf_init(&b, REPORT_MAX);
	strftime(date, sizeof(date), "%Y-%m-%d %H:%M:%S UTC", gmtime(&res->started));
	runner_summary(res, summary, sizeof(summary));
	gtd_buf_adds(&b, "# Acceptance evidence: ");
	md_cell(&b, info->partner_id ? info->partner_id : "(partner not named)");
	gtd_buf_adds(&b, "\n\n| | |\n|---|---|\n| Partner | ");
	md_cell(&b, info->partner_id ? info->partner_id : "");
	gtd_buf_printf(&b, " |\n| Date | %s |\n| Gateway | ", date);
	md_cell(&b, info->gateway ? info->gateway : "");
	gtd_buf_printf(&b, " |\n| Tool | gtd-scenario %s |\n| Result | %s |\n\n"
			   "## Cases\n\n| # | Gotadi case | Scenario | What it shows | Result | Time |\n"
			   "|---|---|---|---|---|---|\n", PACKAGE_VERSION, summary);
	for (i = 0; i < res->n; i++) {
		const runner_case *rc = &res->cases[i];

		gtd_buf_printf(&b, "| %zu | ", i + 1);
		md_cell(&b, rc->sc->gotadi_case ? rc->sc->gotadi_case : "");
		gtd_buf_adds(&b, " | ");
		md_cell(&b, rc->sc->suite);
		gtd_buf_adds(&b, "/");
		md_cell(&b, rc->sc->name);
		gtd_buf_adds(&b, " | ");
		md_cell(&b, rc->sc->description);
		gtd_buf_printf(&b, " | %s | %.2f s |\n", runner_verdict_names[rc->verdict], rc->seconds);
	}
	for (i = 0; i < res->n; i++) {
		const runner_case *rc = &res->cases[i];

		if (rc->verdict == RUNNER_PASS)
			continue;
		gtd_buf_printf(&b, "\n## %s: %s/%s\n\n```text\n%s%s```\n",
			       runner_verdict_names[rc->verdict], rc->sc->suite, rc->sc->name, rc->detail,
			       rc->detail[0] && rc->detail[strlen(rc->detail) - 1] == '\n' ? "" : "\n");
	}
	return finish(&b, path, err);
}
