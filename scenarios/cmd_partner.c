#include "cmd_partner.h"

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "client.h"
#include "codes.h"
#include "exit.h"
#include "jsonnum.h"
#include "mask.h"
#include "pack.h"
#include "partner.h"
#include "report.h"
#include "runner.h"
#include "scenario.h"
#include "usage.h"
#include "utf8.h"

#define OPTIONS_MAX 32

/* The secrets of this run (the API key and the access code), masked in
 * every message on stderr, whichever part of the kit wrote the text. */
static const char *secrets[2];

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char *msg = NULL, *hit;
	va_list ap;
	size_t i, from;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return;
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		size_t n = secrets[i] ? strlen(secrets[i]) : 0;
		char *m;

		if (n < 4 || !(m = gtd_mask_secret(secrets[i])))
			continue;
		for (from = 0; (hit = strstr(msg + from, secrets[i]));) {
			char *next = NULL;

			from = (size_t)(hit - msg) + strlen(m);
			if (asprintf(&next, "%.*s%s%s", (int)(hit - msg), msg, m, hit + n) < 0)
				break;
			free(msg);
			msg = next;
		}
		free(m);
	}
	fputs(msg, stderr);
	free(msg);
}

enum {
	O_PACK = 256, O_GATEWAY, O_API_KEY, O_ACCESS_CODE, O_KEY, O_GOTADI_KEY, O_PARTNER_ID,
	O_CACERT, O_INSECURE, O_VERBOSE, O_TIMEOUT, O_HELP,
	O_USER, O_PRODUCT, O_LAYOUT, O_TRANS_ID, O_PRODUCT_TYPE,
	O_FILTER, O_LIST, O_JUNIT, O_REPORT, O_NO_CONTROL, O_JOBS,
};

/* A command line, parsed. */
typedef struct cmdline {
	const char *pack, *gateway, *api_key, *access_code, *key, *gotadi_key, *partner_id, *cacert;
	int insecure, verbose;
	long timeout_ms;
	const char *user, *product, *layout, *trans_id, *product_type;
	const char *filter, *junit, *report, *jobs;
	int list, no_control;
	char **args;
	int nargs;
} cmdline;

static const struct option connection_options[] = {
	{"pack", required_argument, NULL, O_PACK},
	{"gateway", required_argument, NULL, O_GATEWAY},
	{"api-key", required_argument, NULL, O_API_KEY},
	{"access-code", required_argument, NULL, O_ACCESS_CODE},
	{"key", required_argument, NULL, O_KEY},
	{"gotadi-key", required_argument, NULL, O_GOTADI_KEY},
	{"partner-id", required_argument, NULL, O_PARTNER_ID},
	{"cacert", required_argument, NULL, O_CACERT},
	{"insecure", no_argument, NULL, O_INSECURE},
	{"verbose", no_argument, NULL, O_VERBOSE},
	{"timeout", required_argument, NULL, O_TIMEOUT},
	{"help", no_argument, NULL, O_HELP},
	{NULL, 0, NULL, 0},
};

/* Where each option lands in a cmdline: a string, or a flag set to 1. */
static const struct {
	int opt;
	size_t offset;
	int flag;
} setters[] = {
	{O_PACK, offsetof(cmdline, pack), 0},
	{O_GATEWAY, offsetof(cmdline, gateway), 0},
	{O_API_KEY, offsetof(cmdline, api_key), 0},
	{O_ACCESS_CODE, offsetof(cmdline, access_code), 0},
	{O_KEY, offsetof(cmdline, key), 0},
	{O_GOTADI_KEY, offsetof(cmdline, gotadi_key), 0},
	{O_PARTNER_ID, offsetof(cmdline, partner_id), 0},
	{O_CACERT, offsetof(cmdline, cacert), 0},
	{O_INSECURE, offsetof(cmdline, insecure), 1},
	{O_VERBOSE, offsetof(cmdline, verbose), 1},
	{O_USER, offsetof(cmdline, user), 0},
	{O_PRODUCT, offsetof(cmdline, product), 0},
	{O_LAYOUT, offsetof(cmdline, layout), 0},
	{O_TRANS_ID, offsetof(cmdline, trans_id), 0},
	{O_PRODUCT_TYPE, offsetof(cmdline, product_type), 0},
	{O_FILTER, offsetof(cmdline, filter), 0},
	{O_LIST, offsetof(cmdline, list), 1},
	{O_JUNIT, offsetof(cmdline, junit), 0},
	{O_REPORT, offsetof(cmdline, report), 0},
	{O_NO_CONTROL, offsetof(cmdline, no_control), 1},
	{O_JOBS, offsetof(cmdline, jobs), 0},
};

static const struct option login_options[] = {
	{"user", required_argument, NULL, O_USER},
	{"product", required_argument, NULL, O_PRODUCT},
	{"layout", required_argument, NULL, O_LAYOUT},
	{NULL, 0, NULL, 0},
};
static const struct option commit_options[] = {
	{"trans-id", required_argument, NULL, O_TRANS_ID},
	{"product-type", required_argument, NULL, O_PRODUCT_TYPE},
	{NULL, 0, NULL, 0},
};
static const struct option run_options[] = {
	{"filter", required_argument, NULL, O_FILTER},
	{"list", no_argument, NULL, O_LIST},
	{"junit", required_argument, NULL, O_JUNIT},
	{"report", required_argument, NULL, O_REPORT},
	{"no-control", no_argument, NULL, O_NO_CONTROL},
	{"jobs", required_argument, NULL, O_JOBS},
	{NULL, 0, NULL, 0},
};
static const struct option no_options[] = {{NULL, 0, NULL, 0}};

/* The error codes after which a command exits 0. */
static const char *const codes_success[] = {"00", NULL};
static const char *const codes_accepted[] = {"00", "01", NULL};

typedef struct command_spec {
	const char *name;
	const char *usage;             /* after "gtd-scenario NAME" */
	const char *help;              /* what --help adds */
	const struct option *own;
	int min_args, max_args;        /* positional arguments; max -1: any number */
	int needs_gateway;             /* makes requests */
	const char *const *ok_codes;   /* exit 0 on these answers */
	void (*more_help)(void);       /* prints what --help says after the rest, or NULL */
} command_spec;

static const char connection_help[] =
	"Connection (from --pack, each flag overriding the pack's value):\n"
	"  --pack PACK.json          the connection pack staff gave you (or gtd-mock\n"
	"                            --demo wrote)\n"
	"  --gateway URL             the gateway, e.g. https://sandbox.example\n"
	"  --api-key K               sent as the apikey header\n"
	"  --access-code C           sent as x-ibe-req-name and in every sealed message\n"
	"  --key PARTNER_PRIVATE     your private key (PEM, DER or .NET XML)\n"
	"  --gotadi-key GOTADI_PUBLIC  Gotadi's public key\n"
	"  --partner-id ID           your partner id (scenarios' ${partner_id})\n"
	"  --cacert FILE             trust this CA for HTTPS\n"
	"  --insecure                do not verify HTTPS (test servers only)\n"
	"  --timeout MS              per request (default 10000)\n"
	"  --verbose                 show the requests and answers on the wire (secrets\n"
	"                            masked) and each crypto step, on standard error\n";

#define HELP_COLUMNS 80

/* Prints text from column col on, wrapped at its spaces so that no line
 * passes HELP_COLUMNS, the lines after the first indented to col. */
static void print_wrapped(const char *text, size_t col)
{
	size_t used = col;

	while (*text) {
		size_t n = strcspn(text, " "), w;
		char word[128];

		/* Measured on a copy, written from the text: a longer word
		 * than the copy holds is still written whole. */
		snprintf(word, sizeof(word), "%.*s", (int)n, text);
		w = gtd_utf8_width(word);
		if (used > col && used + 1 + w > HELP_COLUMNS) {
			printf("\n%*s", (int)col, "");
			used = col;
		} else if (used > col) {
			putchar(' ');
			used++;
		}
		fwrite(text, 1, n, stdout);
		used += w;
		text += n;
		text += strspn(text, " ");
	}
	putchar('\n');
}

/* run --help lists the step types from the parser's table. */
static void step_types_help(void)
{
	char line[256];
	size_t i;

	printf("\nStep types (doc/scenario-format.md describes their members):\n");
	for (i = 0; i < SCENARIO_STEP_TYPE_COUNT; i++) {
		snprintf(line, sizeof(line), "%s%s", scenario_step_types[i].en,
			 scenario_step_types[i].flags & SCENARIO_STEP_CONTROL ? " (control)" : "");
		printf("  %-16s ", scenario_step_types[i].name);
		print_wrapped(line, 19);
	}
}

static const command_spec login_spec = {
	"login", "--user ID --product flight|hotel [--layout dual|single] [CONNECTION]",
	"Logs a user in: prints the verified answer, its error code with the code's\n"
	"meaning, and the webview's redirect_url.  Exits 0 only for error code 00.\n",
	login_options, 0, 0, 1, codes_success, NULL,
};
static const command_spec commit_spec = {
	"commit", "BOOKING [--trans-id X] [--product-type AIR|HOTEL] [CONNECTION]",
	"Tells Gotadi that BOOKING is paid.  The product type defaults from the booking\n"
	"number (ADCO: AIR, HDCO: HOTEL); the transaction id defaults to the booking\n"
	"number.  Exits 0 for 00 (issued) and 01 (accepted, being issued: poll with\n"
	"'query').\n",
	commit_options, 1, 1, 1, codes_accepted, NULL,
};
static const command_spec query_spec = {
	"query", "BOOKING [CONNECTION]",
	"Checks the result of a commit (query-trans).  Exits 0 for 00 and 01.\n",
	no_options, 1, 1, 1, codes_accepted, NULL,
};
static const command_spec detail_spec = {
	"detail", "BOOKING [CONNECTION]",
	"Prints the booking detail JSON (statuses, fare, travellers, itinerary).\n",
	no_options, 1, 1, 1, NULL, NULL,
};
static const command_spec open_redirect_spec = {
	"open-redirect", "URL [--key PARTNER_PRIVATE --gotadi-key GOTADI_PUBLIC | --pack PACK.json]",
	"Opens the place-order redirect your payment page receives\n"
	"(PAYMENT_URL?key=K?data=D, or &data=D): decrypts it with your key, verifies\n"
	"Gotadi's signature and the access code (when known), and prints the fields.\n"
	"Makes no request.\n",
	no_options, 1, 1, 0, NULL, NULL,
};
static const command_spec run_spec = {
	"run", "PATH... [--filter X] [--list] [--junit FILE] [--report FILE.md] [--no-control] "
	       "[--jobs N] [CONNECTION]",
	"Runs the scenario files (or folders of them) against the gateway: one line per\n"
	"scenario, the failing step explained, and the closing line 'N passed, N failed'.\n"
	"  --filter X      only scenarios whose suite/name or file contain X\n"
	"  --list          list the scenarios without running them\n"
	"  --junit FILE    write JUnit XML\n"
	"  --report FILE   write Markdown acceptance evidence\n"
	"  --no-control    skip scenarios that need gtd-mock's control API (a real\n"
	"                  sandbox)\n"
	"  --jobs N        run up to N scenarios at once (1 to 64; default 1): those that\n"
	"                  move no clock, arm no fault and read no outbox; the others\n"
	"                  then run one at a time.  Lines come in the order scenarios\n"
	"                  finish; the reports keep the files' order\n"
	"Exits 0 when every scenario passed, 1 when one failed.\n",
	run_options, 1, -1, 1, NULL, step_types_help,
};

static int usage_error(const command_spec *cmd, const char *msg)
{
	if (msg)
		say("gtd-scenario %s: %s\n", cmd->name, msg);
	say("usage: gtd-scenario %s %s\n'gtd-scenario %s --help' explains.\n", cmd->name,
		cmd->usage, cmd->name);
	return GTD_EXIT_USAGE;
}

/* Parses argv into cl; returns -1 to go on, or the exit status. */
static int parse_cmdline(const command_spec *cmd, int argc, char **argv, cmdline *cl)
{
	struct option opts[OPTIONS_MAX];
	size_t n = 0, i;
	char *end;
	int c;

	memset(cl, 0, sizeof(*cl));
	for (i = 0; connection_options[i].name; i++)
		opts[n++] = connection_options[i];
	for (i = 0; cmd->own[i].name; i++)
		opts[n++] = cmd->own[i];
	memset(&opts[n], 0, sizeof(opts[n]));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		if (c == O_HELP) {
			printf("usage: gtd-scenario %s %s\n\n%s\n%s", cmd->name, cmd->usage, cmd->help,
			       connection_help);
			if (cmd->more_help)
				cmd->more_help();
			return GTD_EXIT_OK;
		}
		if (c == O_TIMEOUT) {
			cl->timeout_ms = strtol(optarg, &end, 10);
			if (*end || cl->timeout_ms < 1 || cl->timeout_ms > 600000)
				return usage_error(cmd, "--timeout takes milliseconds, from 1 to 600000");
			continue;
		}
		for (i = 0; i < sizeof(setters) / sizeof(setters[0]); i++)
			if (setters[i].opt == c)
				break;
		if (i == sizeof(setters) / sizeof(setters[0])) {
			char prog[64];

			snprintf(prog, sizeof(prog), "gtd-scenario %s", cmd->name);
			gtd_usage_bad_option(stderr, prog, c, argv);
			return usage_error(cmd, NULL);
		}
		if (setters[i].flag)
			*(int *)((char *)cl + setters[i].offset) = 1;
		else
			*(const char **)((char *)cl + setters[i].offset) = optarg;
	}
	cl->args = argv + optind;
	cl->nargs = argc - optind;
	if (cl->nargs < cmd->min_args)
		return usage_error(cmd, cmd->max_args == 1 ? "one argument is required"
							   : "at least one path is required");
	if (cmd->max_args >= 0 && cl->nargs > cmd->max_args)
		return usage_error(cmd, "too many arguments");
	return -1;
}

/* The connection a command speaks through. */
typedef struct conn {
	gtd_pack pack;
	gtd_key *partner_key, *gotadi_key;
	client_config cfg;
	const char *partner_id, *payment_url;
} conn;

static void conn_release(conn *cn)
{
	gtd_pack_release(&cn->pack);
	gtd_key_free(cn->partner_key);
	gtd_key_free(cn->gotadi_key);
}

/* Fills cn from the pack and the flags; returns -1 when ready, or the exit
 * status (release cn either way). */
static int conn_open(const command_spec *cmd, const cmdline *cl, conn *cn)
{
	const char *key_path;
	gtd_err err;
	char msg[256];

	memset(cn, 0, sizeof(*cn));
	if (cl->pack && gtd_pack_load(cl->pack, &cn->pack, &err) != GTD_OK) {
		say("gtd-scenario %s: %s\n", cmd->name, err.msg);
		return GTD_EXIT_FAIL;
	}
	cn->cfg.gateway = cl->gateway ? cl->gateway : cn->pack.gateway_url;
	cn->cfg.api_key = cl->api_key ? cl->api_key : cn->pack.api_key;
	cn->cfg.access_code = cl->access_code ? cl->access_code : cn->pack.access_code;
	cn->partner_id = cl->partner_id ? cl->partner_id : cn->pack.partner_id;
	secrets[0] = cn->cfg.api_key;
	secrets[1] = cn->cfg.access_code;
	cn->payment_url = cn->pack.payment_url;
	if (cmd->needs_gateway && (!cn->cfg.gateway || !cn->cfg.api_key || !cn->cfg.access_code)) {
		snprintf(msg, sizeof(msg), "no %s: give --pack PACK.json or %s",
			 !cn->cfg.gateway ? "gateway URL" : !cn->cfg.api_key ? "API key" : "access code",
			 !cn->cfg.gateway ? "--gateway URL" : !cn->cfg.api_key ? "--api-key K"
									 : "--access-code C");
		return usage_error(cmd, msg);
	}
	key_path = cl->key ? cl->key : cn->pack.partner_private_key_path;
	if (!key_path)
		return usage_error(cmd, "no partner private key: give --key PARTNER_PRIVATE (packs from "
					"gtd-console do not name it; demo packs do)");
	if (!cl->gotadi_key && !cn->pack.gotadi_public_key)
		return usage_error(cmd, "no Gotadi public key: give --gotadi-key FILE or --pack PACK.json");
	if (gtd_key_load(key_path, GTD_KEY_PRIVATE, &cn->partner_key, &err) != GTD_OK ||
	    (cl->gotadi_key ? gtd_key_load(cl->gotadi_key, GTD_KEY_PUBLIC, &cn->gotadi_key, &err)
			    : gtd_key_parse(cn->pack.gotadi_public_key, strlen(cn->pack.gotadi_public_key),
					    GTD_KEY_PUBLIC, &cn->gotadi_key, &err)) != GTD_OK) {
		say("gtd-scenario %s: %s\n", cmd->name, err.msg);
		return GTD_EXIT_FAIL;
	}
	cn->cfg.partner_key = cn->partner_key;
	cn->cfg.gotadi_key = cn->gotadi_key;
	cn->cfg.cacert = cl->cacert;
	cn->cfg.insecure = cl->insecure;
	cn->cfg.timeout_ms = cl->timeout_ms;
	cn->cfg.trace = cl->verbose ? stderr : NULL;
	return -1;
}


static void print_open_failure(const char *cmd, const gtd_open_report *rep,
			       const gtd_schema *s)
{
	const gtd_code_info *ci = &gtd_codes[gtd_open_step_code(rep->step)];

	say("gtd-scenario %s: step %s failed (error code %s, %s): %s\n", cmd,
		gtd_open_step_name(rep->step), ci->code, ci->en, rep->why);
	if (rep->signed_data && rep->step == GTD_OPEN_SIGNATURE) {
		char *shown = gtd_schema_mask_signed(s, rep->signed_data);

		say("signature data verified: %s\n", shown ? shown : "(out of memory)");
		free(shown);
	}
}

/* The endpoint table's name of a command's call, for gtd_code_meaning and
 * gtd_http_meaning. */
static const char *api_of(const char *cmd)
{
	if (strcmp(cmd, "query") == 0)
		return "query-trans";
	return strcmp(cmd, "detail") == 0 ? "booking-detail" : cmd;
}

/* The properties line: the JSON text as it came, then its three statuses
 * said plainly, or that it is not the JSON object Gotadi documents (which
 * a partner's JSON parser would refuse). */
static void print_properties(const char *v)
{
	static const char *const members[][2] = {
		{"status", "status"}, {"paymentStatus", "payment"}, {"issuedStatus", "issuance"},
	};
	cJSON *o = cJSON_ParseWithOpts(v, NULL, 1);
	size_t i;

	printf("%-16s %s (", "properties", v);
	if (!cJSON_IsObject(o))
		printf("not a JSON object");
	for (i = 0; cJSON_IsObject(o) && i < sizeof(members) / sizeof(members[0]); i++) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, members[i][0]);

		printf("%s%s %s", i ? ", " : "", members[i][1],
		       cJSON_IsString(m) ? m->valuestring : "missing");
	}
	printf(")\n");
	cJSON_Delete(o);
}

/* One field a line: the error code with its meaning (for this call when
 * there is more to say), the access code masked, the statuses in
 * properties spelt out.  An error answer's empty optional fields are left
 * out: there is nothing in them. */
static void print_fields(const gtd_fields *f, const char *cmd)
{
	const char *code = gtd_fields_get(f, "error_code");
	int error = code && *code && !gtd_code_processed(code);
	size_t i;

	for (i = 0; i < f->schema->nfields; i++) {
		const gtd_field *fd = &f->schema->fields[i];
		const char *name = fd->name, *v = f->v[i] ? f->v[i] : "";
		const gtd_code_info *ci = gtd_code_lookup(v);
		const char *meaning = cmd ? gtd_code_meaning(api_of(cmd), v) : NULL;
		char *m = NULL;

		if (error && !*v && !(fd->flags & GTD_FIELD_MANDATORY))
			continue;
		if (strcmp(name, "error_code") == 0)
			printf("%-16s %s (%s%s%s)\n", name, v, ci ? ci->en : "not a Gotadi code",
			       meaning ? ": " : "", meaning ? meaning : "");
		else if (strcmp(name, "access_code") == 0 && (m = gtd_mask_secret(v)))
			printf("%-16s %s\n", name, m);
		else if (strcmp(name, "properties") == 0 && *v)
			print_properties(v);
		else
			printf("%-16s %s\n", name, v);
		free(m);
	}
}

/* An answer that failed only the access-code check is Gotadi's (its
 * signature verified): say the code it carries, which is usually why. */
static void print_code_inside(const command_spec *cmd, const client_result *r)
{
	const char *code = gtd_fields_get(&r->fields, "error_code"), *meaning;
	const gtd_code_info *ci = gtd_code_lookup(code);

	if (r->rep.step != GTD_OPEN_ACCESS_CODE || !ci)
		return;
	meaning = gtd_code_meaning(api_of(cmd->name), code);
	say("gtd-scenario %s: the answer, signed by Gotadi, carries error code %s: %s%s%s\n", cmd->name,
	    code, ci->en, meaning ? ": " : "", meaning ? meaning : "");
}

/* Says on stderr why a call gave no usable answer and returns the exit
 * status; -1 when there is an answer to print. */
static int call_failed(const command_spec *cmd, gtd_status st, const client_result *r)
{
	int rc = -1;

	if (r->warning)
		say("gtd-scenario %s: warning: %s\n", cmd->name, r->warning);
	if (st != GTD_OK) {
		say("gtd-scenario %s: %s\n", cmd->name, r->error);
		return st == GTD_EINVAL ? GTD_EXIT_USAGE : GTD_EXIT_FAIL;
	}
	if (r->http != 200) {
		const gtd_http_info *hi = gtd_http_lookup((int)r->http);
		const char *meaning = gtd_http_meaning(api_of(cmd->name), (int)r->http);
		char *msg = client_error_message(r);

		say("gtd-scenario %s: HTTP %ld %s%s%s\n", cmd->name, r->http,
			hi ? hi->reason : "", msg ? ": " : "", msg ? msg : "");
		if (meaning || hi)
			say("  %s\n", meaning ? meaning : hi->en);
		free(msg);
		rc = GTD_EXIT_FAIL;
	} else if (r->schema && !r->opened) {
		say("gtd-scenario %s: the answer does not open:\n", cmd->name);
		print_open_failure(cmd->name, &r->rep, r->schema);
		print_code_inside(cmd, r);
		rc = GTD_EXIT_FAIL;
	}
	if (rc >= 0 && r->explain)
		say("  X-Gtd-Explain: %s\n", r->explain);
	return rc;
}

/* Prints a sealed answer; exit 0 when its code is one of ok_codes. */
static int print_sealed(const command_spec *cmd, const client_result *r)
{
	const char *code = gtd_fields_get(&r->fields, "error_code"), *meaning;
	const gtd_code_info *ci = gtd_code_lookup(code);
	size_t i;

	print_fields(&r->fields, cmd->name);
	for (i = 0; cmd->ok_codes[i]; i++)
		if (strcmp(cmd->ok_codes[i], code) == 0)
			return GTD_EXIT_OK;
	meaning = gtd_code_meaning(api_of(cmd->name), code);
	say("gtd-scenario %s: error code %s: %s%s%s\n", cmd->name, code,
		ci ? ci->en : "not a Gotadi code", meaning ? ": " : "", meaning ? meaning : "");
	if (r->explain)
		say("  X-Gtd-Explain: %s\n", r->explain);
	return GTD_EXIT_FAIL;
}

typedef gtd_status (*api_call)(client *c, const cmdline *cl, client_result *r);

static gtd_status call_login(client *c, const cmdline *cl, client_result *r)
{
	return client_login(c, cl->user, cl->product, cl->layout, NULL, r);
}

static gtd_status call_commit(client *c, const cmdline *cl, client_result *r)
{
	const char *type = cl->product_type ? cl->product_type : client_product_type(cl->args[0]);

	if (!type) {
		snprintf(r->error, sizeof(r->error), "cannot tell the product type of %s (not ADCO... or "
			 "HDCO...): give --product-type AIR|HOTEL", cl->args[0]);
		return GTD_EINVAL;
	}
	return client_commit(c, cl->args[0], cl->trans_id, type, NULL, r);
}

static gtd_status call_query(client *c, const cmdline *cl, client_result *r)
{
	return client_query(c, cl->args[0], NULL, r);
}

static gtd_status call_detail(client *c, const cmdline *cl, client_result *r)
{
	return client_detail(c, cl->args[0], NULL, r);
}

/* Pretty-prints a JSON answer. */
static int print_json(const client_result *r)
{
	cJSON *o = cJSON_ParseWithLength(gtd_buf_str(&r->body), r->body.len);
	char *s = o ? cJSON_Print(o) : NULL;

	cJSON_Delete(o);
	if (!s) {
		say("gtd-scenario detail: the answer is not JSON: %.200s\n",
			gtd_buf_str(&r->body));
		return GTD_EXIT_FAIL;
	}
	printf("%s\n", s);
	free(s);
	return GTD_EXIT_OK;
}

/* The shape of login, commit, query and detail: parse, connect, call, print. */
static int one_call(const command_spec *cmd, int argc, char **argv, api_call call)
{
	client_result r;
	cmdline cl;
	client c = {0};
	conn cn;
	gtd_status st;
	gtd_err err;
	int rc;

	rc = parse_cmdline(cmd, argc, argv, &cl);
	if (rc >= 0)
		return rc;
	if (cmd == &login_spec && (!cl.user || !cl.product))
		return usage_error(cmd, cl.user ? "--product is required (flight or hotel)"
						: "--user is required");
	client_result_init(&r);
	rc = conn_open(cmd, &cl, &cn);
	if (rc >= 0)
		goto out;
	if (client_init(&c, &cn.cfg, &err) != GTD_OK) {
		say("gtd-scenario %s: %s\n", cmd->name, err.msg);
		rc = GTD_EXIT_FAIL;
		goto out;
	}
	st = call(&c, &cl, &r);
	rc = call_failed(cmd, st, &r);
	if (rc < 0)
		rc = cmd->ok_codes ? print_sealed(cmd, &r) : print_json(&r);
out:
	client_result_release(&r);
	client_release(&c);
	conn_release(&cn);
	return rc;
}

int cmd_login(int argc, char **argv)
{
	return one_call(&login_spec, argc, argv, call_login);
}

int cmd_commit(int argc, char **argv)
{
	return one_call(&commit_spec, argc, argv, call_commit);
}

int cmd_query(int argc, char **argv)
{
	return one_call(&query_spec, argc, argv, call_query);
}

int cmd_detail(int argc, char **argv)
{
	return one_call(&detail_spec, argc, argv, call_detail);
}

int cmd_open_redirect(int argc, char **argv)
{
	const command_spec *cmd = &open_redirect_spec;
	gtd_open_report rep = {0};
	gtd_fields f;
	cmdline cl;
	conn cn;
	int rc;

	rc = parse_cmdline(cmd, argc, argv, &cl);
	if (rc >= 0)
		return rc;
	gtd_fields_init(&f, gtd_schema_find("place-order"));
	rc = conn_open(cmd, &cl, &cn);
	if (rc >= 0)
		goto out;
	if (client_open_redirect(&cn.cfg, cl.args[0], &f, &rep) != GTD_OK) {
		print_open_failure(cmd->name, &rep, f.schema);
		rc = GTD_EXIT_FAIL;
		goto out;
	}
	print_fields(&f, NULL);
	rc = GTD_EXIT_OK;
out:
	gtd_fields_release(&f);
	gtd_open_report_release(&rep);
	conn_release(&cn);
	return rc;
}

static void list_scenarios(const scenario_list *l, const char *filter)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const scenario *sc = &l->v[i];
		char id[512];

		snprintf(id, sizeof(id), "%s/%s", sc->suite, sc->name);
		if (filter && !strstr(id, filter) && !strstr(sc->file, filter))
			continue;
		printf("%-44s %2zu steps%s  %s\n", id, sc->nsteps,
		       sc->needs_control ? ", control" : "", sc->file);
	}
}

/* Writes the files --junit and --report ask for; 0 when both went well. */
static int write_reports(const cmdline *cl, const conn *cn, const runner_results *res)
{
	report_info info = {cn->partner_id, cn->cfg.gateway};
	gtd_err err;
	int bad = 0;

	if (cl->junit && report_junit(res, cl->junit, &err) != GTD_OK) {
		say("gtd-scenario run: --junit: %s\n", err.msg);
		bad = 1;
	}
	if (cl->report && report_markdown(res, &info, cl->report, &err) != GTD_OK) {
		say("gtd-scenario run: --report: %s\n", err.msg);
		bad = 1;
	}
	return bad;
}

int cmd_run(int argc, char **argv)
{
	const command_spec *cmd = &run_spec;
	scenario_list list = {0};
	scenario_vars vars = {0};
	runner_results res = {0};
	runner_opts o = {0};
	const char *no_colour = getenv("NO_COLOR");
	client c = {0};
	char summary[128];
	cmdline cl;
	conn cn;
	gtd_err err;
	int rc, i;

	memset(&cn, 0, sizeof(cn));
	rc = parse_cmdline(cmd, argc, argv, &cl);
	if (rc >= 0)
		return rc;
	for (i = 0; i < cl.nargs; i++)
		if (scenario_list_load(&list, cl.args[i], &err) != GTD_OK) {
			say("gtd-scenario run: %s\n", err.msg);
			rc = GTD_EXIT_USAGE;
			goto out;
		}
	if (cl.list) {
		list_scenarios(&list, cl.filter);
		rc = GTD_EXIT_OK;
		goto out;
	}
	if (cl.jobs) {
		long long n;

		if (!gtd_decimal(cl.jobs, 1, RUNNER_JOBS_MAX, &n)) {
			rc = usage_error(cmd, "--jobs takes a whole number from 1 to 64");
			goto out;
		}
		o.jobs = (unsigned)n;
	}
	rc = conn_open(cmd, &cl, &cn);
	if (rc >= 0)
		goto out;
	if (scenario_vars_set(&vars, "partner_id", cn.partner_id ? cn.partner_id : "", &err) != GTD_OK ||
	    scenario_vars_set(&vars, "access_code", cn.cfg.access_code, &err) != GTD_OK ||
	    scenario_vars_set(&vars, "gateway", cn.cfg.gateway, &err) != GTD_OK ||
	    scenario_vars_set(&vars, "payment_url", cn.payment_url ? cn.payment_url : "", &err) != GTD_OK ||
	    client_init(&c, &cn.cfg, &err) != GTD_OK) {
		say("gtd-scenario run: %s\n", err.msg);
		rc = GTD_EXIT_FAIL;
		goto out;
	}
	o.filter = cl.filter;
	o.no_control = cl.no_control;
	o.colour = isatty(STDOUT_FILENO) && !(no_colour && *no_colour);
	o.out = stdout;
	o.predefined = &vars;
	if (runner_run(&c, &list, &o, &res, &err) != GTD_OK) {
		say("gtd-scenario run: %s\n", err.msg);
		rc = GTD_EXIT_FAIL;
		goto out;
	}
	runner_summary(&res, summary, sizeof(summary));
	printf("%s\n", summary);
	rc = write_reports(&cl, &cn, &res) || res.count[RUNNER_FAIL] ? GTD_EXIT_FAIL : GTD_EXIT_OK;
	/* Nothing run is no evidence of anything: a mistyped filter must fail. */
	if (res.n == 0) {
		say("gtd-scenario run: no scenario %s\n",
			cl.filter ? "matches --filter" : "found in the paths given");
		rc = GTD_EXIT_FAIL;
	}
out:
	runner_results_release(&res);
	client_release(&c);
	scenario_vars_release(&vars);
	scenario_list_release(&list);
	conn_release(&cn);
	return rc;
}
