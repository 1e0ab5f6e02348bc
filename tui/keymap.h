/* keymap.h - the key table: which key does what, where, and the help for it.
 *
 * Keys map to named actions through one table, per keymap (the list, a
 * partner's sections, a text being edited...).  Screens look a key up
 * through a chain of keymaps, most specific first, and act on the action,
 * never on the key; the help screen and the hint line are generated from
 * the same table, so they cannot disagree with what the keys do.  Pure:
 * keys are plain ints (a Unicode code point, or one of UI_KEY_* beyond
 * Unicode for the keys curses decodes), so the table is unit-tested.
 */
#ifndef TUI_KEYMAP_H
#define TUI_KEYMAP_H

#include <stddef.h>

/* Control characters as get_wch() returns them. */
#define UI_KEY_CTRL(c) ((c) & 0x1f)
#define UI_KEY_TAB 9
#define UI_KEY_ENTER 13      /* the main loop turns LF and KEY_ENTER into this */
#define UI_KEY_ESC 27
#define UI_KEY_DEL 127       /* what most terminals send for Backspace */

/* Keys that are not characters, numbered past U+10FFFF. */
enum {
	UI_KEY_UP = 0x110000,
	UI_KEY_DOWN,
	UI_KEY_LEFT,
	UI_KEY_RIGHT,
	UI_KEY_HOME,
	UI_KEY_END,
	UI_KEY_PAGE_UP,
	UI_KEY_PAGE_DOWN,
	UI_KEY_BACKSPACE,
	UI_KEY_DELETE,
	UI_KEY_BACKTAB,      /* Shift-Tab */
	UI_KEY_RESIZE,
	UI_KEY_PASTE_BEGIN,  /* bracketed paste: ESC [ 200 ~ */
	UI_KEY_PASTE_END,    /* ESC [ 201 ~ */
	UI_KEY_F0,           /* UI_KEY_F(n) for F1..F12 */
	UI_KEY_LAST = UI_KEY_F0 + 12
};

#define UI_KEY_F(n) (UI_KEY_F0 + (n))

/* Where a key is pressed.  A screen resolves keys through a chain of
 * these (ui_keys_resolve), its own first and UI_KM_GLOBAL last. */
typedef enum ui_keymap {
	UI_KM_GLOBAL,       /* everywhere but inside a text */
	UI_KM_NAV,          /* moving in a list or a page */
	UI_KM_LIST,         /* the partner list */
	UI_KM_PARTNER,      /* a partner's record, any section */
	UI_KM_CONNECTION,   /* the Connection section */
	UI_KM_KEYS,         /* the Keys section */
	UI_KM_ENV,          /* the Environments section */
	UI_KM_ONBOARDING,   /* the Onboarding section */
	UI_KM_SUPPORT,      /* the Support section */
	UI_KM_EMAILS,       /* the Emails section */
	UI_KM_EDIT,         /* a text field being edited */
	UI_KM_PROMPT,       /* a question that wants a line of text */
	UI_KM_PASTE,        /* the box that takes a pasted key */
	UI_KM_CONFIRM,      /* a question answered with a letter */
	UI_KM_HELP,         /* the help screen */
	UI_KM_REF,          /* the reference screen */
	UI_KM_MOCK,         /* the mock panel */
	UI_KM_COUNT
} ui_keymap;

typedef enum ui_action {
	UI_ACT_NONE,
	/* moving */
	UI_ACT_UP, UI_ACT_DOWN, UI_ACT_PAGE_UP, UI_ACT_PAGE_DOWN, UI_ACT_FIRST, UI_ACT_LAST,
	UI_ACT_NEXT_FIELD, UI_ACT_PREV_FIELD, UI_ACT_NEXT_SECTION, UI_ACT_PREV_SECTION,
	UI_ACT_NEXT_ITEM, UI_ACT_PREV_ITEM,
	/* everywhere */
	UI_ACT_OPEN, UI_ACT_BACK, UI_ACT_QUIT, UI_ACT_HELP, UI_ACT_REDRAW,
	UI_ACT_SHOW_REF, UI_ACT_SHOW_MOCK,
	/* the list */
	UI_ACT_FILTER, UI_ACT_SORT, UI_ACT_ADD_PARTNER, UI_ACT_RELOAD,
	/* a record */
	UI_ACT_EDIT, UI_ACT_SAVE, UI_ACT_REVEAL, UI_ACT_REAPPLY, UI_ACT_TOGGLE,
	UI_ACT_KEY_IMPORT, UI_ACT_KEY_PASTE, UI_ACT_KEY_GENERATE, UI_ACT_KEY_EXPORT,
	UI_ACT_PROVISION, UI_ACT_ACTIVATE,
	UI_ACT_STEP_DONE, UI_ACT_STEP_REOPEN, UI_ACT_ADD_EVIDENCE,
	UI_ACT_ADD_CHANNEL, UI_ACT_DELETE_ENTRY, UI_ACT_ADD_DOCUMENT,
	UI_ACT_TOGGLE_LANG,
	/* text */
	UI_ACT_CURSOR_LEFT, UI_ACT_CURSOR_RIGHT, UI_ACT_CURSOR_HOME, UI_ACT_CURSOR_END,
	UI_ACT_DELETE_BACK, UI_ACT_DELETE_FORWARD, UI_ACT_KILL_START, UI_ACT_KILL_END,
	UI_ACT_KILL_WORD, UI_ACT_STOP_EDIT,
	/* questions */
	UI_ACT_ACCEPT, UI_ACT_CANCEL,
	/* the mock panel */
	UI_ACT_FOLLOW,
	UI_ACT_COUNT
} ui_action;

typedef struct ui_action_info {
	ui_action action;
	const char *name;   /* "quit": stable, for tests and documentation */
	const char *help;   /* N_() text; the caller translates it */
} ui_action_info;

typedef struct ui_binding {
	ui_keymap keymap;
	int key;
	ui_action action;
	const char *hint;   /* N_() word for the hint line, or NULL */
} ui_binding;

/* The tables, in the order help lists them; *n (when not NULL) gets the
 * length.  Static storage. */
const ui_binding *ui_keys_table(size_t *n);
const ui_action_info *ui_actions_table(size_t *n);

/* The action's entry; NULL for UI_ACT_NONE or out of range. */
const ui_action_info *ui_action_get(ui_action a);

/* The keymap's heading for the help screen (N_() text). */
const char *ui_keymap_title(ui_keymap m);

/* The action key has in keymap m alone, or UI_ACT_NONE. */
ui_action ui_keys_lookup(ui_keymap m, int key);

/* The action key has in the first keymap of chain[0..n) that binds it. */
ui_action ui_keys_resolve(const ui_keymap *chain, size_t n, int key);

/* The key's name for help and hints ("q", "Ctrl-S", "PgDn", "F1",
 * "Space") into out[0..len). */
void ui_key_name(int key, char *out, size_t len);

/* One line of the help screen: under a keymap's heading, the keys (that
 * the chain does not give to another action first) and what they do. */
#define UI_HELP_KEYS_MAX 40

typedef struct ui_help_line {
	const char *heading;      /* non-NULL on the first line of each keymap */
	char keys[UI_HELP_KEYS_MAX];
	const char *help;         /* N_() text */
} ui_help_line;

/* Fills out[0..max) with the help for chain[0..n), keymap by keymap, one
 * line per action; returns how many lines there are (which may exceed
 * max: call again with more room). */
size_t ui_keys_help(const ui_keymap *chain, size_t n, ui_help_line *out, size_t max);

/* One entry of the hint line: a key and the N_() word for what it does. */
typedef struct ui_hint {
	char key[16];
	const char *word;
} ui_hint;

/* The hints for chain[0..n): the first key of each action that has a hint
 * word and that the chain resolves to that action; returns the count
 * (at most max). */
size_t ui_keys_hints(const ui_keymap *chain, size_t n, ui_hint *out, size_t max);

#endif
