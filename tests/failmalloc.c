#include "failmalloc.h"

#include <stddef.h>
#include <string.h>

#ifdef FAILMALLOC_WRAPPED

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static unsigned long armed, seen;
static int failed;

/* 1 when this allocation is the one that must fail. */
static int fail_now(void)
{
	seen++;
	if (!armed || seen != armed)
		return 0;
	failed = 1;
	return 1;
}

void *__wrap_malloc(size_t size)
{
	return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return fail_now() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

int failmalloc_available(void)
{
	return 1;
}

void failmalloc_after(unsigned long n)
{
	armed = n;
	seen = 0;
	failed = 0;
}

unsigned long failmalloc_count(void)
{
	return seen;
}

int failmalloc_failed(void)
{
	return failed;
}

#else /* the linker cannot wrap: the countdown does nothing */

int failmalloc_available(void)
{
	return 0;
}

void failmalloc_after(unsigned long n)
{
	(void)n;
}

unsigned long failmalloc_count(void)
{
	return 0;
}

int failmalloc_failed(void)
{
	return 0;
}

#endif
