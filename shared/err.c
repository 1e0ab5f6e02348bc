#include "err.h"

#include <stdarg.h>
#include <stdio.h>
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
