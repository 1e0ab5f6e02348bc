#include "fs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"

int (*gtd_fs_fault)(const char *op, const char *path);

static int injected(const char *op, const char *path)
{
	int e = gtd_fs_fault ? gtd_fs_fault(op, path) : 0;

	if (e)
		errno = e;
	return e;
}

static gtd_status io_fail(gtd_err *err, const char *op, const char *path)
{
	int e = errno;

	if (e == ENOSPC || e == EDQUOT)
		return gtd_err_set(err, GTD_EIO, "%s %s: %s - the disk is full; free space and retry (nothing was changed)",
				   op, path, strerror(e));
	return gtd_err_set(err, GTD_EIO, "%s %s: %s (nothing was changed)", op, path, strerror(e));
}

int gtd_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = -1;

	if (fd < 0)
		return -1;
	if (!injected("fsync-dir", dir))
		rc = fsync(fd);
	close(fd);
	return rc;
}

int gtd_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

#define TEMP_MARK ".tmp."
#define TEMP_SUFFIX 6   /* mkstemp's XXXXXX */

/* Whether file is a temporary file of name (any name when NULL). */
static int is_temp_of(const char *file, const char *name)
{
	size_t len = strlen(file), mark = strlen(TEMP_MARK), i;
	const char *tail;

	if (len <= mark + TEMP_SUFFIX)
		return 0;
	tail = file + len - TEMP_SUFFIX;
	for (i = 0; i < TEMP_SUFFIX; i++)
		if (!isalnum((unsigned char)tail[i]))
			return 0;
	if (strncmp(tail - mark, TEMP_MARK, mark) != 0)
		return 0;
	return !name || (strlen(name) == (size_t)(tail - mark - file) &&
			 strncmp(file, name, strlen(name)) == 0);
}

int gtd_remove_temps(const char *dir, const char *name)
{
	struct dirent *d;
	DIR *dh = opendir(dir);
	int n = 0;

	if (!dh)
		return -1;
	while ((d = readdir(dh)))
		if (is_temp_of(d->d_name, name) && unlinkat(dirfd(dh), d->d_name, 0) == 0)
			n++;
	closedir(dh);
	return n;
}

/* Syncs the directory holding path, so a rename into it survives a crash. */
static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	int rc;

	if (!copy)
		return -1;
	rc = gtd_fsync_dir(dirname(copy));
	free(copy);
	return rc;
}

gtd_status gtd_file_write_atomic(const char *path, const void *data, size_t len,
				 mode_t mode, int exclusive, gtd_err *err)
{
	gtd_buf tmp;
	gtd_status st;
	int fd;

	gtd_buf_init(&tmp, 4096);
	if (gtd_buf_printf(&tmp, "%s.tmp.XXXXXX", path) != GTD_OK)
		return gtd_err_set(err, GTD_EINVAL, "path too long: %s", path);
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		st = io_fail(err, "create a temporary file for", path);
		gtd_buf_release(&tmp);
		return st;
	}
	if (fchmod(fd, mode) != 0)
		goto fail;
	if (injected("write", path) || gtd_write_all(fd, data, len) != 0)
		goto fail;
	if (injected("fsync", path) || fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (exclusive) {
		/* link() fails when path exists, which rename() would not. */
		if (injected("rename", path) || link(tmp.data, path) != 0) {
			if (errno == EEXIST) {
				unlink(tmp.data);
				gtd_buf_release(&tmp);
				return gtd_err_set(err, GTD_EEXIST, "%s already exists", path);
			}
			goto fail;
		}
		unlink(tmp.data);
	} else if (injected("rename", path) || rename(tmp.data, path) != 0) {
		goto fail;
	}
	gtd_buf_release(&tmp);
	if (sync_dir(path) != 0)
		return gtd_err_set(err, GTD_EIO, "%s was written, but syncing its directory failed (%s): "
				   "a crash now could lose it", path, strerror(errno));
	return GTD_OK;
fail:
	st = io_fail(err, "write", path);
	if (fd >= 0)
		close(fd);
	unlink(tmp.data);
	gtd_buf_release(&tmp);
	return st;
}

gtd_status gtd_file_read(const char *path, size_t max, char **out, size_t *len,
			 gtd_err *err)
{
	char chunk[8192];
	gtd_buf b;
	gtd_status st = GTD_OK;
	ssize_t n;
	int fd;

	*out = NULL;
	if (len)
		*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return gtd_err_set(err, GTD_ENOTFOUND, "%s does not exist", path);
		return gtd_err_set(err, GTD_EIO, "cannot open %s: %s", path, strerror(errno));
	}
	gtd_buf_init(&b, max);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			st = gtd_err_set(err, GTD_EIO, "cannot read %s: %s", path, strerror(errno));
			break;
		}
		if (gtd_buf_add(&b, chunk, (size_t)n) != GTD_OK) {
			st = gtd_err_set(err, GTD_EINVAL, "%s is larger than %zu bytes", path, max);
			break;
		}
	}
	close(fd);
	if (st != GTD_OK) {
		gtd_buf_release(&b);
		return st;
	}
	if (len)
		*len = b.len;
	*out = gtd_buf_detach(&b);
	return *out ? GTD_OK : gtd_err_set(err, GTD_ENOMEM, "out of memory reading %s", path);
}

gtd_status gtd_mkdirs(const char *path, mode_t mode, gtd_err *err)
{
	char *copy, *p;

	if (!*path)
		return gtd_err_set(err, GTD_EINVAL, "an empty directory name");
	copy = strdup(path);
	if (!copy)
		return gtd_err_set(err, GTD_ENOMEM, "out of memory");
	for (p = copy + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(copy, mode) != 0 && errno != EEXIST) {
				gtd_status st = gtd_err_set(err, GTD_EIO, "cannot create directory %s: %s",
							    copy, strerror(errno));
				free(copy);
				return st;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(copy);
	return GTD_OK;
}

char *gtd_dir_dup(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return strndup(dir, n);
}
