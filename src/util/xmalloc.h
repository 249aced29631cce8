/*
 * xmalloc.h - allocators that never return NULL.
 *
 * Running out of memory is fatal for rampart: every function here checks for
 * size overflow and dies with a message rather than return NULL, so callers
 * never test for allocation failure.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_XMALLOC_H
#define RAMPART_UTIL_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

#include "util/compat.h"

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xmemdup(const void *p, size_t n);
char *xasprintf(const char *fmt, ...) RP_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) RP_PRINTF(1, 0);

/* Free what xmalloc and friends returned and set the pointer to NULL. */
#define FREE_AND_NULL(p)          \
	do {                      \
		free(p);          \
		(p) = NULL;       \
	} while (0)

/* Return the size the array should grow to so that it holds need items. */
size_t alloc_nr(size_t need, size_t alloc);

/*
 * ALLOC_GROW(array, need, alloc): make sure array (of alloc elements) can
 * hold need elements.  The one way arrays grow in rampart.
 */
#define ALLOC_GROW(x, need, alloc)                                       \
	do {                                                             \
		if ((size_t)(need) > (alloc)) {                          \
			(alloc) = alloc_nr((size_t)(need), (alloc));     \
			(x) = xreallocarray((x), (alloc), sizeof(*(x))); \
		}                                                        \
	} while (0)

/* Die with a message about memory exhaustion (used by the allocators). */
_Noreturn void xalloc_die(size_t size);

#endif
