/* cli.h - gtd-console's scriptable verbs: list, show, add, set, append,
 * remove, import-key, provision, step, export, audit, rules, codes.
 *
 * cli_verbs is the command table: each verb's name, synopsis, summary,
 * options and handler; option parsing, usage messages and --help come from
 * it.  A verb returns the process exit status: GTD_EXIT_OK, GTD_EXIT_FAIL
 * (the message is on stderr) or GTD_EXIT_USAGE.  Verbs go through the same
 * library calls as the interactive console, so both validate alike.
 */
#ifndef TUI_CLI_H
#define TUI_CLI_H

#include <getopt.h>

#include "store.h"

#define CLI_OPTIONS_MAX 5   /* provision has the most */

typedef struct cli_verb cli_verb;

typedef struct cli_ctx {
	const char *data_dir;   /* the store's directory */
	const char *user;       /* who changes things: the audit log's user */
	const cli_verb *verb;   /* the verb being run */
	const struct option *globals;   /* the program's options, for hints */
	gtd_store *store;       /* opened on first use; the caller closes it */
	/* The verb's options as given, by their place in verb->options: the
	 * value, "" for an option without one, NULL when absent. */
	const char *opt[CLI_OPTIONS_MAX];
} cli_ctx;

/* An option of a verb, besides --help, which every verb has. */
typedef struct cli_option {
	const char *name;       /* "json": --json */
	int has_arg;            /* no_argument or required_argument */
} cli_option;

/* One verb of the command table. */
struct cli_verb {
	const char *name;
	const char *synopsis;   /* its arguments, for usage and --help */
	const char *summary;    /* one line saying what it does (untranslated) */
	cli_option options[CLI_OPTIONS_MAX + 1];   /* ends with a NULL name */
	/* Runs the verb on the arguments left once the options are taken out. */
	int (*run)(cli_ctx *c, int argc, char **argv);
};

/* The verbs, in the order the program's --help lists them. */
extern const cli_verb cli_verbs[];
extern const size_t cli_verb_count;

/* The verb called name, or NULL. */
const cli_verb *cli_verb_find(const char *name);

/* Runs c->verb on argv (argv[0] is the verb's name): parses its options
 * into c->opt - --help prints the help its table entry makes, a bad option
 * a usage message - then calls its run with the other arguments.  Returns
 * the exit status. */
int cli_run(cli_ctx *c, int argc, char **argv);

#endif
