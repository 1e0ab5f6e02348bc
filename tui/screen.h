/* screen.h - what every screen of the console implements, and the one list
 * of screens.
 *
 * A screen is a table of callbacks in its own file (tig's view_ops, htop's
 * Panel).  Its handlers never act on the terminal or on the screen stack:
 * they return what should happen next (ui_do) and the main loop in ui.c
 * does it.  Questions (confirm, a line of text, a pasted key) are asked
 * through ui.c as well, which calls the screen back with the answer.
 */
#ifndef TUI_SCREEN_H
#define TUI_SCREEN_H

#include <stddef.h>

#include "draw.h"
#include "http.h"
#include "keymap.h"
#include "layout.h"
#include "store.h"
#include "ui.h"

/* The one list of screens: a new screen is a new file and a line here. */
#define UI_SCREENS(X) \
	X(LIST, list) \
	X(PARTNER, partner) \
	X(REF, ref) \
	X(MOCK, mock)

typedef enum ui_screen_id {
#define UI_SCREEN_ENUM(id, name) UI_SCREEN_##id,
	UI_SCREENS(UI_SCREEN_ENUM)
#undef UI_SCREEN_ENUM
	UI_SCREEN_COUNT
} ui_screen_id;

/* What a handler asks the main loop to do. */
typedef enum ui_do {
	UI_DO_NOTHING,   /* handled; the screen is redrawn */
	UI_DO_DEFAULT,   /* not the screen's business: the usual (help, back, quit...) */
	UI_DO_OPEN,      /* open ctx->open_id over this screen (see ui_open) */
	UI_DO_BACK,      /* close this screen (asks first when it has unsaved changes) */
	UI_DO_QUIT,      /* quit (asks first when any screen has unsaved changes) */
	UI_DO_HELP,      /* show the keys */
} ui_do;

#define UI_CHAIN_MAX 6
#define UI_STATUS_MAX 1024
#define UI_ARG_MAX 128

/* Flags of ui_open(). */
#define UI_OPEN_NEW 1    /* the partner screen: a record not created yet */

struct ui_modal;

/* What the main loop shares with the screens. */
typedef struct ui_ctx {
	gtd_store *store;
	const ui_options *opts;
	ui_layout layout;
	/* Where the terminal's cursor goes after drawing; -1 hides it. */
	int cursor_y, cursor_x;
	/* What UI_DO_OPEN opens (set by ui_open). */
	ui_screen_id open_id;
	char open_arg[UI_ARG_MAX];
	int open_flags;
	/* The status line: the console's only place for messages. */
	char status[UI_STATUS_MAX];
	ui_color status_color;
	struct ui_modal *modal;   /* the question being asked; ui.c's */
} ui_ctx;

typedef struct ui_screen_ops {
	const char *name;
	/* A new state for the screen, or NULL with the reason in the status
	 * line.  arg and flags come from ui_open(). */
	void *(*open)(ui_ctx *ctx, const char *arg, int flags);
	void (*close)(void *st);
	/* Back on top after the screen over it closed; NULL: nothing to do. */
	void (*resume)(void *st, ui_ctx *ctx);
	/* The keymaps keys are looked up in, most specific first; at most
	 * UI_CHAIN_MAX.  Returns how many. */
	size_t (*keymaps)(void *st, ui_keymap *chain);
	/* The title line's text. */
	void (*title)(void *st, char *out, size_t len);
	/* Draws the bar and the body (ctx->layout); calls ui_cursor() when a
	 * text field has the cursor. */
	void (*draw)(void *st, ui_ctx *ctx);
	/* A key, and the action the keymaps give it (UI_ACT_NONE: none). */
	ui_do (*key)(void *st, ui_ctx *ctx, int key, ui_action act);
	/* About once a second while no key comes; NULL: no ticks. */
	ui_do (*tick)(void *st, ui_ctx *ctx);
	/* A request the screen started with ui_request() has finished (r is
	 * the main loop's until the call returns).  Called wherever the screen
	 * is on the stack; what it returns is done only when the screen is on
	 * top with no question or help open.  NULL: the screen asks nothing. */
	ui_do (*answer)(void *st, ui_ctx *ctx, const ui_http_result *r);
	/* 1 when leaving would lose edits; NULL: never. */
	int (*dirty)(void *st);
	/* Saves the edits for the unsaved-changes question: 1 when saved,
	 * 0 when not (the screen says why and keeps the edits). */
	int (*save)(void *st, ui_ctx *ctx);
} ui_screen_ops;

#define UI_SCREEN_EXTERN(id, name) extern const ui_screen_ops ui_screen_##name;
UI_SCREENS(UI_SCREEN_EXTERN)
#undef UI_SCREEN_EXTERN

/* Called with the answer to a question: the choice's letter (the prompt
 * and the paste box answer 'y'), or 0 when it was cancelled; text is the
 * prompt's or paste box's text (NULL for a confirmation). */
typedef ui_do (*ui_answer_fn)(void *st, ui_ctx *ctx, int answer, const char *text);

/* A check for a prompt's text: 1 when acceptable, else 0 and the reason in
 * why (the validators of valid.h fit). */
typedef int (*ui_check_fn)(const char *text, char *why, size_t len);

/* Asks a question answered by one of the letters in choices (Esc
 * cancels); text says what each letter does.  The strings are copied. */
void ui_confirm(ui_ctx *ctx, const char *title, const char *text, const char *choices,
		ui_answer_fn fn, void *st);

/* Asks for a line of text, starting from initial (NULL: empty); check
 * (NULL: none) runs on Enter and keeps the question open with its reason
 * until the text passes. */
void ui_prompt(ui_ctx *ctx, const char *title, const char *text, const char *initial,
	       ui_check_fn check, ui_answer_fn fn, void *st);

/* Opens the box a key is pasted into (several lines; Ctrl-S ends, and a
 * complete PEM or XML key ends it by itself). */
void ui_paste(ui_ctx *ctx, const char *title, const char *text, ui_answer_fn fn, void *st);

/* Puts a message on the status line (replacing the one there). */
void ui_status(ui_ctx *ctx, ui_color c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Starts the GET rq on the main loop's HTTP client for the screen whose
 * state is rq->owner, and returns at once with the request's id: the
 * answer goes to the screen's answer() later, from the main loop, which
 * keeps reading keys meanwhile.  0 when it cannot start, with the reason
 * in err.  A screen's requests are dropped when it closes. */
unsigned long ui_request(ui_ctx *ctx, const ui_http_request *rq, gtd_err *err);

/* Says which screen UI_DO_OPEN opens; returns UI_DO_OPEN. */
ui_do ui_open(ui_ctx *ctx, ui_screen_id id, const char *arg, int flags);

/* Where the cursor goes after this drawing. */
void ui_cursor(ui_ctx *ctx, int y, int x);

/* "vi" when the console speaks Vietnamese, else "en": for libgtd's
 * tables, which carry both. */
const char *ui_lang(void);

/* The hint line for a chain of keymaps, drawn in r. */
void ui_draw_hints(const ui_rect *r, const ui_keymap *chain, size_t n);

#endif
