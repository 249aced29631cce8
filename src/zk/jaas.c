/*
 * jaas.c - the JDK's JAAS ConfigFile grammar over a StreamTokenizer clone.
 *
 * SPDX-License-Identifier: MIT
 */
#include "zk/jaas.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xmalloc.h"

#include "util/banned.h"

/* StreamTokenizer character classes. */
enum {
	CT_WHITESPACE = 1,
	CT_DIGIT = 2,
	CT_ALPHA = 4,
	CT_QUOTE = 8,
	CT_COMMENT = 16,
};

/* Token types besides ordinary characters (which are >= 0). */
enum {
	TT_EOF = -1,
	TT_NUMBER = -2,
	TT_WORD = -3,
	NEED_CHAR = -100,
	SKIP_LF = -101,
};

struct tok {
	const unsigned char *p, *end;
	unsigned line; /* line of the character last read */
	int peekc;
	int ttype;
	unsigned tline; /* line where the current token started */
	struct strbuf sval;
	int cut; /* a word was followed by a '/' comment */
	struct rp_diag *d;
	const char *file;
};

static int
ctype_of(int c)
{
	if (c >= 256)
		return CT_ALPHA;
	if (c <= ' ')
		return CT_WHITESPACE;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 160 ||
	    c == '$' || c == '_' || c == '*')
		return CT_ALPHA;
	if (c == '-')
		return CT_ALPHA | CT_DIGIT;
	if ((c >= '0' && c <= '9') || c == '.')
		return CT_DIGIT;
	if (c == '"' || c == '\'')
		return CT_QUOTE;
	if (c == '/')
		return CT_COMMENT;
	return 0;
}

/* Decode the next UTF-8 code point (U+FFFD for bad bytes), or -1. */
static int
rd(struct tok *t)
{
	unsigned c, need, cp, min, i;

	if (t->p >= t->end)
		return -1;
	c = *t->p++;
	if (c < 0x80)
		return (int)c;
	if ((c & 0xE0) == 0xC0) {
		need = 1;
		cp = c & 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		need = 2;
		cp = c & 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		need = 3;
		cp = c & 0x07;
		min = 0x10000;
	} else {
		return 0xFFFD;
	}
	for (i = 0; i < need; i++) {
		if (t->p >= t->end || (*t->p & 0xC0) != 0x80)
			return 0xFFFD;
		cp = (cp << 6) | (*t->p++ & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0xFFFD;
	return (int)cp;
}

static void
add_cp(struct strbuf *sb, int cp)
{
	unsigned c = (unsigned)cp;

	if (cp <= 0)
		c = 0xFFFD; /* NUL and the -1 of a trailing backslash */
	if (c < 0x80) {
		strbuf_addch(sb, (int)c);
	} else if (c < 0x800) {
		strbuf_addch(sb, (int)(0xC0 | (c >> 6)));
		strbuf_addch(sb, (int)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		strbuf_addch(sb, (int)(0xE0 | (c >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((c >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (c & 0x3F)));
	} else {
		strbuf_addch(sb, (int)(0xF0 | (c >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((c >> 12) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | ((c >> 6) & 0x3F)));
		strbuf_addch(sb, (int)(0x80 | (c & 0x3F)));
	}
}

/* Read a character and count lines ("\r\n" counts once). */
static int
rdl(struct tok *t)
{
	int c = rd(t);

	if (c == '\n')
		t->line++;
	else if (c == '\r' && !(t->p < t->end && *t->p == '\n'))
		t->line++;
	return c;
}

/* Skip to the end of a line comment; the newline stays for the caller. */
static int
skip_line(struct tok *t)
{
	int c;

	while ((c = rdl(t)) != '\n' && c != '\r' && c >= 0)
		;
	return c;
}

/*
 * StreamTokenizer.nextToken() with eolIsSignificant(false) (the ConfigFile
 * parser skips end-of-line tokens anyway).
 */
static int
next_token(struct tok *t)
{
	int c = t->peekc, ct, d, first, c2;

	strbuf_setlen(&t->sval, 0);
	t->cut = 0;
	if (c < 0 && c != NEED_CHAR && c != SKIP_LF)
		c = NEED_CHAR;
	if (c == NEED_CHAR || c == SKIP_LF) {
		c = rdl(t);
		if (c < 0)
			return t->ttype = TT_EOF;
	}
	t->peekc = NEED_CHAR;
	for (;;) {
		ct = ctype_of(c);
		while (ct & CT_WHITESPACE) {
			c = rdl(t);
			if (c < 0)
				return t->ttype = TT_EOF;
			ct = ctype_of(c);
		}
		t->tline = t->line;
		if (ct & CT_DIGIT) {
			if (c == '-') {
				c = rdl(t);
				if (c != '.' && (c < '0' || c > '9')) {
					t->peekc = c;
					return t->ttype = '-';
				}
			}
			while (c == '.' || (c >= '0' && c <= '9'))
				c = rdl(t);
			t->peekc = c;
			return t->ttype = TT_NUMBER;
		}
		if (ct & CT_ALPHA) {
			do {
				add_cp(&t->sval, c);
				c = rdl(t);
				ct = c < 0 ? CT_WHITESPACE : ctype_of(c);
			} while (ct & (CT_ALPHA | CT_DIGIT));
			t->peekc = c;
			t->cut = c == '/';
			return t->ttype = TT_WORD;
		}
		if (ct & CT_QUOTE) {
			int q = c;

			d = rdl(t);
			while (d >= 0 && d != q && d != '\n' && d != '\r') {
				if (d == '\\') {
					c = rdl(t);
					first = c;
					if (c >= '0' && c <= '7') {
						c = c - '0';
						c2 = rdl(t);
						if (c2 >= '0' && c2 <= '7') {
							c = (c << 3) +
							    (c2 - '0');
							c2 = rdl(t);
							if (c2 >= '0' &&
							    c2 <= '7' &&
							    first <= '3') {
								c = (c << 3) +
								    (c2 - '0');
								d = rdl(t);
							} else {
								d = c2;
							}
						} else {
							d = c2;
						}
					} else {
						c = c == 'a' ? 7 :
						    c == 'b' ? '\b' :
						    c == 'f' ? 0xC :
						    c == 'n' ? '\n' :
						    c == 'r' ? '\r' :
						    c == 't' ? '\t' :
						    c == 'v' ? 0xB :
						               c;
						d = rdl(t);
					}
				} else {
					c = d;
					d = rdl(t);
				}
				add_cp(&t->sval, c);
			}
			t->peekc = d == q ? NEED_CHAR : d;
			return t->ttype = q;
		}
		if (c == '/') {
			c = rdl(t);
			if (c == '*') {
				int prev = 0;

				while ((c = rdl(t)) != '/' || prev != '*') {
					if (c < 0)
						return t->ttype = TT_EOF;
					prev = c;
				}
				c = rdl(t);
				if (c < 0)
					return t->ttype = TT_EOF;
				continue;
			}
			/*
			 * "//" and a lone '/' (the default comment
			 * character) both run to the end of the line; like
			 * the JDK, the character after a lone '/' is not
			 * looked at, even when it is a newline.
			 */
			c = skip_line(t);
			if (c < 0)
				return t->ttype = TT_EOF;
			continue;
		}
		return t->ttype = c;
	}
}

static const char *
describe(const struct tok *t, char *buf, size_t n)
{
	switch (t->ttype) {
	case TT_EOF:
		return "end of file";
	case TT_NUMBER:
		return "a number";
	case TT_WORD:
		snprintf(buf, n, "'%.60s'", t->sval.buf);
		return buf;
	case '"':
		return "a quoted string";
	case '\'':
		return "a single-quoted string";
	default:
		if (t->ttype >= 32 && t->ttype < 127)
			snprintf(buf, n, "'%c'", t->ttype);
		else
			snprintf(buf, n, "character U+%04X",
			    (unsigned)t->ttype);
		return buf;
	}
}

static int
fail(struct tok *t, const char *expect)
{
	char buf[96];

	if (t->ttype == TT_EOF)
		return rp_diag_fail(t->d, RP_EPARSE, t->file, t->line,
		    "expected %s, read end of file", expect);
	return rp_diag_fail(t->d, RP_EPARSE, t->file, t->tline,
	    "expected %s, found %s", expect, describe(t, buf, sizeof(buf)));
}

/* A word or double-quoted string, copied; advances. */
static int
match_value(struct tok *t, struct arena *a, const char *expect,
    const char **out, int *quoted, int *cut)
{
	if (t->ttype != TT_WORD && t->ttype != '"')
		return fail(t, expect);
	*out = arena_strndup(a, t->sval.buf, t->sval.len);
	if (quoted != NULL)
		*quoted = t->ttype == '"';
	if (cut != NULL)
		*cut = t->ttype == TT_WORD && t->cut;
	next_token(t);
	return 0;
}

static int
match_char(struct tok *t, int c)
{
	char what[4] = { '\'', (char)c, '\'', '\0' };

	if (t->ttype != c)
		return fail(t, what);
	next_token(t);
	return 0;
}

void
zk_jaas_init(struct zk_jaas *j)
{
	memset(j, 0, sizeof(*j));
	arena_init(&j->arena, 0);
}

void
zk_jaas_release(struct zk_jaas *j)
{
	arena_release(&j->arena);
	memset(j, 0, sizeof(*j));
}

const char *
zk_jaas_flag_name(enum zk_jaas_flag f)
{
	switch (f) {
	case ZK_JAAS_REQUIRED:
		return "required";
	case ZK_JAAS_REQUISITE:
		return "requisite";
	case ZK_JAAS_SUFFICIENT:
		return "sufficient";
	case ZK_JAAS_OPTIONAL:
		return "optional";
	}
	return "?";
}

static int
parse_flag(const char *s, enum zk_jaas_flag *f)
{
	static const char *const names[] = { "REQUIRED", "REQUISITE",
		"SUFFICIENT", "OPTIONAL" };
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		for (k = 0; names[i][k] != '\0'; k++) {
			char c = s[k];

			if (c >= 'a' && c <= 'z')
				c = (char)(c - 'a' + 'A');
			if (c != names[i][k])
				break;
		}
		if (names[i][k] == '\0' && s[k] == '\0') {
			*f = (enum zk_jaas_flag)i;
			return 0;
		}
	}
	return -1;
}

/* Growable arrays built in malloc'ed memory, then moved to the arena. */
struct builder {
	struct zk_jaas_option *opts;
	size_t nopts, aopts;
	struct zk_jaas_module *mods;
	size_t nmods, amods;
};

static int
parse_entry(struct tok *t, struct zk_jaas *j, struct zk_jaas_section *sec,
    size_t *items)
{
	struct builder b = { 0 };
	const char *flag = NULL;
	int err;

	if (t->ttype != TT_WORD && t->ttype != '"') {
		err = fail(t, "a section name");
		goto out;
	}
	sec->name = arena_strndup(&j->arena, t->sval.buf, t->sval.len);
	sec->line = t->tline;
	next_token(t);
	if ((err = match_char(t, '{')) != 0)
		goto out;
	while (t->ttype != '}') {
		struct zk_jaas_module m = { .line = t->tline };

		if (++*items > ZK_JAAS_MAX_ITEMS) {
			err = rp_diag_fail(t->d, RP_ELIMIT, t->file, t->tline,
			    "more than %d sections, modules and options",
			    ZK_JAAS_MAX_ITEMS);
			goto out;
		}
		if ((err = match_value(t, &j->arena,
		         "a login module class name", &m.cls, NULL, NULL)) != 0)
			goto out;
		if ((err = match_value(t, &j->arena,
		         "a control flag (required, requisite, sufficient or optional)",
		         &flag, NULL, NULL)) != 0)
			goto out;
		if (parse_flag(flag, &m.flag) != 0) {
			err = rp_diag_fail(t->d, RP_EPARSE, t->file, m.line,
			    "invalid control flag '%.40s' (required, requisite, sufficient or optional)",
			    flag);
			goto out;
		}
		b.nopts = 0;
		while (t->ttype != ';') {
			struct zk_jaas_option o = { .line = t->tline };

			if (++*items > ZK_JAAS_MAX_ITEMS) {
				err = rp_diag_fail(t->d, RP_ELIMIT, t->file,
				    t->tline,
				    "more than %d sections, modules and options",
				    ZK_JAAS_MAX_ITEMS);
				goto out;
			}
			if ((err = match_value(t, &j->arena,
			         "an option name or ';'", &o.key, NULL,
			         NULL)) != 0)
				goto out;
			if ((err = match_char(t, '=')) != 0)
				goto out;
			if ((err = match_value(t, &j->arena,
			         "an option value (a word or a \"quoted string\")",
			         &o.value, &o.quoted, &o.truncated)) != 0)
				goto out;
			ALLOC_GROW(b.opts, b.nopts + 1, b.aopts);
			b.opts[b.nopts++] = o;
		}
		next_token(t);
		m.nopts = b.nopts;
		m.opts = b.nopts == 0 ?
		    NULL :
		    (struct zk_jaas_option *)arena_memdup(&j->arena, b.opts,
		        b.nopts * sizeof(*b.opts));
		ALLOC_GROW(b.mods, b.nmods + 1, b.amods);
		b.mods[b.nmods++] = m;
	}
	next_token(t);
	if ((err = match_char(t, ';')) != 0)
		goto out;
out:
	sec->nmods = b.nmods;
	sec->mods = b.nmods == 0 ?
	    NULL :
	    (struct zk_jaas_module *)arena_memdup(&j->arena, b.mods,
	        b.nmods * sizeof(*b.mods));
	free(b.opts);
	free(b.mods);
	return err;
}

int
zk_jaas_parse(struct zk_jaas *j, const char *data, size_t len, const char *file,
    struct rp_diag *d)
{
	struct tok t = { .p = (const unsigned char *)data,
		.end = (const unsigned char *)data + len,
		.line = 1,
		.peekc = NEED_CHAR,
		.d = d,
		.file = file };
	struct zk_jaas_section *secs = NULL;
	size_t nsecs = 0, asecs = 0, items = 0, i;
	int err = 0;

	strbuf_init(&t.sval, 0);
	next_token(&t);
	while (t.ttype != TT_EOF) {
		struct zk_jaas_section sec = { 0 };

		if (++items > ZK_JAAS_MAX_ITEMS) {
			err = rp_diag_fail(d, RP_ELIMIT, file, t.tline,
			    "more than %d sections, modules and options",
			    ZK_JAAS_MAX_ITEMS);
			break;
		}
		err = parse_entry(&t, j, &sec, &items);
		if (err != 0)
			break;
		for (i = 0; i < nsecs; i++) {
			if (strcmp(secs[i].name, sec.name) == 0) {
				err = rp_diag_fail(d, RP_EPARSE, file, sec.line,
				    "section '%.60s' appears twice (first at line %u): the JVM refuses the file",
				    sec.name, secs[i].line);
				break;
			}
		}
		if (err != 0)
			break;
		ALLOC_GROW(secs, nsecs + 1, asecs);
		secs[nsecs++] = sec;
	}
	j->nsecs = nsecs;
	j->secs = nsecs == 0 ? NULL :
	                       (struct zk_jaas_section *)arena_memdup(&j->arena,
	                           secs, nsecs * sizeof(*secs));
	free(secs);
	strbuf_release(&t.sval);
	return err;
}

const struct zk_jaas_section *
zk_jaas_find(const struct zk_jaas *j, const char *name)
{
	size_t i;

	for (i = 0; i < j->nsecs; i++)
		if (strcmp(j->secs[i].name, name) == 0)
			return &j->secs[i];
	return NULL;
}

const struct zk_jaas_option *
zk_jaas_opt(const struct zk_jaas_module *m, const char *key)
{
	size_t i;

	for (i = m->nopts; i-- > 0;)
		if (strcmp(m->opts[i].key, key) == 0)
			return &m->opts[i];
	return NULL;
}
