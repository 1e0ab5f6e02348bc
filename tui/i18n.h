/* i18n.h - English and Vietnamese through gettext. */
#ifndef TUI_I18N_H
#define TUI_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Binds the "gtd-kit" text domain; lang "vi" or "en" overrides the
 * environment's language (--lang). */
void i18n_init(const char *lang);

#endif
