#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "buf.h"
#include "codes.h"
#include "exit.h"
#include "export.h"
#include "form.h"
#include "fs.h"
#include "partner_json.h"
#include "i18n.h"
#include "keys.h"
#include "mail.h"
#include "mask.h"
#include "onboarding.h"
#include "provision.h"
#include "rules.h"
#include "sample_export.h"
#include "utf8.h"
#include "valid.h"

#define PROGRAM "gtd-console"
#define ELLIPSIS "\xe2\x80\xa6"     /* U+2026, one column */
#define COLUMN_GAP 2
#define LABEL_COLS 26               /* label column of provision's output */
#define JSON_PATH_LEN 512
#define KEY_FILE_MAX (1024 * 1024)
#define CHECKLIST_MAX 8             /* longer than any step's checklist */
#define NEED_TEXT_MAX 256           /* one checklist item's exact need */
#define DEFAULT_GATEWAY "http://127.0.0.1:8080"
#define DEFAULT_BITS 2048

/* getopt_long's value for the verb's option i; 'h' is --help. */
#define OPT_FIRST 256

/* ---- messages ---------------------------------------------------------- */

static int fail(const cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(const cli_ctx *c, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", PROGRAM, c->verb->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return GTD_EXIT_FAIL;
}

static int usage(const cli_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the message (when fmt is not NULL) and the verb's synopsis. */
static int usage(const cli_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fprintf(stderr, "%s %s: ", PROGRAM, c->verb->name);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fprintf(stderr, _("usage: %s [OPTION]... %s %s\n"), PROGRAM, c->verb->name, c->verb->synopsis);
	fprintf(stderr, _("'%s %s --help' describes it; see %s(1).\n"), PROGRAM, c->verb->name, PROGRAM);
	return GTD_EXIT_USAGE;
}

/* The verb's help, from its entry in cli_verbs. */
static int help(const cli_ctx *c)
{
	printf(_("usage: %s [OPTION]... %s %s\n\n%s.\n\nSee %s(1) for the details.\n"), PROGRAM,
	       c->verb->name, c->verb->synopsis, _(c->verb->summary), PROGRAM);
	return GTD_EXIT_OK;
}

/* 1 when arg ("--data", "--data=DIR") is one of the program's own
 * options, which people also type after the verb. */
static int is_global(const cli_ctx *c, const char *arg)
{
	const struct option *g;
	size_t n;

	if (strncmp(arg, "--", 2) != 0)
		return 0;
	arg += 2;
	n = strcspn(arg, "=");
	for (g = c->globals; g && g->name; g++)
		if (strlen(g->name) == n && strncmp(g->name, arg, n) == 0)
			return 1;
	return 0;
}

/* The next option of a verb's arguments (getopt_long, options anywhere),
 * -1 after the last.  A bad option is reported here and returned as '?',
 * so the caller only prints the synopsis. */
static int next_option(const cli_ctx *c, int argc, char **argv, const struct option *opts)
{
	int o;

	opterr = 0;
	o = getopt_long(argc, argv, ":h", opts, NULL);
	if (o == ':') {
		fprintf(stderr, _("%s %s: option '%s' needs a value\n"), PROGRAM, c->verb->name,
			argv[optind - 1]);
		return '?';
	}
	/* optopt is a short option, or OPT_FIRST + i for a flag given a value. */
	if (o == '?' && optopt && optopt < OPT_FIRST)
		fprintf(stderr, _("%s %s: unknown option '-%c'\n"), PROGRAM, c->verb->name, optopt);
	else if (o == '?' && is_global(c, argv[optind - 1]))
		fprintf(stderr, _("%s %s: %s goes before the verb: %s %s ... %s ...\n"), PROGRAM,
			c->verb->name, argv[optind - 1], PROGRAM, argv[optind - 1], c->verb->name);
	else if (o == '?')
		fprintf(stderr, _("%s %s: unknown option '%s'\n"), PROGRAM, c->verb->name, argv[optind - 1]);
	return o;
}

/* The value of the verb's option name as given ("" for a flag), or NULL
 * when it was not given. */
static const char *opt(const cli_ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < CLI_OPTIONS_MAX && c->verb->options[i].name; i++)
		if (strcmp(c->verb->options[i].name, name) == 0)
			return c->opt[i];
	return NULL;
}

/* ---- the store --------------------------------------------------------- */

static gtd_store *store_get(cli_ctx *c)
{
	gtd_err err;

	if (c->store)
		return c->store;
	if (!c->data_dir) {
		fail(c, _("no data directory: give --data DIR, or set GTD_HOME"));
		return NULL;
	}
	if (gtd_store_open(c->data_dir, &c->store, &err) != GTD_OK) {
		fail(c, "%s", err.msg);
		return NULL;
	}
	return c->store;
}

/* Partner id from the store, or NULL after saying why. */
static gtd_partner *load(cli_ctx *c, const char *id)
{
	gtd_store *s = store_get(c);
	gtd_partner *p = NULL;
	gtd_status st;
	gtd_err err;

	if (!s)
		return NULL;
	st = gtd_store_load(s, id, &p, &err);
	if (st == GTD_ENOTFOUND)
		fail(c, _("%s; '%s list' shows the partners"), err.msg, PROGRAM);
	else if (st != GTD_OK)
		fail(c, "%s", err.msg);
	return p;
}

/* Saves p under the user's name, with what the user accepted (NULL:
 * nothing) for the audit log: GTD_EXIT_OK, with *unchanged set when there
 * was nothing to save, or GTD_EXIT_FAIL after saying why not. */
static int save_accepting(cli_ctx *c, gtd_partner *p, const gtd_strlist *accepted, int *unchanged)
{
	unsigned long revision = p->revision;
	gtd_status st;
	gtd_err err;

	st = gtd_store_save_accepting(c->store, p, c->user, accepted, &err);
	if (st == GTD_ECONFLICT)
		return fail(c, _("%s.\nNothing was lost: the other change is on disk and yours was not applied; "
				 "run the command again to apply it to the new revision."), err.msg);
	if (st != GTD_OK)
		return fail(c, "%s", err.msg);
	*unchanged = p->revision == revision;
	return GTD_EXIT_OK;
}

static int save(cli_ctx *c, gtd_partner *p, int *unchanged)
{
	return save_accepting(c, p, NULL, unchanged);
}

/* ---- tables ------------------------------------------------------------ */

/* Rows of text aligned in display columns: Vietnamese is measured with
 * gtd_utf8_width and cut on a character boundary, with an ellipsis. */
#define TABLE_COLS_MAX 8

typedef struct table {
	size_t ncols;                /* at most TABLE_COLS_MAX */
	const char *const *titles;   /* untranslated, translated when printed; NULL: none */
	const size_t *caps;          /* widest each column may get; 0: no limit */
	gtd_strlist cells;           /* row after row */
} table;

/* Appends a row of t->ncols cells (NULL shows as "-"); control characters
 * become spaces so that a hand-edited record cannot break the layout. */
static gtd_status table_add(table *t, const char *const *row)
{
	gtd_status st = GTD_OK;
	size_t i;

	for (i = 0; i < t->ncols && st == GTD_OK; i++) {
		char *cell = strdup(row[i] && *row[i] ? row[i] : "-"), *q;

		if (!cell)
			return GTD_ENOMEM;
		for (q = cell; *q; q++)
			if ((unsigned char)*q < ' ' || *q == 0x7f)
				*q = ' ';
		st = gtd_strlist_add(&t->cells, cell);
		free(cell);
	}
	return st;
}

static void put_cell(const char *s, size_t width, int last)
{
	size_t used = gtd_utf8_width(s), n;

	if (used > width) {
		n = gtd_utf8_fit(s, width - 1, &used);
		/* "Thương…", not "Thương …". */
		for (; n > 0 && s[n - 1] == ' '; n--)
			used--;
		fwrite(s, 1, n, stdout);
		fputs(ELLIPSIS, stdout);
		used++;
	} else {
		fputs(s, stdout);
	}
	if (last)
		fputc('\n', stdout);
	else
		printf("%*s", (int)(width - used + COLUMN_GAP), "");
}

static void table_print(const table *t)
{
	size_t width[TABLE_COLS_MAX] = {0}, i, j;

	for (j = 0; j < t->ncols; j++) {
		width[j] = t->titles ? gtd_utf8_width(_(t->titles[j])) : 0;
		for (i = j; i < t->cells.n; i += t->ncols) {
			size_t w = gtd_utf8_width(t->cells.v[i]);

			if (w > width[j])
				width[j] = w;
		}
		if (t->caps[j] && width[j] > t->caps[j])
			width[j] = t->caps[j];
	}
	for (j = 0; t->titles && j < t->ncols; j++)
		put_cell(_(t->titles[j]), width[j], j + 1 == t->ncols);
	for (i = 0; i < t->cells.n; i++)
		put_cell(t->cells.v[i], width[i % t->ncols], i % t->ncols + 1 == t->ncols);
}

/* ---- JSON output ------------------------------------------------------- */

static int print_json(const cli_ctx *c, cJSON *doc)
{
	char *text = doc ? cJSON_Print(doc) : NULL;

	cJSON_Delete(doc);
	if (!text)
		return fail(c, _("out of memory"));
	printf("%s\n", text);
	OPENSSL_cleanse(text, strlen(text));
	free(text);
	return GTD_EXIT_OK;
}

/* Replaces the value of every secret leaf under item (at path) with its
 * masked form. */
static gtd_status mask_tree(cJSON *item, char *path, size_t len)
{
	cJSON *child;
	size_t i = 0;

	if (cJSON_IsString(item) && gtd_partner_is_secret_path(path)) {
		char *masked = gtd_mask_secret(item->valuestring);
		int ok = masked && cJSON_SetValuestring(item, masked);

		free(masked);
		return ok ? GTD_OK : GTD_ENOMEM;
	}
	cJSON_ArrayForEach(child, item) {
		gtd_status st;

		if (cJSON_IsObject(item))
			snprintf(path + len, JSON_PATH_LEN - len, "%s%s", len ? "." : "", child->string);
		else
			snprintf(path + len, JSON_PATH_LEN - len, "[%zu]", i++);
		/* A cut path is nobody's secret: secret paths are short. */
		st = mask_tree(child, path, strnlen(path, JSON_PATH_LEN - 1));
		path[len] = '\0';
		if (st != GTD_OK)
			return st;
	}
	return GTD_OK;
}

/* The record as a JSON tree, secrets masked unless reveal; NULL when out
 * of memory. */
static cJSON *record_tree(const gtd_partner *p, int reveal)
{
	char path[JSON_PATH_LEN] = "", *text = gtd_partner_to_json(p);
	cJSON *doc = text ? cJSON_Parse(text) : NULL;

	if (text) {
		OPENSSL_cleanse(text, strlen(text));
		free(text);
	}
	if (doc && !reveal && mask_tree(doc, path, 0) != GTD_OK) {
		cJSON_Delete(doc);
		doc = NULL;
	}
	return doc;
}

/* ---- onboarding -------------------------------------------------------- */

static const char *step_name(int step)
{
	return _(gtd_steps[step - 1].en);
}

static int all_done(const gtd_partner *p)
{
	int i;

	for (i = 0; i < GTD_STEP_COUNT; i++)
		if (p->onboarding.steps[i].status != GTD_STEP_DONE)
			return 0;
	return 1;
}

/* Prints what step still needs, one item a line: its id and text. */
static void print_missing(const gtd_partner *p, int step, FILE *out)
{
	const gtd_check_item *missing[CHECKLIST_MAX];
	size_t n = gtd_partner_step_missing(p, step, missing, CHECKLIST_MAX), i;

	char need[NEED_TEXT_MAX];

	for (i = 0; i < n && i < CHECKLIST_MAX; i++) {
		ui_need_text(p, missing[i], need, sizeof(need));
		fprintf(out, "  - %s: %s\n", missing[i]->id, need);
	}
}

/* "Current step: N name (status)" and what that step still needs. */
static void print_current_step(const gtd_partner *p)
{
	int step = p->onboarding.current_step;

	printf(_("Current step: %d %s (%s)\n"), step, step_name(step),
	       ui_step_status_text(p->onboarding.steps[step - 1].status));
	print_missing(p, step, stdout);
}

/* What to do next about p, in a few words (caller frees). */
static char *next_action(const gtd_partner *p)
{
	const gtd_check_item *missing[CHECKLIST_MAX];
	int step = p->onboarding.current_step;
	size_t n = gtd_partner_step_missing(p, step, missing, CHECKLIST_MAX);
	char *s = NULL, need[NEED_TEXT_MAX];
	int rc;

	if (n)
		ui_need_text(p, missing[0], need, sizeof(need));
	if (n == 1)
		rc = asprintf(&s, "%s", need);
	else if (n > 1)
		rc = asprintf(&s, _("%s (+%zu more)"), need, n - 1);
	else if (all_done(p))
		rc = asprintf(&s, "%s", _("onboarding complete"));
	else
		rc = asprintf(&s, _("ready: mark step %d done"), step);
	return rc < 0 ? NULL : s;
}

/* ---- list -------------------------------------------------------------- */

static cJSON *list_entry(const gtd_partner *p)
{
	const gtd_check_item *missing[CHECKLIST_MAX];
	int step = p->onboarding.current_step;
	size_t n = gtd_partner_step_missing(p, step, missing, CHECKLIST_MAX), i;
	cJSON *o = cJSON_CreateObject(), *arr;

	cJSON_AddStringToObject(o, "id", p->id);
	cJSON_AddItemToObject(o, "company", p->company.name ? cJSON_CreateString(p->company.name)
							     : cJSON_CreateNull());
	cJSON_AddNumberToObject(o, "current_step", step);
	cJSON_AddStringToObject(o, "step", gtd_steps[step - 1].name);
	cJSON_AddStringToObject(o, "status", gtd_step_status_names[p->onboarding.steps[step - 1].status]);
	arr = cJSON_AddArrayToObject(o, "missing");
	for (i = 0; i < n && i < CHECKLIST_MAX; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(missing[i]->id));
	/* The fields behind them, exactly: "company.address", not "company". */
	arr = cJSON_AddArrayToObject(o, "missing_fields");
	for (i = 0; i < n && i < CHECKLIST_MAX; i++) {
		const gtd_need *need[GTD_NEEDS_MAX];
		size_t k, nn = gtd_check_item_missing(p, missing[i], need, GTD_NEEDS_MAX, NULL);

		for (k = 0; k < nn && k < GTD_NEEDS_MAX; k++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(need[k]->path));
	}
	cJSON_AddBoolToObject(o, "complete", all_done(p));
	cJSON_AddNumberToObject(o, "revision", (double)p->revision);
	cJSON_AddItemToObject(o, "updated", p->updated ? cJSON_CreateString(p->updated) : cJSON_CreateNull());
	return o;
}

/* The row of partner id, whose record p could not be read when NULL. */
static gtd_status list_row(table *t, const char *id, const gtd_partner *p)
{
	const char *row[] = {id, NULL, NULL, NULL, _("unreadable: see the error above"), NULL};
	char step[128], *next = NULL;
	gtd_status st;
	int cur;

	if (!p)
		return table_add(t, row);
	cur = p->onboarding.current_step;
	snprintf(step, sizeof(step), "%d %s", cur, step_name(cur));
	next = next_action(p);
	row[1] = p->company.name;
	row[2] = step;
	row[3] = ui_step_status_text(p->onboarding.steps[cur - 1].status);
	row[4] = next;
	row[5] = p->updated;
	st = next ? table_add(t, row) : GTD_ENOMEM;
	free(next);
	return st;
}

static const char *const list_titles[] = {
	N_("ID"), N_("COMPANY"), N_("STEP"), N_("STATUS"), N_("NEXT"), N_("UPDATED"),
};
static const size_t list_caps[] = {0, 36, 28, 16, 44, 0};

static int cli_list(cli_ctx *c, int argc, char **argv)
{
	table t = {6, list_titles, list_caps, {0, NULL}};
	gtd_strlist ids = {0, NULL};
	cJSON *arr = NULL;
	gtd_store *s;
	gtd_err err;
	int json = opt(c, "json") != NULL, rc = GTD_EXIT_OK;
	size_t i;

	if (argc)
		return usage(c, _("unexpected argument '%s'"), argv[0]);
	s = store_get(c);
	if (!s)
		return GTD_EXIT_FAIL;
	if (gtd_store_list(s, &ids, &err) != GTD_OK)
		return fail(c, "%s", err.msg);
	if (json && !(arr = cJSON_CreateArray())) {
		rc = fail(c, _("out of memory"));
		goto out;
	}
	for (i = 0; i < ids.n; i++) {
		gtd_partner *p = NULL;
		gtd_status st;

		if (gtd_store_load(s, ids.v[i], &p, &err) != GTD_OK) {
			/* The others are still worth listing. */
			rc = fail(c, "%s", err.msg);
			st = json ? GTD_OK : list_row(&t, ids.v[i], NULL);
		} else if (json) {
			cJSON *e = list_entry(p);

			st = e && cJSON_AddItemToArray(arr, e) ? GTD_OK : GTD_ENOMEM;
		} else {
			st = list_row(&t, p->id, p);
		}
		gtd_partner_free(p);
		if (st != GTD_OK) {
			rc = fail(c, _("out of memory"));
			goto out;
		}
	}
	if (json) {
		if (print_json(c, arr) != GTD_EXIT_OK)
			rc = GTD_EXIT_FAIL;
		arr = NULL;
	} else if (ids.n == 0) {
		printf(_("No partners in %s yet; '%s add ID' creates one.\n"), s->dir, PROGRAM);
	} else {
		table_print(&t);
	}
out:
	cJSON_Delete(arr);
	gtd_strlist_release(&t.cells);
	gtd_strlist_release(&ids);
	return rc;
}

/* ---- show -------------------------------------------------------------- */

/* A leaf's value as one line: strings as they are (a PEM block by its
 * first line), other JSON as JSON. */
static char *leaf_text(const cJSON *item)
{
	const char *s = cJSON_GetStringValue(item);
	size_t lines = 0, i;
	char *out = NULL;

	if (!s)
		return cJSON_IsArray(item) || cJSON_IsObject(item) ? strdup("-")
								 : cJSON_PrintUnformatted(item);
	for (i = 0; s[i]; i++)
		lines += s[i] == '\n' && s[i + 1];
	if (lines == 0)
		return strdup(s);
	if (asprintf(&out, _("%.*s (%zu more lines: see --json)"), (int)strcspn(s, "\n"), s, lines) < 0)
		return NULL;
	return out;
}

/* Adds a row for each leaf under item, named by its path below the
 * section; arrays of strings on one line, comma-separated. */
static gtd_status section_rows(const cJSON *item, char *path, size_t len, table *t)
{
	const cJSON *child;
	gtd_status st = GTD_OK;
	size_t i = 0;
	int strings = cJSON_IsArray(item);

	cJSON_ArrayForEach(child, item)
		strings = strings && cJSON_IsString(child);
	if (strings || !(cJSON_IsArray(item) || cJSON_IsObject(item)) ||
	    cJSON_GetArraySize(item) == 0) {
		gtd_buf b;
		const char *row[2] = {len ? path : "-", NULL};

		gtd_buf_init(&b, GTD_RECORD_MAX);
		if (strings) {
			cJSON_ArrayForEach(child, item)
				if (st == GTD_OK)
					st = gtd_buf_printf(&b, "%s%s", i++ ? ", " : "", child->valuestring);
		} else {
			char *v = leaf_text(item);

			st = v ? gtd_buf_adds(&b, v) : GTD_ENOMEM;
			free(v);
		}
		row[1] = gtd_buf_str(&b);
		if (st == GTD_OK)
			st = table_add(t, row);
		gtd_buf_release(&b);
		return st;
	}
	cJSON_ArrayForEach(child, item) {
		if (cJSON_IsObject(item))
			snprintf(path + len, JSON_PATH_LEN - len, "%s%s", len ? "." : "", child->string);
		else
			snprintf(path + len, JSON_PATH_LEN - len, "[%zu]", i++);
		st = section_rows(child, path, strnlen(path, JSON_PATH_LEN - 1), t);
		path[len] = '\0';
		if (st != GTD_OK)
			break;
	}
	return st;
}

static const size_t show_caps[] = {0, 0};

/* Every section of the record: the top-level scalars first, then each
 * object or list under its own name. */
static int show_text(const cli_ctx *c, const gtd_partner *p, cJSON *doc)
{
	table top = {2, NULL, show_caps, {0, NULL}};
	char path[JSON_PATH_LEN];
	const cJSON *item;
	gtd_status st = GTD_OK;

	printf("%s — %s\n", p->id, p->company.name ? p->company.name : "-");
	cJSON_ArrayForEach(item, doc) {
		if (cJSON_IsObject(item) || cJSON_IsArray(item))
			continue;
		snprintf(path, sizeof(path), "%s", item->string);
		st = section_rows(item, path, strlen(path), &top);
		if (st != GTD_OK)
			break;
	}
	if (st == GTD_OK)
		table_print(&top);
	gtd_strlist_release(&top.cells);
	cJSON_ArrayForEach(item, doc) {
		table t = {2, NULL, show_caps, {0, NULL}};

		if (st != GTD_OK || !(cJSON_IsObject(item) || cJSON_IsArray(item)))
			continue;
		if (cJSON_GetArraySize(item) == 0) {
			printf("\n[%s]\n%s\n", item->string, _("(none)"));
			continue;
		}
		path[0] = '\0';
		st = section_rows(item, path, 0, &t);
		if (st == GTD_OK) {
			printf("\n[%s]\n", item->string);
			table_print(&t);
		}
		gtd_strlist_release(&t.cells);
	}
	if (st != GTD_OK)
		return fail(c, _("out of memory"));
	putchar('\n');
	print_current_step(p);
	return GTD_EXIT_OK;
}

static int cli_show(cli_ctx *c, int argc, char **argv)
{
	int json = opt(c, "json") != NULL, rc;
	gtd_partner *p;
	cJSON *doc;

	if (argc != 1)
		return usage(c, argc == 0 ? _("which partner? give its id") : _("one partner at a time"));
	p = load(c, argv[0]);
	if (!p)
		return GTD_EXIT_FAIL;
	doc = record_tree(p, opt(c, "reveal") != NULL);
	if (!doc)
		rc = fail(c, _("out of memory"));
	else if (json)
		rc = print_json(c, doc);
	else
		rc = show_text(c, p, doc);
	if (!json)
		cJSON_Delete(doc);
	gtd_partner_free(p);
	return rc;
}

/* ---- add and set ------------------------------------------------------- */

/* GTD_EXIT_USAGE, after saying so, unless every argument is FIELD=VALUE. */
static int check_assignments(const cli_ctx *c, int argc, char **argv, int members)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			return usage(c, members ? _("'%s' is not MEMBER=VALUE") : _("'%s' is not FIELD=VALUE"),
				     argv[i]);
	return GTD_EXIT_OK;
}

/* Sets each FIELD=VALUE on p, in order.  On the first refusal says why and
 * returns GTD_EXIT_FAIL; p is half changed then and must not be saved. */
static int apply(const cli_ctx *c, gtd_partner *p, int argc, char **argv)
{
	gtd_status st;
	gtd_err err;
	int i;

	for (i = 0; i < argc; i++) {
		size_t n = strcspn(argv[i], "=");
		char *field = strndup(argv[i], n);

		if (!field)
			return fail(c, _("out of memory"));
		st = gtd_partner_set(p, field, argv[i] + n + 1, &err);
		free(field);
		if (st == GTD_ENOTFOUND)
			return fail(c, _("%s; the fields are listed in %s(1)"), err.msg, PROGRAM);
		if (st != GTD_OK)
			return fail(c, "%s", err.msg);
	}
	return GTD_EXIT_OK;
}

/* The rule for saving a change (gtd_partner_check_change), as the screen
 * applies it: GTD_EXIT_FAIL, listing them, when the change from before
 * (NULL: a new record) to p brings problems, or theme colours below WCAG
 * AA that --accept-contrast does not accept; else GTD_EXIT_OK, with the
 * audit log's lines for what was accepted in *accepted (released by the
 * caller). */
static int judge_change(const cli_ctx *c, const gtd_partner *before, const gtd_partner *p,
			gtd_strlist *accepted)
{
	int accept = opt(c, "accept-contrast") != NULL, rc = GTD_EXIT_OK;
	gtd_change_check cc;
	size_t i;

	accepted->n = 0;
	accepted->v = NULL;
	if (gtd_partner_check_change(before, p, &cc) != GTD_OK)
		return fail(c, _("out of memory"));
	if (cc.refused.count) {
		rc = fail(c, _("the record would not be valid; nothing was saved:"));
		for (i = 0; i < cc.refused.count; i++)
			fprintf(stderr, "  %s: %s\n", cc.refused.v[i].path, cc.refused.v[i].message);
	} else if (cc.contrast.count && !accept) {
		rc = fail(c, _("the theme does not pass WCAG AA; nothing was saved:"));
		for (i = 0; i < cc.contrast.count; i++)
			fprintf(stderr, "  %s: %s\n", cc.contrast.v[i].path, cc.contrast.v[i].message);
		fprintf(stderr, _("To save the partner's own colours anyway, give --accept-contrast: the audit "
				  "log records that you accepted them.\n"));
	} else if (cc.contrast.count && gtd_change_check_accepted(&cc, accepted) != GTD_OK) {
		rc = fail(c, _("out of memory"));
	}
	gtd_change_check_release(&cc);
	return rc;
}

/* After a save: what the user accepted, as the audit log now records it. */
static void print_accepted(const gtd_strlist *accepted)
{
	size_t i;

	if (accepted->n == 0)
		return;
	printf("%s\n", _("Accepted below WCAG AA (recorded in the audit log):"));
	for (i = 0; i < accepted->n; i++)
		printf("  %s\n", accepted->v[i]);
}

/* Prints each FIELD=VALUE as set, secrets masked. */
static void print_assignments(const gtd_partner *p, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		size_t n = strcspn(argv[i], "=");
		char path[JSON_PATH_LEN], *v, *shown;

		snprintf(path, sizeof(path), "%.*s", (int)n, argv[i]);
		v = gtd_partner_get(p, path);
		shown = v && gtd_partner_is_secret_path(path) ? gtd_mask_secret(v) : NULL;
		printf("  %s = %s\n", path, shown ? shown : v ? v : "?");
		free(shown);
		free(v);
	}
}

static gtd_partner *read_record(cli_ctx *c, const char *file)
{
	int is_stdin = strcmp(file, "-") == 0;
	gtd_partner *p = NULL;
	char *text = NULL;
	size_t len = 0;
	gtd_err err;

	if (gtd_file_read(is_stdin ? "/dev/stdin" : file, GTD_RECORD_MAX, &text, &len, &err) != GTD_OK)
		fail(c, "%s", err.msg);
	else if (gtd_partner_from_json(text, len, &p, &err) != GTD_OK)
		fail(c, "%s: %s", is_stdin ? _("standard input") : file, err.msg);
	if (text) {
		OPENSSL_cleanse(text, len);
		free(text);
	}
	return p;
}

static int cli_add(cli_ctx *c, int argc, char **argv)
{
	const char *from = opt(c, "from"), *id = NULL;
	char why[GTD_ERR_MSG_MAX];
	gtd_strlist accepted = {0, NULL};
	gtd_partner *p = NULL;
	gtd_store *s;
	gtd_status st;
	gtd_err err;
	int rc;

	if (argc > 0 && !strchr(argv[0], '=')) {
		id = argv[0];
		argc--, argv++;
	}
	if (!id && !from)
		return usage(c, _("give the new partner's id, or --from FILE"));
	if (id && !gtd_valid_slug(id, why, sizeof(why)))
		return fail(c, _("partner id \"%s\": %s"), id, why);
	rc = check_assignments(c, argc, argv, 0);
	if (rc != GTD_EXIT_OK)
		return rc;
	s = store_get(c);
	if (!s)
		return GTD_EXIT_FAIL;
	p = from ? read_record(c, from) : gtd_partner_new(id);
	if (!p)
		return from ? GTD_EXIT_FAIL : fail(c, _("out of memory"));
	if (id && strcmp(id, p->id) != 0) {
		rc = fail(c, _("%s holds partner \"%s\", not \"%s\""), from, p->id, id);
		goto out;
	}
	rc = apply(c, p, argc, argv);
	if (rc == GTD_EXIT_OK)
		rc = judge_change(c, NULL, p, &accepted);
	if (rc != GTD_EXIT_OK)
		goto out;
	st = gtd_store_create_accepting(s, p, c->user, &accepted, &err);
	if (st == GTD_EEXIST)
		rc = fail(c, _("%s; nothing was changed. Change it with '%s set %s FIELD=VALUE...'"),
			  err.msg, PROGRAM, p->id);
	else if (st != GTD_OK)
		rc = fail(c, "%s", err.msg);
	if (rc != GTD_EXIT_OK)
		goto out;
	printf(_("Partner %s created in %s (revision %lu).\n"), p->id, s->dir, p->revision);
	print_accepted(&accepted);
	if (gtd_partner_step_missing(p, 1, NULL, 0) > 0) {
		printf(_("Step 1 (%s) still needs:\n"), step_name(1));
		print_missing(p, 1, stdout);
	}
out:
	gtd_strlist_release(&accepted);
	gtd_partner_free(p);
	return rc;
}

/* Loads partner id to change, and *before, the record as it was, for
 * judge_change(): NULL after saying why. */
static gtd_partner *load_for_change(cli_ctx *c, const char *id, gtd_partner **before)
{
	gtd_partner *p = load(c, id);
	char *json = p ? gtd_partner_to_json(p) : NULL;

	*before = NULL;
	if (p && (!json || gtd_partner_from_json(json, strlen(json), before, NULL) != GTD_OK)) {
		fail(c, _("out of memory"));
		gtd_partner_free(p);
		p = NULL;
	}
	if (json) {
		OPENSSL_cleanse(json, strlen(json));
		free(json);
	}
	return p;
}

static int cli_set(cli_ctx *c, int argc, char **argv)
{
	gtd_strlist accepted = {0, NULL};
	gtd_partner *p, *before = NULL;
	int rc, unchanged = 0;

	if (argc < 2)
		return usage(c, argc == 0 ? _("which partner? give its id") : _("give at least one FIELD=VALUE"));
	rc = check_assignments(c, argc - 1, argv + 1, 0);
	if (rc != GTD_EXIT_OK)
		return rc;
	p = load_for_change(c, argv[0], &before);
	if (!p)
		return GTD_EXIT_FAIL;
	rc = apply(c, p, argc - 1, argv + 1);
	if (rc == GTD_EXIT_OK)
		rc = judge_change(c, before, p, &accepted);
	if (rc == GTD_EXIT_OK)
		rc = save_accepting(c, p, &accepted, &unchanged);
	if (rc != GTD_EXIT_OK)
		goto out;
	if (unchanged)
		printf(_("Nothing changed: partner %s stays at revision %lu.\n"), p->id, p->revision);
	else
		printf(_("Partner %s saved (revision %lu):\n"), p->id, p->revision);
	if (!unchanged) {
		print_assignments(p, argc - 1, argv + 1);
		print_accepted(&accepted);
	}
out:
	gtd_strlist_release(&accepted);
	gtd_partner_free(before);
	gtd_partner_free(p);
	return rc;
}

/* ---- append, remove: the lists of documents, evidence, channels ---------- */

static int cli_append(cli_ctx *c, int argc, char **argv)
{
	gtd_strlist accepted = {0, NULL};
	gtd_partner *p, *before = NULL;
	const char *list;
	gtd_err err;
	int rc, unchanged = 0;

	if (argc < 3)
		return usage(c, argc == 0 ? _("which partner? give its id")
			     : argc == 1 ? _("which list? documents, onboarding.evidence or cs.channels")
					 : _("give the new element's MEMBER=VALUE"));
	list = argv[1];
	rc = check_assignments(c, argc - 2, argv + 2, 1);
	if (rc != GTD_EXIT_OK)
		return rc;
	p = load_for_change(c, argv[0], &before);
	if (!p)
		return GTD_EXIT_FAIL;
	if (gtd_partner_list_append(p, list, (size_t)(argc - 2), (const char *const *)argv + 2,
				    time(NULL), &err) != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	/* Evidence lasts: a file is copied into the data directory with its
	 * SHA-256 (a link is kept as it is); one that is not there is refused. */
	if (strcmp(list, "onboarding.evidence") == 0 &&
	    gtd_store_keep_evidence(c->store, p->id, &p->onboarding.evidence.v[p->onboarding.evidence.n - 1],
				    &err) != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	rc = judge_change(c, before, p, &accepted);
	if (rc == GTD_EXIT_OK)
		rc = save_accepting(c, p, &accepted, &unchanged);
	if (rc != GTD_EXIT_OK)
		goto out;
	printf(_("Partner %s saved (revision %lu): %s[%zu] added.\n"), p->id, p->revision, list,
	       gtd_partner_list_count(p, list) - 1);
	if (strcmp(list, "onboarding.evidence") == 0) {
		const gtd_evidence *e = &p->onboarding.evidence.v[p->onboarding.evidence.n - 1];
		char *kept = gtd_store_evidence_path(c->store, p->id, e);

		if (kept)
			printf(_("  %s is kept as %s (SHA-256 %s).\n"), e->file, kept, e->sha256);
		free(kept);
	}
out:
	gtd_strlist_release(&accepted);
	gtd_partner_free(before);
	gtd_partner_free(p);
	return rc;
}

static int cli_remove(cli_ctx *c, int argc, char **argv)
{
	gtd_partner *p;
	gtd_err err;
	int rc, unchanged = 0;

	if (argc != 2)
		return usage(c, argc == 0 ? _("which partner? give its id")
					  : _("give one element, e.g. documents[0]"));
	p = load(c, argv[0]);
	if (!p)
		return GTD_EXIT_FAIL;
	/* Removing can only move later elements up: nothing to validate. */
	if (gtd_partner_list_remove(p, argv[1], &err) != GTD_OK)
		rc = fail(c, "%s", err.msg);
	else
		rc = save(c, p, &unchanged);
	if (rc == GTD_EXIT_OK)
		printf(_("Partner %s saved (revision %lu): %s removed; later elements moved up.\n"), p->id,
		       p->revision, argv[1]);
	gtd_partner_free(p);
	return rc;
}

/* ---- import-key -------------------------------------------------------- */

static int cli_import_key(cli_ctx *c, int argc, char **argv)
{
	gtd_partner *p = NULL;
	gtd_key *k = NULL;
	const char *file, *name;
	char *text = NULL, *pem = NULL;
	size_t len = 0;
	gtd_err err;
	int rc, unchanged = 0;

	if (argc != 2)
		return usage(c, _("give the partner's id and the key file (- for standard input)"));
	file = argv[1];
	name = strcmp(file, "-") == 0 ? _("standard input") : file;
	p = load(c, argv[0]);
	if (!p)
		return GTD_EXIT_FAIL;
	if (gtd_file_read(strcmp(file, "-") == 0 ? "/dev/stdin" : file, KEY_FILE_MAX, &text, &len,
			  &err) != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	/* Parsed here for its format and the precise refusal, and handed to
	 * the record as PEM: DER is binary, the record takes text. */
	if (gtd_key_parse(text, len, GTD_KEY_PUBLIC, &k, &err) != GTD_OK) {
		rc = fail(c, "%s: %s", name, err.msg);
		goto out;
	}
	pem = gtd_key_to_pem(k, GTD_KEY_PUBLIC);
	if (!pem) {
		rc = fail(c, _("out of memory"));
		goto out;
	}
	if (gtd_partner_set_partner_key(p, pem, &err) != GTD_OK) {
		rc = fail(c, "%s: %s", name, err.msg);
		goto out;
	}
	rc = save(c, p, &unchanged);
	if (rc != GTD_EXIT_OK)
		goto out;
	if (unchanged)
		printf(_("Partner %s already has this key (revision %lu).\n"), p->id, p->revision);
	else
		printf(_("Partner %s: public key imported (revision %lu).\n"), p->id, p->revision);
	printf(_("  format:      %s\n  bits:        %d\n  fingerprint: %s (SHA-256)\n"), k->format,
	       k->bits, k->fingerprint);
	if (k->bits < DEFAULT_BITS)
		printf(_("  note: Gotadi accepts %d bits; %d or more are recommended.\n"), k->bits,
		       DEFAULT_BITS);
out:
	if (text) {
		OPENSSL_cleanse(text, len);
		free(text);
	}
	free(pem);
	gtd_key_free(k);
	gtd_partner_free(p);
	return rc;
}

/* ---- provision --------------------------------------------------------- */

/* "  label   value", the label padded in display columns: translated
 * labels may be Vietnamese. */
static void print_field(const char *label, const char *value)
{
	size_t w = gtd_utf8_width(label);

	printf("  %s%*s%s\n", label, (int)(w < LABEL_COLS ? LABEL_COLS - w : 1), "", value);
}

static void print_secret(const char *label, const char *value)
{
	char *masked = gtd_mask_secret(value);

	print_field(label, masked ? masked : "?");
	free(masked);
}

static int cli_provision(cli_ctx *c, int argc, char **argv)
{
	const char *gateway = opt(c, "gateway"), *portal = opt(c, "portal");
	const char *env_name = opt(c, "env"), *bits_text = opt(c, "bits");
	char why[GTD_ERR_MSG_MAX], *end, *where = NULL;
	gtd_env env = GTD_ENV_SANDBOX;
	gtd_partner *p = NULL;
	gtd_partner_env *e;
	long bits = DEFAULT_BITS;
	int rc, rotate = opt(c, "rotate-key") != NULL, new_key, unchanged = 0;
	gtd_err err;

	if (env_name && strcmp(env_name, gtd_env_names[GTD_ENV_LIVE]) == 0)
		env = GTD_ENV_LIVE;
	else if (env_name && strcmp(env_name, gtd_env_names[GTD_ENV_SANDBOX]) != 0)
		return usage(c, _("--env is sandbox or live, not '%s'"), env_name);
	if (bits_text) {
		bits = strtol(bits_text, &end, 10);
		if (*end || end == bits_text || bits < GTD_KEY_MIN_BITS || bits > GTD_KEY_MAX_BITS)
			return usage(c, _("--bits takes a number from %d to %d (%d recommended)"),
				     GTD_KEY_MIN_BITS, GTD_KEY_MAX_BITS, DEFAULT_BITS);
	}
	if (argc != 1)
		return usage(c, argc == 0 ? _("which partner? give its id") : _("one partner at a time"));
	if (env == GTD_ENV_LIVE && !gateway)
		return usage(c, _("the live gateway has no default: give --gateway https://..."));
	if (!gateway)
		gateway = DEFAULT_GATEWAY;
	if (!portal)
		portal = gateway;
	if (!gtd_valid_url(portal, 0, why, sizeof(why)))
		return usage(c, _("--portal %s: %s"), portal, why);
	p = load(c, argv[0]);
	if (!p)
		return GTD_EXIT_FAIL;
	e = &p->env[env];
	/* The activation link goes to the administrator: know where first,
	 * before any key or credential is made. */
	if (env == GTD_ENV_SANDBOX && (!p->admin.full_name || !p->admin.email)) {
		rc = fail(c, _("the activation e-mail goes to the administrator: set admin.full_name and "
			       "admin.email first ('%s set %s admin.full_name=... admin.email=...')"),
			  PROGRAM, p->id);
		goto out;
	}
	new_key = env == GTD_ENV_SANDBOX && (rotate || !p->emulator_key.public_pem);
	if (gtd_provision(c->store, p, env, gateway, (int)bits, rotate, &err) != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	rc = save(c, p, &unchanged);
	if (rc != GTD_EXIT_OK)
		goto out;
	printf(_("Partner %s provisioned on %s (revision %lu):\n"), p->id, gtd_env_names[env], p->revision);
	print_field(_("gateway URL"), e->gateway_url);
	print_secret(_("API key"), e->api_key);
	print_secret(_("access code"), e->access_code);
	if (env == GTD_ENV_SANDBOX)
		print_field(new_key ? _("Gotadi key SHA-256 (new)") : _("Gotadi key SHA-256"),
			    p->emulator_key.fingerprint);
	if (env == GTD_ENV_LIVE) {
		printf(_("No activation e-mail: the B2B portal account is activated on the sandbox.\n"));
		goto out;
	}
	if (gtd_provision_mail(c->store, p, portal, &where, &err) != GTD_OK) {
		rc = fail(c, _("the credentials were saved, but the activation e-mail was not written: %s"),
			  err.msg);
		goto out;
	}
	printf(_("Activation e-mail to %s <%s>: %s\n"), p->admin.full_name, p->admin.email, where);
	printf(_("'%s show %s --reveal' prints the credentials; '%s export %s --out DIR' writes the "
		 "connection pack.\n"), PROGRAM, p->id, PROGRAM, p->id);
out:
	free(where);
	gtd_partner_free(p);
	return rc;
}

/* ---- step -------------------------------------------------------------- */

/* The step named by its number or its name ("sandbox"), or 0. */
static int step_parse(const char *s)
{
	int i;

	for (i = 0; i < GTD_STEP_COUNT; i++)
		if (strcmp(s, gtd_steps[i].name) == 0 || (s[0] == '1' + i && !s[1]))
			return i + 1;
	return 0;
}

static int cli_step(cli_ctx *c, int argc, char **argv)
{
	const char *note = opt(c, "note"), *action;
	gtd_partner *p = NULL;
	char path[JSON_PATH_LEN];
	int rc, step, done, unchanged = 0;
	gtd_status st;
	gtd_err err;

	if (argc != 3)
		return usage(c, _("give the partner's id, the step and done or reopen"));
	step = step_parse(argv[1]);
	if (!step)
		return usage(c, _("there is no step '%s': steps are 1 to %d (or account, sandbox, connect, "
				  "go-live, support)"), argv[1], GTD_STEP_COUNT);
	action = argv[2];
	done = strcmp(action, "done") == 0;
	if (!done && strcmp(action, "reopen") != 0)
		return usage(c, _("'%s': say done or reopen"), action);
	p = load(c, argv[0]);
	if (!p)
		return GTD_EXIT_FAIL;
	/* The note goes in first: it may be what proves the step ("connected"). */
	snprintf(path, sizeof(path), "onboarding.steps.%s.notes", gtd_steps[step - 1].name);
	if (note && gtd_partner_set(p, path, note, &err) != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	st = done ? gtd_partner_step_done(p, step, NULL, time(NULL), &err)
		  : gtd_partner_step_reopen(p, step, &err);
	if (st != GTD_OK && done && gtd_partner_step_missing(p, step, NULL, 0) > 0) {
		rc = fail(c, _("step %d (%s) cannot be marked done yet: it needs:"), step, step_name(step));
		print_missing(p, step, stderr);
		goto out;
	}
	if (st != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	rc = save(c, p, &unchanged);
	if (rc != GTD_EXIT_OK)
		goto out;
	printf(done ? _("Step %d (%s) of partner %s is done (revision %lu).\n")
		    : _("Step %d (%s) of partner %s is open again (revision %lu).\n"),
	       step, step_name(step), p->id, p->revision);
	print_current_step(p);
out:
	gtd_partner_free(p);
	return rc;
}

/* ---- export ------------------------------------------------------------ */

static int cli_export(cli_ctx *c, int argc, char **argv)
{
	const char *dir = opt(c, "out"), *sample = opt(c, "sample");
	gtd_partner *p;
	int rc = GTD_EXIT_OK, emulator = opt(c, "with-emulator-key") != NULL;
	gtd_err err;

	if (argc != 1)
		return usage(c, argc == 0 ? _("which partner? give its id") : _("one partner at a time"));
	if (!dir)
		return usage(c, _("--out DIR is required"));
	if (sample && !sample_language_known(sample))
		return usage(c, _("no sample in '%s': one of %s"), sample, sample_language_list());
	p = load(c, argv[0]);
	if (!p)
		return GTD_EXIT_FAIL;
	/* A sample that cannot be written refuses the whole export, before any file. */
	if ((sample && sample_check(p, sample, &err) != GTD_OK) ||
	    export_write(c->store, p, dir, emulator, &err) != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	{
		/* "pack/" names pack/pack.json, not pack//pack.json. */
		char *d = strndup(dir, export_dir_len(dir));
		const char *shown = d ? d : dir;

		printf(_("Wrote %s/%s and %s/%s (mode 0600: they hold the partner's credentials).\n"), shown,
		       EXPORT_INFO_FILE, shown, EXPORT_PACK_FILE);
		if (emulator)
			printf(_("The pack carries the emulator's private key (test only): 'gtd-mock --pack %s/%s' "
				 "plays Gotadi's sandbox for %s.\n"), shown, EXPORT_PACK_FILE, p->id);
		if (sample && sample_export(p, sample, dir, &err) != GTD_OK)
			rc = fail(c, "%s", err.msg);
		else if (sample)
			printf(_("Wrote %s/samples/%s/: the %s sample, set for %s's gateway.\n"), shown, sample,
			       sample, p->id);
		free(d);
	}
out:
	gtd_partner_free(p);
	return rc;
}

/* ---- audit ------------------------------------------------------------- */

typedef struct audit_rows {
	table t;
	cJSON *json;     /* the array, with --json */
	gtd_status st;
} audit_rows;

static int audit_row(const gtd_audit_entry *e, void *ctx)
{
	audit_rows *a = ctx;
	char revision[32];
	gtd_buf changes;
	size_t i;

	if (a->json) {
		cJSON *o = cJSON_CreateObject(), *arr = NULL;

		if (o && cJSON_AddStringToObject(o, "time", e->time) &&
		    cJSON_AddStringToObject(o, "user", e->user) &&
		    cJSON_AddStringToObject(o, "action", e->action) &&
		    cJSON_AddNumberToObject(o, "revision", (double)e->revision))
			arr = cJSON_AddArrayToObject(o, "changes");
		for (i = 0; arr && i < e->nchanges; i++)
			if (!cJSON_AddItemToArray(arr, cJSON_CreateString(e->changes[i])))
				arr = NULL;
		if (arr && e->naccepted)
			arr = cJSON_AddArrayToObject(o, "accepted");
		for (i = 0; arr && i < e->naccepted; i++)
			if (!cJSON_AddItemToArray(arr, cJSON_CreateString(e->accepted[i])))
				arr = NULL;
		if (!arr || !cJSON_AddItemToArray(a->json, o)) {
			cJSON_Delete(o);
			a->st = GTD_ENOMEM;
		}
		return a->st != GTD_OK;
	}
	gtd_buf_init(&changes, GTD_RECORD_MAX);
	for (i = 0; i < e->nchanges && a->st == GTD_OK; i++)
		a->st = gtd_buf_printf(&changes, "%s%s", i ? ", " : "", e->changes[i]);
	/* Said where the change is: what its author explicitly accepted. */
	for (i = 0; i < e->naccepted && a->st == GTD_OK; i++)
		a->st = gtd_buf_printf(&changes, _("; accepted: %s"), e->accepted[i]);
	snprintf(revision, sizeof(revision), "%lu", e->revision);
	if (a->st == GTD_OK) {
		const char *row[] = {e->time, e->user, e->action, revision, gtd_buf_str(&changes)};

		a->st = table_add(&a->t, row);
	}
	gtd_buf_release(&changes);
	return a->st != GTD_OK;
}

static const char *const audit_titles[] = {
	N_("TIME"), N_("USER"), N_("ACTION"), N_("REVISION"), N_("CHANGED FIELDS"),
};
static const size_t audit_caps[] = {0, 24, 0, 0, 0};

static int cli_audit(cli_ctx *c, int argc, char **argv)
{
	audit_rows a = {{5, audit_titles, audit_caps, {0, NULL}}, NULL, GTD_OK};
	char why[GTD_ERR_MSG_MAX];
	const char *id;
	gtd_store *s;
	gtd_err err;
	int rc = GTD_EXIT_OK, json = opt(c, "json") != NULL;

	if (argc != 1)
		return usage(c, argc == 0 ? _("which partner? give its id") : _("one partner at a time"));
	id = argv[0];
	if (!gtd_valid_slug(id, why, sizeof(why)))
		return usage(c, _("partner id \"%s\": %s"), id, why);
	s = store_get(c);
	if (!s)
		return GTD_EXIT_FAIL;
	if (json && !(a.json = cJSON_CreateArray()))
		return fail(c, _("out of memory"));
	if (gtd_store_audit(s, id, audit_row, &a, &err) != GTD_OK) {
		rc = fail(c, "%s", err.msg);
		goto out;
	}
	if (a.st != GTD_OK) {
		rc = fail(c, _("out of memory"));
		goto out;
	}
	if (json) {
		rc = print_json(c, a.json);
		a.json = NULL;
	} else if (a.t.cells.n == 0) {
		printf(_("No history for partner %s in %s.\n"), id, s->dir);
	} else {
		table_print(&a.t);
	}
out:
	cJSON_Delete(a.json);
	gtd_strlist_release(&a.t.cells);
	return rc;
}

/* ---- reference tables -------------------------------------------------- */

static int cli_rules(cli_ctx *c, int argc, char **argv)
{
	size_t n, i;
	const gtd_rule *r = gtd_rules_table(&n);

	if (argc)
		return usage(c, _("unexpected argument '%s'"), argv[0]);
	for (i = 0; i < n; i++) {
		printf("%s (%s%s%s; %s)\n  %s\n  %s\n", r[i].id,
		       r[i].products & GTD_RULE_FLIGHT ? _("flight") : "",
		       r[i].products == (GTD_RULE_FLIGHT | GTD_RULE_HOTEL) ? ", " : "",
		       r[i].products & GTD_RULE_HOTEL ? _("hotel") : "",
		       r[i].stage == GTD_RULES_HOLD ? _("checked from hold") : _("checked at commit"),
		       r[i].en, r[i].vi);
	}
	return GTD_EXIT_OK;
}

static const char *const code_titles[] = {N_("CODE"), N_("HTTP"), N_("NAME"), N_("ENGLISH"), N_("VIETNAMESE")};
static const char *const http_titles[] = {N_("HTTP"), N_("REASON"), N_("ENGLISH"), N_("VIETNAMESE")};
static const size_t no_caps[] = {0, 0, 0, 0, 0};

static int cli_codes(cli_ctx *c, int argc, char **argv)
{
	table codes = {5, code_titles, no_caps, {0, NULL}}, http = {4, http_titles, no_caps, {0, NULL}};
	gtd_status st = GTD_OK;
	char num[2][16];
	size_t i;

	if (argc)
		return usage(c, _("unexpected argument '%s'"), argv[0]);
	for (i = 0; i < GTD_CODE_COUNT && st == GTD_OK; i++) {
		const gtd_code_info *ci = &gtd_codes[i];
		const char *row[] = {ci->code, num[0], ci->name, ci->en, ci->vi};

		snprintf(num[0], sizeof(num[0]), "%d", ci->http);
		st = table_add(&codes, row);
	}
	for (i = 0; i < gtd_http_code_count && st == GTD_OK; i++) {
		const gtd_http_info *hi = &gtd_http_codes[i];
		const char *row[] = {num[1], hi->reason, hi->en, hi->vi};

		snprintf(num[1], sizeof(num[1]), "%d", hi->status);
		st = table_add(&http, row);
	}
	if (st == GTD_OK) {
		table_print(&codes);
		printf("\n");
		table_print(&http);
	}
	gtd_strlist_release(&codes.cells);
	gtd_strlist_release(&http.cells);
	return st == GTD_OK ? GTD_EXIT_OK : fail(c, _("out of memory"));
}

/* ---- the command table ------------------------------------------------- */

const cli_verb cli_verbs[] = {
	{"list", "[--json]",
	 N_("list the partners: onboarding step, status, what is missing next"),
	 {{"json", no_argument}}, cli_list},
	{"show", "ID [--json] [--reveal]",
	 N_("print every section of a partner's record, secrets masked"),
	 {{"json", no_argument}, {"reveal", no_argument}}, cli_show},
	{"add", "ID [FIELD=VALUE]... | --from FILE [FIELD=VALUE]... [--accept-contrast]",
	 N_("create a partner, empty or from a JSON record"),
	 {{"from", required_argument}, {"accept-contrast", no_argument}}, cli_add},
	{"set", "ID FIELD=VALUE... [--accept-contrast]",
	 N_("change fields of a partner, all or nothing"),
	 {{"accept-contrast", no_argument}}, cli_set},
	{"append", "ID documents|onboarding.evidence|cs.channels MEMBER=VALUE...",
	 N_("add a document, acceptance evidence or support channel"),
	 {{NULL, 0}}, cli_append},
	{"remove", "ID LIST[N]",
	 N_("remove an element of one of those lists"),
	 {{NULL, 0}}, cli_remove},
	{"import-key", "ID FILE|-",
	 N_("import the partner's RSA public key (PEM, DER or .NET XML)"),
	 {{NULL, 0}}, cli_import_key},
	{"provision", "ID [--env sandbox|live] [--gateway URL] [--portal URL] [--bits N] [--rotate-key]",
	 N_("make the partner's credentials and mail the activation link"),
	 {{"env", required_argument}, {"gateway", required_argument}, {"portal", required_argument},
	  {"bits", required_argument}, {"rotate-key", no_argument}}, cli_provision},
	{"step", "ID N done|reopen [--note TEXT]",
	 N_("mark an onboarding step done, or open it again"),
	 {{"note", required_argument}}, cli_step},
	{"export", "ID --out DIR [--with-emulator-key] [--sample LANG]",
	 N_("write the partner's connection pack"),
	 {{"out", required_argument}, {"with-emulator-key", no_argument}, {"sample", required_argument}},
	 cli_export},
	{"audit", "ID [--json]",
	 N_("show who changed a partner's record, when, and what"),
	 {{"json", no_argument}}, cli_audit},
	{"rules", "",
	 N_("Gotadi's test rules, in English and Vietnamese"),
	 {{NULL, 0}}, cli_rules},
	{"codes", "",
	 N_("error codes and HTTP statuses, in English and Vietnamese"),
	 {{NULL, 0}}, cli_codes},
};
const size_t cli_verb_count = sizeof(cli_verbs) / sizeof(cli_verbs[0]);

const cli_verb *cli_verb_find(const char *name)
{
	size_t i;

	for (i = 0; i < cli_verb_count; i++)
		if (strcmp(cli_verbs[i].name, name) == 0)
			return &cli_verbs[i];
	return NULL;
}

int cli_run(cli_ctx *c, int argc, char **argv)
{
	struct option opts[CLI_OPTIONS_MAX + 2];
	size_t n;
	int o;

	for (n = 0; n < CLI_OPTIONS_MAX && c->verb->options[n].name; n++)
		opts[n] = (struct option){c->verb->options[n].name, c->verb->options[n].has_arg, NULL,
					  OPT_FIRST + (int)n};
	opts[n] = (struct option){"help", no_argument, NULL, 'h'};
	opts[n + 1] = (struct option){NULL, 0, NULL, 0};
	/* Parsing afresh: every verb gets its own argv. */
	optind = 0;
	while ((o = next_option(c, argc, argv, opts)) != -1) {
		if (o == 'h')
			return help(c);
		if (o < OPT_FIRST)
			return usage(c, NULL);
		c->opt[o - OPT_FIRST] = optarg ? optarg : "";
	}
	return c->verb->run(c, argc - optind, argv + optind);
}
