/*
 * props.h - java.util.Properties files (zoo.cfg and its dynamic file).
 *
 * ZooKeeper reads zoo.cfg with Properties.load(InputStream): bytes are
 * ISO-8859-1; a logical line may continue over natural lines ending in an
 * odd number of backslashes (leading whitespace of the continuation is
 * dropped); lines whose first non-blank character is '#' or '!' are
 * comments (and never continue); the key ends at the first unescaped '=',
 * ':' or blank, one '=' or ':' may follow blanks; escapes are \t \n \r \f,
 * \uXXXX and "\c" for any other c; a malformed \u escape makes the whole
 * load fail.  This parser follows the JDK's LineReader step by step so that
 * rampart reads exactly the keys and values the server reads.
 *
 * Keys and values are converted to UTF-8.  A U+0000 character (only
 * possible through \u0000) becomes U+FFFD so strings stay C strings.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef RAMPART_ZK_PROPS_H
#define RAMPART_ZK_PROPS_H

#include <stddef.h>

#include "util/arena.h"
#include "util/compat.h"
#include "util/err.h"

#define ZK_PROPS_MAX_ENTRIES 100000

struct zk_prop {
	const char *key;   /* as Properties returns it (not trimmed) */
	const char *value; /* as Properties returns it (not trimmed) */
	unsigned line;     /* natural line where the logical line starts */
	unsigned col;      /* column of the key */
};

struct zk_props {
	struct zk_prop *v; /* every entry in file order, duplicates kept */
	size_t n, alloc;
};

void zk_props_init(struct zk_props *p);
void zk_props_release(struct zk_props *p);

/*
 * Parse data (len bytes) as a Properties file and append its entries to p;
 * strings are allocated from a.  A malformed \uXXXX escape is RP_EPARSE
 * with file and line in d (the JVM refuses the whole file then); more than
 * ZK_PROPS_MAX_ENTRIES entries is RP_ELIMIT.
 */
int zk_props_parse(struct zk_props *p, struct arena *a, const char *data,
    size_t len, const char *file, struct rp_diag *d) RP_MUST_CHECK;

/*
 * The entry that wins for key (the last one whose key equals key after
 * Java's String.trim()), or NULL.
 */
const struct zk_prop *zk_props_get(const struct zk_props *p, const char *key);

/*
 * Java's String.trim(): a copy of s without leading and trailing characters
 * <= U+0020, from a.
 */
const char *zk_java_trim(struct arena *a, const char *s);

#endif
