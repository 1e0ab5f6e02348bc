#include "testdata.h"

#include <stdio.h>
#include <stdlib.h>

#include "fs.h"

const char *data_path(const char *name)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA, name);
	return path;
}

char *data_read(const char *name, size_t *len)
{
	char *text = NULL;
	gtd_err err;

	if (gtd_file_read(data_path(name), 1 << 20, &text, len, &err) != GTD_OK) {
		fprintf(stderr, "fixture missing: %s\n", err.msg);
		abort();
	}
	return text;
}
