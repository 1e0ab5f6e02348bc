/* gtd-console - onboarding Gotadi's partners: the interactive console, and
 * the same operations as verbs for scripts. */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "exit.h"
#include "i18n.h"
#include "store.h"
#include "ui.h"
#include "usage.h"
#include "valid.h"

#define PROGRAM "gtd-console"
#define USER_MAX 64     /* display columns of a user name in the audit log */

typedef struct options {
	const char *data, *user, *lang, *mock;
	int help, version;
} options;

enum { O_VERSION = 256 };

static const struct option global_opts[] = {
	{"data", required_argument, NULL, 'd'},
	{"user", required_argument, NULL, 'u'},
	{"lang", required_argument, NULL, 'l'},
	{"mock", required_argument, NULL, 'm'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, O_VERSION},
	{NULL, 0, NULL, 0},
};

/* '+': the verb ends the options; the verb parses its own. */
#define GLOBAL_OPTSTRING "+:h"

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, _("usage: %s [OPTION]... [VERB [ARG]...]\n\n"
		       "Onboards Gotadi's B2B2C partners: records, keys, credentials, the five\n"
		       "onboarding steps and connection packs.  Without a verb, on a terminal, it\n"
		       "opens the interactive console.\n\n"
		       "Options:\n"
		       "  --data DIR     the data directory (default $GTD_HOME, else\n"
		       "                 $XDG_DATA_HOME/gtd, else ~/.local/share/gtd)\n"
		       "  --user NAME    who makes the changes, for the audit log (default $USER)\n"
		       "  --lang en|vi   the language of the messages (default: the environment's)\n"
		       "  --mock URL     the gtd-mock the interactive console talks to\n"
		       "  --help         print this help\n"
		       "  --version      print the version\n\n"
		       "Verbs:\n"), PROGRAM);
	for (i = 0; i < cli_verb_count; i++)
		fprintf(out, "  %-11s %s\n", cli_verbs[i].name, _(cli_verbs[i].summary));
	fprintf(out, _("\n'%s VERB --help' describes a verb; see %s(1).\n"), PROGRAM, PROGRAM);
}

/* --lang, looked for before anything is said, so that every message -
 * usage errors included - is in that language.  Only "vi" and "en" are
 * taken; parse_options() refuses the others. */
static const char *find_lang(int argc, char **argv)
{
	const char *lang = NULL;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, GLOBAL_OPTSTRING, global_opts, NULL)) != -1)
		if (c == 'l')
			lang = optarg;
	optind = 0;
	return lang && (strcmp(lang, "en") == 0 || strcmp(lang, "vi") == 0) ? lang : NULL;
}

/* The one-line usage and where the rest is: the whole help would bury the
 * message above it. */
static void usage_short(void)
{
	fprintf(stderr, _("usage: %s [OPTION]... [VERB [ARG]...]\n"), PROGRAM);
	fprintf(stderr, _("'%s --help' lists the options and verbs.\n"), PROGRAM);
}

/* After a wrong option: -1, for parse_options() to return. */
static int usage_error(void)
{
	usage_short();
	return -1;
}

/* The options before the verb.  Returns the index of the verb (argc when
 * there is none), or -1 after a usage error. */
static int parse_options(int argc, char **argv, options *o)
{
	char why[GTD_ERR_MSG_MAX];
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, GLOBAL_OPTSTRING, global_opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->data = optarg; break;
		case 'u': o->user = optarg; break;
		case 'l': o->lang = optarg; break;
		case 'm': o->mock = optarg; break;
		case 'h': o->help = 1; break;
		case O_VERSION: o->version = 1; break;
		case ':':
			fprintf(stderr, _("%s: option '%s' needs a value\n"), PROGRAM, argv[optind - 1]);
			return usage_error();
		default:
			fprintf(stderr, _("%s: unknown option '%s'\n"), PROGRAM, argv[optind - 1]);
			return usage_error();
		}
	}
	if (o->lang && strcmp(o->lang, "en") != 0 && strcmp(o->lang, "vi") != 0) {
		fprintf(stderr, _("%s: --lang is en or vi, not '%s'\n"), PROGRAM, o->lang);
		return usage_error();
	}
	if (o->mock && !gtd_valid_url(o->mock, 0, why, sizeof(why))) {
		fprintf(stderr, _("%s: --mock %s: %s\n"), PROGRAM, o->mock, why);
		return usage_error();
	}
	if (o->user && !gtd_valid_text(o->user, USER_MAX, why, sizeof(why))) {
		fprintf(stderr, _("%s: --user: %s\n"), PROGRAM, why);
		return usage_error();
	}
	return optind;
}

/* $USER, else the account's name from the password database. */
static const char *default_user(void)
{
	const char *u = getenv("USER");
	const struct passwd *pw;

	if (u && *u)
		return u;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "unknown";
}

static int run_verb(const cli_verb *v, const options *o, int argc, char **argv)
{
	cli_ctx c = {0};
	char *dir = o->data ? NULL : gtd_store_default_dir();
	int rc;

	c.data_dir = o->data ? o->data : dir;
	c.user = o->user ? o->user : default_user();
	c.verb = v;
	c.globals = global_opts;
	rc = cli_run(&c, argc, argv);
	gtd_store_close(c.store);
	free(dir);
	return rc;
}

/* The console, on a terminal only: a script that forgot its verb must not
 * hang waiting for keys. */
static int run_console(const options *o)
{
	/* The token comes from the environment, not argv, which others can read. */
	ui_options uo = {o->user ? o->user : default_user(), o->mock, getenv("GTD_CONTROL_TOKEN")};
	char *dir = o->data ? NULL : gtd_store_default_dir();
	gtd_store *store = NULL;
	gtd_err err;
	int rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("%s: no verb given, and the interactive console needs a terminal\n"), PROGRAM);
		free(dir);
		usage_short();
		return GTD_EXIT_USAGE;
	}
	if (!o->data && !dir) {
		fprintf(stderr, _("%s: no data directory: give --data DIR, or set GTD_HOME\n"), PROGRAM);
		return GTD_EXIT_FAIL;
	}
	if (gtd_store_open(o->data ? o->data : dir, &store, &err) != GTD_OK) {
		fprintf(stderr, "%s: %s\n", PROGRAM, err.msg);
		free(dir);
		return GTD_EXIT_FAIL;
	}
	rc = ui_run(store, &uo);
	gtd_store_close(store);
	free(dir);
	return rc;
}

int main(int argc, char **argv)
{
	options o = {0};
	const cli_verb *v;
	int first;

	i18n_init(find_lang(argc, argv));
	first = parse_options(argc, argv, &o);
	if (first < 0)
		return GTD_EXIT_USAGE;
	if (o.help) {
		usage(stdout);
		return GTD_EXIT_OK;
	}
	if (o.version) {
		gtd_usage_version(stdout, PROGRAM);
		return GTD_EXIT_OK;
	}
	if (first >= argc)
		return run_console(&o);
	v = cli_verb_find(argv[first]);
	if (v)
		return run_verb(v, &o, argc - first, argv + first);
	fprintf(stderr, _("%s: unknown verb '%s'\n"), PROGRAM, argv[first]);
	usage_short();
	return GTD_EXIT_USAGE;
}
