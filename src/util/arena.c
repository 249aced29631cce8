/*
 * arena.c - bump allocator.
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"
#include "util/banned.h"

#define ARENA_ALIGN 16
#define ARENA_DEFAULT ((size_t)64 << 10)

struct arena_block {
	struct arena_block *next;
	size_t size; /* usable bytes in data[] */
	size_t off;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void
arena_init(struct arena *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size ? block_size : ARENA_DEFAULT;
	a->used = 0;
}

void
arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	while (b != NULL) {
		next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}

void
arena_reset(struct arena *a)
{
	struct arena_block *keep = NULL, *b = a->head, *next;

	/* Keep one ordinary-sized block; oversized ones go back to malloc. */
	while (b != NULL) {
		next = b->next;
		if (keep == NULL && b->size == a->block_size) {
			keep = b;
		} else {
			free(b);
		}
		b = next;
	}
	if (keep != NULL) {
		keep->next = NULL;
		keep->off = 0;
	}
	a->head = keep;
	a->used = 0;
}

static struct arena_block *
arena_block_new(size_t size)
{
	struct arena_block *b;

	if (size > SIZE_MAX - sizeof(*b))
		xalloc_die(SIZE_MAX);
	b = xmalloc(sizeof(*b) + size);
	b->next = NULL;
	b->size = size;
	b->off = 0;
	return b;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	struct arena_block *b = a->head;
	size_t need;
	void *p;

	if (size > SIZE_MAX - ARENA_ALIGN)
		xalloc_die(SIZE_MAX);
	need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need == 0)
		need = ARENA_ALIGN;
	if (b == NULL || b->size - b->off < need) {
		if (need > a->block_size / 4) {
			/* Big objects get their own block behind the head. */
			struct arena_block *big = arena_block_new(need);

			if (b != NULL) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->off = need;
			a->used += need;
			return big->data;
		}
		b = arena_block_new(a->block_size);
		b->next = a->head;
		a->head = b;
	}
	p = b->data + b->off;
	b->off += need;
	a->used += need;
	return p;
}

void *
arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	p = arena_alloc(a, nmemb * size);
	memset(p, 0, nmemb * size);
	return p;
}

char *
arena_memdup(struct arena *a, const void *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		xalloc_die(n);
	s = arena_alloc(a, n + 1);
	if (n > 0)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_memdup(a, s, strlen(s));
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	const char *end = memchr(s, '\0', n);

	return arena_memdup(a, s, end != NULL ? (size_t)(end - s) : n);
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap, cp;
	char *s;
	int n;

	va_start(ap, fmt);
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}
