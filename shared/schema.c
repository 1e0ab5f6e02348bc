#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codes.h"
#include "mask.h"

static const char *const layouts[] = {"dual", "single", "", NULL};
static const char *const products[] = {"flight", "hotel", NULL};
static const char *const product_types[] = {"AIR", "HOTEL", NULL};
static const char *const product_types_or_empty[] = {"AIR", "HOTEL", "", NULL};

#define M GTD_FIELD_MANDATORY
#define ACCESS_CODE {"access_code", M | GTD_FIELD_SECRET, NULL, "partner access code (x-ibe-req-name)"}
#define BOOKING {"booking_number", M, NULL, "booking number, ADCO/HDCO + yyMMdd + n"}
#define ERROR_CODE {"error_code", M | GTD_FIELD_ERROR_CODE, NULL, "error code 00..99"}

static const gtd_field login_req[] = {
	ACCESS_CODE,
	{"user_id", M, NULL, "the partner's user identifier"},
	{"layout", 0, layouts, "webview layout: dual, single or empty"},
	{"product", M, products, "product to open: flight or hotel"},
};
static const gtd_field login_resp[] = {
	ACCESS_CODE,
	ERROR_CODE,
	{"redirect_url", 0, NULL, "webview URL with access_token (empty on error)"},
};
/* Gotadi documents booking_number, product_type and total_amount of the
 * redirect as optional: a payment page must cope with them empty. */
static const gtd_field place_order[] = {
	ACCESS_CODE,
	{"booking_number", 0, NULL, "booking number, ADCO/HDCO + yyMMdd + n"},
	{"product_type", 0, product_types_or_empty, "AIR or HOTEL"},
	{"total_amount", GTD_FIELD_AMOUNT, NULL, "amount to pay in VND, integer"},
};
static const gtd_field commit_req[] = {
	ACCESS_CODE,
	BOOKING,
	{"partner_trans_id", 0, NULL, "partner's payment id (defaults to the booking number)"},
	{"product_type", M, product_types, "AIR or HOTEL"},
};
/* Commit and check-commit-result answer with the same message; Gotadi
 * documents booking_number and total_amount as required. */
#define P GTD_FIELD_PROCESSED
static const gtd_field trans_resp[] = {
	ACCESS_CODE,
	{"booking_number", P, NULL, "booking number (echoed)"},
	ERROR_CODE,
	{"product_type", 0, product_types_or_empty, "AIR or HOTEL"},
	{"properties", 0, NULL, "extra booking properties"},
	{"return_url", 0, NULL, "result page for the user"},
	{"total_amount", P | GTD_FIELD_AMOUNT, NULL, "amount in VND, as Java prints a double"},
};
#undef P
static const gtd_field query_req[] = {
	ACCESS_CODE,
	BOOKING,
};
#undef M

#define N(a) (sizeof(a) / sizeof((a)[0]))

const gtd_schema gtd_schemas[] = {
	{"login-request", "Login, partner to Gotadi", N(login_req), login_req, 4},
	{"login-response", "Login answer, Gotadi to partner", N(login_resp), login_resp, 3},
	{"place-order", "Place-order redirect, Gotadi to partner's payment page",
	 N(place_order), place_order, 3},
	{"commit-request", "Commit, partner to Gotadi", N(commit_req), commit_req, 4},
	{"commit-response", "Commit answer, Gotadi to partner", N(trans_resp), trans_resp, 6},
	{"query-trans-request", "Check commit result, partner to Gotadi",
	 N(query_req), query_req, 2},
	{"query-trans-response", "Check commit result answer, Gotadi to partner",
	 N(trans_resp), trans_resp, 6},
};
const size_t gtd_schema_count = N(gtd_schemas);

const gtd_schema *gtd_schema_find(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < gtd_schema_count; i++)
		if (strcmp(gtd_schemas[i].name, name) == 0)
			return &gtd_schemas[i];
	return NULL;
}

int gtd_schema_field_index(const gtd_schema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (strcmp(s->fields[i].name, name) == 0)
			return (int)i;
	return -1;
}

void gtd_fields_init(gtd_fields *f, const gtd_schema *s)
{
	memset(f, 0, sizeof(*f));
	f->schema = s;
}

void gtd_fields_release(gtd_fields *f)
{
	size_t i;

	for (i = 0; i < GTD_FIELDS_MAX; i++) {
		free(f->v[i]);
		f->v[i] = NULL;
	}
}

gtd_status gtd_fields_set(gtd_fields *f, const char *name, const char *value,
			  gtd_err *err)
{
	int i = gtd_schema_field_index(f->schema, name);
	char *copy;

	if (i < 0)
		return gtd_err_set(err, GTD_ENOTFOUND, "%s has no field '%s'",
				   f->schema->name, name);
	copy = strdup(value ? value : "");
	if (!copy)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	free(f->v[i]);
	f->v[i] = copy;
	return GTD_OK;
}

gtd_status gtd_fields_set_pairs(gtd_fields *f, const char *const (*pairs)[2], size_t n,
				gtd_err *err)
{
	gtd_status st = GTD_OK;
	size_t i;

	for (i = 0; i < n && st == GTD_OK; i++)
		if (pairs[i][1])
			st = gtd_fields_set(f, pairs[i][0], pairs[i][1], err);
	return st;
}

const char *gtd_fields_get(const gtd_fields *f, const char *name)
{
	int i = gtd_schema_field_index(f->schema, name);

	if (i < 0)
		return NULL;
	return f->v[i] ? f->v[i] : "";
}

static int allowed(const char *const *values, const char *v)
{
	for (; *values; values++)
		if (strcmp(*values, v) == 0)
			return 1;
	return 0;
}

/* "dual, single, (empty)" - for error messages; a static buffer suffices
 * because the lists are short constants. */
static const char *allowed_list(const char *const *values)
{
	static __thread char out[128];
	size_t n = 0;

	out[0] = '\0';
	for (; *values; values++)
		n += (size_t)snprintf(out + n, n < sizeof(out) ? sizeof(out) - n : 0, "%s%s",
				      n ? ", " : "", **values ? *values : "(empty)");
	return out;
}

/* Digits, then optionally a fraction and an exponent: an amount as Java
 * prints a long or a double (1850000, 1850000.0, 1.85E7). */
static int is_amount(const char *v)
{
	size_t n = strspn(v, "0123456789");

	if (n == 0)
		return 0;
	v += n;
	if (*v == '.') {
		n = strspn(++v, "0123456789");
		if (n == 0)
			return 0;
		v += n;
	}
	if (*v == 'E') {
		v += v[1] == '-';
		n = strspn(++v, "0123456789");
		if (n == 0)
			return 0;
		v += n;
	}
	return *v == '\0';
}

gtd_status gtd_fields_check(const gtd_fields *f, size_t *bad_field, gtd_err *err)
{
	const gtd_schema *s = f->schema;
	size_t i;

	for (i = 0; i < s->nfields; i++) {
		const gtd_field *fd = &s->fields[i];
		const char *v = f->v[i] ? f->v[i] : "";

		if (bad_field)
			*bad_field = i;
		if (strchr(v, '|'))
			return gtd_err_set(err, GTD_EINVAL,
					   "field %s contains '|', the envelope's separator", fd->name);
		if ((fd->flags & GTD_FIELD_MANDATORY) && !*v)
			return gtd_err_set(err, GTD_EINVAL, "mandatory field %s is empty",
					   fd->name);
		if ((fd->flags & GTD_FIELD_PROCESSED) && !*v &&
		    gtd_code_processed(gtd_fields_get(f, "error_code")))
			return gtd_err_set(err, GTD_EINVAL, "field %s is empty; an answer with error code "
					   "00, 01 or 02 must carry it", fd->name);
		if (fd->allowed && !allowed(fd->allowed, v))
			return gtd_err_set(err, GTD_EINVAL, "field %s is '%s'; allowed: %s",
					   fd->name, v, allowed_list(fd->allowed));
		if ((fd->flags & GTD_FIELD_AMOUNT) && *v && !is_amount(v))
			return gtd_err_set(err, GTD_EINVAL,
					   "field %s is '%.40s'; it must be an amount in VND, in digits "
					   "(1850000, or as Java prints a double: 1850000.0, 1.85E7)", fd->name, v);
		if ((fd->flags & GTD_FIELD_ERROR_CODE) && !gtd_code_lookup(v))
			return gtd_err_set(err, GTD_EINVAL, "field %s is '%s', not a Gotadi error code",
					   fd->name, v);
	}
	return GTD_OK;
}

char *gtd_schema_mask_signed(const gtd_schema *s, const char *signed_data)
{
	const char *p = signed_data;
	gtd_buf out;
	size_t i;

	gtd_buf_init(&out, strlen(signed_data) + 64 * GTD_FIELDS_MAX);
	for (i = 0;; i++) {
		size_t n = strcspn(p, "|");

		if (i < s->nfields && (s->fields[i].flags & GTD_FIELD_SECRET) && n) {
			char *field = strndup(p, n), *m = field ? gtd_mask_secret(field) : NULL;

			if (m)
				gtd_buf_adds(&out, m);
			else
				gtd_buf_fail(&out, GTD_ENOMEM);
			free(m);
			free(field);
		} else {
			gtd_buf_add(&out, p, n);
		}
		if (!p[n])
			break;
		gtd_buf_addc(&out, '|');
		p += n + 1;
	}
	return gtd_buf_detach(&out);
}
