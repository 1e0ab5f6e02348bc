/* Request framing verdicts (mockserver/framing.c): header sets as the
 * library hands them over, and what each is answered with. */
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "framing.h"

static const struct framing_case {
	const char *name;
	const char *headers;        /* "Name: value" lines; \x01 etc. as written */
	framing_verdict want;
	int status;
	const char *why;            /* a part of the sentence, or NULL */
} cases[] = {
	{"plain", "Host: x\nContent-Length: 12\n", FRAMING_OK, 200, NULL},
	{"chunked", "Host: x\nTransfer-Encoding: chunked\n", FRAMING_OK, 200, NULL},
	{"chunked in capitals", "Transfer-Encoding: Chunked\n", FRAMING_OK, 200, NULL},
	{"gzip then chunked", "Transfer-Encoding: gzip, chunked\n", FRAMING_UNSUPPORTED, 501,
	 "not chunked alone"},
	{"codings over two headers", "Transfer-Encoding: gzip\nTransfer-Encoding: Chunked\n",
	 FRAMING_UNSUPPORTED, 501, NULL},
	{"chunked over two headers", "Transfer-Encoding: chunked\nTransfer-Encoding: chunked\n",
	 FRAMING_AMBIGUOUS, 400, "chunked twice"},
	{"same length twice", "Content-Length: 5\nContent-Length: 5\n", FRAMING_OK, 200, NULL},
	{"length and chunked", "Content-Length: 5\nTransfer-Encoding: chunked\n", FRAMING_AMBIGUOUS, 400,
	 "both Content-Length and Transfer-Encoding"},
	{"chunked and length", "transfer-encoding: chunked\ncontent-length: 5\n", FRAMING_AMBIGUOUS, 400,
	 "both Content-Length and Transfer-Encoding"},
	{"two lengths", "Content-Length: 0\nContent-Length: 44\n", FRAMING_AMBIGUOUS, 400,
	 "two different values of Content-Length"},
	{"length not a number", "Content-Length: 5, 5\n", FRAMING_AMBIGUOUS, 400, "a malformed Content-Length"},
	{"chunked twice", "Transfer-Encoding: chunked, chunked\n", FRAMING_AMBIGUOUS, 400, "chunked twice"},
	{"chunked then gzip", "Transfer-Encoding: chunked, gzip\n", FRAMING_AMBIGUOUS, 400,
	 "applies chunked before another coding"},
	{"xchunked", "Transfer-Encoding: xchunked\n", FRAMING_UNSUPPORTED, 501, "not chunked alone"},
	{"xchunked with a length", "Content-Length: 5\nTransfer-Encoding: xchunked\n", FRAMING_AMBIGUOUS, 400,
	 NULL},
	{"space before the colon", "Host : x\n", FRAMING_BAD_SYNTAX, 400, "header 'Host ' is malformed"},
	{"control byte", "X-A: a\x01" "b\n", FRAMING_BAD_SYNTAX, 400, "holds a control character"},
	{"DEL", "X-A: a\x7f\n", FRAMING_BAD_SYNTAX, 400, "holds a control character"},
	{"tab and UTF-8 are fine", "X-A: a\tb Nguy\xe1\xbb\x85n\n", FRAMING_OK, 200, NULL},
	{"unprintable name shown escaped", "X\x02Y: 1\n", FRAMING_BAD_SYNTAX, 400, "'X\\x02Y'"},
};

START_TEST(test_verdict)
{
	const struct framing_case *c = &cases[_i];
	char text[512], why[400] = "", *line, *save = NULL;
	framing f;
	framing_verdict v;

	framing_init(&f);
	snprintf(text, sizeof(text), "%s", c->headers);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':'), *value;

		ck_assert_ptr_nonnull(colon);
		*colon = '\0';
		value = colon + 1 + (colon[1] == ' ');
		framing_header(&f, line, value, strlen(value));
	}
	v = framing_verdict_of(&f, why, sizeof(why));
	ck_assert_msg(v == c->want, "%s: verdict %d, wanted %d (%s)", c->name, v, c->want, why);
	ck_assert_int_eq(framing_status(v), c->status);
	if (c->why)
		ck_assert_msg(strstr(why, c->why), "%s: why is \"%s\"", c->name, why);
}
END_TEST

/* A NUL inside a value, which the C string hides, is a control byte. */
START_TEST(test_nul_in_value)
{
	framing f;
	char why[400];

	framing_init(&f);
	framing_header(&f, "X-A", "a\0b", 3);
	ck_assert_int_eq(framing_verdict_of(&f, why, sizeof(why)), FRAMING_BAD_SYNTAX);
}
END_TEST

static Suite *framing_suite(void)
{
	Suite *s = suite_create("framing");
	TCase *t = tcase_create("verdicts");

	tcase_add_loop_test(t, test_verdict, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(t, test_nul_in_value);
	suite_add_tcase(s, t);
	return s;
}

GTD_CHECK_MAIN(framing_suite)
