#include "usage.h"

#include "api.h"

#include <getopt.h>
#include <string.h>

void gtd_usage_bad_option(FILE *out, const char *prog, int c, char *const *argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	/* "--name" without "=value": a value may be a secret typed after a
	 * misspelt option (--api-kye=K). */
	int name = (int)strcspn(arg, "=");

	if (c == ':')
		fprintf(out, "%s: option '%.*s' needs a value\n", prog, name, arg);
	/* A long option that takes no value, given one: '?' with its value
	 * in optopt. */
	else if (optopt && strncmp(arg, "--", 2) == 0 && arg[name])
		fprintf(out, "%s: option '%.*s' takes no value\n", prog, name, arg);
	else if (optopt && optopt < 256 && strncmp(arg, "--", 2) != 0)
		fprintf(out, "%s: unknown option '-%c'\n", prog, optopt);
	else
		fprintf(out, "%s: unknown option '%.*s'\n", prog, name, arg);
}

void gtd_usage_version(FILE *out, const char *prog)
{
	fprintf(out, "%s %s\nGotadi B2B2C Webview protocol, revision %d\n", prog, PACKAGE_VERSION,
		GTD_PROTOCOL_REVISION);
}
