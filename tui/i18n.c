#include "i18n.h"

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_DOMAIN "gtd-kit"

void i18n_init(const char *lang)
{
	const char *dir = getenv("GTD_LOCALEDIR");

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
	/* Tests and uninstalled builds point at the build tree's catalogs. */
	bindtextdomain(TEXT_DOMAIN, dir && *dir ? dir : LOCALEDIR);
	bind_textdomain_codeset(TEXT_DOMAIN, "UTF-8");
	textdomain(TEXT_DOMAIN);
}
