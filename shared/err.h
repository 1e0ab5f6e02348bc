/* err.h - status codes and error detail shared by every libgtd module.
 *
 * Functions return a gtd_status; on failure they also fill a gtd_err (if the
 * caller passed one) with a sentence a user can act on.  Nothing here
 * allocates.
 */
#ifndef GTD_ERR_H
#define GTD_ERR_H

#include <stddef.h>

typedef enum gtd_status {
	GTD_OK = 0,
	GTD_EINVAL,    /* the input is malformed or out of range */
	GTD_ENOMEM,    /* out of memory */
	GTD_EIO,       /* a read, write, fsync or rename failed */
	GTD_ENOTFOUND, /* no such record, file or field */
	GTD_EEXIST,    /* the record already exists */
	GTD_ECONFLICT, /* somebody else saved a newer revision first */
	GTD_EKEY,      /* a key was refused (size, type, private/public mix-up) */
	GTD_ECRYPTO,   /* OpenSSL failed */
	GTD_ELOCKED,   /* another process holds the lock */
	GTD_EPARTIAL,  /* done, but a write that follows it failed (an audit line) */
	GTD_STATUS_COUNT
} gtd_status;

#define GTD_ERR_MSG_MAX 512

typedef struct gtd_err {
	gtd_status status;
	char msg[GTD_ERR_MSG_MAX];
} gtd_err;

/* Short name of a status ("invalid input", ...).  Never NULL. */
const char *gtd_status_str(gtd_status st);

/* Records st and a printf-style message in err (when err is not NULL) and
 * returns st, so callers can write `return gtd_err_set(err, GTD_EINVAL, ...)`. */
gtd_status gtd_err_set(gtd_err *err, gtd_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts "PREFIX: " before err's message (the file or field it concerns);
 * the status is kept.  Nothing happens when err is NULL. */
void gtd_err_prefix(gtd_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Clears err to GTD_OK with an empty message. */
void gtd_err_clear(gtd_err *err);

/* "a" or "an", whichever goes before word read aloud: an acronym letter by
 * letter ("an RSA", "an ED25519", "a DSA"), a number as a number ("an
 * 8192-bit", "a 2048-bit"), any other word by its first letter.  NULL or
 * "" gives "a". */
const char *gtd_article(const char *word);

#endif
