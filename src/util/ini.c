/*
 * ini.c - oslo.config INI parsing (see ini.h for the rules).
 *
 * SPDX-License-Identifier: MIT
 */
#include "util/ini.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/strbuf.h"
#include "util/xmalloc.h"
#include "util/banned.h"

void
ini_init(struct ini *ini)
{
	memset(ini, 0, sizeof(*ini));
}

void
ini_release(struct ini *ini)
{
	size_t i;

	for (i = 0; i < ini->nfiles; i++)
		free(ini->files[i]);
	for (i = 0; i < ini->nentries; i++) {
		free(ini->entries[i].section);
		free(ini->entries[i].key);
		free(ini->entries[i].value);
	}
	for (i = 0; i < ini->nerrors; i++)
		free(ini->errors[i].msg);
	free(ini->files);
	free(ini->entries);
	free(ini->errors);
	ini_init(ini);
}

char *
ini_section_norm(const char *name)
{
	char *s = xstrdup(name);
	char *p;

	if (strcmp(s, "DEFAULT") == 0)
		return s;
	for (p = s; *p != '\0'; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

/* State of one ini_parse() call. */
struct ini_parser {
	struct ini *ini;
	size_t file;
	size_t nerr;      /* errors of this file */
	char *section;    /* current section (normalised), or NULL */
	struct strbuf key;   /* pending assignment, when have_key */
	struct strbuf value;
	int have_key;
	unsigned key_line;
};

static void RP_PRINTF(3, 4)
ini_err(struct ini_parser *p, unsigned line, const char *fmt, ...)
{
	struct ini *ini = p->ini;
	struct ini_error *e;
	va_list ap;

	p->nerr++;
	if (p->nerr > INI_MAX_ERRORS)
		return;
	ALLOC_GROW(ini->errors, ini->nerrors + 1, ini->errors_alloc);
	e = &ini->errors[ini->nerrors++];
	e->file = p->file;
	e->line = line;
	if (p->nerr == INI_MAX_ERRORS) {
		e->msg = xasprintf("more than %d errors; the rest of the "
				   "file is not reported",
		    INI_MAX_ERRORS - 1);
		return;
	}
	va_start(ap, fmt);
	e->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

static void
ini_add(struct ini_parser *p, const char *key, const char *value,
    unsigned line)
{
	struct ini *ini = p->ini;
	struct ini_entry *e;

	if (ini->nentries >= INI_MAX_ENTRIES) {
		if (!ini->truncated)
			ini_err(p, line, "more than %d settings; the rest "
					 "is ignored",
			    INI_MAX_ENTRIES);
		ini->truncated = 1;
		return;
	}
	ALLOC_GROW(ini->entries, ini->nentries + 1, ini->entries_alloc);
	e = &ini->entries[ini->nentries++];
	e->section = xstrdup(p->section);
	e->key = key != NULL ? xstrdup(key) : NULL;
	e->value = value != NULL ? xstrdup(value) : NULL;
	e->file = p->file;
	e->line = line;
}

/* Hand the pending assignment over to the entry list. */
static void
ini_flush(struct ini_parser *p)
{
	if (!p->have_key)
		return;
	ini_add(p, p->key.buf, p->value.buf, p->key_line);
	p->have_key = 0;
	strbuf_reset(&p->key);
	strbuf_reset(&p->value);
}

static void
ini_section_line(struct ini_parser *p, const char *line, size_t len,
    unsigned lineno)
{
	char *name;

	/* iniparser.py: the last character must be ']', the name is taken
	 * verbatim (blanks included) and must not be empty. */
	if (line[len - 1] != ']') {
		ini_err(p, lineno, "section header without a closing ']'");
		return;
	}
	if (len <= 2) {
		ini_err(p, lineno, "empty section name");
		return;
	}
	name = xstrndup(line + 1, len - 2);
	free(p->section);
	p->section = ini_section_norm(name);
	free(name);
	ini_add(p, NULL, NULL, lineno);
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

static void
ini_assign_line(struct ini_parser *p, const char *line, size_t len,
    unsigned lineno)
{
	const char *eq = memchr(line, '=', len);
	const char *colon = memchr(line, ':', len);
	const char *sep, *k, *ke, *v, *ve;

	if (eq == NULL && colon == NULL) {
		ini_err(p, lineno, "neither '=' nor ':' in a setting line");
		return;
	}
	sep = colon == NULL || (eq != NULL && eq < colon) ? eq : colon;
	k = line;
	ke = sep;
	while (k < ke && is_blank((unsigned char)*k))
		k++;
	while (ke > k && is_blank((unsigned char)ke[-1]))
		ke--;
	v = sep + 1;
	ve = line + len;
	while (v < ve && is_blank((unsigned char)*v))
		v++;
	while (ve > v && is_blank((unsigned char)ve[-1]))
		ve--;
	if (ve > v && (*v == '"' || *v == '\'') && ve[-1] == *v) {
		/* iniparser.py drops the pair; a lone quote becomes "". */
		v++;
		if (ve > v)
			ve--;
	}
	if (ke == k) {
		ini_err(p, lineno, "setting without a key name");
		return;
	}
	if (p->section == NULL) {
		ini_err(p, lineno, "setting before the first section header");
		return;
	}
	strbuf_add(&p->key, k, (size_t)(ke - k));
	strbuf_add(&p->value, v, (size_t)(ve - v));
	p->have_key = 1;
	p->key_line = lineno;
}

size_t
ini_parse(struct ini *ini, const char *name, const char *buf, size_t len)
{
	struct ini_parser p;
	const char *cur = buf, *end = buf + len;
	unsigned lineno = 0;

	memset(&p, 0, sizeof(p));
	p.ini = ini;
	strbuf_init(&p.key, 0);
	strbuf_init(&p.value, 0);
	ALLOC_GROW(ini->files, ini->nfiles + 1, ini->files_alloc);
	p.file = ini->nfiles;
	ini->files[ini->nfiles++] = xstrdup(name);

	while (cur < end) {
		const char *nl = memchr(cur, '\n', (size_t)(end - cur));
		const char *le = nl != NULL ? nl : end;
		size_t n;

		lineno++;
		n = (size_t)(le - cur);
		if (memchr(cur, '\0', n) != NULL) {
			ini_err(&p, lineno, "NUL byte in the line");
			ini_flush(&p);
			goto next;
		}
		while (n > 0 && (is_blank((unsigned char)cur[n - 1]) ||
				    cur[n - 1] == '\n'))
			n--;
		if (n == 0) {
			/* A blank line ends a multi-line value. */
			ini_flush(&p);
			goto next;
		}
		if (cur[0] == ' ' || cur[0] == '\t') {
			const char *s = cur;

			if (!p.have_key) {
				ini_err(&p, lineno,
				    "indented line without a setting above "
				    "it to continue");
				goto next;
			}
			while (is_blank((unsigned char)*s))
				s++;
			strbuf_addch(&p.value, '\n');
			strbuf_add(&p.value, s, (size_t)(cur + n - s));
			goto next;
		}
		ini_flush(&p);
		if (cur[0] == '[')
			ini_section_line(&p, cur, n, lineno);
		else if (cur[0] != '#' && cur[0] != ';')
			ini_assign_line(&p, cur, n, lineno);
next:
		if (nl == NULL)
			break;
		cur = nl + 1;
	}
	ini_flush(&p);
	free(p.section);
	strbuf_release(&p.key);
	strbuf_release(&p.value);
	return p.nerr;
}

static int
entry_is(const struct ini_entry *e, const char *section, const char *key)
{
	return e->key != NULL && strcmp(e->key, key) == 0 &&
	    strcmp(e->section, section) == 0;
}

const struct ini_entry *
ini_get(const struct ini *ini, const struct ini_name *names, size_t n)
{
	const struct ini_entry *best = NULL;
	size_t best_name = 0, i, j;
	char **norm;

	if (n == 0)
		return NULL;
	norm = xcalloc(n, sizeof(*norm));
	for (j = 0; j < n; j++)
		norm[j] = ini_section_norm(names[j].section);
	/* Walk backwards: the first file met is the last parsed. */
	for (i = ini->nentries; i-- > 0;) {
		const struct ini_entry *e = &ini->entries[i];

		if (best != NULL && e->file != best->file)
			break;
		for (j = 0; j < n; j++) {
			if (!entry_is(e, norm[j], names[j].key))
				continue;
			if (best == NULL || j < best_name) {
				best = e;
				best_name = j;
			}
			break;
		}
	}
	for (j = 0; j < n; j++)
		free(norm[j]);
	free(norm);
	return best;
}

const struct ini_entry *
ini_get1(const struct ini *ini, const char *section, const char *key)
{
	struct ini_name name = { section, key };

	return ini_get(ini, &name, 1);
}

const struct ini_entry *
ini_next(const struct ini *ini, const char *section, const char *key,
    const struct ini_entry *prev)
{
	size_t i = prev == NULL ? 0 : (size_t)(prev - ini->entries) + 1;
	const struct ini_entry *r = NULL;
	char *norm = ini_section_norm(section);

	for (; i < ini->nentries; i++) {
		if (entry_is(&ini->entries[i], norm, key)) {
			r = &ini->entries[i];
			break;
		}
	}
	free(norm);
	return r;
}

int
ini_has_section(const struct ini *ini, const char *section)
{
	char *norm = ini_section_norm(section);
	int found = 0;
	size_t i;

	for (i = 0; i < ini->nentries && !found; i++)
		found = strcmp(ini->entries[i].section, norm) == 0;
	free(norm);
	return found;
}

int
ini_bool(const char *s, int *out)
{
	static const char *const yes[] = { "1", "t", "true", "on", "y", "yes" };
	static const char *const no[] = { "0", "f", "false", "off", "n", "no" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return RP_EINVAL;
}

int
ini_long(const char *s, long *out)
{
	char *end;
	long v;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0' || (!isdigit((unsigned char)*s) && *s != '-' &&
			      *s != '+'))
		return RP_EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s)
		return RP_EINVAL;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0')
		return RP_EINVAL;
	if (errno == ERANGE)
		return RP_ERANGE;
	*out = v;
	return 0;
}
