/* cli.h - gtd-console's scriptable verbs: list, show, add, set, import-key,
 * provision, step, export, audit, rules, codes.
 *
 * Each verb takes the arguments after its name (argv[0] is the verb) and
 * returns the process exit status: GTD_EXIT_OK, GTD_EXIT_FAIL (the message
 * is on stderr) or GTD_EXIT_USAGE.  Verbs go through the same library calls
 * as the interactive console, so both validate alike.
 */
#ifndef TUI_CLI_H
#define TUI_CLI_H

#include <getopt.h>

#include "store.h"

typedef struct cli_ctx {
	const char *data_dir;   /* the store's directory */
	const char *user;       /* who changes things: the audit log's user */
	const char *verb;       /* the verb's name, for messages */
	const char *synopsis;   /* its arguments, for usage messages */
	const char *summary;    /* one line saying what it does (untranslated) */
	const struct option *globals;   /* the program's options, for hints */
	gtd_store *store;       /* opened on first use; the caller closes it */
} cli_ctx;

int cli_list(cli_ctx *c, int argc, char **argv);
int cli_show(cli_ctx *c, int argc, char **argv);
int cli_add(cli_ctx *c, int argc, char **argv);
int cli_set(cli_ctx *c, int argc, char **argv);
int cli_append(cli_ctx *c, int argc, char **argv);
int cli_remove(cli_ctx *c, int argc, char **argv);
int cli_import_key(cli_ctx *c, int argc, char **argv);
int cli_provision(cli_ctx *c, int argc, char **argv);
int cli_step(cli_ctx *c, int argc, char **argv);
int cli_export(cli_ctx *c, int argc, char **argv);
int cli_audit(cli_ctx *c, int argc, char **argv);
int cli_rules(cli_ctx *c, int argc, char **argv);
int cli_codes(cli_ctx *c, int argc, char **argv);

#endif
