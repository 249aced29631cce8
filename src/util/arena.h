/*
 * arena.h - bump allocator for per-target and per-document data.
 *
 * Parse trees and evidence strings are allocated from an arena and freed all
 * at once when the document or target is done.  arena_reset() keeps the
 * first block so that a loop over many small documents does not go back to
 * malloc for each one.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_ARENA_H
#define RAMPART_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "util/compat.h"

struct arena_block;

struct arena {
	struct arena_block *head; /* newest block */
	size_t block_size;        /* size of ordinary blocks */
	size_t used;              /* bytes handed out since init/reset */
};

/* Fill a caller-owned arena; block_size 0 picks a default (64 KiB). */
void arena_init(struct arena *a, size_t block_size);

/* Free every block. */
void arena_release(struct arena *a);

/* Free everything allocated so far but keep one block for reuse. */
void arena_reset(struct arena *a);

/* size bytes aligned for any object; never NULL; valid until reset. */
void *arena_alloc(struct arena *a, size_t size);

/* The same, zero-filled. */
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);

char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_memdup(struct arena *a, const void *p, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) RP_PRINTF(2, 3);

#endif
