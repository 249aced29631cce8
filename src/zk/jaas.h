/*
 * jaas.h - JAAS login configuration files (jaas.conf).
 *
 * The grammar is the JDK's default ConfigFile:
 *
 *   Name {
 *       module.Class  required|requisite|sufficient|optional
 *           key=value key="quoted value" ... ;
 *   };
 *
 * read as UTF-8 through java.io.StreamTokenizer with the JDK's settings,
 * which rampart reproduces exactly because they surprise people:
 *  - comments are C block comments and // line comments, and a lone '/'
 *    outside quotes also starts a comment to the end of the line, so an
 *    unquoted keyTab=/etc/zk.keytab breaks the entry and an unquoted
 *    principal=zookeeper/host@REALM silently becomes "zookeeper";
 *  - '#' is not a comment but a syntax error;
 *  - unquoted values are words of letters, digits, '.', '-', '_', '$' and
 *    '*' that do not start with a digit, '.' or '-' (a number is a syntax
 *    error); single quotes are a syntax error;
 *  - a quoted string ends at the closing quote or at the end of the line
 *    and knows the escapes \n \t \b \f \r \a \v, octal and "\c";
 *  - a section name may appear only once.
 * Option values may hold ${property} references, which the JVM expands;
 * rampart keeps them as written.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_JAAS_H
#define RAMPART_ZK_JAAS_H

#include <stddef.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"

#define ZK_JAAS_MAX_ITEMS 10000 /* sections, modules and options in all */

enum zk_jaas_flag {
	ZK_JAAS_REQUIRED,
	ZK_JAAS_REQUISITE,
	ZK_JAAS_SUFFICIENT,
	ZK_JAAS_OPTIONAL,
};

struct zk_jaas_option {
	const char *key;
	const char *value; /* decoded; may hold a password: never print */
	unsigned line;
	int quoted;    /* the value was a quoted string */
	int truncated; /* an unquoted value was cut by a '/' comment */
};

struct zk_jaas_module {
	const char *cls;
	enum zk_jaas_flag flag;
	unsigned line;
	struct zk_jaas_option *opts;
	size_t nopts;
};

struct zk_jaas_section {
	const char *name;
	unsigned line;
	struct zk_jaas_module *mods;
	size_t nmods;
};

struct zk_jaas {
	struct arena arena; /* every string and array */
	struct zk_jaas_section *secs;
	size_t nsecs;
};

void zk_jaas_init(struct zk_jaas *j);
void zk_jaas_release(struct zk_jaas *j);

/*
 * Parse data (len bytes of UTF-8; invalid sequences read as U+FFFD) into
 * j.  A syntax error is RP_EPARSE with the line and the JDK's complaint in
 * d; the sections before it are kept (the JVM would reject the whole file).
 * Too many items is RP_ELIMIT.
 */
int zk_jaas_parse(struct zk_jaas *j, const char *data, size_t len,
    const char *file, struct rp_diag *d) RP_MUST_CHECK;

/* The section with this name, or NULL. */
const struct zk_jaas_section *zk_jaas_find(const struct zk_jaas *j,
    const char *name);

/* The option's value (the last one given, as the JDK's HashMap keeps). */
const struct zk_jaas_option *zk_jaas_opt(const struct zk_jaas_module *m,
    const char *key);

const char *zk_jaas_flag_name(enum zk_jaas_flag f);

#endif
