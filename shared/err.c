#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[GTD_STATUS_COUNT] = {
	[GTD_OK] = "ok",
	[GTD_EINVAL] = "invalid input",
	[GTD_ENOMEM] = "out of memory",
	[GTD_EIO] = "input/output error",
	[GTD_ENOTFOUND] = "not found",
	[GTD_EEXIST] = "already exists",
	[GTD_ECONFLICT] = "revision conflict",
	[GTD_EKEY] = "key refused",
	[GTD_ECRYPTO] = "cryptography error",
	[GTD_ELOCKED] = "locked",
	[GTD_EPARTIAL] = "done, but not wholly",
};

const char *gtd_status_str(gtd_status st)
{
	if ((unsigned)st >= GTD_STATUS_COUNT)
		return "unknown status";
	return status_names[st];
}

gtd_status gtd_err_set(gtd_err *err, gtd_status st, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return st;
	err->status = st;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return st;
}

void gtd_err_clear(gtd_err *err)
{
	if (!err)
		return;
	err->status = GTD_OK;
	err->msg[0] = '\0';
}

void gtd_err_prefix(gtd_err *err, const char *fmt, ...)
{
	char prefix[GTD_ERR_MSG_MAX];
	size_t plen, mlen;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix) - 2, fmt, ap);
	va_end(ap);
	plen = strlen(prefix);
	memcpy(prefix + plen, ": ", 2);
	plen += 2;
	mlen = strnlen(err->msg, sizeof(err->msg) - 1);
	if (plen + mlen >= sizeof(err->msg))
		mlen = sizeof(err->msg) - 1 - plen;
	memmove(err->msg + plen, err->msg, mlen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + mlen] = '\0';
}

/* Whether the number n, read aloud, starts with a vowel: eight, eleven,
 * eighteen, eighty..., eight hundred..., and the same for its leading
 * group of thousands ("eight thousand one hundred ninety-two"). */
static int number_takes_an(unsigned long long n)
{
	while (n >= 1000)
		n /= 1000;
	if (n >= 100)
		return n / 100 == 8;
	return n == 8 || n == 11 || n == 18 || n / 10 == 8;
}

const char *gtd_article(const char *word)
{
	/* The letters whose names start with a vowel sound: "an F", "an S". */
	static const char vowel_letters[] = "AEFHILMNORSX";
	unsigned char c0, c1;

	if (!word || !*word)
		return "a";
	c0 = (unsigned char)word[0];
	c1 = (unsigned char)word[1];
	if (c0 >= '0' && c0 <= '9')
		return number_takes_an(strtoull(word, NULL, 10)) ? "an" : "a";
	if (c0 >= 'A' && c0 <= 'Z' && !(c1 >= 'a' && c1 <= 'z'))
		return strchr(vowel_letters, c0) ? "an" : "a";
	return strchr("aeiouAEIOU", c0) ? "an" : "a";
}
