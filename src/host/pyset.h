/*
 * pyset.h - top-level assignments of a Python settings file (Horizon's
 * local_settings.py), read without a Python interpreter.
 *
 * Horizon executes local_settings.py and then every .py file of
 * local_settings.d in name order; the last assignment wins.  This reader
 * keeps, in order, the statements of the form
 *     NAME = LITERAL
 *     NAME["key"] = LITERAL              (also NAME['a']['b'] = ...)
 * where LITERAL is True, False, None, a number, a string (adjacent strings
 * concatenated), a tuple or list of such, or a dict of such (expanded into
 * one assignment per key, NAME/key).  Anything else on the right-hand side
 * (a call, a conditional expression, a name) is kept as PYSET_EXPR with its
 * source text, so that a check can ask for a manual review instead of
 * guessing.  An assignment that is indented (inside if/for/def/try) is
 * flagged cond: it may or may not run.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_HOST_PYSET_H
#define RAMPART_HOST_PYSET_H

#include <stddef.h>

#define PYSET_MAX_ASSIGN 100000
#define PYSET_MAX_DEPTH 16
#define PYSET_TEXT_MAX 160 /* kept source text of an expression */

enum pyset_kind {
	PYSET_TRUE,
	PYSET_FALSE,
	PYSET_NONE,
	PYSET_STR,  /* text: the string's value */
	PYSET_NUM,  /* text: as written */
	PYSET_SEQ,  /* text: "('a', 'b')" */
	PYSET_DICT, /* its keys follow as NAME/key assignments */
	PYSET_EXPR, /* text: the source, shortened */
};

struct pyset_assign {
	char *path; /* "NAME", "NAME/key", "NAME/key/sub" */
	enum pyset_kind kind;
	char *text;
	int cond;      /* indented: may not run */
	size_t file;   /* index into pyset.files */
	unsigned line; /* line where the statement starts */
};

struct pyset {
	char **files;
	size_t nfiles, files_alloc;
	struct pyset_assign *a;
	size_t n, alloc;
	unsigned nerrors; /* unterminated strings or brackets */
	unsigned err_line; /* first of them */
};

void pyset_init(struct pyset *ps);
void pyset_release(struct pyset *ps);

/*
 * Add the assignments of len bytes of buf (file name, copied).  Returns the
 * number of statements that could not be delimited (an unterminated string
 * or bracket ends the file).
 */
unsigned pyset_parse(struct pyset *ps, const char *name, const char *buf,
    size_t len);

/*
 * The assignment that decides path after every file: the last one to path
 * itself, unless a later assignment replaced a parent (a dict literal
 * without that key makes it absent again; a computed parent is returned as
 * the PYSET_EXPR that decides).  NULL when absent.  Borrowed until
 * pyset_release().
 */
const struct pyset_assign *pyset_get(const struct pyset *ps,
    const char *path);

#endif
