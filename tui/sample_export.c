/* sample_export.c - gtd-console export --sample LANG: the kit's sample in
 * the partner's language, in its pack, ready to run against its gateway. */
#include "sample_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libintl.h>

#include "buf.h"
#include "export.h"
#include "fs.h"

#define _(s) dgettext("gtd-kit", s)

/* The installed samples; the source tree's for a build that is not. */
#ifndef GTD_SAMPLESDIR
#define GTD_SAMPLESDIR "/usr/local/share/doc/gtd-kit/samples"
#endif
#ifndef GTD_SRC_SAMPLESDIR
#define GTD_SRC_SAMPLESDIR GTD_SAMPLESDIR
#endif

/* Every sample marks its gateway setting's line with this comment, and
 * writes the setting as an empty string literal on it. */
#define GATEWAY_MARK "the gateway; empty: the pack's (gtd-console export fills it in)"
#define MAX_FILE (1024 * 1024)

typedef struct sample_lang {
	const char *name;
	const char *source;  /* the file in samples/NAME/ */
	const char *build;   /* the build command before the run, or NULL */
	const char *run;     /* the command that takes PACK.json */
} sample_lang;

static const sample_lang langs[] = {
	{"python", "gotadi_sample.py", NULL, "python3 gotadi_sample.py"},
	{"java", "GotadiSample.java", "javac -d classes GotadiSample.java", "java -cp classes GotadiSample"},
	{"node", "gotadi-sample.js", NULL, "node gotadi-sample.js"},
	{"php", "gotadi_sample.php", NULL, "php gotadi_sample.php"},
	{"go", "gotadi_sample.go", "go build -o gotadi-sample gotadi_sample.go", "./gotadi-sample"},
	{"csharp", "GotadiSample.cs", "mcs -out:GotadiSample.exe GotadiSample.cs", "mono GotadiSample.exe"},
};
#define NLANGS (sizeof langs / sizeof langs[0])

const char *const sample_languages[] = {"python", "java", "node", "php", "go", "csharp", NULL};

const char *sample_language_list(void)
{
	return "python, java, node, php, go, csharp";
}

static const sample_lang *find_lang(const char *name)
{
	for (size_t i = 0; i < NLANGS; i++)
		if (strcmp(langs[i].name, name) == 0)
			return &langs[i];
	return NULL;
}

int sample_language_known(const char *lang)
{
	return lang && find_lang(lang) != NULL;
}

const char *sample_source_dir(void)
{
	const char *env = getenv("GTD_SAMPLES_DIR");
	struct stat st;

	if (env && *env)
		return env;
	if (stat(GTD_SAMPLESDIR, &st) == 0 && S_ISDIR(st.st_mode))
		return GTD_SAMPLESDIR;
	return GTD_SRC_SAMPLESDIR;
}

/* A URL that every sample's language takes between double quotes as it is:
 * no quote, backslash, '$' (PHP) or control character. */
static int literal_safe(const char *s)
{
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c == 0x7f || *c == '"' || *c == '\'' || *c == '\\' || *c == '$')
			return 0;
	return 1;
}

/* The source with url inside the "" of the gateway setting's line. */
static gtd_status fill_source(const char *text, const char *url, const char *file, gtd_buf *out,
			      gtd_err *err)
{
	const char *mark = strstr(text, GATEWAY_MARK);
	const char *line, *quotes;

	if (!mark)
		return gtd_err_set(err, GTD_EINVAL, _("%s has no gateway setting to fill in"), file);
	for (line = mark; line > text && line[-1] != '\n'; line--)
		;
	quotes = strstr(line, "\"\"");
	if (!quotes || quotes > mark)
		return gtd_err_set(err, GTD_EINVAL, _("%s has no gateway setting to fill in"), file);
	gtd_buf_add(out, text, (size_t)(quotes - text) + 1);
	gtd_buf_adds(out, url);
	gtd_buf_adds(out, quotes + 1);
	return gtd_buf_status(out);
}

static gtd_status fill_readme(const gtd_partner *p, const sample_lang *l, const char *text,
			      const char *url, gtd_buf *out)
{
	const char *title_end = strchr(text, '\n');
	size_t title = title_end ? (size_t)(title_end - text) + 1 : strlen(text);

	gtd_buf_add(out, text, title);
	gtd_buf_adds(out, "\n## Your pack\n\nExported for ");
	export_md_text(out, p->company.name ? p->company.name : p->id);
	gtd_buf_printf(out, " (partner `%s`): `%s` already points at the sandbox gateway `%s`, and "
		       "reads the API key, the access code and Gotadi's public key from `../../%s`. "
		       "Put your private key (PEM or .NET XML) in `partner.pem` here, or name its file in "
		       "`GTD_PARTNER_KEY`; then, in this directory:\n\n```sh\n",
		       p->id, l->source, url, EXPORT_PACK_FILE);
	if (l->build)
		gtd_buf_printf(out, "%s\n", l->build);
	gtd_buf_printf(out, "%s ../../%s login u1\n```\n", l->run, EXPORT_PACK_FILE);
	gtd_buf_adds(out, text + title);
	return gtd_buf_status(out);
}

static gtd_status write_file(const char *dir, const char *name, const gtd_buf *b, gtd_err *err)
{
	char *path = NULL;
	gtd_status st;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
	st = gtd_file_write_atomic(path, b->data ? b->data : "", b->len, 0644, 0, err);
	free(path);
	return st;
}

gtd_status sample_check(const gtd_partner *p, const char *lang, gtd_err *err)
{
	const char *url = p->env[GTD_ENV_SANDBOX].gateway_url;
	const sample_lang *l = find_lang(lang ? lang : "");
	const char *from = sample_source_dir();
	char *path = NULL;
	int there;

	if (!l)
		return gtd_err_set(err, GTD_EINVAL, _("no sample in '%s': one of %s"), lang ? lang : "",
				   sample_language_list());
	if (!url || !literal_safe(url))
		return gtd_err_set(err, GTD_EINVAL, _("partner %s's gateway URL cannot go into a sample"), p->id);
	if (asprintf(&path, "%s/%s/%s", from, l->name, l->source) < 0)
		return gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
	there = access(path, R_OK) == 0;
	free(path);
	if (!there)
		return gtd_err_set(err, GTD_ENOTFOUND, _("the %s sample is not installed in %s (set GTD_SAMPLES_DIR)"),
				   l->name, from);
	return GTD_OK;
}

gtd_status sample_export(const gtd_partner *p, const char *lang, const char *dir, gtd_err *err)
{
	const sample_lang *l = find_lang(lang ? lang : "");
	const char *url = p->env[GTD_ENV_SANDBOX].gateway_url;
	const char *from = sample_source_dir();
	char *src = NULL, *readme = NULL, *out_dir = NULL, *path = NULL;
	size_t len;
	gtd_buf code, doc;
	gtd_status st;
	size_t dlen = export_dir_len(dir);

	st = sample_check(p, lang, err);
	if (st != GTD_OK || !l)
		return st != GTD_OK ? st : GTD_EINVAL;
	gtd_buf_init(&code, 4 * MAX_FILE);
	gtd_buf_init(&doc, 4 * MAX_FILE);
	if (asprintf(&path, "%s/%s/%s", from, l->name, l->source) < 0) {
		st = gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
		goto out;
	}
	st = gtd_file_read(path, MAX_FILE, &src, &len, err);
	free(path);
	path = NULL;
	if (st == GTD_OK) {
		if (asprintf(&path, "%s/%s/README.md", from, l->name) < 0) {
			st = gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
			goto out;
		}
		st = gtd_file_read(path, MAX_FILE, &readme, &len, err);
	}
	if (st != GTD_OK) {
		if (st == GTD_ENOTFOUND)
			gtd_err_set(err, st, _("the %s sample is not installed in %s (set GTD_SAMPLES_DIR)"),
				    l->name, from);
		goto out;
	}
	st = fill_source(src, url, l->source, &code, err);
	if (st == GTD_OK && fill_readme(p, l, readme, url, &doc) != GTD_OK)
		st = gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
	if (st == GTD_OK && code.st != GTD_OK)
		st = gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
	if (st != GTD_OK)
		goto out;
	if (asprintf(&out_dir, "%.*s/samples/%s", (int)dlen, dir, l->name) < 0) {
		st = gtd_err_set(err, GTD_ENOMEM, _("out of memory"));
		goto out;
	}
	st = gtd_mkdirs(out_dir, 0700, err);
	if (st == GTD_OK)
		st = write_file(out_dir, l->source, &code, err);
	if (st == GTD_OK)
		st = write_file(out_dir, "README.md", &doc, err);
out:
	free(path);
	free(src);
	free(readme);
	free(out_dir);
	gtd_buf_release(&code);
	gtd_buf_release(&doc);
	return st;
}
