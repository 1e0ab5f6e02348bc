/* ui.h - the interactive console (ncursesw), started by gtd-console when no
 * verb is given. */
#ifndef TUI_UI_H
#define TUI_UI_H

#include "store.h"

typedef struct ui_options {
	const char *user;       /* who edits: the audit log's user */
	const char *mock_url;   /* the mock panel's gtd-mock, or NULL */
	const char *mock_token; /* its --control-token ($GTD_CONTROL_TOKEN), or NULL */
} ui_options;

/* Runs the console on store until the user quits.  Returns the process
 * exit status (0, or 1 when the terminal cannot be used). */
int ui_run(gtd_store *store, const ui_options *opts);

#endif
