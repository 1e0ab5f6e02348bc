/* gtd-scenario - the partner side of Gotadi's B2B2C webview protocol. */
#include <stdio.h>
#include <string.h>

#include "cmd_crypto.h"
#include "cmd_partner.h"
#include "exit.h"
#include "usage.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"keygen", cmd_keygen, "generate an RSA key pair as PEM and .NET XML"},
	{"seal", cmd_seal, "seal fields into a {key, data} envelope"},
	{"open", cmd_open, "open and verify a {key, data} envelope"},
	{"schemas", cmd_schemas, "list the sealed messages and their field order"},
	{"login", cmd_login, "log a user in; print the verified answer and the webview URL"},
	{"commit", cmd_commit, "tell Gotadi a booking is paid"},
	{"query", cmd_query, "check the result of a commit (query-trans)"},
	{"detail", cmd_detail, "print a booking's detail JSON"},
	{"open-redirect", cmd_open_redirect, "open and verify a place-order redirect URL"},
	{"run", cmd_run, "run scenario files against a gateway and report"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

#define USAGE_LINE "usage: gtd-scenario COMMAND [OPTION]... [ARG]...\n"

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, USAGE_LINE "\n"
		     "Acts as a partner of Gotadi's B2B2C webview.  Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'gtd-scenario COMMAND --help' describes a command; see gtd-scenario(1).\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs(USAGE_LINE "'gtd-scenario --help' lists the commands.\n", stderr);
		return GTD_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return GTD_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		gtd_usage_version(stdout, "gtd-scenario");
		return GTD_EXIT_OK;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "gtd-scenario: unknown %s '%s'\n", argv[1][0] == '-' ? "option" : "command", argv[1]);
	fputs(USAGE_LINE "'gtd-scenario --help' lists the commands.\n", stderr);
	return GTD_EXIT_USAGE;
}
