/* i18n.h - English and Vietnamese through gettext. */
#ifndef TUI_I18N_H
#define TUI_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* s in context ctx, for a word two places write differently: the
 * command line's table heads are upper case ("ID" is "MÃ"), the screens'
 * column heads title case ("Mã").  xgettext reads C_ as the message's
 * context and id (-kC_:1c,2); gettext keeps them apart with a \004. */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/* The translation of the context-and-id key, else msgid itself. */
const char *i18n_pgettext(const char *key, const char *msgid);

/* Binds the "gtd-kit" text domain; lang "vi" or "en" overrides the
 * environment's language (--lang). */
void i18n_init(const char *lang);

#endif
