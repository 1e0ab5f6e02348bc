/* fs.h - files written so that a crash leaves the old or the new contents.
 *
 * Every file the kit writes (partner records, keys, packs, e-mails) goes
 * through gtd_file_write_atomic(): a temporary file in the same directory,
 * fsync, rename, fsync of the directory.
 */
#ifndef GTD_FS_H
#define GTD_FS_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* Writes len bytes to path atomically with the given mode (0600 for
 * anything holding a secret).  With exclusive set, fails with GTD_EEXIST
 * instead of replacing an existing file.  On failure path is untouched and
 * err names the operation, the path and the system's reason. */
gtd_status gtd_file_write_atomic(const char *path, const void *data, size_t len,
				 mode_t mode, int exclusive, gtd_err *err);

/* Writes all len bytes to fd, again after EINTR and short writes.  0 on
 * success, -1 with errno set (ENOSPC when the disk is full). */
int gtd_write_all(int fd, const void *data, size_t len);

/* Reads a whole file of at most max bytes into *out (NUL-terminated, caller
 * frees).  GTD_ENOTFOUND when it does not exist, GTD_EINVAL when larger
 * than max, GTD_EIO otherwise. */
gtd_status gtd_file_read(const char *path, size_t max, char **out, size_t *len,
			 gtd_err *err);

/* Removes the temporary files gtd_file_write_atomic() leaves in dir when
 * a crash cuts it short: those of the file called name, or every one when
 * name is NULL.  Only for a caller that holds the lock of whatever writes
 * there, so that no write is in flight.  The number removed, or -1 with
 * errno set when dir cannot be read. */
int gtd_remove_temps(const char *dir, const char *name);

/* fsync()s the directory dir itself, so that names just created, linked or
 * renamed in it survive a crash.  0 on success, -1 with errno set. */
int gtd_fsync_dir(const char *dir);

/* mkdir -p with mode for the directories it creates. */
gtd_status gtd_mkdirs(const char *path, mode_t mode, gtd_err *err);

/* A copy of the directory name dir without its trailing slashes ("pack/"
 * gives "pack"; "/" stays "/"), so that "dir/name" joined to it shows one
 * slash.  The caller frees it; NULL when out of memory. */
char *gtd_dir_dup(const char *dir);

/* Test seam: when set, called before each write, fsync and rename that
 * gtd_file_write_atomic() performs, before each append to the store's
 * audit log, and before each append and fsync of the mock's state log (a
 * failed state-log append writes half its bytes first, as a full disk
 * does); a non-zero return is taken as that operation failing with that
 * errno (ENOSPC, EIO...).  op is "write", "fsync", "rename", "fsync-dir"
 * or "append"; "wait" only tells that a state-log append queued behind
 * another's sync (its return is ignored).  NULL in production. */
extern int (*gtd_fs_fault)(const char *op, const char *path);

#endif
