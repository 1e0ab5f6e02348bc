#include "jsondiff.h"

#include <stdint.h>

/* Paths are built from documents that are already size-limited. */
#define JSON_PATH_MAX (SIZE_MAX / 2)

void gtd_json_path_cut(gtd_buf *b, size_t len)
{
	/* A failed buffer has nothing to cut, and stays failed. */
	if (b->data) {
		b->len = len;
		b->data[len] = '\0';
	}
}

gtd_status gtd_json_path_push(gtd_buf *b, const cJSON *parent, const cJSON *child, size_t i)
{
	if (cJSON_IsArray(parent))
		return gtd_buf_printf(b, "[%zu]", i);
	if (b->len)
		gtd_buf_addc(b, '.');
	return gtd_buf_adds(b, child->string);   /* the buffer's error, if the dot failed */
}

/* Every leaf path at or below item (an empty object or array is a leaf). */
static gtd_status leaves(const cJSON *item, gtd_buf *path, gtd_strlist *out)
{
	const cJSON *c;
	size_t mark = path->len, i = 0;
	gtd_status st = GTD_OK;

	if (!(cJSON_IsObject(item) || cJSON_IsArray(item)) || !item->child)
		return gtd_strlist_add(out, gtd_buf_str(path));
	for (c = item->child; c && st == GTD_OK; c = c->next, i++) {
		st = gtd_json_path_push(path, item, c, i);
		if (st == GTD_OK)
			st = leaves(c, path, out);
		gtd_json_path_cut(path, mark);
	}
	return st;
}

static const cJSON *counterpart(const cJSON *container, const cJSON *child, size_t i)
{
	if (cJSON_IsArray(container))
		return cJSON_GetArrayItem(container, (int)i);
	return cJSON_GetObjectItemCaseSensitive(container, child->string);
}

static gtd_status diff(const cJSON *a, const cJSON *b, gtd_buf *path, gtd_strlist *out)
{
	const cJSON *c;
	size_t mark = path->len, i;
	gtd_status st = GTD_OK;

	if (!a || !b)
		return leaves(a ? a : b, path, out);
	if (!((cJSON_IsObject(a) && cJSON_IsObject(b)) || (cJSON_IsArray(a) && cJSON_IsArray(b))))
		return cJSON_Compare(a, b, 1) ? GTD_OK : gtd_strlist_add(out, gtd_buf_str(path));
	for (c = b->child, i = 0; c && st == GTD_OK; c = c->next, i++) {
		st = gtd_json_path_push(path, b, c, i);
		if (st == GTD_OK)
			st = diff(counterpart(a, c, i), c, path, out);
		gtd_json_path_cut(path, mark);
	}
	for (c = a->child, i = 0; c && st == GTD_OK; c = c->next, i++) {
		if (counterpart(b, c, i))
			continue;
		st = gtd_json_path_push(path, a, c, i);
		if (st == GTD_OK)
			st = leaves(c, path, out);
		gtd_json_path_cut(path, mark);
	}
	return st;
}

gtd_status gtd_json_diff(const cJSON *old_doc, const cJSON *new_doc, gtd_strlist *out)
{
	gtd_buf path;
	gtd_status st = GTD_OK;

	out->n = 0;
	out->v = NULL;
	gtd_buf_init(&path, JSON_PATH_MAX);
	if (old_doc || new_doc)
		st = diff(old_doc, new_doc, &path, out);
	gtd_buf_release(&path);
	if (st != GTD_OK)
		gtd_strlist_release(out);
	return st;
}
