#include "keymap.h"

#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* What each action does, as the help screen says it. */
static const ui_action_info actions[] = {
	{UI_ACT_UP, "up", N_("Move up")},
	{UI_ACT_DOWN, "down", N_("Move down")},
	{UI_ACT_PAGE_UP, "page-up", N_("Up a page")},
	{UI_ACT_PAGE_DOWN, "page-down", N_("Down a page")},
	{UI_ACT_FIRST, "first", N_("Go to the first line")},
	{UI_ACT_LAST, "last", N_("Go to the last line")},
	{UI_ACT_NEXT_FIELD, "next-field", N_("Next field")},
	{UI_ACT_PREV_FIELD, "prev-field", N_("Previous field")},
	{UI_ACT_NEXT_SECTION, "next-section", N_("Next section")},
	{UI_ACT_PREV_SECTION, "prev-section", N_("Previous section")},
	{UI_ACT_NEXT_ITEM, "next-item", N_("Next e-mail")},
	{UI_ACT_PREV_ITEM, "prev-item", N_("Previous e-mail")},
	{UI_ACT_OPEN, "open", N_("Open the selected partner")},
	{UI_ACT_BACK, "back", N_("Back (asks first when changes are unsaved)")},
	{UI_ACT_QUIT, "quit", N_("Quit (asks first when changes are unsaved)")},
	{UI_ACT_HELP, "help", N_("This help, generated from the key table")},
	{UI_ACT_REDRAW, "redraw", N_("Redraw the screen")},
	{UI_ACT_SHOW_REF, "reference", N_("Reference: glossary, HTTP and error codes")},
	{UI_ACT_SHOW_MOCK, "mock", N_("Mock panel: gtd-mock's health and journal")},
	{UI_ACT_FILTER, "filter", N_("Filter as you type (Enter keeps, Esc clears)")},
	{UI_ACT_SORT, "sort", N_("Sort by the next column")},
	{UI_ACT_ADD_PARTNER, "add", N_("Add a partner")},
	{UI_ACT_RELOAD, "reload", N_("Read the data again")},
	{UI_ACT_EDIT, "edit", N_("Edit the field")},
	{UI_ACT_SAVE, "save", N_("Save the record")},
	{UI_ACT_REVEAL, "reveal", N_("Reveal or mask the secrets")},
	{UI_ACT_REAPPLY, "reapply", N_("Reload the record from disk and re-apply your edits")},
	{UI_ACT_TOGGLE, "toggle", N_("Switch a yes/no or choice field")},
	{UI_ACT_KEY_IMPORT, "key-import", N_("Import the partner's public key from a file")},
	{UI_ACT_KEY_PASTE, "key-paste", N_("Paste the partner's public key")},
	{UI_ACT_KEY_GENERATE, "key-generate", N_("Generate a new emulator key pair (provisions the sandbox)")},
	{UI_ACT_KEY_EXPORT, "key-export", N_("Export Gotadi's public key as PEM and XML")},
	{UI_ACT_PROVISION, "provision", N_("Provision the selected environment (asks first)")},
	{UI_ACT_ACTIVATE, "activate", N_("Record that the administrator activated the account")},
	{UI_ACT_STEP_DONE, "step-done", N_("Mark the selected step done (says what is missing)")},
	{UI_ACT_STEP_REOPEN, "step-reopen", N_("Reopen the selected step")},
	{UI_ACT_ADD_EVIDENCE, "add-evidence", N_("Add acceptance evidence")},
	{UI_ACT_ADD_CHANNEL, "add-channel", N_("Add a customer-support channel")},
	{UI_ACT_DELETE_ENTRY, "delete-channel", N_("Remove the last customer-support channel")},
	{UI_ACT_ADD_DOCUMENT, "add-document", N_("Add an integration document (a name and a link)")},
	{UI_ACT_TOGGLE_LANG, "language", N_("Switch between Vietnamese and English")},
	{UI_ACT_CURSOR_LEFT, "cursor-left", N_("Cursor one character left")},
	{UI_ACT_CURSOR_RIGHT, "cursor-right", N_("Cursor one character right")},
	{UI_ACT_CURSOR_HOME, "cursor-home", N_("Cursor to the start")},
	{UI_ACT_CURSOR_END, "cursor-end", N_("Cursor to the end")},
	{UI_ACT_DELETE_BACK, "delete-back", N_("Delete the character before the cursor")},
	{UI_ACT_DELETE_FORWARD, "delete-forward", N_("Delete the character under the cursor")},
	{UI_ACT_KILL_START, "kill-start", N_("Delete from the start to the cursor")},
	{UI_ACT_KILL_END, "kill-end", N_("Delete from the cursor to the end")},
	{UI_ACT_KILL_WORD, "kill-word", N_("Delete the word before the cursor")},
	{UI_ACT_STOP_EDIT, "stop-edit", N_("Stop editing (the text is kept, not yet saved)")},
	{UI_ACT_ACCEPT, "accept", N_("Accept")},
	{UI_ACT_CANCEL, "cancel", N_("Cancel")},
	{UI_ACT_FOLLOW, "follow", N_("Follow the journal's new entries, or stop")},
};

#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

/* Every key binding.  Within a keymap a key appears once (a unit test
 * holds that); the help lists keymaps and actions in this order. */
static const ui_binding bindings[] = {
	{UI_KM_GLOBAL, '?', UI_ACT_HELP, N_("Help")},
	{UI_KM_GLOBAL, UI_KEY_F(1), UI_ACT_HELP, NULL},
	{UI_KM_GLOBAL, UI_KEY_ESC, UI_ACT_BACK, N_("Back")},
	{UI_KM_GLOBAL, 'q', UI_ACT_QUIT, N_("Quit")},
	{UI_KM_GLOBAL, UI_KEY_F(10), UI_ACT_QUIT, NULL},
	{UI_KM_GLOBAL, UI_KEY_CTRL('c'), UI_ACT_QUIT, NULL},
	{UI_KM_GLOBAL, UI_KEY_CTRL('l'), UI_ACT_REDRAW, NULL},

	{UI_KM_NAV, 'k', UI_ACT_UP, NULL},
	{UI_KM_NAV, UI_KEY_UP, UI_ACT_UP, NULL},
	{UI_KM_NAV, 'j', UI_ACT_DOWN, NULL},
	{UI_KM_NAV, UI_KEY_DOWN, UI_ACT_DOWN, NULL},
	{UI_KM_NAV, UI_KEY_PAGE_UP, UI_ACT_PAGE_UP, NULL},
	{UI_KM_NAV, UI_KEY_CTRL('b'), UI_ACT_PAGE_UP, NULL},
	{UI_KM_NAV, UI_KEY_PAGE_DOWN, UI_ACT_PAGE_DOWN, NULL},
	{UI_KM_NAV, UI_KEY_CTRL('f'), UI_ACT_PAGE_DOWN, NULL},
	{UI_KM_NAV, 'g', UI_ACT_FIRST, NULL},
	{UI_KM_NAV, UI_KEY_HOME, UI_ACT_FIRST, NULL},
	{UI_KM_NAV, 'G', UI_ACT_LAST, NULL},
	{UI_KM_NAV, UI_KEY_END, UI_ACT_LAST, NULL},

	{UI_KM_LIST, UI_KEY_ENTER, UI_ACT_OPEN, N_("Open")},
	{UI_KM_LIST, 'l', UI_ACT_OPEN, NULL},
	{UI_KM_LIST, UI_KEY_RIGHT, UI_ACT_OPEN, NULL},
	{UI_KM_LIST, '/', UI_ACT_FILTER, N_("Filter")},
	{UI_KM_LIST, 's', UI_ACT_SORT, N_("Sort")},
	{UI_KM_LIST, 'a', UI_ACT_ADD_PARTNER, N_("Add")},
	{UI_KM_LIST, UI_KEY_F(5), UI_ACT_RELOAD, NULL},
	{UI_KM_LIST, 'R', UI_ACT_SHOW_REF, N_("Reference")},
	{UI_KM_LIST, 'm', UI_ACT_SHOW_MOCK, N_("Mock")},

	{UI_KM_PARTNER, UI_KEY_TAB, UI_ACT_NEXT_FIELD, NULL},
	{UI_KM_PARTNER, UI_KEY_BACKTAB, UI_ACT_PREV_FIELD, NULL},
	{UI_KM_PARTNER, 'l', UI_ACT_NEXT_SECTION, NULL},
	{UI_KM_PARTNER, UI_KEY_RIGHT, UI_ACT_NEXT_SECTION, N_("Section")},
	{UI_KM_PARTNER, ']', UI_ACT_NEXT_SECTION, NULL},
	{UI_KM_PARTNER, 'h', UI_ACT_PREV_SECTION, NULL},
	{UI_KM_PARTNER, UI_KEY_LEFT, UI_ACT_PREV_SECTION, NULL},
	{UI_KM_PARTNER, '[', UI_ACT_PREV_SECTION, NULL},
	{UI_KM_PARTNER, UI_KEY_ENTER, UI_ACT_EDIT, N_("Edit")},
	{UI_KM_PARTNER, 'e', UI_ACT_EDIT, NULL},
	{UI_KM_PARTNER, ' ', UI_ACT_TOGGLE, NULL},
	{UI_KM_PARTNER, UI_KEY_CTRL('s'), UI_ACT_SAVE, N_("Save")},
	{UI_KM_PARTNER, 'r', UI_ACT_REVEAL, N_("Reveal")},
	{UI_KM_PARTNER, UI_KEY_CTRL('r'), UI_ACT_REAPPLY, NULL},
	{UI_KM_PARTNER, 'R', UI_ACT_SHOW_REF, NULL},
	{UI_KM_PARTNER, 'm', UI_ACT_SHOW_MOCK, NULL},

	{UI_KM_CONNECTION, 'a', UI_ACT_ADD_DOCUMENT, N_("Add document")},

	{UI_KM_KEYS, 'i', UI_ACT_KEY_IMPORT, N_("Import")},
	{UI_KM_KEYS, 'p', UI_ACT_KEY_PASTE, N_("Paste")},
	{UI_KM_KEYS, 'n', UI_ACT_KEY_GENERATE, N_("New pair")},
	{UI_KM_KEYS, 'x', UI_ACT_KEY_EXPORT, N_("Export")},

	{UI_KM_ENV, 'p', UI_ACT_PROVISION, N_("Provision")},
	{UI_KM_ENV, 'a', UI_ACT_ACTIVATE, N_("Activated")},

	{UI_KM_ONBOARDING, 'd', UI_ACT_STEP_DONE, N_("Done")},
	{UI_KM_ONBOARDING, 'o', UI_ACT_STEP_REOPEN, N_("Reopen")},
	{UI_KM_ONBOARDING, 'a', UI_ACT_ADD_EVIDENCE, N_("Evidence")},

	{UI_KM_SUPPORT, 'a', UI_ACT_ADD_CHANNEL, N_("Add channel")},
	{UI_KM_SUPPORT, 'x', UI_ACT_DELETE_ENTRY, NULL},

	{UI_KM_EMAILS, 'n', UI_ACT_NEXT_ITEM, N_("Next")},
	{UI_KM_EMAILS, 'p', UI_ACT_PREV_ITEM, NULL},
	{UI_KM_EMAILS, 'v', UI_ACT_TOGGLE_LANG, N_("Language")},

	{UI_KM_EDIT, UI_KEY_LEFT, UI_ACT_CURSOR_LEFT, NULL},
	{UI_KM_EDIT, UI_KEY_RIGHT, UI_ACT_CURSOR_RIGHT, NULL},
	{UI_KM_EDIT, UI_KEY_HOME, UI_ACT_CURSOR_HOME, NULL},
	{UI_KM_EDIT, UI_KEY_CTRL('a'), UI_ACT_CURSOR_HOME, NULL},
	{UI_KM_EDIT, UI_KEY_END, UI_ACT_CURSOR_END, NULL},
	{UI_KM_EDIT, UI_KEY_CTRL('e'), UI_ACT_CURSOR_END, NULL},
	{UI_KM_EDIT, UI_KEY_BACKSPACE, UI_ACT_DELETE_BACK, NULL},
	{UI_KM_EDIT, UI_KEY_DEL, UI_ACT_DELETE_BACK, NULL},
	{UI_KM_EDIT, UI_KEY_CTRL('h'), UI_ACT_DELETE_BACK, NULL},
	{UI_KM_EDIT, UI_KEY_DELETE, UI_ACT_DELETE_FORWARD, NULL},
	{UI_KM_EDIT, UI_KEY_CTRL('d'), UI_ACT_DELETE_FORWARD, NULL},
	{UI_KM_EDIT, UI_KEY_CTRL('u'), UI_ACT_KILL_START, NULL},
	{UI_KM_EDIT, UI_KEY_CTRL('k'), UI_ACT_KILL_END, NULL},
	{UI_KM_EDIT, UI_KEY_CTRL('w'), UI_ACT_KILL_WORD, NULL},
	{UI_KM_EDIT, UI_KEY_TAB, UI_ACT_NEXT_FIELD, N_("Next field")},
	{UI_KM_EDIT, UI_KEY_BACKTAB, UI_ACT_PREV_FIELD, NULL},
	{UI_KM_EDIT, UI_KEY_DOWN, UI_ACT_NEXT_FIELD, NULL},
	{UI_KM_EDIT, UI_KEY_UP, UI_ACT_PREV_FIELD, NULL},
	{UI_KM_EDIT, UI_KEY_ENTER, UI_ACT_SAVE, N_("Save")},
	{UI_KM_EDIT, UI_KEY_CTRL('s'), UI_ACT_SAVE, NULL},
	{UI_KM_EDIT, UI_KEY_ESC, UI_ACT_STOP_EDIT, N_("Stop editing")},
	{UI_KM_EDIT, UI_KEY_F(1), UI_ACT_HELP, N_("Help")},

	{UI_KM_PROMPT, UI_KEY_ENTER, UI_ACT_ACCEPT, N_("Accept")},
	{UI_KM_PROMPT, UI_KEY_ESC, UI_ACT_CANCEL, N_("Cancel")},

	{UI_KM_PASTE, UI_KEY_CTRL('s'), UI_ACT_ACCEPT, N_("Import")},
	{UI_KM_PASTE, UI_KEY_CTRL('d'), UI_ACT_ACCEPT, NULL},
	{UI_KM_PASTE, UI_KEY_ESC, UI_ACT_CANCEL, N_("Cancel")},
	{UI_KM_PASTE, UI_KEY_BACKSPACE, UI_ACT_DELETE_BACK, NULL},
	{UI_KM_PASTE, UI_KEY_DEL, UI_ACT_DELETE_BACK, NULL},
	{UI_KM_PASTE, UI_KEY_CTRL('u'), UI_ACT_KILL_START, NULL},

	{UI_KM_CONFIRM, UI_KEY_ESC, UI_ACT_CANCEL, N_("Cancel")},

	{UI_KM_HELP, UI_KEY_ESC, UI_ACT_BACK, N_("Close")},
	{UI_KM_HELP, 'q', UI_ACT_BACK, NULL},
	{UI_KM_HELP, '?', UI_ACT_BACK, NULL},
	{UI_KM_HELP, UI_KEY_F(1), UI_ACT_BACK, NULL},

	{UI_KM_REF, UI_KEY_TAB, UI_ACT_NEXT_SECTION, N_("Next page")},
	{UI_KM_REF, 'l', UI_ACT_NEXT_SECTION, NULL},
	{UI_KM_REF, UI_KEY_RIGHT, UI_ACT_NEXT_SECTION, NULL},
	{UI_KM_REF, UI_KEY_BACKTAB, UI_ACT_PREV_SECTION, NULL},
	{UI_KM_REF, 'h', UI_ACT_PREV_SECTION, NULL},
	{UI_KM_REF, UI_KEY_LEFT, UI_ACT_PREV_SECTION, NULL},

	{UI_KM_MOCK, 'f', UI_ACT_FOLLOW, N_("Follow")},
	{UI_KM_MOCK, UI_KEY_F(5), UI_ACT_RELOAD, N_("Refresh")},
};

#define NBINDINGS (sizeof(bindings) / sizeof(bindings[0]))

static const char *const keymap_titles[UI_KM_COUNT] = {
	[UI_KM_GLOBAL] = N_("Everywhere"),
	[UI_KM_NAV] = N_("Moving"),
	[UI_KM_LIST] = N_("Partner list"),
	[UI_KM_PARTNER] = N_("Partner record"),
	[UI_KM_CONNECTION] = N_("Connection section"),
	[UI_KM_KEYS] = N_("Keys section"),
	[UI_KM_ENV] = N_("Environments section"),
	[UI_KM_ONBOARDING] = N_("Onboarding section"),
	[UI_KM_SUPPORT] = N_("Support section"),
	[UI_KM_EMAILS] = N_("Emails section"),
	[UI_KM_EDIT] = N_("Editing a field"),
	[UI_KM_PROMPT] = N_("Answering a question"),
	[UI_KM_PASTE] = N_("Pasting a key"),
	[UI_KM_CONFIRM] = N_("Confirming"),
	[UI_KM_HELP] = N_("Help"),
	[UI_KM_REF] = N_("Reference"),
	[UI_KM_MOCK] = N_("Mock panel"),
};

static const struct {
	int key;
	const char *name;
} key_names[] = {
	{UI_KEY_UP, "Up"}, {UI_KEY_DOWN, "Down"}, {UI_KEY_LEFT, "Left"}, {UI_KEY_RIGHT, "Right"},
	{UI_KEY_HOME, "Home"}, {UI_KEY_END, "End"}, {UI_KEY_PAGE_UP, "PgUp"},
	{UI_KEY_PAGE_DOWN, "PgDn"}, {UI_KEY_BACKSPACE, "Backspace"}, {UI_KEY_DEL, "Backspace"},
	{UI_KEY_DELETE, "Delete"}, {UI_KEY_BACKTAB, "Shift-Tab"}, {UI_KEY_TAB, "Tab"},
	{UI_KEY_ENTER, "Enter"}, {UI_KEY_ESC, "Esc"}, {' ', "Space"},
};

const ui_binding *ui_keys_table(size_t *n)
{
	if (n)
		*n = NBINDINGS;
	return bindings;
}

const ui_action_info *ui_actions_table(size_t *n)
{
	if (n)
		*n = NACTIONS;
	return actions;
}

const ui_action_info *ui_action_get(ui_action a)
{
	size_t i;

	for (i = 0; i < NACTIONS; i++)
		if (actions[i].action == a)
			return &actions[i];
	return NULL;
}

const char *ui_keymap_title(ui_keymap m)
{
	return (unsigned)m < UI_KM_COUNT ? keymap_titles[m] : "";
}

ui_action ui_keys_lookup(ui_keymap m, int key)
{
	size_t i;

	for (i = 0; i < NBINDINGS; i++)
		if (bindings[i].keymap == m && bindings[i].key == key)
			return bindings[i].action;
	return UI_ACT_NONE;
}

ui_action ui_keys_resolve(const ui_keymap *chain, size_t n, int key)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ui_action a = ui_keys_lookup(chain[i], key);

		if (a != UI_ACT_NONE)
			return a;
	}
	return UI_ACT_NONE;
}

void ui_key_name(int key, char *out, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++) {
		if (key_names[i].key == key) {
			snprintf(out, len, "%s", key_names[i].name);
			return;
		}
	}
	if (key > UI_KEY_F0 && key <= UI_KEY_LAST)
		snprintf(out, len, "F%d", key - UI_KEY_F0);
	else if (key > 0 && key < ' ')
		snprintf(out, len, "Ctrl-%c", key + '@');
	else if (key > ' ' && key < UI_KEY_DEL)
		snprintf(out, len, "%c", key);
	else
		snprintf(out, len, "U+%04X", (unsigned)key);
}

/* 1 when binding b is what the chain does with its key: no keymap before
 * b's own in the chain takes the key for something else. */
static int effective(const ui_keymap *chain, size_t n, const ui_binding *b)
{
	return ui_keys_resolve(chain, n, b->key) == b->action;
}

/* Appends the key's name to keys unless it is there already. */
static void keys_add(char *keys, size_t len, int key)
{
	char name[UI_HELP_KEYS_MAX];
	size_t used = strlen(keys);
	const char *p = keys;
	size_t nl;

	ui_key_name(key, name, sizeof(name));
	nl = strlen(name);
	while ((p = strstr(p, name)) != NULL) {
		if ((p == keys || p[-1] == ' ') && (p[nl] == ',' || p[nl] == '\0'))
			return;
		p += nl;
	}
	snprintf(keys + used, len - used, "%s%s", used ? ", " : "", name);
}

size_t ui_keys_help(const ui_keymap *chain, size_t n, ui_help_line *out, size_t max)
{
	size_t lines = 0, c, i, j;

	for (c = 0; c < n; c++) {
		const char *heading = keymap_titles[chain[c]];

		for (i = 0; i < NBINDINGS; i++) {
			const ui_binding *b = &bindings[i];
			ui_help_line line;
			int seen = 0;

			if (b->keymap != chain[c] || !effective(chain, n, b))
				continue;
			/* One line per action: skip it when an earlier binding of
			 * this keymap already made the line. */
			for (j = 0; j < i; j++)
				if (bindings[j].keymap == chain[c] && bindings[j].action == b->action &&
				    effective(chain, n, &bindings[j]))
					seen = 1;
			if (seen)
				continue;
			memset(&line, 0, sizeof(line));
			line.heading = heading;
			heading = NULL;
			for (j = i; j < NBINDINGS; j++)
				if (bindings[j].keymap == chain[c] && bindings[j].action == b->action &&
				    effective(chain, n, &bindings[j]))
					keys_add(line.keys, sizeof(line.keys), bindings[j].key);
			line.help = ui_action_get(b->action) ? ui_action_get(b->action)->help : "";
			if (lines < max)
				out[lines] = line;
			lines++;
		}
	}
	return lines;
}

size_t ui_keys_hints(const ui_keymap *chain, size_t n, ui_hint *out, size_t max)
{
	size_t count = 0, c, i, j;

	for (c = 0; c < n; c++) {
		for (i = 0; i < NBINDINGS && count < max; i++) {
			const ui_binding *b = &bindings[i];
			int dup = 0;

			if (b->keymap != chain[c] || !b->hint || !effective(chain, n, b))
				continue;
			for (j = 0; j < count; j++)
				if (strcmp(out[j].word, b->hint) == 0)
					dup = 1;
			if (dup)
				continue;
			ui_key_name(b->key, out[count].key, sizeof(out[count].key));
			out[count].word = b->hint;
			count++;
		}
	}
	return count;
}
