/* check_samples.c - gtd-console export --sample (tui/sample_export.c): each
 * language's copy differs from the kit's sample by the gateway URL alone,
 * its README gains the pack section, and what cannot be written is refused
 * before anything is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "fs.h"
#include "partner.h"
#include "sample_export.h"

#define URL "https://sandbox.gotadi.example:8443/gw"

static char dir[64];
static char out[128];
static gtd_partner *p;

static const char *const sources[] = {
	"python/gotadi_sample.py", "java/GotadiSample.java", "node/gotadi-sample.js",
	"php/gotadi_sample.php", "go/gotadi_sample.go", "csharp/GotadiSample.cs",
};

static void setup(void)
{
	strcpy(dir, "/tmp/gtd-check-samples.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/pack", dir);
	setenv("GTD_SAMPLES_DIR", TEST_SAMPLES, 1);
	p = gtd_partner_new("dulich-vn");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(gtd_partner_set(p, "company.name", "Du lịch *Việt* Nam", NULL), GTD_OK);
	ck_assert_int_eq(gtd_partner_set(p, "env.sandbox.gateway_url", URL, NULL), GTD_OK);
}

static void teardown(void)
{
	char cmd[128];

	gtd_partner_free(p);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static char *slurp(const char *path)
{
	char *text = NULL;
	size_t len;

	ck_assert_msg(gtd_file_read(path, 1 << 22, &text, &len, NULL) == GTD_OK, "cannot read %s", path);
	return text;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *at = strstr(hay, needle); at; at = strstr(at + 1, needle))
		n++;
	return n;
}

START_TEST(test_each_language_gets_only_the_gateway)
{
	const char *source = sources[_i];
	size_t lang_len = (size_t)(strchr(source, '/') - source);
	char lang[16], path[256], want_url[128];
	char *kit, *copy, *readme;

	snprintf(lang, sizeof(lang), "%.*s", (int)lang_len, source);
	ck_assert(sample_language_known(lang));
	ck_assert_int_eq(sample_export(p, lang, out, NULL), GTD_OK);
	snprintf(path, sizeof(path), "%s/%s", TEST_SAMPLES, source);
	kit = slurp(path);
	snprintf(path, sizeof(path), "%s/samples/%s", out, source);
	copy = slurp(path);
	/* The copy is the kit's file with the URL inside one "" and nothing else. */
	snprintf(want_url, sizeof(want_url), "\"%s\"", URL);
	ck_assert_uint_eq(count(copy, want_url), 1);
	ck_assert_uint_eq(strlen(copy), strlen(kit) + strlen(URL));
	{
		const char *at = strstr(copy, want_url);
		size_t head = (size_t)(at - copy);

		ck_assert_int_eq(strncmp(copy, kit, head + 1), 0);
		ck_assert_str_eq(at + strlen(want_url), kit + head + 2);
	}
	snprintf(path, sizeof(path), "%s/samples/%s/README.md", out, lang);
	readme = slurp(path);
	ck_assert_int_eq(strncmp(readme, "# Gotadi webview partner sample: ", 33), 0);
	ck_assert_ptr_nonnull(strstr(readme, "\n\n## Your pack\n\nExported for Du lịch \\*Việt\\* Nam "));
	ck_assert_ptr_nonnull(strstr(readme, "`" URL "`"));
	ck_assert_ptr_nonnull(strstr(readme, " ../../pack.json login u1\n```\n"));
	free(kit);
	free(copy);
	free(readme);
}
END_TEST

/* Control characters never reach a record (gtd_partner_set refuses them). */
static const char *const unsafe[] = {"http://h/\"x", "http://h/'x", "http://h/\\x", "http://h/$x"};

START_TEST(test_unsafe_url_refused_before_the_disk)
{
	gtd_err err;
	struct stat st;

	ck_assert_int_eq(gtd_partner_set(p, "env.sandbox.gateway_url", unsafe[_i], NULL), GTD_OK);
	ck_assert_int_eq(sample_check(p, "go", &err), GTD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "gateway URL cannot go into a sample"));
	ck_assert_int_eq(sample_export(p, "go", out, &err), GTD_EINVAL);
	ck_assert_int_ne(stat(out, &st), 0);
}
END_TEST

START_TEST(test_unknown_language_and_missing_samples)
{
	gtd_err err;
	struct stat st;

	ck_assert(!sample_language_known("cobol"));
	ck_assert(!sample_language_known(NULL));
	ck_assert_int_eq(sample_export(p, "cobol", out, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "no sample in 'cobol': one of python, java, node, php, go, csharp");
	ck_assert_int_eq(sample_check(p, NULL, &err), GTD_EINVAL);
	setenv("GTD_SAMPLES_DIR", "/nonexistent/samples", 1);
	ck_assert_int_eq(sample_check(p, "php", &err), GTD_ENOTFOUND);
	ck_assert_str_eq(err.msg, "the php sample is not installed in /nonexistent/samples (set GTD_SAMPLES_DIR)");
	ck_assert_int_eq(sample_export(p, "php", out, &err), GTD_ENOTFOUND);
	ck_assert_int_ne(stat(out, &st), 0);
}
END_TEST

START_TEST(test_sample_without_a_gateway_setting)
{
	char from[128], path[160];
	gtd_err err;
	struct stat st;

	snprintf(from, sizeof(from), "%s/kit/python", dir);
	ck_assert_int_eq(gtd_mkdirs(from, 0700, NULL), GTD_OK);
	snprintf(path, sizeof(path), "%s/gotadi_sample.py", from);
	ck_assert_int_eq(gtd_file_write_atomic(path, "GATEWAY_URL = \"\"\n", 17, 0644, 0, NULL), GTD_OK);
	snprintf(path, sizeof(path), "%s/README.md", from);
	ck_assert_int_eq(gtd_file_write_atomic(path, "# t\n", 4, 0644, 0, NULL), GTD_OK);
	snprintf(from, sizeof(from), "%s/kit", dir);
	setenv("GTD_SAMPLES_DIR", from, 1);
	ck_assert_int_eq(sample_export(p, "python", out, &err), GTD_EINVAL);
	ck_assert_str_eq(err.msg, "gotadi_sample.py has no gateway setting to fill in");
	ck_assert_int_ne(stat(out, &st), 0);
}
END_TEST

static Suite *samples_suite(void)
{
	Suite *s = suite_create("samples");
	TCase *t = tcase_create("export");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_loop_test(t, test_each_language_gets_only_the_gateway, 0,
			    (int)(sizeof(sources) / sizeof(sources[0])));
	tcase_add_loop_test(t, test_unsafe_url_refused_before_the_disk, 0,
			    (int)(sizeof(unsafe) / sizeof(unsafe[0])));
	tcase_add_test(t, test_unknown_language_and_missing_samples);
	tcase_add_test(t, test_sample_without_a_gateway_setting);
	suite_add_tcase(s, t);
	return s;
}

GTD_CHECK_MAIN(samples_suite)
