/* webview_form.c - the webview's HTML forms: the body's codec, what is
 * wrong with which field, labelled controls that keep what was typed, and
 * the checks of typed names, phones and e-mails. */
#include "webview_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "valid.h"

#define WHY_SIZE 256           /* a validator's reason */

void form_error(form_errors *e, const char *name, const char *msg)
{
	if (e->n == FORM_ERRORS_MAX)
		return;
	snprintf(e->v[e->n].name, FIELD_NAME_MAX, "%s", name);
	e->v[e->n++].msg = msg;
}

const char *form_error_of(const form_errors *e, const char *name)
{
	size_t i;

	for (i = 0; e && i < e->n; i++)
		if (strcmp(e->v[i].name, name) == 0)
			return e->v[i].msg;
	return NULL;
}

/* A field's label, before its control. */
static void field_open(gtd_buf *b, const char *name, const char *caption)
{
	gtd_buf_printf(b, "<div class=\"field\"><label for=\"f-%s\">", name);
	gtd_buf_add_html(b, caption);
	gtd_buf_adds(b, "</label>");
}

/* The attributes tying a control to its error, when it has one. */
static void add_invalid(gtd_buf *b, const char *name, const char *error)
{
	if (error)
		gtd_buf_printf(b, " aria-invalid=\"true\" aria-describedby=\"error-%s\"", name);
}

/* A field's error, right under its control, then the field's end. */
static void field_close(gtd_buf *b, const char *name, const char *error)
{
	if (error) {
		gtd_buf_printf(b, "<p class=\"error\" id=\"error-%s\" role=\"alert\">", name);
		gtd_buf_add_html(b, error);
		gtd_buf_adds(b, "</p>");
	}
	gtd_buf_adds(b, "</div>\n");
}

/* A labelled input; value (escaped) is what the user typed, or NULL.
 * attrs is literal markup. */
void form_input(gtd_buf *b, const char *name, const char *caption, const char *type,
		const char *value, const char *error, const char *attrs)
{
	field_open(b, name, caption);
	gtd_buf_printf(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"", name, name, type);
	if (value) {
		gtd_buf_adds(b, " value=\"");
		gtd_buf_add_html(b, value);
		gtd_buf_adds(b, "\"");
	}
	if (attrs)
		gtd_buf_printf(b, " %s", attrs);
	add_invalid(b, name, error);
	gtd_buf_adds(b, ">");
	field_close(b, name, error);
}

void form_select_open(gtd_buf *b, const char *name, const char *caption, const char *error)
{
	field_open(b, name, caption);
	gtd_buf_printf(b, "<select id=\"f-%s\" name=\"%s\"", name, name);
	add_invalid(b, name, error);
	gtd_buf_adds(b, ">");
}

void form_select_close(gtd_buf *b, const char *name, const char *error)
{
	gtd_buf_adds(b, "</select>");
	field_close(b, name, error);
}

/* One <option>, selected when it is current's value. */
void form_option(gtd_buf *b, const char *value, const char *text, const char *current)
{
	gtd_buf_adds(b, "<option value=\"");
	gtd_buf_add_html(b, value);
	gtd_buf_printf(b, "\"%s>", current && strcmp(value, current) == 0 ? " selected" : "");
	gtd_buf_add_html(b, text);
	gtd_buf_adds(b, "</option>");
}

/* A name field: present, printable text, at most FORM_NAME_COLS columns. */
void form_check_name(mock_lang lang, const char *name, const char *v, form_errors *e)
{
	char why[WHY_SIZE];

	if (!v || !*v)
		form_error(e, name, MOCK_TR(lang, "Vui lòng nhập thông tin này như trên giấy tờ tùy thân.",
					    "Please fill this in as on the ID."));
	else if (gtd_utf8_width(v) > FORM_NAME_COLS)
		form_error(e, name, MOCK_TR(lang, "Tối đa 60 ký tự.", "At most 60 characters."));
	else if (!gtd_valid_text(v, FORM_NAME_COLS, why, sizeof(why)))
		form_error(e, name, MOCK_TR(lang, "Chỉ dùng chữ cái, dấu cách và dấu gạch nối.",
					    "Use letters, spaces and hyphens only."));
}

void form_check_phone(mock_lang lang, const char *name, const char *v, form_errors *e)
{
	char why[WHY_SIZE];

	if (!v || !*v)
		form_error(e, name, MOCK_TR(lang, "Vui lòng nhập số điện thoại liên hệ.",
					    "Please enter a contact phone number."));
	else if (!gtd_valid_phone(v, why, sizeof(why)))
		form_error(e, name, MOCK_TR(lang, "Số điện thoại chưa đúng, ví dụ 0912 345 678.",
					    "That phone number is not valid, e.g. 0912 345 678."));
}

void form_check_email(mock_lang lang, const char *name, const char *v, form_errors *e)
{
	char why[WHY_SIZE];

	if (!v || !*v)
		form_error(e, name, MOCK_TR(lang, "Vui lòng nhập e-mail để nhận vé.",
					    "Please enter an e-mail for the ticket."));
	else if (!strchr(v, '@'))
		form_error(e, name, MOCK_TR(lang, "E-mail cần có ký tự @, ví dụ ten@mien.vn.",
					    "An e-mail address needs an @, e.g. name@example.vn."));
	else if (!gtd_valid_email(v, why, sizeof(why)))
		form_error(e, name, MOCK_TR(lang, "E-mail chưa đúng, ví dụ ten@mien.vn.",
					    "That e-mail address is not valid, e.g. name@example.vn."));
}

const char *form_val(const form_values *v, const char *name)
{
	if (v->form)
		return webview_form_get(v->form, name);
	return v->req ? mock_arg(v->req, name) : NULL;
}

const char *form_val_or(const form_values *v, const char *name, const char *dflt)
{
	const char *x = form_val(v, name);

	return x && *x ? x : dflt;
}

/* A form's problem that belongs to no one field, at its top. */
void form_alert(gtd_buf *b, mock_lang lang, const form_errors *e, const char *msg)
{
	if (msg) {
		gtd_buf_adds(b, "<div class=\"error notice\" id=\"form-error\" role=\"alert\">");
		gtd_buf_add_html(b, msg);
		gtd_buf_adds(b, "</div>\n");
	} else if (e && e->n) {
		gtd_buf_printf(b, "<div class=\"error notice\" id=\"form-error\" role=\"alert\">%s</div>\n",
			       MOCK_TR(lang, "Vui lòng kiểm tra các ô được đánh dấu.",
				       "Please check the fields marked below."));
	}
}

/* Decodes s in place; 0 for a malformed escape or one that makes a NUL. */
static int form_decode(char *s)
{
	char *out = s;
	int hi, lo;

	for (; *s; s++) {
		if (*s != '%') {
			*out++ = *s == '+' ? ' ' : *s;
			continue;
		}
		hi = gtd_hex_value(s[1]);
		lo = hi < 0 ? -1 : gtd_hex_value(s[2]);
		if (lo < 0 || hi * 16 + lo == 0)
			return 0;
		*out++ = (char)(hi * 16 + lo);
		s += 2;
	}
	*out = '\0';
	return 1;
}

gtd_status webview_form_parse(webview_form *f, const char *body, size_t len, gtd_err *err)
{
	char *rest, *field, *value;

	memset(f, 0, sizeof(*f));
	rest = f->mem = strndup(body, len);
	if (!f->mem)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	while ((field = strsep(&rest, "&"))) {
		if (!*field)
			continue;
		if (f->n == WEBVIEW_FORM_MAX)
			return gtd_err_set(err, GTD_EINVAL, "the form has more than %d fields", WEBVIEW_FORM_MAX);
		value = strchr(field, '=');
		if (value)
			*value++ = '\0';
		if (!form_decode(field) || (value && !form_decode(value)))
			return gtd_err_set(err, GTD_EINVAL, "the form has a malformed %%-escape or a NUL byte");
		if (!gtd_utf8_valid(field, strlen(field), NULL) ||
		    (value && !gtd_utf8_valid(value, strlen(value), NULL)))
			return gtd_err_set(err, GTD_EINVAL, "the form's text is not UTF-8");
		f->v[f->n].name = field;
		f->v[f->n].value = value ? value : "";
		f->n++;
	}
	return GTD_OK;
}

const char *webview_form_get(const webview_form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].name, name) == 0)
			return f->v[i].value;
	return NULL;
}

void webview_form_release(webview_form *f)
{
	free(f->mem);
	memset(f, 0, sizeof(*f));
}
