/* failmalloc.h - an allocation-failure countdown for unit suites.
 *
 * The suite is linked with -Wl,--wrap for malloc, calloc, realloc, strdup
 * and strndup (FAILMALLOC_WRAP in Makefile.am), so every allocation
 * libgtd's objects make goes through the wrappers in failmalloc.c; the
 * production code is untouched.  Shared libraries (OpenSSL, cJSON, libc
 * itself) keep their own allocator.  Disarmed, the wrappers only count.
 */
#ifndef GTD_FAILMALLOC_H
#define GTD_FAILMALLOC_H

/* 1 when the linker wrapped the allocator (the countdown works). */
int failmalloc_available(void);

/* Makes the n-th allocation from now fail (n >= 1) and every later one
 * succeed again; n 0 disarms.  Resets the counters. */
void failmalloc_after(unsigned long n);

/* Allocations seen since the last failmalloc_after(), and whether the
 * armed one has failed yet. */
unsigned long failmalloc_count(void);
int failmalloc_failed(void);

#endif
