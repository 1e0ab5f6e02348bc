#include "cmd_crypto.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "envelope.h"
#include "exit.h"
#include "fs.h"
#include "keys.h"
#include "schema.h"
#include "usage.h"

#define ENVELOPE_FILE_MAX (1024 * 1024)

static int fail(const char *cmd, const gtd_err *err)
{
	fprintf(stderr, "gtd-scenario %s: %s\n", cmd, err->msg);
	return GTD_EXIT_FAIL;
}

static int usage_error(const char *cmd, const char *usage, const char *msg)
{
	if (msg)
		fprintf(stderr, "gtd-scenario %s: %s\n", cmd, msg);
	fprintf(stderr, "usage: gtd-scenario %s %s\n'gtd-scenario %s --help' explains.\n", cmd, usage, cmd);
	return GTD_EXIT_USAGE;
}

/* A bad option getopt_long() found, in our words, then the usage. */
static int option_error(const char *cmd, const char *usage, int c, char **argv)
{
	char prog[64];

	snprintf(prog, sizeof(prog), "gtd-scenario %s", cmd);
	gtd_usage_bad_option(stderr, prog, c, argv);
	return usage_error(cmd, usage, NULL);
}

/* Writes one key file, private ones with mode 0600. */
static int write_key_file(const char *prefix, const char *suffix, char *text, int private,
			  int force, gtd_err *err)
{
	char path[4096];
	gtd_status st;

	if (!text)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory encoding the key"), -1;
	snprintf(path, sizeof(path), "%s%s", prefix, suffix);
	st = gtd_file_write_atomic(path, text, strlen(text), private ? 0600 : 0644, !force, err);
	if (st == GTD_EEXIST)
		gtd_err_set(err, st, "%s already exists; use --force to replace it", path);
	OPENSSL_cleanse(text, strlen(text));
	free(text);
	return st == GTD_OK ? 0 : -1;
}

static const char keygen_usage[] = "[--bits N] [--force] --out PREFIX";

int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{"bits", required_argument, NULL, 'b'},
		{"out", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *prefix = NULL;
	int bits = 2048, force = 0, c;
	gtd_key *k = NULL;
	gtd_err err;
	char *end;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:o:fh", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
			bits = (int)strtol(optarg, &end, 10);
			if (*end || bits < GTD_KEY_MIN_BITS || bits > GTD_KEY_MAX_BITS)
				return usage_error("keygen", keygen_usage,
						   "--bits takes a number from 1024 to 16384 (2048 recommended)");
			break;
		case 'o':
			prefix = optarg;
			break;
		case 'f':
			force = 1;
			break;
		case 'h':
			printf("usage: gtd-scenario keygen %s\n\n"
			       "Writes PREFIX.pem (private, PKCS#8, mode 0600), PREFIX.pub.pem,\n"
			       "PREFIX.xml (private, .NET RSAKeyValue, mode 0600) and PREFIX.pub.xml.\n",
			       keygen_usage);
			return GTD_EXIT_OK;
		default:
			return option_error("keygen", keygen_usage, c, argv);
		}
	}
	if (!prefix || optind != argc)
		return usage_error("keygen", keygen_usage, prefix ? "unexpected argument" : "--out is required");
	if (gtd_key_generate(bits, &k, &err) != GTD_OK)
		return fail("keygen", &err);
	if (write_key_file(prefix, ".pem", gtd_key_to_pem(k, GTD_KEY_PRIVATE), 1, force, &err) ||
	    write_key_file(prefix, ".pub.pem", gtd_key_to_pem(k, GTD_KEY_PUBLIC), 0, force, &err) ||
	    write_key_file(prefix, ".xml", gtd_key_to_xml(k, GTD_KEY_PRIVATE), 1, force, &err) ||
	    write_key_file(prefix, ".pub.xml", gtd_key_to_xml(k, GTD_KEY_PUBLIC), 0, force, &err)) {
		gtd_key_free(k);
		return fail("keygen", &err);
	}
	printf("%d-bit RSA key pair\n"
	       "  private: %s.pem  %s.xml  (mode 0600: never share these)\n"
	       "  public:  %s.pub.pem  %s.pub.xml\n"
	       "  SHA-256 fingerprint: %s\n",
	       k->bits, prefix, prefix, prefix, prefix, k->fingerprint);
	gtd_key_free(k);
	return GTD_EXIT_OK;
}

/* Options shared by seal and open. */
struct crypto_args {
	const gtd_schema *schema;
	const char *sender, *receiver, *access_code;
	int first_arg;
};

static const char seal_usage[] =
	"--schema NAME --sender-key PRIVATE --receiver-key PUBLIC FIELD=VALUE...";
static const char open_usage[] =
	"--schema NAME --receiver-key PRIVATE --sender-key PUBLIC [--access-code CODE] [FILE|-]";

static int parse_crypto_args(const char *cmd, const char *usage, int argc, char **argv,
			     struct crypto_args *a)
{
	static const struct option opts[] = {
		{"schema", required_argument, NULL, 's'},
		{"sender-key", required_argument, NULL, 'S'},
		{"receiver-key", required_argument, NULL, 'R'},
		{"access-code", required_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	memset(a, 0, sizeof(*a));
	optind = 1;
	opterr = 0;
	/* '+': stop at the first FIELD=VALUE, which may start with '-'. */
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			a->schema = gtd_schema_find(optarg);
			if (!a->schema) {
				fprintf(stderr, "gtd-scenario %s: no schema '%s'; "
						"'gtd-scenario schemas' lists them\n", cmd, optarg);
				return GTD_EXIT_USAGE;
			}
			break;
		case 'S':
			a->sender = optarg;
			break;
		case 'R':
			a->receiver = optarg;
			break;
		case 'a':
			a->access_code = optarg;
			break;
		case 'h':
			printf("usage: gtd-scenario %s %s\n", cmd, usage);
			return GTD_EXIT_OK;
		default:
			return option_error(cmd, usage, c, argv);
		}
	}
	if (!a->schema || !a->sender || !a->receiver)
		return usage_error(cmd, usage, !a->schema ? "--schema is required"
					       : "--sender-key and --receiver-key are required");
	a->first_arg = optind;
	return -1;
}

int cmd_seal(int argc, char **argv)
{
	struct crypto_args a;
	gtd_key *priv = NULL, *pub = NULL;
	gtd_envelope env = {0};
	gtd_fields f;
	gtd_err err;
	char *json = NULL;
	int i, rc;

	rc = parse_crypto_args("seal", seal_usage, argc, argv, &a);
	if (rc >= 0)
		return rc;
	gtd_fields_init(&f, a.schema);
	for (i = a.first_arg; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		int idx;

		if (!eq) {
			fprintf(stderr, "gtd-scenario seal: '%s' is not FIELD=VALUE\n", argv[i]);
			rc = GTD_EXIT_USAGE;
			goto out;
		}
		*eq = '\0';
		idx = gtd_schema_field_index(a.schema, argv[i]);
		if (idx < 0 || f.v[idx]) {
			fprintf(stderr, "gtd-scenario seal: %s field '%s' for %s\n",
				idx < 0 ? "unknown" : "repeated", argv[i], a.schema->name);
			rc = GTD_EXIT_USAGE;
			goto out;
		}
		if (gtd_fields_set(&f, argv[i], eq + 1, &err) != GTD_OK) {
			rc = fail("seal", &err);
			goto out;
		}
	}
	if (gtd_fields_check(&f, NULL, &err) != GTD_OK) {
		fprintf(stderr, "gtd-scenario seal: %s\n", err.msg);
		rc = GTD_EXIT_USAGE;
		goto out;
	}
	if (gtd_key_load(a.sender, GTD_KEY_PRIVATE, &priv, &err) != GTD_OK ||
	    gtd_key_load(a.receiver, GTD_KEY_PUBLIC, &pub, &err) != GTD_OK ||
	    gtd_seal(&f, priv, pub, &env, &err) != GTD_OK) {
		rc = fail("seal", &err);
		goto out;
	}
	json = gtd_envelope_to_json(&env);
	if (!json) {
		fprintf(stderr, "gtd-scenario seal: out of memory\n");
		rc = GTD_EXIT_FAIL;
		goto out;
	}
	printf("%s\n", json);
	rc = GTD_EXIT_OK;
out:
	free(json);
	gtd_envelope_release(&env);
	gtd_fields_release(&f);
	gtd_key_free(priv);
	gtd_key_free(pub);
	return rc;
}

static gtd_status read_input(const char *path, char **text, size_t *len, gtd_err *err)
{
	return gtd_file_read(strcmp(path, "-") == 0 ? "/dev/stdin" : path,
			     ENVELOPE_FILE_MAX, text, len, err);
}

static int print_fields(const gtd_fields *f)
{
	cJSON *o = cJSON_CreateObject();
	char *s = NULL;
	size_t i;

	for (i = 0; o && i < f->schema->nfields; i++)
		if (!cJSON_AddStringToObject(o, f->schema->fields[i].name, f->v[i] ? f->v[i] : ""))
			break;
	if (o && i == f->schema->nfields)
		s = cJSON_Print(o);
	cJSON_Delete(o);
	if (!s) {
		fprintf(stderr, "gtd-scenario open: out of memory\n");
		return GTD_EXIT_FAIL;
	}
	printf("%s\n", s);
	free(s);
	return GTD_EXIT_OK;
}

/* "this looks like a login-request; did you mean --schema login-request?"
 * when the data fits schemas other than the one given. */
static void print_looks_like(const gtd_open_report *rep)
{
	size_t i;

	if (!rep->nlooks_like)
		return;
	fprintf(stderr, "gtd-scenario open: this looks like ");
	for (i = 0; i < rep->nlooks_like; i++)
		fprintf(stderr, "%s%s %s", i == 0 ? "" : i + 1 < rep->nlooks_like ? ", " : " or ",
			gtd_article(rep->looks_like[i]->name), rep->looks_like[i]->name);
	fprintf(stderr, "%s; did you mean --schema %s?\n",
		rep->looks_like_verified ? "" : " by its fields, though its signature does not verify "
						 "with --sender-key either",
		rep->looks_like[0]->name);
}

int cmd_open(int argc, char **argv)
{
	struct crypto_args a;
	gtd_key *priv = NULL, *pub = NULL;
	gtd_envelope env = {0};
	gtd_open_report rep = {0};
	gtd_fields f;
	const char *path = "-";
	char *text = NULL;
	size_t len = 0;
	gtd_err err;
	int rc;

	rc = parse_crypto_args("open", open_usage, argc, argv, &a);
	if (rc >= 0)
		return rc;
	gtd_fields_init(&f, a.schema);
	if (argc - a.first_arg > 1)
		return usage_error("open", open_usage, "at most one input file");
	if (a.first_arg < argc)
		path = argv[a.first_arg];
	if (gtd_key_load(a.receiver, GTD_KEY_PRIVATE, &priv, &err) != GTD_OK ||
	    gtd_key_load(a.sender, GTD_KEY_PUBLIC, &pub, &err) != GTD_OK ||
	    read_input(path, &text, &len, &err) != GTD_OK) {
		rc = fail("open", &err);
		goto out;
	}
	if (gtd_envelope_from_json(text, len, &env, &err) != GTD_OK) {
		gtd_err_prefix(&err, "%s", strcmp(path, "-") == 0 ? "standard input" : path);
		rc = fail("open", &err);
		goto out;
	}
	if (gtd_open(a.schema, env.key, env.data, priv, pub, a.access_code, &f, &rep) != GTD_OK) {
		const gtd_code_info *ci = &gtd_codes[gtd_open_step_code(rep.step)];

		fprintf(stderr, "gtd-scenario open: step %s failed (the gateway answers %s, %s): %s\n",
			gtd_open_step_name(rep.step), ci->code, ci->en, rep.why);
		if (rep.signed_data && rep.step == GTD_OPEN_SIGNATURE) {
			char *shown = gtd_schema_mask_signed(a.schema, rep.signed_data);

			fprintf(stderr, "signature data verified: %s\n", shown ? shown : "(out of memory)");
			free(shown);
		}
		print_looks_like(&rep);
		rc = GTD_EXIT_FAIL;
		goto out;
	}
	rc = print_fields(&f);
out:
	free(text);
	gtd_envelope_release(&env);
	gtd_open_report_release(&rep);
	gtd_fields_release(&f);
	gtd_key_free(priv);
	gtd_key_free(pub);
	return rc;
}

int cmd_schemas(int argc, char **argv)
{
	size_t i, j;
	int json = argc == 2 && strcmp(argv[1], "--json") == 0;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: gtd-scenario schemas [--json]\n");
		return GTD_EXIT_OK;
	}
	if (argc > 1 && !json) {
		/* The first word that is neither --json nor wanted. */
		const char *bad = strcmp(argv[1], "--json") == 0 ? argv[2] : argv[1];
		char msg[128];

		snprintf(msg, sizeof(msg), "%s '%.64s'", bad[0] == '-' ? "unknown option" : "unexpected argument",
			 bad);
		return usage_error("schemas", "[--json]", msg);
	}
	if (json) {
		cJSON *arr = cJSON_CreateArray();
		char *s;

		for (i = 0; arr && i < gtd_schema_count; i++) {
			const gtd_schema *sc = &gtd_schemas[i];
			cJSON *o = cJSON_CreateObject(), *fields = cJSON_CreateArray();

			cJSON_AddItemToArray(arr, o);
			cJSON_AddStringToObject(o, "name", sc->name);
			cJSON_AddStringToObject(o, "description", sc->en);
			cJSON_AddNumberToObject(o, "signature_position", (double)sc->sig_pos);
			cJSON_AddItemToObject(o, "fields", fields);
			for (j = 0; j < sc->nfields; j++) {
				cJSON *fo = cJSON_CreateObject();

				cJSON_AddItemToArray(fields, fo);
				cJSON_AddStringToObject(fo, "name", sc->fields[j].name);
				cJSON_AddBoolToObject(fo, "mandatory",
						      sc->fields[j].flags & GTD_FIELD_MANDATORY);
				if (sc->fields[j].flags & GTD_FIELD_PROCESSED)
					cJSON_AddStringToObject(fo, "mandatory_with_codes", "00 01 02");
			}
		}
		s = cJSON_Print(arr);
		cJSON_Delete(arr);
		if (!s)
			return GTD_EXIT_FAIL;
		printf("%s\n", s);
		free(s);
		return GTD_EXIT_OK;
	}
	for (i = 0; i < gtd_schema_count; i++) {
		const gtd_schema *sc = &gtd_schemas[i];

		printf("%-21s %s\n  ", sc->name, sc->en);
		for (j = 0; j <= sc->nfields; j++) {
			const gtd_field *fd = j == sc->sig_pos ? NULL : &sc->fields[j < sc->sig_pos ? j : j - 1];

			printf("%s%s%s", j ? "|" : "", fd ? fd->name : "signature",
			       !fd || (fd->flags & GTD_FIELD_MANDATORY) ? "" :
			       (fd->flags & GTD_FIELD_PROCESSED) ? "!" : "?");
		}
		printf("\n");
	}
	printf("\n'?' marks an optional field (it may be empty); '!' a field an answer with error code\n"
	       "00, 01 or 02 must carry, which another error answer may leave empty.\n");
	return GTD_EXIT_OK;
}
