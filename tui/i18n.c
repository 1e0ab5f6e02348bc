#include "i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_DOMAIN "gtd-kit"
#define CATALOGUE "vi/LC_MESSAGES/" TEXT_DOMAIN ".mo"

static int has_catalogue(const char *dir)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/" CATALOGUE, dir);

	return n > 0 && n < (int)sizeof(path) && access(path, R_OK) == 0;
}

/* An uninstalled program (the build tree, ./quickstart) has its catalogue
 * beside it, in po/locale/ of the build directory: found from the
 * program's own path, whatever the current directory.  Empty when there
 * is none. */
static void beside_program(char *out, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	*out = '\0';
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	if ((size_t)snprintf(out, size, "%s/po/locale", exe) >= size || !has_catalogue(out))
		*out = '\0';
}

/* Whether the language gettext will pick is Vietnamese. */
static int wants_vietnamese(void)
{
	const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);

		if (v && *v)
			return strncmp(v, "vi", 2) == 0;
	}
	return 0;
}

void i18n_init(const char *lang)
{
	const char *dir = getenv("GTD_LOCALEDIR");
	char near[PATH_MAX];

	/* Vietnamese needs UTF-8 whatever the environment says: a C or
	 * Latin-1 locale would print question marks. */
	if (!setlocale(LC_ALL, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_ALL, "C.UTF-8");
	/* Numbers in JSON and in the records are written with printf: keep
	 * the decimal point a point. */
	setlocale(LC_NUMERIC, "C");
	/* LANGUAGE outranks LC_ALL and LANG in gettext's choice, and glibc
	 * honours it in C.UTF-8 (only plain "C" ignores it). */
	if (lang)
		setenv("LANGUAGE", lang, 1);
	/* LANG=vi_VN.UTF-8 on a machine without that locale generated leaves
	 * us in C.UTF-8, where gettext would ignore LANG: say it through
	 * LANGUAGE. */
	else if (wants_vietnamese() && !getenv("LANGUAGE"))
		setenv("LANGUAGE", "vi", 1);
	/* GTD_LOCALEDIR first, then the installed catalogues, then the
	 * build tree's beside an uninstalled program. */
	if (!(dir && *dir)) {
		dir = LOCALEDIR;
		if (!has_catalogue(dir)) {
			beside_program(near, sizeof(near));
			if (*near)
				dir = near;
			else if (wants_vietnamese())
				fprintf(stderr, "gtd-console: no Vietnamese catalogue in %s or beside the "
						"program (po/locale/); speaking English (set GTD_LOCALEDIR "
						"to the directory that has vi/LC_MESSAGES/gtd-kit.mo)\n", dir);
		}
	}
	bindtextdomain(TEXT_DOMAIN, dir);
	bind_textdomain_codeset(TEXT_DOMAIN, "UTF-8");
	textdomain(TEXT_DOMAIN);
}

const char *i18n_pgettext(const char *key, const char *msgid)
{
	const char *t = gettext(key);

	/* gettext hands the key back when it has no translation. */
	return t == key ? msgid : t;
}
