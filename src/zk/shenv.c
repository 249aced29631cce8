/*
 * shenv.c - shell assignments without a shell.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/shenv.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xmalloc.h"

#include "util/banned.h"

void
zk_shenv_init(struct zk_shenv *e, struct arena *a)
{
	memset(e, 0, sizeof(*e));
	e->a = a;
}

void
zk_shenv_release(struct zk_shenv *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].p);
	free(e->v);
	e->v = NULL;
	e->n = e->alloc = 0;
}

const struct zk_shvar *
zk_shenv_get(const struct zk_shenv *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].name, name) == 0)
			return &e->v[i];
	return NULL;
}

/* A value being built: pieces plus the literal text not yet flushed. */
struct value {
	struct zk_shpiece *p;
	size_t np, alloc, len;
	struct strbuf lit;
	unsigned flags;
	int over; /* the cap was hit */
};

struct parser {
	struct zk_shenv *e;
	const char *p, *end;
	const char *file;
	unsigned line;
	unsigned stmt_line;
	int cond_depth;
};

static void
value_init(struct value *v)
{
	memset(v, 0, sizeof(*v));
	strbuf_init(&v->lit, 0);
}

static void
value_release(struct value *v)
{
	free(v->p);
	strbuf_release(&v->lit);
}

static void
value_push(struct value *v, const char *text, size_t len, const char *file,
    unsigned line)
{
	if (len == 0)
		return;
	if (v->len + len > ZK_SHENV_MAX_VALUE) {
		v->over = 1;
		return;
	}
	ALLOC_GROW(v->p, v->np + 1, v->alloc);
	v->p[v->np].text = text;
	v->p[v->np].len = len;
	v->p[v->np].file = file;
	v->p[v->np].line = line;
	v->np++;
	v->len += len;
}

static void
value_flush(struct parser *ps, struct value *v)
{
	if (v->lit.len == 0)
		return;
	value_push(v, arena_memdup(ps->e->a, v->lit.buf, v->lit.len),
	    v->lit.len, ps->file, ps->stmt_line);
	strbuf_setlen(&v->lit, 0);
}

static void
value_add_var(struct parser *ps, struct value *v, const char *name, size_t nlen)
{
	char tmp[256];
	const struct zk_shvar *var;
	size_t i;

	if (nlen >= sizeof(tmp))
		return;
	memcpy(tmp, name, nlen);
	tmp[nlen] = '\0';
	var = zk_shenv_get(ps->e, tmp);
	if (var == NULL)
		return;
	value_flush(ps, v);
	for (i = 0; i < var->np; i++)
		value_push(v, var->p[i].text, var->p[i].len, var->p[i].file,
		    var->p[i].line);
	v->flags |= var->flags & ZK_SHVAR_UNEVALUATED;
}

static int
is_name_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_name_char(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static int
is_word_end(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	    c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}

static int
at_end(const struct parser *ps)
{
	return ps->p >= ps->end;
}

/*
 * Skip a balanced $(...) or `...` starting at ps->p (on the opening
 * character), appending the text to lit.  Returns 0 or RP_EPARSE.
 */
static int
skip_subst(struct parser *ps, struct strbuf *lit, char close)
{
	unsigned start = ps->line;
	int depth = 0;
	char q = 0;

	while (!at_end(ps)) {
		char c = *ps->p++;

		strbuf_addch(lit, c);
		if (c == '\n')
			ps->line++;
		if (q != 0) {
			if (c == '\\' && q == '"' && !at_end(ps)) {
				strbuf_addch(lit, *ps->p);
				if (*ps->p++ == '\n')
					ps->line++;
			} else if (c == q) {
				q = 0;
			}
			continue;
		}
		if (c == '\\' && !at_end(ps)) {
			strbuf_addch(lit, *ps->p);
			if (*ps->p++ == '\n')
				ps->line++;
			continue;
		}
		if (close == '`') {
			if (c == '`' && lit->len > 1)
				return 0;
			continue;
		}
		if (c == '\'' || c == '"') {
			q = c;
		} else if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				return 0;
		}
	}
	ps->line = start;
	return RP_EPARSE;
}

/*
 * A $ expansion at ps->p (on the '$').  Unknown forms are kept literally
 * and mark the value unevaluated.
 */
static int
parse_dollar(struct parser *ps, struct value *v)
{
	const char *s = ps->p + 1, *n;
	size_t nlen;
	int err;

	if (s >= ps->end) {
		strbuf_addch(&v->lit, '$');
		ps->p = s;
		return 0;
	}
	if (*s == '(') {
		struct strbuf tmp = STRBUF_INIT;

		ps->p = s;
		strbuf_addch(&tmp, '$');
		err = skip_subst(ps, &tmp, ')');
		strbuf_add(&v->lit, tmp.buf, tmp.len);
		strbuf_release(&tmp);
		v->flags |= ZK_SHVAR_UNEVALUATED;
		return err;
	}
	if (is_name_start((unsigned char)*s)) {
		n = s;
		while (s < ps->end && is_name_char((unsigned char)*s))
			s++;
		value_add_var(ps, v, n, (size_t)(s - n));
		ps->p = s;
		return 0;
	}
	if (*s == '{') {
		const char *close = memchr(s, '}', (size_t)(ps->end - s));
		const char *op;

		if (close == NULL)
			return RP_EPARSE;
		n = s + 1;
		op = n;
		while (op < close && is_name_char((unsigned char)*op))
			op++;
		nlen = (size_t)(op - n);
		if (nlen > 0 && is_name_start((unsigned char)*n) &&
		    op == close) {
			value_add_var(ps, v, n, nlen);
		} else if (nlen > 0 && is_name_start((unsigned char)*n) &&
		    (*op == '-' ||
		        (*op == ':' && op + 1 < close && op[1] == '-'))) {
			/* ${NAME-word} and ${NAME:-word} */
			char tmp[256];
			const struct zk_shvar *var = NULL;
			const char *w = op + (*op == ':' ? 2 : 1);

			if (nlen < sizeof(tmp)) {
				memcpy(tmp, n, nlen);
				tmp[nlen] = '\0';
				var = zk_shenv_get(ps->e, tmp);
			}
			if (var != NULL && (*op == '-' || var->len > 0)) {
				value_add_var(ps, v, n, nlen);
			} else {
				strbuf_add(&v->lit, w, (size_t)(close - w));
				if (memchr(w, '$', (size_t)(close - w)) ||
				    memchr(w, '`', (size_t)(close - w)))
					v->flags |= ZK_SHVAR_UNEVALUATED;
			}
		} else {
			strbuf_add(&v->lit, ps->p, (size_t)(close + 1 - ps->p));
			v->flags |= ZK_SHVAR_UNEVALUATED;
		}
		ps->p = close + 1;
		return 0;
	}
	if ((*s >= '0' && *s <= '9') || strchr("@*#?-$!", *s) != NULL) {
		/* Positional and special parameters: unknown here. */
		v->flags |= ZK_SHVAR_UNEVALUATED;
		ps->p = s + 1;
		return 0;
	}
	strbuf_addch(&v->lit, '$');
	ps->p = s;
	return 0;
}

/* The value word of an assignment, up to an unquoted word end. */
static int
parse_value(struct parser *ps, struct value *v)
{
	unsigned qline;
	int err;

	while (!at_end(ps) && !is_word_end((unsigned char)*ps->p)) {
		char c = *ps->p;

		if (c == '\\') {
			ps->p++;
			if (at_end(ps))
				break;
			if (*ps->p == '\n')
				ps->line++;
			else
				strbuf_addch(&v->lit, *ps->p);
			ps->p++;
		} else if (c == '\'') {
			qline = ps->line;
			ps->p++;
			while (!at_end(ps) && *ps->p != '\'') {
				if (*ps->p == '\n')
					ps->line++;
				strbuf_addch(&v->lit, *ps->p++);
			}
			if (at_end(ps)) {
				ps->line = qline;
				return RP_EPARSE;
			}
			ps->p++;
		} else if (c == '"') {
			qline = ps->line;
			ps->p++;
			while (!at_end(ps) && *ps->p != '"') {
				c = *ps->p;
				if (c == '\\' && ps->p + 1 < ps->end &&
				    strchr("$`\"\\\n", ps->p[1]) != NULL) {
					if (ps->p[1] == '\n')
						ps->line++;
					else
						strbuf_addch(&v->lit, ps->p[1]);
					ps->p += 2;
				} else if (c == '$') {
					if ((err = parse_dollar(ps, v)) != 0) {
						ps->line = qline;
						return err;
					}
				} else if (c == '`') {
					err = skip_subst(ps, &v->lit, '`');
					v->flags |= ZK_SHVAR_UNEVALUATED;
					if (err != 0) {
						ps->line = qline;
						return err;
					}
				} else {
					if (c == '\n')
						ps->line++;
					strbuf_addch(&v->lit, c);
					ps->p++;
				}
			}
			if (at_end(ps)) {
				ps->line = qline;
				return RP_EPARSE;
			}
			ps->p++;
		} else if (c == '$') {
			if ((err = parse_dollar(ps, v)) != 0)
				return err;
		} else if (c == '`') {
			err = skip_subst(ps, &v->lit, '`');
			v->flags |= ZK_SHVAR_UNEVALUATED;
			if (err != 0)
				return err;
		} else {
			strbuf_addch(&v->lit, c);
			ps->p++;
		}
	}
	value_flush(ps, v);
	return 0;
}

/* Skip a word that is not an assignment, respecting quotes. */
static int
skip_word(struct parser *ps, struct strbuf *w)
{
	struct value v;
	int err;

	value_init(&v);
	err = parse_value(ps, &v);
	if (w != NULL) {
		size_t i;

		for (i = 0; i < v.np; i++)
			strbuf_add(w, v.p[i].text, v.p[i].len);
	}
	value_release(&v);
	return err;
}

static void
skip_blanks(struct parser *ps)
{
	while (!at_end(ps)) {
		if (*ps->p == ' ' || *ps->p == '\t') {
			ps->p++;
		} else if (*ps->p == '\\' && ps->p + 1 < ps->end &&
		    ps->p[1] == '\n') {
			ps->p += 2;
			ps->line++;
		} else {
			break;
		}
	}
}

/* Length of NAME if ps->p starts with NAME=, else 0. */
static size_t
assignment_name(const struct parser *ps)
{
	const char *s = ps->p;

	if (at_end(ps) || !is_name_start((unsigned char)*s))
		return 0;
	while (s < ps->end && is_name_char((unsigned char)*s))
		s++;
	if (s >= ps->end || *s != '=')
		return 0;
	return (size_t)(s - ps->p);
}

struct pending {
	char name[256];
	struct value v;
	unsigned line;
};

static int
set_var(struct parser *ps, struct pending *pa)
{
	struct zk_shenv *e = ps->e;
	struct zk_shvar *var = NULL;
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->v[i].name, pa->name) == 0)
			var = &e->v[i];
	if (var == NULL) {
		if (e->n >= ZK_SHENV_MAX_VARS)
			return RP_ELIMIT;
		ALLOC_GROW(e->v, e->n + 1, e->alloc);
		var = &e->v[e->n++];
		memset(var, 0, sizeof(*var));
		var->name = arena_strdup(e->a, pa->name);
	}
	free(var->p);
	var->p = pa->v.p;
	var->np = pa->v.np;
	var->alloc = pa->v.alloc;
	var->len = pa->v.len;
	var->flags = pa->v.flags;
	if (ps->cond_depth > 0)
		var->flags |= ZK_SHVAR_CONDITIONAL;
	var->file = ps->file;
	var->line = pa->line;
	pa->v.p = NULL;
	pa->v.np = pa->v.alloc = 0;
	return 0;
}

static void
skip_to_statement_end(struct parser *ps)
{
	while (!at_end(ps)) {
		skip_blanks(ps);
		if (at_end(ps) || *ps->p == '\n' || *ps->p == ';' ||
		    *ps->p == '&' || *ps->p == '|')
			return;
		if (*ps->p == '#') {
			while (!at_end(ps) && *ps->p != '\n')
				ps->p++;
			return;
		}
		if (is_word_end((unsigned char)*ps->p)) {
			ps->p++;
			continue;
		}
		if (skip_word(ps, NULL) != 0) {
			/* An unterminated quote: give up on the rest. */
			ps->p = ps->end;
			return;
		}
	}
}

static int
word_is(const struct strbuf *w, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(w->buf, list[i]) == 0)
			return 1;
	return 0;
}

/*
 * One simple command.  Assignments before a command word only apply to
 * that command, so they are dropped; with export (or no command at all)
 * they stay.
 */
static int
parse_statement(struct parser *ps)
{
	static const char *const opens[] = { "if", "while", "until", "case",
		"for", "select", NULL };
	static const char *const closes[] = { "fi", "done", "esac", NULL };
	static const char *const prefixes[] = { "then", "else", "do", "elif",
		"{", "}", "!", NULL };
	static const char *const exports[] = { "export", "readonly", NULL };
	struct pending *pend = NULL;
	size_t npend = 0, apend = 0, i, nlen;
	struct strbuf w = STRBUF_INIT;
	int err = 0, exporting = 0;

	for (;;) {
		skip_blanks(ps);
		if (at_end(ps))
			break;
		if (*ps->p == '#') {
			while (!at_end(ps) && *ps->p != '\n')
				ps->p++;
			continue;
		}
		if (*ps->p == '\n' || *ps->p == ';' || *ps->p == '&' ||
		    *ps->p == '|')
			break;
		nlen = assignment_name(ps);
		if (nlen > 0 && nlen < sizeof(pend->name)) {
			struct pending *pa;

			ALLOC_GROW(pend, npend + 1, apend);
			pa = &pend[npend++];
			memcpy(pa->name, ps->p, nlen);
			pa->name[nlen] = '\0';
			pa->line = ps->line;
			value_init(&pa->v);
			ps->stmt_line = ps->line;
			ps->p += nlen + 1;
			if ((err = parse_value(ps, &pa->v)) != 0)
				goto out;
			if (pa->v.over) {
				err = RP_ELIMIT;
				goto out;
			}
			continue;
		}
		if (is_word_end((unsigned char)*ps->p)) {
			/* ( ) < > outside a word: not an assignment list. */
			ps->e->skipped++;
			skip_to_statement_end(ps);
			goto out;
		}
		strbuf_setlen(&w, 0);
		if ((err = skip_word(ps, &w)) != 0)
			goto out;
		if (exporting)
			continue; /* export NAME without a value */
		if (npend == 0 && word_is(&w, exports)) {
			exporting = 1;
			continue;
		}
		if (npend == 0 && word_is(&w, opens)) {
			ps->cond_depth++;
			skip_to_statement_end(ps);
			break;
		}
		if (npend == 0 && word_is(&w, closes)) {
			if (ps->cond_depth > 0)
				ps->cond_depth--;
			continue;
		}
		if (npend == 0 && word_is(&w, prefixes))
			continue;
		/* A command: its prefix assignments do not persist. */
		ps->e->skipped++;
		skip_to_statement_end(ps);
		goto out;
	}
	for (i = 0; i < npend; i++)
		if ((err = set_var(ps, &pend[i])) != 0)
			goto out;
out:
	for (i = 0; i < npend; i++)
		value_release(&pend[i].v);
	free(pend);
	strbuf_release(&w);
	if (!at_end(ps) &&
	    (*ps->p == '\n' || *ps->p == ';' || *ps->p == '&' ||
	        *ps->p == '|')) {
		if (*ps->p == '\n')
			ps->line++;
		ps->p++;
	}
	return err;
}

int
zk_shenv_parse(struct zk_shenv *e, const char *data, size_t len,
    const char *file, struct rp_diag *d)
{
	struct parser ps = { .e = e, .p = data, .end = data + len, .line = 1 };
	int err;

	ps.file = arena_strdup(e->a, file);
	while (!at_end(&ps)) {
		unsigned start = ps.line;

		err = parse_statement(&ps);
		if (err == RP_EPARSE)
			return rp_diag_fail(d, err, file, ps.line,
			    "unterminated quote or substitution (the shell stops reading the file here)");
		if (err == RP_ELIMIT)
			return rp_diag_fail(d, err, file, start,
			    "a value is longer than %zu bytes or there are too many variables",
			    ZK_SHENV_MAX_VALUE);
		if (err != 0)
			return rp_diag_fail(d, err, file, start, "%s",
			    rp_strerror(err));
	}
	return 0;
}

const char *
zk_shvar_value(const struct zk_shvar *v, struct arena *a)
{
	char *s;
	size_t i, off = 0;

	if (v == NULL)
		return "";
	s = arena_alloc(a, v->len + 1);
	for (i = 0; i < v->np; i++) {
		memcpy(s + off, v->p[i].text, v->p[i].len);
		off += v->p[i].len;
	}
	s[off] = '\0';
	return s;
}

size_t
zk_shvar_split(const struct zk_shvar *v, struct arena *a,
    struct zk_shword **out)
{
	struct zk_shword *words = NULL;
	size_t nw = 0, aw = 0, i, j;
	struct strbuf cur = STRBUF_INIT;
	const char *wfile = NULL;
	unsigned wline = 0;

	*out = NULL;
	if (v == NULL)
		return 0;
	for (i = 0; i <= v->np; i++) {
		size_t n = i < v->np ? v->p[i].len : 1;

		for (j = 0; j < n; j++) {
			char c = i < v->np ? v->p[i].text[j] : ' ';

			if (c == ' ' || c == '\t' || c == '\n') {
				if (cur.len > 0) {
					ALLOC_GROW(words, nw + 1, aw);
					words[nw].text =
					    arena_strndup(a, cur.buf, cur.len);
					words[nw].file = wfile;
					words[nw].line = wline;
					nw++;
					strbuf_setlen(&cur, 0);
				}
				continue;
			}
			if (cur.len == 0) {
				wfile = v->p[i].file;
				wline = v->p[i].line;
			}
			strbuf_addch(&cur, c);
		}
	}
	strbuf_release(&cur);
	*out = words;
	return nw;
}
