/*
 * ini.h - INI files as oslo.config reads them (nova.conf, keystone.conf, ...).
 *
 * The rules follow oslo_config/iniparser.py: trailing whitespace is
 * stripped; a line whose first character is a blank continues the value of
 * the assignment above it (joined with '\n'); a blank line ends that value;
 * a line whose first character is '#' or ';' is a comment, and there are no
 * inline comments; "key = value" splits at the first '=' or ':', whichever
 * comes first, trims both sides and drops one pair of matching quotes around
 * the value; "[name]" opens a section.  Section names are compared in lower
 * case except DEFAULT, which only matches when written in upper case
 * ("[default]" is another section).  Key names are case-sensitive.
 *
 * Every occurrence of a key is kept with its file and line; the option's
 * type decides which counts (ini_get() for ordinary options, where the last
 * file that sets the option wins and within it the last line, ini_next()
 * for multi-valued ones).  oslo.config does not copy [DEFAULT] into other
 * sections; an option is looked up under its own name and then under its
 * deprecated names (struct ini_name lists).
 *
 * Where oslo.config would refuse the file, the parser records an error with
 * file and line and carries on with the next line, so that the rest of the
 * file can still be evaluated.  Error messages never quote the line: a
 * malformed line may hold a password.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_UTIL_INI_H
#define RAMPART_UTIL_INI_H

#include <stddef.h>

#include "util/compat.h"

/* Limits: entries over all files, errors kept per file. */
#define INI_MAX_ENTRIES 200000
#define INI_MAX_ERRORS 64

struct ini_entry {
	char *section; /* normalised: "DEFAULT" or lower case */
	char *key;
	char *value;   /* continuation lines joined with '\n' */
	size_t file;   /* index into ini.files */
	unsigned line; /* line of the key */
};

struct ini_error {
	size_t file;
	unsigned line;
	char *msg;
};

struct ini {
	char **files; /* names as given to ini_parse(), in parse order */
	size_t nfiles, files_alloc;
	struct ini_entry *entries;
	size_t nentries, entries_alloc;
	struct ini_error *errors;
	size_t nerrors, errors_alloc;
	int truncated; /* INI_MAX_ENTRIES was reached */
};

/* An option name: section (as written in code) and key. */
struct ini_name {
	const char *section;
	const char *key;
};

void ini_init(struct ini *ini);
void ini_release(struct ini *ini);

/*
 * Parse len bytes of buf as file name (copied), after the files parsed
 * before.  Returns the number of errors this file added (0 when clean).
 */
size_t ini_parse(struct ini *ini, const char *name, const char *buf,
    size_t len);

/* Normalise a section name as oslo.config compares it (arena-free copy). */
char *ini_section_norm(const char *name);

/*
 * The entry that sets the option for an ordinary (single-valued) option:
 * names[0] is its current name, names[1..n-1] its deprecated names.  The
 * last file that holds any of the names wins; within that file the current
 * name beats deprecated ones and the last line wins.  NULL when no file
 * sets it.  Borrowed until ini_release().
 */
const struct ini_entry *ini_get(const struct ini *ini,
    const struct ini_name *names, size_t n);

/* ini_get() for one name. */
const struct ini_entry *ini_get1(const struct ini *ini, const char *section,
    const char *key);

/*
 * The occurrences of section/key in parse order, for multi-valued options
 * and for reading every line: the entry after prev (NULL for the first).
 */
const struct ini_entry *ini_next(const struct ini *ini, const char *section,
    const char *key, const struct ini_entry *prev);

/* True when some file has a section of that (normalised) name. */
int ini_has_section(const struct ini *ini, const char *section);

/*
 * oslo.config booleans: 1/t/true/on/y/yes and 0/f/false/off/n/no, any case.
 * Returns 0 with *out set, or RP_EINVAL.
 */
int ini_bool(const char *s, int *out /* OUT */) RP_MUST_CHECK;

/*
 * An integer as oslo.config's IntOpt accepts it (optional sign, digits,
 * surrounding blanks).  Returns 0, RP_EINVAL or RP_ERANGE.
 */
int ini_long(const char *s, long *out /* OUT */) RP_MUST_CHECK;

#endif
