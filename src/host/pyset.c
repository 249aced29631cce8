/*
 * pyset.c - top-level literal assignments of Python settings files (see
 * pyset.h).
 *
 * A statement is delimited first (strings, brackets, comments and
 * backslash continuations followed to the end of the logical line), then
 * parsed by cursor functions over the statement text.
 *
 * SPDX-License-Identifier: MIT
 */
#include "host/pyset.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void
pyset_init(struct pyset *ps)
{
	memset(ps, 0, sizeof(*ps));
}

void
pyset_release(struct pyset *ps)
{
	size_t i;

	for (i = 0; i < ps->nfiles; i++)
		free(ps->files[i]);
	for (i = 0; i < ps->n; i++) {
		free(ps->a[i].path);
		free(ps->a[i].text);
	}
	free(ps->files);
	free(ps->a);
	pyset_init(ps);
}

struct pyset_parser {
	struct pyset *ps;
	size_t file;
	unsigned line;
	int cond;
};

static void
add(struct pyset_parser *p, const char *path, enum pyset_kind kind,
    const char *text, size_t textlen)
{
	struct pyset *ps = p->ps;
	struct pyset_assign *a;

	if (ps->n >= PYSET_MAX_ASSIGN)
		return;
	ALLOC_GROW(ps->a, ps->n + 1, ps->alloc);
	a = &ps->a[ps->n++];
	a->path = xstrdup(path);
	a->kind = kind;
	a->text = text != NULL ? xstrndup(text, textlen) : NULL;
	a->cond = p->cond;
	a->file = p->file;
	a->line = p->line;
}

static void
skip_ws(const char **s)
{
	while (isspace((unsigned char)**s) || **s == '\\')
		(*s)++;
}

static int
is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/*
 * A string literal (with adjacent ones concatenated) into out.  Returns 0,
 * or -1 when *s is no plain string literal (f-strings are expressions).
 */
static int
parse_str(const char **s, struct strbuf *out)
{
	int any = 0;

	for (;;) {
		const char *c = *s;
		int raw = 0, triple;
		char q;

		while (*c == 'r' || *c == 'R' || *c == 'u' || *c == 'U' ||
		    *c == 'b' || *c == 'B') {
			if (*c == 'r' || *c == 'R')
				raw = 1;
			c++;
		}
		if (*c != '\'' && *c != '"')
			return any ? 0 : -1;
		if (c - *s > 2)
			return any ? 0 : -1;
		q = *c;
		triple = c[1] == q && c[2] == q;
		c += triple ? 3 : 1;
		for (;;) {
			if (*c == '\0')
				return -1;
			if (*c == '\\' && c[1] != '\0') {
				if (raw)
					strbuf_addch(out, *c);
				strbuf_addch(out, c[1]);
				c += 2;
				continue;
			}
			if (*c == q &&
			    (!triple || (c[1] == q && c[2] == q))) {
				c += triple ? 3 : 1;
				break;
			}
			strbuf_addch(out, *c++);
		}
		*s = c;
		any = 1;
		skip_ws(s);
	}
}

/* A scalar literal; returns its kind, or PYSET_EXPR (s unchanged). */
static enum pyset_kind
parse_scalar(const char **s, struct strbuf *out)
{
	const char *c = *s;
	static const struct {
		const char *word;
		enum pyset_kind kind;
	} words[] = { { "True", PYSET_TRUE }, { "False", PYSET_FALSE },
		{ "None", PYSET_NONE } };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);

		if (strncmp(c, words[i].word, n) == 0 &&
		    !is_ident((unsigned char)c[n])) {
			*s = c + n;
			strbuf_addstr(out, words[i].word);
			return words[i].kind;
		}
	}
	if (isdigit((unsigned char)*c) ||
	    ((*c == '-' || *c == '+') && isdigit((unsigned char)c[1]))) {
		const char *st = c++;

		while (isalnum((unsigned char)*c) || *c == '.' || *c == '_')
			c++;
		strbuf_add(out, st, (size_t)(c - st));
		*s = c;
		return PYSET_NUM;
	}
	if (parse_str(&c, out) == 0) {
		*s = c;
		return PYSET_STR;
	}
	strbuf_reset(out);
	return PYSET_EXPR;
}

/* Skip one value up to ',' or the closing bracket at this level. */
static void
skip_value(const char **s)
{
	int depth = 0;
	const char *c = *s;

	while (*c != '\0') {
		if (*c == '\'' || *c == '"') {
			struct strbuf tmp = STRBUF_INIT;
			const char *t = c;

			if (parse_str(&t, &tmp) != 0) {
				strbuf_release(&tmp);
				c += strlen(c);
				break;
			}
			strbuf_release(&tmp);
			c = t;
			continue;
		}
		if (*c == '(' || *c == '[' || *c == '{')
			depth++;
		else if (*c == ')' || *c == ']' || *c == '}') {
			if (depth == 0)
				break;
			depth--;
		} else if (*c == ',' && depth == 0)
			break;
		c++;
	}
	*s = c;
}

/* A tuple or list of scalars as "('a', 'b')"; -1 when not one. */
static int
parse_seq(const char **s, struct strbuf *out)
{
	const char *c = *s;
	char close = *c == '(' ? ')' : ']';
	struct strbuf item = STRBUF_INIT;
	int n = 0, r = -1;

	strbuf_addch(out, '(');
	c++;
	for (;;) {
		enum pyset_kind k;

		skip_ws(&c);
		if (*c == close)
			break;
		strbuf_reset(&item);
		k = parse_scalar(&c, &item);
		if (k == PYSET_EXPR)
			goto out;
		if (n++ > 0)
			strbuf_addstr(out, ", ");
		if (k == PYSET_STR)
			strbuf_addf(out, "'%s'", item.buf);
		else
			strbuf_addstr(out, item.buf);
		skip_ws(&c);
		if (*c == ',') {
			c++;
			continue;
		}
		if (*c != close)
			goto out;
	}
	strbuf_addch(out, ')');
	*s = c + 1;
	r = 0;
out:
	strbuf_release(&item);
	return r;
}

static void parse_value(struct pyset_parser *p, const char **s,
    const char *path, int depth);

/* A dict literal at path: the marker, then one assignment per key. */
static int
parse_dict(struct pyset_parser *p, const char **s, const char *path,
    int depth)
{
	const char *c = *s + 1;
	struct strbuf key = STRBUF_INIT, sub = STRBUF_INIT;
	int r = -1;

	add(p, path, PYSET_DICT, NULL, 0);
	for (;;) {
		skip_ws(&c);
		if (*c == '}')
			break;
		strbuf_reset(&key);
		if (parse_str(&c, &key) != 0) {
			/* A computed key: nothing below is reliable. */
			goto out;
		}
		skip_ws(&c);
		if (*c != ':')
			goto out;
		c++;
		skip_ws(&c);
		strbuf_reset(&sub);
		strbuf_addf(&sub, "%s/%s", path, key.buf);
		parse_value(p, &c, sub.buf, depth + 1);
		skip_ws(&c);
		if (*c == ',') {
			c++;
			continue;
		}
		if (*c != '}')
			goto out;
	}
	*s = c + 1;
	r = 0;
out:
	strbuf_release(&key);
	strbuf_release(&sub);
	return r;
}

static void
add_expr(struct pyset_parser *p, const char *path, const char *st,
    const char *end)
{
	struct strbuf t = STRBUF_INIT;
	const char *c;

	for (c = st; c < end && t.len < PYSET_TEXT_MAX; c++) {
		if (isspace((unsigned char)*c)) {
			if (t.len > 0 && t.buf[t.len - 1] != ' ')
				strbuf_addch(&t, ' ');
			continue;
		}
		strbuf_addch(&t, *c);
	}
	strbuf_rtrim(&t);
	add(p, path, PYSET_EXPR, t.buf, t.len);
	strbuf_release(&t);
}

/*
 * Parse the value at *s for path; on anything that is no literal record an
 * expression spanning up to the next ',' or bracket of this level.
 */
static void
parse_value(struct pyset_parser *p, const char **s, const char *path,
    int depth)
{
	const char *st = *s, *c = *s;
	struct strbuf out = STRBUF_INIT;
	enum pyset_kind k;

	if (depth > PYSET_MAX_DEPTH)
		goto expr;
	if (*c == '{') {
		size_t mark = p->ps->n;

		if (parse_dict(p, &c, path, depth) == 0) {
			skip_ws(&c);
			if (depth > 0 || *c == '\0') {
				*s = c;
				goto out;
			}
		}
		/* Not a plain dict after all: drop what it added. */
		while (p->ps->n > mark) {
			p->ps->n--;
			free(p->ps->a[p->ps->n].path);
			free(p->ps->a[p->ps->n].text);
		}
		c = st;
		goto expr;
	}
	if (*c == '(' || *c == '[') {
		if (parse_seq(&c, &out) == 0) {
			k = PYSET_SEQ;
			goto scalar;
		}
		strbuf_reset(&out);
		c = st;
		goto expr;
	}
	k = parse_scalar(&c, &out);
	if (k == PYSET_EXPR)
		goto expr;
scalar:
	{
		const char *after = c;

		skip_ws(&after);
		/* "'a' if x else 'b'", "1 + 2", ".format()": expressions. */
		if (depth == 0 ? *after != '\0'
			       : *after != ',' && *after != '}' &&
				*after != '\0')
			goto expr;
		add(p, path, k, out.buf, out.len);
		*s = c;
		goto out;
	}
expr:
	if (depth == 0)
		c = st + strlen(st);
	else {
		c = st;
		skip_value(&c);
	}
	add_expr(p, path, st, c);
	*s = c;
out:
	strbuf_release(&out);
}

/* Handle one logical statement (comments removed). */
static void
statement(struct pyset_parser *p, const char *stmt)
{
	const char *c = stmt;
	struct strbuf path = STRBUF_INIT, key = STRBUF_INIT;
	int subs = 0;

	if (!isalpha((unsigned char)*c) && *c != '_')
		goto out;
	while (is_ident((unsigned char)*c))
		strbuf_addch(&path, *c++);
	for (;;) {
		skip_ws(&c);
		if (*c != '[')
			break;
		c++;
		skip_ws(&c);
		strbuf_reset(&key);
		if (parse_str(&c, &key) != 0 || subs++ >= 3)
			goto out;
		skip_ws(&c);
		if (*c != ']')
			goto out;
		c++;
		strbuf_addf(&path, "/%s", key.buf);
	}
	if (*c != '=' || c[1] == '=')
		goto out;
	c++;
	skip_ws(&c);
	if (*c == '\0')
		goto out;
	parse_value(p, &c, path.buf, 0);
out:
	strbuf_release(&path);
	strbuf_release(&key);
}

unsigned
pyset_parse(struct pyset *ps, const char *name, const char *buf, size_t len)
{
	struct pyset_parser p;
	struct strbuf stmt = STRBUF_INIT;
	const char *c = buf, *end = buf + len;
	unsigned line = 1, errors = 0;

	memset(&p, 0, sizeof(p));
	p.ps = ps;
	ALLOC_GROW(ps->files, ps->nfiles + 1, ps->files_alloc);
	p.file = ps->nfiles;
	ps->files[ps->nfiles++] = xstrdup(name);

	while (c < end) {
		int depth = 0, indent = 0;
		unsigned start = line;

		strbuf_reset(&stmt);
		while (c < end && (*c == ' ' || *c == '\t')) {
			indent = 1;
			c++;
		}
		while (c < end) {
			char ch = *c;

			if (ch == '\0') {
				c++;
				continue;
			}
			if (ch == '#') {
				while (c < end && *c != '\n')
					c++;
				continue;
			}
			if (ch == '\\' && c + 1 < end && c[1] == '\n') {
				strbuf_addch(&stmt, ' ');
				c += 2;
				line++;
				continue;
			}
			if (ch == '\n') {
				c++;
				line++;
				if (depth == 0)
					break;
				strbuf_addch(&stmt, ' ');
				continue;
			}
			if (ch == '\'' || ch == '"') {
				/* Copy the string through, newlines included. */
				int triple = c + 2 < end && c[1] == ch &&
				    c[2] == ch;
				size_t qn = triple ? 3 : 1;

				strbuf_add(&stmt, c, qn);
				c += qn;
				for (;;) {
					if (c >= end) {
						errors++;
						break;
					}
					if (*c == '\\' && c + 1 < end) {
						if (c[1] == '\n')
							line++;
						strbuf_add(&stmt, c, 2);
						c += 2;
						continue;
					}
					if (*c == '\n') {
						line++;
						if (!triple) {
							/* Unterminated. */
							errors++;
							break;
						}
					}
					if (*c == ch &&
					    (!triple || (c + 2 < end &&
								c[1] == ch &&
								c[2] == ch))) {
						strbuf_add(&stmt, c, qn);
						c += qn;
						break;
					}
					if (*c != '\0')
						strbuf_addch(&stmt, *c);
					c++;
				}
				continue;
			}
			if (ch == '(' || ch == '[' || ch == '{')
				depth++;
			else if ((ch == ')' || ch == ']' || ch == '}') &&
			    depth > 0)
				depth--;
			strbuf_addch(&stmt, ch);
			c++;
		}
		if (depth > 0 && c >= end)
			errors++;
		if (errors > 0 && ps->err_line == 0)
			ps->err_line = start;
		p.line = start;
		p.cond = indent;
		strbuf_rtrim(&stmt);
		statement(&p, stmt.buf);
	}
	strbuf_release(&stmt);
	ps->nerrors += errors;
	return errors;
}

const struct pyset_assign *
pyset_get(const struct pyset *ps, const char *path)
{
	const struct pyset_assign *r = NULL;
	size_t i, n;

	for (i = 0; i < ps->n; i++) {
		const struct pyset_assign *a = &ps->a[i];

		if (strcmp(a->path, path) == 0) {
			r = a;
			continue;
		}
		n = strlen(a->path);
		if (strncmp(a->path, path, n) == 0 && path[n] == '/') {
			/* A parent was replaced. */
			r = a->kind == PYSET_EXPR ? a : NULL;
		}
	}
	return r;
}
