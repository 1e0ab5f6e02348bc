/* ui.c - the console's main loop: the terminal, the screen stack, keys,
 * questions, help, resize and every way out.
 *
 * Only this file acts: screens return what should happen (ui_do) and the
 * loop does it.  The terminal is restored on every exit path - a normal
 * quit, an error, exit() from anywhere (atexit) and SIGINT, SIGTERM or
 * SIGHUP (the handler only notes the signal; the loop, which wakes at least
 * every TICK_MS, restores the terminal and then dies of the signal as the
 * sender meant).  Nothing is written to stderr while curses owns the
 * terminal: messages go to the status line.
 *
 * Screens' HTTP requests (ui_request) run on one client driven from the
 * loop: while any is in flight the loop waits for keys in short slices
 * and moves the requests on between them, never waiting on the network,
 * and hands each answer to its screen.
 */
#include "ui.h"

#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "screen.h"
#include "textfield.h"
#include "utf8.h"

#define STACK_MAX 8
#define TICK_MS 250            /* how long get_wch waits before a tick check */
#define HTTP_SLICE_MS 20       /* ... and while a request is in flight */
#define TICK_EVERY_S 1         /* how often screens get a tick */
#define ESC_DELAY_MS 25        /* Esc alone, not the start of a sequence */
#define HELP_LINES_MAX 160
#define PASTE_MAX (64 * 1024)  /* a 16384-bit key in XML is about 12 KiB */
#define TITLE_MAX 256
#define CHOICES_MAX 16
#define HINTS_MAX 12

/* DEC private mode 2004: the terminal brackets pasted text. */
#define PASTE_MODE_ON "\033[?2004h"
#define PASTE_MODE_OFF "\033[?2004l"

/* Curses key codes for the paste brackets, past ncurses' own. */
#define CURSES_PASTE_BEGIN (KEY_MAX + 1)
#define CURSES_PASTE_END (KEY_MAX + 2)

typedef enum modal_kind { MODAL_CONFIRM, MODAL_PROMPT, MODAL_PASTE } modal_kind;

struct ui_modal {
	modal_kind kind;
	char title[TITLE_MAX];
	char text[UI_STATUS_MAX];
	char choices[CHOICES_MAX];
	char why[GTD_ERR_MSG_MAX];    /* the prompt's check said no */
	ui_textfield field;           /* the prompt's text */
	gtd_buf paste;                /* the paste box's text */
	ui_check_fn check;
	ui_answer_fn fn;
	void *st;
};

typedef struct frame {
	const ui_screen_ops *ops;
	void *st;
	int leave_ok;   /* its unsaved changes were saved or discarded for a leave */
} frame;

typedef struct ui_main {
	ui_ctx ctx;
	frame stack[STACK_MAX];
	int depth;
	int help;            /* the help popup is open */
	int help_top;
	int in_paste;        /* between the paste brackets */
	int quit;
	ui_do leaving;       /* UI_DO_BACK or UI_DO_QUIT waiting on the question */
	struct ui_modal modal;
	int modal_open;
	time_t last_tick;
	ui_http *http;       /* made by the first request */
	int wait_ms;         /* get_wch's timeout now */
} ui_main;

static const ui_screen_ops *const screens[UI_SCREEN_COUNT] = {
#define UI_SCREEN_PTR(id, name) [UI_SCREEN_##id] = &ui_screen_##name,
	UI_SCREENS(UI_SCREEN_PTR)
#undef UI_SCREEN_PTR
};

static volatile sig_atomic_t got_signal;
static int curses_active;
static int paste_mode;
static SCREEN *term_screen;

/* ---- the terminal ---- */

static void term_write(const char *s)
{
	ssize_t n = write(STDOUT_FILENO, s, strlen(s));

	(void)n;   /* nothing to do about a terminal that is gone */
}

/* Idempotent: from the loop's end, atexit() and error paths alike. */
static void term_restore(void)
{
	if (!curses_active)
		return;
	curses_active = 0;
	if (paste_mode)
		term_write(PASTE_MODE_OFF);
	paste_mode = 0;
	curs_set(1);
	endwin();
}

static void on_signal(int sig)
{
	got_signal = sig;
}

static void signals_set(void (*handler)(int))
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: get_wch returns, and the loop sees the signal. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int term_start(void)
{
	const char *term = getenv("TERM");
	const char *cup;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("gtd-console: the interactive console needs a terminal; "
				  "use the verbs in scripts (gtd-console --help)\n"));
		return -1;
	}
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen) {
		fprintf(stderr, _("gtd-console: cannot use the terminal TERM=%s: set TERM to your "
				  "terminal's type (xterm-256color, screen-256color...)\n"),
			term ? term : "");
		return -1;
	}
	set_term(term_screen);
	curses_active = 1;
	atexit(term_restore);
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		term_restore();
		fprintf(stderr, _("gtd-console: the terminal TERM=%s cannot place the cursor; run the "
				  "console in a full terminal, or use the verbs (gtd-console --help)\n"),
			term ? term : "");
		return -1;
	}
	signals_set(on_signal);
	raw();               /* Ctrl-S and Ctrl-C reach the console as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(ESC_DELAY_MS);
	timeout(TICK_MS);
	curs_set(0);
	define_key("\033[200~", CURSES_PASTE_BEGIN);
	define_key("\033[201~", CURSES_PASTE_END);
	if (!term || strcmp(term, "dumb") != 0) {
		term_write(PASTE_MODE_ON);
		paste_mode = 1;
	}
	ui_draw_init();
	return 0;
}

/* The next key as the key table knows it, or -1 when none came. */
static int read_key(void)
{
	static const struct {
		int curses, ui;
	} map[] = {
		{KEY_UP, UI_KEY_UP}, {KEY_DOWN, UI_KEY_DOWN}, {KEY_LEFT, UI_KEY_LEFT},
		{KEY_RIGHT, UI_KEY_RIGHT}, {KEY_HOME, UI_KEY_HOME}, {KEY_END, UI_KEY_END},
		{KEY_PPAGE, UI_KEY_PAGE_UP}, {KEY_NPAGE, UI_KEY_PAGE_DOWN},
		{KEY_BACKSPACE, UI_KEY_BACKSPACE}, {KEY_DC, UI_KEY_DELETE}, {KEY_BTAB, UI_KEY_BACKTAB},
		{KEY_ENTER, UI_KEY_ENTER}, {KEY_RESIZE, UI_KEY_RESIZE}, {KEY_SELECT, UI_KEY_END},
		{KEY_FIND, UI_KEY_HOME}, {CURSES_PASTE_BEGIN, UI_KEY_PASTE_BEGIN},
		{CURSES_PASTE_END, UI_KEY_PASTE_END},
	};
	wint_t wc;
	size_t i;
	int r = get_wch(&wc);

	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		if ((int)wc >= KEY_F(1) && (int)wc <= KEY_F(12))
			return UI_KEY_F((int)wc - KEY_F0);
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (map[i].curses == (int)wc)
				return map[i].ui;
		return -1;
	}
	if (wc == '\n' || wc == '\r')
		return UI_KEY_ENTER;
	return (int)wc;
}

/* ---- what screens call ---- */

const char *ui_lang(void)
{
	const char *language = getenv("LANGUAGE"), *messages = setlocale(LC_MESSAGES, NULL);
	const char *lang = messages;

	/* gettext's own choice (and i18n_init's --lang): LANGUAGE first,
	 * except in the plain C locale; then the messages locale. */
	if (language && *language && messages && strcmp(messages, "C") != 0 &&
	    strcmp(messages, "POSIX") != 0)
		lang = language;
	return lang && strncmp(lang, "vi", 2) == 0 ? "vi" : "en";
}

void ui_status(ui_ctx *ctx, ui_color c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->status, sizeof(ctx->status), fmt, ap);
	va_end(ap);
	ctx->status_color = c;
}

ui_do ui_open(ui_ctx *ctx, ui_screen_id id, const char *arg, int flags)
{
	ctx->open_id = id;
	snprintf(ctx->open_arg, sizeof(ctx->open_arg), "%s", arg ? arg : "");
	ctx->open_flags = flags;
	return UI_DO_OPEN;
}

void ui_cursor(ui_ctx *ctx, int y, int x)
{
	ctx->cursor_y = y;
	ctx->cursor_x = x;
}

/* The modal lives in ui_main, which holds the ctx first. */
static ui_main *main_of(ui_ctx *ctx)
{
	return (ui_main *)ctx;
}

unsigned long ui_request(ui_ctx *ctx, const ui_http_request *rq, gtd_err *err)
{
	ui_main *m = main_of(ctx);

	if (!m->http && !(m->http = ui_http_new(err)))
		return 0;
	return ui_http_get(m->http, rq, err);
}

static struct ui_modal *modal_start(ui_ctx *ctx, modal_kind kind, const char *title,
				    const char *text, ui_answer_fn fn, void *st)
{
	ui_main *m = main_of(ctx);
	struct ui_modal *md = &m->modal;

	if (m->modal_open) {   /* one question at a time: the new one wins */
		ui_textfield_release(&md->field);
		gtd_buf_release(&md->paste);
	}
	memset(md, 0, sizeof(*md));
	md->kind = kind;
	snprintf(md->title, sizeof(md->title), "%s", title ? title : "");
	snprintf(md->text, sizeof(md->text), "%s", text ? text : "");
	md->fn = fn;
	md->st = st;
	gtd_buf_init(&md->paste, PASTE_MAX);
	if (ui_textfield_init(&md->field, 0) != GTD_OK) {
		ui_status(ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
		gtd_buf_release(&md->paste);
		return NULL;
	}
	m->modal_open = 1;
	ctx->modal = md;
	return md;
}

void ui_confirm(ui_ctx *ctx, const char *title, const char *text, const char *choices,
		ui_answer_fn fn, void *st)
{
	struct ui_modal *md = modal_start(ctx, MODAL_CONFIRM, title, text, fn, st);

	if (md)
		snprintf(md->choices, sizeof(md->choices), "%s", choices);
}

void ui_prompt(ui_ctx *ctx, const char *title, const char *text, const char *initial,
	       ui_check_fn check, ui_answer_fn fn, void *st)
{
	struct ui_modal *md = modal_start(ctx, MODAL_PROMPT, title, text, fn, st);

	if (!md)
		return;
	md->check = check;
	ui_textfield_set(&md->field, initial);
}

void ui_paste(ui_ctx *ctx, const char *title, const char *text, ui_answer_fn fn, void *st)
{
	modal_start(ctx, MODAL_PASTE, title, text, fn, st);
}

/* Closes the question and gives its answer to whoever asked. */
static ui_do modal_answer(ui_main *m, int answer)
{
	struct ui_modal *md = &m->modal;
	ui_answer_fn fn = md->fn;
	void *st = md->st;
	char *text = NULL;
	ui_do d;

	if (answer && md->kind == MODAL_PROMPT)
		text = strdup(ui_textfield_text(&md->field));
	else if (answer && md->kind == MODAL_PASTE)
		text = gtd_buf_detach(&md->paste);
	ui_textfield_release(&md->field);
	gtd_buf_release(&md->paste);
	m->modal_open = 0;
	m->ctx.modal = NULL;
	if (answer && md->kind != MODAL_CONFIRM && !text) {
		ui_status(&m->ctx, UI_COLOR_ERROR, "%s", _("Out of memory."));
		return UI_DO_NOTHING;
	}
	d = fn ? fn(st, &m->ctx, answer, text) : UI_DO_NOTHING;
	if (text) {
		memset(text, 0, strlen(text));   /* it may have been a key */
		free(text);
	}
	return d;
}

/* A whole PEM block or XML key is in the paste box. */
static int paste_complete(const char *s, int need_newline)
{
	const char *end = strstr(s, "-----END ");
	const char *dashes = end ? strstr(end + 9, "-----") : NULL;

	if (strstr(s, "</RSAKeyValue>"))
		return 1;
	if (!dashes)
		return 0;
	return !need_newline || strchr(dashes + 5, '\n') != NULL;
}

static void paste_backspace(gtd_buf *b)
{
	while (b->len > 0) {
		b->len--;
		if (((unsigned char)b->data[b->len] & 0xc0) != 0x80)
			break;
	}
	if (b->data)
		b->data[b->len] = '\0';
}

/* The box overflowed and its buffer dropped the text: it starts again
 * empty rather than refusing every later key. */
static void paste_overflow(ui_main *m)
{
	gtd_buf_release(&m->modal.paste);
	ui_status(&m->ctx, UI_COLOR_ERROR, "%s", _("That is too much text for a key."));
}

static ui_do modal_key(ui_main *m, int key)
{
	static const ui_keymap prompt_chain[] = {UI_KM_PROMPT, UI_KM_EDIT};
	struct ui_modal *md = &m->modal;
	char enc[8];
	ui_action act;
	size_t n;

	switch (md->kind) {
	case MODAL_CONFIRM:
		if (ui_keys_lookup(UI_KM_CONFIRM, key) == UI_ACT_CANCEL)
			return modal_answer(m, 0);
		if (key > 0 && key < 0x80 && strchr(md->choices, key))
			return modal_answer(m, key);
		if (key >= 'A' && key <= 'Z' && strchr(md->choices, key + ('a' - 'A')))
			return modal_answer(m, key + ('a' - 'A'));
		return UI_DO_NOTHING;
	case MODAL_PROMPT:
		act = ui_keys_resolve(prompt_chain, 2, key);
		if (act == UI_ACT_CANCEL)
			return modal_answer(m, 0);
		if (act == UI_ACT_ACCEPT) {
			md->why[0] = '\0';
			if (md->check && !md->check(ui_textfield_text(&md->field), md->why, sizeof(md->why)))
				return UI_DO_NOTHING;
			return modal_answer(m, 'y');
		}
		if (act == UI_ACT_HELP)
			return UI_DO_HELP;
		switch (act) {
		case UI_ACT_CURSOR_LEFT: ui_textfield_left(&md->field); break;
		case UI_ACT_CURSOR_RIGHT: ui_textfield_right(&md->field); break;
		case UI_ACT_CURSOR_HOME: ui_textfield_home(&md->field); break;
		case UI_ACT_CURSOR_END: ui_textfield_end(&md->field); break;
		case UI_ACT_DELETE_BACK: ui_textfield_backspace(&md->field); break;
		case UI_ACT_DELETE_FORWARD: ui_textfield_delete(&md->field); break;
		case UI_ACT_KILL_START: ui_textfield_kill_start(&md->field); break;
		case UI_ACT_KILL_END: ui_textfield_kill_end(&md->field); break;
		case UI_ACT_KILL_WORD: ui_textfield_kill_word(&md->field); break;
		case UI_ACT_NONE:
			if (key >= ' ' && key != UI_KEY_DEL && key < UI_KEY_UP)
				ui_textfield_insert_cp(&md->field, (unsigned)key);
			break;
		default:
			break;
		}
		return UI_DO_NOTHING;
	case MODAL_PASTE:
		if (key == UI_KEY_PASTE_END)
			return paste_complete(gtd_buf_str(&md->paste), 0) ? modal_answer(m, 'y') : UI_DO_NOTHING;
		act = ui_keys_lookup(UI_KM_PASTE, key);
		if (act == UI_ACT_CANCEL)
			return modal_answer(m, 0);
		if (act == UI_ACT_ACCEPT)
			return modal_answer(m, 'y');
		if (act == UI_ACT_DELETE_BACK) {
			paste_backspace(&md->paste);
			return UI_DO_NOTHING;
		}
		if (act == UI_ACT_KILL_START) {
			gtd_buf_release(&md->paste);
			return UI_DO_NOTHING;
		}
		if (key == UI_KEY_ENTER) {
			if (gtd_buf_addc(&md->paste, '\n') != GTD_OK)
				paste_overflow(m);
			/* Typed or pasted without brackets: the END line's
			 * newline finishes a PEM key. */
			if (!m->in_paste && paste_complete(gtd_buf_str(&md->paste), 1))
				return modal_answer(m, 'y');
			return UI_DO_NOTHING;
		}
		if ((key >= ' ' || key == UI_KEY_TAB) && key != UI_KEY_DEL && key < UI_KEY_UP) {
			n = gtd_utf8_encode((unsigned)key, enc);
			if (n && gtd_buf_add(&md->paste, enc, n) != GTD_OK)
				paste_overflow(m);
		}
		return UI_DO_NOTHING;
	}
	return UI_DO_NOTHING;
}

/* ---- the screen stack ---- */

static frame *top(ui_main *m)
{
	return m->depth > 0 ? &m->stack[m->depth - 1] : NULL;
}

static size_t chain_of(ui_main *m, ui_keymap *chain)
{
	frame *f = top(m);

	if (m->modal_open) {
		switch (m->modal.kind) {
		case MODAL_CONFIRM: chain[0] = UI_KM_CONFIRM; return 1;
		case MODAL_PROMPT: chain[0] = UI_KM_PROMPT; chain[1] = UI_KM_EDIT; return 2;
		case MODAL_PASTE: chain[0] = UI_KM_PASTE; return 1;
		}
	}
	if (m->help) {
		chain[0] = UI_KM_HELP;
		chain[1] = UI_KM_NAV;
		return 2;
	}
	return f ? f->ops->keymaps(f->st, chain) : 0;
}

static int push(ui_main *m, ui_screen_id id, const char *arg, int flags)
{
	void *st;

	if (m->depth >= STACK_MAX) {
		ui_status(&m->ctx, UI_COLOR_WARNING, "%s", _("Too many screens open: go back first (Esc)."));
		return -1;
	}
	st = screens[id]->open(&m->ctx, arg, flags);
	if (!st)
		return -1;
	m->stack[m->depth].ops = screens[id];
	m->stack[m->depth].st = st;
	m->stack[m->depth].leave_ok = 0;
	m->depth++;
	return 0;
}

static void pop(ui_main *m)
{
	frame *f = top(m);

	if (!f)
		return;
	ui_http_cancel(m->http, f->st);
	f->ops->close(f->st);
	m->depth--;
	f = top(m);
	if (f && f->ops->resume)
		f->ops->resume(f->st, &m->ctx);
}

static int frame_dirty(const frame *f)
{
	return !f->leave_ok && f->ops->dirty && f->ops->dirty(f->st);
}

static ui_do leave(ui_main *m, ui_do what);

static ui_do leave_answer(void *st, ui_ctx *ctx, int answer, const char *text)
{
	ui_main *m = st;
	ui_do what = m->leaving;
	int i;

	(void)text;
	m->leaving = UI_DO_NOTHING;
	if (!answer)
		return UI_DO_NOTHING;
	/* The frame the question was about: the top one for a back, the
	 * topmost dirty one for a quit. */
	for (i = m->depth - 1; i >= 0; i--) {
		frame *f = &m->stack[i];

		if (!frame_dirty(f))
			continue;
		if (answer == 's' && !f->ops->save(f->st, ctx))
			return UI_DO_NOTHING;   /* the screen said why; the edits stay */
		f->leave_ok = 1;
		break;
	}
	return leave(m, what);
}

/* Back or quit, asking first about unsaved changes. */
static ui_do leave(ui_main *m, ui_do what)
{
	char title[TITLE_MAX], text[UI_STATUS_MAX];
	int i, last = what == UI_DO_BACK ? m->depth - 1 : 0;

	for (i = m->depth - 1; i >= last && i >= 0; i--) {
		frame *f = &m->stack[i];

		if (!frame_dirty(f))
			continue;
		f->ops->title(f->st, title, sizeof(title));
		snprintf(text, sizeof(text),
			 _("%s has changes that are not saved.\n\n"
			   "s    save them, then %s\n"
			   "d    discard them and %s\n"
			   "Esc  stay and keep editing"),
			 title, what == UI_DO_QUIT ? _("quit") : _("go back"),
			 what == UI_DO_QUIT ? _("quit") : _("go back"));
		m->leaving = what;
		ui_confirm(&m->ctx, _("Unsaved changes"), text, "sd", leave_answer, m);
		return UI_DO_NOTHING;
	}
	if (what == UI_DO_QUIT) {
		m->quit = 1;
	} else if (m->depth > 1) {
		pop(m);
	} else {
		ui_status(&m->ctx, UI_COLOR_HINT, "%s", _("This is the first screen: q quits."));
		m->stack[0].leave_ok = 0;
	}
	return UI_DO_NOTHING;
}

/* Does what a handler asked for. */
static void act_on(ui_main *m, ui_do d, ui_action act)
{
	if (d == UI_DO_DEFAULT) {
		switch (act) {
		case UI_ACT_HELP: d = UI_DO_HELP; break;
		case UI_ACT_BACK: d = UI_DO_BACK; break;
		case UI_ACT_QUIT: d = UI_DO_QUIT; break;
		case UI_ACT_REDRAW: clearok(curscr, TRUE); return;
		case UI_ACT_SHOW_REF: push(m, UI_SCREEN_REF, NULL, 0); return;
		default: return;
		}
	}
	switch (d) {
	case UI_DO_OPEN:
		push(m, m->ctx.open_id, m->ctx.open_arg, m->ctx.open_flags);
		break;
	case UI_DO_BACK:
	case UI_DO_QUIT:
		leave(m, d);
		break;
	case UI_DO_HELP:
		m->help = 1;
		m->help_top = 0;
		break;
	default:
		break;
	}
}

static void help_key(ui_main *m, int key)
{
	static const ui_keymap chain[] = {UI_KM_HELP, UI_KM_NAV};
	int page = m->ctx.layout.popup.h - 3;

	switch (ui_keys_resolve(chain, 2, key)) {
	case UI_ACT_BACK: m->help = 0; break;
	case UI_ACT_UP: m->help_top--; break;
	case UI_ACT_DOWN: m->help_top++; break;
	case UI_ACT_PAGE_UP: m->help_top -= page; break;
	case UI_ACT_PAGE_DOWN: m->help_top += page; break;
	case UI_ACT_FIRST: m->help_top = 0; break;
	case UI_ACT_LAST: m->help_top = HELP_LINES_MAX; break;
	default: break;
	}
	if (m->help_top < 0)
		m->help_top = 0;
}

static void dispatch(ui_main *m, int key)
{
	ui_keymap chain[UI_CHAIN_MAX];
	frame *f = top(m);
	ui_action act;
	size_t n;

	if (key == UI_KEY_PASTE_BEGIN || key == UI_KEY_PASTE_END) {
		m->in_paste = key == UI_KEY_PASTE_BEGIN;
		if (!(m->modal_open && m->modal.kind == MODAL_PASTE))
			return;
	}
	/* Inside a paste, line breaks are text, not Enter. */
	if (m->in_paste && (key == UI_KEY_ENTER || key == UI_KEY_TAB) &&
	    !(m->modal_open && m->modal.kind == MODAL_PASTE))
		key = ' ';
	if (m->ctx.layout.too_small) {
		/* Only quitting works, and only when nothing would be lost. */
		if (ui_keys_lookup(UI_KM_GLOBAL, key) == UI_ACT_QUIT)
			act_on(m, UI_DO_QUIT, UI_ACT_QUIT);
		return;
	}
	if (m->modal_open && !m->help) {
		ui_do d = modal_key(m, key);

		act_on(m, d, UI_ACT_NONE);
		return;
	}
	if (m->help) {
		help_key(m, key);
		return;
	}
	if (!f)
		return;
	/* A key clears the last message; what it does may put a new one. */
	m->ctx.status[0] = '\0';
	n = f->ops->keymaps(f->st, chain);
	act = ui_keys_resolve(chain, n, key);
	act_on(m, f->ops->key(f->st, &m->ctx, key, act), act);
}

/* ---- drawing ---- */

static void draw_too_small(ui_main *m)
{
	const ui_layout *l = &m->ctx.layout;
	char line[UI_STATUS_MAX];
	ui_rect r = {0, 0, l->lines, l->cols}, text;
	int y = l->lines / 2 - 2, dirty = 0, i;

	for (i = 0; i < m->depth; i++)
		dirty |= frame_dirty(&m->stack[i]);
	if (y < 0)
		y = 0;
	ui_draw_fill(&r, UI_COLOR_NORMAL);
	ui_draw_text(y, 0, l->cols, _("Terminal too small"), UI_COLOR_ERROR);
	snprintf(line, sizeof(line), _("%dx%d here; the console needs at least %dx%d."), l->cols,
		 l->lines, UI_MIN_COLS, UI_MIN_LINES);
	text = (ui_rect){y + 1, 0, l->lines - y - 1, l->cols};
	i = ui_draw_wrapped(&text, 0, line, UI_COLOR_NORMAL);
	ui_draw_wrapped(&text, i, dirty ? _("Enlarge the window: your unsaved edits are kept.")
				       : _("Enlarge the window, or press q to quit."),
			UI_COLOR_DIM);
}

void ui_draw_hints(const ui_rect *r, const ui_keymap *chain, size_t n)
{
	ui_hint hints[HINTS_MAX];
	size_t count = ui_keys_hints(chain, n, hints, HINTS_MAX), i;
	int x = r->x, end = r->x + r->w;

	ui_draw_fill(r, UI_COLOR_HINT);
	for (i = 0; i < count && x < end; i++) {
		const char *word = _(hints[i].word);
		int need = (int)(gtd_utf8_width(hints[i].key) + 1 + gtd_utf8_width(word));

		if (x + need > end)
			break;
		x += ui_draw_text(r->y, x, end - x, hints[i].key, UI_COLOR_KEY);
		x += 1;
		x += ui_draw_text(r->y, x, end - x, word, UI_COLOR_HINT);
		x += 2;
	}
}

static void draw_help(ui_main *m)
{
	static ui_help_line lines[HELP_LINES_MAX];
	ui_keymap chain[UI_CHAIN_MAX];
	const ui_rect *p = &m->ctx.layout.popup;
	ui_rect inner = {p->y + 1, p->x + 2, p->h - 2, p->w - 4};
	size_t n, i;
	int row = 0, rows_total = 0, keys_w = 18;
	frame *f = top(m);

	/* The help is about where the user was: the question, or the screen. */
	if (m->modal_open) {
		int saved = m->help;

		m->help = 0;
		n = chain_of(m, chain);
		m->help = saved;
	} else {
		n = f ? f->ops->keymaps(f->st, chain) : 0;
	}
	n = ui_keys_help(chain, n, lines, HELP_LINES_MAX);
	if (n > HELP_LINES_MAX)
		n = HELP_LINES_MAX;
	for (i = 0; i < n; i++)
		rows_total += lines[i].heading ? 2 : 1;
	if (m->help_top > rows_total - inner.h)
		m->help_top = rows_total - inner.h > 0 ? rows_total - inner.h : 0;
	ui_draw_box(p, _("Keys (Esc closes, j/k scroll)"), UI_COLOR_NORMAL);
	if (inner.w < 30)
		keys_w = inner.w / 3;
	for (i = 0; i < n; i++) {
		if (lines[i].heading) {
			if (row >= m->help_top && row - m->help_top < inner.h)
				ui_draw_text(inner.y + row - m->help_top, inner.x, inner.w, _(lines[i].heading),
					     UI_COLOR_HEADING);
			row++;
		}
		if (row >= m->help_top && row - m->help_top < inner.h) {
			int y = inner.y + row - m->help_top;

			ui_draw_text(y, inner.x + 1, keys_w - 1, lines[i].keys, UI_COLOR_KEY);
			ui_draw_text(y, inner.x + keys_w + 1, inner.w - keys_w - 1, _(lines[i].help),
				     UI_COLOR_NORMAL);
		}
		row++;
	}
}

/* Lines text takes wrapped at width. */
static int wrapped_lines(const char *text, int width)
{
	size_t next;
	int lines = 0;

	if (width <= 0)
		return 0;
	while (*text) {
		ui_text_wrap(text, (size_t)width, &next);
		lines++;
		if (next == 0)
			break;
		text += next;
	}
	return lines;
}

static void draw_modal(ui_main *m)
{
	struct ui_modal *md = &m->modal;
	const ui_layout *l = &m->ctx.layout;
	int tw = ui_layout_dialog_text_w(l), lines, row;
	ui_rect r, in;

	if (md->kind == MODAL_PASTE) {
		const char *s = gtd_buf_str(&md->paste), *p;
		int total = 0, skip, y;
		size_t len;

		ui_draw_box(&l->popup, md->title, UI_COLOR_DIALOG);
		in = (ui_rect){l->popup.y + 1, l->popup.x + 2, l->popup.h - 2, l->popup.w - 4};
		row = ui_draw_wrapped(&in, 0, md->text, UI_COLOR_DIALOG);
		row++;
		for (p = s; *p; p++)
			total += *p == '\n';
		total += *s && s[strlen(s) - 1] != '\n';
		/* The last lines, as a terminal would show them. */
		skip = total - (in.h - row);
		for (p = s, y = 0; *p && row < in.h; y++) {
			len = strcspn(p, "\n");
			if (y >= skip) {
				char line[256];

				/* Key material is not shown back (it may be a private
				 * key pasted by mistake): only the markers and sizes. */
				if (*p == '-' || len == 0) {
					snprintf(line, sizeof(line), "%.*s", (int)(len < 255 ? len : 255), p);
				} else {
					char count[64];

					snprintf(count, sizeof(count), _("%zu characters"), len);
					snprintf(line, sizeof(line), "\xc2\xb7\xc2\xb7\xc2\xb7 %s", count);
				}
				ui_draw_text(in.y + row, in.x, in.w, line, UI_COLOR_DIALOG);
				row++;
			}
			p += len;
			if (*p)
				p++;
		}
		ui_cursor(&m->ctx, -1, -1);
		return;
	}
	lines = wrapped_lines(md->text, tw);
	if (md->kind == MODAL_PROMPT)
		lines += 2 + (md->why[0] ? wrapped_lines(md->why, tw - 2) : 0);
	ui_layout_dialog(l, lines, &r);
	ui_draw_box(&r, md->title, UI_COLOR_DIALOG);
	in = (ui_rect){r.y + 1, r.x + 2, r.h - 2, r.w - 4};
	row = ui_draw_wrapped(&in, 0, md->text, UI_COLOR_DIALOG);
	ui_cursor(&m->ctx, -1, -1);
	if (md->kind == MODAL_PROMPT && row + 1 < in.h + 1) {
		size_t start, nbytes, cx;
		char shown[UI_TEXT_MAX + 1];
		int y = in.y + row + 1;

		if (y >= in.y + in.h)
			y = in.y + in.h - 1;
		ui_textfield_view(&md->field, (size_t)in.w, &start, &nbytes, &cx);
		memcpy(shown, md->field.buf + start, nbytes);
		shown[nbytes] = '\0';
		ui_draw_padded(y, in.x, in.w, shown, UI_COLOR_EDIT);
		ui_cursor(&m->ctx, y, in.x + (int)cx);
		if (md->why[0]) {
			ui_rect wr = {y + 1, in.x + 2, in.y + in.h - y - 1, in.w - 2};

			ui_draw_text(y + 1, in.x, 2, "! ", UI_COLOR_ERROR);
			ui_draw_wrapped(&wr, 0, md->why, UI_COLOR_ERROR);
		}
	}
}

/* The status message wrapped in r; when even r is too small, the last
 * line ends with an ellipsis, so a cut shows. */
static void draw_status(const ui_rect *r, const char *s, ui_color c)
{
	size_t next, n;
	int row;

	for (row = 0; *s && row < r->h; row++) {
		if (row == r->h - 1) {
			ui_draw_text(r->y + row, r->x, r->w, s, c);
			break;
		}
		n = ui_text_wrap(s, (size_t)r->w, &next);
		{
			char line[UI_STATUS_MAX];

			snprintf(line, sizeof(line), "%.*s", (int)n, s);
			ui_draw_text(r->y + row, r->x, r->w, line, c);
		}
		if (next == 0)
			break;
		s += next;
	}
}

static void draw_all(ui_main *m)
{
	ui_keymap chain[UI_CHAIN_MAX];
	char title[TITLE_MAX], line[TITLE_MAX + 32];
	const ui_layout *l = &m->ctx.layout;
	frame *f = top(m);
	size_t n;

	erase();
	m->ctx.cursor_y = m->ctx.cursor_x = -1;
	/* A long message takes the lines it needs, from the body's bottom:
	 * wrapped, never cut (up to a third of the body). */
	ui_layout_compute_status(&m->ctx.layout, LINES, COLS,
				 (int)ui_text_wrap_lines(m->ctx.status, (size_t)(COLS > 0 ? COLS : 1)));
	if (l->too_small) {
		draw_too_small(m);
		curs_set(0);
		refresh();
		return;
	}
	if (f) {
		const char *mark = frame_dirty(f) ? _("[modified]") : "";
		int mw = *mark ? (int)gtd_utf8_width(mark) + 2 : 0;

		f->ops->title(f->st, title, sizeof(title));
		snprintf(line, sizeof(line), " gtd-console \xc2\xb7 %s", title);
		ui_draw_padded(l->title.y, l->title.x, l->title.w, "", UI_COLOR_TITLE);
		ui_draw_text(l->title.y, l->title.x, l->title.w - mw, line, UI_COLOR_TITLE);
		if (*mark)
			ui_draw_text(l->title.y, l->title.w - mw + 1, mw - 1, mark, UI_COLOR_TITLE);
		f->ops->draw(f->st, &m->ctx);
	}
	ui_draw_fill(&l->status, UI_COLOR_NORMAL);
	draw_status(&l->status, m->ctx.status, m->ctx.status_color);
	n = chain_of(m, chain);
	/* A prompt's hints are its own keys; the editing keys are in help. */
	if (m->modal_open && m->modal.kind == MODAL_PROMPT)
		n = 1;
	ui_draw_hints(&l->hints, chain, n);
	if (m->help) {
		draw_help(m);
		m->ctx.cursor_y = -1;
	} else if (m->modal_open) {
		draw_modal(m);
	}
	if (m->ctx.cursor_y >= 0) {
		curs_set(1);
		move(m->ctx.cursor_y, m->ctx.cursor_x);
	} else {
		curs_set(0);
	}
	refresh();
}

/* ---- the loop ---- */

/* Gives the top screen its tick when one is due; 1 when it had one. */
static int tick(ui_main *m)
{
	frame *f = top(m);
	time_t now = time(NULL);

	if (now - m->last_tick < TICK_EVERY_S)
		return 0;
	m->last_tick = now;
	if (!f || !f->ops->tick || m->modal_open || m->help || m->ctx.layout.too_small)
		return 0;
	act_on(m, f->ops->tick(f->st, &m->ctx), UI_ACT_NONE);
	return 1;
}

/* Moves the requests on and gives the finished ones to their screens;
 * 1 when any came back (the screen has changed). */
static int answers(ui_main *m)
{
	ui_http_result r;
	int any = 0, i;

	if (!m->http || !ui_http_perform(m->http))
		return 0;
	while (ui_http_next(m->http, &r)) {
		/* A closed screen's requests were cancelled, but look anyway. */
		for (i = m->depth - 1; i >= 0; i--) {
			frame *f = &m->stack[i];
			ui_do d;

			if (f->st != r.owner || !f->ops->answer)
				continue;
			d = f->ops->answer(f->st, &m->ctx, &r);
			if (f == top(m) && !m->modal_open && !m->help && !m->ctx.layout.too_small)
				act_on(m, d, UI_ACT_NONE);
			any = 1;
			break;
		}
		ui_http_result_release(&r);
	}
	return any;
}

/* How long get_wch waits: short slices while a request is in flight. */
static void key_wait(ui_main *m)
{
	int ms = ui_http_busy(m->http) ? HTTP_SLICE_MS : TICK_MS;

	if (ms != m->wait_ms) {
		timeout(ms);
		m->wait_ms = ms;
	}
}

int ui_run(gtd_store *store, const ui_options *opts)
{
	ui_main *m = calloc(1, sizeof(*m));
	int key, sig, redraw = 1;

	if (!m) {
		fprintf(stderr, "gtd-console: %s\n", _("out of memory"));
		return 1;
	}
	m->ctx.store = store;
	m->ctx.opts = opts;
	m->ctx.status_color = UI_COLOR_NORMAL;
	if (term_start() != 0) {
		free(m);
		return 1;
	}
	ui_layout_compute(&m->ctx.layout, LINES, COLS);
	if (push(m, UI_SCREEN_LIST, NULL, 0) != 0) {
		/* The list says why in the status line, which is about to go:
		 * say it on stderr once curses is gone. */
		term_restore();
		fprintf(stderr, "gtd-console: %s\n", m->ctx.status);
		free(m);
		return 1;
	}
	m->last_tick = time(NULL);
	m->wait_ms = TICK_MS;   /* term_start's timeout() */
	while (!m->quit && !got_signal) {
		if (redraw)
			draw_all(m);
		key_wait(m);
		key = read_key();
		if (got_signal)
			break;
		redraw = answers(m);
		if (key < 0) {
			redraw |= tick(m);
			continue;
		}
		if (key == UI_KEY_RESIZE) {
			/* One function places everything; nothing else changes. */
			ui_layout_compute(&m->ctx.layout, LINES, COLS);
			clearok(curscr, TRUE);
			redraw = 1;
			continue;
		}
		dispatch(m, key);
		redraw = 1;
	}
	ui_http_free(m->http);   /* first: no request outlives its screen */
	m->http = NULL;
	while (m->depth > 0) {
		m->depth--;
		m->stack[m->depth].ops->close(m->stack[m->depth].st);
	}
	if (m->modal_open) {
		ui_textfield_release(&m->modal.field);
		gtd_buf_release(&m->modal.paste);
	}
	term_restore();
	if (term_screen) {
		delscreen(term_screen);
		term_screen = NULL;
	}
	free(m);
	sig = got_signal;
	signals_set(SIG_DFL);
	if (sig)
		raise(sig);   /* die of it, as the sender meant, now that the terminal is sane */
	return 0;
}
